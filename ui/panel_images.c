/* The images panel (see panel_images.h).
 *
 * Engine work runs on the panel's own thread with its own client (a clone
 * of the dashboard's), never on the UI thread: listing, remove, prune,
 * history and the pull. The thread is a model/job_thread: it posts its
 * results and wakes the dashboard through the pipe it polls
 * (panel_ops.wake_fd); wake() takes them on the UI thread. One job runs at
 * a time, and any but a refresh refuses others until it ends.
 *
 * A pull runs as an engine stream on that thread; its progress is kept in
 * a struct pull_progress under the thread's lock and drawn by the pull view (an
 * overlay). Esc there cancels the stream: the engine stops pulling when
 * its only client goes. On success the view closes, the list is taken
 * again and the pulled image selected.
 *
 * Rows (ui/list_rows) keep the selection by reference (repo:tag, or the
 * id when untagged) across refreshes; the filter is the table's (/). */
#include "config.h"

#include "panel_images.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "engine_images.h"
#include "engine_streams.h"
#include "format.h"
#include "model/job_thread.h"
#include "model/pull_progress.h"
#include "xalloc.h"
#include "ui/dialog_ask.h"
#include "ui/dialog_form.h"
#include "ui/draw.h"
#include "ui/inspect.h"
#include "ui/list_rows.h"
#include "ui/scan_view.h"
#include "ui/scroll.h"
#include "ui/theme.h"

#define IP_SLOW_MS 30000 /* relist now and then: builds and pulls from outside */
#define IP_REF_MAX 512

enum ip_job_kind { IP_NONE, IP_LIST, IP_REMOVE, IP_PRUNE, IP_HISTORY, IP_PULL };

enum ip_sort {
    IP_SORT_REF,
    IP_SORT_SIZE,
    IP_SORT_CREATED,
    IP_SORT_CONTAINERS,
    IP_SORT_ID,
    IP_NSORT
};
static const char *const ip_sort_names[IP_NSORT] = {"repository", "size", "created", "containers",
                                                    "id"};

enum { IP_ASK_PULL };

struct ip_job {
    enum ip_job_kind kind;
    char ref[IP_REF_MAX];
    bool force, noprune;
    bool all;
    char until[FORM_TEXT_MAX];
    char label[FORM_TEXT_MAX];
};

struct ip {
    struct job_thread *jobs;
    /* Guarded by the jobs' lock. */
    struct image_history hist;
    char hist_ref[IP_REF_MAX];
    bool have_hist;
    struct pull_progress pull;
    char pull_ref[IP_REF_MAX];
    char pull_notice[512];
    char pull_error[BERTH_ERROR_MESSAGE_MAX];
    bool pulling, pull_ended, pull_ok;
    struct engine_streams *pull_streams; /* while the pull runs */
    int pull_id;
    char select_after[IP_REF_MAX]; /* select this reference in the next list */
    /* UI thread only. */
    struct image_list list;
    struct list_rows rows; /* selection by reference */
    bool prune_confirm;    /* the prune options were given: show what goes */
    struct ip_job prune;
};

static const struct panel_ops ip_pull_ops;

/* --- the thread ------------------------------------------------------------- */

static void ip_list(struct ip *p, struct engine *eng)
{
    struct image_list l;
    struct berth_error err;
    if (engine_images_list(eng, &l, &err) < 0) {
        job_thread_post_status(p->jobs, true, "Images: %s", err.message);
        return;
    }
    job_thread_post_result(p->jobs, &l);
}

static bool ip_pull_json(void *user, const cJSON *v)
{
    struct ip *p = user;
    job_thread_lock(p->jobs);
    pull_progress_feed(&p->pull, v);
    job_thread_unlock(p->jobs);
    job_thread_wake(p->jobs);
    return true;
}

static void ip_pull_end(void *user, long status, const struct berth_error *err)
{
    struct ip *p = user;
    (void)status;
    job_thread_lock(p->jobs);
    p->pull_ended = true;
    p->pull_ok = !err && !p->pull.failed;
    if (err)
        snprintf(p->pull_error, sizeof p->pull_error, "%s",
                 err->kind == BERTH_ERR_CANCELLED ? "cancelled" : err->message);
    else if (p->pull.failed)
        snprintf(p->pull_error, sizeof p->pull_error, "%s", p->pull.error);
    job_thread_unlock(p->jobs);
}

/* The reference a pull's final status names, as /images/json spells it
 * (Docker Hub's "docker.io/library/" is not part of RepoTags). */
