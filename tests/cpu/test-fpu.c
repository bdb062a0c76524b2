/*
 * The x87 in real mode (issue 13): FNSTENV/FNSAVE/FRSTOR's real-mode
 * layouts with 20-bit linear pointers, in the 16- and 32-bit operand
 * sizes; the undocumented aliases real CPUs accept (FSTP1, FCOM2,
 * FCOMP5, FXCH4, FXCH7, FSTP8, FFREEP); #UD for encodings that are not
 * instructions (and for the P6's FCMOV/FCOMI on a Pentium); FCOMPP and
 * FUCOMPP's two pops.
 */
#include "cpu-fixture.h"

static uint16_t rd16(uint32_t a)
{
    return (uint16_t)(low_ram[a] | low_ram[a + 1] << 8);
}

static uint32_t rd32(uint32_t a)
{
    return rd16(a) | (uint32_t)rd16(a + 2) << 16;
}

static void test_real_layouts(void **state)
{
    /* DS = 1000h: the operand's linear address 10200h has bits 16-19 */
    static const uint8_t prog[] = {
        0xb8, 0x00, 0x10,             /* mov ax,1000h */
        0x8e, 0xd8,                   /* mov ds,ax */
        0xdb, 0xe3,                   /* fninit */
        0xd9, 0xe8,                   /* fld1 */
        0xd9, 0x06, 0x00, 0x02,       /* 1009: fld dword [200h] */
        0xd9, 0x36, 0x00, 0x03,       /* fnstenv [300h] (14 bytes) */
        0x66, 0xd9, 0x36, 0x20, 0x03, /* o32 fnstenv [320h] (28) */
        0xdd, 0x36, 0x00, 0x04,       /* fnsave [400h] */
        0xdd, 0x26, 0x00, 0x04,       /* frstor [400h] */
        0xd9, 0xd9,                   /* FSTP1 st(1): st1 = st0, pop */
        0xf4,
    };
    const uint32_t ip = 0x1009, dp = 0x10200;
    const uint8_t f15[4] = {0, 0, 0xc0, 0x3f}; /* 1.5f */

    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    put_bytes(0x1000, prog, sizeof(prog));
    put_bytes(dp, f15, 4);
    assert_int_equal(run_until_hlt(1000), EXCP_HLT);
    /* 16-bit real mode: IP and DP 15-0, bits 19-16 in 15-12 with FOP */
    assert_int_equal(rd16(0x10300), 0x037f);
    assert_int_equal(rd16(0x10302), 0x3000); /* TOP 6 */
    assert_int_equal(rd16(0x10304), 0x0fff); /* two valid */
    assert_int_equal(rd16(0x10306), ip);
    assert_int_equal(rd16(0x10308), 0x0106); /* D9 06 */
    assert_int_equal(rd16(0x1030a), 0x0200);
    assert_int_equal(rd16(0x1030c), 0x1000);
    /* 32-bit real mode */
    assert_int_equal(rd32(0x10320), 0xffff037f);
    assert_int_equal(rd32(0x10324), 0xffff3000);
    assert_int_equal(rd32(0x10328), 0xffff0fff);
    assert_int_equal(rd32(0x1032c), 0xffff0000 | ip);
    assert_int_equal(rd32(0x10330), 0x0106);
    assert_int_equal(rd32(0x10334), 0xffff0200);
    assert_int_equal(rd32(0x10338), 0x1000);
    /* FNSAVE: the environment, then ST0 (1.5) and ST1 (1.0) */
    assert_int_equal(rd16(0x10406), ip);
    assert_int_equal(rd32(0x10412), 0xc0000000);
    assert_int_equal(rd16(0x10416), 0x3fff);
    assert_int_equal(rd32(0x1041c), 0x80000000);
    /* FRSTOR put it back (the pointers too), FSTP1 popped once */
    assert_int_equal(env->fpstt, 7);
    assert_int_equal(env->fpregs[7].low, 0xc000000000000000ull);
    assert_int_equal(env->fpregs[7].high, 0x3fff);
    assert_int_equal(env->fptags[6], 1);
    assert_int_equal(env->fpdp, dp);
    assert_int_equal(env->fpop, 0x1d9); /* the FSTP1 */
}

static void test_aliases(void **state)
{
    static const uint8_t prog[] = {
        0xdb, 0xe3, /* fninit */
        0xd9, 0xe8, /* fld1 */
        0xd9, 0xee, /* fldz */
        0xdd, 0xc9, /* FXCH4 st1: st0 = 1, st1 = 0 */
        0xdf, 0xc9, /* FXCH7 st1: back */
        0xdc, 0xd1, /* FCOM2 st1: 0 < 1, C0 */
        0xdf, 0xe0, /* fnstsw ax */
        0x89, 0xc3, /* mov bx,ax */
        0xde, 0xd1, /* FCOMP5 st1: pop */
        0xdf, 0xd1, /* FSTP8 st1: st1 = st0 (1), pop */
        0xd9, 0xe8, /* fld1 */
        0xdf, 0xc0, /* FFREEP st0 */
        0xdf, 0xe0, /* fnstsw ax */
        0xf4,
    };

    (void)state;
    cpu_fixture_reset(X86_CPU_586);
    put_bytes(0x1000, prog, sizeof(prog));
    assert_int_equal(run_until_hlt(1000), EXCP_HLT);
    assert_int_equal(env->regs[R_EBX] & 0xffff, 0x3100);
    assert_int_equal(env->regs[R_EAX] & 0xffff, 0x0100); /* TOP 0 */
    /* FSTP8 left 1.0 in physical register 0, FFREEP freed the other */
    assert_int_equal(env->fptags[0], 0);
    assert_int_equal(env->fpregs[0].high, 0x3fff);
    for (int i = 1; i < 8; i++) {
        assert_int_equal(env->fptags[i], 1);
    }
}

