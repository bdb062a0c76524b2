/* Contract section B: dispatch, access sizes, endianness (11-17). */
#include "mem-test.h"

static TestDev dev, dev2;
static const MemTxAttrs U = MEMTXATTRS_UNSPECIFIED;

static void map(TestDev *d, hwaddr at)
{
    memory_region_add_subregion(get_system_memory(), at, &d->mr);
}

static void expect_call(TestDev *d, unsigned i, bool write, hwaddr addr,
                        unsigned size, uint64_t val)
{
    assert_true(i < d->nlog);
    assert_int_equal(d->log[i].write, write);
    assert_int_equal(d->log[i].addr, addr);
    assert_int_equal(d->log[i].size, size);
    assert_true(d->log[i].val == val);
}

/* 11: accepts first, then alignment, then sizes; failure: no callback,
 * read 0, write dropped, MEMTX_DECODE_ERROR. */
static void test_s11_validity_order(void **state)
{
    uint64_t v = 0x1234;
    (void)state;
    td_init(&dev, "dev", 0x100, DEVICE_LITTLE_ENDIAN, 1, 4, 2, 4);
    td_use_accepts(&dev);

    /* accepts runs even for a misaligned access (it comes first). */
    dev.refuse = true;
    assert_int_equal(memory_region_dispatch_read(&dev.mr, 1, &v, MO_16, U),
                     MEMTX_DECODE_ERROR);
    assert_int_equal(dev.accepts_calls, 1);
    assert_true(v == 0);
    assert_int_equal(dev.nlog, 0);

    dev.refuse = false;
    td_clear(&dev);
    /* Misaligned without valid.unaligned. */
    assert_int_equal(memory_region_dispatch_write(&dev.mr, 1, 0xbeef, MO_16, U),
                     MEMTX_DECODE_ERROR);
    assert_int_equal(dev.accepts_calls, 1);
    assert_int_equal(dev.nlog, 0);
    /* Below valid.min and above valid.max. */
    assert_int_equal(memory_region_dispatch_read(&dev.mr, 0, &v, MO_8, U),
                     MEMTX_DECODE_ERROR);
    assert_int_equal(memory_region_dispatch_read(&dev.mr, 0, &v, MO_64, U),
                     MEMTX_DECODE_ERROR);
    assert_int_equal(dev.nlog, 0);
    /* Valid. */
    assert_int_equal(memory_region_dispatch_write(&dev.mr, 2, 0xbeef, MO_16, U),
                     MEMTX_OK);
    assert_int_equal(dev.nlog, 1);

    /* valid.max_access_size 0: every size is valid. */
    td_init(&dev2, "dev2", 0x100, DEVICE_LITTLE_ENDIAN, 0, 0, 0, 0);
    assert_int_equal(memory_region_dispatch_read(&dev2.mr, 0, &v, MO_64, U),
                     MEMTX_OK);
    assert_int_equal(dev2.nlog, 2); /* split by impl.max (0 = 4) */
    /* With valid.unaligned a misaligned access goes through. */
    dev2.ops.valid.unaligned = true;
    td_clear(&dev2);
    assert_int_equal(memory_region_dispatch_read(&dev2.mr, 3, &v, MO_32, U),
                     MEMTX_OK);
    expect_call(&dev2, 0, false, 3, 4, 0);
}

/* 12: impl.unaligned without valid.unaligned is refused at init; NULL
 * ops mean unassigned. */
static void test_s12_impl_unaligned_needs_valid(void **state)
{
    static MemoryRegionOps bad = {.impl.unaligned = true};
    static MemoryRegion mr;
    (void)state;
    EXPECT_FATAL(memory_region_init_io(&mr, NULL, &bad, NULL, "bad", 16));
    assert_true(mt_contains(test_fatal_msg, "impl.unaligned"));
    EXPECT_FATAL(memory_region_init_rom_device(&mr, NULL, &bad, NULL, "bad",
                                               4096, NULL));
}

