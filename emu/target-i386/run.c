/*
 * The back end's driver: runs a TB's ops. Under GCC it is a threaded
 * interpreter -- each op's `kind` indexes a table of label addresses and
 * control jumps from op to op without returning to a loop -- with the
 * commonest register/memory forms executed inline; every other op is
 * called through its handler. Also the state restoration the engine needs
 * on faults and self-modifying code.
 */
#include "target-i386/translate.h"

#define SET16(r, v) (env->regs[r] = (env->regs[r] & 0xffff0000u) | ((v)&0xffff))

#if defined(__GNUC__)

int x86_run_ops(CPUX86State *env, const X86Op *op)
{
#define L(k, name) [k] = &&name
#define ALU_LABELS(base, p)                                                    \
    [base + 0] = &&p##_add, [base + 1] = &&p##_or, [base + 2] = &&k_call,      \
            [base + 3] = &&k_call, [base + 4] = &&p##_and,                     \
            [base + 5] = &&p##_sub, [base + 6] = &&p##_xor,                    \
            [base + 7] = &&p##_cmp
    static const void *const labels[OPK_NB] = {
        L(OPK_CALL, k_call),
        L(OPK_END, k_end),
        L(OPK_JMP, k_jmp),
        L(OPK_JCC, k_jcc),
        L(OPK_MOV_RR16, k_mov_rr16),
        L(OPK_MOV_RR32, k_mov_rr32),
        L(OPK_MOV_RI16, k_mov_ri16),
        L(OPK_MOV_RI32, k_mov_ri32),
        L(OPK_LD16, k_ld16),
        L(OPK_LD32, k_ld32),
        L(OPK_ST16, k_st16),
        L(OPK_ST32, k_st32),
        L(OPK_INC16, k_inc16),
        L(OPK_INC32, k_inc32),
        L(OPK_DEC16, k_dec16),
        L(OPK_DEC32, k_dec32),
        ALU_LABELS(OPK_ALU_RR16, rr16),
        ALU_LABELS(OPK_ALU_RR32, rr32),
        ALU_LABELS(OPK_ALU_RI16, ri16),
        ALU_LABELS(OPK_ALU_RI32, ri32),
    };
    uint32_t a, b, r;

#define DISPATCH() goto *labels[op->kind]
#define NEXT()                                                                 \
    do {                                                                       \
        op++;                                                                  \
        DISPATCH();                                                            \
    } while (0)

    DISPATCH();

k_call : {
    int x = op->fn(env, op);
    if (x != OPX_NEXT) {
        return x;
    }
    NEXT();
}
k_end:
    env->eip = op->eip;
    return OPX_JMP0;
k_jmp:
    env->eip = op->imm;
    return OPX_JMP0;
k_jcc : {
    int c = x86_cond_fast(env, op->opc & 15);
    bool take = c >= 0 ? (bool)c ^ (op->opc & 1) : x86_cond(env, op->opc & 15);
    if (take) {
        env->eip = op->imm;
        return OPX_JMP0;
    }
    env->eip = op->next_eip;
    return OPX_JMP1;
}
k_mov_rr16:
    SET16(op->rm, env->regs[op->reg]);
    NEXT();
k_mov_rr32:
    env->regs[op->rm] = env->regs[op->reg];
    NEXT();
k_mov_ri16:
    SET16(op->rm, op->imm);
    NEXT();
k_mov_ri32:
    env->regs[op->rm] = op->imm;
    NEXT();
k_ld16:
    r = x86_ld(env, op_linear_ot(env, op, 1), 1, OP_RA(op));
    SET16(op->reg, r);
    NEXT();
k_ld32:
    env->regs[op->reg] = x86_ld(env, op_linear_ot(env, op, 2), 2, OP_RA(op));
    NEXT();
k_st16:
    x86_st(env, op_linear_ot(env, op, 1), 1, env->regs[op->reg], OP_RA(op));
    NEXT();
k_st32:
    x86_st(env, op_linear_ot(env, op, 2), 2, env->regs[op->reg], OP_RA(op));
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

/* ALU forms: A = first operand (register op->rm), B = second */
#define ALU_BODY(p, bits, getb)                                                \
    p##_add : a = env->regs[op->rm];                                           \
    b = getb;                                                                  \
    r = a + b;                                                                 \
    WB##bits(r);                                                               \
    env->cc_src = a;                                                           \
    env->cc_op = CC_OP_ADD##bits;                                              \
    NEXT();                                                                    \
    p##_sub : a = env->regs[op->rm];                                           \
    b = getb;                                                                  \
    r = a - b;                                                                 \
    WB##bits(r);                                                               \
    env->cc_src = b;                                                           \
    env->cc_op = CC_OP_SUB##bits;                                              \
    NEXT();                                                                    \
    p##_cmp : a = env->regs[op->rm];                                           \
    b = getb;                                                                  \
    env->cc_dst = (a - b) & MASK##bits;                                        \
    env->cc_src = b & MASK##bits;                                              \
    env->cc_op = CC_OP_SUB##bits;                                              \
    NEXT();                                                                    \
    p##_and : r = env->regs[op->rm] & (getb);                                  \
    WB##bits(r);                                                               \
    env->cc_op = CC_OP_LOGIC##bits;                                            \
    NEXT();                                                                    \
    p##_or : r = env->regs[op->rm] | (getb);                                   \
    WB##bits(r);                                                               \
    env->cc_op = CC_OP_LOGIC##bits;                                            \
    NEXT();                                                                    \
    p##_xor : r = env->regs[op->rm] ^ (getb);                                  \
    WB##bits(r);                                                               \
    env->cc_op = CC_OP_LOGIC##bits;                                            \
    NEXT();

#define MASKW 0xffffu
#define MASKL 0xffffffffu
#define WBW(v)                                                                 \
    do {                                                                       \
        SET16(op->rm, v);                                                      \
        env->cc_dst = (v)&0xffff;                                              \
    } while (0)
#define WBL(v)                                                                 \
    do {                                                                       \
        env->regs[op->rm] = (v);                                               \
        env->cc_dst = (v);                                                     \
    } while (0)

    ALU_BODY(rr16, W, env->regs[op->reg] & 0xffff)
    ALU_BODY(rr32, L, env->regs[op->reg])
    ALU_BODY(ri16, W, op->imm & 0xffff)
    ALU_BODY(ri32, L, op->imm)
}

#else /* not GCC: call every handler */

int x86_run_ops(CPUX86State *env, const X86Op *op)
{
    for (;;) {
        int r = op->fn(env, op);
        if (r != OPX_NEXT) {
            return r;
        }
        op++;
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
    }
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
