/*
 * Decoder fuzzing on the SST harness machine. Memory layout:
 *   0x00000  real-mode IVT: vector v -> 0000:(0x1000 + v)
 *   0x01000  256 HLT bytes, one per vector (real mode)
 *   0x02000  256 HLT bytes, one per vector (protected mode)
 *   0x03000  GDT: null, flat code 0x08, flat data 0x10
 *   0x04000  IDT: 256 interrupt gates to 0x2000 + v
 *   0x20000  the fuzzed bytes, then HLTs (real mode: CS = 0x2000)
 * Everything is rewritten before each run: the bytes may store anywhere.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "memory/memory.h"

#define CODE_ADDR FUZZ_CODE_ADDR
#define GDT_ADDR  0x3000u
#define IDT_ADDR  0x4000u

static uint8_t layout_low[0x5000];
static bool ready;

static uint32_t xorshift(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

void fuzz_init(void)
{
    static const uint8_t gdt[24] = {
        0,    0,    0, 0, 0, 0,    0,    0,
        0xff, 0xff, 0, 0, 0, 0x9b, 0xcf, 0, /* 0x08 code32 flat */
        0xff, 0xff, 0, 0, 0, 0x93, 0xcf, 0, /* 0x10 data32 flat */
    };

    if (ready) {
        return;
    }
    /* the harness's RAM, from the host (fuzzers are hosted programs) */
    size_t pool = HARNESS_RAM_SIZE + (1u << 20);
    qemu_ram_pool_init(aligned_alloc(4096, pool), pool, "fuzz-pool");
    /* a 586 decodes everything the fuzzer may hit, 32-bit mode included */
    harness_machine_init_cpu(X86_CPU_586);
    memset(layout_low, 0, sizeof(layout_low));
    for (int v = 0; v < 256; v++) {
        uint32_t h = 0x2000u + (uint32_t)v;
        layout_low[v * 4 + 0] = (uint8_t)(0x1000 + v);
        layout_low[v * 4 + 1] = (uint8_t)((0x1000 + v) >> 8);
        layout_low[0x1000 + v] = 0xf4;
        layout_low[0x2000 + v] = 0xf4;
        uint8_t *g = &layout_low[IDT_ADDR + v * 8];
        g[0] = (uint8_t)h;
        g[1] = (uint8_t)(h >> 8);
        g[2] = 0x08;
        g[3] = 0;
        g[4] = 0;
        g[5] = 0x8e;
        g[6] = (uint8_t)(h >> 16);
        g[7] = (uint8_t)(h >> 24);
    }
    memcpy(&layout_low[GDT_ADDR], gdt, sizeof(gdt));
    ready = true;
}

void fuzz_load(const uint8_t *bytes, size_t len, bool pm, uint32_t regs_seed)
{
    uint8_t code[FUZZ_MAX_BYTES + 16];
    uint32_t s = regs_seed | 1;
    HarnessRegs r;

    len = len > FUZZ_MAX_BYTES ? FUZZ_MAX_BYTES : len;
    memcpy(code, bytes, len);
    memset(code + len, 0xf4, sizeof(code) - len);
    harness_write_ram(0, layout_low, sizeof(layout_low));
    harness_write_ram(CODE_ADDR, code, sizeof(code));

    if (pm) {
        harness_load_flat32(CODE_ADDR, 0x80000, 0x08, 0x10, GDT_ADDR, 23,
                            IDT_ADDR, 256 * 8 - 1);
    } else {
        r.ax = (uint16_t)xorshift(&s);
        r.bx = (uint16_t)xorshift(&s);
        r.cx = (uint16_t)(xorshift(&s) & 0xff); /* keep REP loops short */
        r.dx = (uint16_t)xorshift(&s);
        r.si = (uint16_t)xorshift(&s);
        r.di = (uint16_t)xorshift(&s);
        r.bp = (uint16_t)xorshift(&s);
        r.sp = (uint16_t)(xorshift(&s) | 0x100);
        r.ds = (uint16_t)xorshift(&s);
        r.es = (uint16_t)xorshift(&s);
        r.ss = 0x5000;
        r.cs = (uint16_t)(CODE_ADDR >> 4);
        r.ip = 0;
        r.flags = (uint16_t)(xorshift(&s) & 0x0cd5); /* no TF, no IF */
        harness_load_regs(&r);
    }
}

FuzzOutcome fuzz_run(const uint8_t *bytes, size_t len, bool pm,
                     uint32_t regs_seed, uint64_t budget, int *vector)
{
    MachineRunResult res;
    HarnessRegs r;
    uint32_t ip;

    len = len > FUZZ_MAX_BYTES ? FUZZ_MAX_BYTES : len;
    fuzz_load(bytes, len, pm, regs_seed);
    res = harness_run(budget);
    if (res.reason == MACHINE_EXIT_TRIPLE_FAULT) {
        return FUZZ_SHUTDOWN;
    }
    if (res.reason == MACHINE_EXIT_BUDGET) {
        return FUZZ_BUDGET;
    }
    harness_read_regs(&r);
    ip = (uint32_t)r.ip - 1; /* HLT leaves IP after itself */
    if (pm) {
        /* harness_read_regs gives the low 16 bits of EIP */
        if (ip >= 0x2000 && ip < 0x2100) {
            *vector = (int)(ip - 0x2000);
            return FUZZ_EXCEPTION;
        }
        if (ip >= (CODE_ADDR & 0xffff) + len &&
            ip < (CODE_ADDR & 0xffff) + len + 16) {
            return FUZZ_RAN;
        }
        return FUZZ_OTHER;
    }
    if (r.cs == 0 && ip >= 0x1000 && ip < 0x1100) {
        *vector = (int)(ip - 0x1000);
        return FUZZ_EXCEPTION;
    }
    if (r.cs == (CODE_ADDR >> 4) && ip >= len && ip < len + 16) {
        return FUZZ_RAN;
    }
    return FUZZ_OTHER;
}
