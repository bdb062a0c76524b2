/* Per-access segment checks in protected mode: the rights of the cached
 * descriptor (writes to code and read-only data, reads of execute-only
 * code, null selectors), the limits of expand-up and expand-down segments
 * (B and G bits), the top of the 4 GiB (an expand-up 4 GiB segment wraps
 * there, as AMD processors and Bochs do; expand-down faults), stack pushes and
 * pops (#SS, from ring 3 so that the fault has a stack to go to) and the
 * string instructions. Faults report the faulting instruction, error 0. */
#include "guest32.h"

/* Descriptors (GDT slot, selector). Data segments are based at DBASE. */
#define DBASE     0x40000
#define SEL_RW    0x38 /* data RW, limit 0xfff */
#define SEL_RO    0x40 /* data RO, limit 0xfff */
#define SEL_XO    0x48 /* code execute-only, flat */
#define SEL_XR    0x50 /* code execute/read, flat */
#define SEL_ED32  0x58 /* data RW expand-down, B=1, limit 0xfff */
#define SEL_ED16  0x60 /* data RW expand-down, B=0, limit 0xfff */
#define SEL_EDRO  0x68 /* data RO expand-down, B=1, limit 0xfff */
#define SEL_GUP   0x70 /* data RW, G=1, limit 0 (0xfff) */
#define SEL_GED   0x78 /* data RW expand-down, G=1, B=1, limit 0 (0xfff) */
#define SEL_SSED  0x80 /* data RW expand-down, B=1, limit 0xfff, base 0 */
#define SEL_LIM0  0x88 /* data RW, limit 0 (one byte) */
#define SEL_TSS   0x90
#define SEL_USSED 0x9b /* ring 3 data RW expand-down, B=1, limit 0xfff */
#define SEL_ED0   0xa0 /* data RW expand-down, B=1, limit 0: 1..4G-1 */

#define TSS_ADDR 0x30000

#define S_(x) #x
#define S(x)  S_(x)

/* Probe parameters (set before catch_call) and results. */
volatile uint32_t probe_sel, probe_val, probe_wval, probe_cnt;
volatile uint32_t gp_ecx, gp_edi, gp_esi;
volatile uint32_t u_ss, u_esp;
volatile uint32_t src_buf[4] = {0x5151a0a0, 1, 2, 3};

/*
 * Probes: fn(offset). Each loads the segment register under test with
 * probe_sel (label NAME_load), does one access (NAME_insn) and restores
 * the register; on a fault crt32's handler and catch_call put the segment
 * registers back. EDX = probe_wval for writes; what is read ends in
 * probe_val.
 */
#define DECL(name)                                                             \
    void name(void *);                                                         \
    extern char name##_load[], name##_insn[]

__asm__(".macro SEGPROBE name, sreg, insn\n"
        ".text\n"
        ".globl \\name\n"
        "\\name: mov 4(%esp), %eax\n"
        "push %ebx\n"
        "mov probe_wval, %edx\n"
        "xor %ebx, %ebx\n"
        "mov probe_sel, %ecx\n"
        ".globl \\name\\()_load\n"
        "\\name\\()_load: mov %ecx, \\sreg\n"
        ".globl \\name\\()_insn\n"
        "\\name\\()_insn: \\insn\n"
        "mov $" S(SEL_DATA32) ", %ecx\n"
                              "mov %ecx, \\sreg\n"
                              "mov %ebx, probe_val\n"
                              "pop %ebx\n"
                              "ret\n"
                              ".endm\n");

/* through DS */
DECL(p_rd8);
DECL(p_rd16);
DECL(p_rd32);
DECL(p_wr16);
DECL(p_wr32);
DECL(p_add32);
DECL(p_abs32);
DECL(p_wrap32);
__asm__("SEGPROBE p_rd8, %ds, \"movzbl (%eax), %ebx\"\n"
        "SEGPROBE p_rd16, %ds, \"movzwl (%eax), %ebx\"\n"
        "SEGPROBE p_rd32, %ds, \"mov (%eax), %ebx\"\n"
        "SEGPROBE p_wr16, %ds, \"mov %dx, (%eax)\"\n"
        "SEGPROBE p_wr32, %ds, \"mov %edx, (%eax)\"\n"
        "SEGPROBE p_add32, %ds, \"add %edx, (%eax)\"\n"
        "SEGPROBE p_abs32, %ds, \"mov 0xfffffffe, %ebx\"\n"
        "SEGPROBE p_wrap32, %ds, \"mov 4(%eax), %ebx\"\n");

