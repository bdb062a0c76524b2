/* Reset: set up C's memory (data, bss, TLS), the core's fault reporting
 * and constructors, then hand over to the board. */
#include <string.h>

#include "boot.h"

extern uint32_t __data_start[], __data_end[], __data_source[];
extern uint32_t __bss_start[], __bss_end[];
extern uint32_t __tls_base[];
extern const void *const vector_table[];

void __libc_init_array(void);
#ifdef __PICOLIBC__
void _set_tls(void *tls);
#endif

/* Plain loops, not memcpy: the libc may not be usable before this runs. */
__attribute__((section(".text.Reset_Handler"), used)) void Reset_Handler(void)
{
    uint32_t *dst = __data_start;
    const uint32_t *src = __data_source;
    while (dst < __data_end) {
        *dst++ = *src++;
    }
    for (dst = __bss_start; dst < __bss_end; dst++) {
        *dst = 0;
    }
#ifdef __PICOLIBC__
    /* errno is thread-local in picolibc. */
    _set_tls(__tls_base);
#endif
    /* The Secure boards reset with VTOR at their Secure code alias;
     * point it at our table wherever it was linked. */
    SCB_VTOR = (uint32_t)(uintptr_t)vector_table;
    /* Report MemManage, BusFault and UsageFault as themselves instead of
     * an escalated HardFault, and trap integer division by zero. */
    SCB_SHCSR |= SHCSR_MEMFAULTENA | SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA;
    SCB_CCR |= CCR_DIV_0_TRP;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    __libc_init_array();
    board_start();
}

/* newlib's __libc_init_array calls these; -nostartfiles leaves them out. */
void _init(void);
void _fini(void);
void _init(void)
{
}
void _fini(void)
{
}
