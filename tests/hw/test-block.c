/* emu/block: BlockBackend checks, the "memory" and "file" drivers, and
 * the copy-on-write overlay (reads through, partial clusters, full arena,
 * flush, snapshot on and off). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "block/block.h"
#include "test-host.h"

#define IMG_SECTORS 256
static uint8_t image[IMG_SECTORS * 512];
static uint8_t arena[64 * 1024] __attribute__((aligned(4096)));

/* A host "file" in memory that counts what the block layer asks. */
typedef struct FakeFile {
    uint8_t data[IMG_SECTORS * 512];
    int reads, writes, flushes;
    bool fail_reads;
} FakeFile;
static FakeFile file;

static int fake_pread(void *opaque, uint64_t off, void *buf, size_t n)
{
    FakeFile *f = opaque;
    f->reads++;
    if (f->fail_reads || off + n > sizeof(f->data)) {
        return -1;
    }
    memcpy(buf, f->data + off, n);
    return 0;
}

static int fake_pwrite(void *opaque, uint64_t off, const void *buf, size_t n)
{
    FakeFile *f = opaque;
    f->writes++;
    memcpy(f->data + off, buf, n);
    return 0;
}

static int fake_flush(void *opaque)
{
    ((FakeFile *)opaque)->flushes++;
    return 0;
}

static const BlockHostOps fake_ops = {fake_pread, fake_pwrite, fake_flush};

static void fill_sector(uint8_t *p, uint8_t v)
{
    memset(p, v, 512);
}

static int setup(void **state)
{
    (void)state;
    blk_reset_all();
    for (unsigned i = 0; i < IMG_SECTORS; i++) {
        fill_sector(image + i * 512, (uint8_t)i);
        fill_sector(file.data + i * 512, (uint8_t)(i ^ 0x5a));
    }
    file.reads = file.writes = file.flushes = 0;
    file.fail_reads = false;
    assert_true(blk_cow_arena_init(arena, sizeof(arena)));
    return 0;
}

static void test_requests_checked(void **state)
{
    uint8_t buf[1024];
    (void)state;
    BlockBackend *blk = blk_new_memory("m", image, sizeof(image), false);
    assert_non_null(blk);
    assert_int_equal(blk_nb_sectors(blk), IMG_SECTORS);
    assert_int_equal(blk_pread(blk, 1, buf, 512), -EINVAL); /* misaligned */
    assert_int_equal(blk_pread(blk, 0, buf, 100), -EINVAL); /* partial */
    assert_int_equal(blk_pread(blk, (IMG_SECTORS - 1) * 512, buf, 1024),
                     -EINVAL); /* past end */
    assert_int_equal(blk_pread(blk, UINT64_MAX & ~511ull, buf, 512), -EINVAL);
    assert_int_equal(blk_pread(blk, (IMG_SECTORS - 1) * 512, buf, 512), 0);
    assert_int_equal(buf[0], IMG_SECTORS - 1);
    /* a ragged tail is not a sector */
    BlockBackend *r = blk_new_memory("r", image, 1000, true);
    assert_int_equal(blk_getlength(r), 512);
    assert_int_equal(blk_pwrite(r, 0, buf, 512), -EROFS);
}

static void test_memory_overlay(void **state)
{
    uint8_t buf[8 * 512], w[512];
    (void)state;
    BlockBackend *blk = blk_new_memory("m", image, sizeof(image), false);

    /* A write to sector 9 (cluster 1, sector 1): one cluster taken, only
     * that sector marked; its neighbours still read from the image. */
    fill_sector(w, 0xee);
    assert_int_equal(blk_pwrite(blk, 9 * 512, w, 512), 0);
    assert_int_equal(blk_cow_clusters_used(), 1);
    assert_int_equal(image[9 * 512], 9); /* the image is never written */
    assert_int_equal(blk_pread(blk, 8 * 512, buf, 3 * 512), 0);
    assert_int_equal(buf[0], 8);
    assert_int_equal(buf[512], 0xee);
    assert_int_equal(buf[1023], 0xee);
    assert_int_equal(buf[1024], 10);
    /* Rewriting the same sector takes no new cluster. */
    fill_sector(w, 0xdd);
    assert_int_equal(blk_pwrite(blk, 9 * 512, w, 512), 0);
    assert_int_equal(blk_cow_clusters_used(), 1);
    assert_int_equal(blk_pread(blk, 9 * 512, buf, 512), 0);
    assert_int_equal(buf[0], 0xdd);
    /* A write across a cluster boundary takes two. */
    uint8_t two[2 * 512];
    memset(two, 0x11, sizeof(two));
    assert_int_equal(blk_pwrite(blk, 23 * 512, two, sizeof(two)), 0);
    assert_int_equal(blk_cow_clusters_used(), 3);
    assert_int_equal(blk_pread(blk, 22 * 512, buf, 4 * 512), 0);
    assert_int_equal(buf[0], 22);
    assert_int_equal(buf[512], 0x11);
    assert_int_equal(buf[1024], 0x11);
    assert_int_equal(buf[1536], 25);
    /* Forgetting the backend gives its clusters back. */
    blk_unref(blk);
    assert_int_equal(blk_cow_clusters_used(), 0);
}

