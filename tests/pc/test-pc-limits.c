/*
 * Every fixed limit is checked before the machine is built (issue 17.4):
 * RAM that fits the pool but not the RAM address space of the build
 * (BMX_RAM_ADDR_SPACE_MIB) is refused with a message naming the limit,
 * not a panic half-way through building the machine.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "machine/machine.h"
#include "test-host.h"

#define KiB 1024u
#define MiB (1024u * 1024u)

static uint8_t pool[8 * MiB] __attribute__((aligned(4096)));
static uint8_t bios[64 * KiB];
static uint8_t filler[4096] __attribute__((aligned(4096)));

static void test_ram_address_space_checked_first(void **state)
{
    PCMachineConfig cfg;
    const char *why;

    (void)state;
    memset(bios, 0xf4, sizeof(bios));
    qemu_ram_pool_init(pool, sizeof(pool), "limits-test");
    pc_machine_default_config(&cfg);
    cfg.bios = bios;
    cfg.bios_size = sizeof(bios);
    cfg.ram_size = 4 * MiB;
    assert_null(pc_machine_check_config(&cfg));
    /* Leave 4 MiB of RAM address space: the pool still holds 8 MiB, but
     * 4 MiB of RAM and the 64 KiB BIOS no longer fit the space. */
    qemu_ram_alloc_from_ptr(qemu_ram_addr_space_free() - 4 * MiB, filler, NULL,
                            NULL);
    assert_int_equal(qemu_ram_addr_space_free(), 4 * MiB);
    why = pc_machine_check_config(&cfg);
    assert_non_null(why);
    assert_non_null(strstr(why, "BMX_RAM_ADDR_SPACE_MIB"));
    assert_int_equal(pc_machine_init(&cfg), -1);
    /* 3 MiB does fit: the check is not a blanket refusal */
    cfg.ram_size = 3 * MiB;
    assert_null(pc_machine_check_config(&cfg));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ram_address_space_checked_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
