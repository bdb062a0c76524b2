/*
 * Entry of a board test image: the unit test's own main() (renamed by
 * meson to bmx_test_main) runs under cmocka-lite on the real board, and its
 * failure count becomes the exit status. The closing line is the plain
 * "N passed, M failed" form.
 */
#include <stdio.h>

#include "kernel.h"

int bmx_test_main(void);

int kernel_main(int argc, char **argv)
{
    printf("bmx86 board test image\n");
    int failed = bmx_test_main();
    printf("board test image: %s\n", failed ? "FAILED" : "passed");
    fflush(stdout);
    return failed ? 1 : 0;
}
