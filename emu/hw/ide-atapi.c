/*
 * ATAPI CD-ROM: IDENTIFY PACKET DEVICE and the MMC commands SeaBIOS (El
 * Torito boot) and Linux (ata_piix + sr) issue, with QEMU's hw/ide/atapi.c
 * semantics: 2048-byte sectors from an ISO image, replies in PIO blocks of
 * at most the byte count the host put in the cylinder registers, or by
 * bus-master DMA when the PACKET command asked for it.
 */
#include "ide-internal.h"

static void put_le16(uint8_t *p, int word, unsigned v)
{
    p[2 * word] = (uint8_t)v;
    p[2 * word + 1] = (uint8_t)(v >> 8);
}

static void stw_be(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void stl_be(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static unsigned lduw_be(const uint8_t *p)
{
    return (unsigned)(p[0] << 8 | p[1]);
}

static uint32_t ldl_be(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static uint32_t cd_nb_sectors(IDEState *s)
{
    return s->blk ? (uint32_t)(blk_getlength(s->blk) / ATAPI_SECTOR_SIZE) : 0;
}

void ide_atapi_identify(IDEState *s)
{
    uint8_t *p = s->io_buffer;
    bool dma = s->bus->bmdma != NULL;

    memset(p, 0, 512);
    /* ATAPI, CD-ROM, removable, 50 us DRQ, 12-byte packets */
    put_le16(p, 0, (2u << 14) | (5 << 8) | (1 << 7) | (2 << 5));
    ide_padstr((char *)(p + 20), s->drive_serial_str, 20);
    put_le16(p, 20, 3);
    put_le16(p, 21, 512);
    put_le16(p, 22, 4);
    ide_padstr((char *)(p + 46), "2.5+", 8);
    ide_padstr((char *)(p + 54), s->drive_model_str, 40);
    put_le16(p, 48, 1);
    put_le16(p, 49, (1 << 9) | (dma ? 1 << 8 : 0));
    put_le16(p, 53, 7);
    if (dma) {
        put_le16(p, 62, 7 | ide_xfer_bits(s, 0x02));
        put_le16(p, 63, 7 | ide_xfer_bits(s, 0x04));
        put_le16(p, 88, 0x3f | ide_xfer_bits(s, 0x08));
    }
    put_le16(p, 64, 3);
    put_le16(p, 65, 0xb4);
    put_le16(p, 66, 0xb4);
    put_le16(p, 67, 0x12c);
    put_le16(p, 68, 0xb4);
    put_le16(p, 71, 30);
    put_le16(p, 72, 30);
    put_le16(p, 80, 0x1e); /* ATA/ATAPI-1 to 4 */
    put_le16(p, 93, 1 | (1 << 14) | 0x2000);
}

/* ---- completion ---- */

static void ide_atapi_cmd_ok(IDEState *s)
{
    s->error = 0;
    s->status = READY_STAT | SEEK_STAT;
    s->nsector = (s->nsector & ~7) | ATAPI_INT_REASON_IO | ATAPI_INT_REASON_CD;
    ide_transfer_stop(s);
    ide_set_irq(s->bus);
}

static void ide_atapi_cmd_error(IDEState *s, int sense_key, int asc)
{
    s->error = (uint8_t)(sense_key << 4);
    s->status = READY_STAT | ERR_STAT;
    s->nsector = (s->nsector & ~7) | ATAPI_INT_REASON_IO | ATAPI_INT_REASON_CD;
    s->sense_key = (uint8_t)sense_key;
    s->asc = (uint8_t)asc;
    s->dma_cmd = IDE_DMA_NONE;
    s->dma_pending = false;
    ide_transfer_stop(s);
    ide_set_irq(s->bus);
}

/* Loads the next CD sectors into the buffer; false after an error. */
static bool cd_load(IDEState *s)
{
    uint32_t left = s->packet_transfer_size / ATAPI_SECTOR_SIZE;
    uint32_t n = MIN(left, (uint32_t)(IDE_BUF_SIZE / ATAPI_SECTOR_SIZE));
    int r = blk_pread(s->blk, (uint64_t)s->cd_lba * ATAPI_SECTOR_SIZE,
                      s->io_buffer, (size_t)n * ATAPI_SECTOR_SIZE);
    if (r < 0) {
        ide_atapi_cmd_error(s, SENSE_MEDIUM_ERROR, ASC_READ_ERROR);
        return false;
    }
    s->cd_lba += n;
    s->io_buffer_index = 0;
    s->io_buffer_size = n * ATAPI_SECTOR_SIZE;
    return true;
}

/* The next PIO data block of a reply, or the end of the command. */
static void ide_atapi_cmd_reply_end(IDEState *s)
{
    uint32_t limit, size;

    if (!s->packet_transfer_size) {
        ide_atapi_cmd_ok(s);
        return;
    }
    if (s->io_buffer_index >= s->io_buffer_size) {
        if (s->cd_lba < 0 || !cd_load(s)) {
            if (s->cd_lba < 0) {
                ide_atapi_cmd_ok(s);
            }
            return;
        }
    }
    limit = (uint32_t)(s->lcyl | (s->hcyl << 8));
    if (limit == 0xffff) {
        limit--;
    }
    if (!limit) {
        limit = 0xfffe; /* not allowed; QEMU treats it as the maximum */
    }
    size = MIN(s->packet_transfer_size, s->io_buffer_size - s->io_buffer_index);
    if (size > limit) {
        size = limit & ~1u; /* blocks in the middle are even */
        if (!size) {
            size = 2; /* a limit of 1: one word at a time, never none */
        }
    }
    s->lcyl = (uint8_t)size;
    s->hcyl = (uint8_t)(size >> 8);
    s->nsector = (s->nsector & ~7) | ATAPI_INT_REASON_IO;
    s->packet_transfer_size -= size;
    s->status = READY_STAT | SEEK_STAT;
    ide_transfer_start(s, s->io_buffer + s->io_buffer_index, size,
                       ide_atapi_cmd_reply_end);
    s->io_buffer_index += size;
    ide_set_irq(s->bus);
}

/* Sends the first size bytes of io_buffer (at most max_size, the host's
 * allocation length). */
static void ide_atapi_cmd_reply(IDEState *s, uint32_t size, uint32_t max_size)
{
    if (size > max_size) {
        size = max_size;
    }
    s->cd_lba = -1;
    s->packet_transfer_size = size;
    s->io_buffer_size = size;
    s->io_buffer_index = 0;
    if (!size) {
        ide_atapi_cmd_ok(s);
        return;
    }
    if (s->atapi_dma) {
        ide_start_dma(s, IDE_DMA_ATAPI);
        return;
    }
    ide_atapi_cmd_reply_end(s);
}

static void ide_atapi_cmd_read(IDEState *s, uint32_t lba, uint32_t nb)
{
    s->cd_lba = lba;
    s->packet_transfer_size = nb * ATAPI_SECTOR_SIZE;
    s->io_buffer_size = 0;
    s->io_buffer_index = 0;
    if (s->atapi_dma) {
        ide_start_dma(s, IDE_DMA_ATAPI);
        return;
    }
    ide_atapi_cmd_reply_end(s);
}

/* The DMA half: every byte of the reply or the read through the PRDs. */
void ide_atapi_dma_run(IDEState *s)
{
    BMDMAState *bm = s->bus->bmdma;

    while (s->packet_transfer_size) {
        if (s->io_buffer_index >= s->io_buffer_size) {
            if (s->cd_lba < 0 || !cd_load(s)) {
                if (s->cd_lba >= 0) {
                    bmdma_set_inactive(bm, false);
                    return; /* cd_load reported the error */
                }
                break;
            }
        }
        uint32_t n = MIN(s->packet_transfer_size,
                         s->io_buffer_size - s->io_buffer_index);
        long done =
            bmdma_rw_buf(bm, s->io_buffer + s->io_buffer_index, n, true);
        if (done < 0) {
            bmdma_set_inactive(bm, false);
            ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST,
                                ASC_INV_FIELD_IN_CMD_PACKET);
            return;
        }
        s->io_buffer_index += (uint32_t)done;
        s->packet_transfer_size -= (uint32_t)done;
        if ((uint32_t)done < n) {
            /* The PRDs were too short: the transfer stops, ACTIVE goes
             * off, no interrupt (QEMU's ide_dma_cb). */
            s->status = READY_STAT | SEEK_STAT;
            ide_transfer_stop(s);
            bmdma_set_inactive(bm, false);
            return;
        }
    }
    s->packet_transfer_size = 0;
    bmdma_set_inactive(bm, !bm->cur_prd_last || bm->cur_prd_len);
    ide_atapi_cmd_ok(s);
}

/* ---- commands ---- */

static bool cd_media_present(IDEState *s)
{
    return s->blk != NULL;
}

static void cmd_request_sense(IDEState *s, const uint8_t *buf)
{
    uint8_t *b = s->io_buffer;
    memset(b, 0, 18);
    b[0] = 0x70 | 0x80; /* current error, valid */
    b[2] = s->sense_key;
    b[7] = 10;
    b[12] = s->asc;
    /* reading the sense data clears it */
    s->sense_key = SENSE_NONE;
    s->asc = 0;
    ide_atapi_cmd_reply(s, 18, buf[4]);
}

static void cmd_inquiry(IDEState *s, const uint8_t *buf)
{
    uint8_t *b = s->io_buffer;
    uint32_t max_len = lduw_be(buf + 3);

    if (buf[1] & 0x01) { /* EVPD: vital product data pages not offered */
        ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST,
                            ASC_INV_FIELD_IN_CMD_PACKET);
        return;
    }
    memset(b, 0, 36);
    b[0] = 0x05; /* CD-ROM */
    b[1] = 0x80; /* removable */
    b[2] = 0x00;
    b[3] = 0x21; /* ATAPI-2, response data format 1 */
    b[4] = 31;   /* additional length */
    memcpy(b + 8, "QEMU    ", 8);
    memcpy(b + 16, "QEMU DVD-ROM    ", 16);
    memcpy(b + 32, "2.5+", 4);
    ide_atapi_cmd_reply(s, 36, max_len);
}

static void cmd_read_capacity(IDEState *s)
{
    uint8_t *b = s->io_buffer;
    stl_be(b, cd_nb_sectors(s) - 1);
    stl_be(b + 4, ATAPI_SECTOR_SIZE);
    ide_atapi_cmd_reply(s, 8, 8);
}

static void cmd_read(IDEState *s, const uint8_t *buf, bool twelve)
{
    uint32_t lba = ldl_be(buf + 2);
    uint32_t nb = twelve ? ldl_be(buf + 6) : lduw_be(buf + 7);
    uint32_t total = cd_nb_sectors(s);

    if (!nb) {
        ide_atapi_cmd_ok(s);
        return;
    }
    if (lba >= total || nb > total - lba) {
        ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST, ASC_LOGICAL_BLOCK_OOR);
        return;
    }
    ide_atapi_cmd_read(s, lba, nb);
}

