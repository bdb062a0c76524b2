/*
 * Debugger breakpoints and watchpoints (QEMU's cpu_breakpoint_insert,
 * cpu_watchpoint_insert and cpu_single_step). They cost nothing while none
 * is set: breakpoints are found when code is translated (the TB stops
 * before the instruction; a change drops the TBs holding that address)
 * and watched pages take the TLB's slow path (TLB_WATCHPOINT; a change
 * flushes the TLB), both through the mechanism of the guest's DR0-DR3
 * (target-i386/bpt_helper.c).
 */
#include "tcg/tb.h"
#include "target-i386/cpu.h"
#include "memory/memory.h"

#define ERR_NOENT 2  /* -ENOENT, as QEMU returns */
#define ERR_NOSPC 28 /* -ENOSPC */
#define ERR_INVAL 22 /* -EINVAL */

/* A breakpoint came or went at linear address pc: QEMU's
 * tb_invalidate_phys_addr -- the TBs holding code at that byte (under the
 * current mapping) are dropped, so the next translation ends a block
 * before it or stops at it. Without a mapping now, code translated under
 * another one may hold it: everything goes. */
static void breakpoint_invalidate(CPUState *cs, uint32_t pc)
{
    int64_t page = x86_cpu_get_phys_page_debug(cs, pc & TARGET_PAGE_MASK32);
    AddressSpace *as = cs->as ? cs->as : cpu_get_address_space(cs, 0);
    hwaddr xlat, len = 1;
    MemoryRegion *mr;

    x86_bpt_update(cs->env_ptr); /* HF_BPT_MASK while any exists */
    if (page < 0) {
        tb_flush(cs);
        return;
    }
    mr = address_space_translate(as, (hwaddr)page + (pc & ~TARGET_PAGE_MASK32),
                                 &xlat, &len, false, MEMTXATTRS_UNSPECIFIED);
    if (memory_region_is_ram(mr) || memory_region_is_romd(mr)) {
        ram_addr_t ra = memory_region_get_ram_addr(mr) + xlat;
        tb_invalidate_phys_range(ra, ra);
    }
    /* code in MMIO is never kept: nothing to drop */
}

/* Watched pages are TLB_WATCHPOINT when filled; code translated while
 * the debugger watches nothing runs REP strings whole, so the TBs go when
 * the first watchpoint comes and after the last. */
static void watchpoints_changed(CPUState *cs)
{
    CPUX86State *env = cs->env_ptr;
    bool was = env->bpt_gdb;

    x86_bpt_update(env);
    if (was != env->bpt_gdb) {
        tb_flush(cs);
    }
    tlb_flush(cs);
}

int cpu_breakpoint_insert(CPUState *cs, uint32_t pc, int flags)
{
    for (int i = 0; i < cs->nb_breakpoints; i++) {
        if (cs->breakpoints[i].pc == pc) {
            cs->breakpoints[i].flags |= flags;
            return 0; /* gdb may insert the same one twice */
        }
    }
    if (cs->nb_breakpoints >= CPU_BREAKPOINTS_MAX) {
        return -ERR_NOSPC;
    }
    cs->breakpoints[cs->nb_breakpoints].pc = pc;
    cs->breakpoints[cs->nb_breakpoints].flags = flags;
    cs->nb_breakpoints++;
    breakpoint_invalidate(cs, pc);
    return 0;
}

static void breakpoint_drop(CPUState *cs, int i)
{
    cs->breakpoints[i] = cs->breakpoints[--cs->nb_breakpoints];
}

int cpu_breakpoint_remove(CPUState *cs, uint32_t pc, int flags)
{
    for (int i = 0; i < cs->nb_breakpoints; i++) {
        if (cs->breakpoints[i].pc == pc && (cs->breakpoints[i].flags & flags)) {
            breakpoint_drop(cs, i);
            breakpoint_invalidate(cs, pc);
            return 0;
        }
    }
    return -ERR_NOENT;
}

