/*
 * The front end: decodes x86 instructions into X86Op records (ops.h) for
 * a translation block. Decoding is table driven: one row per opcode gives
 * the handler, whether a ModRM byte follows and what immediate comes
 * after it; prefixes, ModRM/SIB and immediates are resolved here once so
 * the handlers never look at instruction bytes.
 */
#include "target-i386/ops.h"
#include "target-i386/translate.h"
#include "target-i386/fpu-helper.h"

/* Row flags. */
#define M    0x0001 /* ModRM follows */
#define BYTE 0x0002 /* byte operand size */
#define IB   0x0004 /* imm8 (sign-extended by handlers when needed) */
#define IW   0x0008 /* imm16 */
#define IZ   0x0010 /* imm16/32 by operand size */
#define JB   0x0020 /* rel8 branch */
#define JZ   0x0040 /* rel16/32 branch */
#define AP   0x0080 /* far pointer: offset(z) + selector(16) */
#define MO   0x0100 /* memory offset of address size */
#define END  0x0200 /* ends the TB */
#define L486 0x0400 /* needs a 486 */
#define L586 0x0800 /* needs a Pentium */
#define L386 0x1000 /* needs a 386 (absent on the 286 model) */
#define G3   0x2000 /* group 3: imm only for TEST (reg 0/1) */
#define STK  0x4000 /* default operand size is not relevant (keeps dflag) */
#define L686 0x8000 /* needs a P6 */

typedef struct OpRow {
    X86OpFn fn;
    uint16_t f;
} OpRow;

#define ALU(b)                                                                 \
    [b + 0] = {op_alu_eg, M | BYTE}, [b + 1] = {op_alu_eg, M},                 \
         [b + 2] = {op_alu_ge, M | BYTE}, [b + 3] = {op_alu_ge, M},            \
         [b + 4] = {op_alu_ai, BYTE | IB}, [b + 5] = {op_alu_ai, IZ}
#define R8(b, fn, fl)                                                          \
    [b] = {fn, fl}, [b + 1] = {fn, fl}, [b + 2] = {fn, fl},                    \
    [b + 3] = {fn, fl}, [b + 4] = {fn, fl}, [b + 5] = {fn, fl},                \
    [b + 6] = {fn, fl}, [b + 7] = {fn, fl}
#define R16(b, fn, fl) R8(b, fn, fl), R8(b + 8, fn, fl)

