/*
 * National Semiconductor 16550A UART.
 * Modelled: divisor latch (DLAB), 8-bit data path, 16-byte receive FIFO
 * with trigger levels 1/4/8/14 and character timeout (4 character times
 * of virtual time at the programmed baud rate), IIR priorities (line
 * status > received data / timeout > THR empty > modem status), LSR/MSR
 * with delta bits, loopback (MCR bit 4, modem lines looped as on the
 * chip), scratch register, THRE interrupt, break.
 * Not modelled: transmit timing (a byte leaves at once, so THR/TSR are
 * always empty again after a write), parity/framing errors, OUT2 gating
 * of the IRQ line (QEMU does not gate it either).
 */
#include "hw/hw.h"

#define UART_LCR_DLAB      0x80
#define UART_IER_MSI       0x08
#define UART_IER_RLSI      0x04
#define UART_IER_THRI      0x02
#define UART_IER_RDI       0x01
#define UART_IIR_NO_INT    0x01
#define UART_IIR_ID        0x06
#define UART_IIR_MSI       0x00
#define UART_IIR_THRI      0x02
#define UART_IIR_RDI       0x04
#define UART_IIR_RLSI      0x06
#define UART_IIR_CTI       0x0c
#define UART_IIR_FE        0xc0
#define UART_MCR_LOOP      0x10
#define UART_MCR_OUT2      0x08
#define UART_LSR_TEMT      0x40
#define UART_LSR_THRE      0x20
#define UART_LSR_BI        0x10
#define UART_LSR_FE        0x08
#define UART_LSR_PE        0x04
#define UART_LSR_OE        0x02
#define UART_LSR_DR        0x01
#define UART_LSR_INT_ANY   0x1e
#define UART_MSR_DCD       0x80
#define UART_MSR_RI        0x40
#define UART_MSR_DSR       0x20
#define UART_MSR_CTS       0x10
#define UART_MSR_ANY_DELTA 0x0f
#define UART_FCR_ITL_MASK  0xc0
#define UART_FCR_XFR       0x04
#define UART_FCR_RFR       0x02
#define UART_FCR_FE        0x01

static void serial_update_irq(SerialState *s)
{
    uint8_t tmp_iir = UART_IIR_NO_INT;

    if ((s->ier & UART_IER_RLSI) && (s->lsr & UART_LSR_INT_ANY)) {
        tmp_iir = UART_IIR_RLSI;
    } else if ((s->ier & UART_IER_RDI) && s->timeout_ipending) {
        tmp_iir = UART_IIR_CTI;
    } else if ((s->ier & UART_IER_RDI) && (s->lsr & UART_LSR_DR) &&
               (!(s->fcr & UART_FCR_FE) ||
                s->recv_fifo_num >= s->recv_fifo_itl)) {
        tmp_iir = UART_IIR_RDI;
    } else if ((s->ier & UART_IER_THRI) && s->thr_ipending) {
        tmp_iir = UART_IIR_THRI;
    } else if ((s->ier & UART_IER_MSI) && (s->msr & UART_MSR_ANY_DELTA)) {
        tmp_iir = UART_IIR_MSI;
    }
    s->iir = tmp_iir | (s->iir & 0xf0);
    qemu_set_irq(s->irq, tmp_iir != UART_IIR_NO_INT);
}

static void serial_update_parameters(SerialState *s)
{
    int frame_size = 1 + (s->lcr & 0x03) + 5 + ((s->lcr & 0x08) ? 1 : 0) +
                     ((s->lcr & 0x04) ? 2 : 1);

    if (s->divider == 0) {
        return;
    }
    /* divider <= 65535, so the speed is at least 1 baud. */
    s->char_transmit_time =
        (NANOSECONDS_PER_SECOND / (115200 / s->divider)) * frame_size;
}

static void fifo_reset(SerialState *s)
{
    s->recv_fifo_head = 0;
    s->recv_fifo_num = 0;
}

static uint8_t fifo_pop(SerialState *s)
{
    uint8_t c = s->recv_fifo[s->recv_fifo_head];
    s->recv_fifo_head = (s->recv_fifo_head + 1) % UART_FIFO_LENGTH;
    s->recv_fifo_num--;
    return c;
}

static void fifo_timeout_restart(SerialState *s)
{
    timer_mod_ns(&s->fifo_timeout_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                                             s->char_transmit_time * 4);
}

