/* The details view (see details.h). Its lines are rebuilt from the
 * current snapshot on every frame, so figures stay live while it is open;
 * every engine string is drawn through draw_engine (sanitised). The
 * graphs are drawn with the glyph modes of glyphs.h: braille in a UTF-8
 * locale, ASCII otherwise. */
#include "config.h"

#include "details.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format.h"
#include "strbuf.h"
#include "ui/draw.h"
#include "ui/glyphs.h"
#include "ui/theme.h"
#include "xalloc.h"

#define DETAILS_LABEL_WIDTH 14
#define DETAILS_GRAPH_ROWS 3
/* Longest graph, in cells. */
#define DETAILS_GRAPH_MAX 256

enum dline_kind {
    DLINE_FIELD,   /* label and value */
    DLINE_HEADING, /* a section title */
    DLINE_GRAPH,   /* one row of a graph */
};

struct dline {
    enum dline_kind kind;
    const char *label;
    char *value; /* heap; may be engine text */
    enum theme_element e;
    enum history_series series; /* DLINE_GRAPH */
    int row;                    /* DLINE_GRAPH: 0 top */
};

struct dlines {
    struct dline *items;
    size_t n, cap;
};

struct details {
    char id[65];
    long top;
    long page;
};

static struct dline *add(struct dlines *l, enum dline_kind kind, const char *label)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    struct dline *d = &l->items[l->n++];
    memset(d, 0, sizeof *d);
    d->kind = kind;
    d->label = label;
    d->e = THEME_DEFAULT;
    return d;
}

static void field(struct dlines *l, const char *label, const char *value)
{
    if (!value || !value[0])
        return;
    add(l, DLINE_FIELD, label)->value = xstrdup(value);
}

static void fieldf(struct dlines *l, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fieldf(struct dlines *l, const char *label, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[256];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    field(l, label, buf);
}

static void time_text(int64_t t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t <= 0 || !localtime_r(&tt, &tm) || strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm) == 0)
        snprintf(buf, size, "-");
}

static void build(struct dlines *l, const struct snapshot *s, const struct snapshot_container *sc)
{
    const struct container *c = &sc->c;
    char a[FORMAT_NUMBER_MAX], b[FORMAT_NUMBER_MAX], buf[64];
    add(l, DLINE_HEADING, "Container");
    field(l, "Name", c->name);
    field(l, "ID", c->id);
    field(l, "Image", c->image);
    field(l, "Image ID", c->image_id);
    field(l, "Command", c->command);
    struct dline *st = add(l, DLINE_FIELD, "State");
    st->value = xstrdup(container_state_name(c->state));
    field(l, "Status", c->status);
    if (c->health != CONTAINER_HEALTH_NONE)
        field(l, "Health", container_health_name(c->health));
    if (c->state == CONTAINER_STATE_EXITED)
        fieldf(l, "Exit code", "%d", c->exit_code);
    time_text(c->created, buf, sizeof buf);
    field(l, "Created", buf);
    if (sc->pid > 0)
        fieldf(l, "Main PID", "%d", sc->pid);
    char *ports = container_ports_render(c->ports, c->nports);
    field(l, "Ports", ports);
    free(ports);
    if (sc->oom)
        field(l, "OOM", "killed by the kernel's out-of-memory killer since the last start");

    if (c->project) {
        add(l, DLINE_HEADING, "Compose");
        field(l, "Project", c->project);
        field(l, "Service", c->service);
        field(l, "Number", c->container_number);
        field(l, "Working dir", c->working_dir);
        field(l, "Files", c->config_files);
    }

    add(l, DLINE_HEADING, "Figures");
    if (!sc->has_stats) {
        field(l, "Stats",
              c->state == CONTAINER_STATE_RUNNING ? "waiting for a sample" : "none (not running)");
    } else {
        const struct stats_figures *f = &sc->stats;
        field(l, "Source", sc->source == SNAPSHOT_STATS_CGROUP ? "cgroup files" : "stats API");
        if (f->cpu_valid)
            field(l, "CPU", format_percent(buf, sizeof buf, f->cpu_percent));
        if (f->mem_valid) {
            char pct[FORMAT_NUMBER_MAX];
            fieldf(l, "Memory", "%s / %s (%s)",
                   format_bytes_binary(a, sizeof a, (double)f->mem_used),
                   format_bytes_binary(b, sizeof b, (double)f->mem_limit),
                   format_percent(pct, sizeof pct, f->mem_percent));
            fieldf(l, "Cache", "%s", format_bytes_binary(a, sizeof a, (double)f->mem_cache));
        }
        if (f->net_valid)
            fieldf(l, "Network", "%s received, %s sent",
                   format_bytes_decimal(a, sizeof a, (double)f->net_rx, 3),
                   format_bytes_decimal(b, sizeof b, (double)f->net_tx, 3));
        if (f->rates_valid && f->net_valid)
            fieldf(l, "Network rate", "%s/s in, %s/s out",
                   format_bytes_decimal(a, sizeof a, f->net_rx_rate, 3),
                   format_bytes_decimal(b, sizeof b, f->net_tx_rate, 3));
        if (f->blk_valid)
            fieldf(l, "Block I/O", "%s read, %s written",
                   format_bytes_decimal(a, sizeof a, (double)f->blk_read, 3),
                   format_bytes_decimal(b, sizeof b, (double)f->blk_write, 3));
        if (f->pids_valid)
            fieldf(l, "PIDs", "%" PRIu64, f->pids);
    }
    if (sc->history.count > 0) {
        fieldf(l, "History", "%zu samples, every %.3gs", sc->history.count,
               s->interval_ms / 1000.0);
        for (int row = 0; row < DETAILS_GRAPH_ROWS; row++) {
            struct dline *g = add(l, DLINE_GRAPH, row == 0 ? "CPU" : "");
            g->series = HISTORY_CPU;
            g->row = row;
        }
        for (int row = 0; row < DETAILS_GRAPH_ROWS; row++) {
            struct dline *g = add(l, DLINE_GRAPH, row == 0 ? "Memory" : "");
            g->series = HISTORY_MEM;
            g->row = row;
        }
    }

    if (c->nlabels) {
        add(l, DLINE_HEADING, "Labels");
        for (size_t i = 0; i < c->nlabels; i++) {
            struct strbuf sb;
            strbuf_init(&sb);
            strbuf_appendf(&sb, "%s=%s", c->labels[i].key ? c->labels[i].key : "",
                           c->labels[i].value ? c->labels[i].value : "");
            add(l, DLINE_FIELD, "")->value = strbuf_detach(&sb);
        }
    }
}

