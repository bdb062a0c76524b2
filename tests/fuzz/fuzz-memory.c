/*
 * libFuzzer harness: the memory API against the naive resolver (the
 * differential test of tests/memory-diff as a fuzzer). Byte 0 picks a
 * small tree (every address checked), a big one spanning 2^64, or one
 * changed inside nested transactions; the other bytes are the random
 * numbers that build the tree and pick the changes (then a seed made
 * from them goes on). Any disagreement with the reference aborts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "../memory-diff/diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t h = 0xcbf29ce484222325ull;
    int mode;
    bool ok;

    if (size < 1) {
        return 0;
    }
    for (size_t i = 0; i < size; i++) {
        h = (h ^ data[i]) * 0x100000001b3ull; /* FNV-1a */
    }
    mode = data[0] % 3;
    cur_seed = h & 0x7fffffff; /* diff-tree.c takes it as a small seed number */
    rng_seed(h);
    rng_feed(data + 1, size - 1);
    build_tree(mode == 1, mode != 2);
    ok = mode == 2 ? check_view(false) && diff_run_transactions(2)
                   : check_view(true);
    destroy_as();
    rng_feed(NULL, 0);
    if (!ok) {
        fprintf(stderr,
                "memory-diff: the model and the reference disagree "
                "(mode %d)\n",
                mode);
        abort();
    }
    return 0;
}
