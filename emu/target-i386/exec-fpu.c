/*
 * ESC instructions with a register operand (mod = 3) and the decoder's
 * choice of handler for D8-DF. The memory forms are in exec-fpu-mem.c,
 * the environment and control ones in exec-fpu-env.c.
 */
#include "target-i386/fpu-helper.h"

#define INDEF floatx80_default_nan

/* Arithmetic k (the reg field of D8 /r): a op b; 2 and 3 are compares. */
static floatx80 fpu_arith(int k, floatx80 a, floatx80 b, float_status *s)
{
    switch (k) {
    case 0:
        return floatx80_add(a, b, s);
    case 1:
        return floatx80_mul(a, b, s);
    case 4:
        return floatx80_sub(a, b, s);
    case 5:
        return floatx80_sub(b, a, s);
    case 6:
        return floatx80_div(a, b, s);
    default:
        return floatx80_div(b, a, s);
    }
}

/* The condition codes of a compare: C0 less, C3 equal, all unordered. */
static uint16_t fpu_rel_cc(int rel)
{
    switch (rel) {
    case float_relation_less:
        return FPUS_C0;
    case float_relation_equal:
        return FPUS_C3;
    case float_relation_greater:
        return 0;
    default:
        return FPUS_C0 | FPUS_C2 | FPUS_C3;
    }
}

bool fpu_compare_cc(CPUX86State *env, floatx80 a, floatx80 b, bool quiet)
{
    float_status *s = &env->fp_status; /* flags started by the caller */
    int rel =
        quiet ? floatx80_compare_quiet(a, b, s) : floatx80_compare(a, b, s);

    s->rounded_up = false;
    if (!fpu_commit(env)) {
        return false;
    }
    env->fpus = (env->fpus & ~FPUS_CC) | fpu_rel_cc(rel);
    return true;
}

/* Underflow on a compare: unordered when masked. */
static bool fpu_compare_underflow(CPUX86State *env)
{
    if (fpu_stack_underflow(env)) {
        env->fpus |= FPUS_C0 | FPUS_C2 | FPUS_C3;
        return true;
    }
    return false;
}

void fpu_arith_to(CPUX86State *env, int k, floatx80 a, floatx80 b, int dst)
{
    floatx80 r = fpu_arith(k, a, b, &env->fp_status);
    uint8_t *f = &env->fp_status.float_exception_flags;

    /* a denormal m32/m64 operand's flag from the load goes, like the
     * operation's own, when the result is a NaN or invalid/zero-divide
     * is raised (measured, D41) */
    if ((*f & (float_flag_invalid | float_flag_divbyzero)) ||
        floatx80_is_nan(r)) {
        *f &= ~float_flag_input_denormal;
    }
    if (fpu_commit(env)) {
        *fpu_reg(env, dst) = r;
    }
}

/* D8 (ST0 = ST0 op STi), DC (STi = STi op ST0) and DE (the same, pop). */
static int fpu_arith_reg(CPUX86State *env, const X86Op *op)
{
    int esc = op->opc & 7, k = op->reg, i = op->rm;
    bool pop = esc == 6;

    if (k == 2 || k == 3) { /* FCOM, FCOMP (and the DC/DE aliases) */
        if (fpu_empty(env, 0) || fpu_empty(env, i)) {
            if (!fpu_compare_underflow(env)) {
                return OPX_NEXT;
            }
        } else if (!fpu_compare_cc(env, *fpu_reg(env, 0), *fpu_reg(env, i),
                                   false)) {
            return OPX_NEXT; /* an unmasked invalid: no pop */
        }
        if (k == 3 || esc == 6) {
            fpu_pop(env);
        }
        return OPX_NEXT;
    }
    if (esc != 0 && k >= 4) {
        k ^= 1; /* the destination is ST(i): FSUB/FSUBR swap (and FDIV) */
    }
    if (fpu_empty(env, 0) || fpu_empty(env, i)) {
        if (!fpu_stack_underflow(env)) {
            return OPX_NEXT;
        }
        *fpu_reg(env, esc == 0 ? 0 : i) = INDEF;
        env->fptags[fpu_st(env, esc == 0 ? 0 : i)] = 0;
    } else if (esc == 0) {
        fpu_arith_to(env, k, *fpu_reg(env, 0), *fpu_reg(env, i), 0);
    } else {
        fpu_arith_to(env, k, *fpu_reg(env, i), *fpu_reg(env, 0), i);
    }
    if (pop) {
        fpu_pop(env);
    }
    return OPX_NEXT;
}

