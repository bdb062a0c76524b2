/*
 * A compact disassembler for the integer i386 ISA (plus x87 names), used
 * by the in_asm trace. Intel syntax in the style of objdump -M intel:
 * "mov eax,DWORD PTR [ebx+0x4]", immediates and branch targets in hex,
 * branch targets absolute. It reads bytes, not X86Ops, so it shows what
 * the guest wrote even where the decoder folds forms together; its
 * operand table follows the decoder's row layout (one-byte, then 0F).
 * emu/ has no snprintf: text is built by hand.
 */
#include "target-i386/cpu.h"

enum {
    O_NONE,
    O_Eb,
    O_Ev,
    O_Ew,
    O_Ed,
    O_Gb,
    O_Gv,
    O_Gw,
    O_Rd,
    O_M,
    O_Mp,
    O_Ma,
    O_Mq,
    O_Ib,
    O_Iv,
    O_Iw,
    O_Ibs,
    O_Jb,
    O_Jz,
    O_Ap,
    O_Ob,
    O_Ov,
    O_AL,
    O_eAX,
    O_AX,
    O_Zb,
    O_Zv,
    O_Sw,
    O_Cd,
    O_Dd,
    O_1,
    O_CL,
    O_DX,
    O_ES,
    O_CS,
    O_SS,
    O_DS,
    O_FS,
    O_GS,
    O_Xb,
    O_Xv,
    O_Yb,
    O_Yv,
};

/* Row: mnemonic ("16|32" when it depends on the operand size), up to
 * three operands, or a group whose rows are picked by ModRM.reg. */
typedef struct DisRow {
    const char *mn;
    uint8_t a, b, c;
    uint8_t grp;
} DisRow;

enum { G_NONE, G1, G2, G3B, G3V, G4, G5, G6, G7, G8, G9, G_FPU, G_NB };

#define ALU(b, n)                                                              \
    [b] = {n, O_Eb, O_Gb, 0, 0}, [b + 1] = {n, O_Ev, O_Gv, 0, 0},              \
    [b + 2] = {n, O_Gb, O_Eb, 0, 0}, [b + 3] = {n, O_Gv, O_Ev, 0, 0},          \
    [b + 4] = {n, O_AL, O_Ib, 0, 0}, [b + 5] = {n, O_eAX, O_Iv, 0, 0}
#define R8(b, n, x, y)                                                         \
    [b] = {n, x, y, 0, 0}, [b + 1] = {n, x, y, 0, 0},                          \
    [b + 2] = {n, x, y, 0, 0}, [b + 3] = {n, x, y, 0, 0},                      \
    [b + 4] = {n, x, y, 0, 0}, [b + 5] = {n, x, y, 0, 0},                      \
    [b + 6] = {n, x, y, 0, 0}, [b + 7] = {n, x, y, 0, 0}
#define CC16(b, pre, x)                                                        \
    [b] = {pre "o", x, 0, 0, 0}, [b + 1] = {pre "no", x, 0, 0, 0},             \
    [b + 2] = {pre "b", x, 0, 0, 0}, [b + 3] = {pre "ae", x, 0, 0, 0},         \
    [b + 4] = {pre "e", x, 0, 0, 0}, [b + 5] = {pre "ne", x, 0, 0, 0},         \
    [b + 6] = {pre "be", x, 0, 0, 0}, [b + 7] = {pre "a", x, 0, 0, 0},         \
    [b + 8] = {pre "s", x, 0, 0, 0}, [b + 9] = {pre "ns", x, 0, 0, 0},         \
    [b + 10] = {pre "p", x, 0, 0, 0}, [b + 11] = {pre "np", x, 0, 0, 0},       \
    [b + 12] = {pre "l", x, 0, 0, 0}, [b + 13] = {pre "ge", x, 0, 0, 0},       \
    [b + 14] = {pre "le", x, 0, 0, 0}, [b + 15] = {pre "g", x, 0, 0, 0}
/* the same with two operands (CMOVcc) */
#define CC16_2(b, pre, x, y)                                                   \
    [b] = {pre "o", x, y, 0, 0}, [b + 1] = {pre "no", x, y, 0, 0},             \
    [b + 2] = {pre "b", x, y, 0, 0}, [b + 3] = {pre "ae", x, y, 0, 0},         \
    [b + 4] = {pre "e", x, y, 0, 0}, [b + 5] = {pre "ne", x, y, 0, 0},         \
    [b + 6] = {pre "be", x, y, 0, 0}, [b + 7] = {pre "a", x, y, 0, 0},         \
    [b + 8] = {pre "s", x, y, 0, 0}, [b + 9] = {pre "ns", x, y, 0, 0},         \
    [b + 10] = {pre "p", x, y, 0, 0}, [b + 11] = {pre "np", x, y, 0, 0},       \
    [b + 12] = {pre "l", x, y, 0, 0}, [b + 13] = {pre "ge", x, y, 0, 0},       \
    [b + 14] = {pre "le", x, y, 0, 0}, [b + 15] = {pre "g", x, y, 0, 0}

