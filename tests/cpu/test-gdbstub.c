/*
 * The gdb stub's parts without a debugger: the packet layer (checksums,
 * escapes, overlong packets, Ctrl-C), the debug walk behind m/M (linear
 * addresses, no #PF, no accessed bits, ROM writable, code invalidated),
 * the command interpreter's replies to good and bad packets, and the
 * CPU side: a breakpoint stops before its instruction, a watchpoint after
 * the access, a step runs one instruction.
 */
#include "cpu-fixture.h"
#include "gdbstub/gdbstub.h"
#include "tcg/tcg.h"

/* ---- packet layer ---- */

static GDBRxEvent feed(GDBPacketRx *rx, const char *s, size_t n)
{
    GDBRxEvent e = GDB_RX_NONE;

    for (size_t i = 0; i < n; i++) {
        e = gdb_rx_byte(rx, (uint8_t)s[i]);
        if (e != GDB_RX_NONE && i + 1 < n) {
            fail_msg("event %d before the end at byte %zu", e, i);
        }
    }
    return e;
}

static void test_rx_good_and_bad(void **state)
{
    GDBPacketRx rx;
    (void)state;

    gdb_rx_init(&rx);
    /* "g" sums to 0x67 */
    assert_int_equal(feed(&rx, "$g#67", 5), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "g");
    assert_int_equal(feed(&rx, "$g#68", 5), GDB_RX_BAD);
    assert_int_equal(feed(&rx, "$g#6z", 5), GDB_RX_BAD);
    assert_int_equal(feed(&rx, "$g#z7", 3), GDB_RX_NONE);
    assert_int_equal(gdb_rx_byte(&rx, 'z'), GDB_RX_BAD); /* first digit */
    /* back in sync after an error */
    assert_int_equal(feed(&rx, "$?#3f", 5), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "?");
    /* acks, Ctrl-C and noise between packets */
    assert_int_equal(gdb_rx_byte(&rx, '+'), GDB_RX_ACK);
    assert_int_equal(gdb_rx_byte(&rx, '-'), GDB_RX_NAK);
    assert_int_equal(gdb_rx_byte(&rx, 0x03), GDB_RX_INTERRUPT);
    assert_int_equal(gdb_rx_byte(&rx, 'x'), GDB_RX_NONE);
    /* a '$' inside a packet starts over */
    assert_int_equal(feed(&rx, "$ab$g#67", 8), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "g");
    /* 0x03 inside a packet is data */
    assert_int_equal(feed(&rx, "$\x03#03", 5), GDB_RX_PACKET);
    assert_int_equal(rx.len, 1);
}

static void test_rx_escape_and_overrun(void **state)
{
    static char big[GDB_MAX_PACKET + 16];
    char frame[64];
    GDBPacketRx rx;
    size_t n;
    (void)state;

    gdb_rx_init(&rx);
    /* "}]" is an escaped '}' (0x5d ^ 0x20 = 0x7d); the sum covers the raw
     * bytes: 'X' 0x58 + '}' 0x7d + ']' 0x5d = 0x132 */
    assert_int_equal(feed(&rx, "$X}]#32", 7), GDB_RX_PACKET);
    assert_int_equal(rx.len, 2);
    assert_int_equal((uint8_t)rx.buf[1], 0x7d);
    /* the framer escapes what must be, and the parser undoes it */
    n = gdb_tx_frame(frame, sizeof(frame), "a$b#c}d*e", 9);
    assert_true(n > 0);
    frame[n] = 0;
    assert_string_equal(frame, "$a}\x04"
                               "b}\x03"
                               "c}]d}\x0a"
                               "e#51");
    assert_int_equal(feed(&rx, frame, n), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "a$b#c}d*e");
    /* too small a buffer: nothing */
    assert_int_equal(gdb_tx_frame(frame, 6, "abcd", 4), 0);
    /* a packet longer than GDB_MAX_PACKET is refused, not cut */
    memset(big, 'a', sizeof(big));
    big[0] = '$';
    for (size_t i = 0; i < sizeof(big) - 3; i++) {
        assert_int_equal(gdb_rx_byte(&rx, (uint8_t)big[i]), GDB_RX_NONE);
    }
    assert_int_equal(gdb_rx_byte(&rx, '#'), GDB_RX_NONE);
    gdb_rx_byte(&rx, '0');
    assert_int_equal(gdb_rx_byte(&rx, '0'), GDB_RX_BAD);
    assert_int_equal(feed(&rx, "$g#67", 5), GDB_RX_PACKET);
}

