/* qemu_irq: a handler, its opaque and a line number, in static storage. */
#include "hw/hw.h"

void qemu_init_irq(IRQState *irq, qemu_irq_handler handler, void *opaque, int n)
{
    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
}

void qemu_init_irqs(IRQState *irqs, int count, qemu_irq_handler handler,
                    void *opaque)
{
    for (int i = 0; i < count; i++) {
        qemu_init_irq(&irqs[i], handler, opaque, i);
    }
}

void qemu_set_irq(qemu_irq irq, int level)
{
    if (irq && irq->handler) {
        irq->handler(irq->opaque, irq->n, level);
    }
}
