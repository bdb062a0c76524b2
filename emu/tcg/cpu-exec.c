/*
 * The execution loop (QEMU's cpu_exec): find or translate the TB for the
 * current CS:EIP, run it, follow chained exits, take interrupts between
 * TBs, and deliver exceptions that unwind here by __builtin_longjmp.
 */
#include "tcg/tb.h"
#include "target-i386/translate.h"
#include "tcg/thumb2/jit.h"

TCGAccel tcg_accel = TCG_ACCEL_INTERP;

bool tcg_accel_jit_available(void)
{
#if BMX_ACCEL_JIT && defined(__thumb2__)
    return true;
#else
    return false; /* hosted, or built with -Daccel_jit=false */
#endif
}

void cpu_interrupt(CPUState *cs, uint32_t mask)
{
    cs->interrupt_request |= mask;
}

void cpu_reset_interrupt(CPUState *cs, uint32_t mask)
{
    cs->interrupt_request &= ~mask;
}

void cpu_exit(CPUState *cs)
{
    cs->exit_request = 1;
    /* the TB runner tests interrupt_request alone before chaining; if a
     * signal handler's bit is lost to a racing update, exit_request still
     * ends cpu_exec at the next return to cpu_exec_inner */
    cs->interrupt_request |= CPU_INTERRUPT_EXITTB;
}

void cpu_restore_state(CPUState *cs, uintptr_t ra)
{
    if (ra) {
        x86_restore_state_from_op(cs->env_ptr, ra);
    }
}

void cpu_loop_exit(CPUState *cs)
{
    __builtin_longjmp(cs->jmp_env, 1);
}

void cpu_loop_exit_restore(CPUState *cs, uintptr_t ra)
{
    cpu_restore_state(cs, ra);
    cpu_loop_exit(cs);
}

void cpu_loop_exit_noexc(CPUState *cs)
{
    cs->exception_index = -1;
    cpu_loop_exit(cs);
}

static bool cpu_has_work(CPUState *cs)
{
    CPUX86State *env = cs->env_ptr;
    uint32_t req = cs->interrupt_request;

    return ((req & CPU_INTERRUPT_HARD) && (env->eflags & IF_MASK)) ||
           (req & (CPU_INTERRUPT_NMI | CPU_INTERRUPT_SMI | CPU_INTERRUPT_INIT |
                   CPU_INTERRUPT_RESET | CPU_INTERRUPT_POLL));
}

static inline uint32_t tb_flags_now(CPUX86State *env)
{
    return env->hflags;
}

/* QEMU's -d exec and -d cpu: kept out of line, the loop only tests the
 * mask. */
static void __attribute__((noinline, cold))
tb_log_exec(CPUState *cs, const TranslationBlock *tb)
{
    if (qemu_loglevel_mask(CPU_LOG_EXEC)) {
        qemu_log("Trace 0: %p [%08x/%08x/%08x] \n", (const void *)tb,
                 (unsigned)tb->cs_base, (unsigned)tb->pc, (unsigned)tb->flags);
    }
    if (qemu_loglevel_mask(CPU_LOG_TB_CPU)) {
        x86_cpu_dump_state(cs, CPU_DUMP_CCOP);
    }
}

/* Runs TBs until something needs the outer loop; returns an exit code or
 * -1 to go on. x86_run_tb follows chained exits itself; this loop takes
 * the exits that need a lookup, an interrupt or a stop. */