/* through ES, FS, GS overrides */
DECL(p_es_wr32);
DECL(p_es_rd32);
DECL(p_fs_rd32);
DECL(p_gs_rd32);
DECL(p_gs_wr8);
__asm__("SEGPROBE p_es_wr32, %es, \"mov %edx, %es:(%eax)\"\n"
        "SEGPROBE p_es_rd32, %es, \"mov %es:(%eax), %ebx\"\n"
        "SEGPROBE p_fs_rd32, %fs, \"mov %fs:(%eax), %ebx\"\n"
        "SEGPROBE p_gs_rd32, %gs, \"mov %gs:(%eax), %ebx\"\n"
        "SEGPROBE p_gs_wr8, %gs, \"mov %dl, %gs:(%eax)\"\n");

/* through SS: EBP-based addressing (SS by default), ESP stays valid */
DECL(p_ss_rd32);
DECL(p_ss_wr32);
__asm__(".macro SSPROBE name, insn\n"
        ".text\n"
        ".globl \\name\n"
        "\\name: push %ebp\n"
        "push %ebx\n"
        "mov 12(%esp), %ebp\n"
        "mov probe_wval, %edx\n"
        "xor %ebx, %ebx\n"
        "mov probe_sel, %ecx\n"
        ".globl \\name\\()_load\n"
        "\\name\\()_load: mov %ecx, %ss\n"
        ".globl \\name\\()_insn\n"
        "\\name\\()_insn: \\insn\n"
        "mov $" S(SEL_DATA32) ", %ecx\n"
                              "mov %ecx, %ss\n"
                              "mov %ebx, probe_val\n"
                              "pop %ebx\n"
                              "pop %ebp\n"
                              "ret\n"
                              ".endm\n"
                              "SSPROBE p_ss_rd32, \"mov (%ebp), %ebx\"\n"
                              "SSPROBE p_ss_wr32, \"mov %edx, (%ebp)\"\n");

/* through CS (SEL_CODE32, readable) */
DECL(p_cs_rd32);
DECL(p_cs_wr32);
__asm__(".text\n"
        "p_cs_rd32: mov 4(%esp), %eax\n"
        "push %ebx\n"
        "p_cs_rd32_load: p_cs_rd32_insn: mov %cs:(%eax), %ebx\n"
        "mov %ebx, probe_val\n"
        "pop %ebx\n"
        "ret\n"
        "p_cs_wr32: mov 4(%esp), %eax\n"
        "mov probe_wval, %edx\n"
        "p_cs_wr32_load: p_cs_wr32_insn: mov %edx, %cs:(%eax)\n"
        "ret\n");

/* Execute-only code: far call to SEL_XO (flat), run the body there. */
DECL(p_xo_ok);
DECL(p_xo_rd32);
DECL(p_xo_lods);
__asm__(
    ".text\n"
    "p_xo_ok: mov 4(%esp), %eax\n"
    "push %ebx\n"
    "lcall $" S(
        SEL_XO) ", $xo_ok_body\n"
                "mov %ebx, probe_val\n"
                "pop %ebx\n"
                "ret\n"
                "xo_ok_body: p_xo_ok_load: p_xo_ok_insn: mov (%eax), %ebx\n"
                "mov %cs, %ecx\n"
                "mov %ecx, probe_sel\n"
                "lret\n"
                "p_xo_rd32: mov 4(%esp), %eax\n"
                "push %ebx\n"
                "lcall $" S(SEL_XO) ", $xo_rd32_body\n"
                                    "mov %ebx, probe_val\n"
                                    "pop %ebx\n"
                                    "ret\n"
                                    "xo_rd32_body: p_xo_rd32_load: "
                                    "p_xo_rd32_insn: mov %cs:(%eax), %ebx\n"
                                    "lret\n"
                                    "p_xo_lods: push %esi\n"
                                    "mov 8(%esp), %esi\n"
                                    "lcall $" S(
                                        SEL_XO) ", $xo_lods_body\n"
                                                "mov %eax, probe_val\n"
                                                "pop %esi\n"
                                                "ret\n"
                                                "xo_lods_body: p_xo_lods_load: "
                                                "p_xo_lods_insn: cs lodsl\n"
                                                "lret\n");

/* String instructions: ES = probe_sel for STOS/MOVS (EDI = offset, MOVS
 * from src_buf), DS = probe_sel for LODS (ESI = offset), CS override. */
