/* Stats math: decoding the engine's stats document into raw counters and
 * turning two samples into the figures docker stats shows (see stats.h for
 * the definitions, taken from docker/cli stats_helpers.go).
 *
 * Invariants: nothing here is estimated. A figure whose inputs are missing
 * stays invalid (the table prints "-"), and a counter that went backwards
 * (the container restarted between samples) gives no CPU % and zero rates
 * for that step rather than a spike. */
#include "config.h"

#include "stats.h"

#include "rfc3339.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Counters at or above this are the engine's "unlimited" (2^63 - page size
 * for hierarchical_memory_limit, 2^64 - 1 for pids limit); they also lie
 * past the range a double carries exactly. */
#define STATS_UNLIMITED_FROM 4611686018427387904.0 /* 2^62 */

/* A JSON number as uint64. cJSON keeps numbers as doubles, and valueint
 * saturates at INT_MAX, so read valuedouble: exact up to 2^53, which covers
 * byte and nanosecond counters. Missing or non-numeric gives def, negative
 * gives 0, and values from 2^62 up give UINT64_MAX. */
static uint64_t stats_json_u64(const cJSON *obj, const char *key, uint64_t def)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(item))
        return def;
    double v = item->valuedouble;
    if (!(v > 0.0))
        return 0;
    if (v >= STATS_UNLIMITED_FROM)
        return UINT64_MAX;
    return (uint64_t)v;
}

static bool stats_json_has_number(const cJSON *obj, const char *key)
{
    return cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(obj, key));
}

/* One cpu_stats / precpu_stats object. A first sample's precpu_stats has a
 * zero total and no system_cpu_usage: that is "no CPU sample". */
static void stats_read_cpu(const cJSON *cpu, struct stats_raw *out)
{
    if (!cJSON_IsObject(cpu))
        return;
    const cJSON *usage = cJSON_GetObjectItemCaseSensitive(cpu, "cpu_usage");
    uint64_t system = stats_json_u64(cpu, "system_cpu_usage", 0);
    if (!cJSON_IsObject(usage) || !stats_json_has_number(usage, "total_usage") || system == 0 ||
        system == UINT64_MAX)
        return;
    out->has_cpu = true;
    out->cpu_total_ns = stats_json_u64(usage, "total_usage", 0);
    out->system_ns = system;
    uint64_t online = stats_json_u64(cpu, "online_cpus", 0);
    if (online == 0) {
        /* Older engines: the length of percpu_usage stands in. */
        const cJSON *percpu = cJSON_GetObjectItemCaseSensitive(usage, "percpu_usage");
        if (cJSON_IsArray(percpu))
            online = (uint64_t)cJSON_GetArraySize(percpu);
    }
    out->online_cpus = online > 65535 ? 0 : (unsigned)online;
}

/* docker/cli calculateMemUsageUnixNoCache subtracts total_inactive_file
 * (cgroup v1) when present and smaller than usage, otherwise inactive_file
 * (cgroup v2; on v1 the non-hierarchical figure) when smaller. Store the
 * value it would subtract so stats_compute() needs only one field. */
static void stats_read_memory(const cJSON *mem, struct stats_raw *out)
{
    if (!cJSON_IsObject(mem) || !stats_json_has_number(mem, "usage"))
        return;
    out->has_mem = true;
    out->mem_usage = stats_json_u64(mem, "usage", 0);
    out->mem_limit = stats_json_u64(mem, "limit", 0);
    if (out->mem_limit == UINT64_MAX)
        out->mem_limit = 0;
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(mem, "stats");
    if (!cJSON_IsObject(st))
        return;
    uint64_t v1 = stats_json_u64(st, "total_inactive_file", 0);
    if (stats_json_has_number(st, "total_inactive_file") && v1 < out->mem_usage)
        out->mem_inactive_file = v1;
    else
        out->mem_inactive_file = stats_json_u64(st, "inactive_file", 0);
    if (stats_json_has_number(st, "total_cache"))
        out->mem_cache = stats_json_u64(st, "total_cache", 0);
    else if (stats_json_has_number(st, "cache"))
        out->mem_cache = stats_json_u64(st, "cache", 0);
    else
        out->mem_cache = stats_json_u64(st, "file", 0);
}

/* Σ over interfaces; "networks" is absent for --network none and host. */
static void stats_read_networks(const cJSON *nets, struct stats_raw *out)
{
    if (!cJSON_IsObject(nets))
        return;
    out->has_net = true;
    const cJSON *ifc;
    cJSON_ArrayForEach(ifc, nets)
    {
        out->net_rx += stats_json_u64(ifc, "rx_bytes", 0);
        out->net_tx += stats_json_u64(ifc, "tx_bytes", 0);
    }
}

/* Σ io_service_bytes_recursive by the first letter of op, as docker/cli
 * calculateBlockIO does (v1 "Read"/"Write", v2 "read"/"write"; "Sync",
 * "Async", "Discard" and "Total" are skipped). An empty or null list means
 * the kernel gave no accounting: has_blk stays false. */
