/* The container table (see panel_containers.h).
 *
 * Rows come from rows_build(), rebuilt only when the snapshot or the
 * table's settings change; keys move an index into them. The selection is
 * held by its stable key (the container id, or the project name of a
 * project row) and found again after every rebuild, keeping its distance
 * from the top of the view where it can, so re-sorts and refreshes do not
 * make the list jump under the operator's eyes. When the selected
 * container leaves the view (filtered out, removed) the selection stays
 * at the same position.
 *
 * Only the visible rows are drawn, and only their ids (plus the selected
 * one) are sent to the worker as its interest after each frame. */
#include "config.h"

#include "panel_containers.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "model/worker.h"
#include "ui/details.h"
#include "ui/inspect.h"
#include "ui/panel_stats.h"
#include "ui/panel_logs.h"
#include "ui/dialog_columns.h"
#include "ui/dialog_sort.h"
#include "ui/draw.h"
#include "ui/lifecycle.h"
#include "ui/prompt.h"
#include "ui/rows.h"
#include "ui/theme.h"
#include "xalloc.h"

/* Tables at least this wide get bars in the CPU and memory cells. */
#define PC_BARS_MIN_WIDTH 120
/* Rows one wheel step moves. */
#define PC_WHEEL_ROWS 3

struct pc {
    struct rows_view view;
    struct snapshot *built; /* the snapshot the rows point into (a reference) */
    uint64_t built_gen;     /* table settings the rows were built with */
    bool built_once;
    long sel;     /* selected row, -1 when there are none */
    long top;     /* first row on screen */
    long page;    /* rows that fit, from the last frame */
    bool has_key; /* the selection's stable key below is set */
    enum rows_kind sel_kind;
    char sel_id[65];
    char *sel_project; /* heap; NULL with ROWS_PROJECT: the standalone group */
    struct columns_slot slots[COLUMNS_COUNT];
    size_t nslots;
    struct ui_rect rect; /* where the last frame drew the table */
    char (*marks)[65];   /* marked container ids */
    size_t nmarks;
    uint64_t interest_hash; /* what the worker was last told */
    bool interest_sent;
};

/* --- selection ------------------------------------------------------------ */

static void remember_key(struct pc *pc)
{
    pc->has_key = false;
    if (pc->sel < 0 || (size_t)pc->sel >= pc->view.n)
        return;
    const struct rows_item *it = &pc->view.items[pc->sel];
    pc->has_key = true;
    pc->sel_kind = it->kind;
    free(pc->sel_project);
    pc->sel_project = NULL;
    if (it->kind == ROWS_CONTAINER) {
        snprintf(pc->sel_id, sizeof pc->sel_id, "%s", it->sc->c.id);
    } else {
        const char *p = pc->view.groups[it->group].project;
        pc->sel_project = p ? xstrdup(p) : NULL;
    }
}

/* The row of the remembered key in the new view, or -1. */
static long find_key(const struct pc *pc, const struct snapshot *s)
{
    if (!pc->has_key)
        return -1;
    if (pc->sel_kind == ROWS_PROJECT)
        return rows_find_project(&pc->view, pc->sel_project);
    long i = rows_find_container(&pc->view, pc->sel_id);
    if (i >= 0 || !s)
        return i;
    /* Folded away inside its project: select the project's row. */
    const struct snapshot_container *sc = snapshot_find(s, pc->sel_id);
    for (size_t k = 0; sc && k < pc->view.ngroups; k++) {
        const struct rows_group *g = &pc->view.groups[k];
        bool same = (g->project == NULL && sc->c.project == NULL) ||
                    (g->project && sc->c.project && strcmp(g->project, sc->c.project) == 0);
        if (same && g->collapsed)
            return rows_find_project(&pc->view, g->project);
    }
    return -1;
}

