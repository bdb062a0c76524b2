/*
 * The PCs, as QEMU's hw/i386/pc.c, pc_piix.c and x86.c build them:
 *
 *  isapc: RAM from 0 ("ram-below-4g"), the VGA window stub and the
 *         option-ROM area on top of it, the BIOS as writable RAM (a copy
 *         of the image) at the top of 4 GiB with its last 128 KiB aliased
 *         below 1 MiB -- SeaBIOS relocates into its own segment.
 *  pc:    the same with a "pci" memory space under system memory holding
 *         the ROMs (BIOS executed in place, read-only), the i440FX's PAM
 *         aliases and SMRAM over 0xA0000-0xFFFFF, the PIIX3, config
 *         mechanism #1 and a CPU SMM address space.
 *
 * Both get pc_isa_init()'s devices and fw_cfg. The run loop lives in
 * pc-run.c.
 */
#include "pc-internal.h"

#define KiB          1024u
#define MiB          (1024u * 1024u)
#define ISA_BIOS_MAX (128 * KiB)

PCMachineState pcms;

/* fw_cfg data must outlive the machine. */
static uint8_t fw_boot_fail_wait[4];
static uint8_t fw_sercon_port[2];
/* fw_cfg "bootorder": one device path per line, lowest bootindex first. */
#define PC_BOOTORDER_MAX 8
static struct {
    char paths[PC_BOOTORDER_MAX][FW_CFG_MAX_FILE_PATH + 8];
    int index[PC_BOOTORDER_MAX];
    unsigned count;
    char text[PC_BOOTORDER_MAX * (FW_CFG_MAX_FILE_PATH + 8) + 1];
} pc_boot;

void pc_machine_default_config(PCMachineConfig *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->type = PC_MACHINE_PC;
    cfg->bios_name = "BIOS image";
    cfg->ram_size = 16 * MiB;
    cfg->cpu_level = 0; /* the machine's default (pc_default_cpu) */
    cfg->icount_shift = 3;
    cfg->stop_on_no_boot = true;
    cfg->fw_cfg_dma = true; /* as QEMU's pc: SeaBIOS loads faster with it */
    cfg->input = PC_INPUT_SERIAL;
    cfg->rtc_epoch = 1704067200; /* 2024-01-01 00:00:00 UTC */
}

static uint64_t pc_isa_bios_size(size_t bios_size)
{
    return MIN((uint64_t)bios_size, (uint64_t)ISA_BIOS_MAX);
}

/* Pool bytes the machine will take: RAM and pc.rom, plus the BIOS copy
 * on isapc. */
static uint64_t pc_pool_needed(const PCMachineConfig *cfg)
{
    uint64_t n = TARGET_PAGE_ALIGN(cfg->ram_size) + PC_ROM_SIZE;
    if (cfg->type == PC_MACHINE_ISAPC) {
        n += TARGET_PAGE_ALIGN((uint64_t)cfg->bios_size);
    }
    if (cfg->vga) {
        n += VGA_VRAM_SIZE;
    }
    if (cfg->testdev) {
        n += PC_TESTDEV_IOMEM_SIZE;
    }
    return n;
}

static const char *pc_check_bios(const PCMachineConfig *cfg)
{
    if (!cfg->bios || !cfg->bios_size) {
        return "no BIOS image given";
    }
    if (cfg->bios_size < PC_BIOS_MIN_SIZE) {
        return "BIOS image is too small (truncated?): it must be a "
               "multiple of 64 KiB from 64 KiB to 256 KiB";
    }
    if (cfg->bios_size > PC_BIOS_MAX_SIZE) {
        return "BIOS image is too large: at most 256 KiB";
    }
    if (cfg->bios_size % (64 * KiB)) {
        return "BIOS image size is not a multiple of 64 KiB (truncated?)";
    }
    return NULL;
}

