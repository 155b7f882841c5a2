/* Stats math against documents recorded from a real engine (cgroup v1) and
 * one assembled from the Engine API reference (cgroup v2): the figures must
 * be docker stats' figures, and nothing may be made up when inputs are
 * missing or counters go backwards. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "format.h"
#include "model/stats.h"

static void load(const char *rel, struct stats_raw *cur, struct stats_raw *pre)
{
    cJSON *doc = fixture_json(rel);
    struct berth_error err;
    assert_int_equal(stats_raw_from_json(doc, cur, pre, &err), 0);
    cJSON_Delete(doc);
}

static void test_idle_decoded_exactly(void **state)
{
    (void)state;
    struct stats_raw cur, pre;
    load("stats/v1-idle.json", &cur, &pre);
    assert_true(cur.has_cpu);
    assert_int_equal(cur.cpu_total_ns, 31156635);
    /* Beyond INT_MAX: cJSON's valueint would have saturated. */
    assert_true(cur.system_ns == UINT64_C(886270000000));
    assert_int_equal(cur.online_cpus, 2);
    assert_true(pre.has_cpu);
    assert_true(pre.system_ns == UINT64_C(884260000000));
    assert_true(cur.has_mem);
    assert_int_equal(cur.mem_usage, 1921024);
    assert_true(cur.mem_limit == UINT64_C(25276518400));
    assert_int_equal(cur.mem_cache, 1589248);
    assert_true(cur.has_net);
    assert_int_equal(cur.net_rx, 1058);
    assert_int_equal(cur.net_tx, 0);
    assert_false(cur.has_blk); /* the list is [] on this kernel */
    assert_true(cur.has_pids);
    assert_int_equal(cur.pids, 1);
    assert_int_equal(cur.pids_limit, 0);
    /* 2026-11-28T20:55:26.867260197Z and the preread a second before. */
    assert_true(cur.read_time > 1795899326.86 && cur.read_time < 1795899326.87);
    assert_true(pre.read_time > 1795899325.84 && pre.read_time < 1795899325.85);
}

static void test_busy_core_reads_100(void **state)
{
    (void)state;
    struct stats_raw cur, pre;
    struct stats_figures fig;
    load("stats/v1-burn.json", &cur, &pre);
    /* A cumulative counter past INT_MAX, read exactly. */
    assert_true(cur.cpu_total_ns == UINT64_C(117301524898));
    stats_compute(&pre, &cur, &fig);
    assert_true(fig.cpu_valid);
    double want = (117301524898.0 - 116261579605.0) / (886290000000.0 - 884220000000.0) * 2 * 100;
    assert_true(fig.cpu_percent > want - 1e-9 && fig.cpu_percent < want + 1e-9);
    char buf[FORMAT_NUMBER_MAX];
    assert_string_equal(format_percent(buf, sizeof buf, fig.cpu_percent), "100.48%");
}

static void test_first_sample_has_no_cpu(void **state)
{
    (void)state;
    struct stats_raw cur, pre;
    struct stats_figures fig;
    /* one-shot: precpu_stats is empty and preread is the zero time. */
    load("stats/v1-oneshot.json", &cur, &pre);
    assert_true(cur.has_cpu);
    assert_false(pre.has_cpu);
    assert_true(pre.read_time <= 0.0);
    stats_compute(&pre, &cur, &fig);
    assert_false(fig.cpu_valid);
    assert_false(fig.rates_valid);
    /* Memory needs one sample only: usage minus total_inactive_file. */
    assert_true(fig.mem_valid);
    assert_int_equal(fig.mem_used, 1921024 - 118784);
    stats_compute(NULL, &cur, &fig);
    assert_false(fig.cpu_valid);
    assert_false(fig.rates_valid);
    assert_true(fig.mem_valid);
}

