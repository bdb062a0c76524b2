/*
 * Differential test of the threaded driver's inline kinds (run.c) against
 * the op handlers (exec-*.c): seeded random sequences built from the
 * instruction forms the driver runs inline (ALU in every form and size,
 * TEST, MOV, LEA, INC/DEC, shifts by an immediate, MOVZX/MOVSX, IMUL,
 * PUSH/POP, CALL/RET, and Jcc right after a flag-setting op, which the
 * translator fuses) run twice on the harness machine: once as translated, once
 * with x86_inline_kinds off so that every op calls its handler. Registers, EIP,
 * the arithmetic flags, the data area and the stack must agree. In 32-bit
 * protected mode (flat SS: the stack kinds apply) and real mode.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fuzz-common.h"
#include "machine/machine-internal.h"
#include "memory/memory.h"
#include "target-i386/translate.h"
#include "tcg/tcg.h"
#include "test-host.h"

#define SEQUENCES 20000
#define DATA_ADDR 0x30000u /* EBX (protected mode) or DS:BX (real mode) */
#define DATA_SIZE 0x400u
#define STACK_PM  0x80000u
#define STACK_RM  0x58000u /* SS = 0x5000, SP = 0x8000 */

typedef struct State {
    uint32_t regs[8], eip, eflags;
    uint8_t data[DATA_SIZE], stack[0x200];
    uint32_t cc[3]; /* lazy flags, for the report (not compared) */
} State;

static uint32_t rnd(uint32_t *s)
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
    return r[rnd(s) % 6];
}

static uint8_t dst_breg(uint32_t *s)
{
    static const uint8_t r[] = {0, 1, 2, 4, 5, 6};
    return r[rnd(s) % 6];
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
        b(e, rnd(s) & 0x7f); /* inside the data area */
    } else {
        b(e, 0xc0 | (r << 3) | rm);
    }
}

