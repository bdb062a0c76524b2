/* The P6 level (issue 13): CPUID, CMOVcc, the multi-byte NOP, RDPMC and the
 * performance counter MSRs, PAT, SYSENTER/SYSEXIT, and global pages that
 * survive a CR3 load. On an older CPU (the default run) the same program
 * checks that none of it exists: #UD for the opcodes, #GP for the MSRs and
 * CR4.PGE. Run with --cpu 686 as well. */
#include "guest32.h"

#define PD  ((volatile uint32_t *)0x50000)
#define PT0 ((volatile uint32_t *)0x51000) /* 0-4 MiB, identity */
#define PT1 ((volatile uint32_t *)0x52000) /* 4-8 MiB */
#define P   0x001
#define RW  0x002
#define G   0x100

#define SEL_SMALL 0x38 /* data, limit 0xFFF */
#define SEL_SYS   0xa0 /* SYSENTER_CS: flat code/data DPL 0, then DPL 3 */

static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *d)
{
    uint32_t b, c;
    __asm__ volatile("cpuid"
                     : "=a"(*a), "=b"(b), "=c"(c), "=d"(*d)
                     : "a"(leaf));
}
static void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v),
                     "d"((uint32_t)(v >> 32)));
}
static uint64_t rdmsr(uint32_t msr)
{
    uint32_t a, d;
    __asm__ volatile("rdmsr" : "=a"(a), "=d"(d) : "c"(msr));
    return ((uint64_t)d << 32) | a;
}
static inline uint32_t read_cr4(void)
{
    uint32_t v;
    __asm__ volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}
static inline void write_cr4(uint32_t v)
{
    __asm__ volatile("mov %0, %%cr4" ::"r"(v) : "memory");
}

static volatile uint32_t probe;

static void do_cmov(void *arg)
{
    (void)arg;
    __asm__ volatile(".byte 0x0f, 0x44, 0xc3" ::: "eax"); /* cmovz eax,ebx */
}
static void do_nopl(void *arg)
{
    (void)arg;
    __asm__ volatile(".byte 0x0f, 0x1f, 0x00"); /* nopl (eax) */
}
static void do_sysenter(void *arg)
{
    (void)arg;
    __asm__ volatile(".byte 0x0f, 0x34");
}
static void do_rdmsr_pat(void *arg)
{
    (void)arg;
    probe = (uint32_t)rdmsr(0x277);
}
static void do_cr4_pge(void *arg)
{
    (void)arg;
    write_cr4(read_cr4() | 0x80);
}
static void do_rdpmc2(void *arg)
{
    (void)arg;
    __asm__ volatile("rdpmc" ::"c"(2) : "eax", "edx");
}
/* cmovnz eax, fs:[0x2000] with ZF=1: the source is read all the same */
static void do_cmov_fault(void *arg)
{
    (void)arg;
    __asm__ volatile("mov %0, %%fs\n"
                     "xor %%eax, %%eax\n" /* ZF = 1 */
                     ".byte 0x64, 0x0f, 0x45, 0x05\n"
                     ".long 0x2000\n" ::"r"(SEL_SMALL)
                     : "eax", "memory");
}

static void test_older(void)
{
    uint32_t a = 0, d = 0;

    cpuid(1, &a, &d);
    CHECK(1, ((a >> 8) & 15) < 6);
    CHECK_EQ(2, d & (1u << 15), 0); /* no CMOV */
    CHECK_EQ(3, catch_call(do_cmov, 0), 6);
    CHECK_EQ(4, catch_call(do_nopl, 0), 6);
    CHECK_EQ(5, catch_call(do_sysenter, 0), 6);
    CHECK_EQ(6, catch_call(do_rdmsr_pat, 0), 13);
    CHECK_EQ(7, catch_call(do_cr4_pge, 0), 13);
    puts32("p6: before the P6: #UD and #GP ok\n");
}