static void ip_local_ref(const char *resolved, char *out, size_t size)
{
    if (strncmp(resolved, "docker.io/library/", 18) == 0)
        resolved += 18;
    else if (strncmp(resolved, "docker.io/", 10) == 0)
        resolved += 10;
    snprintf(out, size, "%s", resolved);
}

static void ip_pull(struct ip *p, struct engine *eng, const struct ip_job *j)
{
    struct berth_error err;
    char *auth = NULL, notice[512];
    engine_image_registry_auth(j->ref, NULL, &auth, notice, sizeof notice);
    job_thread_lock(p->jobs);
    snprintf(p->pull_notice, sizeof p->pull_notice, "%s", notice);
    job_thread_unlock(p->jobs);
    if (!engine_api_version(eng) && engine_negotiate(eng, &err) < 0) {
        free(auth);
        ip_pull_end(p, 0, &err);
        return;
    }
    struct engine_streams *s = engine_streams_new(eng);
    struct engine_stream_spec cb = {.on_json = ip_pull_json, .on_end = ip_pull_end, .user = p};
    int id = engine_image_pull_start(s, j->ref, auth, &cb, &err);
    free(auth);
    if (id < 0) {
        engine_streams_free(s);
        ip_pull_end(p, 0, &err);
        return;
    }
    job_thread_lock(p->jobs);
    p->pull_streams = s;
    p->pull_id = id;
    bool ended = p->pull_ended;
    job_thread_unlock(p->jobs);
    bool stop = false;
    while (!ended) {
        if (job_thread_cancelled(p->jobs) || stop)
            engine_streams_cancel(s, id);
        engine_streams_run(s, 250);
        job_thread_lock(p->jobs);
        ended = p->pull_ended;
        stop = job_thread_stopping(p->jobs);
        job_thread_unlock(p->jobs);
    }
    job_thread_lock(p->jobs);
    p->pull_streams = NULL;
    p->pulling = false;
    bool ok = p->pull_ok;
    char resolved[IP_REF_MAX] = "", digest[PULL_TEXT_MAX], why[BERTH_ERROR_MESSAGE_MAX];
    if (ok && pull_progress_reference(&p->pull, resolved, sizeof resolved))
        ip_local_ref(resolved, p->select_after, sizeof p->select_after);
    snprintf(digest, sizeof digest, "%s", p->pull.digest);
    snprintf(why, sizeof why, "%s", p->pull_error);
    job_thread_unlock(p->jobs);
    engine_streams_free(s);
    if (ok)
        job_thread_post_status(p->jobs, false, "Pulled %s%s%s", j->ref, digest[0] ? " " : "",
                               digest);
    else
        job_thread_post_status(p->jobs, true, "Pull %s: %s", j->ref, why);
}

static void ip_run(struct ip *p, struct engine *eng, const struct ip_job *j)
{
    struct berth_error err;
    char b1[FORMAT_NUMBER_MAX];
    switch (j->kind) {
    case IP_REMOVE: {
        size_t untagged = 0, deleted = 0;
        if (engine_image_remove(eng, j->ref, j->force, j->noprune, &untagged, &deleted, &err) < 0)
            job_thread_post_status(p->jobs, true, "Remove %s: %s", j->ref, err.message);
        else
            job_thread_post_status(
                p->jobs, false, "Removed %s: %zu tag%s untagged, %zu image%s deleted", j->ref,
                untagged, untagged == 1 ? "" : "s", deleted, deleted == 1 ? "" : "s");
        break;
    }
    case IP_PRUNE: {
        struct image_prune_filter f = {.all = j->all, .until = j->until, .label = j->label};
        char **del;
        size_t n;
        uint64_t space;
        if (engine_images_prune(eng, &f, &del, &n, &space, &err) < 0) {
            job_thread_post_status(p->jobs, true, "Prune: %s", err.message);
            break;
        }
        for (size_t i = 0; i < n; i++)
            free(del[i]);
        free(del);
        job_thread_post_status(p->jobs, false, "Pruned %zu image%s and layers: %s reclaimed", n,
                               n == 1 ? "" : "s",
                               format_bytes_decimal(b1, sizeof b1, (double)space, 3));
        break;
    }
    case IP_HISTORY: {
        struct image_history h;
        if (engine_image_history(eng, j->ref, &h, &err) < 0) {
            job_thread_post_status(p->jobs, true, "History of %s: %s", j->ref, err.message);
            break;
        }
        job_thread_lock(p->jobs);
        image_history_done(&p->hist);
        p->hist = h;
        snprintf(p->hist_ref, sizeof p->hist_ref, "%s", j->ref);
        p->have_hist = true;
        job_thread_unlock(p->jobs);
        job_thread_wake(p->jobs);
        break;
    }
    case IP_PULL:
        ip_pull(p, eng, j);
        break;
    default:
        break;
    }
}

