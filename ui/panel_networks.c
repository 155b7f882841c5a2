/* The networks panel (see panel_networks.h).
 *
 * As in the volumes panel, engine work runs on the panel's own thread with
 * its own client (a clone of the dashboard's): the list (every network
 * inspected, since the list call leaves the attached containers out), on
 * a 10 s timer and after each change, and the changes themselves, one at
 * a time. The thread is a model/job_thread: it posts its results and
 * wakes the dashboard through the pipe it polls (panel_ops.wake_fd);
 * wake() takes them on the UI thread.
 *
 * Rows (ui/list_rows) keep the selection by network Id across refreshes (names need not
 * be unique). Enter switches the panel between the list and the details
 * of the selected network; Esc goes back. The filter is the table's (/),
 * matched against name, id, driver, subnet, labels and attached containers. */
#include "config.h"

#include "panel_networks.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "engine_networks.h"
#include "format.h"
#include "xalloc.h"
#include "model/job_thread.h"
#include "ui/dialog_ask.h"
#include "ui/dialog_form.h"
#include "ui/draw.h"
#include "ui/inspect.h"
#include "ui/list_rows.h"
#include "ui/theme.h"

#define NP_TIMER_MS 10000 /* relist this often when nothing else happens */
#define NP_MAX_PICK 7     /* containers offered in the disconnect dialog */

enum np_kind { NP_IDLE, NP_LIST, NP_CREATE, NP_REMOVE, NP_PRUNE, NP_CONNECT, NP_DISCONNECT };

enum np_sort {
    NP_SORT_NAME,
    NP_SORT_DRIVER,
    NP_SORT_SUBNET,
    NP_SORT_CTRS,
    NP_SORT_CREATED,
    NP_NSORT
};
static const char *const np_sort_names[NP_NSORT] = {"name", "driver", "subnet", "containers",
                                                    "created"};

/* The list's columns; sort_col maps enum np_sort to the highlighted one. */
static const struct {
    const char *title;
    int width;
} np_cols[] = {{"NAME", 26},    {"ID", 14},      {"DRIVER", 9}, {"SCOPE", 7},    {"SUBNET", 20},
               {"GATEWAY", 16}, {"INTERNAL", 9}, {"CTRS", 6},   {"CREATED", 18}, {"LABELS", 200}};
#define NP_NCOLS (sizeof np_cols / sizeof np_cols[0])
static const size_t np_sort_col[NP_NSORT] = {0, 2, 4, 7, 8};

/* Status-line questions, by tag. */
enum { NP_ASK_REMOVE, NP_ASK_PRUNE_LABEL, NP_ASK_PRUNE };

struct np_job {
    enum np_kind kind;
    char net[80];   /* the network's Id */
    char name[256]; /* its name (or the new one), for messages */
    char who[1024]; /* connect: the container; disconnect: container ids, ' ' separated */
    char alias[FORM_TEXT_MAX], ipv4[FORM_TEXT_MAX];
    char driver[FORM_TEXT_MAX], subnet[FORM_TEXT_MAX], gateway[FORM_TEXT_MAX];
    char labels[FORM_TEXT_MAX]; /* create: k=v list; prune: the label filter */
    bool internal, attachable, force;
};

struct np {
    struct job_thread *jobs;
    /* Guarded by the jobs' lock. */
    /* UI thread only. */
    struct network_list list;
    struct list_rows rows; /* selection by network Id */
    bool details;          /* showing the selected network's details */
    char prune_label[FORM_TEXT_MAX];
    char pick[NP_MAX_PICK][FORM_TEXT_MAX]; /* the disconnect dialog's labels (it keeps pointers) */
};

/* --- the thread ------------------------------------------------------------- */

static void np_relist(struct np *p, struct engine *eng)
{
    struct network_list l;
    struct berth_error err;
    if (engine_networks_list(eng, true, &l, &err) < 0) {
        job_thread_post_status(p->jobs, true, "Networks: %s", err.message);
        return;
    }
    job_thread_post_result(p->jobs, &l);
}

