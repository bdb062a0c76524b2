/* The IDE ATA state machines through the ports, as a driver sees them:
 * PCI identity and BAR4, signatures, IDENTIFY, PIO reads and writes in
 * CHS, LBA28 and LBA48, READ/WRITE MULTIPLE, READ VERIFY, SET FEATURES,
 * FLUSH CACHE, INITIALIZE DEVICE PARAMETERS, errors, interrupts, soft
 * reset, and bus-master DMA (PRD tables, short tables, DMA outside RAM,
 * bus master off). */
#include "ide-test.h"

#define DISK_SECTORS 2048 /* 1 MiB */
static uint8_t disk[DISK_SECTORS * 512];

static uint8_t pattern(uint32_t lba, unsigned i)
{
    return (uint8_t)(lba * 7 + i);
}

static int setup(void **state)
{
    (void)state;
    for (uint32_t s = 0; s < DISK_SECTORS; s++) {
        for (unsigned i = 0; i < 512; i++) {
            disk[s * 512 + i] = pattern(s, i);
        }
    }
    it_setup();
    BlockBackend *blk = blk_new_memory("hd", disk, sizeof(disk), false);
    assert_true(ide_drive_attach(&it_ide.bus[0], 0, IDE_HD, blk));
    return 0;
}

static void check_sector(const uint8_t *buf, uint32_t lba)
{
    for (unsigned i = 0; i < 512; i++) {
        if (buf[i] != pattern(lba, i)) {
            fail_msg("sector %u byte %u: 0x%02x", (unsigned)lba, i, buf[i]);
        }
    }
}

static void test_pci_identity(void **state)
{
    (void)state;
    assert_int_equal(it_pci_read(0x00, 4), 0x70108086);
    assert_int_equal(it_pci_read(0x08, 4) >> 8, 0x010180); /* IDE, legacy+BM */
    /* BAR4: 16 bytes of I/O */
    it_pci_write(0x20, 0xffffffff, 4);
    assert_int_equal(it_pci_read(0x20, 4), 0xfffffff1);
    it_enable_bmdma();
    assert_int_equal(it_pci_read(0x20, 4), IT_BMDMA | 1);
    outl(IT_BMDMA + 4, 0x12345);
    assert_int_equal(inl(IT_BMDMA + 4), 0x12344); /* dword aligned */
    /* I/O decode off: the bus master registers vanish */
    it_pci_write(0x04, 0, 2);
    assert_int_equal(inl(IT_BMDMA + 4), 0xffffffff);
}

static void test_signature_and_absent(void **state)
{
    (void)state;
    /* Master: an ATA disk's signature after reset */
    assert_int_equal(inb(0x1f2), 1);
    assert_int_equal(inb(0x1f3), 1);
    assert_int_equal(inb(0x1f4), 0);
    assert_int_equal(inb(0x1f5), 0);
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    /* The absent slave reads 0; a command to it is ignored. */
    outb(0x1f6, 0xb0);
    assert_int_equal(inb(0x1f7), 0);
    assert_int_equal(inb(0x1f4), 0);
    outb(0x1f7, 0xec);
    assert_int_equal(it_irq14.rises, 0);
    /* The empty secondary channel: everything 0 (no drives) */
    assert_int_equal(inb(0x177), 0);
    assert_int_equal(inb(0x376), 0);
}

static void test_identify(void **state)
{
    uint8_t id[512];
    char model[41];
    (void)state;

    outb(0x1f6, 0xa0);
    outb(0x1f7, 0xec);
    assert_int_equal(it_irq14.level, 1);
    /* the alternate status does not clear the interrupt... */
    assert_int_equal(inb(0x3f6), READY_STAT | SEEK_STAT | DRQ_STAT);
    assert_int_equal(it_irq14.level, 1);
    /* ...the status register does */
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT | DRQ_STAT);
    assert_int_equal(it_irq14.level, 0);
    it_pio_in(0x1f0, id, 256);
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    assert_int_equal(it_word(id, 0), 0x0040);
    assert_int_equal(it_word(id, 1), 2); /* 2048 / (16 * 63) -> 2 */
    assert_int_equal(it_word(id, 3), 16);
    assert_int_equal(it_word(id, 6), 63);
    assert_int_equal(it_word(id, 60) | (it_word(id, 61) << 16), DISK_SECTORS);
    assert_int_equal(it_word(id, 100), DISK_SECTORS);
    assert_int_equal(it_word(id, 80), 0xf0);  /* up to ATA-7 */
    assert_true(it_word(id, 49) & (1 << 9));  /* LBA */
    assert_true(it_word(id, 49) & (1 << 8));  /* DMA (a bus master) */
    assert_true(it_word(id, 83) & (1 << 10)); /* LBA48 */
    assert_int_equal(it_word(id, 47) & 0xff, MAX_MULT_SECTORS);
    for (int i = 0; i < 40; i++) {
        model[i] = (char)id[54 + (i ^ 1)];
    }
    model[40] = 0;
    assert_memory_equal(model, "QEMU HARDDISK   ", 16);
    /* past the end: the data port reads 0 */
    assert_int_equal(inw(0x1f0), 0);
}

