#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers.h"
#include "fake-board.h"

char fake_console[4096];
size_t fake_console_len;
jmp_buf *fake_exit_jmp;
int fake_exit_status;
static bool crlf;

void fake_console_reset(void)
{
    fflush(stdout);
    fake_console_len = 0;
    fake_console[0] = 0;
}

void board_init(void)
{
}

const BoardInfo *board_info(void)
{
    static const BoardInfo info = {.name = "fake", .cpu = "none"};
    return &info;
}

void board_putc(char c)
{
    if (fake_console_len + 1 < sizeof(fake_console)) {
        fake_console[fake_console_len++] = c;
        fake_console[fake_console_len] = 0;
    }
}

int board_getc(void)
{
    return -1;
}

const char board_gdb_default[] = "fake";

int board_gdb_open(const char *dev, const char **why)
{
    (void)dev;
    *why = "the fake board has no gdb transport";
    return -1;
}

int board_gdb_getc(bool wait)
{
    (void)wait;
    return -2;
}

void board_gdb_write(const uint8_t *buf, size_t len)
{
    (void)buf;
    (void)len;
}

bool board_console_needs_crlf(void)
{
    return crlf;
}

void fake_board_set_crlf(bool on);
void fake_board_set_crlf(bool on)
{
    crlf = on;
}

long board_get_cmdline(char *buf, size_t len)
{
    buf[0] = 0;
    return 0;
}

uint64_t board_clock_ns(void)
{
    static uint64_t t;
    return t += 1000;
}

long board_load_file(const char *path, void *buf, size_t max, const char **why)
{
    *why = "no files on the fake board";
    return -1;
}

int board_file_open(const char *path, bool writable, uint64_t *size,
                    const char **why)
{
    *why = "no files on the fake board";
    return -1;
}

int board_file_pread(int fd, void *buf, size_t len, uint64_t offset)
{
    return -1;
}

int board_file_pwrite(int fd, const void *buf, size_t len, uint64_t offset)
{
    return -1;
}

int board_file_flush(int fd)
{
    return 0;
}

void board_file_close(int fd)
{
}

void board_exit(int status)
{
    fflush(stdout);
    fake_exit_status = status;
    if (fake_exit_jmp) {
        longjmp(*fake_exit_jmp, 1);
    }
    fprintf(stderr, "unexpected board_exit(%d)\n", status);
    abort();
}

const char *const board_fault_kinds = "none";

void board_trigger_fault(const char *kind)
{
}

void fake_board_sink_for_test(char c);
void fake_board_sink_for_test(char c)
{
    board_putc('[');
    board_putc(c);
    board_putc(']');
}
