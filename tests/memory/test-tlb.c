/* Contract sections F, G, H: what the softmmu TLB gets from the memory
 * API (30-33, through the model in mem-test.c), the I/O space (34),
 * results and attributes (35). */
#include "mem-test.h"

static TestDev dev;
static const MemTxAttrs U = MEMTXATTRS_UNSPECIFIED;
#define AS (&address_space_memory)

static MTEntry *entry(hwaddr page)
{
    return &mt_tlb.e[(page >> TARGET_PAGE_BITS) % MT_TLB_SIZE];
}

/* 30: a fill takes the page whole; flags per kind of memory. */
static void test_s30_fill_page_kinds(void **state)
{
    static MemoryRegion ram, rom, romd;
    hwaddr xlat, plen;
    int prot = 0;
    (void)state;
    memory_region_init_ram(&ram, NULL, "ram", 0x4000, NULL);
    memory_region_init_rom(&rom, NULL, "rom", 0x1000, NULL);
    td_init(&dev, "io", 0x100, DEVICE_LITTLE_ENDIAN, 1, 4, 1, 4);
    memory_region_init_rom_device(&romd, NULL, &dev.ops, &dev, "flash", 0x1000,
                                  NULL);
    memory_region_add_subregion(get_system_memory(), 0x0, &ram);
    /* MMIO in the middle of RAM's third page. */
    memory_region_add_subregion_overlap(get_system_memory(), 0x2800, &dev.mr,
                                        1);
    memory_region_add_subregion(get_system_memory(), 0x10000, &rom);
    memory_region_add_subregion(get_system_memory(), 0x20000, &romd);
    cpu_address_space_init(mt_cpu, 0, "cpu-memory", get_system_memory());
    assert_null(cpu_get_address_space(mt_cpu, 1)); /* not initialised */
    EXPECT_FATAL(address_space_translate_for_iotlb(mt_cpu, 1, 0, &xlat, &plen,
                                                   U, &prot));

    plen = TARGET_PAGE_SIZE;
    MemoryRegionSection *s = address_space_translate_for_iotlb(
        mt_cpu, 0, 0x1234, &xlat, &plen, U, &prot);
    assert_ptr_equal(s->mr, &ram);
    assert_int_equal(xlat, 0x1234);

    /* Shared page: the per-space subpage region, MMIO as a whole. */
    plen = TARGET_PAGE_SIZE;
    s = address_space_translate_for_iotlb(mt_cpu, 0, 0x2000, &xlat, &plen, U,
                                          &prot);
    assert_true(s->mr->subpage);
    assert_false(memory_region_is_ram(s->mr));
    mt_tlb_fill(0x2000, 0);
    assert_true(entry(0x2000)->addr_read & TLB_MMIO);
    assert_true(entry(0x2000)->addr_write & TLB_MMIO);
    /* ...and each access still reaches the right piece. */
    mt_st(0x2010, 4, 0xabcdef01);
    assert_true(ldl_le_p((uint8_t *)memory_region_get_ram_ptr(&ram) + 0x2010) ==
                (int)0xabcdef01);
    mt_st(0x2804, 2, 0x4321);
    assert_int_equal(dev.mem[4], 0x21);
    assert_int_equal(dev.mem[5], 0x43);
    assert_true(mt_ld(0x2010, 4) == 0xabcdef01);

    /* RAM: host - vaddr; ROM: discard writes. */
    mt_tlb_fill(0x1000, 0);
    assert_true(entry(0x1000)->addend + 0x1000 ==
                (uintptr_t)memory_region_get_ram_ptr(&ram) + 0x1000);
    assert_int_equal(entry(0x1000)->addr_read, 0x1000);
    mt_tlb_fill(0x10000, 0);
    assert_true(entry(0x10000)->addr_write & TLB_DISCARD_WRITE);
    /* Clean code page: not-dirty. */
    cpu_physical_memory_test_and_clear_dirty(
        memory_region_get_ram_addr(&ram), TARGET_PAGE_SIZE, DIRTY_MEMORY_CODE);
    mt_tlb_fill(0x0, 0);
    assert_true(entry(0x0)->addr_write & TLB_NOTDIRTY);
    /* ROM device: reads direct, writes MMIO; out of ROMD: both MMIO. */
    mt_tlb_fill(0x20000, 0);
    assert_int_equal(entry(0x20000)->addr_read, 0x20000);
    assert_true(entry(0x20000)->addr_write & TLB_MMIO);
    memory_region_rom_device_set_romd(&romd, false); /* flushes */
    mt_tlb_fill(0x20000, 0);
    assert_true(entry(0x20000)->addr_read & TLB_MMIO);
    /* A hole: the unassigned region, MMIO. */
    plen = TARGET_PAGE_SIZE;
    s = address_space_translate_for_iotlb(mt_cpu, 0, 0x50000, &xlat, &plen, U,
                                          &prot);
    assert_ptr_equal(s->mr, &io_mem_unassigned);
    assert_int_equal(xlat, 0x50000);
}