static void test_hex(void **state)
{
    uint8_t b[3];
    char h[7];
    (void)state;

    assert_true(gdb_hex_decode("0aFf10", 3, b));
    assert_int_equal(b[0], 0x0a);
    assert_int_equal(b[1], 0xff);
    assert_int_equal(b[2], 0x10);
    assert_false(gdb_hex_decode("0g", 1, b));
    assert_false(gdb_hex_decode("0", 1, b)); /* NUL is no digit */
    gdb_hex_encode(h, b, 3);
    assert_string_equal(h, "0aff10");
}

/* ---- the debug walk ---- */

#define PD   0x10000u
#define PT   0x11000u
#define LIN  0x400000u /* PD[1], PT[0] -> 0x5000; PT[1] not present */
#define PHYS 0x5000u

static void set_l(uint32_t addr, uint32_t v)
{
    memcpy(&low_ram[addr], &v, 4);
}

static uint32_t get_l(uint32_t addr)
{
    uint32_t v;
    memcpy(&v, &low_ram[addr], 4);
    return v;
}

/* 32-bit protected mode with paging, CPL 0, flat segments. */
static void enter_paging(void)
{
    cpu_fixture_reset(X86_CPU_486);
    set_l(PD + 4, PT | PG_PRESENT_MASK | PG_RW_MASK);
    set_l(PT + 0, PHYS | PG_PRESENT_MASK | PG_RW_MASK);
    set_l(PT + 4, 0); /* not present */
    for (int s = 0; s < 6; s++) {
        cpu_x86_load_seg_cache(
            env, s, s == R_CS ? 8 : 16, 0, 0xffffffff,
            DESC_P_MASK | DESC_S_MASK | DESC_B_MASK | DESC_G_MASK |
                (s == R_CS ? DESC_CS_MASK : 0) | DESC_W_MASK | DESC_A_MASK);
    }
    env->cr[3] = PD;
    env->cr[0] |= CR0_PE_MASK | CR0_PG_MASK;
    x86_cpu_state_changed(&test_cpu);
}

static void test_debug_walk(void **state)
{
    uint8_t b[8], xy[2] = {'x', 'y'}, r = 'r';
    uint32_t cr2;
    (void)state;

    enter_paging();
    memcpy(&low_ram[PHYS + 0xff8], "ABCDEFGH", 8);
    cr2 = env->cr[2] = 0x1234;
    assert_int_equal(cpu_memory_rw_debug(cs, LIN + 0xff8, b, 8, false), 0);
    assert_memory_equal(b, "ABCDEFGH", 8);
    /* the walk set no accessed bit and raised nothing */
    assert_false(get_l(PD + 4) & PG_ACCESSED_MASK);
    assert_false(get_l(PT) & PG_ACCESSED_MASK);
    assert_int_equal(cs->exception_index, -1);
    assert_int_equal(env->cr[2], cr2);
    /* across into the unmapped page: an error, nothing after it read */
    memset(b, 0xee, sizeof(b));
    assert_int_equal(cpu_memory_rw_debug(cs, LIN + 0xffc, b, 8, false), -1);
    assert_int_equal(env->cr[2], cr2);
    assert_int_equal(cpu_memory_rw_debug(cs, LIN + 0x1000, b, 1, false), -1);
    /* writes go through the same walk */
    assert_int_equal(cpu_memory_rw_debug(cs, LIN + 0x10, xy, 2, true), 0);
    assert_memory_equal(&low_ram[PHYS + 0x10], "xy", 2);
    assert_false(get_l(PT) & PG_ACCESSED_MASK);
    assert_false(get_l(PT) & PG_DIRTY_MASK);
    /* without paging a linear address is the physical one, and ROM takes
     * debug writes (a breakpoint in a BIOS) */
    cpu_fixture_reset(X86_CPU_486);
    assert_int_equal(cpu_memory_rw_debug(cs, ROM_BASE + 0x40, &r, 1, true), 0);
    assert_int_equal(rom[0x40], 'r');
    low_ram[PHYS + 0x10] = 'x';
    assert_int_equal(cpu_memory_rw_debug(cs, PHYS + 0x10, b, 1, false), 0);
    assert_int_equal(b[0], 'x');
}

