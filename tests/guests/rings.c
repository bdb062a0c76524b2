/* Ring transitions: IRET to ring 3, a call gate and an interrupt gate back
 * to ring 0 (stack switch through the TSS), gate DPL checks, privileged
 * instructions, #AC alignment checks and user/supervisor page faults. */
#include "guest32.h"

#define TSS_ADDR   0x30000
#define USER_STACK 0x70000
#define SEL_TSS    0x48
#define SEL_CGATE  0x50

volatile uint32_t gate_cs, gate_caller_cs, gate_ss;

/* user_run(fn): IRET to ring 3 at fn; fn ends with int $0x42 (vector
 * 255 for catch_call) or faults. */
void user_run(void *fn);
__asm__(".text\nuser_run:\n"
        "mov 4(%esp), %eax\n"
        "push $0x33\npush $0x70000\npushf\npush $0x2b\npush %eax\n"
        "mov $0x33, %ecx\nmov %ecx, %ds\nmov %ecx, %es\n"
        "iret\n");

/* ring-3 scenarios */
void u_exit(void), u_callgate(void), u_intgate(void), u_gp(void), u_cli(void),
    u_ac(void), u_pf_read(void), u_pf_write(void);
__asm__(".text\n"
        "u_exit: int $0x42\n"
        "u_callgate: lcall $0x53, $0\nint $0x42\n"
        "u_intgate: int $0x40\nint $0x42\n"
        "u_gp: int $0x41\nint $0x42\n"
        "u_cli: cli\nint $0x42\n"
        "u_ac: pushf\norl $0x40000, (%esp)\npopf\n"
        "movl 0x70001, %eax\nint $0x42\n"
        "u_pf_read: movl 0x300000, %eax\nint $0x42\n"
        "u_pf_write: movl $1, 0x301000\nint $0x42\n");

/* ring-0 targets of the call gate and of the DPL-3 interrupt gate */
void cgate_target(void), igate_target(void);
__asm__(".text\n"
        "cgate_target: push %eax\nmov %cs, %eax\nmov %eax, %ss:gate_cs\n"
        "mov 8(%esp), %eax\nmov %eax, %ss:gate_caller_cs\n"
        "mov %ss, %eax\nmov %eax, %ss:gate_ss\npop %eax\nlret\n"
        "igate_target: push %eax\nmov %cs, %eax\nmov %eax, %ss:gate_cs\n"
        "mov 8(%esp), %eax\nmov %eax, %ss:gate_caller_cs\n"
        "mov %ss, %eax\nmov %eax, %ss:gate_ss\npop %eax\niret\n");

static int run(void (*fn)(void))
{
    return catch_call(user_run, (void *)fn);
}

int main32(void);
int main32(void)
{
    volatile uint32_t *tss = (volatile uint32_t *)TSS_ADDR;

    test_name = "rings";
    for (int i = 0; i < 26; i++) {
        tss[i] = 0;
    }
    tss[1] = 0x80000;    /* esp0 */
    tss[2] = SEL_DATA32; /* ss0 */
    tss[25] = 0x680000;  /* I/O map base beyond the limit: no bitmap */
    gdt_set(9, TSS_ADDR, 0x67, 0x89, 0);
    __asm__ volatile("ltr %w0" ::"r"(SEL_TSS));
    gdt_set_gate(10, SEL_CODE32, (uint32_t)cgate_target, GATE_CALL32, 3, 0);
    idt_set_gate(0x40, SEL_CODE32, (uint32_t)igate_target, GATE_INT32, 3);
    idt_set_gate(0x42, SEL_CODE32, (uint32_t)exc_stub_other, GATE_INT32, 3);

    CHECK_EQ(1, run(u_exit), 255);
    CHECK_EQ(2, exc_cs, SEL_UCODE);
    puts32("rings: iret to ring 3 and int back ok\n");

    CHECK_EQ(3, run(u_callgate), 255);
    CHECK_EQ(4, gate_cs, SEL_CODE32);
    CHECK_EQ(5, gate_caller_cs, SEL_UCODE);
    CHECK_EQ(6, gate_ss, SEL_DATA32);
    CHECK_EQ(7, exc_cs, SEL_UCODE); /* lret went back to ring 3 */
    puts32("rings: call gate ok\n");

    gate_cs = gate_caller_cs = 0;
    CHECK_EQ(8, run(u_intgate), 255);
    CHECK_EQ(9, gate_cs, SEL_CODE32);
    CHECK_EQ(10, gate_caller_cs, SEL_UCODE);
    CHECK_EQ(11, exc_cs, SEL_UCODE);
    puts32("rings: interrupt gate ok\n");

    CHECK_EQ(12, run(u_gp), 13);
    CHECK_EQ(13, exc_error, 0x41 * 8 + 2);
    CHECK_EQ(14, run(u_cli), 13);
    CHECK_EQ(15, exc_error, 0);
    puts32("rings: gate DPL and IOPL checks ok\n");

    /* #AC is optional: QEMU's TCG (and so bmx86) does not check
     * alignment; if it is raised it must be right. */
    write_cr0(read_cr0() | 0x40000); /* AM */
    int v = run(u_ac);
    if (v == 17) {
        CHECK_EQ(17, exc_error, 0);
        puts32("rings: #AC ok\n");
    } else {
        CHECK_EQ(16, v, 255);
        puts32("rings: #AC not raised (alignment checks not emulated)\n");
    }
    write_cr0(read_cr0() & ~0x40000u);
    CHECK_EQ(18, run(u_ac), 255); /* AM off: never */

    /* user/supervisor pages: 0x300000 supervisor, 0x301000 user RO */
    volatile uint32_t *pd = (volatile uint32_t *)0x50000;
    volatile uint32_t *pt = (volatile uint32_t *)0x51000;
    for (int i = 0; i < 1024; i++) {
        pd[i] = 0;
        pt[i] = (uint32_t)(i << 12) | 7;
    }
    pd[0] = 0x51000 | 7;
    pt[0x300] = 0x300000 | 3;
    pt[0x301] = 0x301000 | 5;
    write_cr3(0x50000);
    write_cr0(read_cr0() | 0x80000000u);
    CHECK_EQ(19, run(u_pf_read), 14);
    CHECK_EQ(20, exc_error, 5);
    CHECK_EQ(21, exc_cr2, 0x300000);
    CHECK_EQ(22, run(u_pf_write), 14);
    CHECK_EQ(23, exc_error, 7);
    CHECK_EQ(24, exc_cr2, 0x301000);
    write_cr0(read_cr0() & ~0x80000000u);
    puts32("rings: user-mode page faults ok\n");
    puts32("rings: all ok\n");
    return 0;
}
