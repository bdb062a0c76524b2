/*
 * Conversions between the extended format and integers, single and
 * double reals, rounding to an integral value, and comparisons.
 */
#include "fpu/sf-internal.h"

floatx80 int64_to_floatx80(int64_t v)
{
    uint64_t m = v < 0 ? -(uint64_t)v : (uint64_t)v;
    int n;

    if (v == 0) {
        return x80_pack(false, 0, 0);
    }
    n = clz64(m);
    return x80_pack(v < 0, X80_BIAS + 63 - n, m << n);
}

floatx80 int32_to_floatx80(int32_t v)
{
    return int64_to_floatx80(v);
}

/* Rounds |p| to an integer in the status' mode: the magnitude, or false
 * when it needs more than 64 bits. */
static bool x80_to_uint(const X80Parts *p, uint64_t *out, float_status *s)
{
    int32_t e = p->exp - X80_BIAS;
    uint64_t m, rbits, half;
    bool inc;

    s->rounded_up = false;
    if (p->cls == X80_ZERO) {
        *out = 0;
        return true;
    }
    if (e >= 64) {
        return false;
    }
    if (e == 63) {
        *out = p->sig;
        return true;
    }
    if (e < 0) {
        m = 0;
        rbits = e < -1 ? 1 : p->sig;
        half = e < -1 ? 2 : X80_INT_BIT;
        /* e < -1: below one half; rbits 1 < half 2 stands for that */
    } else {
        int fb = 63 - e;
        m = p->sig >> fb;
        rbits = p->sig & ((1ull << fb) - 1);
        half = 1ull << (fb - 1);
    }
    inc = x80_round_increment(s->rounding_mode, p->sign, rbits, half, m & 1);
    if (rbits) {
        float_raise(float_flag_inexact, s);
    }
    s->rounded_up = inc;
    m += inc;
    if (inc && m == 0) {
        return false;
    }
    *out = m;
    return true;
}

floatx80 floatx80_round_to_int(floatx80 a, float_status *s)
{
    uint8_t de0 = s->float_exception_flags & float_flag_input_denormal;
    X80Parts p = x80_unpack(a, s);
    int32_t e = p.exp - X80_BIAS;
    uint64_t m;

    s->rounded_up = false;
    if (p.cls == X80_INVALID || p.cls == X80_NAN) {
        x80_drop_denormal(de0, s);
    }
    if (p.cls == X80_INVALID) {
        float_raise(float_flag_invalid, s);
        return floatx80_default_nan;
    }
    if (p.cls == X80_NAN) {
        return x80_propagate_nan(a, a, false, s);
    }
    if (p.cls != X80_NORMAL || e >= 63) {
        return a;
    }
    x80_to_uint(&p, &m, s);
    if (m == 0) {
        return x80_pack(p.sign, 0, 0);
    }
    {
        int n = clz64(m);
        return x80_pack(p.sign, X80_BIAS + 63 - n, m << n);
    }
}

/* Stores take denormals without the denormal exception (SDM: FIST and
 * FST list none). */
static X80Parts x80_unpack_store(floatx80 a, float_status *s)
{
    uint8_t de = s->float_exception_flags & float_flag_input_denormal;
    X80Parts p = x80_unpack(a, s);

    s->float_exception_flags =
        (s->float_exception_flags & ~float_flag_input_denormal) | de;
    return p;
}

static int64_t x80_to_int(floatx80 a, int bits, float_status *s)
{
    X80Parts p = x80_unpack_store(a, s);
    uint64_t m, lim = 1ull << (bits - 1);
    int64_t indefinite = -(int64_t)(lim - 1) - 1;

    if (p.cls == X80_INVALID || p.cls == X80_NAN || p.cls == X80_INF ||
        !x80_to_uint(&p, &m, s) || m > lim || (m == lim && !p.sign)) {
        /* out of range: the integer indefinite, and no inexact */
        s->float_exception_flags &= ~float_flag_inexact;
        float_raise(float_flag_invalid, s);
        s->rounded_up = false;
        return indefinite;
    }
    /* -2^63 fits: negate in unsigned arithmetic */
    return (int64_t)(p.sign ? 0 - m : m);
}

