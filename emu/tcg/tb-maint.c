/*
 * The translation-block cache: a static pool of TBs and ops (flushed whole
 * when full), a hash table keyed by (RAM address of the code, pc, cs_base,
 * flags), per-page lists for invalidation, and the per-CPU jump cache.
 * Pages holding translations have their CODE dirty bit clear, so writes
 * to them come back here through tb_invalidate_phys_range().
 */
#include "tcg/tb.h"
#include "tcg/thumb2/thumb2.h"
#include "tcg/thumb2/jit.h"
#include "target-i386/translate.h"
#include "memory/memory.h"

TCGStats tcg_stats;

static TranslationBlock tb_pool[BMX_TB_MAX];
static X86Op op_pool[BMX_TB_OPS_MAX];
static unsigned tb_used, ops_used;
static TranslationBlock *tb_hash[TB_HASH_SIZE];
static uintptr_t page_hash[TB_PAGE_HASH_SIZE];
static CPUState *tb_cpu; /* the single CPU */

static inline unsigned tb_hash_func(ram_addr_t phys, uint32_t flags)
{
    uint32_t h = (uint32_t)phys * 0x9e3779b1u ^ flags * 0x85ebca6bu;
    return h >> (32 - TB_HASH_BITS);
}

static inline unsigned page_hash_func(ram_addr_t page)
{
    return ((uint32_t)(page >> TARGET_PAGE_BITS) * 0x9e3779b1u) >>
           (32 - TB_PAGE_HASH_BITS);
}

static inline ram_addr_t tb_phys_pc(const TranslationBlock *tb)
{
    return tb->page_addr[0] + ((tb->cs_base + tb->pc) & ~TARGET_PAGE_MASK32);
}

void tcg_exec_init(void)
{
    memset(tb_hash, 0, sizeof(tb_hash));
    memset(page_hash, 0, sizeof(page_hash));
    tb_used = ops_used = 0;
    memset(&tcg_stats, 0, sizeof(tcg_stats));
    tb_codemap_flush();
}

void tcg_flush_jmp_cache(CPUState *cs)
{
    memset(cs->tb_jmp_cache, 0, sizeof(cs->tb_jmp_cache));
}

void tb_flush(CPUState *cs)
{
    /* a chain from a TB that is running or about to be linked must not
     * reach a dropped one (its slot keeps stale ops until reused) */
    for (unsigned i = 0; i < tb_used; i++) {
        tb_pool[i].chain_flags = TB_INVALID;
    }
    memset(tb_hash, 0, sizeof(tb_hash));
    memset(page_hash, 0, sizeof(page_hash));
    tb_used = ops_used = 0;
    tb_codemap_flush();
    tcg_code_reset(); /* generated code goes with its TBs */
    tcg_stats.tb_count = 0;
    tcg_stats.tb_flushes++;
    if (cs) {
        tcg_flush_jmp_cache(cs);
    }
    if (tb_cpu && tb_cpu != cs) {
        tcg_flush_jmp_cache(tb_cpu);
    }
}

TranslationBlock *tb_lookup(CPUState *cs, uint32_t pc, uint32_t cs_base,
                            uint32_t flags)
{
    CPUX86State *env = cs->env_ptr;
    unsigned jh = tb_jmp_cache_hash(pc);
    TranslationBlock *tb = cs->tb_jmp_cache[jh];
    ram_addr_t phys;

    /* chain_flags: equal to flags only while the TB is valid */
    if (tb && tb->pc == pc && tb->cs_base == cs_base &&
        tb->chain_flags == flags) {
        return tb;
    }
    /* the code's RAM address decides (paging may have moved it) */
    get_page_addr_code_hostp(env, cs_base + pc, &phys);
    if (phys == RAM_ADDR_INVALID) {
        return NULL;
    }
    for (tb = tb_hash[tb_hash_func(phys, flags)]; tb; tb = tb->hash_next) {
        if (tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
            tb_phys_pc(tb) == phys) {
            /* a TB spanning two pages also needs the second page */
            if (tb->page_addr[1] != RAM_ADDR_INVALID) {
                ram_addr_t p2;
                uint32_t va2 =
                    (cs_base + pc + tb->size - 1) & TARGET_PAGE_MASK32;
                get_page_addr_code_hostp(env, va2, &p2);
                if (p2 != tb->page_addr[1]) {
                    continue;
                }
            }
            cs->tb_jmp_cache[jh] = tb;
            return tb;
        }
    }
    return NULL;
}

