/*
 * The local APIC of the P6 (an xAPIC at 0xFEE00000, QEMU's hw/intc/apic.c
 * semantics for one CPU): ID and version, TPR/PPR, IRR/ISR/TMR with EOI, the
 * spurious vector and software enable, the error status register, the LVT
 * with the timer (one-shot and periodic, 1 GHz bus clock on the virtual
 * clock as QEMU's), LINT0 (ExtINT: the 8259's INTR) and LINT1 (NMI), and
 * IPIs through the ICR to itself. Other CPUs do not exist: INIT and
 * start-up IPIs and IPIs to other destinations go nowhere.
 */
#include "hw/hw.h"

#define APIC_VERSION      0x14
#define APIC_LVT_NB       6
#define APIC_LVT_TIMER    0
#define APIC_LVT_THERMAL  1
#define APIC_LVT_PERF     2
#define APIC_LVT_LINT0    3
#define APIC_LVT_LINT1    4
#define APIC_LVT_ERROR    5
#define APIC_LVT_MASKED   (1u << 16)
#define APIC_LVT_PERIODIC (1u << 17)
#define APIC_LVT_LEVEL    (1u << 15)
#define APIC_SVR_ENABLE   (1u << 8)
#define APIC_ESR_SEND_ILL (1u << 5)
#define APIC_ESR_RECV_ILL (1u << 6)
#define APIC_ESR_ILL_REG  (1u << 7)
#define APIC_DM_FIXED     0
#define APIC_DM_LOWPRI    1
#define APIC_DM_SMI       2
#define APIC_DM_NMI       4
#define APIC_DM_INIT      5
#define APIC_DM_SIPI      6
#define APIC_DM_EXTINT    7

static inline bool bit_get(const uint32_t *t, int n)
{
    return (t[n >> 5] >> (n & 31)) & 1;
}
static inline void bit_set(uint32_t *t, int n)
{
    t[n >> 5] |= 1u << (n & 31);
}
static inline void bit_clear(uint32_t *t, int n)
{
    t[n >> 5] &= ~(1u << (n & 31));
}

/* Highest set bit of a 256-bit table, -1 if none. */
static int highest(const uint32_t *t)
{
    for (int i = 7; i >= 0; i--) {
        if (t[i]) {
            return i * 32 + 31 - __builtin_clz(t[i]);
        }
    }
    return -1;
}

static bool apic_enabled(const APICState *s)
{
    return s->hw_enabled && (s->svr & APIC_SVR_ENABLE);
}

static uint32_t apic_ppr(const APICState *s)
{
    int isrv = highest(s->isr);
    uint32_t isr_class = isrv < 0 ? 0 : (uint32_t)isrv & 0xf0;

    return (s->tpr & 0xf0) >= isr_class ? s->tpr & 0xff : isr_class;
}

/* The line to the CPU: a fixed interrupt above the PPR, or LINT0's ExtINT
 * (the 8259) when the APIC passes it through. */
static void apic_update_irq(APICState *s)
{
    int irrv = highest(s->irr);
    bool pending = apic_enabled(s) && irrv >= 0 &&
                   ((uint32_t)irrv & 0xf0) > (apic_ppr(s) & 0xf0);

    qemu_set_irq(s->intr,
                 pending || (s->extint_level && apic_accept_pic_intr(s)));
}

static void apic_error(APICState *s, uint32_t bits)
{
    s->esr_pending |= bits;
    if (!(s->lvt[APIC_LVT_ERROR] & APIC_LVT_MASKED)) {
        apic_set_irq(s, s->lvt[APIC_LVT_ERROR] & 0xff, false);
    }
}

void apic_set_irq(APICState *s, int vector, bool level)
{
    if (vector < 16) {
        /* vectors 0-15 are illegal: the receiver flags them */
        s->esr_pending |= APIC_ESR_RECV_ILL;
        return;
    }
    bit_set(s->irr, vector);
    if (level) {
        bit_set(s->tmr, vector);
    } else {
        bit_clear(s->tmr, vector);
    }
    apic_update_irq(s);
}

