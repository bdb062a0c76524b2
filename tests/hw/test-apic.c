/* Local APIC and I/O APIC through their MMIO registers, as a guest drives
 * them: priorities, EOI, the timer in both modes, LINT0 pass-through,
 * self-IPIs, errors, relocation, and I/O APIC edge and level routing. */
#include "hw-test.h"

static APICState lapic;
static IOAPICState ioapic;
static IrqProbe intr, nmi;

#define LAPIC  0xfee00000u
#define IOAPIC 0xfec00000u

static void wr(uint32_t a, uint32_t v)
{
    address_space_stl(&address_space_memory, a, v, MEMTXATTRS_UNSPECIFIED,
                      NULL);
}
static uint32_t rd(uint32_t a)
{
    return address_space_ldl(&address_space_memory, a, MEMTXATTRS_UNSPECIFIED,
                             NULL);
}
static void io_wr(unsigned reg, uint32_t v)
{
    wr(IOAPIC, reg);
    wr(IOAPIC + 0x10, v);
}
static uint32_t io_rd(unsigned reg)
{
    wr(IOAPIC, reg);
    return rd(IOAPIC + 0x10);
}

static int setup(void **state)
{
    (void)state;
    hwt_reset();
    apic_init(&lapic, get_system_memory(), irq_probe_init(&intr),
              irq_probe_init(&nmi));
    ioapic_init(&ioapic, get_system_memory(), &lapic);
    qemu_clock_warp(1000);
    wr(LAPIC + 0xf0, 0x1ff); /* software enable, spurious vector 0xff */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    timer_del(&lapic.timer);
    return 0;
}

static void test_ids_and_reset_values(void **state)
{
    (void)state;
    assert_int_equal(rd(LAPIC + 0x30), 0x00050014);
    assert_int_equal(rd(LAPIC + 0x20), 0);
    wr(LAPIC + 0x20, 0x03000000);
    assert_int_equal(rd(LAPIC + 0x20), 0x03000000);
    wr(LAPIC + 0x20, 0);
    assert_int_equal(rd(LAPIC + 0xe0), 0xffffffff);
    assert_int_equal(rd(LAPIC + 0x350) & 0x10000, 0x10000); /* masked */
    assert_int_equal(io_rd(1), 0x00170011);
    assert_int_equal(io_rd(0x10) & 0x10000, 0x10000);
    io_wr(0, 0x05000000);
    assert_int_equal(io_rd(0), 0x05000000);
    io_wr(0, 0);
}

static void test_priority_and_eoi(void **state)
{
    (void)state;
    apic_set_irq(&lapic, 0x41, false);
    apic_set_irq(&lapic, 0x62, false);
    assert_int_equal(intr.level, 1);
    assert_int_equal(rd(LAPIC + 0x220), 1u << 1); /* IRR 0x41 */
    assert_int_equal(rd(LAPIC + 0x230), 1u << 2); /* IRR 0x62 */
    /* the highest first; it raises the PPR above 0x41 */
    assert_int_equal(apic_get_interrupt(&lapic), 0x62);
    assert_int_equal(rd(LAPIC + 0xa0), 0x60);
    assert_int_equal(intr.level, 0);
    assert_int_equal(rd(LAPIC + 0x100 + 0x30), 1u << 2); /* ISR 0x62 */
    wr(LAPIC + 0xb0, 0);                                 /* EOI */
    assert_int_equal(intr.level, 1);
    /* TPR 0x50 holds 0x41 back; the PPR follows the TPR */
    wr(LAPIC + 0x80, 0x50);
    assert_int_equal(intr.level, 0);
    assert_int_equal(rd(LAPIC + 0xa0), 0x50);
    assert_int_equal(apic_get_interrupt(&lapic), 0xff); /* spurious */
    wr(LAPIC + 0x80, 0);
    assert_int_equal(apic_get_interrupt(&lapic), 0x41);
    wr(LAPIC + 0xb0, 0);
    assert_int_equal(intr.level, 0);
    assert_int_equal(apic_get_interrupt(&lapic), -1);
}

