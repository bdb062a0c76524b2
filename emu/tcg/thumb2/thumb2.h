/*
 * emu/tcg/thumb2: the Thumb-2 code generator for ARMv7-M and ARMv8-M
 * (issue 15), a back end beside the interpreter (target-i386/run.c). It
 * reads the same ops (target-i386/ops.h) and will emit Thumb-2 code for a
 * TB instead of running them; the interpreter stays the reference and the
 * fallback for every TB the generator does not cover.
 *
 * Three parts, each usable on its own (and built and unit tested hosted,
 * where nothing generated is ever run):
 *   - the instruction encoder (tcg-target-enc.c): small functions that
 *     append Thumb-2 halfwords to a TCGContext's code buffer, in the
 *     spirit of QEMU's tcg/arm/tcg-target.c.inc (which emits ARM-mode
 *     code: QEMU has no Thumb-2 back end);
 *   - the code buffer (code-buffer.c): QEMU's code_gen_buffer, a static
 *     pool in RAM the core may execute, flushed together with the TB
 *     cache when full, made visible to instruction fetch after writing;
 *   - the generator proper, per TB (gen.c).
 */
#ifndef BMX_TCG_THUMB2_H
#define BMX_TCG_THUMB2_H

#include "util/util.h"

/* Thumb code is a stream of halfwords; a 32-bit instruction is two, the
 * first (hw1) at the lower address. */
typedef uint16_t tcg_insn_unit;

typedef enum {
    TCG_REG_R0,
    TCG_REG_R1,
    TCG_REG_R2,
    TCG_REG_R3,
    TCG_REG_R4,
    TCG_REG_R5,
    TCG_REG_R6,
    TCG_REG_R7,
    TCG_REG_R8,
    TCG_REG_R9,
    TCG_REG_R10,
    TCG_REG_R11,
    TCG_REG_R12,
    TCG_REG_SP,
    TCG_REG_LR,
    TCG_REG_PC,
} TCGReg;

/* Condition codes, the architecture's values (QEMU's tcg/arm names). */
typedef enum {
    COND_EQ,
    COND_NE,
    COND_CS,
    COND_CC,
    COND_MI,
    COND_PL,
    COND_VS,
    COND_VC,
    COND_HI,
    COND_LS,
    COND_GE,
    COND_LT,
    COND_GT,
    COND_LE,
    COND_AL,
} ARMCond;

/* Data-processing operations: the 4-bit op field shared by the
 * modified-immediate and shifted-register encodings. */
typedef enum {
    ARITH_AND = 0x0,
    ARITH_BIC = 0x1,
    ARITH_ORR = 0x2,
    ARITH_ORN = 0x3,
    ARITH_EOR = 0x4,
    ARITH_ADD = 0x8,
    ARITH_ADC = 0xa,
    ARITH_SBC = 0xb,
    ARITH_SUB = 0xd,
    ARITH_RSB = 0xe,
} ARMArith;

/* Shift types of a shifted register operand. */
typedef enum {
    SHIFT_LSL,
    SHIFT_LSR,
    SHIFT_ASR,
    SHIFT_ROR,
} ARMShift;

/* Extensions (UXTB ... SXTH). */
typedef enum {
    EXT_SXTH,
    EXT_UXTH,
    EXT_SXTB,
    EXT_UXTB,
} ARMExt;

/* Load/store widths: the size and signedness of LDR/STR{B,H,SB,SH}. */
typedef enum {
    LDST_UB,
    LDST_UH,
    LDST_UL,
    LDST_SB,
    LDST_SH,
} ARMLdSt;

/*
 * Where the encoder writes: [code_ptr, code_end) is the room left. An
 * instruction that does not fit sets overflow and is not written (the
 * caller gives up on the TB, flushes and translates again, as QEMU's
 * tb_gen_code does on a full buffer); code_ptr never passes code_end.
 */
typedef struct TCGContext {
    tcg_insn_unit *code_buf; /* start of the code being generated */
    tcg_insn_unit *code_ptr; /* next halfword */
    tcg_insn_unit *code_end;
    bool overflow;
} TCGContext;

void tcg_ctx_init(TCGContext *s, tcg_insn_unit *buf, size_t units);

