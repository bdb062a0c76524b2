/* Contract section A: topology and rendering (statements 1-10). */
#include "mem-test.h"

static char names[512];

static const char *flat(void)
{
    return mt_flat_names(&address_space_memory, names, sizeof(names));
}

static FlatRange *range_at(hwaddr addr)
{
    FlatView *fv = address_space_to_flatview(&address_space_memory);
    for (unsigned i = 0; i < fv->nr; i++) {
        FlatRange *fr = &fv->ranges[i];
        if (fr->addr.start.lo <= addr &&
            (fr->addr.size.hi || addr - fr->addr.start.lo < fr->addr.size.lo)) {
            return fr;
        }
    }
    return NULL;
}

static MemoryRegion *leaf_at(hwaddr addr)
{
    hwaddr xlat, l = 1;
    return address_space_translate(&address_space_memory, addr, &xlat, &l,
                                   false, MEMTXATTRS_UNSPECIFIED);
}

/* 1: descending priority; among equal priorities the newest wins. */
static void test_s01_priority_order_newest_wins(void **state)
{
    static MemoryRegion a, b, c, d;
    MemoryRegion *sys = get_system_memory(), *sub;
    const char *order[4];
    unsigned n = 0;
    (void)state;

    memory_region_init_io(&a, NULL, NULL, NULL, "a", 0x1000);
    memory_region_init_io(&b, NULL, NULL, NULL, "b", 0x1000);
    memory_region_init_io(&c, NULL, NULL, NULL, "c", 0x1000);
    memory_region_init_io(&d, NULL, NULL, NULL, "d", 0x1000);
    memory_region_add_subregion(sys, 0x1000, &a);
    memory_region_add_subregion_overlap(sys, 0x1000, &b, 1);
    memory_region_add_subregion(sys, 0x1000, &c);
    memory_region_add_subregion_overlap(sys, 0x1000, &d, -1);
    MEMORY_REGION_FOREACH_SUBREGION(sub, sys)
    {
        order[n++] = sub->name;
    }
    assert_int_equal(n, 4);
    assert_string_equal(order[0], "b");
    assert_string_equal(order[1], "c"); /* added after a, same priority */
    assert_string_equal(order[2], "a");
    assert_string_equal(order[3], "d");
    assert_ptr_equal(leaf_at(0x1800), &b);

    /* Without b, c (newest of priority 0) wins over a. */
    memory_region_del_subregion(sys, &b);
    assert_ptr_equal(leaf_at(0x1800), &c);

    /* Setting the same address is no move. */
    memory_region_set_address(&a, 0x1000);
    assert_ptr_equal(sys->subregions, &c);
    /* Moving a away and back re-adds it: now a is newest and wins. */
    memory_region_set_address(&a, 0x8000);
    memory_region_set_address(&a, 0x1000);
    assert_ptr_equal(sys->subregions, &a);
    assert_int_equal(a.priority, 0);
    assert_ptr_equal(leaf_at(0x1800), &a);
}

/* 2: QEMU's docs example (docs/devel/memory.rst, "Overlapping regions and
 * priority"): A 0x8000 holds C (MMIO 0x0-0x5fff, prio 1) and B (container
 * 0x2000-0x5fff, prio 2) with D at B+0 and E at B+0x2000, 0x1000 each. */
static MemoryRegion ra, rb, rc, rd, re;

static void build_doc_example(bool b_has_backing)
{
    memory_region_init(&ra, NULL, "A", 0x8000);
    if (b_has_backing) {
        memory_region_init_io(&rb, NULL, NULL, NULL, "B", 0x4000);
    } else {
        memory_region_init(&rb, NULL, "B", 0x4000);
    }
    memory_region_init_io(&rc, NULL, NULL, NULL, "C", 0x6000);
    memory_region_init_io(&rd, NULL, NULL, NULL, "D", 0x1000);
    memory_region_init_io(&re, NULL, NULL, NULL, "E", 0x1000);
    memory_region_add_subregion(&rb, 0x0, &rd);
    memory_region_add_subregion(&rb, 0x2000, &re);
    memory_region_add_subregion_overlap(&ra, 0x0, &rc, 1);
    memory_region_add_subregion_overlap(&ra, 0x2000, &rb, 2);
    memory_region_add_subregion(get_system_memory(), 0, &ra);
}

