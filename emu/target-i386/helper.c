/*
 * CPU state helpers: hflags, control registers, segment loads in real
 * mode, A20, interrupt acceptance, physical accesses for the page walker.
 */
#include "target-i386/cpu.h"
#include "memory/memory.h"

void x86_update_hflags(CPUX86State *env)
{
    uint32_t h = env->hflags &
                 (HF_CPL_MASK | HF_INHIBIT_IRQ_MASK | HF_SMM_MASK |
                  HF_SVME_MASK | HF_GUEST_MASK | HF_BPT_MASK | HF_IOBPT_MASK);
    uint32_t cr0 = env->cr[0];

    h |= (cr0 & CR0_PE_MASK) << HF_PE_SHIFT;
    h |= ((cr0 >> 1) & 7) << HF_MP_SHIFT;
    h |= env->eflags & (TF_MASK | IOPL_MASK | VM_MASK | RF_MASK | AC_MASK);
    h |=
        (env->segs[R_CS].flags & DESC_B_MASK) >> (DESC_B_SHIFT - HF_CS32_SHIFT);
    h |=
        (env->segs[R_SS].flags & DESC_B_MASK) >> (DESC_B_SHIFT - HF_SS32_SHIFT);
    if (!(cr0 & CR0_PE_MASK)) {
        h &= ~HF_CPL_MASK;
    } else if (env->eflags & VM_MASK) {
        h |= HF_CPL_MASK;
    }
    if (!(cr0 & CR0_PE_MASK) || (env->eflags & VM_MASK) ||
        !(h & HF_CS32_MASK)) {
        h |= HF_ADDSEG_MASK;
    } else if ((env->segs[R_DS].base | env->segs[R_ES].base |
                env->segs[R_SS].base) != 0) {
        h |= HF_ADDSEG_MASK;
    }
    for (int seg = 0; seg < 6; seg++) {
        h |= x86_seg_flat_bit(&env->segs[seg], seg);
        x86_seg_fast16_update(env, seg);
    }
    env->hflags = h;
}

void x86_cpu_set_cpl(CPUX86State *env, int cpl)
{
    env->hflags = (env->hflags & ~HF_CPL_MASK) | (cpl & 3);
}

void cpu_x86_update_cr0(CPUX86State *env, uint32_t new_cr0)
{
    CPUState *cs = env_cpu(env);

    if ((new_cr0 ^ env->cr[0]) & (CR0_PG_MASK | CR0_WP_MASK | CR0_PE_MASK)) {
        tlb_flush(cs);
    }
    new_cr0 |= CR0_ET_MASK;
    if (env->level < X86_CPU_486) {
        new_cr0 &= CR0_PE_MASK | CR0_MP_MASK | CR0_EM_MASK | CR0_TS_MASK |
                   CR0_ET_MASK | CR0_PG_MASK;
    }
    env->cr[0] = new_cr0;
    x86_update_hflags(env);
}

void x86_tlb_flush_cr3(CPUX86State *env)
{
    if (env->cr[4] & CR4_PGE_MASK) {
        tlb_flush_nonglobal(env_cpu(env));
    } else {
        tlb_flush(env_cpu(env));
    }
}

void cpu_x86_update_cr3(CPUX86State *env, uint32_t new_cr3)
{
    env->cr[3] = new_cr3;
    if (env->cr[0] & CR0_PG_MASK) {
        x86_tlb_flush_cr3(env); /* global pages survive (PGE) */
    }
}

uint32_t x86_cr4_valid_mask(const CPUX86State *env)
{
    uint32_t m = 0;

    if (env->level >= X86_CPU_586) {
        m |= CR4_VME_MASK | CR4_PVI_MASK | CR4_TSD_MASK | CR4_DE_MASK |
             CR4_PSE_MASK | CR4_MCE_MASK;
    }
    if (env->level >= X86_CPU_686) {
        m |= CR4_PGE_MASK | CR4_PCE_MASK;
        if (env->cpuid_features & CPUID_FXSR) {
            m |= CR4_OSFXSR_MASK;
        }
    }
    return m;
}

