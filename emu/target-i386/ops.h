/*
 * The operation format: what the front end (translate.c) stores in a
 * translation block and the back end (exec-*.c, run by tcg's loop) runs.
 * One X86Op per guest instruction, with every operand pre-decoded
 * (registers as indexes, immediates and displacements sign-extended,
 * effective segment resolved, branch targets absolute). A later code
 * generator can read the same array and emit host code instead.
 */
#ifndef BMX_TARGET_I386_OPS_H
#define BMX_TARGET_I386_OPS_H

#include "target-i386/cpu.h"

typedef struct X86Op X86Op;

/* The helpers every memory operand goes through: inlined even into the
 * large threaded driver, where GCC would otherwise call them. */
#define OP_INLINE static inline __attribute__((always_inline))

/* What a handler returns: go on with the next op, or leave the TB. */
enum {
    OPX_NEXT = 0, /* fall through to op + 1 */
    OPX_JMP0 = 1, /* leave through chainable exit 0 (env->eip set) */
    OPX_JMP1 = 2, /* leave through chainable exit 1 (env->eip set) */
    /* 3, 4: the side exits of a superblock (a taken Jcc inside a TB, the
     * driver's kinds only); exits 0 and 1 belong to the TB's last op */
    OPX_NOCHAIN = 5, /* leave; next TB found by lookup (state changed) */
    OPX_LOOKUP = 6,  /* indirect branch (only eip changed): the runner may
                        look the next TB up in the jump cache itself */
};
#define TB_EXITS      4 /* chainable exits per TB: OPX_JMP0 + 0..3 */
#define TB_SIDE_EXITS 2 /* of which side exits (2, 3) */

typedef int (*X86OpFn)(CPUX86State *env, const X86Op *op);

#define NOREG R_ZERO /* no base / index register: reads as 0 */

/* op->pfx */
#define PFX_REPZ  0x01
#define PFX_REPNZ 0x02
#define PFX_LOCK  0x04
#define PFX_SEG   0x08 /* explicit segment override */
#define PFX_OPSZ  0x10 /* 0x66 seen */
#define PFX_ADSZ  0x20 /* 0x67 seen */
#define PFX_REP1  0x40 /* REP: one iteration per run (breakpoints trap) */

struct X86Op {
    X86OpFn fn;
    const void *lab;   /* the driver's code for kind (x86_set_op_label) */
    uint32_t eip;      /* this instruction */
    uint32_t next_eip; /* the following one (wrapped in 16-bit code) */
    uint32_t imm;      /* immediate, or absolute branch target */
    uint32_t imm2;     /* far selector, ENTER level, second immediate */
    uint32_t disp;     /* displacement of the memory operand */
    uint16_t opc;      /* 0x000-0x0ff, 0x100-0x1ff for 0F xx */
    uint16_t kind;     /* OPK_*: inline fast path in x86_run_tb, or a call */
    uint8_t len;
    uint8_t pfx;
    uint8_t dflag; /* operand size of a "v" operand: 1 = 16, 2 = 32 bit */
    uint8_t aflag; /* address size: 1 = 16, 2 = 32 bit */
    uint8_t mod;   /* ModRM mod; 3 = register operand */
    uint8_t reg;   /* ModRM reg field (or register in the opcode) */
    uint8_t rm;    /* ModRM rm (register number when mod == 3) */
    uint8_t seg;   /* segment of the memory operand */
    uint8_t base;  /* NOREG or register index */
    uint8_t index; /* NOREG or register index */
    uint8_t scale;
    uint8_t ot;      /* operand size log2 for this instruction: 0, 1, 2 */
    uint8_t flat;    /* op->seg flat (HF_FLAT), 32-bit addressing */
    uint8_t mmu_idx; /* softmmu index of data accesses (CPL in TB flags) */
};

/* Ops the driver runs inline (threaded dispatch, run.c); everything else
 * is OPK_CALL: op->fn is called. translate.c (set_kind) picks a kind and
 * normalises the operands for it: register forms have the first operand
 * in op->rm and the second in op->reg (or op->imm, masked to the operand
 * size); memory forms have the register operand in op->reg; byte
 * registers are stored as their byte offset in env->regs (AH = 1). Only
 * the GCC driver reads these fields; the other one calls op->fn, so
 * set_kind is not run without GCC. */
