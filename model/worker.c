/* The model's worker thread: see worker.h.
 *
 * Everything the thread does with the engine goes through its stream set
 * (libcurl multi), so the loop never blocks on one request: lists,
 * inspects, stats and the events subscription are all streams, and each
 * reply lands in req_on_end on this thread. The one blocking call is the
 * version negotiation (HEAD /_ping) when the caller's engine had not
 * negotiated yet; it runs before the loop, bounded by the request timeout.
 *
 * Connection epochs: every (re)connect starts a new epoch; replies that
 * belong to an older epoch are dropped unread, so a slow answer from
 * before an outage never overwrites fresh data.
 *
 * Threads: the UI calls worker_set_interest, worker_submit, worker_stop
 * and the snapshot functions; those touch only the fields under `lock`
 * (interest, queue, the streams pointer for wake-ups) and the snapshot
 * channel. All other fields belong to the worker thread. */
#include "config.h"

#include "model/worker.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine_streams.h"
#include "model/cgroup_stats.h"
#include "model/container.h"
#include "model/roster.h"
#include "model/stats.h"
#include "strbuf.h"
#include "xalloc.h"

/* Inspects (for main process ids) in flight at most. */
#define WORKER_MAX_INSPECTS 8
/* Ids per refetch request. */
#define WORKER_REFETCH_BATCH 50
/* Action results kept for the status line. */
#define WORKER_MAX_RESULTS 16
/* How long stats?stream=0 may take (the engine needs 1-2 s). */
#define WORKER_STATS_TIMEOUT_MS 20000L
/* List as soon as the events subscription is open; if the engine never
 * says so, list anyway after this. */
#define WORKER_LIST_FALLBACK_S 2.0

/* Container events the model reacts to (exec_* from healthchecks are left
 * out at the source). */
#define WORKER_EVENTS_FILTER                                                                       \
    "{\"type\":[\"container\"],\"event\":[\"create\",\"start\",\"die\",\"stop\",\"kill\","         \
    "\"pause\",\"unpause\",\"restart\",\"rename\",\"destroy\",\"health_status\",\"oom\"]}"

enum wreq_kind {
    WREQ_INFO,    /* GET /info: the connect probe and host totals */
    WREQ_EVENTS,  /* GET /events, for the whole connection */
    WREQ_LIST,    /* GET /containers/json?all=1 */
    WREQ_REFETCH, /* the same, filtered by ids */
    WREQ_INSPECT, /* GET /containers/ID/json, for State.Pid */
    WREQ_STATS,   /* GET /containers/ID/stats?stream=0 */
    WREQ_DETAIL,  /* GET /containers/ID/json for WORKER_ACTION_DETAIL */
    WREQ_ACTION,  /* POST/DELETE of a lifecycle action (lifecycle.h) */
};

/* One request in flight. */
struct wreq {
    struct worker *w;
    enum wreq_kind kind;
    uint64_t epoch;      /* connection epoch when issued */
    uint64_t issued_seq; /* roster seq when issued */
    char id[65];         /* container, for inspect and stats */
    cJSON *doc;          /* the reply document */
    int stream_id;
    uint64_t job_seq; /* WREQ_DETAIL: the action it answers */
    struct wreq *prev, *next;
};

struct action_job {
    uint64_t seq;
    struct worker_action action;
};

/* A lifecycle action in flight: the pure state machine plus the
 * connection epoch its request belongs to. */
struct lc_job {
    struct lifecycle_pending pa;
    uint64_t epoch;
};

struct worker;
/* Starts an action; the action ends with action_done (now or later). */
typedef void (*action_start_fn)(struct worker *w, const struct action_job *job);

struct worker {
    /* Set up before the thread starts, read-only after. */
    unsigned interval_ms;
    unsigned relist_ms;
    long req_timeout_ms;
    bool cg_allowed; /* local endpoint and not disabled */
    struct engine *engine;
    struct snapshot_channel *ch;
    pthread_t thread;
    bool started, joined;
    atomic_bool stop;

    /* Shared with other threads, under lock. */
    pthread_mutex_t lock;
    pthread_cond_t cond; /* wakes the negotiation back-off early */
    struct engine_streams *streams;
    char (*interest)[65];
    size_t ninterest;
    bool interest_set, interest_changed;
    struct action_job *queue;
    size_t nqueue, qcap;
    uint64_t next_action_seq;

    /* The worker thread's own. */
    bool shutting_down;
    struct roster roster;
    struct cgroup_stats_root cg_root;
    bool cg_enabled; /* cgroup files readable on this host */
    char (*my_interest)[65];
    size_t my_ninterest;
    bool my_interest_set;
    struct wreq *reqs; /* requests in flight */
    uint64_t epoch;
    bool connected, connecting, events_open, listed;
    bool stale;
    char *error; /* the last connection failure */
    int64_t stale_since;
    unsigned backoff_ms;
    double next_connect, next_stats, next_relist, next_refetch;
    bool list_inflight, relist_wanted, refetch_inflight;
    bool reset_pending; /* a new connection: forget processes at its first answer */
    int inspects_inflight;
    char *server_version;
    char *host_name; /* /info Name */
    int ncpu;
    uint64_t mem_total;
    struct snapshot_action_result results[WORKER_MAX_RESULTS];
    size_t nresults;
    struct lc_job *lc; /* lifecycle actions not finished yet */
    size_t nlc;
    struct action_job *waiting; /* refresh jobs waiting for the next list */
    size_t nwaiting;
    bool dirty;
};

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- results and publishing ------------------------------------------- */

