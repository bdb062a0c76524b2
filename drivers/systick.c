/*
 * A monotonic nanosecond clock from SysTick: the 24-bit counter runs from
 * the core clock and its wrap interrupt extends it to 64 bits. Under
 * `qemu-system-arm -icount` this counts executed instructions exactly.
 */
#include "boot.h"
#include "cortexm-drivers.h"

#define SYST_CSR_ENABLE    (1u << 0)
#define SYST_CSR_TICKINT   (1u << 1)
#define SYST_CSR_CLKSOURCE (1u << 2)
#define SYST_RELOAD        0xFFFFFFu

static volatile uint32_t systick_wraps;
static uint32_t systick_hz;

void SysTick_Handler(void)
{
    systick_wraps++;
}

void systick_clock_init(uint32_t cpu_hz)
{
    systick_hz = cpu_hz;
    SYST_RVR = SYST_RELOAD;
    SYST_CVR = 0;
    SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE;
}

uint64_t systick_clock_ns(void)
{
    uint32_t w1, w2, cur;
    do {
        w1 = systick_wraps;
        cur = SYST_CVR;
        w2 = systick_wraps;
    } while (w1 != w2);
    uint64_t ticks = (uint64_t)w1 * (SYST_RELOAD + 1) + (SYST_RELOAD - cur);
    /* Split to keep ticks * 1e9 from overflowing after a few minutes. */
    return ticks / systick_hz * 1000000000ull +
           ticks % systick_hz * 1000000000ull / systick_hz;
}
