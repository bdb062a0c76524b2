/*
 * emu/memory: QEMU's memory model (system/memory.c, system/physmem.c,
 * memory_ldst.c.inc) with QEMU's names and layouts, made static and
 * single-threaded. See docs/memory.md for the design and
 * docs/deviations.md for every deliberate difference (Dn below).
 *
 * Memory for RAM comes from one pool the host hands over with
 * qemu_ram_pool_init(); flat views live in a fixed arena; nothing here
 * calls malloc. Names and strings passed in (region and address-space
 * names) are kept by pointer and must outlive the object (Deviation D2).
 */
#ifndef BMX_MEMORY_MEMORY_H
#define BMX_MEMORY_MEMORY_H

#include "util/util.h"
#include "util/int128.h"
#include "util/bswap.h"

/* ---- Basic types ---- */

typedef uint64_t hwaddr;
#define HWADDR_MAX UINT64_MAX
/* Offsets into the global RAM address space of RAMBlocks (as QEMU). */
typedef uintptr_t ram_addr_t;
#define RAM_ADDR_MAX     UINTPTR_MAX
#define RAM_ADDR_INVALID (~(ram_addr_t)0)

#define TARGET_PAGE_BITS        12
#define TARGET_PAGE_SIZE        (1u << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK        ((hwaddr)-1 << TARGET_PAGE_BITS)
#define TARGET_PAGE_ALIGN(addr) ROUND_UP((addr), (hwaddr)TARGET_PAGE_SIZE)

/* The CPU is opaque to the memory model (the CPU room defines it). */
typedef struct CPUState CPUState;

typedef struct MemoryRegion MemoryRegion;
typedef struct MemoryRegionOps MemoryRegionOps;
typedef struct MemoryRegionSection MemoryRegionSection;
typedef struct MemoryListener MemoryListener;
typedef struct AddressSpace AddressSpace;
typedef struct FlatView FlatView;
typedef struct FlatRange FlatRange;
typedef struct AddrRange AddrRange;
typedef struct RAMBlock RAMBlock;
typedef struct CPUAddressSpace CPUAddressSpace;

/* ---- Transaction attributes and results ---- */

/*
 * Bus transaction attributes (include/exec/memattrs.h). x86 uses `secure`
 * for System Management Mode exactly as QEMU's target/i386 does:
 * cpu_get_mem_attrs() sets secure = in SMM, and cpu_asidx_from_attrs()
 * picks address space 1 (SMM) when it is set.
 */
typedef struct MemTxAttrs {
    /* No attributes given by the bus master. */
    unsigned int unspecified : 1;
    /* ARM TrustZone secure; on x86: the CPU is in SMM. */
    unsigned int secure : 1;
    /* ARM security space (unused on x86). */
    unsigned int space : 2;
    /* Unprivileged access. */
    unsigned int user : 1;
    /* Must target RAM (MMIO then fails with MEMTX_ACCESS_ERROR). */
    unsigned int memory : 1;
    /* Debugger access: may write ROM. */
    unsigned int debug : 1;
    /* PCI requester id of a DMA master. */
    unsigned int requester_id : 16;
    /* Process id (unused). */
    unsigned int pid : 8;
} MemTxAttrs;

#define MEMTXATTRS_UNSPECIFIED ((MemTxAttrs){.unspecified = 1})

typedef uint32_t MemTxResult;
#define MEMTX_OK           0
#define MEMTX_ERROR        (1U << 0)
#define MEMTX_DECODE_ERROR (1U << 1)
#define MEMTX_ACCESS_ERROR (1U << 2)

enum device_endian {
    DEVICE_NATIVE_ENDIAN, /* the guest's: little-endian for x86 */
    DEVICE_BIG_ENDIAN,
    DEVICE_LITTLE_ENDIAN,
};

