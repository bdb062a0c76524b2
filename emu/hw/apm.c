/* APM control ports (QEMU's hw/isa/apm.c): a write to 0xB2 (APMC) latches
 * the command and calls the owner, which raises SMI on the chipsets that
 * have it (PIIX4 PM, ICH9 LPC); 0xB3 (APMS) is a byte firmware passes to
 * its SMI handler. Both read back. */
#include "hw/hw.h"

#define APM_CNT_IOPORT 0xb2

static void apm_ioport_writeb(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    APMState *apm = opaque;

    (void)size;
    if ((addr & 1) == 0) {
        apm->apmc = (uint8_t)val;
        if (apm->callback) {
            apm->callback((uint32_t)(uint8_t)val, apm->arg);
        }
    } else {
        apm->apms = (uint8_t)val;
    }
}

static uint64_t apm_ioport_readb(void *opaque, hwaddr addr, unsigned size)
{
    APMState *apm = opaque;

    (void)size;
    return (addr & 1) == 0 ? apm->apmc : apm->apms;
}

static const MemoryRegionOps apm_ops = {
    .read = apm_ioport_readb,
    .write = apm_ioport_writeb,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void apm_init(APMState *apm, MemoryRegion *io, apm_ctrl_changed_t callback,
              void *arg)
{
    memset(apm, 0, sizeof(*apm));
    apm->callback = callback;
    apm->arg = arg;
    memory_region_init_io(&apm->io, NULL, &apm_ops, apm, "apm-io", 2);
    memory_region_add_subregion(io, APM_CNT_IOPORT, &apm->io);
}