static void ip_job(void *owner, struct engine *eng, const void *job)
{
    struct ip *p = owner;
    const struct ip_job *j = job; /* NULL: the slow timer */
    if (j && j->kind != IP_LIST)
        ip_run(p, eng, j);
    /* History changes nothing; everything else may have. */
    if (!j || j->kind != IP_HISTORY)
        ip_list(p, eng);
}

/* A pull was accepted: its view starts from nothing. */
static void ip_accepted(void *owner, const void *job)
{
    struct ip *p = owner;
    const struct ip_job *j = job;
    if (j->kind != IP_PULL)
        return;
    pull_progress_done(&p->pull);
    pull_progress_init(&p->pull);
    snprintf(p->pull_ref, sizeof p->pull_ref, "%s", j->ref);
    p->pull_notice[0] = p->pull_error[0] = '\0';
    p->pulling = true;
    p->pull_ended = p->pull_ok = false;
}

static bool ip_submit(struct ip *p, struct ui *ui, const struct ip_job *j)
{
    if (job_thread_submit(p->jobs, j,
                          j->kind == IP_LIST ? JOB_THREAD_REPLACEABLE : JOB_THREAD_BUSY))
        return true;
    ui_status(ui, true, "An image job is running (a pull?); wait for it to end");
    return false;
}

/* --- rows -------------------------------------------------------------------- */

static int ip_cmp(const void *a, const void *b, int sort)
{
    const struct image_info *x = a, *y = b;
    int c = 0;
    switch (sort) {
    case IP_SORT_SIZE:
        c = (x->size > y->size) - (x->size < y->size);
        break;
    case IP_SORT_CREATED:
        c = (x->created > y->created) - (x->created < y->created);
        break;
    case IP_SORT_CONTAINERS:
        c = (x->containers > y->containers) - (x->containers < y->containers);
        break;
    case IP_SORT_ID:
        c = strcmp(x->id, y->id);
        break;
    default:
        break;
    }
    if (c == 0)
        c = strcmp(x->ref, y->ref);
    return c;
}

static bool ip_match(const void *item, const char *f)
{
    const struct image_info *v = item;
    return strstr(v->ref, f) || strstr(v->id, f) || strstr(v->labels, f) || strstr(v->users, f) ||
           (v->dangling && strstr("dangling", f));
}

static const char *ip_key(const void *item)
{
    return ((const struct image_info *)item)->ref;
}

static const struct list_rows_spec ip_rows_spec = {
    .noun = "Images",
    .sort_names = ip_sort_names,
    .nsort = IP_NSORT,
    .item_size = sizeof(struct image_info),
    .match = ip_match,
    .compare = ip_cmp,
    .key = ip_key,
};

/* "12" from "sha256:12...": the 12 hex digits docker shows. */
static void ip_short_id(const char *id, char *out, size_t size)
{
    const char *colon = strchr(id, ':');
    snprintf(out, size, "%.12s", colon ? colon + 1 : id);
}

/* --- the history view --------------------------------------------------------- */

struct ip_history_view {
    struct image_history h;
    char ref[IP_REF_MAX];
    struct scroll sc;
};

static void ip_hv_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct ip_history_view *v = self;
    attr_t base = theme_attr(THEME_DEFAULT), head = theme_attr(THEME_TABLE_HEADER);
    draw_clear(r, base);
    if (r->h < 3)
        return;
    draw_fill(r->y, r->x, r->w, head);
    int x = r->x + draw_text(r->y, r->x, r->w, " History: ", head);
    x += draw_engine(r->y, x, r->x + r->w - x, v->ref, head);
    draw_text(r->y, x, r->x + r->w - x, "  (newest layer first; Esc goes back)", head);
    static const char *const titles[] = {"IMAGE", "CREATED", "SIZE", "CREATED BY", "COMMENT"};
    static const int widths[] = {14, 12, 10, 70, 40};
    int right = r->x + r->w;
    x = r->x;
    for (int c = 0; c < 5 && x < right; c++) {
        draw_text(r->y + 1, x, (widths[c] < right - x ? widths[c] : right - x) - 1, titles[c],
                  theme_attr(THEME_HEADER_LABEL));
        x += widths[c];
    }
    long page = r->h - 2;
    scroll_clamp(&v->sc, (long)v->h.n, page);
    for (long i = 0; i < page && v->sc.top + i < (long)v->h.n; i++) {
        const struct image_layer *l = &v->h.v[v->sc.top + i];
        int y = r->y + 2 + (int)i;
        char id[16], age[32], size[FORMAT_NUMBER_MAX];
        if (strcmp(l->id, "<missing>") == 0)
            snprintf(id, sizeof id, "<missing>");
        else
            ip_short_id(l->id, id, sizeof id);
        format_age(age, sizeof age, ui->now, l->created);
        format_bytes_decimal(size, sizeof size, (double)l->size, 3);
        const char *cells[] = {id, age, size, l->created_by[0] ? l->created_by : "-", l->comment};
        x = r->x;
        for (int c = 0; c < 5 && x < right; c++) {
            int w = c == 4 ? right - x : (widths[c] < right - x ? widths[c] : right - x);
            draw_engine(y, x, w - 1, cells[c], base);
            x += widths[c];
        }
    }
    if (v->h.n == 0)
        draw_text(r->y + 2, r->x + 1, r->w - 2, "The engine lists no layers", base);
}