static void np_create(struct np *p, struct engine *eng, const struct np_job *j)
{
    struct berth_error err;
    char **labels;
    size_t nl;
    if (engine_network_labels_split(j->labels, &labels, &nl, &err) < 0) {
        job_thread_post_status(p->jobs, true, "Create %s: %s", j->name, err.message);
        return;
    }
    struct network_create c = {.name = j->name,
                               .driver = j->driver,
                               .subnet = j->subnet,
                               .gateway = j->gateway,
                               .labels = labels,
                               .nlabels = nl,
                               .internal = j->internal,
                               .attachable = j->attachable};
    char *id = NULL;
    if (engine_network_create(eng, &c, &id, &err) < 0)
        job_thread_post_status(p->jobs, true, "Create %s: %s", j->name, err.message);
    else
        job_thread_post_status(
            p->jobs, false, "Created network %s (%.12s, driver %s, subnet %s, %zu labels%s)",
            j->name, id, j->driver[0] ? j->driver : "bridge",
            j->subnet[0] ? j->subnet : "from the engine", nl, j->internal ? ", internal" : "");
    free(id);
    engine_network_labels_free(labels, nl);
}

static void np_disconnect(struct np *p, struct engine *eng, const struct np_job *j)
{
    char ids[sizeof j->who];
    snprintf(ids, sizeof ids, "%s", j->who);
    size_t done = 0;
    struct berth_error err;
    for (char *save = NULL, *id = strtok_r(ids, " ", &save); id; id = strtok_r(NULL, " ", &save)) {
        if (engine_network_disconnect(eng, j->net, id, j->force, &err) < 0) {
            job_thread_post_status(p->jobs, true, "Disconnect %.12s from %s: %s", id, j->name,
                                   err.message);
            return;
        }
        done++;
    }
    job_thread_post_status(p->jobs, false, "Disconnected %zu container%s from %s", done,
                           done == 1 ? "" : "s", j->name);
}

static void np_run(struct np *p, struct engine *eng, const struct np_job *j)
{
    struct berth_error err;
    switch (j->kind) {
    case NP_CREATE:
        np_create(p, eng, j);
        break;
    case NP_REMOVE:
        if (engine_network_remove(eng, j->net, &err) < 0)
            job_thread_post_status(p->jobs, true, "Remove %s: %s", j->name, err.message);
        else
            job_thread_post_status(p->jobs, false, "Removed network %s", j->name);
        break;
    case NP_PRUNE: {
        char **del;
        size_t n;
        if (engine_networks_prune(eng, j->labels, &del, &n, &err) < 0) {
            job_thread_post_status(p->jobs, true, "Prune: %s", err.message);
            break;
        }
        char names[512] = "";
        for (size_t i = 0; i < n; i++) {
            size_t len = strlen(names);
            snprintf(names + len, sizeof names - len, " %s", del[i]);
            free(del[i]);
        }
        free(del);
        job_thread_post_status(p->jobs, false, "Pruned %zu networks%s%s", n, n ? ":" : "", names);
        break;
    }
    case NP_CONNECT:
        if (engine_network_connect(eng, j->net, j->who, j->alias, j->ipv4, &err) < 0)
            job_thread_post_status(p->jobs, true, "Connect %s to %s: %s", j->who, j->name,
                                   err.message);
        else
            job_thread_post_status(p->jobs, false, "Connected %s to %s%s%s%s%s", j->who, j->name,
                                   j->alias[0] ? " as " : "", j->alias, j->ipv4[0] ? " at " : "",
                                   j->ipv4);
        break;
    case NP_DISCONNECT:
        np_disconnect(p, eng, j);
        break;
    default:
        break;
    }
}

static void np_job(void *owner, struct engine *eng, const void *job)
{
    struct np *p = owner;
    const struct np_job *j = job; /* NULL: the timer */
    if (j)
        np_run(p, eng, j);
    np_relist(p, eng);
}