enum {
    OPK_CALL,
    OPK_END,
    OPK_JMP,
    OPK_JCC,
    OPK_MOV_RR8,
    OPK_MOV_RR16,
    OPK_MOV_RR32,
    OPK_MOV_RI8,
    OPK_MOV_RI16,
    OPK_MOV_RI32,
    OPK_LD8, /* mov reg(op->reg), [mem] */
    OPK_LD16,
    OPK_LD32,
    OPK_ST8, /* mov [mem], reg(op->reg) */
    OPK_ST16,
    OPK_ST32,
    OPK_STI8, /* mov [mem], imm */
    OPK_STI16,
    OPK_STI32,
    OPK_LEA16,
    OPK_LEA32,
    OPK_INC16,
    OPK_INC32,
    OPK_DEC16,
    OPK_DEC32,
    /* 32-bit stack operations on a flat 32-bit SS */
    OPK_PUSH32,
    OPK_POP32,
    OPK_CALL32,
    OPK_RET32,
    /* the same on a 16-bit stack (SP), 16- and 32-bit operands: real mode */
    OPK_PUSHW_SP16,
    OPK_PUSHL_SP16,
    OPK_POPW_SP16,
    OPK_POPL_SP16,
    OPK_CALLW_SP16,
    OPK_CALLL_SP16,
    OPK_RETW_SP16,
    OPK_RETL_SP16,
    /* MOVZX/MOVSX to a 32-bit register from a register or memory */
    OPK_MOVZB,
    OPK_MOVZBM,
    OPK_MOVZW,
    OPK_MOVZWM,
    OPK_MOVSB,
    OPK_MOVSBM,
    OPK_MOVSW,
    OPK_MOVSWM,
    /* IMUL r32, r/m32 [, imm]: register or memory source */
    OPK_IMUL32,
    OPK_IMUL32M,
    OPK_IMULI32,
    OPK_IMULI32M,
    /* shifts of a register by an immediate count 1..31: SHL SHR SAL SAR */
    OPK_SHI8,
    OPK_SHI16 = OPK_SHI8 + 4,
    OPK_SHI32 = OPK_SHI16 + 4,
    /* ALU groups of 9 kinds, ADD OR ADC SBB AND SUB XOR CMP TEST, per form
     * (RR reg/reg, RI reg/imm, RM reg/mem, MR mem/reg, MI mem/imm) and
     * size (8, 16, 32) */
    OPK_ALU_BASE = OPK_SHI32 + 4,
    OPK_ALU_NB = OPK_ALU_BASE + 15 * 9,
    /* Jcc right after an ALU kind of the same TB: the condition straight
     * from cc_dst/cc_src of a SUB/CMP or of a logic op (INC/DEC for Z
     * and S), per size and condition */
    OPK_JCC_SUB_BASE = OPK_ALU_NB,
    OPK_JCC_LOGIC_BASE = OPK_JCC_SUB_BASE + 3 * 16,
    OPK_NB = OPK_JCC_LOGIC_BASE + 3 * 16,
};
_Static_assert(OPK_NB <= 0x10000, "X86Op.kind is 16 bits");
#define OPK_JCC_SUB(ot, cc)   (OPK_JCC_SUB_BASE + (ot)*16 + (cc))
#define OPK_JCC_LOGIC(ot, cc) (OPK_JCC_LOGIC_BASE + (ot)*16 + (cc))

#define OPK_ALU_RR   0
#define OPK_ALU_RI   1
#define OPK_ALU_RM   2
#define OPK_ALU_MR   3
#define OPK_ALU_MI   4
#define OPK_ALU_TEST 8 /* the ninth operation of a group */
/* The kind of ALU operation k (0..8) in form f at size ot (0..2). */
#define OPK_ALU(f, ot, k) (OPK_ALU_BASE + ((f)*3 + (ot)) * 9 + (k))

/* The ra value for an op: identifies it for cpu_restore_state. */
#define OP_RA(op) ((uintptr_t)(op))

/* Front end. Decodes the instruction at env's cs_base + eip into *op;
 * returns false if the opcode is invalid (op then raises #UD). Defined
 * in translate.c. */
typedef struct DisasContext DisasContext;

/* Handlers (exec-*.c) referenced by the decoder table. */
/* Handlers share one signature; not all of them use both arguments. */
#define OPFN(name)                                                             \
    int name(CPUX86State *env __attribute__((unused)),                         \
             const X86Op *op __attribute__((unused)))
