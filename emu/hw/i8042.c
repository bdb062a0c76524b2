/*
 * Intel 8042 keyboard controller with a PS/2 keyboard behind it.
 * Modelled: status register (OBF, SYS, CMD/DATA, unlocked), command byte
 * (read/write, interrupt enables, keyboard disable, SYS flag), self test
 * 0xAA -> 0x55, interface tests, input/output port reads, A20 through the
 * output port (0xD1) and 0xDD/0xDF, reset pulses (0xF0-0xFF with bit 0
 * clear, e.g. 0xFE), 0xD2 echo; the keyboard's reset (0xFF -> 0xFA 0xAA),
 * identify, echo, LEDs, scancode set, typematic, enable/disable.
 * The keyboard sends set 2 (or set 1 if the guest picks it with F0 01);
 * the controller translates to set 1 while command byte bit 6 is set,
 * as every BIOS leaves it.
 * Not modelled: a mouse (aux commands answer 0xFE: no device), the
 * keyboard lock, parity and timeout errors.
 */
#include "hw/hw.h"

#define KBD_STAT_OBF       0x01
#define KBD_STAT_SELFTEST  0x04
#define KBD_STAT_CMD       0x08
#define KBD_STAT_UNLOCKED  0x10
#define KBD_STAT_MOUSE_OBF 0x20

#define KBD_MODE_KBD_INT       0x01
#define KBD_MODE_MOUSE_INT     0x02
#define KBD_MODE_SYS           0x04
#define KBD_MODE_DISABLE_KBD   0x10
#define KBD_MODE_DISABLE_MOUSE 0x20
#define KBD_MODE_KCC           0x40

#define KBD_OUT_RESET 0x01
#define KBD_OUT_A20   0x02
#define KBD_OUT_ONES  0xcc

#define KBD_REPLY_ACK    0xfa
#define KBD_REPLY_RESEND 0xfe
#define KBD_REPLY_POR    0xaa

static void kbd_update_irq(KBDState *s)
{
    int irq_kbd = 0, irq_mouse = 0;

    if (!(s->status & KBD_STAT_OBF)) {
        if (s->cb_pending) {
            s->obdata = s->cbdata;
            s->cb_pending = false;
            s->status |= KBD_STAT_OBF;
            if (s->cb_aux) {
                s->status |= KBD_STAT_MOUSE_OBF;
            } else {
                s->status &= ~KBD_STAT_MOUSE_OBF;
            }
        } else if (!(s->mode & KBD_MODE_DISABLE_KBD) && s->kbd_count) {
            s->obdata = s->kbd_queue[s->kbd_rptr];
            s->kbd_rptr = (s->kbd_rptr + 1) % KBD_QUEUE_SIZE;
            s->kbd_count--;
            s->status |= KBD_STAT_OBF;
            s->status &= ~KBD_STAT_MOUSE_OBF;
        }
    }
    if (s->status & KBD_STAT_OBF) {
        if (s->status & KBD_STAT_MOUSE_OBF) {
            irq_mouse = !!(s->mode & KBD_MODE_MOUSE_INT);
        } else {
            irq_kbd = !!(s->mode & KBD_MODE_KBD_INT);
        }
    }
    qemu_set_irq(s->irq_kbd, irq_kbd);
    qemu_set_irq(s->irq_mouse, irq_mouse);
}

/* A byte the controller itself answers with. */
static void kbd_reply(KBDState *s, uint8_t val, bool aux)
{
    s->cbdata = val;
    s->cb_aux = aux;
    s->cb_pending = true;
    kbd_update_irq(s);
}

static void kbd_queue(KBDState *s, uint8_t b)
{
    if (s->kbd_count == KBD_QUEUE_SIZE) {
        return; /* the keyboard's buffer overflows: drop */
    }
    s->kbd_queue[(s->kbd_rptr + s->kbd_count) % KBD_QUEUE_SIZE] = b;
    s->kbd_count++;
}

void i8042_put_keycode(KBDState *s, uint8_t code)
{
    if (!s->kbd_scan_enabled) {
        return;
    }
    kbd_queue(s, code);
    kbd_update_irq(s);
}

/* Set-1 make code -> set-2 make code (QEMU's qcode_to_keycode_set2 for
 * the keys a PC/AT keyboard has); 0: no such key. E0-prefixed keys share
 * the code of their keypad twin (Up: E0 48 in set 1, E0 75 in set 2). */
