/*
 * The SST harness machine: 16 MiB of flat RAM, A20 on, no devices (every
 * port reads as all ones), one CPU that starts each test in real mode.
 */
#include "machine-internal.h"

static MemoryRegion harness_ram;
static bool harness_ready;

void harness_machine_init(void)
{
    harness_machine_init_cpu(X86_CPU_286);
}

void harness_machine_init_cpu(X86CPULevel level)
{
    if (harness_ready) {
        return;
    }
    machine_core_init(level);
    memory_region_init_ram(&harness_ram, NULL, "harness.ram", HARNESS_RAM_SIZE,
                           NULL);
    memory_region_add_subregion(get_system_memory(), 0, &harness_ram);
    harness_ready = true;
}

void harness_load_regs(const HarnessRegs *r)
{
    CPUState *cs = &machine_cpu.parent_obj;
    CPUX86State *env = &machine_cpu.env;

    bmx_assert(harness_ready);
    x86_cpu_reset(&machine_cpu);
    cpu_x86_set_a20(&machine_cpu, 1);
    env->regs[R_EAX] = r->ax;
    env->regs[R_EBX] = r->bx;
    env->regs[R_ECX] = r->cx;
    env->regs[R_EDX] = r->dx;
    env->regs[R_ESP] = r->sp;
    env->regs[R_EBP] = r->bp;
    env->regs[R_ESI] = r->si;
    env->regs[R_EDI] = r->di;
    cpu_x86_load_seg_real(env, R_ES, r->es);
    cpu_x86_load_seg_real(env, R_CS, r->cs);
    cpu_x86_load_seg_real(env, R_SS, r->ss);
    cpu_x86_load_seg_real(env, R_DS, r->ds);
    cpu_x86_load_seg_real(env, R_FS, 0);
    cpu_x86_load_seg_real(env, R_GS, 0);
    env->eip = r->ip;
    /* A 286 in real mode keeps IOPL/NT (bits 12-14) and bit 15 at 0;
     * bit 1 always reads 1, bits 3 and 5 always 0. */
    cpu_load_eflags(env, (r->flags & 0x0fd5) | 0x2, ~0u);
    cs->halted = 0;
    cs->exception_index = -1;
    x86_cpu_state_changed(&machine_cpu);
}

void harness_load_flat32(uint32_t eip, uint32_t esp, uint16_t code_sel,
                         uint16_t data_sel, uint32_t gdt_base,
                         uint16_t gdt_limit, uint32_t idt_base,
                         uint16_t idt_limit)
{
    CPUState *cs = &machine_cpu.parent_obj;
    CPUX86State *env = &machine_cpu.env;
    const uint32_t common =
        DESC_P_MASK | DESC_S_MASK | DESC_A_MASK | DESC_B_MASK | DESC_G_MASK;

    bmx_assert(harness_ready);
    x86_cpu_reset(&machine_cpu);
    cpu_x86_set_a20(&machine_cpu, 1);
    memset(env->regs, 0, sizeof(env->regs));
    env->regs[R_ESP] = esp;
    env->gdt.base = gdt_base;
    env->gdt.limit = gdt_limit;
    env->idt.base = idt_base;
    env->idt.limit = idt_limit;
    cpu_x86_update_cr0(env, env->cr[0] | CR0_PE_MASK);
    cpu_x86_load_seg_cache(env, R_CS, code_sel, 0, 0xffffffff,
                           common | DESC_CS_MASK | DESC_R_MASK);
    for (int seg = R_ES; seg <= R_GS; seg++) {
        if (seg != R_CS) {
            cpu_x86_load_seg_cache(env, seg, data_sel, 0, 0xffffffff,
                                   common | DESC_W_MASK);
        }
    }
    env->eip = eip;
    cpu_load_eflags(env, 0x2, ~0u);
    cs->halted = 0;
    cs->exception_index = -1;
    x86_cpu_state_changed(&machine_cpu);
}

void harness_read_regs(HarnessRegs *r)
{
    CPUX86State *env = &machine_cpu.env;

    r->ax = (uint16_t)env->regs[R_EAX];
    r->bx = (uint16_t)env->regs[R_EBX];
    r->cx = (uint16_t)env->regs[R_ECX];
    r->dx = (uint16_t)env->regs[R_EDX];
    r->sp = (uint16_t)env->regs[R_ESP];
    r->bp = (uint16_t)env->regs[R_EBP];
    r->si = (uint16_t)env->regs[R_ESI];
    r->di = (uint16_t)env->regs[R_EDI];
    r->es = (uint16_t)env->segs[R_ES].selector;
    r->cs = (uint16_t)env->segs[R_CS].selector;
    r->ss = (uint16_t)env->segs[R_SS].selector;
    r->ds = (uint16_t)env->segs[R_DS].selector;
    r->ip = (uint16_t)env->eip;
    r->flags = (uint16_t)cpu_compute_eflags(env);
}

void harness_write_ram(uint32_t addr, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    /* Split at the end of RAM so an access never wraps into a hole;
     * address_space_write also invalidates translated code it hits. */
    while (len) {
        uint32_t a = addr % HARNESS_RAM_SIZE;
        size_t n = MIN(len, (size_t)(HARNESS_RAM_SIZE - a));
        address_space_write(&address_space_memory, a, MEMTXATTRS_UNSPECIFIED, p,
                            n);
        p += n;
        addr += (uint32_t)n;
        len -= n;
    }
}

void harness_read_ram(uint32_t addr, void *buf, size_t len)
{
    uint8_t *p = buf;
    while (len) {
        uint32_t a = addr % HARNESS_RAM_SIZE;
        size_t n = MIN(len, (size_t)(HARNESS_RAM_SIZE - a));
        address_space_read(&address_space_memory, a, MEMTXATTRS_UNSPECIFIED, p,
                           n);
        p += n;
        addr += (uint32_t)n;
        len -= n;
    }
}

MachineRunResult harness_run(uint64_t budget)
{
    CPUState *cs = &machine_cpu.parent_obj;
    MachineRunResult res = {MACHINE_EXIT_BUDGET, 0, 0, -1};
    uint64_t start = cs->icount, last = start;
    unsigned idle = 0;

    machine_take_shutdown_request();
    machine_stop_requested = false;
    /* idle bounds the loop if cpu_exec keeps returning without progress */
    while (cs->icount - start < budget && idle < 1000) {
        int r;
        cs->icount_budget = (int64_t)(budget - (cs->icount - start));
        r = cpu_exec(cs);
        idle = cs->icount == last ? idle + 1 : 0;
        last = cs->icount;
        if (machine_take_shutdown_request()) {
            res.reason = MACHINE_EXIT_TRIPLE_FAULT;
            break;
        }
        if (machine_stop_requested) {
            break;
        }
        if (r == EXCP_HLT || r == EXCP_HALTED) {
            res.reason = MACHINE_EXIT_HLT;
            break;
        }
    }
    res.insns = cs->icount - start;
    return res;
}
