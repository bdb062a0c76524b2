/* Contract sections D and E: RAM blocks, dirty tracking and
 * self-modifying code (statements 25-29). */
#include "mem-test.h"

static const MemTxAttrs U = MEMTXATTRS_UNSPECIFIED;
#define AS (&address_space_memory)

/* 25: page-rounded sizes; new blocks dirty for every client. */
static void test_s25_block_rounded_and_dirty(void **state)
{
    static MemoryRegion a, b;
    (void)state;
    memory_region_init_ram(&a, NULL, "a", 100, NULL);
    memory_region_init_ram(&b, NULL, "b", 0x1001, NULL);
    assert_true(a.ram_block->used_length == TARGET_PAGE_SIZE);
    assert_true(b.ram_block->used_length == 2 * TARGET_PAGE_SIZE);
    assert_true(memory_region_get_ram_addr(&b) == TARGET_PAGE_SIZE);
    assert_int_equal(memory_region_size(&a), 100); /* the region keeps it */
    for (unsigned c = 0; c < DIRTY_MEMORY_NUM; c++) {
        assert_true(cpu_physical_memory_all_dirty(0, 3 * TARGET_PAGE_SIZE, c));
    }
    assert_false(cpu_physical_memory_is_clean(0));
    assert_string_equal(qemu_ram_get_idstr(b.ram_block), "b");
    /* RAM starts zeroed. */
    uint8_t *h = memory_region_get_ram_ptr(&b);
    assert_int_equal(h[0] | h[0x1000], 0);
}

static void test_s25_pool_exhaustion_is_fatal(void **state)
{
    static MemoryRegion big;
    (void)state;
    size_t free_before = qemu_ram_pool_free();
    EXPECT_FATAL(memory_region_init_ram(&big, NULL, "huge",
                                        MEM_TEST_POOL_SIZE + 0x1000, NULL));
    assert_true(mt_contains(test_fatal_msg, "pool 'test': requested"));
    assert_true(mt_contains(test_fatal_msg, "bytes,"));
    assert_true(mt_contains(test_fatal_msg, "free"));
    assert_true(qemu_ram_pool_free() == free_before);
}

static void test_s25_block_table_and_ram_ptr(void **state)
{
    static MemoryRegion xip;
    static uint8_t flash[0x1800];
    (void)state;
    /* A ROM executed in place: the caller's memory, not the pool. */
    size_t before = qemu_ram_pool_free();
    flash[0x10] = 0x5a;
    memory_region_init_ram_ptr(&xip, NULL, "flash-rom", sizeof(flash), flash);
    memory_region_set_readonly(&xip, true);
    assert_true(qemu_ram_pool_free() == before);
    assert_ptr_equal(memory_region_get_ram_ptr(&xip), flash);
    memory_region_add_subregion(get_system_memory(), 0xf0000, &xip);
    assert_int_equal(address_space_ldub(AS, 0xf0010, U, NULL), 0x5a);
    assert_true(xip.ram_block->flags & RAM_PREALLOC);
    assert_true(qemu_ram_addr_from_host(flash + 5) ==
                memory_region_get_ram_addr(&xip) + 5);
}