static void test_read_lba28_and_chs(void **state)
{
    uint8_t buf[3 * 512];
    (void)state;

    it_lba28(0x1f0, 0, 100, 3, 0x20);
    for (int s = 0; s < 3; s++) {
        assert_int_equal(it_irq14.level, 1);
        assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT | DRQ_STAT);
        it_pio_in(0x1f0, buf + 512 * s, 256);
    }
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    assert_int_equal(it_irq14.rises, 3);
    for (int s = 0; s < 3; s++) {
        check_sector(buf + 512 * s, 100 + (uint32_t)s);
    }
    /* the registers point past the last sector, the count is 0 */
    assert_int_equal(inb(0x1f3), 103);
    assert_int_equal(inb(0x1f2), 0);
    /* CHS: cylinder 1, head 2, sector 5 -> (1 * 16 + 2) * 63 + 4 */
    outb(0x1f6, 0xa2);
    outb(0x1f2, 1);
    outb(0x1f3, 5);
    outb(0x1f4, 1);
    outb(0x1f5, 0);
    outb(0x1f7, 0x20);
    it_pio_in(0x1f0, buf, 256);
    check_sector(buf, (1 * 16 + 2) * 63 + 4);
    /* sector 0 does not exist in CHS: ID not found */
    outb(0x1f3, 0);
    outb(0x1f7, 0x20);
    assert_int_equal(inb(0x1f7), READY_STAT | ERR_STAT);
    assert_int_equal(inb(0x1f1), ID_ERR);
    /* past the end of the disk */
    it_lba28(0x1f0, 0, DISK_SECTORS - 1, 2, 0x20);
    assert_int_equal(inb(0x1f7), READY_STAT | ERR_STAT);
    assert_int_equal(inb(0x1f1), ID_ERR);
}

static void test_initialize_device_parameters(void **state)
{
    uint8_t buf[512], id[512];
    (void)state;
    /* 4 heads, 17 sectors per track */
    outb(0x1f6, 0xa3);
    outb(0x1f2, 17);
    outb(0x1f7, 0x91);
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    outb(0x1f6, 0xa1); /* head 1 */
    outb(0x1f2, 1);
    outb(0x1f3, 3);
    outb(0x1f4, 2); /* cylinder 2 */
    outb(0x1f5, 0);
    outb(0x1f7, 0x20);
    it_pio_in(0x1f0, buf, 256);
    check_sector(buf, (2 * 4 + 1) * 17 + 2);
    outb(0x1f7, 0xec);
    it_pio_in(0x1f0, id, 256);
    assert_int_equal(it_word(id, 55), 4);
    assert_int_equal(it_word(id, 56), 17);
    assert_int_equal(it_word(id, 3), 16); /* the default stays */
}

static void test_lba48(void **state)
{
    uint8_t buf[512];
    (void)state;
    /* LBA 0x000000000500, 1 sector: high bytes first (HOB), then low */
    outb(0x1f6, 0x40);
    outb(0x1f2, 0);    /* count high */
    outb(0x1f3, 0);    /* LBA 31:24 */
    outb(0x1f4, 0);    /* LBA 39:32 */
    outb(0x1f5, 0);    /* LBA 47:40 */
    outb(0x1f2, 1);    /* count low */
    outb(0x1f3, 0x00); /* LBA 7:0 */
    outb(0x1f4, 0x05); /* LBA 15:8 */
    outb(0x1f5, 0x00);
    outb(0x1f7, 0x24);
    it_pio_in(0x1f0, buf, 256);
    check_sector(buf, 0x500);
    /* HOB reads back the high halves */
    outb(0x3f6, IDE_CTRL_HOB);
    assert_int_equal(inb(0x1f3), 0);
    outb(0x3f6, 0);
    assert_int_equal(inb(0x1f3), 1); /* next sector 0x501 */
    /* an LBA48 address beyond the disk: ID not found */
    outb(0x1f3, 1); /* LBA 31:24 = 1 */
    outb(0x1f3, 0);
    outb(0x1f2, 0);
    outb(0x1f2, 1);
    outb(0x1f7, 0x24);
    assert_int_equal(inb(0x1f7), READY_STAT | ERR_STAT);
    assert_int_equal(inb(0x1f1), ID_ERR);
}

