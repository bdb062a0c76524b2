/* x87 operations for the fpu guest, shared with fpu-gen.c, which ran them
 * once on the host's x87 to make fpu-expected.inc (the expected bits are
 * committed: a build machine may not be able to run x87 code). Each one
 * starts from FNINIT and the control word cw with ST0 = a, ST1 = b, runs
 * one instruction (m: its memory operand) and records the status word
 * and the result: ST0 as m80, or what a store wrote. */
#ifndef FPU_OPS_H
#define FPU_OPS_H

#include <stdint.h>

typedef struct X80 {
    uint64_t lo;
    uint16_t hi;
} __attribute__((packed)) X80;

/* a stack result */
#define X87_STK(insn)                                                          \
    __asm__ volatile("fninit\n fldcw %[cw]\n fldt %[b]\n fldt %[a]\n" insn     \
                     "\n fnstsw %[sw]\n fstpt %[r]\n fninit"                   \
                     : [r] "=m"(*r), [sw] "=m"(*sw), [m] "+m"(*m)              \
                     : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw))
/* a memory result in *r (insn stores to %[r]) */
#define X87_MEM(insn)                                                          \
    __asm__ volatile("fninit\n fldcw %[cw]\n fldt %[b]\n fldt %[a]\n" insn     \
                     "\n fnstsw %[sw]\n fninit"                                \
                     : [r] "+m"(*r), [sw] "=m"(*sw), [m] "+m"(*m)              \
                     : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw))

/* 0..42: bit-identical to the host; 43..50: the transcendentals, within
 * one ulp (docs/fpu.md) */
enum { X87_NOPS = 43, X87_TRANS0 = 43, X87_NALL = 51 };

static const char *const x87_names[X87_NALL] = {
    "fadd",    "fsub",    "fsubr",  "fmul",    "fdiv",    "fdivr",   "faddp",
    "fsubp",   "fsubrp",  "fdivp",  "fdivrp",  "fsub_i",  "fsubr_i", "fdiv_i",
    "fsqrt",   "frndint", "fscale", "fadd32",  "fmul64",  "fiadd16", "fidivr32",
    "fsubr64", "fcom",    "fucomp", "fcom32",  "ficom16", "ftst",    "fxam",
    "fistp16", "fistp64", "fstp32", "fstp64",  "fbstp",   "fld32",   "fld64",
    "fild64",  "fbld",    "fchs",   "fabs",    "fxch",    "fprem",   "fprem1",
    "fxtract", "f2xm1",   "fyl2x",  "fyl2xp1", "fptan",   "fpatan",  "fsin",
    "fcos",    "fsincos",
};

/* register forms as bytes: GAS swaps FSUB/FSUBR with an ST(i) destination */
static inline void x87_run(int op, uint16_t cw, const X80 *a, const X80 *b,
                           X80 *m, X80 *r, uint16_t *sw)
{
    switch (op) {
    case 0:
        X87_STK(".byte 0xd8, 0xc1");
        break; /* fadd st, st1 */
    case 1:
        X87_STK(".byte 0xd8, 0xe1");
        break; /* fsub st, st1 */
    case 2:
        X87_STK(".byte 0xd8, 0xe9");
        break; /* fsubr st, st1 */
    case 3:
        X87_STK(".byte 0xd8, 0xc9");
        break; /* fmul st, st1 */
    case 4:
        X87_STK(".byte 0xd8, 0xf1");
        break; /* fdiv st, st1 */
    case 5:
        X87_STK(".byte 0xd8, 0xf9");
        break; /* fdivr st, st1 */
    case 6:
        X87_STK(".byte 0xde, 0xc1");
        break; /* faddp st1, st */
    case 7:
        X87_STK(".byte 0xde, 0xe9");
        break; /* fsubp st1, st */
    case 8:
        X87_STK(".byte 0xde, 0xe1");
        break; /* fsubrp st1, st */
    case 9:
        X87_STK(".byte 0xde, 0xf9");
        break; /* fdivp st1, st */
    case 10:
        X87_STK(".byte 0xde, 0xf1");
        break; /* fdivrp st1, st */
    case 11:
        X87_STK(".byte 0xdc, 0xe9\n fxch");
        break; /* fsub st1, st */
    case 12:
        X87_STK(".byte 0xdc, 0xe1\n fxch");
        break; /* fsubr st1, st */
    case 13:
        X87_STK(".byte 0xdc, 0xf9\n fxch");
        break; /* fdiv st1, st */
    case 14:
        X87_STK("fsqrt");
        break;
    case 15:
        X87_STK("frndint");
        break;
    case 16:
        X87_STK("fscale");
        break;
    case 17:
        X87_STK("fadds %[m]");
        break;
    case 18:
        X87_STK("fmull %[m]");
        break;
    case 19:
        X87_STK("fiadds %[m]");
        break;
    case 20:
        X87_STK("fidivrl %[m]");
        break;
    case 21:
        X87_STK("fsubrl %[m]");
        break;
    case 22:
        X87_STK(".byte 0xd8, 0xd1");
        break; /* fcom st1 */
    case 23:
        X87_STK(".byte 0xdd, 0xe9");
        break; /* fucomp st1 */
    case 24:
        X87_STK("fcoms %[m]");
        break;
    case 25:
        X87_STK("ficoms %[m]");
        break;
    case 26:
        X87_STK("ftst");
        break;
    case 27:
        X87_STK("fxam");
        break;
    case 28:
        X87_MEM("fistps %[r]");
        break;
    case 29:
        X87_MEM("fistpll %[r]");
        break;
    case 30:
        X87_MEM("fstps %[r]");
        break;
    case 31:
        X87_MEM("fstpl %[r]");
        break;
    case 32:
        X87_MEM("fbstp %[r]");
        break;
    case 33:
        X87_STK("flds %[m]");
        break;
    case 34:
        X87_STK("fldl %[m]");
        break;
    case 35:
        X87_STK("fildll %[m]");
        break;
    case 36:
        X87_STK("fbld %[m]");
        break;
    case 37:
        X87_STK("fchs");
        break;
    case 38:
        X87_STK("fabs");
        break;
    case 40:
        X87_STK("fprem");
        break;
    case 41:
        X87_STK("fprem1");
        break;
    case 42:
        X87_STK("fxtract");
        break;
    case 43:
        X87_STK("f2xm1");
        break;
    case 44:
        X87_STK("fyl2x");
        break;
    case 45:
        X87_STK("fyl2xp1");
        break;
    case 46:
        X87_STK("fptan\n fstp %%st(0)"); /* the tangent */
        break;
    case 47:
        X87_STK("fpatan");
        break;
    case 48:
        X87_STK("fsin");
        break;
    case 49:
        X87_STK("fcos");
        break;
    case 50:
        X87_STK("fsincos\n fstp %%st(0)"); /* the sine */
        break;
    default:
        X87_STK("fxch");
        break;
    }
}

#endif
