/* Graph drawing for the stats view and the header meters: a series of
 * history samples as glyph cells (glyphs.h) coloured from a theme
 * gradient, a time axis under it, and the meter modes as data.
 *
 * The axis labels and the meter table are pure and unit tested; the
 * drawing calls are the UI thread's. */
#ifndef BERTH_UI_GRAPH_H
#define BERTH_UI_GRAPH_H

#include <stddef.h>

#include "ui/glyphs.h"
#include "ui/theme_data.h"

/* How a header meter shows its value (htop's BAR / TEXT / GRAPH). */
enum graph_meter_mode {
    GRAPH_METER_BAR = 0,
    GRAPH_METER_TEXT,
    GRAPH_METER_GRAPH,
    GRAPH_METER_NMODES,
};

struct graph_meter_def {
    enum graph_meter_mode mode;
    const char *name; /* "bar", for the status line */
    int min_width;    /* narrower than this falls back to text */
};

const struct graph_meter_def *graph_meter_get(enum graph_meter_mode mode);
/* The next mode in the cycle bar, text, graph. */
enum graph_meter_mode graph_meter_next(enum graph_meter_mode mode);

/* The label of an axis tick `seconds` before now: "now", "-30s", "-2m",
 * "-1h30m". */
void graph_axis_label(double seconds, char *buf, size_t size);

/* Seconds covered by one cell column: samples per column × interval. */
double graph_seconds_per_column(enum glyph_mode mode, double interval_s);

/* Draw samples[0..n) (oldest first) into rows × cols at (y, x), newest at
 * the right edge, against max (<= 0: auto, the visible peak). Returns the
 * scale used. */
double graph_draw(enum glyph_mode mode, int y, int x, int rows, int cols, const double *samples,
                  size_t n, double max, enum theme_graph tg);

/* A time axis of cols cells at (y, x) for graphs drawn with mode at
 * interval_s per sample: tick labels right to left, "now" at the right. */
void graph_draw_axis(enum glyph_mode mode, int y, int x, int cols, double interval_s);

#endif
