/*
 * Benchmark guest main: read the iteration count the harness patched in,
 * run the workload, report the checksum, exit on every system.
 */
#include "bench.h"

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

static void put_char(char c)
{
    outb(BENCH_DEBUGCON_PORT, (uint8_t)c);
}

static void put_str(const char *s)
{
    while (*s) {
        put_char(*s++);
    }
}

static void put_dec(uint32_t v)
{
    char buf[12];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) {
        put_char(buf[--n]);
    }
}

static void put_hex(uint32_t v)
{
    for (int i = 28; i >= 0; i -= 4) {
        put_char("0123456789abcdef"[(v >> i) & 15]);
    }
}

/* gcc may call these for copies and clears even when freestanding. */
void *memcpy(void *dst, const void *src, uint32_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--) {
        *d++ = *s++;
    }
    return dst;
}

void *memset(void *dst, int c, uint32_t n)
{
    uint8_t *d = dst;
    while (n--) {
        *d++ = (uint8_t)c;
    }
    return dst;
}

__attribute__((noreturn)) void bench_main(void)
{
#ifdef BENCH_REAL_MODE
    /* the image's copy in the data segment (crt-real.S) */
    const volatile BenchParams *p =
        (const volatile BenchParams *)BENCH_PARAMS_OFFSET;
#else
    const volatile BenchParams *p =
        (const volatile BenchParams *)BENCH_PARAMS_ADDR;
#endif
    uint32_t iters = p->iterations;
    uint32_t sum = bench_workload(iters);

    put_str("bench ");
    put_str(bench_name);
    put_str(": iterations ");
    put_dec(iters);
    put_str(" checksum ");
    put_hex(sum);
    put_char('\n');
    /* QEMU and bmx86 stop here (status 1); Bochs ignores it... */
    outb(BENCH_EXIT_PORT, 0);
    /* ...and stops on its shutdown port. */
    for (const char *s = "Shutdown"; *s; s++) {
        outb(BENCH_BOCHS_PORT, (uint8_t)*s);
    }
    for (;;) {
        __asm__ volatile("cli; hlt");
    }
}
