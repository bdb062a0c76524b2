/*
 * emu/timer: QEMU's clocks and timers, made static and deterministic.
 *
 * QEMU_CLOCK_VIRTUAL counts nanoseconds of guest time. By default it is
 * driven by executed guest instructions (icount): the machine calls
 * icount_advance(n) after running n instructions and each instruction is
 * worth 2^shift ns. Alternatively a host clock callback may drive it
 * (non-deterministic; for boards that want wall-clock speed).
 * QEMU_CLOCK_REALTIME and QEMU_CLOCK_HOST read the host callback when one
 * is set and follow the virtual clock otherwise, so unit tests stay
 * reproducible.
 *
 * Timers live in caller-provided storage (usually inside a device's
 * state); each clock keeps them in a list sorted by expiry, equal expiry
 * times in the order they were armed.
 */
#ifndef BMX_TIMER_TIMER_H
#define BMX_TIMER_TIMER_H

#include "util/util.h"

#define NANOSECONDS_PER_SECOND 1000000000LL
#define SCALE_MS               1000000
#define SCALE_US               1000
#define SCALE_NS               1

typedef enum {
    QEMU_CLOCK_REALTIME = 0,
    QEMU_CLOCK_VIRTUAL = 1,
    QEMU_CLOCK_HOST = 2,
    QEMU_CLOCK_VIRTUAL_RT = 3,
    QEMU_CLOCK_MAX
} QEMUClockType;

typedef void QEMUTimerCB(void *opaque);

typedef struct QEMUTimer {
    int64_t expire_time; /* in nanoseconds of its clock */
    QEMUClockType type;
    int scale;
    QEMUTimerCB *cb;
    void *opaque;
    struct QEMUTimer *next;
    bool pending;
} QEMUTimer;

/* Host clock source: nanoseconds since an arbitrary epoch, monotonic. */
typedef int64_t (*QEMUHostClockFn)(void *opaque);

/* Forget every timer and reset the virtual clock to 0 with icount
 * driving it at 2^shift ns per instruction. */
void qemu_clock_init(int icount_shift);
/* Drive QEMU_CLOCK_VIRTUAL from a host clock instead of icount
 * (fn == NULL goes back to icount). The virtual clock never jumps back. */
void qemu_clock_set_host_source(QEMUHostClockFn fn, void *opaque);
/* True while a host clock drives QEMU_CLOCK_VIRTUAL: then an idle CPU
 * must wait for time to pass instead of warping to the next deadline. */
bool qemu_clock_virtual_is_host(void);
/* Host time for QEMU_CLOCK_REALTIME/HOST only (virtual stays icount). */
void qemu_clock_set_host_clock(QEMUHostClockFn fn, void *opaque);

int64_t qemu_clock_get_ns(QEMUClockType type);
static inline int64_t qemu_clock_get_us(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_US;
}
static inline int64_t qemu_clock_get_ms(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_MS;
}

/* icount: instructions executed so far and their weight in ns. */
void icount_advance(uint64_t n_insns);
uint64_t icount_get_raw(void);
int icount_get_shift(void);
/* Changes the weight of future instructions; time already elapsed stays. */
void icount_set_shift(int shift);
/* Instructions to run before the virtual clock reaches its next deadline:
 * at least 1; INT64_MAX when no virtual timer is armed. */
int64_t icount_budget(void);
/* Moves the virtual clock forward to ns (never back) without executing,
 * e.g. while the CPU is halted waiting for an interrupt. */
void qemu_clock_warp(int64_t ns);
/* The warps so far in instructions (each at the shift of its time): what a
 * TSC counting virtual time adds to the instructions retired. */
uint64_t icount_get_warped(void);

void timer_init_full(QEMUTimer *ts, QEMUClockType type, int scale,
                     QEMUTimerCB *cb, void *opaque);
static inline void timer_init_ns(QEMUTimer *ts, QEMUClockType type,
                                 QEMUTimerCB *cb, void *opaque)
{
    timer_init_full(ts, type, SCALE_NS, cb, opaque);
}
static inline void timer_init_us(QEMUTimer *ts, QEMUClockType type,
                                 QEMUTimerCB *cb, void *opaque)
{
    timer_init_full(ts, type, SCALE_US, cb, opaque);
}
static inline void timer_init_ms(QEMUTimer *ts, QEMUClockType type,
                                 QEMUTimerCB *cb, void *opaque)
{
    timer_init_full(ts, type, SCALE_MS, cb, opaque);
}

/* Arms (or re-arms) the timer for expire_time in its scale. */
void timer_mod(QEMUTimer *ts, int64_t expire_time);
void timer_mod_ns(QEMUTimer *ts, int64_t expire_time_ns);
/* Re-arms only if the new time is earlier than the armed one. */
void timer_mod_anticipate_ns(QEMUTimer *ts, int64_t expire_time_ns);
void timer_del(QEMUTimer *ts);
bool timer_pending(const QEMUTimer *ts);
bool timer_expired(const QEMUTimer *ts, int64_t current_time);
/* Expiry in ns, or -1 if not pending. */
int64_t timer_expire_time_ns(const QEMUTimer *ts);

/* ns until the clock's first timer expires (0 if already due), or -1 when
 * no timer is armed. */
int64_t qemu_clock_deadline_ns(QEMUClockType type);
/* The smallest of the above over every clock that can wake the guest. */
int64_t qemu_clock_deadline_ns_all(QEMUClockType type);
/* Runs every expired timer of the clock (timers armed by callbacks for a
 * time already reached run too); true if any ran. */
bool qemu_clock_run_timers(QEMUClockType type);
bool qemu_clock_run_all_timers(void);

/* Helpers devices use to convert between ns and their own tick rate. */
static inline uint64_t muldiv64(uint64_t a, uint32_t b, uint32_t c)
{
    /* (a * b) / c through a 96-bit product: no __int128 on Cortex-M. */
    uint64_t p_lo = (a & 0xffffffffu) * b;
    uint64_t p_hi = (a >> 32) * b;
    uint64_t t = (p_lo >> 32) + (p_hi & 0xffffffffu);
    uint64_t w2 = (p_hi >> 32) + (t >> 32);
    uint64_t n = ((w2 % c) << 32) | (t & 0xffffffffu);
    uint64_t q1 = n / c;
    n = ((n % c) << 32) | (p_lo & 0xffffffffu);
    return (q1 << 32) + n / c;
}

#endif /* BMX_TIMER_TIMER_H */