static unsigned ip_hv_action(void *self, struct ui *ui, enum action_id id)
{
    struct ip_history_view *v = self;
    (void)ui;
    if (id == ACTION_BACK || id == ACTION_QUIT)
        return UI_CLOSE | UI_REDRAW;
    return scroll_action(&v->sc, id);
}

static void ip_hv_destroy(void *self)
{
    struct ip_history_view *v = self;
    image_history_done(&v->h);
    free(v);
}

static const struct panel_ops ip_history_ops = {
    .name = "history",
    .context = ACTION_CTX_LOG,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .action = ip_hv_action,
    .draw = ip_hv_draw,
    .destroy = ip_hv_destroy,
};

/* --- the pull view ------------------------------------------------------------ */

struct ip_pull_view {
    struct ip *p;
};

static void ip_pv_bytes(const struct pull_layer *l, char *out, size_t size)
{
    char a[FORMAT_NUMBER_MAX], b[FORMAT_NUMBER_MAX];
    if (l->total)
        snprintf(out, size, "%s/%s", format_bytes_decimal(a, sizeof a, (double)l->current, 3),
                 format_bytes_decimal(b, sizeof b, (double)l->total, 3));
    else if (l->size)
        snprintf(out, size, "%s", format_bytes_decimal(a, sizeof a, (double)l->size, 3));
    else
        out[0] = '\0';
}

static void ip_pv_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct ip_pull_view *v = self;
    struct ip *p = v->p;
    (void)ui;
    attr_t base = theme_attr(THEME_DEFAULT), head = theme_attr(THEME_TABLE_HEADER);
    draw_clear(r, base);
    if (r->h < 4)
        return;
    job_thread_lock(p->jobs);
    struct pull_progress pr = p->pull;
    pr.layers = xcalloc(pr.n + 1, sizeof *pr.layers);
    if (pr.n)
        memcpy(pr.layers, p->pull.layers, pr.n * sizeof *pr.layers);
    char ref[IP_REF_MAX], notice[512], error[BERTH_ERROR_MESSAGE_MAX];
    snprintf(ref, sizeof ref, "%s", p->pull_ref);
    snprintf(notice, sizeof notice, "%s", p->pull_notice);
    snprintf(error, sizeof error, "%s", p->pull_error);
    bool ended = p->pull_ended, ok = p->pull_ok;
    job_thread_unlock(p->jobs);

    draw_fill(r->y, r->x, r->w, head);
    int x = r->x + draw_text(r->y, r->x, r->w, " Pull: ", head);
    x += draw_engine(r->y, x, r->x + r->w - x, ref, head);
    draw_text(r->y, x, r->x + r->w - x, ended ? "  (Esc closes)" : "  (Esc cancels the pull)",
              head);
    int y = r->y + 1;
    const char *line = pr.status[0] ? pr.status
                       : pr.from[0] ? pr.from
                       : ended      ? "The engine did not start the pull"
                                    : "Asking the engine...";
    draw_engine(y++, r->x + 1, r->w - 2, line, base);
    char pct[32];
    double f = pull_progress_fraction(&pr);
    snprintf(pct, sizeof pct, "%3.0f%% of %zu layer%s", f * 100, pr.n, pr.n == 1 ? "" : "s");
    draw_meter(y++, r->x + 1, r->w - 2, "All", f, pct, theme_attr(THEME_HEADER_LABEL),
               theme_attr(THEME_STATUS_OK), base);
    if (error[0] || (ended && !ok)) {
        char msg[BERTH_ERROR_MESSAGE_MAX + 16];
        snprintf(msg, sizeof msg, "Error: %s", error[0] ? error : "the pull failed");
        draw_engine(y++, r->x + 1, r->w - 2, msg, theme_attr(THEME_STATUS_ERROR));
    }
    if (notice[0])
        draw_engine(y++, r->x + 1, r->w - 2, notice, theme_attr(THEME_STALE));
    y++;
    int bar_w = r->w - 2 - 14 - 16 - 22;
    for (size_t i = 0; i < pr.n && y < r->y + r->h; i++, y++) {
        const struct pull_layer *l = &pr.layers[i];
        char bytes[64];
        ip_pv_bytes(l, bytes, sizeof bytes);
        x = r->x + 1;
        draw_engine(y, x, 13, l->id, base);
        x += 14;
        draw_engine(y, x, 15,
                    l->state == PULL_LAYER_OTHER ? l->text : pull_layer_state_name(l->state), base);
        x += 16;
        if (bar_w >= 3) {
            draw_bar(y, x, bar_w, pull_layer_fraction(l), base, theme_attr(THEME_STATUS_OK));
            x += bar_w + 1;
        }
        draw_text(y, x, r->x + r->w - x, bytes, base);
    }
    free(pr.layers);
}

