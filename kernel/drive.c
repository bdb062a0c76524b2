/*
 * Drives: QEMU's -drive/-hda/-cdrom/-boot options, and the images behind
 * them opened through the board's file API (hosted: POSIX files;
 * semihosting boards: the host's files, read on demand). Each becomes a
 * BlockBackend (emu/block); disks write to the copy-on-write overlay
 * unless snapshot=off (hosted only) sends writes to the file.
 */
#include <stdio.h>
#include <string.h>

#include "bmx-config.h"
#include "drivers.h"
#include "kernel.h"
#include "block/block.h"
#include "machine/machine.h"

#define MiB (1024u * 1024u)

/* Unescaped file names (QEMU doubles a comma inside a value: ",,"). */
static char drive_names[BMX_IDE_DRIVES][512];

static const char *const index_names[BMX_IDE_DRIVES] = {"ide0-0", "ide0-1",
                                                        "ide1-0", "ide1-1"};

/* Copies the value at *p up to an unescaped comma into out. */
static bool take_value(const char **p, char *out, size_t size)
{
    size_t n = 0;
    const char *s = *p;
    while (*s && !(*s == ',' && s[1] != ',')) {
        if (*s == ',') {
            s++; /* ",," is one comma */
        }
        if (n + 1 >= size) {
            return false;
        }
        out[n++] = *s++;
    }
    out[n] = 0;
    *p = *s ? s + 1 : s;
    return true;
}

static bool parse_on_off(const char *key, const char *v, bool *out)
{
    if (!strcmp(v, "on")) {
        *out = true;
    } else if (!strcmp(v, "off")) {
        *out = false;
    } else {
        printf("bmx86: --drive: %s is on or off, not '%s'\n", key, v);
        return false;
    }
    return true;
}

static int first_free(const KernelOptions *o)
{
    for (int i = 0; i < BMX_IDE_DRIVES; i++) {
        if (!o->drives[i].present) {
            return i;
        }
    }
    return -1;
}

static bool drive_place(KernelOptions *o, int index, const DriveSpec *d,
                        const char *file)
{
    if (index < 0) {
        printf("bmx86: --drive: all %d IDE positions are taken\n",
               BMX_IDE_DRIVES);
        return false;
    }
    if (o->drives[index].present) {
        printf("bmx86: --drive: IDE index %d (bus %d, unit %d) is given "
               "twice\n",
               index, index / 2, index % 2);
        return false;
    }
    o->drives[index] = *d;
    if (file) {
        snprintf(drive_names[index], sizeof(drive_names[index]), "%s", file);
        o->drives[index].file = drive_names[index];
    }
    return true;
}

static bool drive_parse(KernelOptions *o, const char *val)
{
    /* snapshot=on by default, unlike QEMU (docs/deviations.md D32) */
    DriveSpec d = {.present = true, .snapshot = true};
    char key[32], v[512], file[512] = "";
    bool have_file = false;
    int index = -1;
    const char *p = val;

    while (*p) {
        const char *eq = strchr(p, '=');
        size_t klen = eq ? (size_t)(eq - p) : 0;
        if (!eq || klen == 0 || klen >= sizeof(key) || memchr(p, ',', klen)) {
            printf("bmx86: --drive: expected KEY=VALUE in '%s'\n", val);
            return false;
        }
        memcpy(key, p, klen);
        key[klen] = 0;
        p = eq + 1;
        if (!take_value(&p, v, sizeof(v))) {
            printf("bmx86: --drive: the value of %s is too long\n", key);
            return false;
        }
        if (!strcmp(key, "file")) {
            snprintf(file, sizeof(file), "%s", v);
            have_file = v[0] != 0;
        } else if (!strcmp(key, "if")) {
            if (strcmp(v, "ide")) {
                printf("bmx86: --drive: if=%s is not emulated (if=ide)\n", v);
                return false;
            }
        } else if (!strcmp(key, "index")) {
            if (strlen(v) != 1 || v[0] < '0' || v[0] > '3') {
                printf("bmx86: --drive: index is 0-3 for IDE, not '%s'\n", v);
                return false;
            }
            index = v[0] - '0';
        } else if (!strcmp(key, "media")) {
            if (strcmp(v, "disk") && strcmp(v, "cdrom")) {
                printf("bmx86: --drive: media is disk or cdrom, not '%s'\n", v);
                return false;
            }
            d.cdrom = !strcmp(v, "cdrom");
        } else if (!strcmp(key, "snapshot")) {
            if (!parse_on_off(key, v, &d.snapshot)) {
                return false;
            }
        } else if (!strcmp(key, "readonly")) {
            if (!parse_on_off(key, v, &d.read_only)) {
                return false;
            }
        } else if (!strcmp(key, "format")) {
            if (strcmp(v, "raw")) {
                printf("bmx86: --drive: format=%s is not supported (raw "
                       "images only)\n",
                       v);
                return false;
            }
        } else {
            printf("bmx86: --drive: unknown parameter '%s' (file, if, index, "
                   "media, snapshot, readonly, format)\n",
                   key);
            return false;
        }
    }
    if (!have_file && !d.cdrom) {
        printf("bmx86: --drive: a disk needs file=FILE (only a CD drive may "
               "be empty)\n");
        return false;
    }
    if (d.cdrom) {
        d.read_only = true;
    }
    return drive_place(o, index >= 0 ? index : first_free(o), &d,
                       have_file ? file : NULL);
}

