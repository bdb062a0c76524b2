/*
 * The x87's state in the CPU: reset and FNINIT, the status and tag words,
 * stack faults, exception reporting (#MF or FERR#), the last instruction
 * pointers and the memory operand accessors of the ESC handlers.
 */
#include "target-i386/fpu-helper.h"

void update_fp_status(CPUX86State *env)
{
    /* PC 01 is reserved: the x87 then rounds to 64 bits like PC 11 */
    static const uint8_t pcs[4] = {24, 64, 53, 64};

    env->fp_status.rounding_mode = (env->fpuc >> 10) & 3;
    env->fp_status.floatx80_rounding_precision = pcs[(env->fpuc >> 8) & 3];
    env->fp_status.unmasked =
        ~env->fpuc & (float_flag_overflow | float_flag_underflow);
}

void fpu_init_state(CPUX86State *env)
{
    env->fpuc = 0x037f;
    env->fpus = 0;
    env->fpstt = 0;
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = 1;
    }
    env->fpop = 0;
    env->fpip = 0;
    env->fpcs = 0;
    env->fpdp = 0;
    env->fpds = 0;
    update_fp_status(env);
}

void cpu_set_fpuc(CPUX86State *env, uint16_t fpuc)
{
    env->fpuc = fpuc;
    update_fp_status(env);
}

uint16_t fpu_get_fsw(CPUX86State *env)
{
    return (env->fpus & ~0x3800) | ((env->fpstt & 7) << 11);
}

void fpu_set_fsw(CPUX86State *env, uint16_t fsw)
{
    env->fpstt = (fsw >> 11) & 7;
    env->fpus = fsw & ~0x3800;
}

/* The tag of a non-empty register from its contents: 0 valid, 1 zero,
 * 2 special (NaN, infinity, denormal, unsupported). */
static int fpu_tag_of(floatx80 v)
{
    int exp = v.high & 0x7fff;

    if (exp == 0) {
        return v.low == 0 ? 1 : 2;
    }
    if (exp == 0x7fff || !(v.low >> 63)) {
        return 2;
    }
    return 0;
}

uint16_t fpu_get_ftw(CPUX86State *env)
{
    uint16_t ftw = 0;

    for (int i = 0; i < 8; i++) {
        int t = env->fptags[i] ? 3 : fpu_tag_of(env->fpregs[i]);
        ftw |= t << (2 * i);
    }
    return ftw;
}

void fpu_set_ftw(CPUX86State *env, uint16_t ftw)
{
    /* the x87 only keeps empty or not: the other tags come from contents */
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = ((ftw >> (2 * i)) & 3) == 3;
    }
}

uint16_t fpu_fxam_cc(CPUX86State *env)
{
    floatx80 v = *fpu_reg(env, 0);
    int exp = v.high & 0x7fff;
    bool j = v.low >> 63;
    uint16_t cc = (v.high & 0x8000) ? FPUS_C1 : 0;

    if (fpu_empty(env, 0)) {
        return cc | FPUS_C3 | FPUS_C0;
    }
    if (exp == 0x7fff) {
        if (!j) {
            return cc; /* pseudo-NaN / pseudo-infinity: unsupported */
        }
        return cc | ((v.low << 1) ? FPUS_C0 : FPUS_C2 | FPUS_C0);
    }
    if (exp == 0) {
        return cc | (v.low ? FPUS_C3 | FPUS_C2 : FPUS_C3);
    }
    return cc | (j ? FPUS_C2 : 0); /* normal, or unnormal: unsupported */
}

void fpu_set_ferr(CPUX86State *env, int level)
{
    X86CPU *cpu = env_archcpu(env);

    env->ferr = level != 0;
    if (cpu->set_ferr) {
        cpu->set_ferr(cpu->ferr_opaque, level);
    }
}

void fpu_clear_ferr(CPUX86State *env)
{
    env->ignne = false;
    if (env->ferr) {
        fpu_set_ferr(env, 0);
    }
}

void x86_cpu_set_ignne(X86CPU *cpu)
{
    cpu->env.ignne = true;
    fpu_set_ferr(&cpu->env, 0);
}

/* A pending unmasked exception at a waiting instruction. With CR0.NE = 0
 * the PC's FERR# line goes to IRQ 13 (unless IGNNE# is asserted) and the
 * instruction goes on, as in QEMU (a real x87 would stop until IGNNE#:
 * deviation D42). */
static void fpu_report_pending(CPUX86State *env, const X86Op *op)
{
    if (env->cr[0] & CR0_NE_MASK) {
        x86_raise(env, op, EXCP10_COPR, 0);
    }
    if (!env->ignne && !env->ferr) {
        fpu_set_ferr(env, 1);
    }
}

