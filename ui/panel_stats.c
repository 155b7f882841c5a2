/* The stats view (see panel_stats.h).
 *
 * Every frame reads the current snapshot: the container's history view
 * (or, for a project, the sum of its containers' views, aligned at the
 * newest sample) gives the samples, so the graphs move on the model's
 * clock, never on redraw. Percentages are drawn against a fixed scale
 * (CPU: 100 × CPUs per core, or 100 % of the host or of the limit, as
 * ui->cpu_mode says; memory: the limit), rates and PIDs auto-scale to a
 * 1-2-5 step above the visible peak.
 *
 * The CPU limit comes from the container's inspect (HostConfig), which the
 * view asks the worker for when it opens; until it arrives the limit mode
 * shows the host share and says so. */
#include "config.h"

#include "ui/panel_stats.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "model/stats_series.h"
#include "model/worker.h"
#include "ui/draw.h"
#include "ui/graph.h"
#include "ui/theme.h"
#include "xalloc.h"

/* Widest graph, in cells; samples per graph at most twice that. */
#define PS_MAX_COLS 512
#define PS_MAX_SAMPLES (2 * PS_MAX_COLS)
/* Containers of a project summed at most. */
#define PS_MAX_MEMBERS 256
/* Terminal columns from which the graphs go in two columns. */
#define PS_TWO_COLUMNS 110

enum ps_format {
    PS_PERCENT,
    PS_BYTES,
    PS_RATE,
    PS_COUNT,
};

/* One graph of the view. */
struct ps_series {
    enum history_series s;
    const char *title;
    enum theme_graph tg;
    enum ps_format fmt;
};

static const struct ps_series ps_series[] = {
    {HISTORY_CPU, "CPU", THEME_GRAPH_CPU, PS_PERCENT},
    {HISTORY_MEM, "Memory", THEME_GRAPH_MEM, PS_BYTES},
    {HISTORY_PIDS, "PIDs", THEME_GRAPH_CPU, PS_COUNT},
    {HISTORY_NET_RX, "Net receive", THEME_GRAPH_NET, PS_RATE},
    {HISTORY_NET_TX, "Net transmit", THEME_GRAPH_NET, PS_RATE},
    {HISTORY_BLK_READ, "Block read", THEME_GRAPH_IO, PS_RATE},
    {HISTORY_BLK_WRITE, "Block write", THEME_GRAPH_IO, PS_RATE},
};

#define PS_NSERIES (sizeof ps_series / sizeof ps_series[0])

struct pstats {
    char id[65];   /* the container, "" for a project */
    char *project; /* the project, NULL for a container */
};

/* What the frame knows about its subject, gathered from the snapshot. */
struct ps_subject {
    const struct snapshot_container *sc; /* container mode; NULL when gone */
    const struct history_view *views[PS_MAX_MEMBERS];
    size_t nviews;
    size_t running;
    bool any_stats;
    bool blk_known; /* some figures say whether block accounting exists */
    bool blk_valid; /* and some of them have it */
    double mem_limit;
    double cpu_limit; /* CPUs; 0: none or not known yet */
    bool limit_known; /* every member's inspect has arrived */
};

static void ps_gather(const struct pstats *ps, const struct snapshot *snap, struct ps_subject *out)
{
    memset(out, 0, sizeof *out);
    if (!snap)
        return;
    bool unlimited = false;
    out->limit_known = true;
    for (size_t i = 0; i < snap->ncontainers && out->nviews < PS_MAX_MEMBERS; i++) {
        const struct snapshot_container *sc = &snap->containers[i];
        if (ps->project) {
            if (!sc->c.project || strcmp(sc->c.project, ps->project) != 0)
                continue;
        } else if (strcmp(sc->c.id, ps->id) != 0) {
            continue;
        } else {
            out->sc = sc;
        }
        out->views[out->nviews++] = &sc->history;
        if (sc->c.state == CONTAINER_STATE_RUNNING || sc->c.state == CONTAINER_STATE_PAUSED)
            out->running++;
        if (sc->has_stats) {
            out->any_stats = true;
            out->blk_known = true;
            out->blk_valid = out->blk_valid || sc->stats.blk_valid;
            if (sc->stats.mem_valid) {
                /* An unlimited container reports the host's memory. */
                double lim = (double)sc->stats.mem_limit;
                out->mem_limit += lim;
            }
        }
        if (!sc->detail)
            out->limit_known = false;
        else if (sc->detail->cpu_limit > 0)
            out->cpu_limit += sc->detail->cpu_limit;
        else
            unlimited = true;
    }
    if (ps->project && snap->mem_total && out->mem_limit > (double)snap->mem_total)
        out->mem_limit = (double)snap->mem_total;
    if (unlimited || !out->limit_known)
        out->cpu_limit = 0;
}