/* ---- MemOp (include/exec/memop.h): size, sign and byte order ---- */
#ifndef BMX_MEMOP_DEFINED
#define BMX_MEMOP_DEFINED
typedef enum MemOp {
    MO_8 = 0,
    MO_16 = 1,
    MO_32 = 2,
    MO_64 = 3,
    MO_128 = 4,
    MO_SIZE = 0x07,
    MO_SIGN = 0x08,
    /* Swap relative to the host; hosts are little-endian. */
    MO_BSWAP = 0x10,
    MO_LE = 0,
    MO_BE = MO_BSWAP,
    MO_TE = MO_LE, /* target (x86) */
    MO_HE = MO_LE, /* host */
    MO_ASHIFT = 5,
    MO_AMASK = 0x7 << MO_ASHIFT,
    MO_UNALN = 0,
    MO_ALIGN_2 = 1 << MO_ASHIFT,
    MO_ALIGN_4 = 2 << MO_ASHIFT,
    MO_ALIGN_8 = 3 << MO_ASHIFT,
    MO_ALIGN = MO_AMASK,

    MO_UB = MO_8,
    MO_UW = MO_16,
    MO_UL = MO_32,
    MO_UQ = MO_64,
    MO_SB = MO_SIGN | MO_8,
    MO_SW = MO_SIGN | MO_16,
    MO_SL = MO_SIGN | MO_32,
    MO_LEUW = MO_LE | MO_UW,
    MO_LEUL = MO_LE | MO_UL,
    MO_LEUQ = MO_LE | MO_UQ,
    MO_LESW = MO_LE | MO_SW,
    MO_LESL = MO_LE | MO_SL,
    MO_BEUW = MO_BE | MO_UW,
    MO_BEUL = MO_BE | MO_UL,
    MO_BEUQ = MO_BE | MO_UQ,
    MO_TEUW = MO_TE | MO_UW,
    MO_TEUL = MO_TE | MO_UL,
    MO_TEUQ = MO_TE | MO_UQ,
} MemOp;

static inline unsigned memop_size(MemOp op)
{
    return 1u << (op & MO_SIZE);
}

static inline MemOp size_memop(unsigned size)
{
    return (MemOp)__builtin_ctz(size);
}
#endif

/* ---- MemoryRegionOps ---- */

struct MemoryRegionOps {
    /* Read from the region; @addr is relative to the region. */
    uint64_t (*read)(void *opaque, hwaddr addr, unsigned size);
    void (*write)(void *opaque, hwaddr addr, uint64_t data, unsigned size);
    /* Used only when the plain callback is NULL (statement 16). */
    MemTxResult (*read_with_attrs)(void *opaque, hwaddr addr, uint64_t *data,
                                   unsigned size, MemTxAttrs attrs);
    MemTxResult (*write_with_attrs)(void *opaque, hwaddr addr, uint64_t data,
                                    unsigned size, MemTxAttrs attrs);

    enum device_endian endianness;

    /* What the bus accepts; outside it: MEMTX_DECODE_ERROR, no callback. */
    struct {
        unsigned min_access_size;
        unsigned max_access_size; /* 0: every size is valid */
        bool unaligned;
        bool (*accepts)(void *opaque, hwaddr addr, unsigned size, bool is_write,
                        MemTxAttrs attrs);
    } valid;
    /* What the callbacks implement; the core splits/combines to fit. */
    struct {
        unsigned min_access_size; /* 0 means 1 */
        unsigned max_access_size; /* 0 means 4 */
        bool unaligned;
    } impl;
};

/* ---- MemoryRegion ----
 * Fields as QEMU's struct MemoryRegion; the QTAILQ of subregions is an
 * intrusive singly linked list in priority order (highest first, and
 * among equal priorities the newest first):
 *     for (sub = mr->subregions; sub; sub = sub->subregions_next)
 * Read the fields freely; change them only through the functions below.
 */
