/*
 * Back end, string instructions with REP/REPZ/REPNZ. A REP op runs up to
 * REP_CHUNK iterations, then leaves the TB at the same instruction so
 * interrupts and the budget are seen; registers are updated per
 * iteration, so a fault in the middle restarts correctly. Each iteration
 * counts as an instruction (the budget, the virtual clock, the TSC), as
 * in QEMU under icount, where a REP instruction is run once per iteration:
 * a budget bounds the work a guest does, however long its counts.
 */
#include "target-i386/ops.h"
#include "target-i386/exec.h"

#define REP_CHUNK 1024

typedef struct StrCtx {
    uint32_t amask;
    int32_t step;
    uint32_t ecx0; /* the count before this run (REP only) */
} StrCtx;

static inline void str_init(CPUX86State *env, const X86Op *op, StrCtx *c)
{
    c->amask = op->aflag == 2 ? 0xffffffffu : 0xffff;
    c->step = env->df * (1 << op->ot);
    c->ecx0 = env->regs[R_ECX] & c->amask;
}

static inline uint32_t str_reg(CPUX86State *env, StrCtx *c, int r)
{
    return env->regs[r] & c->amask;
}

static inline void str_adv(CPUX86State *env, StrCtx *c, int r)
{
    env->regs[r] = (env->regs[r] & ~c->amask) |
                   ((env->regs[r] + (uint32_t)c->step) & c->amask);
}

/* Returns the iteration count to run; 0 = nothing (ECX zero); at most one
 * with PFX_REP1, REP_CHUNK, or what is left of the budget. */
static inline uint32_t rep_count(CPUX86State *env, const X86Op *op, StrCtx *c)
{
    uint32_t n;
    int32_t left = env_cpu(env)->icount_left;

    if (!(op->pfx & (PFX_REPZ | PFX_REPNZ))) {
        return 1;
    }
    n = c->ecx0;
    if ((op->pfx & PFX_REP1) && n) {
        return 1;
    }
    n = n > REP_CHUNK ? REP_CHUNK : n;
    if (left < (int32_t)n) {
        n = left < 1 ? 1 : (uint32_t)left; /* one, to make progress */
    }
    return n;
}

static inline void rep_dec(CPUX86State *env, const X86Op *op, StrCtx *c)
{
    if (op->pfx & (PFX_REPZ | PFX_REPNZ)) {
        env->regs[R_ECX] = (env->regs[R_ECX] & ~c->amask) |
                           ((env->regs[R_ECX] - 1) & c->amask);
    }
}

static void str_fault_286(CPUX86State *env, const X86Op *op, StrCtx *c, int r,
                          bool straddle);

/* Linear address of [seg:reg] for an access of the op's size. */
static inline uint32_t str_addr_rw(CPUX86State *env, const X86Op *op, StrCtx *c,
                                   int seg, int r, bool write)
{
    uint32_t ea = env->regs[r] & c->amask;
    if (env->level < X86_CPU_386) {
        const SegmentCache *sc = &env->segs[seg];
        if (unlikely(ea > sc->limit - ((1u << op->ot) - 1))) {
            str_fault_286(env, op, c, r, ea <= sc->limit);
        }
    }
    seg_check_rw(env, seg, ea, 1u << op->ot, write, OP_RA(op));
    return env->segs[seg].base + ea;
}

#define str_addr(env, op, c, seg, r)   str_addr_rw(env, op, c, seg, r, false)
#define str_addr_w(env, op, c, seg, r) str_addr_rw(env, op, c, seg, r, true)

/* The 286 finishes the iteration's register updates (the index registers
 * of the accesses so far, and CX under REP) before it raises #GP for an
 * access past the segment limit. straddle: the access starts inside the
 * limit and ends past it. A REP word access through ES:DI that straddles
 * (a word at offset 0xFFFF in real mode) leaves CX as the hardware
 * captures in SingleStepTests show: decremented twice by INSW, MOVSW and
 * STOSW, not at all by CMPSW; SCASW and DS:SI straddles decrement once. */