/* ST0 = f(ST0) for FCHS, FABS, FSQRT, FRNDINT. */
static void fpu_unary(CPUX86State *env, int which)
{
    floatx80 *st0 = fpu_reg(env, 0), r;
    float_status *s;

    if (fpu_empty(env, 0)) {
        if (fpu_stack_underflow(env)) {
            *st0 = INDEF;
            env->fptags[fpu_st(env, 0)] = 0;
        }
        return;
    }
    switch (which) {
    case 0: /* FCHS, FABS: no exception, even for a signalling NaN */
        st0->high ^= 0x8000;
        env->fpus &= ~FPUS_C1;
        return;
    case 1:
        st0->high &= 0x7fff;
        env->fpus &= ~FPUS_C1;
        return;
    case 2:
        s = fpu_status(env);
        r = floatx80_sqrt(*st0, s);
        break;
    default:
        s = fpu_status(env);
        r = floatx80_round_to_int(*st0, s);
        break;
    }
    if (fpu_commit(env)) {
        *st0 = r;
    }
}

/* FLD1 FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 FLDZ: the x87 holds these with
 * more bits and rounds them by RC (the last bit differs between modes). */
static floatx80 fpu_const(CPUX86State *env, int n)
{
    static const floatx80 c[7] = {
        {0x8000000000000000ull, 0x3fff}, /* 1 */
        {0xd49a784bcd1b8afeull, 0x4000}, /* log2(10), next bits 0100... */
        {0xb8aa3b295c17f0bcull, 0x3fff}, /* log2(e), rounded up */
        {0xc90fdaa22168c235ull, 0x4000}, /* pi, rounded up */
        {0x9a209a84fbcff799ull, 0x3ffd}, /* log10(2), rounded up */
        {0xb17217f7d1cf79acull, 0x3ffe}, /* ln(2), rounded up */
        {0, 0},                          /* +0 */
    };
    floatx80 v = c[n];
    int rc = (env->fpuc >> 10) & 3;

    if (n == 1 && rc == float_round_up) {
        v.low++; /* log2(10) was rounded down to nearest */
    } else if (n >= 2 && n <= 5 &&
               (rc == float_round_down || rc == float_round_to_zero)) {
        v.low--; /* the others were rounded up to nearest */
    }
    return v;
}

/* FCOMI/FCOMIP/FUCOMI/FUCOMIP: ZF, PF, CF from the compare. */
static void fpu_comi(CPUX86State *env, int i, bool quiet)
{
    uint32_t fl = cpu_compute_eflags(env) & ~(CC_O | CC_S | CC_A);
    float_status *s;
    int rel;

    env->fpus &= ~FPUS_C1;
    if (fpu_empty(env, 0) || fpu_empty(env, i)) {
        if (!fpu_stack_underflow(env)) {
            return;
        }
        rel = float_relation_unordered;
    } else {
        s = fpu_status(env);
        rel = quiet ? floatx80_compare_quiet(*fpu_reg(env, 0), *fpu_reg(env, i),
                                             s)
                    : floatx80_compare(*fpu_reg(env, 0), *fpu_reg(env, i), s);
        s->rounded_up = false;
        if (!fpu_commit(env)) {
            return;
        }
    }
    fl &= ~(CC_Z | CC_P | CC_C);
    fl |= rel == float_relation_less      ? CC_C
          : rel == float_relation_equal   ? CC_Z
          : rel == float_relation_greater ? 0
                                          : CC_Z | CC_P | CC_C;
    env->cc_src = fl & (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C);
    env->cc_op = CC_OP_EFLAGS;
}

static void fpu_fcmov(CPUX86State *env, const X86Op *op)
{
    /* DA: B E BE U, DB: NB NE NBE NU as Jcc conditions 2 4 6 10 (+1) */
    static const uint8_t cc[4] = {2, 4, 6, 10};
    int i = op->rm;

    if (fpu_empty(env, 0) || fpu_empty(env, i)) {
        if (fpu_stack_underflow(env)) {
            *fpu_reg(env, 0) = INDEF;
            env->fptags[fpu_st(env, 0)] = 0;
        }
        return;
    }
    env->fpus &= ~FPUS_C1;
    if (x86_cond(env, cc[op->reg] + ((op->opc & 7) == 3))) {
        *fpu_reg(env, 0) = *fpu_reg(env, i);
    }
}