/* Queue a job; a change already queued or running wins (say so). */
static void np_submit(struct np *p, struct ui *ui, const struct np_job *j)
{
    if (!job_thread_submit(p->jobs, j,
                           j->kind == NP_LIST ? JOB_THREAD_REPLACEABLE : JOB_THREAD_BUSY))
        ui_status(ui, true, "A network change is still running; try again when it is done");
}

/* --- rows -------------------------------------------------------------------- */

static int np_cmp(const void *a, const void *b, int sort)
{
    const struct network_info *x = a, *y = b;
    int c = 0;
    if (sort == NP_SORT_DRIVER)
        c = strcmp(x->driver, y->driver);
    else if (sort == NP_SORT_SUBNET)
        c = strcmp(x->subnet, y->subnet);
    else if (sort == NP_SORT_CTRS)
        c = (x->neps > y->neps) - (x->neps < y->neps);
    else if (sort == NP_SORT_CREATED)
        c = (x->created_at > y->created_at) - (x->created_at < y->created_at);
    if (c == 0)
        c = strcmp(x->name, y->name);
    if (c == 0)
        c = strcmp(x->id, y->id);
    return c;
}

static bool np_match(const void *item, const char *f)
{
    const struct network_info *n = item;
    if (strstr(n->name, f) || strncmp(n->id, f, strlen(f)) == 0 || strstr(n->driver, f) ||
        strstr(n->subnet, f) || strstr(n->labels, f))
        return true;
    for (size_t i = 0; i < n->neps; i++)
        if (strstr(n->eps[i].name, f))
            return true;
    return false;
}

static const char *np_key(const void *item)
{
    return ((const struct network_info *)item)->id;
}

static const struct list_rows_spec np_rows_spec = {
    .noun = "Networks",
    .sort_names = np_sort_names,
    .nsort = NP_NSORT,
    .item_size = sizeof(struct network_info),
    .match = np_match,
    .compare = np_cmp,
    .key = np_key,
};

/* --- dialogs ----------------------------------------------------------------- */

/* The dialogs' ctx is the panel itself, which outlives them. */
static void np_keep(void *ctx)
{
    (void)ctx;
}

static void np_job_for(struct np_job *j, enum np_kind kind, const struct network_info *n)
{
    memset(j, 0, sizeof *j);
    j->kind = kind;
    if (n) {
        snprintf(j->net, sizeof j->net, "%s", n->id);
        snprintf(j->name, sizeof j->name, "%s", n->name);
    }
}

enum { NPF_NAME, NPF_DRIVER, NPF_SUBNET, NPF_GATEWAY, NPF_LABELS, NPF_INTERNAL, NPF_ATTACHABLE };

static bool np_create_yes(struct ui *ui, void *ctx, const struct form_field *f, size_t n, char *err,
                          size_t err_size)
{
    (void)n;
    struct np *p = ctx;
    if (!f[NPF_NAME].text[0]) {
        snprintf(err, err_size, "The network needs a name");
        return false;
    }
    char **labels;
    size_t nl;
    struct berth_error e;
    if (engine_network_labels_split(f[NPF_LABELS].text, &labels, &nl, &e) < 0) {
        snprintf(err, err_size, "%s", e.message);
        return false;
    }
    engine_network_labels_free(labels, nl);
    if (f[NPF_GATEWAY].text[0] && !f[NPF_SUBNET].text[0]) {
        snprintf(err, err_size, "A gateway needs a subnet");
        return false;
    }
    struct np_job j;
    np_job_for(&j, NP_CREATE, NULL);
    snprintf(j.name, sizeof j.name, "%s", f[NPF_NAME].text);
    snprintf(j.driver, sizeof j.driver, "%s", f[NPF_DRIVER].text);
    snprintf(j.subnet, sizeof j.subnet, "%s", f[NPF_SUBNET].text);
    snprintf(j.gateway, sizeof j.gateway, "%s", f[NPF_GATEWAY].text);
    snprintf(j.labels, sizeof j.labels, "%s", f[NPF_LABELS].text);
    j.internal = f[NPF_INTERNAL].checked;
    j.attachable = f[NPF_ATTACHABLE].checked;
    np_submit(p, ui, &j);
    ui_status(ui, false, "Creating network %s...", j.name);
    return true;
}

