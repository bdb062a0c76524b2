/*
 * Back end, control transfer: the ops that end a TB. Direct branches
 * leave through chainable exits (0 = taken target, 1 = fall through);
 * anything that changes CS, mode or flags the TB depends on leaves
 * through OPX_NOCHAIN.
 */
#include "target-i386/ops.h"
#include "target-i386/fpu-helper.h"
#include "target-i386/exec.h"

OPFN(op_end)
{
    env->eip = op->eip;
    return OPX_JMP0;
}

OPFN(op_ud)
{
    x86_raise(env, op, op->imm2 ? (int)op->imm2 : EXCP06_ILLOP, 0);
}

OPFN(op_jcc)
{
    if (x86_cond(env, op->opc & 15)) {
        env->eip = op->imm;
        return OPX_JMP0;
    }
    env->eip = op->next_eip;
    return OPX_JMP1;
}

OPFN(op_jmp)
{
    env->eip = op->imm;
    return OPX_JMP0;
}

OPFN(op_call)
{
    x86_push(env, op->ot, op->next_eip, OP_RA(op));
    env->eip = op->imm;
    return OPX_JMP0;
}

OPFN(op_loop)
{
    uint32_t m = op->aflag == 2 ? 0xffffffffu : 0xffff;
    uint32_t cx = (env->regs[R_ECX] - 1) & m;
    bool take;

    env->regs[R_ECX] = (env->regs[R_ECX] & ~m) | cx;
    take = cx != 0;
    if (op->opc == 0xe0) {
        take = take && !(cpu_cc_compute_all(env) & CC_Z);
    } else if (op->opc == 0xe1) {
        take = take && (cpu_cc_compute_all(env) & CC_Z);
    }
    if (take) {
        env->eip = op->imm;
        return OPX_JMP0;
    }
    env->eip = op->next_eip;
    return OPX_JMP1;
}

OPFN(op_jcxz)
{
    uint32_t m = op->aflag == 2 ? 0xffffffffu : 0xffff;
    if ((env->regs[R_ECX] & m) == 0) {
        env->eip = op->imm;
        return OPX_JMP0;
    }
    env->eip = op->next_eip;
    return OPX_JMP1;
}

OPFN(op_ret)
{
    uint32_t ip = x86_pop(env, op->ot, OP_RA(op));
    if (op->opc == 0xc2) {
        set_sp(env, env->regs[R_ESP] + (op->imm & 0xffff));
    }
    env->eip = op->ot == 1 ? ip & 0xffff : ip;
    return OPX_LOOKUP;
}

/* Far transfers in real mode and V86 (no descriptors). */
static void far_jump_real(CPUX86State *env, uint32_t sel, uint32_t ip)
{
    cpu_x86_load_seg_real(env, R_CS, sel & 0xffff);
    env->eip = ip;
}

static void far_call_real(CPUX86State *env, const X86Op *op, uint32_t sel,
                          uint32_t ip)
{
    uint32_t m = sp_mask(env), sp = env->regs[R_ESP];
    uint32_t base = env->segs[R_SS].base, sz = 1u << op->ot;

    seg_check_w(env, R_SS, (sp - sz) & m, sz, OP_RA(op));
    x86_st(env, base + ((sp - sz) & m), op->ot, env->segs[R_CS].selector,
           OP_RA(op));
    seg_check_w(env, R_SS, (sp - 2 * sz) & m, sz, OP_RA(op));
    x86_st(env, base + ((sp - 2 * sz) & m), op->ot, op->next_eip, OP_RA(op));
    set_sp(env, sp - 2 * sz);
    far_jump_real(env, sel, ip);
}

static int far_jmp(CPUX86State *env, const X86Op *op, uint32_t sel, uint32_t ip)
{
    if (pe_not_vm(env)) {
        env->eip = op->eip;
        helper_ljmp_protected(env, (int)(sel & 0xffff), ip, op->next_eip);
    } else {
        far_jump_real(env, sel, op->ot == 1 ? ip & 0xffff : ip);
    }
    return OPX_NOCHAIN;
}