static void fpu_fxch(CPUX86State *env, int i)
{
    floatx80 t;

    if (fpu_empty(env, 0) || fpu_empty(env, i)) {
        if (!fpu_stack_underflow(env)) {
            return;
        }
        const int both[2] = {0, i};
        for (int j = 0; j < 2; j++) {
            if (fpu_empty(env, both[j])) {
                *fpu_reg(env, both[j]) = INDEF;
                env->fptags[fpu_st(env, both[j])] = 0;
            }
        }
    } else {
        env->fpus &= ~FPUS_C1;
    }
    t = *fpu_reg(env, 0);
    *fpu_reg(env, 0) = *fpu_reg(env, i);
    *fpu_reg(env, i) = t;
}

/* FST/FSTP ST(i) (and FSTP1/8/9): ST(i) = ST0, then pop. */
static void fpu_fst_sti(CPUX86State *env, int i, bool pop)
{
    floatx80 v = *fpu_reg(env, 0);

    if (fpu_empty(env, 0)) {
        if (!fpu_stack_underflow(env)) {
            return;
        }
        v = INDEF;
    } else {
        env->fpus &= ~FPUS_C1;
    }
    *fpu_reg(env, i) = v;
    env->fptags[fpu_st(env, i)] = 0;
    if (pop) {
        fpu_pop(env);
    }
}

static void fpu_fcompp(CPUX86State *env, bool quiet)
{
    if (fpu_empty(env, 0) || fpu_empty(env, 1)) {
        if (!fpu_compare_underflow(env)) {
            return;
        }
    } else if (!fpu_compare_cc(env, *fpu_reg(env, 0), *fpu_reg(env, 1),
                               quiet)) {
        return; /* an unmasked invalid: no pop */
    }
    fpu_pop(env);
    fpu_pop(env);
}

static void fpu_fld_sti(CPUX86State *env, int i)
{
    floatx80 v = *fpu_reg(env, i);

    if (fpu_empty(env, i)) {
        if (!fpu_stack_underflow(env)) {
            return;
        }
        v = INDEF;
    } else {
        env->fpus &= ~FPUS_C1;
    }
    fpu_push_checked(env, v);
}

static void fpu_fscale(CPUX86State *env)
{
    floatx80 r;

    if (fpu_empty(env, 0) || fpu_empty(env, 1)) {
        if (fpu_stack_underflow(env)) {
            *fpu_reg(env, 0) = INDEF;
            env->fptags[fpu_st(env, 0)] = 0;
        }
        return;
    }
    r = floatx80_scale(*fpu_reg(env, 0), *fpu_reg(env, 1), fpu_status(env));
    if (fpu_commit(env)) {
        *fpu_reg(env, 0) = r;
    }
}

/* FPREM (ieee = false) and FPREM1: C2 = the reduction is partial, else
 * the quotient's low bits Q2, Q1, Q0 in C0, C3, C1. */
static void fpu_fprem(CPUX86State *env, bool ieee)
{
    uint64_t q = 0;
    bool partial = false;
    floatx80 r;

    if (fpu_empty(env, 0) || fpu_empty(env, 1)) {
        if (fpu_stack_underflow(env)) {
            *fpu_reg(env, 0) = INDEF;
            env->fptags[fpu_st(env, 0)] = 0;
        }
        return;
    }
    r = floatx80_prem(*fpu_reg(env, 0), *fpu_reg(env, 1), ieee, &q, &partial,
                      fpu_status(env));
    env->fp_status.rounded_up = false;
    if (!fpu_commit(env)) {
        return;
    }
    *fpu_reg(env, 0) = r;
    env->fpus &= ~FPUS_CC;
    if (partial) {
        env->fpus |= FPUS_C2;
    } else {
        env->fpus |= ((q & 4) ? FPUS_C0 : 0) | ((q & 2) ? FPUS_C3 : 0) |
                     ((q & 1) ? FPUS_C1 : 0);
    }
}

