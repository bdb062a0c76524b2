/*
 * Rounding and packing of extended results, operand classes and the
 * x87's NaN rules: the one place where precision control, the rounding
 * modes, tininess and overflow are decided.
 */
#include "fpu/sf-internal.h"

bool floatx80_is_nan(floatx80 a)
{
    return x80_exp(a) == X80_EXP_MAX && (a.low & X80_INT_BIT) &&
           (a.low << 1) != 0;
}

bool floatx80_is_signaling_nan(floatx80 a)
{
    return floatx80_is_nan(a) && !(a.low & X80_QUIET);
}

/* Unnormals, pseudo-NaNs and pseudo-infinities: a 387 and later treat
 * them as unsupported (invalid); pseudo-denormals are still accepted. */
bool floatx80_invalid_encoding(floatx80 a)
{
    return x80_exp(a) != 0 && !(a.low & X80_INT_BIT);
}

X80Parts x80_unpack(floatx80 a, float_status *s)
{
    X80Parts p = {x80_sign(a), X80_NORMAL, x80_exp(a), a.low};

    if (floatx80_invalid_encoding(a)) {
        p.cls = X80_INVALID;
    } else if (p.exp == X80_EXP_MAX) {
        p.cls = (p.sig << 1) ? X80_NAN : X80_INF;
    } else if (p.exp == 0) {
        if (p.sig == 0) {
            p.cls = X80_ZERO;
        } else {
            int n = clz64(p.sig);
            float_raise(float_flag_input_denormal, s);
            /* a denormal's exponent is that of the smallest normal */
            p.sig <<= n;
            p.exp = 1 - n;
        }
    }
    return p;
}

floatx80 x80_propagate_nan(floatx80 a, floatx80 b, bool binary, float_status *s)
{
    bool an = floatx80_is_nan(a), bn = binary && floatx80_is_nan(b);
    bool as = floatx80_is_signaling_nan(a);
    bool bs = binary && floatx80_is_signaling_nan(b);

    if (as || bs) {
        float_raise(float_flag_invalid, s);
    }
    a.low |= X80_QUIET;
    b.low |= X80_QUIET;
    if (!bn) {
        return a;
    }
    if (!an) {
        return b;
    }
    /* two NaNs: a quiet one beats a signalling one, else the larger
     * significand wins (SDM vol. 1, table 4-7) */
    if (as != bs) {
        return as ? b : a;
    }
    if (a.low != b.low) {
        return a.low > b.low ? a : b;
    }
    return a.high < b.high ? a : b;
}

/* Does a value with these discarded bits round away from zero? */
bool x80_round_increment(int mode, bool sign, uint64_t rbits, uint64_t half,
                         bool lsb)
{
    switch (mode) {
    case float_round_nearest_even:
        return rbits > half || (rbits == half && lsb);
    case float_round_down:
        return sign && rbits;
    case float_round_up:
        return !sign && rbits;
    default:
        return false;
    }
}

/* Does rounding sig:extra at the precision carry out of bit 63? */
static bool x80_rounds_to_carry(uint64_t sig, uint64_t extra, bool sign,
                                float_status *s)
{
    uint64_t mask;

    if (s->floatx80_rounding_precision == 64) {
        return sig == ~0ull && x80_round_increment(s->rounding_mode, sign,
                                                   extra, X80_INT_BIT, 1);
    }
    mask = s->floatx80_rounding_precision == 53 ? 0x7ffull : 0xffffffffffull;
    return (sig | mask) == ~0ull &&
           x80_round_increment(s->rounding_mode, sign,
                               (sig & mask) | (extra != 0), (mask + 1) >> 1, 1);
}

