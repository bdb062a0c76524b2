/*
 * System Management Mode: SMI entry saves the CPU state in SMRAM at
 * SMBASE + 0xFE00.. (the 32-bit Pentium-style map QEMU uses for i386),
 * RSM restores it. Memory accesses in SMM go to the SMM address space
 * (attrs.secure), so the TLB is flushed on both transitions.
 */
#include "target-i386/cpu.h"

#define SMM_REVISION_ID 0x00020000

static uint32_t seg_ofs(int i)
{
    return i < 3 ? 0x7f84 + i * 12 : 0x7f2c + (i - 3) * 12;
}

static void smm_stl(CPUState *cs, uint32_t a, uint32_t v)
{
    x86_stl_phys(cs, a, v);
}

void do_smm_enter(X86CPU *cpu)
{
    CPUState *cs = &cpu->parent_obj;
    CPUX86State *env = &cpu->env;
    uint32_t sm;

    env->hflags |= HF_SMM_MASK; /* stores below go to SMRAM */
    tlb_flush(cs);
    sm = env->smbase + 0x8000;

    smm_stl(cs, sm + 0x7ffc, env->cr[0]);
    smm_stl(cs, sm + 0x7ff8, env->cr[3]);
    smm_stl(cs, sm + 0x7ff4, cpu_compute_eflags(env));
    smm_stl(cs, sm + 0x7ff0, env->eip);
    smm_stl(cs, sm + 0x7fec, env->regs[R_EDI]);
    smm_stl(cs, sm + 0x7fe8, env->regs[R_ESI]);
    smm_stl(cs, sm + 0x7fe4, env->regs[R_EBP]);
    smm_stl(cs, sm + 0x7fe0, env->regs[R_ESP]);
    smm_stl(cs, sm + 0x7fdc, env->regs[R_EBX]);
    smm_stl(cs, sm + 0x7fd8, env->regs[R_EDX]);
    smm_stl(cs, sm + 0x7fd4, env->regs[R_ECX]);
    smm_stl(cs, sm + 0x7fd0, env->regs[R_EAX]);
    smm_stl(cs, sm + 0x7fcc, env->dr[6]);
    smm_stl(cs, sm + 0x7fc8, env->dr[7]);

    smm_stl(cs, sm + 0x7fc4, env->tr.selector);
    smm_stl(cs, sm + 0x7f64, env->tr.base);
    smm_stl(cs, sm + 0x7f60, env->tr.limit);
    smm_stl(cs, sm + 0x7f5c, (env->tr.flags >> 8) & 0xf0ff);
    smm_stl(cs, sm + 0x7fc0, env->ldt.selector);
    smm_stl(cs, sm + 0x7f80, env->ldt.base);
    smm_stl(cs, sm + 0x7f7c, env->ldt.limit);
    smm_stl(cs, sm + 0x7f78, (env->ldt.flags >> 8) & 0xf0ff);
    smm_stl(cs, sm + 0x7f74, env->gdt.base);
    smm_stl(cs, sm + 0x7f70, env->gdt.limit);
    smm_stl(cs, sm + 0x7f58, env->idt.base);
    smm_stl(cs, sm + 0x7f54, env->idt.limit);
    for (int i = 0; i < 6; i++) {
        SegmentCache *dt = &env->segs[i];
        smm_stl(cs, sm + 0x7fa8 + i * 4, dt->selector);
        smm_stl(cs, sm + seg_ofs(i) + 8, dt->base);
        smm_stl(cs, sm + seg_ofs(i) + 4, dt->limit);
        smm_stl(cs, sm + seg_ofs(i), (dt->flags >> 8) & 0xf0ff);
    }
    smm_stl(cs, sm + 0x7f14, env->cr[4]);
    smm_stl(cs, sm + 0x7efc, SMM_REVISION_ID);
    smm_stl(cs, sm + 0x7ef8, env->smbase);

    if (env->hflags2 & HF2_NMI_MASK) {
        env->hflags2 |= HF2_SMM_INSIDE_NMI_MASK;
    } else {
        env->hflags2 |= HF2_NMI_MASK;
    }
    cpu_load_eflags(env, 0,
                    ~(CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C | DF_MASK));
    env->eip = 0x00008000;
    cpu_x86_update_cr0(env, env->cr[0] & ~(CR0_PE_MASK | CR0_EM_MASK |
                                           CR0_TS_MASK | CR0_PG_MASK));
    cpu_x86_update_cr4(env, 0);
    cpu_x86_update_dr7(env, DR7_FIXED_1); /* no breakpoints in SMM */
    cpu_x86_load_seg_cache(
        env, R_CS, (env->smbase >> 4) & 0xffff, env->smbase, 0xffffffff,
        DESC_P_MASK | DESC_S_MASK | DESC_W_MASK | DESC_G_MASK | DESC_A_MASK);
    for (int i = 0; i < 6; i++) {
        if (i != R_CS) {
            cpu_x86_load_seg_cache(env, i, 0, 0, 0xffffffff,
                                   DESC_P_MASK | DESC_S_MASK | DESC_W_MASK |
                                       DESC_G_MASK | DESC_A_MASK);
        }
    }
    x86_cpu_set_cpl(env, 0);
    x86_update_hflags(env);
}

