/*
 * Back end, system instructions: descriptor tables, control and debug
 * registers, MSRs, CPUID, TSC. Privilege checks happen here; descriptor
 * work goes to the seg_helper.c/sys-*.c helpers.
 */
#include "target-i386/ops.h"
#include "target-i386/exec.h"
#include "target-i386/translate.h"
#include "timer/timer.h"

/* #GP(0) unless CPL 0 (real mode counts as CPL 0; V86 is CPL 3). */
static void need_cpl0(CPUX86State *env, const X86Op *op)
{
    if ((env->cr[0] & CR0_PE_MASK) &&
        ((env->eflags & VM_MASK) || x86_cpl(env) != 0)) {
        x86_raise(env, op, EXCP0D_GPF, 0);
    }
}

static void need_pm(CPUX86State *env, const X86Op *op)
{
    if (!pe_not_vm(env)) {
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
}

static int done_nochain(CPUX86State *env, const X86Op *op)
{
    env->eip = op->next_eip;
    return OPX_NOCHAIN;
}

static void lazy_to_eflags(CPUX86State *env)
{
    env->cc_src = cpu_cc_compute_all(env);
    env->cc_op = CC_OP_EFLAGS;
}

OPFN(op_grp6)
{
    uint32_t sel;

    need_pm(env, op);
    switch (op->reg) {
    case 0: /* SLDT */
    case 1: /* STR */
        sel = op->reg == 0 ? env->ldt.selector : env->tr.selector;
        if (op->mod == 3) {
            set_reg(env, op->dflag == 2 ? 2 : 1, op->rm, sel);
        } else {
            x86_st(env, op_linear_w_ot(env, op, 1), 1, sel, OP_RA(op));
        }
        return done_nochain(env, op);
    case 2: /* LLDT */
    case 3: /* LTR */
        need_cpl0(env, op);
        sel = ld_rm(env, op, 1);
        env->eip = op->eip;
        if (op->reg == 2) {
            helper_lldt(env, (int)sel);
        } else {
            helper_ltr(env, (int)sel);
        }
        return done_nochain(env, op);
    case 4: /* VERR */
    case 5: /* VERW */
        sel = ld_rm(env, op, 1);
        env->eip = op->eip;
        lazy_to_eflags(env);
        if (op->reg == 4) {
            helper_verr(env, sel);
        } else {
            helper_verw(env, sel);
        }
        return done_nochain(env, op);
    default:
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
}

OPFN(op_grp7)
{
    uint32_t a, limit, base;

    switch (op->reg) {
    case 0: /* SGDT */
    case 1: /* SIDT */
        if (op->mod == 3) {
            x86_raise(env, op, EXCP06_ILLOP, 0);
        }
        {
            SegmentCache *dt = op->reg == 0 ? &env->gdt : &env->idt;
            a = op_linear_w(env, op);
            base = dt->base;
            if (op->dflag == 1) {
                /* the 286 stores FFh in the unused top byte, 386+ zero */
                base = (base & 0xffffff) |
                       (env->level < X86_CPU_386 ? 0xff000000u : 0);
            }
            x86_st(env, a, 1, dt->limit, OP_RA(op));
            x86_st(env, a + 2, 2, base, OP_RA(op));
        }
        return done_nochain(env, op);
    case 2: /* LGDT */
    case 3: /* LIDT */
        if (op->mod == 3) {
            x86_raise(env, op, EXCP06_ILLOP, 0);
        }
        need_cpl0(env, op);
        a = op_linear(env, op);
        limit = x86_ld(env, a, 1, OP_RA(op));
        base = x86_ld(env, a + 2, 2, OP_RA(op));
        if (op->dflag == 1) {
            base &= 0xffffff;
        }
        if (op->reg == 2) {
            env->gdt.base = base;
            env->gdt.limit = limit;
        } else {
            env->idt.base = base;
            env->idt.limit = limit;
        }
        return done_nochain(env, op);
    case 4: /* SMSW */
        if (op->mod == 3) {
            set_reg(env, op->dflag == 2 ? 2 : 1, op->rm, env->cr[0]);
        } else {
            x86_st(env, op_linear_w_ot(env, op, 1), 1, env->cr[0], OP_RA(op));
        }
        return done_nochain(env, op);
    case 6: /* LMSW: PE can be set, not cleared; MP/EM/TS follow */
        need_cpl0(env, op);
        limit = ld_rm(env, op, 1);
        env->eip = op->eip;
        cpu_x86_update_cr0(env, (env->cr[0] & ~0xeu) | (limit & 0xf) |
                                    (env->cr[0] & CR0_PE_MASK));
        return done_nochain(env, op);
    case 7: /* INVLPG */
        if (env->level < X86_CPU_486 || op->mod == 3) {
            x86_raise(env, op, EXCP06_ILLOP, 0);
        }
        need_cpl0(env, op);
        /* no access: no limit or rights check */
        tlb_flush_page(env_cpu(env), env->segs[op->seg].base + op_ea(env, op));
        return done_nochain(env, op);
    default:
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
}

OPFN(op_lar_lsl)
{
    uint32_t sel, v;

    need_pm(env, op);
    sel = ld_rm(env, op, 1);
    env->eip = op->eip;
    lazy_to_eflags(env);
    v = op->opc == 0x102 ? helper_lar(env, sel) : helper_lsl(env, sel);
    if (cpu_cc_compute_all(env) & CC_Z) {
        set_reg(env, op->ot, op->reg, v);
    }
    return OPX_NEXT;
}

OPFN(op_arpl)
{
    uint32_t d, s, fl;

    need_pm(env, op);
    d = ld_rm(env, op, 1);
    s = get_reg(env, 1, op->reg);
    fl = cpu_cc_compute_all(env) & ~CC_Z;
    if ((d & 3) < (s & 3)) {
        st_rm(env, op, 1, (d & ~3u) | (s & 3));
        fl |= CC_Z;
    }
    env->cc_src = fl;
    env->cc_op = CC_OP_EFLAGS;
    return done_nochain(env, op);
}

OPFN(op_clts)
{
    need_cpl0(env, op);
    env->cr[0] &= ~CR0_TS_MASK;
    env->hflags &= ~HF_TS_MASK;
    return done_nochain(env, op);
}

OPFN(op_invd)
{
    need_cpl0(env, op);
    return OPX_NEXT;
}

OPFN(op_loadall)
{
    x86_raise(env, op, EXCP06_ILLOP, 0);
}

OPFN(op_mov_cr)
{
    int n = op->reg;
    uint32_t v;

    need_cpl0(env, op);
    if (n == 1 || n > 4 || (n == 4 && env->level < X86_CPU_586)) {
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
    if (op->opc == 0x120) {
        env->regs[op->rm] = env->cr[n];
        return done_nochain(env, op);
    }
    v = env->regs[op->rm];
    env->eip = op->eip;
    switch (n) {
    case 0:
        if ((v & CR0_PG_MASK) && !(v & CR0_PE_MASK)) {
            x86_raise(env, op, EXCP0D_GPF, 0);
        }
        cpu_x86_update_cr0(env, v);
        break;
    case 2:
        env->cr[2] = v;
        break;
    case 3:
        cpu_x86_update_cr3(env, v);
        break;
    default:
        if (v & ~x86_cr4_valid_mask(env)) {
            x86_raise(env, op, EXCP0D_GPF, 0); /* a bit the model lacks */
        }
        cpu_x86_update_cr4(env, v);
        break;
    }
    return done_nochain(env, op);
}

OPFN(op_mov_dr)
{
    need_cpl0(env, op);
    env->eip = op->eip;
    if (op->opc == 0x121) {
        env->regs[op->rm] = helper_get_dr(env, op->reg);
    } else {
        helper_set_dr(env, op->reg, env->regs[op->rm]);
    }
    return done_nochain(env, op);
}

/* The TSC follows the virtual clock, as QEMU's under icount: one tick per
 * retired instruction, and the time the clock skipped while the CPU was
 * halted (Linux checks the TSC against the PIT across idle periods). */
uint64_t cpu_get_tsc(CPUX86State *env)
{
    return cpu_get_icount(env_cpu(env)) + icount_get_warped();
}

/* The TSC as op reads it: cpu_get_icount is exact only to the last
 * finished TB, and where TBs end depends on the translator (superblocks,
 * a breakpoint, a flush), which the guest must not see. */
static uint64_t tsc_at(CPUX86State *env, const X86Op *op)
{
    return cpu_get_tsc(env) + (uint64_t)x86_insns_before(env, op);
}

static bool msr_access(CPUX86State *env, const X86Op *op, uint32_t msr,
                       uint64_t *val, bool write)
{
    uint64_t *p = NULL;

    switch (msr) {
    case MSR_IA32_TSC:
        if (write) {
            env->tsc_offset = *val - tsc_at(env, op);
        } else {
            *val = env->tsc_offset + tsc_at(env, op);
        }
        return true;
    case MSR_IA32_SYSENTER_CS:
        if (write) {
            env->sysenter_cs = (uint32_t)*val;
        } else {
            *val = env->sysenter_cs;
        }
        return true;
    case MSR_IA32_SYSENTER_ESP:
        if (write) {
            env->sysenter_esp = (uint32_t)*val;
        } else {
            *val = env->sysenter_esp;
        }
        return true;
    case MSR_IA32_SYSENTER_EIP:
        if (write) {
            env->sysenter_eip = (uint32_t)*val;
        } else {
            *val = env->sysenter_eip;
        }
        return true;
    case MSR_IA32_APICBASE:
        if (write && env_archcpu(env)->set_apic_base) {
            X86CPU *cpu = env_archcpu(env);
            env->apic_base = cpu->set_apic_base(cpu->apic_opaque, *val);
            return true;
        }
        p = &env->apic_base;
        break;
    case MSR_IA32_MISC_ENABLE:
        p = &env->msr_ia32_misc_enable;
        break;
    case MSR_MTRRcap:
        if (write) {
            return false;
        }
        *val = MSR_MTRRcap_VCNT | (1 << 8) | (1 << 10);
        return true;
    case MSR_MTRRdefType:
        p = &env->mtrr_deftype;
        break;
    case MSR_PAT:
        if (env->level < X86_CPU_686) {
            return false;
        }
        p = &env->pat;
        break;
    case MSR_P6_PERFCTR0:
    case MSR_P6_PERFCTR0 + 1:
        if (env->level < X86_CPU_686) {
            return false;
        }
        if (write) {
            *val &= 0xffffffffffull; /* 40-bit counters */
        }
        p = &env->perfctr[msr - MSR_P6_PERFCTR0];
        break;
    case MSR_P6_EVNTSEL0:
    case MSR_P6_EVNTSEL0 + 1:
        if (env->level < X86_CPU_686) {
            return false;
        }
        p = &env->evntsel[msr - MSR_P6_EVNTSEL0];
        break;
    case MSR_MTRRfix64K_00000:
        p = &env->mtrr_fixed[0];
        break;
    case MSR_MTRRfix16K_80000:
    case MSR_MTRRfix16K_A0000:
        p = &env->mtrr_fixed[msr - MSR_MTRRfix16K_80000 + 1];
        break;
    default:
        if (msr >= MSR_MTRRfix4K_C0000 && msr <= MSR_MTRRfix4K_F8000) {
            p = &env->mtrr_fixed[msr - MSR_MTRRfix4K_C0000 + 3];
        } else if (msr >= 0x200 && msr < 0x200 + 2 * MSR_MTRRcap_VCNT) {
            uint32_t r = (msr - 0x200) / 2;
            p = (msr & 1) ? &env->mtrr_var_mask[r] : &env->mtrr_var_base[r];
        } else {
            return false;
        }
        break;
    }
    if (write) {
        *p = *val;
    } else {
        *val = *p;
    }
    return true;
}

OPFN(op_rdmsr)
{
    uint64_t v = 0;

    need_cpl0(env, op);
    if (!msr_access(env, op, env->regs[R_ECX], &v, false)) {
        x86_raise(env, op, EXCP0D_GPF, 0);
    }
    env->regs[R_EAX] = (uint32_t)v;
    env->regs[R_EDX] = (uint32_t)(v >> 32);
    return OPX_NEXT;
}

OPFN(op_wrmsr)
{
    uint64_t v = ((uint64_t)env->regs[R_EDX] << 32) | env->regs[R_EAX];

    need_cpl0(env, op);
    if (!msr_access(env, op, env->regs[R_ECX], &v, true)) {
        x86_raise(env, op, EXCP0D_GPF, 0);
    }
    return done_nochain(env, op);
}

OPFN(op_rdtsc)
{
    uint64_t v;

    if ((env->cr[4] & CR4_TSD_MASK) && (env->cr[0] & CR0_PE_MASK) &&
        ((env->eflags & VM_MASK) || x86_cpl(env) != 0)) {
        x86_raise(env, op, EXCP0D_GPF, 0);
    }
    msr_access(env, op, MSR_IA32_TSC, &v, false);
    env->regs[R_EAX] = (uint32_t)v;
    env->regs[R_EDX] = (uint32_t)(v >> 32);
    return OPX_NEXT;
}

OPFN(op_cpuid)
{
    uint32_t leaf = env->regs[R_EAX];

    if (leaf > env->cpuid_level) {
        leaf = env->cpuid_level;
    }
    switch (leaf) {
    case 0:
        env->regs[R_EAX] = env->cpuid_level;
        env->regs[R_EBX] = env->cpuid_vendor1;
        env->regs[R_EDX] = env->cpuid_vendor2;
        env->regs[R_ECX] = env->cpuid_vendor3;
        break;
    case 1:
        env->regs[R_EAX] = env->cpuid_version;
        env->regs[R_EBX] = 0;
        env->regs[R_ECX] = env->cpuid_ext_features;
        env->regs[R_EDX] = env->cpuid_features;
        break;
    default:
        env->regs[R_EAX] = env->regs[R_EBX] = 0;
        env->regs[R_ECX] = env->regs[R_EDX] = 0;
        break;
    }
    return OPX_NEXT;
}

OPFN(op_rsm)
{
    if (!(env->hflags & HF_SMM_MASK)) {
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
    env->eip = op->eip;
    helper_rsm(env);
    return OPX_NOCHAIN;
}