static void test_online_cpus_missing_uses_percpu_length(void **state)
{
    (void)state;
    cJSON *doc = fixture_json("stats/v1-burn.json");
    cJSON *cpu = cJSON_GetObjectItem(doc, "cpu_stats");
    cJSON_DeleteItemFromObject(cpu, "online_cpus");
    cJSON_DeleteItemFromObject(cJSON_GetObjectItem(doc, "precpu_stats"), "online_cpus");
    struct stats_raw cur, pre;
    struct stats_figures fig;
    struct berth_error err;
    assert_int_equal(stats_raw_from_json(doc, &cur, &pre, &err), 0);
    assert_int_equal(cur.online_cpus, 2); /* two entries in percpu_usage */
    stats_compute(&pre, &cur, &fig);
    assert_true(fig.cpu_valid);
    assert_true(fig.cpu_percent > 100.47 && fig.cpu_percent < 100.49);

    /* Neither online_cpus nor percpu_usage: the CPU count is unknown, and
     * a percentage scaled by an unknown count is not shown. */
    cJSON_DeleteItemFromObject(cJSON_GetObjectItem(cpu, "cpu_usage"), "percpu_usage");
    assert_int_equal(stats_raw_from_json(doc, &cur, &pre, &err), 0);
    assert_int_equal(cur.online_cpus, 0);
    stats_compute(&pre, &cur, &fig);
    assert_false(fig.cpu_valid);
    cJSON_Delete(doc);
}

static void test_counter_reset_gives_no_spike(void **state)
{
    (void)state;
    struct stats_raw prev = {.read_time = 100.0,
                             .has_cpu = true,
                             .cpu_total_ns = UINT64_C(9000000000),
                             .system_ns = UINT64_C(500000000000),
                             .online_cpus = 2,
                             .has_net = true,
                             .net_rx = 50000,
                             .net_tx = 7000};
    /* The container restarted: its counters began again from zero. */
    struct stats_raw cur = prev;
    cur.read_time = 102.0;
    cur.cpu_total_ns = 1000000;
    cur.system_ns = UINT64_C(504000000000);
    cur.net_rx = 1200;
    cur.net_tx = 9000;
    struct stats_figures fig;
    stats_compute(&prev, &cur, &fig);
    assert_false(fig.cpu_valid);
    assert_true(fig.rates_valid);
    assert_true(fig.net_rx_rate >= 0.0 && fig.net_rx_rate <= 0.0); /* zero, not 2^64 */
    assert_true(fig.net_tx_rate > 999.9 && fig.net_tx_rate < 1000.1);
    /* The host counter going back (another engine, a clock jump) too. */
    cur = prev;
    cur.read_time = 102.0;
    cur.system_ns = prev.system_ns - 1;
    stats_compute(&prev, &cur, &fig);
    assert_false(fig.cpu_valid);
}

static void test_memory_limit(void **state)
{
    (void)state;
    struct stats_raw cur, pre;
    struct stats_figures fig;
    load("stats/v1-mem.json", &cur, &pre);
    stats_compute(&pre, &cur, &fig);
    assert_true(fig.mem_valid);
    assert_int_equal(fig.mem_used, 20619264);
    assert_int_equal(fig.mem_limit, 67108864);
    assert_true(fig.mem_percent > 30.72 && fig.mem_percent < 30.74);

    /* No limit known: the percentage is 0, as docker stats prints it. */
    cur.mem_limit = 0;
    stats_compute(&pre, &cur, &fig);
    assert_true(fig.mem_valid);
    assert_int_equal(fig.mem_used, 20619264);
    assert_true(fig.mem_percent >= 0.0 && fig.mem_percent <= 0.0);

    /* inactive file not below usage: usage as it is. */
    cur.mem_inactive_file = cur.mem_usage + 1;
    stats_compute(&pre, &cur, &fig);
    assert_int_equal(fig.mem_used, 20619264);
}

static void test_block_io_absent_or_summed(void **state)
{
    (void)state;
    struct stats_raw cur, pre;
    struct stats_figures fig;
    load("stats/v1-blk.json", &cur, &pre);
    assert_false(cur.has_blk);
    stats_compute(&pre, &cur, &fig);
    assert_false(fig.blk_valid);

    /* cgroup v1 ops: only Read and Write count, not Sync/Async/Total. */
    load("stats/v1-blk-ops-edited.json", &cur, &pre);
    assert_true(cur.has_blk);
    assert_int_equal(cur.blk_read, 3145728 + 1048576);
    assert_int_equal(cur.blk_write, 73400320 + 20971520);
    stats_compute(&pre, &cur, &fig);
    assert_true(fig.blk_valid);
    assert_int_equal(fig.blk_read, 4194304);
}