static void lba_to_msf(uint8_t *p, uint32_t lba)
{
    lba += 150;
    p[0] = (uint8_t)(lba / 75 / 60);
    p[1] = (uint8_t)(lba / 75 % 60);
    p[2] = (uint8_t)(lba % 75);
}

/* Format 0: the one data track and the lead-out. */
static uint32_t cdrom_read_toc(IDEState *s, uint8_t *b, bool msf,
                               int start_track)
{
    uint8_t *q = b + 2;
    if (start_track > 1 && start_track != 0xaa) {
        return 0;
    }
    *q++ = 1; /* first track */
    *q++ = 1; /* last track */
    if (start_track <= 1) {
        *q++ = 0;    /* reserved */
        *q++ = 0x14; /* ADR 1, data track */
        *q++ = 1;    /* track number */
        *q++ = 0;
        if (msf) {
            *q++ = 0;
            lba_to_msf(q, 0);
            q += 3;
        } else {
            stl_be(q, 0);
            q += 4;
        }
    }
    *q++ = 0;
    *q++ = 0x16;
    *q++ = 0xaa; /* lead-out */
    *q++ = 0;
    if (msf) {
        *q++ = 0;
        lba_to_msf(q, cd_nb_sectors(s));
        q += 3;
    } else {
        stl_be(q, cd_nb_sectors(s));
        q += 4;
    }
    uint32_t len = (uint32_t)(q - b);
    stw_be(b, len - 2);
    return len;
}

