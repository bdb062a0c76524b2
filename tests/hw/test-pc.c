/* The wired PC: device interrupts reach the CPU's INTR through the PICs
 * with the vectors the BIOS programs. */
#include "hw-test.h"

static PCISADevices pc;
static IrqProbe intr, a20, reset;
static int exit_status;

static void on_exit_req(void *opaque, int status)
{
    (void)opaque;
    exit_status = status;
}

static int setup(void **state)
{
    PCISAConfig cfg = {
        .cpu_intr = irq_probe_init(&intr),
        .a20 = irq_probe_init(&a20),
        .reset = irq_probe_init(&reset),
        .debug_exit = on_exit_req,
        .rtc_epoch = 1700000000,
        .ram_below_4g = 16 << 20,
        .cpus = 1,
        .dma_as = &address_space_memory,
    };
    (void)state;
    hwt_reset();
    exit_status = -1;
    pc_isa_init(&pc, get_system_io(), &cfg);
    /* The BIOS's PIC setup: vectors 0x08 and 0x70. */
    static const uint8_t m[] = {0x11, 0x08, 0x04, 0x01};
    static const uint8_t s[] = {0x11, 0x70, 0x02, 0x01};
    outb(0x20, m[0]);
    outb(0xa0, s[0]);
    for (int i = 1; i < 4; i++) {
        outb(0x21, m[i]);
        outb(0xa1, s[i]);
    }
    return 0;
}

static void test_timer_interrupt(void **state)
{
    (void)state;
    outb(0x43, 0x34);
    outb(0x40, 0x9c); /* 1193182 / 11932 ~ 100 Hz */
    outb(0x40, 0x2e);
    hwt_run_for(10 * 1000 * 1000);
    assert_int_equal(intr.level, 1);
    assert_int_equal(pic_read_irq(&pc.pic), 0x08);
    outb(0x20, 0x20);
    assert_int_equal(intr.level, 0);
    /* 100 Hz: 100 interrupts in a second when each one is served. */
    int n = 0;
    for (int i = 0; i < 1000; i++) {
        hwt_run_for(1000 * 1000);
        if (intr.level) {
            assert_int_equal(pic_read_irq(&pc.pic), 0x08);
            outb(0x20, 0x20);
            n++;
        }
    }
    assert_int_equal(n, 100);
}

static void test_slave_and_device_irqs(void **state)
{
    (void)state;
    /* RTC periodic interrupt on IRQ8 through the cascade. */
    outb(0x70, 0x0b);
    outb(0x71, 0x42); /* PIE, 24 h */
    hwt_run_for(1000 * 1000);
    assert_int_equal(intr.level, 1);
    assert_int_equal(pic_read_irq(&pc.pic), 0x70);
    outb(0x70, 0x0c);
    inb(0x71);
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
    outb(0x70, 0x0b);
    outb(0x71, 0x02);
    /* COM1 on IRQ4. */
    outb(0x3f9, 0x01);
    serial_receive(&pc.com1, (const uint8_t *)"k", 1);
    assert_int_equal(pic_read_irq(&pc.pic), 0x0c);
    assert_int_equal(inb(0x3f8), 'k');
    outb(0x20, 0x20);
    /* Keyboard on IRQ1 (translated to set 1, as a BIOS leaves it). */
    outb(0x64, 0x60);
    outb(0x60, 0x45);
    i8042_put_char(&pc.kbd, 'q');
    assert_int_equal(pic_read_irq(&pc.pic), 0x09);
    assert_int_equal(inb(0x60), 0x10);
    outb(0x20, 0x20);
}

static void test_a20_reset_exit(void **state)
{
    (void)state;
    outb(0x92, 0x02);
    assert_int_equal(a20.level, 1);
    outb(0x64, 0xfe);
    assert_int_equal(reset.rises, 1);
    outb(0xf4, 0x00);
    assert_int_equal(exit_status, 1);
}

static void test_cmos_and_fw_cfg(void **state)
{
    uint8_t b[8];
    (void)state;
    outb(0x70, 0x34);
    uint8_t lo = inb(0x71);
    outb(0x70, 0x35);
    assert_int_equal(lo | inb(0x71) << 8, 0); /* 16 MiB: none above */
    outb(0x70, 0x30);
    lo = inb(0x71);
    outb(0x70, 0x31);
    assert_int_equal(lo | inb(0x71) << 8, 15 * 1024);
    outw(0x510, FW_CFG_RAM_SIZE);
    for (int i = 0; i < 8; i++) {
        b[i] = inb(0x511);
    }
    assert_true(ldq_le_p(b) == 16 << 20);
    assert_int_not_equal(fw_cfg_file_key(&pc.fw_cfg, "etc/e820"),
                         FW_CFG_INVALID);
    assert_int_equal(inl(0x514), 0x554d4551);
}

static void test_reset(void **state)
{
    (void)state;
    outb(0x21, 0xff);
    outb(0x3fb, 0x83);
    pc_isa_reset(&pc);
    assert_int_equal(inb(0x21), 0x00);
    assert_int_equal(inb(0x3fb), 0x00);
    assert_int_equal(inb(0x64) & 0x01, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_timer_interrupt, setup, NULL),
        cmocka_unit_test_setup_teardown(test_slave_and_device_irqs, setup,
                                        NULL),
        cmocka_unit_test_setup_teardown(test_a20_reset_exit, setup, NULL),
        cmocka_unit_test_setup_teardown(test_cmos_and_fw_cfg, setup, NULL),
        cmocka_unit_test_setup_teardown(test_reset, setup, NULL),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