static void post_result(struct worker *w, const struct action_job *job, bool ok,
                        const char *message)
{
    if (w->nresults == WORKER_MAX_RESULTS) {
        free(w->results[0].message);
        memmove(w->results, w->results + 1, (w->nresults - 1) * sizeof *w->results);
        w->nresults--;
    }
    struct snapshot_action_result *r = &w->results[w->nresults++];
    memset(r, 0, sizeof *r);
    r->seq = job->seq;
    r->kind = (int)job->action.kind;
    r->ok = ok;
    snprintf(r->id, sizeof r->id, "%s", job->action.id);
    r->message = xstrdup(message);
    w->dirty = true;
}

/* Finish every job waiting for a list outcome. */
static void resolve_waiting(struct worker *w, bool ok, const char *message)
{
    for (size_t i = 0; i < w->nwaiting; i++)
        post_result(w, &w->waiting[i], ok, message);
    w->nwaiting = 0;
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

/* Rows with an action in flight show it ("stopping"). */
static void lc_mark_pending(const struct worker *w, struct snapshot *s)
{
    for (size_t i = 0; i < w->nlc; i++) {
        const struct lifecycle_pending *pa = &w->lc[i].pa;
        for (size_t k = 0; k < s->ncontainers; k++) {
            if (strcmp(s->containers[k].c.id, pa->id) == 0)
                snprintf(s->containers[k].pending, sizeof s->containers[k].pending, "%s",
                         lifecycle_verb_pending(pa->params.verb));
        }
    }
}

static void publish(struct worker *w)
{
    struct snapshot *s = snapshot_new();
    const struct endpoint *ep = engine_endpoint(w->engine);
    s->endpoint = dup_or_null(ep->display);
    s->server_version = dup_or_null(w->server_version);
    s->host_name = dup_or_null(w->host_name);
    s->api_version = dup_or_null(engine_api_version(w->engine));
    s->connected = w->connected;
    /* The first list may come in before /info (they go out together):
     * its rows show at once, but "listed" waits for the connection to be
     * confirmed, as actions do. */
    s->listed = w->listed && w->connected;
    s->stale = w->stale;
    s->error = dup_or_null(w->error);
    s->stale_since = w->stale ? w->stale_since : 0;
    s->stats_from_cgroup = w->cg_enabled;
    s->interval_ms = w->interval_ms;
    s->ncpu = w->ncpu;
    s->mem_total = w->mem_total;
    roster_fill_snapshot(&w->roster, s, mono_now());
    lc_mark_pending(w, s);
    for (size_t i = 0; i < w->nresults; i++)
        snapshot_add_result(s, &w->results[i]);
    snapshot_finish(s);
    snapshot_publish(w->ch, s);
    w->dirty = false;
}

/* --- requests ---------------------------------------------------------- */

static void req_on_end(void *user, long http_status, const struct berth_error *err);

static bool req_on_json(void *user, const cJSON *value)
{
    struct wreq *q = user;
    if (q->kind == WREQ_EVENTS) {
        struct worker *w = q->w;
        if (q->epoch != w->epoch || w->shutting_down)
            return false;
        struct roster_effect fx;
        roster_apply_event(&w->roster, value, &fx);
        if (fx.changed)
            w->dirty = true;
        return true;
    }
    if (!q->doc)
        q->doc = cJSON_Duplicate(value, 1);
    return true;
}

static void req_on_open(void *user, long http_status);

/* Issue a request on the stream set. */
static struct wreq *req_start(struct worker *w, enum wreq_kind kind, const char *id,
                              const char *path, long timeout_ms)
{
    struct wreq *q = xcalloc(1, sizeof *q);
    q->w = w;
    q->kind = kind;
    q->epoch = w->epoch;
    q->issued_seq = w->roster.seq;
    if (id)
        snprintf(q->id, sizeof q->id, "%s", id);
    q->next = w->reqs;
    if (w->reqs)
        w->reqs->prev = q;
    w->reqs = q;
    struct engine_stream_spec spec = {
        .method = "GET",
        .path = path,
        .mode = ENGINE_STREAM_JSON,
        .on_json = req_on_json,
        .on_open = kind == WREQ_EVENTS ? req_on_open : NULL,
        .on_end = req_on_end,
        .user = q,
        .timeout_ms = timeout_ms,
    };
    q->stream_id = engine_streams_add(w->streams, &spec);
    return q;
}

static void req_free(struct worker *w, struct wreq *q)
{
    if (q->prev)
        q->prev->next = q->next;
    else
        w->reqs = q->next;
    if (q->next)
        q->next->prev = q->prev;
    cJSON_Delete(q->doc);
    free(q);
}

/* Failures that mean the engine cannot be reached (as opposed to an HTTP
 * error it answered with). */
static bool is_connection_error(const struct berth_error *err)
{
    if (!err)
        return true;
    switch (err->kind) {
    case BERTH_ERR_CONNECT:
    case BERTH_ERR_PERMISSION:
    case BERTH_ERR_TLS:
    case BERTH_ERR_TIMEOUT:
    case BERTH_ERR_PROTOCOL:
        return true;
    default:
        return false;
    }
}

/* The engine went away: void the requests in flight, mark the data stale
 * and schedule a reconnect with back-off. */
static void go_offline(struct worker *w, const char *message)
{
    w->epoch++;
    for (struct wreq *q = w->reqs; q; q = q->next)
        engine_streams_cancel(w->streams, q->stream_id);
    w->connected = w->connecting = w->events_open = w->listed = false;
    w->list_inflight = w->refetch_inflight = w->relist_wanted = false;
    w->inspects_inflight = 0;
    for (size_t i = 0; i < w->roster.n; i++) {
        w->roster.rows[i].inspect_inflight = false;
        w->roster.rows[i].stats_inflight = false;
    }
    if (!w->stale) {
        w->stale = true;
        w->stale_since = (int64_t)time(NULL);
    }
    free(w->error);
    w->error = xstrdup(message);
    w->next_connect = mono_now() + w->backoff_ms / 1000.0;
    w->backoff_ms =
        w->backoff_ms * 2 > WORKER_BACKOFF_MAX_MS ? WORKER_BACKOFF_MAX_MS : w->backoff_ms * 2;
    char *why = xasprintf("the engine is unreachable: %s", message);
    resolve_waiting(w, false, why);
    free(why);
    w->dirty = true;
}

/* The first answer on a new connection: containers may have restarted
 * while we were away, so find their processes again rather than trust the
 * old pids, and take no old death as current. Done before anything of the
 * new connection is merged; not at the attempt itself, so a stale table
 * keeps its last figures while the engine is away. */
static void connection_answered(struct worker *w)
{
    if (!w->reset_pending)
        return;
    w->reset_pending = false;
    for (size_t i = 0; i < w->roster.n; i++)
        roster_row_reset_live(&w->roster.rows[i]);
}

static void start_list(struct worker *w)
{
    if (w->list_inflight) {
        w->relist_wanted = true;
        return;
    }
    w->list_inflight = true;
    w->relist_wanted = false;
    w->next_relist = mono_now() + w->relist_ms / 1000.0;
    req_start(w, WREQ_LIST, NULL, "/containers/json?all=1", w->req_timeout_ms);
}

static void start_events(struct worker *w)
{
    char *filters = engine_urlencode(WORKER_EVENTS_FILTER);
    char *path = xasprintf("/events?filters=%s", filters);
    req_start(w, WREQ_EVENTS, NULL, path, 0);
    free(path);
    free(filters);
}

static void req_on_open(void *user, long http_status)
{
    struct wreq *q = user;
    struct worker *w = q->w;
    (void)http_status;
    if (q->epoch != w->epoch || w->shutting_down)
        return;
    /* Subscribed: a list from now on misses no change. */
    connection_answered(w);
    w->events_open = true;
    start_list(w);
}

static void on_info(struct worker *w, struct wreq *q, const struct berth_error *err)
{
    w->connecting = false;
    if (err || !q->doc) {
        go_offline(w, err ? err->message : "the engine sent no /info document");
        return;
    }
    struct engine_info info;
    memset(&info, 0, sizeof info);
    engine_info_parse(q->doc, &info);
    free(w->server_version);
    w->server_version = xstrdup(info.server_version);
    free(w->host_name);
    w->host_name = xstrdup(info.name);
    w->ncpu = info.ncpu;
    w->mem_total = info.mem_total;
    w->connected = true;
    w->backoff_ms = WORKER_BACKOFF_MIN_MS;
    /* cgroup files only mean something on the engine's own host. */
    struct cgroup_stats_host host;
    w->cg_enabled = w->cg_allowed && cgroup_stats_read_host(&w->cg_root, &host, NULL) == 0;
    connection_answered(w);
    w->dirty = true;
}

static void on_list(struct worker *w, struct wreq *q, const struct berth_error *err, bool full)
{
    if (full)
        w->list_inflight = false;
    else
        w->refetch_inflight = false;
    struct berth_error perr;
    struct container_list list = {0};
    if (!err && (!q->doc || container_list_from_json(q->doc, &list, &perr) < 0))
        err = q->doc ? &perr : NULL;
    if (err || !q->doc) {
        const char *msg = err ? err->message : "the engine sent no container list";
        if (!full) {
            w->next_refetch = mono_now() + 1.0;
            return;
        }
        if (is_connection_error(err)) {
            go_offline(w, msg);
            return;
        }
        /* The engine answered with an error: say so, keep the old rows. */
        free(w->error);
        w->error = xstrdup(msg);
        resolve_waiting(w, false, msg);
        w->dirty = true;
        return;
    }
    connection_answered(w);
    size_t n = list.count;
    unsigned lag = roster_merge_list(&w->roster, &list, q->issued_seq, full);
    if (lag > 0) /* give the engine's list time to catch up with the event */
        w->next_refetch = mono_now() + fmin(0.2 * (double)(1u << (lag - 1)), 2.0);
    if (full) {
        w->listed = true;
        w->stale = false;
        w->stale_since = 0;
        free(w->error);
        w->error = NULL;
        char *msg = xasprintf("refreshed: %zu containers", n);
        resolve_waiting(w, true, msg);
        free(msg);
        if (w->relist_wanted)
            start_list(w);
    }
    w->dirty = true;
}

static void take_sample(struct worker *w, struct roster_row *row, const struct stats_raw *cur,
                        const struct stats_raw *fallback_prev, enum snapshot_stats_source src,
                        bool to_history);

static void on_inspect(struct worker *w, struct wreq *q, const struct berth_error *err)
{
    w->inspects_inflight--;
    struct roster_row *row = roster_find(&w->roster, q->id);
    if (!row)
        return;
    row->inspect_inflight = false;
    if (row->ev_seq > q->issued_seq)
        return; /* started or stopped since: ask again */
    const cJSON *state = q->doc ? cJSON_GetObjectItemCaseSensitive(q->doc, "State") : NULL;
    int pid = (int)engine_json_u64(state, "Pid", 0);
    if (err || pid <= 0) {
        /* Not running any more, or no answer: use the API for it. */
        row->cg_failed = true;
        return;
    }
    row->pid = pid;
    if (cgroup_stats_locate(&w->cg_root, pid, row->c.id, &row->paths, NULL) < 0) {
        row->cg_failed = true;
        w->dirty = true;
        return;
    }
    row->located = true;
    /* A baseline now, so memory shows at once and the next round already
     * has two samples for CPU %. */
    struct cgroup_stats_host host;
    struct stats_raw raw;
    if (cgroup_stats_read_host(&w->cg_root, &host, NULL) == 0 &&
        cgroup_stats_read(&w->cg_root, &row->paths, &host, &raw, NULL) == 0)
        take_sample(w, row, &raw, NULL, SNAPSHOT_STATS_CGROUP, false);
    w->dirty = true;
}

/* Store a new sample and its figures; append them to the history unless
 * it is an off-beat baseline (to_history false). */
static void take_sample(struct worker *w, struct roster_row *row, const struct stats_raw *cur,
                        const struct stats_raw *fallback_prev, enum snapshot_stats_source src,
                        bool to_history)
{
    const struct stats_raw *prev = NULL;
    if (row->have_prev && row->prev_source == src)
        prev = &row->prev;
    else if (fallback_prev && fallback_prev->has_cpu)
        prev = fallback_prev;
    stats_compute(prev, cur, &row->fig);
    row->has_stats = true;
    row->source = src;
    row->stats_mono = mono_now();
    row->prev = *cur;
    row->have_prev = true;
    row->prev_source = src;
    if (to_history)
        history_append_figures(&row->hist, &row->fig);
    w->dirty = true;
}

static void on_stats(struct worker *w, struct wreq *q, const struct berth_error *err)
{
    struct roster_row *row = roster_find(&w->roster, q->id);
    if (!row)
        return;
    row->stats_inflight = false;
    if (err || !q->doc || row->ev_seq > q->issued_seq)
        return; /* gone, or restarted since: its counters started again */
    struct stats_raw cur, pre;
    if (stats_raw_from_json(q->doc, &cur, &pre, NULL) < 0)
        return;
    take_sample(w, row, &cur, &pre, SNAPSHOT_STATS_API, true);
}

/* An inspect for a view: keep the decoded detail on the row (the next
 * snapshots share it) and post the outcome. */
static void on_detail(struct worker *w, struct wreq *q, const struct berth_error *err)
{
    struct action_job job = {.seq = q->job_seq};
    job.action.kind = WORKER_ACTION_DETAIL;
    snprintf(job.action.id, sizeof job.action.id, "%s", q->id);
    struct roster_row *row = roster_find(&w->roster, q->id);
    struct berth_error perr;
    struct container_detail *d = NULL;
    if (!err && q->doc)
        d = container_detail_from_json(q->doc, &perr);
    if (!d) {
        post_result(w, &job, false, err ? err->message : "inspect: no answer");
        return;
    }
    d->fetched = mono_now();
    if (row) {
        container_detail_unref(row->detail);
        row->detail = d;
    } else {
        container_detail_unref(d);
    }
    /* Success shows as the detail in the next snapshot; no result, so the
     * status line is not told about a view's routine refresh. */
    w->dirty = true;
}

static struct lc_job *lc_find(struct worker *w, uint64_t seq)
{
    for (size_t i = 0; i < w->nlc; i++) {
        if (w->lc[i].pa.seq == seq)
            return &w->lc[i];
    }
    return NULL;
}

/* Text of an update reply's Warnings, or NULL. */
static char *reply_warnings(const cJSON *doc)
{
    const cJSON *arr = doc ? cJSON_GetObjectItemCaseSensitive(doc, "Warnings") : NULL;
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
        return NULL;
    struct strbuf sb;
    strbuf_init(&sb);
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (cJSON_IsString(it) && it->valuestring) {
            if (sb.len)
                strbuf_append(&sb, "; ", 2);
            strbuf_append(&sb, it->valuestring, strlen(it->valuestring));
        }
    }
    return strbuf_detach(&sb);
}

