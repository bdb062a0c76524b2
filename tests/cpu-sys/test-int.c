/*
 * Unit tests of interrupt and exception delivery: real mode, protected
 * mode gates with and without a stack switch, faults during delivery,
 * and V86 entry and exit.
 */
#include "sys-fixture.h"

static void test_real_mode_int(void **state)
{
    (void)state;
    real_mode();
    EXPECT_OK(do_interrupt_all(&test_cpu, 0x21, 1, 0, 0x52, 0));
    assert_int_equal(env->segs[R_CS].selector, 0x3000);
    assert_int_equal(env->segs[R_CS].base, 0x30000);
    assert_int_equal(env->eip, 0x400);
    /* only SP moves; ESP's top half stays */
    assert_int_equal(env->regs[R_ESP], 0x123400fa);
    assert_int_equal(rd16(0x200fa), 0x52);
    assert_int_equal(rd16(0x200fc), 0x1000);
    assert_int_equal(rd16(0x200fe), 0x0302);
    assert_int_equal(cpu_compute_eflags(env) & (IF_MASK | TF_MASK), 0);

    /* an exception pushes the faulting IP; SP wraps inside the segment */
    real_mode();
    env->regs[R_ESP] = 0;
    EXPECT_OK(do_interrupt_all(&test_cpu, 0x21, 0, 0, 0x52, 0));
    assert_int_equal(env->regs[R_ESP], 0xfffa);
    assert_int_equal(rd16(0x2fffa), 0x50);

    /* IVT limit */
    real_mode();
    env->idt.limit = 0x83;
    EXPECT_EXCP(do_interrupt_all(&test_cpu, 0x21, 1, 0, 0x52, 0), EXCP0D_GPF,
                0x21 * 8 + 2);
    assert_int_equal(env->segs[R_CS].selector, 0x1000);
}

static void test_iret_real(void **state)
{
    (void)state;
    real_mode();
    env->regs[R_ESP] = 0x100;
    wr16(0x20100, 0x0777);
    wr16(0x20102, 0x4000);
    wr16(0x20104, 0x3283); /* IOPL 3, IF, SF, CF */
    EXPECT_OK(helper_iret_real(env, 0));
    assert_int_equal(env->eip, 0x777);
    assert_int_equal(env->segs[R_CS].base, 0x40000);
    assert_int_equal(env->regs[R_ESP], 0x106);
    assert_int_equal(cpu_compute_eflags(env) & 0xffff, 0x3283);
}

static void test_int_ring3_to_ring0(void **state)
{
    uint32_t esp;

    (void)state;
    sys_reset();
    sys_enter_pm(3);
    idt_setup();
    cpu_load_eflags(env, 0x202 | CC_C, ~0u);

    EXPECT_OK(do_interrupt_all(&test_cpu, 0x80, 1, 0, 0x1236, 0));
    assert_int_equal(cpl(), 0);
    assert_int_equal(env->segs[R_CS].selector, SEL_CODE0);
    assert_int_equal(env->segs[R_SS].selector, SEL_DATA0);
    assert_int_equal(env->eip, 0x6000);
    esp = env->regs[R_ESP];
    assert_int_equal(esp, STACK0_TOP - 20);
    assert_int_equal(rd32(esp), 0x1236);
    assert_int_equal(rd32(esp + 4), SEL_CODE3);
    assert_int_equal(rd32(esp + 8), 0x203);
    assert_int_equal(rd32(esp + 12), STACK3_TOP);
    assert_int_equal(rd32(esp + 16), SEL_DATA3);
    assert_int_equal(env->eflags & IF_MASK, 0);

    /* and back */
    EXPECT_OK(helper_iret_protected(env, 1, 0x6001));
    assert_int_equal(cpl(), 3);
    assert_int_equal(env->segs[R_CS].selector, SEL_CODE3);
    assert_int_equal(env->segs[R_SS].selector, SEL_DATA3);
    assert_int_equal(env->regs[R_ESP], STACK3_TOP);
    assert_int_equal(env->eip, 0x1236);
    assert_int_equal(cpu_compute_eflags(env) & 0xfff, 0x203);
    assert_int_equal(env->segs[R_DS].selector, SEL_DATA3);
}

