/*
 * Small real-mode programs run end to end through the TB cache and TLB:
 * loops, string ops, calls, software interrupts through the IVT, #DE
 * delivered to a handler that skips the faulting DIV, BCD, flags.
 */
#include "cpu-fixture.h"
#include "timer/timer.h"

static uint8_t prog[512];
static int pc;

static void emit(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        prog[pc++] = (uint8_t)va_arg(ap, int);
    }
    va_end(ap);
}

static void set_vector(int n, uint16_t seg, uint16_t off)
{
    uint8_t v[4] = {off & 0xff, off >> 8, seg & 0xff, seg >> 8};
    put_bytes(n * 4, v, 4);
}

static void test_program(void **state)
{
    (void)state;
    int loop, call_at, sub;

    cpu_fixture_reset(X86_CPU_386);
    pc = 0;
    emit(3, 0xb9, 100, 0); /* mov cx,100 */
    emit(2, 0x31, 0xc0);   /* xor ax,ax */
    loop = pc;
    emit(2, 0x01, 0xc8);                     /* l: add ax,cx */
    emit(2, 0xe2, (loop - (pc + 2)) & 0xff); /* loop l */
    emit(3, 0xa3, 0x00, 0x20);               /* mov [2000h],ax */
    emit(3, 0xbe, 0x00, 0x20);               /* mov si,2000h */
    emit(3, 0xbf, 0x10, 0x20);               /* mov di,2010h */
    emit(3, 0xb9, 0x02, 0x00);               /* mov cx,2 */
    emit(1, 0xfc);                           /* cld */
    emit(2, 0xf3, 0xa4);                     /* rep movsb */
    call_at = pc;
    emit(3, 0xe8, 0, 0); /* call sub */
    emit(2, 0xcd, 0x80); /* int 80h */
    emit(2, 0xb3, 0x00); /* mov bl,0 */
    emit(2, 0xf6, 0xf3); /* div bl -> #DE, handler skips it */
    emit(2, 0xb0, 0x19); /* mov al,19h */
    emit(2, 0x04, 0x28); /* add al,28h */
    emit(1, 0x27);       /* daa -> 47h */
    emit(1, 0x9c);       /* pushf */
    emit(1, 0x5d);       /* pop bp */
    emit(1, 0xf4);       /* hlt */
    sub = pc;
    emit(3, 0xba, 0x34, 0x12); /* sub: mov dx,1234h */
    emit(1, 0xc3);             /* ret */
    prog[call_at + 1] = (uint8_t)((sub - (call_at + 3)) & 0xff);
    prog[call_at + 2] = (uint8_t)((sub - (call_at + 3)) >> 8);
    put_bytes(0x1000, prog, pc);

    /* int 80h: mov bx,5678h; iret */
    put_bytes(0x1100, (const uint8_t[]){0xbb, 0x78, 0x56, 0xcf}, 4);
    set_vector(0x80, 0, 0x1100);
    /* #DE: mov si,0deadh; mov bp,sp; add word [bp],2; iret */
    put_bytes(0x1200,
              (const uint8_t[]){0xbe, 0xad, 0xde, 0x89, 0xe5, 0x83, 0x46, 0x00,
                                0x02, 0xcf},
              10);
    set_vector(0, 0, 0x1200);

    assert_int_equal(run_until_hlt(10000), EXCP_HLT);
    assert_int_equal(low_ram[0x2000] | low_ram[0x2001] << 8, 5050);
    assert_int_equal(low_ram[0x2010] | low_ram[0x2011] << 8, 5050);
    assert_int_equal(env->regs[R_EDX] & 0xffff, 0x1234);
    assert_int_equal(env->regs[R_EBX] & 0xff00, 0x5600);
    assert_int_equal(env->regs[R_ESI] & 0xffff, 0xdead);
    assert_int_equal(env->regs[R_EAX] & 0xff, 0x47);
    assert_int_equal(env->regs[R_ESP] & 0xffff, 0x8000);
    assert_int_equal(env->regs[R_EBP] & 0x0001, 0); /* CF clear after DAA */
    assert_int_equal(env->eip, 0x1000 + sub);
}

static void test_interrupt_and_shadow(void **state)
{
    (void)state;
    /* a pending INTR is taken after STI's shadow: sti; inc cx; hlt */
    cpu_fixture_reset(X86_CPU_386);
    put_bytes(0x1000, (const uint8_t[]){0xfb, 0x41, 0x41, 0xf4}, 4);
    put_bytes(0x1100, (const uint8_t[]){0xbb, 0x99, 0x00, 0xf4}, 4);
    set_vector(0x20, 0, 0x1100);
    env->regs[R_ECX] = 0;
    env->regs[R_EBX] = 0;
    test_cpu.get_pic_interrupt = NULL;
    cpu_interrupt(cs, CPU_INTERRUPT_HARD);
    /* no PIC: the request is dropped without a vector */
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(env->regs[R_ECX] & 0xffff, 2);
}

static int pic_vector(void *opaque)
{
    (void)opaque;
    return 0x20;
}