static const char *pc_check_machine(const PCMachineConfig *cfg)
{
    if (cfg->ram_size % (64 * KiB)) {
        return "RAM size must be a multiple of 64 KiB";
    }
    if (cfg->type == PC_MACHINE_ISAPC && cfg->ram_size < 640 * KiB) {
        return "isapc needs at least 640 KiB of RAM";
    }
    if (cfg->type == PC_MACHINE_PC && cfg->ram_size < 1 * MiB) {
        return "pc needs at least 1 MiB of RAM";
    }
    if (cfg->ram_size > PC_RAM_MAX) {
        return "RAM size is above the 3.5 GiB a 32-bit PC maps";
    }
    if (cfg->icount_shift < 0 || cfg->icount_shift > 20) {
        return "icount shift must be 0..20";
    }
    for (int i = 0; i < PC_MAX_IDE_DRIVES; i++) {
        if (cfg->ide[i].present && !cfg->ide[i].cdrom && !cfg->ide[i].blk) {
            return "an IDE disk needs an image (only a CD drive may be empty)";
        }
    }
    if (cfg->boot_order && !pc_boot_order_valid(cfg->boot_order)) {
        return "the boot order takes up to 3 different letters of a, b, c, "
               "d, n";
    }
    if (cfg->vga && cfg->vga_rom &&
        (cfg->vga_rom_size < 512 || cfg->vga_rom_size > PC_ROM_SIZE ||
         cfg->vga_rom[0] != 0x55 || cfg->vga_rom[1] != 0xaa)) {
        return "the VGA BIOS is not an option ROM (no 55 AA signature, or "
               "not 512 bytes to 128 KiB)";
    }
    if (cfg->vga && cfg->vga_rom &&
        strlen(cfg->vga_rom_name ? cfg->vga_rom_name : "") + 9 >
            FW_CFG_MAX_FILE_PATH) {
        return "the VGA BIOS's name is longer than a fw_cfg file name";
    }
    if (pc_pool_needed(cfg) > qemu_ram_pool_free()) {
        return "RAM size is larger than the RAM pool of this board";
    }
    /* RAM, pc.rom and the BIOS are RAMBlocks: they take RAM address
     * space. */
    if (TARGET_PAGE_ALIGN(cfg->ram_size) + PC_ROM_SIZE +
            TARGET_PAGE_ALIGN((uint64_t)cfg->bios_size) +
            (cfg->vga ? VGA_VRAM_SIZE : 0) >
        qemu_ram_addr_space_free()) {
        return "RAM size is larger than the RAM address space of this build "
               "(BMX_RAM_ADDR_SPACE_MIB)";
    }
    return NULL;
}

const char *pc_machine_check_config(const PCMachineConfig *cfg)
{
    const char *why = pc_check_bios(cfg);
    return why ? why : pc_check_machine(cfg);
}

/* ---- a stub for the VGA window ---- */

static uint64_t pc_stub_read(void *opaque, hwaddr addr, unsigned size)
{
    uintptr_t fill = (uintptr_t)opaque;
    (void)addr;
    return fill ? ~(uint64_t)0 >> (64 - 8 * size) : 0;
}

static void pc_stub_write(void *opaque, hwaddr addr, uint64_t val,
                          unsigned size)
{
    (void)opaque, (void)addr, (void)val, (void)size;
}

static const MemoryRegionOps pc_stub_ops = {
    .read = pc_stub_read,
    .write = pc_stub_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 8, .unaligned = true},
    .impl = {.min_access_size = 1, .max_access_size = 8, .unaligned = true},
};

/* ---- lines between the devices and the CPU ---- */

static void pc_set_cpu_intr(int level)
{
    CPUState *cs = &machine_cpu.parent_obj;
    if (level) {
        cpu_interrupt(cs, CPU_INTERRUPT_HARD);
    } else {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_HARD);
    }
}

/* The 8259's INTR: to the CPU, or to the local APIC's LINT0 */
static void pc_cpu_intr(void *opaque, int n, int level)
{
    (void)opaque, (void)n;
    if (pcms.has_apic) {
        apic_deliver_pic_intr(&pcms.lapic, level);
    } else {
        pc_set_cpu_intr(level);
    }
}

static void pc_lapic_intr(void *opaque, int n, int level)
{
    (void)opaque, (void)n;
    pc_set_cpu_intr(level);
}