static void test_write_and_multiple(void **state)
{
    uint8_t w[4 * 512], r[4 * 512];
    (void)state;
    for (unsigned i = 0; i < sizeof(w); i++) {
        w[i] = (uint8_t)(i * 3 + 1);
    }
    /* WRITE SECTORS: DRQ at once without an interrupt, one after each
     * sector */
    it_lba28(0x1f0, 0, 10, 2, 0x30);
    assert_int_equal(inb(0x3f6), READY_STAT | SEEK_STAT | DRQ_STAT);
    assert_int_equal(it_irq14.rises, 0);
    it_pio_out(0x1f0, w, 256);
    assert_int_equal(it_irq14.rises, 1);
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT | DRQ_STAT);
    it_pio_out(0x1f0, w + 512, 256);
    assert_int_equal(it_irq14.rises, 2);
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    assert_int_equal(disk[10 * 512], pattern(10, 0)); /* image untouched */
    /* READ MULTIPLE needs SET MULTIPLE MODE; bad counts are aborted */
    outb(0x1f2, 3);
    outb(0x1f7, 0xc6);
    assert_int_equal(inb(0x1f7), READY_STAT | ERR_STAT);
    assert_int_equal(inb(0x1f1), ABRT_ERR);
    outb(0x1f2, 0); /* multiple mode off: READ MULTIPLE aborts */
    outb(0x1f7, 0xc6);
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    it_lba28(0x1f0, 0, 9, 4, 0xc4);
    assert_int_equal(inb(0x1f7), READY_STAT | ERR_STAT);
    outb(0x1f2, 2);
    outb(0x1f7, 0xc6);
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    int before = it_irq14.rises;
    it_lba28(0x1f0, 0, 9, 4, 0xc4);
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT | DRQ_STAT);
    it_pio_in(0x1f0, r, 512); /* one DRQ block: 2 sectors */
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT | DRQ_STAT);
    it_pio_in(0x1f0, r + 1024, 512);
    assert_int_equal(it_irq14.rises - before, 2);
    check_sector(r, 9);
    assert_memory_equal(r + 512, w, 1024);
    check_sector(r + 1536, 12);
    /* WRITE MULTIPLE */
    it_lba28(0x1f0, 0, 20, 4, 0xc5);
    it_pio_out(0x1f0, w, 1024);
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    it_lba28(0x1f0, 0, 20, 4, 0x20);
    for (int s = 0; s < 4; s++) {
        it_pio_in(0x1f0, r + 512 * s, 256);
    }
    assert_memory_equal(r, w, sizeof(w));
}

static void test_verify_features_flush(void **state)
{
    (void)state;
    it_lba28(0x1f0, 0, 50, 8, 0x40);
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    it_lba28(0x1f0, 0, DISK_SECTORS - 4, 8, 0x40);
    assert_int_equal(inb(0x1f7), READY_STAT | ERR_STAT);
    /* SET FEATURES: write cache on, UDMA 5 (a bus master is there), an
     * unknown subcommand is aborted */
    outb(0x1f1, 0x02);
    outb(0x1f7, 0xef);
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    uint8_t id[512];
    outb(0x1f7, 0xec);
    it_pio_in(0x1f0, id, 256);
    assert_int_equal(it_word(id, 88), 0x3f | (1 << 13)); /* UDMA 5 set */
    outb(0x1f1, 0x03);
    outb(0x1f2, 0x22); /* multiword DMA 2 */
    outb(0x1f7, 0xef);
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    outb(0x1f7, 0xec);
    it_pio_in(0x1f0, id, 256);
    assert_int_equal(it_word(id, 63), 0x07 | (1 << 10));
    assert_int_equal(it_word(id, 88), 0x3f);
    outb(0x1f1, 0x03);
    outb(0x1f2, 0x46); /* UDMA 6: not offered */
    outb(0x1f7, 0xef);
    assert_int_equal(inb(0x1f7), READY_STAT | ERR_STAT);
    outb(0x1f1, 0x03);
    outb(0x1f2, 0x45);
    outb(0x1f7, 0xef);
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    outb(0x1f1, 0x77);
    outb(0x1f7, 0xef);
    assert_int_equal(inb(0x1f7), READY_STAT | ERR_STAT);
    assert_int_equal(inb(0x1f1), ABRT_ERR);
    /* FLUSH CACHE (the overlay: nothing to flush, counted) */
    outb(0x1f7, 0xe7);
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    assert_int_equal(it_ide.bus[0].ifs[0].blk->flushes, 1);
    outb(0x1f7, 0xea);
    assert_int_equal(it_ide.bus[0].ifs[0].blk->flushes, 2);
    /* an unknown command is aborted with an interrupt */
    int before = it_irq14.rises;
    outb(0x1f7, 0xfe);
    assert_int_equal(it_irq14.rises, before + 1);
    assert_int_equal(inb(0x1f7), READY_STAT | ERR_STAT);
    assert_int_equal(inb(0x1f1), ABRT_ERR);
    /* nIEN masks the interrupt */
    outb(0x3f6, IDE_CTRL_DISABLE_IRQ);
    before = it_irq14.rises;
    outb(0x1f7, 0xe7);
    assert_int_equal(it_irq14.rises, before);
    outb(0x3f6, 0);
}