static void test_debug_write_drops_code(void **state)
{
    /* real mode at 0:1000: inc ax; inc ax; hlt */
    static const uint8_t code[] = {0x40, 0x40, 0xf4};
    uint32_t before;
    uint8_t dec = 0x48;
    (void)state;

    cpu_fixture_reset(X86_CPU_486);
    put_bytes(0x1000, code, sizeof(code));
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & 0xffff, 2);
    /* gdb patches the second inc into a dec: the TB must not be reused */
    before = tcg_stats.tb_invalidated;
    assert_int_equal(cpu_memory_rw_debug(cs, 0x1001, &dec, 1, true), 0);
    assert_true(tcg_stats.tb_invalidated > before);
    env->eip = 0x1000;
    env->regs[R_EAX] = 0;
    assert_int_equal(run_until_hlt(100), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & 0xffff, 0);
}

/* ---- breakpoints, watchpoints, stepping ---- */

static int exec_once(int64_t budget)
{
    cs->halted = 0;
    cs->icount_budget = budget;
    return cpu_exec(cs);
}

static void test_breakpoint_stops_before(void **state)
{
    /* inc ax; inc ax; inc ax; hlt */
    static const uint8_t code[] = {0x40, 0x40, 0x40, 0xf4};
    uint64_t icount;
    (void)state;

    cpu_fixture_reset(X86_CPU_486);
    put_bytes(0x1000, code, sizeof(code));
    assert_int_equal(cpu_breakpoint_insert(cs, 0x1002, BP_GDB), 0);
    assert_true(env->hflags & HF_BPT_MASK);
    icount = cs->icount;
    assert_int_equal(exec_once(100), EXCP_DEBUG);
    assert_int_equal(env->eip, 0x1002);
    assert_int_equal(env->regs[R_EAX] & 0xffff, 2);
    assert_int_equal(cs->icount - icount, 2); /* the stop is no insn */
    /* still there when run again from it: gdb removes it to go on */
    assert_int_equal(exec_once(100), EXCP_DEBUG);
    assert_int_equal(env->eip, 0x1002);
    assert_int_equal(cpu_breakpoint_remove(cs, 0x1002, BP_GDB), 0);
    assert_int_equal(cpu_breakpoint_remove(cs, 0x1002, BP_GDB), -2);
    assert_false(env->hflags & HF_BPT_MASK);
    assert_int_equal(exec_once(100), EXCP_HLT);
    assert_int_equal(env->regs[R_EAX] & 0xffff, 3);
    /* with one breakpoint set (HF_BPT_MASK on), a second one inside code
     * already translated under that flag still stops: its TBs were
     * dropped, not the whole cache */
    env->eip = 0x1000;
    env->regs[R_EAX] = 0;
    assert_int_equal(cpu_breakpoint_insert(cs, 0x1003, BP_GDB), 0);
    assert_int_equal(exec_once(100), EXCP_DEBUG); /* 1000-1002, then 1003 */
    assert_int_equal(env->eip, 0x1003);
    env->eip = 0x1000;
    {
        uint32_t flushes = tcg_stats.tb_flushes;
        assert_int_equal(cpu_breakpoint_insert(cs, 0x1001, BP_GDB), 0);
        assert_int_equal(tcg_stats.tb_flushes, flushes);
    }
    assert_int_equal(exec_once(100), EXCP_DEBUG);
    assert_int_equal(env->eip, 0x1001);
    /* removed while another remains: the TB that stopped there goes */
    assert_int_equal(cpu_breakpoint_remove(cs, 0x1001, BP_GDB), 0);
    assert_int_equal(exec_once(100), EXCP_DEBUG);
    assert_int_equal(env->eip, 0x1003);
    cpu_breakpoint_remove_all(cs, BP_GDB);
    assert_false(env->hflags & HF_BPT_MASK);
    /* a full table is refused, not overrun */
    for (int i = 0; i < CPU_BREAKPOINTS_MAX; i++) {
        assert_int_equal(cpu_breakpoint_insert(cs, 0x8000 + i, BP_GDB), 0);
    }
    assert_int_equal(cpu_breakpoint_insert(cs, 0x9000, BP_GDB), -28);
    cpu_breakpoint_remove_all(cs, BP_GDB);
    assert_int_equal(cs->nb_breakpoints, 0);
}

