/* Shared by the bounded decoder fuzz test and the libFuzzer entry point. */
#ifndef BMX_FUZZ_COMMON_H
#define BMX_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "machine/machine.h"

typedef enum FuzzOutcome {
    FUZZ_RAN,       /* reached the HLT after the bytes */
    FUZZ_EXCEPTION, /* ended in an exception/interrupt handler */
    FUZZ_BUDGET,    /* still running (a loop) when the budget ran out */
    FUZZ_SHUTDOWN,  /* triple fault */
    FUZZ_OTHER,     /* halted elsewhere (a HLT among the bytes, a jump) */
    FUZZ_NR_OUTCOMES
} FuzzOutcome;

#define FUZZ_MAX_BYTES 128
#define FUZZ_CODE_ADDR 0x20000u

/* Sets up the RAM pool, the harness (once) and the fuzz RAM layout. */
void fuzz_init(void);
/* Writes the layout and bytes (then HLTs) at FUZZ_CODE_ADDR and loads the
 * CPU as fuzz_run does, without running. */
void fuzz_load(const uint8_t *bytes, size_t len, bool pm, uint32_t regs_seed);
/* Runs bytes as code in real mode (pm false) or 32-bit protected mode;
 * regs_seed randomises the registers. *vector gets the exception vector
 * for FUZZ_EXCEPTION. */
FuzzOutcome fuzz_run(const uint8_t *bytes, size_t len, bool pm,
                     uint32_t regs_seed, uint64_t budget, int *vector);

#endif
