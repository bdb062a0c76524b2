/* fw_cfg through the I/O ports 0x510/0x511 and DMA at 0x514. */
#include "hw-test.h"

static FWCfgState fw;
static MemoryRegion ram;

static int setup(void **state)
{
    (void)state;
    hwt_reset();
    memory_region_init_ram(&ram, NULL, "ram", 0x10000, NULL);
    memory_region_add_subregion(get_system_memory(), 0, &ram);
    fw_cfg_init_io(&fw, get_system_io(), 0x510, 0x514, &address_space_memory);
    return 0;
}

static void select_key(uint16_t key)
{
    outw(0x510, key);
}

static void read_bytes(void *buf, size_t n)
{
    uint8_t *p = buf;
    for (size_t i = 0; i < n; i++) {
        p[i] = inb(0x511);
    }
}

static void test_signature_and_id(void **state)
{
    char sig[5] = {0};
    (void)state;

    select_key(FW_CFG_SIGNATURE);
    read_bytes(sig, 4);
    assert_string_equal(sig, "QEMU");
    assert_int_equal(inb(0x511), 0); /* past the end */
    select_key(FW_CFG_SIGNATURE);    /* selecting rewinds */
    assert_int_equal(inb(0x511), 'Q');
    select_key(FW_CFG_ID);
    assert_int_equal(inb(0x511), 0x03); /* traditional + DMA */
    /* Unknown and out-of-range keys read as zeros. */
    select_key(0x1f);
    assert_int_equal(inb(0x511), 0);
    select_key(0x3fff);
    assert_int_equal(inb(0x511), 0);
    /* The DMA register reads "QEMU CFG" (big-endian). */
    assert_int_equal(inl(0x514), 0x554d4551); /* bytes 'Q' 'E' 'M' 'U' */
    assert_int_equal(inl(0x518), 0x47464320); /* ' ' 'C' 'F' 'G' */
}

static void test_items(void **state)
{
    uint8_t b[8];
    static const char cmdline[] = "console=ttyS0";
    char got[sizeof(cmdline)];
    (void)state;

    fw_cfg_add_pc_items(&fw, 16ull << 20, 1, true, 2500);
    select_key(FW_CFG_RAM_SIZE);
    read_bytes(b, 8);
    assert_true(ldq_le_p(b) == 16ull << 20);
    select_key(FW_CFG_NB_CPUS);
    read_bytes(b, 2);
    assert_int_equal(lduw_le_p(b), 1);
    select_key(FW_CFG_MAX_CPUS);
    read_bytes(b, 2);
    assert_int_equal(lduw_le_p(b), 1);
    select_key(FW_CFG_BOOT_MENU);
    read_bytes(b, 2);
    assert_int_equal(lduw_le_p(b), 1);
    select_key(FW_CFG_IRQ0_OVERRIDE);
    read_bytes(b, 4);
    assert_int_equal(ldl_le_p(b), 1);
    /* Re-adding a scalar reuses its storage. */
    unsigned used = fw.scalars_used;
    fw_cfg_add_i64(&fw, FW_CFG_RAM_SIZE, 32ull << 20);
    assert_int_equal(fw.scalars_used, used);
    select_key(FW_CFG_RAM_SIZE);
    read_bytes(b, 8);
    assert_true(ldq_le_p(b) == 32ull << 20);
    fw_cfg_add_string(&fw, FW_CFG_CMDLINE_DATA, cmdline);
    select_key(FW_CFG_CMDLINE_DATA);
    read_bytes(got, sizeof(got));
    assert_string_equal(got, cmdline);
    EXPECT_FATAL(fw_cfg_add_i16(&fw, FW_CFG_ARCH_LOCAL + 20, 1));
}