static void test_s02_docs_example_pure_container(void **state)
{
    (void)state;
    build_doc_example(false);
    assert_string_equal(flat(), "[C][D][C][E][C]");
    assert_ptr_equal(range_at(0x0)->mr, &rc);
    assert_int_equal(range_at(0x0)->addr.size.lo, 0x2000);
    assert_ptr_equal(range_at(0x2000)->mr, &rd);
    assert_ptr_equal(range_at(0x3000)->mr, &rc);
    assert_int_equal(range_at(0x3000)->offset_in_region, 0x3000);
    assert_ptr_equal(range_at(0x4000)->mr, &re);
    assert_ptr_equal(range_at(0x5000)->mr, &rc);
    assert_null(range_at(0x6000)); /* A is a pure container */
}

static void test_s02_docs_example_b_with_backing(void **state)
{
    (void)state;
    build_doc_example(true);
    assert_string_equal(flat(), "[C][D][B][E][B]");
    assert_ptr_equal(range_at(0x3000)->mr, &rb);
    assert_int_equal(range_at(0x3000)->offset_in_region, 0x1000);
    assert_ptr_equal(range_at(0x5000)->mr, &rb);
    assert_int_equal(range_at(0x5000)->offset_in_region, 0x3000);
}

/* 2: priority compares siblings only. */
static void test_s02_priority_is_per_container(void **state)
{
    static MemoryRegion lo, hi, x, y;
    (void)state;
    memory_region_init(&lo, NULL, "lo", 0x2000);
    memory_region_init(&hi, NULL, "hi", 0x2000);
    memory_region_init_io(&x, NULL, NULL, NULL, "x", 0x1000);
    memory_region_init_io(&y, NULL, NULL, NULL, "y", 0x1000);
    /* x has a huge priority, but inside the low-priority container. */
    memory_region_add_subregion_overlap(&lo, 0, &x, 1000);
    memory_region_add_subregion_overlap(&hi, 0, &y, -1000);
    memory_region_add_subregion_overlap(get_system_memory(), 0, &lo, 0);
    memory_region_add_subregion_overlap(get_system_memory(), 0, &hi, 1);
    assert_ptr_equal(leaf_at(0x10), &y);
}

/* 3: a RAM region with subregions: they win, RAM fills the gaps. An
 * alias has no subregions of its own. */
static void test_s03_backing_fills_gaps(void **state)
{
    static MemoryRegion ram, io;
    (void)state;
    memory_region_init_ram(&ram, NULL, "ram", 0x4000, NULL);
    memory_region_init_io(&io, NULL, NULL, NULL, "io", 0x1000);
    memory_region_add_subregion(&ram, 0x1000, &io);
    memory_region_add_subregion(get_system_memory(), 0x10000, &ram);
    assert_string_equal(flat(), "[ram][io][ram]");
    assert_ptr_equal(leaf_at(0x11000), &io);
    assert_ptr_equal(range_at(0x12000)->mr, &ram);
    assert_int_equal(range_at(0x12000)->offset_in_region, 0x2000);
}

static void test_s03_alias_ignores_own_subregions(void **state)
{
    static MemoryRegion ram, al, io;
    (void)state;
    memory_region_init_ram(&ram, NULL, "ram", 0x2000, NULL);
    memory_region_init_alias(&al, NULL, "al", &ram, 0, 0x2000);
    memory_region_init_io(&io, NULL, NULL, NULL, "io", 0x1000);
    memory_region_add_subregion(&al, 0, &io);
    memory_region_add_subregion(get_system_memory(), 0, &al);
    assert_string_equal(flat(), "[ram]");
}

/* 4: container holes render nothing and reach "unassigned". */
static void test_s04_container_hole_is_unassigned(void **state)
{
    static MemoryRegion cont, ram;
    uint8_t buf[4] = {0xaa, 0xaa, 0xaa, 0xaa};
    (void)state;
    memory_region_init(&cont, NULL, "cont", 0x10000);
    memory_region_init_ram(&ram, NULL, "ram", 0x1000, NULL);
    memory_region_add_subregion(&cont, 0x2000, &ram);
    memory_region_add_subregion(get_system_memory(), 0, &cont);
    assert_string_equal(flat(), "[ram]");
    assert_ptr_equal(leaf_at(0x100), &io_mem_unassigned);
    assert_int_equal(address_space_read(&address_space_memory, 0x100,
                                        MEMTXATTRS_UNSPECIFIED, buf, 4),
                     MEMTX_DECODE_ERROR);
    assert_int_equal(buf[0] | buf[1] | buf[2] | buf[3], 0);
}

