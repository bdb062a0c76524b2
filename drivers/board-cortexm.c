/*
 * The board API for every Cortex-M board. The board's peculiarities come
 * from its description (drivers/boards/<board>.h, chosen by meson as
 * BOARD_HEADER) and its linker script; nothing here names a board.
 */
#include <string.h>

#include "bmx-config.h"
#include "boot.h"
#include "cortexm-drivers.h"
#include "drivers.h"
#include "kernel.h"
#include BOARD_HEADER

extern char __text_start[], __text_end[];
extern char __data_start[], __data_end[];
extern char __bss_start[], __bss_end[];
extern char __bss_hot_start[], __bss_hot_end[];
extern char __bss_cold_start[], __bss_cold_end[];
extern char __stack_limit[], __stack[];
extern char __guest_pool_start[], __guest_pool_end[];

static BoardInfo info;

/* A piece of .bss the board put in another RAM (the hot and cold pools,
 * linker/common.ld) counts besides it. */
static size_t bss_outside(const char *start, const char *end)
{
    uintptr_t s = (uintptr_t)start, e = (uintptr_t)end;
    bool inside = s >= (uintptr_t)__bss_start && e <= (uintptr_t)__bss_end;
    return inside ? 0 : (size_t)(e - s);
}

static size_t bss_size(void)
{
    return (size_t)(__bss_end - __bss_start) +
           bss_outside(__bss_hot_start, __bss_hot_end) +
           bss_outside(__bss_cold_start, __bss_cold_end);
}

void board_init(void)
{
    cmsdk_uart_init(BOARD_UART0_BASE, BOARD_UART_CLK_HZ, 115200);
    systick_clock_init(BOARD_SYSCLK_HZ);
    info = (BoardInfo){
        .name = BOARD_NAME,
        .cpu = BOARD_CPU,
        .code_base = (uintptr_t)__text_start,
        .text_size = (size_t)(__text_end - __text_start),
        .data_size = (size_t)(__data_end - __data_start),
        .bss_size = bss_size(),
        .guest_pool_base = (uintptr_t)__guest_pool_start,
        .guest_pool_size = (size_t)(__guest_pool_end - __guest_pool_start),
        .stack_size = (size_t)(__stack - __stack_limit),
        /* the code generator's cache maintenance (Cortex-M7/M55) */
        .caches = cortexm_cache_init(),
    };
}

const BoardInfo *board_info(void)
{
    return &info;
}

void board_putc(char c)
{
    cmsdk_uart_putc(BOARD_UART0_BASE, c);
}

int board_getc(void)
{
    return cmsdk_uart_getc(BOARD_UART0_BASE);
}

/* The gdb stub on UART1 (./bmx run --gdb PORT gives QEMU a second
 * -serial, a TCP server, for it). */
const char board_gdb_default[] = "uart1";

int board_gdb_open(const char *dev, const char **why)
{
    if (strcmp(dev, "uart1") != 0) {
        *why = "the boards take uart1 (the second UART; ./bmx run --gdb "
               "PORT forwards it to TCP)";
        return -1;
    }
    cmsdk_uart_init(BOARD_UART1_BASE, BOARD_UART_CLK_HZ, 115200);
    return 0;
}

int board_gdb_getc(bool wait)
{
    int c;

    do {
        c = cmsdk_uart_poll(BOARD_UART1_BASE);
    } while (c < 0 && wait);
    return c;
}

void board_gdb_write(const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        cmsdk_uart_putc(BOARD_UART1_BASE, (char)buf[i]);
    }
}

bool board_console_needs_crlf(void)
{
    return true; /* a serial terminal wants "\r\n" */
}

long board_get_cmdline(char *buf, size_t len)
{
#if BMX_SEMIHOSTING
    long n = semihosting_get_cmdline(buf, len);
    if (n < 0) {
        /* QEMU refuses SYS_GET_CMDLINE only when the line does not fit
         * the buffer: say so rather than run the built-in line. */
        return -1;
    }
    if (n > 0) {
        /* QEMU gives "<kernel path> <-append text>": drop the path. */
        char *sp = strchr(buf, ' ');
        if (!sp) {
            buf[0] = 0;
            return 0;
        }
        memmove(buf, sp + 1, strlen(sp + 1) + 1);
        return (long)strlen(buf);
    }
#endif
    size_t n2 = strlen(BMX_BUILTIN_CMDLINE);
    if (n2 >= len) {
        return -1;
    }
    memcpy(buf, BMX_BUILTIN_CMDLINE, n2 + 1);
    return (long)n2;
}

