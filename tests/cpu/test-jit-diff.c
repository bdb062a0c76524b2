/*
 * The code generator against the interpreter (issue 15): the same program
 * from the same start state through both back ends (tcg_accel), then the
 * whole CPU state compared -- registers, EFLAGS (cpu_compute_eflags), eip,
 * segments, hflags, the instruction count -- and the first 64 KiB of RAM
 * (code, data, stack, IVT). Programs: random bytes (16- and 32-bit code)
 * and structured ones, random instructions of the kinds the generator has
 * code for, around loops and over memory, in 32-bit flat code ("big real
 * mode": CS.B and 4 GiB segments) and 16-bit code. Every interrupt vector
 * leads to a HLT, which ends a run, as does the instruction budget.
 * A board test (tests/cpu/board-tests.txt); hosted, where nothing generated
 * can run, it only checks the interpreter against itself.
 */
#include <stdio.h>
#include <string.h>

#include "cpu-fixture.h"
#include "tcg/tcg.h"

#define CODE     0x1000u
#define HLT_AT   0x0f00u
#define SUB_AT   0x1f00u /* a subroutine: ret */
#define WINDOW   0x10000u
#define BUDGET   4000
#define MAX_CODE 1024
#define U(x)     ((unsigned)(x)) /* uint32_t is long on newlib */

typedef struct State {
    uint32_t regs[8], eip, eflags, hflags, sel[6], base[6];
    uint64_t icount;
    int ret;
} State;

static uint8_t mem_a[WINDOW], mem_b[WINDOW];
static uint8_t code[MAX_CODE];
static size_t code_len;
static uint32_t rng = 0x2545f491u;
static unsigned cases, tbs_gen, tbs_interp;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static void emit(uint8_t b)
{
    if (code_len < MAX_CODE - 16) {
        code[code_len++] = b;
    }
}

static void emit32(uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        emit((uint8_t)(v >> (8 * i)));
    }
}

/* ---- the start state ---- */

static uint32_t start_regs[8];
static uint32_t start_flags;
static bool start_32;

static void setup(void)
{
    cpu_fixture_reset(X86_CPU_686);
    memset(high_ram, 0, 0x100000);  /* what a wild store left there */
    for (int v = 0; v < 256; v++) { /* every vector: 0000:0F00, HLT */
        uint8_t e[4] = {HLT_AT & 0xff, HLT_AT >> 8, 0, 0};
        put_bytes(v * 4u, e, 4);
    }
    put_bytes(HLT_AT, (const uint8_t[]){0xf4}, 1);
    put_bytes(SUB_AT, (const uint8_t[]){0xc3}, 1);
    for (uint32_t a = 0x2000; a < 0x8000; a += 4) { /* data: a pattern */
        uint32_t v = a * 0x9e3779b1u;
        put_bytes(a, (const uint8_t *)&v, 4);
    }
    put_bytes(CODE, code, code_len);
    if (start_32) {
        /* big real mode: 32-bit code and stack, flat 4 GiB data */
        for (int s = 0; s < 6; s++) {
            SegmentCache *sc = &env->segs[s];
            cpu_x86_load_seg_cache(
                env, s, 0, 0, 0xffffffffu,
                sc->flags | (s == R_CS || s == R_SS ? DESC_B_MASK : 0));
        }
        x86_update_hflags(env);
    }
    memcpy(env->regs, start_regs, sizeof(start_regs));
    env->regs[R_ESP] = start_32 ? 0x8000 : 0x8000;
    cpu_load_eflags(env, start_flags, CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C);
    env->eip = CODE;
}

static void run(TCGAccel accel, State *st, uint8_t *mem)
{
    memset(st, 0, sizeof(*st)); /* padding too: compared with memcmp */
    tcg_accel = accel;
    setup();
    st->ret = run_until_hlt(BUDGET);
    memcpy(st->regs, env->regs, sizeof(st->regs));
    st->eip = env->eip;
    st->eflags = cpu_compute_eflags(env);
    st->hflags = env->hflags;
    for (int s = 0; s < 6; s++) {
        st->sel[s] = env->segs[s].selector;
        st->base[s] = env->segs[s].base;
    }
    st->icount = cs->icount;
    memcpy(mem, low_ram, WINDOW);
    if (accel == TCG_ACCEL_JIT) { /* (the fixture's reset zeroes them) */
        tbs_gen += tcg_stats.jit_tbs;
        tbs_interp += tcg_stats.tb_interp;
    }
    tcg_accel = TCG_ACCEL_INTERP;
}

