/*
 * One address, two answers: what the reference says answers at an
 * address (vis) against what the model does, through every entry point
 * the contract describes (docs/memory-semantics.md statements 10, 18-22,
 * 24): address_space_translate, memory_region_find, address_space_rw
 * split into chunks, address_space_ld/st, address_space_write_rom and
 * attrs.memory. Expected chunks follow QEMU's flatview_read/write loops:
 * RAM is clipped to its section by translate and copied; MMIO, ROM
 * devices out of ROMD mode and holes go in chunks of at most 4 bytes
 * bounded by the offset's alignment; a ROM device in ROMD mode is read
 * straight from its block, clipped only by the block (translate does not
 * clip it: QEMU does the same).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <setjmp.h>
#include <stddef.h>
#include <cmocka.h>

#include "diff.h"

uint64_t stat_checked, stat_kind[REF_ROMD + 2];
static bool failed_once;

bool diff_report(uint64_t addr, const char *what, const char *fmt, ...)
{
    char msg[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    print_message("MISMATCH seed %llu addr 0x%016llx (%s): %s\n",
                  (unsigned long long)cur_seed, (unsigned long long)addr, what,
                  msg);
    if (!failed_once) {
        failed_once = true;
        print_message("re-run with BMX_DIFF_SEED=%llu; the model's trees:\n",
                      (unsigned long long)cur_seed);
        mtree_info(false, false, false, true);
        mtree_info(true, false, false, false);
    }
    return false;
}

static bool same_hit(RefHit a, RefHit b)
{
    return a.leaf == b.leaf && a.offset == b.offset && a.readonly == b.readonly;
}

static RefKind kind_of(RefHit h)
{
    return h.leaf < 0 ? REF_CONTAINER : vis.n[h.leaf].kind;
}

/* Bytes from pos on (at most max) that continue h's flat range. */
static uint64_t section_run(uint64_t pos, RefHit h, uint64_t max)
{
    uint64_t run = 1;
    while (run < max) {
        RefHit next = ref_resolve(&vis, pos + run);
        RefHit cont = h;
        cont.offset += run;
        if (!same_hit(next, cont)) {
            break;
        }
        run++;
    }
    return run;
}

typedef enum Path {
    PATH_HOLE,   /* unassigned: zeros, MEMTX_DECODE_ERROR */
    PATH_DIRECT, /* memcpy to/from the block */
    PATH_MMIO,   /* callbacks */
    PATH_DROP,   /* RAM not directly writable: unassigned ops, dropped */
} Path;

/* Statement 21 plus deviation D4: RAM under a read-only ancestor (or
 * itself read-only) is not written directly either. */
static Path path_of(RefHit h, bool is_write)
{
    if (h.leaf < 0) {
        return PATH_HOLE;
    }
    const RefNode *n = &vis.n[h.leaf];
    switch (n->kind) {
    case REF_RAM:
    case REF_ROM:
        if (!is_write) {
            return PATH_DIRECT;
        }
        return h.readonly ? PATH_DROP : PATH_DIRECT;
    case REF_ROMD:
        return !is_write && n->romd_mode ? PATH_DIRECT : PATH_MMIO;
    default:
        return PATH_MMIO;
    }
}

/* physmem's memory_access_size() for default-size ops (ours and
 * unassigned_mem_ops): at most 4, bounded by the offset's alignment,
 * rounded down to a power of two. */
static unsigned chunk_size(uint64_t rem, uint64_t offset)
{
    uint64_t max = 4, align = offset & -offset;
    if (align != 0 && align < max) {
        max = align;
    }
    uint64_t l = rem < max ? rem : max;
    return l >= 4 ? 4 : l >= 2 ? 2 : 1;
}

/* How many bytes one step of the rw loops covers at pos. */
static uint64_t step_len(uint64_t pos, RefHit h, Path path, uint64_t rem)
{
    RefKind k = kind_of(h);
    if (path == PATH_DIRECT) {
        if (k == REF_ROMD) {
            uint64_t room = block_len(h.leaf) - h.offset;
            return rem < room ? rem : room;
        }
        return section_run(pos, h, rem);
    }
    /* translate clips RAM to its section before the chunk is sized */
    uint64_t l = is_ram_kind(k) ? section_run(pos, h, rem) : rem;
    return chunk_size(l, path == PATH_HOLE ? pos : h.offset);
}

