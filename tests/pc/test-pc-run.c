/*
 * The PC's main loop with a tiny hand-assembled real-mode BIOS on "pc":
 * phase 1 programs the PIC and PIT channel 0 (1 ms, mode 2), then waits
 * in STI/HLT for ten IRQ0s (the loop must warp the clock while the CPU is
 * halted and deliver the PIC's vector through get_pic_interrupt), then
 * resets the machine through port 0x92; phase 2 (after the reset, RAM
 * kept) prints "No bootable device." on port 0x402, which ends the run.
 * Then A20 through port 0x92 and the i8042, a reset through 0xCF9, and
 * a halt nothing can wake.
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

static uint8_t pool[8 * MiB] __attribute__((aligned(4096)));
static uint8_t bios[64 * KiB];
static char dbg[256];
static unsigned dbg_len;

/* F000:E000 onwards; comments give the 16-bit assembly. */
static const uint8_t prog[] = {
    0xfa,                               /* E000 cli */
    0x31, 0xc0,                         /* xor ax,ax */
    0x8e, 0xd8,                         /* mov ds,ax */
    0x8e, 0xd0,                         /* mov ss,ax */
    0xbc, 0x00, 0x70,                   /* mov sp,0x7000 */
    0x80, 0x3e, 0x01, 0x05, 0x00,       /* E00A cmp byte [0x501],0 */
    0x75, 0x47,                         /* E00F jne phase2 (E058) */
    0xc6, 0x06, 0x01, 0x05, 0x01,       /* E011 mov byte [0x501],1 */
    0xc6, 0x06, 0x00, 0x05, 0x00,       /* E016 mov byte [0x500],0 */
    0xc7, 0x06, 0x20, 0x00, 0x6b, 0xe0, /* E01B mov word [0x20],handler */
    0xc7, 0x06, 0x22, 0x00, 0x00, 0xf0, /* E021 mov word [0x22],0xf000 */
    0xb0, 0x11, 0xe6, 0x20,             /* E027 ICW1 */
    0xb0, 0x08, 0xe6, 0x21,             /* E02B ICW2: vectors 8-15 */
    0xb0, 0x04, 0xe6, 0x21,             /* E02F ICW3 */
    0xb0, 0x01, 0xe6, 0x21,             /* E033 ICW4 */
    0xb0, 0xfe, 0xe6, 0x21,             /* E037 OCW1: only IRQ0 */
    0xb0, 0x34, 0xe6, 0x43,             /* E03B PIT ch0 lo/hi mode 2 */
    0xb0, 0xa9, 0xe6, 0x40,             /* E03F count 0x04a9 = 1 ms */
    0xb0, 0x04, 0xe6, 0x40,             /* E043 */
    0xfb,                               /* E047 sti */
    0xf4,                               /* E048 loop1: hlt */
    0x80, 0x3e, 0x00, 0x05, 0x0a,       /* E049 cmp byte [0x500],10 */
    0x72, 0xf8,                         /* E04E jb loop1 */
    0xfa,                               /* E050 cli */
    0xb0, 0x01, 0xe6, 0x92,             /* E051 port 0x92 bit 0: reset */
    0xf4,                               /* E055 hlt */
    0xeb, 0xfd,                         /* E056 jmp E055 */
    0xbe, 0x76, 0xe0,                   /* E058 phase2: mov si,msg */
    0xba, 0x02, 0x04,                   /* E05B mov dx,0x402 */
    0x2e, 0xac,                         /* E05E loop2: cs lodsb */
    0x08, 0xc0,                         /* E060 or al,al */
    0x74, 0x03,                         /* E062 jz E067 */
    0xee,                               /* E064 out dx,al */
    0xeb, 0xf7,                         /* E065 jmp loop2 */
    0xfa,                               /* E067 cli */
    0xf4,                               /* E068 hlt */
    0xeb, 0xfd,                         /* E069 jmp E068 */
    0xfe, 0x06, 0x00, 0x05,             /* E06B handler: inc byte [0x500] */
    0x50,                               /* E06F push ax */
    0xb0, 0x20, 0xe6, 0x20,             /* E070 EOI */
    0x58,                               /* E074 pop ax */
    0xcf,                               /* E075 iret */
    'N',  'o',  ' ',  'b',  'o',  'o',  't', 'a',  'b',
    'l',  'e',  ' ', /* E076 */
    'd',  'e',  'v',  'i',  'c',  'e',  '.', '\n', 0,
};

static void dbg_sink(void *opaque, uint8_t c)
{
    (void)opaque;
    if (dbg_len + 1 < sizeof(dbg)) {
        dbg[dbg_len++] = (char)c;
        dbg[dbg_len] = 0;
    }
}

