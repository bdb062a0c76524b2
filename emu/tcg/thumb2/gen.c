/*
 * The code generator per TB (issue 15): a TB's ops become Thumb-2 in the
 * code buffer. Six guest registers have homes in r4-r9 that chained TBs
 * pass on (stored to env only on the way back to C and before helper
 * calls), the lazy flags go to env exactly as the interpreter leaves
 * them, and every op kind the generator has no code for runs through a
 * helper call (gen-exec.c). A TB holding an op that cannot be called that
 * way (a stack op that leaves the TB) stays with the interpreter, counted
 * in tcg_stats.tb_interp.
 */
#include "tcg/thumb2/gen.h"
#include "tcg/thumb2/jit.h"

/* ---- guest registers ---- */

void gen_ld_env(GenCtx *g, TCGReg v, size_t off)
{
    tcg_out_ld(&g->s, LDST_UL, v, GEN_REG_ENV, (int)off);
}

void gen_st_env(GenCtx *g, TCGReg v, size_t off)
{
    tcg_out_st(&g->s, LDST_UL, v, GEN_REG_ENV, (int)off);
}

TCGReg gen_reg_get(GenCtx *g, int r, TCGReg scratch)
{
    GenReg *gr;

    if (r >= 8) { /* R_ZERO: no base or index */
        tcg_out_movi32(&g->s, scratch, 0);
        return scratch;
    }
    gr = &g->r[r];
    if (gr->host < 0) {
        gen_ld_env(g, scratch, offsetof(CPUX86State, regs[r]));
        return scratch;
    }
    if (!gr->loaded) {
        gen_ld_env(g, (TCGReg)gr->host, offsetof(CPUX86State, regs[r]));
        gr->loaded = true;
    }
    return (TCGReg)gr->host;
}

void gen_reg_set(GenCtx *g, int r, TCGReg v)
{
    GenReg *gr = &g->r[r];

    if (gr->host < 0) {
        gen_st_env(g, v, offsetof(CPUX86State, regs[r]));
        return;
    }
    if (v != (TCGReg)gr->host) {
        tcg_out_mov_reg(&g->s, (TCGReg)gr->host, v);
    }
    gr->loaded = gr->dirty = true;
}

void gen_get_part(GenCtx *g, int ot, int off, TCGReg dst)
{
    if (ot == 0) {
        TCGReg src = gen_reg_get(g, off >> 2, dst);
        tcg_out_ubfx(&g->s, dst, src, (off & 1) * 8, 8);
    } else {
        tcg_out_ext(&g->s, EXT_UXTH, dst, gen_reg_get(g, off, dst));
    }
}

void gen_set_part(GenCtx *g, int ot, int off, TCGReg v)
{
    int r = ot == 0 ? off >> 2 : off;
    GenReg *gr = &g->r[r];

    if (gr->host < 0) { /* a byte or halfword store into env->regs */
        tcg_out_st(&g->s, ot == 0 ? LDST_UB : LDST_UH, v, GEN_REG_ENV,
                   (int)offsetof(CPUX86State, regs) + (ot == 0 ? off : r * 4));
        return;
    }
    gen_reg_get(g, r, v); /* loads it if needed */
    tcg_out_bfi(&g->s, (TCGReg)gr->host, v, ot == 0 ? (off & 1) * 8 : 0,
                ot == 0 ? 8 : 16);
    gr->dirty = true;
}

void gen_spill(GenCtx *g)
{
    for (int r = 0; r < 8; r++) {
        GenReg *gr = &g->r[r];
        if (gr->host >= 0 && gr->dirty) {
            gen_st_env(g, (TCGReg)gr->host, offsetof(CPUX86State, regs[r]));
            gr->dirty = false;
        }
    }
}

void gen_forget(GenCtx *g)
{
    for (int r = 0; r < 8; r++) {
        g->r[r].loaded = g->r[r].dirty = false;
    }
    g->known_ccop = -1;
    g->arm_flags = false;
}

