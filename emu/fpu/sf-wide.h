/* Private to emu/fpu: a wider float for the transcendentals. They are
 * evaluated with 128-bit significands (two 64-bit words, integers only)
 * and rounded once to the extended format, so the result is within one
 * ulp however the series and reductions lose their last bits. */
#ifndef BMX_FPU_SF_WIDE_H
#define BMX_FPU_SF_WIDE_H

#include "fpu/sf-internal.h"

/* value = (-1)^sign * (hi:lo) * 2^(exp - 127); normalised: hi bit 63 set,
 * or hi = lo = 0 for zero. */
typedef struct X128 {
    bool sign;
    int32_t exp;
    uint64_t hi, lo;
} X128;

static inline bool x128_is_zero(X128 a)
{
    return !(a.hi | a.lo);
}

static inline X128 x128_neg(X128 a)
{
    a.sign = !a.sign;
    return a;
}

/* a * 2^n */
static inline X128 x128_ldexp(X128 a, int32_t n)
{
    a.exp += n;
    return a;
}

X128 x128_from_parts(const X80Parts *p); /* a finite X80_NORMAL */
X128 x128_from_int(int64_t v);
X128 x128_norm(bool sign, int32_t exp, uint64_t hi, uint64_t lo);
X128 x128_add(X128 a, X128 b);
X128 x128_sub(X128 a, X128 b);
X128 x128_mul(X128 a, X128 b);
X128 x128_div(X128 a, X128 b);
/* a <=> b by magnitude: -1, 0, 1 */
int x128_cmp_abs(X128 a, X128 b);
/* The nearest integer (|a| < 2^63). */
int64_t x128_round_int(X128 a);
/* Horner on c[0], c[stride], ... c[(n-1)*stride]: the sum of
 * c[i*stride] * x^i. */
X128 x128_poly(X128 x, const X128 *c, int n, int stride);
/* Rounded once to the extended format at 64 bits in the status' mode
 * (precision control does not apply to the transcendentals). */
floatx80 x128_to_floatx80(X128 a, float_status *s);
/* The same for a transcendental's result: the x87 reports every one
 * inexact (and a denormal one as an underflow), even when the rounding
 * lost nothing, as F2XM1(1) or FYL2X of a power of two (measured). */
floatx80 x128_to_floatx80_trans(X128 a, float_status *s);

#endif
