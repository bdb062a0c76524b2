/* Console bytes: board UART (with "\r\n" where the board wants it), or a
 * sink that a test installs. */
#include <stdio.h>

#include "drivers.h"
#include "kernel.h"

static void (*console_sink)(char c);

void console_set_sink(void (*sink)(char c))
{
    console_sink = sink;
}

void console_putc(char c)
{
    if (console_sink) {
        console_sink(c);
        return;
    }
    if (c == '\n' && board_console_needs_crlf()) {
        board_putc('\r');
    }
    board_putc(c);
}

void console_write(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        console_putc(buf[i]);
    }
}

int console_getc(void)
{
    return board_getc();
}

char *format_size(char *buf, size_t len, uint64_t bytes)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    unsigned u = 0;
    uint64_t scale = 1;
    while (u + 1 < sizeof(units) / sizeof(units[0]) &&
           bytes >= scale * 1024) {
        scale *= 1024;
        u++;
    }
    if (bytes % scale == 0) {
        snprintf(buf, len, "%lu %s", (unsigned long)(bytes / scale), units[u]);
    } else {
        /* one decimal, rounded, with integer arithmetic only */
        uint64_t tenths = (bytes * 10 + scale / 2) / scale;
        snprintf(buf, len, "%lu.%lu %s", (unsigned long)(tenths / 10),
                 (unsigned long)(tenths % 10), units[u]);
    }
    return buf;
}
