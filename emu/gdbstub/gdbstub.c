/*
 * The gdb server (QEMU's gdbstub/gdbstub.c and system.c, reduced to one
 * CPU in system mode): the command interpreter, the stop replies, and the
 * run control the machine loops call between cpu_exec slices. While the
 * CPU is stopped the stub blocks on the char device; while it runs, the
 * device is polled once per slice (and at every exit) for Ctrl-C.
 */
#include "gdbstub/gdbstub.h"
#include "target-i386/cpu.h"
#include "memory/memory.h"

#define GDB_SIGNAL_INT  2
#define GDB_SIGNAL_TRAP 5

/* What the debugger asked the CPU to do after a packet. */
typedef enum GDBAction {
    GDB_STAY,     /* stay stopped: read the next packet */
    GDB_CONTINUE, /* c, vCont;c */
    GDB_STEP,     /* s, vCont;s */
    GDB_DETACH,   /* D, or the connection went away */
} GDBAction;

typedef struct GDBState {
    CPUState *cs;
    const GDBCharOps *ops;
    void *opaque;
    bool start_stopped;
    bool no_ack;
    bool swbreak, hwbreak; /* the debugger takes these stop reasons */
    bool stepping;
    bool attached; /* a debugger has talked to us since the last detach */
    GDBPacketRx rx;
    char reply[GDB_MAX_PACKET + 1];
    size_t reply_len;
    char frame[2 * GDB_MAX_PACKET + 8]; /* the last one sent, for a NAK */
    size_t frame_len;
    char stop[96]; /* the last stop reply, for '?' */
    uint8_t buf[GDB_MAX_PACKET / 2];
    bool testing; /* gdb_test_command: no device */
} GDBState;

static GDBState gdbserver_state;
bool gdbserver_enabled;

/* ---- output ---- */

static void put_frame(GDBState *s, const char *data, size_t len)
{
    s->frame_len = gdb_tx_frame(s->frame, sizeof(s->frame), data, len);
    if (s->frame_len && !s->testing) {
        s->ops->write(s->opaque, (const uint8_t *)s->frame, s->frame_len);
    }
}

static void reply_str(GDBState *s, const char *str)
{
    size_t n = strlen(str);

    n = MIN(n, (size_t)GDB_MAX_PACKET);
    memmove(s->reply, str, n);
    s->reply[n] = 0;
    s->reply_len = n;
}

static void reply_hex(GDBState *s, const uint8_t *buf, size_t n)
{
    n = MIN(n, (size_t)GDB_MAX_PACKET / 2);
    gdb_hex_encode(s->reply, buf, n);
    s->reply_len = 2 * n;
}

static void reply_append(GDBState *s, const char *str)
{
    size_t n = strlen(str);

    if (s->reply_len + n <= GDB_MAX_PACKET) {
        memcpy(s->reply + s->reply_len, str, n + 1);
        s->reply_len += n;
    }
}

static void append_hex32(GDBState *s, uint32_t v)
{
    static const char digits[] = "0123456789abcdef";
    char b[9];
    int i = 8;

    b[8] = 0;
    do {
        b[--i] = digits[v & 15];
        v >>= 4;
    } while (v);
    reply_append(s, b + i);
}

/* ---- parsing ---- */

/* A hex number up to a delimiter; false if there is no digit or it
 * overflows 32 bits. */
static bool parse_hex(const char **p, uint32_t *out)
{
    uint64_t v = 0;
    int n = 0, d;

    while ((d = gdb_hexval((unsigned char)**p)) >= 0) {
        v = v << 4 | (unsigned)d;
        if (v > 0xffffffffu) {
            return false;
        }
        (*p)++;
        n++;
    }
    *out = (uint32_t)v;
    return n > 0;
}

static bool starts(const char *p, const char *prefix)
{
    return strncmp(p, prefix, strlen(prefix)) == 0;
}

/* ---- stop replies ---- */

static void set_stop(GDBState *s, int sig, const char *reason, uint32_t addr)
{
    size_t len;

    s->reply_len = 0;
    s->reply[0] = 0;
    reply_append(s, sig == GDB_SIGNAL_INT ? "T02" : "T05");
    if (reason) {
        reply_append(s, reason);
        reply_append(s, ":");
        if (starts(reason, "watch") || starts(reason, "rwatch") ||
            starts(reason, "awatch")) {
            append_hex32(s, addr);
        }
        reply_append(s, ";");
    }
    reply_append(s, "thread:01;");
    len = MIN(s->reply_len, sizeof(s->stop) - 1);
    memcpy(s->stop, s->reply, len);
    s->stop[len] = 0;
}

