/*
 * F2XM1, FYL2X and FYL2XP1, evaluated in the 128-bit float (sf-wide.h)
 * and rounded once: 2^x - 1 through e^t - 1 on a halved argument (the
 * series) and doubling back (e(2t) = e(t) * (e(t) + 2), no cancellation
 * near zero); log2 through 2 atanh((m-1)/(m+1)) with m in [sqrt(1/2),
 * sqrt(2)). The special operands follow the SDM's tables for each
 * instruction.
 */
#include "fpu/sf-wide.h"

#include "fpu/sf-consts.h"

#define EXPM1_TERMS 12 /* |t| < 2^-8: the 13th term is below 2^-110 */
#define ATANH_TERMS 21 /* s^2 < 2^-5.08: the 22nd term below 2^-100 */

static const X128 x128_one = {false, 0, X80_INT_BIT, 0};

/* e^t - 1 for |t| < 1. */
static X128 expm1_small(X128 t)
{
    int k = x128_is_zero(t) || t.exp < -9 ? 0 : t.exp + 9;
    X128 e;

    t = x128_ldexp(t, -k);
    e = x128_mul(t, x128_poly(t, &x128_inv_fact[1], EXPM1_TERMS, 1));
    while (k--) {
        e = x128_mul(e, x128_add(e, x128_ldexp(x128_one, 1)));
    }
    return e;
}

/* ln((1+s)/(1-s)) = 2 atanh(s), |s| <= 0.172 */
static X128 log_atanh(X128 s)
{
    return x128_ldexp(
        x128_mul(s, x128_poly(x128_mul(s, s), x128_inv_odd, ATANH_TERMS, 1)),
        1);
}

/* log2(x), x > 0 */
static X128 x128_log2(X128 x)
{
    int32_t e = x.exp;
    X128 m = x, s;

    m.exp = 0;
    if (m.hi > 0xb504f333f9de6484ull) { /* m > sqrt(2): use m / 2 */
        m.exp = -1;
        e++;
    }
    s = x128_div(x128_sub(m, x128_one), x128_add(m, x128_one));
    return x128_add(x128_from_int(e), x128_mul(log_atanh(s), X128_LOG2E));
}

static floatx80 x80_inf(bool sign)
{
    return x80_pack(sign, X80_EXP_MAX, X80_INT_BIT);
}

/* Invalid operations and zero-divides report no denormal operand
 * (as the basic operations, measured). */
static floatx80 x80_invalid_op(uint8_t de0, float_status *s)
{
    x80_drop_denormal(de0, s);
    float_raise(float_flag_invalid, s);
    return floatx80_default_nan;
}

floatx80 floatx80_f2xm1(floatx80 a, float_status *s)
{
    uint8_t de0 = s->float_exception_flags & float_flag_input_denormal;
    X80Parts p = x80_unpack(a, s);
    X128 x, e;

    s->rounded_up = false;
    switch (p.cls) {
    case X80_INVALID:
        return x80_invalid_op(de0, s);
    case X80_NAN:
        x80_drop_denormal(de0, s);
        return x80_propagate_nan(a, a, false, s);
    case X80_ZERO:
        return a;
    case X80_INF: /* outside [-1, 1]: the limits of 2^x - 1 */
        return p.sign ? x80_pack(true, X80_BIAS, X80_INT_BIT) : a;
    }
    x = x128_from_parts(&p);
    if (!p.sign && p.exp == X80_BIAS && p.sig == X80_INT_BIT) {
        /* F2XM1(+1): the x87 rounds as if from just below 1 (1 - ulp
         * toward zero and down, 1 with C1 set otherwise; measured) */
        X128 below = {true, -200, X80_INT_BIT, 0};
        return x128_to_floatx80_trans(x128_add(x128_one, below), s);
    }
    if (x.exp < 0) {
        e = expm1_small(x128_mul(x, X128_LN2));
    } else if (x.exp > 15) {
        /* outside [-1, 1] the hardware is undefined; bmx86 gives 2^x - 1:
         * -1 plus a tiny amount, or an overflow */
        X128 tiny = {false, -100000, X80_INT_BIT, 0};
        e = p.sign ? x128_add(x128_neg(x128_one), tiny)
                   : x128_ldexp(x128_one, 100000);
    } else {
        /* |x| >= 1: 2^n * 2^f - 1, n = round(x), |f| <= 1/2 */
        int64_t n = x128_round_int(x);
        X128 f = x128_sub(x, x128_from_int(n));
        e = expm1_small(x128_mul(f, X128_LN2));
        e = x128_sub(x128_ldexp(x128_add(e, x128_one), (int32_t)n), x128_one);
    }
    return x128_to_floatx80_trans(e, s);
}

