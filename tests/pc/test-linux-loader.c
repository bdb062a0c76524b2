/*
 * The Linux loader (x86-linux.c): QEMU's address choice for the three
 * kinds of kernel, the header fields it fills, the refusals of bad
 * kernels with the limit they hit, and on a real "pc" machine the fw_cfg
 * items linuxboot_dma.bin reads, through the fw_cfg I/O ports, and the
 * genroms/ file and bootorder line of the option ROM.
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
static uint8_t img[64 * KiB];
static uint8_t initrd[256 * KiB];
static uint8_t rom[1024];
static uint8_t disk[4 * 512];
static uint8_t cd[2 * 2048];

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)v);
    put16(p + 2, (uint16_t)(v >> 16));
}

static uint32_t get32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A bzImage header: protocol, setup_sects, loadflags. */
static void make_kernel(uint16_t protocol, uint8_t setup_sects,
                        uint8_t loadflags)
{
    memset(img, 0, sizeof(img));
    img[0x1f1] = setup_sects;
    put16(img + 0x1fe, 0xaa55);
    memcpy(img + 0x202, "HdrS", 4);
    put16(img + 0x206, protocol);
    img[0x211] = loadflags;
    put32(img + 0x22c, 0x7fffffff); /* initrd_addr_max */
    put32(img + 0x238, 2048);       /* cmdline_size */
}

static void test_modern_bzimage_layout(void **state)
{
    LinuxLoadInfo li;

    (void)state;
    make_kernel(0x20f, 16, 0x01);
    assert_null(x86_linux_plan(img, sizeof(img), 12, 0, RAM, &li));
    assert_int_equal(li.protocol, 0x20f);
    assert_int_equal(li.real_addr, 0x10000);
    assert_int_equal(li.cmdline_addr, 0x20000);
    assert_int_equal(li.prot_addr, 0x100000);
    assert_int_equal(li.setup_size, 17 * 512);
    assert_int_equal(li.kernel_size, sizeof(img) - 17 * 512);
    assert_int_equal(li.cmdline_max, 2048);
    /* RAM's limit wins over initrd_addr_max: QEMU's 160 KiB under the top */
    assert_int_equal(li.initrd_max, RAM - 0x28000 - 1);
    /* setup_sects 0 means 4 */
    make_kernel(0x20f, 0, 0x01);
    assert_null(x86_linux_plan(img, sizeof(img), 0, 0, RAM, &li));
    assert_int_equal(li.setup_size, 5 * 512);
}

static void test_old_protocols_layout(void **state)
{
    LinuxLoadInfo li;

    (void)state;
    /* high but ancient (2.01): setup at 0x90000, the command line below
     * 0x9a000 in 16-byte-aligned room */
    make_kernel(0x201, 4, 0x01);
    assert_null(x86_linux_plan(img, sizeof(img), 20, 0, RAM, &li));
    assert_int_equal(li.real_addr, 0x90000);
    assert_int_equal(li.cmdline_room, 32);
    assert_int_equal(li.cmdline_addr, 0x9a000 - 32);
    assert_int_equal(li.prot_addr, 0x100000);
    assert_int_equal(li.cmdline_max, 255);
    /* before 2.03 the initrd limit is 0x37ffffff (here the RAM's) */
    assert_int_equal(li.initrd_max, RAM - 0x28000 - 1);
    /* zImage (not LOADED_HIGH): the kernel at 64 KiB */
    make_kernel(0x200, 4, 0x00);
    assert_null(x86_linux_plan(img, sizeof(img), 0, 0, RAM, &li));
    assert_int_equal(li.prot_addr, 0x10000);
    assert_int_equal(li.real_addr, 0x90000);
}

