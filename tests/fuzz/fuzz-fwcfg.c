/*
 * libFuzzer harness: fw_cfg DMA descriptors pointing anywhere -- outside
 * RAM, across 4 GiB and 2^64, into the ROM, into MMIO and the PCI hole --
 * on the pc machine with the DMA interface on. Records of 26 bytes:
 *   u64 where the descriptor is put (written through the memory API, so
 *       a descriptor "in" ROM or MMIO is whatever reads from there),
 *   u32 control (big-endian in guest memory, as fw_cfg wants), u32 length,
 *   u64 the transfer address, then one byte: bit 0 hand the address over
 *   in one 8-byte write to 0x514 instead of two 4-byte halves (0x514 high,
 *   0x518 low); bit 1 select the item (control >> 16) through port 0x510
 *   first; bits 2-7 how many data bytes to read from port 0x511 first,
 *   then one spare byte.
 * Every transfer must finish, and the ROM image must stay as it was.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz-machine.h"
#include "memory/memory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RECORD 26

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) {
        v = v << 8 | p[i];
    }
    return v;
}

static void io_out(uint16_t port, uint64_t val, unsigned len)
{
    uint8_t buf[8];
    for (unsigned i = 0; i < len; i++) {
        buf[i] = (uint8_t)(val >> (8 * i));
    }
    address_space_write(&address_space_io, port, MEMTXATTRS_UNSPECIFIED, buf,
                        len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t idle[] = {0xf4, 0xeb, 0xfd}; /* hlt; jmp */

    fuzz_machine_setup(FUZZ_MACHINE_PC, true);
    fuzz_machine_load(FUZZ_START_REAL, idle, sizeof(idle));
    for (size_t p = 0; p + RECORD <= size; p += RECORD) {
        const uint8_t *r = data + p;
        uint64_t where = le64(r);
        uint8_t desc[16];
        uint8_t how = r[24];

        /* the descriptor as the guest lays it out: control, length and
         * address big-endian */
        for (int i = 0; i < 4; i++) {
            desc[i] = r[8 + 3 - i];
            desc[4 + i] = r[12 + 3 - i];
        }
        for (int i = 0; i < 8; i++) {
            desc[8 + i] = r[16 + 7 - i];
        }
        address_space_write(&address_space_memory, where,
                            MEMTXATTRS_UNSPECIFIED, desc, sizeof(desc));
        if (how & 2) {
            io_out(0x510, (uint16_t)(le64(r + 8) >> 16), 2);
        }
        for (unsigned i = 0; i < (how >> 2); i++) {
            uint8_t b;
            address_space_read(&address_space_io, 0x511, MEMTXATTRS_UNSPECIFIED,
                               &b, 1);
        }
        /* the DMA address register is big-endian */
        if (how & 1) {
            uint64_t be = 0;
            for (int i = 0; i < 8; i++) {
                be |= ((where >> (8 * i)) & 0xff) << (8 * (7 - i));
            }
            io_out(0x514, be, 8);
        } else {
            uint32_t hi = (uint32_t)(where >> 32), lo = (uint32_t)where;
            io_out(0x514, __builtin_bswap32(hi), 4);
            io_out(0x518, __builtin_bswap32(lo), 4);
        }
    }
    fuzz_machine_run(200);
    fuzz_rom_check();
    return 0;
}
