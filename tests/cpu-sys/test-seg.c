/*
 * Unit tests of segmentation and far transfers: exceptions and their
 * escalation, segment register loads, LLDT/LTR, far JMP/CALL/RET and call
 * gates, IRET to an outer level, the I/O bitmap and LAR/LSL/VERR/VERW.
 */
#include "sys-fixture.h"

static void test_raise_fields(void **state)
{
    int got;

    (void)state;
    sys_reset();
    sys_enter_pm(0);
    EXPECT_EXCP(raise_exception_err(env, EXCP0D_GPF, 0x18), EXCP0D_GPF, 0x18);
    assert_int_equal(env->exception_is_int, 0);

    env->eip = 0x1000;
    env->old_exception = -1;
    TRY(got, raise_interrupt(env, 0x80, 1, 0, 2));
    assert_int_equal(got, 0x80);
    assert_int_equal(env->exception_is_int, 1);
    assert_int_equal(env->exception_next_eip, 0x1002);
    /* software interrupts never escalate */
    assert_int_equal(env->old_exception, -1);
}

static int raise_after(int old, int intno)
{
    int got;

    env->old_exception = old;
    TRY(got, raise_exception_err(env, intno, 0x55));
    return got;
}

static void test_double_fault(void **state)
{
    (void)state;
    sys_reset();
    sys_enter_pm(0);

    /* contributory on contributory -> #DF(0) */
    assert_int_equal(raise_after(EXCP0D_GPF, EXCP0B_NOSEG), EXCP08_DBLE);
    assert_int_equal(env->error_code, 0);
    assert_int_equal(env->old_exception, EXCP08_DBLE);
    assert_int_equal(raise_after(EXCP00_DIVZ, EXCP0C_STACK), EXCP08_DBLE);
    /* page fault on page fault, contributory on page fault -> #DF */
    assert_int_equal(raise_after(EXCP0E_PAGE, EXCP0E_PAGE), EXCP08_DBLE);
    assert_int_equal(raise_after(EXCP0E_PAGE, EXCP0D_GPF), EXCP08_DBLE);
    /* page fault while delivering #GP is just a page fault */
    assert_int_equal(raise_after(EXCP0D_GPF, EXCP0E_PAGE), EXCP0E_PAGE);
    assert_int_equal(env->error_code, 0x55);
    assert_int_equal(env->old_exception, EXCP0E_PAGE);
    /* benign exceptions do not combine */
    assert_int_equal(raise_after(EXCP0D_GPF, EXCP01_DB), EXCP01_DB);
    assert_int_equal(raise_after(-1, EXCP0D_GPF), EXCP0D_GPF);
    assert_int_equal(env->old_exception, EXCP0D_GPF);
    /* anything while delivering #DF: shutdown, cpu_exec sees EXCP_HLT */
    assert_int_equal(raise_after(EXCP08_DBLE, EXCP0D_GPF), EXCP_HLT);
}