/* ---- monitor (qRcmd) ---- */

static void monitor_out(void *opaque, const char *text, size_t len)
{
    GDBState *s = opaque;
    char o[2 * 256 + 2];

    /* each piece as an "O" console-output packet */
    while (len) {
        size_t n = MIN(len, (size_t)256);
        o[0] = 'O';
        gdb_hex_encode(o + 1, (const uint8_t *)text, n);
        put_frame(s, o, 1 + 2 * n);
        text += n;
        len -= n;
    }
}

static void monitor_printf(GDBState *s, const char *text)
{
    monitor_out(s, text, strlen(text));
}

static void monitor_command(GDBState *s, const char *cmd)
{
    while (*cmd == ' ') {
        cmd++;
    }
    if (!strcmp(cmd, "info mtree") || !strcmp(cmd, "info mtree -f")) {
        qemu_printf_capture = monitor_out;
        qemu_printf_capture_opaque = s;
        mtree_info(cmd[10] == ' ', false, false, false);
        qemu_printf_capture = NULL;
        reply_str(s, "OK");
    } else if (starts(cmd, "log ") || starts(cmd, "trace ")) {
        const char *items = cmd + (cmd[0] == 'l' ? 4 : 6), *err;
        int mask = qemu_str_to_log_mask(items, &err);
        if (err) {
            monitor_printf(s, err);
            monitor_printf(s, "\n");
            reply_str(s, "E22");
        } else if (!qemu_log_compiled_in && mask) {
            monitor_printf(s, "tracing is compiled out (-Dtrace=false)\n");
            reply_str(s, "E22");
        } else {
            qemu_loglevel = mask;
            reply_str(s, "OK");
        }
    } else if (!strcmp(cmd, "info registers")) {
        qemu_printf_capture = monitor_out;
        qemu_printf_capture_opaque = s;
        x86_cpu_dump_state(s->cs, 0);
        qemu_printf_capture = NULL;
        reply_str(s, "OK");
    } else if (!strcmp(cmd, "help") || !*cmd) {
        monitor_printf(s, "info mtree [-f]  the memory tree (-f: flat views)\n"
                          "info registers   the CPU state\n"
                          "log LIST         set the trace items (as --trace=; "
                          "none: off)\n");
        reply_str(s, "OK");
    } else {
        monitor_printf(s, "unknown command: ");
        monitor_printf(s, cmd);
        monitor_printf(s, " (try: monitor help)\n");
        reply_str(s, "OK");
    }
}

/* ---- commands ---- */

static void cmd_read_regs(GDBState *s)
{
    uint8_t r[16];

    s->reply_len = 0;
    for (int n = 0; n < GDB_I386_NUM_REGS; n++) {
        int len = gdb_i386_read_register(s->cs, r, n);
        if (s->reply_len + 2 * (size_t)len > GDB_MAX_PACKET) {
            break;
        }
        gdb_hex_encode(s->reply + s->reply_len, r, (size_t)len);
        s->reply_len += 2 * (size_t)len;
    }
}

static void cmd_write_regs(GDBState *s, const char *p, size_t len)
{
    uint8_t r[16];
    size_t off = 0;

    for (int n = 0; n < GDB_I386_NUM_REGS; n++) {
        int size = gdb_i386_read_register(s->cs, r, n);
        if (off + 2 * (size_t)size > len) {
            break; /* gdb may send fewer registers than there are */
        }
        if (!gdb_hex_decode(p + off, (size_t)size, r)) {
            reply_str(s, "E22");
            return;
        }
        gdb_i386_write_register(s->cs, r, size, n);
        off += 2 * (size_t)size;
    }
    reply_str(s, "OK");
}

