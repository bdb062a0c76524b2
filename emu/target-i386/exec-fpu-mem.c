/*
 * ESC instructions with a memory operand: loads (FLD FILD FBLD), stores
 * (FST FSTP FIST FISTP FBSTP) and arithmetic/compares with m32/m64 reals
 * and m16/m32 integers. The operand is read (or the store written)
 * before any x87 state changes, so a #PF/#GP/#SS restarts cleanly.
 */
#include "target-i386/fpu-helper.h"

#define INDEF floatx80_default_nan

/* Memory operand types. */
enum { MT_F32, MT_F64, MT_F80, MT_I16, MT_I32, MT_I64, MT_BCD };

static const uint8_t mt_size[7] = {4, 8, 10, 2, 4, 8, 10};

/* The operand of D8/DA/DC/DE (arithmetic) by escape. */
static const uint8_t arith_mt[4] = {MT_F32, MT_I32, MT_F64, MT_I16};

static floatx80 fpu_load_mem(CPUX86State *env, const X86Op *op, uint32_t a,
                             int mt, float_status *s)
{
    switch (mt) {
    case MT_F32:
        return float32_to_floatx80(fpu_ldl(env, op, a), s);
    case MT_F64:
        return float64_to_floatx80(fpu_ldq(env, op, a), s);
    case MT_I16:
        return int32_to_floatx80((int16_t)fpu_lduw(env, op, a));
    case MT_I32:
        return int32_to_floatx80((int32_t)fpu_ldl(env, op, a));
    case MT_I64:
        return int64_to_floatx80((int64_t)fpu_ldq(env, op, a));
    case MT_BCD:
        return bcd80_to_floatx80(fpu_ldt(env, op, a));
    default:
        return fpu_ldt(env, op, a); /* m80: exact, no exception */
    }
}

/* ST0 converted to the memory type (the raw 80 bits in .low/.high). */
static floatx80 fpu_convert_st(floatx80 v, int mt, float_status *s)
{
    floatx80 r = {0, 0};

    switch (mt) {
    case MT_F32:
        r.low = floatx80_to_float32(v, s);
        break;
    case MT_F64:
        r.low = floatx80_to_float64(v, s);
        break;
    case MT_I16:
        r.low = (uint16_t)floatx80_to_int16(v, s);
        break;
    case MT_I32:
        r.low = (uint32_t)floatx80_to_int32(v, s);
        break;
    case MT_I64:
        r.low = (uint64_t)floatx80_to_int64(v, s);
        break;
    case MT_BCD:
        r = floatx80_to_bcd80(v, s);
        break;
    default:
        r = v;
        break;
    }
    return r;
}

static void fpu_store_mem(CPUX86State *env, const X86Op *op, uint32_t a, int mt,
                          floatx80 r)
{
    switch (mt) {
    case MT_F32:
    case MT_I32:
        fpu_stl(env, op, a, (uint32_t)r.low);
        break;
    case MT_F64:
    case MT_I64:
        fpu_stq(env, op, a, r.low);
        break;
    case MT_I16:
        fpu_stw(env, op, a, (uint16_t)r.low);
        break;
    default:
        fpu_stt(env, op, a, r);
        break;
    }
}

/* FLD/FILD/FBLD: a push of the converted operand. */
static void fpu_load_op(CPUX86State *env, const X86Op *op, int mt)
{
    uint32_t a = fpu_addr(env, op, mt_size[mt], false);
    float_status *s = fpu_status(env);
    floatx80 v = fpu_load_mem(env, op, a, mt, s);

    fpu_set_ptrs(env, op);
    if (!fpu_empty(env, 7)) {
        if (fpu_stack_overflow(env)) {
            fpu_push(env, INDEF);
        }
        return;
    }
    s->rounded_up = false;
    if (fpu_commit(env)) {
        fpu_push(env, v);
    }
}

/* FST/FSTP/FIST/FISTP/FBSTP. An unmasked exception stores nothing (the
 * x87 cannot put a bias-adjusted result in memory) and does not pop. */
