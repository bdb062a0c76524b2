/* The vector table: the core reads SP and the reset PC from its first two
 * words, so it is placed first in CODE by linker/common.ld. */
#include "boot.h"

extern uint32_t __exc_stack[];

void Default_Handler(void);
void HardFault_Handler(void);
void MemManage_Handler(void);
void BusFault_Handler(void);
void UsageFault_Handler(void);
void SecureFault_Handler(void);

/* Handlers a board or the kernel may override; by default they report an
 * unexpected exception like a fault. */
#define WEAK_DEFAULT(name)                                                     \
    void name(void);                                                           \
    __attribute__((weak)) void name(void)                                      \
    {                                                                          \
        Default_Handler();                                                     \
    }
WEAK_DEFAULT(NMI_Handler)
WEAK_DEFAULT(SVC_Handler)
WEAK_DEFAULT(DebugMon_Handler)
WEAK_DEFAULT(PendSV_Handler)

/* 16 system exceptions + the external interrupts of the largest board
 * (AN505/AN547 use up to 96); unclaimed ones go to Default_Handler. */
#define NUM_EXTERNAL_IRQS 96

typedef void (*vector_fn)(void);

__attribute__((section(".vectors"), used))
const vector_fn vector_table[16 + NUM_EXTERNAL_IRQS] = {
    [0] = (vector_fn)(uintptr_t)__exc_stack, /* MSP: handlers only */
    [1] = Reset_Handler,
    [2] = NMI_Handler,
    [3] = HardFault_Handler,
    [4] = MemManage_Handler,
    [5] = BusFault_Handler,
    [6] = UsageFault_Handler,
    [7] = SecureFault_Handler,
    [11] = SVC_Handler,
    [12] = DebugMon_Handler,
    [14] = PendSV_Handler,
    [15] = SysTick_Handler,
    [16 ... 16 + NUM_EXTERNAL_IRQS - 1] = Default_Handler,
};