static void ensure_built(struct pc *pc, struct ui *ui)
{
    if (pc->built_once && pc->built == ui->snap && pc->built_gen == ui->table.gen)
        return;
    long offset = pc->sel >= 0 ? pc->sel - pc->top : 0;
    struct rows_params p = {
        .sort = ui->table.sort,
        .reverse = ui->table.reverse,
        .show_stopped = ui->table.show_stopped,
        .group = ui->table.group,
        .filter = ui->table.filter,
        .collapsed = (const char *const *)ui->table.collapsed,
        .ncollapsed = ui->table.ncollapsed,
        .collapse_standalone = ui->table.collapse_standalone,
    };
    rows_build(&pc->view, ui->snap, &p);
    /* The rows now point into ui->snap: hold it, drop the old one. */
    struct snapshot *old = pc->built;
    pc->built = snapshot_ref(ui->snap);
    snapshot_unref(old);
    pc->built_gen = ui->table.gen;
    pc->built_once = true;
    ui->table.shown = pc->view.matched;
    ui->table.total = pc->view.total;

    long n = (long)pc->view.n;
    long idx = find_key(pc, ui->snap);
    if (idx < 0)
        idx = pc->sel < 0 ? 0 : pc->sel >= n ? n - 1 : pc->sel;
    pc->sel = n > 0 ? idx : -1;
    if (pc->sel >= 0)
        pc->top = pc->sel - offset;
    remember_key(pc);
}

/* Keep the selection on screen and the view filled. */
static void clamp_scroll(struct pc *pc)
{
    long n = (long)pc->view.n, page = pc->page > 0 ? pc->page : 1;
    if (pc->sel >= 0) {
        if (pc->sel < pc->top)
            pc->top = pc->sel;
        if (pc->sel >= pc->top + page)
            pc->top = pc->sel - page + 1;
    }
    if (pc->top > n - page)
        pc->top = n - page;
    if (pc->top < 0)
        pc->top = 0;
}

static unsigned move_to(struct pc *pc, long row)
{
    long n = (long)pc->view.n;
    if (n == 0)
        return UI_HANDLED;
    if (row < 0)
        row = 0;
    if (row >= n)
        row = n - 1;
    pc->sel = row;
    remember_key(pc);
    clamp_scroll(pc);
    return UI_REDRAW;
}

/* --- marks --------------------------------------------------------------- */

static long mark_index(const struct pc *pc, const char *id)
{
    for (size_t i = 0; i < pc->nmarks; i++) {
        if (strcmp(pc->marks[i], id) == 0)
            return (long)i;
    }
    return -1;
}

static void toggle_mark(struct pc *pc, const char *id)
{
    long i = mark_index(pc, id);
    if (i >= 0) {
        memmove(&pc->marks[i], &pc->marks[i + 1], (pc->nmarks - (size_t)i - 1) * sizeof *pc->marks);
        pc->nmarks--;
        return;
    }
    pc->marks = xrealloc(pc->marks, (pc->nmarks + 1) * sizeof *pc->marks);
    snprintf(pc->marks[pc->nmarks++], sizeof pc->marks[0], "%s", id);
}

