/*
 * Paging: 16 MiB identity-mapped with 4 KiB pages; each iteration reloads
 * CR3 (a context switch's TLB flush), sweeps an 8 MiB working set a page
 * at a time, then makes random read-modify-writes over it, so nearly
 * every access needs a new TLB entry.
 */
#include "bench.h"

const char bench_name[] = "paging";

#define PD_ADDR  0x100000u
#define PT_ADDR  0x101000u /* 4 page tables: 16 MiB */
#define MAP_MIB  16u
#define WS_BASE  0x400000u
#define WS_PAGES 2048u /* 8 MiB */
#define PTE_P_W  0x3u
#define CR0_PG   0x80000000u

static uint32_t rng_state;

static uint32_t rng(void)
{
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rng_state = x;
    return x;
}

static void write_cr3(uint32_t v)
{
    __asm__ volatile("mov %0, %%cr3" ::"r"(v) : "memory");
}

static void paging_on(void)
{
    volatile uint32_t *pd = (volatile uint32_t *)PD_ADDR;
    volatile uint32_t *pt = (volatile uint32_t *)PT_ADDR;
    for (uint32_t i = 0; i < 1024; i++) {
        pd[i] = i < MAP_MIB / 4 ? (PT_ADDR + i * 4096) | PTE_P_W : 0;
    }
    for (uint32_t i = 0; i < MAP_MIB * 256; i++) {
        pt[i] = (i * 4096) | PTE_P_W;
    }
    write_cr3(PD_ADDR);
    uint32_t cr0;
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    __asm__ volatile("mov %0, %%cr0" ::"r"(cr0 | CR0_PG) : "memory");
}

uint32_t bench_workload(uint32_t iterations)
{
    volatile uint32_t *ws = (volatile uint32_t *)WS_BASE;
    uint32_t sum = 0;
    rng_state = 88172645u;
    paging_on();
    /* RAM contents differ between systems: start from zeros. */
    for (uint32_t i = 0; i < WS_PAGES * 1024; i += 1024) {
        for (uint32_t j = 0; j < 1024; j++) {
            ws[i + j] = 0;
        }
    }
    for (uint32_t it = 0; it < iterations; it++) {
        write_cr3(PD_ADDR);
        for (uint32_t p = 0; p < WS_PAGES; p++) {
            uint32_t *w = (uint32_t *)(WS_BASE + p * 4096 + (it & 63) * 64);
            *w += p ^ it;
            sum += *w;
        }
        for (uint32_t k = 0; k < 8192; k++) {
            uint32_t r = rng();
            uint32_t idx = (r % WS_PAGES) * 1024 + ((r >> 16) & 1023);
            uint32_t v = ws[idx];
            ws[idx] = v * 2654435761u + k;
            sum = (sum << 1 | sum >> 31) ^ v;
        }
    }
    return sum;
}
