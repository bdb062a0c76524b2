/*
 * Memory and stack ops: loads (MOV, ALU reg <- mem, MOVZX/MOVSX, IMUL),
 * stores (MOV mem <- reg/imm), PUSH/POP/CALL/RET on a flat 32-bit stack,
 * CALL/RET on a 16-bit stack. An access through a flat segment tests the
 * TLB inline -- the tag compare of ops.h's x86_ld_idx/x86_st_idx -- and
 * goes to a slow path out of line (after the TB's body): the dirty guest
 * registers stored, then one call of helper_jit_ld/st (gen-exec.c), which
 * redoes the access in C with ra = the op. Other segments call that
 * helper directly (segment checks in C).
 */
#include "tcg/thumb2/gen.h"

#define R0  TCG_REG_R0
#define R1  TCG_REG_R1
#define R2  TCG_REG_R2
#define R3  TCG_REG_R3
#define R12 TCG_REG_R12

static int32_t disp_to(const tcg_insn_unit *from, const tcg_insn_unit *to)
{
    return (int32_t)((const char *)to - (const char *)(from + 2));
}

/* The size (log2) of the memory access of a memory kind. */
int gen_mem_ot(unsigned k)
{
    switch (k) {
    case OPK_LD8:
    case OPK_ST8:
    case OPK_STI8:
    case OPK_MOVZBM:
    case OPK_MOVSBM:
        return 0;
    case OPK_LD16:
    case OPK_ST16:
    case OPK_STI16:
    case OPK_MOVZWM:
    case OPK_MOVSWM:
        return 1;
    default:
        break;
    }
    if (k >= OPK_ALU_BASE && k < OPK_ALU_NB) {
        return (int)((k - OPK_ALU_BASE) / 9) % 3;
    }
    return 2;
}

static uint16_t dirty_mask(GenCtx *g)
{
    uint16_t m = 0;
    for (int r = 0; r < 8; r++) {
        if (g->r[r].host >= 0 && g->r[r].dirty) {
            m |= (uint16_t)(1u << r);
        }
    }
    return m;
}

/* Slow path to emit after the body: branch at `at` (B<ne>.W), back to
 * `done`. */
/* A conditional branch to the slow path add_slow will record. */
static void branch_slow(GenCtx *g, ARMCond c)
{
    if (g->n_pending < GEN_SLOW_BRANCHES) {
        g->pending_at[g->n_pending] = g->s.code_ptr;
        g->pending_cond[g->n_pending++] = c;
    } else {
        g->s.overflow = true; /* cannot happen: the TB is given up */
    }
    tcg_out_bcond(&g->s, c, 0); /* patched by gen_slow_paths */
}

static void add_slow(GenCtx *g, bool store, bool interp, TCGReg reg)
{
    GenSlow *sl;
    if (g->n_slow >= GEN_MAX_SLOW) {
        g->s.overflow = true; /* cannot happen: one per op at most */
        return;
    }
    sl = &g->slow[g->n_slow++];
    for (int i = 0; i < g->n_pending; i++) {
        sl->at[i] = g->pending_at[i];
        sl->cond[i] = g->pending_cond[i];
    }
    sl->n_at = g->n_pending;
    g->n_pending = 0;
    sl->done = g->s.code_ptr;
    sl->op = g->op;
    sl->dirty = dirty_mask(g);
    sl->store = store;
    sl->interp = interp;
    sl->reg = (int8_t)reg;
}

/* The TLB entry's tag for address r0 vs. the address masked as QEMU's
 * test (page and alignment bits): r1 = the entry; branches to a slow
 * path unless they match, then r3 = the addend (store: r12 used). */
