/*
 * An IDE channel on the ISA bus (QEMU's isa-ide), for the isapc: the
 * taskfile at iobase, the control register at iobase2, an ISA IRQ, PIO
 * only (ISA has no bus master: DMA commands are aborted and IDENTIFY
 * offers none).
 */
#include "ide-internal.h"

void isa_ide_init(IDEBus *bus, int bus_id, MemoryRegion *io, uint16_t iobase,
                  uint16_t iobase2, qemu_irq irq)
{
    ide_bus_init(bus, bus_id, irq);
    ide_init_ioport(bus, io, iobase, iobase2);
}