static const OpRow op_table[512] = {
    ALU(0x00),
    ALU(0x08),
    ALU(0x10),
    ALU(0x18),
    ALU(0x20),
    ALU(0x28),
    ALU(0x30),
    ALU(0x38),
    [0x06] = {op_push_seg, 0},
    [0x07] = {op_pop_seg, END},
    [0x0e] = {op_push_seg, 0},
    [0x16] = {op_push_seg, 0},
    [0x17] = {op_pop_seg, END},
    [0x1e] = {op_push_seg, 0},
    [0x1f] = {op_pop_seg, END},
    [0x27] = {op_daa, 0},
    [0x2f] = {op_das, 0},
    [0x37] = {op_aaa, 0},
    [0x3f] = {op_aas, 0},
    R8(0x40, op_inc_r, 0),
    R8(0x48, op_dec_r, 0),
    R8(0x50, op_push_r, 0),
    R8(0x58, op_pop_r, 0),
    [0x60] = {op_pusha, 0},
    [0x61] = {op_popa, 0},
    [0x62] = {op_bound, M},
    [0x63] = {op_arpl, M | END},
    [0x68] = {op_push_i, IZ},
    [0x69] = {op_imul_gei, M | IZ},
    [0x6a] = {op_push_i, IB},
    [0x6b] = {op_imul_gei, M | IB},
    [0x6c] = {op_ins, BYTE | END},
    [0x6d] = {op_ins, END},
    [0x6e] = {op_outs, BYTE | END},
    [0x6f] = {op_outs, END},
    R16(0x70, op_jcc, JB | END),
    [0x80] = {op_grp1, M | BYTE | IB},
    [0x81] = {op_grp1, M | IZ},
    [0x82] = {op_grp1, M | BYTE | IB},
    [0x83] = {op_grp1, M | IB},
    [0x84] = {op_test_eg, M | BYTE},
    [0x85] = {op_test_eg, M},
    [0x86] = {op_xchg_eg, M | BYTE},
    [0x87] = {op_xchg_eg, M},
    [0x88] = {op_mov_eg, M | BYTE},
    [0x89] = {op_mov_eg, M},
    [0x8a] = {op_mov_ge, M | BYTE},
    [0x8b] = {op_mov_ge, M},
    [0x8c] = {op_mov_ew_s, M},
    [0x8d] = {op_lea, M},
    [0x8e] = {op_mov_s_ew, M | END},
    [0x8f] = {op_pop_e, M},
    [0x90] = {op_nop, 0},
    [0x91] = {op_xchg_ax, 0},
    [0x92] = {op_xchg_ax, 0},
    [0x93] = {op_xchg_ax, 0},
    [0x94] = {op_xchg_ax, 0},
    [0x95] = {op_xchg_ax, 0},
    [0x96] = {op_xchg_ax, 0},
    [0x97] = {op_xchg_ax, 0},
    [0x98] = {op_cbw, 0},
    [0x99] = {op_cwd, 0},
    [0x9a] = {op_call_far, AP | END},
    [0x9b] = {op_wait, 0},
    [0x9c] = {op_pushf, 0},
    [0x9d] = {op_popf, END},
    [0x9e] = {op_sahf, 0},
    [0x9f] = {op_lahf, 0},
    [0xa0] = {op_mov_a_moffs, BYTE | MO},
    [0xa1] = {op_mov_a_moffs, MO},
    [0xa2] = {op_mov_moffs_a, BYTE | MO},
    [0xa3] = {op_mov_moffs_a, MO},
    [0xa4] = {op_movs, BYTE},
    [0xa5] = {op_movs, 0},
    [0xa6] = {op_cmps, BYTE},
    [0xa7] = {op_cmps, 0},
    [0xa8] = {op_test_ai, BYTE | IB},
    [0xa9] = {op_test_ai, IZ},
    [0xaa] = {op_stos, BYTE},
    [0xab] = {op_stos, 0},
    [0xac] = {op_lods, BYTE},
    [0xad] = {op_lods, 0},
    [0xae] = {op_scas, BYTE},
    [0xaf] = {op_scas, 0},
    R8(0xb0, op_mov_r_i, BYTE | IB),
    R8(0xb8, op_mov_r_i, IZ),
    [0xc0] = {op_shift, M | BYTE | IB},
    [0xc1] = {op_shift, M | IB},
    [0xc2] = {op_ret, IW | END},
    [0xc3] = {op_ret, END},
    [0xc4] = {op_lxs, M | END},
    [0xc5] = {op_lxs, M | END},
    [0xc6] = {op_mov_e_i, M | BYTE | IB},
    [0xc7] = {op_mov_e_i, M | IZ},
    [0xc8] = {op_enter, IW},
    [0xc9] = {op_leave, 0},
    [0xca] = {op_retf, IW | END},
    [0xcb] = {op_retf, END},
    [0xcc] = {op_int3, END},
    [0xcd] = {op_int, IB | END},
    [0xce] = {op_into, END},
    [0xcf] = {op_iret, END},
    [0xd0] = {op_shift, M | BYTE},
    [0xd1] = {op_shift, M},
    [0xd2] = {op_shift, M | BYTE},
    [0xd3] = {op_shift, M},
    [0xd4] = {op_aam, IB},
    [0xd5] = {op_aad, IB},
    [0xd6] = {op_salc, 0},
    [0xd7] = {op_xlat, 0},
    R8(0xd8, op_fpu, M),
    [0xe0] = {op_loop, JB | END},
    [0xe1] = {op_loop, JB | END},
    [0xe2] = {op_loop, JB | END},
    [0xe3] = {op_jcxz, JB | END},
    [0xe4] = {op_in, BYTE | IB | END},
    [0xe5] = {op_in, IB | END},
    [0xe6] = {op_out, BYTE | IB | END},
    [0xe7] = {op_out, IB | END},
    [0xe8] = {op_call, JZ | END},
    [0xe9] = {op_jmp, JZ | END},
    [0xea] = {op_jmp_far, AP | END},
    [0xeb] = {op_jmp, JB | END},
    [0xec] = {op_in, BYTE | END},
    [0xed] = {op_in, END},
    [0xee] = {op_out, BYTE | END},
    [0xef] = {op_out, END},
    [0xf1] = {op_int1, END | L386},
    [0xf4] = {op_hlt, END},
    [0xf5] = {op_cmc, 0},
    [0xf6] = {op_grp3, M | BYTE | G3 | IB},
    [0xf7] = {op_grp3, M | G3 | IZ},
    [0xf8] = {op_flagop, 0},
    [0xf9] = {op_flagop, 0},
    [0xfa] = {op_flagop, END},
    [0xfb] = {op_flagop, END},
    [0xfc] = {op_flagop, 0},
    [0xfd] = {op_flagop, 0},
    [0xfe] = {op_grp4, M | BYTE},
    [0xff] = {op_grp5, M | END},

    /* 0F xx */
    [0x100] = {op_grp6, M | END},
    [0x101] = {op_grp7, M | END},
    [0x102] = {op_lar_lsl, M},
    [0x103] = {op_lar_lsl, M},
    [0x105] = {op_loadall, END},
    [0x106] = {op_clts, END},
    [0x108] = {op_invd, L486},
    [0x109] = {op_invd, L486},
    [0x10b] = {op_ud, END},
    [0x120] = {op_mov_cr, M | END | L386},
    [0x121] = {op_mov_dr, M | END | L386},
    [0x122] = {op_mov_cr, M | END | L386},
    [0x123] = {op_mov_dr, M | END | L386},
    [0x130] = {op_wrmsr, END | L586},
    [0x131] = {op_rdtsc, L586},
    [0x132] = {op_rdmsr, L586},
    R16(0x180, op_jcc, JZ | END | L386),
    R16(0x190, op_setcc, M | BYTE | L386),
    [0x1a0] = {op_push_seg, L386},
    [0x1a1] = {op_pop_seg, END | L386},
    [0x1a2] = {op_cpuid, L486},
    R16(0x140, op_cmov, M | L686),
    [0x11f] = {op_nop_ev, M | L686},
    [0x133] = {op_rdpmc, L686},
    [0x134] = {op_sysenter, END | L686},
    [0x135] = {op_sysexit, END | L686},
    [0x1a3] = {op_bt, M | L386},
    [0x1a4] = {op_shxd, M | IB | L386},
    [0x1a5] = {op_shxd, M | L386},
    [0x1a8] = {op_push_seg, L386},
    [0x1a9] = {op_pop_seg, END | L386},
    [0x1aa] = {op_rsm, END | L586},
    [0x1ab] = {op_bt, M | L386},
    [0x1ac] = {op_shxd, M | IB | L386},
    [0x1ad] = {op_shxd, M | L386},
    [0x1ae] = {op_fxsave, M | L686},
    [0x1af] = {op_imul_ge, M | L386},
    [0x1b0] = {op_cmpxchg, M | BYTE | L486},
    [0x1b1] = {op_cmpxchg, M | L486},
    [0x1b2] = {op_lxs, M | END | L386},
    [0x1b3] = {op_bt, M | L386},
    [0x1b4] = {op_lxs, M | END | L386},
    [0x1b5] = {op_lxs, M | END | L386},
    [0x1b6] = {op_movx, M | L386},
    [0x1b7] = {op_movx, M | L386},
    [0x1ba] = {op_grp8, M | IB | L386},
    [0x1bb] = {op_bt, M | L386},
    [0x1bc] = {op_bsf_bsr, M | L386},
    [0x1bd] = {op_bsf_bsr, M | L386},
    [0x1be] = {op_movx, M | L386},
    [0x1bf] = {op_movx, M | L386},
    [0x1c0] = {op_xadd, M | BYTE | L486},
    [0x1c1] = {op_xadd, M | L486},
    [0x1c7] = {op_cmpxchg8b, M | L586},
    R8(0x1c8, op_bswap, L486),
};