/* ---- Bytes written to blocks: expected results, then undone ---- */

typedef struct Touch {
    int leaf;
    uint64_t off;
    uint8_t old, val;
    bool keep; /* must stay as it was (unless written elsewhere too) */
} Touch;

static Touch touches[64];
static int ntouch;
static TbCall tb_want[32];
static int tb_nwant;

/* A direct write of [off, off+len) of leaf's block: statement 27. */
static void expect_invalidate(int leaf, uint64_t off, uint64_t len)
{
    if (code_clear[leaf] && tb_nwant < (int)ARRAY_SIZE(tb_want)) {
        ram_addr_t base = memory_region_get_ram_addr(&mrs[leaf]);
        tb_want[tb_nwant++] = (TbCall){base + off, base + off + len - 1};
    }
}

static void touch(int leaf, uint64_t off, uint8_t val, bool keep)
{
    if (ntouch < (int)ARRAY_SIZE(touches)) {
        touches[ntouch++] = (Touch){leaf, off, block_ptr(leaf)[off], val, keep};
    }
}

/* Every touched byte holds the last value written to it (a byte may be
 * reachable twice through aliases), or its old value; then undone. */
static bool touches_verify(char *why, size_t whylen)
{
    bool ok = tb_nlog == tb_nwant;
    for (int t = 0; ok && t < tb_nwant; t++) {
        ok = tb_log[t].start == tb_want[t].start &&
             tb_log[t].last == tb_want[t].last;
    }
    if (!ok) {
        snprintf(why, whylen,
                 "; %d code invalidations, want %d (first: 0x%llx..0x%llx, "
                 "want 0x%llx..0x%llx)",
                 tb_nlog, tb_nwant,
                 (unsigned long long)(tb_nlog ? tb_log[0].start : 0),
                 (unsigned long long)(tb_nlog ? tb_log[0].last : 0),
                 (unsigned long long)(tb_nwant ? tb_want[0].start : 0),
                 (unsigned long long)(tb_nwant ? tb_want[0].last : 0));
    }
    tb_nwant = 0;
    for (int t = 0; t < ntouch; t++) {
        uint8_t want = touches[t].old;
        for (int u = 0; u < ntouch; u++) {
            if (touches[u].leaf == touches[t].leaf &&
                touches[u].off == touches[t].off && !touches[u].keep) {
                want = touches[u].val;
            }
        }
        uint8_t got = block_ptr(touches[t].leaf)[touches[t].off];
        if (ok && got != want) {
            ok = false;
            snprintf(why, whylen, "; %s+0x%llx holds 0x%02x, want 0x%02x",
                     leaf_name(touches[t].leaf),
                     (unsigned long long)touches[t].off, got, want);
        }
        MemoryRegion *mr = &mrs[touches[t].leaf];
        if (ok && !touches[t].keep && vga_log[touches[t].leaf] &&
            !memory_region_get_dirty(mr, touches[t].off, 1, DIRTY_MEMORY_VGA)) {
            ok = false;
            snprintf(why, whylen, "; %s+0x%llx written but not VGA-dirty",
                     leaf_name(touches[t].leaf),
                     (unsigned long long)touches[t].off);
        }
    }
    for (int t = 0; t < ntouch; t++) {
        if (vga_log[touches[t].leaf]) {
            memory_region_reset_dirty(&mrs[touches[t].leaf], 0,
                                      block_len(touches[t].leaf),
                                      DIRTY_MEMORY_VGA);
        }
    }
    for (int t = ntouch - 1; t >= 0; t--) {
        block_ptr(touches[t].leaf)[touches[t].off] = touches[t].old;
    }
    ntouch = 0;
    tb_nwant = 0;
    return ok;
}

/* ---- Translate and find ---- */

