/*
 * Bus-master IDE DMA (SFF-8038i, QEMU's hw/ide/pci.c): per channel a
 * command register (START, direction), a status register (ACTIVE, ERROR
 * and INT are write-1-to-clear; the two drive-capable bits are plain) and
 * the address of a table of physical region descriptors (PRDs: address,
 * byte count with 0 meaning 64 KiB, end-of-table bit). A DMA command runs
 * when both the drive has it and START is set, all at once: the machine is
 * single-threaded and guest time does not pass during a transfer
 * (docs/deviations.md D34).
 *
 * Every byte moves through the memory API (dma_as). A PRD or a buffer
 * outside RAM is defined: the transfer stops, the status gets ERROR and
 * INT, the drive reports an aborted command; the guest-error log says
 * where.
 */
#include "ide-internal.h"

#define PCI_COMMAND_MASTER 0x4

void bmdma_rewind(BMDMAState *bm)
{
    bm->cur_addr = bm->addr;
    bm->cur_prd_len = 0;
    bm->cur_prd_last = false;
}

void bmdma_set_inactive(BMDMAState *bm, bool more)
{
    if (!more) {
        bm->status &= ~BM_STATUS_DMAING;
    }
}

long bmdma_rw_buf(BMDMAState *bm, uint8_t *buf, uint32_t len, bool to_memory)
{
    AddressSpace *as = bm->bus->dma_as;
    uint32_t done = 0;

    while (done < len) {
        if (!bm->cur_prd_len) {
            uint8_t prd[8];
            if (bm->cur_prd_last) {
                return (long)done; /* the table ended first */
            }
            if (address_space_read(as, bm->cur_addr, MEMTXATTRS_UNSPECIFIED,
                                   prd, 8) != MEMTX_OK) {
                qemu_log_mask(LOG_GUEST_ERROR,
                              "bmdma: PRD at 0x%08x is not in RAM\n",
                              (unsigned)bm->cur_addr);
                bm->status |= BM_STATUS_ERROR;
                return -1;
            }
            bm->cur_addr += 8;
            bm->cur_prd_addr = ldl_le_p(prd) & ~1u;
            bm->cur_prd_len = ldl_le_p(prd + 4) & 0xfffe;
            if (!bm->cur_prd_len) {
                bm->cur_prd_len = 0x10000;
            }
            bm->cur_prd_last = (ldl_le_p(prd + 4) & 0x80000000u) != 0;
        }
        uint32_t n = MIN(len - done, bm->cur_prd_len);
        MemTxResult r =
            to_memory
                ? address_space_write(as, bm->cur_prd_addr,
                                      MEMTXATTRS_UNSPECIFIED, buf + done, n)
                : address_space_read(as, bm->cur_prd_addr,
                                     MEMTXATTRS_UNSPECIFIED, buf + done, n);
        if (r != MEMTX_OK) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "bmdma: DMA %s 0x%08x+%u is outside RAM\n",
                          to_memory ? "to" : "from", (unsigned)bm->cur_prd_addr,
                          (unsigned)n);
            bm->status |= BM_STATUS_ERROR;
            return -1;
        }
        bm->cur_prd_addr += n;
        bm->cur_prd_len -= n;
        done += n;
    }
    return (long)done;
}

static void ide_dma_error(IDEState *s)
{
    bmdma_set_inactive(s->bus->bmdma, false);
    ide_abort_command(s);
    ide_set_irq(s->bus);
}

/* The address and count registers after a DMA stopped at sector with
 * left sectors to go. */
static void ide_dma_set_progress(IDEState *s, uint64_t sector, uint32_t left)
{
    ide_set_sector(s, sector);
    s->nsector = (uint8_t)left;
    if (s->lba48) {
        s->hob_nsector = (uint8_t)(left >> 8);
    }
}

