/*
 * m80 packed BCD (FBLD/FBSTP): 18 decimal digits in bytes 0-8, the sign in
 * bit 7 of byte 9; carried in a floatx80 (low: bytes 0-7, high: 8-9).
 */
#include "fpu/sf-internal.h"

#define BCD_DIGITS_MAX 999999999999999999ull

floatx80 bcd80_to_floatx80(floatx80 bcd)
{
    uint64_t v = 0;

    /* most significant digit first: bytes 8 then 7..0 */
    for (int i = 17; i >= 0; i--) {
        unsigned d = i >= 16 ? (bcd.high >> ((i - 16) * 4)) & 0xf
                             : (unsigned)(bcd.low >> (i * 4)) & 0xf;
        /* digits above 9 are undefined on hardware; taken as values */
        v = v * 10 + d;
    }
    if (v == 0) {
        return x80_pack(bcd.high >> 15, 0, 0);
    }
    {
        int n = clz64(v);
        return x80_pack(bcd.high >> 15, X80_BIAS + 63 - n, v << n);
    }
}

floatx80 floatx80_to_bcd80(floatx80 a, float_status *s)
{
    uint8_t de = s->float_exception_flags & float_flag_input_denormal;
    floatx80 r = floatx80_round_to_int(a, s);
    floatx80 out = {0, 0};
    uint64_t v;
    int32_t e = x80_exp(r) - X80_BIAS;

    x80_drop_denormal(de, s); /* a store: no denormal exception */
    if (floatx80_is_nan(r) || floatx80_invalid_encoding(a) ||
        x80_exp(r) == X80_EXP_MAX ||
        (r.low && (e > 63 || (r.low >> (63 - e)) > BCD_DIGITS_MAX))) {
        /* the packed BCD indefinite, with invalid (and not inexact) */
        s->float_exception_flags &= ~float_flag_inexact;
        float_raise(float_flag_invalid, s);
        s->rounded_up = false;
        return make_floatx80(0xffff, 0xc000000000000000ull);
    }
    v = r.low == 0 ? 0 : r.low >> (63 - e);
    for (int i = 0; i < 18 && v; i++) {
        uint64_t q = v / 10;
        unsigned d = (unsigned)(v - q * 10);
        if (i < 16) {
            out.low |= (uint64_t)d << (i * 4);
        } else {
            out.high |= (uint16_t)(d << ((i - 16) * 4));
        }
        v = q;
    }
    out.high |= (uint16_t)(x80_sign(a) << 15);
    return out;
}