bool apic_accept_pic_intr(const APICState *s)
{
    uint32_t lvt0 = s->lvt[APIC_LVT_LINT0];

    /* a disabled APIC passes INTR straight through, as on a P6 */
    if (!s->hw_enabled) {
        return true;
    }
    return !(lvt0 & APIC_LVT_MASKED) && ((lvt0 >> 8) & 7) == APIC_DM_EXTINT;
}

void apic_deliver_pic_intr(APICState *s, int level)
{
    s->extint_level = level != 0;
    apic_update_irq(s);
}

void apic_deliver_lint1(APICState *s, int level)
{
    uint32_t lvt1 = s->lvt[APIC_LVT_LINT1];

    if (level && apic_enabled(s) && !(lvt1 & APIC_LVT_MASKED) &&
        ((lvt1 >> 8) & 7) == APIC_DM_NMI) {
        qemu_irq_pulse(s->nmi);
    }
}

int apic_get_interrupt(APICState *s)
{
    int v;

    if (!apic_enabled(s)) {
        return -1; /* the 8259 answers */
    }
    v = highest(s->irr);
    /* an ExtINT from the 8259 goes first: it ignores the priority */
    if (v < 0 || (s->extint_level && apic_accept_pic_intr(s))) {
        return -1;
    }
    if (((uint32_t)v & 0xf0) <= (apic_ppr(s) & 0xf0)) {
        return (int)(s->svr & 0xff); /* masked by TPR meanwhile: spurious */
    }
    bit_clear(s->irr, v);
    bit_set(s->isr, v);
    apic_update_irq(s);
    return v;
}

bool apic_has_pending(const APICState *s)
{
    int irrv = highest(s->irr);

    return apic_enabled(s) && irrv >= 0 &&
           ((uint32_t)irrv & 0xf0) > (apic_ppr(s) & 0xf0);
}

static void apic_eoi(APICState *s)
{
    int v = highest(s->isr);

    if (v < 0) {
        return;
    }
    bit_clear(s->isr, v);
    if (bit_get(s->tmr, v) && s->eoi_broadcast) {
        s->eoi_broadcast(s->eoi_opaque, v); /* level-triggered: the I/O APIC */
    }
    apic_update_irq(s);
}

/* ---- timer ---- */

static int64_t apic_ticks(const APICState *s, int64_t now)
{
    return (now - s->initial_count_load_time) >> s->count_shift;
}