static bool check_translate(uint64_t a, RefHit h)
{
    MemoryRegion *want = h.leaf < 0 ? &io_mem_unassigned : &mrs[h.leaf];
    uint64_t want_x = h.leaf < 0 ? a : h.offset;
    const hwaddr req = 16;
    hwaddr xlat = 0xdeadbeef, len = req;
    MemoryRegion *got = address_space_translate(&diff_as, a, &xlat, &len, false,
                                                MEMTXATTRS_UNSPECIFIED);
    if (got != want || xlat != want_x) {
        return diff_report(a, "translate", "want %s+0x%llx, got %s+0x%llx",
                           leaf_name(h.leaf), (unsigned long long)want_x,
                           got ? memory_region_name(got) : "NULL",
                           (unsigned long long)xlat);
    }
    /* Statement 18: clipped to the (merged) section for RAM only. */
    uint64_t want_len = req;
    if (is_ram_kind(kind_of(h))) {
        uint64_t max = a + req - 1 < a ? 0 - a : req; /* stop at 2^64 */
        want_len = section_run(a, h, max);
    }
    if (len != want_len) {
        return diff_report(a, "translate len", "%s: len %llu, want %llu",
                           leaf_name(h.leaf), (unsigned long long)len,
                           (unsigned long long)want_len);
    }
    return true;
}

/* A region mapped (through its ancestors) under the root, whose start is
 * at or below a: memory_region_find takes addresses relative to any region
 * of the address space. It climbs the live containers (pend, inside a
 * transaction) but answers from the current view (vis). */
static int pick_mapped_below(uint64_t a, uint64_t *base)
{
    int i = 1 + (int)rnd(pend.count - 1);
    uint64_t b = 0;
    int n = i;
    while (n != pend.root) {
        if (pend.n[n].parent < 0) {
            return pend.root; /* not in the tree: use the root */
        }
        b += pend.n[n].addr;
        n = pend.n[n].parent;
    }
    if (b > a) {
        return pend.root;
    }
    *base = b;
    return i;
}

static bool check_find(uint64_t a, RefHit h)
{
    uint64_t base = 0;
    int from = chance(30) ? pick_mapped_below(a, &base) : vis.root;
    MemoryRegionSection s = memory_region_find(&mrs[from], a - base, 1);
    if (h.leaf < 0) {
        if (s.mr != NULL) {
            return diff_report(a, "memory_region_find",
                               "from %s: hole, got %s+0x%llx", leaf_name(from),
                               memory_region_name(s.mr),
                               (unsigned long long)s.offset_within_region);
        }
        return true;
    }
    if (s.mr != &mrs[h.leaf] || s.offset_within_region != h.offset ||
        s.offset_within_address_space != a || s.readonly != h.readonly ||
        !int128_eq(s.size, int128_one())) {
        return diff_report(
            a, "memory_region_find",
            "from %s: want %s+0x%llx ro=%d, got %s+0x%llx at 0x%llx ro=%d",
            leaf_name(from), leaf_name(h.leaf), (unsigned long long)h.offset,
            h.readonly, s.mr ? memory_region_name(s.mr) : "NULL",
            (unsigned long long)s.offset_within_region,
            (unsigned long long)s.offset_within_address_space, s.readonly);
    }
    return true;
}

/* The second address space: the same leaves as the reference rooted at
 * as2_root (a view shared with diff_as, or one of its own). */
static bool check_as2(uint64_t a)
{
    RefHit h = ref_resolve_root(&vis, as2_root, a);
    MemoryRegion *want = h.leaf < 0 ? &io_mem_unassigned : &mrs[h.leaf];
    uint64_t want_x = h.leaf < 0 ? a : h.offset;
    hwaddr xlat = 0xdeadbeef, len = 4;
    MemoryRegion *got = address_space_translate(&diff_as2, a, &xlat, &len,
                                                false, MEMTXATTRS_UNSPECIFIED);
    if (got != want || xlat != want_x) {
        return diff_report(
            a, "translate (2nd address space)",
            "root %s: want %s+0x%llx, got %s+0x%llx", leaf_name(as2_root),
            leaf_name(h.leaf), (unsigned long long)want_x,
            got ? memory_region_name(got) : "NULL", (unsigned long long)xlat);
    }
    return true;
}

/* Statement 10 with a range: the lowest-addressed piece intersecting
 * [a, a+len), clipped to it. */
