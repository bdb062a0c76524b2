/*
 * i440FX host bridge (82441FX PMC), QEMU's hw/pci-host/i440fx.c and
 * pam.c: the PAM registers 0x59-0x5F choose for each segment of
 * 0xC0000-0xFFFFF whether reads and writes reach DRAM or PCI (where the
 * ROMs live), and the SMRAM register 0x72 decides who sees the RAM under
 * the VGA window at 0xA0000-0xBFFFF.
 *
 * Each PAM segment has four aliases over system memory (priority 1),
 * exactly one enabled: PCI, RAM read-only, write-only and RAM. QEMU maps
 * write-only to plain RAM ("XXX: should distinguish read/write cases");
 * here (Deviation D23) it is what the chipset does -- reads from PCI, writes to
 * DRAM -- through a small I/O region, so "copy the ROM onto itself" shadowing
 * works. Code cannot execute from a write-only segment.
 */
#include "hw/hw.h"

#define KiB 1024u

/* ---- PAM ---- */

static uint64_t pam_wo_read(void *opaque, hwaddr addr, unsigned size)
{
    PAMMemoryRegion *pam = opaque;
    uint8_t buf[8] = {0};

    if (!pam->pci_as) {
        return ~(uint64_t)0;
    }
    address_space_read(pam->pci_as, pam->start + addr, MEMTXATTRS_UNSPECIFIED,
                       buf, size);
    return ldn_he_p(buf, (int)size);
}

static void pam_wo_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PAMMemoryRegion *pam = opaque;
    uint8_t *host = memory_region_get_ram_ptr(pam->ram);
    hwaddr ram_addr = pam->start + addr;

    stn_he_p(host + ram_addr, (int)size, val);
    invalidate_and_set_dirty(pam->ram, ram_addr, size);
}

static const MemoryRegionOps pam_wo_ops = {
    .read = pam_wo_read,
    .write = pam_wo_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 8, .unaligned = true},
    .impl = {.min_access_size = 1, .max_access_size = 8, .unaligned = true},
};

void init_pam(PAMMemoryRegion *mem, MemoryRegion *ram_memory,
              MemoryRegion *system_memory, MemoryRegion *pci_address_space,
              uint32_t start, uint32_t size)
{
    mem->ram = ram_memory;
    mem->start = start;
    memory_region_init_alias(&mem->alias[PAM_ATTR_RW], mem, "pam-ram",
                             ram_memory, start, size);
    memory_region_init_alias(&mem->alias[PAM_ATTR_RO], mem, "pam-rom",
                             ram_memory, start, size);
    memory_region_set_readonly(&mem->alias[PAM_ATTR_RO], true);
    memory_region_init_alias(&mem->alias[PAM_ATTR_PCI], mem, "pam-pci",
                             pci_address_space, start, size);
    memory_region_init_io(&mem->alias[PAM_ATTR_WO], mem, &pam_wo_ops, mem,
                          "pam-wo", size);

    memory_region_transaction_begin();
    for (int i = 0; i < 4; i++) {
        memory_region_set_enabled(&mem->alias[i], false);
        memory_region_add_subregion_overlap(system_memory, start,
                                            &mem->alias[i], 1);
    }
    mem->current = PAM_ATTR_PCI;
    memory_region_set_enabled(&mem->alias[mem->current], true);
    memory_region_transaction_commit();
}

/* Segment idx 0 is 0xF0000-0xFFFFF (high nibble of 0x59); segments 1-12
 * are the 16 KiB pieces from 0xC0000, low then high nibble of 0x5A-0x5F. */
void pam_update(PAMMemoryRegion *pam, int idx, uint8_t val)
{
    bmx_assert(idx >= 0 && idx < PAM_REGIONS_COUNT);
    memory_region_set_enabled(&pam->alias[pam->current], false);
    pam->current = (val >> ((!(idx & 1)) * 4)) & 3;
    memory_region_set_enabled(&pam->alias[pam->current], true);
}

/* ---- the device ---- */

static void i440fx_update_memory_mappings(I440FXState *d)
{
    uint8_t smram = d->dev.config[I440FX_SMRAM];

    memory_region_transaction_begin();
    for (int i = 0; i < PAM_REGIONS_COUNT; i++) {
        pam_update(&d->pam_regions[i], i,
                   d->dev.config[I440FX_PAM + DIV_ROUND_UP(i, 2)]);
    }
    /* Outside SMM the window shows PCI (VGA) unless D_OPEN; inside SMM
     * (the CPU's SMM address space overlays "smram") it is RAM while
     * G_SMRAME is set. */
    memory_region_set_enabled(&d->smram_region, !(smram & SMRAM_D_OPEN));
    memory_region_set_enabled(&d->smram, (smram & SMRAM_G_SMRAME) != 0);
    memory_region_transaction_commit();
}

