/* The emulator's host interface (emu/util/util.h), served by the kernel:
 * output through stdio to the console, fatal errors as panics. Test images
 * replace this file with tests/support/test-host.c. */
#include <stdio.h>

#include "kernel.h"
#include "util/util.h"

void bmx_fatal(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kernel_vpanic(file, line, fmt, ap);
}

int qemu_vprintf(const char *fmt, va_list ap)
{
    if (qemu_printf_capture) {
        /* the gdbstub's monitor: the text goes to the debugger */
        char buf[512];
        int n = vsnprintf(buf, sizeof(buf), fmt, ap);
        if (n > 0) {
            qemu_printf_capture(qemu_printf_capture_opaque, buf,
                                (size_t)n < sizeof(buf) ? (size_t)n
                                                        : sizeof(buf) - 1);
        }
        return n;
    }
    return vprintf(fmt, ap);
}

int qemu_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = qemu_vprintf(fmt, ap);
    va_end(ap);
    return n;
}