/* 26: qemu_map_ram_ptr with and without a block. */
static void test_s26_map_ram_ptr(void **state)
{
    static MemoryRegion a, b;
    (void)state;
    memory_region_init_ram(&a, NULL, "a", 0x2000, NULL);
    memory_region_init_ram(&b, NULL, "b", 0x3000, NULL);
    uint8_t *ha = memory_region_get_ram_ptr(&a);
    uint8_t *hb = memory_region_get_ram_ptr(&b);
    ram_addr_t rb = memory_region_get_ram_addr(&b);
    assert_ptr_equal(qemu_map_ram_ptr(a.ram_block, 0x10), ha + 0x10);
    assert_ptr_equal(qemu_map_ram_ptr(NULL, rb + 0x20), hb + 0x20);
    assert_ptr_equal(qemu_map_ram_ptr(NULL, 0x30), ha + 0x30);
    assert_ptr_equal(qemu_map_ram_ptr(NULL, rb + 0x2fff), hb + 0x2fff);
    assert_ptr_equal(qemu_get_ram_block(rb + 5), b.ram_block);
    assert_ptr_equal(qemu_get_ram_block(5), a.ram_block);
    hwaddr len = 0x10000;
    assert_ptr_equal(qemu_ram_ptr_length(NULL, rb + 0x1000, &len, false),
                     hb + 0x1000);
    assert_true(len == 0x2000);
    len = 0;
    assert_null(qemu_ram_ptr_length(b.ram_block, 0, &len, false));
}

static void test_s26_unknown_offset_is_fatal(void **state)
{
    static MemoryRegion a;
    (void)state;
    memory_region_init_ram(&a, NULL, "a", 0x2000, NULL);
    EXPECT_FATAL(qemu_map_ram_ptr(NULL, 0x5000));
    assert_true(mt_contains(test_fatal_msg, "bad RAM address 0x5000"));
    EXPECT_FATAL(qemu_map_ram_ptr(a.ram_block, 0x2000));
    assert_true(mt_contains(test_fatal_msg, "RAMBlock 'a'"));
}

/* 27: RAM logs CODE; a store to a code page invalidates, then marks. */
static void test_s27_code_log_and_invalidate_first(void **state)
{
    static MemoryRegion ram, io;
    (void)state;
    memory_region_init_ram(&ram, NULL, "ram", 0x2000, NULL);
    memory_region_init_io(&io, NULL, NULL, NULL, "io", 0x10);
    assert_true(memory_region_get_dirty_log_mask(&ram) &
                (1 << DIRTY_MEMORY_CODE));
    assert_int_equal(memory_region_get_dirty_log_mask(&io), 0);
    memory_region_add_subregion(get_system_memory(), 0x10000, &ram);
    memory_region_set_log(&ram, true, DIRTY_MEMORY_VGA);
    ram_addr_t ra = memory_region_get_ram_addr(&ram);

    /* "Translate" the page: clear CODE (and VGA, as a display would). */
    assert_true(cpu_physical_memory_test_and_clear_dirty(
        ra + 0x1000, TARGET_PAGE_SIZE, DIRTY_MEMORY_CODE));
    assert_int_equal(hook_log.reset_dirty, 1); /* TLB told */
    assert_true(hook_log.rd_start == ra + 0x1000);
    memory_region_reset_dirty(&ram, 0x1000, TARGET_PAGE_SIZE, DIRTY_MEMORY_VGA);
    assert_true(cpu_physical_memory_is_clean(ra + 0x1000));

    uint8_t buf[6] = {1, 2, 3, 4, 5, 6};
    address_space_write(AS, 0x11100, U, buf, 6);
    assert_int_equal(hook_log.tb_inval, 1);
    assert_true(hook_log.inval_start[0] == ra + 0x1100);
    assert_true(hook_log.inval_last[0] == ra + 0x1105);
    assert_false(hook_log.inval_saw_vga_dirty); /* invalidated first */
    assert_true(memory_region_get_dirty(&ram, 0x1000, 1, DIRTY_MEMORY_VGA));
}