static unsigned ip_pv_action(void *self, struct ui *ui, enum action_id id)
{
    struct ip_pull_view *v = self;
    struct ip *p = v->p;
    if (id != ACTION_BACK && id != ACTION_QUIT)
        return UI_IGNORED;
    job_thread_lock(p->jobs);
    bool running = p->pulling && !p->pull_ended;
    if (running) {
        job_thread_cancel(p->jobs);
        if (p->pull_streams)
            engine_streams_wakeup(p->pull_streams);
    }
    job_thread_unlock(p->jobs);
    if (running)
        ui_status(ui, false, "Cancelling the pull...");
    return UI_CLOSE | UI_REDRAW;
}

static const struct panel_ops ip_pull_ops = {
    .name = "pull",
    .context = ACTION_CTX_LOG,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .action = ip_pv_action,
    .draw = ip_pv_draw,
    .destroy = free,
};

/* --- questions and dialogs ------------------------------------------------------ */

static void ip_no_free(void *ctx)
{
    (void)ctx; /* the panel owns itself */
}

static unsigned ip_answer(void *owner, struct ui *ui, int tag, const char *ans)
{
    struct ip *p = owner;
    if (!ans || tag != IP_ASK_PULL) {
        ui_status(ui, false, "Cancelled");
        return UI_REDRAW;
    }
    struct ip_job j = {.kind = IP_PULL};
    char *image = NULL, *tagp = NULL;
    struct berth_error err;
    if (engine_image_split_ref(ans, &image, &tagp, &err) < 0) {
        ui_status(ui, true, "Pull: %s", err.message);
        return UI_REDRAW;
    }
    /* Name the tag so the view and the messages say what is pulled. */
    snprintf(j.ref, sizeof j.ref, "%s%s%s", image, strchr(ans, '@') ? "@" : ":", tagp);
    free(image);
    free(tagp);
    if (ip_submit(p, ui, &j)) {
        struct ip_pull_view *v = xcalloc(1, sizeof *v);
        v->p = p;
        ui_push(ui, &ip_pull_ops, v);
    }
    return UI_REDRAW;
}

static bool ip_yes_remove(struct ui *ui, void *ctx, const struct form_field *fields, size_t n,
                          char *err, size_t err_size)
{
    (void)n, (void)err, (void)err_size;
    struct ip *p = ctx;
    struct ip_job j = {.kind = IP_REMOVE, .force = fields[0].checked, .noprune = fields[1].checked};
    snprintf(j.ref, sizeof j.ref, "%s", p->rows.sel);
    ip_submit(p, ui, &j);
    return true;
}

static void ip_ask_remove(struct ip *p, struct ui *ui, const struct image_info *v)
{
    list_rows_select(&p->rows, v->ref);
    char id[16], size[FORMAT_NUMBER_MAX], l1[IP_REF_MAX + 64], l2[1024];
    ip_short_id(v->id, id, sizeof id);
    snprintf(l1, sizeof l1, "%s (%s, %s)", v->ref, id,
             format_bytes_decimal(size, sizeof size, (double)v->size, 3));
    if (v->containers)
        snprintf(l2, sizeof l2, "Used by %zu container%s: %s", v->containers,
                 v->containers == 1 ? "" : "s", v->users);
    else if (v->ntags > 1)
        snprintf(l2, sizeof l2, "The image has %zu tags: only this one goes", v->ntags);
    else
        snprintf(l2, sizeof l2, "No container uses it");
    const char *lines[] = {l1, l2};
    struct form_field f[2] = {
        {.label = "force: also with stopped containers or several tags (f)",
         .checkbox = true,
         .key = 'f'},
        {.label = "no-prune: keep its untagged parent layers (p)", .checkbox = true, .key = 'p'},
    };
    struct form_spec spec = {
        .title = " Remove image? ",
        .lines = lines,
        .nlines = 2,
        .fields = f,
        .nfields = 2,
        .on_yes = ip_yes_remove,
        .ctx = p,
        .ctx_free = ip_no_free,
    };
    dialog_form_open(ui, &spec);
}

