/* i8254 PIT through ports 0x40-0x43 and 0x61, timed by the virtual
 * clock (1 ns per instruction). */
#include "hw-test.h"

static PITState pit;
static PCSpkState spk;
static IrqProbe irq0;

/* First virtual ns at which n PIT ticks have elapsed since t0. */
static int64_t at_ticks(int64_t t0, uint64_t n)
{
    int64_t t = (int64_t)muldiv64(n, NANOSECONDS_PER_SECOND, PIT_FREQ);
    while (muldiv64((uint64_t)t, PIT_FREQ, NANOSECONDS_PER_SECOND) < n) {
        t++;
    }
    return t0 + t;
}

static int setup(void **state)
{
    (void)state;
    hwt_reset();
    pit_init(&pit, get_system_io(), 0x40, irq_probe_init(&irq0));
    pcspk_init(&spk, get_system_io(), 0x61, &pit);
    qemu_clock_warp(1000); /* start away from 0 */
    return 0;
}

static void load(int ch, uint16_t count)
{
    outb(0x40 + ch, count & 0xff);
    outb(0x40 + ch, count >> 8);
}

static uint16_t read_latched(int ch)
{
    outb(0x43, (uint8_t)(ch << 6)); /* counter latch */
    uint8_t lo = inb(0x40 + ch);
    return (uint16_t)(lo | inb(0x40 + ch) << 8);
}

static uint8_t read_status(int ch)
{
    outb(0x43, (uint8_t)(0xe0 | (2 << ch))); /* read-back: status only */
    return inb(0x40 + ch);
}

static void test_mode0_interrupt_on_terminal_count(void **state)
{
    int64_t t0;
    (void)state;

    outb(0x43, 0x30); /* ch0, lo/hi, mode 0 */
    assert_int_equal(irq0.level, 0);
    /* Null count until the count is written. */
    assert_int_equal(read_status(0), 0x70);
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    load(0, 1000);
    assert_int_equal(read_status(0), 0x30);
    hwt_run_until(at_ticks(t0, 500));
    assert_int_equal(read_latched(0), 500);
    hwt_run_until(at_ticks(t0, 1000) - 1);
    assert_int_equal(irq0.level, 0);
    hwt_run_until(at_ticks(t0, 1000));
    assert_int_equal(irq0.level, 1);
    assert_int_equal(irq0.rises, 2); /* once at reset (mode 3), once now */
    assert_int_equal(read_status(0), 0xb0);
    /* One shot: the counter wraps but OUT stays high, no timer left. */
    hwt_run_until(at_ticks(t0, 70000));
    assert_int_equal(irq0.level, 1);
    assert_int_equal(qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL), -1);
    /* Reloading restarts the count and drops OUT. */
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    load(0, 10);
    assert_int_equal(irq0.level, 0);
    hwt_run_until(at_ticks(t0, 10));
    assert_int_equal(irq0.level, 1);
}

static void test_mode2_rate_generator(void **state)
{
    int64_t t0;
    int rises;
    (void)state;

    outb(0x43, 0x34); /* ch0, lo/hi, mode 2 */
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    load(0, 100);
    rises = irq0.rises;
    hwt_run_until(at_ticks(t0, 30));
    assert_int_equal(read_latched(0), 70);
    hwt_run_until(at_ticks(t0, 99));
    assert_int_equal(irq0.level, 0); /* low for the last clock */
    hwt_run_until(at_ticks(t0, 100));
    assert_int_equal(irq0.level, 1);
    hwt_run_until(at_ticks(t0, 1000));
    assert_int_equal(irq0.rises - rises, 10);
    assert_int_equal(read_latched(0), 100); /* reloaded */
    /* A new count restarts the period. */
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    load(0, 50);
    rises = irq0.rises;
    hwt_run_until(at_ticks(t0, 500));
    assert_int_equal(irq0.rises - rises, 10);
}