static const DisRow dis_table[512] = {
    ALU(0x00, "add"),
    ALU(0x08, "or"),
    ALU(0x10, "adc"),
    ALU(0x18, "sbb"),
    ALU(0x20, "and"),
    ALU(0x28, "sub"),
    ALU(0x30, "xor"),
    ALU(0x38, "cmp"),
    [0x06] = {"push", O_ES},
    [0x07] = {"pop", O_ES},
    [0x0e] = {"push", O_CS},
    [0x16] = {"push", O_SS},
    [0x17] = {"pop", O_SS},
    [0x1e] = {"push", O_DS},
    [0x1f] = {"pop", O_DS},
    [0x27] = {"daa"},
    [0x2f] = {"das"},
    [0x37] = {"aaa"},
    [0x3f] = {"aas"},
    R8(0x40, "inc", O_Zv, 0),
    R8(0x48, "dec", O_Zv, 0),
    R8(0x50, "push", O_Zv, 0),
    R8(0x58, "pop", O_Zv, 0),
    [0x60] = {"pusha|pushad"},
    [0x61] = {"popa|popad"},
    [0x62] = {"bound", O_Gv, O_Ma},
    [0x63] = {"arpl", O_Ew, O_Gw},
    [0x68] = {"push", O_Iv},
    [0x69] = {"imul", O_Gv, O_Ev, O_Iv},
    [0x6a] = {"push", O_Ibs},
    [0x6b] = {"imul", O_Gv, O_Ev, O_Ibs},
    [0x6c] = {"insb"},
    [0x6d] = {"insw|insd"},
    [0x6e] = {"outsb"},
    [0x6f] = {"outsw|outsd"},
    CC16(0x70, "j", O_Jb),
    [0x80] = {NULL, O_Eb, O_Ib, 0, G1},
    [0x81] = {NULL, O_Ev, O_Iv, 0, G1},
    [0x82] = {NULL, O_Eb, O_Ib, 0, G1},
    [0x83] = {NULL, O_Ev, O_Ibs, 0, G1},
    [0x84] = {"test", O_Eb, O_Gb},
    [0x85] = {"test", O_Ev, O_Gv},
    [0x86] = {"xchg", O_Eb, O_Gb},
    [0x87] = {"xchg", O_Ev, O_Gv},
    [0x88] = {"mov", O_Eb, O_Gb},
    [0x89] = {"mov", O_Ev, O_Gv},
    [0x8a] = {"mov", O_Gb, O_Eb},
    [0x8b] = {"mov", O_Gv, O_Ev},
    [0x8c] = {"mov", O_Ew, O_Sw},
    [0x8d] = {"lea", O_Gv, O_M},
    [0x8e] = {"mov", O_Sw, O_Ew},
    [0x8f] = {"pop", O_Ev},
    [0x90] = {"nop"},
    [0x91] = {"xchg", O_Zv, O_eAX},
    [0x92] = {"xchg", O_Zv, O_eAX},
    [0x93] = {"xchg", O_Zv, O_eAX},
    [0x94] = {"xchg", O_Zv, O_eAX},
    [0x95] = {"xchg", O_Zv, O_eAX},
    [0x96] = {"xchg", O_Zv, O_eAX},
    [0x97] = {"xchg", O_Zv, O_eAX},
    [0x98] = {"cbw|cwde"},
    [0x99] = {"cwd|cdq"},
    [0x9a] = {"call", O_Ap},
    [0x9b] = {"fwait"},
    [0x9c] = {"pushf|pushfd"},
    [0x9d] = {"popf|popfd"},
    [0x9e] = {"sahf"},
    [0x9f] = {"lahf"},
    [0xa0] = {"mov", O_AL, O_Ob},
    [0xa1] = {"mov", O_eAX, O_Ov},
    [0xa2] = {"mov", O_Ob, O_AL},
    [0xa3] = {"mov", O_Ov, O_eAX},
    [0xa4] = {"movsb"},
    [0xa5] = {"movsw|movsd"},
    [0xa6] = {"cmpsb"},
    [0xa7] = {"cmpsw|cmpsd"},
    [0xa8] = {"test", O_AL, O_Ib},
    [0xa9] = {"test", O_eAX, O_Iv},
    [0xaa] = {"stosb"},
    [0xab] = {"stosw|stosd"},
    [0xac] = {"lodsb"},
    [0xad] = {"lodsw|lodsd"},
    [0xae] = {"scasb"},
    [0xaf] = {"scasw|scasd"},
    R8(0xb0, "mov", O_Zb, O_Ib),
    R8(0xb8, "mov", O_Zv, O_Iv),
    [0xc0] = {NULL, O_Eb, O_Ib, 0, G2},
    [0xc1] = {NULL, O_Ev, O_Ib, 0, G2},
    [0xc2] = {"ret", O_Iw},
    [0xc3] = {"ret"},
    [0xc4] = {"les", O_Gv, O_Mp},
    [0xc5] = {"lds", O_Gv, O_Mp},
    [0xc6] = {"mov", O_Eb, O_Ib},
    [0xc7] = {"mov", O_Ev, O_Iv},
    [0xc8] = {"enter", O_Iw, O_Ib},
    [0xc9] = {"leave"},
    [0xca] = {"retf", O_Iw},
    [0xcb] = {"retf"},
    [0xcc] = {"int3"},
    [0xcd] = {"int", O_Ib},
    [0xce] = {"into"},
    [0xcf] = {"iret|iretd"},
    [0xd0] = {NULL, O_Eb, O_1, 0, G2},
    [0xd1] = {NULL, O_Ev, O_1, 0, G2},
    [0xd2] = {NULL, O_Eb, O_CL, 0, G2},
    [0xd3] = {NULL, O_Ev, O_CL, 0, G2},
    [0xd4] = {"aam", O_Ib},
    [0xd5] = {"aad", O_Ib},
    [0xd6] = {"salc"},
    [0xd7] = {"xlatb"},
    [0xd8] = {NULL, 0, 0, 0, G_FPU},
    [0xd9] = {NULL, 0, 0, 0, G_FPU},
    [0xda] = {NULL, 0, 0, 0, G_FPU},
    [0xdb] = {NULL, 0, 0, 0, G_FPU},
    [0xdc] = {NULL, 0, 0, 0, G_FPU},
    [0xdd] = {NULL, 0, 0, 0, G_FPU},
    [0xde] = {NULL, 0, 0, 0, G_FPU},
    [0xdf] = {NULL, 0, 0, 0, G_FPU},
    [0xe0] = {"loopne", O_Jb},
    [0xe1] = {"loope", O_Jb},
    [0xe2] = {"loop", O_Jb},
    [0xe3] = {"jcxz", O_Jb},
    [0xe4] = {"in", O_AL, O_Ib},
    [0xe5] = {"in", O_eAX, O_Ib},
    [0xe6] = {"out", O_Ib, O_AL},
    [0xe7] = {"out", O_Ib, O_eAX},
    [0xe8] = {"call", O_Jz},
    [0xe9] = {"jmp", O_Jz},
    [0xea] = {"jmp", O_Ap},
    [0xeb] = {"jmp", O_Jb},
    [0xec] = {"in", O_AL, O_DX},
    [0xed] = {"in", O_eAX, O_DX},
    [0xee] = {"out", O_DX, O_AL},
    [0xef] = {"out", O_DX, O_eAX},
    [0xf1] = {"int1"},
    [0xf4] = {"hlt"},
    [0xf5] = {"cmc"},
    [0xf6] = {NULL, 0, 0, 0, G3B},
    [0xf7] = {NULL, 0, 0, 0, G3V},
    [0xf8] = {"clc"},
    [0xf9] = {"stc"},
    [0xfa] = {"cli"},
    [0xfb] = {"sti"},
    [0xfc] = {"cld"},
    [0xfd] = {"std"},
    [0xfe] = {NULL, 0, 0, 0, G4},
    [0xff] = {NULL, 0, 0, 0, G5},

    /* 0F xx */
    [0x100] = {NULL, 0, 0, 0, G6},
    [0x101] = {NULL, 0, 0, 0, G7},
    [0x102] = {"lar", O_Gv, O_Ew},
    [0x103] = {"lsl", O_Gv, O_Ew},
    [0x105] = {"loadall"},
    [0x106] = {"clts"},
    [0x108] = {"invd"},
    [0x109] = {"wbinvd"},
    [0x10b] = {"ud2"},
    [0x120] = {"mov", O_Rd, O_Cd},
    [0x121] = {"mov", O_Rd, O_Dd},
    [0x122] = {"mov", O_Cd, O_Rd},
    [0x123] = {"mov", O_Dd, O_Rd},
    [0x130] = {"wrmsr"},
    [0x131] = {"rdtsc"},
    [0x132] = {"rdmsr"},
    CC16(0x180, "j", O_Jz),
    CC16(0x190, "set", O_Eb),
    CC16_2(0x140, "cmov", O_Gv, O_Ev),
    [0x11f] = {"nop", O_Ev},
    [0x133] = {"rdpmc"},
    [0x134] = {"sysenter"},
    [0x135] = {"sysexit"},
    [0x1a0] = {"push", O_FS},
    [0x1a1] = {"pop", O_FS},
    [0x1a2] = {"cpuid"},
    [0x1a3] = {"bt", O_Ev, O_Gv},
    [0x1a4] = {"shld", O_Ev, O_Gv, O_Ib},
    [0x1a5] = {"shld", O_Ev, O_Gv, O_CL},
    [0x1a8] = {"push", O_GS},
    [0x1a9] = {"pop", O_GS},
    [0x1aa] = {"rsm"},
    [0x1ab] = {"bts", O_Ev, O_Gv},
    [0x1ac] = {"shrd", O_Ev, O_Gv, O_Ib},
    [0x1ad] = {"shrd", O_Ev, O_Gv, O_CL},
    [0x1af] = {"imul", O_Gv, O_Ev},
    [0x1b0] = {"cmpxchg", O_Eb, O_Gb},
    [0x1b1] = {"cmpxchg", O_Ev, O_Gv},
    [0x1b2] = {"lss", O_Gv, O_Mp},
    [0x1b3] = {"btr", O_Ev, O_Gv},
    [0x1b4] = {"lfs", O_Gv, O_Mp},
    [0x1b5] = {"lgs", O_Gv, O_Mp},
    [0x1b6] = {"movzx", O_Gv, O_Eb},
    [0x1b7] = {"movzx", O_Gv, O_Ew},
    [0x1ba] = {NULL, 0, 0, 0, G8},
    [0x1bb] = {"btc", O_Ev, O_Gv},
    [0x1bc] = {"bsf", O_Gv, O_Ev},
    [0x1bd] = {"bsr", O_Gv, O_Ev},
    [0x1be] = {"movsx", O_Gv, O_Eb},
    [0x1bf] = {"movsx", O_Gv, O_Ew},
    [0x1c0] = {"xadd", O_Eb, O_Gb},
    [0x1c1] = {"xadd", O_Ev, O_Gv},
    [0x1c7] = {NULL, 0, 0, 0, G9},
    R8(0x1c8, "bswap", O_Zv, 0),
};

