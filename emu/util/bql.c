/* The big QEMU lock of a single-threaded emulator: a flag that catches
 * re-entry and unbalanced unlocks. */
#include "util/util.h"

static bool bql_held;

void bql_lock(void)
{
    if (bql_held) {
        bmx_panic("bql_lock: the BQL is already held (re-entry)");
    }
    bql_held = true;
}

void bql_unlock(void)
{
    if (!bql_held) {
        bmx_panic("bql_unlock: the BQL is not held");
    }
    bql_held = false;
}

bool bql_locked(void)
{
    return bql_held;
}