static void pc_lapic_nmi(void *opaque, int n, int level)
{
    (void)opaque, (void)n;
    if (level) {
        cpu_interrupt(&machine_cpu.parent_obj, CPU_INTERRUPT_NMI);
    }
}

/* INTA: the local APIC first, then the 8259 if LINT0 lets it through
 * (QEMU's cpu_get_pic_interrupt) */
static int pc_get_pic_interrupt(void *opaque)
{
    if (pcms.has_apic) {
        int v = apic_get_interrupt(&pcms.lapic);
        if (v >= 0) {
            return v;
        }
        if (!apic_accept_pic_intr(&pcms.lapic)) {
            return -1;
        }
    }
    return pic_read_irq(opaque);
}

static uint64_t pc_set_apic_base(void *opaque, uint64_t val)
{
    APICState *s = opaque;
    apic_set_base(s, val);
    return s->apic_base;
}

/* FERR# of the x87 to ISA IRQ 13 (QEMU's ferr_irq), IGNNE# from port
 * 0xF0 back to the CPU (QEMU's cpu_set_ignne). */
static void pc_set_ferr(void *opaque, int level)
{
    (void)opaque;
    qemu_set_irq(pc_isa_irq(&pcms.devs, 13), level);
}

static void pc_ignne(void *opaque, int n, int level)
{
    (void)opaque, (void)n;
    if (level) {
        x86_cpu_set_ignne(&machine_cpu);
    }
}

static void pc_a20(void *opaque, int n, int level)
{
    (void)opaque, (void)n;
    cpu_x86_set_a20(&machine_cpu, level != 0);
}

static void pc_reset_line(void *opaque, int n, int level)
{
    (void)opaque, (void)n;
    if (level) {
        pcms.reset_pending = true;
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    }
}

static void pc_debug_exit(void *opaque, int status)
{
    (void)opaque, (void)status;
    cpu_exit(&machine_cpu.parent_obj);
}

/* ---- memory map ---- */

static void pc_map_bios(const PCMachineConfig *cfg, MemoryRegion *rom_memory)
{
    uint64_t isa_size = pc_isa_bios_size(cfg->bios_size);
    bool ram_fw = cfg->type == PC_MACHINE_ISAPC;

    if (ram_fw) {
        /* QEMU's isapc: the BIOS is RAM, so it can write its own data. */
        memory_region_init_ram(&pcms.bios, NULL, "pc.bios", cfg->bios_size,
                               NULL);
        memcpy(memory_region_get_ram_ptr(&pcms.bios), cfg->bios,
               cfg->bios_size);
    } else {
        /* Executed in place: on a board the image stays in flash. */
        memory_region_init_ram_ptr(&pcms.bios, NULL, "pc.bios", cfg->bios_size,
                                   (void *)(uintptr_t)cfg->bios);
        memory_region_set_readonly(&pcms.bios, true);
    }
    memory_region_add_subregion(
        rom_memory, ((uint64_t)1 << 32) - cfg->bios_size, &pcms.bios);
    memory_region_init_alias(&pcms.isa_bios, NULL, "isa-bios", &pcms.bios,
                             cfg->bios_size - isa_size, isa_size);
    if (!ram_fw) {
        memory_region_set_readonly(&pcms.isa_bios, true);
    }
    memory_region_add_subregion_overlap(rom_memory, 1 * MiB - isa_size,
                                        &pcms.isa_bios, 1);
}

