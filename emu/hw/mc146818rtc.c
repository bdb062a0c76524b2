/*
 * Motorola MC146818 real-time clock with 128 bytes of CMOS RAM.
 * The time is not stepped: it is derived from QEMU_CLOCK_VIRTUAL on every
 * read. Timers run only for the periodic interrupt (while it can matter)
 * and for the once-a-second update (UF, alarm).
 * Modelled: BCD/binary, 12/24 h, SET, divider stop, UIP in the last
 * 244 us of each second, periodic/alarm/update flags and IRQ8, alarm
 * don't-care values, century at 0x32.
 * Not modelled: square wave output, daylight saving (DSE), NMI mask bit
 * (ignored), the second 128 bytes of banked CMOS.
 */
#include "hw/hw.h"

#define NS_PER_SEC  NANOSECONDS_PER_SECOND
#define RTC_FREQ    32768
#define UIP_HOLD_NS (8 * NS_PER_SEC / RTC_FREQ) /* 244 us */

/* ---- calendar arithmetic (proleptic Gregorian, days since 1970) ---- */

static int64_t days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

typedef struct {
    int64_t year;
    int mon; /* 1-12 */
    int mday;
    int wday; /* 0 = Sunday */
    int hour, min, sec;
} RTCTime;

static void civil_from_seconds(int64_t t, RTCTime *tm)
{
    int64_t days = t / 86400, secs = t % 86400;
    int64_t z, era, doe, yoe, doy, mp;

    if (secs < 0) {
        secs += 86400;
        days--;
    }
    tm->hour = (int)(secs / 3600);
    tm->min = (int)(secs / 60 % 60);
    tm->sec = (int)(secs % 60);
    tm->wday = (int)((days % 7 + 11) % 7); /* 1970-01-01: Thursday */
    z = days + 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    tm->mday = (int)(doy - (153 * mp + 2) / 5 + 1);
    tm->mon = (int)(mp < 10 ? mp + 3 : mp - 9);
    tm->year = yoe + era * 400 + (tm->mon <= 2);
}

/* ---- register formats ---- */

static int rtc_to_bcd(RTCState *s, int a)
{
    if (s->cmos_data[RTC_REG_B] & REG_B_DM) {
        return a;
    }
    return ((a / 10) << 4) | (a % 10);
}

static int rtc_from_bcd(RTCState *s, int a)
{
    if ((a & 0xc0) == 0xc0) {
        return -1; /* alarm "don't care" */
    }
    if (s->cmos_data[RTC_REG_B] & REG_B_DM) {
        return a;
    }
    return ((a >> 4) * 10) + (a & 0x0f);
}

static int rtc_hour_to_reg(RTCState *s, int hour)
{
    if (s->cmos_data[RTC_REG_B] & REG_B_24H) {
        return rtc_to_bcd(s, hour);
    }
    return rtc_to_bcd(s, hour % 12 ? hour % 12 : 12) | (hour >= 12 ? 0x80 : 0);
}

static int rtc_hour_from_reg(RTCState *s, int v)
{
    int h;

    if (s->cmos_data[RTC_REG_B] & REG_B_24H) {
        return rtc_from_bcd(s, v);
    }
    h = rtc_from_bcd(s, v & 0x7f) % 12;
    return (v & 0x80) ? h + 12 : h;
}

/* ---- the clock ---- */

static bool rtc_running(RTCState *s)
{
    return !(s->cmos_data[RTC_REG_B] & REG_B_SET) &&
           (s->cmos_data[RTC_REG_A] & 0x70) <= 0x20;
}