static const uint8_t set1_to_set2[0x59] = {
    0x00, 0x76, 0x16, 0x1e, 0x26, 0x25, 0x2e, 0x36, /* 00 */
    0x3d, 0x3e, 0x46, 0x45, 0x4e, 0x55, 0x66, 0x0d,
    0x15, 0x1d, 0x24, 0x2d, 0x2c, 0x35, 0x3c, 0x43, /* 10 */
    0x44, 0x4d, 0x54, 0x5b, 0x5a, 0x14, 0x1c, 0x1b,
    0x23, 0x2b, 0x34, 0x33, 0x3b, 0x42, 0x4b, 0x4c, /* 20 */
    0x52, 0x0e, 0x12, 0x5d, 0x1a, 0x22, 0x21, 0x2a,
    0x32, 0x31, 0x3a, 0x41, 0x49, 0x4a, 0x59, 0x7c, /* 30 */
    0x11, 0x29, 0x58, 0x05, 0x06, 0x04, 0x0c, 0x03,
    0x0b, 0x83, 0x0a, 0x01, 0x09, 0x77, 0x7e, 0x6c, /* 40 */
    0x75, 0x7d, 0x7b, 0x6b, 0x73, 0x74, 0x79, 0x69,
    0x72, 0x7a, 0x70, 0x71, 0x84, 0x00, 0x61, 0x78, /* 50 */
    0x07,
};

/* The controller's set-2 -> set-1 translation (command byte bit 6):
 * the inverse of the table above; other codes pass unchanged. */
static uint8_t kbd_translate(uint8_t code)
{
    for (unsigned i = 1; i < sizeof(set1_to_set2); i++) {
        if (set1_to_set2[i] == code) {
            return (uint8_t)i;
        }
    }
    return code;
}

/* A scancode byte from the keyboard through the controller: QEMU's
 * ps2_put_keycode with translation -- F0 (break) sets bit 7 of the
 * translated code that follows it. */
static void kbd_put_scancode(KBDState *s, uint8_t code)
{
    if (!(s->mode & KBD_MODE_KCC)) {
        i8042_put_keycode(s, code);
    } else if (code == 0xf0) {
        s->kbd_need_high_bit = true;
    } else if (code == 0xe0 || code == 0xe1) {
        i8042_put_keycode(s, code);
    } else {
        uint8_t t = kbd_translate(code);
        i8042_put_keycode(s, s->kbd_need_high_bit ? t | 0x80 : t);
        s->kbd_need_high_bit = false;
    }
}

bool i8042_put_qnum(KBDState *s, int qnum, bool down)
{
    uint8_t code = qnum & 0x7f;

    if (qnum <= 0 || qnum > 0xff || code >= sizeof(set1_to_set2) ||
        !set1_to_set2[code]) {
        return false;
    }
    if (!s->kbd_scan_enabled) {
        return true; /* the key exists; the keyboard drops it */
    }
    if (s->kbd_scancode_set == 1) {
        /* the keyboard itself sends set 1 */
        if (qnum & 0x80) {
            kbd_put_scancode(s, 0xe0);
        }
        kbd_put_scancode(s, down ? code : code | 0x80);
        return true;
    }
    /* sets 2 and 3 (Deviation D51: 3 is sent as 2) */
    if (qnum & 0x80) {
        kbd_put_scancode(s, 0xe0);
    }
    if (!down) {
        kbd_put_scancode(s, 0xf0);
    }
    kbd_put_scancode(s, set1_to_set2[code]);
    return true;
}

int i8042_queue_room(const KBDState *s)
{
    return KBD_QUEUE_SIZE - s->kbd_count;
}

bool i8042_put_char(KBDState *s, char c)
{
    static const struct {
        char c;
        uint8_t qnum;
    } specials[] = {{0x1b, 0x01}, {'\b', 0x0e}, {'\t', 0x0f},
                    {'\r', 0x1c}, {'\n', 0x1c}, {' ', 0x39}};
    static const char rows[4][2][13] = {
        {"1234567890-=", "!@#$%^&*()_+"},
        {"qwertyuiop[]", "QWERTYUIOP{}"},
        {"asdfghjkl;'`", "ASDFGHJKL:\"~"},
        {"\\zxcvbnm,./", "|ZXCVBNM<>?"},
    };
    static const uint8_t first[4] = {0x02, 0x10, 0x1e, 0x2b};
    int qnum = 0;
    bool shift = false;

    for (unsigned i = 0; i < ARRAY_SIZE(specials); i++) {
        if (specials[i].c == c) {
            qnum = specials[i].qnum;
        }
    }
    for (unsigned r = 0; r < 4 && !qnum && c; r++) {
        for (unsigned i = 0; rows[r][0][i]; i++) {
            if (rows[r][0][i] == c || rows[r][1][i] == c) {
                qnum = first[r] + (int)i;
                shift = rows[r][1][i] == c;
                break;
            }
        }
    }
    if (!qnum) {
        return false;
    }
    if (shift) {
        i8042_put_qnum(s, 0x2a, true);
    }
    i8042_put_qnum(s, qnum, true);
    i8042_put_qnum(s, qnum, false);
    if (shift) {
        i8042_put_qnum(s, 0x2a, false);
    }
    return true;
}

