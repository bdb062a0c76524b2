/* The special operands of FPREM/FPREM1/FXTRACT and the transcendentals,
 * as the SDM's tables give them (and the host x87 confirms in fpu-diff),
 * checked without a host x87: hosted and in the board test image. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "fpu/fpu.h"

#define PZERO make_floatx80(0x0000, 0)
#define NZERO make_floatx80(0x8000, 0)
#define PINF  make_floatx80(0x7fff, 0x8000000000000000ull)
#define NINF  make_floatx80(0xffff, 0x8000000000000000ull)
#define ONE   make_floatx80(0x3fff, 0x8000000000000000ull)
#define NONE  make_floatx80(0xbfff, 0x8000000000000000ull)
#define INDEF floatx80_default_nan

static floatx80 num(int64_t v)
{
    return int64_to_floatx80(v);
}

static float_status st(void)
{
    return (float_status){float_round_nearest_even, 64, 0, false};
}

#define assert_x80(r, h, l)                                                    \
    do {                                                                       \
        floatx80 r_ = (r);                                                     \
        assert_int_equal(r_.high, (h));                                        \
        assert_int_equal(r_.low, (l));                                         \
    } while (0)
#define assert_same(r, want) assert_x80(r, (want).high, (want).low)

static void test_prem(void **state)
{
    float_status s = st();
    uint64_t q;
    bool partial;
    (void)state;

    /* 5 rem 3: truncated 2 (q=1), nearest -1 (q=2) */
    assert_same(floatx80_prem(num(5), num(3), false, &q, &partial, &s), num(2));
    assert_int_equal(q, 1);
    assert_false(partial);
    assert_same(floatx80_prem(num(5), num(3), true, &q, &partial, &s), num(-1));
    assert_int_equal(q, 2);
    /* -7 rem 2: truncated -1 (q=3); a tie, nearest even q=4: +1 */
    assert_same(floatx80_prem(num(-7), num(2), false, &q, &partial, &s),
                num(-1));
    assert_int_equal(q, 3);
    assert_same(floatx80_prem(num(-7), num(2), true, &q, &partial, &s), num(1));
    assert_int_equal(q, 4);
    assert_int_equal(s.float_exception_flags, 0);
    /* 2^100 rem 3: a partial remainder, C2=1, no quotient bits */
    floatx80_prem(make_floatx80(0x3fff + 100, 0x8000000000000000ull), num(3),
                  false, &q, &partial, &s);
    assert_true(partial);
    assert_int_equal(q, 0);
    /* invalid: infinite dividend, zero divisor; x rem inf = x */
    assert_same(floatx80_prem(PINF, num(3), false, &q, &partial, &s), INDEF);
    assert_same(floatx80_prem(num(3), NZERO, true, &q, &partial, &s), INDEF);
    assert_int_equal(s.float_exception_flags, float_flag_invalid);
    s = st();
    assert_same(floatx80_prem(num(3), NINF, false, &q, &partial, &s), num(3));
    assert_same(floatx80_prem(NZERO, num(3), false, &q, &partial, &s), NZERO);
    assert_int_equal(s.float_exception_flags, 0);
}

static void test_extract(void **state)
{
    float_status s = st();
    floatx80 sig;
    (void)state;

    assert_same(floatx80_extract(num(-12), &sig, &s), num(3));
    assert_x80(sig, 0xbfff, 0xc000000000000000ull); /* -1.5 */
    assert_int_equal(s.float_exception_flags, 0);
    /* zero: -inf and the zero, zero-divide */
    assert_same(floatx80_extract(NZERO, &sig, &s), NINF);
    assert_same(sig, NZERO);
    assert_int_equal(s.float_exception_flags, float_flag_divbyzero);
    /* the smallest denormal: 2^-16445 */
    s = st();
    assert_same(floatx80_extract(make_floatx80(0, 1), &sig, &s), num(-16445));
    assert_same(sig, ONE);
    assert_int_equal(s.float_exception_flags, float_flag_input_denormal);
    s = st();
    assert_same(floatx80_extract(NINF, &sig, &s), PINF);
    assert_same(sig, NINF);
}

static void test_log(void **state)
{
    float_status s = st();
    (void)state;

    /* log2(8) = 3: exact, but the x87 reports it inexact */
    assert_same(floatx80_yl2x(num(8), ONE, &s), num(3));
    assert_int_equal(s.float_exception_flags, float_flag_inexact);
    s = st();
    assert_same(floatx80_yl2x(ONE, num(5), &s), PZERO); /* log2(1) = +0 */
    assert_same(floatx80_yl2x(ONE, num(-5), &s), NZERO);
    assert_int_equal(s.float_exception_flags, 0);
    /* log2(+-0) = -inf: zero-divide */
    assert_same(floatx80_yl2x(NZERO, num(2), &s), NINF);
    assert_same(floatx80_yl2x(PZERO, num(-2), &s), PINF);
    assert_int_equal(s.float_exception_flags, float_flag_divbyzero);
    /* log of a negative, 0 * inf, inf * log2(1): invalid */
    s = st();
    assert_same(floatx80_yl2x(num(-2), ONE, &s), INDEF);
    assert_same(floatx80_yl2x(PZERO, PZERO, &s), INDEF);
    assert_same(floatx80_yl2x(ONE, PINF, &s), INDEF);
    assert_same(floatx80_yl2xp1(NONE, PZERO, &s), INDEF);
    assert_int_equal(s.float_exception_flags, float_flag_invalid);
    /* log2(1 + -0) = -0 exactly; log2(1 + -1) = -inf */
    s = st();
    assert_same(floatx80_yl2xp1(NZERO, num(3), &s), NZERO);
    assert_int_equal(s.float_exception_flags, 0);
    assert_same(floatx80_yl2xp1(NONE, num(3), &s), NINF);
    assert_int_equal(s.float_exception_flags, float_flag_divbyzero);
}