static bool ip_yes_prune_options(struct ui *ui, void *ctx, const struct form_field *fields,
                                 size_t n, char *err, size_t err_size)
{
    (void)ui, (void)n;
    struct ip *p = ctx;
    const char *until = fields[1].text;
    if (until[0] && engine_images_parse_duration(until) < 0 &&
        strspn(until, "0123456789") != strlen(until)) {
        snprintf(err, err_size, "until takes a duration (24h, 90m, 1h30m) or a unix time");
        return false;
    }
    memset(&p->prune, 0, sizeof p->prune);
    p->prune.kind = IP_PRUNE;
    p->prune.all = fields[0].checked;
    snprintf(p->prune.until, sizeof p->prune.until, "%s", until);
    snprintf(p->prune.label, sizeof p->prune.label, "%s", fields[2].text);
    /* The confirmation opens from wake(): this dialog closes first. */
    p->prune_confirm = true;
    job_thread_wake(p->jobs);
    return true;
}

static bool ip_yes_prune(struct ui *ui, void *ctx, const struct form_field *fields, size_t n,
                         char *err, size_t err_size)
{
    (void)fields, (void)n, (void)err, (void)err_size;
    struct ip *p = ctx;
    if (ip_submit(p, ui, &p->prune))
        ui_status(ui, false, "Pruning images...");
    return true;
}

static void ip_ask_prune(struct ip *p, struct ui *ui)
{
    struct form_field f[3] = {
        {.label = "all unused images, not only dangling ones (a)", .checkbox = true, .key = 'a'},
        {.label = "Older than", .hint = "24h, 90m; empty: any age"},
        {.label = "Label", .hint = "k, k=v or k!=v; empty: any"},
    };
    const char *lines[] = {"Images no container uses. Dangling: untagged (<none>)."};
    struct form_spec spec = {
        .title = " Prune images ",
        .lines = lines,
        .nlines = 1,
        .fields = f,
        .nfields = 3,
        .yes = "Preview",
        .no = "Cancel",
        .on_yes = ip_yes_prune_options,
        .ctx = p,
        .ctx_free = ip_no_free,
    };
    dialog_form_open(ui, &spec);
}

/* What the chosen prune would remove, from the list; then ask. */
static void ip_confirm_prune(struct ip *p, struct ui *ui)
{
    struct image_prune_filter f = {
        .all = p->prune.all, .until = p->prune.until, .label = p->prune.label};
    enum { SHOW = 10 };
    char *lines[SHOW + 2];
    size_t nlines = 0, n = 0;
    uint64_t space = 0;
    char size[FORMAT_NUMBER_MAX];
    for (size_t i = 0; i < p->list.n; i++) {
        const struct image_info *v = &p->list.v[i];
        if (!engine_images_prune_would_remove(v, &f, ui->now))
            continue;
        /* An image listed under several tags goes once. */
        bool again = false;
        for (size_t k = 0; k < i; k++)
            again |= strcmp(p->list.v[k].id, v->id) == 0 &&
                     engine_images_prune_would_remove(&p->list.v[k], &f, ui->now);
        if (again)
            continue;
        n++;
        space += v->size > 0 ? (uint64_t)v->size : 0;
        if (nlines < SHOW) {
            char id[16];
            ip_short_id(v->id, id, sizeof id);
            lines[nlines++] =
                xasprintf("%s  %s  %s", id, v->dangling ? "<none>" : v->ref,
                          format_bytes_decimal(size, sizeof size, (double)v->size, 3));
        }
    }
    if (n == 0) {
        ui_status(ui, false, "No image matches: nothing to prune");
        return;
    }
    if (n > SHOW)
        lines[nlines++] = xasprintf("... and %zu more", n - SHOW);
    lines[nlines++] = xasprintf("Up to %s (layers shared with kept images stay)",
                                format_bytes_decimal(size, sizeof size, (double)space, 3));
    char title[64];
    snprintf(title, sizeof title, " Prune %zu image%s? ", n, n == 1 ? "" : "s");
    struct form_spec spec = {
        .title = title,
        .lines = (const char *const *)lines,
        .nlines = nlines,
        .yes = "Prune",
        .no = "Cancel",
        .on_yes = ip_yes_prune,
        .ctx = p,
        .ctx_free = ip_no_free,
    };
    dialog_form_open(ui, &spec);
    for (size_t i = 0; i < nlines; i++)
        free(lines[i]);
}