/* Group rows; a row without operands takes the main row's. */
static const DisRow dis_groups[G_NB][8] = {
    [G1] =
        {{"add"}, {"or"}, {"adc"}, {"sbb"}, {"and"}, {"sub"}, {"xor"}, {"cmp"}},
    [G2] = {{"rol"},
            {"ror"},
            {"rcl"},
            {"rcr"},
            {"shl"},
            {"shr"},
            {"sal"},
            {"sar"}},
    [G3B] = {{"test", O_Eb, O_Ib},
             {"test", O_Eb, O_Ib},
             {"not", O_Eb},
             {"neg", O_Eb},
             {"mul", O_Eb},
             {"imul", O_Eb},
             {"div", O_Eb},
             {"idiv", O_Eb}},
    [G3V] = {{"test", O_Ev, O_Iv},
             {"test", O_Ev, O_Iv},
             {"not", O_Ev},
             {"neg", O_Ev},
             {"mul", O_Ev},
             {"imul", O_Ev},
             {"div", O_Ev},
             {"idiv", O_Ev}},
    [G4] = {{"inc", O_Eb}, {"dec", O_Eb}},
    [G5] = {{"inc", O_Ev},
            {"dec", O_Ev},
            {"call", O_Ev},
            {"call", O_Mp},
            {"jmp", O_Ev},
            {"jmp", O_Mp},
            {"push", O_Ev}},
    [G6] = {{"sldt", O_Ew},
            {"str", O_Ew},
            {"lldt", O_Ew},
            {"ltr", O_Ew},
            {"verr", O_Ew},
            {"verw", O_Ew}},
    [G7] = {{"sgdt", O_M},
            {"sidt", O_M},
            {"lgdt", O_M},
            {"lidt", O_M},
            {"smsw", O_Ew},
            {NULL},
            {"lmsw", O_Ew},
            {"invlpg", O_M}},
    [G8] = {{NULL},
            {NULL},
            {NULL},
            {NULL},
            {"bt", O_Ev, O_Ib},
            {"bts", O_Ev, O_Ib},
            {"btr", O_Ev, O_Ib},
            {"btc", O_Ev, O_Ib}},
    [G9] = {{NULL}, {"cmpxchg8b", O_Mq}},
};

