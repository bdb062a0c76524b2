/* System control port A (0x92): bit 1 gates A20, a rising bit 0 resets
 * the CPU. Faster than going through the keyboard controller. */
#include "hw/hw.h"

static uint64_t port92_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)addr;
    (void)size;
    Port92State *s = opaque;
    return s->outport;
}

static void port92_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    (void)addr;
    (void)size;
    Port92State *s = opaque;
    uint8_t old = s->outport;

    s->outport = (uint8_t)val;
    qemu_set_irq(s->a20_out, (val >> 1) & 1);
    if ((val & 1) && !(old & 1)) {
        qemu_irq_pulse(s->reset_out);
    }
}

static const MemoryRegionOps port92_ops = {
    .read = port92_read,
    .write = port92_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void port92_reset(Port92State *s)
{
    /* The reset is done: bit 0 reads 0 and can trigger again. */
    s->outport &= ~1;
}

void port92_init(Port92State *s, MemoryRegion *io, uint16_t port,
                 qemu_irq a20_out, qemu_irq reset_out)
{
    memset(s, 0, sizeof(*s));
    s->a20_out = a20_out;
    s->reset_out = reset_out;
    memory_region_init_io(&s->io, NULL, &port92_ops, s, "port92", 1);
    memory_region_add_subregion(io, port, &s->io);
}