static bool check_find_range(uint64_t a, unsigned len)
{
    uint64_t p = a;
    RefHit h = ref_resolve(&vis, p);
    while (h.leaf < 0 && p - a + 1 < len) {
        h = ref_resolve(&vis, ++p);
    }
    MemoryRegionSection s = memory_region_find(&mrs[vis.root], a, len);
    if (h.leaf < 0) {
        if (s.mr != NULL) {
            return diff_report(a, "memory_region_find range",
                               "len %u: only holes, got %s", len,
                               memory_region_name(s.mr));
        }
        return true;
    }
    uint64_t run = section_run(p, h, len - (p - a));
    if (s.mr != &mrs[h.leaf] || s.offset_within_region != h.offset ||
        s.offset_within_address_space != p ||
        !int128_eq(s.size, int128_make64(run))) {
        return diff_report(a, "memory_region_find range",
                           "len %u: want %s+0x%llx at 0x%llx size %llu, got "
                           "%s+0x%llx at 0x%llx size %llu",
                           len, leaf_name(h.leaf), (unsigned long long)h.offset,
                           (unsigned long long)p, (unsigned long long)run,
                           s.mr ? memory_region_name(s.mr) : "NULL",
                           (unsigned long long)s.offset_within_region,
                           (unsigned long long)s.offset_within_address_space,
                           (unsigned long long)int128_getlo(s.size));
    }
    return true;
}

/* ---- address_space_rw ---- */

static bool check_calls(const IoCall *want, int n, char *why, size_t whylen)
{
    if (io_nlog != n) {
        snprintf(why, whylen, "; %d callbacks, want %d", io_nlog, n);
        return false;
    }
    for (int c = 0; c < n; c++) {
        const IoCall *g = &io_log[c];
        if (g->is_write != want[c].is_write || g->leaf != want[c].leaf ||
            g->addr != want[c].addr || g->size != want[c].size ||
            (g->is_write && g->data != want[c].data)) {
            snprintf(why, whylen,
                     "; callback %d: %s %s+0x%llx/%u=0x%llx, want "
                     "%s+0x%llx/%u=0x%llx",
                     c, g->is_write ? "write" : "read", leaf_name(g->leaf),
                     (unsigned long long)g->addr, g->size,
                     (unsigned long long)g->data, leaf_name(want[c].leaf),
                     (unsigned long long)want[c].addr, want[c].size,
                     (unsigned long long)want[c].data);
            return false;
        }
    }
    return true;
}

/* One address_space_rw of len bytes at a: every byte, every callback and
 * the OR-ed result against QEMU's loop (statement 19). */
