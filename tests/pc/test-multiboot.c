/*
 * The multiboot loader on a real "pc" machine (one per process): refusals
 * of bad images with nothing written, placement of an a.out-kludge and an
 * ELF image, the info block, and the CPU state at the entry point; then a
 * two-instruction kernel runs to isa-debug-exit.
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
#define RAM (16 * MiB)

static uint8_t pool[RAM + 2 * MiB] __attribute__((aligned(4096)));
static uint8_t bios[64 * KiB];
static uint8_t img[16 * KiB];

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static uint32_t ram_l(uint32_t addr)
{
    return address_space_ldl_le(&address_space_memory, addr,
                                MEMTXATTRS_UNSPECIFIED, NULL);
}

static uint8_t ram_b(uint32_t addr)
{
    return address_space_ldub(&address_space_memory, addr,
                              MEMTXATTRS_UNSPECIFIED, NULL);
}

/* Header at hdr_off with the a.out-kludge fields. */
static void make_kludge(uint32_t hdr_off, uint32_t load_addr, uint32_t load_end,
                        uint32_t bss_end, uint32_t entry)
{
    uint32_t flags = 0x00010002u;
    memset(img, 0, sizeof(img));
    put32(img + hdr_off, MULTIBOOT_HEADER_MAGIC);
    put32(img + hdr_off + 4, flags);
    put32(img + hdr_off + 8, -(MULTIBOOT_HEADER_MAGIC + flags));
    put32(img + hdr_off + 12, load_addr + hdr_off); /* header_addr */
    put32(img + hdr_off + 16, load_addr);
    put32(img + hdr_off + 20, load_end);
    put32(img + hdr_off + 24, bss_end);
    put32(img + hdr_off + 28, entry);
}

static int setup_machine(void **state)
{
    PCMachineConfig cfg;

    (void)state;
    qemu_ram_pool_init(pool, sizeof(pool), "mb-test");
    memset(bios, 0xf4, sizeof(bios));
    pc_machine_default_config(&cfg);
    cfg.bios = bios;
    cfg.bios_size = sizeof(bios);
    cfg.ram_size = RAM;
    cfg.bios_name = "hlt-bios";
    return pc_machine_init(&cfg);
}

static void test_refuses_bad_images(void **state)
{
    MultibootLoadInfo mi;

    (void)state;
    /* no header at all */
    memset(img, 0x90, sizeof(img));
    assert_int_equal(multiboot_load(img, sizeof(img), "plain.bin", "", &mi),
                     -1);
    /* magic with a wrong checksum */
    put32(img + 64, MULTIBOOT_HEADER_MAGIC);
    put32(img + 68, 0);
    put32(img + 72, 0);
    assert_int_equal(multiboot_load(img, sizeof(img), "badsum.bin", "", &mi),
                     -1);
    /* a header past the first 8 KiB is not found */
    make_kludge(0, 0x200000, 0, 0, 0x200040);
    memmove(img + 8192, img, 32);
    memset(img, 0, 32);
    assert_int_equal(multiboot_load(img, sizeof(img), "late.bin", "", &mi), -1);
    /* valid header, neither ELF nor kludge */
    memset(img, 0, sizeof(img));
    put32(img, MULTIBOOT_HEADER_MAGIC);
    put32(img + 4, 2);
    put32(img + 8, -(MULTIBOOT_HEADER_MAGIC + 2));
    assert_int_equal(multiboot_load(img, sizeof(img), "noaddr.bin", "", &mi),
                     -1);
    /* kludge: load_end beyond the file (truncated) */
    make_kludge(0, 0x200000, 0x200000 + sizeof(img) + 1, 0, 0x200040);
    assert_int_equal(multiboot_load(img, sizeof(img), "trunc.bin", "", &mi),
                     -1);
    /* kludge: outside RAM, over the info area, into the ROM hole */
    make_kludge(0, RAM - 4 * KiB, 0, 0, RAM - 4 * KiB + 64);
    assert_int_equal(multiboot_load(img, sizeof(img), "high.bin", "", &mi), -1);
    make_kludge(0, 0x8000, 0, 0, 0x8040);
    assert_int_equal(multiboot_load(img, sizeof(img), "info.bin", "", &mi), -1);
    make_kludge(0, 0xf0000, 0, 0, 0xf0040);
    assert_int_equal(multiboot_load(img, sizeof(img), "hole.bin", "", &mi), -1);
    /* entry outside the image */
    make_kludge(0, 0x200000, 0, 0, 0x300000);
    assert_int_equal(multiboot_load(img, sizeof(img), "entry.bin", "", &mi),
                     -1);
    /* a 32-bit ELF for another machine */
    memset(img, 0, sizeof(img));
    memcpy(img, "\177ELF\001\001\001", 7);
    put16(img + 16, 2);
    put16(img + 18, 40); /* EM_ARM */
    put32(img + 64, MULTIBOOT_HEADER_MAGIC);
    put32(img + 72, -MULTIBOOT_HEADER_MAGIC);
    assert_int_equal(multiboot_load(img, sizeof(img), "arm.elf", "", &mi), -1);
    /* nothing was written at the would-be load addresses */
    assert_int_equal(ram_l(0x200000), 0);
    assert_int_equal(ram_l(0x8000), 0);
}

