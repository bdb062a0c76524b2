/*
 * Debug registers (SDM vol. 3, ch. 17): instruction, data and I/O
 * breakpoints, general detect and the resume flag. The register semantics
 * follow QEMU's target/i386/tcg/sysemu/bpt_helper.c; the mechanism is the
 * interpreter's own, and costs nothing while DR7 enables no breakpoint:
 *
 * - Instruction breakpoints are looked for when a TB is translated (TBs
 *   are keyed on HF_BPT_MASK and the TB cache is flushed whenever the
 *   enabled breakpoints change). A TB ends before an instruction on a
 *   breakpoint; a TB that starts on one is a single op_bpt raising the #DB
 *   fault, unless it was translated with RF set.
 * - Data breakpoints mark the TLB entries of their pages TLB_WATCHPOINT,
 *   so only accesses to those pages reach x86_bpt_check_access (the
 *   softmmu slow path). A hit lets the access complete, records DR6.Bn,
 *   makes the running TB leave after the instruction (the self-modifying
 *   code path) and requests CPU_INTERRUPT_DBTRAP: the #DB trap is taken at
 *   the instruction boundary (x86_cpu_exec_interrupt).
 * - I/O breakpoints (R/W = 10 with CR4.DE) are checked by IN/OUT/INS/OUTS
 *   while HF_IOBPT_MASK is set, with the same trap.
 * - While data or I/O breakpoints are enabled, REP string instructions
 *   run one iteration per op (PFX_REP1): the trap follows the iteration
 *   that hit, with EIP still on the instruction if iterations remain.
 * - RF: a TB translated with RF set holds one instruction and first clears
 *   RF (op_rf_clear), as the CPU clears it at the start of the instruction
 *   after the instruction-breakpoint check.
 * - The debugger's breakpoints and watchpoints (tcg/breakpoint.c, set by
 *   the gdbstub) ride on the same paths: HF_BPT_MASK while any exists, a
 *   TB that starts on a breakpoint is one op_gdb_bpt (EXCP_DEBUG, before
 *   the instruction), watched pages are TLB_WATCHPOINT.
 */
#include "target-i386/translate.h"

static inline bool bp_enabled(uint32_t dr7, int n)
{
    return (dr7 >> (n * 2)) & 3; /* Ln or Gn */
}

static inline int bp_type(uint32_t dr7, int n)
{
    return (dr7 >> (DR7_TYPE_SHIFT + n * 4)) & 3;
}

/* LEN 00/01/11 = 1/2/4 bytes; 10 (undefined on 32-bit CPUs) = 8, as
 * QEMU. */
static inline uint32_t bp_len(uint32_t dr7, int n)
{
    uint32_t len = (dr7 >> (DR7_LEN_SHIFT + n * 4)) & 3;
    return len == 2 ? 8 : len + 1;
}

/* Does [start, start + len) overlap [addr, addr + size)? (wraps at 4G) */
static inline bool bp_overlap(uint32_t start, uint32_t len, uint32_t addr,
                              uint32_t size)
{
    return start - addr < size || addr - start < len;
}

void x86_bpt_update(CPUX86State *env)
{
    CPUState *cs = env_cpu(env);
    uint32_t dr7 = env->dr[7];
    bool was = env->bpt_insn | env->bpt_data | env->bpt_io;
    uint8_t insn = 0, data = 0, io = 0;

    for (int n = 0; n < 4; n++) {
        if (!bp_enabled(dr7, n)) {
            continue;
        }
        switch (bp_type(dr7, n)) {
        case DR7_TYPE_BP_INST:
            insn |= 1 << n;
            break;
        case DR7_TYPE_IO_RW:
            /* Deviation D28: undefined without CR4.DE: no breakpoint */
            if (env->cr[4] & CR4_DE_MASK) {
                io |= 1 << n;
            }
            break;
        default:
            data |= 1 << n;
            break;
        }
    }
    env->bpt_insn = insn;
    env->bpt_data = data;
    env->bpt_io = io;
    env->bpt_gdb = cs->nb_watchpoints != 0;
    env->hflags &= ~(HF_BPT_MASK | HF_IOBPT_MASK);
    if (insn | data || cs->nb_breakpoints || env->bpt_gdb) {
        env->hflags |= HF_BPT_MASK;
    }
    if (io) {
        env->hflags |= HF_IOBPT_MASK;
    }
    /* translations hold breakpoint checks and the TLB watch flags */
    if (was || insn | data | io) {
        tb_flush(cs);
        tlb_flush(cs);
    }
}

