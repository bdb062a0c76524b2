/*
 * The ATA/ATAPI command path under random port traffic: a PIIX3 IDE
 * function with a disk (primary master, writable through the overlay)
 * and a CD (secondary master), RAM for DMA, and a byte program of port
 * accesses -- taskfile and control registers, the data port in all
 * widths, the bus master's registers and PRD entries pointing anywhere.
 * After every access the drives' transfer pointers must stay inside their
 * buffers and the overlay's accounting must hold.
 *
 * Built as test-ide-fuzz (suite hw): a fixed number of programs from a
 * seeded generator, so every run is the same. With -DBMX_LIBFUZZER it is
 * the harness `ide` of ./bmx fuzz and its replay (docs/reliability.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/hw.h"
#include "memory/memory.h"
#include "timer/timer.h"

#define RAM_SIZE (128 * 1024)
#define BMDMA    0xc000
static uint8_t ram[RAM_SIZE] __attribute__((aligned(4096)));
static uint8_t disk[256 * 512];
static uint8_t cd[16 * 2048];
static uint8_t arena[32 * 1024] __attribute__((aligned(4096)));
static uint8_t pool[64 * 1024] __attribute__((aligned(4096)));
static PCIHostState host;
static PCIIDEState ide;
static MemoryRegion ram_mr;

static void fuzz_ide_init(void)
{
    memory_reset_for_tests();
    qemu_ram_pool_init(pool, sizeof(pool), "fuzz");
    memory_map_init();
    qemu_clock_init(0);
    blk_reset_all();
    blk_cow_arena_init(arena, sizeof(arena));
    memset(ram, 0, sizeof(ram));
    for (size_t i = 0; i < sizeof(disk); i++) {
        disk[i] = (uint8_t)(i * 31 + (i >> 9));
    }
    for (size_t i = 0; i < sizeof(cd); i++) {
        cd[i] = (uint8_t)(i * 17 + (i >> 11));
    }
    memory_region_init_ram_ptr(&ram_mr, NULL, "ram", RAM_SIZE, ram);
    memory_region_add_subregion(get_system_memory(), 0, &ram_mr);
    pci_host_init(&host, get_system_io());
    piix3_ide_init(&ide, &host.bus, get_system_io(), &address_space_memory,
                   NULL, NULL);
    ide_drive_attach(&ide.bus[0], 0, IDE_HD,
                     blk_new_memory("hd", disk, sizeof(disk), false));
    ide_drive_attach(&ide.bus[1], 0, IDE_CD,
                     blk_new_memory("cd", cd, sizeof(cd), true));
    pci_host_config_write(&host, PCI_DEVFN(1, 1), 0x20, BMDMA | 1, 4);
    pci_host_config_write(&host, PCI_DEVFN(1, 1), 0x04, 5, 2);
}

static void check_invariants(void)
{
    for (int b = 0; b < 2; b++) {
        for (int u = 0; u < 2; u++) {
            IDEState *s = &ide.bus[b].ifs[u];
            const uint8_t *lo = s->io_buffer;
            const uint8_t *hi = s->io_buffer + sizeof(s->io_buffer);
            if (s->data_ptr < lo || s->data_ptr > hi || s->data_end < lo ||
                s->data_end > hi || s->data_ptr > s->data_end + 4) {
                fprintf(stderr,
                        "ide fuzz: drive %d-%d transfer pointers "
                        "left the buffer\n",
                        b, u);
                abort();
            }
        }
    }
    if (blk_cow_clusters_used() > blk_cow_clusters_total()) {
        fprintf(stderr, "ide fuzz: overlay accounting broken\n");
        abort();
    }
}

/* What the programs reached: bytes the drives read and wrote, and the
 * bus master's completed transfers. */
static uint64_t total_rd, total_wr, total_bm_int;

