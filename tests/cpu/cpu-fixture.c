#include "cpu-fixture.h"
#include "tcg/tcg.h"

X86CPU test_cpu;
CPUX86State *env;
CPUState *cs;
uint8_t *low_ram;
uint8_t *rom;
uint8_t *high_ram;
MmioAccess mmio_log[64];
int mmio_count;

static uint8_t pool[0x200000 + 0x40000] __attribute__((aligned(4096)));
static MemoryRegion low_mr, high_mr, rom_mr, mmio_mr;
static bool built;

static uint64_t mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)opaque;
    if (mmio_count < 64) {
        mmio_log[mmio_count++] = (MmioAccess){(uint32_t)addr, size, false, 0};
    }
    /* each byte reads as its own offset's low bits */
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)((addr + i) & 0xff) << (8 * i);
    }
    return v;
}

static void mmio_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    (void)opaque;
    if (mmio_count < 64) {
        mmio_log[mmio_count++] = (MmioAccess){(uint32_t)addr, size, true, val};
    }
}

static const MemoryRegionOps mmio_ops = {
    .read = mmio_read,
    .write = mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 8},
    .impl = {.min_access_size = 1, .max_access_size = 8},
};

int cpu_group_setup(void **state)
{
    (void)state;
    if (built) {
        return 0;
    }
    built = true;
    memory_reset_for_tests();
    qemu_ram_pool_init(pool, sizeof(pool), "cpu-tests");
    memory_map_init();
    memory_region_init_ram(&low_mr, NULL, "low-ram", LOW_RAM_SIZE, NULL);
    memory_region_add_subregion(get_system_memory(), 0, &low_mr);
    memory_region_init_ram(&high_mr, NULL, "high-ram", 0x100000, NULL);
    memory_region_add_subregion(get_system_memory(), HIGH_BASE, &high_mr);
    memory_region_init_rom(&rom_mr, NULL, "rom", 0x10000, NULL);
    memory_region_add_subregion(get_system_memory(), ROM_BASE, &rom_mr);
    memory_region_init_io(&mmio_mr, NULL, &mmio_ops, NULL, "mmio-log", 0x10000);
    memory_region_add_subregion(get_system_memory(), MMIO_BASE, &mmio_mr);
    low_ram = memory_region_get_ram_ptr(&low_mr);
    rom = memory_region_get_ram_ptr(&rom_mr);
    high_ram = memory_region_get_ram_ptr(&high_mr);

    x86_cpu_init(&test_cpu, X86_CPU_486);
    cs = &test_cpu.parent_obj;
    env = &test_cpu.env;
    cpu_address_space_init(cs, 0, "cpu-memory", get_system_memory());
    return 0;
}

void cpu_fixture_reset(X86CPULevel level)
{
    memset(low_ram, 0, LOW_RAM_SIZE);
    /* a fresh CPU of the level, reusing the address space set up once */
    {
        int (*pic)(void *) = test_cpu.get_pic_interrupt;
        x86_cpu_init(&test_cpu, level);
        test_cpu.get_pic_interrupt = pic;
    }
    tb_flush(cs);
    for (int s = 0; s < 6; s++) {
        cpu_x86_load_seg_real(env, s, 0);
    }
    env->eip = 0x1000;
    env->regs[R_ESP] = 0x8000;
    x86_cpu_state_changed(&test_cpu);
    mmio_count = 0;
}

int run_until_hlt(int64_t budget)
{
    int r;
    cs->halted = 0; /* run from the state the test gives */
    cs->icount_budget = budget;
    do {
        r = cpu_exec(cs);
    } while (r != EXCP_HLT && r != EXCP_HALTED && r != EXCP_BUDGET);
    return r;
}

void put_bytes(uint32_t addr, const uint8_t *b, size_t n)
{
    address_space_write(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, b,
                        n);
}
