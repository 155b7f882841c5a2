/* Lifecycle actions from the table (see lifecycle.h).
 *
 * Each target becomes one queued worker action; the sequence numbers are
 * kept here (UI thread only) until their results show up in a snapshot,
 * then reported on the status line and forgotten. The rows show the
 * pending state ("stopping…") from the snapshot itself. */
#include "config.h"

#include "ui/lifecycle.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/lifecycle.h"
#include "model/worker.h"
#include "ui/dialog_form.h"
#include "ui/dialog_kill.h"
#include "xalloc.h"

/* Results waited for at most (older ones are dropped from the list). */
#define UILC_MAX_WAIT 256

/* Sequence numbers sent from here and not reported yet. */
static uint64_t waiting[UILC_MAX_WAIT];
static size_t nwaiting;
static size_t batch_total, batch_done, batch_failed;

/* What a dialog's Yes does: the targets and the action. */
struct uilc_job {
    enum lifecycle_verb verb; /* LIFECYCLE_NONE: pause toggle */
    char signal[LIFECYCLE_SIGNAL_MAX];
    struct ui_lifecycle_target *t;
    size_t n;
};

static void job_free(void *p)
{
    struct uilc_job *j = p;
    if (!j)
        return;
    free(j->t);
    free(j);
}

static struct uilc_job *job_new(enum lifecycle_verb verb, const struct ui_lifecycle_target *t,
                                size_t n)
{
    struct uilc_job *j = xcalloc(1, sizeof *j);
    j->verb = verb;
    j->t = xmalloc(n * sizeof *t);
    memcpy(j->t, t, n * sizeof *t);
    j->n = n;
    return j;
}

static void remember(uint64_t seq)
{
    if (nwaiting == UILC_MAX_WAIT) {
        memmove(waiting, waiting + 1, (UILC_MAX_WAIT - 1) * sizeof *waiting);
        nwaiting--;
    }
    waiting[nwaiting++] = seq;
}

/* Queue one action per target. params carries the options; verb per
 * target for the pause toggle. */
static void submit(struct ui *ui, const struct uilc_job *j, const struct lifecycle_params *base)
{
    if (!ui->worker) {
        ui_status(ui, true, "no engine connection to act on");
        return;
    }
    if (nwaiting == 0)
        batch_total = batch_done = batch_failed = 0;
    for (size_t i = 0; i < j->n; i++) {
        struct worker_action a;
        memset(&a, 0, sizeof a);
        a.kind = WORKER_ACTION_LIFECYCLE;
        snprintf(a.id, sizeof a.id, "%s", j->t[i].id);
        a.lc = *base;
        if (j->verb == LIFECYCLE_NONE)
            a.lc.verb =
                j->t[i].state == CONTAINER_STATE_PAUSED ? LIFECYCLE_UNPAUSE : LIFECYCLE_PAUSE;
        else
            a.lc.verb = j->verb;
        snprintf(a.lc.label, sizeof a.lc.label, "%s", j->t[i].name);
        remember(worker_submit(ui->worker, &a));
        batch_total++;
    }
    if (j->n == 1)
        ui_status(ui, false, "%s %s...",
                  lifecycle_verb_pending(j->verb ? j->verb
                                         : j->t[0].state == CONTAINER_STATE_PAUSED
                                             ? LIFECYCLE_UNPAUSE
                                             : LIFECYCLE_PAUSE),
                  j->t[0].name);
    else
        ui_status(ui, false, "%s: %zu containers...",
                  j->verb ? lifecycle_verb_name(j->verb) : "pause/unpause", j->n);
}

static void base_params(const struct ui *ui, const struct uilc_job *j, struct lifecycle_params *p)
{
    memset(p, 0, sizeof *p);
    p->verb = j->verb;
    p->timeout_s = (int)ui->conf.stop_timeout;
    snprintf(p->signal, sizeof p->signal, "%s", j->signal);
}

static bool yes_simple(struct ui *ui, void *ctx, const struct form_field *fields, size_t n,
                       char *err, size_t err_size)
{
    (void)fields, (void)n, (void)err, (void)err_size;
    struct uilc_job *j = ctx;
    struct lifecycle_params p;
    base_params(ui, j, &p);
    submit(ui, j, &p);
    return true;
}

static bool yes_remove(struct ui *ui, void *ctx, const struct form_field *fields, size_t n,
                       char *err, size_t err_size)
{
    (void)n, (void)err, (void)err_size;
    struct uilc_job *j = ctx;
    struct lifecycle_params p;
    base_params(ui, j, &p);
    p.force = fields[0].checked;
    p.volumes = fields[1].checked;
    submit(ui, j, &p);
    return true;
}

