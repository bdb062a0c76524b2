/*
 * Code for the register forms: MOV, LEA, the ALU group (ADD OR ADC SBB AND
 * SUB XOR CMP TEST), INC/DEC, shifts by an immediate, MOVZX/MOVSX, IMUL.
 * Each computes in r0-r3 and writes cc_dst/cc_src/cc_op to env as the
 * interpreter's kinds do (run.c), so flags stay lazy and exact; when a
 * fused Jcc follows, the ARM flags are left holding the same condition.
 * The memory forms load through gen-mem.c; [mem] OP= reg/imm is a
 * read-modify-write there.
 */
#include "tcg/thumb2/gen.h"

#define R0  TCG_REG_R0
#define R1  TCG_REG_R1
#define R2  TCG_REG_R2
#define R3  TCG_REG_R3
#define R12 TCG_REG_R12

_Static_assert(offsetof(CPUX86State, cc_src) ==
                   offsetof(CPUX86State, cc_dst) + 4,
               "one STRD/LDRD for cc_dst and cc_src");

/* cc_dst and cc_src with one STRD */
static void st_cc(GenCtx *g, TCGReg dst, TCGReg src)
{
    tcg_out_strd(&g->s, dst, src, GEN_REG_ENV,
                 (int)offsetof(CPUX86State, cc_dst));
}

static void set_ccop(GenCtx *g, int ccop)
{
    if (g->known_ccop != ccop) {
        tcg_out_movi32(&g->s, R12, (uint32_t)ccop);
        gen_st_env(g, R12, offsetof(CPUX86State, cc_op));
        g->known_ccop = ccop;
    }
}

/* The value of operand (ot, r) zero-extended: a register of its own for
 * a 32-bit one (may be a guest's host register), else scratch. */
static TCGReg get_op(GenCtx *g, int ot, int r, TCGReg scratch)
{
    if (ot == 2) {
        return gen_reg_get(g, r, scratch);
    }
    gen_get_part(g, ot, r, scratch);
    return scratch;
}

static void set_op(GenCtx *g, int ot, int r, TCGReg v)
{
    if (ot == 2) {
        gen_reg_set(g, r, v);
    } else {
        gen_set_part(g, ot, r, v);
    }
}

static void mask_ot(GenCtx *g, int ot, TCGReg r)
{
    if (ot < 2) {
        tcg_out_ext(&g->s, ot == 0 ? EXT_UXTB : EXT_UXTH, r, r);
    }
}

/* rd = CF of a 32-bit ADD (dst < src) or SUB (dst + src < src) from
 * env's cc_dst/cc_src; r12 and lr are used (rd is neither). */
static void cc_c_addsub(GenCtx *g, TCGReg rd, bool sub)
{
    tcg_out_ldrd(&g->s, R12, TCG_REG_LR, GEN_REG_ENV,
                 (int)offsetof(CPUX86State, cc_dst));
    if (sub) {
        tcg_out_dat_reg(&g->s, ARITH_ADD, false, R12, R12, TCG_REG_LR,
                        SHIFT_LSL, 0);
    }
    tcg_out_movi32(&g->s, rd, 0); /* MOV.W: the flags stay */
    tcg_out_cmp_reg(&g->s, R12, TCG_REG_LR);
    tcg_out_it(&g->s, COND_CC, "");
    tcg_out_movi32(&g->s, rd, 1);
}

/* CF of the lazy flags into rd (r0-r3): inline where the cc_op is known;
 * else the cc_ops a TB most often starts with (a 32-bit SUB/CMP, a logic
 * op, a 32-bit ADD) are tested for inline before the helper is called.
 * The caller has nothing live in the scratch registers. */
