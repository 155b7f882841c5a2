/* The volumes panel (see panel_volumes.h).
 *
 * Engine work runs on the panel's own thread with its own client (a clone
 * of the dashboard's), never on the UI thread: listing (sizes from
 * /system/df, on demand and on a 30 s timer, serialised and cached by
 * engine_volumes_df), create, remove, prune, backup and restore. The
 * thread posts its results under the panel's lock and writes a byte to a
 * pipe the dashboard polls (panel_ops.wake_fd); wake() then takes them on
 * the UI thread. One job runs at a time; during a transfer its progress
 * (bytes and rate) shows at the bottom of the panel and Esc cancels it.
 *
 * Rows keep the selection by volume name across refreshes; the filter is
 * the table's (/), matched against name, driver, labels and users. */
#include "config.h"

#include "panel_volumes.h"

#include <curses.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "engine_volumes.h"
#include "volume_backup.h"
#include "xalloc.h"
#include "ui/dialog_ask.h"
#include "ui/draw.h"
#include "ui/prompt.h"
#include "ui/theme.h"

#define VP_SLOW_MS 30000 /* the slow timer: relist with sizes */

enum vp_job_kind { VP_NONE, VP_LIST, VP_CREATE, VP_REMOVE, VP_PRUNE, VP_BACKUP, VP_RESTORE };

enum vp_sort { VP_SORT_NAME, VP_SORT_SIZE, VP_SORT_REFS, VP_SORT_CREATED, VP_SORT_DRIVER, VP_NSORT };
static const char *const vp_sort_names[VP_NSORT] = {"name", "size", "refs", "created", "driver"};

/* Questions, by tag. */
enum { VP_ASK_CREATE, VP_ASK_REMOVE, VP_ASK_PRUNE, VP_ASK_BACKUP, VP_ASK_RESTORE_FILE,
       VP_ASK_RESTORE_MODE, VP_ASK_RESTORE_SURE, VP_ASK_CREATE_DRIVER, VP_ASK_CREATE_LABELS,
       VP_ASK_CREATE_OPTS };

struct vp_job {
    enum vp_job_kind kind;
    char a[1024], b[1024]; /* name / file; for create: name / driver */
    char c[1024], d[1024]; /* for create: labels / driver options, "k=v,k2=v2" */
    int mode;
};

struct vp {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pthread_t thread;
    bool started, stop;
    struct engine *eng;
    int pipe[2];
    /* Guarded by lock. */
    struct vp_job job; /* pending, kind VP_NONE when none */
    bool busy;         /* a job runs */
    char busy_what[2200];
    struct volume_progress prog;
    struct volume_list posted;
    bool have_posted;
    char status[512];
    bool status_err, have_status;
    bool ask_mode; /* the restore found files: ask merge / clear / cancel */
    atomic_bool cancel;
    /* UI thread only. */
    struct volume_list list;
    size_t *rows, nrows;
    char sel[256];
    size_t top;
    int sort;
    bool reverse;
    uint64_t table_gen;
    char restore_file[1024], restore_vol[256];
    struct vp_job create; /* filled in step by step by the create questions */
};

/* --- the thread ------------------------------------------------------------- */

static void vp_wake(struct vp *p)
{
    char b = 1;
    if (write(p->pipe[1], &b, 1) < 0) {
        /* full: a wake-up is already pending */
    }
}

static void vp_post_status(struct vp *p, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void vp_post_status(struct vp *p, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&p->lock);
    vsnprintf(p->status, sizeof p->status, fmt, ap);
    p->status_err = error;
    p->have_status = true;
    pthread_mutex_unlock(&p->lock);
    va_end(ap);
    vp_wake(p);
}

static void vp_progress(void *user, const struct volume_progress *pr)
{
    struct vp *p = user;
    pthread_mutex_lock(&p->lock);
    p->prog = *pr;
    pthread_mutex_unlock(&p->lock);
    vp_wake(p);
}

