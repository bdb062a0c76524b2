/* Host tool, not built by meson: runs the fpu guest's cases (fpu-ops.h)
 * on the host's x87 and prints fpu-expected.inc.
 *   gcc -O2 -o fpu-gen tests/guests/fpu-gen.c && ./fpu-gen >
 *   tests/guests/fpu-expected.inc */
#include <stdio.h>

#include "fpu-ops.h"
#include "fpu-values.h"

int main(void)
{
    int n = 0;

    printf("/* made by fpu-gen.c on the host's x87: op, cw, a, b, m, "
           "result, status */\n");
    for (int op = 0; op < X87_NOPS; op++) {
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
    fprintf(stderr, "%d cases\n", n);
    return 0;
}
