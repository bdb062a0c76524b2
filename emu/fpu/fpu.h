/*
 * The x87's 80-bit extended-precision arithmetic in integers only: the
 * same bits on a Cortex-M3 (no FPU, no 64x64 multiply) and on the hosted
 * build. QEMU's names (floatx80, float_status, float_flag_*), its own
 * code. Results are what a 387-class x87 gives with the exceptions
 * masked (unmasked overflow and underflow: float_status.unmasked):
 * precision control rounds the significand only (the exponent range
 * stays extended), tininess is detected after rounding, NaNs
 * propagate by the larger significand, invalid operations give the
 * default NaN ("real indefinite"). See docs/fpu.md.
 */
#ifndef BMX_FPU_FPU_H
#define BMX_FPU_FPU_H

#include <stdbool.h>
#include <stdint.h>

typedef struct floatx80 {
    uint64_t low;  /* significand, explicit integer bit 63 */
    uint16_t high; /* sign bit 15, biased exponent 14..0 */
} floatx80;

typedef uint32_t float32;
typedef uint64_t float64;

/* The x87 status word's exception bits, in the same positions. */
enum {
    float_flag_invalid = 0x01,
    float_flag_input_denormal = 0x02,
    float_flag_divbyzero = 0x04,
    float_flag_overflow = 0x08,
    float_flag_underflow = 0x10,
    float_flag_inexact = 0x20,
};

/* Rounding control, as in the x87 control word's RC field. */
enum {
    float_round_nearest_even = 0,
    float_round_down = 1,
    float_round_up = 2,
    float_round_to_zero = 3,
};

typedef struct float_status {
    uint8_t rounding_mode;               /* float_round_* */
    uint8_t floatx80_rounding_precision; /* 24, 53 or 64 */
    uint8_t float_exception_flags;       /* sticky float_flag_* */
    bool rounded_up; /* the last rounded result was incremented (x87 C1) */
    /* float_flag_overflow/underflow whose x87 mask bit is clear: a result
     * out of range then goes to the register with its exponent adjusted
     * by X80_BIAS_ADJUST (SDM vol. 1, 8.5.4/8.5.5), and a tiny result
     * raises underflow even when exact */
    uint8_t unmasked;
} float_status;

/* The 387's exponent bias adjustment for unmasked over/underflow. */
#define X80_BIAS_ADJUST 24576

/* Relations, as QEMU's FloatRelation. */
enum {
    float_relation_less = -1,
    float_relation_equal = 0,
    float_relation_greater = 1,
    float_relation_unordered = 2,
};

#define floatx80_default_nan ((floatx80){0xc000000000000000ull, 0xffff})

static inline floatx80 make_floatx80(uint16_t high, uint64_t low)
{
    return (floatx80){low, high};
}

/* Arithmetic (rounded to the status' precision and mode). */
floatx80 floatx80_add(floatx80 a, floatx80 b, float_status *s);
floatx80 floatx80_sub(floatx80 a, floatx80 b, float_status *s);
floatx80 floatx80_mul(floatx80 a, floatx80 b, float_status *s);
floatx80 floatx80_div(floatx80 a, floatx80 b, float_status *s);
floatx80 floatx80_sqrt(floatx80 a, float_status *s);
floatx80 floatx80_scale(floatx80 a, floatx80 b, float_status *s);
floatx80 floatx80_round_to_int(floatx80 a, float_status *s);
/* Rounds an exact value to the status' precision (FLD of m80 does not;
 * this is what arithmetic results go through). */
floatx80 floatx80_round_pack(bool sign, int32_t exp, uint64_t sig,
                             uint64_t extra, float_status *s);

/* Partial remainders (FPREM: ieee=false, quotient truncated; FPREM1:
 * ieee=true, quotient rounded to nearest even), a = ST0, b = ST1; exact.
 * *quotient: the quotient's low bits (Q2,Q1,Q0 give C0,C3,C1). When the
 * exponent difference is 64 or more, *partial is set (C2=1): a is reduced
 * by b * 2^(d - n), n = 32 + d % 32, as Intel and AMD parts do, and
 * *quotient is 0 (the hardware clears C0, C1, C3). */
floatx80 floatx80_prem(floatx80 a, floatx80 b, bool ieee, uint64_t *quotient,
                       bool *partial, float_status *s);
/* FXTRACT: returns the unbiased exponent (ST1), *significand the value
 * scaled to [1,2) with a's sign (ST0). Zero: -inf and the zero,
 * zero-divide. */
floatx80 floatx80_extract(floatx80 a, floatx80 *significand, float_status *s);

/* Transcendentals, rounded once at 64 bits in the status' rounding mode
 * (precision control does not apply, as on the x87). See docs/fpu.md for
 * the algorithms and measured accuracy. */
floatx80 floatx80_f2xm1(floatx80 a, float_status *s); /* 2^a - 1, |a| <= 1 */
/* FYL2X: y * log2(x), x = ST0, y = ST1 */
floatx80 floatx80_yl2x(floatx80 x, floatx80 y, float_status *s);
/* FYL2XP1: y * log2(x + 1) */
floatx80 floatx80_yl2xp1(floatx80 x, floatx80 y, float_status *s);
/* FPATAN: atan(y / x) in the quadrant of (x, y), y = ST1, x = ST0 */
floatx80 floatx80_atan2(floatx80 y, floatx80 x, float_status *s);
/* FSINCOS/FSIN/FCOS: false when |a| >= 2^63 (C2=1, ST0 unchanged; nothing
 * is written); sin or cos may be NULL. With both, s->rounded_up (C1) is the
 * sine's, as the x87's FSINCOS (measured). */
bool floatx80_sincos(floatx80 a, floatx80 *sin, floatx80 *cos, float_status *s);
/* FPTAN (the 1.0 the instruction pushes is the caller's; when *tan is a
 * NaN the x87 pushes that NaN instead): false when |a| >= 2^63. */
bool floatx80_tan(floatx80 a, floatx80 *tan, float_status *s);

/* Comparisons: quiet ones raise invalid only for signalling NaNs. */
int floatx80_compare(floatx80 a, floatx80 b, float_status *s);
int floatx80_compare_quiet(floatx80 a, floatx80 b, float_status *s);

/* Conversions. */
floatx80 int32_to_floatx80(int32_t v);
floatx80 int64_to_floatx80(int64_t v);
int16_t floatx80_to_int16(floatx80 a, float_status *s);
int32_t floatx80_to_int32(floatx80 a, float_status *s);
int64_t floatx80_to_int64(floatx80 a, float_status *s);
floatx80 float32_to_floatx80(float32 a, float_status *s);
floatx80 float64_to_floatx80(float64 a, float_status *s);
float32 floatx80_to_float32(floatx80 a, float_status *s);
float64 floatx80_to_float64(floatx80 a, float_status *s);

/* m80 packed BCD, carried in a floatx80's 80 bits (FBLD/FBSTP). */
floatx80 bcd80_to_floatx80(floatx80 bcd);
floatx80 floatx80_to_bcd80(floatx80 a, float_status *s);

/* Classes. */
bool floatx80_is_nan(floatx80 a);
bool floatx80_is_signaling_nan(floatx80 a);
bool floatx80_invalid_encoding(floatx80 a);

#endif
