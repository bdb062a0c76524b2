/*
 * emu/mmu: QEMU's softmmu for a 32-bit guest -- a direct-mapped TLB per
 * MMU index plus a small victim TLB, and the load/store helpers that use
 * it. Entries keep "host - vaddr" for RAM so a hit is one compare and one
 * add; every other case (MMIO, clean code pages, ROM writes, page
 * crossings) leaves the fast path through flag bits in the entry.
 */
#ifndef BMX_MMU_MMU_H
#define BMX_MMU_MMU_H

#include "util/util.h"
#include "memory/memory.h"

typedef struct CPUArchState CPUArchState;

typedef uint32_t target_ulong;
typedef uint32_t vaddr;

/* TARGET_PAGE_BITS/SIZE/MASK come from memory/memory.h. */
#define TARGET_PAGE_MASK32 (~(target_ulong)(TARGET_PAGE_SIZE - 1))

#define CPU_TLB_BITS  8
#define CPU_TLB_SIZE  (1 << CPU_TLB_BITS)
#define CPU_VTLB_SIZE 8

/* x86 MMU indexes (QEMU's names); SMAP does not exist before Broadwell, so
 * the "no SMAP" kernel index is the kernel index. */
#define MMU_KSMAP_IDX   0
#define MMU_USER_IDX    1
#define MMU_PHYS_IDX    2
#define MMU_KNOSMAP_IDX MMU_KSMAP_IDX
#define NB_MMU_MODES    3

/* Page protection (QEMU's PAGE_*). */
#define PAGE_READ  0x0001
#define PAGE_WRITE 0x0002
#define PAGE_EXEC  0x0004
/* bmx86: a global translation (x86 PGE), kept by tlb_flush_nonglobal */
#define PAGE_TLB_GLOBAL 0x0080

typedef enum MMUAccessType {
    MMU_DATA_LOAD = 0,
    MMU_DATA_STORE = 1,
    MMU_INST_FETCH = 2,
} MMUAccessType;

/* Flags kept in the low bits of a TLB entry's page address. Any set bit
 * makes the fast-path compare fail. */
#define TLB_INVALID_MASK  (1u << 11)
#define TLB_NOTDIRTY      (1u << 10)
#define TLB_MMIO          (1u << 9)
#define TLB_DISCARD_WRITE (1u << 8)
#define TLB_FLAGS_MASK                                                         \
    (TLB_INVALID_MASK | TLB_NOTDIRTY | TLB_MMIO | TLB_DISCARD_WRITE)
/* A data breakpoint on the page (read and/or write entry): the slow path
 * checks each access. Deviation D25: outside TLB_FLAGS_MASK, so a watched
 * RAM page still gets TLB_NOTDIRTY when code is translated on it. */
#define TLB_WATCHPOINT (1u << 7)

typedef struct CPUTLBEntry {
    target_ulong addr_read;
    target_ulong addr_write;
    target_ulong addr_code;
    uintptr_t addend; /* host address = guest vaddr + addend (RAM only) */
} CPUTLBEntry;

/* What the slow path needs about an entry. */
typedef struct CPUTLBEntryFull {
    uint64_t phys_addr;      /* guest-physical page address */
    struct MemoryRegion *mr; /* region that backs the page */
    uint64_t mr_offset;      /* offset of the page within mr */
    struct AddressSpace *as; /* address space the page was found in */
    MemTxAttrs attrs;
    uint8_t prot;
    uint8_t lg_page_size;
} CPUTLBEntryFull;

typedef struct CPUTLBDesc {
    CPUTLBEntry table[CPU_TLB_SIZE];
    CPUTLBEntry vtable[CPU_VTLB_SIZE];
    CPUTLBEntryFull fulltlb[CPU_TLB_SIZE];
    CPUTLBEntryFull vfulltlb[CPU_VTLB_SIZE];
    unsigned vindex;
    /* Bit k set: table[k] may be a writable, dirty RAM entry. Lets
     * tlb_reset_dirty_range_all visit only those instead of every entry. */
    uint32_t wmap[CPU_TLB_SIZE / 32];
    /* Large pages (4 MiB PSE) present in this index: flush_page over them
     * must flush all. */
    target_ulong large_page_addr;
    target_ulong large_page_mask;
} CPUTLBDesc;

