/*
 * Segmentation: descriptor fetch, segment register loads with their
 * protection checks, LDTR/TR loads, LAR/LSL/VERR/VERW and the TSS I/O
 * permission bitmap. Far transfers live in sys-far-transfer.c, interrupt
 * delivery in sys-int-helper.c, the task switch in sys-task-switch.c.
 *
 * Semantics follow QEMU's target/i386/tcg/seg_helper.c (checked against the
 * Intel SDM vol. 3, chapters 3, 5 and 7): the same checks in the same order,
 * so the same fault and error code wins when several rules are broken.
 */
#include "target-i386/helper-sys.h"

static inline int mmu_index_pl(int pl)
{
    return pl == 3 ? MMU_USER_IDX : MMU_KSMAP_IDX;
}

bool sys_load_desc(CPUX86State *env, uint32_t *e1, uint32_t *e2, int selector,
                   uintptr_t ra)
{
    SegmentCache *dt = (selector & 4) ? &env->ldt : &env->gdt;
    uint32_t index = selector & ~7;
    uint32_t ptr;

    if (index + 7 > dt->limit) {
        return false;
    }
    ptr = dt->base + index;
    *e1 = cpu_ldl_kernel_ra(env, ptr, ra);
    *e2 = cpu_ldl_kernel_ra(env, ptr + 4, ra);
    return true;
}

void sys_load_seg_vm(CPUX86State *env, int seg, int selector)
{
    selector &= 0xffff;
    cpu_x86_load_seg_cache(env, seg, selector, (uint32_t)selector << 4, 0xffff,
                           DESC_P_MASK | DESC_S_MASK | DESC_W_MASK |
                               DESC_A_MASK | (3 << DESC_DPL_SHIFT));
}

void sys_stack_init_current(StackAccess *sa, CPUX86State *env, uintptr_t ra)
{
    sa->env = env;
    sa->ra = ra;
    sa->ss_base = env->segs[R_SS].base;
    sa->sp = env->regs[R_ESP];
    sa->sp_mask = get_sp_mask(env->segs[R_SS].flags);
    sa->mmu_idx = mmu_index_pl(sys_cpl(env));
}

void sys_pushw(StackAccess *sa, uint32_t val)
{
    sa->sp -= 2;
    cpu_stw_mmuidx_ra(sa->env, sa->ss_base + (sa->sp & sa->sp_mask),
                      val & 0xffff, sa->mmu_idx, sa->ra);
}

void sys_pushl(StackAccess *sa, uint32_t val)
{
    sa->sp -= 4;
    cpu_stl_mmuidx_ra(sa->env, sa->ss_base + (sa->sp & sa->sp_mask), val,
                      sa->mmu_idx, sa->ra);
}

uint32_t sys_popw(StackAccess *sa)
{
    uint32_t v = cpu_lduw_mmuidx_ra(
        sa->env, sa->ss_base + (sa->sp & sa->sp_mask), sa->mmu_idx, sa->ra);

    sa->sp += 2;
    return v;
}

uint32_t sys_popl(StackAccess *sa)
{
    uint32_t v = cpu_ldl_mmuidx_ra(
        sa->env, sa->ss_base + (sa->sp & sa->sp_mask), sa->mmu_idx, sa->ra);

    sa->sp += 4;
    return v;
}

