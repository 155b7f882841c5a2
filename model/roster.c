/* The worker's container table: see roster.h.
 *
 * Events change a row at once with the engine's own wording where it is
 * predictable ("Up Less than a second", "Exited (137) Less than a second
 * ago"), so an outside `docker stop` shows on the next frame; the row is
 * also flagged for a refetch, which brings the engine's exact Status text
 * a moment later. Rows live in one array; addresses change when it grows,
 * so callers keep ids, never row pointers, across calls. */
#include "config.h"

#include "model/roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "xalloc.h"

/* Destroyed ids remembered at most (oldest forgotten first). */
#define ROSTER_MAX_TOMBS 256

void roster_init(struct roster *r, size_t history_len)
{
    memset(r, 0, sizeof *r);
    r->history_len = history_len ? history_len : HISTORY_DEFAULT_CAPACITY;
}

static void row_done(struct roster_row *row)
{
    container_done(&row->c);
    cgroup_stats_paths_done(&row->paths);
    history_done(&row->hist);
    container_detail_unref(row->detail);
    row->detail = NULL;
}

void roster_done(struct roster *r)
{
    for (size_t i = 0; i < r->n; i++)
        row_done(&r->rows[i]);
    free(r->rows);
    free(r->tombs);
    memset(r, 0, sizeof *r);
}

struct roster_row *roster_find(struct roster *r, const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->rows[i].c.id, id) == 0)
            return &r->rows[i];
    return NULL;
}

void roster_row_reset_live(struct roster_row *row)
{
    row->died = false;
    row->pid = 0;
    row->located = false;
    row->cg_failed = false;
    cgroup_stats_paths_done(&row->paths);
    row->have_prev = false;
    row->has_stats = false;
    row->source = SNAPSHOT_STATS_NONE;
}

/* A new row (zeroed, with its history) at the end of the table. */
static struct roster_row *add_row(struct roster *r, const char *id)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 32;
        r->rows = xrealloc(r->rows, r->cap * sizeof *r->rows);
    }
    struct roster_row *row = &r->rows[r->n++];
    memset(row, 0, sizeof *row);
    snprintf(row->c.id, sizeof row->c.id, "%s", id);
    row->c.exit_code = -1;
    history_init(&row->hist, r->history_len);
    return row;
}

static void remove_row(struct roster *r, struct roster_row *row)
{
    size_t i = (size_t)(row - r->rows);
    row_done(row);
    memmove(&r->rows[i], &r->rows[i + 1], (r->n - i - 1) * sizeof *r->rows);
    r->n--;
}

static void add_tomb(struct roster *r, const char *id)
{
    if (!r->tombs)
        r->tombs = xcalloc(ROSTER_MAX_TOMBS, sizeof *r->tombs);
    if (r->ntombs == ROSTER_MAX_TOMBS) {
        memmove(r->tombs, r->tombs + 1, (ROSTER_MAX_TOMBS - 1) * sizeof *r->tombs);
        r->ntombs--;
    }
    struct roster_tomb *t = &r->tombs[r->ntombs++];
    snprintf(t->id, sizeof t->id, "%s", id);
    t->seq = r->seq;
}

/* True when id was destroyed after the list was asked for. */
static bool destroyed_since(const struct roster *r, const char *id, uint64_t issued_seq)
{
    for (size_t i = 0; i < r->ntombs; i++)
        if (r->tombs[i].seq > issued_seq && strcmp(r->tombs[i].id, id) == 0)
            return true;
    return false;
}

static bool is_live_state(enum container_state s)
{
    return s == CONTAINER_STATE_RUNNING || s == CONTAINER_STATE_PAUSED ||
           s == CONTAINER_STATE_RESTARTING;
}

/* Put a fresh list entry into a row, keeping the row's live state when the
 * container is still up. Takes item's strings. */
static void take_entry(struct roster_row *row, struct container *item)
{
    bool was_live = is_live_state(row->c.state);
    container_done(&row->c);
    row->c = *item;
    memset(item, 0, sizeof *item);
    if (was_live && !is_live_state(row->c.state))
        roster_row_reset_live(row);
}

