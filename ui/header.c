/* The header (see header.h). Everything the engine sent (endpoint text,
 * version, host name) is drawn through draw_engine, so it is sanitised.
 * With stale data every figure is drawn in the stale style. */
#include "config.h"

#include "header.h"

#include <stdio.h>
#include <string.h>

#include "format.h"
#include "model/stats_series.h"
#include "ui/draw.h"
#include "ui/graph.h"
#include "ui/theme.h"

void header_totals(const struct snapshot *s, struct header_totals *out)
{
    memset(out, 0, sizeof *out);
    if (!s)
        return;
    for (size_t i = 0; i < s->ncontainers; i++) {
        const struct snapshot_container *sc = &s->containers[i];
        if (!sc->has_stats)
            continue;
        if (sc->stats.cpu_valid)
            out->cpu += sc->stats.cpu_percent;
        if (sc->stats.mem_valid)
            out->mem += (double)sc->stats.mem_used;
    }
    out->cpu_max = s->ncpu > 0 ? s->ncpu * 100.0 : 0;
    out->mem_max = (double)s->mem_total;
}

/* A label, then an engine value (sanitised); returns the new x. */
static int pair(int y, int x, int end, const char *label, const char *value, attr_t value_attr)
{
    if (x >= end)
        return x;
    x += draw_text(y, x, end - x, label, theme_attr(THEME_HEADER_LABEL));
    x += draw_engine(y, x, end - x, value, value_attr);
    return x;
}

static void engine_line(struct ui *ui, int y, int x, int w)
{
    const struct snapshot *s = ui->snap;
    int end = x + w;
    attr_t v = theme_attr(s && s->stale ? THEME_STALE : THEME_HEADER);
    x += draw_text(y, x, w, "berth ", theme_attr(THEME_HEADER_LABEL));
    if (!s) {
        draw_text(y, x, end - x, "connecting...", theme_attr(THEME_HEADER));
        return;
    }
    x = pair(y, x, end, "", s->endpoint ? s->endpoint : "?", v);
    if (s->server_version)
        x = pair(y, x, end, "  Docker ", s->server_version, v);
    if (s->api_version)
        x = pair(y, x, end, "  API ", s->api_version, v);
    if (s->host_name && s->host_name[0])
        x = pair(y, x, end, "  host ", s->host_name, v);
    if (s->stale)
        draw_text(y, x, end - x, "  [stale]", theme_attr(THEME_STALE));
}

static void counts_line(struct ui *ui, int y, int x, int w)
{
    const struct snapshot *s = ui->snap;
    int end = x + w;
    char buf[64];
    x += draw_text(y, x, w, "Containers ", theme_attr(THEME_HEADER_LABEL));
    if (!s) {
        draw_text(y, x, end - x, "-", theme_attr(THEME_HEADER));
        return;
    }
    bool stale = s->stale;
    const struct {
        size_t n;
        const char *what;
        enum theme_element e;
    } parts[] = {
        {s->counts.running, "running", THEME_STATE_RUNNING},
        {s->counts.paused, "paused", THEME_STATE_PAUSED},
        {s->counts.stopped, "stopped", THEME_STATE_EXITED_OK},
        {s->counts.unhealthy, "unhealthy",
         s->counts.unhealthy ? THEME_HEALTH_UNHEALTHY : THEME_HEADER},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0] && x < end; i++) {
        snprintf(buf, sizeof buf, "%s%zu %s", i ? ", " : "", parts[i].n, parts[i].what);
        x += draw_text(y, x, end - x, buf, theme_attr(stale ? THEME_STALE : parts[i].e));
    }
    snprintf(buf, sizeof buf, " (%zu in all)", s->counts.total);
    x += draw_text(y, x, end - x, buf, theme_attr(stale ? THEME_STALE : THEME_HEADER));
    if (s->interval_ms && end - x > 24) {
        snprintf(buf, sizeof buf, "every %.3gs from %s", s->interval_ms / 1000.0,
                 s->stats_from_cgroup ? "cgroups" : "the API");
        draw_text_right(y, x, end - x, buf, theme_attr(THEME_HEADER));
    }
}

