/*
 * emu/tcg: the execution engine -- the cpu_exec loop, the translation-block
 * cache (hash table + per-CPU jump cache + static pool), chaining of direct
 * jumps, invalidation of translated code when its page is written, and the
 * interpreter ("back end") that runs a block's pre-decoded operations.
 *
 * The front end (x86 bytes -> operations) lives in the target room; the
 * back end only sees the operation format declared in target-i386/ops.h.
 */
#ifndef BMX_TCG_TCG_H
#define BMX_TCG_TCG_H

#include "util/util.h"
#include "mmu/mmu.h"

struct AddressSpace;
typedef struct TranslationBlock TranslationBlock;

/* cpu_exec() results and internal exception numbers (QEMU's values). */
#define EXCP_INTERRUPT 0x10000 /* exit request (cpu_exit, interrupt poll) */
#define EXCP_HLT       0x10001 /* HLT executed, CPU halted */
#define EXCP_DEBUG     0x10002 /* debug stop */
#define EXCP_HALTED    0x10003 /* CPU already halted, nothing to run */
#define EXCP_YIELD     0x10004
#define EXCP_BUDGET    0x10005 /* instruction budget used up (bmx) */

/* interrupt_request bits (QEMU's meanings). */
#define CPU_INTERRUPT_HARD   0x0002 /* INTR pin (PIC) */
#define CPU_INTERRUPT_EXITTB 0x0004 /* leave the current TB */
#define CPU_INTERRUPT_HALT   0x0020
#define CPU_INTERRUPT_DEBUG  0x0080
#define CPU_INTERRUPT_DBTRAP 0x0100 /* x86 #DB trap after the instruction */
#define CPU_INTERRUPT_RESET  0x0400
#define CPU_INTERRUPT_SMI    0x0800
#define CPU_INTERRUPT_NMI    0x1000
#define CPU_INTERRUPT_INIT   0x2000
#define CPU_INTERRUPT_POLL   0x4000
#define CPU_INTERRUPT_MCE    0x8000

#define TB_JMP_CACHE_BITS 10
#define TB_JMP_CACHE_SIZE (1 << TB_JMP_CACHE_BITS)

/*
 * Exceptions unwind to cpu_exec with __builtin_setjmp/__builtin_longjmp:
 * GCC's builtins need no libc (emu/ may not include <setjmp.h>), save only
 * frame/stack pointer and resume label (5 words), and work the same on
 * the host and on Thumb-2. The unwinder passes its reason through
 * cs->exception_index, never through the longjmp value.
 */
typedef void *sigjmp_buf_bmx[5];

/* Debugger breakpoints and watchpoints (QEMU's CPUBreakpoint and
 * CPUWatchpoint, include/hw/core/cpu.h): fixed arrays instead of QEMU's
 * lists (no malloc). Only the gdbstub sets them; the guest's own DR0-DR7
 * stay separate. */
#define BP_MEM_READ             0x01
#define BP_MEM_WRITE            0x02
#define BP_MEM_ACCESS           (BP_MEM_READ | BP_MEM_WRITE)
#define BP_GDB                  0x10
#define BP_GDB_HW               0x20 /* bmx86: a Z1 (hardware) breakpoint */
#define BP_WATCHPOINT_HIT_READ  0x40
#define BP_WATCHPOINT_HIT_WRITE 0x80
#define BP_WATCHPOINT_HIT       (BP_WATCHPOINT_HIT_READ | BP_WATCHPOINT_HIT_WRITE)
#define CPU_BREAKPOINTS_MAX     32
#define CPU_WATCHPOINTS_MAX     8
/* QEMU's SSTEP_* flags of cpu_single_step (gdbstub's default: all). */
#define SSTEP_ENABLE  0x1 /* one instruction per TB, then EXCP_DEBUG */
#define SSTEP_NOIRQ   0x2 /* no hardware interrupts while stepping */
#define SSTEP_NOTIMER 0x4 /* (kept for QEMU's value; timers run as ever) */

typedef struct CPUBreakpoint {
    uint32_t pc; /* guest linear address */
    int flags;
} CPUBreakpoint;

typedef struct CPUWatchpoint {
    uint32_t vaddr; /* guest linear address */
    uint32_t len;
    uint32_t hitaddr; /* the access that hit */
    int flags;        /* BP_MEM_*, BP_WATCHPOINT_HIT_* */
} CPUWatchpoint;

struct CPUState {
    CPUTLB tlb;
    sigjmp_buf_bmx jmp_env;
    void *env_ptr; /* the target's CPUArchState */
    /* Address spaces: if NULL, cpu_get_address_space(cs, 0 / 1) as set
     * up by cpu_address_space_init() (QEMU's way, preferred). */
    struct AddressSpace *as;     /* normal memory */
    struct AddressSpace *as_smm; /* SMM view (NULL: same as as) */

    int exception_index; /* -1 when none */
    volatile int exit_request;
    int halted;
    int singlestep_enabled; /* SSTEP_* (also set alone for one-off TBs) */
    bool in_exec;

    uint64_t icount;       /* guest instructions retired, ever */
    int64_t icount_budget; /* left to run in this cpu_exec call */
    /* Inside cpu_exec: icount_left (below) is a 32-bit countdown the TB
     * runner decrements (cheap on Cortex-M); icount and icount_budget are
     * settled on return. */
    int32_t icount_start;

    TranslationBlock *tb_jmp_cache[TB_JMP_CACHE_SIZE];
    uintptr_t cur_ra; /* op of the faulting access (restore) */

