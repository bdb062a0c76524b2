/*
 * The PIIX3 IDE function (82371SB, 8086:7010) at 00:01.1, as QEMU's
 * hw/ide/piix.c: programming interface 0x80 -- both channels in legacy
 * (compatibility) mode at the ISA addresses and IRQs 14/15, plus the
 * bus master, whose 16 ports BAR4 places (I/O space, decoded while the
 * command register's I/O enable is set).
 */
#include "ide-internal.h"

#define PCI_BASE_ADDRESS_4 0x20
#define PCI_COMMAND_IO     0x1

static uint64_t piix_bmdma_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIIDEState *d = opaque;
    return bmdma_read(&d->bmdma[addr >> 3], addr & 7, size);
}

static void piix_bmdma_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    PCIIDEState *d = opaque;
    bmdma_write(&d->bmdma[addr >> 3], addr & 7, val, size);
}

static const MemoryRegionOps piix_bmdma_ops = {
    .read = piix_bmdma_read,
    .write = piix_bmdma_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 4},
};

/* Maps BAR4 where the config space says, or unmaps it. */
static void piix_ide_update_bar(PCIIDEState *d)
{
    uint32_t bar = ldl_le_p(&d->dev.config[PCI_BASE_ADDRESS_4]) & ~0xfu;
    bool on = (d->dev.config[PCI_COMMAND] & PCI_COMMAND_IO) && bar &&
              bar < 0x10000 - 16;

    if (d->bmdma_mapped && (!on || bar != d->bmdma_base)) {
        memory_region_del_subregion(d->io, &d->bmdma_io);
        d->bmdma_mapped = false;
    }
    if (on && !d->bmdma_mapped) {
        memory_region_add_subregion(d->io, bar, &d->bmdma_io);
        d->bmdma_mapped = true;
        d->bmdma_base = bar;
    }
}

static void piix_ide_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                                  int len)
{
    PCIIDEState *d = container_of(dev, PCIIDEState, dev);
    pci_default_write_config(dev, addr, val, len);
    if ((addr < PCI_COMMAND + 2 && addr + (uint32_t)len > PCI_COMMAND) ||
        (addr < PCI_BASE_ADDRESS_4 + 4 &&
         addr + (uint32_t)len > PCI_BASE_ADDRESS_4)) {
        piix_ide_update_bar(d);
    }
}

void piix3_ide_reset(PCIIDEState *d)
{
    uint8_t *c = d->dev.config;

    for (int i = 0; i < 2; i++) {
        ide_bus_reset(&d->bus[i]);
        d->bmdma[i].cmd = 0;
        d->bmdma[i].status = 0;
        d->bmdma[i].addr = 0;
    }
    /* QEMU's piix_ide_reset: command 0, status fast back-to-back and
     * medium DEVSEL, BAR4 at 1 (I/O), nothing else decoded. */
    pci_set_word(&c[PCI_COMMAND], 0x0000);
    pci_set_word(&c[PCI_STATUS], 0x0280);
    c[PCI_BASE_ADDRESS_4] = 0x01;
    c[PCI_BASE_ADDRESS_4 + 1] = 0;
    c[PCI_BASE_ADDRESS_4 + 2] = 0;
    c[PCI_BASE_ADDRESS_4 + 3] = 0;
    piix_ide_update_bar(d);
}

void piix3_ide_init(PCIIDEState *d, PCIBus *bus, MemoryRegion *io,
                    AddressSpace *dma_as, qemu_irq irq14, qemu_irq irq15)
{
    static const uint16_t base[2] = {0x1f0, 0x170};
    static const uint16_t base2[2] = {0x3f6, 0x376};
    qemu_irq irqs[2] = {irq14, irq15};

    memset(d, 0, sizeof(*d));
    d->io = io;
    pci_register_device(bus, &d->dev, "piix3-ide", PCI_DEVFN(1, 1), NULL,
                        piix_ide_write_config);
    pci_set_word(&d->dev.config[PCI_VENDOR_ID], 0x8086);
    pci_set_word(&d->dev.config[PCI_DEVICE_ID], 0x7010);
    d->dev.config[PCI_CLASS_PROG] = 0x80; /* legacy ATA, bus master */
    pci_set_word(&d->dev.config[PCI_CLASS_DEVICE], 0x0101); /* IDE */
    /* BAR4: 16 bytes of I/O; bit 0 reads 1. */
    d->dev.wmask[PCI_BASE_ADDRESS_4] = 0xf0;
    d->dev.wmask[PCI_BASE_ADDRESS_4 + 1] = 0xff;
    d->dev.wmask[PCI_BASE_ADDRESS_4 + 2] = 0xff;
    d->dev.wmask[PCI_BASE_ADDRESS_4 + 3] = 0xff;
    memory_region_init_io(&d->bmdma_io, NULL, &piix_bmdma_ops, d, "bmdma", 16);
    for (int i = 0; i < 2; i++) {
        ide_bus_init(&d->bus[i], i, irqs[i]);
        ide_init_ioport(&d->bus[i], io, base[i], base2[i]);
        d->bus[i].bmdma = &d->bmdma[i];
        d->bus[i].dma_as = dma_as;
        d->bus[i].pci_command = &d->dev.config[PCI_COMMAND];
        d->bmdma[i].bus = &d->bus[i];
    }
    piix3_ide_reset(d);
}
