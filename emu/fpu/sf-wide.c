/*
 * The 128-bit float the transcendentals are evaluated in (sf-wide.h):
 * truncating arithmetic with sticky bits, good to about 2^-126 relative
 * per operation, integers only (64x64 products from 32x32 ones, division
 * a bit at a time), so the board gives the hosted build's bits.
 */
#include "fpu/sf-wide.h"

X128 x128_norm(bool sign, int32_t exp, uint64_t hi, uint64_t lo)
{
    X128 r = {sign, exp, hi, lo};
    int n;

    if (!(hi | lo)) {
        r.exp = 0;
        return r;
    }
    n = hi ? clz64(hi) : 64 + clz64(lo);
    shl128(&r.hi, &r.lo, n);
    r.exp -= n;
    return r;
}

X128 x128_from_parts(const X80Parts *p)
{
    return x128_norm(p->sign, p->exp - X80_BIAS, p->sig, 0);
}

X128 x128_from_int(int64_t v)
{
    uint64_t m = v < 0 ? -(uint64_t)v : (uint64_t)v;

    return x128_norm(v < 0, 127, 0, m);
}

int x128_cmp_abs(X128 a, X128 b)
{
    if (x128_is_zero(a) || x128_is_zero(b)) {
        return x128_is_zero(a) ? (x128_is_zero(b) ? 0 : -1) : 1;
    }
    if (a.exp != b.exp) {
        return a.exp < b.exp ? -1 : 1;
    }
    if (a.hi != b.hi) {
        return a.hi < b.hi ? -1 : 1;
    }
    return a.lo < b.lo ? -1 : a.lo > b.lo;
}

X128 x128_add(X128 a, X128 b)
{
    uint64_t hi, lo;
    int32_t d;

    if (x128_is_zero(b)) {
        return a;
    }
    if (x128_is_zero(a)) {
        return b;
    }
    if (x128_cmp_abs(a, b) < 0) {
        X128 t = a;
        a = b;
        b = t;
    }
    d = a.exp - b.exp;
    /* one guard bit below the 128: a's lowest bit survives subtraction */
    shr128_jam(&a.hi, &a.lo, 1);
    shr128_jam(&b.hi, &b.lo, d + 1 > 130 ? 130 : d + 1);
    if (a.sign == b.sign) {
        lo = a.lo + b.lo;
        hi = a.hi + b.hi + (lo < a.lo);
    } else {
        lo = a.lo - b.lo;
        hi = a.hi - b.hi - (a.lo < b.lo);
    }
    return x128_norm(a.sign, a.exp + 1, hi, lo);
}

X128 x128_sub(X128 a, X128 b)
{
    return x128_add(a, x128_neg(b));
}

X128 x128_mul(X128 a, X128 b)
{
    uint64_t h1, l1, h2, l2, h3, l3, h4, l4, mid, c, w3, w2, w1;

    if (x128_is_zero(a) || x128_is_zero(b)) {
        return x128_norm(a.sign ^ b.sign, 0, 0, 0);
    }
    mul64_128(a.hi, b.hi, &h1, &l1); /* bits 128..255 */
    mul64_128(a.hi, b.lo, &h2, &l2); /* bits 64..191 */
    mul64_128(a.lo, b.hi, &h3, &l3);
    mul64_128(a.lo, b.lo, &h4, &l4); /* bits 0..127 */
    /* word 1 (bits 64..127) with its carries into word 2 */
    mid = l2 + l3;
    c = mid < l2;
    w1 = mid + h4;
    c += w1 < mid;
    w2 = l1 + h2;
    w3 = h1 + (w2 < l1);
    w2 += h3;
    w3 += w2 < h3;
    w2 += c;
    w3 += w2 < c;
    /* the product of two [1,2) values is in [1,4): w3:w2 normalised */
    return x128_norm(a.sign ^ b.sign, a.exp + b.exp + 1, w3,
                     w2 | ((w1 | l4) != 0));
}

X128 x128_div(X128 a, X128 b)
{
    uint64_t rh = a.hi, rl = a.lo, qh = 0, ql = 0;
    int32_t exp = a.exp - b.exp;
    bool top = false;

    if (x128_is_zero(a)) {
        return x128_norm(a.sign ^ b.sign, 0, 0, 0);
    }
    if (rh < b.hi || (rh == b.hi && rl < b.lo)) {
        top = rh >> 63;
        shl128(&rh, &rl, 1);
        exp--;
    }
    /* restoring division: 128 quotient bits, the remainder as a sticky */
    for (int i = 0; i < 128; i++) {
        qh = (qh << 1) | (ql >> 63);
        ql <<= 1;
        if (top || rh > b.hi || (rh == b.hi && rl >= b.lo)) {
            uint64_t t = rl;
            rl -= b.lo;
            rh -= b.hi + (t < b.lo);
            ql |= 1;
        }
        top = rh >> 63;
        shl128(&rh, &rl, 1);
    }
    return x128_norm(a.sign ^ b.sign, exp, qh, ql | ((rh | rl | top) != 0));
}

int64_t x128_round_int(X128 a)
{
    uint64_t hi = a.hi, lo = a.lo, m;

    if (x128_is_zero(a) || a.exp < -1) {
        return 0;
    }
    /* integer part and the half bit: value = hi * 2^(exp - 63) */
    shr128_jam(&hi, &lo, 62 - a.exp);
    m = (hi >> 1) + (hi & 1);
    return a.sign ? -(int64_t)m : (int64_t)m;
}

X128 x128_poly(X128 x, const X128 *c, int n, int stride)
{
    X128 r = c[(n - 1) * stride];

    for (int i = n - 2; i >= 0; i--) {
        r = x128_add(x128_mul(r, x), c[i * stride]);
    }
    return r;
}

floatx80 x128_to_floatx80(X128 a, float_status *s)
{
    uint8_t pc = s->floatx80_rounding_precision;
    floatx80 r;
    int32_t e;

    if (x128_is_zero(a)) {
        s->rounded_up = false;
        return x80_pack(a.sign, 0, 0);
    }
    /* far beyond the range: clamp (still over- or underflows) */
    e = a.exp + X80_BIAS;
    e = e > 0x10000 ? 0x10000 : e < -0x10000 ? -0x10000 : e;
    s->floatx80_rounding_precision = 64;
    r = floatx80_round_pack(a.sign, e, a.hi, a.lo, s);
    s->floatx80_rounding_precision = pc;
    return r;
}

floatx80 x128_to_floatx80_trans(X128 a, float_status *s)
{
    floatx80 r = x128_to_floatx80(a, s);

    if (x128_is_zero(a)) {
        return r;
    }
    float_raise(float_flag_inexact, s);
    if (x80_exp(r) == 0) {
        float_raise(float_flag_underflow, s);
    }
    return r;
}