static void test_s12_null_ops_unassigned(void **state)
{
    static MemoryRegion mr;
    uint64_t v = 77;
    (void)state;
    memory_region_init_io(&mr, NULL, NULL, NULL, "none", 0x10);
    assert_ptr_equal(mr.ops, &unassigned_mem_ops);
    assert_int_equal(memory_region_dispatch_read(&mr, 0, &v, MO_32, U),
                     MEMTX_DECODE_ERROR);
    assert_true(v == 0);
    assert_int_equal(memory_region_dispatch_write(&mr, 0, 1, MO_32, U),
                     MEMTX_DECODE_ERROR);
}

/* 13: splitting and the order of the pieces. */
static void test_s13_split_le_and_be(void **state)
{
    (void)state;
    td_init(&dev, "le", 0x100, DEVICE_LITTLE_ENDIAN, 1, 1, 1, 4);
    td_init(&dev2, "be", 0x100, DEVICE_BIG_ENDIAN, 1, 1, 1, 4);
    map(&dev, 0x1000);
    map(&dev2, 0x2000);
    address_space_stl_le(&address_space_memory, 0x1000, 0x87654321, U, NULL);
    assert_int_equal(dev.nlog, 4);
    expect_call(&dev, 0, true, 0, 1, 0x21);
    expect_call(&dev, 1, true, 1, 1, 0x43);
    expect_call(&dev, 2, true, 2, 1, 0x65);
    expect_call(&dev, 3, true, 3, 1, 0x87);
    address_space_stl_be(&address_space_memory, 0x2000, 0x87654321, U, NULL);
    assert_int_equal(dev2.nlog, 4);
    expect_call(&dev2, 0, true, 0, 1, 0x87);
    expect_call(&dev2, 1, true, 1, 1, 0x65);
    expect_call(&dev2, 2, true, 2, 1, 0x43);
    expect_call(&dev2, 3, true, 3, 1, 0x21);
    /* Combining reads back the same value. */
    assert_true(address_space_ldl_le(&address_space_memory, 0x1000, U, NULL) ==
                0x87654321);
    assert_true(address_space_ldl_be(&address_space_memory, 0x2000, U, NULL) ==
                0x87654321);
}

static void test_s13_impl_defaults_and_sizes(void **state)
{
    uint64_t v;
    (void)state;
    /* impl 2..2: a 4-byte write is two 2-byte calls at +0 and +2. */
    td_init(&dev, "w16", 0x100, DEVICE_LITTLE_ENDIAN, 2, 2, 1, 4);
    assert_int_equal(
        memory_region_dispatch_write(&dev.mr, 4, 0xaabbccdd, MO_32, U),
        MEMTX_OK);
    assert_int_equal(dev.nlog, 2);
    expect_call(&dev, 0, true, 4, 2, 0xccdd);
    expect_call(&dev, 1, true, 6, 2, 0xaabb);
    /* impl.max 0 means 4; impl.min 0 means 1. */
    td_init(&dev2, "def", 0x100, DEVICE_LITTLE_ENDIAN, 0, 0, 1, 8);
    memory_region_dispatch_read(&dev2.mr, 0, &v, MO_64, U);
    assert_int_equal(dev2.nlog, 2);
    expect_call(&dev2, 0, false, 0, 4, 0);
    expect_call(&dev2, 1, false, 4, 4, 0);
    td_clear(&dev2);
    memory_region_dispatch_read(&dev2.mr, 0, &v, MO_8, U);
    expect_call(&dev2, 0, false, 0, 1, 0);
}

/* 14: narrower than impl.min: one call of impl.min bytes at the
 * unrounded address; writes zero-extended (Deviation D3). */
