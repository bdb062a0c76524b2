/*
 * FSIN, FCOS, FSINCOS, FPTAN and FPATAN in the 128-bit float (sf-wide.h),
 * rounded once. The argument reduction uses the x87's own 66-bit pi, as
 * Intel's parts do (SDM vol. 1, 8.3.10): a - k * pi66/2 is computed
 * exactly, so results near multiples of pi match the hardware's rather
 * than the true function's (docs/fpu.md, docs/deviations.md D41).
 */
#include "fpu/sf-wide.h"

#include "fpu/sf-consts.h"

#define SINCOS_TERMS 13 /* |r| <= pi/4: the 14th term is below 2^-100 */
#define ATAN_TERMS   12 /* |u| <= 1/32: the 13th term is below 2^-120 */

/* pi66 / 2 in units of 2^-67: 0xC90FDAA22168C234C, 68 bits, the last two
 * zero (the x87's pi rounded to 66 bits). */
#define PI66_HI 0xcull
#define PI66_LO 0x90fdaa22168c234cull

/* r = |a| - k * pi66/2 exactly (|a| < 2^63, e = its exponent >= -1), the
 * nearest k; returns k. */
static uint64_t reduce_pi66(const X80Parts *p, X128 *r)
{
    X128 x = x128_from_parts(p);
    uint64_t k, a0, a1, a2, h, l, kh, kl, r0, r1, r2;
    int32_t sh = p->exp - X80_BIAS + 4; /* |a| in units of 2^-67: 3..66 */
    bool neg = false;

    x.sign = false;
    k = (uint64_t)x128_round_int(x128_mul(x, X128_TWO_OVER_PI));
    /* A = sig << sh as three words */
    a0 = sh < 64 ? p->sig << sh : 0;
    a1 = sh < 64 ? p->sig >> (64 - sh) : p->sig << (sh - 64);
    a2 = sh <= 64 ? 0 : p->sig >> (128 - sh);
    /* K * P: k * PI66_LO plus (k * PI66_HI) << 64 */
    mul64_128(k, PI66_LO, &h, &l);
    mul64_128(k, PI66_HI, &kh, &kl);
    h += kl;
    kh += h < kl;
    /* R = A - K * P, then |R| (below 2^68: two words) */
    r0 = a0 - l;
    r1 = a1 - h - (a0 < l);
    r2 = a2 - kh - (a1 < h || (a1 == h && a0 < l));
    if (r2 >> 63) {
        neg = true;
        r0 = ~r0 + 1;
        r1 = ~r1 + (r0 == 0);
    }
    *r = x128_norm(neg, 127 - 67, r1, r0);
    return k;
}

/* sin and cos of |r| <= pi/4 (a little more at the rounding of k). */
static void sincos_kernel(X128 r, X128 *sn, X128 *cs)
{
    X128 z = x128_neg(x128_mul(r, r));

    *sn = x128_mul(r, x128_poly(z, &x128_inv_fact[1], SINCOS_TERMS, 2));
    *cs = x128_poly(z, &x128_inv_fact[0], SINCOS_TERMS, 2);
}

/* The cases every trigonometric instruction shares; true when done
 * (*res: the NaN or the zero's result), *out: |a| >= 2^63. */
static bool trig_special(floatx80 a, const X80Parts *p, uint8_t de0,
                         floatx80 *res, bool *out, float_status *s)
{
    *out = false;
    s->rounded_up = false;
    switch (p->cls) {
    case X80_INVALID:
    case X80_INF:
        x80_drop_denormal(de0, s);
        float_raise(float_flag_invalid, s);
        *res = floatx80_default_nan;
        return true;
    case X80_NAN:
        x80_drop_denormal(de0, s);
        *res = x80_propagate_nan(a, a, false, s);
        return true;
    case X80_ZERO:
        *res = a;
        return true;
    }
    if (p->exp - X80_BIAS >= 63) {
        *out = true;
        return true;
    }
    return false;
}

/* sin and cos of a (finite, |a| < 2^63). */
static void sincos_x128(const X80Parts *p, X128 *sn, X128 *cs)
{
    X128 r = x128_from_parts(p), s0, c0;
    uint64_t k = 0;

    r.sign = false;
    if (x128_cmp_abs(r, X128_PI_4) > 0) {
        k = reduce_pi66(p, &r);
    }
    sincos_kernel(r, &s0, &c0);
    switch (k & 3) {
    case 0:
        *sn = s0, *cs = c0;
        break;
    case 1:
        *sn = c0, *cs = x128_neg(s0);
        break;
    case 2:
        *sn = x128_neg(s0), *cs = x128_neg(c0);
        break;
    default:
        *sn = x128_neg(c0), *cs = s0;
        break;
    }
    if (p->sign) {
        *sn = x128_neg(*sn);
    }
}

