/*
 * Hardware task switch (JMP/CALL to a TSS or task gate, IRET with NT set,
 * interrupts through a task gate), for 286 (44-byte) and 386 (104-byte)
 * TSS formats. Follows QEMU's switch_tss_ra: the new TSS is read first and
 * the old one probed, so faults up to the save cannot leave a half
 * switched CPU; faults while loading the new task's segments happen in
 * the new task's context, as on hardware.
 */
#include "target-i386/helper-sys.h"

#define DR7_LOCAL_BP_MASK 0x55
#define DR6_BT            (1u << 15)

static inline void tss_fault(CPUX86State *env, int excp, int selector,
                             uintptr_t ra)
{
    raise_exception_err_ra(env, excp, selector & 0xfffc, ra);
}

/* Loads a segment register of the incoming task: #TS for bad selectors,
 * #NP if not present. cpl is the new task's CPL (its CS RPL). */
static void tss_load_seg(CPUX86State *env, int seg_reg, int selector, int cpl,
                         uintptr_t ra)
{
    uint32_t e1, e2;
    int rpl, dpl;

    if ((selector & 0xfffc) == 0) {
        if (seg_reg == R_SS || seg_reg == R_CS) {
            tss_fault(env, EXCP0A_TSS, selector, ra);
        }
        return; /* data segment registers may be null */
    }
    if (!sys_load_desc(env, &e1, &e2, selector, ra)) {
        tss_fault(env, EXCP0A_TSS, selector, ra);
    }
    if (!(e2 & DESC_S_MASK)) {
        tss_fault(env, EXCP0A_TSS, selector, ra);
    }
    rpl = selector & 3;
    dpl = desc_dpl(e2);
    if (seg_reg == R_CS) {
        if (!(e2 & DESC_CS_MASK)) {
            tss_fault(env, EXCP0A_TSS, selector, ra);
        }
        /* conforming code may be more privileged than the RPL */
        if ((e2 & DESC_C_MASK) ? dpl > rpl : dpl != rpl) {
            tss_fault(env, EXCP0A_TSS, selector, ra);
        }
    } else if (seg_reg == R_SS) {
        if ((e2 & DESC_CS_MASK) || !(e2 & DESC_W_MASK)) {
            tss_fault(env, EXCP0A_TSS, selector, ra);
        }
        if (dpl != cpl || dpl != rpl) {
            tss_fault(env, EXCP0A_TSS, selector, ra);
        }
    } else {
        if ((e2 & DESC_CS_MASK) && !(e2 & DESC_R_MASK)) {
            tss_fault(env, EXCP0A_TSS, selector, ra);
        }
        /* data and non-conforming code: privilege check */
        if (desc_type(e2) < 12 && (dpl < cpl || dpl < rpl)) {
            tss_fault(env, EXCP0A_TSS, selector, ra);
        }
    }
    if (!(e2 & DESC_P_MASK)) {
        tss_fault(env, EXCP0B_NOSEG, selector, ra);
    }
    cpu_x86_load_seg_cache(env, seg_reg, selector, get_seg_base(e1, e2),
                           get_seg_limit(e1, e2), e2);
}

static void tss_set_busy(CPUX86State *env, int tss_selector, bool busy,
                         uintptr_t ra)
{
    uint32_t ptr = env->gdt.base + (tss_selector & ~7);
    uint32_t e2 = cpu_ldl_kernel_ra(env, ptr + 4, ra);

    if (busy) {
        e2 |= DESC_TSS_BUSY_MASK;
    } else {
        e2 &= ~DESC_TSS_BUSY_MASK;
    }
    cpu_stl_kernel_ra(env, ptr + 4, e2, ra);
}

/* The outgoing task's registers into its TSS (EIP = next_eip). */
static void save_old_task(CPUX86State *env, bool tss32, uint32_t next_eip,
                          uint32_t eflags, uintptr_t ra)
{
    uint32_t base = env->tr.base;
    int i;

    if (tss32) {
        cpu_stl_kernel_ra(env, base + 0x20, next_eip, ra);
        cpu_stl_kernel_ra(env, base + 0x24, eflags, ra);
        for (i = 0; i < 8; i++) {
            cpu_stl_kernel_ra(env, base + 0x28 + i * 4, env->regs[i], ra);
        }
        for (i = 0; i < 6; i++) {
            cpu_stw_kernel_ra(env, base + 0x48 + i * 4, env->segs[i].selector,
                              ra);
        }
    } else {
        cpu_stw_kernel_ra(env, base + 0x0e, next_eip, ra);
        cpu_stw_kernel_ra(env, base + 0x10, eflags, ra);
        for (i = 0; i < 8; i++) {
            cpu_stw_kernel_ra(env, base + 0x12 + i * 2, env->regs[i], ra);
        }
        for (i = 0; i < 4; i++) {
            cpu_stw_kernel_ra(env, base + 0x22 + i * 2, env->segs[i].selector,
                              ra);
        }
    }
}

