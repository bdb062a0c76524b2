/* POST diagnostic port 0x80: firmware writes progress codes here; I/O
 * delay loops (outb to 0x80) also land here, so it must stay cheap. */
#include "hw/hw.h"

static uint64_t post_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)addr;
    (void)size;
    PostState *s = opaque;
    return s->last_code;
}

static void post_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    (void)addr;
    (void)size;
    PostState *s = opaque;
    uint8_t code = (uint8_t)val;

    /* Only changes: I/O delay loops write the same byte again and again. */
    if (unlikely(qemu_loglevel_mask(LOG_POST)) &&
        (code != s->last_code || !s->count)) {
        qemu_log("POST 0x%02x\n", code);
    }
    s->last_code = code;
    s->count++;
    if (s->trace) {
        s->trace(s->opaque, s->last_code);
    }
}

static const MemoryRegionOps post_ops = {
    .read = post_read,
    .write = post_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

int post_last_code(const PostState *s)
{
    return s->count ? s->last_code : -1;
}

void post_port_init(PostState *s, MemoryRegion *io, uint16_t port,
                    PostTraceFn trace, void *opaque)
{
    memset(s, 0, sizeof(*s));
    s->trace = trace;
    s->opaque = opaque;
    memory_region_init_io(&s->io, NULL, &post_ops, s, "post", 1);
    memory_region_add_subregion(io, port, &s->io);
}
