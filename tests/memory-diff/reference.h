/*
 * A naive reference for the memory model's rendering rules, used by the
 * differential test. It keeps its own shadow of a MemoryRegion tree (plain
 * structs in an array, so a whole tree is copied by assignment) and answers
 * "which leaf region, at which offset, answers this address" by walking the
 * shadow for every address, following docs/memory-semantics.md part A:
 * descending priority, newest first among equal priorities, disabled
 * subtrees hidden, holes falling through to lower siblings, RAM/ROM/IO
 * backings filling the gaps between their own subregions, alias offset math
 * with holes beyond the target's size, and pure-container holes empty.
 *
 * No rendering, no sorting, no caching: the point is to be obviously right,
 * not fast.
 */
#ifndef BMX_TESTS_MEMORY_DIFF_REFERENCE_H
#define BMX_TESTS_MEMORY_DIFF_REFERENCE_H

#include <stdbool.h>
#include <stdint.h>

#define REF_MAX_NODES 64

typedef enum RefKind {
    REF_CONTAINER,
    REF_RAM,
    REF_ROM,
    REF_IO,
    REF_ALIAS,
    REF_ROMD, /* ROM device: RAM for reads in ROMD mode, ops otherwise */
} RefKind;

typedef struct RefNode {
    RefKind kind;
    bool used;
    /* size - 1, so that 2^64 is representable (size_m1 == UINT64_MAX). */
    uint64_t size_m1;
    int parent;                    /* -1: not mapped anywhere */
    int first_child, next_sibling; /* -1 terminated, in no order */
    uint64_t addr;
    int priority;
    uint32_t seq; /* insertion stamp: newer wins among equal priorities */
    bool enabled;
    bool readonly;    /* memory_region_set_readonly (ROMs are anyway) */
    bool romd_mode;   /* REF_ROMD only */
    int alias_target; /* REF_ALIAS only */
    uint64_t alias_offset;
} RefNode;

typedef struct RefTree {
    RefNode n[REF_MAX_NODES];
    int count;
    int root;
    uint32_t next_seq;
} RefTree;

typedef struct RefHit {
    int leaf; /* node index, -1 for a hole (unassigned) */
    uint64_t offset;
    bool readonly; /* inherited through containers and aliases */
} RefHit;

void ref_init(RefTree *t);
/* Returns the new node's index; it starts unmapped and enabled. */
int ref_new(RefTree *t, RefKind kind, uint64_t size_m1);
int ref_new_alias(RefTree *t, int target, uint64_t offset, uint64_t size_m1);
void ref_add(RefTree *t, int parent, uint64_t addr, int child, int priority);
void ref_del(RefTree *t, int parent, int child);
/* Moving re-adds the region, so it becomes the newest among its peers. */
void ref_set_address(RefTree *t, int child, uint64_t addr);
void ref_set_enabled(RefTree *t, int node, bool enabled);
void ref_set_alias_offset(RefTree *t, int node, uint64_t offset);
void ref_set_readonly(RefTree *t, int node, bool readonly);
void ref_set_size(RefTree *t, int node, uint64_t size_m1);
void ref_set_romd(RefTree *t, int node, bool romd_mode);

/* What answers at absolute address addr of the tree rooted at t->root
 * (or at node root, for an address space over another region whose own
 * address is 0). */
RefHit ref_resolve(const RefTree *t, uint64_t addr);
RefHit ref_resolve_root(const RefTree *t, int root, uint64_t addr);

/* Absolute addresses where the answer may change (region edges projected
 * through containers and aliases, and their neighbours). Returns how many
 * were stored in out (at most max). */
int ref_boundaries(const RefTree *t, uint64_t *out, int max);

#endif
