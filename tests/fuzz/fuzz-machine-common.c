/*
 * Shared by the harnesses that need a whole machine (see fuzz-machine.h).
 * The ROM stub for the protected-mode variants (F000 segment offsets;
 * the last 64 KiB of the ROM appear at 0xF0000):
 *   FFF0  jmp far F000:F000 (real-mode variant: jmp far 1000:0000)
 *   F000  cli; o32 lgdt cs:[F218]; CR0.PE = 1; jmp far 0008:000FF100
 *   F100  DS..GS = SS = 0x10; ESP = 0x80000; jmp to 0x10000 (code) or
 *         0x8000 (the paging trampoline the harness writes to RAM)
 *   F200  GDT: null, flat code 0x08, flat data 0x10; F218 its pointer
 *   FF00  IRET: every real-mode vector points here (traps go on)
 * The paged variant's tables are in RAM: directory 0x1000, one table
 * 0x2000 mapping the first 2 MiB to themselves (the rest not present).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-machine.h"
#include "machine/pc-internal.h"
#include "memory/memory.h"
#include "tcg/tcg.h"

uint8_t fuzz_rom[FUZZ_ROM_SIZE] __attribute__((aligned(4096)));
static uint8_t rom_copy[FUZZ_ROM_SIZE];
static FuzzMachineKind machine_kind;
static bool ready;

#define SEG_OFF(o) (FUZZ_ROM_SIZE - 0x10000u + (o))

static const uint8_t stub16[] = {
    0xfa,                                           /* cli */
    0x66, 0x2e, 0x0f, 0x01, 0x16, 0x18, 0xf2,       /* o32 lgdt cs:[0xf218] */
    0x0f, 0x20, 0xc0,                               /* mov eax, cr0 */
    0x0c, 0x01,                                     /* or al, 1 */
    0x0f, 0x22, 0xc0,                               /* mov cr0, eax */
    0x66, 0xea, 0x00, 0xf1, 0x0f, 0x00, 0x08, 0x00, /* jmp 0008:000ff100 */
};

static const uint8_t stub32[] = {
    0xb8, 0x10, 0x00, 0x00, 0x00, /* mov eax, 0x10 */
    0x8e, 0xd8,                   /* mov ds, ax */
    0x8e, 0xc0,                   /* mov es, ax */
    0x8e, 0xd0,                   /* mov ss, ax */
    0x8e, 0xe0,                   /* mov fs, ax */
    0x8e, 0xe8,                   /* mov gs, ax */
    0xbc, 0x00, 0x00, 0x08, 0x00, /* mov esp, 0x80000 */
    0xb8, 0x00, 0x00, 0x01, 0x00, /* mov eax, 0x10000 (patched) */
    0xff, 0xe0,                   /* jmp eax */
};
#define STUB32_TARGET 21

static const uint8_t paging[] = {
    0xb8, 0x00, 0x10, 0x00, 0x00, /* mov eax, 0x1000 */
    0x0f, 0x22, 0xd8,             /* mov cr3, eax */
    0x0f, 0x20, 0xc0,             /* mov eax, cr0 */
    0x0d, 0x00, 0x00, 0x00, 0x80, /* or eax, 0x80000000 */
    0x0f, 0x22, 0xc0,             /* mov cr0, eax */
    0xb8, 0x00, 0x00, 0x01, 0x00, /* mov eax, 0x10000 */
    0xff, 0xe0,                   /* jmp eax */
};

static const uint8_t gdt[] = {
    0,    0,    0, 0,    0,    0,    0,    0,
    0xff, 0xff, 0, 0,    0,    0x9b, 0xcf, 0, /* 0x08 code32 flat */
    0xff, 0xff, 0, 0,    0,    0x93, 0xcf, 0, /* 0x10 data32 flat */
    23,   0,    0, 0xf2, 0x0f, 0,             /* at F218: limit, base 0xff200 */
};

static void discard_serial(void *opaque, const uint8_t *buf, int len)
{
    (void)opaque;
    (void)buf;
    (void)len;
}

static void discard_debugcon(void *opaque, uint8_t c)
{
    (void)opaque;
    (void)c;
}

void fuzz_machine_setup(FuzzMachineKind kind, bool dma)
{
    size_t pool = FUZZ_RAM_SIZE + (1u << 20);

    if (ready) {
        return;
    }
    ready = true;
    machine_kind = kind;
    qemu_ram_pool_init(aligned_alloc(4096, pool), pool, "fuzz-pool");
    memset(fuzz_rom, 0xf4, sizeof(fuzz_rom));
    if (kind == FUZZ_MACHINE_BARE) {
        bare_machine_init(fuzz_rom, sizeof(fuzz_rom), FUZZ_RAM_SIZE);
        return;
    }
    PCMachineConfig cfg;
    pc_machine_default_config(&cfg);
    cfg.bios = fuzz_rom;
    cfg.bios_size = sizeof(fuzz_rom);
    cfg.bios_name = "fuzz";
    cfg.ram_size = FUZZ_RAM_SIZE;
    cfg.no_reboot = true;
    cfg.stop_on_no_boot = false;
    cfg.fw_cfg_dma = dma;
    cfg.serial_write = discard_serial;
    cfg.debugcon_sink = discard_debugcon;
    if (pc_machine_init(&cfg) < 0) {
        abort();
    }
}

