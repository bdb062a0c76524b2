/*
 * Unit tests of the hardware task switch: JMP, CALL and IRET between 386
 * and 286 TSSes, task gates, busy bits, back link, CR3 and LDT loads.
 */
#include "sys-fixture.h"

static void test_task_switch_jmp(void **state)
{
    (void)state;
    sys_reset();
    sys_enter_pm(0);
    tss1_setup();
    env->regs[R_EAX] = 0xaaaa;
    env->regs[R_EDI] = 0xdddd;

    EXPECT_OK(helper_ljmp_protected(env, SEL_TSS1, 0, 0x1239));
    assert_int_equal(env->tr.selector, SEL_TSS1);
    assert_int_equal(env->tr.base, TSS1_BASE);
    assert_int_equal(env->eip, 0x7777);
    assert_int_equal(env->regs[R_EAX], 0x100);
    assert_int_equal(env->regs[R_ESP], 0x6800);
    assert_int_equal(env->regs[R_EDI], 0x107);
    assert_true(zf());
    assert_int_equal(env->segs[R_FS].selector, 0);
    assert_int_equal(env->segs[R_CS].selector, SEL_CODE0);
    assert_int_not_equal(env->cr[0] & CR0_TS_MASK, 0);
    assert_int_equal(cpu_compute_eflags(env) & NT_MASK, 0);
    /* old task saved, busy moved */
    assert_int_equal(rd32(TSS0_BASE + 0x20), 0x1239);
    assert_int_equal(rd32(TSS0_BASE + 0x28), 0xaaaa);
    assert_int_equal(rd32(TSS0_BASE + 0x28 + 7 * 4), 0xdddd);
    assert_int_equal(rd16(TSS0_BASE + 0x48 + R_CS * 4), SEL_CODE0);
    assert_int_equal(gdt_type(SEL_TSS0), 9);
    assert_int_equal(gdt_type(SEL_TSS1), 11);

    /* a busy TSS cannot be jumped to */
    EXPECT_EXCP(helper_ljmp_protected(env, SEL_TSS1, 0, 0), EXCP0D_GPF,
                SEL_TSS1);
}

static void test_task_switch_call_iret(void **state)
{
    (void)state;
    sys_reset();
    sys_enter_pm(0);
    tss1_setup();
    env->regs[R_EBX] = 0xbbbb;

    /* CALL through a task gate: nested task */
    EXPECT_OK(helper_lcall_protected(env, SEL_TGATE, 0, 1, 0x1240));
    assert_int_equal(env->tr.selector, SEL_TSS1);
    assert_int_not_equal(cpu_compute_eflags(env) & NT_MASK, 0);
    assert_int_equal(rd16(TSS1_BASE), SEL_TSS0);
    assert_int_equal(gdt_type(SEL_TSS0), 11);
    assert_int_equal(gdt_type(SEL_TSS1), 11);

    /* IRET with NT returns to the caller */
    env->regs[R_EBX] = 0x1b1b;
    EXPECT_OK(helper_iret_protected(env, 1, 0x7780));
    assert_int_equal(env->tr.selector, SEL_TSS0);
    assert_int_equal(env->eip, 0x1240);
    assert_int_equal(env->regs[R_EBX], 0xbbbb);
    assert_int_equal(gdt_type(SEL_TSS1), 9);
    assert_int_equal(gdt_type(SEL_TSS0), 11);
    /* the nested task was saved with NT clear */
    assert_int_equal(rd32(TSS1_BASE + 0x24) & NT_MASK, 0);
    assert_int_equal(rd32(TSS1_BASE + 0x20), 0x7780);
    assert_int_equal(rd32(TSS1_BASE + 0x28 + R_EBX * 4), 0x1b1b);

    /* an interrupt through a task gate pushes its error code on the new
     * task's stack */
    idt_setup();
    put_gate(IDT_BASE, EXCP0D_GPF, SEL_TSS1, 0, 5, 0, 0);
    EXPECT_OK(do_interrupt_all(&test_cpu, EXCP0D_GPF, 0, 0x44, 0, 0));
    assert_int_equal(env->tr.selector, SEL_TSS1);
    assert_int_equal(env->regs[R_ESP], 0x6800 - 4);
    assert_int_equal(rd32(0x6800 - 4), 0x44);
    assert_int_equal(rd32(TSS0_BASE + 0x20), 0x1240); /* faulting EIP */
}

static void test_task_switch_faults(void **state)
{
    (void)state;
    sys_reset();
    sys_enter_pm(0);
    tss1_setup();

    /* TSS too short */
    put_desc(GDT_BASE, 6, TSS1_BASE, 0x60, D_P | (9 << 8));
    EXPECT_EXCP(helper_ljmp_protected(env, SEL_TSS1, 0, 0), EXCP0A_TSS,
                SEL_TSS1);
    /* bad CS in the new TSS: #TS in the new task's context */
    put_desc(GDT_BASE, 6, TSS1_BASE, 0x67, D_P | (9 << 8));
    wr16(TSS1_BASE + 0x48 + R_CS * 4, SEL_DATA0);
    EXPECT_EXCP(helper_ljmp_protected(env, SEL_TSS1, 0, 0), EXCP0A_TSS,
                SEL_DATA0);
    assert_int_equal(env->tr.selector, SEL_TSS1);
}

