/*
 * The VGA's registers, QEMU's hw/display/vga.c semantics: misc output
 * (0x3C2 write, 0x3CC read; bit 0 moves the CRTC and input status 1
 * between 0x3Bx and 0x3Dx, the other set then reads 0xff), sequencer
 * 0x3C4/5, graphics controller 0x3CE/F, attribute controller 0x3C0/1
 * (an index/data flip-flop that reading input status 1 resets), DAC
 * 0x3C6-0x3C9, feature control (0x3CA read, 0x3BA/0x3DA write), the CRTC
 * 0x3B4/5 or 0x3D4/5 with its write protect (CR11 bit 7 locks CR0-CR7
 * except CR7 bit 4), and input status 1 with vertical retrace (bit 3) and
 * display-disabled (bit 0) from a scan position on the virtual clock.
 */
#include "vga-internal.h"

/* Writable bits per register (QEMU's sr_mask/gr_mask). */
static const uint8_t sr_mask[8] = {0x03, 0x3d, 0x0f, 0x3f,
                                   0x0e, 0x00, 0x00, 0xff};
static const uint8_t gr_mask[16] = {0x0f, 0x0f, 0x0f, 0x1f, 0x03, 0x7b,
                                    0x0f, 0x0f, 0xff, 0x00, 0x00, 0x00,
                                    0x00, 0x00, 0x00, 0x00};

#define ST01_DISP_DISABLED 0x01
#define ST01_V_RETRACE     0x08

/* A port of the colour set (0x3Dx) while misc bit 0 picks mono, or the
 * other way round: not decoded. */
static bool vga_ioport_invalid(const VGACommonState *s, uint32_t port)
{
    if (s->msr & 0x01) {
        return port >= 0x3b0 && port <= 0x3bf;
    }
    return port >= 0x3d0 && port <= 0x3df;
}

/* Input status 1: where the beam is. Each read moves the scan at least
 * VGA_POLL_STEP_NS on (see hw.h), otherwise it follows the clock.
 * Deviation D49: QEMU flips the bits on every read instead. */
static uint8_t vga_retrace(VGACommonState *s)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    int64_t line_ns = VGA_FRAME_NS / VGA_LINES;
    int64_t in_frame, line, in_line;
    uint8_t v = 0;

    s->scan_ns = now > s->scan_ns ? now : s->scan_ns + VGA_POLL_STEP_NS;
    in_frame = s->scan_ns % VGA_FRAME_NS;
    line = in_frame / line_ns;
    in_line = in_frame % line_ns;
    /* Lines 0-399 display; the last fifth of each line is blanking;
     * the retrace pulse comes a few lines into the vertical blank. */
    if (line >= VGA_VDE_LINES || in_line >= line_ns * 4 / 5) {
        v |= ST01_DISP_DISABLED;
    }
    if (line >= VGA_VDE_LINES + 12 && line < VGA_VDE_LINES + 14) {
        v |= ST01_V_RETRACE;
    }
    return v;
}

static uint32_t vga_ioport_read(VGACommonState *s, uint32_t port)
{
    unsigned index;

    if (vga_ioport_invalid(s, port)) {
        return 0xff;
    }
    switch (port) {
    case 0x3c0:
        return s->ar_flip_flop ? 0 : s->ar_index;
    case 0x3c1:
        index = s->ar_index & 0x1f;
        return index < sizeof(s->ar) ? s->ar[index] : 0;
    case 0x3c2:
        return s->st00;
    case 0x3c4:
        return s->sr_index;
    case 0x3c5:
        return s->sr[s->sr_index];
    case 0x3c6:
        return s->dac_mask;
    case 0x3c7:
        return s->dac_state;
    case 0x3c8:
        return s->dac_write_index;
    case 0x3c9: {
        uint8_t v = s->palette[s->dac_read_index * 3 + s->dac_sub_index];
        if (++s->dac_sub_index == 3) {
            s->dac_sub_index = 0;
            s->dac_read_index++;
        }
        return v;
    }
    case 0x3ca:
        return s->fcr;
    case 0x3cc:
        return s->msr;
    case 0x3ce:
        return s->gr_index;
    case 0x3cf:
        return s->gr[s->gr_index];
    case 0x3b4:
    case 0x3d4:
        return s->cr_index;
    case 0x3b5:
    case 0x3d5:
        return s->cr[s->cr_index];
    case 0x3ba:
    case 0x3da:
        s->st01 = vga_retrace(s);
        s->ar_flip_flop = false;
        return s->st01;
    default:
        return 0xff; /* not one of QEMU's VGA ports: as unassigned I/O */
    }
}

