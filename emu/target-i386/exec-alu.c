/*
 * Back end, arithmetic: ALU ops, INC/DEC, MUL/DIV, shifts and rotates,
 * BCD, bit tests. Results set the lazy flags (cc_op + operands).
 */
#include "target-i386/ops.h"

/* kind: 0 ADD 1 OR 2 ADC 3 SBB 4 AND 5 SUB 6 XOR 7 CMP */
static inline __attribute__((always_inline)) uint32_t
do_alu(CPUX86State *env, int kind, int ot, uint32_t a, uint32_t b)
{
    uint32_t m = ot_mask(ot), r, c;

    a &= m;
    b &= m;
    switch (kind) {
    case 0:
        r = (a + b) & m;
        set_cc(env, CC_OP_ADDB + ot, r, a);
        return r;
    case 1:
        r = a | b;
        set_cc(env, CC_OP_LOGICB + ot, r, 0);
        return r;
    case 2:
        c = cpu_cc_compute_c(env);
        r = (a + b + c) & m;
        set_cc(env, CC_OP_ADCB + ot, r, a);
        env->cc_src2 = c;
        return r;
    case 3:
        c = cpu_cc_compute_c(env);
        r = (a - b - c) & m;
        set_cc(env, CC_OP_SBBB + ot, r, b);
        env->cc_src2 = c;
        return r;
    case 4:
        r = a & b;
        set_cc(env, CC_OP_LOGICB + ot, r, 0);
        return r;
    case 6:
        r = a ^ b;
        set_cc(env, CC_OP_LOGICB + ot, r, 0);
        return r;
    default: /* SUB, CMP */
        r = (a - b) & m;
        set_cc(env, CC_OP_SUBB + ot, r, b);
        return r;
    }
}

/* r/m = r/m OP b; CMP (kind 7) only sets the flags. Inlined with a
 * constant kind by the specialised handlers below. */
static inline void alu_rm(CPUX86State *env, const X86Op *op, int k, int ot,
                          uint32_t b)
{
    if (op->mod == 3) {
        uint32_t r = do_alu(env, k, ot, get_reg(env, ot, op->rm), b);
        if (k != 7) {
            set_reg(env, ot, op->rm, r);
        }
    } else {
        uint32_t addr = (k == 7 ? op_linear(env, op) : op_linear_w(env, op));
        uint32_t r = do_alu(env, k, ot, x86_ld(env, addr, ot, OP_RA(op)), b);
        if (k != 7) {
            x86_st(env, addr, ot, r, OP_RA(op));
        }
    }
}

OPFN(op_alu_eg)
{
    int kind = (op->opc >> 3) & 7, ot = op->ot;
    uint32_t b = get_reg(env, ot, op->reg);

    alu_rm(env, op, kind, ot, b);
    return OPX_NEXT;
}

OPFN(op_alu_ge)
{
    int kind = (op->opc >> 3) & 7, ot = op->ot;
    uint32_t r =
        do_alu(env, kind, ot, get_reg(env, ot, op->reg), ld_rm(env, op, ot));
    if (kind != 7) {
        set_reg(env, ot, op->reg, r);
    }
    return OPX_NEXT;
}

OPFN(op_alu_ai)
{
    int kind = (op->opc >> 3) & 7, ot = op->ot;
    uint32_t r = do_alu(env, kind, ot, get_reg(env, ot, R_EAX), op->imm);
    if (kind != 7) {
        set_reg(env, ot, R_EAX, r);
    }
    return OPX_NEXT;
}

OPFN(op_grp1)
{
    int kind = op->reg, ot = op->ot;
    uint32_t b = op->opc == 0x83 ? sext(op->imm, 0) : op->imm;

    alu_rm(env, op, kind, ot, b);
    return OPX_NEXT;
}

/* The same four forms specialised per operation (kind constant, so the
 * switch in do_alu folds away); the decoder picks them. */