static void test_s14_narrower_than_impl_min(void **state)
{
    uint64_t v;
    (void)state;
    td_init(&dev, "min4", 0x100, DEVICE_LITTLE_ENDIAN, 4, 4, 1, 4);
    dev.ops.valid.unaligned = true;
    /* Garbage above the access size is not passed on. */
    assert_int_equal(memory_region_dispatch_write(&dev.mr, 1, 0xffab, MO_8, U),
                     MEMTX_OK);
    assert_int_equal(dev.nlog, 1);
    expect_call(&dev, 0, true, 1, 4, 0xab);
    /* A read returns the low access-size bytes of the wide read. */
    dev.mem[1] = 0xaa, dev.mem[2] = 0xbb, dev.mem[3] = 0xcc, dev.mem[4] = 0xdd;
    td_clear(&dev);
    assert_int_equal(memory_region_dispatch_read(&dev.mr, 1, &v, MO_8, U),
                     MEMTX_OK);
    expect_call(&dev, 0, false, 1, 4, 0xddccbbaa);
    assert_true(v == 0xaa);
    td_clear(&dev);
    memory_region_dispatch_read(&dev.mr, 1, &v, MO_16, U);
    assert_true(v == 0xbbaa);

    /* Big-endian: the byte at the lowest address is the most
     * significant of the wide access. */
    td_init(&dev2, "min4be", 0x100, DEVICE_BIG_ENDIAN, 4, 4, 1, 4);
    dev2.ops.valid.unaligned = true;
    dev2.mem[1] = 0xaa, dev2.mem[2] = 0xbb, dev2.mem[3] = 0xcc;
    dev2.mem[4] = 0xdd;
    memory_region_dispatch_read(&dev2.mr, 1, &v, MO_8 | MO_BE, U);
    expect_call(&dev2, 0, false, 1, 4, 0xaabbccdd);
    assert_true(v == 0xaa);
    td_clear(&dev2);
    memory_region_dispatch_write(&dev2.mr, 1, 0x5a, MO_8 | MO_BE, U);
    expect_call(&dev2, 0, true, 1, 4, 0x5a000000);
}

/* 15: byte swap when the access's order differs from the device's;
 * native = little-endian; writes swap before splitting. */
static void test_s15_byte_swap(void **state)
{
    uint64_t v;
    (void)state;
    td_init(&dev, "le4", 0x100, DEVICE_LITTLE_ENDIAN, 4, 4, 1, 4);
    memory_region_dispatch_write(&dev.mr, 0, 0x11223344, MO_32 | MO_BE, U);
    expect_call(&dev, 0, true, 0, 4, 0x44332211);
    memory_region_dispatch_read(&dev.mr, 0, &v, MO_32 | MO_BE, U);
    assert_true(v == 0x11223344);
    memory_region_dispatch_read(&dev.mr, 0, &v, MO_32 | MO_LE, U);
    assert_true(v == 0x44332211);

    /* DEVICE_NATIVE_ENDIAN is x86's little-endian. */
    td_init(&dev2, "nat", 0x100, DEVICE_NATIVE_ENDIAN, 2, 2, 1, 4);
    memory_region_dispatch_write(&dev2.mr, 0, 0xa1b2, MO_16 | MO_TE, U);
    expect_call(&dev2, 0, true, 0, 2, 0xa1b2);
    td_clear(&dev2);
    /* Swap first, then split: BE 0x11223344 on a 16-bit LE device. */
    memory_region_dispatch_write(&dev2.mr, 0, 0x11223344, MO_32 | MO_BE, U);
    expect_call(&dev2, 0, true, 0, 2, 0x2211);
    expect_call(&dev2, 1, true, 2, 2, 0x4433);
    /* Bytes keep their memory order: 11 22 33 44. */
    assert_int_equal(dev2.mem[0], 0x11);
    assert_int_equal(dev2.mem[3], 0x44);
    /* Reads: combine, then swap. */
    memory_region_dispatch_read(&dev2.mr, 0, &v, MO_32 | MO_BE, U);
    assert_true(v == 0x11223344);
}

