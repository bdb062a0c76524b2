/*
 * The code generator's interface to the engine (tcg/tb-maint.c,
 * tcg/cpu-exec.c) and its tests: generate a TB, run generated TBs,
 * link and unlink their direct exits. docs/codegen.md.
 */
#ifndef BMX_TCG_THUMB2_JIT_H
#define BMX_TCG_THUMB2_JIT_H

#include "tcg/tb.h"

typedef enum {
    TCG_GEN_OK,     /* tb->tc_ptr is its code */
    TCG_GEN_INTERP, /* an op it cannot run: the interpreter keeps the TB */
    TCG_GEN_FULL,   /* the code buffer is full: flush and translate again */
} TCGGenResult;

/* Generates code for tb's first n_ops ops (the TB's whole op array). */
TCGGenResult tcg_jit_gen(CPUState *cs, TranslationBlock *tb, int n_ops);
/* Whether an op of this kind can be part of a generated TB. */
bool tcg_jit_kind_ok(unsigned kind);
/* Runs tb (which has code) and the TBs it leads to, as x86_run_tb does:
 * returns the last exit's OPX_* code with cs->current_tb the last TB. */
int tcg_jit_exec(CPUState *cs, TranslationBlock *tb);
/* The bookkeeping of one exit of generated code (exit code c, from
 * gen.h): charges the instructions and returns the successor to run, or
 * NULL with *ret the value tcg_jit_exec returns. */
TranslationBlock *tcg_jit_exit_next(CPUState *cs, TranslationBlock *tb,
                                    uint32_t c, int *ret);
/* cpu_exec linked from's exit slot to to (jmp_dest): patch the exit's
 * branch to to's chain entry; tb_invalidate: every exit of tb back to
 * its unchained path. */
void tcg_jit_link(TranslationBlock *from, int slot, TranslationBlock *to);
void tcg_jit_unlink(TranslationBlock *tb);

#endif /* BMX_TCG_THUMB2_JIT_H */
