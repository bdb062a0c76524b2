/* kernel_main: the unikernel's one program -- banner, options, run. */
#include <stdio.h>

#include "bmx-config.h"
#include "drivers.h"
#include "kernel.h"

static void print_banner(void)
{
    const BoardInfo *bi = board_info();
    char t[16], d[16], b[16], s[16], g[16];

    printf("bmx86 %s - an i386 PC emulator for microcontrollers\n",
           BMX_VERSION);
    printf("board: %s, cpu: %s, libc: %s\n", bi->name, bi->cpu, BMX_LIBC);
    printf("memory: code at 0x%08lx, text %s, data %s, bss %s, stack %s\n",
           (unsigned long)bi->code_base,
           format_size(t, sizeof(t), bi->text_size),
           format_size(d, sizeof(d), bi->data_size),
           format_size(b, sizeof(b), bi->bss_size),
           format_size(s, sizeof(s), bi->stack_size));
    if (bi->caches) {
        printf("%s\n", bi->caches);
    }
    printf("guest pool: 0x%08lx, %s\n", (unsigned long)bi->guest_pool_base,
           format_size(g, sizeof(g), bi->guest_pool_size));
}

/* A board whose big RAM is not where its description says would corrupt
 * the guest silently; a write/read probe at both ends catches it at boot. */
static void check_guest_pool(void)
{
    const BoardInfo *bi = board_info();
    if (bi->guest_pool_size < 8) {
        panic("guest pool is empty");
    }
    volatile uint32_t *first = (volatile uint32_t *)bi->guest_pool_base;
    volatile uint32_t *last =
        (volatile uint32_t *)(bi->guest_pool_base + bi->guest_pool_size - 4);
    uint32_t first_was = *first, last_was = *last;
    *first = 0xB0A7F00Du;
    *last = 0x5EED1234u;
    if (*first != 0xB0A7F00Du || *last != 0x5EED1234u) {
        panic("guest pool at 0x%08lx (%lu bytes) is not writable RAM",
              (unsigned long)bi->guest_pool_base,
              (unsigned long)bi->guest_pool_size);
    }
    /* Leave it as it was: a zeroed pool stays zeroed. */
    *first = first_was;
    *last = last_was;
}

int kernel_main(int argc, char **argv)
{
    KernelOptions opts;

    if (argc < 0) {
        printf("bmx86: too many arguments: at most %d (BMX_ARGV_MAX)\n",
               BMX_ARGV_MAX);
        return BMX_EXIT_USAGE;
    }
    if (!cmdline_check_limits(argc, argv) ||
        !cmdline_parse(argc, argv, &opts)) {
        return BMX_EXIT_USAGE;
    }
    if (opts.help) {
        cmdline_usage();
        return BMX_EXIT_OK;
    }
    if (!opts.quiet) {
        print_banner();
    }
    check_guest_pool();
    if (opts.fault) {
        printf("bmx86: triggering a '%s' fault on purpose\n", opts.fault);
        fflush(stdout);
        board_trigger_fault(opts.fault);
        printf("bmx86: unknown fault kind '%s' (kinds: %s)\n", opts.fault,
               board_fault_kinds);
        return BMX_EXIT_USAGE;
    }
    if (opts.exit_status >= 0) {
        printf("bmx86: exit status %d requested\n", opts.exit_status);
        fflush(stdout);
        return opts.exit_status;
    }
    int status = kernel_run_guest(&opts);
    fflush(stdout);
    return status;
}
