/*
 * The TB cache: lookup reuses translations, direct jumps get chained,
 * writes to translated code invalidate it (also inside the running TB),
 * and a full pool is flushed whole.
 */
#include "cpu-fixture.h"
#include "tcg/tcg.h"

static void test_lookup_reuses(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    /* mov ax,1; add ax,2; hlt */
    put_bytes(0x1000, (const uint8_t[]){0xb8, 1, 0, 0x05, 2, 0, 0xf4}, 7);
    uint32_t before = tcg_stats.tb_translated;
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & 0xffff, 3);
    assert_int_equal(tcg_stats.tb_translated, before + 1);
    env->eip = 0x1000;
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(tcg_stats.tb_translated, before + 1);
    /* another CS base is another TB */
    cpu_x86_load_seg_real(env, R_CS, 0x0010);
    env->eip = 0x0f00;
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(tcg_stats.tb_translated, before + 2);
}

static void test_chaining(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    /* mov cx,1000; l: inc ax; dec cx; jnz l; hlt */
    put_bytes(0x1000,
              (const uint8_t[]){0xb9, 0xe8, 0x03, 0x40, 0x49, 0x75, 0xfc, 0xf4},
              8);
    uint32_t tr = tcg_stats.tb_translated, ch = tcg_stats.tb_chained;
    uint64_t n0 = cs->icount;
    env->regs[R_EAX] = 0;
    assert_int_equal(run_until_hlt(100000), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & 0xffff, 1000);
    assert_int_equal(env->regs[R_ECX] & 0xffff, 0);
    /* two superblocks, each going on after its JNZ: mov/inc/dec/jnz/hlt
     * and inc/dec/jnz/hlt; the loop edge (JNZ's side exit) is chained */
    assert_int_equal(tcg_stats.tb_translated - tr, 2);
    assert_true(tcg_stats.tb_chained - ch >= 1);
    assert_true(tcg_stats.tb_chained - ch <= 3);
    /* exact count through the side exits: mov, 1000 x (inc dec jnz), hlt */
    assert_int_equal(cs->icount - n0, 1 + 3000 + 1);
}

static void test_smc_in_current_tb(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    /* mov byte [1006h],42h; mov al,11h; hlt -- the store patches the
     * immediate of the next instruction in the same TB */
    put_bytes(0x1000,
              (const uint8_t[]){0xc6, 0x06, 0x06, 0x10, 0x42, 0xb0, 0x11, 0xf4},
              8);
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & 0xff, 0x42);
    /* and again from the start: the new code stays */
    env->eip = 0x1005;
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & 0xff, 0x42);
}

static void test_smc_rep_stos_over_code(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    /* rep stosb writes NOPs over the following "mov al,11h" */
    static const uint8_t code[] = {
        0xbf, 0x0b, 0x10, /* mov di,100bh */
        0xb9, 0x02, 0x00, /* mov cx,2 */
        0xb0, 0x90,       /* mov al,90h */
        0xfc,             /* cld */
        0xf3, 0xaa,       /* rep stosb */
        0xb0, 0x11,       /* 100bh: mov al,11h (becomes nop; nop) */
        0xf4,
    };
    put_bytes(0x1000, code, sizeof(code));
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & 0xff, 0x90);
}

static void test_smc_leaves_next_tb_alone(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    /* A (1000h): mov [bx],al; jmp 2000h -- it ends without op_end, and
     * the next TB of the pool is B, translated after it.
     * B (2000h): dec cx; jz done; mov bx,1003h; mov al,0FBh; jmp 1000h;
     * done: hlt. The second pass of A stores into its own jmp (the same
     * byte): stopping A must not touch B's ops. */
    put_bytes(0x1000, (const uint8_t[]){0x88, 0x07, 0xe9, 0xfb, 0x0f}, 5);
    put_bytes(0x2000,
              (const uint8_t[]){0x49, 0x74, 0x08, 0xbb, 0x03, 0x10, 0xb0, 0xfb,
                                0xe9, 0xf5, 0xef, 0xf4},
              12);
    env->regs[R_EBX] = 0x3000;
    env->regs[R_ECX] = 3;
    env->regs[R_EAX] = 0;
    assert_int_equal(run_until_hlt(1000), EXCP_HLT);
    assert_int_equal(env->regs[R_ECX] & 0xffff, 0);
    assert_int_equal(env->eip, 0x200c);
}

static void test_dma_write_invalidates(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    put_bytes(0x2000, (const uint8_t[]){0xb0, 0x01, 0xf4}, 3);
    env->eip = 0x2000;
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & 0xff, 1);
    uint32_t inval = tcg_stats.tb_invalidated;
    put_bytes(0x2001, (const uint8_t[]){0x02}, 1); /* a device writes */
    assert_int_equal(tcg_stats.tb_invalidated, inval + 1);
    env->eip = 0x2000;
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & 0xff, 2);
}

/* Data stored next to code on its page (a store every iteration) costs no
 * invalidation and, once the page's code map is built, no walk of its TBs;
 * code translated later on that page is still protected. */
