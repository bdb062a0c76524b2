/*
 * IDE core: the taskfile registers, PIO transfers and the ATA command set
 * of a hard disk, with QEMU's hw/ide/core.c semantics (status, error and
 * interrupt behaviour, signatures, soft reset through the device control
 * register). ATAPI lives in ide-atapi.c, the bus master in ide-bmdma.c.
 */
#include "ide-internal.h"

/* ---- helpers ---- */

void ide_padstr(char *dst, const char *src, int len)
{
    /* ATA strings: two characters per word, the first in the high byte. */
    for (int i = 0; i < len; i++) {
        char c = *src ? *src++ : ' ';
        dst[i ^ 1] = c;
    }
}

static void put_le16(uint8_t *p, int word, unsigned v)
{
    p[2 * word] = (uint8_t)v;
    p[2 * word + 1] = (uint8_t)(v >> 8);
}

void ide_set_irq(IDEBus *bus)
{
    if (bus->bmdma) {
        bus->bmdma->status |= BM_STATUS_INT;
    }
    if (!(bus->cmd & IDE_CTRL_DISABLE_IRQ)) {
        qemu_irq_raise(bus->irq);
    }
}

void ide_transfer_start(IDEState *s, uint8_t *buf, uint32_t size,
                        EndTransferFunc *end)
{
    s->data_ptr = buf;
    s->data_end = buf + size;
    s->end_transfer_func = end;
    if (!(s->status & ERR_STAT)) {
        s->status |= DRQ_STAT;
    }
}

static void ide_transfer_stop_cb(IDEState *s)
{
    (void)s;
}

void ide_transfer_stop(IDEState *s)
{
    s->data_ptr = s->io_buffer;
    s->data_end = s->io_buffer;
    s->end_transfer_func = ide_transfer_stop_cb;
    s->status &= ~DRQ_STAT;
}

void ide_abort_command(IDEState *s)
{
    ide_transfer_stop(s);
    s->dma_cmd = IDE_DMA_NONE;
    s->dma_pending = false;
    s->status = READY_STAT | ERR_STAT;
    s->error = ABRT_ERR;
}

void ide_set_signature(IDEState *s)
{
    s->select &= 0xf0; /* clear head */
    s->nsector = 1;
    s->sector = 1;
    if (s->drive_kind == IDE_CD) {
        s->lcyl = 0x14;
        s->hcyl = 0xeb;
    } else if (s->present) {
        s->lcyl = 0;
        s->hcyl = 0;
    } else {
        s->lcyl = 0xff;
        s->hcyl = 0xff;
    }
}

/* ---- addressing ---- */

static uint64_t ide_get_sector(IDEState *s)
{
    if (s->select & 0x40) {
        if (!s->lba48) {
            return ((uint64_t)(s->select & 0x0f) << 24) |
                   ((uint64_t)s->hcyl << 16) | ((uint64_t)s->lcyl << 8) |
                   s->sector;
        }
        return ((uint64_t)s->hob_hcyl << 40) | ((uint64_t)s->hob_lcyl << 32) |
               ((uint64_t)s->hob_sector << 24) | ((uint64_t)s->hcyl << 16) |
               ((uint64_t)s->lcyl << 8) | s->sector;
    }
    /* CHS through the logical geometry; sector numbers start at 1. A zero
     * sector is out of range (UINT64_MAX fails the range check). */
    if (!s->sector || !s->cur_heads || !s->cur_sectors) {
        return UINT64_MAX;
    }
    return ((uint64_t)((s->hcyl << 8) | s->lcyl) * s->cur_heads +
            (s->select & 0x0f)) *
               s->cur_sectors +
           (s->sector - 1);
}

