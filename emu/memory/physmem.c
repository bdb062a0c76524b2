/*
 * Address-space accesses (system/physmem.c): translate, the read/write
 * loops, firmware loading, TLB-fill translation with QEMU's "subpage"
 * regions, the global and per-CPU address spaces.
 */
#include "memory-internal.h"

AddressSpace address_space_memory;
AddressSpace address_space_io;
static MemoryRegion system_memory;
static MemoryRegion system_io;

/* ---- Translate ---- */

MemoryRegionSection unassigned_section(FlatView *fv)
{
    return (MemoryRegionSection){
        .mr = &io_mem_unassigned,
        .fv = fv,
        .size = int128_2_64(),
    };
}

MemoryRegion *flatview_translate(FlatView *fv, hwaddr addr, hwaddr *xlat,
                                 hwaddr *plen, bool is_write, MemTxAttrs attrs)
{
    (void)is_write, (void)attrs; /* no IOMMU to consult */
    return flatview_translate_section(fv, addr, xlat, plen).mr;
}

MemoryRegion *address_space_translate(AddressSpace *as, hwaddr addr,
                                      hwaddr *xlat, hwaddr *len, bool is_write,
                                      MemTxAttrs attrs)
{
    hwaddr l = len ? *len : 1;
    MemoryRegion *mr = flatview_translate(address_space_to_flatview(as), addr,
                                          xlat, &l, is_write, attrs);
    if (len) {
        *len = l;
    }
    return mr;
}

bool memory_access_is_direct(MemoryRegion *mr, bool is_write, MemTxAttrs attrs)
{
    return mr_access_is_direct(mr, is_write, attrs);
}

bool prepare_mmio_access(MemoryRegion *mr)
{
    bool release_lock = false;

    (void)mr;
    if (!bql_locked()) {
        bql_lock();
        release_lock = true;
    }
    /* flush_coalesced_mmio: no coalesced MMIO buffer in bmx86. */
    return release_lock;
}

static unsigned memory_access_size(MemoryRegion *mr, unsigned l, hwaddr addr)
{
    unsigned access_size_max = mr->ops->valid.max_access_size;

    /* Regions are assumed to support 1-4 byte accesses unless told. */
    if (access_size_max == 0) {
        access_size_max = 4;
    }
    /* Bound the access by the alignment of the address. */
    if (!mr->ops->impl.unaligned) {
        unsigned align_size_max = (unsigned)(addr & -addr);
        if (align_size_max != 0 && align_size_max < access_size_max) {
            access_size_max = align_size_max;
        }
    }
    if (l > access_size_max) {
        l = access_size_max;
    }
    /* pow2floor */
    return 1u << (31 - __builtin_clz(l));
}

static bool flatview_access_allowed(MemoryRegion *mr, MemTxAttrs attrs)
{
    return !attrs.memory || memory_region_is_ram(mr);
}

/* ---- Read/write loops ---- */

static MemTxResult flatview_write(FlatView *fv, hwaddr addr, MemTxAttrs attrs,
                                  const void *ptr, hwaddr len)
{
    const uint8_t *buf = ptr;
    MemTxResult result = MEMTX_OK;

    while (len) {
        hwaddr l = len, mr_addr;
        MemoryRegionSection s =
            flatview_translate_section(fv, addr, &mr_addr, &l);
        MemoryRegion *mr = s.mr;

        if (!flatview_access_allowed(mr, attrs)) {
            return result | MEMTX_ACCESS_ERROR;
        }
        if (!section_access_is_direct(&s, true, attrs)) {
            bool release_lock = prepare_mmio_access(mr);
            l = memory_access_size(mr, (unsigned)MIN(l, 8), mr_addr);
            uint64_t val = ldn_he_p(buf, (int)l);
            result |= memory_region_dispatch_write(
                mr, mr_addr, val, size_memop((unsigned)l), attrs);
            if (release_lock) {
                bql_unlock();
            }
        } else {
            uint8_t *ram_ptr = qemu_ram_ptr_length(
                mr->ram_block, (ram_addr_t)mr_addr, &l, false);
            memmove(ram_ptr, buf, l);
            invalidate_and_set_dirty(mr, mr_addr, l);
        }
        len -= l;
        buf += l;
        addr += l;
    }
    return result;
}

