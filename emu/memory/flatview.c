/*
 * Rendering the region tree into flat views (system/memory.c): views are
 * rendered into a static scratch array, then copied into a span of a
 * static range arena (Deviation D11: no dispatch tree, no malloc). An address
 * space's old view is unreferenced at the commit and reclaimed by call_rcu at
 * the next quiescent point.
 */
#include "memory-internal.h"

AddressSpace *address_spaces;
static MemoryListener *memory_listeners;

static FlatView flatview_pool[BMX_FLATVIEW_POOL];
static FlatRange flatview_arena[BMX_FLATVIEW_ARENA_RANGES];
static FlatRange render_scratch[BMX_FLATVIEW_MAX_RANGES];

/* ---- Rendering ---- */

static AddrRange addrrange_make(Int128 start, Int128 size)
{
    return (AddrRange){start, size};
}

static bool addrrange_intersects(AddrRange r1, AddrRange r2)
{
    return int128_lt(r1.start, addrrange_end(r2)) &&
           int128_lt(r2.start, addrrange_end(r1));
}

static AddrRange addrrange_intersection(AddrRange r1, AddrRange r2)
{
    Int128 start = int128_max(r1.start, r2.start);
    Int128 end = int128_min(addrrange_end(r1), addrrange_end(r2));
    return addrrange_make(start, int128_sub(end, start));
}

static void flatview_insert(FlatView *view, unsigned pos, FlatRange *range)
{
    if (view->nr >= view->nr_allocated) {
        bmx_panic("flat view of '%s': more than %u ranges "
                  "(BMX_FLATVIEW_MAX_RANGES)",
                  view->root ? memory_region_name(view->root) : "?",
                  view->nr_allocated);
    }
    memmove(view->ranges + pos + 1, view->ranges + pos,
            (view->nr - pos) * sizeof(FlatRange));
    view->ranges[pos] = *range;
    ++view->nr;
}

static void render_memory_region(FlatView *view, MemoryRegion *mr, Int128 base,
                                 AddrRange clip, bool readonly,
                                 bool nonvolatile, bool unmergeable)
{
    MemoryRegion *subregion;
    unsigned i;
    hwaddr offset_in_region;
    Int128 remain;
    Int128 now;
    FlatRange fr;
    AddrRange tmp;

    if (!mr->enabled) {
        return;
    }

    int128_addto(&base, int128_make64(mr->addr));
    readonly |= mr->readonly;
    nonvolatile |= mr->nonvolatile;
    unmergeable |= mr->unmergeable;

    tmp = addrrange_make(base, mr->size);
    if (!addrrange_intersects(tmp, clip)) {
        return;
    }
    clip = addrrange_intersection(tmp, clip);

    if (mr->alias) {
        /* The target's own address cancels out: an alias sees the target
         * at offset alias_offset wherever the target is mapped. */
        int128_subfrom(&base, int128_make64(mr->alias->addr));
        int128_subfrom(&base, int128_make64(mr->alias_offset));
        render_memory_region(view, mr->alias, base, clip, readonly, nonvolatile,
                             unmergeable);
        return;
    }

    /* Subregions in priority order: the first rendered hides the rest. */
    MEMORY_REGION_FOREACH_SUBREGION(subregion, mr)
    {
        render_memory_region(view, subregion, base, clip, readonly, nonvolatile,
                             unmergeable);
    }

    if (!mr->terminates) {
        return;
    }

    offset_in_region = int128_get64(int128_sub(clip.start, base));
    base = clip.start;
    remain = clip.size;

    memset(&fr, 0, sizeof(fr));
    fr.mr = mr;
    fr.dirty_log_mask = memory_region_get_dirty_log_mask(mr);
    fr.romd_mode = mr->romd_mode;
    fr.readonly = readonly;
    fr.nonvolatile = nonvolatile;
    fr.unmergeable = unmergeable;

    /* The region's own backing fills the gaps its subregions left. */
    for (i = 0; i < view->nr && int128_nz(remain); ++i) {
        if (int128_ge(base, addrrange_end(view->ranges[i].addr))) {
            continue;
        }
        if (int128_lt(base, view->ranges[i].addr.start)) {
            now = int128_min(remain,
                             int128_sub(view->ranges[i].addr.start, base));
            fr.offset_in_region = offset_in_region;
            fr.addr = addrrange_make(base, now);
            flatview_insert(view, i, &fr);
            ++i;
            int128_addto(&base, now);
            offset_in_region += int128_getlo(now);
            int128_subfrom(&remain, now);
        }
        now = int128_sub(int128_min(int128_add(base, remain),
                                    addrrange_end(view->ranges[i].addr)),
                         base);
        int128_addto(&base, now);
        offset_in_region += int128_getlo(now);
        int128_subfrom(&remain, now);
    }
    if (int128_nz(remain)) {
        fr.offset_in_region = offset_in_region;
        fr.addr = addrrange_make(base, remain);
        flatview_insert(view, i, &fr);
    }
}

