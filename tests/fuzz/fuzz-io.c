/*
 * libFuzzer harness: port I/O and MMIO against the pc machine. The CPU
 * idles in "sti; hlt" at 1000:0000 while the input, records of 9 bytes
 * (op, address, value; little-endian), reaches the devices directly:
 *   op & 7: 0, 6, 7 port write; 1 port read; 2 memory write; 3 memory read;
 *           4 run the CPU (value & 0xffff) + 1 instructions, so timers fire
 *           and interrupts are taken; 5 port write, then read it back
 *   op >> 3 & 3: the size, 1, 2, 4 or 8 bytes
 * Every access must complete (whatever it returns), and no write may reach
 * the ROM image.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz-machine.h"
#include "memory/memory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RECORD 9

static void access(AddressSpace *as, uint64_t addr, unsigned len, uint32_t val,
                   bool is_write)
{
    uint8_t buf[8];

    for (unsigned i = 0; i < 8; i++) {
        buf[i] = (uint8_t)(val >> (8 * (i & 3)));
    }
    if (is_write) {
        address_space_write(as, addr, MEMTXATTRS_UNSPECIFIED, buf, len);
    } else {
        address_space_read(as, addr, MEMTXATTRS_UNSPECIFIED, buf, len);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t idle[] = {0xfb, 0xf4, 0xeb, 0xfd}; /* sti; hlt; jmp */

    fuzz_machine_setup(FUZZ_MACHINE_PC, false);
    fuzz_machine_load(FUZZ_START_REAL, idle, sizeof(idle));
    for (size_t p = 0; p + RECORD <= size; p += RECORD) {
        const uint8_t *r = data + p;
        uint8_t op = r[0];
        unsigned len = 1u << ((op >> 3) & 3);
        uint32_t addr = (uint32_t)r[1] | (uint32_t)r[2] << 8 |
                        (uint32_t)r[3] << 16 | (uint32_t)r[4] << 24;
        uint32_t val = (uint32_t)r[5] | (uint32_t)r[6] << 8 |
                       (uint32_t)r[7] << 16 | (uint32_t)r[8] << 24;

        switch (op & 7) {
        case 1:
            access(&address_space_io, addr & 0xffff, len, val, false);
            break;
        case 2:
            access(&address_space_memory, addr, len, val, true);
            break;
        case 3:
            access(&address_space_memory, addr, len, val, false);
            break;
        case 4:
            fuzz_machine_run((val & 0xffff) + 1);
            break;
        case 5:
            access(&address_space_io, addr & 0xffff, len, val, true);
            access(&address_space_io, addr & 0xffff, len, val, false);
            break;
        default:
            access(&address_space_io, addr & 0xffff, len, val, true);
            break;
        }
    }
    fuzz_machine_run(1000);
    fuzz_rom_check();
    return 0;
}