static void cmd_read_toc(IDEState *s, const uint8_t *buf)
{
    uint8_t *b = s->io_buffer;
    bool msf = (buf[1] >> 1) & 1;
    int format = buf[9] >> 6 ? buf[9] >> 6 : buf[2] & 0x0f;
    uint32_t max_len = lduw_be(buf + 7);
    uint32_t len;

    switch (format) {
    case 0:
        len = cdrom_read_toc(s, b, msf, buf[6]);
        if (!len) {
            break;
        }
        ide_atapi_cmd_reply(s, len, max_len);
        return;
    case 1: /* multi-session: one session, starting at track 1, LBA 0 */
        memset(b, 0, 12);
        b[1] = 0x0a;
        b[2] = 0x01;
        b[3] = 0x01;
        b[5] = 0x14;
        b[6] = 1;
        ide_atapi_cmd_reply(s, 12, max_len);
        return;
    }
    ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST, ASC_INV_FIELD_IN_CMD_PACKET);
}

static uint32_t mode_page(IDEState *s, uint8_t *p, int code)
{
    switch (code) {
    case 0x01: /* read error recovery */
        memset(p, 0, 8);
        p[0] = 0x01;
        p[1] = 0x06;
        p[3] = 5; /* read retry count */
        return 8;
    case 0x2a: /* CD capabilities and mechanical status */
        memset(p, 0, 28);
        p[0] = 0x2a;
        p[1] = 0x12;
        p[2] = 0x3b; /* reads CD-R, CD-RW, DVD-ROM, ... */
        p[4] = 0x71; /* audio play, multisession, mode 2 forms */
        p[5] = 0x03;
        /* lock state, lock supported, tray eject, tray loading */
        p[6] = (uint8_t)(0x2d | (s->tray_locked ? 2 : 0));
        p[7] = 0x00;
        stw_be(p + 8, 706);  /* max read speed, kB/s */
        stw_be(p + 10, 2);   /* volume levels */
        stw_be(p + 12, 512); /* buffer size, KiB */
        stw_be(p + 14, 706); /* current read speed */
        return 28;
    }
    return 0;
}