static void test_soft_reset(void **state)
{
    (void)state;
    it_lba28(0x1f0, 0, 5, 2, 0x20); /* a read in progress */
    assert_true(inb(0x1f7) & DRQ_STAT);
    outb(0x3f6, IDE_CTRL_RESET);
    assert_int_equal(inb(0x3f6), BUSY_STAT | SEEK_STAT);
    outb(0x3f6, 0);
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    assert_int_equal(inb(0x1f1), 0x01);
    assert_int_equal(inb(0x1f2), 1);
    assert_int_equal(inb(0x1f3), 1);
    assert_int_equal(inb(0x1f4), 0);
    assert_int_equal(inw(0x1f0), 0); /* the transfer is gone */
}

static void test_overlay_full_write_error(void **state)
{
    uint8_t w[512];
    (void)state;
    memset(w, 0x42, sizeof(w));
    size_t total = blk_cow_clusters_total();
    /* each write to a fresh cluster takes one; the one past the arena is
     * an aborted command with an interrupt, and later reads still work */
    for (size_t c = 0; c < total; c++) {
        it_lba28(0x1f0, 0, (uint32_t)c * 8, 1, 0x30);
        it_pio_out(0x1f0, w, 256);
        assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    }
    int before = it_irq14.rises;
    it_lba28(0x1f0, 0, (uint32_t)total * 8, 1, 0x30);
    it_pio_out(0x1f0, w, 256);
    assert_int_equal(it_irq14.rises, before + 1);
    assert_int_equal(inb(0x1f7), READY_STAT | ERR_STAT);
    assert_int_equal(inb(0x1f1), ABRT_ERR);
    assert_int_equal(inb(0x1f3), (uint8_t)(total * 8)); /* the failed LBA */
    assert_true(it_ide.bus[0].ifs[0].blk->warned_full);
    uint8_t r[512];
    it_lba28(0x1f0, 0, (uint32_t)total * 8, 1, 0x20);
    it_pio_in(0x1f0, r, 256);
    check_sector(r, (uint32_t)total * 8);
}

/* ---- bus-master DMA ---- */

