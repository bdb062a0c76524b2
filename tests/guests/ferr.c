/* The PC's x87 error path with CR0.NE = 0 (issue 13): an unmasked
 * exception pending at a waiting instruction asserts FERR#, which is
 * ISA IRQ 13 on the slave 8259 (edge-triggered: IRR latches a rising
 * edge); a write to port 0xF0 drops it and asserts IGNNE# (later errors
 * are ignored) until FNCLEX/FNINIT, which drop the line too. Run as the
 * pc machine's BIOS (fw-ferr-pc); without 8259s it says so and passes. */
#include "guest32.h"

#define IRQ13_VEC 0x2d /* slave base 0x28 + 5 */

static volatile uint32_t hits, eoi_only;

static int on_irq(void)
{
    if (exc_vector != IRQ13_VEC) {
        return 0;
    }
    hits++;
    if (!eoi_only) {
        outb(0xf0, 0); /* the DOS/BIOS handler: clear the latch, FNCLEX */
        __asm__ volatile("fnclex");
    }
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
    return 1;
}

static int irq13_pending(void)
{
    outb(0xa0, 0x0a); /* OCW3: read IRR */
    return (inb(0xa0) >> 5) & 1;
}

/* An unmasked zero divide, pending until the next waiting instruction */
static void make_error(void)
{
    __asm__ volatile("fninit\n fldcw %0\n fld1\n fldz\n .byte 0xde, 0xf9" ::"m"(
        (uint16_t){0x037b}));
}

static void waiting_insn(void)
{
    __asm__ volatile("fld1");
}

int main32(void);
int main32(void)
{
    test_name = "ferr";
    outb(0xa1, 0xdf);
    if (inb(0xa1) != 0xdf) {
        puts32("ferr: no 8259 ok\n");
        return 0;
    }
    write_cr0(read_cr0() & ~0x20u); /* NE = 0: the PC way */
    outb(0x20, 0x11); /* ICW1..4: master 0x20, slave 0x28 on IRQ 2 */
    outb(0x21, 0x20);
    outb(0x21, 0x04);
    outb(0x21, 0x01);
    outb(0xa0, 0x11);
    outb(0xa1, 0x28);
    outb(0xa1, 0x02);
    outb(0xa1, 0x01);
    outb(0x21, 0xfb); /* only the cascade */
    outb(0xa1, 0xdf); /* only IRQ 13 */
    exc_handler = on_irq;

    make_error();
    CHECK_EQ(1, irq13_pending(), 0); /* reported at the next waiting one */
    waiting_insn();
    CHECK_EQ(2, irq13_pending(), 1);
    __asm__ volatile("sti; nop; nop; cli");
    CHECK_EQ(3, hits, 1);
    CHECK_EQ(4, irq13_pending(), 0);
    puts32("ferr: IRQ 13 and port F0 ok\n");

    /* IGNNE#: after the port write a pending error is ignored */
    make_error();
    outb(0xf0, 0);
    waiting_insn();
    CHECK_EQ(5, irq13_pending(), 0);
    /* FNCLEX ends it: the next error asserts FERR# again */
    __asm__ volatile("fnclex");
    make_error();
    waiting_insn();
    CHECK_EQ(6, irq13_pending(), 1);
    /* served without touching the x87: FERR# stays up, so the same error
     * at the next waiting instruction makes no new edge */
    eoi_only = 1;
    __asm__ volatile("sti; nop; nop; cli");
    CHECK_EQ(7, hits, 2);
    waiting_insn();
    CHECK_EQ(8, irq13_pending(), 0);
    /* FNINIT (in make_error) drops the line: a new error, a new edge */
    make_error();
    waiting_insn();
    CHECK_EQ(9, irq13_pending(), 1);
    __asm__ volatile("sti; nop; nop; cli");
    /* and FNCLEX does */
    __asm__ volatile("fnclex\n fld1\n fldz\n .byte 0xde, 0xf9");
    waiting_insn();
    CHECK_EQ(10, irq13_pending(), 1);
    __asm__ volatile("sti; nop; nop; cli");
    CHECK_EQ(11, hits, 4);
    __asm__ volatile("fninit");
    puts32("ferr: IGNNE and FNINIT ok\n");
    exc_handler = 0;
    return 0;
}
