/* Private to the IDE files (ide-core.c, ide-atapi.c, ide-bmdma.c,
 * ide-piix.c, ide-isa.c). */
#ifndef BMX_HW_IDE_INTERNAL_H
#define BMX_HW_IDE_INTERNAL_H

#include "hw.h"

/* ATA commands */
#define WIN_NOP                0x00
#define CFA_REQ_EXT_ERROR_CODE 0x03
#define WIN_DEVICE_RESET       0x08
#define WIN_RECAL              0x10
#define WIN_READ               0x20
#define WIN_READ_ONCE          0x21
#define WIN_READ_EXT           0x24
#define WIN_READDMA_EXT        0x25
#define WIN_MULTREAD_EXT       0x29
#define WIN_WRITE              0x30
#define WIN_WRITE_ONCE         0x31
#define WIN_WRITE_EXT          0x34
#define WIN_WRITEDMA_EXT       0x35
#define WIN_MULTWRITE_EXT      0x39
#define WIN_VERIFY             0x40
#define WIN_VERIFY_ONCE        0x41
#define WIN_VERIFY_EXT         0x42
#define WIN_SEEK               0x70
#define WIN_DIAGNOSE           0x90
#define WIN_SPECIFY            0x91 /* INITIALIZE DEVICE PARAMETERS */
#define WIN_PACKETCMD          0xa0
#define WIN_PIDENTIFY          0xa1
#define WIN_MULTREAD           0xc4
#define WIN_MULTWRITE          0xc5
#define WIN_SETMULT            0xc6
#define WIN_READDMA            0xc8
#define WIN_READDMA_ONCE       0xc9
#define WIN_WRITEDMA           0xca
#define WIN_WRITEDMA_ONCE      0xcb
#define WIN_STANDBYNOW2        0xe0
#define WIN_IDLEIMMEDIATE2     0xe1
#define WIN_STANDBY2           0xe2
#define WIN_SETIDLE2           0xe3
#define WIN_CHECKPOWERMODE2    0xe5
#define WIN_SLEEPNOW2          0xe6
#define WIN_FLUSH_CACHE        0xe7
#define WIN_IDENTIFY           0xec
#define WIN_FLUSH_CACHE_EXT    0xea
#define WIN_SETFEATURES        0xef
#define WIN_STANDBYNOW1        0x94
#define WIN_IDLEIMMEDIATE      0x95
#define WIN_CHECKPOWERMODE1    0x98

/* ATAPI sense keys and additional sense codes */
#define SENSE_NONE                  0
#define SENSE_NOT_READY             2
#define SENSE_MEDIUM_ERROR          3
#define SENSE_ILLEGAL_REQUEST       5
#define SENSE_UNIT_ATTENTION        6
#define ASC_INV_FIELD_IN_CMD_PACKET 0x24
#define ASC_ILLEGAL_OPCODE          0x20
#define ASC_LOGICAL_BLOCK_OOR       0x21
#define ASC_MEDIUM_NOT_PRESENT      0x3a
#define ASC_READ_ERROR              0x11
#define ASC_MEDIA_REMOVAL_PREVENTED 0x53

static inline IDEState *idebus_active_if(IDEBus *bus)
{
    return &bus->ifs[bus->unit];
}

/* ide-core.c */
void ide_set_irq(IDEBus *bus);
void ide_transfer_start(IDEState *s, uint8_t *buf, uint32_t size,
                        EndTransferFunc *end);
void ide_transfer_stop(IDEState *s);
void ide_abort_command(IDEState *s);
void ide_set_signature(IDEState *s);
void ide_padstr(char *dst, const char *src, int len);
void ide_drive_reset(IDEState *s);
/* Puts sector_num in the address registers (CHS, LBA28 or LBA48). */
void ide_set_sector(IDEState *s, uint64_t sector_num);
unsigned ide_xfer_bits(const IDEState *s, unsigned kind);
/* Starts a DMA command: runs at once if the bus master is started. */
void ide_start_dma(IDEState *s, IDEDMACmd cmd);

/* ide-atapi.c */
void ide_atapi_identify(IDEState *s);
void ide_atapi_cmd(IDEState *s);
void ide_atapi_dma_run(IDEState *s);

/* ide-bmdma.c */
/* Moves up to len bytes between buf and guest memory along the PRD table
 * (to_memory: buf -> guest). Returns the bytes moved (less when the PRDs
 * end first), or -1 when an access failed (BM_STATUS_ERROR is set). */
long bmdma_rw_buf(BMDMAState *bm, uint8_t *buf, uint32_t len, bool to_memory);
/* The PRD table's walk from its start. */
void bmdma_rewind(BMDMAState *bm);
/* The transfer is done: clear ACTIVE unless the PRDs go on. */
void bmdma_set_inactive(BMDMAState *bm, bool more);
void ide_dma_run(IDEState *s);
/* A channel's 8 registers (offset 0 command, 2 status, 4 PRD address). */
uint64_t bmdma_read(BMDMAState *bm, hwaddr addr, unsigned size);
void bmdma_write(BMDMAState *bm, hwaddr addr, uint64_t val, unsigned size);

#endif
