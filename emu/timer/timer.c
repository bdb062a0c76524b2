/*
 * Virtual clock and QEMUTimer lists. Single-threaded and allocation-free:
 * timers are intrusive list nodes owned by their devices.
 */
#include "timer/timer.h"

typedef struct {
    QEMUTimer *head;
} QEMUTimerList;

static QEMUTimerList timer_lists[QEMU_CLOCK_MAX];

static uint64_t icount_raw;
static uint64_t icount_warped; /* instructions' worth of skipped time */
static int icount_shift;
static int64_t vclock_ns;

/* Optional host time sources; bias keeps the virtual clock continuous
 * when switching to the host source. */
static QEMUHostClockFn vclock_host_fn;
static void *vclock_host_opaque;
static int64_t vclock_host_bias;
static QEMUHostClockFn host_fn;
static void *host_opaque;

static void check_shift(int shift)
{
    if (shift < 0 || shift > 20) {
        bmx_panic("icount shift %d out of range 0..20", shift);
    }
}

void qemu_clock_init(int shift)
{
    check_shift(shift);
    memset(timer_lists, 0, sizeof(timer_lists));
    icount_raw = 0;
    icount_warped = 0;
    icount_shift = shift;
    vclock_ns = 0;
    vclock_host_fn = NULL;
    vclock_host_opaque = NULL;
    vclock_host_bias = 0;
    host_fn = NULL;
    host_opaque = NULL;
}

static int64_t vclock_read(void)
{
    if (vclock_host_fn) {
        int64_t t = vclock_host_fn(vclock_host_opaque) + vclock_host_bias;
        if (t > vclock_ns) {
            vclock_ns = t;
        }
    }
    return vclock_ns;
}

void qemu_clock_set_host_source(QEMUHostClockFn fn, void *opaque)
{
    int64_t now = vclock_read();
    vclock_host_fn = fn;
    vclock_host_opaque = opaque;
    if (fn) {
        vclock_host_bias = now - fn(opaque);
    }
}

bool qemu_clock_virtual_is_host(void)
{
    return vclock_host_fn != NULL;
}

void qemu_clock_set_host_clock(QEMUHostClockFn fn, void *opaque)
{
    host_fn = fn;
    host_opaque = opaque;
}

int64_t qemu_clock_get_ns(QEMUClockType type)
{
    switch (type) {
    case QEMU_CLOCK_VIRTUAL:
    case QEMU_CLOCK_VIRTUAL_RT:
        return vclock_read();
    case QEMU_CLOCK_REALTIME:
    case QEMU_CLOCK_HOST:
        return host_fn ? host_fn(host_opaque) : vclock_read();
    default:
        bmx_panic("bad clock type %d", (int)type);
    }
}

void icount_advance(uint64_t n_insns)
{
    icount_raw += n_insns;
    if (!vclock_host_fn) {
        vclock_ns += (int64_t)(n_insns << icount_shift);
    }
}

uint64_t icount_get_raw(void)
{
    return icount_raw;
}

int icount_get_shift(void)
{
    return icount_shift;
}

void icount_set_shift(int shift)
{
    check_shift(shift);
    icount_shift = shift;
}

void qemu_clock_warp(int64_t ns)
{
    if (ns > vclock_ns) {
        icount_warped += (uint64_t)(ns - vclock_ns) >> icount_shift;
        vclock_ns = ns;
    }
}

uint64_t icount_get_warped(void)
{
    return icount_warped;
}

int64_t icount_budget(void)
{
    int64_t d = qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL);
    if (d < 0) {
        return INT64_MAX;
    }
    d = (d + (1 << icount_shift) - 1) >> icount_shift;
    return d > 0 ? d : 1;
}

void timer_init_full(QEMUTimer *ts, QEMUClockType type, int scale,
                     QEMUTimerCB *cb, void *opaque)
{
    bmx_assert(type < QEMU_CLOCK_MAX && scale > 0 && cb);
    ts->expire_time = -1;
    ts->type = type;
    ts->scale = scale;
    ts->cb = cb;
    ts->opaque = opaque;
    ts->next = NULL;
    ts->pending = false;
}

static void timer_unlink(QEMUTimer *ts)
{
    QEMUTimer **pt = &timer_lists[ts->type].head;
    while (*pt) {
        if (*pt == ts) {
            *pt = ts->next;
            break;
        }
        pt = &(*pt)->next;
    }
    ts->next = NULL;
    ts->pending = false;
}

void timer_del(QEMUTimer *ts)
{
    if (ts->pending) {
        timer_unlink(ts);
    }
    ts->expire_time = -1;
}

void timer_mod_ns(QEMUTimer *ts, int64_t expire_time)
{
    QEMUTimer **pt;

    if (ts->pending) {
        timer_unlink(ts);
    }
    if (expire_time < 0) {
        expire_time = 0;
    }
    /* After every timer with an equal expiry: same-time timers run in the
     * order they were armed, which keeps runs reproducible. */
    pt = &timer_lists[ts->type].head;
    while (*pt && (*pt)->expire_time <= expire_time) {
        pt = &(*pt)->next;
    }
    ts->expire_time = expire_time;
    ts->next = *pt;
    ts->pending = true;
    *pt = ts;
}

void timer_mod(QEMUTimer *ts, int64_t expire_time)
{
    int64_t limit = INT64_MAX / ts->scale;
    if (expire_time > limit) {
        expire_time = limit;
    }
    timer_mod_ns(ts, expire_time * ts->scale);
}

void timer_mod_anticipate_ns(QEMUTimer *ts, int64_t expire_time)
{
    if (!ts->pending || expire_time < ts->expire_time) {
        timer_mod_ns(ts, expire_time);
    }
}

bool timer_pending(const QEMUTimer *ts)
{
    return ts->pending;
}

bool timer_expired(const QEMUTimer *ts, int64_t current_time)
{
    return ts->pending && ts->expire_time <= current_time * ts->scale;
}

int64_t timer_expire_time_ns(const QEMUTimer *ts)
{
    return ts->pending ? ts->expire_time : -1;
}

int64_t qemu_clock_deadline_ns(QEMUClockType type)
{
    const QEMUTimer *t;
    int64_t d;

    bmx_assert(type < QEMU_CLOCK_MAX);
    t = timer_lists[type].head;
    if (!t) {
        return -1;
    }
    d = t->expire_time - qemu_clock_get_ns(type);
    return d > 0 ? d : 0;
}

int64_t qemu_clock_deadline_ns_all(QEMUClockType type)
{
    int64_t best = -1;

    (void)type; /* every clock's timers can wake the guest here */
    for (int c = 0; c < QEMU_CLOCK_MAX; c++) {
        int64_t d = qemu_clock_deadline_ns((QEMUClockType)c);
        if (d >= 0 && (best < 0 || d < best)) {
            best = d;
        }
    }
    return best;
}

bool qemu_clock_run_timers(QEMUClockType type)
{
    QEMUTimerList *tl;
    int64_t now;
    bool progress = false;

    bmx_assert(type < QEMU_CLOCK_MAX);
    tl = &timer_lists[type];
    now = qemu_clock_get_ns(type);
    while (tl->head && tl->head->expire_time <= now) {
        QEMUTimer *ts = tl->head;
        tl->head = ts->next;
        ts->next = NULL;
        ts->pending = false;
        ts->cb(ts->opaque);
        progress = true;
    }
    return progress;
}

bool qemu_clock_run_all_timers(void)
{
    bool progress = false;
    for (int c = 0; c < QEMU_CLOCK_MAX; c++) {
        progress |= qemu_clock_run_timers((QEMUClockType)c);
    }
    return progress;
}