/* ---- the encoder (tcg-target-enc.c) ---- */
/* The 12-bit Thumb-2 "modified immediate" (i:imm3:imm8) for v, or -1 if v
 * has none (ARMv7-M ARM A5.3.2). */
int tcg_t2_imm12(uint32_t v);

void tcg_out16(TCGContext *s, uint16_t hw);
void tcg_out32(TCGContext *s, uint16_t hw1, uint16_t hw2);

void tcg_out_movw(TCGContext *s, TCGReg rd, uint16_t imm);
void tcg_out_movt(TCGContext *s, TCGReg rd, uint16_t imm);
/* MOV rd, rm (16-bit, any registers, flags untouched) */
void tcg_out_mov_reg(TCGContext *s, TCGReg rd, TCGReg rm);
/* Loads any 32-bit constant: MOV/MVN with a modified immediate when one
 * fits, else MOVW and (if the top half is not 0) MOVT. Flags untouched. */
void tcg_out_movi32(TCGContext *s, TCGReg rd, uint32_t v);
/* rd = rn OP imm; false (nothing written) if imm has no modified
 * immediate. set_flags: the S bit. */
bool tcg_out_dat_imm(TCGContext *s, ARMArith op, bool set_flags, TCGReg rd,
                     TCGReg rn, uint32_t imm);
/* rd = rn OP (rm SHIFT amount); amount 0-31 (LSR/ASR: 1-32) */
void tcg_out_dat_reg(TCGContext *s, ARMArith op, bool set_flags, TCGReg rd,
                     TCGReg rn, TCGReg rm, ARMShift sh, unsigned amount);
/* ADDW/SUBW rd, rn, #imm12 (0-4095, plain binary; flags untouched) */
void tcg_out_addw(TCGContext *s, TCGReg rd, TCGReg rn, unsigned imm12);
void tcg_out_subw(TCGContext *s, TCGReg rd, TCGReg rn, unsigned imm12);
/* CMP rn, imm / CMN / TST / TEQ: the flag-only forms (false: no
 * modified immediate) */
bool tcg_out_cmp_imm(TCGContext *s, TCGReg rn, uint32_t imm);
void tcg_out_cmp_reg(TCGContext *s, TCGReg rn, TCGReg rm);
bool tcg_out_tst_imm(TCGContext *s, TCGReg rn, uint32_t imm);
void tcg_out_tst_reg(TCGContext *s, TCGReg rn, TCGReg rm);
/* rd = rm SHIFT #amount (MOV with a shifted register); amount as for
 * tcg_out_dat_reg, LSL 0 is a plain MOV.W */
void tcg_out_shift_imm(TCGContext *s, ARMShift sh, bool set_flags, TCGReg rd,
                       TCGReg rm, unsigned amount);
/* rd = rn SHIFT rm (the amount from rm's low byte) */
void tcg_out_shift_reg(TCGContext *s, ARMShift sh, bool set_flags, TCGReg rd,
                       TCGReg rn, TCGReg rm);
/* LDR/STR rt, [rn, #off]: off -255..4095 */
void tcg_out_ld(TCGContext *s, ARMLdSt w, TCGReg rt, TCGReg rn, int off);
/* LDRD/STRD rt, rt2, [rn, #off]: off a multiple of 4 in -1020..1020 */
void tcg_out_ldrd(TCGContext *s, TCGReg rt, TCGReg rt2, TCGReg rn, int off);
void tcg_out_strd(TCGContext *s, TCGReg rt, TCGReg rt2, TCGReg rn, int off);
void tcg_out_st(TCGContext *s, ARMLdSt w, TCGReg rt, TCGReg rn, int off);
/* LDR/STR rt, [rn, rm, LSL #shift]: shift 0-3 */
void tcg_out_ld_reg(TCGContext *s, ARMLdSt w, TCGReg rt, TCGReg rn, TCGReg rm,
                    unsigned shift);
void tcg_out_st_reg(TCGContext *s, ARMLdSt w, TCGReg rt, TCGReg rn, TCGReg rm,
                    unsigned shift);
void tcg_out_ext(TCGContext *s, ARMExt e, TCGReg rd, TCGReg rm);
/* BFI rd, rn, #lsb, #width (rd's bits [lsb, lsb+width) from rn's low
 * bits); UBFX/SBFX rd, rn, #lsb, #width (the field, zero/sign-extended) */
