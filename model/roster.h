/* The worker's own table of containers: list rows kept current by events,
 * each with its live state (main process, cgroup folders, the last stats
 * sample, figures and history). Owned and touched by the worker thread
 * only; the UI sees it through snapshots (roster_fill_snapshot).
 *
 * Ordering between a list reply and events: a list is a picture taken when
 * the engine answered, and events may land while it is in flight. Every
 * applied event bumps the roster's sequence number and stamps the row; a
 * list result carries the sequence number from when it was asked for, and
 * a row touched by an event after that keeps the event's state (and is
 * queued for a fresh look) instead of going back to the older picture. A
 * destroyed id leaves a tombstone so a late list does not bring it back. */
#ifndef BERTH_MODEL_ROSTER_H
#define BERTH_MODEL_ROSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "model/cgroup_stats.h"
#include "model/container.h"
#include "model/history.h"
#include "model/snapshot.h"
#include "model/stats.h"

struct roster_row {
    struct container c; /* the list row, updated by events */
    uint64_t ev_seq;    /* roster seq of the last event applied here */
    bool need_refresh;  /* ask the engine for this row again */
    bool oom;           /* oom event since the last start */
    bool died;          /* die event and no start since (see roster_merge_list) */
    bool ev_state_fresh; /* the state was set by an event no list has confirmed yet */
    unsigned list_lag;   /* lists that disagreed with that event so far */

    int pid; /* main process (inspect State.Pid), 0 unknown */
    bool inspect_inflight;
    bool located;   /* paths hold this pid's cgroup folders */
    bool cg_failed; /* cgroup reading failed for this pid: use the API */
    struct cgroup_stats_paths paths;

    bool stats_inflight; /* an API stats request is out */
    bool have_prev;      /* prev holds the last sample */
    enum snapshot_stats_source prev_source;
    struct stats_raw prev;
    bool has_stats;
    enum snapshot_stats_source source;
    struct stats_figures fig;
    double stats_mono; /* CLOCK_MONOTONIC seconds of the figures */
    struct history hist;
    struct container_detail *detail; /* the last WORKER_ACTION_DETAIL fetch, or NULL */
};

struct roster_tomb {
    char id[65];
    uint64_t seq; /* roster seq of the destroy event */
};

struct roster {
    struct roster_row *rows;
    size_t n, cap;
    uint64_t seq; /* events applied so far */
    size_t history_len;
    struct roster_tomb *tombs; /* recently destroyed ids (bounded) */
    size_t ntombs;
};

/* What an event asks the worker to do next. */
struct roster_effect {
    bool changed; /* publish a new snapshot */
    bool refetch; /* the row wants a fresh list entry (need_refresh set) */
    bool unknown; /* the event named a container not in the table */
};

void roster_init(struct roster *r, size_t history_len);
void roster_done(struct roster *r);

struct roster_row *roster_find(struct roster *r, const char *id);
/* Forget a row's process and samples (stopped, or recreated). */
void roster_row_reset_live(struct roster_row *row);

/* Merge a list reply asked for at sequence issued_seq. full: the reply is
 * the whole list (all=1), so rows missing from it are dropped; otherwise it
 * covers only some ids (a refetch). Takes the items (list is emptied).
 * Returns how many lists in a row the most lagging row has now doubted
 * (0: none doubted), so the caller can space its next ask: the engine's
 * list can take seconds to catch up with an event on a busy host. */
unsigned roster_merge_list(struct roster *r, struct container_list *list, uint64_t issued_seq,
                           bool full);

/* Apply one /events value (Type container). Unknown containers are added
 * as placeholders when the event is a create, and flagged for a refetch. */
void roster_apply_event(struct roster *r, const cJSON *ev, struct roster_effect *out);

/* Append deep copies of every row to s (the caller finishes s). */
void roster_fill_snapshot(const struct roster *r, struct snapshot *s, double now_mono);

#endif
