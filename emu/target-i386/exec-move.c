/*
 * Back end, data movement: MOV forms, stack, XCHG, LEA, conversions,
 * flag transfers, segment register loads.
 */
#include "target-i386/ops.h"
#include "target-i386/exec.h"

void x86_push(CPUX86State *env, int ot, uint32_t v, uintptr_t ra)
{
    x86_push_m(env, ot, v, sp_mask(env), cpu_mmu_index(env, false), ra);
}

uint32_t x86_pop(CPUX86State *env, int ot, uintptr_t ra)
{
    return x86_pop_m(env, ot, sp_mask(env), cpu_mmu_index(env, false), ra);
}

/* Loads a segment register the way the current mode does it. */
void x86_load_seg(CPUX86State *env, const X86Op *op, int seg, uint32_t sel)
{
    sel &= 0xffff;
    if ((env->cr[0] & CR0_PE_MASK) && !(env->eflags & VM_MASK)) {
        env->eip = op->eip;
        helper_load_seg(env, seg, (int)sel);
    } else {
        cpu_x86_load_seg_real(env, seg, sel);
    }
    if (seg == R_SS) {
        env->hflags |= HF_INHIBIT_IRQ_MASK;
    }
}

QEMU_NORETURN void x86_raise(CPUX86State *env, const X86Op *op, int excp,
                             int err)
{
    env->eip = op->eip;
    raise_exception_err(env, excp, err);
}

OPFN(op_nop)
{
    return OPX_NEXT;
}

OPFN(op_mov_eg)
{
    st_rm(env, op, op->ot, get_reg(env, op->ot, op->reg));
    return OPX_NEXT;
}

OPFN(op_mov_ge)
{
    set_reg(env, op->ot, op->reg, ld_rm(env, op, op->ot));
    return OPX_NEXT;
}

OPFN(op_mov_r_i)
{
    set_reg(env, op->ot, op->reg, op->imm);
    return OPX_NEXT;
}