static void test_fill_header(void **state)
{
    LinuxLoadInfo li;

    (void)state;
    make_kernel(0x20f, 4, 0x01);
    assert_null(x86_linux_plan(img, sizeof(img), 9, 100 * KiB, RAM, &li));
    x86_linux_fill_header(img, &li);
    assert_int_equal(get32(img + 0x228), 0x20000); /* cmd_line_ptr */
    assert_int_equal(img[0x210], 0xb0);            /* type_of_loader */
    assert_int_equal(img[0x211], 0x81);            /* CAN_USE_HEAP */
    assert_int_equal(img[0x224] | img[0x225] << 8, /* heap_end_ptr */
                     0x20000 - 0x10000 - 0x200);
    assert_int_equal(get32(img + 0x218), li.initrd_addr);
    assert_int_equal(get32(img + 0x21c), 100 * KiB);
    assert_int_equal(li.initrd_addr, (RAM - 0x28000 - 1 - 100 * KiB) & ~4095u);
    assert_int_equal(img[0x20] | img[0x21] << 8, 0); /* no old magic */
    /* before 2.02 the command line is given by the old magic + offset */
    make_kernel(0x201, 4, 0x01);
    assert_null(x86_linux_plan(img, sizeof(img), 9, 0, RAM, &li));
    x86_linux_fill_header(img, &li);
    assert_int_equal(img[0x20] | img[0x21] << 8, 0xa33f);
    assert_int_equal(img[0x22] | img[0x23] << 8, li.cmdline_addr - 0x90000);
    assert_int_equal(get32(img + 0x228), 0);
    assert_int_equal(get32(img + 0x218), 0); /* no initrd, none written */
}

static void test_initrd_limits(void **state)
{
    LinuxLoadInfo li;

    (void)state;
    /* initrd_addr_max below the top of RAM places it there */
    make_kernel(0x20f, 4, 0x01);
    put32(img + 0x22c, 0x7fffff);
    assert_null(x86_linux_plan(img, sizeof(img), 0, 64 * KiB, RAM, &li));
    assert_int_equal(li.initrd_addr, (0x7fffff - 64 * KiB) & ~4095u);
    /* larger than initrd_addr_max */
    put32(img + 0x22c, 0x7ffff);
    assert_non_null(x86_linux_plan(img, sizeof(img), 0, MiB, RAM, &li));
    assert_int_equal(li.limit, LINUX_LIMIT_INITRD);
    /* fits below the limit but would land on the kernel */
    put32(img + 0x22c, 0x10ffff);
    assert_non_null(x86_linux_plan(img, sizeof(img), 0, 64 * KiB, RAM, &li));
    assert_int_equal(li.limit, LINUX_LIMIT_INITRD);
    /* larger than the RAM */
    put32(img + 0x22c, 0x7fffffff);
    assert_non_null(x86_linux_plan(img, sizeof(img), 0, RAM, RAM, &li));
    assert_int_equal(li.limit, LINUX_LIMIT_INITRD);
    /* 2.12 with XLF_CAN_BE_LOADED_ABOVE_4G: only the RAM limits it */
    put32(img + 0x22c, 0x7ffff);
    put16(img + 0x236, 0x02);
    make_kernel(0x20c, 4, 0x01);
    put32(img + 0x22c, 0x7ffff);
    put16(img + 0x236, 0x02);
    assert_null(x86_linux_plan(img, sizeof(img), 0, MiB, RAM, &li));
    assert_int_equal(li.initrd_max, RAM - 0x28000 - 1);
}