/* --- panel hooks ---------------------------------------------------------------- */

static unsigned ip_action(void *self, struct ui *ui, enum action_id id)
{
    struct ip *p = self;
    job_thread_start(p->jobs, ui->engine);
    unsigned moved = list_rows_action(&p->rows, ui, id);
    if (moved != UI_IGNORED)
        return moved;
    const struct image_info *v = list_rows_selected(&p->rows, NULL);
    switch (id) {
    case ACTION_REFRESH: {
        struct ip_job j = {.kind = IP_LIST};
        ip_submit(p, ui, &j);
        ui_status(ui, false, "Refreshing images...");
        return UI_REDRAW;
    }
    case ACTION_IMAGE_PULL:
        dialog_ask_text(ui, "Pull image (name[:tag], tag defaults to latest):", NULL, ip_answer, p,
                        IP_ASK_PULL);
        return UI_REDRAW;
    case ACTION_REMOVE:
        if (v)
            ip_ask_remove(p, ui, v);
        return UI_REDRAW;
    case ACTION_IMAGE_PRUNE:
        ip_ask_prune(p, ui);
        return UI_REDRAW;
    case ACTION_DETAILS:
    case ACTION_IMAGE_HISTORY: {
        if (!v)
            return UI_REDRAW;
        struct ip_job j = {.kind = IP_HISTORY};
        snprintf(j.ref, sizeof j.ref, "%s", v->dangling ? v->id : v->ref);
        ip_submit(p, ui, &j);
        return UI_REDRAW;
    }
    case ACTION_IMAGE_SCAN:
        if (v)
            scan_view_open(ui, v->dangling ? v->id : v->ref, v->id);
        return UI_REDRAW;
    case ACTION_INSPECT: {
        if (!v)
            return UI_REDRAW;
        char *name = engine_urlencode(v->dangling ? v->id : v->ref);
        char *path = xasprintf("/images/%s/json", name);
        json_view_open_path(ui, v->ref, path);
        free(path);
        free(name);
        return UI_REDRAW;
    }
    default:
        return UI_IGNORED;
    }
}

static int ip_wake_fd(void *self)
{
    struct ip *p = self;
    return job_thread_wake_fd(p->jobs);
}

static unsigned ip_wake_hook(void *self, struct ui *ui)
{
    struct ip *p = self;
    job_thread_drain(p->jobs);
    struct ip_history_view *hv = NULL;
    struct image_list l;
    bool listed = job_thread_take_result(p->jobs, &l);
    job_thread_lock(p->jobs);
    if (listed) {
        image_list_done(&p->list);
        p->list = l;
        if (p->select_after[0]) {
            list_rows_select(&p->rows, p->select_after);
            p->select_after[0] = '\0';
        }
        list_rows_update(&p->rows, ui, p->list.v, p->list.n);
    }
    if (p->have_hist) {
        hv = xcalloc(1, sizeof *hv);
        hv->h = p->hist;
        memset(&p->hist, 0, sizeof p->hist);
        snprintf(hv->ref, sizeof hv->ref, "%s", p->hist_ref);
        p->have_hist = false;
    }
    bool close_pull = p->pull_ended && p->pull_ok && !p->pulling;
    job_thread_unlock(p->jobs);
    char msg[UI_STATUS_MAX];
    bool error = false;
    if (job_thread_take_status(p->jobs, msg, sizeof msg, &error))
        ui_status(ui, error, "%s", msg);
    /* A finished pull closes its view (the top layer: nothing else was
     * opened over it, the view being modal). */
    if (close_pull && ui_top(ui) == &ip_pull_ops)
        ui_pop(ui);
    if (hv)
        ui_push(ui, &ip_history_ops, hv);
    if (p->prune_confirm) {
        p->prune_confirm = false;
        ip_confirm_prune(p, ui);
    }
    return UI_REDRAW;
}