static void i440fx_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                                int len)
{
    I440FXState *d = container_of(dev, I440FXState, dev);
    uint32_t end = addr + (uint32_t)len;

    pci_default_write_config(dev, addr, val, len);
    if (addr <= I440FX_SMRAM && end > I440FX_SMRAM) {
        uint8_t *r = &dev->config[I440FX_SMRAM];
        /* D_LCK: D_OPEN clears and stays clear, and the register (but
         * D_CLS) is frozen until reset (82441FX datasheet 3.2.23). */
        if (*r & SMRAM_D_LCK) {
            d->smram_locked = true;
            dev->wmask[I440FX_SMRAM] = SMRAM_D_CLS;
        }
        if (d->smram_locked) {
            *r = (*r & ~SMRAM_D_OPEN) | SMRAM_D_LCK;
        }
    }
    if ((addr < I440FX_PAM + I440FX_PAM_SIZE && end > I440FX_PAM) ||
        (addr <= I440FX_SMRAM && end > I440FX_SMRAM)) {
        i440fx_update_memory_mappings(d);
    }
}

void i440fx_reset(I440FXState *d)
{
    memset(&d->dev.config[I440FX_PAM], 0, I440FX_PAM_SIZE);
    d->dev.config[I440FX_SMRAM] = 0x02;
    /* C_BASE_SEG is hard-wired to 010b (0xA0000). */
    d->dev.wmask[I440FX_SMRAM] =
        SMRAM_D_OPEN | SMRAM_D_CLS | SMRAM_D_LCK | SMRAM_G_SMRAME;
    d->smram_locked = false;
    i440fx_update_memory_mappings(d);
}

/* A system reset leaves PAM and SMRAM as they were: QEMU's i440FX has no
 * reset handler, and SeaBIOS relies on it -- its shadow copy in RAM still
 * reads at 0xF0000 after the reset, so it takes the resume path (CMOS
 * shutdown status 0x05/0x0A-0x0C, S3) instead of a second POST, and copies
 * the pristine ROM back itself before a reboot of its own. Only the SMRAM
 * lock, which QEMU does not have, is dropped. */
void i440fx_system_reset(I440FXState *d)
{
    d->dev.config[I440FX_SMRAM] &= (uint8_t)~SMRAM_D_LCK;
    d->dev.wmask[I440FX_SMRAM] =
        SMRAM_D_OPEN | SMRAM_D_CLS | SMRAM_D_LCK | SMRAM_G_SMRAME;
    d->smram_locked = false;
    i440fx_update_memory_mappings(d);
}

void i440fx_init(I440FXState *d, PCIBus *bus, MemoryRegion *system_memory,
                 MemoryRegion *pci_memory, MemoryRegion *ram_memory,
                 uint64_t ram_size)
{
    uint64_t units;

    pci_register_device(bus, &d->dev, "i440FX", PCI_DEVFN(0, 0), NULL,
                        i440fx_write_config);
    pci_set_word(&d->dev.config[PCI_VENDOR_ID], 0x8086);
    pci_set_word(&d->dev.config[PCI_DEVICE_ID], 0x1237);
    d->dev.config[PCI_REVISION_ID] = 0x02;
    pci_set_word(&d->dev.config[PCI_CLASS_DEVICE], 0x0600); /* host bridge */
    /* Old coreboot reads the RAM size in 8 MiB units here (QEMU too). */
    units = ram_size / (8 * 1024 * 1024);
    d->dev.config[0x57] = (uint8_t)(units > 255 ? 255 : units);

    address_space_init(&d->pci_as, pci_memory, "pci-memory");

    memory_region_init_alias(&d->smram_region, d, "smram-region", pci_memory,
                             0xa0000, 128 * KiB);
    memory_region_add_subregion_overlap(system_memory, 0xa0000,
                                        &d->smram_region, 1);
    memory_region_set_enabled(&d->smram_region, true);

    memory_region_init(&d->smram, d, "smram", (uint64_t)1 << 32);
    memory_region_set_enabled(&d->smram, false);
    memory_region_init_alias(&d->low_smram, d, "smram-low", ram_memory, 0xa0000,
                             128 * KiB);
    memory_region_set_enabled(&d->low_smram, true);
    memory_region_add_subregion(&d->smram, 0xa0000, &d->low_smram);

    init_pam(&d->pam_regions[0], ram_memory, system_memory, pci_memory, 0xf0000,
             64 * KiB);
    for (int i = 0; i < 12; i++) {
        init_pam(&d->pam_regions[i + 1], ram_memory, system_memory, pci_memory,
                 0xc0000 + (uint32_t)i * 16 * KiB, 16 * KiB);
    }
    for (int i = 0; i < PAM_REGIONS_COUNT; i++) {
        d->pam_regions[i].pci_as = &d->pci_as;
    }
    i440fx_reset(d);
}