static void test_exception_frames(void **state)
{
    uint32_t esp;

    (void)state;
    sys_reset();
    sys_enter_pm(3);
    idt_setup();

    /* #GP through a DPL 0 trap gate: error code, RF, IF kept */
    EXPECT_OK(do_interrupt_all(&test_cpu, EXCP0D_GPF, 0, 0x28, 0, 0));
    esp = env->regs[R_ESP];
    assert_int_equal(esp, STACK0_TOP - 24);
    assert_int_equal(rd32(esp), 0x28);
    assert_int_equal(rd32(esp + 4), 0x1234);
    assert_int_equal(rd32(esp + 12), 0x202 | RF_MASK);
    assert_int_equal(env->eip, 0x7000);
    assert_int_not_equal(env->eflags & IF_MASK, 0);

    /* INT 0x0d from ring 3: gate DPL 0 < CPL 3 */
    sys_enter_pm(3);
    EXPECT_EXCP(do_interrupt_all(&test_cpu, 0x0d, 1, 0, 0x1236, 0), EXCP0D_GPF,
                0x0d * 8 + 2);
    /* but a hardware interrupt ignores the gate DPL */
    EXPECT_OK(do_interrupt_all(&test_cpu, 0x0d, 0, 0, 0, 1));
    assert_int_equal(env->regs[R_ESP], STACK0_TOP - 20); /* no error code */

    /* not-present gate, IDT limit, bad gate type */
    sys_enter_pm(3);
    EXPECT_EXCP(do_interrupt_all(&test_cpu, 0x83, 1, 0, 0, 0), EXCP0B_NOSEG,
                0x83 * 8 + 2);
    env->idt.limit = 0x80 * 8 + 6;
    EXPECT_EXCP(do_interrupt_all(&test_cpu, 0x80, 1, 0, 0, 0), EXCP0D_GPF,
                0x80 * 8 + 2);
    env->idt.limit = IDT_LIMIT;
    EXPECT_EXCP(do_interrupt_all(&test_cpu, 0x90, 1, 0, 0, 0), EXCP0D_GPF,
                0x90 * 8 + 2);
    /* a gate to a less privileged segment */
    sys_enter_pm(0);
    EXPECT_EXCP(do_interrupt_all(&test_cpu, 0x82, 1, 0, 0, 0), EXCP0D_GPF,
                SEL_CODE3 & 0xfffc);

    /* 286 gate: 16-bit frame, same privilege at CPL 0 */
    sys_enter_pm(0);
    EXPECT_OK(do_interrupt_all(&test_cpu, 0x81, 1, 0, 0x1236, 0));
    assert_int_equal(env->regs[R_ESP], STACK0_TOP - 6);
    assert_int_equal(rd16(STACK0_TOP - 6), 0x1236);
    assert_int_equal(rd16(STACK0_TOP - 4), SEL_CODE0);
    assert_int_equal(rd16(STACK0_TOP - 2), 0x202);
    assert_int_equal(env->eip, 0x6100);

    /* conforming handler: no stack switch, CPL stays 3 */
    sys_enter_pm(3);
    EXPECT_OK(do_interrupt_all(&test_cpu, 0x85, 1, 0, 0x1236, 0));
    assert_int_equal(cpl(), 3);
    assert_int_equal(env->regs[R_ESP], STACK3_TOP - 12);
    assert_int_equal(env->segs[R_CS].selector, SEL_CONF0 | 3);

    /* a fault while pushing leaves the interrupted state intact */
    sys_enter_pm(3);
    wr16(TSS0_BASE + 8, 0); /* null SS0 */
    EXPECT_EXCP(do_interrupt_all(&test_cpu, 0x80, 1, 0, 0, 0), EXCP0A_TSS, 0);
    assert_int_equal(cpl(), 3);
    assert_int_equal(env->regs[R_ESP], STACK3_TOP);
}

static int deliver(int excp, int err)
{
    cs->exception_index = excp;
    env->error_code = err;
    env->exception_is_int = 0;
    if (__builtin_setjmp(cs->jmp_env) == 0) {
        x86_cpu_do_interrupt(cs);
        return -1;
    }
    return cs->exception_index;
}