/* Lists disagreeing with a fresh event's state that are asked again
 * before the list is believed (the worker spaces them out, doubling from
 * 0.2 s up to 2 s: about 7 s in all). */
#define ROSTER_LIST_LAG_TRIES 6

unsigned roster_merge_list(struct roster *r, struct container_list *list, uint64_t issued_seq,
                           bool full)
{
    unsigned lag = 0;
    /* Mark what the reply names, so a full list can drop the rest. */
    bool *seen = full ? xcalloc(r->n + list->count + 1, sizeof *seen) : NULL;
    for (size_t k = 0; k < list->count; k++) {
        struct container *item = &list->items[k];
        if (destroyed_since(r, item->id, issued_seq))
            continue;
        struct roster_row *row = roster_find(r, item->id);
        if (!row) {
            row = add_row(r, item->id);
            take_entry(row, item);
        } else if (row->ev_seq > issued_seq) {
            /* An event came after this picture was taken: keep its state
             * and look again. */
            row->need_refresh = true;
        } else if (row->died && is_live_state(item->state)) {
            /* The engine sends die before its list stops saying running
             * (seen on 20.10: a list right after die still says so). Only
             * a start event makes a dead row live again; a later list
             * that agrees (or the stop event's refetch) brings the rest. */
            row->need_refresh = false;
        } else if (row->ev_state_fresh && item->state != row->c.state &&
                   row->list_lag < ROSTER_LIST_LAG_TRIES) {
            /* The same lag for other events (20.10 logs pause, unpause...
             * before it updates what the list reads): keep the state the
             * event set and ask again, a few times at most. */
            row->list_lag++;
            row->need_refresh = true;
            if (row->list_lag > lag)
                lag = row->list_lag;
        } else {
            take_entry(row, item);
            row->need_refresh = false;
            row->ev_state_fresh = false;
        }
        if (seen)
            seen[row - r->rows] = true;
    }
    if (full) {
        size_t i = r->n;
        while (i-- > 0) {
            struct roster_row *row = &r->rows[i];
            if (!seen[i] && row->ev_seq <= issued_seq) {
                remove_row(r, row);
                /* seen[] shifts with the rows after i. */
                memmove(&seen[i], &seen[i + 1], (r->n - i) * sizeof *seen);
            }
        }
    }
    free(seen);
    container_list_done(list);
    return lag;
}

static void set_status(struct roster_row *row, char *status)
{
    free(row->c.status);
    row->c.status = status;
}

/* "name" attribute, without the leading '/' the engine sometimes adds. */
static const char *attr_name(const cJSON *attrs)
{
    const char *n = engine_json_str(attrs, "name");
    if (n && n[0] == '/')
        n++;
    return n;
}

/* The container actions whose event tells the state (see roster_apply_event;
 * stop only when nothing has stopped the row yet). */
static bool event_sets_state(const char *action, enum container_state now)
{
    static const char *const setters[] = {"create", "start", "restart", "die", "pause", "unpause"};
    for (size_t i = 0; i < sizeof setters / sizeof setters[0]; i++)
        if (strcmp(action, setters[i]) == 0)
            return true;
    return strcmp(action, "stop") == 0 && is_live_state(now);
}

