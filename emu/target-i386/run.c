/*
 * The back end's driver: runs a TB's ops. Under GCC it is a threaded
 * interpreter -- each op holds the address of its kind's code (op->lab,
 * from a table of label addresses) and control jumps from op to op
 * without returning to a loop -- with the
 * commonest register/memory forms executed inline; every other op is
 * called through its handler. Also the state restoration the engine needs
 * on faults and self-modifying code.
 */
#include "target-i386/translate.h"
#include "tcg/tb.h"

#define SET16(r, v) (env->regs[r] = (env->regs[r] & 0xffff0000u) | ((v)&0xffff))

/* A chainable exit (OPX_JMP0 + 0..3) goes straight on to the linked
 * successor while nothing needs cpu_exec: QEMU's goto_tb. The successor
 * must still be valid for the current state (chain_flags, pc), the budget
 * must last and no interrupt or exit may be pending (cpu_exit sets EXITTB
 * too). Returns the successor or NULL; the n instructions of tb that ran
 * (all, or those up to a side exit) are accounted either way. An exit whose
 * target is fixed by the op (JMP, Jcc, CALL rel, the TB's end) goes where
 * the link was made for: only handler exits need the pc test. Exits 0/1
 * belong to the TB's last op (END in the decoder table), 2/3 to the Jcc of
 * a superblock, and an invalidated TB loses its links (tb-maint.c). */
static inline TranslationBlock *tb_enter(CPUState *cs, TranslationBlock *next)
{
    if (cs->icount_left > 0 && !cs->interrupt_request) {
        cs->current_tb = next;
        return next;
    }
    return NULL;
}

static inline TranslationBlock *tb_chain_next(CPUState *cs, CPUX86State *env,
                                              TranslationBlock *tb, int r,
                                              bool check_pc, int n)
{
    TranslationBlock *next = tb->jmp_dest[r - OPX_JMP0];

    cs->icount_left -= n; /* instructions run in tb */
    if (next && next->chain_flags == env->hflags &&
        (!check_pc || next->pc == env->eip)) {
        return tb_enter(cs, next);
    }
    return NULL;
}

/* An indirect branch (OPX_LOOKUP: RET, JMP/CALL r/m) goes on to the TB
 * the jump cache holds for the new eip, under the same conditions as a
 * chain (QEMU's lookup_and_goto_ptr); not from a TB that must come back
 * to cpu_exec (interrupt shadow, single step). */
static inline TranslationBlock *tb_lookup_next(CPUState *cs, CPUX86State *env,
                                               TranslationBlock *tb)
{
    TranslationBlock *next = cs->tb_jmp_cache[tb_jmp_cache_hash(env->eip)];

    cs->icount_left -= tb->icount;
    if (tb_lookup_may_follow(tb, next, env->eip, env->hflags,
                             env->segs[R_CS].base)) {
        return tb_enter(cs, next);
    }
    return NULL;
}

#if defined(__GNUC__)

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "byte registers are addressed as bytes of env->regs: little-endian only"
#endif

/* Byte register by its offset in env->regs (set_kind converts). */
#define RB(off) (((uint8_t *)env->regs)[off])

/* Jcc condition cc after a SUB/CMP of size ot (cc_dst = a - b, cc_src =
 * b, both of that size), or after a logic op (cc_dst = result): constant
 * cc and ot fold each label to a few instructions. */
static inline __attribute__((always_inline)) bool jcc_sub(CPUX86State *env,
                                                          int ot, int cc)
{
    uint32_t m = ot_mask(ot);
    uint32_t sign = (m >> 1) + 1;
    uint32_t d = env->cc_dst, b = env->cc_src, a = (d + b) & m;
    bool t;

    switch (cc >> 1) {
    case 0:
        t = ((a ^ b) & (a ^ d) & sign) != 0;
        break;
    case 1:
        t = a < b;
        break;
    case 2:
        t = d == 0;
        break;
    case 3:
        t = a <= b;
        break;
    case 4:
        t = (d & sign) != 0;
        break;
    case 5:
        t = x86_parity_table[d & 0xff] != 0;
        break;
    case 6:
        t = (int32_t)sext(a, ot) < (int32_t)sext(b, ot);
        break;
    default:
        t = (int32_t)sext(a, ot) <= (int32_t)sext(b, ot);
        break;
    }
    return t ^ (cc & 1);
}

