/*
 * The PC's PCI side without a CPU: configuration mechanism #1, the
 * i440FX's PAM segments and SMRAM, the PIIX3's PIRQ routing and reset
 * control, and the machine's configuration checks. Every test builds a
 * fresh memory model: RAM, a "pci" space holding a ROM at 0xC0000-0xFFFFF
 * and a VGA stub, as pc.c lays them out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hw/hw.h"
#include "machine/machine.h"
#include "test-host.h"

#define KiB 1024u
#define MiB (1024u * 1024u)

static uint8_t pool[4 * MiB] __attribute__((aligned(4096)));
static MemoryRegion ram, ram_below, pci_mem, rom, vga;
static MemoryRegion smm_root, smm_sys, smm_smram;
static AddressSpace smm_as;
static PCIHostState host;
static I440FXState i440fx;
static PIIX3State piix3;
static PICPair pic;
static IRQState intr_line, reset_irq;
static int intr_level, resets;

static uint8_t rom_byte(uint32_t addr)
{
    return (uint8_t)(0xa5 ^ (addr >> 8) ^ addr);
}

static void intr_handler(void *opaque, int n, int level)
{
    (void)opaque, (void)n;
    intr_level = level;
}

static void reset_handler(void *opaque, int n, int level)
{
    (void)opaque, (void)n;
    resets += level != 0;
}

static uint64_t vga_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)opaque, (void)addr;
    return ~(uint64_t)0 >> (64 - 8 * size);
}

static void vga_write(void *opaque, hwaddr addr, uint64_t v, unsigned size)
{
    (void)opaque, (void)addr, (void)v, (void)size;
}

static const MemoryRegionOps vga_ops = {
    .read = vga_read,
    .write = vga_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static uint8_t *ram_ptr(uint32_t addr)
{
    return (uint8_t *)memory_region_get_ram_ptr(&ram) + addr;
}

static int setup(void **state)
{
    MemoryRegion *sys;
    uint8_t *r;

    (void)state;
    memory_reset_for_tests();
    qemu_ram_pool_init(pool, sizeof(pool), "pam-test");
    memory_map_init();
    qemu_clock_init(0);
    sys = get_system_memory();

    memory_region_init_ram(&ram, NULL, "pc.ram", 2 * MiB, NULL);
    memset(memory_region_get_ram_ptr(&ram), 0x11, 2 * MiB);
    memory_region_init_alias(&ram_below, NULL, "ram-below-4g", &ram, 0,
                             2 * MiB);
    memory_region_add_subregion(sys, 0, &ram_below);
    memory_region_init(&pci_mem, NULL, "pci", UINT64_MAX);
    memory_region_add_subregion_overlap(sys, 0, &pci_mem, -1);
    memory_region_init_rom(&rom, NULL, "roms", 256 * KiB, NULL);
    r = memory_region_get_ram_ptr(&rom);
    for (uint32_t a = 0; a < 256 * KiB; a++) {
        r[a] = rom_byte(0xc0000 + a);
    }
    memory_region_add_subregion(&pci_mem, 0xc0000, &rom);
    memory_region_init_io(&vga, NULL, &vga_ops, NULL, "vga-lowmem", 128 * KiB);
    memory_region_add_subregion(&pci_mem, 0xa0000, &vga);

    qemu_init_irq(&intr_line, intr_handler, NULL, 0);
    qemu_init_irq(&reset_irq, reset_handler, NULL, 0);
    intr_level = 0;
    resets = 0;
    i8259_init(&pic, get_system_io(), 0x20, 0xa0, 0x4d0, &intr_line);
    pci_host_init(&host, get_system_io());
    i440fx_init(&i440fx, &host.bus, sys, &pci_mem, &ram, 2 * MiB);
    piix3_init(&piix3, &host.bus, get_system_io(), &pic, &reset_irq);

    /* The CPU's SMM view, as pc.c builds it. */
    memory_region_init(&smm_root, NULL, "memory", UINT64_MAX);
    memory_region_init_alias(&smm_sys, NULL, "memory", sys, 0, UINT64_MAX);
    memory_region_add_subregion_overlap(&smm_root, 0, &smm_sys, 0);
    memory_region_init_alias(&smm_smram, NULL, "smram", &i440fx.smram, 0,
                             (uint64_t)1 << 32);
    memory_region_add_subregion_overlap(&smm_root, 0, &smm_smram, 1);
    address_space_init(&smm_as, &smm_root, "cpu-smm");
    return 0;
}

