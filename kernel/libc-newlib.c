/* newlib's system calls, reduced to what a unikernel has: the console for
 * file descriptors 0-2, a small heap for stdio's buffers, no files. */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "drivers.h"
#include "kernel.h"

int _write(int fd, const char *buf, int len);
int _read(int fd, char *buf, int len);
int _close(int fd);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
off_t _lseek(int fd, off_t off, int whence);
void *_sbrk(ptrdiff_t incr);
int _getpid(void);
int _kill(int pid, int sig);
void _exit(int status);

int _write(int fd, const char *buf, int len)
{
    if (fd < 0 || fd > 2) {
        errno = EBADF;
        return -1;
    }
    console_write(buf, (size_t)len);
    return len;
}

int _read(int fd, char *buf, int len)
{
    int n = 0;
    if (fd != 0) {
        errno = EBADF;
        return -1;
    }
    while (n < len) {
        int c = console_getc();
        if (c < 0) {
            break;
        }
        buf[n++] = (char)c;
    }
    return n;
}

int _close(int fd)
{
    errno = EBADF;
    return -1;
}

int _fstat(int fd, struct stat *st)
{
    st->st_mode = S_IFCHR; /* unbuffered-ish, like a terminal */
    return 0;
}

int _isatty(int fd)
{
    return fd >= 0 && fd <= 2;
}

off_t _lseek(int fd, off_t off, int whence)
{
    return 0;
}

extern char __heap_start[], __heap_end[];

/* Only the libc calls malloc (stdio buffers); the emulator never does. */
void *_sbrk(ptrdiff_t incr)
{
    static char *brk = __heap_start;
    if (incr > __heap_end - brk) {
        errno = ENOMEM;
        return (void *)-1;
    }
    char *old = brk;
    brk += incr;
    return old;
}

int _getpid(void)
{
    return 1;
}

int _kill(int pid, int sig)
{
    errno = EINVAL;
    return -1;
}

void _exit(int status)
{
    board_exit(status);
}

void abort(void)
{
    _write(1, "\nbmx86: abort()\n", 16);
    board_exit(BMX_EXIT_PANIC);
}
