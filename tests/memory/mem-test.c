/* Helpers of the memory unit tests: see mem-test.h. */
#include "mem-test.h"

static uint8_t mt_pool[MEM_TEST_POOL_SIZE] __attribute__((aligned(16)));

HookLog hook_log;
CodeCache code_cache;
MTTlb mt_tlb;
unsigned mt_pieces[16], mt_npieces;
static char mt_fake_cpu;
CPUState *const mt_cpu = (CPUState *)&mt_fake_cpu;

bool mt_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        if (memcmp(hay, needle, n) == 0) {
            return true;
        }
    }
    return n == 0;
}

/* ---- Hook double ---- */

static void dbl_tlb_flush(CPUState *cpu)
{
    hook_log.tlb_flush++;
    hook_log.last_cpu = cpu;
    mt_tlb_flush();
}

static void dbl_tb_invalidate(ram_addr_t start, ram_addr_t last)
{
    unsigned i = hook_log.tb_inval++ % 32;
    hook_log.inval_start[i] = start;
    hook_log.inval_last[i] = last;
    hook_log.inval_saw_vga_dirty =
        cpu_physical_memory_get_dirty_flag(start, DIRTY_MEMORY_VGA);
    if (code_cache.valid && start < code_cache.page + TARGET_PAGE_SIZE &&
        last >= code_cache.page) {
        /* The page's last translation is gone: tlb_unprotect_code. */
        code_cache.valid = false;
        cpu_physical_memory_set_dirty_flag(code_cache.page, DIRTY_MEMORY_CODE);
    }
}

static void dbl_tlb_reset_dirty(ram_addr_t start, ram_addr_t length)
{
    hook_log.reset_dirty++;
    hook_log.rd_start = start;
    hook_log.rd_len = length;
    /* Writable direct RAM entries of those pages trap again. */
    for (unsigned i = 0; i < MT_TLB_SIZE; i++) {
        MTEntry *e = &mt_tlb.e[i];
        if (!(e->addr_write & (TLB_INVALID | TLB_MMIO | TLB_DISCARD_WRITE)) &&
            e->ram_addr != RAM_ADDR_INVALID && e->ram_addr >= start &&
            e->ram_addr < start + length) {
            e->addr_write |= TLB_NOTDIRTY;
        }
    }
}

static const MemoryCPUHooks dbl_hooks = {
    .tb_invalidate_phys_range = dbl_tb_invalidate,
    .tlb_flush = dbl_tlb_flush,
    .tlb_reset_dirty_range_all = dbl_tlb_reset_dirty,
};

uint32_t cc_execute(AddressSpace *as, hwaddr paddr)
{
    hwaddr xlat, l = 4;
    MemoryRegion *mr = address_space_translate(as, paddr, &xlat, &l, false,
                                               MEMTXATTRS_UNSPECIFIED);
    ram_addr_t ra = memory_region_get_ram_addr(mr) + (ram_addr_t)xlat;

    if (code_cache.valid && code_cache.paddr == paddr) {
        return code_cache.translated; /* runs the cached translation */
    }
    /* tlb_protect_code: from now on, stores to the page must tell us. */
    cpu_physical_memory_test_and_clear_dirty(
        ra & TARGET_PAGE_MASK, TARGET_PAGE_SIZE, DIRTY_MEMORY_CODE);
    code_cache.valid = true;
    code_cache.page = ra & TARGET_PAGE_MASK;
    code_cache.paddr = paddr;
    code_cache.translated =
        address_space_ldl(as, paddr, MEMTXATTRS_UNSPECIFIED, NULL);
    code_cache.translations++;
    return code_cache.translated;
}

/* ---- Setup ---- */

int mt_setup(void **state)
{
    (void)state;
    memory_reset_for_tests();
    memset(&hook_log, 0, sizeof(hook_log));
    memset(&code_cache, 0, sizeof(code_cache));
    mt_tlb_flush();
    memset(&mt_tlb, 0, sizeof(mt_tlb));
    mt_tlb_flush();
    qemu_ram_pool_init(mt_pool, sizeof(mt_pool), "test");
    memory_map_init();
    memory_set_cpu_hooks(&dbl_hooks);
    return 0;
}