static bool same_project(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* A project row's Space: mark all its containers, or unmark them when
 * they all are marked already. */
static void toggle_project_marks(struct pc *pc, const struct snapshot *s, const char *project)
{
    if (!s)
        return;
    bool all = true;
    for (size_t i = 0; i < s->ncontainers; i++) {
        const struct snapshot_container *sc = &s->containers[i];
        if (same_project(sc->c.project, project) && mark_index(pc, sc->c.id) < 0)
            all = false;
    }
    for (size_t i = 0; i < s->ncontainers; i++) {
        const struct snapshot_container *sc = &s->containers[i];
        if (same_project(sc->c.project, project) && (mark_index(pc, sc->c.id) >= 0) == all)
            toggle_mark(pc, sc->c.id);
    }
}

static void add_target(struct ui_lifecycle_target **t, size_t *n,
                       const struct snapshot_container *sc)
{
    *t = xrealloc(*t, (*n + 1) * sizeof **t);
    struct ui_lifecycle_target *x = &(*t)[(*n)++];
    memset(x, 0, sizeof *x);
    snprintf(x->id, sizeof x->id, "%s", sc->c.id);
    snprintf(x->name, sizeof x->name, "%s", sc->c.name ? sc->c.name : "");
    x->state = sc->c.state;
}

/* A lifecycle action applies to the marked containers, else to the
 * selected one, else to the selected project's containers. */
static unsigned lifecycle_action(struct pc *pc, struct ui *ui, const struct rows_item *it,
                                 enum action_id id)
{
    const struct snapshot *s = ui->snap;
    struct ui_lifecycle_target *t = NULL;
    size_t n = 0;
    for (size_t i = 0; s && i < pc->nmarks; i++) {
        const struct snapshot_container *sc = snapshot_find(s, pc->marks[i]);
        if (sc)
            add_target(&t, &n, sc);
    }
    if (n == 0 && it && it->kind == ROWS_CONTAINER)
        add_target(&t, &n, it->sc);
    if (n == 0 && it && it->kind == ROWS_PROJECT && s) {
        const char *project = pc->view.groups[it->group].project;
        for (size_t i = 0; i < s->ncontainers; i++) {
            if (same_project(s->containers[i].c.project, project))
                add_target(&t, &n, &s->containers[i]);
        }
    }
    unsigned r = ui_lifecycle_run(ui, id, t, n);
    free(t);
    return r;
}

/* --- drawing --------------------------------------------------------------- */

static enum theme_element state_element(const struct container *c)
{
    switch (c->state) {
    case CONTAINER_STATE_RUNNING:
        return THEME_STATE_RUNNING;
    case CONTAINER_STATE_PAUSED:
        return THEME_STATE_PAUSED;
    case CONTAINER_STATE_RESTARTING:
        return THEME_STATE_RESTARTING;
    case CONTAINER_STATE_EXITED:
        return c->exit_code == 0 ? THEME_STATE_EXITED_OK : THEME_STATE_EXITED_ERROR;
    case CONTAINER_STATE_DEAD:
    case CONTAINER_STATE_REMOVING:
        return THEME_STATE_DEAD;
    case CONTAINER_STATE_CREATED:
        return THEME_STATE_CREATED;
    case CONTAINER_STATE_UNKNOWN:
        break;
    }
    return THEME_DEFAULT;
}

static enum theme_element health_element(enum container_health h)
{
    switch (h) {
    case CONTAINER_HEALTH_HEALTHY:
        return THEME_HEALTH_HEALTHY;
    case CONTAINER_HEALTH_UNHEALTHY:
        return THEME_HEALTH_UNHEALTHY;
    case CONTAINER_HEALTH_STARTING:
        return THEME_HEALTH_STARTING;
    case CONTAINER_HEALTH_NONE:
        break;
    }
    return THEME_DEFAULT;
}

/* Text in a slot's text area, aligned as the column says. */
static void cell_text(int y, int x, int w, const struct columns_def *def, const char *text,
                      attr_t a)
{
    if (w <= 0)
        return;
    if (def->align == COLUMNS_RIGHT) {
        int tw = draw_width(text);
        if (tw < w) {
            draw_engine(y, x + w - tw, tw, text, a);
            return;
        }
    }
    draw_engine(y, x, w, text, a);
}

/* The bar part of a slot: fraction of the host (CPU) or limit (memory),
 * coloured by the gradient of its level unless plain. */
static void cell_bar(int y, int x, const struct columns_slot *slot, double fraction, bool plain,
                     attr_t base)
{
    enum columns_bar kind = columns_get(slot->id)->bar;
    enum theme_graph g = kind == COLUMNS_BAR_CPU ? THEME_GRAPH_CPU : THEME_GRAPH_MEM;
    attr_t bar = plain ? base : theme_attr(theme_gradient(g, glyph_gradient_level(fraction)));
    draw_bar(y, x, slot->bar - 1, fraction, base, bar);
}

static double cpu_fraction(const struct ui *ui, double cpu)
{
    int ncpu = ui->snap && ui->snap->ncpu > 0 ? ui->snap->ncpu : 1;
    return cpu / (ncpu * 100.0);
}

static void draw_container_row(struct pc *pc, struct ui *ui, int y, const struct ui_rect *r,
                               const struct rows_item *it, bool selected)
{
    const struct snapshot_container *sc = it->sc;
    bool stale = ui->snap && ui->snap->stale;
    bool marked = mark_index(pc, sc->c.id) >= 0;
    bool plain = selected || stale;
    attr_t base = theme_attr(selected ? THEME_SELECTION
                             : stale  ? THEME_STALE
                             : marked ? THEME_MARK
                                      : THEME_DEFAULT);
    draw_fill(y, r->x, r->w, base);
    char buf[COLUMNS_CELL_MAX];
    for (size_t i = 0; i < pc->nslots; i++) {
        const struct columns_slot *slot = &pc->slots[i];
        const struct columns_def *def = columns_get(slot->id);
        int x = r->x + slot->x, w = slot->width;
        attr_t a = base;
        if (!plain && (slot->id == COLUMNS_STATE || slot->id == COLUMNS_STATUS))
            a = theme_attr(state_element(&sc->c));
        else if (!plain && slot->id == COLUMNS_HEALTH)
            a = theme_attr(health_element(sc->c.health));
        if (slot->bar > 0) {
            double f = 0;
            if (def->bar == COLUMNS_BAR_CPU && sc->has_stats && sc->stats.cpu_valid)
                f = cpu_fraction(ui, sc->stats.cpu_percent);
            else if (def->bar == COLUMNS_BAR_MEM && sc->has_stats && sc->stats.mem_valid)
                f = sc->stats.mem_percent / 100.0;
            cell_bar(y, x, slot, f, plain, base);
            x += slot->bar;
            w -= slot->bar;
        }
        if (slot->id == COLUMNS_NAME && ui->table.group) {
            /* Containers sit under their project row. */
            x += draw_text(y, x, w, "  ", a);
            w -= 2;
        }
        if (marked && i == 0 && w > 2) {
            x += draw_text(y, x, w, draw_symbol(DRAW_SYM_MARK), a);
            x += draw_text(y, x, 1, " ", a);
            w -= 2;
        }
        if (slot->id == COLUMNS_STATE && sc->pending[0]) {
            /* An action is under way: say so until the engine reports. */
            snprintf(buf, sizeof buf, "%s%s", sc->pending, ui->utf8 ? "\u2026" : "...");
            cell_text(y, x, w, def, buf, a);
            continue;
        }
        cell_text(y, x, w, def, def->cell(sc, ui->now, buf), a);
    }
}

static bool is_sum_column(enum columns_id id)
{
    return id == COLUMNS_CPU || id == COLUMNS_MEM || id == COLUMNS_PIDS;
}

static void draw_project_row(struct pc *pc, struct ui *ui, int y, const struct ui_rect *r,
                             const struct rows_item *it, bool selected)
{
    const struct rows_group *g = &pc->view.groups[it->group];
    bool stale = ui->snap && ui->snap->stale;
    bool plain = selected || stale;
    attr_t a = theme_attr(selected ? THEME_SELECTION : stale ? THEME_STALE : THEME_PROJECT_ROW);
    draw_fill(y, r->x, r->w, a);

    /* The label runs up to the first column that shows a sum. */
    int end = r->x + r->w;
    for (size_t i = 0; i < pc->nslots; i++) {
        if (is_sum_column(pc->slots[i].id) && pc->slots[i].x > 0) {
            end = r->x + pc->slots[i].x - 1;
            break;
        }
    }
    int x = r->x;
    x += draw_text(y, x, end - x, draw_symbol(g->collapsed ? DRAW_SYM_FOLDED : DRAW_SYM_UNFOLDED),
                   a);
    x += draw_text(y, x, end - x, " ", a);
    if (g->project)
        x += draw_engine(y, x, end - x, g->project, a);
    else
        x += draw_text(y, x, end - x, "(no project)", a);
    char buf[COLUMNS_CELL_MAX];
    snprintf(buf, sizeof buf, "  %zu running of %zu", g->running, g->shown);
    draw_text(y, x, end - x, buf, a);

    for (size_t i = 0; i < pc->nslots; i++) {
        const struct columns_slot *slot = &pc->slots[i];
        const struct columns_def *def = columns_get(slot->id);
        int cx = r->x + slot->x, w = slot->width;
        const char *text = NULL;
        if (slot->id == COLUMNS_CPU && g->cpu_valid)
            text = format_percent(buf, sizeof buf, g->cpu);
        else if (slot->id == COLUMNS_MEM && g->mem_valid)
            text = format_bytes_binary(buf, sizeof buf, (double)g->mem);
        else if (slot->id == COLUMNS_PIDS && g->cpu_valid) {
            snprintf(buf, sizeof buf, "%" PRIu64, g->pids);
            text = buf;
        }
        if (!text || slot->x == 0)
            continue;
        if (slot->bar > 0) {
            double f = 0;
            if (def->bar == COLUMNS_BAR_CPU)
                f = cpu_fraction(ui, g->cpu);
            else if (ui->snap && ui->snap->mem_total)
                f = (double)g->mem / (double)ui->snap->mem_total;
            cell_bar(y, cx, slot, f, plain, a);
            cx += slot->bar;
            w -= slot->bar;
        }
        cell_text(y, cx, w, def, text, a);
    }
}

static void draw_title(struct pc *pc, struct ui *ui, const struct ui_rect *r)
{
    attr_t a = theme_attr(THEME_TABLE_HEADER);
    draw_fill(r->y, r->x, r->w, a);
    for (size_t i = 0; i < pc->nslots; i++) {
        const struct columns_slot *slot = &pc->slots[i];
        const struct columns_def *def = columns_get(slot->id);
        bool sorted = slot->id == ui->table.sort;
        attr_t ta = theme_attr(sorted ? THEME_TABLE_HEADER_SORTED : THEME_TABLE_HEADER);
        int x = r->x + slot->x, w = slot->width;
        if (sorted)
            draw_fill(r->y, x, w, ta);
        /* Numbers sort largest first: the arrow shows the real direction. */
        bool descending = def->numeric != ui->table.reverse;
        const char *arrow = draw_symbol(descending ? DRAW_SYM_DESCENDING : DRAW_SYM_ASCENDING);
        int tw = draw_width(def->title) + (sorted ? 1 : 0);
        int tx = def->align == COLUMNS_RIGHT && tw < w ? x + w - tw : x;
        int used = draw_text(r->y, tx, x + w - tx, def->title, ta);
        if (sorted)
            draw_text(r->y, tx + used, x + w - tx - used, arrow, ta);
    }
}

static void draw_empty(struct pc *pc, struct ui *ui, const struct ui_rect *r)
{
    char buf[UI_FILTER_MAX + 64];
    attr_t a = theme_attr(THEME_STALE);
    if (!ui->snap)
        snprintf(buf, sizeof buf, "Waiting for the engine...");
    else if (!ui->snap->listed && !ui->snap->stale)
        snprintf(buf, sizeof buf, "Listing containers...");
    else if (pc->view.total == 0)
        snprintf(buf, sizeof buf, "No containers.");
    else if (ui->table.filter[0])
        snprintf(buf, sizeof buf, "No container matches the filter (Esc clears it).");
    else
        snprintf(buf, sizeof buf, "No running containers (%zu stopped are hidden).",
                 pc->view.total);
    draw_engine(r->y + 1, r->x + 1, r->w - 1, buf, a);
}

static void pc_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct pc *pc = self;
    ensure_built(pc, ui);
    /* The command prompt's `exec` acts on the selected container. */
    const struct rows_item *cur =
        pc->sel >= 0 && (size_t)pc->sel < pc->view.n ? &pc->view.items[pc->sel] : NULL;
    snprintf(ui->sel_id, sizeof ui->sel_id, "%s",
             cur && cur->kind == ROWS_CONTAINER ? cur->sc->c.id : "");
    pc->rect = *r;
    pc->page = r->h - 1 > 0 ? r->h - 1 : 1;
    clamp_scroll(pc);
    pc->nslots = columns_layout(ui->table.visible, ui->table.nvisible, r->w,
                                r->w >= PC_BARS_MIN_WIDTH, pc->slots);
    draw_clear(r, theme_attr(THEME_DEFAULT));
    if (r->h <= 0)
        return;
    draw_title(pc, ui, r);
    if (pc->view.n == 0) {
        if (r->h > 1)
            draw_empty(pc, ui, r);
        return;
    }
    for (long i = 0; i < pc->page; i++) {
        long row = pc->top + i;
        if (row >= (long)pc->view.n)
            break;
        const struct rows_item *it = &pc->view.items[row];
        int y = r->y + 1 + (int)i;
        if (it->kind == ROWS_PROJECT)
            draw_project_row(pc, ui, y, r, it, row == pc->sel);
        else
            draw_container_row(pc, ui, y, r, it, row == pc->sel);
    }
}