static void tlb_check(GenCtx *g, int ot, int idx, bool store)
{
    size_t tab = offsetof(CPUState, tlb.d[idx].table);
    size_t tag = store ? offsetof(CPUTLBEntry, addr_write)
                       : offsetof(CPUTLBEntry, addr_read);
    TCGReg t = store ? R3 : R2;

    tcg_out_ubfx(&g->s, R1, R0, TARGET_PAGE_BITS, CPU_TLB_BITS);
    tcg_out_dat_reg(&g->s, ARITH_ADD, false, R1, GEN_REG_CS, R1, SHIFT_LSL, 4);
    if (tab + sizeof(CPUTLBEntry) >= 4096) {
        gen_addi(g, R1, R1, (uint32_t)tab);
        tab = 0;
    }
    tcg_out_ld(&g->s, LDST_UL, t, R1, (int)(tab + tag));
    if (ot == 0) { /* no alignment bits: the page number, shifted back */
        tcg_out_shift_imm(&g->s, SHIFT_LSR, false, R12, R0, TARGET_PAGE_BITS);
        tcg_out_dat_reg(&g->s, ARITH_SUB, true, TCG_REG_PC, t, R12, SHIFT_LSL,
                        TARGET_PAGE_BITS);
    } else {
        tcg_out_dat_imm(&g->s, ARITH_BIC, false, R12, R0, 0xff0);
        tcg_out_dat_imm(&g->s, ARITH_BIC, false, R12, R12,
                        0xfu & ~((1u << ot) - 1));
        tcg_out_cmp_reg(&g->s, t, R12);
    }
    branch_slow(g, COND_NE);
    tcg_out_ld(&g->s, LDST_UL, R3, R1,
               (int)(tab + offsetof(CPUTLBEntry, addend)));
}

/* r0 = the linear address of op's operand: a flat segment adds nothing;
 * another one is checked inline for the common case ops.h's seg_check_rw
 * lets through (a writable data segment of 64 KiB or more, the access
 * inside its first 64 KiB), else the slow path does it all. */
static void gen_linear(GenCtx *g, const X86Op *op, int ot)
{
    gen_ea(g, op, R0);
    if (op->flat) {
        return;
    }
    gen_ld_env(g, R1, offsetof(CPUX86State, seg_fast16));
    tcg_out_tst_imm(&g->s, R1, 1u << op->seg);
    branch_slow(g, COND_EQ);
    if (op->aflag != 1) { /* a 32-bit ea: below 64 KiB first (no wrap) */
        tcg_out_shift_imm(&g->s, SHIFT_LSR, true, R1, R0, 16);
        branch_slow(g, COND_NE);
    }
    if (ot != 0) { /* ea + size - 1 <= 0xffff */
        gen_addi(g, R1, R0, (1u << ot) - 1);
        tcg_out_shift_imm(&g->s, SHIFT_LSR, true, R1, R1, 16);
        branch_slow(g, COND_NE);
    }
    gen_ld_env(g, R1, offsetof(CPUX86State, segs[op->seg].base));
    tcg_out_dat_reg(&g->s, ARITH_ADD, false, R0, R0, R1, SHIFT_LSL, 0);
}

/* dst (r0 or a home) = the memory operand of op (ot bytes); addr_in_r0:
 * the stack ops' flat address is there already. */
static void gen_load(GenCtx *g, const X86Op *op, int ot, bool addr_in_r0,
                     TCGReg dst)
{
    static const ARMLdSt w[3] = {LDST_UB, LDST_UH, LDST_UL};

    if (!addr_in_r0) {
        gen_linear(g, op, ot);
    }
    tlb_check(g, ot, op->mmu_idx, false);
    tcg_out_ld_reg(&g->s, w[ot], dst, R0, R3, 0);
    add_slow(g, false, false, dst);
}

/* store v (r2 or a home; ot bytes) to op's operand (or to the address in
 * r0) */
static void gen_store(GenCtx *g, const X86Op *op, int ot, bool addr_in_r0,
                      TCGReg v)
{
    static const ARMLdSt w[3] = {LDST_UB, LDST_UH, LDST_UL};

    if (!addr_in_r0) {
        gen_linear(g, op, ot);
    }
    tlb_check(g, ot, op->mmu_idx, true);
    tcg_out_st_reg(&g->s, w[ot], v, R0, R3, 0);
    add_slow(g, true, false, v);
}

void gen_load_op(GenCtx *g, const X86Op *op, int ot)
{
    gen_load(g, op, ot, false, R0);
}