static uint32_t apic_current_count(const APICState *s)
{
    int64_t d;

    if (!s->initial_count) {
        return 0;
    }
    d = apic_ticks(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    if (s->lvt[APIC_LVT_TIMER] & APIC_LVT_PERIODIC) {
        return s->initial_count -
               (uint32_t)(d % ((int64_t)s->initial_count + 1));
    }
    return d >= s->initial_count ? 0 : s->initial_count - (uint32_t)d;
}

static void apic_timer_arm(APICState *s, int64_t now)
{
    int64_t d = apic_ticks(s, now), next;

    if (!s->initial_count || (s->lvt[APIC_LVT_TIMER] & APIC_LVT_MASKED)) {
        timer_del(&s->timer);
        return;
    }
    if (s->lvt[APIC_LVT_TIMER] & APIC_LVT_PERIODIC) {
        int64_t period = (int64_t)s->initial_count + 1;
        next = (d / period + 1) * period;
    } else {
        if (d >= s->initial_count) {
            timer_del(&s->timer);
            return;
        }
        next = s->initial_count;
    }
    timer_mod_ns(&s->timer,
                 s->initial_count_load_time + (next << s->count_shift));
}

static void apic_timer_fire(void *opaque)
{
    APICState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (!(s->lvt[APIC_LVT_TIMER] & APIC_LVT_MASKED)) {
        apic_set_irq(s, s->lvt[APIC_LVT_TIMER] & 0xff, false);
    }
    if (s->lvt[APIC_LVT_TIMER] & APIC_LVT_PERIODIC) {
        apic_timer_arm(s, now);
    }
}

int64_t apic_next_timer_ns(const APICState *s)
{
    return timer_pending(&s->timer) ? timer_expire_time_ns(&s->timer) : -1;
}

/* ---- ICR: IPIs ---- */

static void apic_send_ipi(APICState *s)
{
    uint32_t lo = s->icr[0];
    int vector = lo & 0xff, mode = (lo >> 8) & 7, shorthand = (lo >> 18) & 3;
    uint8_t dest = (uint8_t)(s->icr[1] >> 24);
    bool logical = lo & (1u << 11), to_self;

    switch (shorthand) {
    case 1: /* self */
    case 2: /* all including self */
        to_self = true;
        break;
    case 3: /* all excluding self: nobody else exists */
        to_self = false;
        break;
    default:
        to_self = logical ? (dest & (s->ldr >> 24)) != 0
                          : dest == 0xff || dest == s->id;
        break;
    }
    if (!to_self) {
        return;
    }
    switch (mode) {
    case APIC_DM_FIXED:
    case APIC_DM_LOWPRI:
        if (vector < 16) {
            apic_error(s, APIC_ESR_SEND_ILL);
            return;
        }
        apic_set_irq(s, vector, false);
        break;
    case APIC_DM_NMI:
        qemu_irq_pulse(s->nmi);
        break;
    default:
        /* INIT, start-up, SMI, ExtINT to itself: no other CPU to start */
        break;
    }
}

/* ---- registers ---- */

static uint64_t apic_mem_read(void *opaque, hwaddr addr, unsigned size)
{
    APICState *s = opaque;
    unsigned reg = (unsigned)(addr >> 4) & 0xff;
    uint32_t v = 0;

    (void)size;
    switch (reg) {
    case 0x02:
        v = (uint32_t)s->id << 24;
        break;
    case 0x03:
        v = APIC_VERSION | ((APIC_LVT_NB - 1) << 16);
        break;
    case 0x08:
        v = s->tpr;
        break;
    case 0x09: /* arbitration priority: the PPR is as good for one CPU */
    case 0x0a:
        v = apic_ppr(s);
        break;
    case 0x0d:
        v = s->ldr;
        break;
    case 0x0e:
        v = s->dfr;
        break;
    case 0x0f:
        v = s->svr;
        break;
    case 0x10 ... 0x17:
        v = s->isr[reg - 0x10];
        break;
    case 0x18 ... 0x1f:
        v = s->tmr[reg - 0x18];
        break;
    case 0x20 ... 0x27:
        v = s->irr[reg - 0x20];
        break;
    case 0x28:
        v = s->esr;
        break;
    case 0x30:
        v = s->icr[0];
        break;
    case 0x31:
        v = s->icr[1];
        break;
    case 0x32 ... 0x37:
        v = s->lvt[reg - 0x32];
        if (reg == 0x32) {
            v &= ~(1u << 12); /* delivery status: never pending */
        }
        break;
    case 0x38:
        v = s->initial_count;
        break;
    case 0x39:
        v = apic_current_count(s);
        break;
    case 0x3e:
        v = s->divide_conf;
        break;
    default:
        s->esr_pending |= APIC_ESR_ILL_REG;
        break;
    }
    return v;
}

static void apic_mem_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    APICState *s = opaque;
    unsigned reg = (unsigned)(addr >> 4) & 0xff;
    uint32_t v = (uint32_t)val;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    (void)size;
    switch (reg) {
    case 0x02:
        s->id = (uint8_t)(v >> 24);
        break;
    case 0x03: /* version: read-only */
    case 0x09:
    case 0x0a:
    case 0x10 ... 0x27:
    case 0x39:
        break;
    case 0x08:
        s->tpr = v & 0xff;
        apic_update_irq(s);
        break;
    case 0x0b:
        apic_eoi(s);
        break;
    case 0x0d:
        s->ldr = v & 0xff000000u;
        break;
    case 0x0e:
        s->dfr = v | 0x0fffffffu;
        break;
    case 0x0f:
        s->svr = v & 0x3ff;
        if (!(s->svr & APIC_SVR_ENABLE)) {
            /* software disable masks every LVT entry */
            for (int i = 0; i < APIC_LVT_NB; i++) {
                s->lvt[i] |= APIC_LVT_MASKED;
            }
            apic_timer_arm(s, now);
        }
        apic_update_irq(s);
        break;
    case 0x28: /* a write latches the errors seen since the last one */
        s->esr = s->esr_pending;
        s->esr_pending = 0;
        break;
    case 0x30:
        s->icr[0] = v & ~(1u << 12);
        apic_send_ipi(s);
        break;
    case 0x31:
        s->icr[1] = v & 0xff000000u;
        break;
    case 0x32 ... 0x37: {
        int n = (int)reg - 0x32;
        if (!(s->svr & APIC_SVR_ENABLE)) {
            v |= APIC_LVT_MASKED; /* stays masked while disabled */
        }
        /* the read-only delivery status and remote IRR bits are not written */
        s->lvt[n] = v & (n == APIC_LVT_TIMER ? 0x300ff : 0x1a7ff);
        if (n == APIC_LVT_TIMER) {
            apic_timer_arm(s, now);
        }
        apic_update_irq(s);
        break;
    }
    case 0x38:
        s->initial_count = v;
        s->initial_count_load_time = now;
        apic_timer_arm(s, now);
        break;
    case 0x3e: {
        int d = (int)((v & 3) | ((v >> 1) & 4));
        s->divide_conf = v & 0xb;
        s->count_shift = (d + 1) & 7; /* 0b111: divide by 1 */
        apic_timer_arm(s, now);
        break;
    }
    default:
        apic_error(s, APIC_ESR_ILL_REG);
        break;
    }
}

