/*
 * Intel 8254 programmable interval timer. The counters are not stepped:
 * each channel remembers when its count was loaded and derives the count
 * and the OUT pin from QEMU_CLOCK_VIRTUAL. Channel 0 arms a QEMUTimer for
 * the next OUT transition only, which drives IRQ0.
 * Modelled: modes 0-5 (6/7 alias 2/3), binary and BCD counting, LSB/MSB/
 * word access, counter latch, read-back (count and status, null count),
 * gate edges for modes 1, 2, 3, 5.
 * Not modelled: a low gate pausing modes 0/4; a new count in modes 2/3
 * waiting for the end of the current period (it restarts at once).
 */
#include "hw/hw.h"

enum {
    RW_STATE_LSB = 1,
    RW_STATE_MSB = 2,
    RW_STATE_WORD0 = 3,
    RW_STATE_WORD1 = 4,
};

static uint32_t from_bcd16(uint32_t v)
{
    return ((v >> 12) & 15) * 1000 + ((v >> 8) & 15) * 100 +
           ((v >> 4) & 15) * 10 + (v & 15);
}

static uint32_t to_bcd16(uint32_t v)
{
    return ((v / 1000) % 10) << 12 | ((v / 100) % 10) << 8 |
           ((v / 10) % 10) << 4 | (v % 10);
}

static uint64_t pit_ticks(PITChannelState *s, int64_t now)
{
    if (now <= s->count_load_time) {
        return 0;
    }
    return muldiv64((uint64_t)(now - s->count_load_time), PIT_FREQ,
                    NANOSECONDS_PER_SECOND);
}

/* Counting and not waiting for a gate trigger. */
static bool pit_active(PITChannelState *s)
{
    if (!s->counting) {
        return false;
    }
    switch (s->mode) {
    case 1:
    case 5:
        return s->triggered;
    case 2:
    case 3:
        return s->gate;
    default:
        return true;
    }
}

static int pit_out_at(PITChannelState *s, int64_t now)
{
    uint64_t d;

    if (!s->counting) {
        return s->mode != 0; /* a control word sets OUT's initial state */
    }
    if (!pit_active(s)) {
        return 1;
    }
    d = pit_ticks(s, now);
    switch (s->mode) {
    case 0:
    case 1:
        return d >= s->count;
    case 2:
        /* Low for the one clock before each reload. */
        return s->count < 2 || (d % s->count) != s->count - 1;
    case 3:
        return (d % s->count) < ((s->count + 1) >> 1);
    default: /* 4, 5: a one-clock low strobe at terminal count */
        return d != s->count;
    }
}

/* Virtual time of the next OUT change, or -1 if OUT stays as it is. */
static int64_t pit_next_transition(PITChannelState *s, int64_t now)
{
    uint64_t d, base, next, r;
    int64_t t;

    if (!pit_active(s)) {
        return -1;
    }
    d = pit_ticks(s, now);
    switch (s->mode) {
    case 0:
    case 1:
        if (d >= s->count) {
            return -1;
        }
        next = s->count;
        break;
    case 2:
        if (s->count < 2) {
            return -1;
        }
        r = d % s->count;
        base = d - r;
        next = r < s->count - 1 ? base + s->count - 1 : base + s->count;
        break;
    case 3:
        r = d % s->count;
        base = d - r;
        next = r < ((s->count + 1) >> 1) ? base + ((s->count + 1) >> 1)
                                         : base + s->count;
        break;
    default:
        if (d < s->count) {
            next = s->count;
        } else if (d == s->count) {
            next = s->count + 1;
        } else {
            return -1;
        }
        break;
    }
    /* Round up so that the tick count at that time is exactly next. */
    t = (int64_t)muldiv64(next, NANOSECONDS_PER_SECOND, PIT_FREQ);
    if (muldiv64((uint64_t)t, PIT_FREQ, NANOSECONDS_PER_SECOND) < next) {
        t++;
    }
    t += s->count_load_time;
    return t > now ? t : now + 1;
}

static void pit_irq_timer_update(PITChannelState *s, int64_t current_time)
{
    int64_t expire;

    if (!s->has_timer) {
        return;
    }
    qemu_set_irq(s->irq, pit_out_at(s, current_time));
    expire = pit_next_transition(s, current_time);
    s->next_transition_time = expire;
    if (expire != -1) {
        timer_mod_ns(&s->irq_timer, expire);
    } else {
        timer_del(&s->irq_timer);
    }
}

static void pit_irq_timer(void *opaque)
{
    PITChannelState *s = opaque;
    /* The scheduled time, not "now": keeps the edges exact. */
    pit_irq_timer_update(s, s->next_transition_time);
}