struct MemoryRegion {
    bool romd_mode; /* ROM device: reads go to RAM (default true) */
    bool ram;
    bool subpage;
    bool readonly; /* for RAM regions: it is a ROM */
    bool nonvolatile;
    bool rom_device;
    bool flush_coalesced_mmio;
    bool unmergeable;
    uint8_t dirty_log_mask;
    bool is_iommu; /* always false: no IOMMU (Deviation D8) */
    RAMBlock *ram_block;
    void *owner; /* no QOM: any pointer, used as the re-entrancy key */
    const MemoryRegionOps *ops;
    void *opaque;
    MemoryRegion *container;
    int mapped_via_alias;
    Int128 size; /* 2^64 is {0, 1} */
    hwaddr addr; /* offset in the container */
    uint64_t align;
    bool terminates; /* a leaf: RAM, ROM, ROM device or I/O */
    bool ram_device;
    bool enabled;
    bool disable_reentrancy_guard;
    uint8_t vga_logging_count;
    MemoryRegion *alias;
    hwaddr alias_offset;
    int32_t priority;
    MemoryRegion *subregions;      /* first (highest-priority) child */
    MemoryRegion *subregions_next; /* next sibling in the container */
    const char *name;
    uint32_t magic; /* set by memory_region_init*, catches uninit use */
};

#define MEMORY_REGION_FOREACH_SUBREGION(sub, mr)                               \
    for ((sub) = (mr)->subregions; (sub); (sub) = (sub)->subregions_next)

/* ---- Flat view ---- */

struct AddrRange {
    Int128 start;
    Int128 size;
};

struct FlatRange {
    MemoryRegion *mr;
    hwaddr offset_in_region;
    AddrRange addr;
    uint8_t dirty_log_mask;
    bool romd_mode;
    bool readonly;
    bool nonvolatile;
    bool unmergeable;
};

/* A sorted, non-overlapping array of ranges (from a static arena). */
struct FlatView {
    struct rcu_head rcu; /* must stay first */
    unsigned ref;
    FlatRange *ranges;
    unsigned nr;
    unsigned nr_allocated;
    MemoryRegion *root;
    unsigned mru; /* index of the most recently found range */
    bool in_use;
};

struct MemoryRegionSection {
    Int128 size;
    MemoryRegion *mr;
    FlatView *fv;
    hwaddr offset_within_region;
    hwaddr offset_within_address_space;
    bool readonly;
    bool nonvolatile;
    bool unmergeable;
};

/* ---- Listeners ---- */

struct MemoryListener {
    /* Around every topology update (global: all listeners). */
    void (*begin)(MemoryListener *listener);
    void (*commit)(MemoryListener *listener);
    /* Per range of the listener's address space that appeared, went, or
     * stayed the same in the update. */
    void (*region_add)(MemoryListener *listener, MemoryRegionSection *section);
    void (*region_del)(MemoryListener *listener, MemoryRegionSection *section);
    void (*region_nop)(MemoryListener *listener, MemoryRegionSection *section);
    unsigned priority;
    const char *name;
    AddressSpace *address_space;
    MemoryListener *link;    /* next in the global list */
    MemoryListener *link_as; /* next in the address space's list */
};

/* ---- Address spaces ---- */

struct AddressSpace {
    const char *name;
    MemoryRegion *root;
    FlatView *current_map;
    MemoryListener *listeners;
    AddressSpace *address_spaces_link; /* next address space */
    /* Private: the region a TLB fill gets for a page split between
     * several sections (QEMU's subpage_t), and its scratch section. */
    MemoryRegion subpage;
    MemoryRegionSection iotlb_section;
};

/* One of a CPU's address spaces (include/hw/core/cpu.h). */
struct CPUAddressSpace {
    CPUState *cpu;
    AddressSpace *as;
    MemoryListener tcg_as_listener;
};

/* ---- RAM blocks ---- */

#define RAM_PREALLOC (1 << 0) /* memory given by the caller, not the pool */

struct RAMBlock {
    MemoryRegion *mr;
    uint8_t *host;
    ram_addr_t offset; /* in the global RAM address space */
    ram_addr_t used_length;
    ram_addr_t max_length;
    uint32_t flags;
    const char *idstr;
    RAMBlock *next;
};

/* Dirty memory clients (include/exec/ramlist.h). */
#define DIRTY_MEMORY_VGA       0
#define DIRTY_MEMORY_CODE      1
#define DIRTY_MEMORY_MIGRATION 2
#define DIRTY_MEMORY_NUM       3
#define DIRTY_CLIENTS_ALL      ((1 << DIRTY_MEMORY_NUM) - 1)
#define DIRTY_CLIENTS_NOCODE   (DIRTY_CLIENTS_ALL & ~(1 << DIRTY_MEMORY_CODE))

