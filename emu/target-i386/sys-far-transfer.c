/*
 * Far control transfers: JMP/CALL far (code segments, call gates with
 * parameter copy, TSS and task gates), RET far and IRET in real, V86 and
 * protected mode, including the return to an outer level (stack switch,
 * data segments invalidated) and the return to V86 mode. Checks and error
 * codes follow QEMU's seg_helper.c in order.
 */
#include "target-i386/helper-sys.h"

static inline void gpf(CPUX86State *env, int selector)
{
    raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, 0);
}

static inline void notpresent(CPUX86State *env, int selector)
{
    raise_exception_err_ra(env, EXCP0B_NOSEG, selector & 0xfffc, 0);
}

static inline int mmu_index_pl(int pl)
{
    return pl == 3 ? MMU_USER_IDX : MMU_KSMAP_IDX;
}

/* Direct JMP/CALL to a code segment: conforming needs DPL <= CPL,
 * non-conforming RPL <= CPL and DPL == CPL; then present. */
static void check_direct_code(CPUX86State *env, int new_cs, uint32_t e2,
                              int cpl)
{
    int dpl = desc_dpl(e2);

    if (!(e2 & DESC_CS_MASK)) {
        gpf(env, new_cs);
    }
    if (e2 & DESC_C_MASK) {
        if (dpl > cpl) {
            gpf(env, new_cs);
        }
    } else {
        if ((new_cs & 3) > cpl || dpl != cpl) {
            gpf(env, new_cs);
        }
    }
    if (!(e2 & DESC_P_MASK)) {
        notpresent(env, new_cs);
    }
}

void helper_ljmp_protected(CPUX86State *env, int new_cs, uint32_t new_eip,
                           uint32_t next_eip)
{
    uint32_t e1, e2, limit;
    int cpl = sys_cpl(env), dpl, rpl, type, gate_cs;

    if ((new_cs & 0xfffc) == 0) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, 0);
    }
    if (!sys_load_desc(env, &e1, &e2, new_cs, 0)) {
        gpf(env, new_cs);
    }
    if (e2 & DESC_S_MASK) {
        check_direct_code(env, new_cs, e2, cpl);
        limit = get_seg_limit(e1, e2);
        if (new_eip > limit) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, 0);
        }
        cpu_x86_load_seg_cache(env, R_CS, (new_cs & 0xfffc) | cpl,
                               get_seg_base(e1, e2), limit, e2);
        env->eip = new_eip;
        return;
    }

    dpl = desc_dpl(e2);
    rpl = new_cs & 3;
    type = desc_type(e2);
    switch (type) {
    case 1: /* available 286 TSS */
    case 9: /* available 386 TSS */
    case 5: /* task gate */
        if (dpl < cpl || dpl < rpl) {
            gpf(env, new_cs);
        }
        sys_switch_tss(env, new_cs, e1, e2, SWITCH_TSS_JMP, next_eip, false, 0,
                       0);
        break;
    case 4:  /* 286 call gate */
    case 12: /* 386 call gate */
        if (dpl < cpl || dpl < rpl) {
            gpf(env, new_cs);
        }
        if (!(e2 & DESC_P_MASK)) {
            notpresent(env, new_cs);
        }
        gate_cs = e1 >> 16;
        new_eip = e1 & 0xffff;
        if (type == 12) {
            new_eip |= e2 & 0xffff0000;
        }
        if (!sys_load_desc(env, &e1, &e2, gate_cs, 0)) {
            gpf(env, gate_cs);
        }
        dpl = desc_dpl(e2);
        /* a JMP through a gate never changes privilege */
        if ((e2 & (DESC_S_MASK | DESC_CS_MASK)) !=
            (DESC_S_MASK | DESC_CS_MASK)) {
            gpf(env, gate_cs);
        }
        if (((e2 & DESC_C_MASK) && dpl > cpl) ||
            (!(e2 & DESC_C_MASK) && dpl != cpl)) {
            gpf(env, gate_cs);
        }
        if (!(e2 & DESC_P_MASK)) {
            gpf(env, gate_cs); /* QEMU: #GP, not #NP, here */
        }
        limit = get_seg_limit(e1, e2);
        if (new_eip > limit) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, 0);
        }
        cpu_x86_load_seg_cache(env, R_CS, (gate_cs & 0xfffc) | cpl,
                               get_seg_base(e1, e2), limit, e2);
        env->eip = new_eip;
        break;
    default:
        gpf(env, new_cs);
    }
}