/* The bytes [*lo, *hi] (offsets in the page) of tb's code on its page n. */
static void tb_page_range(const TranslationBlock *tb, int n, unsigned *lo,
                          unsigned *hi)
{
    uint32_t va = tb->cs_base + tb->pc;
    uint32_t off = va & ~TARGET_PAGE_MASK32;

    if (n == 0) {
        *lo = off;
        *hi = off + tb->size - 1u < TARGET_PAGE_SIZE ? off + tb->size - 1u
                                                     : TARGET_PAGE_SIZE - 1;
    } else {
        *lo = 0;
        *hi = (va + tb->size - 1u) & ~TARGET_PAGE_MASK32;
    }
}

static void tb_page_add(TranslationBlock *tb, int n, ram_addr_t page)
{
    unsigned h = page_hash_func(page);
    unsigned lo, hi;

    tb->page_addr[n] = page;
    tb->page_next[n] = page_hash[h];
    page_hash[h] = (uintptr_t)tb | (uintptr_t)n;
    tb_page_range(tb, n, &lo, &hi);
    tb_codemap_add(page, lo, hi);
    /* protect the page: stores to it now take the notdirty path */
    if (cpu_physical_memory_get_dirty_flag(page, DIRTY_MEMORY_CODE)) {
        cpu_physical_memory_test_and_clear_dirty(page, TARGET_PAGE_SIZE,
                                                 DIRTY_MEMORY_CODE);
    }
}

/* Code in MMIO (or a hole): one instruction, fetched through the I/O
 * path, run once and never cached (QEMU's CF_NOCACHE). */
static TranslationBlock *tb_gen_code_mmio(CPUState *cs, uint32_t pc,
                                          uint32_t cs_base, uint32_t flags)
{
    static TranslationBlock tb_mmio;
    static X86Op ops_mmio[3];        /* [RF clear,] the instruction, op_end */
    static uint32_t logged_page = 1; /* never a page address */
    CPUX86State *env = cs->env_ptr;
    TranslationBlock *tb = &tb_mmio;
    int single = cs->singlestep_enabled;
    uint32_t size;
    int n;

    /* Usually a guest gone astray (a jump into a hole, a kernel placed
     * beyond RAM): say so once per page, as QEMU's guest_errors does. */
    if (((cs_base + pc) & TARGET_PAGE_MASK32) != logged_page) {
        logged_page = (cs_base + pc) & TARGET_PAGE_MASK32;
        qemu_log_mask(LOG_GUEST_ERROR,
                      "executing code outside RAM and ROM at 0x%08x (MMIO or "
                      "unassigned memory): one instruction at a time\n",
                      (unsigned)(cs_base + pc));
    }
    tcg_stats.mmio_insns++;
    memset(tb, 0, sizeof(*tb));
    tb->pc = pc;
    tb->cs_base = cs_base;
    tb->flags = flags;
    tb->ops = ops_mmio;
    cs->singlestep_enabled = SSTEP_ENABLE;
    n = x86_translate_block(env, pc, ops_mmio, 3, &size);
    cs->singlestep_enabled = single;
    if (unlikely(qemu_loglevel_mask(CPU_LOG_TB_IN_ASM))) {
        x86_log_in_asm(env, cs_base, ops_mmio, n, false);
    }
    tb->size = (uint16_t)size;
    tb->icount = 1;
    (void)n;
    tb->page_addr[0] = tb->page_addr[1] = RAM_ADDR_INVALID;
    tb->chain_flags = TB_INVALID; /* never looked up or chained */
    return tb;
}

