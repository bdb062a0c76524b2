/* Private to emu/fpu: fields, 128-bit helpers on two 64-bit words (the
 * Cortex-M3 has no __int128 and no 64x64 multiply) and NaN rules. */
#ifndef BMX_FPU_SF_INTERNAL_H
#define BMX_FPU_SF_INTERNAL_H

#include "fpu/fpu.h"

#define X80_EXP_MAX 0x7fff
#define X80_BIAS    16383
#define X80_INT_BIT 0x8000000000000000ull
#define X80_QUIET   0x4000000000000000ull

static inline bool x80_sign(floatx80 a)
{
    return a.high >> 15;
}

static inline int32_t x80_exp(floatx80 a)
{
    return a.high & 0x7fff;
}

static inline floatx80 x80_pack(bool sign, int32_t exp, uint64_t sig)
{
    return make_floatx80((uint16_t)(((unsigned)sign << 15) | exp), sig);
}

static inline int clz64(uint64_t v)
{
    return v ? __builtin_clzll(v) : 64;
}

/* (hi:lo) >> n with the shifted-out bits ORed into bit 0 ("jamming"). */
static inline void shr128_jam(uint64_t *hi, uint64_t *lo, int n)
{
    uint64_t h = *hi, l = *lo;

    if (n == 0) {
        return;
    }
    if (n < 64) {
        *lo = (h << (64 - n)) | (l >> n) | ((l << (64 - n)) != 0);
        *hi = h >> n;
    } else if (n == 64) {
        *lo = h | (l != 0);
        *hi = 0;
    } else if (n < 128) {
        *lo = (h >> (n - 64)) | (((h << (128 - n)) | l) != 0);
        *hi = 0;
    } else {
        *lo = (h | l) != 0;
        *hi = 0;
    }
}

static inline void shl128(uint64_t *hi, uint64_t *lo, int n)
{
    if (n == 0) {
        return;
    }
    if (n < 64) {
        *hi = (*hi << n) | (*lo >> (64 - n));
        *lo <<= n;
    } else {
        *hi = *lo << (n - 64);
        *lo = 0;
    }
}

/* 64 x 64 -> 128 from four 32 x 32 -> 64 products (UMULL on the M3). */
static inline void mul64_128(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
    uint32_t a0 = (uint32_t)a, a1 = (uint32_t)(a >> 32);
    uint32_t b0 = (uint32_t)b, b1 = (uint32_t)(b >> 32);
    uint64_t p00 = (uint64_t)a0 * b0, p01 = (uint64_t)a0 * b1;
    uint64_t p10 = (uint64_t)a1 * b0, p11 = (uint64_t)a1 * b1;
    uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;

    *lo = (mid << 32) | (uint32_t)p00;
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/* A NaN in a's or b's encoding propagated as the x87 does; sets invalid
 * for a signalling one. b may be absent (unary). */
floatx80 x80_propagate_nan(floatx80 a, floatx80 b, bool binary,
                           float_status *s);

/* Classes of an operand as the arithmetic sees it. */
enum {
    X80_ZERO,
    X80_NORMAL, /* includes denormals, normalised into exp/sig */
    X80_INF,
    X80_NAN,
    X80_INVALID, /* unnormal, pseudo-NaN/-infinity: unsupported on 387+ */
};

typedef struct X80Parts {
    bool sign;
    int cls;
    int32_t exp; /* unbiased-with-bias: value = sig * 2^(exp - 16383 - 63) */
    uint64_t sig;
} X80Parts;

/* Splits a, normalising denormals and pseudo-denormals (and raising the
 * denormal flag for them). */
X80Parts x80_unpack(floatx80 a, float_status *s);

/* Does a value with discarded bits rbits (half = a tie) round away from
 * zero in this mode? */
bool x80_round_increment(int mode, bool sign, uint64_t rbits, uint64_t half,
                         bool lsb);

/* An operation whose result is a NaN does not report denormal operands:
 * undo what x80_unpack raised (de: the flag as it was before). */
static inline void x80_drop_denormal(uint8_t de, float_status *s)
{
    s->float_exception_flags =
        (s->float_exception_flags & ~float_flag_input_denormal) | de;
}

static inline void float_raise(uint8_t flags, float_status *s)
{
    s->float_exception_flags |= flags;
}

#endif