static void gen_cc_c(GenCtx *g, TCGReg rd)
{
    static const int fast[3] = {CC_OP_SUBL, CC_OP_LOGICL, CC_OP_ADDL};
    tcg_insn_unit *to_done[3], *next;
    int op = g->known_ccop;

    if ((op >= CC_OP_LOGICB && op <= CC_OP_LOGICL) || op == CC_OP_CLR) {
        tcg_out_movi32(&g->s, rd, 0);
        return;
    }
    if (op >= CC_OP_INCB && op <= CC_OP_DECL) {
        gen_ld_env(g, rd, offsetof(CPUX86State, cc_src));
        tcg_out_dat_imm(&g->s, ARITH_AND, false, rd, rd, CC_C);
        return;
    }
    if (op == CC_OP_SUBL || op == CC_OP_ADDL) {
        cc_c_addsub(g, rd, op == CC_OP_SUBL);
        return;
    }
    if (op < 0) {
        gen_ld_env(g, R12, offsetof(CPUX86State, cc_op));
        for (int i = 0; i < 3; i++) {
            tcg_out_cmp_imm(&g->s, R12, (uint32_t)fast[i]);
            next = g->s.code_ptr;
            tcg_out_bcond(&g->s, COND_NE, 0);
            if (fast[i] == CC_OP_LOGICL) {
                tcg_out_movi32(&g->s, rd, 0);
            } else {
                cc_c_addsub(g, rd, fast[i] == CC_OP_SUBL);
            }
            to_done[i] = g->s.code_ptr;
            tcg_out_b(&g->s, 0);
            gen_patch_bcond(g, next, COND_NE);
        }
    }
    tcg_out_mov_reg(&g->s, R0, GEN_REG_ENV);
    gen_call(g, GEN_H_CC_C);
    if (rd != R0) {
        tcg_out_mov_reg(&g->s, rd, R0);
    }
    if (op < 0) {
        for (int i = 0; i < 3; i++) {
            gen_patch_bcond(g, to_done[i], COND_AL);
        }
    }
}

/* The ARM flags of x86 flags after a logic result or INC/DEC in r. */
static void flags_of(GenCtx *g, int ot, TCGReg r)
{
    if (ot == 2) {
        tcg_out_cmp_imm(&g->s, r, 0);
    } else {
        tcg_out_shift_imm(&g->s, SHIFT_LSL, false, R12, r, ot ? 16 : 24);
        tcg_out_cmp_imm(&g->s, R12, 0);
    }
    g->arm_flags = true;
}

static bool next_is_fused(const X86Op *next)
{
    return next && next->kind >= OPK_JCC_SUB_BASE;
}

/* The cc_op an ALU op k (ADD .. XOR, CMP, TEST) leaves at size ot. */
static int alu_ccop(int k, int ot)
{
    return k == 0             ? CC_OP_ADDB + ot
           : k == 2           ? CC_OP_ADCB + ot
           : k == 3           ? CC_OP_SBBB + ot
           : k == 5 || k == 7 ? CC_OP_SUBB + ot
                              : CC_OP_LOGICB + ot;
}

/*
 * A 32-bit ALU op (not CMP/TEST) into a guest register with a home:
 * computed in place, an immediate encoded in the instruction where it
 * fits. cc_src is stored first, since it may be the old value.
 */
