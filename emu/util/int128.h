/*
 * Int128 for the memory model: QEMU's names over a two-word struct, so the
 * same code builds where the compiler has no __int128 (arm-none-eabi).
 * Only the operations the memory API needs; values are unsigned in
 * practice (addresses and sizes up to 2^64 and sums of two of them).
 */
#ifndef BMX_UTIL_INT128_H
#define BMX_UTIL_INT128_H

#include <stdbool.h>
#include <stdint.h>

typedef struct Int128 {
    uint64_t lo;
    uint64_t hi;
} Int128;

static inline Int128 int128_make64(uint64_t a)
{
    return (Int128){a, 0};
}

static inline Int128 int128_make128(uint64_t lo, uint64_t hi)
{
    return (Int128){lo, hi};
}

static inline Int128 int128_zero(void)
{
    return int128_make64(0);
}

static inline Int128 int128_one(void)
{
    return int128_make64(1);
}

static inline Int128 int128_2_64(void)
{
    return (Int128){0, 1};
}

static inline uint64_t int128_get64(Int128 a)
{
    /* Like QEMU: the caller promises the value fits. */
    if (a.hi != 0) {
        __builtin_trap();
    }
    return a.lo;
}

static inline uint64_t int128_getlo(Int128 a)
{
    return a.lo;
}

static inline Int128 int128_add(Int128 a, Int128 b)
{
    Int128 r = {a.lo + b.lo, a.hi + b.hi};
    r.hi += r.lo < a.lo;
    return r;
}

static inline Int128 int128_sub(Int128 a, Int128 b)
{
    Int128 r = {a.lo - b.lo, a.hi - b.hi};
    r.hi -= a.lo < b.lo;
    return r;
}

static inline bool int128_eq(Int128 a, Int128 b)
{
    return a.lo == b.lo && a.hi == b.hi;
}

static inline bool int128_ne(Int128 a, Int128 b)
{
    return !int128_eq(a, b);
}

/* Signed compare, as QEMU's Int128 is signed. */
static inline bool int128_lt(Int128 a, Int128 b)
{
    int64_t ah = (int64_t)a.hi, bh = (int64_t)b.hi;
    return ah < bh || (ah == bh && a.lo < b.lo);
}

static inline bool int128_le(Int128 a, Int128 b)
{
    return !int128_lt(b, a);
}

static inline bool int128_gt(Int128 a, Int128 b)
{
    return int128_lt(b, a);
}

static inline bool int128_ge(Int128 a, Int128 b)
{
    return !int128_lt(a, b);
}

static inline bool int128_nz(Int128 a)
{
    return a.lo || a.hi;
}

static inline Int128 int128_min(Int128 a, Int128 b)
{
    return int128_le(a, b) ? a : b;
}

static inline Int128 int128_max(Int128 a, Int128 b)
{
    return int128_ge(a, b) ? a : b;
}

static inline void int128_addto(Int128 *a, Int128 b)
{
    *a = int128_add(*a, b);
}

static inline void int128_subfrom(Int128 *a, Int128 b)
{
    *a = int128_sub(*a, b);
}

#endif /* BMX_UTIL_INT128_H */