static bool can_merge(FlatRange *r1, FlatRange *r2)
{
    return int128_eq(addrrange_end(r1->addr), r2->addr.start) &&
           r1->mr == r2->mr &&
           int128_eq(
               int128_add(int128_make64(r1->offset_in_region), r1->addr.size),
               int128_make64(r2->offset_in_region)) &&
           r1->dirty_log_mask == r2->dirty_log_mask &&
           r1->romd_mode == r2->romd_mode && r1->readonly == r2->readonly &&
           r1->nonvolatile == r2->nonvolatile && !r1->unmergeable &&
           !r2->unmergeable;
}

/* Merge adjacent ranges of the same region (statement 8). */
static void flatview_simplify(FlatView *view)
{
    unsigned i, j;

    i = 0;
    while (i < view->nr) {
        j = i + 1;
        while (j < view->nr &&
               can_merge(&view->ranges[j - 1], &view->ranges[j])) {
            int128_addto(&view->ranges[i].addr.size, view->ranges[j].addr.size);
            ++j;
        }
        ++i;
        memmove(&view->ranges[i], &view->ranges[j],
                (view->nr - j) * sizeof(view->ranges[j]));
        view->nr -= j - i;
    }
}

/* Renders root into render_scratch; returns a view describing it. */
static FlatView render_to_scratch(MemoryRegion *root)
{
    FlatView v;
    memset(&v, 0, sizeof(v));
    v.ranges = render_scratch;
    v.nr_allocated = BMX_FLATVIEW_MAX_RANGES;
    v.root = root;
    if (root) {
        render_memory_region(&v, root, int128_zero(),
                             addrrange_make(int128_zero(), int128_2_64()),
                             false, false, false);
    }
    flatview_simplify(&v);
    return v;
}

static bool flatrange_equal(FlatRange *a, FlatRange *b)
{
    return a->mr == b->mr && int128_eq(a->addr.start, b->addr.start) &&
           int128_eq(a->addr.size, b->addr.size) &&
           a->offset_in_region == b->offset_in_region &&
           a->romd_mode == b->romd_mode && a->readonly == b->readonly &&
           a->nonvolatile == b->nonvolatile;
}

static bool flatview_same(FlatView *a, FlatView *b)
{
    if (a->root != b->root || a->nr != b->nr) {
        return false;
    }
    for (unsigned i = 0; i < a->nr; i++) {
        if (!flatrange_equal(&a->ranges[i], &b->ranges[i]) ||
            a->ranges[i].dirty_log_mask != b->ranges[i].dirty_log_mask ||
            a->ranges[i].unmergeable != b->ranges[i].unmergeable) {
            return false;
        }
    }
    return true;
}

/* ---- The arena ---- */

