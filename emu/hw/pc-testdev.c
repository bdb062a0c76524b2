/*
 * QEMU's pc-testdev: the ISA test device kvm-unit-tests' x86 tests are run
 * with (`-device pc-testdev`). A 32-bit data register at 0xE0 (any access
 * size) and again at 0xE8 (taken byte by byte), a page-flush port at 0xE4,
 * ISA IRQ lines set by byte writes at 0x2000 + n, and 64 KiB of memory
 * behind MMIO at 0xFF000000 for tests of instructions on emulated MMIO.
 */
#include "hw/hw.h"

static uint32_t testdev_mask(hwaddr addr, unsigned size)
{
    unsigned bits = size * 8, start = (unsigned)(addr & 3) * 8;
    return (uint32_t)(UINT32_MAX >> (32 - bits)) << start;
}

static uint64_t testdev_data_read(void *opaque, hwaddr addr, unsigned size)
{
    PCTestdevState *s = opaque;
    uint32_t m = testdev_mask(addr, size);

    return (s->data & m) >> ((addr & 3) * 8);
}

static void testdev_data_write(void *opaque, hwaddr addr, uint64_t val,
                               unsigned size)
{
    PCTestdevState *s = opaque;
    uint32_t m = testdev_mask(addr, size);

    s->data = (s->data & ~m) | (((uint32_t)val << ((addr & 3) * 8)) & m);
}

static const MemoryRegionOps testdev_data_ops = {
    .read = testdev_data_read,
    .write = testdev_data_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 4},
};

static const MemoryRegionOps testdev_data_byte_ops = {
    .read = testdev_data_read,
    .write = testdev_data_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

/* QEMU unmaps and remaps the host page (an mprotect round trip for KVM's
 * tests); here nothing caches host mappings, so there is nothing to do. */
static void testdev_flush_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    (void)opaque, (void)addr, (void)val, (void)size;
}

static uint64_t testdev_flush_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)opaque, (void)addr, (void)size;
    return 0; /* write-only: reads as QEMU's unimplemented read, 0 */
}

static const MemoryRegionOps testdev_flush_ops = {
    .read = testdev_flush_read,
    .write = testdev_flush_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 4, .max_access_size = 4},
};

static void testdev_irq_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    PCTestdevState *s = opaque;
    (void)size;

    if (addr < PC_TESTDEV_IRQS && s->irq[addr]) {
        qemu_set_irq(s->irq[addr], val != 0);
    } else {
        /* Deviation D54: GSIs 16-23 exist only on QEMU's I/O APIC pins; bmx86's
         * ISA bus has 16 lines */
        qemu_log_mask(LOG_UNIMP, "pc-testdev: no ISA IRQ line %u\n",
                      (unsigned)addr);
    }
}

static uint64_t testdev_irq_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)opaque, (void)addr, (void)size;
    return 0;
}

static const MemoryRegionOps testdev_irq_ops = {
    .read = testdev_irq_read,
    .write = testdev_irq_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 1},
};

static uint64_t testdev_iomem_read(void *opaque, hwaddr addr, unsigned size)
{
    PCTestdevState *s = opaque;

    return ldn_le_p(s->iomem + addr, (int)size);
}

static void testdev_iomem_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    PCTestdevState *s = opaque;

    stn_le_p(s->iomem + addr, (int)size, val);
}

static const MemoryRegionOps testdev_iomem_ops = {
    .read = testdev_iomem_read,
    .write = testdev_iomem_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 8},
    .impl = {.min_access_size = 1, .max_access_size = 8},
};

void pc_testdev_init(PCTestdevState *s, MemoryRegion *io, MemoryRegion *mem,
                     uint8_t *iomem, const qemu_irq *irqs)
{
    memset(s, 0, sizeof(*s));
    s->iomem = iomem;
    memset(iomem, 0, PC_TESTDEV_IOMEM_SIZE);
    for (int i = 0; i < PC_TESTDEV_IRQS; i++) {
        s->irq[i] = irqs[i];
    }
    memory_region_init_io(&s->data_io, NULL, &testdev_data_ops, s,
                          "pc-testdev-ioport", 4);
    memory_region_init_io(&s->flush_io, NULL, &testdev_flush_ops, s,
                          "pc-testdev-flush-page", 4);
    memory_region_init_io(&s->data_byte_io, NULL, &testdev_data_byte_ops, s,
                          "pc-testdev-ioport-byte", 4);
    memory_region_init_io(&s->irq_io, NULL, &testdev_irq_ops, s,
                          "pc-testdev-irq-line", 24);
    memory_region_init_io(&s->iomem_mr, NULL, &testdev_iomem_ops, s,
                          "pc-testdev-iomem", PC_TESTDEV_IOMEM_SIZE);
    memory_region_add_subregion(io, 0xe0, &s->data_io);
    memory_region_add_subregion(io, 0xe4, &s->flush_io);
    /* below bmx86's debugcon at 0xE9, which stays (QEMU's pc has none) */
    memory_region_add_subregion_overlap(io, 0xe8, &s->data_byte_io, -1);
    memory_region_add_subregion(io, 0x2000, &s->irq_io);
    memory_region_add_subregion(mem, PC_TESTDEV_IOMEM_BASE, &s->iomem_mr);
}
