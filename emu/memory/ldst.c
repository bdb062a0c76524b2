/*
 * The address_space_ld/st family (system/memory_ldst.c.inc), written out
 * once with the size and byte order as arguments instead of a template.
 * Direct RAM uses host loads/stores; anything else is one dispatch of the
 * access's size and endianness.
 */
#include "memory-internal.h"

static inline uint64_t host_load(const void *p, MemOp op)
{
    bool be = (op & MO_BSWAP) == MO_BE;
    switch (op & MO_SIZE) {
    case MO_8:
        return ldub_p(p);
    case MO_16:
        return (uint16_t)(be ? lduw_be_p(p) : lduw_le_p(p));
    case MO_32:
        return (uint32_t)(be ? ldl_be_p(p) : ldl_le_p(p));
    default:
        return be ? ldq_be_p(p) : ldq_le_p(p);
    }
}

static inline void host_store(void *p, MemOp op, uint64_t v)
{
    bool be = (op & MO_BSWAP) == MO_BE;
    switch (op & MO_SIZE) {
    case MO_8:
        stb_p(p, (uint8_t)v);
        break;
    case MO_16:
        be ? stw_be_p(p, (uint16_t)v) : stw_le_p(p, (uint16_t)v);
        break;
    case MO_32:
        be ? stl_be_p(p, (uint32_t)v) : stl_le_p(p, (uint32_t)v);
        break;
    default:
        be ? stq_be_p(p, v) : stq_le_p(p, v);
        break;
    }
}

/* Direct, and the whole access inside the block (Deviation D14: ROM
 * devices are not clipped by translate, so check the block too). */
static bool ldst_direct(const MemoryRegionSection *s, hwaddr addr1, hwaddr l,
                        unsigned size, bool is_write, MemTxAttrs attrs)
{
    if (l < size || !section_access_is_direct(s, is_write, attrs)) {
        return false;
    }
    return addr1 + size <= s->mr->ram_block->used_length;
}

static uint64_t ld_internal(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                            MemTxResult *result, MemOp op)
{
    unsigned size = memop_size(op);
    hwaddr l = size, addr1;
    uint64_t val;
    MemTxResult r;
    bool release_lock = false;

    rcu_read_lock();
    MemoryRegionSection s = flatview_translate_section(
        address_space_to_flatview(as), addr, &addr1, &l);
    if (!ldst_direct(&s, addr1, l, size, false, attrs)) {
        release_lock |= prepare_mmio_access(s.mr);
        r = memory_region_dispatch_read(s.mr, addr1, &val, op, attrs);
    } else {
        val = host_load(ramblock_ptr(s.mr->ram_block, (ram_addr_t)addr1), op);
        r = MEMTX_OK;
    }
    if (result) {
        *result = r;
    }
    if (release_lock) {
        bql_unlock();
    }
    rcu_read_unlock();
    return val;
}

static void st_internal(AddressSpace *as, hwaddr addr, uint64_t val,
                        MemTxAttrs attrs, MemTxResult *result, MemOp op)
{
    unsigned size = memop_size(op);
    hwaddr l = size, addr1;
    MemTxResult r;
    bool release_lock = false;

    rcu_read_lock();
    MemoryRegionSection s = flatview_translate_section(
        address_space_to_flatview(as), addr, &addr1, &l);
    if (!ldst_direct(&s, addr1, l, size, true, attrs)) {
        release_lock |= prepare_mmio_access(s.mr);
        r = memory_region_dispatch_write(s.mr, addr1, val, op, attrs);
    } else {
        host_store(ramblock_ptr(s.mr->ram_block, (ram_addr_t)addr1), op, val);
        invalidate_and_set_dirty(s.mr, addr1, size);
        r = MEMTX_OK;
    }
    if (result) {
        *result = r;
    }
    if (release_lock) {
        bql_unlock();
    }
    rcu_read_unlock();
}

#define LD(name, type, op)                                                     \
    type address_space_##name(AddressSpace *as, hwaddr addr, MemTxAttrs attrs, \
                              MemTxResult *result)                             \
    {                                                                          \
        return (type)ld_internal(as, addr, attrs, result, op);                 \
    }
#define ST(name, type, op)                                                     \
    void address_space_##name(AddressSpace *as, hwaddr addr, type val,         \
                              MemTxAttrs attrs, MemTxResult *result)           \
    {                                                                          \
        st_internal(as, addr, val, attrs, result, op);                         \
    }

/* The unsuffixed names are the guest's (x86: little-endian) order. */
LD(ldub, uint8_t, MO_8)
LD(lduw, uint16_t, MO_TE | MO_16)
LD(lduw_le, uint16_t, MO_LE | MO_16)
LD(lduw_be, uint16_t, MO_BE | MO_16)
LD(ldl, uint32_t, MO_TE | MO_32)
LD(ldl_le, uint32_t, MO_LE | MO_32)
LD(ldl_be, uint32_t, MO_BE | MO_32)
LD(ldq, uint64_t, MO_TE | MO_64)
LD(ldq_le, uint64_t, MO_LE | MO_64)
LD(ldq_be, uint64_t, MO_BE | MO_64)
ST(stb, uint8_t, MO_8)
ST(stw, uint16_t, MO_TE | MO_16)
ST(stw_le, uint16_t, MO_LE | MO_16)
ST(stw_be, uint16_t, MO_BE | MO_16)
ST(stl, uint32_t, MO_TE | MO_32)
ST(stl_le, uint32_t, MO_LE | MO_32)
ST(stl_be, uint32_t, MO_BE | MO_32)
ST(stq, uint64_t, MO_TE | MO_64)
ST(stq_le, uint64_t, MO_LE | MO_64)
ST(stq_be, uint64_t, MO_BE | MO_64)

void address_space_stl_notdirty(AddressSpace *as, hwaddr addr, uint32_t val,
                                MemTxAttrs attrs, MemTxResult *result)
{
    hwaddr l = 4, addr1;
    MemTxResult r;
    bool release_lock = false;

    rcu_read_lock();
    MemoryRegionSection s = flatview_translate_section(
        address_space_to_flatview(as), addr, &addr1, &l);
    if (!ldst_direct(&s, addr1, l, 4, true, attrs)) {
        release_lock |= prepare_mmio_access(s.mr);
        r = memory_region_dispatch_write(s.mr, addr1, val, MO_TE | MO_32,
                                         attrs);
    } else {
        uint8_t dirty_log_mask;
        stl_le_p(ramblock_ptr(s.mr->ram_block, (ram_addr_t)addr1), val);
        /* Page-table A/D bits: no code invalidation. Deviation D9: the
         * dirty bit is at the offset inside the block (addr1); QEMU adds
         * the bus address there. */
        dirty_log_mask = memory_region_get_dirty_log_mask(s.mr);
        dirty_log_mask &= ~(1 << DIRTY_MEMORY_CODE);
        cpu_physical_memory_set_dirty_range(memory_region_get_ram_addr(s.mr) +
                                                (ram_addr_t)addr1,
                                            4, dirty_log_mask);
        r = MEMTX_OK;
    }
    if (result) {
        *result = r;
    }
    if (release_lock) {
        bql_unlock();
    }
    rcu_read_unlock();
}
