/*
 * i386 registers for gdb, in QEMU's numbering (target/i386/gdbstub.c for
 * a 32-bit target), and the target description generated from the same
 * table: GDB's org.gnu.gdb.i386.core (with QEMU's fs_base, gs_base,
 * k_gs_base and control registers in it) and .sse features, plus bmx86's
 * org.bmx86.gdb.i386.sys with the segment caches and the descriptor-table
 * registers, which QEMU does not offer (deviation, docs/deviations.md).
 * This CPU has no x87 or SSE yet: those registers read as their reset
 * values and writes to them are accepted and dropped, as QEMU does for the
 * x87 pointer registers.
 */
#include "gdbstub/gdbstub.h"
#include "target-i386/cpu.h"

typedef struct GDBRegDesc {
    const char *name;
    uint8_t bytes;
    const char *type;
} GDBRegDesc;

static const GDBRegDesc regs[GDB_I386_NUM_REGS] = {
    {"eax", 4, "int32"},
    {"ecx", 4, "int32"},
    {"edx", 4, "int32"},
    {"ebx", 4, "int32"},
    {"esp", 4, "data_ptr"},
    {"ebp", 4, "data_ptr"},
    {"esi", 4, "int32"},
    {"edi", 4, "int32"},
    {"eip", 4, "code_ptr"},
    {"eflags", 4, "i386_eflags"},
    {"cs", 4, "int32"},
    {"ss", 4, "int32"},
    {"ds", 4, "int32"},
    {"es", 4, "int32"},
    {"fs", 4, "int32"},
    {"gs", 4, "int32"},
    {"fs_base", 4, "int32"},
    {"gs_base", 4, "int32"},
    {"k_gs_base", 4, "int32"},
    {"cr0", 4, "int32"},
    {"cr2", 4, "int32"},
    {"cr3", 4, "int32"},
    {"cr4", 4, "int32"},
    {"cr8", 4, "int32"},
    {"efer", 4, "int32"},
    {"st0", 10, "i387_ext"},
    {"st1", 10, "i387_ext"},
    {"st2", 10, "i387_ext"},
    {"st3", 10, "i387_ext"},
    {"st4", 10, "i387_ext"},
    {"st5", 10, "i387_ext"},
    {"st6", 10, "i387_ext"},
    {"st7", 10, "i387_ext"},
    {"fctrl", 4, "int"},
    {"fstat", 4, "int"},
    {"ftag", 4, "int"},
    {"fiseg", 4, "int"},
    {"fioff", 4, "int"},
    {"foseg", 4, "int"},
    {"fooff", 4, "int"},
    {"fop", 4, "int"},
    {"xmm0", 16, "vec128"},
    {"xmm1", 16, "vec128"},
    {"xmm2", 16, "vec128"},
    {"xmm3", 16, "vec128"},
    {"xmm4", 16, "vec128"},
    {"xmm5", 16, "vec128"},
    {"xmm6", 16, "vec128"},
    {"xmm7", 16, "vec128"},
    {"mxcsr", 4, "int"},
    {"cs_base", 4, "data_ptr"},
    {"ss_base", 4, "data_ptr"},
    {"ds_base", 4, "data_ptr"},
    {"es_base", 4, "data_ptr"},
    {"cs_limit", 4, "int32"},
    {"ss_limit", 4, "int32"},
    {"ds_limit", 4, "int32"},
    {"es_limit", 4, "int32"},
    {"fs_limit", 4, "int32"},
    {"gs_limit", 4, "int32"},
    {"gdtr_base", 4, "data_ptr"},
    {"gdtr_limit", 4, "int32"},
    {"idtr_base", 4, "data_ptr"},
    {"idtr_limit", 4, "int32"},
    {"ldtr", 4, "int32"},
    {"tr", 4, "int32"},
};

