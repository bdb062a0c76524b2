/*
 * The x87's environment and control instructions: FLDCW, FNSTCW, FNSTSW
 * m16, FLDENV/FNSTENV and FRSTOR/FNSAVE in the 16- and 32-bit, real- and
 * protected-mode layouts (SDM vol. 1, 8.1.10 and figures 8-9 to 8-12),
 * and FXSAVE/FXRSTOR (0F AE /0 /1, the P6 with FXSR).
 */
#include "target-i386/fpu-helper.h"

/* ES (and B) follow the exception flags and the masks after a load of
 * the control or status word. */
static void fpu_update_es(CPUX86State *env)
{
    if (env->fpus & ~env->fpuc & FPUC_EM) {
        env->fpus |= FPUS_SE | FPUS_B;
    } else {
        env->fpus &= ~(FPUS_SE | FPUS_B);
    }
}

static void fpu_set_fcw(CPUX86State *env, uint16_t fcw)
{
    env->fpuc = fcw;
    update_fp_status(env);
    fpu_update_es(env);
}

/* Real mode and V86 store 20-bit linear pointers, protected mode
 * selector and offset. */
static bool fpu_real_layout(CPUX86State *env)
{
    return !(env->cr[0] & CR0_PE_MASK) || (env->eflags & VM_MASK);
}

/* FNSTENV's image at a: 14 bytes (16-bit operand size) or 28. */
static void fpu_store_env(CPUX86State *env, const X86Op *op, uint32_t a,
                          bool o32)
{
    uint16_t fcw = env->fpuc, fsw = fpu_get_fsw(env), ftw = fpu_get_ftw(env);
    bool real = fpu_real_layout(env);
    uint32_t ip = env->fpip, dp = env->fpdp;
    uint32_t w[7];

    if (real) {
        ip += (uint32_t)env->fpcs << 4;
        dp += (uint32_t)env->fpds << 4;
    }
    if (o32) {
        w[0] = 0xffff0000u | fcw; /* reserved halves read as ones */
        w[1] = 0xffff0000u | fsw;
        w[2] = 0xffff0000u | ftw;
        if (real) {
            w[3] = 0xffff0000u | (ip & 0xffff);
            w[4] = ((ip >> 4) & 0x0ffff000u) | env->fpop;
            w[5] = 0xffff0000u | (dp & 0xffff);
            w[6] = (dp >> 4) & 0x0ffff000u;
        } else {
            w[3] = ip;
            w[4] = env->fpcs | ((uint32_t)env->fpop << 16);
            w[5] = dp;
            w[6] = 0xffff0000u | env->fpds;
        }
        for (int i = 0; i < 7; i++) {
            fpu_stl(env, op, a + 4 * i, w[i]);
        }
        return;
    }
    w[0] = fcw;
    w[1] = fsw;
    w[2] = ftw;
    if (real) {
        w[3] = ip & 0xffff;
        w[4] = ((ip >> 4) & 0xf000) | env->fpop;
        w[5] = dp & 0xffff;
        w[6] = (dp >> 4) & 0xf000;
    } else {
        w[3] = ip & 0xffff;
        w[4] = env->fpcs;
        w[5] = dp & 0xffff;
        w[6] = env->fpds;
    }
    for (int i = 0; i < 7; i++) {
        fpu_stw(env, op, a + 2 * i, (uint16_t)w[i]);
    }
}

/* The image read back; nothing changes until all of it is read. */
static void fpu_load_env(CPUX86State *env, const X86Op *op, uint32_t a,
                         bool o32)
{
    uint32_t w[7];

    for (int i = 0; i < 7; i++) {
        w[i] = o32 ? fpu_ldl(env, op, a + 4 * i) : fpu_lduw(env, op, a + 2 * i);
    }
    env->fpuc = (uint16_t)w[0];
    update_fp_status(env);
    fpu_set_fsw(env, (uint16_t)w[1]);
    fpu_set_ftw(env, (uint16_t)w[2]);
    if (fpu_real_layout(env)) {
        uint32_t hi = o32 ? 0x0ffff000u : 0xf000u;
        env->fpip = (w[3] & 0xffff) | ((w[4] & hi) << 4);
        env->fpop = w[4] & 0x7ff;
        env->fpdp = (w[5] & 0xffff) | ((w[6] & hi) << 4);
        env->fpcs = 0;
        env->fpds = 0;
    } else {
        env->fpip = o32 ? w[3] : w[3] & 0xffff;
        env->fpcs = (uint16_t)w[4];
        env->fpop = o32 ? (w[4] >> 16) & 0x7ff : env->fpop;
        env->fpdp = o32 ? w[5] : w[5] & 0xffff;
        env->fpds = (uint16_t)w[6];
    }
    fpu_update_es(env);
}