/* MOV/POP Sreg, LDS..LSS in protected mode (not V86); never CS. */
void helper_load_seg(CPUX86State *env, int seg_reg, int selector)
{
    uint32_t e1, e2, ptr;
    SegmentCache *dt;
    int cpl = sys_cpl(env), dpl, rpl;

    selector &= 0xffff;
    if ((selector & 0xfffc) == 0) {
        /* a null selector may sit in DS/ES/FS/GS; using it faults later */
        if (seg_reg == R_SS) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, 0);
        }
        cpu_x86_load_seg_cache(env, seg_reg, selector, 0, 0, 0);
        return;
    }

    dt = (selector & 4) ? &env->ldt : &env->gdt;
    if ((uint32_t)(selector & ~7) + 7 > dt->limit) {
        raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, 0);
    }
    ptr = dt->base + (selector & ~7);
    e1 = cpu_ldl_kernel_ra(env, ptr, 0);
    e2 = cpu_ldl_kernel_ra(env, ptr + 4, 0);

    if (!(e2 & DESC_S_MASK)) {
        raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, 0);
    }
    rpl = selector & 3;
    dpl = desc_dpl(e2);
    if (seg_reg == R_SS) {
        /* SS: writable data with RPL = DPL = CPL */
        if ((e2 & DESC_CS_MASK) || !(e2 & DESC_W_MASK)) {
            raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, 0);
        }
        if (rpl != cpl || dpl != cpl) {
            raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, 0);
        }
    } else {
        /* data or readable code; privilege unless conforming code */
        if ((e2 & (DESC_CS_MASK | DESC_R_MASK)) == DESC_CS_MASK) {
            raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, 0);
        }
        if (!(e2 & DESC_CS_MASK) || !(e2 & DESC_C_MASK)) {
            if (dpl < cpl || dpl < rpl) {
                raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, 0);
            }
        }
    }

    if (!(e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env,
                               seg_reg == R_SS ? EXCP0C_STACK : EXCP0B_NOSEG,
                               selector & 0xfffc, 0);
    }

    /* the CPU marks the descriptor accessed on its first load */
    if (!(e2 & DESC_A_MASK)) {
        e2 |= DESC_A_MASK;
        cpu_stl_kernel_ra(env, ptr + 4, e2, 0);
    }
    cpu_x86_load_seg_cache(env, seg_reg, selector, get_seg_base(e1, e2),
                           get_seg_limit(e1, e2), e2);
}

void helper_lldt(CPUX86State *env, int selector)
{
    uint32_t e1, e2, ptr;

    selector &= 0xffff;
    if ((selector & 0xfffc) == 0) {
        /* null LDT: later LDT references fault on the zero limit */
        env->ldt.base = 0;
        env->ldt.limit = 0;
    } else {
        if (selector & 4) {
            raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, 0);
        }
        if ((uint32_t)(selector & ~7) + 7 > env->gdt.limit) {
            raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, 0);
        }
        ptr = env->gdt.base + (selector & ~7);
        e1 = cpu_ldl_kernel_ra(env, ptr, 0);
        e2 = cpu_ldl_kernel_ra(env, ptr + 4, 0);
        if ((e2 & DESC_S_MASK) || desc_type(e2) != 2) {
            raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, 0);
        }
        if (!(e2 & DESC_P_MASK)) {
            raise_exception_err_ra(env, EXCP0B_NOSEG, selector & 0xfffc, 0);
        }
        load_seg_cache_raw_dt(&env->ldt, e1, e2);
    }
    env->ldt.selector = selector;
}

void helper_ltr(CPUX86State *env, int selector)
{
    uint32_t e1, e2, ptr;
    int type;

    selector &= 0xffff;
    if ((selector & 0xfffc) == 0) {
        env->tr.base = 0;
        env->tr.limit = 0;
        env->tr.flags = 0;
    } else {
        if (selector & 4) {
            raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, 0);
        }
        if ((uint32_t)(selector & ~7) + 7 > env->gdt.limit) {
            raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, 0);
        }
        ptr = env->gdt.base + (selector & ~7);
        e1 = cpu_ldl_kernel_ra(env, ptr, 0);
        e2 = cpu_ldl_kernel_ra(env, ptr + 4, 0);
        type = desc_type(e2);
        /* only an available 286 or 386 TSS */
        if ((e2 & DESC_S_MASK) || (type != 1 && type != 9)) {
            raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, 0);
        }
        if (!(e2 & DESC_P_MASK)) {
            raise_exception_err_ra(env, EXCP0B_NOSEG, selector & 0xfffc, 0);
        }
        load_seg_cache_raw_dt(&env->tr, e1, e2);
        e2 |= DESC_TSS_BUSY_MASK;
        cpu_stl_kernel_ra(env, ptr + 4, e2, 0);
    }
    env->tr.selector = selector;
}

/* LAR/LSL/VERR/VERW report through ZF only; the other flags keep their
 * values, so the lazy flags are folded into CC_OP_EFLAGS first. */
static void set_zf(CPUX86State *env, bool z)
{
    uint32_t eflags = cpu_cc_compute_all(env);

    eflags = z ? (eflags | CC_Z) : (eflags & ~CC_Z);
    env->cc_src = eflags;
    env->cc_op = CC_OP_EFLAGS;
}

