/* The tick clock: monotonic time since boot, from the board. */
#include "drivers.h"
#include "kernel.h"

uint64_t clock_ns(void)
{
    return board_clock_ns();
}

uint64_t clock_ms(void)
{
    return board_clock_ns() / 1000000u;
}