void ide_set_sector(IDEState *s, uint64_t sector_num)
{
    if (s->select & 0x40) {
        if (!s->lba48) {
            s->select =
                (uint8_t)((s->select & 0xf0) | ((sector_num >> 24) & 0x0f));
            s->hcyl = (uint8_t)(sector_num >> 16);
            s->lcyl = (uint8_t)(sector_num >> 8);
            s->sector = (uint8_t)sector_num;
        } else {
            s->sector = (uint8_t)sector_num;
            s->lcyl = (uint8_t)(sector_num >> 8);
            s->hcyl = (uint8_t)(sector_num >> 16);
            s->hob_sector = (uint8_t)(sector_num >> 24);
            s->hob_lcyl = (uint8_t)(sector_num >> 32);
            s->hob_hcyl = (uint8_t)(sector_num >> 40);
        }
    } else if (s->cur_heads && s->cur_sectors) {
        uint64_t per_cyl = (uint64_t)s->cur_heads * s->cur_sectors;
        uint64_t cyl = sector_num / per_cyl;
        uint64_t r = sector_num % per_cyl;
        s->hcyl = (uint8_t)(cyl >> 8);
        s->lcyl = (uint8_t)cyl;
        s->select =
            (uint8_t)((s->select & 0xf0) | ((r / s->cur_sectors) & 0x0f));
        s->sector = (uint8_t)(r % s->cur_sectors + 1);
    }
}

/* Sector count: 0 means 256 (LBA28) or 65536 (LBA48). */
static uint32_t ide_get_nsector(IDEState *s)
{
    if (s->lba48) {
        uint32_t n = ((uint32_t)s->hob_nsector << 8) | s->nsector;
        return n ? n : 65536;
    }
    return s->nsector ? s->nsector : 256;
}

static void ide_cmd_lba48_transform(IDEState *s, bool lba48)
{
    s->lba48 = lba48;
}

/* The request [sector, sector + n) lies on the disk; else ID not found
 * (IDNF as drives report it; QEMU aborts: D34). */
static bool ide_sect_range_ok(IDEState *s, uint64_t sector, uint64_t n)
{
    return sector != UINT64_MAX && sector <= s->nb_sectors &&
           n <= s->nb_sectors - sector;
}

static void ide_id_not_found(IDEState *s)
{
    ide_transfer_stop(s);
    s->status = READY_STAT | ERR_STAT;
    s->error = ID_ERR;
    ide_set_irq(s->bus);
}

/* A failed read or write: the address registers point at the sector. */
static void ide_rw_error(IDEState *s, int err, bool write)
{
    ide_abort_command(s);
    s->error = write ? ABRT_ERR : (ABRT_ERR | ECC_ERR);
    if (err == -EINVAL) {
        s->error = ID_ERR;
    }
    ide_set_irq(s->bus);
}

/* ---- PIO reads and writes ---- */

static void ide_sector_read(IDEState *s)
{
    uint32_t n;
    int r;

    s->status = READY_STAT | SEEK_STAT;
    s->error = 0;
    if (!s->req_nsector) {
        ide_transfer_stop(s);
        return;
    }
    n = MIN(s->req_nsector, (uint32_t)s->req_nb_sectors);
    r = blk_pread(s->blk, s->req_sector << BDRV_SECTOR_BITS, s->io_buffer,
                  (size_t)n << BDRV_SECTOR_BITS);
    if (r < 0) {
        ide_set_sector(s, s->req_sector);
        ide_rw_error(s, r, false);
        return;
    }
    s->req_sector += n;
    s->req_nsector -= n;
    ide_set_sector(s, s->req_sector);
    s->nsector = (uint8_t)s->req_nsector;
    if (s->lba48) {
        s->hob_nsector = (uint8_t)(s->req_nsector >> 8);
    }
    ide_transfer_start(s, s->io_buffer, n << BDRV_SECTOR_BITS, ide_sector_read);
    ide_set_irq(s->bus);
}

static void ide_sector_write(IDEState *s)
{
    uint32_t n = MIN(s->req_nsector, (uint32_t)s->req_nb_sectors);
    int r;

    s->status = READY_STAT | SEEK_STAT | BUSY_STAT;
    r = blk_pwrite(s->blk, s->req_sector << BDRV_SECTOR_BITS, s->io_buffer,
                   (size_t)n << BDRV_SECTOR_BITS);
    if (r < 0) {
        ide_set_sector(s, s->req_sector);
        ide_rw_error(s, r, true);
        return;
    }
    s->req_sector += n;
    s->req_nsector -= n;
    ide_set_sector(s, s->req_sector);
    s->nsector = (uint8_t)s->req_nsector;
    if (s->lba48) {
        s->hob_nsector = (uint8_t)(s->req_nsector >> 8);
    }
    s->status = READY_STAT | SEEK_STAT;
    if (!s->req_nsector) {
        ide_transfer_stop(s);
    } else {
        uint32_t m = MIN(s->req_nsector, (uint32_t)s->req_nb_sectors);
        ide_transfer_start(s, s->io_buffer, m << BDRV_SECTOR_BITS,
                           ide_sector_write);
    }
    /* An interrupt after every block, the last one too. */
    ide_set_irq(s->bus);
}

