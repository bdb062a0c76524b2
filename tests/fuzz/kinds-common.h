/* Shared by test-kinds-diff.c and fuzz-kinds.c (see kinds-common.c). */
#ifndef BMX_TESTS_FUZZ_KINDS_COMMON_H
#define BMX_TESTS_FUZZ_KINDS_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "fuzz-common.h"

#define DATA_ADDR 0x30000u /* EBX (protected mode) or DS:BX (real mode) */
#define DATA_SIZE 0x400u
#define STACK_PM  0x80000u
#define STACK_RM  0x58000u /* SS = 0x5000, SP = 0x8000 */

typedef struct State {
    uint32_t regs[8], eip, eflags;
    uint8_t data[DATA_SIZE], stack[0x200];
    uint32_t cc[3]; /* lazy flags, for the report (not compared) */
} State;

uint32_t kinds_rnd(uint32_t *s);
/* A random sequence of inline forms (at most FUZZ_MAX_BYTES - 16). */
size_t kinds_make_sequence(uint32_t *s, uint8_t *buf, bool pm);
/* Runs code once (after fuzz_init) with the inline kinds on or off, from
 * registers, data and stack seeded by seed; fills *st. */
MachineExitReason kinds_run_once(const uint8_t *code, size_t len, bool pm,
                                 uint32_t seed, bool inline_kinds, State *st);
/* Prints the code and both states to stderr. */
void kinds_report(const uint8_t *code, size_t len, const State *a,
                  const State *b);

#endif
