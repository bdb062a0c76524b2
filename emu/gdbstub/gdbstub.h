/*
 * emu/gdbstub: GDB's remote serial protocol for the x86 guest (QEMU's
 * gdbstub/), over a byte stream the host provides -- a TCP connection on
 * the hosted build, a UART on the boards. No sockets here: the host gives
 * GDBCharOps. One CPU, one thread (thread id 1), system mode.
 *
 * The machine loops call gdb_cpu_slice() and gdb_handle_exit() around
 * cpu_exec while gdb_enabled(); nothing else runs while it is off.
 */
#ifndef BMX_GDBSTUB_GDBSTUB_H
#define BMX_GDBSTUB_GDBSTUB_H

#include "util/util.h"
#include "tcg/tcg.h"

/* QEMU's MAX_PACKET_LENGTH: the largest packet body either side sends. */
#define GDB_MAX_PACKET 4096

#define GDB_CHR_NONE   (-1) /* read: nothing waiting (wait == false) */
#define GDB_CHR_CLOSED (-2) /* read: the debugger went away */

typedef struct GDBCharOps {
    /* The next byte; wait: block until one comes or the peer closes. */
    int (*read)(void *opaque, bool wait);
    void (*write)(void *opaque, const uint8_t *buf, size_t len);
    /* 'k': end the run (QEMU exits with status 0). NULL: detach only. */
    void (*kill)(void *opaque);
} GDBCharOps;

/* ---- packet layer (packet.c), separate for the unit tests ---- */
typedef enum GDBRxEvent {
    GDB_RX_NONE,      /* byte taken, nothing complete */
    GDB_RX_PACKET,    /* a packet with a good checksum: rx->buf, rx->len */
    GDB_RX_BAD,       /* a packet with a bad checksum or too long: NAK it */
    GDB_RX_INTERRUPT, /* 0x03 outside a packet (Ctrl-C) */
    GDB_RX_ACK,       /* '+' */
    GDB_RX_NAK,       /* '-': resend the last packet */
} GDBRxEvent;

typedef struct GDBPacketRx {
    int state;
    bool overrun;
    uint8_t sum, rx_sum;
    size_t len;                   /* body bytes, escapes undone */
    char buf[GDB_MAX_PACKET + 1]; /* NUL-terminated body */
} GDBPacketRx;

void gdb_rx_init(GDBPacketRx *rx);
GDBRxEvent gdb_rx_byte(GDBPacketRx *rx, uint8_t c);
/* Inside a packet (a '$' came, its checksum not yet). */
bool gdb_rx_busy(const GDBPacketRx *rx);
/* Frames data as "$data#cs" ('$', '#', '}' and '*' escaped); returns the
 * frame's length, 0 if it does not fit in out_size. */
size_t gdb_tx_frame(char *out, size_t out_size, const char *data, size_t len);
/* Hex helpers: -1 for a non-hex digit. */
int gdb_hexval(int c);
/* Decodes 2*n hex digits into n bytes; false on a bad digit. */
bool gdb_hex_decode(const char *hex, size_t n, uint8_t *out);
void gdb_hex_encode(char *out, const uint8_t *buf, size_t n);

/* ---- guest memory at linear addresses (debug-mem.c) ----
 * QEMU's cpu_memory_rw_debug: translated through the guest's page tables
 * by the debug walk (no #PF, no A/D bits); writes reach ROM too and drop
 * the translations they cover. 0, or -1 at the first unmapped page (then
 * nothing more is accessed). */
int cpu_memory_rw_debug(CPUState *cs, uint32_t addr, void *buf, size_t len,
                        bool is_write);

/* ---- i386 registers and target description (i386.c) ---- */
/* QEMU's numbering: eax..edi 0-7, eip 8, eflags 9, cs..gs 10-15,
 * fs_base 16, gs_base 17, k_gs_base 18, cr0 cr2 cr3 cr4 cr8 efer 19-24,
 * st0-st7 25-32, fctrl..fop 33-40, xmm0-7 41-48, mxcsr 49; then bmx86's
 * system feature: cs/ss/ds/es bases, the six limits, gdtr/idtr base and
 * limit, ldtr, tr (50-65). */
#define GDB_I386_NUM_REGS 66
/* Appends register n's bytes (target order) to buf; returns the size, 0
 * for no such register. */
int gdb_i386_read_register(CPUState *cs, uint8_t *buf, int n);
/* Writes register n from buf (size bytes); returns the size taken, 0 for
 * no such register or a size that does not match. */
int gdb_i386_write_register(CPUState *cs, const uint8_t *buf, int size, int n);
/* The target description document for an annex ("target.xml"), or
 * NULL. */
const char *gdb_i386_xml(const char *annex);

/* ---- the server (gdbstub.c) ---- */
/* Takes the char device; start_stopped: QEMU's -S, the first call of
 * gdb_handle_exit (or gdb_wait_start) serves the debugger until it
 * continues. */
void gdbserver_start(CPUState *cs, const GDBCharOps *ops, void *opaque,
                     bool start_stopped);
extern bool gdbserver_enabled;
static inline bool gdb_enabled(void)
{
    return unlikely(gdbserver_enabled);
}
/* -S: serve the debugger until it resumes the CPU (returns at once if
 * the stub was not started stopped). */
void gdb_wait_start(void);
/* The machine's slice: one instruction while gdb single-steps. */
int64_t gdb_cpu_slice(int64_t slice);
/* After cpu_exec returned r (icount_before: cs->icount before): reports a
 * breakpoint, watchpoint, finished step or Ctrl-C to the debugger and
 * serves it until it resumes the CPU. */
void gdb_handle_exit(int r, uint64_t icount_before);
/* The guest's run ended with this exit status: "W" to the debugger. */
void gdb_exit(int status);
/* Feeds one packet to the command interpreter and returns the reply (for
 * the fuzz harness and unit tests: no device I/O). */
const char *gdb_test_command(const char *packet, size_t len);

#endif /* BMX_GDBSTUB_GDBSTUB_H */