static void test_f2xm1(void **state)
{
    float_status s = st();
    (void)state;

    assert_same(floatx80_f2xm1(NZERO, &s), NZERO);
    assert_int_equal(s.float_exception_flags, 0);
    /* 2^1 - 1 = 1, 2^-1 - 1 = -1/2 (reported inexact, as the x87) */
    assert_same(floatx80_f2xm1(ONE, &s), ONE);
    assert_x80(floatx80_f2xm1(NONE, &s), 0xbffe, 0x8000000000000000ull);
    assert_int_equal(s.float_exception_flags, float_flag_inexact);
    /* F2XM1(+1) rounds as from just below 1, as the x87 */
    s = st();
    s.rounding_mode = float_round_to_zero;
    assert_x80(floatx80_f2xm1(ONE, &s), 0x3ffe, 0xffffffffffffffffull);
    s.rounding_mode = float_round_up;
    assert_same(floatx80_f2xm1(ONE, &s), ONE);
    assert_true(s.rounded_up);
    /* outside [-1, 1] (undefined on the hardware): 2^x - 1 */
    s = st();
    assert_same(floatx80_f2xm1(NINF, &s), NONE);
    assert_same(floatx80_f2xm1(num(3), &s), num(7));
    assert_same(floatx80_f2xm1(num(-100000), &s), NONE);
}

static void test_trig(void **state)
{
    float_status s = st();
    floatx80 sn, cs, big = make_floatx80(0x3fff + 63, 0x8000000000000000ull);
    (void)state;

    /* sin(-0) = -0, cos(-0) = 1, tan(-0) = -0, exactly */
    assert_true(floatx80_sincos(NZERO, &sn, &cs, &s));
    assert_same(sn, NZERO);
    assert_same(cs, ONE);
    assert_true(floatx80_tan(NZERO, &sn, &s));
    assert_same(sn, NZERO);
    assert_int_equal(s.float_exception_flags, 0);
    /* |a| >= 2^63: out of range, nothing written, no flags */
    sn = cs = PZERO;
    assert_false(floatx80_sincos(big, &sn, &cs, &s));
    assert_false(floatx80_tan(big, &sn, &s));
    assert_same(sn, PZERO);
    assert_int_equal(s.float_exception_flags, 0);
    /* infinities: invalid */
    assert_true(floatx80_sincos(NINF, &sn, &cs, &s));
    assert_same(sn, INDEF);
    assert_same(cs, INDEF);
    assert_int_equal(s.float_exception_flags, float_flag_invalid);
    /* sin(1): 0.8414709848078965066525 */
    s = st();
    assert_true(floatx80_sincos(ONE, &sn, NULL, &s));
    assert_x80(sn, 0x3ffe, 0xd76aa47848677021ull);
    /* the largest argument below 2^63 reduces exactly by pi66 */
    assert_true(
        floatx80_sincos(make_floatx80(0x3fff + 62, ~0ull), &sn, &cs, &s));
    assert_int_equal(s.float_exception_flags, float_flag_inexact);
}

static void test_atan2(void **state)
{
    float_status s = st();
    (void)state;

    /* the signed zeros and infinities: multiples of pi/4, no invalid */
    assert_same(floatx80_atan2(PZERO, NZERO, &s),
                make_floatx80(0x4000, 0xc90fdaa22168c235ull)); /* +pi */
    assert_same(floatx80_atan2(NZERO, PZERO, &s), NZERO);
    assert_same(floatx80_atan2(PINF, NINF, &s),
                make_floatx80(0x4000, 0x96cbe3f9990e91a8ull)); /* 3pi/4 */
    assert_same(floatx80_atan2(NINF, PINF, &s),
                make_floatx80(0xbffe, 0xc90fdaa22168c235ull)); /* -pi/4 */
    assert_same(floatx80_atan2(num(-1), PZERO, &s),
                make_floatx80(0xbfff, 0xc90fdaa22168c235ull)); /* -pi/2 */
    assert_same(floatx80_atan2(ONE, ONE, &s),
                make_floatx80(0x3ffe, 0xc90fdaa22168c235ull)); /* pi/4 */
    assert_int_equal(s.float_exception_flags, float_flag_inexact);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prem), cmocka_unit_test(test_extract),
        cmocka_unit_test(test_log),  cmocka_unit_test(test_f2xm1),
        cmocka_unit_test(test_trig), cmocka_unit_test(test_atan2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