/* FXTRACT: ST0 = the exponent, then the significand pushed. */
static void fpu_fxtract(CPUX86State *env)
{
    floatx80 e, sig;

    if (fpu_empty(env, 0) || !fpu_empty(env, 7)) {
        bool masked = fpu_empty(env, 0) ? fpu_stack_underflow(env)
                                        : fpu_stack_overflow(env);
        if (masked) {
            *fpu_reg(env, 0) = INDEF;
            env->fptags[fpu_st(env, 0)] = 0;
            fpu_push(env, INDEF);
        }
        return;
    }
    e = floatx80_extract(*fpu_reg(env, 0), &sig, fpu_status(env));
    env->fp_status.rounded_up = false;
    if (fpu_commit(env)) {
        *fpu_reg(env, 0) = e;
        fpu_push(env, sig);
    }
}

/* The masked response to a stack fault of an instruction that writes
 * ST0 (and pushes one more when push). */
static void fpu_fault_st0(CPUX86State *env, bool overflow, bool push)
{
    bool masked = overflow ? fpu_stack_overflow(env) : fpu_stack_underflow(env);

    if (masked) {
        *fpu_reg(env, 0) = INDEF;
        env->fptags[fpu_st(env, 0)] = 0;
        if (push) {
            fpu_push(env, INDEF);
        }
    }
}

/* F2XM1, FSIN, FCOS: ST0 = f(ST0); FSIN/FCOS out of range set C2 and
 * leave ST0. */
static void fpu_trans_st0(CPUX86State *env, int which)
{
    floatx80 r = {0, 0};
    float_status *s;
    bool ok = true;

    if (fpu_empty(env, 0)) {
        fpu_fault_st0(env, false, false);
        return;
    }
    s = fpu_status(env);
    switch (which) {
    case 0:
        r = floatx80_f2xm1(*fpu_reg(env, 0), s);
        break;
    case 1:
        ok = floatx80_sincos(*fpu_reg(env, 0), &r, NULL, s);
        break;
    default:
        ok = floatx80_sincos(*fpu_reg(env, 0), NULL, &r, s);
        break;
    }
    if (fpu_commit(env)) {
        env->fpus &= ~FPUS_C2;
        if (!ok) {
            env->fpus |= FPUS_C2;
        } else {
            *fpu_reg(env, 0) = r;
        }
    }
}

/* FPTAN (ST0 = tan, push 1) and FSINCOS (ST0 = sin, push cos). */
static void fpu_trans_push(CPUX86State *env, bool tan)
{
    floatx80 a, b = make_floatx80(0x3fff, 0x8000000000000000ull);
    float_status *s;
    bool ok;

    if (fpu_empty(env, 0) || !fpu_empty(env, 7)) {
        fpu_fault_st0(env, !fpu_empty(env, 0), true);
        return;
    }
    s = fpu_status(env);
    ok = tan ? floatx80_tan(*fpu_reg(env, 0), &a, s)
             : floatx80_sincos(*fpu_reg(env, 0), &a, &b, s);
    if (fpu_commit(env)) {
        env->fpus &= ~FPUS_C2;
        if (!ok) {
            env->fpus |= FPUS_C2;
        } else {
            *fpu_reg(env, 0) = a;
            fpu_push(env, b);
        }
    }
}

/* FYL2X, FYL2XP1, FPATAN: ST1 = f(ST0, ST1), then pop. */
static void fpu_trans_st1(CPUX86State *env, int which)
{
    floatx80 x = *fpu_reg(env, 0), y = *fpu_reg(env, 1), r;
    float_status *s;

    if (fpu_empty(env, 0) || fpu_empty(env, 1)) {
        if (fpu_stack_underflow(env)) {
            *fpu_reg(env, 1) = INDEF;
            env->fptags[fpu_st(env, 1)] = 0;
            fpu_pop(env);
        }
        return;
    }
    s = fpu_status(env);
    r = which == 0   ? floatx80_yl2x(x, y, s)
        : which == 1 ? floatx80_yl2xp1(x, y, s)
                     : floatx80_atan2(y, x, s);
    if (fpu_commit(env)) {
        *fpu_reg(env, 1) = r;
        fpu_pop(env);
    }
}