static void cmd_reg(GDBState *s, const char *p, bool write)
{
    uint32_t n;
    uint8_t r[16];
    int size;

    if (!parse_hex(&p, &n) || n >= GDB_I386_NUM_REGS ||
        (write && *p++ != '=')) {
        reply_str(s, "E14"); /* QEMU: an unknown register */
        return;
    }
    size = gdb_i386_read_register(s->cs, r, (int)n);
    if (!write) {
        reply_hex(s, r, (size_t)size);
        return;
    }
    if (strlen(p) != 2 * (size_t)size || !gdb_hex_decode(p, (size_t)size, r)) {
        reply_str(s, "E22");
        return;
    }
    gdb_i386_write_register(s->cs, r, size, (int)n);
    reply_str(s, "OK");
}

/* m addr,len / M addr,len:hex / X addr,len:binary */
static void cmd_mem(GDBState *s, char kind, const char *p, size_t plen)
{
    const char *start = p;
    uint32_t addr, len;

    if (!parse_hex(&p, &addr) || *p++ != ',' || !parse_hex(&p, &len)) {
        reply_str(s, "E22");
        return;
    }
    if (len > sizeof(s->buf)) {
        reply_str(s, "E22"); /* QEMU: larger than a packet holds */
        return;
    }
    if (kind == 'm') {
        if (*p || cpu_memory_rw_debug(s->cs, addr, s->buf, len, false) < 0) {
            reply_str(s, *p ? "E22" : "E14");
            return;
        }
        reply_hex(s, s->buf, len);
        return;
    }
    if (*p++ != ':') {
        reply_str(s, "E22");
        return;
    }
    plen -= (size_t)(p - start);
    if (kind == 'M') {
        if (plen != 2 * (size_t)len || !gdb_hex_decode(p, len, s->buf)) {
            reply_str(s, "E22");
            return;
        }
    } else {
        if (plen != len) {
            reply_str(s, "E22");
            return;
        }
        memcpy(s->buf, p, len); /* escapes were undone by the framing */
    }
    reply_str(s, cpu_memory_rw_debug(s->cs, addr, s->buf, len, true) < 0
                     ? "E14"
                     : "OK");
}

/* Z/z type,addr,kind (QEMU's gdb_breakpoint_insert/remove) */
static void cmd_breakpoint(GDBState *s, bool insert, const char *p)
{
    uint32_t type, addr, len;
    int r, flags;

    if (!parse_hex(&p, &type) || *p++ != ',' || !parse_hex(&p, &addr) ||
        *p++ != ',' || !parse_hex(&p, &len)) {
        reply_str(s, "E22");
        return;
    }
    switch (type) {
    case 0: /* software and hardware breakpoints: the same mechanism */
    case 1:
        flags = BP_GDB | (type ? BP_GDB_HW : 0);
        r = insert ? cpu_breakpoint_insert(s->cs, addr, flags)
                   : cpu_breakpoint_remove(s->cs, addr, BP_GDB);
        break;
    case 2:
    case 3:
    case 4:
        flags = BP_GDB | (type == 2   ? BP_MEM_WRITE
                          : type == 3 ? BP_MEM_READ
                                      : BP_MEM_ACCESS);
        r = insert ? cpu_watchpoint_insert(s->cs, addr, len, flags)
                   : cpu_watchpoint_remove(s->cs, addr, len, flags);
        break;
    default:
        reply_str(s, ""); /* not supported */
        return;
    }
    reply_str(s, r < 0 ? "E22" : "OK");
}

static void cmd_qxfer(GDBState *s, const char *p)
{
    char annex[32];
    const char *doc;
    size_t n = 0, total;
    uint32_t off, len;

    while (*p && *p != ':' && n < sizeof(annex) - 1) {
        annex[n++] = *p++;
    }
    annex[n] = 0;
    if (*p++ != ':' || !parse_hex(&p, &off) || *p++ != ',' ||
        !parse_hex(&p, &len)) {
        reply_str(s, "E00");
        return;
    }
    doc = gdb_i386_xml(annex);
    if (!doc) {
        reply_str(s, "E00");
        return;
    }
    total = strlen(doc);
    if (off >= total) {
        reply_str(s, "l");
        return;
    }
    len = (uint32_t)MIN((size_t)len, (size_t)GDB_MAX_PACKET - 2);
    n = MIN((size_t)len, total - off);
    s->reply[0] = off + n < total ? 'm' : 'l';
    memcpy(s->reply + 1, doc + off, n);
    s->reply[1 + n] = 0;
    s->reply_len = 1 + n;
}