uint8_t gen_unloaded(GenCtx *g)
{
    uint8_t m = 0;
    for (int r = 0; r < 8; r++) {
        if (g->r[r].host >= 0 && !g->r[r].loaded) {
            m |= (uint8_t)(1u << r);
        }
    }
    return m;
}

/* LDRs only: the ARM flags a Jcc branches on stay */
void gen_load_homes(GenCtx *g, uint8_t mask)
{
    for (int r = 0; r < 8; r++) {
        if (mask & (1u << r)) {
            gen_ld_env(g, (TCGReg)g->r[r].host, offsetof(CPUX86State, regs[r]));
        }
    }
}

void gen_homes_ready(GenCtx *g)
{
    gen_load_homes(g, gen_unloaded(g));
    for (int r = 0; r < 8; r++) {
        if (g->r[r].host >= 0) {
            g->r[r].loaded = true;
        }
    }
}

/* rd = rn + imm with the shortest form that takes imm */
void gen_addi(GenCtx *g, TCGReg rd, TCGReg rn, uint32_t imm)
{
    if (imm == 0) {
        if (rd != rn) {
            tcg_out_mov_reg(&g->s, rd, rn);
        }
    } else if (imm < 4096) {
        tcg_out_addw(&g->s, rd, rn, imm);
    } else if (-imm < 4096) {
        tcg_out_subw(&g->s, rd, rn, -imm);
    } else if (tcg_out_dat_imm(&g->s, ARITH_ADD, false, rd, rn, imm) ||
               tcg_out_dat_imm(&g->s, ARITH_SUB, false, rd, rn, -imm)) {
        /* one instruction */
    } else if (tcg_out_dat_imm(&g->s, ARITH_ADD, false, rd, rn,
                               imm & ~0xfffu)) {
        tcg_out_addw(&g->s, rd, rd, imm & 0xfff); /* two: 0x21820 */
    } else if (tcg_out_dat_imm(&g->s, ARITH_SUB, false, rd, rn,
                               -imm & ~0xfffu)) {
        tcg_out_subw(&g->s, rd, rd, -imm & 0xfff);
    } else {
        tcg_out_movi32(&g->s, TCG_REG_R12, imm);
        tcg_out_dat_reg(&g->s, ARITH_ADD, false, rd, rn, TCG_REG_R12, SHIFT_LSL,
                        0);
    }
}

static int32_t disp_to(const tcg_insn_unit *from, const tcg_insn_unit *to)
{
    /* a branch's displacement counts from its own address + 4 */
    return (int32_t)((const char *)to - (const char *)(from + 2));
}

void gen_patch_bcond(GenCtx *g, tcg_insn_unit *at, ARMCond c)
{
    tcg_insn_unit *save = g->s.code_ptr;

    if (g->s.overflow) {
        return;
    }
    g->s.code_ptr = at;
    if (c == COND_AL) {
        tcg_out_b(&g->s, disp_to(at, save));
    } else {
        tcg_out_bcond(&g->s, c, disp_to(at, save));
    }
    g->s.code_ptr = save;
}

void gen_call(GenCtx *g, int h)
{
    tcg_out_bl(&g->s, disp_to(g->s.code_ptr, gen_shared.thunk[h]));
}

void gen_movi_op(GenCtx *g, TCGReg rd)
{
    uint32_t v = (uint32_t)(uintptr_t)g->op;
    tcg_out_movw(&g->s, rd, (uint16_t)v);
    tcg_out_movt(&g->s, rd, (uint16_t)(v >> 16));
}

/*
 * A fixed exit: r0 = its code, then a B.W that falls through while the
 * exit is not chained (tcg_jit_link points it at the successor's chain
 * entry), then eip and back to C, storing the homes. Every home must hold
 * its register here (gen_homes_ready).
 */