static void fifo_timeout_int(void *opaque)
{
    SerialState *s = opaque;

    if (s->recv_fifo_num) {
        s->timeout_ipending = 1;
        serial_update_irq(s);
    }
}

static void serial_receive1(SerialState *s, uint8_t c)
{
    if (s->fcr & UART_FCR_FE) {
        if (s->recv_fifo_num == UART_FIFO_LENGTH) {
            s->lsr |= UART_LSR_OE;
        } else {
            s->recv_fifo[(s->recv_fifo_head + s->recv_fifo_num) %
                         UART_FIFO_LENGTH] = c;
            s->recv_fifo_num++;
        }
        s->lsr |= UART_LSR_DR;
        /* Below the trigger level the guest hears of it on timeout. */
        fifo_timeout_restart(s);
    } else {
        if (s->lsr & UART_LSR_DR) {
            s->lsr |= UART_LSR_OE;
        }
        s->rbr = c;
        s->lsr |= UART_LSR_DR;
    }
}

int serial_can_receive(SerialState *s)
{
    if (s->mcr & UART_MCR_LOOP) {
        return 0; /* the line is disconnected in loopback */
    }
    if (s->fcr & UART_FCR_FE) {
        return UART_FIFO_LENGTH - s->recv_fifo_num;
    }
    return !(s->lsr & UART_LSR_DR);
}

void serial_receive(SerialState *s, const uint8_t *buf, int size)
{
    if (s->mcr & UART_MCR_LOOP) {
        return;
    }
    for (int i = 0; i < size; i++) {
        serial_receive1(s, buf[i]);
    }
    serial_update_irq(s);
}

void serial_receive_break(SerialState *s)
{
    s->rbr = 0;
    if (s->fcr & UART_FCR_FE) {
        serial_receive1(s, 0);
    }
    s->lsr |= UART_LSR_BI | UART_LSR_DR;
    serial_update_irq(s);
}

static void serial_xmit(SerialState *s, uint8_t c)
{
    if (s->mcr & UART_MCR_LOOP) {
        serial_receive1(s, c);
    } else if (s->chr_write) {
        s->chr_write(s->chr_opaque, &c, 1);
    } else {
        qemu_printf("%c", c);
    }
    /* Sent at once: THR and shift register are empty again. */
    s->lsr |= UART_LSR_THRE | UART_LSR_TEMT;
    s->thr_ipending = 1;
}

static void serial_ioport_write(void *opaque, hwaddr addr, uint64_t val64,
                                unsigned size)
{
    (void)size;
    SerialState *s = opaque;
    uint8_t val = (uint8_t)val64;
    uint8_t changed;

    switch (addr & 7) {
    case 0:
        if (s->lcr & UART_LCR_DLAB) {
            s->divider = (s->divider & 0xff00) | val;
            serial_update_parameters(s);
            break;
        }
        s->thr_ipending = 0;
        s->lsr &= ~(UART_LSR_THRE | UART_LSR_TEMT);
        serial_update_irq(s);
        serial_xmit(s, val);
        serial_update_irq(s);
        break;
    case 1:
        if (s->lcr & UART_LCR_DLAB) {
            s->divider = (uint16_t)((s->divider & 0x00ff) | (val << 8));
            serial_update_parameters(s);
            break;
        }
        changed = (s->ier ^ val) & 0x0f;
        s->ier = val & 0x0f;
        /* Enabling THRI with THR already empty interrupts at once. */
        if ((changed & UART_IER_THRI) && (s->ier & UART_IER_THRI) &&
            (s->lsr & UART_LSR_THRE)) {
            s->thr_ipending = 1;
        }
        serial_update_irq(s);
        break;
    case 2:
        /* Toggling the FIFO enable flushes both FIFOs. */
        if ((val ^ s->fcr) & UART_FCR_FE) {
            val |= UART_FCR_XFR | UART_FCR_RFR;
        }
        if (val & UART_FCR_RFR) {
            s->lsr &= ~(UART_LSR_DR | UART_LSR_BI);
            timer_del(&s->fifo_timeout_timer);
            s->timeout_ipending = 0;
            fifo_reset(s);
        }
        if (val & UART_FCR_XFR) {
            s->lsr |= UART_LSR_THRE;
            s->thr_ipending = 1;
        }
        s->fcr = val & 0xc9;
        if (s->fcr & UART_FCR_FE) {
            static const uint8_t itl[4] = {1, 4, 8, 14};
            s->iir |= UART_IIR_FE;
            s->recv_fifo_itl = itl[(s->fcr & UART_FCR_ITL_MASK) >> 6];
        } else {
            s->iir &= ~UART_IIR_FE;
        }
        serial_update_irq(s);
        break;
    case 3:
        s->lcr = val;
        serial_update_parameters(s);
        break;
    case 4:
        s->mcr = val & 0x1f;
        break;
    case 5:
    case 6:
        break; /* LSR and MSR are read-only */
    case 7:
        s->scr = val;
        break;
    }
}

