/*
 * Running generated code: the shared code at the start of the buffer
 * (entry, epilogue, chain tail, the thunks that reach C helpers -- the
 * buffer is in SRAM, out of BL range of the firmware's flash), the C loop
 * that enters TBs and keeps QEMU's exit bookkeeping exactly as x86_run_tb
 * does (run.c), chaining by patching an exit's B.W, and the helpers that
 * generated code calls.
 */
#include "tcg/thumb2/gen.h"
#include "tcg/thumb2/jit.h"

GenShared gen_shared;

typedef uint32_t (*GenEnterFn)(CPUX86State *env, const void *body);

static const void *const gen_helpers[GEN_H_NB] = {
    [GEN_H_CALL] = (const void *)helper_jit_call,
    [GEN_H_INTERP] = (const void *)helper_jit_interp,
    [GEN_H_COND] = (const void *)helper_jit_cond,
    [GEN_H_CC_C] = (const void *)helper_jit_cc_c,
    [GEN_H_LD] = (const void *)helper_jit_ld,
    [GEN_H_ST] = (const void *)helper_jit_st,
    [GEN_H_STACK16] = (const void *)helper_jit_stack16,
};

static int32_t disp_to(const tcg_insn_unit *from, const tcg_insn_unit *to)
{
    return (int32_t)((const char *)to - (const char *)(from + 2));
}

/* The offset from env of a CPUState field at the end of CPUState (tcg.h):
 * within reach of LDR/STR's negative 8-bit immediate. */
#define CS_ENV_OFF(f) ((int)offsetof(CPUState, f) - (int)offsetof(X86CPU, env))
_Static_assert(CS_ENV_OFF(interrupt_request) >= -255 &&
                   CS_ENV_OFF(icount_left) >= -255 &&
                   CS_ENV_OFF(current_tb) >= -255,
               "the chain tail's CPUState fields must sit just before env");

_Static_assert(offsetof(CPUState, icount_left) ==
                   offsetof(CPUState, interrupt_request) + 4,
               "one LDRD loads interrupt_request and icount_left");

/* Charge r0's instructions, then enter `target` as TB `tb` unless the
 * budget is used up or an interrupt is pending (run.c's tb_enter); the two
 * branches out (LE, CBNZ: forward, within 126 bytes) are left for the
 * caller to patch. r12 and irq (r0-r7) are used. */
static void out_charge_enter(TCGContext *s, TCGReg tb, TCGReg target,
                             TCGReg irq, tcg_insn_unit **b_le,
                             tcg_insn_unit **b_nz)
{
    TCGReg u = TCG_REG_R12;

    tcg_out_ldrd(s, irq, u, GEN_REG_ENV, CS_ENV_OFF(interrupt_request));
    /* SUBS: LE is "icount_left <= 0" (the count cannot overflow) */
    tcg_out_dat_reg(s, ARITH_SUB, true, u, u, TCG_REG_R0, SHIFT_LSR, 8);
    tcg_out_st(s, LDST_UL, u, GEN_REG_ENV, CS_ENV_OFF(icount_left));
    *b_le = s->code_ptr;
    tcg_out_bcond(s, COND_LE, 0);
    *b_nz = s->code_ptr;
    tcg_out_cbz(s, true, irq, 0);
    tcg_out_st(s, LDST_UL, tb, GEN_REG_ENV, CS_ENV_OFF(current_tb));
    tcg_out_bx(s, target);
}

/* Point the CBNZ at `at` forward to here. */
static void patch_cbnz(TCGContext *s, tcg_insn_unit *at, TCGReg irq)
{
    tcg_insn_unit *save = s->code_ptr;
    s->code_ptr = at;
    tcg_out_cbz(s, true, irq, disp_to(at, save));
    s->code_ptr = save;
}

/* The homes from env (entering from C) or to env (leaving to C). */
static void out_homes(TCGContext *s, bool store)
{
    for (int r = 0; r < 8; r++) {
        if (gen_home(r) >= 0) {
            if (store) {
                tcg_out_st(s, LDST_UL, (TCGReg)gen_home(r), GEN_REG_ENV,
                           (int)offsetof(CPUX86State, regs[r]));
            } else {
                tcg_out_ld(s, LDST_UL, (TCGReg)gen_home(r), GEN_REG_ENV,
                           (int)offsetof(CPUX86State, regs[r]));
            }
        }
    }
}

