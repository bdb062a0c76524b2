/* cmocka-lite's runner: each test runs under setjmp; a failed assertion
 * longjmps back here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmocka.h"

static jmp_buf *cm_jmp;

void print_message(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

void print_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

void _cm_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    printf("[  ERROR   ] --- ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n[   LINE   ] --- %s:%d: error: Failure!\n", file, line);
    if (cm_jmp) {
        longjmp(*cm_jmp, 1);
    }
    for (;;) {
    }
}

void _cm_assert_memory_equal(const void *a, const void *b, size_t size,
                             const char *file, int line)
{
    const unsigned char *pa = a, *pb = b;
    for (size_t i = 0; i < size; i++) {
        if (pa[i] != pb[i]) {
            _cm_fail(file, line, "difference at offset %u: 0x%02x != 0x%02x",
                     (unsigned)i, pa[i], pb[i]);
        }
    }
}

void _cm_assert_string_equal(const char *a, const char *b, const char *file,
                             int line)
{
    if (strcmp(a, b) != 0) {
        _cm_fail(file, line, "\"%s\" != \"%s\"", a, b);
    }
}

int _cmocka_run_group_tests(const char *group, const struct CMUnitTest *tests,
                            size_t count, CMFixtureFunction setup,
                            CMFixtureFunction teardown)
{
    void *group_state = NULL;
    volatile unsigned failed = 0; /* survives the longjmp */

    printf("[==========] %s: Running %u test(s).\n", group, (unsigned)count);
    if (setup && setup(&group_state) != 0) {
        printf("[  ERROR   ] %s: group setup failed\n", group);
        return (int)count;
    }
    for (size_t i = 0; i < count; i++) {
        const struct CMUnitTest *t = &tests[i];
        void *state = t->initial_state ? t->initial_state : group_state;
        jmp_buf jb;
        printf("[ RUN      ] %s\n", t->name);
        cm_jmp = &jb;
        if (setjmp(jb) == 0) {
            if (t->setup_func && t->setup_func(&state) != 0) {
                _cm_fail(__FILE__, __LINE__, "test setup failed");
            }
            t->test_func(&state);
            if (t->teardown_func && t->teardown_func(&state) != 0) {
                _cm_fail(__FILE__, __LINE__, "test teardown failed");
            }
            printf("[       OK ] %s\n", t->name);
        } else {
            printf("[  FAILED  ] %s\n", t->name);
            failed++;
        }
        cm_jmp = NULL;
    }
    if (teardown) {
        teardown(&group_state);
    }
    printf("[==========] %s: %u test(s) run.\n", group, (unsigned)count);
    printf("[  PASSED  ] %u test(s).\n", (unsigned)(count - failed));
    if (failed) {
        printf("[  FAILED  ] %u test(s).\n", failed);
    }
    return (int)failed;
}
