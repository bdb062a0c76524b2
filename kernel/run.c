/*
 * Running a guest: load the images the command line names (through the
 * board: semihosting or host files), carve the board's guest pool into
 * image staging at the top and the emulator's RAMBlock pool below, build
 * the machine, run it, and turn how it ended into an exit status.
 */
#include <stdio.h>
#include <string.h>

#include "bmx-config.h"
#include "drivers.h"
#include "kernel.h"
#include "util/util.h"
#include "machine/machine.h"
#include "memory/memory.h"
#include "tcg/tcg.h"
#include "timer/timer.h"
#include "block/block.h"

#define KiB 1024u
#define MiB (1024u * 1024u)

/* The top of the guest pool, lent out for image staging before the rest
 * becomes guest RAM. */
typedef struct Stage {
    uint8_t *base;
    size_t size; /* what is left below the staged images */
} Stage;

#if BMX_HAVE_GUEST_IMAGE
extern const uint8_t guest_image_start[], guest_image_end[];
#endif

static long stage_file_try(Stage *st, const char *what, const char *path,
                           size_t max, const uint8_t **out, bool report)
{
    const char *why = "unknown error";
    if (max > st->size) {
        max = st->size;
    }
    uint8_t *dst = st->base + st->size - max;
    long n = board_load_file(path, dst, max, &why);
    if (n < 0) {
        if (report) {
            printf("bmx86: %s '%s': %s (at most %lu bytes)\n", what, path, why,
                   (unsigned long)max);
        }
        return -1;
    }
    /* Keep the staged bytes flush with what is above them, page aligned,
     * so the rest of the pool stays one piece. */
    size_t used = ((size_t)n + 4095) & ~(size_t)4095;
    memmove(st->base + st->size - used, dst, (size_t)n);
    /* What the read wrote below the staged copy goes back to zero: the
     * rest of the pool stays as the board gave it (see pool_init). */
    uint8_t *staged = st->base + st->size - used;
    if (dst < staged) {
        /* Only the n bytes read can be dirty: zeroing all of max would
         * touch half the hosted 4 GiB pool for a kernel. */
        memset(dst, 0, (size_t)MIN((size_t)(staged - dst), (size_t)n));
    }
    st->size -= used;
    *out = st->base + st->size;
    return n;
}

static long stage_file(Stage *st, const char *what, const char *path,
                       size_t max, const uint8_t **out)
{
    return stage_file_try(st, what, path, max, out, true);
}

/* The VGA BIOS, QEMU's way: from the data directory (-L, or QEMU's
 * default), then from Debian's seabios package (as QEMU searches -L
 * before its own directories). 0: staged; 1: not found (a default VGA is
 * then left out); -1: an error was printed. */
static int stage_vga_bios(const KernelOptions *o, Stage *st,
                          const uint8_t **rom, size_t *size)
{
    static char path[512];
    const char *dirs[2] = {o->datadir ? o->datadir : BMX_DEFAULT_DATADIR,
                           BMX_SEABIOS_DATADIR};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%s/%s", dirs[i], BMX_VGABIOS_NAME);
        long n = stage_file_try(st, "VGA BIOS", path, PC_ROM_SIZE, rom, false);
        if (n >= 0) {
            *size = (size_t)n;
            return 0;
        }
    }
    if (o->vga == BMX_VGA_STD) {
        printf("bmx86: --vga=std needs the VGA BIOS %s (in %s or %s: "
               "Debian's seabios package)\n",
               BMX_VGABIOS_NAME, dirs[0], dirs[1]);
        return -1;
    }
    return 1;
}

/* The pool below the staged images becomes the RAMBlock pool; a board
 * whose pool starts zeroed (hosted: fresh anonymous pages) lets untouched
 * guest RAM cost nothing, even --ram=3584. */
static void pool_init(const Stage *st)
{
    qemu_ram_pool_init(st->base, st->size, "guest-ram");
    if (board_info()->guest_pool_zeroed) {
        qemu_ram_pool_set_zeroed();
    }
}

static int status_of_machine_result(const MachineRunResult *r)
{
    switch (r->reason) {
    case MACHINE_EXIT_DEBUG_EXIT:
        return r->exit_status;
    case MACHINE_EXIT_HALTED_FOREVER:
        return BMX_EXIT_GUEST_HALTED;
    case MACHINE_EXIT_TRIPLE_FAULT:
        return BMX_EXIT_TRIPLE_FAULT;
    case MACHINE_EXIT_BUDGET:
        return BMX_EXIT_BUDGET;
    case MACHINE_EXIT_HLT:
        break;
    }
    return BMX_EXIT_GUEST_HALTED;
}