bool gen_shared_init(void)
{
    TCGContext c, *s = &c;
    tcg_insn_unit *reject, *counted, *b_ne1, *b_le, *b_nz, *f_le, *f_nz;

    if (!tcg_code_begin(s)) {
        return false;
    }
    /* enter(env, body): callee-saved registers (ten words keep the stack
     * 8-byte aligned for the helpers), env and cs, the homes, then the TB */
    gen_shared.enter = s->code_ptr;
    tcg_out_push(s, 0x4ff8); /* r3-r11, lr */
    tcg_out_mov_reg(s, GEN_REG_ENV, TCG_REG_R0);
    tcg_out_movi32(s, TCG_REG_R12, (uint32_t)offsetof(X86CPU, env));
    tcg_out_dat_reg(s, ARITH_SUB, false, GEN_REG_CS, TCG_REG_R0, TCG_REG_R12,
                    SHIFT_LSL, 0);
    out_homes(s, false);
    tcg_out_bx(s, TCG_REG_R1);

    gen_shared.exit_eip = s->code_ptr;
    tcg_out_st(s, LDST_UL, TCG_REG_R1, GEN_REG_ENV,
               (int)offsetof(CPUX86State, eip));
    gen_shared.exit_spill = s->code_ptr;
    out_homes(s, true);
    gen_shared.epilogue = s->code_ptr;
    tcg_out_pop(s, 0x8ff8); /* r3-r11, pc */

    /* chain_tail: r0 = the exit code of the TB that left, r1 = the TB its
     * exit is linked to, lr = r1's body (chain_tail_tc: lr from r1).
     * Deviation D57: a link to an invalidated TB is refused here, not
     * unlinked. Enter r1 if it is valid for these hflags, the budget lasts
     * and nothing is pending, as tb_chain_next and tb_enter (run.c); else
     * back to C. chain_fast skips the hflags test: the TB that left has
     * nothing that could change hflags and was linked under the same ones
     * (an invalidated TB's fast entry is pointed at chain_tail). */
    gen_shared.chain_tail_tc = s->code_ptr;
    tcg_out_ld(s, LDST_UL, TCG_REG_LR, TCG_REG_R1,
               (int)offsetof(TranslationBlock, tc_ptr));
    gen_shared.chain_tail = s->code_ptr;
    tcg_out_ld(s, LDST_UL, TCG_REG_R2, TCG_REG_R1,
               (int)offsetof(TranslationBlock, chain_flags));
    tcg_out_ld(s, LDST_UL, TCG_REG_R3, GEN_REG_ENV,
               (int)offsetof(CPUX86State, hflags));
    tcg_out_cmp_reg(s, TCG_REG_R2, TCG_REG_R3);
    b_ne1 = s->code_ptr;
    tcg_out_bcond(s, COND_NE, 0);
    out_charge_enter(s, TCG_REG_R1, TCG_REG_LR, TCG_REG_R2, &b_le, &b_nz);
    gen_shared.chain_fast = s->code_ptr;
    out_charge_enter(s, TCG_REG_R1, TCG_REG_LR, TCG_REG_R2, &f_le, &f_nz);
    counted = s->code_ptr;
    tcg_out_dat_imm(s, ARITH_ORR, false, TCG_REG_R0, TCG_REG_R0,
                    GEN_EXIT_COUNTED);
    reject = s->code_ptr; /* eip: the successor's pc, this exit's target */
    tcg_out_ld(s, LDST_UL, TCG_REG_R2, TCG_REG_R1,
               (int)offsetof(TranslationBlock, pc));
    tcg_out_st(s, LDST_UL, TCG_REG_R2, GEN_REG_ENV,
               (int)offsetof(CPUX86State, eip));
    tcg_out_b(s, disp_to(s->code_ptr, gen_shared.exit_spill));
    if (!s->overflow) {
        tcg_insn_unit *save = s->code_ptr;
        s->code_ptr = b_ne1;
        tcg_out_bcond(s, COND_NE, disp_to(b_ne1, reject));
        s->code_ptr = b_le;
        tcg_out_bcond(s, COND_LE, disp_to(b_le, counted));
        s->code_ptr = f_le;
        tcg_out_bcond(s, COND_LE, disp_to(f_le, counted));
        s->code_ptr = counted;
        patch_cbnz(s, b_nz, TCG_REG_R2);
        patch_cbnz(s, f_nz, TCG_REG_R2);
        s->code_ptr = save;
    }

    /* lookup: r0 = OPX_LOOKUP | n << 8, r1 = eip (lookup_env: in env).
     * The jump cache's TB for eip is entered if tb_lookup_may_follow
     * (tb.h) allows -- the TB that left has neither of its flags, the
     * generator checked -- and it has code, charged and checked as the
     * chain tail does; any other case goes back to C uncharged, which
     * looks up again (the interpreter's rules, tcg_jit_exit_next). */
    {
        tcg_insn_unit *miss[5], *l_le, *l_nz;
        TCGReg a = TCG_REG_R2, t = TCG_REG_R3, u = TCG_REG_R12;

        gen_shared.lookup_env = s->code_ptr;
        tcg_out_ld(s, LDST_UL, TCG_REG_R1, GEN_REG_ENV,
                   (int)offsetof(CPUX86State, eip));
        gen_shared.lookup = s->code_ptr;
        tcg_out_st(s, LDST_UL, TCG_REG_R1, GEN_REG_ENV,
                   (int)offsetof(CPUX86State, eip));
        tcg_out_dat_reg(s, ARITH_EOR, false, a, TCG_REG_R1, TCG_REG_R1,
                        SHIFT_LSR, TB_JMP_CACHE_BITS);
        tcg_out_ubfx(s, a, a, 0, TB_JMP_CACHE_BITS);
        tcg_out_dat_reg(s, ARITH_ADD, false, a, GEN_REG_CS, a, SHIFT_LSL, 2);
        tcg_out_movi32(s, u, (uint32_t)offsetof(CPUState, tb_jmp_cache));
        tcg_out_ld_reg(s, LDST_UL, a, a, u, 0);
        tcg_out_cmp_imm(s, a, 0);
        miss[0] = s->code_ptr;
        tcg_out_bcond(s, COND_EQ, 0);
        tcg_out_ld(s, LDST_UL, t, a, (int)offsetof(TranslationBlock, pc));
        tcg_out_cmp_reg(s, t, TCG_REG_R1);
        miss[1] = s->code_ptr;
        tcg_out_bcond(s, COND_NE, 0);
        tcg_out_ld(s, LDST_UL, t, a,
                   (int)offsetof(TranslationBlock, chain_flags));
        tcg_out_ld(s, LDST_UL, u, GEN_REG_ENV,
                   (int)offsetof(CPUX86State, hflags));
        tcg_out_cmp_reg(s, t, u);
        miss[2] = s->code_ptr;
        tcg_out_bcond(s, COND_NE, 0);
        tcg_out_ld(s, LDST_UL, t, a, (int)offsetof(TranslationBlock, cs_base));
        tcg_out_ld(s, LDST_UL, u, GEN_REG_ENV,
                   (int)offsetof(CPUX86State, segs[R_CS].base));
        tcg_out_cmp_reg(s, t, u);
        miss[3] = s->code_ptr;
        tcg_out_bcond(s, COND_NE, 0);
        tcg_out_ld(s, LDST_UL, t, a, (int)offsetof(TranslationBlock, tc_ptr));
        tcg_out_cmp_imm(s, t, 0);
        miss[4] = s->code_ptr;
        tcg_out_bcond(s, COND_EQ, 0); /* left to the interpreter */
        out_charge_enter(s, a, t, TCG_REG_R1, &l_le, &l_nz);
        if (!s->overflow) {
            tcg_insn_unit *save = s->code_ptr;
            for (int i = 0; i < 5; i++) {
                s->code_ptr = miss[i];
                tcg_out_bcond(s, i == 0 || i == 4 ? COND_EQ : COND_NE,
                              disp_to(miss[i], gen_shared.exit_spill));
            }
            s->code_ptr = l_le;
            tcg_out_bcond(s, COND_LE, disp_to(l_le, save));
            s->code_ptr = save;
            patch_cbnz(s, l_nz, TCG_REG_R1);
        }
        tcg_out_dat_imm(s, ARITH_ORR, false, TCG_REG_R0, TCG_REG_R0,
                        GEN_EXIT_COUNTED);
        tcg_out_b(s, disp_to(s->code_ptr, gen_shared.exit_spill));
    }

    /* thunks: movw/movt r12, helper; bx r12 */
    for (int i = 0; i < GEN_H_NB; i++) {
        uint32_t a = (uint32_t)(uintptr_t)gen_helpers[i];
        gen_shared.thunk[i] = s->code_ptr;
        tcg_out_movw(s, TCG_REG_R12, (uint16_t)a);
        tcg_out_movt(s, TCG_REG_R12, (uint16_t)(a >> 16));
        tcg_out_bx(s, TCG_REG_R12);
    }
    return tcg_code_commit(s) != NULL;
}