/* D9 /4 FLDENV, D9 /6 FNSTENV, DD /4 FRSTOR, DD /6 FNSAVE. */
OPFN(op_fpu_env)
{
    bool o32 = op->dflag == 2, save = op->reg == 6, regs = (op->opc & 7) == 5;
    unsigned envsz = o32 ? 28 : 14;
    uint32_t a;

    fpu_prepare(env, op, !save);
    a = fpu_addr(env, op, envsz + (regs ? 80 : 0), save);
    if (save) {
        fpu_store_env(env, op, a, o32);
        if (regs) {
            for (int i = 0; i < 8; i++) {
                fpu_stt(env, op, a + envsz + 10 * i, *fpu_reg(env, i));
            }
            fpu_init_state(env);
            fpu_clear_ferr(env);
        } else {
            env->fpuc |= FPUC_EM; /* FNSTENV masks every exception */
            update_fp_status(env);
        }
        return OPX_NEXT;
    }
    if (regs) {
        floatx80 st[8];
        for (int i = 0; i < 8; i++) {
            st[i] = fpu_ldt(env, op, a + envsz + 10 * i);
        }
        fpu_load_env(env, op, a, o32);
        for (int i = 0; i < 8; i++) {
            *fpu_reg(env, i) = st[i];
        }
    } else {
        fpu_load_env(env, op, a, o32);
    }
    return OPX_NEXT;
}

/* D9 /5 FLDCW, D9 /7 FNSTCW, DD /7 FNSTSW m16. */
OPFN(op_fpu_ctl)
{
    uint32_t a;

    if (op->reg == 5) {
        fpu_prepare(env, op, true);
        a = fpu_addr(env, op, 2, false);
        fpu_set_fcw(env, fpu_lduw(env, op, a));
        return OPX_NEXT;
    }
    fpu_prepare(env, op, false);
    a = fpu_addr(env, op, 2, true);
    fpu_stw(env, op, a, (op->opc & 7) == 1 ? env->fpuc : fpu_get_fsw(env));
    return OPX_NEXT;
}

/* 0F AE /0 FXSAVE, /1 FXRSTOR: the 512-byte image of the P6 (x87 part;
 * this CPU has no SSE, so MXCSR and the XMM area are left alone). */
OPFN(op_fxsave)
{
    uint32_t a;

    if (op->mod == 3 || op->reg > 1 || !(env->cpuid_features & CPUID_FXSR) ||
        (env->cr[0] & CR0_EM_MASK)) {
        x86_raise(env, op, EXCP06_ILLOP, 0);
    }
    if (env->cr[0] & CR0_TS_MASK) {
        x86_raise(env, op, EXCP07_PREX, 0);
    }
    a = fpu_addr(env, op, 512, op->reg == 0);
    if (a & 15) {
        x86_raise(env, op, EXCP0D_GPF, 0);
    }
    if (op->reg == 0) {
        uint32_t ftw = 0;
        for (int i = 0; i < 8; i++) {
            ftw |= (uint32_t)!env->fptags[i] << i;
        }
        fpu_stl(env, op, a, env->fpuc | (uint32_t)fpu_get_fsw(env) << 16);
        fpu_stl(env, op, a + 4, ftw | (uint32_t)env->fpop << 16);
        fpu_stl(env, op, a + 8, env->fpip);
        fpu_stl(env, op, a + 12, env->fpcs);
        fpu_stl(env, op, a + 16, env->fpdp);
        fpu_stl(env, op, a + 20, env->fpds);
        for (int i = 0; i < 8; i++) {
            fpu_stt(env, op, a + 32 + 16 * i, *fpu_reg(env, i));
            fpu_stw(env, op, a + 42 + 16 * i, 0);
            fpu_stl(env, op, a + 44 + 16 * i, 0);
        }
        return OPX_NEXT;
    }
    {
        uint32_t w[6];
        floatx80 st[8];
        for (int i = 0; i < 6; i++) {
            w[i] = fpu_ldl(env, op, a + 4 * i);
        }
        for (int i = 0; i < 8; i++) {
            st[i] = fpu_ldt(env, op, a + 32 + 16 * i);
        }
        env->fpuc = (uint16_t)w[0];
        update_fp_status(env);
        fpu_set_fsw(env, (uint16_t)(w[0] >> 16));
        for (int i = 0; i < 8; i++) {
            env->fptags[i] = !((w[1] >> i) & 1);
        }
        env->fpop = (w[1] >> 16) & 0x7ff;
        env->fpip = w[2];
        env->fpcs = (uint16_t)w[3];
        env->fpdp = w[4];
        env->fpds = (uint16_t)w[5];
        for (int i = 0; i < 8; i++) {
            *fpu_reg(env, i) = st[i];
        }
        fpu_update_es(env);
    }
    return OPX_NEXT;
}