static MemTxResult flatview_read(FlatView *fv, hwaddr addr, MemTxAttrs attrs,
                                 void *ptr, hwaddr len)
{
    uint8_t *buf = ptr;
    MemTxResult result = MEMTX_OK;

    while (len) {
        hwaddr l = len, mr_addr;
        MemoryRegionSection s =
            flatview_translate_section(fv, addr, &mr_addr, &l);
        MemoryRegion *mr = s.mr;

        if (!flatview_access_allowed(mr, attrs)) {
            return result | MEMTX_ACCESS_ERROR;
        }
        if (!section_access_is_direct(&s, false, attrs)) {
            uint64_t val = 0;
            bool release_lock = prepare_mmio_access(mr);
            l = memory_access_size(mr, (unsigned)MIN(l, 8), mr_addr);
            result |= memory_region_dispatch_read(
                mr, mr_addr, &val, size_memop((unsigned)l), attrs);
            stn_he_p(buf, (int)l, val);
            if (release_lock) {
                bql_unlock();
            }
        } else {
            uint8_t *ram_ptr = qemu_ram_ptr_length(
                mr->ram_block, (ram_addr_t)mr_addr, &l, false);
            memcpy(buf, ram_ptr, l);
        }
        len -= l;
        buf += l;
        addr += l;
    }
    return result;
}

MemTxResult address_space_read(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                               void *buf, hwaddr len)
{
    MemTxResult result = MEMTX_OK;

    if (len > 0) {
        rcu_read_lock();
        result =
            flatview_read(address_space_to_flatview(as), addr, attrs, buf, len);
        rcu_read_unlock();
    }
    return result;
}

MemTxResult address_space_write(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                                const void *buf, hwaddr len)
{
    MemTxResult result = MEMTX_OK;

    if (len > 0) {
        rcu_read_lock();
        result = flatview_write(address_space_to_flatview(as), addr, attrs, buf,
                                len);
        rcu_read_unlock();
    }
    return result;
}

MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write)
{
    if (is_write) {
        return address_space_write(as, addr, attrs, buf, len);
    }
    return address_space_read(as, addr, attrs, buf, len);
}

MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    MemTxAttrs attrs, const void *ptr,
                                    hwaddr len)
{
    const uint8_t *buf = ptr;

    rcu_read_lock();
    while (len > 0) {
        hwaddr l = len, addr1;
        MemoryRegion *mr =
            address_space_translate(as, addr, &addr1, &l, true, attrs);

        if (!(memory_region_is_ram(mr) || memory_region_is_romd(mr))) {
            l = memory_access_size(mr, (unsigned)MIN(l, 8), addr1);
        } else {
            if (!memory_region_is_ram(mr)) {
                /* Deviation D14: ROM devices are not clipped by translate:
                 * stay inside the block. */
                hwaddr room = mr->ram_block->used_length - addr1;
                l = MIN(l, room);
            }
            uint8_t *ram_ptr =
                qemu_map_ram_ptr(mr->ram_block, (ram_addr_t)addr1);
            memcpy(ram_ptr, buf, l);
            invalidate_and_set_dirty(mr, addr1, l);
        }
        len -= l;
        buf += l;
        addr += l;
    }
    rcu_read_unlock();
    return MEMTX_OK;
}

void cpu_physical_memory_rw(hwaddr addr, void *buf, hwaddr len, bool is_write)
{
    address_space_rw(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, buf,
                     len, is_write);
}

/* ---- Subpages: TLB fills of pages shared by several sections ---- */

