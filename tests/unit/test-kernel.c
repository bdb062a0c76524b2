/* Kernel unit tests: pools, the command line, console formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drivers.h"
#include "fake-board.h"
#include "kernel.h"

void fake_board_set_crlf(bool on);
void fake_board_sink_for_test(char c);

/* Option strings are never written; the cast meets argv's type. */
#define A(s) ((char *)(s))

typedef struct Obj {
    uint32_t a, b;
} Obj;

KPOOL_DEFINE(test_pool, "test-objs", Obj, 3);

static void test_pool_alloc_free_reuse(void **state)
{
    Obj *o1 = kpool_alloc(&test_pool);
    Obj *o2 = kpool_alloc(&test_pool);
    Obj *o3 = kpool_alloc(&test_pool);
    assert_non_null(o1);
    assert_ptr_not_equal(o1, o2);
    assert_ptr_not_equal(o2, o3);
    assert_int_equal(test_pool.in_use, 3);
    o2->a = 42;
    kpool_free(&test_pool, o2);
    assert_int_equal(test_pool.in_use, 2);
    Obj *again = kpool_alloc(&test_pool);
    assert_ptr_equal(again, o2);
    assert_int_equal(again->a, 0); /* handed out zeroed */
    assert_int_equal(test_pool.high_water, 3);
    kpool_free(&test_pool, o1);
    kpool_free(&test_pool, again);
    kpool_free(&test_pool, o3);
    assert_int_equal(test_pool.in_use, 0);
}

static void test_pool_exhaustion_panics_naming_pool(void **state)
{
    Obj *objs[3];
    for (int i = 0; i < 3; i++) {
        objs[i] = kpool_alloc(&test_pool);
    }
    EXPECT_EXIT(kpool_alloc(&test_pool));
    assert_int_equal(fake_exit_status, BMX_EXIT_PANIC);
    assert_non_null(strstr(panic_message, "pool 'test-objs' exhausted"));
    assert_non_null(strstr(panic_message, "pool.c:"));
    for (int i = 0; i < 3; i++) {
        kpool_free(&test_pool, objs[i]);
    }
}

static void test_pool_bad_free_panics(void **state)
{
    Obj stray;
    EXPECT_EXIT(kpool_free(&test_pool, &stray));
    assert_non_null(strstr(panic_message, "is not one of its objects"));
    Obj *o = kpool_alloc(&test_pool);
    kpool_free(&test_pool, o);
    EXPECT_EXIT(kpool_free(&test_pool, o));
    assert_non_null(strstr(panic_message, "freed twice"));
}

KARENA_DEFINE(test_arena, "test-arena", 256);

static void test_arena_alignment_and_exhaustion(void **state)
{
    karena_reset(&test_arena);
    uint8_t *a = karena_alloc(&test_arena, 3, 1);
    uint8_t *b = karena_alloc(&test_arena, 8, 8);
    assert_int_equal((uintptr_t)b % 8, 0);
    assert_true(b >= a + 3);
    uint8_t *c = karena_alloc(&test_arena, 16, 64);
    assert_int_equal((uintptr_t)c % 64, 0);
    EXPECT_EXIT(karena_alloc(&test_arena, 1024, 4));
    assert_non_null(strstr(panic_message, "arena 'test-arena' exhausted"));
    assert_non_null(strstr(panic_message, "requested 1024 bytes"));
    EXPECT_EXIT(karena_alloc(&test_arena, 4, 3));
    assert_non_null(strstr(panic_message, "not a power of two"));
    karena_reset(&test_arena);
    assert_int_equal(test_arena.used, 0);
}

static void test_cmdline_split_quotes_escapes(void **state)
{
    char line[] = "  --exit=3  'a b' \"c d\"\te\\ f   --guest=x ";
    char *argv[8];
    int argc = cmdline_split(line, argv, 8);
    assert_int_equal(argc, 5);
    assert_string_equal(argv[0], "--exit=3");
    assert_string_equal(argv[1], "a b");
    assert_string_equal(argv[2], "c d");
    assert_string_equal(argv[3], "e f");
    assert_string_equal(argv[4], "--guest=x");
}

