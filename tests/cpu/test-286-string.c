/*
 * 286 REP word string instructions that fault on a word straddling the
 * end of a segment (offset 0xFFFF in real mode), issue 11.6. The expected
 * registers are what SingleStepTests captured from a real 80286: the index
 * registers advance, and CX drops by two for INSW/MOVSW/STOSW through
 * ES:DI, stays for CMPSW, and drops by one for SCASW and DS:SI straddles.
 * The 386 checks before it changes anything.
 */
#include "cpu-fixture.h"

#define HANDLER 0x1200
#define DATA    0x1000 /* segment of DS and ES: 0x10000..0x1ffff */

typedef struct StrCase {
    const char *name;
    X86CPULevel level;
    uint8_t op[2]; /* prefix, opcode */
    bool std;
    uint16_t cx, si, di;
    uint16_t exp_cx, exp_si, exp_di;
} StrCase;

static void run_case(const StrCase *c)
{
    uint8_t p[64];
    int n = 0;

    cpu_fixture_reset(c->level);
    /* mov ax,DATA; mov ds,ax; mov es,ax */
    p[n++] = 0xb8, p[n++] = DATA & 0xff, p[n++] = DATA >> 8;
    p[n++] = 0x8e, p[n++] = 0xd8, p[n++] = 0x8e, p[n++] = 0xc0;
    p[n++] = 0xb9, p[n++] = c->cx & 0xff, p[n++] = c->cx >> 8;
    p[n++] = 0xbe, p[n++] = c->si & 0xff, p[n++] = c->si >> 8;
    p[n++] = 0xbf, p[n++] = c->di & 0xff, p[n++] = c->di >> 8;
    p[n++] = 0xba, p[n++] = 0x80, p[n++] = 0x00; /* mov dx,80h */
    p[n++] = 0x31, p[n++] = 0xc0;                /* xor ax,ax: no match */
    p[n++] = c->std ? 0xfd : 0xfc;
    p[n++] = c->op[0], p[n++] = c->op[1];
    p[n++] = 0xf4; /* not reached: the instruction faults */
    put_bytes(0x1000, p, n);
    put_bytes(HANDLER, (const uint8_t[]){0xf4}, 1);
    put_bytes(13 * 4, (const uint8_t[]){HANDLER & 0xff, HANDLER >> 8, 0, 0}, 4);

    assert_int_equal(run_until_hlt(10000), EXCP_HLT);
    if (env->eip != HANDLER + 1) {
        fail_msg("%s: ended at %04x, not in the #GP handler", c->name,
                 env->eip);
    }
    if ((env->regs[R_ECX] & 0xffff) != c->exp_cx ||
        (env->regs[R_ESI] & 0xffff) != c->exp_si ||
        (env->regs[R_EDI] & 0xffff) != c->exp_di) {
        fail_msg("%s: CX=%04x SI=%04x DI=%04x, expected CX=%04x SI=%04x "
                 "DI=%04x",
                 c->name, env->regs[R_ECX] & 0xffff, env->regs[R_ESI] & 0xffff,
                 env->regs[R_EDI] & 0xffff, c->exp_cx, c->exp_si, c->exp_di);
    }
}

/* clang-format off */
static const StrCase cases[] = {
    /* name, level, prefix+opcode, std, CX SI DI before, CX SI DI after */
    /* the first iteration faults */
    {"rep insw", X86_CPU_286, {0xf3, 0x6d}, false,
     0x2e, 0x100, 0xffff, 0x2c, 0x100, 0x0001},
    /* two iterations complete, the third straddles (downwards) */
    {"repne insw, std", X86_CPU_286, {0xf2, 0x6d}, true,
     5, 0x100, 0x0003, 1, 0x100, 0xfffd},
    {"rep movsw", X86_CPU_286, {0xf3, 0xa5}, false,
     4, 0x100, 0xffff, 2, 0x102, 0x0001},
    {"rep stosw", X86_CPU_286, {0xf3, 0xab}, false,
     3, 0x100, 0xffff, 1, 0x100, 0x0001},
    /* CMPS checks ES:DI first on the 286 */
    {"repne cmpsw, std", X86_CPU_286, {0xf2, 0xa7}, true,
     7, 0xffff, 0xffff, 7, 0xffff, 0xfffd},
    {"repne scasw", X86_CPU_286, {0xf2, 0xaf}, false,
     3, 0x100, 0xffff, 2, 0x100, 0x0001},
    {"rep lodsw", X86_CPU_286, {0xf3, 0xad}, false,
     3, 0xffff, 0x100, 2, 0x0001, 0x100},
    {"rep outsw", X86_CPU_286, {0xf3, 0x6f}, false,
     3, 0xffff, 0x100, 2, 0x0001, 0x100},
    /* SI straddles in the second iteration: MOVS has not used DI yet */
    {"rep movsw, SI late", X86_CPU_286, {0xf3, 0xa5}, false,
     4, 0xfffd, 0x200, 2, 0x0001, 0x202},
    /* the 386 faults before it changes a register */
    {"386 rep stosw", X86_CPU_386, {0xf3, 0xab}, false,
     3, 0x100, 0xffff, 3, 0x100, 0xffff},
    {"386 repne cmpsw", X86_CPU_386, {0xf2, 0xa7}, true,
     7, 0xffff, 0xffff, 7, 0xffff, 0xffff},
};
/* clang-format on */

static void test_straddle(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        run_case(&cases[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_straddle),
    };
    return cmocka_run_group_tests(tests, cpu_group_setup, NULL);
}