int mt_teardown(void **state)
{
    (void)state;
    /* Every test must leave its read-side sections closed. */
    assert_int_equal(rcu_read_depth(), 0);
    rcu_quiescent_state();
    return 0;
}

/* ---- Test device ---- */

static uint64_t td_compose(TestDev *d, hwaddr addr, unsigned size)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        unsigned sh = d->data_be ? (size - 1 - i) * 8 : i * 8;
        v |= (uint64_t)d->mem[(addr + i) & 0xff] << sh;
    }
    return v;
}

static void td_store(TestDev *d, hwaddr addr, unsigned size, uint64_t v)
{
    for (unsigned i = 0; i < size; i++) {
        unsigned sh = d->data_be ? (size - 1 - i) * 8 : i * 8;
        d->mem[(addr + i) & 0xff] = (uint8_t)(v >> sh);
    }
}

static void td_log(TestDev *d, bool write, hwaddr addr, unsigned size,
                   uint64_t val)
{
    if (d->nlog < TD_LOG) {
        d->log[d->nlog] = (TDCall){write, addr, size, val};
    }
    d->nlog++;
}

static uint64_t td_read(void *opaque, hwaddr addr, unsigned size)
{
    TestDev *d = opaque;
    uint64_t v = td_compose(d, addr, size);
    td_log(d, false, addr, size, v);
    return v;
}

static void td_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    TestDev *d = opaque;
    td_log(d, true, addr, size, val);
    td_store(d, addr, size, val);
    if (d->on_write) {
        d->on_write(d, addr, val);
    }
}

static MemTxResult td_read_attrs(void *opaque, hwaddr addr, uint64_t *data,
                                 unsigned size, MemTxAttrs attrs)
{
    TestDev *d = opaque;
    d->last_attrs = attrs;
    d->attrs_calls++;
    *data = td_compose(d, addr, size);
    td_log(d, false, addr, size, *data);
    return d->attrs_result;
}

static MemTxResult td_write_attrs(void *opaque, hwaddr addr, uint64_t data,
                                  unsigned size, MemTxAttrs attrs)
{
    TestDev *d = opaque;
    d->last_attrs = attrs;
    d->attrs_calls++;
    td_log(d, true, addr, size, data);
    td_store(d, addr, size, data);
    return d->attrs_result;
}

static bool td_accepts(void *opaque, hwaddr addr, unsigned size, bool is_write,
                       MemTxAttrs attrs)
{
    TestDev *d = opaque;
    (void)addr, (void)size, (void)is_write, (void)attrs;
    d->accepts_calls++;
    return !d->refuse;
}

void td_init(TestDev *d, const char *name, uint64_t size,
             enum device_endian end, unsigned impl_min, unsigned impl_max,
             unsigned valid_min, unsigned valid_max)
{
    memset(d, 0, sizeof(*d));
    d->ops.read = td_read;
    d->ops.write = td_write;
    d->ops.endianness = end;
    d->ops.impl.min_access_size = impl_min;
    d->ops.impl.max_access_size = impl_max;
    d->ops.valid.min_access_size = valid_min;
    d->ops.valid.max_access_size = valid_max;
    d->data_be = end == DEVICE_BIG_ENDIAN;
    memory_region_init_io(&d->mr, NULL, &d->ops, d, name, size);
}

void td_use_attrs(TestDev *d)
{
    d->ops.read = NULL;
    d->ops.write = NULL;
    d->ops.read_with_attrs = td_read_attrs;
    d->ops.write_with_attrs = td_write_attrs;
}

void td_use_both(TestDev *d)
{
    d->ops.read = td_read;
    d->ops.write = td_write;
    d->ops.read_with_attrs = td_read_attrs;
    d->ops.write_with_attrs = td_write_attrs;
}

void td_use_accepts(TestDev *d)
{
    d->ops.valid.accepts = td_accepts;
}

void td_clear(TestDev *d)
{
    d->nlog = 0;
    d->accepts_calls = 0;
}

/* ---- TLB model ---- */