void cpu_x86_update_dr7(CPUX86State *env, uint32_t new_dr7)
{
    env->dr[7] = new_dr7 | DR7_FIXED_1;
    x86_bpt_update(env);
}

/* DR4/DR5 alias DR6/DR7 unless CR4.DE; DR7.GD makes any access a #DB
 * fault (DR6.BD) and is cleared for the handler. */
static int dr_access(CPUX86State *env, int reg)
{
    if (reg == 4 || reg == 5) {
        if (env->cr[4] & CR4_DE_MASK) {
            raise_exception(env, EXCP06_ILLOP);
        }
        reg += 2;
    }
    if (env->dr[7] & DR7_GD) {
        env->dr[6] |= DR6_BD;
        env->dr[7] &= ~DR7_GD;
        /* Deviation D27 (QEMU has no general detect), D26: a fault-class
         * #DB that is not an instruction breakpoint pushes RF = 1 */
        env->eflags |= RF_MASK;
        env->hflags |= HF_RF_MASK;
        raise_exception(env, EXCP01_DB);
    }
    return reg;
}

uint32_t helper_get_dr(CPUX86State *env, int reg)
{
    reg = dr_access(env, reg);
    if (reg == 6) {
        return env->dr[6] | DR6_FIXED_1;
    }
    if (reg == 7) {
        return env->dr[7] | DR7_FIXED_1;
    }
    return env->dr[reg];
}

void helper_set_dr(CPUX86State *env, int reg, uint32_t val)
{
    reg = dr_access(env, reg);
    if (reg == 7) {
        cpu_x86_update_dr7(env, val);
    } else if (reg == 6) {
        env->dr[6] = val;
    } else {
        env->dr[reg] = val;
        if (bp_enabled(env->dr[7], reg)) {
            x86_bpt_update(env); /* a live breakpoint moved */
        }
    }
}

/* ---- instruction breakpoints and RF, at translation ---- */

OPFN(op_bpt)
{
    /* the #DB fault before the instruction; RF is 0 here, so the pushed
     * EFLAGS has RF = 0 as for every instruction-breakpoint #DB */
    env->dr[6] = (env->dr[6] & ~0xfu) | op->imm;
    env->eip = op->eip;
    raise_exception(env, EXCP01_DB);
}

/* Deviation D26: RF covers one instruction (QEMU: until the TB ends). */
OPFN(op_rf_clear)
{
    env->eflags &= ~RF_MASK;
    env->hflags &= ~HF_RF_MASK;
    return OPX_NEXT;
}

void x86_rf_clear_op(X86Op *op, uint32_t pc)
{
    memset(op, 0, sizeof(*op));
    op->fn = op_rf_clear;
    op->kind = OPK_CALL;
    op->eip = op->next_eip = pc; /* len 0: not an instruction */
}

/* The debugger's breakpoint: stop before the instruction. Its op is no
 * instruction, so the unwinder's count (x86_ops_done) is given back. */
static OPFN(op_gdb_bpt)
{
    CPUState *cs = env_cpu(env);

    env->eip = op->eip;
    cs->exception_index = EXCP_DEBUG;
    cs->icount_left++;
    cpu_loop_exit(cs);
}

/* Deviation D29: instruction breakpoints are found at translation. */
int x86_bpt_decode(CPUX86State *env, uint32_t tb_pc, uint32_t pc, X86Op *op)
{
    CPUState *cs = env_cpu(env);
    uint32_t lin = env->segs[R_CS].base + pc, hit = 0;
    bool first = pc == tb_pc;
    int end;

    if (unlikely(cs->nb_breakpoints) && cpu_breakpoint_test(cs, lin, BP_GDB)) {
        memset(op, 0, sizeof(*op));
        op->eip = op->next_eip = pc;
        op->fn = first ? op_gdb_bpt : op_end;
        op->kind = first ? OPK_CALL : OPK_END;
        /* the stop covers the breakpoint's byte, so removing it drops
         * this TB (tb_invalidate_phys_range) */
        op->len = first ? 1 : 0;
        return 1;
    }
    for (int n = 0; n < 4; n++) {
        if (((env->bpt_insn >> n) & 1) && env->dr[n] == lin) {
            hit |= 1u << n;
        }
    }
    if (hit && !(first && (env->hflags & HF_RF_MASK))) {
        memset(op, 0, sizeof(*op));
        op->eip = op->next_eip = pc;
        if (first) {
            op->fn = op_bpt;
            op->kind = OPK_CALL;
            op->imm = hit;
        } else {
            op->fn = op_end; /* the next TB starts with op_bpt */
            op->kind = OPK_END;
        }
        return 1;
    }
    end = x86_decode(env, pc, op);
    if ((env->bpt_data | env->bpt_io | env->bpt_gdb) &&
        (op->pfx & (PFX_REPZ | PFX_REPNZ))) {
        op->pfx |= PFX_REP1;
    }
    return end;
}

