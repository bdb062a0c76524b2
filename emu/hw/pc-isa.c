/* The PC's legacy devices and their standard ports and IRQs, wired as
 * QEMU's "pc" machine does. Not a device itself: board glue shared by
 * the machines and the tests. */
#include "hw/hw.h"

static void pc_gsi_handler(void *opaque, int n, int level)
{
    PCISADevices *d = opaque;

    qemu_set_irq(i8259_irq(&d->pic, n), level);
    if (d->ioapic) {
        qemu_set_irq(&d->ioapic->in[n], level);
    }
}

qemu_irq pc_isa_irq(PCISADevices *d, int n)
{
    bmx_assert(n >= 0 && n < 16);
    return &d->gsi[n];
}

void pc_isa_set_ioapic(PCISADevices *d, IOAPICState *ioapic)
{
    d->ioapic = ioapic;
}

/* Port 0xF0 (QEMU's ioportF0): a write tells the CPU to ignore the x87
 * error (IGNNE#), which drops FERR#, the PC's IRQ 13. Reads float. */
static uint64_t ioport_f0_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)opaque, (void)addr, (void)size;
    return 0xff;
}

static void ioport_f0_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    PCISADevices *d = opaque;

    (void)addr, (void)val, (void)size;
    if (d->ignne) {
        qemu_irq_pulse(d->ignne);
    }
}

static const MemoryRegionOps ioport_f0_ops = {
    .read = ioport_f0_read,
    .write = ioport_f0_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void pc_isa_init(PCISADevices *d, MemoryRegion *io, const PCISAConfig *cfg)
{
    PICPair *pic = &d->pic;
    uint64_t below = cfg->ram_below_4g;

    d->ioapic = NULL;
    qemu_init_irqs(d->gsi, 16, pc_gsi_handler, d);
    i8259_init(pic, io, 0x20, 0xa0, 0x4d0, cfg->cpu_intr);
    pit_init(&d->pit, io, 0x40, pc_isa_irq(d, 0));
    pcspk_init(&d->pcspk, io, 0x61, &d->pit);
    rtc_init(&d->rtc, io, 0x70, pc_isa_irq(d, 8), cfg->rtc_time,
             cfg->rtc_opaque, cfg->rtc_epoch);
    serial_init(&d->com1, io, 0x3f8, pc_isa_irq(d, 4), cfg->serial_write,
                cfg->serial_opaque);
    port92_init(&d->port92, io, 0x92, cfg->a20, cfg->reset);
    i8042_init(&d->kbd, io, 0x60, 0x64, pc_isa_irq(d, 1), pc_isa_irq(d, 12),
               cfg->a20, cfg->reset);
    debugcon_init(&d->debugcon, io, 0xe9, cfg->debugcon_sink,
                  cfg->debugcon_opaque);
    debugcon_init(&d->debugcon_fw, io, 0x402, cfg->debugcon_sink,
                  cfg->debugcon_opaque);
    debug_exit_init(&d->debug_exit, io, 0xf4, 1, cfg->debug_exit,
                    cfg->debug_exit_opaque);
    post_port_init(&d->post, io, 0x80, NULL, NULL);
    d->ignne = cfg->ignne;
    memory_region_init_io(&d->ioport_f0, NULL, &ioport_f0_ops, d, "ioportF0",
                          1);
    memory_region_add_subregion(io, 0xf0, &d->ioport_f0);

    /* CMOS as QEMU's pc_cmos_init: memory, CPUs, equipment (FPU and
     * PS/2 mouse port, no floppy), boot from the hard disk. */
    rtc_set_memory(&d->rtc, 0x14, 0x06);
    rtc_set_memory(&d->rtc, 0x5f, cfg->cpus ? cfg->cpus - 1 : 0);
    rtc_set_memory(&d->rtc, 0x3d, 0x02);
    rtc_set_memory(&d->rtc, 0x38, 0x01);
    rtc_set_memory_size(&d->rtc, below, cfg->ram_above_4g);

    fw_cfg_init_io(&d->fw_cfg, io, 0x510, cfg->dma_as ? 0x514 : 0, cfg->dma_as);
    fw_cfg_add_pc_items(&d->fw_cfg, below + cfg->ram_above_4g,
                        cfg->cpus ? cfg->cpus : 1, false, 0);
    fw_cfg_add_e820(&d->fw_cfg, 0, below, E820_RAM);
    if (cfg->ram_above_4g) {
        fw_cfg_add_e820(&d->fw_cfg, 1ULL << 32, cfg->ram_above_4g, E820_RAM);
    }
}

void pc_isa_reset(PCISADevices *d)
{
    i8259_reset(&d->pic);
    pit_reset(&d->pit);
    serial_reset(&d->com1);
    i8042_reset(&d->kbd);
    port92_reset(&d->port92);
}