static unsigned arena_free_total(void)
{
    unsigned used = 0;
    for (unsigned i = 0; i < BMX_FLATVIEW_POOL; i++) {
        if (flatview_pool[i].in_use) {
            used += flatview_pool[i].nr_allocated;
        }
    }
    return BMX_FLATVIEW_ARENA_RANGES - used;
}

/* First fit among the gaps between the spans of live views. */
static FlatRange *arena_alloc(unsigned n, MemoryRegion *root)
{
    unsigned cand = 0;
    if (n == 0) {
        return NULL;
    }
    for (;;) {
        bool moved = false;
        if (cand + n > BMX_FLATVIEW_ARENA_RANGES) {
            bmx_panic("flat view arena: requested %u ranges for '%s', %u "
                      "free (BMX_FLATVIEW_ARENA_RANGES %u; views are "
                      "reclaimed at rcu_quiescent_state())",
                      n, root ? memory_region_name(root) : "?",
                      arena_free_total(), BMX_FLATVIEW_ARENA_RANGES);
        }
        for (unsigned i = 0; i < BMX_FLATVIEW_POOL; i++) {
            FlatView *v = &flatview_pool[i];
            if (!v->in_use || !v->nr_allocated) {
                continue;
            }
            unsigned s = (unsigned)(v->ranges - flatview_arena);
            unsigned e = s + v->nr_allocated;
            if (s < cand + n && cand < e) {
                cand = e;
                moved = true;
            }
        }
        if (!moved) {
            return &flatview_arena[cand];
        }
    }
}

static FlatView *flatview_new_from(FlatView *src)
{
    FlatView *v = NULL;
    for (unsigned i = 0; i < BMX_FLATVIEW_POOL; i++) {
        if (!flatview_pool[i].in_use) {
            v = &flatview_pool[i];
            break;
        }
    }
    if (!v) {
        bmx_panic("flat view pool: requested 1 view for '%s', 0 free of %u "
                  "(BMX_FLATVIEW_POOL; views are reclaimed at "
                  "rcu_quiescent_state())",
                  src->root ? memory_region_name(src->root) : "?",
                  BMX_FLATVIEW_POOL);
    }
    FlatRange *ranges = arena_alloc(src->nr, src->root);
    memset(v, 0, sizeof(*v));
    v->in_use = true;
    v->ref = 1;
    v->root = src->root;
    v->ranges = ranges;
    v->nr = src->nr;
    v->nr_allocated = src->nr;
    if (src->nr) {
        memcpy(ranges, src->ranges, src->nr * sizeof(FlatRange));
    }
    return v;
}

static void flatview_destroy(struct rcu_head *head)
{
    FlatView *view = container_of(head, FlatView, rcu);
    bmx_assert(view->in_use && view->ref == 0);
    view->in_use = false;
    view->nr_allocated = 0;
    view->nr = 0;
    view->ranges = NULL;
}

void flatview_ref(FlatView *view)
{
    view->ref++;
}

void flatview_unref(FlatView *view)
{
    bmx_assert(view->ref > 0);
    if (--view->ref == 0) {
        call_rcu1(&view->rcu, flatview_destroy);
    }
}

FlatView *address_space_to_flatview(AddressSpace *as)
{
    FlatView *fv = qatomic_rcu_read(&as->current_map);
    if (unlikely(!fv)) {
        bmx_panic("address space '%s' used before address_space_init() "
                  "(memory_map_init() for the global ones)",
                  as->name ? as->name : "?");
    }
    return fv;
}

/* ---- Lookup ---- */

FlatRange *flatview_lookup_slow(FlatView *fv, hwaddr addr)
{
    unsigned lo = 0, hi = fv->nr;

    /* Last range starting at or below addr. */
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (fv->ranges[mid].addr.start.lo <= addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0 || !addrrange_contains(fv->ranges[lo - 1].addr, addr)) {
        return NULL;
    }
    fv->mru = lo - 1;
    return &fv->ranges[lo - 1];
}