static void test_kludge_placement_and_entry(void **state)
{
    MultibootLoadInfo mi;
    X86CPU *cpu = pc_machine_cpu();
    CPUX86State *env = &cpu->env;
    const uint32_t load = 0x200000, hdr = 0x40;
    uint32_t mbi, mmap;

    (void)state;
    /* image: header at 0x40, code at 0x60, 0x1000 bytes, bss to +0x3000 */
    make_kludge(hdr, load, load + 0x1000, load + 0x3000, load + 0x60);
    img[0x60] = 0xb0; /* mov $0x00, %al */
    img[0x61] = 0x00;
    img[0x62] = 0xe6; /* out %al, $0xf4 */
    img[0x63] = 0xf4;
    img[0x64] = 0xf4; /* hlt */
    img[0xfff] = 0x77;
    /* garbage where the bss goes must be cleared */
    address_space_stl_le(&address_space_memory, load + 0x2000, 0xdeadbeef,
                         MEMTXATTRS_UNSPECIFIED, NULL);
    assert_int_equal(multiboot_load(img, sizeof(img), "kludge.bin",
                                    "root=/dev/null quiet", &mi),
                     0);
    assert_false(mi.elf);
    assert_int_equal(mi.load_start, load);
    assert_int_equal(mi.load_end, load + 0x3000);
    assert_int_equal(mi.entry, load + 0x60);
    assert_int_equal(ram_l(load + hdr), MULTIBOOT_HEADER_MAGIC);
    assert_int_equal(ram_b(load + 0xfff), 0x77);
    assert_int_equal(ram_b(load + 0x1000), 0); /* past load_end: not file */
    assert_int_equal(ram_l(load + 0x2000), 0);

    /* the CPU: flat 32-bit protected mode at the entry */
    assert_int_equal(env->regs[R_EAX], MULTIBOOT_BOOTLOADER_MAGIC);
    assert_int_equal(env->regs[R_EBX], MULTIBOOT_INFO_ADDR);
    assert_int_equal(env->eip, load + 0x60);
    assert_true(env->cr[0] & CR0_PE_MASK);
    assert_false(env->cr[0] & CR0_PG_MASK);
    assert_true(env->hflags & HF_CS32_MASK);
    assert_true(env->hflags & HF_SS32_MASK);
    assert_int_equal(env->hflags & HF_CPL_MASK, 0);
    assert_false(cpu_compute_eflags(env) & IF_MASK);
    for (int s = R_ES; s <= R_GS; s++) {
        assert_int_equal(env->segs[s].base, 0);
        assert_int_equal(env->segs[s].limit, 0xffffffff);
    }
    assert_int_equal(env->segs[R_CS].selector, 0x10);
    assert_int_equal(env->segs[R_DS].selector, 0x18);
    /* the GDT the selectors point to is really there */
    assert_int_equal(ram_l(env->gdt.base + 0x10 + 4), 0x00cf9b00);
    assert_int_equal(ram_l(env->gdt.base + 0x18 + 4), 0x00cf9300);

    /* the info block */
    mbi = MULTIBOOT_INFO_ADDR;
    assert_int_equal(ram_l(mbi) & 0x245, 0x245);
    assert_int_equal(ram_l(mbi + 4), 640);
    assert_int_equal(ram_l(mbi + 8), (RAM - MiB) / KiB);
    {
        char cmd[32];
        address_space_read(&address_space_memory, ram_l(mbi + 16),
                           MEMTXATTRS_UNSPECIFIED, cmd, sizeof(cmd));
        assert_string_equal(cmd, "kludge.bin root=/dev/null quiet");
    }
    assert_int_equal(ram_l(mbi + 44), 4 * 24);
    mmap = ram_l(mbi + 48);
    assert_int_equal(ram_l(mmap), 20);
    assert_int_equal(ram_l(mmap + 4), 0);
    assert_int_equal(ram_l(mmap + 12), 0x9fc00);
    assert_int_equal(ram_l(mmap + 20), 1);
    assert_int_equal(ram_l(mmap + 72 + 4), MiB);
    assert_int_equal(ram_l(mmap + 72 + 12), RAM - MiB);
    assert_int_equal(ram_l(mmap + 72 + 20), 1);
}

