/*
 * kernel: the unikernel around the emulator -- entry, console, panic,
 * static pools, time and the command line. Board-independent: it reaches
 * the hardware only through drivers/drivers.h.
 */
#ifndef BMX_KERNEL_H
#define BMX_KERNEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit statuses of the firmware (QEMU's exit code, or the process's).
 * Host-side failures are even; a guest's isa-debug-exit statuses are odd
 * ((v << 1) | 1), so the two never collide. */
enum {
    BMX_EXIT_OK = 0,
    BMX_EXIT_USAGE = 2, /* bad command line */
    BMX_EXIT_PANIC = 4, /* panic(), failed assertion, fatal emulator error */
    BMX_EXIT_FAULT = 6, /* the host CPU faulted */
    BMX_EXIT_GUEST_ERROR = 8,   /* the guest cannot run: bad image, ... */
    BMX_EXIT_GUEST_HALTED = 10, /* the guest halted with nothing to wake it */
    BMX_EXIT_TRIPLE_FAULT = 12, /* the guest triple-faulted (shutdown) */
    BMX_EXIT_BUDGET = 14,       /* the --budget of instructions ran out */
};

/* Entry from the board: argv without the program name. Returns the exit
 * status. */
int kernel_main(int argc, char **argv);

/* ---- console ---- */
/* Console output goes through the libc's stdio (printf) to board_putc;
 * these are the byte-level pieces under it. */
void console_putc(char c);
void console_write(const char *buf, size_t len);
int console_getc(void);
/* Redirects console bytes (tests capture output this way); NULL restores
 * the board. */
void console_set_sink(void (*sink)(char c));
/* "16 MiB", "512 KiB", "100 B": exact units when they divide evenly,
 * else one decimal. Returns buf. */
char *format_size(char *buf, size_t len, uint64_t bytes);
/* Decimal digits of v into buf[FORMAT_U64_LEN]; returns buf. The boards'
 * printf (picolibc's integer variant, newlib-nano) has no working %llu. */
#define FORMAT_U64_LEN 21
char *format_u64(char *buf, uint64_t v);
/* The closing statistics line of a run, without the newline:
 * "bmx86: M: N guest instructions in S.mmm s (M.mmm MIPS, N ns)". */
void format_run_stats(char *buf, size_t len, const char *machine,
                      uint64_t insns, uint64_t ns);
/* The translator's line after it (QEMU's "info jit" in one line):
 * "bmx86: jit: T translations (P.p per 1000 instructions), F flushes,
 * I invalidated, M stores next to code". */
void format_jit_stats(char *buf, size_t len, uint64_t insns, uint32_t tbs,
                      uint32_t flushes, uint32_t invalidated, uint32_t missed);
/* With --accel=jit, the code generator's line: "bmx86: jit: code
 * generator: T TBs generated (I instructions, B.b code bytes each), N left
 * to the interpreter". */
void format_codegen_stats(char *buf, size_t len, uint32_t tbs, uint32_t insns,
                          uint32_t bytes, uint32_t interp);