/* Checks the range and sets up req_*; false after reporting an error. */
static bool ide_start_request(IDEState *s, bool lba48, int per_block)
{
    ide_cmd_lba48_transform(s, lba48);
    uint64_t sector = ide_get_sector(s);
    uint32_t n = ide_get_nsector(s);
    if (!s->blk || !ide_sect_range_ok(s, sector, n)) {
        ide_id_not_found(s);
        return false;
    }
    s->req_sector = sector;
    s->req_nsector = n;
    s->req_nb_sectors = per_block;
    return true;
}

/* ---- IDENTIFY DEVICE ---- */

/* The "selected" bit of the transfer mode class `kind` (SET FEATURES
 * 0x03 count >> 3), in the high byte as IDENTIFY words 62/63/88 hold it. */
unsigned ide_xfer_bits(const IDEState *s, unsigned kind)
{
    if ((s->xfer_mode >> 3) != kind) {
        return 0;
    }
    return 1u << ((s->xfer_mode & 7) + 8);
}

static void ide_identify(IDEState *s)
{
    uint8_t *p = s->io_buffer;
    uint64_t lba28 = MIN(s->nb_sectors, (uint64_t)0x0fffffff);
    uint32_t oldsize =
        (uint32_t)s->cur_heads * s->cur_sectors * (uint32_t)s->cylinders;
    bool dma = s->bus->bmdma != NULL;

    memset(p, 0, 512);
    put_le16(p, 0, 0x0040); /* fixed disk */
    put_le16(p, 1, (unsigned)s->cylinders);
    put_le16(p, 3, (unsigned)s->heads);
    put_le16(p, 4, 512 * (unsigned)s->sectors);
    put_le16(p, 5, 512);
    put_le16(p, 6, (unsigned)s->sectors);
    ide_padstr((char *)(p + 20), s->drive_serial_str, 20);
    put_le16(p, 20, 3); /* buffer type */
    put_le16(p, 21, 512);
    put_le16(p, 22, 4);
    ide_padstr((char *)(p + 46), "2.5+", 8);
    ide_padstr((char *)(p + 54), s->drive_model_str, 40);
    put_le16(p, 47, 0x8000 | MAX_MULT_SECTORS);
    put_le16(p, 48, 1); /* 32-bit PIO */
    put_le16(p, 49, (1 << 11) | (1 << 9) | (dma ? 1 << 8 : 0));
    put_le16(p, 51, 0x200);
    put_le16(p, 52, 0x200);
    put_le16(p, 53, 1 | 2 | 4); /* words 54-58, 64-70 and 88 are valid */
    put_le16(p, 54, (unsigned)s->cylinders);
    put_le16(p, 55, (unsigned)s->cur_heads);
    put_le16(p, 56, (unsigned)s->cur_sectors);
    put_le16(p, 57, oldsize & 0xffff);
    put_le16(p, 58, oldsize >> 16);
    if (s->mult_sectors) {
        put_le16(p, 59, 0x100 | (unsigned)s->mult_sectors);
    }
    put_le16(p, 60, (unsigned)(lba28 & 0xffff));
    put_le16(p, 61, (unsigned)(lba28 >> 16));
    if (dma) {
        /* modes offered; the high byte is the one SET FEATURES chose */
        put_le16(p, 62, 0x07 | ide_xfer_bits(s, 0x02)); /* single word 0-2 */
        put_le16(p, 63, 0x07 | ide_xfer_bits(s, 0x04)); /* multiword 0-2 */
        put_le16(p, 88, 0x3f | ide_xfer_bits(s, 0x08)); /* UDMA 0-5 */
    }
    put_le16(p, 64, 0x03); /* PIO 3-4 */
    put_le16(p, 65, 120);
    put_le16(p, 66, 120);
    put_le16(p, 67, 120);
    put_le16(p, 68, 120);
    put_le16(p, 80, 0xf0); /* ATA-4 to ATA-7 */
    put_le16(p, 81, 0x16);
    put_le16(p, 82, (1 << 14) | (1 << 5) | 1); /* NOP, write cache */
    put_le16(p, 83, (1 << 14) | (1 << 13) | (1 << 12) | (1 << 10));
    put_le16(p, 84, 1 << 14);
    put_le16(p, 85, (1 << 14) | (1 << 5) | 1);
    put_le16(p, 86, (1 << 13) | (1 << 12) | (1 << 10));
    put_le16(p, 87, 1 << 14);
    put_le16(p, 93, 1 | (1 << 14) | 0x2000);
    put_le16(p, 100, (unsigned)(s->nb_sectors & 0xffff));
    put_le16(p, 101, (unsigned)((s->nb_sectors >> 16) & 0xffff));
    put_le16(p, 102, (unsigned)((s->nb_sectors >> 32) & 0xffff));
    put_le16(p, 103, (unsigned)((s->nb_sectors >> 48) & 0xffff));
}