static bool check_rw(uint64_t a, unsigned len, bool is_write)
{
    uint8_t buf[32], want[32], got[32];
    IoCall calls[32];
    int ncalls = 0;
    MemTxResult want_r = MEMTX_OK;
    uint64_t pos = a, rem = len;

    for (unsigned i = 0; i < len; i++) {
        buf[i] = (uint8_t)(0xc3 ^ (i * 29) ^ (a * 7));
        want[i] = 0;
    }
    ntouch = 0;
    tb_nwant = 0;
    while (rem) {
        RefHit h = ref_resolve(&vis, pos);
        Path path = path_of(h, is_write);
        uint64_t l = step_len(pos, h, path, rem);
        unsigned idx = (unsigned)(pos - a);
        if (path == PATH_DIRECT) {
            if (is_write) {
                expect_invalidate(h.leaf, h.offset, l);
            }
            for (unsigned i = 0; i < l; i++) {
                if (is_write) {
                    touch(h.leaf, h.offset + i, buf[idx + i], false);
                } else {
                    want[idx + i] = ram_pattern(h.leaf, h.offset + i);
                }
            }
        } else if (path == PATH_MMIO) {
            uint64_t data = 0;
            for (unsigned i = 0; i < l; i++) {
                data |= (uint64_t)buf[idx + i] << (8 * i);
                want[idx + i] =
                    (uint8_t)(io_value(h.leaf, h.offset) >> (8 * i));
            }
            calls[ncalls++] = (IoCall){is_write, h.leaf, h.offset,
                                       is_write ? data : 0, (unsigned)l};
        } else {
            want_r |= MEMTX_DECODE_ERROR;
            for (unsigned i = 0; path == PATH_DROP && i < l; i++) {
                touch(h.leaf, h.offset + i, 0, true);
            }
        }
        pos += l;
        rem -= l;
    }

    /* A zero-length access does nothing and is OK. */
    io_nlog = 0;
    memcpy(got, buf, len);
    MemTxResult r =
        address_space_rw(&diff_as, a, MEMTXATTRS_UNSPECIFIED, got, 0, is_write);
    if (r != MEMTX_OK || io_nlog != 0 || memcmp(got, buf, len) != 0) {
        ntouch = 0;
        tb_nwant = 0;
        return diff_report(a, "rw len 0", "result %u, %d callbacks",
                           (unsigned)r, io_nlog);
    }
    tb_nlog = 0;
    r = address_space_rw(&diff_as, a, MEMTXATTRS_UNSPECIFIED, got, len,
                         is_write);
    char why[160] = "";
    bool ok = check_calls(calls, ncalls, why, sizeof(why));
    for (unsigned i = 0; ok && !is_write && i < len; i++) {
        if (got[i] != want[i]) {
            ok = false;
            snprintf(why, sizeof(why),
                     "; byte %u (0x%llx, %s) is 0x%02x, want 0x%02x", i,
                     (unsigned long long)(a + i),
                     leaf_name(ref_resolve(&vis, a + i).leaf), got[i], want[i]);
        }
    }
    ok = touches_verify(why + strlen(why), sizeof(why) - strlen(why)) && ok;
    if (!ok || r != want_r) {
        return diff_report(a, is_write ? "rw write" : "rw read",
                           "len %u: result %u want %u%s", len, (unsigned)r,
                           (unsigned)want_r, why);
    }
    return true;
}

/* Statement 22: RAM, ROM and ROM devices in ROMD mode are written through
 * the host pointer, everything else is skipped; always MEMTX_OK. */
static bool check_write_rom(uint64_t a, unsigned len)
{
    uint8_t buf[32];
    uint64_t pos = a, rem = len;
    for (unsigned i = 0; i < len; i++) {
        buf[i] = (uint8_t)(0x3c ^ (i * 53) ^ (a * 11));
    }
    ntouch = 0;
    tb_nwant = 0;
    while (rem) {
        RefHit h = ref_resolve(&vis, pos);
        RefKind k = kind_of(h);
        bool direct =
            is_ram_kind(k) || (k == REF_ROMD && vis.n[h.leaf].romd_mode);
        /* as a read: sections for RAM, the block for a ROM device */
        uint64_t l = step_len(pos, h, direct ? PATH_DIRECT : PATH_MMIO, rem);
        if (h.leaf < 0) {
            l = chunk_size(rem, pos);
        }
        if (direct) {
            expect_invalidate(h.leaf, h.offset, l);
        }
        for (unsigned i = 0; direct && i < l; i++) {
            touch(h.leaf, h.offset + i, buf[pos - a + i], false);
        }
        pos += l;
        rem -= l;
    }
    io_nlog = 0;
    tb_nlog = 0;
    MemTxResult r =
        address_space_write_rom(&diff_as, a, MEMTXATTRS_UNSPECIFIED, buf, len);
    char why[160] = "";
    bool ok = touches_verify(why, sizeof(why));
    if (!ok || r != MEMTX_OK || io_nlog != 0) {
        return diff_report(a, "write_rom", "len %u: result %u, %d callbacks%s",
                           len, (unsigned)r, io_nlog, why);
    }
    return true;
}

/* Statement 19: attrs.memory and a target that is not RAM. */
static bool check_attrs_memory(uint64_t a, RefHit h)
{
    MemTxAttrs attrs = MEMTXATTRS_UNSPECIFIED;
    attrs.memory = 1;
    uint8_t b = 0xa5;
    io_nlog = 0;
    MemTxResult r = address_space_rw(&diff_as, a, attrs, &b, 1, false);
    bool ram = is_ram_kind(kind_of(h));
    MemTxResult want = ram ? MEMTX_OK : MEMTX_ACCESS_ERROR;
    if (r != want || io_nlog != 0 ||
        (ram && b != ram_pattern(h.leaf, h.offset))) {
        return diff_report(
            a, "attrs.memory", "%s: result %u want %u, %d callbacks",
            leaf_name(h.leaf), (unsigned)r, (unsigned)want, io_nlog);
    }
    return true;
}

