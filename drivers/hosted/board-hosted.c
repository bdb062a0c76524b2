/*
 * The hosted board: bmx86 as an ordinary Linux program. stdin/stdout are
 * the UART, a static array is the guest RAM pool, argv is the command line
 * and the process exit status is the firmware's. Used for unit tests,
 * fuzzing and benchmarks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bmx-config.h"
#include "drivers.h"
#include "kernel.h"

/*
 * The guest pool: large enough for --ram up to the PC's 3.5 GiB plus the
 * staged images, mapped like QEMU maps guest RAM -- anonymous pages with
 * no swap reserved, so what the guest never touches costs nothing (a
 * static array this size does not link with the default code model, and
 * the kernel refuses it on a small machine). guest_ram_mib is only the
 * default --ram here.
 */
#define HOSTED_POOL_SIZE ((size_t)4096 << 20)
static BoardInfo info;
static struct timespec boot_time;

extern char __executable_start[], etext[], __data_start[], edata[],
    __bss_start[], end[];

static uint8_t *map_guest_pool(void)
{
    void *p = mmap(NULL, HOSTED_POOL_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        fprintf(stderr, "bmx86: cannot map the %zu MiB guest pool: %s\n",
                HOSTED_POOL_SIZE >> 20, strerror(errno));
        exit(BMX_EXIT_PANIC);
    }
    return p;
}

void board_init(void)
{
    uint8_t *guest_pool = map_guest_pool();

    clock_gettime(CLOCK_MONOTONIC, &boot_time);
    setvbuf(stdout, NULL, _IOLBF, 0);
    info = (BoardInfo){
        .name = BMX_BOARD,
        .cpu = "host",
        .code_base = (uintptr_t)__executable_start,
        .text_size = (size_t)(etext - __executable_start),
        .data_size = (size_t)(edata - __data_start),
        .bss_size = (size_t)(end - __bss_start),
        .guest_pool_base = (uintptr_t)guest_pool,
        .guest_pool_size = HOSTED_POOL_SIZE,
        .guest_pool_zeroed = true,
        .default_ram_mib = BMX_GUEST_RAM_MIB,
        .stack_size = 8u << 20,
    };
}

const BoardInfo *board_info(void)
{
    return &info;
}

void board_putc(char c)
{
    putchar((unsigned char)c);
}

int board_getc(void)
{
    /* Console input is stdin, like QEMU's -serial stdio: a terminal or a
     * pipe gives bytes as they come; at its end (and from /dev/null, as
     * the test runner gives it) input is closed, so a guest waiting only
     * for input is halted forever. */
    static bool closed;
    struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
    unsigned char c;
    ssize_t n;

    if (closed) {
        return BOARD_GETC_CLOSED;
    }
    if (poll(&pfd, 1, 0) <= 0) {
        return -1;
    }
    n = read(STDIN_FILENO, &c, 1);
    if (n == 1) {
        return c;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return -1;
    }
    closed = true;
    return BOARD_GETC_CLOSED;
}

bool board_console_needs_crlf(void)
{
    return false;
}

long board_get_cmdline(char *buf, size_t len)
{
    buf[0] = 0; /* hosted: argv comes straight from main() */
    return 0;
}

uint64_t board_clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)(ts.tv_sec - boot_time.tv_sec) * 1000000000ull +
           (uint64_t)(ts.tv_nsec - boot_time.tv_nsec);
}

long board_load_file(const char *path, void *buf, size_t max, const char **why)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        *why = "it is a directory";
        return -1;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        *why = strerror(errno);
        return -1;
    }
    size_t n = fread(buf, 1, max, f);
    int more = fgetc(f) != EOF;
    int err = ferror(f);
    fclose(f);
    if (err) {
        *why = "read error";
        return -1;
    }
    if (more) {
        *why = "it is larger than the buffer for it";
        return -1;
    }
    return (long)n;
}

void board_exit(int status)
{
    fflush(stdout);
    exit(status);
}

const char *const board_fault_kinds = "undef, divzero, bus, hardfault, stack";

/* A bound the compiler cannot see through, so the recursion is not
 * "infinite" to it; no stack is deep enough to reach it. */
static volatile int eat_stack_bound = 1 << 30;

static int __attribute__((noinline)) eat_stack(int depth)
{
    volatile uint8_t pad[256];
    pad[0] = (uint8_t)depth;
    if (depth >= eat_stack_bound) {
        return pad[0];
    }
    return eat_stack(depth + 1) + pad[0];
}

static void fault_handler(int sig, siginfo_t *si, void *uc)
{
    char msg[160];
    int n = snprintf(msg, sizeof(msg),
                     "\n*** bmx86: host fault: %s at address %p\n",
                     strsignal(sig), si->si_addr);
    fflush(stdout);
    if (write(STDOUT_FILENO, msg, (size_t)n) < 0) {
        /* nothing left to report to */
    }
    _exit(BMX_EXIT_FAULT);
}

static void install_fault_handlers(void)
{
    static uint8_t altstack[64 * 1024];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof(altstack)};
    sigaltstack(&ss, NULL);
    struct sigaction sa = {.sa_sigaction = fault_handler,
                           .sa_flags = SA_SIGINFO | SA_ONSTACK};
    sigemptyset(&sa.sa_mask);
    const int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};
    for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        sigaction(sigs[i], &sa, NULL);
    }
}

void board_trigger_fault(const char *kind)
{
    if (!strcmp(kind, "undef")) {
        __builtin_trap();
    } else if (!strcmp(kind, "divzero")) {
        volatile int zero = 0;
        volatile int r = 1 / zero;
        (void)r;
    } else if (!strcmp(kind, "stack")) {
        (void)eat_stack(0); /* SIGSEGV on the guard page, reported on the
                             * alternate signal stack */
    } else if (!strcmp(kind, "bus") || !strcmp(kind, "hardfault")) {
        int *volatile bad = (int *)(uintptr_t)16;
        *bad = 1;
    }
}

int main(int argc, char **argv)
{
    install_fault_handlers();
    board_init();
    board_exit(kernel_main(argc - 1, argv + 1));
}