static void test_fault_during_delivery(void **state)
{
    int got;

    (void)state;
    sys_reset();
    sys_enter_pm(0);
    idt_setup();
    put_gate(IDT_BASE, EXCP08_DBLE, SEL_CODE0, 0x8888, 14, 0, 0);
    put_gate(IDT_BASE, EXCP0B_NOSEG, SEL_CODE0, 0x0b0b, 14, 0, 0);
    /* #GP's gate is not present: #NP during #GP -> #DF(0) */
    wr32(IDT_BASE + 0x0d * 8 + 4, rd32(IDT_BASE + 0x0d * 8 + 4) & ~D_P);
    env->old_exception = EXCP0D_GPF; /* as raising #GP left it */
    got = deliver(EXCP0D_GPF, 0x10);
    assert_int_equal(got, EXCP08_DBLE);
    assert_int_equal(env->error_code, 0);
    got = deliver(got, env->error_code);
    assert_int_equal(got, -1);
    assert_int_equal(env->eip, 0x8888);
    assert_int_equal(rd32(env->regs[R_ESP]), 0); /* #DF error code */
    assert_int_equal(rd32(env->regs[R_ESP] + 4), 0x1234);
    assert_int_equal(env->old_exception, -1);

    /* the #DF gate broken too: triple fault, cpu_exec returns EXCP_HLT */
    sys_enter_pm(0);
    wr32(IDT_BASE + 8 * 8 + 4, rd32(IDT_BASE + 8 * 8 + 4) & ~D_P);
    env->old_exception = EXCP0D_GPF;
    got = deliver(EXCP0D_GPF, 0);
    assert_int_equal(got, EXCP08_DBLE);
    got = deliver(got, 0);
    assert_int_equal(got, EXCP_HLT);

    /* a benign exception whose gate faults gives just the new fault */
    sys_enter_pm(0);
    put_gate(IDT_BASE, EXCP01_DB, SEL_CODE0, 0x0101, 14, 0, 0);
    wr32(IDT_BASE + 1 * 8 + 4, rd32(IDT_BASE + 1 * 8 + 4) & ~D_P);
    env->old_exception = -1;
    got = deliver(EXCP01_DB, 0);
    assert_int_equal(got, EXCP0B_NOSEG);
    assert_int_equal(env->error_code, 1 * 8 + 2);
    got = deliver(got, env->error_code);
    assert_int_equal(got, -1);
    assert_int_equal(env->eip, 0x0b0b);
}

static void test_int_ring3_to_ring1(void **state)
{
    uint32_t esp;

    (void)state;
    sys_reset();
    sys_enter_pm(3);
    put_gate(IDT_BASE, 0x86, SEL_CODE1 & ~3, 0x6600, 14, 3, 0);
    EXPECT_OK(do_interrupt_all(&test_cpu, 0x86, 1, 0, 0x1236, 0));
    assert_int_equal(cpl(), 1);
    assert_int_equal(env->segs[R_CS].selector, SEL_CODE1);
    assert_int_equal(env->segs[R_SS].selector, SEL_DATA1);
    esp = env->regs[R_ESP];
    assert_int_equal(esp, STACK1_TOP - 20);
    assert_int_equal(rd32(esp + 12), STACK3_TOP);
    /* IRET from ring 1 to ring 3 */
    EXPECT_OK(helper_iret_protected(env, 1, 0));
    assert_int_equal(cpl(), 3);
    assert_int_equal(env->regs[R_ESP], STACK3_TOP);
    /* a wrong SS1 RPL in the TSS: #TS(ss) */
    wr16(TSS0_BASE + 16, SEL_DATA1 & ~3);
    EXPECT_EXCP(do_interrupt_all(&test_cpu, 0x86, 1, 0, 0x1236, 0), EXCP0A_TSS,
                SEL_DATA1 & ~3);
}

