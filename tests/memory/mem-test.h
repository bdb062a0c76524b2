/*
 * Shared helpers of the memory unit tests: per-test setup of the whole
 * model on a static pool, a recording test device, a double of the CPU
 * hooks (with a tiny code cache for statement 29) and a small model of
 * the softmmu TLB built only on the public memory API (statements
 * 30-33: it shows how the CPU room is meant to use that API).
 *
 * No stdio here: the same sources build for the Cortex-M board.
 */
#ifndef MEM_TEST_H
#define MEM_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "memory/memory.h"
#include "test-host.h"

#ifndef MEM_TEST_POOL_SIZE
#define MEM_TEST_POOL_SIZE (2u << 20)
#endif

int mt_setup(void **state);
int mt_teardown(void **state);
#define MT_TEST(fn) cmocka_unit_test_setup_teardown(fn, mt_setup, mt_teardown)

bool mt_contains(const char *hay, const char *needle);

/* ---- Recording device ---- */
#define TD_LOG 64
typedef struct TDCall {
    bool write;
    hwaddr addr;
    unsigned size;
    uint64_t val;
} TDCall;

typedef struct TestDev {
    MemoryRegion mr;
    MemoryRegionOps ops;
    uint8_t mem[256];
    bool data_be; /* compose register bytes big-endian */
    TDCall log[TD_LOG];
    unsigned nlog;
    unsigned accepts_calls;
    bool refuse;              /* valid.accepts says no */
    MemTxResult attrs_result; /* what *_with_attrs returns */
    MemTxAttrs last_attrs;
    unsigned attrs_calls; /* calls of the *_with_attrs callbacks */
    /* Optional action inside a write callback (re-entrancy tests). */
    void (*on_write)(struct TestDev *d, hwaddr addr, uint64_t val);
    MemTxResult inner_result;
    AddressSpace *as;
    hwaddr target;
} TestDev;

/* A device with the given sizes; plain callbacks. */
void td_init(TestDev *d, const char *name, uint64_t size,
             enum device_endian end, unsigned impl_min, unsigned impl_max,
             unsigned valid_min, unsigned valid_max);
/* Switch to *_with_attrs callbacks only (plain ones NULL). */
void td_use_attrs(TestDev *d);
/* Also install the plain and the with_attrs callbacks. */
void td_use_both(TestDev *d);
void td_use_accepts(TestDev *d);
void td_clear(TestDev *d);

/* ---- CPU hook double ---- */
typedef struct HookLog {
    unsigned tlb_flush;
    CPUState *last_cpu;
    unsigned tb_inval;
    ram_addr_t inval_start[32], inval_last[32];
    bool inval_saw_vga_dirty; /* VGA bit of inval_start at call time */
    unsigned reset_dirty;
    ram_addr_t rd_start, rd_len;
} HookLog;
extern HookLog hook_log;
/* A fake CPU pointer (the model never dereferences it). */
extern CPUState *const mt_cpu;

/* The tiny code cache of statement 29: one translated page. */
typedef struct CodeCache {
    bool valid;
    ram_addr_t page;
    hwaddr paddr;
    uint32_t translated; /* the "translation": the first insn word */
    unsigned translations;
} CodeCache;
extern CodeCache code_cache;
/* Translates the word at paddr: clears CODE on its page
 * (tlb_protect_code) and caches it. */
uint32_t cc_execute(AddressSpace *as, hwaddr paddr);

/* ---- Softmmu TLB model (identity virtual = physical) ---- */
#define TLB_INVALID       (1u << 0)
#define TLB_MMIO          (1u << 1)
#define TLB_NOTDIRTY      (1u << 2)
#define TLB_DISCARD_WRITE (1u << 3)
#define MT_TLB_SIZE       4
#define MT_VTLB_SIZE      2
typedef struct MTEntry {
    hwaddr addr_read;    /* page | flags for reads */
    hwaddr addr_write;   /* page | flags for writes */
    uintptr_t addend;    /* host - vaddr for direct RAM */
    MemoryRegion *mr;    /* for MMIO */
    hwaddr xlat;         /* offset in mr of the page start */
    ram_addr_t ram_addr; /* RAM address of the page (RAM only) */
} MTEntry;
typedef struct MTTlb {
    MTEntry e[MT_TLB_SIZE];
    MTEntry v[MT_VTLB_SIZE];
    unsigned vnext;
    unsigned fills, victim_hits, fast_hits, slow_paths;
} MTTlb;
extern MTTlb mt_tlb;
void mt_tlb_flush(void);
void mt_tlb_fill(hwaddr vaddr, int asidx);
/* Loads/stores of 1..8 bytes through the model (page crossing split). */
uint64_t mt_ld(hwaddr vaddr, unsigned size);
void mt_st(hwaddr vaddr, unsigned size, uint64_t val);
/* Sizes of the MMIO pieces of the last mt_ld/mt_st. */
extern unsigned mt_pieces[16], mt_npieces;

/* Renders "[name]" per flat range of as into buf. */
const char *mt_flat_names(AddressSpace *as, char *buf, size_t size);

#endif