/* x87 memory forms by opcode (D8..DF) and ModRM.reg; size in bytes. */
static const char *const fpu_mem[8][8] = {
    {"fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr"},
    {"fld", NULL, "fst", "fstp", "fldenv", "fldcw", "fnstenv", "fnstcw"},
    {"fiadd", "fimul", "ficom", "ficomp", "fisub", "fisubr", "fidiv", "fidivr"},
    {"fild", "fisttp", "fist", "fistp", NULL, "fld", NULL, "fstp"},
    {"fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr"},
    {"fld", "fisttp", "fst", "fstp", "frstor", NULL, "fnsave", "fnstsw"},
    {"fiadd", "fimul", "ficom", "ficomp", "fisub", "fisubr", "fidiv", "fidivr"},
    {"fild", "fisttp", "fist", "fistp", "fbld", "fild", "fbstp", "fistp"},
};
static const uint8_t fpu_mem_size[8][8] = {
    {4, 4, 4, 4, 4, 4, 4, 4}, {4, 0, 4, 4, 0, 2, 0, 2},
    {4, 4, 4, 4, 4, 4, 4, 4}, {4, 4, 4, 4, 0, 10, 0, 10},
    {8, 8, 8, 8, 8, 8, 8, 8}, {8, 8, 8, 8, 0, 0, 0, 2},
    {2, 2, 2, 2, 2, 2, 2, 2}, {2, 2, 2, 2, 10, 8, 10, 8},
};
static const char *const fpu_arith[8] = {"fadd", "fmul",  "fcom", "fcomp",
                                         "fsub", "fsubr", "fdiv", "fdivr"};

