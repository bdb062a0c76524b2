/* Private to the PC machine files (pc.c, pc-run.c, multiboot.c). */
#ifndef BMX_MACHINE_PC_INTERNAL_H
#define BMX_MACHINE_PC_INTERNAL_H

#include "machine-internal.h"
#include "hw/hw.h"
#include "timer/timer.h"

/* Text the machine watches for on the BIOS's consoles. */
typedef struct PCTextMatch {
    unsigned pos;  /* characters of the pattern matched so far */
    bool matched;  /* the whole pattern was seen... */
    bool line_end; /* ...and the line it was on has ended */
} PCTextMatch;

typedef struct PCMachineState {
    PCMachineConfig cfg;
    bool ready;
    bool reset_pending;
    bool input_closed; /* the console reader said no input will come */
    unsigned resets;
    MemoryRegion ram, ram_below_4g, pci_memory, bios, isa_bios;
    MemoryRegion vga_stub, option_rom;
    MemoryRegion smm_root, smm_sys_alias, smm_smram_alias;
    IRQState cpu_intr, a20_line, reset_line, ignne_line;
    PCISADevices devs;
    bool has_apic; /* --cpu=686 on pc: local APIC and I/O APIC */
    APICState lapic;
    IOAPICState ioapic;
    IRQState lapic_intr, lapic_nmi;
    PCIHostState pci_host;
    I440FXState i440fx;
    PIIX3State piix3;
    union { /* one or the other: the drive buffers are 8 KiB each */
        PCIIDEState piix_ide; /* pc */
        IDEBus isa_ide[2];    /* isapc */
    } ide;
    PCTextMatch no_boot_serial, no_boot_debugcon;
    MemoryRegion vga_vram; /* RAM from the pool, not mapped (as QEMU's) */
    MemoryRegion testdev_buf; /* pc-testdev's iomem, from the pool too */
    PCTestdevState testdev;
    VGACommonState vga;
} PCMachineState;

extern PCMachineState pcms;

/* pc-ide.c: the IDE channels, their drives, the boot order (CMOS and the
 * fw_cfg "bootorder" file). */
void pc_ide_init(const PCMachineConfig *cfg);
/* pc.c: inserts a device path into the fw_cfg "bootorder" file by its
 * bootindex (lowest first), as QEMU's bootindex properties do. */
int pc_bootorder_add(const char *path, int bootindex);
void pc_ide_reset(void);

/* pc-display.c: a console byte for the keyboard (c < 0: the line is
 * idle, a lone ESC may time out). */
void pc_keyboard_input(int c);

/* Console taps: watch for "No bootable device", then pass the text on. */
void pc_serial_out(void *opaque, const uint8_t *buf, int len);
void pc_debugcon_out(void *opaque, uint8_t c);

#endif
