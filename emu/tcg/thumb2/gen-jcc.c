/*
 * Conditional branches. A Jcc fused with the SUB/CMP or logic op before it
 * (OPK_JCC_SUB/OPK_JCC_LOGIC, translate.c) branches on the ARM flags that
 * op left (gen-alu.c), or that are rebuilt here from cc_dst/cc_src when it
 * could not; any other Jcc, and parity, asks helper_jit_cond. Taken, it
 * leaves through exit op->rm after op->reg instructions (a superblock's
 * side exit when op->rm is 2 or 3); not taken it goes on, or leaves
 * through exit 1 at the TB's end -- run.c's JCC_EXIT.
 */
#include "tcg/thumb2/gen.h"

#define C_NEVER  GEN_C_NEVER
#define C_ALWAYS GEN_C_ALWAYS
#define C_HELPER GEN_C_HELPER

/* x86 condition pair cc >> 1 after SUB/CMP (C is !borrow on ARM) */
static const int8_t cond_sub[8] = {
    COND_VS, COND_CC, COND_EQ, COND_LS, COND_MI, C_HELPER, COND_LT, COND_LE,
};
/* after a logic op, with V = 0 (CF = OF = 0) */
static const int8_t cond_logic[8] = {
    C_NEVER, C_NEVER, COND_EQ, COND_EQ, COND_MI, C_HELPER, COND_LT, COND_LE,
};

/* The ARM condition for "taken", from the kind and cc. */
int gen_jcc_cond(unsigned kind, int cc)
{
    int c;

    if (kind >= OPK_JCC_LOGIC_BASE) {
        c = cond_logic[cc >> 1];
    } else if (kind >= OPK_JCC_SUB_BASE) {
        c = cond_sub[cc >> 1];
    } else {
        return C_HELPER;
    }
    if (cc & 1) {
        if (c == C_NEVER) {
            return C_ALWAYS;
        }
        if (c >= 0) {
            c ^= 1; /* the inverse condition */
        }
    }
    return c;
}

/* The fused flags rebuilt from env: a - b at the op's size, or the
 * result's sign and zero. */
static void flags_from_env(GenCtx *g, unsigned kind)
{
    int ot = kind >= OPK_JCC_LOGIC_BASE ? (int)(kind - OPK_JCC_LOGIC_BASE) / 16
                                        : (int)(kind - OPK_JCC_SUB_BASE) / 16;
    unsigned sh = ot == 2 ? 0 : ot ? 16 : 24;

    gen_ld_env(g, TCG_REG_R2, offsetof(CPUX86State, cc_dst));
    if (kind >= OPK_JCC_LOGIC_BASE) {
        tcg_out_shift_imm(&g->s, SHIFT_LSL, false, TCG_REG_R2, TCG_REG_R2, sh);
        tcg_out_cmp_imm(&g->s, TCG_REG_R2, 0);
        return;
    }
    /* a << sh = (d + b) << sh, then compare with b << sh */
    gen_ld_env(g, TCG_REG_R1, offsetof(CPUX86State, cc_src));
    tcg_out_shift_imm(&g->s, SHIFT_LSL, false, TCG_REG_R1, TCG_REG_R1, sh);
    tcg_out_dat_reg(&g->s, ARITH_ADD, false, TCG_REG_R3, TCG_REG_R1, TCG_REG_R2,
                    SHIFT_LSL, sh);
    tcg_out_cmp_reg(&g->s, TCG_REG_R3, TCG_REG_R1);
}

void gen_jcc(GenCtx *g, const X86Op *op, bool last)
{
    int cc = op->opc & 15;
    int c = gen_jcc_cond(op->kind, cc);
    TranslationBlock *tb = g->tb;

    if (c == C_HELPER) {
        tcg_out_mov_reg(&g->s, TCG_REG_R0, GEN_REG_ENV);
        tcg_out_movi32(&g->s, TCG_REG_R1, (uint32_t)cc);
        gen_call(g, GEN_H_COND);
        tcg_out_cmp_imm(&g->s, TCG_REG_R0, 0);
        c = COND_NE;
    } else if (c >= 0 && !g->arm_flags) {
        flags_from_env(g, op->kind);
    }
    g->arm_flags = false;
    if (last || op->rm == 0) {
        gen_homes_ready(g); /* loads leave the flags alone */
        tcg_insn_unit *b = NULL;
        if (c == C_NEVER) {
            gen_exit_static(g, 1, tb->icount, op->next_eip);
            return;
        }
        if (c != C_ALWAYS) {
            b = g->s.code_ptr;
            tcg_out_bcond(&g->s, (ARMCond)(c ^ 1), 0); /* not taken */
        }
        gen_exit_static(g, 0, op->reg, op->imm);
        if (b) {
            gen_patch_bcond(g, b, (ARMCond)(c ^ 1));
            gen_exit_static(g, 1, tb->icount, op->next_eip);
        }
        return;
    }
    if (c == C_NEVER || g->n_side >= TB_SIDE_EXITS) {
        return;
    }
    /* the side exit's code comes after the body (gen.c) */
    g->side[g->n_side].at = g->s.code_ptr;
    g->side[g->n_side].cond = c == C_ALWAYS ? COND_AL : (ARMCond)c;
    g->side[g->n_side].slot = op->rm;
    g->side[g->n_side].n = op->reg;
    g->side[g->n_side].eip = op->imm;
    g->side[g->n_side].unloaded = gen_unloaded(g);
    g->n_side++;
    tcg_out_b(&g->s, 0); /* placeholder, the same size as B<c>.W */
}