static void pc_memory_init(const PCMachineConfig *cfg)
{
    MemoryRegion *sys = get_system_memory();
    MemoryRegion *rom_memory = sys;

    memory_region_init_ram(&pcms.ram, NULL, "pc.ram", cfg->ram_size, NULL);
    memory_region_init_alias(&pcms.ram_below_4g, NULL, "ram-below-4g",
                             &pcms.ram, 0, cfg->ram_size);
    memory_region_add_subregion(sys, 0, &pcms.ram_below_4g);

    if (cfg->type == PC_MACHINE_PC) {
        memory_region_init(&pcms.pci_memory, NULL, "pci", UINT64_MAX);
        memory_region_add_subregion_overlap(sys, 0, &pcms.pci_memory, -1);
        rom_memory = &pcms.pci_memory;
    }
    if (cfg->vga) {
        /* QEMU's isa-vga: VRAM is a RAMBlock the window reaches only
         * through the planes logic, so it is not mapped itself.
         * Deviation D48: an ISA VGA on pc too (QEMU's is PCI there). */
        memory_region_init_ram(&pcms.vga_vram, NULL, "vga.vram", VGA_VRAM_SIZE,
                               NULL);
        vga_common_init(&pcms.vga, memory_region_get_ram_ptr(&pcms.vga_vram),
                        VGA_VRAM_SIZE);
        vga_init(&pcms.vga, rom_memory, get_system_io(), 1);
    } else {
        /* No VGA card: its window reads all ones and drops writes. */
        memory_region_init_io(&pcms.vga_stub, NULL, &pc_stub_ops, (void *)1,
                              "vga-lowmem", 128 * KiB);
        memory_region_add_subregion_overlap(rom_memory, 0xa0000, &pcms.vga_stub,
                                            1);
    }
    /* QEMU's "pc.rom": 128 KiB of RAM for option ROMs at 0xC0000. SeaBIOS
     * copies the fw_cfg "genroms/" files into it (isapc) or into the RAM
     * the PAM segments shadow over it (pc, where it is read-only). */
    memory_region_init_ram(&pcms.option_rom, NULL, "pc.rom", PC_ROM_SIZE, NULL);
    if (cfg->type == PC_MACHINE_PC) {
        memory_region_set_readonly(&pcms.option_rom, true);
    }
    memory_region_add_subregion_overlap(rom_memory, PC_ROM_MIN_VGA,
                                        &pcms.option_rom, 1);
    pc_map_bios(cfg, rom_memory);
}

/* The CPU's SMM view: system memory with i440FX's "smram" on top. */
static void pc_smm_init(void)
{
    CPUState *cs = &machine_cpu.parent_obj;

    memory_region_init(&pcms.smm_root, NULL, "memory", UINT64_MAX);
    memory_region_init_alias(&pcms.smm_sys_alias, NULL, "memory",
                             get_system_memory(), 0, UINT64_MAX);
    memory_region_add_subregion_overlap(&pcms.smm_root, 0, &pcms.smm_sys_alias,
                                        0);
    memory_region_init_alias(&pcms.smm_smram_alias, NULL, "smram",
                             &pcms.i440fx.smram, 0, (uint64_t)1 << 32);
    memory_region_add_subregion_overlap(&pcms.smm_root, 0,
                                        &pcms.smm_smram_alias, 1);
    cpu_address_space_init(cs, 1, "cpu-smm", &pcms.smm_root);
    cs->as_smm = cpu_get_address_space(cs, 1);
}

static void pc_fw_cfg_extra(const PCMachineConfig *cfg)
{
    FWCfgState *fw = &pcms.devs.fw_cfg;

    /* QEMU's default reboot-timeout -1: SeaBIOS waits forever after
     * "No bootable device." instead of rebooting after 60 s. */
    stl_le_p(fw_boot_fail_wait, 0xffffffffu);
    fw_cfg_add_file(fw, "etc/boot-fail-wait", fw_boot_fail_wait, 4);
    if (cfg->sercon) {
        stw_le_p(fw_sercon_port, 0x3f8);
        fw_cfg_add_file(fw, "etc/sercon-port", fw_sercon_port, 2);
    }
    if (cfg->boot_menu) {
        fw_cfg_add_i16(fw, FW_CFG_BOOT_MENU, 1);
    }
    if (cfg->vga && cfg->vga_rom) {
        /* QEMU's rom_add_vga(): SeaBIOS's vga_setup() runs "vgaroms/"
         * files when no PCI VGA is found (ours is ISA on both PCs). */
        static char name[FW_CFG_MAX_FILE_PATH];
        const char *base =
            cfg->vga_rom_name ? cfg->vga_rom_name : "vgabios.bin";
        memcpy(name, "vgaroms/", 8);
        memcpy(name + 8, base, strlen(base) + 1);
        fw_cfg_add_file(fw, name, cfg->vga_rom, cfg->vga_rom_size);
    }
}

