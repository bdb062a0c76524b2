/*
 * MemoryRegion objects and topology changes (system/memory.c): init
 * functions, the subregion list, setters, and the transaction counter
 * that batches re-rendering.
 */
#include "memory-internal.h"

unsigned memory_region_transaction_depth;
bool memory_region_update_pending;

void memory_region_transaction_begin(void)
{
    ++memory_region_transaction_depth;
}

void memory_region_transaction_commit(void)
{
    bmx_assert(memory_region_transaction_depth);
    /* QEMU asserts bql_locked() here; bmx86 has one thread and does not
     * require the host to hold the BQL during setup (Deviation D7). */
    --memory_region_transaction_depth;
    if (!memory_region_transaction_depth && memory_region_update_pending) {
        memory_region_update_topology();
    }
}

static Int128 size_from_u64(uint64_t size)
{
    /* QEMU's convention: UINT64_MAX stands for 2^64. */
    return size == UINT64_MAX ? int128_2_64() : int128_make64(size);
}

void memory_region_init(MemoryRegion *mr, void *owner, const char *name,
                        uint64_t size)
{
    bmx_assert(mr != NULL);
    memset(mr, 0, sizeof(*mr));
    mr->magic = MR_MAGIC;
    mr->ops = &unassigned_mem_ops;
    mr->enabled = true;
    mr->romd_mode = true;
    mr->owner = owner;
    mr->name = name;
    mr->size = size_from_u64(size);
}

static void check_ops(const MemoryRegionOps *ops, const char *name)
{
    /* Statement 12: impl.unaligned needs valid.unaligned. */
    if (ops && ops->impl.unaligned && !ops->valid.unaligned) {
        bmx_panic("region '%s': ops have impl.unaligned without "
                  "valid.unaligned",
                  name ? name : "");
    }
}

void memory_region_init_io(MemoryRegion *mr, void *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size)
{
    check_ops(ops, name);
    memory_region_init(mr, owner, name, size);
    mr->ops = ops ? ops : &unassigned_mem_ops;
    mr->opaque = opaque;
    mr->terminates = true;
}

static ram_addr_t ram_size_arg(uint64_t size, const char *name)
{
    if (size > (uint64_t)RAM_ADDR_MAX - TARGET_PAGE_SIZE) {
        bmx_panic("region '%s': RAM size too large for this host",
                  name ? name : "");
    }
    return (ram_addr_t)size;
}

/* Deviation D12: errp is ignored, allocation failures are fatal. */
void memory_region_init_ram_nomigrate(MemoryRegion *mr, void *owner,
                                      const char *name, uint64_t size,
                                      void **errp)
{
    memory_region_init(mr, owner, name, size);
    mr->ram = true;
    mr->terminates = true;
    mr->ram_block = qemu_ram_alloc(ram_size_arg(size, name), 0, mr, errp);
    mr->dirty_log_mask = 1 << DIRTY_MEMORY_CODE;
}

void memory_region_init_ram(MemoryRegion *mr, void *owner, const char *name,
                            uint64_t size, void **errp)
{
    /* No migration: the same as the _nomigrate variant. */
    memory_region_init_ram_nomigrate(mr, owner, name, size, errp);
}

void memory_region_init_ram_ptr(MemoryRegion *mr, void *owner, const char *name,
                                uint64_t size, void *ptr)
{
    memory_region_init(mr, owner, name, size);
    mr->ram = true;
    mr->terminates = true;
    mr->dirty_log_mask = 1 << DIRTY_MEMORY_CODE;
    mr->ram_block =
        qemu_ram_alloc_from_ptr(ram_size_arg(size, name), ptr, mr, NULL);
}

void memory_region_init_rom_nomigrate(MemoryRegion *mr, void *owner,
                                      const char *name, uint64_t size,
                                      void **errp)
{
    memory_region_init_ram_nomigrate(mr, owner, name, size, errp);
    mr->readonly = true;
}

void memory_region_init_rom(MemoryRegion *mr, void *owner, const char *name,
                            uint64_t size, void **errp)
{
    memory_region_init_rom_nomigrate(mr, owner, name, size, errp);
}

