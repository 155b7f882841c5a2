/* The cgroup reader on fake v1 and v2 trees (tests/fixtures/cgroup): paths
 * found from /proc/PID/cgroup, the engine's figures for memory limits, host
 * CPU time and network, optional groups left out when their files are, and
 * a refusal to read a process that is not the container's. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/cgroup_stats.h"
#include "model/stats.h"
#include "xalloc.h"

#define ID_A "3f1c9a5e7b2d4c6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f"
#define ID_B "b7e2c41d9f3a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c"
#define ID_H "c0ffee00aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff"
#define ID_C "d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5"
#define ID_D "e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff00"

/* MemTotal of the fake hosts, in bytes. */
#define FAKE_MEM_TOTAL (UINT64_C(24684100) * 1024)
/* user+nice+system+idle+iowait+irq+softirq of the fake /proc/stat, in ns
 * (USER_HZ 100): steal (7) and guest are not counted, as the engine does. */
#define FAKE_SYSTEM_NS ((uint64_t)(23694 + 12 + 3281 + 77596 + 1069 + 0 + 74) * 10000000)

static void root_for(struct cgroup_stats_root *root, const char *tree)
{
    char proc[512], sys[512];
    snprintf(proc, sizeof proc, "%s/cgroup/%s/proc", BERTH_FIXTURES, tree);
    snprintf(sys, sizeof sys, "%s/cgroup/%s/sys", BERTH_FIXTURES, tree);
    cgroup_stats_root_init(root, proc, sys);
    root->clk_tck = 100; /* the fixture's /proc/stat is in USER_HZ 100 */
}

/* Locate pid and read one sample; fails the test on error. */
static void sample(const struct cgroup_stats_root *root, int pid, const char *id,
                   struct cgroup_stats_paths *paths, struct stats_raw *raw)
{
    struct berth_error err;
    struct cgroup_stats_host host;
    berth_error_clear(&err);
    assert_int_equal(cgroup_stats_read_host(root, &host, &err), 0);
    if (cgroup_stats_locate(root, pid, id, paths, &err) != 0)
        fail_msg("locate %d: %s", pid, err.message);
    if (cgroup_stats_read(root, paths, &host, raw, &err) != 0)
        fail_msg("read %d: %s", pid, err.message);
}

static void test_host_figures(void **state)
{
    (void)state;
    struct cgroup_stats_root root;
    struct cgroup_stats_host host;
    struct berth_error err;
    root_for(&root, "v1");
    assert_int_equal(cgroup_stats_read_host(&root, &host, &err), 0);
    assert_true(host.system_ns == FAKE_SYSTEM_NS);
    assert_int_equal(host.online_cpus, 2);
    assert_true(host.mem_total == FAKE_MEM_TOTAL);
    assert_true(host.time > 0);
    cgroup_stats_root_done(&root);
}

static void test_v1_cgroupfs_all_files(void **state)
{
    (void)state;
    struct cgroup_stats_root root;
    struct cgroup_stats_paths paths;
    struct stats_raw raw;
    root_for(&root, "v1");
    sample(&root, 4242, ID_A, &paths, &raw);

    assert_int_equal(paths.version, CGROUP_STATS_V1);
    assert_non_null(strstr(paths.memory, "/fs/cgroup/memory/docker/" ID_A));
    assert_non_null(strstr(paths.cpuacct, "/fs/cgroup/cpuacct/docker/" ID_A));
    assert_null(paths.unified);

    assert_true(raw.has_mem);
    assert_true(raw.mem_usage == 11583488);
    /* Unlimited (2^63 rounded to a page) reads as the host's memory. */
    assert_true(raw.mem_limit == FAKE_MEM_TOTAL);
    assert_true(raw.mem_inactive_file == 2162688);
    assert_true(raw.mem_cache == 6479872);
    assert_true(raw.has_cpu);
    assert_true(raw.cpu_total_ns == 723398411);
    assert_true(raw.system_ns == FAKE_SYSTEM_NS);
    assert_int_equal(raw.online_cpus, 2);
    assert_true(raw.has_pids);
    assert_true(raw.pids == 3);
    assert_true(raw.pids_limit == 0); /* "max" */
    /* Read and Write lines of both devices; Sync/Async/Total ignored. */
    assert_true(raw.has_blk);
    assert_true(raw.blk_read == 1462272 + 4096);
    assert_true(raw.blk_write == 40960 + 8192);
    /* eth0 + eth1, not lo. */
    assert_true(raw.has_net);
    assert_true(raw.net_rx == 15160 + 300);
    assert_true(raw.net_tx == 2048 + 100);

    cgroup_stats_paths_done(&paths);
    cgroup_stats_root_done(&root);
}

