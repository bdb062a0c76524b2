/*
 * A MemoryListener on the differential test's address space keeps its own
 * list of sections from region_add/region_del/region_nop; after every
 * commit that list must be exactly the flat view (QEMU's
 * address_space_update_topology_pass: del for ranges that went, add for
 * new ones, nop for unchanged ones; registering replays the current view).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "diff.h"

typedef struct Sec {
    Int128 start, size;
    MemoryRegion *mr;
    hwaddr offset;
    bool readonly;
} Sec;

static Sec secs[512];
static int nsecs;
static char trouble[160]; /* the first protocol error, if any */

static Sec sec_of(const MemoryRegionSection *s)
{
    return (Sec){int128_make64(s->offset_within_address_space), s->size, s->mr,
                 s->offset_within_region, s->readonly};
}

static int sec_find(Sec x)
{
    for (int i = 0; i < nsecs; i++) {
        if (int128_eq(secs[i].start, x.start) &&
            int128_eq(secs[i].size, x.size) && secs[i].mr == x.mr &&
            secs[i].offset == x.offset && secs[i].readonly == x.readonly) {
            return i;
        }
    }
    return -1;
}

static void complain(const char *what, Sec x)
{
    if (!trouble[0]) {
        snprintf(trouble, sizeof(trouble), "%s %s+0x%llx at 0x%llx", what,
                 memory_region_name(x.mr), (unsigned long long)x.offset,
                 (unsigned long long)int128_getlo(x.start));
    }
}

static void l_add(MemoryListener *l, MemoryRegionSection *s)
{
    Sec x = sec_of(s);
    (void)l;
    if (sec_find(x) >= 0) {
        complain("region_add of a known section", x);
    } else if (nsecs < (int)ARRAY_SIZE(secs)) {
        secs[nsecs++] = x;
    }
}

static void l_del(MemoryListener *l, MemoryRegionSection *s)
{
    Sec x = sec_of(s);
    int i = sec_find(x);
    (void)l;
    if (i < 0) {
        complain("region_del of an unknown section", x);
    } else {
        secs[i] = secs[--nsecs];
    }
}

static void l_nop(MemoryListener *l, MemoryRegionSection *s)
{
    (void)l;
    if (sec_find(sec_of(s)) < 0) {
        complain("region_nop of an unknown section", sec_of(s));
    }
}

static MemoryListener diff_listener = {
    .region_add = l_add,
    .region_del = l_del,
    .region_nop = l_nop,
    .name = "diff-listener",
};

void diff_listener_attach(void)
{
    nsecs = 0;
    trouble[0] = 0;
    memory_listener_register(&diff_listener, &diff_as);
}

bool diff_listener_check(void)
{
    FlatView *fv = address_space_to_flatview(&diff_as);
    if (trouble[0]) {
        return diff_report(0, "listener", "%s", trouble);
    }
    if ((int)fv->nr != nsecs) {
        return diff_report(0, "listener", "told of %d sections, view has %u",
                           nsecs, fv->nr);
    }
    for (unsigned i = 0; i < fv->nr; i++) {
        FlatRange *fr = &fv->ranges[i];
        Sec x = {fr->addr.start, fr->addr.size, fr->mr, fr->offset_in_region,
                 fr->readonly};
        if (sec_find(x) < 0) {
            return diff_report(int128_getlo(fr->addr.start), "listener",
                               "range %u (%s+0x%llx) was never announced", i,
                               memory_region_name(fr->mr),
                               (unsigned long long)fr->offset_in_region);
        }
    }
    return true;
}
