/*
 * Which bytes of a code page hold translated code, as QEMU's SMC code
 * bitmap (PageDesc.code_bitmap): a guest storing data next to its code
 * keeps the page's CODE dirty bit clear, so every store comes back to
 * tb_invalidate_phys_range(); with the map, a store that misses the code
 * is dismissed without walking the page's TBs. One bit covers
 * TB_CODEMAP_CHUNK bytes; maps live in a small direct-mapped cache of
 * pages and are built after a store to the page that dropped no TB (a store
 * that rewrote code drops the map: self-modifying code rarely writes next
 * to its code again before translating it anew).
 * Bits of TBs dropped later stay set: a stale bit costs one walk, never a
 * missed invalidation.
 */
#include "tcg/tb.h"

typedef struct TBCodeMap {
    ram_addr_t page; /* RAM_ADDR_INVALID: empty slot */
    uint32_t bits[TARGET_PAGE_SIZE / TB_CODEMAP_CHUNK / 32];
} TBCodeMap;

static TBCodeMap codemaps[TB_CODEMAPS];

static inline TBCodeMap *codemap_slot(ram_addr_t page)
{
    uint32_t h = (uint32_t)(page >> TARGET_PAGE_BITS) * 0x9e3779b1u;
    return &codemaps[h >> (32 - TB_CODEMAPS_BITS)];
}

void tb_codemap_flush(void)
{
    for (unsigned i = 0; i < TB_CODEMAPS; i++) {
        codemaps[i].page = RAM_ADDR_INVALID;
    }
}

static void codemap_set(TBCodeMap *m, unsigned lo, unsigned hi)
{
    for (unsigned c = lo / TB_CODEMAP_CHUNK; c <= hi / TB_CODEMAP_CHUNK; c++) {
        m->bits[c / 32] |= 1u << (c % 32);
    }
}

void tb_codemap_add(ram_addr_t page, unsigned lo, unsigned hi)
{
    TBCodeMap *m = codemap_slot(page);

    if (m->page == page) {
        codemap_set(m, lo, hi);
    }
}

bool tb_codemap_misses(ram_addr_t page, unsigned lo, unsigned hi)
{
    const TBCodeMap *m = codemap_slot(page);

    if (m->page != page) {
        return false; /* no map: walk */
    }
    for (unsigned c = lo / TB_CODEMAP_CHUNK; c <= hi / TB_CODEMAP_CHUNK; c++) {
        if (m->bits[c / 32] & (1u << (c % 32))) {
            return false;
        }
    }
    return true;
}

void tb_codemap_forget(ram_addr_t page)
{
    TBCodeMap *m = codemap_slot(page);

    if (m->page == page) {
        m->page = RAM_ADDR_INVALID;
    }
}

void tb_codemap_begin(ram_addr_t page)
{
    TBCodeMap *m = codemap_slot(page);

    m->page = page;
    memset(m->bits, 0, sizeof(m->bits));
}