static void test_load_seg_faults(void **state)
{
    (void)state;
    sys_reset();
    sys_enter_pm(0);

    EXPECT_EXCP(helper_load_seg(env, R_SS, 0), EXCP0D_GPF, 0);
    EXPECT_EXCP(helper_load_seg(env, R_SS, 3), EXCP0D_GPF, 0);
    EXPECT_EXCP(helper_load_seg(env, R_DS, 0x100), EXCP0D_GPF, 0x100);
    EXPECT_EXCP(helper_load_seg(env, R_DS, SEL_TSS1), EXCP0D_GPF, SEL_TSS1);
    EXPECT_EXCP(helper_load_seg(env, R_DS, SEL_XO_CODE), EXCP0D_GPF,
                SEL_XO_CODE);
    EXPECT_EXCP(helper_load_seg(env, R_ES, SEL_NP_DATA), EXCP0B_NOSEG,
                SEL_NP_DATA);
    /* privilege is checked before presence */
    EXPECT_EXCP(helper_load_seg(env, R_ES, SEL_NP_DATA | 2), EXCP0D_GPF,
                SEL_NP_DATA);
    EXPECT_EXCP(helper_load_seg(env, R_SS, SEL_NP_DATA), EXCP0C_STACK,
                SEL_NP_DATA);
    EXPECT_EXCP(helper_load_seg(env, R_SS, SEL_DATA3), EXCP0D_GPF, 0x20);
    EXPECT_EXCP(helper_load_seg(env, R_SS, SEL_CODE0), EXCP0D_GPF, SEL_CODE0);
    EXPECT_EXCP(helper_load_seg(env, R_SS, SEL_DATA0 | 1), EXCP0D_GPF,
                SEL_DATA0);
    /* DPL 1 data with RPL 3: max(CPL, RPL) > DPL */
    EXPECT_EXCP(helper_load_seg(env, R_DS, (SEL_DATA1 & ~3) | 3), EXCP0D_GPF,
                SEL_DATA1 & ~3);
    /* nothing changed on a fault */
    assert_int_equal(env->segs[R_DS].selector, SEL_DATA0);
    assert_int_equal(env->segs[R_SS].selector, SEL_DATA0);

    sys_enter_pm(3);
    EXPECT_EXCP(helper_load_seg(env, R_DS, SEL_DATA0 | 3), EXCP0D_GPF,
                SEL_DATA0);
    EXPECT_EXCP(helper_load_seg(env, R_SS, SEL_DATA0), EXCP0D_GPF, SEL_DATA0);
}

static void test_load_seg_ok(void **state)
{
    (void)state;
    sys_reset();
    sys_enter_pm(0);

    /* null into a data register is fine */
    EXPECT_OK(helper_load_seg(env, R_DS, 2));
    assert_int_equal(env->segs[R_DS].selector, 2);
    assert_int_equal(env->segs[R_DS].flags, 0);

    /* first load sets the accessed bit in the descriptor */
    put_desc(GDT_BASE, 20, 0x123400, 0x0ffff,
             D_P | D_DATA | DESC_W_MASK | D_DPL(3));
    assert_int_equal(rd32(GDT_BASE + 20 * 8 + 4) & DESC_A_MASK, 0);
    EXPECT_OK(helper_load_seg(env, R_ES, 20 * 8 + 3));
    assert_int_not_equal(rd32(GDT_BASE + 20 * 8 + 4) & DESC_A_MASK, 0);
    assert_int_equal(env->segs[R_ES].base, 0x123400);
    assert_int_equal(env->segs[R_ES].limit, 0xffff);
    assert_int_equal(env->segs[R_ES].selector, 20 * 8 + 3);

    /* page granular limit */
    EXPECT_OK(helper_load_seg(env, R_FS, SEL_DATA0));
    assert_int_equal(env->segs[R_FS].limit, 0xffffffff);

    /* conforming readable code may go into a data register at any level */
    sys_enter_pm(3);
    EXPECT_OK(helper_load_seg(env, R_DS, SEL_CONF0 | 3));
    assert_int_equal(env->segs[R_DS].selector, SEL_CONF0 | 3);

    /* a descriptor from the LDT */
    sys_enter_pm(0);
    put_desc(LDT_BASE, 1, 0x5000, 0xff, D_P | D_DATA | DESC_W_MASK);
    EXPECT_OK(helper_lldt(env, SEL_LDT));
    assert_int_equal(env->ldt.base, LDT_BASE);
    assert_int_equal(env->ldt.limit, 0x3f);
    EXPECT_OK(helper_load_seg(env, R_GS, 0x0c));
    assert_int_equal(env->segs[R_GS].base, 0x5000);
    /* beyond the LDT's limit */
    EXPECT_EXCP(helper_load_seg(env, R_GS, 0x44), EXCP0D_GPF, 0x44);
}

