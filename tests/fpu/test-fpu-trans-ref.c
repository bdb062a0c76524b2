/*
 * The accuracy of emu/fpu's transcendentals against a correctly rounded
 * reference (GNU MPFR at 256 bits): the error in ulps of the 64-bit
 * result, max and mean, per function and input range, in every rounding
 * mode (precision control does not apply to them), and the time per
 * operation. Inputs are drawn at random (seeded, reproducible) and at
 * the edges of each range. FSIN/FCOS/FPTAN are measured twice: against
 * the true function and against the hardware's model, the function of
 * the argument reduced by the x87's 66-bit pi (docs/fpu.md).
 *
 *   test-fpu-trans-ref [COUNT [SEED]]
 *
 * Without MPFR (libmpfr-dev) the test says so and exits 77 (skipped).
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fpu/fpu.h"

#ifdef HAVE_MPFR
#include <mpfr.h>

enum { F_F2XM1, F_YL2X, F_YL2XP1, F_ATAN2, F_SIN, F_COS, F_TAN, F_COUNT };
static const char *const fnames[F_COUNT] = {
    "f2xm1", "fyl2x", "fyl2xp1", "fpatan", "fsin", "fcos", "fptan",
};
static const char *const modes[4] = {"nearest", "down", "up", "zero"};

static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

/* A value with exponent in [lo, hi] (unbiased), a random significand or
 * one at an edge (all ones, the lowest bits). */
static floatx80 draw(int lo, int hi, bool any_sign)
{
    uint64_t m = rnd() | 0x8000000000000000ull;
    int e = lo + (int)(rnd() % (uint64_t)(hi - lo + 1));

    switch (rnd() % 8) {
    case 0:
        m = ~0ull - rnd() % 4;
        break;
    case 1:
        m = 0x8000000000000000ull | rnd() % 4;
        break;
    }
    return make_floatx80(
        (uint16_t)((any_sign && (rnd() & 1) ? 0x8000 : 0) | (16383 + e)), m);
}

static void to_mpfr(mpfr_t r, floatx80 a)
{
    int e = a.high & 0x7fff;

    mpfr_set_uj(r, a.low, MPFR_RNDN);
    mpfr_mul_2si(r, r, (e ? e : 1) - 16383 - 63, MPFR_RNDN);
    if (a.high & 0x8000) {
        mpfr_neg(r, r, MPFR_RNDN);
    }
}

#if defined(__x86_64__) || defined(__i386__)
#define HAVE_X87 1
typedef struct __attribute__((packed, aligned(16))) HostX80 {
    uint64_t m;
    uint16_t e;
    uint8_t pad[6];
} HostX80;

/* The host x87's result of function f (round to nearest, 64 bits), for
 * comparison; false when it is out of range (C2). */
static bool host_eval(int f, floatx80 fa, floatx80 fb, floatx80 *res)
{
    HostX80 a = {fa.low, fa.high, {0}}, b = {fb.low, fb.high, {0}}, r = {0};
    uint16_t cw = 0x037f, save, sw = 0;

    __asm__ volatile("fnstcw %0" : "=m"(save));
    __asm__ volatile("fninit\n\tfldcw %0" : : "m"(cw));
    if (f == F_YL2X || f == F_YL2XP1 || f == F_ATAN2) {
        __asm__ volatile("fldt %0\n\tfldt %1" : : "m"(b), "m"(a));
        if (f == F_YL2X) {
            __asm__ volatile("fyl2x");
        } else if (f == F_YL2XP1) {
            __asm__ volatile("fyl2xp1");
        } else {
            __asm__ volatile("fpatan");
        }
    } else {
        __asm__ volatile("fldt %0" : : "m"(a));
        if (f == F_F2XM1) {
            __asm__ volatile("f2xm1");
        } else if (f == F_SIN) {
            __asm__ volatile("fsin");
        } else if (f == F_COS) {
            __asm__ volatile("fcos");
        } else {
            __asm__ volatile("fptan\n\tfnstsw %0" : "=m"(sw));
            if (!(sw & 0x400)) {
                __asm__ volatile("fstp %st(0)"); /* the 1.0 */
            }
        }
    }
    __asm__ volatile("fnstsw %0\n\tfstpt %1" : "=m"(sw), "=m"(r));
    __asm__ volatile("fnclex\n\tfldcw %0" : : "m"(save));
    *res = make_floatx80(r.e, r.m);
    return !(sw & 0x400);
}
#else
#define HAVE_X87 0
#endif

