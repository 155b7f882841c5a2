/* Graph series and scales: summaries, sums over containers aligned at the
 * newest sample, the CPU display modes and their fixed scales, the 1-2-5
 * auto-scale for rates, gradient levels under fixed and auto scales, the
 * meter mode table and axis labels, and the inspect details (CPU limit,
 * health log) decoded from a recorded engine answer. Plus the history end
 * of the counter-reset and missing-field cases on recorded stats JSON. */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "model/container_detail.h"
#include "model/history.h"
#include "model/stats.h"
#include "model/stats_series.h"
#include "rfc3339.h"
#include "ui/glyphs.h"
#include "ui/graph.h"

static void test_summary_skips_absent(void **state)
{
    (void)state;
    const double v[] = {NAN, 10, 30, NAN, 20, NAN};
    struct stats_summary s;
    stats_summary_of(v, 6, &s);
    assert_true(s.valid);
    assert_int_equal(s.n, 3);
    assert_float_equal(s.cur, 20, 1e-9);
    assert_float_equal(s.avg, 20, 1e-9);
    assert_float_equal(s.peak, 30, 1e-9);

    const double none[] = {NAN, NAN};
    stats_summary_of(none, 2, &s);
    assert_false(s.valid);
    stats_summary_of(NULL, 0, &s);
    assert_false(s.valid);
}

static void append_cpu(struct history *h, double cpu)
{
    double v[HISTORY_NSERIES];
    for (int i = 0; i < HISTORY_NSERIES; i++)
        v[i] = NAN;
    v[HISTORY_CPU] = cpu;
    v[HISTORY_PIDS] = 1;
    history_append(h, v);
}

/* A project's series: members summed slot by slot from the newest. */
static void test_sum_aligned_at_newest(void **state)
{
    (void)state;
    struct history a, b;
    history_init(&a, 16);
    history_init(&b, 16);
    append_cpu(&a, 10);
    append_cpu(&a, 20);
    append_cpu(&a, NAN); /* a restart step: no CPU % */
    append_cpu(&a, 40);
    append_cpu(&b, 1); /* b started later: two samples */
    append_cpu(&b, 2);
    struct history_view va, vb;
    history_view_take(&a, &va);
    history_view_take(&b, &vb);
    const struct history_view *views[] = {&va, &vb};
    double out[8];
    size_t n = stats_series_sum(views, 2, HISTORY_CPU, out, 8);
    assert_int_equal(n, 4);
    assert_float_equal(out[0], 10, 1e-9);
    assert_float_equal(out[1], 20, 1e-9);
    assert_float_equal(out[2], 1, 1e-9); /* a has none there: b alone */
    assert_float_equal(out[3], 42, 1e-9);
    /* Asking for fewer gives the newest. */
    n = stats_series_sum(views, 2, HISTORY_CPU, out, 2);
    assert_int_equal(n, 2);
    assert_float_equal(out[0], 1, 1e-9);
    assert_float_equal(out[1], 42, 1e-9);
    /* A series nobody has stays absent. */
    n = stats_series_sum(views, 2, HISTORY_NET_RX, out, 8);
    assert_int_equal(n, 4);
    for (size_t i = 0; i < n; i++)
        assert_true(isnan(out[i]));
    assert_int_equal(stats_series_sum(views, 0, HISTORY_CPU, out, 8), 0);
    history_view_done(&va);
    history_view_done(&vb);
    history_done(&a);
    history_done(&b);
}

static void test_cpu_modes(void **state)
{
    (void)state;
    /* docker stats' 150 % on a 4-CPU host with a 0.5-CPU limit. */
    assert_int_equal(stats_cpu_effective(STATS_CPU_CORES, 4, 0.5), STATS_CPU_CORES);
    assert_int_equal(stats_cpu_effective(STATS_CPU_LIMIT, 4, 0.5), STATS_CPU_LIMIT);
    assert_int_equal(stats_cpu_effective(STATS_CPU_LIMIT, 4, 0), STATS_CPU_HOST);
    assert_int_equal(stats_cpu_effective(STATS_CPU_HOST, 0, 0), STATS_CPU_CORES);
    assert_float_equal(stats_cpu_convert(150, STATS_CPU_CORES, 4, 0.5), 150, 1e-9);
    assert_float_equal(stats_cpu_convert(150, STATS_CPU_HOST, 4, 0.5), 37.5, 1e-9);
    assert_float_equal(stats_cpu_convert(40, STATS_CPU_LIMIT, 4, 0.5), 80, 1e-9);
    /* Fixed scales: per core 100 × CPUs (or the smaller limit), else 100. */
    assert_float_equal(stats_cpu_full_scale(STATS_CPU_CORES, 4, 0), 400, 1e-9);
    assert_float_equal(stats_cpu_full_scale(STATS_CPU_CORES, 4, 2), 200, 1e-9);
    assert_float_equal(stats_cpu_full_scale(STATS_CPU_CORES, 0, 0), 100, 1e-9);
    assert_float_equal(stats_cpu_full_scale(STATS_CPU_HOST, 4, 0), 100, 1e-9);
    assert_float_equal(stats_cpu_full_scale(STATS_CPU_LIMIT, 4, 0.5), 100, 1e-9);
    assert_string_equal(stats_cpu_mode_name(STATS_CPU_LIMIT), "of limit");
}

