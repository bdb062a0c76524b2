/*
 * Lazy condition codes: flag-setting instructions only record cc_op and
 * their operands; OSZAPC are computed when something reads them.
 */
#include "target-i386/cpu.h"

const uint8_t x86_parity_table[256] = {
#define P4(n) P2(n), P2(n ^ CC_P), P2(n ^ CC_P), P2(n)
#define P2(n) P1(n), P1(n ^ CC_P), P1(n ^ CC_P), P1(n)
#define P1(n) (n), (n) ^ CC_P, (n) ^ CC_P, (n)
    P4(CC_P),
    P4(0),
    P4(0),
    P4(CC_P),
#undef P1
#undef P2
#undef P4
};

static inline uint32_t cc_parity(uint32_t v)
{
    return x86_parity_table[v & 0xff];
}

static uint32_t compute_all(uint32_t op, uint32_t dst, uint32_t src1,
                            uint32_t src2)
{
    int size = (op - CC_OP_MULB) & 3;
    /* Ops without a size (EFLAGS, CLR) land on size 3: keep the shifts
     * defined; their mask and sign are never used. */
    int bits = size >= 2 ? 32 : 8 << size;
    uint32_t mask = bits == 32 ? 0xffffffffu : (1u << bits) - 1;
    uint32_t sign = 1u << (bits - 1);
    uint32_t a, b, res, cf, of, af;

    switch (op) {
    case CC_OP_EFLAGS:
        return src1 & (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C);
    case CC_OP_CLR:
        return CC_Z | CC_P;
    default:
        break;
    }
    res = dst & mask;
    uint32_t szp =
        cc_parity(res) | (res == 0 ? CC_Z : 0) | ((res & sign) ? CC_S : 0);
    switch (op) {
    case CC_OP_MULB:
    case CC_OP_MULW:
    case CC_OP_MULL:
        cf = src1 != 0;
        return cf | (cf << 11) | cc_parity(res) | ((res & sign) ? CC_S : 0);
    case CC_OP_ADDB:
    case CC_OP_ADDW:
    case CC_OP_ADDL:
        a = src1 & mask;
        b = (dst - src1) & mask;
        cf = res < a;
        af = (res ^ a ^ b) & CC_A;
        of = (~(a ^ b) & (a ^ res) & sign) ? CC_O : 0;
        return szp | cf | af | of;
    case CC_OP_ADCB:
    case CC_OP_ADCW:
    case CC_OP_ADCL:
        a = src1 & mask;
        b = (dst - src1 - src2) & mask;
        cf = src2 ? res <= a : res < a;
        af = (res ^ a ^ b) & CC_A;
        of = (~(a ^ b) & (a ^ res) & sign) ? CC_O : 0;
        return szp | cf | af | of;
    case CC_OP_SUBB:
    case CC_OP_SUBW:
    case CC_OP_SUBL:
        b = src1 & mask; /* subtrahend */
        a = (dst + src1) & mask;
        cf = a < b;
        af = (res ^ a ^ b) & CC_A;
        of = ((a ^ b) & (a ^ res) & sign) ? CC_O : 0;
        return szp | cf | af | of;
    case CC_OP_SBBB:
    case CC_OP_SBBW:
    case CC_OP_SBBL:
        b = src1 & mask;
        a = (dst + src1 + src2) & mask;
        cf = src2 ? a <= b : a < b;
        af = (res ^ a ^ b) & CC_A;
        of = ((a ^ b) & (a ^ res) & sign) ? CC_O : 0;
        return szp | cf | af | of;
    case CC_OP_LOGICB:
    case CC_OP_LOGICW:
    case CC_OP_LOGICL:
        return szp;
    case CC_OP_INCB:
    case CC_OP_INCW:
    case CC_OP_INCL:
        a = (dst - 1) & mask;
        af = (res ^ a ^ 1) & CC_A;
        of = res == sign ? CC_O : 0;
        return szp | (src1 & CC_C) | af | of;
    case CC_OP_DECB:
    case CC_OP_DECW:
    case CC_OP_DECL:
        a = (dst + 1) & mask;
        af = (res ^ a ^ 1) & CC_A;
        of = res == sign - 1 ? CC_O : 0;
        return szp | (src1 & CC_C) | af | of;
    case CC_OP_SHLB:
    case CC_OP_SHLW:
    case CC_OP_SHLL:
        cf = (src1 >> (bits - 1)) & 1;
        of = ((src1 ^ dst) & sign) ? CC_O : 0;
        return szp | cf | of;
    case CC_OP_SARB:
    case CC_OP_SARW:
    case CC_OP_SARL:
        cf = src1 & 1;
        of = ((src1 ^ dst) & sign) ? CC_O : 0;
        return szp | cf | of;
    default:
        bmx_panic("bad cc_op %u", (unsigned)op);
    }
}

uint32_t cpu_cc_compute_all(CPUX86State *env)
{
    return compute_all(env->cc_op, env->cc_dst, env->cc_src, env->cc_src2);
}

uint32_t cpu_cc_compute_c(CPUX86State *env)
{
    uint32_t op = env->cc_op;
    int size = (op - CC_OP_MULB) & 3;
    uint32_t mask = size >= 2 ? 0xffffffffu : (1u << (8 << size)) - 1;

    switch (op) {
    case CC_OP_LOGICB:
    case CC_OP_LOGICW:
    case CC_OP_LOGICL:
    case CC_OP_CLR:
        return 0;
    case CC_OP_ADDB:
    case CC_OP_ADDW:
    case CC_OP_ADDL:
        return (env->cc_dst & mask) < (env->cc_src & mask);
    case CC_OP_SUBB:
    case CC_OP_SUBW:
    case CC_OP_SUBL:
        return ((env->cc_dst + env->cc_src) & mask) < (env->cc_src & mask);
    case CC_OP_INCB:
    case CC_OP_INCW:
    case CC_OP_INCL:
    case CC_OP_DECB:
    case CC_OP_DECW:
    case CC_OP_DECL:
        return env->cc_src & CC_C;
    case CC_OP_EFLAGS:
        return env->cc_src & CC_C;
    default:
        return cpu_cc_compute_all(env) & CC_C;
    }
}

uint32_t cpu_compute_eflags(CPUX86State *env)
{
    return env->eflags | cpu_cc_compute_all(env) | (env->df & DF_MASK);
}

void cpu_load_eflags(CPUX86State *env, uint32_t eflags, uint32_t update_mask)
{
    env->cc_src = eflags & (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C);
    env->cc_op = CC_OP_EFLAGS;
    env->df = 1 - (2 * ((eflags >> 10) & 1));
    env->eflags = (env->eflags & ~update_mask) | (eflags & update_mask) | 0x2;
    env->eflags &= ~(CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C | DF_MASK);
    x86_update_hflags(env);
}