/* 5: disabled hides the subtree; lower siblings show through. */
static void test_s05_disabled_hides_subtree(void **state)
{
    static MemoryRegion low, top, inner;
    (void)state;
    memory_region_init_io(&low, NULL, NULL, NULL, "low", 0x4000);
    memory_region_init(&top, NULL, "top", 0x4000);
    memory_region_init_io(&inner, NULL, NULL, NULL, "inner", 0x1000);
    memory_region_add_subregion(&top, 0x1000, &inner);
    memory_region_add_subregion_overlap(get_system_memory(), 0, &low, 0);
    memory_region_add_subregion_overlap(get_system_memory(), 0, &top, 1);
    assert_string_equal(flat(), "[low][inner][low]");
    memory_region_set_enabled(&top, false);
    assert_string_equal(flat(), "[low]");
    memory_region_set_enabled(&top, true);
    memory_region_set_enabled(&inner, false);
    assert_string_equal(flat(), "[low]");
    memory_region_set_enabled(&inner, true);
    assert_string_equal(flat(), "[low][inner][low]");
}

/* 6: alias window; holes past the target; read-only inherited. */
static void test_s06_alias_maps_target_offset(void **state)
{
    static MemoryRegion ram, al;
    hwaddr xlat, l = 1;
    (void)state;
    memory_region_init_ram(&ram, NULL, "ram", 0x2000, NULL);
    /* The target is mapped elsewhere too: that does not matter. */
    memory_region_add_subregion(get_system_memory(), 0x100000, &ram);
    memory_region_init_alias(&al, NULL, "al", &ram, 0x1000, 0x3000);
    memory_region_add_subregion(get_system_memory(), 0x40000, &al);
    MemoryRegion *mr =
        address_space_translate(&address_space_memory, 0x40010, &xlat, &l,
                                false, MEMTXATTRS_UNSPECIFIED);
    assert_ptr_equal(mr, &ram);
    assert_int_equal(xlat, 0x1010);
    /* alias offset 0x1000 + 0x1000 = end of ram: a hole from there. */
    assert_ptr_equal(leaf_at(0x41000), &io_mem_unassigned);
    assert_ptr_equal(leaf_at(0x42fff), &io_mem_unassigned);
    /* Changing alias_offset moves the window. */
    memory_region_set_alias_offset(&al, 0);
    l = 1;
    mr = address_space_translate(&address_space_memory, 0x41010, &xlat, &l,
                                 false, MEMTXATTRS_UNSPECIFIED);
    assert_ptr_equal(mr, &ram);
    assert_int_equal(xlat, 0x1010);
}

static void test_s06_readonly_inherited(void **state)
{
    static MemoryRegion ram, al, cont, ram2;
    (void)state;
    memory_region_init_ram(&ram, NULL, "ram", 0x1000, NULL);
    memory_region_init_alias(&al, NULL, "al", &ram, 0, 0x1000);
    memory_region_set_readonly(&al, true);
    memory_region_add_subregion(get_system_memory(), 0x0, &al);
    memory_region_init(&cont, NULL, "cont", 0x1000);
    memory_region_set_readonly(&cont, true);
    memory_region_init_ram(&ram2, NULL, "ram2", 0x1000, NULL);
    memory_region_add_subregion(&cont, 0, &ram2);
    memory_region_add_subregion(get_system_memory(), 0x1000, &cont);
    assert_true(range_at(0x0)->readonly);
    assert_true(range_at(0x1000)->readonly);
    assert_false(ram.readonly);
    assert_false(ram2.readonly);
}

