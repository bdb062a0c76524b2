/*
 * CPU models (286/386/486/586/686), creation and reset.
 */
#include "target-i386/cpu.h"
#include "target-i386/fpu-helper.h"
#include "memory/memory.h"

/* The CPU memory's hooks reach (single CPU). */
static CPUState *hook_cpu;

static void hook_tlb_flush(CPUState *cs)
{
    tlb_flush(cs ? cs : hook_cpu);
}

static void x86_cpu_model_init(CPUX86State *env, X86CPULevel level)
{
    env->level = level;
    /* "GenuineIntel" */
    env->cpuid_vendor1 = 0x756e6547;
    env->cpuid_vendor2 = 0x49656e69;
    env->cpuid_vendor3 = 0x6c65746e;
    switch (level) {
    case X86_CPU_386:
        env->cpuid_version = 0x0308; /* 386DX */
        env->has_cpuid = false;
        env->eflags_writable_mask = 0;
        break;
    case X86_CPU_486:
        env->cpuid_version = 0x0480; /* 486 with CPUID (DX4-class) */
        env->has_cpuid = true;
        env->cpuid_level = 1;
        env->cpuid_features = CPUID_FP87; /* a 486DX: the x87 on chip */
        env->eflags_writable_mask = AC_MASK | ID_MASK;
        break;
    case X86_CPU_586:
        env->cpuid_version = 0x052c; /* P54C */
        env->has_cpuid = true;
        env->cpuid_level = 1;
        env->cpuid_features = CPUID_FP87 | CPUID_TSC | CPUID_MSR | CPUID_CX8 |
                              CPUID_PSE | CPUID_DE;
        env->eflags_writable_mask = AC_MASK | ID_MASK;
        break;
    case X86_CPU_686:
        /* QEMU's pentium2: family 6, model 5, stepping 2, with the x87 and
         * FXSAVE/FXRSTOR of the Deschutes core (no MMX: deviation D38). */
        env->cpuid_version = 0x0652;
        env->has_cpuid = true;
        env->cpuid_level = 1;
        env->cpuid_features = CPUID_FP87 | CPUID_TSC | CPUID_MSR | CPUID_CX8 |
                              CPUID_PSE | CPUID_DE | CPUID_SEP | CPUID_MTRR |
                              CPUID_PGE | CPUID_CMOV | CPUID_PAT | CPUID_FXSR;
        env->eflags_writable_mask = AC_MASK | ID_MASK;
        break;
    default:
        env->level = X86_CPU_286;
        env->cpuid_version = 0;
        env->has_cpuid = false;
        env->eflags_writable_mask = 0;
        break;
    }
}

void x86_cpu_init(X86CPU *cpu, X86CPULevel level)
{
    CPUState *cs = &cpu->parent_obj;
    static const MemoryCPUHooks hooks = {
        .tb_invalidate_phys_range = tb_invalidate_phys_range,
        .tlb_flush = hook_tlb_flush,
        .tlb_reset_dirty_range_all = tlb_reset_dirty_range_all,
    };

    memset(cpu, 0, sizeof(*cpu));
    cs->env_ptr = &cpu->env;
    cs->exception_index = -1;
    x86_cpu_model_init(&cpu->env, level);
    hook_cpu = cs;
    tcg_exec_init();
    tlb_register_cpu(cs);
    tlb_init(cs);
    memory_set_cpu_hooks(&hooks);
    x86_cpu_reset(cpu);
}

void x86_cpu_reset(X86CPU *cpu)
{
    CPUState *cs = &cpu->parent_obj;
    CPUX86State *env = &cpu->env;
    X86CPULevel level = env->level;

    /* the model survives reset */
    {
        CPUX86State model = *env;
        memset(env, 0, sizeof(*env));
        env->level = level;
        env->cpuid_level = model.cpuid_level;
        env->cpuid_vendor1 = model.cpuid_vendor1;
        env->cpuid_vendor2 = model.cpuid_vendor2;
        env->cpuid_vendor3 = model.cpuid_vendor3;
        env->cpuid_version = model.cpuid_version;
        env->cpuid_features = model.cpuid_features;
        env->cpuid_ext_features = model.cpuid_ext_features;
        env->has_cpuid = model.has_cpuid;
        env->eflags_writable_mask = model.eflags_writable_mask;
    }

    env->a20_mask = 0xffffffffu;
    env->tsc_offset = -cpu_get_tsc(env); /* RESET zeroes the TSC (SDM 17.17) */
    env->smbase = 0x30000;
    env->cr[0] = level >= X86_CPU_486 ? 0x60000010 : 0x10;
    env->idt.limit = 0xffff;
    env->gdt.limit = 0xffff;
    env->ldt.limit = 0xffff;
    env->ldt.flags = DESC_P_MASK | (2 << DESC_TYPE_SHIFT);
    env->tr.limit = 0xffff;
    env->tr.flags = DESC_P_MASK | (11 << DESC_TYPE_SHIFT);
    env->hflags = 0;

    cpu_x86_load_seg_cache(env, R_CS, 0xf000, 0xffff0000, 0xffff,
                           DESC_P_MASK | DESC_S_MASK | DESC_CS_MASK |
                               DESC_R_MASK | DESC_A_MASK);
    for (int seg = 0; seg < 6; seg++) {
        if (seg != R_CS) {
            cpu_x86_load_seg_cache(env, seg, 0, 0, 0xffff,
                                   DESC_P_MASK | DESC_S_MASK | DESC_W_MASK |
                                       DESC_A_MASK);
        }
    }
    env->eip = 0xfff0;
    env->regs[R_EDX] = env->cpuid_version;
    env->eflags = 0x2;
    env->cc_op = CC_OP_EFLAGS;
    env->cc_src = 0;
    env->df = 1;
    env->dr[6] = 0xffff0ff0;
    env->dr[7] = 0x400;
    env->apic_base =
        0xfee00000 | MSR_IA32_APICBASE_BSP | MSR_IA32_APICBASE_ENABLE;
    env->pat = 0x0007040600070406ull; /* the power-on PAT */
    env->old_exception = -1;
    /* the x87 at power-up (SDM vol. 3, table 9-1): control word 0040h,
     * status 0, tag word 5555h (eight valid +0.0), pointers 0 */
    fpu_init_state(env);
    env->fpuc = 0x0040;
    update_fp_status(env);
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = 0;
    }
    x86_update_hflags(env);

    cs->exception_index = -1;
    cs->halted = 0;
    cs->interrupt_request = 0;
    tlb_flush(cs);
}
