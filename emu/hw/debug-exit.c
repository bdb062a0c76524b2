/* isa-debug-exit: lets a test guest end the emulator with a status. The
 * status is always odd so it cannot be mistaken for a clean exit. */
#include "hw/hw.h"

static uint64_t debug_exit_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)opaque;
    (void)addr;
    (void)size;
    return 0;
}

static void debug_exit_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    (void)addr;
    (void)size;
    DebugExitState *s = opaque;

    s->requested = true;
    s->status = (int)(((uint32_t)val << 1) | 1);
    if (s->exit_fn) {
        s->exit_fn(s->opaque, s->status);
    }
}

static const MemoryRegionOps debug_exit_ops = {
    .read = debug_exit_read,
    .write = debug_exit_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 4},
};

void debug_exit_init(DebugExitState *s, MemoryRegion *io, uint16_t port,
                     unsigned size, DebugExitFn fn, void *opaque)
{
    if (size != 1 && size != 2 && size != 4) {
        bmx_panic("isa-debug-exit: iosize %u must be 1, 2 or 4", size);
    }
    memset(s, 0, sizeof(*s));
    s->exit_fn = fn;
    s->opaque = opaque;
    memory_region_init_io(&s->io, NULL, &debug_exit_ops, s, "isa-debug-exit",
                          size);
    memory_region_add_subregion(io, port, &s->io);
}
