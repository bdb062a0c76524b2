/*
 * "info mtree" and "info mtree -f" (system/memory.c), same text as QEMU.
 * 64-bit numbers are formatted here: the board's printf may lack %llx.
 */
#include "memory-internal.h"

#define MTREE_INDENT    "  "
#define ALIAS_QUEUE_MAX 64

/* Output goes to qemu_printf, or to a caller's buffer (mtree_snprint). */
static struct {
    char *buf;
    size_t size;
    size_t len; /* wanted length, may exceed size */
} sink;

static void out(const char *s)
{
    if (!sink.buf) {
        qemu_printf("%s", s);
        return;
    }
    for (; *s; s++, sink.len++) {
        if (sink.len + 1 < sink.size) {
            sink.buf[sink.len] = *s;
            sink.buf[sink.len + 1] = 0;
        }
    }
}

static void out_hex(uint64_t v)
{
    char b[17];
    out(fmt_hex64(b, v));
}

static void out_int(long v)
{
    char b[24];
    int i = (int)sizeof(b) - 1;
    unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
    b[i] = 0;
    do {
        b[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) {
        b[--i] = '-';
    }
    out(&b[i]);
}

/* QEMU's MR_SIZE: the inclusive end offset of a size. */
static hwaddr mr_size_last(Int128 size)
{
    return int128_nz(size) ? int128_getlo(int128_sub(size, int128_one())) : 0;
}

static const char *memory_region_type(MemoryRegion *mr)
{
    if (mr->alias) {
        return memory_region_type(mr->alias);
    }
    if (memory_region_is_ram_device(mr)) {
        return "ramd";
    } else if (memory_region_is_romd(mr)) {
        return "romd";
    } else if (memory_region_is_rom(mr)) {
        return "rom";
    } else if (memory_region_is_ram(mr)) {
        return "ram";
    }
    return "i/o";
}

typedef struct {
    MemoryRegion *mr[ALIAS_QUEUE_MAX];
    unsigned nr;
    bool overflow;
} AliasQueue;

/* Print order of two children of one container (idx: list position). */
static bool child_before(MemoryRegion *x, unsigned xi, MemoryRegion *y,
                         unsigned yi)
{
    if (x->addr != y->addr) {
        return x->addr < y->addr;
    }
    if (x->priority != y->priority) {
        return x->priority > y->priority;
    }
    return xi < yi;
}

static void mtree_print_mr(MemoryRegion *mr, unsigned level, hwaddr base,
                           AliasQueue *aq, bool disabled)
{
    MemoryRegion *sub;
    unsigned i;

    if (!mr) {
        return;
    }
    hwaddr cur_start = base + mr->addr;
    hwaddr cur_end = cur_start + mr_size_last(mr->size);

    if (mr->enabled || disabled) {
        for (i = 0; i < level; i++) {
            out(MTREE_INDENT);
        }
        /* Overflow of a region should never happen; show it if it does. */
        if (cur_start < base || cur_end < cur_start) {
            out("[DETECTED OVERFLOW!] ");
        }
        out_hex(cur_start);
        out("-");
        out_hex(cur_end);
        out(" (prio ");
        out_int(mr->priority);
        out(", ");
        out(mr->nonvolatile ? "nv-" : "");
        out(memory_region_type(mr));
        out("): ");
        if (mr->alias) {
            out("alias ");
            out(memory_region_name(mr));
            out(" @");
            out(memory_region_name(mr->alias));
            out(" ");
            out_hex(mr->alias_offset);
            out("-");
            out_hex(mr->alias_offset + mr_size_last(mr->size));
        } else {
            out(memory_region_name(mr));
        }
        out(mr->enabled ? "\n" : " [disabled]\n");
    }
    if (mr->alias) {
        bool found = false;
        for (i = 0; i < aq->nr; i++) {
            found |= aq->mr[i] == mr->alias;
        }
        if (!found) {
            if (aq->nr < ALIAS_QUEUE_MAX) {
                aq->mr[aq->nr++] = mr->alias;
            } else {
                aq->overflow = true;
            }
        }
    }

    /* Children by address, then by descending priority, then list
     * order (QEMU's stable insertion). Selection sort: no stack array. */
    MemoryRegion *prev = NULL;
    unsigned prev_idx = 0;
    for (;;) {
        MemoryRegion *best = NULL;
        unsigned best_idx = 0, idx = 0;
        MEMORY_REGION_FOREACH_SUBREGION(sub, mr)
        {
            idx++;
            if (prev && !child_before(prev, prev_idx, sub, idx)) {
                continue;
            }
            if (!best || child_before(sub, idx, best, best_idx)) {
                best = sub;
                best_idx = idx;
            }
        }
        if (!best) {
            break;
        }
        mtree_print_mr(best, level + 1, cur_start, aq, disabled);
        prev = best;
        prev_idx = best_idx;
    }
}

static void mtree_print_flatview(FlatView *view, unsigned counter)
{
    out("FlatView #");
    out_int((long)counter);
    out("\n");
    for (AddressSpace *as = address_spaces; as; as = as->address_spaces_link) {
        if (as->current_map != view) {
            continue;
        }
        out(" AS \"");
        out(as->name);
        out("\", root: ");
        out(memory_region_name(as->root));
        if (as->root->alias) {
            out(", alias ");
            out(memory_region_name(as->root->alias));
        }
        out("\n");
    }
    out(" Root memory region: ");
    out(view->root ? memory_region_name(view->root) : "(none)");
    out("\n");
    if (view->nr == 0) {
        out(MTREE_INDENT "No rendered FlatView\n\n");
        return;
    }
    for (unsigned i = 0; i < view->nr; i++) {
        FlatRange *range = &view->ranges[i];
        MemoryRegion *mr = range->mr;
        hwaddr start = int128_getlo(range->addr.start);
        out(MTREE_INDENT);
        out_hex(start);
        out("-");
        out_hex(start + mr_size_last(range->addr.size));
        out(" (prio ");
        out_int(mr->priority);
        out(", ");
        out(range->nonvolatile ? "nv-" : "");
        out(range->readonly ? "rom" : memory_region_type(mr));
        out("): ");
        out(memory_region_name(mr));
        if (range->offset_in_region) {
            out(" @");
            out_hex(range->offset_in_region);
        }
        out("\n");
    }
    out("\n");
}

void mtree_info(bool flatview, bool dispatch_tree, bool owner, bool disabled)
{
    (void)dispatch_tree;
    (void)owner; /* no QOM: nothing to name */

    rcu_read_lock();
    if (flatview) {
        unsigned counter = 0;
        for (AddressSpace *as = address_spaces; as;
             as = as->address_spaces_link) {
            bool seen = false;
            for (AddressSpace *o = address_spaces; o != as;
                 o = o->address_spaces_link) {
                seen |= o->current_map == as->current_map;
            }
            if (!seen) {
                mtree_print_flatview(as->current_map, counter++);
            }
        }
        rcu_read_unlock();
        return;
    }

    AliasQueue aq = {.nr = 0};
    for (AddressSpace *as = address_spaces; as; as = as->address_spaces_link) {
        bool seen = false;
        for (AddressSpace *o = address_spaces; o != as;
             o = o->address_spaces_link) {
            seen |= o->root == as->root;
        }
        if (seen) {
            continue;
        }
        /* All spaces with this root, names in order (QEMU sorts them). */
        const char *last = NULL;
        for (;;) {
            const char *next = NULL;
            for (AddressSpace *o = as; o; o = o->address_spaces_link) {
                if (o->root == as->root &&
                    (!last || strcmp(o->name, last) > 0) &&
                    (!next || strcmp(o->name, next) < 0)) {
                    next = o->name;
                }
            }
            if (!next) {
                break;
            }
            out("address-space: ");
            out(next);
            out("\n");
            last = next;
        }
        mtree_print_mr(as->root, 1, 0, &aq, disabled);
        out("\n");
    }
    /* Alias targets, including ones found while printing these. */
    for (unsigned i = 0; i < aq.nr; i++) {
        out("memory-region: ");
        out(memory_region_name(aq.mr[i]));
        out("\n");
        mtree_print_mr(aq.mr[i], 1, 0, &aq, disabled);
        out("\n");
    }
    if (aq.overflow) {
        out("(more aliased regions than fit the queue: rest not shown)\n");
    }
    rcu_read_unlock();
}

size_t mtree_snprint(char *buf, size_t size, bool flatview, bool disabled)
{
    sink.buf = buf;
    sink.size = size;
    sink.len = 0;
    if (buf && size) {
        buf[0] = 0;
    }
    mtree_info(flatview, false, false, disabled);
    size_t len = sink.len;
    sink.buf = NULL;
    return len;
}
