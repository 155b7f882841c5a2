/* Compare the cgroup reader with the engine's stats API for real containers.
 *
 *   model_cgroup_check HOST NAME[:MIN_CPU_PERCENT]...
 *
 * For each container: ask the engine for stats?stream=0 (it samples twice,
 * about a second apart) while reading the cgroup counters every few ms.
 * The engine's cumulative counters (container CPU ns, host CPU ns, network
 * bytes) must lie within our reads, and the figures must agree: the same
 * memory limit and PIDs, memory used within 1 %, and CPU % over the same
 * window (our reads nearest the engine's two host CPU times) within 3
 * points or 5 %. Prints both sets of
 * figures; exits 1 when any container disagrees. NAME:N also requires
 * both sides to show at least N % CPU (a container meant to be busy). */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "endpoint.h"
#include "engine.h"
#include "model/cgroup_stats.h"
#include "model/stats.h"

static int failures;

static void check(bool ok, const char *name, const char *what)
{
    if (!ok) {
        printf("MISMATCH %s: %s\n", name, what);
        failures++;
    }
}

/* a lies in [lo, hi] widened by rel (fraction) and abs_slack. */
static bool within(double a, double lo, double hi, double rel, double abs_slack)
{
    if (lo > hi) {
        double t = lo;
        lo = hi;
        hi = t;
    }
    return a >= lo * (1.0 - rel) - abs_slack && a <= hi * (1.0 + rel) + abs_slack;
}

static void print_fig(const char *who, const struct stats_figures *f, const struct stats_raw *r)
{
    printf("  %-6s cpu=%7.2f%% mem_used=%llu limit=%llu pids=%llu net=%llu/%llu blk=%s "
           "cpu_ns=%llu system_ns=%llu cpus=%u\n",
           who, f->cpu_valid ? f->cpu_percent : -1.0, (unsigned long long)f->mem_used,
           (unsigned long long)f->mem_limit, (unsigned long long)f->pids,
           (unsigned long long)f->net_rx, (unsigned long long)f->net_tx,
           f->blk_valid ? "yes" : "none", (unsigned long long)r->cpu_total_ns,
           (unsigned long long)r->system_ns, r->online_cpus);
}

/* The engine's stats?stream=0, on its own thread. */
struct api_call {
    struct engine *e;
    const char *id;
    cJSON *doc;
    struct berth_error err;
    int rc;
    atomic_bool done;
};

static void *api_thread(void *arg)
{
    struct api_call *c = arg;
    c->rc = engine_container_stats(c->e, c->id, false, &c->doc, &c->err);
    atomic_store(&c->done, true);
    return NULL;
}