floatx80 floatx80_round_pack(bool sign, int32_t exp, uint64_t sig,
                             uint64_t extra, float_status *s)
{
    int mode = s->rounding_mode;
    int pc = s->floatx80_rounding_precision;
    bool tiny = false, inexact, inc;
    bool adjust_unf = false;

    s->rounded_up = false;
    if (sig == 0 && extra == 0) {
        return x80_pack(sign, 0, 0);
    }
    if (!(sig & X80_INT_BIT)) {
        int n = sig ? clz64(sig) : 64 + clz64(extra);
        shl128(&sig, &extra, n);
        exp -= n;
    }
    if (exp <= 0) {
        /* the x87 detects tininess after rounding (measured): a value
         * that would round up to the smallest normal with an unbounded
         * exponent is not tiny */
        tiny = exp < 0 || !x80_rounds_to_carry(sig, extra, sign, s);
        /* unmasked: rounded in full, delivered with the exponent raised */
        adjust_unf = tiny && (s->unmasked & float_flag_underflow);
        if (adjust_unf && exp + X80_BIAS_ADJUST <= 0) {
            /* below even the adjusted range (FSCALE): a zero (measured) */
            float_raise(float_flag_underflow | float_flag_inexact, s);
            return x80_pack(sign, 0, 0);
        }
        if (!adjust_unf) {
            shr128_jam(&sig, &extra, 1 - exp > 130 ? 130 : 1 - exp);
            exp = 0;
        }
    }
    if (pc == 64) {
        inexact = extra != 0;
        inc = x80_round_increment(mode, sign, extra, X80_INT_BIT, sig & 1);
        if (inc && ++sig == 0) {
            sig = X80_INT_BIT;
            exp++;
        }
    } else {
        uint64_t mask = pc == 53 ? 0x7ffull : 0xffffffffffull;
        uint64_t rbits;

        sig |= extra != 0;
        rbits = sig & mask;
        inexact = rbits != 0;
        inc = x80_round_increment(mode, sign, rbits, (mask + 1) >> 1,
                                  sig & (mask + 1));
        sig &= ~mask;
        if (inc) {
            sig += mask + 1;
            if (sig == 0) {
                sig = X80_INT_BIT;
                exp++;
            }
        }
    }
    if (adjust_unf) {
        float_raise(float_flag_underflow | (inexact ? float_flag_inexact : 0),
                    s);
        s->rounded_up = inc;
        return x80_pack(sign, exp + X80_BIAS_ADJUST, sig);
    }
    if (exp == 0 && (sig & X80_INT_BIT)) {
        exp = 1; /* a denormal rounded up to the smallest normal */
    }
    if (exp >= X80_EXP_MAX && (s->unmasked & float_flag_overflow)) {
        if (exp - X80_BIAS_ADJUST >= X80_EXP_MAX) {
            /* beyond even the adjusted range (FSCALE): an infinity in
             * every rounding mode (measured) */
            float_raise(float_flag_overflow | float_flag_inexact, s);
            s->rounded_up = true;
            return x80_pack(sign, X80_EXP_MAX, X80_INT_BIT);
        }
        float_raise(float_flag_overflow | (inexact ? float_flag_inexact : 0),
                    s);
        s->rounded_up = inc;
        return x80_pack(sign, exp - X80_BIAS_ADJUST, sig);
    }
    if (exp >= X80_EXP_MAX) {
        /* overflow: infinity, or the largest finite value in the modes
         * that round toward zero from this side */
        float_raise(float_flag_overflow | float_flag_inexact, s);
        if (mode == float_round_to_zero ||
            (mode == float_round_down && !sign) ||
            (mode == float_round_up && sign)) {
            uint64_t m = pc == 64 ? 0 : pc == 53 ? 0x7ffull : 0xffffffffffull;
            s->rounded_up = false;
            return x80_pack(sign, X80_EXP_MAX - 1, ~m);
        }
        s->rounded_up = true;
        return x80_pack(sign, X80_EXP_MAX, X80_INT_BIT);
    }
    if (inexact) {
        float_raise(float_flag_inexact | (tiny ? float_flag_underflow : 0), s);
    } else if (tiny && (s->unmasked & float_flag_underflow)) {
        float_raise(float_flag_underflow, s); /* unmasked: even if exact */
    }
    s->rounded_up = inc;
    return x80_pack(sign, exp, sig);
}
