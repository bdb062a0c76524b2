/*
 * emu/block: a small block layer with QEMU's names. A BlockBackend is what
 * a device (IDE) sees: byte-addressed reads and writes of whole 512-byte
 * sectors (blk_pread/blk_pwrite), blk_flush and the length. Under it sits
 * one BlockDriver:
 *
 *  - "file":  an image in a host file; the host (the kernel, through the
 *             board: pread/pwrite when hosted, semihosting on the QEMU
 *             boards) does the I/O through BlockHostOps, on demand -- an
 *             image of any size needs no pool;
 *  - "memory": an image already in the address space (linked into the
 *             firmware, in flash, or staged in RAM), read in place;
 *
 * and, unless the drive writes through to its file (snapshot=off), a
 * copy-on-write overlay: written sectors go to clusters taken from one
 * static arena that every overlay shares (a sector bitmap per cluster, a
 * hash from (drive, cluster) to its slot). When the arena is full a write
 * fails with -ENOSPC and a message names the drive: the device turns it
 * into an I/O error for the guest, nothing is lost silently.
 *
 * Freestanding: no malloc; the arena's memory comes from the host
 * (blk_cow_arena_init), backends from a static table.
 */
#ifndef BMX_BLOCK_BLOCK_H
#define BMX_BLOCK_BLOCK_H

#include "util/util.h"

#define BDRV_SECTOR_BITS 9
#define BDRV_SECTOR_SIZE (1u << BDRV_SECTOR_BITS)
/* Drives at once (four IDE positions plus room for tests). */
#define BLK_MAX_BACKENDS 8
/* The overlay's unit: 8 sectors, one bitmap byte. */
#define BLK_COW_CLUSTER_SECTORS 8
#define BLK_COW_CLUSTER_SIZE    (BLK_COW_CLUSTER_SECTORS * BDRV_SECTOR_SIZE)

#ifndef EIO
#define EIO 5
#endif
#ifndef EROFS
#define EROFS 30
#endif
#ifndef ENOSPC
#define ENOSPC 28
#endif
#ifndef EINVAL
#define EINVAL 22
#endif

/* Host file I/O: each returns 0 on success, -1 on error (a short read is
 * an error; the kernel pads nothing). */
typedef struct BlockHostOps {
    int (*pread)(void *opaque, uint64_t offset, void *buf, size_t bytes);
    int (*pwrite)(void *opaque, uint64_t offset, const void *buf,
                  size_t bytes); /* NULL: read-only file */
    int (*flush)(void *opaque);  /* NULL: nothing to flush */
} BlockHostOps;

typedef struct BlockBackend BlockBackend;

/* What a format driver does (QEMU's BlockDriver, cut to the bone). */
typedef struct BlockDriver {
    const char *format_name;
    int (*bdrv_pread)(BlockBackend *blk, uint64_t offset, void *buf,
                      size_t bytes);
    int (*bdrv_pwrite)(BlockBackend *blk, uint64_t offset, const void *buf,
                       size_t bytes); /* NULL: read-only */
    int (*bdrv_flush)(BlockBackend *blk);
} BlockDriver;

struct BlockBackend {
    bool in_use;
    char name[16]; /* "ide0-hd0", for messages */
    const BlockDriver *drv;
    uint64_t length; /* bytes, what the guest sees */
    bool read_only;  /* the guest may not write at all (CD-ROM) */
    bool snapshot;   /* writes go to the overlay, never to the image */
    /* driver state */
    const BlockHostOps *host_ops;
    void *host_opaque;
    const uint8_t *mem; /* "memory" driver */
    /* statistics */
    uint64_t rd_bytes, wr_bytes, cow_bytes;
    unsigned flushes;
    bool warned_full; /* the "overlay full" message was printed */
};

/* ---- creating backends ---- */

/* A host file of length bytes. snapshot: writes stay in the overlay
 * (ops->pwrite is never called); else they go to the file (ops->pwrite
 * required). read_only: the guest gets -EROFS on writes. NULL when the
 * table is full. The name is copied (truncated to 15 characters). */
BlockBackend *blk_new_file(const char *name, const BlockHostOps *ops,
                           void *opaque, uint64_t length, bool snapshot,
                           bool read_only);
/* An image in memory, read in place; writes go to the overlay unless
 * read_only. */
BlockBackend *blk_new_memory(const char *name, const uint8_t *data,
                             uint64_t length, bool read_only);
/* Flushes and forgets a backend (its overlay clusters are freed). */
void blk_unref(BlockBackend *blk);
/* Forgets every backend and empties the arena (tests). */
void blk_reset_all(void);

/* ---- I/O: offsets and sizes are multiples of BDRV_SECTOR_SIZE ----
 * 0 on success, or a negative errno: -EINVAL (misaligned, past the end),
 * -EROFS, -EIO (the host failed), -ENOSPC (the overlay's arena is full). */
int blk_pread(BlockBackend *blk, uint64_t offset, void *buf, size_t bytes);
int blk_pwrite(BlockBackend *blk, uint64_t offset, const void *buf,
               size_t bytes);
int blk_flush(BlockBackend *blk);
/* Flushes every backend (on exit). */
void blk_flush_all(void);

static inline uint64_t blk_getlength(const BlockBackend *blk)
{
    return blk->length;
}
static inline uint64_t blk_nb_sectors(const BlockBackend *blk)
{
    return blk->length >> BDRV_SECTOR_BITS;
}
static inline bool blk_is_read_only(const BlockBackend *blk)
{
    return blk->read_only;
}
const char *blk_name(const BlockBackend *blk);

/* ---- the copy-on-write arena ---- */

/* Gives the overlays their memory (once, before the first write; a second
 * call with clusters in use is refused with false). size 0: no overlay --
 * every snapshot write then fails with -ENOSPC. */
bool blk_cow_arena_init(void *base, size_t size);
/* Clusters the arena holds and how many are in use. */
size_t blk_cow_clusters_total(void);
size_t blk_cow_clusters_used(void);
/* Bytes of arena a given number of clusters takes (data + bookkeeping). */
size_t blk_cow_arena_bytes(size_t clusters);

#endif /* BMX_BLOCK_BLOCK_H */
