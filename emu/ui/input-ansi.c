/*
 * Terminal bytes as key presses (what QEMU's curses display does with
 * curses key codes, done here on the raw bytes): printable ASCII on a US
 * layout with shift, Enter, Backspace (BS and DEL), Tab, Ctrl-letter
 * (the control codes), ESC sequences -- arrows, Home/End/PgUp/PgDn/Ins/
 * Del and F1-F12 in the xterm (CSI ... ~, SS3 P-S, CSI 1;m A modifiers)
 * and Linux console (CSI [ A-E) forms -- Alt as an ESC prefix, and a
 * lone ESC once ANSI_INPUT_ESC_TIMEOUT_NS passed with the line idle.
 * Deviation D51: these are bytes, not curses key codes as in QEMU.
 * Ctrl-A is the escape key (as QEMU's character mux): Ctrl-A d sends
 * Ctrl-Alt-Del, Ctrl-A Ctrl-A a Ctrl-A; other Ctrl-A commands are
 * dropped.
 */
#include "ui/ui.h"

enum { ST_GROUND, ST_ESC, ST_CSI, ST_SS3, ST_CSI_LINUX };

int ui_ascii_to_qnum(char c, bool *shift)
{
    /* US layout: position in the row + the row's first set-1 code */
    static const struct {
        const char *keys, *shifted;
        uint8_t first;
    } rows[] = {
        {"1234567890-=", "!@#$%^&*()_+", 0x02},
        {"qwertyuiop[]", "QWERTYUIOP{}", 0x10},
        {"asdfghjkl;'`", "ASDFGHJKL:\"~", 0x1e},
        {"\\zxcvbnm,./", "|ZXCVBNM<>?", 0x2b},
    };

    *shift = false;
    if (c == ' ') {
        return Q_KEY_SPACE;
    }
    for (unsigned r = 0; r < ARRAY_SIZE(rows); r++) {
        for (unsigned i = 0; rows[r].keys[i]; i++) {
            if (rows[r].keys[i] == c || rows[r].shifted[i] == c) {
                *shift = rows[r].shifted[i] == c;
                return rows[r].first + (int)i;
            }
        }
    }
    return 0;
}

void ansi_input_init(AnsiInput *in, UIKeyFn key, void *opaque)
{
    memset(in, 0, sizeof(*in));
    in->key = key;
    in->opaque = opaque;
}

void ansi_input_press(AnsiInput *in, int qnum, int mods)
{
    if (mods & UI_MOD_CTRL) {
        in->key(in->opaque, Q_KEY_CTRL, true);
    }
    if (mods & UI_MOD_ALT) {
        in->key(in->opaque, Q_KEY_ALT, true);
    }
    if (mods & UI_MOD_SHIFT) {
        in->key(in->opaque, Q_KEY_SHIFT, true);
    }
    in->key(in->opaque, qnum, true);
    in->key(in->opaque, qnum, false);
    if (mods & UI_MOD_SHIFT) {
        in->key(in->opaque, Q_KEY_SHIFT, false);
    }
    if (mods & UI_MOD_ALT) {
        in->key(in->opaque, Q_KEY_ALT, false);
    }
    if (mods & UI_MOD_CTRL) {
        in->key(in->opaque, Q_KEY_CTRL, false);
    }
}

/* A byte outside any sequence, with mods already held (Alt by ESC). */
static void input_plain(AnsiInput *in, uint8_t b, int mods)
{
    bool shift;
    int q;

    if (b == '\r' || b == '\n') {
        q = Q_KEY_ENTER;
    } else if (b == 0x7f || b == 0x08) {
        q = Q_KEY_BACKSPACE;
    } else if (b == '\t') {
        q = Q_KEY_TAB;
    } else if (b == 0x1b) {
        q = Q_KEY_ESC;
    } else if (b == 0) {
        q = Q_KEY_SPACE; /* Ctrl-Space / Ctrl-@ */
        mods |= UI_MOD_CTRL;
    } else if (b < 0x20) {
        /* Ctrl-A..Ctrl-Z, then Ctrl-\ ] ^ _ */
        static const char ctl_keys[] = "\\]6-";
        char c = b <= 0x1a ? (char)('a' + b - 1) : ctl_keys[b - 0x1c];
        q = ui_ascii_to_qnum(c, &shift);
        mods |= UI_MOD_CTRL;
    } else if (b < 0x7f) {
        q = ui_ascii_to_qnum((char)b, &shift);
        if (shift) {
            mods |= UI_MOD_SHIFT;
        }
    } else {
        return; /* UTF-8 and 8-bit bytes have no key on a US layout */
    }
    if (q) {
        ansi_input_press(in, q, mods);
    }
}

/* xterm's modifier parameter: 1 + (shift 1 | alt 2 | ctrl 4). */
static int input_mods(const AnsiInput *in)
{
    int m = in->nparams >= 2 ? in->params[1] - 1 : 0;
    return m > 0 ? m & 7 : 0;
}