static void test_intr_delivery(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_386);
    put_bytes(0x1000, (const uint8_t[]){0xfb, 0x41, 0x41, 0xf4}, 4);
    put_bytes(0x1100, (const uint8_t[]){0xbb, 0x99, 0x00, 0xf4}, 4);
    set_vector(0x20, 0, 0x1100);
    env->regs[R_ECX] = 0;
    test_cpu.get_pic_interrupt = pic_vector;
    cpu_interrupt(cs, CPU_INTERRUPT_HARD);
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    /* taken after the instruction in STI's shadow, before the second */
    assert_int_equal(env->regs[R_ECX] & 0xffff, 1);
    assert_int_equal(env->regs[R_EBX] & 0xffff, 0x99);
    test_cpu.get_pic_interrupt = NULL;
    /* HLT with IF=1 wakes on INTR */
    cpu_fixture_reset(X86_CPU_386);
    put_bytes(0x1000, (const uint8_t[]){0xfb, 0xf4, 0x41, 0xf4}, 4);
    put_bytes(0x1100, (const uint8_t[]){0xbb, 0x77, 0x00, 0xcf}, 4);
    set_vector(0x20, 0, 0x1100);
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(cpu_exec(cs), EXCP_HALTED);
    test_cpu.get_pic_interrupt = pic_vector;
    cpu_interrupt(cs, CPU_INTERRUPT_HARD);
    cs->icount_budget = 100;
    assert_int_equal(cpu_exec(cs), EXCP_HLT);
    assert_int_equal(env->regs[R_EBX] & 0xffff, 0x77);
    assert_int_equal(env->eip, 0x1004);
    test_cpu.get_pic_interrupt = NULL;
}

static void test_cpu_levels(void **state)
{
    (void)state;
    /* reset signature in DX, CPUID only where it exists */
    cpu_fixture_reset(X86_CPU_386);
    x86_cpu_reset(&test_cpu);
    assert_int_equal(env->regs[R_EDX], 0x0308);
    assert_int_equal(env->segs[R_CS].base, 0xffff0000);
    assert_int_equal(env->eip, 0xfff0);
    /* pushfd/popfd cannot set AC on a 386, can on a 486 */
    static const uint8_t ac[] = {
        0x66, 0x68, 0x02, 0x00, 0x04, 0x00, /* push 40002h */
        0x66, 0x9d, 0x66, 0x9c, 0x66, 0x58, 0xf4};
    cpu_fixture_reset(X86_CPU_386);
    put_bytes(0x1000, ac, sizeof(ac));
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & AC_MASK, 0);
    cpu_fixture_reset(X86_CPU_486);
    put_bytes(0x1000, ac, sizeof(ac));
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & AC_MASK, AC_MASK);
    /* CPUID on a Pentium: vendor and family 5 */
    cpu_fixture_reset(X86_CPU_586);
    put_bytes(0x1000,
              (const uint8_t[]){0x66, 0xb8, 1, 0, 0, 0, 0x0f, 0xa2, 0xf4}, 9);
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal((env->regs[R_EAX] >> 8) & 0xf, 5);
    assert_true(env->regs[R_EDX] & CPUID_TSC);
    /* the FPU-less 386: ESC does nothing, with EM it is #NM */
    cpu_fixture_reset(X86_CPU_386);
    put_bytes(0x1000, (const uint8_t[]){0xdb, 0xe3, 0xf4}, 3); /* fninit */
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(env->eip, 0x1003);
}

/* The TSC counts the virtual time a halted CPU skips, as QEMU's under
 * icount: Linux compares it with the PIT across idle periods. */
static void test_tsc_counts_halted_time(void **state)
{
    static const uint8_t code[] = {
        0x0f, 0x31,                   /* rdtsc */
        0x66, 0xa3, 0x00, 0x20,       /* mov [2000h],eax */
        0x66, 0x89, 0x16, 0x04, 0x20, /* mov [2004h],edx */
        0xf4,                         /* hlt */
        0x0f, 0x31,                   /* rdtsc */
        0x66, 0xa3, 0x08, 0x20,       /* mov [2008h],eax */
        0x66, 0x89, 0x16, 0x0c, 0x20, /* mov [200ch],edx */
        0xf4,                         /* hlt */
    };
    uint64_t t0, t1, skip = 5000000;
    int shift = icount_get_shift();

    (void)state;
    cpu_fixture_reset(X86_CPU_586);
    put_bytes(0x1000, code, sizeof(code));
    run_until_hlt(100);
    memcpy(&t0, low_ram + 0x2000, 8);
    /* halted: the machine moves the clock to the next timer */
    qemu_clock_warp(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                    (int64_t)(skip << shift));
    run_until_hlt(100);
    memcpy(&t1, low_ram + 0x2008, 8);
    /* the instructions between the two reads, and the skipped time */
    assert_in_range(t1 - t0, skip + 1, skip + 8);
}

/* RDTSC counts every instruction retired before it, wherever the TB
 * boundaries fall: two reads in one TB five instructions apart differ by
 * five, and by as much again when the code runs a second time from its
 * cached TB or after a flush. */
static void test_tsc_exact_inside_tb(void **state)
{
    static const uint8_t code[] = {
        0x0f, 0x31,       /* rdtsc */
        0x66, 0x89, 0xc3, /* mov ebx,eax */
        0x90, 0x90, 0x90, /* nop x3 */
        0x0f, 0x31,       /* rdtsc */
        0x66, 0x29, 0xd8, /* sub eax,ebx */
        0xf4,             /* hlt */
    };
    (void)state;
    cpu_fixture_reset(X86_CPU_586);
    put_bytes(0x1000, code, sizeof(code));
    for (int pass = 0; pass < 3; pass++) {
        if (pass == 2) {
            tb_flush(cs);
        }
        env->eip = 0x1000;
        assert_int_equal(run_until_hlt(100), EXCP_HLT);
        assert_int_equal(env->regs[R_EAX], 5);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_program),
        cmocka_unit_test(test_interrupt_and_shadow),
        cmocka_unit_test(test_intr_delivery),
        cmocka_unit_test(test_cpu_levels),
        cmocka_unit_test(test_tsc_counts_halted_time),
        cmocka_unit_test(test_tsc_exact_inside_tb),
    };
    return cmocka_run_group_tests(tests, cpu_group_setup, NULL);
}