/* ---- DMA commands ---- */

void ide_start_dma(IDEState *s, IDEDMACmd cmd)
{
    s->dma_cmd = cmd;
    s->status = READY_STAT | SEEK_STAT | DRQ_STAT;
    s->dma_pending = true;
    if (s->bus->bmdma && (s->bus->bmdma->cmd & BM_CMD_START)) {
        ide_dma_run(s);
    }
}

/* ---- command dispatch ---- */

static void ide_cmd_done(IDEState *s)
{
    s->status = READY_STAT | SEEK_STAT;
    s->error = 0;
    ide_set_irq(s->bus);
}

static bool ide_set_features(IDEState *s)
{
    switch (s->feature) {
    case 0x02: /* write cache on */
    case 0x82: /* write cache off */
    case 0xaa: /* read look-ahead on */
    case 0x55: /* read look-ahead off */
    case 0x05: /* advanced power management */
    case 0x85:
    case 0x66: /* reverting to power-on defaults off */
    case 0xcc: /* ... on */
    case 0x31: /* media status notification off */
    case 0x95:
    case 0x42: /* acoustic management */
    case 0xc2:
        return true;
    case 0x03: { /* set transfer mode: PIO, (U)DMA modes we offer */
        uint8_t mode = s->nsector & 0x07;
        switch (s->nsector >> 3) {
        case 0x00: /* PIO default */
        case 0x01: /* PIO flow control */
            break;
        case 0x02: /* single word DMA */
        case 0x04: /* multiword DMA */
            if (!s->bus->bmdma || mode > 2) {
                return false;
            }
            break;
        case 0x08: /* UDMA */
            if (!s->bus->bmdma || mode > 5) {
                return false;
            }
            break;
        default:
            return false;
        }
        s->xfer_mode = s->nsector;
        return true;
    }
    }
    return false;
}