/* ---- the exit bookkeeping (run.c's tb_chain_next, tb_lookup_next) ---- */

static TranslationBlock *enter_next(CPUState *cs, TranslationBlock *next)
{
    if (cs->icount_left > 0 && !cs->interrupt_request) {
        cs->current_tb = next;
        return next;
    }
    return NULL;
}

TranslationBlock *tcg_jit_exit_next(CPUState *cs, TranslationBlock *tb,
                                    uint32_t c, int *ret)
{
    CPUX86State *env = cs->env_ptr;
    int x = GEN_EXIT_X(c);
    TranslationBlock *next;

    *ret = x;
    if (x == OPX_NOCHAIN) {
        cs->icount_left -= tb->icount;
        return NULL;
    }
    if (x == OPX_LOOKUP) {
        *ret = OPX_NOCHAIN;
        if (c & GEN_EXIT_COUNTED) {
            return NULL; /* the inline lookup charged it, then stopped */
        }
        next = cs->tb_jmp_cache[tb_jmp_cache_hash(env->eip)];
        cs->icount_left -= tb->icount;
        if (tb_lookup_may_follow(tb, next, env->eip, env->hflags,
                                 env->segs[R_CS].base)) {
            return enter_next(cs, next);
        }
        return NULL;
    }
    if (c & GEN_EXIT_COUNTED) {
        return NULL; /* chain_tail charged it and refused to chain */
    }
    cs->icount_left -= GEN_EXIT_N(c) ? (int)GEN_EXIT_N(c) : tb->icount;
    next = tb->jmp_dest[x - OPX_JMP0];
    if (next && next->chain_flags == env->hflags &&
        ((c & GEN_EXIT_STATIC) || next->pc == env->eip)) {
        return enter_next(cs, next);
    }
    return NULL;
}

