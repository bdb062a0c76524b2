/*
 * The native limit: the same workload source built as a host program
 * (gcc -m32 with the guest's flags, so it runs the same instructions).
 *   bench-native-int ITERATIONS
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

int main(int argc, char **argv)
{
    uint32_t iters = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 0) : 1;
    uint32_t sum = bench_workload(iters);
    printf("bench %s: iterations %u checksum %08x\n", bench_name,
           (unsigned)iters, (unsigned)sum);
    return 0;
}