static void vp_list(struct vp *p, long df_age)
{
    struct volume_list l;
    struct berth_error err;
    if (engine_volumes_list(p->eng, true, df_age, &l, &err) < 0) {
        vp_post_status(p, true, "Volumes: %s", err.message);
        return;
    }
    pthread_mutex_lock(&p->lock);
    volume_list_done(&p->posted);
    p->posted = l;
    p->have_posted = true;
    pthread_mutex_unlock(&p->lock);
    vp_wake(p);
}

/* Splits "k=v, k2=v2" (copied into buf, sizeof the list) into at most max
 * items, blanks around each trimmed; empty items are dropped. */
static size_t vp_split_kv(const char *list, char buf[1024], char **out, size_t max)
{
    size_t n = 0;
    snprintf(buf, 1024, "%s", list);
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t && n < max;
         t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
            t++;
        size_t len = strlen(t);
        while (len && t[len - 1] == ' ')
            t[--len] = '\0';
        if (len)
            out[n++] = t;
    }
    return n;
}

/* Whether list is empty or every item is "key=value" with a key. */
static bool vp_kv_valid(const char *list)
{
    char buf[1024];
    char *items[64];
    size_t n = vp_split_kv(list, buf, items, 64);
    for (size_t i = 0; i < n; i++)
        if (items[i][0] == '=' || !strchr(items[i], '='))
            return false;
    return true;
}

static void vp_run(struct vp *p, const struct vp_job *j)
{
    struct berth_error err;
    struct volume_progress done;
    struct volume_xfer_opts o = {.progress = vp_progress, .user = p, .cancel = &p->cancel};
    switch (j->kind) {
    case VP_CREATE: {
        char *name = NULL, lbuf[1024], obuf[1024];
        char *labels[64], *opts[64];
        size_t nl = vp_split_kv(j->c, lbuf, labels, 64);
        size_t no = vp_split_kv(j->d, obuf, opts, 64);
        if (engine_volume_create(p->eng, j->a, j->b, labels, nl, opts, no, &name, &err) < 0)
            vp_post_status(p, true, "Create %s: %s", j->a, err.message);
        else
            vp_post_status(p, false, "Created volume %s (driver %s, %zu labels, %zu options)", name,
                           j->b[0] ? j->b : "local", nl, no);
        free(name);
        break;
    }
    case VP_REMOVE:
        berth_error_clear(&err);
        if (engine_volume_remove(p->eng, j->a, false, &err) < 0 && err.http_status == 409)
            /* The status line is one row: the reason first, ids last. */
            vp_post_status(p, true,
                           "Remove %s: volume is in use; remove the containers using it first "
                           "(the engine refuses even with force): %s",
                           j->a, err.message);
        else if (err.kind != BERTH_ERR_NONE)
            vp_post_status(p, true, "Remove %s: %s", j->a, err.message);
        else
            vp_post_status(p, false, "Removed volume %s", j->a);
        break;
    case VP_PRUNE: {
        char **del;
        size_t n;
        uint64_t space;
        if (engine_volumes_prune(p->eng, NULL, false, &del, &n, &space, &err) < 0) {
            vp_post_status(p, true, "Prune: %s", err.message);
            break;
        }
        for (size_t i = 0; i < n; i++)
            free(del[i]);
        free(del);
        vp_post_status(p, false, "Pruned %zu volumes, %.1f MB freed", n, (double)space / 1e6);
        break;
    }
    case VP_BACKUP:
        if (volume_backup(p->eng, j->a, j->b, &o, &done, &err) < 0)
            vp_post_status(p, true, "Backup of %s: %s (no file was left)", j->a, err.message);
        else
            vp_post_status(p, false, "Backed up %s to %s: %.1f MB in %.1f s", j->a, j->b,
                           (double)done.tar_bytes / 1e6, done.seconds);
        break;
    case VP_RESTORE: {
        /* The listed size can be stale or 0 for a volume holding only empty
         * files, so the volume itself is looked at: holding anything, the
         * operator is asked rather than shown a refusal. */
        bool exists = false, empty = true;
        if (j->mode == VOLUME_RESTORE_EMPTY_ONLY &&
            volume_probe(p->eng, j->a, &exists, &empty, &err) == 0 && exists && !empty) {
            pthread_mutex_lock(&p->lock);
            p->ask_mode = true;
            pthread_mutex_unlock(&p->lock);
            vp_wake(p);
            break;
        }
        if (volume_restore(p->eng, j->b, j->a, (enum volume_restore_mode)j->mode, &o, &done,
                           &err) < 0)
            vp_post_status(p, true, "Restore into %s: %s", j->a, err.message);
        else
            vp_post_status(p, false, "Restored %s into %s: %.1f MB in %.1f s", j->b, j->a,
                           (double)done.tar_bytes / 1e6, done.seconds);
        break;
    }
    default:
        break;
    }
}

