/* Contract section C: translate and the read/write paths (18-24). */
#include "mem-test.h"

static TestDev dev;
static const MemTxAttrs U = MEMTXATTRS_UNSPECIFIED;
#define AS (&address_space_memory)

static void expect_sizes(TestDev *d, const unsigned *sizes, unsigned n)
{
    assert_int_equal(d->nlog, n);
    for (unsigned i = 0; i < n; i++) {
        assert_int_equal(d->log[i].size, sizes[i]);
    }
}

/* 18: leaf region, xlat, len clipped only for RAM, holes. */
static void test_s18_translate(void **state)
{
    static MemoryRegion ram, al;
    hwaddr xlat, l;
    MemoryRegion *mr;
    (void)state;
    memory_region_init_ram(&ram, NULL, "ram", 0x2000, NULL);
    memory_region_init_alias(&al, NULL, "al", &ram, 0x800, 0x1800);
    memory_region_add_subregion(get_system_memory(), 0x10000, &al);
    td_init(&dev, "mmio", 0x100, DEVICE_LITTLE_ENDIAN, 1, 4, 1, 4);
    memory_region_add_subregion(get_system_memory(), 0x20000, &dev.mr);

    l = 0x10000;
    mr = address_space_translate(AS, 0x10100, &xlat, &l, false, U);
    assert_ptr_equal(mr, &ram); /* the leaf, not the alias */
    assert_int_equal(xlat, 0x900);
    assert_int_equal(l, 0x1700); /* clipped to the section's end */

    l = 0x10000;
    mr = address_space_translate(AS, 0x20010, &xlat, &l, true, U);
    assert_ptr_equal(mr, &dev.mr);
    assert_int_equal(xlat, 0x10);
    assert_int_equal(l, 0x10000); /* MMIO: left alone */

    l = 4;
    mr = address_space_translate(AS, 0x30000, &xlat, &l, false, U);
    assert_ptr_equal(mr, &io_mem_unassigned);
    assert_int_equal(xlat, 0x30000);
}

/* 19: len 0, RAM memcpy, MMIO chunking, OR-ed results, attrs.memory. */
static void test_s19_rw_chunks(void **state)
{
    static MemoryRegion ram;
    uint8_t buf[16], in[16];
    (void)state;
    memory_region_init_ram(&ram, NULL, "ram", 0x1000, NULL);
    memory_region_add_subregion(get_system_memory(), 0x0, &ram);
    td_init(&dev, "mmio", 0x100, DEVICE_LITTLE_ENDIAN, 1, 4, 1, 4);
    memory_region_add_subregion(get_system_memory(), 0x1000, &dev.mr);

    assert_int_equal(address_space_write(AS, 0x1000, U, buf, 0), MEMTX_OK);
    assert_int_equal(dev.nlog, 0);

    for (unsigned i = 0; i < 16; i++) {
        buf[i] = (uint8_t)(i + 1);
    }
    assert_int_equal(address_space_write(AS, 0x10, U, buf, 16), MEMTX_OK);
    assert_memory_equal((uint8_t *)memory_region_get_ram_ptr(&ram) + 0x10, buf,
                        16);

    /* 7 bytes at 1: alignment limits to 1, then 2, then 4. */
    assert_int_equal(address_space_write(AS, 0x1001, U, buf, 7), MEMTX_OK);
    static const unsigned s1[] = {1, 2, 4};
    expect_sizes(&dev, s1, 3);
    assert_int_equal(dev.log[1].addr, 2);
    assert_memory_equal(&dev.mem[1], buf, 7);
    td_clear(&dev);
    assert_int_equal(address_space_read(AS, 0x1001, U, in, 7), MEMTX_OK);
    assert_memory_equal(in, buf, 7);

    /* impl.unaligned: no alignment limit; 7 = 4 + 2 + 1. */
    td_clear(&dev);
    dev.ops.valid.unaligned = true;
    dev.ops.impl.unaligned = true;
    address_space_write(AS, 0x1001, U, buf, 7);
    static const unsigned s2[] = {4, 2, 1};
    expect_sizes(&dev, s2, 3);
    dev.ops.impl.unaligned = false;

    /* valid.max 0 means 4 here. */
    td_clear(&dev);
    dev.ops.valid.max_access_size = 0;
    address_space_write(AS, 0x1000, U, buf, 8);
    static const unsigned s3[] = {4, 4};
    expect_sizes(&dev, s3, 2);

    /* Results are OR-ed: ERROR from the device, DECODE from the hole. */
    td_use_attrs(&dev);
    dev.attrs_result = MEMTX_ERROR;
    assert_int_equal(address_space_read(AS, 0x10fc, U, in, 8),
                     MEMTX_ERROR | MEMTX_DECODE_ERROR);

    /* attrs.memory: RAM fine, MMIO refused. */
    MemTxAttrs mem = {.memory = 1};
    assert_int_equal(address_space_read(AS, 0x0, mem, in, 4), MEMTX_OK);
    unsigned calls = dev.nlog;
    assert_int_equal(address_space_read(AS, 0x1000, mem, in, 4),
                     MEMTX_ACCESS_ERROR);
    assert_int_equal(dev.nlog, calls);
}