OPFN(op_ud);
OPFN(op_cmov);
OPFN(op_nop_ev);
OPFN(op_rdpmc);
OPFN(op_sysenter);
OPFN(op_sysexit);
OPFN(op_end);
OPFN(op_alu_eg);
OPFN(op_alu_ge);
OPFN(op_alu_ai);
OPFN(op_grp1);
OPFN(op_push_seg);
OPFN(op_pop_seg);
OPFN(op_daa);
OPFN(op_das);
OPFN(op_aaa);
OPFN(op_aas);
OPFN(op_aam);
OPFN(op_aad);
OPFN(op_salc);
OPFN(op_inc_r);
OPFN(op_dec_r);
OPFN(op_push_r);
OPFN(op_pop_r);
OPFN(op_pusha);
OPFN(op_popa);
OPFN(op_bound);
OPFN(op_arpl);
OPFN(op_push_i);
OPFN(op_imul_gei);
OPFN(op_ins);
OPFN(op_outs);
OPFN(op_jcc);
OPFN(op_test_eg);
OPFN(op_test_ai);
OPFN(op_xchg_eg);
OPFN(op_mov_eg);
OPFN(op_mov_ge);
OPFN(op_mov_ew_s);
OPFN(op_lea);
OPFN(op_mov_s_ew);
OPFN(op_pop_e);
OPFN(op_xchg_ax);
OPFN(op_nop);
OPFN(op_cbw);
OPFN(op_cwd);
OPFN(op_call_far);
OPFN(op_wait);
OPFN(op_pushf);
OPFN(op_popf);
OPFN(op_sahf);
OPFN(op_lahf);
OPFN(op_mov_a_moffs);
OPFN(op_mov_moffs_a);
OPFN(op_movs);
OPFN(op_cmps);
OPFN(op_stos);
OPFN(op_lods);
OPFN(op_scas);
OPFN(op_mov_r_i);
OPFN(op_shift);
OPFN(op_ret);
OPFN(op_lxs);
OPFN(op_mov_e_i);
OPFN(op_enter);
OPFN(op_leave);
OPFN(op_retf);
OPFN(op_int3);
OPFN(op_int);
OPFN(op_into);
OPFN(op_iret);
OPFN(op_xlat);
OPFN(op_fpu);
OPFN(op_loop);
OPFN(op_jcxz);
OPFN(op_in);
OPFN(op_out);
OPFN(op_call);
OPFN(op_jmp);
OPFN(op_jmp_far);
OPFN(op_int1);
OPFN(op_hlt);
OPFN(op_cmc);
OPFN(op_grp3);
OPFN(op_flagop);
OPFN(op_grp4);
OPFN(op_grp5);
/* 0F xx */
OPFN(op_grp6);
OPFN(op_grp7);
OPFN(op_lar_lsl);
OPFN(op_clts);
OPFN(op_invd);
OPFN(op_mov_cr);
OPFN(op_mov_dr);
OPFN(op_wrmsr);
OPFN(op_rdtsc);
OPFN(op_rdmsr);
OPFN(op_setcc);
OPFN(op_cpuid);
OPFN(op_bt);
OPFN(op_shxd);
OPFN(op_rsm);
OPFN(op_imul_ge);
OPFN(op_cmpxchg);
OPFN(op_movx);
OPFN(op_grp8);
OPFN(op_bsf_bsr);
OPFN(op_xadd);
OPFN(op_cmpxchg8b);
OPFN(op_bswap);
OPFN(op_loadall);

/* Per-operation specialisations (exec-alu.c), indexed by ALU kind. */
extern const X86OpFn x86_alu_eg_fns[8];
extern const X86OpFn x86_alu_ge_fns[8];
extern const X86OpFn x86_alu_ai_fns[8];
extern const X86OpFn x86_grp1_fns[8];

/* ---- shared inline helpers for handlers ---- */

/* The effective address before the 16-bit wrap (R_ZERO for no base or
 * index). */
OP_INLINE uint32_t op_ea32(CPUX86State *env, const X86Op *op)
{
    return op->disp + env->regs[op->base] + (env->regs[op->index] << op->scale);
}

OP_INLINE uint32_t op_ea(CPUX86State *env, const X86Op *op)
{
    uint32_t a = op_ea32(env, op);
    if (op->aflag == 1) {
        a &= 0xffff;
    }
    return a;
}

/* Segment limit fault of an access of size bytes at offset ea: #GP(0),
 * or #SS(0) for SS (the 286 raises #GP for both). */
