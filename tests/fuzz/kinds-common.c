/*
 * The kinds-diff machinery shared by the bounded test (test-kinds-diff.c)
 * and the libFuzzer harness (fuzz-kinds.c): random sequences of the forms
 * the threaded driver runs inline, and one run of a sequence with the
 * inline kinds on or off, with the state both runs must agree on.
 */
#include <stdio.h>
#include <string.h>

#include "kinds-common.h"
#include "machine/machine-internal.h"
#include "memory/memory.h"
#include "target-i386/translate.h"
#include "tcg/tcg.h"

uint32_t kinds_rnd(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Registers an instruction may write: never EBX (the memory base) or
 * ESP; byte registers likewise (no BL/BH). */
static uint8_t dst_reg(uint32_t *s)
{
    static const uint8_t r[] = {0, 1, 2, 5, 6, 7};
    return r[kinds_rnd(s) % 6];
}

static uint8_t dst_breg(uint32_t *s)
{
    static const uint8_t r[] = {0, 1, 2, 4, 5, 6};
    return r[kinds_rnd(s) % 6];
}

typedef struct Emit {
    uint8_t *p;
    bool pm;
} Emit;

static void b(Emit *e, uint32_t v)
{
    *e->p++ = (uint8_t)v;
}

static void imm(Emit *e, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++) {
        b(e, v >> (8 * i));
    }
}

/* ModRM with reg field r: a register (rm) or [EBX+disp8] / [BX+disp8]. */
static void modrm(Emit *e, uint32_t *s, int r, bool mem, int rm)
{
    if (mem) {
        b(e, 0x40 | (r << 3) | (e->pm ? 3 : 7));
        b(e, kinds_rnd(s) & 0x7f); /* inside the data area */
    } else {
        b(e, 0xc0 | (r << 3) | rm);
    }
}

/* One instruction (or a short fixed pattern) from the inline forms. */
static void emit_one(Emit *e, uint32_t *s)
{
    uint32_t pick = kinds_rnd(s) % 14;
    bool mem = kinds_rnd(s) & 1, byte = (kinds_rnd(s) % 3) == 0;
    bool osz = (kinds_rnd(s) % 4) == 0; /* the other operand size */
    int k = kinds_rnd(s) & 7;

    bool pfx = osz && !byte && pick != 11 && pick != 12;

    int vbytes = e->pm != pfx ? 4 : 2;

    if (pfx) {
        b(e, 0x66);
    }
    switch (pick) {
    case 0: /* ALU E,G / G,E */
    case 1: {
        bool ge = kinds_rnd(s) & 1;
        b(e, k * 8 + (ge ? 2 : 0) + (byte ? 0 : 1));
        /* the destination is the reg field for G,E, the rm field for E,G */
        if (ge) {
            modrm(e, s, byte ? dst_breg(s) : dst_reg(s), mem, kinds_rnd(s) & 7);
        } else {
            modrm(e, s, kinds_rnd(s) & 7, mem, byte ? dst_breg(s) : dst_reg(s));
        }
        break;
    }
    case 2: /* ALU AL/eAX, imm */
        b(e, k * 8 + (byte ? 4 : 5));
        imm(e, kinds_rnd(s), byte ? 1 : vbytes);
        break;
    case 3: { /* group 1: 80 81 83 */
        int o = byte ? 0x80 : ((kinds_rnd(s) & 1) ? 0x83 : 0x81);
        b(e, o);
        modrm(e, s, k, mem, byte ? dst_breg(s) : dst_reg(s));
        imm(e, kinds_rnd(s), o == 0x81 ? vbytes : 1);
        break;
    }
    case 4: /* TEST */
        switch (kinds_rnd(s) % 3) {
        case 0:
            b(e, byte ? 0x84 : 0x85);
            modrm(e, s, kinds_rnd(s) & 7, mem, kinds_rnd(s) & 7);
            break;
        case 1:
            b(e, byte ? 0xa8 : 0xa9);
            imm(e, kinds_rnd(s), byte ? 1 : vbytes);
            break;
        default:
            b(e, byte ? 0xf6 : 0xf7);
            modrm(e, s, 0, mem, kinds_rnd(s) & 7);
            imm(e, kinds_rnd(s), byte ? 1 : vbytes);
            break;
        }
        break;
    case 5: /* MOV */
        switch (kinds_rnd(s) % 4) {
        case 0: /* 88/89: to r/m */
            b(e, byte ? 0x88 : 0x89);
            modrm(e, s, kinds_rnd(s) & 7, mem, byte ? dst_breg(s) : dst_reg(s));
            break;
        case 1: /* 8A/8B: to a register */
            b(e, byte ? 0x8a : 0x8b);
            modrm(e, s, byte ? dst_breg(s) : dst_reg(s), mem, kinds_rnd(s) & 7);
            break;
        case 2: /* B0+r / B8+r */
            b(e, (byte ? 0xb0 : 0xb8) + (byte ? dst_breg(s) : dst_reg(s)));
            imm(e, kinds_rnd(s), byte ? 1 : vbytes);
            break;
        default: /* C6/C7 /0 */
            b(e, byte ? 0xc6 : 0xc7);
            modrm(e, s, 0, mem, byte ? dst_breg(s) : dst_reg(s));
            imm(e, kinds_rnd(s), byte ? 1 : vbytes);
            break;
        }
        break;
    case 6: /* LEA */
        b(e, 0x8d);
        modrm(e, s, dst_reg(s), true, 0);
        break;
    case 7: /* INC/DEC r */
        b(e, ((kinds_rnd(s) & 1) ? 0x40 : 0x48) + dst_reg(s));
        break;
    case 8: { /* shifts and rotates by an immediate or 1 */
        bool one = kinds_rnd(s) & 1;
        b(e, (one ? 0xd0 : 0xc0) + (byte ? 0 : 1));
        modrm(e, s, kinds_rnd(s) & 7, mem, byte ? dst_breg(s) : dst_reg(s));
        if (!one) {
            b(e, kinds_rnd(s) % 40);
        }
        break;
    }
    case 9: /* MOVZX/MOVSX */
        b(e, 0x0f);
        b(e, ((kinds_rnd(s) & 1) ? 0xb6 : 0xbe) + (kinds_rnd(s) & 1));
        modrm(e, s, dst_reg(s), mem, kinds_rnd(s) & 7);
        break;
    case 10: /* PUSH r / POP r */
        if (kinds_rnd(s) & 1) {
            b(e, 0x50 + (kinds_rnd(s) & 7));
        } else {
            b(e, 0x58 + dst_reg(s));
        }
        break;
    case 13: /* IMUL r, r/m [, imm] */
        switch (kinds_rnd(s) % 3) {
        case 0:
            b(e, 0x0f);
            b(e, 0xaf);
            modrm(e, s, dst_reg(s), mem, kinds_rnd(s) & 7);
            break;
        case 1:
            b(e, 0x69);
            modrm(e, s, dst_reg(s), mem, kinds_rnd(s) & 7);
            imm(e, kinds_rnd(s), vbytes);
            break;
        default:
            b(e, 0x6b);
            modrm(e, s, dst_reg(s), mem, kinds_rnd(s) & 7);
            b(e, kinds_rnd(s));
            break;
        }
        break;
    case 11: /* CALL L1; JMP L2; L1: RET; L2: */
        b(e, 0xe8);
        imm(e, 2, e->pm ? 4 : 2); /* over the JMP */
        b(e, 0xeb);
        b(e, 1);
        b(e, 0xc3);
        break;
    default: /* Jcc over INC EDI: taken or not shows in EDI */
        b(e, 0x70 + (kinds_rnd(s) & 15));
        b(e, 1);
        b(e, 0x47);
        break;
    }
}

