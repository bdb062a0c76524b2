/*
 * libFuzzer harness: the multiboot (v1) loader, ELF and the a.out kludge
 * (emu/machine/multiboot.c, what --kernel runs), on the pc machine with
 * 2 MiB of RAM. The input is the kernel image. A refused image must leave
 * a message and -1; an accepted one must lie inside RAM, clear of the info
 * area, and then run a few instructions from its entry point.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz-machine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t idle[] = {0xf4};
    MultibootLoadInfo mi;

    fuzz_machine_setup(FUZZ_MACHINE_PC, false);
    fuzz_machine_load(FUZZ_START_REAL, idle, sizeof(idle));
    if (multiboot_load(data, size, "fuzz", "fuzz cmdline", &mi) < 0) {
        return 0;
    }
    if (mi.load_end < mi.load_start || mi.load_end > FUZZ_RAM_SIZE ||
        (mi.load_start < MULTIBOOT_INFO_END &&
         mi.load_end > MULTIBOOT_INFO_ADDR) ||
        mi.info_addr != MULTIBOOT_INFO_ADDR) {
        fprintf(stderr,
                "multiboot: accepted an image at 0x%x-0x%x (info 0x%x) "
                "outside RAM or over the info area\n",
                mi.load_start, mi.load_end, mi.info_addr);
        abort();
    }
    fuzz_machine_run(2000);
    fuzz_rom_check();
    return 0;
}
