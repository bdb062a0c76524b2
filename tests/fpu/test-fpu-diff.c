/*
 * Differential test of emu/fpu against the host's own x87 (issue 13):
 * random operands drawn to hit the edges, every operation in every
 * precision and rounding mode (exceptions masked, and with overflow and
 * underflow unmasked: the bias-adjusted results), comparing the 80-bit
 * result and the status bits the operation defines. Seeded and
 * reproducible; the seed and the failing case are printed.
 *
 *   test-fpu-diff [COUNT [SEED]]        COUNT cases per op and mode
 *   test-fpu-diff --dump N SEED FILE    write N vectors per op (text)
 *
 * Hosts without an x87 (not x86): says so and exits 77 (meson: skipped).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x87-ops.h"

#if defined(__x86_64__) || defined(__i386__)
#define HAVE_X87 1
#include <cpuid.h>

typedef struct __attribute__((packed, aligned(16))) HostX80 {
    uint64_t m;
    uint16_t e;
    uint8_t pad[6];
} HostX80;

/* One operation on the host x87: st0 = a, st1 = b. */
static X87Result host_x87_op(int op, uint16_t cw, floatx80 fa, floatx80 fb)
{
    HostX80 a = {fa.low, fa.high, {0}}, b = {fb.low, fb.high, {0}}, r = {0};
    HostX80 r2 = {0};
    uint16_t save, sw = 0;
    uint64_t iv = 0;
    uint32_t i32 = (uint32_t)fa.low, f32 = 0;
    uint16_t i16 = 0;
    uint64_t f64 = 0, u64 = fa.low;
    X87Result res;

    __asm__ volatile("fnstcw %0" : "=m"(save));
    __asm__ volatile("fninit\n\tfldcw %0" : : "m"(cw));
    switch (op) {
    case OP_ADD:
    case OP_SUB:
    case OP_MUL:
    case OP_DIV:
    case OP_CMP:
    case OP_UCMP:
    case OP_SCALE:
        __asm__ volatile("fldt %0\n\tfldt %1" : : "m"(b), "m"(a));
        if (op == OP_ADD) {
            __asm__ volatile("fadd %st(1), %st");
        } else if (op == OP_SUB) {
            __asm__ volatile("fsub %st(1), %st");
        } else if (op == OP_MUL) {
            __asm__ volatile("fmul %st(1), %st");
        } else if (op == OP_DIV) {
            __asm__ volatile("fdiv %st(1), %st");
        } else if (op == OP_SCALE) {
            __asm__ volatile("fscale");
        } else if (op == OP_CMP) {
            __asm__ volatile("fcom %st(1)");
        } else {
            __asm__ volatile("fucom %st(1)");
        }
        __asm__ volatile("fnstsw %0\n\tfnclex\n\tfstpt %1\n\tfstp %%st(0)"
                         : "=m"(sw), "=m"(r));
        break;
    case OP_PREM:
    case OP_PREM1:
        __asm__ volatile("fldt %0\n\tfldt %1" : : "m"(b), "m"(a));
        if (op == OP_PREM) {
            __asm__ volatile("fprem");
        } else {
            __asm__ volatile("fprem1");
        }
        __asm__ volatile("fnstsw %0\n\tfnclex\n\tfstpt %1\n\tfstp %%st(0)"
                         : "=m"(sw), "=m"(r));
        break;
    case OP_F2XM1:
        __asm__ volatile("fldt %2\n\tf2xm1\n\tfnstsw %0\n\tfnclex\n\tfstpt %1"
                         : "=m"(sw), "=m"(r)
                         : "m"(a));
        break;
    case OP_YL2X:
    case OP_YL2XP1:
    case OP_PATAN:
        __asm__ volatile("fldt %0\n\tfldt %1" : : "m"(b), "m"(a));
        if (op == OP_YL2X) {
            __asm__ volatile("fyl2x");
        } else if (op == OP_YL2XP1) {
            __asm__ volatile("fyl2xp1");
        } else {
            __asm__ volatile("fpatan");
        }
        __asm__ volatile("fnstsw %0\n\tfnclex\n\tfstpt %1" : "=m"(sw), "=m"(r));
        break;
    case OP_SIN:
    case OP_COS:
        __asm__ volatile("fldt %0" : : "m"(a));
        if (op == OP_SIN) {
            __asm__ volatile("fsin");
        } else {
            __asm__ volatile("fcos");
        }
        __asm__ volatile("fnstsw %0\n\tfnclex\n\tfstpt %1" : "=m"(sw), "=m"(r));
        break;
    case OP_SINCOS:
    case OP_PTAN:
        /* in range, two results (cos/sin, 1.0/tan); else ST0 stays */
        __asm__ volatile("fldt %0" : : "m"(a));
        if (op == OP_SINCOS) {
            __asm__ volatile("fsincos");
        } else {
            __asm__ volatile("fptan");
        }
        __asm__ volatile("fnstsw %0\n\tfnclex" : "=m"(sw));
        if (sw & SW_C2) {
            __asm__ volatile("fstpt %0" : "=m"(r));
        } else {
            __asm__ volatile("fstpt %0\n\tfstpt %1" : "=m"(r), "=m"(r2));
        }
        break;
    case OP_XTRACT:
        __asm__ volatile(
            "fldt %3\n\tfxtract\n\tfnstsw %0\n\tfnclex\n\tfstpt %1\n\t"
            "fstpt %2"
            : "=m"(sw), "=m"(r), "=m"(r2)
            : "m"(a));
        break;
    case OP_SQRT:
    case OP_RNDINT:
        __asm__ volatile("fldt %0" : : "m"(a));
        if (op == OP_SQRT) {
            __asm__ volatile("fsqrt");
        } else {
            __asm__ volatile("frndint");
        }
        __asm__ volatile("fnstsw %0\n\tfnclex\n\tfstpt %1" : "=m"(sw), "=m"(r));
        break;
    case OP_IST16:
        __asm__ volatile("fldt %2\n\tfistps %1\n\tfnstsw %0"
                         : "=m"(sw), "=m"(i16)
                         : "m"(a));
        iv = i16;
        break;
    case OP_IST32:
        __asm__ volatile("fldt %2\n\tfistpl %1\n\tfnstsw %0"
                         : "=m"(sw), "=m"(i32)
                         : "m"(a));
        iv = i32;
        break;
    case OP_IST64:
        __asm__ volatile("fldt %2\n\tfistpll %1\n\tfnstsw %0"
                         : "=m"(sw), "=m"(iv)
                         : "m"(a));
        break;
    case OP_ST32:
        __asm__ volatile("fldt %2\n\tfstps %1\n\tfnstsw %0"
                         : "=m"(sw), "=m"(f32)
                         : "m"(a));
        iv = f32;
        break;
    case OP_ST64:
        __asm__ volatile("fldt %2\n\tfstpl %1\n\tfnstsw %0"
                         : "=m"(sw), "=m"(f64)
                         : "m"(a));
        iv = f64;
        break;
    case OP_LD32:
        __asm__ volatile("flds %2\n\tfnstsw %0\n\tfnclex\n\tfstpt %1"
                         : "=m"(sw), "=m"(r)
                         : "m"(i32));
        break;
    case OP_LD64:
        __asm__ volatile("fldl %2\n\tfnstsw %0\n\tfnclex\n\tfstpt %1"
                         : "=m"(sw), "=m"(r)
                         : "m"(u64));
        break;
    case OP_ILD32:
        __asm__ volatile("fildl %2\n\tfnstsw %0\n\tfnclex\n\tfstpt %1"
                         : "=m"(sw), "=m"(r)
                         : "m"(i32));
        break;
    case OP_BST:
        __asm__ volatile("fldt %2\n\tfbstp %1\n\tfnstsw %0"
                         : "=m"(sw), "=m"(r)
                         : "m"(a));
        break;
    case OP_BLD:
        __asm__ volatile("fbld %2\n\tfnstsw %0\n\tfnclex\n\tfstpt %1"
                         : "=m"(sw), "=m"(r)
                         : "m"(a));
        break;
    case OP_ILD64:
        __asm__ volatile("fildll %2\n\tfnstsw %0\n\tfnclex\n\tfstpt %1"
                         : "=m"(sw), "=m"(r)
                         : "m"(u64));
        break;
    }
    __asm__ volatile("fnclex\n\tfldcw %0" : : "m"(save));
    if (op >= OP_IST16 && op <= OP_ST64) {
        res.r = make_floatx80(0, iv);
    } else {
        res.r = make_floatx80(r.e, r.m);
    }
    res.r2 = make_floatx80(r2.e, r2.m);
    res.sw = sw & x87_op_sw_mask(op);
    return res;
}
#else
#define HAVE_X87 0
#endif