QEMU_NORETURN void x86_seg_limit_fault(CPUX86State *env, int seg, uintptr_t ra);
/* The whole check of a data access through a segment's cached descriptor:
 * in protected mode the rights (null/not present, writes to code or
 * read-only data, reads of execute-only code: #GP(0)), in every mode the
 * limit, expand-down included. Returns if the access is allowed. */
void x86_seg_check_slow(CPUX86State *env, int seg, uint32_t ea, unsigned size,
                        bool write, uintptr_t ra);

/* The common case inline: a present, writable, expand-up data segment
 * with the access inside its limit; anything else takes the slow path. */
OP_INLINE void seg_check_rw(CPUX86State *env, int seg, uint32_t ea,
                            unsigned size, bool write, uintptr_t ra)
{
    const SegmentCache *sc = &env->segs[seg];
    if (likely((env->seg_fast16 >> seg) & 1) && likely(ea <= 0x10000u - size)) {
        return; /* inside the first 64 KiB of a writable data segment */
    }
    if (unlikely(!x86_seg_is_rw_data(sc->flags) ||
                 ea > sc->limit - (size - 1) || sc->limit < size - 1)) {
        x86_seg_check_slow(env, seg, ea, size, write, ra);
    }
}

/* A read of size bytes at offset ea of segment seg. */
static inline void seg_check(CPUX86State *env, int seg, uint32_t ea,
                             unsigned size, uintptr_t ra)
{
    seg_check_rw(env, seg, ea, size, false, ra);
}

/* A write (or read-modify-write). */
static inline void seg_check_w(CPUX86State *env, int seg, uint32_t ea,
                               unsigned size, uintptr_t ra)
{
    seg_check_rw(env, seg, ea, size, true, ra);
}

/* Linear address of the op's memory operand for an access of 1 << ot
 * bytes. A flat segment (known when translating) needs no test at all: a
 * 4 GiB limit wraps (seg_check.c). */
OP_INLINE uint32_t op_linear_rw(CPUX86State *env, const X86Op *op, int ot,
                                bool write)
{
    uint32_t ea;

    if (likely(op->flat)) { /* 32-bit addressing: no 16-bit wrap */
        return op_ea32(env, op);
    }
    ea = op_ea(env, op);
    seg_check_rw(env, op->seg, ea, 1u << ot, write, (uintptr_t)op);
    return env->segs[op->seg].base + ea;
}

static inline uint32_t op_linear_ot(CPUX86State *env, const X86Op *op, int ot)
{
    return op_linear_rw(env, op, ot, false);
}

static inline uint32_t op_linear_w_ot(CPUX86State *env, const X86Op *op, int ot)
{
    return op_linear_rw(env, op, ot, true);
}

static inline uint32_t op_linear(CPUX86State *env, const X86Op *op)
{
    return op_linear_rw(env, op, op->ot, false);
}

static inline uint32_t op_linear_w(CPUX86State *env, const X86Op *op)
{
    return op_linear_rw(env, op, op->ot, true);
}

/* Register access by operand size; byte registers 4-7 are AH..BH. */
OP_INLINE uint32_t get_reg(CPUX86State *env, int ot, int r)
{
    switch (ot) {
    case 0:
        return r < 4 ? env->regs[r] & 0xff : (env->regs[r - 4] >> 8) & 0xff;
    case 1:
        return env->regs[r] & 0xffff;
    default:
        return env->regs[r];
    }
}

OP_INLINE void set_reg(CPUX86State *env, int ot, int r, uint32_t v)
{
    switch (ot) {
    case 0:
        if (r < 4) {
            env->regs[r] = (env->regs[r] & ~0xffu) | (v & 0xff);
        } else {
            env->regs[r - 4] =
                (env->regs[r - 4] & ~0xff00u) | ((v & 0xff) << 8);
        }
        break;
    case 1:
        env->regs[r] = (env->regs[r] & ~0xffffu) | (v & 0xffff);
        break;
    default:
        env->regs[r] = v;
        break;
    }
}

/* Memory through the TLB: inline hit path, slow path in mmu/. The _idx
 * forms take the MMU index the translator stored in the op. */
