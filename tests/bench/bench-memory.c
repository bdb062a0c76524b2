/*
 * Figures for emu/memory, not pass/fail: time and host instructions per
 * access (address_space_ldl on RAM against a raw pointer read, on MMIO),
 * per address_space_translate in flat containers of 10, 100 and 1000
 * regions, and the RAM a PC-sized topology costs (regions, address spaces,
 * rendered views).
 *
 * Instructions come from perf_event_open when the kernel allows it ("n/a"
 * otherwise, e.g. under valgrind: run `valgrind --tool=callgrind
 * bench-memory` for exact counts there). BMX_BENCH_ITERS scales the loops.
 *
 * Hosted only: this is the one place that may use stdio and clocks.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "memory/memory.h"

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_DUMP_STATS_AT(label) ((void)(label))
#endif

/* ---- Measuring ---- */

static int perf_fd = -1;

static void perf_open(void)
{
    struct perf_event_attr pe;
    memset(&pe, 0, sizeof(pe));
    pe.type = PERF_TYPE_HARDWARE;
    pe.size = sizeof(pe);
    pe.config = PERF_COUNT_HW_INSTRUCTIONS;
    pe.disabled = 1;
    pe.exclude_kernel = 1;
    pe.exclude_hv = 1;
    perf_fd = (int)syscall(SYS_perf_event_open, &pe, 0, -1, -1, 0);
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

typedef struct Figure {
    double ns;    /* per operation */
    double insns; /* per operation, < 0: not available */
} Figure;

typedef uint64_t (*LoopFn)(uint64_t iters);

static volatile uint64_t sink;

/* Best of three runs (least disturbed by the rest of the machine). Under
 * callgrind each figure is one dump, labelled, covering 3 * iters +
 * iters / 16 + 1 operations (callgrind-memory.sh divides). */
static Figure measure(LoopFn fn, uint64_t iters, const char *label)
{
    Figure best = {1e30, -1};
    CALLGRIND_ZERO_STATS;
    fn(iters / 16 + 1); /* warm caches and the MRU entry */
    for (int run = 0; run < 3; run++) {
        long long count = -1;
        if (perf_fd >= 0) {
            ioctl(perf_fd, PERF_EVENT_IOC_RESET, 0);
            ioctl(perf_fd, PERF_EVENT_IOC_ENABLE, 0);
        }
        double t0 = now_ns();
        sink += fn(iters);
        double t1 = now_ns();
        if (perf_fd >= 0) {
            ioctl(perf_fd, PERF_EVENT_IOC_DISABLE, 0);
            if (read(perf_fd, &count, sizeof(count)) != sizeof(count)) {
                count = -1;
            }
        }
        double ns = (t1 - t0) / (double)iters;
        if (ns < best.ns) {
            best.ns = ns;
            best.insns = count < 0 ? -1 : (double)count / (double)iters;
        }
    }
    CALLGRIND_DUMP_STATS_AT(label);
    return best;
}

static void print_row(const char *what, Figure f)
{
    char insns[32];
    if (f.insns < 0) {
        snprintf(insns, sizeof(insns), "n/a");
    } else {
        snprintf(insns, sizeof(insns), "%.1f", f.insns);
    }
    printf("| %-48s | %9.2f | %10s |\n", what, f.ns, insns);
}

static void figure(const char *what, LoopFn fn, uint64_t iters)
{
    print_row(what, measure(fn, iters, what));
}

static void print_rule(void)
{
    printf("|--------------------------------------------------|-----------|"
           "------------|\n");
}

/* ---- The machine under test ---- */

#define RAM_SIZE  (1u << 20)
#define IO_BASE   0x10000000u
#define ADDR_MASK (RAM_SIZE - 4)

static uint8_t ram_pool[16u << 20] __attribute__((aligned(4096)));
static AddressSpace bench_as;
static MemoryRegion root, ram, mmio;
static uint32_t *ram_host;

static uint64_t mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)opaque;
    (void)size;
    return addr;
}

static void mmio_write(void *opaque, hwaddr addr, uint64_t v, unsigned size)
{
    (void)opaque;
    (void)addr;
    (void)v;
    (void)size;
}

