/*
 * x87 mix: a Mandelbrot set, a Whetstone-like loop (FADD/FMUL/FDIV/FSQRT,
 * m32 and m64 loads and stores) and a few transcendentals (FSIN, FCOS,
 * FPATAN, FYL2X, F2XM1). Built without -mgeneral-regs-only (build-guest.sh
 * guestfpu), at the x87's power-on precision (FNINIT: 64-bit significand,
 * round to nearest), the same for the guest and the native program.
 *
 * The checksum must be the same on every system: the basic operations are
 * correctly rounded (IEEE 754), so their results enter bit for bit; the
 * transcendentals are only within an ulp or so of Intel's, so each result
 * enters rounded to 2^-12 (far coarser than any emulator's error).
 */
#include "bench.h"

#define BENCH_NAME "fpu"
const char bench_name[] = BENCH_NAME;

#define MANDEL_W    32
#define MANDEL_H    24
#define MANDEL_ITER 64
#define WHET_N      64

static float whet_f[WHET_N];
static double whet_d[WHET_N];

/* gcc calls sqrt() unless -fno-math-errno; the instruction is the point. */
static inline double x87_fsqrt(double x)
{
    __asm__("fsqrt" : "+t"(x));
    return x;
}

static inline double x87_fsin(double x)
{
    __asm__("fsin" : "+t"(x));
    return x;
}

static inline double x87_fcos(double x)
{
    __asm__("fcos" : "+t"(x));
    return x;
}

/* atan(y / x): ST(1) = y, ST(0) = x, pops one. */
static inline double x87_fpatan(double y, double x)
{
    double r;
    __asm__("fpatan" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
    return r;
}

/* y * log2(x): ST(1) = y, ST(0) = x, pops one. */
static inline double x87_fyl2x(double y, double x)
{
    double r;
    __asm__("fyl2x" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
    return r;
}

/* 2^x - 1 for -1 <= x <= 1. */
static inline double x87_f2xm1(double x)
{
    __asm__("f2xm1" : "+t"(x));
    return x;
}

/* The bits of a double that went through memory (an m64 store). */
static uint32_t bits64(double d)
{
    union {
        double d;
        uint32_t w[2];
    } u = {.d = d};
    return u.w[0] ^ (u.w[1] * 31u);
}

static uint32_t bits32(float f)
{
    union {
        float f;
        uint32_t w;
    } u = {.f = f};
    return u.w;
}

/* A transcendental's result, rounded to 2^-12 (see the top). */
static uint32_t coarse(double d)
{
    return (uint32_t)(int32_t)(d * 4096.0 + (d < 0 ? -0.5 : 0.5));
}

static uint32_t run_mandel(uint32_t it)
{
    uint32_t sum = 0;
    double dx = 3.0 / MANDEL_W, dy = 2.4 / MANDEL_H;
    double shift = (double)(it & 7) / 64.0;
    for (int py = 0; py < MANDEL_H; py++) {
        double ci = -1.2 + py * dy;
        for (int px = 0; px < MANDEL_W; px++) {
            double cr = -2.0 + shift + px * dx, zr = 0, zi = 0;
            int n = 0;
            while (n < MANDEL_ITER) {
                double r2 = zr * zr, i2 = zi * zi;
                if (r2 + i2 > 4.0) {
                    break;
                }
                zi = 2.0 * zr * zi + ci;
                zr = r2 - i2 + cr;
                n++;
            }
            sum = sum * 3 + (uint32_t)n;
        }
    }
    return sum;
}

static uint32_t run_whetstone(uint32_t it)
{
    uint32_t sum = 0;
    double t = 0.499975, t2 = 2.0;
    for (int i = 0; i < WHET_N; i++) {
        whet_d[i] = 1.0 + (double)((i * 7 + it) % 13) / 8.0;
        whet_f[i] = (float)(1.0 / whet_d[i]);
    }
    for (int round = 0; round < 4; round++) {
        for (int i = 1; i < WHET_N; i++) {
            double a = whet_d[i - 1], b = whet_d[i];
            double x = (a + b * t) / t2;
            double y = x87_fsqrt(x * x + (double)whet_f[i]);
            whet_d[i] = (y - a * t + b) / (t2 + (double)whet_f[i - 1]);
            whet_f[i] = (float)(x * y - whet_f[i]);
        }
    }
    for (int i = 0; i < WHET_N; i++) {
        sum = sum * 33 + bits64(whet_d[i]);
        sum = sum * 33 + bits32(whet_f[i]);
    }
    return sum;
}

static uint32_t run_transcendental(uint32_t it)
{
    uint32_t sum = 0;
    for (int i = 0; i < 16; i++) {
        double x = (double)(i + 1) * 0.37 + (double)(it & 15) * 0.01;
        sum = sum * 7 + coarse(x87_fsin(x));
        sum = sum * 7 + coarse(x87_fcos(x));
        sum = sum * 7 + coarse(x87_fpatan(x, 1.5));
        sum = sum * 7 + coarse(x87_fyl2x(1.25, x));
        sum = sum * 7 + coarse(x87_f2xm1(x / 8.0 - 0.5));
    }
    return sum;
}

uint32_t bench_workload(uint32_t iterations)
{
    uint32_t sum = 0;
    __asm__ volatile("fninit");
    for (uint32_t it = 0; it < iterations; it++) {
        sum = sum * 33 + run_mandel(it);
        sum = sum * 33 + run_whetstone(it);
        sum = sum * 33 + run_transcendental(it);
    }
    return sum;
}
