/*
 * emu/util: what every emulator room shares -- fixed-width types, QEMU's
 * small macros, and the few functions the host (kernel/) must provide.
 *
 * emu/ is freestanding: it never calls stdio, malloc or any OS service.
 * Everything it needs from the world goes through the host interface
 * declared at the end of this header.
 */
#ifndef BMX_UTIL_UTIL_H
#define BMX_UTIL_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define BMX_VERSION_STRING "0.1.0"

#ifndef MIN
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#endif
#ifndef MAX
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#endif
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#define QEMU_ALIGN_DOWN(n, m) ((n) / (m) * (m))
#define QEMU_ALIGN_UP(n, m) QEMU_ALIGN_DOWN((n) + (m) - 1, (m))
#define QEMU_IS_ALIGNED(n, m) (((n) % (m)) == 0)
#define ROUND_UP(n, d) (((n) + (d) - 1) & -(0 ? (n) : (d)))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define container_of(ptr, type, member)                                        \
    ((type *)((char *)(ptr) - offsetof(type, member)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define QEMU_PACKED __attribute__((packed))
#define QEMU_NORETURN _Noreturn
#define G_GNUC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define QEMU_BUILD_BUG_ON(x) _Static_assert(!(x), #x)

/* ---- Host interface: implemented once per host in kernel/ ---- */

/* Print to the console (the board UART, or stdout on the hosted board). */
int qemu_printf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
int qemu_vprintf(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);

/* While set, the host's qemu_vprintf hands the formatted text to it
 * instead of the console: the gdbstub's monitor output (qRcmd). */
typedef void QemuPrintfCapture(void *opaque, const char *text, size_t len);
extern QemuPrintfCapture *qemu_printf_capture;
extern void *qemu_printf_capture_opaque;

/* Stop the machine: prints "panic: <file>:<line>: <message>" and exits
 * non-zero. Never returns. */
QEMU_NORETURN void bmx_fatal(const char *file, int line, const char *fmt,
                             ...) G_GNUC_PRINTF(3, 4);

#define bmx_panic(...) bmx_fatal(__FILE__, __LINE__, __VA_ARGS__)

/* Assertions stay on in every build: an emulator that silently goes on
 * after a broken invariant corrupts the guest instead. */
#define bmx_assert(cond)                                                       \
    do {                                                                       \
        if (unlikely(!(cond))) {                                               \
            bmx_fatal(__FILE__, __LINE__, "assertion failed: %s", #cond);      \
        }                                                                      \
    } while (0)
#define g_assert(cond) bmx_assert(cond)
#define g_assert_not_reached()                                                 \
    bmx_fatal(__FILE__, __LINE__, "code should not be reached")


/* ---- Logging, QEMU's -d (emu/util/log.c) ----
 * qemu_loglevel holds the CPU_LOG_* / LOG_* masks chosen by the host
 * (--trace=LIST). Built with BMX_TRACE=0 (meson -Dtrace=false) every
 * qemu_log_mask() and qemu_loglevel_mask() test in emu/ is a constant
 * false, so the tracing code is not in the firmware at all. Output goes
 * through qemu_printf. */
#ifndef BMX_TRACE
#define BMX_TRACE 1
#endif
#define CPU_LOG_TB_OUT_ASM (1 << 0)
#define CPU_LOG_TB_IN_ASM  (1 << 1)
#define CPU_LOG_TB_OP      (1 << 2)
#define CPU_LOG_TB_OP_OPT  (1 << 3)
#define CPU_LOG_INT        (1 << 4)
#define CPU_LOG_EXEC       (1 << 5)
#define CPU_LOG_PCALL      (1 << 6)
#define CPU_LOG_TB_CPU     (1 << 8)
#define CPU_LOG_RESET      (1 << 9)
#define LOG_UNIMP          (1 << 10)
#define LOG_GUEST_ERROR    (1 << 11)
#define CPU_LOG_MMU        (1 << 12)
#define LOG_POST           (1 << 13) /* bmx86: POST codes on port 0x80 */
extern int qemu_loglevel;
/* True when this emu/ library was built with tracing (BMX_TRACE=1). */
extern const bool qemu_log_compiled_in;
#define qemu_loglevel_mask(mask) (BMX_TRACE && (qemu_loglevel & (mask)) != 0)
void qemu_log(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
#define qemu_log_mask(mask, ...)                                                   do {                                                                               if (unlikely(qemu_loglevel_mask(mask))) {                                          qemu_log(__VA_ARGS__);                                                     }                                                                          } while (0)
/* Parses "in_asm,int,exec,cpu,pcall,guest_errors,unimp,post" (also "none");
 * returns the mask, or 0 with *err pointing at a message naming the
 * unknown item and listing the valid ones (static buffer). */
int qemu_str_to_log_mask(const char *str, const char **err);
/* "name  description" lines of the valid items, for --help. */
void qemu_print_log_usage(void);

/* ---- Single-threaded RCU (emu/util/rcu.c) ----
 * bmx86 runs one thread, so a read-side critical section is a nesting
 * counter and a grace period ends whenever the thread is outside every
 * critical section. call_rcu() queues the callback; the queue runs when
 * the outermost rcu_read_unlock() returns, or at rcu_quiescent_state()
 * (drain_call_rcu()) called by the main loop.
 * Call sites are those of QEMU, so the code keeps its shape. */
struct rcu_head;
typedef void RCUCBFunc(struct rcu_head *head);
struct rcu_head {
    struct rcu_head *next;
    RCUCBFunc *func;
};
/* Inline: every guest memory access takes the read lock. Leaving the
 * outermost section is a quiescent point (no reader is left in a single
 * thread), so queued callbacks run there. */
extern unsigned rcu_reader_depth;
extern unsigned rcu_callbacks_pending;
QEMU_NORETURN void rcu_read_unlock_unbalanced(void);
void rcu_quiescent_state(void);
static inline void rcu_read_lock(void)
{
    rcu_reader_depth++;
}
static inline void rcu_read_unlock(void)
{
    if (unlikely(rcu_reader_depth == 0)) {
        rcu_read_unlock_unbalanced();
    }
    if (--rcu_reader_depth == 0 && unlikely(rcu_callbacks_pending)) {
        rcu_quiescent_state();
    }
}
/* Nesting depth of read-side critical sections (0 = quiescent). */
unsigned rcu_read_depth(void);
void call_rcu1(struct rcu_head *head, RCUCBFunc *func);
/* QEMU's call_rcu(obj, fn, field): fn takes the object, field is the
 * struct rcu_head inside it (which must be the first member). */
#define call_rcu(head, func, field)                                            \
    call_rcu1(({                                                               \
                  QEMU_BUILD_BUG_ON(offsetof(__typeof__(*(head)), field) != 0); \
                  &(head)->field;                                              \
              }),                                                              \
              (RCUCBFunc *)(void (*)(__typeof__(head)))(func))
/* A quiescent point: asserts no read section is open, runs every queued
 * callback (including ones queued by callbacks). */
void rcu_quiescent_state(void);
/* Same as rcu_quiescent_state(); QEMU's name. */
void drain_call_rcu(void);
/* Number of callbacks waiting for the next quiescent point. */
unsigned rcu_pending_count(void);
#define qatomic_rcu_read(ptr) (*(ptr))
#define qatomic_rcu_set(ptr, v) (*(ptr) = (v))
#define qatomic_read(ptr) (*(ptr))
#define qatomic_set(ptr, v) (*(ptr) = (v))

/* ---- Big QEMU lock (emu/util/bql.c) ----
 * One thread: the lock is a flag, taken by the main loop around device
 * work. Taking it twice or releasing it unheld is a fatal error. */
void bql_lock(void);
void bql_unlock(void);
bool bql_locked(void);
#define qemu_mutex_lock_iothread() bql_lock()
#define qemu_mutex_unlock_iothread() bql_unlock()
#define qemu_mutex_iothread_locked() bql_locked()

/* Brings rcu and bql back to their start state (unit tests, after a
 * caught fatal error left them mid-way). */
void rcu_bql_reset_for_tests(void);

#endif /* BMX_UTIL_UTIL_H */