enum {
    IDX_EIP = 8,
    IDX_EFLAGS = 9,
    IDX_SEG = 10, /* cs ss ds es fs gs */
    IDX_FS_BASE = 16,
    IDX_GS_BASE = 17,
    IDX_CR0 = 19,
    IDX_CR2 = 20,
    IDX_CR3 = 21,
    IDX_CR4 = 22,
    IDX_ST0 = 25,
    IDX_FCTRL = 33,
    IDX_FSTAT = 34,
    IDX_FTAG = 35,
    IDX_FISEG = 36,
    IDX_FIOFF = 37,
    IDX_FOSEG = 38,
    IDX_FOOFF = 39,
    IDX_FOP = 40,
    IDX_MXCSR = 49,
    IDX_SEG_BASE = 50,  /* cs ss ds es */
    IDX_SEG_LIMIT = 54, /* cs ss ds es fs gs */
    IDX_GDTR_BASE = 60,
    IDX_GDTR_LIMIT = 61,
    IDX_IDTR_BASE = 62,
    IDX_IDTR_LIMIT = 63,
    IDX_LDTR = 64,
    IDX_TR = 65,
};
/* gdb's segment order cs ss ds es fs gs, as R_* indexes */
static const int seg_map[6] = {R_CS, R_SS, R_DS, R_ES, R_FS, R_GS};

static void st32(uint8_t *buf, uint32_t v)
{
    buf[0] = (uint8_t)v;
    buf[1] = (uint8_t)(v >> 8);
    buf[2] = (uint8_t)(v >> 16);
    buf[3] = (uint8_t)(v >> 24);
}

static uint32_t ld32(const uint8_t *buf)
{
    return buf[0] | buf[1] << 8 | buf[2] << 16 | (uint32_t)buf[3] << 24;
}

/* The 32-bit value of register n (only for 4-byte registers). */
static uint32_t reg_value(CPUX86State *env, int n)
{
    if (n < 8) {
        return env->regs[n];
    }
    if (n >= IDX_SEG && n < IDX_SEG + 6) {
        return env->segs[seg_map[n - IDX_SEG]].selector;
    }
    if (n >= IDX_SEG_BASE && n < IDX_SEG_BASE + 4) {
        return env->segs[seg_map[n - IDX_SEG_BASE]].base;
    }
    if (n >= IDX_SEG_LIMIT && n < IDX_SEG_LIMIT + 6) {
        return env->segs[seg_map[n - IDX_SEG_LIMIT]].limit;
    }
    switch (n) {
    case IDX_EIP:
        return env->eip;
    case IDX_EFLAGS:
        return cpu_compute_eflags(env);
    case IDX_FS_BASE:
        return env->segs[R_FS].base;
    case IDX_GS_BASE:
        return env->segs[R_GS].base;
    case IDX_CR0:
        return env->cr[0];
    case IDX_CR2:
        return env->cr[2];
    case IDX_CR3:
        return env->cr[3];
    case IDX_CR4:
        return env->cr[4];
    case 24: /* efer: nothing of long mode here */
        return (uint32_t)env->efer;
    case IDX_FCTRL:
        return env->fpuc;
    case IDX_FSTAT:
        return fpu_get_fsw(env);
    case IDX_FTAG:
        return fpu_get_ftw(env);
    case IDX_FISEG:
        return env->fpcs;
    case IDX_FIOFF:
        return env->fpip;
    case IDX_FOSEG:
        return env->fpds;
    case IDX_FOOFF:
        return env->fpdp;
    case IDX_FOP:
        return env->fpop;
    case IDX_MXCSR:
        return 0x1f80;
    case IDX_GDTR_BASE:
        return env->gdt.base;
    case IDX_GDTR_LIMIT:
        return env->gdt.limit;
    case IDX_IDTR_BASE:
        return env->idt.base;
    case IDX_IDTR_LIMIT:
        return env->idt.limit;
    case IDX_LDTR:
        return env->ldt.selector;
    case IDX_TR:
        return env->tr.selector;
    default: /* k_gs_base, cr8 */
        return 0;
    }
}

int gdb_i386_read_register(CPUState *cs, uint8_t *buf, int n)
{
    CPUX86State *env = cs->env_ptr;

    if (n < 0 || n >= GDB_I386_NUM_REGS) {
        return 0;
    }
    if (n >= IDX_ST0 && n < IDX_ST0 + 8) {
        /* GDB's st0 is the stack top, ST(0), as FSAVE stores them */
        const floatx80 *f = &env->fpregs[(env->fpstt + n - IDX_ST0) & 7];
        for (int i = 0; i < 8; i++) {
            buf[i] = (uint8_t)(f->low >> (8 * i));
        }
        buf[8] = (uint8_t)f->high;
        buf[9] = (uint8_t)(f->high >> 8);
        return 10;
    }
    if (regs[n].bytes != 4) {
        memset(buf, 0, regs[n].bytes); /* xmm0-7: no SSE */
        return regs[n].bytes;
    }
    st32(buf, reg_value(env, n));
    return 4;
}

