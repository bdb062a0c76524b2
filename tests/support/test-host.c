/* The host interface of emu/ for unit tests on the hosted build. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/util.h"
#include "test-host.h"

jmp_buf *test_fatal_jmp;
char test_fatal_msg[512];

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

void bmx_fatal(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    int n =
        snprintf(test_fatal_msg, sizeof(test_fatal_msg), "%s:%d: ", file, line);
    va_start(ap, fmt);
    vsnprintf(test_fatal_msg + n, sizeof(test_fatal_msg) - n, fmt, ap);
    va_end(ap);
    if (test_fatal_jmp) {
        longjmp(*test_fatal_jmp, 1);
    }
    fprintf(stderr, "panic: %s\n", test_fatal_msg);
    abort();
}