static const MemoryRegionOps mmio_ops = {
    .read = mmio_read,
    .write = mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static void reset_model(void)
{
    memory_reset_for_tests();
    qemu_ram_pool_init(ram_pool, sizeof(ram_pool), "bench-pool");
}

static void setup_access_machine(void)
{
    reset_model();
    memset(&root, 0, sizeof(root));
    memset(&ram, 0, sizeof(ram));
    memset(&mmio, 0, sizeof(mmio));
    memory_region_init(&root, NULL, "bench-root", UINT64_MAX);
    memory_region_init_ram(&ram, NULL, "bench-ram", RAM_SIZE, NULL);
    memory_region_init_io(&mmio, NULL, &mmio_ops, NULL, "bench-mmio", 0x1000);
    memory_region_add_subregion(&root, 0, &ram);
    memory_region_add_subregion(&root, IO_BASE, &mmio);
    address_space_init(&bench_as, &root, "bench");
    ram_host = memory_region_get_ram_ptr(&ram);
    for (unsigned i = 0; i < RAM_SIZE / 4; i++) {
        ram_host[i] = i * 2654435761u;
    }
}

/* Addresses stride through 1 MiB so the loads are not all one line. */
static __attribute__((noinline)) uint64_t loop_ram_ldl(uint64_t iters)
{
    uint64_t sum = 0;
    for (uint64_t i = 0; i < iters; i++) {
        sum += address_space_ldl(&bench_as, (i * 68) & ADDR_MASK,
                                 MEMTXATTRS_UNSPECIFIED, NULL);
    }
    return sum;
}

static __attribute__((noinline)) uint64_t loop_raw(uint64_t iters)
{
    volatile uint32_t *p = ram_host;
    uint64_t sum = 0;
    for (uint64_t i = 0; i < iters; i++) {
        sum += p[((i * 68) & ADDR_MASK) / 4];
    }
    return sum;
}

static __attribute__((noinline)) uint64_t loop_ram_stl(uint64_t iters)
{
    for (uint64_t i = 0; i < iters; i++) {
        address_space_stl(&bench_as, (i * 68) & ADDR_MASK, (uint32_t)i,
                          MEMTXATTRS_UNSPECIFIED, NULL);
    }
    return iters;
}

static __attribute__((noinline)) uint64_t loop_mmio_ldl(uint64_t iters)
{
    uint64_t sum = 0;
    for (uint64_t i = 0; i < iters; i++) {
        sum += address_space_ldl(&bench_as, IO_BASE + ((i * 4) & 0xffc),
                                 MEMTXATTRS_UNSPECIFIED, NULL);
    }
    return sum;
}

static __attribute__((noinline)) uint64_t loop_mmio_ldub(uint64_t iters)
{
    uint64_t sum = 0;
    for (uint64_t i = 0; i < iters; i++) {
        sum += address_space_ldub(&bench_as, IO_BASE + (i & 0xfff),
                                  MEMTXATTRS_UNSPECIFIED, NULL);
    }
    return sum;
}

static __attribute__((noinline)) uint64_t loop_rw_ram(uint64_t iters)
{
    uint32_t v;
    uint64_t sum = 0;
    for (uint64_t i = 0; i < iters; i++) {
        address_space_rw(&bench_as, (i * 68) & ADDR_MASK,
                         MEMTXATTRS_UNSPECIFIED, &v, 4, false);
        sum += v;
    }
    return sum;
}

/* ---- Translate in a flat container of n regions ---- */

#define MAX_FLAT 1000
#define NADDR    4096
static MemoryRegion flat_regions[MAX_FLAT];
static char flat_names[MAX_FLAT][16];
static hwaddr flat_addrs[NADDR];

static void setup_flat(unsigned n)
{
    reset_model();
    memset(&root, 0, sizeof(root));
    memory_region_init(&root, NULL, "flat-root", UINT64_MAX);
    address_space_init(&bench_as, &root, "flat");
    memory_region_transaction_begin();
    for (unsigned i = 0; i < n; i++) {
        snprintf(flat_names[i], sizeof(flat_names[i]), "r%u", i);
        memset(&flat_regions[i], 0, sizeof(flat_regions[i]));
        memory_region_init_io(&flat_regions[i], NULL, &mmio_ops, NULL,
                              flat_names[i], 0x800);
        /* gaps between regions: holes are ranges the lookup skips too */
        memory_region_add_subregion(&root, (hwaddr)i * 0x1000,
                                    &flat_regions[i]);
    }
    memory_region_transaction_commit();
    uint64_t x = 88172645463325252ull;
    for (unsigned k = 0; k < NADDR; k++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        flat_addrs[k] = (x % n) * 0x1000 + (x >> 40) % 0x800;
    }
}

static __attribute__((noinline)) uint64_t loop_translate(uint64_t iters)
{
    uint64_t sum = 0;
    for (uint64_t i = 0; i < iters; i++) {
        hwaddr xlat, len = 4;
        MemoryRegion *mr =
            address_space_translate(&bench_as, flat_addrs[i % NADDR], &xlat,
                                    &len, false, MEMTXATTRS_UNSPECIFIED);
        sum += xlat + (uintptr_t)mr;
    }
    return sum;
}

static __attribute__((noinline)) uint64_t loop_translate_same(uint64_t iters)
{
    uint64_t sum = 0;
    for (uint64_t i = 0; i < iters; i++) {
        hwaddr xlat, len = 4;
        MemoryRegion *mr =
            address_space_translate(&bench_as, flat_addrs[0] + (i & 0xff),
                                    &xlat, &len, false, MEMTXATTRS_UNSPECIFIED);
        sum += xlat + (uintptr_t)mr;
    }
    return sum;
}

/* ---- A PC-sized topology ---- */

enum { PC_MAX_REGIONS = 64 };
static MemoryRegion pc[PC_MAX_REGIONS];
static unsigned pc_n;

static MemoryRegion *pc_new(void)
{
    if (pc_n >= PC_MAX_REGIONS) {
        fprintf(stderr, "too many PC regions\n");
        exit(1);
    }
    memset(&pc[pc_n], 0, sizeof(pc[0]));
    return &pc[pc_n++];
}

static MemoryRegion *pc_io(MemoryRegion *parent, hwaddr addr, uint64_t size,
                           const char *name, int prio)
{
    MemoryRegion *mr = pc_new();
    memory_region_init_io(mr, NULL, &mmio_ops, NULL, name, size);
    memory_region_add_subregion_overlap(parent, addr, mr, prio);
    return mr;
}

static MemoryRegion *pc_alias(MemoryRegion *parent, hwaddr addr,
                              const char *name, MemoryRegion *target,
                              hwaddr off, uint64_t size, int prio)
{
    MemoryRegion *mr = pc_new();
    memory_region_init_alias(mr, NULL, name, target, off, size);
    memory_region_add_subregion_overlap(parent, addr, mr, prio);
    return mr;
}

/* As QEMU's i440fx PC: RAM through aliases, the PCI space through the
 * PCI hole, VGA window, option ROMs, BIOS at the top of 4 GiB plus its
 * isa-bios alias, PAM segments, SMRAM window, APIC/HPET/IOAPIC and the
 * usual ISA ports. */
static void build_pc(uint64_t ram_size)
{
    static const struct {
        hwaddr port;
        uint64_t size;
        const char *name;
    } ports[] = {
        {0x00, 0x10, "dma-chan"},   {0x20, 2, "pic"},
        {0x40, 4, "pit"},           {0x60, 1, "i8042-data"},
        {0x61, 1, "pcspk"},         {0x64, 1, "i8042-cmd"},
        {0x70, 2, "rtc"},           {0x80, 0x10, "dma-page"},
        {0x92, 1, "port92"},        {0xa0, 2, "pic-slave"},
        {0xc0, 0x20, "dma-cont"},   {0x170, 8, "ide1"},
        {0x1f0, 8, "ide0"},         {0x2f8, 8, "serial1"},
        {0x376, 1, "ide1-ctl"},     {0x378, 8, "parallel"},
        {0x3b4, 2, "vga-mono"},     {0x3c0, 0x20, "vga"},
        {0x3f0, 6, "fdc"},          {0x3f6, 1, "ide0-ctl"},
        {0x3f8, 8, "serial0"},      {0x402, 1, "debugcon"},
        {0x4d0, 2, "elcr"},         {0x510, 2, "fw_cfg"},
        {0xcf8, 4, "pci-conf-idx"}, {0xcfc, 4, "pci-conf-data"},
    };
    static const char *const pam_names[13] = {
        "pam-c0000", "pam-c4000", "pam-c8000", "pam-cc000", "pam-d0000",
        "pam-d4000", "pam-d8000", "pam-dc000", "pam-e0000", "pam-e4000",
        "pam-e8000", "pam-ec000", "pam-f0000"};
    MemoryRegion *sys = get_system_memory();
    MemoryRegion *io = get_system_io();
    uint64_t below_4g = ram_size < 0xe0000000 ? ram_size : 0xe0000000;

    pc_n = 0;
    memory_region_transaction_begin();
    MemoryRegion *pcram = pc_new();
    memory_region_init_ram(pcram, NULL, "pc.ram", ram_size, NULL);
    pc_alias(sys, 0, "ram-below-4g", pcram, 0, below_4g, 0);

    MemoryRegion *pci = pc_new();
    memory_region_init(pci, NULL, "pci", UINT64_MAX);
    pc_alias(sys, below_4g, "pci-hole", pci, below_4g,
             0x100000000ull - below_4g, 0);
    pc_io(pci, 0xa0000, 0x20000, "vga-lowmem", 1);
    MemoryRegion *optrom = pc_new();
    memory_region_init_ram(optrom, NULL, "pc.rom", 0x20000, NULL);
    memory_region_add_subregion_overlap(pci, 0xc0000, optrom, 1);
    MemoryRegion *bios = pc_new();
    memory_region_init_rom(bios, NULL, "pc.bios", 0x40000, NULL);
    memory_region_add_subregion(pci, 0x100000000ull - 0x40000, bios);
    pc_alias(pci, 0xe0000, "isa-bios", bios, 0x20000, 0x20000, 1);

    pc_alias(sys, 0xa0000, "smram-region", pci, 0xa0000, 0x20000, 1);
    for (unsigned i = 0; i < 13; i++) {
        hwaddr start = i < 12 ? 0xc0000 + i * 0x4000 : 0xf0000;
        uint64_t size = i < 12 ? 0x4000 : 0x10000;
        /* PAM at reset: reads and writes go to the PCI side. */
        pc_alias(sys, start, pam_names[i], pci, start, size, 1);
    }
    pc_io(sys, 0xfec00000, 0x1000, "ioapic", 0);
    pc_io(sys, 0xfed00000, 0x400, "hpet", 0);
    pc_io(sys, 0xfee00000, 0x100000, "apic-msi", 4096);

    for (unsigned i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
        pc_io(io, ports[i].port, ports[i].size, ports[i].name, 0);
    }
    memory_region_transaction_commit();
}

static unsigned count_regions(MemoryRegion *mr)
{
    unsigned n = 1;
    MemoryRegion *sub;
    MEMORY_REGION_FOREACH_SUBREGION(sub, mr)
    {
        n += count_regions(sub);
    }
    return n;
}

static void pc_row(const char *what, size_t bytes)
{
    printf("| %-48s | %10zu |\n", what, bytes);
}

static void report_pc_topology(void)
{
    reset_model();
    memory_map_init();
    build_pc(8u << 20);

    FlatView *mem_fv = address_space_to_flatview(&address_space_memory);
    FlatView *io_fv = address_space_to_flatview(&address_space_io);
    unsigned mapped =
        count_regions(get_system_memory()) + count_regions(get_system_io());
    unsigned total = pc_n + 2; /* plus "system" and "io" */
    size_t regions = (size_t)total * sizeof(MemoryRegion);
    size_t spaces = 2 * sizeof(AddressSpace);
    size_t mem_view = sizeof(FlatView) + mem_fv->nr * sizeof(FlatRange);
    size_t io_view = sizeof(FlatView) + io_fv->nr * sizeof(FlatRange);
    size_t used = regions + spaces + mem_view + io_view;
    /* The static storage emu/memory reserves whatever the topology, with
     * memory.h's default sizes (this binary is built with bigger flat-view
     * limits for the 1000-region figure). */
    const size_t dflt_max_ranges = 256, dflt_arena_ranges = 1024;
    size_t reserved =
        BMX_FLATVIEW_POOL * sizeof(FlatView) +
        (dflt_arena_ranges + dflt_max_ranges) * sizeof(FlatRange) +
        BMX_RAMBLOCK_MAX * sizeof(RAMBlock) +
        /* 3 dirty bits per page of the RAM address space */
        (size_t)BMX_RAM_ADDR_SPACE_MIB * 1024 * 1024 / TARGET_PAGE_SIZE * 3 / 8;

    printf("\nPC-sized topology (i440fx-like; sizeof-based: memory.h has no "
           "arena-usage accessor)\n");
    char label[64];
    printf("| %-48s | %10s |\n", "item", "bytes");
    printf("|--------------------------------------------------|------------|"
           "\n");
    snprintf(label, sizeof(label),
             "MemoryRegion x %u (%u reachable from roots)", total, mapped);
    pc_row(label, regions);
    pc_row("AddressSpace x 2 (memory, I/O)", spaces);
    snprintf(label, sizeof(label), "flat view \"memory\" (%u ranges)",
             mem_fv->nr);
    pc_row(label, mem_view);
    snprintf(label, sizeof(label), "flat view \"I/O\" (%u ranges)", io_fv->nr);
    pc_row(label, io_view);
    pc_row("total used by this topology", used);
    pc_row("static reserve (views, blocks, dirty bits)", reserved);
    pc_row("guest RAM + ROM carved from the pool",
           sizeof(ram_pool) - qemu_ram_pool_free());
    printf("sizeof: MemoryRegion %zu, FlatRange %zu, FlatView %zu, "
           "AddressSpace %zu, RAMBlock %zu\n",
           sizeof(MemoryRegion), sizeof(FlatRange), sizeof(FlatView),
           sizeof(AddressSpace), sizeof(RAMBlock));
}

int main(void)
{
    const char *env = getenv("BMX_BENCH_ITERS");
    /* Under valgrind 1/40 of the work gives the same per-op counts. */
    uint64_t iters = env                   ? strtoull(env, NULL, 0)
                     : RUNNING_ON_VALGRIND ? 100000
                                           : 4000000;
    if (iters == 0) {
        iters = 1;
    }
    perf_open();

    printf("bench-memory: %" PRIu64 " iterations per figure, best of 3; "
           "instructions: %s\n\n",
           iters,
           perf_fd >= 0          ? "perf_event_open"
           : RUNNING_ON_VALGRIND ? "n/a (under valgrind: see its counts "
                                   "of loop_*)"
                                 : "n/a (perf_event_open refused)");
    printf("| %-48s | %9s | %10s |\n", "operation", "ns/op", "insns/op");
    print_rule();

    setup_access_machine();
    figure("raw host pointer read (baseline)", loop_raw, iters);
    figure("address_space_ldl, RAM", loop_ram_ldl, iters);
    figure("address_space_stl, RAM", loop_ram_stl, iters);
    figure("address_space_rw 4 bytes, RAM", loop_rw_ram, iters);
    figure("address_space_ldl, MMIO (dispatched)", loop_mmio_ldl, iters);
    figure("address_space_ldub, MMIO (dispatched)", loop_mmio_ldub, iters);
    address_space_destroy(&bench_as);

    static const unsigned sizes[] = {10, 100, 1000};
    for (unsigned k = 0; k < 3; k++) {
        char what[64];
        setup_flat(sizes[k]);
        FlatView *fv = address_space_to_flatview(&bench_as);
        snprintf(what, sizeof(what),
                 "translate, %4u regions (%4u ranges), random", sizes[k],
                 fv->nr);
        figure(what, loop_translate, iters);
        snprintf(what, sizeof(what), "translate, %4u regions, same range",
                 sizes[k]);
        figure(what, loop_translate_same, iters);
        address_space_destroy(&bench_as);
    }

    report_pc_topology();
    printf("sink %" PRIu64 "\n", (uint64_t)(sink & 1));
    return 0;
}