/* RAM is cleared in place (the memory API would check every page for
 * code to invalidate); tb_flush afterwards drops what was translated. The
 * RAM block under address 0 holds all of it (pc: the VGA hole and BIOS
 * area only hide part of it). */
static void clear_ram(void)
{
    MemoryRegionSection sec =
        memory_region_find(get_system_memory(), 0, FUZZ_RAM_SIZE);

    if (!sec.mr || !memory_region_is_ram(sec.mr) ||
        memory_region_size(sec.mr) < sec.offset_within_region + FUZZ_RAM_SIZE) {
        fprintf(stderr, "fuzz: no RAM at 0\n");
        abort();
    }
    memset((uint8_t *)memory_region_get_ram_ptr(sec.mr) +
               sec.offset_within_region,
           0, FUZZ_RAM_SIZE);
}

static void ram_write(uint32_t addr, const void *buf, size_t len)
{
    address_space_write(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                        buf, len);
}

static void write_stub(FuzzStart start)
{
    uint8_t *seg = &fuzz_rom[SEG_OFF(0)];
    static const uint8_t to_stub[] = {0xea, 0x00, 0xf0, 0x00, 0xf0};
    static const uint8_t to_code[] = {0xea, 0x00, 0x00, 0x00, 0x10};

    memcpy(seg + 0xfff0, start == FUZZ_START_REAL ? to_code : to_stub, 5);
    memcpy(seg + 0xf000, stub16, sizeof(stub16));
    memcpy(seg + 0xf100, stub32, sizeof(stub32));
    seg[0xf100 + STUB32_TARGET + 1] = start == FUZZ_START_PAGED ? 0x80 : 0x00;
    seg[0xf100 + STUB32_TARGET + 2] = start == FUZZ_START_PAGED ? 0x00 : 0x01;
    memcpy(seg + 0xf200, gdt, sizeof(gdt));
    seg[0xff00] = 0xcf; /* iret */
}

static void write_low_ram(FuzzStart start)
{
    uint32_t ivt[256];

    for (int v = 0; v < 256; v++) {
        ivt[v] = 0xf000ff00u; /* F000:FF00, the IRET */
    }
    ram_write(0, ivt, sizeof(ivt));
    if (start == FUZZ_START_PAGED) {
        static uint32_t pt[1024];
        uint32_t pde = 0x2000 | 7;
        for (uint32_t i = 0; i < 1024; i++) {
            pt[i] = i * 4096 < FUZZ_RAM_SIZE ? (i * 4096) | 7 : 0;
        }
        ram_write(0x1000, &pde, 4);
        ram_write(0x2000, pt, sizeof(pt));
        ram_write(0x8000, paging, sizeof(paging));
    }
}

void fuzz_machine_load(FuzzStart start, const uint8_t *bytes, size_t len)
{
    CPUState *cs = &machine_cpu.parent_obj;

    memset(fuzz_rom, 0xff, sizeof(fuzz_rom)); /* erased flash */
    if (start == FUZZ_START_IMAGE) {
        len = len > sizeof(fuzz_rom) ? sizeof(fuzz_rom) : len;
        memcpy(fuzz_rom + sizeof(fuzz_rom) - len, bytes, len);
    } else {
        write_stub(start);
    }
    memcpy(rom_copy, fuzz_rom, sizeof(fuzz_rom));
    if (machine_kind == FUZZ_MACHINE_PC) {
        pc_machine_reset();
    } else {
        x86_cpu_reset(&machine_cpu);
        cpu_x86_set_a20(&machine_cpu, 1);
    }
    clear_ram();
    /* ROM and RAM changed behind the memory model's back: drop all code */
    tb_flush(cs);
    if (start != FUZZ_START_IMAGE) {
        write_low_ram(start);
        len = len > FUZZ_CODE_MAX ? FUZZ_CODE_MAX : len;
        ram_write(FUZZ_CODE_RAM, bytes, len);
    }
}

MachineExitReason fuzz_machine_run(uint64_t budget)
{
    if (machine_kind == FUZZ_MACHINE_PC) {
        PCRunResult r = pc_machine_run(budget);
        return r.machine.reason;
    }
    return machine_run(budget).reason;
}

void fuzz_rom_check(void)
{
    if (memcmp(rom_copy, fuzz_rom, sizeof(fuzz_rom)) != 0) {
        for (size_t i = 0; i < sizeof(fuzz_rom); i++) {
            if (rom_copy[i] != fuzz_rom[i]) {
                fprintf(stderr,
                        "fuzz: the guest changed the ROM image at "
                        "offset 0x%zx\n",
                        i);
                break;
            }
        }
        abort();
    }
}
