/*
 * libFuzzer harness: the gdb stub as a debugger would drive it -- the
 * input is the byte stream from gdb (packets, acks, Ctrl-C, noise) fed
 * through the char device to a CPU stopped at start on the bare machine
 * (flat protected mode with paging, so m/M walk page tables). Continue
 * and step run the machine a few hundred instructions at a time. Every
 * byte the stub sends must be an ack or a well-formed packet with a good
 * checksum; the ROM must be intact.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz-machine.h"
#include "gdbstub/gdbstub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *in;
static size_t in_len, in_pos;

static int fuzz_chr_read(void *opaque, bool wait)
{
    (void)opaque;
    (void)wait;
    return in_pos < in_len ? in[in_pos++] : GDB_CHR_CLOSED;
}

/* What the stub writes: "+", "-" or one whole "$...#cs" frame. */
static void fuzz_chr_write(void *opaque, const uint8_t *buf, size_t len)
{
    uint8_t sum = 0;
    size_t i;

    (void)opaque;
    if (len == 1 && (buf[0] == '+' || buf[0] == '-')) {
        return;
    }
    if (len < 4 || len > 2 * GDB_MAX_PACKET + 4 || buf[0] != '$' ||
        buf[len - 3] != '#') {
        fprintf(stderr, "gdbstub: malformed frame of %zu bytes\n", len);
        abort();
    }
    for (i = 1; i < len - 3; i++) {
        sum += buf[i];
    }
    if (gdb_hexval(buf[len - 2]) != sum >> 4 ||
        gdb_hexval(buf[len - 1]) != (sum & 15)) {
        fprintf(stderr, "gdbstub: frame with a bad checksum\n");
        abort();
    }
}

static const GDBCharOps fuzz_chr_ops = {fuzz_chr_read, fuzz_chr_write, NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a loop that stores to RAM: mov [0x1000], eax; inc eax; jmp back */
    static const uint8_t code[] = {0xa3, 0x00, 0x10, 0x00,
                                   0x00, 0x40, 0xeb, 0xf8};
    CPUState *cs;

    fuzz_machine_setup(FUZZ_MACHINE_BARE, false);
    fuzz_machine_load(FUZZ_START_PAGED, code, sizeof(code));
    cs = &bare_machine_cpu()->parent_obj;
    cpu_breakpoint_remove_all(cs, BP_GDB);
    cpu_watchpoint_remove_all(cs, BP_GDB);
    cpu_single_step(cs, 0);
    in = data;
    in_len = size;
    in_pos = 0;
    gdbserver_start(cs, &fuzz_chr_ops, NULL, true);
    for (int n = 0; n < 64 && in_pos < in_len; n++) {
        fuzz_machine_run(300);
    }
    gdbserver_enabled = false;
    cpu_breakpoint_remove_all(cs, BP_GDB);
    cpu_watchpoint_remove_all(cs, BP_GDB);
    cpu_single_step(cs, 0);
    fuzz_rom_check();
    return 0;
}
