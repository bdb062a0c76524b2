/*
 * The firmware's command line: from semihosting (QEMU's -append) on the
 * boards, from argv when hosted. Options take "--name=value" or
 * "--name value".
 */
#include <stdio.h>
#include <string.h>

#include "drivers.h"
#include "kernel.h"

int cmdline_split(char *s, char **argv, int max)
{
    int argc = 0;
    char *out = s;
    while (*s) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            s++;
        }
        if (!*s) {
            break;
        }
        if (argc == max) {
            return -1; /* more words than argv holds: never drop them */
        }
        argv[argc++] = out;
        char quote = 0;
        while (*s && (quote ||
                      (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r'))) {
            if (quote && *s == quote) {
                quote = 0;
                s++;
            } else if (!quote && (*s == '"' || *s == '\'')) {
                quote = *s++;
            } else if (*s == '\\' && s[1] && quote != '\'') {
                *out++ = s[1];
                s += 2;
            } else {
                *out++ = *s++;
            }
        }
        if (*s) {
            s++;
        }
        *out++ = 0;
    }
    return argc;
}

int cmdline_too_long(void)
{
    printf("bmx86: the command line is too long: at most %d bytes "
           "(BMX_CMDLINE_MAX)\n",
           BMX_CMDLINE_MAX - 1);
    return BMX_EXIT_USAGE;
}

bool cmdline_check_limits(int argc, char **argv)
{
    size_t len = 0;
    if (argc > BMX_ARGV_MAX) {
        printf("bmx86: too many arguments: %d, at most %d (BMX_ARGV_MAX)\n",
               argc, BMX_ARGV_MAX);
        return false;
    }
    for (int i = 0; i < argc; i++) {
        len += strlen(argv[i]) + 1; /* a separator or the NUL */
    }
    if (len > BMX_CMDLINE_MAX) {
        cmdline_too_long();
        return false;
    }
    return true;
}

enum opt_kind { OPT_FLAG, OPT_INT, OPT_STRING };

typedef struct OptSpec {
    const char *name;
    enum opt_kind kind;
    const char *arg_name;
    const char *help;
} OptSpec;

static const OptSpec opt_specs[] = {
    {"help", OPT_FLAG, NULL, "show this help and exit"},
    {"quiet", OPT_FLAG, NULL, "print no banner"},
    {"mtree", OPT_FLAG, NULL, "print the machine's memory tree"},
    {"exit", OPT_INT, "N", "exit at once with status N (0-255)"},
    {"fault", OPT_STRING, "KIND", "trigger a deliberate host CPU fault"},
    {"bios", OPT_STRING, "FILE", "BIOS image for the PC (64-256 KiB)"},
    {"kernel", OPT_STRING, "FILE", "Linux bzImage or multiboot kernel"},
    {"append", OPT_STRING, "TEXT", "command line for the kernel"},
    {"initrd", OPT_STRING, "FILE", "initial RAM disk for a Linux kernel"},
    {"datadir", OPT_STRING, "DIR",
     "QEMU's -L: where linuxboot_dma.bin is (" BMX_DEFAULT_DATADIR ")"},
    {"machine", OPT_STRING, "NAME", "pc (i440FX, default) or isapc"},
    {"cpu", OPT_STRING, "MODEL",
     "286, 386, 486, 586 (pentium, default) or 686 (pentium2)"},
    {"ram", OPT_INT, "MiB", "guest RAM (default: what the pool holds)"},
    {"guest", OPT_STRING, "FILE", "raw BIOS image on the bare machine"},
    {"clock", OPT_STRING, "icount|host",
     "guest time: counted instructions (default) or the board's clock"},
    {"accel", OPT_STRING, "interp|jit",
     "run TBs in the interpreter or the Thumb-2 code generator (the "
     "default where the build has one: the Cortex-M boards)"},
    {"sercon", OPT_FLAG, NULL, "ask the BIOS for its screen on COM1 too"},
    {"budget", OPT_INT, "N", "stop after N million guest instructions"},
    {"drive", OPT_STRING, "file=F,...",
     "IDE drive: file, index=0-3, media=disk|cdrom, snapshot=on|off"},
    {"hda", OPT_STRING, "FILE", "disk image at IDE index 0 (also hdb-hdd)"},
    {"hdb", OPT_STRING, "FILE", NULL},
    {"hdc", OPT_STRING, "FILE", NULL},
    {"hdd", OPT_STRING, "FILE", NULL},
    {"cdrom", OPT_STRING, "FILE", "CD-ROM image (ISO) at IDE index 2"},
    {"boot", OPT_STRING, "ORDER", "boot order: c disk, d CD-ROM (e.g. dc)"},
    {"device", OPT_STRING, "NAME",
     "QEMU's -device: pc-testdev (kvm-unit-tests' test device); "
     "isa-debug-exit,iobase=0xf4 is always there"},
    {"vga", OPT_STRING, "std|none",
     "QEMU's -vga: a VGA with its BIOS (default std on pc/isapc)"},
    {"display", OPT_STRING, "TYPE",
     "serial (default: COM1 shown), ansi[,charset=utf8|ascii] (the VGA "
     "screen; keys to the keyboard), none"},
    {"trace", OPT_STRING, "LIST",
     "QEMU's -d: in_asm,int,exec,cpu,pcall,guest_errors,unimp,all"},
    {"gdb", OPT_STRING, "DEV",
     "QEMU's -gdb: tcp:[HOST]:PORT (hosted) or uart1 (boards); -s: default"},
    {"wait-gdb", OPT_FLAG, NULL, "QEMU's -S: start stopped, wait for gdb"},
};