static void np_open_create(struct np *p, struct ui *ui)
{
    struct form_field f[] = {
        [NPF_NAME] = {.label = "Name"},
        [NPF_DRIVER] = {.label = "Driver", .text = "bridge"},
        [NPF_SUBNET] = {.label = "Subnet", .hint = "CIDR; empty: the engine picks"},
        [NPF_GATEWAY] = {.label = "Gateway", .hint = "empty: the first address"},
        [NPF_LABELS] = {.label = "Labels", .hint = "k=v,k2=v2"},
        [NPF_INTERNAL] = {.label = "Internal (no outside access)", .checkbox = true, .key = 'i'},
        [NPF_ATTACHABLE] = {.label = "Attachable", .checkbox = true, .key = 'a'},
    };
    static const char *const lines[] = {"Tab moves between fields; Enter creates."};
    struct form_spec spec = {.title = "New network",
                             .lines = lines,
                             .nlines = 1,
                             .fields = f,
                             .nfields = sizeof f / sizeof f[0],
                             .yes = "Create",
                             .no = "Cancel",
                             .on_yes = np_create_yes,
                             .ctx = p,
                             .ctx_free = np_keep};
    dialog_form_open(ui, &spec);
}

enum { NPC_CONTAINER, NPC_ALIAS, NPC_IPV4 };

static bool np_connect_yes(struct ui *ui, void *ctx, const struct form_field *f, size_t n,
                           char *err, size_t err_size)
{
    (void)n;
    struct np *p = ctx;
    if (!f[NPC_CONTAINER].text[0]) {
        snprintf(err, err_size, "Name the container to connect (name or id)");
        return false;
    }
    const struct network_info *net = list_rows_selected(&p->rows, NULL);
    if (!net || strcmp(net->id, p->rows.sel) != 0) {
        snprintf(err, err_size, "The network is gone");
        return false;
    }
    struct np_job j;
    np_job_for(&j, NP_CONNECT, net);
    snprintf(j.who, sizeof j.who, "%s", f[NPC_CONTAINER].text);
    snprintf(j.alias, sizeof j.alias, "%s", f[NPC_ALIAS].text);
    snprintf(j.ipv4, sizeof j.ipv4, "%s", f[NPC_IPV4].text);
    np_submit(p, ui, &j);
    ui_status(ui, false, "Connecting %s to %s...", j.who, j.name);
    return true;
}

static void np_open_connect(struct np *p, struct ui *ui, const struct network_info *n)
{
    struct form_field f[] = {
        [NPC_CONTAINER] = {.label = "Container", .hint = "name or id"},
        [NPC_ALIAS] = {.label = "Alias", .hint = "optional"},
        [NPC_IPV4] = {.label = "IPv4 address", .hint = "optional, static"},
    };
    char l1[512], l2[256];
    snprintf(l1, sizeof l1, "Network %s (%s, subnet %s)", n->name, n->driver,
             n->subnet[0] ? n->subnet : "none given");
    snprintf(l2, sizeof l2, "%s",
             engine_network_predefined(n->name) || !n->subnet[0]
                 ? "A static address needs a network created with a subnet."
                 : "A static address must lie inside the subnet.");
    const char *lines[] = {l1, l2};
    struct form_spec spec = {.title = "Connect a container",
                             .lines = lines,
                             .nlines = 2,
                             .fields = f,
                             .nfields = sizeof f / sizeof f[0],
                             .yes = "Connect",
                             .no = "Cancel",
                             .on_yes = np_connect_yes,
                             .ctx = p,
                             .ctx_free = np_keep};
    dialog_form_open(ui, &spec);
}

