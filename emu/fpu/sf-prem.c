/*
 * FPREM, FPREM1 and FXTRACT: exact operations (no rounding ever happens),
 * so they are computed by shifting and subtracting significands and must
 * give the host x87's bits. The partial-remainder step for exponent
 * differences of 64 and more follows the reduction Intel and AMD parts
 * perform (measured against the host by fpu-diff).
 */
#include "fpu/sf-internal.h"

/* An exact result with the exponent range of the extended format;
 * precision control does not apply to these operations. */
static floatx80 pack_exact(bool sign, int32_t exp, uint64_t sig,
                           float_status *s)
{
    uint8_t pc = s->floatx80_rounding_precision;
    floatx80 r;

    s->floatx80_rounding_precision = 64;
    r = floatx80_round_pack(sign, exp, sig, 0, s);
    s->floatx80_rounding_precision = pc;
    s->rounded_up = false;
    return r;
}

floatx80 floatx80_prem(floatx80 a, floatx80 b, bool ieee, uint64_t *quotient,
                       bool *partial, float_status *s)
{
    uint8_t de0 = s->float_exception_flags & float_flag_input_denormal;
    X80Parts pa = x80_unpack(a, s), pb = x80_unpack(b, s);
    int32_t d, eb;
    uint64_t r, q = 0;
    bool top = false, sign = pa.sign;

    *quotient = 0;
    *partial = false;
    s->rounded_up = false;
    if (pa.cls == X80_INVALID || pb.cls == X80_INVALID || pa.cls == X80_NAN ||
        pb.cls == X80_NAN) {
        x80_drop_denormal(de0, s);
        if (pa.cls == X80_INVALID || pb.cls == X80_INVALID) {
            float_raise(float_flag_invalid, s);
            return floatx80_default_nan;
        }
        return x80_propagate_nan(a, b, true, s);
    }
    if (pa.cls == X80_INF || pb.cls == X80_ZERO) {
        x80_drop_denormal(de0, s);
        float_raise(float_flag_invalid, s);
        return floatx80_default_nan;
    }
    if (pa.cls == X80_ZERO) {
        return a;
    }
    if (pb.cls == X80_INF) {
        return pack_exact(pa.sign, pa.exp, pa.sig, s);
    }
    d = pa.exp - pb.exp;
    eb = pb.exp;
    if (d >= 64) {
        /* a partial remainder: b scaled so that d becomes 32..63, the
         * quotient truncated in both instructions */
        int32_t n = 32 + d % 32;
        eb += d - n;
        d = n;
        ieee = false;
        *partial = true;
    }
    if (d < -1 || (d == -1 && !ieee)) {
        return pack_exact(pa.sign, pa.exp, pa.sig, s);
    }
    if (d == -1) {
        /* |a| < |b|: the nearest quotient is 1 when |a| > |b|/2 */
        if (pa.sig <= pb.sig) {
            return pack_exact(pa.sign, pa.exp, pa.sig, s);
        }
        *quotient = 1;
        return pack_exact(!sign, pa.exp, (pb.sig << 1) - pa.sig, s);
    }
    /* restoring division, d + 1 quotient bits; r < 2 * b.sig throughout
     * (top holds r's 65th bit) */
    r = pa.sig;
    for (int32_t i = 0; i <= d; i++) {
        q <<= 1;
        if (top || r >= pb.sig) {
            r -= pb.sig;
            q |= 1;
        }
        if (i < d) {
            top = r >> 63;
            r <<= 1;
        }
    }
    if (ieee && (r > pb.sig - r || (r == pb.sig - r && (q & 1)))) {
        /* round the quotient up: the remainder changes sign */
        r = pb.sig - r;
        q++;
        sign = !sign;
    }
    if (*partial) {
        q = 0;
    }
    *quotient = q;
    if (r == 0) {
        return x80_pack(pa.sign, 0, 0);
    }
    return pack_exact(sign, eb, r, s);
}

floatx80 floatx80_extract(floatx80 a, floatx80 *significand, float_status *s)
{
    uint8_t de0 = s->float_exception_flags & float_flag_input_denormal;
    X80Parts p = x80_unpack(a, s);

    s->rounded_up = false;
    switch (p.cls) {
    case X80_INVALID:
        x80_drop_denormal(de0, s);
        float_raise(float_flag_invalid, s);
        *significand = floatx80_default_nan;
        return floatx80_default_nan;
    case X80_NAN:
        *significand = x80_propagate_nan(a, a, false, s);
        return *significand;
    case X80_ZERO:
        float_raise(float_flag_divbyzero, s);
        *significand = a;
        return x80_pack(true, X80_EXP_MAX, X80_INT_BIT);
    case X80_INF:
        *significand = a;
        return x80_pack(false, X80_EXP_MAX, X80_INT_BIT);
    default:
        *significand = x80_pack(p.sign, X80_BIAS, p.sig);
        return int32_to_floatx80(p.exp - X80_BIAS);
    }
}
