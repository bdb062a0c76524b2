/*
 * libFuzzer harness: the whole machine (bare, or pc when built with
 * FUZZ_ON_PC=1) runs the input with a small instruction budget. Byte 0
 * picks how it starts (fuzz-machine.h): the rest is a BIOS image (its
 * tail, ending at 4 GiB) or code run in real mode, flat 32-bit protected
 * mode, or with paging on. The run must end in a defined way and leave the
 * ROM image as it was.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz-machine.h"

#ifndef FUZZ_ON_PC
#define FUZZ_ON_PC 0
#endif

/* Small: random code runs far slower than real code (issue 16). */
#define IMAGE_BUDGET 20000
#define CODE_BUDGET  10000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzStart start;
    MachineExitReason r;

    if (size < 1) {
        return 0;
    }
    start = (FuzzStart)(data[0] % FUZZ_START_NR);
    fuzz_machine_setup(FUZZ_ON_PC ? FUZZ_MACHINE_PC : FUZZ_MACHINE_BARE, false);
    fuzz_machine_load(start, data + 1, size - 1);
    r = fuzz_machine_run(start == FUZZ_START_IMAGE ? IMAGE_BUDGET
                                                   : CODE_BUDGET);
    if (r > MACHINE_EXIT_BUDGET) {
        fprintf(stderr, "fuzz: undefined exit reason %d\n", (int)r);
        abort();
    }
    fuzz_rom_check();
    return 0;
}