static void on_lifecycle(struct worker *w, struct wreq *q, long http_status,
                         const struct berth_error *err)
{
    struct lc_job *j = lc_find(w, q->job_seq);
    if (!j)
        return;
    char *warn = reply_warnings(q->doc);
    lifecycle_pending_reply(&j->pa, http_status, err, warn, mono_now());
    free(warn);
    /* The events will say when the target state is reached; ask the
     * list too, in case they are slow. */
    struct roster_row *row = roster_find(&w->roster, j->pa.id);
    if (row)
        row->need_refresh = true;
    w->dirty = true;
}

static void req_on_end(void *user, long http_status, const struct berth_error *err)
{
    struct wreq *q = user;
    struct worker *w = q->w;
    (void)http_status;
    if (q->epoch != w->epoch || w->shutting_down) {
        req_free(w, q);
        return;
    }
    switch (q->kind) {
    case WREQ_INFO:
        on_info(w, q, err);
        break;
    case WREQ_EVENTS:
        if (!err || err->kind != BERTH_ERR_CANCELLED)
            go_offline(w, err ? err->message : "the engine closed the event stream");
        break;
    case WREQ_LIST:
        on_list(w, q, err, true);
        break;
    case WREQ_REFETCH:
        on_list(w, q, err, false);
        break;
    case WREQ_INSPECT:
        on_inspect(w, q, err);
        break;
    case WREQ_STATS:
        on_stats(w, q, err);
        break;
    case WREQ_DETAIL:
        on_detail(w, q, err);
        break;
    case WREQ_ACTION:
        on_lifecycle(w, q, http_status, err);
        break;
    }
    req_free(w, q);
}

