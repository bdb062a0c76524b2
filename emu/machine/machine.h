/*
 * emu/machine: small machines that wire the CPU, memory and devices
 * together.
 *
 * - The SST harness machine runs SingleStepTests-style single instructions:
 *   16 MiB of flat RAM, A20 on, unclaimed ports read all ones, one CPU in
 *   real mode that behaves like a 286 where a test can see it (FLAGS bits
 *   12-15 start clear). Load registers and RAM bytes, run until HLT, read
 *   them back.
 * - The bare BIOS machine runs a raw BIOS image (64, 128 or 256 KiB) the
 *   way QEMU's "pc" maps it: as ROM at the top of 4 GiB and aliased into the
 *   top of the first megabyte, with debugcon (0xE9), isa-debug-exit (0xF4)
 *   and the POST port (0x80). The kernel calls it on every board.
 *
 * Only one machine exists at a time; its state is static.
 */
#ifndef BMX_MACHINE_MACHINE_H
#define BMX_MACHINE_MACHINE_H

#include "util/util.h"
#include "target-i386/cpu.h"

typedef enum MachineExitReason {
    MACHINE_EXIT_HLT,            /* harness: the CPU executed HLT */
    MACHINE_EXIT_DEBUG_EXIT,     /* the guest wrote to isa-debug-exit */
    MACHINE_EXIT_HALTED_FOREVER, /* HLT that nothing can wake (IF=0, or on
                                  * pc no unmasked line that can fire) */
    MACHINE_EXIT_TRIPLE_FAULT,   /* shutdown: the CPU could not deliver #DF */
    MACHINE_EXIT_BUDGET,         /* the instruction budget ran out */
} MachineExitReason;

typedef struct MachineRunResult {
    MachineExitReason reason;
    /* For MACHINE_EXIT_DEBUG_EXIT: (value << 1) | 1, as QEMU exits. */
    int exit_status;
    /* Guest instructions executed by this call (approximate for REP). */
    uint64_t insns;
    /* The last POST code (port 0x80), -1 if none was written: where a
     * firmware that stopped early got to. */
    int post_code;
} MachineRunResult;

/* isa-debug-exit value a guest writes to report success: status 1. */
#define MACHINE_GUEST_SUCCESS_VALUE  0
#define MACHINE_GUEST_SUCCESS_STATUS 1

/* "hlt", "debug-exit", "halted-forever", "triple-fault", "budget". */
const char *machine_exit_reason_name(MachineExitReason reason);

/* One line describing a result, e.g. "guest exited with status 1". */
void machine_describe_result(const MachineRunResult *res, char *buf,
                             size_t size);

/* QEMU's runstate request (system/runstate.c): the CPU calls it on a
 * triple fault; the running machine stops with MACHINE_EXIT_TRIPLE_FAULT
 * (bmx86 behaves like QEMU's -no-reboot). */
typedef enum ShutdownCause {
    SHUTDOWN_CAUSE_NONE,
    SHUTDOWN_CAUSE_GUEST_SHUTDOWN,
    SHUTDOWN_CAUSE_GUEST_RESET,
} ShutdownCause;
void qemu_system_reset_request(ShutdownCause reason);

/* ---- SST harness machine ---- */

#define HARNESS_RAM_SIZE (16u * 1024 * 1024)

/* The 16-bit register file of a SingleStepTests 8086/286 test. */
typedef struct HarnessRegs {
    uint16_t ax, bx, cx, dx;
    uint16_t cs, ss, ds, es;
    uint16_t sp, bp, si, di;
    uint16_t ip, flags;
} HarnessRegs;

/* Builds the machine once (RAM zeroed) with a CPU in 286-compatible
 * mode (X86_CPU_286: 286 opcodes, FLAGS 12-15 clear in real mode); later
 * calls do nothing. The host must have called qemu_ram_pool_init() with at
 * least HARNESS_RAM_SIZE bytes. */
void harness_machine_init(void);
/* The same with another CPU model (the decoder fuzzer uses X86_CPU_586). */
void harness_machine_init_cpu(X86CPULevel level);