static int compare_one(struct engine *e, const struct cgroup_stats_root *root, const char *name,
                       double min_cpu)
{
    struct berth_error err;
    cJSON *doc = NULL;
    if (engine_container_inspect(e, name, false, &doc, &err) < 0) {
        printf("FAIL %s: inspect: %s\n", name, err.message);
        return -1;
    }
    char id[65];
    snprintf(id, sizeof id, "%s", engine_json_str(doc, "Id") ? engine_json_str(doc, "Id") : "");
    const cJSON *state = cJSON_GetObjectItemCaseSensitive(doc, "State");
    int pid = (int)engine_json_u64(state, "Pid", 0);
    cJSON_Delete(doc);

    struct cgroup_stats_paths paths;
    if (cgroup_stats_locate(root, pid, id, &paths, &err) < 0) {
        printf("FAIL %s: locate pid %d: %s\n", name, pid, err.message);
        return -1;
    }
    printf("%s: pid %d, cgroup v%d, memory at %s\n", name, pid, (int)paths.version,
           paths.version == CGROUP_STATS_V1 ? paths.memory : paths.unified);

    /* Sample the cgroup files every few ms while the engine takes its two
     * samples, to find our reads nearest to each of the engine's. */
    size_t cap = 4096, n = 0;
    struct stats_raw *smp = calloc(cap, sizeof *smp);
    struct cgroup_stats_host host;
    if (!smp || cgroup_stats_read_host(root, &host, &err) < 0 ||
        cgroup_stats_read(root, &paths, &host, &smp[n++], &err) < 0) {
        printf("FAIL %s: %s\n", name, err.message);
        cgroup_stats_paths_done(&paths);
        free(smp);
        return -1;
    }
    struct api_call call = {.e = e, .id = id};
    atomic_init(&call.done, false);
    pthread_t t;
    if (pthread_create(&t, NULL, api_thread, &call) != 0) {
        printf("FAIL %s: cannot start a thread\n", name);
        cgroup_stats_paths_done(&paths);
        free(smp);
        return -1;
    }
    bool read_ok = true;
    for (;;) {
        bool last = atomic_load(&call.done);
        if (n < cap) {
            if (cgroup_stats_read_host(root, &host, &err) < 0 ||
                cgroup_stats_read(root, &paths, &host, &smp[n++], &err) < 0)
                read_ok = false;
        }
        if (last || !read_ok)
            break;
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
    pthread_join(t, NULL);
    cgroup_stats_paths_done(&paths);
    struct stats_raw cur, pre;
    if (!read_ok || call.rc < 0 || stats_raw_from_json(call.doc, &cur, &pre, &call.err) < 0) {
        printf("FAIL %s: %s\n", name, read_ok ? call.err.message : err.message);
        cJSON_Delete(call.doc);
        free(smp);
        return -1;
    }
    cJSON_Delete(call.doc);
    const struct stats_raw *c0 = &smp[0], *c1 = &smp[n - 1];

    /* Our window: the last reads at or before each engine sample's host time. */
    size_t ia = 0, ib = 0;
    for (size_t i = 0; i < n; i++) {
        if (smp[i].system_ns <= pre.system_ns)
            ia = i;
        if (smp[i].system_ns <= cur.system_ns)
            ib = i;
    }
    double mem_lo = 1e300, mem_hi = 0;
    for (size_t i = 0; i < n; i++) {
        struct stats_figures f;
        stats_compute(NULL, &smp[i], &f);
        mem_lo = fmin(mem_lo, (double)f.mem_used);
        mem_hi = fmax(mem_hi, (double)f.mem_used);
    }

    struct stats_figures fa, fc;
    stats_compute(&pre, &cur, &fa);
    stats_compute(&smp[ia], &smp[ib], &fc);
    printf("  %zu cgroup reads; window %zu..%zu matches the engine's\n", n, ia, ib);
    print_fig("api", &fa, &cur);
    print_fig("cgroup", &fc, &smp[ib]);
    int before = failures;
    /* Counters: the engine read between our two reads. */
    check(within((double)cur.system_ns, (double)c0->system_ns, (double)c1->system_ns, 0, 0), name,
          "host CPU time (system_cpu_usage) outside our /proc/stat reads");
    check(within((double)cur.cpu_total_ns, (double)c0->cpu_total_ns, (double)c1->cpu_total_ns, 0,
                 0),
          name, "container CPU time outside our cpuacct reads");
    check(cur.online_cpus == c1->online_cpus, name, "online CPUs differ");
    /* Memory: same limit; used within 1 % of what we saw around it. */
    check(fa.mem_limit == fc.mem_limit, name, "memory limit differs");
    check(within((double)fa.mem_used, mem_lo, mem_hi, 0.01, 0), name,
          "memory used differs by > 1 %");
    check(fa.pids_valid == fc.pids_valid && fa.pids == fc.pids, name, "PIDs differ");
    check(cur.pids_limit == c1->pids_limit, name, "PIDs limit differs");
    /* Network and block: present on both sides or on neither. */
    check(fa.net_valid == fc.net_valid, name, "network presence differs");
    if (fa.net_valid && fc.net_valid) {
        check(within((double)fa.net_rx, (double)c0->net_rx, (double)c1->net_rx, 0, 0), name,
              "rx bytes outside our reads");
        check(within((double)fa.net_tx, (double)c0->net_tx, (double)c1->net_tx, 0, 0), name,
              "tx bytes outside our reads");
    }
    check(fa.blk_valid == fc.blk_valid, name, "block I/O presence differs");
    /* CPU %: different windows over the same steady load. */
    check(fa.cpu_valid && fc.cpu_valid, name, "CPU % missing");
    if (fa.cpu_valid && fc.cpu_valid) {
        double diff = fabs(fa.cpu_percent - fc.cpu_percent);
        /* Same window to within a read (a few ms in a second). */
        double tol = fmax(3.0, 0.05 * fmax(fa.cpu_percent, fc.cpu_percent));
        printf("  cpu %% difference %.2f (tolerance %.2f)\n", diff, tol);
        check(diff <= tol, name, "CPU % differs beyond tolerance");
    }
    if (min_cpu > 0)
        check(fa.cpu_percent >= min_cpu && fc.cpu_percent >= min_cpu, name,
              "the busy container does not look busy");
    printf("%s: %s\n", name, failures == before ? "agree" : "DISAGREE");
    free(smp);
    return failures == before ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s HOST NAME[:MIN_CPU_PERCENT]...\n", argv[0]);
        return 2;
    }
    struct endpoint ep;
    struct berth_error err;
    if (endpoint_parse_host(argv[1], &ep, &err) < 0) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    struct engine *e = engine_new(&ep, 10000);
    endpoint_done(&ep);
    struct cgroup_stats_root root;
    cgroup_stats_root_init(&root, NULL, NULL);
    int rc = 0;
    for (int i = 2; i < argc; i++) {
        char name[256];
        snprintf(name, sizeof name, "%s", argv[i]);
        char *colon = strchr(name, ':');
        double min_cpu = 0;
        if (colon) {
            *colon = '\0';
            min_cpu = atof(colon + 1);
        }
        if (compare_one(e, &root, name, min_cpu) < 0)
            rc = 1;
    }
    cgroup_stats_root_done(&root);
    engine_free(e);
    return rc;
}
