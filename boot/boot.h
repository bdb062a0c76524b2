/*
 * boot: the Cortex-M core itself -- vector table, reset, fault handlers,
 * and the system registers (SCB, SysTick) that boot/ and drivers/ use.
 * Common to every ARMv7-M and ARMv8-M Mainline core we support.
 */
#ifndef BMX_BOOT_H
#define BMX_BOOT_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* System control block */
#define SCB_CPUID REG32(0xE000ED00u)
#define SCB_ICSR  REG32(0xE000ED04u)
#define SCB_VTOR  REG32(0xE000ED08u)
#define SCB_AIRCR REG32(0xE000ED0Cu)
#define SCB_CCR   REG32(0xE000ED14u)
#define SCB_SHCSR REG32(0xE000ED24u)
#define SCB_CFSR  REG32(0xE000ED28u)
#define SCB_HFSR  REG32(0xE000ED2Cu)
#define SCB_MMFAR REG32(0xE000ED34u)
#define SCB_BFAR  REG32(0xE000ED38u)
#define SCB_SFSR  REG32(0xE000EDE4u) /* ARMv8-M Security Extension */
#define SCB_SFAR  REG32(0xE000EDE8u)

#define SHCSR_MEMFAULTENA (1u << 16)
#define SHCSR_BUSFAULTENA (1u << 17)
#define SHCSR_USGFAULTENA (1u << 18)
#define CCR_DIV_0_TRP     (1u << 4)
#define CCR_UNALIGN_TRP   (1u << 3)
#define AIRCR_VECTKEY     (0x05FAu << 16)
#define AIRCR_SYSRESETREQ (1u << 2)

/* SysTick */
#define SYST_CSR REG32(0xE000E010u)
#define SYST_RVR REG32(0xE000E014u)
#define SYST_CVR REG32(0xE000E018u)

/* Entered by the reset handler once memory is set up; never returns. */
_Noreturn void board_start(void);

void Reset_Handler(void);
void SysTick_Handler(void);

#endif