int board_file_open(const char *path, bool writable, uint64_t *size,
                    const char **why)
{
#if BMX_SEMIHOSTING
    if (writable) {
        *why = "writing images back needs the hosted build (snapshot=off); "
               "here writes stay in the copy-on-write overlay";
        return -1;
    }
    long fd = semihosting_open(path, size, why);
    return fd < 0 || fd > 0x7fffffff ? -1 : (int)fd;
#else
    (void)path, (void)writable, (void)size;
    *why = "this build has no semihosting (meson -Dsemihosting=true)";
    return -1;
#endif
}

int board_file_pread(int fd, void *buf, size_t len, uint64_t offset)
{
#if BMX_SEMIHOSTING
    return semihosting_pread(fd, buf, len, offset);
#else
    (void)fd, (void)buf, (void)len, (void)offset;
    return -1;
#endif
}

int board_file_pwrite(int fd, const void *buf, size_t len, uint64_t offset)
{
    (void)fd, (void)buf, (void)len, (void)offset;
    return -1; /* never opened writable */
}

int board_file_flush(int fd)
{
    (void)fd;
    return 0;
}

void board_file_close(int fd)
{
#if BMX_SEMIHOSTING
    semihosting_close(fd);
#else
    (void)fd;
#endif
}

uint64_t board_clock_ns(void)
{
    return systick_clock_ns();
}

long board_load_file(const char *path, void *buf, size_t max, const char **why)
{
#if BMX_SEMIHOSTING
    return semihosting_load_file(path, buf, max, why);
#else
    *why = "this build has no semihosting (meson -Dsemihosting=true)";
    return -1;
#endif
}

void board_exit(int status)
{
#if BMX_SEMIHOSTING
    semihosting_exit(status);
#else
    /* No one to tell: say it on the console and stop. */
    static const char msg[] = "\r\nbmx86: stopped, exit status ";
    for (const char *p = msg; *p; p++) {
        board_putc(*p);
    }
    char digits[12];
    int n = 0;
    unsigned v = (unsigned)status;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) {
        board_putc(digits[--n]);
    }
    board_putc('\r');
    board_putc('\n');
    for (;;) {
        __asm__ volatile("wfi");
    }
#endif
}

const char *const board_fault_kinds = "undef, divzero, bus, hardfault, stack";

/* Recurses until the stack guard stops it. */
/* A bound the compiler cannot see through, so the recursion is not
 * "infinite" to it; no stack is deep enough to reach it. */
static volatile int eat_stack_bound = 1 << 30;

static int __attribute__((noinline)) eat_stack(int depth)
{
    volatile uint8_t pad[256];
    pad[0] = (uint8_t)depth;
    if (depth >= eat_stack_bound) {
        return pad[0];
    }
    return eat_stack(depth + 1) + pad[0];
}

void board_trigger_fault(const char *kind)
{
    if (!strcmp(kind, "undef")) {
        __asm__ volatile("udf #0");
    } else if (!strcmp(kind, "divzero")) {
        /* A real SDIV: a C division by a constant gets optimized away. */
        int r, one = 1, zero = 0;
        __asm__ volatile("sdiv %0, %1, %2" : "=r"(r) : "r"(one), "r"(zero));
        (void)r;
    } else if (!strcmp(kind, "bus")) {
        /* Nothing answers here on any supported board. */
        (void)REG32(0xEFF00000u);
    } else if (!strcmp(kind, "stack")) {
        (void)eat_stack(0);
    } else if (!strcmp(kind, "hardfault")) {
        /* With UsageFault disabled the same UDF escalates to HardFault. */
        SCB_SHCSR &= ~SHCSR_USGFAULTENA;
        __asm__ volatile("dsb\n\tisb\n\tudf #1");
    }
}

/* Called by Reset_Handler with memory set up. */
void board_start(void)
{
    static char cmdline[BMX_CMDLINE_MAX];
    static char *argv[BMX_ARGV_MAX];

    board_init();
    if (board_get_cmdline(cmdline, sizeof(cmdline)) < 0) {
        board_exit(cmdline_too_long());
    }
    /* -1 (more than BMX_ARGV_MAX words): kernel_main says so. */
    board_exit(
        kernel_main(cmdline_split(cmdline, argv, ARRAY_SIZE_K(argv)), argv));
}
