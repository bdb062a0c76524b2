/* 16550A UART on COM1 (0x3F8, IRQ4). */
#include "hw-test.h"

#define COM1 0x3f8
#define RBR  0
#define IER  1
#define IIR  2
#define FCR  2
#define LCR  3
#define MCR  4
#define LSR  5
#define MSR  6
#define SCR  7

static SerialState uart;
static IrqProbe irq4;
static uint8_t txbuf[64];
static int ntx;

static void chr_write(void *opaque, const uint8_t *buf, int len)
{
    (void)opaque;
    for (int i = 0; i < len && ntx < (int)sizeof(txbuf); i++) {
        txbuf[ntx++] = buf[i];
    }
}

static int setup(void **state)
{
    (void)state;
    hwt_reset();
    ntx = 0;
    serial_init(&uart, get_system_io(), COM1, irq_probe_init(&irq4), chr_write,
                NULL);
    /* 115200 8N1 */
    outb(COM1 + LCR, 0x80);
    outb(COM1 + 0, 1);
    outb(COM1 + 1, 0);
    outb(COM1 + LCR, 0x03);
    return 0;
}

static void rx(const char *s)
{
    serial_receive(&uart, (const uint8_t *)s, (int)strlen(s));
}

static void test_reset_state_and_scratch(void **state)
{
    (void)state;
    assert_int_equal(inb(COM1 + LSR), 0x60);
    assert_int_equal(inb(COM1 + IIR), 0x01);
    assert_int_equal(inb(COM1 + MSR), 0xb0);
    assert_int_equal(inb(COM1 + LCR), 0x03);
    outb(COM1 + SCR, 0x5a);
    assert_int_equal(inb(COM1 + SCR), 0x5a);
    /* Divisor latch reads back under DLAB. */
    outb(COM1 + LCR, 0x83);
    outb(COM1 + 0, 0x0c);
    assert_int_equal(inb(COM1 + 0), 0x0c);
    assert_int_equal(inb(COM1 + 1), 0x00);
    outb(COM1 + LCR, 0x03);
    assert_int_equal(uart.divider, 12);
    assert_int_equal(uart.char_transmit_time, (1000000000 / 9600) * 10);
}

static void test_transmit(void **state)
{
    (void)state;
    outb(COM1, 'O');
    outb(COM1, 'K');
    assert_int_equal(ntx, 2);
    assert_memory_equal(txbuf, "OK", 2);
    assert_int_equal(inb(COM1 + LSR) & 0x60, 0x60);
}

static void test_loopback(void **state)
{
    (void)state;
    outb(COM1 + MCR, 0x10 | 0x0b); /* loop, OUT2, RTS, DTR */
    outb(COM1, 0xae);
    assert_int_equal(ntx, 0); /* nothing reaches the line */
    assert_int_equal(inb(COM1 + LSR) & 0x01, 0x01);
    assert_int_equal(inb(COM1 + RBR), 0xae);
    assert_int_equal(inb(COM1 + LSR) & 0x01, 0x00);
    /* Modem lines looped: OUT2->DCD, RTS->CTS, DTR->DSR. */
    assert_int_equal(inb(COM1 + MSR), 0x80 | 0x10 | 0x20);
    outb(COM1 + MCR, 0x10 | 0x04); /* OUT1 -> RI */
    assert_int_equal(inb(COM1 + MSR), 0x40);
    /* The outside line is disconnected in loopback. */
    assert_int_equal(serial_can_receive(&uart), 0);
    rx("x");
    assert_int_equal(inb(COM1 + LSR) & 0x01, 0x00);
    outb(COM1 + MCR, 0x0b);
    outb(COM1, 'z');
    assert_int_equal(ntx, 1);
}

static void test_line_status(void **state)
{
    (void)state;
    /* No FIFO: a second byte before the first is read overruns. */
    rx("a");
    assert_int_equal(serial_can_receive(&uart), 0);
    rx("b");
    assert_int_equal(inb(COM1 + LSR), 0x60 | 0x02 | 0x01);
    assert_int_equal(inb(COM1 + LSR), 0x60 | 0x01); /* OE cleared by read */
    assert_int_equal(inb(COM1 + RBR), 'b');
    assert_int_equal(inb(COM1 + LSR), 0x60);
    /* Break. */
    serial_receive_break(&uart);
    assert_int_equal(inb(COM1 + LSR) & 0x11, 0x11);
    assert_int_equal(inb(COM1 + RBR), 0);
}

