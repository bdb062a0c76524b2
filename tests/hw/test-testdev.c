/* QEMU's pc-testdev as kvm-unit-tests use it: the data register at 0xE0
 * (any size, any offset) and 0xE8 (byte by byte, under the debugcon at
 * 0xE9), IRQ lines at 0x2000 + n through the PICs, and memory behind
 * MMIO at 0xFF000000. */
#include "hw-test.h"

static PCISADevices pc;
static PCTestdevState td;
static uint8_t iomem[PC_TESTDEV_IOMEM_SIZE];
static IrqProbe intr, a20, reset;

static int setup(void **state)
{
    PCISAConfig cfg = {
        .cpu_intr = irq_probe_init(&intr),
        .a20 = irq_probe_init(&a20),
        .reset = irq_probe_init(&reset),
        .rtc_epoch = 1700000000,
        .ram_below_4g = 16 << 20,
        .cpus = 1,
    };
    qemu_irq irqs[PC_TESTDEV_IRQS];
    static const uint8_t m[] = {0x11, 0x08, 0x04, 0x01};
    static const uint8_t s[] = {0x11, 0x70, 0x02, 0x01};

    (void)state;
    hwt_reset();
    pc_isa_init(&pc, get_system_io(), &cfg);
    for (int i = 0; i < PC_TESTDEV_IRQS; i++) {
        irqs[i] = pc_isa_irq(&pc, i);
    }
    memset(iomem, 0x5a, sizeof(iomem));
    pc_testdev_init(&td, get_system_io(), get_system_memory(), iomem, irqs);
    for (int i = 0; i < 4; i++) {
        outb(0x20 + (i ? 1 : 0), m[i]);
        outb(0xa0 + (i ? 1 : 0), s[i]);
    }
    return 0;
}

static void test_data_register(void **state)
{
    (void)state;
    assert_int_equal(inl(0xe0), 0);
    outl(0xe0, 0x11223344);
    assert_int_equal(inl(0xe0), 0x11223344);
    assert_int_equal(inb(0xe2), 0x22);
    assert_int_equal(inw(0xe2), 0x1122);
    outb(0xe3, 0xaa);
    outw(0xe0, 0xbeef);
    assert_int_equal(inl(0xe0), 0xaa22beef);
    /* the same register at 0xE8, taken a byte at a time */
    assert_int_equal(inl(0xe8), 0xaa22beef);
    outl(0xe8, 0x01020304);
    assert_int_equal(inl(0xe0), 0x01020304);
    assert_int_equal(inb(0xe8), 0x04);
    assert_int_equal(inb(0xeb), 0x01);
}

static void test_irq_lines(void **state)
{
    (void)state;
    outb(0x21, 0x00); /* unmask the master */
    outb(0x2003, 1);  /* IRQ 3 high */
    assert_int_equal(intr.level, 1);
    assert_int_equal(pic_read_irq(&pc.pic), 0x0b);
    outb(0x2003, 0);
    outb(0x20, 0x20);
    assert_int_equal(intr.level, 0);
    outb(0xa1, 0x00);
    outb(0x200a, 1); /* IRQ 10 through the cascade */
    assert_int_equal(pic_read_irq(&pc.pic), 0x72);
    outb(0x200a, 0);
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
    outb(0x2011, 1); /* GSI 17: no ISA line here, ignored */
    assert_int_equal(intr.level, 0);
}

static void test_iomem(void **state)
{
    AddressSpace *as = &address_space_memory;
    uint64_t q;
    (void)state;
    /* cleared by the device, then read and written at every size */
    assert_int_equal(address_space_ldl(as, PC_TESTDEV_IOMEM_BASE,
                                       MEMTXATTRS_UNSPECIFIED, NULL),
                     0);
    address_space_stl(as, PC_TESTDEV_IOMEM_BASE + 0x100, 0xcafef00d,
                      MEMTXATTRS_UNSPECIFIED, NULL);
    assert_int_equal(iomem[0x100], 0x0d);
    assert_int_equal(iomem[0x103], 0xca);
    assert_int_equal(address_space_lduw(as, PC_TESTDEV_IOMEM_BASE + 0x102,
                                        MEMTXATTRS_UNSPECIFIED, NULL),
                     0xcafe);
    address_space_stq(as, PC_TESTDEV_IOMEM_BASE + 0xfff8, 0x0123456789abcdefull,
                      MEMTXATTRS_UNSPECIFIED, NULL);
    q = address_space_ldq(as, PC_TESTDEV_IOMEM_BASE + 0xfff8,
                          MEMTXATTRS_UNSPECIFIED, NULL);
    assert_true(q == 0x0123456789abcdefull);
    /* just past it: not the device */
    assert_int_not_equal(
        address_space_ldub(as, PC_TESTDEV_IOMEM_BASE + PC_TESTDEV_IOMEM_SIZE,
                           MEMTXATTRS_UNSPECIFIED, NULL),
        0xef);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_data_register, setup),
        cmocka_unit_test_setup(test_irq_lines, setup),
        cmocka_unit_test_setup(test_iomem, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