static void ip_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct ip *p = self;
    job_thread_start(p->jobs, ui->engine);
    list_rows_sync(&p->rows, ui);
    draw_clear(r, theme_attr(THEME_DEFAULT));
    if (r->h < 2)
        return;
    static const char *const titles[] = {"REPOSITORY", "TAG",      "IMAGE ID", "SIZE", "CREATED",
                                         "CONTAINERS", "DANGLING", "LABELS",   "VULNS"};
    static const int widths[] = {40, 16, 14, 10, 12, 11, 9, 36, 24};
    static const int sort_col[IP_NSORT] = {0, 3, 4, 5, 2};
    int right = r->x + r->w;
    draw_fill(r->y, r->x, r->w, theme_attr(THEME_TABLE_HEADER));
    int x = r->x;
    for (int c = 0; c < 9; c++)
        draw_cell(r->y, &x, right, widths[c], titles[c],
                  theme_attr(c == sort_col[p->rows.sort] ? THEME_TABLE_HEADER_SORTED
                                                         : THEME_TABLE_HEADER),
                  false);
    int rows_h = r->h - 1;
    size_t at = 0;
    const struct image_info *sel = list_rows_selected(&p->rows, &at);
    list_rows_scroll(&p->rows, at, rows_h > 0 ? (size_t)rows_h : 0);
    for (int i = 0; i < rows_h && p->rows.top + (size_t)i < p->rows.n; i++) {
        const struct image_info *v = list_rows_item(&p->rows, p->rows.top + (size_t)i);
        int y = r->y + 1 + i;
        attr_t a = theme_attr(v == sel ? THEME_SELECTION : THEME_DEFAULT);
        if (v == sel)
            draw_fill(y, r->x, r->w, a);
        char id[16], size[FORMAT_NUMBER_MAX], age[32], users[24];
        ip_short_id(v->id, id, sizeof id);
        format_bytes_decimal(size, sizeof size, (double)v->size, 3);
        format_age(age, sizeof age, ui->now, v->created);
        snprintf(users, sizeof users, "%zu", v->containers);
        x = r->x;
        draw_cell(y, &x, right, widths[0], v->repo, a, true);
        draw_cell(y, &x, right, widths[1], v->tag, a, true);
        draw_cell(y, &x, right, widths[2], id, a, false);
        draw_cell(y, &x, right, widths[3], size, a, false);
        draw_cell(y, &x, right, widths[4], age, a, false);
        draw_cell(y, &x, right, widths[5], users, a, false);
        draw_cell(y, &x, right, widths[6], v->dangling ? "dangling" : "", a, false);
        draw_cell(y, &x, right, widths[7], v->labels, a, true);
        /* Counts by severity once the image was scanned (S) since berth started. */
        struct vuln_counts vc;
        char vulns[64] = "";
        if (vuln_scan_counts(v->id, &vc))
            vuln_counts_format(&vc, vulns, sizeof vulns);
        draw_cell(y, &x, right, widths[8], vulns, a, false);
    }
    if (p->rows.n == 0 && rows_h > 0)
        draw_text(r->y + 1, r->x + 1, r->w - 2,
                  p->list.n ? "No image matches the filter" : "No images (or not listed yet)",
                  theme_attr(THEME_DEFAULT));
}

static void ip_destroy(void *self)
{
    struct ip *p = self;
    job_thread_stop(p->jobs);
    job_thread_lock(p->jobs);
    if (p->pull_streams)
        engine_streams_wakeup(p->pull_streams);
    job_thread_unlock(p->jobs);
    job_thread_free(p->jobs);
    image_list_done(&p->list);
    image_history_done(&p->hist);
    pull_progress_done(&p->pull);
    list_rows_done(&p->rows);
    free(p);
}

static void ip_list_free(void *l)
{
    image_list_done(l);
}

void *panel_images_new(void)
{
    struct ip *p = xcalloc(1, sizeof *p);
    struct job_thread_spec spec = {.job_size = sizeof(struct ip_job),
                                   .timer_ms = IP_SLOW_MS,
                                   .run = ip_job,
                                   .accepted = ip_accepted,
                                   .result_size = sizeof(struct image_list),
                                   .result_done = ip_list_free,
                                   .owner = p};
    p->jobs = job_thread_new(&spec);
    list_rows_init(&p->rows, &ip_rows_spec);
    pull_progress_init(&p->pull);
    return p;
}

const struct panel_ops panel_images_ops = {
    .name = "images",
    .context = ACTION_CTX_IMAGES,
    .place = UI_PLACE_MAIN,
    .modal = false,
    .action = ip_action,
    .draw = ip_draw,
    .destroy = ip_destroy,
    .wake_fd = ip_wake_fd,
    .wake = ip_wake_hook,
};