void helper_lcall_real(CPUX86State *env, uint32_t new_cs, uint32_t new_eip,
                       int shift, uint32_t next_eip)
{
    StackAccess sa;

    sys_stack_init_current(&sa, env, 0);
    if (shift) {
        sys_pushl(&sa, env->segs[R_CS].selector);
        sys_pushl(&sa, next_eip);
    } else {
        sys_pushw(&sa, env->segs[R_CS].selector);
        sys_pushw(&sa, next_eip);
    }
    sys_set_esp(env, sa.sp, sa.sp_mask);
    env->eip = new_eip;
    env->segs[R_CS].selector = new_cs;
    env->segs[R_CS].base = new_cs << 4;
}

/* CALL through a call gate, possibly to an inner level. */
static void lcall_gate(CPUX86State *env, int new_cs, uint32_t e1, uint32_t e2,
                       int type, uint32_t next_eip)
{
    int cpl = sys_cpl(env), dpl = desc_dpl(e2), rpl = new_cs & 3;
    int shift = type >> 3, selector, i;
    uint32_t param_count, offset, ss = 0, ss_e1 = 0, ss_e2 = 0;
    bool new_stack;
    StackAccess sa;

    if (dpl < cpl || dpl < rpl) {
        gpf(env, new_cs);
    }
    if (!(e2 & DESC_P_MASK)) {
        notpresent(env, new_cs);
    }
    selector = e1 >> 16;
    param_count = e2 & 0x1f;
    /* a 286 gate's offset is 16 bits: its high word is reserved */
    offset = e1 & 0x0000ffff;
    if (shift) {
        offset |= e2 & 0xffff0000;
    }
    if ((selector & 0xfffc) == 0) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, 0);
    }
    if (!sys_load_desc(env, &e1, &e2, selector, 0)) {
        gpf(env, selector);
    }
    if (!(e2 & DESC_S_MASK) || !(e2 & DESC_CS_MASK)) {
        gpf(env, selector);
    }
    dpl = desc_dpl(e2);
    if (dpl > cpl) {
        gpf(env, selector);
    }
    if (!(e2 & DESC_P_MASK)) {
        notpresent(env, selector);
    }
    if (e2 & DESC_C_MASK) {
        /* Deviation D21: conforming code runs at the caller's level
         * (QEMU would load CS.RPL = DPL here and so raise CPL: the SDM
         * keeps CPL) */
        dpl = cpl;
    }

    sa.env = env;
    sa.ra = 0;
    if (dpl < cpl) {
        uint32_t sp32, old_sp_mask = get_sp_mask(env->segs[R_SS].flags);
        uint32_t old_ssp = env->segs[R_SS].base, old_esp = env->regs[R_ESP];
        int old_idx = mmu_index_pl(cpl);

        sys_get_ss_esp_from_tss(env, &ss, &sp32, dpl, 0);
        sys_check_inner_ss(env, ss, dpl, &ss_e1, &ss_e2, 0);
        sa.sp = sp32;
        sa.sp_mask = get_sp_mask(ss_e2);
        sa.ss_base = get_seg_base(ss_e1, ss_e2);
        sa.mmu_idx = mmu_index_pl(dpl);

        /* old SS:ESP, then the parameters copied from the old stack */
        if (shift) {
            sys_pushl(&sa, env->segs[R_SS].selector);
            sys_pushl(&sa, old_esp);
            for (i = param_count - 1; i >= 0; i--) {
                uint32_t val = cpu_ldl_mmuidx_ra(
                    env, old_ssp + ((old_esp + i * 4) & old_sp_mask), old_idx,
                    0);
                sys_pushl(&sa, val);
            }
        } else {
            sys_pushw(&sa, env->segs[R_SS].selector);
            sys_pushw(&sa, old_esp);
            for (i = param_count - 1; i >= 0; i--) {
                uint32_t val = cpu_lduw_mmuidx_ra(
                    env, old_ssp + ((old_esp + i * 2) & old_sp_mask), old_idx,
                    0);
                sys_pushw(&sa, val);
            }
        }
        new_stack = true;
    } else {
        sys_stack_init_current(&sa, env, 0);
        new_stack = false;
    }

    if (shift) {
        sys_pushl(&sa, env->segs[R_CS].selector);
        sys_pushl(&sa, next_eip);
    } else {
        sys_pushw(&sa, env->segs[R_CS].selector);
        sys_pushw(&sa, next_eip);
    }

    /* after the stack checks (the SDM's order), before any state changes */
    if (offset > get_seg_limit(e1, e2)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, 0);
    }

    /* nothing above changed the CPU; from here it is committed */
    if (new_stack) {
        ss = (ss & ~3) | dpl;
        cpu_x86_load_seg_cache(env, R_SS, ss, sa.ss_base,
                               get_seg_limit(ss_e1, ss_e2), ss_e2);
    }
    selector = (selector & ~3) | dpl;
    cpu_x86_load_seg_cache(env, R_CS, selector, get_seg_base(e1, e2),
                           get_seg_limit(e1, e2), e2);
    sys_set_esp(env, sa.sp, sa.sp_mask);
    env->eip = offset;
}

