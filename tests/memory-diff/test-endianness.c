/*
 * QEMU's endianness test (tests/qtest/endianness-test.c against
 * hw/misc/pc-testdev.c) rebuilt on the memory model: one 32-bit register
 * behind two windows of address_space_io, 0xe0 with default access sizes
 * and 0xe8 byte-wide (impl 1..1, valid 1..4). "plain" writes and reads
 * 0xe0, "split" writes the byte window and reads the word one, "combine"
 * the other way round, "bytes" uses the byte window only.
 *
 * Each device variant (little, big, native = little on x86) has callbacks
 * that are consistent with its declared byte order, so the bus is
 * byte-invariant and every variant must give QEMU's literal values through
 * every accessor family: the unsuffixed (guest = little-endian), _le and _be
 * ld/st functions and address_space_rw with a byte buffer. The little- and
 * big-endian devices also sit on a memory-mapped "ISA bus" at 0xfe000000
 * of address_space_memory, as on QEMU's machines with an isa_base.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "memory/memory.h"

/* Ports, or offsets from bus_base when the "ISA bus" is memory-mapped
 * (QEMU's test runs the same sequence on machines with isa_base). */
#define PORT_WORD (bus_base + 0xe0)
#define PORT_BYTE (bus_base + 0xe8)
#define PORT_FREE (bus_base + 0xe4) /* nothing mapped */
#define MMIO_BASE 0xfe000000u

static AddressSpace *bus_as;
static MemoryRegion *bus_mr;
static hwaddr bus_base;

typedef struct Call {
    bool is_write;
    hwaddr addr;
    uint64_t data;
    unsigned size;
} Call;

typedef struct TestDev {
    uint32_t reg;
    bool big; /* callbacks number the register's bytes big-endian */
    const char *variant;
    Call calls[16];
    int ncalls;
} TestDev;

static TestDev dev;
static MemoryRegion word_mr, byte_mr;
static uint8_t ram_pool[64 * 1024];

/* Bit position of the byte at register offset addr..addr+size-1. */
static unsigned reg_shift(const TestDev *d, hwaddr addr, unsigned size)
{
    unsigned k = addr & 3;
    return d->big ? 8 * (4 - k - size) : 8 * k;
}