/* where a load into guest register r goes: its home, else r0 */
static TCGReg load_dst(int r)
{
    return gen_home(r) >= 0 ? (TCGReg)gen_home(r) : R0;
}

void gen_rmw_load(GenCtx *g, const X86Op *op, int ot)
{
    static const ARMLdSt w[3] = {LDST_UB, LDST_UH, LDST_UL};
    size_t tab = offsetof(CPUState, tlb.d[op->mmu_idx].table);

    gen_linear(g, op, ot);
    tlb_check(g, ot, op->mmu_idx, false); /* r1 = entry, r12 = the tag */
    if (tab + sizeof(CPUTLBEntry) >= 4096) {
        tab = 0; /* tlb_check left r1 at the table entry itself */
    }
    tcg_out_ld(&g->s, LDST_UL, R1, R1,
               (int)(tab + offsetof(CPUTLBEntry, addr_write)));
    tcg_out_cmp_reg(&g->s, R1, R12);
    branch_slow(g, COND_NE);
    tcg_out_ld_reg(&g->s, w[ot], R2, R0, R3, 0);
}

void gen_rmw_store(GenCtx *g, int ot, TCGReg v)
{
    static const ARMLdSt w[3] = {LDST_UB, LDST_UH, LDST_UL};

    tcg_out_st_reg(&g->s, w[ot], v, R0, R3, 0);
}

void gen_rmw_done(GenCtx *g)
{
    add_slow(g, false, true, R0);
    g->arm_flags = false; /* the interpreter's path does not set them */
}

void gen_slow_paths(GenCtx *g)
{
    for (int i = 0; i < g->n_slow; i++) {
        GenSlow *sl = &g->slow[i];
        tcg_insn_unit *here = g->s.code_ptr, *save;
        if (g->s.overflow) {
            return;
        }
        for (int j = 0; j < sl->n_at; j++) {
            g->s.code_ptr = sl->at[j];
            tcg_out_bcond(&g->s, sl->cond[j], disp_to(sl->at[j], here));
        }
        g->s.code_ptr = here;
        for (int r = 0; r < 8; r++) { /* the registers as they were there */
            if (sl->dirty & (1u << r)) {
                gen_st_env(g, (TCGReg)g->r[r].host,
                           offsetof(CPUX86State, regs[r]));
            }
        }
        g->op = sl->op;
        if (sl->store && sl->reg != R2) {
            tcg_out_mov_reg(&g->s, R2, (TCGReg)sl->reg);
        }
        tcg_out_mov_reg(&g->s, R0, GEN_REG_ENV);
        gen_movi_op(g, R1);
        gen_call(g, sl->interp  ? GEN_H_INTERP
                    : sl->store ? GEN_H_ST
                                : GEN_H_LD);
        if (!sl->store && !sl->interp && sl->reg != R0) {
            tcg_out_mov_reg(&g->s, (TCGReg)sl->reg, R0);
        }
        if (sl->store || sl->interp) { /* it wrote this TB's code: leave */
            tcg_out_cmp_imm(&g->s, R0, 0);
            tcg_out_bcond(&g->s, COND_NE,
                          disp_to(g->s.code_ptr, gen_shared.epilogue));
        }
        save = g->s.code_ptr;
        tcg_out_b(&g->s, disp_to(save, sl->done));
    }
}

/* JMP r/m32 (FF /4, an op of op_grp5's): the target from the register or
 * through the inline load, then the jump-cache lookup, as the handler's
 * OPX_LOOKUP would go. False for the group's other forms. */
bool gen_jmp_indirect(GenCtx *g, const X86Op *op)
{
    TCGReg v;

    if (op->fn != op_grp5 || op->reg != 4 || op->ot != 2) {
        return false;
    }
    if (op->mod == 3) {
        v = gen_reg_get(g, op->rm, R1);
    } else {
        gen_load(g, op, 2, false, R0);
        v = R0;
    }
    gen_homes_ready(g);
    if (v != R1) {
        tcg_out_mov_reg(&g->s, R1, v);
    }
    gen_exit_lookup(g, false);
    return true;
}

