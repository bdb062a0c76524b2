/*
 * The Thumb-2 instruction encoder: each function appends one instruction
 * (one or two halfwords) to a TCGContext. Encodings from the ARMv7-M
 * Architecture Reference Manual (the same on ARMv8-M Mainline); every form
 * is checked against GNU as by tests/tcg/test-thumb2-enc.c.
 */
#include "tcg/thumb2/thumb2.h"

void tcg_ctx_init(TCGContext *s, tcg_insn_unit *buf, size_t units)
{
    s->code_buf = s->code_ptr = buf;
    s->code_end = buf + units;
    s->overflow = false;
}

void tcg_out16(TCGContext *s, uint16_t hw)
{
    if (s->code_ptr >= s->code_end) {
        s->overflow = true;
        return;
    }
    *s->code_ptr++ = hw;
}

void tcg_out32(TCGContext *s, uint16_t hw1, uint16_t hw2)
{
    if (s->code_end - s->code_ptr < 2) {
        s->overflow = true;
        return;
    }
    s->code_ptr[0] = hw1;
    s->code_ptr[1] = hw2;
    s->code_ptr += 2;
}

int tcg_t2_imm12(uint32_t v)
{
    uint32_t b = v & 0xff;

    if (v == b) {
        return (int)b; /* 000000XY */
    }
    if (v == (b | b << 16)) {
        return (int)(0x100 | b); /* 00XY00XY */
    }
    if (v == (((v >> 8) & 0xff) * 0x01000100u)) {
        return (int)(0x200 | ((v >> 8) & 0xff)); /* XY00XY00 */
    }
    if (v == b * 0x01010101u) {
        return (int)(0x300 | b); /* XYXYXYXY */
    }
    /* an 8-bit value 1bcdefgh rotated right by 8..31 */
    for (unsigned rot = 8; rot < 32; rot++) {
        uint32_t u = (v << rot) | (v >> (32 - rot)); /* rotate left back */
        if (u >= 0x80 && u <= 0xff) {
            return (int)((rot << 7) | (u & 0x7f));
        }
    }
    return -1;
}

/* hw1 bits 10 (i) and hw2 bits 14-12 (imm3), 7-0 (imm8) of an imm12 */
static inline uint16_t imm12_hi(unsigned imm12)
{
    return (uint16_t)((imm12 >> 11) << 10);
}
static inline uint16_t imm12_lo(unsigned imm12)
{
    return (uint16_t)((((imm12 >> 8) & 7) << 12) | (imm12 & 0xff));
}

static void out_mov16(TCGContext *s, uint16_t base, TCGReg rd, uint16_t imm)
{
    tcg_out32(s, (uint16_t)(base | ((imm >> 11) & 1) << 10 | imm >> 12),
              (uint16_t)(((imm >> 8) & 7) << 12 | rd << 8 | (imm & 0xff)));
}

void tcg_out_movw(TCGContext *s, TCGReg rd, uint16_t imm)
{
    out_mov16(s, 0xf240, rd, imm);
}

void tcg_out_movt(TCGContext *s, TCGReg rd, uint16_t imm)
{
    out_mov16(s, 0xf2c0, rd, imm);
}

void tcg_out_mov_reg(TCGContext *s, TCGReg rd, TCGReg rm)
{
    tcg_out16(s, (uint16_t)(0x4600 | (rd >> 3) << 7 | rm << 3 | (rd & 7)));
}

void tcg_out_movi32(TCGContext *s, TCGReg rd, uint32_t v)
{
    int imm = tcg_t2_imm12(v);
    if (imm >= 0) { /* MOV.W rd, #imm */
        tcg_out32(s, 0xf04f | imm12_hi(imm), imm12_lo(imm) | rd << 8);
        return;
    }
    imm = tcg_t2_imm12(~v);
    if (imm >= 0) { /* MVN rd, #imm */
        tcg_out32(s, 0xf06f | imm12_hi(imm), imm12_lo(imm) | rd << 8);
        return;
    }
    tcg_out_movw(s, rd, (uint16_t)v);
    if (v >> 16) {
        tcg_out_movt(s, rd, (uint16_t)(v >> 16));
    }
}

bool tcg_out_dat_imm(TCGContext *s, ARMArith op, bool set_flags, TCGReg rd,
                     TCGReg rn, uint32_t imm)
{
    int e = tcg_t2_imm12(imm);
    if (e < 0) {
        return false;
    }
    tcg_out32(s,
              (uint16_t)(0xf000 | imm12_hi(e) | op << 5 | set_flags << 4 | rn),
              (uint16_t)(imm12_lo(e) | rd << 8));
    return true;
}