void memory_region_init_rom_device(MemoryRegion *mr, void *owner,
                                   const MemoryRegionOps *ops, void *opaque,
                                   const char *name, uint64_t size, void **errp)
{
    check_ops(ops, name);
    memory_region_init(mr, owner, name, size);
    mr->ops = ops ? ops : &unassigned_mem_ops;
    mr->opaque = opaque;
    mr->terminates = true;
    mr->rom_device = true;
    mr->ram_block = qemu_ram_alloc(ram_size_arg(size, name), 0, mr, errp);
}

void memory_region_init_alias(MemoryRegion *mr, void *owner, const char *name,
                              MemoryRegion *orig, hwaddr offset, uint64_t size)
{
    mr_check(orig);
    memory_region_init(mr, owner, name, size);
    mr->alias = orig;
    mr->alias_offset = offset;
}

static void memory_region_update_container_subregions(MemoryRegion *subregion)
{
    MemoryRegion *mr = subregion->container;
    MemoryRegion **pp;

    memory_region_transaction_begin();
    memory_region_ref(subregion);
    /* Before the first sibling of lower or equal priority: among equal
     * priorities the newest comes first and wins. */
    for (pp = &mr->subregions; *pp; pp = &(*pp)->subregions_next) {
        if (subregion->priority >= (*pp)->priority) {
            break;
        }
    }
    subregion->subregions_next = *pp;
    *pp = subregion;
    memory_region_update_pending |= mr->enabled && subregion->enabled;
    memory_region_transaction_commit();
}

static void memory_region_add_subregion_common(MemoryRegion *mr, hwaddr offset,
                                               MemoryRegion *subregion)
{
    mr_check(mr);
    mr_check(subregion);
    if (subregion->container) {
        bmx_panic("memory_region_add_subregion: '%s' is already in '%s'",
                  memory_region_name(subregion),
                  memory_region_name(subregion->container));
    }
    for (MemoryRegion *c = mr; c; c = c->container) {
        if (c == subregion) {
            bmx_panic("memory_region_add_subregion: '%s' would contain "
                      "itself",
                      memory_region_name(subregion));
        }
    }
    subregion->container = mr;
    for (MemoryRegion *alias = subregion->alias; alias; alias = alias->alias) {
        alias->mapped_via_alias++;
    }
    subregion->addr = offset;
    memory_region_update_container_subregions(subregion);
}

void memory_region_add_subregion(MemoryRegion *mr, hwaddr offset,
                                 MemoryRegion *subregion)
{
    mr_check(subregion);
    subregion->priority = 0;
    memory_region_add_subregion_common(mr, offset, subregion);
}

void memory_region_add_subregion_overlap(MemoryRegion *mr, hwaddr offset,
                                         MemoryRegion *subregion, int priority)
{
    mr_check(subregion);
    subregion->priority = priority;
    memory_region_add_subregion_common(mr, offset, subregion);
}

void memory_region_del_subregion(MemoryRegion *mr, MemoryRegion *subregion)
{
    MemoryRegion **pp;

    mr_check(mr);
    mr_check(subregion);
    if (subregion->container != mr) {
        bmx_panic("memory_region_del_subregion: '%s' is not in '%s'",
                  memory_region_name(subregion), memory_region_name(mr));
    }
    memory_region_transaction_begin();
    subregion->container = NULL;
    for (MemoryRegion *alias = subregion->alias; alias; alias = alias->alias) {
        alias->mapped_via_alias--;
        bmx_assert(alias->mapped_via_alias >= 0);
    }
    for (pp = &mr->subregions; *pp != subregion; pp = &(*pp)->subregions_next) {
        bmx_assert(*pp != NULL);
    }
    *pp = subregion->subregions_next;
    subregion->subregions_next = NULL;
    memory_region_unref(subregion);
    memory_region_update_pending |= mr->enabled && subregion->enabled;
    memory_region_transaction_commit();
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    mr_check(mr);
    if (enabled == mr->enabled) {
        return;
    }
    memory_region_transaction_begin();
    mr->enabled = enabled;
    memory_region_update_pending = true;
    memory_region_transaction_commit();
}

void memory_region_set_size(MemoryRegion *mr, uint64_t size)
{
    Int128 s = size_from_u64(size);
    mr_check(mr);
    if (int128_eq(s, mr->size)) {
        return;
    }
    memory_region_transaction_begin();
    mr->size = s;
    memory_region_update_pending = true;
    memory_region_transaction_commit();
}