static void stats_read_blkio(const cJSON *blkio, struct stats_raw *out)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(blkio, "io_service_bytes_recursive");
    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0)
        return;
    out->has_blk = true;
    const cJSON *entry;
    cJSON_ArrayForEach(entry, list)
    {
        const cJSON *op = cJSON_GetObjectItemCaseSensitive(entry, "op");
        if (!cJSON_IsString(op) || !op->valuestring[0])
            continue;
        uint64_t value = stats_json_u64(entry, "value", 0);
        switch (op->valuestring[0]) {
        case 'r':
        case 'R':
            out->blk_read += value;
            break;
        case 'w':
        case 'W':
            out->blk_write += value;
            break;
        default:
            break;
        }
    }
}

static void stats_read_pids(const cJSON *pids, struct stats_raw *out)
{
    if (!cJSON_IsObject(pids) || !stats_json_has_number(pids, "current"))
        return;
    out->has_pids = true;
    out->pids = stats_json_u64(pids, "current", 0);
    out->pids_limit = stats_json_u64(pids, "limit", 0);
    if (out->pids_limit == UINT64_MAX)
        out->pids_limit = 0;
}

int stats_raw_from_json(const cJSON *doc, struct stats_raw *cur, struct stats_raw *pre,
                        struct berth_error *err)
{
    memset(cur, 0, sizeof *cur);
    if (pre)
        memset(pre, 0, sizeof *pre);
    if (!cJSON_IsObject(doc))
        return berth_error_set(err, BERTH_ERR_PROTOCOL, 0, "stats: the engine sent no object");
    const cJSON *cpu = cJSON_GetObjectItemCaseSensitive(doc, "cpu_stats");
    const cJSON *mem = cJSON_GetObjectItemCaseSensitive(doc, "memory_stats");
    if (!cJSON_IsObject(cpu) && !cJSON_IsObject(mem)) {
        const char *msg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "message"));
        return berth_error_set(err, BERTH_ERR_PROTOCOL, 0, "stats: %s",
                               msg ? msg : "not a stats document");
    }
    cur->read_time =
        rfc3339_seconds(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "read")));
    stats_read_cpu(cpu, cur);
    stats_read_memory(mem, cur);
    stats_read_networks(cJSON_GetObjectItemCaseSensitive(doc, "networks"), cur);
    stats_read_blkio(cJSON_GetObjectItemCaseSensitive(doc, "blkio_stats"), cur);
    stats_read_pids(cJSON_GetObjectItemCaseSensitive(doc, "pids_stats"), cur);
    if (pre) {
        pre->read_time = rfc3339_seconds(
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "preread")));
        stats_read_cpu(cJSON_GetObjectItemCaseSensitive(doc, "precpu_stats"), pre);
        /* Without a read time the pair is not a sample at all. */
        if (pre->read_time <= 0.0)
            pre->has_cpu = false;
    }
    return 0;
}

/* Bytes per second between two cumulative counters; a counter that went
 * down was reset, and that step counts as zero. */
static double stats_rate(uint64_t before, uint64_t after, double seconds)
{
    if (after < before || seconds <= 0.0)
        return 0.0;
    return (double)(after - before) / seconds;
}

void stats_compute(const struct stats_raw *prev, const struct stats_raw *cur,
                   struct stats_figures *out)
{
    memset(out, 0, sizeof *out);

    /* calculateCPUPercentUnix: Δcontainer / Δhost × online CPUs × 100. */
    if (prev && prev->has_cpu && cur->has_cpu && cur->online_cpus > 0 &&
        cur->system_ns > prev->system_ns && cur->cpu_total_ns >= prev->cpu_total_ns) {
        double cpu_delta = (double)(cur->cpu_total_ns - prev->cpu_total_ns);
        double system_delta = (double)(cur->system_ns - prev->system_ns);
        out->cpu_valid = true;
        out->cpu_percent = cpu_delta / system_delta * (double)cur->online_cpus * 100.0;
    }

    if (cur->has_mem) {
        out->mem_valid = true;
        out->mem_used = cur->mem_inactive_file < cur->mem_usage
                            ? cur->mem_usage - cur->mem_inactive_file
                            : cur->mem_usage;
        out->mem_limit = cur->mem_limit;
        out->mem_percent =
            cur->mem_limit ? (double)out->mem_used / (double)cur->mem_limit * 100.0 : 0.0;
        out->mem_cache = cur->mem_cache;
        out->mem_usage = cur->mem_usage;
    }

    if (cur->has_net) {
        out->net_valid = true;
        out->net_rx = cur->net_rx;
        out->net_tx = cur->net_tx;
    }
    if (cur->has_blk) {
        out->blk_valid = true;
        out->blk_read = cur->blk_read;
        out->blk_write = cur->blk_write;
    }
    if (cur->has_pids) {
        out->pids_valid = true;
        out->pids = cur->pids;
    }

    double seconds = prev ? cur->read_time - prev->read_time : 0.0;
    if (prev && prev->read_time > 0.0 && seconds > 0.0) {
        bool net = cur->has_net && prev->has_net;
        bool blk = cur->has_blk && prev->has_blk;
        out->rates_valid = net || blk;
        if (net) {
            out->net_rx_rate = stats_rate(prev->net_rx, cur->net_rx, seconds);
            out->net_tx_rate = stats_rate(prev->net_tx, cur->net_tx, seconds);
        }
        if (blk) {
            out->blk_read_rate = stats_rate(prev->blk_read, cur->blk_read, seconds);
            out->blk_write_rate = stats_rate(prev->blk_write, cur->blk_write, seconds);
        }
    }
}
