/* The ATAPI CD-ROM through the ports: signature, IDENTIFY PACKET DEVICE,
 * the PACKET protocol (command phase, PIO data blocks bounded by the byte
 * count limit, status phase) and the MMC commands SeaBIOS and Linux send,
 * sense data after errors, an empty drive, and READ (10) by bus-master
 * DMA. The CD is channel 1 master (0x170, IRQ 15), as QEMU's -cdrom. */
#include "ide-test.h"

#define CD_SECTORS 64
static uint8_t cd[CD_SECTORS * 2048];

static uint8_t pattern(uint32_t lba, unsigned i)
{
    return (uint8_t)(lba * 13 + i + (i >> 8));
}

static int setup_common(bool medium)
{
    for (uint32_t s = 0; s < CD_SECTORS; s++) {
        for (unsigned i = 0; i < 2048; i++) {
            cd[s * 2048 + i] = pattern(s, i);
        }
    }
    it_setup();
    BlockBackend *blk =
        medium ? blk_new_memory("cd", cd, sizeof(cd), true) : NULL;
    assert_true(ide_drive_attach(&it_ide.bus[1], 0, IDE_CD, blk));
    return 0;
}

static int setup(void **state)
{
    (void)state;
    return setup_common(true);
}

static int setup_empty(void **state)
{
    (void)state;
    return setup_common(false);
}

/* Sends a packet; limit is the byte count limit. Returns the reply
 * length read into buf (at most max), checking the protocol on the
 * way; *status gets the final status. */
static size_t packet(const uint8_t cdb[12], uint16_t limit, uint8_t *buf,
                     size_t max, uint8_t *status)
{
    size_t got = 0;
    outb(0x176, 0xa0);
    outb(0x171, 0); /* PIO */
    outb(0x174, (uint8_t)limit);
    outb(0x175, (uint8_t)(limit >> 8));
    outb(0x177, 0xa0);
    assert_int_equal(inb(0x177), READY_STAT | SEEK_STAT | DRQ_STAT);
    assert_int_equal(inb(0x172) & 3, ATAPI_INT_REASON_CD);
    it_pio_out(0x170, cdb, 6);
    while (inb(0x376) & DRQ_STAT) {
        assert_int_equal(it_irq15.level, 1);
        assert_int_equal(inb(0x172) & 3, ATAPI_INT_REASON_IO);
        size_t n = (size_t)(inb(0x174) | (inb(0x175) << 8));
        inb(0x177); /* acknowledge the interrupt */
        assert_true(n > 0 && n <= (limit == 0xffff ? 0xfffe : limit));
        assert_true(got + n <= max);
        it_pio_in(0x170, buf + got, (n + 1) / 2);
        got += n;
    }
    assert_int_equal(it_irq15.level, 1);
    assert_int_equal(inb(0x172) & 3, ATAPI_INT_REASON_IO | ATAPI_INT_REASON_CD);
    *status = inb(0x177);
    assert_int_equal(it_irq15.level, 0);
    return got;
}

static void request_sense(uint8_t *key, uint8_t *asc)
{
    uint8_t cdb[12] = {0x03, 0, 0, 0, 18}, b[18], st;
    assert_int_equal(packet(cdb, 0xfffe, b, sizeof(b), &st), 18);
    assert_int_equal(st, READY_STAT | SEEK_STAT);
    assert_int_equal(b[0] & 0x7f, 0x70);
    *key = b[2] & 0x0f;
    *asc = b[12];
}

