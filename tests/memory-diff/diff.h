/*
 * Shared by the differential test's files: the model's regions and the
 * reference's two trees for the same topology, the random generator, and
 * the per-address checks. Only static storage.
 */
#ifndef BMX_TESTS_MEMORY_DIFF_DIFF_H
#define BMX_TESTS_MEMORY_DIFF_DIFF_H

#include "memory/memory.h"
#include "reference.h"

#define MAX_BLOCK_LEAVES 12     /* RAM, ROM and ROM devices per tree */
#define BLOCK_LEAF_MAX   0x4000 /* their size in trees spanning 2^64 */
#define SMALL_MAX_ROOT   0x400  /* trees this small are checked exhaustively */

extern MemoryRegion mrs[REF_MAX_NODES];
extern AddressSpace diff_as;
/* A second address space (as2_root >= 0): over the same root (a shared
 * view), or over an unmapped region of the tree. */
extern AddressSpace diff_as2;
extern int as2_root;
/* A stand-in CPU whose address space 0 is over the same root. */
extern CPUState *const diff_cpu;
extern RefTree vis;  /* what the model must show now */
extern RefTree pend; /* what it shows after the outermost commit */
extern uint64_t cur_seed;

/* ---- diff-tree.c: random trees, built in the model and the reference ---- */

void rng_seed(uint64_t seed);
/* The fuzz harness's input: rnd64() returns its bytes, 8 at a time,
 * before it goes on from the seed (len 0: seeded numbers only). */
void rng_feed(const uint8_t *data, size_t len);
uint64_t rnd64(void);
uint64_t rnd(uint64_t n); /* uniform in [0, n), n > 0 */
bool chance(unsigned percent);

/* What leaves contain: RAM/ROM/ROM-device blocks hold ram_pattern over
 * their whole block; MMIO reads return io_value. */
uint8_t ram_pattern(int leaf, uint64_t off);
uint64_t io_value(int leaf, uint64_t off);

typedef struct IoCall {
    bool is_write;
    int leaf;
    hwaddr addr;
    uint64_t data;
    unsigned size;
} IoCall;

/* Every MMIO callback since io_nlog was last set to 0. */
extern IoCall io_log[64];
extern int io_nlog;

/* Every tb_invalidate_phys_range hook call since tb_nlog was set to 0. */
typedef struct TbCall {
    ram_addr_t start, last;
} TbCall;
extern TbCall tb_log[64];
extern int tb_nlog;
/* Blocks whose CODE dirty bits were cleared ("holds translated code"):
 * every direct write must invalidate. Leaves logging the VGA client. */
extern bool code_clear[REF_MAX_NODES], vga_log[REF_MAX_NODES];

bool has_block(RefKind k);   /* RAM, ROM or ROM device */
bool is_ram_kind(RefKind k); /* memory_region_is_ram(): RAM or ROM */
uint64_t block_len(int leaf);
uint8_t *block_ptr(int leaf);
const char *leaf_name(int leaf);

/* with_as2: maybe a second address space over another region (only
 * while the topology does not change). */
void build_tree(bool big, bool with_as2);
void random_change(void);
void destroy_as(void);
/* Directed trees: an empty root, then diff_add() as wanted. */
void start_directed(uint64_t root_m1);
int diff_new(RefKind kind, uint64_t size_m1, int alias_target,
             uint64_t alias_offset);
void diff_add(int parent, uint64_t addr, int child, int prio);

/* ---- diff-listener.c: a MemoryListener's picture of diff_as ---- */

/* Registers the listener on diff_as (after address_space_init). */
void diff_listener_attach(void);
/* The sections it was told about are exactly the current flat view. */
bool diff_listener_check(void);

/* ---- diff-check.c: one address, both answers ---- */

/* Prints the mismatch (and, the first time, the model's trees) and
 * returns false. */
bool diff_report(uint64_t addr, const char *what, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

extern uint64_t stat_checked, stat_kind[REF_ROMD + 2];
#define STAT_HOLES (REF_ROMD + 1)

/* All checks of one address against vis; false after printing the first
 * mismatch. data: also make real accesses (reads, writes, ld/st). */
bool check_addr(uint64_t a, bool data);
/* Every address of a small tree, or edges + random ones of a big tree. */
bool check_view(bool data);
/* address_space_translate_for_iotlb of diff_cpu's address space 0. */
bool check_iotlb(uint64_t a);
/* Region edges of vis and pend, neighbours, and nrandom random ones. */
int sample_points(uint64_t *out, int max, int nrandom);
bool ram_intact(void);
/* Whether a ROMD-mode or read-only change is pending. */
bool mode_pending(void);
/* rounds of random changes inside (nested) transactions: spot checks
 * against the old view after every change, the whole new view after the
 * outermost commit. */
bool diff_run_transactions(int rounds);

#endif