void cpu_x86_update_cr4(CPUX86State *env, uint32_t new_cr4)
{
    uint32_t old = env->cr[4];

    if ((new_cr4 ^ old) & (CR4_PGE_MASK | CR4_PAE_MASK | CR4_PSE_MASK)) {
        tlb_flush(env_cpu(env));
    }
    env->cr[4] = new_cr4 & x86_cr4_valid_mask(env);
    if ((env->cr[4] ^ old) & CR4_DE_MASK) {
        x86_bpt_update(env); /* DE makes R/W = 10 an I/O breakpoint */
    }
}

void cpu_x86_load_seg_real(CPUX86State *env, int seg, uint32_t selector)
{
    SegmentCache *sc = &env->segs[seg];

    selector &= 0xffff;
    if (env->eflags & VM_MASK) {
        cpu_x86_load_seg_cache(env, seg, selector, selector << 4, 0xffff,
                               DESC_P_MASK | DESC_S_MASK | DESC_W_MASK |
                                   DESC_A_MASK | (3 << DESC_DPL_SHIFT));
    } else {
        /* real mode keeps the cached limit and attributes ("unreal") */
        cpu_x86_load_seg_cache(env, seg, selector, selector << 4, sc->limit,
                               sc->flags);
    }
}

void cpu_x86_set_a20(X86CPU *cpu, int a20_state)
{
    CPUX86State *env = &cpu->env;
    uint32_t mask = a20_state ? 0xffffffffu : ~(1u << 20);

    if (mask != env->a20_mask) {
        env->a20_mask = mask;
        tlb_flush(&cpu->parent_obj);
        cpu_interrupt(&cpu->parent_obj, CPU_INTERRUPT_EXITTB);
    }
}

void x86_cpu_state_changed(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;

    if ((env->cr[0] & CR0_PE_MASK) && !(env->eflags & VM_MASK)) {
        env->hflags =
            (env->hflags & ~HF_CPL_MASK) | (env->segs[R_CS].selector & 3);
    }
    x86_update_hflags(env);
    tlb_flush(&cpu->parent_obj);
}

/* ---- port I/O ---- */

uint8_t cpu_inb(uint32_t addr)
{
    return address_space_ldub(&address_space_io, addr & 0xffff,
                              MEMTXATTRS_UNSPECIFIED, NULL);
}

uint16_t cpu_inw(uint32_t addr)
{
    return address_space_lduw_le(&address_space_io, addr & 0xffff,
                                 MEMTXATTRS_UNSPECIFIED, NULL);
}

uint32_t cpu_inl(uint32_t addr)
{
    return address_space_ldl_le(&address_space_io, addr & 0xffff,
                                MEMTXATTRS_UNSPECIFIED, NULL);
}

void cpu_outb(uint32_t addr, uint8_t val)
{
    address_space_stb(&address_space_io, addr & 0xffff, val,
                      MEMTXATTRS_UNSPECIFIED, NULL);
}

void cpu_outw(uint32_t addr, uint16_t val)
{
    address_space_stw_le(&address_space_io, addr & 0xffff, val,
                         MEMTXATTRS_UNSPECIFIED, NULL);
}

void cpu_outl(uint32_t addr, uint32_t val)
{
    address_space_stl_le(&address_space_io, addr & 0xffff, val,
                         MEMTXATTRS_UNSPECIFIED, NULL);
}

/* ---- address spaces and physical accesses ---- */

MemTxAttrs cpu_get_mem_attrs(CPUX86State *env)
{
    MemTxAttrs attrs = {0};
    attrs.secure = (env->hflags & HF_SMM_MASK) != 0;
    return attrs;
}

AddressSpace *cpu_addressspace(CPUState *cs, MemTxAttrs attrs)
{
    AddressSpace *as = NULL;

    if (attrs.secure) {
        as = cs->as_smm ? cs->as_smm : cpu_get_address_space(cs, 1);
    }
    if (!as) {
        as = cs->as ? cs->as : cpu_get_address_space(cs, 0);
    }
    if (!as) {
        bmx_panic("CPU has no address space: call cpu_address_space_init()");
    }
    return as;
}

static AddressSpace *phys_as(CPUState *cs, uint64_t *addr, MemTxAttrs *attrs)
{
    CPUX86State *env = cpu_env(cs);
    *attrs = cpu_get_mem_attrs(env);
    *addr &= env->a20_mask;
    return cpu_addressspace(cs, *attrs);
}