void cmdline_usage(void)
{
    printf("usage: bmx86 [OPTION]...\n");
    for (unsigned i = 0; i < sizeof(opt_specs) / sizeof(opt_specs[0]); i++) {
        char left[32];
        if (!opt_specs[i].help) {
            continue; /* listed with its sibling */
        }
        snprintf(left, sizeof(left), "--%s%s%s", opt_specs[i].name,
                 opt_specs[i].arg_name ? "=" : "",
                 opt_specs[i].arg_name ? opt_specs[i].arg_name : "");
        printf("  %-16s %s\n", left, opt_specs[i].help);
    }
}

static bool parse_int(const char *s, int lo, int hi, int *out)
{
    int v = 0;
    if (!*s) {
        return false;
    }
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > hi) {
            return false;
        }
        v = v * 10 + (*s - '0');
    }
    if (v < lo || v > hi) {
        return false;
    }
    *out = v;
    return true;
}

/* QEMU's -display syntax: TYPE[,key=value...]; charset= only for ansi. */
static bool parse_display(KernelOptions *o, const char *val)
{
    const char *comma = strchr(val, ',');
    size_t tlen = comma ? (size_t)(comma - val) : strlen(val);

    o->display_ascii = false;
    if (tlen == 6 && !strncmp(val, "serial", 6)) {
        o->display = BMX_DISPLAY_SERIAL;
    } else if (tlen == 4 && !strncmp(val, "ansi", 4)) {
        o->display = BMX_DISPLAY_ANSI;
    } else if (tlen == 4 && !strncmp(val, "none", 4)) {
        o->display = BMX_DISPLAY_NONE;
    } else {
        printf("bmx86: --display is serial, ansi or none, not '%.*s'\n",
               (int)tlen, val);
        return false;
    }
    while (comma) {
        const char *opt = comma + 1;
        comma = strchr(opt, ',');
        size_t len = comma ? (size_t)(comma - opt) : strlen(opt);
        if (o->display == BMX_DISPLAY_ANSI && len == 13 &&
            !strncmp(opt, "charset=ascii", 13)) {
            o->display_ascii = true;
        } else if (o->display == BMX_DISPLAY_ANSI && len == 12 &&
                   !strncmp(opt, "charset=utf8", 12)) {
            o->display_ascii = false;
        } else {
            printf("bmx86: --display: unknown option '%.*s' (ansi takes "
                   "charset=utf8 or charset=ascii)\n",
                   (int)len, opt);
            return false;
        }
    }
    return true;
}

/* QEMU's -device for the devices bmx86 can add; isa-debug-exit is on the
 * pc machines anyway (port 0xF4), so its usual form is accepted as is. */