    CPUBreakpoint breakpoints[CPU_BREAKPOINTS_MAX];
    int nb_breakpoints;
    CPUWatchpoint watchpoints[CPU_WATCHPOINTS_MAX];
    int nb_watchpoints;
    CPUWatchpoint *watchpoint_hit; /* set with CPU_INTERRUPT_DEBUG */

    /* Last, so that they sit just before the target's env in its ArchCPU
     * (QEMU's CPUNegativeOffsetState): generated code reaches each with
     * one load at a small negative offset from env (tcg/thumb2). */
    volatile uint32_t interrupt_request;
    int32_t icount_left;
    TranslationBlock *current_tb; /* TB being executed (or NULL) */
};

/* ---- API for machines ---- */
/* Runs until an exit reason: EXCP_HLT, EXCP_INTERRUPT, EXCP_DEBUG,
 * EXCP_HALTED or EXCP_BUDGET. Uses up to cs->icount_budget instructions
 * (it may overshoot by the rest of one TB). */
int cpu_exec(CPUState *cs);
void cpu_interrupt(CPUState *cs, uint32_t mask);
void cpu_reset_interrupt(CPUState *cs, uint32_t mask);
/* Ask cpu_exec to return at the next TB boundary. */
void cpu_exit(CPUState *cs);

/* ---- debugger API (QEMU's cpu_breakpoint_insert & co., breakpoint.c):
 * 0 or -ENOENT/-ENOSPC/-EINVAL as negative numbers. Changes drop every
 * translation and TLB entry, so nothing is checked while none is set. */
int cpu_breakpoint_insert(CPUState *cs, uint32_t pc, int flags);
int cpu_breakpoint_remove(CPUState *cs, uint32_t pc, int flags);
void cpu_breakpoint_remove_all(CPUState *cs, int mask);
bool cpu_breakpoint_test(const CPUState *cs, uint32_t pc, int mask);
int cpu_watchpoint_insert(CPUState *cs, uint32_t addr, uint32_t len, int flags);
int cpu_watchpoint_remove(CPUState *cs, uint32_t addr, uint32_t len, int flags);
void cpu_watchpoint_remove_all(CPUState *cs, int mask);
/* SSTEP_* or 0; a change drops the translations (one instruction per TB
 * while stepping). The caller bounds the run to one instruction. */
void cpu_single_step(CPUState *cs, int enabled);
/* The softmmu slow path on a watched page: a matching watchpoint records
 * the hit and stops the CPU after the instruction (EXCP_DEBUG). */
void cpu_check_watchpoint(CPUState *cs, uint32_t addr, uint32_t len,
                          bool is_write);

/* ---- API for the target and helpers ---- */
/* Instructions retired so far, exact to the last finished TB (also from
 * inside cpu_exec, e.g. for RDTSC). */
static inline uint64_t cpu_get_icount(const CPUState *cs)
{
    return cs->icount +
           (cs->in_exec ? (uint64_t)(cs->icount_start - cs->icount_left) : 0);
}
QEMU_NORETURN void cpu_loop_exit(CPUState *cs);
/* Restores the guest state of the instruction identified by ra (0: state
 * already exact) and unwinds. */
QEMU_NORETURN void cpu_loop_exit_restore(CPUState *cs, uintptr_t ra);
void cpu_restore_state(CPUState *cs, uintptr_t ra);
QEMU_NORETURN void cpu_loop_exit_noexc(CPUState *cs);

/* Drops every translation (pool flush) */
void tb_flush(CPUState *cs);
/* A watchpoint hit by the current instruction: the running TB (if any) is
 * dropped and left after that instruction, as for self-modifying code. */
void tb_check_watchpoint(CPUState *cs);
/* Invalidates translations overlapping RAM addresses [start, last]
 * (registered as memory's tb_invalidate_phys_range hook). */
void tb_invalidate_phys_range(ram_addr_t start, ram_addr_t last);
/* Invalidates the jump cache (after a TLB flush the vaddr->TB map may lie). */
void tcg_flush_jmp_cache(CPUState *cs);
/* --accel: which back end runs TBs. The interpreter (x86_run_tb) is the
 * reference and always there; the Thumb-2 code generator (emu/tcg/thumb2)
 * exists only in builds for a Thumb-2 core with -Daccel_jit=true. */
typedef enum { TCG_ACCEL_INTERP, TCG_ACCEL_JIT } TCGAccel;
extern TCGAccel tcg_accel;
bool tcg_accel_jit_available(void);
/* Engine statistics for tests and benchmarks. */
typedef struct TCGStats {
    uint32_t tb_count;           /* live TBs */
    uint32_t tb_flushes;         /* whole-pool flushes */
    uint32_t tb_invalidated;     /* TBs dropped by writes */
    uint32_t tb_translated;      /* TBs generated */
    uint32_t tb_chained;         /* direct jumps patched */
    uint32_t code_writes_missed; /* stores to code pages that the page's
                                    code map showed miss all code */
    uint32_t mmio_insns;         /* run from outside RAM and ROM, one at a
                                    time without a cached TB */
    /* --accel=jit (emu/tcg/thumb2): TBs given code, the guest instructions
     * and code bytes in them, TBs left to the interpreter */
    uint32_t jit_tbs;
    uint32_t jit_insns;
    uint32_t jit_code_bytes;
    uint32_t tb_interp;
} TCGStats;
extern TCGStats tcg_stats;
void tcg_exec_init(void);

#endif /* BMX_TCG_TCG_H */