/* ---- address_space_ld/st (statement 24) ---- */

static uint64_t ld(uint64_t a, unsigned size, MemTxResult *r)
{
    MemTxAttrs at = MEMTXATTRS_UNSPECIFIED;
    switch (size) {
    case 1:
        return address_space_ldub(&diff_as, a, at, r);
    case 2:
        return address_space_lduw(&diff_as, a, at, r);
    case 4:
        return address_space_ldl(&diff_as, a, at, r);
    default:
        return address_space_ldq(&diff_as, a, at, r);
    }
}

static void st(uint64_t a, unsigned size, uint64_t v, MemTxResult *r)
{
    MemTxAttrs at = MEMTXATTRS_UNSPECIFIED;
    switch (size) {
    case 1:
        address_space_stb(&diff_as, a, v, at, r);
        break;
    case 2:
        address_space_stw(&diff_as, a, v, at, r);
        break;
    case 4:
        address_space_stl(&diff_as, a, v, at, r);
        break;
    default:
        address_space_stq(&diff_as, a, v, at, r);
        break;
    }
}

/* Direct when the whole access is in the section (RAM) or the block (ROM
 * device); otherwise one dispatch of the full size to the region at a. */
static bool check_ldst(uint64_t a, unsigned size, bool is_write)
{
    if (a > UINT64_MAX - (size - 1)) {
        return true;
    }
    RefHit h = ref_resolve(&vis, a);
    RefKind k = kind_of(h);
    Path path = path_of(h, is_write);
    uint64_t mask = size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
    uint64_t v = (0x0123456789abcdefull ^ (a * 0x9e3779b97f4a7c15ull)) & mask;
    uint64_t want = 0;
    MemTxResult want_r = MEMTX_OK;
    IoCall calls[2];
    int ncalls = 0;
    bool direct = false;

    ntouch = 0;
    tb_nwant = 0;
    if (path == PATH_DIRECT) {
        direct = k == REF_ROMD ? h.offset + size <= block_len(h.leaf)
                               : section_run(a, h, size) == size;
    }
    if (direct) {
        if (is_write) {
            expect_invalidate(h.leaf, h.offset, size);
        }
        for (unsigned i = 0; i < size; i++) {
            if (is_write) {
                touch(h.leaf, h.offset + i, (uint8_t)(v >> (8 * i)), false);
            } else {
                want |= (uint64_t)ram_pattern(h.leaf, h.offset + i) << (8 * i);
            }
        }
    } else if (path == PATH_HOLE || is_ram_kind(k)) {
        want_r = MEMTX_DECODE_ERROR; /* unassigned_mem_ops refuse */
        for (unsigned i = 0; h.leaf >= 0 && i < size; i++) {
            if (h.offset + i < block_len(h.leaf)) {
                touch(h.leaf, h.offset + i, 0, true);
            }
        }
    } else if (h.offset % size != 0) {
        want_r = MEMTX_DECODE_ERROR; /* our ops: aligned only */
    } else {
        /* impl.max 4: an 8-byte access is two little-endian halves */
        unsigned part = size < 4 ? size : 4;
        uint64_t pmask = (1ull << (8 * part)) - 1;
        for (unsigned i = 0; i < size; i += part) {
            uint64_t off = h.offset + i;
            if (!is_write) {
                want |= (io_value(h.leaf, off) & pmask) << (8 * i);
            }
            calls[ncalls++] =
                (IoCall){is_write, h.leaf, off,
                         is_write ? (v >> (8 * i)) & pmask : 0, part};
        }
    }

    MemTxResult r = 0xdead;
    uint64_t got = 0;
    io_nlog = 0;
    tb_nlog = 0;
    if (is_write) {
        st(a, size, v, &r);
    } else {
        got = ld(a, size, &r);
    }
    char why[160] = "";
    bool ok = check_calls(calls, ncalls, why, sizeof(why));
    ok = touches_verify(why + strlen(why), sizeof(why) - strlen(why)) && ok;
    if (!ok || r != want_r || got != want) {
        return diff_report(a, is_write ? "st" : "ld",
                           "%u bytes at %s+0x%llx: value 0x%llx want 0x%llx, "
                           "result %u want %u%s",
                           size, leaf_name(h.leaf),
                           (unsigned long long)h.offset,
                           (unsigned long long)got, (unsigned long long)want,
                           (unsigned)r, (unsigned)want_r, why);
    }
    return true;
}