static uint64_t rng_state;

static uint64_t rnd(void)
{
    /* xorshift64*: small, seedable, the same on every host */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

/* A significand with patterns near rounding boundaries of 24/53/64. */
static uint64_t draw_sig(void)
{
    uint64_t m = rnd();
    switch (rnd() % 8) {
    case 0:
        return m | 0x8000000000000000ull;
    case 1: /* a tie or near tie at a precision boundary */
        m &= ~0xffffffffffull;
        m |= (rnd() & 1 ? 0x8000000000ull : 0x400ull) + (rnd() % 3) - 1;
        return m | 0x8000000000000000ull;
    case 2:
        return 0x8000000000000000ull | (rnd() % 4);
    case 3:
        return 0xffffffffffffffffull - (rnd() % 4);
    case 4: /* few bits: exact results */
        return 0x8000000000000000ull | (m & 0xff00000000000000ull);
    default:
        return m | 0x8000000000000000ull;
    }
}

static floatx80 draw_x80(void)
{
    uint16_t sign = (rnd() & 1) << 15;
    uint64_t m = draw_sig();

    switch (rnd() % 16) {
    case 0:
        return make_floatx80(sign, 0); /* zero */
    case 1:
        return make_floatx80(sign, m >> (1 + rnd() % 63)); /* denormal */
    case 2:
        return make_floatx80(sign, m); /* pseudo-denormal */
    case 3:
        return make_floatx80(sign | 0x7fff, 0x8000000000000000ull); /* inf */
    case 4: /* NaN: quiet or signalling */
        return make_floatx80(sign | 0x7fff, 0x8000000000000000ull |
                                                (rnd() >> 1) |
                                                (rnd() & 1 ? 1 : 0));
    case 5: /* unnormal, pseudo-NaN/-infinity: invalid on a 387+ */
        return make_floatx80(
            sign | (uint16_t)(rnd() & 1 ? 0x7fff : rnd() % 0x7fff),
            m & 0x7fffffffffffffffull);
    case 6: /* near the extended range's ends */
        return make_floatx80(sign | (uint16_t)(rnd() % 80 + 1), m);
    case 7:
        return make_floatx80(sign | (uint16_t)(0x7ffe - rnd() % 80), m);
    case 8: /* around the single and double ranges' ends */
        return make_floatx80(
            sign | (uint16_t)(16383 +
                              (rnd() & 1 ? 1 : -1) *
                                  (int)(rnd() % 40 + (rnd() & 1 ? 110 : 1005))),
            m);
    case 9: /* small integers and halves */
        return make_floatx80(sign | (uint16_t)(16383 + rnd() % 66 - 2),
                             (m & 0xffff000000000000ull) |
                                 0x8000000000000000ull);
    default:
        return make_floatx80(
            sign | (uint16_t)(16383 + (int)(rnd() % 200) - 100), m);
    }
}

/* The second operand: often close to the first (cancellation, ties). */
static floatx80 draw_b(int op, floatx80 a)
{
    if ((op == OP_PREM || op == OP_PREM1) && rnd() % 4 == 0) {
        /* exponent differences around 64 and far beyond: the partial
         * remainders */
        int d = (int)(rnd() % (rnd() & 1 ? 400 : 80));
        uint16_t e = a.high & 0x7fff;
        if (e > d) {
            e = (uint16_t)(e - d);
        }
        return make_floatx80((uint16_t)((rnd() & 1) << 15) | e, draw_sig());
    }
    switch (rnd() % 4) {
    case 0: {
        int d = (int)(rnd() % 70) - 2;
        uint16_t e = a.high & 0x7fff;
        if (e > d && e - d < 0x7fff) {
            e = (uint16_t)(e - d);
        }
        return make_floatx80((uint16_t)((rnd() & 1) << 15) | e,
                             a.low ^ (rnd() >> (rnd() % 64)));
    }
    default:
        return draw_x80();
    }
}

/* Operands of the memory-format loads: edges of their encodings. */
static floatx80 draw_operand(int op, floatx80 a)
{
    uint64_t v = rnd();
    switch (op) {
    case OP_LD32:
        switch (rnd() % 4) {
        case 0:
            v &= 0x807fffff; /* zero/denormal */
            break;
        case 1:
            v |= 0x7f800000;
            break;
        }
        return make_floatx80(0, (uint32_t)v);
    case OP_LD64:
        switch (rnd() % 4) {
        case 0:
            v &= 0x800fffffffffffffull;
            break;
        case 1:
            v |= 0x7ff0000000000000ull;
            break;
        }
        return make_floatx80(0, v);
    case OP_ILD32:
        return make_floatx80(0, rnd() & 1 ? (uint32_t)v
                                          : (uint32_t)(v >> (rnd() % 32)));
    case OP_ILD64:
        return make_floatx80(0, rnd() & 1 ? v : v >> (rnd() % 64));
    case OP_BLD: { /* valid digits only: others are undefined */
        floatx80 b = {0, (uint16_t)((rnd() & 1) << 15)};
        int n = (int)(rnd() % 19);
        for (int i = 0; i < n; i++) {
            uint64_t d = rnd() % 10;
            if (i < 16) {
                b.low |= d << (i * 4);
            } else {
                b.high |= (uint16_t)(d << ((i - 16) * 4));
            }
        }
        return b;
    }
    case OP_F2XM1: /* the documented range, |a| <= 1 */
        if (rnd() % 8 == 0) {
            return make_floatx80((uint16_t)((rnd() & 1) << 15) | 0x3fff,
                                 0x8000000000000000ull);
        }
        if (rnd() & 1) {
            return make_floatx80((uint16_t)((rnd() & 1) << 15) |
                                     (uint16_t)(0x3ffe - rnd() % 70),
                                 draw_sig());
        }
        return a;
    case OP_YL2X: /* positive, often near 1 */
        if (rnd() & 1) {
            uint16_t e = rnd() & 1 ? 0x3fff - (rnd() & 1)
                                   : (uint16_t)(0x3fff + rnd() % 200 - 100);
            return make_floatx80(e, draw_sig());
        }
        return a;
    case OP_YL2XP1: /* the documented range, |a| < 1 - sqrt(2)/2 */
        if (rnd() & 1) {
            return make_floatx80((uint16_t)((rnd() & 1) << 15) |
                                     (uint16_t)(0x3ffd - rnd() % 70),
                                 draw_sig());
        }
        return a;
    case OP_SIN:
    case OP_COS:
    case OP_SINCOS:
    case OP_PTAN: /* |a| < 2^63, near multiples of pi/2, or anything */
        switch (rnd() % 4) {
        case 0:
            return make_floatx80((uint16_t)((rnd() & 1) << 15) |
                                     (uint16_t)(0x3fff + rnd() % 64 - 8),
                                 draw_sig());
        case 1: {
            /* k * pi/2 rounded, then a few ulps off */
            float_status s = {0, 64, 0, false};
            int64_t k = (int64_t)((rnd() >> (rnd() % 63 + 1)) + 1);
            floatx80 m =
                floatx80_mul(int64_to_floatx80(rnd() & 1 ? -k : k),
                             make_floatx80(0x3fff, 0xc90fdaa22168c235ull), &s);
            m.low += rnd() % 5 - 2;
            return m;
        }
        case 2:
            return make_floatx80((uint16_t)((rnd() & 1) << 15) |
                                     (uint16_t)(0x3ffe - rnd() % 70),
                                 draw_sig());
        }
        return a;
    case OP_BST: /* around the 18-digit limit, or anything */
        if (rnd() & 1) {
            return make_floatx80((uint16_t)((rnd() & 1) << 15) |
                                     (uint16_t)(16383 + 50 + rnd() % 12),
                                 draw_sig());
        }
        return a;
    default:
        return a;
    }
}

/* The transcendentals' allowed distance from the host x87, in ulps of
 * the 64-bit result: the host is within 1 ulp of the true value (Intel),
 * emu/fpu too (docs/fpu.md). */
#define TRANS_ULP 2
#define STR_(x)   #x
#define STR(x)    STR_(x)

/* Distance in ulps of two results (0 when equal, huge when they are not
 * both finite with one sign). */
static uint64_t ulp_diff(floatx80 p, floatx80 q)
{
    unsigned __int128 kp, kq;

    if (p.low == q.low && p.high == q.high) {
        return 0;
    }
    if ((p.high & 0x7fff) == 0x7fff || (q.high & 0x7fff) == 0x7fff ||
        ((p.high ^ q.high) & 0x8000)) {
        return UINT64_MAX;
    }
    kp = (p.high & 0x7fff) ? (unsigned __int128)((p.high & 0x7fff) - 1) << 63
                           : 0;
    kq = (q.high & 0x7fff) ? (unsigned __int128)((q.high & 0x7fff) - 1) << 63
                           : 0;
    kp += p.low;
    kq += q.low;
    kp = kp > kq ? kp - kq : kq - kp;
    return kp > UINT64_MAX ? UINT64_MAX : (uint64_t)kp;
}

#define SW_UE 0x0010

/*
 * Where two x87 implementations were measured to differ (docs/fpu.md,
 * D41), either behaviour is accepted; such cases are counted and printed.
 * 1. FSCALE by zero and FPREM/FPREM1 by an infinity hand back a denormal
 *    or pseudo-denormal operand unchanged. With underflow unmasked, one
 *    host raised UE and biased the result (what emu/fpu does), another
 *    (an Intel Xeon under KVM, session 8) returns the operand as it is
 *    with DE alone.
 * 2. A transcendental result within TRANS_ULP of the host's next to the
 *    denormal boundary: which of the two is tiny, hence UE, follows that
 *    last ulp.
 */
static bool host_variant(int op, floatx80 a, X87Result h, X87Result m,
                         uint64_t ulps)
{
    if ((op == OP_SCALE || op == OP_PREM || op == OP_PREM1) &&
        (a.high & 0x7fff) == 0 && h.r.high == a.high && h.r.low == a.low &&
        (m.sw & SW_UE) && h.sw == (m.sw & ~SW_UE) &&
        (m.r.high & 0x7fff) > 0x4000) {
        return true;
    }
    if (!x87_op_is_trans(op) || ((h.sw ^ m.sw) & ~(SW_C1 | SW_UE)) != 0) {
        return false;
    }
    if (ulps <= TRANS_ULP) { /* FSINCOS/FPTAN: either result */
        return (h.r.high & 0x7fff) <= 1 || (m.r.high & 0x7fff) <= 1 ||
               (h.r2.high & 0x7fff) <= 1 || (m.r2.high & 0x7fff) <= 1;
    }
    /* underflow unmasked: the tiny one of the two is biased by 2^24576 */
    if ((h.sw ^ m.sw) & SW_UE) {
        X87Result t = (h.sw & SW_UE) ? h : m, n = (h.sw & SW_UE) ? m : h;
        for (int i = 0; i < 2; i++) {
            floatx80 tr = i ? t.r2 : t.r, nr = i ? n.r2 : n.r;
            floatx80 to = i ? t.r : t.r2, no = i ? n.r : n.r2;
            unsigned te = tr.high & 0x7fff;
            if (!((tr.high ^ nr.high) & 0x8000) && (nr.high & 0x7fff) <= 1 &&
                te >= 0x5fff && te <= 0x6001 && ulp_diff(to, no) <= TRANS_ULP) {
                return true;
            }
        }
    }
    return false;
}

/* F2XM1 is defined for |a| <= 1, FYL2XP1 for |a| < 1 - sqrt(2)/2 (SDM);
 * NaNs, infinities and invalid encodings are compared. */
static bool in_documented_range(int op, floatx80 a)
{
    int e = a.high & 0x7fff;

    if (e == 0x7fff || (e && !(a.low >> 63))) {
        return true;
    }
    if (op == OP_F2XM1) {
        return e < 0x3fff || (e == 0x3fff && a.low == 0x8000000000000000ull);
    }
    if (op == OP_YL2XP1) {
        return e < 0x3ffd || (e == 0x3ffd && a.low < 0x95f619980c4336f7ull);
    }
    return true;
}

static const uint16_t cws[] = {0x037f, 0x007f, 0x027f, 0x077f, 0x0b7f, 0x0f7f,
                               0x047f, 0x087f, 0x0c7f, 0x067f, 0x0a7f, 0x0e7f};
#define NCW (int)(sizeof(cws) / sizeof(cws[0]))
/* The same with overflow and underflow unmasked (OM, UM clear): results
 * out of range come bias-adjusted, stores that over/underflow store
 * nothing. Compared, not dumped (the board vectors stay masked). */
static const uint16_t cws_unmasked[] = {0x0367, 0x0067, 0x0267,
                                        0x0767, 0x0b67, 0x0f67};
#define NCW_ALL (NCW + (int)(sizeof(cws_unmasked) / sizeof(cws_unmasked[0])))

static uint16_t cw_at(int c)
{
    return c < NCW ? cws[c] : cws_unmasked[c - NCW];
}

static int dump(long n, uint64_t seed, const char *path)
{
#if HAVE_X87
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return 1;
    }
    rng_state = seed;
    fprintf(f,
            "/* emu/fpu test vectors captured from the host x87 by\n"
            " * test-fpu-diff --dump %ld %#" PRIx64 " (op, cw, a, b, "
            "result, second result, status);\n"
            " * the transcendentals (op >= %d): emu/fpu's results */\n",
            n, seed, OP_F2XM1);
    for (int op = 0; op < OP_COUNT; op++) {
        for (long i = 0; i < n; i++) {
            uint16_t cw = cws[rnd() % NCW];
            floatx80 a = draw_operand(op, draw_x80()), b = draw_b(op, a);
            X87Result h = host_x87_op(op, cw, a, b);
            if (x87_op_is_trans(op)) {
                /* not bit-identical to the host: emu/fpu's own bits
                 * (within TRANS_ULP of the host's, which fpu-diff checks)
                 * so that the board is shown to give the same */
                h = soft_x87_op(op, cw, a, b);
            }
            fprintf(f,
                    "V(%d, 0x%04x, 0x%04x, 0x%016" PRIx64 ", 0x%04x, "
                    "0x%016" PRIx64 ", 0x%04x, 0x%016" PRIx64 ", 0x%04x, "
                    "0x%016" PRIx64 ", 0x%04x)\n",
                    op, cw, a.high, a.low, b.high, b.low, h.r.high, h.r.low,
                    h.r2.high, h.r2.low, h.sw);
        }
    }
    fclose(f);
    return 0;
#else
    (void)n, (void)seed, (void)path;
    printf("test-fpu-diff: no x87 on this host: cannot capture vectors\n");
    return 77;
#endif
}