static MemTxResult subpage_read(void *opaque, hwaddr addr, uint64_t *data,
                                unsigned len, MemTxAttrs attrs)
{
    uint8_t buf[8];
    MemTxResult r = address_space_read(opaque, addr, attrs, buf, len);
    *data = ldn_he_p(buf, (int)len);
    return r;
}

static MemTxResult subpage_write(void *opaque, hwaddr addr, uint64_t value,
                                 unsigned len, MemTxAttrs attrs)
{
    uint8_t buf[8];
    stn_he_p(buf, (int)len, value);
    return address_space_write(opaque, addr, attrs, buf, len);
}

static const MemoryRegionOps subpage_ops = {
    .read_with_attrs = subpage_read,
    .write_with_attrs = subpage_write,
    .impl.min_access_size = 1,
    .impl.max_access_size = 8,
    .impl.unaligned = true,
    .valid.min_access_size = 1,
    .valid.max_access_size = 8,
    .valid.unaligned = true,
    .endianness = DEVICE_NATIVE_ENDIAN,
};

void subpage_init(AddressSpace *as)
{
    /* One region per address space spanning all of it: offset = address.
     * The sections inside keep their own re-entrancy guard. */
    memory_region_init_io(&as->subpage, NULL, &subpage_ops, as, "subpage",
                          UINT64_MAX);
    as->subpage.subpage = true;
    as->subpage.disable_reentrancy_guard = true;
}

static CPUAddressSpace cpu_ases[BMX_CPU_ADDRESS_SPACES];
static AddressSpace cpu_as_storage[BMX_CPU_ADDRESS_SPACES];
static char cpu_as_names[BMX_CPU_ADDRESS_SPACES][32];
static CPUState *the_cpu;

MemoryRegionSection *
address_space_translate_for_iotlb(CPUState *cpu, int asidx, hwaddr addr,
                                  hwaddr *xlat, hwaddr *plen, MemTxAttrs attrs,
                                  int *prot)
{
    AddressSpace *as = cpu_get_cpu_address_space(cpu, asidx)->as;
    FlatView *fv = address_space_to_flatview(as);
    hwaddr page = addr & TARGET_PAGE_MASK;
    /* Deviation D13: per-space scratch section, overwritten next call. */
    MemoryRegionSection *ret = &as->iotlb_section;
    (void)attrs, (void)prot; /* no IOMMU: nothing reduces prot */
    int i = flatview_first_intersecting(fv, int128_make64(page),
                                        int128_make64(TARGET_PAGE_SIZE));

    if (i < 0) {
        *ret = unassigned_section(fv);
    } else {
        FlatRange *fr = &fv->ranges[i];
        /* 128-bit end: the last page ends at 2^64. */
        if (fr->addr.start.lo <= page &&
            int128_ge(addrrange_end(fr->addr),
                      int128_add(int128_make64(page),
                                 int128_make64(TARGET_PAGE_SIZE)))) {
            *ret = section_from_flat_range(fr, fv);
        } else {
            /* Several sections (or a section and a hole) share the page:
             * MMIO as a whole, resolved per access (statement 30). */
            *ret = (MemoryRegionSection){
                .mr = &as->subpage,
                .fv = fv,
                .size = int128_make64(TARGET_PAGE_SIZE),
                .offset_within_region = page,
                .offset_within_address_space = page,
            };
        }
    }
    hwaddr off = addr - ret->offset_within_address_space;
    *xlat = off + ret->offset_within_region;
    if (memory_region_is_ram(ret->mr)) {
        Int128 diff = int128_sub(ret->size, int128_make64(off));
        *plen = int128_get64(int128_min(diff, int128_make64(*plen)));
    }
    return ret;
}

/* ---- Global address spaces ---- */

void memory_map_init(void)
{
    memory_region_init(&system_memory, NULL, "system", UINT64_MAX);
    address_space_init(&address_space_memory, &system_memory, "memory");
    memory_region_init_io(&system_io, NULL, &unassigned_io_ops, NULL, "io",
                          65536);
    address_space_init(&address_space_io, &system_io, "I/O");
}

