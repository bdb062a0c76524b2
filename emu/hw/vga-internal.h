/* Private to the VGA files (vga.c, vga-mem.c, vga-text.c). */
#ifndef BMX_HW_VGA_INTERNAL_H
#define BMX_HW_VGA_INTERNAL_H

#include "hw/hw.h"

/* Maps the 128 KiB window at 0xA0000 of mem. */
void vga_mem_init(VGACommonState *s, MemoryRegion *mem, int priority);

#endif
