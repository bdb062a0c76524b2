/* The local APIC and the I/O APIC as a P6 pc's guest uses them (issue 13):
 * run as the pc's BIOS with --cpu=686. Self-IPIs, TPR masking, ISR and EOI,
 * the timer one-shot (waking HLT) and periodic, the PIT through I/O APIC
 * pin 2 (edge) and the RTC's periodic interrupt through pin 8 (level, with
 * Remote IRR until the EOI). Without an APIC (the bare machine) it checks
 * that CPUID says so. */
#include "guest32.h"

#define LAPIC  0xfee00000u
#define IOAPIC 0xfec00000u

static inline uint32_t rd(uint32_t a)
{
    return *(volatile uint32_t *)a;
}
static inline void wr(uint32_t a, uint32_t v)
{
    *(volatile uint32_t *)a = v;
}
static uint32_t io_rd(unsigned r)
{
    wr(IOAPIC, r);
    return rd(IOAPIC + 0x10);
}
static void io_wr(unsigned r, uint32_t v)
{
    wr(IOAPIC, r);
    wr(IOAPIC + 0x10, v);
}
static uint64_t rdmsr(uint32_t msr)
{
    uint32_t a, d;
    __asm__ volatile("rdmsr" : "=a"(a), "=d"(d) : "c"(msr));
    return ((uint64_t)d << 32) | a;
}

static volatile uint32_t hits[256], isr_seen, remote_irr_seen;

/* crt32's stubs give vectors 0-63 their own number: ours are 0x30-0x34 */
static int on_irq(void)
{
    uint32_t v = exc_vector;

    if (v < 32) {
        return 0; /* a real exception: fail */
    }
    hits[v]++;
    isr_seen = rd(LAPIC + 0x100 + (v / 32) * 0x10) & (1u << (v % 32));
    if (v == 0x34) {
        remote_irr_seen = io_rd(0x10 + 2 * 8) & (1u << 14);
        outb(0x70, 0x0c);
        (void)inb(0x71); /* reading RTC register C lowers IRQ8 */
    }
    if (v != 0xff) {
        wr(LAPIC + 0xb0, 0); /* EOI (not for the spurious vector) */
    }
    return 1;
}

/* With interrupts on for a while: the request arrives at an instruction
 * boundary the CPU chooses, as on hardware. */
static void spin(uint32_t vector, uint32_t n, int loops)
{
    __asm__ volatile("sti");
    for (volatile int i = 0; i < loops && hits[vector] < n; i++) {
    }
    __asm__ volatile("cli");
}

static void wait_for(int code, uint32_t vector, uint32_t n)
{
    for (int i = 0; i < 1000 && hits[vector] < n; i++) {
        __asm__ volatile("sti; hlt; cli" ::: "memory");
    }
    CHECK_EQ(code, hits[vector], n);
}

int main32(void);
int main32(void)
{
    uint32_t a, b, c, d;

    test_name = "apic";
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1));
    if (!(d & (1u << 9))) {
        puts32("apic: no APIC (CPUID bit clear) ok\n");
        return 0;
    }
    CHECK_EQ(2, (uint32_t)rdmsr(0x1b), 0xfee00900u);
    CHECK_EQ(3, rd(LAPIC + 0x30), 0x00050014);
    exc_handler = on_irq;
    outb(0x21, 0xff); /* the 8259s stay out of it */
    outb(0xa1, 0xff);
    wr(LAPIC + 0xf0, 0x1ff); /* enable, spurious vector 0xFF */

    /* self-IPI; the handler sees its ISR bit */
    wr(LAPIC + 0x300, 0x40030);
    spin(0x30, 1, 100000);
    CHECK_EQ(10, hits[0x30], 1);
    CHECK(11, isr_seen);
    CHECK_EQ(12, rd(LAPIC + 0x110) & (1u << 16), 0); /* EOI cleared it */
    /* TPR 0x50 holds vector 0x31 back */
    wr(LAPIC + 0x80, 0x50);
    wr(LAPIC + 0x300, 0x40031);
    spin(0x31, 1, 10000);
    CHECK_EQ(13, hits[0x31], 0);
    CHECK_EQ(14, rd(LAPIC + 0x210) & (1u << 17), 1u << 17); /* in IRR */
    wr(LAPIC + 0x80, 0);
    spin(0x31, 1, 100000);
    CHECK_EQ(15, hits[0x31], 1);
    puts32("apic: self-IPI, TPR, ISR and EOI ok\n");

    /* the timer: one-shot wakes HLT once, periodic until masked */
    wr(LAPIC + 0x3e0, 0xb); /* divide by 1 */
    wr(LAPIC + 0x320, 0x32);
    wr(LAPIC + 0x380, 200000);
    wait_for(20, 0x32, 1);
    CHECK_EQ(21, rd(LAPIC + 0x390), 0);
    wr(LAPIC + 0x320, 0x20032);
    wr(LAPIC + 0x380, 50000);
    wait_for(22, 0x32, 4);
    wr(LAPIC + 0x320, 0x30032);
    wr(LAPIC + 0x380, 0);
    puts32("apic: timer one-shot and periodic ok\n");

    /* PIT -> ISA IRQ 0 -> I/O APIC pin 2, edge, vector 0x33 */
    CHECK_EQ(30, io_rd(1) & 0xff, 0x11);
    io_wr(0x10 + 2 * 2 + 1, 0);
    io_wr(0x10 + 2 * 2, 0x33);
    outb(0x43, 0x34);
    outb(0x40, 0xa9); /* 1193: about 1 ms */
    outb(0x40, 0x04);
    wait_for(31, 0x33, 3);
    io_wr(0x10 + 2 * 2, 0x10033);
    outb(0x43, 0x30); /* one-shot mode, no count: quiet */
    puts32("apic: PIT through the I/O APIC ok\n");

    /* RTC periodic interrupt -> IRQ 8 -> pin 8, level, vector 0x34 */
    io_wr(0x10 + 2 * 8 + 1, 0);
    io_wr(0x10 + 2 * 8, 0x8034);
    outb(0x70, 0x0a);
    outb(0x71, 0x26); /* 1024 Hz */
    outb(0x70, 0x0b);
    outb(0x71, 0x42); /* PIE, 24 h */
    wait_for(40, 0x34, 2);
    CHECK(41, remote_irr_seen);
    outb(0x70, 0x0b);
    outb(0x71, 0x02);
    io_wr(0x10 + 2 * 8, 0x18034);
    CHECK_EQ(42, io_rd(0x10 + 2 * 8) & (1u << 14), 0);
    puts32("apic: RTC through the I/O APIC, level ok\n");

    exc_handler = 0;
    return 0;
}
