/*
 * The softmmu TLB: hits, victim swap, notdirty pages invalidating code,
 * ROM discarding writes, MMIO split into aligned pieces, page crossing,
 * data breakpoints (TLB_WATCHPOINT).
 */
#include "cpu-fixture.h"
#include "tcg/tcg.h"

#define IDX MMU_KSMAP_IDX

static CPUTLBEntry *entry(uint32_t addr)
{
    return &cs->tlb.d[IDX].table[tlb_index(addr)];
}

static void test_fill_and_hit(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    low_ram[0x3456] = 0xab;
    assert_int_equal(cpu_ldub_mmuidx_ra(env, 0x3456, IDX, 0), 0xab);
    /* the entry maps the page straight to host RAM */
    assert_int_equal(entry(0x3456)->addr_read, 0x3000);
    assert_ptr_equal((uint8_t *)(uintptr_t)(0x3456 + entry(0x3456)->addend),
                     &low_ram[0x3456]);
    /* a hit needs no fill: change the entry's addend and see it used */
    low_ram[0x4456] = 0xcd;
    entry(0x3456)->addend += 0x1000;
    assert_int_equal(cpu_ldub_mmuidx_ra(env, 0x3456, IDX, 0), 0xcd);
    tlb_flush(cs);
    assert_int_equal(cpu_ldub_mmuidx_ra(env, 0x3456, IDX, 0), 0xab);
    /* flush_page drops just that page */
    cpu_ldub_mmuidx_ra(env, 0x5000, IDX, 0);
    tlb_flush_page(cs, 0x3456);
    assert_true(entry(0x3456)->addr_read & TLB_INVALID_MASK);
    assert_int_equal(entry(0x5000)->addr_read, 0x5000);
}

static void test_victim_swap(void **state)
{
    (void)state;
    uint32_t a = 0x7000,
             b = a + CPU_TLB_SIZE * TARGET_PAGE_SIZE; /* same slot */
    CPUTLBDesc *d = &cs->tlb.d[IDX];
    bool found = false;

    cpu_fixture_reset(X86_CPU_486);
    low_ram[a] = 1;
    low_ram[b] = 2; /* b = 0x107000: high RAM, also mapped */
    assert_int_equal(tlb_index(a), tlb_index(b));
    assert_int_equal(cpu_ldub_mmuidx_ra(env, a, IDX, 0), 1);
    cpu_ldub_mmuidx_ra(env, b, IDX, 0);
    assert_int_equal(entry(a)->addr_read, b);
    for (int k = 0; k < CPU_VTLB_SIZE; k++) {
        found |= d->vtable[k].addr_read == a;
    }
    assert_true(found);
    /* a victim hit swaps a back into the main table */
    assert_int_equal(cpu_ldub_mmuidx_ra(env, a, IDX, 0), 1);
    assert_int_equal(entry(a)->addr_read, a);
    found = false;
    for (int k = 0; k < CPU_VTLB_SIZE; k++) {
        found |= d->vtable[k].addr_read == b;
    }
    assert_true(found);
}

static void test_rom_discard(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    uint8_t before = rom[0x123];
    cpu_stb_mmuidx_ra(env, ROM_BASE + 0x123, before ^ 0xff, IDX, 0);
    assert_int_equal(rom[0x123], before);
    assert_true(entry(ROM_BASE)->addr_write & TLB_DISCARD_WRITE);
    assert_int_equal(cpu_ldub_mmuidx_ra(env, ROM_BASE + 0x123, IDX, 0), before);
}

static void test_mmio_split(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    /* unaligned dword at offset 1: byte, word, byte */
    uint32_t v = cpu_ldl_mmuidx_ra(env, MMIO_BASE + 1, IDX, 0);
    assert_int_equal(v, 0x04030201);
    assert_int_equal(mmio_count, 3);
    assert_int_equal(mmio_log[0].addr, 1);
    assert_int_equal(mmio_log[0].size, 1);
    assert_int_equal(mmio_log[1].addr, 2);
    assert_int_equal(mmio_log[1].size, 2);
    assert_int_equal(mmio_log[2].addr, 4);
    assert_int_equal(mmio_log[2].size, 1);
    assert_true(entry(MMIO_BASE)->addr_read & TLB_MMIO);
    /* an aligned dword store is one access */
    mmio_count = 0;
    cpu_stl_mmuidx_ra(env, MMIO_BASE + 8, 0xdeadbeef, IDX, 0);
    assert_int_equal(mmio_count, 1);
    assert_int_equal(mmio_log[0].size, 4);
    assert_true(mmio_log[0].val == 0xdeadbeef);
    /* 8-byte aligned qword: one access of 8 */
    mmio_count = 0;
    cpu_stq_mmuidx_ra(env, MMIO_BASE + 16, 0x1122334455667788ull, IDX, 0);
    assert_int_equal(mmio_count, 1);
    assert_int_equal(mmio_log[0].size, 8);
}

