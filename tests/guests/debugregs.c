/* Debug registers: instruction breakpoints (#DB fault before the
 * instruction, RF to go on), data breakpoints (#DB trap after it; write
 * and read/write kinds, LEN 1/2/4 ranges, REP strings), I/O breakpoints
 * (CR4.DE), single step and a data breakpoint in one #DB, general
 * detect. */
#include "guest32.h"

#define RF_MASK  0x10000u
#define DR6_B(n) (1u << (n))
#define DR6_BD   (1u << 13)
#define DR6_BS   (1u << 14)
#define DR7_L(n) (1u << (2 * (n)))
#define DR7_G(n) (2u << (2 * (n)))
#define DR7_GD   (1u << 13)
/* R/W: 0 execute, 1 write, 2 I/O, 3 read/write; LEN: 0 1 byte, 1 2 bytes,
 * 3 4 bytes */
#define DR7_RW(n, rw)   ((uint32_t)(rw) << (16 + 4 * (n)))
#define DR7_LEN(n, len) ((uint32_t)(len) << (18 + 4 * (n)))

#define PROBE(name, body)                                                      \
    void name(void *arg);                                                      \
    extern char name##_insn[], name##_after[];                                 \
    __asm__(".text\n" #name ":\n" body "\n"                                    \
            "ret\n")

volatile uint32_t wvar[4] __attribute__((aligned(16)));
volatile uint8_t buf[32] __attribute__((aligned(16)));
volatile uint8_t rbuf[16] __attribute__((aligned(16)));
volatile uint32_t pstack[8] __attribute__((aligned(16)));
volatile uint32_t probe_result, hook_count, hook_ecx, hook_edi;

/* instruction breakpoint after a few instructions of the same block */
PROBE(ib, "mov $2, %ecx\nxor %eax, %eax\n"
          ".globl ib_insn\nib_insn: inc %eax\n.globl ib_after\nib_after: nop");
/* the same instruction three times (counter in callee-saved registers:
 * the exception hook is C) */
PROBE(ibl, "mov $3, %esi\nxor %edi, %edi\n1:\n"
           ".globl ibl_insn\nibl_insn: inc %edi\n.globl ibl_after\n"
           "ibl_after: dec %esi\njnz 1b\nmov %edi, probe_result");
/* a store, then another store in the same block */
PROBE(dw, ".globl dw_insn\ndw_insn: movl $5, wvar+4\n"
          ".globl dw_after\ndw_after: movl $6, wvar+8");
PROBE(dr, ".globl dr_insn\ndr_insn: mov wvar+4, %eax\n"
          ".globl dr_after\ndr_after: mov %eax, probe_result");
/* byte, word and dword stores to the address given as argument */
PROBE(wb,
      "mov 4(%esp), %edx\n"
      ".globl wb_insn\nwb_insn: movb $1, (%edx)\n.globl wb_after\nwb_after:");
PROBE(ww,
      "mov 4(%esp), %edx\n"
      ".globl ww_insn\nww_insn: movw $1, (%edx)\n.globl ww_after\nww_after:");
PROBE(wd,
      "mov 4(%esp), %edx\n"
      ".globl wd_insn\nwd_insn: movl $1, (%edx)\n.globl wd_after\nwd_after:");
/* single step and a data breakpoint on the same instruction */
PROBE(tfw, "pushf\norl $0x100, (%esp)\npopf\n"
           ".globl tfw_insn\ntfw_insn: movl $7, wvar+4\n"
           ".globl tfw_after\ntfw_after: nop");
/* a push onto a watched stack slot (its own stack: the #DB frame goes
 * below it) */
PROBE(pw, "push %ebx\nmov %esp, %ebx\nmov $pstack+32, %esp\n"
          ".globl pw_insn\npw_insn: push $9\n.globl pw_after\npw_after: "
          "mov %ebx, %esp\npop %ebx");
/* REP STOSB over a watched byte */
PROBE(rep, "mov $rbuf, %edi\nmov $16, %ecx\nmov $0xaa, %al\n"
           ".globl rep_insn\nrep_insn: rep stosb\n.globl rep_after\n"
           "rep_after: mov %ecx, probe_result");