/* Instruction bytes come through the TLB (code access, may fault). */
typedef struct Fetch {
    CPUX86State *env;
    uint32_t cs_base;
    uint32_t eip;   /* of the next byte */
    uint32_t start; /* instruction start */
    uint32_t ipmask;
    int len;
    int max_len; /* 15; the 286 faults beyond 10 bytes */
    bool too_long;
} Fetch;

/* The code page being decoded, as QEMU's translator_ld keeps it: one TLB
 * lookup per page instead of a softmmu load per byte. host is NULL for
 * code in MMIO, fetched byte by byte through the TLB's I/O path. Valid
 * only within one translation (x86_translate_block, x86_decode reset it). */
static struct {
    uint32_t page;
    const uint8_t *host; /* of the page's first byte */
    bool valid;
    /* After a TB's first instruction its bytes must stay in its first page:
     * a byte elsewhere is not fetched (that could fault before the
     * instructions already decoded have run) and ends the TB before the
     * instruction, as QEMU's translator does. */
    bool limited;
    bool crossed;
    uint32_t limit_page;
} code_page;

static inline uint32_t code_byte(CPUX86State *env, uint32_t linear)
{
    uint32_t page = linear & TARGET_PAGE_MASK32;

    if (unlikely(code_page.limited && page != code_page.limit_page)) {
        code_page.crossed = true;
        return 0;
    }
    if (unlikely(!code_page.valid || code_page.page != page)) {
        ram_addr_t ram;
        const uint8_t *h = get_page_addr_code_hostp(env, linear, &ram);

        code_page.page = page;
        code_page.host = h ? h - (linear - page) : NULL;
        code_page.valid = true;
    }
    if (unlikely(!code_page.host)) {
        return cpu_ldub_code(env, linear);
    }
    return code_page.host[linear - page];
}

static uint32_t fetch8(Fetch *f)
{
    uint32_t v;
    if (f->len >= f->max_len) {
        f->too_long = true;
        return 0;
    }
    v = code_byte(f->env, f->cs_base + (f->eip & f->ipmask));
    f->eip++;
    f->len++;
    return v;
}

static uint32_t fetch16(Fetch *f)
{
    uint32_t lo = fetch8(f);
    return lo | (fetch8(f) << 8);
}

static uint32_t fetch32(Fetch *f)
{
    uint32_t lo = fetch16(f);
    return lo | (fetch16(f) << 16);
}