static void draw_graph_row(struct ui *ui, const struct snapshot_container *sc,
                           const struct dline *d, int y, int x, int w)
{
    if (w <= 0)
        return;
    unsigned cols = w > DETAILS_GRAPH_MAX ? DETAILS_GRAPH_MAX : (unsigned)w;
    double samples[2 * DETAILS_GRAPH_MAX];
    size_t n = history_view_last(&sc->history, d->series, samples, 2 * (size_t)cols);
    double max = 0;
    enum theme_graph tg = THEME_GRAPH_CPU;
    if (d->series == HISTORY_CPU) {
        max = 100;
        for (size_t i = 0; i < n; i++)
            if (!isnan(samples[i]) && samples[i] > max)
                max = samples[i];
    } else {
        tg = THEME_GRAPH_MEM;
        max = sc->has_stats && sc->stats.mem_valid ? (double)sc->stats.mem_limit : 0;
    }
    struct glyph_cell cells[DETAILS_GRAPH_ROWS * DETAILS_GRAPH_MAX];
    glyph_graph(samples, n, max, DETAILS_GRAPH_ROWS, cols, ui->glyphs, cells);
    for (unsigned c = 0; c < cols; c++) {
        const struct glyph_cell *cell = &cells[(size_t)d->row * cols + c];
        draw_glyph(y, x + (int)c, cell->ch, theme_attr(theme_gradient(tg, cell->level)));
    }
}