/* ---- panic and assertions ---- */
_Noreturn void kernel_panic(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
_Noreturn void kernel_vpanic(const char *file, int line, const char *fmt,
                             va_list ap) __attribute__((format(printf, 3, 0)));
/* The last panic's "file:line: message", kept for debuggers and tests. */
extern char panic_message[256];
#define panic(...) kernel_panic(__FILE__, __LINE__, __VA_ARGS__)
#define kassert(cond)                                                          \
    do {                                                                       \
        if (!(cond)) {                                                         \
            kernel_panic(__FILE__, __LINE__, "assertion failed: %s", #cond);   \
        }                                                                      \
    } while (0)

/* ---- static pools ----
 * Fixed-size object pools and bump arenas whose storage is sized at
 * compile time. Running out panics, naming the pool. */
typedef struct KPool {
    const char *name;
    uint8_t *storage;
    size_t obj_size;
    size_t count;
    uint32_t *used; /* one bit per object */
    size_t in_use, high_water;
} KPool;

#define KPOOL_DEFINE(var, pool_name, type, n)                                  \
    static type var##_storage[n];                                              \
    static uint32_t var##_used[((n) + 31) / 32];                               \
    KPool var = {.name = pool_name,                                            \
                 .storage = (uint8_t *)var##_storage,                          \
                 .obj_size = sizeof(type),                                     \
                 .count = (n),                                                 \
                 .used = var##_used}

void *kpool_alloc(KPool *pool);
void kpool_free(KPool *pool, void *obj);

typedef struct KArena {
    const char *name;
    uint8_t *base;
    size_t size;
    size_t used, high_water;
} KArena;

#define KARENA_DEFINE(var, arena_name, bytes)                                  \
    static uint8_t var##_storage[bytes] __attribute__((aligned(16)));          \
    KArena var = {.name = arena_name, .base = var##_storage, .size = (bytes)}

void karena_init(KArena *a, const char *name, void *base, size_t size);
void *karena_alloc(KArena *a, size_t size, size_t align);
void karena_reset(KArena *a);

/* ---- time ---- */
uint64_t clock_ns(void);
uint64_t clock_ms(void);

/* ---- command line ---- */
/* The firmware's command-line limits, the same on every board and hosted:
 * QEMU's -append has no limit of its own and Linux command lines reach
 * 2 KiB and more (x86 COMMAND_LINE_SIZE is 2048), so 4 KiB and 256 words
 * leave room for the firmware's own options around a kernel's line. */
/* Where QEMU's option ROMs are found (Debian's qemu-system-data); a host
 * path, read through semihosting on the boards like the BIOS. */
#define BMX_DEFAULT_DATADIR "/usr/share/qemu"
/* Debian's seabios package: where the VGA BIOS is when the data
 * directory has no copy (QEMU's Debian package links it from there). */
#define BMX_SEABIOS_DATADIR "/usr/share/seabios"
#define BMX_VGABIOS_NAME    "vgabios-isavga.bin"
#define BMX_CMDLINE_MAX     4096 /* bytes, with the terminating NUL */
#define BMX_ARGV_MAX        256
/* Splits s in place into words (quotes '...' and "..." group, backslash
 * escapes the next byte); returns the word count, or -1 when s has more
 * than max words (argv then holds the first max). */
int cmdline_split(char *s, char **argv, int max);
/* Checks argc/argv against BMX_CMDLINE_MAX and BMX_ARGV_MAX; prints what
 * is exceeded and returns false. */
bool cmdline_check_limits(int argc, char **argv);
/* Prints that the command line is longer than BMX_CMDLINE_MAX bytes;
 * returns BMX_EXIT_USAGE. */
int cmdline_too_long(void);
#define ARRAY_SIZE_K(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* A drive from --drive/--hda..--hdd/--cdrom, at IDE index 0-3. */
#define BMX_IDE_DRIVES 4
typedef struct DriveSpec {
    bool present;
    bool cdrom;       /* media=cdrom */
    bool snapshot;    /* writes go to the overlay (default on) */
    bool read_only;   /* readonly=on (CD-ROMs always) */
    const char *file; /* NULL: an empty CD drive */
} DriveSpec;

typedef struct KernelOptions {
    bool help;
    bool quiet;
    bool mtree;
    int exit_status;     /* --exit=N, -1 if not given */
    const char *fault;   /* --fault=KIND */
    const char *guest;   /* --guest=FILE: raw BIOS on the bare machine */
    const char *bios;    /* --bios=FILE: BIOS of the PC */
    const char *kernel;  /* --kernel=FILE: Linux bzImage or multiboot */
    const char *append;  /* --append=TEXT: its command line */
    const char *initrd;  /* --initrd=FILE: Linux initrd / multiboot module */
    const char *datadir; /* -L / --datadir=DIR: QEMU's option ROMs */
    const char *machine; /* --machine=pc|isapc */
    int cpu_level;       /* --cpu=286..686 (X86CPULevel), 0: default */
    int ram_mib;         /* --ram=MiB, 0: what the pool allows */
    uint64_t budget;     /* --budget=N guest instructions, 0: none */
    bool sercon;         /* --sercon: the BIOS's screen text on COM1 */
    bool host_clock;     /* --clock=host: guest time from the tick clock */
    /* --accel: ACCEL_DEFAULT is the code generator where the build has
     * one (the Cortex-M boards), else the interpreter (kernel/run.c) */
    enum { ACCEL_DEFAULT, ACCEL_INTERP, ACCEL_JIT } accel;
    const char *trace; /* --trace=LIST: QEMU's -d items, checked and set
                          as qemu_loglevel by kernel_run_guest */
    DriveSpec drives[BMX_IDE_DRIVES]; /* by IDE index (kernel/drive.c) */
    const char *boot_order;           /* --boot=ORDER or order=ORDER */
    const char *gdb;                  /* --gdb=DEV: the gdb stub's device */
    bool wait_gdb;      /* --wait-gdb / -S: stopped until gdb continues */
    int vga;            /* --vga: BMX_VGA_* */
    int display;        /* --display: BMX_DISPLAY_* */
    bool display_ascii; /* --display=ansi,charset=ascii */
    bool testdev;       /* --device pc-testdev */
} KernelOptions;
/* Starts the gdb stub on o->gdb for the machine's CPU (kernel/gdb.c) and,
 * with --wait-gdb, serves gdb until it continues. Returns 0, or the exit
 * status after printing why the device cannot be used. */
struct X86CPU;
int kernel_gdb_start(const struct KernelOptions *o, struct X86CPU *cpu);
/* The run ended with this status: tells gdb ("W"). */
void kernel_gdb_exit(int status);

/* --vga=std|none (QEMU's -vga); default: std on pc and isapc, when the
 * VGA BIOS can be read (else none, with a note). */
enum { BMX_VGA_DEFAULT, BMX_VGA_STD, BMX_VGA_NONE };
/* --display=serial|ansi|none: serial (default) puts COM1 and the debug
 * port on the console and console input into COM1; ansi draws the VGA's
 * text screen on the console and types console input on the keyboard;
 * none shows neither (only bmx86's own lines). */
enum { BMX_DISPLAY_SERIAL, BMX_DISPLAY_ANSI, BMX_DISPLAY_NONE };

/* ---- drives (kernel/drive.c) ---- */
/* Adds a --drive (kind NULL) or a shorthand ("hda".."hdd", "cdrom") to
 * o->drives; prints why and returns false on a bad value. */
bool drive_add_option(KernelOptions *o, const char *kind, const char *val);
/* --boot=c|d|..., or QEMU's order=...; false with a message when bad. */
bool drive_set_boot(KernelOptions *o, const char *val);
/* With an image linked into the firmware (meson -Ddisk_image) and no
 * drive named: that image as the disk at index 0 (or the CD at 2). */
void drives_default(KernelOptions *o);
/* Opens the named images through the board (on demand: nothing is
 * loaded); 0, or -1 after a message naming the file. */
int drives_open(const KernelOptions *o);
/* Bytes of guest pool the copy-on-write overlay wants (0: no drive
 * writes to it), given the pool still free. */
size_t drives_overlay_bytes(const KernelOptions *o, size_t pool_free);
struct PCMachineConfig;
/* Puts the opened drives and the boot order into the PC's config. */
void drives_configure(const KernelOptions *o, struct PCMachineConfig *cfg);
/* Flushes every drive (ATA FLUSH does the same one by one); prints the
 * overlay's use. */
void drives_finish(const KernelOptions *o);

/* Parses argv into opts. On a bad argument prints a clear message to
 * the console and returns false. */
bool cmdline_parse(int argc, char **argv, KernelOptions *opts);
void cmdline_usage(void);

/* Loads and runs the guest the options name; returns the exit status. */
int kernel_run_guest(const KernelOptions *opts);

#endif
