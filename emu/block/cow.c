/*
 * The copy-on-write overlay. One arena, given by the host, holds every
 * overlay's clusters: a slot table (owner, cluster number, which of its 8
 * sectors are written), an open-addressing hash from (owner, cluster) to
 * the slot, and the cluster data. A cluster is taken on the first write to
 * any of its sectors, and only the written sectors are marked: the rest
 * still read from the image, so a partial write needs no read of the
 * image first (on semihosting a read is slow). The arena is fixed and a
 * full one fails writes (docs/deviations.md D33).
 */
#include "block-internal.h"

typedef struct CowSlot {
    uint64_t cluster;
    uint32_t next_free; /* free list, slot index + 1 (0: end) */
    uint8_t owner;      /* backend index + 1 (0: free) */
    uint8_t valid;      /* bit i: sector i of the cluster is in the slot */
} CowSlot;

static struct {
    CowSlot *slots;
    uint32_t *hash; /* slot index + 1, 0: empty */
    uint8_t *data;
    size_t nslots;
    size_t hash_mask;
    size_t used;
    uint32_t free_head;
    size_t next_fresh;
} cow;

size_t blk_cow_arena_bytes(size_t clusters)
{
    size_t h = 1;
    while (h < 2 * clusters) {
        h <<= 1;
    }
    return clusters * (sizeof(CowSlot) + BLK_COW_CLUSTER_SIZE) +
           h * sizeof(uint32_t) + BLK_COW_CLUSTER_SIZE;
}

bool blk_cow_arena_init(void *base, size_t size)
{
    size_t n;

    if (cow.used) {
        return false;
    }
    memset(&cow, 0, sizeof(cow));
    if (!base || size < blk_cow_arena_bytes(1)) {
        return true; /* no overlay: snapshot writes fail with -ENOSPC */
    }
    /* The largest n whose layout fits. */
    n = size / (sizeof(CowSlot) + BLK_COW_CLUSTER_SIZE + 2 * sizeof(uint32_t));
    while (n && blk_cow_arena_bytes(n) > size) {
        n--;
    }
    if (!n) {
        return true;
    }
    uintptr_t p = (uintptr_t)base;
    /* Data first, cluster aligned, so sectors never straddle odd
     * addresses; then the slots and the hash. */
    p = (p + BLK_COW_CLUSTER_SIZE - 1) & ~(uintptr_t)(BLK_COW_CLUSTER_SIZE - 1);
    cow.data = (uint8_t *)p;
    p += n * BLK_COW_CLUSTER_SIZE;
    cow.slots = (CowSlot *)p;
    p += n * sizeof(CowSlot);
    size_t h = 1;
    while (h < 2 * n) {
        h <<= 1;
    }
    cow.hash = (uint32_t *)p;
    memset(cow.hash, 0, h * sizeof(uint32_t));
    memset(cow.slots, 0, n * sizeof(CowSlot));
    cow.hash_mask = h - 1;
    cow.nslots = n;
    return true;
}

size_t blk_cow_clusters_total(void)
{
    return cow.nslots;
}

size_t blk_cow_clusters_used(void)
{
    return cow.used;
}

static size_t cow_hash_of(uint8_t owner, uint64_t cluster)
{
    uint64_t k = cluster * 0x9e3779b97f4a7c15ull ^ ((uint64_t)owner << 56);
    return (size_t)(k ^ (k >> 29)) & cow.hash_mask;
}

/* The hash position holding (owner, cluster), or of the empty entry
 * where it would go. */
static size_t cow_probe(uint8_t owner, uint64_t cluster)
{
    size_t i = cow_hash_of(owner, cluster);
    for (;;) {
        uint32_t e = cow.hash[i];
        if (!e) {
            return i;
        }
        CowSlot *s = &cow.slots[e - 1];
        if (s->owner == owner && s->cluster == cluster) {
            return i;
        }
        i = (i + 1) & cow.hash_mask;
    }
}

static CowSlot *cow_lookup(uint8_t owner, uint64_t cluster)
{
    if (!cow.nslots) {
        return NULL;
    }
    uint32_t e = cow.hash[cow_probe(owner, cluster)];
    return e ? &cow.slots[e - 1] : NULL;
}

static uint8_t *cow_slot_data(const CowSlot *s)
{
    return cow.data + (size_t)(s - cow.slots) * BLK_COW_CLUSTER_SIZE;
}