static void cmd_mode_sense(IDEState *s, const uint8_t *buf)
{
    bool ten = buf[0] == 0x5a;
    int control = buf[2] >> 6;
    int code = buf[2] & 0x3f;
    uint32_t max_len = ten ? lduw_be(buf + 7) : buf[4];
    uint8_t *b = s->io_buffer;
    uint32_t hdr = ten ? 8 : 4, len;

    if (control == 3) { /* saved values: not supported */
        ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST, 0x39);
        return;
    }
    memset(b, 0, hdr);
    len = hdr;
    if (code == 0x3f) {
        len += mode_page(s, b + len, 0x01);
        len += mode_page(s, b + len, 0x2a);
    } else {
        uint32_t n = mode_page(s, b + len, code);
        if (!n) {
            ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST,
                                ASC_INV_FIELD_IN_CMD_PACKET);
            return;
        }
        len += n;
    }
    if (control == 1) { /* changeable values: none */
        memset(b + hdr, 0, len - hdr);
    }
    if (ten) {
        stw_be(b, len - 2);
        b[2] = 0x70; /* medium type: 120 mm CD-ROM, or empty */
    } else {
        b[0] = (uint8_t)(len - 1);
        b[1] = 0x70;
    }
    ide_atapi_cmd_reply(s, len, max_len);
}

/* The profile the medium matches: a CD holds at most 700 MiB-ish. */
static unsigned cd_current_profile(IDEState *s)
{
    uint32_t n = cd_nb_sectors(s);
    if (!n) {
        return 0;
    }
    return n > 1433600 ? 0x0010 /* DVD-ROM */ : 0x0008 /* CD-ROM */;
}

static void cmd_get_configuration(IDEState *s, const uint8_t *buf)
{
    uint8_t *b = s->io_buffer;
    uint32_t max_len = lduw_be(buf + 7);
    unsigned cur = cd_current_profile(s);
    uint8_t *p;

    memset(b, 0, 48);
    p = b + 8;
    /* Feature 0: profile list (DVD-ROM, CD-ROM) */
    stw_be(p, 0x0000);
    p[2] = 0x03; /* persistent, current */
    p[3] = 8;
    stw_be(p + 4, 0x0010);
    p[6] = cur == 0x0010;
    stw_be(p + 8, 0x0008);
    p[10] = cur == 0x0008;
    p += 12;
    /* Feature 1: core (ATAPI) */
    stw_be(p, 0x0001);
    p[2] = 0x0b; /* version 2, persistent, current */
    p[3] = 8;
    stl_be(p + 4, 2); /* physical interface: ATAPI */
    p[8] = 1;         /* DBE */
    p += 12;
    /* Feature 3: removable medium */
    stw_be(p, 0x0003);
    p[2] = 0x03;
    p[3] = 4;
    p[4] = 0x29; /* tray, eject, lock */
    p += 8;
    uint32_t len = (uint32_t)(p - b);
    stl_be(b, len - 4);
    stw_be(b + 6, cur);
    ide_atapi_cmd_reply(s, len, max_len);
}