/* ---- guest-style accesses ---- */

static void outb(uint16_t port, uint8_t v)
{
    address_space_stb(&address_space_io, port, v, MEMTXATTRS_UNSPECIFIED, NULL);
}
static void outl(uint16_t port, uint32_t v)
{
    address_space_stl(&address_space_io, port, v, MEMTXATTRS_UNSPECIFIED, NULL);
}
static uint8_t inb(uint16_t port)
{
    return address_space_ldub(&address_space_io, port, MEMTXATTRS_UNSPECIFIED,
                              NULL);
}
static uint16_t inw(uint16_t port)
{
    return address_space_lduw(&address_space_io, port, MEMTXATTRS_UNSPECIFIED,
                              NULL);
}
static uint32_t inl(uint16_t port)
{
    return address_space_ldl(&address_space_io, port, MEMTXATTRS_UNSPECIFIED,
                             NULL);
}

static uint32_t cfg_addr(uint8_t devfn, uint8_t reg)
{
    return 0x80000000u | ((uint32_t)devfn << 8) | (reg & 0xfc);
}
static uint32_t cfg_readl(uint8_t devfn, uint8_t reg)
{
    outl(0xcf8, cfg_addr(devfn, reg));
    return inl(0xcfc);
}
static uint8_t cfg_readb(uint8_t devfn, uint8_t reg)
{
    outl(0xcf8, cfg_addr(devfn, reg));
    return inb(0xcfc + (reg & 3));
}
static void cfg_writeb(uint8_t devfn, uint8_t reg, uint8_t v)
{
    outl(0xcf8, cfg_addr(devfn, reg));
    outb(0xcfc + (reg & 3), v);
}

static uint8_t mem_readb(uint32_t addr)
{
    return address_space_ldub(&address_space_memory, addr,
                              MEMTXATTRS_UNSPECIFIED, NULL);
}
static void mem_writeb(uint32_t addr, uint8_t v)
{
    address_space_stb(&address_space_memory, addr, v, MEMTXATTRS_UNSPECIFIED,
                      NULL);
}
static uint8_t smm_readb(uint32_t addr)
{
    return address_space_ldub(&smm_as, addr, MEMTXATTRS_UNSPECIFIED, NULL);
}

/* ---- PCI configuration mechanism #1 ---- */

static void test_pci_ids(void **state)
{
    (void)state;
    assert_int_equal(cfg_readl(PCI_DEVFN(0, 0), 0), 0x12378086);
    assert_int_equal(cfg_readl(PCI_DEVFN(1, 0), 0), 0x70008086);
    /* class: host bridge 06/00, ISA bridge 06/01 */
    assert_int_equal(cfg_readl(PCI_DEVFN(0, 0), 8) >> 16, 0x0600);
    assert_int_equal(cfg_readl(PCI_DEVFN(1, 0), 8) >> 16, 0x0601);
    assert_int_equal(cfg_readb(PCI_DEVFN(1, 0), PCI_HEADER_TYPE), 0x80);
    /* word and byte reads of the data window */
    outl(0xcf8, cfg_addr(0, 0));
    assert_int_equal(inw(0xcfe), 0x1237);
    assert_int_equal(inb(0xcfd), 0x80);
    /* the address register reads back */
    assert_int_equal(inl(0xcf8), 0x80000000);
    /* empty slot, other function, other bus, enable bit clear */
    assert_int_equal(cfg_readl(PCI_DEVFN(2, 0), 0), 0xffffffff);
    assert_int_equal(cfg_readl(PCI_DEVFN(1, 1), 0), 0xffffffff);
    outl(0xcf8, 0x80010000);
    assert_int_equal(inl(0xcfc), 0xffffffff);
    outl(0xcf8, 0x00000000);
    assert_int_equal(inl(0xcfc), 0xffffffff);
    /* a byte write to 0xCF8 is not an address write */
    outl(0xcf8, cfg_addr(0, 0));
    outb(0xcf8, 0x00);
    assert_int_equal(inl(0xcf8), 0x80000000);
}