void tcg_out_dat_reg(TCGContext *s, ARMArith op, bool set_flags, TCGReg rd,
                     TCGReg rn, TCGReg rm, ARMShift sh, unsigned amount)
{
    amount &= 31; /* LSR/ASR #32 are encoded as 0 */
    tcg_out32(s, (uint16_t)(0xea00 | op << 5 | set_flags << 4 | rn),
              (uint16_t)((amount >> 2) << 12 | rd << 8 | (amount & 3) << 6 |
                         sh << 4 | rm));
}

void tcg_out_addw(TCGContext *s, TCGReg rd, TCGReg rn, unsigned imm12)
{
    tcg_out32(s, (uint16_t)(0xf200 | imm12_hi(imm12) | rn),
              (uint16_t)(imm12_lo(imm12) | rd << 8));
}

void tcg_out_subw(TCGContext *s, TCGReg rd, TCGReg rn, unsigned imm12)
{
    tcg_out32(s, (uint16_t)(0xf2a0 | imm12_hi(imm12) | rn),
              (uint16_t)(imm12_lo(imm12) | rd << 8));
}

/* The flag-only forms write rd = PC (1111): CMP is SUBS, TST is ANDS. */
bool tcg_out_cmp_imm(TCGContext *s, TCGReg rn, uint32_t imm)
{
    return tcg_out_dat_imm(s, ARITH_SUB, true, TCG_REG_PC, rn, imm);
}

void tcg_out_cmp_reg(TCGContext *s, TCGReg rn, TCGReg rm)
{
    tcg_out_dat_reg(s, ARITH_SUB, true, TCG_REG_PC, rn, rm, SHIFT_LSL, 0);
}

bool tcg_out_tst_imm(TCGContext *s, TCGReg rn, uint32_t imm)
{
    return tcg_out_dat_imm(s, ARITH_AND, true, TCG_REG_PC, rn, imm);
}

void tcg_out_tst_reg(TCGContext *s, TCGReg rn, TCGReg rm)
{
    tcg_out_dat_reg(s, ARITH_AND, true, TCG_REG_PC, rn, rm, SHIFT_LSL, 0);
}

/* MOV with a shifted register is ORR with rn = PC (1111). */
void tcg_out_shift_imm(TCGContext *s, ARMShift sh, bool set_flags, TCGReg rd,
                       TCGReg rm, unsigned amount)
{
    tcg_out_dat_reg(s, ARITH_ORR, set_flags, rd, TCG_REG_PC, rm, sh, amount);
}

void tcg_out_shift_reg(TCGContext *s, ARMShift sh, bool set_flags, TCGReg rd,
                       TCGReg rn, TCGReg rm)
{
    tcg_out32(s, (uint16_t)(0xfa00 | sh << 5 | set_flags << 4 | rn),
              (uint16_t)(0xf000 | rd << 8 | rm));
}

/* hw1 of the 32-bit loads/stores with a register base: bits 8-4 are
 * S(ign) 0 size(2) L; | 0x80 selects the 12-bit positive offset form. */
static uint16_t ldst_hw1(ARMLdSt w, bool load, TCGReg rn)
{
    static const uint16_t sz[] = {
        [LDST_UB] = 0x000, [LDST_UH] = 0x020, [LDST_UL] = 0x040,
        [LDST_SB] = 0x100, [LDST_SH] = 0x120,
    };
    return (uint16_t)(0xf800 | sz[w] | (load ? 0x10 : 0) | rn);
}

static void out_ldst(TCGContext *s, ARMLdSt w, bool load, TCGReg rt, TCGReg rn,
                     int off)
{
    if (off >= 0) { /* T3: [rn, #imm12] */
        tcg_out32(s, ldst_hw1(w, load, rn) | 0x80,
                  (uint16_t)(rt << 12 | (unsigned)off));
    } else { /* T4: [rn, #-imm8], P=1 U=0 W=0 */
        tcg_out32(s, ldst_hw1(w, load, rn),
                  (uint16_t)(rt << 12 | 0xc00 | (unsigned)-off));
    }
}

void tcg_out_ld(TCGContext *s, ARMLdSt w, TCGReg rt, TCGReg rn, int off)
{
    out_ldst(s, w, true, rt, rn, off);
}