/* --- input ------------------------------------------------------------- */

static unsigned sort_step(struct ui *ui, int step)
{
    struct ui_table *t = &ui->table;
    long at = -1;
    for (size_t i = 0; i < t->nvisible; i++) {
        if (t->visible[i] == (int)t->sort)
            at = (long)i;
    }
    long n = (long)t->nvisible;
    long next = at < 0 ? 0 : ((at + step) % n + n) % n;
    t->sort = (enum columns_id)t->visible[next];
    ui_table_changed(ui);
    ui_status(ui, false, "Sorted by %s", columns_get(t->sort)->title);
    return UI_REDRAW;
}

static unsigned pc_action(void *self, struct ui *ui, enum action_id id)
{
    struct pc *pc = self;
    ensure_built(pc, ui);
    const struct rows_item *it =
        pc->sel >= 0 && (size_t)pc->sel < pc->view.n ? &pc->view.items[pc->sel] : NULL;
    long page = pc->page > 1 ? pc->page - 1 : 1;
    switch (id) {
    case ACTION_SELECT_UP:
        return move_to(pc, pc->sel - 1);
    case ACTION_SELECT_DOWN:
        return move_to(pc, pc->sel + 1);
    case ACTION_PAGE_UP:
        pc->top -= page;
        return move_to(pc, pc->sel - page);
    case ACTION_PAGE_DOWN:
        pc->top += page;
        return move_to(pc, pc->sel + page);
    case ACTION_HOME:
        return move_to(pc, 0);
    case ACTION_END:
        return move_to(pc, (long)pc->view.n - 1);
    case ACTION_DETAILS:
        if (!it)
            return UI_HANDLED;
        if (it->kind == ROWS_PROJECT) {
            ui_table_toggle_collapsed(ui, pc->view.groups[it->group].project);
            return UI_REDRAW;
        }
        details_open(ui, it->sc->c.id);
        return UI_REDRAW;
    case ACTION_LOGS:
        /* The marked containers, else the project row's, else the one. */
        if (pc->nmarks)
            panel_logs_open(ui, (const char(*)[65])pc->marks, pc->nmarks, NULL);
        else if (it && it->kind == ROWS_PROJECT && pc->view.groups[it->group].project)
            panel_logs_open(ui, NULL, 0, pc->view.groups[it->group].project);
        else if (it && it->kind == ROWS_CONTAINER)
            panel_logs_open(ui, &it->sc->c.id, 1, NULL);
        return UI_REDRAW;
    case ACTION_STATS:
        if (!it)
            return UI_HANDLED;
        if (it->kind == ROWS_PROJECT && !pc->view.groups[it->group].project) {
            ui_status(ui, true, "Standalone containers are not a project: pick one");
            return UI_REDRAW;
        }
        if (it->kind == ROWS_PROJECT)
            panel_stats_open(ui, NULL, pc->view.groups[it->group].project);
        else
            panel_stats_open(ui, it->sc->c.id, NULL);
        return UI_REDRAW;
    case ACTION_FILTER:
        prompt_open(ui, PROMPT_FILTER);
        return UI_REDRAW;
    case ACTION_BACK:
        if (!ui->table.filter[0])
            return UI_IGNORED;
        ui_table_set_filter(ui, "");
        return UI_REDRAW;
    case ACTION_TOGGLE_GROUP:
        ui->table.group = !ui->table.group;
        ui_table_changed(ui);
        ui_status(ui, false, "%s", ui->table.group ? "Grouped by compose project" : "Not grouped");
        return UI_REDRAW;
    case ACTION_SORT_MENU:
        dialog_sort_open(ui);
        return UI_REDRAW;
    case ACTION_SORT_NEXT:
        return sort_step(ui, 1);
    case ACTION_SORT_PREV:
        return sort_step(ui, -1);
    case ACTION_SORT_INVERT:
        ui->table.reverse = !ui->table.reverse;
        ui_table_changed(ui);
        return UI_REDRAW;
    case ACTION_TOGGLE_STOPPED:
        ui->table.show_stopped = !ui->table.show_stopped;
        ui_table_changed(ui);
        ui_status(ui, false, "%s",
                  ui->table.show_stopped ? "Stopped containers shown"
                                         : "Stopped containers hidden");
        return UI_REDRAW;
    case ACTION_COLUMNS:
        dialog_columns_open(ui);
        return UI_REDRAW;
    case ACTION_MARK:
        if (it && it->kind == ROWS_CONTAINER) {
            toggle_mark(pc, it->sc->c.id);
            move_to(pc, pc->sel + 1);
        } else if (it && it->kind == ROWS_PROJECT) {
            toggle_project_marks(pc, ui->snap, pc->view.groups[it->group].project);
            move_to(pc, pc->sel + 1);
        }
        return UI_REDRAW;
    case ACTION_MARK_CLEAR:
        pc->nmarks = 0;
        return UI_REDRAW;
    case ACTION_EXEC_SHELL:
    case ACTION_ATTACH:
    case ACTION_TOP:
    case ACTION_INSPECT:
    case ACTION_COPY_ID:
    case ACTION_COPY_NAME:
        if (!it || it->kind != ROWS_CONTAINER)
            return UI_HANDLED;
        return inspect_action(ui, id, it->sc->c.id);
    default:
        if (ui_lifecycle_handles(id))
            return lifecycle_action(pc, ui, it, id);
        return UI_IGNORED;
    }
}