uint32_t x86_lduw_phys(CPUState *cs, uint64_t addr)
{
    MemTxAttrs attrs;
    AddressSpace *as = phys_as(cs, &addr, &attrs);
    return address_space_lduw_le(as, addr, attrs, NULL);
}

uint32_t x86_ldl_phys(CPUState *cs, uint64_t addr)
{
    MemTxAttrs attrs;
    AddressSpace *as = phys_as(cs, &addr, &attrs);
    return address_space_ldl_le(as, addr, attrs, NULL);
}

uint64_t x86_ldq_phys(CPUState *cs, uint64_t addr)
{
    MemTxAttrs attrs;
    AddressSpace *as = phys_as(cs, &addr, &attrs);
    return address_space_ldq_le(as, addr, attrs, NULL);
}

void x86_stb_phys(CPUState *cs, uint64_t addr, uint8_t val)
{
    MemTxAttrs attrs;
    AddressSpace *as = phys_as(cs, &addr, &attrs);
    address_space_stb(as, addr, val, attrs, NULL);
}

void x86_stw_phys(CPUState *cs, uint64_t addr, uint32_t val)
{
    MemTxAttrs attrs;
    AddressSpace *as = phys_as(cs, &addr, &attrs);
    address_space_stw_le(as, addr, (uint16_t)val, attrs, NULL);
}

void x86_stl_phys(CPUState *cs, uint64_t addr, uint32_t val)
{
    MemTxAttrs attrs;
    AddressSpace *as = phys_as(cs, &addr, &attrs);
    address_space_stl_le(as, addr, val, attrs, NULL);
}

void x86_stl_phys_notdirty(CPUState *cs, uint64_t addr, uint32_t val)
{
    MemTxAttrs attrs;
    AddressSpace *as = phys_as(cs, &addr, &attrs);
    address_space_stl_notdirty(as, addr, val, attrs, NULL);
}

/* ---- interrupt acceptance (called by cpu_exec between TBs) ---- */

bool x86_cpu_exec_interrupt(CPUState *cs, int interrupt_request)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;

    if (unlikely(cs->singlestep_enabled & SSTEP_NOIRQ)) {
        /* QEMU's default for a debugger's step: no interrupt handler */
        interrupt_request &= ~CPU_INTERRUPT_HARD;
    }
    if (env->hflags & HF_INHIBIT_IRQ_MASK) {
        /* the shadow holds off everything but reset-class events */
        interrupt_request &= CPU_INTERRUPT_SMI | CPU_INTERRUPT_INIT;
        if (!interrupt_request) {
            return false;
        }
    }
    if (interrupt_request & CPU_INTERRUPT_DBTRAP) {
        /* a breakpoint hit by the last instruction (or delivery) */
        x86_debug_trap(env, 0);
    }
    if ((interrupt_request & CPU_INTERRUPT_SMI) &&
        !(env->hflags & HF_SMM_MASK)) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_SMI);
        do_smm_enter(cpu);
        return true;
    }
    if ((interrupt_request & CPU_INTERRUPT_NMI) &&
        !(env->hflags2 & HF2_NMI_MASK)) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_NMI);
        env->hflags2 |= HF2_NMI_MASK;
        do_interrupt_x86_hardirq(env, EXCP02_NMI, 1);
        if (cs->interrupt_request & CPU_INTERRUPT_DBTRAP) {
            x86_debug_trap(env, 0); /* the frame hit a data breakpoint */
        }
        return true;
    }
    if ((interrupt_request & CPU_INTERRUPT_HARD) && (env->eflags & IF_MASK)) {
        int intno = -1;
        cpu_reset_interrupt(cs, CPU_INTERRUPT_HARD);
        if (cpu->get_pic_interrupt) {
            intno = cpu->get_pic_interrupt(cpu->pic_opaque);
        }
        if (intno >= 0) {
            do_interrupt_x86_hardirq(env, intno, 1);
            if (cs->interrupt_request & CPU_INTERRUPT_DBTRAP) {
                x86_debug_trap(env, 0);
            }
            return true;
        }
    }
    return false;
}
