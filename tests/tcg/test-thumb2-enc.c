/*
 * The Thumb-2 encoder against GNU as: the build assembles every case of
 * thumb2-cases.h with arm-none-eabi-as -mthumb -mcpu=cortex-m3 and copies
 * .text out with objcopy (argv[1]); each encoder call must write exactly
 * the assembler's halfwords, in order. Also the code buffer's bookkeeping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tcg/thumb2/thumb2.h"

static const char *bin_path;

typedef struct T2Case {
    const char *text;
} T2Case;

#define T2CASE(text, call) {text},
static T2Case cases[] = {
#include "thumb2-cases.h"
};
#undef T2CASE

static void run_case(TCGContext *s, unsigned i)
{
    unsigned n = 0;
#define T2CASE(text, call)                                                     \
    if (n++ == i) {                                                            \
        (void)(call);                                                          \
        return;                                                                \
    }
#include "thumb2-cases.h"
#undef T2CASE
    fail_msg("no case %u", i);
}

static void test_encoder_matches_gnu_as(void **state)
{
    static uint8_t ref[65536];
    tcg_insn_unit buf[16];
    FILE *f = fopen(bin_path, "rb");
    size_t len, pos = 0;
    unsigned bad = 0;

    assert_non_null(f);
    len = fread(ref, 1, sizeof(ref), f);
    fclose(f);
    assert_true(len > 0 && len < sizeof(ref));
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        TCGContext s;
        size_t n;
        tcg_ctx_init(&s, buf, 16);
        run_case(&s, i);
        assert_false(s.overflow);
        n = (size_t)(s.code_ptr - buf) * 2;
        if (pos + n > len || memcmp(ref + pos, buf, n)) {
            printf("mismatch: '%s': encoder", cases[i].text);
            for (size_t k = 0; k < n / 2; k++) {
                printf(" %04x", buf[k]);
            }
            printf(", as");
            for (size_t k = 0; k < n && pos + k + 1 < len; k += 2) {
                printf(" %04x", ref[pos + k] | ref[pos + k + 1] << 8);
            }
            printf("\n");
            bad++;
        }
        pos += n;
    }
    assert_int_equal(bad, 0);
    assert_int_equal(pos, len); /* every assembled byte was matched */
}

/* values the modified immediate cannot hold, and the 32-bit fallback */
static void test_imm12_and_movi(void **state)
{
    tcg_insn_unit buf[8];
    TCGContext s;

    assert_int_equal(tcg_t2_imm12(0x101), -1);
    assert_int_equal(tcg_t2_imm12(0xc0000003), -1);
    assert_int_equal(tcg_t2_imm12(0x00ff00fe), -1);
    assert_int_equal(tcg_t2_imm12(0), 0);
    tcg_ctx_init(&s, buf, 8);
    assert_false(
        tcg_out_dat_imm(&s, ARITH_ADD, false, TCG_REG_R0, TCG_REG_R0, 0x101));
    assert_true(s.code_ptr == buf); /* nothing written */
    tcg_out_movi32(&s, TCG_REG_R0, 0x12345678);
    assert_int_equal(s.code_ptr - buf, 4); /* MOVW + MOVT */
}

/* a full context writes nothing more and says so */
static void test_overflow(void **state)
{
    tcg_insn_unit buf[3] = {0, 0, 0xaaaa};
    TCGContext s;

    tcg_ctx_init(&s, buf, 2);
    tcg_out_movw(&s, TCG_REG_R1, 1);
    assert_false(s.overflow);
    tcg_out_nop(&s);
    assert_true(s.overflow);
    tcg_out_movw(&s, TCG_REG_R1, 1);
    assert_int_equal(s.code_ptr - buf, 2);
    assert_int_equal(buf[2], 0xaaaa);
}

/* the code buffer: TBs follow each other, a full buffer refuses, a reset
 * (tb_flush) starts again */
static void test_code_buffer(void **state)
{
    TCGContext s;
    void *a, *b;
    unsigned tbs = 0;

    tcg_code_reset();
    assert_true(tcg_code_begin(&s));
    tcg_out_nop(&s);
    a = tcg_code_commit(&s);
    assert_true(((uintptr_t)a & 1) &&
                (uintptr_t)a - 1 == (uintptr_t)tcg_code_gen_buffer);
    assert_int_equal(tcg_code_used(), 4); /* kept 4-byte aligned */
    assert_true(tcg_code_begin(&s));
    tcg_out_movi32(&s, TCG_REG_R0, 0x12345678);
    b = tcg_code_commit(&s);
    assert_int_equal((uintptr_t)b - (uintptr_t)a, 4);
    /* TBs of 1024 halfwords until one no longer fits: it is refused */
    while (tcg_code_begin(&s)) {
        for (unsigned k = 0; k < 512 && !s.overflow; k++) {
            tcg_out_b(&s, 0);
        }
        if (!tcg_code_commit(&s)) {
            break;
        }
        tbs++;
    }
    assert_true(tbs > 0);
    assert_int_equal(tbs, (tcg_code_gen_buffer_units - 4) / 1024);
    assert_true(tcg_code_used() <= tcg_code_gen_buffer_units * 2);
    /* an overflowing TB is dropped */
    tcg_code_reset();
    assert_true(tcg_code_begin(&s));
    s.code_end = s.code_ptr + 1;
    tcg_out_b(&s, 0);
    assert_null(tcg_code_commit(&s));
    assert_int_equal(tcg_code_used(), 0);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encoder_matches_gnu_as),
        cmocka_unit_test(test_imm12_and_movi),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_code_buffer),
    };
    if (argc < 2) {
        fprintf(stderr, "usage: %s CASES.bin (assembled by the build)\n",
                argv[0]);
        return 2;
    }
    bin_path = argv[1];
    return cmocka_run_group_tests(tests, NULL, NULL);
}
