/* Paging: #PF with CR2 and error codes, A/D bits, CR0.WP, INVLPG, and
 * unaligned / page-crossing accesses (including across non-contiguous
 * frames and into a missing page). */
#include "guest32.h"

#define PD  ((volatile uint32_t *)0x50000)
#define PT0 ((volatile uint32_t *)0x51000) /* maps 0-4 MiB */
#define P   0x001
#define RW  0x002
#define US  0x004
#define A   0x020
#define D   0x040

static volatile uint32_t probe_addr, probe_val;

static void do_read(void *arg)
{
    (void)arg;
    probe_val = *(volatile uint32_t *)probe_addr;
}
static void do_write(void *arg)
{
    (void)arg;
    *(volatile uint32_t *)probe_addr = probe_val;
}

static void map(uint32_t va, uint32_t pa, uint32_t flags)
{
    PT0[va >> 12] = (pa & ~0xfffu) | flags;
}

static void expect_pf(int code, void (*fn)(void *), uint32_t addr, uint32_t err,
                      uint32_t cr2)
{
    probe_addr = addr;
    CHECK_EQ(code, catch_call(fn, 0), 14);
    CHECK_EQ(code, exc_error, err);
    CHECK_EQ(code, exc_cr2, cr2);
}

int main32(void);
int main32(void)
{
    test_name = "paging";
    for (int i = 0; i < 1024; i++) {
        PD[i] = 0;
        PT0[i] = (uint32_t)(i << 12) | P | RW;
    }
    PD[0] = 0x51000 | P | RW;
    write_cr3(0x50000);
    write_cr0(read_cr0() | 0x80000000u);
    CHECK(1, read_cr0() & 0x80000000u);
    CHECK(2, PD[0] & A);
    puts32("paging: enabled\n");

    /* A/D bits */
    map(0x300000, 0x300000, P | RW);
    invlpg(0x300000);
    (void)*(volatile uint32_t *)0x300000;
    CHECK_EQ(3, PT0[0x300] & (A | D), A);
    *(volatile uint32_t *)0x300004 = 1;
    CHECK_EQ(4, PT0[0x300] & (A | D), A | D);
    puts32("paging: accessed/dirty ok\n");

    /* not present: read, write */
    map(0x301000, 0, 0);
    invlpg(0x301000);
    expect_pf(5, do_read, 0x301010, 0, 0x301010);
    expect_pf(6, do_write, 0x301020, 2, 0x301020);
    puts32("paging: not-present #PF ok\n");

    /* read-only page: supervisor writes fault only with CR0.WP */
    *(volatile uint32_t *)0x302000 = 0;
    map(0x302000, 0x302000, P);
    invlpg(0x302000);
    write_cr0(read_cr0() | 0x10000);
    probe_val = 0x5a5a5a5a;
    expect_pf(7, do_write, 0x302000, 3, 0x302000);
    CHECK_EQ(8, *(volatile uint32_t *)0x302000, 0);
    write_cr0(read_cr0() & ~0x10000u);
    probe_addr = 0x302000;
    CHECK_EQ(9, catch_call(do_write, 0), -1);
    CHECK_EQ(10, *(volatile uint32_t *)0x302000, 0x5a5a5a5a);
    puts32("paging: write protect ok\n");

    /* INVLPG: remap a page, the new frame is seen after the flush */
    *(volatile uint32_t *)0x304000 = 0xaaaa0001;
    *(volatile uint32_t *)0x305000 = 0xbbbb0002;
    map(0x303000, 0x304000, P | RW);
    invlpg(0x303000);
    CHECK_EQ(11, *(volatile uint32_t *)0x303000, 0xaaaa0001);
    map(0x303000, 0x305000, P | RW);
    invlpg(0x303000);
    CHECK_EQ(12, *(volatile uint32_t *)0x303000, 0xbbbb0002);
    /* a CR3 reload flushes too */
    map(0x303000, 0x304000, P | RW);
    write_cr3(read_cr3());
    CHECK_EQ(13, *(volatile uint32_t *)0x303000, 0xaaaa0001);
    puts32("paging: invlpg ok\n");

    /* unaligned, page-crossing, non-contiguous frames:
     * 0x306000 -> 0x310000, 0x307000 -> 0x320000 */
    map(0x306000, 0x310000, P | RW);
    map(0x307000, 0x320000, P | RW);
    invlpg(0x306000);
    invlpg(0x307000);
    *(volatile uint32_t *)0x310ffc = 0;
    *(volatile uint32_t *)0x320000 = 0;
    *(volatile uint32_t *)0x306ffe = 0x44332211;
    CHECK_EQ(14, *(volatile uint16_t *)0x310ffe, 0x2211);
    CHECK_EQ(15, *(volatile uint16_t *)0x320000, 0x4433);
    CHECK_EQ(16, *(volatile uint32_t *)0x306ffe, 0x44332211);
    CHECK_EQ(17, *(volatile uint32_t *)0x306fff, 0x00443322);
    *(volatile uint16_t *)0x306fff = 0x6655;
    CHECK_EQ(18, *(volatile uint8_t *)0x310fff, 0x55);
    CHECK_EQ(19, *(volatile uint8_t *)0x320000, 0x66);
    /* unaligned within a page */
    *(volatile uint32_t *)0x300101 = 0x0a0b0c0d;
    CHECK_EQ(20, *(volatile uint16_t *)0x300102, 0x0b0c);
    CHECK_EQ(21, *(volatile uint32_t *)0x300100 >> 8, 0x0b0c0d);
    puts32("paging: unaligned and page-crossing ok\n");

    /* crossing into a missing page: #PF for the second page, and the
     * first page is not written */
    map(0x307000, 0, 0);
    invlpg(0x307000);
    *(volatile uint32_t *)0x310ffc = 0x11111111;
    expect_pf(22, do_read, 0x306ffe, 0, 0x307000);
    probe_val = 0x99999999;
    expect_pf(23, do_write, 0x306ffe, 2, 0x307000);
    CHECK_EQ(24, *(volatile uint32_t *)0x310ffc, 0x11111111);
    puts32("paging: page-crossing #PF ok\n");

    write_cr0(read_cr0() & ~0x80000000u);
    puts32("paging: all ok\n");
    return 0;
}
