/* Front-end entry points (private to target-i386 and tcg). */
#ifndef BMX_TARGET_I386_TRANSLATE_H
#define BMX_TARGET_I386_TRANSLATE_H

#include "target-i386/ops.h"

/* false: every op calls its handler (no inline kinds, no fused Jcc); the
 * differential test runs the same code both ways. Set before translating
 * (tb_flush after a change). */
extern bool x86_inline_kinds;

/* Decodes one instruction at eip; returns 1 if it ends the TB. */
int x86_decode(CPUX86State *env, uint32_t eip, X86Op *op);
/* Decodes a TB at eip into ops[]; returns the op count and sets *size to
 * the guest bytes covered (for page bookkeeping). */
int x86_translate_block(CPUX86State *env, uint32_t eip, X86Op *ops, int max_ops,
                        uint32_t *size);
/* Runs a TB's ops and the chained TBs after it (cs->current_tb follows);
 * accounts their instructions in cs->icount_left; returns OPX_* of the
 * last exit, from cs->current_tb. */
int x86_run_tb(CPUState *cs, TranslationBlock *tb);
/* Breakpoints at translation (bpt_helper.c): x86_decode for a TB at
 * tb_pc translated with HF_BPT_MASK or HF_IOBPT_MASK. An instruction on
 * an instruction breakpoint ends the TB before it, or is op_bpt (the #DB
 * fault) when it starts the TB without RF. */
int x86_bpt_decode(CPUX86State *env, uint32_t tb_pc, uint32_t pc, X86Op *op);
/* First op of a TB translated with RF set: clears RF (it covers one
 * instruction). */
void x86_rf_clear_op(X86Op *op, uint32_t pc);
OPFN(op_rf_clear);
OPFN(op_bpt);

/* The decode memo (decode-memo.c, D52). get: what decoding the bytes at
 * code (avail of them readable) gave last time, as the op for eip (IP
 * mask ipmask), or -1 if the memo does not hold it. put records a decoded
 * op (rel: its imm is a relative branch's target). ctx: the decoder's
 * settings (translate.c). flush empties the memo. */
int x86_decode_memo_get(uint32_t eip, uint32_t ipmask, uint32_t hflags,
                        uint16_t ctx, const uint8_t *code, size_t avail,
                        X86Op *op);
void x86_decode_memo_put(uint32_t hflags, uint16_t ctx, const uint8_t *code,
                         size_t avail, const X86Op *op, int end, bool rel);
void x86_decode_memo_flush(void);
extern uint32_t x86_decode_memo_hits;

/* Engine glue (run.c). */
/* Fills op->lab from op->kind: the threaded driver jumps through it
 * (direct threading); after any change of kind. */
void x86_set_op_label(X86Op *op);
/* Instructions of a TB begun when an exception left it at env->eip
 * (the interrupted one counts). */
int x86_ops_done(CPUX86State *env, const X86Op *ops, int n_insns);
/* Instructions of the running TB before op (0 outside a TB): with
 * cpu_get_icount, the exact count of instructions retired before op. */
int x86_insns_before(CPUX86State *env, const X86Op *op);
/* eip of the op identified by ra (an X86Op pointer). */
void x86_restore_state_from_op(CPUX86State *env, uintptr_t ra);
/* The running TB was invalidated by a store of the current instruction:
 * make the op after it leave the TB. ra identifies the current op (0: find
 * it by env->eip). */
void x86_tb_stop_after_current(CPUX86State *env, X86Op *ops, int n_ops,
                               uintptr_t ra);
/* in_asm trace of a TB just translated (trace.c); with_bytes false for
 * code in MMIO, which is not read a second time. */
void x86_log_in_asm(CPUX86State *env, uint32_t cs_base, const X86Op *ops, int n,
                    bool with_bytes);
#endif