/* 28: only clients not yet all dirty; CODE never set by it. */
static void test_s28_invalidate_and_set_dirty(void **state)
{
    static MemoryRegion ram;
    (void)state;
    memory_region_init_ram(&ram, NULL, "ram", 0x2000, NULL);
    ram_addr_t ra = memory_region_get_ram_addr(&ram);

    /* Everything dirty: no invalidation. */
    invalidate_and_set_dirty(&ram, 0x10, 4);
    assert_int_equal(hook_log.tb_inval, 0);

    cpu_physical_memory_test_and_clear_dirty(ra, 0x1000, DIRTY_MEMORY_CODE);
    invalidate_and_set_dirty(&ram, 0x10, 4);
    assert_int_equal(hook_log.tb_inval, 1);
    assert_false(cpu_physical_memory_get_dirty_flag(ra, DIRTY_MEMORY_CODE));
    /* The page stays clean for CODE: every store invalidates again. */
    invalidate_and_set_dirty(&ram, 0x20, 4);
    assert_int_equal(hook_log.tb_inval, 2);
    /* A range over a dirty and a clean page still invalidates. */
    invalidate_and_set_dirty(&ram, 0xffe, 4);
    assert_int_equal(hook_log.tb_inval, 3);
    /* The other page (dirty for all) alone: nothing. */
    invalidate_and_set_dirty(&ram, 0x1010, 4);
    assert_int_equal(hook_log.tb_inval, 3);
}

/* 29: translate code from a page, store into it, next run sees it. */
static void test_s29_self_modifying_code_address_space(void **state)
{
    static MemoryRegion ram;
    (void)state;
    memory_region_init_ram(&ram, NULL, "ram", 0x4000, NULL);
    memory_region_add_subregion(get_system_memory(), 0x0, &ram);
    address_space_stl(AS, 0x2000, 0x90909090, U, NULL);

    assert_true(cc_execute(AS, 0x2000) == 0x90909090);
    assert_true(cc_execute(AS, 0x2000) == 0x90909090);
    assert_int_equal(code_cache.translations, 1);

    /* A store elsewhere in RAM does not touch the translation. */
    address_space_stl(AS, 0x1000, 0xcccccccc, U, NULL);
    assert_true(code_cache.valid);

    address_space_stl(AS, 0x2000, 0xc3c3c3c3, U, NULL);
    assert_false(code_cache.valid);
    assert_true(cc_execute(AS, 0x2000) == 0xc3c3c3c3);
    assert_int_equal(code_cache.translations, 2);
}

static void test_s29_self_modifying_code_through_tlb(void **state)
{
    static MemoryRegion ram;
    (void)state;
    memory_region_init_ram(&ram, NULL, "ram", 0x4000, NULL);
    memory_region_add_subregion(get_system_memory(), 0x0, &ram);
    cpu_address_space_init(mt_cpu, 0, "cpu-memory", get_system_memory());
    mt_st(0x3000, 4, 0x11111111); /* page still dirty: plain store */
    assert_true(cc_execute(AS, 0x3000) == 0x11111111);

    /* The TLB entry for the page must now trap stores (not dirty). */
    mt_tlb_fill(0x3000, 0);
    assert_true(mt_tlb.e[3 % MT_TLB_SIZE].addr_write & TLB_NOTDIRTY);
    mt_st(0x3000, 4, 0x22222222);
    assert_false(code_cache.valid);
    assert_true(cc_execute(AS, 0x3000) == 0x22222222);
    assert_int_equal(code_cache.translations, 2);

    /* The translation protected the page again: the hook made the TLB
     * entry trap once more, and the next store invalidates again. */
    assert_true(mt_tlb.e[3 % MT_TLB_SIZE].addr_write & TLB_NOTDIRTY);
    mt_st(0x3004, 4, 0x33333333);
    assert_false(code_cache.valid);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        MT_TEST(test_s25_block_rounded_and_dirty),
        MT_TEST(test_s25_pool_exhaustion_is_fatal),
        MT_TEST(test_s25_block_table_and_ram_ptr),
        MT_TEST(test_s26_map_ram_ptr),
        MT_TEST(test_s26_unknown_offset_is_fatal),
        MT_TEST(test_s27_code_log_and_invalidate_first),
        MT_TEST(test_s28_invalidate_and_set_dirty),
        MT_TEST(test_s29_self_modifying_code_address_space),
        MT_TEST(test_s29_self_modifying_code_through_tlb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
