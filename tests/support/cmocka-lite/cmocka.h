/*
 * cmocka-lite: the subset of cmocka's API our unit tests use, for running
 * the same test sources on a Cortex-M board (Debian has no cmocka for
 * arm-none-eabi). Hosted builds use the real cmocka. Output mimics
 * cmocka's so logs read the same.
 */
#ifndef BMX_CMOCKA_LITE_H
#define BMX_CMOCKA_LITE_H

#include <stddef.h>
#include <stdint.h>

#ifdef BMX_BOARD_TEST
/* meson renames the test's main() to this in board test images. */
int bmx_test_main(void);
#endif

typedef void (*CMUnitTestFunction)(void **state);
typedef int (*CMFixtureFunction)(void **state);

struct CMUnitTest {
    const char *name;
    CMUnitTestFunction test_func;
    CMFixtureFunction setup_func;
    CMFixtureFunction teardown_func;
    void *initial_state;
};

#define cmocka_unit_test(f)                                                    \
    {                                                                          \
#f, f, NULL, NULL, NULL                                                \
    }
#define cmocka_unit_test_setup_teardown(f, setup, teardown)                    \
    {                                                                          \
#f, f, setup, teardown, NULL                                           \
    }
#define cmocka_unit_test_setup(f, setup)                                       \
    {                                                                          \
#f, f, setup, NULL, NULL                                               \
    }
#define cmocka_unit_test_teardown(f, teardown)                                 \
    {                                                                          \
#f, f, NULL, teardown, NULL                                            \
    }

int _cmocka_run_group_tests(const char *group, const struct CMUnitTest *tests,
                            size_t count, CMFixtureFunction setup,
                            CMFixtureFunction teardown);
#define cmocka_run_group_tests(tests, setup, teardown)                         \
    _cmocka_run_group_tests(#tests, tests, sizeof(tests) / sizeof((tests)[0]), \
                            setup, teardown)

_Noreturn void _cm_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void print_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void print_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void _cm_assert_memory_equal(const void *a, const void *b, size_t size,
                             const char *file, int line);
void _cm_assert_string_equal(const char *a, const char *b, const char *file,
                             int line);

#define _CM_CHECK(cond, ...)                                                   \
    do {                                                                       \
        if (!(cond)) {                                                         \
            _cm_fail(__FILE__, __LINE__, __VA_ARGS__);                         \
        }                                                                      \
    } while (0)

#define assert_true(c)  _CM_CHECK((c), "%s", #c)
#define assert_false(c) _CM_CHECK(!(c), "!(%s)", #c)
#define assert_int_equal(a, b)                                                 \
    do {                                                                       \
        uintmax_t a_ = (uintmax_t)(a), b_ = (uintmax_t)(b);                    \
        _CM_CHECK(a_ == b_, "%#llx != %#llx (%s == %s)",                       \
                  (unsigned long long)a_, (unsigned long long)b_, #a, #b);     \
    } while (0)
#define assert_int_not_equal(a, b)                                             \
    do {                                                                       \
        uintmax_t a_ = (uintmax_t)(a), b_ = (uintmax_t)(b);                    \
        _CM_CHECK(a_ != b_, "%#llx == %#llx (%s != %s)",                       \
                  (unsigned long long)a_, (unsigned long long)b_, #a, #b);     \
    } while (0)
/* cmocka's: the bounds are inclusive, compared as unsigned */
#define assert_in_range(v, lo, hi)                                             \
    do {                                                                       \
        uintmax_t v_ = (uintmax_t)(v), l_ = (uintmax_t)(lo),                   \
                  h_ = (uintmax_t)(hi);                                        \
        _CM_CHECK(v_ >= l_ && v_ <= h_, "%#llx not in %#llx..%#llx (%s)",      \
                  (unsigned long long)v_, (unsigned long long)l_,              \
                  (unsigned long long)h_, #v);                                 \
    } while (0)
#define assert_ptr_equal(a, b)                                                 \
    _CM_CHECK((const void *)(a) == (const void *)(b), "%p != %p",              \
              (const void *)(a), (const void *)(b))
#define assert_ptr_not_equal(a, b)                                             \
    _CM_CHECK((const void *)(a) != (const void *)(b), "%p == %p",              \
              (const void *)(a), (const void *)(b))
#define assert_null(p)     _CM_CHECK((p) == NULL, "%s is not NULL", #p)
#define assert_non_null(p) _CM_CHECK((p) != NULL, "%s is NULL", #p)
#define assert_memory_equal(a, b, n)                                           \
    _cm_assert_memory_equal((a), (b), (n), __FILE__, __LINE__)
#define assert_string_equal(a, b)                                              \
    _cm_assert_string_equal((a), (b), __FILE__, __LINE__)
#define fail()        _cm_fail(__FILE__, __LINE__, "fail()")
#define fail_msg(...) _cm_fail(__FILE__, __LINE__, __VA_ARGS__)
#define skip()        _cm_fail(__FILE__, __LINE__, "skip() is not allowed")

#endif