static void decode_modrm(Fetch *f, X86Op *op, uint32_t modrm)
{
    static const uint8_t base16[8] = {R_EBX, R_EBX, R_EBP, R_EBP,
                                      R_ESI, R_EDI, R_EBP, R_EBX};
    static const uint8_t index16[8] = {R_ESI, R_EDI, R_ESI, R_EDI,
                                       NOREG, NOREG, NOREG, NOREG};
    int mod = modrm >> 6, rm = modrm & 7;
    int defseg = R_DS;

    op->mod = mod;
    op->reg = (modrm >> 3) & 7;
    op->rm = rm;
    op->base = op->index = NOREG;
    op->scale = 0;
    op->disp = 0;
    if (mod == 3) {
        return;
    }
    if (op->aflag == 1) {
        if (mod == 0 && rm == 6) {
            op->disp = fetch16(f);
        } else {
            op->base = base16[rm];
            op->index = index16[rm];
            if (rm == 2 || rm == 3 || rm == 6) {
                defseg = R_SS;
            }
            if (mod == 1) {
                op->disp = (uint32_t)(int8_t)fetch8(f);
            } else if (mod == 2) {
                op->disp = fetch16(f);
            }
        }
    } else {
        int base = rm;
        if (rm == 4) {
            uint32_t sib = fetch8(f);
            op->scale = sib >> 6;
            op->index = (sib >> 3) & 7;
            if (op->index == R_ESP) {
                op->index = NOREG;
            }
            base = sib & 7;
        }
        if (mod == 0 && base == R_EBP) {
            op->disp = fetch32(f);
        } else {
            op->base = base;
            if (base == R_ESP || base == R_EBP) {
                defseg = R_SS;
            }
            if (mod == 1) {
                op->disp = (uint32_t)(int8_t)fetch8(f);
            } else if (mod == 2) {
                op->disp = fetch32(f);
            }
        }
    }
    if (!(op->pfx & PFX_SEG)) {
        op->seg = defseg;
    }
}

bool x86_inline_kinds = true;

/* Byte register r (AL CL DL BL AH CH DH BH) as its byte offset in
 * env->regs, for the driver's byte kinds (little-endian host). */
static uint8_t byte_reg_off(uint8_t r)
{
    return r < 4 ? (uint8_t)(r * 4) : (uint8_t)((r - 4) * 4 + 1);
}

/* An ALU kind: operation k in form f. Register operands are normalised
 * (first in op->rm, second in op->reg), byte registers made offsets. */
static void set_alu_kind(X86Op *op, int f, int k, bool swap)
{
    int ot = op->ot;
    uint8_t t;

    if (swap) {
        t = op->reg, op->reg = op->rm, op->rm = t;
    }
    if (ot == 0) {
        if (f == OPK_ALU_RR || f == OPK_ALU_RI) {
            op->rm = byte_reg_off(op->rm);
        }
        if (f != OPK_ALU_RI && f != OPK_ALU_MI) {
            op->reg = byte_reg_off(op->reg);
        }
    }
    if (f == OPK_ALU_RI || f == OPK_ALU_MI) {
        op->imm &= ot_mask(ot);
    }
    op->kind = OPK_ALU(f, ot, k);
}

/* Picks the inline fast path of the threaded driver, if the op has one.
 * Called last, on the decoded op; hflags are the TB's. */
