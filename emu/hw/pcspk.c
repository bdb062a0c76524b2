/* Port 0x61 (system control port B): PIT channel 2 gate and OUT, speaker
 * enable, and the DRAM refresh toggle old delay loops poll. No sound. */
#include "hw/hw.h"

static uint64_t pcspk_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)addr;
    (void)size;
    PCSpkState *s = opaque;
    int out = pit_get_out(s->pit, 2);

    /* Toggle per read (as QEMU): a polling loop always sees progress,
     * even when virtual time does not move. */
    s->dummy_refresh_clock ^= 1 << 4;
    return (uint64_t)(pit_get_gate(s->pit, 2) | (s->data_on << 1) |
                      s->dummy_refresh_clock | (out << 5));
}

static void pcspk_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    (void)addr;
    (void)size;
    PCSpkState *s = opaque;

    s->data_on = (val >> 1) & 1;
    pit_set_gate(s->pit, 2, val & 1);
}

static const MemoryRegionOps pcspk_ops = {
    .read = pcspk_read,
    .write = pcspk_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void pcspk_init(PCSpkState *s, MemoryRegion *io, uint16_t port, PITState *pit)
{
    memset(s, 0, sizeof(*s));
    s->pit = pit;
    memory_region_init_io(&s->io, NULL, &pcspk_ops, s, "pcspk", 1);
    memory_region_add_subregion(io, port, &s->io);
}