void gen_exit_static(GenCtx *g, int slot, int n, uint32_t eip)
{
    tcg_insn_unit *b;

    tcg_out_movw(&g->s, TCG_REG_R0,
                 (uint16_t)GEN_EXIT_CODE(OPX_JMP0 + slot, n));
    b = g->s.code_ptr;
    tcg_out_b(&g->s, 0);
    if (!g->s.overflow) {
        g->tb->tc_exit[slot] = (uint16_t)(b - g->body);
    }
    tcg_out_movi32(&g->s, TCG_REG_R1, eip);
    tcg_out_b(&g->s, disp_to(g->s.code_ptr, gen_shared.exit_eip));
}

void gen_exit_lookup(GenCtx *g, bool env)
{
    if (g->tb->flags & (HF_INHIBIT_IRQ_MASK | HF_TF_MASK)) {
        /* tb_lookup_may_follow says no: C does the rest */
        if (!env) {
            tcg_out_st(&g->s, LDST_UL, TCG_REG_R1, GEN_REG_ENV,
                       (int)offsetof(CPUX86State, eip));
        }
        tcg_out_movi32(&g->s, TCG_REG_R0, OPX_LOOKUP);
        tcg_out_b(&g->s, disp_to(g->s.code_ptr, gen_shared.exit_spill));
        return;
    }
    tcg_out_movi32(&g->s, TCG_REG_R0,
                   (uint32_t)OPX_LOOKUP | (uint32_t)g->tb->icount << 8);
    tcg_out_b(&g->s, disp_to(g->s.code_ptr,
                             env ? gen_shared.lookup_env : gen_shared.lookup));
}

/* A handler's or the interpreter's exit code in r0: back to C unless 0;
 * the TB's last op may be an indirect branch (OPX_LOOKUP). */
static void gen_call_exit(GenCtx *g, int h, bool last)
{
    tcg_insn_unit *b;

    g->calls = true;
    tcg_out_mov_reg(&g->s, TCG_REG_R0, GEN_REG_ENV);
    gen_movi_op(g, TCG_REG_R1);
    gen_call(g, h);
    gen_forget(g);
    tcg_out_cmp_imm(&g->s, TCG_REG_R0, 0);
    if (!last) {
        tcg_out_bcond(&g->s, COND_NE,
                      disp_to(g->s.code_ptr, gen_shared.epilogue));
        return;
    }
    b = g->s.code_ptr;
    tcg_out_bcond(&g->s, COND_EQ, 0);
    tcg_out_cmp_imm(&g->s, TCG_REG_R0, OPX_LOOKUP);
    tcg_out_bcond(&g->s, COND_NE, disp_to(g->s.code_ptr, gen_shared.epilogue));
    gen_homes_ready(g); /* the lookup may enter the next TB */
    gen_exit_lookup(g, true);
    gen_patch_bcond(g, b, COND_EQ);
}

/* Stack ops that leave the TB: the interpreter's own exits, no helper. */
static bool kind_leaves(unsigned k)
{
    return k == OPK_CALL32 || k == OPK_RET32 ||
           (k >= OPK_CALLW_SP16 && k <= OPK_RETL_SP16);
}

bool tcg_jit_kind_ok(unsigned kind)
{
    (void)kind_leaves;
    return kind < OPK_NB;
}

/* Every TB starts with the homes holding their registers; env's copies
 * count as stale (a chained predecessor may have changed them). */
static void init_regs(GenCtx *g)
{
    for (int r = 0; r < 8; r++) {
        g->r[r].host = (int8_t)gen_home(r);
        g->r[r].loaded = g->r[r].dirty = g->r[r].host >= 0;
    }
}

/*
 * Dead-flag elimination. An op's cc_* stores are dead when a later op of
 * the TB writes the flags anew before anything can see them: nothing in
 * between reads them, calls C, may fault (an exception pushes EFLAGS) or
 * leaves the TB. Walked backwards; at the TB's end the flags are live.
 */
