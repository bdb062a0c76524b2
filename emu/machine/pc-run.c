/*
 * The PC's main loop (QEMU's icount mode, single-threaded): run the CPU
 * until the next virtual-timer deadline, advance the virtual clock by the
 * instructions executed, fire timers, feed console input; a halted CPU
 * warps the clock to the next deadline. It also watches the BIOS text for
 * "No bootable device" to end a boot attempt cleanly.
 */
#include "pc-internal.h"

/* Instructions per slice at most: console input is polled between. */
#define PC_SLICE 100000

static const char no_boot_text[] = "No bootable device";

static void pc_text_feed(PCTextMatch *m, uint8_t c)
{
    if (m->matched) {
        if (c == '\n' && !m->line_end) {
            m->line_end = true;
            if (pcms.cfg.stop_on_no_boot) {
                cpu_exit(&machine_cpu.parent_obj);
            }
        }
        return;
    }
    if ((char)c == no_boot_text[m->pos]) {
        if (!no_boot_text[++m->pos]) {
            m->matched = true;
        }
    } else {
        m->pos = (char)c == no_boot_text[0] ? 1 : 0;
    }
}

void pc_serial_out(void *opaque, const uint8_t *buf, int len)
{
    (void)opaque;
    for (int i = 0; i < len; i++) {
        pc_text_feed(&pcms.no_boot_serial, buf[i]);
    }
    if (pcms.cfg.serial_write) {
        pcms.cfg.serial_write(pcms.cfg.serial_opaque, buf, len);
    } else {
        for (int i = 0; i < len; i++) {
            qemu_printf("%c", buf[i]);
        }
    }
}

void pc_debugcon_out(void *opaque, uint8_t c)
{
    (void)opaque;
    pc_text_feed(&pcms.no_boot_debugcon, c);
    if (pcms.cfg.debugcon_sink) {
        pcms.cfg.debugcon_sink(pcms.cfg.debugcon_opaque, c);
    } else {
        qemu_printf("%c", c);
    }
}

static bool pc_no_boot_seen(void)
{
    return pcms.no_boot_serial.line_end || pcms.no_boot_debugcon.line_end;
}

static void pc_poll_input(void)
{
    PCMachineConfig *cfg = &pcms.cfg;

    if (!cfg->console_read) {
        return;
    }
    for (int n = 0; n < 16; n++) {
        int c;
        if (cfg->input == PC_INPUT_SERIAL &&
            serial_can_receive(&pcms.devs.com1) <= 0) {
            return;
        }
        /* a pasted line waits on the console until the guest has read
         * the keys before it */
        if (cfg->input == PC_INPUT_KEYBOARD &&
            i8042_queue_room(&pcms.devs.kbd) < KBD_KEY_MAX_BYTES) {
            return;
        }
        c = cfg->console_read(cfg->console_opaque);
        if (c == PC_CONSOLE_CLOSED) {
            pcms.input_closed = true; /* no input can wake the CPU */
        }
        if (c < 0) {
            if (cfg->input == PC_INPUT_KEYBOARD) {
                pc_keyboard_input(-1);
            }
            return;
        }
        if (cfg->input == PC_INPUT_SERIAL) {
            uint8_t b = (uint8_t)c;
            serial_receive(&pcms.devs.com1, &b, 1);
        } else {
            pc_keyboard_input(c);
        }
    }
}

/* Can console input still arrive? Not once the reader said "never". */
static bool pc_input_open(void)
{
    return pcms.cfg.console_read && !pcms.input_closed;
}

/* Can the source of ISA IRQ n raise it while the CPU sleeps? Only what
 * a timer or console input drives: the guest itself does nothing. */
