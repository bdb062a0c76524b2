/* irq core, debugcon, isa-debug-exit, POST port, APM control ports. */
#include "hw-test.h"

static DebugconState dcon_e9, dcon_402;
static DebugExitState dexit;
static PostState post;
static APMState apm;

static char sink_buf[64];
static int sink_len;
static void sink(void *opaque, uint8_t c)
{
    int *tag = opaque;
    if (sink_len < (int)sizeof(sink_buf) - 1) {
        sink_buf[sink_len++] = (char)(c + *tag);
    }
}

static int exit_calls, exit_status;
static void on_exit_req(void *opaque, int status)
{
    (void)opaque;
    exit_calls++;
    exit_status = status;
}

static uint8_t traced[8];
static int ntraced;
static void post_trace(void *opaque, uint8_t code)
{
    (void)opaque;
    if (ntraced < 8) {
        traced[ntraced++] = code;
    }
}

static int setup(void **state)
{
    (void)state;
    hwt_reset();
    sink_len = 0;
    memset(sink_buf, 0, sizeof(sink_buf));
    exit_calls = 0;
    exit_status = -1;
    ntraced = 0;
    return 0;
}

static void irq_handler(void *opaque, int n, int level)
{
    int *log = opaque;
    log[n] = level ? log[n] + 1 : log[n] - 100;
}

static void test_irq_core(void **state)
{
    IRQState lines[3];
    int log[3] = {0, 0, 0};
    (void)state;

    qemu_init_irqs(lines, 3, irq_handler, log);
    qemu_irq_raise(&lines[1]);
    qemu_set_irq(&lines[2], 5);
    qemu_irq_lower(&lines[0]);
    assert_int_equal(log[0], -100);
    assert_int_equal(log[1], 1);
    assert_int_equal(log[2], 1);
    qemu_irq_pulse(&lines[1]);
    assert_int_equal(log[1], 2 - 100);
    qemu_set_irq(NULL, 1); /* unconnected: nothing happens */
}

static void test_debugcon(void **state)
{
    static int zero = 0, one = 1;
    (void)state;

    debugcon_init(&dcon_e9, get_system_io(), 0xe9, sink, &zero);
    debugcon_init(&dcon_402, get_system_io(), 0x402, sink, &one);
    outb(0xe9, 'h');
    outb(0xe9, 'i');
    outb(0x402, 'a'); /* the tag shifts it to 'b' */
    assert_int_equal(sink_len, 3);
    assert_memory_equal(sink_buf, "hib", 3);
    assert_int_equal(inb(0xe9), 0xe9);
    /* A word write splits into two bytes, low first. */
    outw(0xe9, 'x' | ('y' << 8));
    assert_memory_equal(sink_buf + 3, "xy", 2);
}

static void test_debug_exit(void **state)
{
    (void)state;
    debug_exit_init(&dexit, get_system_io(), 0xf4, 4, on_exit_req, NULL);
    assert_false(dexit.requested);
    outb(0xf4, 0);
    assert_int_equal(exit_calls, 1);
    assert_int_equal(exit_status, 1);
    outb(0xf4, 0x10);
    assert_int_equal(exit_status, 0x21);
    outl(0xf4, 0x1234);
    assert_int_equal(exit_status, 0x2469);
    assert_int_equal(exit_calls, 3);
    assert_true(dexit.requested);
    assert_int_equal(dexit.status, 0x2469);
}

static void test_debug_exit_bad_size(void **state)
{
    (void)state;
    EXPECT_FATAL(debug_exit_init(&dexit, get_system_io(), 0xf4, 3, NULL, NULL));
}

static void test_post(void **state)
{
    (void)state;
    post_port_init(&post, get_system_io(), 0x80, post_trace, NULL);
    outb(0x80, 0x12);
    outb(0x80, 0x34);
    assert_int_equal(post.last_code, 0x34);
    assert_int_equal(post.count, 2);
    assert_int_equal(inb(0x80), 0x34);
    assert_int_equal(ntraced, 2);
    assert_int_equal(traced[0], 0x12);
    assert_int_equal(traced[1], 0x34);
}

static uint32_t apm_cmds[4];
static int napm;
static void apm_changed(uint32_t val, void *arg)
{
    assert_ptr_equal(arg, &apm);
    if (napm < 4) {
        apm_cmds[napm++] = val;
    }
}

static void test_apm(void **state)
{
    (void)state;
    napm = 0;
    apm_init(&apm, get_system_io(), apm_changed, &apm);
    outb(0xb3, 0x5a); /* APMS: stored, nobody called */
    assert_int_equal(napm, 0);
    assert_int_equal(inb(0xb3), 0x5a);
    outb(0xb2, 0xc3); /* APMC: the owner is called with the command */
    outb(0xb2, 0x00);
    assert_int_equal(napm, 2);
    assert_int_equal(apm_cmds[0], 0xc3);
    assert_int_equal(apm_cmds[1], 0x00);
    assert_int_equal(inb(0xb2), 0x00);
    outw(0xb2, 0x7f81); /* byte-wide: APMC then APMS */
    assert_int_equal(napm, 3);
    assert_int_equal(apm_cmds[2], 0x81);
    assert_int_equal(inb(0xb3), 0x7f);
    assert_int_equal(inw(0xb2), 0x7f81);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_irq_core, setup, NULL),
        cmocka_unit_test_setup_teardown(test_debugcon, setup, NULL),
        cmocka_unit_test_setup_teardown(test_debug_exit, setup, NULL),
        cmocka_unit_test_setup_teardown(test_debug_exit_bad_size, setup, NULL),
        cmocka_unit_test_setup_teardown(test_post, setup, NULL),
        cmocka_unit_test_setup_teardown(test_apm, setup, NULL),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