static void print_stats(const char *machine, uint64_t insns, uint64_t t0)
{
    char line[160];
    /* The exact ns figure: under qemu-system-arm -icount shift=0 it counts
     * ARM instructions, which the benchmark harness divides. */
    format_run_stats(line, sizeof(line), machine, insns, clock_ns() - t0);
    printf("%s\n", line);
    format_jit_stats(line, sizeof(line), insns, tcg_stats.tb_translated,
                     tcg_stats.tb_flushes, tcg_stats.tb_invalidated,
                     tcg_stats.code_writes_missed);
    printf("%s\n", line);
    if (tcg_accel == TCG_ACCEL_JIT) {
        format_codegen_stats(line, sizeof(line), tcg_stats.jit_tbs,
                             tcg_stats.jit_insns, tcg_stats.jit_code_bytes,
                             tcg_stats.tb_interp);
        printf("%s\n", line);
    }
    if (tcg_stats.mmio_insns) {
        printf("bmx86: %lu instructions ran from outside RAM and ROM, one "
               "at a time (slow; --trace=guest_errors says where)\n",
               (unsigned long)tcg_stats.mmio_insns);
    }
}

static int run_bare(const KernelOptions *o, const uint8_t *bios,
                    size_t bios_size, Stage *st)
{
    char why[160];
    if (!bare_machine_bios_size_ok(bios_size)) {
        printf("bmx86: guest '%s' is %lu bytes; a raw BIOS image must be "
               "64, 128 or 256 KiB\n",
               o->guest, (unsigned long)bios_size);
        return BMX_EXIT_GUEST_ERROR;
    }
    size_t ram =
        o->ram_mib ? (size_t)o->ram_mib * MiB : (st->size & ~(size_t)(MiB - 1));
    if (!o->ram_mib && board_info()->default_ram_mib &&
        ram > (size_t)board_info()->default_ram_mib * MiB) {
        ram = (size_t)board_info()->default_ram_mib * MiB;
    }
    if (ram > st->size || ram < MiB) {
        printf("bmx86: guest RAM of %lu KiB does not fit the pool's %lu KiB "
               "(at least 1 MiB)\n",
               (unsigned long)(ram / KiB), (unsigned long)(st->size / KiB));
        return BMX_EXIT_GUEST_ERROR;
    }
    pool_init(st);
    if ((uint64_t)ram + bios_size > qemu_ram_addr_space_free()) {
        printf("bmx86: guest RAM of %lu KiB and the %lu KiB image do not fit "
               "the RAM address space of this build (%lu KiB, "
               "BMX_RAM_ADDR_SPACE_MIB)\n",
               (unsigned long)(ram / KiB), (unsigned long)(bios_size / KiB),
               (unsigned long)(qemu_ram_addr_space_free() / KiB));
        return BMX_EXIT_GUEST_ERROR;
    }
    bare_machine_init_cpu(bios, bios_size, ram,
                          o->cpu_level ? (X86CPULevel)o->cpu_level
                                       : X86_CPU_586);
    if (!o->quiet || o->mtree) {
        mtree_info(o->mtree, false, false, false);
    }
    int gs = kernel_gdb_start(o, bare_machine_cpu());
    if (gs) {
        return gs;
    }
    uint64_t t0 = clock_ns();
    MachineRunResult r = machine_run(o->budget);
    machine_describe_result(&r, why, sizeof(why));
    printf("\nbmx86: %s\n", why);
    print_stats("bare", r.insns, t0);
    kernel_gdb_exit(status_of_machine_result(&r));
    return status_of_machine_result(&r);
}

/*
 * The PC has two text outputs on the console: COM1 (the guest's console)
 * and the debug port 0x402 (SeaBIOS's log, QEMU's -debugcon). Each is
 * line-buffered on its own so their lines never interleave byte by byte;
 * a partial line (a prompt) is shown once its stream has been quiet for a
 * console poll.
 */
typedef struct LineSink {
    char buf[256];
    size_t len;
    size_t len_at_poll;
} LineSink;

static LineSink serial_line, debug_line;

static void line_flush(LineSink *l)
{
    console_write(l->buf, l->len);
    /* A guest's screen text has few newlines: whoever watches the console
     * (a file, a pipe) sees each piece when it is complete. */
    fflush(stdout);
    l->len = l->len_at_poll = 0;
}

