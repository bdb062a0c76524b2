/*
 * Random region trees for the differential test, built twice: in the
 * model (mrs[]) and in the reference (pend). Node i of the reference is
 * mrs[i]; every topology call is mirrored.
 */
#include <string.h>

#include "diff.h"

MemoryRegion mrs[REF_MAX_NODES];
AddressSpace diff_as, diff_as2;
int as2_root = -1;
static char cpu_standin; /* the model never looks inside a CPUState */
CPUState *const diff_cpu = (CPUState *)&cpu_standin;
RefTree vis, pend;
uint64_t cur_seed;
IoCall io_log[64];
int io_nlog;
TbCall tb_log[64];
int tb_nlog;
bool code_clear[REF_MAX_NODES], vga_log[REF_MAX_NODES];

static int node_ids[REF_MAX_NODES]; /* MMIO opaques */
static char names[REF_MAX_NODES][8];
static bool as_live;
static uint8_t ram_pool[MAX_BLOCK_LEAVES * BLOCK_LEAF_MAX + 64 * 1024]
    __attribute__((aligned(4096)));

/* ---- Random numbers (xorshift64*) ---- */

static uint64_t rng_state;
static const uint8_t *feed;
static size_t feed_len;

void rng_feed(const uint8_t *data, size_t len)
{
    feed = data;
    feed_len = len;
}

