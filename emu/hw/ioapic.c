/*
 * The I/O APIC of QEMU's pc (an 82093AA-style IOAPIC at 0xFEC00000, QEMU's
 * hw/intc/ioapic.c semantics, version 0x11): IOREGSEL/IOWIN, ID, version,
 * arbitration, 24 redirection entries; edge inputs deliver on a rising
 * edge, level inputs while asserted and Remote IRR is clear, which the
 * local APIC's EOI of that vector clears. ISA IRQ 0 arrives on pin 2, as on
 * QEMU (the interrupt source override SeaBIOS's tables describe); the
 * other ISA IRQs on their own pins. One CPU: fixed and lowest-priority
 * messages go to its local APIC, NMI to its NMI line, ExtINT to the 8259.
 */
#include "hw/hw.h"

#define IOAPIC_VERSION 0x11
#define IOAPIC_RO_BITS ((1ull << 12) | (1ull << 14))
#define IOAPIC_MASKED  (1ull << 16)
#define IOAPIC_LEVEL   (1ull << 15)
#define IOAPIC_REM_IRR (1ull << 14)
#define IOAPIC_LOGICAL (1ull << 11)

static bool ioapic_to_cpu(IOAPICState *s, uint64_t e)
{
    uint8_t dest = (uint8_t)(e >> 56);
    const APICState *lapic = s->lapic;

    if (e & IOAPIC_LOGICAL) {
        return (dest & (lapic->ldr >> 24)) != 0;
    }
    return dest == 0xff || dest == lapic->id;
}

static void ioapic_service(IOAPICState *s)
{
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        uint64_t *e = &s->ioredtbl[pin];
        bool level = *e & IOAPIC_LEVEL;

        if (!(s->irr & (1u << pin)) || (*e & IOAPIC_MASKED)) {
            continue;
        }
        if (level && (*e & IOAPIC_REM_IRR)) {
            continue; /* waits for the EOI */
        }
        if (!level) {
            s->irr &= ~(1u << pin); /* an edge is delivered once */
        }
        if (!ioapic_to_cpu(s, *e)) {
            continue;
        }
        switch ((*e >> 8) & 7) {
        case 0: /* fixed */
        case 1: /* lowest priority */
            if (level) {
                *e |= IOAPIC_REM_IRR;
            }
            apic_set_irq(s->lapic, (int)(*e & 0xff), level);
            break;
        case 4: /* NMI */
            qemu_irq_pulse(s->lapic->nmi);
            break;
        default: /* ExtINT, SMI, INIT: the 8259 path or nothing */
            break;
        }
    }
}

static void ioapic_set_irq(void *opaque, int pin, int level)
{
    IOAPICState *s = opaque;
    uint32_t mask;

    if (pin == 0) {
        pin = 2; /* ISA IRQ 0 -> GSI 2, as QEMU wires it */
    }
    mask = 1u << pin;
    /* levels are logical (asserted = 1): the polarity bit describes the
     * wire and changes nothing here, as in QEMU */
    if (s->ioredtbl[pin] & IOAPIC_LEVEL) {
        if (level) {
            s->irr |= mask;
        } else {
            s->irr &= ~mask;
        }
    } else if (level && !(s->level & mask) &&
               !(s->ioredtbl[pin] & IOAPIC_MASKED)) {
        s->irr |= mask; /* a rising edge; the 82093AA ignores masked ones */
    }
    if (level) {
        s->level |= mask;
    } else {
        s->level &= ~mask;
    }
    ioapic_service(s);
}

void ioapic_eoi(void *opaque, int vector)
{
    IOAPICState *s = opaque;

    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        uint64_t *e = &s->ioredtbl[pin];
        if ((*e & IOAPIC_REM_IRR) && (int)(*e & 0xff) == vector) {
            *e &= ~IOAPIC_REM_IRR;
        }
    }
    ioapic_service(s); /* a level still asserted is delivered again */
}

static uint64_t ioapic_mem_read(void *opaque, hwaddr addr, unsigned size)
{
    IOAPICState *s = opaque;
    unsigned r = s->ioregsel;

    (void)size;
    if ((addr & 0xff) == 0x00) {
        return s->ioregsel;
    }
    if ((addr & 0xff) != 0x10) {
        return 0;
    }
    switch (r) {
    case 0x00:
        return (uint32_t)s->id << 24;
    case 0x01:
        return IOAPIC_VERSION | ((IOAPIC_NUM_PINS - 1) << 16);
    case 0x02:
        return (uint32_t)s->id << 24; /* arbitration ID follows the ID */
    default:
        if (r >= 0x10 && r < 0x10 + 2 * IOAPIC_NUM_PINS) {
            uint64_t e = s->ioredtbl[(r - 0x10) / 2];
            return (r & 1) ? (uint32_t)(e >> 32) : (uint32_t)e;
        }
        return 0;
    }
}

static void ioapic_mem_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    IOAPICState *s = opaque;
    unsigned r = s->ioregsel;
    uint32_t v = (uint32_t)val;

    (void)size;
    if ((addr & 0xff) == 0x00) {
        s->ioregsel = (uint8_t)v;
        return;
    }
    if ((addr & 0xff) != 0x10) {
        return;
    }
    if (r == 0x00) {
        s->id = (uint8_t)((v >> 24) & 0x0f);
    } else if (r >= 0x10 && r < 0x10 + 2 * IOAPIC_NUM_PINS) {
        int pin = (int)(r - 0x10) / 2;
        uint64_t *e = &s->ioredtbl[pin];
        if (r & 1) {
            *e = (*e & 0xffffffffull) | ((uint64_t)v << 32);
        } else {
            *e = (*e & (0xffffffff00000000ull | IOAPIC_RO_BITS)) |
                 (v & ~(uint32_t)IOAPIC_RO_BITS);
        }
        if (!(*e & IOAPIC_LEVEL)) {
            *e &= ~IOAPIC_REM_IRR;
        }
        ioapic_service(s); /* unmasking delivers a pending request */
    }
}

static const MemoryRegionOps ioapic_mem_ops = {
    .read = ioapic_mem_read,
    .write = ioapic_mem_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 4, .max_access_size = 4},
};

void ioapic_reset(IOAPICState *s)
{
    s->id = 0;
    s->ioregsel = 0;
    s->irr = 0;
    for (int i = 0; i < IOAPIC_NUM_PINS; i++) {
        s->ioredtbl[i] = IOAPIC_MASKED;
    }
}

void ioapic_init(IOAPICState *s, MemoryRegion *sys, APICState *lapic)
{
    memset(s, 0, sizeof(*s));
    s->lapic = lapic;
    memory_region_init_io(&s->mmio, NULL, &ioapic_mem_ops, s, "ioapic", 0x1000);
    memory_region_add_subregion(sys, IOAPIC_DEFAULT_BASE, &s->mmio);
    qemu_init_irqs(s->in, IOAPIC_NUM_PINS, ioapic_set_irq, s);
    lapic->eoi_broadcast = ioapic_eoi;
    lapic->eoi_opaque = s;
    ioapic_reset(s);
}