MemoryRegion *get_system_memory(void)
{
    return &system_memory;
}

MemoryRegion *get_system_io(void)
{
    return &system_io;
}

/* ---- Per-CPU address spaces (Deviation D6: one CPU, static table) ---- */

static void tcg_commit(MemoryListener *listener)
{
    CPUAddressSpace *cpuas =
        container_of(listener, CPUAddressSpace, tcg_as_listener);
    /* Statement 9: any change of the view invalidates the CPU's TLB. */
    memory_hook_tlb_flush(cpuas->cpu);
}

static void check_cpu_asidx(CPUState *cpu, int asidx, const char *fn)
{
    if (asidx < 0 || asidx >= BMX_CPU_ADDRESS_SPACES) {
        bmx_panic("%s: address space index %d out of range (0..%d)", fn, asidx,
                  BMX_CPU_ADDRESS_SPACES - 1);
    }
    if (the_cpu && cpu != the_cpu) {
        bmx_panic("%s: bmx86 has one CPU; got a second CPUState", fn);
    }
}

void cpu_address_space_init(CPUState *cpu, int asidx, const char *prefix,
                            MemoryRegion *mr)
{
    check_cpu_asidx(cpu, asidx, __func__);
    mr_check(mr);
    CPUAddressSpace *newas = &cpu_ases[asidx];
    if (newas->as) {
        bmx_panic("cpu_address_space_init: index %d already initialised",
                  asidx);
    }
    the_cpu = cpu;

    /* "<prefix>-<cpu_index>", cpu_index 0. */
    char *name = cpu_as_names[asidx];
    size_t n = prefix ? strlen(prefix) : 0;
    if (n > sizeof(cpu_as_names[0]) - 3) {
        n = sizeof(cpu_as_names[0]) - 3;
    }
    memcpy(name, prefix, n);
    memcpy(name + n, "-0", 3);

    AddressSpace *as = &cpu_as_storage[asidx];
    address_space_init(as, mr, name);
    newas->cpu = cpu;
    newas->as = as;
    memset(&newas->tcg_as_listener, 0, sizeof(newas->tcg_as_listener));
    newas->tcg_as_listener.commit = tcg_commit;
    newas->tcg_as_listener.name = "tcg";
    memory_listener_register(&newas->tcg_as_listener, as);
}

CPUAddressSpace *cpu_get_cpu_address_space(CPUState *cpu, int asidx)
{
    check_cpu_asidx(cpu, asidx, __func__);
    if (!cpu_ases[asidx].as) {
        bmx_panic("cpu_get_cpu_address_space: index %d not initialised", asidx);
    }
    return &cpu_ases[asidx];
}

AddressSpace *cpu_get_address_space(CPUState *cpu, int asidx)
{
    /* As QEMU: NULL for an index the CPU has not initialised. */
    check_cpu_asidx(cpu, asidx, __func__);
    return cpu_ases[asidx].as;
}

void cpu_address_space_destroy(CPUState *cpu, int asidx)
{
    CPUAddressSpace *cpuas = cpu_get_cpu_address_space(cpu, asidx);
    memory_listener_unregister(&cpuas->tcg_as_listener);
    address_space_destroy(cpuas->as);
    memset(cpuas, 0, sizeof(*cpuas));
}

void physmem_reset(void)
{
    memset(cpu_ases, 0, sizeof(cpu_ases));
    memset(cpu_as_storage, 0, sizeof(cpu_as_storage));
    the_cpu = NULL;
    memset(&address_space_memory, 0, sizeof(address_space_memory));
    memset(&address_space_io, 0, sizeof(address_space_io));
    memset(&system_memory, 0, sizeof(system_memory));
    memset(&system_io, 0, sizeof(system_io));
}

void memory_reset_for_tests(void)
{
    rcu_bql_reset_for_tests();
    flatview_reset_all();
    physmem_reset();
    ramblock_reset();
    dirty_reset();
    dispatch_reset();
}
