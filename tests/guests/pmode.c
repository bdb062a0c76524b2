/* Real mode -> protected mode (crt32) -> real mode -> protected mode. */
#include "guest32.h"

/* pmode-rm.S: drops to real mode, runs a few real-mode instructions that
 * leave a result at linear 0x600, and comes back. */
void to_real_and_back(void);

int main32(void);
int main32(void)
{
    test_name = "pmode";
    puts32("pmode: in protected mode\n");
    CHECK(1, read_cr0() & 1);
    uint16_t cs;
    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    CHECK_EQ(2, cs, SEL_CODE32);

    /* A 32-bit flat segment really reaches above 1 MiB. */
    volatile uint32_t *high = (volatile uint32_t *)0x00500000;
    *high = 0x12345678;
    CHECK_EQ(3, *high, 0x12345678);

    *(volatile uint32_t *)0x600 = 0;
    to_real_and_back();
    CHECK(4, read_cr0() & 1);
    /* The real-mode part wrote CS (F000) and a segment-computed value. */
    CHECK_EQ(5, *(volatile uint16_t *)0x600, 0xf000);
    CHECK_EQ(6, *(volatile uint16_t *)0x602, 0xbeef);
    CHECK_EQ(7, *(volatile uint16_t *)0x604, 0x1234);
    puts32("pmode: back in protected mode after real mode: ok\n");
    return 0;
}
