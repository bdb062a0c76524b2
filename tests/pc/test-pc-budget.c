/*
 * --budget bounds a halted guest too (issue 17.1): a CPU that sleeps in
 * HLT waiting for console input (COM1's receive interrupt the only open
 * line, the console open but silent) uses the budget at the rate of its
 * virtual clock, one instruction per 2^shift ns, and the run ends at the
 * budget instead of spinning forever.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "machine/machine.h"
#include "test-host.h"

#define KiB 1024u
#define MiB (1024u * 1024u)

static uint8_t pool[4 * MiB] __attribute__((aligned(4096)));
static uint8_t bios[64 * KiB];
static unsigned polls;

/* F000:E000 onwards; comments give the 16-bit assembly. */
static const uint8_t prog[] = {
    0xfa,                   /* E000 cli */
    0xba, 0xf9, 0x03,       /* mov dx,0x3f9 */
    0xb0, 0x01, 0xee,       /* IER: receive interrupt only */
    0xb0, 0xef, 0xe6, 0x21, /* master PIC: only IRQ4 (COM1) open */
    0xb0, 0xff, 0xe6, 0xa1, /* slave PIC: all masked */
    0xfb,                   /* sti */
    0xf4,                   /* hlt */
    0xeb, 0xfd,             /* jmp hlt */
};

/* Open, but nothing ever comes. */
static int silent_console(void *opaque)
{
    (void)opaque;
    polls++;
    return -1;
}

static void test_halted_guest_uses_budget(void **state)
{
    PCMachineConfig cfg;
    PCRunResult r;

    (void)state;
    memset(bios, 0xf4, sizeof(bios));
    memcpy(bios + 0xe000, prog, sizeof(prog));
    memcpy(bios + 0xfff0, (const uint8_t[]){0xea, 0x00, 0xe0, 0x00, 0xf0}, 5);
    qemu_ram_pool_init(pool, sizeof(pool), "budget-test");
    pc_machine_default_config(&cfg);
    /* a Pentium, no APIC: the 8259 reaches INTR from power-on (a 686's
     * LINT0 is masked until the BIOS sets up virtual wire mode) */
    cfg.cpu_level = X86_CPU_586;
    cfg.bios = bios;
    cfg.bios_size = sizeof(bios);
    cfg.ram_size = 2 * MiB;
    cfg.console_read = silent_console;
    assert_int_equal(pc_machine_init(&cfg), 0);
    r = pc_machine_run(1000000);
    assert_int_equal(r.reason, PC_EXIT_MACHINE);
    assert_int_equal(r.machine.reason, MACHINE_EXIT_BUDGET);
    assert_true(r.machine.insns < 100); /* it slept */
    assert_true(polls > 0);
    /* 1 M instructions of 8 ns: 8 ms of virtual time, give or take one
     * idle step (a slice) */
    assert_true(r.virtual_ns >= 8 * 1000 * 1000);
    assert_true(r.virtual_ns <= 9 * 1000 * 1000);
    /* the same guest, still waiting: a second run ends the same way */
    r = pc_machine_run(1000000);
    assert_int_equal(r.machine.reason, MACHINE_EXIT_BUDGET);
    assert_true(r.virtual_ns >= 16 * 1000 * 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_halted_guest_uses_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