/* 20: unassigned reads give zeros and MEMTX_DECODE_ERROR. */
static void test_s20_unassigned_reads_zero(void **state)
{
    uint8_t buf[8];
    (void)state;
    memset(buf, 0xa5, sizeof(buf));
    assert_int_equal(address_space_read(AS, 0x123456, U, buf, 8),
                     MEMTX_DECODE_ERROR);
    for (unsigned i = 0; i < 8; i++) {
        assert_int_equal(buf[i], 0);
    }
    MemTxResult r = 0;
    assert_int_equal(address_space_ldl(AS, 0x123456, U, &r), 0);
    assert_int_equal(r, MEMTX_DECODE_ERROR);
    assert_int_equal(address_space_write(AS, 0x123456, U, buf, 8),
                     MEMTX_DECODE_ERROR);
}

/* 21: direct access rules; ROM writes; read-only through an alias
 * (Deviation D4: ROM on both paths). */
static void test_s21_rom_write_goes_nowhere(void **state)
{
    static MemoryRegion rom, ram;
    uint8_t b = 0x55;
    (void)state;
    memory_region_init_rom(&rom, NULL, "rom", 0x1000, NULL);
    memory_region_init_ram(&ram, NULL, "ram", 0x1000, NULL);
    assert_true(memory_access_is_direct(&ram, false, U));
    assert_true(memory_access_is_direct(&ram, true, U));
    assert_true(memory_access_is_direct(&rom, false, U));
    assert_false(memory_access_is_direct(&rom, true, U));
    MemTxAttrs dbg = {.debug = 1};
    assert_true(memory_access_is_direct(&rom, true, dbg));

    memory_region_add_subregion(get_system_memory(), 0x0, &rom);
    ((uint8_t *)memory_region_get_ram_ptr(&rom))[4] = 0x11;
    assert_int_equal(address_space_write(AS, 4, U, &b, 1), MEMTX_DECODE_ERROR);
    assert_int_equal(((uint8_t *)memory_region_get_ram_ptr(&rom))[4], 0x11);
    b = 0;
    assert_int_equal(address_space_read(AS, 4, U, &b, 1), MEMTX_OK);
    assert_int_equal(b, 0x11);
    /* A TLB fill sees the section read-only: the store is discarded. */
    cpu_address_space_init(mt_cpu, 0, "cpu-memory", get_system_memory());
    mt_st(4, 1, 0x77);
    assert_int_equal(((uint8_t *)memory_region_get_ram_ptr(&rom))[4], 0x11);
}