static void test_v1_systemd_comounted_no_blkio(void **state)
{
    (void)state;
    struct cgroup_stats_root root;
    struct cgroup_stats_paths paths;
    struct stats_raw raw;
    root_for(&root, "v1");
    sample(&root, 4343, ID_B, &paths, &raw);

    /* "cpu,cpuacct" is found under its co-mounted folder name. */
    assert_non_null(strstr(paths.cpuacct, "/fs/cgroup/cpu,cpuacct/system.slice/docker-" ID_B));
    assert_null(paths.blkio);
    assert_true(raw.cpu_total_ns == 24808663);
    assert_true(raw.mem_usage == 663552);
    assert_true(raw.mem_limit == 134217728);
    assert_true(raw.mem_inactive_file == 0);
    assert_true(raw.mem_cache == 8192);
    assert_true(raw.has_pids);
    assert_true(raw.pids == 2);
    assert_true(raw.pids_limit == 100);
    /* No blkio controller: no block figures at all, not zeros. */
    assert_false(raw.has_blk);
    assert_true(raw.has_net);
    assert_true(raw.net_rx == 726);
    assert_true(raw.net_tx == 0);

    cgroup_stats_paths_done(&paths);
    cgroup_stats_root_done(&root);
}

static void test_v1_host_network_and_empty_blkio(void **state)
{
    (void)state;
    struct cgroup_stats_root root;
    struct cgroup_stats_paths paths;
    struct stats_raw raw;
    root_for(&root, "v1");
    sample(&root, 4444, ID_H, &paths, &raw);
    /* Same namespace as init: the host's interfaces are not the container's. */
    assert_false(raw.has_net);
    /* A blkio file holding only "Total 0": the engine reports an empty list. */
    assert_false(raw.has_blk);
    assert_true(raw.has_mem);
    assert_true(raw.cpu_total_ns == 1000000);
    cgroup_stats_paths_done(&paths);
    cgroup_stats_root_done(&root);
}