void cpu_breakpoint_remove_all(CPUState *cs, int mask)
{
    for (int i = cs->nb_breakpoints - 1; i >= 0; i--) {
        if (cs->breakpoints[i].flags & mask) {
            uint32_t pc = cs->breakpoints[i].pc;
            breakpoint_drop(cs, i);
            breakpoint_invalidate(cs, pc);
        }
    }
}

bool cpu_breakpoint_test(const CPUState *cs, uint32_t pc, int mask)
{
    for (int i = 0; i < cs->nb_breakpoints; i++) {
        if (cs->breakpoints[i].pc == pc && (cs->breakpoints[i].flags & mask)) {
            return true;
        }
    }
    return false;
}

int cpu_watchpoint_insert(CPUState *cs, uint32_t addr, uint32_t len, int flags)
{
    CPUWatchpoint *wp;

    /* QEMU refuses an empty range and one that wraps at 4 GiB */
    if (len == 0 || addr + len - 1 < addr || !(flags & BP_MEM_ACCESS)) {
        return -ERR_INVAL;
    }
    if (cs->nb_watchpoints >= CPU_WATCHPOINTS_MAX) {
        return -ERR_NOSPC;
    }
    wp = &cs->watchpoints[cs->nb_watchpoints++];
    wp->vaddr = addr;
    wp->len = len;
    wp->hitaddr = 0;
    wp->flags = flags;
    watchpoints_changed(cs);
    return 0;
}

static void watchpoint_drop(CPUState *cs, int i)
{
    if (cs->watchpoint_hit == &cs->watchpoints[i] ||
        cs->watchpoint_hit == &cs->watchpoints[cs->nb_watchpoints - 1]) {
        cs->watchpoint_hit = NULL;
    }
    cs->watchpoints[i] = cs->watchpoints[--cs->nb_watchpoints];
}

int cpu_watchpoint_remove(CPUState *cs, uint32_t addr, uint32_t len, int flags)
{
    for (int i = 0; i < cs->nb_watchpoints; i++) {
        CPUWatchpoint *wp = &cs->watchpoints[i];
        if (wp->vaddr == addr && wp->len == len &&
            (wp->flags & ~BP_WATCHPOINT_HIT) == flags) {
            watchpoint_drop(cs, i);
            watchpoints_changed(cs);
            return 0;
        }
    }
    return -ERR_NOENT;
}

void cpu_watchpoint_remove_all(CPUState *cs, int mask)
{
    int n = cs->nb_watchpoints;

    for (int i = cs->nb_watchpoints - 1; i >= 0; i--) {
        if (cs->watchpoints[i].flags & mask) {
            watchpoint_drop(cs, i);
        }
    }
    if (n != cs->nb_watchpoints) {
        watchpoints_changed(cs);
    }
}

void cpu_single_step(CPUState *cs, int enabled)
{
    if (cs->singlestep_enabled != enabled) {
        cs->singlestep_enabled = enabled;
        tb_flush(cs); /* cached TBs hold more than one instruction */
    }
}

/* Deviation (gdb:, docs/deviations.md): the access completes and the CPU
 * stops after the instruction -- what x86 hardware watchpoints do and gdb
 * expects of x86; QEMU replays the instruction to the same end. */
void cpu_check_watchpoint(CPUState *cs, uint32_t addr, uint32_t len,
                          bool is_write)
{
    int want = is_write ? BP_MEM_WRITE : BP_MEM_READ;

    for (int i = 0; i < cs->nb_watchpoints; i++) {
        CPUWatchpoint *wp = &cs->watchpoints[i];
        uint32_t last = addr + len - 1, wlast = wp->vaddr + wp->len - 1;
        if (!(wp->flags & want) || addr > wlast || last < wp->vaddr) {
            continue;
        }
        if (cs->watchpoint_hit) {
            return; /* the first hit of the instruction is reported */
        }
        wp->hitaddr = MAX(addr, wp->vaddr);
        wp->flags |=
            is_write ? BP_WATCHPOINT_HIT_WRITE : BP_WATCHPOINT_HIT_READ;
        cs->watchpoint_hit = wp;
        cpu_interrupt(cs, CPU_INTERRUPT_DEBUG);
        tb_check_watchpoint(cs);
        return;
    }
}
