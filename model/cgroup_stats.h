/* Container counters read straight from the engine host's cgroup files.
 *
 * When berth runs on the engine's own host it can read what the engine's
 * stats API would report, for a fraction of the cost: the container's main
 * process (State.Pid from inspect) names its cgroups in /proc/PID/cgroup,
 * and the controller files under /sys/fs/cgroup hold the counters. The
 * figures are made to equal the engine's own (moby daemon/stats):
 *  - host CPU time is the first seven fields of /proc/stat's "cpu" line
 *    (user..softirq; steal and guest are left out, as the engine does), in
 *    USER_HZ ticks converted to ns;
 *  - the memory limit is min(cgroup limit, host MemTotal), so "unlimited"
 *    (v1 9223372036854771712, v2 "max") reads as the host's memory;
 *  - network sums every interface but lo of the process's network
 *    namespace; a process in the host's namespace (network mode host) or
 *    with only lo has no network figures, as the engine reports none;
 *  - block I/O comes from blkio.throttle.io_service_bytes (v1) or io.stat
 *    (v2); a file without any per-device line means "no accounting" and
 *    gives has_blk false, matching the engine's empty array.
 *
 * The paths are found, never guessed: the cgroup path comes from
 * /proc/PID/cgroup and is joined with the controller's mount folder. The
 * roots (/proc and /sys) are parameters so tests read fake trees. */
#ifndef BERTH_MODEL_CGROUP_STATS_H
#define BERTH_MODEL_CGROUP_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "model/stats.h"

enum cgroup_stats_version {
    CGROUP_STATS_NONE = 0,
    CGROUP_STATS_V1 = 1,
    CGROUP_STATS_V2 = 2,
};

/* Where the host's files are. */
struct cgroup_stats_root {
    char *proc;   /* "/proc" */
    char *sys;    /* "/sys" (cgroups under sys/fs/cgroup) */
    long clk_tck; /* USER_HZ, sysconf(_SC_CLK_TCK) */
};

/* Host-wide figures, read once per stats round and shared by every
 * container of that round (the engine does the same). */
struct cgroup_stats_host {
    double time;          /* CLOCK_MONOTONIC seconds when read */
    uint64_t system_ns;   /* host CPU time, all CPUs, ns */
    unsigned online_cpus; /* CPUs online */
    uint64_t mem_total;   /* MemTotal, bytes */
};

/* One container's cgroup folders (absolute paths under the root). */
struct cgroup_stats_paths {
    enum cgroup_stats_version version;
    int pid;      /* the process the paths were found from */
    char *memory; /* v1 controller folders; NULL when absent */
    char *cpuacct;
    char *pids;
    char *blkio;
    char *unified; /* v2 folder; NULL on v1 */
    /* Learnt on the first read, kept for the next ones (private): the
     * counter files held open (NULL until then), which v1 blkio file the
     * engine reads, and whether pid shares the host's network namespace
     * (0 not known yet, 1 yes, -1 no). */
    struct cgroup_stats_files *files;
    const char *blkio_file;
    int host_netns;
};

/* Defaults are "/proc" and "/sys" when proc or sys is NULL. */
void cgroup_stats_root_init(struct cgroup_stats_root *root, const char *proc, const char *sys);
void cgroup_stats_root_done(struct cgroup_stats_root *root);

/* Read /proc/stat, /proc/meminfo and the online CPU list. */
int cgroup_stats_read_host(const struct cgroup_stats_root *root, struct cgroup_stats_host *out,
                           struct berth_error *err);

/* Find pid's cgroups. must_contain (the container id, or NULL) is checked
 * against every path found: a pid that is not the container's (a socket
 * forwarded from another host, a reused pid) is refused instead of being
 * read as if it were. -1 with BERTH_ERR_IO when nothing usable is found. */
int cgroup_stats_locate(const struct cgroup_stats_root *root, int pid, const char *must_contain,
                        struct cgroup_stats_paths *out, struct berth_error *err);
void cgroup_stats_paths_done(struct cgroup_stats_paths *paths);

/* One sample of the container's counters, stamped with host->time and
 * carrying host's CPU time. -1 when the memory or CPU files cannot be read
 * (the container is gone, or no permission). The counter files stay open
 * in paths for the next read (while the process has descriptors to
 * spare); cgroup_stats_paths_done closes them. */
int cgroup_stats_read(const struct cgroup_stats_root *root, struct cgroup_stats_paths *paths,
                      const struct cgroup_stats_host *host, struct stats_raw *out,
                      struct berth_error *err);

/* True when pid's counters can be read here (locate and one read succeed).
 * False for a remote engine's pids, a missing /proc or no permission: the
 * caller then asks the stats API instead. */
bool cgroup_stats_available(const struct cgroup_stats_root *root, int pid,
                            const char *must_contain);

#endif