void helper_rsm(CPUX86State *env)
{
    CPUState *cs = env_cpu(env);
    uint32_t sm = env->smbase + 0x8000, val, dr7;

    env->cr[4] = 0; /* so cr0 can drop PG cleanly first */
    cpu_x86_update_cr0(env, x86_ldl_phys(cs, sm + 0x7ffc));
    cpu_x86_update_cr3(env, x86_ldl_phys(cs, sm + 0x7ff8));
    cpu_load_eflags(env, x86_ldl_phys(cs, sm + 0x7ff4),
                    ~(CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C | DF_MASK));
    env->eip = x86_ldl_phys(cs, sm + 0x7ff0);
    env->regs[R_EDI] = x86_ldl_phys(cs, sm + 0x7fec);
    env->regs[R_ESI] = x86_ldl_phys(cs, sm + 0x7fe8);
    env->regs[R_EBP] = x86_ldl_phys(cs, sm + 0x7fe4);
    env->regs[R_ESP] = x86_ldl_phys(cs, sm + 0x7fe0);
    env->regs[R_EBX] = x86_ldl_phys(cs, sm + 0x7fdc);
    env->regs[R_EDX] = x86_ldl_phys(cs, sm + 0x7fd8);
    env->regs[R_ECX] = x86_ldl_phys(cs, sm + 0x7fd4);
    env->regs[R_EAX] = x86_ldl_phys(cs, sm + 0x7fd0);
    env->dr[6] = x86_ldl_phys(cs, sm + 0x7fcc);
    dr7 = x86_ldl_phys(cs, sm + 0x7fc8);

    env->tr.selector = x86_ldl_phys(cs, sm + 0x7fc4) & 0xffff;
    env->tr.base = x86_ldl_phys(cs, sm + 0x7f64);
    env->tr.limit = x86_ldl_phys(cs, sm + 0x7f60);
    env->tr.flags = (x86_ldl_phys(cs, sm + 0x7f5c) & 0xf0ff) << 8;
    env->ldt.selector = x86_ldl_phys(cs, sm + 0x7fc0) & 0xffff;
    env->ldt.base = x86_ldl_phys(cs, sm + 0x7f80);
    env->ldt.limit = x86_ldl_phys(cs, sm + 0x7f7c);
    env->ldt.flags = (x86_ldl_phys(cs, sm + 0x7f78) & 0xf0ff) << 8;
    env->gdt.base = x86_ldl_phys(cs, sm + 0x7f74);
    env->gdt.limit = x86_ldl_phys(cs, sm + 0x7f70);
    env->idt.base = x86_ldl_phys(cs, sm + 0x7f58);
    env->idt.limit = x86_ldl_phys(cs, sm + 0x7f54);
    for (int i = 0; i < 6; i++) {
        cpu_x86_load_seg_cache(
            env, i, x86_ldl_phys(cs, sm + 0x7fa8 + i * 4) & 0xffff,
            x86_ldl_phys(cs, sm + seg_ofs(i) + 8),
            x86_ldl_phys(cs, sm + seg_ofs(i) + 4),
            (x86_ldl_phys(cs, sm + seg_ofs(i)) & 0xf0ff) << 8);
    }
    cpu_x86_update_cr4(env, x86_ldl_phys(cs, sm + 0x7f14));
    cpu_x86_update_dr7(env, dr7); /* after CR4: DE decides I/O breakpoints */
    val = x86_ldl_phys(cs, sm + 0x7efc);
    if (val & 0x20000) {
        env->smbase = x86_ldl_phys(cs, sm + 0x7ef8);
    }
    if (!(env->hflags2 & HF2_SMM_INSIDE_NMI_MASK)) {
        env->hflags2 &= ~HF2_NMI_MASK;
    }
    env->hflags2 &= ~HF2_SMM_INSIDE_NMI_MASK;
    env->hflags &= ~HF_SMM_MASK;
    x86_cpu_set_cpl(env, (env->segs[R_SS].flags >> DESC_DPL_SHIFT) & 3);
    x86_update_hflags(env);
    tlb_flush(cs);
}