static void test_pci_write_masks(void **state)
{
    (void)state;
    /* IDs are read-only; the interrupt line is writable. */
    outl(0xcf8, cfg_addr(0, 0));
    outl(0xcfc, 0xdeadbeef);
    assert_int_equal(cfg_readl(0, 0), 0x12378086);
    cfg_writeb(PCI_DEVFN(1, 0), PCI_INTERRUPT_LINE, 0x0b);
    assert_int_equal(cfg_readb(PCI_DEVFN(1, 0), PCI_INTERRUPT_LINE), 0x0b);
    /* a 32-bit write covers 0x58-0x5B: PAM0 and PAM1 */
    outl(0xcf8, cfg_addr(0, 0x58));
    outl(0xcfc, 0x00331000);
    assert_int_equal(cfg_readb(0, 0x59), 0x10);
    assert_int_equal(cfg_readb(0, 0x5a), 0x33);
    /* SMRAM's base segment bits are hard-wired to 010b */
    cfg_writeb(0, I440FX_SMRAM, 0x07);
    assert_int_equal(cfg_readb(0, I440FX_SMRAM), 0x02);
}

/* ---- PAM ---- */

/* Checks one segment [base, base+len) in a given mode by probing its first
 * and last bytes. */
static void check_pam_mode(uint32_t base, uint32_t len, unsigned mode)
{
    uint32_t probe[2] = {base, base + len - 1};

    for (int i = 0; i < 2; i++) {
        uint32_t a = probe[i];
        uint8_t ram_before = *ram_ptr(a);
        uint8_t v = (uint8_t)(ram_before + 0x5c);
        uint8_t r = mem_readb(a);

        switch (mode) {
        case PAM_ATTR_PCI:
        case PAM_ATTR_WO:
            assert_int_equal(r, rom_byte(a));
            break;
        default:
            assert_int_equal(r, ram_before);
        }
        mem_writeb(a, v);
        switch (mode) {
        case PAM_ATTR_PCI:
        case PAM_ATTR_RO:
            /* writes go nowhere: neither RAM nor the ROM change */
            assert_int_equal(*ram_ptr(a), ram_before);
            assert_int_equal(mem_readb(a),
                             mode == PAM_ATTR_PCI ? rom_byte(a) : ram_before);
            break;
        case PAM_ATTR_WO:
            /* written to DRAM, while reads still come from the ROM */
            assert_int_equal(*ram_ptr(a), v);
            assert_int_equal(mem_readb(a), rom_byte(a));
            break;
        case PAM_ATTR_RW:
            assert_int_equal(*ram_ptr(a), v);
            assert_int_equal(mem_readb(a), v);
            break;
        }
    }
}

static void test_pam_power_on(void **state)
{
    (void)state;
    /* everything to PCI: the ROM shows through 0xC0000-0xFFFFF */
    for (uint32_t a = 0xc0000; a < 0x100000; a += 0x4000) {
        assert_int_equal(mem_readb(a), rom_byte(a));
    }
    /* below and above the PAM area it is RAM */
    assert_int_equal(mem_readb(0x9ffff), 0x11);
    assert_int_equal(mem_readb(0x100000), 0x11);
    for (int r = 0; r < I440FX_PAM_SIZE; r++) {
        assert_int_equal(cfg_readb(0, I440FX_PAM + r), 0);
    }
}

static void test_pam_modes_f_segment(void **state)
{
    (void)state;
    for (unsigned mode = 0; mode < 4; mode++) {
        /* PAM0: the F segment is the high nibble; low nibble reserved */
        cfg_writeb(0, 0x59, (uint8_t)(mode << 4));
        assert_int_equal(i440fx.pam_regions[0].current, mode);
        check_pam_mode(0xf0000, 0x10000, mode);
        /* the neighbouring E segments stay on PCI */
        assert_int_equal(mem_readb(0xeffff), rom_byte(0xeffff));
    }
}