static void test_signature_and_identify(void **state)
{
    uint8_t id[512];
    (void)state;
    assert_int_equal(inb(0x174), 0x14);
    assert_int_equal(inb(0x175), 0xeb);
    assert_int_equal(inb(0x177), 0); /* a packet device after reset */
    /* IDENTIFY DEVICE is aborted, the signature stays for the host */
    outb(0x176, 0xa0);
    outb(0x177, 0xec);
    assert_int_equal(inb(0x177), READY_STAT | ERR_STAT);
    assert_int_equal(inb(0x171), ABRT_ERR);
    assert_int_equal(inb(0x174), 0x14);
    assert_int_equal(inb(0x175), 0xeb);
    /* IDENTIFY PACKET DEVICE */
    outb(0x177, 0xa1);
    assert_int_equal(inb(0x177), READY_STAT | SEEK_STAT | DRQ_STAT);
    it_pio_in(0x170, id, 256);
    assert_int_equal(it_word(id, 0) >> 14, 2);         /* ATAPI */
    assert_int_equal((it_word(id, 0) >> 8) & 0x1f, 5); /* CD-ROM */
    assert_true(it_word(id, 0) & 0x80);                /* removable */
    assert_int_equal(it_word(id, 0) & 3, 0);           /* 12-byte packets */
    assert_true(it_word(id, 49) & (1 << 8));           /* DMA */
    char model[13];
    for (int i = 0; i < 12; i++) {
        model[i] = (char)id[54 + (i ^ 1)];
    }
    model[12] = 0;
    assert_string_equal(model, "QEMU DVD-ROM");
    /* soft reset: status 0 again, signature */
    outb(0x376, IDE_CTRL_RESET);
    outb(0x376, 0);
    assert_int_equal(inb(0x177), 0);
    assert_int_equal(inb(0x174), 0x14);
}

static void test_unit_ready_inquiry_capacity(void **state)
{
    uint8_t b[64], st;
    (void)state;
    uint8_t tur[12] = {0x00};
    assert_int_equal(packet(tur, 0xfffe, b, sizeof(b), &st), 0);
    assert_int_equal(st, READY_STAT | SEEK_STAT);
    uint8_t inq[12] = {0x12, 0, 0, 0, 36};
    assert_int_equal(packet(inq, 0xfffe, b, sizeof(b), &st), 36);
    assert_int_equal(b[0], 0x05);
    assert_int_equal(b[1], 0x80);
    assert_memory_equal(b + 16, "QEMU DVD-ROM", 12);
    /* the allocation length cuts the reply */
    inq[4] = 5;
    assert_int_equal(packet(inq, 0xfffe, b, sizeof(b), &st), 5);
    uint8_t cap[12] = {0x25};
    assert_int_equal(packet(cap, 0xfffe, b, sizeof(b), &st), 8);
    assert_int_equal(ldl_be_p(b), CD_SECTORS - 1);
    assert_int_equal(ldl_be_p(b + 4), 2048);
}

static void test_read10_pio_byte_count_limit(void **state)
{
    static uint8_t b[5 * 2048];
    uint8_t st;
    (void)state;
    /* 5 sectors from LBA 7 with blocks of at most 3000 bytes: every block
     * respects the limit, the data is in order */
    uint8_t rd[12] = {0x28, 0, 0, 0, 0, 7, 0, 0, 5};
    assert_int_equal(packet(rd, 3000, b, sizeof(b), &st), 5 * 2048);
    assert_int_equal(st, READY_STAT | SEEK_STAT);
    for (uint32_t s = 0; s < 5; s++) {
        for (unsigned i = 0; i < 2048; i++) {
            if (b[s * 2048 + i] != pattern(7 + s, i)) {
                fail_msg("LBA %u byte %u", (unsigned)(7 + s), i);
            }
        }
    }
    /* READ (12) of the last sector */
    uint8_t rd12[12] = {0xa8, 0, 0, 0, 0, CD_SECTORS - 1, 0, 0, 0, 1};
    assert_int_equal(packet(rd12, 0xffff, b, sizeof(b), &st), 2048);
    assert_int_equal(b[100], pattern(CD_SECTORS - 1, 100));
    /* past the end: CHECK CONDITION, ILLEGAL REQUEST / LBA out of range */
    uint8_t bad[12] = {0x28, 0, 0, 0, 0, CD_SECTORS - 1, 0, 0, 2};
    assert_int_equal(packet(bad, 0xfffe, b, sizeof(b), &st), 0);
    assert_int_equal(st, READY_STAT | ERR_STAT);
    assert_int_equal(inb(0x171) >> 4, 5);
    uint8_t key, asc;
    request_sense(&key, &asc);
    assert_int_equal(key, 5);
    assert_int_equal(asc, 0x21);
    request_sense(&key, &asc); /* sense is cleared once read */
    assert_int_equal(key, 0);
    /* zero sectors: nothing to transfer */
    uint8_t none[12] = {0x28};
    assert_int_equal(packet(none, 0xfffe, b, sizeof(b), &st), 0);
    assert_int_equal(st, READY_STAT | SEEK_STAT);
}

