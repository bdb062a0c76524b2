/*
 * Interrupt and exception delivery: the real-mode IVT, and protected-mode
 * interrupt, trap and task gates, with the stack switch from the TSS on a
 * privilege change and the extra frame of an interrupt taken in V86 mode.
 *
 * As in QEMU, everything that can fault (IDT, descriptors, TSS, the pushes)
 * is read or written before any register changes, so a fault during
 * delivery leaves the interrupted state intact for the next, possibly
 * double, fault (excp_helper.c).
 */
#include "target-i386/helper-sys.h"

int exception_has_error_code(int intno)
{
    switch (intno) {
    case EXCP08_DBLE:
    case EXCP0A_TSS:
    case EXCP0B_NOSEG:
    case EXCP0C_STACK:
    case EXCP0D_GPF:
    case EXCP0E_PAGE:
    case EXCP11_ALGN:
        return 1;
    }
    return 0;
}

/* Faults (not traps) push EFLAGS with RF set so the IRET back re-executes
 * the instruction without re-triggering an instruction breakpoint. */
static bool exception_is_fault(int intno)
{
    switch (intno) {
    case EXCP01_DB:
    case EXCP03_INT3:
    case EXCP04_INTO:
    case EXCP08_DBLE:
    case EXCP12_MCHK:
        return false;
    }
    return true;
}

static void do_interrupt_real(CPUX86State *env, int intno, int is_int,
                              uint32_t next_eip)
{
    StackAccess sa;
    uint32_t ptr, offset, selector, old_eip;

    if ((uint32_t)intno * 4 + 3 > env->idt.limit) {
        raise_exception_err(env, EXCP0D_GPF, intno * 8 + 2);
    }
    ptr = env->idt.base + intno * 4;
    offset = cpu_lduw_kernel(env, ptr);
    selector = cpu_lduw_kernel(env, ptr + 2);

    sys_stack_init_current(&sa, env, 0);
    sa.sp_mask = 0xffff; /* real mode always pushes through SP */
    old_eip = is_int ? next_eip : env->eip;
    sys_pushw(&sa, cpu_compute_eflags(env));
    sys_pushw(&sa, env->segs[R_CS].selector);
    sys_pushw(&sa, old_eip);

    sys_set_esp(env, sa.sp, sa.sp_mask);
    env->eip = offset;
    env->segs[R_CS].selector = selector;
    env->segs[R_CS].base = selector << 4;
    env->eflags &= ~(IF_MASK | TF_MASK | AC_MASK | RF_MASK);
}

/* The inner stack for privilege level dpl from the current TSS. */
static void get_ss_esp_from_tss(CPUX86State *env, uint32_t *ss, uint32_t *esp,
                                int dpl, uintptr_t ra)
{
    int type = desc_type(env->tr.flags);
    int shift, index;

    if (!(env->tr.flags & DESC_P_MASK) || (type & 7) != 1) {
        /* LTR only accepts TSS descriptors and reset leaves a busy TSS in
         * TR, so only state loaded from outside gets here. QEMU aborts;
         * a guest must never stop the host, so it gets #TS instead. */
        raise_exception_err_ra(env, EXCP0A_TSS, env->tr.selector & 0xfffc, ra);
    }
    shift = type >> 3;
    index = (dpl * 4 + 2) << shift;
    if ((uint32_t)index + (4u << shift) - 1 > env->tr.limit) {
        raise_exception_err_ra(env, EXCP0A_TSS, env->tr.selector & 0xfffc, ra);
    }
    if (shift == 0) {
        *esp = cpu_lduw_kernel_ra(env, env->tr.base + index, ra);
        *ss = cpu_lduw_kernel_ra(env, env->tr.base + index + 2, ra);
    } else {
        *esp = cpu_ldl_kernel_ra(env, env->tr.base + index, ra);
        *ss = cpu_lduw_kernel_ra(env, env->tr.base + index + 4, ra);
    }
}