/* QEMU's x86_cpu_gdb_load_seg: a new selector reloads the cache, from
 * the descriptor table in protected mode (read by the debug walk); an
 * unreadable descriptor leaves the register as it was. */
static void load_seg(CPUX86State *env, int seg, uint32_t sel)
{
    sel &= 0xffff;
    if (sel == env->segs[seg].selector) {
        return;
    }
    if (!(env->cr[0] & CR0_PE_MASK) || (env->eflags & VM_MASK)) {
        cpu_x86_load_seg_real(env, seg, sel);
        return;
    }
    if ((sel & ~3u) == 0) {
        cpu_x86_load_seg_cache(env, seg, sel, 0, 0, 0);
        return;
    }
    {
        const SegmentCache *dt = (sel & 4) ? &env->ldt : &env->gdt;
        uint8_t d[8];
        uint32_t e1, e2, base, limit;
        if ((sel | 7) > dt->limit ||
            cpu_memory_rw_debug(env_cpu(env), dt->base + (sel & ~7u), d, 8,
                                false) < 0) {
            return;
        }
        e1 = ld32(d);
        e2 = ld32(d + 4);
        base = (e1 >> 16) | ((e2 & 0xff) << 16) | (e2 & 0xff000000u);
        limit = (e1 & 0xffff) | (e2 & 0x000f0000u);
        if (e2 & DESC_G_MASK) {
            limit = (limit << 12) | 0xfff;
        }
        cpu_x86_load_seg_cache(env, seg, sel, base, limit, e2);
    }
}

int gdb_i386_write_register(CPUState *cs, const uint8_t *buf, int size, int n)
{
    CPUX86State *env = cs->env_ptr;
    uint32_t v;

    if (n < 0 || n >= GDB_I386_NUM_REGS || size != regs[n].bytes) {
        return 0;
    }
    if (n >= IDX_ST0 && n < IDX_ST0 + 8) {
        floatx80 *f = &env->fpregs[(env->fpstt + n - IDX_ST0) & 7];
        f->low = 0;
        for (int i = 0; i < 8; i++) {
            f->low |= (uint64_t)buf[i] << (8 * i);
        }
        f->high = (uint16_t)(buf[8] | buf[9] << 8);
        return 10;
    }
    if (size != 4) {
        return size; /* xmm0-7: no SSE to write */
    }
    v = ld32(buf);
    if (n < 8) {
        env->regs[n] = v;
    } else if (n >= IDX_SEG && n < IDX_SEG + 6) {
        load_seg(env, seg_map[n - IDX_SEG], v);
    } else if (n >= IDX_SEG_BASE && n < IDX_SEG_BASE + 4) {
        env->segs[seg_map[n - IDX_SEG_BASE]].base = v;
    } else if (n >= IDX_SEG_LIMIT && n < IDX_SEG_LIMIT + 6) {
        env->segs[seg_map[n - IDX_SEG_LIMIT]].limit = v;
    } else {
        switch (n) {
        case IDX_EIP:
            env->eip = v;
            break;
        case IDX_EFLAGS:
            cpu_load_eflags(env, v, ~0u);
            break;
        case IDX_FS_BASE:
            env->segs[R_FS].base = v;
            break;
        case IDX_GS_BASE:
            env->segs[R_GS].base = v;
            break;
        case IDX_CR0:
            cpu_x86_update_cr0(env, v);
            break;
        case IDX_CR2:
            env->cr[2] = v;
            break;
        case IDX_CR3:
            cpu_x86_update_cr3(env, v);
            break;
        case IDX_CR4:
            cpu_x86_update_cr4(env, v);
            break;
        case IDX_GDTR_BASE:
            env->gdt.base = v;
            break;
        case IDX_GDTR_LIMIT:
            env->gdt.limit = v & 0xffff;
            break;
        case IDX_IDTR_BASE:
            env->idt.base = v;
            break;
        case IDX_IDTR_LIMIT:
            env->idt.limit = v & 0xffff;
            break;
        case IDX_FCTRL:
            cpu_set_fpuc(env, (uint16_t)v);
            break;
        case IDX_FSTAT:
            fpu_set_fsw(env, (uint16_t)v);
            break;
        case IDX_FTAG:
            fpu_set_ftw(env, (uint16_t)v);
            break;
        case IDX_FISEG:
            env->fpcs = (uint16_t)v;
            break;
        case IDX_FIOFF:
            env->fpip = v;
            break;
        case IDX_FOSEG:
            env->fpds = (uint16_t)v;
            break;
        case IDX_FOOFF:
            env->fpdp = v;
            break;
        case IDX_FOP:
            env->fpop = (uint16_t)(v & 0x7ff);
            break;
        default: /* k_gs_base, cr8, efer, mxcsr, ldtr, tr */
            break;
        }
    }
    /* hflags (CPL, CS32, ADDSEG...), the TLB and the jump cache follow */
    x86_cpu_state_changed(X86_CPU(cs));
    return 4;
}