/* ---- Compile-time sizes of the static storage (override with -D) ---- */
#ifndef BMX_RAMBLOCK_MAX
#define BMX_RAMBLOCK_MAX 32
#endif
/* Size of the global RAM address space: bounds the dirty bitmaps
 * (3 bits per page: 24 KiB for the default 256 MiB). */
#ifndef BMX_RAM_ADDR_SPACE_MIB
#define BMX_RAM_ADDR_SPACE_MIB 256
#endif
/* Most ranges a single flat view may have (the render scratch). */
#ifndef BMX_FLATVIEW_MAX_RANGES
#define BMX_FLATVIEW_MAX_RANGES 256
#endif
/* Ranges in the arena shared by all live and not-yet-reclaimed views. */
#ifndef BMX_FLATVIEW_ARENA_RANGES
#define BMX_FLATVIEW_ARENA_RANGES 1024
#endif
#ifndef BMX_FLATVIEW_POOL
#define BMX_FLATVIEW_POOL 16
#endif
#ifndef BMX_CPU_ADDRESS_SPACES
#define BMX_CPU_ADDRESS_SPACES 2
#endif

/* ---- MemoryRegion API (include/exec/memory.h) ---- */

/* A container (no backing of its own). size UINT64_MAX means 2^64. */
void memory_region_init(MemoryRegion *mr, void *owner, const char *name,
                        uint64_t size);
/* MMIO; ops NULL means "unassigned" (every access: decode error). */
void memory_region_init_io(MemoryRegion *mr, void *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size);
/* RAM from the pool (size rounded up to the target page). */
void memory_region_init_ram(MemoryRegion *mr, void *owner, const char *name,
                            uint64_t size, void **errp);
void memory_region_init_ram_nomigrate(MemoryRegion *mr, void *owner,
                                      const char *name, uint64_t size,
                                      void **errp);
/* RAM backed by the caller's memory (e.g. a ROM executed in place from
 * flash: no copy). Writes to it must be possible unless it is a ROM. */
void memory_region_init_ram_ptr(MemoryRegion *mr, void *owner, const char *name,
                                uint64_t size, void *ptr);
/* RAM from the pool, read-only for the guest. */
void memory_region_init_rom(MemoryRegion *mr, void *owner, const char *name,
                            uint64_t size, void **errp);
void memory_region_init_rom_nomigrate(MemoryRegion *mr, void *owner,
                                      const char *name, uint64_t size,
                                      void **errp);
/* ROM device: reads from its RAM in ROMD mode, writes to ops. */
void memory_region_init_rom_device(MemoryRegion *mr, void *owner,
                                   const MemoryRegionOps *ops, void *opaque,
                                   const char *name, uint64_t size,
                                   void **errp);
/* A window onto [offset, offset+size) of orig. */
void memory_region_init_alias(MemoryRegion *mr, void *owner, const char *name,
                              MemoryRegion *orig, hwaddr offset, uint64_t size);

/* Deviation D12: no QOM reference counting; kept as no-ops so call sites
 * read as QEMU's. */
static inline void memory_region_ref(MemoryRegion *mr)
{
    (void)mr;
}
static inline void memory_region_unref(MemoryRegion *mr)
{
    (void)mr;
}

void memory_region_add_subregion(MemoryRegion *mr, hwaddr offset,
                                 MemoryRegion *subregion);
void memory_region_add_subregion_overlap(MemoryRegion *mr, hwaddr offset,
                                         MemoryRegion *subregion, int priority);
void memory_region_del_subregion(MemoryRegion *mr, MemoryRegion *subregion);
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);
void memory_region_set_address(MemoryRegion *mr, hwaddr addr);
void memory_region_set_size(MemoryRegion *mr, uint64_t size);
void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset);
void memory_region_set_readonly(MemoryRegion *mr, bool readonly);
void memory_region_set_nonvolatile(MemoryRegion *mr, bool nonvolatile);
void memory_region_rom_device_set_romd(MemoryRegion *mr, bool romd_mode);
void memory_region_set_flush_coalesced(MemoryRegion *mr);
void memory_region_clear_flush_coalesced(MemoryRegion *mr);

