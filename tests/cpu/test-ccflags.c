/*
 * Lazy condition codes: every CC_OP at every size against flags computed
 * directly from wide arithmetic.
 */
#include "cpu-fixture.h"

#define ALL (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C)

static uint32_t rng = 12345;
static uint32_t rnd(void)
{
    rng = rng * 1103515245u + 12345u;
    return (rng >> 8) ^ (rng << 13);
}

static uint32_t szp(uint32_t r, int bits)
{
    uint32_t m = bits == 32 ? 0xffffffffu : (1u << bits) - 1, f = 0;
    int ones = 0;
    r &= m;
    for (int i = 0; i < 8; i++) {
        ones += (r >> i) & 1;
    }
    if (!(ones & 1)) {
        f |= CC_P;
    }
    if (r == 0) {
        f |= CC_Z;
    }
    if (r >> (bits - 1)) {
        f |= CC_S;
    }
    return f;
}

/* reference: add/sub with carry-in through 64-bit arithmetic */
static uint32_t ref_addsub(uint32_t a, uint32_t b, uint32_t cin, int bits,
                           bool sub)
{
    uint64_t m = bits == 32 ? 0xffffffffull : (1ull << bits) - 1;
    uint64_t r = sub ? (uint64_t)(a & m) - (b & m) - cin
                     : (uint64_t)(a & m) + (b & m) + cin;
    int64_t sa = (int64_t)((a & m) << (64 - bits)) >> (64 - bits);
    int64_t sb = (int64_t)((b & m) << (64 - bits)) >> (64 - bits);
    int64_t sr = sub ? sa - sb - cin : sa + sb + cin;
    int64_t lo = -(1ll << (bits - 1)), hi = (1ll << (bits - 1)) - 1;
    uint32_t f = szp((uint32_t)r, bits);

    if (r >> bits & 1) {
        f |= CC_C;
    }
    if (sr < lo || sr > hi) {
        f |= CC_O;
    }
    if (((a ^ b ^ (uint32_t)r) & 0x10)) {
        f |= CC_A;
    }
    return f;
}

static void set(uint32_t op, uint32_t dst, uint32_t src, uint32_t src2)
{
    env->cc_op = op;
    env->cc_dst = dst;
    env->cc_src = src;
    env->cc_src2 = src2;
}

static void test_add_adc_sub_sbb(void **state)
{
    (void)state;
    for (int size = 0; size < 3; size++) {
        int bits = 8 << size;
        uint32_t m = bits == 32 ? 0xffffffffu : (1u << bits) - 1;
        for (int i = 0; i < 4000; i++) {
            uint32_t a = rnd() & m, b = rnd() & m, c = rnd() & 1;
            if (i < 16) { /* corner values */
                a = (i & 3) == 0   ? 0
                    : (i & 3) == 1 ? m
                    : (i & 3) == 2 ? m >> 1
                                   : (m >> 1) + 1;
                b = (i >> 2) == 0   ? 0
                    : (i >> 2) == 1 ? m
                    : (i >> 2) == 2 ? 1
                                    : (m >> 1) + 1;
            }
            set(CC_OP_ADDB + size, (a + b) & m, a, 0);
            assert_int_equal(cpu_cc_compute_all(env),
                             ref_addsub(a, b, 0, bits, false));
            assert_int_equal(cpu_cc_compute_c(env),
                             !!(ref_addsub(a, b, 0, bits, false) & CC_C));
            set(CC_OP_ADCB + size, (a + b + c) & m, a, c);
            assert_int_equal(cpu_cc_compute_all(env),
                             ref_addsub(a, b, c, bits, false));
            set(CC_OP_SUBB + size, (a - b) & m, b, 0);
            assert_int_equal(cpu_cc_compute_all(env),
                             ref_addsub(a, b, 0, bits, true));
            assert_int_equal(cpu_cc_compute_c(env),
                             !!(ref_addsub(a, b, 0, bits, true) & CC_C));
            set(CC_OP_SBBB + size, (a - b - c) & m, b, c);
            assert_int_equal(cpu_cc_compute_all(env),
                             ref_addsub(a, b, c, bits, true));
        }
    }
}