/* LDRD/STRD T1, offset form (P = 1, W = 0); U is the offset's sign */
static void out_ldstrd(TCGContext *s, bool load, TCGReg rt, TCGReg rt2,
                       TCGReg rn, int off)
{
    bool up = off >= 0;
    unsigned imm8 = (unsigned)(up ? off : -off) >> 2;
    tcg_out32(s, (uint16_t)(0xe940 | up << 7 | load << 4 | rn),
              (uint16_t)(rt << 12 | rt2 << 8 | imm8));
}

void tcg_out_ldrd(TCGContext *s, TCGReg rt, TCGReg rt2, TCGReg rn, int off)
{
    out_ldstrd(s, true, rt, rt2, rn, off);
}

void tcg_out_strd(TCGContext *s, TCGReg rt, TCGReg rt2, TCGReg rn, int off)
{
    out_ldstrd(s, false, rt, rt2, rn, off);
}

void tcg_out_st(TCGContext *s, ARMLdSt w, TCGReg rt, TCGReg rn, int off)
{
    out_ldst(s, w, false, rt, rn, off);
}

void tcg_out_ld_reg(TCGContext *s, ARMLdSt w, TCGReg rt, TCGReg rn, TCGReg rm,
                    unsigned shift)
{
    tcg_out32(s, ldst_hw1(w, true, rn), (uint16_t)(rt << 12 | shift << 4 | rm));
}

void tcg_out_st_reg(TCGContext *s, ARMLdSt w, TCGReg rt, TCGReg rn, TCGReg rm,
                    unsigned shift)
{
    tcg_out32(s, ldst_hw1(w, false, rn),
              (uint16_t)(rt << 12 | shift << 4 | rm));
}

void tcg_out_ext(TCGContext *s, ARMExt e, TCGReg rd, TCGReg rm)
{
    /* SXTH 0xfa0f, UXTH 0xfa1f, SXTB 0xfa4f, UXTB 0xfa5f; rotation 0 */
    tcg_out32(s, (uint16_t)(0xfa0f | (e & 1) << 4 | (e >> 1) << 6),
              (uint16_t)(0xf080 | rd << 8 | rm));
}

/* The bitfield forms: lsb and width (1..32-lsb) as the assembler's. */
void tcg_out_bfi(TCGContext *s, TCGReg rd, TCGReg rn, unsigned lsb,
                 unsigned width)
{
    tcg_out32(s, (uint16_t)(0xf360 | rn),
              (uint16_t)((lsb >> 2) << 12 | rd << 8 | (lsb & 3) << 6 |
                         (lsb + width - 1)));
}

static void out_bfx(TCGContext *s, uint16_t hw1, TCGReg rd, TCGReg rn,
                    unsigned lsb, unsigned width)
{
    tcg_out32(s, (uint16_t)(hw1 | rn),
              (uint16_t)((lsb >> 2) << 12 | rd << 8 | (lsb & 3) << 6 |
                         (width - 1)));
}

void tcg_out_ubfx(TCGContext *s, TCGReg rd, TCGReg rn, unsigned lsb,
                  unsigned width)
{
    out_bfx(s, 0xf3c0, rd, rn, lsb, width);
}

void tcg_out_sbfx(TCGContext *s, TCGReg rd, TCGReg rn, unsigned lsb,
                  unsigned width)
{
    out_bfx(s, 0xf340, rd, rn, lsb, width);
}

void tcg_out_mul(TCGContext *s, TCGReg rd, TCGReg rn, TCGReg rm)
{
    tcg_out32(s, (uint16_t)(0xfb00 | rn), (uint16_t)(0xf000 | rd << 8 | rm));
}

void tcg_out_umull(TCGContext *s, TCGReg lo, TCGReg hi, TCGReg rn, TCGReg rm)
{
    tcg_out32(s, (uint16_t)(0xfba0 | rn), (uint16_t)(lo << 12 | hi << 8 | rm));
}

void tcg_out_smull(TCGContext *s, TCGReg lo, TCGReg hi, TCGReg rn, TCGReg rm)
{
    tcg_out32(s, (uint16_t)(0xfb80 | rn), (uint16_t)(lo << 12 | hi << 8 | rm));
}

bool tcg_out_b_ok(int32_t disp)
{
    return !(disp & 1) && disp >= -(1 << 24) && disp < (1 << 24);
}

bool tcg_out_bcond_ok(int32_t disp)
{
    return !(disp & 1) && disp >= -(1 << 20) && disp < (1 << 20);
}