/* ---- TLB fills (statement 30) ---- */

/* A page covered by one flat range gives that section; a page shared by
 * several (or by a range and a hole) gives the address space's subpage
 * region, which must answer like the address space itself. */
bool check_iotlb(uint64_t a)
{
    uint64_t page = a & TARGET_PAGE_MASK;
    RefHit h0 = ref_resolve(&vis, page);
    RefHit h = ref_resolve(&vis, a);
    bool whole = section_run(page, h0, TARGET_PAGE_SIZE) == TARGET_PAGE_SIZE;
    AddressSpace *cas = cpu_get_address_space(diff_cpu, 0);
    MemoryRegion *want = !whole       ? &cas->subpage
                         : h.leaf < 0 ? &io_mem_unassigned
                                      : &mrs[h.leaf];
    uint64_t want_x = !whole || h.leaf < 0 ? a : h.offset;
    hwaddr xlat = 0xdeadbeef, plen = TARGET_PAGE_SIZE;
    int prot = 7;
    MemoryRegionSection *s = address_space_translate_for_iotlb(
        diff_cpu, 0, a, &xlat, &plen, MEMTXATTRS_UNSPECIFIED, &prot);
    if (s->mr != want || xlat != want_x) {
        return diff_report(
            a, "translate_for_iotlb",
            "page 0x%llx %s: want %s+0x%llx, got %s+0x%llx",
            (unsigned long long)page, whole ? "is one section" : "is shared",
            want == &cas->subpage ? "subpage" : memory_region_name(want),
            (unsigned long long)want_x, memory_region_name(s->mr),
            (unsigned long long)xlat);
    }
    if (whole) {
        return true;
    }
    /* The subpage dispatches through the view. */
    uint8_t b = 0;
    uint64_t v = 0x1234;
    MemTxResult r1 =
        address_space_rw(&diff_as, a, MEMTXATTRS_UNSPECIFIED, &b, 1, false);
    io_nlog = 0;
    MemTxResult r2 = memory_region_dispatch_read(s->mr, xlat, &v, MO_8,
                                                 MEMTXATTRS_UNSPECIFIED);
    bool mmio = path_of(h, false) == PATH_MMIO;
    if (v != b || r1 != r2 || io_nlog != (mmio ? 1 : 0) ||
        (mmio && (io_log[0].leaf != h.leaf || io_log[0].addr != h.offset))) {
        return diff_report(a, "subpage read",
                           "0x%llx result %u, the address space gives 0x%x "
                           "result %u; %d callbacks",
                           (unsigned long long)v, (unsigned)r2, b, (unsigned)r1,
                           io_nlog);
    }
    return true;
}

/* ---- Putting it together ---- */

bool check_addr(uint64_t a, bool data)
{
    RefHit h = ref_resolve(&vis, a);
    stat_checked++;
    stat_kind[h.leaf < 0 ? STAT_HOLES : vis.n[h.leaf].kind]++;
    unsigned flen = 2 + (unsigned)rnd(47);
    if (!check_translate(a, h) || !check_find(a, h) ||
        (as2_root >= 0 && !check_as2(a)) ||
        (a <= UINT64_MAX - flen + 1 && chance(25) &&
         !check_find_range(a, flen))) {
        return false;
    }
    if (!data) {
        return true;
    }
    unsigned len = 2 + (unsigned)rnd(19);
    bool fits = a <= UINT64_MAX - len + 1;
    static const unsigned sizes[] = {1, 2, 4, 8};
    unsigned size = sizes[rnd(4)];
    return check_rw(a, 1, false) && check_rw(a, 1, true) &&
           check_attrs_memory(a, h) && check_ldst(a, size, false) &&
           (!chance(50) || check_ldst(a, size, true)) &&
           (!fits || !chance(50) ||
            (check_rw(a, len, false) && check_rw(a, len, true))) &&
           (!fits || !chance(25) || check_write_rom(a, len));
}