static void ide_exec_cmd_hd(IDEState *s, uint8_t val)
{
    bool lba48 = false;

    switch (val) {
    case WIN_IDENTIFY:
        ide_identify(s);
        s->status = READY_STAT | SEEK_STAT;
        ide_transfer_start(s, s->io_buffer, 512, ide_transfer_stop);
        ide_set_irq(s->bus);
        return;
    case WIN_SPECIFY:
        /* INITIALIZE DEVICE PARAMETERS: the logical geometry CHS
         * addressing uses from now on (QEMU ignores it: D34). */
        if (!s->nsector) {
            ide_abort_command(s);
            ide_set_irq(s->bus);
            return;
        }
        s->cur_heads = (s->select & 0x0f) + 1;
        s->cur_sectors = s->nsector;
        ide_cmd_done(s);
        return;
    case WIN_RECAL:
    case WIN_SEEK:
        ide_cmd_done(s);
        return;
    case WIN_SETMULT:
        /* 0 turns multiple mode off (READ/WRITE MULTIPLE then abort) */
        if (s->nsector > MAX_MULT_SECTORS || (s->nsector & (s->nsector - 1))) {
            ide_abort_command(s);
        } else {
            s->mult_sectors = s->nsector;
            s->status = READY_STAT | SEEK_STAT;
        }
        ide_set_irq(s->bus);
        return;
    case WIN_VERIFY_EXT:
        lba48 = true;
        /* fall through */
    case WIN_VERIFY:
    case WIN_VERIFY_ONCE:
        if (ide_start_request(s, lba48, 1)) {
            /* Nothing to read back: the sectors exist. */
            ide_set_sector(s, s->req_sector + s->req_nsector - 1);
            ide_cmd_done(s);
        }
        return;
    case WIN_READ_EXT:
        lba48 = true;
        /* fall through */
    case WIN_READ:
    case WIN_READ_ONCE:
        if (ide_start_request(s, lba48, 1)) {
            ide_sector_read(s);
        }
        return;
    case WIN_MULTREAD_EXT:
        lba48 = true;
        /* fall through */
    case WIN_MULTREAD:
        if (!s->mult_sectors) {
            ide_abort_command(s);
            ide_set_irq(s->bus);
            return;
        }
        if (ide_start_request(s, lba48, s->mult_sectors)) {
            ide_sector_read(s);
        }
        return;
    case WIN_WRITE_EXT:
        lba48 = true;
        /* fall through */
    case WIN_WRITE:
    case WIN_WRITE_ONCE:
    case WIN_MULTWRITE_EXT:
    case WIN_MULTWRITE: {
        bool mult = val == WIN_MULTWRITE || val == WIN_MULTWRITE_EXT;
        if (val == WIN_MULTWRITE_EXT) {
            lba48 = true;
        }
        if (mult && !s->mult_sectors) {
            ide_abort_command(s);
            ide_set_irq(s->bus);
            return;
        }
        if (!ide_start_request(s, lba48, mult ? s->mult_sectors : 1)) {
            return;
        }
        s->status = SEEK_STAT | READY_STAT;
        ide_transfer_start(s, s->io_buffer,
                           MIN(s->req_nsector, (uint32_t)s->req_nb_sectors)
                               << BDRV_SECTOR_BITS,
                           ide_sector_write);
        return;
    }
    case WIN_READDMA_EXT:
    case WIN_WRITEDMA_EXT:
        lba48 = true;
        /* fall through */
    case WIN_READDMA:
    case WIN_READDMA_ONCE:
    case WIN_WRITEDMA:
    case WIN_WRITEDMA_ONCE: {
        bool rd = val == WIN_READDMA || val == WIN_READDMA_ONCE ||
                  val == WIN_READDMA_EXT;
        if (!s->bus->bmdma) {
            ide_abort_command(s);
            ide_set_irq(s->bus);
            return;
        }
        if (ide_start_request(s, lba48, IDE_BUF_SECTORS)) {
            ide_start_dma(s, rd ? IDE_DMA_READ : IDE_DMA_WRITE);
        }
        return;
    }
    case WIN_FLUSH_CACHE:
    case WIN_FLUSH_CACHE_EXT:
        if (s->blk && blk_flush(s->blk) < 0) {
            ide_abort_command(s);
            ide_set_irq(s->bus);
            return;
        }
        ide_cmd_done(s);
        return;
    }
    ide_abort_command(s);
    ide_set_irq(s->bus);
}