/* 16: *_with_attrs only when the plain callback is NULL. */
static void test_s16_with_attrs_only_without_plain(void **state)
{
    uint64_t v;
    MemTxAttrs a = {.requester_id = 0x42};
    (void)state;
    td_init(&dev, "both", 0x100, DEVICE_LITTLE_ENDIAN, 1, 4, 1, 4);
    td_use_both(&dev);
    dev.attrs_result = MEMTX_ERROR;
    assert_int_equal(memory_region_dispatch_read(&dev.mr, 0, &v, MO_32, a),
                     MEMTX_OK); /* plain callbacks always report OK */
    assert_int_equal(dev.attrs_calls, 0);

    td_init(&dev2, "attrs", 0x100, DEVICE_LITTLE_ENDIAN, 1, 4, 1, 4);
    td_use_attrs(&dev2);
    dev2.attrs_result = MEMTX_ERROR;
    assert_int_equal(memory_region_dispatch_write(&dev2.mr, 0, 5, MO_32, a),
                     MEMTX_ERROR);
    assert_int_equal(dev2.attrs_calls, 1);
    assert_int_equal(dev2.last_attrs.requester_id, 0x42);
    dev2.attrs_result = MEMTX_OK;
    assert_int_equal(memory_region_dispatch_read(&dev2.mr, 0, &v, MO_32, a),
                     MEMTX_OK);
    assert_true(v == 5);
}

/* 17: a device re-entering itself is refused. */
static void dma_to_target(TestDev *d, hwaddr addr, uint64_t val)
{
    uint8_t b = 0x99;
    (void)addr, (void)val;
    if (d->on_write) {
        void (*f)(TestDev *, hwaddr, uint64_t) = d->on_write;
        d->on_write = NULL; /* once */
        d->inner_result = address_space_write(d->as, d->target, U, &b, 1);
        d->on_write = f;
    }
}

static void test_s17_reentrancy_refused(void **state)
{
    uint8_t b = 1;
    (void)state;
    td_init(&dev, "dma", 0x100, DEVICE_LITTLE_ENDIAN, 1, 4, 1, 4);
    td_init(&dev2, "other", 0x100, DEVICE_LITTLE_ENDIAN, 1, 4, 1, 4);
    map(&dev, 0x1000);
    map(&dev2, 0x2000);
    dev.as = &address_space_memory;

    /* DMA into its own MMIO: refused, callback not run. */
    dev.on_write = dma_to_target;
    dev.target = 0x1010;
    assert_int_equal(
        address_space_write(&address_space_memory, 0x1000, U, &b, 1), MEMTX_OK);
    assert_int_equal(dev.inner_result, MEMTX_ACCESS_ERROR);
    assert_int_equal(dev.nlog, 1);
    assert_int_equal(dev.mem[0x10], 0);

    /* Into another device: allowed. */
    dev.target = 0x2010;
    assert_int_equal(
        address_space_write(&address_space_memory, 0x1000, U, &b, 1), MEMTX_OK);
    assert_int_equal(dev.inner_result, MEMTX_OK);
    assert_int_equal(dev2.mem[0x10], 0x99);

    /* Two regions with the same owner are one device. */
    static MemoryRegion second;
    static int owner;
    dev.mr.owner = &owner;
    memory_region_init_io(&second, &owner, &dev.ops, &dev, "second", 0x100);
    memory_region_add_subregion(get_system_memory(), 0x3000, &second);
    dev.target = 0x3010;
    address_space_write(&address_space_memory, 0x1000, U, &b, 1);
    assert_int_equal(dev.inner_result, MEMTX_ACCESS_ERROR);
    /* The guard is released afterwards. */
    dev.on_write = NULL;
    assert_int_equal(
        address_space_write(&address_space_memory, 0x3010, U, &b, 1), MEMTX_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        MT_TEST(test_s11_validity_order),
        MT_TEST(test_s12_impl_unaligned_needs_valid),
        MT_TEST(test_s12_null_ops_unassigned),
        MT_TEST(test_s13_split_le_and_be),
        MT_TEST(test_s13_impl_defaults_and_sizes),
        MT_TEST(test_s14_narrower_than_impl_min),
        MT_TEST(test_s15_byte_swap),
        MT_TEST(test_s16_with_attrs_only_without_plain),
        MT_TEST(test_s17_reentrancy_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
