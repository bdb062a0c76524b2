/* MC146818 RTC through ports 0x70/0x71 with a fixed epoch. */
#include "hw-test.h"

static RTCState rtc;
static IrqProbe irq8;

/* 2024-02-29 23:59:58 UTC, a Thursday. */
#define EPOCH 1709251198LL

static uint8_t cmos_read(uint8_t idx)
{
    outb(0x70, idx);
    return inb(0x71);
}

static void cmos_write(uint8_t idx, uint8_t v)
{
    outb(0x70, idx);
    outb(0x71, v);
}

static int setup(void **state)
{
    (void)state;
    hwt_reset();
    rtc_init(&rtc, get_system_io(), 0x70, irq_probe_init(&irq8), NULL, NULL,
             EPOCH);
    return 0;
}

static void test_bcd_24h(void **state)
{
    (void)state;
    assert_int_equal(cmos_read(RTC_REG_B), REG_B_24H);
    assert_int_equal(cmos_read(RTC_SECONDS), 0x58);
    assert_int_equal(cmos_read(RTC_MINUTES), 0x59);
    assert_int_equal(cmos_read(RTC_HOURS), 0x23);
    assert_int_equal(cmos_read(RTC_DAY_OF_WEEK), 5); /* Thursday */
    assert_int_equal(cmos_read(RTC_DAY_OF_MONTH), 0x29);
    assert_int_equal(cmos_read(RTC_MONTH), 0x02);
    assert_int_equal(cmos_read(RTC_YEAR), 0x24);
    assert_int_equal(cmos_read(RTC_CENTURY), 0x20);
    assert_int_equal(cmos_read(RTC_REG_D), 0x80);
    /* Two seconds later: leap day rolls over into March. */
    hwt_run_for(2 * NANOSECONDS_PER_SECOND);
    assert_int_equal(cmos_read(RTC_SECONDS), 0x00);
    assert_int_equal(cmos_read(RTC_HOURS), 0x00);
    assert_int_equal(cmos_read(RTC_DAY_OF_MONTH), 0x01);
    assert_int_equal(cmos_read(RTC_MONTH), 0x03);
    assert_int_equal(cmos_read(RTC_DAY_OF_WEEK), 6);
    assert_int_equal(rtc_get_time(&rtc), EPOCH + 2);
}

static void set_time_bcd(uint8_t cent, uint8_t year, uint8_t mon, uint8_t day,
                         uint8_t h, uint8_t m, uint8_t sec)
{
    cmos_write(RTC_REG_B, REG_B_24H | REG_B_SET);
    cmos_write(RTC_CENTURY, cent);
    cmos_write(RTC_YEAR, year);
    cmos_write(RTC_MONTH, mon);
    cmos_write(RTC_DAY_OF_MONTH, day);
    cmos_write(RTC_HOURS, h);
    cmos_write(RTC_MINUTES, m);
    cmos_write(RTC_SECONDS, sec);
    cmos_write(RTC_REG_B, REG_B_24H);
}

static uint8_t bcd(unsigned v)
{
    return (uint8_t)((v / 10) << 4 | (v % 10));
}

/* Every century BCD can hold, 00xx to 99xx (issue 17.3: from 2262 on,
 * seconds * 1e9 overflowed and 2262 read back as 1777). */
static void test_every_century(void **state)
{
    (void)state;
    for (unsigned c = 0; c < 100; c++) {
        set_time_bcd(bcd(c), 0x62, 0x06, 0x15, 0x12, 0x00, 0x00);
        hwt_run_for(NANOSECONDS_PER_SECOND);
        assert_int_equal(cmos_read(RTC_CENTURY), bcd(c));
        assert_int_equal(cmos_read(RTC_YEAR), 0x62);
        assert_int_equal(cmos_read(RTC_MONTH), 0x06);
        assert_int_equal(cmos_read(RTC_DAY_OF_MONTH), 0x15);
        assert_int_equal(cmos_read(RTC_HOURS), 0x12);
        assert_int_equal(cmos_read(RTC_SECONDS), 0x01);
        if (c == 99) {
            break; /* year 10000 has no BCD century */
        }
        /* The last second of the century rolls into the next one. */
        set_time_bcd(bcd(c), 0x99, 0x12, 0x31, 0x23, 0x59, 0x59);
        hwt_run_for(NANOSECONDS_PER_SECOND);
        assert_int_equal(cmos_read(RTC_CENTURY), bcd(c + 1));
        assert_int_equal(cmos_read(RTC_YEAR), 0x00);
        assert_int_equal(cmos_read(RTC_MONTH), 0x01);
        assert_int_equal(cmos_read(RTC_DAY_OF_MONTH), 0x01);
        assert_int_equal(cmos_read(RTC_HOURS), 0x00);
        assert_int_equal(cmos_read(RTC_SECONDS), 0x00);
    }
    /* Past the old overflow through rtc_set_time too. */
    rtc_set_time(&rtc, 9225000000LL); /* 2262-04-30 */
    assert_int_equal(cmos_read(RTC_CENTURY), 0x22);
    assert_int_equal(cmos_read(RTC_YEAR), 0x62);
    assert_int_equal(rtc_get_time(&rtc), 9225000000LL);
}