static void *vp_thread(void *arg)
{
    struct vp *p = arg;
    vp_list(p, VP_SLOW_MS);
    pthread_mutex_lock(&p->lock);
    while (!p->stop) {
        if (p->job.kind == VP_NONE) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += VP_SLOW_MS / 1000;
            if (pthread_cond_timedwait(&p->cond, &p->lock, &until) != 0 && !p->stop &&
                p->job.kind == VP_NONE)
                p->job.kind = VP_LIST; /* the slow timer */
            continue;
        }
        struct vp_job j = p->job;
        p->job.kind = VP_NONE;
        p->busy = j.kind == VP_BACKUP || j.kind == VP_RESTORE;
        memset(&p->prog, 0, sizeof p->prog);
        atomic_store(&p->cancel, false);
        pthread_mutex_unlock(&p->lock);
        vp_wake(p);
        if (j.kind != VP_LIST)
            vp_run(p, &j);
        /* After a change, sizes are asked for again (fresh df). */
        vp_list(p, j.kind == VP_LIST ? 2000 : 0);
        pthread_mutex_lock(&p->lock);
        p->busy = false;
        vp_wake(p);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static void vp_submit(struct vp *p, struct ui *ui, const struct vp_job *j)
{
    pthread_mutex_lock(&p->lock);
    bool taken = p->busy || (p->job.kind != VP_NONE && p->job.kind != VP_LIST);
    if (!taken) {
        p->job = *j;
        if (j->kind == VP_BACKUP || j->kind == VP_RESTORE) {
            p->busy = true;
            snprintf(p->busy_what, sizeof p->busy_what, "%s %s %s %s",
                     j->kind == VP_BACKUP ? "Backup" : "Restore", j->kind == VP_BACKUP ? j->a : j->b,
                     "->", j->kind == VP_BACKUP ? j->b : j->a);
        }
        pthread_cond_signal(&p->cond);
    }
    pthread_mutex_unlock(&p->lock);
    if (taken)
        ui_status(ui, true, "A volume transfer is running; wait for it or press Esc to cancel it");
}

static void vp_start(struct vp *p, struct ui *ui)
{
    if (p->started || !ui->engine)
        return;
    p->eng = engine_clone(ui->engine);
    if (pthread_create(&p->thread, NULL, vp_thread, p) == 0)
        p->started = true;
}

/* --- rows -------------------------------------------------------------------- */

static const struct vp *vp_sort_ctx;

static int vp_cmp(const void *a, const void *b)
{
    const struct vp *p = vp_sort_ctx;
    const struct volume_info *x = &p->list.v[*(const size_t *)a];
    const struct volume_info *y = &p->list.v[*(const size_t *)b];
    int c = 0;
    switch (p->sort) {
    case VP_SORT_SIZE: c = (x->size > y->size) - (x->size < y->size); break;
    case VP_SORT_REFS:
        c = ((int64_t)x->ncontainers > (int64_t)y->ncontainers) -
            ((int64_t)x->ncontainers < (int64_t)y->ncontainers);
        break;
    case VP_SORT_CREATED: c = (x->created_at > y->created_at) - (x->created_at < y->created_at); break;
    case VP_SORT_DRIVER: c = strcmp(x->driver, y->driver); break;
    default: break;
    }
    if (c == 0)
        c = strcmp(x->name, y->name);
    return p->reverse ? -c : c;
}

static bool vp_match(const struct volume_info *v, const char *f)
{
    return !f[0] || strstr(v->name, f) || strstr(v->driver, f) || strstr(v->labels, f) ||
           strstr(v->containers, f);
}

static void vp_rebuild(struct vp *p, struct ui *ui)
{
    free(p->rows);
    p->rows = xcalloc(p->list.n + 1, sizeof *p->rows);
    p->nrows = 0;
    for (size_t i = 0; i < p->list.n; i++)
        if (vp_match(&p->list.v[i], ui->table.filter))
            p->rows[p->nrows++] = i;
    vp_sort_ctx = p;
    qsort(p->rows, p->nrows, sizeof *p->rows, vp_cmp);
    p->table_gen = ui->table.gen;
}

static const struct volume_info *vp_selected(const struct vp *p, size_t *at)
{
    for (size_t i = 0; i < p->nrows; i++) {
        if (strcmp(p->list.v[p->rows[i]].name, p->sel) == 0) {
            if (at)
                *at = i;
            return &p->list.v[p->rows[i]];
        }
    }
    if (p->nrows == 0)
        return NULL;
    if (at)
        *at = 0;
    return &p->list.v[p->rows[0]];
}

static void vp_select_at(struct vp *p, size_t i)
{
    if (p->nrows == 0)
        return;
    if (i >= p->nrows)
        i = p->nrows - 1;
    snprintf(p->sel, sizeof p->sel, "%s", p->list.v[p->rows[i]].name);
}

/* --- questions --------------------------------------------------------------- */

static unsigned vp_answer(void *owner, struct ui *ui, int tag, const char *ans);

static void vp_ask_mode(struct vp *p, struct ui *ui)
{
    char q[512];
    snprintf(q, sizeof q, "Volume %s may hold files: %s", p->restore_vol,
             "m merge over them, c clear it first, n cancel:");
    dialog_ask_choice(ui, q, "mcn", vp_answer, p, VP_ASK_RESTORE_MODE);
}

static unsigned vp_answer(void *owner, struct ui *ui, int tag, const char *ans)
{
    struct vp *p = owner;
    struct vp_job j;
    memset(&j, 0, sizeof j);
    if (!ans) {
        ui_status(ui, false, "Cancelled");
        return UI_REDRAW;
    }
    switch (tag) {
    /* Create asks, in turn, the name, the driver, the labels and the driver
     * options; Esc at any step drops the whole create. */
    case VP_ASK_CREATE:
        memset(&p->create, 0, sizeof p->create);
        p->create.kind = VP_CREATE;
        snprintf(p->create.a, sizeof p->create.a, "%s", ans);
        dialog_ask_text(ui, "Driver:", "local", vp_answer, p, VP_ASK_CREATE_DRIVER);
        break;
    case VP_ASK_CREATE_DRIVER:
        snprintf(p->create.b, sizeof p->create.b, "%s", ans[0] ? ans : "local");
        dialog_ask_text(ui, "Labels (k=v,k2=v2; empty for none):", NULL, vp_answer, p,
                        VP_ASK_CREATE_LABELS);
        break;
    case VP_ASK_CREATE_LABELS:
        if (!vp_kv_valid(ans)) {
            ui_status(ui, true, "Labels must be key=value items separated by commas: %s", ans);
            break;
        }
        snprintf(p->create.c, sizeof p->create.c, "%s", ans);
        dialog_ask_text(ui, "Driver options (k=v,k2=v2; empty for none):", NULL, vp_answer, p,
                        VP_ASK_CREATE_OPTS);
        break;
    case VP_ASK_CREATE_OPTS:
        if (!vp_kv_valid(ans)) {
            ui_status(ui, true, "Driver options must be key=value items separated by commas: %s",
                      ans);
            break;
        }
        snprintf(p->create.d, sizeof p->create.d, "%s", ans);
        vp_submit(p, ui, &p->create);
        break;
    case VP_ASK_REMOVE:
        if (ans[0] != 'y')
            break;
        j.kind = VP_REMOVE;
        snprintf(j.a, sizeof j.a, "%s", p->sel);
        vp_submit(p, ui, &j);
        break;
    case VP_ASK_PRUNE:
        if (ans[0] != 'y')
            break;
        j.kind = VP_PRUNE;
        vp_submit(p, ui, &j);
        break;
    case VP_ASK_BACKUP:
        if (!ans[0])
            break;
        j.kind = VP_BACKUP;
        snprintf(j.a, sizeof j.a, "%s", p->sel);
        snprintf(j.b, sizeof j.b, "%s", ans);
        vp_submit(p, ui, &j);
        break;
    case VP_ASK_RESTORE_FILE: {
        if (!ans[0])
            break;
        snprintf(p->restore_file, sizeof p->restore_file, "%s", ans);
        const struct volume_info *v = vp_selected(p, NULL);
        snprintf(p->restore_vol, sizeof p->restore_vol, "%s", v ? v->name : "");
        bool full = v && (v->size > 0 || v->ncontainers > 0 || v->size < 0);
        if (full) {
            vp_ask_mode(p, ui);
            break;
        }
        j.kind = VP_RESTORE;
        j.mode = VOLUME_RESTORE_EMPTY_ONLY;
        snprintf(j.a, sizeof j.a, "%s", p->restore_vol);
        snprintf(j.b, sizeof j.b, "%s", p->restore_file);
        vp_submit(p, ui, &j);
        break;
    }
    case VP_ASK_RESTORE_MODE: {
        if (ans[0] == 'n')
            break;
        char q[512];
        snprintf(q, sizeof q, "%s: %s %s? y/n",
                 ans[0] == 'c' ? "Clear (remove and recreate) then restore" : "Merge into",
                 p->restore_vol, ans[0] == 'c' ? "" : "(files with the same names are replaced)");
        dialog_ask_choice(ui, q, "yn", vp_answer, p,
                          VP_ASK_RESTORE_SURE + (ans[0] == 'c' ? 100 : 0));
        break;
    }
    case VP_ASK_RESTORE_SURE:
    case VP_ASK_RESTORE_SURE + 100:
        if (ans[0] != 'y')
            break;
        j.kind = VP_RESTORE;
        j.mode = tag == VP_ASK_RESTORE_SURE ? VOLUME_RESTORE_MERGE : VOLUME_RESTORE_CLEAR;
        snprintf(j.a, sizeof j.a, "%s", p->restore_vol);
        snprintf(j.b, sizeof j.b, "%s", p->restore_file);
        vp_submit(p, ui, &j);
        break;
    default:
        break;
    }
    return UI_REDRAW;
}

static void vp_ask_prune(struct vp *p, struct ui *ui)
{
    size_t n = 0;
    uint64_t space = 0;
    char names[256] = "";
    for (size_t i = 0; i < p->list.n; i++) {
        const struct volume_info *v = &p->list.v[i];
        if (v->ncontainers > 0 || v->refcount > 0)
            continue;
        n++;
        space += v->size > 0 ? (uint64_t)v->size : 0;
        size_t len = strlen(names);
        if (len < sizeof names - 2)
            snprintf(names + len, sizeof names - len, "%s%s", len ? " " : "", v->name);
    }
    if (n == 0) {
        ui_status(ui, false, "No unused volumes to prune");
        return;
    }
    char q[768];
    snprintf(q, sizeof q, "Prune %zu unused volumes (%.1f MB): %s%s? y/n", n, (double)space / 1e6,
             names,
             p->eng && engine_volumes_prune_removes_named(p->eng)
                 ? " [API < 1.42: NAMED volumes are removed too]"
                 : "");
    dialog_ask_choice(ui, q, "yn", vp_answer, p, VP_ASK_PRUNE);
}

/* --- panel hooks ---------------------------------------------------------------- */

static unsigned vp_action(void *self, struct ui *ui, enum action_id id)
{
    struct vp *p = self;
    vp_start(p, ui);
    size_t at = 0;
    const struct volume_info *v = vp_selected(p, &at);
    size_t page = ui->layout.main.h > 3 ? (size_t)ui->layout.main.h - 3 : 1;
    switch (id) {
    case ACTION_SELECT_UP: vp_select_at(p, at ? at - 1 : 0); return UI_REDRAW;
    case ACTION_SELECT_DOWN: vp_select_at(p, at + 1); return UI_REDRAW;
    case ACTION_PAGE_UP: vp_select_at(p, at > page ? at - page : 0); return UI_REDRAW;
    case ACTION_PAGE_DOWN: vp_select_at(p, at + page); return UI_REDRAW;
    case ACTION_HOME: vp_select_at(p, 0); return UI_REDRAW;
    case ACTION_END: vp_select_at(p, p->nrows ? p->nrows - 1 : 0); return UI_REDRAW;
    case ACTION_SORT_NEXT:
    case ACTION_SORT_PREV:
        p->sort = (p->sort + (id == ACTION_SORT_NEXT ? 1 : VP_NSORT - 1)) % VP_NSORT;
        vp_rebuild(p, ui);
        ui_status(ui, false, "Volumes sorted by %s", vp_sort_names[p->sort]);
        return UI_REDRAW;
    case ACTION_SORT_INVERT:
        p->reverse = !p->reverse;
        vp_rebuild(p, ui);
        return UI_REDRAW;
    case ACTION_FILTER:
        prompt_open(ui, PROMPT_FILTER);
        return UI_REDRAW;
    case ACTION_REFRESH: {
        struct vp_job j = {.kind = VP_LIST};
        vp_submit(p, ui, &j);
        ui_status(ui, false, "Refreshing volumes and their sizes...");
        return UI_REDRAW;
    }
    case ACTION_BACK: {
        pthread_mutex_lock(&p->lock);
        bool busy = p->busy;
        pthread_mutex_unlock(&p->lock);
        if (!busy)
            return UI_IGNORED;
        atomic_store(&p->cancel, true);
        ui_status(ui, false, "Cancelling the transfer...");
        return UI_REDRAW;
    }
    case ACTION_VOLUME_CREATE:
        dialog_ask_text(ui, "New volume name (empty: the engine picks one):", NULL, vp_answer, p,
                        VP_ASK_CREATE);
        return UI_REDRAW;
    case ACTION_REMOVE: {
        if (!v)
            return UI_REDRAW;
        char q[512];
        snprintf(q, sizeof q, "Remove volume %s%s%s? Its data is lost. y/n", v->name,
                 v->ncontainers ? ", used by " : "", v->ncontainers ? v->containers : "");
        snprintf(p->sel, sizeof p->sel, "%s", v->name);
        dialog_ask_choice(ui, q, "yn", vp_answer, p, VP_ASK_REMOVE);
        return UI_REDRAW;
    }
    case ACTION_VOLUME_PRUNE:
        vp_ask_prune(p, ui);
        return UI_REDRAW;
    case ACTION_VOLUME_BACKUP: {
        if (!v)
            return UI_REDRAW;
        char cwd[512], initial[1024];
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        char stamp[32];
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
        snprintf(initial, sizeof initial, "%s/%s-%s.tar.gz",
                 getcwd(cwd, sizeof cwd) ? cwd : ".", v->name, stamp);
        snprintf(p->sel, sizeof p->sel, "%s", v->name);
        dialog_ask_text(ui, "Back up to file:", initial, vp_answer, p, VP_ASK_BACKUP);
        return UI_REDRAW;
    }
    case ACTION_VOLUME_RESTORE:
        if (!v)
            return UI_REDRAW;
        snprintf(p->sel, sizeof p->sel, "%s", v->name);
        dialog_ask_text(ui, "Restore into the selected volume from file:", NULL, vp_answer, p,
                        VP_ASK_RESTORE_FILE);
        return UI_REDRAW;
    default:
        return UI_IGNORED;
    }
}

static int vp_wake_fd(void *self)
{
    struct vp *p = self;
    return p->pipe[0];
}

static unsigned vp_wake_hook(void *self, struct ui *ui)
{
    struct vp *p = self;
    char buf[64];
    while (read(p->pipe[0], buf, sizeof buf) > 0) {
    }
    pthread_mutex_lock(&p->lock);
    if (p->have_posted) {
        volume_list_done(&p->list);
        p->list = p->posted;
        memset(&p->posted, 0, sizeof p->posted);
        p->have_posted = false;
        vp_rebuild(p, ui);
    }
    if (p->have_status) {
        ui_status(ui, p->status_err, "%s", p->status);
        p->have_status = false;
    }
    bool ask_mode = p->ask_mode;
    p->ask_mode = false;
    pthread_mutex_unlock(&p->lock);
    if (ask_mode)
        vp_ask_mode(p, ui);
    return UI_REDRAW;
}

static void vp_cell(int y, int *x, int right, int w, const char *s, attr_t a, bool engine)
{
    if (*x >= right)
        return;
    if (w > right - *x)
        w = right - *x;
    if (engine)
        draw_engine(y, *x, w - 1, s, a);
    else
        draw_text(y, *x, w - 1, s, a);
    *x += w;
}

static void vp_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct vp *p = self;
    vp_start(p, ui);
    if (p->table_gen != ui->table.gen)
        vp_rebuild(p, ui);
    draw_clear(r, theme_attr(THEME_DEFAULT));
    if (r->h < 2)
        return;
    static const char *const titles[] = {"NAME", "DRIVER", "SCOPE", "SIZE", "REFS",
                                         "USED BY", "CREATED", "MOUNTPOINT", "LABELS"};
    static const int widths[] = {28, 8, 7, 10, 5, 20, 17, 40, 200};
    int right = r->x + r->w;
    draw_fill(r->y, r->x, r->w, theme_attr(THEME_TABLE_HEADER));
    int x = r->x;
    static const int sort_col[VP_NSORT] = {0, 3, 4, 6, 1};
    for (int c = 0; c < 9; c++)
        vp_cell(r->y, &x, right, widths[c], titles[c],
                theme_attr(c == sort_col[p->sort] ? THEME_TABLE_HEADER_SORTED : THEME_TABLE_HEADER),
                false);
    pthread_mutex_lock(&p->lock);
    bool busy = p->busy;
    struct volume_progress prog = p->prog;
    char what[2200];
    snprintf(what, sizeof what, "%s", p->busy_what);
    pthread_mutex_unlock(&p->lock);
    int rows_h = r->h - 1 - (busy ? 1 : 0);
    size_t at = 0;
    const struct volume_info *sel = vp_selected(p, &at);
    if (at < p->top)
        p->top = at;
    if (rows_h > 0 && at >= p->top + (size_t)rows_h)
        p->top = at - (size_t)rows_h + 1;
    for (int i = 0; i < rows_h && p->top + (size_t)i < p->nrows; i++) {
        const struct volume_info *v = &p->list.v[p->rows[p->top + (size_t)i]];
        int y = r->y + 1 + i;
        attr_t a = theme_attr(v == sel ? THEME_SELECTION : THEME_DEFAULT);
        if (v == sel)
            draw_fill(y, r->x, r->w, a);
        char size[32] = "-", refs[24] = "-", created[32] = "";
        if (v->size >= 0)
            snprintf(size, sizeof size, "%.1f MB", (double)v->size / 1e6);
        if (v->refcount >= 0)
            snprintf(refs, sizeof refs, "%lld", (long long)v->refcount);
        else
            snprintf(refs, sizeof refs, "%zu", v->ncontainers);
        if (v->created_at > 0) {
            time_t t = (time_t)v->created_at;
            struct tm tm;
            gmtime_r(&t, &tm);
            strftime(created, sizeof created, "%Y-%m-%d %H:%M", &tm);
        }
        x = r->x;
        vp_cell(y, &x, right, widths[0], v->name, a, true);
        vp_cell(y, &x, right, widths[1], v->driver, a, true);
        vp_cell(y, &x, right, widths[2], v->scope, a, true);
        vp_cell(y, &x, right, widths[3], size, a, false);
        vp_cell(y, &x, right, widths[4], refs, a, false);
        vp_cell(y, &x, right, widths[5], v->containers[0] ? v->containers : "-", a, true);
        vp_cell(y, &x, right, widths[6], created, a, false);
        vp_cell(y, &x, right, widths[7], v->mountpoint, a, true);
        vp_cell(y, &x, right, widths[8], v->labels, a, true);
    }
    if (p->nrows == 0 && rows_h > 0)
        draw_text(r->y + 1, r->x + 1, r->w - 2,
                  p->list.n ? "No volume matches the filter" : "No volumes (or not listed yet)",
                  theme_attr(THEME_DEFAULT));
    if (busy) {
        char line[2400];
        double rate = prog.seconds > 0 ? (double)prog.tar_bytes / prog.seconds / 1e6 : 0;
        snprintf(line, sizeof line, "%s: %.1f MB of data, %.1f MB of file, %.1f MB/s  (Esc cancels)",
                 what, (double)prog.tar_bytes / 1e6, (double)prog.file_bytes / 1e6, rate);
        draw_fill(r->y + r->h - 1, r->x, r->w, theme_attr(THEME_STATUS_OK));
        draw_engine(r->y + r->h - 1, r->x, r->w, line, theme_attr(THEME_STATUS_OK));
    }
}

