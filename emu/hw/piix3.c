/*
 * PIIX3 PCI-to-ISA bridge, function 0 (QEMU's hw/isa/piix.c without IDE,
 * USB or ACPI): PIRQA-D route control 0x60-0x63 steering PCI interrupts
 * to ISA IRQs of the 8259 pair, and the reset control register at 0xCF9.
 * Routed PCI lines are level-triggered: the BIOS marks them in the ELCR
 * (0x4D0/0x4D1), which the PIC model owns.
 */
#include "hw/hw.h"

#define RCR_SYS_RST  0x02
#define RCR_RST_CPU  0x04
#define RCR_FULL_RST 0x08

int piix3_pirq_route(PIIX3State *s, int pirq)
{
    uint8_t r = s->dev.config[PIIX_PIRQC + pirq];

    /* IRQ 0-2, 8 and 13 are reserved values: treated as disabled. */
    if (r & PIIX_PIRQ_DISABLE) {
        return -1;
    }
    r &= 0x0f;
    if (r < 3 || r == 8 || r == 13) {
        return -1;
    }
    return r;
}

/* The level of ISA IRQ irq from every PIRQ routed to it. */
static void piix3_update_isa_irq(PIIX3State *s, int irq)
{
    int level = 0;

    if (irq < 0 || !s->pic) {
        return;
    }
    for (int p = 0; p < PIIX_NUM_PIRQS; p++) {
        if (piix3_pirq_route(s, p) == irq && s->pirq_level[p]) {
            level = 1;
        }
    }
    /* the ISA line reaches the I/O APIC too when there is one */
    qemu_set_irq(s->isa ? pc_isa_irq(s->isa, irq) : i8259_irq(s->pic, irq),
                 level);
}

static void piix3_set_pirq(void *opaque, int pirq, int level)
{
    PIIX3State *s = opaque;

    s->pirq_level[pirq] = level != 0;
    piix3_update_isa_irq(s, piix3_pirq_route(s, pirq));
}

qemu_irq piix3_pirq(PIIX3State *s, int pirq)
{
    bmx_assert(pirq >= 0 && pirq < PIIX_NUM_PIRQS);
    return &s->pirq_in[pirq];
}

static void piix3_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                               int len)
{
    PIIX3State *s = container_of(dev, PIIX3State, dev);
    int old[PIIX_NUM_PIRQS];
    uint32_t end = addr + (uint32_t)len;

    for (int p = 0; p < PIIX_NUM_PIRQS; p++) {
        old[p] = piix3_pirq_route(s, p);
    }
    pci_default_write_config(dev, addr, val, len);
    if (addr < PIIX_PIRQC + PIIX_NUM_PIRQS && end > PIIX_PIRQC) {
        /* Re-evaluate the IRQs a route left and the ones it joined. */
        for (int p = 0; p < PIIX_NUM_PIRQS; p++) {
            piix3_update_isa_irq(s, old[p]);
            piix3_update_isa_irq(s, piix3_pirq_route(s, p));
        }
    }
}

static uint64_t piix3_rcr_read(void *opaque, hwaddr addr, unsigned size)
{
    PIIX3State *s = opaque;
    (void)addr, (void)size;
    return s->rcr;
}

static void piix3_rcr_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    PIIX3State *s = opaque;

    (void)addr, (void)size;
    /* any write with RST_CPU resets the machine, as QEMU's piix does
     * (with SYS_RST clear the PIIX3 would send an INIT only) */
    if (val & RCR_RST_CPU) {
        qemu_irq_pulse(s->reset_out);
        return;
    }
    s->rcr = val & (RCR_SYS_RST | RCR_FULL_RST);
}

static const MemoryRegionOps piix3_rcr_ops = {
    .read = piix3_rcr_read,
    .write = piix3_rcr_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void piix3_reset(PIIX3State *s)
{
    uint8_t *c = s->dev.config;

    /* Power-on values of the 82371SB function 0 (QEMU's piix_reset). */
    pci_set_word(&c[PCI_COMMAND], 0x0007);
    pci_set_word(&c[PCI_STATUS], 0x0200);
    c[0x4c] = 0x4d;
    c[0x4e] = 0x03;
    c[0x4f] = 0x00;
    for (int p = 0; p < PIIX_NUM_PIRQS; p++) {
        c[PIIX_PIRQC + p] = PIIX_PIRQ_DISABLE;
        s->pirq_level[p] = 0;
    }
    c[0x69] = 0x02;
    c[0x70] = 0x80;
    c[0x76] = 0x0c;
    c[0x77] = 0x0c;
    c[0x78] = 0x02;
    c[0x79] = 0x00;
    c[0x80] = 0x00;
    c[0x82] = 0x00;
    c[0xa0] = 0x08;
    c[0xa2] = 0x00;
    c[0xa3] = 0x00;
    c[0xa4] = 0x00;
    c[0xa5] = 0x00;
    c[0xa6] = 0x00;
    c[0xa7] = 0x00;
    c[0xa8] = 0x0f;
    c[0xaa] = 0x00;
    c[0xab] = 0x00;
    c[0xac] = 0x00;
    c[0xae] = 0x00;
    s->rcr = 0;
}

void piix3_init(PIIX3State *s, PCIBus *bus, MemoryRegion *io, PICPair *pic,
                qemu_irq reset_out)
{
    pci_register_device(bus, &s->dev, "PIIX3", PCI_DEVFN(1, 0), NULL,
                        piix3_write_config);
    pci_set_word(&s->dev.config[PCI_VENDOR_ID], 0x8086);
    pci_set_word(&s->dev.config[PCI_DEVICE_ID], 0x7000);
    pci_set_word(&s->dev.config[PCI_CLASS_DEVICE], 0x0601); /* ISA bridge */
    s->dev.config[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_MULTI_FUNCTION;
    s->pic = pic;
    s->reset_out = reset_out;
    qemu_init_irqs(s->pirq_in, PIIX_NUM_PIRQS, piix3_set_pirq, s);
    /* 0xCF9 sits inside the 0xCF8 dword: it must win over it. */
    memory_region_init_io(&s->rcr_mem, s, &piix3_rcr_ops, s,
                          "piix-reset-control", 1);
    memory_region_add_subregion_overlap(io, 0xcf9, &s->rcr_mem, 1);
    piix3_reset(s);
}