int main(int argc, char **argv)
{
    long count = 20000;
    uint64_t seed = 0x1387;
    long fails = 0;

    if (argc == 5 && !strcmp(argv[1], "--dump")) {
        return dump(strtol(argv[2], NULL, 0), strtoull(argv[3], NULL, 0),
                    argv[4]);
    }
    if (argc > 1) {
        count = strtol(argv[1], NULL, 0);
    }
    if (argc > 2) {
        seed = strtoull(argv[2], NULL, 0);
    }
#if !HAVE_X87
    (void)count, (void)fails;
    printf("test-fpu-diff: no x87 on this host (not x86): differential test "
           "skipped; the vector test still runs\n");
    return 77;
#else
    {
        unsigned eax, ebx, ecx, edx;
        char vendor[13] = "?";
        if (__get_cpuid(0, &eax, &ebx, &ecx, &edx)) {
            memcpy(vendor, &ebx, 4);
            memcpy(vendor + 4, &edx, 4);
            memcpy(vendor + 8, &ecx, 4);
            vendor[12] = 0;
            __get_cpuid(1, &eax, &ebx, &ecx, &edx);
            printf("test-fpu-diff: host x87 of %s family %u model %u\n", vendor,
                   ((eax >> 8) & 15) + ((eax >> 20) & 255),
                   ((eax >> 4) & 15) | ((eax >> 12) & 0xf0));
        }
    }
    for (int op = 0; op < OP_COUNT; op++) {
        long opfails = 0, same = 0, skipped = 0, variants = 0;
        uint64_t maxulp = 0;
        for (int c = 0; c < NCW_ALL; c++) {
            uint16_t cw = cw_at(c);
            rng_state = seed ^ ((uint64_t)(c < NCW ? op * NCW + c + 1
                                                   : 0x10000 + op * NCW_ALL + c)
                                << 32);
            for (long i = 0; i < count; i++) {
                floatx80 a = draw_operand(op, draw_x80()), b = draw_b(op, a);
                X87Result h = host_x87_op(op, cw, a, b);
                X87Result m = soft_x87_op(op, cw, a, b);
                uint64_t u;
                if (!in_documented_range(op, a)) {
                    skipped++; /* undefined on the hardware */
                    continue;
                }
                if (h.r.low == m.r.low && h.r.high == m.r.high &&
                    h.r2.low == m.r2.low && h.r2.high == m.r2.high &&
                    h.sw == m.sw) {
                    same++;
                    continue;
                }
                /* the transcendentals: within TRANS_ULP of each other,
                 * the same flags (C1, the rounding direction, may differ
                 * with the result) */
                u = ulp_diff(h.r, m.r);
                if (ulp_diff(h.r2, m.r2) > u) {
                    u = ulp_diff(h.r2, m.r2);
                }
                if (x87_op_is_trans(op) && u <= TRANS_ULP &&
                    ((h.sw ^ m.sw) & ~SW_C1) == 0) {
                    maxulp = u > maxulp ? u : maxulp;
                    continue;
                }
                if (host_variant(op, a, h, m, u)) {
                    if (variants++ < 2) {
                        printf("host-dependent %s cw=%04x a=%04x:%016" PRIx64
                               ": host %04x:%016" PRIx64 " sw=%04x, soft "
                               "%04x:%016" PRIx64 " sw=%04x\n",
                               x87_op_names[op], cw, a.high, a.low, h.r.high,
                               h.r.low, h.sw, m.r.high, m.r.low, m.sw);
                    }
                    continue;
                }
                if (opfails++ < 8) {
                    printf(
                        "FAIL %s cw=%04x a=%04x:%016" PRIx64
                        " b=%04x:%016" PRIx64 "\n  host %04x:%016" PRIx64
                        " %04x:%016" PRIx64 " sw=%04x\n  soft %04x:%016" PRIx64
                        " %04x:%016" PRIx64 " sw=%04x  (seed %#" PRIx64
                        ", case %ld)\n",
                        x87_op_names[op], cw, a.high, a.low, b.high, b.low,
                        h.r.high, h.r.low, h.r2.high, h.r2.low, h.sw, m.r.high,
                        m.r.low, m.r2.high, m.r2.low, m.sw, seed, i);
                }
            }
        }
        if (x87_op_is_trans(op)) {
            printf("%-8s %ld cases, %ld differ; %.4f%% bit-identical, the "
                   "others within %" PRIu64 " ulp (%ld outside the "
                   "documented range, not compared)\n",
                   x87_op_names[op], count * NCW_ALL, opfails,
                   100.0 * (double)same / (double)(count * NCW_ALL - skipped),
                   maxulp, skipped);
        } else {
            printf("%-8s %ld cases, %ld differ\n", x87_op_names[op],
                   count * NCW_ALL, opfails);
        }
        if (variants) {
            printf("%-8s %ld cases where x87 implementations differ "
                   "(either accepted, see docs/fpu.md)\n",
                   x87_op_names[op], variants);
        }
        fails += opfails;
    }
    printf("test-fpu-diff: seed %#" PRIx64 ", %ld cases per op and control "
           "word: %s\n",
           seed, count,
           fails ? "FAILED"
                 : "bit-identical (transcendentals: within " STR(
                       TRANS_ULP) " ulp)");
    return fails != 0;
#endif
}
