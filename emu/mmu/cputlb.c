/*
 * The softmmu TLB (QEMU's accel/tcg/cputlb.c, reduced to one 32-bit
 * guest): fill, flush, victim TLB, and the slow paths of loads and stores
 * -- MMIO, clean code pages, ROM, accesses that cross a page.
 */
#include "target-i386/cpu.h"
#include "memory/memory.h"

static inline bool tlb_hit_page(target_ulong tlb_addr, target_ulong page)
{
    return (tlb_addr & (TARGET_PAGE_MASK32 | TLB_INVALID_MASK)) == page;
}

static inline target_ulong tlb_read_ofs(const CPUTLBEntry *e,
                                        MMUAccessType type)
{
    return type == MMU_DATA_STORE   ? e->addr_write
           : type == MMU_INST_FETCH ? e->addr_code
                                    : e->addr_read;
}

void tlb_init(CPUState *cs)
{
    tlb_flush(cs);
}

static inline void wmap_set(CPUTLBDesc *d, unsigned idx)
{
    d->wmap[idx / 32] |= 1u << (idx % 32);
}

static void tlb_flush_one(CPUTLBDesc *d)
{
    memset(d->table, 0xff, sizeof(d->table));
    memset(d->vtable, 0xff, sizeof(d->vtable));
    memset(d->wmap, 0, sizeof(d->wmap));
    d->vindex = 0;
    d->large_page_addr = 0xffffffffu;
    d->large_page_mask = 0;
}

void tlb_flush_by_mmuidx(CPUState *cs, uint16_t idxmap)
{
    for (int i = 0; i < NB_MMU_MODES; i++) {
        if (idxmap & (1u << i)) {
            tlb_flush_one(&cs->tlb.d[i]);
        }
    }
    tcg_flush_jmp_cache(cs);
}

void tlb_flush_nonglobal(CPUState *cs)
{
    for (int i = 0; i < NB_MMU_MODES; i++) {
        CPUTLBDesc *d = &cs->tlb.d[i];
        for (unsigned k = 0; k < CPU_TLB_SIZE; k++) {
            /* an invalid entry whose full entry still says global stays
             * invalid: keeping it costs nothing */
            if (!(d->fulltlb[k].prot & PAGE_TLB_GLOBAL)) {
                memset(&d->table[k], 0xff, sizeof(d->table[k]));
            }
        }
        for (unsigned k = 0; k < CPU_VTLB_SIZE; k++) {
            if (!(d->vfulltlb[k].prot & PAGE_TLB_GLOBAL)) {
                memset(&d->vtable[k], 0xff, sizeof(d->vtable[k]));
            }
        }
        /* wmap and the large-page range may now be wider than needed:
         * both only make later work conservative */
    }
    tcg_flush_jmp_cache(cs);
}

void tlb_flush(CPUState *cs)
{
    tlb_flush_by_mmuidx(cs, (1u << NB_MMU_MODES) - 1);
}

static void tlb_flush_entry(CPUTLBEntry *e, target_ulong page)
{
    if (tlb_hit_page(e->addr_read, page) || tlb_hit_page(e->addr_write, page) ||
        tlb_hit_page(e->addr_code, page)) {
        memset(e, 0xff, sizeof(*e));
    }
}

void tlb_flush_page(CPUState *cs, target_ulong addr)
{
    target_ulong page = addr & TARGET_PAGE_MASK32;

    for (int i = 0; i < NB_MMU_MODES; i++) {
        CPUTLBDesc *d = &cs->tlb.d[i];
        if ((addr & d->large_page_mask) == d->large_page_addr) {
            /* a large page may cover it under any index: drop them all */
            tlb_flush_one(d);
            continue;
        }
        tlb_flush_entry(&d->table[tlb_index(page)], page);
        for (int k = 0; k < CPU_VTLB_SIZE; k++) {
            tlb_flush_entry(&d->vtable[k], page);
        }
    }
    tcg_flush_jmp_cache(cs);
}

static void tlb_add_large_page(CPUTLBDesc *d, target_ulong vaddr,
                               target_ulong size)
{
    target_ulong mask = ~(size - 1);

    if (d->large_page_addr == 0xffffffffu && d->large_page_mask == 0) {
        d->large_page_addr = vaddr & mask;
        d->large_page_mask = mask;
        return;
    }
    /* widen the region to cover both */
    mask &= d->large_page_mask;
    while (((d->large_page_addr ^ vaddr) & mask) != 0) {
        mask <<= 1;
    }
    d->large_page_addr &= mask;
    d->large_page_mask = mask;
}

