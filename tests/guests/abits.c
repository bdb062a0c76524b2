/* Accessed and dirty bits of a walk that faults (issue 11.3), in code a
 * 386 runs (no INVLPG, no CR0.WP): the 386 sets the directory entry's A bit
 * only for an access that is allowed, the 486 and later as soon as the
 * entry leads to a page table. Run on the default CPU and with --cpu=386. */
#include "guest32.h"

#define PD  ((volatile uint32_t *)0x50000)
#define PT0 ((volatile uint32_t *)0x51000) /* 0-4 MiB, identity */
#define PT1 ((volatile uint32_t *)0x52000) /* 4-8 MiB */
#define P   0x001
#define RW  0x002
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

/* A 386 cannot set EFLAGS.AC. */
static int is_386(void)
{
    uint32_t f;
    __asm__ volatile("pushfl\norl $0x40000, (%%esp)\npopfl\n"
                     "pushfl\npopl %0\n"
                     "pushfl\nandl $~0x40000, (%%esp)\npopfl"
                     : "=r"(f));
    return !(f & 0x40000);
}

int main32(void);
int main32(void)
{
    int cpu386 = is_386();
    uint32_t pde_a_on_fault = cpu386 ? 0 : A;

    test_name = "abits";
    puts32(cpu386 ? "abits: a 386\n" : "abits: a 486 or later\n");
    for (int i = 0; i < 1024; i++) {
        PD[i] = 0;
        PT0[i] = (uint32_t)(i << 12) | P | RW;
        PT1[i] = 0;
    }
    PD[0] = 0x51000 | P | RW;
    PD[1] = 0x52000 | P | RW;
    PT1[1] = 0x401000 | P | RW;
    PT1[2] = 0x402000 | P | RW;
    write_cr3(0x50000);
    write_cr0(read_cr0() | 0x80000000u);
    CHECK_EQ(1, PD[0] & A, A);

    /* not-present PTE, read and write: the PTE is untouched, the PDE as
     * the CPU does it, never D */
    probe_addr = 0x400010;
    CHECK_EQ(2, catch_call(do_read, 0), 14);
    CHECK_EQ(3, exc_error, 0);
    CHECK_EQ(4, PD[1] & (A | D), pde_a_on_fault);
    CHECK_EQ(5, PT1[0], 0);
    PD[1] &= ~A;
    write_cr3(read_cr3());
    probe_addr = 0x403000;
    CHECK_EQ(6, catch_call(do_write, 0), 14);
    CHECK_EQ(7, exc_error, 2);
    CHECK_EQ(8, PD[1] & (A | D), pde_a_on_fault);
    CHECK_EQ(9, PT1[3], 0);
    puts32("abits: faulting walks ok\n");

    /* allowed accesses: A in both, D only in the PTE of a write */
    PD[1] &= ~A;
    write_cr3(read_cr3());
    probe_addr = 0x401000;
    CHECK_EQ(10, catch_call(do_read, 0), -1);
    CHECK_EQ(11, PD[1] & (A | D), A);
    CHECK_EQ(12, PT1[1] & (A | D), A);
    probe_addr = 0x402004;
    probe_val = 7;
    CHECK_EQ(13, catch_call(do_write, 0), -1);
    CHECK_EQ(14, PT1[2] & (A | D), A | D);
    CHECK_EQ(15, PD[1] & D, 0);
    /* the first write to a page read before sets D then */
    probe_addr = 0x401008;
    CHECK_EQ(16, catch_call(do_write, 0), -1);
    CHECK_EQ(17, PT1[1] & (A | D), A | D);
    puts32("abits: allowed accesses ok\n");

    write_cr0(read_cr0() & ~0x80000000u);
    puts32("abits: all ok\n");
    return 0;
}
