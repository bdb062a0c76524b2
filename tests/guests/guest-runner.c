/*
 * bmx86-guest: runs a raw BIOS image on the bare BIOS machine and checks
 * how it ended. The guest reports on debugcon (port 0xE9, printed to
 * stdout) and exits through isa-debug-exit (port 0xF4).
 *
 *   bmx86-guest [--expect WHAT] [--ram-mib N] [--budget N]
 *               [--timeout SECONDS] IMAGE
 *   WHAT: success (default: exit status 1, i.e. the guest wrote 0),
 *         status:N, triple-fault, halted-forever
 */
#define _DEFAULT_SOURCE /* alarm */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "machine/machine.h"
#include "memory/memory.h"

/* Host watchdog in case the CPU does not honour the budget. */
static void watchdog_fire(int sig)
{
    (void)sig;
    machine_request_stop();
}

static void usage(void)
{
    fprintf(stderr,
            "usage: bmx86-guest [--expect success|status:N|triple-fault|"
            "halted-forever]\n"
            "                   [--ram-mib N] [--budget N] [--timeout SECONDS] "
            "[--trace LIST]\n"
            "                   [--cpu 286|386|486|586|686] IMAGE\n");
}

int main(int argc, char **argv)
{
    const char *image = NULL, *expect = "success";
    unsigned long ram_mib = 16;
    unsigned long long budget = 200000000ull;
    unsigned timeout_s = 30;
    X86CPULevel level = X86_CPU_586;
    MachineRunResult res;
    uint8_t *bios;
    long size;
    FILE *f;
    char why[200];
    bool ok;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--expect") && i + 1 < argc) {
            expect = argv[++i];
        } else if (!strcmp(argv[i], "--ram-mib") && i + 1 < argc) {
            ram_mib = strtoul(argv[++i], NULL, 0);
        } else if (!strcmp(argv[i], "--cpu") && i + 1 < argc) {
            level = (X86CPULevel)strtoul(argv[++i], NULL, 10) / 100;
            if (level < X86_CPU_286 || level > X86_CPU_686) {
                fprintf(stderr,
                        "bmx86-guest: --cpu is 286, 386, 486, 586 or 686\n");
                return 2;
            }
        } else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
            timeout_s = (unsigned)strtoul(argv[++i], NULL, 0);
        } else if (!strcmp(argv[i], "--budget") && i + 1 < argc) {
            budget = strtoull(argv[++i], NULL, 0);
        } else if (!strcmp(argv[i], "--trace") && i + 1 < argc) {
            const char *err;
            qemu_loglevel = qemu_str_to_log_mask(argv[++i], &err);
            if (err) {
                fprintf(stderr, "bmx86-guest: --trace: %s\n", err);
                return 2;
            }
        } else if (argv[i][0] == '-') {
            usage();
            return 2;
        } else {
            image = argv[i];
        }
    }
    if (!image) {
        usage();
        return 2;
    }
    f = fopen(image, "rb");
    if (!f) {
        fprintf(stderr, "bmx86-guest: cannot open %s\n", image);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    bios = malloc((size_t)size);
    if (fread(bios, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "bmx86-guest: cannot read %s\n", image);
        return 2;
    }
    fclose(f);
    if (!bare_machine_bios_size_ok((size_t)size)) {
        fprintf(stderr,
                "bmx86-guest: %s is %ld bytes; a BIOS image must be 64, 128 "
                "or 256 KiB\n",
                image, size);
        return 2;
    }

    size_t ram = ram_mib << 20;
    size_t pool = ram + (1u << 20);
    qemu_ram_pool_init(aligned_alloc(4096, pool), pool, "guest-pool");
    bare_machine_init_cpu(bios, (size_t)size, ram, level);
    signal(SIGALRM, watchdog_fire);
    alarm(timeout_s);
    res = machine_run(budget);
    alarm(0);
    fflush(stdout);
    machine_describe_result(&res, why, sizeof(why));
    printf("\nbmx86-guest: %s\n", why);

    if (!strcmp(expect, "success")) {
        ok = res.reason == MACHINE_EXIT_DEBUG_EXIT &&
             res.exit_status == MACHINE_GUEST_SUCCESS_STATUS;
        if (!ok && res.reason == MACHINE_EXIT_DEBUG_EXIT) {
            printf("bmx86-guest: guest reported failure of check %d\n",
                   res.exit_status >> 1);
        }
    } else if (!strncmp(expect, "status:", 7)) {
        ok = res.reason == MACHINE_EXIT_DEBUG_EXIT &&
             res.exit_status == atoi(expect + 7);
    } else if (!strcmp(expect, "triple-fault")) {
        ok = res.reason == MACHINE_EXIT_TRIPLE_FAULT;
    } else if (!strcmp(expect, "halted-forever")) {
        ok = res.reason == MACHINE_EXIT_HALTED_FOREVER;
    } else {
        usage();
        return 2;
    }
    printf("bmx86-guest: %s (expected %s)\n", ok ? "PASS" : "FAIL", expect);
    free(bios);
    return ok ? 0 : 1;
}