/* Resets the CPU to real mode (RAM is kept), then loads the registers:
 * segment bases are selector * 16, limits 64 KiB, FLAGS bits 12-15 clear. */
void harness_load_regs(const HarnessRegs *regs);
void harness_read_regs(HarnessRegs *regs);

/* Like harness_load_regs but enters 32-bit protected mode, CPL 0, with
 * flat 4 GiB segments (CS = code_sel, the others = data_sel, caches
 * loaded as if from a GDT at gdt_base), paging off, all general registers
 * 0 except ESP. Used by the decoder fuzzer. */
void harness_load_flat32(uint32_t eip, uint32_t esp, uint16_t code_sel,
                         uint16_t data_sel, uint32_t gdt_base,
                         uint16_t gdt_limit, uint32_t idt_base,
                         uint16_t idt_limit);

/* Physical RAM access; addresses are taken modulo HARNESS_RAM_SIZE.
 * Writes invalidate any translated code on the page. */
void harness_write_ram(uint32_t addr, const void *buf, size_t len);
void harness_read_ram(uint32_t addr, void *buf, size_t len);

/* Runs until HLT, a triple fault or the budget (instructions) runs out. */
MachineRunResult harness_run(uint64_t budget);

/* Makes a running harness_run/machine_run return soon (reason BUDGET):
 * a host watchdog may call it from a signal handler. */
void machine_request_stop(void);

/* ---- bare BIOS machine ---- */

/* bios_size must be 64, 128 or 256 KiB (fatal error otherwise). The image
 * is not copied: it must stay valid while the machine runs. ram_size is the
 * guest RAM in bytes (at least 1 MiB, a multiple of 64 KiB), taken from the
 * RAM pool the host set up with qemu_ram_pool_init(). The CPU is a 586
 * (bare_machine_init_cpu picks another). Only one machine per run. */
void bare_machine_init(const uint8_t *bios, size_t bios_size, size_t ram_size);
void bare_machine_init_cpu(const uint8_t *bios, size_t bios_size,
                           size_t ram_size, X86CPULevel level);

/* The bare machine's CPU (for the gdb stub). */
X86CPU *bare_machine_cpu(void);

/* True if bios_size is one the bare machine accepts. */
bool bare_machine_bios_size_ok(size_t bios_size);

/* Runs until the guest exits, halts forever, triple-faults or budget
 * instructions have run (0: no budget). Can be called again to go on. */
MachineRunResult machine_run(uint64_t budget);

#endif /* BMX_MACHINE_MACHINE_H */

/* ---- The PCs ---- */
/* ---- The PCs: "isapc" and "pc" (i440FX + PIIX3), QEMU's memory map ----
 * (after the main guard so this block stays self-contained) */
#ifndef BMX_MACHINE_PC_BLOCK_H
#define BMX_MACHINE_PC_BLOCK_H

#include "hw/hw.h"
#include "block/block.h"

typedef enum PCMachineType {
    PC_MACHINE_ISAPC, /* no PCI; the BIOS area is writable RAM */
    PC_MACHINE_PC,    /* i440FX + PIIX3, PAM shadowing, SMRAM */
} PCMachineType;

typedef enum PCInputTarget {
    PC_INPUT_SERIAL,   /* console bytes go to COM1's receiver */
    PC_INPUT_KEYBOARD, /* ... or are typed on the PS/2 keyboard, escape
                        * sequences as their keys (emu/ui AnsiInput) */
} PCInputTarget;

/* Where the ANSI text console writes (the kernel: the console). */
typedef void (*PCDisplayWriteFn)(void *opaque, const char *buf, size_t len);

/* A byte from the console, -1 when none is waiting, PC_CONSOLE_CLOSED when
 * none ever will (then input cannot wake a halted CPU). */
typedef int (*PCConsoleReadFn)(void *opaque);
#define PC_CONSOLE_CLOSED (-2)

#define PC_BIOS_MIN_SIZE (64u * 1024)
#define PC_BIOS_MAX_SIZE (256u * 1024)
/* QEMU's option-ROM area "pc.rom" (128 KiB of RAM from 0xC0000). */
#define PC_ROM_MIN_VGA 0xc0000u
#define PC_ROM_SIZE    0x20000u
/* QEMU's pc keeps RAM below 3.5 GiB (no RAM above 4 GiB here). */
#define PC_RAM_MAX 0xe0000000ull