static void test_binary_12h(void **state)
{
    (void)state;
    cmos_write(RTC_REG_B, REG_B_DM); /* binary, 12 hour */
    assert_int_equal(cmos_read(RTC_SECONDS), 58);
    assert_int_equal(cmos_read(RTC_HOURS), 0x80 | 11); /* 11 PM */
    assert_int_equal(cmos_read(RTC_DAY_OF_MONTH), 29);
    assert_int_equal(cmos_read(RTC_YEAR), 24);
    hwt_run_for(2 * NANOSECONDS_PER_SECOND);
    assert_int_equal(cmos_read(RTC_HOURS), 12); /* 12 AM */
    cmos_write(RTC_REG_B, 0);                   /* BCD, 12 hour */
    assert_int_equal(cmos_read(RTC_HOURS), 0x12);
    /* Setting 1 PM in 12 h BCD mode, read back in 24 h binary. */
    cmos_write(RTC_HOURS, 0x81);
    cmos_write(RTC_REG_B, REG_B_24H | REG_B_DM);
    assert_int_equal(cmos_read(RTC_HOURS), 13);
}

static void test_set_mode_and_write(void **state)
{
    (void)state;
    cmos_write(RTC_REG_B, REG_B_SET | REG_B_24H | REG_B_UIE);
    assert_int_equal(cmos_read(RTC_REG_B) & REG_B_UIE, 0); /* SET clears */
    cmos_write(RTC_SECONDS, 0x30);
    cmos_write(RTC_MINUTES, 0x15);
    cmos_write(RTC_HOURS, 0x10);
    cmos_write(RTC_DAY_OF_MONTH, 0x31);
    cmos_write(RTC_MONTH, 0x12);
    cmos_write(RTC_YEAR, 0x99);
    cmos_write(RTC_CENTURY, 0x19);
    /* Frozen while SET. */
    hwt_run_for(5 * NANOSECONDS_PER_SECOND);
    assert_int_equal(cmos_read(RTC_SECONDS), 0x30);
    assert_int_equal(cmos_read(RTC_REG_A) & REG_A_UIP, 0);
    cmos_write(RTC_REG_B, REG_B_24H);
    hwt_run_for(3 * NANOSECONDS_PER_SECOND);
    assert_int_equal(cmos_read(RTC_SECONDS), 0x33);
    assert_int_equal(rtc_get_time(&rtc), 946635333LL); /* 1999-12-31 */
    /* Writing one field while running keeps the others. */
    cmos_write(RTC_MINUTES, 0x45);
    assert_int_equal(cmos_read(RTC_MINUTES), 0x45);
    assert_int_equal(cmos_read(RTC_SECONDS), 0x33);
    assert_int_equal(cmos_read(RTC_HOURS), 0x10);
}

static void test_update_in_progress(void **state)
{
    int64_t t = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    (void)state;

    /* The epoch starts on a second boundary: UIP in [1s-244us, 1s). */
    qemu_clock_warp(t + NANOSECONDS_PER_SECOND - 245000);
    assert_int_equal(cmos_read(RTC_REG_A), 0x26);
    qemu_clock_warp(t + NANOSECONDS_PER_SECOND - 244000);
    assert_int_equal(cmos_read(RTC_REG_A), 0x26 | REG_A_UIP);
    assert_int_equal(cmos_read(RTC_SECONDS), 0x58);
    qemu_clock_warp(t + NANOSECONDS_PER_SECOND);
    assert_int_equal(cmos_read(RTC_REG_A), 0x26);
    assert_int_equal(cmos_read(RTC_SECONDS), 0x59);
    /* A stopped divider stops the clock and UIP. */
    cmos_write(RTC_REG_A, 0x76);
    qemu_clock_warp(t + 3 * NANOSECONDS_PER_SECOND - 1000);
    assert_int_equal(cmos_read(RTC_REG_A), 0x76);
    assert_int_equal(cmos_read(RTC_SECONDS), 0x59);
}

