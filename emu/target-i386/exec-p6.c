/*
 * Back end, the instructions the P6 family added (X86_CPU_686): CMOVcc,
 * the multi-byte NOP, RDPMC, SYSENTER and SYSEXIT. The decoder gives them
 * #UD below the P6.
 */
#include "target-i386/ops.h"
#include "target-i386/exec.h"

/* The source is read whatever the condition (it may fault); a false
 * condition leaves the destination alone (no zero-extension in 32-bit
 * mode). */
OPFN(op_cmov)
{
    uint32_t v = ld_rm(env, op, op->ot);

    if (x86_cond(env, op->opc & 15)) {
        set_reg(env, op->ot, op->reg, v);
    }
    return OPX_NEXT;
}

/* 0F 1F /r: computes no address, touches no memory */
OPFN(op_nop_ev)
{
    return OPX_NEXT;
}

/* Counters 0 and 1 at CPL 0 or with CR4.PCE; they hold what WRMSR put
 * there and do not count (deviation D38). */
OPFN(op_rdpmc)
{
    uint32_t n = env->regs[R_ECX];
    bool allowed = !(env->cr[0] & CR0_PE_MASK) ||
                   (!(env->eflags & VM_MASK) && x86_cpl(env) == 0) ||
                   (env->cr[4] & CR4_PCE_MASK);

    if (!allowed || n > 1) {
        x86_raise(env, op, EXCP0D_GPF, 0);
    }
    env->regs[R_EAX] = (uint32_t)env->perfctr[n];
    env->regs[R_EDX] = (uint32_t)(env->perfctr[n] >> 32) & 0xff;
    return OPX_NEXT;
}

/* The flat 4 GiB segments SYSENTER/SYSEXIT load, of privilege level dpl. */
static void load_flat(CPUX86State *env, int seg, uint32_t sel, int dpl,
                      bool code)
{
    uint32_t flags = DESC_P_MASK | DESC_S_MASK | DESC_G_MASK | DESC_B_MASK |
                     DESC_A_MASK | ((uint32_t)dpl << DESC_DPL_SHIFT) |
                     (code ? DESC_CS_MASK | DESC_R_MASK : DESC_W_MASK);

    cpu_x86_load_seg_cache(env, seg, sel, 0, 0xffffffffu, flags);
}

OPFN(op_sysenter)
{
    uint32_t cs = env->sysenter_cs & 0xfffc;

    if (!(env->cr[0] & CR0_PE_MASK) || cs == 0) {
        x86_raise(env, op, EXCP0D_GPF, 0);
    }
    env->eflags &= ~(VM_MASK | IF_MASK | RF_MASK);
    load_flat(env, R_CS, cs, 0, true);
    load_flat(env, R_SS, cs + 8, 0, false);
    env->regs[R_ESP] = env->sysenter_esp;
    env->eip = env->sysenter_eip;
    x86_update_hflags(env);
    return OPX_NOCHAIN;
}

OPFN(op_sysexit)
{
    uint32_t cs = env->sysenter_cs & 0xfffc;

    if (!(env->cr[0] & CR0_PE_MASK) || (env->eflags & VM_MASK) ||
        x86_cpl(env) != 0 || cs == 0) {
        x86_raise(env, op, EXCP0D_GPF, 0);
    }
    load_flat(env, R_CS, (cs + 16) | 3, 3, true);
    load_flat(env, R_SS, (cs + 24) | 3, 3, false);
    env->regs[R_ESP] = env->regs[R_ECX];
    env->eip = env->regs[R_EDX];
    x86_update_hflags(env);
    return OPX_NOCHAIN;
}
