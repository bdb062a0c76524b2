/* What both machines share: the CPU object, shutdown requests, naming. */
#include "machine-internal.h"

X86CPU machine_cpu;
static bool core_ready;
static bool shutdown_requested;

const char *machine_exit_reason_name(MachineExitReason reason)
{
    switch (reason) {
    case MACHINE_EXIT_HLT:
        return "hlt";
    case MACHINE_EXIT_DEBUG_EXIT:
        return "debug-exit";
    case MACHINE_EXIT_HALTED_FOREVER:
        return "halted-forever";
    case MACHINE_EXIT_TRIPLE_FAULT:
        return "triple-fault";
    case MACHINE_EXIT_BUDGET:
        return "budget";
    }
    return "?";
}

static void append(char *buf, size_t size, size_t *pos, const char *s)
{
    while (*s && *pos + 1 < size) {
        buf[(*pos)++] = *s++;
    }
    if (size) {
        buf[*pos < size ? *pos : size - 1] = 0;
    }
}

static void append_u64(char *buf, size_t size, size_t *pos, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    char out[24];
    for (int i = 0; i < n; i++) {
        out[i] = tmp[n - 1 - i];
    }
    out[n] = 0;
    append(buf, size, pos, out);
}

/* No snprintf in emu/: build the line by hand. */
void machine_describe_result(const MachineRunResult *res, char *buf,
                             size_t size)
{
    size_t pos = 0;
    if (!size) {
        return;
    }
    buf[0] = 0;
    switch (res->reason) {
    case MACHINE_EXIT_HLT:
        append(buf, size, &pos, "CPU executed HLT");
        break;
    case MACHINE_EXIT_DEBUG_EXIT:
        append(buf, size, &pos, "guest exited through port 0xf4 with status ");
        append_u64(buf, size, &pos, (uint64_t)res->exit_status);
        break;
    case MACHINE_EXIT_HALTED_FOREVER:
        append(buf, size, &pos,
               "guest halted forever (HLT with interrupts disabled or "
               "masked: nothing can wake it)");
        break;
    case MACHINE_EXIT_TRIPLE_FAULT:
        append(buf, size, &pos, "guest triple-faulted (CPU shutdown)");
        break;
    case MACHINE_EXIT_BUDGET:
        append(buf, size, &pos, "instruction budget used up");
        break;
    }
    append(buf, size, &pos, " after ");
    append_u64(buf, size, &pos, res->insns);
    append(buf, size, &pos, " instructions");
    if (res->reason != MACHINE_EXIT_DEBUG_EXIT && res->post_code >= 0) {
        static const char hex[] = "0123456789abcdef";
        char code[5] = {'0', 'x', hex[(res->post_code >> 4) & 15],
                        hex[res->post_code & 15], 0};
        append(buf, size, &pos, ", last POST code ");
        append(buf, size, &pos, code);
    }
}

/* Deviation D22: a triple fault stops the run (QEMU's -no-reboot). */
void qemu_system_reset_request(ShutdownCause reason)
{
    (void)reason;
    shutdown_requested = true;
    cpu_exit(&machine_cpu.parent_obj);
}

volatile bool machine_stop_requested;

void machine_request_stop(void)
{
    machine_stop_requested = true;
    cpu_exit(&machine_cpu.parent_obj);
}

bool machine_take_shutdown_request(void)
{
    bool r = shutdown_requested;
    shutdown_requested = false;
    return r;
}

/*
 * The ISA bus floats high: a port nobody claims reads as all ones at any
 * width and alignment. QEMU's unassigned I/O gives all ones only for
 * aligned accesses (an odd-port IN AX reads 0), so both machines put this
 * region under every device.
 */
static MemoryRegion open_bus_io;

static uint64_t open_bus_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)opaque;
    (void)addr;
    (void)size;
    return 0xff;
}

static void open_bus_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    (void)opaque;
    (void)addr;
    (void)val;
    (void)size;
}

static const MemoryRegionOps open_bus_ops = {
    .read = open_bus_read,
    .write = open_bus_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4, .unaligned = true},
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void machine_core_init(X86CPULevel level)
{
    CPUState *cs = &machine_cpu.parent_obj;

    /* The memory model is static: build it and the CPU's view of it once. */
    if (core_ready) {
        bmx_panic("only one machine can be created per run");
    }
    core_ready = true;
    memory_map_init();
    memory_region_init_io(&open_bus_io, NULL, &open_bus_ops, NULL,
                          "isa-open-bus", 0x10000);
    memory_region_add_subregion_overlap(get_system_io(), 0, &open_bus_io,
                                        -1000);
    x86_cpu_init(&machine_cpu, level);
    cpu_address_space_init(cs, 0, "cpu-memory", get_system_memory());
    cs->as = cpu_get_address_space(cs, 0);
    cs->as_smm = NULL;
    cpu_x86_set_a20(&machine_cpu, 1);
    shutdown_requested = false;
}