static bool np_disconnect_yes(struct ui *ui, void *ctx, const struct form_field *f, size_t n,
                              char *err, size_t err_size)
{
    struct np *p = ctx;
    const struct network_info *net = list_rows_selected(&p->rows, NULL);
    if (!net || strcmp(net->id, p->rows.sel) != 0) {
        snprintf(err, err_size, "The network is gone");
        return false;
    }
    struct np_job j;
    np_job_for(&j, NP_DISCONNECT, net);
    j.force = f[n - 1].checked;
    size_t picked = 0;
    for (size_t i = 0; i + 1 < n && i < net->neps; i++) {
        if (!f[i].checked)
            continue;
        size_t len = strlen(j.who);
        snprintf(j.who + len, sizeof j.who - len, "%s%s", len ? " " : "", net->eps[i].container_id);
        picked++;
    }
    if (picked == 0) {
        snprintf(err, err_size, "Tick at least one container (its number or Space)");
        return false;
    }
    np_submit(p, ui, &j);
    ui_status(ui, false, "Disconnecting %zu container%s from %s...", picked, picked == 1 ? "" : "s",
              j.name);
    return true;
}

static void np_open_disconnect(struct np *p, struct ui *ui, const struct network_info *n)
{
    struct form_field f[NP_MAX_PICK + 1];
    memset(f, 0, sizeof f);
    size_t k = 0;
    for (; k < n->neps && k < NP_MAX_PICK; k++) {
        snprintf(p->pick[k], sizeof p->pick[k], "%s  %s", n->eps[k].name,
                 n->eps[k].ipv4[0] ? n->eps[k].ipv4 : "");
        f[k] = (struct form_field){
            .label = p->pick[k], .checkbox = true, .key = (char)('1' + k), .checked = n->neps == 1};
    }
    f[k++] = (struct form_field){.label = "Force", .checkbox = true, .key = 'f'};
    char l1[512];
    snprintf(l1, sizeof l1, "From network %s%s", n->name,
             n->neps > NP_MAX_PICK ? " (the first ones; filter to reach others)" : "");
    const char *lines[] = {l1, "Tick with the number or Space, then Disconnect."};
    struct form_spec spec = {.title = "Disconnect containers",
                             .lines = lines,
                             .nlines = 2,
                             .fields = f,
                             .nfields = k,
                             .yes = "Disconnect",
                             .no = "Cancel",
                             .on_yes = np_disconnect_yes,
                             .ctx = p,
                             .ctx_free = np_keep};
    dialog_form_open(ui, &spec);
}

/* Whether labels ("k=v,k2=v2") pass a prune filter "k" or "k=v". */
static bool np_label_matches(const char *labels, const char *filter)
{
    if (!filter[0])
        return true;
    bool key_only = !strchr(filter, '=');
    size_t fl = strlen(filter);
    for (const char *s = labels; *s;) {
        const char *end = strchr(s, ',');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        if (key_only ? len > fl && strncmp(s, filter, fl) == 0 && s[fl] == '='
                     : len == fl && strncmp(s, filter, fl) == 0)
            return true;
        s += len + (end ? 1 : 0);
    }
    return false;
}

static void np_ask_prune(struct np *p, struct ui *ui, int tag);

static unsigned np_answer(void *owner, struct ui *ui, int tag, const char *ans)
{
    struct np *p = owner;
    if (!ans) {
        ui_status(ui, false, "Cancelled");
        return UI_REDRAW;
    }
    if (tag == NP_ASK_REMOVE && ans[0] == 'y') {
        struct np_job j;
        np_job_for(&j, NP_REMOVE, list_rows_selected(&p->rows, NULL));
        if (j.net[0])
            np_submit(p, ui, &j);
    } else if (tag == NP_ASK_PRUNE_LABEL) {
        snprintf(p->prune_label, sizeof p->prune_label, "%s", ans);
        np_ask_prune(p, ui, NP_ASK_PRUNE);
    } else if (tag == NP_ASK_PRUNE && ans[0] == 'y') {
        struct np_job j;
        np_job_for(&j, NP_PRUNE, NULL);
        snprintf(j.labels, sizeof j.labels, "%s", p->prune_label);
        np_submit(p, ui, &j);
    }
    return UI_REDRAW;
}