/* --- scheduled work ---------------------------------------------------- */

static bool interested(const struct worker *w, const char *id)
{
    if (!w->my_interest_set)
        return true;
    for (size_t i = 0; i < w->my_ninterest; i++)
        if (strcmp(w->my_interest[i], id) == 0)
            return true;
    return false;
}

static bool has_process(enum container_state s)
{
    return s == CONTAINER_STATE_RUNNING || s == CONTAINER_STATE_PAUSED;
}

/* One stats round: cgroup files for the containers located on this host,
 * API requests (concurrent) for the others the UI shows. */
static void stats_round(struct worker *w)
{
    struct cgroup_stats_host host;
    bool host_ok = false;
    if (w->cg_enabled)
        host_ok = cgroup_stats_read_host(&w->cg_root, &host, NULL) == 0;

    for (size_t i = 0; i < w->roster.n; i++) {
        struct roster_row *row = &w->roster.rows[i];
        if (!has_process(row->c.state)) {
            row->has_stats = false;
            continue;
        }
        if (w->cg_enabled && row->located && host_ok) {
            struct stats_raw raw;
            if (cgroup_stats_read(&w->cg_root, &row->paths, &host, &raw, NULL) == 0) {
                take_sample(w, row, &raw, NULL, SNAPSHOT_STATS_CGROUP, true);
                continue;
            }
            /* The process went away under us (or lost permission): the
             * events will say which; meanwhile ask the API. */
            row->located = false;
            row->cg_failed = true;
        }
        if (w->cg_enabled && !row->cg_failed)
            continue; /* waiting for its pid */
        if (row->stats_inflight || !interested(w, row->c.id))
            continue;
        char *path = xasprintf("/containers/%s/stats?stream=0", row->c.id);
        row->stats_inflight = true;
        req_start(w, WREQ_STATS, row->c.id, path, WORKER_STATS_TIMEOUT_MS);
        free(path);
    }
    w->dirty = true;
}

