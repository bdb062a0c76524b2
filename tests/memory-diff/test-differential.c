/*
 * Differential test of emu/memory: random MemoryRegion trees (containers,
 * aliases of aliases, equal and unequal priorities, disabled and read-only
 * regions, RAM, ROM, ROM devices and MMIO leaves that may have subregions
 * of their own, regions at and beyond the top of 2^64) are built both in
 * the model and in the naive reference (reference.c). Every address of
 * small trees, and the region edges, their neighbours and random picks of
 * trees spanning 2^64, are asked of both (diff-check.c): which leaf
 * answers and at which offset, and what reads and writes really do.
 * Random transaction sequences check that the old view stays visible
 * until the outermost commit.
 *
 * Seeds are fixed (1..N) so failures reproduce; BMX_DIFF_SEED=n runs only
 * seed n, BMX_DIFF_SEEDS=N changes N. A mismatch prints the seed, the
 * address, both answers and the model's trees (mtree_info).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "diff.h"

#if defined(BMX_BOARD_TEST)
#define DEFAULT_SEEDS 40 /* a few seconds under qemu-system-arm */
#else
#define DEFAULT_SEEDS 400
#endif
#define TXN_ROUNDS 3

static uint64_t env_u64(const char *name, uint64_t dflt)
{
    const char *s = getenv(name);
    return s && *s ? strtoull(s, NULL, 0) : dflt;
}

typedef enum Mode { MODE_SMALL, MODE_BIG, MODE_TXN } Mode;

static void run_seeds(Mode mode)
{
    uint64_t only = env_u64("BMX_DIFF_SEED", 0);
    uint64_t count = env_u64("BMX_DIFF_SEEDS", DEFAULT_SEEDS);
    uint64_t first = only ? only : 1, last = only ? only : count;
    stat_checked = 0;
    memset(stat_kind, 0, sizeof(stat_kind));
    for (uint64_t seed = first; seed <= last; seed++) {
        cur_seed = seed;
        rng_seed(seed * 3 + mode);
        bool big = mode == MODE_BIG || (mode == MODE_TXN && (seed & 1));
        build_tree(big, mode != MODE_TXN);
        bool ok = mode == MODE_TXN
                      ? check_view(false) && diff_run_transactions(TXN_ROUNDS)
                      : check_view(true);
        if (!ok) {
            destroy_as();
            fail_msg("differential mismatch, seed %llu (mode %d)",
                     (unsigned long long)seed, mode);
        }
    }
    print_message("seeds %llu..%llu: %llu addresses compared: %llu RAM, "
                  "%llu ROM, %llu ROM device, %llu I/O, %llu holes\n",
                  (unsigned long long)first, (unsigned long long)last,
                  (unsigned long long)stat_checked,
                  (unsigned long long)stat_kind[REF_RAM],
                  (unsigned long long)stat_kind[REF_ROM],
                  (unsigned long long)stat_kind[REF_ROMD],
                  (unsigned long long)stat_kind[REF_IO],
                  (unsigned long long)stat_kind[STAT_HOLES]);
    destroy_as();
}

static void test_random_small(void **state)
{
    (void)state;
    run_seeds(MODE_SMALL);
}

static void test_random_big(void **state)
{
    (void)state;
    run_seeds(MODE_BIG);
}

static void test_random_transactions(void **state)
{
    (void)state;
    run_seeds(MODE_TXN);
}

/* ---- Directed cases, judged by the same comparison ---- */

static void add(int parent, uint64_t addr, int child, int prio)
{
    diff_add(parent, addr, child, prio);
    vis = pend;
}

/* QEMU's docs/devel/memory.rst example: [C][D][C][E][C], and
 * [C][D][B][E][B] when B has its own backing. The reference must get it
 * right by itself before it judges the model. */
