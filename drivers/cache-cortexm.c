/*
 * L1 cache maintenance for code the code generator writes (issue 15).
 * Cortex-M7 and Cortex-M55 have separate L1 I- and D-caches that do not
 * snoop each other: a store of new code may sit in the D-cache while the
 * I-cache still holds the old bytes. After writing code the ARMv7-M and
 * ARMv8-M Architecture Reference Manuals (cache maintenance for
 * self-modifying code) ask for: clean the D-cache by address to the point of
 * unification (DCCMVAU), DSB, invalidate the I-cache by address (ICIMVAU) and
 * the branch predictor (BPIALL), DSB, ISB. The code buffer
 * (emu/tcg/thumb2/code-buffer.c) runs this as its sync hook, then the final DSB
 * and ISB itself.
 *
 * The geometry comes from the core (CLIDR, CSSELR/CCSIDR), never assumed:
 * Cortex-M3/M4/M33 read CLIDR as 0 and get no hook (only the barriers);
 * a board whose core has caches says so (BOARD_L1_CACHES in its header).
 * The maintenance runs whether or not CCR.IC/DC are set: boot/ leaves
 * the caches off, but a board's own boot loader may have enabled them
 * before jumping to us, and the operations cost a few stores per line.
 */
#include <stdio.h>

#include "boot.h"
#include "cortexm-drivers.h"
#include BOARD_HEADER
#include "tcg/thumb2/thumb2.h"

#define SCB_CLIDR   REG32(0xE000ED78u)
#define SCB_CCSIDR  REG32(0xE000ED80u)
#define SCB_CSSELR  REG32(0xE000ED84u)
#define SCB_ICIMVAU REG32(0xE000EF58u)
#define SCB_DCCMVAU REG32(0xE000EF64u)
#define SCB_BPIALL  REG32(0xE000EF78u)

#define CCR_DC (1u << 16)
#define CCR_IC (1u << 17)

/* CLIDR.Ctype1: 1 I only, 2 D only, 3 separate I and D, 4 unified */
#define CLIDR_CTYPE1(v) ((v)&7u)
/* CLIDR.LoUU: 0 means no cache level needs cleaning for the I side */
#define CLIDR_LOUU(v) (((v) >> 27) & 7u)

static uint32_t dline, iline; /* bytes; 0: nothing to do on that side */
static char cache_line_text[192];

/* CCSIDR of the level 1 cache selected by CSSELR.InD: the line size is
 * 2^(LineSize + 2) words. */
static uint32_t l1_line_bytes(bool icache)
{
    SCB_CSSELR = icache ? 1u : 0u; /* Level 0 (L1), InD */
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    return 1u << ((SCB_CCSIDR & 7u) + 4);
}

static void dccmvau(uintptr_t a)
{
    SCB_DCCMVAU = (uint32_t)a;
}

static void icimvau(uintptr_t a)
{
    SCB_ICIMVAU = (uint32_t)a;
}

void cortexm_cache_sync_code(void *p, size_t len)
{
    if (dline) {
        cortexm_cache_for_lines((uintptr_t)p, len, dline, dccmvau);
        __asm__ volatile("dsb" ::: "memory");
    }
    if (iline) {
        cortexm_cache_for_lines((uintptr_t)p, len, iline, icimvau);
        /* and the branch predictor, which may remember branches of the
         * old code (a no-op where it is invisible to software) */
        SCB_BPIALL = 0;
    }
    /* tcg_code_sync ends with DSB and ISB */
}

const char *cortexm_cache_init(void)
{
    uint32_t clidr = SCB_CLIDR;
    uint32_t ctype = CLIDR_CTYPE1(clidr);
    bool has_i = ctype == 1 || ctype == 3;
    bool has_d = ctype == 2 || ctype == 3 || ctype == 4;
    bool dclean = has_d && CLIDR_LOUU(clidr) != 0;
    const char *how = "";

#ifdef BOARD_L1_CACHES
    /* The board's core has its L1 caches (they are optional on the
     * Cortex-M7 and M55), yet CLIDR reads 0: QEMU's model, which keeps no
     * caches and treats the operations as no-ops. Maintain anyway, so the
     * board runs execute the same code as the hardware; CCSIDR then reads
     * 0 too, which decodes as 16-byte lines, the smallest there is, so no
     * line is ever skipped. */
    if (!has_i && !has_d) {
        has_i = dclean = true;
        how = " (CLIDR reads 0, as in QEMU: maintained by the board's core)";
    }
#endif
    if (!has_i && !dclean) {
        return NULL; /* Cortex-M3/M4/M33: no caches, only the barriers */
    }
    /* a unified cache needs no I-side invalidate, a LoUU of 0 no clean */
    dline = dclean ? l1_line_bytes(false) : 0;
    iline = has_i ? l1_line_bytes(true) : 0;
    tcg_code_set_sync_hook(cortexm_cache_sync_code);
    /* Reset_Handler zeroed the code buffer through the D-cache if a boot
     * loader left it on, and the I-cache may hold lines from before the
     * reset: start from a coherent buffer (this also runs the hook once
     * on every boot, where a fault would show at once). */
    tcg_code_sync(tcg_code_gen_buffer,
                  tcg_code_gen_buffer_units * sizeof(tcg_insn_unit));
    uint32_t ccr = SCB_CCR;
    snprintf(cache_line_text, sizeof(cache_line_text),
             "caches: L1 I %lu B lines (%s), D %lu B lines (%s); generated "
             "code: D clean, I invalidate by line%s",
             (unsigned long)iline, (ccr & CCR_IC) ? "on" : "off",
             (unsigned long)dline, (ccr & CCR_DC) ? "on" : "off", how);
    return cache_line_text;
}