static void run_program(const uint8_t *p, size_t n)
{
    static const uint16_t base[2] = {0x1f0, 0x170};
    static const uint16_t ctrl[2] = {0x3f6, 0x376};
    MemTxAttrs a = MEMTXATTRS_UNSPECIFIED;

    fuzz_ide_init();
    for (size_t i = 0; i + 3 <= n; i += 3) {
        uint8_t op = p[i], sel = p[i + 1], v = p[i + 2];
        int ch = (sel >> 3) & 1;
        switch (op & 7) {
        case 0:
            address_space_stb(&address_space_io, base[ch] + (sel & 7), v, a,
                              NULL);
            break;
        case 1:
            address_space_ldub(&address_space_io, base[ch] + (sel & 7), a,
                               NULL);
            break;
        case 2:
            address_space_stw(&address_space_io, base[ch], v * 0x101u, a, NULL);
            break;
        case 3:
            for (int k = 0; k <= (sel >> 4); k++) {
                address_space_lduw(&address_space_io, base[ch], a, NULL);
            }
            break;
        case 4:
            address_space_stl(&address_space_io, base[ch], v * 0x01010101u, a,
                              NULL);
            break;
        case 5:
            address_space_stb(&address_space_io, ctrl[ch], v, a, NULL);
            break;
        case 6:
            address_space_stb(&address_space_io, BMDMA + (sel & 15), v, a,
                              NULL);
            break;
        case 7: {
            /* a PRD entry at 0x1000 + 8 * (sel & 7): address v << 12
             * (past RAM from 0x20000), count from sel */
            uint8_t e[8];
            stl_le_p(e, (uint32_t)v << 12);
            stl_le_p(e + 4, ((uint32_t)(sel & 0xf0) << 6) |
                                ((sel & 8) ? 0x80000000u : 0));
            address_space_write(&address_space_memory, 0x1000 + 8 * (sel & 7),
                                a, e, 8);
            address_space_stl(&address_space_io, BMDMA + 4 + (ch ? 8 : 0),
                              0x1000, a, NULL);
            break;
        }
        }
        check_invariants();
    }
    for (int b = 0; b < 2; b++) {
        BlockBackend *blk = ide.bus[b].ifs[0].blk;
        total_rd += blk->rd_bytes;
        total_wr += blk->wr_bytes;
        total_bm_int += (ide.bmdma[b].status & BM_STATUS_INT) != 0;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run_program(data, size);
    return 0;
}

#ifndef BMX_LIBFUZZER
/* A generator biased toward real command sequences: select a drive, set
 * up the taskfile, issue a command from the set the drives know, then
 * random traffic. */
static uint32_t rng = 12345;
static uint8_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return (uint8_t)rng;
}

int main(void)
{
    static const uint8_t cmds[] = {
        0x20, 0x24, 0x29, 0x30, 0x34, 0x39, 0x40, 0x42, 0x91, 0xa0,
        0xa1, 0xc4, 0xc5, 0xc6, 0xc8, 0xca, 0x25, 0x35, 0xe7, 0xea,
        0xec, 0xef, 0x08, 0x90, 0x10, 0x70, 0xe5, 0x00, 0xff};
    static const uint8_t packets[] = {0x00, 0x03, 0x12, 0x1a, 0x1b, 0x1e,
                                      0x25, 0x28, 0x2b, 0x43, 0x46, 0x4a,
                                      0x5a, 0xa8, 0xbd, 0x51};
    uint8_t prog[600];
    unsigned runs = 20000;

    for (unsigned r = 0; r < runs; r++) {
        size_t n = 0;
        int ch = rnd() & 1;
        uint8_t chs = (uint8_t)(ch << 3);
        while (n + 3 <= sizeof(prog) - 60) {
            uint8_t k = rnd() % 10;
            if (k < 4) { /* a command with its taskfile */
                /* mostly the master, LBA or CHS, addresses on the disk */
                uint8_t dev = (uint8_t)(0xa0 | (rnd() & 0x40) |
                                        ((rnd() & 7) == 0 ? 0x10 : 0));
                prog[n++] = 0, prog[n++] = chs | 6, prog[n++] = dev;
                for (int reg = 1; reg <= 5; reg++) {
                    uint8_t v = rnd();
                    if (reg == 2) {
                        v &= 7;
                    } else if (reg >= 4 && (rnd() & 3)) {
                        v = reg == 4 ? (rnd() & 8) : 0;
                    }
                    prog[n++] = 0, prog[n++] = chs | (uint8_t)reg;
                    prog[n++] = v;
                }
                prog[n++] = 0, prog[n++] = chs | 7;
                prog[n++] = cmds[rnd() % sizeof(cmds)];
                if (rnd() & 1) { /* a packet */
                    prog[n++] = 2, prog[n++] = chs;
                    prog[n++] = packets[rnd() % sizeof(packets)];
                    for (int w = 0; w < 5; w++) {
                        prog[n++] = 2, prog[n++] = chs, prog[n++] = rnd() & 7;
                    }
                }
            } else if (k < 6) { /* drain data */
                prog[n++] = 3, prog[n++] = chs | 0xf0, prog[n++] = 0;
            } else if (k < 7) { /* start the bus master */
                prog[n++] = 7, prog[n++] = rnd(), prog[n++] = rnd() & 0x3f;
                prog[n++] = 6, prog[n++] = ch ? 8 : 0, prog[n++] = rnd() & 9;
            } else {
                prog[n++] = rnd(), prog[n++] = rnd(), prog[n++] = rnd();
            }
        }
        run_program(prog, n);
    }
    printf("ide fuzz: %u programs, invariants held; %llu bytes read, %llu "
           "written, %llu bus-master interrupts\n",
           runs, (unsigned long long)total_rd, (unsigned long long)total_wr,
           (unsigned long long)total_bm_int);
    /* a generator that never reaches the data paths tests nothing */
    if (!total_rd || !total_wr || !total_bm_int) {
        printf("ide fuzz: FAIL: the programs did not reach reads, writes and "
               "DMA\n");
        return 1;
    }
    return 0;
}
#endif
