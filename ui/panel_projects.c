/* The compose projects panel (see panel_projects.h).
 *
 * Projects come from the snapshot's containers through projects_build(),
 * rebuilt when a new snapshot arrives; the panel holds a reference to that
 * snapshot because the project list points into its strings. Rows are the
 * projects and, for the unfolded ones (Enter), their services; the
 * selection is kept by project and service name across rebuilds.
 *
 * Compose commands run through compose_tool.h: one at a time, its thread
 * doing the waiting, its descriptor in the dashboard's poll set
 * (panel_ops.wake_fd) so the UI thread only takes what has arrived. The
 * output pane is an overlay showing the run's command line, its output
 * (drawn through the sanitiser: it is the tool's text) and how it ended.
 * Esc closes the pane and leaves the tool running; its result then comes
 * to the status line, and o shows the pane again. */
#include "config.h"

#include "panel_projects.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose_tool.h"
#include "engine.h"
#include "model/projects.h"
#include "strbuf.h"
#include "xalloc.h"
#include "ui/dialog_ask.h"
#include "ui/dialog_form.h"
#include "ui/draw.h"
#include "ui/editor.h"
#include "ui/panel_logs.h"
#include "ui/prompt.h"
#include "ui/scroll.h"
#include "ui/theme.h"

#define PP_MAX_LINES 20000 /* output lines kept per run */
#define PP_TIMEOUT_MAX 3600

struct pp_row {
    size_t project;
    size_t service; /* SIZE_MAX: the project's own row */
};

struct pp {
    struct snapshot *snap; /* the reference the list points into */
    struct container *cs;  /* shallow copies of snap's containers */
    struct project_list list;
    uint64_t table_gen;
    struct pp_row *rows;
    size_t nrows, top;
    char sel_project[256], sel_service[256];
    char **open; /* unfolded projects */
    size_t nopen;

    /* The compose run: the last one, kept after it ends for the pane. */
    struct compose_run *run;
    bool over;
    char what[300]; /* "up NAME" */
    char *cmdline;
    struct compose_status st;
    char **lines;
    size_t nlines;
    struct strbuf partial; /* the line being received */
    bool pane_open;

    /* A down waiting for its y/n. */
    struct compose_opts down;
    char down_project[256];
};

/* What the dialogs carry to their callbacks. */
struct pp_ctx {
    struct pp *p;
    enum compose_verb verb;
    char project[256];
};

/* --- the project list --------------------------------------------------------- */

static bool pp_is_open(const struct pp *p, const char *name)
{
    for (size_t i = 0; i < p->nopen; i++)
        if (strcmp(p->open[i], name) == 0)
            return true;
    return false;
}

static void pp_toggle_open(struct pp *p, const char *name)
{
    for (size_t i = 0; i < p->nopen; i++) {
        if (strcmp(p->open[i], name) == 0) {
            free(p->open[i]);
            p->open[i] = p->open[--p->nopen];
            return;
        }
    }
    p->open = xrealloc(p->open, (p->nopen + 1) * sizeof *p->open);
    p->open[p->nopen++] = xstrdup(name);
}

static bool pp_match(const struct project *pr, const char *f)
{
    if (!f[0] || strstr(pr->name, f) || (pr->working_dir && strstr(pr->working_dir, f)))
        return true;
    for (size_t i = 0; i < pr->nservices; i++)
        if (strstr(pr->services[i].name, f))
            return true;
    return false;
}

static void pp_rebuild_rows(struct pp *p, struct ui *ui)
{
    free(p->rows);
    size_t cap = 1;
    for (size_t i = 0; i < p->list.count; i++)
        cap += 1 + p->list.items[i].nservices;
    p->rows = xcalloc(cap, sizeof *p->rows);
    p->nrows = 0;
    for (size_t i = 0; i < p->list.count; i++) {
        const struct project *pr = &p->list.items[i];
        if (!pp_match(pr, ui->table.filter))
            continue;
        p->rows[p->nrows++] = (struct pp_row){i, SIZE_MAX};
        if (pp_is_open(p, pr->name))
            for (size_t s = 0; s < pr->nservices; s++)
                p->rows[p->nrows++] = (struct pp_row){i, s};
    }
    p->table_gen = ui->table.gen;
}