/* Inspect running containers whose main process is not known yet. */
static void start_inspects(struct worker *w)
{
    if (!w->cg_enabled)
        return;
    for (size_t i = 0; i < w->roster.n && w->inspects_inflight < WORKER_MAX_INSPECTS; i++) {
        struct roster_row *row = &w->roster.rows[i];
        if (!has_process(row->c.state) || row->pid || row->inspect_inflight || row->cg_failed)
            continue;
        char *path = xasprintf("/containers/%s/json", row->c.id);
        row->inspect_inflight = true;
        w->inspects_inflight++;
        req_start(w, WREQ_INSPECT, row->c.id, path, w->req_timeout_ms);
        free(path);
    }
}

/* Ask again for rows events touched, a batch of ids per request. */
static void start_refetch(struct worker *w, double now)
{
    if (w->refetch_inflight || now < w->next_refetch)
        return;
    cJSON *filters = cJSON_CreateObject();
    cJSON *ids = cJSON_AddArrayToObject(filters, "id");
    int n = 0;
    for (size_t i = 0; i < w->roster.n && n < WORKER_REFETCH_BATCH; i++) {
        struct roster_row *row = &w->roster.rows[i];
        if (!row->need_refresh)
            continue;
        row->need_refresh = false;
        cJSON_AddItemToArray(ids, cJSON_CreateString(row->c.id));
        n++;
    }
    if (n > 0) {
        char *text = cJSON_PrintUnformatted(filters);
        char *enc = engine_urlencode(text);
        char *path = xasprintf("/containers/json?all=1&filters=%s", enc);
        w->refetch_inflight = true;
        req_start(w, WREQ_REFETCH, NULL, path, w->req_timeout_ms);
        free(path);
        free(enc);
        free(text);
    }
    cJSON_Delete(filters);
}

