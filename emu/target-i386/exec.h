/* Private to the back end (exec-*.c). */
#ifndef BMX_TARGET_I386_EXEC_H
#define BMX_TARGET_I386_EXEC_H

#include "target-i386/ops.h"

void x86_load_seg(CPUX86State *env, const X86Op *op, int seg, uint32_t sel);
int x86_incdec_ev(CPUX86State *env, const X86Op *op);
/* Far transfers in real / V86 mode (exec-branch.c). */
void x86_iret_real(CPUX86State *env, int shift);

static inline bool pe_not_vm(CPUX86State *env)
{
    return (env->cr[0] & CR0_PE_MASK) && !(env->eflags & VM_MASK);
}

static inline int x86_cpl(CPUX86State *env)
{
    return env->hflags & HF_CPL_MASK;
}

/* CPL > IOPL (or V86) needs the TSS bitmap check; then I/O breakpoints. */
static inline void x86_check_io(CPUX86State *env, const X86Op *op,
                                uint32_t port, int size)
{
    if ((env->cr[0] & CR0_PE_MASK) &&
        ((env->eflags & VM_MASK) ||
         x86_cpl(env) > (int)((env->eflags & IOPL_MASK) >> IOPL_SHIFT))) {
        env->eip = op->eip;
        helper_check_io(env, port, size);
    }
    if (unlikely(env->hflags & HF_IOBPT_MASK)) {
        x86_bpt_check_io(env, port, size);
    }
}

#endif