static ram_addr_t full_ram_addr(const CPUTLBEntryFull *full)
{
    return memory_region_get_ram_addr(full->mr) + (ram_addr_t)full->mr_offset;
}

void tlb_set_page_with_attrs(CPUState *cs, target_ulong vaddr, hwaddr paddr,
                             MemTxAttrs attrs, int prot, int mmu_idx,
                             target_ulong size)
{
    CPUX86State *env = cs->env_ptr;
    CPUTLBDesc *d = &cs->tlb.d[mmu_idx];
    target_ulong page = vaddr & TARGET_PAGE_MASK32;
    unsigned idx = tlb_index(page);
    CPUTLBEntry *e = &d->table[idx];
    CPUTLBEntryFull *full = &d->fulltlb[idx];
    MemoryRegionSection *sec;
    MemoryRegion *mr;
    hwaddr xlat, plen = TARGET_PAGE_SIZE;
    int asidx = 0, dummy_prot = prot;
    target_ulong read_f = 0, write_f = 0, read_w = 0, write_w = 0;
    uintptr_t addend = 0;

    if (size > TARGET_PAGE_SIZE) {
        tlb_add_large_page(d, vaddr, size);
    }
    paddr = (paddr & ~(hwaddr)(TARGET_PAGE_SIZE - 1)) & env->a20_mask;
    if (attrs.secure && cpu_get_address_space(cs, 1)) {
        asidx = 1;
    }
    sec = address_space_translate_for_iotlb(cs, asidx, paddr, &xlat, &plen,
                                            attrs, &dummy_prot);
    mr = sec->mr;

    /* keep the evicted entry in the victim TLB if it maps another page */
    if (!tlb_hit_page(e->addr_read, page) &&
        !tlb_hit_page(e->addr_write, page) &&
        !tlb_hit_page(e->addr_code, page) &&
        !((e->addr_read & e->addr_write & e->addr_code) & TLB_INVALID_MASK)) {
        unsigned v = d->vindex++ % CPU_VTLB_SIZE;
        d->vtable[v] = *e;
        d->vfulltlb[v] = *full;
    }

    full->phys_addr = paddr;
    full->mr = mr;
    full->mr_offset = xlat;
    full->attrs = attrs;
    full->prot = (uint8_t)prot;
    full->lg_page_size = size > TARGET_PAGE_SIZE ? 22 : TARGET_PAGE_BITS;

    if (memory_region_is_ram(mr) || memory_region_is_romd(mr)) {
        addend = (uintptr_t)memory_region_get_ram_ptr(mr) + (uintptr_t)xlat -
                 (uintptr_t)page;
        if (memory_region_is_romd(mr)) {
            write_f = TLB_MMIO;
        } else if (mr->readonly || sec->readonly) {
            write_f = TLB_DISCARD_WRITE;
        } else if (cpu_physical_memory_is_clean(full_ram_addr(full))) {
            write_f = TLB_NOTDIRTY;
        }
    } else {
        read_f = write_f = TLB_MMIO;
    }
    if (unlikely(env->bpt_data | env->bpt_gdb)) {
        int watch = x86_bpt_page_watch(env, page);
        read_w = (watch & PAGE_READ) ? TLB_WATCHPOINT : 0;
        write_w = (watch & PAGE_WRITE) ? TLB_WATCHPOINT : 0;
    }
    e->addend = addend;
    e->addr_read = (prot & PAGE_READ) ? page | read_f | read_w : 0xffffffffu;
    e->addr_code = (prot & PAGE_EXEC) ? page | read_f : 0xffffffffu;
    e->addr_write =
        (prot & PAGE_WRITE) ? page | write_f | write_w : 0xffffffffu;
    if ((e->addr_write & TLB_FLAGS_MASK) == 0) {
        wmap_set(d, idx);
    }
}

void tlb_set_page(CPUState *cs, target_ulong vaddr, hwaddr paddr, int prot,
                  int mmu_idx, target_ulong size)
{
    tlb_set_page_with_attrs(cs, vaddr, paddr, cpu_get_mem_attrs(cpu_env(cs)),
                            prot, mmu_idx, size);
}

static void reset_dirty_entry(CPUTLBEntry *e, const CPUTLBEntryFull *full,
                              ram_addr_t start, ram_addr_t length)
{
    if ((e->addr_write & (TLB_INVALID_MASK | TLB_MMIO | TLB_DISCARD_WRITE |
                          TLB_NOTDIRTY)) == 0 &&
        full->mr && memory_region_is_ram(full->mr)) {
        ram_addr_t ra = full_ram_addr(full);
        if (ra - start < length) {
            e->addr_write |= TLB_NOTDIRTY;
        }
    }
}

