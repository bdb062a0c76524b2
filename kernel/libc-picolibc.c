/* picolibc's stdio writes wherever stdin/stdout/stderr point: here, the
 * kernel console. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "drivers.h"
#include "kernel.h"

static int console_put(char c, FILE *f)
{
    (void)f;
    console_putc(c);
    return (unsigned char)c;
}

static int console_get(FILE *f)
{
    (void)f;
    int c = console_getc();
    return c < 0 ? _FDEV_EOF : c;
}

static FILE console_file =
    FDEV_SETUP_STREAM(console_put, console_get, NULL, _FDEV_SETUP_RW);

FILE *const stdin = &console_file;
FILE *const stdout = &console_file;
FILE *const stderr = &console_file;

/* exit() and abort() end the run like a return from kernel_main. */
void _exit(int status)
{
    board_exit(status);
}

void abort(void)
{
    printf("\nbmx86: abort()\n");
    board_exit(BMX_EXIT_PANIC);
}
