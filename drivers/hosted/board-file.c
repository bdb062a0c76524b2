/*
 * The hosted board's block files: POSIX open/pread/pwrite/fsync, so an
 * image of any size is read and written where the guest asks, never
 * loaded whole.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drivers.h"

int board_file_open(const char *path, bool writable, uint64_t *size,
                    const char **why)
{
    struct stat st;
    int fd = open(path, writable ? O_RDWR : O_RDONLY);

    if (fd < 0) {
        *why = strerror(errno);
        return -1;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        *why = S_ISDIR(st.st_mode) ? "it is a directory"
                                   : "it is not a regular file";
        close(fd);
        return -1;
    }
    if (st.st_size == 0) {
        *why = "it is empty";
        close(fd);
        return -1;
    }
    *size = (uint64_t)st.st_size;
    return fd;
}

int board_file_pread(int fd, void *buf, size_t len, uint64_t offset)
{
    uint8_t *p = buf;
    while (len) {
        ssize_t n = pread(fd, p, len, (off_t)offset);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        p += n;
        len -= (size_t)n;
        offset += (uint64_t)n;
    }
    return 0;
}

int board_file_pwrite(int fd, const void *buf, size_t len, uint64_t offset)
{
    const uint8_t *p = buf;
    while (len) {
        ssize_t n = pwrite(fd, p, len, (off_t)offset);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        p += n;
        len -= (size_t)n;
        offset += (uint64_t)n;
    }
    return 0;
}

int board_file_flush(int fd)
{
    return fsync(fd) < 0 ? -1 : 0;
}

void board_file_close(int fd)
{
    close(fd);
}