bool drive_add_option(KernelOptions *o, const char *kind, const char *val)
{
    static const char *const shorthands[] = {"hda", "hdb", "hdc", "hdd",
                                             "cdrom"};
    if (!kind) {
        return drive_parse(o, val);
    }
    for (int i = 0; i < 5; i++) {
        if (!strcmp(kind, shorthands[i])) {
            /* QEMU: -hdX is index X, -cdrom is index 2 (ide1-0). */
            DriveSpec d = {.present = true, .snapshot = true};
            if (!*val) {
                printf("bmx86: --%s needs a file\n", kind);
                return false;
            }
            if (i == 4) {
                d.cdrom = true;
                d.read_only = true;
            }
            return drive_place(o, i == 4 ? 2 : i, &d, val);
        }
    }
    return false;
}

bool drive_set_boot(KernelOptions *o, const char *val)
{
    const char *order = val;
    if (!strncmp(val, "order=", 6)) {
        order = val + 6;
    }
    if (!pc_boot_order_valid(order)) {
        printf("bmx86: --boot: '%s' is not a boot order (up to 3 different "
               "letters of c: disk, d: CD-ROM, a, n)\n",
               val);
        return false;
    }
    o->boot_order = order;
    return true;
}

/* ---- the images ---- */

typedef struct DriveFile {
    int fd;
    BlockBackend *blk;
} DriveFile;

static DriveFile drive_files[BMX_IDE_DRIVES];

static int drive_pread(void *opaque, uint64_t offset, void *buf, size_t n)
{
    return board_file_pread(((DriveFile *)opaque)->fd, buf, n, offset);
}

static int drive_pwrite(void *opaque, uint64_t offset, const void *buf,
                        size_t n)
{
    return board_file_pwrite(((DriveFile *)opaque)->fd, buf, n, offset);
}

static int drive_flush(void *opaque)
{
    return board_file_flush(((DriveFile *)opaque)->fd);
}

static const BlockHostOps drive_host_ops = {
    .pread = drive_pread,
    .pwrite = drive_pwrite,
    .flush = drive_flush,
};

#if BMX_HAVE_DISK_IMAGE
extern const uint8_t disk_image_start[], disk_image_end[];
#endif

/* The drive file name of the image linked into the firmware. */
#define LINKED_NAME "@linked"

static int drive_open_linked(int i, const DriveSpec *d)
{
#if BMX_HAVE_DISK_IMAGE
    size_t size = (size_t)(disk_image_end - disk_image_start);
    if (!d->snapshot && !d->read_only) {
        printf("bmx86: drive %s: the linked image is in flash: snapshot=off "
               "cannot write it\n",
               index_names[i]);
        return -1;
    }
    drive_files[i].blk =
        blk_new_memory(index_names[i], disk_image_start, size, d->read_only);
    return drive_files[i].blk ? 0 : -1;
#else
    (void)d;
    printf("bmx86: drive %s: this firmware has no linked image (meson "
           "-Ddisk_image=FILE)\n",
           index_names[i]);
    return -1;
#endif
}

