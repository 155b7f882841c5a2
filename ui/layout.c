/* Screen layout (see layout.h). Top to bottom: header (2 or 3 lines),
 * banner (0 or 1), main, status line, footer. The main area gets whatever
 * is left, which at the minimum size is the table's title and 4 rows. */
#include "config.h"

#include "layout.h"

#include <string.h>

void layout_compute(struct layout *l, int rows, int cols, bool banner)
{
    memset(l, 0, sizeof *l);
    l->rows = rows;
    l->cols = cols;
    if (rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS) {
        l->too_small = true;
        return;
    }
    int header = rows >= LAYOUT_TALL_ROWS ? 3 : 2;
    int y = 0;
    l->header = (struct ui_rect){y, 0, header, cols};
    y += header;
    if (banner) {
        l->banner = (struct ui_rect){y, 0, 1, cols};
        y++;
    }
    l->footer = (struct ui_rect){rows - 1, 0, 1, cols};
    l->status = (struct ui_rect){rows - 2, 0, 1, cols};
    l->main = (struct ui_rect){y, 0, rows - 2 - y, cols};
}

bool layout_contains(const struct ui_rect *r, int y, int x)
{
    return r->h > 0 && r->w > 0 && y >= r->y && y < r->y + r->h && x >= r->x && x < r->x + r->w;
}

long layout_table_hit(const struct ui_rect *r, long top, long nrows, int y)
{
    if (r->h <= 0 || y < r->y || y >= r->y + r->h)
        return LAYOUT_HIT_NONE;
    if (y == r->y)
        return LAYOUT_HIT_TITLE;
    long row = top + (long)(y - r->y - 1);
    return row >= 0 && row < nrows ? row : LAYOUT_HIT_NONE;
}