static unsigned pc_mouse(void *self, struct ui *ui, const struct ui_mouse *m)
{
    struct pc *pc = self;
    ensure_built(pc, ui);
    if (!layout_contains(&pc->rect, m->y, m->x))
        return UI_IGNORED;
    if (m->kind == UI_MOUSE_WHEEL_UP)
        return move_to(pc, pc->sel - PC_WHEEL_ROWS);
    if (m->kind == UI_MOUSE_WHEEL_DOWN)
        return move_to(pc, pc->sel + PC_WHEEL_ROWS);
    long hit = layout_table_hit(&pc->rect, pc->top, (long)pc->view.n, m->y);
    if (hit == LAYOUT_HIT_TITLE) {
        int slot = columns_slot_at(pc->slots, pc->nslots, m->x - pc->rect.x);
        if (slot < 0)
            return UI_HANDLED;
        enum columns_id col = pc->slots[slot].id;
        if (col == ui->table.sort)
            ui->table.reverse = !ui->table.reverse;
        else {
            ui->table.sort = col;
            ui->table.reverse = false;
        }
        ui_table_changed(ui);
        ui_status(ui, false, "Sorted by %s", columns_get(col)->title);
        return UI_REDRAW;
    }
    if (hit >= 0)
        return move_to(pc, hit);
    return UI_HANDLED;
}

