/*
 * The decode memo (deviation D52): the last decoded op per slot of a small
 * direct-mapped table, keyed by the instruction's first bytes, the TB flags
 * and the decoder's settings, and checked against all its bytes. What an
 * instruction decodes to depends on its address only through eip, next_eip
 * and a relative branch's target, which are recomputed. When the TB cache
 * is flushed or a TB invalidated, code translated again (a working set
 * larger than the op pool, code next to data being written, the same
 * instruction at many addresses: random code sweeps through zeroed RAM) is
 * copied from here instead of decoded. Because the bytes are compared, an
 * entry is never stale: nothing invalidates it.
 */
#include <string.h>

#include "target-i386/translate.h"

#ifndef BMX_DECODE_MEMO
#define BMX_DECODE_MEMO 1024
#endif

#if BMX_DECODE_MEMO > 0
_Static_assert((BMX_DECODE_MEMO & (BMX_DECODE_MEMO - 1)) == 0,
               "-Ddecode_memo: a power of two");

typedef struct DecodeMemo {
    uint32_t hflags;
    uint16_t ctx; /* x86_decode_ctx; 0: empty */
    uint8_t end;  /* what the decoder returned: ends the TB */
    uint8_t rel;  /* op->imm is a relative branch's target */
    uint8_t bytes[16];
    X86Op op;
} DecodeMemo;

static DecodeMemo decode_memo[BMX_DECODE_MEMO];
uint32_t x86_decode_memo_hits;

static inline DecodeMemo *memo_slot(const uint8_t *code, uint32_t hflags)
{
    uint32_t w = (uint32_t)code[0] | (uint32_t)code[1] << 8 |
                 (uint32_t)code[2] << 16 | (uint32_t)code[3] << 24;
    uint32_t h = (w ^ (hflags * 0x85ebca6bu)) * 0x9e3779b1u;
    return &decode_memo[h >> (32 - __builtin_ctz(BMX_DECODE_MEMO))];
}

int x86_decode_memo_get(uint32_t eip, uint32_t ipmask, uint32_t hflags,
                        uint16_t ctx, const uint8_t *code, size_t avail,
                        X86Op *op)
{
    const DecodeMemo *m;
    uint32_t next;

    if (avail < 4) {
        return -1;
    }
    m = memo_slot(code, hflags);
    if (m->ctx != ctx || m->hflags != hflags || m->op.len > avail ||
        eip + m->op.len - 1 > ipmask ||
        memcmp(m->bytes, code, m->op.len) != 0) {
        return -1;
    }
    *op = m->op;
    next = (eip + op->len) & ipmask;
    if (m->rel) {
        /* the target is next_eip + rel, masked as the decoder did */
        uint32_t t = op->imm - op->next_eip + next;
        op->imm = op->dflag == 1 ? t & 0xffff : t;
    }
    op->eip = eip;
    op->next_eip = next;
    x86_decode_memo_hits++;
    return m->end;
}

void x86_decode_memo_put(uint32_t hflags, uint16_t ctx, const uint8_t *code,
                         size_t avail, const X86Op *op, int end, bool rel)
{
    DecodeMemo *m;

    if (avail < 4 || op->len == 0 || op->len > sizeof(m->bytes) ||
        op->len > avail) {
        return;
    }
    m = memo_slot(code, hflags);
    m->hflags = hflags;
    m->ctx = ctx;
    m->end = (uint8_t)end;
    m->rel = rel;
    memcpy(m->bytes, code, op->len);
    m->op = *op;
}

void x86_decode_memo_flush(void)
{
    memset(decode_memo, 0, sizeof(decode_memo));
}

#else

uint32_t x86_decode_memo_hits;

int x86_decode_memo_get(uint32_t eip, uint32_t ipmask, uint32_t hflags,
                        uint16_t ctx, const uint8_t *code, size_t avail,
                        X86Op *op)
{
    (void)eip, (void)ipmask, (void)hflags, (void)ctx, (void)code;
    (void)avail, (void)op;
    return -1;
}

void x86_decode_memo_put(uint32_t hflags, uint16_t ctx, const uint8_t *code,
                         size_t avail, const X86Op *op, int end, bool rel)
{
    (void)hflags, (void)ctx, (void)code, (void)avail, (void)op, (void)end;
    (void)rel;
}

void x86_decode_memo_flush(void)
{
}

#endif