static void cmd_query(GDBState *s, const char *p)
{
    if (starts(p, "qSupported")) {
        s->swbreak = strstr(p, "swbreak+") != NULL;
        s->hwbreak = strstr(p, "hwbreak+") != NULL;
        s->reply_len = 0;
        s->reply[0] = 0;
        reply_append(s, "PacketSize=");
        append_hex32(s, GDB_MAX_PACKET);
        reply_append(s, ";qXfer:features:read+;QStartNoAckMode+;"
                        "swbreak+;hwbreak+;vContSupported+");
    } else if (!strcmp(p, "QStartNoAckMode")) {
        reply_str(s, "OK");
        s->no_ack = true; /* after this reply (which gdb still acks) */
    } else if (starts(p, "qXfer:features:read:")) {
        cmd_qxfer(s, p + strlen("qXfer:features:read:"));
    } else if (starts(p, "qAttached")) {
        reply_str(s, "1");
    } else if (!strcmp(p, "qC")) {
        reply_str(s, "QC1");
    } else if (!strcmp(p, "qfThreadInfo")) {
        reply_str(s, "m1");
    } else if (!strcmp(p, "qsThreadInfo")) {
        reply_str(s, "l");
    } else if (starts(p, "qThreadExtraInfo")) {
        static const char info[] = "CPU#0 [running]";
        reply_hex(s, (const uint8_t *)info, sizeof(info) - 1);
    } else if (starts(p, "qSymbol")) {
        reply_str(s, "OK");
    } else if (starts(p, "qRcmd,")) {
        size_t n = strlen(p + 6) / 2;
        char cmd[256];
        if (n >= sizeof(cmd) || strlen(p + 6) % 2 ||
            !gdb_hex_decode(p + 6, n, (uint8_t *)cmd)) {
            reply_str(s, "E22");
            return;
        }
        cmd[n] = 0;
        if (memchr(cmd, 0, n)) {
            reply_str(s, "E22");
            return;
        }
        monitor_command(s, cmd);
    } else {
        reply_str(s, ""); /* unknown queries: empty, as the protocol asks */
    }
}

/* vCont;a[:t][;a[:t]]: one thread, so the first action decides. */
static GDBAction cmd_vcont(GDBState *s, const char *p)
{
    if (*p == '?') {
        reply_str(s, "vCont;c;C;s;S");
        return GDB_STAY;
    }
    if (*p != ';') {
        reply_str(s, "E22");
        return GDB_STAY;
    }
    p++;
    switch (*p) {
    case 'c':
    case 'C':
        return GDB_CONTINUE;
    case 's':
    case 'S':
        return GDB_STEP;
    default:
        reply_str(s, "E22"); /* t (stop) and r (range) are not offered */
        return GDB_STAY;
    }
}

/* Optional resume address of c/s. */
static bool resume_addr(GDBState *s, const char *p)
{
    uint32_t addr;

    if (!*p) {
        return true;
    }
    if (!parse_hex(&p, &addr) || *p) {
        reply_str(s, "E22");
        return false;
    }
    ((CPUX86State *)s->cs->env_ptr)->eip = addr;
    return true;
}

static GDBAction handle_packet(GDBState *s, const char *p, size_t len)
{
    s->reply_len = 0;
    s->reply[0] = 0;
    switch (p[0]) {
    case '?':
        reply_str(s, s->stop[0] ? s->stop : "T05thread:01;");
        break;
    case 'g':
        cmd_read_regs(s);
        break;
    case 'G':
        cmd_write_regs(s, p + 1, len - 1);
        break;
    case 'p':
        cmd_reg(s, p + 1, false);
        break;
    case 'P':
        cmd_reg(s, p + 1, true);
        break;
    case 'm':
    case 'M':
    case 'X':
        cmd_mem(s, p[0], p + 1, len - 1);
        break;
    case 'Z':
    case 'z':
        cmd_breakpoint(s, p[0] == 'Z', p + 1);
        break;
    case 'c':
        if (resume_addr(s, p + 1)) {
            return GDB_CONTINUE;
        }
        break;
    case 's':
        if (resume_addr(s, p + 1)) {
            return GDB_STEP;
        }
        break;
    case 'C': /* continue with a signal: system mode has none to give */
        return GDB_CONTINUE;
    case 'S':
        return GDB_STEP;
    case 'v':
        if (starts(p, "vCont")) {
            return cmd_vcont(s, p + 5);
        }
        reply_str(s, ""); /* vMustReplyEmpty and all others */
        break;
    case 'H':
    case 'T':
        reply_str(s, "OK"); /* thread 1 is the only one */
        break;
    case 'D':
        reply_str(s, "OK");
        return GDB_DETACH;
    case 'k':
        if (s->ops && s->ops->kill && !s->testing) {
            s->ops->kill(s->opaque);
        }
        return GDB_DETACH;
    case 'q':
    case 'Q':
        cmd_query(s, p);
        break;
    default:
        reply_str(s, ""); /* unknown: empty reply */
        break;
    }
    return GDB_STAY;
}