uint64_t memory_region_size(MemoryRegion *mr); /* 2^64 gives UINT64_MAX */
const char *memory_region_name(const MemoryRegion *mr);
void *memory_region_owner(MemoryRegion *mr);
bool memory_region_is_mapped(MemoryRegion *mr);

static inline bool memory_region_is_ram(MemoryRegion *mr)
{
    return mr->ram;
}
static inline bool memory_region_is_ram_device(MemoryRegion *mr)
{
    return mr->ram_device;
}
static inline bool memory_region_is_romd(MemoryRegion *mr)
{
    return mr->rom_device && mr->romd_mode;
}
static inline bool memory_region_is_rom(MemoryRegion *mr)
{
    return mr->ram && mr->readonly;
}
static inline bool memory_region_is_nonvolatile(MemoryRegion *mr)
{
    return mr->nonvolatile;
}
/* No IOMMU on an i386 PC (Deviation D8): always NULL / false. */
static inline MemoryRegion *memory_region_get_iommu(MemoryRegion *mr)
{
    (void)mr;
    return NULL;
}
static inline bool memory_region_is_iommu(MemoryRegion *mr)
{
    (void)mr;
    return false;
}

/* Host pointer of a RAM/ROM/ROM-device region (through aliases). */
void *memory_region_get_ram_ptr(MemoryRegion *mr);
/* RAM address of the region's block, or RAM_ADDR_INVALID. */
ram_addr_t memory_region_get_ram_addr(MemoryRegion *mr);
uint8_t memory_region_get_dirty_log_mask(MemoryRegion *mr);
/* Turn a dirty-log client on/off (VGA only, as QEMU). */
void memory_region_set_log(MemoryRegion *mr, bool log, unsigned client);
bool memory_region_get_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                             unsigned client);
void memory_region_set_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size);
void memory_region_reset_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                               unsigned client);
/* Returns whether any page in range was dirty for client, then clears. */
bool memory_region_test_and_clear_dirty(MemoryRegion *mr, hwaddr addr,
                                        hwaddr size, unsigned client);

/* The lowest-addressed piece of the flat view under mr (relative to mr)
 * that intersects [addr, addr+size); .mr NULL when there is nothing. */
MemoryRegionSection memory_region_find(MemoryRegion *mr, hwaddr addr,
                                       uint64_t size);
bool memory_region_present(MemoryRegion *container, hwaddr addr);

void memory_region_transaction_begin(void);
void memory_region_transaction_commit(void);

/* Dispatch one access of memop_size(op) bytes to mr (aliases followed):
 * validity check, splitting to impl sizes, byte order, re-entrancy guard. */
MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr,
                                        uint64_t *pval, MemOp op,
                                        MemTxAttrs attrs);
MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr,
                                         uint64_t data, MemOp op,
                                         MemTxAttrs attrs);
bool memory_region_access_valid(MemoryRegion *mr, hwaddr addr, unsigned size,
                                bool is_write, MemTxAttrs attrs);

/* MemOp endianness bits for a device_endian (MO_TE for native). */
static inline MemOp devend_memop(enum device_endian end)
{
    return end == DEVICE_BIG_ENDIAN ? MO_BE : MO_LE;
}

/* ---- Address spaces ---- */

void address_space_init(AddressSpace *as, MemoryRegion *root, const char *name);
void address_space_destroy(AddressSpace *as);
/* The current view; valid inside an RCU read-side critical section. */
FlatView *address_space_to_flatview(AddressSpace *as);
void flatview_ref(FlatView *view);
void flatview_unref(FlatView *view);

/* Leaf region at addr (never a container or alias), *xlat = offset in it;
 * *len clipped to the section's end for RAM only; holes give the
 * unassigned region with *xlat = addr. */
MemoryRegion *address_space_translate(AddressSpace *as, hwaddr addr,
                                      hwaddr *xlat, hwaddr *len, bool is_write,
                                      MemTxAttrs attrs);
MemoryRegion *flatview_translate(FlatView *fv, hwaddr addr, hwaddr *xlat,
                                 hwaddr *len, bool is_write, MemTxAttrs attrs);
MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write);
MemTxResult address_space_read(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                               void *buf, hwaddr len);
MemTxResult address_space_write(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                                const void *buf, hwaddr len);
/* Firmware loading: writes RAM, ROM and ROM devices (in ROMD mode)
 * through the host pointer; skips MMIO; always MEMTX_OK. */
MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    MemTxAttrs attrs, const void *buf,
                                    hwaddr len);
/* Whether an access may memcpy the region's RAM (QEMU's rule). */
bool memory_access_is_direct(MemoryRegion *mr, bool is_write, MemTxAttrs attrs);
/* QEMU's prepare_mmio_access(): takes the BQL if not held; returns
 * whether the caller must release it. */
bool prepare_mmio_access(MemoryRegion *mr);

void cpu_physical_memory_rw(hwaddr addr, void *buf, hwaddr len, bool is_write);
static inline void cpu_physical_memory_read(hwaddr addr, void *buf, hwaddr len)
{
    cpu_physical_memory_rw(addr, buf, len, false);
}
static inline void cpu_physical_memory_write(hwaddr addr, const void *buf,
                                             hwaddr len)
{
    cpu_physical_memory_rw(addr, (void *)buf, len, true);
}

/* ---- ld/st (memory_ldst.c.inc): result may be NULL ---- */
#define BMX_LD_DECL(name, type)                                                \
    type address_space_##name(AddressSpace *as, hwaddr addr, MemTxAttrs attrs, \
                              MemTxResult *result);
#define BMX_ST_DECL(name, type)                                                \
    void address_space_##name(AddressSpace *as, hwaddr addr, type val,         \
                              MemTxAttrs attrs, MemTxResult *result);
BMX_LD_DECL(ldub, uint8_t)
BMX_LD_DECL(lduw, uint16_t)
BMX_LD_DECL(lduw_le, uint16_t)
BMX_LD_DECL(lduw_be, uint16_t)
BMX_LD_DECL(ldl, uint32_t)
BMX_LD_DECL(ldl_le, uint32_t)
BMX_LD_DECL(ldl_be, uint32_t)
BMX_LD_DECL(ldq, uint64_t)
BMX_LD_DECL(ldq_le, uint64_t)
BMX_LD_DECL(ldq_be, uint64_t)
BMX_ST_DECL(stb, uint8_t)
BMX_ST_DECL(stw, uint16_t)
BMX_ST_DECL(stw_le, uint16_t)
BMX_ST_DECL(stw_be, uint16_t)
BMX_ST_DECL(stl, uint32_t)
BMX_ST_DECL(stl_le, uint32_t)
BMX_ST_DECL(stl_be, uint32_t)
BMX_ST_DECL(stq, uint64_t)
BMX_ST_DECL(stq_le, uint64_t)
BMX_ST_DECL(stq_be, uint64_t)
/* Store for page-table A/D bits: marks dirty (not CODE) without
 * invalidating translations. */
BMX_ST_DECL(stl_notdirty, uint32_t)
#undef BMX_LD_DECL
#undef BMX_ST_DECL

/* QEMU's *_phys shorthands: unspecified attributes, result ignored. */
#define BMX_LD_PHYS(name, type)                                                \
    static inline type name##_phys(AddressSpace *as, hwaddr addr)              \
    {                                                                          \
        return address_space_##name(as, addr, MEMTXATTRS_UNSPECIFIED, NULL);   \
    }
#define BMX_ST_PHYS(name, type)                                                \
    static inline void name##_phys(AddressSpace *as, hwaddr addr, type val)    \
    {                                                                          \
        address_space_##name(as, addr, val, MEMTXATTRS_UNSPECIFIED, NULL);     \
    }