typedef struct CPUTLB {
    CPUTLBDesc d[NB_MMU_MODES];
} CPUTLB;

static inline unsigned tlb_index(target_ulong addr)
{
    return (addr >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1);
}

/* ---- TLB maintenance (QEMU's cputlb.c API) ---- */
void tlb_init(CPUState *cs);
/* The CPU memory's hooks (tlb_reset_dirty_range_all) act on. */
void tlb_register_cpu(CPUState *cs);
void tlb_flush(CPUState *cs);
void tlb_flush_by_mmuidx(CPUState *cs, uint16_t idxmap);
void tlb_flush_page(CPUState *cs, target_ulong addr);
/* Every entry but those filled with PAGE_TLB_GLOBAL (x86: a CR3 load with
 * CR4.PGE); the jump cache too. */
void tlb_flush_nonglobal(CPUState *cs);
/* Installs a translation; called by the target's tlb_fill. attrs.secure
 * selects the SMM address space (x86). size: 4096 or 4 MiB (PSE). */
void tlb_set_page_with_attrs(CPUState *cs, target_ulong vaddr, hwaddr paddr,
                             MemTxAttrs attrs, int prot, int mmu_idx,
                             target_ulong size);
void tlb_set_page(CPUState *cs, target_ulong vaddr, hwaddr paddr, int prot,
                  int mmu_idx, target_ulong size);
/* Memory's hook: TLB entries of RAM [start, start+length) take the
 * notdirty slow path again (CODE bits were cleared). */
void tlb_reset_dirty_range_all(ram_addr_t start, ram_addr_t length);
/* After a notdirty store cleared the code translations of a page. */
void tlb_set_dirty(CPUState *cs, target_ulong vaddr);

/*
 * ---- Guest memory access through the TLB (QEMU's cpu_ldst.h) ----
 * ra is 0 when env->eip already addresses the current instruction, or the
 * value the interpreter passes for the current op (then the engine
 * restores eip itself before an exception is delivered).
 */
uint32_t cpu_ldub_mmuidx_ra(CPUArchState *env, target_ulong addr, int mmu_idx,
                            uintptr_t ra);
uint32_t cpu_lduw_mmuidx_ra(CPUArchState *env, target_ulong addr, int mmu_idx,
                            uintptr_t ra);
uint32_t cpu_ldl_mmuidx_ra(CPUArchState *env, target_ulong addr, int mmu_idx,
                           uintptr_t ra);
uint64_t cpu_ldq_mmuidx_ra(CPUArchState *env, target_ulong addr, int mmu_idx,
                           uintptr_t ra);
void cpu_stb_mmuidx_ra(CPUArchState *env, target_ulong addr, uint32_t val,
                       int mmu_idx, uintptr_t ra);
void cpu_stw_mmuidx_ra(CPUArchState *env, target_ulong addr, uint32_t val,
                       int mmu_idx, uintptr_t ra);
void cpu_stl_mmuidx_ra(CPUArchState *env, target_ulong addr, uint32_t val,
                       int mmu_idx, uintptr_t ra);
void cpu_stq_mmuidx_ra(CPUArchState *env, target_ulong addr, uint64_t val,
                       int mmu_idx, uintptr_t ra);
/* Instruction fetch (translator). */
uint32_t cpu_ldub_code(CPUArchState *env, target_ulong addr);
/* Host pointer for code at addr (RAM or ROM), or NULL for MMIO; sets
 * *ram_addr (RAM_ADDR_INVALID for MMIO). May raise a fetch fault. */
void *get_page_addr_code_hostp(CPUArchState *env, target_ulong addr,
                               ram_addr_t *ram_addr);

/* Probe: fills the TLB for [addr, addr+size) without accessing; raises
 * the fault (ra as above) if not accessible. */
void probe_access(CPUArchState *env, target_ulong addr, int size,
                  MMUAccessType access_type, int mmu_idx, uintptr_t ra);

#endif /* BMX_MMU_MMU_H */