/* IDE positions: index = channel * 2 + unit (QEMU's -drive index=). */
#define PC_MAX_IDE_DRIVES 4

typedef struct PCDriveConfig {
    bool present;      /* a drive sits at this position */
    bool cdrom;        /* an ATAPI CD-ROM (else an ATA disk) */
    BlockBackend *blk; /* the medium; NULL only for an empty CD drive */
} PCDriveConfig;

typedef struct PCMachineConfig {
    PCMachineType type;
    const uint8_t *bios;   /* executed in place on "pc" (not copied) */
    size_t bios_size;      /* a multiple of 64 KiB, 64..256 KiB */
    const char *bios_name; /* for messages */
    uint64_t ram_size; /* multiple of 64 KiB; isapc >= 640 KiB, pc >= 1 MiB */
    X86CPULevel cpu_level; /* 0: X86_CPU_586 */
    int icount_shift;      /* ns per instruction = 2^shift */
    bool sercon;           /* fw_cfg etc/sercon-port = 0x3F8 */
    bool boot_menu;
    bool no_reboot;             /* a guest reset stops the run instead */
    bool stop_on_no_boot;       /* stop when "No bootable device" is printed */
    bool fw_cfg_dma;            /* offer the fw_cfg DMA interface (see pc.c) */
    SerialWriteFn serial_write; /* COM1 (NULL: qemu_printf) */
    void *serial_opaque;
    DebugconSink debugcon_sink; /* 0x402 and 0xE9 (NULL: qemu_printf) */
    void *debugcon_opaque;
    PCConsoleReadFn console_read; /* polled between slices; may be NULL */
    void *console_opaque;
    PCInputTarget input;
    RTCHostTimeFn rtc_time; /* NULL: rtc_epoch (reproducible) */
    void *rtc_opaque;
    int64_t rtc_epoch;
    PCDriveConfig ide[PC_MAX_IDE_DRIVES];
    /* QEMU's -boot order: 'c' first disk, 'd' first CD-ROM, 'a' floppy
     * (none here), 'n' network (none); NULL: QEMU's default "cad". */
    const char *boot_order;
    /* QEMU's -vga std as an isa-vga (on pc too, see docs/display.md):
     * the VGA at 0x3B0-0x3DF and 0xA0000, 256 KiB of VRAM from the RAM
     * pool, and its BIOS offered as fw_cfg "vgaroms/NAME" (SeaBIOS runs
     * it at 0xC0000). false: the window reads all ones, as before. */
    bool vga;
    /* QEMU's -device pc-testdev (kvm-unit-tests): 0xE0-0xEB, 0x2000 and
     * 64 KiB of MMIO memory at 0xFF000000 (from the RAM pool) */
    bool testdev;
    const uint8_t *vga_rom; /* may be NULL: a VGA without a BIOS */
    size_t vga_rom_size;
    const char *vga_rom_name; /* the fw_cfg name after "vgaroms/" */
    /* --display=ansi: the VGA's text screen drawn as ANSI on
     * display_write, at most PC_DISPLAY_HZ times per virtual second and
     * only when the screen changed (needs vga). */
    bool display_ansi;
    bool display_ascii; /* CP437 as ASCII look-alikes, not UTF-8 */
    PCDisplayWriteFn display_write;
    void *display_opaque;
} PCMachineConfig;

#define PC_DISPLAY_HZ 30

/* Fills cfg with the defaults: pc, 586, 16 MiB, shift 3, stop on "No
 * bootable device", epoch 2024-01-01. */
void pc_machine_default_config(PCMachineConfig *cfg);

/* Builds the machine (once per process). Bad input -- a BIOS of the
 * wrong size, too little RAM, more RAM than the pool holds -- prints a
 * message naming the file or the limit and returns -1 without touching
 * the memory model; 0 on success. */
int pc_machine_init(const PCMachineConfig *cfg);
/* The check pc_machine_init does first: NULL if fine, else why not
 * (static text; "%s"-free so it can be printed as is after the name). */