static CPUState *tlb_the_cpu(void);

void tlb_reset_dirty_range_all(ram_addr_t start, ram_addr_t length)
{
    CPUState *cs = tlb_the_cpu();

    if (!cs) {
        return;
    }
    start &= ~(ram_addr_t)(TARGET_PAGE_SIZE - 1);
    length = QEMU_ALIGN_UP(length, TARGET_PAGE_SIZE);
    for (int i = 0; i < NB_MMU_MODES; i++) {
        CPUTLBDesc *d = &cs->tlb.d[i];
        for (unsigned w = 0; w < CPU_TLB_SIZE / 32; w++) {
            uint32_t bits = d->wmap[w];
            while (bits) {
                unsigned k = w * 32 + (unsigned)__builtin_ctz(bits);
                bits &= bits - 1;
                reset_dirty_entry(&d->table[k], &d->fulltlb[k], start, length);
                if (d->table[k].addr_write & TLB_FLAGS_MASK) {
                    d->wmap[w] &= ~(1u << (k % 32));
                }
            }
        }
        for (int k = 0; k < CPU_VTLB_SIZE; k++) {
            reset_dirty_entry(&d->vtable[k], &d->vfulltlb[k], start, length);
        }
    }
}

void tlb_set_dirty(CPUState *cs, target_ulong vaddr)
{
    target_ulong page = vaddr & TARGET_PAGE_MASK32;

    for (int i = 0; i < NB_MMU_MODES; i++) {
        CPUTLBDesc *d = &cs->tlb.d[i];
        CPUTLBEntry *e = &d->table[tlb_index(page)];
        if ((e->addr_write & ~TLB_WATCHPOINT) == (page | TLB_NOTDIRTY)) {
            e->addr_write &= ~TLB_NOTDIRTY;
            wmap_set(d, tlb_index(page));
        }
        for (int k = 0; k < CPU_VTLB_SIZE; k++) {
            CPUTLBEntry *v = &d->vtable[k];
            if ((v->addr_write & ~TLB_WATCHPOINT) == (page | TLB_NOTDIRTY)) {
                v->addr_write &= ~TLB_NOTDIRTY;
            }
        }
    }
}

/* ---- lookup and fill ---- */

static bool victim_tlb_hit(CPUTLBDesc *d, unsigned idx, MMUAccessType type,
                           target_ulong page)
{
    for (int k = 0; k < CPU_VTLB_SIZE; k++) {
        CPUTLBEntry *v = &d->vtable[k];
        if (tlb_hit_page(tlb_read_ofs(v, type), page)) {
            CPUTLBEntry tmp = d->table[idx];
            CPUTLBEntryFull tmpf = d->fulltlb[idx];
            d->table[idx] = *v;
            d->fulltlb[idx] = d->vfulltlb[k];
            *v = tmp;
            d->vfulltlb[k] = tmpf;
            wmap_set(d, idx);
            return true;
        }
    }
    return false;
}

/* Makes the entry for addr valid for type; returns it. */
static CPUTLBEntry *tlb_lookup_fill(CPUState *cs, target_ulong addr, int size,
                                    MMUAccessType type, int mmu_idx,
                                    uintptr_t ra, CPUTLBEntryFull **pfull)
{
    CPUTLBDesc *d = &cs->tlb.d[mmu_idx];
    target_ulong page = addr & TARGET_PAGE_MASK32;
    unsigned idx = tlb_index(page);
    CPUTLBEntry *e = &d->table[idx];

    if (!tlb_hit_page(tlb_read_ofs(e, type), page) &&
        !victim_tlb_hit(d, idx, type, page)) {
        cs->cur_ra = ra;
        x86_cpu_tlb_fill(cs, addr, size, type, mmu_idx, false, ra);
        cs->cur_ra = 0;
        /* the fill may have flushed; the entry is at idx */
    }
    *pfull = &d->fulltlb[idx];
    return e;
}

static uint64_t io_readx(CPUTLBEntryFull *full, target_ulong addr, int size)
{
    hwaddr off = full->mr_offset + (addr & ~TARGET_PAGE_MASK32);
    uint64_t r = 0;
    int done = 0;

    while (done < size) {
        /* naturally aligned pieces of at most 8 bytes */
        int piece = 1;
        while (piece * 2 <= size - done && piece < 8 &&
               ((off + done) & (piece * 2 - 1)) == 0) {
            piece *= 2;
        }
        uint64_t v = 0;
        memory_region_dispatch_read(full->mr, off + done, &v,
                                    size_memop(piece) | MO_LE, full->attrs);
        r |= v << (8 * done);
        done += piece;
    }
    return r;
}

