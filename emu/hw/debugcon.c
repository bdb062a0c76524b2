/* debugcon: every byte written to the port goes to a sink (Bochs 0xE9 hack,
 * SeaBIOS's 0x402 debug output). */
#include "hw/hw.h"

static uint64_t debugcon_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)addr;
    (void)size;
    DebugconState *s = opaque;
    /* Bochs-compatible: reading the port tells the guest it is there. */
    return s->readback;
}

static void debugcon_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    (void)addr;
    (void)size;
    DebugconState *s = opaque;
    uint8_t c = (uint8_t)val;

    if (s->sink) {
        s->sink(s->sink_opaque, c);
    } else {
        qemu_printf("%c", c);
    }
}

static const MemoryRegionOps debugcon_ops = {
    .read = debugcon_read,
    .write = debugcon_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void debugcon_init(DebugconState *s, MemoryRegion *io, uint16_t port,
                   DebugconSink sink, void *opaque)
{
    memset(s, 0, sizeof(*s));
    s->sink = sink;
    s->sink_opaque = opaque;
    s->readback = 0xe9;
    memory_region_init_io(&s->io, NULL, &debugcon_ops, s, "debugcon", 1);
    memory_region_add_subregion(io, port, &s->io);
}