static void test_toc_mode_sense_config_events(void **state)
{
    uint8_t b[256], st;
    (void)state;
    uint8_t toc[12] = {0x43, 0, 0, 0, 0, 0, 0, 0, 0xff};
    size_t n = packet(toc, 0xfffe, b, sizeof(b), &st);
    assert_int_equal(n, 20);
    assert_int_equal(lduw_be_p(b), 18);
    assert_int_equal(b[2], 1);
    assert_int_equal(b[3], 1);
    assert_int_equal(b[5], 0x14); /* data track */
    assert_int_equal(b[14], 0xaa);
    assert_int_equal(ldl_be_p(b + 16), CD_SECTORS);
    /* MSF lead-out: 64 + 150 frames = 0:02:64 */
    toc[1] = 2;
    packet(toc, 0xfffe, b, sizeof(b), &st);
    assert_int_equal(b[17], 0);
    assert_int_equal(b[18], 2);
    assert_int_equal(b[19], 64);
    /* multi-session info */
    uint8_t ms[12] = {0x43, 0, 1, 0, 0, 0, 0, 0, 12};
    assert_int_equal(packet(ms, 0xfffe, b, sizeof(b), &st), 12);
    /* MODE SENSE (10), capabilities page */
    uint8_t ms10[12] = {0x5a, 0, 0x2a, 0, 0, 0, 0, 0, 0xff};
    n = packet(ms10, 0xfffe, b, sizeof(b), &st);
    assert_int_equal(n, 8 + 28);
    assert_int_equal(b[8], 0x2a);
    assert_int_equal(lduw_be_p(b), n - 2);
    /* an unknown page: ILLEGAL REQUEST */
    ms10[2] = 0x33;
    packet(ms10, 0xfffe, b, sizeof(b), &st);
    assert_int_equal(st, READY_STAT | ERR_STAT);
    /* GET CONFIGURATION: current profile CD-ROM */
    uint8_t gc[12] = {0x46, 0, 0, 0, 0, 0, 0, 0, 0xff};
    n = packet(gc, 0xfffe, b, sizeof(b), &st);
    assert_true(n > 8);
    assert_int_equal(ldl_be_p(b), n - 4);
    assert_int_equal(lduw_be_p(b + 6), 0x0008);
    /* GET EVENT STATUS NOTIFICATION, polled, media class */
    uint8_t gesn[12] = {0x4a, 1, 0, 0, 0x10, 0, 0, 0, 8};
    assert_int_equal(packet(gesn, 0xfffe, b, sizeof(b), &st), 8);
    assert_int_equal(b[2], 0x04);
    assert_int_equal(b[5], 0x02); /* medium present */
    gesn[1] = 0;                  /* asynchronous: not supported */
    packet(gesn, 0xfffe, b, sizeof(b), &st);
    assert_int_equal(st, READY_STAT | ERR_STAT);
}

