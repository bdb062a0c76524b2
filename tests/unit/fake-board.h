/* A board double for kernel unit tests: console bytes are captured and
 * board_exit() jumps back into the test instead of ending the process. */
#ifndef BMX_FAKE_BOARD_H
#define BMX_FAKE_BOARD_H

#include <setjmp.h>
#include <stddef.h>

extern char fake_console[4096];
extern size_t fake_console_len;
extern jmp_buf *fake_exit_jmp;
extern int fake_exit_status;

void fake_console_reset(void);

/* Runs stmt, which must end the run through board_exit(); the status is
 * left in fake_exit_status. */
#define EXPECT_EXIT(stmt)                                                      \
    do {                                                                       \
        jmp_buf jb_;                                                           \
        fake_exit_jmp = &jb_;                                                  \
        if (setjmp(jb_) == 0) {                                                \
            stmt;                                                              \
            fake_exit_jmp = NULL;                                              \
            fail_msg("expected an exit from: %s", #stmt);                      \
        }                                                                      \
        fake_exit_jmp = NULL;                                                  \
    } while (0)

#endif
