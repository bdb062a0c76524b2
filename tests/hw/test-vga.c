/* The VGA (0x3B0-0x3DF, window 0xA0000-0xBFFFF), driven as a BIOS or a
 * DOS program would: registers, the CRTC's port move and protect, the
 * attribute flip-flop, the DAC, retrace toggling, the window GR6 maps,
 * odd/even text storage, planar write modes and latches, chain 4, and
 * the text snapshot the renderer reads. */
#include "hw-test.h"

static VGACommonState vga;
static uint8_t vram[VGA_VRAM_SIZE];

static void memb(uint32_t a, uint8_t v)
{
    address_space_stb(&address_space_memory, a, v, MEMTXATTRS_UNSPECIFIED,
                      NULL);
}
static uint8_t rdb(uint32_t a)
{
    return address_space_ldub(&address_space_memory, a, MEMTXATTRS_UNSPECIFIED,
                              NULL);
}

static uint32_t w32(const uint8_t *p)
{
    return (uint32_t)ldl_le_p(p);
}

static int setup(void **state)
{
    (void)state;
    hwt_reset();
    vga_common_init(&vga, vram, sizeof(vram));
    vga_init(&vga, get_system_memory(), get_system_io(), 1);
    return 0;
}

/* The standard mode 3 (80x25 text, 9x16 cells) register values. */
static void set_mode3(void)
{
    static const uint8_t seq[5] = {0x03, 0x00, 0x03, 0x00, 0x02};
    static const uint8_t crtc[25] = {0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf,
                                     0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00, 0x00,
                                     0x00, 0x00, 0x9c, 0x8e, 0x8f, 0x28, 0x1f,
                                     0x96, 0xb9, 0xa3, 0xff};
    static const uint8_t gfx[9] = {0, 0, 0, 0, 0, 0x10, 0x0e, 0x00, 0xff};
    static const uint8_t att[21] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14,
                                    0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d,
                                    0x3e, 0x3f, 0x0c, 0x00, 0x0f, 0x08, 0x00};
    outb(0x3c2, 0x67);
    for (int i = 0; i < 5; i++) {
        outw(0x3c4, (uint16_t)(i | seq[i] << 8));
    }
    outw(0x3d4, 0x0e11); /* unprotect CR0-7 */
    for (int i = 0; i < 25; i++) {
        outw(0x3d4, (uint16_t)(i | crtc[i] << 8));
    }
    for (int i = 0; i < 9; i++) {
        outw(0x3ce, (uint16_t)(i | gfx[i] << 8));
    }
    inb(0x3da);
    for (int i = 0; i < 21; i++) {
        outb(0x3c0, (uint8_t)i);
        outb(0x3c0, att[i]);
    }
    outb(0x3c0, 0x20); /* palette address source: display on */
}

static void test_reset_and_unassigned(void **state)
{
    (void)state;
    assert_int_equal(inb(0x3cc), 0x00); /* QEMU: every register 0 */
    /* misc bit 0 clear: the mono CRTC decodes, the colour one floats */
    outb(0x3b4, 0x0e);
    assert_int_equal(inb(0x3b4), 0x0e);
    assert_int_equal(inb(0x3d4), 0xff);
    outb(0x3d4, 0x0f); /* dropped */
    assert_int_equal(inb(0x3b4), 0x0e);
    outb(0x3c2, 0x67);
    assert_int_equal(inb(0x3cc), 0x67);
    assert_int_equal(inb(0x3b4), 0xff);
    assert_int_equal(inb(0x3d4), 0x0e); /* same index register */
    assert_int_equal(inb(0x3b0), 0xff); /* not a QEMU VGA port */
    assert_int_equal(inb(0x3c6), 0xff);
    /* the window reads the (cleared) planes */
    outw(0x3c4, 0x0f02);
    assert_int_equal(rdb(0xa0000), 0x00);
}

static void test_sequencer_gc_masks(void **state)
{
    (void)state;
    outb(0x3c4, 0x0c); /* index is 3 bits */
    assert_int_equal(inb(0x3c4), 0x04);
    outb(0x3c5, 0xff);
    assert_int_equal(inb(0x3c5), 0x0e);
    outw(0x3c4, 0xff02);
    assert_int_equal(inb(0x3c5), 0x0f);
    outw(0x3ce, 0xff05);
    assert_int_equal(inb(0x3cf), 0x7b);
    outw(0x3ce, 0xff03);
    assert_int_equal(inb(0x3cf), 0x1f);
    outb(0x3ce, 0x1f);
    assert_int_equal(inb(0x3ce), 0x0f);
}

