/* Terminal bytes -> key presses: ASCII with shift, controls, escape
 * sequences (xterm, VT220, Linux console), modifiers, Alt as ESC prefix,
 * the lone-ESC timeout, Ctrl-A d for Ctrl-Alt-Del. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ui/ui.h"

static AnsiInput in;
static int ev[256];
static int nev;

/* Events as qnum (down) or -qnum (up). */
static void key(void *opaque, int qnum, bool down)
{
    (void)opaque;
    assert_true(nev < 256);
    ev[nev++] = down ? qnum : -qnum;
}

static int setup(void **state)
{
    (void)state;
    ansi_input_init(&in, key, NULL);
    nev = 0;
    return 0;
}

static void feed(const char *s, int64_t t)
{
    for (; *s; s++) {
        ansi_input_byte(&in, (uint8_t)*s, t);
    }
}

static void expect(const int *want, int n)
{
    assert_int_equal(nev, n);
    for (int i = 0; i < n; i++) {
        assert_int_equal(ev[i], want[i]);
    }
    nev = 0;
}

static void test_ascii(void **state)
{
    (void)state;
    feed("a", 0);
    expect((int[]){0x1e, -0x1e}, 2);
    feed("A", 0);
    expect((int[]){0x2a, 0x1e, -0x1e, -0x2a}, 4);
    feed("?", 0);
    expect((int[]){0x2a, 0x35, -0x35, -0x2a}, 4);
    feed(" 1", 0);
    expect((int[]){0x39, -0x39, 0x02, -0x02}, 4);
    feed("\r\n", 0); /* one Enter */
    expect((int[]){0x1c, -0x1c}, 2);
    feed("\n\n", 0);
    expect((int[]){0x1c, -0x1c, 0x1c, -0x1c}, 4);
    feed("\x7f\b\t", 0);
    expect((int[]){0x0e, -0x0e, 0x0e, -0x0e, 0x0f, -0x0f}, 6);
    feed("\x03", 0); /* Ctrl-C */
    expect((int[]){0x1d, 0x2e, -0x2e, -0x1d}, 4);
    ansi_input_byte(&in, 0xc3, 0); /* UTF-8: no key */
    expect(NULL, 0);
}

static void test_sequences(void **state)
{
    (void)state;
    feed("\x1b[A\x1b[B\x1b[C\x1b[D", 0);
    expect((int[]){0xc8, -0xc8, 0xd0, -0xd0, 0xcd, -0xcd, 0xcb, -0xcb}, 8);
    feed("\x1bOP\x1bOS\x1b[15~\x1b[24~", 0); /* F1 F4 F5 F12 */
    expect((int[]){0x3b, -0x3b, 0x3e, -0x3e, 0x3f, -0x3f, 0x58, -0x58}, 8);
    feed("\x1b[11~\x1b[21~\x1b[23~", 0); /* VT220 F1 F10 F11 */
    expect((int[]){0x3b, -0x3b, 0x44, -0x44, 0x57, -0x57}, 6);
    feed("\x1b[[A\x1b[[E", 0); /* Linux console F1 F5 */
    expect((int[]){0x3b, -0x3b, 0x3f, -0x3f}, 4);
    feed("\x1b[1~\x1b[2~\x1b[3~\x1b[4~\x1b[5~\x1b[6~\x1b[H\x1b[F", 0);
    expect((int[]){0xc7, -0xc7, 0xd2, -0xd2, 0xd3, -0xd3, 0xcf, -0xcf, 0xc9,
                   -0xc9, 0xd1, -0xd1, 0xc7, -0xc7, 0xcf, -0xcf},
           16);
    feed("\x1b[1;5A", 0); /* Ctrl-Up */
    expect((int[]){0x1d, 0xc8, -0xc8, -0x1d}, 4);
    feed("\x1b[1;2D", 0); /* Shift-Left */
    expect((int[]){0x2a, 0xcb, -0xcb, -0x2a}, 4);
    feed("\x1b[Z", 0); /* back tab */
    expect((int[]){0x2a, 0x0f, -0x0f, -0x2a}, 4);
    feed("\x1b[99~\x1b[", 0); /* unknown, then a sequence cut by a byte */
    feed("\x01", 0);
    expect(NULL, 0);
}

static void test_alt_and_esc(void **state)
{
    (void)state;
    feed("\x1bx", 0); /* Alt-x */
    expect((int[]){0x38, 0x2d, -0x2d, -0x38}, 4);
    feed("\x1b", 1000);
    ansi_input_idle(&in, 1000 + ANSI_INPUT_ESC_TIMEOUT_NS - 1);
    expect(NULL, 0); /* still waiting for the rest */
    ansi_input_idle(&in, 1000 + ANSI_INPUT_ESC_TIMEOUT_NS);
    expect((int[]){0x01, -0x01}, 2);
    feed("\x1b\x1b[A", 5); /* ESC, then Up */
    expect((int[]){0x01, -0x01, 0xc8, -0xc8}, 4);
}

static void test_ctrl_alt_del(void **state)
{
    (void)state;
    feed("\x01"
         "d",
         0);
    expect((int[]){0x1d, 0x38, 0xd3, -0xd3, -0x38, -0x1d}, 6);
    feed("\x01\x01", 0); /* a literal Ctrl-A */
    expect((int[]){0x1d, 0x1e, -0x1e, -0x1d}, 4);
    feed("\x01q", 0); /* unknown command: dropped */
    expect(NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_ascii, setup),
        cmocka_unit_test_setup(test_sequences, setup),
        cmocka_unit_test_setup(test_alt_and_esc, setup),
        cmocka_unit_test_setup(test_ctrl_alt_del, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