size_t kinds_make_sequence(uint32_t *s, uint8_t *buf, bool pm)
{
    Emit e = {buf, pm};
    int n = 2 + kinds_rnd(s) % 10;

    for (int i = 0; i < n && e.p - buf < FUZZ_MAX_BYTES - 16; i++) {
        emit_one(&e, s);
    }
    return (size_t)(e.p - buf);
}

MachineExitReason kinds_run_once(const uint8_t *code, size_t len, bool pm,
                                 uint32_t seed, bool inline_kinds, State *st)
{
    CPUX86State *env = &machine_cpu.env;
    uint8_t data[DATA_SIZE];
    uint32_t s = seed | 1;
    MachineRunResult res;

    x86_inline_kinds = inline_kinds;
    tb_flush(&machine_cpu.parent_obj);
    fuzz_load(code, len, pm, seed);
    for (size_t i = 0; i < sizeof(data); i++) {
        data[i] = (uint8_t)kinds_rnd(&s);
    }
    harness_write_ram(DATA_ADDR, data, sizeof(data));
    /* the stack area too: POP may read below what the sequence pushed */
    for (size_t i = 0; i < sizeof(data); i++) {
        data[i] = (uint8_t)kinds_rnd(&s);
    }
    harness_write_ram((pm ? STACK_PM : STACK_RM) - sizeof(data) / 2, data,
                      sizeof(data));
    for (int r = 0; r < 8; r++) {
        uint32_t v = kinds_rnd(&s);
        if (r == R_ESP) {
            v = pm ? STACK_PM : (env->regs[r] & 0xffff0000u) | 0x8000;
        } else if (r == R_EBX) {
            v = pm ? DATA_ADDR + 0x100 : (v & 0xffff0000u) | 0x100;
        }
        env->regs[r] = v;
    }
    if (!pm) {
        cpu_x86_load_seg_real(env, R_DS, DATA_ADDR >> 4);
        cpu_x86_load_seg_real(env, R_SS, 0x5000);
    }
    cpu_load_eflags(env, (kinds_rnd(&s) & 0x8d5) | 0x2, 0x8d5);
    res = harness_run(2000);
    memcpy(st->regs, env->regs, sizeof(st->regs));
    st->eip = env->eip;
    st->eflags = cpu_compute_eflags(env) & 0x8d5;
    st->cc[0] = env->cc_op;
    st->cc[1] = env->cc_dst;
    st->cc[2] = env->cc_src;
    harness_read_ram(DATA_ADDR, st->data, sizeof(st->data));
    harness_read_ram((pm ? STACK_PM : STACK_RM) - sizeof(st->stack), st->stack,
                     sizeof(st->stack));
    return res.reason;
}

void kinds_report(const uint8_t *code, size_t len, const State *a,
                  const State *b)
{
    fprintf(stderr, "code:");
    for (size_t i = 0; i < len; i++) {
        fprintf(stderr, " %02x", code[i]);
    }
    fprintf(stderr, "\n");
    for (int r = 0; r < 8; r++) {
        fprintf(stderr, "r%d %08x %08x\n", r, a->regs[r], b->regs[r]);
    }
    fprintf(stderr, "eip %08x %08x eflags %03x %03x\n", a->eip, b->eip,
            a->eflags, b->eflags);
    fprintf(stderr, "cc_op/dst/src %u %x %x | %u %x %x\n", a->cc[0], a->cc[1],
            a->cc[2], b->cc[0], b->cc[1], b->cc[2]);
    fprintf(stderr, "data %s, stack %s\n",
            memcmp(a->data, b->data, sizeof(a->data)) ? "differ" : "same",
            memcmp(a->stack, b->stack, sizeof(a->stack)) ? "differ" : "same");
}
