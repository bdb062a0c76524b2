/*
 * The code generator's cache maintenance (issue 15): the line walk the
 * Cortex-M7/M55 hook makes (drivers/cortexm-drivers.h) and the code
 * buffer calling its sync hook with exactly the range of each TB's code.
 * QEMU's Cortex-M models treat the cache operations as no-ops, so these
 * ranges are what can be checked; the board runs (tests/boot) prove the
 * hook itself does not fault.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cortexm-drivers.h"
#include "tcg/thumb2/thumb2.h"

static uintptr_t lines[64];
static size_t nlines;

static void record(uintptr_t a)
{
    assert_true(nlines < 64);
    lines[nlines++] = a;
}

static size_t walk(uintptr_t p, size_t len, uint32_t line)
{
    nlines = 0;
    size_t n = cortexm_cache_for_lines(p, len, line, record);
    assert_int_equal(n, nlines);
    return n;
}

static void test_lines_aligned(void **state)
{
    (void)state;
    assert_int_equal(walk(0x20000000u, 64, 32), 2);
    assert_int_equal(lines[0], 0x20000000u);
    assert_int_equal(lines[1], 0x20000020u);
    assert_int_equal(walk(0x20000000u, 1, 32), 1);
    assert_int_equal(lines[0], 0x20000000u);
    assert_int_equal(walk(0x20000000u, 32, 32), 1);
}

/* a range that starts and ends inside lines covers both partial lines */
static void test_lines_unaligned(void **state)
{
    (void)state;
    assert_int_equal(walk(0x2000001eu, 4, 32), 2); /* straddles a line */
    assert_int_equal(lines[0], 0x20000000u);
    assert_int_equal(lines[1], 0x20000020u);
    assert_int_equal(walk(0x20000013u, 0x41, 32), 3); /* ends at 0x53 */
    assert_int_equal(lines[0], 0x20000000u);
    assert_int_equal(lines[2], 0x20000040u);
    assert_int_equal(walk(0x20000013u, 0x41, 64), 2); /* a 64-byte line */
    assert_int_equal(lines[1], 0x20000040u);
}

static void test_lines_edges(void **state)
{
    (void)state;
    assert_int_equal(walk(0x20000010u, 0, 32), 0); /* nothing written */
    assert_int_equal(walk(0x20000010u, 16, 0), 0); /* no cache that side */
    /* the last line of the address space ends the walk, no wrap */
    assert_int_equal(walk(UINTPTR_MAX - 7, 8, 32), 1);
    assert_int_equal(lines[0], UINTPTR_MAX & ~(uintptr_t)31);
}

static uintptr_t sync_p[8];
static size_t sync_len[8];
static unsigned syncs;

static void sync_hook(void *p, size_t len)
{
    assert_true(syncs < 8);
    sync_p[syncs] = (uintptr_t)p;
    sync_len[syncs++] = len;
}

/* each committed TB's code, and only it, goes through the hook */
static void test_code_buffer_calls_hook(void **state)
{
    TCGContext s;
    (void)state;

    tcg_code_set_sync_hook(sync_hook);
    tcg_code_reset();
    syncs = 0;
    assert_true(tcg_code_begin(&s));
    tcg_out_nop(&s); /* 1 halfword */
    void *a = tcg_code_commit(&s);
    assert_true(tcg_code_begin(&s));
    tcg_out_movi32(&s, TCG_REG_R0, 0x12345678); /* MOVW + MOVT */
    void *b = tcg_code_commit(&s);
    assert_int_equal(syncs, 2);
    assert_int_equal(sync_p[0], (uintptr_t)a - 1);
    assert_int_equal(sync_len[0], 2);
    assert_int_equal(sync_p[1], (uintptr_t)b - 1);
    assert_int_equal(sync_len[1], 8);
    /* an overflowing TB is not kept and not synced */
    assert_true(tcg_code_begin(&s));
    s.code_end = s.code_ptr + 1;
    tcg_out_movi32(&s, TCG_REG_R0, 0x12345678);
    assert_null(tcg_code_commit(&s));
    assert_int_equal(syncs, 2);
    tcg_code_set_sync_hook(NULL);
    tcg_code_reset();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_aligned),
        cmocka_unit_test(test_lines_unaligned),
        cmocka_unit_test(test_lines_edges),
        cmocka_unit_test(test_code_buffer_calls_hook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