static void vga_ar_write(VGACommonState *s, uint8_t val)
{
    unsigned index;

    if (!s->ar_flip_flop) {
        s->ar_index = val & 0x3f; /* bit 5: palette address source */
    } else {
        index = s->ar_index & 0x1f;
        if (index <= 0x0f) {
            s->ar[index] = val & 0x3f;
        } else if (index == 0x10) {
            s->ar[index] = val & ~0x10;
        } else if (index == 0x11) {
            s->ar[index] = val;
        } else if (index == 0x12) {
            s->ar[index] = val & ~0xc0;
        } else if (index == 0x13 || index == 0x14) {
            s->ar[index] = val & ~0xf0;
        }
    }
    s->ar_flip_flop = !s->ar_flip_flop;
    s->generation++;
}

static void vga_ioport_write(VGACommonState *s, uint32_t port, uint8_t val)
{
    if (vga_ioport_invalid(s, port)) {
        return;
    }
    switch (port) {
    case 0x3c0:
        vga_ar_write(s, val);
        return;
    case 0x3c2:
        s->msr = val & ~0x10;
        break;
    case 0x3c4:
        s->sr_index = val & 7;
        return;
    case 0x3c5:
        s->sr[s->sr_index] = val & sr_mask[s->sr_index];
        break;
    case 0x3c6:
        s->dac_mask = val;
        return;
    case 0x3c7:
        s->dac_read_index = val;
        s->dac_sub_index = 0;
        s->dac_state = 3;
        return;
    case 0x3c8:
        s->dac_write_index = val;
        s->dac_sub_index = 0;
        s->dac_state = 0;
        return;
    case 0x3c9:
        s->dac_cache[s->dac_sub_index] = val;
        if (++s->dac_sub_index == 3) {
            memcpy(&s->palette[s->dac_write_index * 3], s->dac_cache, 3);
            s->dac_sub_index = 0;
            s->dac_write_index++;
        }
        return;
    case 0x3ce:
        s->gr_index = val & 0x0f;
        return;
    case 0x3cf:
        s->gr[s->gr_index] = val & gr_mask[s->gr_index];
        break;
    case 0x3b4:
    case 0x3d4:
        s->cr_index = val;
        return;
    case 0x3b5:
    case 0x3d5:
        /* CR11 bit 7 protects CR0-CR7; only CR7's line compare bit 8
         * stays writable. */
        if ((s->cr[0x11] & 0x80) && s->cr_index <= 7) {
            if (s->cr_index == 7) {
                s->cr[7] = (s->cr[7] & ~0x10) | (val & 0x10);
                s->generation++;
            }
            return;
        }
        s->cr[s->cr_index] = val;
        break;
    case 0x3ba:
    case 0x3da:
        s->fcr = val & 0x10;
        return;
    default:
        return;
    }
    s->generation++;
}

static uint64_t vga_io_read(void *opaque, hwaddr addr, unsigned size)
{
    return vga_ioport_read(opaque, 0x3b0 + (uint32_t)addr);
}

static void vga_io_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    vga_ioport_write(opaque, 0x3b0 + (uint32_t)addr, (uint8_t)val);
}

/* Byte registers: a word OUT to an index port writes index and data. */
static const MemoryRegionOps vga_io_ops = {
    .read = vga_io_read,
    .write = vga_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void vga_common_reset(VGACommonState *s)
{
    /* QEMU's vga_common_reset: every register 0; the BIOS sets a mode. */
    s->latch = 0;
    s->sr_index = s->gr_index = s->ar_index = s->cr_index = 0;
    memset(s->sr, 0, sizeof(s->sr));
    memset(s->gr, 0, sizeof(s->gr));
    memset(s->ar, 0, sizeof(s->ar));
    memset(s->cr, 0, sizeof(s->cr));
    s->ar_flip_flop = false;
    s->msr = s->fcr = s->st00 = s->st01 = 0;
    s->dac_state = s->dac_sub_index = 0;
    s->dac_read_index = s->dac_write_index = 0;
    memset(s->dac_cache, 0, sizeof(s->dac_cache));
    s->dac_mask = 0xff;
    memset(s->palette, 0, sizeof(s->palette));
    s->scan_ns = 0;
    s->generation++;
}

void vga_common_init(VGACommonState *s, uint8_t *vram, uint32_t vram_size)
{
    memset(s, 0, sizeof(*s));
    bmx_assert(vram && vram_size >= VGA_VRAM_SIZE);
    s->vram = vram;
    s->vram_size = VGA_VRAM_SIZE;
    memset(vram, 0, VGA_VRAM_SIZE);
    vga_common_reset(s);
}

void vga_init(VGACommonState *s, MemoryRegion *mem, MemoryRegion *io,
              int priority)
{
    memory_region_init_io(&s->io, NULL, &vga_io_ops, s, "vga", 0x30);
    memory_region_add_subregion(io, 0x3b0, &s->io);
    vga_mem_init(s, mem, priority);
}