/* I/O */
PROBE(io,
      ".globl io_insn\nio_insn: outb %al, $0x80\n.globl io_after\nio_after:");
PROBE(io2, ".globl io2_insn\nio2_insn: outb %al, $0x81\n"
           ".globl io2_after\nio2_after:");
PROBE(ioin, ".globl ioin_insn\nioin_insn: inb $0x80, %al\n"
            ".globl ioin_after\nioin_after:");
/* MOV from DR0 (general detect) and DR4 (#UD with CR4.DE) */
PROBE(gd,
      ".globl gd_insn\ngd_insn: mov %dr0, %eax\n.globl gd_after\ngd_after:");
PROBE(dr4, ".globl dr4_insn\ndr4_insn: mov %dr4, %eax\n"
           ".globl dr4_after\ndr4_after: mov %eax, probe_result");

/* Exception hook for the REP case, in asm: it must see the interrupted
 * ECX/EDI. Returning 1 resumes the probe. */
int rep_hook(void);
__asm__(".text\nrep_hook:\nmov %ecx, hook_ecx\nmov %edi, hook_edi\n"
        "incl hook_count\nmov $1, %eax\nret");

/* Exception hook that resumes with RF set in the frame. */
static int rf_hook(void)
{
    volatile uint32_t *frame = (volatile uint32_t *)exc_frame;
    hook_count++;
    CHECK_EQ(20, exc_vector, 1);
    CHECK_EQ(21, exc_eip, (uint32_t)ibl_insn);
    CHECK_EQ(22, frame[3] & RF_MASK, 0); /* the CPU does not set it */
    frame[3] |= RF_MASK;
    return 1;
}

#define SET_DR(n, v) __asm__ volatile("mov %0, %%dr" #n ::"r"(v))
#define GET_DR(n, v) __asm__ volatile("mov %%dr" #n ", %0" : "=r"(v))

static uint32_t dr6(void)
{
    uint32_t v;
    GET_DR(6, v);
    return v;
}

static uint32_t dr7(void)
{
    uint32_t v;
    GET_DR(7, v);
    return v;
}

static void set_dr7(uint32_t v)
{
    SET_DR(7, v);
}

static void clear_dr6(void)
{
    SET_DR(6, 0u);
}

/* probe must raise #DB as a trap: vector 1, EIP after, DR6.Bn == bits */
static void expect_trap(int code, void (*probe)(void *), void *arg,
                        const char *after, uint32_t bits)
{
    clear_dr6();
    CHECK_EQ(code, catch_call(probe, arg), 1);
    CHECK_EQ(code, exc_eip, (uint32_t)after);
    CHECK_EQ(code, dr6() & 0xf, bits);
}

static void expect_none(int code, void (*probe)(void *), void *arg)
{
    clear_dr6();
    CHECK_EQ(code, catch_call(probe, arg), -1);
    CHECK_EQ(code, dr6() & 0xf, 0);
}

static uint32_t read_cr4(void)
{
    uint32_t v;
    __asm__ volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}

static void write_cr4(uint32_t v)
{
    __asm__ volatile("mov %0, %%cr4" ::"r"(v));
}