static void kbd_keyboard_defaults(KBDState *s)
{
    s->kbd_scan_enabled = 1;
    s->kbd_scancode_set = 2;
    s->kbd_ledstate = 0;
    s->kbd_need_high_bit = false;
}

/* A byte sent to the keyboard through port 0x60. */
static void kbd_keyboard_write(KBDState *s, uint8_t val)
{
    switch (s->kbd_write_cmd) {
    case 0xf0: /* scancode set */
        s->kbd_write_cmd = 0;
        if (val == 0) {
            kbd_queue(s, KBD_REPLY_ACK);
            /* Translated sets as the host sees them (QEMU's table). */
            kbd_queue(s, (s->mode & KBD_MODE_KCC)
                             ? (s->kbd_scancode_set == 1   ? 0x43
                                : s->kbd_scancode_set == 2 ? 0x41
                                                           : 0x3f)
                             : s->kbd_scancode_set);
        } else if (val <= 3) {
            s->kbd_scancode_set = val;
            kbd_queue(s, KBD_REPLY_ACK);
        } else {
            kbd_queue(s, KBD_REPLY_RESEND);
        }
        return;
    case 0xed: /* LEDs */
        s->kbd_write_cmd = 0;
        s->kbd_ledstate = val & 7;
        kbd_queue(s, KBD_REPLY_ACK);
        return;
    case 0xf3: /* typematic rate */
        s->kbd_write_cmd = 0;
        kbd_queue(s, KBD_REPLY_ACK);
        return;
    default:
        break;
    }
    switch (val) {
    case 0x00:
        kbd_queue(s, KBD_REPLY_ACK);
        break;
    case 0x05:
        kbd_queue(s, KBD_REPLY_RESEND);
        break;
    case 0xee: /* echo */
        kbd_queue(s, 0xee);
        break;
    case 0xf2: /* identify: MF2 keyboard */
        kbd_queue(s, KBD_REPLY_ACK);
        kbd_queue(s, 0xab);
        kbd_queue(s, (s->mode & KBD_MODE_KCC) ? 0x41 : 0x83);
        break;
    case 0xed:
    case 0xf0:
    case 0xf3:
        s->kbd_write_cmd = val;
        kbd_queue(s, KBD_REPLY_ACK);
        break;
    case 0xf4:
        s->kbd_scan_enabled = 1;
        kbd_queue(s, KBD_REPLY_ACK);
        break;
    case 0xf5: /* disable and set defaults */
        kbd_keyboard_defaults(s);
        s->kbd_scan_enabled = 0;
        kbd_queue(s, KBD_REPLY_ACK);
        break;
    case 0xf6:
        kbd_keyboard_defaults(s);
        kbd_queue(s, KBD_REPLY_ACK);
        break;
    case 0xf7:
    case 0xf8:
    case 0xf9:
    case 0xfa:
    case 0xfb:
    case 0xfc:
    case 0xfd:
        kbd_queue(s, KBD_REPLY_ACK);
        break;
    case 0xff: /* reset and self test */
        kbd_keyboard_defaults(s);
        s->kbd_count = 0;
        kbd_queue(s, KBD_REPLY_ACK);
        kbd_queue(s, KBD_REPLY_POR);
        break;
    default:
        kbd_queue(s, KBD_REPLY_RESEND);
        break;
    }
}

static void outport_write(KBDState *s, uint8_t val)
{
    s->outport = val;
    qemu_set_irq(s->a20_out, (val >> 1) & 1);
    if (!(val & 1)) {
        qemu_irq_pulse(s->reset_out);
    }
}

static uint64_t kbd_read_status(void *opaque, hwaddr addr, unsigned size)
{
    (void)addr;
    (void)size;
    KBDState *s = opaque;
    return s->status;
}

