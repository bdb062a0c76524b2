/*
 * Private to emu/memory: what its source files share. Not for other
 * rooms (they use memory.h).
 */
#ifndef BMX_MEMORY_INTERNAL_H
#define BMX_MEMORY_INTERNAL_H

#include "memory/memory.h"

#define MR_MAGIC 0x4d52454du /* "MREM" */

/* Catches a region used before memory_region_init*. */
#define mr_check(mr)                                                           \
    do {                                                                       \
        if (unlikely((mr) == NULL || (mr)->magic != MR_MAGIC)) {               \
            bmx_panic("memory region %p used before memory_region_init*",      \
                      (void *)(mr));                                           \
        }                                                                      \
    } while (0)

/* 16 hex digits of v into buf[17] (the hosts' printf may lack %llx). */
static inline const char *fmt_hex64(char *buf, uint64_t v)
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--) {
        buf[i] = digits[v & 0xf];
        v >>= 4;
    }
    buf[16] = 0;
    return buf;
}

static inline Int128 addrrange_end(AddrRange r)
{
    return int128_add(r.start, r.size);
}

static inline bool addrrange_contains(AddrRange r, hwaddr addr)
{
    /* start < 2^64 always; size may be 2^64 */
    uint64_t off = addr - r.start.lo;
    return addr >= r.start.lo && (r.size.hi != 0 || off < r.size.lo);
}

/* region.c: transaction state */
extern unsigned memory_region_transaction_depth;
extern bool memory_region_update_pending;

/* flatview.c */
void memory_region_update_topology(void);
/* Binary search (the MRU entry was tried by the caller). */
FlatRange *flatview_lookup_slow(FlatView *fv, hwaddr addr);
/* Index of the lowest range intersecting [start, start+size), or -1. */
int flatview_first_intersecting(FlatView *fv, Int128 start, Int128 size);
extern AddressSpace *address_spaces;
void flatview_reset_all(void);

/* The hot path of every access, inline: MRU range first. */
static inline FlatRange *flatview_lookup_addr(FlatView *fv, hwaddr addr)
{
    if (likely(fv->mru < fv->nr)) {
        FlatRange *fr = &fv->ranges[fv->mru];
        if (addrrange_contains(fr->addr, addr)) {
            return fr;
        }
    }
    return flatview_lookup_slow(fv, addr);
}

static inline MemoryRegionSection section_from_flat_range(FlatRange *fr,
                                                          FlatView *fv)
{
    return (MemoryRegionSection){
        .mr = fr->mr,
        .fv = fv,
        .offset_within_region = fr->offset_in_region,
        .size = fr->addr.size,
        .offset_within_address_space = fr->addr.start.lo,
        .readonly = fr->readonly,
        .nonvolatile = fr->nonvolatile,
        .unmergeable = fr->unmergeable,
    };
}

/* physmem.c */
MemoryRegionSection unassigned_section(FlatView *fv);

/* QEMU's address_space_translate_internal + flatview_do_translate. The
 * IOMMU loop of flatview_do_translate has nothing to do: no region is an
 * IOMMU (Deviation D8). */
static inline MemoryRegionSection flatview_translate_section(FlatView *fv,
                                                             hwaddr addr,
                                                             hwaddr *xlat,
                                                             hwaddr *plen)
{
    FlatRange *fr = flatview_lookup_addr(fv, addr);
    MemoryRegionSection section =
        fr ? section_from_flat_range(fr, fv) : unassigned_section(fv);

    addr -= section.offset_within_address_space;
    *xlat = addr + section.offset_within_region;
    /* Only RAM is clipped: MMIO sees the caller's length (statement 18). */
    if (memory_region_is_ram(section.mr)) {
        Int128 diff = int128_sub(section.size, int128_make64(addr));
        if (diff.hi == 0 && diff.lo < *plen) {
            *plen = diff.lo;
        }
    }
    return section;
}

static inline bool mr_access_is_direct(MemoryRegion *mr, bool is_write,
                                       MemTxAttrs attrs)
{
    /* ROM devices only in ROMD mode; RAM devices never (may be MMIO). */
    if (!(memory_region_is_romd(mr) ||
          (memory_region_is_ram(mr) && !memory_region_is_ram_device(mr)))) {
        return false;
    }
    if (attrs.debug || !is_write) {
        return true;
    }
    return !mr->readonly && !mr->rom_device;
}

/* memory_access_is_direct plus read-only inherited by the section
 * (Deviation D4: RAM under a read-only alias or container is a ROM). */
static inline bool section_access_is_direct(const MemoryRegionSection *s,
                                            bool is_write, MemTxAttrs attrs)
{
    if (!mr_access_is_direct(s->mr, is_write, attrs)) {
        return false;
    }
    return !(is_write && s->readonly && !attrs.debug);
}

/* qemu_map_ram_ptr with a known block, inline. */
QEMU_NORETURN void ramblock_bad_offset(RAMBlock *block, ram_addr_t offset);
static inline void *ramblock_ptr(RAMBlock *block, ram_addr_t offset)
{
    if (unlikely(offset >= block->max_length)) {
        ramblock_bad_offset(block, offset);
    }
    return block->host + offset;
}
void physmem_reset(void);
void subpage_init(AddressSpace *as);

/* ramblock.c / dirty.c */
void ramblock_reset(void);
void dirty_reset(void);
void memory_hook_tlb_flush(CPUState *cpu);
void memory_hook_tb_invalidate(ram_addr_t start, ram_addr_t last);
void memory_hook_tlb_reset_dirty(ram_addr_t start, ram_addr_t length);

/* dispatch.c */
void dispatch_reset(void);

#endif /* BMX_MEMORY_INTERNAL_H */