DECL(p_stos);
DECL(p_rep_stos);
DECL(p_movs);
DECL(p_lods);
DECL(p_cs_lods);
__asm__(
    ".text\n"
    "p_stos: push %edi\n"
    "mov 8(%esp), %edi\n"
    "mov probe_wval, %eax\n"
    "mov probe_sel, %ecx\n"
    "p_stos_load: mov %ecx, %es\n"
    "p_stos_insn: stosl\n"
    "mov $" S(
        SEL_DATA32) ", %ecx\n"
                    "mov %ecx, %es\n"
                    "pop %edi\n"
                    "ret\n"
                    "p_rep_stos: push %edi\n"
                    "mov 8(%esp), %edi\n"
                    "mov probe_wval, %eax\n"
                    "mov probe_sel, %ecx\n"
                    "p_rep_stos_load: mov %ecx, %es\n"
                    "mov probe_cnt, %ecx\n"
                    "p_rep_stos_insn: rep stosl\n"
                    "mov $" S(
                        SEL_DATA32) ", %ecx\n"
                                    "mov %ecx, %es\n"
                                    "pop %edi\n"
                                    "ret\n"
                                    "p_movs: push %esi\n"
                                    "push %edi\n"
                                    "mov 12(%esp), %edi\n"
                                    "mov $src_buf, %esi\n"
                                    "mov probe_sel, %ecx\n"
                                    "p_movs_load: mov %ecx, %es\n"
                                    "p_movs_insn: movsl\n"
                                    "mov $" S(
                                        SEL_DATA32) ", %ecx\n"
                                                    "mov %ecx, %es\n"
                                                    "pop %edi\n"
                                                    "pop %esi\n"
                                                    "ret\n"
                                                    "p_lods: push %esi\n"
                                                    "mov 8(%esp), %esi\n"
                                                    "mov probe_sel, %ecx\n"
                                                    "p_lods_load: mov %ecx, "
                                                    "%ds\n"
                                                    "p_lods_insn: lodsl\n"
                                                    "mov $" S(
                                                        SEL_DATA32) ", %ecx\n"
                                                                    "mov %ecx, "
                                                                    "%ds\n"
                                                                    "mov %eax, "
                                                                    "probe_"
                                                                    "val\n"
                                                                    "pop %esi\n"
                                                                    "ret\n"
                                                                    "p_cs_lods:"
                                                                    " push "
                                                                    "%esi\n"
                                                                    "mov "
                                                                    "8(%esp), "
                                                                    "%esi\n"
                                                                    "p_cs_lods_"
                                                                    "load: "
                                                                    "p_cs_lods_"
                                                                    "insn: cs "
                                                                    "lodsl\n"
                                                                    "mov %eax, "
                                                                    "probe_"
                                                                    "val\n"
                                                                    "pop %esi\n"
                                                                    "ret\n");

/* #GP gate that records ECX/EDI/ESI at the fault, then crt32's stub. */
void gp_regs_stub(void);
__asm__(".text\ngp_regs_stub:\n"
        "mov %ecx, %ss:gp_ecx\n"
        "mov %edi, %ss:gp_edi\n"
        "mov %esi, %ss:gp_esi\n"
        "jmp exc_stubs + 13 * 16\n");

/* Ring 3 with SS:ESP = u_ss:u_esp (the #SS of a push needs the stack
 * switch of a fault from ring 3). fn ends with int $0x42 (vector 255). */
void user_run(void *fn);
__asm__(
    ".text\nuser_run:\n"
    "mov 4(%esp), %eax\n"
    "pushl u_ss\npushl u_esp\npushf\npush $" S(
        SEL_UCODE) "\npush %eax\n"
                   "mov $" S(SEL_UDATA) ", %ecx\nmov %ecx, %ds\nmov %ecx, %es\n"
                                        "iret\n");
void u_push(void), u_pop(void);
extern char u_push_a[], u_push_b[], u_pop_a[];
__asm__(".text\n"
        "u_push: mov $0x11111111, %eax\n"
        "u_push_a: push %eax\n"
        "mov $0x22222222, %eax\n"
        "u_push_b: push %eax\n"
        "int $0x42\n"
        "u_pop: mov $0x33333333, %eax\n"
        "u_pop_a: pop %eax\n"
        "mov %eax, %ds:probe_val\n"
        "int $0x42\n");

static const char *cur; /* what the probe checks, for a failure report */

static void fail_what(void)
{
    puts32("segments: in '");
    puts32(cur);
    puts32("'\n");
}