/* The one rounding of y * log2(x). */
static floatx80 yl2x_finish(X80Parts *py, X128 log2x, float_status *s)
{
    return x128_to_floatx80_trans(x128_mul(x128_from_parts(py), log2x), s);
}

/* y * log2(0): -inf times y, a zero-divide unless y is infinite (then
 * exact), invalid for y = 0. */
static floatx80 yl2x_log_zero(const X80Parts *py, uint8_t de0, float_status *s)
{
    if (py->cls == X80_ZERO) {
        return x80_invalid_op(de0, s);
    }
    if (py->cls != X80_INF) {
        x80_drop_denormal(de0, s);
        float_raise(float_flag_divbyzero, s);
    }
    return x80_inf(!py->sign);
}

floatx80 floatx80_yl2x(floatx80 x, floatx80 y, float_status *s)
{
    uint8_t de0 = s->float_exception_flags & float_flag_input_denormal;
    X80Parts px = x80_unpack(x, s), py = x80_unpack(y, s);
    bool below1;

    s->rounded_up = false;
    if (px.cls == X80_INVALID || py.cls == X80_INVALID) {
        return x80_invalid_op(de0, s);
    }
    if (px.cls == X80_NAN || py.cls == X80_NAN) {
        x80_drop_denormal(de0, s);
        return x80_propagate_nan(x, y, true, s);
    }
    if (px.sign && px.cls != X80_ZERO) {
        return x80_invalid_op(de0, s); /* the log of a negative */
    }
    if (px.cls == X80_ZERO) {
        return yl2x_log_zero(&py, de0, s);
    }
    if (px.cls == X80_INF) {
        if (py.cls == X80_ZERO) {
            return x80_invalid_op(de0, s);
        }
        return x80_inf(py.sign);
    }
    if (px.exp == X80_BIAS && px.sig == X80_INT_BIT) {
        /* log2(1) = +0 exactly */
        if (py.cls == X80_INF) {
            return x80_invalid_op(de0, s);
        }
        return x80_pack(py.sign, 0, 0);
    }
    below1 = px.exp < X80_BIAS;
    if (py.cls == X80_INF) {
        return x80_inf(py.sign ^ below1);
    }
    if (py.cls == X80_ZERO) {
        return x80_pack(py.sign ^ below1, 0, 0);
    }
    return yl2x_finish(&py, x128_log2(x128_from_parts(&px)), s);
}

floatx80 floatx80_yl2xp1(floatx80 x, floatx80 y, float_status *s)
{
    uint8_t de0 = s->float_exception_flags & float_flag_input_denormal;
    X80Parts px = x80_unpack(x, s), py = x80_unpack(y, s);
    X128 xx, l;
    int c;

    s->rounded_up = false;
    if (px.cls == X80_INVALID || py.cls == X80_INVALID) {
        return x80_invalid_op(de0, s);
    }
    if (px.cls == X80_NAN || py.cls == X80_NAN) {
        x80_drop_denormal(de0, s);
        return x80_propagate_nan(x, y, true, s);
    }
    if (px.cls == X80_INF) {
        /* outside the documented range: log2(1 + x) = +inf or invalid */
        if (px.sign || py.cls == X80_ZERO) {
            return x80_invalid_op(de0, s);
        }
        return x80_inf(py.sign);
    }
    if (px.cls == X80_ZERO) {
        /* log2(1 +- 0) = +-0 */
        if (py.cls == X80_INF) {
            return x80_invalid_op(de0, s);
        }
        return x80_pack(px.sign ^ py.sign, 0, 0);
    }
    xx = x128_from_parts(&px);
    c = px.sign ? x128_cmp_abs(xx, x128_one) : -1;
    if (c > 0) {
        return x80_invalid_op(de0, s); /* 1 + x < 0 */
    }
    if (c == 0) {
        return yl2x_log_zero(&py, de0, s);
    }
    if (py.cls == X80_INF) {
        return x80_inf(py.sign ^ px.sign);
    }
    if (py.cls == X80_ZERO) {
        return x80_pack(py.sign ^ px.sign, 0, 0);
    }
    if (xx.exp < -2) {
        /* |x| < 1/4: 2 atanh(x / (2 + x)) keeps tiny x's bits */
        X128 two = x128_ldexp(x128_one, 1);
        l = x128_mul(log_atanh(x128_div(xx, x128_add(two, xx))), X128_LOG2E);
    } else {
        l = x128_log2(x128_add(x128_one, xx));
    }
    return yl2x_finish(&py, l, s);
}
