/*
 * The PC's disks: the PIIX3 IDE function on pc (legacy channels and the
 * bus master) or two ISA IDE channels on isapc, the drives the config
 * names, and the boot order. QEMU's -boot order goes to the CMOS bytes
 * SeaBIOS reads on QEMU (0x3D and the high nibble of 0x38); bmx86 also
 * lists the drives in that order in the fw_cfg "bootorder" file, as
 * QEMU's bootindex= would (SeaBIOS matches it on pc, where the drives have
 * PCI paths; docs/deviations.md D35).
 */
#include "pc-internal.h"

/* Drives sort after option ROMs (bootindex 0) in "bootorder". */
#define PC_BOOTINDEX_DRIVES 100

bool pc_boot_order_valid(const char *order)
{
    size_t n = 0;
    if (!order || !*order) {
        return false;
    }
    for (; order[n]; n++) {
        if (!strchr("abcdn", order[n]) || n >= 3) {
            return false; /* QEMU: at most 3 devices in the CMOS */
        }
        for (size_t k = 0; k < n; k++) {
            if (order[k] == order[n]) {
                return false;
            }
        }
    }
    return true;
}

static uint8_t boot_device2nibble(char c)
{
    switch (c) {
    case 'a':
    case 'b':
        return 1; /* floppy */
    case 'c':
        return 2; /* hard disk */
    case 'd':
        return 3; /* CD-ROM */
    case 'n':
        return 4; /* network */
    }
    return 0;
}

static void pc_boot_order_cmos(const char *order)
{
    uint8_t bds[3] = {0, 0, 0};
    RTCState *rtc = &pcms.devs.rtc;

    for (int i = 0; i < 3 && order[i]; i++) {
        bds[i] = boot_device2nibble(order[i]);
    }
    rtc_set_memory(rtc, 0x3d, (bds[1] << 4) | bds[0]);
    /* low bit: skip the floppy boot-signature check, as QEMU's default */
    rtc_set_memory(rtc, 0x38, (bds[2] << 4) | 0x01);
}

/* "/pci@i0cf8/ide@1,1/drive@C/disk@U" for each drive of the kinds the
 * order names, in that order. The drives' bootindexes come after the
 * option ROMs' (a --kernel's ROM has bootindex 0): QEMU boots the kernel
 * too when drives are given. */
static void pc_boot_order_file(const PCMachineConfig *cfg, const char *order)
{
    int n = 0;

    if (cfg->type != PC_MACHINE_PC) {
        return;
    }
    for (const char *o = order; *o; o++) {
        for (int i = 0; i < PC_MAX_IDE_DRIVES; i++) {
            const PCDriveConfig *d = &cfg->ide[i];
            bool match = d->present &&
                         ((*o == 'c' && !d->cdrom) || (*o == 'd' && d->cdrom));
            if (!match) {
                continue;
            }
            char path[] = "/pci@i0cf8/ide@1,1/drive@C/disk@U";
            path[sizeof(path) - 9] = (char)('0' + i / 2);
            path[sizeof(path) - 2] = (char)('0' + i % 2);
            bool ok = pc_bootorder_add(path, PC_BOOTINDEX_DRIVES + n++) == 0;
            bmx_assert(ok); /* at most PC_MAX_IDE_DRIVES of 8 entries */
        }
    }
}

void pc_ide_init(const PCMachineConfig *cfg)
{
    static const uint16_t base[2] = {0x1f0, 0x170};
    static const uint16_t base2[2] = {0x3f6, 0x376};
    IDEBus *buses;
    const char *order = cfg->boot_order ? cfg->boot_order : "cad";

    if (cfg->type == PC_MACHINE_PC) {
        piix3_ide_init(&pcms.ide.piix_ide, &pcms.pci_host.bus, get_system_io(),
                       &address_space_memory, pc_isa_irq(&pcms.devs, 14),
                       pc_isa_irq(&pcms.devs, 15));
        buses = pcms.ide.piix_ide.bus;
    } else {
        for (int i = 0; i < 2; i++) {
            isa_ide_init(&pcms.ide.isa_ide[i], i, get_system_io(), base[i],
                         base2[i], pc_isa_irq(&pcms.devs, 14 + i));
        }
        buses = pcms.ide.isa_ide;
    }
    for (int i = 0; i < PC_MAX_IDE_DRIVES; i++) {
        const PCDriveConfig *d = &cfg->ide[i];
        if (d->present) {
            bool ok = ide_drive_attach(&buses[i / 2], i % 2,
                                       d->cdrom ? IDE_CD : IDE_HD, d->blk);
            bmx_assert(ok);
        }
    }
    pc_boot_order_cmos(order);
    pc_boot_order_file(cfg, order);
}

void pc_ide_reset(void)
{
    if (pcms.cfg.type == PC_MACHINE_PC) {
        piix3_ide_reset(&pcms.ide.piix_ide);
    } else {
        ide_bus_reset(&pcms.ide.isa_ide[0]);
        ide_bus_reset(&pcms.ide.isa_ide[1]);
    }
}

IDEBus *pc_machine_ide_bus(int channel)
{
    if (!pcms.ready || channel < 0 || channel > 1) {
        return NULL;
    }
    return pcms.cfg.type == PC_MACHINE_PC ? &pcms.ide.piix_ide.bus[channel]
                                          : &pcms.ide.isa_ide[channel];
}