static void gen_alu_home(GenCtx *g, const X86Op *op, int f, int k, bool fused)
{
    static const ARMArith arith[7] = {ARITH_ADD, ARITH_ORR, ARITH_ADD,
                                      ARITH_SUB, ARITH_AND, ARITH_SUB,
                                      ARITH_EOR};
    int dst = f == OPK_ALU_RM ? op->reg : op->rm;
    bool sub_flags = fused && k == 5, imm = false, late_src;
    TCGReg d, b = R1;

    if (f == OPK_ALU_RM) {
        gen_load_op(g, op, 2);
        b = R0;
    } else if (k == 2 || k == 3) {
        gen_cc_c(g, R3); /* first: it may call */
    }
    d = gen_reg_get(g, dst, R2);
    if (f == OPK_ALU_RR) {
        b = gen_reg_get(g, op->reg, R1);
    } else if (f == OPK_ALU_RI) {
        /* SUB and SBB keep the immediate as cc_src */
        imm = (g->cc_dead || (k != 3 && k != 5)) &&
              (tcg_t2_imm12(op->imm) >= 0 ||
               (!sub_flags && (k == 0 || k == 5) && op->imm < 4096));
        if (!imm) {
            tcg_out_movi32(&g->s, R1, op->imm);
        }
    }
    /* SUB's cc_src can wait for cc_dst (one STRD) unless it is d */
    late_src = !g->cc_dead && (k == 3 || k == 5) && !imm && b != d;
    if (!g->cc_dead) {
        if (k == 0 || k == 2) {
            gen_st_env(g, d, offsetof(CPUX86State, cc_src));
        } else if ((k == 3 || k == 5) && !late_src) {
            gen_st_env(g, b, offsetof(CPUX86State, cc_src));
        }
        if (k == 2 || k == 3) {
            gen_st_env(g, R3, offsetof(CPUX86State, cc_src2));
        }
    }
    if (!imm) {
        tcg_out_dat_reg(&g->s, arith[k], sub_flags, d, d, b, SHIFT_LSL, 0);
    } else if (!tcg_out_dat_imm(&g->s, arith[k], sub_flags, d, d, op->imm)) {
        if (k == 0) {
            tcg_out_addw(&g->s, d, d, op->imm);
        } else {
            tcg_out_subw(&g->s, d, d, op->imm);
        }
    }
    g->arm_flags = sub_flags;
    if (k == 2) {
        tcg_out_dat_reg(&g->s, ARITH_ADD, false, d, d, R3, SHIFT_LSL, 0);
    } else if (k == 3) {
        tcg_out_dat_reg(&g->s, ARITH_SUB, false, d, d, R3, SHIFT_LSL, 0);
    }
    gen_reg_set(g, dst, d);
    if (fused && !sub_flags) {
        flags_of(g, 2, d); /* the logic ops */
    }
    if (late_src) {
        st_cc(g, d, b);
    } else if (!g->cc_dead) {
        gen_st_env(g, d, offsetof(CPUX86State, cc_dst));
    }
    if (!g->cc_dead) {
        set_ccop(g, alu_ccop(k, 2));
    }
}

/* ALU operation k of kind form f (RR, RI) at size ot. */
static void gen_alu(GenCtx *g, const X86Op *op, int f, int ot, int k,
                    const X86Op *next)
{
    TCGReg a, b;
    bool fused = next_is_fused(next), use_imm;
    static const ARMArith arith[9] = {ARITH_ADD, ARITH_ORR, ARITH_ADD,
                                      ARITH_SUB, ARITH_AND, ARITH_SUB,
                                      ARITH_EOR, ARITH_SUB, ARITH_AND};

    int dst = f == OPK_ALU_RM ? op->reg : op->rm;
    bool mem_a = f == OPK_ALU_MR || f == OPK_ALU_MI; /* CMP/TEST [mem] */

    if (g->cc_dead && (k == 7 || k == OPK_ALU_TEST)) {
        if (f >= OPK_ALU_RM) {
            gen_load_op(g, op, ot); /* a fault is all that is left */
        }
        return;
    }
    if (ot == 2 && !mem_a && k < 7 && gen_home(dst) >= 0) {
        gen_alu_home(g, op, f, k, fused);
        return;
    }
    if (f == OPK_ALU_RM) { /* reg OP= [mem]: the load first (it may call) */
        gen_load_op(g, op, ot);
        tcg_out_mov_reg(&g->s, R1, R0);
    } else if (mem_a) {
        gen_load_op(g, op, ot);
    } else if (k == 2 || k == 3) {
        gen_cc_c(g, R3); /* before the operands: it may call */
    }
    a = mem_a ? R0 : get_op(g, ot, dst, R0);
    /* an immediate in the instruction where cc_src does not need it */
    use_imm = (f == OPK_ALU_RI || f == OPK_ALU_MI) && !fused &&
              (k <= 2 || k == 4 || k == 6 || k == OPK_ALU_TEST ||
               (k == 5 && g->cc_dead)) &&
              tcg_t2_imm12(op->imm) >= 0;
    if (f == OPK_ALU_RM) {
        b = R1;
    } else if (use_imm) {
        b = R1; /* not read */
    } else if (f == OPK_ALU_RI || f == OPK_ALU_MI) {
        tcg_out_movi32(&g->s, R1, op->imm);
        b = R1;
    } else {
        b = get_op(g, ot, op->reg, R1);
    }
    if (fused && (k == 5 || k == 7) && ot == 2) {
        /* SUB/CMP: SUBS gives N Z V and C = !borrow */
        tcg_out_dat_reg(&g->s, ARITH_SUB, true, R2, a, b, SHIFT_LSL, 0);
        g->arm_flags = true;
    } else {
        if (fused && (k == 5 || k == 7)) {
            unsigned sh = ot ? 16 : 24;
            tcg_out_shift_imm(&g->s, SHIFT_LSL, false, R12, a, sh);
            tcg_out_dat_reg(&g->s, ARITH_SUB, true, R12, R12, b, SHIFT_LSL, sh);
            g->arm_flags = true;
        }
        if (!use_imm ||
            !tcg_out_dat_imm(&g->s, arith[k], false, R2, a, op->imm)) {
            tcg_out_dat_reg(&g->s, arith[k], false, R2, a, b, SHIFT_LSL, 0);
        }
    }
    if (k == 2) {
        tcg_out_dat_reg(&g->s, ARITH_ADD, false, R2, R2, R3, SHIFT_LSL, 0);
    } else if (k == 3) {
        tcg_out_dat_reg(&g->s, ARITH_SUB, false, R2, R2, R3, SHIFT_LSL, 0);
    }
    if (k == 0 || k == 2 || k == 3 || k == 5 || k == 7) {
        mask_ot(g, ot, R2);
    }
    if (fused && !g->arm_flags) {
        flags_of(g, ot, R2); /* the logic ops */
    }
    if (g->cc_dead) {
        set_op(g, ot, dst, R2);
        return;
    }
    /* flags first: a may be the destination's host register */
    switch (k) {
    case 0:
    case 2:
        st_cc(g, R2, a);
        break;
    case 3:
    case 5:
    case 7:
        st_cc(g, R2, b);
        break;
    default:
        gen_st_env(g, R2, offsetof(CPUX86State, cc_dst));
        break;
    }
    if (k == 2 || k == 3) {
        gen_st_env(g, R3, offsetof(CPUX86State, cc_src2));
    }
    set_ccop(g, alu_ccop(k, ot));
    if (k != 7 && k != OPK_ALU_TEST) {
        set_op(g, ot, dst, R2);
    }
}