int tcg_jit_exec(CPUState *cs, TranslationBlock *tb)
{
    GenEnterFn enter = (GenEnterFn)((uintptr_t)gen_shared.enter | 1);
    int ret;

    for (;;) {
        uint32_t c = enter(cs->env_ptr, tb->tc_ptr);
        tb = tcg_jit_exit_next(cs, cs->current_tb, c, &ret);
        if (!tb) {
            return ret;
        }
        if (!tb->tc_ptr) {
            return x86_run_tb(cs, tb); /* left to the interpreter */
        }
    }
}

/* ---- chaining ---- */

void tcg_jit_link(TranslationBlock *from, int slot, TranslationBlock *to)
{
    tcg_insn_unit *body, *p, *entry;

    if (!from->tc_ptr || !to->tc_ptr || !from->tc_exit[slot]) {
        return;
    }
    body = (tcg_insn_unit *)((uintptr_t)from->tc_ptr & ~(uintptr_t)1);
    p = body + from->tc_exit[slot];
    entry = (tcg_insn_unit *)((uintptr_t)to->tc_ptr & ~(uintptr_t)1) -
            (from->tc_plain ? GEN_CHAIN_FAST_UNITS : GEN_CHAIN_ENTRY_UNITS);
    tcg_patch_b(p, disp_to(p, entry), false);
    tcg_code_sync(p, 4);
}

void tcg_jit_unlink(TranslationBlock *tb)
{
    tcg_insn_unit *body, *p;

    if (!tb->tc_ptr) {
        return;
    }
    body = (tcg_insn_unit *)((uintptr_t)tb->tc_ptr & ~(uintptr_t)1);
    /* its fast entry's BL to chain_tail, which refuses it from now on */
    p = body - GEN_CHAIN_FAST_UNITS + 4;
    tcg_patch_b(p, disp_to(p, gen_shared.chain_tail), true);
    tcg_code_sync(p, 4);
    for (int i = 0; i < TB_EXITS; i++) {
        if (tb->tc_exit[i]) {
            p = body + tb->tc_exit[i];
            tcg_patch_b(p, 0, false); /* falls through: not chained */
            tcg_code_sync(p, 4);
        }
    }
}

