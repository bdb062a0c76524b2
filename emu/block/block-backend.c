/*
 * BlockBackends and their two drivers ("file" through the host's
 * BlockHostOps, "memory" read in place). blk_pread/blk_pwrite check the
 * request, then go through the overlay (snapshot) or straight to the
 * driver (snapshot=off).
 */
#include "block-internal.h"

BlockBackend blk_backends[BLK_MAX_BACKENDS];

/* ---- "file": the host does the I/O ---- */

static int file_pread(BlockBackend *blk, uint64_t offset, void *buf,
                      size_t bytes)
{
    return blk->host_ops->pread(blk->host_opaque, offset, buf, bytes) < 0 ? -EIO
                                                                          : 0;
}

static int file_pwrite(BlockBackend *blk, uint64_t offset, const void *buf,
                       size_t bytes)
{
    if (!blk->host_ops->pwrite) {
        return -EROFS;
    }
    return blk->host_ops->pwrite(blk->host_opaque, offset, buf, bytes) < 0
               ? -EIO
               : 0;
}

static int file_flush(BlockBackend *blk)
{
    if (!blk->host_ops->flush) {
        return 0;
    }
    return blk->host_ops->flush(blk->host_opaque) < 0 ? -EIO : 0;
}

static const BlockDriver bdrv_file = {
    .format_name = "file",
    .bdrv_pread = file_pread,
    .bdrv_pwrite = file_pwrite,
    .bdrv_flush = file_flush,
};

/* ---- "memory": an image in the address space, never written ---- */

static int memory_pread(BlockBackend *blk, uint64_t offset, void *buf,
                        size_t bytes)
{
    memcpy(buf, blk->mem + offset, bytes);
    return 0;
}

static const BlockDriver bdrv_memory = {
    .format_name = "memory",
    .bdrv_pread = memory_pread,
};

/* ---- backends ---- */

static BlockBackend *blk_new(const char *name, const BlockDriver *drv,
                             uint64_t length)
{
    for (int i = 0; i < BLK_MAX_BACKENDS; i++) {
        BlockBackend *blk = &blk_backends[i];
        if (!blk->in_use) {
            memset(blk, 0, sizeof(*blk));
            blk->in_use = true;
            blk->drv = drv;
            /* The guest sees whole sectors; a ragged tail is cut off, as
             * QEMU's IDE reports only whole sectors. */
            blk->length = length & ~(uint64_t)(BDRV_SECTOR_SIZE - 1);
            size_t n = 0;
            while (name && name[n] && n < sizeof(blk->name) - 1) {
                blk->name[n] = name[n];
                n++;
            }
            blk->name[n] = 0;
            return blk;
        }
    }
    return NULL;
}

BlockBackend *blk_new_file(const char *name, const BlockHostOps *ops,
                           void *opaque, uint64_t length, bool snapshot,
                           bool read_only)
{
    if (!ops || !ops->pread || (!snapshot && !read_only && !ops->pwrite)) {
        return NULL;
    }
    BlockBackend *blk = blk_new(name, &bdrv_file, length);
    if (blk) {
        blk->host_ops = ops;
        blk->host_opaque = opaque;
        blk->snapshot = snapshot;
        blk->read_only = read_only;
    }
    return blk;
}

BlockBackend *blk_new_memory(const char *name, const uint8_t *data,
                             uint64_t length, bool read_only)
{
    BlockBackend *blk = blk_new(name, &bdrv_memory, length);
    if (blk) {
        blk->mem = data;
        blk->snapshot = true; /* the image itself is never written */
        blk->read_only = read_only;
    }
    return blk;
}

void blk_unref(BlockBackend *blk)
{
    if (!blk || !blk->in_use) {
        return;
    }
    blk_flush(blk);
    cow_drop(blk);
    blk->in_use = false;
}

void blk_reset_all(void)
{
    memset(blk_backends, 0, sizeof(blk_backends));
    cow_reset();
}

const char *blk_name(const BlockBackend *blk)
{
    return blk->name[0] ? blk->name : "drive";
}

static bool blk_check_request(const BlockBackend *blk, uint64_t offset,
                              size_t bytes)
{
    return blk && blk->in_use && !((offset | bytes) & (BDRV_SECTOR_SIZE - 1)) &&
           offset <= blk->length && bytes <= blk->length - offset;
}

int blk_pread(BlockBackend *blk, uint64_t offset, void *buf, size_t bytes)
{
    int r;

    if (!blk_check_request(blk, offset, bytes)) {
        return -EINVAL;
    }
    if (!bytes) {
        return 0;
    }
    if (blk->snapshot) {
        r = cow_read(blk, offset >> BDRV_SECTOR_BITS,
                     (uint32_t)(bytes >> BDRV_SECTOR_BITS), buf);
    } else {
        r = blk->drv->bdrv_pread(blk, offset, buf, bytes);
    }
    if (!r) {
        blk->rd_bytes += bytes;
    }
    return r;
}

int blk_pwrite(BlockBackend *blk, uint64_t offset, const void *buf,
               size_t bytes)
{
    int r;

    if (!blk_check_request(blk, offset, bytes)) {
        return -EINVAL;
    }
    if (blk->read_only) {
        return -EROFS;
    }
    if (!bytes) {
        return 0;
    }
    if (blk->snapshot) {
        r = cow_write(blk, offset >> BDRV_SECTOR_BITS,
                      (uint32_t)(bytes >> BDRV_SECTOR_BITS), buf);
        if (r == -ENOSPC && !blk->warned_full) {
            /* Once per drive: the guest sees I/O errors from now on. */
            blk->warned_full = true;
            qemu_printf("bmx86: %s: the copy-on-write overlay is full (%lu "
                        "clusters of %u bytes): the guest gets write errors "
                        "from now on\n",
                        blk_name(blk), (unsigned long)blk_cow_clusters_total(),
                        BLK_COW_CLUSTER_SIZE);
        }
    } else if (!blk->drv->bdrv_pwrite) {
        r = -EROFS;
    } else {
        r = blk->drv->bdrv_pwrite(blk, offset, buf, bytes);
    }
    if (!r) {
        blk->wr_bytes += bytes;
    }
    return r;
}

int blk_flush(BlockBackend *blk)
{
    if (!blk || !blk->in_use) {
        return -EINVAL;
    }
    blk->flushes++;
    /* The overlay lives in RAM: there is nothing under it to flush. */
    if (blk->snapshot || blk->read_only || !blk->drv->bdrv_flush) {
        return 0;
    }
    return blk->drv->bdrv_flush(blk);
}

void blk_flush_all(void)
{
    for (int i = 0; i < BLK_MAX_BACKENDS; i++) {
        if (blk_backends[i].in_use) {
            blk_flush(&blk_backends[i]);
        }
    }
}