static uint8_t ram_b(uint32_t addr)
{
    return address_space_ldub(&address_space_memory, addr,
                              MEMTXATTRS_UNSPECIFIED, NULL);
}

static int setup_machine(void **state)
{
    PCMachineConfig cfg;

    (void)state;
    memset(bios, 0xf4, sizeof(bios));
    memcpy(bios + 0xe000, prog, sizeof(prog));
    /* reset vector F000:FFF0: jmp far F000:E000 */
    bios[0xfff0] = 0xea;
    bios[0xfff1] = 0x00;
    bios[0xfff2] = 0xe0;
    bios[0xfff3] = 0x00;
    bios[0xfff4] = 0xf0;
    qemu_ram_pool_init(pool, sizeof(pool), "run-test");
    pc_machine_default_config(&cfg);
    /* a Pentium, no APIC: the 8259 reaches INTR from power-on (a 686's
     * LINT0 is masked until the BIOS sets up virtual wire mode) */
    cfg.cpu_level = X86_CPU_586;
    cfg.type = PC_MACHINE_PC;
    cfg.bios = bios;
    cfg.bios_size = sizeof(bios);
    cfg.bios_name = "test-bios";
    cfg.ram_size = 2 * MiB;
    cfg.debugcon_sink = dbg_sink;
    return pc_machine_init(&cfg);
}

static void test_irqs_reset_and_no_boot(void **state)
{
    PCRunResult r;
    char why[120];

    (void)state;
    /* The budget counts halted virtual time too (2^3 ns an instruction):
     * 10 M is 80 ms, room for the 10 ms this phase sleeps. */
    r = pc_machine_run(10000000);
    pc_describe_result(&r, why, sizeof(why));
    print_message("%s, %lld ns virtual\n", why, (long long)r.virtual_ns);
    assert_int_equal(r.reason, PC_EXIT_NO_BOOTABLE_DEVICE);
    /* ten timer interrupts were taken, then one reset */
    assert_int_equal(ram_b(0x500), 10);
    assert_int_equal(ram_b(0x501), 1);
    assert_int_equal(r.resets, 1);
    assert_string_equal(dbg, "No bootable device.\n");
    /* 9 ms of virtual time passed while the CPU mostly slept (the first
     * IRQ0 is OUT rising when the count is loaded, then one per 1 ms) */
    assert_true(r.virtual_ns >= 9 * 1000 * 1000 - 1000);
    assert_true(r.virtual_ns < 11 * 1000 * 1000);
    assert_true(r.machine.insns < 5000);
    /* the clock is at least the instructions' weight (2^3 ns each) */
    assert_true(r.virtual_ns >= (int64_t)(r.machine.insns << 3));
}

static void test_a20_lines(void **state)
{
    CPUX86State *env = &pc_machine_cpu()->env;

    (void)state;
    cpu_outb(0x92, 0x00);
    assert_int_equal(env->a20_mask, 0xffefffff);
    cpu_outb(0x92, 0x02);
    assert_int_equal(env->a20_mask, 0xffffffff);
    /* i8042 output port: command 0xD1, then the data byte (bit 1 = A20,
     * bit 0 must stay 1 or it is a reset) */
    cpu_outb(0x64, 0xd1);
    cpu_outb(0x60, 0x01);
    assert_int_equal(env->a20_mask, 0xffefffff);
    cpu_outb(0x64, 0xd1);
    cpu_outb(0x60, 0x03);
    assert_int_equal(env->a20_mask, 0xffffffff);
}

static void test_reset_control_register(void **state)
{
    PCRunResult r;
    CPUX86State *env = &pc_machine_cpu()->env;

    (void)state;
    /* a hard reset through 0xCF9 (PIIX3): the next run restarts the BIOS,
     * which finds its marker in RAM and goes straight to phase 2 */
    dbg_len = 0;
    dbg[0] = 0;
    cpu_outb(0xcf9, 0x06);
    r = pc_machine_run(100000);
    assert_int_equal(r.resets, 2);
    assert_int_equal(env->segs[R_CS].selector, 0xf000);
    assert_int_equal(r.reason, PC_EXIT_NO_BOOTABLE_DEVICE);
    assert_string_equal(dbg, "No bootable device.\n");
    /* running on: phase 2 ends in CLI/HLT that nothing can wake */
    r = pc_machine_run(100000);
    assert_int_equal(r.reason, PC_EXIT_MACHINE);
    assert_int_equal(r.machine.reason, MACHINE_EXIT_HALTED_FOREVER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_irqs_reset_and_no_boot),
        cmocka_unit_test(test_a20_lines),
        cmocka_unit_test(test_reset_control_register),
    };
    return cmocka_run_group_tests(tests, setup_machine, NULL);
}
