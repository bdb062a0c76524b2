/* mtree_info's text (QEMU's "info mtree" and "info mtree -f"). */
#include "mem-test.h"

static char out[4096];

static void build_pc_like(void)
{
    static MemoryRegion ram, below, vga, rom, al_alias;
    memory_region_init_ram(&ram, NULL, "pc.ram", 0x100000, NULL);
    memory_region_init_alias(&below, NULL, "ram-below-4g", &ram, 0, 0x100000);
    memory_region_add_subregion(get_system_memory(), 0, &below);
    memory_region_init_io(&vga, NULL, NULL, NULL, "vga-lowmem", 0x20000);
    memory_region_add_subregion_overlap(get_system_memory(), 0xa0000, &vga, 1);
    memory_region_init_rom(&rom, NULL, "isa-bios", 0x20000, NULL);
    memory_region_add_subregion_overlap(get_system_memory(), 0xe0000, &rom, 1);
    memory_region_init_alias(&al_alias, NULL, "off", &ram, 0x1000, 0x1000);
    memory_region_set_enabled(&al_alias, false);
    memory_region_add_subregion(get_system_memory(), 0x300000, &al_alias);
}

static void test_mtree_tree_format(void **state)
{
    (void)state;
    build_pc_like();
    size_t n = mtree_snprint(out, sizeof(out), false, false);
    assert_true(n < sizeof(out));
    static const char want[] =
        "address-space: memory\n"
        "  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n"
        "    0000000000000000-00000000000fffff (prio 0, ram): alias "
        "ram-below-4g @pc.ram 0000000000000000-00000000000fffff\n"
        "    00000000000a0000-00000000000bffff (prio 1, i/o): vga-lowmem\n"
        "    00000000000e0000-00000000000fffff (prio 1, rom): isa-bios\n"
        "\n"
        "address-space: I/O\n"
        "  0000000000000000-000000000000ffff (prio 0, i/o): io\n"
        "\n"
        "memory-region: pc.ram\n"
        "  0000000000000000-00000000000fffff (prio 0, ram): pc.ram\n"
        "\n";
    assert_string_equal(out, want);
    /* With disabled regions shown. */
    mtree_snprint(out, sizeof(out), false, true);
    assert_true(mt_contains(
        out, "    0000000000300000-0000000000300fff (prio 0, ram): alias off "
             "@pc.ram 0000000000001000-0000000000001fff [disabled]\n"));
}

static void test_mtree_flatview_format(void **state)
{
    (void)state;
    build_pc_like();
    cpu_address_space_init(mt_cpu, 0, "cpu-memory", get_system_memory());
    mtree_snprint(out, sizeof(out), true, false);
    static const char want[] =
        "FlatView #0\n"
        " AS \"memory\", root: system\n"
        " AS \"cpu-memory-0\", root: system\n"
        " Root memory region: system\n"
        "  0000000000000000-000000000009ffff (prio 0, ram): pc.ram\n"
        "  00000000000a0000-00000000000bffff (prio 1, i/o): vga-lowmem\n"
        "  00000000000c0000-00000000000dffff (prio 0, ram): pc.ram "
        "@00000000000c0000\n"
        "  00000000000e0000-00000000000fffff (prio 1, rom): isa-bios\n"
        "\n"
        "FlatView #1\n"
        " AS \"I/O\", root: io\n"
        " Root memory region: io\n"
        "  0000000000000000-000000000000ffff (prio 0, i/o): io\n"
        "\n";
    assert_string_equal(out, want);
}

static void test_mtree_truncates_safely(void **state)
{
    char small[16];
    (void)state;
    size_t n = mtree_snprint(small, sizeof(small), false, false);
    assert_true(n > sizeof(small));
    assert_int_equal(strlen(small), sizeof(small) - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        MT_TEST(test_mtree_tree_format),
        MT_TEST(test_mtree_flatview_format),
        MT_TEST(test_mtree_truncates_safely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
