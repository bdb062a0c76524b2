/*
 * The PC's VGA on the console (--display=ansi), QEMU's ui/console glue
 * in small: at most PC_DISPLAY_HZ times per virtual second, and only if
 * the VGA's generation moved, the text screen is snapshot and drawn by
 * emu/ui's ANSI console; keyboard-bound console bytes go through emu/ui's
 * terminal parser to the i8042 as key presses.
 */
#include "pc-internal.h"
#include "ui/ui.h"

static struct {
    bool ready;
    AnsiTextConsole con;
    VGATextScreen screen;
    AnsiInput input;
    int64_t last_ns;
    uint32_t last_gen;
    bool drawn;
} pcd;

static void pc_display_write(void *opaque, const char *buf, size_t len)
{
    (void)opaque;
    if (pcms.cfg.display_write) {
        pcms.cfg.display_write(pcms.cfg.display_opaque, buf, len);
    } else {
        for (size_t i = 0; i < len; i++) {
            qemu_printf("%c", buf[i]);
        }
    }
}

static void pc_key(void *opaque, int qnum, bool down)
{
    (void)opaque;
    i8042_put_qnum(&pcms.devs.kbd, qnum, down);
}

static void pc_display_setup(void)
{
    if (!pcd.ready) {
        ansi_console_init(&pcd.con, pcms.cfg.display_ascii, pc_display_write,
                          NULL);
        ansi_input_init(&pcd.input, pc_key, NULL);
        pcd.ready = true;
    }
}

void pc_display_refresh(bool force)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    UITextView v;

    if (!pcms.ready || !pcms.cfg.display_ansi || !pcms.cfg.vga) {
        return;
    }
    pc_display_setup();
    if (pcd.drawn && pcd.last_gen == pcms.vga.generation) {
        return;
    }
    if (!force && pcd.drawn &&
        now - pcd.last_ns < 1000000000ll / PC_DISPLAY_HZ) {
        return;
    }
    pcd.last_ns = now;
    pcd.last_gen = pcms.vga.generation;
    pcd.drawn = true;
    if (!vga_text_snapshot(&pcms.vga, &pcd.screen)) {
        return; /* graphics mode or screen off: the last frame stays */
    }
    v.cols = pcd.screen.cols;
    v.rows = pcd.screen.rows;
    v.cells = pcd.screen.cells;
    v.blink = pcd.screen.blink;
    v.cursor_visible = pcd.screen.cursor_visible;
    v.cursor_col = pcd.screen.cursor_col;
    v.cursor_row = pcd.screen.cursor_row;
    ansi_console_update(&pcd.con, &v);
}

void pc_display_finish(void)
{
    if (pcd.ready) {
        ansi_console_finish(&pcd.con);
        pcd.drawn = false;
    }
}

void pc_keyboard_input(int c)
{
    pc_display_setup();
    if (c >= 0) {
        ansi_input_byte(&pcd.input, (uint8_t)c,
                        qemu_clock_get_ns(QEMU_CLOCK_REALTIME));
    } else {
        ansi_input_idle(&pcd.input, qemu_clock_get_ns(QEMU_CLOCK_REALTIME));
    }
}