static void ide_exec_cmd(IDEBus *bus, uint8_t val)
{
    IDEState *s = idebus_active_if(bus);

    /* Commands to an absent drive are ignored (QEMU: "ignore commands to
     * non existent slave"); so are those to a busy one but DEVICE RESET. */
    if (!s->present) {
        return;
    }
    if ((s->status & (BUSY_STAT | DRQ_STAT)) && val != WIN_DEVICE_RESET) {
        return;
    }
    s->dma_cmd = IDE_DMA_NONE;
    s->dma_pending = false;
    switch (val) {
    case WIN_SETFEATURES:
        if (ide_set_features(s)) {
            ide_cmd_done(s);
        } else {
            ide_abort_command(s);
            ide_set_irq(bus);
        }
        return;
    case WIN_CHECKPOWERMODE1:
    case WIN_CHECKPOWERMODE2:
        s->nsector = 0xff; /* active or idle */
        ide_cmd_done(s);
        return;
    case WIN_STANDBYNOW1:
    case WIN_STANDBYNOW2:
    case WIN_IDLEIMMEDIATE:
    case WIN_IDLEIMMEDIATE2:
    case WIN_STANDBY2:
    case WIN_SETIDLE2:
    case WIN_SLEEPNOW2:
        ide_cmd_done(s);
        return;
    case WIN_DIAGNOSE:
        ide_set_signature(s);
        s->status = s->drive_kind == IDE_CD ? 0 : (READY_STAT | SEEK_STAT);
        s->error = 0x01; /* no error detected */
        ide_set_irq(bus);
        return;
    }
    if (s->drive_kind == IDE_CD) {
        switch (val) {
        case WIN_DEVICE_RESET:
            ide_drive_reset(s);
            ide_set_signature(s);
            s->status = 0x00;
            s->error = 0x01;
            return;
        case WIN_PIDENTIFY:
            ide_atapi_identify(s);
            s->status = READY_STAT | SEEK_STAT;
            ide_transfer_start(s, s->io_buffer, 512, ide_transfer_stop);
            ide_set_irq(bus);
            return;
        case WIN_PACKETCMD:
            /* Feature bit 0: the data phase goes through DMA. */
            if ((s->feature & 0x01) && !bus->bmdma) {
                ide_abort_command(s);
                ide_set_irq(bus);
                return;
            }
            s->atapi_dma = (s->feature & 0x01) != 0;
            s->nsector = ATAPI_INT_REASON_CD;
            s->status = READY_STAT | SEEK_STAT;
            ide_transfer_start(s, s->io_buffer, 12, ide_atapi_cmd);
            return;
        case WIN_FLUSH_CACHE:
        case WIN_FLUSH_CACHE_EXT:
            ide_cmd_done(s);
            return;
        }
        /* ATA commands on an ATAPI device: aborted, with the signature
         * in the registers so the host can tell it is a packet device. */
        ide_abort_command(s);
        ide_set_signature(s);
        ide_set_irq(bus);
        return;
    }
    ide_exec_cmd_hd(s, val);
}

/* ---- registers ---- */

static void ide_clear_hob(IDEBus *bus)
{
    bus->cmd &= ~IDE_CTRL_HOB;
}

static uint64_t ide_ioport_read(IDEBus *bus, unsigned reg)
{
    IDEState *s = idebus_active_if(bus);
    bool hob = bus->cmd & IDE_CTRL_HOB;
    /* No drive at all, or an absent slave: the registers read 0. */
    bool none = (!bus->ifs[0].present && !bus->ifs[1].present) ||
                (bus->unit == 1 && !s->present);

    switch (reg) {
    case 1:
        return none ? 0 : hob ? s->hob_feature : s->error;
    case 2:
        return none ? 0 : hob ? s->hob_nsector : s->nsector;
    case 3:
        return none ? 0 : hob ? s->hob_sector : s->sector;
    case 4:
        return none ? 0 : hob ? s->hob_lcyl : s->lcyl;
    case 5:
        return none ? 0 : hob ? s->hob_hcyl : s->hcyl;
    case 6:
        return none ? 0 : s->select;
    case 7:
        qemu_irq_lower(bus->irq);
        return none ? 0 : s->status;
    }
    return 0xff;
}

static void ide_ioport_write(IDEBus *bus, unsigned reg, uint8_t val)
{
    /* Writes to the taskfile go to both drives (they share the cable);
     * the previous value moves to the HOB half for LBA48. */
    for (int i = 0; i < 2; i++) {
        IDEState *s = &bus->ifs[i];
        switch (reg) {
        case 1:
            s->hob_feature = s->feature;
            s->feature = val;
            break;
        case 2:
            s->hob_nsector = s->nsector;
            s->nsector = val;
            break;
        case 3:
            s->hob_sector = s->sector;
            s->sector = val;
            break;
        case 4:
            s->hob_lcyl = s->lcyl;
            s->lcyl = val;
            break;
        case 5:
            s->hob_hcyl = s->hcyl;
            s->hcyl = val;
            break;
        case 6:
            s->select = (uint8_t)(val | 0xa0);
            break;
        }
    }
    if (reg >= 1 && reg <= 5) {
        ide_clear_hob(bus);
    } else if (reg == 6) {
        ide_clear_hob(bus);
        bus->unit = (val >> 4) & 1;
    } else if (reg == 7) {
        ide_clear_hob(bus);
        qemu_irq_lower(bus->irq);
        ide_exec_cmd(bus, val);
    }
}