static void test_cmdline_split_limits(void **state)
{
    char line[] = "a b c d";
    char *argv[2];
    /* more words than argv holds: an error, never a silent cut */
    assert_int_equal(cmdline_split(line, argv, 2), -1);
    char two[] = " a  b ";
    assert_int_equal(cmdline_split(two, argv, 2), 2);
    char empty[] = "   ";
    assert_int_equal(cmdline_split(empty, argv, 2), 0);
}

/* The same limits hosted as on the boards (issue 17.5/17.6). */
static void test_cmdline_check_limits(void **state)
{
    static char *many[BMX_ARGV_MAX + 1];
    static char word[BMX_CMDLINE_MAX];
    for (int i = 0; i <= BMX_ARGV_MAX; i++) {
        many[i] = A("-q");
    }
    assert_true(cmdline_check_limits(BMX_ARGV_MAX, many));
    assert_false(cmdline_check_limits(BMX_ARGV_MAX + 1, many));
    memset(word, 'x', sizeof(word) - 1);
    char *one[] = {word};
    assert_true(cmdline_check_limits(1, one)); /* 4095 bytes and the NUL */
    char *two[] = {word, A("y")};
    assert_false(cmdline_check_limits(2, two));
}

static void test_cmdline_parse_options(void **state)
{
    KernelOptions o;
    char *args[] = {A("--exit=7"), A("--quiet"), A("--guest"), A("bios.bin"),
                    A("--mtree")};
    assert_true(cmdline_parse(5, args, &o));
    assert_int_equal(o.exit_status, 7);
    assert_true(o.quiet);
    assert_true(o.mtree);
    assert_string_equal(o.guest, "bios.bin");
    assert_null(o.fault);
    char *none[] = {NULL};
    assert_true(cmdline_parse(0, none, &o));
    assert_int_equal(o.exit_status, -1);
    char *more[] = {A("--clock=host"), A("--machine=isapc"), A("--ram=8"),
                    A("--budget=5"),   A("--bios"),          A("b.bin"),
                    A("--sercon")};
    assert_true(cmdline_parse(7, more, &o));
    assert_true(o.host_clock && o.sercon);
    assert_string_equal(o.machine, "isapc");
    assert_int_equal(o.ram_mib, 8);
    assert_int_equal(o.budget, 5000000);
    assert_string_equal(o.bios, "b.bin");
    char *shorts[] = {A("-q"), A("-h")};
    assert_true(cmdline_parse(2, shorts, &o));
    assert_true(o.quiet && o.help);
}

static void test_cmdline_parse_rejects_bad_input(void **state)
{
    KernelOptions o;
    char *unknown[] = {A("--frobnicate")};
    assert_false(cmdline_parse(1, unknown, &o));
    char *bare[] = {A("stray")};
    assert_false(cmdline_parse(1, bare, &o));
    char *big[] = {A("--exit=256")};
    assert_false(cmdline_parse(1, big, &o));
    char *notnum[] = {A("--exit=3x")};
    assert_false(cmdline_parse(1, notnum, &o));
    char *missing[] = {A("--guest")};
    assert_false(cmdline_parse(1, missing, &o));
    char *flagval[] = {A("--quiet=yes")};
    assert_false(cmdline_parse(1, flagval, &o));
    /* options the bare machine would ignore, --append without a kernel */
    const char *ignored[] = {"--bios=b", "--kernel=k", "--machine=pc",
                             "--append=x", "--sercon"};
    for (unsigned i = 0; i < 5; i++) {
        char *g[] = {A("--guest=g.bin"), A(ignored[i])};
        assert_false(cmdline_parse(2, g, &o));
    }
    char *append[] = {A("--append=console=ttyS0")};
    assert_false(cmdline_parse(1, append, &o));
    char *kernel[] = {A("--kernel=k.elf"), A("--append=console=ttyS0")};
    assert_true(cmdline_parse(2, kernel, &o));
    char *clock[] = {A("--clock=wall")};
    assert_false(cmdline_parse(1, clock, &o));
    char *accel_bad[] = {A("--accel=kvm")};
    assert_false(cmdline_parse(1, accel_bad, &o));
    char *none[] = {A("--ram=8")};
    assert_true(cmdline_parse(1, none, &o));
    assert_int_equal(o.accel, ACCEL_DEFAULT);
    char *accel[] = {A("--accel=jit")};
    assert_true(cmdline_parse(1, accel, &o));
    assert_int_equal(o.accel, ACCEL_JIT);
    char *interp[] = {A("--accel=interp")};
    assert_true(cmdline_parse(1, interp, &o));
    assert_int_equal(o.accel, ACCEL_INTERP);
    char *machine[] = {A("--machine=q35")};
    assert_false(cmdline_parse(1, machine, &o));
    char *ram[] = {A("--ram=0")};
    assert_false(cmdline_parse(1, ram, &o));
    char *cpu_bad[] = {A("--cpu=8086")};
    assert_false(cmdline_parse(1, cpu_bad, &o));
    char *cpu[] = {A("--cpu=386")};
    assert_true(cmdline_parse(1, cpu, &o));
    assert_int_equal(o.cpu_level, 3);
    char *cpu_p[] = {A("--cpu=pentium")};
    assert_true(cmdline_parse(1, cpu_p, &o));
    assert_int_equal(o.cpu_level, 5);
}