TranslationBlock *tb_gen_code(CPUState *cs, uint32_t pc, uint32_t cs_base,
                              uint32_t flags)
{
    CPUX86State *env = cs->env_ptr;
    TranslationBlock *tb;
    ram_addr_t phys, phys2 = RAM_ADDR_INVALID;
    uint32_t size;
    int n;
    static bool retry;

again:
    tb_cpu = cs;
    if (tb_used >= BMX_TB_MAX ||
        ops_used + X86_MAX_TB_INSNS + 2 > BMX_TB_OPS_MAX) {
        tb_flush(cs);
    }
    get_page_addr_code_hostp(env, cs_base + pc, &phys);
    if (phys == RAM_ADDR_INVALID) {
        return tb_gen_code_mmio(cs, pc, cs_base, flags);
    }
    tb = &tb_pool[tb_used];
    memset(tb, 0, sizeof(*tb));
    tb->pc = pc;
    tb->cs_base = cs_base;
    tb->flags = flags;
    tb->chain_flags = flags;
    tb->ops = &op_pool[ops_used];
    n = x86_translate_block(env, pc, tb->ops, X86_MAX_TB_INSNS + 1, &size);
    tb->size = (uint16_t)(size ? size : 1);
    tb->icount = (uint16_t)n;
    if (tb->ops[n - 1].fn == op_end) {
        tb->icount--;
    }
    if (tb->ops[0].fn == op_rf_clear) {
        tb->icount--; /* not an instruction */
    }
    if (unlikely(qemu_loglevel_mask(CPU_LOG_TB_IN_ASM))) {
        x86_log_in_asm(env, cs_base, tb->ops, n, true);
    }
    if (((cs_base + pc) & TARGET_PAGE_MASK32) !=
        ((cs_base + pc + tb->size - 1) & TARGET_PAGE_MASK32)) {
        get_page_addr_code_hostp(
            env, (cs_base + pc + tb->size - 1) & TARGET_PAGE_MASK32, &phys2);
    }
    tb_used++;
    ops_used += n;

    tb_page_add(tb, 0, phys & ~(ram_addr_t)(TARGET_PAGE_SIZE - 1));
    tb->page_addr[1] = RAM_ADDR_INVALID;
    if (phys2 != RAM_ADDR_INVALID) {
        tb_page_add(tb, 1, phys2);
    }
    {
        unsigned h = tb_hash_func(tb_phys_pc(tb), flags);
        tb->hash_next = tb_hash[h];
        tb_hash[h] = tb;
    }
    cs->tb_jmp_cache[tb_jmp_cache_hash(pc)] = tb;
    tcg_stats.tb_count++;
    tcg_stats.tb_translated++;
    if (tcg_accel == TCG_ACCEL_JIT &&
        tcg_jit_gen(cs, tb, n) == TCG_GEN_FULL && tcg_code_used() > 0 &&
        !retry) {
        /* the code buffer is full: flush and translate again, as QEMU's
         * tb_gen_code; an empty buffer too small leaves it interpreted */
        tb_flush(cs);
        retry = true;
        goto again;
    }
    retry = false;
    return tb;
}

static void tb_hash_remove(TranslationBlock *tb)
{
    TranslationBlock **pp = &tb_hash[tb_hash_func(tb_phys_pc(tb), tb->flags)];

    for (; *pp; pp = &(*pp)->hash_next) {
        if (*pp == tb) {
            *pp = tb->hash_next;
            return;
        }
    }
}

/* Drops tb from the page list of its page n. */
static void tb_page_remove(TranslationBlock *tb, int n)
{
    uintptr_t *pp = &page_hash[page_hash_func(tb->page_addr[n])];
    uintptr_t me = (uintptr_t)tb | (uintptr_t)n;

    while (*pp) {
        TranslationBlock *t = (TranslationBlock *)(*pp & ~(uintptr_t)1);
        int tn = (int)(*pp & 1);
        if (*pp == me) {
            *pp = tb->page_next[n];
            return;
        }
        pp = &t->page_next[tn];
    }
}

static bool page_has_tbs(ram_addr_t page)
{
    uintptr_t p = page_hash[page_hash_func(page)];

    while (p) {
        TranslationBlock *t = (TranslationBlock *)(p & ~(uintptr_t)1);
        int tn = (int)(p & 1);
        if (t->page_addr[tn] == page) {
            return true;
        }
        p = t->page_next[tn];
    }
    return false;
}