static void sp_add(GenCtx *g, int delta)
{
    TCGReg sp = gen_reg_get(g, R_ESP, R1);
    if (delta < 0) {
        tcg_out_subw(&g->s, R1, sp, (unsigned)-delta);
    } else {
        tcg_out_addw(&g->s, R1, sp, (unsigned)delta);
    }
    gen_reg_set(g, R_ESP, R1);
}

bool gen_mem_op(GenCtx *g, const X86Op *op)
{
    unsigned k = op->kind;
    int ot = gen_mem_ot(k);
    TCGReg v;

    switch (k) {
    case OPK_LD8:
    case OPK_LD16:
        gen_load(g, op, ot, false, R0);
        gen_set_part(g, ot, op->reg, R0);
        return true;
    case OPK_LD32:
        v = load_dst(op->reg);
        gen_load(g, op, ot, false, v);
        gen_reg_set(g, op->reg, v);
        return true;
    case OPK_MOVZBM:
    case OPK_MOVZWM:
    case OPK_MOVSBM:
    case OPK_MOVSWM:
        v = load_dst(op->reg);
        gen_load(g, op, ot, false, v);
        if (k == OPK_MOVSBM || k == OPK_MOVSWM) {
            tcg_out_ext(&g->s, ot ? EXT_SXTH : EXT_SXTB, v, v);
        }
        gen_reg_set(g, op->reg, v);
        return true;
    case OPK_ST8:
        gen_get_part(g, 0, op->reg, R2);
        gen_store(g, op, 0, false, R2);
        return true;
    case OPK_ST16:
    case OPK_ST32:
        /* a 16-bit store writes the register's low half */
        gen_store(g, op, ot, false, gen_reg_get(g, op->reg, R2));
        return true;
    case OPK_STI8:
    case OPK_STI16:
    case OPK_STI32:
        tcg_out_movi32(&g->s, R2, op->imm);
        gen_store(g, op, ot, false, R2);
        return true;
    case OPK_PUSH32:
    case OPK_CALL32:
        if (k == OPK_PUSH32) {
            v = gen_reg_get(g, op->reg, R2);
        } else {
            v = R2;
            tcg_out_movi32(&g->s, R2, op->next_eip);
        }
        tcg_out_subw(&g->s, R0, gen_reg_get(g, R_ESP, R0), 4);
        gen_store(g, op, 2, true, v);
        sp_add(g, -4);
        if (k == OPK_CALL32) {
            gen_homes_ready(g);
            gen_exit_static(g, 0, g->tb->icount, op->imm);
        }
        return true;
    case OPK_POP32:
    case OPK_RET32:
        v = gen_reg_get(g, R_ESP, R0);
        if (v != R0) {
            tcg_out_mov_reg(&g->s, R0, v);
        }
        /* POP ESP: the value loaded, not the incremented ESP */
        v = k == OPK_POP32 && op->reg != R_ESP ? load_dst(op->reg) : R0;
        gen_load(g, op, 2, true, v);
        sp_add(g, 4);
        if (k == OPK_POP32) {
            gen_reg_set(g, op->reg, v);
            return true;
        }
        gen_homes_ready(g);
        tcg_out_mov_reg(&g->s, R1, R0);
        gen_exit_lookup(g, false);
        return true;
    case OPK_CALLW_SP16:
    case OPK_CALLL_SP16:
    case OPK_RETW_SP16:
    case OPK_RETL_SP16:
        /* the push or pop in C (SS checks, SP wraps), then the exit */
        gen_spill(g);
        g->calls = true;
        tcg_out_mov_reg(&g->s, R0, GEN_REG_ENV);
        gen_movi_op(g, R1);
        gen_call(g, GEN_H_STACK16);
        gen_forget(g);
        gen_homes_ready(g);
        if (k <= OPK_CALLL_SP16) {
            gen_exit_static(g, 0, g->tb->icount, op->imm);
        } else {
            gen_exit_lookup(g, true);
        }
        return true;
    default:
        return false;
    }
}