static int far_call(CPUX86State *env, const X86Op *op, uint32_t sel,
                    uint32_t ip)
{
    if (pe_not_vm(env)) {
        env->eip = op->eip;
        helper_lcall_protected(env, (int)(sel & 0xffff), ip, op->ot - 1,
                               op->next_eip);
    } else {
        far_call_real(env, op, sel, op->ot == 1 ? ip & 0xffff : ip);
    }
    return OPX_NOCHAIN;
}

OPFN(op_jmp_far)
{
    return far_jmp(env, op, op->imm2, op->imm);
}

OPFN(op_call_far)
{
    return far_call(env, op, op->imm2, op->imm);
}

OPFN(op_retf)
{
    uint32_t addend = op->opc == 0xca ? op->imm & 0xffff : 0;

    if (pe_not_vm(env)) {
        env->eip = op->eip;
        helper_lret_protected(env, op->ot - 1, (int)addend);
    } else {
        uint32_t m = sp_mask(env), sp = env->regs[R_ESP];
        uint32_t base = env->segs[R_SS].base, sz = 1u << op->ot;
        uint32_t ip, cs;
        seg_check(env, R_SS, sp & m, sz, OP_RA(op));
        ip = x86_ld(env, base + (sp & m), op->ot, OP_RA(op));
        seg_check(env, R_SS, (sp + sz) & m, sz, OP_RA(op));
        cs = x86_ld(env, base + ((sp + sz) & m), op->ot, OP_RA(op));
        set_sp(env, sp + 2 * sz + addend);
        far_jump_real(env, cs, ip);
    }
    return OPX_NOCHAIN;
}

void x86_iret_real(CPUX86State *env, int shift)
{
    uint32_t m = sp_mask(env), sp = env->regs[R_ESP];
    uint32_t base = env->segs[R_SS].base;
    uint32_t ip, cs, fl, mask;

    for (int i = 0; i < 3; i++) {
        seg_check(env, R_SS, (sp + (i << (1 + shift))) & m, 2u << shift, 0);
    }
    if (shift) {
        ip = cpu_ldl_data_ra(env, base + (sp & m), 0);
        cs = cpu_ldl_data_ra(env, base + ((sp + 4) & m), 0) & 0xffff;
        fl = cpu_ldl_data_ra(env, base + ((sp + 8) & m), 0);
        sp += 12;
    } else {
        ip = cpu_lduw_data_ra(env, base + (sp & m), 0);
        cs = cpu_lduw_data_ra(env, base + ((sp + 2) & m), 0);
        fl = cpu_lduw_data_ra(env, base + ((sp + 4) & m), 0);
        sp += 6;
    }
    set_sp(env, sp);
    far_jump_real(env, cs, ip);
    if (env->eflags & VM_MASK) {
        mask = TF_MASK | AC_MASK | ID_MASK | IF_MASK | RF_MASK | NT_MASK;
    } else {
        mask = TF_MASK | AC_MASK | ID_MASK | IF_MASK | IOPL_MASK | RF_MASK |
               NT_MASK;
        if (env->level < X86_CPU_386) {
            mask &= ~(IOPL_MASK | NT_MASK);
        }
    }
    mask &= TF_MASK | IF_MASK | IOPL_MASK | NT_MASK |
            env->eflags_writable_mask | (shift ? RF_MASK : 0);
    if (!shift) {
        mask &= 0xffff;
    }
    cpu_load_eflags(env, fl, mask);
    env->hflags2 &= ~HF2_NMI_MASK;
}

OPFN(op_iret)
{
    env->eip = op->eip;
    if (!(env->cr[0] & CR0_PE_MASK)) {
        x86_iret_real(env, op->ot - 1);
    } else if (env->eflags & VM_MASK) {
        if (((env->eflags & IOPL_MASK) >> IOPL_SHIFT) != 3) {
            x86_raise(env, op, EXCP0D_GPF, 0);
        }
        x86_iret_real(env, op->ot - 1);
    } else {
        helper_iret_protected(env, op->ot - 1, (int)op->next_eip);
    }
    return OPX_NOCHAIN;
}