static void test_nice_scale(void **state)
{
    (void)state;
    assert_float_equal(stats_nice_scale(0), 0, 0);
    assert_float_equal(stats_nice_scale(-3), 0, 0);
    assert_float_equal(stats_nice_scale(NAN), 0, 0);
    assert_float_equal(stats_nice_scale(1), 1, 1e-9);
    assert_float_equal(stats_nice_scale(1.5), 2, 1e-9);
    assert_float_equal(stats_nice_scale(3), 5, 1e-9);
    assert_float_equal(stats_nice_scale(7), 10, 1e-9);
    assert_float_equal(stats_nice_scale(2000), 2000, 1e-6);
    assert_float_equal(stats_nice_scale(2001), 5000, 1e-6);
    assert_float_equal(stats_nice_scale(0.03), 0.05, 1e-12);
    assert_float_equal(stats_nice_scale(13.9e6), 20e6, 1e-3);
}

/* Height in dots of a one-row braille column. */
static unsigned dots(wchar_t ch)
{
    if (ch == L' ')
        return 0;
    unsigned bits = (unsigned)ch - 0x2800;
    unsigned n = 0;
    for (; bits; bits >>= 1)
        n += bits & 1;
    return n;
}

/* Percentages are fixed-scale: one busy core fills a 1-CPU graph and half
 * a 2-CPU one, whatever else the window holds; gradient level follows. */
static void test_fixed_scale_and_gradient(void **state)
{
    (void)state;
    const double busy[] = {100, 100};
    struct glyph_cell c[1];
    glyph_graph(busy, 2, 100, 1, 1, GLYPH_BRAILLE, c);
    assert_int_equal(dots(c[0].ch), 8);
    assert_int_equal(c[0].level, 2);
    glyph_graph(busy, 2, 200, 1, 1, GLYPH_BRAILLE, c);
    assert_int_equal(dots(c[0].ch), 4);
    assert_int_equal(c[0].level, 1);
    glyph_graph(busy, 2, 1000, 1, 1, GLYPH_BRAILLE, c);
    assert_int_equal(dots(c[0].ch), 2); /* one dot each: the baseline */
    assert_int_equal(c[0].level, 0);
    /* Auto scale (max 0) for rates: the peak fills the graph. */
    const double rates[] = {5, 1000};
    double scale = glyph_graph(rates, 2, 0, 1, 1, GLYPH_BRAILLE, c);
    assert_float_equal(scale, 1000, 1e-9);
    assert_int_equal(c[0].level, 2);
    assert_int_equal(dots(c[0].ch), 5); /* 1 + 4 */
}

static void test_meter_modes_and_axis(void **state)
{
    (void)state;
    assert_string_equal(graph_meter_get(GRAPH_METER_BAR)->name, "bar");
    assert_int_equal(graph_meter_next(GRAPH_METER_BAR), GRAPH_METER_TEXT);
    assert_int_equal(graph_meter_next(GRAPH_METER_TEXT), GRAPH_METER_GRAPH);
    assert_int_equal(graph_meter_next(GRAPH_METER_GRAPH), GRAPH_METER_BAR);
    for (int m = 0; m < GRAPH_METER_NMODES; m++)
        assert_int_equal(graph_meter_get((enum graph_meter_mode)m)->mode, m);
    char buf[32];
    graph_axis_label(0, buf, sizeof buf);
    assert_string_equal(buf, "now");
    graph_axis_label(48, buf, sizeof buf);
    assert_string_equal(buf, "-48s");
    graph_axis_label(240, buf, sizeof buf);
    assert_string_equal(buf, "-4m");
    graph_axis_label(150, buf, sizeof buf);
    assert_string_equal(buf, "-2m30s");
    graph_axis_label(5400 * 2, buf, sizeof buf);
    assert_string_equal(buf, "-3h");
    assert_float_equal(graph_seconds_per_column(GLYPH_BRAILLE, 2), 4, 1e-9);
    assert_float_equal(graph_seconds_per_column(GLYPH_BLOCK, 2), 2, 1e-9);
}