void helper_lcall_protected(CPUX86State *env, int new_cs, uint32_t new_eip,
                            int shift, uint32_t next_eip)
{
    uint32_t e1, e2, limit;
    int cpl = sys_cpl(env), dpl, rpl, type;
    StackAccess sa;

    if ((new_cs & 0xfffc) == 0) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, 0);
    }
    if (!sys_load_desc(env, &e1, &e2, new_cs, 0)) {
        gpf(env, new_cs);
    }
    if (e2 & DESC_S_MASK) {
        check_direct_code(env, new_cs, e2, cpl);
        sys_stack_init_current(&sa, env, 0);
        if (shift) {
            sys_pushl(&sa, env->segs[R_CS].selector);
            sys_pushl(&sa, next_eip);
        } else {
            sys_pushw(&sa, env->segs[R_CS].selector);
            sys_pushw(&sa, next_eip);
        }
        limit = get_seg_limit(e1, e2);
        if (new_eip > limit) {
            gpf(env, new_cs);
        }
        sys_set_esp(env, sa.sp, sa.sp_mask);
        cpu_x86_load_seg_cache(env, R_CS, (new_cs & 0xfffc) | cpl,
                               get_seg_base(e1, e2), limit, e2);
        env->eip = new_eip;
        return;
    }

    type = (e2 >> DESC_TYPE_SHIFT) & 0x1f;
    dpl = desc_dpl(e2);
    rpl = new_cs & 3;
    switch (type) {
    case 1: /* available 286 TSS */
    case 9: /* available 386 TSS */
    case 5: /* task gate */
        if (dpl < cpl || dpl < rpl) {
            gpf(env, new_cs);
        }
        sys_switch_tss(env, new_cs, e1, e2, SWITCH_TSS_CALL, next_eip, false, 0,
                       0);
        return;
    case 4:  /* 286 call gate */
    case 12: /* 386 call gate */
        lcall_gate(env, new_cs, e1, e2, type, next_eip);
        return;
    default:
        gpf(env, new_cs);
    }
}

/* On a return to an outer level, a data (or non-conforming code) segment
 * register the new level may not use becomes null (its cache is kept but
 * marked not present). */
static void validate_seg(CPUX86State *env, int seg_reg, int cpl)
{
    uint32_t e2 = env->segs[seg_reg].flags;

    if ((seg_reg == R_FS || seg_reg == R_GS) &&
        (env->segs[seg_reg].selector & 0xfffc) == 0) {
        return;
    }
    if (!(e2 & DESC_CS_MASK) || !(e2 & DESC_C_MASK)) {
        if (desc_dpl(e2) < cpl) {
            cpu_x86_load_seg_cache(env, seg_reg, 0, env->segs[seg_reg].base,
                                   env->segs[seg_reg].limit, e2 & ~DESC_P_MASK);
        }
    }
}

/* IRET with VM set in the popped EFLAGS (from CPL 0): the rest of the V86
 * frame follows. */
