/*
 * The code generator's bookkeeping, hosted (nothing generated runs here):
 * which op kinds it takes, the Jcc condition tables, the exit bookkeeping
 * of tcg_jit_exit_next against the interpreter's rules, and the patching
 * of exits -- linked by cpu_exec, reset when their TB is invalidated,
 * dropped with the buffer on a flush.
 */
#include <string.h>

#include "cpu-fixture.h"
#include "tcg/tb.h"
#include "tcg/thumb2/gen.h"
#include "tcg/thumb2/jit.h"

static void test_kinds(void **state)
{
    (void)state;
    for (unsigned k = 0; k < OPK_NB; k++) {
        assert_true(tcg_jit_kind_ok(k));
    }
    assert_false(tcg_jit_kind_ok(OPK_NB));
}

static void test_jcc_conds(void **state)
{
    (void)state;
    /* after SUB/CMP: JB is ARM CC (C = !borrow), JAE CS, JL LT, JG GT */
    assert_int_equal(gen_jcc_cond(OPK_JCC_SUB(2, 2), 2), COND_CC);
    assert_int_equal(gen_jcc_cond(OPK_JCC_SUB(2, 3), 3), COND_CS);
    assert_int_equal(gen_jcc_cond(OPK_JCC_SUB(0, 4), 4), COND_EQ);
    assert_int_equal(gen_jcc_cond(OPK_JCC_SUB(1, 7), 7), COND_HI);
    assert_int_equal(gen_jcc_cond(OPK_JCC_SUB(2, 12), 12), COND_LT);
    assert_int_equal(gen_jcc_cond(OPK_JCC_SUB(2, 15), 15), COND_GT);
    assert_int_equal(gen_jcc_cond(OPK_JCC_SUB(2, 0), 0), COND_VS);
    assert_int_equal(gen_jcc_cond(OPK_JCC_SUB(2, 10), 10), GEN_C_HELPER);
    /* after a logic op CF = OF = 0: JO/JB never, JNO/JAE always */
    assert_int_equal(gen_jcc_cond(OPK_JCC_LOGIC(2, 0), 0), GEN_C_NEVER);
    assert_int_equal(gen_jcc_cond(OPK_JCC_LOGIC(2, 1), 1), GEN_C_ALWAYS);
    assert_int_equal(gen_jcc_cond(OPK_JCC_LOGIC(2, 2), 2), GEN_C_NEVER);
    assert_int_equal(gen_jcc_cond(OPK_JCC_LOGIC(2, 3), 3), GEN_C_ALWAYS);
    assert_int_equal(gen_jcc_cond(OPK_JCC_LOGIC(2, 6), 6), COND_EQ);
    assert_int_equal(gen_jcc_cond(OPK_JCC_LOGIC(2, 9), 9), COND_PL);
    assert_int_equal(gen_jcc_cond(OPK_JCC_LOGIC(2, 14), 14), COND_LE);
    assert_int_equal(gen_jcc_cond(OPK_JCC, 4), GEN_C_HELPER);
}

static TranslationBlock a, b;

static void fresh_tbs(void)
{
    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    a.icount = 7;
    a.pc = 0x100;
    b.pc = 0x200;
    a.chain_flags = b.chain_flags = env->hflags;
    a.jmp_dest[0] = &b;
    cs->icount_left = 1000;
    cs->interrupt_request = 0;
    cs->current_tb = &a;
    env->eip = 0x200;
}

static void test_exit_bookkeeping(void **state)
{
    int ret;
    (void)state;

    /* a fixed exit: n charged, the successor entered */
    fresh_tbs();
    assert_ptr_equal(
        tcg_jit_exit_next(cs, &a, GEN_EXIT_CODE(OPX_JMP0, 3), &ret), &b);
    assert_int_equal(cs->icount_left, 997);
    assert_ptr_equal(cs->current_tb, &b);
    /* a handler's exit: tb->icount charged, the pc must match */
    fresh_tbs();
    env->eip = 0x204;
    assert_null(tcg_jit_exit_next(cs, &a, OPX_JMP0, &ret));
    assert_int_equal(ret, OPX_JMP0);
    assert_int_equal(cs->icount_left, 993);
    assert_ptr_equal(cs->current_tb, &a);
    /* an invalidated successor, a used-up budget, an interrupt */
    fresh_tbs();
    b.chain_flags = TB_INVALID;
    assert_null(tcg_jit_exit_next(cs, &a, GEN_EXIT_CODE(OPX_JMP0, 7), &ret));
    fresh_tbs();
    cs->icount_left = 5;
    assert_null(tcg_jit_exit_next(cs, &a, GEN_EXIT_CODE(OPX_JMP0, 7), &ret));
    assert_int_equal(cs->icount_left, -2);
    fresh_tbs();
    cs->interrupt_request = CPU_INTERRUPT_HARD;
    assert_null(tcg_jit_exit_next(cs, &a, GEN_EXIT_CODE(OPX_JMP0, 7), &ret));
    /* the chain tail charged it already */
    fresh_tbs();
    assert_null(tcg_jit_exit_next(
        cs, &a, GEN_EXIT_CODE(OPX_JMP0, 7) | GEN_EXIT_COUNTED, &ret));
    assert_int_equal(cs->icount_left, 1000);
    /* NOCHAIN: all of the TB, nothing follows */
    fresh_tbs();
    assert_null(tcg_jit_exit_next(cs, &a, OPX_NOCHAIN, &ret));
    assert_int_equal(ret, OPX_NOCHAIN);
    assert_int_equal(cs->icount_left, 993);
    /* LOOKUP: through the jump cache, returned as NOCHAIN */
    fresh_tbs();
    b.cs_base = env->segs[R_CS].base;
    cs->tb_jmp_cache[tb_jmp_cache_hash(0x200)] = &b;
    assert_ptr_equal(tcg_jit_exit_next(cs, &a, OPX_LOOKUP, &ret), &b);
    assert_int_equal(ret, OPX_NOCHAIN);
    cs->tb_jmp_cache[tb_jmp_cache_hash(0x200)] = NULL;
}

