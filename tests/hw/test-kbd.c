/* Port 0x92 and the i8042 keyboard controller (0x60/0x64). */
#include "hw-test.h"

static KBDState kbd;
static Port92State p92;
static IrqProbe irq1, irq12, a20, reset;

static int setup(void **state)
{
    (void)state;
    hwt_reset();
    irq_probe_init(&irq1);
    irq_probe_init(&irq12);
    irq_probe_init(&a20);
    irq_probe_init(&reset);
    i8042_init(&kbd, get_system_io(), 0x60, 0x64, &irq1.irq, &irq12.irq,
               &a20.irq, &reset.irq);
    port92_init(&p92, get_system_io(), 0x92, &a20.irq, &reset.irq);
    return 0;
}

static uint8_t read_data(void)
{
    assert_int_equal(inb(0x64) & 0x01, 0x01); /* OBF */
    return inb(0x60);
}

static void test_port92(void **state)
{
    (void)state;
    assert_int_equal(inb(0x92), 0x00);
    outb(0x92, 0x02);
    assert_int_equal(a20.level, 1);
    assert_int_equal(inb(0x92), 0x02);
    assert_int_equal(reset.rises, 0);
    outb(0x92, 0x03); /* fast reset on a rising bit 0 */
    assert_int_equal(reset.rises, 1);
    outb(0x92, 0x03);
    assert_int_equal(reset.rises, 1);
    port92_reset(&p92);
    assert_int_equal(inb(0x92), 0x02);
    outb(0x92, 0x01);
    assert_int_equal(reset.rises, 2);
    assert_int_equal(a20.level, 0);
}

static void test_self_test_and_command_byte(void **state)
{
    (void)state;
    assert_int_equal(inb(0x64), 0x18);
    outb(0x64, 0xaa);
    assert_int_equal(inb(0x64) & 0x0d, 0x0d); /* OBF, SYS, CMD */
    assert_int_equal(irq1.level, 1);
    assert_int_equal(read_data(), 0x55);
    assert_int_equal(irq1.level, 0);
    assert_int_equal(inb(0x64) & 0x01, 0);
    outb(0x64, 0xab);
    assert_int_equal(read_data(), 0x00);
    outb(0x64, 0xa9);
    assert_int_equal(read_data(), 0x00);
    /* Command byte round trip; interrupts off means no IRQ1. */
    outb(0x64, 0x60);
    outb(0x60, 0x64); /* translate, keyboard disabled, SYS */
    assert_int_equal(inb(0x64) & 0x08, 0x00); /* last write was data */
    outb(0x64, 0x20);
    assert_int_equal(inb(0x64) & 0x08, 0x08);
    assert_int_equal(irq1.level, 0);
    assert_int_equal(read_data(), 0x64);
    outb(0x64, 0x60);
    outb(0x60, 0x45);
    outb(0x64, 0x20);
    assert_int_equal(irq1.level, 1);
    assert_int_equal(read_data(), 0x45);
}

static void test_a20_and_reset_via_output_port(void **state)
{
    (void)state;
    outb(0x64, 0xd0);
    assert_int_equal(read_data() & 0x03, 0x03); /* reset high, A20 on */
    outb(0x64, 0xd1);
    outb(0x60, 0xdd); /* A20 off, reset line high */
    assert_int_equal(a20.level, 0);
    assert_int_equal(reset.rises, 0);
    outb(0x64, 0xd0);
    assert_int_equal(read_data() & 0x03, 0x01);
    outb(0x64, 0xd1);
    outb(0x60, 0xdf);
    assert_int_equal(a20.level, 1);
    outb(0x64, 0xdd);
    assert_int_equal(a20.level, 0);
    outb(0x64, 0xdf);
    assert_int_equal(a20.level, 1);
    outb(0x64, 0xff); /* pulses nothing */
    assert_int_equal(reset.rises, 0);
    outb(0x64, 0xfe); /* pulse reset */
    assert_int_equal(reset.rises, 1);
    assert_int_equal(reset.level, 0);
}

