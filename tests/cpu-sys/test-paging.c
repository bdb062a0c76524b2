/*
 * Unit tests of the 32-bit page walk: translations, accessed/dirty bits,
 * every #PF error code, CR0.WP, 4 MiB PSE pages, A20, and the TLB fill
 * that raises the fault with CR2.
 */
#include "sys-fixture.h"
#include "target-i386/helper-sys.h"

#define PD  0x10000u
#define PT  0x11000u
#define PT2 0x12000u

#define P  PG_PRESENT_MASK
#define RW PG_RW_MASK
#define US PG_USER_MASK
#define A  PG_ACCESSED_MASK
#define D  PG_DIRTY_MASK
#define PS PG_PSE_MASK

static void paging_on(void)
{
    sys_reset();
    sys_enter_pm(0);
    wr32(PD + 0 * 4, PT | P | RW | US); /* 0x00000000-0x003fffff */
    wr32(PD + 2 * 4, PT2 | P | US);     /* 0x00800000: read-only PDE */
    wr32(PT + 0x100 * 4, 0x200000 | P | RW | US); /* 0x100000 */
    wr32(PT + 0x101 * 4, 0x201000 | P | RW);      /* supervisor */
    wr32(PT + 0x102 * 4, 0x202000 | P | US);      /* read-only */
    wr32(PT + 0x103 * 4, 0x203000 | RW | US);     /* not present */
    wr32(PT2 + 0 * 4, 0x204000 | P | RW | US);    /* 0x800000 */
    env->cr[3] = PD;
    env->cr[0] |= CR0_PG_MASK;
    x86_cpu_state_changed(&test_cpu);
}

static X86TranslateResult res;
static X86TranslateFault flt;

static bool xlate(uint32_t addr, MMUAccessType type, int idx)
{
    memset(&res, 0, sizeof(res));
    memset(&flt, 0, sizeof(flt));
    return x86_get_physical_address(env, addr, type, idx, &res, &flt);
}

/* the #PF error code of a walk that must fault */
static int pf(uint32_t addr, MMUAccessType type, int idx)
{
    if (xlate(addr, type, idx)) {
        fail_msg("%#x type %d idx %d: no fault", addr, type, idx);
    }
    assert_int_equal(flt.exception_index, EXCP0E_PAGE);
    assert_int_equal(flt.cr2, addr);
    return flt.error_code;
}

static void test_walk_and_ad_bits(void **state)
{
    (void)state;
    paging_on();

    /* a read sets A in PDE and PTE, not D; the page is mapped read-only
     * in the TLB until the first write */
    assert_true(xlate(0x100123, MMU_DATA_LOAD, MMU_USER_IDX));
    assert_int_equal(res.paddr, 0x200123);
    assert_int_equal(res.page_size, 4096);
    assert_int_equal(res.prot, PAGE_READ | PAGE_EXEC);
    assert_int_equal(rd32(PD) & (A | D), A);
    assert_int_equal(rd32(PT + 0x100 * 4) & (A | D), A);

    /* a write sets D; a dirty page maps writable on reads too */
    assert_true(xlate(0x100456, MMU_DATA_STORE, MMU_USER_IDX));
    assert_int_equal(res.prot, PAGE_READ | PAGE_WRITE | PAGE_EXEC);
    assert_int_equal(rd32(PT + 0x100 * 4) & (A | D), A | D);
    assert_int_equal(rd32(PD) & D, 0); /* never D in a PDE */
    assert_true(xlate(0x100000, MMU_INST_FETCH, MMU_USER_IDX));
    assert_int_equal(res.prot, PAGE_READ | PAGE_WRITE | PAGE_EXEC);

    /* paging off: identity */
    env->cr[0] &= ~CR0_PG_MASK;
    assert_true(xlate(0x12345678, MMU_DATA_STORE, MMU_USER_IDX));
    assert_int_equal(res.paddr, 0x12345678);
}