void drives_default(KernelOptions *o)
{
#if BMX_HAVE_DISK_IMAGE
    for (int i = 0; i < BMX_IDE_DRIVES; i++) {
        if (o->drives[i].present) {
            return; /* drives named: the linked image only when asked */
        }
    }
    int i = BMX_DISK_IMAGE_CDROM ? 2 : 0;
    o->drives[i] = (DriveSpec){.present = true,
                               .cdrom = BMX_DISK_IMAGE_CDROM,
                               .snapshot = true,
                               .read_only = BMX_DISK_IMAGE_CDROM,
                               .file = LINKED_NAME};
#else
    (void)o;
#endif
}

int drives_open(const KernelOptions *o)
{
    for (int i = 0; i < BMX_IDE_DRIVES; i++) {
        const DriveSpec *d = &o->drives[i];
        DriveFile *f = &drive_files[i];
        const char *why = "unknown error";
        uint64_t size = 0;

        f->fd = -1;
        f->blk = NULL;
        if (!d->present || !d->file) {
            continue;
        }
        if (!strcmp(d->file, LINKED_NAME)) {
            if (drive_open_linked(i, d) < 0) {
                return -1;
            }
            continue;
        }
        bool write_through = !d->snapshot && !d->read_only;
        f->fd = board_file_open(d->file, write_through, &size, &why);
        if (f->fd < 0) {
            printf("bmx86: drive %s '%s': %s\n", index_names[i], d->file, why);
            return -1;
        }
        if (size < (d->cdrom ? 2048u : 512u)) {
            printf("bmx86: drive %s '%s': %lu bytes is less than one %s "
                   "sector\n",
                   index_names[i], d->file, (unsigned long)size,
                   d->cdrom ? "2048-byte CD" : "512-byte");
            return -1;
        }
        if (size % 512) {
            printf("bmx86: drive %s '%s': the last %lu bytes are not a whole "
                   "sector; the guest does not see them\n",
                   index_names[i], d->file, (unsigned long)(size % 512));
        }
        f->blk = blk_new_file(index_names[i], &drive_host_ops, f, size,
                              !write_through, d->read_only);
        if (!f->blk) {
            printf("bmx86: drive %s: no block backend left\n", index_names[i]);
            return -1;
        }
    }
    return 0;
}

size_t drives_overlay_bytes(const KernelOptions *o, size_t pool_free)
{
    bool wants = false;
    for (int i = 0; i < BMX_IDE_DRIVES; i++) {
        const DriveSpec *d = &o->drives[i];
        wants |= d->present && d->file && d->snapshot && !d->read_only;
    }
    if (!wants) {
        return 0;
    }
    /* A sixteenth of the pool, at most 64 MiB: a fixed arena where QEMU
     * grows a temporary qcow2 (docs/deviations.md D33, docs/guests.md). */
    size_t n = pool_free / 16;
    if (n > 64 * MiB) {
        n = 64 * MiB;
    }
    return n & ~(size_t)4095;
}

void drives_configure(const KernelOptions *o, PCMachineConfig *cfg)
{
    for (int i = 0; i < BMX_IDE_DRIVES; i++) {
        const DriveSpec *d = &o->drives[i];
        if (!d->present) {
            continue;
        }
        cfg->ide[i].present = true;
        cfg->ide[i].cdrom = d->cdrom;
        cfg->ide[i].blk = drive_files[i].blk;
        if (drive_files[i].blk) {
            char size[24];
            printf("bmx86: drive %s: %s '%s', %s, %s\n", index_names[i],
                   d->cdrom ? "CD-ROM" : "disk", d->file,
                   format_size(size, sizeof(size),
                               blk_getlength(drive_files[i].blk)),
                   d->read_only  ? "read-only"
                   : d->snapshot ? "snapshot (writes stay in RAM)"
                                 : "writes go to the file");
        } else {
            printf("bmx86: drive %s: CD-ROM, no medium\n", index_names[i]);
        }
    }
    cfg->boot_order = o->boot_order;
}

void drives_finish(const KernelOptions *o)
{
    (void)o;
    blk_flush_all();
    if (blk_cow_clusters_used()) {
        char used[24], total[24];
        printf(
            "bmx86: copy-on-write overlay: %s of %s used (dropped at exit)\n",
            format_size(used, sizeof(used),
                        (uint64_t)blk_cow_clusters_used() *
                            BLK_COW_CLUSTER_SIZE),
            format_size(total, sizeof(total),
                        (uint64_t)blk_cow_clusters_total() *
                            BLK_COW_CLUSTER_SIZE));
    }
}