static void pp_refresh(struct pp *p, struct ui *ui)
{
    if (ui->snap == p->snap && p->table_gen == ui->table.gen && p->rows)
        return;
    if (ui->snap != p->snap) {
        project_list_done(&p->list);
        free(p->cs);
        p->cs = NULL;
        snapshot_unref(p->snap);
        p->snap = ui->snap ? snapshot_ref(ui->snap) : NULL;
        size_t n = p->snap ? p->snap->ncontainers : 0;
        p->cs = xcalloc(n + 1, sizeof *p->cs);
        for (size_t i = 0; i < n; i++)
            p->cs[i] = p->snap->containers[i].c;
        projects_build(p->cs, n, &p->list);
    }
    pp_rebuild_rows(p, ui);
}

static const struct pp_row *pp_selected(const struct pp *p, size_t *at)
{
    for (size_t i = 0; i < p->nrows; i++) {
        const struct project *pr = &p->list.items[p->rows[i].project];
        if (strcmp(pr->name, p->sel_project) != 0)
            continue;
        size_t s = p->rows[i].service;
        if ((s == SIZE_MAX && !p->sel_service[0]) ||
            (s != SIZE_MAX && strcmp(pr->services[s].name, p->sel_service) == 0)) {
            *at = i;
            return &p->rows[i];
        }
    }
    /* Its service folded away: the project's row. */
    for (size_t i = 0; i < p->nrows; i++) {
        if (p->rows[i].service == SIZE_MAX &&
            strcmp(p->list.items[p->rows[i].project].name, p->sel_project) == 0) {
            *at = i;
            return &p->rows[i];
        }
    }
    *at = 0;
    return p->nrows ? &p->rows[0] : NULL;
}

static void pp_select_at(struct pp *p, size_t i)
{
    if (p->nrows == 0)
        return;
    if (i >= p->nrows)
        i = p->nrows - 1;
    const struct project *pr = &p->list.items[p->rows[i].project];
    snprintf(p->sel_project, sizeof p->sel_project, "%s", pr->name);
    snprintf(p->sel_service, sizeof p->sel_service, "%s",
             p->rows[i].service == SIZE_MAX ? "" : pr->services[p->rows[i].service].name);
}

/* --- the run ---------------------------------------------------------------------- */

static void pp_add_line(struct pp *p, const char *s, size_t len)
{
    if (p->nlines == PP_MAX_LINES) {
        free(p->lines[0]);
        memmove(p->lines, p->lines + 1, (p->nlines - 1) * sizeof *p->lines);
        p->nlines--;
    }
    p->lines = xrealloc(p->lines, (p->nlines + 1) * sizeof *p->lines);
    p->lines[p->nlines++] = xstrndup(s, len);
}

/* Split the tool's bytes into lines. A carriage return not followed by a
 * newline starts the line over, as on a terminal (progress counters). */
static void pp_feed(struct pp *p, const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (c == '\n') {
            pp_add_line(p, p->partial.len ? p->partial.data : "", p->partial.len);
            strbuf_reset(&p->partial);
        } else if (c == '\r') {
            if (i + 1 < len && data[i + 1] == '\n')
                continue;
            strbuf_reset(&p->partial);
        } else {
            strbuf_putc(&p->partial, c);
        }
    }
}

static void pp_clear_output(struct pp *p)
{
    for (size_t i = 0; i < p->nlines; i++)
        free(p->lines[i]);
    free(p->lines);
    p->lines = NULL;
    p->nlines = 0;
    strbuf_reset(&p->partial);
    free(p->cmdline);
    p->cmdline = NULL;
    free(p->st.cmdline);
    memset(&p->st, 0, sizeof p->st);
}

static const struct panel_ops pp_pane_ops;
static void pp_open_pane(struct pp *p, struct ui *ui);

static bool pp_busy(const struct pp *p)
{
    return p->run && !p->over;
}

