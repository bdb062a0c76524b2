/*
 * The VGA's legacy memory window 0xA0000-0xBFFFF (QEMU's vga_mem_readb/
 * writeb): GR6 picks which part of it decodes, and the sequencer and
 * graphics controller decide how a CPU byte meets the four planes --
 * chain-4 (mode 13h), odd/even (text modes: characters in plane 0,
 * attributes in plane 1, fonts in plane 2) or planar with the four write
 * modes, the latches, set/reset, rotate, logical operation and bit mask.
 * VRAM keeps plane p of address a at byte (a << 2) | p, as QEMU does.
 */
#include "vga-internal.h"

/* Each of the 4 bits of i becomes a 0xff byte (plane 0 lowest). */
static uint32_t expand4(unsigned i)
{
    uint32_t m = 0;
    for (int p = 0; p < 4; p++) {
        if (i & (1u << p)) {
            m |= 0xffu << (8 * p);
        }
    }
    return m;
}

/* The window offset relative to what GR6 maps, or -1 outside it. */
static int64_t vga_window_offset(const VGACommonState *s, hwaddr addr)
{
    switch ((s->gr[6] >> 2) & 3) {
    case 0: /* 0xA0000, 128 KiB */
        return (int64_t)addr;
    case 1: /* 0xA0000, 64 KiB */
        return addr < 0x10000 ? (int64_t)addr : -1;
    case 2: /* 0xB0000, 32 KiB */
        return addr >= 0x10000 && addr < 0x18000 ? (int64_t)(addr - 0x10000)
                                                 : -1;
    default: /* 0xB8000, 32 KiB */
        return addr >= 0x18000 ? (int64_t)(addr - 0x18000) : -1;
    }
}

/* Deviation D48: 64 KiB per plane, so the 128 KiB map's upper half
 * aliases the lower (QEMU's larger VRAM keeps them apart). */
static uint32_t vram_word(const VGACommonState *s, uint32_t a)
{
    return ldl_le_p(s->vram + ((a << 2) & (s->vram_size - 1)));
}

uint64_t vga_mem_readb(VGACommonState *s, hwaddr addr)
{
    int64_t off = vga_window_offset(s, addr);
    uint32_t a, ret;

    if (off < 0) {
        return 0xff; /* not decoded: the bus floats */
    }
    a = (uint32_t)off;
    if (s->sr[4] & 0x08) { /* chain 4: the low 2 bits pick the plane */
        return s->vram[a & (s->vram_size - 1)];
    }
    if (s->gr[5] & 0x10) { /* odd/even: bit 0 picks plane 0/1 (or 2/3) */
        unsigned plane = (s->gr[4] & 2) | (a & 1);
        return s->vram[(((a & ~1u) << 1) | plane) & (s->vram_size - 1)];
    }
    s->latch = vram_word(s, a);
    if (!(s->gr[5] & 0x08)) { /* read mode 0: the plane GR4 selects */
        return (s->latch >> (8 * (s->gr[4] & 3))) & 0xff;
    }
    /* read mode 1: colour compare (GR2) over the planes GR7 cares about */
    ret = (s->latch ^ expand4(s->gr[2])) & expand4(s->gr[7]);
    ret |= ret >> 16;
    ret |= ret >> 8;
    return (~ret) & 0xff;
}

void vga_mem_writeb(VGACommonState *s, hwaddr addr, uint32_t val)
{
    int64_t off = vga_window_offset(s, addr);
    uint32_t a, mask, bit_mask, set_mask, wmask, word;
    unsigned b;

    if (off < 0) {
        return;
    }
    a = (uint32_t)off;
    val &= 0xff;
    if (s->sr[4] & 0x08) { /* chain 4 */
        if (s->sr[2] & (1u << (a & 3))) {
            s->vram[a & (s->vram_size - 1)] = (uint8_t)val;
            s->generation++;
        }
        return;
    }
    if (!(s->sr[4] & 0x04)) { /* odd/even */
        unsigned plane = (s->gr[4] & 2) | (a & 1);
        if (s->sr[2] & (1u << plane)) {
            s->vram[(((a & ~1u) << 1) | plane) & (s->vram_size - 1)] =
                (uint8_t)val;
            s->generation++;
        }
        return;
    }
    /* planar */
    switch (s->gr[5] & 3) {
    case 0:
        b = s->gr[3] & 7;
        val = ((val >> b) | (val << (8 - b))) & 0xff;
        val |= val << 8;
        val |= val << 16;
        set_mask = expand4(s->gr[1]);
        val = (val & ~set_mask) | (expand4(s->gr[0]) & set_mask);
        bit_mask = s->gr[8];
        break;
    case 1: /* the latches as they are */
        val = s->latch;
        goto do_write;
    case 2:
        val = expand4(val & 0x0f);
        bit_mask = s->gr[8];
        break;
    default:
        b = s->gr[3] & 7;
        val = ((val >> b) | (val << (8 - b))) & 0xff;
        bit_mask = s->gr[8] & val;
        val = expand4(s->gr[0]);
        break;
    }
    switch ((s->gr[3] >> 3) & 3) {
    case 1:
        val &= s->latch;
        break;
    case 2:
        val |= s->latch;
        break;
    case 3:
        val ^= s->latch;
        break;
    default:
        break;
    }
    bit_mask |= bit_mask << 8;
    bit_mask |= bit_mask << 16;
    val = (val & bit_mask) | (s->latch & ~bit_mask);
do_write:
    mask = s->sr[2] & 0x0f;
    wmask = expand4(mask);
    word = vram_word(s, a);
    stl_le_p(s->vram + ((a << 2) & (s->vram_size - 1)),
             (word & ~wmask) | (val & wmask));
    if (mask) {
        s->generation++;
    }
}

static uint64_t vga_lowmem_read(void *opaque, hwaddr addr, unsigned size)
{
    return vga_mem_readb(opaque, addr);
}

static void vga_lowmem_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    vga_mem_writeb(opaque, addr, (uint32_t)val);
}

/* Byte accesses only: the memory core splits wider ones, as QEMU's
 * vga_mem_ops do. */
static const MemoryRegionOps vga_mem_ops = {
    .read = vga_lowmem_read,
    .write = vga_lowmem_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4, .unaligned = true},
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void vga_mem_init(VGACommonState *s, MemoryRegion *mem, int priority)
{
    memory_region_init_io(&s->lowmem, NULL, &vga_mem_ops, s, "vga-lowmem",
                          0x20000);
    memory_region_add_subregion_overlap(mem, 0xa0000, &s->lowmem, priority);
}