static void test_crtc_protect(void **state)
{
    (void)state;
    outb(0x3c2, 0x01);
    outw(0x3d4, 0x8011); /* protect on */
    outw(0x3d4, 0x5501);
    outb(0x3d4, 0x01);
    assert_int_equal(inb(0x3d5), 0x00);
    outw(0x3d4, 0xff07); /* only the line compare bit 8 sticks */
    outb(0x3d4, 0x07);
    assert_int_equal(inb(0x3d5), 0x10);
    outw(0x3d4, 0x1234); /* CR8 and up are never protected */
    outb(0x3d4, 0x34);
    assert_int_equal(inb(0x3d5), 0x12);
    outw(0x3d4, 0x0011);
    outw(0x3d4, 0x5501);
    outb(0x3d4, 0x01);
    assert_int_equal(inb(0x3d5), 0x55);
}

static void test_attribute_flip_flop(void **state)
{
    (void)state;
    outb(0x3c2, 0x01);
    inb(0x3da);
    outb(0x3c0, 0x31);                  /* index 0x11 with PAS */
    assert_int_equal(inb(0x3c0), 0x00); /* data phase reads 0 (QEMU) */
    outb(0x3c0, 0x2a);
    assert_int_equal(inb(0x3c0), 0x31);
    assert_int_equal(inb(0x3c1), 0x2a);
    outb(0x3c0, 0x10); /* index phase again */
    outb(0x3c0, 0xff); /* AR10: bit 4 reads 0 */
    assert_int_equal(inb(0x3c1), 0xef);
    /* a read of input status 1 resets the flip-flop to "index" */
    outb(0x3c0, 0x05);
    inb(0x3da);
    outb(0x3c0, 0x06);
    outb(0x3c0, 0x3f);
    outb(0x3c0, 0x06);
    assert_int_equal(inb(0x3c1), 0x3f);
    inb(0x3da);
    outb(0x3c0, 0x05); /* AR5 never got data: the read reset the phase */
    assert_int_equal(inb(0x3c1), 0x00);
}

static void test_dac(void **state)
{
    (void)state;
    outb(0x3c8, 0x10);
    outb(0x3c9, 0x01);
    outb(0x3c9, 0x02);
    outb(0x3c9, 0x03);
    outb(0x3c9, 0x04); /* entry 0x11 starts */
    assert_int_equal(inb(0x3c8), 0x11);
    assert_int_equal(inb(0x3c7), 0x00);
    outb(0x3c7, 0x10);
    assert_int_equal(inb(0x3c7), 0x03);
    assert_int_equal(inb(0x3c9), 0x01);
    assert_int_equal(inb(0x3c9), 0x02);
    assert_int_equal(inb(0x3c9), 0x03);
    assert_int_equal(inb(0x3c9), 0x00); /* 0x11 incomplete: not stored */
    outb(0x3c6, 0x0f);
    assert_int_equal(inb(0x3c6), 0x0f);
}

/* Vertical retrace and display-disabled must both come and go, with the
 * clock and while it stands still (within one CPU slice). */
static void test_retrace_toggles(void **state)
{
    (void)state;
    outb(0x3c2, 0x01);
    int vr_rise = 0, de_changes = 0, polls = 0;
    uint8_t last = inb(0x3da);
    for (; polls < 100000 && vr_rise < 3; polls++) {
        uint8_t v = inb(0x3da);
        if ((v & 8) && !(last & 8)) {
            vr_rise++;
        }
        if ((v ^ last) & 1) {
            de_changes++;
        }
        last = v;
    }
    assert_int_equal(vr_rise, 3);
    assert_true(de_changes > 100);
    /* three frames of polls at the step: about 3 * 14286 */
    assert_true(polls > 2 * (VGA_FRAME_NS / VGA_POLL_STEP_NS));
    assert_true(polls < 4 * (VGA_FRAME_NS / VGA_POLL_STEP_NS));
    /* The clock moves the beam too: half a frame later, the state of
     * the line at that time. */
    hwt_run_for(VGA_FRAME_NS * 100 + (VGA_FRAME_NS / VGA_LINES) * 100);
    uint8_t v = inb(0x3da);
    assert_int_equal(v & 8, 0); /* line 100: no retrace */
    /* mono ports while misc picks colour: floating */
    assert_int_equal(inb(0x3ba), 0xff);
}