static void test_lock_and_eject(void **state)
{
    uint8_t b[8], st, key, asc;
    (void)state;
    uint8_t prevent[12] = {0x1e, 0, 0, 0, 1};
    packet(prevent, 0xfffe, b, sizeof(b), &st);
    assert_int_equal(st, READY_STAT | SEEK_STAT);
    uint8_t eject[12] = {0x1b, 0, 0, 0, 2};
    packet(eject, 0xfffe, b, sizeof(b), &st);
    assert_int_equal(st, READY_STAT | ERR_STAT);
    request_sense(&key, &asc);
    assert_int_equal(key, 2);
    assert_int_equal(asc, 0x53);
    prevent[4] = 0;
    packet(prevent, 0xfffe, b, sizeof(b), &st);
    packet(eject, 0xfffe, b, sizeof(b), &st);
    assert_int_equal(st, READY_STAT | SEEK_STAT);
    uint8_t start[12] = {0x1b, 0, 0, 0, 1};
    packet(start, 0xfffe, b, sizeof(b), &st);
    assert_int_equal(st, READY_STAT | SEEK_STAT);
    /* an unknown opcode */
    uint8_t unk[12] = {0xee};
    packet(unk, 0xfffe, b, sizeof(b), &st);
    assert_int_equal(st, READY_STAT | ERR_STAT);
    request_sense(&key, &asc);
    assert_int_equal(key, 5);
    assert_int_equal(asc, 0x20);
}

static void test_empty_drive(void **state)
{
    uint8_t b[64], st, key, asc;
    (void)state;
    uint8_t tur[12] = {0x00};
    packet(tur, 0xfffe, b, sizeof(b), &st);
    assert_int_equal(st, READY_STAT | ERR_STAT);
    request_sense(&key, &asc);
    assert_int_equal(key, 2);
    assert_int_equal(asc, 0x3a);
    uint8_t rd[12] = {0x28, 0, 0, 0, 0, 0, 0, 0, 1};
    packet(rd, 0xfffe, b, sizeof(b), &st);
    assert_int_equal(st, READY_STAT | ERR_STAT);
    /* INQUIRY still answers */
    uint8_t inq[12] = {0x12, 0, 0, 0, 36};
    assert_int_equal(packet(inq, 0xfffe, b, sizeof(b), &st), 36);
}

static void test_read10_dma(void **state)
{
    static uint8_t b[3 * 2048];
    (void)state;
    it_enable_bmdma();
    it_prd(0x1000, 0, 0x10000, 2048, false);
    it_prd(0x1000, 1, 0x20000, 4096, true);
    outl(IT_BMDMA + 8 + 4, 0x1000); /* channel 1 */
    outb(0x176, 0xa0);
    outb(0x171, 1); /* DMA */
    outb(0x177, 0xa0);
    uint8_t rd[12] = {0x28, 0, 0, 0, 0, 3, 0, 0, 3};
    it_pio_out(0x170, rd, 6);
    /* waits for START */
    assert_int_equal(it_irq15.rises, 0);
    outb(IT_BMDMA + 8, BM_CMD_START | BM_CMD_READ);
    assert_int_equal(it_irq15.level, 1);
    assert_int_equal(inb(IT_BMDMA + 8 + 2) & 7, BM_STATUS_INT);
    assert_int_equal(inb(0x177), READY_STAT | SEEK_STAT);
    assert_int_equal(inb(0x172) & 3, 3);
    it_ram_read(0x10000, b, 2048);
    it_ram_read(0x20000, b + 2048, 4096);
    for (uint32_t s = 0; s < 3; s++) {
        assert_int_equal(b[s * 2048 + 5], pattern(3 + s, 5));
        assert_int_equal(b[s * 2048 + 2047], pattern(3 + s, 2047));
    }
    outb(IT_BMDMA + 8, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_signature_and_identify, setup),
        cmocka_unit_test_setup(test_unit_ready_inquiry_capacity, setup),
        cmocka_unit_test_setup(test_read10_pio_byte_count_limit, setup),
        cmocka_unit_test_setup(test_toc_mode_sense_config_events, setup),
        cmocka_unit_test_setup(test_lock_and_eject, setup),
        cmocka_unit_test_setup(test_empty_drive, setup_empty),
        cmocka_unit_test_setup(test_read10_dma, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