/* A P6 on the pc machine has a local APIC, and the pc an I/O APIC, as
 * QEMU's pc with a P6 CPU; the isapc and older CPUs have neither. */
static void pc_apic_init(const PCMachineConfig *cfg)
{
    X86CPU *cpu = &machine_cpu;

    pcms.has_apic = cfg->type == PC_MACHINE_PC && cpu->env.level >= X86_CPU_686;
    if (!pcms.has_apic) {
        return;
    }
    qemu_init_irq(&pcms.lapic_intr, pc_lapic_intr, NULL, 0);
    qemu_init_irq(&pcms.lapic_nmi, pc_lapic_nmi, NULL, 0);
    apic_init(&pcms.lapic, get_system_memory(), &pcms.lapic_intr,
              &pcms.lapic_nmi);
    ioapic_init(&pcms.ioapic, get_system_memory(), &pcms.lapic);
    pc_isa_set_ioapic(&pcms.devs, &pcms.ioapic);
    cpu->set_apic_base = pc_set_apic_base;
    cpu->apic_opaque = &pcms.lapic;
    cpu->env.cpuid_features |= CPUID_APIC;
    cpu->env.apic_base = pcms.lapic.apic_base;
    /* the 8259 may be asserting already (the PIT's reset) */
    apic_deliver_pic_intr(&pcms.lapic, pic_get_output(&pcms.devs.pic));
}

/* As QEMU's: the pc has a family-6 CPU with a local APIC (qemu32 there,
 * the Pentium II here: Debian's 686 kernels need its CMOV and x87); the
 * isapc keeps a CPU without an APIC (QEMU's 486, here the Pentium). */
static X86CPULevel pc_default_cpu(const PCMachineConfig *cfg)
{
    return cfg->type == PC_MACHINE_PC ? X86_CPU_686 : X86_CPU_586;
}

