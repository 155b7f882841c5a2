/* Graph glyphs (see glyphs.h): samples to braille, block or ASCII cells.
 *
 * Scaling: a column of `rows` cells has rows * steps dots (steps: 4 for
 * braille, 8 for blocks, 3 for ASCII). A sample v lights
 * ceil(v / scale * total) of them, at least 1 and at most total, so any
 * activity is visible and a zero still draws the baseline. */
#include "config.h"

#include "glyphs.h"

#include <math.h>
#include <strings.h>

/* Dots lit from the bottom: left column 7,3,2,1 and right column 8,6,5,4. */
static const unsigned braille_left[5] = {0x00, 0x40, 0x44, 0x46, 0x47};
static const unsigned braille_right[5] = {0x00, 0x80, 0xA0, 0xB0, 0xB8};

#define BRAILLE_BLANK 0x2800
#define BLOCK_LOWEST 0x2581 /* LOWER ONE EIGHTH BLOCK; + 7 is FULL BLOCK */

wchar_t glyph_braille(unsigned left, unsigned right)
{
    if (left > 4)
        left = 4;
    if (right > 4)
        right = 4;
    return (wchar_t)(BRAILLE_BLANK | braille_left[left] | braille_right[right]);
}

wchar_t glyph_block(unsigned eighths)
{
    if (eighths == 0)
        return L' ';
    if (eighths > 8)
        eighths = 8;
    return (wchar_t)(BLOCK_LOWEST + eighths - 1);
}

wchar_t glyph_ascii(unsigned level)
{
    static const wchar_t levels[4] = {L' ', L'.', L':', L'|'};
    return levels[level > 3 ? 3 : level];
}

unsigned glyph_steps_per_row(enum glyph_mode mode)
{
    switch (mode) {
    case GLYPH_BRAILLE:
        return 4;
    case GLYPH_BLOCK:
        return 8;
    case GLYPH_ASCII:
        return 3;
    }
    return 4;
}

unsigned glyph_samples_per_column(enum glyph_mode mode)
{
    return mode == GLYPH_BLOCK ? 1 : 2;
}

unsigned glyph_gradient_level(double fraction)
{
    if (!(fraction >= 1.0 / 3.0))
        return 0; /* also NaN */
    if (fraction < 2.0 / 3.0)
        return 1;
    return 2;
}

bool glyph_codeset_is_utf8(const char *codeset)
{
    return codeset && (strcasecmp(codeset, "UTF-8") == 0 || strcasecmp(codeset, "utf8") == 0);
}

enum glyph_mode glyph_mode_for_codeset(const char *codeset)
{
    return glyph_codeset_is_utf8(codeset) ? GLYPH_BRAILLE : GLYPH_ASCII;
}

/* Dots lit for v, or 0 for an absent sample. */
static unsigned height_of(double v, double scale, unsigned total)
{
    if (isnan(v))
        return 0;
    if (!(scale > 0) || !(v > 0))
        return 1;
    double frac = v / scale;
    if (frac >= 1.0)
        return total;
    /* The epsilon keeps exact multiples (0.5 of 8 dots) from rounding up. */
    double d = ceil(frac * total - 1e-9);
    if (d < 1)
        return 1;
    return d > total ? total : (unsigned)d;
}

/* Sample for slot s of the `slots` visible ones, NAN when absent. */
static double sample_at(const double *samples, size_t count, size_t slots, size_t s)
{
    if (count + s < slots)
        return NAN;
    return samples[count + s - slots];
}

/* Character for a cell whose column is lit `a` (and `b`) steps above the
 * cell's bottom edge, already clamped to 0..steps. */
static wchar_t cell_char(enum glyph_mode mode, unsigned a, unsigned b)
{
    switch (mode) {
    case GLYPH_BRAILLE:
        return a || b ? glyph_braille(a, b) : L' ';
    case GLYPH_BLOCK:
        return glyph_block(a);
    case GLYPH_ASCII:
        return glyph_ascii(a > b ? a : b);
    }
    return L' ';
}

static unsigned clamp_steps(unsigned height, unsigned base, unsigned steps)
{
    if (height <= base)
        return 0;
    return height - base >= steps ? steps : height - base;
}

double glyph_graph(const double *samples, size_t count, double max, unsigned rows, unsigned cols,
                   enum glyph_mode mode, struct glyph_cell *out)
{
    if (rows == 0 || cols == 0)
        return 0;
    unsigned spc = glyph_samples_per_column(mode);
    unsigned steps = glyph_steps_per_row(mode);
    unsigned total = rows * steps;
    size_t slots = (size_t)cols * spc;

    double scale = max;
    if (!(scale > 0)) {
        scale = 0;
        for (size_t s = 0; s < slots; s++) {
            double v = sample_at(samples, count, slots, s);
            if (!isnan(v) && v > scale)
                scale = v;
        }
    }

    for (unsigned c = 0; c < cols; c++) {
        double va = sample_at(samples, count, slots, (size_t)c * spc);
        double vb = spc > 1 ? sample_at(samples, count, slots, (size_t)c * spc + 1) : NAN;
        unsigned ha = height_of(va, scale, total);
        unsigned hb = height_of(vb, scale, total);
        /* The column's colour follows its higher sample. */
        double top = isnan(va) ? vb : (isnan(vb) || va > vb ? va : vb);
        unsigned level = scale > 0 && !isnan(top) ? glyph_gradient_level(top / scale) : 0;
        for (unsigned r = 0; r < rows; r++) {
            unsigned base = (rows - 1 - r) * steps; /* steps below this cell */
            struct glyph_cell *cell = &out[(size_t)r * cols + c];
            cell->ch = cell_char(mode, clamp_steps(ha, base, steps), clamp_steps(hb, base, steps));
            cell->level = cell->ch == L' ' ? 0 : (unsigned char)level;
        }
    }
    return scale;
}

void glyph_row_text(const struct glyph_cell *row, unsigned n, wchar_t *buf)
{
    for (unsigned i = 0; i < n; i++)
        buf[i] = row[i].ch;
    buf[n] = L'\0';
}