static int cpu_exec_inner(CPUState *cs)
{
    CPUX86State *env = cs->env_ptr;
    TranslationBlock *last = NULL;
    int slot = 0;

    for (;;) {
        TranslationBlock *tb = NULL;
        uint32_t pc, flags;
        int r;

        if (unlikely((cs->interrupt_request | (uint32_t)cs->exit_request) ||
                     cs->icount_left <= 0)) {
            uint32_t req = cs->interrupt_request;
            if (req) {
                if (req & CPU_INTERRUPT_EXITTB) {
                    cpu_reset_interrupt(cs, CPU_INTERRUPT_EXITTB);
                    last = NULL;
                }
                if (req & CPU_INTERRUPT_DEBUG) {
                    cpu_reset_interrupt(cs, CPU_INTERRUPT_DEBUG);
                    return EXCP_DEBUG;
                }
                if (req & CPU_INTERRUPT_HALT) {
                    cpu_reset_interrupt(cs, CPU_INTERRUPT_HALT);
                    cs->halted = 1;
                    return EXCP_HLT;
                }
                if (x86_cpu_exec_interrupt(cs, (int)req)) {
                    last = NULL;
                }
            }
            if (cs->exit_request) {
                cs->exit_request = 0;
                return EXCP_INTERRUPT;
            }
            if (cs->icount_left <= 0) {
                return EXCP_BUDGET;
            }
        }

        pc = env->eip;
        flags = tb_flags_now(env);
        /* A chainable exit always leaves for the same pc, and never
         * changes CS: the successor only needs pc, flags and validity. */
        if (last) {
            TranslationBlock *d = last->jmp_dest[slot];
            if (d && d->pc == pc && d->chain_flags == flags) {
                tb = d;
            }
        }
        if (!tb) {
            uint32_t cs_base = env->segs[R_CS].base;
            uint32_t flushes = tcg_stats.tb_flushes;
            tb = tb_lookup(cs, pc, cs_base, flags);
            if (!tb) {
                tb = tb_gen_code(cs, pc, cs_base, flags);
            }
            /* chain only within the source TB's virtual page, never from a
             * TB that must come back here (interrupt shadow, single step),
             * never across a flush (last is gone) */
            /* (an interpreted TB links to generated ones never: the
             * interpreter would run their ops instead of their code) */
            if (last && !tb_invalid(tb) && last->chain_flags == flags &&
                (last->tc_ptr || !tb->tc_ptr) &&
                flushes == tcg_stats.tb_flushes && last->cs_base == cs_base &&
                !(flags & (HF_INHIBIT_IRQ_MASK | HF_TF_MASK)) &&
                ((last->cs_base + last->pc) & TARGET_PAGE_MASK32) ==
                    ((cs_base + pc) & TARGET_PAGE_MASK32)) {
                last->jmp_dest[slot] = tb;
                tcg_jit_link(last, slot, tb); /* patch generated code */
                tcg_stats.tb_chained++;
            }
        }

        if (unlikely(qemu_loglevel_mask(CPU_LOG_EXEC | CPU_LOG_TB_CPU))) {
            tb_log_exec(cs, tb);
        }
        cs->current_tb = tb;
        /* the code generator's TBs, else the interpreter */
        r = tb->tc_ptr ? tcg_jit_exec(cs, tb) : x86_run_tb(cs, tb);
        tb = cs->current_tb; /* the last one run */
        cs->current_tb = NULL;

        if (unlikely(tb->flags & (HF_INHIBIT_IRQ_MASK | HF_TF_MASK))) {
            if (tb->flags & HF_INHIBIT_IRQ_MASK) {
                /* the shadowed instruction has run (shadows never chain) */
                env->hflags &= ~HF_INHIBIT_IRQ_MASK;
            }
            if (tb->flags & HF_TF_MASK) {
                helper_single_step(env); /* trap after the instruction */
            }
        }
        /* while -d exec/cpu log, nothing is linked: each TB is logged */
        if (r >= OPX_NOCHAIN || tb_invalid(tb) ||
            unlikely(qemu_loglevel_mask(CPU_LOG_EXEC | CPU_LOG_TB_CPU))) {
            last = NULL;
        } else {
            last = tb;
            slot = r - OPX_JMP0;
        }
    }
}

int cpu_exec(CPUState *cs)
{
    CPUX86State *env = cs->env_ptr;
    volatile int ret = -1;

    if (cs->halted) {
        if (!cpu_has_work(cs)) {
            return EXCP_HALTED;
        }
        cs->halted = 0;
    }
    cs->icount_start = cs->icount_left =
        cs->icount_budget > INT32_MAX ? INT32_MAX
        : cs->icount_budget < 0       ? 0
                                      : (int32_t)cs->icount_budget;
    cs->in_exec = true;
    if (__builtin_setjmp(cs->jmp_env)) {
        /* an exception or exit unwound to here: count what the TB ran,
         * the interrupted instruction included, so a guest stuck in a
         * fault loop still uses up its budget */
        TranslationBlock *tb = cs->current_tb;
        env = cs->env_ptr;
        x86_bpt_cancel(env); /* the instruction did not complete */
        if (tb) {
            cs->icount_left -= x86_ops_done(env, tb->ops, tb->icount);
        } else if (--cs->icount_left <= 0) {
            /* raised outside any TB, while an event was delivered or at
             * the interrupt check: that takes an instruction's time, so a
             * guest whose every delivery raises again (a data breakpoint
             * on the IVT or on its handler's frame) uses up its budget
             * instead of stalling the host; the exception stays pending
             * for the next cpu_exec */
            ret = EXCP_BUDGET;
        }
        cs->current_tb = NULL;
    }
    while (ret < 0) {
        int idx = cs->exception_index;
        if (idx >= 0) {
            if (idx >= EXCP_INTERRUPT) {
                cs->exception_index = -1;
                ret = idx;
                break;
            }
            x86_cpu_do_interrupt(cs);
            cs->exception_index = -1;
        }
        ret = cpu_exec_inner(cs);
    }
    (void)env;
    {
        int32_t used = cs->icount_start - cs->icount_left;
        cs->icount += (uint64_t)used;
        cs->icount_budget -= used;
    }
    cs->in_exec = false;
    return ret;
}