int pc_machine_init(const PCMachineConfig *cfg)
{
    const char *why = pc_check_bios(cfg);
    PCISAConfig isa;
    X86CPU *cpu = &machine_cpu;

    if (why) {
        qemu_printf("bmx86: %s: %s (it is %lu bytes)\n",
                    cfg->bios_name ? cfg->bios_name : "BIOS image", why,
                    (unsigned long)cfg->bios_size);
        return -1;
    }
    why = pc_check_machine(cfg);
    if (why) {
        qemu_printf("bmx86: %s machine: %s (RAM %lu KiB asked, RAM pool "
                    "%lu KiB free, RAM address space %lu KiB free)\n",
                    cfg->type == PC_MACHINE_PC ? "pc" : "isapc", why,
                    (unsigned long)(cfg->ram_size / KiB),
                    (unsigned long)(qemu_ram_pool_free() / KiB),
                    (unsigned long)(qemu_ram_addr_space_free() / KiB));
        return -1;
    }
    if (pcms.ready) {
        qemu_printf("bmx86: the PC machine exists already (one per run)\n");
        return -1;
    }
    pcms.cfg = *cfg;
    pcms.ready = true;

    machine_core_init(cfg->cpu_level ? cfg->cpu_level : pc_default_cpu(cfg));
    qemu_clock_init(cfg->icount_shift);
    /* The CPU is reset before the devices, as QEMU's reset handlers run
     * (the CPU's is registered first): a line a device raises while it
     * resets -- the PIT's IRQ0 through the PIC -- must survive. */
    cpu->get_pic_interrupt = pc_get_pic_interrupt;
    cpu->pic_opaque = &pcms.devs.pic;
    x86_cpu_reset(cpu);
    cpu_x86_set_a20(cpu, 1);
    pc_memory_init(cfg);

    qemu_init_irq(&pcms.cpu_intr, pc_cpu_intr, NULL, 0);
    qemu_init_irq(&pcms.a20_line, pc_a20, NULL, 0);
    qemu_init_irq(&pcms.reset_line, pc_reset_line, NULL, 0);
    qemu_init_irq(&pcms.ignne_line, pc_ignne, NULL, 0);
    cpu->set_ferr = pc_set_ferr;
    memset(&isa, 0, sizeof(isa));
    isa.cpu_intr = &pcms.cpu_intr;
    isa.a20 = &pcms.a20_line;
    isa.reset = &pcms.reset_line;
    isa.ignne = &pcms.ignne_line;
    isa.serial_write = pc_serial_out;
    isa.debugcon_sink = pc_debugcon_out;
    isa.debug_exit = pc_debug_exit;
    isa.rtc_time = cfg->rtc_time;
    isa.rtc_opaque = cfg->rtc_opaque;
    isa.rtc_epoch = cfg->rtc_epoch;
    isa.ram_below_4g = cfg->ram_size;
    isa.cpus = 1;
    /* fw_cfg DMA is on by default as on QEMU's pc (cfg->fw_cfg_dma);
     * without it SeaBIOS falls back to the byte-wise I/O interface. */
    isa.dma_as = cfg->fw_cfg_dma ? &address_space_memory : NULL;
    pc_isa_init(&pcms.devs, get_system_io(), &isa);
    if (cfg->testdev) {
        qemu_irq irqs[PC_TESTDEV_IRQS];
        for (int i = 0; i < PC_TESTDEV_IRQS; i++) {
            irqs[i] = pc_isa_irq(&pcms.devs, i);
        }
        memory_region_init_ram(&pcms.testdev_buf, NULL, "pc-testdev.buf",
                               PC_TESTDEV_IOMEM_SIZE, NULL);
        pc_testdev_init(&pcms.testdev, get_system_io(),
                        cfg->type == PC_MACHINE_PC ? &pcms.pci_memory
                                                   : get_system_memory(),
                        memory_region_get_ram_ptr(&pcms.testdev_buf), irqs);
    }
    pc_fw_cfg_extra(cfg);
    pc_apic_init(cfg);

    if (cfg->type == PC_MACHINE_PC) {
        pci_host_init(&pcms.pci_host, get_system_io());
        i440fx_init(&pcms.i440fx, &pcms.pci_host.bus, get_system_memory(),
                    &pcms.pci_memory, &pcms.ram, cfg->ram_size);
        piix3_init(&pcms.piix3, &pcms.pci_host.bus, get_system_io(),
                   &pcms.devs.pic, &pcms.reset_line);
        pcms.piix3.isa = &pcms.devs;
        pc_smm_init();
    }
    pc_ide_init(cfg);

    return 0;
}

void pc_machine_reset(void)
{
    CPUState *cs = &machine_cpu.parent_obj;

    bmx_assert(pcms.ready);
    /* CPU first, then the devices (QEMU's order, see pc_machine_init):
     * the devices' reset sets the CPU's INTR line to what they hold. */
    cpu_reset_interrupt(cs, CPU_INTERRUPT_HARD);
    x86_cpu_reset(&machine_cpu);
    cpu_x86_set_a20(&machine_cpu, 1);
    cs->halted = 0;
    if (pcms.has_apic) {
        apic_reset(&pcms.lapic);
        ioapic_reset(&pcms.ioapic);
        machine_cpu.env.apic_base = pcms.lapic.apic_base;
    }
    pc_isa_reset(&pcms.devs);
    if (pcms.cfg.vga) {
        vga_common_reset(&pcms.vga);
    }
    if (pcms.cfg.type == PC_MACHINE_PC) {
        i440fx_system_reset(&pcms.i440fx);
        piix3_reset(&pcms.piix3);
    }
    pc_ide_reset();
}

/* Rebuilds the "bootorder" text after a path was inserted in order. */
static void pc_bootorder_update(void)
{
    FWCfgState *fw = &pcms.devs.fw_cfg;
    size_t len = 0;

    for (unsigned i = 0; i < pc_boot.count; i++) {
        size_t n = strlen(pc_boot.paths[i]);
        memcpy(pc_boot.text + len, pc_boot.paths[i], n);
        len += n;
        pc_boot.text[len++] = '\n';
    }
    pc_boot.text[len++] = 0; /* QEMU's file ends in a NUL too */
    fw_cfg_modify_file(fw, "bootorder", pc_boot.text, len);
}

