/*
 * bmx86-pc: the hosted runner of the PC machines. Boots a BIOS (or a
 * multiboot kernel) on "pc" or "isapc", prints the guest's debug-port and
 * COM1 text on stdout, and checks how the run ended.
 *
 *   bmx86-pc [--machine pc|isapc] [--ram-mib N] [--bios FILE]
 *            [--kernel FILE [--append CMDLINE]] [--budget N] [--shift N]
 *            [--sercon] [--serial] [--expect TEXT]... [--end no-boot|success|
 *            status:N|halted-forever|triple-fault|budget|any] [--quiet]
 *
 * The debug-port text is shown (COM1's instead with --serial). Every
 * --expect TEXT must appear in one of them. At the end one
 * line gives the guest instructions, virtual time and wall time.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "machine/machine.h"
#include "memory/memory.h"

#define MAX_EXPECT 16
#define OUT_MAX    (1u << 20)

static char out_buf[OUT_MAX];
static size_t out_len;
static char ser_buf[OUT_MAX];
static size_t ser_len;
static bool quiet, show_serial;

static void keep(char *buf, size_t *len, uint8_t c)
{
    if (*len + 1 < OUT_MAX) {
        buf[(*len)++] = (char)c;
        buf[*len] = 0;
    }
}

/* COM1 (the BIOS's screen text with sercon): shown with --serial. */
static void serial_out(void *opaque, const uint8_t *buf, int len)
{
    (void)opaque;
    for (int i = 0; i < len; i++) {
        keep(ser_buf, &ser_len, buf[i]);
        if (show_serial && !quiet) {
            putchar(buf[i]);
        }
    }
}

/* The debug ports 0x402/0xE9: SeaBIOS's log, shown unless --serial. */
static void debugcon_out(void *opaque, uint8_t c)
{
    (void)opaque;
    keep(out_buf, &out_len, c);
    if (!show_serial && !quiet) {
        putchar(c);
    }
}

