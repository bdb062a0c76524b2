/*
 * libFuzzer entry point for long manual decoder fuzzing runs (see
 * docs/conformance.md). Input: byte 0 selects the mode (bit 0: protected
 * mode) and seeds the registers; the rest is the code.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz-common.h"
#include "memory/memory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int vec;

    if (size < 2) {
        return 0;
    }
    fuzz_init();
    (void)fuzz_run(data + 1, size - 1, data[0] & 1, data[0] * 0x01010101u, 1000,
                   &vec);
    return 0;
}