static void vp_destroy(void *self)
{
    struct vp *p = self;
    if (p->started) {
        atomic_store(&p->cancel, true);
        pthread_mutex_lock(&p->lock);
        p->stop = true;
        pthread_cond_signal(&p->cond);
        pthread_mutex_unlock(&p->lock);
        pthread_join(p->thread, NULL);
        engine_free(p->eng);
    }
    volume_list_done(&p->list);
    volume_list_done(&p->posted);
    free(p->rows);
    close(p->pipe[0]);
    close(p->pipe[1]);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->cond);
    free(p);
}

void *panel_volumes_new(void)
{
    struct vp *p = xcalloc(1, sizeof *p);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cond, NULL);
    if (pipe(p->pipe) < 0) {
        p->pipe[0] = p->pipe[1] = -1;
    } else {
        for (int i = 0; i < 2; i++) {
            fcntl(p->pipe[i], F_SETFL, fcntl(p->pipe[i], F_GETFL) | O_NONBLOCK);
            fcntl(p->pipe[i], F_SETFD, FD_CLOEXEC);
        }
    }
    return p;
}

const struct panel_ops panel_volumes_ops = {
    .name = "volumes",
    .context = ACTION_CTX_VOLUMES,
    .place = UI_PLACE_MAIN,
    .modal = false,
    .action = vp_action,
    .draw = vp_draw,
    .destroy = vp_destroy,
    .wake_fd = vp_wake_fd,
    .wake = vp_wake_hook,
};