void fpu_prepare(CPUX86State *env, const X86Op *op, bool waiting)
{
    if (env->cr[0] & (CR0_EM_MASK | CR0_TS_MASK)) {
        x86_raise(env, op, EXCP07_PREX, 0);
    }
    if (waiting && (env->fpus & FPUS_SE)) {
        fpu_report_pending(env, op);
    }
}

void fpu_check_pending(CPUX86State *env, const X86Op *op)
{
    if ((env->cr[0] & (CR0_MP_MASK | CR0_TS_MASK)) ==
        (CR0_MP_MASK | CR0_TS_MASK)) {
        x86_raise(env, op, EXCP07_PREX, 0);
    }
    if (x86_has_fpu(env) && (env->fpus & FPUS_SE)) {
        fpu_report_pending(env, op);
    }
}

void fpu_set_ptrs(CPUX86State *env, const X86Op *op)
{
    unsigned modrm = (op->mod << 6) | (op->reg << 3) | op->rm;

    env->fpop = ((op->opc & 7) << 8) | modrm;
    env->fpip = op->eip;
    env->fpcs = env->segs[R_CS].selector;
    if (op->mod != 3) {
        env->fpdp = op_ea(env, op);
        env->fpds = env->segs[op->seg].selector;
    }
}

void fpu_raise_flags(CPUX86State *env, uint16_t flags)
{
    env->fpus |= flags;
    if (flags & ~env->fpuc & FPUC_EM) {
        env->fpus |= FPUS_SE | FPUS_B;
    }
}

bool fpu_commit(CPUX86State *env)
{
    uint8_t f = env->fp_status.float_exception_flags;

    env->fpus &= ~FPUS_C1;
    if (env->fp_status.rounded_up) {
        env->fpus |= FPUS_C1;
    }
    fpu_raise_flags(env, f);
    return !(f & ~env->fpuc &
             (float_flag_invalid | float_flag_input_denormal |
              float_flag_divbyzero));
}

static bool fpu_stack_fault(CPUX86State *env, uint16_t c1)
{
    env->fpus = (env->fpus & ~FPUS_C1) | c1;
    fpu_raise_flags(env, FPUS_IE | FPUS_SF);
    return env->fpuc & FPUS_IE;
}

bool fpu_stack_underflow(CPUX86State *env)
{
    return fpu_stack_fault(env, 0);
}

bool fpu_stack_overflow(CPUX86State *env)
{
    return fpu_stack_fault(env, FPUS_C1);
}

bool fpu_push_checked(CPUX86State *env, floatx80 v)
{
    if (!fpu_empty(env, 7)) {
        if (!fpu_stack_overflow(env)) {
            return false;
        }
        v = floatx80_default_nan;
    }
    fpu_push(env, v);
    return true;
}

uint32_t fpu_addr(CPUX86State *env, const X86Op *op, unsigned size, bool write)
{
    uint32_t ea;

    if (op->flat) {
        return op_ea32(env, op);
    }
    ea = op_ea(env, op);
    seg_check_rw(env, op->seg, ea, size, write, OP_RA(op));
    return env->segs[op->seg].base + ea;
}

uint32_t fpu_ldl(CPUX86State *env, const X86Op *op, uint32_t a)
{
    return x86_ld_idx(env, a, 2, op->mmu_idx, OP_RA(op));
}

uint16_t fpu_lduw(CPUX86State *env, const X86Op *op, uint32_t a)
{
    return (uint16_t)x86_ld_idx(env, a, 1, op->mmu_idx, OP_RA(op));
}

uint64_t fpu_ldq(CPUX86State *env, const X86Op *op, uint32_t a)
{
    uint64_t lo = fpu_ldl(env, op, a);
    return lo | (uint64_t)fpu_ldl(env, op, a + 4) << 32;
}

floatx80 fpu_ldt(CPUX86State *env, const X86Op *op, uint32_t a)
{
    floatx80 v;
    v.low = fpu_ldq(env, op, a);
    v.high = fpu_lduw(env, op, a + 8);
    return v;
}

void fpu_stl(CPUX86State *env, const X86Op *op, uint32_t a, uint32_t v)
{
    x86_st_idx(env, a, 2, v, op->mmu_idx, OP_RA(op));
}

void fpu_stw(CPUX86State *env, const X86Op *op, uint32_t a, uint16_t v)
{
    x86_st_idx(env, a, 1, v, op->mmu_idx, OP_RA(op));
}

void fpu_stq(CPUX86State *env, const X86Op *op, uint32_t a, uint64_t v)
{
    fpu_stl(env, op, a, (uint32_t)v);
    fpu_stl(env, op, a + 4, (uint32_t)(v >> 32));
}

void fpu_stt(CPUX86State *env, const X86Op *op, uint32_t a, floatx80 v)
{
    fpu_stq(env, op, a, v.low);
    fpu_stw(env, op, a + 8, v.high);
}