/* --- actions ----------------------------------------------------------- */

static void action_refresh(struct worker *w, const struct action_job *job)
{
    w->waiting = xrealloc(w->waiting, (w->nwaiting + 1) * sizeof *w->waiting);
    w->waiting[w->nwaiting++] = *job;
    if (w->connected) {
        start_list(w);
        w->next_stats = mono_now();
    } else {
        /* Try the engine now rather than at the end of the back-off. */
        w->next_connect = mono_now();
        w->backoff_ms = WORKER_BACKOFF_MIN_MS;
    }
}

static void action_detail(struct worker *w, const struct action_job *job)
{
    if (!w->connected || !job->action.id[0]) {
        post_result(w, job, false, "not connected");
        return;
    }
    char *path = xasprintf("/containers/%s/json", job->action.id);
    struct wreq *q = req_start(w, WREQ_DETAIL, job->action.id, path, w->req_timeout_ms);
    q->job_seq = job->seq;
    free(path);
}

/* Send a lifecycle action's request; the row shows it pending until the
 * engine reports the target state (lc_tick) or the wait times out. */
static void action_lifecycle(struct worker *w, const struct action_job *job)
{
    struct berth_error err;
    struct lifecycle_request req;
    if (!w->connected) {
        post_result(w, job, false, "the engine is not connected");
        return;
    }
    if (lifecycle_request_build(job->action.id, &job->action.lc, w->req_timeout_ms, &req, &err) <
        0) {
        post_result(w, job, false, err.message);
        return;
    }
    w->lc = xrealloc(w->lc, (w->nlc + 1) * sizeof *w->lc);
    struct lc_job *j = &w->lc[w->nlc++];
    lifecycle_pending_init(&j->pa, job->seq, job->action.id, &job->action.lc);
    j->epoch = w->epoch;

    struct wreq *q = xcalloc(1, sizeof *q);
    q->w = w;
    q->kind = WREQ_ACTION;
    q->epoch = w->epoch;
    q->issued_seq = w->roster.seq;
    q->job_seq = job->seq;
    snprintf(q->id, sizeof q->id, "%s", job->action.id);
    q->next = w->reqs;
    if (w->reqs)
        w->reqs->prev = q;
    w->reqs = q;
    struct engine_stream_spec spec = {
        .method = req.method,
        .path = req.path,
        .mode = ENGINE_STREAM_JSON,
        .on_json = req_on_json,
        .on_end = req_on_end,
        .user = q,
        .timeout_ms = req.timeout_ms,
        .body = req.body,
        .body_len = req.body ? strlen(req.body) : 0,
    };
    q->stream_id = engine_streams_add(w->streams, &spec);
    lifecycle_request_done(&req);
    w->dirty = true;
}

/* Move lifecycle actions on: compare with what the model knows, post the
 * finished ones. Requests cut by a lost connection fail here. */
static void lc_tick(struct worker *w, double now)
{
    size_t k = 0;
    for (size_t i = 0; i < w->nlc; i++) {
        struct lc_job *j = &w->lc[i];
        if (j->pa.phase == LIFECYCLE_PHASE_REQUEST && j->epoch != w->epoch) {
            struct berth_error err;
            berth_error_set(&err, BERTH_ERR_CONNECT, 0, "the engine went away: %s",
                            w->error ? w->error : "no answer");
            lifecycle_pending_reply(&j->pa, 0, &err, NULL, now);
        }
        if (j->pa.phase == LIFECYCLE_PHASE_WAITING && w->listed) {
            const struct roster_row *row = roster_find(&w->roster, j->pa.id);
            lifecycle_pending_observe(&j->pa, row != NULL,
                                      row ? row->c.state : CONTAINER_STATE_UNKNOWN,
                                      row ? row->c.name : NULL, now);
        }
        if (j->pa.phase == LIFECYCLE_PHASE_DONE) {
            struct action_job job = {.seq = j->pa.seq};
            job.action.kind = WORKER_ACTION_LIFECYCLE;
            snprintf(job.action.id, sizeof job.action.id, "%s", j->pa.id);
            post_result(w, &job, j->pa.ok, j->pa.message ? j->pa.message : "done");
            lifecycle_pending_done(&j->pa);
            continue;
        }
        w->lc[k++] = *j;
    }
    w->nlc = k;
}