int main32(void);
int main32(void)
{
    test_name = "debugregs";

    /* DR6 reads back its fixed bits; DR7 bit 10 */
    clear_dr6();
    CHECK_EQ(1, dr6(), 0xffff0ff0);
    set_dr7(0);
    CHECK_EQ(2, dr7(), 0x400);

    /* instruction breakpoint: #DB fault at the instruction, DR6.B0,
     * pushed RF = 0; not taken while disabled */
    SET_DR(0, (uint32_t)ib_insn);
    set_dr7(DR7_RW(0, 0));
    expect_none(3, ib, 0);
    set_dr7(DR7_L(0));
    clear_dr6();
    CHECK_EQ(4, catch_call(ib, 0), 1);
    CHECK_EQ(5, exc_eip, (uint32_t)ib_insn);
    CHECK_EQ(6, dr6() & (0xf | DR6_BS | DR6_BD), DR6_B(0));
    CHECK_EQ(7, exc_eflags & RF_MASK, 0);
    set_dr7(DR7_G(0)); /* global enable: the same */
    CHECK_EQ(8, catch_call(ib, 0), 1);
    CHECK_EQ(9, exc_eip, (uint32_t)ib_insn);
    puts32("debugregs: instruction breakpoint ok\n");

    /* RF in the IRET frame lets the instruction run once; the next pass
     * breaks again */
    SET_DR(0, (uint32_t)ibl_insn);
    set_dr7(DR7_L(0));
    hook_count = 0;
    exc_handler = rf_hook;
    CHECK_EQ(10, catch_call(ibl, 0), -1);
    exc_handler = 0;
    CHECK_EQ(11, hook_count, 3);
    CHECK_EQ(12, probe_result, 3);
    puts32("debugregs: RF ok\n");

    /* data write breakpoint on a dword: #DB trap after the store, which
     * is done; the next store of the block is not */
    SET_DR(0, 0u);
    wvar[1] = wvar[2] = 0;
    SET_DR(1, (uint32_t)&wvar[1]);
    set_dr7(DR7_L(1) | DR7_RW(1, 1) | DR7_LEN(1, 3));
    expect_trap(30, dw, 0, dw_after, DR6_B(1));
    CHECK_EQ(31, wvar[1], 5);
    CHECK_EQ(32, wvar[2], 0);
    CHECK_EQ(33, exc_eflags & RF_MASK, 0);
    expect_none(34, dr, 0); /* a read does not hit a write breakpoint */
    CHECK_EQ(35, probe_result, 5);
    /* read/write breakpoint: a read hits */
    probe_result = 0;
    set_dr7(DR7_L(1) | DR7_RW(1, 3) | DR7_LEN(1, 3));
    expect_trap(36, dr, 0, dr_after, DR6_B(1));
    set_dr7(0);
    CHECK_EQ(39, probe_result, 0); /* trap before the next instruction */
    /* a push onto the watched dword */
    SET_DR(1, (uint32_t)&pstack[7]);
    set_dr7(DR7_L(1) | DR7_RW(1, 1) | DR7_LEN(1, 3));
    expect_trap(37, pw, 0, pw_after, DR6_B(1));
    CHECK_EQ(38, pstack[7], 9);
    puts32("debugregs: data breakpoints ok\n");

    /* LEN ranges, the address aligned down; a miss just outside */
    SET_DR(1, 0u);
    SET_DR(2, (uint32_t)&buf[10]); /* 2 bytes: 10-11 */
    set_dr7(DR7_L(2) | DR7_RW(2, 1) | DR7_LEN(2, 1));
    expect_none(40, wb, (void *)&buf[9]);
    expect_trap(41, wb, (void *)&buf[10], wb_after, DR6_B(2));
    expect_trap(42, wb, (void *)&buf[11], wb_after, DR6_B(2));
    expect_none(43, wb, (void *)&buf[12]);
    expect_trap(44, ww, (void *)&buf[9], ww_after, DR6_B(2));
    SET_DR(2, (uint32_t)&buf[17]); /* 4 bytes, aligned down: 16-19 */
    set_dr7(DR7_L(2) | DR7_RW(2, 1) | DR7_LEN(2, 3));
    expect_none(45, wb, (void *)&buf[15]);
    expect_trap(46, wb, (void *)&buf[16], wb_after, DR6_B(2));
    expect_trap(47, wb, (void *)&buf[19], wb_after, DR6_B(2));
    expect_none(48, wb, (void *)&buf[20]);
    expect_trap(49, wd, (void *)&buf[13], wd_after, DR6_B(2));
    SET_DR(2, (uint32_t)&buf[24]); /* 1 byte */
    set_dr7(DR7_L(2) | DR7_RW(2, 1) | DR7_LEN(2, 0));
    expect_none(50, wb, (void *)&buf[25]);
    expect_none(51, wb, (void *)&buf[23]);
    expect_trap(52, wd, (void *)&buf[21], wd_after, DR6_B(2));
    /* two breakpoints on the same byte: both reported */
    SET_DR(3, (uint32_t)&buf[24]);
    set_dr7(DR7_L(2) | DR7_RW(2, 1) | DR7_L(3) | DR7_RW(3, 3));
    expect_trap(53, wb, (void *)&buf[24], wb_after, DR6_B(2) | DR6_B(3));
    SET_DR(3, 0u);
    puts32("debugregs: LEN ranges ok\n");

    /* single step and a data breakpoint: one #DB with BS and B1 */
    SET_DR(1, (uint32_t)&wvar[1]);
    set_dr7(DR7_L(1) | DR7_RW(1, 1) | DR7_LEN(1, 3));
    expect_trap(60, tfw, 0, tfw_after, DR6_B(1));
    CHECK(61, dr6() & DR6_BS);
    puts32("debugregs: single step with a data breakpoint ok\n");

    /* REP STOSB: the trap follows the iteration that wrote the byte, EIP
     * still at the instruction, RF = 1; IRET goes on with the rest */
    set_dr7(0);
    for (int i = 0; i < 16; i++) {
        rbuf[i] = 0;
    }
    hook_count = 0;
    probe_result = 0xffffffff;
    clear_dr6();
    SET_DR(1, (uint32_t)&rbuf[5]);
    set_dr7(DR7_L(1) | DR7_RW(1, 1) | DR7_LEN(1, 0));
    exc_handler = rep_hook;
    CHECK_EQ(70, catch_call(rep, 0), -1);
    exc_handler = 0;
    CHECK_EQ(71, hook_count, 1);
    CHECK_EQ(72, exc_eip, (uint32_t)rep_insn);
    CHECK_EQ(73, hook_ecx, 10);
    CHECK_EQ(74, hook_edi, (uint32_t)&rbuf[6]);
    CHECK_EQ(75, exc_eflags & RF_MASK, RF_MASK);
    CHECK_EQ(76, dr6() & 0xf, DR6_B(1));
    CHECK_EQ(77, probe_result, 0);
    CHECK_EQ(78, rbuf[15], 0xaa);
    puts32("debugregs: REP string ok\n");

    /* I/O breakpoints need CR4.DE; with it DR4/DR5 are #UD */
    SET_DR(1, 0u);
    SET_DR(3, 0x80u);
    clear_dr6();
    probe_result = 0;
    CHECK_EQ(81, catch_call(dr4, 0), -1); /* DR4 is DR6 */
    CHECK_EQ(82, probe_result, 0xffff0ff0);
    write_cr4(read_cr4() | 0x8); /* R/W = 10 is undefined without it */
    set_dr7(DR7_L(3) | DR7_RW(3, 2));
    expect_trap(83, io, 0, io_after, DR6_B(3));
    expect_trap(84, ioin, 0, ioin_after, DR6_B(3));
    expect_none(85, io2, 0);
    CHECK_EQ(86, catch_call(dr4, 0), 6);
    CHECK_EQ(87, exc_eip, (uint32_t)dr4_insn);
    write_cr4(read_cr4() & ~0x8u);
    puts32("debugregs: I/O breakpoints ok\n");

    /* general detect: MOV DRn is a #DB fault (DR6.BD), GD is cleared,
     * the pushed RF is 1 */
    clear_dr6();
    set_dr7(DR7_GD);
    CHECK_EQ(90, catch_call(gd, 0), 1);
    CHECK_EQ(91, exc_eip, (uint32_t)gd_insn);
    CHECK_EQ(92, exc_eflags & RF_MASK, RF_MASK);
    CHECK_EQ(93, dr7() & DR7_GD, 0);
    CHECK(94, dr6() & DR6_BD);
    puts32("debugregs: general detect ok\n");

    set_dr7(0);
    puts32("debugregs: all ok\n");
    return 0;
}