/* 7: a size of 2^64. */
static void test_s07_size_2_64(void **state)
{
    static MemoryRegion big, cont;
    (void)state;
    assert_true(int128_eq(get_system_memory()->size, int128_2_64()));
    assert_true(memory_region_size(get_system_memory()) == UINT64_MAX);
    memory_region_init(&cont, NULL, "cont", UINT64_MAX);
    memory_region_init_io(&big, NULL, NULL, NULL, "big", UINT64_MAX);
    memory_region_add_subregion(&cont, 0, &big);
    memory_region_add_subregion(get_system_memory(), 0, &cont);
    FlatView *fv = address_space_to_flatview(&address_space_memory);
    assert_int_equal(fv->nr, 1);
    assert_true(int128_eq(fv->ranges[0].addr.size, int128_2_64()));
    assert_ptr_equal(leaf_at(0xfffffffffffffff0ull), &big);
    assert_ptr_equal(leaf_at(0), &big);
    /* A 2^64 region moved up is clipped at the top of the space. */
    memory_region_set_address(&big, 0x1000);
    fv = address_space_to_flatview(&address_space_memory);
    assert_int_equal(fv->nr, 1);
    assert_int_equal(fv->ranges[0].addr.start.lo, 0x1000);
    assert_true(fv->ranges[0].addr.size.lo == 0xfffffffffffff000ull &&
                fv->ranges[0].addr.size.hi == 0);
}

/* 8: adjacent ranges of one region with contiguous offsets merge. */
static void test_s08_adjacent_ranges_merge(void **state)
{
    static MemoryRegion ram, a1, a2, a3;
    (void)state;
    memory_region_init_ram(&ram, NULL, "ram", 0x4000, NULL);
    memory_region_init_alias(&a1, NULL, "a1", &ram, 0, 0x1000);
    memory_region_init_alias(&a2, NULL, "a2", &ram, 0x1000, 0x1000);
    memory_region_init_alias(&a3, NULL, "a3", &ram, 0x3000, 0x1000);
    memory_region_add_subregion(get_system_memory(), 0x0, &a1);
    memory_region_add_subregion(get_system_memory(), 0x1000, &a2);
    /* Offset 0x3000 at 0x2000 is not contiguous: no merge. */
    memory_region_add_subregion(get_system_memory(), 0x2000, &a3);
    FlatView *fv = address_space_to_flatview(&address_space_memory);
    assert_int_equal(fv->nr, 2);
    assert_int_equal(fv->ranges[0].addr.size.lo, 0x2000);
    assert_ptr_equal(fv->ranges[0].mr, &ram);
    /* Different flags do not merge either. */
    memory_region_set_readonly(&a2, true);
    fv = address_space_to_flatview(&address_space_memory);
    assert_int_equal(fv->nr, 3);
    memory_region_set_readonly(&a2, false);
    fv = address_space_to_flatview(&address_space_memory);
    assert_int_equal(fv->nr, 2);
}

/* 9: batched rendering; the CPU's TLB flushed on each view change. */
static unsigned commits, adds, dels;
static void count_commit(MemoryListener *l)
{
    (void)l;
    commits++;
}
static void count_add(MemoryListener *l, MemoryRegionSection *s)
{
    (void)l, (void)s;
    adds++;
}
static void count_del(MemoryListener *l, MemoryRegionSection *s)
{
    (void)l, (void)s;
    dels++;
}

