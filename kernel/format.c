/*
 * Number formatting that does not depend on the libc's printf: the boards
 * link picolibc's integer-only printf (and newlib's nano one), whose %llu
 * drops the high word of a 64-bit value.
 */
#include <stdio.h>
#include <string.h>

#include "kernel.h"

char *format_u64(char *buf, uint64_t v)
{
    char tmp[FORMAT_U64_LEN];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++) {
        buf[i] = tmp[n - 1 - i];
    }
    buf[n] = 0;
    return buf;
}

void format_run_stats(char *buf, size_t len, const char *machine,
                      uint64_t insns, uint64_t ns)
{
    char n_insns[FORMAT_U64_LEN], n_ns[FORMAT_U64_LEN];
    char n_s[FORMAT_U64_LEN], n_mips[FORMAT_U64_LEN];
    /* kIPS = insns * 1e6 / ns without overflowing 64 bits for any count a
     * run reaches (insns < 1.8e13). */
    uint64_t kips = 0;
    if (ns) {
        kips = insns < UINT64_MAX / 1000000u
                   ? insns * 1000000u / ns
                   : insns / (ns / 1000000u ? ns / 1000000u : 1);
    }
    snprintf(buf, len, "bmx86: %s: %s guest instructions in %s.%03lu s (%s.%03lu "
             "MIPS, %s ns)",
             machine, format_u64(n_insns, insns),
             format_u64(n_s, ns / 1000000000u),
             (unsigned long)(ns / 1000000u % 1000u),
             format_u64(n_mips, kips / 1000u), (unsigned long)(kips % 1000u),
             format_u64(n_ns, ns));
}

void format_jit_stats(char *buf, size_t len, uint64_t insns, uint32_t tbs,
                      uint32_t flushes, uint32_t invalidated, uint32_t missed)
{
    char n_tbs[FORMAT_U64_LEN], n_per[FORMAT_U64_LEN];
    /* tenths of translations per 1000 instructions */
    uint64_t per = insns ? (uint64_t)tbs * 10000u / insns : 0;

    snprintf(buf, len,
             "bmx86: jit: %s translations (%s.%u per 1000 instructions), "
             "%lu flushes, %lu invalidated, %lu stores next to code",
             format_u64(n_tbs, tbs), format_u64(n_per, per / 10),
             (unsigned)(per % 10), (unsigned long)flushes,
             (unsigned long)invalidated, (unsigned long)missed);
}

void format_codegen_stats(char *buf, size_t len, uint32_t tbs, uint32_t insns,
                          uint32_t bytes, uint32_t interp)
{
    /* tenths of code bytes per guest instruction translated */
    uint32_t per = insns ? (uint32_t)((uint64_t)bytes * 10u / insns) : 0;

    snprintf(buf, len,
             "bmx86: jit: code generator: %lu TBs generated (%lu "
             "instructions, %lu.%u code bytes each), %lu left to the "
             "interpreter",
             (unsigned long)tbs, (unsigned long)insns,
             (unsigned long)(per / 10), (unsigned)(per % 10),
             (unsigned long)interp);
}
