/* Series for graphs: summaries (current, average, peak), sums over several
 * containers (a compose project, the whole host), the CPU display modes
 * and the scale a graph is drawn against.
 *
 * Everything here reads histories the worker sampled (snapshot views): a
 * redraw never makes a sample. Pure functions; no curses. */
#ifndef BERTH_MODEL_STATS_SERIES_H
#define BERTH_MODEL_STATS_SERIES_H

#include <stdbool.h>
#include <stddef.h>

#include "model/history.h"
#include "model/snapshot.h"

/* What a graph's numbers say over the samples it shows. */
struct stats_summary {
    bool valid;  /* at least one sample is present (not NaN) */
    double cur;  /* the newest present sample */
    double avg;  /* mean of the present samples */
    double peak; /* largest present sample */
    size_t n;    /* present samples */
};

void stats_summary_of(const double *v, size_t n, struct stats_summary *out);

/* The newest n samples of series s summed over views[0..nviews), aligned
 * at the newest sample (the worker samples every container on one clock),
 * oldest first into out. A slot where no view has a sample is NaN. Returns
 * the samples written: the longest history's count, at most n. */
size_t stats_series_sum(const struct history_view *const *views, size_t nviews,
                        enum history_series s, double *out, size_t n);

/* The views of every container of project (NULL: all containers) into
 * out[0..max); returns how many. */
size_t stats_project_views(const struct snapshot *snap, const char *project,
                           const struct history_view **out, size_t max);

/* How CPU is shown. */
enum stats_cpu_mode {
    STATS_CPU_CORES = 0, /* as docker stats: 100 % = one core */
    STATS_CPU_HOST,      /* share of the whole host: 100 % = every CPU */
    STATS_CPU_LIMIT,     /* share of the container's CPU limit */
    STATS_CPU_NMODES,
};

const char *stats_cpu_mode_name(enum stats_cpu_mode m);

/* The mode that actually applies: LIMIT without a limit (limit_cpus <= 0)
 * falls back to HOST, HOST without a CPU count to CORES. */
enum stats_cpu_mode stats_cpu_effective(enum stats_cpu_mode m, int ncpu, double limit_cpus);

/* A docker-stats CPU % (100 = one core) in the effective mode. */
double stats_cpu_convert(double percent, enum stats_cpu_mode effective, int ncpu,
                         double limit_cpus);

/* The value of a full graph in the effective mode: 100 × CPUs per core
 * (100 × the limit when there is one and it is smaller), else 100. */
double stats_cpu_full_scale(enum stats_cpu_mode effective, int ncpu, double limit_cpus);

/* Auto-scale for rates: the smallest 1, 2 or 5 × 10^k at or above peak;
 * 0 for a peak that is 0, negative or NaN (the graph then shows the
 * baseline only). */
double stats_nice_scale(double peak);

#endif