static void test_kludge_runs_to_debug_exit(void **state)
{
    PCRunResult r;

    (void)state;
    r = pc_machine_run(1000);
    assert_int_equal(r.reason, PC_EXIT_MACHINE);
    assert_int_equal(r.machine.reason, MACHINE_EXIT_DEBUG_EXIT);
    assert_int_equal(r.machine.exit_status, MACHINE_GUEST_SUCCESS_STATUS);
}

static void test_elf_placement(void **state)
{
    MultibootLoadInfo mi;
    const uint32_t paddr = 0x300000;

    (void)state;
    memset(img, 0, sizeof(img));
    memcpy(img, "\177ELF\001\001\001", 7);
    put16(img + 16, 2);               /* ET_EXEC */
    put16(img + 18, 3);               /* EM_386 */
    put32(img + 24, paddr + 0x10);    /* entry */
    put32(img + 28, 52);              /* phoff */
    put16(img + 42, 32);              /* phentsize */
    put16(img + 44, 1);               /* phnum */
    put32(img + 52, 1);               /* PT_LOAD */
    put32(img + 52 + 4, 0x1000);      /* offset */
    put32(img + 52 + 8, 0xc0000000u); /* vaddr: ignored */
    put32(img + 52 + 12, paddr);      /* paddr */
    put32(img + 52 + 16, 0x100);      /* filesz */
    put32(img + 52 + 20, 0x2000);     /* memsz */
    put32(img + 0x100, MULTIBOOT_HEADER_MAGIC);
    put32(img + 0x108, -MULTIBOOT_HEADER_MAGIC);
    for (int i = 0; i < 0x100; i++) {
        img[0x1000 + i] = (uint8_t)(i + 1);
    }
    address_space_stl_le(&address_space_memory, paddr + 0x1ffc, 0xffffffff,
                         MEMTXATTRS_UNSPECIFIED, NULL);
    assert_int_equal(multiboot_load(img, sizeof(img), "tiny.elf", NULL, &mi),
                     0);
    assert_true(mi.elf);
    assert_int_equal(mi.load_start, paddr);
    assert_int_equal(mi.load_end, paddr + 0x2000);
    assert_int_equal(mi.entry, paddr + 0x10);
    assert_int_equal(ram_b(paddr), 1);
    assert_int_equal(ram_b(paddr + 0xff), 0); /* (0xff + 1) & 0xff */
    assert_int_equal(ram_b(paddr + 0xfe), 0xff);
    assert_int_equal(ram_l(paddr + 0x1ffc), 0); /* bss cleared */
    assert_int_equal(pc_machine_cpu()->env.eip, paddr + 0x10);

    /* a segment truncated in the file is refused */
    put32(img + 52 + 16, 0x4000);
    put32(img + 52 + 20, 0x4000);
    assert_int_equal(multiboot_load(img, sizeof(img), "short.elf", NULL, &mi),
                     -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refuses_bad_images),
        cmocka_unit_test(test_kludge_placement_and_entry),
        cmocka_unit_test(test_kludge_runs_to_debug_exit),
        cmocka_unit_test(test_elf_placement),
    };
    return cmocka_run_group_tests(tests, setup_machine, NULL);
}
