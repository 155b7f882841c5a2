/* The volumes panel (see panel_volumes.h).
 *
 * Engine work runs on the panel's own thread with its own client (a clone
 * of the dashboard's), never on the UI thread: listing (sizes from
 * /system/df, on demand and on a 30 s timer, serialised and cached by
 * engine_volumes_df), create, remove, prune, backup and restore. The
 * thread is a model/job_thread: it posts its results and wakes the
 * dashboard through the pipe it polls (panel_ops.wake_fd); wake() then
 * takes them on the UI thread. One job runs at a time; during a transfer
 * (a busy job) its progress (bytes and rate) shows at the bottom of the
 * panel and Esc cancels it.
 *
 * Rows (ui/list_rows) keep the selection by volume name across refreshes;
 * the filter is the table's (/), matched against name, driver, labels and
 * users. */
#include "config.h"

#include "panel_volumes.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "engine_volumes.h"
#include "volume_backup.h"
#include "xalloc.h"
#include "model/job_thread.h"
#include "ui/dialog_ask.h"
#include "ui/draw.h"
#include "ui/list_rows.h"
#include "ui/theme.h"

#define VP_SLOW_MS 30000 /* the slow timer: relist with sizes */

enum vp_job_kind { VP_NONE, VP_LIST, VP_CREATE, VP_REMOVE, VP_PRUNE, VP_BACKUP, VP_RESTORE };

enum vp_sort {
    VP_SORT_NAME,
    VP_SORT_SIZE,
    VP_SORT_REFS,
    VP_SORT_CREATED,
    VP_SORT_DRIVER,
    VP_NSORT
};
static const char *const vp_sort_names[VP_NSORT] = {"name", "size", "refs", "created", "driver"};

/* Questions, by tag. */
enum {
    VP_ASK_CREATE,
    VP_ASK_REMOVE,
    VP_ASK_PRUNE,
    VP_ASK_BACKUP,
    VP_ASK_RESTORE_FILE,
    VP_ASK_RESTORE_MODE,
    VP_ASK_RESTORE_SURE,
    VP_ASK_CREATE_DRIVER,
    VP_ASK_CREATE_LABELS,
    VP_ASK_CREATE_OPTS
};

struct vp_job {
    enum vp_job_kind kind;
    char a[1024], b[1024]; /* name / file; for create: name / driver */
    char c[1024], d[1024]; /* for create: labels / driver options, "k=v,k2=v2" */
    int mode;
};

struct vp {
    struct job_thread *jobs;
    /* Guarded by the jobs' lock. */
    char busy_what[2200];
    struct volume_progress prog;
    bool ask_mode; /* the restore found files: ask merge / clear / cancel */
    /* UI thread only. */
    struct volume_list list;
    struct list_rows rows; /* selection by volume name */
    char restore_file[1024], restore_vol[256];
    struct vp_job create; /* filled in step by step by the create questions */
};

/* --- the thread ------------------------------------------------------------- */

static void vp_progress(void *user, const struct volume_progress *pr)
{
    struct vp *p = user;
    job_thread_lock(p->jobs);
    p->prog = *pr;
    job_thread_unlock(p->jobs);
    job_thread_wake(p->jobs);
}

