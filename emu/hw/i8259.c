/*
 * Intel 8259A programmable interrupt controller, master and slave.
 * Modelled: edge/level (ELCR) triggering, ICW1-4, IMR, fully nested and
 * rotating priorities, specific/non-specific/automatic EOI, special mask,
 * special fully nested mode (master), poll mode, spurious IRQ7/15.
 * Not modelled: buffered mode, 8080/85 call mode, ICW1 LTIM (use ELCR).
 */
#include "hw/hw.h"

/* Number of the highest-priority set bit of mask, relative to the current
 * rotation; 8 when none. */
static int get_priority(PICCommonState *s, int mask)
{
    int priority;

    if (mask == 0) {
        return 8;
    }
    priority = 0;
    while ((mask & (1 << ((priority + s->priority_add) & 7))) == 0) {
        priority++;
    }
    return priority;
}

/* The line that should be signalled now, or -1. */
static int pic_get_irq(PICCommonState *s)
{
    int mask, cur_priority, priority;

    mask = s->irr & ~s->imr;
    priority = get_priority(s, mask);
    if (priority == 8) {
        return -1;
    }
    /* In special mask mode, masked in-service levels do not block lower
     * priorities; in special fully nested mode the slave's line may
     * interrupt its own in-service level. */
    mask = s->isr;
    if (s->special_mask) {
        mask &= ~s->imr;
    }
    if (s->special_fully_nested_mode && s->master) {
        mask &= ~(1 << 2);
    }
    cur_priority = get_priority(s, mask);
    if (priority < cur_priority) {
        return (priority + s->priority_add) & 7;
    }
    return -1;
}

static void pic_update_irq(PICCommonState *s)
{
    qemu_set_irq(s->int_out, pic_get_irq(s) >= 0);
}

static void pic_set_irq(void *opaque, int irq, int level)
{
    PICCommonState *s = opaque;
    int mask = 1 << irq;

    if (s->elcr & mask) {
        if (level) {
            s->irr |= mask;
            s->last_irr |= mask;
        } else {
            s->irr &= ~mask;
            s->last_irr &= ~mask;
        }
    } else {
        /* Edge: a rising edge latches the request until it is served. */
        if (level) {
            if ((s->last_irr & mask) == 0) {
                s->irr |= mask;
            }
            s->last_irr |= mask;
        } else {
            s->last_irr &= ~mask;
        }
    }
    pic_update_irq(s);
}

static void pic_intack(PICCommonState *s, int irq)
{
    if (s->auto_eoi) {
        if (s->rotate_on_auto_eoi) {
            s->priority_add = (irq + 1) & 7;
        }
    } else {
        s->isr |= 1 << irq;
    }
    /* A level-triggered request stays until the device drops it. */
    if (!(s->elcr & (1 << irq))) {
        s->irr &= ~(1 << irq);
    }
    pic_update_irq(s);
}

int pic_read_irq(PICPair *p)
{
    PICCommonState *s = &p->master;
    int irq, irq2, intno;

    irq = pic_get_irq(s);
    if (irq >= 0) {
        if (irq == 2) {
            irq2 = pic_get_irq(&p->slave);
            if (irq2 >= 0) {
                pic_intack(&p->slave, irq2);
            } else {
                irq2 = 7; /* spurious IRQ15 */
            }
            intno = p->slave.irq_base + irq2;
        } else {
            intno = s->irq_base + irq;
        }
        pic_intack(s, irq);
    } else {
        irq = 7; /* spurious IRQ7: ISR stays clear */
        intno = s->irq_base + irq;
    }
    return intno;
}

bool pic_get_output(const PICPair *p)
{
    return pic_get_irq((PICCommonState *)&p->master) >= 0;
}

static void pic_init_reset(PICCommonState *s)
{
    s->last_irr = 0;
    s->irr &= s->elcr;
    s->imr = 0;
    s->isr = 0;
    s->priority_add = 0;
    s->irq_base = 0;
    s->read_reg_select = 0;
    s->poll = 0;
    s->special_mask = 0;
    s->init_state = 0;
    s->auto_eoi = 0;
    s->rotate_on_auto_eoi = 0;
    s->special_fully_nested_mode = 0;
    s->init4 = 0;
    s->single_mode = 0;
    pic_update_irq(s);
}

