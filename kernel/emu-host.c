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
    return vprintf(fmt, ap);
}

int qemu_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}