static void test_bad_kernels(void **state)
{
    LinuxLoadInfo li;
    (void)state;

    /* not a Linux kernel */
    memset(img, 0x90, sizeof(img));
    assert_false(x86_is_linux_kernel(img, sizeof(img)));
    assert_non_null(x86_linux_plan(img, sizeof(img), 0, 0, RAM, &li));
    /* HdrS but cut inside the header */
    make_kernel(0x20f, 4, 0x01);
    assert_true(x86_is_linux_kernel(img, 0x210));
    assert_non_null(x86_linux_plan(img, 0x210, 0, 0, RAM, &li));
    /* shorter than its setup code */
    make_kernel(0x20f, 200, 0x01);
    assert_non_null(x86_linux_plan(img, 100 * 512, 0, 0, RAM, &li));
    /* protocol too old */
    make_kernel(0x1ff, 4, 0x01);
    assert_non_null(x86_linux_plan(img, sizeof(img), 0, 0, RAM, &li));
    assert_int_equal(li.limit, LINUX_LIMIT_PROTOCOL);
    /* command line longer than cmdline_size (2.06+) and 255 before */
    make_kernel(0x20f, 4, 0x01);
    put32(img + 0x238, 100);
    assert_null(x86_linux_plan(img, sizeof(img), 100, 0, RAM, &li));
    assert_non_null(x86_linux_plan(img, sizeof(img), 101, 0, RAM, &li));
    assert_int_equal(li.limit, LINUX_LIMIT_CMDLINE);
    make_kernel(0x205, 4, 0x01);
    assert_null(x86_linux_plan(img, sizeof(img), 255, 0, RAM, &li));
    assert_non_null(x86_linux_plan(img, sizeof(img), 256, 0, RAM, &li));
    assert_int_equal(li.limit, LINUX_LIMIT_CMDLINE);
    /* a zImage over 512 KiB */
    make_kernel(0x200, 4, 0x00);
    assert_non_null(x86_linux_plan(img, 0x90000, 0, 0, RAM, &li));
    /* a kernel that decompresses at 16 MiB (pref_address) into 4 MiB
     * (init_size): refused with 16 MiB of RAM, planned with 32 */
    make_kernel(0x20f, 4, 0x01);
    put32(img + 0x258, 0x1000000);
    put32(img + 0x260, 0x400000);
    assert_non_null(x86_linux_plan(img, sizeof(img), 0, 0, RAM, &li));
    assert_int_equal(li.limit, LINUX_LIMIT_INIT);
    assert_int_equal(li.init_end, 0x1400000);
    assert_null(x86_linux_plan(img, sizeof(img), 0, 0, 2 * RAM, &li));
    /* protocols before 2.10 have no such fields */
    make_kernel(0x209, 4, 0x01);
    put32(img + 0x258, 0x1000000);
    put32(img + 0x260, 0x400000);
    assert_null(x86_linux_plan(img, sizeof(img), 0, 0, RAM, &li));
    /* a kernel larger than the RAM */
    make_kernel(0x20f, 4, 0x01);
    assert_non_null(x86_linux_plan(img, sizeof(img), 0, 0, MiB, &li));
    assert_int_equal(li.limit, LINUX_LIMIT_RAM);
}

/* ---- on the machine ---- */

static int setup_machine(void **state)
{
    PCMachineConfig cfg;

    (void)state;
    qemu_ram_pool_init(pool, sizeof(pool), "linux-test");
    memset(bios, 0xf4, sizeof(bios));
    pc_machine_default_config(&cfg);
    cfg.bios = bios;
    cfg.bios_size = sizeof(bios);
    cfg.ram_size = RAM;
    cfg.bios_name = "hlt-bios";
    /* drives in the boot order too: the ROM's bootindex 0 goes first */
    cfg.ide[0] = (PCDriveConfig){
        true, false, blk_new_memory("hd", disk, sizeof(disk), false)};
    cfg.ide[2] =
        (PCDriveConfig){true, true, blk_new_memory("cd", cd, sizeof(cd), true)};
    cfg.boot_order = "dc";
    return pc_machine_init(&cfg);
}

/* Reads an item the way SeaBIOS's non-DMA path does. */
static void fw_read(uint16_t key, void *buf, size_t len)
{
    address_space_stw_le(&address_space_io, 0x510, key, MEMTXATTRS_UNSPECIFIED,
                         NULL);
    for (size_t i = 0; i < len; i++) {
        ((uint8_t *)buf)[i] = address_space_ldub(&address_space_io, 0x511,
                                                 MEMTXATTRS_UNSPECIFIED, NULL);
    }
}