static void test_s21_readonly_alias_both_paths(void **state)
{
    static MemoryRegion ram, al;
    MemTxResult r;
    (void)state;
    memory_region_init_ram(&ram, NULL, "ram", 0x1000, NULL);
    memory_region_init_alias(&al, NULL, "ro-view", &ram, 0, 0x1000);
    memory_region_set_readonly(&al, true);
    memory_region_add_subregion(get_system_memory(), 0x4000, &al);
    uint8_t *host = memory_region_get_ram_ptr(&ram);
    host[8] = 0x11;
    uint8_t b = 0x22;
    /* address_space_write: decode error, nothing written (QEMU writes). */
    assert_int_equal(address_space_write(AS, 0x4008, U, &b, 1),
                     MEMTX_DECODE_ERROR);
    assert_int_equal(host[8], 0x11);
    address_space_stl(AS, 0x4008, 0xdeadbeef, U, &r);
    assert_int_equal(r, MEMTX_DECODE_ERROR);
    assert_int_equal(host[8], 0x11);
    /* Reads are direct. */
    assert_int_equal(address_space_ldub(AS, 0x4008, U, &r), 0x11);
    assert_int_equal(r, MEMTX_OK);
    /* TLB: discard-write. */
    cpu_address_space_init(mt_cpu, 0, "cpu-memory", get_system_memory());
    mt_st(0x4008, 1, 0x33);
    assert_int_equal(host[8], 0x11);
    assert_true(mt_tlb.e[(0x4000 >> 12) % MT_TLB_SIZE].addr_write &
                TLB_DISCARD_WRITE);
    /* Firmware loading and debug accesses still write. */
    MemTxAttrs dbg = {.debug = 1};
    assert_int_equal(address_space_write(AS, 0x4008, dbg, &b, 1), MEMTX_OK);
    assert_int_equal(host[8], 0x22);
    b = 0x44;
    address_space_write_rom(AS, 0x4008, U, &b, 1);
    assert_int_equal(host[8], 0x44);
}

/* 22: write_rom writes RAM, ROM and ROM devices; skips MMIO; OK. */
static void test_s22_write_rom(void **state)
{
    static MemoryRegion rom, ram, romd;
    uint8_t data[0x20];
    (void)state;
    memory_region_init_rom(&rom, NULL, "rom", 0x1000, NULL);
    memory_region_init_ram(&ram, NULL, "ram", 0x1000, NULL);
    td_init(&dev, "mmio", 0x100, DEVICE_LITTLE_ENDIAN, 1, 4, 1, 4);
    memory_region_init_rom_device(&romd, NULL, &dev.ops, &dev, "flash", 0x1000,
                                  NULL);
    memory_region_add_subregion(get_system_memory(), 0x0, &rom);
    memory_region_add_subregion(get_system_memory(), 0x1000, &dev.mr);
    memory_region_add_subregion(get_system_memory(), 0x1100, &ram);
    memory_region_add_subregion(get_system_memory(), 0x10000, &romd);
    for (unsigned i = 0; i < sizeof(data); i++) {
        data[i] = (uint8_t)(0x80 + i);
    }
    /* The ROM's page holds translated code: loading must invalidate. */
    ram_addr_t ra = memory_region_get_ram_addr(&rom);
    cpu_physical_memory_test_and_clear_dirty(ra, TARGET_PAGE_SIZE,
                                             DIRTY_MEMORY_CODE);
    hook_log.tb_inval = 0;
    assert_int_equal(address_space_write_rom(AS, 0xff0, U, data, 0x20),
                     MEMTX_OK);
    assert_memory_equal((uint8_t *)memory_region_get_ram_ptr(&rom) + 0xff0,
                        data, 0x10);
    assert_int_equal(dev.nlog, 0); /* MMIO skipped silently */
    assert_int_equal(hook_log.tb_inval, 1);
    assert_true(hook_log.inval_start[0] == ra + 0xff0);
    assert_true(address_space_write_rom(AS, 0x10ff8, U, data, 0x20) ==
                MEMTX_OK);
    assert_memory_equal((uint8_t *)memory_region_get_ram_ptr(&romd) + 0xff8,
                        data, 8);
    assert_int_equal(dev.nlog, 0);
    assert_int_equal(address_space_write_rom(AS, 0x1100, U, data, 4), MEMTX_OK);
    assert_memory_equal(memory_region_get_ram_ptr(&ram), data, 4);
}