int flatview_first_intersecting(FlatView *fv, Int128 start, Int128 size)
{
    unsigned lo = 0, hi = fv->nr;
    AddrRange r = addrrange_make(start, size);

    /* Ends are sorted too: first range ending after start. */
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (int128_le(addrrange_end(fv->ranges[mid].addr), start)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo < fv->nr && addrrange_intersects(fv->ranges[lo].addr, r)) {
        return (int)lo;
    }
    return -1;
}

static AddressSpace *memory_region_to_address_space(MemoryRegion *mr)
{
    for (AddressSpace *as = address_spaces; as; as = as->address_spaces_link) {
        if (mr == as->root) {
            return as;
        }
    }
    return NULL;
}

MemoryRegionSection memory_region_find(MemoryRegion *mr, hwaddr addr,
                                       uint64_t size)
{
    MemoryRegionSection ret = {.mr = NULL};
    MemoryRegion *root;
    AddressSpace *as;
    AddrRange range;
    FlatView *view;
    FlatRange *fr;
    int i;

    mr_check(mr);
    rcu_read_lock();
    addr += mr->addr;
    for (root = mr; root->container;) {
        root = root->container;
        addr += root->addr;
    }
    as = memory_region_to_address_space(root);
    if (!as) {
        goto out;
    }
    range = addrrange_make(int128_make64(addr), int128_make64(size));
    view = address_space_to_flatview(as);
    i = flatview_first_intersecting(view, range.start, range.size);
    if (i < 0) {
        goto out;
    }
    fr = &view->ranges[i];
    ret.mr = fr->mr;
    ret.fv = view;
    range = addrrange_intersection(range, fr->addr);
    ret.offset_within_region = fr->offset_in_region;
    ret.offset_within_region +=
        int128_get64(int128_sub(range.start, fr->addr.start));
    ret.size = range.size;
    ret.offset_within_address_space = int128_get64(range.start);
    ret.readonly = fr->readonly;
    ret.nonvolatile = fr->nonvolatile;
    memory_region_ref(ret.mr);
out:
    rcu_read_unlock();
    return ret;
}

bool memory_region_present(MemoryRegion *container, hwaddr addr)
{
    MemoryRegion *mr = memory_region_find(container, addr, 1).mr;
    return mr && mr != container;
}

/* ---- Listeners ---- */

static void listener_call(MemoryListener *l, bool reverse,
                          void (*fn)(MemoryListener *))
{
    /* The lists are short; recursion gives the reverse order. */
    if (!l) {
        return;
    }
    if (!reverse) {
        fn(l);
    }
    listener_call(l->link, reverse, fn);
    if (reverse) {
        fn(l);
    }
}

static void call_begin(MemoryListener *l)
{
    if (l->begin) {
        l->begin(l);
    }
}

static void call_commit(MemoryListener *l)
{
    if (l->commit) {
        l->commit(l);
    }
}

enum listener_cb { CB_ADD, CB_DEL, CB_NOP };

static void as_listeners_update(MemoryListener *l, bool reverse,
                                enum listener_cb cb,
                                MemoryRegionSection *section)
{
    if (!l) {
        return;
    }
    if (reverse) {
        as_listeners_update(l->link_as, reverse, cb, section);
    }
    void (*fn)(MemoryListener *, MemoryRegionSection *) =
        cb == CB_ADD ? l->region_add
                     : (cb == CB_DEL ? l->region_del : l->region_nop);
    if (fn) {
        MemoryRegionSection s = *section;
        fn(l, &s);
    }
    if (!reverse) {
        as_listeners_update(l->link_as, reverse, cb, section);
    }
}