BMX_LD_PHYS(ldub, uint8_t)
BMX_LD_PHYS(lduw, uint16_t)
BMX_LD_PHYS(lduw_le, uint16_t)
BMX_LD_PHYS(lduw_be, uint16_t)
BMX_LD_PHYS(ldl, uint32_t)
BMX_LD_PHYS(ldl_le, uint32_t)
BMX_LD_PHYS(ldl_be, uint32_t)
BMX_LD_PHYS(ldq, uint64_t)
BMX_LD_PHYS(ldq_le, uint64_t)
BMX_LD_PHYS(ldq_be, uint64_t)
BMX_ST_PHYS(stb, uint8_t)
BMX_ST_PHYS(stw, uint16_t)
BMX_ST_PHYS(stw_le, uint16_t)
BMX_ST_PHYS(stw_be, uint16_t)
BMX_ST_PHYS(stl, uint32_t)
BMX_ST_PHYS(stl_le, uint32_t)
BMX_ST_PHYS(stl_be, uint32_t)
BMX_ST_PHYS(stq, uint64_t)
BMX_ST_PHYS(stq_le, uint64_t)
BMX_ST_PHYS(stq_be, uint64_t)
#undef BMX_LD_PHYS
#undef BMX_ST_PHYS

/* ---- Listeners ---- */
void memory_listener_register(MemoryListener *listener, AddressSpace *as);
void memory_listener_unregister(MemoryListener *listener);

/* ---- Global address spaces ---- */
extern AddressSpace address_space_memory; /* "memory" over "system" */
extern AddressSpace address_space_io;     /* "I/O" over "io" (64 KiB) */
/* Creates "system" (2^64 container) and "io" (64 KiB, unassigned I/O
 * ops) and their address spaces. Call once, after qemu_ram_pool_init. */
void memory_map_init(void);
MemoryRegion *get_system_memory(void);
MemoryRegion *get_system_io(void);
/* The "unassigned" region holes resolve to. */
extern MemoryRegion io_mem_unassigned;
extern const MemoryRegionOps unassigned_mem_ops;
extern const MemoryRegionOps unassigned_io_ops;

/* ---- CPU address spaces (single CPU: a static table, Deviation D6) ---- */
void cpu_address_space_init(CPUState *cpu, int asidx, const char *prefix,
                            MemoryRegion *mr);
/* NULL if index asidx was not initialised; out of range: fatal. */
AddressSpace *cpu_get_address_space(CPUState *cpu, int asidx);
/* Fatal if not initialised. */
CPUAddressSpace *cpu_get_cpu_address_space(CPUState *cpu, int asidx);
void cpu_address_space_destroy(CPUState *cpu, int asidx);

/*
 * For TLB fills: the section backing the page of addr in the CPU's
 * address space asidx. If the page holds more than one section (or a
 * section and a hole) the result is the address space's "subpage" MMIO
 * region that dispatches each access through the flat view (QEMU's
 * subpage_t). *xlat = offset of addr in section->mr; *plen clipped for
 * RAM. The returned pointer is scratch storage valid until the next
 * call: copy mr and the offset (Deviation D13). *prot is left as is (no
 * IOMMU). An address space index not initialised is fatal.
 */
MemoryRegionSection *
address_space_translate_for_iotlb(CPUState *cpu, int asidx, hwaddr addr,
                                  hwaddr *xlat, hwaddr *plen, MemTxAttrs attrs,
                                  int *prot);

/* ---- Hooks into the CPU (its room registers them) ---- */
typedef struct MemoryCPUHooks {
    /* Drop translations of guest code in RAM addresses [start, last]. */
    void (*tb_invalidate_phys_range)(ram_addr_t start, ram_addr_t last);
    /* Flush the CPU's TLB (after an address-space change). */
    void (*tlb_flush)(CPUState *cpu);
    /* CODE bits of [start, start+length) were cleared: TLB entries for
     * those RAM pages must take the not-dirty slow path again. */
    void (*tlb_reset_dirty_range_all)(ram_addr_t start, ram_addr_t length);
} MemoryCPUHooks;
/* NULL (or NULL members): no-ops. The struct is copied. */
void memory_set_cpu_hooks(const MemoryCPUHooks *hooks);

/* ---- RAM blocks (system/physmem.c) ---- */
/* The host's RAM for the guest; every RAMBlock is carved from it. */
void qemu_ram_pool_init(void *base, size_t size, const char *name);
size_t qemu_ram_pool_free(void);
/* The pool given is all zero (fresh anonymous pages): RAM carved from it
 * is not cleared again, so untouched guest RAM costs no host memory. */
