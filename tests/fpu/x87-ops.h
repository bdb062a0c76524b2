/* The operations the soft-float tests exercise, shared by the
 * differential test (hosted, against the host's x87) and the vector test
 * (hosted and on the board, against vectors the former captured). */
#ifndef BMX_TESTS_FPU_X87_OPS_H
#define BMX_TESTS_FPU_X87_OPS_H

#include "fpu/fpu.h"

enum {
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_DIV,
    OP_SQRT,
    OP_RNDINT,
    OP_CMP,
    OP_UCMP,
    OP_IST16,
    OP_IST32,
    OP_IST64,
    OP_ST32,
    OP_ST64,
    OP_LD32,
    OP_LD64,
    OP_ILD32,
    OP_ILD64,
    OP_BST,
    OP_BLD,
    OP_SCALE,
    OP_PREM,
    OP_PREM1,
    OP_XTRACT,
    /* the transcendentals: within a stated error, not bit-identical */
    OP_F2XM1,
    OP_YL2X,
    OP_YL2XP1,
    OP_PATAN,
    OP_SIN,
    OP_COS,
    OP_SINCOS,
    OP_PTAN,
    OP_COUNT
};

extern const char *const x87_op_names[OP_COUNT];

/* Status word bits that an operation defines (C1 for rounding ones,
 * C0/C2/C3 for compares, the six exception flags). */
#define SW_EXC 0x003f
#define SW_C0  0x0100
#define SW_C1  0x0200
#define SW_C2  0x0400
#define SW_C3  0x4000

typedef struct X87Result {
    floatx80 r;  /* result register, or an integer/real in r.low */
    floatx80 r2; /* the second result (FXTRACT's exponent), else zero */
    uint16_t sw; /* defined status bits */
} X87Result;

/* cw: an x87 control word (exceptions masked; PC and RC used). */
X87Result soft_x87_op(int op, uint16_t cw, floatx80 a, floatx80 b);
uint16_t x87_op_sw_mask(int op);

static inline bool x87_op_is_trans(int op)
{
    return op >= OP_F2XM1;
}

#endif
