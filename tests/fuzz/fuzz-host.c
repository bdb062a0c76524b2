/*
 * The host interface of emu/ for the fuzz harnesses (libFuzzer and the
 * replay runner): emulator output is dropped unless BMX_FUZZ_VERBOSE is
 * set (millions of runs would drown the report), and bmx_fatal() aborts,
 * so a panic reachable from guest input counts as a crash.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/util.h"

static int verbose = -1;

static bool fuzz_verbose(void)
{
    if (verbose < 0) {
        verbose = getenv("BMX_FUZZ_VERBOSE") != NULL;
    }
    return verbose;
}

int qemu_vprintf(const char *fmt, va_list ap)
{
    return fuzz_verbose() ? vprintf(fmt, ap) : 0;
}

int qemu_printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = qemu_vprintf(fmt, ap);
    va_end(ap);
    return n;
}

void bmx_fatal(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "panic: %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}