static bool cc_writes(unsigned k)
{
    return (k >= OPK_INC16 && k <= OPK_DEC32) ||
           (k >= OPK_IMUL32 && k <= OPK_IMULI32M) ||
           (k >= OPK_SHI8 && k < OPK_ALU_NB);
}

/* Writes all of cc_op/cc_dst/cc_src (and what its cc_op reads) without
 * reading the flags and cannot fault: the register forms. */
static bool cc_overwrites(unsigned k)
{
    if (k >= OPK_ALU_BASE && k < OPK_ALU_NB) {
        unsigned a = k - OPK_ALU_BASE, f = a / 27, op9 = a % 9;
        return (f == OPK_ALU_RR || f == OPK_ALU_RI) && op9 != 2 && op9 != 3;
    }
    return (k >= OPK_SHI8 && k < OPK_ALU_BASE) || k == OPK_IMUL32 ||
           k == OPK_IMULI32;
}

/* Neither reads nor writes the flags, cannot fault. */
static bool cc_neutral(unsigned k)
{
    return (k >= OPK_MOV_RR8 && k <= OPK_MOV_RI32) || k == OPK_LEA16 ||
           k == OPK_LEA32 || k == OPK_MOVZB || k == OPK_MOVZW ||
           k == OPK_MOVSB || k == OPK_MOVSW;
}

static void cc_liveness(GenCtx *g, const X86Op *ops, int n)
{
    bool live = true;

    if (n > (int)(sizeof(g->cc_dead_op) / sizeof(g->cc_dead_op[0]))) {
        return; /* none dead (cannot happen: tb-maint.c's limit) */
    }
    for (int i = n - 1; i >= 0; i--) {
        unsigned k = ops[i].kind;
        g->cc_dead_op[i] = cc_writes(k) && !live;
        if (cc_overwrites(k)) {
            live = false;
        } else if (cc_neutral(k) ||
                   (g->cc_dead_op[i] && k >= OPK_INC16 && k <= OPK_DEC32)) {
            /* unchanged; INC/DEC read CF only for their own flags */
        } else {
            live = true;
        }
    }
}

static void gen_op(GenCtx *g, const X86Op *op, const X86Op *next, bool last)
{
    TranslationBlock *tb = g->tb;

    g->op = op;
    switch (op->kind) {
    case OPK_END:
        gen_homes_ready(g);
        gen_exit_static(g, 0, tb->icount, op->eip);
        return;
    case OPK_JMP:
        gen_homes_ready(g);
        gen_exit_static(g, 0, tb->icount, op->imm);
        return;
    case OPK_CALL:
        if (last && gen_jmp_indirect(g, op)) {
            return;
        }
        if (gen_handler_op(g, op)) {
            break;
        }
        gen_spill(g);
        gen_call_exit(g, GEN_H_CALL, last);
        break;
    default:
        if (op->kind == OPK_JCC || op->kind >= OPK_JCC_SUB_BASE) {
            gen_jcc(g, op, last);
            return;
        }
        if (!gen_alu_op(g, op, next)) {
            /* Deviation D56: no code of its own, the interpreter runs
             * this one op */
            gen_spill(g);
            gen_call_exit(g, GEN_H_INTERP, last);
        }
        break;
    }
    if (last) {
        /* a TB's last op always leaves; should one not, leave after it */
        gen_homes_ready(g);
        tcg_out_movi32(&g->s, TCG_REG_R0, OPX_NOCHAIN);
        tcg_out_movi32(&g->s, TCG_REG_R1, op->next_eip);
        tcg_out_b(&g->s, disp_to(g->s.code_ptr, gen_shared.exit_eip));
    }
}

/* The side exits' code, after the body; their branches point here. */
static void gen_side_exits(GenCtx *g)
{
    for (int i = 0; i < g->n_side; i++) {
        if (g->s.overflow) {
            return;
        }
        gen_patch_bcond(g, g->side[i].at, g->side[i].cond);
        gen_load_homes(g, g->side[i].unloaded);
        gen_exit_static(g, g->side[i].slot, g->side[i].n, g->side[i].eip);
    }
}

