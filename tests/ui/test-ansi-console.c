/* The ANSI text console: a known text buffer gives exact bytes; a second
 * update writes only what changed; colours, blink, cursor, CP437. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ui/ui.h"

static char out[65536];
static size_t out_len;
static AnsiTextConsole con;
static uint16_t cells[UI_TEXT_MAX_COLS * UI_TEXT_MAX_ROWS];
static UITextView view;

static void sink(void *opaque, const char *buf, size_t len)
{
    (void)opaque;
    assert_true(out_len + len < sizeof(out));
    memcpy(out + out_len, buf, len);
    out_len += len;
    out[out_len] = 0;
}

static void reset_out(void)
{
    out_len = 0;
    out[0] = 0;
}

static void put(int row, int col, const char *s, uint8_t attr)
{
    for (; *s; s++, col++) {
        cells[row * view.cols + col] = (uint16_t)((uint8_t)*s | attr << 8);
    }
}

static int setup(void **state)
{
    (void)state;
    ansi_console_init(&con, false, sink, NULL);
    view.cols = 4;
    view.rows = 2;
    view.cells = cells;
    view.blink = true;
    view.cursor_visible = false;
    for (int i = 0; i < 8; i++) {
        cells[i] = 0x0720;
    }
    reset_out();
    return 0;
}

static void test_first_frame_exact(void **state)
{
    (void)state;
    put(0, 0, "Hi", 0x07);
    put(1, 1, "X", 0x1e); /* yellow on blue */
    ansi_console_update(&con, &view);
    assert_string_equal(out, "\x1b[0m\x1b[2J"
                             "\x1b[1;1H\x1b[0;37;40mHi  "
                             "\x1b[2;1H \x1b[0;93;44mX\x1b[0;37;40m  "
                             "\x1b[?25l");
    /* nothing changed: nothing written */
    reset_out();
    ansi_console_update(&con, &view);
    assert_int_equal(out_len, 0);
}

static void test_diff_only(void **state)
{
    (void)state;
    ansi_console_update(&con, &view);
    reset_out();
    put(1, 3, "!", 0x07);
    ansi_console_update(&con, &view);
    assert_string_equal(out, "\x1b[2;4H!");
    /* two changes on a row with a short gap: the gap is rewritten */
    reset_out();
    put(0, 0, "a", 0x07);
    put(0, 2, "b", 0x07);
    ansi_console_update(&con, &view);
    assert_string_equal(out, "\x1b[1;1Ha b");
    /* the cursor: moved there and shown, then hidden again */
    reset_out();
    view.cursor_visible = true;
    view.cursor_row = 1;
    view.cursor_col = 2;
    ansi_console_update(&con, &view);
    assert_string_equal(out, "\x1b[2;3H\x1b[?25h");
    reset_out();
    ansi_console_update(&con, &view);
    assert_int_equal(out_len, 0);
    /* a change next to the cursor needs no position */
    put(1, 2, "c", 0x07);
    ansi_console_update(&con, &view);
    assert_string_equal(out, "c\x1b[2;3H");
}

static void test_colours_and_blink(void **state)
{
    (void)state;
    ansi_console_update(&con, &view);
    reset_out();
    put(0, 0, "r", 0x4c); /* bright red on red: CGA 4 is ANSI 1 */
    put(0, 1, "b", 0x81); /* blinking blue on black */
    ansi_console_update(&con, &view);
    assert_string_equal(out, "\x1b[1;1H\x1b[0;91;41mr\x1b[0;34;40;5mb");
    /* blink off (AR10 bit 3 clear): bit 7 is a bright background, and
     * the whole screen is redrawn */
    reset_out();
    view.blink = false;
    ansi_console_update(&con, &view);
    assert_non_null(strstr(out, "\x1b[2J"));
    assert_non_null(strstr(out, "\x1b[0;34;100mb"));
}

static void test_cp437(void **state)
{
    (void)state;
    cells[0] = 0x07c9; /* double box corner */
    cells[1] = 0x0701; /* smiley */
    cells[2] = 0x0700; /* NUL shows as a space */
    cells[3] = 0x071b; /* ESC is a glyph, never a control */
    ansi_console_update(&con, &view);
    assert_non_null(strstr(out, "\xe2\x95\x94\xe2\x98\xba \xe2\x86\x90"));
    /* plain ASCII */
    ansi_console_init(&con, true, sink, NULL);
    reset_out();
    ansi_console_update(&con, &view);
    assert_non_null(strstr(out, "+o <"));
    for (size_t i = 0; i < out_len; i++) {
        /* only ESC starts a sequence; everything else printable */
        assert_true(out[i] == 0x1b || (out[i] >= 0x20 && out[i] < 0x7f));
    }
    assert_int_equal(cp437_to_unicode(0xdb), 0x2588);
    assert_int_equal(cp437_to_unicode('A'), 'A');
    assert_int_equal(cp437_to_unicode(0xff), 0x00a0);
    assert_int_equal(cp437_to_ascii(0xc4), '-');
    assert_int_equal(cp437_to_ascii(0xb3), '|');
    assert_int_equal(cp437_to_ascii(0x82), 'e');
}

static void test_resize_and_finish(void **state)
{
    (void)state;
    ansi_console_update(&con, &view);
    reset_out();
    view.cols = 2; /* a new size: clear and redraw */
    ansi_console_update(&con, &view);
    assert_true(!strncmp(out, "\x1b[0m\x1b[2J", 8));
    reset_out();
    ansi_console_finish(&con);
    assert_string_equal(out, "\x1b[0m\x1b[?25h\x1b[2;1H\r\n");
    /* after finish (other output came) the next update is full */
    reset_out();
    ansi_console_update(&con, &view);
    assert_true(!strncmp(out, "\x1b[0m\x1b[2J", 8));
}

/* 80x25: a last-column cell is followed by an explicit position. */
static void test_wide_screen(void **state)
{
    (void)state;
    view.cols = 80;
    view.rows = 25;
    for (int i = 0; i < 80 * 25; i++) {
        cells[i] = 0x0720;
    }
    ansi_console_update(&con, &view);
    reset_out();
    cells[79] = 0x0741;
    cells[80] = 0x0742;
    ansi_console_update(&con, &view);
    assert_string_equal(out, "\x1b[1;80HA\x1b[2;1HB");
    assert_true(con.frames >= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_first_frame_exact, setup),
        cmocka_unit_test_setup(test_diff_only, setup),
        cmocka_unit_test_setup(test_colours_and_blink, setup),
        cmocka_unit_test_setup(test_cp437, setup),
        cmocka_unit_test_setup(test_resize_and_finish, setup),
        cmocka_unit_test_setup(test_wide_screen, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