/* LDTR of the incoming task: #TS unless null or a present LDT in the GDT. */
static void load_task_ldt(CPUX86State *env, uint32_t new_ldt, uintptr_t ra)
{
    uint32_t e1, e2, ptr;

    env->ldt.selector = new_ldt & ~4;
    env->ldt.base = 0;
    env->ldt.limit = 0;
    env->ldt.flags = 0;
    if (new_ldt & 4) {
        tss_fault(env, EXCP0A_TSS, new_ldt, ra);
    }
    if ((new_ldt & 0xfffc) == 0) {
        return;
    }
    if ((new_ldt & ~7) + 7 > env->gdt.limit) {
        tss_fault(env, EXCP0A_TSS, new_ldt, ra);
    }
    ptr = env->gdt.base + (new_ldt & ~7);
    e1 = cpu_ldl_kernel_ra(env, ptr, ra);
    e2 = cpu_ldl_kernel_ra(env, ptr + 4, ra);
    if ((e2 & DESC_S_MASK) || desc_type(e2) != 2) {
        tss_fault(env, EXCP0A_TSS, new_ldt, ra);
    }
    if (!(e2 & DESC_P_MASK)) {
        tss_fault(env, EXCP0A_TSS, new_ldt, ra);
    }
    load_seg_cache_raw_dt(&env->ldt, e1, e2);
}

