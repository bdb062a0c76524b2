/*
 * libFuzzer harness: the firmware's command line (kernel/cmdline.c,
 * kernel/drive.c), what a user types after `./bmx run --` or QEMU's
 * -append gives the board. Input: the line's bytes up to the first NUL.
 * It is split as the board splits -append, checked against the limits and
 * parsed (a refused line prints why and gives false; --help ends the run
 * through board_exit, caught by the fake board); an accepted one must leave
 * options inside their documented ranges. Nothing is opened or run.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake-board.h"
#include "kernel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "cmdline: accepted a line with %s\n", what);
        abort();
    }
}

static void check_options(const KernelOptions *o)
{
    int drives = 0;

    check(o->exit_status >= -1 && o->exit_status <= 255, "an exit status");
    check(o->cpu_level == 0 || (o->cpu_level >= 2 && o->cpu_level <= 6),
          "a CPU level"); /* X86CPULevel: 286 .. 686 */
    check(o->ram_mib >= 0, "a negative RAM size");
    check(o->vga >= BMX_VGA_DEFAULT && o->vga <= BMX_VGA_NONE, "a VGA kind");
    check(o->display >= BMX_DISPLAY_SERIAL && o->display <= BMX_DISPLAY_NONE,
          "a display kind");
    for (int i = 0; i < BMX_IDE_DRIVES; i++) {
        const DriveSpec *d = &o->drives[i];
        if (!d->present) {
            continue;
        }
        drives++;
        check(d->cdrom || d->file, "a hard disk without a file");
        check(!d->cdrom || d->read_only, "a writable CD-ROM");
        if (d->file) {
            check(strlen(d->file) < BMX_CMDLINE_MAX, "an unterminated file");
        }
    }
    check(drives <= BMX_IDE_DRIVES, "too many drives");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char line[BMX_CMDLINE_MAX];
    char *argv[BMX_ARGV_MAX];
    KernelOptions o;
    jmp_buf jb;
    size_t n = 0;
    int argc;

    while (n < size && n < sizeof(line) - 1 && data[n]) {
        line[n] = (char)data[n];
        n++;
    }
    line[n] = 0;
    argc = cmdline_split(line, argv, BMX_ARGV_MAX);
    if (argc < 0 || !cmdline_check_limits(argc, argv)) {
        return 0; /* refused with a message, as the board refuses it */
    }
    fake_console_reset();
    fake_exit_jmp = &jb;
    if (setjmp(jb) == 0) {
        if (cmdline_parse(argc, argv, &o)) {
            check_options(&o);
        }
    }
    fake_exit_jmp = NULL;
    return 0;
}