static void cmd_get_event_status_notification(IDEState *s, const uint8_t *buf)
{
    uint8_t *b = s->io_buffer;
    uint32_t max_len = lduw_be(buf + 7);

    if (!(buf[1] & 0x01)) { /* only polled operation */
        ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST,
                            ASC_INV_FIELD_IN_CMD_PACKET);
        return;
    }
    memset(b, 0, 8);
    b[3] = 0x10; /* supported classes: media */
    if (buf[4] & 0x10) {
        b[2] = 0x04; /* media class */
        b[4] = 0;    /* no change */
        b[5] = cd_media_present(s) ? 0x02 : 0x00;
        stw_be(b, 6);
        ide_atapi_cmd_reply(s, 8, max_len);
    } else {
        b[2] = 0x80; /* no event available */
        stw_be(b, 2);
        ide_atapi_cmd_reply(s, 4, max_len);
    }
}

static void cmd_mechanism_status(IDEState *s, const uint8_t *buf)
{
    uint8_t *b = s->io_buffer;
    memset(b, 0, 8);
    b[5] = 1; /* one slot */
    ide_atapi_cmd_reply(s, 8, lduw_be(buf + 8));
}

void ide_atapi_cmd(IDEState *s)
{
    uint8_t *buf = s->packet;

    memcpy(buf, s->io_buffer, 12);
    ide_transfer_stop(s);
    /* Commands that need a medium report NOT READY without one. */
    switch (buf[0]) {
    case 0x03: /* REQUEST SENSE */
        cmd_request_sense(s, buf);
        return;
    case 0x12: /* INQUIRY */
        cmd_inquiry(s, buf);
        return;
    case 0x46: /* GET CONFIGURATION */
        cmd_get_configuration(s, buf);
        return;
    case 0x4a: /* GET EVENT STATUS NOTIFICATION */
        cmd_get_event_status_notification(s, buf);
        return;
    case 0x1e: /* PREVENT ALLOW MEDIUM REMOVAL */
        s->tray_locked = buf[4] & 1;
        ide_atapi_cmd_ok(s);
        return;
    case 0x1b: /* START STOP UNIT: an eject of a locked tray fails */
        if ((buf[4] & 3) == 2 && s->tray_locked) {
            ide_atapi_cmd_error(s, SENSE_NOT_READY,
                                ASC_MEDIA_REMOVAL_PREVENTED);
            return;
        }
        ide_atapi_cmd_ok(s);
        return;
    case 0x5a: /* MODE SENSE (10) */
    case 0x1a: /* MODE SENSE (6) */
        cmd_mode_sense(s, buf);
        return;
    case 0xbd: /* MECHANISM STATUS */
        cmd_mechanism_status(s, buf);
        return;
    }
    if (!cd_media_present(s)) {
        switch (buf[0]) {
        case 0x00:
        case 0x25:
        case 0x28:
        case 0xa8:
        case 0x43:
        case 0x2b:
            ide_atapi_cmd_error(s, SENSE_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
            return;
        }
    }
    switch (buf[0]) {
    case 0x00: /* TEST UNIT READY */
        ide_atapi_cmd_ok(s);
        return;
    case 0x25: /* READ CAPACITY */
        cmd_read_capacity(s);
        return;
    case 0x28: /* READ (10) */
        cmd_read(s, buf, false);
        return;
    case 0xa8: /* READ (12) */
        cmd_read(s, buf, true);
        return;
    case 0x43: /* READ TOC */
        cmd_read_toc(s, buf);
        return;
    case 0x2b: /* SEEK (10) */
        if (ldl_be(buf + 2) >= cd_nb_sectors(s)) {
            ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST,
                                ASC_LOGICAL_BLOCK_OOR);
            return;
        }
        ide_atapi_cmd_ok(s);
        return;
    }
    ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST, ASC_ILLEGAL_OPCODE);
}