static void dump_code(void)
{
    printf("  %s code (%u bytes):", start_32 ? "32-bit" : "16-bit",
           (unsigned)code_len);
    for (size_t i = 0; i < code_len; i++) {
        printf("%s%02x", i % 24 ? " " : "\n    ", code[i]);
    }
    printf("\n");
}

/* One case: false (and the difference printed) if the back ends differ. */
static bool diff_case(const char *what)
{
    State a, b;
    TCGAccel other =
        tcg_accel_jit_available() ? TCG_ACCEL_JIT : TCG_ACCEL_INTERP;

    run(TCG_ACCEL_INTERP, &a, mem_a);
    run(other, &b, mem_b);
    cases++;
    if (memcmp(&a, &b, sizeof(a)) == 0 && memcmp(mem_a, mem_b, WINDOW) == 0) {
        return true;
    }
    printf("jit-diff: case %u (%s) differs:\n", cases, what);
    for (int r = 0; r < 8; r++) {
        if (a.regs[r] != b.regs[r]) {
            printf("  reg %d: interp %08x jit %08x\n", r, U(a.regs[r]),
                   U(b.regs[r]));
        }
    }
    if (a.eip != b.eip || a.eflags != b.eflags || a.hflags != b.hflags) {
        printf("  eip %08x/%08x eflags %08x/%08x hflags %08x/%08x\n", U(a.eip),
               U(b.eip), U(a.eflags), U(b.eflags), U(a.hflags), U(b.hflags));
    }
    if (a.icount != b.icount || a.ret != b.ret) {
        printf("  icount %lu/%lu ret %x/%x\n", (unsigned long)a.icount,
               (unsigned long)b.icount, a.ret, b.ret);
    }
    for (uint32_t i = 0; i < WINDOW; i++) {
        if (mem_a[i] != mem_b[i]) {
            printf("  mem[%05x]: interp %02x jit %02x\n", (unsigned)i, mem_a[i],
                   mem_b[i]);
            break;
        }
    }
    printf("  start: eax %08x ecx %08x edx %08x ebx %08x ebp %08x esi %08x "
           "edi %08x flags %03x\n",
           U(start_regs[0]), U(start_regs[1]), U(start_regs[2]),
           U(start_regs[3]), U(start_regs[5]), U(start_regs[6]),
           U(start_regs[7]), U(start_flags));
    dump_code();
    return false;
}

/* ---- programs ---- */

static void random_start(void)
{
    for (int r = 0; r < 8; r++) {
        uint32_t v = rnd();
        /* most registers point into the data window, some are wild */
        start_regs[r] = (rnd() & 3) ? 0x2000 + (v & 0x3ffc) + (v >> 30) : v;
    }
    start_flags = rnd() & (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C);
}

/* A ModRM operand: a register, or [base + disp8] / [base + index*s + d8]
 * with a base that points into the data window at the start. */
static void modrm(int reg)
{
    int m = (int)(rnd() % 4);
    int rm = (int)(rnd() % 8);
    if (m == 0 || !start_32) {
        if (!start_32 && m != 0) { /* 16-bit: [bx+si+d8] .. [bx+d8] */
            emit((uint8_t)(0x40 | reg << 3 | (rm == 6 ? 7 : rm)));
            emit((uint8_t)(rnd() & 0x7f));
            return;
        }
        emit((uint8_t)(0xc0 | reg << 3 | rm));
        return;
    }
    if (rm == 4 || m == 3) { /* SIB: base + index << scale + disp8 */
        int base = (int)(rnd() % 8), index = (int)(rnd() % 8);
        if (base == 4) {
            base = 3;
        }
        emit((uint8_t)(0x44 | reg << 3));
        emit((uint8_t)((rnd() % 4) << 6 | index << 3 | base));
        emit((uint8_t)(rnd() & 0x7f));
        return;
    }
    emit((uint8_t)(0x40 | reg << 3 | rm));
    emit((uint8_t)(rnd() & 0x7f));
}

