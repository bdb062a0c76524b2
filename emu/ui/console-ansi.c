/*
 * Deviation D50: a text screen drawn on an ANSI/VT100 terminal, as QEMU's
 * curses display does for a text mode but without curses: the last frame is
 * kept, and an update writes only cells that changed -- a cursor
 * position (CUP) before a cell that does not follow the last one
 * written, an SGR when the attribute differs from the terminal's -- then
 * puts the terminal's cursor where the VGA's is (or hides it).
 * Colours: the CGA order of the attribute (blue = 1, red = 4) becomes
 * ANSI's (red = 1, blue = 4); bright foregrounds use SGR 90-97, and a
 * bright background (attribute bit 7 without blink) SGR 100-107.
 */
#include "ui/ui.h"

/* Unchanged cells between two changed ones on a row are rewritten
 * rather than skipped with a CUP (ESC [ r ; c H, 6-8 bytes) up to this
 * many. */
#define ANSI_GAP_REWRITE 4

static const uint8_t cga_to_ansi[8] = {0, 4, 2, 6, 1, 5, 3, 7};

static void con_flush(AnsiTextConsole *c)
{
    if (c->len) {
        c->write(c->opaque, c->buf, c->len);
        c->len = 0;
    }
}

static void con_put(AnsiTextConsole *c, const char *s, size_t n)
{
    if (c->len + n > sizeof(c->buf)) {
        con_flush(c);
    }
    memcpy(c->buf + c->len, s, n);
    c->len += n;
}

static void con_puts(AnsiTextConsole *c, const char *s)
{
    con_put(c, s, strlen(s));
}

/* Decimal without printf (freestanding). */
static void con_putnum(AnsiTextConsole *c, unsigned v)
{
    char d[10];
    int n = 0;
    do {
        d[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) {
        con_put(c, &d[--n], 1);
    }
}

static void con_goto(AnsiTextConsole *c, int row, int col)
{
    con_puts(c, "\x1b[");
    con_putnum(c, (unsigned)row + 1);
    con_put(c, ";", 1);
    con_putnum(c, (unsigned)col + 1);
    con_put(c, "H", 1);
    c->term_row = row;
    c->term_col = col;
}

static void con_attr(AnsiTextConsole *c, uint8_t attr)
{
    unsigned fg = cga_to_ansi[attr & 7] + ((attr & 0x08) ? 90 : 30);
    unsigned bg = cga_to_ansi[(attr >> 4) & 7];
    bool blink = c->blink && (attr & 0x80);

    bg += (!c->blink && (attr & 0x80)) ? 100 : 40;
    con_puts(c, "\x1b[0;");
    con_putnum(c, fg);
    con_put(c, ";", 1);
    con_putnum(c, bg);
    if (blink) {
        con_puts(c, ";5");
    }
    con_put(c, "m", 1);
    c->term_attr = attr;
}

static void con_glyph(AnsiTextConsole *c, uint8_t ch)
{
    char u[3];
    uint16_t cp;

    if (c->ascii) {
        u[0] = cp437_to_ascii(ch);
        con_put(c, u, 1);
        return;
    }
    cp = cp437_to_unicode(ch);
    if (cp < 0x80) {
        u[0] = (char)cp;
        con_put(c, u, 1);
    } else if (cp < 0x800) {
        u[0] = (char)(0xc0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3f));
        con_put(c, u, 2);
    } else {
        u[0] = (char)(0xe0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[2] = (char)(0x80 | (cp & 0x3f));
        con_put(c, u, 3);
    }
}

/* One cell at the terminal's cursor (an SGR first if needed). */
static void con_cell(AnsiTextConsole *c, uint16_t cell)
{
    if (c->term_attr != (cell >> 8)) {
        con_attr(c, (uint8_t)(cell >> 8));
    }
    con_glyph(c, (uint8_t)cell);
}

void ansi_console_init(AnsiTextConsole *c, bool ascii, UIWriteFn write,
                       void *opaque)
{
    memset(c, 0, sizeof(*c));
    c->write = write;
    c->opaque = opaque;
    c->ascii = ascii;
    ansi_console_invalidate(c);
}

void ansi_console_invalidate(AnsiTextConsole *c)
{
    c->valid = false;
    c->term_row = c->term_col = -1;
    c->term_attr = -1;
    c->cursor_shown = -1;
}

void ansi_console_update(AnsiTextConsole *c, const UITextView *v)
{
    int cols = MIN(MAX(v->cols, 1), UI_TEXT_MAX_COLS);
    int rows = MIN(MAX(v->rows, 1), UI_TEXT_MAX_ROWS);
    bool full =
        !c->valid || cols != c->cols || rows != c->rows || v->blink != c->blink;
    bool wrote = false;

    if (full) {
        c->cols = cols;
        c->rows = rows;
        c->blink = v->blink;
        /* default colours, clear, home */
        con_puts(c, "\x1b[0m\x1b[2J");
        c->term_row = c->term_col = -1;
        c->term_attr = -1;
        wrote = true;
    }
    for (int r = 0; r < rows; r++) {
        for (int col = 0; col < cols; col++) {
            int i = r * cols + col;
            uint16_t cell = v->cells[i];
            if (!full && c->last[i] == cell) {
                continue;
            }
            if (c->term_row == r && c->term_col >= 0 && c->term_col < col &&
                col - c->term_col <= ANSI_GAP_REWRITE) {
                /* a short run of unchanged cells: rewriting them is
                 * shorter than a cursor position */
                for (int g = c->term_col; g < col; g++) {
                    con_cell(c, v->cells[r * cols + g]);
                }
            } else if (c->term_row != r || c->term_col != col) {
                con_goto(c, r, col);
            }
            con_cell(c, cell);
            c->last[i] = cell;
            wrote = true;
            /* After the last column the terminal may wrap or not: the
             * next cell gets an explicit position. */
            c->term_col = col + 1 < cols ? col + 1 : -1;
            if (c->term_col < 0) {
                c->term_row = -1;
            }
        }
    }
    c->valid = true;
    if (v->cursor_visible && v->cursor_row < rows && v->cursor_col < cols) {
        if (c->term_row != v->cursor_row || c->term_col != v->cursor_col) {
            con_goto(c, v->cursor_row, v->cursor_col);
            wrote = true;
        }
        if (c->cursor_shown != 1) {
            con_puts(c, "\x1b[?25h");
            c->cursor_shown = 1;
            wrote = true;
        }
    } else if (c->cursor_shown != 0) {
        con_puts(c, "\x1b[?25l");
        c->cursor_shown = 0;
        wrote = true;
    }
    if (wrote) {
        c->frames++;
    }
    con_flush(c);
}

void ansi_console_finish(AnsiTextConsole *c)
{
    con_puts(c, "\x1b[0m\x1b[?25h");
    if (c->valid) {
        con_goto(c, c->rows - 1, 0);
    }
    con_puts(c, "\r\n");
    con_flush(c);
    ansi_console_invalidate(c);
}