/* ---- run control ---- */

static void resume(GDBState *s, GDBAction a)
{
    s->stepping = a == GDB_STEP;
    cpu_single_step(
        s->cs, s->stepping ? SSTEP_ENABLE | SSTEP_NOIRQ | SSTEP_NOTIMER : 0);
}

static void detach(GDBState *s)
{
    cpu_breakpoint_remove_all(s->cs, BP_GDB);
    cpu_watchpoint_remove_all(s->cs, BP_GDB);
    s->attached = false;
    s->no_ack = false;
    s->stop[0] = 0;
    resume(s, GDB_CONTINUE);
}

/* One event of the byte stream while stopped; true when the CPU is to
 * run again (or the debugger left). */
static bool serve_event(GDBState *s, GDBRxEvent ev)
{
    GDBAction a;

    switch (ev) {
    case GDB_RX_PACKET:
        s->attached = true;
        if (!s->no_ack) {
            s->ops->write(s->opaque, (const uint8_t *)"+", 1);
        }
        a = handle_packet(s, s->rx.buf, s->rx.len);
        if (a == GDB_STAY) {
            put_frame(s, s->reply, s->reply_len);
            return false;
        }
        if (a == GDB_DETACH) {
            if (s->reply_len) {
                put_frame(s, s->reply, s->reply_len); /* D's OK */
            }
            detach(s);
        } else {
            resume(s, a);
        }
        return true;
    case GDB_RX_BAD:
        if (!s->no_ack) {
            s->ops->write(s->opaque, (const uint8_t *)"-", 1);
        }
        return false;
    case GDB_RX_NAK:
        if (s->frame_len) {
            s->ops->write(s->opaque, (const uint8_t *)s->frame, s->frame_len);
        }
        return false;
    default: /* acks, Ctrl-C while already stopped, noise */
        return false;
    }
}

/* Serves the debugger while the CPU is stopped; the stop reply (if any)
 * is in s->reply, a packet that arrived while the CPU ran in s->rx.
 * Returns when the CPU is to run again. */
static void serve(GDBState *s, bool send_stop, bool pending)
{
    if (send_stop) {
        put_frame(s, s->reply, s->reply_len);
    }
    if (pending && serve_event(s, GDB_RX_PACKET)) {
        return;
    }
    for (;;) {
        int c = s->ops->read(s->opaque, true);

        if (c == GDB_CHR_NONE) {
            continue; /* interrupted: wait again */
        }
        if (c == GDB_CHR_CLOSED) {
            detach(s); /* the debugger is gone: run on */
            return;
        }
        if (serve_event(s, gdb_rx_byte(&s->rx, (uint8_t)c))) {
            return;
        }
    }
}

void gdbserver_start(CPUState *cs, const GDBCharOps *ops, void *opaque,
                     bool start_stopped)
{
    GDBState *s = &gdbserver_state;

    memset(s, 0, sizeof(*s));
    s->cs = cs;
    s->ops = ops;
    s->opaque = opaque;
    s->start_stopped = start_stopped;
    gdb_rx_init(&s->rx);
    gdbserver_enabled = true;
}

void gdb_wait_start(void)
{
    GDBState *s = &gdbserver_state;

    if (!gdbserver_enabled || !s->start_stopped) {
        return;
    }
    s->start_stopped = false;
    set_stop(s, GDB_SIGNAL_TRAP, NULL, 0);
    serve(s, false, false); /* gdb asks '?' itself when it connects */
}

int64_t gdb_cpu_slice(int64_t slice)
{
    return gdbserver_state.stepping ? 1 : slice;
}

typedef enum GDBPoll {
    GDB_POLL_NONE,
    GDB_POLL_INTERRUPT, /* Ctrl-C */
    GDB_POLL_TALK,      /* a packet begins (or came whole: *pending) */
} GDBPoll;