/* ---- SYSENTER/SYSEXIT ---- */
volatile uint32_t u_cs, u_ss, u_esp, k_cs, k_ss, k_esp, k_eflags, k_ecx;
void sysexit_to_user(uint32_t ustack);
void user_side(void), kernel_entry(void);
__asm__(".text\n"
        "sysexit_to_user:\n"
        "push %ebx\npush %esi\npush %edi\npush %ebp\n"
        "mov %esp, saved_kesp\n"
        "mov 20(%esp), %ecx\n" /* user ESP */
        "mov $user_side, %edx\n"
        "mov $0x33, %eax\nmov %eax, %ds\nmov %eax, %es\n"
        ".byte 0x0f, 0x35\n" /* sysexit */
        "user_side:\n"
        "mov %cs, %eax\nmovzwl %ax, %eax\nmov %eax, u_cs\n"
        "mov %ss, %eax\nmovzwl %ax, %eax\nmov %eax, u_ss\n"
        "mov %esp, u_esp\n"
        "mov $0x1234, %ecx\n"
        ".byte 0x0f, 0x34\n" /* sysenter */
        "kernel_entry:\n"
        "mov %cs, %eax\nmovzwl %ax, %eax\nmov %eax, %ss:k_cs\n"
        "mov %ss, %eax\nmovzwl %ax, %eax\nmov %eax, %ss:k_ss\n"
        "mov %esp, %ss:k_esp\n"
        "mov %ecx, %ss:k_ecx\n"
        "pushf\npop %eax\nmov %eax, %ss:k_eflags\n"
        "mov $0x10, %eax\nmov %eax, %ds\nmov %eax, %es\nmov %eax, %ss\n"
        "mov saved_kesp, %esp\n"
        "ljmp $0x08, $1f\n"
        "1: pop %ebp\npop %edi\npop %esi\npop %ebx\nret\n"
        ".bss\nsaved_kesp: .long 0\n.text\n");

static void test_sysenter(void)
{
    gdt_set(SEL_SYS >> 3, 0, 0xfffff, 0x9b, 0xc);
    gdt_set((SEL_SYS >> 3) + 1, 0, 0xfffff, 0x93, 0xc);
    gdt_set((SEL_SYS >> 3) + 2, 0, 0xfffff, 0xfb, 0xc);
    gdt_set((SEL_SYS >> 3) + 3, 0, 0xfffff, 0xf3, 0xc);
    /* SYSENTER_CS = 0: #GP(0) */
    wrmsr(0x174, 0);
    CHECK_EQ(40, catch_call(do_sysenter, 0), 13);
    CHECK_EQ(41, exc_error, 0);
    wrmsr(0x174, SEL_SYS);
    wrmsr(0x175, 0x7f000);
    wrmsr(0x176, (uint32_t)kernel_entry);
    CHECK_EQ(42, (uint32_t)rdmsr(0x176), (uint32_t)kernel_entry);
    __asm__ volatile("sti"); /* SYSENTER must clear IF */
    sysexit_to_user(0x6f000);
    __asm__ volatile("cli");
    CHECK_EQ(43, u_cs, (SEL_SYS + 16) | 3);
    CHECK_EQ(44, u_ss, (SEL_SYS + 24) | 3);
    CHECK_EQ(45, u_esp, 0x6f000);
    CHECK_EQ(46, k_cs, SEL_SYS);
    CHECK_EQ(47, k_ss, SEL_SYS + 8);
    CHECK_EQ(48, k_esp, 0x7f000);
    CHECK_EQ(49, k_eflags & 0x200, 0); /* IF cleared */
    CHECK_EQ(50, k_ecx, 0x1234);
    puts32("p6: sysexit to ring 3 and sysenter back ok\n");
}

/* ---- PGE ---- */
static void test_pge(void)
{
    volatile uint32_t *va_g = (volatile uint32_t *)0x400000;
    volatile uint32_t *va_n = (volatile uint32_t *)0x401000;

    *(volatile uint32_t *)0x300000 = 0xaaaa;
    *(volatile uint32_t *)0x301000 = 0xbbbb;
    for (int i = 0; i < 1024; i++) {
        PD[i] = 0;
        PT0[i] = (uint32_t)(i << 12) | P | RW;
        PT1[i] = 0;
    }
    PD[0] = 0x51000 | P | RW;
    PD[1] = 0x52000 | P | RW;
    PT1[0] = 0x300000 | P | RW | G;
    PT1[1] = 0x300000 | P | RW;
    write_cr3(0x50000);
    write_cr4(read_cr4() | 0x80);
    write_cr0(read_cr0() | 0x80000000u);
    CHECK_EQ(60, *va_g, 0xaaaa);
    CHECK_EQ(61, *va_n, 0xaaaa);
    /* remap both without INVLPG, reload CR3: the global one stays */
    PT1[0] = 0x301000 | P | RW | G;
    PT1[1] = 0x301000 | P | RW;
    write_cr3(read_cr3());
    CHECK_EQ(62, *va_g, 0xaaaa);
    CHECK_EQ(63, *va_n, 0xbbbb);
    /* INVLPG drops a global page */
    invlpg(0x400000);
    CHECK_EQ(64, *va_g, 0xbbbb);
    /* clearing CR4.PGE flushes global pages too */
    PT1[0] = 0x300000 | P | RW | G;
    write_cr3(read_cr3());
    CHECK_EQ(65, *va_g, 0xbbbb);
    write_cr4(read_cr4() & ~0x80u);
    CHECK_EQ(66, *va_g, 0xaaaa);
    write_cr0(read_cr0() & ~0x80000000u);
    puts32("p6: global pages ok\n");
}