int16_t floatx80_to_int16(floatx80 a, float_status *s)
{
    return (int16_t)x80_to_int(a, 16, s);
}

int32_t floatx80_to_int32(floatx80 a, float_status *s)
{
    return (int32_t)x80_to_int(a, 32, s);
}

int64_t floatx80_to_int64(floatx80 a, float_status *s)
{
    return x80_to_int(a, 64, s);
}

/* The single and double formats, described for the shared code. */
typedef struct SmallFmt {
    int mant;  /* significand bits including the implicit one: 24, 53 */
    int ebits; /* exponent bits: 8, 11 */
} SmallFmt;

static const SmallFmt fmt32 = {24, 8}, fmt64 = {53, 11};

static floatx80 small_to_x80(uint64_t v, const SmallFmt *f, float_status *s)
{
    int fb = f->mant - 1, emax = (1 << f->ebits) - 1;
    int bias = emax >> 1;
    bool sign = v >> (fb + f->ebits);
    int32_t e = (int32_t)(v >> fb) & emax;
    uint64_t frac = v & ((1ull << fb) - 1);

    if (e == emax) {
        if (frac == 0) {
            return x80_pack(sign, X80_EXP_MAX, X80_INT_BIT);
        }
        if (!(frac >> (fb - 1))) {
            float_raise(float_flag_invalid, s);
        }
        return x80_pack(sign, X80_EXP_MAX,
                        X80_INT_BIT | X80_QUIET | (frac << (63 - fb)));
    }
    if (e == 0) {
        int n;
        if (frac == 0) {
            return x80_pack(sign, 0, 0);
        }
        float_raise(float_flag_input_denormal, s);
        n = clz64(frac);
        return x80_pack(sign, X80_BIAS - bias + 1 + (63 - fb) - n, frac << n);
    }
    return x80_pack(sign, e - bias + X80_BIAS,
                    X80_INT_BIT | (frac << (63 - fb)));
}

floatx80 float32_to_floatx80(float32 a, float_status *s)
{
    return small_to_x80(a, &fmt32, s);
}

floatx80 float64_to_floatx80(float64 a, float_status *s)
{
    return small_to_x80(a, &fmt64, s);
}

