/*
 * The timer interrupt raised at power-on (issue 17.2): the PIT's reset
 * raises IRQ0, the PIC (IMR 0, vector base 0) passes it on, and a guest
 * that only does STI must take it -- after power-on and again after a
 * reset through port 0x92. The CPU is reset before the devices, as QEMU
 * orders its reset handlers, so its INTR line survives.
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
static char dbg[64];
static unsigned dbg_len;

/* F000:E000 onwards; comments give the 16-bit assembly. */
static const uint8_t prog[] = {
    0xfa,                               /* E000 cli */
    0x31, 0xc0,                         /* E001 xor ax,ax */
    0x8e, 0xd8,                         /* E003 mov ds,ax */
    0x8e, 0xd0,                         /* E005 mov ss,ax */
    0xbc, 0x00, 0x70,                   /* E007 mov sp,0x7000 */
    0xc7, 0x06, 0x00, 0x00, 0x19, 0xe0, /* E00A mov word [0],handler */
    0xc7, 0x06, 0x02, 0x00, 0x00, 0xf0, /* E010 mov word [2],0xf000 */
    0xfb,                               /* E016 sti: nothing else */
    0xeb, 0xfe,                         /* E017 jmp $ */
    0xfe, 0x06, 0x00, 0x05,             /* E019 handler: inc byte [0x500] */
    0x80, 0x3e, 0x00, 0x05, 0x02,       /* E01D cmp byte [0x500],2 */
    0x73, 0x06,                         /* E022 jae done */
    0xb0, 0x01, 0xe6, 0x92,             /* E024 port 0x92 bit 0: reset */
    0xeb, 0xfe,                         /* E028 jmp $ */
    0xba, 0x02, 0x04,                   /* E02A done: mov dx,0x402 */
    0xb0, 'O',  0xee,                   /* E02D */
    0xb0, 'K',  0xee,                   /* E030 */
    0xb0, '\n', 0xee,                   /* E033 */
    0xfa,                               /* E036 cli */
    0xf4,                               /* E037 hlt */
};

static void dbg_sink(void *opaque, uint8_t c)
{
    (void)opaque;
    if (dbg_len + 1 < sizeof(dbg)) {
        dbg[dbg_len++] = (char)c;
        dbg[dbg_len] = 0;
    }
}

static void test_power_on_irq0_taken(void **state)
{
    PCMachineConfig cfg;
    PCRunResult r;

    (void)state;
    memset(bios, 0xf4, sizeof(bios));
    memcpy(bios + 0xe000, prog, sizeof(prog));
    /* reset vector F000:FFF0: jmp far F000:E000 */
    memcpy(bios + 0xfff0, (const uint8_t[]){0xea, 0x00, 0xe0, 0x00, 0xf0}, 5);
    qemu_ram_pool_init(pool, sizeof(pool), "poweron-test");
    pc_machine_default_config(&cfg);
    /* a Pentium, no APIC: the 8259 reaches INTR from power-on (a 686's
     * LINT0 is masked until the BIOS sets up virtual wire mode) */
    cfg.cpu_level = X86_CPU_586;
    cfg.bios = bios;
    cfg.bios_size = sizeof(bios);
    cfg.bios_name = "test-bios";
    cfg.ram_size = 2 * MiB;
    cfg.debugcon_sink = dbg_sink;
    assert_int_equal(pc_machine_init(&cfg), 0);
    r = pc_machine_run(1000000);
    /* IRQ0 at power-on, then again after the reset it asked for */
    assert_int_equal(address_space_ldub(&address_space_memory, 0x500,
                                        MEMTXATTRS_UNSPECIFIED, NULL),
                     2);
    assert_int_equal(r.resets, 1);
    assert_string_equal(dbg, "OK\n");
    assert_int_equal(r.reason, PC_EXIT_MACHINE);
    assert_int_equal(r.machine.reason, MACHINE_EXIT_HALTED_FOREVER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_power_on_irq0_taken),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