void ide_dma_run(IDEState *s)
{
    BMDMAState *bm = s->bus->bmdma;
    bool to_memory = s->dma_cmd != IDE_DMA_WRITE;

    s->dma_pending = false;
    bmdma_rewind(bm);
    if (s->bus->pci_command && !(*s->bus->pci_command & PCI_COMMAND_MASTER)) {
        /* Bus mastering is off: nothing reaches memory. */
        qemu_log_mask(LOG_GUEST_ERROR, "bmdma: DMA with bus master off\n");
        bm->status |= BM_STATUS_ERROR;
        ide_dma_error(s);
        return;
    }
    /* The direction comes from the ATA command, not BM_CMD_READ (as in
     * QEMU). */
    if (s->dma_cmd == IDE_DMA_ATAPI) {
        ide_atapi_dma_run(s);
        return;
    }
    while (s->req_nsector) {
        uint32_t n = MIN(s->req_nsector, (uint32_t)IDE_BUF_SECTORS);
        uint32_t bytes = n << BDRV_SECTOR_BITS;
        long moved;
        int r = 0;

        if (to_memory) {
            r = blk_pread(s->blk, s->req_sector << BDRV_SECTOR_BITS,
                          s->io_buffer, bytes);
            if (r < 0) {
                ide_dma_set_progress(s, s->req_sector, s->req_nsector);
                ide_dma_error(s);
                s->error = ABRT_ERR | ECC_ERR;
                return;
            }
            moved = bmdma_rw_buf(bm, s->io_buffer, bytes, true);
        } else {
            moved = bmdma_rw_buf(bm, s->io_buffer, bytes, false);
        }
        if (moved < 0) {
            ide_dma_set_progress(s, s->req_sector, s->req_nsector);
            ide_dma_error(s);
            return;
        }
        if ((uint32_t)moved < bytes) {
            /* PRDs too short: whole sectors moved count, ACTIVE goes off
             * and there is no interrupt (QEMU's ide_dma_cb). */
            uint32_t whole = (uint32_t)moved >> BDRV_SECTOR_BITS;
            if (!to_memory && whole) {
                blk_pwrite(s->blk, s->req_sector << BDRV_SECTOR_BITS,
                           s->io_buffer, (size_t)whole << BDRV_SECTOR_BITS);
            }
            s->req_sector += whole;
            s->req_nsector -= whole;
            ide_dma_set_progress(s, s->req_sector, s->req_nsector);
            s->status = READY_STAT | SEEK_STAT;
            s->dma_cmd = IDE_DMA_NONE;
            bmdma_set_inactive(bm, false);
            return;
        }
        if (!to_memory) {
            r = blk_pwrite(s->blk, s->req_sector << BDRV_SECTOR_BITS,
                           s->io_buffer, bytes);
            if (r < 0) {
                ide_dma_set_progress(s, s->req_sector, s->req_nsector);
                ide_dma_error(s);
                return;
            }
        }
        s->req_sector += n;
        s->req_nsector -= n;
    }
    ide_dma_set_progress(s, s->req_sector, 0);
    s->status = READY_STAT | SEEK_STAT;
    s->error = 0;
    s->dma_cmd = IDE_DMA_NONE;
    /* PRDs left over: ACTIVE stays on (the guest sees the table was
     * longer than the transfer). */
    bmdma_set_inactive(bm, !bm->cur_prd_last || bm->cur_prd_len);
    ide_set_irq(s->bus);
}

/* ---- the registers: 8 bytes per channel ---- */

static void bmdma_cmd_write(BMDMAState *bm, uint8_t val)
{
    val &= BM_CMD_START | BM_CMD_READ;
    if (!(val & BM_CMD_START)) {
        /* Stopping aborts a transfer in progress (none here: transfers
         * complete at once) and clears ACTIVE. */
        bm->status &= ~BM_STATUS_DMAING;
        bm->cmd = val;
        return;
    }
    if (!(bm->cmd & BM_CMD_START)) {
        bm->cmd = val;
        bm->status |= BM_STATUS_DMAING;
        for (int i = 0; i < 2; i++) {
            IDEState *s = &bm->bus->ifs[i];
            if (s->dma_pending) {
                ide_dma_run(s);
                break;
            }
        }
        return;
    }
    bm->cmd = val;
}

uint64_t bmdma_read(BMDMAState *bm, hwaddr addr, unsigned size)
{
    uint64_t v;
    switch (addr) {
    case 0:
        v = bm->cmd;
        break;
    case 2:
        v = bm->status;
        break;
    case 4:
    case 5:
    case 6:
    case 7:
        v = bm->addr >> ((addr - 4) * 8);
        break;
    default:
        v = 0;
        break;
    }
    return size == 4 ? (uint32_t)v : size == 2 ? (uint16_t)v : (uint8_t)v;
}

void bmdma_write(BMDMAState *bm, hwaddr addr, uint64_t val, unsigned size)
{
    switch (addr) {
    case 0:
        bmdma_cmd_write(bm, (uint8_t)val);
        break;
    case 2:
        /* bits 5-6 plain, ERROR and INT write-1-to-clear, ACTIVE read-only */
        bm->status =
            (uint8_t)((val & 0x60) | (bm->status & BM_STATUS_DMAING) |
                      (bm->status & ~val & (BM_STATUS_ERROR | BM_STATUS_INT)));
        break;
    case 4:
    case 5:
    case 6:
    case 7: {
        unsigned shift = (unsigned)(addr - 4) * 8;
        uint32_t mask = (size == 4   ? 0xffffffffu
                         : size == 2 ? 0xffffu
                                     : 0xffu)
                        << shift;
        bm->addr = (bm->addr & ~mask) | (((uint32_t)val << shift) & mask);
        bm->addr &= ~3u;
        break;
    }
    }
}