/* 30: the last page of the 2^64 space (its end does not fit 64 bits). */
static void test_s30_fill_last_page(void **state)
{
    static MemoryRegion io, ram;
    hwaddr xlat, plen = TARGET_PAGE_SIZE;
    int prot = 0;
    (void)state;
    memory_region_init_io(&io, NULL, NULL, NULL, "io", 0x800);
    memory_region_add_subregion(get_system_memory(), UINT64_MAX - 0xfff, &io);
    cpu_address_space_init(mt_cpu, 0, "cpu-memory", get_system_memory());
    MemoryRegionSection *s = address_space_translate_for_iotlb(
        mt_cpu, 0, UINT64_MAX - 0xfff, &xlat, &plen, U, &prot);
    assert_true(s->mr->subpage); /* half I/O, half hole */
    memory_region_del_subregion(get_system_memory(), &io);
    memory_region_init_ram(&ram, NULL, "ram", 0x1000, NULL);
    memory_region_add_subregion(get_system_memory(), UINT64_MAX - 0xfff, &ram);
    plen = TARGET_PAGE_SIZE;
    s = address_space_translate_for_iotlb(mt_cpu, 0, UINT64_MAX, &xlat, &plen,
                                          U, &prot);
    assert_ptr_equal(s->mr, &ram);
    assert_int_equal(xlat, 0xfff);
    assert_int_equal(plen, 1);
}

/* 31: a hit compares page and invalid bit; other flags: slow path. */
static void test_s31_hit_compare(void **state)
{
    static MemoryRegion ram;
    (void)state;
    memory_region_init_ram(&ram, NULL, "ram", 0x4000, NULL);
    memory_region_add_subregion(get_system_memory(), 0x0, &ram);
    cpu_address_space_init(mt_cpu, 0, "cpu-memory", get_system_memory());
    mt_tlb_flush();
    mt_tlb.fills = mt_tlb.fast_hits = mt_tlb.slow_paths = 0;
    mt_ld(0x1000, 4);
    assert_int_equal(mt_tlb.fills, 1);
    mt_ld(0x1ffc, 4);
    assert_int_equal(mt_tlb.fills, 1);
    assert_int_equal(mt_tlb.fast_hits, 2);
    /* A not-dirty write hits the entry but goes the slow way once. */
    cpu_physical_memory_test_and_clear_dirty(0x1000, TARGET_PAGE_SIZE,
                                             DIRTY_MEMORY_CODE);
    assert_true(entry(0x1000)->addr_write & TLB_NOTDIRTY);
    mt_st(0x1000, 4, 1);
    assert_int_equal(mt_tlb.fills, 1);
    assert_int_equal(mt_tlb.slow_paths, 1);
    mt_st(0x1000, 4, 2); /* still clean for CODE: slow again */
    assert_int_equal(mt_tlb.slow_paths, 2);
    /* After the translation is gone (CODE dirty) the flag is dropped. */
    cpu_physical_memory_set_dirty_flag(0x1000, DIRTY_MEMORY_CODE);
    mt_st(0x1000, 4, 3);
    mt_st(0x1000, 4, 4);
    assert_int_equal(mt_tlb.slow_paths, 3);
    assert_int_equal(entry(0x1000)->addr_write, 0x1000);
    /* Invalid entries never hit. */
    mt_tlb_flush();
    mt_ld(0x1000, 1);
    assert_int_equal(mt_tlb.fills, 2);
}

