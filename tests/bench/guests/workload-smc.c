/*
 * Self-modifying code: a tiny function in RAM has its immediate rewritten
 * before every call, so each call runs freshly written code (translated
 * code on the page must be thrown away each time).
 */
#include "bench.h"

const char bench_name[] = "smc";

#define CODE_ADDR 0x70000u

/* mov eax, imm32; add eax, [esp+4]; ret */
static const uint8_t code_template[] = {0xb8, 0,    0,    0,    0,
                                        0x03, 0x44, 0x24, 0x04, 0xc3};

typedef uint32_t (*AddFn)(uint32_t);

uint32_t bench_workload(uint32_t iterations)
{
    volatile uint8_t *code = (volatile uint8_t *)CODE_ADDR;
    AddFn fn = (AddFn)CODE_ADDR;
    uint32_t sum = 0;
    for (uint32_t i = 0; i < sizeof(code_template); i++) {
        code[i] = code_template[i];
    }
    for (uint32_t it = 0; it < iterations; it++) {
        for (uint32_t k = 0; k < 1024; k++) {
            uint32_t imm = k * 2654435761u + it;
            code[1] = (uint8_t)imm;
            code[2] = (uint8_t)(imm >> 8);
            code[3] = (uint8_t)(imm >> 16);
            code[4] = (uint8_t)(imm >> 24);
            __asm__ volatile("" ::: "memory");
            sum = (sum ^ fn(k)) * 16777619u;
        }
    }
    return sum;
}
