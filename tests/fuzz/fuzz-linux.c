/*
 * libFuzzer harness: the Linux boot protocol loader (emu/machine/
 * x86-linux.c, what --kernel runs for a bzImage), on the pc machine with
 * 2 MiB of RAM. Input: byte 0 sets the command line's length (x 8), byte 1
 * the initrd's (x 4 KiB), the rest is the kernel image. A refused kernel
 * must leave a message and -1; an accepted one must have a layout inside
 * RAM where nothing overlaps, and fw_cfg must then serve its items.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-machine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define KERNEL_MAX (1024u * 1024)
#define INITRD_MAX (1024u * 1024)

static uint8_t kernel[KERNEL_MAX]; /* the loader fills the header in it */
static uint8_t initrd[INITRD_MAX];
static char cmdline[256 * 8 + 1];

static void check(bool ok, const char *what, const LinuxLoadInfo *li)
{
    if (!ok) {
        fprintf(stderr,
                "linux: accepted a kernel with %s: protocol %x setup "
                "0x%x+0x%x cmdline 0x%x+0x%x kernel 0x%x+0x%x initrd "
                "0x%x+0x%x\n",
                what, li->protocol, li->real_addr, li->setup_size,
                li->cmdline_addr, li->cmdline_room, li->prot_addr,
                li->kernel_size, li->initrd_addr, li->initrd_size);
        abort();
    }
}

/* The loader's item through the fw_cfg I/O ports: its 32-bit value. */
static uint32_t fw_cfg_read32(uint16_t key)
{
    uint32_t v = 0;
    address_space_stw_le(&address_space_io, 0x510, key, MEMTXATTRS_UNSPECIFIED,
                         NULL);
    for (int i = 0; i < 4; i++) {
        v |= (uint32_t)address_space_ldub(&address_space_io, 0x511,
                                          MEMTXATTRS_UNSPECIFIED, NULL)
             << (8 * i);
    }
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t idle[] = {0xf4};
    LinuxLoadInfo li;
    size_t cmd_len, initrd_size, ksize;

    if (size < 2 || size - 2 > KERNEL_MAX) {
        return 0;
    }
    cmd_len = (size_t)data[0] * 8;
    initrd_size = (size_t)data[1] * 4096;
    ksize = size - 2;
    memcpy(kernel, data + 2, ksize);
    memset(cmdline, 'c', cmd_len);
    cmdline[cmd_len] = 0;
    memset(initrd, 0xa5, initrd_size);

    fuzz_machine_setup(FUZZ_MACHINE_PC, false);
    fuzz_machine_load(FUZZ_START_REAL, idle, sizeof(idle));
    if (x86_load_linux(kernel, ksize, "fuzz", initrd_size ? initrd : NULL,
                       initrd_size, "fuzz-initrd", cmdline, &li) < 0) {
        return 0;
    }
    check(li.setup_size <= ksize && li.kernel_size == ksize - li.setup_size,
          "sizes that do not add up", &li);
    check(li.real_addr + li.setup_size <= li.cmdline_addr,
          "setup over the command line", &li);
    check(li.cmdline_addr + li.cmdline_room <= 0xa0000,
          "a command line above 640 KiB", &li);
    check(cmd_len < li.cmdline_room && cmd_len <= li.cmdline_max,
          "a command line longer than its room", &li);
    check((uint64_t)li.prot_addr + li.kernel_size <= FUZZ_RAM_SIZE,
          "a kernel beyond RAM", &li);
    check(li.init_end <= FUZZ_RAM_SIZE, "init_size beyond RAM", &li);
    if (initrd_size) {
        check(li.initrd_size == initrd_size &&
                  li.initrd_addr >= li.prot_addr + li.kernel_size &&
                  (uint64_t)li.initrd_addr + initrd_size - 1 <= li.initrd_max &&
                  li.initrd_max < FUZZ_RAM_SIZE,
              "an initrd on the kernel or beyond its limit", &li);
    }
    /* FW_CFG_KERNEL_SIZE, FW_CFG_SETUP_SIZE, FW_CFG_INITRD_SIZE (an
     * earlier input's initrd items stay when this one has none) */
    check(fw_cfg_read32(0x08) == li.kernel_size &&
              fw_cfg_read32(0x17) == li.setup_size &&
              (!initrd_size || fw_cfg_read32(0x0b) == initrd_size),
          "fw_cfg items that differ from the plan", &li);
    fuzz_machine_run(200);
    fuzz_rom_check();
    return 0;
}