static void test_detail_from_recorded_inspect(void **state)
{
    (void)state;
    cJSON *doc = fixture_json("containers/inspect-unhealthy-cpus.json");
    struct berth_error err;
    struct container_detail *d = container_detail_from_json(doc, &err);
    cJSON_Delete(doc);
    assert_non_null(d);
    assert_int_equal(strlen(d->id), 64);
    assert_float_equal(d->cpu_limit, 0.5, 1e-9);
    assert_true(d->has_health);
    assert_int_equal(d->health, CONTAINER_HEALTH_UNHEALTHY);
    assert_int_equal(d->failing_streak, 3);
    assert_int_equal(d->nchecks, 3);
    for (size_t i = 0; i < d->nchecks; i++) {
        assert_int_equal(d->checks[i].exit_code, 1);
        assert_string_equal(d->checks[i].output, "failing-check\n");
        assert_true(d->checks[i].start > 1.7e9);
        assert_true(d->checks[i].end >= d->checks[i].start);
        assert_true(d->checks[i].end - d->checks[i].start < 5);
        if (i)
            assert_true(d->checks[i].start > d->checks[i - 1].start);
    }
    struct container_detail *r = container_detail_ref(d);
    container_detail_unref(d);
    container_detail_unref(r);

    assert_null(container_detail_from_json(NULL, &err));
    assert_int_equal(err.kind, BERTH_ERR_PROTOCOL);
    cJSON *bare = cJSON_Parse("{\"Id\":\"abc\",\"State\":{\"Status\":\"running\"}}");
    d = container_detail_from_json(bare, &err);
    cJSON_Delete(bare);
    assert_non_null(d);
    assert_false(d->has_health);
    assert_int_equal(d->nchecks, 0);
    assert_float_equal(d->cpu_limit, 0, 0);
    container_detail_unref(d);
}

static void test_cpu_limit_sources(void **state)
{
    (void)state;
    assert_float_equal(container_detail_cpu_limit(1500000000, 0, 0), 1.5, 1e-9);
    assert_float_equal(container_detail_cpu_limit(0, 50000, 100000), 0.5, 1e-9);
    assert_float_equal(container_detail_cpu_limit(0, 200000, 0), 2, 1e-9); /* default period */
    assert_float_equal(container_detail_cpu_limit(0, -1, 100000), 0, 0);   /* unlimited */
    assert_float_equal(rfc3339_seconds("0001-01-01T00:00:00Z"), 0, 0);
    assert_float_equal(rfc3339_seconds("2026-11-28T21:56:02.5Z"), 1795902962.5, 1e-6);
}

static void load(const char *rel, struct stats_raw *cur, struct stats_raw *pre)
{
    cJSON *doc = fixture_json(rel);
    struct berth_error err;
    assert_int_equal(stats_raw_from_json(doc, cur, pre, &err), 0);
    cJSON_Delete(doc);
}

/* A restart between two samples: the history gets no CPU point (a gap,
 * not a spike) and rates of zero, never a negative or huge value. */
static void test_reset_leaves_gap_in_history(void **state)
{
    (void)state;
    struct stats_raw busy, pre, idle;
    load("stats/v1-burn.json", &busy, &pre);
    load("stats/v1-idle.json", &idle, &pre);
    /* Make the idle one look like the same container after a restart:
     * later in time, counters smaller. */
    idle.read_time = busy.read_time + 2;
    idle.system_ns = busy.system_ns + 4000000000ull;
    idle.cpu_total_ns = busy.cpu_total_ns / 1000;
    idle.net_rx = 0;
    idle.net_tx = 0;
    busy.net_rx = 1000000;
    busy.net_tx = 1000000;
    struct stats_figures f;
    stats_compute(&busy, &idle, &f);
    struct history h;
    history_init(&h, 4);
    history_append_figures(&h, &f);
    struct history_view v;
    history_view_take(&h, &v);
    assert_true(isnan(history_view_get(&v, HISTORY_CPU, 0)));
    assert_float_equal(history_view_get(&v, HISTORY_NET_RX, 0), 0, 0);
    assert_float_equal(history_view_get(&v, HISTORY_NET_TX, 0), 0, 0);
    /* The block counters are absent on this kernel: absent, not zero. */
    assert_true(isnan(history_view_get(&v, HISTORY_BLK_READ, 0)));
    history_view_done(&v);
    history_done(&h);
}

/* Memory with and without cache: with = the kernel's usage, without =
 * usage less inactive file (docker stats), on the recorded v1 sample. */
static void test_memory_with_and_without_cache(void **state)
{
    (void)state;
    struct stats_raw cur, pre;
    load("stats/v1-mem.json", &cur, &pre);
    struct stats_figures f;
    stats_compute(NULL, &cur, &f);
    assert_true(f.mem_valid);
    assert_int_equal(f.mem_usage, cur.mem_usage);
    assert_true(f.mem_used <= f.mem_usage);
    assert_int_equal(f.mem_usage - f.mem_used, cur.mem_inactive_file);
    load("stats/v2-apidocs-example.json", &cur, &pre);
    stats_compute(NULL, &cur, &f);
    assert_true(f.mem_valid);
    assert_int_equal(f.mem_usage, cur.mem_usage);
    assert_true(f.mem_used < f.mem_usage);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_skips_absent),
        cmocka_unit_test(test_sum_aligned_at_newest),
        cmocka_unit_test(test_cpu_modes),
        cmocka_unit_test(test_nice_scale),
        cmocka_unit_test(test_fixed_scale_and_gradient),
        cmocka_unit_test(test_meter_modes_and_axis),
        cmocka_unit_test(test_detail_from_recorded_inspect),
        cmocka_unit_test(test_cpu_limit_sources),
        cmocka_unit_test(test_reset_leaves_gap_in_history),
        cmocka_unit_test(test_memory_with_and_without_cache),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