/* ---- target description, generated once from the table ---- */

static char xml[8192];
static size_t xml_len;

static void xml_add(const char *s)
{
    size_t n = strlen(s);
    if (xml_len + n < sizeof(xml)) {
        memcpy(xml + xml_len, s, n);
        xml_len += n;
        xml[xml_len] = 0;
    }
}

static void xml_add_num(unsigned v)
{
    char b[12];
    int i = (int)sizeof(b) - 1;

    b[i] = 0;
    do {
        b[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    xml_add(b + i);
}

static void xml_regs(int first, int end)
{
    for (int n = first; n < end; n++) {
        xml_add("<reg name=\"");
        xml_add(regs[n].name);
        xml_add("\" bitsize=\"");
        xml_add_num(regs[n].bytes * 8u);
        xml_add("\" type=\"");
        xml_add(regs[n].type);
        xml_add("\" regnum=\"");
        xml_add_num((unsigned)n);
        xml_add(n >= 33 && n < 41 ? "\" group=\"float\"/>" : "\"/>");
    }
}

static const struct {
    const char *name;
    uint8_t bit;
} eflags_bits[] = {
    {"CF", 0},  {"PF", 2},   {"AF", 4},   {"ZF", 6},  {"SF", 7},  {"TF", 8},
    {"IF", 9},  {"DF", 10},  {"OF", 11},  {"NT", 14}, {"RF", 16}, {"VM", 17},
    {"AC", 18}, {"VIF", 19}, {"VIP", 20}, {"ID", 21},
};

static void xml_build(void)
{
    xml_add("<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM "
            "\"gdb-target.dtd\"><target><architecture>i386</architecture>"
            "<feature name=\"org.gnu.gdb.i386.core\">"
            "<flags id=\"i386_eflags\" size=\"4\">");
    for (size_t i = 0; i < ARRAY_SIZE(eflags_bits); i++) {
        xml_add("<field name=\"");
        xml_add(eflags_bits[i].name);
        xml_add("\" start=\"");
        xml_add_num(eflags_bits[i].bit);
        xml_add("\" end=\"");
        xml_add_num(eflags_bits[i].bit);
        xml_add("\"/>");
    }
    xml_add("</flags>");
    xml_regs(0, 41);
    xml_add("</feature><feature name=\"org.gnu.gdb.i386.sse\">"
            "<vector id=\"v4i32\" type=\"int32\" count=\"4\"/>"
            "<union id=\"vec128\"><field name=\"v4_int32\" type=\"v4i32\"/>"
            "<field name=\"uint128\" type=\"uint128\"/></union>");
    xml_regs(41, 50);
    xml_add("</feature><feature name=\"org.bmx86.gdb.i386.sys\">");
    xml_regs(50, GDB_I386_NUM_REGS);
    xml_add("</feature></target>");
}

const char *gdb_i386_xml(const char *annex)
{
    if (strcmp(annex, "target.xml") != 0) {
        return NULL;
    }
    if (!xml_len) {
        xml_build();
    }
    return xml;
}
