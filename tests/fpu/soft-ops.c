/* The soft-float side of the tests: one x87 operation on emu/fpu. */
#include <stddef.h>

#include "x87-ops.h"

const char *const x87_op_names[OP_COUNT] = {
    "fadd",   "fsub",    "fmul",   "fdiv",   "fsqrt",   "frndint", "fcom",
    "fucom",  "fist16",  "fist32", "fist64", "fst32",   "fst64",   "fld32",
    "fld64",  "fild32",  "fild64", "fbstp",  "fbld",    "fscale",  "fprem",
    "fprem1", "fxtract", "f2xm1",  "fyl2x",  "fyl2xp1", "fpatan",  "fsin",
    "fcos",   "fsincos", "fptan",
};

uint16_t x87_op_sw_mask(int op)
{
    if (op == OP_CMP || op == OP_UCMP) {
        return SW_EXC | SW_C0 | SW_C2 | SW_C3;
    }
    if (op >= OP_SIN) {
        return SW_EXC | SW_C1 | SW_C2;
    }
    if (op == OP_PREM || op == OP_PREM1) {
        return SW_EXC | SW_C0 | SW_C1 | SW_C2 | SW_C3;
    }
    if (op == OP_BST || op == OP_SCALE || op == OP_XTRACT) {
        return SW_EXC | SW_C1;
    }
    if (op >= OP_LD32) {
        return SW_EXC; /* loads are exact: C1 is only stack faults */
    }
    return SW_EXC | SW_C1;
}

X87Result soft_x87_op(int op, uint16_t cw, floatx80 a, floatx80 b)
{
    static const uint8_t pcs[4] = {24, 64, 53, 64};
    float_status s = {
        (uint8_t)((cw >> 10) & 3), pcs[(cw >> 8) & 3], 0, false,
        (uint8_t)(~cw & (float_flag_overflow | float_flag_underflow))};
    X87Result res = {{0, 0}, {0, 0}, 0};
    uint64_t q;
    bool partial;
    int rel;

    switch (op) {
    case OP_ADD:
        res.r = floatx80_add(a, b, &s);
        break;
    case OP_SUB:
        res.r = floatx80_sub(a, b, &s);
        break;
    case OP_MUL:
        res.r = floatx80_mul(a, b, &s);
        break;
    case OP_DIV:
        res.r = floatx80_div(a, b, &s);
        break;
    case OP_SQRT:
        res.r = floatx80_sqrt(a, &s);
        break;
    case OP_RNDINT:
        res.r = floatx80_round_to_int(a, &s);
        break;
    case OP_CMP:
    case OP_UCMP:
        rel = op == OP_CMP ? floatx80_compare(a, b, &s)
                           : floatx80_compare_quiet(a, b, &s);
        res.sw = rel == float_relation_less      ? SW_C0
                 : rel == float_relation_equal   ? SW_C3
                 : rel == float_relation_greater ? 0
                                                 : SW_C0 | SW_C2 | SW_C3;
        s.rounded_up = false;
        res.r = a; /* ST0 stays */
        break;
    case OP_IST16:
        res.r.low = (uint16_t)floatx80_to_int16(a, &s);
        break;
    case OP_IST32:
        res.r.low = (uint32_t)floatx80_to_int32(a, &s);
        break;
    case OP_IST64:
        res.r.low = (uint64_t)floatx80_to_int64(a, &s);
        break;
    case OP_ST32:
        res.r.low = floatx80_to_float32(a, &s);
        break;
    case OP_ST64:
        res.r.low = floatx80_to_float64(a, &s);
        break;
    case OP_LD32:
        res.r = float32_to_floatx80((uint32_t)a.low, &s);
        break;
    case OP_LD64:
        res.r = float64_to_floatx80(a.low, &s);
        break;
    case OP_ILD32:
        res.r = int32_to_floatx80((int32_t)a.low);
        break;
    case OP_ILD64:
        res.r = int64_to_floatx80((int64_t)a.low);
        break;
    case OP_BST:
        res.r = floatx80_to_bcd80(a, &s);
        break;
    case OP_BLD:
        res.r = bcd80_to_floatx80(a);
        break;
    case OP_SCALE:
        res.r = floatx80_scale(a, b, &s);
        break;
    case OP_PREM:
    case OP_PREM1:
        res.r = floatx80_prem(a, b, op == OP_PREM1, &q, &partial, &s);
        res.sw = (uint16_t)(((q & 4) ? SW_C0 : 0) | ((q & 2) ? SW_C3 : 0) |
                            ((q & 1) ? SW_C1 : 0) | (partial ? SW_C2 : 0));
        s.rounded_up = false;
        break;
    case OP_F2XM1:
        res.r = floatx80_f2xm1(a, &s);
        break;
    case OP_YL2X:
        res.r = floatx80_yl2x(a, b, &s);
        break;
    case OP_YL2XP1:
        res.r = floatx80_yl2xp1(a, b, &s);
        break;
    case OP_PATAN:
        res.r = floatx80_atan2(b, a, &s);
        break;
    case OP_SIN:
    case OP_COS:
    case OP_SINCOS:
        /* ST0 = cos for FSINCOS, and sin in r2; out of range: C2, ST0 */
        res.r = a;
        if (!floatx80_sincos(a, op == OP_COS ? NULL : &res.r2,
                             op == OP_SIN ? NULL : &res.r, &s)) {
            res.sw |= SW_C2;
        } else if (op == OP_SIN) {
            res.r = res.r2;
            res.r2 = make_floatx80(0, 0);
        }
        break;
    case OP_PTAN:
        /* ST0 = 1.0, ST1 = tan; out of range: C2, ST0 unchanged */
        res.r = a;
        if (!floatx80_tan(a, &res.r2, &s)) {
            res.sw |= SW_C2;
        } else {
            /* a NaN result is pushed in place of the 1.0 too */
            res.r = floatx80_is_nan(res.r2)
                        ? res.r2
                        : make_floatx80(0x3fff, 0x8000000000000000ull);
        }
        break;
    case OP_XTRACT:
        res.r2 = floatx80_extract(a, &res.r, &s);
        break;
    }
    if ((op == OP_ST32 || op == OP_ST64) &&
        (s.float_exception_flags & s.unmasked)) {
        res.r.low = 0; /* an unmasked over/underflow stores nothing */
    }
    res.sw |= s.float_exception_flags | (s.rounded_up ? SW_C1 : 0);
    res.sw &= x87_op_sw_mask(op);
    return res;
}