static uint64_t x80_to_small(floatx80 a, const SmallFmt *f, float_status *s)
{
    X80Parts p = x80_unpack_store(a, s);
    int fb = f->mant - 1, emax = (1 << f->ebits) - 1;
    int bias = emax >> 1;
    uint64_t sbit = (uint64_t)p.sign << (fb + f->ebits);
    uint64_t inf = sbit | ((uint64_t)emax << fb), m, rbits, half, bits;
    int32_t e;
    int shift;
    bool tiny = false, inc;

    s->rounded_up = false;
    if (p.cls == X80_INVALID) {
        float_raise(float_flag_invalid, s);
        return inf | (1ull << (fb + f->ebits)) | (1ull << (fb - 1));
    }
    if (p.cls == X80_NAN) {
        if (!(p.sig & X80_QUIET)) {
            float_raise(float_flag_invalid, s);
        }
        return inf | (1ull << (fb - 1)) | ((p.sig << 1) >> (64 - fb));
    }
    if (p.cls == X80_INF) {
        return inf;
    }
    if (p.cls == X80_ZERO) {
        return sbit;
    }
    e = p.exp - X80_BIAS + bias; /* the target's biased exponent */
    if (e >= emax) {
        goto overflow;
    }
    shift = 64 - f->mant;
    if (e <= 0) {
        /* stores detect tininess after rounding (measured on the host's
         * x87): just below the smallest normal, a value that rounds up
         * to it in the format's precision is not tiny */
        tiny = true;
        if (e == 0) {
            uint64_t rb = p.sig & ((1ull << shift) - 1);
            uint64_t mm = p.sig >> shift;
            if (mm + x80_round_increment(s->rounding_mode, p.sign, rb,
                                         1ull << (shift - 1), mm & 1) ==
                1ull << f->mant) {
                tiny = false;
            }
        }
        shift += 1 - e;
        e = 0;
    }
    if (shift >= 64) {
        m = 0;
        rbits = 1; /* below one half of the last place */
        half = shift == 64 ? X80_INT_BIT : 2;
        if (shift == 64) {
            rbits = p.sig;
        }
    } else {
        m = p.sig >> shift;
        rbits = p.sig & ((1ull << shift) - 1);
        half = 1ull << (shift - 1);
    }
    inc = x80_round_increment(s->rounding_mode, p.sign, rbits, half, m & 1);
    m += inc;
    bits = e == 0 ? m : ((uint64_t)(e - 1) << fb) + m;
    if (bits >= ((uint64_t)emax << fb)) {
        goto overflow;
    }
    if (tiny && (s->unmasked & float_flag_underflow)) {
        /* unmasked: nothing is stored, so only UE, even if exact */
        float_raise(float_flag_underflow, s);
        return sbit;
    }
    if (rbits) {
        float_raise(float_flag_inexact | (tiny ? float_flag_underflow : 0), s);
    }
    s->rounded_up = inc;
    return sbit | bits;

overflow:
    if (s->unmasked & float_flag_overflow) {
        /* unmasked: nothing is stored, so only OE (measured) */
        float_raise(float_flag_overflow, s);
        s->rounded_up = false;
        return inf;
    }
    float_raise(float_flag_overflow | float_flag_inexact, s);
    if (s->rounding_mode == float_round_to_zero ||
        (s->rounding_mode == float_round_down && !p.sign) ||
        (s->rounding_mode == float_round_up && p.sign)) {
        return inf - 1;
    }
    s->rounded_up = true;
    return inf;
}

float32 floatx80_to_float32(floatx80 a, float_status *s)
{
    return (float32)x80_to_small(a, &fmt32, s);
}

float64 floatx80_to_float64(floatx80 a, float_status *s)
{
    return x80_to_small(a, &fmt64, s);
}

static int x80_cmp(floatx80 a, floatx80 b, bool quiet, float_status *s)
{
    uint8_t de0 = s->float_exception_flags & float_flag_input_denormal;
    X80Parts pa = x80_unpack(a, s), pb = x80_unpack(b, s);
    int mag;

    if (pa.cls == X80_INVALID || pb.cls == X80_INVALID || pa.cls == X80_NAN ||
        pb.cls == X80_NAN) {
        x80_drop_denormal(de0, s);
        if (!quiet || pa.cls == X80_INVALID || pb.cls == X80_INVALID ||
            floatx80_is_signaling_nan(a) || floatx80_is_signaling_nan(b)) {
            float_raise(float_flag_invalid, s);
        }
        return float_relation_unordered;
    }
    if (pa.cls == X80_ZERO && pb.cls == X80_ZERO) {
        return float_relation_equal;
    }
    if (pa.cls == X80_ZERO || pb.cls == X80_ZERO || pa.sign != pb.sign) {
        /* differing signs, or one zero: the sign of the other decides */
        if (pa.cls == X80_ZERO) {
            return pb.sign ? float_relation_greater : float_relation_less;
        }
        return pa.sign ? float_relation_less : float_relation_greater;
    }
    if (pa.cls != pb.cls) {
        mag = pa.cls == X80_INF ? 1 : -1;
    } else if (pa.cls == X80_INF || (pa.exp == pb.exp && pa.sig == pb.sig)) {
        mag = 0;
    } else if (pa.exp != pb.exp) {
        mag = pa.exp > pb.exp ? 1 : -1;
    } else {
        mag = pa.sig > pb.sig ? 1 : -1;
    }
    return pa.sign ? -mag : mag;
}

int floatx80_compare(floatx80 a, floatx80 b, float_status *s)
{
    return x80_cmp(a, b, false, s);
}

int floatx80_compare_quiet(floatx80 a, floatx80 b, float_status *s)
{
    return x80_cmp(a, b, true, s);
}