static void test_v86_round_trip(void **state)
{
    uint32_t sp = 0x8f00, esp;

    (void)state;
    sys_reset();
    sys_enter_pm(0);
    idt_setup();
    wr32(sp, 0x0100);
    wr32(sp + 4, 0x2000);
    wr32(sp + 8, VM_MASK | 0x0202);
    wr32(sp + 12, 0xfff0);
    wr32(sp + 16, 0x3000);
    wr32(sp + 20, 0x4000);
    wr32(sp + 24, 0x5000);
    wr32(sp + 28, 0x6000);
    wr32(sp + 32, 0x7000);
    env->regs[R_ESP] = sp;

    EXPECT_OK(helper_iret_protected(env, 1, 0));
    assert_int_not_equal(env->eflags & VM_MASK, 0);
    assert_int_equal(cpl(), 3);
    assert_int_equal(env->segs[R_CS].base, 0x20000);
    assert_int_equal(env->segs[R_SS].selector, 0x3000);
    assert_int_equal(env->segs[R_DS].base, 0x50000);
    assert_int_equal(env->segs[R_GS].base, 0x70000);
    assert_int_equal(env->regs[R_ESP], 0xfff0);
    assert_int_equal(env->eip, 0x100);

    /* #GP in V86 goes to ring 0 with the extended frame */
    EXPECT_OK(do_interrupt_all(&test_cpu, EXCP0D_GPF, 0, 0, 0, 0));
    assert_int_equal(env->eflags & VM_MASK, 0);
    assert_int_equal(cpl(), 0);
    esp = env->regs[R_ESP];
    assert_int_equal(esp, STACK0_TOP - 40);
    assert_int_equal(rd32(esp), 0);
    assert_int_equal(rd32(esp + 4), 0x100);
    assert_int_equal(rd32(esp + 8), 0x2000);
    assert_int_equal(rd32(esp + 12), VM_MASK | RF_MASK | 0x202);
    assert_int_equal(rd32(esp + 16), 0xfff0);
    assert_int_equal(rd32(esp + 20), 0x3000);
    assert_int_equal(rd32(esp + 24), 0x4000);
    assert_int_equal(rd32(esp + 28), 0x5000);
    assert_int_equal(rd32(esp + 32), 0x6000);
    assert_int_equal(rd32(esp + 36), 0x7000);
    assert_int_equal(env->segs[R_DS].selector, 0);
    assert_int_equal(env->segs[R_ES].selector, 0);
    assert_int_equal(env->segs[R_FS].selector, 0);
    assert_int_equal(env->segs[R_GS].selector, 0);

    /* IRET (after popping the error code) returns to V86 */
    env->regs[R_ESP] = esp + 4;
    EXPECT_OK(helper_iret_protected(env, 1, 0));
    assert_int_not_equal(env->eflags & VM_MASK, 0);
    assert_int_equal(env->segs[R_ES].base, 0x40000);

    /* V86 can only be interrupted to ring 0 */
    EXPECT_EXCP(do_interrupt_all(&test_cpu, 0x85, 0, 0, 0, 1), EXCP0D_GPF,
                SEL_CONF0);
}

static void test_v86_iret_real_keeps_iopl(void **state)
{
    (void)state;
    sys_reset();
    sys_enter_pm(0);
    env->regs[R_ESP] = 0x8f00;
    wr32(0x8f00, 0);
    wr32(0x8f04, 0x2000);
    wr32(0x8f08, VM_MASK | IOPL_MASK | 0x2);
    wr32(0x8f0c, 0x100);
    wr32(0x8f10, 0x3000);
    EXPECT_OK(helper_iret_protected(env, 1, 0));
    assert_int_equal(env->eflags & IOPL_MASK, IOPL_MASK);
    /* IRET inside V86 (IOPL 3): 16-bit frame, IOPL cannot change */
    wr16(0x30000 + 0x100, 0x55);
    wr16(0x30000 + 0x102, 0x2100);
    wr16(0x30000 + 0x104, 0x0202);
    EXPECT_OK(helper_iret_real(env, 0));
    assert_int_equal(env->eip, 0x55);
    assert_int_equal(env->segs[R_CS].base, 0x21000);
    assert_int_equal(env->eflags & IOPL_MASK, IOPL_MASK);
    assert_int_not_equal(env->eflags & IF_MASK, 0);
    assert_int_not_equal(env->eflags & VM_MASK, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_mode_int),
        cmocka_unit_test(test_iret_real),
        cmocka_unit_test(test_int_ring3_to_ring0),
        cmocka_unit_test(test_exception_frames),
        cmocka_unit_test(test_fault_during_delivery),
        cmocka_unit_test(test_int_ring3_to_ring1),
        cmocka_unit_test(test_v86_round_trip),
        cmocka_unit_test(test_v86_iret_real_keeps_iopl),
    };
    return cmocka_run_group_tests(tests, sys_group_setup, NULL);
}