/* [mem] OP= reg/imm (k = ADD .. XOR): one TLB entry checked for reading
 * and writing, the load, the result stored, then the flags as the
 * interpreter's mr/mi kinds leave them. Its slow path runs the whole op
 * in the interpreter (nothing is written before the store), so the
 * values live in scratch registers only: a = r2, b = r1 or a guest
 * register, the carry of ADC/SBB in lr, the result in r12. */
static void gen_alu_rmw(GenCtx *g, const X86Op *op, int f, int ot, int k)
{
    static const ARMArith arith[7] = {ARITH_ADD, ARITH_ORR, ARITH_ADD,
                                      ARITH_SUB, ARITH_AND, ARITH_SUB,
                                      ARITH_EOR};
    TCGReg b;

    if (k == 2 || k == 3) {
        gen_cc_c(g, R3); /* first: it may call */
        tcg_out_mov_reg(&g->s, TCG_REG_LR, R3);
    }
    if (f == OPK_ALU_MR) {
        int r = ot == 0 ? op->reg >> 2 : op->reg;
        if (g->r[r].host >= 0) {
            /* loaded before the first branch to the slow path, so it is
             * loaded on both paths where they meet again */
            gen_reg_get(g, r, R1);
        }
    }
    gen_rmw_load(g, op, ot);
    if (f == OPK_ALU_MI) {
        tcg_out_movi32(&g->s, R1, op->imm);
        b = R1;
    } else {
        b = get_op(g, ot, op->reg, R1);
    }
    tcg_out_dat_reg(&g->s, arith[k], false, R12, R2, b, SHIFT_LSL, 0);
    if (k == 2 || k == 3) {
        tcg_out_dat_reg(&g->s, k == 2 ? ARITH_ADD : ARITH_SUB, false, R12, R12,
                        TCG_REG_LR, SHIFT_LSL, 0);
    }
    if (k == 0 || k == 2 || k == 3 || k == 5) {
        mask_ot(g, ot, R12);
    }
    gen_rmw_store(g, ot, R12);
    if (g->cc_dead) {
        gen_rmw_done(g);
        /* the slow path's interpreter wrote this op's cc_op after all */
        g->known_ccop = -1;
        return;
    }
    switch (k) {
    case 0:
    case 2:
        st_cc(g, R12, R2);
        break;
    case 3:
    case 5:
        st_cc(g, R12, b);
        break;
    default:
        gen_st_env(g, R12, offsetof(CPUX86State, cc_dst));
        break;
    }
    if (k == 2 || k == 3) {
        gen_st_env(g, TCG_REG_LR, offsetof(CPUX86State, cc_src2));
    }
    set_ccop(g, alu_ccop(k, ot));
    gen_rmw_done(g);
}