static const struct {
    const char *name;
    action_start_fn start;
} worker_actions[WORKER_ACTION_NKINDS] = {
    [WORKER_ACTION_REFRESH] = {"refresh", action_refresh},
    [WORKER_ACTION_DETAIL] = {"detail", action_detail},
    [WORKER_ACTION_LIFECYCLE] = {"lifecycle", action_lifecycle},
};

const char *worker_action_name(enum worker_action_kind kind)
{
    if ((int)kind <= 0 || kind >= WORKER_ACTION_NKINDS || !worker_actions[kind].name)
        return "?";
    return worker_actions[kind].name;
}

/* Take what other threads handed over: queued actions and the interest. */
static void take_requests(struct worker *w)
{
    pthread_mutex_lock(&w->lock);
    struct action_job *jobs = w->queue;
    size_t njobs = w->nqueue;
    w->queue = NULL;
    w->nqueue = w->qcap = 0;
    if (w->interest_changed) {
        free(w->my_interest);
        w->my_ninterest = w->ninterest;
        w->my_interest = w->ninterest ? xmalloc(w->ninterest * sizeof *w->my_interest) : NULL;
        if (w->ninterest)
            memcpy(w->my_interest, w->interest, w->ninterest * sizeof *w->my_interest);
        w->my_interest_set = w->interest_set;
        w->interest_changed = false;
    }
    pthread_mutex_unlock(&w->lock);

    for (size_t i = 0; i < njobs; i++) {
        enum worker_action_kind k = jobs[i].action.kind;
        if ((int)k > 0 && k < WORKER_ACTION_NKINDS && worker_actions[k].start)
            worker_actions[k].start(w, &jobs[i]);
        else
            post_result(w, &jobs[i], false, "unknown action");
    }
    free(jobs);
}

/* --- the thread -------------------------------------------------------- */

/* Sleep up to ms, or until worker_stop or worker_submit wakes us. */
static void nap(struct worker *w, unsigned ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&w->lock);
    if (!atomic_load(&w->stop) && w->nqueue == 0)
        pthread_cond_timedwait(&w->cond, &w->lock, &until);
    pthread_mutex_unlock(&w->lock);
}

/* The first contact when the caller had not negotiated a version: the
 * stream set needs one. Retries with back-off until it works or we stop. */
static bool negotiate(struct worker *w)
{
    while (!atomic_load(&w->stop)) {
        struct berth_error err;
        berth_error_clear(&err);
        if (engine_negotiate(w->engine, &err) == 0)
            return true;
        w->stale = true;
        if (!w->stale_since)
            w->stale_since = (int64_t)time(NULL);
        free(w->error);
        w->error = xstrdup(err.message);
        take_requests(w);
        resolve_waiting(w, false, err.message);
        publish(w);
        nap(w, w->backoff_ms);
        w->backoff_ms =
            w->backoff_ms * 2 > WORKER_BACKOFF_MAX_MS ? WORKER_BACKOFF_MAX_MS : w->backoff_ms * 2;
    }
    return false;
}

static int ms_until(double t, double now)
{
    double d = (t - now) * 1000.0;
    if (d <= 0)
        return 0;
    return d > 1000.0 ? 1000 : (int)d + 1;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    if (!engine_api_version(w->engine) && !negotiate(w))
        return NULL;
    pthread_mutex_lock(&w->lock);
    w->streams = engine_streams_new(w->engine);
    pthread_mutex_unlock(&w->lock);

    double now = mono_now();
    w->next_connect = now;
    w->next_stats = now;
    while (!atomic_load(&w->stop)) {
        take_requests(w);
        now = mono_now();
        if (!w->connected && !w->connecting && now >= w->next_connect) {
            w->connecting = true;
            w->reset_pending = true;
            req_start(w, WREQ_INFO, NULL, "/info", w->req_timeout_ms);
            /* The subscription and a first list go out with the probe, not
             * after it: /info is slow on a busy engine, and the table can
             * show as soon as the list is in. That list may miss a change
             * made before the subscription opens, so the subscription's
             * opening asks for another (req_on_open); until it opens, the
             * fallback below. */
            start_events(w);
            start_list(w);
            w->next_relist = now + WORKER_LIST_FALLBACK_S;
        }
        if (w->connected) {
            if (now >= w->next_relist)
                start_list(w);
            if (w->listed && now >= w->next_stats) {
                stats_round(w);
                /* Keep the beat: the next round is one interval after this
                 * one was due, unless we fell far behind. */
                w->next_stats += w->interval_ms / 1000.0;
                if (w->next_stats < now)
                    w->next_stats = now + w->interval_ms / 1000.0;
            }
            start_inspects(w);
            start_refetch(w, now);
        }
        if (w->nlc)
            lc_tick(w, now);
        if (w->dirty)
            publish(w);

        int timeout = 1000;
        if (w->connected) {
            int t = ms_until(w->next_relist, now);
            timeout = t < timeout ? t : timeout;
            if (w->listed) {
                t = ms_until(w->next_stats, now);
                timeout = t < timeout ? t : timeout;
            }
        } else if (!w->connecting) {
            int t = ms_until(w->next_connect, now);
            timeout = t < timeout ? t : timeout;
        }
        engine_streams_run(w->streams, timeout);
    }
    w->shutting_down = true;
    return NULL;
}