void sys_check_inner_ss(CPUX86State *env, uint32_t ss, int dpl, uint32_t *ss_e1,
                        uint32_t *ss_e2, uintptr_t ra)
{
    if ((ss & 0xfffc) == 0) {
        raise_exception_err_ra(env, EXCP0A_TSS, ss & 0xfffc, ra);
    }
    if ((int)(ss & 3) != dpl) {
        raise_exception_err_ra(env, EXCP0A_TSS, ss & 0xfffc, ra);
    }
    if (!sys_load_desc(env, ss_e1, ss_e2, ss, ra)) {
        raise_exception_err_ra(env, EXCP0A_TSS, ss & 0xfffc, ra);
    }
    if (desc_dpl(*ss_e2) != dpl) {
        raise_exception_err_ra(env, EXCP0A_TSS, ss & 0xfffc, ra);
    }
    if (!(*ss_e2 & DESC_S_MASK) || (*ss_e2 & DESC_CS_MASK) ||
        !(*ss_e2 & DESC_W_MASK)) {
        raise_exception_err_ra(env, EXCP0A_TSS, ss & 0xfffc, ra);
    }
    if (!(*ss_e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0A_TSS, ss & 0xfffc, ra);
    }
}

void sys_get_ss_esp_from_tss(CPUX86State *env, uint32_t *ss, uint32_t *esp,
                             int dpl, uintptr_t ra)
{
    get_ss_esp_from_tss(env, ss, esp, dpl, ra);
}

