/*
 * A tiny PCI bus 0 behind configuration mechanism #1 (QEMU's
 * hw/pci/pci_host.c and the config-space part of hw/pci/pci.c): 0xCF8
 * holds the address (enable bit 31, bus 23-16, devfn 15-8, register
 * 7-2), 0xCFC-0xCFF the data. Devices are static: no BARs, no bridges.
 */
#include "hw/hw.h"

#define PCI_CONFIG_ENABLE 0x80000000u

void pci_register_device(PCIBus *bus, PCIDevice *d, const char *name,
                         uint8_t devfn, PCIConfigReadFn rd, PCIConfigWriteFn wr)
{
    if (pci_find_device(bus, devfn)) {
        bmx_panic("PCI: devfn %02x taken when adding %s", devfn, name);
    }
    if (bus->ndevices >= PCI_BUS_MAX_DEVICES) {
        bmx_panic("PCI: bus full when adding %s", name);
    }
    memset(d, 0, sizeof(*d));
    d->devfn = devfn;
    d->name = name;
    d->config_read = rd;
    d->config_write = wr;
    d->bus = bus;
    /* As QEMU's pci_init_wmask: the command register's IO, memory, master
     * and SERR/INTx bits, cache line, latency, interrupt line, and the
     * whole device-specific area. */
    pci_set_word(&d->wmask[PCI_COMMAND], 0x0507);
    d->wmask[0x0c] = 0xff;
    d->wmask[0x0d] = 0xff;
    d->wmask[PCI_INTERRUPT_LINE] = 0xff;
    memset(&d->wmask[0x40], 0xff, PCI_CONFIG_SPACE_SIZE - 0x40);
    /* Status error bits are write-1-to-clear. */
    pci_set_word(&d->w1cmask[PCI_STATUS], 0xf900);
    bus->devices[bus->ndevices++] = d;
}

PCIDevice *pci_find_device(PCIBus *bus, uint8_t devfn)
{
    for (unsigned i = 0; i < bus->ndevices; i++) {
        if (bus->devices[i]->devfn == devfn) {
            return bus->devices[i];
        }
    }
    return NULL;
}

uint32_t pci_default_read_config(PCIDevice *d, uint32_t addr, int len)
{
    uint32_t val = 0;

    for (int i = 0; i < len; i++) {
        val |= (uint32_t)d->config[addr + i] << (8 * i);
    }
    return val;
}

void pci_default_write_config(PCIDevice *d, uint32_t addr, uint32_t val,
                              int len)
{
    for (int i = 0; i < len; i++) {
        uint8_t wm = d->wmask[addr + i], w1c = d->w1cmask[addr + i];
        uint8_t b = (uint8_t)(val >> (8 * i));

        d->config[addr + i] = (d->config[addr + i] & ~wm) | (b & wm);
        d->config[addr + i] &= ~(b & w1c);
    }
}

uint32_t pci_host_config_read(PCIHostState *s, uint8_t devfn, uint32_t addr,
                              int len)
{
    PCIDevice *d = pci_find_device(&s->bus, devfn);

    if (!d || addr + (uint32_t)len > PCI_CONFIG_SPACE_SIZE) {
        return len == 4 ? 0xffffffffu : (1u << (8 * len)) - 1;
    }
    return d->config_read ? d->config_read(d, addr, len)
                          : pci_default_read_config(d, addr, len);
}

void pci_host_config_write(PCIHostState *s, uint8_t devfn, uint32_t addr,
                           uint32_t val, int len)
{
    PCIDevice *d = pci_find_device(&s->bus, devfn);

    if (!d || addr + (uint32_t)len > PCI_CONFIG_SPACE_SIZE) {
        return;
    }
    if (d->config_write) {
        d->config_write(d, addr, val, len);
    } else {
        pci_default_write_config(d, addr, val, len);
    }
}

static uint64_t pci_host_conf_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIHostState *s = opaque;
    (void)size;
    return s->config_reg >> (8 * addr);
}

static void pci_host_conf_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    PCIHostState *s = opaque;

    /* Only a 32-bit write at 0xCF8 is a configuration address (QEMU). */
    if (addr == 0 && size == 4) {
        s->config_reg = (uint32_t)val;
    }
}

/* Decode config_reg: false if disabled or not on bus 0 (nothing there). */
static bool pci_host_decode(PCIHostState *s, hwaddr port_off, uint8_t *devfn,
                            uint32_t *reg)
{
    if (!(s->config_reg & PCI_CONFIG_ENABLE) ||
        ((s->config_reg >> 16) & 0xff) != 0) {
        return false;
    }
    *devfn = (uint8_t)(s->config_reg >> 8);
    *reg = (s->config_reg & 0xfc) | (uint32_t)(port_off & 3);
    return true;
}

static uint64_t pci_host_data_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIHostState *s = opaque;
    uint8_t devfn;
    uint32_t reg;

    if (!pci_host_decode(s, addr, &devfn, &reg)) {
        return ~(uint64_t)0;
    }
    return pci_host_config_read(s, devfn, reg, (int)size);
}

static void pci_host_data_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    PCIHostState *s = opaque;
    uint8_t devfn;
    uint32_t reg;

    if (pci_host_decode(s, addr, &devfn, &reg)) {
        pci_host_config_write(s, devfn, reg, (uint32_t)val, (int)size);
    }
}

static const MemoryRegionOps pci_host_conf_ops = {
    .read = pci_host_conf_read,
    .write = pci_host_conf_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 4},
};

static const MemoryRegionOps pci_host_data_ops = {
    .read = pci_host_data_read,
    .write = pci_host_data_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 4},
};

void pci_host_init(PCIHostState *s, MemoryRegion *io)
{
    memset(&s->bus, 0, sizeof(s->bus));
    s->config_reg = 0;
    memory_region_init_io(&s->conf_mem, s, &pci_host_conf_ops, s,
                          "pci-conf-idx", 4);
    memory_region_add_subregion(io, 0xcf8, &s->conf_mem);
    memory_region_init_io(&s->data_mem, s, &pci_host_data_ops, s,
                          "pci-conf-data", 4);
    memory_region_add_subregion(io, 0xcfc, &s->data_mem);
}