static void test_update_interrupt(void **state)
{
    (void)state;
    cmos_write(RTC_REG_B, REG_B_24H | REG_B_UIE);
    hwt_run_for(NANOSECONDS_PER_SECOND / 2);
    assert_int_equal(irq8.level, 0);
    hwt_run_for(NANOSECONDS_PER_SECOND / 2);
    assert_int_equal(irq8.level, 1);
    /* PF is set too (1024 Hz default rate), but PIE is off. */
    assert_int_equal(cmos_read(RTC_REG_C) & ~REG_C_PF, REG_C_IRQF | REG_C_UF);
    assert_int_equal(irq8.level, 0);
    assert_int_equal(cmos_read(RTC_REG_C) & ~REG_C_PF, 0);
    hwt_run_for(3 * NANOSECONDS_PER_SECOND);
    assert_int_equal(irq8.rises, 2); /* level held until C is read */
    /* Without UIE the flag is still set, but no interrupt. */
    cmos_write(RTC_REG_B, REG_B_24H);
    cmos_read(RTC_REG_C);
    hwt_run_for(NANOSECONDS_PER_SECOND);
    assert_int_equal(cmos_read(RTC_REG_C) & ~REG_C_PF, REG_C_UF);
    assert_int_equal(irq8.level, 0);
}

static void test_alarm(void **state)
{
    (void)state;
    /* Alarm at 00:00:05 (BCD), then every minute at :30 via don't-care. */
    cmos_write(RTC_SECONDS_ALARM, 0x05);
    cmos_write(RTC_MINUTES_ALARM, 0x00);
    cmos_write(RTC_HOURS_ALARM, 0x00);
    cmos_write(RTC_REG_B, REG_B_24H | REG_B_AIE);
    hwt_run_for(6 * NANOSECONDS_PER_SECOND); /* 00:00:04 */
    assert_int_equal(irq8.level, 0);
    hwt_run_for(NANOSECONDS_PER_SECOND);
    assert_int_equal(irq8.level, 1);
    assert_int_equal(cmos_read(RTC_REG_C) & (REG_C_IRQF | REG_C_AF),
                     REG_C_IRQF | REG_C_AF);
    cmos_write(RTC_SECONDS_ALARM, 0x30);
    cmos_write(RTC_MINUTES_ALARM, 0xc0);
    cmos_write(RTC_HOURS_ALARM, 0xff);
    hwt_run_for(24 * NANOSECONDS_PER_SECOND); /* 00:00:29 */
    assert_int_equal(irq8.level, 0);
    hwt_run_for(NANOSECONDS_PER_SECOND);
    assert_int_equal(irq8.level, 1);
    cmos_read(RTC_REG_C);
    hwt_run_for(60 * NANOSECONDS_PER_SECOND);
    assert_int_equal(irq8.rises, 3);
}