OPFN(op_mov_e_i)
{
    if (op->reg != 0) {
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
    st_rm(env, op, op->ot, op->imm);
    return OPX_NEXT;
}

OPFN(op_mov_a_moffs)
{
    seg_check(env, op->seg, op->disp, 1u << op->ot, OP_RA(op));
    set_reg(env, op->ot, R_EAX,
            x86_ld(env, env->segs[op->seg].base + op->disp, op->ot, OP_RA(op)));
    return OPX_NEXT;
}

OPFN(op_mov_moffs_a)
{
    seg_check_w(env, op->seg, op->disp, 1u << op->ot, OP_RA(op));
    x86_st(env, env->segs[op->seg].base + op->disp, op->ot,
           get_reg(env, op->ot, R_EAX), OP_RA(op));
    return OPX_NEXT;
}

OPFN(op_lea)
{
    if (op->mod == 3) {
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
    set_reg(env, op->ot, op->reg, op_ea(env, op));
    return OPX_NEXT;
}

OPFN(op_xchg_eg)
{
    int ot = op->ot;
    uint32_t r = get_reg(env, ot, op->reg);

    if (op->mod == 3) {
        set_reg(env, ot, op->reg, get_reg(env, ot, op->rm));
        set_reg(env, ot, op->rm, r);
    } else {
        uint32_t a = op_linear_w(env, op);
        uint32_t m = x86_ld(env, a, ot, OP_RA(op));
        x86_st(env, a, ot, r, OP_RA(op));
        set_reg(env, ot, op->reg, m);
    }
    return OPX_NEXT;
}

OPFN(op_xchg_ax)
{
    uint32_t a = get_reg(env, op->ot, R_EAX);
    set_reg(env, op->ot, R_EAX, get_reg(env, op->ot, op->reg));
    set_reg(env, op->ot, op->reg, a);
    return OPX_NEXT;
}

OPFN(op_cbw)
{
    if (op->dflag == 2) {
        env->regs[R_EAX] = (uint32_t)(int16_t)env->regs[R_EAX];
    } else {
        set_reg(env, 1, R_EAX, (uint32_t)(int8_t)env->regs[R_EAX]);
    }
    return OPX_NEXT;
}

OPFN(op_cwd)
{
    if (op->dflag == 2) {
        env->regs[R_EDX] = (int32_t)env->regs[R_EAX] < 0 ? 0xffffffffu : 0;
    } else {
        set_reg(env, 1, R_EDX, (env->regs[R_EAX] & 0x8000) ? 0xffff : 0);
    }
    return OPX_NEXT;
}

OPFN(op_push_r)
{
    x86_push(env, op->ot, env->regs[op->reg], OP_RA(op));
    return OPX_NEXT;
}

OPFN(op_pop_r)
{
    uint32_t v = x86_pop(env, op->ot, OP_RA(op));
    set_reg(env, op->ot, op->reg, v);
    return OPX_NEXT;
}

OPFN(op_push_i)
{
    x86_push(env, op->ot, op->opc == 0x6a ? sext(op->imm, 0) : op->imm,
             OP_RA(op));
    return OPX_NEXT;
}

OPFN(op_pop_e)
{
    /* the destination address uses ESP after the pop; a faulting store
     * leaves ESP unchanged */
    uint32_t m = sp_mask(env), sp = env->regs[R_ESP];
    uint32_t v;

    if (op->reg != 0) {
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
    seg_check(env, R_SS, sp & m, 1u << op->ot, OP_RA(op));
    v = x86_ld(env, env->segs[R_SS].base + (sp & m), op->ot, OP_RA(op));
    set_sp(env, sp + (1u << op->ot));
    if (op->mod == 3) {
        set_reg(env, op->ot, op->rm, v);
    } else {
        uint32_t a = op_linear_w(env, op);
        env->regs[R_ESP] = sp;
        x86_st(env, a, op->ot, v, OP_RA(op));
        set_sp(env, sp + (1u << op->ot));
    }
    return OPX_NEXT;
}

OPFN(op_pusha)
{
    uint32_t m = sp_mask(env), sp = env->regs[R_ESP],
             base = env->segs[R_SS].base;
    int ot = op->ot, sz = 1 << ot;

    for (int r = 0; r < 8; r++) {
        sp -= sz;
        seg_check_w(env, R_SS, sp & m, sz, OP_RA(op));
        x86_st(env, base + (sp & m), ot, env->regs[r] /* ESP: original */,
               OP_RA(op));
    }
    set_sp(env, sp);
    return OPX_NEXT;
}

OPFN(op_popa)
{
    uint32_t m = sp_mask(env), sp = env->regs[R_ESP],
             base = env->segs[R_SS].base;
    int ot = op->ot, sz = 1 << ot;
    uint32_t v[8];

    for (int r = 7; r >= 0; r--) {
        seg_check(env, R_SS, sp & m, sz, OP_RA(op));
        v[r] = x86_ld(env, base + (sp & m), ot, OP_RA(op));
        sp += sz;
    }
    for (int r = 0; r < 8; r++) {
        if (r != R_ESP) {
            set_reg(env, ot, r, v[r]);
        }
    }
    if (ot == 2 && m == 0xffff && env->level == X86_CPU_386) {
        /* the 386 loads the popped ESP, then only SP: its top half stays
         * (test386.asm; the SDM leaves it undefined, later CPUs skip it) */
        env->regs[R_ESP] = (v[R_ESP] & 0xffff0000u) | (env->regs[R_ESP] & m);
    }
    set_sp(env, sp);
    return OPX_NEXT;
}

/* ENTER as Bochs and test386 have it (Deviation D53): FrameTemp is the stack
 * pointer register after the push of (E)BP -- on a 16-bit stack ESP's top half
 * is kept -- and is what the last level pushes; (E)BP gets it at the
 * smaller of the operand and stack sizes. The final stack pointer must be
 * writable (a #PF or #SS there faults before any register changes). */
OPFN(op_enter)
{
    uint32_t m = sp_mask(env), base = env->segs[R_SS].base;
    int ot = op->ot, sz = 1 << ot;
    uint32_t level = op->imm2 & 31;
    uint32_t esp = env->regs[R_ESP];
    uint32_t sp = esp - sz, frame;
    uint32_t bp = env->regs[R_EBP];

    seg_check_w(env, R_SS, sp & m, sz, OP_RA(op));
    x86_st(env, base + (sp & m), ot, bp, OP_RA(op));
    frame = (esp & ~m) | (sp & m);
    if (level) {
        for (uint32_t i = 1; i < level; i++) {
            uint32_t v;
            bp -= sz;
            sp -= sz;
            seg_check(env, R_SS, bp & m, sz, OP_RA(op));
            v = x86_ld(env, base + (bp & m), ot, OP_RA(op));
            seg_check_w(env, R_SS, sp & m, sz, OP_RA(op));
            x86_st(env, base + (sp & m), ot, v, OP_RA(op));
        }
        sp -= sz;
        seg_check_w(env, R_SS, sp & m, sz, OP_RA(op));
        x86_st(env, base + (sp & m), ot, frame, OP_RA(op));
    }
    sp -= op->imm & 0xffff;
    seg_check_w(env, R_SS, sp & m, sz, OP_RA(op));
    probe_access(env, base + (sp & m), sz, MMU_DATA_STORE,
                 cpu_mmu_index(env, false), OP_RA(op));
    if (ot == 2 && m == 0xffffffffu) {
        env->regs[R_EBP] = frame;
    } else {
        set_reg(env, 1, R_EBP, frame); /* BP */
    }
    set_sp(env, sp);
    return OPX_NEXT;
}

OPFN(op_leave)
{
    uint32_t m = sp_mask(env);
    uint32_t sp = env->regs[R_EBP] & m;
    uint32_t v;
    seg_check(env, R_SS, sp, 1u << op->ot, OP_RA(op));
    v = x86_ld(env, env->segs[R_SS].base + sp, op->ot, OP_RA(op));
    set_sp(env, sp + (1u << op->ot));
    set_reg(env, op->ot, R_EBP, v);
    return OPX_NEXT;
}

OPFN(op_push_seg)
{
    int seg =
        op->opc < 0x100 ? (op->opc >> 3) & 3 : (op->opc == 0x1a0 ? R_FS : R_GS);
    uint32_t sel = env->segs[seg].selector;
    if (op->ot == 2) {
        /* 32-bit push of a segment register writes only 16 bits */
        uint32_t m = sp_mask(env);
        uint32_t sp = (env->regs[R_ESP] - 4) & m;
        seg_check_w(env, R_SS, sp, 2, OP_RA(op));
        x86_st(env, env->segs[R_SS].base + sp, 1, sel, OP_RA(op));
        env->regs[R_ESP] = (env->regs[R_ESP] & ~m) | sp;
    } else {
        x86_push(env, 1, sel, OP_RA(op));
    }
    return OPX_NEXT;
}

OPFN(op_pop_seg)
{
    int seg =
        op->opc < 0x100 ? (op->opc >> 3) & 3 : (op->opc == 0x1a1 ? R_FS : R_GS);
    uint32_t m = sp_mask(env), sp = env->regs[R_ESP];
    uint32_t v;

    seg_check(env, R_SS, sp & m, 2, OP_RA(op));
    v = x86_ld(env, env->segs[R_SS].base + (sp & m), 1, OP_RA(op));
    x86_load_seg(env, op, seg, v);
    /* the pop steps SP with the stack size in force before POP SS */
    env->regs[R_ESP] = (sp & ~m) | ((sp + (1u << op->ot)) & m);
    env->eip = op->next_eip;
    return OPX_NOCHAIN;
}

static inline int max_sreg(CPUX86State *env)
{
    return env->level < X86_CPU_386 ? 3 : 5;
}

OPFN(op_mov_ew_s)
{
    if (op->reg > max_sreg(env)) {
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
    uint32_t sel = env->segs[op->reg].selector;
    if (op->mod == 3) {
        /* register destination: 32-bit operand size zero-extends */
        set_reg(env, op->dflag == 2 ? 2 : 1, op->rm, sel);
    } else {
        x86_st(env, op_linear_w_ot(env, op, 1), 1, sel, OP_RA(op));
    }
    return OPX_NEXT;
}

OPFN(op_mov_s_ew)
{
    if (op->reg > max_sreg(env) || op->reg == R_CS) {
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
    x86_load_seg(env, op, op->reg, ld_rm(env, op, 1));
    env->eip = op->next_eip;
    return OPX_NOCHAIN;
}

OPFN(op_lxs)
{
    int seg;
    uint32_t a, off, sel;

    switch (op->opc) {
    case 0xc4:
        seg = R_ES;
        break;
    case 0xc5:
        seg = R_DS;
        break;
    case 0x1b2:
        seg = R_SS;
        break;
    case 0x1b4:
        seg = R_FS;
        break;
    default:
        seg = R_GS;
        break;
    }
    if (op->mod == 3) {
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
    a = op_linear(env, op);
    off = x86_ld(env, a, op->ot, OP_RA(op));
    sel = x86_ld(env,
                 env->segs[op->seg].base +
                     ((op_ea(env, op) + (1u << op->ot)) &
                      (op->aflag == 1 ? 0xffff : 0xffffffffu)),
                 1, OP_RA(op));
    x86_load_seg(env, op, seg, sel);
    set_reg(env, op->ot, op->reg, off);
    env->eip = op->next_eip;
    return OPX_NOCHAIN;
}

OPFN(op_bound)
{
    uint32_t a, lo, hi;
    int32_t v;

    if (op->mod == 3) {
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
    a = op_linear(env, op);
    lo = x86_ld(env, a, op->ot, OP_RA(op));
    hi = x86_ld(env,
                env->segs[op->seg].base +
                    ((op_ea(env, op) + (1u << op->ot)) &
                     (op->aflag == 1 ? 0xffff : 0xffffffffu)),
                op->ot, OP_RA(op));
    v = (int32_t)sext(get_reg(env, op->ot, op->reg), op->ot);
    if (v < (int32_t)sext(lo, op->ot) || v > (int32_t)sext(hi, op->ot)) {
        x86_raise(env, op, EXCP05_BOUND, 0);
    }
    return OPX_NEXT;
}

OPFN(op_xlat)
{
    uint32_t a = env->regs[R_EBX] + (env->regs[R_EAX] & 0xff);
    if (op->aflag == 1) {
        a &= 0xffff;
    }
    set_reg(env, 0, R_EAX,
            x86_ld(env, env->segs[op->seg].base + a, 0, OP_RA(op)));
    return OPX_NEXT;
}

/* ---- flags ---- */

OPFN(op_lahf)
{
    set_reg(env, 0, 4 /* AH */, (cpu_cc_compute_all(env) | 0x02) & 0xd7);
    return OPX_NEXT;
}

OPFN(op_sahf)
{
    uint32_t ah = (env->regs[R_EAX] >> 8) & 0xff;
    uint32_t of = cpu_cc_compute_all(env) & CC_O;
    env->cc_src = of | (ah & (CC_S | CC_Z | CC_A | CC_P | CC_C));
    env->cc_op = CC_OP_EFLAGS;
    return OPX_NEXT;
}

OPFN(op_cmc)
{
    uint32_t f = cpu_cc_compute_all(env) ^ CC_C;
    env->cc_src = f;
    env->cc_op = CC_OP_EFLAGS;
    return OPX_NEXT;
}

/* F8 CLC F9 STC FA CLI FB STI FC CLD FD STD */
OPFN(op_flagop)
{
    uint32_t f;

    switch (op->opc) {
    case 0xf8:
    case 0xf9:
        f = cpu_cc_compute_all(env) & ~CC_C;
        env->cc_src = f | (op->opc & 1);
        env->cc_op = CC_OP_EFLAGS;
        return OPX_NEXT;
    case 0xfc:
        env->df = 1;
        return OPX_NEXT;
    case 0xfd:
        env->df = -1;
        return OPX_NEXT;
    default:
        break;
    }
    /* CLI/STI: IOPL rules (VME's VIF not modelled) */
    if (env->cr[0] & CR0_PE_MASK) {
        int iopl = (env->eflags & IOPL_MASK) >> IOPL_SHIFT;
        int cpl = (env->eflags & VM_MASK) ? 3 : (env->hflags & HF_CPL_MASK);
        if (cpl > iopl) {
            x86_raise(env, op, EXCP0D_GPF, 0);
        }
    }
    if (op->opc == 0xfa) {
        env->eflags &= ~IF_MASK;
    } else {
        if (!(env->eflags & IF_MASK)) {
            env->hflags |= HF_INHIBIT_IRQ_MASK;
        }
        env->eflags |= IF_MASK;
    }
    env->eip = op->next_eip;
    return OPX_NOCHAIN;
}

OPFN(op_pushf)
{
    uint32_t f;

    if ((env->eflags & VM_MASK) &&
        ((env->eflags & IOPL_MASK) >> IOPL_SHIFT) != 3) {
        x86_raise(env, op, EXCP0D_GPF, 0);
    }
    f = cpu_compute_eflags(env) & ~(VM_MASK | RF_MASK);
    if (env->level < X86_CPU_386 && !(env->cr[0] & CR0_PE_MASK)) {
        f &= 0x0fff; /* the 286 in real mode keeps FLAGS 12-15 clear */
    }
    x86_push(env, op->ot, f, OP_RA(op));
    return OPX_NEXT;
}

OPFN(op_popf)
{
    uint32_t f, mask;
    int cpl = env->hflags & HF_CPL_MASK;
    int iopl = (env->eflags & IOPL_MASK) >> IOPL_SHIFT;

    if ((env->eflags & VM_MASK) && iopl != 3) {
        x86_raise(env, op, EXCP0D_GPF, 0);
    }
    f = x86_pop(env, op->ot, OP_RA(op));
    mask = TF_MASK | NT_MASK | env->eflags_writable_mask;
    if (!(env->cr[0] & CR0_PE_MASK)) {
        mask |= IF_MASK | IOPL_MASK;
        if (env->level < X86_CPU_386) {
            mask &= ~(IOPL_MASK | NT_MASK);
        }
    } else if (env->eflags & VM_MASK) {
        mask |= IF_MASK;
    } else {
        if (cpl == 0) {
            mask |= IOPL_MASK;
        }
        if (cpl <= iopl) {
            mask |= IF_MASK;
        }
    }
    if (op->ot == 1) {
        mask &= 0xffff;
    }
    cpu_load_eflags(env, f, mask);
    env->eip = op->next_eip;
    return OPX_NOCHAIN;
}