OP_INLINE uint32_t x86_ld_idx(CPUX86State *env, uint32_t addr, int ot, int idx,
                              uintptr_t ra)
{
    CPUTLBEntry *e = &env_cpu(env)->tlb.d[idx].table[tlb_index(addr)];
    unsigned size = 1u << ot;

    /* QEMU's test: an aligned access matches the tag (so it cannot cross
     * the page); an unaligned one takes the slow path, which does all */
    if (likely(e->addr_read == (addr & (TARGET_PAGE_MASK32 | (size - 1))))) {
        const uint8_t *p = (const uint8_t *)(uintptr_t)(addr + e->addend);
        uint16_t w;
        uint32_t l;
        switch (ot) {
        case 0:
            return *p;
        case 1:
            memcpy(&w, p, 2);
            return w;
        default:
            memcpy(&l, p, 4);
            return l;
        }
    }
    switch (ot) {
    case 0:
        return cpu_ldub_mmuidx_ra(env, addr, idx, ra);
    case 1:
        return cpu_lduw_mmuidx_ra(env, addr, idx, ra);
    default:
        return cpu_ldl_mmuidx_ra(env, addr, idx, ra);
    }
}

OP_INLINE void x86_st_idx(CPUX86State *env, uint32_t addr, int ot, uint32_t v,
                          int idx, uintptr_t ra)
{
    CPUTLBEntry *e = &env_cpu(env)->tlb.d[idx].table[tlb_index(addr)];
    unsigned size = 1u << ot;

    if (likely(e->addr_write == (addr & (TARGET_PAGE_MASK32 | (size - 1))))) {
        uint8_t *p = (uint8_t *)(uintptr_t)(addr + e->addend);
        uint16_t w = (uint16_t)v;
        switch (ot) {
        case 0:
            *p = (uint8_t)v;
            return;
        case 1:
            memcpy(p, &w, 2);
            return;
        default:
            memcpy(p, &v, 4);
            return;
        }
    }
    switch (ot) {
    case 0:
        cpu_stb_mmuidx_ra(env, addr, v, idx, ra);
        return;
    case 1:
        cpu_stw_mmuidx_ra(env, addr, v, idx, ra);
        return;
    default:
        cpu_stl_mmuidx_ra(env, addr, v, idx, ra);
        return;
    }
}

static inline uint32_t x86_ld(CPUX86State *env, uint32_t addr, int ot,
                              uintptr_t ra)
{
    return x86_ld_idx(env, addr, ot, cpu_mmu_index(env, false), ra);
}

static inline void x86_st(CPUX86State *env, uint32_t addr, int ot, uint32_t v,
                          uintptr_t ra)
{
    x86_st_idx(env, addr, ot, v, cpu_mmu_index(env, false), ra);
}

/* r/m operand of the op at size ot. */
OP_INLINE uint32_t ld_rm(CPUX86State *env, const X86Op *op, int ot)
{
    if (op->mod == 3) {
        return get_reg(env, ot, op->rm);
    }
    return x86_ld_idx(env, op_linear_ot(env, op, ot), ot, op->mmu_idx,
                      OP_RA(op));
}

OP_INLINE void st_rm(CPUX86State *env, const X86Op *op, int ot, uint32_t v)
{
    if (op->mod == 3) {
        set_reg(env, ot, op->rm, v);
    } else {
        x86_st_idx(env, op_linear_w_ot(env, op, ot), ot, v, op->mmu_idx,
                   OP_RA(op));
    }
}

static inline uint32_t ot_mask(int ot)
{
    return ot == 2 ? 0xffffffffu : (1u << (8 << ot)) - 1;
}

static inline uint32_t sext(uint32_t v, int ot)
{
    return ot == 0 ? (uint32_t)(int8_t)v : ot == 1 ? (uint32_t)(int16_t)v : v;
}

/* Stack: SS-relative with ESP or SP by SS.B. */
static inline uint32_t sp_mask(CPUX86State *env)
{
    return (env->hflags & HF_SS32_MASK) ? 0xffffffffu : 0xffff;
}

static inline void set_sp(CPUX86State *env, uint32_t v)
{
    uint32_t m = sp_mask(env);
    env->regs[R_ESP] = (env->regs[R_ESP] & ~m) | (v & m);
}

/* PUSH/POP through SS with stack-pointer mask m (0xffff or 0xffffffff)
 * and MMU index idx: the stack is checked, then ESP/SP updated, so a fault
 * leaves it alone. x86_push/x86_pop take both from the CPU state; the
 * driver's 16-bit stack kinds pass them as constants. */