/* INC/DEC of a 16- or 32-bit register: CF kept in cc_src. */
static void gen_incdec(GenCtx *g, const X86Op *op, int ot, bool dec,
                       const X86Op *next)
{
    TCGReg a, r;

    if (!g->cc_dead) {
        gen_cc_c(g, R1);
    }
    a = get_op(g, ot, op->rm, R0);
    /* a 32-bit register with a home counts in place */
    r = ot == 2 && gen_home(op->rm) >= 0 ? a : R2;
    if (dec) {
        tcg_out_subw(&g->s, r, a, 1);
    } else {
        tcg_out_addw(&g->s, r, a, 1);
    }
    mask_ot(g, ot, r);
    if (next_is_fused(next)) {
        flags_of(g, ot, r);
    }
    if (!g->cc_dead) {
        st_cc(g, r, R1);
        set_ccop(g, (dec ? CC_OP_DECB : CC_OP_INCB) + ot);
    }
    set_op(g, ot, op->rm, r);
}

static void shift_or_mov(GenCtx *g, ARMShift sh, TCGReg rd, TCGReg rm,
                         unsigned n)
{
    if (n == 0) {
        tcg_out_mov_reg(&g->s, rd, rm); /* LSR/ASR #0 would mean #32 */
    } else {
        tcg_out_shift_imm(&g->s, sh, false, rd, rm, n);
    }
}

/* SHL/SHR/SAR by op->imm (1..31), as the interpreter's SHI kinds. */
static void gen_shi(GenCtx *g, const X86Op *op, int ot, int k)
{
    unsigned c = op->imm, w = 8u << ot;
    TCGReg a = get_op(g, ot, op->rm, R0);
    /* a 32-bit register with a home shifts in place, after r1 */
    TCGReg r = ot == 2 && gen_home(op->rm) >= 0 ? a : R2;
    int ccop = CC_OP_SARB + ot;

    if (k == 0 || k == 2) { /* SHL, SAL */
        ccop = CC_OP_SHLB + ot;
        if (c > w) {
            tcg_out_movi32(&g->s, r, 0);
            tcg_out_movi32(&g->s, R1, 0);
        } else {
            shift_or_mov(g, SHIFT_LSL, R1, a, c - 1);
            tcg_out_shift_imm(&g->s, SHIFT_LSL, false, r, a, c);
            mask_ot(g, ot, r);
        }
    } else if (k == 1) { /* SHR */
        if (c > w) {
            tcg_out_movi32(&g->s, r, 0);
            tcg_out_movi32(&g->s, R1, 0);
        } else {
            shift_or_mov(g, SHIFT_LSR, R1, a, c - 1);
            shift_or_mov(g, SHIFT_LSR, r, a, c);
        }
    } else { /* SAR */
        unsigned cc = c > w ? w : c;
        if (ot < 2) {
            tcg_out_ext(&g->s, ot == 0 ? EXT_SXTB : EXT_SXTH, R0, a);
            a = R0;
        }
        shift_or_mov(g, SHIFT_ASR, R1, a, cc - 1 >= 32 ? 31 : cc - 1);
        shift_or_mov(g, SHIFT_ASR, r, a, cc >= 32 ? 31 : cc);
        mask_ot(g, ot, r);
    }
    if (g->cc_dead) {
        set_op(g, ot, op->rm, r);
        return;
    }
    st_cc(g, r, R1);
    set_ccop(g, ccop);
    set_op(g, ot, op->rm, r);
}