static void imm_ot(int ot)
{
    uint32_t v = rnd();
    if (rnd() & 1) {
        v &= 0xff;
    }
    emit((uint8_t)v);
    if (ot >= 1) {
        emit((uint8_t)(v >> 8));
    }
    if (ot == 2) {
        emit((uint8_t)(v >> 16));
        emit((uint8_t)(v >> 24));
    }
}

/* One random instruction of the common kinds. */
static void random_insn(bool no_ecx)
{
    int ot = (int)(rnd() % 3); /* 0: byte, 1: 16-bit, 2: 32-bit */
    int reg = (int)(rnd() % 8);
    unsigned k = rnd() % 20;
    int vot = start_32 ? 2 : 1;

    if (no_ecx && reg == R_ECX) {
        reg = R_EDX;
    }
    if (ot != 0 && ot != vot) {
        emit(0x66);
    }
    switch (k) {
    case 0:
    case 1:
    case 2: /* ALU r/m, reg or reg, r/m */
        emit((uint8_t)((rnd() % 8) << 3 | (rnd() % 4) | (ot ? 1 : 0)));
        modrm(reg);
        break;
    case 3: /* ALU r/m, imm */
        if (ot && (rnd() & 1)) {
            emit(0x83);
            modrm((int)(rnd() % 8));
            emit((uint8_t)rnd());
        } else {
            emit(ot ? 0x81 : 0x80);
            modrm((int)(rnd() % 8));
            imm_ot(ot);
        }
        break;
    case 4: /* ALU eAX, imm */
        emit((uint8_t)((rnd() % 8) << 3 | 4 | (ot ? 1 : 0)));
        imm_ot(ot);
        break;
    case 5: /* MOV */
        emit((uint8_t)(0x88 | (rnd() % 4 & 2) | (ot ? 1 : 0)));
        modrm(reg);
        break;
    case 6: /* MOV reg, imm / MOV r/m, imm */
        if (rnd() & 1) {
            emit((uint8_t)((ot ? 0xb8 : 0xb0) | reg));
        } else {
            emit(ot ? 0xc7 : 0xc6);
            modrm(0);
        }
        imm_ot(ot);
        break;
    case 7: /* LEA */
        emit(0x8d);
        emit((uint8_t)(0x44 | reg << 3));
        emit((uint8_t)((rnd() % 4) << 6 | (rnd() % 8) << 3 | (rnd() % 8)));
        emit((uint8_t)rnd());
        break;
    case 8: /* INC/DEC */
        emit((uint8_t)(0x40 | (rnd() & 8) | reg));
        break;
    case 9: /* shift by imm / by 1 */
        emit(rnd() & 1 ? (ot ? 0xc1 : 0xc0) : (ot ? 0xd1 : 0xd0));
        {
            bool by1 = code[code_len - 1] >= 0xd0;
            modrm((int)(4 + rnd() % 4));
            if (!by1) {
                emit((uint8_t)(rnd() % 40));
            }
        }
        break;
    case 10: /* MOVZX/MOVSX */
        emit(0x0f);
        emit((uint8_t)(0xb6 | (rnd() & 1) | (rnd() & 8)));
        modrm(reg);
        break;
    case 11: /* IMUL */
        if (rnd() & 1) {
            emit(0x0f);
            emit(0xaf);
            modrm(reg);
        } else {
            emit(rnd() & 1 ? 0x6b : 0x69);
            modrm(reg);
            imm_ot(code[code_len - 1] == 0x6b ? 0 : 2);
        }
        break;
    case 12: /* PUSH/POP, balanced */
        emit((uint8_t)(0x50 | (rnd() % 8)));
        random_insn(no_ecx);
        emit((uint8_t)(0x58 | (no_ecx && reg == R_ECX ? R_EDX : reg)));
        break;
    case 13: /* CALL a RET */
        if (start_32) {
            emit(0xe8);
            emit32(SUB_AT - (CODE + (uint32_t)code_len + 4));
        }
        break;
    case 14: /* Jcc forward over one instruction */
    {
        size_t at;
        emit((uint8_t)(0x70 | (rnd() % 16)));
        at = code_len;
        emit(0);
        random_insn(no_ecx);
        code[at] = (uint8_t)(code_len - at - 1);
        break;
    }
    case 15: /* CLC/STC/CMC, SETcc, ADC/SBB with CF */
        emit((uint8_t)(0xf5 + (rnd() % 2) * 3 + (rnd() % 2)));
        break;
    case 16: /* TEST */
        emit(ot ? 0x85 : 0x84);
        modrm(reg);
        break;
    case 17:
        emit(0x0f);
        emit((uint8_t)(0x90 | (rnd() % 16)));
        modrm(0);
        break;
    case 18: /* XCHG, CBW/CWD and other helper-run instructions; NOT,
              * NEG, MUL (32-bit: generated) */
        if (rnd() & 1) {
            emit((uint8_t)(0x90 + rnd() % 10));
        } else {
            emit(ot ? 0xf7 : 0xf6);
            modrm((int)(2 + rnd() % 3));
        }
        break;
    default: /* CMP + fused Jcc */
        emit(ot ? 0x39 : 0x38);
        modrm(reg);
        emit((uint8_t)(0x70 | (rnd() % 16)));
        emit(1);
        emit(0x90);
        break;
    }
}

