/* 16-bit pieces in a 32-bit protected-mode world (issue 11): a POP SS that
 * changes the stack size steps SP with the old size; 286 interrupt and call
 * gates ignore the high offset word; a gate whose offset is past the target
 * CS limit gives #GP(0); a task switch into a 286 TSS sets the upper halves
 * of the general registers to 0xFFFF and clears EFLAGS 31..16; a task switch
 * to conforming code with DPL < RPL is allowed. */
#include "guest32.h"

#define SEL_S16   0x38 /* 16-bit data (B=0), base 0x40000 */
#define SEL_C16B  0x40 /* 32-bit code, base h286 - 0x100, limit 64 KiB */
#define SEL_G286  0x48 /* 286 call gate to SEL_C16B:0x100, high word set */
#define SEL_TSS_A 0x50 /* 386 TSS of the main task */
#define SEL_TSS_C 0x58 /* 286 TSS */
#define SEL_C16C  0x60 /* 32-bit code, base task_c */
#define SEL_SS16C 0x68 /* 16-bit stack of task C, base 0x60000 */
#define SEL_G386  0x70 /* 386 call gate past SEL_C16B's limit */
#define SEL_TSS_D 0x78 /* 386 TSS, conforming CS */
#define SEL_CONF0 0x80 /* conforming code, DPL 0 */
#define TSS_A     0x30000
#define TSS_C     0x31000
#define TSS_D     0x32000

volatile uint32_t saved_esp, got_esp;

/* ---- 1. POP SS ---- */
static uint32_t pop_ss(uint32_t first_ss, uint32_t esp, int o16)
{
    __asm__ volatile("mov %%esp, saved_esp\n"
                     "mov %0, %%ss\n"
                     "mov %1, %%esp\n"
                     "test %2, %2\n"
                     "jnz 1f\n"
                     "popl %%ss\n"
                     "jmp 2f\n"
                     "1: popw %%ss\n"
                     "2: mov %%esp, got_esp\n"
                     "mov %3, %%ss\n"
                     "mov saved_esp, %%esp\n" ::"r"(first_ss),
                     "r"(esp), "r"(o16), "r"(SEL_DATA32)
                     : "memory");
    return got_esp;
}

static void test_pop_ss(void)
{
    volatile uint16_t *w;

    gdt_set(SEL_S16 >> 3, 0x40000, 0xffff, 0x93, 0x0);
    /* 16-bit stack: SP 0xFFFC + 4 wraps to 0, ESP's top half stays */
    w = (volatile uint16_t *)(0x40000 + 0xfffc);
    w[0] = SEL_DATA32;
    CHECK_EQ(1, pop_ss(SEL_S16, 0x0002fffc, 0), 0x00020000);
    w = (volatile uint16_t *)(0x40000 + 0xfffe);
    w[0] = SEL_DATA32;
    CHECK_EQ(2, pop_ss(SEL_S16, 0x0002fffe, 1), 0x00020000);
    /* 32-bit stack into a 16-bit SS: ESP steps as 32 bits */
    w = (volatile uint16_t *)0x4fffc;
    w[0] = SEL_S16;
    CHECK_EQ(3, pop_ss(SEL_DATA32, 0x0004fffc, 0), 0x00050000);
    puts32("mixed16: pop ss steps with the old stack size ok\n");
}

/* ---- 2. 286 gates, gate offsets past the limit ---- */
volatile uint32_t h_esp, h_ip, h_cs, h_mycs, h_drop, h_runs;
volatile struct {
    uint32_t off;
    uint16_t sel;
} __attribute__((packed)) h_back;

/* Entered at SEL_C16B:0x100 from a 286 gate with a 16-bit frame. */
void h286(void), back_int(void), back_call(void);
__asm__(".text\n"
        "h286:\n"
        "mov %esp, h_esp\n"
        "movzwl (%esp), %eax\nmov %eax, h_ip\n"
        "movzwl 2(%esp), %eax\nmov %eax, h_cs\n"
        "mov %cs, %ax\nmovzwl %ax, %eax\nmov %eax, h_mycs\n"
        "incl h_runs\n"
        "add h_drop, %esp\n"
        "ljmp *h_back\n");

static void far_int_ff(void *arg)
{
    (void)arg;
    __asm__ volatile("int $0x47" ::: "memory");
}
static void far_call_ff(void *arg)
{
    (void)arg;
    __asm__ volatile("lcall $0x70, $0" ::: "memory");
}