/* IMUL r32, r32 / imm: CF = OF = the product does not fit (CC_OP_MULL). */
static void gen_imul(GenCtx *g, const X86Op *op, bool imm, bool mem)
{
    TCGReg a, b;

    if (mem) {
        gen_load_op(g, op, 2);
        a = R0;
    } else {
        a = gen_reg_get(g, op->rm, R0);
    }
    if (imm) {
        tcg_out_movi32(&g->s, R1, op->imm);
        b = R1;
    } else {
        b = gen_reg_get(g, op->reg, R1);
    }
    if (g->cc_dead) {
        tcg_out_mul(&g->s, R2, a, b);
        gen_reg_set(g, op->reg, R2);
        return;
    }
    tcg_out_smull(&g->s, R2, R3, a, b);
    /* r1 = (hi != lo >> 31) as 0 or 1 */
    tcg_out_dat_reg(&g->s, ARITH_SUB, true, R1, R3, R2, SHIFT_ASR, 31);
    tcg_out_it(&g->s, COND_NE, "");
    tcg_out_movi32(&g->s, R1, 1);
    st_cc(g, R2, R1);
    set_ccop(g, CC_OP_MULL);
    gen_reg_set(g, op->reg, R2);
}

/*
 * Handler ops generated here instead: NOP (0x90, 0F 1F), and of op_grp3's
 * 32-bit forms NOT and NEG of a register and MUL (EDX:EAX = EAX * r/m32,
 * CC_OP_MULL as the handler sets it). False for the others.
 */
bool gen_handler_op(GenCtx *g, const X86Op *op)
{
    TCGReg v, eax;

    g->arm_flags = false;
    if (op->fn == op_nop || op->fn == op_nop_ev) {
        return true;
    }
    if (op->fn != op_grp3 || op->ot != 2 ||
        (op->reg != 4 && (op->mod != 3 || (op->reg != 2 && op->reg != 3)))) {
        return false;
    }
    if (op->reg == 2) { /* NOT: no flags; the home or r0, in place */
        v = gen_reg_get(g, op->rm, R0);
        tcg_out_dat_imm(&g->s, ARITH_EOR, false, v, v, 0xffffffffu);
        gen_reg_set(g, op->rm, v);
        return true;
    }
    if (op->reg == 3) { /* NEG: SUB from 0 */
        v = gen_reg_get(g, op->rm, R1);
        tcg_out_mov_reg(&g->s, R1, v);
        tcg_out_dat_imm(&g->s, ARITH_RSB, false, R2, R1, 0);
        gen_reg_set(g, op->rm, R2);
        st_cc(g, R2, R1);
        set_ccop(g, CC_OP_SUBL);
        return true;
    }
    if (op->mod == 3) {
        v = gen_reg_get(g, op->rm, R1);
    } else {
        gen_load_op(g, op, 2);
        v = R0;
    }
    eax = gen_reg_get(g, R_EAX, R2);
    tcg_out_umull(&g->s, R2, R3, eax, v);
    gen_reg_set(g, R_EAX, R2);
    gen_reg_set(g, R_EDX, R3);
    st_cc(g, R2, R3);
    set_ccop(g, CC_OP_MULL);
    return true;
}

/* The effective address of op's memory operand (op_ea) into rd. */
void gen_ea(GenCtx *g, const X86Op *op, TCGReg rd)
{
    bool base = op->base != NOREG, index = op->index != NOREG;
    uint32_t disp = op->disp;

    if (!base && !index) {
        tcg_out_movi32(&g->s, rd, op->aflag == 1 ? disp & 0xffff : disp);
        return;
    }
    if (index) {
        TCGReg ri = gen_reg_get(g, op->index, R3);
        if (base) {
            TCGReg rb = gen_reg_get(g, op->base, rd);
            tcg_out_dat_reg(&g->s, ARITH_ADD, false, rd, rb, ri, SHIFT_LSL,
                            op->scale);
        } else {
            tcg_out_shift_imm(&g->s, SHIFT_LSL, false, rd, ri, op->scale);
        }
        gen_addi(g, rd, rd, disp);
    } else {
        gen_addi(g, rd, gen_reg_get(g, op->base, rd), disp);
    }
    if (op->aflag == 1) {
        tcg_out_ext(&g->s, EXT_UXTH, rd, rd);
    }
}