/* One instruction (or a short fixed pattern) from the inline forms. */
static void emit_one(Emit *e, uint32_t *s)
{
    uint32_t pick = rnd(s) % 14;
    bool mem = rnd(s) & 1, byte = (rnd(s) % 3) == 0;
    bool osz = (rnd(s) % 4) == 0; /* the other operand size */
    int k = rnd(s) & 7;

    bool pfx = osz && !byte && pick != 11 && pick != 12;

    int vbytes = e->pm != pfx ? 4 : 2;

    if (pfx) {
        b(e, 0x66);
    }
    switch (pick) {
    case 0: /* ALU E,G / G,E */
    case 1: {
        bool ge = rnd(s) & 1;
        b(e, k * 8 + (ge ? 2 : 0) + (byte ? 0 : 1));
        /* the destination is the reg field for G,E, the rm field for E,G */
        if (ge) {
            modrm(e, s, byte ? dst_breg(s) : dst_reg(s), mem, rnd(s) & 7);
        } else {
            modrm(e, s, rnd(s) & 7, mem, byte ? dst_breg(s) : dst_reg(s));
        }
        break;
    }
    case 2: /* ALU AL/eAX, imm */
        b(e, k * 8 + (byte ? 4 : 5));
        imm(e, rnd(s), byte ? 1 : vbytes);
        break;
    case 3: { /* group 1: 80 81 83 */
        int o = byte ? 0x80 : ((rnd(s) & 1) ? 0x83 : 0x81);
        b(e, o);
        modrm(e, s, k, mem, byte ? dst_breg(s) : dst_reg(s));
        imm(e, rnd(s), o == 0x81 ? vbytes : 1);
        break;
    }
    case 4: /* TEST */
        switch (rnd(s) % 3) {
        case 0:
            b(e, byte ? 0x84 : 0x85);
            modrm(e, s, rnd(s) & 7, mem, rnd(s) & 7);
            break;
        case 1:
            b(e, byte ? 0xa8 : 0xa9);
            imm(e, rnd(s), byte ? 1 : vbytes);
            break;
        default:
            b(e, byte ? 0xf6 : 0xf7);
            modrm(e, s, 0, mem, rnd(s) & 7);
            imm(e, rnd(s), byte ? 1 : vbytes);
            break;
        }
        break;
    case 5: /* MOV */
        switch (rnd(s) % 4) {
        case 0: /* 88/89: to r/m */
            b(e, byte ? 0x88 : 0x89);
            modrm(e, s, rnd(s) & 7, mem, byte ? dst_breg(s) : dst_reg(s));
            break;
        case 1: /* 8A/8B: to a register */
            b(e, byte ? 0x8a : 0x8b);
            modrm(e, s, byte ? dst_breg(s) : dst_reg(s), mem, rnd(s) & 7);
            break;
        case 2: /* B0+r / B8+r */
            b(e, (byte ? 0xb0 : 0xb8) + (byte ? dst_breg(s) : dst_reg(s)));
            imm(e, rnd(s), byte ? 1 : vbytes);
            break;
        default: /* C6/C7 /0 */
            b(e, byte ? 0xc6 : 0xc7);
            modrm(e, s, 0, mem, byte ? dst_breg(s) : dst_reg(s));
            imm(e, rnd(s), byte ? 1 : vbytes);
            break;
        }
        break;
    case 6: /* LEA */
        b(e, 0x8d);
        modrm(e, s, dst_reg(s), true, 0);
        break;
    case 7: /* INC/DEC r */
        b(e, ((rnd(s) & 1) ? 0x40 : 0x48) + dst_reg(s));
        break;
    case 8: { /* shifts and rotates by an immediate or 1 */
        bool one = rnd(s) & 1;
        b(e, (one ? 0xd0 : 0xc0) + (byte ? 0 : 1));
        modrm(e, s, rnd(s) & 7, mem, byte ? dst_breg(s) : dst_reg(s));
        if (!one) {
            b(e, rnd(s) % 40);
        }
        break;
    }
    case 9: /* MOVZX/MOVSX */
        b(e, 0x0f);
        b(e, ((rnd(s) & 1) ? 0xb6 : 0xbe) + (rnd(s) & 1));
        modrm(e, s, dst_reg(s), mem, rnd(s) & 7);
        break;
    case 10: /* PUSH r / POP r */
        if (rnd(s) & 1) {
            b(e, 0x50 + (rnd(s) & 7));
        } else {
            b(e, 0x58 + dst_reg(s));
        }
        break;
    case 13: /* IMUL r, r/m [, imm] */
        switch (rnd(s) % 3) {
        case 0:
            b(e, 0x0f);
            b(e, 0xaf);
            modrm(e, s, dst_reg(s), mem, rnd(s) & 7);
            break;
        case 1:
            b(e, 0x69);
            modrm(e, s, dst_reg(s), mem, rnd(s) & 7);
            imm(e, rnd(s), vbytes);
            break;
        default:
            b(e, 0x6b);
            modrm(e, s, dst_reg(s), mem, rnd(s) & 7);
            b(e, rnd(s));
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
        b(e, 0x70 + (rnd(s) & 15));
        b(e, 1);
        b(e, 0x47);
        break;
    }
}

static size_t make_sequence(uint32_t *s, uint8_t *buf, bool pm)
{
    Emit e = {buf, pm};
    int n = 2 + rnd(s) % 10;

    for (int i = 0; i < n && e.p - buf < FUZZ_MAX_BYTES - 16; i++) {
        emit_one(&e, s);
    }
    return (size_t)(e.p - buf);
}

static void run_once(const uint8_t *code, size_t len, bool pm, uint32_t seed,
                     bool inline_kinds, State *st)
{
    CPUX86State *env = &machine_cpu.env;
    uint8_t data[DATA_SIZE];
    uint32_t s = seed | 1;
    MachineRunResult res;

    x86_inline_kinds = inline_kinds;
    tb_flush(&machine_cpu.parent_obj);
    fuzz_load(code, len, pm, seed);
    for (size_t i = 0; i < sizeof(data); i++) {
        data[i] = (uint8_t)rnd(&s);
    }
    harness_write_ram(DATA_ADDR, data, sizeof(data));
    /* the stack area too: POP may read below what the sequence pushed */
    for (size_t i = 0; i < sizeof(data); i++) {
        data[i] = (uint8_t)rnd(&s);
    }
    harness_write_ram((pm ? STACK_PM : STACK_RM) - sizeof(data) / 2, data,
                      sizeof(data));
    for (int r = 0; r < 8; r++) {
        uint32_t v = rnd(&s);
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
    cpu_load_eflags(env, (rnd(&s) & 0x8d5) | 0x2, 0x8d5);
    res = harness_run(2000);
    assert_int_equal(res.reason, MACHINE_EXIT_HLT);
    memcpy(st->regs, env->regs, sizeof(st->regs));
    st->eip = env->eip;
    st->eflags = cpu_compute_eflags(env) & 0x8d5;
    st->cc[0] = env->cc_op;
    st->cc[1] = env->cc_dst;
    st->cc[2] = env->cc_src;
    harness_read_ram(DATA_ADDR, st->data, sizeof(st->data));
    harness_read_ram((pm ? STACK_PM : STACK_RM) - sizeof(st->stack), st->stack,
                     sizeof(st->stack));
}

static void report(const uint8_t *code, size_t len, const State *a,
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

static void diff_mode(bool pm, uint32_t seed)
{
    uint32_t s = seed;
    unsigned mismatches = 0;
    /* KINDS_N=n for a longer run by hand; KINDS_SEED_BASE=n for others */
    int count = getenv("KINDS_N") ? atoi(getenv("KINDS_N")) : SEQUENCES;

    if (getenv("KINDS_SEED_BASE")) {
        s ^= (uint32_t)atol(getenv("KINDS_SEED_BASE")) * 0x9e3779b9u;
    }
    fuzz_init();
    for (int i = 0; i < count; i++) {
        uint8_t code[FUZZ_MAX_BYTES];
        uint32_t regs_seed = rnd(&s);
        size_t len = make_sequence(&s, code, pm);
        State fast, slow;

        run_once(code, len, pm, regs_seed, true, &fast);
        run_once(code, len, pm, regs_seed, false, &slow);
        if (memcmp(&fast, &slow, offsetof(State, cc)) != 0) {
            if (mismatches++ < 3) {
                report(code, len, &fast, &slow);
                if (getenv("KINDS_TRACE")) {
                    /* the first mismatch again, traced both ways */
                    qemu_loglevel = CPU_LOG_TB_IN_ASM | CPU_LOG_TB_CPU;
                    run_once(code, len, pm, regs_seed, true, &fast);
                    run_once(code, len, pm, regs_seed, false, &slow);
                    qemu_loglevel = 0;
                }
            }
        }
    }
    x86_inline_kinds = true;
    tb_flush(&machine_cpu.parent_obj);
    printf("kinds-diff (%s): %d sequences, %u mismatches\n",
           pm ? "protected mode" : "real mode", count, mismatches);
    assert_int_equal(mismatches, 0);
}

/* KINDS_CODE="hex bytes" KINDS_PM=0|1 KINDS_SEED=n: one sequence, traced
 * (a reproducer from a report). */
static void test_kinds_one(void **state)
{
    const char *hex = getenv("KINDS_CODE");
    uint8_t code[FUZZ_MAX_BYTES];
    size_t len = 0;
    bool pm = getenv("KINDS_PM") && atoi(getenv("KINDS_PM"));
    uint32_t seed =
        getenv("KINDS_SEED") ? (uint32_t)atol(getenv("KINDS_SEED")) : 1;
    State fast, slow;

    (void)state;
    if (!hex) {
        skip();
    }
    while (*hex && len < sizeof(code)) {
        char *end;
        unsigned long v = strtoul(hex, &end, 16);
        if (end == hex) {
            break;
        }
        code[len++] = (uint8_t)v;
        hex = end;
    }
    fuzz_init();
    qemu_loglevel = CPU_LOG_TB_IN_ASM | CPU_LOG_TB_CPU;
    run_once(code, len, pm, seed, true, &fast);
    run_once(code, len, pm, seed, false, &slow);
    qemu_loglevel = 0;
    report(code, len, &fast, &slow);
    x86_inline_kinds = true;
    assert_memory_equal(&fast, &slow, offsetof(State, cc));
}

static void test_kinds_pm(void **state)
{
    (void)state;
    diff_mode(true, 0x1badb002u);
}

static void test_kinds_real(void **state)
{
    (void)state;
    diff_mode(false, 0xcafef00du);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds_one),
        cmocka_unit_test(test_kinds_pm),
        cmocka_unit_test(test_kinds_real),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
