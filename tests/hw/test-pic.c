/* i8259 pair through ports 0x20/0x21, 0xA0/0xA1 and ELCR 0x4D0/0x4D1. */
#include "hw-test.h"

static PICPair pic;
static IrqProbe intr;

static void pic_init_pc(uint8_t master_icw4, uint8_t slave_icw4)
{
    outb(0x20, 0x11); /* ICW1: edge, cascade, ICW4 */
    outb(0x21, 0x08); /* ICW2: vectors 0x08-0x0F */
    outb(0x21, 0x04); /* ICW3: slave on IRQ2 */
    outb(0x21, master_icw4);
    outb(0xa0, 0x11);
    outb(0xa1, 0x70); /* vectors 0x70-0x77 */
    outb(0xa1, 0x02);
    outb(0xa1, slave_icw4);
}

static int setup(void **state)
{
    (void)state;
    hwt_reset();
    i8259_init(&pic, get_system_io(), 0x20, 0xa0, 0x4d0, irq_probe_init(&intr));
    pic_init_pc(0x01, 0x01);
    return 0;
}

static void set_irq(int n, int level)
{
    qemu_set_irq(i8259_irq(&pic, n), level);
}

static void eoi_master(void)
{
    outb(0x20, 0x20);
}

static void test_init_and_mask(void **state)
{
    (void)state;
    assert_int_equal(inb(0x21), 0x00);
    outb(0x21, 0xfb); /* everything but the cascade masked */
    outb(0xa1, 0xff);
    assert_int_equal(inb(0x21), 0xfb);
    assert_int_equal(inb(0xa1), 0xff);
    set_irq(0, 1);
    assert_int_equal(intr.level, 0); /* masked: IRR only */
    outb(0x20, 0x0a);                /* OCW3: read IRR */
    assert_int_equal(inb(0x20), 0x01);
    outb(0x21, 0xfa);
    assert_int_equal(intr.level, 1);
    assert_int_equal(pic_read_irq(&pic), 0x08);
    assert_int_equal(intr.level, 0);
    outb(0x20, 0x0b); /* OCW3: read ISR */
    assert_int_equal(inb(0x20), 0x01);
    eoi_master();
    assert_int_equal(inb(0x20), 0x00);
}

static void test_fixed_priority_and_nesting(void **state)
{
    (void)state;
    set_irq(3, 1);
    set_irq(1, 1);
    assert_int_equal(pic_read_irq(&pic), 0x09); /* IRQ1 beats IRQ3 */
    /* IRQ3 is lower priority than in-service IRQ1: no INTR. */
    assert_int_equal(intr.level, 0);
    set_irq(0, 1); /* higher priority nests */
    assert_int_equal(intr.level, 1);
    assert_int_equal(pic_read_irq(&pic), 0x08);
    eoi_master(); /* non-specific EOI clears the highest: IRQ0 */
    outb(0x20, 0x0b);
    assert_int_equal(inb(0x20), 0x02);
    assert_int_equal(intr.level, 0);
    eoi_master();
    assert_int_equal(intr.level, 1);
    assert_int_equal(pic_read_irq(&pic), 0x0b);
    outb(0x20, 0x63); /* specific EOI for IRQ3 */
    assert_int_equal(inb(0x20), 0x00);
}

static void test_edge_vs_level(void **state)
{
    (void)state;
    /* Edge: a held line does not interrupt again after INTA. */
    set_irq(5, 1);
    assert_int_equal(pic_read_irq(&pic), 0x0d);
    eoi_master();
    assert_int_equal(intr.level, 0);
    set_irq(5, 0);
    set_irq(5, 1);
    assert_int_equal(intr.level, 1);
    assert_int_equal(pic_read_irq(&pic), 0x0d);
    eoi_master();

    /* Level (ELCR): stays pending while the line is high. */
    outb(0x4d0, 0xff);
    assert_int_equal(inb(0x4d0), 0xf8); /* IRQ0-2 are always edge */
    outb(0x4d1, 0xff);
    assert_int_equal(inb(0x4d1), 0xde);
    set_irq(5, 0);
    set_irq(5, 1);
    assert_int_equal(pic_read_irq(&pic), 0x0d);
    eoi_master();
    assert_int_equal(intr.level, 1);
    set_irq(5, 0);
    assert_int_equal(intr.level, 0);
}

static void test_rotation(void **state)
{
    (void)state;
    /* Rotate on non-specific EOI: the served line becomes lowest. */
    set_irq(0, 1);
    set_irq(4, 1);
    assert_int_equal(pic_read_irq(&pic), 0x08);
    outb(0x20, 0xa0); /* rotate on non-specific EOI */
    set_irq(0, 0);
    set_irq(0, 1); /* IRQ0 now lowest: IRQ4 wins */
    assert_int_equal(pic_read_irq(&pic), 0x0c);
    outb(0x20, 0xa0); /* IRQ4 lowest: priority 5,6,7,0,... */
    assert_int_equal(pic_read_irq(&pic), 0x08);
    outb(0x20, 0xe0); /* rotate on specific EOI for IRQ0 */

    /* Set priority: IRQ6 lowest, so IRQ7 is the highest. */
    outb(0x20, 0xc6);
    set_irq(1, 1);
    set_irq(7, 1);
    assert_int_equal(pic_read_irq(&pic), 0x0f);
    /* IRQ1 ranks below in-service IRQ7 now: an INTA would be spurious. */
    assert_int_equal(intr.level, 0);
    assert_int_equal(pic_read_irq(&pic), 0x0f);
}