void sys_switch_tss(CPUX86State *env, int tss_selector, uint32_t e1,
                    uint32_t e2, int source, uint32_t next_eip,
                    bool has_error_code, uint32_t error_code, uintptr_t ra)
{
    int type = desc_type(e2), old_type, i;
    uint32_t tss_limit, tss_limit_max, old_tss_limit_max, tss_base;
    uint32_t new_regs[8], new_segs[6];
    uint32_t new_eflags, new_eip, new_cr3, new_ldt, old_eflags, eflags_mask;
    bool tss32, new_trap = false;

    if (type == 5) {
        /* task gate: the TSS selector is in the gate */
        if (!(e2 & DESC_P_MASK)) {
            tss_fault(env, EXCP0B_NOSEG, tss_selector, ra);
        }
        tss_selector = e1 >> 16;
        if (tss_selector & 4) {
            tss_fault(env, EXCP0A_TSS, tss_selector, ra);
        }
        if (!sys_load_desc(env, &e1, &e2, tss_selector, ra)) {
            tss_fault(env, EXCP0D_GPF, tss_selector, ra);
        }
        if (e2 & DESC_S_MASK) {
            tss_fault(env, EXCP0D_GPF, tss_selector, ra);
        }
        type = desc_type(e2);
        if ((type & 7) != 1) {
            tss_fault(env, EXCP0D_GPF, tss_selector, ra);
        }
    }
    if (!(e2 & DESC_P_MASK)) {
        tss_fault(env, EXCP0B_NOSEG, tss_selector, ra);
    }

    tss32 = type & 8;
    tss_limit_max = tss32 ? 103 : 43;
    tss_limit = get_seg_limit(e1, e2);
    tss_base = get_seg_base(e1, e2);
    if ((tss_selector & 4) || tss_limit < tss_limit_max) {
        tss_fault(env, EXCP0A_TSS, tss_selector, ra);
    }
    old_type = desc_type(env->tr.flags);
    old_tss_limit_max = (old_type & 8) ? 103 : 43;

    /* the new TSS must be busy exactly when IRET returns to it */
    if (!!(e2 & DESC_TSS_BUSY_MASK) != (source == SWITCH_TSS_IRET)) {
        tss_fault(env, EXCP0A_TSS, tss_selector, ra);
    }

    /* fault now, not halfway: the old TSS is written, the new one read
     * (and its back link written by CALL) */
    probe_access(env, env->tr.base, old_tss_limit_max + 1, MMU_DATA_STORE,
                 MMU_KSMAP_IDX, ra);
    if (source == SWITCH_TSS_CALL) {
        probe_access(env, tss_base, 2, MMU_DATA_STORE, MMU_KSMAP_IDX, ra);
    }
    probe_access(env, tss_base, tss_limit_max + 1, MMU_DATA_LOAD, MMU_KSMAP_IDX,
                 ra);

    /* read the whole incoming state before touching anything */
    if (tss32) {
        new_cr3 = cpu_ldl_kernel_ra(env, tss_base + 0x1c, ra);
        new_eip = cpu_ldl_kernel_ra(env, tss_base + 0x20, ra);
        new_eflags = cpu_ldl_kernel_ra(env, tss_base + 0x24, ra);
        for (i = 0; i < 8; i++) {
            new_regs[i] = cpu_ldl_kernel_ra(env, tss_base + 0x28 + i * 4, ra);
        }
        for (i = 0; i < 6; i++) {
            new_segs[i] = cpu_lduw_kernel_ra(env, tss_base + 0x48 + i * 4, ra);
        }
        new_ldt = cpu_lduw_kernel_ra(env, tss_base + 0x60, ra);
        new_trap = cpu_lduw_kernel_ra(env, tss_base + 0x64, ra) & 1;
    } else {
        new_cr3 = 0;
        new_eip = cpu_lduw_kernel_ra(env, tss_base + 0x0e, ra);
        new_eflags = cpu_lduw_kernel_ra(env, tss_base + 0x10, ra);
        for (i = 0; i < 8; i++) {
            new_regs[i] = cpu_lduw_kernel_ra(env, tss_base + 0x12 + i * 2, ra);
        }
        for (i = 0; i < 4; i++) {
            new_segs[i] = cpu_lduw_kernel_ra(env, tss_base + 0x22 + i * 2, ra);
        }
        new_ldt = cpu_lduw_kernel_ra(env, tss_base + 0x2a, ra);
        new_segs[R_FS] = 0;
        new_segs[R_GS] = 0;
    }

    /* JMP and IRET leave the old task; CALL nests it (stays busy) */
    if (source == SWITCH_TSS_JMP || source == SWITCH_TSS_IRET) {
        tss_set_busy(env, env->tr.selector, false, ra);
    }
    old_eflags = cpu_compute_eflags(env);
    if (source == SWITCH_TSS_IRET) {
        old_eflags &= ~NT_MASK;
    }
    save_old_task(env, old_type & 8, next_eip, old_eflags, ra);

    /* from here on, faults belong to the new task */
    if (source == SWITCH_TSS_CALL) {
        cpu_stw_kernel_ra(env, tss_base, env->tr.selector, ra);
        new_eflags |= NT_MASK;
    }
    if (source == SWITCH_TSS_JMP || source == SWITCH_TSS_CALL) {
        tss_set_busy(env, tss_selector, true, ra);
    }

    env->cr[0] |= CR0_TS_MASK;
    env->hflags |= HF_TS_MASK;
    env->tr.selector = tss_selector;
    env->tr.base = tss_base;
    env->tr.limit = tss_limit;
    env->tr.flags = e2 & ~DESC_TSS_BUSY_MASK;

    if (tss32 && (env->cr[0] & CR0_PG_MASK)) {
        cpu_x86_update_cr3(env, new_cr3);
    }

    env->eip = new_eip;
    eflags_mask = TF_MASK | AC_MASK | ID_MASK | IF_MASK | IOPL_MASK | VM_MASK |
                  RF_MASK | NT_MASK;
    if (tss32) {
        cpu_load_eflags(env, new_eflags, eflags_mask);
        for (i = 0; i < 8; i++) {
            env->regs[i] = new_regs[i];
        }
    } else {
        /* a 286 TSS holds 16-bit values: the 386 sets the upper halves of
         * EAX..EDI to 0xFFFF (as Bochs does) and clears EFLAGS 31..16 */
        cpu_load_eflags(env, new_eflags, eflags_mask);
        for (i = 0; i < 8; i++) {
            env->regs[i] = 0xffff0000u | new_regs[i];
        }
    }
    if (new_eflags & VM_MASK) {
        for (i = 0; i < 6; i++) {
            sys_load_seg_vm(env, i, new_segs[i]);
        }
    } else {
        /* selectors first: a fault below must see the new task's values */
        for (i = 0; i < 6; i++) {
            cpu_x86_load_seg_cache(env, i, new_segs[i], 0, 0, 0);
        }
    }

    load_task_ldt(env, new_ldt, ra);

    if (!(new_eflags & VM_MASK)) {
        int cpl = new_segs[R_CS] & 3;

        tss_load_seg(env, R_CS, new_segs[R_CS], cpl, ra);
        tss_load_seg(env, R_SS, new_segs[R_SS], cpl, ra);
        tss_load_seg(env, R_ES, new_segs[R_ES], cpl, ra);
        tss_load_seg(env, R_DS, new_segs[R_DS], cpl, ra);
        tss_load_seg(env, R_FS, new_segs[R_FS], cpl, ra);
        tss_load_seg(env, R_GS, new_segs[R_GS], cpl, ra);
    }
    x86_update_hflags(env);

    if (new_eip > env->segs[R_CS].limit) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    if (env->dr[7] & DR7_LOCAL_BP_MASK) {
        cpu_x86_update_dr7(env, env->dr[7] & ~DR7_LOCAL_BP_MASK);
    }

    if (has_error_code) {
        /* an exception through a task gate: its error code goes on the
         * new task's stack, in the new TSS's width */
        StackAccess sa;

        sys_stack_init_current(&sa, env, ra);
        if (tss32) {
            sys_pushl(&sa, error_code);
        } else {
            sys_pushw(&sa, error_code);
        }
        sys_set_esp(env, sa.sp, sa.sp_mask);
    }
    if (new_trap) {
        /* the T bit of the new 386 TSS: a debug trap before its first
         * instruction */
        env->dr[6] |= DR6_BT;
        raise_exception_ra(env, EXCP01_DB, ra);
    }
}