static void line_putc(LineSink *l, uint8_t c)
{
    if (c == '\r') {
        return; /* the console adds its own */
    }
    l->buf[l->len++] = (char)c;
    if (c == '\n' || l->len == sizeof(l->buf)) {
        line_flush(l);
    }
}

static void serial_out(void *opaque, const uint8_t *buf, int len)
{
    for (int i = 0; i < len; i++) {
        line_putc(&serial_line, buf[i]);
    }
}

static void debug_out(void *opaque, uint8_t c)
{
    line_putc(&debug_line, c);
}

static void line_poll(LineSink *l)
{
    if (l->len && l->len == l->len_at_poll) {
        line_flush(l);
    }
    l->len_at_poll = l->len;
}

/* --display=none, or ansi (the screen is the console): COM1 and the
 * debug port are not shown (the machine still watches them). */
static void serial_drop(void *opaque, const uint8_t *buf, int len)
{
}

static void debug_drop(void *opaque, uint8_t c)
{
}

static void display_out(void *opaque, const char *buf, size_t len)
{
    console_write(buf, len);
    fflush(stdout);
}

static int console_read(void *opaque)
{
    line_poll(&serial_line);
    line_poll(&debug_line);
    return console_getc();
}

static int64_t host_clock_ns(void *opaque)
{
    return (int64_t)clock_ns();
}

/* The images staged for a -kernel boot. */
typedef struct BootImages {
    uint8_t *kernel; /* writable: the Linux loader fills its header */
    size_t kernel_size;
    bool linux_kernel;
    const uint8_t *initrd;
    size_t initrd_size;
    uint8_t *mb_blob; /* multiboot through the BIOS: the kernel buffer */
    size_t mb_blob_size;
    const uint8_t *rom; /* QEMU's option ROM that loads it (NULL: none) */
    size_t rom_size;
    const char *rom_name;
} BootImages;

/* Hands the kernel to the machine: a Linux kernel through fw_cfg and
 * linuxboot_dma.bin (QEMU's way, SeaBIOS runs it), a multiboot one
 * directly (no BIOS given). */
static int load_kernel(const KernelOptions *o, BootImages *bi)
{
    const char *cmdline = o->append ? o->append : "";

    if (bi->linux_kernel) {
        LinuxLoadInfo li;
        if (x86_load_linux(bi->kernel, bi->kernel_size, o->kernel, bi->initrd,
                           bi->initrd_size, o->initrd, cmdline, &li) < 0 ||
            pc_machine_add_option_rom(bi->rom_name, bi->rom, bi->rom_size, 0) <
                0) {
            return -1;
        }
        printf("bmx86: Linux kernel '%s' (boot protocol %u.%02x): setup "
               "0x%lx, kernel 0x%lx-0x%lx, command line 0x%lx",
               o->kernel, li.protocol >> 8, li.protocol & 0xff,
               (unsigned long)li.real_addr, (unsigned long)li.prot_addr,
               (unsigned long)(li.prot_addr + li.kernel_size),
               (unsigned long)li.cmdline_addr);
        if (li.initrd_size) {
            printf(", initrd 0x%lx-0x%lx", (unsigned long)li.initrd_addr,
                   (unsigned long)(li.initrd_addr + li.initrd_size));
        }
        printf("; %s loads it\n", bi->rom_name);
        return 0;
    }
    MultibootLoadInfo mi;
    if (bi->rom) {
        /* QEMU's way: SeaBIOS runs first, multiboot_dma.bin loads it. */
        if (multiboot_load_fw_cfg(bi->kernel, bi->kernel_size, o->kernel,
                                  cmdline, bi->mb_blob, bi->mb_blob_size,
                                  &mi) < 0 ||
            pc_machine_add_option_rom(bi->rom_name, bi->rom, bi->rom_size, 0) <
                0) {
            return -1;
        }
    } else if (multiboot_load(bi->kernel, bi->kernel_size, o->kernel, cmdline,
                              &mi) < 0) {
        return -1;
    }
    printf("bmx86: multiboot %s kernel '%s' at 0x%lx-0x%lx, entry 0x%lx, "
           "info 0x%lx; %s\n",
           mi.elf ? "ELF" : "a.out", o->kernel, (unsigned long)mi.load_start,
           (unsigned long)mi.load_end, (unsigned long)mi.entry,
           (unsigned long)mi.info_addr,
           bi->rom ? "multiboot_dma.bin loads it"
                   : "entered directly (no BIOS)");
    return 0;
}