static void address_space_update_topology_pass(AddressSpace *as,
                                               FlatView *old_view,
                                               FlatView *new_view, bool adding)
{
    unsigned iold = 0, inew = 0;
    FlatRange *frold, *frnew;

    while (iold < old_view->nr || inew < new_view->nr) {
        frold = iold < old_view->nr ? &old_view->ranges[iold] : NULL;
        frnew = inew < new_view->nr ? &new_view->ranges[inew] : NULL;

        if (frold &&
            (!frnew || int128_lt(frold->addr.start, frnew->addr.start) ||
             (int128_eq(frold->addr.start, frnew->addr.start) &&
              !flatrange_equal(frold, frnew)))) {
            /* In old but not in new, or changed. */
            if (!adding) {
                MemoryRegionSection s =
                    section_from_flat_range(frold, old_view);
                as_listeners_update(as->listeners, true, CB_DEL, &s);
            }
            ++iold;
        } else if (frold && frnew && flatrange_equal(frold, frnew)) {
            if (adding) {
                MemoryRegionSection s =
                    section_from_flat_range(frnew, new_view);
                as_listeners_update(as->listeners, false, CB_NOP, &s);
            }
            ++iold;
            ++inew;
        } else {
            if (adding) {
                MemoryRegionSection s =
                    section_from_flat_range(frnew, new_view);
                as_listeners_update(as->listeners, false, CB_ADD, &s);
            }
            ++inew;
        }
    }
}

static void address_space_set_flatview(AddressSpace *as, FlatView *new_view)
{
    FlatView *old_view = as->current_map;

    if (old_view == new_view) {
        return;
    }
    flatview_ref(new_view);
    if (as->listeners && old_view) {
        address_space_update_topology_pass(as, old_view, new_view, false);
        address_space_update_topology_pass(as, old_view, new_view, true);
    }
    qatomic_rcu_set(&as->current_map, new_view);
    if (old_view) {
        flatview_unref(old_view);
    }
}

/* The view root renders to: an existing identical one, or a new one. */
static FlatView *flatview_for_root(MemoryRegion *root, FlatView **made,
                                   unsigned *nmade)
{
    FlatView scratch;
    for (unsigned i = 0; i < *nmade; i++) {
        if (made[i]->root == root) {
            return made[i];
        }
    }
    scratch = render_to_scratch(root);
    FlatView *v = NULL;
    for (AddressSpace *as = address_spaces; as; as = as->address_spaces_link) {
        if (as->current_map && flatview_same(as->current_map, &scratch)) {
            v = as->current_map;
            flatview_ref(v);
            break;
        }
    }
    if (!v) {
        v = flatview_new_from(&scratch);
    }
    made[(*nmade)++] = v;
    return v;
}

void memory_region_update_topology(void)
{
    FlatView *made[BMX_FLATVIEW_POOL];
    unsigned nmade = 0;

    listener_call(memory_listeners, false, call_begin);
    for (AddressSpace *as = address_spaces; as; as = as->address_spaces_link) {
        if (nmade == BMX_FLATVIEW_POOL) {
            bmx_panic("flat view pool: more distinct roots than "
                      "BMX_FLATVIEW_POOL (%u)",
                      BMX_FLATVIEW_POOL);
        }
        address_space_set_flatview(as,
                                   flatview_for_root(as->root, made, &nmade));
    }
    /* Drop the references flatview_for_root took. */
    for (unsigned i = 0; i < nmade; i++) {
        flatview_unref(made[i]);
    }
    memory_region_update_pending = false;
    listener_call(memory_listeners, false, call_commit);

    /* Deviation D10: outside every read-side section nobody can hold
     * the old views: this is a quiescent point, reclaim now rather than
     * let the arena fill up while the CPU runs. */
    if (rcu_read_depth() == 0) {
        rcu_quiescent_state();
    }
}

/* Replays the current view to one listener as region_add (on register) or
 * region_del (on unregister) calls, bracketed by begin/commit. */
static void listener_replay_address_space(MemoryListener *listener,
                                          AddressSpace *as, bool add)
{
    FlatView *view;
    void (*cb)(MemoryListener *, MemoryRegionSection *) =
        add ? listener->region_add : listener->region_del;

    if (listener->begin) {
        listener->begin(listener);
    }
    view = address_space_to_flatview(as);
    for (unsigned i = 0; cb && view && i < view->nr; i++) {
        MemoryRegionSection section =
            section_from_flat_range(&view->ranges[i], view);
        cb(listener, &section);
    }
    if (listener->commit) {
        listener->commit(listener);
    }
}

