/* History rings: bounded length, wrap-around order, NaN gaps, and views
 * that stay intact while the history moves on. */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/history.h"

/* Append sample k: series s holds k * 10 + s. */
static void append_k(struct history *h, size_t k)
{
    double v[HISTORY_NSERIES];
    for (int s = 0; s < HISTORY_NSERIES; s++)
        v[s] = (double)(k * 10 + (size_t)s);
    history_append(h, v);
}

static void expect_range(const struct history_view *v, size_t first_k, size_t count)
{
    assert_int_equal(v->count, count);
    for (size_t i = 0; i < count; i++)
        for (int s = 0; s < HISTORY_NSERIES; s++) {
            double want = (double)((first_k + i) * 10 + (size_t)s);
            double got = history_view_get(v, (enum history_series)s, i);
            if (fabs(got - want) > 1e-9)
                fail_msg("sample %zu series %d: got %g want %g", i, s, got, want);
        }
}

static void test_empty_and_default_capacity(void **state)
{
    (void)state;
    struct history h;
    struct history_view v;
    history_init(&h, 0);
    assert_int_equal(h.capacity, HISTORY_DEFAULT_CAPACITY);
    history_view_take(&h, &v);
    assert_int_equal(v.count, 0);
    assert_true(isnan(history_view_get(&v, HISTORY_CPU, 0)));
    double out[4];
    assert_int_equal(history_view_last(&v, HISTORY_CPU, out, 4), 0);
    history_view_done(&v);
    history_done(&h);
}

static void test_bounded_and_wraps(void **state)
{
    (void)state;
    /* Capacities below, at and above one chunk, and the default. */
    const size_t caps[] = {1, 5, HISTORY_CHUNK_SAMPLES, HISTORY_CHUNK_SAMPLES + 1, 300};
    for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++) {
        struct history h;
        history_init(&h, caps[c]);
        for (size_t k = 0; k < 1000; k++) {
            append_k(&h, k);
            size_t kept = k + 1 < caps[c] ? k + 1 : caps[c];
            assert_int_equal(h.count, kept);
            /* Never more chunks than the samples need, plus one partial. */
            assert_true(h.nchunks <= caps[c] / HISTORY_CHUNK_SAMPLES + 2);
        }
        assert_true(h.total == 1000);
        struct history_view v;
        history_view_take(&h, &v);
        expect_range(&v, 1000 - caps[c], caps[c]);
        assert_true(v.total == 1000);
        history_view_done(&v);
        history_done(&h);
    }
}

static void test_view_survives_appends_and_drops(void **state)
{
    (void)state;
    struct history h;
    history_init(&h, 100);
    for (size_t k = 0; k < 150; k++)
        append_k(&h, k);
    struct history_view old;
    history_view_take(&h, &old);
    expect_range(&old, 50, 100);

    /* Move far past the view: its chunks leave the history, not the view. */
    for (size_t k = 150; k < 600; k++)
        append_k(&h, k);
    expect_range(&old, 50, 100);

    struct history_view now, copy;
    history_view_take(&h, &now);
    expect_range(&now, 500, 100);
    history_view_copy(&copy, &old);
    history_view_done(&old);
    expect_range(&copy, 50, 100);

    /* Clearing the history (container recreated) leaves views alone too. */
    history_clear(&h);
    assert_int_equal(h.count, 0);
    expect_range(&now, 500, 100);
    append_k(&h, 7);
    struct history_view after;
    history_view_take(&h, &after);
    expect_range(&after, 7, 1);

    history_view_done(&after);
    history_view_done(&now);
    history_view_done(&copy);
    history_done(&h);
}

static void test_last_and_nan_gaps(void **state)
{
    (void)state;
    struct history h;
    history_init(&h, 10);
    struct stats_figures f;
    memset(&f, 0, sizeof f);
    /* First round: memory and PIDs only (no CPU %, no rates yet). */
    f.mem_valid = true;
    f.mem_used = 1000;
    f.pids_valid = true;
    f.pids = 3;
    f.net_valid = true;
    history_append_figures(&h, &f);
    /* Second round: everything but block I/O. */
    f.cpu_valid = true;
    f.cpu_percent = 42.5;
    f.rates_valid = true;
    f.net_rx_rate = 100;
    f.net_tx_rate = 50;
    history_append_figures(&h, &f);

    struct history_view v;
    history_view_take(&h, &v);
    double out[8];
    assert_int_equal(history_view_last(&v, HISTORY_CPU, out, 8), 2);
    assert_true(isnan(out[0]));
    assert_true(fabs(out[1] - 42.5) < 1e-9);
    assert_int_equal(history_view_last(&v, HISTORY_NET_RX, out, 1), 1);
    assert_true(fabs(out[0] - 100) < 1e-9);
    assert_true(isnan(history_view_get(&v, HISTORY_BLK_READ, 1)));
    assert_true(fabs(history_view_get(&v, HISTORY_MEM, 0) - 1000) < 1e-9);
    assert_true(isnan(history_view_get(&v, HISTORY_MEM, 2))); /* past the end */
    assert_string_equal(history_series_name(HISTORY_BLK_WRITE), "blk_write");
    history_view_done(&v);
    history_done(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_default_capacity),
        cmocka_unit_test(test_bounded_and_wraps),
        cmocka_unit_test(test_view_survives_appends_and_drops),
        cmocka_unit_test(test_last_and_nan_gaps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