/* Straight code, or a loop of it: ECX counts down (the body leaves ECX
 * alone), the loop back by DEC/JNZ, SUB/JNZ, CMP/JG or LOOP. */
static void structured(bool loop)
{
    code_len = 0;
    if (loop) {
        emit(0xb9);
        if (start_32) {
            emit32(2 + rnd() % 40);
        } else {
            emit((uint8_t)(2 + rnd() % 40));
            emit(0);
        }
    }
    size_t top = code_len;
    int n = 1 + (int)(rnd() % 24);
    for (int i = 0; i < n; i++) {
        random_insn(loop);
    }
    if (loop) {
        size_t at;
        switch (rnd() % 4) {
        case 0:
            emit(0x49); /* dec ecx */
            emit(0x75);
            break;
        case 1:
            emit(0x83); /* sub ecx, 1 */
            emit(0xe9);
            emit(1);
            emit(0x75);
            break;
        case 2:
            emit(0x49);
            emit(0x83); /* cmp ecx, 0 */
            emit(0xf9);
            emit(0);
            emit(0x7f);
            break;
        default:
            emit(0xe2); /* loop */
            break;
        }
        at = code_len;
        emit(0);
        code[at] = (uint8_t)(top - (at + 1));
    }
    emit(0xf4);
}

static void random_bytes(void)
{
    code_len = 16 + rnd() % 112;
    for (size_t i = 0; i < code_len; i++) {
        code[i] = (uint8_t)rnd();
    }
    code[code_len++] = 0xf4;
}

static void test_jit_structured(void **state)
{
    unsigned bad = 0;
    (void)state;
    for (int i = 0; i < 1600 && bad < 5; i++) {
        start_32 = (i % 4) != 3;
        random_start();
        structured(i % 2);
        bad += !diff_case(i % 2 ? "loop" : "straight");
    }
    assert_int_equal(bad, 0);
}

static void test_jit_random_bytes(void **state)
{
    unsigned bad = 0;
    (void)state;
    for (int i = 0; i < 1200 && bad < 5; i++) {
        start_32 = i % 2;
        random_start();
        random_bytes();
        bad += !diff_case("random bytes");
    }
    assert_int_equal(bad, 0);
}

static void test_jit_report(void **state)
{
    (void)state;
    printf("jit-diff: %u cases, %u TBs generated, %u left to the interpreter, "
           "both back ends agree%s\n",
           cases, tbs_gen, tbs_interp,
           tcg_accel_jit_available() ? ""
                                     : " (no generator here: interp "
                                       "against itself)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jit_structured),
        cmocka_unit_test(test_jit_random_bytes),
        cmocka_unit_test(test_jit_report),
    };
    return cmocka_run_group_tests(tests, cpu_group_setup, NULL);
}
