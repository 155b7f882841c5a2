/* Container resource figures: raw counters and the math docker stats does.
 *
 * A `stats_raw` holds one sample of cumulative counters, filled either from
 * the engine's stats JSON (stats_raw_from_json) or from the cgroup files on
 * the engine's host (model/cgroup_stats). stats_compute() turns two samples
 * into the figures the table shows; with one sample (prev NULL) it gives
 * memory, totals and PIDs but no CPU % and no rates: CPU needs two samples
 * and nothing is made up.
 *
 * Definitions match docker/cli (cli/command/container/stats_helpers.go):
 *  - CPU % = (Δ container ns / Δ host ns) × online CPUs × 100, so one busy
 *    core reads 100 %; online_cpus falls back to len(percpu_usage).
 *  - memory used = usage − inactive file (v1 total_inactive_file, v2
 *    inactive_file) when that is smaller than usage, else usage.
 *  - net = Σ rx/tx over interfaces; block = Σ read/write in
 *    io_service_bytes_recursive (op "read"/"Read", "write"/"Write").
 * A counter that went down (container restarted) yields no CPU % and zero
 * rates for that step instead of a spike. */
#ifndef BERTH_MODEL_STATS_H
#define BERTH_MODEL_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "error.h"

struct stats_raw {
    double read_time;           /* sample time, seconds (any fixed epoch) */
    bool has_cpu;
    uint64_t cpu_total_ns;      /* container CPU time, cumulative */
    uint64_t system_ns;         /* host CPU time, all CPUs, cumulative */
    unsigned online_cpus;       /* CPUs the host has online (0: unknown) */
    bool has_mem;
    uint64_t mem_usage;         /* bytes, including page cache */
    uint64_t mem_limit;         /* bytes; the host's memory when unlimited */
    uint64_t mem_inactive_file; /* bytes of inactive file cache */
    uint64_t mem_cache;         /* bytes of page cache (v1 cache, v2 file) */
    bool has_net;
    uint64_t net_rx, net_tx;    /* bytes, cumulative, all interfaces */
    bool has_blk;               /* false when block I/O accounting is absent */
    uint64_t blk_read, blk_write;
    bool has_pids;
    uint64_t pids, pids_limit;  /* pids_limit 0: none */
};

struct stats_figures {
    bool cpu_valid;             /* false on the first sample or after a reset */
    double cpu_percent;         /* 100 = one full core, as docker stats */
    bool mem_valid;
    uint64_t mem_used;          /* usage minus inactive file */
    uint64_t mem_limit;
    double mem_percent;         /* used / limit × 100, 0 when no limit known */
    uint64_t mem_cache;
    uint64_t mem_usage;         /* usage including the page cache (the kernel's figure) */
    bool net_valid;
    uint64_t net_rx, net_tx;    /* totals */
    bool rates_valid;           /* false until two samples exist */
    double net_rx_rate, net_tx_rate;   /* bytes per second */
    bool blk_valid;
    uint64_t blk_read, blk_write;      /* totals */
    double blk_read_rate, blk_write_rate;
    bool pids_valid;
    uint64_t pids;
};

/* Decode one engine stats document. cur gets the "cpu_stats" side; pre (may
 * be NULL) gets "precpu_stats" with its own read time ("preread"). Returns
 * -1 with BERTH_ERR_PROTOCOL when the document is not a stats object. */
int stats_raw_from_json(const cJSON *doc, struct stats_raw *cur, struct stats_raw *pre,
                        struct berth_error *err);

/* Figures from the latest sample and the one before it (prev may be NULL,
 * or may carry has_cpu false, as precpu_stats does on a first sample). */
void stats_compute(const struct stats_raw *prev, const struct stats_raw *cur,
                   struct stats_figures *out);

#endif