static void test_not_present_codes(void **state)
{
    (void)state;
    paging_on();

    /* PDE not present: nothing is marked */
    assert_int_equal(pf(0x400000, MMU_DATA_LOAD, MMU_KSMAP_IDX), 0);
    assert_int_equal(pf(0x400000, MMU_DATA_STORE, MMU_KSMAP_IDX), 2);
    assert_int_equal(pf(0x400000, MMU_DATA_LOAD, MMU_USER_IDX), 4);
    assert_int_equal(pf(0x400000, MMU_DATA_STORE, MMU_USER_IDX), 6);
    /* no I/D bit before NX/SMEP */
    assert_int_equal(pf(0x400000, MMU_INST_FETCH, MMU_USER_IDX), 4);
    assert_int_equal(rd32(PD) & A, 0);

    /* PTE not present: the PDE was used, so its A bit is set (as QEMU
     * and Intel's CPUs do); the PTE is untouched */
    assert_int_equal(pf(0x103000, MMU_DATA_STORE, MMU_USER_IDX), 6);
    assert_int_equal(rd32(PD) & A, A);
    assert_int_equal(rd32(PT + 0x103 * 4), 0x203000 | RW | US);
}

/* The 386 marks the directory entry only for an access that is allowed
 * (issue 11.3, deviation D32): a walk that faults at the PTE, not present
 * or protected, leaves PDE.A clear. */
static void test_386_pde_accessed(void **state)
{
    (void)state;
    paging_on();
    env->level = X86_CPU_386;

    assert_int_equal(pf(0x103000, MMU_DATA_LOAD, MMU_USER_IDX), 4);
    assert_int_equal(rd32(PD) & A, 0);
    assert_int_equal(pf(0x101000, MMU_DATA_LOAD, MMU_USER_IDX), 5);
    assert_int_equal(pf(0x102000, MMU_DATA_STORE, MMU_USER_IDX), 7);
    assert_int_equal(rd32(PD) & A, 0);
    assert_int_equal(rd32(PT + 0x101 * 4) & A, 0);
    assert_int_equal(rd32(PT + 0x102 * 4) & A, 0);

    /* an allowed access sets both, directory first */
    assert_true(xlate(0x102000, MMU_DATA_LOAD, MMU_USER_IDX));
    assert_int_equal(rd32(PD) & (A | D), A);
    assert_int_equal(rd32(PT + 0x102 * 4) & (A | D), A);

    env->level = X86_CPU_586;
}

static void test_protection_codes(void **state)
{
    (void)state;
    paging_on();

    /* user access to a supervisor page */
    assert_int_equal(pf(0x101000, MMU_DATA_LOAD, MMU_USER_IDX), 5);
    assert_int_equal(pf(0x101000, MMU_DATA_STORE, MMU_USER_IDX), 7);
    assert_int_equal(pf(0x101000, MMU_INST_FETCH, MMU_USER_IDX), 5);
    assert_int_equal(rd32(PT + 0x101 * 4) & A, 0); /* no A on a fault */
    assert_true(xlate(0x101000, MMU_DATA_STORE, MMU_KSMAP_IDX));

    /* user write to a read-only page */
    assert_int_equal(pf(0x102000, MMU_DATA_STORE, MMU_USER_IDX), 7);
    assert_true(xlate(0x102000, MMU_DATA_LOAD, MMU_USER_IDX));
    assert_int_equal(res.prot, PAGE_READ | PAGE_EXEC);

    /* read-only PDE over a writable PTE: the stricter wins */
    assert_int_equal(pf(0x800000, MMU_DATA_STORE, MMU_USER_IDX), 7);
}

static void test_write_protect(void **state)
{
    (void)state;
    paging_on();

    /* CR0.WP clear: supervisor writes ignore R/W (386 behaviour) */
    assert_true(xlate(0x102000, MMU_DATA_STORE, MMU_KSMAP_IDX));
    assert_int_equal(rd32(PT + 0x102 * 4) & (A | D), A | D);
    assert_true(xlate(0x800010, MMU_DATA_STORE, MMU_KSMAP_IDX));

    /* CR0.WP set (486+): they fault with P|W */
    env->cr[0] |= CR0_WP_MASK;
    assert_int_equal(pf(0x102000, MMU_DATA_STORE, MMU_KSMAP_IDX), 3);
    assert_int_equal(pf(0x800010, MMU_DATA_STORE, MMU_KSMAP_IDX), 3);
    assert_true(xlate(0x102000, MMU_DATA_LOAD, MMU_KSMAP_IDX));
}

