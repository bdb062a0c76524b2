/*
 * Bounded decoder fuzz test: 20,000 seeded random byte sequences in real
 * mode and 20,000 in 32-bit protected mode, each run on the SST harness
 * machine with a small instruction budget. It asserts only that the host
 * survives and that every run ended in a known way (ran to the final HLT,
 * raised an exception, looped until the budget, shut down, or halted
 * elsewhere), and that both "ran" and "#UD" happen at all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "fuzz-common.h"
#include "memory/memory.h"
#include "test-host.h"

#define SEQUENCES 20000
#define BUDGET    200

static const char *const outcome_names[FUZZ_NR_OUTCOMES] = {
    "ran", "exception", "budget", "shutdown", "halted elsewhere",
};

/* Byte streams biased towards what decoders get wrong: prefixes, 0F
 * escapes and ModRM-heavy opcodes mixed with plain random bytes. */
static void random_sequence(uint32_t *s, uint8_t *buf, size_t *len)
{
    static const uint8_t interesting[] = {
        0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65,
        0x0f, 0x0f, 0x0f, 0x8f, 0xc6, 0xc7, 0xfe, 0xff, 0xd8, 0xdf, 0x62,
        0xc4, 0xc5, 0x8c, 0x8e, 0xf6, 0xf7, 0xd0, 0xd3, 0xc0, 0xc1,
    };
    *len = 1 + (*s % 15);
    for (size_t i = 0; i < *len; i++) {
        *s ^= *s << 13;
        *s ^= *s >> 17;
        *s ^= *s << 5;
        buf[i] = (*s & 3) == 0 ? interesting[(*s >> 8) % sizeof(interesting)]
                               : (uint8_t)(*s >> 16);
    }
}

/* fuzz_run, with bmx_fatal() caught: FUZZ_NR_OUTCOMES if it fired. */
static FuzzOutcome run_guarded(const uint8_t *buf, size_t len, bool pm,
                               uint32_t regs_seed, int *vec)
{
    jmp_buf jb;
    volatile FuzzOutcome o = FUZZ_NR_OUTCOMES;

    test_fatal_jmp = &jb;
    if (setjmp(jb) == 0) {
        o = fuzz_run(buf, len, pm, regs_seed, BUDGET, vec);
    }
    test_fatal_jmp = NULL;
    return o;
}

static void fuzz_mode(bool pm, uint32_t seed)
{
    unsigned counts[FUZZ_NR_OUTCOMES] = {0};
    unsigned vectors[256] = {0};
    unsigned fatals = 0;
    uint32_t s = seed;

    /* FUZZ_TRACE=1 prints every sequence first: the last line before a
     * crash is the reproducer. */
    bool trace = getenv("FUZZ_TRACE") != NULL;

    fuzz_init();
    for (int i = 0; i < SEQUENCES; i++) {
        uint8_t buf[FUZZ_MAX_BYTES];
        size_t len;
        int vec = -1;
        random_sequence(&s, buf, &len);
        if (trace) {
            fprintf(stderr, "%s %d:", pm ? "pm" : "rm", i);
            for (size_t j = 0; j < len; j++) {
                fprintf(stderr, " %02x", buf[j]);
            }
            fprintf(stderr, " (regs seed %08x)\n", s ^ 0x9e3779b9u);
        }
        /* An emulator fatal error (bmx_fatal) is a finding: keep the
         * reproducer, reset, go on, and fail at the end. */
        FuzzOutcome o = run_guarded(buf, len, pm, s ^ 0x9e3779b9u, &vec);
        if (o == FUZZ_NR_OUTCOMES) {
            fatals++;
            if (fatals <= 10) {
                print_message("FATAL on %s bytes", pm ? "pm" : "rm");
                for (size_t j = 0; j < len; j++) {
                    print_message(" %02x", buf[j]);
                }
                print_message(" (regs seed %08x): %s\n", s ^ 0x9e3779b9u,
                              test_fatal_msg);
            }
            continue;
        }
        counts[o]++;
        if (o == FUZZ_EXCEPTION) {
            assert_true(vec >= 0 && vec < 256);
            vectors[vec]++;
        }
    }
    print_message("%s mode, %d sequences:", pm ? "protected" : "real",
                  SEQUENCES);
    for (int o = 0; o < FUZZ_NR_OUTCOMES; o++) {
        print_message(" %s %u", outcome_names[o], counts[o]);
    }
    print_message("\n  #UD %u, #GP %u, #DE %u, #SS %u, #PF %u\n", vectors[6],
                  vectors[13], vectors[0], vectors[12], vectors[14]);
    print_message("  emulator fatal errors: %u\n", fatals);
    assert_int_equal(fatals, 0);
    assert_true(counts[FUZZ_RAN] > 0);
    assert_true(vectors[6] > 0);
}

static void test_fuzz_real_mode(void **state)
{
    (void)state;
    fuzz_mode(false, 0x12345678u);
}

static void test_fuzz_protected_mode(void **state)
{
    (void)state;
    fuzz_mode(true, 0x87654321u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fuzz_real_mode),
        cmocka_unit_test(test_fuzz_protected_mode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