/* 23: ROM devices. */
static void test_s23_rom_device(void **state)
{
    static MemoryRegion romd;
    uint32_t v = 0;
    (void)state;
    td_init(&dev, "ops", 0x1000, DEVICE_LITTLE_ENDIAN, 1, 4, 1, 4);
    memory_region_init_rom_device(&romd, NULL, &dev.ops, &dev, "flash", 0x1000,
                                  NULL);
    assert_true(romd.romd_mode);
    assert_false(romd.ram);
    memory_region_add_subregion(get_system_memory(), 0x0, &romd);
    cpu_address_space_init(mt_cpu, 0, "cpu-memory", get_system_memory());
    stl_le_p(memory_region_get_ram_ptr(&romd), 0xcafef00d);
    dev.mem[0] = 0x12;

    assert_true(address_space_ldl(AS, 0, U, NULL) == 0xcafef00d);
    assert_int_equal(dev.nlog, 0);
    address_space_stl(AS, 0, 0x1, U, NULL); /* writes go to the ops */
    assert_int_equal(dev.nlog, 1);
    assert_true(dev.log[0].write);
    assert_true((uint32_t)ldl_le_p(memory_region_get_ram_ptr(&romd)) ==
                0xcafef00du);

    unsigned flushes = hook_log.tlb_flush;
    memory_region_rom_device_set_romd(&romd, false);
    assert_int_equal(hook_log.tlb_flush, flushes + 1); /* topology change */
    assert_false(memory_access_is_direct(&romd, false, U));
    td_clear(&dev);
    address_space_read(AS, 0, U, &v, 4);
    assert_int_equal(dev.nlog, 1);
    assert_false(dev.log[0].write);
    assert_int_equal(v, 0x1);
}

/* 24: the ld/st family. */
static void test_s24_ldst_ram_variants(void **state)
{
    static MemoryRegion ram;
    (void)state;
    memory_region_init_ram(&ram, NULL, "ram", 0x1000, NULL);
    memory_region_add_subregion(get_system_memory(), 0x8000, &ram);
    uint8_t *h = memory_region_get_ram_ptr(&ram);
    MemTxResult r = 99;

    address_space_stq(AS, 0x8000, 0x0102030405060708ull, U, NULL);
    assert_int_equal(h[0], 0x08); /* unsuffixed = x86 little-endian */
    assert_true(address_space_ldq_be(AS, 0x8000, U, &r) ==
                0x0807060504030201ull);
    assert_int_equal(r, MEMTX_OK);
    address_space_stl_be(AS, 0x8010, 0xa1b2c3d4, U, &r);
    assert_int_equal(h[0x10], 0xa1);
    assert_true(address_space_ldl_le(AS, 0x8010, U, NULL) == 0xd4c3b2a1);
    address_space_stw_le(AS, 0x8020, 0x1234, U, NULL);
    assert_int_equal(address_space_lduw_be(AS, 0x8020, U, NULL), 0x3412);
    assert_int_equal(address_space_lduw(AS, 0x8020, U, NULL), 0x1234);
    address_space_stw_be(AS, 0x8022, 0x1234, U, NULL);
    assert_int_equal(address_space_lduw_le(AS, 0x8022, U, NULL), 0x3412);
    address_space_stb(AS, 0x8030, 0xfe, U, NULL);
    assert_int_equal(address_space_ldub(AS, 0x8030, U, NULL), 0xfe);
    address_space_stq_le(AS, 0x8040, 1, U, NULL);
    address_space_stq_be(AS, 0x8048, 1, U, NULL);
    assert_int_equal(h[0x40], 1);
    assert_int_equal(h[0x4f], 1);
    assert_true(address_space_ldq_le(AS, 0x8040, U, NULL) == 1);
    address_space_stl_le(AS, 0x8050, 7, U, NULL);
    assert_true(address_space_ldl_be(AS, 0x8050, U, NULL) == 0x07000000);
    assert_true(address_space_ldl(AS, 0x8050, U, NULL) == 7);
    assert_true(ldl_phys(AS, 0x8050) == 7);
    stw_phys(AS, 0x8050, 9);
    assert_int_equal(lduw_phys(AS, 0x8050), 9);

    /* Stores into a code page invalidate it. */
    ram_addr_t ra = memory_region_get_ram_addr(&ram);
    cpu_physical_memory_test_and_clear_dirty(ra, 0x1000, DIRTY_MEMORY_CODE);
    address_space_stl(AS, 0x8100, 5, U, NULL);
    assert_int_equal(hook_log.tb_inval, 1);
    assert_true(hook_log.inval_start[0] == ra + 0x100);
    assert_true(hook_log.inval_last[0] == ra + 0x103);

    /* Crossing the end of RAM: one dispatch, which fails. */
    assert_true(address_space_ldl(AS, 0x8ffe, U, &r) == 0);
    assert_int_equal(r, MEMTX_DECODE_ERROR);
}