TCGGenResult tcg_jit_gen(CPUState *cs, TranslationBlock *tb, int n_ops)
{
    static GenCtx g;
    uint32_t tbv = (uint32_t)(uintptr_t)tb;
    tcg_insn_unit *start;

    /* Armed data breakpoints or watchpoints end the TB after the access
     * that hits them (tb_check_watchpoint); generated code would go on.
     * Arming or disarming them drops every translation (bpt_helper.c). */
    if ((tb->flags & HF_BPT_MASK) && (((CPUX86State *)cs->env_ptr)->bpt_data ||
                                      ((CPUX86State *)cs->env_ptr)->bpt_gdb)) {
        tcg_stats.tb_interp++;
        qemu_log_mask(CPU_LOG_EXEC,
                      "jit: TB %08x:%08x left to the interpreter (data "
                      "breakpoints armed)\n",
                      (unsigned)tb->cs_base, (unsigned)tb->pc);
        return TCG_GEN_INTERP;
    }
    for (int i = 0; i < n_ops; i++) {
        if (!tcg_jit_kind_ok(tb->ops[i].kind)) {
            tcg_stats.tb_interp++;
            qemu_log_mask(CPU_LOG_EXEC,
                          "jit: TB %08x:%08x left to the interpreter (op "
                          "kind %u at %08x)\n",
                          (unsigned)tb->cs_base, (unsigned)tb->pc,
                          (unsigned)tb->ops[i].kind, (unsigned)tb->ops[i].eip);
            return TCG_GEN_INTERP;
        }
    }
    if (tcg_code_used() == 0 && !gen_shared_init()) {
        return TCG_GEN_FULL;
    }
    memset(&g, 0, sizeof(g));
    if (!tcg_code_begin(&g.s)) {
        return TCG_GEN_FULL;
    }
    g.cs = cs;
    g.tb = tb;
    g.known_ccop = -1;
    start = g.s.code_ptr;
    /* the chain entries: r1 = this TB for chain_tail (via tc_ptr) or
     * chain_fast (returning through lr), which enter the body or leave */
    tcg_out_movw(&g.s, TCG_REG_R1, (uint16_t)tbv);
    tcg_out_movt(&g.s, TCG_REG_R1, (uint16_t)(tbv >> 16));
    tcg_out_b(&g.s, disp_to(g.s.code_ptr, gen_shared.chain_tail_tc));
    tcg_out_movw(&g.s, TCG_REG_R1, (uint16_t)tbv);
    tcg_out_movt(&g.s, TCG_REG_R1, (uint16_t)(tbv >> 16));
    tcg_out_bl(&g.s, disp_to(g.s.code_ptr, gen_shared.chain_fast));
    g.body = g.s.code_ptr;
    init_regs(&g);
    cc_liveness(&g, tb->ops, n_ops);
    for (int i = 0; i < n_ops; i++) {
        g.cc_dead = g.cc_dead_op[i];
        gen_op(&g, &tb->ops[i], i + 1 < n_ops ? &tb->ops[i + 1] : NULL,
               i + 1 == n_ops);
    }
    gen_side_exits(&g);
    gen_slow_paths(&g);
    if (!tcg_code_commit(&g.s)) {
        memset(tb->tc_exit, 0, sizeof(tb->tc_exit));
        return TCG_GEN_FULL;
    }
    tb->tc_ptr = (void *)((uintptr_t)g.body | 1);
    tb->tc_plain = !g.calls;
    tcg_stats.jit_tbs++;
    tcg_stats.jit_insns += tb->icount;
    tcg_stats.jit_code_bytes +=
        (uint32_t)((char *)g.s.code_ptr - (char *)start);
    return TCG_GEN_OK;
}
