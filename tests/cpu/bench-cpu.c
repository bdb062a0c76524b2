#define _POSIX_C_SOURCE 199309L
/*
 * Host cost per guest instruction: runs a real-mode loop of everyday
 * instructions (loads, stores, ALU, inc/dec, a conditional branch) and
 * reports guest instructions per second. Under callgrind, total Ir divided
 * by the guest count printed here gives host instructions per guest one.
 *   valgrind --tool=callgrind build/tests/cpu/bench-cpu
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "cpu-fixture.h"

int main(int argc, char **argv)
{
    long outer = argc > 1 ? atol(argv[1]) : 20;
    static const uint8_t code[] = {
        0x31, 0xc9,       /* outer: xor cx,cx */
        0x8b, 0x04,       /* l: mov ax,[si] */
        0x01, 0xd8,       /* add ax,bx */
        0x89, 0x05,       /* mov [di],ax */
        0x83, 0xc6, 0x02, /* add si,2 */
        0x83, 0xc7, 0x02, /* add di,2 */
        0x31, 0xc2,       /* xor dx,ax */
        0x49,             /* dec cx */
        0x75, 0xef,       /* jnz l */
        0x4d,             /* dec bp */
        0x75, 0xea,       /* jnz outer */
        0xf4,
    };
    struct timespec t0, t1;

    cpu_group_setup(NULL);
    cpu_fixture_reset(X86_CPU_486);
    put_bytes(0x1000, code, sizeof(code));
    cpu_x86_load_seg_real(env, R_DS, 0x2000);
    env->regs[R_EBP] = (uint32_t)outer;
    env->regs[R_EDI] = 0x8000;
    uint64_t start = cs->icount;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int r = run_until_hlt(INT64_MAX);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    uint64_t n = cs->icount - start;
    double s =
        (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
    printf("exit %d: %llu guest instructions in %.3f s = %.1f M/s\n", r,
           (unsigned long long)n, s, n / s / 1e6);
    return r == EXCP_HLT ? 0 : 1;
}
