/* Private to drivers/: the Cortex-M peripherals behind the board API. */
#ifndef BMX_CORTEXM_DRIVERS_H
#define BMX_CORTEXM_DRIVERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* CMSDK APB UART */
void cmsdk_uart_init(uintptr_t base, uint32_t clk_hz, uint32_t baud);
void cmsdk_uart_putc(uintptr_t base, char c);
int cmsdk_uart_getc(uintptr_t base);
/* Unbuffered receive (a UART other than the console's): -1 if empty. */
int cmsdk_uart_poll(uintptr_t base);
void cmsdk_uart_enable_rx_irq(uintptr_t base, bool on);
void cmsdk_uart_rx_irq(uintptr_t base);

/* SysTick as a free-running 64-bit clock */
void systick_clock_init(uint32_t cpu_hz);
uint64_t systick_clock_ns(void);

/* ARM semihosting (only usable under a debugger or QEMU) */
#define SEMIHOSTING_SYS_OPEN          0x01
#define SEMIHOSTING_SYS_CLOSE         0x02
#define SEMIHOSTING_SYS_READ          0x06
#define SEMIHOSTING_SYS_SEEK          0x0A
#define SEMIHOSTING_SYS_FLEN          0x0C
#define SEMIHOSTING_SYS_GET_CMDLINE   0x15
#define SEMIHOSTING_SYS_EXIT_EXTENDED 0x20

_Noreturn void semihosting_exit(int status);
long semihosting_get_cmdline(char *buf, size_t len);
/* A host file kept open for reads at any offset (block devices). */
long semihosting_open(const char *path, uint64_t *size, const char **why);
int semihosting_pread(long fd, void *buf, size_t len, uint64_t offset);
void semihosting_close(long fd);
long semihosting_load_file(const char *path, void *buf, size_t max,
                           const char **why);

/* L1 caches (Cortex-M7, Cortex-M55): found through CLIDR and CCSIDR.
 * cortexm_cache_init installs the code generator's sync hook when the
 * core has them and returns a line for the banner (NULL: no caches). */
const char *cortexm_cache_init(void);
/* Cleans the D-cache to the point of unification and invalidates the
 * I-cache over [p, p + len), by lines (the code buffer's sync hook). */
void cortexm_cache_sync_code(void *p, size_t len);

/* Calls op(addr) for the address of each cache line of line_bytes (a
 * power of two) that [p, p + len) touches, lowest first; none when len
 * is 0. Returns the number of lines. Inline so that the board's loop is
 * one store per line; the unit test (tests/unit/test-cache.c) passes a
 * recorder instead of a register store. */
static inline size_t cortexm_cache_for_lines(uintptr_t p, size_t len,
                                             uint32_t line_bytes,
                                             void (*op)(uintptr_t addr))
{
    if (len == 0 || line_bytes == 0) {
        return 0;
    }
    uintptr_t a = p & ~(uintptr_t)(line_bytes - 1);
    uintptr_t last = (p + len - 1) & ~(uintptr_t)(line_bytes - 1);
    size_t n = 0;
    for (;; a += line_bytes) {
        op(a);
        n++;
        if (a == last) {
            break;
        }
    }
    return n;
}

#endif