static int64_t vclock(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

/* The RTC's time at virtual time now, as whole seconds and the ns into
 * the second. Seconds and ns are kept apart: seconds * 1e9 overflows 64
 * bits from the year 2262 on, and the CMOS holds years up to 9999. */
static int64_t rtc_now(RTCState *s, int64_t now, int64_t *frac)
{
    int64_t sec = s->frozen ? s->frozen_sec : s->base_rtc_sec;
    int64_t ns = s->frozen ? s->frozen_frac : s->base_rtc_frac;

    if (!s->frozen) {
        int64_t d = now - s->base_vclock_ns;
        sec += d / NS_PER_SEC;
        ns += d % NS_PER_SEC;
        if (ns < 0) {
            ns += NS_PER_SEC;
            sec--;
        } else if (ns >= NS_PER_SEC) {
            ns -= NS_PER_SEC;
            sec++;
        }
    }
    if (frac) {
        *frac = ns;
    }
    return sec;
}

static void rtc_set_cmos(RTCState *s, int64_t seconds)
{
    RTCTime tm;

    civil_from_seconds(seconds, &tm);
    s->cmos_data[RTC_SECONDS] = (uint8_t)rtc_to_bcd(s, tm.sec);
    s->cmos_data[RTC_MINUTES] = (uint8_t)rtc_to_bcd(s, tm.min);
    s->cmos_data[RTC_HOURS] = (uint8_t)rtc_hour_to_reg(s, tm.hour);
    s->cmos_data[RTC_DAY_OF_WEEK] = (uint8_t)rtc_to_bcd(s, tm.wday + 1);
    s->cmos_data[RTC_DAY_OF_MONTH] = (uint8_t)rtc_to_bcd(s, tm.mday);
    s->cmos_data[RTC_MONTH] = (uint8_t)rtc_to_bcd(s, tm.mon);
    s->cmos_data[RTC_YEAR] = (uint8_t)rtc_to_bcd(s, (int)(tm.year % 100));
    s->cmos_data[RTC_CENTURY] = (uint8_t)rtc_to_bcd(s, (int)(tm.year / 100));
}

/* The seconds the time registers hold, as the guest wrote them. */
static int64_t rtc_get_cmos(RTCState *s)
{
    int64_t year = rtc_from_bcd(s, s->cmos_data[RTC_CENTURY]) * 100 +
                   rtc_from_bcd(s, s->cmos_data[RTC_YEAR]);
    int mon = rtc_from_bcd(s, s->cmos_data[RTC_MONTH]);
    int mday = rtc_from_bcd(s, s->cmos_data[RTC_DAY_OF_MONTH]);

    if (mon < 1 || mon > 12) {
        mon = 1;
    }
    return days_from_civil(year, mon, mday) * 86400 +
           rtc_hour_from_reg(s, s->cmos_data[RTC_HOURS]) * 3600 +
           rtc_from_bcd(s, s->cmos_data[RTC_MINUTES]) * 60 +
           rtc_from_bcd(s, s->cmos_data[RTC_SECONDS]);
}

static void rtc_update_irq(RTCState *s)
{
    if (s->cmos_data[RTC_REG_C] & s->cmos_data[RTC_REG_B] & 0x70) {
        s->cmos_data[RTC_REG_C] |= REG_C_IRQF;
        qemu_irq_raise(s->irq);
    }
}

/* ---- periodic interrupt ---- */

static uint32_t rtc_period_ticks(RTCState *s)
{
    int code = s->cmos_data[RTC_REG_A] & 0x0f;

    if (code == 0) {
        return 0;
    }
    if (code <= 2) {
        code += 7; /* rates 1 and 2 alias 8 and 9 with a 32 kHz base */
    }
    return 1u << (code - 1);
}

static void periodic_timer_update(RTCState *s, int64_t current)
{
    uint32_t period = rtc_period_ticks(s);
    uint64_t tick, next_tick;
    int64_t t;

    /* Without PIE the timer only has to run until PF is set. */
    if (!period || !rtc_running(s) ||
        (!(s->cmos_data[RTC_REG_B] & REG_B_PIE) &&
         (s->cmos_data[RTC_REG_C] & REG_C_PF))) {
        timer_del(&s->periodic_timer);
        return;
    }
    tick = muldiv64((uint64_t)current, RTC_FREQ, NS_PER_SEC);
    next_tick = (tick / period + 1) * period;
    t = (int64_t)muldiv64(next_tick, NS_PER_SEC, RTC_FREQ);
    if (muldiv64((uint64_t)t, RTC_FREQ, NS_PER_SEC) < next_tick) {
        t++;
    }
    s->next_periodic_time = t;
    timer_mod_ns(&s->periodic_timer, t);
}

static void rtc_periodic_timer(void *opaque)
{
    RTCState *s = opaque;

    s->cmos_data[RTC_REG_C] |= REG_C_PF;
    rtc_update_irq(s);
    periodic_timer_update(s, s->next_periodic_time);
}

/* ---- once-a-second update: UF and the alarm ---- */

static void update_timer_arm(RTCState *s, int64_t current)
{
    int64_t frac;

    if (!rtc_running(s)) {
        timer_del(&s->update_timer);
        return;
    }
    rtc_now(s, current, &frac);
    s->next_update_time = current + (NS_PER_SEC - frac);
    timer_mod_ns(&s->update_timer, s->next_update_time);
}

static bool alarm_field_matches(RTCState *s, int reg, int value)
{
    int a = s->cmos_data[reg];

    if ((a & 0xc0) == 0xc0) {
        return true;
    }
    if (reg == RTC_HOURS_ALARM) {
        return rtc_hour_from_reg(s, a) == value;
    }
    return rtc_from_bcd(s, a) == value;
}

static void rtc_update_timer(void *opaque)
{
    RTCState *s = opaque;
    int64_t now = s->next_update_time;
    int64_t secs = rtc_now(s, now, NULL);
    RTCTime tm;

    civil_from_seconds(secs, &tm);
    s->cmos_data[RTC_REG_C] |= REG_C_UF;
    if (alarm_field_matches(s, RTC_SECONDS_ALARM, tm.sec) &&
        alarm_field_matches(s, RTC_MINUTES_ALARM, tm.min) &&
        alarm_field_matches(s, RTC_HOURS_ALARM, tm.hour)) {
        s->cmos_data[RTC_REG_C] |= REG_C_AF;
    }
    rtc_update_irq(s);
    update_timer_arm(s, now);
}

/* ---- guest-visible state changes ---- */

static void rtc_freeze(RTCState *s, int64_t now)
{
    if (!s->frozen) {
        s->frozen_sec = rtc_now(s, now, &s->frozen_frac);
        s->frozen = true;
        rtc_set_cmos(s, s->frozen_sec);
    }
}

/* Restart the clock from the time registers, keeping the position inside
 * the current second so updates stay one second apart. */
static void rtc_restart_from_cmos(RTCState *s, int64_t now)
{
    int64_t frac;

    rtc_now(s, now, &frac);
    s->base_rtc_sec = rtc_get_cmos(s);
    s->base_rtc_frac = frac;
    s->base_vclock_ns = now;
    s->frozen = false;
}

static bool rtc_update_in_progress(RTCState *s, int64_t now)
{
    int64_t frac;

    if (!rtc_running(s)) {
        return false;
    }
    rtc_now(s, now, &frac);
    return frac >= NS_PER_SEC - UIP_HOLD_NS;
}

static void cmos_ioport_write(void *opaque, hwaddr addr, uint64_t val64,
                              unsigned size)
{
    (void)size;
    RTCState *s = opaque;
    uint8_t data = (uint8_t)val64;
    int64_t now;

    if ((addr & 1) == 0) {
        s->cmos_index = data & 0x7f; /* bit 7 is the NMI mask: ignored */
        return;
    }
    now = vclock();
    switch (s->cmos_index) {
    case RTC_SECONDS_ALARM:
    case RTC_MINUTES_ALARM:
    case RTC_HOURS_ALARM:
        s->cmos_data[s->cmos_index] = data;
        break;
    case RTC_SECONDS:
    case RTC_MINUTES:
    case RTC_HOURS:
    case RTC_DAY_OF_WEEK:
    case RTC_DAY_OF_MONTH:
    case RTC_MONTH:
    case RTC_YEAR:
    case RTC_CENTURY:
        if (rtc_running(s)) {
            /* Start from the current time, then change one field. */
            rtc_set_cmos(s, rtc_now(s, now, NULL));
            s->cmos_data[s->cmos_index] = data;
            rtc_restart_from_cmos(s, now);
            update_timer_arm(s, now);
        } else {
            s->cmos_data[s->cmos_index] = data;
        }
        break;
    case RTC_REG_A: {
        bool was_running = rtc_running(s);
        s->cmos_data[RTC_REG_A] =
            (data & ~REG_A_UIP) | (s->cmos_data[RTC_REG_A] & REG_A_UIP);
        if (was_running && !rtc_running(s)) {
            rtc_freeze(s, now);
        } else if (!was_running && rtc_running(s)) {
            rtc_restart_from_cmos(s, now);
        }
        periodic_timer_update(s, now);
        update_timer_arm(s, now);
        break;
    }
    case RTC_REG_B: {
        bool was_running = rtc_running(s);
        if (data & REG_B_SET) {
            data &= ~REG_B_UIE; /* SET clears UIE */
        }
        if (was_running) {
            rtc_freeze(s, now); /* registers now in the old format */
        }
        if ((data ^ s->cmos_data[RTC_REG_B]) & (REG_B_DM | REG_B_24H)) {
            /* Re-render the registers in the new format. */
            int64_t secs = rtc_get_cmos(s);
            s->cmos_data[RTC_REG_B] = data;
            rtc_set_cmos(s, secs);
        } else {
            s->cmos_data[RTC_REG_B] = data;
        }
        if (rtc_running(s)) {
            if (was_running) {
                s->frozen = false; /* nothing changed the time */
            } else {
                rtc_restart_from_cmos(s, now);
            }
        }
        rtc_update_irq(s);
        periodic_timer_update(s, now);
        update_timer_arm(s, now);
        break;
    }
    case RTC_REG_C:
    case RTC_REG_D:
        break; /* read-only */
    default:
        s->cmos_data[s->cmos_index] = data;
        break;
    }
}

static uint64_t cmos_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)size;
    RTCState *s = opaque;
    int64_t now;
    uint8_t ret;

    if ((addr & 1) == 0) {
        return 0xff;
    }
    now = vclock();
    switch (s->cmos_index) {
    case RTC_SECONDS:
    case RTC_MINUTES:
    case RTC_HOURS:
    case RTC_DAY_OF_WEEK:
    case RTC_DAY_OF_MONTH:
    case RTC_MONTH:
    case RTC_YEAR:
    case RTC_CENTURY:
        if (rtc_running(s)) {
            rtc_set_cmos(s, rtc_now(s, now, NULL));
        }
        ret = s->cmos_data[s->cmos_index];
        break;
    case RTC_REG_A:
        ret = s->cmos_data[RTC_REG_A] & ~REG_A_UIP;
        if (rtc_update_in_progress(s, now)) {
            ret |= REG_A_UIP;
        }
        break;
    case RTC_REG_C:
        ret = s->cmos_data[RTC_REG_C];
        s->cmos_data[RTC_REG_C] = 0;
        qemu_irq_lower(s->irq);
        periodic_timer_update(s, now); /* PF clear: may need it again */
        break;
    case RTC_REG_D:
        ret = 0x80; /* valid RAM and time */
        break;
    default:
        ret = s->cmos_data[s->cmos_index];
        break;
    }
    return ret;
}