static void set_kind(X86Op *op, uint32_t hflags)
{
    int ot = op->ot, k;
    unsigned opc = op->opc;
    bool mem = op->mod != 3;
    bool stack32 = (hflags & HF_SS32_MASK) &&
                   (hflags & (1u << (HF_FLAT_SHIFT + R_SS))) && ot == 2;
    bool stack16 = !(hflags & HF_SS32_MASK) && ot != 0;
    uint8_t t;

    op->kind = OPK_CALL;
    if ((op->pfx & PFX_LOCK) || op->fn == op_ud) {
        return;
    }
    if (opc < 0x40 && (opc & 7) <= 5) {
        k = (opc >> 3) & 7;
        switch (opc & 7) {
        case 0:
        case 1: /* E, G */
            set_alu_kind(op, mem ? OPK_ALU_MR : OPK_ALU_RR, k, false);
            return;
        case 2:
        case 3: /* G, E */
            set_alu_kind(op, mem ? OPK_ALU_RM : OPK_ALU_RR, k, !mem);
            return;
        default: /* AL/eAX, imm */
            op->rm = R_EAX;
            set_alu_kind(op, OPK_ALU_RI, k, false);
            return;
        }
    }
    switch (opc) {
    case 0xe9:
    case 0xeb:
        op->kind = OPK_JMP;
        return;
    case 0x70 ... 0x7f:
    case 0x180 ... 0x18f:
        op->kind = OPK_JCC;
        return;
    case 0x80:
    case 0x81:
    case 0x82:
    case 0x83:
        if (opc == 0x83) {
            op->imm = (uint32_t)(int8_t)op->imm;
        }
        set_alu_kind(op, mem ? OPK_ALU_MI : OPK_ALU_RI, op->reg, false);
        return;
    case 0x84:
    case 0x85:
        set_alu_kind(op, mem ? OPK_ALU_MR : OPK_ALU_RR, OPK_ALU_TEST, false);
        return;
    case 0xa8:
    case 0xa9:
        op->rm = R_EAX;
        set_alu_kind(op, OPK_ALU_RI, OPK_ALU_TEST, false);
        return;
    case 0xf6:
    case 0xf7:
        if (op->reg == 0) {
            set_alu_kind(op, mem ? OPK_ALU_MI : OPK_ALU_RI, OPK_ALU_TEST,
                         false);
        }
        return;
    case 0x88:
    case 0x89:
        if (mem) {
            op->kind = OPK_ST8 + ot;
        } else {
            op->kind = OPK_MOV_RR8 + ot;
        }
        break;
    case 0x8a:
    case 0x8b:
        if (mem) {
            op->kind = OPK_LD8 + ot;
        } else {
            t = op->reg, op->reg = op->rm, op->rm = t;
            op->kind = OPK_MOV_RR8 + ot;
        }
        break;
    case 0xb0 ... 0xbf:
        op->rm = op->reg;
        op->kind = OPK_MOV_RI8 + ot;
        break;
    case 0xa0:
    case 0xa1: /* MOV AL/eAX, moffs: a load with only a displacement */
        op->reg = R_EAX;
        op->kind = OPK_LD8 + ot;
        break;
    case 0xa2:
    case 0xa3:
        op->reg = R_EAX;
        op->kind = OPK_ST8 + ot;
        break;
    case 0xc6:
    case 0xc7:
        if (op->reg != 0) {
            return;
        }
        op->imm &= ot_mask(ot);
        op->kind = mem ? OPK_STI8 + ot : OPK_MOV_RI8 + ot;
        break;
    case 0x8d:
        if (mem && ot != 0) {
            op->kind = ot == 1 ? OPK_LEA16 : OPK_LEA32;
        }
        return;
    case 0x40 ... 0x47:
        op->rm = op->reg;
        op->kind = ot == 1 ? OPK_INC16 : OPK_INC32;
        return;
    case 0x48 ... 0x4f:
        op->rm = op->reg;
        op->kind = ot == 1 ? OPK_DEC16 : OPK_DEC32;
        return;
    case 0x50 ... 0x57:
        if (stack32) {
            op->kind = OPK_PUSH32;
        } else if (stack16) {
            op->kind = ot == 1 ? OPK_PUSHW_SP16 : OPK_PUSHL_SP16;
        }
        return;
    case 0x58 ... 0x5f:
        if (stack32) {
            op->kind = OPK_POP32;
        } else if (stack16) {
            op->kind = ot == 1 ? OPK_POPW_SP16 : OPK_POPL_SP16;
        }
        return;
    case 0xe8:
        if (stack32) {
            op->kind = OPK_CALL32;
        } else if (stack16) {
            op->kind = ot == 1 ? OPK_CALLW_SP16 : OPK_CALLL_SP16;
        }
        return;
    case 0xc3:
        if (stack32) {
            op->kind = OPK_RET32;
        } else if (stack16) {
            op->kind = ot == 1 ? OPK_RETW_SP16 : OPK_RETL_SP16;
        }
        return;
    case 0xc0:
    case 0xc1:
    case 0xd0:
    case 0xd1:
        k = op->reg;
        if (mem || k < 4) {
            return;
        }
        op->imm = opc >= 0xd0 ? 1 : op->imm & 0x1f;
        if (op->imm == 0) {
            return; /* no change, no flags: the handler */
        }
        op->kind = OPK_SHI8 + ot * 4 + (k - 4);
        if (ot == 0) {
            op->rm = byte_reg_off(op->rm);
        }
        return;
    case 0x1af:
        if (ot == 2) {
            op->kind = mem ? OPK_IMUL32M : OPK_IMUL32;
        }
        return;
    case 0x69:
    case 0x6b:
        if (ot == 2) {
            if (opc == 0x6b) {
                op->imm = (uint32_t)(int8_t)op->imm;
            }
            op->kind = mem ? OPK_IMULI32M : OPK_IMULI32;
        }
        return;
    case 0x1b6:
    case 0x1b7:
    case 0x1be:
    case 0x1bf:
        if (ot != 2) {
            return;
        }
        k = (opc == 0x1b7 || opc == 0x1bf) ? 2 : 0; /* word source */
        if (opc >= 0x1be) {
            k += 4; /* sign-extending */
        }
        if (mem) {
            k += 1;
        } else if (opc == 0x1b6 || opc == 0x1be) {
            op->rm = byte_reg_off(op->rm);
        }
        op->kind = OPK_MOVZB + k;
        return;
    default:
        return;
    }
    /* the MOV forms: byte registers as offsets */
    if (ot == 0) {
        if (op->kind == OPK_MOV_RR8 || op->kind == OPK_MOV_RI8) {
            op->rm = byte_reg_off(op->rm);
        }
        if (op->kind == OPK_MOV_RR8 || op->kind == OPK_LD8 ||
            op->kind == OPK_ST8) {
            op->reg = byte_reg_off(op->reg);
        }
    }
}

static int decode_insn(CPUX86State *env, uint32_t eip, X86Op *op);
/* The last decode_insn set op->imm to a relative branch's target. */
static bool decoded_rel;