static void ps_value(enum ps_format fmt, double v, char *buf, size_t size)
{
    switch (fmt) {
    case PS_PERCENT:
        format_percent(buf, size, v);
        return;
    case PS_BYTES:
        format_bytes_binary(buf, size, v);
        return;
    case PS_RATE: {
        char n[FORMAT_NUMBER_MAX];
        snprintf(buf, size, "%s/s", format_bytes_decimal(n, sizeof n, v, 3));
        return;
    }
    case PS_COUNT:
        snprintf(buf, size, "%.0f", v);
        return;
    }
    buf[0] = '\0';
}

/* One graph block: a title line with the figures, then rows of graph. */
static void ps_draw_series(struct ui *ui, const struct ps_subject *sub, const struct ps_series *def,
                           int y, int x, int w, int rows)
{
    attr_t label = theme_attr(THEME_HEADER_LABEL);
    attr_t text = theme_attr(ui->snap->stale ? THEME_STALE : THEME_DEFAULT);
    int cols = w > PS_MAX_COLS ? PS_MAX_COLS : w;
    size_t want = (size_t)cols * glyph_samples_per_column(ui->glyphs);
    double samples[PS_MAX_SAMPLES];
    size_t n = stats_series_sum(sub->views, sub->nviews, def->s, samples, want);

    int at = x + draw_text(y, x, w, def->title, label);
    char line[256], a[FORMAT_NUMBER_MAX], b[FORMAT_NUMBER_MAX], c[FORMAT_NUMBER_MAX];
    bool blk = def->s == HISTORY_BLK_READ || def->s == HISTORY_BLK_WRITE;
    if (blk && sub->blk_known && !sub->blk_valid) {
        draw_text(y, at, x + w - at, "  n/a (no block I/O accounting on this host)", text);
        return;
    }

    double max = 0;
    const char *unit_note = "";
    char note[96] = "";
    if (def->s == HISTORY_CPU) {
        enum stats_cpu_mode m =
            stats_cpu_effective((enum stats_cpu_mode)ui->cpu_mode, ui->snap->ncpu, sub->cpu_limit);
        for (size_t i = 0; i < n; i++)
            if (!isnan(samples[i]))
                samples[i] = stats_cpu_convert(samples[i], m, ui->snap->ncpu, sub->cpu_limit);
        max = stats_cpu_full_scale(m, ui->snap->ncpu, sub->cpu_limit);
        if (m == STATS_CPU_LIMIT)
            snprintf(note, sizeof note, "  [of limit: %.2f CPUs]", sub->cpu_limit);
        else if (m == STATS_CPU_HOST)
            snprintf(note, sizeof note, "  [of host: %d CPUs%s]", ui->snap->ncpu,
                     ui->cpu_mode == STATS_CPU_LIMIT
                         ? (sub->limit_known ? ", no limit set" : ", limit not known yet")
                         : "");
        else
            snprintf(note, sizeof note, "  [per core, 100%% = one CPU; scale %.0f%%]", max);
        unit_note = note;
    } else if (def->s == HISTORY_MEM) {
        max = sub->mem_limit;
        if (max > 0)
            snprintf(note, sizeof note, "  [limit %s]", format_bytes_binary(a, sizeof a, max));
        unit_note = note;
    }

    struct stats_summary sum;
    stats_summary_of(samples, n, &sum);
    if (max <= 0 && sum.valid) {
        max = stats_nice_scale(sum.peak);
        if (max > 0 && def->fmt != PS_COUNT) {
            ps_value(def->fmt, max, a, sizeof a);
            snprintf(note, sizeof note, "  [scale %s]", a);
            unit_note = note;
        }
    }
    if (!sum.valid) {
        snprintf(line, sizeof line, "  %s",
                 def->s == HISTORY_CPU && sub->running ? "waiting for two samples"
                 : sub->running                        ? "waiting for a sample"
                                                       : "no samples (not running)");
    } else {
        ps_value(def->fmt, sum.cur, a, sizeof a);
        ps_value(def->fmt, sum.avg, b, sizeof b);
        ps_value(def->fmt, sum.peak, c, sizeof c);
        snprintf(line, sizeof line, "  now %s  avg %s  peak %s%s", a, b, c, unit_note);
    }
    draw_text(y, at, x + w - at, line, text);
    if (rows > 0)
        graph_draw(ui->glyphs, y + 1, x, rows, cols, samples, n, max, def->tg);
}