static void test_pse(void **state)
{
    (void)state;
    paging_on();
    wr32(PD + 1 * 4, 0x00000000 | PS | P | RW | US); /* 4 MiB at 0x400000 */

    /* without CR4.PSE the PS bit is ignored: phys 0 is a page table */
    wr32(0x000000 + 0x005 * 4, 0x300000 | P | RW | US);
    assert_true(xlate(0x405abc, MMU_DATA_LOAD, MMU_KSMAP_IDX));
    assert_int_equal(res.paddr, 0x300abc);
    assert_int_equal(res.page_size, 4096);

    env->cr[4] |= CR4_PSE_MASK;
    wr32(PD + 1 * 4, 0x00000000 | PS | P | RW | US);
    assert_true(xlate(0x405abc, MMU_DATA_LOAD, MMU_USER_IDX));
    assert_int_equal(res.paddr, 0x005abc);
    assert_int_equal(res.page_size, 4 * 1024 * 1024);
    assert_int_equal(rd32(PD + 4) & (A | D), A);
    assert_true(xlate(0x7fffff, MMU_DATA_STORE, MMU_USER_IDX));
    assert_int_equal(res.paddr, 0x3fffff);
    assert_int_equal(rd32(PD + 4) & (A | D), A | D);

    /* a supervisor 4 MiB page */
    wr32(PD + 1 * 4, 0x00000000 | PS | P | RW);
    assert_int_equal(pf(0x400000, MMU_DATA_LOAD, MMU_USER_IDX), 5);

    /* bits 21:13 are reserved: RSVD|P plus W/U as usual */
    wr32(PD + 1 * 4, 0x00002000 | PS | P | RW | US);
    assert_int_equal(pf(0x400000, MMU_DATA_LOAD, MMU_KSMAP_IDX), 9);
    assert_int_equal(pf(0x400000, MMU_DATA_STORE, MMU_USER_IDX), 0xf);
    wr32(PD + 1 * 4, 0x00200000 | PS | P | RW | US);
    assert_int_equal(pf(0x400000, MMU_DATA_LOAD, MMU_KSMAP_IDX), 9);
    /* bit 12 (PAT on later CPUs) is not */
    wr32(PD + 1 * 4, 0x00001000 | PS | P | RW | US);
    assert_true(xlate(0x400000, MMU_DATA_LOAD, MMU_KSMAP_IDX));
    assert_int_equal(res.paddr, 0);
}

static void test_a20(void **state)
{
    (void)state;
    sys_reset();
    cpu_x86_set_a20(&test_cpu, 0);
    assert_true(xlate(0x10fff0, MMU_DATA_LOAD, MMU_KSMAP_IDX));
    assert_int_equal(res.paddr, 0x00fff0);
    cpu_x86_set_a20(&test_cpu, 1);
    assert_true(xlate(0x10fff0, MMU_DATA_LOAD, MMU_KSMAP_IDX));
    assert_int_equal(res.paddr, 0x10fff0);
}

