/*
 * drivers: the board interface. Every board (the Cortex-M ones in
 * drivers/board-cortexm.c with a description in drivers/boards/, and the
 * hosted one in drivers/hosted/) implements these functions; the kernel
 * knows boards only through them.
 */
#ifndef BMX_DRIVERS_H
#define BMX_DRIVERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the banner and the memory layout report show. */
typedef struct BoardInfo {
    const char *name;    /* "mps2-an385" */
    const char *cpu;     /* "cortex-m3" */
    uintptr_t code_base; /* where .text starts */
    size_t text_size, data_size, bss_size;
    uintptr_t guest_pool_base; /* RAM lent to the x86 guest */
    size_t guest_pool_size;
    bool guest_pool_zeroed;   /* the pool starts all zero (fresh pages) */
    unsigned default_ram_mib; /* guest RAM without --ram (0: the pool) */
    size_t stack_size;
    const char *caches; /* the L1 caches for the banner; NULL: none */
} BoardInfo;

void board_init(void);
const BoardInfo *board_info(void);

/* Console byte I/O: the board UART (or stdin/stdout when hosted). */
void board_putc(char c);
/* -1 when nothing is waiting, BOARD_GETC_CLOSED when nothing ever can
 * (the board has no input source). */
int board_getc(void);
#define BOARD_GETC_CLOSED (-2)
bool board_console_needs_crlf(void);

/* Fills buf with the command line (without the program name); returns its
 * length, 0 when the board has none, -1 when it does not fit in len bytes
 * (with the NUL). */
long board_get_cmdline(char *buf, size_t len);

/* Monotonic time since boot. */
uint64_t board_clock_ns(void);

/* Reads a whole host file into buf (semihosting, or the host's files when
 * hosted); returns the byte count or -1 with a reason in *why. */
long board_load_file(const char *path, void *buf, size_t max, const char **why);

/* Host files read (and, when hosted, written) on demand -- disk and CD
 * images, which need not fit in RAM. board_file_open returns a handle
 * (>= 0) and the file's length, or -1 with a reason in *why; writable
 * opens are refused where the board cannot write host files (semihosting
 * boards: images there are read-only, writes stay in the overlay). The
 * others return 0, or -1 when the host failed (a short read is a
 * failure). */
int board_file_open(const char *path, bool writable, uint64_t *size,
                    const char **why);
int board_file_pread(int fd, void *buf, size_t len, uint64_t offset);
int board_file_pwrite(int fd, const void *buf, size_t len, uint64_t offset);
int board_file_flush(int fd);
void board_file_close(int fd);

/* The gdb stub's byte stream (--gdb=DEV): hosted, a TCP listener
 * ("tcp:[HOST]:PORT", QEMU's -gdb; port 0 picks a free one); the boards,
 * UART1 ("uart1"). board_gdb_open prints where it listens and returns 0,
 * or -1 with a reason in *why. board_gdb_getc: a byte, -1 when none is
 * waiting (wait false), -2 when the debugger went away (a new one may
 * connect later). */
extern const char board_gdb_default[]; /* QEMU's -s */
int board_gdb_open(const char *dev, const char **why);
int board_gdb_getc(bool wait);
void board_gdb_write(const uint8_t *buf, size_t len);

/* Ends the run with an exit status: QEMU's exit code through semihosting,
 * the process status when hosted; without semihosting the status is printed
 * and the core sleeps. */
_Noreturn void board_exit(int status);

/* Deliberate faults for the boot tests: "hardfault" (undefined instruction),
 * "bus" (access to unmapped memory), "null" (NULL dereference), "divzero"
 * (integer division by zero when the core traps it). Returns only when the
 * kind is unknown. */
void board_trigger_fault(const char *kind);
extern const char *const board_fault_kinds;

#endif