static bool yes_rename(struct ui *ui, void *ctx, const struct form_field *fields, size_t n,
                       char *err, size_t err_size)
{
    (void)n;
    struct uilc_job *j = ctx;
    const char *name = fields[0].text;
    if (!name[0]) {
        snprintf(err, err_size, "type the new name");
        return false;
    }
    /* The engine's own rule for names; said here before any request. */
    for (const char *c = name; *c; c++) {
        bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                  (*c >= '0' && *c <= '9') || (c != name && (*c == '_' || *c == '.' || *c == '-'));
        if (!ok) {
            snprintf(err, err_size, "names use [a-zA-Z0-9][a-zA-Z0-9_.-]");
            return false;
        }
    }
    struct lifecycle_params p;
    base_params(ui, j, &p);
    snprintf(p.name, sizeof p.name, "%s", name);
    submit(ui, j, &p);
    return true;
}

enum { LIM_MEM, LIM_SWAP, LIM_CPUS, LIM_SHARES, LIM_BLKIO, LIM_PIDS, LIM_N };

static int parse_int(const char *text, int64_t *out)
{
    char *end;
    long long v = strtoll(text, &end, 10);
    if (end == text || *end)
        return -1;
    *out = v;
    return 0;
}

static bool yes_limits(struct ui *ui, void *ctx, const struct form_field *fields, size_t n,
                       char *err, size_t err_size)
{
    (void)n;
    struct uilc_job *j = ctx;
    struct lifecycle_params p;
    base_params(ui, j, &p);
    struct lifecycle_limits *l = &p.limits;
    struct berth_error e;
    berth_error_clear(&e);
    const char *t;
    if ((t = fields[LIM_MEM].text)[0]) {
        if (lifecycle_parse_bytes(t, &l->memory, &e) < 0)
            goto bad;
        l->set |= LIFECYCLE_LIMIT_MEMORY;
    }
    if ((t = fields[LIM_SWAP].text)[0]) {
        if (strcmp(t, "-1") == 0)
            l->memory_swap = -1;
        else if (lifecycle_parse_bytes(t, &l->memory_swap, &e) < 0)
            goto bad;
        l->set |= LIFECYCLE_LIMIT_MEMORY_SWAP;
    }
    if ((t = fields[LIM_CPUS].text)[0]) {
        if (lifecycle_parse_cpus(t, &l->nano_cpus, &e) < 0)
            goto bad;
        l->set |= LIFECYCLE_LIMIT_CPUS;
    }
    const struct {
        int field;
        int64_t *dst;
        unsigned bit;
        const char *what;
    } ints[] = {
        {LIM_SHARES, &l->cpu_shares, LIFECYCLE_LIMIT_CPU_SHARES, "CPU shares"},
        {LIM_BLKIO, &l->blkio_weight, LIFECYCLE_LIMIT_BLKIO_WEIGHT, "block I/O weight"},
        {LIM_PIDS, &l->pids_limit, LIFECYCLE_LIMIT_PIDS, "PIDs limit"},
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        t = fields[ints[i].field].text;
        if (!t[0])
            continue;
        if (parse_int(t, ints[i].dst) < 0) {
            snprintf(err, err_size, "%s: not a whole number: '%s'", ints[i].what, t);
            return false;
        }
        l->set |= ints[i].bit;
    }
    if (lifecycle_limits_check(l, &e) < 0)
        goto bad;
    submit(ui, j, &p);
    return true;
bad:
    snprintf(err, err_size, "%s", e.message);
    return false;
}

/* "web-1  0123456789ab" lines for the dialog; free with free_lines. */
static const char **target_lines(const struct ui_lifecycle_target *t, size_t n)
{
    const char **lines = xcalloc(n, sizeof *lines);
    for (size_t i = 0; i < n; i++)
        lines[i] = xasprintf("%s  %.12s", t[i].name, t[i].id);
    return lines;
}

static void free_lines(const char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free((void *)(uintptr_t)lines[i]);
    free((void *)lines);
}

static void open_form(struct ui *ui, const char *title, struct uilc_job *j,
                      const struct form_field *fields, size_t nfields, const char *yes,
                      form_yes_fn fn)
{
    const char **lines = target_lines(j->t, j->n);
    struct form_spec spec = {
        .title = title,
        .lines = lines,
        .nlines = j->n,
        .fields = fields,
        .nfields = nfields,
        .yes = yes,
        .on_yes = fn,
        .ctx = j,
        .ctx_free = job_free,
    };
    dialog_form_open(ui, &spec);
    free_lines(lines, j->n);
}

static void confirm(struct ui *ui, struct uilc_job *j)
{
    char title[96];
    const char *verb = j->verb ? lifecycle_verb_name(j->verb) : "pause/unpause";
    if (j->verb == LIFECYCLE_KILL)
        snprintf(title, sizeof title, " Kill with SIG%s %zu container%s? ", j->signal, j->n,
                 j->n == 1 ? "" : "s");
    else
        snprintf(title, sizeof title, " %c%s %zu container%s? ", verb[0] - 'a' + 'A', verb + 1,
                 j->n, j->n == 1 ? "" : "s");
    open_form(ui, title, j, NULL, 0, NULL, yes_simple);
}