static void test_pam_modes_16k_segments(void **state)
{
    (void)state;
    /* 0x5A low nibble: C0000-C3FFF; high nibble: C4000-C7FFF ... 0x5F
     * high nibble: EC000-EFFFF. */
    for (unsigned mode = 0; mode < 4; mode++) {
        for (int seg = 0; seg < 12; seg++) {
            uint8_t reg = (uint8_t)(0x5a + seg / 2);
            uint8_t old = cfg_readb(0, reg);
            uint8_t val = seg & 1 ? (uint8_t)((old & 0x0f) | (mode << 4))
                                  : (uint8_t)((old & 0xf0) | mode);
            uint32_t base = 0xc0000 + (uint32_t)seg * 0x4000;

            cfg_writeb(0, reg, val);
            assert_int_equal(i440fx.pam_regions[seg + 1].current, mode);
            check_pam_mode(base, 0x4000, mode);
        }
    }
    /* the F segment was never touched */
    assert_int_equal(mem_readb(0xf0000), rom_byte(0xf0000));
}

static void test_pam_shadow_sequence(void **state)
{
    (void)state;
    /* What a BIOS does: write-only, copy the ROM onto itself, then
     * read-only: the segment now reads the ROM's bytes from RAM and is
     * protected against writes. */
    cfg_writeb(0, 0x59, 0x20);
    for (uint32_t a = 0xf0000; a < 0x100000; a++) {
        mem_writeb(a, mem_readb(a));
    }
    cfg_writeb(0, 0x59, 0x10);
    for (uint32_t a = 0xf0000; a < 0x100000; a += 0x111) {
        assert_int_equal(*ram_ptr(a), rom_byte(a));
        assert_int_equal(mem_readb(a), rom_byte(a));
    }
    mem_writeb(0xfff00, 0x00);
    assert_int_equal(mem_readb(0xfff00), rom_byte(0xfff00));
    /* reset puts it back on PCI; RAM keeps the copy */
    i440fx_reset(&i440fx);
    assert_int_equal(cfg_readb(0, 0x59), 0);
    assert_int_equal(i440fx.pam_regions[0].current, PAM_ATTR_PCI);
    assert_int_equal(*ram_ptr(0xf1234), rom_byte(0xf1234));
}

/* ---- SMRAM ---- */

static void test_smram_visibility(void **state)
{
    (void)state;
    *ram_ptr(0xa0000) = 0x5a;
    *ram_ptr(0xbffff) = 0x5b;
    /* power on: 0x02, both views see the VGA window */
    assert_int_equal(cfg_readb(0, I440FX_SMRAM), 0x02);
    assert_int_equal(mem_readb(0xa0000), 0xff);
    assert_int_equal(smm_readb(0xa0000), 0xff);
    /* G_SMRAME: SMM sees RAM, the rest still VGA */
    cfg_writeb(0, I440FX_SMRAM, SMRAM_G_SMRAME | 0x02);
    assert_int_equal(mem_readb(0xa0000), 0xff);
    assert_int_equal(smm_readb(0xa0000), 0x5a);
    assert_int_equal(smm_readb(0xbffff), 0x5b);
    /* outside the window the SMM view is plain memory */
    assert_int_equal(smm_readb(0x9ffff), 0x11);
    assert_int_equal(smm_readb(0xc0000), rom_byte(0xc0000));
    /* D_OPEN: the RAM is visible outside SMM too, and writable */
    cfg_writeb(0, I440FX_SMRAM, SMRAM_D_OPEN | SMRAM_G_SMRAME | 0x02);
    assert_int_equal(mem_readb(0xa0000), 0x5a);
    mem_writeb(0xa0001, 0x77);
    assert_int_equal(*ram_ptr(0xa0001), 0x77);
    assert_int_equal(smm_readb(0xa0001), 0x77);
    /* closed again */
    cfg_writeb(0, I440FX_SMRAM, SMRAM_G_SMRAME | 0x02);
    mem_writeb(0xa0001, 0x00);
    assert_int_equal(*ram_ptr(0xa0001), 0x77);
    assert_int_equal(mem_readb(0xa0001), 0xff);
}