/* ---- helpers called from generated code ---- */

/* After an op that returned OPX_NEXT: if it wrote the running TB's code,
 * leave after it, as the interpreter does (x86_tb_stop_after_current). */
static int after_op(CPUX86State *env, const X86Op *op, int x)
{
    if (x == OPX_NEXT && unlikely(tb_invalid(env_cpu(env)->current_tb))) {
        env->eip = op->next_eip;
        return OPX_JMP0;
    }
    return x;
}

int helper_jit_call(CPUX86State *env, const X86Op *op)
{
    return after_op(env, op, op->fn(env, op));
}

static int op_interp_stop(CPUX86State *env, const X86Op *op)
{
    (void)env;
    (void)op;
    return OPX_NOCHAIN;
}

/* One op of an inline kind through the interpreter: a TB of the op and a
 * stop op, charged nothing; a fault restores eip from the copy (the same
 * eip) and unwinds to cpu_exec with cs->current_tb the real TB. */
int helper_jit_interp(CPUX86State *env, const X86Op *op)
{
    static X86Op ops[2];
    static TranslationBlock tb;

    if (!ops[1].fn) {
        ops[1].fn = op_interp_stop;
        ops[1].kind = OPK_CALL;
        x86_set_op_label(&ops[1]);
    }
    ops[0] = *op;
    tb.ops = ops;
    tb.icount = 0;
    x86_run_tb(env_cpu(env), &tb);
    return after_op(env, op, OPX_NEXT);
}

uint32_t helper_jit_cond(CPUX86State *env, uint32_t cc)
{
    int cf = x86_cond_fast(env, (int)cc);
    return cf >= 0 ? (uint32_t)((bool)cf ^ (cc & 1))
                   : (uint32_t)x86_cond(env, (int)cc);
}

uint32_t helper_jit_cc_c(CPUX86State *env)
{
    return x86_cc_c(env);
}

/* The slow path of a memory op, or the whole access through a segment
 * that is not flat: as the interpreter's kinds do it (run.c). */
uint32_t helper_jit_ld(CPUX86State *env, const X86Op *op)
{
    int ot = gen_mem_ot(op->kind);
    uint32_t addr = op->kind == OPK_POP32 || op->kind == OPK_RET32
                        ? env->regs[R_ESP]
                        : op_linear_rw(env, op, ot, false);
    return x86_ld_idx(env, addr, ot, op->mmu_idx, OP_RA(op));
}

/* 0, or when the store wrote the running TB's code, the exit after the
 * op (the interpreter's op_end): the op finished first. */
int helper_jit_st(CPUX86State *env, const X86Op *op, uint32_t v)
{
    int ot = gen_mem_ot(op->kind);
    bool stack = op->kind == OPK_PUSH32 || op->kind == OPK_CALL32;
    uint32_t addr =
        stack ? env->regs[R_ESP] - 4 : op_linear_rw(env, op, ot, true);

    x86_st_idx(env, addr, ot, v, op->mmu_idx, OP_RA(op));
    if (likely(!tb_invalid(env_cpu(env)->current_tb))) {
        return 0;
    }
    if (stack) {
        env->regs[R_ESP] = addr;
    }
    env->eip = op->kind == OPK_CALL32 ? op->imm : op->next_eip;
    return OPX_JMP0;
}

void helper_jit_stack16(CPUX86State *env, const X86Op *op)
{
    int ot = op->kind == OPK_CALLW_SP16 || op->kind == OPK_RETW_SP16 ? 1 : 2;
    uint32_t r;

    if (op->kind <= OPK_CALLL_SP16) {
        x86_push_m(env, ot, op->next_eip, 0xffff, op->mmu_idx, OP_RA(op));
        return;
    }
    r = x86_pop_m(env, ot, 0xffff, op->mmu_idx, OP_RA(op));
    env->eip = ot == 1 ? r & 0xffff : r;
}
