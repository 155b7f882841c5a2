/* Where things go on the screen: header, banner, panels, status line,
 * footer, for a terminal of a given size; and which table row a screen
 * line shows (mouse clicks).
 *
 * Pure arithmetic, no curses, so the unit tests hold every size down to
 * the minimum to "inside the screen, no overlap". */
#ifndef BERTH_UI_LAYOUT_H
#define BERTH_UI_LAYOUT_H

#include <stdbool.h>

/* Below this the screen shows one "terminal too small" line. */
#define LAYOUT_MIN_COLS 40
#define LAYOUT_MIN_ROWS 10
/* From this height on the header has its third line (the engine). */
#define LAYOUT_TALL_ROWS 16

struct ui_rect {
    int y, x; /* top left cell */
    int h, w; /* lines and cells; 0 when absent */
};

struct layout {
    int rows, cols;
    bool too_small;
    struct ui_rect header; /* engine, counts, meters */
    struct ui_rect banner; /* one line when the engine is unreachable, else h = 0 */
    struct ui_rect main;   /* the panels (a table: its title line and rows) */
    struct ui_rect status; /* messages, the filter prompt */
    struct ui_rect footer; /* key hints */
};

/* Lay out a rows x cols screen; banner: reserve the banner line. */
void layout_compute(struct layout *l, int rows, int cols, bool banner);

/* True when (y, x) is inside r. */
bool layout_contains(const struct ui_rect *r, int y, int x);

#define LAYOUT_HIT_NONE (-1L)  /* not on a row */
#define LAYOUT_HIT_TITLE (-2L) /* the table's title line (column headers) */

/* The row index under screen line y of a table drawn in r (title on its
 * first line) whose first visible row is top, out of nrows rows. */
long layout_table_hit(const struct ui_rect *r, long top, long nrows, int y);

#endif