/* LOCK is allowed on a read-modify-write of memory only (SDM vol. 2,
 * LOCK; QEMU's decoder): ADD OR ADC SBB AND SUB XOR, NOT NEG INC DEC,
 * XCHG, BTS BTR BTC, XADD, CMPXCHG, CMPXCHG8B (the last three only where
 * the level decodes them). Anything else, or a register destination, is
 * #UD from the 386 on (the 286 takes LOCK anywhere: SingleStepTests).
 * BT is not in the list: it does not write. */
static bool lock_allowed(const X86Op *op)
{
    unsigned b = op->opc, r = op->reg;

    if (op->mod == 3) {
        return false;
    }
    if (b < 0x40) {
        return (b & 7) <= 1 && (b >> 3) != 7; /* E,G forms but CMP */
    }
    switch (b) {
    case 0x80:
    case 0x81:
    case 0x82:
    case 0x83:
        return r != 7; /* not CMP */
    case 0x86:
    case 0x87:
    case 0x1ab:
    case 0x1b3:
    case 0x1bb:
    case 0x1b0:
    case 0x1b1:
    case 0x1c0:
    case 0x1c1:
        return true;
    case 0xf6:
    case 0xf7:
        return r == 2 || r == 3;
    case 0xfe:
    case 0xff:
        return r <= 1;
    case 0x1ba:
        return r >= 5;
    case 0x1c7:
        return r == 1;
    default:
        return false;
    }
}

int x86_decode(CPUX86State *env, uint32_t eip, X86Op *op)
{
    code_page.valid = false;
    code_page.limited = false;
    return decode_insn(env, eip, op);
}

static int decode_insn(CPUX86State *env, uint32_t eip, X86Op *op)
{
    Fetch f = {
        .env = env,
        .cs_base = env->segs[R_CS].base,
        .eip = eip,
        .start = eip,
        .ipmask = (env->hflags & HF_CS32_MASK) ? 0xffffffffu : 0xffff,
        .max_len = env->level < X86_CPU_386 ? 10 : 15,
    };
    bool cs32 = env->hflags & HF_CS32_MASK;
    bool opsz = false, adsz = false;
    uint32_t b;
    const OpRow *row;
    uint16_t fl;

    decoded_rel = false;
    memset(op, 0, sizeof(*op));
    op->seg = R_DS;
    op->eip = eip;
    op->base = op->index = NOREG;
    for (;;) {
        b = fetch8(&f);
        if (unlikely(code_page.crossed)) {
            return -1;
        }
        if (f.too_long) {
            goto too_long;
        }
        switch (b) {
        case 0x26:
        case 0x2e:
        case 0x36:
        case 0x3e:
            op->seg = (b >> 3) & 3;
            op->pfx |= PFX_SEG;
            continue;
        case 0x64:
        case 0x65:
            if (env->level < X86_CPU_386) {
                break;
            }
            op->seg = b - 0x64 + R_FS;
            op->pfx |= PFX_SEG;
            continue;
        case 0x66:
            if (env->level < X86_CPU_386) {
                break;
            }
            opsz = true;
            op->pfx |= PFX_OPSZ;
            continue;
        case 0x67:
            if (env->level < X86_CPU_386) {
                break;
            }
            adsz = true;
            op->pfx |= PFX_ADSZ;
            continue;
        case 0xf0:
            op->pfx |= PFX_LOCK;
            continue;
        case 0xf2:
            op->pfx = (op->pfx & ~PFX_REPZ) | PFX_REPNZ;
            continue;
        case 0xf3:
            op->pfx = (op->pfx & ~PFX_REPNZ) | PFX_REPZ;
            continue;
        default:
            break;
        }
        break;
    }
    op->dflag = (cs32 ^ opsz) ? 2 : 1;
    op->aflag = (cs32 ^ adsz) ? 2 : 1;
    if (b == 0x0f) {
        b = 0x100 | fetch8(&f);
    }
    op->opc = b;
    row = &op_table[b];
    fl = row->f;
    op->fn = row->fn;
    if (!op->fn || ((fl & L386) && env->level < X86_CPU_386) ||
        ((fl & L486) && env->level < X86_CPU_486) ||
        ((fl & L586) && env->level < X86_CPU_586) ||
        ((fl & L686) && env->level < X86_CPU_686) ||
        (b == 0x1a2 && !env->has_cpuid)) {
        op->fn = op_ud;
        fl = END;
    }
    op->ot = (fl & BYTE) ? 0 : op->dflag;
    op->reg = b & 7;
    if (fl & M) {
        decode_modrm(&f, op, fetch8(&f));
        if (env->level == X86_CPU_386 && op->aflag == 2 && op->mod != 3 &&
            op->rm == 4 && op->index == NOREG && op->scale) {
            /* SIB index 4 with SS > 0 (undefined): the 386 scales the
             * base instead (test386.asm); later CPUs ignore SS */
            op->index = op->base;
            op->base = NOREG;
        }
    }
    if (fl & MO) {
        op->disp = op->aflag == 2 ? fetch32(&f) : fetch16(&f);
        op->mod = 0;
    }
    if ((fl & G3) && op->reg >= 2) {
        fl &= ~(IB | IZ);
    }
    if (fl & IB) {
        op->imm = fetch8(&f);
    } else if (fl & IW) {
        op->imm = fetch16(&f);
    } else if (fl & IZ) {
        op->imm = op->dflag == 2 ? fetch32(&f) : fetch16(&f);
    } else if (fl & AP) {
        op->imm = op->dflag == 2 ? fetch32(&f) : fetch16(&f);
        op->imm2 = fetch16(&f);
    }
    if (b == 0xc8) {
        op->imm2 = fetch8(&f); /* ENTER nesting level */
    }
    if (fl & JB) {
        op->imm = (uint32_t)(int8_t)fetch8(&f);
    } else if (fl & JZ) {
        op->imm = op->dflag == 2 ? fetch32(&f) : (uint32_t)(int16_t)fetch16(&f);
    }
    if (unlikely(code_page.crossed)) {
        return -1; /* the instruction needs the next page */
    }
    if (f.too_long) {
        goto too_long;
    }
    op->len = f.len;
    op->next_eip = (eip + f.len) & f.ipmask;
    if ((op->pfx & PFX_LOCK) && op->fn != op_ud && env->level >= X86_CPU_386 &&
        !lock_allowed(op)) {
        op->fn = op_ud; /* #UD at the instruction, in every mode */
        op->imm2 = 0;
        fl |= END;
    }
    /* back-end handlers specialised on what the decoder knows */
    if (op->fn == op_alu_eg) {
        op->fn = x86_alu_eg_fns[(b >> 3) & 7];
    } else if (op->fn == op_alu_ge) {
        op->fn = x86_alu_ge_fns[(b >> 3) & 7];
    } else if (op->fn == op_alu_ai) {
        op->fn = x86_alu_ai_fns[(b >> 3) & 7];
    } else if (op->fn == op_grp1) {
        if (b == 0x83) {
            op->imm = (uint32_t)(int8_t)op->imm;
        }
        op->fn = x86_grp1_fns[op->reg];
    } else if (op->fn == op_fpu && x86_has_fpu(env)) {
        op->fn = x86_fpu_decode(env, op); /* ESC: the x87's handlers */
    }
    decoded_rel = fl & (JB | JZ);
    if (decoded_rel) {
        op->imm = op->next_eip + op->imm;
        if (op->dflag == 1) {
            op->imm &= 0xffff;
        }
    }
#if defined(__GNUC__)
    if (x86_inline_kinds) {
        set_kind(op, env->hflags); /* the other driver calls every handler */
    }
#endif
    /* env->hflags are the TB's flags: what they say of segments and CPL
     * holds for every run of this op */
    op->flat =
        ((env->hflags >> (HF_FLAT_SHIFT + op->seg)) & 1) && op->aflag == 2;
    op->mmu_idx = (uint8_t)cpu_mmu_index(env, false);
    return (fl & END) ? 1 : 0;

too_long:
    /* more than 15 bytes: #GP(0) at the instruction */
    memset(op, 0, sizeof(*op));
    op->fn = op_ud;
    op->eip = eip;
    op->imm2 = EXCP0D_GPF;
    op->len = (uint8_t)f.max_len;
    op->next_eip = (eip + f.max_len) & f.ipmask;
    return 1;
}

