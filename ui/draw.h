/* Drawing primitives every panel uses: text clipped to a width in screen
 * cells, engine text through the sanitiser, fills, boxes, htop-style bars
 * and meters, and the few symbols that have an ASCII form.
 *
 * Nothing here draws outside the screen: every call clips to the cells it
 * was given and to the terminal. In a locale that is not UTF-8 every
 * non-ASCII character is drawn as '?' and boxes and symbols use ASCII, so
 * the terminal never receives bytes it cannot show. UI thread only. */
#ifndef BERTH_UI_DRAW_H
#define BERTH_UI_DRAW_H

#include <curses.h>
#include <stdbool.h>
#include <wchar.h>

#include "ui/layout.h"

enum draw_symbol {
    DRAW_SYM_FOLDED,     /* a collapsed group: ▸ or + */
    DRAW_SYM_UNFOLDED,   /* an open group: ▾ or - */
    DRAW_SYM_MARK,       /* a marked row: ● or * */
    DRAW_SYM_ASCENDING,  /* sort indicator: ▲ or ^ */
    DRAW_SYM_DESCENDING, /* ▼ or v */
    DRAW_SYM_BAR,        /* one filled bar cell: | (htop's, in both modes) */
    DRAW_SYM_COUNT
};

/* Choose UTF-8 or ASCII output (from the locale's codeset). */
void draw_set_utf8(bool utf8);
bool draw_is_utf8(void);

const char *draw_symbol(enum draw_symbol s);

/* Cells s takes on screen (invalid bytes count as one '?'). */
int draw_width(const char *s);

/* Draw our own text s at (y, x), at most w cells, with attributes a.
 * Returns the cells used. */
int draw_text(int y, int x, int w, const char *s, attr_t a);
/* The same for engine text: sanitised first (escapes made visible). */
int draw_engine(int y, int x, int w, const char *s, attr_t a);
/* Right-aligned in w cells (cut on the left when too long is not done:
 * the text is cut on the right like any other). */
int draw_text_right(int y, int x, int w, const char *s, attr_t a);

/* One table cell: s (engine text when engine) in a column of w cells at
 * (y, *x), clipped at right, leaving the column's last cell blank; moves
 * *x past the column. Nothing is drawn once *x reaches right. */
void draw_cell(int y, int *x, int right, int w, const char *s, attr_t a, bool engine);

/* One graph cell (a glyph from glyphs.h) at (y, x); ignored off screen. */
void draw_glyph(int y, int x, wchar_t ch, attr_t a);

/* w blanks with attributes a. */
void draw_fill(int y, int x, int w, attr_t a);
/* Blank a whole rectangle. */
void draw_clear(const struct ui_rect *r, attr_t a);
/* A frame around r (its outermost cells), with a title on the top edge. */
void draw_box(const struct ui_rect *r, const char *title, attr_t frame, attr_t title_attr);

/* "[|||||     ]" in w cells (w >= 3): fraction 0..1 of the inside filled. */
void draw_bar(int y, int x, int w, double fraction, attr_t frame, attr_t bar);

/* An htop meter in w cells: "LABEL[|||||      text]", the text right
 * aligned inside the bar and drawn over it. */
void draw_meter(int y, int x, int w, const char *label, double fraction, const char *text,
                attr_t label_attr, attr_t bar_attr, attr_t text_attr);

#endif