static void test_smram_lock(void **state)
{
    (void)state;
    *ram_ptr(0xa0000) = 0x5a;
    cfg_writeb(0, I440FX_SMRAM,
               SMRAM_D_OPEN | SMRAM_D_LCK | SMRAM_G_SMRAME | 0x02);
    /* locking clears D_OPEN */
    assert_int_equal(cfg_readb(0, I440FX_SMRAM),
                     SMRAM_D_LCK | SMRAM_G_SMRAME | 0x02);
    assert_int_equal(mem_readb(0xa0000), 0xff);
    /* and nothing but D_CLS can be changed any more */
    cfg_writeb(0, I440FX_SMRAM, SMRAM_D_OPEN | 0x02);
    assert_int_equal(cfg_readb(0, I440FX_SMRAM),
                     SMRAM_D_LCK | SMRAM_G_SMRAME | 0x02);
    assert_int_equal(mem_readb(0xa0000), 0xff);
    assert_int_equal(smm_readb(0xa0000), 0x5a);
    cfg_writeb(0, I440FX_SMRAM, SMRAM_D_CLS | SMRAM_G_SMRAME | 0x02);
    assert_int_equal(cfg_readb(0, I440FX_SMRAM),
                     SMRAM_D_CLS | SMRAM_D_LCK | SMRAM_G_SMRAME | 0x02);
    /* only a reset unlocks */
    i440fx_reset(&i440fx);
    assert_int_equal(cfg_readb(0, I440FX_SMRAM), 0x02);
    cfg_writeb(0, I440FX_SMRAM, SMRAM_D_OPEN | SMRAM_G_SMRAME | 0x02);
    assert_int_equal(mem_readb(0xa0000), 0x5a);
}

/* ---- PIIX3 ---- */

static void pic_init_guest(void)
{
    outb(0x20, 0x11);
    outb(0x21, 0x08);
    outb(0x21, 0x04);
    outb(0x21, 0x01);
    outb(0xa0, 0x11);
    outb(0xa1, 0x70);
    outb(0xa1, 0x02);
    outb(0xa1, 0x01);
    outb(0x21, 0x00);
    outb(0xa1, 0x00);
}

static void test_piix3_pirq_routing(void **state)
{
    (void)state;
    pic_init_guest();
    /* power on: every PIRQ disabled */
    for (int p = 0; p < 4; p++) {
        assert_int_equal(cfg_readb(PCI_DEVFN(1, 0), 0x60 + p), 0x80);
        assert_int_equal(piix3_pirq_route(&piix3, p), -1);
    }
    qemu_irq_raise(piix3_pirq(&piix3, 0));
    assert_int_equal(intr_level, 0);

    /* What SeaBIOS does: PIRQA/B -> IRQ10, C/D -> IRQ11, level in ELCR */
    cfg_writeb(PCI_DEVFN(1, 0), 0x60, 10);
    cfg_writeb(PCI_DEVFN(1, 0), 0x61, 10);
    cfg_writeb(PCI_DEVFN(1, 0), 0x62, 11);
    cfg_writeb(PCI_DEVFN(1, 0), 0x63, 11);
    outb(0x4d1, 0x0c);
    assert_int_equal(piix3_pirq_route(&piix3, 0), 10);
    /* PIRQA was already asserted: re-routing delivers it */
    assert_int_equal(intr_level, 1);
    assert_int_equal(pic_read_irq(&pic), 0x72);
    /* level-triggered: IRR follows the line */
    outb(0xa0, 0x0a);
    assert_true(inb(0xa0) & 0x04);
    qemu_irq_lower(piix3_pirq(&piix3, 0));
    outb(0xa0, 0x0a);
    assert_false(inb(0xa0) & 0x04);
    outb(0xa0, 0x20); /* EOI */
    outb(0x20, 0x20);

    /* two PIRQs sharing IRQ11: the line is their OR */
    qemu_irq_raise(piix3_pirq(&piix3, 2));
    qemu_irq_raise(piix3_pirq(&piix3, 3));
    qemu_irq_lower(piix3_pirq(&piix3, 2));
    outb(0xa0, 0x0a);
    assert_true(inb(0xa0) & 0x08);
    qemu_irq_lower(piix3_pirq(&piix3, 3));
    outb(0xa0, 0x0a);
    assert_false(inb(0xa0) & 0x08);

    /* reserved targets (0-2, 8, 13) count as disabled */
    cfg_writeb(PCI_DEVFN(1, 0), 0x60, 8);
    assert_int_equal(piix3_pirq_route(&piix3, 0), -1);
}