static void io_writex(CPUTLBEntryFull *full, target_ulong addr, uint64_t val,
                      int size)
{
    hwaddr off = full->mr_offset + (addr & ~TARGET_PAGE_MASK32);
    int done = 0;

    while (done < size) {
        int piece = 1;
        while (piece * 2 <= size - done && piece < 8 &&
               ((off + done) & (piece * 2 - 1)) == 0) {
            piece *= 2;
        }
        uint64_t m = piece == 8 ? ~0ull : (1ull << (8 * piece)) - 1;
        memory_region_dispatch_write(full->mr, off + done,
                                     (val >> (8 * done)) & m,
                                     size_memop(piece) | MO_LE, full->attrs);
        done += piece;
    }
}

static uint64_t load_helper(CPUX86State *env, target_ulong addr, int size,
                            int mmu_idx, uintptr_t ra, MMUAccessType type)
{
    CPUState *cs = env_cpu(env);
    CPUTLBEntryFull *full;
    CPUTLBEntry *e;
    target_ulong tlb_addr;

    if (unlikely((addr & ~TARGET_PAGE_MASK32) + size > TARGET_PAGE_SIZE)) {
        /* crosses a page: bytewise, little endian */
        uint64_t r = 0;
        for (int i = 0; i < size; i++) {
            r |= load_helper(env, addr + i, 1, mmu_idx, ra, type) << (8 * i);
        }
        return r;
    }
    e = tlb_lookup_fill(cs, addr, size, type, mmu_idx, ra, &full);
    tlb_addr = tlb_read_ofs(e, type);
    if (unlikely(tlb_addr & TLB_WATCHPOINT)) {
        x86_bpt_check_access(env, addr, size, false);
    }
    if (unlikely(tlb_addr & TLB_MMIO)) {
        return io_readx(full, addr, size);
    }
    {
        const uint8_t *p = (const uint8_t *)(addr + e->addend);
        uint64_t v = 0;
        memcpy(&v, p, size); /* little-endian host */
        return v;
    }
}

static void notdirty_write(CPUState *cs, target_ulong addr, int size,
                           CPUTLBEntryFull *full, uintptr_t ra)
{
    ram_addr_t ram = full_ram_addr(full) + (addr & ~TARGET_PAGE_MASK32);

    if (!cpu_physical_memory_get_dirty_flag(ram, DIRTY_MEMORY_CODE)) {
        cs->cur_ra = ra;
        tb_invalidate_phys_range(ram, ram + size - 1);
        cs->cur_ra = 0;
    }
}

static void notdirty_done(CPUState *cs, target_ulong addr, int size,
                          CPUTLBEntryFull *full)
{
    ram_addr_t ram = full_ram_addr(full) + (addr & ~TARGET_PAGE_MASK32);

    cpu_physical_memory_set_dirty_range(ram, size, DIRTY_CLIENTS_NOCODE);
    if (!cpu_physical_memory_is_clean(ram &
                                      ~(ram_addr_t)(TARGET_PAGE_SIZE - 1))) {
        tlb_set_dirty(cs, addr);
    }
}

static void store_helper(CPUX86State *env, target_ulong addr, uint64_t val,
                         int size, int mmu_idx, uintptr_t ra)
{
    CPUState *cs = env_cpu(env);
    CPUTLBEntryFull *full;
    CPUTLBEntry *e;
    target_ulong tlb_addr;

    if (unlikely((addr & ~TARGET_PAGE_MASK32) + size > TARGET_PAGE_SIZE)) {
        /* both pages must be writable before any byte is written */
        target_ulong a2 = (addr + size - 1) & TARGET_PAGE_MASK32;
        tlb_lookup_fill(cs, addr, 1, MMU_DATA_STORE, mmu_idx, ra, &full);
        tlb_lookup_fill(cs, a2, 1, MMU_DATA_STORE, mmu_idx, ra, &full);
        for (int i = 0; i < size; i++) {
            store_helper(env, addr + i, (val >> (8 * i)) & 0xff, 1, mmu_idx,
                         ra);
        }
        return;
    }
    e = tlb_lookup_fill(cs, addr, size, MMU_DATA_STORE, mmu_idx, ra, &full);
    tlb_addr = e->addr_write;
    if (unlikely(tlb_addr & TLB_WATCHPOINT)) {
        x86_bpt_check_access(env, addr, size, true);
    }
    if (unlikely(tlb_addr & TLB_FLAGS_MASK & ~TLB_INVALID_MASK)) {
        if (tlb_addr & TLB_MMIO) {
            io_writex(full, addr, val, size);
            return;
        }
        if (tlb_addr & TLB_DISCARD_WRITE) {
            return; /* ROM */
        }
        if (tlb_addr & TLB_NOTDIRTY) {
            uintptr_t addend = e->addend;
            notdirty_write(cs, addr, size, full, ra);
            memcpy((uint8_t *)(addr + addend), &val, size);
            notdirty_done(cs, addr, size, full);
            return;
        }
    }
    memcpy((uint8_t *)(addr + e->addend), &val, size);
}