OP_INLINE void x86_push_m(CPUX86State *env, int ot, uint32_t v, uint32_t m,
                          int idx, uintptr_t ra)
{
    uint32_t sp = (env->regs[R_ESP] - (1u << ot)) & m;
    seg_check_w(env, R_SS, sp, 1u << ot, ra);
    x86_st_idx(env, env->segs[R_SS].base + sp, ot, v, idx, ra);
    env->regs[R_ESP] = (env->regs[R_ESP] & ~m) | sp;
}

OP_INLINE uint32_t x86_pop_m(CPUX86State *env, int ot, uint32_t m, int idx,
                             uintptr_t ra)
{
    uint32_t sp = env->regs[R_ESP] & m;
    uint32_t v;
    seg_check(env, R_SS, sp, 1u << ot, ra);
    v = x86_ld_idx(env, env->segs[R_SS].base + sp, ot, idx, ra);
    env->regs[R_ESP] = (env->regs[R_ESP] & ~m) | ((sp + (1u << ot)) & m);
    return v;
}

void x86_push(CPUX86State *env, int ot, uint32_t v, uintptr_t ra);
uint32_t x86_pop(CPUX86State *env, int ot, uintptr_t ra);

/* Lazy flags set by an op. */
static inline void set_cc(CPUX86State *env, uint32_t ccop, uint32_t dst,
                          uint32_t src)
{
    env->cc_op = ccop;
    env->cc_dst = dst;
    env->cc_src = src;
}

bool x86_cond(CPUX86State *env, int cc); /* Jcc condition 0..15 */

/* Conditions straight from the operands of the common cc_ops, without
 * computing all flags; -1 if there is no shortcut. */
static inline int x86_cond_fast(CPUX86State *env, int cc)
{
    uint32_t op = env->cc_op;
    int size = (op - CC_OP_MULB) & 3;
    /* size 3 (ops without a size) must not shift by 64: UB */
    uint32_t m = size >= 2 ? 0xffffffffu : (1u << (8 << size)) - 1;
    uint32_t sign = (m >> 1) + 1;
    uint32_t d = env->cc_dst & m;

    if (op >= CC_OP_SUBB && op <= CC_OP_SUBL) {
        /* CMP/SUB: a - b = d */
        uint32_t b = env->cc_src & m, a = (d + b) & m;
        uint32_t sa = a ^ sign, sb = b ^ sign; /* biased for signed order */
        switch (cc >> 1) {
        case 1:
            return a < b;
        case 2:
            return d == 0;
        case 3:
            return a <= b;
        case 4:
            return (d & sign) != 0;
        case 6:
            return sa < sb;
        case 7:
            return sa <= sb;
        default:
            return -1;
        }
    }
    if ((op >= CC_OP_ADDB && op <= CC_OP_SARL) || op == CC_OP_LOGICB ||
        op == CC_OP_LOGICW || op == CC_OP_LOGICL) {
        switch (cc >> 1) {
        case 2:
            return d == 0;
        case 4:
            return (d & sign) != 0;
        default:
            break;
        }
        if (op >= CC_OP_LOGICB && op <= CC_OP_LOGICL) {
            switch (cc >> 1) {
            case 0: /* O */
            case 1: /* B */
                return 0;
            case 3: /* BE */
                return d == 0;
            case 6: /* L: S != O */
                return (d & sign) != 0;
            case 7:
                return d == 0 || (d & sign) != 0;
            default:
                break;
            }
        }
    }
    return -1;
}

/* CF without computing all flags where the cc_op makes it cheap. */
OP_INLINE uint32_t x86_cc_c(CPUX86State *env)
{
    uint32_t op = env->cc_op;
    if ((op >= CC_OP_LOGICB && op <= CC_OP_LOGICL) || op == CC_OP_CLR) {
        return 0;
    }
    if ((op >= CC_OP_INCB && op <= CC_OP_DECL) || op == CC_OP_EFLAGS) {
        return env->cc_src & CC_C;
    }
    if (op == CC_OP_SUBL) { /* a - b = dst, src = b: borrow if a < b */
        return env->cc_dst + env->cc_src < env->cc_src;
    }
    if (op == CC_OP_ADDL) { /* a + b = dst, src = a: carry if dst < a */
        return env->cc_dst < env->cc_src;
    }
    return cpu_cc_compute_c(env);
}

/* Faults from handlers (state restored from op). */
QEMU_NORETURN void x86_raise(CPUX86State *env, const X86Op *op, int excp,
                             int err);

/* Cost of the current TB: instruction counting on TB exit. */
#define X86_MAX_TB_INSNS 32

#endif /* BMX_TARGET_I386_OPS_H */
