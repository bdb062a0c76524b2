/*
 * The debugger's view of guest memory (QEMU's cpu_memory_rw_debug): linear
 * addresses through the guest's page tables by the debug walk, which
 * neither raises #PF nor sets accessed/dirty bits, then the CPU's address
 * space. Writes go through address_space_write_rom (a breakpoint patched
 * into a BIOS in ROM works, as in QEMU) and drop the TBs they cover.
 */
#include "gdbstub/gdbstub.h"
#include "target-i386/cpu.h"
#include "memory/memory.h"

int cpu_memory_rw_debug(CPUState *cs, uint32_t addr, void *buf, size_t len,
                        bool is_write)
{
    uint8_t *p = buf;
    AddressSpace *as = cs->as ? cs->as : cpu_get_address_space(cs, 0);

    while (len) {
        uint32_t page = addr & TARGET_PAGE_MASK32;
        int64_t phys = x86_cpu_get_phys_page_debug(cs, page);
        size_t l = MIN(len, (size_t)TARGET_PAGE_SIZE - (addr - page));
        hwaddr pa;

        if (phys < 0) {
            return -1;
        }
        pa = (hwaddr)phys + (addr & ~TARGET_PAGE_MASK32);
        if (is_write) {
            /* RAM and ROM through the host pointer, code invalidated;
             * MMIO is skipped (QEMU's debug writes do the same) */
            address_space_write_rom(as, pa, MEMTXATTRS_UNSPECIFIED, p, l);
        } else {
            address_space_read(as, pa, MEMTXATTRS_UNSPECIFIED, p, l);
        }
        p += l;
        addr += (uint32_t)l;
        len -= l;
    }
    return 0;
}