static void test_stopped_container_has_nothing(void **state)
{
    (void)state;
    struct stats_raw cur, pre;
    struct stats_figures fig;
    load("stats/v1-stopped.json", &cur, &pre);
    assert_false(cur.has_cpu);
    assert_false(pre.has_cpu);
    assert_false(cur.has_mem);
    assert_false(cur.has_net);
    assert_false(cur.has_blk);
    assert_false(cur.has_pids);
    assert_true(cur.read_time <= 0.0);
    stats_compute(&pre, &cur, &fig);
    assert_false(fig.cpu_valid || fig.mem_valid || fig.net_valid || fig.blk_valid ||
                 fig.pids_valid || fig.rates_valid);
}

static void test_cgroup_v2_document(void **state)
{
    (void)state;
    struct stats_raw cur, pre;
    struct stats_figures fig;
    load("stats/v2-apidocs-example.json", &cur, &pre);
    /* No percpu_usage on v2: online_cpus alone gives the count. */
    assert_int_equal(cur.online_cpus, 5);
    /* used = usage - inactive_file (no total_* keys on v2). */
    assert_int_equal(cur.mem_inactive_file, 2510848);
    assert_int_equal(cur.mem_cache, 7626752); /* "file" */
    assert_true(cur.has_blk);
    assert_int_equal(cur.blk_read, 7593984); /* lowercase "read" */
    assert_int_equal(cur.blk_write, 100);
    assert_int_equal(cur.net_rx, 5338 + 4641);
    assert_int_equal(cur.net_tx, 648 + 690);
    assert_int_equal(cur.pids, 5);
    assert_int_equal(cur.pids_limit, 0); /* 2^64 - 1 is "no limit" */
    stats_compute(&pre, &cur, &fig);
    assert_int_equal(fig.mem_used, 10396928 - 2510848);
    assert_true(fig.mem_limit == UINT64_C(8217579520));
    /* cpu and precpu are the same sample: no time passed, no CPU %. */
    assert_false(fig.cpu_valid);

    /* A v2 step with a real interval: 0.5 s of CPU in 1 s on 5 CPUs (the
     * host counter covers all CPUs: 5 s per second) reads 50 %. */
    struct stats_raw next = cur;
    next.cpu_total_ns += UINT64_C(500000000);
    next.system_ns += UINT64_C(5000000000);
    next.read_time += 1.0;
    stats_compute(&cur, &next, &fig);
    assert_true(fig.cpu_valid);
    assert_true(fig.cpu_percent > 49.999 && fig.cpu_percent < 50.001);
}

static void test_counters_beyond_32_bits(void **state)
{
    (void)state;
    const char *text = "{\"read\":\"2030-01-01T00:00:00Z\","
                       "\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":5000000000123},"
                       "\"system_cpu_usage\":9007199254740991,\"online_cpus\":64},"
                       "\"memory_stats\":{\"usage\":6442450944,\"limit\":9223372036854771712,"
                       "\"stats\":{\"total_inactive_file\":2147483648}},"
                       "\"networks\":{\"eth0\":{\"rx_bytes\":4294967296,\"tx_bytes\":3000000000},"
                       "\"eth1\":{\"rx_bytes\":4294967296,\"tx_bytes\":1}},"
                       "\"pids_stats\":{\"current\":3,\"limit\":4194304}}";
    cJSON *doc = cJSON_Parse(text);
    assert_non_null(doc);
    struct stats_raw cur;
    struct berth_error err;
    assert_int_equal(stats_raw_from_json(doc, &cur, NULL, &err), 0);
    cJSON_Delete(doc);
    assert_true(cur.cpu_total_ns == UINT64_C(5000000000123));
    assert_true(cur.system_ns == UINT64_C(9007199254740991));
    assert_true(cur.mem_usage == UINT64_C(6442450944));
    /* 2^63 - 4096 is cgroup v1's "unlimited": no limit known. */
    assert_int_equal(cur.mem_limit, 0);
    assert_true(cur.mem_inactive_file == UINT64_C(2147483648));
    assert_true(cur.net_rx == UINT64_C(8589934592));
    assert_true(cur.net_tx == UINT64_C(3000000001));
    assert_int_equal(cur.pids_limit, 4194304);
    struct stats_figures fig;
    stats_compute(NULL, &cur, &fig);
    assert_true(fig.mem_used == UINT64_C(4294967296));
}