uint64_t rnd64(void)
{
    if (feed_len) {
        /* the fuzzer's bytes, 8 per number: its mutations steer the
         * choices one by one */
        uint64_t v = 0;
        size_t n = feed_len < 8 ? feed_len : 8;
        for (size_t i = 0; i < n; i++) {
            v |= (uint64_t)feed[i] << (8 * i);
        }
        feed += n;
        feed_len -= n;
        return v;
    }
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

uint64_t rnd(uint64_t n)
{
    return rnd64() % n;
}

bool chance(unsigned percent)
{
    return rnd(100) < percent;
}

void rng_seed(uint64_t seed)
{
    rng_state = seed * 0x9e3779b97f4a7c15ull + 0x1234567;
    for (int i = 0; i < 4; i++) {
        rnd64();
    }
}

/* ---- What leaves contain ---- */

uint8_t ram_pattern(int leaf, uint64_t off)
{
    return (uint8_t)(leaf * 0x9d + off * 0x3b + (off >> 8) * 0x11 + 1);
}

uint64_t io_value(int leaf, uint64_t off)
{
    return ((uint64_t)(leaf + 1) << 56) ^ (off * 0x9e3779b1ull) ^
           0x5a5a5a5a5a5a5a5aull;
}

static void io_record(IoCall c)
{
    if (io_nlog < (int)ARRAY_SIZE(io_log)) {
        io_log[io_nlog] = c;
    }
    io_nlog++;
}

static uint64_t diff_io_read(void *opaque, hwaddr addr, unsigned size)
{
    int leaf = *(int *)opaque;
    io_record((IoCall){false, leaf, addr, 0, size});
    return size >= 8 ? io_value(leaf, addr)
                     : io_value(leaf, addr) & ((1ull << (8 * size)) - 1);
}

static void diff_io_write(void *opaque, hwaddr addr, uint64_t data,
                          unsigned size)
{
    io_record((IoCall){true, *(int *)opaque, addr, data, size});
}

/* Default access sizes: valid 1..any, aligned only; impl 1..4. */
static const MemoryRegionOps diff_io_ops = {
    .read = diff_io_read,
    .write = diff_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static void diff_tb_invalidate(ram_addr_t start, ram_addr_t last)
{
    if (tb_nlog < (int)ARRAY_SIZE(tb_log)) {
        tb_log[tb_nlog] = (TbCall){start, last};
    }
    tb_nlog++;
}

static const MemoryCPUHooks diff_hooks = {
    .tb_invalidate_phys_range = diff_tb_invalidate,
};

/* Some blocks "hold code" (CODE bits clear), some RAM logs VGA. */
static void dirty_setup(void)
{
    for (int i = 1; i < pend.count; i++) {
        if (!has_block(pend.n[i].kind)) {
            continue;
        }
        if (chance(60)) {
            cpu_physical_memory_test_and_clear_dirty(
                memory_region_get_ram_addr(&mrs[i]), block_len(i),
                DIRTY_MEMORY_CODE);
            code_clear[i] = true;
        }
        if (pend.n[i].kind == REF_RAM && chance(30)) {
            memory_region_set_log(&mrs[i], true, DIRTY_MEMORY_VGA);
            memory_region_reset_dirty(&mrs[i], 0, block_len(i),
                                      DIRTY_MEMORY_VGA);
            vga_log[i] = true;
        }
    }
}

bool has_block(RefKind k)
{
    return k == REF_RAM || k == REF_ROM || k == REF_ROMD;
}

bool is_ram_kind(RefKind k)
{
    return k == REF_RAM || k == REF_ROM;
}

uint64_t block_len(int leaf)
{
    return qemu_ram_get_used_length(mrs[leaf].ram_block);
}

uint8_t *block_ptr(int leaf)
{
    return memory_region_get_ram_ptr(&mrs[leaf]);
}

const char *leaf_name(int leaf)
{
    return leaf < 0 ? "(unassigned)" : names[leaf];
}

/* ---- Building ---- */

static uint64_t api_size(uint64_t size_m1)
{
    return size_m1 == UINT64_MAX ? UINT64_MAX : size_m1 + 1;
}

int diff_new(RefKind kind, uint64_t size_m1, int alias_target,
             uint64_t alias_offset)
{
    bmx_assert(size_m1 != UINT64_MAX - 1); /* 2^64 - 1: not expressible */
    int i = kind == REF_ALIAS
                ? ref_new_alias(&pend, alias_target, alias_offset, size_m1)
                : ref_new(&pend, kind, size_m1);
    bmx_assert(i >= 0);
    MemoryRegion *mr = &mrs[i];
    uint64_t size = api_size(size_m1);
    memset(mr, 0, sizeof(*mr));
    node_ids[i] = i;
    names[i][0] = "CMRIAD"[kind];
    names[i][1] = '0' + i / 10;
    names[i][2] = '0' + i % 10;
    names[i][3] = 0;
    switch (kind) {
    case REF_CONTAINER:
        memory_region_init(mr, NULL, names[i], size);
        break;
    case REF_RAM:
        memory_region_init_ram(mr, NULL, names[i], size, NULL);
        break;
    case REF_ROM:
        memory_region_init_rom(mr, NULL, names[i], size, NULL);
        break;
    case REF_IO:
        memory_region_init_io(mr, NULL, &diff_io_ops, &node_ids[i], names[i],
                              size);
        break;
    case REF_ALIAS:
        memory_region_init_alias(mr, NULL, names[i], &mrs[alias_target],
                                 alias_offset, size);
        break;
    case REF_ROMD:
        memory_region_init_rom_device(mr, NULL, &diff_io_ops, &node_ids[i],
                                      names[i], size, NULL);
        break;
    }
    if (has_block(kind)) {
        /* The whole block: ROM devices are read past their section. */
        uint8_t *p = block_ptr(i);
        uint64_t len = block_len(i);
        for (uint64_t o = 0; o < len; o++) {
            p[o] = ram_pattern(i, o);
        }
    }
    return i;
}

/* Whether `to` is reachable from `from` over child and alias edges:
 * putting `from` under `to` would then make a cycle. */
static bool reaches(const RefTree *t, int from, int to, int depth)
{
    if (from == to || depth > REF_MAX_NODES) {
        return true;
    }
    const RefNode *n = &t->n[from];
    if (n->kind == REF_ALIAS) {
        return reaches(t, n->alias_target, to, depth + 1);
    }
    for (int k = 0; k < t->count; k++) {
        if (t->n[k].parent == from && reaches(t, k, to, depth + 1)) {
            return true;
        }
    }
    return false;
}

static uint64_t pick_addr(uint64_t parent_m1, uint64_t child_m1)
{
    uint64_t room = parent_m1 >= child_m1 ? parent_m1 - child_m1 : 0;
    switch (rnd(8)) {
    case 0:
        return 0;
    case 1: /* flush with the parent's end: the top of 2^64 for the root */
        return room;
    case 2: /* sticking out of the parent (clipped) */
        return parent_m1 - rnd(child_m1 < 16 ? child_m1 + 1 : 16);
    case 3: /* aligned to the child's size */
        if (child_m1 < parent_m1 && child_m1 < (1ull << 62)) {
            uint64_t a = child_m1 + 1;
            uint64_t slots = parent_m1 / a;
            return rnd(slots == UINT64_MAX ? slots : slots + 1) * a;
        }
        return 0;
    case 4: /* near the top of the space */
        return room - rnd(room < 0x100 ? room + 1 : 0x100);
    default:
        return room == UINT64_MAX ? rnd64() : rnd(room + 1);
    }
}

void diff_add(int parent, uint64_t addr, int child, int prio)
{
    memory_region_add_subregion_overlap(&mrs[parent], addr, &mrs[child], prio);
    ref_add(&pend, parent, addr, child, prio);
}

static void place(int child, int parent)
{
    uint64_t addr = pick_addr(pend.n[parent].size_m1, pend.n[child].size_m1);
    if (chance(40)) {
        memory_region_add_subregion(&mrs[parent], addr, &mrs[child]);
        ref_add(&pend, parent, addr, child, 0);
    } else {
        static const int extreme[] = {INT32_MIN, INT32_MIN + 1, INT32_MAX};
        int prio = chance(5) ? extreme[rnd(3)] : (int)rnd(5) - 2;
        diff_add(parent, addr, child, prio);
    }
}

static int pick_parent(int child)
{
    for (int tries = 0; tries < 8; tries++) {
        int p = chance(45) ? pend.root : (int)rnd(pend.count);
        if (p != child && pend.n[p].kind != REF_ALIAS &&
            !reaches(&pend, child, p, 0)) {
            return p;
        }
    }
    return -1;
}

static uint64_t pick_size_m1(bool big, uint64_t root_m1, RefKind kind)
{
    if (has_block(kind)) {
        uint64_t max = big ? BLOCK_LEAF_MAX : (root_m1 + 1) / 2;
        return chance(30) ? (1ull << rnd(8)) - 1 : rnd(max);
    }
    if (!big) {
        switch (rnd(4)) {
        case 0:
            return (1ull << rnd(10)) - 1; /* 1 .. 512 */
        case 1:
            return rnd(root_m1 + 1) + root_m1 / 2; /* bigger than half */
        default:
            return rnd((root_m1 + 1) / 2);
        }
    }
    switch (rnd(8)) {
    case 0:
        return UINT64_MAX; /* 2^64 */
    case 1:
        return (1ull << (32 + rnd(31))) - 1;
    case 2: {
        unsigned shift = rnd(64); /* sequenced: seeds must reproduce */
        uint64_t m1 = rnd64() >> shift;
        return m1 == UINT64_MAX - 1 ? m1 - 1 : m1;
    }
    case 3:
        return (1ull << 32) - 1;
    default:
        return rnd(0x10000);
    }
}

static RefKind pick_kind(int blocks)
{
    unsigned r = rnd(100);
    RefKind kind = r < 22   ? REF_CONTAINER
                   : r < 38 ? REF_RAM
                   : r < 45 ? REF_ROM
                   : r < 52 ? REF_ROMD
                   : r < 72 ? REF_IO
                            : REF_ALIAS;
    if (kind == REF_ALIAS && pend.count < 2) {
        kind = REF_IO; /* nothing to alias yet */
    }
    if (has_block(kind) && blocks >= MAX_BLOCK_LEAVES) {
        kind = REF_IO;
    }
    return kind;
}

void destroy_as(void)
{
    if (as2_root >= 0) {
        address_space_destroy(&diff_as2);
        as2_root = -1;
    }
    if (as_live) {
        cpu_address_space_destroy(diff_cpu, 0);
        address_space_destroy(&diff_as);
        as_live = false;
    }
}

static void reset_model(void)
{
    destroy_as();
    memory_reset_for_tests();
    qemu_ram_pool_init(ram_pool, sizeof(ram_pool), "diff-pool");
    memory_set_cpu_hooks(&diff_hooks);
    memset(code_clear, 0, sizeof(code_clear));
    memset(vga_log, 0, sizeof(vga_log));
    ref_init(&pend);
}

/* A random tree for the current seed, in the model and in pend; vis
 * becomes pend once the model has rendered it. */
static void init_as(void)
{
    address_space_init(&diff_as, &mrs[pend.root], "diff");
    as_live = true;
    diff_listener_attach();
    cpu_address_space_init(diff_cpu, 0, "diff-cpu", &mrs[pend.root]);
}

static void init_as2(bool other_root)
{
    int root = pend.root;
    for (int tries = 0; other_root && tries < 8; tries++) {
        int i = 1 + (int)rnd(pend.count - 1);
        if (pend.n[i].kind != REF_ALIAS && pend.n[i].parent < 0 &&
            pend.n[i].addr == 0) {
            root = i;
            break;
        }
    }
    address_space_init(&diff_as2, &mrs[root], "diff2");
    as2_root = root;
}

void build_tree(bool big, bool with_as2)
{
    reset_model();
    uint64_t root_m1 = big ? UINT64_MAX : (0x100ull << rnd(3)) - 1;
    pend.root = diff_new(REF_CONTAINER, root_m1, -1, 0);
    bool as_first = chance(50);
    if (as_first) {
        init_as();
    }
    memory_region_transaction_begin();

    int n = 4 + (int)rnd(big ? 28 : 22);
    int blocks = 0;
    for (int k = 0; k < n; k++) {
        RefKind kind = pick_kind(blocks);
        blocks += has_block(kind);
        uint64_t size_m1 = pick_size_m1(big, root_m1, kind);
        if (kind != REF_ALIAS) {
            diff_new(kind, size_m1, -1, 0);
            continue;
        }
        int target = 1 + (int)rnd(pend.count - 1);
        uint64_t tm1 = pend.n[target].size_m1;
        uint64_t off;
        switch (rnd(4)) {
        case 0:
            off = 0;
            break;
        case 1: /* partly or wholly beyond the target: holes */
            off = tm1 - rnd(tm1 < 32 ? tm1 + 1 : 32);
            break;
        default:
            off = tm1 == UINT64_MAX ? rnd64() : rnd(tm1 + 1);
            break;
        }
        diff_new(REF_ALIAS, size_m1, target, off);
    }
    /* Map most nodes; unmapped ones may still be seen through aliases. */
    for (int k = 1; k < pend.count; k++) {
        int child = (k * 7 + (int)cur_seed) % (pend.count - 1) + 1;
        if (pend.n[child].parent >= 0 || !chance(90)) {
            continue;
        }
        int p = pick_parent(child);
        if (p >= 0) {
            place(child, p);
        }
    }
    for (int k = 1; k < pend.count; k++) {
        if (chance(10)) {
            memory_region_set_enabled(&mrs[k], false);
            ref_set_enabled(&pend, k, false);
        }
        if (chance(6)) {
            memory_region_set_readonly(&mrs[k], true);
            ref_set_readonly(&pend, k, true);
        }
        if (pend.n[k].kind == REF_ROMD && chance(30)) {
            memory_region_rom_device_set_romd(&mrs[k], false);
            ref_set_romd(&pend, k, false);
        }
    }
    if (!as_first) {
        init_as();
    }
    if (chance(40)) {
        init_as2(with_as2 && chance(60));
    }
    memory_region_transaction_commit();
    dirty_setup();
    vis = pend;
}

void start_directed(uint64_t root_m1)
{
    reset_model();
    cur_seed = 0;
    pend.root = diff_new(REF_CONTAINER, root_m1, -1, 0);
    init_as();
}

/* ---- Topology changes ---- */

static int pick_node(bool mapped)
{
    for (int tries = 0; tries < 16; tries++) {
        int i = 1 + (int)rnd(pend.count - 1);
        if ((pend.n[i].parent >= 0) == mapped) {
            return i;
        }
    }
    return -1;
}

static int pick_kind_node(RefKind kind)
{
    for (int tries = 0; tries < 8; tries++) {
        int i = 1 + (int)rnd(pend.count - 1);
        if (pend.n[i].kind == kind) {
            return i;
        }
    }
    return -1;
}

void random_change(void)
{
    int i;
    switch (rnd(9)) {
    case 8: /* resize something without a block */
        i = 1 + (int)rnd(pend.count - 1);
        if (!has_block(pend.n[i].kind)) {
            uint64_t root_m1 = pend.n[pend.root].size_m1;
            uint64_t m1 =
                pick_size_m1(root_m1 == UINT64_MAX, root_m1, pend.n[i].kind);
            memory_region_set_size(&mrs[i], api_size(m1));
            ref_set_size(&pend, i, m1);
        }
        break;
    case 0: /* move (a re-add: the newest among equal priorities) */
        if ((i = pick_node(true)) > 0) {
            uint64_t addr =
                pick_addr(pend.n[pend.n[i].parent].size_m1, pend.n[i].size_m1);
            memory_region_set_address(&mrs[i], addr);
            ref_set_address(&pend, i, addr);
        }
        break;
    case 1:
        i = 1 + (int)rnd(pend.count - 1);
        memory_region_set_enabled(&mrs[i], !pend.n[i].enabled);
        ref_set_enabled(&pend, i, !pend.n[i].enabled);
        break;
    case 2:
        if ((i = pick_kind_node(REF_ALIAS)) > 0) {
            uint64_t tm1 = pend.n[pend.n[i].alias_target].size_m1;
            uint64_t off = tm1 == UINT64_MAX ? rnd64() : rnd(tm1 + 2);
            memory_region_set_alias_offset(&mrs[i], off);
            ref_set_alias_offset(&pend, i, off);
        }
        break;
    case 3:
        if ((i = pick_node(true)) > 0) {
            memory_region_del_subregion(&mrs[pend.n[i].parent], &mrs[i]);
            ref_del(&pend, pend.n[i].parent, i);
        }
        break;
    case 4:
        i = 1 + (int)rnd(pend.count - 1);
        memory_region_set_readonly(&mrs[i], !pend.n[i].readonly);
        ref_set_readonly(&pend, i, !pend.n[i].readonly);
        break;
    case 5:
        if ((i = pick_kind_node(REF_ROMD)) > 0) {
            memory_region_rom_device_set_romd(&mrs[i], !pend.n[i].romd_mode);
            ref_set_romd(&pend, i, !pend.n[i].romd_mode);
        }
        break;
    default: /* (re-)add, maybe elsewhere and at another priority */
        if ((i = pick_node(false)) > 0) {
            int p = pick_parent(i);
            if (p >= 0) {
                place(i, p);
            }
        }
        break;
    }
}