static void test_file_dir_and_read(void **state)
{
    static const char bios_text[] = "hello firmware";
    static const uint8_t blob[300] = {[0] = 1, [299] = 0xee};
    uint8_t b[4];
    FWCfgFile f;
    (void)state;

    fw_cfg_add_file(&fw, "opt/zzz", bios_text, sizeof(bios_text));
    fw_cfg_add_file(&fw, "etc/blob", blob, sizeof(blob));
    fw_cfg_add_e820(&fw, 0, 0x9fc00, E820_RAM);
    fw_cfg_add_e820(&fw, 0x100000, 15 << 20, E820_RAM);
    EXPECT_FATAL(fw_cfg_add_file(&fw, "etc/blob", blob, 1));

    select_key(FW_CFG_FILE_DIR);
    read_bytes(b, 4);
    assert_int_equal(ldl_be_p(b), 3);
    /* Sorted by name: etc/blob, etc/e820, opt/zzz. */
    static const char *names[] = {"etc/blob", "etc/e820", "opt/zzz"};
    static const uint32_t sizes[] = {300, 40, sizeof(bios_text)};
    for (int i = 0; i < 3; i++) {
        read_bytes(&f, sizeof(f));
        assert_string_equal(f.name, names[i]);
        assert_int_equal(ldl_be_p(&f.size), sizes[i]);
        assert_int_equal(lduw_be_p(&f.select), FW_CFG_FILE_FIRST + i);
    }
    assert_int_equal(fw_cfg_file_key(&fw, "opt/zzz"), FW_CFG_FILE_FIRST + 2);
    assert_int_equal(fw_cfg_file_key(&fw, "nope"), FW_CFG_INVALID);

    char got[sizeof(bios_text)];
    select_key(FW_CFG_FILE_FIRST + 2);
    read_bytes(got, sizeof(got));
    assert_string_equal(got, bios_text);

    E820Entry e[2];
    select_key(fw_cfg_file_key(&fw, "etc/e820"));
    read_bytes(e, sizeof(e));
    assert_true(ldq_le_p(&e[1].address) == 0x100000);
    assert_true(ldq_le_p(&e[1].length) == 15 << 20);
    assert_int_equal(ldl_le_p(&e[0].type), E820_RAM);
    assert_int_equal(inb(0x511), 0);
}

static void dma_desc(hwaddr at, uint32_t control, uint32_t len, uint64_t addr)
{
    uint8_t d[16];
    stl_be_p(d, control);
    stl_be_p(d + 4, len);
    stq_be_p(d + 8, addr);
    address_space_write(&address_space_memory, at, MEMTXATTRS_UNSPECIFIED, d,
                        16);
}

static void dma_kick(hwaddr desc)
{
    /* As SeaBIOS: two 32-bit outs of big-endian halves. */
    outl(0x514, bswap32((uint32_t)(desc >> 32)));
    outl(0x518, bswap32((uint32_t)desc));
}

static uint32_t dma_control(hwaddr desc)
{
    uint8_t d[4];
    address_space_read(&address_space_memory, desc, MEMTXATTRS_UNSPECIFIED, d,
                       4);
    return (uint32_t)ldl_be_p(d);
}

static void test_dma(void **state)
{
    static const char text[] = "0123456789";
    char buf[16];
    (void)state;

    fw_cfg_add_file(&fw, "etc/text", text, 10);
    /* Select + read 4 bytes. */
    dma_desc(0x1000,
             (uint32_t)(FW_CFG_FILE_FIRST << 16) | FW_CFG_DMA_CTL_SELECT |
                 FW_CFG_DMA_CTL_READ,
             4, 0x2000);
    dma_kick(0x1000);
    assert_int_equal(dma_control(0x1000), 0);
    address_space_read(&address_space_memory, 0x2000, MEMTXATTRS_UNSPECIFIED,
                       buf, 4);
    assert_memory_equal(buf, "0123", 4);
    /* Skip 2, then read past the end: the rest is zero-filled. */
    dma_desc(0x1000, FW_CFG_DMA_CTL_SKIP, 2, 0);
    dma_kick(0x1000);
    memset(buf, 0x55, sizeof(buf));
    address_space_write(&address_space_memory, 0x3000, MEMTXATTRS_UNSPECIFIED,
                        buf, sizeof(buf));
    dma_desc(0x1000, FW_CFG_DMA_CTL_READ, 8, 0x3000);
    dma_kick(0x1000);
    assert_int_equal(dma_control(0x1000), 0);
    address_space_read(&address_space_memory, 0x3000, MEMTXATTRS_UNSPECIFIED,
                       buf, sizeof(buf));
    assert_memory_equal(buf, "6789\0\0\0\0\x55", 9);
    /* The port interface continues where DMA stopped. */
    assert_int_equal(inb(0x511), 0);
    /* Writes are refused with the error bit. */
    dma_desc(0x1000, FW_CFG_DMA_CTL_WRITE, 4, 0x2000);
    dma_kick(0x1000);
    assert_int_equal(dma_control(0x1000), FW_CFG_DMA_CTL_ERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_signature_and_id, setup, NULL),
        cmocka_unit_test_setup_teardown(test_items, setup, NULL),
        cmocka_unit_test_setup_teardown(test_file_dir_and_read, setup, NULL),
        cmocka_unit_test_setup_teardown(test_dma, setup, NULL),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