/* probe(off) with probe_sel = sel must raise vec, error err, at eip. */
static void fault(int code, const char *what, void (*p)(void *), uint32_t sel,
                  uint32_t off, int vec, uint32_t err, const char *eip)
{
    cur = what;
    probe_sel = sel;
    int got = catch_call(p, (void *)off);
    if (got != vec || exc_error != err || exc_eip != (uint32_t)eip) {
        fail_what();
    }
    CHECK_EQ(code, got, vec);
    CHECK_EQ(code, exc_error, err);
    CHECK_EQ(code, exc_eip, (uint32_t)eip);
}

/* probe(off) with probe_sel = sel must not fault; returns probe_val. */
static uint32_t pass(int code, const char *what, void (*p)(void *),
                     uint32_t sel, uint32_t off)
{
    cur = what;
    probe_sel = sel;
    probe_val = 0xdeadbeef;
    int got = catch_call(p, (void *)off);
    if (got != -1) {
        fail_what();
        puts32("segments: exception ");
        putdec32((uint32_t)got);
        puts32(" error ");
        puthex32(exc_error);
        puts32(" at ");
        puthex32(exc_eip);
        puts32("\n");
    }
    CHECK_EQ(code, got, -1);
    return probe_val;
}

static int user(void (*fn)(void), uint32_t ss, uint32_t esp)
{
    u_ss = ss;
    u_esp = esp;
    return catch_call(user_run, (void *)fn);
}

/* The frame of the last exception: EIP, CS, EFLAGS, ESP, SS. */
static uint32_t frame(int i)
{
    return ((volatile uint32_t *)exc_frame)[1 + i];
}

#define GP      13
#define SS      12
#define DATA(i) (*(volatile uint32_t *)(DBASE + (i)))

/* Accesses to linear address 0 and up in asm: C may not dereference a
 * null pointer (GCC turns it into a trap). */
static inline uint32_t peek32(uint32_t a)
{
    uint32_t v;
    __asm__ volatile("mov (%1), %0" : "=r"(v) : "r"(a) : "memory");
    return v;
}

static inline void poke16(uint32_t a, uint16_t v)
{
    __asm__ volatile("movw %1, (%0)" ::"r"(a), "r"(v) : "memory");
}