static void test_dma_read_write(void **state)
{
    uint8_t buf[4 * 512];
    (void)state;
    it_enable_bmdma();
    /* READ DMA of 4 sectors into two PRDs: 1 KiB at 0x10000, 1 KiB at
     * 0x20000 */
    it_prd(0x1000, 0, 0x10000, 1024, false);
    it_prd(0x1000, 1, 0x20000, 1024, true);
    outl(IT_BMDMA + 4, 0x1000);
    it_lba28(0x1f0, 0, 300, 4, 0xc8);
    assert_int_equal(inb(0x3f6), READY_STAT | SEEK_STAT | DRQ_STAT);
    assert_int_equal(it_irq14.rises, 0); /* nothing before START */
    outb(IT_BMDMA, BM_CMD_START | BM_CMD_READ);
    assert_int_equal(it_irq14.rises, 1);
    assert_int_equal(inb(IT_BMDMA + 2) & 7, BM_STATUS_INT); /* done, idle */
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    it_ram_read(0x10000, buf, 1024);
    it_ram_read(0x20000, buf + 1024, 1024);
    for (int s = 0; s < 4; s++) {
        check_sector(buf + 512 * s, 300 + (uint32_t)s);
    }
    outb(IT_BMDMA + 2, BM_STATUS_INT); /* write 1 to clear */
    assert_int_equal(inb(IT_BMDMA + 2) & 7, 0);
    outb(IT_BMDMA, 0);
    /* WRITE DMA (LBA48) of 2 sectors from 0x30000, then PIO read back */
    for (int i = 0; i < 1024; i++) {
        buf[i] = (uint8_t)(0xa5 ^ i);
    }
    it_ram_write(0x30000, buf, 1024);
    it_prd(0x1000, 0, 0x30000, 1024, true);
    outb(0x1f6, 0x40);
    outb(0x1f2, 0);
    outb(0x1f2, 2);
    outb(0x1f3, 0);
    outb(0x1f3, 40);
    outb(0x1f4, 0);
    outb(0x1f4, 0);
    outb(0x1f5, 0);
    outb(0x1f5, 0);
    outb(0x1f7, 0x35);
    outb(IT_BMDMA, BM_CMD_START); /* START first is fine too */
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    outb(IT_BMDMA, 0);
    uint8_t r[1024];
    it_lba28(0x1f0, 0, 40, 2, 0x20);
    it_pio_in(0x1f0, r, 256);
    it_pio_in(0x1f0, r + 512, 256);
    assert_memory_equal(r, buf, 1024);
}

static void test_dma_64k_prd(void **state)
{
    static uint8_t buf[128 * 512];
    (void)state;
    it_enable_bmdma();
    /* A PRD count of 0 is 64 KiB: READ DMA EXT of 128 sectors in one */
    it_prd(0x1000, 0, 0x10000, 0, true);
    outl(IT_BMDMA + 4, 0x1000);
    outb(0x1f6, 0x40);
    outb(0x1f2, 0);
    outb(0x1f2, 128);
    outb(0x1f3, 0);
    outb(0x1f3, 0);
    outb(0x1f4, 0);
    outb(0x1f4, 1); /* LBA 256 */
    outb(0x1f5, 0);
    outb(0x1f5, 0);
    outb(0x1f7, 0x25);
    outb(IT_BMDMA, BM_CMD_START | BM_CMD_READ);
    assert_int_equal(inb(0x1f7), READY_STAT | SEEK_STAT);
    assert_int_equal(inb(IT_BMDMA + 2) & 7, BM_STATUS_INT);
    it_ram_read(0x10000, buf, sizeof(buf));
    for (uint32_t s = 0; s < 128; s++) {
        check_sector(buf + 512 * s, 256 + s);
    }
    /* the registers point past the transfer: LBA 384 */
    assert_int_equal(inb(0x1f4), 1);
    assert_int_equal(inb(0x1f3), 128);
    outb(IT_BMDMA, 0);
}

