/* Hardware task switches: JMP to a TSS and back, CALL with the back link
 * and NT then IRET, and a task gate in the IDT; busy bits and the saved
 * and loaded register state. */
#include "guest32.h"

#define TSS_A 0x30000
#define TSS_B 0x31000
#define SEL_A 0x48
#define SEL_B 0x50

volatile uint32_t b_tr, b_eflags, b_ebx, b_link, b_runs, b_mode, b_busy_seen;

void task_b(void);
__asm__(".text\ntask_b:\n"
        "str %ax\nmovzwl %ax, %eax\nmov %eax, b_tr\n"
        "pushf\npop %eax\nmov %eax, b_eflags\n"
        "mov %ebx, b_ebx\n"
        "mov 0x31000, %eax\nmov %eax, b_link\n"
        "mov 0x1054, %eax\nmov %eax, b_busy_seen\n" /* GDT[10] high word */
        "incl b_runs\n"
        "cmpl $0, b_mode\njne 1f\n"
        "ljmp $0x48, $0\njmp task_b\n"
        "1: iret\njmp task_b\n");

void call_busy(void *arg);
__asm__(".text\ncall_busy: lcall $0x48, $0\nret\n");

static void tss_b_init(void)
{
    volatile uint32_t *t = (volatile uint32_t *)TSS_B;
    for (int i = 0; i < 26; i++) {
        t[i] = 0;
    }
    t[7] = read_cr3();
    t[8] = (uint32_t)task_b; /* EIP */
    t[9] = 0x2;              /* EFLAGS */
    t[13] = 0xb0b0;          /* EBX */
    t[14] = 0x60000;         /* ESP */
    t[18] = SEL_DATA32;      /* ES */
    t[19] = SEL_CODE32;      /* CS */
    t[20] = SEL_DATA32;      /* SS */
    t[21] = SEL_DATA32;      /* DS */
    t[22] = SEL_DATA32;
    t[23] = SEL_DATA32;
    t[25] = 0x680000;
}

static uint32_t desc_type(int index)
{
    return (uint32_t)(gdt_get(index) >> 40) & 0xf;
}

int main32(void);
int main32(void)
{
    volatile uint32_t *a = (volatile uint32_t *)TSS_A;
    uint32_t ebx_after;

    test_name = "tss";
    for (int i = 0; i < 26; i++) {
        a[i] = 0;
    }
    a[25] = 0x680000;
    gdt_set(9, TSS_A, 0x67, 0x89, 0);
    gdt_set(10, TSS_B, 0x67, 0x89, 0);
    __asm__ volatile("ltr %w0" ::"r"(SEL_A));
    CHECK_EQ(1, desc_type(9), 0xb); /* LTR marks it busy */
    tss_b_init();

    /* JMP: no back link, no NT; the old task is no longer busy */
    b_mode = 0;
    __asm__ volatile("mov $0x1234, %%ebx\n ljmp $0x50, $0\n mov %%ebx, %0"
                     : "=r"(ebx_after)::"ebx", "memory");
    CHECK_EQ(2, b_runs, 1);
    CHECK_EQ(3, b_tr, SEL_B);
    CHECK_EQ(4, b_ebx, 0xb0b0);
    CHECK_EQ(5, b_eflags & 0x4000, 0);
    CHECK_EQ(6, (b_busy_seen >> 8) & 0xf, 0xb);
    CHECK_EQ(7, ebx_after, 0x1234); /* A's state came back from its TSS */
    CHECK_EQ(8, desc_type(10), 0x9);
    CHECK_EQ(9, desc_type(9), 0xb);
    puts32("tss: jmp to a task and back ok\n");

    /* CALL: back link and NT, IRET returns */
    b_mode = 1;
    __asm__ volatile("lcall $0x50, $0" ::: "memory");
    CHECK_EQ(10, b_runs, 2);
    CHECK_EQ(11, b_link, SEL_A);
    CHECK_EQ(12, b_eflags & 0x4000, 0x4000);
    CHECK_EQ(13, desc_type(10), 0x9);
    CHECK_EQ(14, read_eflags() & 0x4000, 0);
    puts32("tss: call to a task and iret ok\n");

    /* task gate in the IDT */
    idt_set_gate(0x44, SEL_B, 0, GATE_TASK, 0);
    __asm__ volatile("int $0x44" ::: "memory");
    CHECK_EQ(15, b_runs, 3);
    CHECK_EQ(16, b_link, SEL_A);
    puts32("tss: task gate ok\n");

    /* the running (busy) task cannot be called: #GP(selector) */
    CHECK_EQ(17, catch_call(call_busy, 0), 13);
    CHECK_EQ(18, exc_error, SEL_A);
    puts32("tss: busy task #GP ok\n");
    puts32("tss: all ok\n");
    return 0;
}