static void str_fault_286(CPUX86State *env, const X86Op *op, StrCtx *c, int r,
                          bool straddle)
{
    uint8_t b = op->opc & 0xfe;
    int dec = 1;

    str_adv(env, c, r);
    if (r == R_EDI && b == 0xa4) {
        str_adv(env, c, R_ESI); /* MOVS: SI was used first */
    } else if (r == R_ESI && b == 0xa6) {
        str_adv(env, c, R_EDI); /* CMPS: DI was used first */
    }
    if (straddle && op->ot == 1 && r == R_EDI) {
        if (b == 0x6c || b == 0xa4 || b == 0xaa) {
            dec = 2;
        } else if (b == 0xa6) {
            dec = 0;
        }
    }
    while (dec--) {
        rep_dec(env, op, c);
    }
    raise_exception_err_ra(env, EXCP0D_GPF, 0, OP_RA(op));
}

/* Common end: continue with the next op, or come back to this one. */
static inline int rep_done(CPUX86State *env, const X86Op *op, StrCtx *c,
                           bool stopped)
{
    uint32_t ran = (c->ecx0 - env->regs[R_ECX]) & c->amask;

    if (ran > 1 && (op->pfx & (PFX_REPZ | PFX_REPNZ))) {
        /* the TB's exit counts the instruction once */
        env_cpu(env)->icount_left -= (int32_t)(ran - 1);
    }
    if (!(op->pfx & (PFX_REPZ | PFX_REPNZ)) || stopped ||
        (env->regs[R_ECX] & c->amask) == 0) {
        return OPX_NEXT;
    }
    env->eip = op->eip;
    if (env->level >= X86_CPU_386) {
        /* Deviation D26: between iterations RF is set; the rest does not
         * hit the instruction breakpoint again, an event pushes RF = 1 */
        env->eflags |= RF_MASK;
        env->hflags |= HF_RF_MASK;
    }
    return OPX_NOCHAIN;
}

OPFN(op_movs)
{
    StrCtx c;
    uint32_t n;

    str_init(env, op, &c);
    n = rep_count(env, op, &c);
    while (n--) {
        uint32_t v = x86_ld(env, str_addr(env, op, &c, op->seg, R_ESI), op->ot,
                            OP_RA(op));
        x86_st(env, str_addr_w(env, op, &c, R_ES, R_EDI), op->ot, v, OP_RA(op));
        str_adv(env, &c, R_ESI);
        str_adv(env, &c, R_EDI);
        rep_dec(env, op, &c);
    }
    return rep_done(env, op, &c, false);
}

OPFN(op_stos)
{
    StrCtx c;
    uint32_t n;
    uint32_t v = get_reg(env, op->ot, R_EAX);

    str_init(env, op, &c);
    n = rep_count(env, op, &c);
    while (n--) {
        x86_st(env, str_addr_w(env, op, &c, R_ES, R_EDI), op->ot, v, OP_RA(op));
        str_adv(env, &c, R_EDI);
        rep_dec(env, op, &c);
    }
    return rep_done(env, op, &c, false);
}

OPFN(op_lods)
{
    StrCtx c;
    uint32_t n;

    str_init(env, op, &c);
    n = rep_count(env, op, &c);
    while (n--) {
        set_reg(env, op->ot, R_EAX,
                x86_ld(env, str_addr(env, op, &c, op->seg, R_ESI), op->ot,
                       OP_RA(op)));
        str_adv(env, &c, R_ESI);
        rep_dec(env, op, &c);
    }
    return rep_done(env, op, &c, false);
}

static bool cmp_stop(CPUX86State *env, const X86Op *op)
{
    bool zf;
    if (!(op->pfx & (PFX_REPZ | PFX_REPNZ))) {
        return true;
    }
    zf = (cpu_cc_compute_all(env) & CC_Z) != 0;
    return (op->pfx & PFX_REPZ) ? !zf : zf;
}

static void cmp_set(CPUX86State *env, int ot, uint32_t a, uint32_t b)
{
    uint32_t m = ot_mask(ot);
    env->cc_op = CC_OP_SUBB + ot;
    env->cc_src = b & m;
    env->cc_dst = (a - b) & m;
}