/* The register forms that are neither arithmetic nor control. */
static OPFN(op_fpu_reg)
{
    int esc = op->opc & 7, i = op->rm;

    fpu_prepare(env, op, true);
    fpu_set_ptrs(env, op);
    fpu_status(env);
    switch (esc << 3 | op->reg) {
    case 0x08: /* D9 C0+i FLD ST(i) */
        fpu_fld_sti(env, i);
        break;
    case 0x09: /* D9 C8+i FXCH, DD C8+i FXCH4, DF C8+i FXCH7 */
    case 0x29:
    case 0x39:
        fpu_fxch(env, i);
        break;
    case 0x0a: /* D9 D0 FNOP */
        break;
    case 0x0b: /* D9 D8+i FSTP1, DF D0+i FSTP8, DF D8+i FSTP9 */
    case 0x3a:
    case 0x3b:
    case 0x2b: /* DD D8+i FSTP ST(i) */
        fpu_fst_sti(env, i, true);
        break;
    case 0x2a: /* DD D0+i FST ST(i) */
        fpu_fst_sti(env, i, false);
        break;
    case 0x0c: /* D9 E0 FCHS, E1 FABS, E4 FTST, E5 FXAM */
        if (i == 4) {
            if (fpu_empty(env, 0)) {
                fpu_compare_underflow(env);
            } else {
                fpu_compare_cc(env, *fpu_reg(env, 0), make_floatx80(0, 0),
                               false);
            }
        } else if (i == 5) {
            env->fpus = (env->fpus & ~FPUS_CC) | fpu_fxam_cc(env);
        } else {
            fpu_unary(env, i);
        }
        break;
    case 0x0d: /* D9 E8-EE: constants */
        env->fpus &= ~FPUS_C1;
        fpu_push_checked(env, fpu_const(env, i));
        break;
    case 0x0e: /* D9 F0 F2XM1, F1 FYL2X, F2 FPTAN, F3 FPATAN, F4 FXTRACT,
                  F5 FPREM1, F6 FDECSTP, F7 FINCSTP */
        if (i == 0) {
            fpu_trans_st0(env, 0);
        } else if (i == 1) {
            fpu_trans_st1(env, 0);
        } else if (i == 2) {
            fpu_trans_push(env, true);
        } else if (i == 3) {
            fpu_trans_st1(env, 2);
        } else if (i == 4) {
            fpu_fxtract(env);
        } else if (i == 5) {
            fpu_fprem(env, true);
        } else {
            env->fpus &= ~FPUS_C1;
            env->fpstt = (env->fpstt + (i == 6 ? 7 : 1)) & 7;
        }
        break;
    case 0x0f: /* D9 F8 FPREM, F9 FYL2XP1, FA FSQRT, FB FSINCOS, FC FRNDINT,
                  FD FSCALE, FE FSIN, FF FCOS */
        if (i == 0) {
            fpu_fprem(env, false);
        } else if (i == 1) {
            fpu_trans_st1(env, 1);
        } else if (i == 3) {
            fpu_trans_push(env, false);
        } else if (i == 6 || i == 7) {
            fpu_trans_st0(env, i - 5);
        } else if (i == 5) {
            fpu_fscale(env);
        } else {
            fpu_unary(env, i == 2 ? 2 : 3);
        }
        break;
    case 0x10: /* DA C0-DF FCMOVB/E/BE/U, DB C0-DF FCMOVNB/NE/NBE/NU */
    case 0x11:
    case 0x12:
    case 0x13:
    case 0x18:
    case 0x19:
    case 0x1a:
    case 0x1b:
        fpu_fcmov(env, op);
        break;
    case 0x15: /* DA E9 FUCOMPP */
        fpu_fcompp(env, true);
        break;
    case 0x1d: /* DB E8+i FUCOMI, DF E8+i FUCOMIP */
    case 0x3d:
        fpu_comi(env, i, true);
        if (esc == 7) {
            fpu_pop(env);
        }
        break;
    case 0x1e: /* DB F0+i FCOMI, DF F0+i FCOMIP */
    case 0x3e:
        fpu_comi(env, i, false);
        if (esc == 7) {
            fpu_pop(env);
        }
        break;
    case 0x28: /* DD C0+i FFREE, DF C0+i FFREEP */
    case 0x38:
        env->fptags[fpu_st(env, i)] = 1;
        if (esc == 7) {
            fpu_pop(env);
        }
        break;
    case 0x2c: /* DD E0+i FUCOM, E8+i FUCOMP */
    case 0x2d:
        if (fpu_empty(env, 0) || fpu_empty(env, i)) {
            if (!fpu_compare_underflow(env)) {
                break;
            }
        } else {
            fpu_compare_cc(env, *fpu_reg(env, 0), *fpu_reg(env, i), true);
        }
        if (op->reg == 5) {
            fpu_pop(env);
        }
        break;
    case 0x33: /* DE D9 FCOMPP */
        fpu_fcompp(env, false);
        break;
    }
    return OPX_NEXT;
}

