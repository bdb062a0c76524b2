/* Host tool, not built by meson: runs the fpu guest's cases (fpu-ops.h)
 * on the host's x87 and prints the expected results:
 *   gcc -O2 -o fpu-gen tests/guests/fpu-gen.c
 *   ./fpu-gen > tests/guests/fpu-expected.inc
 *   ./fpu-gen trans > tests/guests/fpu-expected-trans.inc */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "fpu-ops.h"
#include "fpu-values.h"

int main(int argc, char **argv)
{
    int n = 0;
    bool trans = argc > 1 && !strcmp(argv[1], "trans");

    printf("/* made by fpu-gen.c on the host's x87: op, cw, a, b, m, "
           "result, status */\n");
    for (int op = 0; op < (trans ? 0 : X87_NOPS); op++) {
        for (int p = 0; p < FPU_NPAIRS; p++) {
            int c = (p + op) % FPU_NCWS, mi = (p + op) % FPU_NMVALS;
            X80 r = FPU_R_INIT, m = fpu_mvals[mi];
            uint16_t sw;
            x87_run(op, fpu_cws[c], &fpu_vals[fpu_pairs[p][0]],
                    &fpu_vals[fpu_pairs[p][1]], &m, &r, &sw);
            printf("{%d, %d, %d, %d, %d, 0x%016llxull, 0x%04x, 0x%04x},\n", op,
                   c, fpu_pairs[p][0], fpu_pairs[p][1], mi,
                   (unsigned long long)r.lo, r.hi, sw);
            n++;
        }
    }
    for (int op = X87_TRANS0; op < (trans ? X87_NALL : 0); op++) {
        for (int p = 0; p < FPU_NTPAIRS; p++) {
            const uint8_t *ab = fpu_tpairs[op - X87_TRANS0][p];
            int c = (p + op) % 4; /* the four rounding modes at 64 bits */
            X80 r = FPU_R_INIT, m = fpu_mvals[0];
            uint16_t sw;
            x87_run(op, fpu_cws[c], &fpu_vals[ab[0]], &fpu_vals[ab[1]], &m, &r,
                    &sw);
            printf("{%d, %d, %d, %d, %d, 0x%016llxull, 0x%04x, 0x%04x},\n", op,
                   c, ab[0], ab[1], 0, (unsigned long long)r.lo, r.hi, sw);
            n++;
        }
    }
    fprintf(stderr, "%d cases\n", n);
    return 0;
}
