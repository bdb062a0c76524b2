/*
 * Differential test of the threaded driver's inline kinds (run.c) against
 * the op handlers (exec-*.c): seeded random sequences built from the
 * instruction forms the driver runs inline (ALU in every form and size,
 * TEST, MOV, LEA, INC/DEC, shifts by an immediate, MOVZX/MOVSX, IMUL,
 * PUSH/POP, CALL/RET, and Jcc right after a flag-setting op, which the
 * translator fuses) run twice on the harness machine: once as translated, once
 * with x86_inline_kinds off so that every op calls its handler. Registers, EIP,
 * the arithmetic flags, the data area and the stack must agree. In 32-bit
 * protected mode (flat SS: the stack kinds apply) and real mode.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kinds-common.h"
#include "machine/machine-internal.h"
#include "memory/memory.h"
#include "target-i386/translate.h"
#include "tcg/tcg.h"
#include "test-host.h"

#define SEQUENCES 20000

static void diff_mode(bool pm, uint32_t seed)
{
    uint32_t s = seed;
    unsigned mismatches = 0;
    /* KINDS_N=n for a longer run by hand; KINDS_SEED_BASE=n for others */
    int count = getenv("KINDS_N") ? atoi(getenv("KINDS_N")) : SEQUENCES;

    if (getenv("KINDS_SEED_BASE")) {
        s ^= (uint32_t)atol(getenv("KINDS_SEED_BASE")) * 0x9e3779b9u;
    }
    fuzz_init();
    for (int i = 0; i < count; i++) {
        uint8_t code[FUZZ_MAX_BYTES];
        uint32_t regs_seed = kinds_rnd(&s);
        size_t len = kinds_make_sequence(&s, code, pm);
        State fast, slow;

        assert_int_equal(kinds_run_once(code, len, pm, regs_seed, true, &fast),
                         MACHINE_EXIT_HLT);
        assert_int_equal(kinds_run_once(code, len, pm, regs_seed, false, &slow),
                         MACHINE_EXIT_HLT);
        if (memcmp(&fast, &slow, offsetof(State, cc)) != 0) {
            if (mismatches++ < 3) {
                kinds_report(code, len, &fast, &slow);
                if (getenv("KINDS_TRACE")) {
                    /* the first mismatch again, traced both ways */
                    qemu_loglevel = CPU_LOG_TB_IN_ASM | CPU_LOG_TB_CPU;
                    assert_int_equal(
                        kinds_run_once(code, len, pm, regs_seed, true, &fast),
                        MACHINE_EXIT_HLT);
                    assert_int_equal(
                        kinds_run_once(code, len, pm, regs_seed, false, &slow),
                        MACHINE_EXIT_HLT);
                    qemu_loglevel = 0;
                }
            }
        }
    }
    x86_inline_kinds = true;
    tb_flush(&machine_cpu.parent_obj);
    printf("kinds-diff (%s): %d sequences, %u mismatches\n",
           pm ? "protected mode" : "real mode", count, mismatches);
    assert_int_equal(mismatches, 0);
}

/* KINDS_CODE="hex bytes" KINDS_PM=0|1 KINDS_SEED=n: one sequence, traced
 * (a reproducer from a report). */
static void test_kinds_one(void **state)
{
    const char *hex = getenv("KINDS_CODE");
    uint8_t code[FUZZ_MAX_BYTES];
    size_t len = 0;
    bool pm = getenv("KINDS_PM") && atoi(getenv("KINDS_PM"));
    uint32_t seed =
        getenv("KINDS_SEED") ? (uint32_t)atol(getenv("KINDS_SEED")) : 1;
    State fast, slow;

    (void)state;
    if (!hex) {
        skip();
    }
    while (*hex && len < sizeof(code)) {
        char *end;
        unsigned long v = strtoul(hex, &end, 16);
        if (end == hex) {
            break;
        }
        code[len++] = (uint8_t)v;
        hex = end;
    }
    fuzz_init();
    qemu_loglevel = CPU_LOG_TB_IN_ASM | CPU_LOG_TB_CPU;
    assert_int_equal(kinds_run_once(code, len, pm, seed, true, &fast),
                     MACHINE_EXIT_HLT);
    assert_int_equal(kinds_run_once(code, len, pm, seed, false, &slow),
                     MACHINE_EXIT_HLT);
    qemu_loglevel = 0;
    kinds_report(code, len, &fast, &slow);
    x86_inline_kinds = true;
    assert_memory_equal(&fast, &slow, offsetof(State, cc));
}

static void test_kinds_pm(void **state)
{
    (void)state;
    diff_mode(true, 0x1badb002u);
}

static void test_kinds_real(void **state)
{
    (void)state;
    diff_mode(false, 0xcafef00du);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds_one),
        cmocka_unit_test(test_kinds_pm),
        cmocka_unit_test(test_kinds_real),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