static void test_lldt_ltr(void **state)
{
    (void)state;
    sys_reset();
    sys_enter_pm(0);

    EXPECT_EXCP(helper_lldt(env, SEL_DATA0), EXCP0D_GPF, SEL_DATA0);
    EXPECT_EXCP(helper_lldt(env, SEL_LDT | 4), EXCP0D_GPF, SEL_LDT | 4);
    EXPECT_OK(helper_lldt(env, 0));
    assert_int_equal(env->ldt.limit, 0);

    EXPECT_EXCP(helper_ltr(env, SEL_TSS0), EXCP0D_GPF, SEL_TSS0); /* busy */
    EXPECT_EXCP(helper_ltr(env, SEL_DATA0), EXCP0D_GPF, SEL_DATA0);
    EXPECT_OK(helper_ltr(env, SEL_TSS1));
    assert_int_equal(env->tr.selector, SEL_TSS1);
    assert_int_equal(env->tr.base, TSS1_BASE);
    assert_int_equal(env->tr.limit, 0x67);
    assert_int_equal((rd32(GDT_BASE + 6 * 8 + 4) >> 8) & 0xf, 11);
}

static void test_iret_to_outer_level(void **state)
{
    uint32_t sp = 0x8f00;

    (void)state;
    sys_reset();
    sys_enter_pm(0);
    env->regs[R_ESP] = sp;
    wr32(sp, 0x4444);
    wr32(sp + 4, SEL_CODE3);
    wr32(sp + 8, 0x3202); /* IOPL 3 */
    wr32(sp + 12, 0x7000);
    wr32(sp + 16, SEL_DATA3);
    EXPECT_OK(helper_load_seg(env, R_ES, SEL_DATA3));
    EXPECT_OK(helper_iret_protected(env, 1, 0));
    assert_int_equal(cpl(), 3);
    assert_int_equal(env->eip, 0x4444);
    assert_int_equal(env->regs[R_ESP], 0x7000);
    /* DS/FS/GS had DPL 0 < new CPL: nulled; ES had DPL 3: kept */
    assert_int_equal(env->segs[R_DS].selector, 0);
    assert_int_equal(env->segs[R_DS].flags & DESC_P_MASK, 0);
    assert_int_equal(env->segs[R_FS].selector, 0);
    assert_int_equal(env->segs[R_ES].selector, SEL_DATA3);
    assert_int_equal((cpu_compute_eflags(env) >> IOPL_SHIFT) & 3, 3);

    /* at CPL 3 IRET cannot change IOPL (nor IF when CPL > IOPL) */
    sys_enter_pm(3);
    sp = 0x7f00;
    env->regs[R_ESP] = sp;
    wr32(sp, 0x5555);
    wr32(sp + 4, SEL_CODE3);
    wr32(sp + 8, 0x3002);
    EXPECT_OK(helper_iret_protected(env, 1, 0));
    assert_int_equal(cpu_compute_eflags(env) & (IOPL_MASK | IF_MASK), IF_MASK);
    assert_int_equal(env->regs[R_ESP], sp + 12);

    /* returning to an inner level is #GP(CS) */
    sys_enter_pm(3);
    env->regs[R_ESP] = sp;
    wr32(sp + 4, SEL_CODE0);
    EXPECT_EXCP(helper_iret_protected(env, 1, 0), EXCP0D_GPF, SEL_CODE0);
    assert_int_equal(env->regs[R_ESP], sp);
}