static OPFN(op_fpu_arith_r)
{
    fpu_prepare(env, op, true);
    fpu_set_ptrs(env, op);
    fpu_status(env);
    return fpu_arith_reg(env, op);
}

/* DB E0-E4 (FNENI FNDISI FNCLEX FNINIT FNSETPM) and DF E0 FNSTSW AX:
 * control instructions that do not wait and keep the pointers. */
static OPFN(op_fpu_nowait)
{
    fpu_prepare(env, op, false);
    if ((op->opc & 7) == 7) {
        env->regs[R_EAX] = (env->regs[R_EAX] & 0xffff0000u) | fpu_get_fsw(env);
        return OPX_NEXT;
    }
    switch (op->rm) {
    case 2: /* FNCLEX */
        env->fpus &= ~(FPUS_SE | FPUS_B | FPUS_SF | FPUC_EM);
        fpu_clear_ferr(env);
        break;
    case 3: /* FNINIT */
        fpu_init_state(env);
        fpu_clear_ferr(env);
        break;
    default: /* the 8087's FENI/FDISI, the 287's FSETPM: no-ops on a 387 */
        break;
    }
    return OPX_NEXT;
}

X86OpFn x86_fpu_decode(const CPUX86State *env, const X86Op *op)
{
    int esc = op->opc & 7, reg = op->reg, rm = op->rm;
    bool p6 = env->level >= X86_CPU_686;

    if (op->mod != 3) {
        switch (esc << 3 | reg) {
        case 0x09: /* D9 /1 */
        case 0x19: /* DB /1 FISTTP (SSE3), /4, /6 */
        case 0x1c:
        case 0x1e:
        case 0x29: /* DD /1 FISTTP, /5 */
        case 0x2d:
        case 0x39: /* DF /1 FISTTP */
            return op_ud;
        case 0x0c: /* FLDENV FNSTENV FRSTOR FNSAVE */
        case 0x0e:
        case 0x2c:
        case 0x2e:
            return op_fpu_env;
        case 0x0d: /* FLDCW FNSTCW FNSTSW m16 */
        case 0x0f:
        case 0x2f:
            return op_fpu_ctl;
        default:
            return op_fpu_mem;
        }
    }
    switch (esc) {
    case 0:
    case 4:
        return op_fpu_arith_r;
    case 6:
        /* DE D9 FCOMPP pops twice: not the DE arithmetic form's one */
        if (reg == 3) {
            return rm == 1 ? op_fpu_reg : op_ud;
        }
        return op_fpu_arith_r;
    case 1:
        if ((reg == 2 && rm != 0) ||
            (reg == 4 && (rm == 2 || rm == 3 || rm >= 6)) ||
            (reg == 5 && rm == 7)) {
            return op_ud;
        }
        return op_fpu_reg;
    case 2:
        if (reg < 4) {
            return p6 ? op_fpu_reg : op_ud;
        }
        return reg == 5 && rm == 1 ? op_fpu_reg : op_ud;
    case 3:
        if (reg < 4 || reg == 5 || reg == 6) {
            return p6 ? op_fpu_reg : op_ud;
        }
        return reg == 4 && rm <= 4 ? op_fpu_nowait : op_ud;
    case 5:
        return reg >= 6 ? op_ud : op_fpu_reg;
    default: /* 7 */
        if (reg == 4) {
            return rm == 0 ? op_fpu_nowait : op_ud;
        }
        if (reg == 5 || reg == 6) {
            return p6 ? op_fpu_reg : op_ud;
        }
        return reg == 7 ? op_ud : op_fpu_reg;
    }
}