static inline __attribute__((always_inline)) bool jcc_logic(CPUX86State *env,
                                                            int ot, int cc)
{
    uint32_t m = ot_mask(ot);
    uint32_t sign = (m >> 1) + 1;
    uint32_t d = env->cc_dst;
    bool t;

    switch (cc >> 1) {
    case 0: /* OF = 0 */
    case 1: /* CF = 0 */
        t = false;
        break;
    case 2:
    case 3:
        t = d == 0;
        break;
    case 4:
    case 6: /* SF != OF */
        t = (d & sign) != 0;
        break;
    case 5:
        t = x86_parity_table[d & 0xff] != 0;
        break;
    default:
        t = d == 0 || (d & sign) != 0;
        break;
    }
    return t ^ (cc & 1);
}

static const void *const *x86_op_labels;

void x86_set_op_label(X86Op *op)
{
    if (!x86_op_labels) {
        x86_run_tb(NULL, NULL);
    }
    op->lab = x86_op_labels[op->kind];
}

int x86_run_tb(CPUState *cs, TranslationBlock *tb)
{
    CPUX86State *env = cs ? cs->env_ptr : NULL;
    const X86Op *op = tb ? tb->ops : NULL;
#define L(k, name) [k] = &&name
#define ALU_LABELS(f, ot, p)                                                   \
    [OPK_ALU(f, ot, 0)] = &&p##_0, [OPK_ALU(f, ot, 1)] = &&p##_1,              \
                    [OPK_ALU(f, ot, 2)] = &&p##_2,                             \
                    [OPK_ALU(f, ot, 3)] = &&p##_3,                             \
                    [OPK_ALU(f, ot, 4)] = &&p##_4,                             \
                    [OPK_ALU(f, ot, 5)] = &&p##_5,                             \
                    [OPK_ALU(f, ot, 6)] = &&p##_6,                             \
                    [OPK_ALU(f, ot, 7)] = &&p##_7,                             \
                    [OPK_ALU(f, ot, 8)] = &&p##_8
#define SHI_LABELS(base, p)                                                    \
    [base + 0] = &&p##_shl, [base + 1] = &&p##_shr, [base + 2] = &&p##_shl,    \
            [base + 3] = &&p##_sar
#define JCC_LABELS(base, p)                                                    \
    [base + 0] = &&p##_0, [base + 1] = &&p##_1, [base + 2] = &&p##_2,          \
            [base + 3] = &&p##_3, [base + 4] = &&p##_4, [base + 5] = &&p##_5,  \
            [base + 6] = &&p##_6, [base + 7] = &&p##_7, [base + 8] = &&p##_8,  \
            [base + 9] = &&p##_9, [base + 10] = &&p##_10,                      \
            [base + 11] = &&p##_11, [base + 12] = &&p##_12,                    \
            [base + 13] = &&p##_13, [base + 14] = &&p##_14,                    \
            [base + 15] = &&p##_15
    static const void *const labels[OPK_NB] = {
        L(OPK_CALL, k_call),
        L(OPK_END, k_end),
        L(OPK_JMP, k_jmp),
        L(OPK_JCC, k_jcc),
        L(OPK_MOV_RR8, k_mov_rr8),
        L(OPK_MOV_RR16, k_mov_rr16),
        L(OPK_MOV_RR32, k_mov_rr32),
        L(OPK_MOV_RI8, k_mov_ri8),
        L(OPK_MOV_RI16, k_mov_ri16),
        L(OPK_MOV_RI32, k_mov_ri32),
        L(OPK_LD8, k_ld8),
        L(OPK_LD16, k_ld16),
        L(OPK_LD32, k_ld32),
        L(OPK_ST8, k_st8),
        L(OPK_ST16, k_st16),
        L(OPK_ST32, k_st32),
        L(OPK_STI8, k_sti8),
        L(OPK_STI16, k_sti16),
        L(OPK_STI32, k_sti32),
        L(OPK_LEA16, k_lea16),
        L(OPK_LEA32, k_lea32),
        L(OPK_INC16, k_inc16),
        L(OPK_INC32, k_inc32),
        L(OPK_DEC16, k_dec16),
        L(OPK_DEC32, k_dec32),
        L(OPK_PUSH32, k_push32),
        L(OPK_POP32, k_pop32),
        L(OPK_CALL32, k_call32),
        L(OPK_RET32, k_ret32),
        L(OPK_PUSHW_SP16, k_pushw_sp16),
        L(OPK_PUSHL_SP16, k_pushl_sp16),
        L(OPK_POPW_SP16, k_popw_sp16),
        L(OPK_POPL_SP16, k_popl_sp16),
        L(OPK_CALLW_SP16, k_callw_sp16),
        L(OPK_CALLL_SP16, k_calll_sp16),
        L(OPK_RETW_SP16, k_retw_sp16),
        L(OPK_RETL_SP16, k_retl_sp16),
        L(OPK_MOVZB, k_movzb),
        L(OPK_MOVZBM, k_movzbm),
        L(OPK_MOVZW, k_movzw),
        L(OPK_MOVZWM, k_movzwm),
        L(OPK_MOVSB, k_movsb),
        L(OPK_MOVSBM, k_movsbm),
        L(OPK_MOVSW, k_movsw),
        L(OPK_MOVSWM, k_movswm),
        L(OPK_IMUL32, k_imul32),
        L(OPK_IMUL32M, k_imul32m),
        L(OPK_IMULI32, k_imuli32),
        L(OPK_IMULI32M, k_imuli32m),
        SHI_LABELS(OPK_SHI8, shi8),
        SHI_LABELS(OPK_SHI16, shi16),
        SHI_LABELS(OPK_SHI32, shi32),
        ALU_LABELS(OPK_ALU_RR, 0, rr8),
        ALU_LABELS(OPK_ALU_RR, 1, rr16),
        ALU_LABELS(OPK_ALU_RR, 2, rr32),
        ALU_LABELS(OPK_ALU_RI, 0, ri8),
        ALU_LABELS(OPK_ALU_RI, 1, ri16),
        ALU_LABELS(OPK_ALU_RI, 2, ri32),
        ALU_LABELS(OPK_ALU_RM, 0, rm8),
        ALU_LABELS(OPK_ALU_RM, 1, rm16),
        ALU_LABELS(OPK_ALU_RM, 2, rm32),
        ALU_LABELS(OPK_ALU_MR, 0, mr8),
        ALU_LABELS(OPK_ALU_MR, 1, mr16),
        ALU_LABELS(OPK_ALU_MR, 2, mr32),
        ALU_LABELS(OPK_ALU_MI, 0, mi8),
        ALU_LABELS(OPK_ALU_MI, 1, mi16),
        ALU_LABELS(OPK_ALU_MI, 2, mi32),
        JCC_LABELS(OPK_JCC_SUB(0, 0), jsub8),
        JCC_LABELS(OPK_JCC_SUB(1, 0), jsub16),
        JCC_LABELS(OPK_JCC_SUB(2, 0), jsub32),
        JCC_LABELS(OPK_JCC_LOGIC(0, 0), jlog8),
        JCC_LABELS(OPK_JCC_LOGIC(1, 0), jlog16),
        JCC_LABELS(OPK_JCC_LOGIC(2, 0), jlog32),
    };
    TranslationBlock *next;
    uint32_t a, b, c, r, addr;
    int x, n;

    if (unlikely(!cs)) {
        /* x86_set_op_label asks for the table */
        x86_op_labels = labels;
        return 0;
    }

/* direct threading: op->lab = labels[op->kind], set when translating */
#define DISPATCH() goto * op->lab
#define NEXT()                                                                 \
    do {                                                                       \
        op++;                                                                  \
        DISPATCH();                                                            \
    } while (0)
/* memory operand of the op: address, then load/store at size ot */
#define ADDR(ot, w) (addr = op_linear_rw(env, op, ot, w))
#define LDM(ot)     x86_ld_idx(env, addr, ot, op->mmu_idx, OP_RA(op))
#define STM(ot, v)  x86_st_idx(env, addr, ot, v, op->mmu_idx, OP_RA(op))

    DISPATCH();

k_call:
    x = op->fn(env, op);
    if (x == OPX_NEXT) {
        NEXT();
    }
    if (x == OPX_LOOKUP) {
        goto lookup;
    }
    if (x == OPX_NOCHAIN) {
        cs->icount_left -= tb->icount;
        return x;
    }
    goto chain;
k_end:
    env->eip = op->eip;
    x = OPX_JMP0;
    goto chain_static;
k_jmp:
    env->eip = op->imm;
    x = OPX_JMP0;
    goto chain_static;
/* Jcc: taken, leave through the op's exit (op->rm: 0 for the TB's last
 * op, 2 or 3 for a side exit) with op->reg instructions run; not taken,
 * go on inside a superblock, or leave through exit 1 after the last op. */
#define JCC_EXIT(take)                                                         \
    do {                                                                       \
        if (take) {                                                            \
            env->eip = op->imm;                                                \
            x = OPX_JMP0 + op->rm;                                             \
            n = op->reg;                                                       \
            goto chain_n;                                                      \
        }                                                                      \
        if (op->rm) {                                                          \
            NEXT();                                                            \
        }                                                                      \
        env->eip = op->next_eip;                                               \
        x = OPX_JMP1;                                                          \
        goto chain_static;                                                     \
    } while (0)
k_jcc : {
    int cf = x86_cond_fast(env, op->opc & 15);
    JCC_EXIT(cf >= 0 ? (bool)cf ^ (op->opc & 1) : x86_cond(env, op->opc & 15));
}
/* Leaving tb: a handler's exit (the pc is checked), a fixed exit of the
 * whole TB, a side exit after n instructions, an indirect branch. */
chain:
    next = tb_chain_next(cs, env, tb, x, true, tb->icount);
    goto follow;
chain_static:
    n = tb->icount;
chain_n:
    next = tb_chain_next(cs, env, tb, x, false, n);
    goto follow;
lookup:
    x = OPX_NOCHAIN;
    next = tb_lookup_next(cs, env, tb);
follow:
    if (!next) {
        return x;
    }
    tb = next;
    op = tb->ops;
    DISPATCH();

k_mov_rr8:
    RB(op->rm) = RB(op->reg);
    NEXT();
k_mov_rr16:
    SET16(op->rm, env->regs[op->reg]);
    NEXT();
k_mov_rr32:
    env->regs[op->rm] = env->regs[op->reg];
    NEXT();
k_mov_ri8:
    RB(op->rm) = (uint8_t)op->imm;
    NEXT();
k_mov_ri16:
    SET16(op->rm, op->imm);
    NEXT();
k_mov_ri32:
    env->regs[op->rm] = op->imm;
    NEXT();
k_ld8:
    ADDR(0, false);
    RB(op->reg) = (uint8_t)LDM(0);
    NEXT();
k_ld16:
    ADDR(1, false);
    r = LDM(1);
    SET16(op->reg, r);
    NEXT();
k_ld32:
    ADDR(2, false);
    env->regs[op->reg] = LDM(2);
    NEXT();
k_st8:
    ADDR(0, true);
    STM(0, RB(op->reg));
    NEXT();
k_st16:
    ADDR(1, true);
    STM(1, env->regs[op->reg]);
    NEXT();
k_st32:
    ADDR(2, true);
    STM(2, env->regs[op->reg]);
    NEXT();
k_sti8:
    ADDR(0, true);
    STM(0, op->imm);
    NEXT();
k_sti16:
    ADDR(1, true);
    STM(1, op->imm);
    NEXT();
k_sti32:
    ADDR(2, true);
    STM(2, op->imm);
    NEXT();
k_lea16:
    SET16(op->reg, op_ea(env, op));
    NEXT();
k_lea32:
    env->regs[op->reg] = op_ea(env, op);
    NEXT();
k_inc16:
    env->cc_src = x86_cc_c(env);
    r = (env->regs[op->rm] + 1) & 0xffff;
    SET16(op->rm, r);
    env->cc_dst = r;
    env->cc_op = CC_OP_INCW;
    NEXT();
k_inc32:
    env->cc_src = x86_cc_c(env);
    r = env->regs[op->rm] + 1;
    env->regs[op->rm] = r;
    env->cc_dst = r;
    env->cc_op = CC_OP_INCL;
    NEXT();
k_dec16:
    env->cc_src = x86_cc_c(env);
    r = (env->regs[op->rm] - 1) & 0xffff;
    SET16(op->rm, r);
    env->cc_dst = r;
    env->cc_op = CC_OP_DECW;
    NEXT();
k_dec32:
    env->cc_src = x86_cc_c(env);
    r = env->regs[op->rm] - 1;
    env->regs[op->rm] = r;
    env->cc_dst = r;
    env->cc_op = CC_OP_DECL;
    NEXT();

/* Flat 32-bit stack: no segment check (a 4 GiB limit wraps). */
k_push32:
    addr = env->regs[R_ESP] - 4;
    STM(2, env->regs[op->reg]);
    env->regs[R_ESP] = addr;
    NEXT();
k_pop32:
    addr = env->regs[R_ESP];
    r = LDM(2);
    env->regs[R_ESP] = addr + 4;
    env->regs[op->reg] = r;
    NEXT();
k_call32:
    addr = env->regs[R_ESP] - 4;
    STM(2, op->next_eip);
    env->regs[R_ESP] = addr;
    env->eip = op->imm;
    x = OPX_JMP0;
    goto chain_static;
k_ret32:
    addr = env->regs[R_ESP];
    env->eip = LDM(2);
    env->regs[R_ESP] = addr + 4;
    goto lookup;

/* A 16-bit stack (SS.B = 0): SP wraps at 64 KiB, SS's limit and rights are
 * checked (x86_push_m/x86_pop_m, ops.h). */
#define PUSH_SP16(ot, v) x86_push_m(env, ot, v, 0xffff, op->mmu_idx, OP_RA(op))
#define POP_SP16(ot, dst)                                                      \
    (dst = x86_pop_m(env, ot, 0xffff, op->mmu_idx, OP_RA(op)))
k_pushw_sp16:
    PUSH_SP16(1, env->regs[op->reg]);
    NEXT();
k_pushl_sp16:
    PUSH_SP16(2, env->regs[op->reg]);
    NEXT();
k_popw_sp16:
    POP_SP16(1, r);
    SET16(op->reg, r);
    NEXT();
k_popl_sp16:
    POP_SP16(2, r);
    env->regs[op->reg] = r;
    NEXT();
k_callw_sp16:
    PUSH_SP16(1, op->next_eip);
    env->eip = op->imm;
    x = OPX_JMP0;
    goto chain_static;
k_calll_sp16:
    PUSH_SP16(2, op->next_eip);
    env->eip = op->imm;
    x = OPX_JMP0;
    goto chain_static;
k_retw_sp16:
    POP_SP16(1, r);
    env->eip = r & 0xffff;
    goto lookup;
k_retl_sp16:
    POP_SP16(2, r);
    env->eip = r;
    goto lookup;

k_movzb:
    env->regs[op->reg] = RB(op->rm);
    NEXT();
k_movzbm:
    ADDR(0, false);
    env->regs[op->reg] = LDM(0);
    NEXT();
k_movzw:
    env->regs[op->reg] = env->regs[op->rm] & 0xffff;
    NEXT();
k_movzwm:
    ADDR(1, false);
    env->regs[op->reg] = LDM(1);
    NEXT();
k_movsb:
    env->regs[op->reg] = (uint32_t)(int8_t)RB(op->rm);
    NEXT();
k_movsbm:
    ADDR(0, false);
    env->regs[op->reg] = (uint32_t)(int8_t)LDM(0);
    NEXT();
k_movsw:
    env->regs[op->reg] = (uint32_t)(int16_t)env->regs[op->rm];
    NEXT();
k_movswm:
    ADDR(1, false);
    env->regs[op->reg] = (uint32_t)(int16_t)LDM(1);
    NEXT();

/* IMUL: CF = OF = the product does not fit (CC_OP_MULL, as do_imul) */
#define IMUL32(x, y)                                                           \
    do {                                                                       \
        int64_t pr = (int64_t)(int32_t)(x) * (int32_t)(y);                     \
        env->regs[op->reg] = (uint32_t)pr;                                     \
        env->cc_dst = (uint32_t)pr;                                            \
        env->cc_src = pr != (int32_t)pr;                                       \
        env->cc_op = CC_OP_MULL;                                               \
    } while (0)
k_imul32:
    IMUL32(env->regs[op->rm], env->regs[op->reg]);
    NEXT();
k_imul32m:
    ADDR(2, false);
    IMUL32(LDM(2), env->regs[op->reg]);
    NEXT();
k_imuli32:
    IMUL32(env->regs[op->rm], op->imm);
    NEXT();
k_imuli32m:
    ADDR(2, false);
    IMUL32(LDM(2), op->imm);
    NEXT();

/* Shifts by op->imm (1..31) of the register operand, as do_shift
 * (exec-alu.c) computes them; flags lazily as CC_OP_SHL / CC_OP_SAR. */
#define SHI_BODIES(p, ot, GET, WB)                                             \
    p##_shl : a = GET;                                                         \
    c = op->imm;                                                               \
    if (c > (8u << ot)) {                                                      \
        r = b = 0;                                                             \
    } else {                                                                   \
        r = (uint32_t)(((uint64_t)a << c) & ot_mask(ot));                      \
        b = (uint32_t)((uint64_t)a << (c - 1));                                \
    }                                                                          \
    WB(r);                                                                     \
    env->cc_dst = r;                                                           \
    env->cc_src = b;                                                           \
    env->cc_op = CC_OP_SHLB + ot;                                              \
    NEXT();                                                                    \
    p##_shr : a = GET;                                                         \
    c = op->imm;                                                               \
    if (c > (8u << ot)) {                                                      \
        r = b = 0;                                                             \
    } else {                                                                   \
        r = a >> c;                                                            \
        b = a >> (c - 1);                                                      \
    }                                                                          \
    WB(r);                                                                     \
    env->cc_dst = r;                                                           \
    env->cc_src = b;                                                           \
    env->cc_op = CC_OP_SARB + ot;                                              \
    NEXT();                                                                    \
    p##_sar:                                                                   \
    {                                                                          \
        int32_t sv = (int32_t)sext(GET, ot);                                   \
        c = op->imm > (8u << ot) ? (8u << ot) : op->imm;                       \
        r = (uint32_t)(sv >> (c >= 32 ? 31 : c)) & ot_mask(ot);                \
        b = (uint32_t)(sv >> (c - 1 >= 32 ? 31 : c - 1));                      \
        WB(r);                                                                 \
        env->cc_dst = r;                                                       \
        env->cc_src = b;                                                       \
        env->cc_op = CC_OP_SARB + ot;                                          \
        NEXT();                                                                \
    }

#define GET_R8    RB(op->rm)
#define GET_R16   (env->regs[op->rm] & 0xffff)
#define GET_R32   env->regs[op->rm]
#define WB_R8(v)  (RB(op->rm) = (uint8_t)(v))
#define WB_R16(v) SET16(op->rm, v)
#define WB_R32(v) (env->regs[op->rm] = (v))
    SHI_BODIES(shi8, 0, GET_R8, WB_R8)
    SHI_BODIES(shi16, 1, GET_R16, WB_R16)
    SHI_BODIES(shi32, 2, GET_R32, WB_R32)

/* The ALU: A = first operand (also the destination), B = second. PW/PR
 * compute the memory address for a write or a read-only access. */
#define ALU_BODIES(p, ot, PW, PR, GETA, GETB, WB)                              \
    p##_0 : PW;                                                                \
    a = GETA;                                                                  \
    b = GETB;                                                                  \
    r = (a + b) & ot_mask(ot);                                                 \
    WB(r);                                                                     \
    env->cc_dst = r;                                                           \
    env->cc_src = a;                                                           \
    env->cc_op = CC_OP_ADDB + ot;                                              \
    NEXT();                                                                    \
    p##_1 : PW;                                                                \
    a = GETA;                                                                  \
    r = a | GETB;                                                              \
    WB(r);                                                                     \
    env->cc_dst = r;                                                           \
    env->cc_op = CC_OP_LOGICB + ot;                                            \
    NEXT();                                                                    \
    p##_2 : PW;                                                                \
    a = GETA;                                                                  \
    b = GETB;                                                                  \
    c = x86_cc_c(env);                                                         \
    r = (a + b + c) & ot_mask(ot);                                             \
    WB(r);                                                                     \
    env->cc_dst = r;                                                           \
    env->cc_src = a;                                                           \
    env->cc_src2 = c;                                                          \
    env->cc_op = CC_OP_ADCB + ot;                                              \
    NEXT();                                                                    \
    p##_3 : PW;                                                                \
    a = GETA;                                                                  \
    b = GETB;                                                                  \
    c = x86_cc_c(env);                                                         \
    r = (a - b - c) & ot_mask(ot);                                             \
    WB(r);                                                                     \
    env->cc_dst = r;                                                           \
    env->cc_src = b;                                                           \
    env->cc_src2 = c;                                                          \
    env->cc_op = CC_OP_SBBB + ot;                                              \
    NEXT();                                                                    \
    p##_4 : PW;                                                                \
    a = GETA;                                                                  \
    r = a & GETB;                                                              \
    WB(r);                                                                     \
    env->cc_dst = r;                                                           \
    env->cc_op = CC_OP_LOGICB + ot;                                            \
    NEXT();                                                                    \
    p##_5 : PW;                                                                \
    a = GETA;                                                                  \
    b = GETB;                                                                  \
    r = (a - b) & ot_mask(ot);                                                 \
    WB(r);                                                                     \
    env->cc_dst = r;                                                           \
    env->cc_src = b;                                                           \
    env->cc_op = CC_OP_SUBB + ot;                                              \
    NEXT();                                                                    \
    p##_6 : PW;                                                                \
    a = GETA;                                                                  \
    r = a ^ GETB;                                                              \
    WB(r);                                                                     \
    env->cc_dst = r;                                                           \
    env->cc_op = CC_OP_LOGICB + ot;                                            \
    NEXT();                                                                    \
    p##_7 : PR;                                                                \
    a = GETA;                                                                  \
    b = GETB;                                                                  \
    env->cc_dst = (a - b) & ot_mask(ot);                                       \
    env->cc_src = b;                                                           \
    env->cc_op = CC_OP_SUBB + ot;                                              \
    NEXT();                                                                    \
    p##_8 : PR;                                                                \
    a = GETA;                                                                  \
    env->cc_dst = a & GETB;                                                    \
    env->cc_op = CC_OP_LOGICB + ot;                                            \
    NEXT();

#define NOADDR    (void)0
#define AW(ot)    ADDR(ot, true)
#define AR(ot)    ADDR(ot, false)
#define GET_G8    RB(op->reg)
#define GET_G16   (env->regs[op->reg] & 0xffff)
#define GET_G32   env->regs[op->reg]
#define WB_G8(v)  (RB(op->reg) = (uint8_t)(v))
#define WB_G16(v) SET16(op->reg, v)
#define WB_G32(v) (env->regs[op->reg] = (v))
#define WB_M0(v)  STM(0, v)
#define WB_M1(v)  STM(1, v)
#define WB_M2(v)  STM(2, v)
    ALU_BODIES(rr8, 0, NOADDR, NOADDR, GET_R8, GET_G8, WB_R8)
    ALU_BODIES(rr16, 1, NOADDR, NOADDR, GET_R16, GET_G16, WB_R16)
    ALU_BODIES(rr32, 2, NOADDR, NOADDR, GET_R32, GET_G32, WB_R32)
    ALU_BODIES(ri8, 0, NOADDR, NOADDR, GET_R8, op->imm, WB_R8)
    ALU_BODIES(ri16, 1, NOADDR, NOADDR, GET_R16, op->imm, WB_R16)
    ALU_BODIES(ri32, 2, NOADDR, NOADDR, GET_R32, op->imm, WB_R32)
    ALU_BODIES(rm8, 0, AR(0), AR(0), GET_G8, LDM(0), WB_G8)
    ALU_BODIES(rm16, 1, AR(1), AR(1), GET_G16, LDM(1), WB_G16)
    ALU_BODIES(rm32, 2, AR(2), AR(2), GET_G32, LDM(2), WB_G32)
    ALU_BODIES(mr8, 0, AW(0), AR(0), LDM(0), GET_G8, WB_M0)
    ALU_BODIES(mr16, 1, AW(1), AR(1), LDM(1), GET_G16, WB_M1)
    ALU_BODIES(mr32, 2, AW(2), AR(2), LDM(2), GET_G32, WB_M2)
    ALU_BODIES(mi8, 0, AW(0), AR(0), LDM(0), op->imm, WB_M0)
    ALU_BODIES(mi16, 1, AW(1), AR(1), LDM(1), op->imm, WB_M1)
    ALU_BODIES(mi32, 2, AW(2), AR(2), LDM(2), op->imm, WB_M2)

#define JCC_BODY(p, cc, test) p##_##cc : JCC_EXIT(test);
#define JCC_BODIES(p, fn, ot)                                                  \
    JCC_BODY(p, 0, fn(env, ot, 0))                                             \
    JCC_BODY(p, 1, fn(env, ot, 1))                                             \
    JCC_BODY(p, 2, fn(env, ot, 2))                                             \
    JCC_BODY(p, 3, fn(env, ot, 3))                                             \
    JCC_BODY(p, 4, fn(env, ot, 4))                                             \
    JCC_BODY(p, 5, fn(env, ot, 5))                                             \
    JCC_BODY(p, 6, fn(env, ot, 6))                                             \
    JCC_BODY(p, 7, fn(env, ot, 7))                                             \
    JCC_BODY(p, 8, fn(env, ot, 8))                                             \
    JCC_BODY(p, 9, fn(env, ot, 9))                                             \
    JCC_BODY(p, 10, fn(env, ot, 10))                                           \
    JCC_BODY(p, 11, fn(env, ot, 11))                                           \
    JCC_BODY(p, 12, fn(env, ot, 12))                                           \
    JCC_BODY(p, 13, fn(env, ot, 13))                                           \
    JCC_BODY(p, 14, fn(env, ot, 14))                                           \
    JCC_BODY(p, 15, fn(env, ot, 15))
    JCC_BODIES(jsub8, jcc_sub, 0)
    JCC_BODIES(jsub16, jcc_sub, 1)
    JCC_BODIES(jsub32, jcc_sub, 2)
    JCC_BODIES(jlog8, jcc_logic, 0)
    JCC_BODIES(jlog16, jcc_logic, 1)
    JCC_BODIES(jlog32, jcc_logic, 2)
}