static uint32_t fw_read32(uint16_t key)
{
    uint8_t b[4];
    fw_read(key, b, 4);
    return get32(b);
}

/* The fw_cfg file directory entry for name: its key, or 0. */
static uint16_t fw_file(const char *name, uint32_t *size)
{
    uint8_t dir[4 + 64 * 64];
    uint32_t count;

    fw_read(0x19, dir, sizeof(dir));
    count = (uint32_t)dir[0] << 24 | dir[1] << 16 | dir[2] << 8 | dir[3];
    for (uint32_t i = 0; i < count && i < 64; i++) {
        uint8_t *f = dir + 4 + i * 64;
        if (!strcmp((char *)f + 8, name)) {
            *size = (uint32_t)f[0] << 24 | f[1] << 16 | f[2] << 8 | f[3];
            return (uint16_t)(f[4] << 8 | f[5]);
        }
    }
    return 0;
}

static void test_fw_cfg_items(void **state)
{
    static const char cmdline[] = "console=ttyS0 quiet";
    uint8_t buf[256];
    static uint8_t setup[5 * 512];
    LinuxLoadInfo li;
    uint32_t size;
    uint16_t key;

    (void)state;
    for (size_t i = 0; i < sizeof(initrd); i++) {
        initrd[i] = (uint8_t)(i * 7);
    }
    /* refusals print and leave no items behind */
    make_kernel(0x20f, 4, 0x01);
    put32(img + 0x238, 4);
    assert_int_equal(x86_load_linux(img, sizeof(img), "long.bzImage", NULL, 0,
                                    NULL, cmdline, &li),
                     -1);
    put32(img + 0x238, 2048);
    put32(img + 0x22c, 0x1fffff);
    assert_int_equal(x86_load_linux(img, sizeof(img), "k", initrd,
                                    sizeof(initrd) * 8, "big.cpio", "", &li),
                     -1);
    assert_int_equal(fw_read32(0x08), 0); /* FW_CFG_KERNEL_SIZE unset */

    make_kernel(0x20f, 4, 0x01);
    for (size_t i = 5 * 512; i < sizeof(img); i++) {
        img[i] = (uint8_t)(i ^ 0x5a);
    }
    assert_int_equal(x86_load_linux(img, sizeof(img), "k", initrd,
                                    sizeof(initrd), "i", cmdline, &li),
                     0);
    assert_int_equal(fw_read32(0x16), 0x10000);  /* SETUP_ADDR */
    assert_int_equal(fw_read32(0x17), 5 * 512);  /* SETUP_SIZE */
    assert_int_equal(fw_read32(0x07), 0x100000); /* KERNEL_ADDR */
    assert_int_equal(fw_read32(0x08), sizeof(img) - 5 * 512);
    assert_int_equal(fw_read32(0x13), 0x20000); /* CMDLINE_ADDR */
    assert_int_equal(fw_read32(0x14), sizeof(cmdline));
    assert_int_equal(fw_read32(0x0a), li.initrd_addr);
    assert_int_equal(fw_read32(0x0b), sizeof(initrd));
    fw_read(0x15, buf, sizeof(cmdline)); /* CMDLINE_DATA */
    assert_string_equal((char *)buf, cmdline);
    fw_read(0x18, setup, 5 * 512); /* SETUP_DATA: filled */
    assert_int_equal(setup[0x210], 0xb0);
    assert_int_equal(get32(setup + 0x228), 0x20000);
    assert_int_equal(get32(setup + 0x218), li.initrd_addr);
    fw_read(0x11, buf, 16); /* KERNEL_DATA */
    assert_memory_equal(buf, img + 5 * 512, 16);
    fw_read(0x12, buf, 16); /* INITRD_DATA */
    assert_memory_equal(buf, initrd, 16);

    /* the option ROM: refused without a signature, then a genroms file
     * listed first in bootorder */
    memset(rom, 0, sizeof(rom));
    assert_int_equal(pc_machine_add_option_rom("bad.bin", rom, sizeof(rom), 0),
                     -1);
    rom[0] = 0x55;
    rom[1] = 0xaa;
    rom[2] = 2;
    assert_int_equal(
        pc_machine_add_option_rom("linuxboot_dma.bin", rom, sizeof(rom), 0), 0);
    key = fw_file("genroms/linuxboot_dma.bin", &size);
    assert_int_not_equal(key, 0);
    assert_int_equal(size, sizeof(rom));
    key = fw_file("bootorder", &size);
    assert_int_not_equal(key, 0);
    assert_in_range(size, 1, sizeof(buf));
    fw_read(key, buf, size);
    assert_string_equal((char *)buf, "/rom@genroms/linuxboot_dma.bin\n"
                                     "/pci@i0cf8/ide@1,1/drive@1/disk@0\n"
                                     "/pci@i0cf8/ide@1,1/drive@0/disk@0\n");
    assert_int_equal(fw_file("genroms/bad.bin", &size), 0);
}

