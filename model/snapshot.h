/* Immutable snapshots of the model, and the channel that hands them over.
 *
 * A snapshot is plain data: the engine's state, host totals, every
 * container (deep copies) with its latest figures and its history, and
 * counts. Once published it never changes, so the UI renders one with no
 * lock held. The worker builds a fresh one for each change and publishes it
 * with a pointer swap under the channel's mutex; readers take a reference
 * (snapshot_acquire) for one frame and drop it (snapshot_unref). The last
 * reference frees it, on whichever thread drops it.
 *
 * Publishing wakes the reader through a non-blocking pipe whose read end
 * goes in the UI's poll set (snapshot_channel_fd). Wake-ups coalesce: many
 * publishes between two reads leave one byte in the pipe, and the writer
 * never blocks. The reader calls snapshot_channel_drain() when the fd is
 * readable and then acquires the newest snapshot: no publish is missed,
 * since any publish after the drain writes a fresh byte.
 *
 * Strings are engine text, not sanitised (see container.h). */
#ifndef BERTH_MODEL_SNAPSHOT_H
#define BERTH_MODEL_SNAPSHOT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model/container.h"
#include "model/container_detail.h"
#include "model/history.h"
#include "model/stats.h"

enum snapshot_stats_source {
    SNAPSHOT_STATS_NONE = 0, /* no figures yet (stopped, or not asked for) */
    SNAPSHOT_STATS_CGROUP,   /* read from the host's cgroup files */
    SNAPSHOT_STATS_API,      /* from the engine's stats API */
};

struct snapshot_container {
    struct container c; /* deep copy of the list row, kept current by events */
    int pid;            /* main process on the engine host, 0 when unknown */
    enum snapshot_stats_source source;
    bool has_stats;              /* stats holds figures */
    struct stats_figures stats;  /* latest figures */
    double stats_age;            /* seconds since those figures were sampled */
    bool oom;                    /* an oom event came since the last start */
    struct history_view history; /* samples, oldest first */
    /* CPU limit and health log, NULL until a view asked (WORKER_ACTION_DETAIL);
     * shared, read-only. */
    struct container_detail *detail;
    /* A lifecycle action waiting for the engine ("stopping"), "" when none. */
    char pending[16];
};

/* The result of one queued action (worker_submit), posted back for the UI's
 * status line. */
struct snapshot_action_result {
    uint64_t seq; /* the number worker_submit returned */
    int kind;     /* enum worker_action_kind */
    bool ok;
    char id[65];   /* the container acted on, "" when none */
    char *message; /* operator-facing text (may hold engine text) */
};

struct snapshot_counts {
    size_t total;
    size_t running; /* running and restarting */
    size_t paused;
    size_t stopped; /* created, exited, dead, removing */
    size_t unhealthy;
};

struct snapshot {
    atomic_int refs;      /* private: use snapshot_ref/snapshot_unref */
    uint64_t generation;  /* set on publish, grows by one each time */
    int64_t published_at; /* unix seconds */

    /* The engine. */
    char *endpoint;         /* the endpoint as the operator wrote it */
    char *server_version;   /* "20.10.24+dfsg1", NULL before the first answer */
    char *api_version;      /* negotiated, "1.41" */
    char *host_name;        /* the engine host's name (/info Name), NULL before */
    bool connected;         /* an answer came since the last failure */
    bool listed;            /* the container list has arrived on this connection */
    bool stale;             /* the data below is old: the engine is unreachable */
    char *error;            /* the last connection failure, NULL when none */
    int64_t stale_since;    /* unix seconds when it went stale, 0 when not */
    bool stats_from_cgroup; /* figures come from cgroup files, not the API */
    unsigned interval_ms;   /* stats refresh interval */

    /* The host. */
    int ncpu;
    uint64_t mem_total;

    /* Containers, sorted by id (snapshot_find). */
    struct snapshot_container *containers;
    size_t ncontainers;
    struct snapshot_counts counts;

    /* Recent action results, oldest first (bounded). */
    struct snapshot_action_result *results;
    size_t nresults;
};

/* A new empty snapshot holding one reference. */
struct snapshot *snapshot_new(void);
struct snapshot *snapshot_ref(struct snapshot *s);
/* Drop a reference; the last one frees the snapshot. NULL is ignored. */
void snapshot_unref(struct snapshot *s);

/* Building a snapshot, for the worker before publishing. */
struct snapshot_container *snapshot_add_container(struct snapshot *s);
void snapshot_add_result(struct snapshot *s, const struct snapshot_action_result *r);
/* Sort the containers by id and compute the counts. */
void snapshot_finish(struct snapshot *s);

/* The container with this full id (or unique id prefix of >= 12 chars),
 * or NULL. */
const struct snapshot_container *snapshot_find(const struct snapshot *s, const char *id);

/* --- hand-over ----------------------------------------------------------- */

struct snapshot_channel;

/* NULL with err when the wake-up pipe cannot be made. */
struct snapshot_channel *snapshot_channel_new(struct berth_error *err);
/* Drops the current snapshot and closes the pipe. */
void snapshot_channel_free(struct snapshot_channel *ch);

/* Make s current, taking over the caller's reference; stamps its
 * generation; wakes the reader. Never blocks. */
void snapshot_publish(struct snapshot_channel *ch, struct snapshot *s);
/* A new reference to the current snapshot, or NULL before the first. */
struct snapshot *snapshot_acquire(struct snapshot_channel *ch);
/* Generation of the current snapshot (0 before the first). */
uint64_t snapshot_channel_generation(struct snapshot_channel *ch);

/* The read end for poll(): readable after a publish. */
int snapshot_channel_fd(const struct snapshot_channel *ch);
/* Consume pending wake-ups (call when the fd polled readable). */
void snapshot_channel_drain(struct snapshot_channel *ch);

#endif