/* The B.W at p: its displacement (the encoder's T4 form). */
static int32_t bw_disp(const tcg_insn_unit *p)
{
    uint32_t s = (p[0] >> 10) & 1, j1 = (p[1] >> 13) & 1, j2 = (p[1] >> 11) & 1;
    uint32_t i1 = !(j1 ^ s), i2 = !(j2 ^ s);
    uint32_t d = s << 24 | i1 << 23 | i2 << 22 | (p[0] & 0x3ffu) << 12 |
                 (p[1] & 0x7ffu) << 1;
    return (int32_t)(d << 7) >> 7;
}

static tcg_insn_unit *body_of(const TranslationBlock *tb)
{
    return (tcg_insn_unit *)((uintptr_t)tb->tc_ptr & ~(uintptr_t)1);
}

static void test_link_unlink(void **state)
{
    static const uint8_t prog[] = {
        0x40,       /* 1000: inc ax */
        0xeb, 0x0d, /* 1001: jmp 1010 */
    };
    static const uint8_t prog2[] = {0x48, 0xf4}; /* 1010: dec ax; hlt */
    static const uint8_t prog3[] = {
        0x0f, 0xa2, /* 1020: cpuid (a handler) */
        0xeb, 0xec, /* 1022: jmp 1010 */
    };
    TranslationBlock *t1, *t2, *t3;
    tcg_insn_unit *fast_bl;
    tcg_insn_unit *exit0;
    (void)state;

    cpu_fixture_reset(X86_CPU_486);
    put_bytes(0x1000, prog, sizeof(prog));
    put_bytes(0x1010, prog2, sizeof(prog2));
    put_bytes(0x1020, prog3, sizeof(prog3));
    tcg_accel = TCG_ACCEL_JIT; /* generate only: nothing runs hosted */
    t1 = tb_gen_code(cs, 0x1000, 0, env->hflags);
    t2 = tb_gen_code(cs, 0x1010, 0, env->hflags);
    t3 = tb_gen_code(cs, 0x1020, 0, env->hflags);
    tcg_accel = TCG_ACCEL_INTERP;
    assert_non_null(t1->tc_ptr);
    assert_non_null(t2->tc_ptr);
    assert_int_equal(tcg_stats.jit_tbs, 3);
    assert_int_equal(tcg_stats.jit_insns, 2 + 2 + 2);
    assert_true(t1->tc_plain);  /* inc, jmp: no handler */
    assert_false(t3->tc_plain); /* cpuid may change anything */
    assert_true(tcg_stats.jit_code_bytes > 0);
    assert_int_not_equal(t1->tc_exit[0], 0);
    exit0 = body_of(t1) + t1->tc_exit[0];
    assert_int_equal(bw_disp(exit0), 0); /* not chained: falls through */

    /* linked from a plain TB: to t2's fast entry, 12 bytes before its
     * body; from one with a handler: to the entry that tests hflags */
    tcg_jit_link(t1, 0, t2);
    assert_ptr_equal((const char *)(exit0 + 2) + bw_disp(exit0),
                     (const char *)(body_of(t2) - GEN_CHAIN_FAST_UNITS));
    tcg_jit_link(t3, 0, t2);
    assert_ptr_equal((const char *)(body_of(t3) + t3->tc_exit[0] + 2) +
                         bw_disp(body_of(t3) + t3->tc_exit[0]),
                     (const char *)(body_of(t2) - GEN_CHAIN_ENTRY_UNITS));
    /* the fast entry calls chain_fast until t2 is invalidated, then
     * chain_tail, which refuses it */
    fast_bl = body_of(t2) - GEN_CHAIN_FAST_UNITS + 4;
    assert_ptr_equal((const char *)(fast_bl + 2) + bw_disp(fast_bl),
                     (const char *)gen_shared.chain_fast);
    tb_invalidate_phys_range(0x1010, 0x1010);
    assert_true(tb_invalid(t2));
    assert_ptr_equal((const char *)(fast_bl + 2) + bw_disp(fast_bl),
                     (const char *)gen_shared.chain_tail);
    /* an exit without a patchable branch is left alone */
    tcg_jit_link(t1, 3, t2);
    /* t1 invalidated (its code written): its exits reset */
    tb_invalidate_phys_range(0x1000, 0x1000);
    assert_true(tb_invalid(t1));
    assert_int_equal(bw_disp(exit0), 0);
    assert_null(t1->jmp_dest[0]);
    /* a flush drops all code: the next TB starts after the shared code */
    tb_flush(cs);
    assert_int_equal(tcg_code_used(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_jcc_conds),
        cmocka_unit_test(test_exit_bookkeeping),
        cmocka_unit_test(test_link_unlink),
    };
    return cmocka_run_group_tests(tests, cpu_group_setup, NULL);
}