void tcg_out_bfi(TCGContext *s, TCGReg rd, TCGReg rn, unsigned lsb,
                 unsigned width);
void tcg_out_ubfx(TCGContext *s, TCGReg rd, TCGReg rn, unsigned lsb,
                  unsigned width);
void tcg_out_sbfx(TCGContext *s, TCGReg rd, TCGReg rn, unsigned lsb,
                  unsigned width);
void tcg_out_mul(TCGContext *s, TCGReg rd, TCGReg rn, TCGReg rm);
void tcg_out_umull(TCGContext *s, TCGReg lo, TCGReg hi, TCGReg rn, TCGReg rm);
void tcg_out_smull(TCGContext *s, TCGReg lo, TCGReg hi, TCGReg rn, TCGReg rm);
/* Branches. disp is the byte offset from the branch's own address + 4 (the
 * PC it sees), even; the _ok forms tell whether a displacement fits. */
bool tcg_out_b_ok(int32_t disp);     /* B.W, BL: +-16 MiB */
bool tcg_out_bcond_ok(int32_t disp); /* B<c>.W: +-1 MiB */
void tcg_out_b(TCGContext *s, int32_t disp);
void tcg_out_bl(TCGContext *s, int32_t disp);
void tcg_out_bcond(TCGContext *s, ARMCond c, int32_t disp);
void tcg_out_b16(TCGContext *s, int32_t disp);                /* +-2 KiB */
void tcg_out_bcond16(TCGContext *s, ARMCond c, int32_t disp); /* +-256 */
/* CBZ/CBNZ rn (r0-r7): forward only, disp 0..126 */
void tcg_out_cbz(TCGContext *s, bool nz, TCGReg rn, int32_t disp);
void tcg_out_bx(TCGContext *s, TCGReg rm);
void tcg_out_blx(TCGContext *s, TCGReg rm);
/* IT block: firstcond then up to three more instructions, each 't' (same
 * condition) or 'e' (the inverse), as in "ITTE EQ" = (EQ, "te"). */
void tcg_out_it(TCGContext *s, ARMCond firstcond, const char *then_else);
/* PUSH/POP a register mask (bit n = rn): the 16-bit form when it fits
 * (r0-r7 plus LR / PC), else the 32-bit one, as the assembler picks. */
void tcg_out_push(TCGContext *s, uint16_t regs);
void tcg_out_pop(TCGContext *s, uint16_t regs);
void tcg_out_nop(TCGContext *s);
/* Patches the branch at p (a B.W or BL written by tcg_out_b/bl) to disp. */
void tcg_patch_b(tcg_insn_unit *p, int32_t disp, bool link);

/* ---- the code buffer (code-buffer.c) ---- */
/* QEMU's code_gen_buffer: BMX_JIT_BUFFER_KIB KiB, static. */
extern tcg_insn_unit *const tcg_code_gen_buffer;
extern const size_t tcg_code_gen_buffer_units;
/* Starts a TB's code at the buffer's current end: s gets the room left,
 * minus a reserve so the epilogue of a TB always fits. false: the buffer
 * is (nearly) full; the caller flushes (tb_flush resets it). */
bool tcg_code_begin(TCGContext *s);
/* The TB's code [s->code_buf, s->code_ptr) is done: keep it and make it
 * visible to instruction fetch (tcg_code_sync). Returns its entry
 * address with the Thumb bit set, or NULL if it overflowed. */
void *tcg_code_commit(TCGContext *s);
/* Drops every generated TB (called by tb_flush). */
void tcg_code_reset(void);
/* Bytes in use, for statistics. */
size_t tcg_code_used(void);
/* Makes [p, p + len) visible to instruction fetch after writing it:
 * DSB, ISB, and on cores with caches D-cache clean and I-cache
 * invalidate by address. The cache part comes from the host (the board
 * knows its core): tcg_code_set_sync_hook; without a hook only the
 * barriers run (Cortex-M3/M4/M33 without caches). */
void tcg_code_sync(void *p, size_t len);
typedef void (*TCGCodeSyncHook)(void *p, size_t len);
void tcg_code_set_sync_hook(TCGCodeSyncHook hook);

#endif /* BMX_TCG_THUMB2_H */