static void test_dma_prd_edge_cases(void **state)
{
    uint8_t buf[512];
    (void)state;
    it_enable_bmdma();
    /* PRDs shorter than the transfer: ACTIVE off, no interrupt */
    it_prd(0x1000, 0, 0x10000, 512, true);
    outl(IT_BMDMA + 4, 0x1000);
    it_lba28(0x1f0, 0, 0, 2, 0xc8);
    outb(IT_BMDMA, BM_CMD_START | BM_CMD_READ);
    assert_int_equal(it_irq14.rises, 0);
    assert_int_equal(inb(IT_BMDMA + 2) & BM_STATUS_DMAING, 0);
    it_ram_read(0x10000, buf, 512);
    check_sector(buf, 0);
    outb(IT_BMDMA, 0);
    /* PRDs longer than the transfer: interrupt, ACTIVE stays */
    it_prd(0x1000, 0, 0x10000, 4096, true);
    it_lba28(0x1f0, 0, 1, 1, 0xc8);
    outb(IT_BMDMA, BM_CMD_START | BM_CMD_READ);
    assert_int_equal(it_irq14.rises, 1);
    assert_int_equal(inb(IT_BMDMA + 2) & 7, BM_STATUS_DMAING | BM_STATUS_INT);
    outb(IT_BMDMA, 0); /* stopping clears ACTIVE */
    assert_int_equal(inb(IT_BMDMA + 2) & 7, BM_STATUS_INT);
    outb(IT_BMDMA + 2, BM_STATUS_INT | BM_STATUS_ERROR);
    /* A buffer outside RAM: ERROR, the command aborts with an interrupt */
    it_prd(0x1000, 0, 0xfff00000u, 512, true);
    it_lba28(0x1f0, 0, 1, 1, 0xc8);
    outb(IT_BMDMA, BM_CMD_START | BM_CMD_READ);
    assert_int_equal(inb(IT_BMDMA + 2) & BM_STATUS_ERROR, BM_STATUS_ERROR);
    assert_int_equal(inb(0x1f7), READY_STAT | ERR_STAT);
    assert_int_equal(inb(0x1f1), ABRT_ERR);
    outb(IT_BMDMA, 0);
    outb(IT_BMDMA + 2, BM_STATUS_INT | BM_STATUS_ERROR);
    /* A PRD table outside RAM: the same */
    outl(IT_BMDMA + 4, 0xffff0000u);
    it_lba28(0x1f0, 0, 1, 1, 0xc8);
    outb(IT_BMDMA, BM_CMD_START | BM_CMD_READ);
    assert_int_equal(inb(IT_BMDMA + 2) & BM_STATUS_ERROR, BM_STATUS_ERROR);
    assert_int_equal(inb(0x1f7), READY_STAT | ERR_STAT);
    outb(IT_BMDMA, 0);
    outb(IT_BMDMA + 2, BM_STATUS_INT | BM_STATUS_ERROR);
    /* Bus mastering off in PCI_COMMAND: nothing reaches memory */
    it_pci_write(0x04, 0x0001, 2);
    memset(buf, 0, sizeof(buf));
    it_ram_write(0x10000, buf, 512);
    outl(IT_BMDMA + 4, 0x1000);
    it_prd(0x1000, 0, 0x10000, 512, true);
    it_lba28(0x1f0, 0, 7, 1, 0xc8);
    outb(IT_BMDMA, BM_CMD_START | BM_CMD_READ);
    assert_int_equal(inb(0x1f7), READY_STAT | ERR_STAT);
    it_ram_read(0x10000, buf, 512);
    assert_int_equal(buf[0], 0);
}

static void test_isa_channel(void **state)
{
    IDEBus bus;
    IrqProbe irq;
    uint8_t id[512];
    (void)state;
    hwt_reset();
    blk_reset_all();
    isa_ide_init(&bus, 0, get_system_io(), 0x1f0, 0x3f6, irq_probe_init(&irq));
    BlockBackend *blk = blk_new_memory("hd", disk, sizeof(disk), true);
    assert_true(ide_drive_attach(&bus, 1, IDE_HD, blk));
    assert_false(ide_drive_attach(&bus, 1, IDE_HD, blk));  /* taken */
    assert_false(ide_drive_attach(&bus, 0, IDE_HD, NULL)); /* no image */
    /* the master is absent but the slave exists: master status is 0 */
    assert_int_equal(inb(0x1f7), 0);
    outb(0x1f6, 0xb0);
    outb(0x1f7, 0xec);
    assert_int_equal(irq.level, 1);
    it_pio_in(0x1f0, id, 256);
    assert_int_equal(it_word(id, 49) & (1 << 8), 0); /* no DMA on ISA */
    /* DMA commands are aborted; a read-only image refuses writes */
    it_lba28(0x1f0, 1, 0, 1, 0xc8);
    assert_int_equal(inb(0x1f7), READY_STAT | ERR_STAT);
    it_lba28(0x1f0, 1, 0, 1, 0x30);
    it_pio_out(0x1f0, id, 256);
    assert_int_equal(inb(0x1f7), READY_STAT | ERR_STAT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_pci_identity, setup),
        cmocka_unit_test_setup(test_signature_and_absent, setup),
        cmocka_unit_test_setup(test_identify, setup),
        cmocka_unit_test_setup(test_read_lba28_and_chs, setup),
        cmocka_unit_test_setup(test_initialize_device_parameters, setup),
        cmocka_unit_test_setup(test_lba48, setup),
        cmocka_unit_test_setup(test_write_and_multiple, setup),
        cmocka_unit_test_setup(test_verify_features_flush, setup),
        cmocka_unit_test_setup(test_soft_reset, setup),
        cmocka_unit_test_setup(test_overlay_full_write_error, setup),
        cmocka_unit_test_setup(test_dma_read_write, setup),
        cmocka_unit_test_setup(test_dma_64k_prd, setup),
        cmocka_unit_test_setup(test_dma_prd_edge_cases, setup),
        cmocka_unit_test_setup(test_isa_channel, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