uint32_t cpu_ldub_mmuidx_ra(CPUArchState *env, target_ulong addr, int mmu_idx,
                            uintptr_t ra)
{
    return (uint32_t)load_helper(env, addr, 1, mmu_idx, ra, MMU_DATA_LOAD);
}

uint32_t cpu_lduw_mmuidx_ra(CPUArchState *env, target_ulong addr, int mmu_idx,
                            uintptr_t ra)
{
    return (uint32_t)load_helper(env, addr, 2, mmu_idx, ra, MMU_DATA_LOAD);
}

uint32_t cpu_ldl_mmuidx_ra(CPUArchState *env, target_ulong addr, int mmu_idx,
                           uintptr_t ra)
{
    return (uint32_t)load_helper(env, addr, 4, mmu_idx, ra, MMU_DATA_LOAD);
}

uint64_t cpu_ldq_mmuidx_ra(CPUArchState *env, target_ulong addr, int mmu_idx,
                           uintptr_t ra)
{
    return load_helper(env, addr, 8, mmu_idx, ra, MMU_DATA_LOAD);
}

void cpu_stb_mmuidx_ra(CPUArchState *env, target_ulong addr, uint32_t val,
                       int mmu_idx, uintptr_t ra)
{
    store_helper(env, addr, val, 1, mmu_idx, ra);
}

void cpu_stw_mmuidx_ra(CPUArchState *env, target_ulong addr, uint32_t val,
                       int mmu_idx, uintptr_t ra)
{
    store_helper(env, addr, val, 2, mmu_idx, ra);
}

void cpu_stl_mmuidx_ra(CPUArchState *env, target_ulong addr, uint32_t val,
                       int mmu_idx, uintptr_t ra)
{
    store_helper(env, addr, val, 4, mmu_idx, ra);
}

void cpu_stq_mmuidx_ra(CPUArchState *env, target_ulong addr, uint64_t val,
                       int mmu_idx, uintptr_t ra)
{
    store_helper(env, addr, val, 8, mmu_idx, ra);
}

uint32_t cpu_ldub_code(CPUArchState *env, target_ulong addr)
{
    return (uint32_t)load_helper(env, addr, 1, cpu_mmu_index(env, true), 0,
                                 MMU_INST_FETCH);
}

void *get_page_addr_code_hostp(CPUArchState *env, target_ulong addr,
                               ram_addr_t *ram_addr)
{
    CPUTLBEntryFull *full;
    CPUTLBEntry *e = tlb_lookup_fill(env_cpu(env), addr, 1, MMU_INST_FETCH,
                                     cpu_mmu_index(env, true), 0, &full);

    if (e->addr_code & TLB_MMIO) {
        *ram_addr = RAM_ADDR_INVALID;
        return NULL;
    }
    *ram_addr = full_ram_addr(full) + (addr & ~TARGET_PAGE_MASK32);
    return (void *)(addr + e->addend);
}

void probe_access(CPUArchState *env, target_ulong addr, int size,
                  MMUAccessType access_type, int mmu_idx, uintptr_t ra)
{
    CPUTLBEntryFull *full;
    CPUState *cs = env_cpu(env);

    tlb_lookup_fill(cs, addr, 1, access_type, mmu_idx, ra, &full);
    if (((addr + size - 1) ^ addr) & TARGET_PAGE_MASK32) {
        tlb_lookup_fill(cs, (addr + size - 1) & TARGET_PAGE_MASK32, 1,
                        access_type, mmu_idx, ra, &full);
    }
}

/* The CPU memory's hooks act on: the one the TB engine knows. */
static CPUState *tlb_cpu_ptr;

void tlb_register_cpu(CPUState *cs)
{
    tlb_cpu_ptr = cs;
}

static CPUState *tlb_the_cpu(void)
{
    return tlb_cpu_ptr;
}