static int run_pc(const KernelOptions *o, const uint8_t *bios, size_t bios_size,
                  const char *bios_name, BootImages *boot, Stage *st)
{
    PCMachineConfig cfg;
    char why[200];

    pc_machine_default_config(&cfg);
    cfg.type = o->machine && !strcmp(o->machine, "isapc") ? PC_MACHINE_ISAPC
                                                          : PC_MACHINE_PC;
    cfg.bios = bios;
    cfg.bios_size = bios_size;
    cfg.bios_name = bios_name;
    if (o->cpu_level) {
        cfg.cpu_level = (X86CPULevel)o->cpu_level;
    }
    cfg.console_read = console_read;
    cfg.serial_write = serial_out;
    cfg.debugcon_sink = debug_out;
    /* SeaBIOS's log goes to the debug port (0x402) like QEMU's -debugcon;
     * its screen text on COM1 as well would interleave with it. */
    cfg.sercon = o->sercon;
    cfg.testdev = o->testdev;
    if (o->vga != BMX_VGA_NONE) {
        int r = stage_vga_bios(o, st, &cfg.vga_rom, &cfg.vga_rom_size);
        if (r < 0) {
            return BMX_EXIT_GUEST_ERROR;
        }
        cfg.vga = r == 0;
        cfg.vga_rom_name = BMX_VGABIOS_NAME;
        if (r > 0) {
            printf("bmx86: no VGA BIOS (%s in %s or %s): the PC runs without "
                   "a VGA (--vga=none)\n",
                   BMX_VGABIOS_NAME,
                   o->datadir ? o->datadir : BMX_DEFAULT_DATADIR,
                   BMX_SEABIOS_DATADIR);
        }
    }
    if (o->display == BMX_DISPLAY_ANSI) {
        if (!cfg.vga) {
            printf("bmx86: --display=ansi needs a VGA (its BIOS %s was not "
                   "found)\n",
                   BMX_VGABIOS_NAME);
            return BMX_EXIT_GUEST_ERROR;
        }
        cfg.display_ansi = true;
        cfg.display_ascii = o->display_ascii;
        cfg.display_write = display_out;
        cfg.input = PC_INPUT_KEYBOARD;
    }
    if (o->display != BMX_DISPLAY_SERIAL) {
        cfg.serial_write = serial_drop;
        cfg.debugcon_sink = debug_drop;
    }
    /* RAMBlocks beside the RAM: pc.rom, the BIOS copy on isapc, VRAM. */
    size_t reserve = PC_ROM_SIZE +
                     (cfg.type == PC_MACHINE_ISAPC ? bios_size : 0) +
                     (cfg.vga ? VGA_VRAM_SIZE : 0);
    if (o->ram_mib) {
        cfg.ram_size = (uint64_t)o->ram_mib * MiB;
    } else {
        size_t avail = st->size > reserve ? st->size - reserve : 0;
        cfg.ram_size = avail & ~(size_t)(MiB - 1);
        if (cfg.ram_size > PC_RAM_MAX) {
            cfg.ram_size = PC_RAM_MAX;
        }
        /* A board with a large pool (hosted) picks a modest default. */
        if (board_info()->default_ram_mib &&
            cfg.ram_size > (uint64_t)board_info()->default_ram_mib * MiB) {
            cfg.ram_size = (uint64_t)board_info()->default_ram_mib * MiB;
        }
    }
    if (cfg.ram_size + reserve > st->size) {
        printf("bmx86: guest RAM of %lu KiB does not fit the board's pool "
               "(%lu KiB free after the images)\n",
               (unsigned long)(cfg.ram_size / KiB),
               (unsigned long)(st->size / KiB));
        return BMX_EXIT_GUEST_ERROR;
    }
    drives_configure(o, &cfg);
    pool_init(st);
    if (pc_machine_init(&cfg) < 0) {
        return BMX_EXIT_GUEST_ERROR;
    }
    /* Host time for what is about the user, not the guest (the console's
     * lone-ESC timeout): the virtual clock leaps over an idle guest. */
    qemu_clock_set_host_clock(host_clock_ns, NULL);
    if (o->host_clock) {
        /* Guest time follows the board's tick clock instead of counting
         * instructions: real time, but runs are no longer repeatable. */
        qemu_clock_set_host_source(host_clock_ns, NULL);
    }
    if (!o->quiet || o->mtree) {
        mtree_info(o->mtree, false, false, false);
    }
    if (boot->kernel && load_kernel(o, boot) < 0) {
        return BMX_EXIT_GUEST_ERROR;
    }
    const char *mname = cfg.type == PC_MACHINE_PC ? "pc" : "isapc";
    printf("bmx86: machine %s, %lu MiB RAM, BIOS %s (%lu KiB)", mname,
           (unsigned long)(cfg.ram_size / MiB), bios_name,
           (unsigned long)(bios_size / KiB));
    if (cfg.vga) {
        printf(", VGA BIOS %s (%lu KiB)", BMX_VGABIOS_NAME,
               (unsigned long)((cfg.vga_rom_size + KiB - 1) / KiB));
    }
    printf("\n");
    fflush(stdout);
    int gs = kernel_gdb_start(o, pc_machine_cpu());
    if (gs) {
        return gs;
    }
    uint64_t t0 = clock_ns();
    PCRunResult r = pc_machine_run(o->budget);
    line_flush(&serial_line);
    line_flush(&debug_line);
    if (cfg.display_ansi) {
        pc_display_finish();
    }
    drives_finish(o);
    pc_describe_result(&r, why, sizeof(why));
    printf("\nbmx86: %s\n", why);
    if (r.reason == PC_EXIT_MACHINE &&
        r.machine.reason == MACHINE_EXIT_BUDGET) {
        /* Where a guest that did not finish was: a first clue. */
        const CPUX86State *env = &pc_machine_cpu()->env;
        printf("bmx86: the CPU was at %04x:%08lx (CR0 %08lx)\n",
               (unsigned)env->segs[R_CS].selector, (unsigned long)env->eip,
               (unsigned long)env->cr[0]);
    }
    print_stats(mname, r.machine.insns, t0);
    int status = status_of_machine_result(&r.machine);
    switch (r.reason) {
    case PC_EXIT_NO_BOOTABLE_DEVICE:
        printf("bmx86: the BIOS found nothing to boot; stopping\n");
        status = BMX_EXIT_OK;
        break;
    case PC_EXIT_GUEST_RESET:
        status = BMX_EXIT_OK;
        break;
    case PC_EXIT_MACHINE:
        break;
    }
    kernel_gdb_exit(status);
    return status;
}

