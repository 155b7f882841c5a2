/* Inspect documents to struct container_detail (see container_detail.h).
 *
 * Invariant: a detail is written only here, before the first reference
 * leaves this file; afterwards it is read-only and may be read from any
 * thread. */
#include "config.h"

#include "model/container_detail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rfc3339.h"
#include "xalloc.h"

/* A JSON number as int64 (cJSON keeps doubles; valueint saturates). */
static int64_t json_i64(const cJSON *obj, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(item))
        return 0;
    double v = item->valuedouble;
    if (v >= 9.2e18 || v <= -9.2e18)
        return 0;
    return (int64_t)v;
}

double container_detail_cpu_limit(int64_t nano_cpus, int64_t quota, int64_t period)
{
    if (nano_cpus > 0)
        return (double)nano_cpus / 1e9;
    if (quota > 0)
        return (double)quota / (double)(period > 0 ? period : 100000);
    return 0.0;
}

static void read_health(const cJSON *health, struct container_detail *d)
{
    if (!cJSON_IsObject(health))
        return;
    d->has_health = true;
    d->health =
        container_health_parse(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(health, "Status")));
    int64_t streak = json_i64(health, "FailingStreak");
    d->failing_streak = streak > 0 ? (unsigned)streak : 0;
    const cJSON *log = cJSON_GetObjectItemCaseSensitive(health, "Log");
    if (!cJSON_IsArray(log))
        return;
    size_t n = (size_t)cJSON_GetArraySize(log);
    if (n == 0)
        return;
    d->checks = xcalloc(n, sizeof *d->checks);
    const cJSON *e;
    cJSON_ArrayForEach(e, log)
    {
        if (!cJSON_IsObject(e))
            continue;
        struct container_health_check *c = &d->checks[d->nchecks++];
        c->start = rfc3339_seconds(
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "Start")));
        c->end = rfc3339_seconds(
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "End")));
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "ExitCode");
        c->exit_code = cJSON_IsNumber(code) ? (int)code->valuedouble : -1;
        const char *out = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "Output"));
        c->output = xstrdup(out ? out : "");
    }
}

struct container_detail *container_detail_from_json(const cJSON *doc, struct berth_error *err)
{
    if (!cJSON_IsObject(doc)) {
        berth_error_set(err, BERTH_ERR_PROTOCOL, 0, "inspect: the engine sent no object");
        return NULL;
    }
    struct container_detail *d = xcalloc(1, sizeof *d);
    atomic_init(&d->refs, 1);
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "Id"));
    snprintf(d->id, sizeof d->id, "%s", id ? id : "");
    const cJSON *hc = cJSON_GetObjectItemCaseSensitive(doc, "HostConfig");
    d->cpu_limit = container_detail_cpu_limit(json_i64(hc, "NanoCpus"), json_i64(hc, "CpuQuota"),
                                              json_i64(hc, "CpuPeriod"));
    const cJSON *state = cJSON_GetObjectItemCaseSensitive(doc, "State");
    if (cJSON_IsObject(state))
        read_health(cJSON_GetObjectItemCaseSensitive(state, "Health"), d);
    return d;
}

struct container_detail *container_detail_ref(struct container_detail *d)
{
    if (d)
        atomic_fetch_add_explicit(&d->refs, 1, memory_order_relaxed);
    return d;
}

void container_detail_unref(struct container_detail *d)
{
    if (!d || atomic_fetch_sub_explicit(&d->refs, 1, memory_order_acq_rel) != 1)
        return;
    for (size_t i = 0; i < d->nchecks; i++)
        free(d->checks[i].output);
    free(d->checks);
    free(d);
}