static void test_s09_transactions_batch(void **state)
{
    static MemoryRegion r1, r2;
    static MemoryListener ml = {.commit = count_commit,
                                .region_add = count_add,
                                .region_del = count_del};
    (void)state;
    cpu_address_space_init(mt_cpu, 0, "cpu-memory", get_system_memory());
    commits = adds = dels = 0;
    memory_listener_register(&ml, &address_space_memory);
    assert_int_equal(commits, 1); /* registration replays the view */
    unsigned flushes = hook_log.tlb_flush;

    memory_region_init_ram(&r1, NULL, "r1", 0x1000, NULL);
    memory_region_init_ram(&r2, NULL, "r2", 0x1000, NULL);
    memory_region_transaction_begin();
    memory_region_add_subregion(get_system_memory(), 0x0, &r1);
    memory_region_transaction_begin();
    memory_region_add_subregion(get_system_memory(), 0x1000, &r2);
    memory_region_transaction_commit();
    /* Still inside the outer transaction: the old (empty) view. */
    assert_ptr_equal(leaf_at(0x0), &io_mem_unassigned);
    assert_int_equal(commits, 1);
    memory_region_transaction_commit();
    assert_int_equal(commits, 2); /* one render for both */
    assert_int_equal(adds, 2);    /* two regions: two sections */
    assert_ptr_equal(leaf_at(0x0), &r1);
    assert_ptr_equal(leaf_at(0x1000), &r2);
    assert_int_equal(hook_log.tlb_flush, flushes + 1);
    assert_ptr_equal(hook_log.last_cpu, mt_cpu);

    /* Nothing changed: no render, no flush. */
    memory_region_transaction_begin();
    memory_region_set_enabled(&r1, true);
    memory_region_transaction_commit();
    assert_int_equal(commits, 2);
    assert_int_equal(hook_log.tlb_flush, flushes + 1);

    memory_region_del_subregion(get_system_memory(), &r2);
    assert_int_equal(commits, 3);
    assert_int_equal(dels, 1);
    assert_int_equal(hook_log.tlb_flush, flushes + 2);
    memory_listener_unregister(&ml);
}

/* 9 (RCU): an access in progress keeps the old view across a commit;
 * it is reclaimed at the next quiescent point. */
static void test_s09_old_view_kept_until_quiescent(void **state)
{
    static MemoryRegion r1;
    (void)state;
    memory_region_init_ram(&r1, NULL, "r1", 0x1000, NULL);
    rcu_read_lock();
    FlatView *old = address_space_to_flatview(&address_space_memory);
    memory_region_add_subregion(get_system_memory(), 0, &r1);
    FlatView *cur = address_space_to_flatview(&address_space_memory);
    assert_ptr_not_equal(old, cur);
    /* The old view is still intact while the read section is open. */
    assert_true(old->in_use);
    assert_int_equal(old->nr, 0);
    assert_int_equal(cur->nr, 1);
    assert_true(rcu_pending_count() >= 1);
    EXPECT_FATAL(rcu_quiescent_state()); /* not inside a read section */
    /* Leaving the outermost read section is the quiescent point. */
    rcu_read_unlock();
    assert_int_equal(rcu_pending_count(), 0);
    assert_false(old->in_use);
    assert_true(cur->in_use);

    /* Outside read sections a commit reclaims at once. */
    memory_region_set_enabled(&r1, false);
    assert_int_equal(rcu_pending_count(), 0);
    assert_false(cur->in_use);
}

/* 9: an unchanged rendering keeps the view; same roots share one. */
static void test_s09_views_kept_and_shared(void **state)
{
    static MemoryRegion r1, cont;
    static AddressSpace as2;
    (void)state;
    memory_region_init_ram(&r1, NULL, "r1", 0x1000, NULL);
    memory_region_init(&cont, NULL, "cont", 0x1000);
    memory_region_add_subregion(get_system_memory(), 0, &r1);
    FlatView *v = address_space_to_flatview(&address_space_memory);
    memory_region_set_enabled(&cont, false); /* not mapped: no change */
    assert_ptr_equal(address_space_to_flatview(&address_space_memory), v);
    address_space_init(&as2, get_system_memory(), "second");
    assert_ptr_equal(address_space_to_flatview(&as2), v);
    assert_int_equal(v->ref, 2);
    memory_region_set_address(&r1, 0x1000);
    assert_ptr_equal(address_space_to_flatview(&as2),
                     address_space_to_flatview(&address_space_memory));
    address_space_destroy(&as2);
    assert_int_equal(address_space_to_flatview(&address_space_memory)->ref, 1);
    EXPECT_FATAL(address_space_to_flatview(&as2));
    assert_true(mt_contains(test_fatal_msg, "before address_space_init"));
}

/* The single-threaded BQL and RCU catch misuse. */
static void test_s09_bql_and_rcu_misuse(void **state)
{
    (void)state;
    bql_lock();
    assert_true(bql_locked());
    EXPECT_FATAL(bql_lock());
    bql_unlock();
    EXPECT_FATAL(bql_unlock());
    EXPECT_FATAL(rcu_read_unlock());
}

/* 9: an MMIO write that changes the topology: the rest of the same
 * access still uses the view it started with (QEMU's RCU semantics). */