int pc_bootorder_add(const char *path, int bootindex)
{
    unsigned i;

    if (pc_boot.count >= PC_BOOTORDER_MAX ||
        strlen(path) >= sizeof(pc_boot.paths[0])) {
        qemu_printf("bmx86: boot order: no room for \"%s\" (at most %d "
                    "entries)\n",
                    path, PC_BOOTORDER_MAX);
        return -1;
    }
    i = pc_boot.count;
    while (i > 0 && pc_boot.index[i - 1] > bootindex) {
        memcpy(pc_boot.paths[i], pc_boot.paths[i - 1],
               sizeof(pc_boot.paths[0]));
        pc_boot.index[i] = pc_boot.index[i - 1];
        i--;
    }
    memset(pc_boot.paths[i], 0, sizeof(pc_boot.paths[0]));
    memcpy(pc_boot.paths[i], path, strlen(path));
    pc_boot.index[i] = bootindex;
    pc_boot.count++;
    pc_bootorder_update();
    return 0;
}

int pc_machine_add_option_rom(const char *name, const uint8_t *data,
                              size_t size, int bootindex)
{
    char file[FW_CFG_MAX_FILE_PATH];
    char path[FW_CFG_MAX_FILE_PATH + 8];
    FWCfgState *fw = &pcms.devs.fw_cfg;

    bmx_assert(pcms.ready);
    /* SeaBIOS skips a file without the signature; say so here instead. */
    if (size < 512 || data[0] != 0x55 || data[1] != 0xaa) {
        qemu_printf("bmx86: option ROM %s: not an option ROM (no 55 AA "
                    "signature in its first bytes)\n",
                    name);
        return -1;
    }
    if (size > PC_ROM_SIZE) {
        qemu_printf("bmx86: option ROM %s: %lu bytes, larger than the %u KiB "
                    "option-ROM area\n",
                    name, (unsigned long)size, PC_ROM_SIZE / KiB);
        return -1;
    }
    if (strlen(name) + sizeof("genroms/") > sizeof(file)) {
        qemu_printf("bmx86: option ROM %s: name longer than fw_cfg's %d "
                    "bytes\n",
                    name, FW_CFG_MAX_FILE_PATH - 1);
        return -1;
    }
    memcpy(file, "genroms/", 8);
    memcpy(file + 8, name, strlen(name) + 1);
    if (fw_cfg_file_key(fw, file) != FW_CFG_INVALID ||
        bswap32(fw->files.count) >= FW_CFG_FILE_SLOTS) {
        qemu_printf("bmx86: option ROM %s: given twice or no fw_cfg file "
                    "slot left (FW_CFG_FILE_SLOTS %d)\n",
                    name, FW_CFG_FILE_SLOTS);
        return -1;
    }
    fw_cfg_add_file(fw, file, data, size);
    if (bootindex >= 0) {
        memcpy(path, "/rom@", 5);
        memcpy(path + 5, file, strlen(file) + 1);
        return pc_bootorder_add(path, bootindex);
    }
    return 0;
}

PCISADevices *pc_machine_devices(void)
{
    return pcms.ready ? &pcms.devs : NULL;
}

I440FXState *pc_machine_i440fx(void)
{
    return pcms.ready && pcms.cfg.type == PC_MACHINE_PC ? &pcms.i440fx : NULL;
}

PIIX3State *pc_machine_piix3(void)
{
    return pcms.ready && pcms.cfg.type == PC_MACHINE_PC ? &pcms.piix3 : NULL;
}

PCIHostState *pc_machine_pci_host(void)
{
    return pcms.ready && pcms.cfg.type == PC_MACHINE_PC ? &pcms.pci_host : NULL;
}

VGACommonState *pc_machine_vga(void)
{
    return pcms.ready && pcms.cfg.vga ? &pcms.vga : NULL;
}

X86CPU *pc_machine_cpu(void)
{
    return &machine_cpu;
}