static uint64_t ide_data_read(IDEBus *bus, unsigned size)
{
    IDEState *s = idebus_active_if(bus);
    uint8_t *p = s->data_ptr;
    uint64_t v = 0;

    if (!(s->status & DRQ_STAT) || s->end_transfer_func == NULL ||
        p >= s->data_end) {
        return 0;
    }
    /* An odd-length ATAPI reply ends in half a word: the rest reads 0,
     * as the padding of real drives (D34). */
    if (size > (unsigned)(s->data_end - p)) {
        size = (unsigned)(s->data_end - p);
    }
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    s->data_ptr = p + size;
    if (s->data_ptr >= s->data_end) {
        s->status &= ~DRQ_STAT;
        s->end_transfer_func(s);
    }
    return v;
}

static void ide_data_write(IDEBus *bus, uint64_t val, unsigned size)
{
    IDEState *s = idebus_active_if(bus);
    uint8_t *p = s->data_ptr;

    if (!(s->status & DRQ_STAT) || s->end_transfer_func == NULL ||
        p >= s->data_end) {
        return;
    }
    if (size > (unsigned)(s->data_end - p)) {
        size = (unsigned)(s->data_end - p);
    }
    for (unsigned i = 0; i < size; i++) {
        p[i] = (uint8_t)(val >> (8 * i));
    }
    s->data_ptr = p + size;
    if (s->data_ptr >= s->data_end) {
        s->status &= ~DRQ_STAT;
        s->end_transfer_func(s);
    }
}

static uint64_t ide_cmd_io_read(void *opaque, hwaddr addr, unsigned size)
{
    IDEBus *bus = opaque;
    if (addr == 0) {
        /* a byte read of the data port reads one byte of the stream */
        return ide_data_read(bus, size);
    }
    return ide_ioport_read(bus, (unsigned)addr);
}

static void ide_cmd_io_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    IDEBus *bus = opaque;
    if (addr == 0) {
        ide_data_write(bus, val, size);
        return;
    }
    ide_ioport_write(bus, (unsigned)addr, (uint8_t)val);
}

static const MemoryRegionOps ide_cmd_io_ops = {
    .read = ide_cmd_io_read,
    .write = ide_cmd_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 4},
};

static uint64_t ide_ctrl_read(void *opaque, hwaddr addr, unsigned size)
{
    IDEBus *bus = opaque;
    IDEState *s = idebus_active_if(bus);
    (void)addr, (void)size;

    /* Alternate status: the status without clearing the interrupt. */
    if ((!bus->ifs[0].present && !bus->ifs[1].present) ||
        (bus->unit == 1 && !s->present)) {
        return 0;
    }
    return s->status;
}

static void ide_ctrl_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    IDEBus *bus = opaque;
    (void)addr, (void)size;

    if (!(bus->cmd & IDE_CTRL_RESET) && (val & IDE_CTRL_RESET)) {
        /* SRST set: both drives busy until it is cleared. */
        for (int i = 0; i < 2; i++) {
            bus->ifs[i].status = BUSY_STAT | SEEK_STAT;
            bus->ifs[i].error = 0x01;
        }
    } else if ((bus->cmd & IDE_CTRL_RESET) && !(val & IDE_CTRL_RESET)) {
        for (int i = 0; i < 2; i++) {
            IDEState *s = &bus->ifs[i];
            ide_drive_reset(s);
            s->status =
                s->drive_kind == IDE_CD ? 0x00 : (READY_STAT | SEEK_STAT);
            ide_set_signature(s);
        }
        bus->unit = 0;
    }
    bus->cmd = (uint8_t)val;
}