void roster_apply_event(struct roster *r, const cJSON *ev, struct roster_effect *out)
{
    memset(out, 0, sizeof *out);
    const char *type = engine_json_str(ev, "Type");
    const char *action = engine_json_str(ev, "Action");
    const cJSON *actor = cJSON_GetObjectItemCaseSensitive(ev, "Actor");
    const char *id = engine_json_str(actor, "ID");
    const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(actor, "Attributes");
    if (!type || strcmp(type, "container") != 0 || !action || !id || strlen(id) != 64)
        return;
    /* exec_* come with every healthcheck; they change nothing shown. */
    if (strncmp(action, "exec_", 5) == 0)
        return;

    r->seq++;
    struct roster_row *row = roster_find(r, id);

    if (strcmp(action, "destroy") == 0) {
        add_tomb(r, id);
        if (row) {
            remove_row(r, row);
            out->changed = true;
        }
        return;
    }
    if (!row) {
        out->unknown = true;
        if (strcmp(action, "create") != 0 && destroyed_since(r, id, 0))
            return;
        /* A placeholder until the refetch fills it in. */
        row = add_row(r, id);
        const char *name = attr_name(attrs);
        row->c.name = xstrdup(name ? name : "");
        const char *image = engine_json_str(attrs, "image");
        row->c.image = xstrdup(image ? image : "");
        row->c.state = CONTAINER_STATE_CREATED;
        row->c.status = xstrdup("Created");
        int64_t t = (int64_t)engine_json_u64(ev, "time", 0);
        row->c.created = t;
    }
    row->ev_seq = r->seq;
    row->need_refresh = true;
    out->refetch = true;
    out->changed = true;
    /* Only an event that says what the state now is may hold it against a
     * lagging list: health checks come every few seconds and would
     * otherwise keep a stale state alive for ever. */
    if (event_sets_state(action, row->c.state)) {
        row->ev_state_fresh = true;
        row->list_lag = 0;
    }

    if (strcmp(action, "start") == 0 || strcmp(action, "restart") == 0) {
        if (row->c.state != CONTAINER_STATE_RUNNING || strcmp(action, "start") == 0) {
            /* A new process: new pid, counters start again. */
            roster_row_reset_live(row);
        }
        row->c.state = CONTAINER_STATE_RUNNING;
        row->c.exit_code = -1;
        row->oom = false;
        row->died = false;
        set_status(row, xstrdup("Up Less than a second"));
    } else if (strcmp(action, "die") == 0) {
        const char *code = engine_json_str(attrs, "exitCode");
        row->c.exit_code = code ? atoi(code) : -1;
        row->c.state = CONTAINER_STATE_EXITED;
        set_status(row, xasprintf("Exited (%d) Less than a second ago",
                                  row->c.exit_code < 0 ? 0 : row->c.exit_code));
        roster_row_reset_live(row);
        row->died = true;
    } else if (strcmp(action, "stop") == 0) {
        /* die came first and did the work; a stop alone still means stopped. */
        if (is_live_state(row->c.state)) {
            row->c.state = CONTAINER_STATE_EXITED;
            roster_row_reset_live(row);
        }
    } else if (strcmp(action, "pause") == 0) {
        row->c.state = CONTAINER_STATE_PAUSED;
        if (row->c.status && !strstr(row->c.status, "(Paused)"))
            set_status(row, xasprintf("%s (Paused)", row->c.status));
    } else if (strcmp(action, "unpause") == 0) {
        row->c.state = CONTAINER_STATE_RUNNING;
        char *p = row->c.status ? strstr(row->c.status, " (Paused)") : NULL;
        if (p)
            *p = '\0';
    } else if (strcmp(action, "rename") == 0) {
        const char *name = attr_name(attrs);
        if (name) {
            free(row->c.name);
            row->c.name = xstrdup(name);
        }
    } else if (strncmp(action, "health_status", 13) == 0) {
        /* Docker: "health_status: healthy"; Podman: Action "health_status"
         * and the value in a top-level HealthStatus field. */
        const char *v = action[13] == ':' ? action + 14 : engine_json_str(ev, "HealthStatus");
        row->c.health = container_health_parse(v);
    } else if (strcmp(action, "oom") == 0) {
        row->oom = true;
    }
    /* create, kill and anything else: the refetch tells the rest. */
}

void roster_fill_snapshot(const struct roster *r, struct snapshot *s, double now_mono)
{
    for (size_t i = 0; i < r->n; i++) {
        const struct roster_row *row = &r->rows[i];
        struct snapshot_container *sc = snapshot_add_container(s);
        container_copy(&sc->c, &row->c);
        sc->pid = row->pid;
        sc->oom = row->oom;
        sc->has_stats = row->has_stats;
        sc->source = row->has_stats ? row->source : SNAPSHOT_STATS_NONE;
        if (row->has_stats) {
            sc->stats = row->fig;
            sc->stats_age = now_mono - row->stats_mono;
        }
        history_view_take(&row->hist, &sc->history);
        sc->detail = container_detail_ref(row->detail);
    }
}