static void test_interrupt_identification(void **state)
{
    (void)state;
    /* THRE interrupt fires as soon as it is enabled. */
    outb(COM1 + IER, 0x02);
    assert_int_equal(irq4.level, 1);
    assert_int_equal(inb(COM1 + IIR), 0x02);
    /* Reading IIR acknowledged it. */
    assert_int_equal(irq4.level, 0);
    assert_int_equal(inb(COM1 + IIR), 0x01);
    outb(COM1, 'x'); /* sent at once: THRE again */
    assert_int_equal(irq4.level, 1);
    assert_int_equal(inb(COM1 + IIR), 0x02);

    /* Priorities: line status > data > THRE > modem status. */
    outb(COM1, 'y');
    outb(COM1 + IER, 0x0f);
    rx("1");
    assert_int_equal(inb(COM1 + IIR), 0x04);
    rx("2"); /* overrun */
    assert_int_equal(inb(COM1 + IIR), 0x06);
    inb(COM1 + LSR);
    assert_int_equal(inb(COM1 + IIR), 0x04);
    inb(COM1 + RBR);
    assert_int_equal(inb(COM1 + IIR), 0x02);
    assert_int_equal(inb(COM1 + IIR), 0x01);
    assert_int_equal(irq4.level, 0);
    /* Modem status: a delta bit. */
    uart.msr |= 0x01;
    outb(COM1 + IER, 0x08);
    assert_int_equal(inb(COM1 + IIR), 0x00);
    assert_int_equal(inb(COM1 + MSR), 0xb1);
    assert_int_equal(inb(COM1 + IIR), 0x01);
    /* Disabled sources never show. */
    outb(COM1 + IER, 0x00);
    rx("3");
    assert_int_equal(inb(COM1 + IIR), 0x01);
    assert_int_equal(irq4.level, 0);
}

static void test_fifo_trigger_levels(void **state)
{
    static const struct {
        uint8_t fcr;
        int level;
    } levels[] = {{0x01, 1}, {0x41, 4}, {0x81, 8}, {0xc1, 14}};
    (void)state;

    outb(COM1 + IER, 0x01);
    for (unsigned i = 0; i < ARRAY_SIZE(levels); i++) {
        outb(COM1 + FCR, levels[i].fcr | 0x06); /* reset both FIFOs */
        assert_int_equal(inb(COM1 + IIR) & 0xc0, 0xc0);
        for (int n = 1; n <= 16; n++) {
            rx("q");
            int expect = n >= levels[i].level;
            assert_int_equal(irq4.level, expect);
            assert_int_equal(inb(COM1 + IIR) & 0x0f, expect ? 0x04 : 0x01);
        }
        assert_int_equal(serial_can_receive(&uart), 0);
        /* 17th byte: overrun, the FIFO keeps its 16. */
        rx("!");
        assert_int_equal(inb(COM1 + LSR) & 0x03, 0x03);
        for (int n = 0; n < 16; n++) {
            assert_int_equal(inb(COM1 + RBR), 'q');
        }
        assert_int_equal(inb(COM1 + LSR) & 0x01, 0);
        assert_int_equal(irq4.level, 0);
    }
    /* Disabling the FIFO flushes it and drops the 0xC0 bits. */
    rx("ab");
    outb(COM1 + FCR, 0x00);
    assert_int_equal(inb(COM1 + IIR), 0x01);
    assert_int_equal(inb(COM1 + LSR) & 0x01, 0);
}

static void test_fifo_order_and_timeout(void **state)
{
    (void)state;
    outb(COM1 + FCR, 0xc7); /* FIFO, trigger 14 */
    outb(COM1 + IER, 0x01);
    rx("abc");
    assert_int_equal(irq4.level, 0); /* below the trigger level */
    /* 4 character times at 115200 8N1 (10 bits): ~347 us. */
    hwt_run_for(4 * (1000000000 / 115200) * 10 - 1);
    assert_int_equal(irq4.level, 0);
    hwt_run_for(1);
    assert_int_equal(irq4.level, 1);
    assert_int_equal(inb(COM1 + IIR), 0xcc); /* character timeout */
    assert_int_equal(inb(COM1 + RBR), 'a');
    assert_int_equal(irq4.level, 0); /* reading clears the timeout */
    assert_int_equal(inb(COM1 + RBR), 'b');
    assert_int_equal(inb(COM1 + RBR), 'c');
    hwt_run_for(1000000);
    assert_int_equal(irq4.level, 0); /* FIFO empty: no timeout */
    assert_int_equal(inb(COM1 + IIR), 0xc1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reset_state_and_scratch, setup,
                                        NULL),
        cmocka_unit_test_setup_teardown(test_transmit, setup, NULL),
        cmocka_unit_test_setup_teardown(test_loopback, setup, NULL),
        cmocka_unit_test_setup_teardown(test_line_status, setup, NULL),
        cmocka_unit_test_setup_teardown(test_interrupt_identification, setup,
                                        NULL),
        cmocka_unit_test_setup_teardown(test_fifo_trigger_levels, setup, NULL),
        cmocka_unit_test_setup_teardown(test_fifo_order_and_timeout, setup,
                                        NULL),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
