/* panic(): fatal errors name file and line, then end the run with
 * BMX_EXIT_PANIC. */
#include <stdio.h>

#include "bmx-config.h"
#include "drivers.h"
#include "kernel.h"

char panic_message[256];

void kernel_vpanic(const char *file, int line, const char *fmt, va_list ap)
{
    static bool in_panic;
    if (in_panic) {
        /* A panic while printing a panic: stop without stdio. */
        board_exit(BMX_EXIT_PANIC);
    }
    in_panic = true;
    int n = snprintf(panic_message, sizeof(panic_message), "%s:%d: ", file,
                     line);
    if (n > 0 && (size_t)n < sizeof(panic_message)) {
        vsnprintf(panic_message + n, sizeof(panic_message) - (size_t)n, fmt,
                  ap);
    }
    fflush(stdout);
    printf("\npanic: %s\n", panic_message);
    fflush(stdout);
    in_panic = false; /* only matters to tests that catch board_exit */
    board_exit(BMX_EXIT_PANIC);
}

void kernel_panic(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kernel_vpanic(file, line, fmt, ap);
}

#if !BMX_HOSTED
/* Both libcs route assert() here: name the place, like panic(). */
void __assert_func(const char *file, int line, const char *func,
                   const char *expr);
void __assert_func(const char *file, int line, const char *func,
                   const char *expr)
{
    kernel_panic(file, line, "assertion failed in %s: %s", func, expr);
}
#endif