#else /* not GCC: call every handler */

void x86_set_op_label(X86Op *op)
{
    op->lab = NULL; /* this driver calls op->fn */
}

int x86_run_tb(CPUState *cs, TranslationBlock *tb)
{
    CPUX86State *env = cs->env_ptr;
    const X86Op *op = tb->ops;

    for (;;) {
        int r = op->fn(env, op);
        if (r == OPX_NEXT) {
            op++;
            continue;
        }
        if (r >= OPX_NOCHAIN) {
            tb = r == OPX_LOOKUP ? tb_lookup_next(cs, env, tb)
                                 : (cs->icount_left -= tb->icount, NULL);
            r = OPX_NOCHAIN;
        } else {
            tb = tb_chain_next(cs, env, tb, r, true, tb->icount);
        }
        if (!tb) {
            return r;
        }
        op = tb->ops;
    }
}

#endif

void x86_restore_state_from_op(CPUX86State *env, uintptr_t ra)
{
    const X86Op *op = (const X86Op *)ra;
    env->eip = op->eip;
}

void x86_tb_stop_after_current(CPUX86State *env, X86Op *ops, int n_ops,
                               uintptr_t ra)
{
    /* Every op that has not run yet leaves the TB at its own instruction
     * instead (op_end continues at op->eip); the current op finishes. The
     * TB is invalid, so these ops never run again. */
    (void)env;
    (void)ra;
    for (int i = 0; i < n_ops; i++) {
        ops[i].fn = op_end;
        ops[i].kind = OPK_END;
        x86_set_op_label(&ops[i]);
    }
}

int x86_insns_before(CPUX86State *env, const X86Op *op)
{
    const TranslationBlock *tb = env_cpu(env)->current_tb;

    /* one op per instruction, in order (a superblock's side exits leave) */
    if (tb && op >= tb->ops && op < tb->ops + tb->icount) {
        return (int)(op - tb->ops);
    }
    return 0;
}

int x86_ops_done(CPUX86State *env, const X86Op *ops, int n_insns)
{
    for (int i = 0; i < n_insns; i++) {
        if (ops[i].eip == env->eip) {
            return i + 1;
        }
    }
    for (int i = 0; i < n_insns; i++) {
        if (ops[i].next_eip == env->eip) {
            return i + 1; /* HLT and traps leave with eip after the insn */
        }
    }
    return 1;
}
