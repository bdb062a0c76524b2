/*
 * The code buffer (QEMU's code_gen_buffer): a static pool the generated
 * TBs are appended to. It lives in .bss, which every board links into
 * SRAM below 0xA0000000 -- memory the default ARMv7-M/ARMv8-M map lets the
 * core execute (../shared/docs/boards.md), so no MPU region is needed.
 * When it is full the whole TB cache is flushed with it (tb_flush calls
 * tcg_code_reset), as QEMU does.
 */
#include "tcg/thumb2/thumb2.h"

#ifndef BMX_JIT_BUFFER_KIB
#define BMX_JIT_BUFFER_KIB 128
#endif

/* room kept free at the end of a TB's share for its exit code */
#define TCG_CODE_RESERVE 64 /* halfwords */

static tcg_insn_unit
    code_gen_buffer[BMX_JIT_BUFFER_KIB * 1024 / sizeof(tcg_insn_unit)]
    __attribute__((aligned(32)));
tcg_insn_unit *const tcg_code_gen_buffer = code_gen_buffer;
const size_t tcg_code_gen_buffer_units =
    sizeof(code_gen_buffer) / sizeof(code_gen_buffer[0]);

static size_t code_gen_used; /* halfwords */
static TCGCodeSyncHook code_sync_hook;

void tcg_code_set_sync_hook(TCGCodeSyncHook hook)
{
    code_sync_hook = hook;
}

void tcg_code_sync(void *p, size_t len)
{
    if (code_sync_hook) {
        code_sync_hook(p, len); /* D-cache clean, I-cache invalidate */
    }
#if defined(__arm__)
    /* the writes complete before any fetch of the new code */
    __asm__ volatile("dsb 0xf\n\tisb 0xf" ::: "memory");
#endif
}

bool tcg_code_begin(TCGContext *s)
{
    size_t left = tcg_code_gen_buffer_units - code_gen_used;
    if (left <= TCG_CODE_RESERVE) {
        return false;
    }
    tcg_ctx_init(s, code_gen_buffer + code_gen_used, left);
    return true;
}

void *tcg_code_commit(TCGContext *s)
{
    size_t n = (size_t)(s->code_ptr - s->code_buf);
    if (s->overflow) {
        return NULL;
    }
    /* keep the next TB 4-byte aligned: 32-bit instructions and literal
     * loads then never straddle a word */
    code_gen_used = (size_t)(s->code_buf - code_gen_buffer) + ((n + 1) & ~1u);
    tcg_code_sync(s->code_buf, n * sizeof(tcg_insn_unit));
    return (void *)((uintptr_t)s->code_buf | 1); /* Thumb state */
}

void tcg_code_reset(void)
{
    code_gen_used = 0;
}

size_t tcg_code_used(void)
{
    return code_gen_used * sizeof(tcg_insn_unit);
}
