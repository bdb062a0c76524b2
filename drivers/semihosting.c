/*
 * ARM semihosting: `bkpt 0xab` with an operation in r0 and a parameter
 * block in r1, served by the debugger or by QEMU. Without either, the
 * breakpoint locks the core: callers only use these when the build enables
 * semihosting (meson -Dsemihosting=true).
 */
#include <string.h>

#include "cortexm-drivers.h"

#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

static uintptr_t semihosting_call(uint32_t op, const void *arg)
{
    register uintptr_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void semihosting_exit(int status)
{
    const uintptr_t block[2] = {ADP_STOPPED_APPLICATION_EXIT,
                                (uintptr_t)(uint32_t)status};
    semihosting_call(SEMIHOSTING_SYS_EXIT_EXTENDED, block);
    for (;;) {
        __asm__ volatile("wfi");
    }
}

long semihosting_get_cmdline(char *buf, size_t len)
{
    uintptr_t block[2] = {(uintptr_t)buf, len};
    if (semihosting_call(SEMIHOSTING_SYS_GET_CMDLINE, block) != 0) {
        return -1;
    }
    return (long)block[1];
}

long semihosting_load_file(const char *path, void *buf, size_t max,
                           const char **why)
{
    const uintptr_t open_block[3] = {(uintptr_t)path, 1 /* "rb" */,
                                     strlen(path)};
    intptr_t fd = (intptr_t)semihosting_call(SEMIHOSTING_SYS_OPEN, open_block);
    if (fd == -1) {
        *why = "cannot open it through semihosting";
        return -1;
    }
    const uintptr_t fd_block[1] = {(uintptr_t)fd};
    intptr_t flen = (intptr_t)semihosting_call(SEMIHOSTING_SYS_FLEN, fd_block);
    long ret = -1;
    if (flen < 0) {
        *why = "cannot read its length";
    } else if (flen == 0) {
        /* QEMU gives 0 for an empty file and for a device (/dev/zero) */
        *why = "it is empty or not a regular file (length 0)";
    } else if ((size_t)flen > max) {
        *why = "it is larger than the buffer for it";
    } else {
        const uintptr_t rd[3] = {(uintptr_t)fd, (uintptr_t)buf, (size_t)flen};
        /* SYS_READ returns the number of bytes NOT read. */
        if (semihosting_call(SEMIHOSTING_SYS_READ, rd) != 0) {
            *why = "cannot read it (a directory, or a special file?)";
        } else {
            ret = (long)flen;
        }
    }
    semihosting_call(SEMIHOSTING_SYS_CLOSE, fd_block);
    return ret;
}

long semihosting_open(const char *path, uint64_t *size, const char **why)
{
    const uintptr_t open_block[3] = {(uintptr_t)path, 1 /* "rb" */,
                                     strlen(path)};
    intptr_t fd = (intptr_t)semihosting_call(SEMIHOSTING_SYS_OPEN, open_block);
    if (fd == -1) {
        *why = "cannot open it through semihosting";
        return -1;
    }
    const uintptr_t fd_block[1] = {(uintptr_t)fd};
    intptr_t flen = (intptr_t)semihosting_call(SEMIHOSTING_SYS_FLEN, fd_block);
    if (flen <= 0) {
        /* QEMU gives 0 for an empty file and for a device, -1 on error;
         * lengths of 2 GiB and more do not fit the 32-bit interface. */
        *why = flen == 0 ? "it is empty or not a regular file (length 0)"
                         : "cannot read its length (2 GiB or larger?)";
        semihosting_call(SEMIHOSTING_SYS_CLOSE, fd_block);
        return -1;
    }
    *size = (uint64_t)flen;
    return (long)fd;
}

int semihosting_pread(long fd, void *buf, size_t len, uint64_t offset)
{
    if (offset > 0x7fffffffu) {
        return -1;
    }
    const uintptr_t seek[2] = {(uintptr_t)fd, (uintptr_t)offset};
    if (semihosting_call(SEMIHOSTING_SYS_SEEK, seek) != 0) {
        return -1;
    }
    const uintptr_t rd[3] = {(uintptr_t)fd, (uintptr_t)buf, len};
    /* SYS_READ returns the number of bytes NOT read. */
    return semihosting_call(SEMIHOSTING_SYS_READ, rd) == 0 ? 0 : -1;
}

void semihosting_close(long fd)
{
    const uintptr_t fd_block[1] = {(uintptr_t)fd};
    semihosting_call(SEMIHOSTING_SYS_CLOSE, fd_block);
}