/* An i440FX register through configuration mechanism #1 (0xCF8/0xCFC). */
static void pam_write(uint8_t reg, uint8_t v)
{
    address_space_stl_le(&address_space_io, 0xcf8, 0x80000000u | (reg & ~3u),
                         MEMTXATTRS_UNSPECIFIED, NULL);
    address_space_stb(&address_space_io, 0xcfc + (reg & 3u), v,
                      MEMTXATTRS_UNSPECIFIED, NULL);
}

/* pc.rom is RAM at 0xC0000 the PAM segments shadow: reads 0 under PCI
 * mode (no ROM loaded), and what SeaBIOS copies with PAM RW stays. */
static void test_option_rom_area(void **state)
{
    I440FXState *d = pc_machine_i440fx();

    (void)state;
    assert_non_null(d);
    assert_int_equal(address_space_ldl_le(&address_space_memory, 0xc8000,
                                          MEMTXATTRS_UNSPECIFIED, NULL),
                     0);
    /* PAM 0x5A high nibble covers 0xC4000; 0x5B low 0xC8000: RW */
    pam_write(0x5b, 0x33);
    address_space_stl_le(&address_space_memory, 0xc8000, 0xaa55beef,
                         MEMTXATTRS_UNSPECIFIED, NULL);
    /* read-only shadow: the copy stays, writes are dropped */
    pam_write(0x5b, 0x11);
    address_space_stl_le(&address_space_memory, 0xc8000, 0,
                         MEMTXATTRS_UNSPECIFIED, NULL);
    assert_int_equal(address_space_ldl_le(&address_space_memory, 0xc8000,
                                          MEMTXATTRS_UNSPECIFIED, NULL),
                     0xaa55beef);
    /* PCI mode again: pc.rom, still empty and read-only */
    pam_write(0x5b, 0x00);
    address_space_stl_le(&address_space_memory, 0xc8000, 0x12345678,
                         MEMTXATTRS_UNSPECIFIED, NULL);
    assert_int_equal(address_space_ldl_le(&address_space_memory, 0xc8000,
                                          MEMTXATTRS_UNSPECIFIED, NULL),
                     0);
}

int main(void)
{
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_modern_bzimage_layout),
        cmocka_unit_test(test_old_protocols_layout),
        cmocka_unit_test(test_fill_header),
        cmocka_unit_test(test_initrd_limits),
        cmocka_unit_test(test_bad_kernels),
    };
    const struct CMUnitTest machine[] = {
        cmocka_unit_test(test_option_rom_area),
        cmocka_unit_test(test_fw_cfg_items),
    };
    int rc = cmocka_run_group_tests(pure, NULL, NULL);
    return rc | cmocka_run_group_tests(machine, setup_machine, NULL);
}