void mt_tlb_flush(void)
{
    for (unsigned i = 0; i < MT_TLB_SIZE; i++) {
        mt_tlb.e[i].addr_read = mt_tlb.e[i].addr_write = TLB_INVALID;
    }
    for (unsigned i = 0; i < MT_VTLB_SIZE; i++) {
        mt_tlb.v[i].addr_read = mt_tlb.v[i].addr_write = TLB_INVALID;
    }
}

static unsigned tlb_index(hwaddr page)
{
    return (unsigned)((page >> TARGET_PAGE_BITS) % MT_TLB_SIZE);
}

static bool tlb_hit(hwaddr cmp, hwaddr page)
{
    /* Statement 31: page address plus the invalid bit. */
    return (cmp & (TARGET_PAGE_MASK | TLB_INVALID)) == page;
}

void mt_tlb_fill(hwaddr vaddr, int asidx)
{
    hwaddr page = vaddr & TARGET_PAGE_MASK, xlat, plen = TARGET_PAGE_SIZE;
    int prot = 7;
    MemoryRegionSection *sec = address_space_translate_for_iotlb(
        mt_cpu, asidx, page, &xlat, &plen, MEMTXATTRS_UNSPECIFIED, &prot);
    MemoryRegion *mr = sec->mr;
    MTEntry *te = &mt_tlb.e[tlb_index(page)];
    MTEntry n = {.mr = mr, .xlat = xlat, .ram_addr = RAM_ADDR_INVALID};

    mt_tlb.fills++;
    if (memory_region_is_ram(mr) || memory_region_is_romd(mr)) {
        n.ram_addr = memory_region_get_ram_addr(mr) + (ram_addr_t)xlat;
        n.addend =
            (uintptr_t)qemu_map_ram_ptr(mr->ram_block, (ram_addr_t)xlat) -
            (uintptr_t)page;
        n.addr_read = page;
        if (!memory_region_is_ram(mr)) {
            n.addr_write = page | TLB_MMIO; /* ROM device: writes MMIO */
        } else if (sec->readonly) {
            n.addr_write = page | TLB_DISCARD_WRITE;
        } else if (cpu_physical_memory_is_clean(n.ram_addr)) {
            n.addr_write = page | TLB_NOTDIRTY;
        } else {
            n.addr_write = page;
        }
    } else {
        n.addr_read = n.addr_write = page | TLB_MMIO;
    }
    /* Statement 32: keep an evicted entry of another page as victim. */
    if (!(te->addr_read & TLB_INVALID) &&
        (te->addr_read & TARGET_PAGE_MASK) != page) {
        mt_tlb.v[mt_tlb.vnext++ % MT_VTLB_SIZE] = *te;
    }
    *te = n;
}

static MTEntry *tlb_lookup(hwaddr vaddr, bool is_write)
{
    hwaddr page = vaddr & TARGET_PAGE_MASK;
    MTEntry *te = &mt_tlb.e[tlb_index(page)];
    if (tlb_hit(is_write ? te->addr_write : te->addr_read, page)) {
        return te;
    }
    for (unsigned i = 0; i < MT_VTLB_SIZE; i++) {
        MTEntry *v = &mt_tlb.v[i];
        if (tlb_hit(is_write ? v->addr_write : v->addr_read, page)) {
            MTEntry tmp = *te;
            *te = *v;
            *v = tmp;
            mt_tlb.victim_hits++;
            return te;
        }
    }
    mt_tlb_fill(vaddr, 0);
    return te;
}

static uint64_t mmio_rw(MTEntry *te, hwaddr vaddr, unsigned size, uint64_t val,
                        bool is_write)
{
    /* Statement 33: naturally aligned pieces of at most 8 bytes. */
    hwaddr mr_off = te->xlat + (vaddr & ~TARGET_PAGE_MASK);
    uint64_t ret = 0;
    unsigned done = 0;
    while (done < size) {
        unsigned this_size =
            1u << __builtin_ctz((size - done) | (unsigned)(vaddr + done) | 8);
        while (this_size > size - done) {
            this_size >>= 1;
        }
        uint64_t piece = 0;
        MemOp op = size_memop(this_size) | MO_LE;
        if (mt_npieces < 16) {
            mt_pieces[mt_npieces++] = this_size;
        }
        /* A failed transaction is no fault on x86: result ignored. */
        if (is_write) {
            uint64_t v = done < 8 ? val >> (done * 8) : 0;
            memory_region_dispatch_write(te->mr, mr_off + done, v, op,
                                         MEMTXATTRS_UNSPECIFIED);
        } else {
            memory_region_dispatch_read(te->mr, mr_off + done, &piece, op,
                                        MEMTXATTRS_UNSPECIFIED);
            ret |= piece << (done * 8);
        }
        done += this_size;
    }
    return ret;
}