static void test_watchpoint_after_access(void **state)
{
    /* mov [0x2001], al; inc ax; mov bl, [0x2001]; hlt */
    static const uint8_t code[] = {0xa2, 0x01, 0x20, 0x40, 0x8a,
                                   0x1e, 0x01, 0x20, 0xf4};
    (void)state;

    cpu_fixture_reset(X86_CPU_486);
    put_bytes(0x1000, code, sizeof(code));
    env->regs[R_EAX] = 0x55;
    assert_int_equal(
        cpu_watchpoint_insert(cs, 0x2000, 4, BP_GDB | BP_MEM_WRITE), 0);
    assert_int_equal(exec_once(100), EXCP_DEBUG);
    assert_non_null(cs->watchpoint_hit);
    assert_int_equal(cs->watchpoint_hit->hitaddr, 0x2001);
    assert_true(cs->watchpoint_hit->flags & BP_WATCHPOINT_HIT_WRITE);
    assert_int_equal(low_ram[0x2001], 0x55); /* the store completed */
    assert_int_equal(env->eip, 0x1003);      /* stopped right after it */
    cs->watchpoint_hit = NULL;
    /* a write watchpoint ignores the read */
    assert_int_equal(exec_once(100), EXCP_HLT);
    assert_int_equal(env->regs[R_EBX] & 0xff, 0x55);
    assert_int_equal(
        cpu_watchpoint_remove(cs, 0x2000, 4, BP_GDB | BP_MEM_WRITE), 0);
    assert_int_equal(cpu_watchpoint_insert(cs, 0xfffffffe, 4, BP_GDB), -22);
    assert_int_equal(cpu_watchpoint_insert(cs, 0x100, 0, BP_MEM_READ), -22);
}

static void test_single_step(void **state)
{
    static const uint8_t code[] = {0x40, 0x40, 0x40, 0xf4};
    uint64_t icount;
    (void)state;

    cpu_fixture_reset(X86_CPU_486);
    put_bytes(0x1000, code, sizeof(code));
    assert_int_equal(exec_once(100), EXCP_HLT); /* a 4-instruction TB */
    env->eip = 0x1000;
    cpu_single_step(cs, SSTEP_ENABLE | SSTEP_NOIRQ);
    for (int i = 1; i <= 3; i++) {
        icount = cs->icount;
        exec_once(1);
        assert_int_equal(cs->icount - icount, 1);
        assert_int_equal(env->eip, 0x1000 + (uint32_t)i);
    }
    /* a step that faults ends at the handler's first instruction: #DE
     * from DIV BL (BL = 0) through IVT vector 0 to 0:2000 */
    {
        static const uint8_t div0[] = {0xf6, 0xf3};
        static const uint8_t ivt0[] = {0x00, 0x20, 0x00, 0x00};
        put_bytes(0x1100, div0, sizeof(div0));
        put_bytes(0x0000, ivt0, sizeof(ivt0));
        put_bytes(0x2000, code, sizeof(code));
        env->eip = 0x1100;
        env->regs[R_EBX] = 0;
        icount = cs->icount;
        exec_once(1);
        assert_int_equal(env->eip, 0x2000);
        assert_int_equal(env->segs[R_CS].selector, 0);
        assert_int_equal(cs->icount - icount, 1);
    }
    /* a pending interrupt is not taken while stepping (SSTEP_NOIRQ) */
    env->eip = 0x1000;
    env->eflags |= IF_MASK;
    cpu_interrupt(cs, CPU_INTERRUPT_HARD);
    exec_once(1);
    assert_int_equal(env->eip, 0x1001);
    cpu_reset_interrupt(cs, CPU_INTERRUPT_HARD);
    cpu_single_step(cs, 0);
}

/* ---- the command interpreter ---- */

static int no_read(void *opaque, bool wait)
{
    (void)opaque;
    (void)wait;
    return GDB_CHR_CLOSED;
}

static void no_write(void *opaque, const uint8_t *buf, size_t len)
{
    (void)opaque;
    (void)buf;
    (void)len;
}

static const GDBCharOps test_ops = {no_read, no_write, NULL};