/* Stages the kernel, the initrd and, when there is a BIOS to run it,
 * QEMU's option ROM from the data directory with, for multiboot, the
 * buffer the kernel is handed over in. */
static int stage_boot_images(const KernelOptions *o, Stage *st, bool have_bios,
                             BootImages *bi)
{
    static char rom_path[512];
    const uint8_t *p;
    long n;

    /* Leave at least half the pool for guest RAM. */
    n = stage_file(st, "kernel", o->kernel, st->size / 2, &p);
    if (n < 0) {
        return -1;
    }
    bi->kernel = (uint8_t *)(uintptr_t)p; /* the staging copy is ours */
    bi->kernel_size = (size_t)n;
    bi->linux_kernel = x86_is_linux_kernel(p, (size_t)n);
    if (!bi->linux_kernel && o->initrd) {
        printf("bmx86: --initrd: '%s' is not a Linux kernel (multiboot "
               "modules are not supported)\n",
               o->kernel);
        return -1;
    }
    if (!bi->linux_kernel && !have_bios) {
        return 0; /* multiboot, entered directly */
    }
    if (!have_bios) {
        printf("bmx86: kernel '%s' is a Linux kernel: it needs a BIOS "
               "(--bios=/usr/share/seabios/bios.bin) to run %s\n",
               o->kernel, "linuxboot_dma.bin");
        return -1;
    }
    if (!bi->linux_kernel) {
        size_t blob;
        if (multiboot_fw_cfg_size(p, (size_t)n, o->kernel,
                                  o->append ? o->append : "", &blob) < 0) {
            return -1;
        }
        if (blob > st->size / 2) {
            printf("bmx86: kernel '%s' needs %lu KiB to be handed over, more "
                   "than half the pool left (%lu KiB)\n",
                   o->kernel, (unsigned long)(blob / KiB),
                   (unsigned long)(st->size / KiB));
            return -1;
        }
        st->size -= blob;
        bi->mb_blob = st->base + st->size;
        bi->mb_blob_size = blob;
    }
    if (o->initrd) {
        n = stage_file(st, "initrd", o->initrd, st->size / 2, &p);
        if (n < 0) {
            return -1;
        }
        bi->initrd = p;
        bi->initrd_size = (size_t)n;
    }
    bi->rom_name = bi->linux_kernel ? "linuxboot_dma.bin" : "multiboot_dma.bin";
    snprintf(rom_path, sizeof(rom_path), "%s/%s",
             o->datadir ? o->datadir : BMX_DEFAULT_DATADIR, bi->rom_name);
    n = stage_file(st, "option ROM", rom_path, PC_ROM_SIZE, &p);
    if (n < 0) {
        printf("bmx86: the kernel loader needs QEMU's %s (Debian's "
               "qemu-system-data; -L/--datadir=DIR names its directory)\n",
               bi->rom_name);
        return -1;
    }
    bi->rom = p;
    bi->rom_size = (size_t)n;
    return 0;
}