/* List what prune would take (unused, not the engine's own, matching the
 * label filter), then ask. */
static void np_ask_prune(struct np *p, struct ui *ui, int tag)
{
    size_t n = 0;
    char names[384] = "";
    for (size_t i = 0; i < p->list.n; i++) {
        const struct network_info *v = &p->list.v[i];
        if (v->neps || engine_network_predefined(v->name) ||
            !np_label_matches(v->labels, p->prune_label))
            continue;
        n++;
        size_t len = strlen(names);
        snprintf(names + len, sizeof names - len, "%s%s", len ? " " : "", v->name);
    }
    if (n == 0) {
        ui_status(ui, false, "No unused networks%s%s to prune",
                  p->prune_label[0] ? " with label " : "", p->prune_label);
        return;
    }
    char q[768];
    snprintf(q, sizeof q, "Prune %zu unused networks: %s? y/n", n, names);
    dialog_ask_choice(ui, q, "yn", np_answer, p, tag);
}

/* --- panel hooks ---------------------------------------------------------------- */

static unsigned np_change(struct np *p, struct ui *ui, enum action_id id,
                          const struct network_info *n)
{
    if (id == ACTION_NETWORK_CREATE) {
        np_open_create(p, ui);
        return UI_REDRAW;
    }
    if (id == ACTION_NETWORK_PRUNE) {
        dialog_ask_text(ui, "Prune unused networks with label (k or k=v; empty: all):", NULL,
                        np_answer, p, NP_ASK_PRUNE_LABEL);
        return UI_REDRAW;
    }
    if (!n) {
        ui_status(ui, true, "No network selected");
        return UI_REDRAW;
    }
    list_rows_select(&p->rows, n->id);
    if (id == ACTION_REMOVE) {
        if (engine_network_predefined(n->name)) {
            ui_status(ui, true,
                      "%s is one of the engine's own networks (bridge, host, none): "
                      "it cannot be removed",
                      n->name);
            return UI_REDRAW;
        }
        char q[512];
        snprintf(q, sizeof q, "Remove network %s%s? y/n", n->name,
                 n->neps ? " (containers attached: the engine refuses until they leave)" : "");
        dialog_ask_choice(ui, q, "yn", np_answer, p, NP_ASK_REMOVE);
    } else if (id == ACTION_NETWORK_CONNECT) {
        np_open_connect(p, ui, n);
    } else if (n->neps == 0) {
        ui_status(ui, false, "No container is attached to %s", n->name);
    } else {
        np_open_disconnect(p, ui, n);
    }
    return UI_REDRAW;
}

static unsigned np_action(void *self, struct ui *ui, enum action_id id)
{
    struct np *p = self;
    job_thread_start(p->jobs, ui->engine);
    unsigned moved = list_rows_action(&p->rows, ui, id);
    if (moved != UI_IGNORED)
        return moved;
    const struct network_info *n = list_rows_selected(&p->rows, NULL);
    switch (id) {
    case ACTION_REFRESH: {
        struct np_job j = {.kind = NP_LIST};
        np_submit(p, ui, &j);
        ui_status(ui, false, "Refreshing networks...");
        return UI_REDRAW;
    }
    case ACTION_DETAILS:
        p->details = n != NULL && !p->details;
        if (n)
            list_rows_select(&p->rows, n->id);
        return UI_REDRAW;
    case ACTION_BACK:
        if (!p->details)
            return UI_IGNORED;
        p->details = false;
        return UI_REDRAW;
    case ACTION_INSPECT: {
        if (!n)
            return UI_REDRAW;
        char path[128];
        snprintf(path, sizeof path, "/networks/%s", n->id);
        json_view_open_path(ui, n->name, path);
        return UI_REDRAW;
    }
    case ACTION_NETWORK_CREATE:
    case ACTION_NETWORK_PRUNE:
    case ACTION_NETWORK_CONNECT:
    case ACTION_NETWORK_DISCONNECT:
    case ACTION_REMOVE:
        return np_change(p, ui, id, n);
    default:
        return UI_IGNORED;
    }
}