static void docs_example(bool b_backed)
{
    start_directed(0x7fff);
    int a = pend.root;
    int b = diff_new(b_backed ? REF_IO : REF_CONTAINER, 0x3fff, -1, 0);
    int c = diff_new(REF_IO, 0x5fff, -1, 0);
    int d = diff_new(REF_RAM, 0xfff, -1, 0);
    int e = diff_new(REF_RAM, 0xfff, -1, 0);
    add(b, 0, d, 0);
    add(b, 0x2000, e, 0);
    add(a, 0x2000, b, 2);
    add(a, 0, c, 1);
    int mid = b_backed ? b : c;
    const struct {
        uint64_t addr;
        int leaf;
        uint64_t off;
    } want[] = {
        {0x0000, c, 0},        {0x1fff, c, 0x1fff},   {0x2000, d, 0},
        {0x2fff, d, 0xfff},    {0x3000, mid, 0x3000}, {0x4000, e, 0},
        {0x5000, mid, 0x5000}, {0x5fff, mid, 0x5fff}, {0x6000, -1, 0x6000},
        {0x7fff, -1, 0x7fff},
    };
    for (unsigned i = 0; i < ARRAY_SIZE(want); i++) {
        RefHit h = ref_resolve(&vis, want[i].addr);
        uint64_t off = want[i].off;
        if (b_backed && want[i].leaf == b) {
            off -= 0x2000;
        }
        assert_int_equal(h.leaf, want[i].leaf);
        assert_int_equal(h.offset, off);
    }
    assert_true(check_view(true));
    destroy_as();
}

static void test_docs_example(void **state)
{
    (void)state;
    docs_example(false);
    docs_example(true);
}

/* Regions flush with the top of the 2^64 space, one sticking out of it,
 * an alias of an alias, equal priorities (the newer wins). */
static void test_top_of_space(void **state)
{
    (void)state;
    start_directed(UINT64_MAX);
    int root = pend.root;
    int ram = diff_new(REF_RAM, 0xfff, -1, 0);
    int io = diff_new(REF_IO, 0xffff, -1, 0);
    int io2 = diff_new(REF_IO, 0xff, -1, 0);
    int big = diff_new(REF_IO, UINT64_MAX, -1, 0);
    int al = diff_new(REF_ALIAS, 0x1fff, ram, 0x800);
    int al2 = diff_new(REF_ALIAS, 0xfff, al, 0x400);
    memory_region_transaction_begin();
    add(root, UINT64_MAX - 0xfff, ram, 0);
    add(root, UINT64_MAX - 0xffff, io, -1);
    add(root, UINT64_MAX - 0x7f, io2, 0); /* half of it beyond 2^64 */
    add(root, 0, big, -2);
    add(root, 0x10000, al, 0);
    add(root, 0x10800, al2, 0);
    memory_region_transaction_commit();
    assert_true(check_view(true));
    static const uint64_t extra[] = {UINT64_MAX,
                                     UINT64_MAX - 0x7f,
                                     UINT64_MAX - 0x80,
                                     UINT64_MAX - 0xfff,
                                     UINT64_MAX - 0x1000,
                                     0x10000,
                                     0x107ff,
                                     0x10800,
                                     0x10fff,
                                     0x117ff,
                                     0x11800,
                                     0x12000};
    for (unsigned i = 0; i < ARRAY_SIZE(extra); i++) {
        assert_true(check_addr(extra[i], true));
    }
    assert_int_equal(ref_resolve(&vis, UINT64_MAX).leaf, io2);
    assert_int_equal(ref_resolve(&vis, 0x10800).leaf, ram);
    assert_int_equal(ref_resolve(&vis, 0x10800).offset, 0xc00);

    /* A find running past 2^64 is clipped there (128-bit ranges). */
    MemoryRegionSection sec =
        memory_region_find(&mrs[root], UINT64_MAX - 3, 16);
    assert_ptr_equal(sec.mr, &mrs[io2]);
    assert_int_equal(sec.offset_within_region, 0x7c);
    assert_true(sec.offset_within_address_space == UINT64_MAX - 3);
    assert_true(int128_eq(sec.size, int128_make64(4)));
    destroy_as();
}

/* A ROM device in ROMD mode under an MMIO region that covers its second
 * half: reads of the first half are direct, and a multi-byte read running
 * over the end of its section continues in the device's own block (QEMU's
 * translate does not clip ROM devices). Out of ROMD mode reads call the
 * ops. */
static void test_rom_device(void **state)
{
    (void)state;
    start_directed(0xffff);
    int romd = diff_new(REF_ROMD, 0xff, -1, 0);
    int io = diff_new(REF_IO, 0x7f, -1, 0);
    add(pend.root, 0x1000, romd, 0);
    add(pend.root, 0x1080, io, 1);
    assert_true(check_view(true));
    for (uint64_t a = 0x1078; a < 0x1088; a++) {
        assert_true(check_addr(a, true));
    }
    memory_region_rom_device_set_romd(&mrs[romd], false);
    ref_set_romd(&pend, romd, false);
    vis = pend;
    assert_true(check_view(true));
    destroy_as();
}