/* Start o on the project called name (its folder and files from the list). */
static void pp_start(struct pp *p, struct ui *ui, struct compose_opts *o, const char *name)
{
    if (pp_busy(p)) {
        ui_status(ui, true, "A compose command is running (%s); o shows it", p->what);
        return;
    }
    const struct project *pr = project_list_find(&p->list, name);
    if (!pr) {
        ui_status(ui, true, "Project %s is gone", name);
        return;
    }
    compose_run_free(p->run);
    p->run = NULL;
    pp_clear_output(p);
    o->project = pr->name;
    o->working_dir = pr->working_dir;
    o->files = (const char *const *)pr->config_files;
    o->nfiles = pr->nconfig_files;
    snprintf(p->what, sizeof p->what, "%s %s", compose_verb_name(o->verb), pr->name);
    /* The tool talks to the engine berth talks to. */
    char **env = compose_endpoint_env(ui->engine ? engine_endpoint(ui->engine) : NULL);
    p->run = compose_run_start(o, env);
    compose_argv_free(env);
    p->over = false;
    p->st.end = COMPOSE_END_RUNNING;
    ui_status(ui, false, "compose %s...", p->what);
    pp_open_pane(p, ui);
}

static unsigned pp_wake(void *self, struct ui *ui)
{
    struct pp *p = self;
    if (!p->run || p->over)
        return UI_HANDLED;
    struct strbuf out;
    strbuf_init(&out);
    struct compose_status st;
    p->over = compose_run_take(p->run, &out, &st);
    if (st.cmdline) {
        free(p->cmdline);
        p->cmdline = st.cmdline;
        st.cmdline = NULL;
    }
    pp_feed(p, out.data, out.len);
    strbuf_done(&out);
    p->st = st;
    if (p->over) {
        if (p->partial.len) {
            pp_add_line(p, p->partial.data, p->partial.len);
            strbuf_reset(&p->partial);
        }
        compose_run_wait(p->run);
        char end[BERTH_ERROR_MESSAGE_MAX];
        compose_status_text(&st, end, sizeof end);
        bool ok = st.end == COMPOSE_END_EXITED && st.code == 0;
        ui_status(ui, !ok, "compose %s: %s", p->what, end);
    }
    return UI_REDRAW;
}

static int pp_wake_fd(void *self)
{
    struct pp *p = self;
    return p->run && !p->over ? compose_run_fd(p->run) : -1;
}

/* --- the output pane ----------------------------------------------------------------- */

struct pp_pane {
    struct pp *p;
    struct scroll scroll;
    bool follow; /* keep the last line in view */
};

static void pp_pane_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct pp_pane *pane = self;
    struct pp *p = pane->p;
    (void)ui;
    attr_t base = theme_attr(THEME_DEFAULT);
    draw_clear(r, base);
    if (r->h < 3)
        return;
    attr_t head = theme_attr(THEME_TABLE_HEADER);
    draw_fill(r->y, r->x, r->w, head);
    int x = r->x + draw_text(r->y, r->x, r->w, " $ ", head);
    x += draw_engine(r->y, x, r->x + r->w - x, p->cmdline ? p->cmdline : p->what, head);
    draw_text(r->y, x, r->x + r->w - x, "  (Esc closes; the command goes on)", head);
    long total = (long)p->nlines + (p->partial.len ? 1 : 0);
    long page = r->h - 2;
    if (pane->follow && total > page)
        pane->scroll.top = total - page;
    scroll_clamp(&pane->scroll, total, page);
    for (long i = 0; i < pane->scroll.page && pane->scroll.top + i < total; i++) {
        long at = pane->scroll.top + i;
        const char *line = at < (long)p->nlines ? p->lines[at] : p->partial.data;
        draw_engine(r->y + 1 + (int)i, r->x + 1, r->w - 1, line, base);
    }
    char foot[BERTH_ERROR_MESSAGE_MAX];
    compose_status_text(&p->st, foot, sizeof foot);
    bool ok =
        p->st.end == COMPOSE_END_RUNNING || (p->st.end == COMPOSE_END_EXITED && p->st.code == 0);
    draw_engine(r->y + r->h - 1, r->x + 1, r->w - 1, foot,
                theme_attr(ok ? THEME_HEADER_LABEL : THEME_STATUS_ERROR));
}