static void test_task_switch_286(void **state)
{
    (void)state;
    sys_reset();
    sys_enter_pm(0);
    wr16(TSS2_BASE + 0x0e, 0x4321);
    wr16(TSS2_BASE + 0x10, 0x0002);
    wr16(TSS2_BASE + 0x12, 0x1111);             /* AX */
    wr16(TSS2_BASE + 0x12 + R_ESP * 2, 0x0f00); /* SP */
    wr16(TSS2_BASE + 0x22 + R_ES * 2, SEL_DATA0);
    wr16(TSS2_BASE + 0x22 + R_CS * 2, SEL_CODE0);
    wr16(TSS2_BASE + 0x22 + R_SS * 2, SEL_DATA0);
    wr16(TSS2_BASE + 0x22 + R_DS * 2, SEL_DATA0);
    env->regs[R_EAX] = 0xabcd0000;
    env->eflags |= AC_MASK;
    EXPECT_OK(helper_ljmp_protected(env, SEL_TSS2, 0, 0x1239));
    assert_int_equal(env->eip, 0x4321);
    /* the 386 fills the halves a 286 TSS does not hold with 0xFFFF and
     * clears EFLAGS 31..16 (issue 11.4) */
    assert_int_equal(env->regs[R_EAX], 0xffff1111);
    assert_int_equal(env->regs[R_ESP], 0xffff0f00);
    assert_int_equal(env->regs[R_EDI], 0xffff0000);
    assert_int_equal(cpu_compute_eflags(env) & 0xffff0000u, 0);
    assert_int_equal(env->segs[R_FS].selector, 0);
    assert_int_equal(gdt_type(SEL_TSS2), 3);
}

static void test_task_switch_cr3_ldt(void **state)
{
    (void)state;
    sys_reset();
    sys_enter_pm(0);
    tss1_setup();
    identity_page_dir(0x10000, 0x11000);
    identity_page_dir(0x20000, 0x11000);
    env->cr[3] = 0x10000;
    env->cr[0] |= CR0_PG_MASK;
    x86_cpu_state_changed(&test_cpu);

    wr32(TSS1_BASE + 0x1c, 0x20000);
    wr16(TSS1_BASE + 0x60, SEL_LDT);
    put_desc(LDT_BASE, 2, 0x9000, 0xfff, D_P | D_DATA | DESC_W_MASK);
    wr16(TSS1_BASE + 0x48 + R_DS * 4, 0x14); /* LDT entry 2 */
    EXPECT_OK(helper_ljmp_protected(env, SEL_TSS1, 0, 0x1239));
    assert_int_equal(env->cr[3], 0x20000);
    assert_int_equal(env->ldt.selector, SEL_LDT);
    assert_int_equal(env->ldt.base, LDT_BASE);
    assert_int_equal(env->segs[R_DS].base, 0x9000);
    /* the old task's CR3 field is not written back */
    assert_int_equal(rd32(TSS0_BASE + 0x1c), 0);

    /* an LDT selector naming something else: #TS(ldt) in the new task */
    sys_enter_pm(0);
    tss1_setup();
    wr16(TSS1_BASE + 0x60, SEL_DATA0);
    EXPECT_EXCP(helper_ljmp_protected(env, SEL_TSS1, 0, 0), EXCP0A_TSS,
                SEL_DATA0);
    assert_int_equal(env->tr.selector, SEL_TSS1);
    assert_int_equal(env->ldt.selector, SEL_DATA0);
}

static void test_task_switch_busy_and_trap(void **state)
{
    int got;

    (void)state;
    sys_reset();
    sys_enter_pm(0);
    tss1_setup();

    /* a task gate to a busy TSS: #GP(tss) */
    put_desc(GDT_BASE, 6, TSS1_BASE, 0x67, D_P | (11 << 8));
    EXPECT_EXCP(helper_lcall_protected(env, SEL_TGATE, 0, 1, 0), EXCP0D_GPF,
                SEL_TSS1);
    assert_int_equal(env->tr.selector, SEL_TSS0);

    /* the T bit of the new TSS: #DB after the switch, DR6.BT set */
    put_desc(GDT_BASE, 6, TSS1_BASE, 0x67, D_P | (9 << 8));
    wr16(TSS1_BASE + 0x64, 1);
    env->dr[6] = 0;
    env->old_exception = -1;
    TRY(got, helper_ljmp_protected(env, SEL_TSS1, 0, 0x1239));
    assert_int_equal(got, EXCP01_DB);
    assert_int_equal(env->tr.selector, SEL_TSS1);
    assert_int_equal(env->eip, 0x7777);
    assert_int_not_equal(env->dr[6] & (1u << 15), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_task_switch_jmp),
        cmocka_unit_test(test_task_switch_call_iret),
        cmocka_unit_test(test_task_switch_faults),
        cmocka_unit_test(test_task_switch_286),
        cmocka_unit_test(test_task_switch_cr3_ldt),
        cmocka_unit_test(test_task_switch_busy_and_trap),
    };
    return cmocka_run_group_tests(tests, sys_group_setup, NULL);
}