/* Moving a region removes and re-adds it: it becomes the newest among
 * its equal-priority siblings (statement 1). */
static void memory_region_readd_subregion(MemoryRegion *mr)
{
    MemoryRegion *container = mr->container;

    if (container) {
        memory_region_transaction_begin();
        memory_region_ref(mr);
        memory_region_del_subregion(container, mr);
        memory_region_add_subregion_common(container, mr->addr, mr);
        memory_region_unref(mr);
        memory_region_transaction_commit();
    }
}

void memory_region_set_address(MemoryRegion *mr, hwaddr addr)
{
    mr_check(mr);
    if (addr != mr->addr) {
        mr->addr = addr;
        memory_region_readd_subregion(mr);
    }
}

void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset)
{
    mr_check(mr);
    bmx_assert(mr->alias);
    if (offset == mr->alias_offset) {
        return;
    }
    memory_region_transaction_begin();
    mr->alias_offset = offset;
    memory_region_update_pending |= mr->enabled;
    memory_region_transaction_commit();
}

void memory_region_set_readonly(MemoryRegion *mr, bool readonly)
{
    mr_check(mr);
    if (mr->readonly != readonly) {
        memory_region_transaction_begin();
        mr->readonly = readonly;
        memory_region_update_pending |= mr->enabled;
        memory_region_transaction_commit();
    }
}

void memory_region_set_nonvolatile(MemoryRegion *mr, bool nonvolatile)
{
    mr_check(mr);
    if (mr->nonvolatile != nonvolatile) {
        memory_region_transaction_begin();
        mr->nonvolatile = nonvolatile;
        memory_region_update_pending |= mr->enabled;
        memory_region_transaction_commit();
    }
}

void memory_region_rom_device_set_romd(MemoryRegion *mr, bool romd_mode)
{
    mr_check(mr);
    if (mr->romd_mode != romd_mode) {
        memory_region_transaction_begin();
        mr->romd_mode = romd_mode;
        memory_region_update_pending = true;
        memory_region_transaction_commit();
    }
}

void memory_region_set_flush_coalesced(MemoryRegion *mr)
{
    mr->flush_coalesced_mmio = true;
}

void memory_region_clear_flush_coalesced(MemoryRegion *mr)
{
    mr->flush_coalesced_mmio = false;
}

void memory_region_set_log(MemoryRegion *mr, bool log, unsigned client)
{
    uint8_t mask = 1 << client;
    uint8_t old_logging;

    mr_check(mr);
    bmx_assert(client == DIRTY_MEMORY_VGA);
    old_logging = mr->vga_logging_count;
    mr->vga_logging_count += log ? 1 : -1;
    if (!!old_logging == !!mr->vga_logging_count) {
        return;
    }
    memory_region_transaction_begin();
    mr->dirty_log_mask = (mr->dirty_log_mask & ~mask) | (log * mask);
    memory_region_update_pending |= mr->enabled;
    memory_region_transaction_commit();
}

uint64_t memory_region_size(MemoryRegion *mr)
{
    if (int128_eq(mr->size, int128_2_64())) {
        return UINT64_MAX;
    }
    return int128_get64(mr->size);
}

const char *memory_region_name(const MemoryRegion *mr)
{
    return mr->name ? mr->name : "";
}

void *memory_region_owner(MemoryRegion *mr)
{
    return mr->owner;
}

bool memory_region_is_mapped(MemoryRegion *mr)
{
    return !!mr->container || mr->mapped_via_alias;
}

void *memory_region_get_ram_ptr(MemoryRegion *mr)
{
    uint64_t offset = 0;

    mr_check(mr);
    rcu_read_lock();
    while (mr->alias) {
        offset += mr->alias_offset;
        mr = mr->alias;
    }
    if (!mr->ram_block) {
        bmx_panic("memory_region_get_ram_ptr: '%s' has no RAM",
                  memory_region_name(mr));
    }
    void *ptr = qemu_map_ram_ptr(mr->ram_block, (ram_addr_t)offset);
    rcu_read_unlock();
    return ptr;
}

ram_addr_t memory_region_get_ram_addr(MemoryRegion *mr)
{
    return mr->ram_block ? mr->ram_block->offset : RAM_ADDR_INVALID;
}