static CowSlot *cow_alloc(uint8_t owner, uint64_t cluster)
{
    size_t idx;

    if (cow.free_head) {
        idx = cow.free_head - 1;
        cow.free_head = cow.slots[idx].next_free;
    } else {
        bmx_assert(cow.next_fresh < cow.nslots);
        idx = cow.next_fresh++;
    }
    CowSlot *s = &cow.slots[idx];
    s->owner = owner;
    s->cluster = cluster;
    s->valid = 0;
    s->next_free = 0;
    cow.hash[cow_probe(owner, cluster)] = (uint32_t)idx + 1;
    cow.used++;
    return s;
}

static uint8_t blk_owner(const BlockBackend *blk)
{
    return (uint8_t)(blk - blk_backends) + 1;
}

int cow_read(BlockBackend *blk, uint64_t sector, uint32_t n, uint8_t *buf)
{
    uint8_t owner = blk_owner(blk);
    uint64_t run_start = sector;
    uint32_t run_len = 0;
    uint8_t *run_buf = buf;

    for (uint32_t i = 0; i < n; i++) {
        uint64_t s = sector + i;
        CowSlot *slot = cow_lookup(owner, s / BLK_COW_CLUSTER_SECTORS);
        unsigned bit = (unsigned)(s % BLK_COW_CLUSTER_SECTORS);
        uint8_t *dst = buf + (size_t)i * BDRV_SECTOR_SIZE;

        if (slot && (slot->valid & (1u << bit))) {
            if (run_len) {
                int r = blk->drv->bdrv_pread(
                    blk, run_start << BDRV_SECTOR_BITS, run_buf,
                    (size_t)run_len << BDRV_SECTOR_BITS);
                if (r < 0) {
                    return r;
                }
                run_len = 0;
            }
            memcpy(dst, cow_slot_data(slot) + bit * BDRV_SECTOR_SIZE,
                   BDRV_SECTOR_SIZE);
            continue;
        }
        if (!run_len) {
            run_start = s;
            run_buf = dst;
        }
        run_len++;
    }
    if (run_len) {
        return blk->drv->bdrv_pread(blk, run_start << BDRV_SECTOR_BITS, run_buf,
                                    (size_t)run_len << BDRV_SECTOR_BITS);
    }
    return 0;
}

int cow_write(BlockBackend *blk, uint64_t sector, uint32_t n,
              const uint8_t *buf)
{
    uint8_t owner = blk_owner(blk);
    uint64_t first = sector / BLK_COW_CLUSTER_SECTORS;
    uint64_t last = (sector + n - 1) / BLK_COW_CLUSTER_SECTORS;
    size_t needed = 0;

    /* All or nothing: count the clusters this write would take first. */
    for (uint64_t c = first; c <= last; c++) {
        if (!cow_lookup(owner, c)) {
            needed++;
        }
    }
    if (needed > cow.nslots - cow.used) {
        return -ENOSPC;
    }
    for (uint32_t i = 0; i < n; i++) {
        uint64_t s = sector + i;
        uint64_t c = s / BLK_COW_CLUSTER_SECTORS;
        unsigned bit = (unsigned)(s % BLK_COW_CLUSTER_SECTORS);
        CowSlot *slot = cow_lookup(owner, c);
        if (!slot) {
            slot = cow_alloc(owner, c);
        }
        memcpy(cow_slot_data(slot) + bit * BDRV_SECTOR_SIZE,
               buf + (size_t)i * BDRV_SECTOR_SIZE, BDRV_SECTOR_SIZE);
        slot->valid |= (uint8_t)(1u << bit);
    }
    blk->cow_bytes += (uint64_t)n << BDRV_SECTOR_BITS;
    return 0;
}

void cow_drop(BlockBackend *blk)
{
    uint8_t owner = blk_owner(blk);
    bool any = false;

    for (size_t i = 0; i < cow.next_fresh; i++) {
        CowSlot *s = &cow.slots[i];
        if (s->owner == owner) {
            s->owner = 0;
            s->valid = 0;
            s->next_free = cow.free_head;
            cow.free_head = (uint32_t)i + 1;
            cow.used--;
            any = true;
        }
    }
    if (!any) {
        return;
    }
    /* Open addressing has no cheap delete: rebuild the hash. */
    memset(cow.hash, 0, (cow.hash_mask + 1) * sizeof(uint32_t));
    for (size_t i = 0; i < cow.next_fresh; i++) {
        CowSlot *s = &cow.slots[i];
        if (s->owner) {
            cow.hash[cow_probe(s->owner, s->cluster)] = (uint32_t)i + 1;
        }
    }
}

void cow_reset(void)
{
    memset(&cow, 0, sizeof(cow));
}