/* x - k * pi66/2 with k the nearest integer to x / (pi/2), exactly. */
static void reduce_pi66(mpfr_t r, const mpfr_t x)
{
    mpfr_t p, k;

    mpfr_inits2(256, p, k, (mpfr_ptr)0);
    mpfr_set_str(p, "C90FDAA22168C234C", 16, MPFR_RNDN);
    mpfr_mul_2si(p, p, -67, MPFR_RNDN);
    mpfr_div(k, x, p, MPFR_RNDN);
    mpfr_rint(k, k, MPFR_RNDN);
    mpfr_mul(k, k, p, MPFR_RNDN);
    mpfr_sub(r, x, k, MPFR_RNDN);
    mpfr_clears(p, k, (mpfr_ptr)0);
}

/* One case: emu/fpu's result and the reference (false: no finite
 * normal result to measure). */
static bool eval(int f, bool model, floatx80 a, floatx80 b, int mode,
                 floatx80 *res, mpfr_t ref)
{
    float_status s = {(uint8_t)mode, 64, 0, false};
    mpfr_t x, y;
    bool ok = true;

    mpfr_inits2(256, x, y, (mpfr_ptr)0);
    to_mpfr(x, a);
    to_mpfr(y, b);
    switch (f) {
    case F_F2XM1:
        *res = floatx80_f2xm1(a, &s);
        /* e^(x ln 2) - 1: relative precision also for tiny x */
        mpfr_const_log2(y, MPFR_RNDN);
        mpfr_mul(x, x, y, MPFR_RNDN);
        mpfr_expm1(ref, x, MPFR_RNDN);
        break;
    case F_YL2X:
        *res = floatx80_yl2x(a, b, &s);
        mpfr_log2(ref, x, MPFR_RNDN);
        mpfr_mul(ref, ref, y, MPFR_RNDN);
        break;
    case F_YL2XP1:
        *res = floatx80_yl2xp1(a, b, &s);
        mpfr_log1p(ref, x, MPFR_RNDN);
        mpfr_const_log2(x, MPFR_RNDN);
        mpfr_div(ref, ref, x, MPFR_RNDN);
        mpfr_mul(ref, ref, y, MPFR_RNDN);
        break;
    case F_ATAN2:
        *res = floatx80_atan2(b, a, &s);
        mpfr_atan2(ref, y, x, MPFR_RNDN);
        break;
    default: {
        /* the model: sin/cos/tan of x reduced by pi66, shifted back by
         * the true k * pi/2 (same quadrant) */
        mpfr_t r, q;
        mpfr_inits2(256, r, q, (mpfr_ptr)0);
        if (model) {
            reduce_pi66(r, x);
            mpfr_sub(q, x, r, MPFR_RNDN); /* k * pi66/2 */
            mpfr_const_pi(y, MPFR_RNDN);
            mpfr_div(q, q, y, MPFR_RNDN);
            mpfr_mul_2si(q, q, 1, MPFR_RNDN); /* ~ k, off by < 2^-60 */
            mpfr_rint(q, q, MPFR_RNDN);
            mpfr_mul(q, q, y, MPFR_RNDN);
            mpfr_mul_2si(q, q, -1, MPFR_RNDN);
            mpfr_add(x, r, q, MPFR_RNDN);
        }
        if (f == F_TAN) {
            ok = floatx80_tan(a, res, &s);
            mpfr_tan(ref, x, MPFR_RNDN);
        } else if (f == F_SIN) {
            ok = floatx80_sincos(a, res, NULL, &s);
            mpfr_sin(ref, x, MPFR_RNDN);
        } else {
            ok = floatx80_sincos(a, NULL, res, &s);
            mpfr_cos(ref, x, MPFR_RNDN);
        }
        mpfr_clears(r, q, (mpfr_ptr)0);
    }
    }
    mpfr_clears(x, y, (mpfr_ptr)0);
    return ok && mpfr_number_p(ref) && !mpfr_zero_p(ref) &&
           mpfr_get_exp(ref) > -16381 && mpfr_get_exp(ref) < 16384 &&
           (res->high & 0x7fff) != 0x7fff && (res->high & 0x7fff) != 0;
}

