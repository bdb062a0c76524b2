/*
 * What a text mode shows, read the way QEMU's vga_draw_text does: the
 * geometry from the CRTC (horizontal display end, vertical display end
 * over the character height, the offset register as the line pitch),
 * cells from the start address on (character in plane 0, attribute in
 * plane 1 of each 4-byte VRAM word), the cursor location and shape, and
 * the attribute controller's blink bit. The renderer (emu/ui) works on
 * this snapshot only.
 */
#include "vga-internal.h"

bool vga_text_snapshot(const VGACommonState *s, VGATextScreen *t)
{
    uint32_t start, cursor, pitch, mask = (s->vram_size >> 2) - 1;
    int cols, rows, cheight, lines;

    if (s->gr[6] & 0x01) {
        return false; /* graphics mode */
    }
    /* Screen off (SR1 bit 5), or the attribute controller's palette
     * address source clear (QEMU draws nothing then either). */
    if ((s->sr[1] & 0x20) || !(s->ar_index & 0x20)) {
        return false;
    }
    cols = s->cr[1] + 1;
    lines =
        (s->cr[0x12] | ((s->cr[7] & 0x02) << 7) | ((s->cr[7] & 0x40) << 3)) + 1;
    cheight = (s->cr[9] & 0x1f) + 1;
    rows = lines / cheight;
    cols = MIN(MAX(cols, 1), VGA_TEXT_MAX_COLS);
    rows = MIN(MAX(rows, 1), VGA_TEXT_MAX_ROWS);
    pitch = (uint32_t)s->cr[0x13] * 2;
    if (!pitch) {
        pitch = (uint32_t)cols;
    }
    start = ((uint32_t)s->cr[0x0c] << 8) | s->cr[0x0d];
    cursor = ((uint32_t)s->cr[0x0e] << 8) | s->cr[0x0f];

    t->cols = cols;
    t->rows = rows;
    t->blink = (s->ar[0x10] & 0x08) != 0;
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            uint32_t a = ((start + (uint32_t)r * pitch + (uint32_t)c) & mask)
                         << 2;
            t->cells[r * cols + c] =
                (uint16_t)(s->vram[a] | (s->vram[a + 1] << 8));
        }
    }
    t->cursor_visible = false;
    t->cursor_col = t->cursor_row = 0;
    if (!(s->cr[0x0a] & 0x20) && (s->cr[0x0a] & 0x1f) <= (s->cr[0x0b] & 0x1f) &&
        cursor >= start) {
        uint32_t off = cursor - start;
        if (off / pitch < (uint32_t)rows && off % pitch < (uint32_t)cols) {
            t->cursor_visible = true;
            t->cursor_row = (int)(off / pitch);
            t->cursor_col = (int)(off % pitch);
        }
    }
    return true;
}