/* The device while the CPU runs: Ctrl-C stops it; so does a packet, as
 * QEMU stops the machine when a debugger connects (gdb attaching to a
 * running guest talks first). Acks and noise are dropped. */
static GDBPoll poll_running(GDBState *s, bool *pending)
{
    *pending = false;
    for (int n = 0; n < 64; n++) {
        int c = s->ops->read(s->opaque, false);
        GDBRxEvent ev;
        if (c < 0) {
            return GDB_POLL_NONE;
        }
        ev = gdb_rx_byte(&s->rx, (uint8_t)c);
        if (ev == GDB_RX_INTERRUPT) {
            return GDB_POLL_INTERRUPT;
        }
        if (ev == GDB_RX_PACKET || ev == GDB_RX_BAD || gdb_rx_busy(&s->rx)) {
            if (ev == GDB_RX_BAD && !s->no_ack) {
                s->ops->write(s->opaque, (const uint8_t *)"-", 1);
            }
            *pending = ev == GDB_RX_PACKET;
            return GDB_POLL_TALK;
        }
    }
    return GDB_POLL_NONE;
}

void gdb_handle_exit(int r, uint64_t icount_before)
{
    GDBState *s = &gdbserver_state;
    CPUState *cs = s->cs;
    CPUX86State *env = cs->env_ptr;
    bool pending = false, send_stop = true;
    GDBPoll poll;

    if (s->start_stopped) {
        gdb_wait_start();
        return;
    }
    if (r == EXCP_DEBUG) {
        CPUWatchpoint *wp = cs->watchpoint_hit;
        if (wp) {
            cs->watchpoint_hit = NULL;
            wp->flags &= ~BP_WATCHPOINT_HIT;
            set_stop(s, GDB_SIGNAL_TRAP,
                     (wp->flags & BP_MEM_ACCESS) == BP_MEM_ACCESS ? "awatch"
                     : (wp->flags & BP_MEM_READ)                  ? "rwatch"
                                                                  : "watch",
                     wp->hitaddr);
        } else {
            uint32_t lin = env->segs[R_CS].base + env->eip;
            bool hw = cpu_breakpoint_test(cs, lin, BP_GDB_HW);
            set_stop(s, GDB_SIGNAL_TRAP,
                     hw ? (s->hwbreak ? "hwbreak" : NULL)
                        : (s->swbreak ? "swbreak" : NULL),
                     0);
        }
    } else if (s->stepping && (cs->icount != icount_before || cs->halted)) {
        /* one instruction ran (or faulted: then the handler's first
         * instruction is next), or HLT: a step never waits for an IRQ */
        set_stop(s, GDB_SIGNAL_TRAP, NULL, 0);
    } else if ((poll = poll_running(s, &pending)) != GDB_POLL_NONE) {
        /* stopped by the debugger: a stop reply only for Ctrl-C (a new
         * debugger asks with '?') */
        set_stop(s,
                 poll == GDB_POLL_INTERRUPT ? GDB_SIGNAL_INT : GDB_SIGNAL_TRAP,
                 NULL, 0);
        send_stop = poll == GDB_POLL_INTERRUPT;
    } else {
        return;
    }
    s->stepping = false;
    serve(s, send_stop, pending);
}

void gdb_exit(int status)
{
    GDBState *s = &gdbserver_state;
    char w[8];

    if (!gdbserver_enabled || !s->attached) {
        return;
    }
    w[0] = 'W';
    gdb_hex_encode(w + 1, &(uint8_t){(uint8_t)status}, 1);
    put_frame(s, w, 3);
}

const char *gdb_test_command(const char *packet, size_t len)
{
    GDBState *s = &gdbserver_state;
    char p[GDB_MAX_PACKET + 1];

    s->testing = true;
    len = MIN(len, (size_t)GDB_MAX_PACKET);
    memcpy(p, packet, len);
    p[len] = 0;
    switch (handle_packet(s, p, len)) {
    case GDB_CONTINUE:
        reply_str(s, "<continue>");
        break;
    case GDB_STEP:
        reply_str(s, "<step>");
        break;
    case GDB_DETACH:
        reply_append(s, "<detach>");
        detach(s);
        break;
    default:
        break;
    }
    s->testing = false;
    return s->reply;
}