static bool parse_device(KernelOptions *o, const char *val)
{
    if (!strcmp(val, "pc-testdev")) {
        o->testdev = true;
        return true;
    }
    if (!strncmp(val, "isa-debug-exit", 14) &&
        (val[14] == 0 || val[14] == ',')) {
        const char *p = val + 14;
        while (*p == ',') {
            p++;
            const char *end = strchr(p, ',');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            if (!(len == 11 && !strncmp(p, "iobase=0xf4", 11)) &&
                !(len == 10 && !strncmp(p, "iosize=0x1", 10)) &&
                !(len == 10 && !strncmp(p, "iosize=0x4", 10))) {
                printf("bmx86: --device isa-debug-exit: only iobase=0xf4 "
                       "(iosize=0x1 or 0x4) exists here, not '%.*s'\n",
                       (int)len, p);
                return false;
            }
            p += len;
        }
        return true;
    }
    printf("bmx86: unknown device '%s' (pc-testdev, isa-debug-exit)\n", val);
    return false;
}

static bool apply(KernelOptions *o, const OptSpec *spec, const char *val)
{
    const char *n = spec->name;
    if (!strcmp(n, "help")) {
        o->help = true;
    } else if (!strcmp(n, "quiet")) {
        o->quiet = true;
    } else if (!strcmp(n, "mtree")) {
        o->mtree = true;
    } else if (!strcmp(n, "clock")) {
        if (strcmp(val, "icount") && strcmp(val, "host")) {
            printf("bmx86: --clock is icount or host, not '%s'\n", val);
            return false;
        }
        o->host_clock = !strcmp(val, "host");
    } else if (!strcmp(n, "sercon")) {
        o->sercon = true;
    } else if (!strcmp(n, "exit")) {
        if (!parse_int(val, 0, 255, &o->exit_status)) {
            printf("bmx86: --exit needs a number from 0 to 255, not '%s'\n",
                   val);
            return false;
        }
    } else if (!strcmp(n, "fault")) {
        o->fault = val;
    } else if (!strcmp(n, "device")) {
        return parse_device(o, val);
    } else if (!strcmp(n, "guest")) {
        o->guest = val;
    } else if (!strcmp(n, "bios")) {
        o->bios = val;
    } else if (!strcmp(n, "kernel")) {
        o->kernel = val;
    } else if (!strcmp(n, "append")) {
        o->append = val;
    } else if (!strcmp(n, "initrd")) {
        o->initrd = val;
    } else if (!strcmp(n, "datadir")) {
        o->datadir = val;
    } else if (!strcmp(n, "machine")) {
        if (strcmp(val, "pc") && strcmp(val, "isapc")) {
            printf("bmx86: unknown machine '%s' (pc, isapc)\n", val);
            return false;
        }
        o->machine = val;
    } else if (!strcmp(n, "cpu")) {
        /* QEMU's -cpu names the model; bmx86's models are CPU levels */
        static const struct {
            const char *name;
            int level;
        } models[] = {{"286", 2},     {"386", 3}, {"486", 4},     {"586", 5},
                      {"pentium", 5}, {"686", 6}, {"pentium2", 6}};
        o->cpu_level = 0;
        for (unsigned i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
            if (!strcmp(val, models[i].name)) {
                o->cpu_level = models[i].level;
            }
        }
        if (!o->cpu_level) {
            printf("bmx86: unknown CPU model '%s' (286, 386, 486, 586, "
                   "pentium, 686, pentium2)\n",
                   val);
            return false;
        }
    } else if (!strcmp(n, "accel")) {
        if (strcmp(val, "interp") && strcmp(val, "jit")) {
            printf("bmx86: --accel is interp or jit, not '%s'\n", val);
            return false;
        }
        /* availability: kernel/run.c */
        o->accel = !strcmp(val, "jit") ? ACCEL_JIT : ACCEL_INTERP;
    } else if (!strcmp(n, "ram")) {
        if (!parse_int(val, 1, 3584, &o->ram_mib)) {
            printf("bmx86: --ram needs MiB from 1 to 3584, not '%s'\n", val);
            return false;
        }
    } else if (!strcmp(n, "drive")) {
        return drive_add_option(o, NULL, val);
    } else if (!strcmp(n, "hda") || !strcmp(n, "hdb") || !strcmp(n, "hdc") ||
               !strcmp(n, "hdd") || !strcmp(n, "cdrom")) {
        return drive_add_option(o, n, val);
    } else if (!strcmp(n, "boot")) {
        return drive_set_boot(o, val);
    } else if (!strcmp(n, "gdb")) {
        o->gdb = val; /* checked by the board when it opens it */
    } else if (!strcmp(n, "wait-gdb")) {
        o->wait_gdb = true;
    } else if (!strcmp(n, "vga")) {
        if (strcmp(val, "std") && strcmp(val, "none")) {
            printf("bmx86: --vga is std or none, not '%s'\n", val);
            return false;
        }
        o->vga = !strcmp(val, "std") ? BMX_VGA_STD : BMX_VGA_NONE;
    } else if (!strcmp(n, "display")) {
        return parse_display(o, val);
    } else if (!strcmp(n, "trace")) {
        o->trace = val; /* checked by kernel_run_guest (emu's parser) */
    } else if (!strcmp(n, "budget")) {
        int m;
        if (!parse_int(val, 1, 1000000, &m)) {
            printf("bmx86: --budget needs millions of instructions from 1 to "
                   "1000000, not '%s'\n",
                   val);
            return false;
        }
        o->budget = (uint64_t)m * 1000000u;
    }
    return true;
}