static void test_mode3_square_wave(void **state)
{
    int64_t t0;
    int rises;
    (void)state;

    outb(0x43, 0x36); /* ch0, lo/hi, mode 3 */
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    load(0, 100);
    rises = irq0.rises;
    hwt_run_until(at_ticks(t0, 25));
    assert_int_equal(read_status(0) & 0x80, 0x80);
    assert_int_equal(read_latched(0), 50); /* counts down by two */
    hwt_run_until(at_ticks(t0, 75));
    assert_int_equal(read_status(0) & 0x80, 0x00);
    assert_int_equal(irq0.level, 0);
    hwt_run_until(at_ticks(t0, 1000));
    assert_int_equal(irq0.rises - rises, 10);
    assert_int_equal(irq0.level, 1);
    /* Odd count: high for (n+1)/2, low for (n-1)/2. */
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    load(0, 5);
    hwt_run_until(at_ticks(t0, 2));
    assert_int_equal(irq0.level, 1);
    hwt_run_until(at_ticks(t0, 3));
    assert_int_equal(irq0.level, 0);
    hwt_run_until(at_ticks(t0, 5));
    assert_int_equal(irq0.level, 1);
}

static void test_mode4_software_strobe(void **state)
{
    int64_t t0;
    int rises;
    (void)state;

    outb(0x43, 0x38); /* ch0, lo/hi, mode 4 */
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    load(0, 20);
    rises = irq0.rises;
    assert_int_equal(irq0.level, 1);
    hwt_run_until(at_ticks(t0, 19));
    assert_int_equal(irq0.level, 1);
    hwt_run_until(at_ticks(t0, 20));
    assert_int_equal(irq0.level, 0);
    hwt_run_until(at_ticks(t0, 21));
    assert_int_equal(irq0.level, 1);
    assert_int_equal(irq0.rises - rises, 1);
    hwt_run_until(at_ticks(t0, 5000));
    assert_int_equal(irq0.rises - rises, 1); /* once only */
}

static void test_channel2_gate_port61(void **state)
{
    int64_t t0;
    (void)state;

    /* The classic calibration loop: gate on, mode 0, poll OUT (bit 5). */
    assert_int_equal(inb(0x61) & 0x01, 0); /* gate 2 off at reset */
    outb(0x61, 0x01);
    outb(0x43, 0xb0); /* ch2, lo/hi, mode 0 */
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    load(2, 1193); /* ~1 ms */
    int polls = 0;
    while (!(inb(0x61) & 0x20)) {
        icount_advance(100); /* the guest's polling loop */
        polls++;
        assert_true(polls < 100000);
    }
    int64_t dt = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - t0;
    assert_true(dt >= 999800 && dt <= 1000000);

    /* Refresh bit toggles on every read; speaker bit reads back. */
    uint8_t a = inb(0x61), b = inb(0x61);
    assert_int_equal((a ^ b) & 0x10, 0x10);
    outb(0x61, 0x03);
    assert_int_equal(inb(0x61) & 0x03, 0x03);

    /* Mode 1: one-shot started by a gate rising edge. */
    outb(0x61, 0x00);
    outb(0x43, 0xb2); /* ch2, lo/hi, mode 1 */
    load(2, 100);
    assert_int_equal(inb(0x61) & 0x20, 0x20); /* high until triggered */
    icount_advance(1000000);
    assert_int_equal(inb(0x61) & 0x20, 0x20); /* no trigger: no count */
    outb(0x61, 0x01);
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    assert_int_equal(inb(0x61) & 0x20, 0x00);
    qemu_clock_warp(at_ticks(t0, 50));
    assert_int_equal(read_latched(2), 50);
    qemu_clock_warp(at_ticks(t0, 100));
    assert_int_equal(inb(0x61) & 0x20, 0x20);
    /* Retrigger. */
    outb(0x61, 0x00);
    outb(0x61, 0x01);
    assert_int_equal(inb(0x61) & 0x20, 0x00);

    /* Mode 2 with the gate low holds OUT high and stops counting. */
    outb(0x61, 0x00);
    outb(0x43, 0xb4);
    load(2, 10);
    assert_int_equal(read_latched(2), 10);
    icount_advance(100000);
    assert_int_equal(read_latched(2), 10);
    outb(0x61, 0x01);
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    qemu_clock_warp(at_ticks(t0, 4));
    assert_int_equal(read_latched(2), 6);
}

static void test_mode5_hardware_strobe(void **state)
{
    int64_t t0;
    (void)state;

    outb(0x43, 0xba); /* ch2, lo/hi, mode 5 */
    load(2, 10);
    outb(0x61, 0x01);
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    qemu_clock_warp(at_ticks(t0, 9));
    assert_int_equal(inb(0x61) & 0x20, 0x20);
    qemu_clock_warp(at_ticks(t0, 10));
    assert_int_equal(inb(0x61) & 0x20, 0x00);
    qemu_clock_warp(at_ticks(t0, 11));
    assert_int_equal(inb(0x61) & 0x20, 0x20);
}