/* Containers summed for the header graphs at most. */
#define HEADER_GRAPH_VIEWS 1024
/* Widest header graph, in cells. */
#define HEADER_GRAPH_COLS 256

/* One meter in the mode ui->meter_mode asks for (bar, text or graph: the
 * table in graph.c); too narrow for a bar or a graph, it shows text. */
static void meter(struct ui *ui, int y, int x, int w, const char *label, double value, double max,
                  const char *text, enum history_series s, enum theme_graph tg)
{
    bool stale = ui->snap && ui->snap->stale;
    attr_t la = theme_attr(THEME_HEADER_LABEL);
    attr_t bar = theme_attr(stale ? THEME_STALE : THEME_METER_BAR);
    attr_t ta = theme_attr(stale ? THEME_STALE : THEME_METER_TEXT);
    enum graph_meter_mode mode = graph_meter_get((enum graph_meter_mode)ui->meter_mode)->mode;
    if (w < graph_meter_get(mode)->min_width)
        mode = GRAPH_METER_TEXT;
    switch (mode) {
    case GRAPH_METER_BAR:
        draw_meter(y, x, w, label, max > 0 ? value / max : 0, text, la, bar, ta);
        return;
    case GRAPH_METER_TEXT: {
        int at = x + draw_text(y, x, w, label, la);
        at += draw_text(y, at, x + w - at, " ", ta);
        draw_text(y, at, x + w - at, text, ta);
        return;
    }
    case GRAPH_METER_GRAPH:
    case GRAPH_METER_NMODES:
        break;
    }
    /* LABEL, the graph, then the value: the graph is the model's history
     * summed over every container. */
    int at = x + draw_text(y, x, w, label, la) + 1;
    int tw = draw_width(text);
    int cols = x + w - at - tw - 1;
    if (cols > HEADER_GRAPH_COLS)
        cols = HEADER_GRAPH_COLS;
    if (cols > 0 && ui->snap) {
        static const struct history_view *views[HEADER_GRAPH_VIEWS];
        double samples[2 * HEADER_GRAPH_COLS];
        size_t nv = stats_project_views(ui->snap, NULL, views, HEADER_GRAPH_VIEWS);
        size_t n = stats_series_sum(views, nv, s, samples,
                                    (size_t)cols * glyph_samples_per_column(ui->glyphs));
        graph_draw(ui->glyphs, y, at, 1, cols, samples, n, max, tg);
    }
    draw_text_right(y, x, w, text, ta);
}

static void meters_line(struct ui *ui, int y, int x, int w)
{
    struct header_totals t;
    header_totals(ui->snap, &t);
    int half = (w - 1) / 2;
    char buf[96], a[FORMAT_NUMBER_MAX], b[FORMAT_NUMBER_MAX];

    if (t.cpu_max > 0 && half >= 30 && ui->snap)
        snprintf(buf, sizeof buf, "%.1f%% of %d CPUs", t.cpu, ui->snap->ncpu);
    else
        snprintf(buf, sizeof buf, "%.1f%%", t.cpu);
    meter(ui, y, x, half, "CPU", t.cpu, t.cpu_max, buf, HISTORY_CPU, THEME_GRAPH_CPU);

    format_bytes_binary(a, sizeof a, t.mem);
    if (t.mem_max > 0)
        snprintf(buf, sizeof buf, "%s/%s", a, format_bytes_binary(b, sizeof b, t.mem_max));
    else
        snprintf(buf, sizeof buf, "%s", a);
    meter(ui, y, x + half + 1, w - half - 1, "Mem", t.mem, t.mem_max, buf, HISTORY_MEM,
          THEME_GRAPH_MEM);
}

void header_draw(struct ui *ui, const struct ui_rect *r)
{
    draw_clear(r, theme_attr(THEME_HEADER));
    int y = r->y;
    if (r->h >= 3)
        engine_line(ui, y++, r->x, r->w);
    if (r->h >= 2)
        counts_line(ui, y++, r->x, r->w);
    if (r->h >= 1)
        meters_line(ui, y, r->x, r->w);
}