/* Options that would be ignored are errors, as QEMU's "-append only
 * allowed with -kernel option". */
static bool cmdline_check_combination(const KernelOptions *o)
{
    if (o->guest) {
        const char *bad = o->bios      ? "--bios"
                          : o->kernel  ? "--kernel"
                          : o->machine ? "--machine"
                          : o->append  ? "--append"
                          : o->initrd  ? "--initrd"
                          : o->sercon  ? "--sercon"
                          : o->vga     ? "--vga"
                          : o->display ? "--display"
                          : o->testdev ? "--device pc-testdev"
                                       : NULL;
        if (!bad && o->boot_order) {
            bad = "--boot";
        }
        for (int i = 0; i < BMX_IDE_DRIVES && !bad; i++) {
            if (o->drives[i].present) {
                bad = "--drive/--hda/--cdrom";
            }
        }
        if (bad) {
            printf("bmx86: %s does not apply to --guest (the bare machine "
                   "runs the image alone)\n",
                   bad);
            return false;
        }
    }
    if (o->wait_gdb && !o->gdb) {
        printf("bmx86: --wait-gdb (-S) needs --gdb=DEV: nothing could "
               "continue the CPU\n");
        return false;
    }
    if (o->display == BMX_DISPLAY_ANSI && o->vga == BMX_VGA_NONE) {
        printf("bmx86: --display=ansi shows the VGA's screen: it needs a VGA "
               "(not --vga=none)\n");
        return false;
    }
    if (o->append && !o->kernel) {
        printf("bmx86: --append is only allowed with --kernel\n");
        return false;
    }
    if (o->initrd && !o->kernel) {
        printf("bmx86: --initrd is only allowed with --kernel\n");
        return false;
    }
    return true;
}

bool cmdline_parse(int argc, char **argv, KernelOptions *o)
{
    *o = (KernelOptions){.exit_status = -1};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h")) {
            a = "--help";
        } else if (!strcmp(a, "-L")) {
            a = "--datadir"; /* QEMU's spelling */
        } else if (!strcmp(a, "-q")) {
            a = "--quiet";
        } else if (!strcmp(a, "-S")) {
            a = "--wait-gdb"; /* QEMU's -S */
        } else if (!strcmp(a, "-s")) {
            o->gdb = board_gdb_default; /* QEMU's -s: -gdb tcp::1234 */
            continue;
        }
        if (strncmp(a, "--", 2) != 0) {
            printf("bmx86: unexpected argument '%s' (try --help)\n", a);
            return false;
        }
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
        const OptSpec *spec = NULL;
        for (unsigned k = 0; k < sizeof(opt_specs) / sizeof(opt_specs[0]);
             k++) {
            if (strlen(opt_specs[k].name) == nlen &&
                !strncmp(opt_specs[k].name, name, nlen)) {
                spec = &opt_specs[k];
            }
        }
        if (!spec) {
            printf("bmx86: unknown option '%s' (try --help)\n", a);
            return false;
        }
        const char *val = NULL;
        if (spec->kind == OPT_FLAG) {
            if (eq) {
                printf("bmx86: option '--%s' takes no value\n", spec->name);
                return false;
            }
        } else if (eq) {
            val = eq + 1;
        } else if (i + 1 < argc) {
            val = argv[++i];
        } else {
            printf("bmx86: option '--%s' needs a value (%s)\n", spec->name,
                   spec->arg_name);
            return false;
        }
        if (!apply(o, spec, val)) {
            return false;
        }
    }
    if (!cmdline_check_combination(o)) {
        return false;
    }
    if (!o->guest) {
        drives_default(o); /* an image linked into the firmware */
    }
    return true;
}