static void test_timer(void **state)
{
    int64_t t0;
    (void)state;
    /* one-shot, divide by 1 (1 GHz: one tick per ns), vector 0x30 */
    wr(LAPIC + 0x3e0, 0xb);
    wr(LAPIC + 0x320, 0x30);
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    wr(LAPIC + 0x380, 1000);
    hwt_run_until(t0 + 400);
    assert_int_equal(rd(LAPIC + 0x390), 600);
    assert_int_equal(intr.level, 0);
    hwt_run_until(t0 + 1000);
    assert_int_equal(rd(LAPIC + 0x390), 0);
    assert_int_equal(intr.level, 1);
    assert_int_equal(apic_get_interrupt(&lapic), 0x30);
    wr(LAPIC + 0xb0, 0);
    hwt_run_until(t0 + 5000);
    assert_int_equal(intr.level, 0); /* one-shot: once */

    /* periodic, divide by 16: 100 counts = 1600 ns a period */
    wr(LAPIC + 0x3e0, 0x3);
    wr(LAPIC + 0x320, 0x20031);
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    wr(LAPIC + 0x380, 99);
    for (int i = 1; i <= 3; i++) {
        hwt_run_until(t0 + i * 1600 - 1);
        assert_int_equal(intr.level, 0);
        hwt_run_until(t0 + i * 1600);
        assert_int_equal(intr.level, 1);
        assert_int_equal(apic_get_interrupt(&lapic), 0x31);
        wr(LAPIC + 0xb0, 0);
    }
    /* masking stops it */
    wr(LAPIC + 0x320, 0x30031);
    hwt_run_for(10000);
    assert_int_equal(intr.level, 0);
    wr(LAPIC + 0x380, 0);
}

static void test_lint0_extint(void **state)
{
    (void)state;
    /* LINT0 masked: the 8259 cannot reach the CPU */
    apic_deliver_pic_intr(&lapic, 1);
    assert_int_equal(intr.level, 0);
    /* ExtINT, unmasked (virtual wire mode) */
    wr(LAPIC + 0x350, 0x700);
    assert_int_equal(intr.level, 1);
    assert_true(apic_accept_pic_intr(&lapic));
    assert_int_equal(apic_get_interrupt(&lapic), -1); /* the 8259 answers */
    apic_deliver_pic_intr(&lapic, 0);
    assert_int_equal(intr.level, 0);
    /* LINT1 as NMI */
    wr(LAPIC + 0x360, 0x400);
    apic_deliver_lint1(&lapic, 1);
    assert_int_equal(nmi.rises, 1);
    /* hardware disable: the APIC is out of the way (and reset) */
    apic_set_base(&lapic, 0xfee00100);
    apic_deliver_pic_intr(&lapic, 1);
    assert_int_equal(intr.level, 1);
    apic_deliver_pic_intr(&lapic, 0);
    apic_set_base(&lapic, 0xfee00900);
    assert_int_equal(rd(LAPIC + 0x350) & 0x10000, 0x10000);
    wr(LAPIC + 0xf0, 0x1ff);
}

static void test_self_ipi_and_errors(void **state)
{
    (void)state;
    wr(LAPIC + 0x370, 0xfe);    /* error vector 0xfe */
    wr(LAPIC + 0x300, 0x40045); /* self, fixed, vector 0x45 */
    assert_int_equal(rd(LAPIC + 0x300) & (1u << 12), 0);
    assert_int_equal(apic_get_interrupt(&lapic), 0x45);
    wr(LAPIC + 0xb0, 0);
    /* physical destination = own ID */
    wr(LAPIC + 0x310, 0);
    wr(LAPIC + 0x300, 0x46);
    assert_int_equal(apic_get_interrupt(&lapic), 0x46);
    wr(LAPIC + 0xb0, 0);
    /* another CPU does not exist */
    wr(LAPIC + 0x310, 0x05000000);
    wr(LAPIC + 0x300, 0x47);
    assert_int_equal(intr.level, 0);
    /* an illegal vector: send error, error interrupt */
    wr(LAPIC + 0x300, 0x40005);
    wr(LAPIC + 0x280, 0);
    assert_int_equal(rd(LAPIC + 0x280), 0x20);
    assert_int_equal(apic_get_interrupt(&lapic), 0xfe);
    wr(LAPIC + 0xb0, 0);
    wr(LAPIC + 0x280, 0);
    assert_int_equal(rd(LAPIC + 0x280), 0);
    wr(LAPIC + 0x370, 0x10000);
}

