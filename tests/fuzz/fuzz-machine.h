/*
 * The machines the whole-machine, port/MMIO, fw_cfg DMA and multiboot
 * harnesses run on. A machine is built once per process (emu/ is static)
 * over a 128 KiB ROM image the harness rewrites for each input; between
 * inputs the machine is reset, its low RAM cleared and every translation
 * dropped, so each input starts from the same state.
 */
#ifndef BMX_TESTS_FUZZ_MACHINE_H
#define BMX_TESTS_FUZZ_MACHINE_H

#include <stddef.h>
#include <stdint.h>

#include "machine/machine.h"

#define FUZZ_ROM_SIZE (128u * 1024)
#define FUZZ_RAM_SIZE (2u * 1024 * 1024)
/* Where the real-mode and protected-mode variants put the input's code
 * (real mode: 1000:0000). */
#define FUZZ_CODE_RAM 0x10000u
#define FUZZ_CODE_MAX 0x8000u

typedef enum FuzzMachineKind {
    FUZZ_MACHINE_BARE,
    FUZZ_MACHINE_PC,
} FuzzMachineKind;

/* How the input starts (the whole-machine harness's byte 0). */
typedef enum FuzzStart {
    FUZZ_START_IMAGE, /* the input is the ROM image's tail, ending at 4 GiB */
    FUZZ_START_REAL,  /* code at 1000:0000, reached from the reset vector */
    FUZZ_START_FLAT,  /* a ROM stub enters flat 32-bit protected mode */
    FUZZ_START_PAGED, /* ... and turns on paging (identity, 2 MiB mapped) */
    FUZZ_START_NR
} FuzzStart;

extern uint8_t fuzz_rom[FUZZ_ROM_SIZE];

/* Builds the machine once (fw_cfg DMA offered on the pc when dma). */
void fuzz_machine_setup(FuzzMachineKind kind, bool dma);
/* Writes the ROM for start (image: the bytes; otherwise the stub, with
 * the bytes as code in RAM), resets the machine and clears RAM. */
void fuzz_machine_load(FuzzStart start, const uint8_t *bytes, size_t len);
/* Runs budget instructions at most; returns how the run ended. */
MachineExitReason fuzz_machine_run(uint64_t budget);
/* Aborts if the guest changed the ROM image (a write reached it). */
void fuzz_rom_check(void);

#endif