const char *pc_machine_check_config(const PCMachineConfig *cfg);

typedef enum PCExitReason {
    PC_EXIT_MACHINE,            /* see .machine.reason */
    PC_EXIT_NO_BOOTABLE_DEVICE, /* the BIOS said "No bootable device" */
    PC_EXIT_GUEST_RESET,        /* reset request with no_reboot */
} PCExitReason;

typedef struct PCRunResult {
    PCExitReason reason;
    MachineRunResult machine; /* insns always valid */
    int64_t virtual_ns;       /* the virtual clock at the end */
    unsigned resets;          /* guest resets performed so far */
} PCRunResult;

/* Runs the CPU in slices bounded by the next timer deadline, fires
 * timers, polls console input; stops at a debug exit, a triple fault, a
 * halt nothing can wake, "No bootable device", or after budget
 * instructions (0: none). May be called again to go on. */
PCRunResult pc_machine_run(uint64_t budget);
/* One line describing a result. */
void pc_describe_result(const PCRunResult *res, char *buf, size_t size);

/* The machine's parts, for tests and the kernel's monitor. */
PCISADevices *pc_machine_devices(void);
I440FXState *pc_machine_i440fx(void);    /* NULL on isapc */
PIIX3State *pc_machine_piix3(void);      /* NULL on isapc */
PCIHostState *pc_machine_pci_host(void); /* NULL on isapc */
VGACommonState *pc_machine_vga(void);    /* NULL without --vga */
/* --display=ansi: draws what changed now (the run does this itself at
 * PC_DISPLAY_HZ and when it stops); finish leaves the terminal with
 * default colours below the screen, for the lines that follow. */
void pc_display_refresh(bool force);
void pc_display_finish(void);
X86CPU *pc_machine_cpu(void);
/* IDE channel 0 or 1 (PIIX3 IDE on pc, the ISA channels on isapc). */
IDEBus *pc_machine_ide_bus(int channel);
/* True if boot_order holds only letters QEMU's -boot order takes. */
bool pc_boot_order_valid(const char *order);
/* Machine reset: CPU, devices, PAM/SMRAM; RAM and CMOS stay. */
void pc_machine_reset(void);

/* QEMU's rom_add_option(): offers an option-ROM image to the BIOS as the
 * fw_cfg file "genroms/NAME" (SeaBIOS copies it to the option-ROM area
 * and runs it); bootindex >= 0 also lists "/rom@genroms/NAME" in the
 * fw_cfg "bootorder" file, lowest index first. The data is not copied:
 * it must outlive the machine. Returns 0, or -1 after printing why (not
 * an option ROM, larger than the area, no fw_cfg slot left). */
int pc_machine_add_option_rom(const char *name, const uint8_t *data,
                              size_t size, int bootindex);

/* ---- multiboot (v1) loader, QEMU's hw/i386/multiboot.c semantics ---- */

#define MULTIBOOT_HEADER_MAGIC     0x1BADB002u
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002u
#define MULTIBOOT_SEARCH           8192

/* Where the loader puts its info block, memory map and command line:
 * low memory, below the EBDA (a kernel loaded there is refused). */
#define MULTIBOOT_INFO_ADDR 0x9000u
#define MULTIBOOT_INFO_END  0xa000u

typedef struct MultibootLoadInfo {
    uint32_t entry;
    uint32_t load_start; /* guest physical range of the image */
    uint32_t load_end;   /* exclusive, bss included */
    uint32_t info_addr;  /* EBX */
    bool elf;            /* ELF (else the a.out kludge) */
} MultibootLoadInfo;

/* Validates and loads a multiboot image into guest RAM of the running
 * machine (after pc_machine_init), builds the info block (mem_lower/
 * upper, mmap, cmdline, boot loader name) and puts the CPU in flat 32-bit
 * protected mode at the entry with EAX = 0x2BADB002, EBX = info.
 * Returns 0, or -1 after printing why (naming `name`): not multiboot,
 * bad checksum, truncated, outside RAM, overlapping the info area. */
int multiboot_load(const uint8_t *image, size_t size, const char *name,
                   const char *cmdline, MultibootLoadInfo *out);