/* A ROMD-mode or read-only change is pending: QEMU reads mr->romd_mode
 * and mr->readonly of the leaf live, so accesses that reach such a leaf
 * (possibly as a later chunk) answer neither to the old nor to the new
 * view alone. */
bool mode_pending(void)
{
    for (int i = 0; i < vis.count; i++) {
        if (vis.n[i].romd_mode != pend.n[i].romd_mode ||
            vis.n[i].readonly != pend.n[i].readonly) {
            return true;
        }
    }
    return false;
}

/* Catches writes that landed where no check looked: every block byte
 * must still hold its pattern (the checks undo their own writes). */
bool ram_intact(void)
{
    for (int i = 1; i < vis.count; i++) {
        if (!has_block(vis.n[i].kind)) {
            continue;
        }
        uint8_t *p = block_ptr(i);
        uint64_t len = block_len(i);
        for (uint64_t o = 0; o < len; o++) {
            if (p[o] != ram_pattern(i, o)) {
                return diff_report(
                    o, "block contents",
                    "%s+0x%llx holds 0x%02x, want 0x%02x: a stray "
                    "write by an earlier access",
                    leaf_name(i), (unsigned long long)o, p[o],
                    ram_pattern(i, o));
            }
        }
    }
    return true;
}

int sample_points(uint64_t *out, int max, int nrandom)
{
    int n = ref_boundaries(&vis, out, max / 2);
    n += ref_boundaries(&pend, out + n, max / 2 - n);
    uint64_t top = vis.n[vis.root].size_m1;
    for (int i = 0; i < nrandom && n < max; i++) {
        switch (rnd(3)) {
        case 0:
            out[n++] = top == UINT64_MAX ? rnd64() : rnd(top + 1);
            break;
        case 1:
            out[n++] = top - rnd(0x1000);
            break;
        default:
            out[n++] = rnd(0x10000);
            break;
        }
    }
    return n;
}

bool check_view(bool data)
{
    static uint64_t points[1024];
    uint64_t top = vis.n[vis.root].size_m1;
    if (!diff_listener_check()) {
        return false;
    }
    if (top <= SMALL_MAX_ROOT) {
        for (uint64_t a = 0; a <= top + 2; a++) {
            if (!check_addr(a, data)) {
                return false;
            }
        }
        return check_iotlb(rnd(top + 1)) && check_iotlb(top + 1) &&
               ram_intact();
    }
    int n = sample_points(points, (int)ARRAY_SIZE(points), 64);
    for (int i = 0; i < n; i++) {
        if (!check_addr(points[i], data)) {
            return false;
        }
    }
    /* The last and first pages and another (4096 resolutions each). */
    return check_iotlb(UINT64_MAX) && check_iotlb(0) &&
           check_iotlb(points[rnd(n)]) && ram_intact();
}

/* Changes inside (nested) transactions: spot checks against the old view
 * after every change, the whole new view after the outermost commit. */
bool diff_run_transactions(int rounds)
{
    static uint64_t points[512];
    for (int round = 0; round < rounds; round++) {
        int depth = 1;
        memory_region_transaction_begin();
        int nops = 1 + (int)rnd(6);
        for (int op = 0; op < nops; op++) {
            if (depth < 3 && chance(20)) {
                memory_region_transaction_begin();
                depth++;
            }
            random_change();
            if (depth > 1 && chance(30)) {
                memory_region_transaction_commit(); /* not the outermost */
                depth--;
            }
            int n = sample_points(points, (int)ARRAY_SIZE(points), 4);
            for (int k = 0; k < 6; k++) {
                uint64_t a = points[rnd(n)];
                bool data = chance(50) && !mode_pending();
                if (!check_addr(a, data)) {
                    print_message("(inside a transaction, round %d)\n", round);
                    return false;
                }
            }
        }
        while (depth-- > 0) {
            memory_region_transaction_commit();
        }
        vis = pend;
        if (!check_view(chance(50))) {
            print_message("(after the commit of round %d)\n", round);
            return false;
        }
    }
    return true;
}
