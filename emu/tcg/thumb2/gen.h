/*
 * The code generator's private interface (emu/tcg/thumb2/gen*.c): the
 * per-TB state while one TB's ops become Thumb-2, the fixed register
 * roles and the shared code at the start of the code buffer.
 *
 * Register roles inside generated code (docs/codegen.md):
 *   r0-r3, r12, lr  scratch (clobbered by every helper call)
 *   r4-r9           EAX ECX EDX EBX ESP ESI, the same in every TB (their
 *                   homes, gen_home): chained TBs pass them in registers;
 *                   EBP and EDI live in env
 *   r10             the CPUState (its TLB is at offset 0)
 *   r11             env (CPUX86State)
 */
#ifndef BMX_TCG_THUMB2_GEN_H
#define BMX_TCG_THUMB2_GEN_H

#include "tcg/thumb2/thumb2.h"
#include "tcg/tb.h"
#include "target-i386/translate.h"

#define GEN_REG_CS    TCG_REG_R10
#define GEN_REG_ENV   TCG_REG_R11
#define GEN_HOST_REGS 6 /* r4-r9 */

/* The host register a guest register lives in across TBs, or -1. */
static inline int gen_home(int r)
{
    static const int8_t home[8] = {TCG_REG_R4, TCG_REG_R5, TCG_REG_R6,
                                   TCG_REG_R7, TCG_REG_R8, -1,
                                   TCG_REG_R9, -1};
    return r < 8 ? home[r] : -1;
}

/* The exit code a TB's code returns in r0 to tcg_jit_exec. */
#define GEN_EXIT_X(c)    ((c)&7)    /* OPX_JMP0 .. OPX_LOOKUP */
#define GEN_EXIT_STATIC  0x08       /* fixed target: no pc check */
#define GEN_EXIT_COUNTED 0x10       /* icount_left already charged */
#define GEN_EXIT_N(c)    ((c) >> 8) /* instructions run; 0: tb->icount */
#define GEN_EXIT_CODE(x, n)                                                    \
    ((uint32_t)(x) | GEN_EXIT_STATIC | (uint32_t)(n) << 8)

/* A TB's code starts with its two chain entries: movw/movt r1, tb; b.w
 * chain_tail_tc (24 bytes before the body that tcg_jit_exec enters), then
 * movw/movt r1, tb; bl chain_fast (12 bytes before it). */
#define GEN_CHAIN_ENTRY_UNITS 12
#define GEN_CHAIN_FAST_UNITS  6

/* Where shared code lives in the buffer (regenerated after each flush). */
typedef struct GenShared {
    tcg_insn_unit *enter;      /* tcg_qemu_tb_exec(env, body) */
    tcg_insn_unit *epilogue;   /* r0 = exit code: back to C, env up to date */
    tcg_insn_unit *exit_spill; /* the homes to env, then the epilogue */
    tcg_insn_unit *exit_eip;   /* r1 = eip: store it, then exit_spill */
    tcg_insn_unit *chain_tail; /* r0 = exit code, r1 = next TB, lr = body */
    tcg_insn_unit *chain_tail_tc; /* the same, the body from r1 */
    tcg_insn_unit *chain_fast;    /* chain_tail without the hflags test */
    /* an indirect branch's exit through the jump cache: r0 = OPX_LOOKUP
     * and the instructions run (GEN_EXIT_N), r1 = the new eip, or with
     * lookup_env, the eip already in env */
    tcg_insn_unit *lookup;
    tcg_insn_unit *lookup_env;
    tcg_insn_unit *thunk[16]; /* BL targets reaching C helpers */
} GenShared;
extern GenShared gen_shared;
/* The C helpers generated code calls (index into gen_shared.thunk). */
enum {
    GEN_H_CALL,    /* x = op->fn(env, op), SMC check */
    GEN_H_INTERP,  /* run one inline-kind op in the interpreter */
    GEN_H_COND,    /* Jcc condition cc from the lazy flags */
    GEN_H_CC_C,    /* CF from the lazy flags */
    GEN_H_LD,      /* r0 = load(env, op) */
    GEN_H_ST,      /* store(env, op, val): 0, or an exit (SMC) */
    GEN_H_STACK16, /* CALL/RET's push/pop on a 16-bit stack */
    GEN_H_NB,
};
bool gen_shared_init(void); /* at the start of an empty buffer */

/* A memory access's slow path: its branch, where it returns, the op,
 * the guest registers dirty there (bit r). */
#define GEN_SLOW_BRANCHES 6 /* a read-modify-write through a segment */
typedef struct GenSlow {
    tcg_insn_unit *at[GEN_SLOW_BRANCHES], *done;
    ARMCond cond[GEN_SLOW_BRANCHES];
    int n_at;
    const X86Op *op;
    uint16_t dirty;
    bool store;
    bool interp; /* the whole op again through the interpreter */
    int8_t reg;  /* a load's destination (else r0), a store's value (r2) */
} GenSlow;
#define GEN_MAX_SLOW (X86_MAX_TB_INSNS + 2)

/* One guest register's state in a TB. Between TBs a home holds the
 * value and env may not; after a helper call env holds it, and the home
 * is loaded again before its next use and before every exit. */
typedef struct GenReg {
    int8_t host; /* its home (TCGReg) or -1 (lives in env) */
    bool loaded; /* host holds its value */
    bool dirty;  /* env's copy may be stale */
} GenReg;