static void test_data_next_to_code(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    /* l: mov [bx],al; inc ax; dec cx; jnz l; hlt */
    put_bytes(0x2000,
              (const uint8_t[]){0x88, 0x07, 0x40, 0x49, 0x75, 0xfa, 0xf4}, 7);
    /* mov al,5; hlt */
    put_bytes(0x2200, (const uint8_t[]){0xb0, 0x05, 0xf4}, 3);
    env->eip = 0x2000;
    env->regs[R_EBX] = 0x2100;
    env->regs[R_ECX] = 1000;
    env->regs[R_EAX] = 0;
    uint32_t inval = tcg_stats.tb_invalidated;
    uint32_t missed = tcg_stats.code_writes_missed;
    assert_int_equal(run_until_hlt(10000), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & 0xffff, 1000);
    assert_int_equal(low_ram[0x2100], 999 & 0xff);
    assert_int_equal(tcg_stats.tb_invalidated, inval);
    assert_true(tcg_stats.code_writes_missed - missed >= 998);

    /* a TB added to the page after its map was built */
    env->eip = 0x2200;
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & 0xff, 5);
    put_bytes(0x2101, (const uint8_t[]){0x77}, 1); /* data: no drop */
    assert_int_equal(tcg_stats.tb_invalidated, inval);
    put_bytes(0x2201, (const uint8_t[]){0x06}, 1); /* its immediate */
    assert_int_equal(tcg_stats.tb_invalidated, inval + 1);
    env->eip = 0x2200;
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & 0xff, 6);
    /* and the loop's code still is too */
    put_bytes(0x2002, (const uint8_t[]){0x90}, 1); /* inc ax -> nop */
    assert_int_equal(tcg_stats.tb_invalidated, inval + 2);
}

/* A TB runs up to the end of its page and stops before an instruction
 * that would cross into the next one; that instruction starts its own TB
 * (the first instruction of a TB may cross). */
static void test_page_end(void **state)
{
    static uint8_t code[32];
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    /* 0x2ff0..0x2ffd: 14 x inc ax; 0x2ffe: mov bx,1234h (crosses);
     * 0x3001: hlt */
    memset(code, 0x40, 14);
    code[14] = 0xbb, code[15] = 0x34, code[16] = 0x12, code[17] = 0xf4;
    put_bytes(0x2ff0, code, 18);
    env->eip = 0x2ff0;
    env->regs[R_EAX] = 0;
    uint32_t tr = tcg_stats.tb_translated;
    uint64_t n0 = cs->icount;
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & 0xffff, 14);
    assert_int_equal(env->regs[R_EBX] & 0xffff, 0x1234);
    assert_int_equal(cs->icount - n0, 16);
    /* 14 incs; the crossing mov; the hlt on the next page */
    assert_int_equal(tcg_stats.tb_translated - tr, 3);
}

static void test_pool_flush(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    /* 5000 "jmp short +0" end a TB each: more TBs than the pool holds */
    static uint8_t code[10001];
    for (int i = 0; i < 5000; i++) {
        code[2 * i] = 0xeb;
        code[2 * i + 1] = 0x00;
    }
    code[10000] = 0xf4;
    put_bytes(0x10000, code, sizeof(code));
    cpu_x86_load_seg_real(env, R_CS, 0x1000);
    env->eip = 0;
    uint32_t flushes = tcg_stats.tb_flushes;
    assert_int_equal(run_until_hlt(100000), EXCP_HLT);
    assert_int_equal(env->eip, 10001);
    assert_true(tcg_stats.tb_flushes > flushes);
    assert_true(tcg_stats.tb_count < 5000);
}

static void test_budget(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    /* jmp $ forever: the budget ends the run */
    put_bytes(0x1000, (const uint8_t[]){0xeb, 0xfe}, 2);
    uint64_t start = cs->icount;
    cs->icount_budget = 1000;
    assert_int_equal(cpu_exec(cs), EXCP_BUDGET);
    assert_true(cs->icount - start >= 1000);
    assert_true(cs->icount - start < 1000 + 40);
}

/* Code outside RAM and ROM runs one instruction at a time, never cached,
 * and is counted (the run's summary names it). The log device reads each
 * byte as its offset's low byte: offset 0xF4 is a HLT. */
static void test_code_in_mmio(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    put_bytes(0x1000, (const uint8_t[]){0xea, 0xf4, 0x00, 0x00, 0xa0}, 5);
    uint32_t mmio = tcg_stats.mmio_insns, tbs = tcg_stats.tb_translated;
    assert_int_equal(run_until_hlt(1000), EXCP_HLT);
    assert_int_equal(env->segs[R_CS].selector, 0xa000);
    assert_int_equal(env->eip, 0xf5);
    assert_int_equal(tcg_stats.mmio_insns, mmio + 1);
    assert_int_equal(tcg_stats.tb_translated, tbs + 1); /* the far JMP's */
    env->eip = 0xf4; /* again: fetched again, nothing cached */
    assert_int_equal(run_until_hlt(1000), EXCP_HLT);
    assert_int_equal(tcg_stats.mmio_insns, mmio + 2);
    assert_int_equal(tcg_stats.tb_translated, tbs + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup_reuses),
        cmocka_unit_test(test_chaining),
        cmocka_unit_test(test_smc_in_current_tb),
        cmocka_unit_test(test_smc_rep_stos_over_code),
        cmocka_unit_test(test_smc_leaves_next_tb_alone),
        cmocka_unit_test(test_dma_write_invalidates),
        cmocka_unit_test(test_data_next_to_code),
        cmocka_unit_test(test_page_end),
        cmocka_unit_test(test_pool_flush),
        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_code_in_mmio),
    };
    return cmocka_run_group_tests(tests, cpu_group_setup, NULL);
}
