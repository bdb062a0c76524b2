/* Virtual-8086 mode: IRET into V86, real-mode segment arithmetic, the TSS
 * I/O permission bitmap (allowed and denied ports), IOPL-sensitive
 * instructions, and the fault frame seen by the ring-0 handler. */
#include "guest32.h"

#define TSS_ADDR 0x30000
#define IOMAP    0x68
#define SEL_TSS  0x48

/* v86_enter(entry): IRET to F000:entry in V86 mode with DS = 0x0070,
 * SS:SP = 0000:6000, IOPL from v86_iopl. */
volatile uint32_t v86_iopl;
void v86_enter(void *entry);
__asm__(".text\nv86_enter:\n"
        "mov 4(%esp), %eax\n"
        "push $0\npush $0\npush $0x0070\npush $0\n" /* gs fs ds es */
        "push $0\npush $0x6000\n"                   /* ss esp */
        "mov v86_iopl, %ecx\nshl $12, %ecx\nor $0x20002, %ecx\npush %ecx\n"
        "push $0xf000\npush %eax\niret\n");

/* V86 code (16-bit, in the F000 segment). */
extern char v86_io[], v86_io_denied[], v86_int[], v86_cli[];
__asm__(".section .text16, \"ax\"\n.code16\n"
        ".globl v86_io, v86_io_denied, v86_int, v86_cli\n"
        "v86_io: movw $0x1234, (0x10)\n" /* linear 0x710 */
        "mov $'v', %al\noutb %al, $0xe9\n"
        "mov $0x55, %al\noutb %al, $0x80\n"
        "mov $'\\n', %al\noutb %al, $0xe9\n"
        "v86_io_denied: inb $0x71, %al\n"
        "hlt\n"
        "v86_int: int $0x30\nhlt\n"
        "v86_cli: cli\nhlt\n"
        ".code32\n.text\n");

int main32(void);
int main32(void)
{
    volatile uint32_t *tss = (volatile uint32_t *)TSS_ADDR;
    volatile uint8_t *bitmap = (volatile uint8_t *)(TSS_ADDR + IOMAP);

    test_name = "v86";
    for (int i = 0; i < 26; i++) {
        tss[i] = 0;
    }
    tss[1] = 0x80000;
    tss[2] = SEL_DATA32;
    tss[25] = (uint32_t)IOMAP << 16;
    for (int i = 0; i < 8192; i++) {
        bitmap[i] = 0xff; /* every port denied ... */
    }
    bitmap[8192] = 0xff;
    bitmap[0xe9 / 8] &= (uint8_t) ~(1u << (0xe9 % 8)); /* ... but these */
    bitmap[0x80 / 8] &= (uint8_t) ~(1u << (0x80 % 8));
    gdt_set(9, TSS_ADDR, IOMAP + 8192, 0x89, 0);
    __asm__ volatile("ltr %w0" ::"r"(SEL_TSS));

    *(volatile uint16_t *)0x710 = 0;
    v86_iopl = 0;
    CHECK_EQ(1, catch_call(v86_enter, (void *)v86_io), 13);
    CHECK_EQ(2, exc_error, 0);
    CHECK_EQ(3, exc_cs, 0xf000);
    CHECK_EQ(4, exc_eip, (uint32_t)v86_io_denied);
    CHECK(5, exc_eflags & 0x20000);
    CHECK_EQ(6, *(volatile uint16_t *)0x710, 0x1234);
    puts32("v86: I/O bitmap allows 0xe9/0x80 and denies 0x71 ok\n");

    CHECK_EQ(7, catch_call(v86_enter, (void *)v86_int), 13);
    CHECK_EQ(8, exc_eip, (uint32_t)v86_int);
    CHECK_EQ(9, catch_call(v86_enter, (void *)v86_cli), 13);
    puts32("v86: INT n and CLI trap with IOPL 0 ok\n");

    /* IOPL 3: CLI is allowed, and HLT (CPL 3) still faults after it */
    v86_iopl = 3;
    CHECK_EQ(10, catch_call(v86_enter, (void *)v86_cli), 13);
    CHECK_EQ(11, exc_eip, (uint32_t)v86_cli + 1);
    puts32("v86: all ok\n");
    return 0;
}