static const MemoryRegionOps cmos_ops = {
    .read = cmos_ioport_read,
    .write = cmos_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void rtc_set_time(RTCState *s, int64_t seconds)
{
    int64_t now = vclock();

    s->base_rtc_sec = seconds;
    s->base_rtc_frac = 0;
    s->base_vclock_ns = now;
    if (s->frozen) {
        s->frozen_sec = seconds;
        s->frozen_frac = 0;
    }
    rtc_set_cmos(s, seconds);
    update_timer_arm(s, now);
}

int64_t rtc_get_time(RTCState *s)
{
    return rtc_now(s, vclock(), NULL);
}

void rtc_set_memory(RTCState *s, int addr, int val)
{
    bmx_assert(addr >= 0 && addr < 128);
    s->cmos_data[addr] = (uint8_t)val;
}

int rtc_get_memory(RTCState *s, int addr)
{
    bmx_assert(addr >= 0 && addr < 128);
    return s->cmos_data[addr];
}

void rtc_update_checksum(RTCState *s)
{
    unsigned sum = 0;

    for (int i = 0x10; i <= 0x2d; i++) {
        sum += s->cmos_data[i];
    }
    s->cmos_data[0x2e] = (uint8_t)(sum >> 8);
    s->cmos_data[0x2f] = (uint8_t)sum;
}

void rtc_set_memory_size(RTCState *s, uint64_t below_4g, uint64_t above_4g)
{
    const uint64_t KiB = 1024, MiB = 1024 * 1024;
    uint64_t val;

    val = MIN(below_4g / KiB, 640);
    rtc_set_memory(s, 0x15, (int)(val & 0xff));
    rtc_set_memory(s, 0x16, (int)(val >> 8));
    val = below_4g > MiB ? (below_4g - MiB) / KiB : 0;
    val = MIN(val, 65535);
    rtc_set_memory(s, 0x17, (int)(val & 0xff));
    rtc_set_memory(s, 0x18, (int)(val >> 8));
    rtc_set_memory(s, 0x30, (int)(val & 0xff));
    rtc_set_memory(s, 0x31, (int)(val >> 8));
    val = below_4g > 16 * MiB ? (below_4g - 16 * MiB) / (64 * KiB) : 0;
    val = MIN(val, 65535);
    rtc_set_memory(s, 0x34, (int)(val & 0xff));
    rtc_set_memory(s, 0x35, (int)(val >> 8));
    val = above_4g / (64 * KiB);
    rtc_set_memory(s, 0x5b, (int)(val & 0xff));
    rtc_set_memory(s, 0x5c, (int)((val >> 8) & 0xff));
    rtc_set_memory(s, 0x5d, (int)((val >> 16) & 0xff));
    rtc_update_checksum(s);
}

void rtc_init(RTCState *s, MemoryRegion *io, uint16_t base, qemu_irq irq,
              RTCHostTimeFn host_time, void *opaque, int64_t epoch)
{
    memset(s, 0, sizeof(*s));
    s->irq = irq;
    s->cmos_data[RTC_REG_A] = 0x26; /* 32.768 kHz, 1024 Hz rate */
    s->cmos_data[RTC_REG_B] = REG_B_24H;
    s->cmos_data[RTC_REG_D] = 0x80;
    timer_init_ns(&s->periodic_timer, QEMU_CLOCK_VIRTUAL, rtc_periodic_timer,
                  s);
    timer_init_ns(&s->update_timer, QEMU_CLOCK_VIRTUAL, rtc_update_timer, s);
    rtc_set_time(s, host_time ? host_time(opaque) : epoch);
    memory_region_init_io(&s->io, NULL, &cmos_ops, s, "rtc", 2);
    memory_region_add_subregion(io, base, &s->io);
}