/* |res - ref| in ulps of the 64-bit format at ref. */
static double ulp_err(floatx80 res, const mpfr_t ref)
{
    mpfr_t d;
    double e;

    mpfr_init2(d, 256);
    to_mpfr(d, res);
    mpfr_sub(d, d, ref, MPFR_RNDN);
    mpfr_mul_2si(d, d, 64 - mpfr_get_exp(ref), MPFR_RNDN);
    e = mpfr_get_d(d, MPFR_RNDN);
    mpfr_clear(d);
    return e < 0 ? -e : e;
}

typedef struct Range {
    int f;
    const char *what;
    int lo, hi;   /* a's exponent range */
    int blo, bhi; /* b's (the second operand) */
    bool model;   /* against the pi66 model */
    double bound; /* the stated max error in nearest (directed: + 1) */
} Range;

static const Range ranges[] = {
    {F_F2XM1, "|x| <= 1", -64, -1, 0, 0, false, 1.0},
    {F_F2XM1, "tiny |x| < 2^-64", -16000, -65, 0, 0, false, 1.0},
    {F_YL2X, "x in 2^[-100,100], y in 2^[-20,20]", -100, 100, -20, 20, false,
     1.0},
    {F_YL2X, "x near 1 (2^-1 <= x < 2)", -1, 0, -20, 20, false, 1.0},
    {F_YL2X, "huge/tiny x, y", -16000, 16000, -100, 100, false, 1.0},
    {F_YL2XP1, "|x| < 1 - sqrt(2)/2", -64, -3, -20, 20, false, 1.0},
    {F_YL2XP1, "tiny |x| < 2^-64", -16000, -65, -20, 20, false, 1.0},
    {F_ATAN2, "x, y in 2^[-64,64]", -64, 64, -64, 64, false, 1.0},
    {F_ATAN2, "x, y in 2^[-16000,16000]", -16000, 16000, -16000, 16000, false,
     1.0},
    {F_SIN, "|x| < 1/2 (no reduction)", -64, -2, 0, 0, false, 1.0},
    {F_COS, "|x| < 1/2 (no reduction)", -64, -2, 0, 0, false, 1.0},
    {F_TAN, "|x| < 1/2 (no reduction)", -64, -2, 0, 0, false, 1.0},
    {F_SIN, "|x| < 2^63, the pi66 model", 0, 62, 0, 0, true, 1.0},
    {F_COS, "|x| < 2^63, the pi66 model", 0, 62, 0, 0, true, 1.0},
    {F_TAN, "|x| < 2^63, the pi66 model", 0, 62, 0, 0, true, 1.0},
    {F_SIN, "|x| in [1, 2^10), the true sin", 0, 9, 0, 0, false, 0},
    {F_COS, "|x| in [1, 2^10), the true cos", 0, 9, 0, 0, false, 0},
    {F_TAN, "|x| in [1, 2^10), the true tan", 0, 9, 0, 0, false, 0},
    {F_SIN, "|x| < 2^63, the true sin", 0, 62, 0, 0, false, 0},
};

