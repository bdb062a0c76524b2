/* Every exception a 386/486 raises in protected mode, with its vector,
 * error code and the saved EIP (fault: the instruction, trap: after it). */
#include "guest32.h"

/* Each probe is a few instructions between two labels, in asm so the
 * faulting address is known: probe_X (entry), X_insn (the instruction),
 * X_after (the next one). */
#define PROBE(name, body)                                                      \
    void name(void *arg);                                                      \
    extern char name##_insn[], name##_after[];                                 \
    __asm__(".text\n" #name ":\n" body "\n"                                    \
            "ret\n")

PROBE(de, "xor %ecx, %ecx\nmov $1, %eax\nxor %edx, %edx\n"
          ".globl de_insn\nde_insn: div %ecx\n.globl de_after\nde_after:");
PROBE(bp, ".globl bp_insn\nbp_insn: int3\n.globl bp_after\nbp_after:");
PROBE(of, "mov $0x7fffffff, %eax\nadd $1, %eax\n"
          ".globl of_insn\nof_insn: into\n.globl of_after\nof_after:");
PROBE(br, "mov $bounds, %edx\nmov $5, %eax\n"
          ".globl br_insn\nbr_insn: bound %eax, (%edx)\n"
          ".globl br_after\nbr_after:");
PROBE(ud, ".globl ud_insn\nud_insn: ud2\n.globl ud_after\nud_after:");
PROBE(nm, ".globl nm_insn\nnm_insn: .byte 0xd9, 0xd0\n" /* fnop */
          ".globl nm_after\nnm_after:");
PROBE(db, "pushf\norl $0x100, (%esp)\npopf\n"
          ".globl db_insn\ndb_insn: nop\n.globl db_after\ndb_after: nop");
PROBE(np, "mov $0x38, %eax\n"
          ".globl np_insn\nnp_insn: mov %eax, %ds\n.globl np_after\nnp_after:");
PROBE(ss, "mov $0x40, %eax\n"
          ".globl ss_insn\nss_insn: mov %eax, %ss\n.globl ss_after\nss_after:");
PROBE(gp, "mov $0x7f8, %eax\n" /* beyond the GDT limit */
          ".globl gp_insn\ngp_insn: mov %eax, %es\n.globl gp_after\ngp_after:");
PROBE(ts,
      ".globl ts_insn\nts_insn: ljmp $0x48, $0\n.globl ts_after\nts_after:");

const int32_t bounds[2] = {0, 4};

static void expect(int code, void (*probe)(void *), int vec, uint32_t err,
                   const char *eip, const char *what)
{
    int got = catch_call(probe, 0);
    CHECK_EQ(code, got, vec);
    CHECK_EQ(code, exc_error, err);
    CHECK_EQ(code, exc_eip, (uint32_t)eip);
    puts32("exceptions: ");
    puts32(what);
    puts32(" ok\n");
}

/* A C handler may clobber what the C ABI lets it (EAX, ECX, EDX, the
 * flags, DF set on entry): exc_common must restore them before IRET. */
static int clobber_hook(void)
{
    __asm__ volatile("mov $0xdead0001, %%ecx\n\tmov $0xdead0002, %%edx"
                     :
                     :
                     : "ecx", "edx");
    return 1; /* resume after the INT3 */
}

static void handler_keeps_registers(void)
{
    uint32_t a = 0x11111111, c = 0x22222222, d = 0x33333333;
    exc_handler = clobber_hook;
    __asm__ volatile("std\n\tint3\n\tcld" : "+a"(a), "+c"(c), "+d"(d));
    exc_handler = 0;
    CHECK_EQ(40, a, 0x11111111u);
    CHECK_EQ(41, c, 0x22222222u);
    CHECK_EQ(42, d, 0x33333333u);
    puts32("exceptions: a returning C handler keeps EAX/ECX/EDX ok\n");
}

int main32(void);
int main32(void)
{
    test_name = "exceptions";

    expect(1, de, 0, 0, de_insn, "#DE");
    expect(2, db, 1, 0, db_after, "#DB (single step)");
    uint32_t dr6;
    __asm__ volatile("mov %%dr6, %0" : "=r"(dr6));
    CHECK(3, dr6 & 0x4000); /* BS */
    expect(4, bp, 3, 0, bp_after, "#BP");
    expect(5, of, 4, 0, of_after, "#OF");
    expect(6, br, 5, 0, br_insn, "#BR");
    expect(7, ud, 6, 0, ud_insn, "#UD");

    write_cr0(read_cr0() | 0x4); /* EM: ESC instructions raise #NM */
    expect(8, nm, 7, 0, nm_insn, "#NM (CR0.EM)");
    write_cr0(read_cr0() & ~0x4u);
    write_cr0(read_cr0() | 0x8); /* TS */
    expect(9, nm, 7, 0, nm_insn, "#NM (CR0.TS)");
    __asm__ volatile("clts");

    gdt_set(7, 0, 0xfffff, 0x13, 0xc); /* 0x38: data, not present */
    expect(10, np, 11, 0x38, np_insn, "#NP");
    gdt_set(8, 0, 0xfffff, 0x13, 0xc); /* 0x40: data, not present */
    expect(11, ss, 12, 0x40, ss_insn, "#SS");
    expect(12, gp, 13, 0x7f8, gp_insn, "#GP (selector beyond GDT)");

    /* 0x48: 32-bit TSS descriptor with a limit below 0x67 */
    gdt_set(9, 0x30000, 0x20, 0x89, 0);
    expect(14, ts, 10, 0x48, ts_insn, "#TS");

    /* #DF: a #GP whose own gate is not present raises #NP while being
     * delivered; two contributory faults make a double fault (error 0). */
    volatile uint32_t *gate13 = (volatile uint32_t *)(IDT_ADDR + 13 * 8);
    gate13[1] &= ~0x8000u;
    expect(15, gp, 8, 0, gp_insn, "#DF (#GP with a not-present #GP gate)");
    idt_restore(13);

    handler_keeps_registers();
    puts32("exceptions: all ok\n");
    return 0;
}