void qemu_ram_pool_set_zeroed(void);
/* Bytes of the global RAM address space (BMX_RAM_ADDR_SPACE_MIB) still
 * free: every RAMBlock, from the pool or not, takes its size from it. */
ram_addr_t qemu_ram_addr_space_free(void);
RAMBlock *qemu_ram_alloc(ram_addr_t size, uint32_t ram_flags, MemoryRegion *mr,
                         void **errp);
RAMBlock *qemu_ram_alloc_from_ptr(ram_addr_t size, void *host, MemoryRegion *mr,
                                  void **errp);
/* block NULL: addr is a global RAM address (MRU block first). An
 * address outside every block is a fatal error. */
void *qemu_map_ram_ptr(RAMBlock *block, ram_addr_t addr);
/* Like qemu_map_ram_ptr, clipping *size to the block's end. */
void *qemu_ram_ptr_length(RAMBlock *block, ram_addr_t addr, hwaddr *size,
                          bool lock);
RAMBlock *qemu_get_ram_block(ram_addr_t addr);
const char *qemu_ram_get_idstr(RAMBlock *rb);
ram_addr_t qemu_ram_get_offset(RAMBlock *rb);
ram_addr_t qemu_ram_get_used_length(RAMBlock *rb);
/* Host pointer to RAM address, or RAM_ADDR_INVALID. */
ram_addr_t qemu_ram_addr_from_host(void *ptr);
RAMBlock *qemu_ram_block_from_host(void *ptr, bool round_offset,
                                   ram_addr_t *offset);
/* Last RAM address in use + 1. */
ram_addr_t last_ram_offset(void);

/* ---- Dirty bitmaps (include/exec/ram_addr.h) ---- */
bool cpu_physical_memory_get_dirty(ram_addr_t start, ram_addr_t length,
                                   unsigned client);
bool cpu_physical_memory_all_dirty(ram_addr_t start, ram_addr_t length,
                                   unsigned client);
bool cpu_physical_memory_get_dirty_flag(ram_addr_t addr, unsigned client);
/* True if any client has the page clean: a TLB entry for a writable
 * page then needs TLB_NOTDIRTY. */
bool cpu_physical_memory_is_clean(ram_addr_t addr);
/* Clients in mask that have some page clean over the range. */
uint8_t cpu_physical_memory_range_includes_clean(ram_addr_t start,
                                                 ram_addr_t length,
                                                 uint8_t mask);
void cpu_physical_memory_set_dirty_flag(ram_addr_t addr, unsigned client);
void cpu_physical_memory_set_dirty_range(ram_addr_t start, ram_addr_t length,
                                         uint8_t mask);
/* Clears client's bits; for CODE that is "tlb_protect_code": it also
 * calls the tlb_reset_dirty_range_all hook when some page was dirty. */
bool cpu_physical_memory_test_and_clear_dirty(ram_addr_t start,
                                              ram_addr_t length,
                                              unsigned client);
void cpu_physical_memory_reset_dirty(ram_addr_t start, ram_addr_t length,
                                     unsigned client);
/* After a write of [addr, addr+length) of mr's RAM: invalidate code on
 * pages whose CODE bit is clear, then set the other clients' bits. */
void invalidate_and_set_dirty(MemoryRegion *mr, hwaddr addr, hwaddr length);

/* ---- Diagnostics ---- */
/* QEMU's "info mtree" (flatview false) and "info mtree -f" (true).
 * dispatch_tree and owner are accepted and ignored (no QOM, no
 * dispatch tree); disabled also prints disabled regions. */
void mtree_info(bool flatview, bool dispatch_tree, bool owner, bool disabled);
/* The same text into buf (NUL-terminated, truncated to size); returns
 * the full length. */
size_t mtree_snprint(char *buf, size_t size, bool flatview, bool disabled);

/* Puts the whole model back to its start state: forgets the pool, the
 * blocks, address spaces, listeners, flat views, hooks. For unit tests
 * and a full machine re-initialisation. Regions must be re-created. */
void memory_reset_for_tests(void);

#endif /* BMX_MEMORY_MEMORY_H */