static bool pc_irq_source_can_fire(int n)
{
    PCISADevices *d = &pcms.devs;

    switch (n) {
    case 0: /* PIT channel 0 */
        return timer_pending(&d->pit.channels[0].irq_timer);
    case 1: /* keyboard */
        return pc_input_open() && pcms.cfg.input == PC_INPUT_KEYBOARD;
    case 4: /* COM1: received bytes (if enabled), or its FIFO timeout */
        return (pc_input_open() && pcms.cfg.input == PC_INPUT_SERIAL &&
                (d->com1.ier & 0x01 /* UART_IER_RDI */)) ||
               timer_pending(&d->com1.fifo_timeout_timer);
    case 8: /* RTC: periodic, alarm and update-ended interrupts */
        return (d->rtc.cmos_data[RTC_REG_B] &
                (REG_B_PIE | REG_B_AIE | REG_B_UIE)) &&
               (timer_pending(&d->rtc.periodic_timer) ||
                timer_pending(&d->rtc.update_timer));
    default: /* nothing else on this PC raises a line by itself */
        return false;
    }
}

/* Through the APICs: the local APIC's timer, or an ISA source on an
 * unmasked I/O APIC pin (IRQ 0 is pin 2), while the local APIC is on. */
static bool pc_apic_can_wake(void)
{
    const APICState *l = &pcms.lapic;

    if (!l->hw_enabled || !(l->svr & (1u << 8))) {
        return false;
    }
    if (apic_has_pending(l) || apic_next_timer_ns(l) >= 0) {
        return true;
    }
    for (int n = 0; n < 16; n++) {
        int pin = n == 0 ? 2 : n;
        if (!(pcms.ioapic.ioredtbl[pin] & (1ull << 16)) &&
            pc_irq_source_can_fire(n)) {
            return true;
        }
    }
    return false;
}

/* A halted CPU with nothing pending: can anything still wake it? An
 * interrupt only reaches it through an unmasked PIC input (and, for the
 * slave's, an unmasked cascade) whose source can still fire. */
static bool pc_can_wake(CPUState *cs)
{
    CPUX86State *env = &machine_cpu.env;
    const PICPair *pic = &pcms.devs.pic;

    if (cs->interrupt_request & (CPU_INTERRUPT_NMI | CPU_INTERRUPT_SMI |
                                 CPU_INTERRUPT_INIT | CPU_INTERRUPT_RESET)) {
        return true;
    }
    if (!(env->eflags & IF_MASK)) {
        return false;
    }
    if (cs->interrupt_request & CPU_INTERRUPT_HARD) {
        return true;
    }
    if (pcms.has_apic && pc_apic_can_wake()) {
        return true;
    }
    if (pcms.has_apic && !apic_accept_pic_intr(&pcms.lapic)) {
        return false; /* LINT0 shuts the 8259 out */
    }
    for (int n = 0; n < 16; n++) {
        bool open = n < 8 ? !(pic->master.imr & (1u << n))
                          : !(pic->master.imr & (1u << 2)) &&
                                !(pic->slave.imr & (1u << (n - 8)));
        if (n != 2 && open && pc_irq_source_can_fire(n)) {
            return true;
        }
    }
    return false;
}

/* A reset request the loop has not acted on yet: false if the guest asked
 * for one with no_reboot set (the run must stop). */
static bool pc_handle_reset(void)
{
    machine_take_shutdown_request();
    pcms.reset_pending = false;
    if (pcms.cfg.no_reboot) {
        return false;
    }
    pcms.resets++;
    pc_machine_reset();
    return true;
}