static void test_piix3_reset_control(void **state)
{
    (void)state;
    outb(0xcf9, 0x02); /* SYS_RST alone: armed, no reset */
    assert_int_equal(resets, 0);
    assert_int_equal(inb(0xcf9), 0x02);
    outb(0xcf9, 0x06); /* RST_CPU with SYS_RST: hard reset */
    assert_int_equal(resets, 1);
    /* 0xCF9 does not disturb the 32-bit address register at 0xCF8 */
    outl(0xcf8, cfg_addr(PCI_DEVFN(1, 0), 0));
    assert_int_equal(inl(0xcf8), cfg_addr(PCI_DEVFN(1, 0), 0));
    assert_int_equal(inl(0xcfc), 0x70008086);
}

/* ---- machine configuration checks (no machine is built) ---- */

static void test_pc_config_checks(void **state)
{
    static uint8_t bios[256 * KiB + 64 * KiB];
    PCMachineConfig cfg;

    (void)state;
    memory_reset_for_tests();
    qemu_ram_pool_init(pool, sizeof(pool), "cfg-test");
    pc_machine_default_config(&cfg);
    cfg.bios = bios;
    cfg.bios_size = 128 * KiB;
    cfg.ram_size = 2 * MiB;
    assert_null(pc_machine_check_config(&cfg));
    cfg.type = PC_MACHINE_ISAPC;
    cfg.ram_size = 640 * KiB;
    assert_null(pc_machine_check_config(&cfg));

    cfg.bios_size = 100000; /* truncated */
    assert_non_null(pc_machine_check_config(&cfg));
    cfg.bios_size = 32 * KiB;
    assert_non_null(pc_machine_check_config(&cfg));
    cfg.bios_size = 320 * KiB; /* oversized */
    assert_non_null(pc_machine_check_config(&cfg));
    cfg.bios_size = 192 * KiB;
    assert_null(pc_machine_check_config(&cfg));
    cfg.bios = NULL;
    assert_non_null(pc_machine_check_config(&cfg));
    cfg.bios = bios;

    cfg.ram_size = 512 * KiB; /* isapc needs 640 KiB */
    assert_non_null(pc_machine_check_config(&cfg));
    cfg.type = PC_MACHINE_PC;
    cfg.ram_size = 896 * KiB; /* pc needs 1 MiB */
    assert_non_null(pc_machine_check_config(&cfg));
    cfg.ram_size = 1 * MiB + 4 * KiB; /* not 64 KiB-aligned */
    assert_non_null(pc_machine_check_config(&cfg));
    cfg.ram_size = 8 * MiB; /* larger than the 4 MiB pool */
    assert_string_equal(pc_machine_check_config(&cfg),
                        "RAM size is larger than the RAM pool of this board");
    cfg.ram_size = 1 * MiB;
    cfg.icount_shift = 21;
    assert_non_null(pc_machine_check_config(&cfg));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pci_ids, setup, NULL),
        cmocka_unit_test_setup_teardown(test_pci_write_masks, setup, NULL),
        cmocka_unit_test_setup_teardown(test_pam_power_on, setup, NULL),
        cmocka_unit_test_setup_teardown(test_pam_modes_f_segment, setup, NULL),
        cmocka_unit_test_setup_teardown(test_pam_modes_16k_segments, setup,
                                        NULL),
        cmocka_unit_test_setup_teardown(test_pam_shadow_sequence, setup, NULL),
        cmocka_unit_test_setup_teardown(test_smram_visibility, setup, NULL),
        cmocka_unit_test_setup_teardown(test_smram_lock, setup, NULL),
        cmocka_unit_test_setup_teardown(test_piix3_pirq_routing, setup, NULL),
        cmocka_unit_test_setup_teardown(test_piix3_reset_control, setup, NULL),
        cmocka_unit_test(test_pc_config_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