static void test_rotation_priority_order(void **state)
{
    (void)state;
    /* With IRQ6 lowest the order is 7,0,1,...,6: IRQ1 is lower than IRQ7
     * but higher than in-service nothing once IRQ7 is EOIed. */
    outb(0x20, 0xc6);
    set_irq(7, 1);
    assert_int_equal(pic_read_irq(&pic), 0x0f);
    set_irq(1, 1);
    assert_int_equal(intr.level, 0); /* blocked by in-service IRQ7 */
    outb(0x20, 0x67);                /* specific EOI IRQ7 */
    assert_int_equal(intr.level, 1);
    assert_int_equal(pic_read_irq(&pic), 0x09);
}

static void test_auto_eoi(void **state)
{
    (void)state;
    pic_init_pc(0x03, 0x01); /* AEOI on the master */
    set_irq(3, 1);
    assert_int_equal(pic_read_irq(&pic), 0x0b);
    outb(0x20, 0x0b);
    assert_int_equal(inb(0x20), 0x00); /* nothing in service */
    /* Rotate in AEOI mode. */
    outb(0x20, 0x80);
    set_irq(3, 0);
    set_irq(3, 1);
    set_irq(2 + 4, 1); /* IRQ6 */
    assert_int_equal(pic_read_irq(&pic), 0x0b);
    /* IRQ3 now lowest; IRQ6 is served, then a new IRQ3 goes after 4-7 */
    assert_int_equal(pic_read_irq(&pic), 0x0e);
}

static void test_special_mask(void **state)
{
    (void)state;
    set_irq(1, 1);
    assert_int_equal(pic_read_irq(&pic), 0x09);
    set_irq(4, 1);
    assert_int_equal(intr.level, 0); /* IRQ1 in service blocks IRQ4 */
    outb(0x21, 0x02);                /* mask IRQ1 */
    outb(0x20, 0x68);                /* OCW3: set special mask */
    assert_int_equal(intr.level, 1); /* lower priorities now allowed */
    assert_int_equal(pic_read_irq(&pic), 0x0c);
    outb(0x20, 0x64); /* specific EOI IRQ4 */
    outb(0x20, 0x48); /* reset special mask */
    set_irq(5, 1);
    assert_int_equal(intr.level, 0); /* IRQ1 still in service */
    outb(0x20, 0x61);
    assert_int_equal(intr.level, 1);
}

static void test_cascade(void **state)
{
    (void)state;
    set_irq(12, 1);
    assert_int_equal(intr.level, 1);
    assert_int_equal(pic_read_irq(&pic), 0x74);
    outb(0xa0, 0x0b);
    assert_int_equal(inb(0xa0), 0x10);
    outb(0x20, 0x0b);
    assert_int_equal(inb(0x20), 0x04); /* cascade in service on master */
    /* Slave line of higher priority than IRQ12 but blocked by master's
     * in-service IRQ2 (fully nested mode). */
    set_irq(9, 1);
    assert_int_equal(intr.level, 0);
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
    assert_int_equal(intr.level, 1);
    assert_int_equal(pic_read_irq(&pic), 0x71);
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
    /* Master IRQ0 beats the whole slave. */
    set_irq(14, 1);
    set_irq(0, 1);
    assert_int_equal(pic_read_irq(&pic), 0x08);
}

static void test_spurious(void **state)
{
    (void)state;
    /* Nothing pending: IRQ7 vector, ISR stays clear. */
    assert_int_equal(pic_read_irq(&pic), 0x0f);
    outb(0x20, 0x0b);
    assert_int_equal(inb(0x20), 0x00);
    /* A level request that went away before INTA. */
    outb(0x4d0, 0x20);
    set_irq(5, 1);
    assert_int_equal(intr.level, 1);
    set_irq(5, 0);
    assert_int_equal(pic_read_irq(&pic), 0x0f);
    assert_int_equal(inb(0x20), 0x00);
    /* Spurious on the slave: IRQ15 vector, master's IRQ2 in service. */
    outb(0x4d1, 0x08); /* IRQ11 level */
    set_irq(11, 1);
    set_irq(11, 0);
    /* The slave's output stays latched on the master's edge input. */
    assert_int_equal(pic_read_irq(&pic), 0x77);
    outb(0xa0, 0x0b);
    assert_int_equal(inb(0xa0), 0x00);
    assert_int_equal(inb(0x20), 0x04);
}

static void test_poll_mode(void **state)
{
    (void)state;
    outb(0x20, 0x0c); /* OCW3 poll */
    assert_int_equal(inb(0x20), 0x00);
    set_irq(6, 1);
    outb(0x20, 0x0c);
    assert_int_equal(inb(0x20), 0x86);
    outb(0x20, 0x0b);
    assert_int_equal(inb(0x20), 0x40); /* acknowledged like INTA */
    outb(0x20, 0x20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_init_and_mask, setup, NULL),
        cmocka_unit_test_setup_teardown(test_fixed_priority_and_nesting, setup,
                                        NULL),
        cmocka_unit_test_setup_teardown(test_edge_vs_level, setup, NULL),
        cmocka_unit_test_setup_teardown(test_rotation, setup, NULL),
        cmocka_unit_test_setup_teardown(test_rotation_priority_order, setup,
                                        NULL),
        cmocka_unit_test_setup_teardown(test_auto_eoi, setup, NULL),
        cmocka_unit_test_setup_teardown(test_special_mask, setup, NULL),
        cmocka_unit_test_setup_teardown(test_cascade, setup, NULL),
        cmocka_unit_test_setup_teardown(test_spurious, setup, NULL),
        cmocka_unit_test_setup_teardown(test_poll_mode, setup, NULL),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