#define ALU_SPECIALISE(K)                                                      \
    static OPFN(op_alu_eg_##K)                                                 \
    {                                                                          \
        int ot = op->ot;                                                       \
        uint32_t b = get_reg(env, ot, op->reg);                                \
        alu_rm(env, op, K, ot, b);                                             \
        return OPX_NEXT;                                                       \
    }                                                                          \
    static OPFN(op_alu_ge_##K)                                                 \
    {                                                                          \
        int ot = op->ot;                                                       \
        uint32_t r =                                                           \
            do_alu(env, K, ot, get_reg(env, ot, op->reg), ld_rm(env, op, ot)); \
        if (K != 7) {                                                          \
            set_reg(env, ot, op->reg, r);                                      \
        }                                                                      \
        return OPX_NEXT;                                                       \
    }                                                                          \
    static OPFN(op_alu_ai_##K)                                                 \
    {                                                                          \
        int ot = op->ot;                                                       \
        uint32_t r = do_alu(env, K, ot, get_reg(env, ot, R_EAX), op->imm);     \
        if (K != 7) {                                                          \
            set_reg(env, ot, R_EAX, r);                                        \
        }                                                                      \
        return OPX_NEXT;                                                       \
    }                                                                          \
    static OPFN(op_grp1_##K)                                                   \
    {                                                                          \
        int ot = op->ot;                                                       \
        uint32_t b = op->imm; /* 83: sign-extended by the decoder */           \
        alu_rm(env, op, K, ot, b);                                             \
        return OPX_NEXT;                                                       \
    }

ALU_SPECIALISE(0)
ALU_SPECIALISE(1)
ALU_SPECIALISE(2)
ALU_SPECIALISE(3)
ALU_SPECIALISE(4)
ALU_SPECIALISE(5)
ALU_SPECIALISE(6)
ALU_SPECIALISE(7)

#define ALU_TAB(form)                                                          \
    {                                                                          \
        op_##form##_0, op_##form##_1, op_##form##_2, op_##form##_3,            \
            op_##form##_4, op_##form##_5, op_##form##_6, op_##form##_7         \
    }
const X86OpFn x86_alu_eg_fns[8] = ALU_TAB(alu_eg);
const X86OpFn x86_alu_ge_fns[8] = ALU_TAB(alu_ge);
const X86OpFn x86_alu_ai_fns[8] = ALU_TAB(alu_ai);
const X86OpFn x86_grp1_fns[8] = ALU_TAB(grp1);

OPFN(op_test_eg)
{
    do_alu(env, 4, op->ot, ld_rm(env, op, op->ot),
           get_reg(env, op->ot, op->reg));
    return OPX_NEXT;
}

OPFN(op_test_ai)
{
    do_alu(env, 4, op->ot, get_reg(env, op->ot, R_EAX), op->imm);
    return OPX_NEXT;
}

static uint32_t do_incdec(CPUX86State *env, int ot, uint32_t v, bool dec)
{
    uint32_t c = x86_cc_c(env);
    uint32_t r = (dec ? v - 1 : v + 1) & ot_mask(ot);
    set_cc(env, (dec ? CC_OP_DECB : CC_OP_INCB) + ot, r, c);
    return r;
}

OPFN(op_inc_r)
{
    set_reg(env, op->ot, op->reg,
            do_incdec(env, op->ot, get_reg(env, op->ot, op->reg), false));
    return OPX_NEXT;
}

OPFN(op_dec_r)
{
    set_reg(env, op->ot, op->reg,
            do_incdec(env, op->ot, get_reg(env, op->ot, op->reg), true));
    return OPX_NEXT;
}

OPFN(op_grp4)
{
    if (op->reg >= 2) {
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
    if (op->mod == 3) {
        set_reg(env, 0, op->rm,
                do_incdec(env, 0, get_reg(env, 0, op->rm), op->reg == 1));
    } else {
        uint32_t a = op_linear_w(env, op);
        uint32_t v = x86_ld(env, a, 0, OP_RA(op));
        x86_st(env, a, 0, do_incdec(env, 0, v, op->reg == 1), OP_RA(op));
    }
    return OPX_NEXT;
}

/* INC/DEC Ev for group 5 (the rest of FF is in exec-branch.c). */
int x86_incdec_ev(CPUX86State *env, const X86Op *op);
int x86_incdec_ev(CPUX86State *env, const X86Op *op)
{
    int ot = op->ot;
    if (op->mod == 3) {
        set_reg(env, ot, op->rm,
                do_incdec(env, ot, get_reg(env, ot, op->rm), op->reg == 1));
    } else {
        uint32_t a = op_linear_w(env, op);
        uint32_t v = x86_ld(env, a, ot, OP_RA(op));
        x86_st(env, a, ot, do_incdec(env, ot, v, op->reg == 1), OP_RA(op));
    }
    return OPX_NEXT;
}

/* ---- group 3: TEST/NOT/NEG/MUL/IMUL/DIV/IDIV ---- */

static void set_eflags_cc(CPUX86State *env, uint32_t flags)
{
    env->cc_src = flags & (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C);
    env->cc_op = CC_OP_EFLAGS;
}

OPFN(op_grp3)
{
    int ot = op->ot;
    uint32_t m = ot_mask(ot), v, r;
    uint64_t p;

    switch (op->reg) {
    case 0:
    case 1:
        do_alu(env, 4, ot, ld_rm(env, op, ot), op->imm);
        return OPX_NEXT;
    case 2:
        if (op->mod == 3) {
            set_reg(env, ot, op->rm, ~get_reg(env, ot, op->rm));
        } else {
            uint32_t a = op_linear_w(env, op);
            x86_st(env, a, ot, ~x86_ld(env, a, ot, OP_RA(op)), OP_RA(op));
        }
        return OPX_NEXT;
    case 3:
        if (op->mod == 3) {
            v = get_reg(env, ot, op->rm);
            r = (0 - v) & m;
            set_reg(env, ot, op->rm, r);
        } else {
            uint32_t a = op_linear_w(env, op);
            v = x86_ld(env, a, ot, OP_RA(op));
            r = (0 - v) & m;
            x86_st(env, a, ot, r, OP_RA(op));
        }
        set_cc(env, CC_OP_SUBB + ot, r, v);
        return OPX_NEXT;
    case 4: /* MUL */
        v = ld_rm(env, op, ot);
        if (ot == 0) {
            r = (env->regs[R_EAX] & 0xff) * v;
            set_reg(env, 1, R_EAX, r);
            set_cc(env, CC_OP_MULB, r & 0xff, r & 0xff00);
        } else if (ot == 1) {
            r = (env->regs[R_EAX] & 0xffff) * v;
            set_reg(env, 1, R_EAX, r);
            set_reg(env, 1, R_EDX, r >> 16);
            set_cc(env, CC_OP_MULW, r & 0xffff, r >> 16);
        } else {
            p = (uint64_t)env->regs[R_EAX] * v;
            env->regs[R_EAX] = (uint32_t)p;
            env->regs[R_EDX] = (uint32_t)(p >> 32);
            set_cc(env, CC_OP_MULL, (uint32_t)p, (uint32_t)(p >> 32));
        }
        return OPX_NEXT;
    case 5: /* IMUL */
        v = ld_rm(env, op, ot);
        if (ot == 0) {
            int32_t s = (int8_t)env->regs[R_EAX] * (int8_t)v;
            set_reg(env, 1, R_EAX, (uint32_t)s);
            set_cc(env, CC_OP_MULB, s & 0xff, s != (int8_t)s);
        } else if (ot == 1) {
            int32_t s = (int16_t)env->regs[R_EAX] * (int16_t)v;
            set_reg(env, 1, R_EAX, (uint32_t)s);
            set_reg(env, 1, R_EDX, (uint32_t)s >> 16);
            set_cc(env, CC_OP_MULW, s & 0xffff, s != (int16_t)s);
        } else {
            int64_t s = (int64_t)(int32_t)env->regs[R_EAX] * (int32_t)v;
            env->regs[R_EAX] = (uint32_t)s;
            env->regs[R_EDX] = (uint32_t)((uint64_t)s >> 32);
            set_cc(env, CC_OP_MULL, (uint32_t)s, s != (int32_t)s);
        }
        return OPX_NEXT;
    case 6: /* DIV */
        v = ld_rm(env, op, ot);
        if (v == 0) {
            x86_raise(env, op, EXCP00_DIVZ, 0);
        }
        if (ot == 0) {
            uint32_t n = env->regs[R_EAX] & 0xffff, q = n / v;
            if (q > 0xff) {
                x86_raise(env, op, EXCP00_DIVZ, 0);
            }
            set_reg(env, 1, R_EAX, q | ((n % v) << 8));
        } else if (ot == 1) {
            uint32_t n = (env->regs[R_EAX] & 0xffff) | (env->regs[R_EDX] << 16);
            uint32_t q = n / v;
            if (q > 0xffff) {
                x86_raise(env, op, EXCP00_DIVZ, 0);
            }
            set_reg(env, 1, R_EAX, q);
            set_reg(env, 1, R_EDX, n % v);
        } else {
            uint64_t n = ((uint64_t)env->regs[R_EDX] << 32) | env->regs[R_EAX];
            uint64_t q = n / v;
            if (q > 0xffffffffu) {
                x86_raise(env, op, EXCP00_DIVZ, 0);
            }
            env->regs[R_EAX] = (uint32_t)q;
            env->regs[R_EDX] = (uint32_t)(n % v);
        }
        return OPX_NEXT;
    default: /* IDIV */
        v = ld_rm(env, op, ot);
        if (v == 0) {
            x86_raise(env, op, EXCP00_DIVZ, 0);
        }
        if (ot == 0) {
            int32_t n = (int16_t)env->regs[R_EAX], d = (int8_t)v;
            int32_t q = n / d;
            if (q != (int8_t)q) {
                x86_raise(env, op, EXCP00_DIVZ, 0);
            }
            set_reg(env, 1, R_EAX, (q & 0xff) | ((n % d) & 0xff) << 8);
        } else if (ot == 1) {
            int32_t n = (int32_t)((env->regs[R_EAX] & 0xffff) |
                                  (env->regs[R_EDX] << 16));
            int32_t d = (int16_t)v, q;
            if (n == INT32_MIN && d == -1) {
                x86_raise(env, op, EXCP00_DIVZ, 0);
            }
            q = n / d;
            if (q != (int16_t)q) {
                x86_raise(env, op, EXCP00_DIVZ, 0);
            }
            set_reg(env, 1, R_EAX, q);
            set_reg(env, 1, R_EDX, n % d);
        } else {
            int64_t n = (int64_t)(((uint64_t)env->regs[R_EDX] << 32) |
                                  env->regs[R_EAX]);
            int64_t d = (int32_t)v, q;
            if (n == INT64_MIN && d == -1) {
                x86_raise(env, op, EXCP00_DIVZ, 0);
            }
            q = n / d;
            if (q != (int32_t)q) {
                x86_raise(env, op, EXCP00_DIVZ, 0);
            }
            env->regs[R_EAX] = (uint32_t)q;
            env->regs[R_EDX] = (uint32_t)(n % d);
        }
        return OPX_NEXT;
    }
}

static uint32_t do_imul(CPUX86State *env, int ot, uint32_t a, uint32_t b)
{
    if (ot == 1) {
        int32_t s = (int16_t)a * (int16_t)b;
        set_cc(env, CC_OP_MULW, s & 0xffff, s != (int16_t)s);
        return (uint32_t)s;
    } else {
        int64_t s = (int64_t)(int32_t)a * (int32_t)b;
        set_cc(env, CC_OP_MULL, (uint32_t)s, s != (int32_t)s);
        return (uint32_t)s;
    }
}

OPFN(op_imul_gei)
{
    uint32_t imm = op->opc == 0x6b ? sext(op->imm, 0) : op->imm;
    set_reg(env, op->ot, op->reg,
            do_imul(env, op->ot, ld_rm(env, op, op->ot), imm));
    return OPX_NEXT;
}

OPFN(op_imul_ge)
{
    set_reg(env, op->ot, op->reg,
            do_imul(env, op->ot, ld_rm(env, op, op->ot),
                    get_reg(env, op->ot, op->reg)));
    return OPX_NEXT;
}

/* ---- shifts and rotates (C0/C1 imm8, D0/D1 by 1, D2/D3 by CL) ---- */

static uint32_t do_shift(CPUX86State *env, int kind, int ot, uint32_t v,
                         unsigned count)
{
    int bits = 8 << ot;
    uint32_t m = ot_mask(ot), r, flags;
    unsigned c;

    count &= 0x1f;
    v &= m;
    if (count == 0) {
        return v;
    }
    switch (kind) {
    case 0: /* ROL */
    case 1: /* ROR */
        c = count & (bits - 1);
        if (kind == 0) {
            r = c ? ((v << c) | (v >> (bits - c))) & m : v;
        } else {
            r = c ? ((v >> c) | (v << (bits - c))) & m : v;
        }
        flags = cpu_cc_compute_all(env) & ~(CC_C | CC_O);
        if (kind == 0) {
            flags |= r & 1;
            flags |= (((r >> (bits - 1)) ^ r) & 1) << 11;
        } else {
            flags |= (r >> (bits - 1)) & 1;
            flags |= (((r >> (bits - 1)) ^ (r >> (bits - 2))) & 1) << 11;
        }
        set_eflags_cc(env, flags);
        return r;
    case 2:   /* RCL */
    case 3: { /* RCR */
        uint32_t cf = cpu_cc_compute_c(env), of;
        uint64_t w;
        c = count % (bits + 1);
        flags = cpu_cc_compute_all(env) & ~(CC_C | CC_O);
        if (c == 0) {
            /* no rotation; OF follows the single-bit rule of the last step */
            r = v;
            if (kind == 2) {
                of = ((r >> (bits - 1)) ^ cf) & 1;
            } else {
                of = ((r >> (bits - 1)) ^ (r >> (bits - 2))) & 1;
            }
            set_eflags_cc(env, flags | cf | (of << 11));
            return r;
        }
        w = ((uint64_t)cf << bits) | v; /* bits+1 wide */
        if (kind == 2) {
            w = (w << c) | (w >> (bits + 1 - c));
        } else {
            w = (w >> c) | (w << (bits + 1 - c));
        }
        r = (uint32_t)w & m;
        cf = (uint32_t)(w >> bits) & 1;
        if (kind == 2) {
            of = ((r >> (bits - 1)) ^ cf) & 1;
        } else {
            of = ((r >> (bits - 1)) ^ (r >> (bits - 2))) & 1;
        }
        set_eflags_cc(env, flags | cf | (of << 11));
        return r;
    }
    case 4: /* SHL */
    case 6: /* SAL */
        if (count > (unsigned)bits) {
            /* 8/16-bit shifts by more than the width: all out */
            r = 0;
            set_cc(env, CC_OP_SHLB + ot, r, 0);
            return r;
        }
        r = (uint32_t)(((uint64_t)v << count) & m);
        set_cc(env, CC_OP_SHLB + ot, r, (uint32_t)((uint64_t)v << (count - 1)));
        return r;
    case 5: /* SHR */
        if (count > (unsigned)bits) {
            r = 0;
            set_cc(env, CC_OP_SARB + ot, r, 0);
            return r;
        }
        r = (uint32_t)((uint64_t)v >> count);
        set_cc(env, CC_OP_SARB + ot, r, (uint32_t)((uint64_t)v >> (count - 1)));
        return r;
    default: { /* SAR */
        int32_t s = (int32_t)sext(v, ot);
        unsigned c1 = count > (unsigned)bits ? (unsigned)bits : count;
        r = (uint32_t)(s >> (c1 >= 32 ? 31 : c1)) & m;
        set_cc(env, CC_OP_SARB + ot, r,
               (uint32_t)(s >> (c1 - 1 >= 32 ? 31 : c1 - 1)));
        return r;
    }
    }
}

OPFN(op_shift)
{
    unsigned count;
    int ot = op->ot;

    if (op->opc <= 0xc1) {
        count = op->imm & 0xff;
    } else if (op->opc <= 0xd1) {
        count = 1;
    } else {
        count = env->regs[R_ECX] & 0xff;
    }
    if (op->mod == 3) {
        set_reg(env, ot, op->rm,
                do_shift(env, op->reg, ot, get_reg(env, ot, op->rm), count));
    } else {
        uint32_t a = op_linear_w(env, op);
        uint32_t v = x86_ld(env, a, ot, OP_RA(op));
        x86_st(env, a, ot, do_shift(env, op->reg, ot, v, count), OP_RA(op));
    }
    return OPX_NEXT;
}

/* SHLD/SHRD: 0F A4/A5 (SHLD), AC/AD (SHRD) */
OPFN(op_shxd)
{
    int ot = op->ot, bits = 8 << ot;
    unsigned count = ((op->opc & 1) ? env->regs[R_ECX] : op->imm) & 0x1f;
    bool left = op->opc < 0x1a8;
    uint32_t src = get_reg(env, ot, op->reg), v, r, last;
    uint32_t a = 0;

    if (op->mod == 3) {
        v = get_reg(env, ot, op->rm);
    } else {
        a = op_linear_w(env, op);
        v = x86_ld(env, a, ot, OP_RA(op));
    }
    if (count == 0) {
        return OPX_NEXT;
    }
    if (ot == 1) {
        /* 16-bit: a shift of dest:src:dest (48 bits), so counts past 16
         * take from the doubled pattern like the 386 and QEMU */
        uint64_t w =
            left ? ((uint64_t)v << 32) | ((uint64_t)src << 16) | v
                 : ((uint64_t)v) | ((uint64_t)src << 16) | ((uint64_t)v << 32);
        if (left) {
            /* the result is bits 47..32 of the shifted 48-bit value */
            r = (uint32_t)((w << count) >> 32) & 0xffff;
            last = (uint32_t)((w << (count - 1)) >> 32) & 0xffff;
        } else {
            r = (uint32_t)(w >> count) & 0xffff;
            last = (uint32_t)(w >> (count - 1)) & 0xffff;
        }
    } else {
        uint64_t w =
            left ? ((uint64_t)v << 32) | src : ((uint64_t)src << 32) | v;
        if (left) {
            r = (uint32_t)((w << count) >> 32);
            last = (uint32_t)((w << (count - 1)) >> 32);
        } else {
            r = (uint32_t)(w >> count);
            last = (uint32_t)(w >> (count - 1));
        }
    }
    (void)bits;
    set_cc(env, (left ? CC_OP_SHLB : CC_OP_SARB) + ot, r, last);
    if (op->mod == 3) {
        set_reg(env, ot, op->rm, r);
    } else {
        x86_st(env, a, ot, r, OP_RA(op));
    }
    return OPX_NEXT;
}

/* ---- BCD ---- */

OPFN(op_daa)
{
    uint32_t eflags = cpu_cc_compute_all(env), al = env->regs[R_EAX] & 0xff;
    uint32_t old_al = al, cf = eflags & CC_C, af = eflags & CC_A;

    eflags &= ~(CC_C | CC_A);
    if ((old_al & 0x0f) > 9 || af) {
        al = (al + 6) & 0xff;
        eflags |= CC_A;
    }
    if (old_al > 0x99 || cf) {
        al = (al + 0x60) & 0xff;
        eflags |= CC_C;
    }
    set_reg(env, 0, R_EAX, al);
    eflags &= ~(CC_S | CC_Z | CC_P | CC_O);
    eflags |= (al == 0 ? CC_Z : 0) | (al & 0x80 ? CC_S : 0);
    eflags |= __builtin_parity(al) ? 0 : CC_P;
    /* OF undefined: the 286 leaves it as the add's overflow */
    if (!(old_al & 0x80) && (al & 0x80)) {
        eflags |= CC_O;
    }
    set_eflags_cc(env, eflags);
    return OPX_NEXT;
}

OPFN(op_das)
{
    uint32_t eflags = cpu_cc_compute_all(env), al = env->regs[R_EAX] & 0xff;
    uint32_t old_al = al, cf = eflags & CC_C, af = eflags & CC_A;

    eflags &= ~(CC_C | CC_A);
    if ((al & 0x0f) > 9 || af) {
        eflags |= CC_A | ((al < 6 || cf) ? CC_C : 0);
        al = (al - 6) & 0xff;
    }
    if (old_al > 0x99 || cf) {
        al = (al - 0x60) & 0xff;
        eflags |= CC_C;
    }
    set_reg(env, 0, R_EAX, al);
    eflags &= ~(CC_S | CC_Z | CC_P | CC_O);
    eflags |= (al == 0 ? CC_Z : 0) | (al & 0x80 ? CC_S : 0);
    eflags |= __builtin_parity(al) ? 0 : CC_P;
    if ((old_al & 0x80) && !(al & 0x80)) {
        eflags |= CC_O;
    }
    set_eflags_cc(env, eflags);
    return OPX_NEXT;
}

OPFN(op_aaa)
{
    uint32_t eflags = cpu_cc_compute_all(env);
    uint32_t ax = env->regs[R_EAX] & 0xffff;

    if ((ax & 0x0f) > 9 || (eflags & CC_A)) {
        ax = (ax + 0x106) & 0xffff;
        eflags |= CC_A | CC_C;
    } else {
        eflags &= ~(CC_A | CC_C);
    }
    ax &= 0xff0f;
    set_reg(env, 1, R_EAX, ax);
    set_eflags_cc(env, eflags);
    return OPX_NEXT;
}

OPFN(op_aas)
{
    uint32_t eflags = cpu_cc_compute_all(env);
    uint32_t ax = env->regs[R_EAX] & 0xffff;

    if ((ax & 0x0f) > 9 || (eflags & CC_A)) {
        ax = (ax - 6) & 0xffff;
        ax = (ax & 0xff) | (((ax >> 8) - 1) & 0xff) << 8;
        eflags |= CC_A | CC_C;
    } else {
        eflags &= ~(CC_A | CC_C);
    }
    ax &= 0xff0f;
    set_reg(env, 1, R_EAX, ax);
    set_eflags_cc(env, eflags);
    return OPX_NEXT;
}

OPFN(op_aam)
{
    uint32_t base = op->imm & 0xff, al = env->regs[R_EAX] & 0xff;

    if (base == 0) {
        x86_raise(env, op, EXCP00_DIVZ, 0);
    }
    al = al % base;
    set_reg(env, 1, R_EAX, al | (((env->regs[R_EAX] & 0xff) / base) << 8));
    set_cc(env, CC_OP_LOGICB, al, 0);
    return OPX_NEXT;
}

OPFN(op_aad)
{
    uint32_t base = op->imm & 0xff;
    uint32_t al = env->regs[R_EAX] & 0xff, ah = (env->regs[R_EAX] >> 8) & 0xff;
    uint32_t prod = (ah * base) & 0xff;
    uint32_t r = (al + prod) & 0xff;

    set_reg(env, 1, R_EAX, r);
    /* flags as an 8-bit ADD of al and ah*base */
    set_cc(env, CC_OP_ADDB, r, al);
    return OPX_NEXT;
}

OPFN(op_salc)
{
    set_reg(env, 0, R_EAX, cpu_cc_compute_c(env) ? 0xff : 0);
    return OPX_NEXT;
}

/* ---- bit ops (386) ---- */

OPFN(op_bt)
{
    int ot = op->ot, bits = 8 << ot;
    int kind = op->opc == 0x1ba
                   ? op->reg - 4
                   : ((op->opc >> 3) & 3); /* A3 BT, AB BTS, B3 BTR, BB BTC */
    uint32_t bitoff, v, mask, a = 0;

    if (op->opc == 0x1ba) {
        bitoff = op->imm & (bits - 1);
    } else {
        bitoff = get_reg(env, ot, op->reg);
    }
    if (op->mod == 3) {
        v = get_reg(env, ot, op->rm);
        bitoff &= bits - 1;
    } else {
        int32_t soff = op->opc == 0x1ba ? 0 : (int32_t)sext(bitoff, ot);
        a = (kind == 0 ? op_linear(env, op) : op_linear_w(env, op));
        if (op->opc != 0x1ba) {
            a += (uint32_t)((soff >> (3 + ot)) << ot);
            bitoff &= bits - 1;
        }
        v = x86_ld(env, a, ot, OP_RA(op));
    }
    mask = 1u << bitoff;
    {
        uint32_t fl = cpu_cc_compute_all(env) & ~CC_C;
        fl |= (v >> bitoff) & 1;
        set_eflags_cc(env, fl);
    }
    switch (kind) {
    case 0:
        return OPX_NEXT;
    case 1:
        v |= mask;
        break;
    case 2:
        v &= ~mask;
        break;
    default:
        v ^= mask;
        break;
    }
    if (op->mod == 3) {
        set_reg(env, ot, op->rm, v);
    } else {
        x86_st(env, a, ot, v, OP_RA(op));
    }
    return OPX_NEXT;
}

OPFN(op_grp8)
{
    if (op->reg < 4) {
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
    return op_bt(env, op);
}

OPFN(op_bsf_bsr)
{
    int ot = op->ot;
    uint32_t v = ld_rm(env, op, ot) & ot_mask(ot);
    uint32_t fl = cpu_cc_compute_all(env) & ~CC_Z;

    if (v == 0) {
        set_eflags_cc(env, fl | CC_Z);
        return OPX_NEXT;
    }
    set_reg(env, ot, op->reg,
            op->opc == 0x1bc ? (uint32_t)__builtin_ctz(v)
                             : 31u - (uint32_t)__builtin_clz(v));
    set_eflags_cc(env, fl);
    return OPX_NEXT;
}

OPFN(op_setcc)
{
    st_rm(env, op, 0, x86_cond(env, op->opc & 15));
    return OPX_NEXT;
}

OPFN(op_movx)
{
    int sot = (op->opc & 1) ? 1 : 0;
    uint32_t v = ld_rm(env, op, sot);
    if (op->opc >= 0x1be) {
        v = sext(v, sot);
    }
    set_reg(env, op->ot, op->reg, v);
    return OPX_NEXT;
}

OPFN(op_xadd)
{
    int ot = op->ot;
    uint32_t src = get_reg(env, ot, op->reg), d, r;

    if (op->mod == 3) {
        d = get_reg(env, ot, op->rm);
        r = do_alu(env, 0, ot, d, src);
        set_reg(env, ot, op->reg, d);
        set_reg(env, ot, op->rm, r);
    } else {
        uint32_t a = op_linear_w(env, op);
        d = x86_ld(env, a, ot, OP_RA(op));
        r = do_alu(env, 0, ot, d, src);
        x86_st(env, a, ot, r, OP_RA(op));
        set_reg(env, ot, op->reg, d);
    }
    return OPX_NEXT;
}

OPFN(op_cmpxchg)
{
    int ot = op->ot;
    uint32_t acc = get_reg(env, ot, R_EAX), d, a = 0;

    if (op->mod == 3) {
        d = get_reg(env, ot, op->rm);
    } else {
        a = op_linear_w(env, op);
        d = x86_ld(env, a, ot, OP_RA(op));
    }
    do_alu(env, 7, ot, acc, d);
    if ((acc & ot_mask(ot)) == d) {
        st_rm(env, op, ot, get_reg(env, ot, op->reg));
    } else {
        if (op->mod != 3) {
            x86_st(env, a, ot, d, OP_RA(op)); /* always writes */
        }
        set_reg(env, ot, R_EAX, d);
    }
    return OPX_NEXT;
}

OPFN(op_cmpxchg8b)
{
    uint32_t a, lo, hi, fl;

    if (op->mod == 3 || op->reg != 1) {
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
    /* both dwords: the limit check covers 8 bytes */
    a = op_ea(env, op);
    seg_check_w(env, op->seg, a, 8, OP_RA(op));
    a += env->segs[op->seg].base;
    lo = x86_ld(env, a, 2, OP_RA(op));
    hi = x86_ld(env, a + 4, 2, OP_RA(op));
    fl = cpu_cc_compute_all(env) & ~CC_Z;
    if (lo == env->regs[R_EAX] && hi == env->regs[R_EDX]) {
        x86_st(env, a, 2, env->regs[R_EBX], OP_RA(op));
        x86_st(env, a + 4, 2, env->regs[R_ECX], OP_RA(op));
        fl |= CC_Z;
    } else {
        x86_st(env, a, 2, lo, OP_RA(op));
        x86_st(env, a + 4, 2, hi, OP_RA(op));
        env->regs[R_EAX] = lo;
        env->regs[R_EDX] = hi;
    }
    set_eflags_cc(env, fl);
    return OPX_NEXT;
}

OPFN(op_bswap)
{
    env->regs[op->reg] = __builtin_bswap32(env->regs[op->reg]);
    return OPX_NEXT;
}

bool x86_cond(CPUX86State *env, int cc)
{
    int fast = x86_cond_fast(env, cc);
    if (fast >= 0) {
        return (bool)fast ^ (cc & 1);
    }
    {
        uint32_t f;
        bool r;

        switch (cc >> 1) {
        case 1: /* B */
            r = cpu_cc_compute_c(env);
            break;
        default:
            f = cpu_cc_compute_all(env);
            switch (cc >> 1) {
            case 0:
                r = f & CC_O;
                break;
            case 2:
                r = f & CC_Z;
                break;
            case 3:
                r = f & (CC_C | CC_Z);
                break;
            case 4:
                r = f & CC_S;
                break;
            case 5:
                r = f & CC_P;
                break;
            case 6:
                r = !!(f & CC_S) != !!(f & CC_O);
                break;
            default:
                r = (f & CC_Z) || (!!(f & CC_S) != !!(f & CC_O));
                break;
            }
            break;
        }
        return r ^ (cc & 1);
    }
}