bool floatx80_sincos(floatx80 a, floatx80 *sin, floatx80 *cos, float_status *s)
{
    uint8_t de0 = s->float_exception_flags & float_flag_input_denormal;
    X80Parts p = x80_unpack(a, s);
    floatx80 res;
    X128 sn, cs;
    bool out;

    if (trig_special(a, &p, de0, &res, &out, s)) {
        if (out) {
            return false;
        }
        if (sin) {
            *sin = res;
        }
        if (cos) {
            /* cos(+-0) = 1 exactly */
            *cos = p.cls == X80_ZERO ? x80_pack(false, X80_BIAS, X80_INT_BIT)
                                     : res;
        }
        return true;
    }
    sincos_x128(&p, &sn, &cs);
    if (cos) {
        *cos = x128_to_floatx80_trans(cs, s);
    }
    if (sin) {
        /* FSINCOS: C1 is the rounding of the sine (ST1) */
        *sin = x128_to_floatx80_trans(sn, s);
    }
    return true;
}

bool floatx80_tan(floatx80 a, floatx80 *tan, float_status *s)
{
    uint8_t de0 = s->float_exception_flags & float_flag_input_denormal;
    X80Parts p = x80_unpack(a, s);
    X128 sn, cs;
    bool out;

    if (trig_special(a, &p, de0, tan, &out, s)) {
        return !out;
    }
    if (p.exp < X80_BIAS - 40) {
        /* tan r = r + r^3/3 + (below 2^-160 r): the series keeps the
         * direction of the lost bits, which sin/cos cancels */
        X128 r = x128_from_parts(&p), one = {false, 0, X80_INT_BIT, 0};
        X128 r3 = x128_div(x128_mul(r, r), x128_from_int(3));
        *tan = x128_to_floatx80_trans(x128_mul(r, x128_add(one, r3)), s);
        return true;
    }
    sincos_x128(&p, &sn, &cs);
    *tan = x128_to_floatx80_trans(x128_div(sn, cs), s);
    return true;
}

/* atan(t), 0 <= t <= 1: atan(j/16) from the table plus the series of
 * atan((t - c) / (1 + t c)), c = j/16 the nearest breakpoint. */
static X128 atan_01(X128 t)
{
    int64_t j = x128_round_int(x128_ldexp(t, 4));
    X128 c = x128_ldexp(x128_from_int(j), -4);
    X128 one = {false, 0, X80_INT_BIT, 0}, u, z;

    u = x128_div(x128_sub(t, c), x128_add(one, x128_mul(t, c)));
    z = x128_neg(x128_mul(u, u));
    return x128_add(x128_atan_tab[j],
                    x128_mul(u, x128_poly(z, x128_inv_odd, ATAN_TERMS, 1)));
}

static X128 x128_signed(X128 a, bool sign)
{
    a.sign = sign;
    return a;
}

floatx80 floatx80_atan2(floatx80 y, floatx80 x, float_status *s)
{
    uint8_t de0 = s->float_exception_flags & float_flag_input_denormal;
    X80Parts px = x80_unpack(x, s), py = x80_unpack(y, s);
    X128 r, ax, ay;

    s->rounded_up = false;
    if (px.cls == X80_INVALID || py.cls == X80_INVALID) {
        x80_drop_denormal(de0, s);
        float_raise(float_flag_invalid, s);
        return floatx80_default_nan;
    }
    if (px.cls == X80_NAN || py.cls == X80_NAN) {
        x80_drop_denormal(de0, s);
        return x80_propagate_nan(x, y, true, s);
    }
    /* the SDM's table: zeros and infinities give exact multiples of pi/4
     * (rounded) or zeros, never invalid */
    if (py.cls == X80_ZERO) {
        if (px.sign) {
            return x128_to_floatx80_trans(x128_signed(X128_PI, py.sign), s);
        }
        return x80_pack(py.sign, 0, 0);
    }
    if (py.cls == X80_INF) {
        if (px.cls == X80_INF) {
            r = px.sign ? x128_mul(X128_PI_4, x128_from_int(3)) : X128_PI_4;
        } else {
            r = X128_PI_2;
        }
        return x128_to_floatx80_trans(x128_signed(r, py.sign), s);
    }
    if (px.cls == X80_ZERO) {
        return x128_to_floatx80_trans(x128_signed(X128_PI_2, py.sign), s);
    }
    if (px.cls == X80_INF) {
        if (px.sign) {
            return x128_to_floatx80_trans(x128_signed(X128_PI, py.sign), s);
        }
        return x80_pack(py.sign, 0, 0);
    }
    ax = x128_signed(x128_from_parts(&px), false);
    ay = x128_signed(x128_from_parts(&py), false);
    if (x128_cmp_abs(ay, ax) > 0) {
        r = x128_sub(X128_PI_2, atan_01(x128_div(ax, ay)));
    } else {
        r = atan_01(x128_div(ay, ax));
    }
    if (px.sign) {
        r = x128_sub(X128_PI, r);
    }
    return x128_to_floatx80_trans(x128_signed(r, py.sign), s);
}