static void test_s24_ldst_mmio_one_dispatch(void **state)
{
    MemTxResult r;
    (void)state;
    td_init(&dev, "bytes", 0x100, DEVICE_LITTLE_ENDIAN, 1, 1, 1, 8);
    memory_region_add_subregion(get_system_memory(), 0x1000, &dev.mr);
    address_space_stq_be(AS, 0x1000, 0x0102030405060708ull, U, &r);
    assert_int_equal(r, MEMTX_OK);
    assert_int_equal(dev.nlog, 8); /* one dispatch, split by impl */
    assert_int_equal(dev.mem[0], 0x01);
    assert_int_equal(dev.mem[7], 0x08);
    assert_true(address_space_ldq_be(AS, 0x1000, U, &r) ==
                0x0102030405060708ull);
    /* A size the device refuses is not split by ld/st: decode error. */
    dev.ops.valid.max_access_size = 4;
    td_clear(&dev);
    assert_true(address_space_ldq(AS, 0x1000, U, &r) == 0);
    assert_int_equal(r, MEMTX_DECODE_ERROR);
    assert_int_equal(dev.nlog, 0);
    /* result may be NULL for MMIO too. */
    address_space_stb(AS, 0x1000, 1, U, NULL);
}

static void test_s24_stl_notdirty_marks_block_offset(void **state)
{
    static MemoryRegion pad, ram;
    (void)state;
    /* A block whose RAM address differs from its bus address. */
    memory_region_init_ram(&pad, NULL, "pad", 0x3000, NULL);
    memory_region_init_ram(&ram, NULL, "pt", 0x2000, NULL);
    memory_region_add_subregion(get_system_memory(), 0x100000, &ram);
    memory_region_set_log(&ram, true, DIRTY_MEMORY_VGA);
    ram_addr_t ra = memory_region_get_ram_addr(&ram);
    assert_true(ra == 0x3000);
    cpu_physical_memory_test_and_clear_dirty(ra, 0x2000, DIRTY_MEMORY_VGA);
    cpu_physical_memory_test_and_clear_dirty(ra, 0x2000, DIRTY_MEMORY_CODE);
    hook_log.tb_inval = 0;

    address_space_stl_notdirty(AS, 0x101004, 0x63, U, NULL);
    assert_true(ldl_le_p((uint8_t *)memory_region_get_ram_ptr(&ram) + 0x1004) ==
                0x63);
    assert_true(
        cpu_physical_memory_get_dirty_flag(ra + 0x1000, DIRTY_MEMORY_VGA));
    assert_false(cpu_physical_memory_get_dirty_flag(ra, DIRTY_MEMORY_VGA));
    assert_int_equal(hook_log.tb_inval, 0); /* no code invalidation */
    assert_false(
        cpu_physical_memory_get_dirty_flag(ra + 0x1000, DIRTY_MEMORY_CODE));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        MT_TEST(test_s18_translate),
        MT_TEST(test_s19_rw_chunks),
        MT_TEST(test_s20_unassigned_reads_zero),
        MT_TEST(test_s21_rom_write_goes_nowhere),
        MT_TEST(test_s21_readonly_alias_both_paths),
        MT_TEST(test_s22_write_rom),
        MT_TEST(test_s23_rom_device),
        MT_TEST(test_s24_ldst_ram_variants),
        MT_TEST(test_s24_ldst_mmio_one_dispatch),
        MT_TEST(test_s24_stl_notdirty_marks_block_offset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