static void test_relocation(void **state)
{
    (void)state;
    apic_set_base(&lapic, 0xfed00900);
    assert_int_equal(rd(0xfed00030), 0x00050014);
    apic_set_base(&lapic, 0xfee00900);
    assert_int_equal(rd(LAPIC + 0x30), 0x00050014);
    wr(LAPIC + 0xf0, 0x1ff);
}

static void test_ioapic_routing(void **state)
{
    (void)state;
    /* ISA IRQ 0 arrives on pin 2; edge, vector 0x50, unmasked */
    io_wr(0x10 + 2 * 2, 0x50);
    io_wr(0x10 + 2 * 2 + 1, 0);
    qemu_set_irq(&ioapic.in[0], 1);
    assert_int_equal(apic_get_interrupt(&lapic), 0x50);
    qemu_set_irq(&ioapic.in[0], 1); /* no new edge */
    wr(LAPIC + 0xb0, 0);
    assert_int_equal(apic_get_interrupt(&lapic), -1);
    qemu_set_irq(&ioapic.in[0], 0);
    /* masked edges are ignored */
    io_wr(0x10 + 2 * 4, 0x10054);
    qemu_set_irq(&ioapic.in[4], 1);
    qemu_set_irq(&ioapic.in[4], 0);
    io_wr(0x10 + 2 * 4, 0x54);
    assert_int_equal(apic_get_interrupt(&lapic), -1);

    /* level, vector 0x60: Remote IRR until the EOI, then again while the
     * line is still up */
    io_wr(0x10 + 2 * 11, 0x8060);
    qemu_set_irq(&ioapic.in[11], 1);
    assert_int_equal(io_rd(0x10 + 2 * 11) & (1u << 14), 1u << 14);
    assert_int_equal(apic_get_interrupt(&lapic), 0x60);
    assert_int_equal(rd(LAPIC + 0x180 + 0x30), 1u); /* TMR 0x60 */
    wr(LAPIC + 0xb0, 0);
    assert_int_equal(apic_get_interrupt(&lapic), 0x60); /* still high */
    qemu_set_irq(&ioapic.in[11], 0);
    wr(LAPIC + 0xb0, 0);
    assert_int_equal(io_rd(0x10 + 2 * 11) & (1u << 14), 0);
    assert_int_equal(apic_get_interrupt(&lapic), -1);

    /* a destination that is not this CPU; then logical mode */
    io_wr(0x10 + 2 * 5 + 1, 0x03000000);
    io_wr(0x10 + 2 * 5, 0x58);
    qemu_set_irq(&ioapic.in[5], 1);
    assert_int_equal(apic_get_interrupt(&lapic), -1);
    qemu_set_irq(&ioapic.in[5], 0);
    wr(LAPIC + 0xd0, 0x01000000); /* logical ID bit 0 */
    io_wr(0x10 + 2 * 5 + 1, 0x01000000);
    io_wr(0x10 + 2 * 5, 0x858);
    qemu_set_irq(&ioapic.in[5], 1);
    assert_int_equal(apic_get_interrupt(&lapic), 0x58);
    wr(LAPIC + 0xb0, 0);
    qemu_set_irq(&ioapic.in[5], 0);
    /* NMI delivery mode */
    io_wr(0x10 + 2 * 6 + 1, 0);
    io_wr(0x10 + 2 * 6, 0x400);
    int before = nmi.rises;
    qemu_set_irq(&ioapic.in[6], 1);
    assert_int_equal(nmi.rises, before + 1);
    qemu_set_irq(&ioapic.in[6], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ids_and_reset_values, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_priority_and_eoi, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lint0_extint, setup, teardown),
        cmocka_unit_test_setup_teardown(test_self_ipi_and_errors, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_relocation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ioapic_routing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