static void test_p6(void)
{
    uint32_t a = 0, d = 0, r;

    cpuid(1, &a, &d);
    CHECK_EQ(20, (a >> 8) & 15, 6);
    CHECK_EQ(21, d & (1u << 15 | 1u << 11 | 1u << 13 | 1u << 16 | 1u << 12),
             1u << 15 | 1u << 11 | 1u << 13 | 1u << 16 | 1u << 12);

    /* CMOV: taken, not taken, 16-bit, from memory */
    __asm__ volatile("mov $0x11111111, %%eax\n mov $0x22222222, %%ebx\n"
                     "cmp %%eax, %%eax\n cmovz %%ebx, %%eax"
                     : "=a"(r)::"ebx", "cc");
    CHECK_EQ(22, r, 0x22222222);
    __asm__ volatile("mov $0x11111111, %%eax\n mov $0x22222222, %%ebx\n"
                     "cmp %%eax, %%eax\n cmovnz %%ebx, %%eax"
                     : "=a"(r)::"ebx", "cc");
    CHECK_EQ(23, r, 0x11111111);
    __asm__ volatile("mov $0x11111111, %%eax\n mov $0x22223333, %%ebx\n"
                     "cmp %%eax, %%eax\n cmovz %%bx, %%ax"
                     : "=a"(r)::"ebx", "cc");
    CHECK_EQ(24, r, 0x11113333);
    probe = 0x5a5a;
    __asm__ volatile("xor %%eax, %%eax\n cmovz probe, %%eax"
                     : "=a"(r)::"cc", "memory");
    CHECK_EQ(25, r, 0x5a5a);
    gdt_set(SEL_SMALL >> 3, 0, 0xfff, 0x93, 0x4);
    CHECK_EQ(26, catch_call(do_cmov_fault, 0), 13);
    puts32("p6: cmov ok\n");

    /* NOPs of 3 to 9 bytes, the address never used */
    __asm__ volatile(
        ".byte 0x0f, 0x1f, 0x00\n"
        ".byte 0x0f, 0x1f, 0x40, 0x00\n"
        ".byte 0x0f, 0x1f, 0x44, 0x00, 0x00\n"
        ".byte 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00\n"
        ".byte 0x0f, 0x1f, 0x80, 0, 0, 0, 0\n"
        ".byte 0x66, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0\n" ::"a"(0xfffffff0u));
    puts32("p6: multi-byte nop ok\n");

    /* performance counters: what WRMSR put, 40 bits */
    wrmsr(0xc1, 0xff123456789aull);
    __asm__ volatile("rdpmc" : "=a"(a), "=d"(d) : "c"(0));
    CHECK_EQ(27, a, 0x3456789a);
    CHECK_EQ(28, d, 0x12);
    CHECK_EQ(29, catch_call(do_rdpmc2, 0), 13);
    /* PAT */
    CHECK_EQ(30, (uint32_t)rdmsr(0x277), 0x00070406);
    CHECK_EQ(31, (uint32_t)(rdmsr(0x277) >> 32), 0x00070406);
    wrmsr(0x277, 0x0001050600070406ull);
    CHECK_EQ(32, (uint32_t)(rdmsr(0x277) >> 32), 0x00010506);
    puts32("p6: rdpmc and PAT ok\n");

    test_sysenter();
    test_pge();
}

int main32(void);
int main32(void)
{
    uint32_t a = 0, d = 0;

    test_name = "p6";
    cpuid(1, &a, &d);
    if (((a >> 8) & 15) >= 6) {
        test_p6();
    } else {
        test_older();
    }
    puts32("p6: all ok\n");
    return 0;
}