/* What decoding depends on besides the bytes, eip, CS base and the TB
 * flags: never 0 (0 marks an empty memo slot). */
static uint16_t x86_decode_ctx(const CPUX86State *env)
{
    return (uint16_t)(0x8000 | env->level | (env->has_cpuid ? 0x100 : 0) |
                      (x86_inline_kinds ? 0x200 : 0));
}

/* decode_insn through the memo, for an instruction in a RAM page whose
 * bytes do not wrap around a 16-bit IP. Anything else is decoded, as it may
 * fault, cross a page or come from MMIO. */
static int decode_insn_memo(CPUX86State *env, uint32_t eip, X86Op *op)
{
    uint32_t cs_base = env->segs[R_CS].base;
    uint32_t ipmask = (env->hflags & HF_CS32_MASK) ? 0xffffffffu : 0xffff;
    uint32_t linear = cs_base + eip;
    uint32_t page = linear & TARGET_PAGE_MASK32;
    uint32_t off = linear - page;
    uint16_t ctx = x86_decode_ctx(env);
    size_t avail = TARGET_PAGE_SIZE - off;
    const uint8_t *code;
    int end;

    if ((code_page.limited && page != code_page.limit_page) ||
        (eip & ipmask) != eip) {
        return decode_insn(env, eip, op);
    }
    if (ipmask - eip + 1 < avail) {
        avail = ipmask - eip + 1; /* the bytes before IP wraps */
    }
    if (!code_page.valid || code_page.page != page) {
        /* code_byte's lookup without its read (MMIO reads have effects);
         * a fault here is the one the first fetch would take */
        ram_addr_t ram;
        const uint8_t *h = get_page_addr_code_hostp(env, linear, &ram);

        code_page.page = page;
        code_page.host = h ? h - off : NULL;
        code_page.valid = true;
    }
    if (!code_page.host) {
        return decode_insn(env, eip, op);
    }
    code = code_page.host + off;
    end = x86_decode_memo_get(eip, ipmask, env->hflags, ctx, code, avail, op);
    if (end >= 0) {
        return end;
    }
    end = decode_insn(env, eip, op);
    if (end >= 0 && code_page.page == page) {
        x86_decode_memo_put(env->hflags, ctx, code, avail, op, end,
                            decoded_rel);
    }
    return end;
}