static void kbd_write_command(void *opaque, hwaddr addr, uint64_t val64,
                              unsigned size)
{
    (void)addr;
    (void)size;
    KBDState *s = opaque;
    uint8_t val = (uint8_t)val64;

    s->status |= KBD_STAT_CMD;
    /* 0xF0-0xFF pulse output port lines low for 6 us; bit 0 is reset. */
    if (val >= 0xf0) {
        if (!(val & 1)) {
            qemu_irq_pulse(s->reset_out);
        }
        return;
    }
    switch (val) {
    case 0x20: /* read command byte */
        kbd_reply(s, s->mode, false);
        break;
    case 0x60: /* write command byte */
    case 0xd1: /* write output port */
    case 0xd2: /* write keyboard output buffer */
    case 0xd3: /* write aux output buffer */
    case 0xd4: /* write to aux device */
        s->write_cmd = val;
        break;
    case 0xa7:
        s->mode |= KBD_MODE_DISABLE_MOUSE;
        break;
    case 0xa8:
        s->mode &= ~KBD_MODE_DISABLE_MOUSE;
        break;
    case 0xa9: /* aux interface test: ok */
    case 0xab: /* keyboard interface test: ok */
        kbd_reply(s, 0x00, false);
        break;
    case 0xaa: /* controller self test */
        s->status |= KBD_STAT_SELFTEST;
        kbd_reply(s, 0x55, false);
        break;
    case 0xad:
        s->mode |= KBD_MODE_DISABLE_KBD;
        kbd_update_irq(s);
        break;
    case 0xae:
        s->mode &= ~KBD_MODE_DISABLE_KBD;
        kbd_update_irq(s);
        break;
    case 0xc0: /* read input port: keyboard not locked */
        kbd_reply(s, 0x80, false);
        break;
    case 0xd0: /* read output port */
        kbd_reply(s,
                  (uint8_t)(s->outport |
                            ((s->status & KBD_STAT_OBF) ? 0x10 : 0) |
                            ((s->status & KBD_STAT_MOUSE_OBF) ? 0x20 : 0)),
                  false);
        break;
    case 0xdd:
        outport_write(s, s->outport & ~KBD_OUT_A20);
        break;
    case 0xdf:
        outport_write(s, s->outport | KBD_OUT_A20);
        break;
    case 0xe0: /* read test inputs */
        kbd_reply(s, 0x00, false);
        break;
    default:
        break; /* unknown commands are ignored */
    }
}

static uint64_t kbd_read_data(void *opaque, hwaddr addr, unsigned size)
{
    (void)addr;
    (void)size;
    KBDState *s = opaque;
    uint8_t val = s->obdata;

    s->status &= ~(KBD_STAT_OBF | KBD_STAT_MOUSE_OBF);
    /* Drop the line first: the next byte makes a new edge. */
    qemu_set_irq(s->irq_kbd, 0);
    qemu_set_irq(s->irq_mouse, 0);
    kbd_update_irq(s);
    return val;
}

static void kbd_write_data(void *opaque, hwaddr addr, uint64_t val64,
                           unsigned size)
{
    (void)addr;
    (void)size;
    KBDState *s = opaque;
    uint8_t val = (uint8_t)val64;

    s->status &= ~KBD_STAT_CMD;
    switch (s->write_cmd) {
    case 0:
        kbd_keyboard_write(s, val);
        break;
    case 0x60:
        s->mode = val;
        s->status =
            (uint8_t)((s->status & ~KBD_STAT_SELFTEST) | (val & KBD_MODE_SYS));
        break;
    case 0xd1:
        outport_write(s, val);
        break;
    case 0xd2:
        kbd_reply(s, val, false);
        break;
    case 0xd3:
        kbd_reply(s, val, true);
        break;
    case 0xd4:
        kbd_reply(s, KBD_REPLY_RESEND, true); /* no aux device */
        break;
    default:
        break;
    }
    s->write_cmd = 0;
    kbd_update_irq(s);
}

static const MemoryRegionOps kbd_data_ops = {
    .read = kbd_read_data,
    .write = kbd_write_data,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

static const MemoryRegionOps kbd_cmd_ops = {
    .read = kbd_read_status,
    .write = kbd_write_command,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void i8042_reset(KBDState *s)
{
    s->mode = KBD_MODE_KBD_INT | KBD_MODE_MOUSE_INT;
    s->status = KBD_STAT_CMD | KBD_STAT_UNLOCKED;
    s->outport = KBD_OUT_RESET | KBD_OUT_A20 | KBD_OUT_ONES;
    s->write_cmd = 0;
    s->cb_pending = false;
    s->kbd_rptr = 0;
    s->kbd_count = 0;
    s->kbd_write_cmd = 0;
    kbd_keyboard_defaults(s);
    kbd_update_irq(s);
}

void i8042_init(KBDState *s, MemoryRegion *io, uint16_t data_port,
                uint16_t cmd_port, qemu_irq irq_kbd, qemu_irq irq_mouse,
                qemu_irq a20_out, qemu_irq reset_out)
{
    memset(s, 0, sizeof(*s));
    s->irq_kbd = irq_kbd;
    s->irq_mouse = irq_mouse;
    s->a20_out = a20_out;
    s->reset_out = reset_out;
    memory_region_init_io(&s->io_data, NULL, &kbd_data_ops, s, "i8042-data", 1);
    memory_region_add_subregion(io, data_port, &s->io_data);
    memory_region_init_io(&s->io_cmd, NULL, &kbd_cmd_ops, s, "i8042-cmd", 1);
    memory_region_add_subregion(io, cmd_port, &s->io_cmd);
    i8042_reset(s);
}