static uint64_t size_mask(unsigned size)
{
    return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

static void record(TestDev *d, bool is_write, hwaddr addr, uint64_t data,
                   unsigned size)
{
    if (d->ncalls < (int)ARRAY_SIZE(d->calls)) {
        d->calls[d->ncalls++] = (Call){is_write, addr, data, size};
    }
}

static uint64_t testdev_read(void *opaque, hwaddr addr, unsigned size)
{
    TestDev *d = opaque;
    uint64_t v = (d->reg >> reg_shift(d, addr, size)) & size_mask(size);
    record(d, false, addr, v, size);
    return v;
}

static void testdev_write(void *opaque, hwaddr addr, uint64_t data,
                          unsigned size)
{
    TestDev *d = opaque;
    unsigned shift = reg_shift(d, addr, size);
    uint32_t mask = (uint32_t)(size_mask(size) << shift);
    record(d, true, addr, data, size);
    d->reg = (d->reg & ~mask) | ((uint32_t)(data << shift) & mask);
}

#define WORD_OPS(end)                                                          \
    {                                                                          \
        .read = testdev_read, .write = testdev_write, .endianness = (end),     \
    }
#define BYTE_OPS(end)                                                          \
    {                                                                          \
        .read = testdev_read, .write = testdev_write, .endianness = (end),     \
        .valid.min_access_size = 1, .valid.max_access_size = 4,                \
        .impl.min_access_size = 1, .impl.max_access_size = 1,                  \
    }

static const MemoryRegionOps word_ops[3] = {
    [DEVICE_NATIVE_ENDIAN] = WORD_OPS(DEVICE_NATIVE_ENDIAN),
    [DEVICE_BIG_ENDIAN] = WORD_OPS(DEVICE_BIG_ENDIAN),
    [DEVICE_LITTLE_ENDIAN] = WORD_OPS(DEVICE_LITTLE_ENDIAN),
};
static const MemoryRegionOps byte_ops[3] = {
    [DEVICE_NATIVE_ENDIAN] = BYTE_OPS(DEVICE_NATIVE_ENDIAN),
    [DEVICE_BIG_ENDIAN] = BYTE_OPS(DEVICE_BIG_ENDIAN),
    [DEVICE_LITTLE_ENDIAN] = BYTE_OPS(DEVICE_LITTLE_ENDIAN),
};

static void map_device(enum device_endian end, bool mmio)
{
    bus_as = mmio ? &address_space_memory : &address_space_io;
    bus_mr = mmio ? get_system_memory() : get_system_io();
    bus_base = mmio ? MMIO_BASE : 0;
    memset(&dev, 0, sizeof(dev));
    dev.big = end == DEVICE_BIG_ENDIAN;
    dev.variant = end == DEVICE_BIG_ENDIAN      ? "big-endian"
                  : end == DEVICE_LITTLE_ENDIAN ? "little-endian"
                                                : "native-endian";
    memset(&word_mr, 0, sizeof(word_mr));
    memset(&byte_mr, 0, sizeof(byte_mr));
    memory_region_init_io(&word_mr, &dev, &word_ops[end], &dev,
                          "testdev-ioport", 4);
    memory_region_init_io(&byte_mr, &dev, &byte_ops[end], &dev,
                          "testdev-ioport-byte", 4);
    memory_region_add_subregion(bus_mr, PORT_WORD, &word_mr);
    memory_region_add_subregion(bus_mr, PORT_BYTE, &byte_mr);
}

static int group_setup(void **state)
{
    (void)state;
    memory_reset_for_tests();
    qemu_ram_pool_init(ram_pool, sizeof(ram_pool), "endianness-pool");
    memory_map_init();
    return 0;
}

static int setup_le(void **state)
{
    (void)state;
    map_device(DEVICE_LITTLE_ENDIAN, false);
    return 0;
}

static int setup_le_mmio(void **state)
{
    (void)state;
    map_device(DEVICE_LITTLE_ENDIAN, true);
    return 0;
}

static int setup_be(void **state)
{
    (void)state;
    map_device(DEVICE_BIG_ENDIAN, false);
    return 0;
}

static int setup_be_mmio(void **state)
{
    (void)state;
    map_device(DEVICE_BIG_ENDIAN, true);
    return 0;
}

static int setup_native(void **state)
{
    (void)state;
    map_device(DEVICE_NATIVE_ENDIAN, false);
    return 0;
}

static int setup_native_mmio(void **state)
{
    (void)state;
    map_device(DEVICE_NATIVE_ENDIAN, true);
    return 0;
}

static int teardown_device(void **state)
{
    (void)state;
    memory_region_del_subregion(bus_mr, &word_mr);
    memory_region_del_subregion(bus_mr, &byte_mr);
    return 0;
}

/* ---- Accessor families ---- */

typedef enum Family { FAM_NATIVE, FAM_LE, FAM_BE, FAM_RW, FAM_COUNT } Family;

static const char *const family_name[FAM_COUNT] = {"ld/st", "ld/st_le",
                                                   "ld/st_be", "rw"};

static void io_write(Family f, hwaddr port, uint32_t v, unsigned size)
{
    AddressSpace *as = bus_as;
    MemTxAttrs at = MEMTXATTRS_UNSPECIFIED;
    MemTxResult r = 0xdead;
    switch (f) {
    case FAM_NATIVE:
        if (size == 1) {
            address_space_stb(as, port, v, at, &r);
        } else if (size == 2) {
            address_space_stw(as, port, v, at, &r);
        } else {
            address_space_stl(as, port, v, at, &r);
        }
        break;
    case FAM_LE:
        if (size == 1) {
            address_space_stb(as, port, v, at, &r);
        } else if (size == 2) {
            address_space_stw_le(as, port, v, at, &r);
        } else {
            address_space_stl_le(as, port, v, at, &r);
        }
        break;
    case FAM_BE:
        if (size == 1) {
            address_space_stb(as, port, v, at, &r);
        } else if (size == 2) {
            address_space_stw_be(as, port, bswap16(v), at, &r);
        } else {
            address_space_stl_be(as, port, bswap32(v), at, &r);
        }
        break;
    default: {
        uint8_t buf[4];
        for (unsigned i = 0; i < 4; i++) {
            buf[i] = v >> (8 * i);
        }
        r = address_space_rw(as, port, at, buf, size, true);
        break;
    }
    }
    assert_int_equal(r, MEMTX_OK);
}

static uint32_t io_read(Family f, hwaddr port, unsigned size)
{
    AddressSpace *as = bus_as;
    MemTxAttrs at = MEMTXATTRS_UNSPECIFIED;
    MemTxResult r = 0xdead;
    uint32_t v = 0;
    switch (f) {
    case FAM_NATIVE:
        v = size == 1   ? address_space_ldub(as, port, at, &r)
            : size == 2 ? address_space_lduw(as, port, at, &r)
                        : address_space_ldl(as, port, at, &r);
        break;
    case FAM_LE:
        v = size == 1   ? address_space_ldub(as, port, at, &r)
            : size == 2 ? address_space_lduw_le(as, port, at, &r)
                        : address_space_ldl_le(as, port, at, &r);
        break;
    case FAM_BE:
        v = size == 1   ? address_space_ldub(as, port, at, &r)
            : size == 2 ? bswap16(address_space_lduw_be(as, port, at, &r))
                        : bswap32(address_space_ldl_be(as, port, at, &r));
        break;
    default: {
        uint8_t buf[4] = {0xaa, 0xaa, 0xaa, 0xaa};
        r = address_space_rw(as, port, at, buf, size, false);
        for (unsigned i = 0; i < size; i++) {
            v |= (uint32_t)buf[i] << (8 * i);
        }
        break;
    }
    }
    assert_int_equal(r, MEMTX_OK);
    return v;
}

/* ---- QEMU's sequence, one write and the register it must leave ---- */

typedef struct Step {
    unsigned size;
    unsigned offset;
    uint32_t value;
    uint32_t expect; /* the register read as one little-endian word */
} Step;

static const Step steps[] = {
    {4, 0, 0x87654321, 0x87654321}, {2, 2, 0x8866, 0x88664321},
    {2, 0, 0x4422, 0x88664422},     {1, 3, 0x87, 0x87664422},
    {1, 2, 0x65, 0x87654422},       {1, 1, 0x43, 0x87654322},
    {1, 0, 0x21, 0x87654321},
};

static void check_reads(Family f, hwaddr base, uint32_t expect, int step)
{
    static const struct {
        unsigned size, offset;
    } reads[] = {{4, 0}, {2, 2}, {2, 0}, {1, 3}, {1, 2}, {1, 1}, {1, 0}};
    for (unsigned i = 0; i < ARRAY_SIZE(reads); i++) {
        unsigned sz = reads[i].size, off = reads[i].offset;
        uint32_t want = (uint32_t)((expect >> (8 * off)) & size_mask(sz));
        uint32_t got = io_read(f, base + off, sz);
        if (got != want) {
            fail_msg("%s device on %s, %s, step %d: %u-byte read at 0x%x "
                     "gave 0x%x, expected 0x%x",
                     dev.variant,
                     bus_as == &address_space_io ? "I/O" : "memory",
                     family_name[f], step, sz, (unsigned)(base + off),
                     (unsigned)got, (unsigned)want);
        }
    }
}

static void run_sequence(hwaddr wbase, hwaddr rbase)
{
    for (int f = 0; f < FAM_COUNT; f++) {
        dev.reg = 0;
        for (unsigned s = 0; s < ARRAY_SIZE(steps); s++) {
            io_write(f, wbase + steps[s].offset, steps[s].value, steps[s].size);
            check_reads(f, rbase, steps[s].expect, (int)s);
        }
    }
}

static void test_plain(void **state)
{
    (void)state;
    run_sequence(PORT_WORD, PORT_WORD);
}

static void test_split(void **state)
{
    (void)state;
    run_sequence(PORT_BYTE, PORT_WORD);
}

static void test_combine(void **state)
{
    (void)state;
    run_sequence(PORT_WORD, PORT_BYTE);
}

static void test_bytes(void **state)
{
    (void)state;
    run_sequence(PORT_BYTE, PORT_BYTE);
}

/* ---- What the callbacks see (statements 13 and 15) ---- */

static void expect_calls(const Call *want, int n)
{
    assert_int_equal(dev.ncalls, n);
    for (int i = 0; i < n; i++) {
        assert_int_equal(dev.calls[i].is_write, want[i].is_write);
        assert_int_equal(dev.calls[i].addr, want[i].addr);
        assert_int_equal(dev.calls[i].data, want[i].data);
        assert_int_equal(dev.calls[i].size, want[i].size);
    }
    dev.ncalls = 0;
}

static void test_calls_le(void **state)
{
    (void)state;
    AddressSpace *as = bus_as;
    MemTxAttrs at = MEMTXATTRS_UNSPECIFIED;

    dev.ncalls = 0;
    address_space_stl_le(as, PORT_BYTE, 0x87654321, at, NULL);
    expect_calls((const Call[]){{true, 0, 0x21, 1},
                                {true, 1, 0x43, 1},
                                {true, 2, 0x65, 1},
                                {true, 3, 0x87, 1}},
                 4);
    /* A big-endian access to a little-endian device is swapped first. */
    address_space_stl_be(as, PORT_BYTE, 0x87654321, at, NULL);
    expect_calls((const Call[]){{true, 0, 0x87, 1},
                                {true, 1, 0x65, 1},
                                {true, 2, 0x43, 1},
                                {true, 3, 0x21, 1}},
                 4);
    address_space_stw(as, PORT_BYTE + 2, 0x8866, at, NULL);
    expect_calls((const Call[]){{true, 2, 0x66, 1}, {true, 3, 0x88, 1}}, 2);

    address_space_stl(as, PORT_WORD, 0x87654321, at, NULL);
    expect_calls((const Call[]){{true, 0, 0x87654321, 4}}, 1);
    assert_int_equal(address_space_ldl(as, PORT_BYTE, at, NULL), 0x87654321);
    expect_calls((const Call[]){{false, 0, 0x21, 1},
                                {false, 1, 0x43, 1},
                                {false, 2, 0x65, 1},
                                {false, 3, 0x87, 1}},
                 4);
    /* Default impl sizes: one callback of the access's own size. */
    assert_int_equal(address_space_ldub(as, PORT_WORD + 3, at, NULL), 0x87);
    expect_calls((const Call[]){{false, 3, 0x87, 1}}, 1);
    assert_int_equal(address_space_lduw(as, PORT_WORD + 2, at, NULL), 0x8765);
    expect_calls((const Call[]){{false, 2, 0x8765, 2}}, 1);
}

static void test_calls_be(void **state)
{
    (void)state;
    AddressSpace *as = bus_as;
    MemTxAttrs at = MEMTXATTRS_UNSPECIFIED;

    dev.ncalls = 0;
    /* Statement 13's example: the lowest address is most significant. */
    address_space_stl_be(as, PORT_BYTE, 0x87654321, at, NULL);
    expect_calls((const Call[]){{true, 0, 0x87, 1},
                                {true, 1, 0x65, 1},
                                {true, 2, 0x43, 1},
                                {true, 3, 0x21, 1}},
                 4);
    /* A little-endian access is swapped before splitting. */
    address_space_stl_le(as, PORT_BYTE, 0x87654321, at, NULL);
    expect_calls((const Call[]){{true, 0, 0x21, 1},
                                {true, 1, 0x43, 1},
                                {true, 2, 0x65, 1},
                                {true, 3, 0x87, 1}},
                 4);
    address_space_stl_le(as, PORT_WORD, 0x87654321, at, NULL);
    expect_calls((const Call[]){{true, 0, 0x21436587, 4}}, 1);
    address_space_stl_be(as, PORT_WORD, 0x87654321, at, NULL);
    expect_calls((const Call[]){{true, 0, 0x87654321, 4}}, 1);
    /* Reads combine big-endian, then swap for the little-endian access. */
    assert_int_equal(address_space_ldl_le(as, PORT_BYTE, at, NULL), 0x21436587);
    expect_calls((const Call[]){{false, 0, 0x87, 1},
                                {false, 1, 0x65, 1},
                                {false, 2, 0x43, 1},
                                {false, 3, 0x21, 1}},
                 4);
    assert_int_equal(address_space_ldl_be(as, PORT_BYTE, at, NULL), 0x87654321);
    dev.ncalls = 0;
    assert_int_equal(address_space_lduw_be(as, PORT_WORD + 2, at, NULL),
                     0x4321);
    expect_calls((const Call[]){{false, 2, 0x4321, 2}}, 1);
}

/* Statement 11: invalid accesses make no callback; statement 34: free
 * ports read as all ones. */
static void test_invalid_and_free(void **state)
{
    (void)state;
    AddressSpace *as = bus_as;
    MemTxAttrs at = MEMTXATTRS_UNSPECIFIED;
    MemTxResult r;

    dev.reg = 0x87654321;
    dev.ncalls = 0;
    r = MEMTX_OK;
    assert_int_equal(address_space_ldl(as, PORT_WORD + 1, at, &r), 0);
    assert_int_equal(r, MEMTX_DECODE_ERROR);
    r = MEMTX_OK;
    assert_int_equal(address_space_lduw(as, PORT_BYTE + 1, at, &r), 0);
    assert_int_equal(r, MEMTX_DECODE_ERROR);
    r = MEMTX_OK;
    address_space_stw(as, PORT_BYTE + 3, 0x1234, at, &r);
    assert_int_equal(r, MEMTX_DECODE_ERROR);
    assert_int_equal(dev.ncalls, 0);
    assert_int_equal(dev.reg, 0x87654321);

    /* I/O: unclaimed ports read all ones, OK (statement 34); memory:
     * unassigned reads zero with a decode error (statement 20). */
    bool io = bus_as == &address_space_io;
    MemTxResult want_r = io ? MEMTX_OK : MEMTX_DECODE_ERROR;
    r = 0xdead;
    assert_int_equal(address_space_ldub(as, PORT_FREE, at, &r), io ? 0xff : 0);
    assert_int_equal(r, want_r);
    assert_int_equal(address_space_lduw(as, PORT_FREE, at, &r),
                     io ? 0xffff : 0);
    assert_int_equal(r, want_r);
    assert_int_equal(address_space_ldl(as, PORT_FREE, at, &r),
                     io ? 0xffffffff : 0);
    assert_int_equal(r, want_r);
    address_space_stl(as, PORT_FREE, 0, at, &r);
    assert_int_equal(r, want_r);
    assert_int_equal(dev.ncalls, 0);
}

#define VARIANT(setup)                                                         \
    cmocka_unit_test_setup_teardown(test_plain, setup, teardown_device),       \
        cmocka_unit_test_setup_teardown(test_split, setup, teardown_device),   \
        cmocka_unit_test_setup_teardown(test_combine, setup, teardown_device), \
        cmocka_unit_test_setup_teardown(test_bytes, setup, teardown_device),   \
        cmocka_unit_test_setup_teardown(test_invalid_and_free, setup,          \
                                        teardown_device)

int main(void)
{
    const struct CMUnitTest tests[] = {
        VARIANT(setup_le),
        VARIANT(setup_be),
        VARIANT(setup_native),
        VARIANT(setup_le_mmio),
        VARIANT(setup_be_mmio),
        VARIANT(setup_native_mmio),
        cmocka_unit_test_setup_teardown(test_calls_le, setup_le,
                                        teardown_device),
        cmocka_unit_test_setup_teardown(test_calls_be, setup_be,
                                        teardown_device),
        cmocka_unit_test_setup_teardown(test_calls_le, setup_native,
                                        teardown_device),
        cmocka_unit_test_setup_teardown(test_calls_be, setup_be_mmio,
                                        teardown_device),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