static void test_tlb_fill(void **state)
{
    int got;

    (void)state;
    paging_on();

    /* success installs the page: a load through the TLB sees phys RAM */
    wr32(0x200010, 0xcafef00d);
    assert_true(x86_cpu_tlb_fill(cs, 0x100010, 4, MMU_DATA_LOAD, MMU_USER_IDX,
                                 false, 0));
    assert_int_equal(cpu_ldl_mmuidx_ra(env, 0x100010, MMU_USER_IDX, 0),
                     0xcafef00d);

    /* probe: no exception, error code left in env */
    assert_false(x86_cpu_tlb_fill(cs, 0x101000, 4, MMU_DATA_STORE, MMU_USER_IDX,
                                  true, 0));
    assert_int_equal(env->error_code, 7);

    /* a real fault raises #PF with CR2 */
    env->cr[2] = 0;
    env->old_exception = -1;
    TRY(got, x86_cpu_tlb_fill(cs, 0x103004, 4, MMU_DATA_LOAD, MMU_KSMAP_IDX,
                              false, 0));
    assert_int_equal(got, EXCP0E_PAGE);
    assert_int_equal(env->error_code, 0);
    assert_int_equal(env->cr[2], 0x103004);

    /* and so does a guest access through the TLB */
    env->cr[2] = 0;
    env->old_exception = -1;
    TRY(got, cpu_stl_mmuidx_ra(env, 0x102ffc, 1, MMU_USER_IDX, 0));
    assert_int_equal(got, EXCP0E_PAGE);
    assert_int_equal(env->error_code, 7);
    assert_int_equal(env->cr[2], 0x102ffc);

    /* the debugger's view sets no A bit */
    wr32(PT + 0x104 * 4, 0x205000 | P | RW | US);
    assert_int_equal(x86_cpu_get_phys_page_debug(cs, 0x104123), 0x205000);
    assert_int_equal(rd32(PT + 0x104 * 4) & A, 0);
    assert_int_equal(x86_cpu_get_phys_page_debug(cs, 0x103000), -1);
}

/* In SMM the CPU's accesses (TLB fills and page walks) use address space
 * 1: here SMRAM shadows RAM at 0xa0000. */
static void test_smm_address_space(void **state)
{
    static MemoryRegion smm_root, ram_alias, smram;
    static bool built;
    uint8_t *sm;

    (void)state;
    sys_reset();
    if (!built) {
        built = true;
        memory_region_init(&smm_root, NULL, "smm", UINT64_MAX);
        memory_region_init_alias(&ram_alias, NULL, "smm-ram",
                                 get_system_memory(), 0, 0x100000000ull);
        memory_region_add_subregion_overlap(&smm_root, 0, &ram_alias, 0);
        memory_region_init_ram(&smram, NULL, "smram", 0x1000, NULL);
        memory_region_add_subregion_overlap(&smm_root, 0xa0000, &smram, 1);
        cpu_address_space_init(cs, 1, "cpu-smm", &smm_root);
    }
    sm = memory_region_get_ram_ptr(&smram);
    sm[0] = 0x5a;
    ram[0xa0000] = 0xa5;

    assert_int_equal(cpu_ldub_mmuidx_ra(env, 0xa0000, MMU_KSMAP_IDX, 0), 0xa5);
    env->hflags |= HF_SMM_MASK;
    tlb_flush(cs);
    assert_int_equal(cpu_ldub_mmuidx_ra(env, 0xa0000, MMU_KSMAP_IDX, 0), 0x5a);

    /* the page walk reads its tables from SMRAM too */
    sys_enter_pm(0);
    env->hflags |= HF_SMM_MASK;
    wr32(PD, PT | P | RW);
    wr32(PT + 5 * 4, 0x7000 | P | RW);
    memset(sm, 0, 0x1000);
    memcpy(sm, ram + PD, 4); /* the page directory lives in SMRAM */
    env->cr[3] = 0xa0000;
    env->cr[0] |= CR0_PG_MASK;
    assert_true(xlate(0x5004, MMU_DATA_LOAD, MMU_KSMAP_IDX));
    assert_int_equal(res.paddr, 0x7004);
    /* the A bit landed in SMRAM, not in RAM */
    assert_int_equal(sm[0] & A, A);
    assert_int_equal(ram[0xa0000], 0xa5);
    env->hflags &= ~HF_SMM_MASK;
    tlb_flush(cs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walk_and_ad_bits),
        cmocka_unit_test(test_not_present_codes),
        cmocka_unit_test(test_386_pde_accessed),
        cmocka_unit_test(test_protection_codes),
        cmocka_unit_test(test_write_protect),
        cmocka_unit_test(test_pse),
        cmocka_unit_test(test_a20),
        cmocka_unit_test(test_tlb_fill),
        cmocka_unit_test(test_smm_address_space),
    };
    return cmocka_run_group_tests(tests, sys_group_setup, NULL);
}
