/* What the container table does not carry but the stats and details views
 * need: the CPU limit and the healthcheck's recent results, decoded from
 * GET /containers/ID/json (HostConfig.NanoCpus / CpuQuota / CpuPeriod and
 * State.Health).
 *
 * The worker fetches it when a view asks (worker_submit with
 * WORKER_ACTION_DETAIL), never on the UI thread. A detail is immutable once
 * decoded and reference counted, so every snapshot after the fetch shares
 * it without copying; the last reference frees it.
 *
 * Strings are engine text, not sanitised (see container.h). */
#ifndef BERTH_MODEL_CONTAINER_DETAIL_H
#define BERTH_MODEL_CONTAINER_DETAIL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "error.h"
#include "model/container.h"

/* One healthcheck run (State.Health.Log[i]). */
struct container_health_check {
    double start;  /* unix seconds, 0 when unknown */
    double end;    /* unix seconds, 0 when unknown */
    int exit_code; /* 0 healthy, 1 unhealthy, -1 unknown */
    char *output;  /* what the check printed (engine text), never NULL */
};

struct container_detail {
    atomic_int refs;  /* private: container_detail_ref / _unref */
    char id[65];      /* the container */
    double fetched;   /* CLOCK_MONOTONIC seconds when it was fetched */
    double cpu_limit; /* CPUs the container may use (NanoCpus, or quota / period); 0: none */
    enum container_health health;          /* State.Health.Status */
    bool has_health;                       /* State.Health is present */
    unsigned failing_streak;               /* State.Health.FailingStreak */
    struct container_health_check *checks; /* oldest first (the engine keeps 5) */
    size_t nchecks;
};

/* Decode an inspect document. NULL with BERTH_ERR_PROTOCOL when it is not
 * an object. */
struct container_detail *container_detail_from_json(const cJSON *doc, struct berth_error *err);

struct container_detail *container_detail_ref(struct container_detail *d);
/* NULL is ignored. */
void container_detail_unref(struct container_detail *d);

/* CPUs from HostConfig: NanoCpus / 1e9, else CpuQuota / CpuPeriod (period
 * 100 ms when 0, as the kernel's default), else 0. */
double container_detail_cpu_limit(int64_t nano_cpus, int64_t quota, int64_t period);

#endif
