/* 64-bit console formatting: values at and above 2^32 must print whole on
 * every libc (the boards' printf drops a long long's high word). Also in
 * the board test image (tests/unit/board-tests.txt). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kernel.h"

static void test_format_u64_edges(void **state)
{
    char b[FORMAT_U64_LEN];
    (void)state;
    assert_string_equal(format_u64(b, 0), "0");
    assert_string_equal(format_u64(b, 9), "9");
    assert_string_equal(format_u64(b, 4294967295u), "4294967295");
    assert_string_equal(format_u64(b, 4294967296u), "4294967296");
    assert_string_equal(format_u64(b, 37650738200u), "37650738200");
    assert_string_equal(format_u64(b, 1000000000000000000u),
                        "1000000000000000000");
    assert_string_equal(format_u64(b, UINT64_MAX), "18446744073709551615");
}

/* The run above 4.3 s that printed "3290999832 ns" on mps2-an385. */
static void test_run_stats_above_2_32(void **state)
{
    char line[160];
    (void)state;
    format_run_stats(line, sizeof(line), "bare", 8000000000u, 37650738200u);
    assert_string_equal(line, "bmx86: bare: 8000000000 guest instructions in "
                              "37.650 s (212.479 MIPS, 37650738200 ns)");
    format_run_stats(line, sizeof(line), "pc", 5000000000u, 4294967296u);
    assert_string_equal(line, "bmx86: pc: 5000000000 guest instructions in "
                              "4.294 s (1164.153 MIPS, 4294967296 ns)");
    format_run_stats(line, sizeof(line), "pc", 7, 0);
    assert_string_equal(line, "bmx86: pc: 7 guest instructions in 0.000 s "
                              "(0.000 MIPS, 0 ns)");
    /* Counts whose insns * 1e6 would overflow 64 bits. */
    format_run_stats(line, sizeof(line), "pc", UINT64_MAX, UINT64_MAX);
    assert_string_equal(line, "bmx86: pc: 18446744073709551615 guest "
                              "instructions in 18446744073.709 s (1000.000 "
                              "MIPS, 18446744073709551615 ns)");
}

static void test_jit_stats(void **state)
{
    char line[200];
    (void)state;
    format_jit_stats(line, sizeof(line), 5000010, 156258, 315, 153, 1530383);
    assert_string_equal(line, "bmx86: jit: 156258 translations (31.2 per 1000 "
                              "instructions), 315 flushes, 153 invalidated, "
                              "1530383 stores next to code");
    format_jit_stats(line, sizeof(line), 0, 0, 0, 0, 0);
    assert_string_equal(line, "bmx86: jit: 0 translations (0.0 per 1000 "
                              "instructions), 0 flushes, 0 invalidated, 0 "
                              "stores next to code");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_u64_edges),
        cmocka_unit_test(test_run_stats_above_2_32),
        cmocka_unit_test(test_jit_stats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