/* --- public ------------------------------------------------------------ */

void worker_config_init(struct worker_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->interval_ms = WORKER_DEFAULT_INTERVAL_MS;
    cfg->relist_ms = WORKER_DEFAULT_RELIST_MS;
    cfg->history_len = HISTORY_DEFAULT_CAPACITY;
}

struct worker *worker_new(const struct engine *base, const struct worker_config *cfg,
                          struct berth_error *err)
{
    struct worker_config defaults;
    if (!cfg) {
        worker_config_init(&defaults);
        cfg = &defaults;
    }
    struct snapshot_channel *ch = snapshot_channel_new(err);
    if (!ch)
        return NULL;
    struct worker *w = xcalloc(1, sizeof *w);
    w->ch = ch;
    w->engine = engine_clone(base);
    w->interval_ms = cfg->interval_ms ? cfg->interval_ms : WORKER_DEFAULT_INTERVAL_MS;
    w->relist_ms = cfg->relist_ms ? cfg->relist_ms : WORKER_DEFAULT_RELIST_MS;
    w->req_timeout_ms =
        cfg->request_timeout_ms > 0 ? cfg->request_timeout_ms : engine_timeout_ms(base);
    /* A pid from a remote engine names nothing here. */
    w->cg_allowed = !cfg->no_cgroup && engine_endpoint(base)->kind == ENDPOINT_UNIX;
    cgroup_stats_root_init(&w->cg_root, cfg->proc_root, cfg->sys_root);
    roster_init(&w->roster, cfg->history_len);
    w->backoff_ms = WORKER_BACKOFF_MIN_MS;
    atomic_init(&w->stop, false);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cond, NULL);
    return w;
}

int worker_start(struct worker *w, struct berth_error *err)
{
    if (w->started)
        return 0;
    int rc = pthread_create(&w->thread, NULL, worker_main, w);
    if (rc != 0)
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot start the worker thread: %s",
                               strerror(rc));
    w->started = true;
    return 0;
}

void worker_stop(struct worker *w)
{
    if (!w->started || w->joined)
        return;
    atomic_store(&w->stop, true);
    pthread_mutex_lock(&w->lock);
    if (w->streams)
        engine_streams_wakeup(w->streams);
    pthread_cond_broadcast(&w->cond);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    w->joined = true;
    /* The thread is gone: its streams end here (each on_end frees its
     * request without acting, shutting_down being set). */
    w->shutting_down = true;
    pthread_mutex_lock(&w->lock);
    struct engine_streams *streams = w->streams;
    w->streams = NULL;
    pthread_mutex_unlock(&w->lock);
    engine_streams_free(streams);
}

void worker_free(struct worker *w)
{
    if (!w)
        return;
    worker_stop(w);
    roster_done(&w->roster);
    cgroup_stats_root_done(&w->cg_root);
    for (size_t i = 0; i < w->nresults; i++)
        free(w->results[i].message);
    for (size_t i = 0; i < w->nlc; i++)
        lifecycle_pending_done(&w->lc[i].pa);
    free(w->lc);
    free(w->waiting);
    free(w->queue);
    free(w->interest);
    free(w->my_interest);
    free(w->error);
    free(w->server_version);
    free(w->host_name);
    engine_free(w->engine);
    snapshot_channel_free(w->ch);
    pthread_cond_destroy(&w->cond);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

int worker_wakeup_fd(const struct worker *w)
{
    return snapshot_channel_fd(w->ch);
}

void worker_wakeup_drain(struct worker *w)
{
    snapshot_channel_drain(w->ch);
}

struct snapshot *worker_snapshot(struct worker *w)
{
    return snapshot_acquire(w->ch);
}

void worker_set_interest(struct worker *w, const char *const *ids, size_t n)
{
    pthread_mutex_lock(&w->lock);
    free(w->interest);
    w->interest = n ? xmalloc(n * sizeof *w->interest) : NULL;
    for (size_t i = 0; i < n; i++)
        snprintf(w->interest[i], sizeof w->interest[i], "%s", ids[i] ? ids[i] : "");
    w->ninterest = n;
    w->interest_set = true;
    w->interest_changed = true;
    if (w->streams)
        engine_streams_wakeup(w->streams);
    pthread_mutex_unlock(&w->lock);
}

uint64_t worker_submit(struct worker *w, const struct worker_action *action)
{
    pthread_mutex_lock(&w->lock);
    if (w->nqueue == w->qcap) {
        w->qcap = w->qcap ? w->qcap * 2 : 8;
        w->queue = xrealloc(w->queue, w->qcap * sizeof *w->queue);
    }
    uint64_t seq = ++w->next_action_seq;
    w->queue[w->nqueue].seq = seq;
    w->queue[w->nqueue].action = *action;
    w->nqueue++;
    if (w->streams)
        engine_streams_wakeup(w->streams);
    pthread_cond_broadcast(&w->cond);
    pthread_mutex_unlock(&w->lock);
    return seq;
}