/* The counter's value in the guest's format (binary or BCD). */
static uint16_t pit_get_count(PITChannelState *s)
{
    uint64_t d;
    uint32_t counter, modulus = s->bcd ? 10000 : 0x10000;

    if (!pit_active(s)) {
        counter = s->count % modulus;
    } else {
        d = pit_ticks(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
        switch (s->mode) {
        case 2:
            counter = s->count - (uint32_t)(d % s->count);
            break;
        case 3:
            /* Counts down by two, twice per period. */
            counter = s->count - (uint32_t)((2 * d) % s->count);
            break;
        default:
            counter = (uint32_t)((s->count + modulus - d % modulus) % modulus);
            break;
        }
        counter %= modulus;
    }
    return (uint16_t)(s->bcd ? to_bcd16(counter) : counter);
}

static void pit_load_count(PITChannelState *s, uint32_t val)
{
    val &= 0xffff;
    if (s->bcd) {
        val = from_bcd16(val);
        if (val == 0) {
            val = 10000;
        }
    } else if (val == 0) {
        val = 0x10000;
    }
    s->count = val;
    s->count_load_time = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    s->counting = true;
    s->triggered = false;
    pit_irq_timer_update(s, s->count_load_time);
}

static void pit_latch_count(PITChannelState *s)
{
    if (!s->count_latched) {
        s->latched_count = pit_get_count(s);
        s->count_latched = s->rw_mode;
    }
}

static void pit_ioport_write(void *opaque, hwaddr addr, uint64_t val64,
                             unsigned size)
{
    (void)size;
    PITState *pit = opaque;
    PITChannelState *s;
    int channel, access;
    uint32_t val = (uint8_t)val64;

    addr &= 3;
    if (addr == 3) {
        channel = val >> 6;
        if (channel == 3) { /* read-back */
            for (channel = 0; channel < 3; channel++) {
                s = &pit->channels[channel];
                if (!(val & (2 << channel))) {
                    continue;
                }
                if (!(val & 0x20)) {
                    pit_latch_count(s);
                }
                if (!(val & 0x10) && !s->status_latched) {
                    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
                    s->status =
                        (uint8_t)((pit_out_at(s, now) << 7) |
                                  (!s->counting << 6) | (s->rw_mode << 4) |
                                  (s->mode << 1) | s->bcd);
                    s->status_latched = 1;
                }
            }
            return;
        }
        s = &pit->channels[channel];
        access = (val >> 4) & 3;
        if (access == 0) {
            pit_latch_count(s);
            return;
        }
        s->rw_mode = (uint8_t)access;
        s->read_state = (uint8_t)access;
        s->write_state = (uint8_t)access;
        s->mode = (val >> 1) & 7;
        if (s->mode > 5) {
            s->mode -= 4;
        }
        s->bcd = val & 1;
        s->counting = false;
        s->triggered = false;
        pit_irq_timer_update(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
        return;
    }
    s = &pit->channels[addr];
    switch (s->write_state) {
    default:
    case RW_STATE_LSB:
        pit_load_count(s, val);
        break;
    case RW_STATE_MSB:
        pit_load_count(s, val << 8);
        break;
    case RW_STATE_WORD0:
        s->write_latch = (uint8_t)val;
        s->write_state = RW_STATE_WORD1;
        break;
    case RW_STATE_WORD1:
        pit_load_count(s, s->write_latch | (val << 8));
        s->write_state = RW_STATE_WORD0;
        break;
    }
}

static uint64_t pit_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)size;
    PITState *pit = opaque;
    PITChannelState *s;
    int ret;

    addr &= 3;
    if (addr == 3) {
        return 0; /* the control register is write-only */
    }
    s = &pit->channels[addr];
    if (s->status_latched) {
        s->status_latched = 0;
        return s->status;
    }
    if (s->count_latched) {
        switch (s->count_latched) {
        default:
        case RW_STATE_LSB:
            ret = s->latched_count & 0xff;
            s->count_latched = 0;
            break;
        case RW_STATE_MSB:
            ret = s->latched_count >> 8;
            s->count_latched = 0;
            break;
        case RW_STATE_WORD0:
            ret = s->latched_count & 0xff;
            s->count_latched = RW_STATE_MSB;
            break;
        }
        return (uint64_t)ret;
    }
    switch (s->read_state) {
    default:
    case RW_STATE_LSB:
        ret = pit_get_count(s) & 0xff;
        break;
    case RW_STATE_MSB:
        ret = pit_get_count(s) >> 8;
        break;
    case RW_STATE_WORD0:
        ret = pit_get_count(s) & 0xff;
        s->read_state = RW_STATE_WORD1;
        break;
    case RW_STATE_WORD1:
        ret = pit_get_count(s) >> 8;
        s->read_state = RW_STATE_WORD0;
        break;
    }
    return (uint64_t)ret;
}

static const MemoryRegionOps pit_ioport_ops = {
    .read = pit_ioport_read,
    .write = pit_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void pit_set_gate(PITState *pit, int channel, int val)
{
    PITChannelState *s = &pit->channels[channel];
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    val = !!val;
    if (s->gate < val) {
        switch (s->mode) {
        case 1:
        case 5:
            s->triggered = true;
            s->count_load_time = now;
            break;
        case 2:
        case 3:
            s->count_load_time = now;
            break;
        default:
            break;
        }
    }
    s->gate = (uint8_t)val;
    pit_irq_timer_update(s, now);
}

int pit_get_gate(PITState *pit, int channel)
{
    return pit->channels[channel].gate;
}

int pit_get_out(PITState *pit, int channel)
{
    return pit_out_at(&pit->channels[channel],
                      qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

void pit_reset(PITState *pit)
{
    for (int i = 0; i < 3; i++) {
        PITChannelState *s = &pit->channels[i];
        s->mode = 3;
        s->rw_mode = RW_STATE_WORD0;
        s->read_state = RW_STATE_WORD0;
        s->write_state = RW_STATE_WORD0;
        s->bcd = 0;
        s->gate = i != 2;
        s->count = 0x10000;
        s->count_latched = 0;
        s->status_latched = 0;
        s->counting = false;
        s->triggered = false;
        s->count_load_time = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        pit_irq_timer_update(s, s->count_load_time);
    }
}

void pit_init(PITState *pit, MemoryRegion *io, uint16_t base, qemu_irq irq0)
{
    memset(pit, 0, sizeof(*pit));
    pit->channels[0].irq = irq0;
    pit->channels[0].has_timer = true;
    timer_init_ns(&pit->channels[0].irq_timer, QEMU_CLOCK_VIRTUAL,
                  pit_irq_timer, &pit->channels[0]);
    memory_region_init_io(&pit->io, NULL, &pit_ioport_ops, pit, "pit", 4);
    memory_region_add_subregion(io, base, &pit->io);
    pit_reset(pit);
}