static const char *const reg32[8] = {"eax", "ecx", "edx", "ebx",
                                     "esp", "ebp", "esi", "edi"};
static const char *const reg16[8] = {"ax", "cx", "dx", "bx",
                                     "sp", "bp", "si", "di"};
static const char *const reg8[8] = {"al", "cl", "dl", "bl",
                                    "ah", "ch", "dh", "bh"};
static const char *const sreg[8] = {"es", "cs", "ss", "ds",
                                    "fs", "gs", "?s", "?s"};
static const char *const mem16[8] = {"bx+si", "bx+di", "bp+si", "bp+di",
                                     "si",    "di",    "bp",    "bx"};

typedef struct Dis {
    const uint8_t *code;
    int avail, len;
    bool truncated;
    char *buf;
    size_t size, pos;
    bool o32, a32;
    int seg; /* override, -1 if none */
    bool seg_used;
    uint32_t eip;
    int modrm; /* -1 until read */
    int mod, reg, rm;
    int nops; /* operands printed so far */
} Dis;

static uint32_t get8(Dis *d)
{
    if (d->len >= d->avail || d->len >= 15) {
        d->truncated = true;
        return 0;
    }
    return d->code[d->len++];
}

static uint32_t get16(Dis *d)
{
    uint32_t lo = get8(d);
    return lo | get8(d) << 8;
}

static uint32_t get32(Dis *d)
{
    uint32_t lo = get16(d);
    return lo | get16(d) << 16;
}

static void out_c(Dis *d, char c)
{
    if (d->pos + 1 < d->size) {
        d->buf[d->pos++] = c;
        d->buf[d->pos] = 0;
    }
}

static void out_s(Dis *d, const char *s)
{
    while (*s) {
        out_c(d, *s++);
    }
}

static void out_hex(Dis *d, uint32_t v)
{
    int shift = 28;
    out_s(d, "0x");
    while (shift > 0 && !(v >> shift)) {
        shift -= 4;
    }
    for (; shift >= 0; shift -= 4) {
        out_c(d, "0123456789abcdef"[(v >> shift) & 15]);
    }
}

static void read_modrm(Dis *d)
{
    if (d->modrm < 0) {
        d->modrm = (int)get8(d);
        d->mod = d->modrm >> 6;
        d->reg = (d->modrm >> 3) & 7;
        d->rm = d->modrm & 7;
    }
}