/* QEMU's -gdb, -S and -s */
static void test_cmdline_parse_gdb(void **state)
{
    KernelOptions o;
    char *gdb[] = {A("--gdb=tcp::1234"), A("-S")};
    assert_true(cmdline_parse(2, gdb, &o));
    assert_string_equal(o.gdb, "tcp::1234");
    assert_true(o.wait_gdb);
    char *s[] = {A("-s"), A("--wait-gdb")};
    assert_true(cmdline_parse(2, s, &o));
    assert_string_equal(o.gdb, board_gdb_default);
    assert_true(o.wait_gdb);
    char *none[] = {A("--quiet")};
    assert_true(cmdline_parse(1, none, &o));
    assert_null(o.gdb);
    assert_false(o.wait_gdb);
    /* -S alone could never go on; a missing device; a flag with a value */
    char *alone[] = {A("-S")};
    assert_false(cmdline_parse(1, alone, &o));
    char *noval[] = {A("--gdb")};
    assert_false(cmdline_parse(1, noval, &o));
    char *flagval[] = {A("--gdb=tcp::1"), A("--wait-gdb=1")};
    assert_false(cmdline_parse(2, flagval, &o));
}

static void test_format_size(void **state)
{
    char b[32];
    assert_string_equal(format_size(b, sizeof(b), 0), "0 B");
    assert_string_equal(format_size(b, sizeof(b), 1000), "1000 B");
    assert_string_equal(format_size(b, sizeof(b), 1024), "1 KiB");
    assert_string_equal(format_size(b, sizeof(b), 1536), "1.5 KiB");
    assert_string_equal(format_size(b, sizeof(b), 16u << 20), "16 MiB");
    assert_string_equal(format_size(b, sizeof(b), (2ull << 30) + 1), "2.0 GiB");
}

static void test_console_crlf_and_sink(void **state)
{
    fake_console_reset();
    fake_board_set_crlf(true);
    console_write("a\nb", 3);
    assert_string_equal(fake_console, "a\r\nb");
    fake_console_reset();
    fake_board_set_crlf(false);
    console_write("a\nb", 3);
    assert_string_equal(fake_console, "a\nb");
    fake_console_reset();
    console_set_sink(fake_board_sink_for_test);
    console_putc('x');
    console_set_sink(NULL);
    assert_string_equal(fake_console, "[x]");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pool_alloc_free_reuse),
        cmocka_unit_test(test_pool_exhaustion_panics_naming_pool),
        cmocka_unit_test(test_pool_bad_free_panics),
        cmocka_unit_test(test_arena_alignment_and_exhaustion),
        cmocka_unit_test(test_cmdline_split_quotes_escapes),
        cmocka_unit_test(test_cmdline_split_limits),
        cmocka_unit_test(test_cmdline_check_limits),
        cmocka_unit_test(test_cmdline_parse_options),
        cmocka_unit_test(test_cmdline_parse_rejects_bad_input),
        cmocka_unit_test(test_cmdline_parse_gdb),
        cmocka_unit_test(test_format_size),
        cmocka_unit_test(test_console_crlf_and_sink),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