static void pic_ioport_write(void *opaque, hwaddr addr, uint64_t val64,
                             unsigned size)
{
    (void)size;
    PICCommonState *s = opaque;
    int priority, cmd, irq;
    uint8_t val = (uint8_t)val64;

    if ((addr & 1) == 0) {
        if (val & 0x10) { /* ICW1 */
            pic_init_reset(s);
            s->init_state = 1;
            s->init4 = val & 1;
            s->single_mode = (val >> 1) & 1;
        } else if (val & 0x08) { /* OCW3 */
            if (val & 0x04) {
                s->poll = 1;
            }
            if (val & 0x02) {
                s->read_reg_select = val & 1;
            }
            if (val & 0x40) {
                s->special_mask = (val >> 5) & 1;
            }
            pic_update_irq(s);
        } else { /* OCW2 */
            cmd = val >> 5;
            switch (cmd) {
            case 0: /* clear / set rotate in automatic EOI mode */
            case 4:
                s->rotate_on_auto_eoi = cmd >> 2;
                break;
            case 1: /* non-specific EOI */
            case 5: /* rotate on non-specific EOI */
                priority = get_priority(s, s->isr);
                if (priority != 8) {
                    irq = (priority + s->priority_add) & 7;
                    s->isr &= ~(1 << irq);
                    if (cmd == 5) {
                        s->priority_add = (irq + 1) & 7;
                    }
                    pic_update_irq(s);
                }
                break;
            case 3: /* specific EOI */
                irq = val & 7;
                s->isr &= ~(1 << irq);
                pic_update_irq(s);
                break;
            case 6: /* set priority: val&7 becomes the lowest */
                s->priority_add = (val + 1) & 7;
                pic_update_irq(s);
                break;
            case 7: /* rotate on specific EOI */
                irq = val & 7;
                s->isr &= ~(1 << irq);
                s->priority_add = (irq + 1) & 7;
                pic_update_irq(s);
                break;
            default: /* 2: no operation */
                break;
            }
        }
    } else {
        switch (s->init_state) {
        case 0: /* OCW1 */
            s->imr = val;
            pic_update_irq(s);
            break;
        case 1: /* ICW2 */
            s->irq_base = val & 0xf8;
            s->init_state = s->single_mode ? (s->init4 ? 3 : 0) : 2;
            break;
        case 2: /* ICW3: cascade wiring is fixed on the PC */
            s->init_state = s->init4 ? 3 : 0;
            break;
        case 3: /* ICW4 */
            s->special_fully_nested_mode = (val >> 4) & 1;
            s->auto_eoi = (val >> 1) & 1;
            s->init_state = 0;
            break;
        }
    }
}

static uint64_t pic_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)size;
    PICCommonState *s = opaque;
    int ret;

    if (s->poll) {
        /* Poll command: the next read acknowledges like an INTA. */
        ret = pic_get_irq(s);
        if (ret >= 0) {
            pic_intack(s, ret);
            ret |= 0x80;
        } else {
            ret = 0;
        }
        s->poll = 0;
    } else if ((addr & 1) == 0) {
        ret = s->read_reg_select ? s->isr : s->irr;
    } else {
        ret = s->imr;
    }
    return (uint64_t)ret;
}

static const MemoryRegionOps pic_base_ioport_ops = {
    .read = pic_ioport_read,
    .write = pic_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

static uint64_t elcr_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)size;
    PICPair *p = opaque;
    return addr == 0 ? p->master.elcr : p->slave.elcr;
}

static void elcr_ioport_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    (void)size;
    PICPair *p = opaque;
    PICCommonState *s = addr == 0 ? &p->master : &p->slave;
    s->elcr = (uint8_t)val & s->elcr_mask;
}

static const MemoryRegionOps pic_elcr_ioport_ops = {
    .read = elcr_ioport_read,
    .write = elcr_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void i8259_reset(PICPair *p)
{
    p->master.elcr = 0;
    p->slave.elcr = 0;
    pic_init_reset(&p->slave);
    pic_init_reset(&p->master);
}

qemu_irq i8259_irq(PICPair *p, int n)
{
    bmx_assert(n >= 0 && n < 16);
    return n < 8 ? &p->master.in[n] : &p->slave.in[n - 8];
}

void i8259_init(PICPair *p, MemoryRegion *io, uint16_t master_base,
                uint16_t slave_base, uint16_t elcr_port, qemu_irq parent)
{
    memset(p, 0, sizeof(*p));
    p->master.master = true;
    /* IRQ0-2 (timer, keyboard, cascade) and IRQ8/13 are always edge. */
    p->master.elcr_mask = 0xf8;
    p->slave.elcr_mask = 0xde;
    qemu_init_irqs(p->master.in, 8, pic_set_irq, &p->master);
    qemu_init_irqs(p->slave.in, 8, pic_set_irq, &p->slave);
    p->master.int_out = parent;
    p->slave.int_out = &p->master.in[2];
    memory_region_init_io(&p->master.base_io, NULL, &pic_base_ioport_ops,
                          &p->master, "pic-master", 2);
    memory_region_add_subregion(io, master_base, &p->master.base_io);
    memory_region_init_io(&p->slave.base_io, NULL, &pic_base_ioport_ops,
                          &p->slave, "pic-slave", 2);
    memory_region_add_subregion(io, slave_base, &p->slave.base_io);
    if (elcr_port) {
        memory_region_init_io(&p->master.elcr_io, NULL, &pic_elcr_ioport_ops, p,
                              "elcr", 2);
        memory_region_add_subregion(io, elcr_port, &p->master.elcr_io);
    }
    i8259_reset(p);
}