static void out_seg_prefix(Dis *d)
{
    if (d->seg >= 0) {
        out_s(d, sreg[d->seg]);
        out_c(d, ':');
        d->seg_used = true;
    }
}

static void out_disp(Dis *d, uint32_t disp, bool any)
{
    if (!any) {
        out_hex(d, disp);
    } else if ((int32_t)disp < 0) {
        out_c(d, '-');
        out_hex(d, -disp);
    } else if (disp) {
        out_c(d, '+');
        out_hex(d, disp);
    }
}

/* Memory operand of the ModRM byte, with its size ("BYTE PTR ..."). */
static void out_mem(Dis *d, const char *size)
{
    uint32_t disp = 0;

    if (size) {
        out_s(d, size);
        out_s(d, " PTR ");
    }
    if (!d->a32) {
        if (d->mod == 0 && d->rm == 6) {
            disp = get16(d);
            if (d->seg < 0) {
                out_s(d, "ds:");
            }
            out_seg_prefix(d);
            out_hex(d, disp);
            return;
        }
        if (d->mod == 1) {
            disp = (uint32_t)(int16_t)(int8_t)get8(d);
        } else if (d->mod == 2) {
            disp = (uint32_t)(int16_t)get16(d);
        }
        out_seg_prefix(d);
        out_c(d, '[');
        out_s(d, mem16[d->rm]);
        out_disp(d, disp, true);
        out_c(d, ']');
        return;
    }
    {
        int base = d->rm, index = -1, scale = 0;
        if (d->rm == 4) {
            uint32_t sib = get8(d);
            scale = sib >> 6;
            index = (sib >> 3) & 7;
            base = sib & 7;
            if (index == 4) {
                index = -1;
            }
        }
        if (d->mod == 0 && base == 5) {
            base = -1;
            disp = get32(d);
        } else if (d->mod == 1) {
            disp = (uint32_t)(int8_t)get8(d);
        } else if (d->mod == 2) {
            disp = get32(d);
        }
        if (base < 0 && index < 0) {
            if (d->seg < 0) {
                out_s(d, "ds:");
            }
            out_seg_prefix(d);
            out_hex(d, disp);
            return;
        }
        out_seg_prefix(d);
        out_c(d, '[');
        if (base >= 0) {
            out_s(d, reg32[base]);
        }
        if (index >= 0) {
            if (base >= 0) {
                out_c(d, '+');
            }
            out_s(d, reg32[index]);
            out_c(d, '*');
            out_c(d, (char)('0' + (1 << scale)));
        }
        out_disp(d, disp, true);
        out_c(d, ']');
    }
}

static const char *size_name(int bytes)
{
    switch (bytes) {
    case 1:
        return "BYTE";
    case 2:
        return "WORD";
    case 4:
        return "DWORD";
    case 6:
        return "FWORD";
    case 8:
        return "QWORD";
    case 10:
        return "TBYTE";
    default:
        return NULL;
    }
}

/* E operand: register of the given size table, or memory. */
static void out_e(Dis *d, const char *const *regs, int bytes)
{
    read_modrm(d);
    if (d->mod == 3) {
        out_s(d, regs[d->rm]);
    } else {
        out_mem(d, size_name(bytes));
    }
}