static void do_interrupt_protected(CPUX86State *env, int intno, int is_int,
                                   int error_code, uint32_t next_eip, int is_hw)
{
    uint32_t ptr, e1, e2, offset, old_eip, eflags;
    uint32_t ss = 0, ss_e1 = 0, ss_e2 = 0;
    int type, dpl, selector, cpl, shift;
    bool has_error_code = false, new_stack, set_rf;
    bool vm86 = env->eflags & VM_MASK;
    StackAccess sa;

    if (!is_int && !is_hw) {
        has_error_code = exception_has_error_code(intno);
    }
    if (is_int) {
        old_eip = next_eip;
        set_rf = false;
    } else {
        old_eip = env->eip;
        set_rf = exception_is_fault(intno);
    }

    if ((uint32_t)intno * 8 + 7 > env->idt.limit) {
        raise_exception_err(env, EXCP0D_GPF, intno * 8 + 2);
    }
    ptr = env->idt.base + intno * 8;
    e1 = cpu_ldl_kernel(env, ptr);
    e2 = cpu_ldl_kernel(env, ptr + 4);
    type = (e2 >> DESC_TYPE_SHIFT) & 0x1f; /* includes S: must be 0 */
    switch (type) {
    case 5:  /* task gate */
    case 6:  /* 286 interrupt gate */
    case 7:  /* 286 trap gate */
    case 14: /* 386 interrupt gate */
    case 15: /* 386 trap gate */
        break;
    default:
        raise_exception_err(env, EXCP0D_GPF, intno * 8 + 2);
    }
    dpl = desc_dpl(e2);
    cpl = sys_cpl(env);
    /* INT n, INT3 and INTO may only use gates with DPL >= CPL */
    if (is_int && dpl < cpl) {
        raise_exception_err(env, EXCP0D_GPF, intno * 8 + 2);
    }

    if (type == 5) {
        if (!(e2 & DESC_P_MASK)) {
            raise_exception_err(env, EXCP0B_NOSEG, intno * 8 + 2);
        }
        sys_switch_tss(env, intno * 8, e1, e2, SWITCH_TSS_CALL, old_eip,
                       has_error_code, error_code, 0);
        return;
    }

    if (!(e2 & DESC_P_MASK)) {
        raise_exception_err(env, EXCP0B_NOSEG, intno * 8 + 2);
    }
    selector = e1 >> 16;
    /* a 286 gate's offset is 16 bits: its high word is reserved */
    offset = e1 & 0x0000ffff;
    if (type & 8) {
        offset |= e2 & 0xffff0000;
    }
    if ((selector & 0xfffc) == 0) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    if (!sys_load_desc(env, &e1, &e2, selector, 0)) {
        raise_exception_err(env, EXCP0D_GPF, selector & 0xfffc);
    }
    if (!(e2 & DESC_S_MASK) || !(e2 & DESC_CS_MASK)) {
        raise_exception_err(env, EXCP0D_GPF, selector & 0xfffc);
    }
    dpl = desc_dpl(e2);
    if (dpl > cpl) {
        raise_exception_err(env, EXCP0D_GPF, selector & 0xfffc);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_exception_err(env, EXCP0B_NOSEG, selector & 0xfffc);
    }
    if (e2 & DESC_C_MASK) {
        dpl = cpl; /* conforming: the handler runs at the current level */
    }

    sa.env = env;
    sa.ra = 0;
    if (dpl < cpl) {
        uint32_t esp;

        get_ss_esp_from_tss(env, &ss, &esp, dpl, 0);
        sys_check_inner_ss(env, ss, dpl, &ss_e1, &ss_e2, 0);
        new_stack = true;
        sa.sp = esp;
        sa.sp_mask = get_sp_mask(ss_e2);
        sa.ss_base = get_seg_base(ss_e1, ss_e2);
    } else {
        /* V86 code can only be interrupted to ring 0 */
        if (vm86) {
            raise_exception_err(env, EXCP0D_GPF, selector & 0xfffc);
        }
        new_stack = false;
        sa.sp = env->regs[R_ESP];
        sa.sp_mask = get_sp_mask(env->segs[R_SS].flags);
        sa.ss_base = env->segs[R_SS].base;
    }
    sa.mmu_idx = dpl == 3 ? MMU_USER_IDX : MMU_KSMAP_IDX;

    shift = type >> 3;
    eflags = cpu_compute_eflags(env);
    if (set_rf) {
        eflags |= RF_MASK;
    }

    void (*push)(StackAccess *, uint32_t) = shift ? sys_pushl : sys_pushw;
    if (new_stack) {
        if (vm86) {
            push(&sa, env->segs[R_GS].selector);
            push(&sa, env->segs[R_FS].selector);
            push(&sa, env->segs[R_DS].selector);
            push(&sa, env->segs[R_ES].selector);
        }
        push(&sa, env->segs[R_SS].selector);
        push(&sa, env->regs[R_ESP]);
    }
    push(&sa, eflags);
    push(&sa, env->segs[R_CS].selector);
    push(&sa, old_eip);
    if (has_error_code) {
        push(&sa, error_code);
    }

    /* after the stack checks (the SDM's order), before any state changes */
    if (offset > get_seg_limit(e1, e2)) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }

    /* an interrupt gate also masks INTR; a trap gate does not */
    if ((type & 1) == 0) {
        env->eflags &= ~IF_MASK;
    }
    env->eflags &= ~(TF_MASK | VM_MASK | RF_MASK | NT_MASK);

    if (new_stack) {
        if (vm86) {
            cpu_x86_load_seg_cache(env, R_ES, 0, 0, 0, 0);
            cpu_x86_load_seg_cache(env, R_DS, 0, 0, 0, 0);
            cpu_x86_load_seg_cache(env, R_FS, 0, 0, 0, 0);
            cpu_x86_load_seg_cache(env, R_GS, 0, 0, 0, 0);
        }
        ss = (ss & ~3) | dpl;
        cpu_x86_load_seg_cache(env, R_SS, ss, sa.ss_base,
                               get_seg_limit(ss_e1, ss_e2), ss_e2);
    }
    sys_set_esp(env, sa.sp, sa.sp_mask);

    selector = (selector & ~3) | dpl;
    cpu_x86_load_seg_cache(env, R_CS, selector, get_seg_base(e1, e2),
                           get_seg_limit(e1, e2), e2);
    env->eip = offset;
}

void do_interrupt_all(X86CPU *cpu, int intno, int is_int, int error_code,
                      uint32_t next_eip, int is_hw)
{
    CPUX86State *env = &cpu->env;

    if (unlikely(qemu_loglevel_mask(CPU_LOG_INT))) {
        x86_log_interrupt(env, intno, is_int, error_code, is_hw);
    }
    if (env->cr[0] & CR0_PE_MASK) {
        do_interrupt_protected(env, intno, is_int, error_code, next_eip, is_hw);
    } else {
        do_interrupt_real(env, intno, is_int, next_eip);
    }
    /* VM, CPL and the stack size may have changed */
    x86_update_hflags(env);
}

void do_interrupt_x86_hardirq(CPUX86State *env, int intno, int is_hw)
{
    do_interrupt_all(env_archcpu(env), intno, 0, 0, 0, is_hw);
}

void x86_cpu_do_interrupt(CPUState *cs)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;

    do_interrupt_all(cpu, cs->exception_index, env->exception_is_int,
                     env->error_code, env->exception_next_eip, 0);
    /* delivered: the next fault is not a double fault */
    env->old_exception = -1;
}