static void tb_invalidate(TranslationBlock *tb)
{
    CPUState *cs = tb_cpu;

    tb->chain_flags = TB_INVALID;
    /* its remaining ops may now exit elsewhere (x86_tb_stop_after_current) */
    memset(tb->jmp_dest, 0, sizeof(tb->jmp_dest));
    tcg_jit_unlink(tb); /* its generated exits too */
    tb_hash_remove(tb);
    tb_page_remove(tb, 0);
    if (tb->page_addr[1] != RAM_ADDR_INVALID) {
        tb_page_remove(tb, 1);
    }
    if (cs) {
        unsigned jh = tb_jmp_cache_hash(tb->pc);
        if (cs->tb_jmp_cache[jh] == tb) {
            cs->tb_jmp_cache[jh] = NULL;
        }
        if (cs->current_tb == tb) {
            /* self-modifying code: finish this instruction, then leave.
             * The TB's ops past icount are op_end already, or belong to
             * the next TB of the pool. */
            x86_tb_stop_after_current(cs->env_ptr, tb->ops, tb->icount,
                                      cs->cur_ra);
        }
    }
    tcg_stats.tb_count--;
    tcg_stats.tb_invalidated++;
}

void tb_check_watchpoint(CPUState *cs)
{
    TranslationBlock *tb = cs->current_tb;

    if (!tb) {
        return;
    }
    if (!tb_invalid(tb)) {
        tb_invalidate(tb);
    } else {
        /* code in MMIO, or already dropped: stop it all the same */
        x86_tb_stop_after_current(cs->env_ptr, tb->ops, tb->icount, cs->cur_ra);
    }
}

/* A code map for page from its TBs (after a store that dropped none: data
 * next to code, which may come again). */
static void tb_page_build_codemap(ram_addr_t page)
{
    uintptr_t p = page_hash[page_hash_func(page)];

    tb_codemap_begin(page);
    while (p) {
        TranslationBlock *t = (TranslationBlock *)(p & ~(uintptr_t)1);
        int tn = (int)(p & 1);
        if (t->page_addr[tn] == page) {
            unsigned lo, hi;
            tb_page_range(t, tn, &lo, &hi);
            tb_codemap_add(page, lo, hi);
        }
        p = t->page_next[tn];
    }
}

void tb_invalidate_phys_range(ram_addr_t start, ram_addr_t last)
{
    ram_addr_t page;

    for (page = start & ~(ram_addr_t)(TARGET_PAGE_SIZE - 1); page <= last;
         page += TARGET_PAGE_SIZE) {
        ram_addr_t page_last = page + TARGET_PAGE_SIZE - 1;
        unsigned s_lo = start > page ? (unsigned)(start - page) : 0;
        unsigned s_hi =
            last < page_last ? (unsigned)(last - page) : TARGET_PAGE_SIZE - 1;
        bool dropped = false;
        uintptr_t p;

        if (tb_codemap_misses(page, s_lo, s_hi)) {
            tcg_stats.code_writes_missed++;
            goto next_page; /* data next to code: nothing to drop */
        }
        p = page_hash[page_hash_func(page)];
        while (p) {
            TranslationBlock *t = (TranslationBlock *)(p & ~(uintptr_t)1);
            int tn = (int)(p & 1);
            uintptr_t next = t->page_next[tn];
            /* an entry unlinked by this walk may still lead here: its TB
             * is invalid then */
            if (t->page_addr[tn] == page && !tb_invalid(t)) {
                unsigned lo, hi;
                tb_page_range(t, tn, &lo, &hi);
                if (lo <= s_hi && hi >= s_lo) {
                    tb_invalidate(t);
                    dropped = true;
                }
            }
            p = next;
        }
        if (!page_has_tbs(page)) {
            /* nothing translated here any more: stop trapping stores */
            cpu_physical_memory_set_dirty_range(page, TARGET_PAGE_SIZE,
                                                1 << DIRTY_MEMORY_CODE);
        } else if (dropped) {
            tb_codemap_forget(page); /* code was rewritten: no map yet */
        } else {
            tb_page_build_codemap(page);
        }
    next_page:
        if (page + TARGET_PAGE_SIZE < page) {
            break;
        }
    }
}