static void pc_snapshot(void *self, struct ui *ui)
{
    ensure_built(self, ui);
    ui_lifecycle_snapshot(ui);
}

static uint64_t fnv(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (h ^ 0xff) * 1099511628211ULL;
}

static void pc_interest(void *self, struct ui *ui)
{
    struct pc *pc = self;
    if (!ui->worker || !pc->built_once)
        return;
    const char *ids[512];
    size_t n = 0;
    uint64_t h = 14695981039346656037ULL;
    for (long i = 0; i < pc->page && n < sizeof ids / sizeof ids[0] - 1; i++) {
        long row = pc->top + i;
        if (row >= (long)pc->view.n)
            break;
        const struct rows_item *it = &pc->view.items[row];
        if (it->kind == ROWS_CONTAINER) {
            ids[n++] = it->sc->c.id;
            h = fnv(h, it->sc->c.id);
        }
    }
    if (pc->has_key && pc->sel_kind == ROWS_CONTAINER) {
        ids[n++] = pc->sel_id;
        h = fnv(h, pc->sel_id);
    }
    if (pc->interest_sent && h == pc->interest_hash)
        return;
    worker_set_interest(ui->worker, ids, n);
    pc->interest_hash = h;
    pc->interest_sent = true;
}

static void pc_destroy(void *self)
{
    struct pc *pc = self;
    rows_done(&pc->view);
    snapshot_unref(pc->built);
    free(pc->sel_project);
    free(pc->marks);
    free(pc);
}

void *panel_containers_new(void)
{
    struct pc *pc = xcalloc(1, sizeof *pc);
    rows_init(&pc->view);
    pc->sel = -1;
    return pc;
}

const struct panel_ops panel_containers_ops = {
    .name = "containers",
    .context = ACTION_CTX_TABLE,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .key = NULL,
    .action = pc_action,
    .mouse = pc_mouse,
    .snapshot = pc_snapshot,
    .draw = pc_draw,
    .interest = pc_interest,
    .destroy = pc_destroy,
};