/* The last page of the 2^64 space shared by two sections, or by a section
 * and a hole: a TLB fill must get the subpage region (statement 30). Was
 * broken: page + TARGET_PAGE_SIZE wrapped to 0 in
 * address_space_translate_for_iotlb, so the first range of the page was
 * taken for the whole page (and for RAM the length computation trapped in
 * int128_get64). */
static void test_iotlb_last_page(void **state)
{
    (void)state;
    start_directed(UINT64_MAX);
    int io = diff_new(REF_IO, 0x7ff, -1, 0);
    add(pend.root, UINT64_MAX - 0xfff, io, 0); /* first half of the page */
    print_message("iotlb: I/O on the first half of the last page\n");
    assert_true(check_iotlb(UINT64_MAX - 0xfff));
    assert_true(check_iotlb(UINT64_MAX));
    destroy_as();

    start_directed(UINT64_MAX);
    int ram = diff_new(REF_RAM, 0xfff, -1, 0);
    int io2 = diff_new(REF_IO, 0x7f, -1, 0);
    add(pend.root, UINT64_MAX - 0xfff, ram, 0);
    add(pend.root, UINT64_MAX - 0x7f, io2, 1);
    print_message(
        "iotlb: RAM on the last page, I/O over its last 0x80 bytes\n");
    assert_true(check_iotlb(UINT64_MAX - 0x100));
    assert_true(check_iotlb(UINT64_MAX));
    destroy_as();
}

/* A device whose write toggles another region several times: topology
 * commits from inside an access (deviation D10). As QEMU's flatview_write
 * takes the view once, the rest of that access still goes through the old
 * view, which must stay intact while new views are made; the next access
 * sees the new one. */
static MemoryRegion toggler;
static int toggled_node;

static uint64_t toggler_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)opaque, (void)addr, (void)size;
    return 0;
}

static void toggler_write(void *opaque, hwaddr addr, uint64_t v, unsigned size)
{
    (void)opaque, (void)addr, (void)v, (void)size;
    for (int i = 0; i < 5; i++) { /* ends disabled */
        memory_region_set_enabled(&mrs[toggled_node], i & 1);
        memory_region_set_address(&mrs[toggled_node], 0x4);
    }
}

static const MemoryRegionOps toggler_ops = {
    .read = toggler_read,
    .write = toggler_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static void test_commit_inside_access(void **state)
{
    (void)state;
    start_directed(0xffff);
    int top = diff_new(REF_RAM, 0x3, -1, 0);
    int under = diff_new(REF_RAM, 0x3, -1, 0);
    toggled_node = top;
    memset(&toggler, 0, sizeof(toggler));
    memory_region_init_io(&toggler, NULL, &toggler_ops, NULL, "toggler", 4);
    memory_region_add_subregion(&mrs[pend.root], 0, &toggler);
    add(pend.root, 0x4, under, -1);
    add(pend.root, 0x4, top, 0);

    uint8_t before_under[4], buf[8] = {1, 2, 3, 4, 0xa1, 0xa2, 0xa3, 0xa4};
    memcpy(before_under, block_ptr(under), 4);
    assert_int_equal(
        address_space_write(&diff_as, 0, MEMTXATTRS_UNSPECIFIED, buf, 8),
        MEMTX_OK);
    /* The second chunk went through the view the access started with. */
    assert_memory_equal(block_ptr(top), buf + 4, 4);
    assert_memory_equal(block_ptr(under), before_under, 4);
    /* The next access sees the new view: "top" is disabled. */
    uint8_t got[4];
    assert_int_equal(
        address_space_read(&diff_as, 0x4, MEMTXATTRS_UNSPECIFIED, got, 4),
        MEMTX_OK);
    assert_memory_equal(got, before_under, 4);
    rcu_quiescent_state();
    ref_set_enabled(&pend, top, false);
    vis = pend;
    for (int i = 0; i < 4; i++) { /* back to the pattern checks expect */
        block_ptr(top)[i] = ram_pattern(top, i);
    }
    assert_true(diff_listener_check());
    for (uint64_t a = 4; a < 8; a++) {
        assert_true(check_addr(a, true));
    }
    destroy_as();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docs_example),
        cmocka_unit_test(test_top_of_space),
        cmocka_unit_test(test_rom_device),
        cmocka_unit_test(test_iotlb_last_page),
        cmocka_unit_test(test_commit_inside_access),
        cmocka_unit_test(test_random_small),
        cmocka_unit_test(test_random_big),
        cmocka_unit_test(test_random_transactions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
