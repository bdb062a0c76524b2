/*
 * The basic operations, exact in integers before the one rounding in
 * floatx80_round_pack: add and subtract on 128-bit aligned significands,
 * multiply through four 32x32 products, divide and square root a bit at
 * a time (the M3 has no 64-bit divide; a restoring loop is short code,
 * constant time, and exact).
 */
#include "fpu/sf-internal.h"

/* The checks every binary operation starts with; true when r is set. */
static bool x80_special2(floatx80 a, floatx80 b, const X80Parts *pa,
                         const X80Parts *pb, uint8_t de0, floatx80 *r,
                         float_status *s)
{
    if (pa->cls == X80_INVALID || pb->cls == X80_INVALID ||
        pa->cls == X80_NAN || pb->cls == X80_NAN) {
        x80_drop_denormal(de0, s);
    }
    if (pa->cls == X80_INVALID || pb->cls == X80_INVALID) {
        float_raise(float_flag_invalid, s);
        *r = floatx80_default_nan;
        return true;
    }
    if (pa->cls == X80_NAN || pb->cls == X80_NAN) {
        *r = x80_propagate_nan(a, b, true, s);
        return true;
    }
    return false;
}

/* Invalid operations and division by zero report no denormal operand. */
static floatx80 x80_invalid(uint8_t de0, float_status *s)
{
    x80_drop_denormal(de0, s);
    float_raise(float_flag_invalid, s);
    return floatx80_default_nan;
}

static floatx80 addsub(floatx80 a, floatx80 b, bool neg, float_status *s)
{
    uint8_t de0 = s->float_exception_flags & float_flag_input_denormal;
    X80Parts pa = x80_unpack(a, s), pb = x80_unpack(b, s);
    uint64_t ah, al, bh, bl;
    floatx80 r;
    bool sign;
    int32_t exp;

    if (x80_special2(a, b, &pa, &pb, de0, &r, s)) {
        return r;
    }
    pb.sign ^= neg;
    s->rounded_up = false;
    if (pa.cls == X80_INF || pb.cls == X80_INF) {
        if (pa.cls == pb.cls && pa.sign != pb.sign) {
            return x80_invalid(de0, s);
        }
        sign = pa.cls == X80_INF ? pa.sign : pb.sign;
        return x80_pack(sign, X80_EXP_MAX, X80_INT_BIT);
    }
    if (pa.cls == X80_ZERO && pb.cls == X80_ZERO) {
        sign =
            pa.sign == pb.sign ? pa.sign : s->rounding_mode == float_round_down;
        return x80_pack(sign, 0, 0);
    }
    if (pa.cls == X80_ZERO) {
        return floatx80_round_pack(pb.sign, pb.exp, pb.sig, 0, s);
    }
    if (pb.cls == X80_ZERO) {
        return floatx80_round_pack(pa.sign, pa.exp, pa.sig, 0, s);
    }
    if (pa.exp < pb.exp) {
        X80Parts t = pa;
        pa = pb;
        pb = t;
    }
    ah = pa.sig, al = 0, bh = pb.sig, bl = 0;
    shr128_jam(&bh, &bl, pa.exp - pb.exp > 130 ? 130 : pa.exp - pb.exp);
    exp = pa.exp;
    sign = pa.sign;
    if (pa.sign == pb.sign) {
        uint64_t lo = al + bl, hi = ah + bh + (lo < al);
        bool carry = hi < ah || (hi == ah && lo < al);
        if (carry) {
            shr128_jam(&hi, &lo, 1);
            hi |= X80_INT_BIT;
            exp++;
        }
        return floatx80_round_pack(sign, exp, hi, lo, s);
    }
    if (ah < bh || (ah == bh && al < bl)) {
        uint64_t t = ah;
        ah = bh, bh = t;
        t = al, al = bl, bl = t;
        sign = pb.sign;
    }
    {
        uint64_t lo = al - bl, hi = ah - bh - (al < bl);
        if (hi == 0 && lo == 0) {
            return x80_pack(s->rounding_mode == float_round_down, 0, 0);
        }
        return floatx80_round_pack(sign, exp, hi, lo, s);
    }
}

floatx80 floatx80_add(floatx80 a, floatx80 b, float_status *s)
{
    return addsub(a, b, false, s);
}

floatx80 floatx80_sub(floatx80 a, floatx80 b, float_status *s)
{
    return addsub(a, b, true, s);
}

floatx80 floatx80_mul(floatx80 a, floatx80 b, float_status *s)
{
    uint8_t de0 = s->float_exception_flags & float_flag_input_denormal;
    X80Parts pa = x80_unpack(a, s), pb = x80_unpack(b, s);
    bool sign = pa.sign ^ pb.sign;
    uint64_t hi, lo;
    floatx80 r;

    if (x80_special2(a, b, &pa, &pb, de0, &r, s)) {
        return r;
    }
    s->rounded_up = false;
    if (pa.cls == X80_INF || pb.cls == X80_INF) {
        if (pa.cls == X80_ZERO || pb.cls == X80_ZERO) {
            return x80_invalid(de0, s);
        }
        return x80_pack(sign, X80_EXP_MAX, X80_INT_BIT);
    }
    if (pa.cls == X80_ZERO || pb.cls == X80_ZERO) {
        return x80_pack(sign, 0, 0);
    }
    mul64_128(pa.sig, pb.sig, &hi, &lo);
    return floatx80_round_pack(sign, pa.exp + pb.exp - X80_BIAS + 1, hi, lo, s);
}