/* ---- data and I/O breakpoints: traps after the instruction ---- */

/* Deviation D25: the access completes; the TB leaves after the
 * instruction and the trap follows (QEMU stops before it and replays). */
static void bpt_hit(CPUX86State *env, uint32_t hit)
{
    CPUState *cs = env_cpu(env);

    env->bpt_hit |= hit;
    cpu_interrupt(cs, CPU_INTERRUPT_DBTRAP);
    tb_check_watchpoint(cs);
}

int x86_bpt_page_watch(CPUX86State *env, uint32_t page)
{
    CPUState *cs = env_cpu(env);
    uint32_t dr7 = env->dr[7];
    int prot = 0;

    for (int i = 0; i < cs->nb_watchpoints; i++) {
        const CPUWatchpoint *wp = &cs->watchpoints[i];
        if (bp_overlap(wp->vaddr, wp->len, page, TARGET_PAGE_SIZE)) {
            prot |= (wp->flags & BP_MEM_WRITE ? PAGE_WRITE : 0) |
                    (wp->flags & BP_MEM_READ ? PAGE_READ : 0);
        }
    }
    for (int n = 0; n < 4; n++) {
        uint32_t len = bp_len(dr7, n);
        if (((env->bpt_data >> n) & 1) &&
            bp_overlap(env->dr[n] & ~(len - 1), len, page, TARGET_PAGE_SIZE)) {
            prot |= PAGE_WRITE;
            if (bp_type(dr7, n) == DR7_TYPE_DATA_RW) {
                prot |= PAGE_READ;
            }
        }
    }
    return prot;
}

void x86_bpt_check_access(CPUX86State *env, uint32_t addr, int size,
                          bool is_write)
{
    uint32_t dr7 = env->dr[7], hit = 0;

    if (env->bpt_gdb) {
        cpu_check_watchpoint(env_cpu(env), addr, (uint32_t)size, is_write);
    }
    for (int n = 0; n < 4; n++) {
        uint32_t len = bp_len(dr7, n);
        if (!((env->bpt_data >> n) & 1) ||
            (!is_write && bp_type(dr7, n) == DR7_TYPE_DATA_WR)) {
            continue;
        }
        if (bp_overlap(env->dr[n] & ~(len - 1), len, addr, (uint32_t)size)) {
            hit |= 1u << n;
        }
    }
    if (hit) {
        bpt_hit(env, hit);
    }
}

void x86_bpt_check_io(CPUX86State *env, uint32_t port, int size)
{
    uint32_t dr7 = env->dr[7], hit = 0;

    for (int n = 0; n < 4; n++) {
        uint32_t len = bp_len(dr7, n);
        if (((env->bpt_io >> n) & 1) &&
            bp_overlap(env->dr[n] & ~(len - 1), len, port, (uint32_t)size)) {
            hit |= 1u << n;
        }
    }
    if (hit) {
        bpt_hit(env, hit);
    }
}

void x86_debug_trap(CPUX86State *env, uint32_t dr6_set)
{
    if (env->bpt_hit) {
        env->dr[6] = (env->dr[6] & ~0xfu) | env->bpt_hit;
    }
    env->dr[6] |= dr6_set;
    x86_bpt_cancel(env);
    raise_exception(env, EXCP01_DB);
}

void helper_single_step(CPUX86State *env)
{
    x86_debug_trap(env, DR6_BS);
}

void x86_bpt_cancel(CPUX86State *env)
{
    env->bpt_hit = 0;
    cpu_reset_interrupt(env_cpu(env), CPU_INTERRUPT_DBTRAP);
}