static unsigned pp_pane_action(void *self, struct ui *ui, enum action_id id)
{
    struct pp_pane *pane = self;
    (void)ui;
    unsigned moved = scroll_action(&pane->scroll, id);
    if (moved != UI_IGNORED) {
        pane->follow = id == ACTION_END;
        return moved;
    }
    switch (id) {
    case ACTION_FOLLOW:
        pane->follow = !pane->follow;
        return UI_REDRAW;
    case ACTION_BACK:
    case ACTION_QUIT:
        return UI_CLOSE | UI_REDRAW;
    default:
        return UI_HANDLED;
    }
}

static void pp_pane_destroy(void *self)
{
    struct pp_pane *pane = self;
    pane->p->pane_open = false;
    free(pane);
}

static const struct panel_ops pp_pane_ops = {
    .name = "compose output",
    .context = ACTION_CTX_LOG,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .action = pp_pane_action,
    .draw = pp_pane_draw,
    .destroy = pp_pane_destroy,
};

static void pp_open_pane(struct pp *p, struct ui *ui)
{
    if (p->pane_open)
        return;
    struct pp_pane *pane = xcalloc(1, sizeof *pane);
    pane->p = p;
    pane->follow = true;
    if (ui_push(ui, &pp_pane_ops, pane))
        p->pane_open = true;
}

/* --- dialogs ----------------------------------------------------------------------- */

/* The timeout field: empty for the tool's default, else 0..PP_TIMEOUT_MAX. */
static bool pp_timeout(const char *text, int *out, char *err, size_t err_size)
{
    *out = -1;
    if (!text[0])
        return true;
    char *end;
    long t = strtol(text, &end, 10);
    if (*end || t < 0 || t > PP_TIMEOUT_MAX) {
        snprintf(err, err_size, "Timeout: whole seconds, 0 to %d (empty: the default)",
                 PP_TIMEOUT_MAX);
        return false;
    }
    *out = (int)t;
    return true;
}

/* A form closes itself (the top layer) after its callback: a layer the
 * callback opened goes just below it, so that it is the one left open. */
static void pp_under_form(struct ui *ui, size_t before)
{
    if (before == 0 || ui->noverlays != before + 1)
        return;
    struct ui_layer opened = ui->overlays[before];
    ui->overlays[before] = ui->overlays[before - 1];
    ui->overlays[before - 1] = opened;
}

static bool pp_up_yes(struct ui *ui, void *ctx, const struct form_field *f, size_t n, char *err,
                      size_t err_size)
{
    struct pp_ctx *c = ctx;
    (void)n;
    struct compose_opts o = {.verb = COMPOSE_UP};
    if (!pp_timeout(f[0].text, &o.timeout, err, err_size))
        return false;
    o.no_recreate = f[1].checked;
    o.force_recreate = f[2].checked;
    o.build = f[3].checked;
    o.remove_orphans = f[4].checked;
    if (o.no_recreate && o.force_recreate) {
        snprintf(err, err_size, "Choose no-recreate or force-recreate, not both");
        return false;
    }
    size_t before = ui->noverlays;
    pp_start(c->p, ui, &o, c->project);
    pp_under_form(ui, before);
    return true;
}

static unsigned pp_down_answer(void *owner, struct ui *ui, int tag, const char *ans)
{
    struct pp *p = owner;
    (void)tag;
    if (!ans || ans[0] != 'y') {
        ui_status(ui, false, "Cancelled");
        return UI_REDRAW;
    }
    struct compose_opts o = p->down;
    pp_start(p, ui, &o, p->down_project);
    return UI_REDRAW;
}