static int np_wake_fd(void *self)
{
    return job_thread_wake_fd(((struct np *)self)->jobs);
}

static unsigned np_wake_hook(void *self, struct ui *ui)
{
    struct np *p = self;
    job_thread_drain(p->jobs);
    struct network_list l;
    if (job_thread_take_result(p->jobs, &l)) {
        network_list_done(&p->list);
        p->list = l;
        list_rows_update(&p->rows, ui, p->list.v, p->list.n);
    }
    char msg[UI_STATUS_MAX];
    bool error = false;
    if (job_thread_take_status(p->jobs, msg, sizeof msg, &error))
        ui_status(ui, error, "%s", msg);
    return UI_REDRAW;
}

static void np_when(int64_t t, char *buf, size_t size)
{
    buf[0] = '\0';
    if (t <= 0)
        return;
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
}

static void np_draw_row(const struct network_info *n, int64_t now, int y, int left, int right,
                        attr_t a)
{
    char id[16], ctrs[16], created[32];
    snprintf(id, sizeof id, "%.12s", n->id);
    snprintf(ctrs, sizeof ctrs, "%zu", n->neps);
    format_age(created, sizeof created, now, n->created_at);
    const char *cells[NP_NCOLS] = {n->name,
                                   id,
                                   n->driver,
                                   n->scope,
                                   n->subnet[0] ? n->subnet : "-",
                                   n->gateway[0] ? n->gateway : "-",
                                   n->internal ? "yes" : "no",
                                   ctrs,
                                   created,
                                   n->labels};
    int x = left;
    for (size_t c = 0; c < NP_NCOLS; c++)
        draw_cell(y, &x, right, np_cols[c].width, cells[c], a, true);
}

/* Label and value on one line of the details. */
static void np_field(int y, int x, int w, const char *label, const char *value)
{
    int used = draw_text(y, x, w, label, theme_attr(THEME_HEADER_LABEL));
    if (used < 14)
        used = 14;
    draw_engine(y, x + used, w - used, value, theme_attr(THEME_DEFAULT));
}

static void np_draw_details(const struct network_info *n, const struct ui_rect *r)
{
    int x = r->x + 1, w = r->w - 2, y = r->y;
    attr_t head = theme_attr(THEME_TABLE_HEADER);
    draw_fill(y, r->x, r->w, head);
    char title[512];
    snprintf(title, sizeof title, " Network %s  (Esc: back, c connect, x disconnect, i inspect)",
             n->name);
    draw_engine(y++, r->x, r->w, title, head);
    char created[32], flags[96];
    np_when(n->created_at, created, sizeof created);
    snprintf(flags, sizeof flags, "internal %s, attachable %s, IPv6 %s", n->internal ? "yes" : "no",
             n->attachable ? "yes" : "no", n->ipv6 ? "yes" : "no");
    const char *rows[][2] = {{"Id", n->id},
                             {"Driver", n->driver},
                             {"Scope", n->scope},
                             {"Subnet", n->subnet[0] ? n->subnet : "-"},
                             {"Gateway", n->gateway[0] ? n->gateway : "-"},
                             {"Flags", flags},
                             {"Labels", n->labels[0] ? n->labels : "-"},
                             {"Created", created}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0] && y < r->y + r->h; i++)
        np_field(y++, x, w, rows[i][0], rows[i][1]);
    if (++y >= r->y + r->h)
        return;
    char count[64];
    snprintf(count, sizeof count, "%zu attached", n->neps);
    draw_fill(y, r->x, r->w, head);
    draw_text(y, x, 30, "CONTAINER", head);
    draw_text(y, x + 30, 20, "IPV4", head);
    draw_text(y, x + 50, 26, "IPV6", head);
    draw_text(y, x + 76, 19, "MAC", head);
    draw_text(y++, x + 95, w - 95, count, head);
    if (n->neps == 0 && y < r->y + r->h)
        draw_text(y, x, w, "No container is attached", theme_attr(THEME_DEFAULT));
    for (size_t i = 0; i < n->neps && y < r->y + r->h; i++, y++) {
        const struct network_endpoint *ep = &n->eps[i];
        attr_t a = theme_attr(THEME_DEFAULT);
        draw_engine(y, x, 29, ep->name, a);
        draw_engine(y, x + 30, 19, ep->ipv4[0] ? ep->ipv4 : "-", a);
        draw_engine(y, x + 50, 25, ep->ipv6[0] ? ep->ipv6 : "-", a);
        draw_engine(y, x + 76, 18, ep->mac, a);
    }
}