static uint8_t *read_file(const char *name, size_t *size)
{
    FILE *f = fopen(name, "rb");
    uint8_t *buf;
    long n;

    if (!f) {
        fprintf(stderr, "bmx86-pc: cannot open %s\n", name);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc(n > 0 ? (size_t)n : 1);
    if (n < 0 || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "bmx86-pc: cannot read %s\n", name);
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    *size = (size_t)n;
    return buf;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool end_matches(const char *end, const PCRunResult *r)
{
    if (!strcmp(end, "any")) {
        return true;
    }
    if (!strcmp(end, "no-boot")) {
        return r->reason == PC_EXIT_NO_BOOTABLE_DEVICE;
    }
    if (r->reason != PC_EXIT_MACHINE) {
        return false;
    }
    if (!strcmp(end, "success")) {
        return r->machine.reason == MACHINE_EXIT_DEBUG_EXIT &&
               r->machine.exit_status == MACHINE_GUEST_SUCCESS_STATUS;
    }
    if (!strncmp(end, "status:", 7)) {
        return r->machine.reason == MACHINE_EXIT_DEBUG_EXIT &&
               r->machine.exit_status == atoi(end + 7);
    }
    return !strcmp(end, machine_exit_reason_name(r->machine.reason));
}

static void usage(void)
{
    fprintf(stderr,
            "usage: bmx86-pc [--machine pc|isapc] [--ram-mib N] [--bios FILE]\n"
            "                [--kernel FILE [--append CMDLINE]] [--budget N]\n"
            "                [--shift N] [--sercon] [--serial] "
            "[--expect TEXT]...\n"
            "                [--end no-boot|success|status:N|halted-forever|"
            "triple-fault|budget|any]\n"
            "                [--pool-mib N] [--no-fw-cfg-dma] [--quiet]\n");
}

int main(int argc, char **argv)
{
    const char *bios_name = NULL, *kernel_name = NULL, *append = "";
    const char *expect[MAX_EXPECT], *end = "any";
    unsigned nexpect = 0;
    unsigned long ram_mib = 16, pool_mib = 0;
    unsigned long long budget = 400000000ull;
    PCMachineConfig cfg;
    PCRunResult res;
    uint8_t *bios = NULL, *kernel = NULL;
    size_t bios_size = 0, kernel_size = 0, pool;
    char why[200];
    double t0, t1;
    bool ok = true;

    pc_machine_default_config(&cfg);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--quiet")) {
            quiet = true;
        } else if (!strcmp(a, "--no-fw-cfg-dma")) {
            cfg.fw_cfg_dma = false;
        } else if (!strcmp(a, "--serial")) {
            show_serial = true;
        } else if (!strcmp(a, "--sercon")) {
            cfg.sercon = true;
        } else if (!v) {
            usage();
            return 2;
        } else if (!strcmp(a, "--machine")) {
            if (!strcmp(v, "pc")) {
                cfg.type = PC_MACHINE_PC;
            } else if (!strcmp(v, "isapc")) {
                cfg.type = PC_MACHINE_ISAPC;
            } else {
                fprintf(stderr, "bmx86-pc: unknown machine %s\n", v);
                return 2;
            }
            i++;
        } else if (!strcmp(a, "--ram-mib")) {
            ram_mib = strtoul(v, NULL, 0);
            i++;
        } else if (!strcmp(a, "--ram-kib")) {
            cfg.ram_size = strtoull(v, NULL, 0) * 1024;
            ram_mib = 0;
            i++;
        } else if (!strcmp(a, "--pool-mib")) {
            pool_mib = strtoul(v, NULL, 0);
            i++;
        } else if (!strcmp(a, "--bios")) {
            bios_name = v;
            i++;
        } else if (!strcmp(a, "--kernel")) {
            kernel_name = v;
            i++;
        } else if (!strcmp(a, "--append")) {
            append = v;
            i++;
        } else if (!strcmp(a, "--budget")) {
            budget = strtoull(v, NULL, 0);
            i++;
        } else if (!strcmp(a, "--shift")) {
            cfg.icount_shift = atoi(v);
            i++;
        } else if (!strcmp(a, "--expect") && nexpect < MAX_EXPECT) {
            expect[nexpect++] = v;
            i++;
        } else if (!strcmp(a, "--end")) {
            end = v;
            i++;
        } else {
            usage();
            return 2;
        }
    }
    if (!bios_name && !kernel_name) {
        usage();
        return 2;
    }
    if (bios_name) {
        bios = read_file(bios_name, &bios_size);
        if (!bios) {
            return 2;
        }
    } else {
        /* A kernel alone: a 64 KiB BIOS of HLTs that never runs. */
        bios_size = 64 * 1024;
        bios = malloc(bios_size);
        memset(bios, 0xf4, bios_size);
        bios_name = "(built-in HLT BIOS)";
    }
    if (ram_mib) {
        cfg.ram_size = (uint64_t)ram_mib << 20;
    }
    cfg.bios = bios;
    cfg.bios_size = bios_size;
    cfg.bios_name = bios_name;
    cfg.serial_write = serial_out;
    cfg.debugcon_sink = debugcon_out;

    pool = pool_mib ? (size_t)pool_mib << 20
                    : (size_t)cfg.ram_size + bios_size + (1u << 20);
    qemu_ram_pool_init(aligned_alloc(4096, ROUND_UP(pool, 4096)), pool,
                       "pc-pool");
    if (pc_machine_init(&cfg) < 0) {
        fprintf(stderr, "bmx86-pc: cannot create the machine\n");
        return 1;
    }
    if (kernel_name) {
        MultibootLoadInfo mi;
        kernel = read_file(kernel_name, &kernel_size);
        if (!kernel) {
            return 2;
        }
        if (multiboot_load(kernel, kernel_size, kernel_name, append, &mi) < 0) {
            fprintf(stderr, "bmx86-pc: cannot load %s\n", kernel_name);
            return 1;
        }
        printf("bmx86-pc: multiboot %s image %s: 0x%x-0x%x, entry 0x%x\n",
               mi.elf ? "ELF" : "a.out-kludge", kernel_name, mi.load_start,
               mi.load_end, mi.entry);
    }

    t0 = now_s();
    res = pc_machine_run(budget);
    t1 = now_s();
    fflush(stdout);
    pc_describe_result(&res, why, sizeof(why));
    printf("\nbmx86-pc: %s\n", why);
    printf("bmx86-pc: %s, %lu KiB RAM: %llu guest instructions, %.3f s "
           "virtual, %.3f s wall (%.1f MIPS)\n",
           cfg.type == PC_MACHINE_PC ? "pc" : "isapc",
           (unsigned long)(cfg.ram_size >> 10),
           (unsigned long long)res.machine.insns, res.virtual_ns / 1e9, t1 - t0,
           res.machine.insns / 1e6 / (t1 - t0 > 0 ? t1 - t0 : 1e-9));
    if (res.reason == PC_EXIT_MACHINE &&
        res.machine.reason != MACHINE_EXIT_DEBUG_EXIT) {
        CPUX86State *env = &pc_machine_cpu()->env;
        printf("bmx86-pc: CPU at %04x:%08x (linear %08x), CR0 %08x, EFLAGS "
               "%08x\n",
               env->segs[R_CS].selector, env->eip,
               env->segs[R_CS].base + env->eip, env->cr[0],
               cpu_compute_eflags(env));
    }
    for (unsigned i = 0; i < nexpect; i++) {
        if (!strstr(out_buf, expect[i]) && !strstr(ser_buf, expect[i])) {
            printf("bmx86-pc: FAIL: expected text not seen: \"%s\"\n",
                   expect[i]);
            ok = false;
        }
    }
    if (!end_matches(end, &res)) {
        printf("bmx86-pc: FAIL: expected the run to end with \"%s\"\n", end);
        ok = false;
    }
    printf("bmx86-pc: %s\n", ok ? "PASS" : "FAIL");
    free(bios);
    free(kernel);
    return ok ? 0 : 1;
}