PCRunResult pc_machine_run(uint64_t budget)
{
    CPUState *cs = &machine_cpu.parent_obj;
    PCRunResult res;
    uint64_t start = cs->icount;
    /* Virtual time spent halted, charged to the budget at the clock's
     * rate (one instruction per 2^shift ns) so a sleeping guest ends. */
    uint64_t halted_ns = 0;

    bmx_assert(pcms.ready);
    memset(&res, 0, sizeof(res));
    res.reason = PC_EXIT_MACHINE;
    res.machine.reason = MACHINE_EXIT_BUDGET;
    /* A stale shutdown request is dropped; a pending reset (e.g. asked
     * through a port while the machine was stopped) is carried out. */
    if (!pcms.reset_pending) {
        machine_take_shutdown_request();
    }
    machine_stop_requested = false;
    for (;;) {
        uint64_t used =
            cs->icount - start + (halted_ns >> pcms.cfg.icount_shift);
        uint64_t before = cs->icount;
        int64_t t_before = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        int64_t slice = PC_SLICE;
        int r;

        if (pcms.reset_pending && !pc_handle_reset()) {
            res.reason = PC_EXIT_GUEST_RESET;
            break;
        }
        if ((budget && used >= budget) || machine_stop_requested) {
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
        if (machine_stop_requested) {
            break;
        }
        qemu_clock_run_all_timers();
        pc_poll_input();
        pc_display_refresh(false);

        if (pcms.devs.debug_exit.requested) {
            pcms.devs.debug_exit.requested = false;
            res.machine.reason = MACHINE_EXIT_DEBUG_EXIT;
            res.machine.exit_status = pcms.devs.debug_exit.status;
            break;
        }
        if (!pcms.reset_pending && machine_take_shutdown_request()) {
            res.machine.reason = MACHINE_EXIT_TRIPLE_FAULT;
            break;
        }
        if (pcms.reset_pending) {
            continue; /* carried out at the top of the loop */
        }
        if (pcms.cfg.stop_on_no_boot && pc_no_boot_seen()) {
            /* Consumed: running on waits for the next such line. */
            memset(&pcms.no_boot_serial, 0, sizeof(pcms.no_boot_serial));
            memset(&pcms.no_boot_debugcon, 0, sizeof(pcms.no_boot_debugcon));
            res.reason = PC_EXIT_NO_BOOTABLE_DEVICE;
            break;
        }
        if ((r == EXCP_HLT || r == EXCP_HALTED) && cs->halted) {
            int64_t d;
            if (!pc_can_wake(cs)) {
                res.machine.reason = MACHINE_EXIT_HALTED_FOREVER;
                break;
            }
            /* Idle: let virtual time jump to the next timer. */
            d = qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL);
            if (d < 0) {
                /* Only console input can wake it: let a slice's worth of
                 * virtual time pass per poll, so the budget still runs. */
                d = (int64_t)PC_SLICE << pcms.cfg.icount_shift;
            }
            if (d > 0 && !qemu_clock_virtual_is_host()) {
                /* Not past the budget: a far timer must not hide it. */
                uint64_t left = budget ? budget - MIN(budget, used) : 0;
                if (budget && (uint64_t)d >> pcms.cfg.icount_shift > left) {
                    d = (int64_t)((left + 1) << pcms.cfg.icount_shift);
                }
                qemu_clock_warp(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + d);
                qemu_clock_run_all_timers();
            }
            int64_t spent = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - t_before;
            int64_t ran =
                (int64_t)((cs->icount - before) << pcms.cfg.icount_shift);
            if (spent > ran) {
                halted_ns += (uint64_t)(spent - ran);
            }
        }
    }
    pc_display_refresh(true); /* the screen as the run left it */
    res.machine.insns = cs->icount - start;
    res.machine.post_code = post_last_code(&pcms.devs.post);
    res.virtual_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    res.resets = pcms.resets;
    return res;
}

void pc_describe_result(const PCRunResult *res, char *buf, size_t size)
{
    static const char after_word[] = " after ";
    char tail[160];
    const char *head = "", *after = "";
    size_t pos = 0, n;

    if (res->reason == PC_EXIT_MACHINE) {
        machine_describe_result(&res->machine, buf, size);
        return;
    }
    head = res->reason == PC_EXIT_NO_BOOTABLE_DEVICE
               ? "the BIOS found no bootable device"
               : "the guest asked for a reset (no-reboot)";
    /* Reuse the " after N instructions" tail of the generic text. */
    machine_describe_result(&res->machine, tail, sizeof(tail));
    n = strlen(tail);
    for (size_t i = 0; i + sizeof(after_word) - 1 <= n; i++) {
        if (!memcmp(tail + i, after_word, sizeof(after_word) - 1)) {
            after = tail + i;
        }
    }
    if (!size) {
        return;
    }
    while (*head && pos + 1 < size) {
        buf[pos++] = *head++;
    }
    while (*after && pos + 1 < size) {
        buf[pos++] = *after++;
    }
    buf[pos] = 0;
}
