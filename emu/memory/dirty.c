/*
 * Dirty memory tracking (include/exec/ram_addr.h): one static bitmap per
 * client indexed by RAM address page, as QEMU's ram_list.dirty_memory
 * (Deviation D15: sized at compile time),
 * and the hooks into the CPU's code cache and TLB.
 */
#include "memory-internal.h"

#define DIRTY_PAGES                                                            \
    ((uint32_t)BMX_RAM_ADDR_SPACE_MIB << (20 - TARGET_PAGE_BITS))
#define BITS_PER_WORD 32u

static uint32_t dirty_memory[DIRTY_MEMORY_NUM][DIRTY_PAGES / BITS_PER_WORD];

static MemoryCPUHooks cpu_hooks;

void memory_set_cpu_hooks(const MemoryCPUHooks *hooks)
{
    if (hooks) {
        cpu_hooks = *hooks;
    } else {
        memset(&cpu_hooks, 0, sizeof(cpu_hooks));
    }
}

void memory_hook_tlb_flush(CPUState *cpu)
{
    if (cpu_hooks.tlb_flush) {
        cpu_hooks.tlb_flush(cpu);
    }
}

void memory_hook_tb_invalidate(ram_addr_t start, ram_addr_t last)
{
    if (cpu_hooks.tb_invalidate_phys_range) {
        cpu_hooks.tb_invalidate_phys_range(start, last);
    }
}

void memory_hook_tlb_reset_dirty(ram_addr_t start, ram_addr_t length)
{
    if (cpu_hooks.tlb_reset_dirty_range_all) {
        cpu_hooks.tlb_reset_dirty_range_all(start, length);
    }
}

/* Pages [*first, *end) covering [start, start+length). */
static bool page_span(ram_addr_t start, ram_addr_t length, uint32_t *first,
                      uint32_t *end)
{
    if (length == 0) {
        return false;
    }
    uint64_t last = (uint64_t)start + length - 1;
    if (last >= (uint64_t)DIRTY_PAGES << TARGET_PAGE_BITS) {
        bmx_panic("dirty bitmap: RAM address range 0x%lx+0x%lx beyond the "
                  "%d MiB RAM address space",
                  (unsigned long)start, (unsigned long)length,
                  BMX_RAM_ADDR_SPACE_MIB);
    }
    *first = (uint32_t)(start >> TARGET_PAGE_BITS);
    *end = (uint32_t)(last >> TARGET_PAGE_BITS) + 1;
    return true;
}

static inline bool bit_test(const uint32_t *map, uint32_t n)
{
    return (map[n / BITS_PER_WORD] >> (n % BITS_PER_WORD)) & 1;
}

bool cpu_physical_memory_get_dirty(ram_addr_t start, ram_addr_t length,
                                   unsigned client)
{
    uint32_t p, end;
    bmx_assert(client < DIRTY_MEMORY_NUM);
    if (!page_span(start, length, &p, &end)) {
        return false;
    }
    for (; p < end; p++) {
        if (bit_test(dirty_memory[client], p)) {
            return true;
        }
    }
    return false;
}

bool cpu_physical_memory_all_dirty(ram_addr_t start, ram_addr_t length,
                                   unsigned client)
{
    uint32_t p, end;
    bmx_assert(client < DIRTY_MEMORY_NUM);
    if (!page_span(start, length, &p, &end)) {
        return true;
    }
    for (; p < end; p++) {
        if (!bit_test(dirty_memory[client], p)) {
            return false;
        }
    }
    return true;
}

bool cpu_physical_memory_get_dirty_flag(ram_addr_t addr, unsigned client)
{
    return cpu_physical_memory_get_dirty(addr, 1, client);
}

bool cpu_physical_memory_is_clean(ram_addr_t addr)
{
    /* CODE first: a store next to translated code asks with CODE clean */
    return !(cpu_physical_memory_get_dirty_flag(addr, DIRTY_MEMORY_CODE) &&
             cpu_physical_memory_get_dirty_flag(addr, DIRTY_MEMORY_VGA) &&
             cpu_physical_memory_get_dirty_flag(addr, DIRTY_MEMORY_MIGRATION));
}

uint8_t cpu_physical_memory_range_includes_clean(ram_addr_t start,
                                                 ram_addr_t length,
                                                 uint8_t mask)
{
    uint8_t ret = 0;
    for (unsigned c = 0; c < DIRTY_MEMORY_NUM; c++) {
        if ((mask & (1u << c)) &&
            !cpu_physical_memory_all_dirty(start, length, c)) {
            ret |= 1u << c;
        }
    }
    return ret;
}

void cpu_physical_memory_set_dirty_flag(ram_addr_t addr, unsigned client)
{
    cpu_physical_memory_set_dirty_range(addr, 1, 1u << client);
}