static void np_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct np *p = self;
    job_thread_start(p->jobs, ui->engine);
    list_rows_sync(&p->rows, ui);
    draw_clear(r, theme_attr(THEME_DEFAULT));
    if (r->h < 2)
        return;
    size_t at = 0;
    const struct network_info *sel = list_rows_selected(&p->rows, &at);
    if (p->details && sel) {
        np_draw_details(sel, r);
        return;
    }
    int right = r->x + r->w, x = r->x;
    draw_fill(r->y, r->x, r->w, theme_attr(THEME_TABLE_HEADER));
    for (size_t c = 0; c < NP_NCOLS; c++) {
        attr_t a = theme_attr(c == np_sort_col[p->rows.sort] ? THEME_TABLE_HEADER_SORTED
                                                             : THEME_TABLE_HEADER);
        draw_cell(r->y, &x, right, np_cols[c].width, np_cols[c].title, a, false);
    }
    size_t rows_h = (size_t)r->h - 1;
    list_rows_scroll(&p->rows, at, rows_h);
    for (size_t i = 0; i < rows_h && p->rows.top + i < p->rows.n; i++) {
        const struct network_info *n = list_rows_item(&p->rows, p->rows.top + i);
        int y = r->y + 1 + (int)i;
        attr_t a = theme_attr(n == sel ? THEME_SELECTION : THEME_DEFAULT);
        if (n == sel)
            draw_fill(y, r->x, r->w, a);
        np_draw_row(n, ui->now, y, r->x, right, a);
    }
    if (p->rows.n == 0)
        draw_text(r->y + 1, r->x + 1, r->w - 2,
                  p->list.n ? "No network matches the filter" : "No networks (or not listed yet)",
                  theme_attr(THEME_DEFAULT));
}

static void np_destroy(void *self)
{
    struct np *p = self;
    job_thread_free(p->jobs);
    network_list_done(&p->list);
    list_rows_done(&p->rows);
    free(p);
}

static void np_list_free(void *l)
{
    network_list_done(l);
}

void *panel_networks_new(void)
{
    struct np *p = xcalloc(1, sizeof *p);
    struct job_thread_spec spec = {.job_size = sizeof(struct np_job),
                                   .timer_ms = NP_TIMER_MS,
                                   .run = np_job,
                                   .result_size = sizeof(struct network_list),
                                   .result_done = np_list_free,
                                   .owner = p};
    p->jobs = job_thread_new(&spec);
    list_rows_init(&p->rows, &np_rows_spec);
    return p;
}

const struct panel_ops panel_networks_ops = {
    .name = "networks",
    .context = ACTION_CTX_NETWORKS,
    .place = UI_PLACE_MAIN,
    .modal = false,
    .action = np_action,
    .draw = np_draw,
    .destroy = np_destroy,
    .wake_fd = np_wake_fd,
    .wake = np_wake_hook,
};
