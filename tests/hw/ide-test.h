/* Shared by test-ide.c and test-atapi.c: the PIIX3 IDE function on a PCI
 * bus with 256 KiB of RAM for DMA, drives backed by images in memory, and
 * taskfile helpers that talk to the ports as a driver does. */
#ifndef BMX_TESTS_IDE_TEST_H
#define BMX_TESTS_IDE_TEST_H

#include "hw-test.h"

#define IT_RAM_SIZE (256 * 1024)
#define IT_BMDMA    0xc000 /* where the tests put BAR4 */

static PCIHostState it_host;
static PCIIDEState it_ide;
static MemoryRegion it_ram;
static IrqProbe it_irq14, it_irq15;
static uint8_t it_arena[64 * 1024] __attribute__((aligned(4096)));

static inline void it_setup(void)
{
    hwt_reset();
    blk_reset_all();
    blk_cow_arena_init(it_arena, sizeof(it_arena));
    /* hwt_reset's pool is small: the RAM for DMA is a RAM pointer region */
    static uint8_t ram[IT_RAM_SIZE] __attribute__((aligned(4096)));
    memset(ram, 0, sizeof(ram));
    memory_region_init_ram_ptr(&it_ram, NULL, "ram", IT_RAM_SIZE, ram);
    memory_region_add_subregion(get_system_memory(), 0, &it_ram);
    pci_host_init(&it_host, get_system_io());
    piix3_ide_init(&it_ide, &it_host.bus, get_system_io(),
                   &address_space_memory, irq_probe_init(&it_irq14),
                   irq_probe_init(&it_irq15));
}

static inline void it_pci_write(uint32_t addr, uint32_t val, int len)
{
    pci_host_config_write(&it_host, PCI_DEVFN(1, 1), addr, val, len);
}

static inline uint32_t it_pci_read(uint32_t addr, int len)
{
    return pci_host_config_read(&it_host, PCI_DEVFN(1, 1), addr, len);
}

/* BAR4 at IT_BMDMA, I/O and bus master on. */
static inline void it_enable_bmdma(void)
{
    it_pci_write(0x20, IT_BMDMA | 1, 4);
    it_pci_write(0x04, 0x0005, 2);
}

static inline void it_ram_write(uint32_t addr, const void *buf, size_t n)
{
    address_space_write(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                        buf, n);
}

static inline void it_ram_read(uint32_t addr, void *buf, size_t n)
{
    address_space_read(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, buf,
                       n);
}

/* One PRD: addr, bytes (0: 64 KiB), last. */
static inline void it_prd(uint32_t table, int i, uint32_t addr, uint32_t bytes,
                          bool last)
{
    uint8_t e[8];
    stl_le_p(e, addr);
    stl_le_p(e + 4, (bytes & 0xffff) | (last ? 0x80000000u : 0));
    it_ram_write(table + 8 * (uint32_t)i, e, 8);
}

/* Reads n 16-bit words of the data port into buf. */
static inline void it_pio_in(uint16_t base, void *buf, size_t words)
{
    uint8_t *p = buf;
    for (size_t i = 0; i < words; i++) {
        uint16_t w = inw(base);
        p[2 * i] = (uint8_t)w;
        p[2 * i + 1] = (uint8_t)(w >> 8);
    }
}

static inline void it_pio_out(uint16_t base, const void *buf, size_t words)
{
    const uint8_t *p = buf;
    for (size_t i = 0; i < words; i++) {
        outw(base, (uint16_t)(p[2 * i] | (p[2 * i + 1] << 8)));
    }
}

/* LBA28 taskfile: device (0 master, 1 slave), sector, count, command. */
static inline void it_lba28(uint16_t base, int dev, uint32_t lba, uint8_t count,
                            uint8_t cmd)
{
    outb(base + 6, (uint8_t)(0xe0 | (dev << 4) | ((lba >> 24) & 0x0f)));
    outb(base + 2, count);
    outb(base + 3, (uint8_t)lba);
    outb(base + 4, (uint8_t)(lba >> 8));
    outb(base + 5, (uint8_t)(lba >> 16));
    outb(base + 7, cmd);
}

static inline uint16_t it_word(const uint8_t *id, int w)
{
    return (uint16_t)(id[2 * w] | (id[2 * w + 1] << 8));
}

#endif