/* 32: the victim TLB. */
static void test_s32_victim_tlb(void **state)
{
    static MemoryRegion ram;
    (void)state;
    memory_region_init_ram(&ram, NULL, "ram", 0x10000, NULL);
    memory_region_add_subregion(get_system_memory(), 0x0, &ram);
    cpu_address_space_init(mt_cpu, 0, "cpu-memory", get_system_memory());
    mt_tlb_flush();
    mt_tlb.fills = 0;
    mt_st(0x1000, 4, 0x1111);
    /* Same index, other page: evicts 0x1000 into the victim TLB. */
    mt_st(0x1000 + MT_TLB_SIZE * TARGET_PAGE_SIZE, 4, 0x2222);
    assert_int_equal(mt_tlb.fills, 2);
    assert_true(mt_ld(0x1000, 4) == 0x1111);
    assert_int_equal(mt_tlb.victim_hits, 1);
    assert_int_equal(mt_tlb.fills, 2); /* swapped back, no fill */
    assert_int_equal(entry(0x1000)->addr_read, 0x1000);
    assert_true(mt_ld(0x1000 + MT_TLB_SIZE * TARGET_PAGE_SIZE, 4) == 0x2222);
    assert_int_equal(mt_tlb.victim_hits, 2);
    /* A refill of the same page does not push a copy of it. */
    mt_tlb_fill(0x1000 + MT_TLB_SIZE * TARGET_PAGE_SIZE, 0);
    assert_int_equal(mt_tlb.v[0].addr_read & TARGET_PAGE_MASK, 0x1000);
}

/* 33: MMIO pieces; page crossing; failed transactions. */
static void test_s33_mmio_pieces(void **state)
{
    static MemoryRegion ram;
    (void)state;
    td_init(&dev, "io", 0x1000, DEVICE_LITTLE_ENDIAN, 1, 8, 1, 8);
    dev.ops.valid.unaligned = true;
    memory_region_init_ram(&ram, NULL, "ram", 0x1000, NULL);
    memory_region_add_subregion(get_system_memory(), 0x0, &ram);
    memory_region_add_subregion(get_system_memory(), 0x1000, &dev.mr);
    cpu_address_space_init(mt_cpu, 0, "cpu-memory", get_system_memory());

    mt_st(0x1000, 8, 0x0807060504030201ull);
    assert_int_equal(mt_npieces, 1);
    assert_int_equal(mt_pieces[0], 8);
    assert_int_equal(dev.log[0].size, 8);
    assert_true(mt_ld(0x1000, 8) == 0x0807060504030201ull);
    td_clear(&dev);
    /* An aligned 4-byte access is one piece of 4. */
    mt_ld(0x1004, 4);
    assert_int_equal(mt_npieces, 1);
    assert_int_equal(mt_pieces[0], 4);
    /* A page-crossing access is split per page: RAM part + MMIO part. */
    stw_le_p((uint8_t *)memory_region_get_ram_ptr(&ram) + 0xffe, 0xbbaa);
    assert_true(mt_ld(0xffe, 4) == 0x0201bbaa);
    /* Failure is no fault: a hole reads as the unassigned value. */
    assert_true(mt_ld(0x5000, 4) == 0);
    mt_st(0x5000, 4, 1); /* ignored */
}

/* 34: the I/O address space. */
static void test_s34_io_space(void **state)
{
    MemTxResult r = 99;
    (void)state;
    assert_true(memory_region_size(get_system_io()) == 65536);
    assert_int_equal(address_space_ldub(&address_space_io, 0x1234, U, &r),
                     0xff);
    assert_int_equal(r, MEMTX_OK);
    assert_int_equal(address_space_lduw(&address_space_io, 0x1234, U, &r),
                     0xffff);
    assert_true(address_space_ldl(&address_space_io, 0x1234, U, &r) ==
                0xffffffffu);
    assert_int_equal(r, MEMTX_OK);
    address_space_stl(&address_space_io, 0x1234, 0, U, &r);
    assert_int_equal(r, MEMTX_OK);
    uint8_t b[2];
    assert_int_equal(address_space_read(&address_space_io, 0x80, U, b, 2),
                     MEMTX_OK);
    assert_int_equal(b[0] & b[1], 0xff);

    /* pc-testdev's byte-wide port: impl 1..1, valid 1..4. */
    td_init(&dev, "bytes", 4, DEVICE_LITTLE_ENDIAN, 1, 1, 1, 4);
    memory_region_add_subregion(get_system_io(), 0xe0, &dev.mr);
    address_space_stw(&address_space_io, 0xe0, 0xbeef, U, &r);
    assert_int_equal(r, MEMTX_OK);
    assert_int_equal(dev.nlog, 2);
    assert_int_equal(dev.log[0].size, 1);
    assert_int_equal(dev.log[0].val, 0xef);
    assert_int_equal(dev.log[1].val, 0xbe);
    assert_int_equal(address_space_lduw(&address_space_io, 0xe0, U, &r),
                     0xbeef);
    /* Ports next to the device are unclaimed again. */
    assert_int_equal(address_space_ldub(&address_space_io, 0xe4, U, &r), 0xff);
}