#if defined(__GNUC__)
/* A Jcc whose flags come from the op just before it in the TB, an inline
 * ALU kind, tests them knowing the cc_op: no run-time cc_op dispatch. */
static void fuse_jcc(const X86Op *prev, X86Op *op)
{
    int cc = op->opc & 15, idx, k, ot;

    if (op->kind != OPK_JCC) {
        return;
    }
    if (prev->kind >= OPK_ALU_BASE && prev->kind < OPK_ALU_NB) {
        idx = prev->kind - OPK_ALU_BASE;
        k = idx % 9;
        ot = (idx / 9) % 3;
        if (k == 5 || k == 7) {
            op->kind = OPK_JCC_SUB(ot, cc);
        } else if (k == 1 || k == 4 || k == 6 || k == OPK_ALU_TEST) {
            op->kind = OPK_JCC_LOGIC(ot, cc);
        }
        return;
    }
    /* INC/DEC leave CF alone: only ZF and SF follow from the result */
    if (prev->kind >= OPK_INC16 && prev->kind <= OPK_DEC32 &&
        (cc >> 1 == 2 || cc >> 1 == 4)) {
        ot = (prev->kind == OPK_INC16 || prev->kind == OPK_DEC16) ? 1 : 2;
        op->kind = OPK_JCC_LOGIC(ot, cc);
    }
}
#endif

int x86_translate_block(CPUX86State *env, uint32_t eip, X86Op *ops, int max_ops,
                        uint32_t *size)
{
    uint32_t cs_base = env->segs[R_CS].base;
    uint32_t page = (cs_base + eip) & TARGET_PAGE_MASK32;
    uint32_t pc = eip;
    int n = 0, rf = 0, side = 0;
    bool one = env->hflags & (HF_TF_MASK | HF_INHIBIT_IRQ_MASK | HF_RF_MASK);
    bool bpt = env->hflags & (HF_BPT_MASK | HF_IOBPT_MASK);

    if (env_cpu(env)->singlestep_enabled) {
        one = true;
    }
    code_page.valid = false;
    code_page.limited = false;
    code_page.crossed = false;
    code_page.limit_page = page;
    if (unlikely(env->hflags & HF_RF_MASK)) {
        x86_rf_clear_op(&ops[n++], eip);
        rf = 1; /* not an instruction */
    }
    for (;;) {
        X86Op *op = &ops[n++];
        int end = bpt ? x86_bpt_decode(env, eip, pc, op)
                      : decode_insn_memo(env, pc, op);
        code_page.limited = true; /* from the second instruction on */
        if (end < 0) {
            /* it would cross into the next page: the TB ends before it */
            memset(op, 0, sizeof(*op));
            op->fn = op_end;
            op->kind = OPK_END;
            op->eip = op->next_eip = pc;
            break;
        }
#if defined(__GNUC__)
        if (n >= 2) {
            fuse_jcc(&ops[n - 2], op);
        }
#endif
        pc = op->next_eip;
#if defined(__GNUC__)
        if (end && (op->kind == OPK_JCC || op->kind >= OPK_JCC_SUB_BASE)) {
            /* A superblock goes on after a conditional branch: the driver's
             * Jcc leaves through exit op->rm when taken, having run op->reg
             * instructions, and falls through when not (run.c); the TB's
             * last Jcc uses exits 0 and 1. */
            op->reg = (uint8_t)(n - rf);
            op->rm = 0;
            if (!one && side < TB_SIDE_EXITS && n < max_ops - 2) {
                op->rm = (uint8_t)(2 + side++);
                end = 0;
            }
        }
#endif
        if (end) {
            break;
        }
        /* stop at a page boundary, before the TB would need another page;
         * the op that may cross one is the first only. An instruction that
         * would cross is found by decoding it (above), except that with
         * breakpoints (decoded elsewhere) the TB stops 15 bytes early. */
        if (one || n >= max_ops - 1 ||
            ((cs_base + op->eip + op->len - 1) & TARGET_PAGE_MASK32) != page ||
            ((cs_base + pc) & TARGET_PAGE_MASK32) != page ||
            (bpt && ((cs_base + pc + 15) & TARGET_PAGE_MASK32) != page)) {
            X86Op *e = &ops[n++];
            memset(e, 0, sizeof(*e));
            e->fn = op_end;
            e->kind = OPK_END;
            e->eip = e->next_eip = pc;
            break;
        }
    }
    for (int i = 0; i < n; i++) {
        x86_set_op_label(&ops[i]);
    }
    *size = 0;
    {
        const X86Op *last = &ops[n - 1];
        uint32_t endpc = last->fn == op_end ? last->eip : last->eip + last->len;
        *size = endpc - eip;
    }
    return n;
}