OPFN(op_cmps)
{
    StrCtx c;
    uint32_t n;
    bool stop = false;

    str_init(env, op, &c);
    n = rep_count(env, op, &c);
    while (n-- && !stop) {
        /* the 286 checks ES:DI first */
        uint32_t db = str_addr(env, op, &c, R_ES, R_EDI);
        uint32_t sa = str_addr(env, op, &c, op->seg, R_ESI);
        uint32_t a = x86_ld(env, sa, op->ot, OP_RA(op));
        uint32_t b = x86_ld(env, db, op->ot, OP_RA(op));
        cmp_set(env, op->ot, a, b);
        str_adv(env, &c, R_ESI);
        str_adv(env, &c, R_EDI);
        rep_dec(env, op, &c);
        stop = cmp_stop(env, op);
    }
    return rep_done(env, op, &c, stop);
}

OPFN(op_scas)
{
    StrCtx c;
    uint32_t n;
    uint32_t a = get_reg(env, op->ot, R_EAX);
    bool stop = false;

    str_init(env, op, &c);
    n = rep_count(env, op, &c);
    while (n-- && !stop) {
        uint32_t b =
            x86_ld(env, str_addr(env, op, &c, R_ES, R_EDI), op->ot, OP_RA(op));
        cmp_set(env, op->ot, a, b);
        str_adv(env, &c, R_EDI);
        rep_dec(env, op, &c);
        stop = cmp_stop(env, op);
    }
    return rep_done(env, op, &c, stop);
}

static uint32_t port_in(int ot, uint32_t port)
{
    return ot == 0 ? cpu_inb(port) : ot == 1 ? cpu_inw(port) : cpu_inl(port);
}

static void port_out(int ot, uint32_t port, uint32_t v)
{
    if (ot == 0) {
        cpu_outb(port, (uint8_t)v);
    } else if (ot == 1) {
        cpu_outw(port, (uint16_t)v);
    } else {
        cpu_outl(port, v);
    }
}

OPFN(op_ins)
{
    StrCtx c;
    uint32_t n;
    uint32_t port = env->regs[R_EDX] & 0xffff;
    int r;

    x86_check_io(env, op, port, 1 << op->ot);
    str_init(env, op, &c);
    n = rep_count(env, op, &c);
    while (n--) {
        uint32_t a = str_addr_w(env, op, &c, R_ES, R_EDI);
        /* probe the destination before the port read has side effects */
        probe_access(env, a, 1 << op->ot, MMU_DATA_STORE,
                     cpu_mmu_index(env, false), OP_RA(op));
        x86_st(env, a, op->ot, port_in(op->ot, port), OP_RA(op));
        str_adv(env, &c, R_EDI);
        rep_dec(env, op, &c);
    }
    r = rep_done(env, op, &c, false);
    if (r == OPX_NEXT) {
        env->eip = op->next_eip;
    }
    return OPX_NOCHAIN;
}

OPFN(op_outs)
{
    StrCtx c;
    uint32_t n;
    uint32_t port = env->regs[R_EDX] & 0xffff;
    int r;

    x86_check_io(env, op, port, 1 << op->ot);
    str_init(env, op, &c);
    n = rep_count(env, op, &c);
    while (n--) {
        uint32_t v = x86_ld(env, str_addr(env, op, &c, op->seg, R_ESI), op->ot,
                            OP_RA(op));
        port_out(op->ot, port, v);
        str_adv(env, &c, R_ESI);
        rep_dec(env, op, &c);
    }
    r = rep_done(env, op, &c, false);
    if (r == OPX_NEXT) {
        env->eip = op->next_eip;
    }
    return OPX_NOCHAIN;
}

OPFN(op_in)
{
    uint32_t port = (op->opc & 8) ? env->regs[R_EDX] & 0xffff : op->imm & 0xff;
    x86_check_io(env, op, port, 1 << op->ot);
    env->eip = op->eip; /* devices may look at the CPU */
    set_reg(env, op->ot, R_EAX, port_in(op->ot, port));
    env->eip = op->next_eip;
    return OPX_NOCHAIN;
}

OPFN(op_out)
{
    uint32_t port = (op->opc & 8) ? env->regs[R_EDX] & 0xffff : op->imm & 0xff;
    x86_check_io(env, op, port, 1 << op->ot);
    env->eip = op->next_eip;
    port_out(op->ot, port, get_reg(env, op->ot, R_EAX));
    return OPX_NOCHAIN;
}
