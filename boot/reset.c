/* Reset: set up C's memory (data, bss, TLS), the core's fault reporting
 * and constructors, then hand over to the board. */
#include <string.h>

#include "boot.h"

extern uint32_t __data_start[], __data_end[], __data_source[];
extern uint32_t __bss_start[], __bss_end[];
extern uint32_t __bss_hot_start[], __bss_hot_end[];
extern uint32_t __bss_cold_start[], __bss_cold_end[];
extern uint32_t __tls_base[];
extern uint32_t __stack[], __stack_limit[];
extern const void *const vector_table[];

void __libc_init_array(void);
#ifdef __PICOLIBC__
void _set_tls(void *tls);
#endif

#define MPU_TYPE REG32(0xE000ED90u)
#define MPU_CTRL REG32(0xE000ED94u)
#define MPU_RNR  REG32(0xE000ED98u)
#define MPU_RBAR REG32(0xE000ED9Cu)
#define MPU_RASR REG32(0xE000EDA0u)

/* Guard the bottom 1 KiB of the thread stack (linker/common.ld). */
static void stack_guard_init(void)
{
#if defined(__ARM_ARCH_8M_MAIN__) || defined(__ARM_ARCH_8_1M_MAIN__)
    /* ARMv8-M checks the limit in hardware (UsageFault STKOF). */
    __asm__ volatile("msr psplim, %0"
                     :
                     : "r"((uint32_t)(uintptr_t)__stack_limit + 1024));
#else
    if ((MPU_TYPE >> 8 & 0xff) == 0) {
        return; /* no MPU: no guard */
    }
    /* Region 7 (highest priority): 1 KiB (SIZE=9), no access, XN;
     * PRIVDEFENA keeps the default map everywhere else. */
    MPU_RNR = 7;
    MPU_RBAR = (uint32_t)(uintptr_t)__stack_limit;
    MPU_RASR = (1u << 28) | (0u << 24) | (9u << 1) | 1u;
    MPU_CTRL = (1u << 2) | 1u;
#endif
    __asm__ volatile("dsb\n\tisb" ::: "memory");
}

/* Zeroes [dst, end), word-aligned, four words a step: the guest RAM pool
 * is most of .bss (16 MiB and more), and a byte-wise memset -- what gcc
 * would turn a plain loop into, and picolibc's is -- takes seconds of a
 * 25 MHz core. */
__attribute__((optimize("no-tree-loop-distribute-patterns"))) static void
zero_words(uint32_t *dst, const uint32_t *end)
{
    while (end - dst >= 4) {
        dst[0] = dst[1] = dst[2] = dst[3] = 0;
        dst += 4;
    }
    while (dst < end) {
        *dst++ = 0;
    }
}

/* Plain loops, not memcpy: the libc may not be usable before this runs. */
__attribute__((section(".text.Reset_Handler"), used,
               optimize("no-tree-loop-distribute-patterns"))) void
Reset_Handler(void)
{
    uint32_t *dst = __data_start;
    const uint32_t *src = __data_source;
    while (dst < __data_end) {
        *dst++ = *src++;
    }
    zero_words(__bss_start, __bss_end);
    /* the hot and cold pools, when the board puts them in other RAMs */
    zero_words(__bss_hot_start, __bss_hot_end);
    zero_words(__bss_cold_start, __bss_cold_end);
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
    stack_guard_init();
    /* From here the thread runs on PSP (the main stack); MSP keeps the
     * exception stack. A naked switch: no locals live across it. */
    __asm__ volatile("msr psp, %0\n\t"
                     "mrs r0, control\n\t"
                     "orr r0, r0, #2\n\t"
                     "msr control, r0\n\t"
                     "isb\n\t"
                     "bl __libc_init_array\n\t"
                     "bl board_start\n\t"
                     :
                     : "r"(__stack)
                     : "r0", "memory");
    for (;;) {
    }
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