/* B.W / BL (T4 / T1): S:I1:I2:imm10:imm11, J1 = ~I1 ^ S, J2 = ~I2 ^ S */
static void enc_b(tcg_insn_unit *p, int32_t disp, bool link)
{
    uint32_t d = (uint32_t)disp >> 1;
    unsigned sgn = (d >> 23) & 1;
    unsigned j1 = !((d >> 22) & 1) ^ sgn, j2 = !((d >> 21) & 1) ^ sgn;

    p[0] = (uint16_t)(0xf000 | sgn << 10 | ((d >> 11) & 0x3ff));
    p[1] = (uint16_t)((link ? 0xd000 : 0x9000) | j1 << 13 | j2 << 11 |
                      (d & 0x7ff));
}

void tcg_patch_b(tcg_insn_unit *p, int32_t disp, bool link)
{
    enc_b(p, disp, link);
}

static void out_b(TCGContext *s, int32_t disp, bool link)
{
    tcg_insn_unit hw[2];
    enc_b(hw, disp, link);
    tcg_out32(s, hw[0], hw[1]);
}

void tcg_out_b(TCGContext *s, int32_t disp)
{
    out_b(s, disp, false);
}

void tcg_out_bl(TCGContext *s, int32_t disp)
{
    out_b(s, disp, true);
}

/* B<c>.W (T3): S:J2:J1:imm6:imm11 */
void tcg_out_bcond(TCGContext *s, ARMCond c, int32_t disp)
{
    uint32_t d = (uint32_t)disp >> 1;
    tcg_out32(s,
              (uint16_t)(0xf000 | ((d >> 19) & 1) << 10 | c << 6 |
                         ((d >> 11) & 0x3f)),
              (uint16_t)(0x8000 | ((d >> 17) & 1) << 13 |
                         ((d >> 18) & 1) << 11 | (d & 0x7ff)));
}

void tcg_out_b16(TCGContext *s, int32_t disp)
{
    tcg_out16(s, (uint16_t)(0xe000 | (((uint32_t)disp >> 1) & 0x7ff)));
}

void tcg_out_bcond16(TCGContext *s, ARMCond c, int32_t disp)
{
    tcg_out16(s, (uint16_t)(0xd000 | c << 8 | (((uint32_t)disp >> 1) & 0xff)));
}

void tcg_out_cbz(TCGContext *s, bool nz, TCGReg rn, int32_t disp)
{
    uint32_t d = (uint32_t)disp >> 1; /* i:imm5 */
    tcg_out16(s, (uint16_t)(0xb100 | nz << 11 | (d >> 5 & 1) << 9 |
                            (d & 0x1f) << 3 | rn));
}

void tcg_out_bx(TCGContext *s, TCGReg rm)
{
    tcg_out16(s, (uint16_t)(0x4700 | rm << 3));
}

void tcg_out_blx(TCGContext *s, TCGReg rm)
{
    tcg_out16(s, (uint16_t)(0x4780 | rm << 3));
}

/* mask: for each further instruction, from bit 3 down, firstcond's low
 * bit ('t') or its inverse ('e'), then a 1 that ends the block */
void tcg_out_it(TCGContext *s, ARMCond firstcond, const char *then_else)
{
    unsigned mask = 0, bit = 3, fc0 = firstcond & 1;
    for (const char *p = then_else; *p && bit > 0; p++, bit--) {
        mask |= (*p == 't' ? fc0 : !fc0) << bit;
    }
    mask |= 1u << bit;
    tcg_out16(s, (uint16_t)(0xbf00 | firstcond << 4 | mask));
}

/* single registers go as STR/LDR with writeback, as GNU as encodes them */
void tcg_out_push(TCGContext *s, uint16_t regs)
{
    if (!(regs & ~0x40ffu)) {
        tcg_out16(s,
                  (uint16_t)(0xb400 | ((regs >> 14) & 1) << 8 | (regs & 0xff)));
    } else if (!(regs & (regs - 1))) {
        tcg_out32(s, 0xf84d, (uint16_t)(__builtin_ctz(regs) << 12 | 0xd04));
    } else {
        tcg_out32(s, 0xe92d, regs);
    }
}

void tcg_out_pop(TCGContext *s, uint16_t regs)
{
    if (!(regs & ~0x80ffu)) {
        tcg_out16(s,
                  (uint16_t)(0xbc00 | ((regs >> 15) & 1) << 8 | (regs & 0xff)));
    } else if (!(regs & (regs - 1))) {
        tcg_out32(s, 0xf85d, (uint16_t)(__builtin_ctz(regs) << 12 | 0xb04));
    } else {
        tcg_out32(s, 0xe8bd, regs);
    }
}

void tcg_out_nop(TCGContext *s)
{
    tcg_out16(s, 0xbf00);
}