static uint64_t serial_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)size;
    SerialState *s = opaque;
    uint8_t ret;

    switch (addr & 7) {
    default:
    case 0:
        if (s->lcr & UART_LCR_DLAB) {
            return s->divider & 0xff;
        }
        if (s->fcr & UART_FCR_FE) {
            ret = s->recv_fifo_num ? fifo_pop(s) : 0;
            if (s->recv_fifo_num == 0) {
                s->lsr &= ~(UART_LSR_DR | UART_LSR_BI);
                timer_del(&s->fifo_timeout_timer);
            } else {
                fifo_timeout_restart(s);
            }
            s->timeout_ipending = 0;
        } else {
            ret = s->rbr;
            s->lsr &= ~(UART_LSR_DR | UART_LSR_BI);
        }
        serial_update_irq(s);
        return ret;
    case 1:
        if (s->lcr & UART_LCR_DLAB) {
            return s->divider >> 8;
        }
        return s->ier;
    case 2:
        ret = s->iir;
        /* Reading IIR acknowledges a THR-empty interrupt. */
        if ((ret & 0x0f) == UART_IIR_THRI) {
            s->thr_ipending = 0;
            serial_update_irq(s);
        }
        return ret;
    case 3:
        return s->lcr;
    case 4:
        return s->mcr;
    case 5:
        ret = s->lsr;
        if (s->lsr & UART_LSR_INT_ANY) {
            s->lsr &= ~UART_LSR_INT_ANY;
            serial_update_irq(s);
        }
        return ret;
    case 6:
        if (s->mcr & UART_MCR_LOOP) {
            /* OUT2->DCD, OUT1->RI, RTS->CTS, DTR->DSR */
            return ((s->mcr & 0x0c) << 4) | ((s->mcr & 0x02) << 3) |
                   ((s->mcr & 0x01) << 5);
        }
        ret = s->msr;
        if (s->msr & UART_MSR_ANY_DELTA) {
            s->msr &= 0xf0;
            serial_update_irq(s);
        }
        return ret;
    case 7:
        return s->scr;
    }
}

static const MemoryRegionOps serial_io_ops = {
    .read = serial_ioport_read,
    .write = serial_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void serial_reset(SerialState *s)
{
    timer_del(&s->fifo_timeout_timer);
    s->divider = 0;
    s->rbr = 0;
    s->ier = 0;
    s->iir = UART_IIR_NO_INT;
    s->lcr = 0;
    s->lsr = UART_LSR_TEMT | UART_LSR_THRE;
    s->msr = UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
    s->mcr = UART_MCR_OUT2;
    s->scr = 0;
    s->fcr = 0;
    s->thr_ipending = 0;
    s->timeout_ipending = 0;
    s->recv_fifo_itl = 1;
    s->char_transmit_time = (NANOSECONDS_PER_SECOND / 9600) * 10;
    fifo_reset(s);
    qemu_irq_lower(s->irq);
}

void serial_init(SerialState *s, MemoryRegion *io, uint16_t base, qemu_irq irq,
                 SerialWriteFn chr_write, void *opaque)
{
    memset(s, 0, sizeof(*s));
    s->irq = irq;
    s->chr_write = chr_write;
    s->chr_opaque = opaque;
    timer_init_ns(&s->fifo_timeout_timer, QEMU_CLOCK_VIRTUAL, fifo_timeout_int,
                  s);
    serial_reset(s);
    memory_region_init_io(&s->io, NULL, &serial_io_ops, s, "serial", 8);
    memory_region_add_subregion(io, base, &s->io);
}