/* The kill menu's choice. */
static void kill_chosen(struct ui *ui, void *ctx, const char *signal)
{
    struct uilc_job *j = ctx;
    struct uilc_job *copy = job_new(LIFECYCLE_KILL, j->t, j->n);
    snprintf(copy->signal, sizeof copy->signal, "%s", signal);
    confirm(ui, copy);
}

bool ui_lifecycle_handles(enum action_id id)
{
    switch (id) {
    case ACTION_START:
    case ACTION_STOP:
    case ACTION_RESTART:
    case ACTION_PAUSE_TOGGLE:
    case ACTION_KILL:
    case ACTION_KILL_MENU:
    case ACTION_REMOVE:
    case ACTION_RENAME:
    case ACTION_LIMITS:
        return true;
    default:
        return false;
    }
}

unsigned ui_lifecycle_run(struct ui *ui, enum action_id id, const struct ui_lifecycle_target *t,
                          size_t n)
{
    if (n == 0) {
        ui_status(ui, true, "no container selected");
        return UI_REDRAW;
    }
    struct uilc_job *j;
    switch (id) {
    case ACTION_START:
    case ACTION_RESTART:
    case ACTION_PAUSE_TOGGLE:
        j = job_new(id == ACTION_START     ? LIFECYCLE_START
                    : id == ACTION_RESTART ? LIFECYCLE_RESTART
                                           : LIFECYCLE_NONE,
                    t, n);
        if (n > 1) {
            confirm(ui, j);
        } else {
            yes_simple(ui, j, NULL, 0, NULL, 0);
            job_free(j);
        }
        return UI_REDRAW;
    case ACTION_STOP:
        confirm(ui, job_new(LIFECYCLE_STOP, t, n));
        return UI_REDRAW;
    case ACTION_KILL:
        j = job_new(LIFECYCLE_KILL, t, n);
        snprintf(j->signal, sizeof j->signal, "KILL");
        confirm(ui, j);
        return UI_REDRAW;
    case ACTION_KILL_MENU:
        dialog_kill_open(ui, kill_chosen, job_new(LIFECYCLE_KILL, t, n), job_free);
        return UI_REDRAW;
    case ACTION_REMOVE: {
        struct form_field f[2] = {
            {.label = "force: stop it first if running (f)", .checkbox = true, .key = 'f'},
            {.label = "remove its anonymous volumes (v)", .checkbox = true, .key = 'v'},
        };
        char title[64];
        snprintf(title, sizeof title, " Remove %zu container%s? ", n, n == 1 ? "" : "s");
        open_form(ui, title, job_new(LIFECYCLE_REMOVE, t, n), f, 2, NULL, yes_remove);
        return UI_REDRAW;
    }
    case ACTION_RENAME: {
        if (n > 1) {
            ui_status(ui, true, "rename takes one container: clear the marks (U) first");
            return UI_REDRAW;
        }
        struct form_field f[1] = {{.label = "New name"}};
        snprintf(f[0].text, sizeof f[0].text, "%s", t[0].name);
        open_form(ui, " Rename ", job_new(LIFECYCLE_RENAME, t, n), f, 1, "Rename", yes_rename);
        return UI_REDRAW;
    }
    case ACTION_LIMITS: {
        struct form_field f[LIM_N] = {
            [LIM_MEM] = {.label = "Memory", .hint = "512m, 1g, 1.5g"},
            [LIM_SWAP] = {.label = "Memory+swap", .hint = ">= memory; -1 unlimited"},
            [LIM_CPUS] = {.label = "CPUs", .hint = "0.5, 2"},
            [LIM_SHARES] = {.label = "CPU shares", .hint = "2..262144 (1024 normal)"},
            [LIM_BLKIO] = {.label = "Block I/O wt", .hint = "10..1000"},
            [LIM_PIDS] = {.label = "PIDs limit", .hint = "count; 0 or -1 none"},
        };
        char title[64];
        snprintf(title, sizeof title, " Resource limits (empty = unchanged) ");
        open_form(ui, title, job_new(LIFECYCLE_UPDATE, t, n), f, LIM_N, "Apply", yes_limits);
        return UI_REDRAW;
    }
    default:
        return UI_IGNORED;
    }
}

void ui_lifecycle_snapshot(struct ui *ui)
{
    const struct snapshot *s = ui->snap;
    if (!s || nwaiting == 0)
        return;
    for (size_t i = 0; i < s->nresults; i++) {
        const struct snapshot_action_result *r = &s->results[i];
        size_t k;
        for (k = 0; k < nwaiting && waiting[k] != r->seq; k++)
            ;
        if (k == nwaiting)
            continue;
        memmove(waiting + k, waiting + k + 1, (nwaiting - k - 1) * sizeof *waiting);
        nwaiting--;
        batch_done++;
        if (!r->ok)
            batch_failed++;
        const char *msg = r->message ? r->message : "done";
        if (batch_total > 1)
            ui_status(ui, batch_failed > 0, "%s [%zu of %zu done%s]", msg, batch_done, batch_total,
                      batch_failed ? ", some failed" : "");
        else
            ui_status(ui, !r->ok, "%s", msg);
    }
}
