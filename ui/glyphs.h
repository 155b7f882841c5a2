/* Graph glyphs: history samples to character cells (meters and graphs).
 *
 * Three modes:
 *   - braille: two samples per column, four dot rows per cell, each cell
 *     0x2800 | L[a] | R[b] with L = {0,0x40,0x44,0x46,0x47} and
 *     R = {0,0x80,0xA0,0xB0,0xB8} (dots fill from the bottom);
 *   - block: one sample per column, eighths ▁▂▃▄▅▆▇█ (sparklines);
 *   - ascii: for locales that are not UTF-8; two samples per column (the
 *     higher one is drawn, so the time span matches braille), three levels
 *     per row: '.', ':', '|'.
 * Every present sample shows at least one dot, so a flat line at zero is
 * still a visible baseline; absent samples (before the history starts, or
 * NaN) are blank. Each cell also carries a gradient level (0 start, 1 mid,
 * 2 end) from its column's value as a fraction of the scale, which the
 * theme maps to graph_*_start/mid/end.
 *
 * Pure functions: no curses, no locale changes. */
#ifndef BERTH_UI_GLYPHS_H
#define BERTH_UI_GLYPHS_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

enum glyph_mode {
    GLYPH_BRAILLE,
    GLYPH_BLOCK,
    GLYPH_ASCII,
};

#define GLYPH_LEVELS 3 /* gradient levels: start, mid, end */

struct glyph_cell {
    wchar_t ch;          /* the character to draw; L' ' when empty */
    unsigned char level; /* gradient level 0..GLYPH_LEVELS-1 */
};

/* Braille cell with `left` and `right` dots lit from the bottom (0..4 each,
 * larger values clamp to 4). glyph_braille(0, 0) is U+2800, blank braille. */
wchar_t glyph_braille(unsigned left, unsigned right);

/* Block element for 0..8 eighths: L' ' for 0, U+2581..U+2588 for 1..8. */
wchar_t glyph_block(unsigned eighths);

/* ASCII level 0..3: ' ', '.', ':', '|'. */
wchar_t glyph_ascii(unsigned level);

/* Vertical steps per row (4, 8, 3) and samples per column (2, 1, 2). */
unsigned glyph_steps_per_row(enum glyph_mode mode);
unsigned glyph_samples_per_column(enum glyph_mode mode);

/* Gradient level of a fraction of the scale: below 1/3 start, below 2/3
 * mid, else end. NaN and negatives give 0. */
unsigned glyph_gradient_level(double fraction);

/* True when codeset (as nl_langinfo(CODESET) gives it) is UTF-8. */
bool glyph_codeset_is_utf8(const char *codeset);

/* GLYPH_BRAILLE for a UTF-8 codeset, GLYPH_ASCII otherwise. The caller
 * reads nl_langinfo(CODESET) after setlocale(LC_ALL, ""). */
enum glyph_mode glyph_mode_for_codeset(const char *codeset);

/* Render the newest samples[0..count) (oldest first) into rows x cols cells,
 * out[row * cols + col], row 0 at the top, the newest sample at the right
 * edge. max is the value of a full column; max <= 0 (or NaN) scales to the
 * largest visible sample. Returns the scale used (0 when every visible
 * sample is zero or absent). Nothing is written when rows or cols is 0. */
double glyph_graph(const double *samples, size_t count, double max, unsigned rows, unsigned cols,
                   enum glyph_mode mode, struct glyph_cell *out);

/* Copy one row of cells into buf as a wide string: n characters and L'\0'
 * (buf holds n + 1). */
void glyph_row_text(const struct glyph_cell *row, unsigned n, wchar_t *buf);

#endif