static void details_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct details *dt = self;
    attr_t base = theme_attr(THEME_DEFAULT);
    draw_clear(r, base);
    if (r->h < 2)
        return;
    const struct snapshot_container *sc = ui->snap ? snapshot_find(ui->snap, dt->id) : NULL;
    draw_fill(r->y, r->x, r->w, theme_attr(THEME_TABLE_HEADER));
    int x = r->x + draw_text(r->y, r->x, r->w, " Details: ", theme_attr(THEME_TABLE_HEADER));
    if (!sc) {
        draw_text(r->y, x, r->x + r->w - x, "(gone)", theme_attr(THEME_TABLE_HEADER));
        draw_text(r->y + 1, r->x + 1, r->w - 1,
                  "The container is no longer on the engine. Esc goes back.",
                  theme_attr(THEME_STALE));
        return;
    }
    x += draw_engine(r->y, x, r->x + r->w - x, sc->c.name, theme_attr(THEME_TABLE_HEADER));
    draw_text(r->y, x, r->x + r->w - x, "  (Esc goes back)", theme_attr(THEME_TABLE_HEADER));

    struct dlines l = {0};
    build(&l, ui->snap, sc);
    dt->page = r->h - 1;
    if (dt->top > (long)l.n - dt->page)
        dt->top = (long)l.n - dt->page;
    if (dt->top < 0)
        dt->top = 0;
    bool stale = ui->snap->stale;
    for (long i = 0; i < dt->page && dt->top + i < (long)l.n; i++) {
        const struct dline *d = &l.items[dt->top + i];
        int y = r->y + 1 + (int)i;
        int vx = r->x + 2 + DETAILS_LABEL_WIDTH;
        int vw = r->x + r->w - vx;
        switch (d->kind) {
        case DLINE_HEADING:
            draw_text(y, r->x + 1, r->w - 1, d->label, theme_attr(THEME_PROJECT_ROW));
            break;
        case DLINE_FIELD: {
            draw_text(y, r->x + 2, DETAILS_LABEL_WIDTH, d->label, theme_attr(THEME_HEADER_LABEL));
            attr_t a = base;
            if (stale)
                a = theme_attr(THEME_STALE);
            else if (strcmp(d->label, "State") == 0)
                a = theme_attr(sc->c.state == CONTAINER_STATE_RUNNING ? THEME_STATE_RUNNING
                               : sc->c.state == CONTAINER_STATE_EXITED && sc->c.exit_code
                                   ? THEME_STATE_EXITED_ERROR
                                   : THEME_DEFAULT);
            draw_engine(y, vx, vw, d->value, a);
            break;
        }
        case DLINE_GRAPH:
            draw_text(y, r->x + 2, DETAILS_LABEL_WIDTH, d->label, theme_attr(THEME_HEADER_LABEL));
            draw_graph_row(ui, sc, d, y, vx, vw - 1);
            break;
        }
    }
    for (size_t i = 0; i < l.n; i++)
        free(l.items[i].value);
    free(l.items);
}

static unsigned details_action(void *self, struct ui *ui, enum action_id id)
{
    struct details *dt = self;
    (void)ui;
    long page = dt->page > 1 ? dt->page - 1 : 1;
    switch (id) {
    case ACTION_SELECT_UP:
        dt->top--;
        return UI_REDRAW;
    case ACTION_SELECT_DOWN:
        dt->top++;
        return UI_REDRAW;
    case ACTION_PAGE_UP:
        dt->top -= page;
        return UI_REDRAW;
    case ACTION_PAGE_DOWN:
        dt->top += page;
        return UI_REDRAW;
    case ACTION_HOME:
        dt->top = 0;
        return UI_REDRAW;
    case ACTION_END:
        dt->top = 1L << 20;
        return UI_REDRAW;
    case ACTION_BACK:
    case ACTION_QUIT:
    case ACTION_DETAILS:
        return UI_CLOSE | UI_REDRAW;
    case ACTION_FILTER:
    case ACTION_COLUMNS:
    case ACTION_TOGGLE_GROUP:
    case ACTION_SORT_MENU:
    case ACTION_SORT_NEXT:
    case ACTION_SORT_PREV:
    case ACTION_SORT_INVERT:
    case ACTION_TOGGLE_STOPPED:
    case ACTION_MARK:
    case ACTION_MARK_CLEAR:
        /* The list's own actions mean nothing here. */
        return UI_HANDLED;
    default:
        /* Help, refresh, theme and the container actions pass through. */
        return UI_IGNORED;
    }
}

static unsigned details_mouse(void *self, struct ui *ui, const struct ui_mouse *m)
{
    if (m->kind == UI_MOUSE_WHEEL_UP)
        return details_action(self, ui, ACTION_SELECT_UP);
    if (m->kind == UI_MOUSE_WHEEL_DOWN)
        return details_action(self, ui, ACTION_SELECT_DOWN);
    return UI_HANDLED;
}

static void details_destroy(void *self)
{
    free(self);
}

static const struct panel_ops details_ops = {
    .name = "details",
    .context = ACTION_CTX_TABLE,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .key = NULL,
    .action = details_action,
    .mouse = details_mouse,
    .snapshot = NULL,
    .draw = details_draw,
    .interest = NULL,
    .destroy = details_destroy,
};

void details_open(struct ui *ui, const char *id)
{
    struct details *dt = xcalloc(1, sizeof *dt);
    snprintf(dt->id, sizeof dt->id, "%s", id);
    ui_push(ui, &details_ops, dt);
}