static void iret_to_vm86(CPUX86State *env, StackAccess *sa, uint32_t new_cs,
                         uint32_t new_eip, uint32_t new_eflags)
{
    uint32_t new_esp = sys_popl(sa);
    uint32_t new_ss = sys_popl(sa);
    uint32_t new_es = sys_popl(sa);
    uint32_t new_ds = sys_popl(sa);
    uint32_t new_fs = sys_popl(sa);
    uint32_t new_gs = sys_popl(sa);

    cpu_load_eflags(env, new_eflags,
                    TF_MASK | AC_MASK | ID_MASK | IF_MASK | IOPL_MASK |
                        VM_MASK | NT_MASK | VIF_MASK | VIP_MASK);
    sys_load_seg_vm(env, R_CS, new_cs & 0xffff);
    sys_load_seg_vm(env, R_SS, new_ss & 0xffff);
    sys_load_seg_vm(env, R_ES, new_es & 0xffff);
    sys_load_seg_vm(env, R_DS, new_ds & 0xffff);
    sys_load_seg_vm(env, R_FS, new_fs & 0xffff);
    sys_load_seg_vm(env, R_GS, new_gs & 0xffff);
    env->eip = new_eip & 0xffff;
    env->regs[R_ESP] = new_esp;
}

static void ret_protected(CPUX86State *env, int shift, bool is_iret, int addend)
{
    uint32_t new_cs, new_eip, new_eflags = 0, new_esp, new_ss;
    uint32_t e1, e2, ss_e1, ss_e2;
    int cpl = sys_cpl(env), dpl, rpl, eflags_mask, iopl;
    StackAccess sa;

    sys_stack_init_current(&sa, env, 0);
    if (shift) {
        new_eip = sys_popl(&sa);
        new_cs = sys_popl(&sa) & 0xffff;
        if (is_iret) {
            new_eflags = sys_popl(&sa);
            /* only CPL 0 may return to V86; elsewhere VM is ignored */
            /* Deviation D20: only CPL 0 returns to V86 mode. */
            if ((new_eflags & VM_MASK) && cpl == 0) {
                iret_to_vm86(env, &sa, new_cs, new_eip, new_eflags);
                x86_update_hflags(env);
                return;
            }
        }
    } else {
        new_eip = sys_popw(&sa);
        new_cs = sys_popw(&sa);
        if (is_iret) {
            new_eflags = sys_popw(&sa);
        }
    }

    if ((new_cs & 0xfffc) == 0) {
        gpf(env, new_cs);
    }
    if (!sys_load_desc(env, &e1, &e2, new_cs, 0)) {
        gpf(env, new_cs);
    }
    if (!(e2 & DESC_S_MASK) || !(e2 & DESC_CS_MASK)) {
        gpf(env, new_cs);
    }
    rpl = new_cs & 3;
    if (rpl < cpl) {
        gpf(env, new_cs);
    }
    dpl = desc_dpl(e2);
    if (e2 & DESC_C_MASK) {
        if (dpl > rpl) {
            gpf(env, new_cs);
        }
    } else if (dpl != rpl) {
        gpf(env, new_cs);
    }
    if (!(e2 & DESC_P_MASK)) {
        notpresent(env, new_cs);
    }

    sa.sp += addend;
    if (rpl == cpl) {
        cpu_x86_load_seg_cache(env, R_CS, new_cs, get_seg_base(e1, e2),
                               get_seg_limit(e1, e2), e2);
    } else {
        /* return to an outer level: SS:ESP of that level follow */
        if (shift) {
            new_esp = sys_popl(&sa);
            new_ss = sys_popl(&sa) & 0xffff;
        } else {
            new_esp = sys_popw(&sa);
            new_ss = sys_popw(&sa);
        }
        if ((new_ss & 0xfffc) == 0) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, 0);
        }
        if ((int)(new_ss & 3) != rpl) {
            gpf(env, new_ss);
        }
        if (!sys_load_desc(env, &ss_e1, &ss_e2, new_ss, 0)) {
            gpf(env, new_ss);
        }
        if (!(ss_e2 & DESC_S_MASK) || (ss_e2 & DESC_CS_MASK) ||
            !(ss_e2 & DESC_W_MASK)) {
            gpf(env, new_ss);
        }
        if (desc_dpl(ss_e2) != rpl) {
            gpf(env, new_ss);
        }
        if (!(ss_e2 & DESC_P_MASK)) {
            notpresent(env, new_ss);
        }
        cpu_x86_load_seg_cache(env, R_SS, new_ss, get_seg_base(ss_e1, ss_e2),
                               get_seg_limit(ss_e1, ss_e2), ss_e2);
        cpu_x86_load_seg_cache(env, R_CS, new_cs, get_seg_base(e1, e2),
                               get_seg_limit(e1, e2), e2);
        sa.sp = new_esp;
        sa.sp_mask = get_sp_mask(ss_e2);

        validate_seg(env, R_ES, rpl);
        validate_seg(env, R_DS, rpl);
        validate_seg(env, R_FS, rpl);
        validate_seg(env, R_GS, rpl);

        /* RET n releases parameters on the outer stack too */
        sa.sp += addend;
    }
    sys_set_esp(env, sa.sp, sa.sp_mask);
    env->eip = new_eip;
    if (is_iret) {
        /* cpl is the old CPL: it decides which flags IRET may change */
        eflags_mask = TF_MASK | AC_MASK | ID_MASK | RF_MASK | NT_MASK;
        if (cpl == 0) {
            eflags_mask |= IOPL_MASK;
        }
        iopl = (env->eflags >> IOPL_SHIFT) & 3;
        if (cpl <= iopl) {
            eflags_mask |= IF_MASK;
        }
        if (shift == 0) {
            eflags_mask &= 0xffff;
        }
        cpu_load_eflags(env, new_eflags, eflags_mask);
    }
    x86_update_hflags(env);
}