static void test_rates_from_two_samples(void **state)
{
    (void)state;
    struct stats_raw cur, pre, prev;
    struct stats_figures fig;
    load("stats/v1-net-rx.json", &cur, &pre);
    /* The same container 4 seconds earlier, 4000 bytes in and 400 out
     * fewer; block I/O absent on both. */
    prev = cur;
    prev.read_time -= 4.0;
    prev.net_rx -= 4000;
    prev.net_tx -= 400;
    stats_compute(&prev, &cur, &fig);
    assert_true(fig.rates_valid);
    assert_true(fig.net_rx_rate > 999.999 && fig.net_rx_rate < 1000.001);
    assert_true(fig.net_tx_rate > 99.999 && fig.net_tx_rate < 100.001);
    assert_false(fig.blk_valid);
    assert_true(fig.net_valid);
    assert_int_equal(fig.net_rx, 13900073);

    /* The engine's precpu pair carries CPU only: no rates from it. */
    stats_compute(&pre, &cur, &fig);
    assert_false(fig.rates_valid);
    assert_true(fig.cpu_valid);

    /* No time between the samples: no rates. */
    prev.read_time = cur.read_time;
    stats_compute(&prev, &cur, &fig);
    assert_false(fig.rates_valid);
}

static void test_not_a_stats_document(void **state)
{
    (void)state;
    struct stats_raw cur, pre;
    struct berth_error err;
    cJSON *doc = cJSON_Parse("[1,2]");
    assert_int_equal(stats_raw_from_json(doc, &cur, &pre, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_PROTOCOL);
    cJSON_Delete(doc);
    doc = cJSON_Parse("{\"message\":\"No such container: x\"}");
    assert_int_equal(stats_raw_from_json(doc, &cur, &pre, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_PROTOCOL);
    assert_non_null(strstr(err.message, "No such container: x"));
    cJSON_Delete(doc);
}

/* Figures from each recorded document, formatted, against what docker
 * stats printed at the same moment (docker-stats-observed.txt). */
static void test_matches_docker_stats_output(void **state)
{
    (void)state;
    char *text = fixture_read("stats/docker-stats-observed.txt");
    int checked = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        char *field[7];
        char *save = NULL;
        int nf = 0;
        for (char *f = strtok_r(line, "|", &save); f && nf < 7; f = strtok_r(NULL, "|", &save))
            field[nf++] = f;
        assert_int_equal(nf, 7);
        char rel[256];
        snprintf(rel, sizeof rel, "stats/%s", field[0]);
        struct stats_raw cur, pre;
        struct stats_figures fig;
        load(rel, &cur, &pre);
        stats_compute(&pre, &cur, &fig);
        char a[FORMAT_NUMBER_MAX], b[FORMAT_NUMBER_MAX], cell[2 * FORMAT_NUMBER_MAX + 4];
        /* The dd loop's page cache moves between two reads; its memory is
         * not compared. Network counters and PIDs are stable. */
        if (strcmp(field[0], "v1-blk.json") != 0) {
            snprintf(cell, sizeof cell, "%s / %s",
                     format_bytes_binary(a, sizeof a, (double)fig.mem_used),
                     format_bytes_binary(b, sizeof b, (double)fig.mem_limit));
            assert_string_equal(cell, field[2]);
            assert_string_equal(format_percent(a, sizeof a, fig.mem_percent), field[3]);
        }
        snprintf(cell, sizeof cell, "%s / %s",
                 format_bytes_decimal(a, sizeof a, (double)fig.net_rx, 3),
                 format_bytes_decimal(b, sizeof b, (double)fig.net_tx, 3));
        assert_string_equal(cell, field[4]);
        snprintf(cell, sizeof cell, "%llu", (unsigned long long)fig.pids);
        assert_string_equal(cell, field[6]);
        checked++;
    }
    free(text);
    assert_true(checked >= 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idle_decoded_exactly),
        cmocka_unit_test(test_busy_core_reads_100),
        cmocka_unit_test(test_first_sample_has_no_cpu),
        cmocka_unit_test(test_online_cpus_missing_uses_percpu_length),
        cmocka_unit_test(test_counter_reset_gives_no_spike),
        cmocka_unit_test(test_memory_limit),
        cmocka_unit_test(test_block_io_absent_or_summed),
        cmocka_unit_test(test_stopped_container_has_nothing),
        cmocka_unit_test(test_cgroup_v2_document),
        cmocka_unit_test(test_counters_beyond_32_bits),
        cmocka_unit_test(test_rates_from_two_samples),
        cmocka_unit_test(test_not_a_stats_document),
        cmocka_unit_test(test_matches_docker_stats_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
