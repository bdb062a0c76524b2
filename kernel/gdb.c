/*
 * The gdb stub's host side: the board's debugger byte stream (a TCP
 * listener hosted, UART1 on the boards) as the stub's char device, and
 * QEMU's "k": the run ends with status 0.
 */
#include <stdio.h>

#include "drivers.h"
#include "kernel.h"
#include "gdbstub/gdbstub.h"
#include "target-i386/cpu.h"

static int gdb_chr_read(void *opaque, bool wait)
{
    (void)opaque;
    return board_gdb_getc(wait);
}

static void gdb_chr_write(void *opaque, const uint8_t *buf, size_t len)
{
    (void)opaque;
    board_gdb_write(buf, len);
}

static void gdb_chr_kill(void *opaque)
{
    (void)opaque;
    printf("\nbmx86: terminated via GDBstub\n"); /* QEMU's words */
    fflush(stdout);
    board_exit(BMX_EXIT_OK);
}

static const GDBCharOps gdb_chr_ops = {
    .read = gdb_chr_read,
    .write = gdb_chr_write,
    .kill = gdb_chr_kill,
};

int kernel_gdb_start(const KernelOptions *o, X86CPU *cpu)
{
    const char *why = NULL;

    if (!o->gdb) {
        return 0;
    }
    if (board_gdb_open(o->gdb, &why) < 0) {
        printf("bmx86: --gdb=%s: %s\n", o->gdb, why);
        return BMX_EXIT_USAGE;
    }
    gdbserver_start(&cpu->parent_obj, &gdb_chr_ops, NULL, o->wait_gdb);
    if (o->wait_gdb) {
        printf("bmx86: gdb: the CPU is stopped until gdb continues it\n");
        fflush(stdout);
        gdb_wait_start();
    }
    return 0;
}

void kernel_gdb_exit(int status)
{
    gdb_exit(status);
}