OPFN(op_int)
{
    env->eip = op->eip;
    if ((env->eflags & VM_MASK) &&
        ((env->eflags & IOPL_MASK) >> IOPL_SHIFT) != 3) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    raise_interrupt(env, op->imm & 0xff, 1, 0, op->len);
}

OPFN(op_int3)
{
    env->eip = op->eip;
    raise_interrupt(env, EXCP03_INT3, 1, 0, op->len);
}

OPFN(op_into)
{
    if (cpu_cc_compute_all(env) & CC_O) {
        env->eip = op->eip;
        raise_interrupt(env, EXCP04_INTO, 1, 0, op->len);
    }
    env->eip = op->next_eip;
    return OPX_JMP0;
}

OPFN(op_int1)
{
    /* ICEBP: a #DB trap after the instruction */
    env->eip = op->next_eip;
    raise_exception(env, EXCP01_DB);
}

OPFN(op_hlt)
{
    CPUState *cs = env_cpu(env);

    if ((env->cr[0] & CR0_PE_MASK) && x86_cpl(env) != 0) {
        x86_raise(env, op, EXCP0D_GPF, 0);
    }
    env->hflags &= ~HF_INHIBIT_IRQ_MASK;
    env->eip = op->next_eip;
    cs->halted = 1;
    cs->exception_index = EXCP_HLT;
    cpu_loop_exit(cs);
}

OPFN(op_grp5)
{
    int ot = op->ot;
    uint32_t a, ip, sel;

    switch (op->reg) {
    case 0:
    case 1:
        x86_incdec_ev(env, op);
        env->eip = op->next_eip;
        return OPX_JMP0;
    case 2: /* CALL near indirect */
        ip = ld_rm(env, op, ot);
        x86_push(env, ot, op->next_eip, OP_RA(op));
        env->eip = ot == 1 ? ip & 0xffff : ip;
        return OPX_LOOKUP;
    case 4: /* JMP near indirect */
        ip = ld_rm(env, op, ot);
        env->eip = ot == 1 ? ip & 0xffff : ip;
        return OPX_LOOKUP;
    case 3: /* CALL far m16:16/32 */
    case 5: /* JMP far */
        if (op->mod == 3) {
            x86_raise(env, op, EXCP06_ILLOP, 0);
        }
        a = op_linear(env, op);
        ip = x86_ld(env, a, ot, OP_RA(op));
        sel = x86_ld(env,
                     env->segs[op->seg].base +
                         ((op_ea(env, op) + (1u << ot)) &
                          (op->aflag == 1 ? 0xffff : 0xffffffffu)),
                     1, OP_RA(op));
        return op->reg == 3 ? far_call(env, op, sel, ip)
                            : far_jmp(env, op, sel, ip);
    case 6:
        x86_push(env, ot, ld_rm(env, op, ot), OP_RA(op));
        env->eip = op->next_eip;
        return OPX_JMP0;
    default:
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
}

/* ESC (D8-DF) on the 286 and 386 models, which have no coprocessor
 * (the 486 and later decode ESC to the x87's handlers, exec-fpu.c). With
 * CR0.EM or CR0.TS set they raise #NM; otherwise they do nothing (a
 * missing 387 stores nothing, which is how software detects its
 * absence). */
OPFN(op_fpu)
{
    /* memory operand size by escape opcode (the address is still checked) */
    static const uint8_t msize[8] = {4, 2, 4, 2, 8, 8, 2, 2};

    if (env->cr[0] & (CR0_EM_MASK | CR0_TS_MASK)) {
        x86_raise(env, op, EXCP07_PREX, 0);
    }
    if (op->mod != 3) {
        seg_check(env, op->seg, op_ea(env, op), msize[op->opc & 7], OP_RA(op));
    }
    return OPX_NEXT;
}

/* WAIT: #NM with CR0.MP and TS, then the x87's pending exception. */
OPFN(op_wait)
{
    fpu_check_pending(env, op);
    return OPX_NEXT;
}
