/*
 * Benchmark guests: shared layout. Each guest is a raw 64 KiB BIOS image
 * (0xF0000-0xFFFFF, reset vector at F000:FFF0). The harness patches the
 * iteration count into the parameter block at a fixed image offset, just
 * below the reset vector:
 *
 *   image offset 0xFFE0: magic "BMXB" (checked by the harness)
 *   image offset 0xFFE4: iterations, uint32 little-endian
 *
 * The guest prints "bench NAME: iterations N checksum XXXXXXXX" on
 * debugcon (port 0xE9), writes 0 to isa-debug-exit (port 0xF4, exit
 * status 1 on QEMU and bmx86), then "Shutdown" to port 0x8900 (Bochs).
 */
#ifndef BENCH_H
#define BENCH_H

#define BENCH_PARAMS_OFFSET 0xffe0     /* in the image */
#define BENCH_PARAMS_ADDR   0xfffe0    /* guest physical, below 1 MiB */
#define BENCH_MAGIC         0x42584d42 /* "BMXB" */

#define BENCH_DEBUGCON_PORT 0xe9
#define BENCH_EXIT_PORT     0xf4
#define BENCH_BOCHS_PORT    0x8900

#define BENCH_STACK_TOP 0x90000
#define BENCH_SEL_CODE  0x08
#define BENCH_SEL_DATA  0x10

#ifndef __ASSEMBLER__
#include <stdint.h>

typedef struct BenchParams {
    uint32_t magic;
    uint32_t iterations;
    uint32_t reserved[2];
} BenchParams;

/* One per guest: runs the workload, returns its checksum. Pure integer
 * code, deterministic, so the same source also builds as a host program
 * where it needs no privileged instruction. */
uint32_t bench_workload(uint32_t iterations);
extern const char bench_name[];
#endif

#endif