/* QEMU's way (hw/i386/multiboot.c + multiboot_dma.bin): the size of the
 * buffer the kernel is handed over in -- image, bss, command line "NAME
 * CMDLINE" and the loader's name, page aligned -- or -1 after printing
 * why the image is refused. Needs no machine (the RAM is checked later). */
int multiboot_fw_cfg_size(const uint8_t *image, size_t size, const char *name,
                          const char *cmdline, size_t *blob_size);
/* Fills blob (blob_size from multiboot_fw_cfg_size; it must outlive the
 * machine) and offers it and the info block as fw_cfg items (KERNEL_*,
 * INITRD_* as QEMU); the info block goes at 0x9500 (its map at 0x9000) or,
 * when the image covers that, to another low place the image does not
 * cover. The option ROM is the caller's (pc_machine_add_option_rom).
 * Returns 0, or -1 after printing why. Guest RAM is not touched. */
int multiboot_load_fw_cfg(const uint8_t *image, size_t size, const char *name,
                          const char *cmdline, uint8_t *blob, size_t blob_size,
                          MultibootLoadInfo *out);

/* ---- Linux boot protocol loader, QEMU's x86_load_linux ---- */

#define LINUX_HDRS_MAGIC 0x53726448u /* "HdrS" at 0x202 */

/* Which limit a refused kernel ran into (for the figures of the message). */
typedef enum LinuxLimit {
    LINUX_LIMIT_NONE,
    LINUX_LIMIT_PROTOCOL, /* older than 2.00 */
    LINUX_LIMIT_CMDLINE,  /* longer than cmdline_size */
    LINUX_LIMIT_INITRD,   /* above initrd_addr_max / RAM, or on the kernel */
    LINUX_LIMIT_RAM,      /* the kernel itself does not fit */
    LINUX_LIMIT_INIT,     /* pref_address + init_size beyond RAM */
} LinuxLimit;

typedef struct LinuxLoadInfo {
    uint16_t protocol;     /* 0x200 = 2.00 */
    uint32_t real_addr;    /* setup code (real-mode part) */
    uint32_t cmdline_addr; /* command line; the heap ends 512 bytes below */
    uint32_t cmdline_room; /* bytes kept for it (strlen + 16, aligned) */
    uint32_t cmdline_max;  /* the kernel's cmdline_size */
    uint32_t prot_addr;    /* protected-mode kernel */
    uint32_t setup_size, kernel_size;
    uint32_t initrd_max; /* highest initrd byte (kernel's and RAM's limit) */
    uint32_t initrd_addr, initrd_size;
    uint64_t init_end; /* pref_address + init_size (2.10+), else 0 */
    LinuxLimit limit;
} LinuxLoadInfo;

/* True if the image has a Linux setup header ("HdrS"). */
bool x86_is_linux_kernel(const uint8_t *image, size_t size);

/* QEMU's choice of addresses for a kernel of `size` bytes on a PC with
 * ram_size bytes below 4 GiB: NULL and *li filled, or why not (static
 * text; li->limit says which limit). Touches nothing. */
const char *x86_linux_plan(const uint8_t *image, size_t size,
                           size_t cmdline_len, size_t initrd_size,
                           uint64_t ram_size, LinuxLoadInfo *li);
/* Fills the header fields a boot loader must fill (command line pointer,
 * type_of_loader, heap_end_ptr and CAN_USE_HEAP, the initrd) in setup. */
void x86_linux_fill_header(uint8_t *setup, const LinuxLoadInfo *li);

/* Plans the kernel for the running machine, fills its header in place
 * (the image must be the caller's writable copy) and offers setup,
 * kernel, initrd and command line as fw_cfg items for an option ROM
 * (linuxboot_dma.bin). None of the data is copied: it must outlive the
 * machine. Returns 0, or -1 after printing why, naming the file and the
 * limit. */
int x86_load_linux(uint8_t *kernel, size_t kernel_size, const char *name,
                   const uint8_t *initrd, size_t initrd_size,
                   const char *initrd_name, const char *cmdline,
                   LinuxLoadInfo *out);

#endif /* BMX_MACHINE_PC_BLOCK_H */
/* ---- end of the PCs ---- */
