/* Private to emu/block: the overlay's entry points for block-backend.c. */
#ifndef BMX_BLOCK_INTERNAL_H
#define BMX_BLOCK_INTERNAL_H

#include "block.h"

extern BlockBackend blk_backends[BLK_MAX_BACKENDS];

/* Reads sectors [sector, sector + n): overlay clusters where written, the
 * driver's image elsewhere (runs of image sectors in one driver call). */
int cow_read(BlockBackend *blk, uint64_t sector, uint32_t n, uint8_t *buf);
/* Writes into the overlay; all or nothing (-ENOSPC before any change). */
int cow_write(BlockBackend *blk, uint64_t sector, uint32_t n,
              const uint8_t *buf);
/* Drops every cluster of blk. */
void cow_drop(BlockBackend *blk);
void cow_reset(void);

#endif