static void test_periodic_rate(void **state)
{
    int rises;
    (void)state;

    /* Rate 6 = 1024 Hz (the default), PIE on. */
    cmos_write(RTC_REG_B, REG_B_24H | REG_B_PIE);
    rises = 0;
    for (int i = 0; i < 1024; i++) {
        int64_t before = irq8.rises;
        hwt_run_for(NANOSECONDS_PER_SECOND / 1024);
        if (irq8.rises != before) {
            rises++;
            assert_int_equal(cmos_read(RTC_REG_C), REG_C_IRQF | REG_C_PF);
        }
    }
    assert_true(rises >= 1023 && rises <= 1024);
    /* Rate 15 = 2 Hz. */
    cmos_write(RTC_REG_A, 0x2f);
    cmos_read(RTC_REG_C);
    irq8.rises = 0;
    for (int i = 0; i < 8; i++) {
        hwt_run_for(NANOSECONDS_PER_SECOND / 4);
        cmos_read(RTC_REG_C);
    }
    assert_int_equal(irq8.rises, 4);
    /* Rate 3 = 8192 Hz: flag only, polled, no interrupt without PIE. */
    cmos_write(RTC_REG_B, REG_B_24H);
    cmos_write(RTC_REG_A, 0x23);
    cmos_read(RTC_REG_C);
    hwt_run_for(NANOSECONDS_PER_SECOND / 8192 + 1);
    assert_int_equal(cmos_read(RTC_REG_C) & REG_C_PF, REG_C_PF);
    assert_int_equal(irq8.level, 0);
    /* PF set and PIE off: no timer keeps running for it. */
    hwt_run_for(NANOSECONDS_PER_SECOND / 8192 + 1);
    assert_false(timer_pending(&rtc.periodic_timer));
    /* Rate 0 stops it. */
    cmos_write(RTC_REG_A, 0x20);
    cmos_read(RTC_REG_C);
    hwt_run_for(NANOSECONDS_PER_SECOND / 100);
    assert_int_equal(cmos_read(RTC_REG_C) & REG_C_PF, 0);
}

static void test_nvram_and_memory_size(void **state)
{
    (void)state;
    cmos_write(0x40, 0xa5);
    assert_int_equal(cmos_read(0x40), 0xa5);
    cmos_write(0x80 | 0x41, 0x5a); /* NMI bit in the index is ignored */
    assert_int_equal(cmos_read(0x41), 0x5a);
    assert_int_equal(inb(0x70), 0xff);

    rtc_set_memory(&rtc, 0x10, 0x40); /* some floppy byte */
    rtc_set_memory_size(&rtc, 32ull << 20, 1ull << 30);
    assert_int_equal(cmos_read(0x15), 640 & 0xff);
    assert_int_equal(cmos_read(0x16), 640 >> 8);
    assert_int_equal(cmos_read(0x17) | cmos_read(0x18) << 8, 31 * 1024);
    assert_int_equal(cmos_read(0x30) | cmos_read(0x31) << 8, 31 * 1024);
    assert_int_equal(cmos_read(0x34) | cmos_read(0x35) << 8, 16 * 16);
    assert_int_equal(
        cmos_read(0x5b) | cmos_read(0x5c) << 8 | cmos_read(0x5d) << 16, 16384);
    unsigned sum = 0;
    for (int i = 0x10; i <= 0x2d; i++) {
        sum += cmos_read((uint8_t)i);
    }
    assert_int_equal(cmos_read(0x2e) << 8 | cmos_read(0x2f), sum);
    /* Extended memory saturates at 65535 KiB. */
    rtc_set_memory_size(&rtc, 3ull << 30, 0);
    assert_int_equal(cmos_read(0x17) | cmos_read(0x18) << 8, 0xffff);
    assert_int_equal(cmos_read(0x34) | cmos_read(0x35) << 8, (3072 - 16) * 16);
}

static int64_t host_now(void *opaque)
{
    (void)opaque;
    return 0; /* 1970-01-01 */
}

static void test_host_time_source(void **state)
{
    (void)state;
    hwt_reset(); /* a region is added to the I/O space once */
    rtc_init(&rtc, get_system_io(), 0x70, NULL, host_now, NULL, EPOCH);
    assert_int_equal(cmos_read(RTC_YEAR), 0x70);
    assert_int_equal(cmos_read(RTC_CENTURY), 0x19);
    assert_int_equal(cmos_read(RTC_DAY_OF_WEEK), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bcd_24h, setup, NULL),
        cmocka_unit_test_setup_teardown(test_binary_12h, setup, NULL),
        cmocka_unit_test_setup_teardown(test_every_century, setup, NULL),
        cmocka_unit_test_setup_teardown(test_set_mode_and_write, setup, NULL),
        cmocka_unit_test_setup_teardown(test_update_in_progress, setup, NULL),
        cmocka_unit_test_setup_teardown(test_update_interrupt, setup, NULL),
        cmocka_unit_test_setup_teardown(test_alarm, setup, NULL),
        cmocka_unit_test_setup_teardown(test_periodic_rate, setup, NULL),
        cmocka_unit_test_setup_teardown(test_nvram_and_memory_size, setup,
                                        NULL),
        cmocka_unit_test_setup_teardown(test_host_time_source, setup, NULL),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