static const MemoryRegionOps ide_ctrl_ops = {
    .read = ide_ctrl_read,
    .write = ide_ctrl_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 1},
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

/* ---- drives ---- */

/* QEMU's guess for an image without a partition table: 16 heads, 63
 * sectors, as many cylinders as fit (2..16383); the MBR is not read
 * (D34). */
static void ide_guess_geometry(IDEState *s)
{
    uint64_t cyls = s->nb_sectors / (16 * 63);
    s->heads = 16;
    s->sectors = 63;
    s->cylinders = (int)(cyls > 16383 ? 16383 : cyls < 2 ? 2 : cyls);
}

void ide_drive_reset(IDEState *s)
{
    s->mult_sectors = MAX_MULT_SECTORS;
    s->xfer_mode = 0x40 | 5; /* UDMA 5 selected, as QEMU's IDENTIFY says */
    s->cur_heads = s->heads;
    s->cur_sectors = s->sectors;
    s->feature = 0;
    s->error = 0x01;
    s->nsector = 0;
    s->sector = 0;
    s->lcyl = 0;
    s->hcyl = 0;
    s->hob_feature = s->hob_nsector = s->hob_sector = 0;
    s->hob_lcyl = s->hob_hcyl = 0;
    s->select = 0xa0;
    s->status =
        s->present ? (s->drive_kind == IDE_CD ? 0 : READY_STAT | SEEK_STAT) : 0;
    s->lba48 = false;
    s->req_nsector = 0;
    s->dma_cmd = IDE_DMA_NONE;
    s->dma_pending = false;
    s->atapi_dma = false;
    s->sense_key = 0;
    s->asc = 0;
    s->cd_lba = -1;
    s->packet_transfer_size = 0;
    ide_transfer_stop(s);
    s->status &= ~DRQ_STAT;
}

bool ide_drive_attach(IDEBus *bus, int unit, IDEDriveKind kind,
                      BlockBackend *blk)
{
    IDEState *s;

    if (unit < 0 || unit > 1 || bus->ifs[unit].present ||
        (kind == IDE_HD && !blk)) {
        return false;
    }
    s = &bus->ifs[unit];
    s->present = true;
    s->drive_kind = kind;
    s->blk = blk;
    s->nb_sectors = blk ? blk_nb_sectors(blk) : 0;
    /* QEMU's names: guests have quirks keyed on them. */
    strcpy(s->drive_model_str,
           kind == IDE_CD ? "QEMU DVD-ROM" : "QEMU HARDDISK");
    strcpy(s->drive_serial_str, "QM0000");
    s->drive_serial_str[6] = (char)('1' + bus->bus_id * 2 + unit);
    s->drive_serial_str[7] = 0;
    if (kind == IDE_HD) {
        ide_guess_geometry(s);
    }
    ide_drive_reset(s);
    ide_set_signature(s);
    return true;
}

void ide_bus_init(IDEBus *bus, int bus_id, qemu_irq irq)
{
    memset(bus, 0, sizeof(*bus));
    bus->bus_id = bus_id;
    bus->irq = irq;
    for (int i = 0; i < 2; i++) {
        bus->ifs[i].bus = bus;
        bus->ifs[i].unit = (uint8_t)i;
        ide_drive_reset(&bus->ifs[i]);
        ide_set_signature(&bus->ifs[i]);
    }
}

void ide_bus_reset(IDEBus *bus)
{
    bus->unit = 0;
    bus->cmd = 0;
    for (int i = 0; i < 2; i++) {
        ide_drive_reset(&bus->ifs[i]);
        ide_set_signature(&bus->ifs[i]);
    }
    qemu_irq_lower(bus->irq);
}

void ide_init_ioport(IDEBus *bus, MemoryRegion *io, uint16_t iobase,
                     uint16_t iobase2)
{
    memory_region_init_io(&bus->cmd_io, NULL, &ide_cmd_io_ops, bus, "ide", 8);
    memory_region_add_subregion(io, iobase, &bus->cmd_io);
    memory_region_init_io(&bus->ctrl_io, NULL, &ide_ctrl_ops, bus, "ide", 1);
    memory_region_add_subregion(io, iobase2, &bus->ctrl_io);
}