static void ps_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct pstats *ps = self;
    attr_t base = theme_attr(THEME_DEFAULT);
    attr_t head = theme_attr(THEME_TABLE_HEADER);
    draw_clear(r, base);
    if (r->h < 2)
        return;
    draw_fill(r->y, r->x, r->w, head);
    int x = r->x + draw_text(r->y, r->x, r->w, " Stats: ", head);
    struct ps_subject sub;
    ps_gather(ps, ui->snap, &sub);
    if (ps->project) {
        x += draw_engine(r->y, x, r->x + r->w - x, ps->project, head);
        char buf[64];
        snprintf(buf, sizeof buf, " (project, %zu containers, %zu running)", sub.nviews,
                 sub.running);
        x += draw_text(r->y, x, r->x + r->w - x, buf, head);
    } else if (sub.sc) {
        x += draw_engine(r->y, x, r->x + r->w - x, sub.sc->c.name, head);
    }
    char hint[96];
    snprintf(hint, sizeof hint, "  CPU %s (%% changes)  Esc goes back",
             stats_cpu_mode_name((enum stats_cpu_mode)ui->cpu_mode));
    draw_text(r->y, x, r->x + r->w - x, hint, head);
    if (!ui->snap || sub.nviews == 0) {
        draw_text(r->y + 1, r->x + 1, r->w - 1,
                  ps->project ? "The project has no containers on the engine. Esc goes back."
                              : "The container is no longer on the engine. Esc goes back.",
                  theme_attr(THEME_STALE));
        return;
    }

    int ncols = r->w >= PS_TWO_COLUMNS ? 2 : 1;
    int gap = 3;
    int colw = (r->w - 1 - (ncols - 1) * gap) / ncols;
    int per = (int)((PS_NSERIES + (size_t)ncols - 1) / (size_t)ncols);
    int body = r->h - 2; /* the title line and the axis */
    int block = body / per;
    int shown = per;
    if (block < 2) {
        /* Too short for every graph: titles with one row, as many as fit. */
        block = 2;
        shown = body / block;
    }
    double interval = ui->snap->interval_ms ? ui->snap->interval_ms / 1000.0 : 2.0;
    for (int col = 0; col < ncols; col++) {
        int cx = r->x + 1 + col * (colw + gap);
        for (int i = 0; i < shown; i++) {
            size_t k = (size_t)(col * per + i);
            if (k >= PS_NSERIES)
                break;
            ps_draw_series(ui, &sub, &ps_series[k], r->y + 1 + i * block, cx, colw, block - 1);
        }
        graph_draw_axis(ui->glyphs, r->y + r->h - 1, cx, colw, interval);
    }
}

static unsigned ps_action(void *self, struct ui *ui, enum action_id id)
{
    (void)self;
    (void)ui;
    switch (id) {
    case ACTION_BACK:
    case ACTION_QUIT:
    case ACTION_STATS:
        return UI_CLOSE | UI_REDRAW;
    case ACTION_SELECT_UP:
    case ACTION_SELECT_DOWN:
    case ACTION_PAGE_UP:
    case ACTION_PAGE_DOWN:
    case ACTION_HOME:
    case ACTION_END:
    case ACTION_DETAILS:
        return UI_HANDLED;
    default:
        /* The list's own actions mean nothing here; help, refresh, theme,
         * the CPU and meter modes pass through. */
        return actions_is_list_view(id) ? UI_HANDLED : UI_IGNORED;
    }
}

static unsigned ps_mouse(void *self, struct ui *ui, const struct ui_mouse *m)
{
    (void)self;
    (void)ui;
    (void)m;
    return UI_HANDLED;
}

static void ps_destroy(void *self)
{
    struct pstats *ps = self;
    free(ps->project);
    free(ps);
}

static const struct panel_ops panel_stats_ops = {
    .name = "stats",
    .context = ACTION_CTX_TABLE,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .key = NULL,
    .action = ps_action,
    .mouse = ps_mouse,
    .snapshot = NULL,
    .draw = ps_draw,
    .interest = NULL,
    .destroy = ps_destroy,
};

/* Ask the worker for the CPU limit of one container (its inspect). */
static void ps_ask_detail(struct ui *ui, const char *id)
{
    if (!ui->worker)
        return;
    struct worker_action act = {.kind = WORKER_ACTION_DETAIL};
    snprintf(act.id, sizeof act.id, "%s", id);
    worker_submit(ui->worker, &act);
}

void panel_stats_open(struct ui *ui, const char *id, const char *project)
{
    struct pstats *ps = xcalloc(1, sizeof *ps);
    if (id)
        snprintf(ps->id, sizeof ps->id, "%s", id);
    else
        ps->project = xstrdup(project ? project : "");
    for (size_t i = 0; ui->snap && i < ui->snap->ncontainers; i++) {
        const struct snapshot_container *sc = &ui->snap->containers[i];
        bool mine = id ? strcmp(sc->c.id, id) == 0
                       : sc->c.project && strcmp(sc->c.project, ps->project) == 0;
        if (mine)
            ps_ask_detail(ui, sc->c.id);
    }
    ui_push(ui, &panel_stats_ops, ps);
}