static void test_page_crossing(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    cpu_stl_mmuidx_ra(env, 0x0ffe, 0x11223344, IDX, 0);
    assert_int_equal(low_ram[0xffe], 0x44);
    assert_int_equal(low_ram[0xfff], 0x33);
    assert_int_equal(low_ram[0x1000], 0x22);
    assert_int_equal(low_ram[0x1001], 0x11);
    assert_int_equal(cpu_ldl_mmuidx_ra(env, 0x0ffe, IDX, 0), 0x11223344);
    assert_int_equal(cpu_lduw_mmuidx_ra(env, 0x0fff, IDX, 0), 0x2233);
    /* RAM -> MMIO: the MMIO half reads through the device */
    mmio_count = 0;
    low_ram[0x9ffff] = 0x5a;
    assert_int_equal(cpu_lduw_mmuidx_ra(env, 0x9ffff, IDX, 0), 0x005a);
    assert_int_equal(mmio_count, 1);
    assert_int_equal(mmio_log[0].addr, 0);
}

static void test_notdirty_invalidates_code(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    /* mov al,11h; hlt */
    put_bytes(0x1000, (const uint8_t[]){0xb0, 0x11, 0xf4}, 3);
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & 0xff, 0x11);
    /* the page holds a TB: stores to it take the notdirty path */
    cpu_ldub_mmuidx_ra(env, 0x1000, IDX, 0);
    cpu_stb_mmuidx_ra(env, 0x1800, 0, IDX, 0); /* fill for write */
    assert_true(entry(0x1000)->addr_write & TLB_NOTDIRTY);
    uint32_t inval = tcg_stats.tb_invalidated;
    cpu_stb_mmuidx_ra(env, 0x1001, 0x22, IDX, 0);
    assert_int_equal(tcg_stats.tb_invalidated, inval + 1);
    /* no TB left on the page: the entry is plain RAM again */
    assert_int_equal(entry(0x1000)->addr_write, 0x1000);
    env->eip = 0x1000;
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & 0xff, 0x22);
}

static void test_watchpoint(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    /* DR0: write breakpoint on the dword at 1004h (L0, R/W 01, LEN 11) */
    env->dr[0] = 0x1004;
    cpu_x86_update_dr7(env, 0x1 | (1u << 16) | (3u << 18));
    assert_true(env->hflags & HF_BPT_MASK);
    /* mov al,11h; hlt at 1000h: a TB on the page */
    put_bytes(0x1000, (const uint8_t[]){0xb0, 0x11, 0xf4}, 3);
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    cpu_ldub_mmuidx_ra(env, 0x1000, IDX, 0);
    assert_int_equal(entry(0x1000)->addr_read, 0x1000); /* reads not watched */
    cpu_stb_mmuidx_ra(env, 0x1010, 0, IDX, 0);          /* same page, no hit */
    assert_int_equal(entry(0x1000)->addr_write,
                     0x1000 | TLB_NOTDIRTY | TLB_WATCHPOINT);
    assert_int_equal(env->bpt_hit, 0);
    assert_false(cs->interrupt_request & CPU_INTERRUPT_DBTRAP);
    cpu_stw_mmuidx_ra(env, 0x1003, 0, IDX, 0); /* overlaps 1004h */
    assert_int_equal(env->bpt_hit, 1);
    assert_true(cs->interrupt_request & CPU_INTERRUPT_DBTRAP);
    x86_bpt_cancel(env);
    /* storing into the code drops the TB: watched, no longer notdirty */
    uint32_t inval = tcg_stats.tb_invalidated;
    cpu_stb_mmuidx_ra(env, 0x1001, 0x22, IDX, 0);
    assert_int_equal(tcg_stats.tb_invalidated, inval + 1);
    assert_int_equal(entry(0x1000)->addr_write, 0x1000 | TLB_WATCHPOINT);
    /* other pages stay on the fast path; disabling flushes the flags */
    cpu_stb_mmuidx_ra(env, 0x2000, 0, IDX, 0);
    assert_int_equal(entry(0x2000)->addr_write, 0x2000);
    cpu_x86_update_dr7(env, 0);
    assert_false(env->hflags & HF_BPT_MASK);
    cpu_stb_mmuidx_ra(env, 0x1004, 0, IDX, 0);
    assert_int_equal(entry(0x1000)->addr_write, 0x1000);
    assert_int_equal(env->bpt_hit, 0);
}

static void test_a20(void **state)
{
    (void)state;
    cpu_fixture_reset(X86_CPU_486);
    low_ram[0x10] = 0x77;
    cpu_x86_set_a20(&test_cpu, 0);
    assert_int_equal(cpu_ldub_mmuidx_ra(env, HIGH_BASE + 0x10, IDX, 0), 0x77);
    cpu_x86_set_a20(&test_cpu, 1);
    assert_int_equal(cpu_ldub_mmuidx_ra(env, HIGH_BASE + 0x10, IDX, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fill_and_hit),
        cmocka_unit_test(test_victim_swap),
        cmocka_unit_test(test_rom_discard),
        cmocka_unit_test(test_mmio_split),
        cmocka_unit_test(test_page_crossing),
        cmocka_unit_test(test_notdirty_invalidates_code),
        cmocka_unit_test(test_watchpoint),
        cmocka_unit_test(test_a20),
    };
    return cmocka_run_group_tests(tests, cpu_group_setup, NULL);
}