/* 35: result codes, attributes, and the x86 SMM address space. */
static void test_s35_results_and_attrs(void **state)
{
    (void)state;
    assert_int_equal(MEMTX_OK, 0);
    assert_int_equal(MEMTX_ERROR, 1);
    assert_int_equal(MEMTX_DECODE_ERROR, 2);
    assert_int_equal(MEMTX_ACCESS_ERROR, 4);
    MemTxAttrs a = MEMTXATTRS_UNSPECIFIED;
    assert_int_equal(a.unspecified, 1);
    assert_int_equal(a.secure, 0);
    assert_int_equal(a.user, 0);
    assert_int_equal(a.memory, 0);
    assert_int_equal(a.debug, 0);
    assert_int_equal(a.requester_id, 0);
    assert_int_equal(a.space, 0);
    assert_int_equal(a.pid, 0);
}

/* x86: target/i386's cpu_asidx_from_attrs. */
static int x86_asidx_from_attrs(MemTxAttrs attrs)
{
    return attrs.secure ? 1 : 0;
}

static void test_s35_smm_address_space(void **state)
{
    static MemoryRegion ram, smm_root, smm_alias, smram;
    (void)state;
    memory_region_init_ram(&ram, NULL, "pc.ram", 0x100000, NULL);
    memory_region_add_subregion(get_system_memory(), 0, &ram);
    /* QEMU's pc: the SMM root is the system memory plus SMRAM on top. */
    memory_region_init(&smm_root, NULL, "memory", UINT64_MAX);
    memory_region_init_alias(&smm_alias, NULL, "memory", get_system_memory(), 0,
                             UINT64_MAX);
    memory_region_add_subregion_overlap(&smm_root, 0, &smm_alias, 0);
    memory_region_init_alias(&smram, NULL, "smram", &ram, 0xa0000, 0x20000);
    memory_region_add_subregion_overlap(&smm_root, 0xa0000, &smram, 1);
    td_init(&dev, "vga", 0x20000, DEVICE_LITTLE_ENDIAN, 1, 4, 1, 4);
    memory_region_add_subregion_overlap(get_system_memory(), 0xa0000, &dev.mr,
                                        1);
    cpu_address_space_init(mt_cpu, 0, "cpu-memory", get_system_memory());
    cpu_address_space_init(mt_cpu, 1, "cpu-smm", &smm_root);
    assert_string_equal(cpu_get_address_space(mt_cpu, 1)->name, "cpu-smm-0");

    ((uint8_t *)memory_region_get_ram_ptr(&ram))[0xa0000] = 0x5a;
    dev.mem[0] = 0x77;
    MemTxAttrs normal = {.secure = 0};
    MemTxAttrs smm = {.secure = 1};
    AddressSpace *as_n =
        cpu_get_address_space(mt_cpu, x86_asidx_from_attrs(normal));
    AddressSpace *as_s =
        cpu_get_address_space(mt_cpu, x86_asidx_from_attrs(smm));
    assert_int_equal(address_space_ldub(as_n, 0xa0000, normal, NULL), 0x77);
    assert_int_equal(address_space_ldub(as_s, 0xa0000, smm, NULL), 0x5a);
    /* Outside SMRAM both see the same memory. */
    address_space_stb(as_n, 0x1000, 0x42, normal, NULL);
    assert_int_equal(address_space_ldub(as_s, 0x1000, smm, NULL), 0x42);
    /* Both spaces flush the TLB on a change. */
    unsigned f = hook_log.tlb_flush;
    memory_region_set_enabled(&smram, false);
    assert_int_equal(hook_log.tlb_flush, f + 2);
    assert_int_equal(address_space_ldub(as_s, 0xa0000, smm, NULL), 0x77);
    EXPECT_FATAL(cpu_get_address_space(mt_cpu, 2));
    EXPECT_FATAL(cpu_get_address_space((CPUState *)&f, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        MT_TEST(test_s30_fill_page_kinds),
        MT_TEST(test_s30_fill_last_page),
        MT_TEST(test_s31_hit_compare),
        MT_TEST(test_s32_victim_tlb),
        MT_TEST(test_s33_mmio_pieces),
        MT_TEST(test_s34_io_space),
        MT_TEST(test_s35_results_and_attrs),
        MT_TEST(test_s35_smm_address_space),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