static const MemoryRegionOps apic_mem_ops = {
    .read = apic_mem_read,
    .write = apic_mem_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    /* registers are 32 bits on 16-byte boundaries; other sizes read or
     * write the covering register */
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 4, .max_access_size = 4},
};

void apic_set_base(APICState *s, uint64_t val)
{
    uint32_t base = (uint32_t)val & 0xfffff000u;

    s->apic_base = (val & 0xfffff900ull) | (s->apic_base & (1u << 8));
    if (!(val & (1u << 11))) {
        /* hardware disable: a reset of the APIC's state until re-enabled */
        s->hw_enabled = false;
        apic_reset_state(s);
    } else {
        s->hw_enabled = true;
    }
    if (base != s->mmio_base) {
        s->mmio_base = base;
        memory_region_set_address(&s->mmio, base);
    }
    apic_update_irq(s);
}

void apic_reset_state(APICState *s)
{
    s->tpr = 0;
    s->ldr = 0;
    s->dfr = 0xffffffffu;
    s->svr = 0xff;
    s->esr = s->esr_pending = 0;
    memset(s->isr, 0, sizeof(s->isr));
    memset(s->tmr, 0, sizeof(s->tmr));
    memset(s->irr, 0, sizeof(s->irr));
    s->icr[0] = s->icr[1] = 0;
    for (int i = 0; i < APIC_LVT_NB; i++) {
        s->lvt[i] = APIC_LVT_MASKED;
    }
    s->initial_count = 0;
    s->divide_conf = 0;
    s->count_shift = 1;
    timer_del(&s->timer);
}

void apic_reset(APICState *s)
{
    s->id = 0;
    s->hw_enabled = true;
    s->apic_base = APIC_DEFAULT_BASE | (1u << 8) | (1u << 11);
    if (s->mmio_base != APIC_DEFAULT_BASE) {
        s->mmio_base = APIC_DEFAULT_BASE;
        memory_region_set_address(&s->mmio, APIC_DEFAULT_BASE);
    }
    apic_reset_state(s);
    /* on a P6 at power-on LINT0 is ExtINT and LINT1 NMI (through
     * virtual wire mode the BIOS sets up); QEMU leaves both masked until
     * the BIOS writes them: so do we */
    s->extint_level = false;
    apic_update_irq(s);
}

void apic_init(APICState *s, MemoryRegion *sys, qemu_irq intr, qemu_irq nmi)
{
    memset(s, 0, sizeof(*s));
    s->intr = intr;
    s->nmi = nmi;
    memory_region_init_io(&s->mmio, NULL, &apic_mem_ops, s, "apic", 0x1000);
    s->mmio_base = APIC_DEFAULT_BASE;
    /* above the PCI hole's other users, as QEMU's "apic-msi" region */
    memory_region_add_subregion_overlap(sys, APIC_DEFAULT_BASE, &s->mmio, 4096);
    timer_init_ns(&s->timer, QEMU_CLOCK_VIRTUAL, apic_timer_fire, s);
    apic_reset(s);
}