static void test_ljmp(void **state)
{
    (void)state;
    sys_reset();
    sys_enter_pm(0);

    EXPECT_EXCP(helper_ljmp_protected(env, 0, 0, 0), EXCP0D_GPF, 0);
    EXPECT_EXCP(helper_ljmp_protected(env, SEL_CODE3, 0, 0), EXCP0D_GPF,
                SEL_CODE3 & 0xfffc);
    EXPECT_EXCP(helper_ljmp_protected(env, SEL_DATA0, 0, 0), EXCP0D_GPF,
                SEL_DATA0);
    EXPECT_EXCP(helper_ljmp_protected(env, SEL_NP_CODE0, 0, 0), EXCP0B_NOSEG,
                SEL_NP_CODE0);
    EXPECT_OK(helper_ljmp_protected(env, SEL_XO_CODE, 0x2222, 0));
    assert_int_equal(env->segs[R_CS].selector, SEL_XO_CODE);
    assert_int_equal(env->eip, 0x2222);

    /* conforming code keeps CPL (RPL of CS becomes CPL) */
    sys_enter_pm(3);
    EXPECT_OK(helper_ljmp_protected(env, SEL_CONF0, 0x3333, 0));
    assert_int_equal(env->segs[R_CS].selector, SEL_CONF0 | 3);
    assert_int_equal(cpl(), 3);

    /* limit check: 16-bit code segment */
    sys_enter_pm(0);
    put_desc(GDT_BASE, 21, 0x10000, 0xffff, D_P | D_CODE | DESC_R_MASK);
    EXPECT_EXCP(helper_ljmp_protected(env, 21 * 8, 0x10000, 0), EXCP0D_GPF, 0);
    EXPECT_OK(helper_ljmp_protected(env, 21 * 8, 0xffff, 0));
    assert_int_equal(env->segs[R_CS].base, 0x10000);
    assert_int_equal(env->hflags & HF_CS32_MASK, 0);
}

static void test_call_gate_and_lret(void **state)
{
    uint32_t esp;

    (void)state;
    sys_reset();
    sys_enter_pm(3);
    env->regs[R_ESP] = STACK3_TOP - 8;
    wr32(STACK3_TOP - 8, 0x11111111);
    wr32(STACK3_TOP - 4, 0x22222222);

    EXPECT_OK(helper_lcall_protected(env, SEL_CGATE | 3, 0, 1, 0x1240));
    assert_int_equal(cpl(), 0);
    assert_int_equal(env->segs[R_CS].selector, SEL_CODE0);
    assert_int_equal(env->segs[R_SS].selector, SEL_DATA0);
    assert_int_equal(env->eip, 0x5000);
    esp = env->regs[R_ESP];
    assert_int_equal(esp, STACK0_TOP - 24);
    assert_int_equal(rd32(esp), 0x1240);
    assert_int_equal(rd32(esp + 4), SEL_CODE3);
    assert_int_equal(rd32(esp + 8), 0x11111111);
    assert_int_equal(rd32(esp + 12), 0x22222222);
    assert_int_equal(rd32(esp + 16), STACK3_TOP - 8);
    assert_int_equal(rd32(esp + 20), SEL_DATA3);

    /* RET 8 back to ring 3 releases the parameters on both stacks */
    EXPECT_OK(helper_lret_protected(env, 1, 8));
    assert_int_equal(cpl(), 3);
    assert_int_equal(env->eip, 0x1240);
    assert_int_equal(env->segs[R_SS].selector, SEL_DATA3);
    assert_int_equal(env->regs[R_ESP], STACK3_TOP);

    /* RPL 3 through a DPL 0 gate... the gate DPL is 3 here; make it 0 */
    sys_enter_pm(3);
    put_gate(GDT_BASE, 10, SEL_CODE0, 0x5000, 12, 0, 2);
    EXPECT_EXCP(helper_lcall_protected(env, SEL_CGATE | 3, 0, 1, 0), EXCP0D_GPF,
                SEL_CGATE);
    /* a JMP through a gate cannot change privilege */
    put_gate(GDT_BASE, 10, SEL_CODE0, 0x5000, 12, 3, 2);
    EXPECT_EXCP(helper_ljmp_protected(env, SEL_CGATE | 3, 0, 0), EXCP0D_GPF,
                SEL_CODE0);

    /* a call gate to conforming code keeps CPL and the stack */
    sys_enter_pm(3);
    put_gate(GDT_BASE, 10, SEL_CONF0, 0x5000, 12, 3, 2);
    EXPECT_OK(helper_lcall_protected(env, SEL_CGATE | 3, 0, 1, 0x1240));
    assert_int_equal(cpl(), 3);
    assert_int_equal(env->segs[R_CS].selector, SEL_CONF0 | 3);
    assert_int_equal(env->regs[R_ESP], STACK3_TOP - 8);
    assert_int_equal(env->segs[R_SS].selector, SEL_DATA3);

    /* same-level direct call and return, 16-bit */
    sys_enter_pm(0);
    EXPECT_OK(helper_lcall_protected(env, SEL_XO_CODE, 0x100, 0, 0x1239));
    assert_int_equal(env->regs[R_ESP], STACK0_TOP - 4);
    assert_int_equal(rd16(STACK0_TOP - 4), 0x1239);
    assert_int_equal(rd16(STACK0_TOP - 2), SEL_CODE0);
    EXPECT_OK(helper_lret_protected(env, 0, 0));
    assert_int_equal(env->segs[R_CS].selector, SEL_CODE0);
    assert_int_equal(env->eip, 0x1239);
    assert_int_equal(env->regs[R_ESP], STACK0_TOP);
}