/* A BIOS of HLTs for a multiboot kernel given alone: it never runs. */
static const uint8_t *hlt_bios(Stage *st, size_t size)
{
    uint8_t *p = st->base + st->size - size;
    memset(p, 0xf4, size);
    st->size -= size;
    return p;
}

int kernel_run_guest(const KernelOptions *o)
{
    const BoardInfo *bi = board_info();
    Stage st = {(uint8_t *)bi->guest_pool_base, bi->guest_pool_size};
    const uint8_t *bios = NULL;
    const char *bios_name = NULL;
    long bios_size = 0;
    BootImages boot = {0};

    if (o->trace) {
        const char *err;
        int mask;
        if (!qemu_log_compiled_in) {
            printf("bmx86: tracing is compiled out of this build "
                   "(meson -Dtrace=true)\n");
            return BMX_EXIT_USAGE;
        }
        mask = qemu_str_to_log_mask(o->trace, &err);
        if (err) {
            printf("bmx86: --trace: %s\n", err);
            return BMX_EXIT_USAGE;
        }
        qemu_loglevel = mask;
    }
    if (o->accel == ACCEL_JIT && !tcg_accel_jit_available()) {
        printf("bmx86: --accel=jit: this build has no code generator (the "
               "Thumb-2 back end runs on the Cortex-M boards built with "
               "-Daccel_jit=true)\n");
        return BMX_EXIT_USAGE;
    }
    tcg_accel = o->accel == ACCEL_JIT ||
                        (o->accel == ACCEL_DEFAULT && tcg_accel_jit_available())
                    ? TCG_ACCEL_JIT
                    : TCG_ACCEL_INTERP;
    if (o->guest) {
        bios_size = stage_file(&st, "guest", o->guest, 256 * KiB, &bios);
        if (bios_size < 0) {
            return BMX_EXIT_GUEST_ERROR;
        }
        return run_bare(o, bios, (size_t)bios_size, &st);
    }
    if (o->bios) {
        bios_size = stage_file(&st, "BIOS", o->bios, PC_BIOS_MAX_SIZE, &bios);
        if (bios_size < 0) {
            return BMX_EXIT_GUEST_ERROR;
        }
        bios_name = o->bios;
    }
#if BMX_HAVE_GUEST_IMAGE
    if (!bios) {
        bios = guest_image_start; /* linked in: runs in place from flash */
        bios_size = guest_image_end - guest_image_start;
        bios_name = "(linked into the firmware)";
    }
#endif
    if (o->kernel && stage_boot_images(o, &st, bios != NULL, &boot) < 0) {
        return BMX_EXIT_GUEST_ERROR;
    }
    if (o->kernel && !bios) {
        bios = hlt_bios(&st, 64 * KiB);
        bios_size = 64 * KiB;
        bios_name = "(none: multiboot kernel only)";
    }
    if (drives_open(o) < 0) {
        return BMX_EXIT_GUEST_ERROR;
    }
    size_t overlay = drives_overlay_bytes(o, st.size);
    if (overlay) {
        /* The copy-on-write overlay: from the top of the pool, like the
         * staged images. */
        st.size -= overlay;
        blk_cow_arena_init(st.base + st.size, overlay);
    }
    if (!bios) {
        printf("bmx86: no guest given (--bios=FILE, --kernel=FILE or "
               "--guest=FILE); nothing to run\n");
        return BMX_EXIT_OK;
    }
    return run_pc(o, bios, (size_t)bios_size, bios_name, &boot, &st);
}