void helper_lret_protected(CPUX86State *env, int shift, int addend)
{
    ret_protected(env, shift, false, addend);
}

void helper_iret_protected(CPUX86State *env, int shift, int next_eip)
{
    uint32_t e1, e2;
    int tss_selector, type;

    if (env->eflags & NT_MASK) {
        /* return from a nested task: back link of the current TSS */
        tss_selector = cpu_lduw_kernel_ra(env, env->tr.base, 0);
        if (tss_selector & 4) {
            raise_exception_err_ra(env, EXCP0A_TSS, tss_selector & 0xfffc, 0);
        }
        if (!sys_load_desc(env, &e1, &e2, tss_selector, 0)) {
            raise_exception_err_ra(env, EXCP0A_TSS, tss_selector & 0xfffc, 0);
        }
        /* S clear and a busy TSS (286 or 386) */
        type = (e2 >> DESC_TYPE_SHIFT) & 0x17;
        if (type != 3) {
            raise_exception_err_ra(env, EXCP0A_TSS, tss_selector & 0xfffc, 0);
        }
        sys_switch_tss(env, tss_selector, e1, e2, SWITCH_TSS_IRET, next_eip,
                       false, 0, 0);
    } else {
        ret_protected(env, shift, true, 0);
    }
    env->hflags2 &= ~HF2_NMI_MASK;
}

/* IRET in real mode and in V86 mode with IOPL 3 (the translator raises
 * #GP(0) for V86 with IOPL < 3). */
void helper_iret_real(CPUX86State *env, int shift)
{
    uint32_t new_cs, new_eip, new_eflags;
    int eflags_mask;
    StackAccess sa;

    sys_stack_init_current(&sa, env, 0); /* SP or ESP as SS.B says */
    if (shift == 1) {
        new_eip = sys_popl(&sa);
        new_cs = sys_popl(&sa) & 0xffff;
        new_eflags = sys_popl(&sa);
    } else {
        new_eip = sys_popw(&sa);
        new_cs = sys_popw(&sa);
        new_eflags = sys_popw(&sa);
    }
    sys_set_esp(env, sa.sp, sa.sp_mask);
    env->segs[R_CS].selector = new_cs;
    env->segs[R_CS].base = new_cs << 4;
    env->eip = new_eip;
    /* V86 code cannot change IOPL (nor VM: it is not in any mask) */
    if (env->eflags & VM_MASK) {
        eflags_mask = TF_MASK | AC_MASK | ID_MASK | IF_MASK | RF_MASK | NT_MASK;
    } else {
        eflags_mask = TF_MASK | AC_MASK | ID_MASK | IF_MASK | IOPL_MASK |
                      RF_MASK | NT_MASK;
    }
    if (shift == 0) {
        eflags_mask &= 0xffff;
    }
    cpu_load_eflags(env, new_eflags, eflags_mask);
    env->hflags2 &= ~HF2_NMI_MASK;
}
