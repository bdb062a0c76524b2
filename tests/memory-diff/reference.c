/* The naive reference resolver: see reference.h. */
#include <string.h>

#include "reference.h"

void ref_init(RefTree *t)
{
    memset(t, 0, sizeof(*t));
    t->root = -1;
    t->next_seq = 1;
}

int ref_new(RefTree *t, RefKind kind, uint64_t size_m1)
{
    if (t->count >= REF_MAX_NODES) {
        return -1;
    }
    int i = t->count++;
    RefNode *n = &t->n[i];
    memset(n, 0, sizeof(*n));
    n->used = true;
    n->kind = kind;
    n->size_m1 = size_m1;
    n->parent = -1;
    n->first_child = -1;
    n->next_sibling = -1;
    n->enabled = true;
    n->romd_mode = true;
    n->readonly = kind == REF_ROM; /* until memory_region_set_readonly */
    n->alias_target = -1;
    return i;
}

int ref_new_alias(RefTree *t, int target, uint64_t offset, uint64_t size_m1)
{
    int i = ref_new(t, REF_ALIAS, size_m1);
    if (i >= 0) {
        t->n[i].alias_target = target;
        t->n[i].alias_offset = offset;
    }
    return i;
}

static void unlink_child(RefTree *t, int child)
{
    int *link = &t->n[t->n[child].parent].first_child;
    while (*link != child) {
        link = &t->n[*link].next_sibling;
    }
    *link = t->n[child].next_sibling;
    t->n[child].parent = -1;
}

void ref_add(RefTree *t, int parent, uint64_t addr, int child, int priority)
{
    RefNode *c = &t->n[child];
    if (c->parent >= 0) {
        unlink_child(t, child);
    }
    c->parent = parent;
    c->next_sibling = t->n[parent].first_child;
    t->n[parent].first_child = child;
    c->addr = addr;
    c->priority = priority;
    c->seq = t->next_seq++;
}

void ref_del(RefTree *t, int parent, int child)
{
    (void)parent;
    unlink_child(t, child);
}

void ref_set_address(RefTree *t, int child, uint64_t addr)
{
    RefNode *c = &t->n[child];
    if (addr == c->addr) {
        return; /* QEMU: no re-add, so no change of rank either */
    }
    if (c->parent < 0) {
        c->addr = addr;
        return;
    }
    ref_add(t, c->parent, addr, child, c->priority);
}

void ref_set_enabled(RefTree *t, int node, bool enabled)
{
    t->n[node].enabled = enabled;
}

void ref_set_alias_offset(RefTree *t, int node, uint64_t offset)
{
    t->n[node].alias_offset = offset;
}

void ref_set_readonly(RefTree *t, int node, bool readonly)
{
    t->n[node].readonly = readonly;
}

void ref_set_size(RefTree *t, int node, uint64_t size_m1)
{
    t->n[node].size_m1 = size_m1;
}

void ref_set_romd(RefTree *t, int node, bool romd_mode)
{
    t->n[node].romd_mode = romd_mode;
}

static bool child_contains(const RefNode *c, uint64_t a)
{
    return a >= c->addr && a - c->addr <= c->size_m1;
}

/* True when child x is tried before child y. */
static bool child_before(const RefNode *x, const RefNode *y)
{
    if (x->priority != y->priority) {
        return x->priority > y->priority;
    }
    return x->seq > y->seq;
}

/* a is an offset inside node i (0 <= a <= size_m1). */
static bool resolve_in(const RefTree *t, int i, uint64_t a, bool ro,
                       RefHit *hit, int depth)
{
    const RefNode *n = &t->n[i];
    if (!n->enabled || depth > 16) {
        return false;
    }
    ro = ro || n->readonly;
    if (n->kind == REF_ALIAS) {
        uint64_t x = a + n->alias_offset;
        const RefNode *target = &t->n[n->alias_target];
        if (x < a || x > target->size_m1) {
            return false; /* beyond the target: a hole */
        }
        return resolve_in(t, n->alias_target, x, ro, hit, depth + 1);
    }

    /* Candidates that cover a, tried best first. */
    int cand[REF_MAX_NODES];
    int nc = 0;
    for (int k = n->first_child; k >= 0; k = t->n[k].next_sibling) {
        const RefNode *c = &t->n[k];
        if (child_contains(c, a)) {
            int j = nc++;
            while (j > 0 && child_before(c, &t->n[cand[j - 1]])) {
                cand[j] = cand[j - 1];
                j--;
            }
            cand[j] = k;
        }
    }
    for (int j = 0; j < nc; j++) {
        const RefNode *c = &t->n[cand[j]];
        if (resolve_in(t, cand[j], a - c->addr, ro, hit, depth + 1)) {
            return true;
        }
    }
    if (n->kind == REF_CONTAINER) {
        return false;
    }
    hit->leaf = i;
    hit->offset = a;
    hit->readonly = ro;
    return true;
}

RefHit ref_resolve(const RefTree *t, uint64_t addr)
{
    return ref_resolve_root(t, t->root, addr);
}

RefHit ref_resolve_root(const RefTree *t, int root, uint64_t addr)
{
    RefHit hit = {.leaf = -1, .offset = addr, .readonly = false};
    if (addr > t->n[root].size_m1 ||
        !resolve_in(t, root, addr, false, &hit, 0)) {
        hit.leaf = -1;
        hit.offset = addr;
        hit.readonly = false;
    }
    return hit;
}

typedef struct BoundaryOut {
    uint64_t *out;
    int n;
    int max;
} BoundaryOut;

static void emit(BoundaryOut *b, uint64_t p)
{
    for (int d = -1; d <= 1; d++) {
        if (b->n < b->max) {
            b->out[b->n++] = p + (uint64_t)(int64_t)d;
        }
    }
}

/* Node i's offset 0 sits at absolute address base (mod 2^64). */
static void project(const RefTree *t, int i, uint64_t base, BoundaryOut *b,
                    int depth)
{
    const RefNode *n = &t->n[i];
    if (depth > 6 || b->n >= b->max) {
        return;
    }
    emit(b, base);
    emit(b, base + n->size_m1 + 1);
    if (n->kind == REF_ALIAS) {
        project(t, n->alias_target, base - n->alias_offset, b, depth + 1);
        return;
    }
    for (int k = n->first_child; k >= 0; k = t->n[k].next_sibling) {
        project(t, k, base + t->n[k].addr, b, depth + 1);
    }
}

int ref_boundaries(const RefTree *t, uint64_t *out, int max)
{
    BoundaryOut b = {.out = out, .n = 0, .max = max};
    project(t, t->root, 0, &b, 0);
    return b.n;
}
