/* The operands of the fpu guest's cases (fpu-ops.h, fpu-gen.c). */
#ifndef FPU_VALUES_H
#define FPU_VALUES_H

#include "fpu-ops.h"

static const X80 fpu_vals[] = {
    {0x8000000000000000ull, 0x3fff}, /* 0: 1 */
    {0xc000000000000000ull, 0x4000}, /* 1: 3 */
    {0xc90fdaa22168c235ull, 0x4000}, /* 2: pi */
    {0xa000000000000000ull, 0xc000}, /* 3: -2.5 */
    {0x0000000012345678ull, 0x0000}, /* 4: denormal */
    {0xffffffffffffffffull, 0x7ffe}, /* 5: largest finite */
    {0x0000000000000000ull, 0x8000}, /* 6: -0 */
    {0x8000000000000000ull, 0x7fff}, /* 7: +inf */
    {0xc000000000000001ull, 0x7fff}, /* 8: quiet NaN */
    {0x8000000000000001ull, 0x7fff}, /* 9: signalling NaN */
    {0xc0e6b6c8b4395810ull, 0x400c}, /* 10: about 12345.678 */
    {0xcccccccccccccccdull, 0x3ffb}, /* 11: 0.1 */
    {0x9502f90000000000ull, 0x4020}, /* 12: 1e10 */
    {0x8000000000000001ull, 0x0001}, /* 13: smallest normal + 1 ulp */
    {0x4000000000000000ull, 0x4001}, /* 14: unnormal */
    {0x8000000000000000ull, 0x3ffe}, /* 15: 0.5 */
    {0xc000000000000000ull, 0xbffe}, /* 16: -0.75 */
    {0x8000000000000000ull, 0x403e}, /* 17: 2^63 */
    {0x8000000000000000ull, 0xbffd}, /* 18: -0.25 */
    {0x0000000000000000ull, 0x0000}, /* 19: +0 */
};

/* The transcendentals' operands (a = ST0, b = ST1), in their ranges */
enum { FPU_NTPAIRS = 8 };
static const uint8_t fpu_tpairs[X87_NALL - X87_TRANS0][FPU_NTPAIRS][2] = {
    {{15, 0}, {16, 0}, {11, 0}, {4, 0}, {6, 0}, {18, 0}, {15, 1}, {16, 3}},
    {{2, 1}, {11, 0}, {12, 3}, {19, 0}, {0, 1}, {15, 3}, {10, 11}, {4, 0}},
    {{11, 0}, {18, 1}, {15, 3}, {16, 0}, {4, 1}, {6, 0}, {11, 12}, {18, 3}},
    {{2, 0}, {11, 0}, {12, 0}, {3, 0}, {17, 0}, {6, 0}, {10, 0}, {15, 0}},
    {{1, 0}, {11, 3}, {6, 19}, {3, 12}, {0, 0}, {18, 2}, {12, 11}, {16, 6}},
    {{2, 0}, {11, 0}, {12, 0}, {10, 0}, {17, 0}, {3, 0}, {6, 0}, {4, 0}},
    {{2, 0}, {11, 0}, {12, 0}, {10, 0}, {17, 0}, {3, 0}, {6, 0}, {4, 0}},
    {{2, 0}, {11, 0}, {12, 0}, {10, 0}, {17, 0}, {3, 0}, {15, 0}, {16, 0}},
};

enum { FPU_NPAIRS = 12, FPU_NCWS = 6, FPU_NMVALS = 7 };

static const uint8_t fpu_pairs[FPU_NPAIRS][2] = {
    {0, 1}, {2, 11}, {3, 10}, {4, 13},  {5, 5},  {6, 0},
    {7, 8}, {9, 2},  {12, 3}, {10, 12}, {11, 4}, {14, 6},
};

/* nearest/64, chop/64, up/53, down/24, nearest/53, nearest/24 */
static const uint16_t fpu_cws[FPU_NCWS] = {0x037f, 0x0f7f, 0x0a7f,
                                           0x047f, 0x027f, 0x007f};

static const X80 fpu_mvals[FPU_NMVALS] = {
    {0x0000000040490fdbull, 0},      /* m32 pi */
    {0x3fb999999999999aull, 0},      /* m64 0.1 */
    {0x7ff0000000000001ull, 0},      /* m64 signalling NaN */
    {0x00000000fffffffdull, 0},      /* int -3 (m32), m16 -3 */
    {0x0000000000000001ull, 0},      /* m32 denormal */
    {0xffffffff80000000ull, 0},      /* int32 min, m64 NaN-ish */
    {0x0000000000123456ull, 0x8000}, /* BCD -123456 */
};

#define FPU_R_INIT ((X80){0xaaaaaaaaaaaaaaaaull, 0xaaaa})

#endif
