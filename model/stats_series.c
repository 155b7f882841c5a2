/* Graph series: summaries, sums, CPU modes and scales (see
 * stats_series.h). */
#include "config.h"

#include "model/stats_series.h"

#include <math.h>
#include <string.h>

void stats_summary_of(const double *v, size_t n, struct stats_summary *out)
{
    memset(out, 0, sizeof *out);
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i]))
            continue;
        if (!out->valid || v[i] > out->peak)
            out->peak = v[i];
        out->valid = true;
        out->cur = v[i];
        sum += v[i];
        out->n++;
    }
    if (out->n)
        out->avg = sum / (double)out->n;
}

size_t stats_series_sum(const struct history_view *const *views, size_t nviews,
                        enum history_series s, double *out, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < nviews; i++)
        if (views[i]->count > len)
            len = views[i]->count;
    if (len > n)
        len = n;
    for (size_t k = 0; k < len; k++)
        out[k] = NAN;
    for (size_t i = 0; i < nviews; i++) {
        const struct history_view *v = views[i];
        size_t have = v->count < len ? v->count : len;
        /* Slot len - 1 is everyone's newest sample. */
        for (size_t j = 0; j < have; j++) {
            double x = history_view_get(v, s, v->count - have + j);
            if (isnan(x))
                continue;
            size_t k = len - have + j;
            out[k] = isnan(out[k]) ? x : out[k] + x;
        }
    }
    return len;
}

size_t stats_project_views(const struct snapshot *snap, const char *project,
                           const struct history_view **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; snap && i < snap->ncontainers && n < max; i++) {
        const struct snapshot_container *sc = &snap->containers[i];
        if (project && (!sc->c.project || strcmp(sc->c.project, project) != 0))
            continue;
        out[n++] = &sc->history;
    }
    return n;
}

const char *stats_cpu_mode_name(enum stats_cpu_mode m)
{
    switch (m) {
    case STATS_CPU_CORES:
        return "per core";
    case STATS_CPU_HOST:
        return "of host";
    case STATS_CPU_LIMIT:
        return "of limit";
    case STATS_CPU_NMODES:
        break;
    }
    return "?";
}

enum stats_cpu_mode stats_cpu_effective(enum stats_cpu_mode m, int ncpu, double limit_cpus)
{
    if (m == STATS_CPU_LIMIT && !(limit_cpus > 0))
        m = STATS_CPU_HOST;
    if (m == STATS_CPU_HOST && ncpu <= 0)
        m = STATS_CPU_CORES;
    if ((int)m < 0 || m >= STATS_CPU_NMODES)
        m = STATS_CPU_CORES;
    return m;
}

double stats_cpu_convert(double percent, enum stats_cpu_mode effective, int ncpu, double limit_cpus)
{
    switch (effective) {
    case STATS_CPU_HOST:
        return ncpu > 0 ? percent / ncpu : percent;
    case STATS_CPU_LIMIT:
        return limit_cpus > 0 ? percent / limit_cpus : percent;
    case STATS_CPU_CORES:
    case STATS_CPU_NMODES:
        break;
    }
    return percent;
}

double stats_cpu_full_scale(enum stats_cpu_mode effective, int ncpu, double limit_cpus)
{
    if (effective != STATS_CPU_CORES)
        return 100.0;
    double cpus = ncpu > 0 ? (double)ncpu : 1.0;
    if (limit_cpus > 0 && limit_cpus < cpus)
        cpus = limit_cpus;
    return 100.0 * cpus;
}

double stats_nice_scale(double peak)
{
    if (!(peak > 0) || isinf(peak))
        return 0;
    double p10 = pow(10.0, floor(log10(peak)));
    static const double steps[] = {1, 2, 5, 10};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        /* The tolerance keeps an exact 2 × 10^k from going up a step. */
        if (steps[i] * p10 >= peak * (1 - 1e-12))
            return steps[i] * p10;
    }
    return 10 * p10;
}