static void test_refuses_foreign_process(void **state)
{
    (void)state;
    struct cgroup_stats_root root;
    struct cgroup_stats_paths paths;
    struct berth_error err;
    root_for(&root, "v1");
    /* pid 4242 is container A's: asking for B must not read A's files. */
    assert_int_equal(cgroup_stats_locate(&root, 4242, ID_B, &paths, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_IO);
    assert_non_null(strstr(err.message, "does not belong"));
    assert_false(cgroup_stats_available(&root, 4242, ID_B));
    /* A host process in the root cgroups is never taken for a container. */
    assert_int_equal(cgroup_stats_locate(&root, 4545, ID_A, &paths, &err), -1);
    /* ...though without an id to check it is readable (root cgroup). */
    assert_int_equal(cgroup_stats_locate(&root, 4545, NULL, &paths, &err), 0);
    cgroup_stats_paths_done(&paths);
    /* Missing process: not available, so the caller uses the API. */
    assert_int_equal(cgroup_stats_locate(&root, 9999, NULL, &paths, &err), -1);
    assert_false(cgroup_stats_available(&root, 9999, NULL));
    assert_false(cgroup_stats_available(&root, 0, NULL));
    assert_true(cgroup_stats_available(&root, 4242, ID_A));
    cgroup_stats_root_done(&root);

    /* A root with no /proc at all (a remote engine's pid means nothing here). */
    cgroup_stats_root_init(&root, "/nonexistent-proc", "/nonexistent-sys");
    assert_false(cgroup_stats_available(&root, 1, NULL));
    cgroup_stats_root_done(&root);
}

static void test_v2_systemd_max_memory(void **state)
{
    (void)state;
    struct cgroup_stats_root root;
    struct cgroup_stats_paths paths;
    struct stats_raw raw;
    root_for(&root, "v2");
    sample(&root, 5151, ID_C, &paths, &raw);

    assert_int_equal(paths.version, CGROUP_STATS_V2);
    assert_non_null(strstr(paths.unified, "/fs/cgroup/system.slice/docker-" ID_C ".scope"));
    assert_null(paths.memory);
    assert_true(raw.mem_usage == 8388608);
    /* "max" is unlimited: the host's MemTotal, as the engine reports. */
    assert_true(raw.mem_limit == FAKE_MEM_TOTAL);
    assert_true(raw.mem_inactive_file == 2551808);
    assert_true(raw.mem_cache == 4730880);
    assert_true(raw.cpu_total_ns == UINT64_C(1534250) * 1000);
    assert_true(raw.system_ns == FAKE_SYSTEM_NS);
    assert_true(raw.pids == 4);
    assert_true(raw.pids_limit == 0);
    assert_true(raw.has_blk);
    assert_true(raw.blk_read == 1462272 + 4096);
    assert_true(raw.blk_write == 315392);
    assert_true(raw.net_rx == 20480 + 1024);
    assert_true(raw.net_tx == 4096 + 512);
    cgroup_stats_paths_done(&paths);
    cgroup_stats_root_done(&root);
}

static void test_v2_limits_and_no_io(void **state)
{
    (void)state;
    struct cgroup_stats_root root;
    struct cgroup_stats_paths paths;
    struct stats_raw raw;
    root_for(&root, "v2");
    sample(&root, 5252, ID_D, &paths, &raw);
    assert_true(raw.mem_limit == 268435456);
    assert_true(raw.mem_usage == 1048576);
    assert_true(raw.pids_limit == 100);
    assert_true(raw.cpu_total_ns == 250000);
    /* io.stat without any device line: no accounting. */
    assert_false(raw.has_blk);
    cgroup_stats_paths_done(&paths);
    cgroup_stats_root_done(&root);
}

/* A writable copy of a fixture tree, for tests that change files. */
static char *copy_tree(const char *tree)
{
    char tmpl[] = "/tmp/berth-cgroup-XXXXXX";
    char *dir = mkdtemp(tmpl);
    assert_non_null(dir);
    char *cmd = xasprintf("cp -a '%s/cgroup/%s/.' '%s/'", BERTH_FIXTURES, tree, dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    return xstrdup(dir);
}

static void write_file(const char *base, const char *rel, const char *text)
{
    char *path = xasprintf("%s/%s", base, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(path);
}

static void remove_tree(char *dir)
{
    char *cmd = xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(dir);
}

/* Counters that go down (the container restarted in the same cgroup) are
 * reported as read; stats_compute then gives no CPU % and zero rates for
 * that step instead of a huge spike. */
static void test_counter_reset(void **state)
{
    (void)state;
    char *dir = copy_tree("v1");
    char *proc = xasprintf("%s/proc", dir);
    char *sys = xasprintf("%s/sys", dir);
    struct cgroup_stats_root root;
    cgroup_stats_root_init(&root, proc, sys);
    root.clk_tck = 100;

    struct cgroup_stats_paths paths;
    struct stats_raw first, second, third;
    sample(&root, 4242, ID_A, &paths, &first);
    cgroup_stats_paths_done(&paths);

    /* Two seconds of host time later, the counters restart near zero. */
    write_file(dir, "proc/stat", "cpu  23794 12 3281 77696 1069 0 74 7 0 0\n");
    write_file(dir, "sys/fs/cgroup/cpuacct/docker/" ID_A "/cpuacct.usage", "5000000\n");
    write_file(dir, "proc/4242/net/dev",
               "Inter-|   Receive |  Transmit\n face |bytes packets|bytes packets\n"
               "  eth0:  100 1 0 0 0 0 0 0  50 1 0 0 0 0 0 0\n");
    sample(&root, 4242, ID_A, &paths, &second);
    cgroup_stats_paths_done(&paths);
    assert_true(second.cpu_total_ns == 5000000);
    assert_true(second.system_ns == FAKE_SYSTEM_NS + UINT64_C(200) * 10000000);
    assert_true(second.net_rx == 100);

    struct stats_figures fig;
    second.read_time = first.read_time + 2.0;
    stats_compute(&first, &second, &fig);
    assert_false(fig.cpu_valid);
    assert_true(fig.net_rx_rate <= 0.0);

    /* The next step counts again from the new base: 0.5 s of CPU time over
     * 2 s of host time on 2 CPUs is 50 %. */
    write_file(dir, "proc/stat", "cpu  23894 12 3281 77796 1069 0 74 7 0 0\n");
    write_file(dir, "sys/fs/cgroup/cpuacct/docker/" ID_A "/cpuacct.usage", "505000000\n");
    sample(&root, 4242, ID_A, &paths, &third);
    cgroup_stats_paths_done(&paths);
    third.read_time = second.read_time + 2.0;
    stats_compute(&second, &third, &fig);
    assert_true(fig.cpu_valid);
    assert_true(fig.cpu_percent > 49.99 && fig.cpu_percent < 50.01);

    cgroup_stats_root_done(&root);
    free(proc);
    free(sys);
    remove_tree(dir);
}

/* The same located paths read again (the counter files are kept open
 * between reads) see the counters as they are now, not as first read. */
static void test_reread_same_paths(void **state)
{
    (void)state;
    char *dir = copy_tree("v1");
    char *proc = xasprintf("%s/proc", dir);
    char *sys = xasprintf("%s/sys", dir);
    struct cgroup_stats_root root;
    cgroup_stats_root_init(&root, proc, sys);
    root.clk_tck = 100;

    struct cgroup_stats_paths paths;
    struct stats_raw first, second;
    struct cgroup_stats_host host;
    sample(&root, 4242, ID_A, &paths, &first);
    assert_true(first.cpu_total_ns != 777000000);
    assert_true(first.mem_usage != 12345678);

    write_file(dir, "sys/fs/cgroup/cpuacct/docker/" ID_A "/cpuacct.usage", "777000000\n");
    write_file(dir, "sys/fs/cgroup/memory/docker/" ID_A "/memory.usage_in_bytes", "12345678\n");
    assert_int_equal(cgroup_stats_read_host(&root, &host, NULL), 0);
    assert_int_equal(cgroup_stats_read(&root, &paths, &host, &second, NULL), 0);
    assert_true(second.cpu_total_ns == 777000000);
    assert_true(second.mem_usage == 12345678);
    assert_true(second.has_net == first.has_net && second.net_rx == first.net_rx);
    assert_true(second.has_pids == first.has_pids && second.pids == first.pids);
    cgroup_stats_paths_done(&paths);

    cgroup_stats_root_done(&root);
    free(proc);
    free(sys);
    remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_host_figures),
        cmocka_unit_test(test_v1_cgroupfs_all_files),
        cmocka_unit_test(test_v1_systemd_comounted_no_blkio),
        cmocka_unit_test(test_v1_host_network_and_empty_blkio),
        cmocka_unit_test(test_refuses_foreign_process),
        cmocka_unit_test(test_v2_systemd_max_memory),
        cmocka_unit_test(test_v2_limits_and_no_io),
        cmocka_unit_test(test_counter_reset),
        cmocka_unit_test(test_reread_same_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
