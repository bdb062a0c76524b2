/*
 * Port I/O: device dispatch cost. Each iteration writes and reads the
 * POST port (0x80) and reads debugcon (0xE9) between a little ALU work.
 * What a read returns differs between systems (QEMU reads 0xFF at 0x80,
 * Bochs the last byte written), so only what is written is checksummed.
 */
#include "bench.h"

const char bench_name[] = "portio";

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}

uint32_t bench_workload(uint32_t iterations)
{
    uint32_t sum = 0, x = 12345;
    for (uint32_t it = 0; it < iterations; it++) {
        for (uint32_t k = 0; k < 4096; k++) {
            x = x * 1103515245u + 12345u;
            uint8_t b = (uint8_t)(x >> 16);
            outb(0x80, b);
            (void)inb(0x80);
            outw(0x80, (uint16_t)(x >> 8));
            sum = (sum << 3 | sum >> 29) + b;
        }
    }
    return sum;
}
