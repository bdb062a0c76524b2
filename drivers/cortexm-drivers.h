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

#endif