static bool pp_down_yes(struct ui *ui, void *ctx, const struct form_field *f, size_t n, char *err,
                        size_t err_size)
{
    struct pp_ctx *c = ctx;
    struct pp *p = c->p;
    (void)n;
    struct compose_opts o = {.verb = COMPOSE_DOWN};
    if (!pp_timeout(f[0].text, &o.timeout, err, err_size))
        return false;
    o.volumes = f[1].checked;
    if (f[2].checked && f[3].checked) {
        snprintf(err, err_size, "Remove all images or only local ones, not both");
        return false;
    }
    o.rmi = f[2].checked ? COMPOSE_RMI_ALL : f[3].checked ? COMPOSE_RMI_LOCAL : COMPOSE_RMI_NONE;
    o.remove_orphans = f[4].checked;
    p->down = o;
    snprintf(p->down_project, sizeof p->down_project, "%s", c->project);
    char q[768];
    snprintf(q, sizeof q, "Down %s: remove its containers and networks%s%s%s? y/n", c->project,
             o.volumes ? ", its volumes (their data is lost)" : "",
             o.rmi == COMPOSE_RMI_ALL     ? ", all its images"
             : o.rmi == COMPOSE_RMI_LOCAL ? ", its locally built images"
                                          : "",
             o.remove_orphans ? ", orphan containers" : "");
    size_t before = ui->noverlays;
    dialog_ask_choice(ui, q, "yn", pp_down_answer, p, 0);
    pp_under_form(ui, before);
    return true;
}

static void pp_dialog(struct pp *p, struct ui *ui, const struct project *pr, bool up)
{
    struct pp_ctx *c = xcalloc(1, sizeof *c);
    c->p = p;
    c->verb = up ? COMPOSE_UP : COMPOSE_DOWN;
    snprintf(c->project, sizeof c->project, "%s", pr->name);
    struct form_field f[5];
    memset(f, 0, sizeof f);
    f[0] = (struct form_field){.label = "Timeout (s)", .hint = "empty: the tool's default"};
    if (up) {
        f[1] = (struct form_field){.label = "No recreate", .checkbox = true, .key = 'n'};
        f[2] = (struct form_field){.label = "Force recreate", .checkbox = true, .key = 'f'};
        f[3] = (struct form_field){.label = "Build images", .checkbox = true, .key = 'b'};
        f[4] = (struct form_field){.label = "Remove orphans", .checkbox = true, .key = 'o'};
    } else {
        f[1] = (struct form_field){.label = "Remove volumes", .checkbox = true, .key = 'v'};
        f[2] = (struct form_field){.label = "Images: all", .checkbox = true, .key = 'a'};
        f[3] = (struct form_field){.label = "Images: local", .checkbox = true, .key = 'l'};
        f[4] = (struct form_field){.label = "Remove orphans", .checkbox = true, .key = 'o'};
    }
    char title[300], where[1100];
    snprintf(title, sizeof title, "compose %s %s", up ? "up -d" : "down", pr->name);
    snprintf(where, sizeof where, "in %s", pr->working_dir ? pr->working_dir : "(no folder label)");
    const char *lines[] = {where, "Tab moves to the options; their letters toggle them"};
    struct form_spec spec = {.title = title,
                             .lines = lines,
                             .nlines = 2,
                             .fields = f,
                             .nfields = 5,
                             .yes = up ? "Up" : "Down",
                             .no = "Cancel",
                             .on_yes = up ? pp_up_yes : pp_down_yes,
                             .ctx = c};
    dialog_form_open(ui, &spec);
}

static unsigned pp_simple_answer(void *owner, struct ui *ui, int tag, const char *ans)
{
    struct pp *p = owner;
    if (!ans || ans[0] != 'y') {
        ui_status(ui, false, "Cancelled");
        return UI_REDRAW;
    }
    struct compose_opts o = {.verb = (enum compose_verb)tag, .timeout = -1};
    pp_start(p, ui, &o, p->down_project);
    return UI_REDRAW;
}

/* Restart and stop ask first (the services go away for a while); start
 * and pull do not. */