static void vp_list(struct vp *p, struct engine *eng, long df_age)
{
    struct volume_list l;
    struct berth_error err;
    if (engine_volumes_list(eng, true, df_age, &l, &err) < 0) {
        job_thread_post_status(p->jobs, true, "Volumes: %s", err.message);
        return;
    }
    job_thread_post_result(p->jobs, &l);
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

static void vp_run(struct vp *p, struct engine *eng, const struct vp_job *j)
{
    struct berth_error err;
    struct volume_progress done;
    struct volume_xfer_opts o = {
        .progress = vp_progress, .user = p, .cancel = job_thread_cancel_flag(p->jobs)};
    switch (j->kind) {
    case VP_CREATE: {
        char *name = NULL, lbuf[1024], obuf[1024];
        char *labels[64], *opts[64];
        size_t nl = vp_split_kv(j->c, lbuf, labels, 64);
        size_t no = vp_split_kv(j->d, obuf, opts, 64);
        if (engine_volume_create(eng, j->a, j->b, labels, nl, opts, no, &name, &err) < 0)
            job_thread_post_status(p->jobs, true, "Create %s: %s", j->a, err.message);
        else
            job_thread_post_status(p->jobs, false,
                                   "Created volume %s (driver %s, %zu labels, %zu options)", name,
                                   j->b[0] ? j->b : "local", nl, no);
        free(name);
        break;
    }
    case VP_REMOVE:
        berth_error_clear(&err);
        if (engine_volume_remove(eng, j->a, false, &err) < 0 && err.http_status == 409)
            /* The status line is one row: the reason first, ids last. */
            job_thread_post_status(
                p->jobs, true,
                "Remove %s: volume is in use; remove the containers using it first "
                "(the engine refuses even with force): %s",
                j->a, err.message);
        else if (err.kind != BERTH_ERR_NONE)
            job_thread_post_status(p->jobs, true, "Remove %s: %s", j->a, err.message);
        else
            job_thread_post_status(p->jobs, false, "Removed volume %s", j->a);
        break;
    case VP_PRUNE: {
        char **del;
        size_t n;
        uint64_t space;
        if (engine_volumes_prune(eng, NULL, false, &del, &n, &space, &err) < 0) {
            job_thread_post_status(p->jobs, true, "Prune: %s", err.message);
            break;
        }
        for (size_t i = 0; i < n; i++)
            free(del[i]);
        free(del);
        job_thread_post_status(p->jobs, false, "Pruned %zu volumes, %.1f MB freed", n,
                               (double)space / 1e6);
        break;
    }
    case VP_BACKUP:
        if (volume_backup(eng, j->a, j->b, &o, &done, &err) < 0)
            job_thread_post_status(p->jobs, true, "Backup of %s: %s (no file was left)", j->a,
                                   err.message);
        else
            job_thread_post_status(p->jobs, false, "Backed up %s to %s: %.1f MB in %.1f s", j->a,
                                   j->b, (double)done.tar_bytes / 1e6, done.seconds);
        break;
    case VP_RESTORE: {
        /* The listed size can be stale or 0 for a volume holding only empty
         * files, so the volume itself is looked at: holding anything, the
         * operator is asked rather than shown a refusal. */
        bool exists = false, empty = true;
        if (j->mode == VOLUME_RESTORE_EMPTY_ONLY &&
            volume_probe(eng, j->a, &exists, &empty, &err) == 0 && exists && !empty) {
            job_thread_lock(p->jobs);
            p->ask_mode = true;
            job_thread_unlock(p->jobs);
            job_thread_wake(p->jobs);
            break;
        }
        if (volume_restore(eng, j->b, j->a, (enum volume_restore_mode)j->mode, &o, &done, &err) < 0)
            job_thread_post_status(p->jobs, true, "Restore into %s: %s", j->a, err.message);
        else
            job_thread_post_status(p->jobs, false, "Restored %s into %s: %.1f MB in %.1f s", j->b,
                                   j->a, (double)done.tar_bytes / 1e6, done.seconds);
        break;
    }
    default:
        break;
    }
}

/* The thread's first list: sizes may be as old as the slow timer. */
static void vp_first(void *owner, struct engine *eng)
{
    vp_list(owner, eng, VP_SLOW_MS);
}

static void vp_job(void *owner, struct engine *eng, const void *job)
{
    struct vp *p = owner;
    const struct vp_job *j = job; /* NULL: the slow timer */
    job_thread_lock(p->jobs);
    memset(&p->prog, 0, sizeof p->prog);
    job_thread_unlock(p->jobs);
    if (j && j->kind != VP_LIST)
        vp_run(p, eng, j);
    /* After a change, sizes are asked for again (fresh df). */
    vp_list(p, eng, j && j->kind != VP_LIST ? 0 : 2000);
}

/* A transfer was accepted: its progress line names it from now on. */
static void vp_accepted(void *owner, const void *job)
{
    struct vp *p = owner;
    const struct vp_job *j = job;
    if (j->kind == VP_BACKUP || j->kind == VP_RESTORE)
        snprintf(p->busy_what, sizeof p->busy_what, "%s %s %s %s",
                 j->kind == VP_BACKUP ? "Backup" : "Restore", j->kind == VP_BACKUP ? j->a : j->b,
                 "->", j->kind == VP_BACKUP ? j->b : j->a);
}

static void vp_submit(struct vp *p, struct ui *ui, const struct vp_job *j)
{
    unsigned flags = j->kind == VP_LIST                              ? JOB_THREAD_REPLACEABLE
                     : j->kind == VP_BACKUP || j->kind == VP_RESTORE ? JOB_THREAD_BUSY
                                                                     : 0;
    if (!job_thread_submit(p->jobs, j, flags))
        ui_status(ui, true, "A volume transfer is running; wait for it or press Esc to cancel it");
}

/* --- rows -------------------------------------------------------------------- */

static int vp_cmp(const void *a, const void *b, int sort)
{
    const struct volume_info *x = a, *y = b;
    int c = 0;
    switch (sort) {
    case VP_SORT_SIZE:
        c = (x->size > y->size) - (x->size < y->size);
        break;
    case VP_SORT_REFS:
        c = ((int64_t)x->ncontainers > (int64_t)y->ncontainers) -
            ((int64_t)x->ncontainers < (int64_t)y->ncontainers);
        break;
    case VP_SORT_CREATED:
        c = (x->created_at > y->created_at) - (x->created_at < y->created_at);
        break;
    case VP_SORT_DRIVER:
        c = strcmp(x->driver, y->driver);
        break;
    default:
        break;
    }
    if (c == 0)
        c = strcmp(x->name, y->name);
    return c;
}

static bool vp_match(const void *item, const char *f)
{
    const struct volume_info *v = item;
    return strstr(v->name, f) || strstr(v->driver, f) || strstr(v->labels, f) ||
           strstr(v->containers, f);
}

static const char *vp_key(const void *item)
{
    return ((const struct volume_info *)item)->name;
}

static const struct list_rows_spec vp_rows_spec = {
    .noun = "Volumes",
    .sort_names = vp_sort_names,
    .nsort = VP_NSORT,
    .item_size = sizeof(struct volume_info),
    .match = vp_match,
    .compare = vp_cmp,
    .key = vp_key,
};

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
        snprintf(j.a, sizeof j.a, "%s", p->rows.sel);
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
        snprintf(j.a, sizeof j.a, "%s", p->rows.sel);
        snprintf(j.b, sizeof j.b, "%s", ans);
        vp_submit(p, ui, &j);
        break;
    case VP_ASK_RESTORE_FILE: {
        if (!ans[0])
            break;
        snprintf(p->restore_file, sizeof p->restore_file, "%s", ans);
        const struct volume_info *v = list_rows_selected(&p->rows, NULL);
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
    snprintf(
        q, sizeof q, "Prune %zu unused volumes (%.1f MB): %s%s? y/n", n, (double)space / 1e6, names,
        job_thread_engine(p->jobs) && engine_volumes_prune_removes_named(job_thread_engine(p->jobs))
            ? " [API < 1.42: NAMED volumes are removed too]"
            : "");
    dialog_ask_choice(ui, q, "yn", vp_answer, p, VP_ASK_PRUNE);
}

/* --- panel hooks ---------------------------------------------------------------- */

static unsigned vp_action(void *self, struct ui *ui, enum action_id id)
{
    struct vp *p = self;
    job_thread_start(p->jobs, ui->engine);
    unsigned moved = list_rows_action(&p->rows, ui, id);
    if (moved != UI_IGNORED)
        return moved;
    const struct volume_info *v = list_rows_selected(&p->rows, NULL);
    switch (id) {
    case ACTION_REFRESH: {
        struct vp_job j = {.kind = VP_LIST};
        vp_submit(p, ui, &j);
        ui_status(ui, false, "Refreshing volumes and their sizes...");
        return UI_REDRAW;
    }
    case ACTION_BACK: {
        if (!job_thread_busy(p->jobs))
            return UI_IGNORED;
        job_thread_cancel(p->jobs);
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
        list_rows_select(&p->rows, v->name);
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
        snprintf(initial, sizeof initial, "%s/%s-%s.tar.gz", getcwd(cwd, sizeof cwd) ? cwd : ".",
                 v->name, stamp);
        list_rows_select(&p->rows, v->name);
        dialog_ask_text(ui, "Back up to file:", initial, vp_answer, p, VP_ASK_BACKUP);
        return UI_REDRAW;
    }
    case ACTION_VOLUME_RESTORE:
        if (!v)
            return UI_REDRAW;
        list_rows_select(&p->rows, v->name);
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
    return job_thread_wake_fd(p->jobs);
}

static unsigned vp_wake_hook(void *self, struct ui *ui)
{
    struct vp *p = self;
    job_thread_drain(p->jobs);
    struct volume_list l;
    if (job_thread_take_result(p->jobs, &l)) {
        volume_list_done(&p->list);
        p->list = l;
        list_rows_update(&p->rows, ui, p->list.v, p->list.n);
    }
    job_thread_lock(p->jobs);
    bool ask_mode = p->ask_mode;
    p->ask_mode = false;
    job_thread_unlock(p->jobs);
    char msg[UI_STATUS_MAX];
    bool error = false;
    if (job_thread_take_status(p->jobs, msg, sizeof msg, &error))
        ui_status(ui, error, "%s", msg);
    if (ask_mode)
        vp_ask_mode(p, ui);
    return UI_REDRAW;
}

static void vp_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct vp *p = self;
    job_thread_start(p->jobs, ui->engine);
    list_rows_sync(&p->rows, ui);
    draw_clear(r, theme_attr(THEME_DEFAULT));
    if (r->h < 2)
        return;
    static const char *const titles[] = {"NAME",    "DRIVER",  "SCOPE",      "SIZE",  "REFS",
                                         "USED BY", "CREATED", "MOUNTPOINT", "LABELS"};
    static const int widths[] = {28, 8, 7, 10, 5, 20, 17, 40, 200};
    int right = r->x + r->w;
    draw_fill(r->y, r->x, r->w, theme_attr(THEME_TABLE_HEADER));
    int x = r->x;
    static const int sort_col[VP_NSORT] = {0, 3, 4, 6, 1};
    for (int c = 0; c < 9; c++)
        draw_cell(r->y, &x, right, widths[c], titles[c],
                  theme_attr(c == sort_col[p->rows.sort] ? THEME_TABLE_HEADER_SORTED
                                                         : THEME_TABLE_HEADER),
                  false);
    bool busy = job_thread_busy(p->jobs);
    job_thread_lock(p->jobs);
    struct volume_progress prog = p->prog;
    char what[2200];
    snprintf(what, sizeof what, "%s", p->busy_what);
    job_thread_unlock(p->jobs);
    int rows_h = r->h - 1 - (busy ? 1 : 0);
    size_t at = 0;
    const struct volume_info *sel = list_rows_selected(&p->rows, &at);
    list_rows_scroll(&p->rows, at, rows_h > 0 ? (size_t)rows_h : 0);
    for (int i = 0; i < rows_h && p->rows.top + (size_t)i < p->rows.n; i++) {
        const struct volume_info *v = list_rows_item(&p->rows, p->rows.top + (size_t)i);
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
        draw_cell(y, &x, right, widths[0], v->name, a, true);
        draw_cell(y, &x, right, widths[1], v->driver, a, true);
        draw_cell(y, &x, right, widths[2], v->scope, a, true);
        draw_cell(y, &x, right, widths[3], size, a, false);
        draw_cell(y, &x, right, widths[4], refs, a, false);
        draw_cell(y, &x, right, widths[5], v->containers[0] ? v->containers : "-", a, true);
        draw_cell(y, &x, right, widths[6], created, a, false);
        draw_cell(y, &x, right, widths[7], v->mountpoint, a, true);
        draw_cell(y, &x, right, widths[8], v->labels, a, true);
    }
    if (p->rows.n == 0 && rows_h > 0)
        draw_text(r->y + 1, r->x + 1, r->w - 2,
                  p->list.n ? "No volume matches the filter" : "No volumes (or not listed yet)",
                  theme_attr(THEME_DEFAULT));
    if (busy) {
        char line[2400];
        double rate = prog.seconds > 0 ? (double)prog.tar_bytes / prog.seconds / 1e6 : 0;
        snprintf(line, sizeof line,
                 "%s: %.1f MB of data, %.1f MB of file, %.1f MB/s  (Esc cancels)", what,
                 (double)prog.tar_bytes / 1e6, (double)prog.file_bytes / 1e6, rate);
        draw_fill(r->y + r->h - 1, r->x, r->w, theme_attr(THEME_STATUS_OK));
        draw_engine(r->y + r->h - 1, r->x, r->w, line, theme_attr(THEME_STATUS_OK));
    }
}

static void vp_destroy(void *self)
{
    struct vp *p = self;
    job_thread_free(p->jobs);
    volume_list_done(&p->list);
    list_rows_done(&p->rows);
    free(p);
}

static void vp_list_free(void *l)
{
    volume_list_done(l);
}

void *panel_volumes_new(void)
{
    struct vp *p = xcalloc(1, sizeof *p);
    struct job_thread_spec spec = {.job_size = sizeof(struct vp_job),
                                   .timer_ms = VP_SLOW_MS,
                                   .run = vp_job,
                                   .first = vp_first,
                                   .accepted = vp_accepted,
                                   .result_size = sizeof(struct volume_list),
                                   .result_done = vp_list_free,
                                   .owner = p};
    p->jobs = job_thread_new(&spec);
    list_rows_init(&p->rows, &vp_rows_spec);
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