static void test_window_mapping(void **state)
{
    (void)state;
    outw(0x3c4, 0x0f02); /* all planes */
    outw(0x3c4, 0x0604); /* planar, no odd/even */
    outw(0x3ce, 0x0005);
    outw(0x3ce, 0xff08);
    outw(0x3ce, 0x0006); /* A0000, 128 KiB */
    memb(0xb8000, 0x5a);
    outw(0x3ce, 0x0406); /* A0000, 64 KiB */
    /* 64 KiB per plane: offset 0x18000 of the 128 KiB map is 0x8000 */
    assert_int_equal(rdb(0xa8000), 0x5a);
    assert_int_equal(rdb(0xa0000), 0x00);
    assert_int_equal(rdb(0xb8000), 0xff); /* not decoded */
    memb(0xb0000, 0x11);                  /* dropped */
    outw(0x3ce, 0x0c06);                  /* B8000, 32 KiB */
    assert_int_equal(rdb(0xb8000), 0x00); /* its offset 0: word 0 */
    assert_int_equal(rdb(0xa0000), 0xff);
    memb(0xb8004, 0x77);
    assert_int_equal(w32(vram + 16), 0x77777777u);
    outw(0x3ce, 0x0806); /* B0000, 32 KiB */
    assert_int_equal(rdb(0xb0000), 0x00);
    assert_int_equal(rdb(0xb8000), 0xff);
    /* B8000 at offset 0x18000 of the 128 KiB map is word 0x18000 */
    assert_int_equal(vram[0x18000 << 2 & (VGA_VRAM_SIZE - 1)], 0x5a);
}

static void test_text_odd_even(void **state)
{
    (void)state;
    set_mode3();
    memb(0xb8000, 'H');
    memb(0xb8001, 0x1f);
    memb(0xb8002, 'i');
    memb(0xb8003, 0x07);
    /* character in plane 0, attribute in plane 1 of each 4-byte word */
    assert_int_equal(vram[0], 'H');
    assert_int_equal(vram[1], 0x1f);
    assert_int_equal(vram[4], 'i');
    assert_int_equal(vram[5], 0x07);
    assert_int_equal(rdb(0xb8000), 'H');
    assert_int_equal(rdb(0xb8001), 0x1f);
    assert_int_equal(rdb(0xb8003), 0x07);
    /* plane 2 (the font) by plane read select 2 | odd/even */
    outw(0x3c4, 0x0402); /* map mask: plane 2 */
    outw(0x3c4, 0x0604); /* sequential, no odd/even */
    outw(0x3ce, 0x0204); /* read plane 2 */
    outw(0x3ce, 0x0005); /* no odd/even reads */
    outw(0x3ce, 0x0406); /* A0000 64 KiB */
    memb(0xa0000, 0x7e);
    assert_int_equal(rdb(0xa0000), 0x7e);
    assert_int_equal(vram[2], 0x7e);
    assert_int_equal(vram[0], 'H'); /* plane 0 untouched */
}

static void test_text_snapshot(void **state)
{
    (void)state;
    VGATextScreen t;
    set_mode3();
    memb(0xb8000 + 2 * (80 + 3), 'X');
    memb(0xb8000 + 2 * (80 + 3) + 1, 0x4e);
    outw(0x3d4, 0x000e);
    outw(0x3d4, (uint16_t)(0x0f | (80 + 3) << 8)); /* cursor at (3,1) */
    assert_true(vga_text_snapshot(&vga, &t));
    assert_int_equal(t.cols, 80);
    assert_int_equal(t.rows, 25);
    assert_true(t.blink);
    assert_true(t.cursor_visible);
    assert_int_equal(t.cursor_col, 3);
    assert_int_equal(t.cursor_row, 1);
    assert_int_equal(t.cells[80 + 3], 0x4e00 | 'X');
    /* start address 80: row 1 becomes the top */
    outw(0x3d4, 0x000c);
    outw(0x3d4, 80 << 8 | 0x0d);
    assert_true(vga_text_snapshot(&vga, &t));
    assert_int_equal(t.cells[3], 0x4e00 | 'X');
    assert_int_equal(t.cursor_row, 0);
    /* cursor off (CR0A bit 5) */
    outw(0x3d4, 0x2d0a);
    assert_true(vga_text_snapshot(&vga, &t));
    assert_false(t.cursor_visible);
    /* 40 columns */
    outw(0x3d4, 0x0e11);
    outw(0x3d4, 0x2701);
    outw(0x3d4, 0x1413);
    assert_true(vga_text_snapshot(&vga, &t));
    assert_int_equal(t.cols, 40);
    /* graphics mode: no text */
    outw(0x3ce, 0x0506);
    assert_false(vga_text_snapshot(&vga, &t));
}

