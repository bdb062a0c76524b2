/*
 * The bare BIOS machine: RAM at 0, a raw BIOS image as ROM at the top of
 * 4 GiB with its last 128 KiB (or all of it, if smaller) aliased below
 * 1 MiB as QEMU's "pc" does ("isa-bios"), debugcon, isa-debug-exit, the
 * POST port and the APM control port, whose writes raise SMI (so guests can
 * test SMM). Nothing else: no PIC, no timer, so a guest that halts with
 * or without interrupts enabled can only be woken by... nothing.
 */
#include "hw/hw.h"
#include "timer/timer.h"
#include "machine-internal.h"

#define KiB          1024u
#define MiB          (1024u * 1024u)
#define ISA_BIOS_MAX (128 * KiB)
/* QEMU's pc keeps RAM below 3.5 GiB ("below_4g_mem_size"). */
#define BARE_RAM_MAX 0xe0000000u
/* Instructions per cpu_exec slice: devices and timers run between. */
#define BARE_SLICE 100000

static MemoryRegion bare_ram, bare_bios, bare_isa_bios;
static DebugconState bare_debugcon, bare_debugcon_seabios;
static DebugExitState bare_debug_exit;
static PostState bare_post;
static APMState bare_apm;
static bool bare_ready;

bool bare_machine_bios_size_ok(size_t bios_size)
{
    return bios_size == 64 * KiB || bios_size == 128 * KiB ||
           bios_size == 256 * KiB;
}

static void bare_exit_request(void *opaque, int status)
{
    (void)opaque;
    (void)status;
    cpu_exit(&machine_cpu.parent_obj);
}

/* Every APMC write is an SMI, as on ICH9 with APMC_EN set (PIIX4 PM and
 * ICH9 gate it with a PCI/PM register the bare machine does not have). */
static void bare_apm_ctrl_changed(uint32_t val, void *arg)
{
    (void)val;
    (void)arg;
    cpu_interrupt(&machine_cpu.parent_obj, CPU_INTERRUPT_SMI);
}

void bare_machine_init(const uint8_t *bios, size_t bios_size, size_t ram_size)
{
    bare_machine_init_cpu(bios, bios_size, ram_size, X86_CPU_586);
}

void bare_machine_init_cpu(const uint8_t *bios, size_t bios_size,
                           size_t ram_size, X86CPULevel level)
{
    MemoryRegion *sys;
    uint64_t isa_size;

    if (!bios) {
        bmx_panic("bare machine: no BIOS image");
    }
    if (!bare_machine_bios_size_ok(bios_size)) {
        bmx_panic("bare machine: BIOS image is %lu bytes; it must be "
                  "64 KiB (65536), 128 KiB (131072) or 256 KiB (262144)",
                  (unsigned long)bios_size);
    }
    if (ram_size < 1 * MiB || ram_size % (64 * KiB) ||
        ram_size > BARE_RAM_MAX) {
        bmx_panic("bare machine: RAM size %lu bytes must be a multiple of "
                  "64 KiB between 1 MiB and 3.5 GiB",
                  (unsigned long)ram_size);
    }
    if (bare_ready) {
        bmx_panic("bare machine: already initialised");
    }
    bare_ready = true;

    machine_core_init(level);
    sys = get_system_memory();
    memory_region_init_ram(&bare_ram, NULL, "pc.ram", ram_size, NULL);
    memory_region_add_subregion(sys, 0, &bare_ram);

    /* The image is executed in place (no copy: on a board it is flash). */
    memory_region_init_ram_ptr(&bare_bios, NULL, "pc.bios", bios_size,
                               (void *)(uintptr_t)bios);
    memory_region_set_readonly(&bare_bios, true);
    memory_region_add_subregion(sys, (uint64_t)4096 * MiB - bios_size,
                                &bare_bios);
    isa_size = MIN((uint64_t)bios_size, (uint64_t)ISA_BIOS_MAX);
    memory_region_init_alias(&bare_isa_bios, NULL, "isa-bios", &bare_bios,
                             bios_size - isa_size, isa_size);
    memory_region_set_readonly(&bare_isa_bios, true);
    memory_region_add_subregion_overlap(sys, 1 * MiB - isa_size, &bare_isa_bios,
                                        1);

    debugcon_init(&bare_debugcon, get_system_io(), 0xe9, NULL, NULL);
    debugcon_init(&bare_debugcon_seabios, get_system_io(), 0x402, NULL, NULL);
    debug_exit_init(&bare_debug_exit, get_system_io(), 0xf4, 1,
                    bare_exit_request, NULL);
    post_port_init(&bare_post, get_system_io(), 0x80, NULL, NULL);
    apm_init(&bare_apm, get_system_io(), bare_apm_ctrl_changed, NULL);

    x86_cpu_reset(&machine_cpu);
    cpu_x86_set_a20(&machine_cpu, 1);
}

X86CPU *bare_machine_cpu(void)
{
    return &machine_cpu;
}

/* A halted CPU with nothing pending: can anything still wake it? */
static bool bare_can_wake(CPUState *cs)
{
    CPUX86State *env = &machine_cpu.env;

    if (cs->interrupt_request & (CPU_INTERRUPT_NMI | CPU_INTERRUPT_SMI |
                                 CPU_INTERRUPT_INIT | CPU_INTERRUPT_RESET)) {
        return true;
    }
    if (cs->interrupt_request & CPU_INTERRUPT_HARD) {
        return (env->eflags & IF_MASK) != 0;
    }
    /* A timer could raise an interrupt later, if the CPU would take it. */
    return (env->eflags & IF_MASK) &&
           qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL) >= 0;
}

MachineRunResult machine_run(uint64_t budget)
{
    CPUState *cs = &machine_cpu.parent_obj;
    MachineRunResult res = {MACHINE_EXIT_BUDGET, 0, 0, -1};
    uint64_t start = cs->icount;

    bmx_assert(bare_ready);
    machine_take_shutdown_request();
    machine_stop_requested = false;
    for (;;) {
        uint64_t used = cs->icount - start, before = cs->icount;
        int64_t slice = BARE_SLICE;
        int r;

        if (budget && used >= budget) {
            break;
        }
        if (budget && (uint64_t)slice > budget - used) {
            slice = (int64_t)(budget - used);
        }
        slice = MIN(slice, icount_budget());
        if (gdb_enabled()) {
            slice = gdb_cpu_slice(slice);
        }
        cs->icount_budget = slice;
        r = cpu_exec(cs);
        icount_advance(cs->icount - before);
        if (gdb_enabled()) {
            gdb_handle_exit(r, before); /* stops, steps, Ctrl-C */
        }
        qemu_clock_run_all_timers();

        if (bare_debug_exit.requested) {
            bare_debug_exit.requested = false;
            res.reason = MACHINE_EXIT_DEBUG_EXIT;
            res.exit_status = bare_debug_exit.status;
            break;
        }
        if (machine_take_shutdown_request()) {
            res.reason = MACHINE_EXIT_TRIPLE_FAULT;
            break;
        }
        if (machine_stop_requested) {
            break;
        }
        if ((r == EXCP_HLT || r == EXCP_HALTED) && cs->halted) {
            int64_t d;
            if (!bare_can_wake(cs)) {
                res.reason = MACHINE_EXIT_HALTED_FOREVER;
                break;
            }
            /* Idle: let virtual time jump to the next timer. */
            d = qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL);
            if (d > 0) {
                qemu_clock_warp(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + d);
                qemu_clock_run_all_timers();
            }
        }
    }
    res.insns = cs->icount - start;
    res.post_code = post_last_code(&bare_post);
    return res;
}
