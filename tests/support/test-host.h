/*
 * Host interface for unit tests: qemu_printf goes to stdout, and
 * bmx_fatal() can be caught, so a test can check that bad input ends in
 * a clear fatal error instead of a wild pointer.
 */
#ifndef BMX_TEST_HOST_H
#define BMX_TEST_HOST_H

#include <setjmp.h>

extern jmp_buf *test_fatal_jmp;
extern char test_fatal_msg[512];

/* Runs stmt and fails the test unless it ends in bmx_fatal(); the message
 * is left in test_fatal_msg. */
#define EXPECT_FATAL(stmt)                                                     \
    do {                                                                       \
        jmp_buf jb_;                                                           \
        test_fatal_msg[0] = 0;                                                 \
        test_fatal_jmp = &jb_;                                                 \
        if (setjmp(jb_) == 0) {                                                \
            stmt;                                                              \
            test_fatal_jmp = NULL;                                             \
            fail_msg("expected a fatal error from: %s", #stmt);                \
        }                                                                      \
        test_fatal_jmp = NULL;                                                 \
    } while (0)

#endif