static void test_lcall_real(void **state)
{
    (void)state;
    real_mode();
    EXPECT_OK(helper_lcall_real(env, 0x4000, 0x10, 0, 0x55));
    assert_int_equal(env->segs[R_CS].base, 0x40000);
    assert_int_equal(env->eip, 0x10);
    assert_int_equal(rd16(0x200fc), 0x55);
    assert_int_equal(rd16(0x200fe), 0x1000);
    assert_int_equal(env->regs[R_ESP] & 0xffff, 0xfc);
}

static void test_io_bitmap(void **state)
{
    (void)state;
    sys_reset();
    sys_enter_pm(3);
    /* allow ports 0x60..0x67 and 0x70 */
    ram[TSS0_BASE + 0x68 + 0x0c] = 0x00;
    ram[TSS0_BASE + 0x68 + 0x0e] = 0xfe;

    EXPECT_OK(helper_check_io(env, 0x60, 1));
    EXPECT_OK(helper_check_io(env, 0x64, 4));
    EXPECT_OK(helper_check_io(env, 0x66, 2));
    EXPECT_EXCP(helper_check_io(env, 0x66, 4), EXCP0D_GPF, 0);
    EXPECT_EXCP(helper_check_io(env, 0x5f, 1), EXCP0D_GPF, 0);
    EXPECT_OK(helper_check_io(env, 0x70, 1));
    EXPECT_EXCP(helper_check_io(env, 0x70, 2), EXCP0D_GPF, 0);
    /* beyond the bitmap (limit) */
    EXPECT_EXCP(helper_check_io(env, 0x400, 1), EXCP0D_GPF, 0);
    /* CPL <= IOPL: no bitmap */
    cpu_load_eflags(env, 0x3202, ~0u);
    EXPECT_OK(helper_check_io(env, 0x5f, 1));
    /* 286 TSS: no bitmap, always #GP */
    cpu_load_eflags(env, 0x0202, ~0u);
    env->tr.flags = D_P | (1 << 8);
    EXPECT_EXCP(helper_check_io(env, 0x60, 1), EXCP0D_GPF, 0);

    /* V86 with IOPL 3 still consults the bitmap */
    sys_enter_pm(0);
    ram[TSS0_BASE + 0x68 + 0x0c] = 0x00;
    cpu_load_eflags(env, VM_MASK | IOPL_MASK | 0x2, ~0u);
    x86_cpu_state_changed(&test_cpu);
    EXPECT_OK(helper_check_io(env, 0x61, 1));
    EXPECT_EXCP(helper_check_io(env, 0x80, 1), EXCP0D_GPF, 0);
}