static void input_csi_final(AnsiInput *in, uint8_t f)
{
    static const uint8_t tilde[25] = {
        [1] = Q_KEY_HOME, [2] = Q_KEY_INSERT, [3] = Q_KEY_DELETE,
        [4] = Q_KEY_END,  [5] = Q_KEY_PGUP,   [6] = Q_KEY_PGDN,
        [7] = Q_KEY_HOME, [8] = Q_KEY_END,    [11] = 0x3b,
        [12] = 0x3c,      [13] = 0x3d,        [14] = 0x3e,
        [15] = 0x3f,      [17] = 0x40,        [18] = 0x41,
        [19] = 0x42,      [20] = 0x43,        [21] = 0x44,
        [23] = Q_KEY_F11, [24] = Q_KEY_F12,
    };
    int q = 0, mods = input_mods(in);

    switch (f) {
    case 'A':
        q = Q_KEY_UP;
        break;
    case 'B':
        q = Q_KEY_DOWN;
        break;
    case 'C':
        q = Q_KEY_RIGHT;
        break;
    case 'D':
        q = Q_KEY_LEFT;
        break;
    case 'H':
        q = Q_KEY_HOME;
        break;
    case 'F':
        q = Q_KEY_END;
        break;
    case 'P': /* CSI 1;m P: F1-F4 with modifiers */
    case 'Q':
    case 'R':
    case 'S':
        q = Q_KEY_F1 + (f - 'P');
        break;
    case 'Z': /* back tab */
        q = Q_KEY_TAB;
        mods |= UI_MOD_SHIFT;
        break;
    case '~':
        if (in->nparams >= 1 && in->params[0] > 0 && in->params[0] < 25) {
            q = tilde[in->params[0]];
        }
        break;
    default:
        break;
    }
    if (q) {
        ansi_input_press(in, q, mods);
    }
}

static void input_ss3(AnsiInput *in, uint8_t f)
{
    int q = 0;

    if (f >= 'P' && f <= 'S') {
        q = Q_KEY_F1 + (f - 'P');
    } else if (f >= 'A' && f <= 'D') {
        static const uint8_t arrows[4] = {Q_KEY_UP, Q_KEY_DOWN, Q_KEY_RIGHT,
                                          Q_KEY_LEFT};
        q = arrows[f - 'A'];
    } else if (f == 'H') {
        q = Q_KEY_HOME;
    } else if (f == 'F') {
        q = Q_KEY_END;
    } else if (f == 'M') {
        q = Q_KEY_ENTER; /* keypad Enter in application mode */
    }
    if (q) {
        ansi_input_press(in, q, 0);
    }
}

void ansi_input_byte(AnsiInput *in, uint8_t b, int64_t now)
{
    bool after_cr = in->after_cr;

    in->after_cr = false;
    if (in->escape_ca) {
        in->escape_ca = false;
        if (b == 'd') { /* Ctrl-Alt-Del */
            ansi_input_press(in, Q_KEY_DELETE, UI_MOD_CTRL | UI_MOD_ALT);
        } else if (b == 0x01) {
            input_plain(in, 0x01, 0);
        }
        return;
    }
    switch (in->state) {
    case ST_GROUND:
        if (b == 0x1b) {
            in->state = ST_ESC;
            in->esc_time = now;
        } else if (b == 0x01) {
            in->escape_ca = true;
        } else if (b == '\n' && after_cr) {
            /* CR LF is one Enter */
        } else {
            in->after_cr = b == '\r';
            input_plain(in, b, 0);
        }
        return;
    case ST_ESC:
        if (b == '[') {
            in->state = ST_CSI;
            in->nparams = 0;
            memset(in->params, 0, sizeof(in->params));
        } else if (b == 'O') {
            in->state = ST_SS3;
        } else if (b == 0x1b) {
            /* ESC ESC: the first was the Esc key */
            ansi_input_press(in, Q_KEY_ESC, 0);
            in->esc_time = now;
        } else {
            in->state = ST_GROUND;
            input_plain(in, b, UI_MOD_ALT); /* Alt as an ESC prefix */
        }
        return;
    case ST_SS3:
        in->state = ST_GROUND;
        input_ss3(in, b);
        return;
    case ST_CSI_LINUX:
        in->state = ST_GROUND;
        if (b >= 'A' && b <= 'E') {
            ansi_input_press(in, Q_KEY_F1 + (b - 'A'), 0);
        }
        return;
    case ST_CSI:
    default:
        if (b == '[' && in->nparams == 0 && !in->params[0]) {
            in->state = ST_CSI_LINUX;
        } else if (b >= '0' && b <= '9') {
            if (in->nparams == 0) {
                in->nparams = 1;
            }
            int *p = &in->params[in->nparams - 1];
            if (*p < 1000) {
                *p = *p * 10 + (b - '0');
            }
        } else if (b == ';') {
            if (in->nparams == 0) {
                in->nparams = 1;
            }
            if (in->nparams < (int)ARRAY_SIZE(in->params)) {
                in->nparams++;
            }
        } else if (b >= 0x40 && b <= 0x7e) {
            in->state = ST_GROUND;
            input_csi_final(in, b);
        } else if (b < 0x20 || b > 0x7e) {
            in->state = ST_GROUND; /* not a sequence: drop it */
        }
        return;
    }
}

void ansi_input_idle(AnsiInput *in, int64_t now)
{
    if (in->state == ST_ESC &&
        now - in->esc_time >= ANSI_INPUT_ESC_TIMEOUT_NS) {
        in->state = ST_GROUND;
        ansi_input_press(in, Q_KEY_ESC, 0);
    }
}