/* Which system descriptor types LAR (lar=true) or LSL accept. */
static bool sys_type_visible(int type, bool lar)
{
    switch (type) {
    case 1:  /* available 286 TSS */
    case 2:  /* LDT */
    case 3:  /* busy 286 TSS */
    case 9:  /* available 386 TSS */
    case 11: /* busy 386 TSS */
        return true;
    case 4:         /* 286 call gate */
    case 5:         /* task gate */
    case 12:        /* 386 call gate */
        return lar; /* gates have no limit */
    default:
        return false;
    }
}

/* Common LAR/LSL test: the descriptor for selector if it is visible at
 * the current privilege, else false. */
static bool lar_lsl_fetch(CPUX86State *env, uint32_t selector, bool lar,
                          uint32_t *e1, uint32_t *e2)
{
    int rpl, dpl, cpl;

    if ((selector & 0xfffc) == 0) {
        return false;
    }
    if (!sys_load_desc(env, e1, e2, selector, 0)) {
        return false;
    }
    rpl = selector & 3;
    dpl = desc_dpl(*e2);
    cpl = sys_cpl(env);
    if (*e2 & DESC_S_MASK) {
        if ((*e2 & DESC_CS_MASK) && (*e2 & DESC_C_MASK)) {
            return true; /* conforming code: visible at any level */
        }
    } else if (!sys_type_visible(desc_type(*e2), lar)) {
        return false;
    }
    return dpl >= cpl && dpl >= rpl;
}

uint32_t helper_lar(CPUX86State *env, uint32_t selector)
{
    uint32_t e1, e2;
    bool ok = lar_lsl_fetch(env, selector & 0xffff, true, &e1, &e2);

    set_zf(env, ok);
    return ok ? (e2 & 0x00f0ff00) : 0;
}

uint32_t helper_lsl(CPUX86State *env, uint32_t selector)
{
    uint32_t e1, e2;
    bool ok = lar_lsl_fetch(env, selector & 0xffff, false, &e1, &e2);

    set_zf(env, ok);
    return ok ? get_seg_limit(e1, e2) : 0;
}

/* VERR/VERW: may the segment be read/written from the current level? */
static bool verify_seg(CPUX86State *env, uint32_t selector, bool write)
{
    uint32_t e1, e2;
    int rpl, dpl, cpl;

    selector &= 0xffff;
    if ((selector & 0xfffc) == 0) {
        return false;
    }
    if (!sys_load_desc(env, &e1, &e2, selector, 0)) {
        return false;
    }
    if (!(e2 & DESC_S_MASK)) {
        return false;
    }
    rpl = selector & 3;
    dpl = desc_dpl(e2);
    cpl = sys_cpl(env);
    if (e2 & DESC_CS_MASK) {
        if (write || !(e2 & DESC_R_MASK)) {
            return false;
        }
        if (e2 & DESC_C_MASK) {
            return true;
        }
        return dpl >= cpl && dpl >= rpl;
    }
    if (dpl < cpl || dpl < rpl) {
        return false;
    }
    return !write || (e2 & DESC_W_MASK);
}

void helper_verr(CPUX86State *env, uint32_t selector)
{
    set_zf(env, verify_seg(env, selector, false));
}

void helper_verw(CPUX86State *env, uint32_t selector)
{
    set_zf(env, verify_seg(env, selector, true));
}

/*
 * The I/O permission bitmap of a 386 TSS: the word at 0x66 is the bitmap's
 * offset; an access of size bytes at port needs all its bits clear. Two
 * bytes are always read, so the byte after the bitmap must be inside the
 * TSS limit (the SDM's "all ones" terminator byte).
 */
void helper_check_io(CPUX86State *env, uint32_t port, int size)
{
    uint32_t io_offset, val, mask;
    int iopl = (env->eflags & IOPL_MASK) >> IOPL_SHIFT;

    /* the bitmap only matters in V86 or when CPL > IOPL */
    if (!(env->cr[0] & CR0_PE_MASK) ||
        (!(env->eflags & VM_MASK) && sys_cpl(env) <= iopl)) {
        return;
    }
    if (!(env->tr.flags & DESC_P_MASK) || desc_type(env->tr.flags) != 9 ||
        env->tr.limit < 103) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, 0);
    }
    io_offset = cpu_lduw_kernel_ra(env, env->tr.base + 0x66, 0);
    io_offset += (port & 0xffff) >> 3;
    if (io_offset + 1 > env->tr.limit) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, 0);
    }
    val = cpu_lduw_kernel_ra(env, env->tr.base + io_offset, 0);
    val >>= (port & 7);
    mask = (1u << size) - 1;
    if (val & mask) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, 0);
    }
}