static void notdirty_write(MTEntry *te, hwaddr vaddr, unsigned size)
{
    ram_addr_t ra = te->ram_addr + (ram_addr_t)(vaddr & ~TARGET_PAGE_MASK);
    if (!cpu_physical_memory_get_dirty_flag(ra, DIRTY_MEMORY_CODE)) {
        dbl_tb_invalidate(ra, ra + size - 1);
    }
    cpu_physical_memory_set_dirty_range(ra, size, DIRTY_CLIENTS_NOCODE);
    if (!cpu_physical_memory_is_clean(ra)) {
        te->addr_write &= ~(hwaddr)TLB_NOTDIRTY; /* tlb_set_dirty */
    }
}

static uint64_t access_one_page(hwaddr vaddr, unsigned size, uint64_t val,
                                bool is_write)
{
    MTEntry *te = tlb_lookup(vaddr, is_write);
    hwaddr cmp = is_write ? te->addr_write : te->addr_read;
    void *host = (void *)(uintptr_t)(te->addend + (uintptr_t)vaddr);

    if (!(cmp & ~TARGET_PAGE_MASK)) {
        mt_tlb.fast_hits++;
    } else {
        mt_tlb.slow_paths++;
        if (cmp & TLB_MMIO) {
            return mmio_rw(te, vaddr, size, val, is_write);
        }
        if (cmp & TLB_DISCARD_WRITE) {
            return 0;
        }
        if (cmp & TLB_NOTDIRTY) {
            notdirty_write(te, vaddr, size);
        }
    }
    if (is_write) {
        stn_he_p(host, (int)size, val);
        return 0;
    }
    return ldn_he_p(host, (int)size);
}

static uint64_t mt_access(hwaddr vaddr, unsigned size, uint64_t val,
                          bool is_write)
{
    unsigned in_page = TARGET_PAGE_SIZE - (unsigned)(vaddr & ~TARGET_PAGE_MASK);
    mt_npieces = 0;
    if (size <= in_page) {
        if ((vaddr & (size - 1)) == 0 || size == 1) {
            return access_one_page(vaddr, size, val, is_write);
        }
        /* Unaligned within a page: byte pieces keep the model simple. */
        uint64_t r = 0;
        for (unsigned i = 0; i < size; i++) {
            r |= access_one_page(vaddr + i, 1, val >> (i * 8), is_write)
                 << (i * 8);
        }
        return r;
    }
    /* Crossing a page: split per page. */
    uint64_t r = 0;
    for (unsigned i = 0; i < size; i++) {
        r |= access_one_page(vaddr + i, 1, val >> (i * 8), is_write) << (i * 8);
    }
    return r;
}

uint64_t mt_ld(hwaddr vaddr, unsigned size)
{
    return mt_access(vaddr, size, 0, false);
}

void mt_st(hwaddr vaddr, unsigned size, uint64_t val)
{
    mt_access(vaddr, size, val, true);
}

const char *mt_flat_names(AddressSpace *as, char *buf, size_t size)
{
    FlatView *fv = address_space_to_flatview(as);
    size_t len = 0;
    buf[0] = 0;
    for (unsigned i = 0; i < fv->nr; i++) {
        const char *n = memory_region_name(fv->ranges[i].mr);
        size_t nl = strlen(n);
        if (len + nl + 3 > size) {
            break;
        }
        buf[len++] = '[';
        memcpy(buf + len, n, nl);
        len += nl;
        buf[len++] = ']';
        buf[len] = 0;
    }
    return buf;
}