typedef struct GenCtx {
    TCGContext s;
    CPUState *cs;
    TranslationBlock *tb;
    const X86Op *op; /* being generated */
    GenReg r[8];
    tcg_insn_unit *body; /* after the chain entry: tb->tc_ptr */
    int known_ccop;      /* cc_op in env now (a constant), or -1 */
    bool calls;          /* a handler or the interpreter runs an op */
    /* the ARM flags hold the condition codes of the op just generated
     * (a fused Jcc follows it): N Z C V of its 32-bit-aligned result */
    bool arm_flags;
    /* dead-flag elimination (gen.c, cc_liveness): the op being generated
     * need not write cc_*, the next flag writer overwrites them first */
    bool cc_dead;
    bool cc_dead_op[X86_MAX_TB_INSNS + 2];
    /* forward branches to the side exits, patched when they are emitted */
    struct {
        tcg_insn_unit *at;
        ARMCond cond;
        uint8_t slot, n;
        uint8_t unloaded; /* homes to load there (bit r) */
        uint32_t eip;
    } side[TB_SIDE_EXITS];
    int n_side;
    /* memory slow paths, emitted after the body (gen-mem.c) */
    GenSlow slow[GEN_MAX_SLOW];
    int n_slow;
    tcg_insn_unit *pending_at[GEN_SLOW_BRANCHES]; /* to the next slow path */
    ARMCond pending_cond[GEN_SLOW_BRANCHES];
    int n_pending;
} GenCtx;

/* gen.c */
TCGReg gen_reg_get(GenCtx *g, int r, TCGReg scratch); /* 32-bit value */
void gen_reg_set(GenCtx *g, int r, TCGReg v);         /* whole register */
/* part of a register: ot 0 = byte at byte offset off (AL=0, AH=1, ...),
 * ot 1 = low 16 bits of register off */
void gen_get_part(GenCtx *g, int ot, int off, TCGReg dst);
void gen_set_part(GenCtx *g, int ot, int off, TCGReg v);
void gen_spill(GenCtx *g);       /* dirty guest registers to env */
void gen_forget(GenCtx *g);      /* after a helper that may change them */
uint8_t gen_unloaded(GenCtx *g); /* homes not holding their value */
void gen_load_homes(GenCtx *g, uint8_t mask);
void gen_homes_ready(GenCtx *g);        /* before an exit: every home loaded */
void gen_call(GenCtx *g, int h);        /* BL to a helper thunk */
void gen_movi_op(GenCtx *g, TCGReg rd); /* rd = the current op */
void gen_exit_static(GenCtx *g, int slot, int n, uint32_t eip);
/* OPX_LOOKUP's exit: the jump cache searched inline (gen_shared.lookup)
 * where the interpreter would follow it too; env: eip is in env already,
 * else in r1 */
void gen_exit_lookup(GenCtx *g, bool env);
void gen_st_env(GenCtx *g, TCGReg v, size_t off);
void gen_ld_env(GenCtx *g, TCGReg v, size_t off);
void gen_addi(GenCtx *g, TCGReg rd, TCGReg rn, uint32_t imm);
/* rewrite the placeholder B<c>.W (COND_AL: B.W) at `at` to branch here */
void gen_patch_bcond(GenCtx *g, tcg_insn_unit *at, ARMCond c);

/* gen-alu.c: false if the op's kind is not one it generates */
bool gen_alu_op(GenCtx *g, const X86Op *op, const X86Op *next);
bool gen_handler_op(GenCtx *g, const X86Op *op);    /* NOP, NOT NEG MUL */
void gen_ea(GenCtx *g, const X86Op *op, TCGReg rd); /* op_ea into rd */
/* gen-mem.c */
int gen_mem_ot(unsigned kind);
bool gen_mem_op(GenCtx *g, const X86Op *op);
void gen_load_op(GenCtx *g, const X86Op *op, int ot); /* r0 = [mem] */
/* A read-modify-write of op's memory operand: gen_rmw_load leaves r0 =
 * the address, r3 = the TLB addend (both the read and the write tag
 * checked), r2 = the value; r1 and r12 are free. gen_rmw_store writes v
 * there; gen_rmw_done, at the end of the op, is where the slow path (the
 * whole op through the interpreter) comes back. */
void gen_rmw_load(GenCtx *g, const X86Op *op, int ot);
void gen_rmw_store(GenCtx *g, int ot, TCGReg v);
void gen_rmw_done(GenCtx *g);
void gen_slow_paths(GenCtx *g);
bool gen_jmp_indirect(GenCtx *g, const X86Op *op); /* the TB's last op */
/* gen-jcc.c; gen_jcc_cond: the ARM condition of "taken" for a Jcc of
 * this kind and x86 cc, or GEN_C_NEVER/ALWAYS/HELPER */
#define GEN_C_NEVER  (-1)
#define GEN_C_ALWAYS (-2)
#define GEN_C_HELPER (-3)
int gen_jcc_cond(unsigned kind, int cc);
void gen_jcc(GenCtx *g, const X86Op *op, bool last);

/* gen-exec.c: helpers called from generated code */
int helper_jit_call(CPUX86State *env, const X86Op *op);
int helper_jit_interp(CPUX86State *env, const X86Op *op);
uint32_t helper_jit_cond(CPUX86State *env, uint32_t cc);
uint32_t helper_jit_cc_c(CPUX86State *env);
uint32_t helper_jit_ld(CPUX86State *env, const X86Op *op);
int helper_jit_st(CPUX86State *env, const X86Op *op, uint32_t v);
void helper_jit_stack16(CPUX86State *env, const X86Op *op);

#endif /* BMX_TCG_THUMB2_GEN_H */