static void test_lar_lsl_verr_verw(void **state)
{
    uint32_t v;

    (void)state;
    sys_reset();
    sys_enter_pm(3);

    v = helper_lar(env, SEL_DATA3);
    assert_true(zf());
    assert_int_equal(v, rd32(GDT_BASE + 4 * 8 + 4) & 0x00f0ff00);
    v = helper_lar(env, SEL_DATA0 | 3);
    assert_false(zf());
    assert_int_equal(v, 0);
    v = helper_lar(env, SEL_CGATE | 3); /* a DPL 3 gate is visible */
    assert_true(zf());
    assert_int_equal(v, rd32(GDT_BASE + 10 * 8 + 4) & 0x00f0ff00);
    v = helper_lar(env, SEL_CONF0 | 3); /* conforming: any level */
    assert_true(zf());
    v = helper_lar(env, 0);
    assert_false(zf());

    v = helper_lsl(env, SEL_CODE3);
    assert_true(zf());
    assert_int_equal(v, 0xffffffff);
    v = helper_lsl(env, SEL_CGATE | 3); /* gates have no limit */
    assert_false(zf());
    sys_enter_pm(0);
    v = helper_lsl(env, SEL_TSS0);
    assert_true(zf());
    assert_int_equal(v, 0xe8);
    v = helper_lsl(env, 0x400); /* beyond the GDT */
    assert_false(zf());

    sys_enter_pm(3);
    helper_verr(env, SEL_CODE3);
    assert_true(zf());
    helper_verr(env, SEL_XO_CODE | 3);
    assert_false(zf());
    helper_verr(env, SEL_CONF0 | 3);
    assert_true(zf());
    helper_verw(env, SEL_DATA3);
    assert_true(zf());
    helper_verw(env, SEL_CODE3);
    assert_false(zf());
    helper_verw(env, SEL_DATA0 | 3);
    assert_false(zf());
    /* other flags survive */
    cpu_load_eflags(env, 0x202 | CC_C | CC_S, ~0u);
    helper_verw(env, SEL_DATA3);
    assert_int_equal(cpu_cc_compute_all(env) & (CC_C | CC_S | CC_Z),
                     CC_C | CC_S | CC_Z);
}

static void test_stack_privilege(void **state)
{
    int got;

    (void)state;
    sys_reset();
    sys_enter_pm(3);
    /* paging: all of the first 4 MiB user and writable, except the page
     * holding the ring 3 stack top, which is supervisor-only */
    for (int i = 0; i < 1024; i++) {
        wr32(0x10000 + i * 4, 0);
        wr32(0x11000 + i * 4,
             (uint32_t)i << 12 | PG_PRESENT_MASK | PG_RW_MASK | PG_USER_MASK);
    }
    wr32(0x10000, 0x11000 | PG_PRESENT_MASK | PG_RW_MASK | PG_USER_MASK);
    wr32(0x11000 + 7 * 4, 0x7000 | PG_PRESENT_MASK | PG_RW_MASK);
    env->cr[3] = 0x10000;
    env->cr[0] |= CR0_PG_MASK;
    x86_cpu_state_changed(&test_cpu);

    /* a ring 3 far call pushes with user rights: #PF(U|W|P) */
    env->old_exception = -1;
    TRY(got, helper_lcall_protected(env, SEL_CODE3, 0x100, 1, 0x1240));
    assert_int_equal(got, EXCP0E_PAGE);
    assert_int_equal(env->error_code, 7);
    assert_int_equal(env->cr[2], STACK3_TOP - 4);
    assert_int_equal(env->regs[R_ESP], STACK3_TOP);
    assert_int_equal(env->segs[R_CS].selector, SEL_CODE3);

    /* the ring 0 stack of an interrupt is written as supervisor: fine */
    idt_setup();
    EXPECT_OK(do_interrupt_all(&test_cpu, 0x80, 1, 0, 0x1236, 0));
    assert_int_equal(env->regs[R_ESP], STACK0_TOP - 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_raise_fields),
        cmocka_unit_test(test_double_fault),
        cmocka_unit_test(test_load_seg_faults),
        cmocka_unit_test(test_load_seg_ok),
        cmocka_unit_test(test_lldt_ltr),
        cmocka_unit_test(test_iret_to_outer_level),
        cmocka_unit_test(test_ljmp),
        cmocka_unit_test(test_call_gate_and_lret),
        cmocka_unit_test(test_lcall_real),
        cmocka_unit_test(test_io_bitmap),
        cmocka_unit_test(test_lar_lsl_verr_verw),
        cmocka_unit_test(test_stack_privilege),
    };
    return cmocka_run_group_tests(tests, sys_group_setup, NULL);
}
