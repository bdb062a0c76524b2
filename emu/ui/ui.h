/*
 * emu/ui: what QEMU's ui/ does for a board with one UART -- a text
 * console that draws a text screen as ANSI/VT100 (only what changed,
 * cursor moves, 16 colours, CP437 as UTF-8 or plain ASCII), and the
 * reverse: terminal bytes (escape sequences included) as key presses.
 * Freestanding: it knows neither the VGA nor the keyboard; the machine
 * glues them (emu/machine/pc-display.c).
 */
#ifndef BMX_UI_UI_H
#define BMX_UI_UI_H

#include "util/util.h"

/* ---- text screen -> ANSI ---- */

#define UI_TEXT_MAX_COLS 132
#define UI_TEXT_MAX_ROWS 60

/* A text screen: cells are character | attribute << 8 (CGA/VGA
 * attribute: foreground bits 0-3, background 4-6, bit 7 blink or bright
 * background). */
typedef struct UITextView {
    int cols, rows;
    const uint16_t *cells;
    bool blink; /* bit 7 blinks (SGR 5), else it brightens the background */
    bool cursor_visible;
    int cursor_col, cursor_row;
} UITextView;

typedef void (*UIWriteFn)(void *opaque, const char *buf, size_t len);

typedef struct AnsiTextConsole {
    UIWriteFn write;
    void *opaque;
    bool ascii; /* CP437 as plain ASCII look-alikes (else UTF-8) */
    bool valid; /* last[] is what the terminal shows */
    int cols, rows;
    bool blink;
    int term_row, term_col; /* the terminal's cursor, -1: unknown */
    int term_attr;          /* the SGR state, -1: unknown */
    int cursor_shown;       /* -1 unknown, 0 hidden, 1 shown */
    uint16_t last[UI_TEXT_MAX_COLS * UI_TEXT_MAX_ROWS];
    char buf[256];
    size_t len;
    uint32_t frames; /* updates that wrote something */
} AnsiTextConsole;

void ansi_console_init(AnsiTextConsole *c, bool ascii, UIWriteFn write,
                       void *opaque);
/* The next update redraws the whole screen (after other output). */
void ansi_console_invalidate(AnsiTextConsole *c);
/* Draws what differs from the last update: a full redraw (clear screen
 * first) the first time and after a size or blink-mode change, else
 * only changed cells; then the cursor. Writes nothing if nothing
 * changed. */
void ansi_console_update(AnsiTextConsole *c, const UITextView *v);
/* Leaves the terminal usable: default colours, cursor shown, below the
 * screen on a new line. */
void ansi_console_finish(AnsiTextConsole *c);

/* CP437 code -> Unicode (0 -> space); the ASCII look-alike. */
uint16_t cp437_to_unicode(uint8_t ch);
char cp437_to_ascii(uint8_t ch);

/* ---- terminal bytes -> keys ---- */

/* Keys are QEMU's "qnum" numbers: the PC's set-1 make code, 0x80 | code
 * for the E0-prefixed ones. */
enum {
    Q_KEY_ESC = 0x01,
    Q_KEY_BACKSPACE = 0x0e,
    Q_KEY_TAB = 0x0f,
    Q_KEY_ENTER = 0x1c,
    Q_KEY_CTRL = 0x1d,
    Q_KEY_SHIFT = 0x2a,
    Q_KEY_ALT = 0x38,
    Q_KEY_SPACE = 0x39,
    Q_KEY_F1 = 0x3b, /* F1-F10: 0x3b-0x44 */
    Q_KEY_F11 = 0x57,
    Q_KEY_F12 = 0x58,
    Q_KEY_HOME = 0xc7,
    Q_KEY_UP = 0xc8,
    Q_KEY_PGUP = 0xc9,
    Q_KEY_LEFT = 0xcb,
    Q_KEY_RIGHT = 0xcd,
    Q_KEY_END = 0xcf,
    Q_KEY_DOWN = 0xd0,
    Q_KEY_PGDN = 0xd1,
    Q_KEY_INSERT = 0xd2,
    Q_KEY_DELETE = 0xd3,
};

#define UI_MOD_SHIFT 1
#define UI_MOD_ALT   2
#define UI_MOD_CTRL  4

typedef void (*UIKeyFn)(void *opaque, int qnum, bool down);

/* How long a lone ESC waits for the rest of a sequence (host ns,
 * QEMU_CLOCK_REALTIME: a halted guest's virtual clock leaps ahead). */
#define ANSI_INPUT_ESC_TIMEOUT_NS 50000000

typedef struct AnsiInput {
    UIKeyFn key;
    void *opaque;
    int state; /* parser state (input-ansi.c) */
    int64_t esc_time;
    int params[4];
    int nparams;
    bool after_cr;  /* a '\n' right after '\r' is the same Enter */
    bool escape_ca; /* Ctrl-A pressed: the next byte is a command */
} AnsiInput;

void ansi_input_init(AnsiInput *in, UIKeyFn key, void *opaque);
/* One byte from the terminal at virtual time now. */
void ansi_input_byte(AnsiInput *in, uint8_t b, int64_t now);
/* The line was idle at time now: a lone ESC older than the timeout is
 * the Esc key. */
void ansi_input_idle(AnsiInput *in, int64_t now);
/* Presses a key with modifiers (make codes, then breaks in reverse). */
void ansi_input_press(AnsiInput *in, int qnum, int mods);
/* The key for a printable ASCII character (US layout): qnum and whether
 * it needs shift; 0 if none. */
int ui_ascii_to_qnum(char c, bool *shift);

#endif /* BMX_UI_UI_H */
