/* The model's worker thread: owns an engine connection and a stream set,
 * keeps the container table current, samples stats, and publishes
 * immutable snapshots for the UI.
 *
 * What it does, on one thread, with no blocking request on its loop:
 *  - lists all containers (all=1, never size) at start, after every
 *    reconnect and on a slow safety timer, and subscribes to /events
 *    (type container) so starts, stops, deaths, renames, health changes
 *    and removals made from anywhere show at once;
 *  - every interval, samples stats of running and paused containers: from
 *    the host's cgroup files when the engine is local and they can be read
 *    (cheap, all containers), else from the stats API (stream=0, all
 *    requests concurrent) for the containers the UI says it shows
 *    (worker_set_interest); figures via stats_compute, appended to each
 *    container's history;
 *  - when the engine goes away, marks the snapshot stale with the failure
 *    and since when, retries with backoff (0.5 s doubling to 5 s), and
 *    when it answers again relists, resubscribes and clears the mark;
 *  - runs queued actions (worker_submit) and posts each result into the
 *    snapshots (snapshot.results) for the status line.
 *
 * The UI polls worker_wakeup_fd(); when readable it calls
 * worker_wakeup_drain() and worker_snapshot(), renders, and unrefs. */
#ifndef BERTH_MODEL_WORKER_H
#define BERTH_MODEL_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "error.h"
#include "model/lifecycle.h"
#include "model/snapshot.h"

#define WORKER_DEFAULT_INTERVAL_MS 2000
#define WORKER_DEFAULT_RELIST_MS 30000
#define WORKER_BACKOFF_MIN_MS 500
#define WORKER_BACKOFF_MAX_MS 5000

struct worker_config {
    unsigned interval_ms;    /* stats refresh; 0: WORKER_DEFAULT_INTERVAL_MS */
    unsigned relist_ms;      /* safety relist; 0: WORKER_DEFAULT_RELIST_MS */
    size_t history_len;      /* samples per series; 0: HISTORY_DEFAULT_CAPACITY */
    bool no_cgroup;          /* never read cgroup files, always the API */
    const char *proc_root;   /* NULL: "/proc" (tests point these at fake trees) */
    const char *sys_root;    /* NULL: "/sys" */
    long request_timeout_ms; /* lists, inspects, info; 0: the engine's timeout */
};

/* Queued actions. To add one: a kind here, a row in worker.c's action
 * table with its start function, which issues its request(s) and finally
 * calls the completion that posts the result. */
enum worker_action_kind {
    WORKER_ACTION_REFRESH = 1, /* relist and sample now */
    /* inspect id: CPU limit and health log into snapshot_container.detail;
     * posts a result only when it fails */
    WORKER_ACTION_DETAIL,
    /* start, stop, kill, remove, update... (action.lc) */
    WORKER_ACTION_LIFECYCLE,
    WORKER_ACTION_NKINDS,
};

struct worker_action {
    enum worker_action_kind kind;
    char id[65]; /* target container, "" when none */
    /* WORKER_ACTION_LIFECYCLE: verb and options */
    struct lifecycle_params lc;
};

struct worker;

void worker_config_init(struct worker_config *cfg);

/* A worker for base's endpoint (cloned: base stays the caller's). cfg may
 * be NULL for defaults. NULL with err when the wake-up pipe fails. */
struct worker *worker_new(const struct engine *base, const struct worker_config *cfg,
                          struct berth_error *err);
/* Start the thread. */
int worker_start(struct worker *w, struct berth_error *err);
/* Cancel every stream and join; prompt even mid-request. Idempotent. */
void worker_stop(struct worker *w);
/* Stops if needed, then frees. */
void worker_free(struct worker *w);

/* Read end of the wake-up pipe, for poll(). */
int worker_wakeup_fd(const struct worker *w);
/* Consume wake-ups; call when the fd is readable, before worker_snapshot. */
void worker_wakeup_drain(struct worker *w);
/* The newest snapshot (a reference: snapshot_unref it), or NULL before the
 * first publish. */
struct snapshot *worker_snapshot(struct worker *w);

/* The containers the UI shows plus the selected one (full ids). Only these
 * are asked for through the stats API; cgroup sampling covers all. Until
 * the first call, all running containers count as shown. Thread-safe. */
void worker_set_interest(struct worker *w, const char *const *ids, size_t n);

/* Queue an action; returns its sequence number (> 0), which comes back in
 * snapshot.results. Thread-safe, never blocks on the engine. */
uint64_t worker_submit(struct worker *w, const struct worker_action *action);

const char *worker_action_name(enum worker_action_kind kind);

#endif