static void test_286_gates(void)
{
    volatile uint32_t *idt = (volatile uint32_t *)IDT_ADDR;
    volatile uint32_t *gdt = (volatile uint32_t *)GDT_ADDR;
    uint32_t c_esp;

    gdt_set(SEL_C16B >> 3, (uint32_t)h286 - 0x100, 0xffff, 0x9b, 0x4);
    /* 286 interrupt gate, reserved word 0xFFFF */
    idt[0x46 * 2] = 0x100 | (SEL_C16B << 16);
    idt[0x46 * 2 + 1] = 0xffff0000u | 0x8000 | (6 << 8);
    h_back.off = (uint32_t)back_int;
    h_back.sel = SEL_CODE32;
    h_drop = 6;
    __asm__ volatile("mov %%esp, %0\n"
                     "int $0x46\n"
                     "back_int:\n"
                     : "=r"(c_esp)::"eax", "memory");
    CHECK_EQ(10, h_runs, 1);
    CHECK_EQ(11, h_mycs, SEL_C16B);
    CHECK_EQ(12, h_esp, c_esp - 6); /* IP, CS, FLAGS as words */
    CHECK_EQ(13, h_cs, SEL_CODE32);
    CHECK_EQ(14, h_ip, (uint32_t)back_int & 0xffff);
    puts32("mixed16: 286 interrupt gate ok\n");

    /* 286 call gate, reserved word 0xFFFF */
    gdt[(SEL_G286 >> 3) * 2] = 0x100 | (SEL_C16B << 16);
    gdt[(SEL_G286 >> 3) * 2 + 1] = 0xffff0000u | 0x8000 | (4 << 8);
    h_back.off = (uint32_t)back_call;
    h_drop = 4;
    __asm__ volatile("mov %%esp, %0\n"
                     "lcall $0x48, $0\n"
                     "back_call:\n"
                     : "=r"(c_esp)::"eax", "memory");
    CHECK_EQ(15, h_runs, 2);
    CHECK_EQ(16, h_mycs, SEL_C16B);
    CHECK_EQ(17, h_esp, c_esp - 4); /* IP, CS as words */
    CHECK_EQ(18, h_ip, (uint32_t)back_call & 0xffff);
    puts32("mixed16: 286 call gate ok\n");

    /* 386 gates whose offset is past the target's limit: #GP(0) at the
     * instruction, the handler never runs */
    idt_set_gate(0x47, SEL_C16B, 0x10000, GATE_INT32, 0);
    CHECK_EQ(19, catch_call(far_int_ff, 0), 13);
    CHECK_EQ(20, exc_error, 0);
    CHECK_EQ(24, exc_cs, SEL_CODE32); /* not at SEL_C16B:0x10000 */
    gdt_set_gate(SEL_G386 >> 3, SEL_C16B, 0x10000, GATE_CALL32, 0, 0);
    CHECK_EQ(21, catch_call(far_call_ff, 0), 13);
    CHECK_EQ(22, exc_error, 0);
    CHECK_EQ(25, exc_cs, SEL_CODE32);
    CHECK_EQ(23, h_runs, 2);
    puts32("mixed16: gate offset past the limit #GP(0) ok\n");
}

/* ---- 3. a 286 TSS ---- */
volatile uint32_t c_regs[8], c_eflags, c_runs;

/* Task C runs at SEL_C16C:0 with 16-bit values from its TSS. */
void task_c(void);
__asm__(".text\ntask_c:\n"
        "mov %eax, c_regs\nmov %ecx, c_regs+4\nmov %edx, c_regs+8\n"
        "mov %ebx, c_regs+12\nmov %esp, c_regs+16\nmov %ebp, c_regs+20\n"
        "mov %esi, c_regs+24\nmov %edi, c_regs+28\n"
        "pushfl\npopl %eax\nmov %eax, c_eflags\n"
        "incl c_runs\n"
        "mov $0xabcd1234, %eax\n"
        "ljmp $0x50, $0\n");