bool gen_alu_op(GenCtx *g, const X86Op *op, const X86Op *next)
{
    unsigned k = op->kind;
    TCGReg v;

    g->arm_flags = false;
    switch (k) {
    case OPK_MOV_RR8:
    case OPK_MOV_RR16:
        gen_get_part(g, k - OPK_MOV_RR8, op->reg, R0);
        gen_set_part(g, k - OPK_MOV_RR8, op->rm, R0);
        return true;
    case OPK_MOV_RR32:
        gen_reg_set(g, op->rm, gen_reg_get(g, op->reg, R0));
        return true;
    case OPK_MOV_RI8:
    case OPK_MOV_RI16:
        tcg_out_movi32(&g->s, R0, op->imm & (k == OPK_MOV_RI8 ? 0xff : 0xffff));
        gen_set_part(g, k - OPK_MOV_RI8, op->rm, R0);
        return true;
    case OPK_MOV_RI32:
        if (g->r[op->rm].host >= 0) {
            tcg_out_movi32(&g->s, (TCGReg)g->r[op->rm].host, op->imm);
            g->r[op->rm].loaded = g->r[op->rm].dirty = true;
        } else {
            tcg_out_movi32(&g->s, R0, op->imm);
            gen_reg_set(g, op->rm, R0);
        }
        return true;
    case OPK_LEA16:
        gen_ea(g, op, R0);
        gen_set_part(g, 1, op->reg, R0);
        return true;
    case OPK_LEA32:
        /* into the home unless loading a base from env into it would
         * lose the index */
        v = gen_home(op->reg) >= 0 &&
                    !(op->index == op->reg && op->base != NOREG &&
                      gen_home(op->base) < 0)
                ? (TCGReg)gen_home(op->reg)
                : R0;
        gen_ea(g, op, v);
        gen_reg_set(g, op->reg, v);
        return true;
    case OPK_INC16:
    case OPK_INC32:
        gen_incdec(g, op, k == OPK_INC16 ? 1 : 2, false, next);
        return true;
    case OPK_DEC16:
    case OPK_DEC32:
        gen_incdec(g, op, k == OPK_DEC16 ? 1 : 2, true, next);
        return true;
    case OPK_MOVZB:
    case OPK_MOVSB:
        v = gen_home(op->reg) >= 0 ? (TCGReg)gen_home(op->reg) : R0;
        gen_get_part(g, 0, op->rm, v);
        if (k == OPK_MOVSB) {
            tcg_out_ext(&g->s, EXT_SXTB, v, v);
        }
        gen_reg_set(g, op->reg, v);
        return true;
    case OPK_MOVZW:
    case OPK_MOVSW:
        v = gen_home(op->reg) >= 0 ? (TCGReg)gen_home(op->reg) : R0;
        tcg_out_ext(&g->s, k == OPK_MOVZW ? EXT_UXTH : EXT_SXTH, v,
                    gen_reg_get(g, op->rm, v));
        gen_reg_set(g, op->reg, v);
        return true;
    case OPK_IMUL32:
    case OPK_IMULI32:
    case OPK_IMUL32M:
    case OPK_IMULI32M:
        gen_imul(g, op, k == OPK_IMULI32 || k == OPK_IMULI32M,
                 k == OPK_IMUL32M || k == OPK_IMULI32M);
        return true;
    default:
        break;
    }
    if (gen_mem_op(g, op)) {
        return true;
    }
    if (k >= OPK_SHI8 && k < OPK_SHI8 + 12) {
        gen_shi(g, op, (int)(k - OPK_SHI8) / 4, (int)(k - OPK_SHI8) % 4);
        return true;
    }
    if (k >= OPK_ALU_BASE && k < OPK_ALU_NB) {
        unsigned a = k - OPK_ALU_BASE;
        int f = (int)(a / 27), ot = (int)(a / 9) % 3, op9 = (int)(a % 9);
        if (f == OPK_ALU_RR || f == OPK_ALU_RI ||
            (f == OPK_ALU_RM && op9 != 2 && op9 != 3) ||
            ((f == OPK_ALU_MR || f == OPK_ALU_MI) && op9 >= 7)) {
            gen_alu(g, op, f, ot, op9, next);
            return true;
        }
        if (f == OPK_ALU_MR || f == OPK_ALU_MI) {
            gen_alu_rmw(g, op, f, ot, op9);
            return true;
        }
    }
    return false;
}