static MemoryRegion s09_ram;
static void s09_unmap_ram(TestDev *d, hwaddr addr, uint64_t val)
{
    (void)d, (void)addr, (void)val;
    memory_region_set_enabled(&s09_ram, false);
}

static void test_s09_topology_change_mid_access(void **state)
{
    static TestDev d;
    uint8_t buf[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    (void)state;
    td_init(&d, "ctl", 4, DEVICE_LITTLE_ENDIAN, 1, 4, 1, 4);
    d.on_write = s09_unmap_ram;
    memory_region_init_ram(&s09_ram, NULL, "ram", 0x1000, NULL);
    memory_region_add_subregion(get_system_memory(), 0x1000, &d.mr);
    memory_region_add_subregion(get_system_memory(), 0x1004, &s09_ram);
    assert_int_equal(address_space_write(&address_space_memory, 0x1000,
                                         MEMTXATTRS_UNSPECIFIED, buf, 8),
                     MEMTX_OK);
    assert_memory_equal(memory_region_get_ram_ptr(&s09_ram), buf + 4, 4);
    assert_ptr_equal(leaf_at(0x1004), &io_mem_unassigned);
    assert_int_equal(rcu_pending_count(), 0); /* reclaimed on the way out */
}

/* 10: memory_region_find. */
static void test_s10_find_lowest_piece(void **state)
{
    static MemoryRegion cont, r1, r2;
    MemoryRegionSection s;
    (void)state;
    memory_region_init(&cont, NULL, "cont", 0x10000);
    memory_region_init_ram(&r1, NULL, "r1", 0x1000, NULL);
    memory_region_init_ram(&r2, NULL, "r2", 0x1000, NULL);
    memory_region_add_subregion(&cont, 0x1000, &r1);
    memory_region_add_subregion(&cont, 0x3000, &r2);
    memory_region_add_subregion(get_system_memory(), 0x20000, &cont);

    s = memory_region_find(&cont, 0, 0x5000);
    assert_ptr_equal(s.mr, &r1);
    assert_int_equal(s.offset_within_address_space, 0x21000);
    assert_int_equal(s.offset_within_region, 0);
    assert_int_equal(int128_get64(s.size), 0x1000);

    s = memory_region_find(&cont, 0x1800, 0x2000);
    assert_ptr_equal(s.mr, &r1);
    assert_int_equal(s.offset_within_region, 0x800);
    assert_int_equal(int128_get64(s.size), 0x800);

    s = memory_region_find(&cont, 0x2000, 0x1800);
    assert_ptr_equal(s.mr, &r2);
    assert_int_equal(s.offset_within_region, 0);
    assert_int_equal(int128_get64(s.size), 0x800);

    s = memory_region_find(&cont, 0x5000, 0x100);
    assert_null(s.mr);
    s = memory_region_find(&r1, 0x10, 4); /* relative to r1 */
    assert_ptr_equal(s.mr, &r1);
    assert_int_equal(s.offset_within_region, 0x10);

    assert_true(memory_region_present(&cont, 0x1000));
    assert_false(memory_region_present(&cont, 0x2000));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        MT_TEST(test_s01_priority_order_newest_wins),
        MT_TEST(test_s02_docs_example_pure_container),
        MT_TEST(test_s02_docs_example_b_with_backing),
        MT_TEST(test_s02_priority_is_per_container),
        MT_TEST(test_s03_backing_fills_gaps),
        MT_TEST(test_s03_alias_ignores_own_subregions),
        MT_TEST(test_s04_container_hole_is_unassigned),
        MT_TEST(test_s05_disabled_hides_subtree),
        MT_TEST(test_s06_alias_maps_target_offset),
        MT_TEST(test_s06_readonly_inherited),
        MT_TEST(test_s07_size_2_64),
        MT_TEST(test_s08_adjacent_ranges_merge),
        MT_TEST(test_s09_transactions_batch),
        MT_TEST(test_s09_old_view_kept_until_quiescent),
        MT_TEST(test_s09_views_kept_and_shared),
        MT_TEST(test_s09_bql_and_rcu_misuse),
        MT_TEST(test_s09_topology_change_mid_access),
        MT_TEST(test_s10_find_lowest_piece),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