static void out_operand(Dis *d, int o)
{
    const char *const *rv = d->o32 ? reg32 : reg16;
    int vbytes = d->o32 ? 4 : 2;
    uint32_t v;

    if (o == O_NONE) {
        return;
    }
    out_c(d, d->nops++ ? ',' : ' ');
    switch (o) {
    case O_Eb:
        out_e(d, reg8, 1);
        break;
    case O_Ev:
        out_e(d, rv, vbytes);
        break;
    case O_Ew:
        out_e(d, reg16, 2);
        break;
    case O_Ed:
        out_e(d, reg32, 4);
        break;
    case O_Gb:
        read_modrm(d);
        out_s(d, reg8[d->reg]);
        break;
    case O_Gv:
        read_modrm(d);
        out_s(d, rv[d->reg]);
        break;
    case O_Gw:
        read_modrm(d);
        out_s(d, reg16[d->reg]);
        break;
    case O_Rd:
        read_modrm(d);
        out_s(d, reg32[d->rm]);
        break;
    case O_M:
        out_e(d, rv, 0);
        break;
    case O_Mp:
        out_e(d, rv, d->o32 ? 6 : 4);
        break;
    case O_Ma:
        out_e(d, rv, d->o32 ? 8 : 4);
        break;
    case O_Mq:
        out_e(d, rv, 8);
        break;
    case O_Ib:
        out_hex(d, get8(d));
        break;
    case O_Iw:
        out_hex(d, get16(d));
        break;
    case O_Iv:
        out_hex(d, d->o32 ? get32(d) : get16(d));
        break;
    case O_Ibs:
        v = (uint32_t)(int8_t)get8(d);
        out_hex(d, d->o32 ? v : v & 0xffff);
        break;
    case O_Jb:
    case O_Jz:
        if (o == O_Jb) {
            v = (uint32_t)(int8_t)get8(d);
        } else {
            v = d->o32 ? get32(d) : (uint32_t)(int16_t)get16(d);
        }
        v += d->eip + (uint32_t)d->len;
        out_hex(d, d->o32 ? v : v & 0xffff);
        break;
    case O_Ap:
        v = d->o32 ? get32(d) : get16(d);
        out_hex(d, get16(d));
        out_c(d, ':');
        out_hex(d, v);
        break;
    case O_Ob:
    case O_Ov:
        v = d->a32 ? get32(d) : get16(d);
        out_s(d,
              o == O_Ob ? "BYTE PTR " : (d->o32 ? "DWORD PTR " : "WORD PTR "));
        if (d->seg < 0) {
            out_s(d, "ds:");
        }
        out_seg_prefix(d);
        out_hex(d, v);
        break;
    case O_AL:
        out_s(d, "al");
        break;
    case O_eAX:
        out_s(d, rv[0]);
        break;
    case O_AX:
        out_s(d, "ax");
        break;
    case O_Zb:
        out_s(d, reg8[d->code[d->len - 1] & 7]);
        break;
    case O_Zv:
        out_s(d, rv[d->code[d->len - 1] & 7]);
        break;
    case O_Sw:
        read_modrm(d);
        out_s(d, sreg[d->reg]);
        break;
    case O_Cd:
    case O_Dd:
        read_modrm(d);
        out_s(d, o == O_Cd ? "cr" : "dr");
        out_c(d, (char)('0' + d->reg));
        break;
    case O_1:
        out_c(d, '1');
        break;
    case O_CL:
        out_s(d, "cl");
        break;
    case O_DX:
        out_s(d, "dx");
        break;
    case O_ES:
    case O_CS:
    case O_SS:
    case O_DS:
    case O_FS:
    case O_GS:
        out_s(d, sreg[o - O_ES]);
        break;
    default:
        out_s(d, "?");
        break;
    }
}

/* Mnemonic, picking the 16- or 32-bit spelling of "a|b". */
static void out_mnemonic(Dis *d, const char *mn)
{
    const char *bar = mn;
    while (*bar && *bar != '|') {
        bar++;
    }
    if (*bar && d->o32) {
        out_s(d, bar + 1);
        return;
    }
    while (mn < bar) {
        out_c(d, *mn++);
    }
}

static void dis_fpu(Dis *d, int opc)
{
    int esc = opc & 7;
    read_modrm(d);
    if (d->mod != 3) {
        const char *mn = fpu_mem[esc][d->reg];
        if (!mn) {
            out_s(d, "(bad)");
            return;
        }
        out_s(d, mn);
        out_c(d, ' ');
        out_mem(d, size_name(fpu_mem_size[esc][d->reg]));
        return;
    }
    switch (d->modrm | esc << 8) {
    case 0x3e3:
        out_s(d, "fninit");
        return;
    case 0x3e2:
        out_s(d, "fnclex");
        return;
    case 0x7e0:
        out_s(d, "fnstsw ax");
        return;
    case 0x1e0:
        out_s(d, "fchs");
        return;
    case 0x1e1:
        out_s(d, "fabs");
        return;
    case 0x1e8:
        out_s(d, "fld1");
        return;
    case 0x1ee:
        out_s(d, "fldz");
        return;
    case 0x1d0:
        out_s(d, "fnop");
        return;
    default:
        break;
    }
    if (esc == 0 || esc == 4 || esc == 6) {
        /* D8: st,st(i); DC: st(i),st; DE: pop forms */
        out_s(d, fpu_arith[d->reg]);
        if (esc == 6) {
            out_c(d, 'p');
        }
        out_s(d, esc == 0 ? " st,st(" : " st(");
        out_c(d, (char)('0' + d->rm));
        out_s(d, esc == 0 ? ")" : "),st");
        return;
    }
    if ((esc == 1 && d->reg <= 1) || (esc == 5 && (d->reg == 3 || !d->reg))) {
        out_s(d, esc == 5 ? (d->reg ? "fstp" : "ffree")
                          : (d->reg ? "fxch" : "fld"));
        out_s(d, " st(");
        out_c(d, (char)('0' + d->rm));
        out_c(d, ')');
        return;
    }
    out_s(d, "(bad)");
}

