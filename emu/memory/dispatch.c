/*
 * Dispatching one access to a region's callbacks (system/memory.c):
 * validity, splitting into implemented sizes, byte order, and the
 * device re-entrancy guard.
 */
#include "memory-internal.h"

/* ---- The "unassigned" regions ---- */

static uint64_t unassigned_mem_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)opaque, (void)addr, (void)size;
    return 0;
}

static void unassigned_mem_write(void *opaque, hwaddr addr, uint64_t val,
                                 unsigned size)
{
    (void)opaque, (void)addr, (void)val, (void)size;
}

static bool unassigned_mem_accepts(void *opaque, hwaddr addr, unsigned size,
                                   bool is_write, MemTxAttrs attrs)
{
    (void)opaque, (void)addr, (void)size, (void)is_write, (void)attrs;
    return false;
}

const MemoryRegionOps unassigned_mem_ops = {
    .read = unassigned_mem_read,
    .write = unassigned_mem_write,
    .valid.accepts = unassigned_mem_accepts,
    .endianness = DEVICE_NATIVE_ENDIAN,
};

/* Unclaimed I/O ports: all ones at the access width, writes ignored. */
static uint64_t unassigned_io_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)opaque, (void)addr, (void)size;
    return ~(uint64_t)0;
}

static void unassigned_io_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    (void)opaque, (void)addr, (void)val, (void)size;
}

const MemoryRegionOps unassigned_io_ops = {
    .read = unassigned_io_read,
    .write = unassigned_io_write,
    .endianness = DEVICE_NATIVE_ENDIAN,
};

MemoryRegion io_mem_unassigned = {
    .magic = MR_MAGIC,
    .ops = &unassigned_mem_ops,
    .enabled = true,
    .romd_mode = true,
    .terminates = true,
    .size = {0, 1},
    .name = "unassigned",
};

/* ---- Re-entrancy guard (statement 17) ----
 * QEMU keeps engaged_in_io in the owning DeviceState. Without QOM the
 * key is the owner pointer, or the region itself when it has no owner
 * (Deviation D5). Nesting is shallow, so a small stack is enough. */
#define GUARD_DEPTH 16
static const void *guard_engaged[GUARD_DEPTH];
static unsigned guard_nr;

static bool guard_enter(MemoryRegion *mr)
{
    const void *key = mr->owner ? mr->owner : (const void *)mr;
    for (unsigned i = 0; i < guard_nr; i++) {
        if (guard_engaged[i] == key) {
            return false;
        }
    }
    if (guard_nr == GUARD_DEPTH) {
        bmx_panic("MMIO nesting deeper than %d regions (at '%s')", GUARD_DEPTH,
                  memory_region_name(mr));
    }
    guard_engaged[guard_nr++] = key;
    return true;
}

void dispatch_reset(void)
{
    guard_nr = 0;
}

/* ---- Splitting and combining ---- */

typedef MemTxResult access_fn(MemoryRegion *mr, hwaddr addr, uint64_t *value,
                              unsigned size, signed shift, uint64_t mask,
                              MemTxAttrs attrs);

static void memory_region_shift_read_access(uint64_t *value, signed shift,
                                            uint64_t mask, uint64_t tmp)
{
    if (shift >= 0) {
        *value |= (tmp & mask) << shift;
    } else {
        *value |= (tmp & mask) >> -shift;
    }
}

static uint64_t memory_region_shift_write_access(uint64_t *value, signed shift,
                                                 uint64_t mask)
{
    if (shift >= 0) {
        return (*value >> shift) & mask;
    }
    return (*value << -shift) & mask;
}

static MemTxResult memory_region_read_accessor(MemoryRegion *mr, hwaddr addr,
                                               uint64_t *value, unsigned size,
                                               signed shift, uint64_t mask,
                                               MemTxAttrs attrs)
{
    (void)attrs; /* the plain callbacks take none */
    uint64_t tmp = mr->ops->read(mr->opaque, addr, size);
    memory_region_shift_read_access(value, shift, mask, tmp);
    return MEMTX_OK;
}

static MemTxResult memory_region_read_with_attrs_accessor(
    MemoryRegion *mr, hwaddr addr, uint64_t *value, unsigned size, signed shift,
    uint64_t mask, MemTxAttrs attrs)
{
    uint64_t tmp = 0;
    MemTxResult r =
        mr->ops->read_with_attrs(mr->opaque, addr, &tmp, size, attrs);
    memory_region_shift_read_access(value, shift, mask, tmp);
    return r;
}

static MemTxResult memory_region_write_accessor(MemoryRegion *mr, hwaddr addr,
                                                uint64_t *value, unsigned size,
                                                signed shift, uint64_t mask,
                                                MemTxAttrs attrs)
{
    (void)attrs;
    uint64_t tmp = memory_region_shift_write_access(value, shift, mask);
    mr->ops->write(mr->opaque, addr, tmp, size);
    return MEMTX_OK;
}

static MemTxResult memory_region_write_with_attrs_accessor(
    MemoryRegion *mr, hwaddr addr, uint64_t *value, unsigned size, signed shift,
    uint64_t mask, MemTxAttrs attrs)
{
    uint64_t tmp = memory_region_shift_write_access(value, shift, mask);
    return mr->ops->write_with_attrs(mr->opaque, addr, tmp, size, attrs);
}

static bool memory_region_big_endian(MemoryRegion *mr)
{
    /* DEVICE_NATIVE_ENDIAN is the guest's: little-endian x86. */
    return mr->ops->endianness == DEVICE_BIG_ENDIAN;
}

