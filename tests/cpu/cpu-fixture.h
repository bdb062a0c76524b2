/*
 * Fixture of the 'cpu' unit tests: a 386-class PC-ish memory map with RAM,
 * a ROM, and a counting MMIO device, plus one CPU in real mode.
 *   0x00000-0x9ffff  RAM          0xa0000-0xaffff  MMIO log device
 *   0xf0000-0xfffff  ROM          0x100000-0x1fffff RAM
 */
#ifndef TESTS_CPU_FIXTURE_H
#define TESTS_CPU_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "target-i386/cpu.h"
#include "memory/memory.h"

#define LOW_RAM_SIZE 0xa0000
#define MMIO_BASE    0xa0000
#define ROM_BASE     0xf0000
#define HIGH_BASE    0x100000

extern X86CPU test_cpu;
extern CPUX86State *env;
extern CPUState *cs;
extern uint8_t *low_ram;
extern uint8_t *rom;
extern uint8_t *high_ram; /* 1 MiB at HIGH_BASE (not cleared by reset) */

/* MMIO accesses seen by the log device. */
typedef struct MmioAccess {
    uint32_t addr;
    unsigned size;
    bool write;
    uint64_t val;
} MmioAccess;
extern MmioAccess mmio_log[64];
extern int mmio_count;

int cpu_group_setup(void **state);
/* Fresh CPU in real mode: CS=DS=ES=SS=0, IP=0x1000, SP=0x8000; RAM
 * cleared; TB cache flushed. */
void cpu_fixture_reset(X86CPULevel level);
/* Un-halts the CPU and runs until HLT (or the budget); returns
 * cpu_exec's last result. */
int run_until_hlt(int64_t budget);
void put_bytes(uint32_t addr, const uint8_t *b, size_t n);

#endif