static void test_logic_incdec(void **state)
{
    (void)state;
    for (int size = 0; size < 3; size++) {
        int bits = 8 << size;
        uint32_t m = bits == 32 ? 0xffffffffu : (1u << bits) - 1;
        for (int i = 0; i < 2000; i++) {
            uint32_t a = rnd() & m, c = rnd() & 1;
            if (i < 4) {
                a = i == 0 ? 0 : i == 1 ? m : i == 2 ? m >> 1 : (m >> 1) + 1;
            }
            set(CC_OP_LOGICB + size, a, 0, 0);
            assert_int_equal(cpu_cc_compute_all(env), szp(a, bits));
            /* INC/DEC: like ADD/SUB 1, carry kept from before */
            set(CC_OP_INCB + size, (a + 1) & m, c, 0);
            assert_int_equal(cpu_cc_compute_all(env),
                             (ref_addsub(a, 1, 0, bits, false) & ~CC_C) | c);
            set(CC_OP_DECB + size, (a - 1) & m, c, 0);
            assert_int_equal(cpu_cc_compute_all(env),
                             (ref_addsub(a, 1, 0, bits, true) & ~CC_C) | c);
            assert_int_equal(cpu_cc_compute_c(env), c);
        }
    }
}

static void test_shifts_mul(void **state)
{
    (void)state;
    for (int size = 0; size < 3; size++) {
        int bits = 8 << size;
        uint32_t m = bits == 32 ? 0xffffffffu : (1u << bits) - 1;
        uint32_t sign = 1u << (bits - 1);
        for (int i = 0; i < 2000; i++) {
            uint32_t v = rnd() & m;
            unsigned n = 1 + rnd() % (bits - 1);
            /* SHL by n: CF = last bit out, OF = CF ^ MSB(result) */
            uint32_t before = (uint32_t)(((uint64_t)v << (n - 1)) & m);
            uint32_t r = (before << 1) & m;
            uint32_t cf = (before & sign) ? CC_C : 0;
            uint32_t of = (!!(r & sign) ^ !!cf) ? CC_O : 0;
            set(CC_OP_SHLB + size, r, (uint32_t)((uint64_t)v << (n - 1)), 0);
            assert_int_equal(cpu_cc_compute_all(env), szp(r, bits) | cf | of);
            /* SHR by n: CF = last bit out, OF = MSB of the original (n=1) */
            before = v >> (n - 1);
            r = before >> 1;
            set(CC_OP_SARB + size, r, before, 0);
            of = n == 1 && (v & sign) ? CC_O
                                      : (n == 1                  ? 0
                                         : ((before ^ r) & sign) ? CC_O
                                                                 : 0);
            assert_int_equal(cpu_cc_compute_all(env),
                             szp(r, bits) | (before & 1) | of);
            /* MUL: CF = OF = high half non-zero */
            uint32_t hi = rnd() & 1 ? 0 : rnd() & m;
            set(CC_OP_MULB + size, v, hi, 0);
            assert_int_equal(cpu_cc_compute_all(env) & (CC_C | CC_O),
                             hi ? (CC_C | CC_O) : 0);
            assert_int_equal(cpu_cc_compute_all(env) & (CC_S | CC_P),
                             szp(v, bits) & (CC_S | CC_P));
        }
    }
}

static void test_eflags_clr_roundtrip(void **state)
{
    (void)state;
    set(CC_OP_CLR, 0, 0, 0);
    assert_int_equal(cpu_cc_compute_all(env), CC_Z | CC_P);
    for (uint32_t f = 0; f < 0x1000; f += 0x3) {
        cpu_load_eflags(env, f | 0x2, ALL | DF_MASK);
        assert_int_equal(cpu_cc_compute_all(env), f & ALL);
        assert_int_equal(cpu_compute_eflags(env) & (ALL | DF_MASK),
                         f & (ALL | DF_MASK));
        assert_int_equal(env->df, (f & DF_MASK) ? -1 : 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_adc_sub_sbb),
        cmocka_unit_test(test_logic_incdec),
        cmocka_unit_test(test_shifts_mul),
        cmocka_unit_test(test_eflags_clr_roundtrip),
    };
    return cmocka_run_group_tests(tests, cpu_group_setup, NULL);
}