static void listener_add_address_space(MemoryListener *listener,
                                       AddressSpace *as)
{
    listener_replay_address_space(listener, as, true);
}

static void listener_del_address_space(MemoryListener *listener,
                                       AddressSpace *as)
{
    listener_replay_address_space(listener, as, false);
}

void memory_listener_register(MemoryListener *listener, AddressSpace *as)
{
    MemoryListener **pp;

    bmx_assert(as != NULL);
    listener->address_space = as;
    /* Sorted by priority; equal priorities in registration order. */
    for (pp = &memory_listeners; *pp; pp = &(*pp)->link) {
        bmx_assert(*pp != listener);
        if ((*pp)->priority > listener->priority) {
            break;
        }
    }
    listener->link = *pp;
    *pp = listener;
    for (pp = &as->listeners; *pp; pp = &(*pp)->link_as) {
        if ((*pp)->priority > listener->priority) {
            break;
        }
    }
    listener->link_as = *pp;
    *pp = listener;
    listener_add_address_space(listener, as);
}

void memory_listener_unregister(MemoryListener *listener)
{
    MemoryListener **pp;

    if (!listener->address_space) {
        return;
    }
    listener_del_address_space(listener, listener->address_space);
    for (pp = &memory_listeners; *pp && *pp != listener; pp = &(*pp)->link) {
    }
    if (*pp) {
        *pp = listener->link;
    }
    for (pp = &listener->address_space->listeners; *pp && *pp != listener;
         pp = &(*pp)->link_as) {
    }
    if (*pp) {
        *pp = listener->link_as;
    }
    listener->link = listener->link_as = NULL;
    listener->address_space = NULL;
}

/* ---- Address spaces ---- */

void address_space_init(AddressSpace *as, MemoryRegion *root, const char *name)
{
    AddressSpace **pp;

    mr_check(root);
    for (AddressSpace *o = address_spaces; o; o = o->address_spaces_link) {
        if (o == as) {
            bmx_panic("address_space_init: '%s' is already initialised",
                      o->name);
        }
    }
    memset(as, 0, sizeof(*as));
    as->root = root;
    as->name = name ? name : "anonymous";
    subpage_init(as);

    /* Share the view of another space on the same root (even mid-
     * transaction: QEMU also reuses the last rendered view then). */
    for (AddressSpace *o = address_spaces; o; o = o->address_spaces_link) {
        if (o->root == root && o->current_map) {
            as->current_map = o->current_map;
            flatview_ref(as->current_map);
            break;
        }
    }
    if (!as->current_map) {
        FlatView scratch = render_to_scratch(root);
        as->current_map = flatview_new_from(&scratch);
    }
    for (pp = &address_spaces; *pp; pp = &(*pp)->address_spaces_link) {
    }
    *pp = as;
}

void address_space_destroy(AddressSpace *as)
{
    AddressSpace **pp;

    while (as->listeners) {
        memory_listener_unregister(as->listeners);
    }
    for (pp = &address_spaces; *pp && *pp != as;
         pp = &(*pp)->address_spaces_link) {
    }
    if (!*pp) {
        bmx_panic("address_space_destroy: '%s' is not initialised",
                  as->name ? as->name : "?");
    }
    *pp = as->address_spaces_link;
    as->address_spaces_link = NULL;
    if (as->current_map) {
        flatview_unref(as->current_map);
        as->current_map = NULL;
    }
    as->root = NULL;
}

void flatview_reset_all(void)
{
    memset(flatview_pool, 0, sizeof(flatview_pool));
    address_spaces = NULL;
    memory_listeners = NULL;
    memory_region_transaction_depth = 0;
    memory_region_update_pending = false;
}