static inline uint64_t size_mask(unsigned size)
{
    return size >= 8 ? ~(uint64_t)0 : (((uint64_t)1 << (size * 8)) - 1);
}

static MemTxResult
access_with_adjusted_size(hwaddr addr, uint64_t *value, unsigned size,
                          unsigned access_size_min, unsigned access_size_max,
                          access_fn *fn, MemoryRegion *mr, MemTxAttrs attrs)
{
    uint64_t access_mask;
    unsigned access_size;
    unsigned i;
    MemTxResult r = 0;
    bool reentrancy_guard_applied = false;

    if (!access_size_min) {
        access_size_min = 1;
    }
    if (!access_size_max) {
        access_size_max = 4;
    }

    /* A device must not be re-entered by its own DMA (statement 17). */
    if (!mr->disable_reentrancy_guard && !mr->ram_device && !mr->ram &&
        !mr->rom_device && !mr->readonly) {
        if (!guard_enter(mr)) {
            return MEMTX_ACCESS_ERROR;
        }
        reentrancy_guard_applied = true;
    }

    /* Deviation D3: narrower than impl.min is one access of impl.min
     * bytes at the unrounded address, as QEMU's code does (its header's
     * promised alignment fix-up is not done). */
    access_size = MAX(MIN(size, access_size_max), access_size_min);
    access_mask = size_mask(access_size);
    if (memory_region_big_endian(mr)) {
        for (i = 0; i < size; i += access_size) {
            r |= fn(mr, addr + i, value, access_size,
                    (signed)(size - access_size - i) * 8, access_mask, attrs);
        }
    } else {
        for (i = 0; i < size; i += access_size) {
            r |= fn(mr, addr + i, value, access_size, (signed)i * 8,
                    access_mask, attrs);
        }
    }
    if (reentrancy_guard_applied) {
        guard_nr--;
    }
    return r;
}

bool memory_region_access_valid(MemoryRegion *mr, hwaddr addr, unsigned size,
                                bool is_write, MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;

    if (ops->valid.accepts &&
        !ops->valid.accepts(mr->opaque, addr, size, is_write, attrs)) {
        return false;
    }
    if (!ops->valid.unaligned && (addr & (size - 1))) {
        return false;
    }
    /* Zero means every size is valid. */
    if (!ops->valid.max_access_size) {
        return true;
    }
    if (size > ops->valid.max_access_size ||
        size < ops->valid.min_access_size) {
        return false;
    }
    return true;
}

static void adjust_endianness(MemoryRegion *mr, uint64_t *data, MemOp op)
{
    if ((op & MO_BSWAP) != devend_memop(mr->ops->endianness)) {
        switch (op & MO_SIZE) {
        case MO_8:
            break;
        case MO_16:
            *data = bswap16((uint16_t)*data);
            break;
        case MO_32:
            *data = bswap32((uint32_t)*data);
            break;
        case MO_64:
            *data = bswap64(*data);
            break;
        default:
            g_assert_not_reached();
        }
    }
}

MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr,
                                        uint64_t *pval, MemOp op,
                                        MemTxAttrs attrs)
{
    unsigned size = memop_size(op);
    MemTxResult r;

    mr_check(mr);
    bmx_assert(size <= 8);
    if (mr->alias) {
        return memory_region_dispatch_read(mr->alias, mr->alias_offset + addr,
                                           pval, op, attrs);
    }
    if (!memory_region_access_valid(mr, addr, size, false, attrs)) {
        *pval = 0;
        return MEMTX_DECODE_ERROR;
    }

    *pval = 0;
    if (mr->ops->read) {
        r = access_with_adjusted_size(addr, pval, size,
                                      mr->ops->impl.min_access_size,
                                      mr->ops->impl.max_access_size,
                                      memory_region_read_accessor, mr, attrs);
    } else if (mr->ops->read_with_attrs) {
        r = access_with_adjusted_size(
            addr, pval, size, mr->ops->impl.min_access_size,
            mr->ops->impl.max_access_size,
            memory_region_read_with_attrs_accessor, mr, attrs);
    } else {
        /* Deviation D16: QEMU would call a NULL pointer. */
        bmx_panic("region '%s': read with no read callback",
                  memory_region_name(mr));
    }
    /* Deviation D3: bytes read beyond size (impl.min wider) are dropped. */
    *pval &= size_mask(size);
    adjust_endianness(mr, pval, op);
    return r;
}

MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr,
                                         uint64_t data, MemOp op,
                                         MemTxAttrs attrs)
{
    unsigned size = memop_size(op);

    mr_check(mr);
    bmx_assert(size <= 8);
    if (mr->alias) {
        return memory_region_dispatch_write(mr->alias, mr->alias_offset + addr,
                                            data, op, attrs);
    }
    if (!memory_region_access_valid(mr, addr, size, true, attrs)) {
        return MEMTX_DECODE_ERROR;
    }
    /* Swap before splitting; zero-extend (Deviation D3). */
    data &= size_mask(size);
    adjust_endianness(mr, &data, op);

    if (mr->ops->write) {
        return access_with_adjusted_size(
            addr, &data, size, mr->ops->impl.min_access_size,
            mr->ops->impl.max_access_size, memory_region_write_accessor, mr,
            attrs);
    }
    if (mr->ops->write_with_attrs) {
        return access_with_adjusted_size(
            addr, &data, size, mr->ops->impl.min_access_size,
            mr->ops->impl.max_access_size,
            memory_region_write_with_attrs_accessor, mr, attrs);
    }
    /* Deviation D16: QEMU would call a NULL pointer. */
    bmx_panic("region '%s': write with no write callback",
              memory_region_name(mr));
}
