/* Shared helpers for the 'hw' suite: a fresh I/O address space and
 * virtual clock per test, guest-style port accesses, and IRQ probes. */
#ifndef BMX_TESTS_HW_TEST_H
#define BMX_TESTS_HW_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hw/hw.h"
#include "test-host.h"

static inline void outb(uint16_t port, uint8_t v)
{
    address_space_stb(&address_space_io, port, v, MEMTXATTRS_UNSPECIFIED, NULL);
}
static inline void outw(uint16_t port, uint16_t v)
{
    address_space_stw(&address_space_io, port, v, MEMTXATTRS_UNSPECIFIED, NULL);
}
static inline void outl(uint16_t port, uint32_t v)
{
    address_space_stl(&address_space_io, port, v, MEMTXATTRS_UNSPECIFIED, NULL);
}
static inline uint8_t inb(uint16_t port)
{
    return address_space_ldub(&address_space_io, port, MEMTXATTRS_UNSPECIFIED,
                              NULL);
}
static inline uint16_t inw(uint16_t port)
{
    return address_space_lduw(&address_space_io, port, MEMTXATTRS_UNSPECIFIED,
                              NULL);
}
static inline uint32_t inl(uint16_t port)
{
    return address_space_ldl(&address_space_io, port, MEMTXATTRS_UNSPECIFIED,
                             NULL);
}

/* A fresh machine: empty I/O space, clock at 0 with 1 ns/instruction. */
static inline void hwt_reset(void)
{
    static uint8_t pool[64 * 1024] __attribute__((aligned(4096)));
    memory_reset_for_tests();
    qemu_ram_pool_init(pool, sizeof(pool), "hw-test");
    memory_map_init();
    qemu_clock_init(0);
}

/* Advances virtual time to t, running every timer at its own deadline. */
static inline void hwt_run_until(int64_t t)
{
    for (;;) {
        int64_t d = qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL);
        int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        if (d < 0 || now + d > t) {
            break;
        }
        qemu_clock_warp(now + d);
        qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL);
    }
    qemu_clock_warp(t);
    qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL);
}

static inline void hwt_run_for(int64_t ns)
{
    hwt_run_until(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + ns);
}

/* An IRQ probe: the line's level and how many rising edges it saw. */
typedef struct IrqProbe {
    IRQState irq;
    int level;
    int rises;
    int falls;
} IrqProbe;

static inline void irq_probe_handler(void *opaque, int n, int level)
{
    IrqProbe *p = opaque;
    (void)n;
    if (level && !p->level) {
        p->rises++;
    }
    if (!level && p->level) {
        p->falls++;
    }
    p->level = level;
}

static inline qemu_irq irq_probe_init(IrqProbe *p)
{
    memset(p, 0, sizeof(*p));
    qemu_init_irq(&p->irq, irq_probe_handler, p, 0);
    return &p->irq;
}

#endif