floatx80 floatx80_div(floatx80 a, floatx80 b, float_status *s)
{
    uint8_t de0 = s->float_exception_flags & float_flag_input_denormal;
    X80Parts pa = x80_unpack(a, s), pb = x80_unpack(b, s);
    bool sign = pa.sign ^ pb.sign, top = false, rb;
    uint64_t r, q = 0;
    int32_t exp;
    floatx80 res;

    if (x80_special2(a, b, &pa, &pb, de0, &res, s)) {
        return res;
    }
    s->rounded_up = false;
    if (pa.cls == X80_INF) {
        if (pb.cls == X80_INF) {
            return x80_invalid(de0, s);
        }
        return x80_pack(sign, X80_EXP_MAX, X80_INT_BIT);
    }
    if (pb.cls == X80_INF) {
        return x80_pack(sign, 0, 0);
    }
    if (pb.cls == X80_ZERO) {
        if (pa.cls == X80_ZERO) {
            return x80_invalid(de0, s);
        }
        x80_drop_denormal(de0, s);
        float_raise(float_flag_divbyzero, s);
        return x80_pack(sign, X80_EXP_MAX, X80_INT_BIT);
    }
    if (pa.cls == X80_ZERO) {
        return x80_pack(sign, 0, 0);
    }
    r = pa.sig;
    exp = pa.exp - pb.exp + X80_BIAS;
    if (r < pb.sig) {
        /* the quotient's first bit is one place lower */
        top = r >> 63;
        r <<= 1;
        exp--;
    }
    for (int i = 0; i < 64; i++) {
        q <<= 1;
        if (top || r >= pb.sig) {
            r -= pb.sig;
            q |= 1;
        }
        top = r >> 63;
        r <<= 1;
    }
    rb = top || r >= pb.sig;
    if (rb) {
        r -= pb.sig;
    }
    return floatx80_round_pack(sign, exp, q, ((uint64_t)rb << 63) | (r != 0),
                               s);
}

floatx80 floatx80_sqrt(floatx80 a, float_status *s)
{
    uint8_t de0 = s->float_exception_flags & float_flag_input_denormal;
    X80Parts p = x80_unpack(a, s);
    uint64_t nh, nl, rh = 0, rl = 0, root = 0;
    int32_t e;

    s->rounded_up = false;
    if (p.cls == X80_INVALID || p.cls == X80_NAN) {
        x80_drop_denormal(de0, s);
    }
    if (p.cls == X80_INVALID) {
        return x80_invalid(de0, s);
    }
    if (p.cls == X80_NAN) {
        return x80_propagate_nan(a, a, false, s);
    }
    if (p.cls == X80_ZERO) {
        return a;
    }
    if (p.sign) {
        return x80_invalid(de0, s);
    }
    if (p.cls == X80_INF) {
        return a;
    }
    /* radicand sig * 2^(63 or 64) so the root has 64 bits */
    e = p.exp - X80_BIAS;
    nh = p.sig, nl = 0;
    if (e & 1) {
        e -= 1;
        nl = 0;
    } else {
        shr128_jam(&nh, &nl, 1);
    }
    for (int i = 0; i < 64; i++) {
        uint64_t th = root >> 62, tl = (root << 2) | 1;
        rh = (rh << 2) | (rl >> 62);
        rl = (rl << 2) | (nh >> 62);
        nh = (nh << 2) | (nl >> 62);
        nl <<= 2;
        if (rh > th || (rh == th && rl >= tl)) {
            rh -= th + (rl < tl);
            rl -= tl;
            root = (root << 1) | 1;
        } else {
            root <<= 1;
        }
    }
    /* remainder > root: the value is above root + 1/2 (never equal) */
    {
        bool rb = rh || rl > root;
        uint64_t extra = rb ? X80_INT_BIT | 1 : (rh | rl) != 0;
        return floatx80_round_pack(false, e / 2 + X80_BIAS, root, extra, s);
    }
}

/* FSCALE: a * 2^trunc(b), one rounding at full precision (big scales
 * clamp: the result over- or underflows all the same). */
floatx80 floatx80_scale(floatx80 a, floatx80 b, float_status *s)
{
    uint8_t de0 = s->float_exception_flags & float_flag_input_denormal;
    X80Parts pa = x80_unpack(a, s), pb = x80_unpack(b, s);
    floatx80 r;
    int32_t n;

    if (x80_special2(a, b, &pa, &pb, de0, &r, s)) {
        return r;
    }
    s->rounded_up = false;
    if (pb.cls == X80_INF) {
        if ((pa.cls == X80_ZERO && !pb.sign) ||
            (pa.cls == X80_INF && pb.sign)) {
            return x80_invalid(de0, s);
        }
        if (pa.cls == X80_ZERO || pa.cls == X80_INF) {
            return a;
        }
        return pb.sign ? x80_pack(pa.sign, 0, 0)
                       : x80_pack(pa.sign, X80_EXP_MAX, X80_INT_BIT);
    }
    if (pa.cls == X80_ZERO || pa.cls == X80_INF) {
        return a;
    }
    if (pb.cls == X80_ZERO || pb.exp < X80_BIAS) {
        n = 0;
    } else if (pb.exp - X80_BIAS > 16) {
        n = 0x10000; /* beyond any exponent: clamped */
    } else {
        n = (int32_t)(pb.sig >> (63 - (pb.exp - X80_BIAS)));
    }
    if (pb.sign) {
        n = -n;
    }
    {
        /* precision control does not apply to FSCALE (measured) */
        uint8_t pc = s->floatx80_rounding_precision;
        s->floatx80_rounding_precision = 64;
        r = floatx80_round_pack(pa.sign, pa.exp + n, pa.sig, 0, s);
        s->floatx80_rounding_precision = pc;
        return r;
    }
}
