/* Graph drawing (see graph.h). Cells come from glyph_graph(); colours from
 * the theme's graph gradients, one level per column (its higher sample),
 * so a burst shows in the end colour wherever it lands. */
#include "config.h"

#include "ui/graph.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/draw.h"
#include "ui/theme.h"
#include "xalloc.h"

/* Cells between axis labels, at least. */
#define GRAPH_AXIS_STEP 12

static const struct graph_meter_def graph_meters[GRAPH_METER_NMODES] = {
    [GRAPH_METER_BAR] = {GRAPH_METER_BAR, "bar", 12},
    [GRAPH_METER_TEXT] = {GRAPH_METER_TEXT, "text", 0},
    [GRAPH_METER_GRAPH] = {GRAPH_METER_GRAPH, "graph", 16},
};

const struct graph_meter_def *graph_meter_get(enum graph_meter_mode mode)
{
    if ((int)mode < 0 || mode >= GRAPH_METER_NMODES)
        mode = GRAPH_METER_BAR;
    return &graph_meters[mode];
}

enum graph_meter_mode graph_meter_next(enum graph_meter_mode mode)
{
    return (enum graph_meter_mode)(((int)graph_meter_get(mode)->mode + 1) % GRAPH_METER_NMODES);
}

void graph_axis_label(double seconds, char *buf, size_t size)
{
    long s = lround(seconds);
    if (s <= 0)
        snprintf(buf, size, "now");
    else if (s < 120)
        snprintf(buf, size, "-%lds", s);
    else if (s < 7200 && s % 60 == 0)
        snprintf(buf, size, "-%ldm", s / 60);
    else if (s < 7200)
        snprintf(buf, size, "-%ldm%lds", s / 60, s % 60);
    else if (s % 3600 == 0)
        snprintf(buf, size, "-%ldh", s / 3600);
    else
        snprintf(buf, size, "-%ldh%ldm", s / 3600, (s % 3600) / 60);
}

double graph_seconds_per_column(enum glyph_mode mode, double interval_s)
{
    return glyph_samples_per_column(mode) * interval_s;
}

double graph_draw(enum glyph_mode mode, int y, int x, int rows, int cols, const double *samples,
                  size_t n, double max, enum theme_graph tg)
{
    if (rows <= 0 || cols <= 0)
        return 0;
    struct glyph_cell *cells = xmalloc((size_t)rows * (size_t)cols * sizeof *cells);
    double scale = glyph_graph(samples, n, max, (unsigned)rows, (unsigned)cols, mode, cells);
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) {
            const struct glyph_cell *cell = &cells[(size_t)r * (size_t)cols + (size_t)c];
            draw_glyph(y + r, x + c, cell->ch, theme_attr(theme_gradient(tg, cell->level)));
        }
    free(cells);
    return scale;
}

void graph_draw_axis(enum glyph_mode mode, int y, int x, int cols, double interval_s)
{
    if (cols <= 0)
        return;
    attr_t a = theme_attr(THEME_HEADER_LABEL);
    double per = graph_seconds_per_column(mode, interval_s);
    char buf[32];
    draw_text_right(y, x, cols, "now", a);
    /* Ticks every GRAPH_AXIS_STEP cells, the label ending at its column. */
    for (int c = cols - 1 - GRAPH_AXIS_STEP; c >= 6; c -= GRAPH_AXIS_STEP) {
        graph_axis_label((cols - 1 - c) * per, buf, sizeof buf);
        int w = (int)strlen(buf);
        if (c - w + 1 < 0)
            break;
        draw_text(y, x + c - w + 1, w, buf, a);
    }
}
