/* Virtual clock (icount) and QEMUTimer lists. */
#include "hw-test.h"

static char order[32];
static int norder;

static void record(void *opaque)
{
    order[norder++] = *(const char *)opaque;
}

static int setup(void **state)
{
    (void)state;
    hwt_reset();
    norder = 0;
    memset(order, 0, sizeof(order));
    return 0;
}

static void test_icount_clock(void **state)
{
    (void)state;
    assert_int_equal(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), 0);
    icount_advance(100);
    assert_int_equal(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), 100);
    icount_set_shift(3); /* 8 ns per instruction from now on */
    icount_advance(10);
    assert_int_equal(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), 180);
    assert_int_equal(icount_get_raw(), 110);
    assert_int_equal(icount_get_shift(), 3);
    /* Realtime follows the virtual clock when the host gives no clock. */
    assert_int_equal(qemu_clock_get_ns(QEMU_CLOCK_REALTIME), 180);
    qemu_clock_warp(1000);
    assert_int_equal(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), 1000);
    qemu_clock_warp(10); /* never backwards */
    assert_int_equal(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), 1000);
    assert_int_equal(qemu_clock_get_us(QEMU_CLOCK_VIRTUAL), 1);
    EXPECT_FATAL(icount_set_shift(40));
}

static int64_t fake_host_ns;
static int64_t fake_host(void *opaque)
{
    (void)opaque;
    return fake_host_ns;
}

static void test_host_source(void **state)
{
    (void)state;
    icount_advance(500);
    fake_host_ns = 1000000;
    qemu_clock_set_host_source(fake_host, NULL);
    /* Continuous at the switch, then follows the host. */
    assert_int_equal(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), 500);
    fake_host_ns += 250;
    icount_advance(1000); /* counted, but no longer drives time */
    assert_int_equal(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), 750);
    fake_host_ns -= 100; /* a host clock going back is ignored */
    assert_int_equal(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), 750);
    qemu_clock_set_host_source(NULL, NULL);
    icount_advance(50);
    assert_int_equal(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), 800);
    qemu_clock_set_host_clock(fake_host, NULL);
    assert_int_equal(qemu_clock_get_ns(QEMU_CLOCK_HOST), fake_host_ns);
}

static void test_timer_order(void **state)
{
    QEMUTimer t[5];
    static const char names[] = "abcde";
    (void)state;

    for (int i = 0; i < 5; i++) {
        timer_init_ns(&t[i], QEMU_CLOCK_VIRTUAL, record, (void *)&names[i]);
    }
    timer_mod_ns(&t[0], 300);
    timer_mod_ns(&t[1], 100);
    timer_mod_ns(&t[2], 200);
    timer_mod_ns(&t[3], 200); /* same time: after c */
    timer_mod_ns(&t[4], 50);
    timer_mod_ns(&t[4], 400); /* re-arming moves it */
    assert_true(timer_pending(&t[4]));
    assert_int_equal(timer_expire_time_ns(&t[4]), 400);
    assert_int_equal(qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL), 100);

    assert_false(qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL));
    icount_advance(99);
    assert_false(qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL));
    icount_advance(1);
    assert_true(qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL));
    assert_string_equal(order, "b");
    assert_false(timer_pending(&t[1]));
    assert_int_equal(timer_expire_time_ns(&t[1]), -1);
    assert_int_equal(qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL), 100);

    timer_del(&t[0]);
    assert_false(timer_pending(&t[0]));
    icount_advance(1000);
    assert_true(qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL));
    assert_string_equal(order, "bcde");
    assert_int_equal(qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL), -1);
    assert_int_equal(qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL), -1);
    assert_int_equal(icount_budget(), INT64_MAX);
}

static QEMUTimer periodic;
static int periodic_runs;
static void periodic_cb(void *opaque)
{
    (void)opaque;
    periodic_runs++;
    /* Re-arming from the callback for a time already reached runs in the
     * same pass: a callback can catch up on missed periods. */
    timer_mod_ns(&periodic, timer_expire_time_ns(&periodic) < 0
                                ? (int64_t)periodic_runs * 100
                                : 0);
}

static void test_timer_rearm_in_callback(void **state)
{
    (void)state;
    timer_init_ns(&periodic, QEMU_CLOCK_VIRTUAL, periodic_cb, NULL);
    timer_mod_ns(&periodic, 0);
    icount_advance(350);
    qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL);
    /* Runs at 0, 100, 200, 300; next at 400. */
    assert_int_equal(periodic_runs, 4);
    assert_int_equal(timer_expire_time_ns(&periodic), 400);
    assert_int_equal(qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL), 50);
}

static void test_deadline_and_budget(void **state)
{
    QEMUTimer a, b;
    static const char na = 'a', nb = 'b';
    (void)state;

    icount_set_shift(2); /* 4 ns per instruction */
    timer_init_ms(&a, QEMU_CLOCK_VIRTUAL, record, (void *)&na);
    timer_init_us(&b, QEMU_CLOCK_REALTIME, record, (void *)&nb);
    timer_mod(&a, 1);  /* 1 ms */
    timer_mod(&b, 10); /* 10 us on the realtime clock */
    assert_int_equal(timer_expire_time_ns(&a), 1000000);
    assert_int_equal(qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL), 1000000);
    assert_int_equal(qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL), 10000);
    assert_int_equal(icount_budget(), 2500);
    icount_advance(2499);
    assert_int_equal(icount_budget(), 1); /* 4 ns left: one instruction */
    icount_advance(1);
    assert_int_equal(qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL), 0);
    assert_true(timer_expired(&b, 10));
    assert_false(timer_expired(&a, 0));
    assert_true(qemu_clock_run_all_timers());
    assert_string_equal(order, "b");
    timer_mod_anticipate_ns(&a, 2000000); /* later: ignored */
    assert_int_equal(timer_expire_time_ns(&a), 1000000);
    timer_mod_anticipate_ns(&a, 20000);
    assert_int_equal(timer_expire_time_ns(&a), 20000);
    hwt_run_for(20000);
    assert_string_equal(order, "ba");
}

static void test_muldiv64(void **state)
{
    (void)state;
    assert_true(muldiv64(1000000000ull, PIT_FREQ, 1000000000u) == PIT_FREQ);
    assert_true(muldiv64(UINT64_C(0x123456789abcdef), 1000, 1000) ==
                UINT64_C(0x123456789abcdef));
    assert_true(muldiv64(UINT64_C(1) << 62, 4, 8) == UINT64_C(1) << 61);
    assert_true(muldiv64(UINT64_C(10000000000000), 1193182, 1000000000u) ==
                UINT64_C(11931820000));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_icount_clock, setup, NULL),
        cmocka_unit_test_setup_teardown(test_host_source, setup, NULL),
        cmocka_unit_test_setup_teardown(test_timer_order, setup, NULL),
        cmocka_unit_test_setup_teardown(test_timer_rearm_in_callback, setup,
                                        NULL),
        cmocka_unit_test_setup_teardown(test_deadline_and_budget, setup, NULL),
        cmocka_unit_test_setup_teardown(test_muldiv64, setup, NULL),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
