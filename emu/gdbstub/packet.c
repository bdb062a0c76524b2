/*
 * GDB remote protocol framing: "$body#cs" with a modulo-256 checksum of
 * the body, '}' escapes (byte ^ 0x20), acks '+'/'-', and 0x03 outside a
 * packet as the interrupt request. Bad input (bad checksums, overlong
 * packets, stray bytes) never leaves the state machine in a bad state.
 */
#include "gdbstub/gdbstub.h"

enum { RX_IDLE, RX_BODY, RX_ESC, RX_CS1, RX_CS2 };

int gdb_hexval(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

bool gdb_hex_decode(const char *hex, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        int h = gdb_hexval((unsigned char)hex[2 * i]);
        int l = h < 0 ? -1 : gdb_hexval((unsigned char)hex[2 * i + 1]);
        if (l < 0) {
            return false;
        }
        out[i] = (uint8_t)(h << 4 | l);
    }
    return true;
}

void gdb_hex_encode(char *out, const uint8_t *buf, size_t n)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[buf[i] >> 4];
        out[2 * i + 1] = digits[buf[i] & 15];
    }
    out[2 * n] = 0;
}

void gdb_rx_init(GDBPacketRx *rx)
{
    rx->state = RX_IDLE;
    rx->len = 0;
    rx->overrun = false;
    rx->buf[0] = 0;
}

static void rx_put(GDBPacketRx *rx, uint8_t c)
{
    if (rx->len < GDB_MAX_PACKET) {
        rx->buf[rx->len++] = (char)c;
    } else {
        rx->overrun = true; /* the packet is refused when it ends */
    }
}

GDBRxEvent gdb_rx_byte(GDBPacketRx *rx, uint8_t c)
{
    int h;

    switch (rx->state) {
    case RX_IDLE:
        if (c == '$') {
            rx->state = RX_BODY;
            rx->len = 0;
            rx->sum = 0;
            rx->overrun = false;
        } else if (c == 0x03) {
            return GDB_RX_INTERRUPT;
        } else if (c == '+') {
            return GDB_RX_ACK;
        } else if (c == '-') {
            return GDB_RX_NAK;
        }
        return GDB_RX_NONE; /* anything else between packets is noise */
    case RX_BODY:
        if (c == '$') {
            rx->len = 0; /* a new packet restarts (QEMU does the same) */
            rx->sum = 0;
            rx->overrun = false;
            return GDB_RX_NONE;
        }
        if (c == '#') {
            rx->state = RX_CS1;
            return GDB_RX_NONE;
        }
        rx->sum += c;
        if (c == '}') {
            rx->state = RX_ESC;
        } else {
            rx_put(rx, c);
        }
        return GDB_RX_NONE;
    case RX_ESC:
        rx->sum += c;
        rx_put(rx, c ^ 0x20);
        rx->state = RX_BODY;
        return GDB_RX_NONE;
    case RX_CS1:
        h = gdb_hexval(c);
        rx->rx_sum = (uint8_t)((h < 0 ? 0 : h) << 4);
        rx->state = h < 0 ? RX_IDLE : RX_CS2;
        return h < 0 ? GDB_RX_BAD : GDB_RX_NONE;
    default: /* RX_CS2 */
        h = gdb_hexval(c);
        rx->state = RX_IDLE;
        rx->buf[rx->len] = 0;
        if (h < 0 || (uint8_t)(rx->rx_sum | h) != rx->sum || rx->overrun) {
            return GDB_RX_BAD;
        }
        return GDB_RX_PACKET;
    }
}

bool gdb_rx_busy(const GDBPacketRx *rx)
{
    return rx->state != RX_IDLE;
}

size_t gdb_tx_frame(char *out, size_t out_size, const char *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    size_t o = 0;
    uint8_t sum = 0;

    if (out_size < 4) {
        return 0;
    }
    out[o++] = '$';
    for (size_t i = 0; i < len; i++) {
        uint8_t c = (uint8_t)data[i];
        bool esc = c == '$' || c == '#' || c == '}' || c == '*';
        if (o + (esc ? 2 : 1) + 3 > out_size) {
            return 0;
        }
        if (esc) {
            out[o++] = '}';
            sum += '}';
            c ^= 0x20;
        }
        out[o++] = (char)c;
        sum += c;
    }
    out[o++] = '#';
    out[o++] = digits[sum >> 4];
    out[o++] = digits[sum & 15];
    return o;
}