static void fpu_store_op(CPUX86State *env, const X86Op *op, int mt, bool pop)
{
    uint32_t a = fpu_addr(env, op, mt_size[mt], true);
    float_status *s = fpu_status(env);
    floatx80 r;

    if (fpu_empty(env, 0)) {
        if (!(env->fpuc & FPUS_IE)) {
            fpu_set_ptrs(env, op);
            fpu_stack_underflow(env);
            return;
        }
        /* the masked response: the indefinite of the memory format */
        r = fpu_convert_st(INDEF, mt, s);
        fpu_store_mem(env, op, a, mt, r);
        fpu_set_ptrs(env, op);
        fpu_stack_underflow(env);
    } else {
        r = fpu_convert_st(*fpu_reg(env, 0), mt, s);
        if (s->float_exception_flags & ~env->fpuc &
            (float_flag_invalid | float_flag_input_denormal |
             float_flag_overflow | float_flag_underflow)) {
            fpu_set_ptrs(env, op);
            fpu_commit(env);
            return;
        }
        fpu_store_mem(env, op, a, mt, r);
        fpu_set_ptrs(env, op);
        fpu_commit(env);
    }
    if (pop) {
        fpu_pop(env);
    }
}

/* D8/DA/DC/DE with memory: ST0 = ST0 op m, FCOM/FCOMP/FICOM/FICOMP. */
static void fpu_arith_mem(CPUX86State *env, const X86Op *op)
{
    int mt = arith_mt[(op->opc & 7) >> 1], k = op->reg;
    uint32_t a = fpu_addr(env, op, mt_size[mt], false);
    float_status *s = fpu_status(env);
    floatx80 b = fpu_load_mem(env, op, a, mt, s);

    fpu_set_ptrs(env, op);
    if (fpu_empty(env, 0)) {
        if (!fpu_stack_underflow(env)) {
            return;
        }
        if (k == 2 || k == 3) {
            env->fpus |= FPUS_C0 | FPUS_C2 | FPUS_C3;
        } else {
            *fpu_reg(env, 0) = INDEF;
            env->fptags[fpu_st(env, 0)] = 0;
        }
    } else if (k == 2 || k == 3) {
        if (!fpu_compare_cc(env, *fpu_reg(env, 0), b, false)) {
            return;
        }
    } else {
        fpu_arith_to(env, k, *fpu_reg(env, 0), b, 0);
    }
    if (k == 3) {
        fpu_pop(env);
    }
}

OPFN(op_fpu_mem)
{
    int esc = op->opc & 7;

    fpu_prepare(env, op, true);
    if (!(esc & 1)) {
        fpu_arith_mem(env, op);
        return OPX_NEXT;
    }
    switch (esc << 3 | op->reg) {
    case 0x08: /* D9 /0 FLD m32 */
        fpu_load_op(env, op, MT_F32);
        break;
    case 0x0a: /* D9 /2 FST m32, /3 FSTP */
    case 0x0b:
        fpu_store_op(env, op, MT_F32, op->reg == 3);
        break;
    case 0x18: /* DB /0 FILD m32 */
        fpu_load_op(env, op, MT_I32);
        break;
    case 0x1a: /* DB /2 FIST m32, /3 FISTP */
    case 0x1b:
        fpu_store_op(env, op, MT_I32, op->reg == 3);
        break;
    case 0x1d: /* DB /5 FLD m80 */
        fpu_load_op(env, op, MT_F80);
        break;
    case 0x1f: /* DB /7 FSTP m80 */
        fpu_store_op(env, op, MT_F80, true);
        break;
    case 0x28: /* DD /0 FLD m64 */
        fpu_load_op(env, op, MT_F64);
        break;
    case 0x2a: /* DD /2 FST m64, /3 FSTP */
    case 0x2b:
        fpu_store_op(env, op, MT_F64, op->reg == 3);
        break;
    case 0x38: /* DF /0 FILD m16 */
        fpu_load_op(env, op, MT_I16);
        break;
    case 0x3a: /* DF /2 FIST m16, /3 FISTP */
    case 0x3b:
        fpu_store_op(env, op, MT_I16, op->reg == 3);
        break;
    case 0x3c: /* DF /4 FBLD */
        fpu_load_op(env, op, MT_BCD);
        break;
    case 0x3d: /* DF /5 FILD m64 */
        fpu_load_op(env, op, MT_I64);
        break;
    case 0x3e: /* DF /6 FBSTP */
        fpu_store_op(env, op, MT_BCD, true);
        break;
    case 0x3f: /* DF /7 FISTP m64 */
        fpu_store_op(env, op, MT_I64, true);
        break;
    default:
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
    return OPX_NEXT;
}