void cpu_physical_memory_set_dirty_range(ram_addr_t start, ram_addr_t length,
                                         uint8_t mask)
{
    uint32_t first, end;
    if (!page_span(start, length, &first, &end)) {
        return;
    }
    for (unsigned c = 0; c < DIRTY_MEMORY_NUM; c++) {
        if (!(mask & (1u << c))) {
            continue;
        }
        for (uint32_t p = first; p < end; p++) {
            dirty_memory[c][p / BITS_PER_WORD] |= 1u << (p % BITS_PER_WORD);
        }
    }
}

bool cpu_physical_memory_test_and_clear_dirty(ram_addr_t start,
                                              ram_addr_t length,
                                              unsigned client)
{
    uint32_t p, end;
    bool dirty = false;
    bmx_assert(client < DIRTY_MEMORY_NUM);
    if (!page_span(start, length, &p, &end)) {
        return false;
    }
    for (; p < end; p++) {
        uint32_t *w = &dirty_memory[client][p / BITS_PER_WORD];
        uint32_t bit = 1u << (p % BITS_PER_WORD);
        dirty |= (*w & bit) != 0;
        *w &= ~bit;
    }
    if (dirty) {
        /* QEMU's cpu_physical_memory_dirty_bits_cleared(): TLB entries of
         * these pages must trap writes again. */
        memory_hook_tlb_reset_dirty(start, length);
    }
    return dirty;
}

void cpu_physical_memory_reset_dirty(ram_addr_t start, ram_addr_t length,
                                     unsigned client)
{
    (void)cpu_physical_memory_test_and_clear_dirty(start, length, client);
}

void invalidate_and_set_dirty(MemoryRegion *mr, hwaddr addr, hwaddr length)
{
    uint8_t dirty_log_mask = memory_region_get_dirty_log_mask(mr);
    ram_addr_t ramaddr = memory_region_get_ram_addr(mr);

    /* Only called for regions with RAM. */
    bmx_assert(ramaddr != RAM_ADDR_INVALID);
    if (length == 0) {
        return;
    }
    ramaddr += (ram_addr_t)addr;
    if (dirty_log_mask) {
        dirty_log_mask = cpu_physical_memory_range_includes_clean(
            ramaddr, (ram_addr_t)length, dirty_log_mask);
    }
    if (dirty_log_mask & (1 << DIRTY_MEMORY_CODE)) {
        /* The code cache sets CODE again once the page's last
         * translation is gone (tlb_unprotect_code); never set it here. */
        memory_hook_tb_invalidate(ramaddr, ramaddr + (ram_addr_t)length - 1);
        dirty_log_mask &= ~(1 << DIRTY_MEMORY_CODE);
    }
    if (dirty_log_mask) {
        cpu_physical_memory_set_dirty_range(ramaddr, (ram_addr_t)length,
                                            dirty_log_mask);
    }
}

uint8_t memory_region_get_dirty_log_mask(MemoryRegion *mr)
{
    uint8_t mask = mr->dirty_log_mask;
    /* Translation is always on in bmx86: RAM logs the CODE client. */
    if (mr->ram_block) {
        mask |= 1 << DIRTY_MEMORY_CODE;
    }
    return mask;
}

static ram_addr_t mr_ram_addr(MemoryRegion *mr, const char *what)
{
    if (!mr->ram_block) {
        bmx_panic("%s: region '%s' has no RAM", what, memory_region_name(mr));
    }
    return mr->ram_block->offset;
}

bool memory_region_get_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                             unsigned client)
{
    return cpu_physical_memory_get_dirty(
        mr_ram_addr(mr, __func__) + (ram_addr_t)addr, (ram_addr_t)size, client);
}

void memory_region_set_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size)
{
    cpu_physical_memory_set_dirty_range(
        mr_ram_addr(mr, __func__) + (ram_addr_t)addr, (ram_addr_t)size,
        memory_region_get_dirty_log_mask(mr));
}

void memory_region_reset_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                               unsigned client)
{
    cpu_physical_memory_test_and_clear_dirty(
        mr_ram_addr(mr, __func__) + (ram_addr_t)addr, (ram_addr_t)size, client);
}

bool memory_region_test_and_clear_dirty(MemoryRegion *mr, hwaddr addr,
                                        hwaddr size, unsigned client)
{
    return cpu_physical_memory_test_and_clear_dirty(
        mr_ram_addr(mr, __func__) + (ram_addr_t)addr, (ram_addr_t)size, client);
}

void dirty_reset(void)
{
    memset(dirty_memory, 0, sizeof(dirty_memory));
    memset(&cpu_hooks, 0, sizeof(cpu_hooks));
}