static void test_keyboard_commands(void **state)
{
    (void)state;
    outb(0x60, 0xff); /* keyboard reset */
    assert_int_equal(read_data(), 0xfa);
    assert_int_equal(irq1.level, 1); /* next byte raised IRQ1 again */
    assert_int_equal(irq1.rises, 2);
    assert_int_equal(read_data(), 0xaa);
    assert_int_equal(irq1.level, 0);
    outb(0x60, 0xf2);
    assert_int_equal(read_data(), 0xfa);
    assert_int_equal(read_data(), 0xab);
    assert_int_equal(read_data(), 0x83);
    outb(0x60, 0xee);
    assert_int_equal(read_data(), 0xee);
    outb(0x60, 0xed);
    assert_int_equal(read_data(), 0xfa);
    outb(0x60, 0x07);
    assert_int_equal(read_data(), 0xfa);
    assert_int_equal(kbd.kbd_ledstate, 7);
    outb(0x60, 0xf0);
    assert_int_equal(read_data(), 0xfa);
    outb(0x60, 0x00);
    assert_int_equal(read_data(), 0xfa);
    assert_int_equal(read_data(), 0x02);
    outb(0x60, 0x42); /* unknown */
    assert_int_equal(read_data(), 0xfe);
    /* No mouse behind the aux port. */
    outb(0x64, 0xd4);
    outb(0x60, 0xf2);
    assert_int_equal(inb(0x64) & 0x21, 0x21);
    assert_int_equal(irq12.level, 1);
    assert_int_equal(inb(0x60), 0xfe);
    assert_int_equal(irq12.level, 0);
}

/* Command byte 0x61: keyboard interrupt, SYS, translation (what
 * SeaBIOS and DOS leave). */
static void enable_translation(void)
{
    outb(0x64, 0x60);
    outb(0x60, 0x45);
}

static void test_scancodes(void **state)
{
    (void)state;
    enable_translation();
    assert_true(i8042_put_char(&kbd, 'a'));
    assert_int_equal(read_data(), 0x1e);
    assert_int_equal(read_data(), 0x9e);
    assert_true(i8042_put_char(&kbd, 'A'));
    assert_int_equal(read_data(), 0x2a);
    assert_int_equal(read_data(), 0x1e);
    assert_int_equal(read_data(), 0x9e);
    assert_int_equal(read_data(), 0xaa);
    assert_true(i8042_put_char(&kbd, '\n'));
    assert_int_equal(read_data(), 0x1c);
    assert_int_equal(read_data(), 0x9c);
    assert_false(i8042_put_char(&kbd, (char)0x7f));
    assert_int_equal(inb(0x64) & 0x01, 0);
    /* A disabled keyboard interface holds the bytes back. */
    outb(0x64, 0xad);
    i8042_put_char(&kbd, '1');
    assert_int_equal(inb(0x64) & 0x01, 0);
    outb(0x64, 0xae);
    assert_int_equal(read_data(), 0x02);
    assert_int_equal(read_data(), 0x82);
    /* Scanning disabled by the keyboard command 0xF5 drops keys. */
    outb(0x60, 0xf5);
    assert_int_equal(read_data(), 0xfa);
    i8042_put_char(&kbd, 'z');
    assert_int_equal(inb(0x64) & 0x01, 0);
    outb(0x60, 0xf4);
    assert_int_equal(read_data(), 0xfa);
    i8042_put_char(&kbd, 'z');
    assert_int_equal(read_data(), 0x2c);
}

