/* Translation blocks (private to emu/tcg and the target's glue). */
#ifndef BMX_TCG_TB_H
#define BMX_TCG_TB_H

#include "tcg/tcg.h"
#include "target-i386/ops.h"

/* Deviation D55: static pools sized by meson (-Dtb_max, -Dtb_ops_max,
 * per-board defaults) where QEMU sizes one buffer at run time (tb-size). */
#ifndef BMX_TB_MAX
#define BMX_TB_MAX 2048 /* TB descriptors in the pool */
#endif
#ifndef BMX_TB_OPS_MAX
#define BMX_TB_OPS_MAX 16384 /* ops shared by all TBs */
#endif
#define TB_HASH_BITS      12
#define TB_HASH_SIZE      (1 << TB_HASH_BITS)
#define TB_PAGE_HASH_BITS 10
#define TB_PAGE_HASH_SIZE (1 << TB_PAGE_HASH_BITS)

struct TranslationBlock {
    uint32_t pc; /* eip of the first instruction */
    uint32_t cs_base;
    uint32_t flags;  /* hflags | the EFLAGS bits the code depends on */
    uint16_t size;   /* guest bytes */
    uint16_t icount; /* guest instructions */
    /* flags while the TB may be run (looked up, entered through a chained
     * jump), TB_INVALID once it may not (its code was written, the pool
     * was flushed, or it is a one-off TB of code in MMIO): hflags never
     * has bit 31 set, so one compare with hflags tests both */
    uint32_t chain_flags;
    X86Op *ops;
    ram_addr_t page_addr[2]; /* RAM pages holding the code; 2nd may be
                                RAM_ADDR_INVALID */
    TranslationBlock *hash_next;
    uintptr_t page_next[2];               /* tagged (tb | n) page lists */
    TranslationBlock *jmp_dest[TB_EXITS]; /* chained successors */
    /* --accel=jit: the generated code's body (Thumb bit set) or NULL (the
     * interpreter runs the TB), and per exit slot the halfword offset of
     * its patchable B.W from the body (0: none); emu/tcg/thumb2/gen.c */
    void *tc_ptr;
    uint16_t tc_exit[TB_EXITS];
    /* no op of it calls a handler or the interpreter, so hflags are the
     * same at its exits as at its start: its links skip the test */
    bool tc_plain;
};

#define TB_INVALID 0xffffffffu

/* Code maps (tb-codemap.c): for pages with TBs, which TB_CODEMAP_CHUNK-byte
 * chunks hold code. lo/hi are byte offsets in the page, inclusive. */
#define TB_CODEMAP_CHUNK 1
#define TB_CODEMAPS_BITS 4
#define TB_CODEMAPS      (1 << TB_CODEMAPS_BITS)
void tb_codemap_flush(void);
/* A new map for page, empty: the caller adds the page's TBs. */
void tb_codemap_begin(ram_addr_t page);
void tb_codemap_forget(ram_addr_t page);
/* Code at [lo, hi] of page is now translated (updates a map if any). */
void tb_codemap_add(ram_addr_t page, unsigned lo, unsigned hi);
/* True if page has a map and no code in [lo, hi]: a store there can
 * invalidate nothing. */
bool tb_codemap_misses(ram_addr_t page, unsigned lo, unsigned hi);

static inline bool tb_invalid(const TranslationBlock *tb)
{
    return tb->chain_flags == TB_INVALID;
}

TranslationBlock *tb_lookup(CPUState *cs, uint32_t pc, uint32_t cs_base,
                            uint32_t flags);
TranslationBlock *tb_gen_code(CPUState *cs, uint32_t pc, uint32_t cs_base,
                              uint32_t flags);

/* May a TB that left through an indirect branch (OPX_LOOKUP) go straight
 * on to next, the jump cache's TB for the new eip? The conditions of a
 * chain (QEMU's lookup_and_goto_ptr), and never from a TB that must come
 * back to cpu_exec (interrupt shadow, single step). Both back ends ask. */
static inline bool tb_lookup_may_follow(const TranslationBlock *tb,
                                        const TranslationBlock *next,
                                        uint32_t eip, uint32_t hflags,
                                        uint32_t cs_base)
{
    return next && next->pc == eip && next->chain_flags == hflags &&
           next->cs_base == cs_base &&
           !(tb->flags & (HF_INHIBIT_IRQ_MASK | HF_TF_MASK));
}

static inline unsigned tb_jmp_cache_hash(uint32_t pc)
{
    return (pc ^ (pc >> TB_JMP_CACHE_BITS)) & (TB_JMP_CACHE_SIZE - 1);
}

#endif
