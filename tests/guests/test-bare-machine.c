/*
 * The bare BIOS machine itself: BIOS size checks, the ROM mapping at the
 * top of 4 GiB and its "isa-bios" alias below 1 MiB, read-only ROM, the
 * open I/O bus, and the run loop's exit reasons on tiny hand-made images.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "machine/machine.h"
#include "memory/memory.h"
#include "test-host.h"

#define KiB 1024u

static uint8_t bios[256 * KiB];

static void test_bad_sizes(void **state)
{
    (void)state;
    assert_false(bare_machine_bios_size_ok(0));
    assert_false(bare_machine_bios_size_ok(32 * KiB));
    assert_false(bare_machine_bios_size_ok(192 * KiB));
    assert_true(bare_machine_bios_size_ok(64 * KiB));
    assert_true(bare_machine_bios_size_ok(128 * KiB));
    assert_true(bare_machine_bios_size_ok(256 * KiB));
    EXPECT_FATAL(bare_machine_init(bios, 100000, 16u << 20));
    assert_non_null(strstr(test_fatal_msg, "100000 bytes"));
    assert_non_null(strstr(test_fatal_msg, "64 KiB"));
    assert_non_null(strstr(test_fatal_msg, "256 KiB"));
    EXPECT_FATAL(bare_machine_init(bios, 64 * KiB, 1000));
    assert_non_null(strstr(test_fatal_msg, "RAM size"));
}

/* 256 KiB image: every byte tells its offset's 64 KiB quarter; the reset
 * vector jumps to F000:E000 which runs
 *   mov $0x2a, %al; out %al, $0xf4; hlt. */
static void build_bios(void)
{
    static const uint8_t code[] = {0xb0, 0x2a, 0xe6, 0xf4, 0xf4};
    static const uint8_t reset[] = {0xea, 0x00, 0xe0, 0x00, 0xf0};
    for (size_t i = 0; i < sizeof(bios); i++) {
        bios[i] = (uint8_t)(0x10 + i / (64 * KiB));
    }
    memcpy(&bios[sizeof(bios) - 64 * KiB + 0xe000], code, sizeof(code));
    memcpy(&bios[sizeof(bios) - 16], reset, sizeof(reset));
}

static uint8_t peek(uint64_t addr)
{
    uint8_t v = 0;
    address_space_read(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, &v,
                       1);
    return v;
}

static void test_map_and_run(void **state)
{
    (void)state;
    build_bios();
    bare_machine_init(bios, sizeof(bios), 16u << 20);

    /* whole image below 4 GiB */
    assert_int_equal(peek(0xfffc0000), 0x10);
    assert_int_equal(peek(0xfffe0000), 0x12);
    assert_int_equal(peek(0xfffffff0), 0xea);
    /* last 128 KiB aliased at 0xE0000-0xFFFFF, RAM below */
    assert_int_equal(peek(0xe0000), 0x12);
    assert_int_equal(peek(0xf0000), 0x13);
    assert_int_equal(peek(0xffff0), 0xea);
    uint8_t v = 0x77;
    address_space_write(&address_space_memory, 0xdffff, MEMTXATTRS_UNSPECIFIED,
                        &v, 1);
    assert_int_equal(peek(0xdffff), 0x77);
    /* ROM: writes are ignored */
    address_space_write(&address_space_memory, 0xf0000, MEMTXATTRS_UNSPECIFIED,
                        &v, 1);
    assert_int_equal(peek(0xf0000), 0x13);
    assert_int_equal(bios[192 * KiB], 0x13);

    /* unclaimed ports float high at any width and alignment */
    assert_int_equal(cpu_inb(0x71), 0xff);
    assert_int_equal(cpu_inw(0x7d), 0xffff);
    assert_int_equal(cpu_inl(0x301), 0xffffffffu);

    MachineRunResult r = machine_run(100000);
    assert_int_equal(r.reason, MACHINE_EXIT_DEBUG_EXIT);
    assert_int_equal(r.exit_status, (0x2a << 1) | 1);
    assert_true(r.insns >= 3 && r.insns < 100);

    char buf[128];
    machine_describe_result(&r, buf, sizeof(buf));
    assert_non_null(strstr(buf, "status 85"));
    assert_string_equal(machine_exit_reason_name(r.reason), "debug-exit");

    /* going on: the HLT after the OUT, with IF=0, halts forever */
    r = machine_run(100000);
    assert_int_equal(r.reason, MACHINE_EXIT_HALTED_FOREVER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_sizes),
        cmocka_unit_test(test_map_and_run),
    };
    size_t pool = 32u << 20;
    qemu_ram_pool_init(aligned_alloc(4096, pool), pool, "test-pool");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