static void pp_simple(struct pp *p, struct ui *ui, const struct project *pr, enum compose_verb v)
{
    if (v == COMPOSE_START || v == COMPOSE_PULL) {
        struct compose_opts o = {.verb = v, .timeout = -1};
        pp_start(p, ui, &o, pr->name);
        return;
    }
    snprintf(p->down_project, sizeof p->down_project, "%s", pr->name);
    char q[400];
    snprintf(q, sizeof q, "%s every service of %s? y/n", v == COMPOSE_STOP ? "Stop" : "Restart",
             pr->name);
    dialog_ask_choice(ui, q, "yn", pp_simple_answer, p, (int)v);
}

/* --- panel hooks ------------------------------------------------------------------- */

static unsigned pp_action(void *self, struct ui *ui, enum action_id id)
{
    struct pp *p = self;
    pp_refresh(p, ui);
    size_t at = 0;
    const struct pp_row *row = pp_selected(p, &at);
    const struct project *pr = row ? &p->list.items[row->project] : NULL;
    size_t page = ui->layout.main.h > 3 ? (size_t)ui->layout.main.h - 3 : 1;
    switch (id) {
    case ACTION_SELECT_UP:
        pp_select_at(p, at ? at - 1 : 0);
        return UI_REDRAW;
    case ACTION_SELECT_DOWN:
        pp_select_at(p, at + 1);
        return UI_REDRAW;
    case ACTION_PAGE_UP:
        pp_select_at(p, at > page ? at - page : 0);
        return UI_REDRAW;
    case ACTION_PAGE_DOWN:
        pp_select_at(p, at + page);
        return UI_REDRAW;
    case ACTION_HOME:
        pp_select_at(p, 0);
        return UI_REDRAW;
    case ACTION_END:
        pp_select_at(p, p->nrows ? p->nrows - 1 : 0);
        return UI_REDRAW;
    case ACTION_FILTER:
        prompt_open(ui, PROMPT_FILTER);
        return UI_REDRAW;
    case ACTION_PROJECT_OUTPUT:
        if (!p->run) {
            ui_status(ui, false, "No compose command has run yet");
            return UI_REDRAW;
        }
        pp_open_pane(p, ui);
        return UI_REDRAW;
    default:
        break;
    }
    if (!pr) {
        switch (id) {
        case ACTION_DETAILS:
        case ACTION_LOGS:
        case ACTION_START:
        case ACTION_STOP:
        case ACTION_RESTART:
        case ACTION_PROJECT_UP:
        case ACTION_PROJECT_DOWN:
        case ACTION_PROJECT_PULL:
        case ACTION_PROJECT_EDIT:
        case ACTION_EDIT_EXTERNAL:
            ui_status(ui, false, "No compose project selected");
            return UI_REDRAW;
        default:
            return UI_IGNORED;
        }
    }
    switch (id) {
    case ACTION_DETAILS:
        pp_toggle_open(p, pr->name);
        pp_rebuild_rows(p, ui);
        return UI_REDRAW;
    case ACTION_LOGS:
        panel_logs_open(ui, NULL, 0, pr->name);
        return UI_REDRAW;
    case ACTION_PROJECT_UP:
        pp_dialog(p, ui, pr, true);
        return UI_REDRAW;
    case ACTION_PROJECT_DOWN:
        pp_dialog(p, ui, pr, false);
        return UI_REDRAW;
    case ACTION_START:
        pp_simple(p, ui, pr, COMPOSE_START);
        return UI_REDRAW;
    case ACTION_STOP:
        pp_simple(p, ui, pr, COMPOSE_STOP);
        return UI_REDRAW;
    case ACTION_RESTART:
        pp_simple(p, ui, pr, COMPOSE_RESTART);
        return UI_REDRAW;
    case ACTION_PROJECT_PULL:
        pp_simple(p, ui, pr, COMPOSE_PULL);
        return UI_REDRAW;
    case ACTION_PROJECT_EDIT:
    case ACTION_EDIT_EXTERNAL:
        if (pr->nconfig_files == 0)
            ui_status(ui, true, "Project %s has no compose file in its labels", pr->name);
        else if (id == ACTION_EDIT_EXTERNAL)
            editor_open_external(ui, pr->config_files[0]);
        else
            editor_open(ui, pr->config_files[0]);
        return UI_REDRAW | UI_RELAYOUT;
    default:
        return UI_IGNORED;
    }
}