int main32(void);
int main32(void)
{
    test_name = "segments";
    for (uint32_t a = DBASE; a < DBASE + 0x10000; a += 4) {
        *(volatile uint32_t *)a = 0;
    }
    gdt_set(7, DBASE, 0xfff, 0x93, 0x4);
    gdt_set(8, DBASE, 0xfff, 0x91, 0x4);
    gdt_set(9, 0, 0xfffff, 0x99, 0xc);
    gdt_set(10, 0, 0xfffff, 0x9b, 0xc);
    gdt_set(11, DBASE, 0xfff, 0x97, 0x4);
    gdt_set(12, DBASE, 0xfff, 0x97, 0x0);
    gdt_set(13, DBASE, 0xfff, 0x95, 0x4);
    gdt_set(14, DBASE, 0, 0x93, 0xc);
    gdt_set(15, DBASE, 0, 0x97, 0xc);
    gdt_set(16, 0, 0xfff, 0x97, 0x4);
    gdt_set(17, DBASE, 0, 0x93, 0x4);
    gdt_set(19, DBASE, 0xfff, 0xf7, 0x4);
    gdt_set(20, DBASE, 0, 0x97, 0x4);

    /* expand-up limits: the last byte, word, dword */
    DATA(0xffc) = 0xa1b2c3d4;
    probe_wval = 0x5a5a5a5a;
    CHECK_EQ(1, pass(1, "rd32 at limit-3", p_rd32, SEL_RW, 0xffc), 0xa1b2c3d4);
    CHECK_EQ(2, pass(2, "rd16 at limit-1", p_rd16, SEL_RW, 0xffe), 0xa1b2);
    CHECK_EQ(3, pass(3, "rd8 at limit", p_rd8, SEL_RW, 0xfff), 0xa1);
    fault(4, "rd32 at limit-2", p_rd32, SEL_RW, 0xffd, GP, 0, p_rd32_insn);
    fault(5, "rd32 at limit+1", p_rd32, SEL_RW, 0x1000, GP, 0, p_rd32_insn);
    fault(6, "rd16 at limit", p_rd16, SEL_RW, 0xfff, GP, 0, p_rd16_insn);
    fault(7, "rd8 at limit+1", p_rd8, SEL_RW, 0x1000, GP, 0, p_rd8_insn);
    fault(8, "wr32 at limit-2", p_wr32, SEL_RW, 0xffd, GP, 0, p_wr32_insn);
    fault(9, "rd32 at 0xffffffff", p_rd32, SEL_RW, 0xffffffff, GP, 0,
          p_rd32_insn);
    CHECK_EQ(10, DATA(0xffc), 0xa1b2c3d4); /* the faulting write did nothing */
    pass(11, "wr32 at limit-3", p_wr32, SEL_RW, 0xffc);
    CHECK_EQ(12, DATA(0xffc), 0x5a5a5a5a);
    CHECK_EQ(13, pass(13, "rd8 limit 0 at 0", p_rd8, SEL_LIM0, 0), 0);
    fault(14, "rd16 limit 0 at 0", p_rd16, SEL_LIM0, 0, GP, 0, p_rd16_insn);
    fault(15, "rd8 limit 0 at 1", p_rd8, SEL_LIM0, 1, GP, 0, p_rd8_insn);
    puts32("segments: expand-up limits ok\n");

    /* G=1: limit 0 means 0xfff */
    pass(16, "G=1 rd32 at 0xffc", p_rd32, SEL_GUP, 0xffc);
    fault(17, "G=1 rd32 at 0xffd", p_rd32, SEL_GUP, 0xffd, GP, 0, p_rd32_insn);
    fault(18, "G=1 wr8 at 0x1000", p_gs_wr8, SEL_GUP, 0x1000, GP, 0,
          p_gs_wr8_insn);
    puts32("segments: granularity ok\n");

    /* rights */
    fault(19, "wr32 read-only data", p_wr32, SEL_RO, 0, GP, 0, p_wr32_insn);
    fault(20, "add32 read-only data", p_add32, SEL_RO, 0, GP, 0, p_add32_insn);
    fault(21, "wr16 read-only data", p_wr16, SEL_RO, 0x10, GP, 0, p_wr16_insn);
    CHECK_EQ(22, pass(22, "rd32 read-only data", p_rd32, SEL_RO, 0xffc),
             0x5a5a5a5a);
    fault(23, "rd32 read-only data beyond limit", p_rd32, SEL_RO, 0xffd, GP, 0,
          p_rd32_insn);
    fault(24, "wr32 es read-only", p_es_wr32, SEL_RO, 0, GP, 0, p_es_wr32_insn);
    CHECK_EQ(25, DATA(0), 0);
    CHECK_EQ(26, pass(26, "rd32 cs readable", p_cs_rd32, 0, 0xffff0),
             *(volatile uint32_t *)0xffff0);
    fault(27, "wr32 cs", p_cs_wr32, 0, 0x100000, GP, 0, p_cs_wr32_insn);
    CHECK_EQ(28, pass(28, "rd32 ds = readable code", p_rd32, SEL_XR, 0xffff0),
             *(volatile uint32_t *)0xffff0);
    fault(29, "wr32 ds = readable code", p_wr32, SEL_XR, 0x100000, GP, 0,
          p_wr32_insn);
    CHECK_EQ(30, *(volatile uint32_t *)0x100000, 0);
    /* loading DS with execute-only code is refused at the load */
    fault(31, "load ds = execute-only code", p_rd32, SEL_XO, 0, GP, SEL_XO,
          p_rd32_load);
    probe_sel = 0;
    CHECK_EQ(32, pass(32, "execute-only code runs", p_xo_ok, 0, 0xffff0),
             *(volatile uint32_t *)0xffff0);
    CHECK_EQ(33, probe_sel, SEL_XO);
    fault(34, "rd32 cs execute-only", p_xo_rd32, 0, 0xffff0, GP, 0,
          p_xo_rd32_insn);
    CHECK_EQ(35, exc_cs, SEL_XO);
    puts32("segments: code and read-only rights ok\n");

    /* null selectors */
    fault(36, "rd32 ds null", p_rd32, 0, 0x1000, GP, 0, p_rd32_insn);
    fault(37, "wr32 ds null", p_wr32, 0, 0x1000, GP, 0, p_wr32_insn);
    fault(38, "rd32 es null", p_es_rd32, 0, 0x1000, GP, 0, p_es_rd32_insn);
    fault(39, "rd32 fs null", p_fs_rd32, 0, 0x1000, GP, 0, p_fs_rd32_insn);
    fault(40, "rd32 gs null", p_gs_rd32, 0, 0x1000, GP, 0, p_gs_rd32_insn);
    fault(41, "wr8 gs null (RPL 3)", p_gs_wr8, 3, 0x1000, GP, 0, p_gs_wr8_insn);
    fault(42, "stos es null", p_stos, 0, 0x41000, GP, 0, p_stos_insn);
    fault(43, "lods ds null", p_lods, 0, 0x41000, GP, 0, p_lods_insn);
    CHECK_EQ(44, pass(44, "rd32 fs flat", p_fs_rd32, SEL_DATA32, 0xffff0),
             *(volatile uint32_t *)0xffff0);
    puts32("segments: null selectors ok\n");

    /* expand-down, B=1: offsets 0x1000..0xffffffff */
    DATA(0x1000) = 0x01020304;
    CHECK_EQ(45, pass(45, "ED32 rd32 at limit+1", p_rd32, SEL_ED32, 0x1000),
             0x01020304);
    fault(46, "ED32 rd32 at limit-2", p_rd32, SEL_ED32, 0xffe, GP, 0,
          p_rd32_insn);
    fault(47, "ED32 rd8 at limit", p_rd8, SEL_ED32, 0xfff, GP, 0, p_rd8_insn);
    fault(48, "ED32 rd32 at 0", p_rd32, SEL_ED32, 0, GP, 0, p_rd32_insn);
    pass(49, "ED32 wr32 at limit+1", p_wr32, SEL_ED32, 0x1000);
    CHECK_EQ(50, DATA(0x1000), 0x5a5a5a5a);
    pass(51, "ED32 rd32 at 0x10000", p_rd32, SEL_ED32, 0x10000);
    pass(52, "ED32 rd32 at 0xfffffffc", p_rd32, SEL_ED32, 0xfffffffc);
    fault(53, "ED32 rd32 at 0xfffffffe", p_rd32, SEL_ED32, 0xfffffffe, GP, 0,
          p_rd32_insn);
    CHECK_EQ(54,
             pass(54, "ED32 rd8 at 0xffffffff", p_rd8, SEL_ED32, 0xffffffff),
             *(volatile uint8_t *)(DBASE - 1));
    fault(55, "ED32 wr32 es at limit-3", p_es_wr32, SEL_ED32, 0xffc, GP, 0,
          p_es_wr32_insn);
    CHECK_EQ(56, DATA(0xffc), 0x5a5a5a5a);
    /* read-only expand-down */
    CHECK_EQ(57, pass(57, "EDRO rd32 at limit+1", p_rd32, SEL_EDRO, 0x1000),
             0x5a5a5a5a);
    fault(58, "EDRO wr32 at limit+1", p_wr32, SEL_EDRO, 0x1000, GP, 0,
          p_wr32_insn);
    /* expand-down, B=0: offsets 0x1000..0xffff */
    pass(59, "ED16 rd32 at 0xfffc", p_rd32, SEL_ED16, 0xfffc);
    pass(60, "ED16 rd32 at limit+1", p_rd32, SEL_ED16, 0x1000);
    fault(61, "ED16 rd32 at 0xfffd", p_rd32, SEL_ED16, 0xfffd, GP, 0,
          p_rd32_insn);
    fault(62, "ED16 rd8 at 0x10000", p_rd8, SEL_ED16, 0x10000, GP, 0,
          p_rd8_insn);
    fault(63, "ED16 rd16 at limit", p_rd16, SEL_ED16, 0xfff, GP, 0,
          p_rd16_insn);
    pass(64, "ED16 rd8 at 0xffff", p_rd8, SEL_ED16, 0xffff);
    /* expand-down, G=1, limit 0: offsets 0x1000.. */
    fault(65, "GED rd8 at 0xfff", p_rd8, SEL_GED, 0xfff, GP, 0, p_rd8_insn);
    pass(66, "GED rd8 at 0x1000", p_rd8, SEL_GED, 0x1000);
    /* expand-down, limit 0: offsets 1..0xffffffff */
    fault(67, "ED0 rd8 at 0", p_rd8, SEL_ED0, 0, GP, 0, p_rd8_insn);
    pass(68, "ED0 rd8 at 1", p_rd8, SEL_ED0, 1);
    puts32("segments: expand-down limits ok\n");

    /* SS: explicit accesses through an expand-down SS (base 0, offsets
     * 0x1000..): #SS(0) */
    fault(69, "SS ED rd32 at limit-2", p_ss_rd32, SEL_SSED, 0xffe, SS, 0,
          p_ss_rd32_insn);
    fault(70, "SS ED wr32 at 0", p_ss_wr32, SEL_SSED, 0, SS, 0, p_ss_wr32_insn);
    pass(71, "SS ED rd32 at limit+1", p_ss_rd32, SEL_SSED, 0x1000);
    pass(72, "SS ED wr32", p_ss_wr32, SEL_SSED, DBASE + 0x2000);
    CHECK_EQ(73, DATA(0x2000), 0x5a5a5a5a);
    /* a 4 GiB limit wraps at the top: bytes fffffffe and ffffffff (the
     * BIOS ROM, also at ffffe/fffff), then 0 and 1 (RAM) */
    poke16(0, 0x3344);
    uint32_t top16 = *(volatile uint16_t *)0xffffe;
    CHECK_EQ(74,
             pass(74, "SS flat rd32 at 0xfffffffe", p_ss_rd32, SEL_DATA32,
                  0xfffffffe),
             0x33440000 | top16);
    /* loading SS with read-only data is refused at the load */
    fault(75, "load ss = read-only data", p_ss_rd32, SEL_RO, 0x1000, GP, SEL_RO,
          p_ss_rd32_load);
    puts32("segments: SS accesses ok\n");

    /* flat DS: no check at all, accesses wrap at the top of the 4 GiB */
    CHECK_EQ(
        76, pass(76, "flat rd32 at 0xfffffffe", p_rd32, SEL_DATA32, 0xfffffffe),
        0x33440000 | top16);
    CHECK_EQ(
        77, pass(77, "flat rd16 at 0xffffffff", p_rd16, SEL_DATA32, 0xffffffff),
        0x4400 | (top16 >> 8));
    probe_wval = 0x01000000;
    pass(78, "flat add32 at 0xfffffffd", p_add32, SEL_DATA32, 0xfffffffd);
    CHECK_EQ(78, peek32(0) & 0xff, 0x45); /* the ROM bytes stay */
    probe_wval = 0xa0b0c0d0;
    pass(79, "flat wr32 at 0xffffffff", p_wr32, SEL_DATA32, 0xffffffff);
    CHECK_EQ(79, peek32(0) & 0xffffff, 0xa0b0c0);
    probe_wval = 0x5a5a5a5a;
    pass(80, "flat rd32 [0xfffffffe]", p_abs32, SEL_DATA32, 0);
    CHECK_EQ(
        81, pass(81, "flat rd32 at 0xfffffffc", p_rd32, SEL_DATA32, 0xfffffffc),
        *(volatile uint32_t *)0xffffc);
    CHECK_EQ(82,
             pass(82, "flat rd8 at 0xffffffff", p_rd8, SEL_DATA32, 0xffffffff),
             *(volatile uint8_t *)0xfffff);
    /* 32-bit effective addresses wrap: 0xffffffff + 4 is offset 3 */
    CHECK_EQ(
        83,
        pass(83, "flat rd32 4(0xffffffff)", p_wrap32, SEL_DATA32, 0xffffffff),
        *(volatile uint32_t *)3);
    pass(84, "flat es rd32 at 0xfffffffe", p_es_rd32, SEL_DATA32, 0xfffffffe);
    pass(85, "flat stos at 0xfffffffe", p_stos, SEL_DATA32, 0xfffffffe);
    pass(86, "flat lods at 0xfffffffd", p_lods, SEL_DATA32, 0xfffffffd);
    puts32("segments: flat top of 4 GiB ok\n");

    /* string instructions */
    fault(87, "stos es read-only", p_stos, SEL_RO, 0x10, GP, 0, p_stos_insn);
    fault(88, "movs es read-only", p_movs, SEL_RO, 0x10, GP, 0, p_movs_insn);
    fault(89, "movs es = readable code", p_movs, SEL_XR, 0x100000, GP, 0,
          p_movs_insn);
    CHECK_EQ(90, DATA(0x10), 0);
    pass(91, "movs es RW at limit-3", p_movs, SEL_RW, 0xffc);
    CHECK_EQ(92, DATA(0xffc), src_buf[0]);
    fault(93, "movs es RW at limit-2", p_movs, SEL_RW, 0xffd, GP, 0,
          p_movs_insn);
    probe_wval = 0x6b6b6b6b;
    pass(94, "stos es ED at limit+1", p_stos, SEL_ED32, 0x1000);
    CHECK_EQ(95, DATA(0x1000), 0x6b6b6b6b);
    fault(96, "stos es ED at limit-3", p_stos, SEL_ED32, 0xffc, GP, 0,
          p_stos_insn);
    CHECK_EQ(97, pass(97, "lods ds RW at limit-3", p_lods, SEL_RW, 0xffc),
             src_buf[0]);
    fault(98, "lods ds RW at limit-2", p_lods, SEL_RW, 0xffe, GP, 0,
          p_lods_insn);
    CHECK_EQ(99, pass(99, "lods cs readable", p_cs_lods, 0, 0xffff0),
             *(volatile uint32_t *)0xffff0);
    fault(100, "lods cs execute-only", p_xo_lods, 0, 0xffff0, GP, 0,
          p_xo_lods_insn);
    CHECK_EQ(101, exc_cs, SEL_XO);
    /* REP STOS stops at the iteration that leaves the segment */
    idt_set_gate(13, SEL_CODE32, (uint32_t)gp_regs_stub, GATE_INT32, 0);
    probe_cnt = 4;
    probe_wval = 0x77665544;
    fault(102, "rep stos over the limit", p_rep_stos, SEL_RW, 0xff4, GP, 0,
          p_rep_stos_insn);
    CHECK_EQ(103, gp_ecx, 1);
    CHECK_EQ(104, gp_edi, 0x1000);
    CHECK_EQ(105, DATA(0xff4), 0x77665544);
    CHECK_EQ(106, DATA(0xffc), 0x77665544);
    fault(107, "rep stos es read-only", p_rep_stos, SEL_RO, 0x20, GP, 0,
          p_rep_stos_insn);
    CHECK_EQ(108, gp_ecx, 4);
    CHECK_EQ(109, gp_edi, 0x20);
    idt_restore(13);
    probe_wval = 0x5a5a5a5a;
    puts32("segments: string instructions ok\n");

    /* pushes and pops: from ring 3, so the #SS has a stack to go to */
    volatile uint32_t *tss = (volatile uint32_t *)TSS_ADDR;
    for (int i = 0; i < 26; i++) {
        tss[i] = 0;
    }
    tss[1] = 0x80000;    /* esp0 */
    tss[2] = SEL_DATA32; /* ss0 */
    tss[25] = 0x680000;
    gdt_set(18, TSS_ADDR, 0x67, 0x89, 0);
    __asm__ volatile("ltr %w0" ::"r"(SEL_TSS));
    idt_set_gate(0x42, SEL_CODE32, (uint32_t)exc_stub_other, GATE_INT32, 3);

    /* expand-down SS, B=1, limit 0xfff: offsets 0x1000..0xffffffff */
    CHECK_EQ(110, user(u_push, SEL_USSED, 0x1008), 255);
    CHECK_EQ(111, frame(3), 0x1000);
    CHECK_EQ(112, DATA(0x1004), 0x11111111);
    CHECK_EQ(113, DATA(0x1000), 0x22222222);
    CHECK_EQ(114, user(u_push, SEL_USSED, 0x1004), SS);
    CHECK_EQ(115, exc_error, 0);
    CHECK_EQ(116, exc_eip, (uint32_t)u_push_b);
    CHECK_EQ(117, frame(3), 0x1000);
    CHECK_EQ(118, frame(4), SEL_USSED);
    CHECK_EQ(119, user(u_push, SEL_USSED, 0x1002), SS);
    CHECK_EQ(120, exc_error, 0);
    CHECK_EQ(121, exc_eip, (uint32_t)u_push_a);
    CHECK_EQ(122, frame(3), 0x1002);
    CHECK_EQ(123, exc_cs, SEL_UCODE);
    probe_val = 0;
    CHECK_EQ(124, user(u_pop, SEL_USSED, 0x1000), 255);
    CHECK_EQ(125, probe_val, 0x11111111); /* the push at 0x1004 */
    /* (no check 126: 0x7e is crt32's exit code for an unexpected fault) */
    CHECK_EQ(127, user(u_pop, SEL_USSED, 0xffe), SS);
    CHECK_EQ(128, exc_eip, (uint32_t)u_pop_a);
    CHECK_EQ(129, user(u_pop, SEL_USSED, 0xfffffffe), SS);
    CHECK_EQ(130, exc_eip, (uint32_t)u_pop_a);
    CHECK_EQ(131, exc_error, 0);
    /* flat SS: a push or pop across the top of the 4 GiB wraps */
    CHECK_EQ(132, user(u_push, SEL_UDATA, 8), 255);
    CHECK_EQ(133, *(volatile uint32_t *)4, 0x11111111);
    CHECK_EQ(134, peek32(0), 0x22222222);
    CHECK_EQ(135, user(u_push, SEL_UDATA, 2), 255);
    CHECK_EQ(136, peek32(0) & 0xffff, 0x1111); /* its top half */
    CHECK_EQ(137, frame(3), 0xfffffffa);
    puts32("segments: stack pushes and pops ok\n");

    puts32("segments: all ok\n");
    return 0;
}