static void test_286_tss(void)
{
    volatile uint32_t *a = (volatile uint32_t *)TSS_A;
    volatile uint16_t *c = (volatile uint16_t *)TSS_C;
    static const uint16_t vals[8] = {0x1111, 0x2222, 0x3333, 0x4444,
                                     0x0ff0, 0x5555, 0x6666, 0x7777};

    for (int i = 0; i < 26; i++) {
        a[i] = 0;
    }
    a[25] = 0x680000;
    for (int i = 0; i < 22; i++) {
        c[i] = 0;
    }
    c[0x0e / 2] = 0;      /* IP */
    c[0x10 / 2] = 0x0002; /* FLAGS */
    for (int i = 0; i < 8; i++) {
        c[0x12 / 2 + i] = vals[i];
    }
    c[0x22 / 2] = SEL_DATA32; /* ES */
    c[0x24 / 2] = SEL_C16C;   /* CS */
    c[0x26 / 2] = SEL_SS16C;  /* SS */
    c[0x28 / 2] = SEL_DATA32; /* DS */
    gdt_set(SEL_TSS_A >> 3, TSS_A, 0x67, 0x89, 0);
    gdt_set(SEL_TSS_C >> 3, TSS_C, 0x2b, 0x81, 0); /* available 286 TSS */
    gdt_set(SEL_C16C >> 3, (uint32_t)task_c, 0xffff, 0x9b, 0x4);
    gdt_set(SEL_SS16C >> 3, 0x60000, 0xffff, 0x93, 0x0);
    __asm__ volatile("ltr %w0" ::"r"(SEL_TSS_A));

    /* AC set in the outgoing task: a 16-bit FLAGS image clears it */
    __asm__ volatile("pushfl\norl $0x40000, (%%esp)\npopfl\n"
                     "mov $0x89abcdef, %%eax\nmov %%eax, %%ecx\n"
                     "mov %%eax, %%edx\nmov %%eax, %%esi\nmov %%eax, %%edi\n"
                     "ljmp $0x58, $0\n"
                     "pushfl\nandl $~0x40000, (%%esp)\npopfl\n" ::
                         : "eax", "ecx", "edx", "esi", "edi", "memory");
    CHECK_EQ(30, c_runs, 1);
    for (int i = 0; i < 8; i++) {
        CHECK_EQ(31 + i, c_regs[i], 0xffff0000u | vals[i]);
    }
    CHECK_EQ(39, c_eflags & 0xffff0002u, 0x2);
    /* task C's state went back into its 16-bit TSS */
    CHECK_EQ(40, c[0x12 / 2], 0x1234);
    CHECK_EQ(41, c[0x24 / 2], SEL_C16C);
    puts32("mixed16: 286 TSS ok\n");
}

/* ---- 4. a task switch to conforming code with DPL < RPL ---- */
volatile uint32_t d_cs, d_ss, d_runs;
void task_d(void);
__asm__(".text\ntask_d:\n"
        "mov %cs, %eax\nmovzwl %ax, %eax\nmov %eax, d_cs\n"
        "mov %ss, %eax\nmovzwl %ax, %eax\nmov %eax, d_ss\n"
        "incl d_runs\n"
        "iret\njmp task_d\n");

static void test_conforming_task(void)
{
    volatile uint32_t *d = (volatile uint32_t *)TSS_D;

    for (int i = 0; i < 26; i++) {
        d[i] = 0;
    }
    d[8] = (uint32_t)task_d; /* EIP */
    d[9] = 0x2;              /* EFLAGS */
    d[14] = 0x61000;         /* ESP */
    d[18] = SEL_UDATA;       /* ES */
    d[19] = SEL_CONF0 | 3;   /* CS: DPL 0 conforming, RPL 3 */
    d[20] = SEL_UDATA;       /* SS */
    d[21] = SEL_UDATA;       /* DS */
    d[25] = 0x680000;
    gdt_set(SEL_TSS_D >> 3, TSS_D, 0x67, 0x89, 0);
    gdt_set(SEL_CONF0 >> 3, 0, 0xfffff, 0x9f, 0xc);
    __asm__ volatile("lcall $0x78, $0" ::: "memory");
    CHECK_EQ(50, d_runs, 1);
    CHECK_EQ(51, d_cs, SEL_CONF0 | 3);
    CHECK_EQ(52, d_ss, SEL_UDATA);
    puts32("mixed16: task switch to conforming code ok\n");
}

int main32(void);
int main32(void)
{
    test_name = "mixed16";
    test_pop_ss();
    test_286_gates();
    test_286_tss();
    test_conforming_task();
    puts32("mixed16: all ok\n");
    return 0;
}