static const char *cmd(const char *p)
{
    return gdb_test_command(p, strlen(p));
}

/* qRcmd,<hex of text> */
static const char *rcmd(const char *text)
{
    static char p[128] = "qRcmd,";

    gdb_hex_encode(p + 6, (const uint8_t *)text, strlen(text));
    return cmd(p);
}

static void test_commands(void **state)
{
    const char *r;
    (void)state;

    cpu_fixture_reset(X86_CPU_486);
    gdbserver_start(cs, &test_ops, NULL, false);
    env->regs[R_EAX] = 0x11223344;
    env->eip = 0x1234;
    /* registers: 'g' holds all of them, in target order */
    r = cmd("g");
    assert_int_equal(strlen(r),
                     2 * (25 * 4 + 8 * 10 + 8 * 4 + 8 * 16 + 4 + 16 * 4));
    assert_memory_equal(r, "44332211", 8);
    assert_string_equal(cmd("p8"), "34120000");
    assert_string_equal(cmd("P0=78563412"), "OK");
    assert_int_equal(env->regs[R_EAX], 0x12345678);
    assert_string_equal(cmd("P0=7856"), "E22"); /* wrong size */
    assert_string_equal(cmd("p42"), "E14");     /* no such register */
    assert_string_equal(cmd("pzz"), "E14");
    assert_string_equal(cmd("p13"), "10000060"); /* cr0 (19) at reset */
    assert_string_equal(cmd("p32"), "00000000"); /* cs_base (50) */
    /* the x87: st0 (25) is ST(0), here physical register 6 holding 1.0 */
    env->fpstt = 6;
    memset(env->fptags, 1, sizeof(env->fptags));
    env->fptags[6] = 0;
    env->fpregs[6] = (floatx80){0x8000000000000000ull, 0x3fff};
    env->fpus = 0x0001; /* IE */
    assert_string_equal(cmd("p19"), "0000000000000080ff3f");
    assert_string_equal(cmd("p22"), "01300000"); /* fstat (34): TOP 6 */
    assert_string_equal(cmd("p23"), "ffcf0000"); /* ftag (35): 6 valid */
    assert_string_equal(cmd("P1a=00000000000000c0ff3f"), "OK"); /* st1 */
    assert_int_equal(env->fpregs[7].low, 0xc000000000000000ull);
    assert_string_equal(cmd("P21=7f0c0000"), "OK"); /* fctrl (33) */
    assert_int_equal(env->fpuc, 0x0c7f);
    assert_int_equal(env->fp_status.rounding_mode, float_round_to_zero);
    assert_string_equal(cmd("P28=db070000"), "OK"); /* fop (40), 11 bits */
    assert_int_equal(env->fpop, 0x7db);
    /* memory: read, write, binary write, errors */
    low_ram[0x3000] = 0xaa;
    low_ram[0x3001] = 0xbb;
    assert_string_equal(cmd("m3000,2"), "aabb");
    assert_string_equal(cmd("M3000,2:0102"), "OK");
    assert_int_equal(low_ram[0x3001], 2);
    assert_string_equal(cmd("X3000,1:\x7d"), "OK");
    assert_int_equal(low_ram[0x3000], 0x7d);
    assert_string_equal(cmd("M3000,2:01"), "E22"); /* short data */
    assert_string_equal(cmd("m3000"), "E22");
    assert_string_equal(cmd("m3000,ffffff"), "E22"); /* larger than a packet */
    assert_string_equal(cmd("m123456789,1"), "E22"); /* over 32 bits */
    enter_paging();
    assert_string_equal(cmd("m401000,4"), "E14"); /* unmapped */
    cpu_fixture_reset(X86_CPU_486);
    /* breakpoints and watchpoints */
    assert_string_equal(cmd("Z0,1002,1"), "OK");
    assert_int_equal(cs->nb_breakpoints, 1);
    assert_string_equal(cmd("z0,1002,1"), "OK");
    assert_string_equal(cmd("z0,1002,1"), "E22");
    assert_string_equal(cmd("Z1,1002,1"), "OK");
    assert_true(cpu_breakpoint_test(cs, 0x1002, BP_GDB_HW));
    assert_string_equal(cmd("Z2,2000,4"), "OK");
    assert_string_equal(cmd("Z3,2000,4"), "OK");
    assert_string_equal(cmd("Z4,2000,4"), "OK");
    assert_int_equal(cs->nb_watchpoints, 3);
    assert_string_equal(cmd("z3,2000,4"), "OK");
    assert_string_equal(cmd("Z5,2000,4"), "");
    assert_string_equal(cmd("Z2,2000"), "E22");
    /* run control */
    assert_string_equal(cmd("c"), "<continue>");
    assert_string_equal(cmd("s"), "<step>");
    assert_string_equal(cmd("c2000"), "<continue>");
    assert_int_equal(env->eip, 0x2000);
    assert_string_equal(cmd("cxyz"), "E22");
    assert_string_equal(cmd("vCont?"), "vCont;c;C;s;S");
    assert_string_equal(cmd("vCont;s:1"), "<step>");
    assert_string_equal(cmd("vCont;c"), "<continue>");
    assert_string_equal(cmd("vCont;t"), "E22");
    assert_string_equal(cmd("vMustReplyEmpty"), "");
    /* queries */
    r = cmd("qSupported:multiprocess+;swbreak+;hwbreak+");
    assert_non_null(strstr(r, "PacketSize=1000"));
    assert_non_null(strstr(r, "qXfer:features:read+"));
    assert_non_null(strstr(r, "QStartNoAckMode+"));
    assert_string_equal(cmd("qAttached"), "1");
    assert_string_equal(cmd("qC"), "QC1");
    assert_string_equal(cmd("qfThreadInfo"), "m1");
    assert_string_equal(cmd("qsThreadInfo"), "l");
    assert_string_equal(cmd("qUnknownThing"), "");
    r = cmd("qXfer:features:read:target.xml:0,fff");
    assert_true(r[0] == 'l' || r[0] == 'm');
    assert_non_null(strstr(r, "<architecture>i386</architecture>"));
    assert_non_null(strstr(r, "org.gnu.gdb.i386.core"));
    assert_non_null(strstr(r, "name=\"cr0\""));
    r = cmd("qXfer:features:read:target.xml:10,8");
    assert_int_equal(r[0], 'm');
    assert_int_equal(strlen(r), 9);
    assert_string_equal(cmd("qXfer:features:read:target.xml:ffff,10"), "l");
    assert_string_equal(cmd("qXfer:features:read:other.xml:0,10"), "E00");
    assert_string_equal(cmd("qXfer:features:read:target.xml:zz"), "E00");
    /* monitor: "help" and an unknown command answer OK; bad hex does not */
    assert_string_equal(rcmd("help"), "OK");
    assert_string_equal(rcmd("frobnicate"), "OK");
    assert_string_equal(rcmd("info mtree"), "OK");
    assert_string_equal(cmd("qRcmd,6"), "E22");
    assert_string_equal(cmd("qRcmd,zz"), "E22");
    assert_string_equal(rcmd("log bogus"), "E22");
    if (qemu_log_compiled_in) {
        assert_string_equal(rcmd("log int"), "OK");
        assert_int_equal(qemu_loglevel, CPU_LOG_INT);
        assert_string_equal(rcmd("log none"), "OK");
        assert_int_equal(qemu_loglevel, 0);
    } else {
        assert_string_equal(rcmd("log int"), "E22"); /* -Dtrace=false */
    }
    /* stop state, unknown packets, detach drops every breakpoint */
    assert_string_equal(cmd("?"), "T05thread:01;");
    assert_string_equal(cmd("!"), "");
    assert_string_equal(cmd(""), "");
    assert_string_equal(cmd("Hg0"), "OK");
    assert_string_equal(cmd("D"), "OK<detach>");
    assert_int_equal(cs->nb_breakpoints, 0);
    assert_int_equal(cs->nb_watchpoints, 0);
    gdbserver_enabled = false;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rx_good_and_bad),
        cmocka_unit_test(test_rx_escape_and_overrun),
        cmocka_unit_test(test_hex),
        cmocka_unit_test(test_debug_walk),
        cmocka_unit_test(test_debug_write_drops_code),
        cmocka_unit_test(test_breakpoint_stops_before),
        cmocka_unit_test(test_watchpoint_after_access),
        cmocka_unit_test(test_single_step),
        cmocka_unit_test(test_commands),
    };
    return cmocka_run_group_tests(tests, cpu_group_setup, NULL);
}