/* Without translation the host sees the keyboard's set 2. */
static void test_set2_untranslated(void **state)
{
    (void)state;
    outb(0x64, 0x60);
    outb(0x60, 0x05); /* interrupt, SYS, no translation */
    assert_true(i8042_put_char(&kbd, 'a'));
    assert_int_equal(read_data(), 0x1c);
    assert_int_equal(read_data(), 0xf0);
    assert_int_equal(read_data(), 0x1c);
    assert_true(i8042_put_qnum(&kbd, 0xc8, true)); /* Up: E0 75 */
    assert_true(i8042_put_qnum(&kbd, 0xc8, false));
    assert_int_equal(read_data(), 0xe0);
    assert_int_equal(read_data(), 0x75);
    assert_int_equal(read_data(), 0xe0);
    assert_int_equal(read_data(), 0xf0);
    assert_int_equal(read_data(), 0x75);
    assert_true(i8042_put_qnum(&kbd, 0x41, true)); /* F7: 0x83 */
    assert_int_equal(read_data(), 0x83);
    /* the queue's room paces a backend: one byte is in the output
     * buffer, the rest waits in the queue */
    assert_int_equal(i8042_queue_room(&kbd), KBD_QUEUE_SIZE);
    i8042_put_char(&kbd, 'A'); /* 12 1C F0 1C F0 12: 6 bytes */
    assert_int_equal(i8042_queue_room(&kbd), KBD_QUEUE_SIZE - 5);
    for (int i = 0; i < 6; i++) {
        read_data();
    }
    assert_int_equal(i8042_queue_room(&kbd), KBD_QUEUE_SIZE);
    assert_false(i8042_put_qnum(&kbd, 0x55, true)); /* no such key */
    assert_false(i8042_put_qnum(&kbd, 0, true));
    assert_false(i8042_put_qnum(&kbd, 0x1ff, true));
    assert_int_equal(inb(0x64) & 0x01, 0);
}

/* Translated: set 1, E0 kept, F0 becomes bit 7 of the next code. */
static void test_translated_extended(void **state)
{
    (void)state;
    enable_translation();
    i8042_put_qnum(&kbd, 0xd3, true); /* Delete: E0 53 */
    i8042_put_qnum(&kbd, 0xd3, false);
    assert_int_equal(read_data(), 0xe0);
    assert_int_equal(read_data(), 0x53);
    assert_int_equal(read_data(), 0xe0);
    assert_int_equal(read_data(), 0xd3);
    i8042_put_qnum(&kbd, 0x41, true); /* F7 */
    i8042_put_qnum(&kbd, 0x41, false);
    assert_int_equal(read_data(), 0x41);
    assert_int_equal(read_data(), 0xc1);
    i8042_put_qnum(&kbd, 0x58, true); /* F12 */
    assert_int_equal(read_data(), 0x58);
}

/* A guest that picks set 1 (F0 01) gets it from the keyboard itself. */
static void test_scancode_set1(void **state)
{
    (void)state;
    outb(0x64, 0x60);
    outb(0x60, 0x05);
    outb(0x60, 0xf0);
    assert_int_equal(read_data(), 0xfa);
    outb(0x60, 0x01);
    assert_int_equal(read_data(), 0xfa);
    outb(0x60, 0xf0);
    assert_int_equal(read_data(), 0xfa);
    outb(0x60, 0x00);
    assert_int_equal(read_data(), 0xfa);
    assert_int_equal(read_data(), 0x01);
    i8042_put_char(&kbd, 'b');
    assert_int_equal(read_data(), 0x30);
    assert_int_equal(read_data(), 0xb0);
    i8042_put_qnum(&kbd, 0xcb, true); /* Left */
    assert_int_equal(read_data(), 0xe0);
    assert_int_equal(read_data(), 0x4b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_port92, setup, NULL),
        cmocka_unit_test_setup_teardown(test_self_test_and_command_byte, setup,
                                        NULL),
        cmocka_unit_test_setup_teardown(test_a20_and_reset_via_output_port,
                                        setup, NULL),
        cmocka_unit_test_setup_teardown(test_keyboard_commands, setup, NULL),
        cmocka_unit_test_setup_teardown(test_scancodes, setup, NULL),
        cmocka_unit_test_setup_teardown(test_set2_untranslated, setup, NULL),
        cmocka_unit_test_setup_teardown(test_translated_extended, setup, NULL),
        cmocka_unit_test_setup_teardown(test_scancode_set1, setup, NULL),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