int x86_disas(char *buf, size_t size, const uint8_t *code, int avail,
              uint32_t eip, bool code32)
{
    Dis d = {
        .code = code,
        .avail = avail,
        .buf = buf,
        .size = size,
        .o32 = code32,
        .a32 = code32,
        .seg = -1,
        .eip = eip,
        .modrm = -1,
    };
    const char *rep = NULL;
    bool lock = false;
    const DisRow *row;
    uint32_t b;

    if (size) {
        buf[0] = 0;
    }
    for (;;) {
        b = get8(&d);
        if (d.truncated) {
            goto bad;
        }
        switch (b) {
        case 0x26:
        case 0x2e:
        case 0x36:
        case 0x3e:
            d.seg = (int)(b >> 3) & 3;
            continue;
        case 0x64:
        case 0x65:
            d.seg = (int)b - 0x64 + R_FS;
            continue;
        case 0x66:
            d.o32 = !code32;
            continue;
        case 0x67:
            d.a32 = !code32;
            continue;
        case 0xf0:
            lock = true;
            continue;
        case 0xf2:
            rep = "repnz ";
            continue;
        case 0xf3:
            rep = "repz ";
            continue;
        default:
            break;
        }
        break;
    }
    if (b == 0x0f) {
        b = 0x100 | get8(&d);
    }
    row = &dis_table[b];
    if (lock) {
        out_s(&d, "lock ");
    }
    if (rep) {
        /* plain "rep" for the string ops that do not compare */
        bool cmp = b == 0xa6 || b == 0xa7 || b == 0xae || b == 0xaf;
        bool str = (b >= 0xa4 && b <= 0xaf && b != 0xa8 && b != 0xa9) ||
                   (b >= 0x6c && b <= 0x6f);
        out_s(&d, str && !cmp ? "rep " : rep);
    }
    if (row->grp == G_FPU) {
        dis_fpu(&d, (int)b);
    } else if (row->grp) {
        const DisRow *g;
        read_modrm(&d);
        g = &dis_groups[row->grp][d.reg];
        if (!g->mn) {
            goto bad;
        }
        out_s(&d, g->mn);
        if (g->a) {
            row = g;
        }
        if ((row->a == O_Mp || row->a == O_M || row->a == O_Mq) && d.mod == 3) {
            goto bad;
        }
        if (row->a == O_Mp) {
            out_s(&d, " far");
            d.nops = 1;
            out_c(&d, ' ');
            out_e(&d, d.o32 ? reg32 : reg16, d.o32 ? 6 : 4);
        } else {
            out_operand(&d, row->a);
        }
        out_operand(&d, row->b);
        out_operand(&d, row->c);
    } else if (row->mn) {
        if (b == 0xe3 && d.a32) {
            out_s(&d, "jecxz");
        } else if ((b == 0xd4 || b == 0xd5) && d.len < d.avail &&
                   code[d.len] == 10) {
            out_s(&d, b == 0xd4 ? "aam" : "aad");
            d.len++;
            goto done;
        } else {
            out_mnemonic(&d, row->mn);
        }
        if ((row->b == O_Mp || row->b == O_M || row->b == O_Ma)) {
            read_modrm(&d);
            if (d.mod == 3) {
                goto bad;
            }
        }
        out_operand(&d, row->a);
        out_operand(&d, row->b);
        out_operand(&d, row->c);
    } else {
        goto bad;
    }
    if (d.truncated) {
        goto bad;
    }
done:
    if (d.seg >= 0 && !d.seg_used) {
        /* an override nothing used (string ops, XLAT): show it */
        char tmp[8] = {0};
        size_t n = strlen(sreg[d.seg]);
        memcpy(tmp, sreg[d.seg], n);
        tmp[n] = ' ';
        if (d.size > n + 1 && d.pos + n + 1 < d.size) {
            memmove(d.buf + n + 1, d.buf, d.pos + 1);
            memcpy(d.buf, tmp, n + 1);
            d.pos += n + 1;
        }
    }
    return d.len;

bad:
    d.pos = 0;
    if (size) {
        buf[0] = 0;
    }
    out_s(&d, "(bad)");
    return d.len > 0 && !d.truncated ? d.len : (avail > 0 ? 1 : 0);
}