/* FCOMPP (DE D9) and FUCOMPP (DA E9) pop twice; an unmasked invalid
 * (FCOMPP of a QNaN with IM clear) leaves the stack as it was. */
static void test_compare_pop_pop(void **state)
{
    static const uint8_t prog[] = {
        0xdb, 0xe3,             /* fninit */
        0xd9, 0xe8,             /* fld1 */
        0xd9, 0xee,             /* fldz */
        0xde, 0xd9,             /* fcompp: 0 < 1, C0 */
        0xdf, 0xe0,             /* fnstsw ax */
        0x89, 0xc3,             /* mov bx,ax */
        0xd9, 0xe8,             /* fld1 */
        0xd9, 0xe8,             /* fld1 */
        0xda, 0xe9,             /* fucompp: equal, C3 */
        0xdf, 0xe0,             /* fnstsw ax */
        0x89, 0xc1,             /* mov cx,ax */
        0xd9, 0x2e, 0x00, 0x03, /* fldcw [300h]: IM clear */
        0xd9, 0xe8,             /* fld1 */
        0xdd, 0x06, 0x08, 0x03, /* fld qword [308h]: a QNaN */
        0xde, 0xd9,             /* fcompp: invalid, unmasked */
        0xdf, 0xe0,             /* fnstsw ax */
        0xf4,
    };
    static const uint8_t data[16] = {
        0x7e, 0x03, 0, 0, 0, 0, 0,    0,    /* FCW 037E */
        0,    0,    0, 0, 0, 0, 0xf8, 0x7f, /* QNaN */
    };

    (void)state;
    cpu_fixture_reset(X86_CPU_686);
    put_bytes(0x1000, prog, sizeof(prog));
    put_bytes(0x300, data, sizeof(data));
    assert_int_equal(run_until_hlt(1000), EXCP_HLT);
    assert_int_equal(env->regs[R_EBX] & 0xffff, 0x0100); /* TOP 0, C0 */
    assert_int_equal(env->regs[R_ECX] & 0xffff, 0x4000); /* TOP 0, C3 */
    /* TOP 6 (nothing popped), IE, ES and B; an unmasked invalid leaves
     * the condition codes (Intel SDM, FCOM): C3 from the FUCOMPP */
    assert_int_equal(env->regs[R_EAX] & 0xffff, 0x3000 | 0xc081);
    for (int i = 0; i < 8; i++) {
        assert_int_equal(env->fptags[i], i < 6 ? 1 : 0);
    }
}

/* Each of these raises #UD: the handler (vector 6) halts at 2000h and
 * the stacked IP is the instruction's. */
static void check_ud(X86CPULevel level, const uint8_t *insn, size_t n)
{
    static const uint8_t vec6[4] = {0x00, 0x20, 0x00, 0x00};
    uint8_t code[8] = {0xdb, 0xe3}; /* fninit */

    memcpy(code + 2, insn, n);
    code[2 + n] = 0xf4;
    cpu_fixture_reset(level);
    put_bytes(0x1000, code, n + 3);
    put_bytes(6 * 4, vec6, 4);
    put_bytes(0x2000, (const uint8_t[]){0xf4}, 1);
    assert_int_equal(run_until_hlt(1000), EXCP_HLT);
    assert_int_equal(env->eip, 0x2001);
    assert_int_equal(rd16(env->regs[R_ESP] & 0xffff), 0x1002);
}

static void test_invalid(void **state)
{
    (void)state;
    check_ud(X86_CPU_686, (const uint8_t[]){0xd9, 0xd1}, 2);       /* D9 D1 */
    check_ud(X86_CPU_686, (const uint8_t[]){0xd9, 0xe2}, 2);       /* D9 E2 */
    check_ud(X86_CPU_686, (const uint8_t[]){0xd9, 0xef}, 2);       /* D9 EF */
    check_ud(X86_CPU_686, (const uint8_t[]){0xdb, 0x0e, 0, 3}, 4); /* FISTTP */
    check_ud(X86_CPU_686, (const uint8_t[]){0xdd, 0x0e, 0, 3}, 4);
    check_ud(X86_CPU_686, (const uint8_t[]){0xdb, 0xe5}, 2);
    check_ud(X86_CPU_686, (const uint8_t[]){0xdd, 0xf0}, 2);
    check_ud(X86_CPU_686, (const uint8_t[]){0xde, 0xd8}, 2); /* not FCOMPP */
    check_ud(X86_CPU_686, (const uint8_t[]){0xdf, 0xe1}, 2);
    check_ud(X86_CPU_686, (const uint8_t[]){0xdf, 0xf8}, 2);
    /* the P6's FCMOVcc, FCOMI, FUCOMI, FCOMIP and FUCOMIP on a Pentium */
    check_ud(X86_CPU_586, (const uint8_t[]){0xda, 0xc1}, 2);
    check_ud(X86_CPU_586, (const uint8_t[]){0xdb, 0xd9}, 2);
    check_ud(X86_CPU_586, (const uint8_t[]){0xdb, 0xe9}, 2);
    check_ud(X86_CPU_586, (const uint8_t[]){0xdb, 0xf1}, 2);
    check_ud(X86_CPU_586, (const uint8_t[]){0xdf, 0xe9}, 2);
    check_ud(X86_CPU_586, (const uint8_t[]){0xdf, 0xf1}, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_layouts),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_compare_pop_pop),
        cmocka_unit_test(test_invalid),
    };
    return cmocka_run_group_tests(tests, cpu_group_setup, NULL);
}