static void pp_snapshot(void *self, struct ui *ui)
{
    pp_refresh(self, ui);
}

/* "N running  N exited  N crashed  N unhealthy", each part in its
 * state's colour (zero counts plain). */
static int pp_draw_counts(int y, int x, int w, const struct project_counts *c, attr_t plain,
                          bool selected)
{
    const struct {
        unsigned n;
        const char *label;
        enum theme_element e;
    } parts[] = {
        {c->running, "running", THEME_STATE_RUNNING},
        {c->exited - c->crashed, "exited", THEME_STATE_EXITED_OK},
        {c->crashed, "crashed", THEME_STATE_EXITED_ERROR},
        {c->unhealthy, "unhealthy", THEME_HEALTH_UNHEALTHY},
    };
    int used = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0] && used < w; i++) {
        char buf[48];
        snprintf(buf, sizeof buf, "%u %s  ", parts[i].n, parts[i].label);
        attr_t a = parts[i].n && !selected ? theme_attr(parts[i].e) : plain;
        used += draw_text(y, x + used, w - used, buf, a);
    }
    return used;
}

static void pp_cell(int y, int *x, int right, int w, const char *s, attr_t a)
{
    if (*x >= right)
        return;
    if (w > right - *x)
        w = right - *x;
    draw_engine(y, *x, w - 1, s, a);
    *x += w;
}

/* "web-1 running, web-2 exited (1)" for a service row. */
static void pp_service_states(const struct pp *p, const struct project_service *s,
                              struct strbuf *out)
{
    for (size_t i = 0; i < s->ncontainers; i++) {
        const struct container *c = &p->cs[s->containers[i]];
        strbuf_appendf(out, "%s%s %s", i ? ", " : "", c->name ? c->name : c->id,
                       container_state_name(c->state));
        if (c->state == CONTAINER_STATE_EXITED && c->exit_code >= 0)
            strbuf_appendf(out, " (%d)", c->exit_code);
        if (c->health == CONTAINER_HEALTH_UNHEALTHY)
            strbuf_puts(out, " unhealthy");
    }
}

