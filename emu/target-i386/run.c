/*
 * The back end's driver: runs a TB's ops one after the other (each op is
 * a pre-decoded instruction whose handler is called directly), and the
 * state restoration the engine needs on faults and self-modifying code.
 */
#include "target-i386/translate.h"

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
    }
}