static void test_overlay_full(void **state)
{
    uint8_t big[4096];
    (void)state;
    size_t total = blk_cow_clusters_total();
    BlockBackend *a = blk_new_memory("a", image, sizeof(image), false);
    BlockBackend *b = blk_new_memory("b", image, sizeof(image), false);

    assert_true(total > 2 && total < IMG_SECTORS / 8);
    memset(big, 0x77, sizeof(big));
    /* Fill all but one cluster through a, one per write. */
    for (size_t c = 0; c + 1 < total; c++) {
        assert_int_equal(blk_pwrite(a, c * 4096, big, 4096), 0);
    }
    assert_int_equal(blk_cow_clusters_used(), total - 1);
    /* A write that needs two clusters fails whole: nothing changes. */
    assert_int_equal(blk_pwrite(b, 0 * 4096 + 3584, big, 1024), -ENOSPC);
    assert_int_equal(blk_cow_clusters_used(), total - 1);
    assert_true(b->warned_full);
    uint8_t rd[1024];
    assert_int_equal(blk_pread(b, 3584, rd, 1024), 0);
    assert_int_equal(rd[0], 7); /* image data, not 0x77 */
    assert_int_equal(rd[512], 8);
    /* One more cluster still fits; then every new cluster fails. */
    assert_int_equal(blk_pwrite(b, 0, big, 512), 0);
    assert_int_equal(blk_pwrite(b, 4096, big, 512), -ENOSPC);
    /* ...but sectors of clusters already held are still writable. */
    assert_int_equal(blk_pwrite(b, 512, big, 512), 0);
    assert_int_equal(blk_pwrite(a, 512, big, 512), 0);
    /* Dropping a frees its clusters for b. */
    blk_unref(a);
    assert_int_equal(blk_cow_clusters_used(), 1);
    assert_int_equal(blk_pwrite(b, 4096, big, 512), 0);
    assert_int_equal(blk_pread(b, 0, rd, 512), 0);
    assert_int_equal(rd[0], 0x77);
}

static void test_no_arena(void **state)
{
    uint8_t w[512] = {1};
    (void)state;
    blk_reset_all();
    assert_true(blk_cow_arena_init(NULL, 0));
    BlockBackend *blk = blk_new_memory("m", image, sizeof(image), false);
    assert_int_equal(blk_pwrite(blk, 0, w, 512), -ENOSPC);
    /* the arena cannot be swapped while clusters are in use */
    assert_true(blk_cow_arena_init(arena, sizeof(arena)));
    assert_int_equal(blk_pwrite(blk, 0, w, 512), 0);
    assert_false(blk_cow_arena_init(arena, sizeof(arena)));
}

static void test_file_snapshot_on(void **state)
{
    uint8_t buf[4 * 512], w[512];
    (void)state;
    BlockBackend *blk =
        blk_new_file("f", &fake_ops, &file, sizeof(file.data), true, false);
    assert_non_null(blk);
    fill_sector(w, 0xab);
    assert_int_equal(blk_pwrite(blk, 2 * 512, w, 512), 0);
    assert_int_equal(file.writes, 0); /* never reaches the file */
    assert_int_equal(file.data[2 * 512], 2 ^ 0x5a);
    /* Reading 4 sectors around it: two runs from the file, one from RAM. */
    file.reads = 0;
    assert_int_equal(blk_pread(blk, 0, buf, sizeof(buf)), 0);
    assert_int_equal(file.reads, 2);
    assert_int_equal(buf[0], 0 ^ 0x5a);
    assert_int_equal(buf[2 * 512], 0xab);
    assert_int_equal(buf[3 * 512], 3 ^ 0x5a);
    /* flush: nothing under the overlay to flush */
    assert_int_equal(blk_flush(blk), 0);
    assert_int_equal(file.flushes, 0);
    /* a host read failure is EIO */
    file.fail_reads = true;
    assert_int_equal(blk_pread(blk, 0, buf, 512), -EIO);
    /* ... but overlay sectors still read */
    assert_int_equal(blk_pread(blk, 2 * 512, buf, 512), 0);
}

static void test_file_snapshot_off(void **state)
{
    uint8_t buf[512], w[512];
    (void)state;
    BlockBackend *blk =
        blk_new_file("f", &fake_ops, &file, sizeof(file.data), false, false);
    fill_sector(w, 0xcd);
    assert_int_equal(blk_pwrite(blk, 5 * 512, w, 512), 0);
    assert_int_equal(file.writes, 1);
    assert_int_equal(file.data[5 * 512], 0xcd);
    assert_int_equal(blk_cow_clusters_used(), 0);
    assert_int_equal(blk_pread(blk, 5 * 512, buf, 512), 0);
    assert_int_equal(buf[0], 0xcd);
    assert_int_equal(blk_flush(blk), 0);
    assert_int_equal(file.flushes, 1);
    blk_flush_all();
    assert_int_equal(file.flushes, 2);
    /* write-through needs a pwrite */
    static const BlockHostOps ro_ops = {fake_pread, NULL, NULL};
    assert_null(blk_new_file("x", &ro_ops, &file, 512, false, false));
    BlockBackend *ro = blk_new_file("x", &ro_ops, &file, 512, false, true);
    assert_non_null(ro);
    assert_int_equal(blk_pwrite(ro, 0, w, 512), -EROFS);
}

static void test_backend_table(void **state)
{
    (void)state;
    BlockBackend *b[BLK_MAX_BACKENDS];
    for (int i = 0; i < BLK_MAX_BACKENDS; i++) {
        b[i] = blk_new_memory("some-very-long-drive-name", image, 512, true);
        assert_non_null(b[i]);
    }
    assert_string_equal(blk_name(b[0]), "some-very-long-");
    assert_null(blk_new_memory("one-too-many", image, 512, true));
    blk_unref(b[3]);
    assert_non_null(blk_new_memory("again", image, 512, true));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_requests_checked, setup),
        cmocka_unit_test_setup(test_memory_overlay, setup),
        cmocka_unit_test_setup(test_overlay_full, setup),
        cmocka_unit_test_setup(test_no_arena, setup),
        cmocka_unit_test_setup(test_file_snapshot_on, setup),
        cmocka_unit_test_setup(test_file_snapshot_off, setup),
        cmocka_unit_test_setup(test_backend_table, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