static void pp_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct pp *p = self;
    pp_refresh(p, ui);
    draw_clear(r, theme_attr(THEME_DEFAULT));
    if (r->h < 2)
        return;
    enum { W_NAME = 30, W_STATUS = 48, W_SVC = 9, W_DIR = 36 };
    int right = r->x + r->w;
    attr_t ha = theme_attr(THEME_TABLE_HEADER);
    draw_fill(r->y, r->x, r->w, ha);
    int x = r->x;
    pp_cell(r->y, &x, right, W_NAME, "PROJECT", theme_attr(THEME_TABLE_HEADER_SORTED));
    pp_cell(r->y, &x, right, W_STATUS, "STATUS", ha);
    pp_cell(r->y, &x, right, W_SVC, "SERVICES", ha);
    pp_cell(r->y, &x, right, W_DIR, "WORKING DIR", ha);
    pp_cell(r->y, &x, right, right - x, "CONFIG FILES", ha);
    int rows_h = r->h - 1 - (pp_busy(p) ? 1 : 0);
    size_t at = 0;
    const struct pp_row *sel = pp_selected(p, &at);
    if (at < p->top)
        p->top = at;
    if (rows_h > 0 && at >= p->top + (size_t)rows_h)
        p->top = at - (size_t)rows_h + 1;
    for (int i = 0; i < rows_h && p->top + (size_t)i < p->nrows; i++) {
        const struct pp_row *row = &p->rows[p->top + (size_t)i];
        const struct project *pr = &p->list.items[row->project];
        int y = r->y + 1 + i;
        bool is_sel = row == sel;
        attr_t a = theme_attr(is_sel ? THEME_SELECTION : THEME_DEFAULT);
        if (is_sel)
            draw_fill(y, r->x, r->w, a);
        x = r->x;
        if (row->service == SIZE_MAX) {
            attr_t pa = is_sel ? a : theme_attr(THEME_PROJECT_ROW);
            int used = draw_text(
                y, x, W_NAME,
                draw_symbol(pp_is_open(p, pr->name) ? DRAW_SYM_UNFOLDED : DRAW_SYM_FOLDED), pa);
            used += draw_text(y, x + used, W_NAME - used, " ", pa);
            draw_engine(y, x + used, W_NAME - used - 1, pr->name, pa);
            x += W_NAME;
            if (x < right)
                pp_draw_counts(y, x, (right - x < W_STATUS ? right - x : W_STATUS) - 1, &pr->counts,
                               a, is_sel);
            x += W_STATUS;
            char nsvc[24];
            snprintf(nsvc, sizeof nsvc, "%zu", pr->nservices);
            pp_cell(y, &x, right, W_SVC, nsvc, a);
            pp_cell(y, &x, right, W_DIR, pr->working_dir ? pr->working_dir : "-", a);
            struct strbuf files;
            strbuf_init(&files);
            strbuf_puts(&files, "");
            for (size_t f = 0; f < pr->nconfig_files; f++)
                strbuf_appendf(&files, "%s%s", f ? ", " : "", pr->config_files[f]);
            if (x < right)
                pp_cell(y, &x, right, right - x, pr->nconfig_files ? files.data : "-", a);
            strbuf_done(&files);
        } else {
            const struct project_service *s = &pr->services[row->service];
            char label[300];
            snprintf(label, sizeof label, "    %s", s->name[0] ? s->name : "(no service)");
            pp_cell(y, &x, right, W_NAME, label, a);
            if (x < right)
                pp_draw_counts(y, x, (right - x < W_STATUS ? right - x : W_STATUS) - 1, &s->counts,
                               a, is_sel);
            x += W_STATUS;
            char nc[24];
            snprintf(nc, sizeof nc, "%zu ctr", s->ncontainers);
            pp_cell(y, &x, right, W_SVC, nc, a);
            struct strbuf states;
            strbuf_init(&states);
            strbuf_puts(&states, "");
            pp_service_states(p, s, &states);
            if (x < right)
                pp_cell(y, &x, right, right - x, states.data, a);
            strbuf_done(&states);
        }
    }
    if (p->nrows == 0 && rows_h > 0)
        draw_text(r->y + 1, r->x + 1, r->w - 2,
                  p->list.count ? "No project matches the filter"
                                : "No compose projects (no container carries the project label)",
                  theme_attr(THEME_DEFAULT));
    if (pp_busy(p)) {
        char line[400];
        snprintf(line, sizeof line, "compose %s running...  (o shows its output)", p->what);
        draw_fill(r->y + r->h - 1, r->x, r->w, theme_attr(THEME_STATUS_OK));
        draw_engine(r->y + r->h - 1, r->x, r->w, line, theme_attr(THEME_STATUS_OK));
    }
}

static void pp_destroy(void *self)
{
    struct pp *p = self;
    /* Quitting stops a command still running (SIGTERM), like Ctrl-C at a
     * shell would, and waits for it. */
    compose_run_free(p->run);
    pp_clear_output(p);
    strbuf_done(&p->partial);
    project_list_done(&p->list);
    free(p->cs);
    snapshot_unref(p->snap);
    free(p->rows);
    for (size_t i = 0; i < p->nopen; i++)
        free(p->open[i]);
    free(p->open);
    free(p);
}

void *panel_projects_new(void)
{
    struct pp *p = xcalloc(1, sizeof *p);
    strbuf_init(&p->partial);
    return p;
}

const struct panel_ops panel_projects_ops = {
    .name = "projects",
    .context = ACTION_CTX_PROJECTS,
    .place = UI_PLACE_MAIN,
    .modal = false,
    .action = pp_action,
    .snapshot = pp_snapshot,
    .draw = pp_draw,
    .destroy = pp_destroy,
    .wake_fd = pp_wake_fd,
    .wake = pp_wake,
};
