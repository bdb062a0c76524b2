/*
 * libFuzzer harness: the driver's inline kinds against the op handlers
 * (the kinds-diff comparison, docs/cpu.md). Input: byte 0 bit 0 picks
 * protected mode, bit 1 a generated sequence (bytes 1-4 seed the
 * generator of inline forms) instead of the raw bytes from byte 5 on;
 * bytes 1-4 always seed the registers, data and stack. Both runs must end
 * the same way with the same registers, flags, data and stack (runs cut
 * by the instruction budget are not compared).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kinds-common.h"
#include "target-i386/translate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Raw code may store anywhere, and the second run would read what the
 * first left. The first MiB (real mode reaches 1 MiB + 64 KiB) is cleared
 * before every run; a mismatch is confirmed from all-zero RAM. */
static void clear_ram(size_t len)
{
    static const uint8_t zeros[1u << 16];
    for (size_t a = 0; a < len; a += sizeof(zeros)) {
        harness_write_ram((uint32_t)a, zeros, sizeof(zeros));
    }
}

static bool same(const uint8_t *code, size_t len, bool pm, uint32_t seed,
                 size_t clear, State *fast, State *slow, MachineExitReason *rf,
                 MachineExitReason *rs)
{
    clear_ram(clear);
    *rf = kinds_run_once(code, len, pm, seed, true, fast);
    clear_ram(clear);
    *rs = kinds_run_once(code, len, pm, seed, false, slow);
    x86_inline_kinds = true;
    /* The budget stops a run between TBs, and the TBs differ (superblocks
     * only with the inline kinds): a loop cut by the budget stops at
     * different places. Only runs that end on their own are compared. */
    if (*rf == MACHINE_EXIT_BUDGET || *rs == MACHINE_EXIT_BUDGET) {
        return true;
    }
    return *rf == *rs && memcmp(fast, slow, offsetof(State, cc)) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t code[FUZZ_MAX_BYTES];
    size_t len;
    uint32_t seed;
    bool pm;
    State fast, slow;
    MachineExitReason rf, rs;

    if (size < 5) {
        return 0;
    }
    pm = data[0] & 1;
    seed = (uint32_t)data[1] | (uint32_t)data[2] << 8 |
           (uint32_t)data[3] << 16 | (uint32_t)data[4] << 24;
    if (data[0] & 2) {
        uint32_t s = seed | 1;
        len = kinds_make_sequence(&s, code, pm);
    } else {
        len = size - 5 > sizeof(code) ? sizeof(code) : size - 5;
        memcpy(code, data + 5, len);
    }
    fuzz_init();
    if (!same(code, len, pm, seed, 0x110000, &fast, &slow, &rf, &rs) &&
        !same(code, len, pm, seed, HARNESS_RAM_SIZE, &fast, &slow, &rf, &rs)) {
        fprintf(stderr, "kinds-diff mismatch (%s, seed 0x%08x): ends %s / %s\n",
                pm ? "protected mode" : "real mode", seed,
                machine_exit_reason_name(rf), machine_exit_reason_name(rs));
        kinds_report(code, len, &fast, &slow);
        abort();
    }
    return 0;
}