static void test_latch_and_readback(void **state)
{
    int64_t t0;
    (void)state;

    outb(0x43, 0x74); /* ch1, lo/hi, mode 2 */
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    load(1, 1000);
    qemu_clock_warp(at_ticks(t0, 10));
    outb(0x43, 0x40); /* latch ch1 */
    qemu_clock_warp(at_ticks(t0, 300));
    outb(0x43, 0x40); /* a second latch is ignored until read */
    assert_int_equal(inb(0x41), 990 & 0xff);
    assert_int_equal(inb(0x41), 990 >> 8);
    /* Unlatched reads follow the counter. */
    assert_int_equal(inb(0x41) | inb(0x41) << 8, 700);

    /* Read-back of count and status together: status first. */
    outb(0x43, 0xc4); /* ch1, count and status */
    qemu_clock_warp(at_ticks(t0, 400));
    assert_int_equal(inb(0x41), 0x80 | 0x34);
    assert_int_equal(inb(0x41), 700 & 0xff);
    assert_int_equal(inb(0x41), 700 >> 8);

    /* LSB-only and MSB-only access modes. */
    outb(0x43, 0x50); /* ch1, LSB only, mode 0 */
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    outb(0x41, 200);
    qemu_clock_warp(at_ticks(t0, 50));
    assert_int_equal(inb(0x41), 150);
    assert_int_equal(inb(0x41), 150); /* each read is the LSB */
    outb(0x43, 0x60);                 /* ch1, MSB only, mode 0 */
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    outb(0x41, 0x02); /* count 0x200 */
    qemu_clock_warp(at_ticks(t0, 0x100));
    assert_int_equal(inb(0x41), 0x01);
    assert_int_equal(inb(0x43), 0); /* control port is write-only */
}

static void test_bcd(void **state)
{
    int64_t t0;
    (void)state;

    outb(0x43, 0x71); /* ch1, lo/hi, mode 0, BCD */
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    load(1, 0x1000);
    qemu_clock_warp(at_ticks(t0, 1));
    assert_int_equal(read_latched(1), 0x0999);
    assert_int_equal(read_status(1) & 0x0f, 0x01);
    /* Count 0 in BCD is 10000; wraps to 9999 after the terminal count. */
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    load(1, 0);
    qemu_clock_warp(at_ticks(t0, 1));
    assert_int_equal(read_latched(1), 0x9999);
    qemu_clock_warp(at_ticks(t0, 10001));
    assert_int_equal(read_latched(1), 0x9999);
}

static void test_reset_count_zero_is_65536(void **state)
{
    int64_t t0;
    int rises;
    (void)state;

    outb(0x43, 0x34);
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    load(0, 0);
    rises = irq0.rises;
    hwt_run_until(at_ticks(t0, 65535));
    assert_int_equal(irq0.rises - rises, 0);
    hwt_run_until(at_ticks(t0, 65536));
    assert_int_equal(irq0.rises - rises, 1);
    /* About 18.2 Hz: 18 interrupts in one second. */
    hwt_run_until(t0 + NANOSECONDS_PER_SECOND);
    assert_int_equal(irq0.rises - rises, 18);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_mode0_interrupt_on_terminal_count,
                                        setup, NULL),
        cmocka_unit_test_setup_teardown(test_mode2_rate_generator, setup, NULL),
        cmocka_unit_test_setup_teardown(test_mode3_square_wave, setup, NULL),
        cmocka_unit_test_setup_teardown(test_mode4_software_strobe, setup,
                                        NULL),
        cmocka_unit_test_setup_teardown(test_channel2_gate_port61, setup, NULL),
        cmocka_unit_test_setup_teardown(test_mode5_hardware_strobe, setup,
                                        NULL),
        cmocka_unit_test_setup_teardown(test_latch_and_readback, setup, NULL),
        cmocka_unit_test_setup_teardown(test_bcd, setup, NULL),
        cmocka_unit_test_setup_teardown(test_reset_count_zero_is_65536, setup,
                                        NULL),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