static void test_planar_write_modes(void **state)
{
    (void)state;
    outw(0x3c4, 0x0f02);
    outw(0x3c4, 0x0604);
    outw(0x3ce, 0x0506); /* graphics, A0000 64 KiB */
    outw(0x3ce, 0x0005); /* write mode 0 */
    outw(0x3ce, 0xff08);
    memb(0xa0000, 0xa5); /* all four planes */
    assert_int_equal(w32(vram), 0xa5a5a5a5u);
    /* set/reset: planes 0 and 2 from GR0 = 0101b */
    outw(0x3ce, 0x0500);
    outw(0x3ce, 0x0f01);
    memb(0xa0001, 0x00);
    assert_int_equal(w32(vram + 4), 0x00ff00ffu);
    outw(0x3ce, 0x0001);
    /* bit mask keeps the latches' bits */
    rdb(0xa0000);        /* latch a5 x4 */
    outw(0x3ce, 0x0f08); /* low nibble from the CPU */
    memb(0xa0000, 0x00);
    assert_int_equal(w32(vram), 0xa0a0a0a0u);
    outw(0x3ce, 0xff08);
    /* rotate 4 and XOR with the latches */
    rdb(0xa0000);        /* latch a0 x4 */
    outw(0x3ce, 0x1c03); /* XOR, rotate 4 */
    memb(0xa0000, 0x0f); /* rotated: f0 */
    assert_int_equal(w32(vram), 0x50505050u);
    outw(0x3ce, 0x0003);
    /* write mode 1: copy the latches */
    rdb(0xa0001);
    outw(0x3ce, 0x0105);
    memb(0xa0010, 0x12);
    assert_int_equal(w32(vram + 0x40), 0x00ff00ffu);
    /* write mode 2: CPU bits 0-3 are colours of each plane */
    outw(0x3ce, 0x0205);
    memb(0xa0020, 0x0a);
    assert_int_equal(w32(vram + 0x80), 0xff00ff00u);
    /* map mask: only plane 3 */
    outw(0x3c4, 0x0802);
    memb(0xa0020, 0x00);
    assert_int_equal(w32(vram + 0x80), 0x0000ff00u);
    outw(0x3c4, 0x0f02);
    /* write mode 3: GR0 colour through CPU byte & GR8 */
    outw(0x3ce, 0x0305);
    outw(0x3ce, 0x0f00);
    rdb(0xa0030); /* latches 0: the bits outside the mask stay 0 */
    memb(0xa0030, 0x3c);
    assert_int_equal(w32(vram + 0xc0), 0x3c3c3c3cu);
    /* read mode 0 picks a plane, read mode 1 compares colours */
    outw(0x3ce, 0x0005);
    outw(0x3ce, 0x0104);
    assert_int_equal(rdb(0xa0001), 0x00);
    outw(0x3ce, 0x0204);
    assert_int_equal(rdb(0xa0001), 0xff);
    outw(0x3ce, 0x0805); /* read mode 1 */
    outw(0x3ce, 0x0502); /* colour 0101b */
    outw(0x3ce, 0x0f07);
    assert_int_equal(rdb(0xa0001), 0xff);
    outw(0x3ce, 0x0a02);
    assert_int_equal(rdb(0xa0001), 0x00);
    outw(0x3ce, 0x0007); /* don't care about any plane: all match */
    assert_int_equal(rdb(0xa0001), 0xff);
}

static void test_chain4(void **state)
{
    (void)state;
    outw(0x3c4, 0x0f02);
    outw(0x3c4, 0x0e04); /* chain 4 (mode 13h) */
    outw(0x3ce, 0x0506);
    for (int i = 0; i < 8; i++) {
        memb(0xa0000 + (uint32_t)i, (uint8_t)(0x10 + i));
    }
    for (int i = 0; i < 8; i++) {
        assert_int_equal(vram[i], 0x10 + i);
        assert_int_equal(rdb(0xa0000 + (uint32_t)i), 0x10 + i);
    }
    outw(0x3c4, 0x0102); /* plane 0 only: byte 1 (plane 1) is dropped */
    memb(0xa0001, 0xee);
    memb(0xa0004, 0xdd);
    assert_int_equal(vram[1], 0x11);
    assert_int_equal(vram[4], 0xdd);
    /* the last byte of the window stays inside VRAM */
    outw(0x3c4, 0x0f02);
    memb(0xaffff, 0x99);
    assert_int_equal(vram[0xffff], 0x99);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reset_and_unassigned, setup, NULL),
        cmocka_unit_test_setup_teardown(test_sequencer_gc_masks, setup, NULL),
        cmocka_unit_test_setup_teardown(test_crtc_protect, setup, NULL),
        cmocka_unit_test_setup_teardown(test_attribute_flip_flop, setup, NULL),
        cmocka_unit_test_setup_teardown(test_dac, setup, NULL),
        cmocka_unit_test_setup_teardown(test_retrace_toggles, setup, NULL),
        cmocka_unit_test_setup_teardown(test_window_mapping, setup, NULL),
        cmocka_unit_test_setup_teardown(test_text_odd_even, setup, NULL),
        cmocka_unit_test_setup_teardown(test_text_snapshot, setup, NULL),
        cmocka_unit_test_setup_teardown(test_planar_write_modes, setup, NULL),
        cmocka_unit_test_setup_teardown(test_chain4, setup, NULL),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