int main(int argc, char **argv)
{
    long count = argc > 1 ? strtol(argv[1], NULL, 0) : 4000;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x1387;
    int fails = 0;
    mpfr_t ref;

    mpfr_init2(ref, 256);
    printf("emu/fpu transcendentals against MPFR %s (256 bits), seed %#" PRIx64
           ", %ld cases per range and mode; error in ulps of the 64-bit "
           "result: max / mean\n",
           mpfr_get_version(), seed, count);
    for (unsigned i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
        const Range *r = &ranges[i];
        printf("%-8s %-38s", fnames[r->f], r->what);
#if HAVE_X87
        /* the host's own x87, round to nearest, for comparison */
        {
            double max = 0, sum = 0;
            long n = 0;
            rng_state = seed ^ ((uint64_t)(i * 4 + 1) << 32);
            for (long c = 0; c < count; c++) {
                floatx80 a = draw(r->lo, r->hi, r->f != F_YL2X), res, hres;
                floatx80 b = draw(r->blo, r->bhi, true);
                double e;
                if (!eval(r->f, r->model, a, b, 0, &res, ref) ||
                    !host_eval(r->f, a, b, &hres) ||
                    (hres.high & 0x7fff) == 0x7fff) {
                    continue;
                }
                e = ulp_err(hres, ref);
                n++;
                sum += e;
                max = e > max ? e : max;
            }
            printf(" host %.3f/%.3f |", max, n ? sum / (double)n : 0);
        }
#endif
        for (int mode = 0; mode < 4; mode++) {
            double max = 0, sum = 0;
            long n = 0;
            rng_state = seed ^ ((uint64_t)(i * 4 + mode + 1) << 32);
            for (long c = 0; c < count; c++) {
                bool sign = r->f != F_YL2X;
                floatx80 a = draw(r->lo, r->hi, sign), res;
                floatx80 b = draw(r->blo, r->bhi, true);
                double e;
                if (r->f == F_F2XM1 && c == 0) {
                    a = make_floatx80(0xbfff, 0x8000000000000000ull); /* -1 */
                }
                if (!eval(r->f, r->model, a, b, mode, &res, ref)) {
                    continue;
                }
                e = ulp_err(res, ref);
                n++;
                sum += e;
                if (e > max) {
                    max = e;
                }
                if (r->bound > 0 && e > r->bound + (mode ? 1.0 : 0.0)) {
                    if (fails++ < 10) {
                        printf("\nFAIL %s %s a=%04x:%016" PRIx64
                               " b=%04x:%016" PRIx64 ": %.3f ulp\n",
                               fnames[r->f], modes[mode], a.high, a.low, b.high,
                               b.low, e);
                    }
                }
            }
            printf(" %s %.3f/%.3f", modes[mode], max, n ? sum / (double)n : 0);
        }
        printf("\n");
    }
    mpfr_clear(ref);

    /* speed: the hosted build's time per operation */
    {
        static const int fs[] = {F_F2XM1, F_YL2X, F_YL2XP1, F_ATAN2,
                                 F_SIN,   F_COS,  F_TAN};
        for (unsigned i = 0; i < sizeof(fs) / sizeof(fs[0]); i++) {
            struct timespec t0, t1;
            float_status s = {0, 64, 0, false};
            volatile uint64_t sink = 0;
            long n = 20000;
            rng_state = seed;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            for (long c = 0; c < n; c++) {
                floatx80 a = draw(-20, -1, true), b = draw(-5, 5, true), res;
                switch (fs[i]) {
                case F_F2XM1:
                    res = floatx80_f2xm1(a, &s);
                    break;
                case F_YL2X:
                    a.high &= 0x7fff;
                    res = floatx80_yl2x(a, b, &s);
                    break;
                case F_YL2XP1:
                    res = floatx80_yl2xp1(a, b, &s);
                    break;
                case F_ATAN2:
                    res = floatx80_atan2(b, a, &s);
                    break;
                case F_TAN:
                    floatx80_tan(b, &res, &s);
                    break;
                default:
                    floatx80_sincos(b, &res, fs[i] == F_COS ? &res : NULL, &s);
                    break;
                }
                sink += res.low;
            }
            clock_gettime(CLOCK_MONOTONIC, &t1);
            printf("speed %-8s %.0f ns per operation (hosted)\n", fnames[fs[i]],
                   ((double)(t1.tv_sec - t0.tv_sec) * 1e9 +
                    (double)(t1.tv_nsec - t0.tv_nsec)) /
                       (double)n);
        }
    }
    printf("test-fpu-trans-ref: %s\n", fails ? "FAILED" : "within the bounds");
    return fails != 0;
}
#else
int main(void)
{
    printf("test-fpu-trans-ref: GNU MPFR (libmpfr-dev) not found at "
           "configure time: the accuracy test against MPFR is skipped\n");
    return 77;
}
#endif
