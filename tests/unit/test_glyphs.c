/* Graph glyphs: exact braille and block code points, scaling, the
 * baseline, absent samples, gradient levels and the ASCII fallback. */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ui/glyphs.h"

#define MAX_CELLS 64

/* Fill cells with junk, then render into them. */
static void render(const double *s, size_t n, double max, unsigned rows, unsigned cols,
                   enum glyph_mode mode, struct glyph_cell *cells)
{
    assert_true(rows * cols <= MAX_CELLS);
    for (size_t i = 0; i < MAX_CELLS; i++)
        cells[i] = (struct glyph_cell){L'?', 9};
    glyph_graph(s, n, max, rows, cols, mode, cells);
}

static void test_braille_code_points(void **state)
{
    (void)state;
    assert_int_equal(glyph_braille(0, 0), 0x2800);
    assert_int_equal(glyph_braille(1, 0), 0x2840);
    assert_int_equal(glyph_braille(2, 0), 0x2844);
    assert_int_equal(glyph_braille(3, 0), 0x2846);
    assert_int_equal(glyph_braille(4, 0), 0x2847);
    assert_int_equal(glyph_braille(0, 1), 0x2880);
    assert_int_equal(glyph_braille(0, 2), 0x28A0);
    assert_int_equal(glyph_braille(0, 3), 0x28B0);
    assert_int_equal(glyph_braille(0, 4), 0x28B8);
    assert_int_equal(glyph_braille(1, 1), 0x28C0); /* ⣀ the baseline */
    assert_int_equal(glyph_braille(2, 3), 0x28F4);
    assert_int_equal(glyph_braille(4, 4), 0x28FF); /* ⣿ */
    assert_int_equal(glyph_braille(9, 7), 0x28FF); /* clamped */
}

static void test_block_and_ascii_glyphs(void **state)
{
    (void)state;
    assert_int_equal(glyph_block(0), L' ');
    assert_int_equal(glyph_block(1), 0x2581);
    assert_int_equal(glyph_block(4), 0x2584);
    assert_int_equal(glyph_block(8), 0x2588);
    assert_int_equal(glyph_block(12), 0x2588);
    assert_int_equal(glyph_ascii(0), L' ');
    assert_int_equal(glyph_ascii(1), L'.');
    assert_int_equal(glyph_ascii(2), L':');
    assert_int_equal(glyph_ascii(3), L'|');
    assert_int_equal(glyph_steps_per_row(GLYPH_BRAILLE), 4);
    assert_int_equal(glyph_steps_per_row(GLYPH_BLOCK), 8);
    assert_int_equal(glyph_steps_per_row(GLYPH_ASCII), 3);
    assert_int_equal(glyph_samples_per_column(GLYPH_BRAILLE), 2);
    assert_int_equal(glyph_samples_per_column(GLYPH_BLOCK), 1);
    assert_int_equal(glyph_samples_per_column(GLYPH_ASCII), 2);
}

static void test_scaling_one_row(void **state)
{
    (void)state;
    struct glyph_cell c[MAX_CELLS];
    /* Two samples per column; 4 dots per cell: 0 -> 1 (baseline), 25 -> 1,
     * 50 -> 2, 100 -> 4. */
    const double s[] = {0, 25, 50, 100};
    render(s, 4, 100, 1, 2, GLYPH_BRAILLE, c);
    assert_int_equal(c[0].ch, 0x28C0);
    assert_int_equal(c[1].ch, 0x28FC); /* L[2] | R[4] */
    /* Over the maximum clamps; 26 of 100 needs a second dot (ceil). */
    const double t[] = {26, 500};
    render(t, 2, 100, 1, 1, GLYPH_BRAILLE, c);
    assert_int_equal(c[0].ch, glyph_braille(2, 4));
}

static void test_scaling_rows(void **state)
{
    (void)state;
    struct glyph_cell c[MAX_CELLS];
    /* 3 rows = 12 dots: 100 -> 12, 50 -> 6 (exact, not 7). */
    const double s[] = {100, 50};
    render(s, 2, 100, 3, 1, GLYPH_BRAILLE, c);
    assert_int_equal(c[0].ch, glyph_braille(4, 0)); /* top: dots 9-12 */
    assert_int_equal(c[1].ch, glyph_braille(4, 2)); /* middle: 5-8 */
    assert_int_equal(c[2].ch, glyph_braille(4, 4)); /* bottom: 1-4 */
    /* Only the bottom row shows a flat zero line. */
    const double z[] = {0, 0, 0, 0};
    render(z, 4, 100, 3, 2, GLYPH_BRAILLE, c);
    for (unsigned col = 0; col < 2; col++) {
        assert_int_equal(c[0 * 2 + col].ch, L' ');
        assert_int_equal(c[1 * 2 + col].ch, L' ');
        assert_int_equal(c[2 * 2 + col].ch, 0x28C0);
    }
}

static void test_absent_samples_blank(void **state)
{
    (void)state;
    struct glyph_cell c[MAX_CELLS];
    /* One sample, three columns: only the newest (rightmost, right dot) shows. */
    const double s[] = {100};
    render(s, 1, 100, 1, 3, GLYPH_BRAILLE, c);
    assert_int_equal(c[0].ch, L' ');
    assert_int_equal(c[1].ch, L' ');
    assert_int_equal(c[2].ch, glyph_braille(0, 4));
    /* NaN is a gap; negatives are zero. */
    const double g[] = {NAN, -5};
    render(g, 2, 10, 1, 1, GLYPH_BRAILLE, c);
    assert_int_equal(c[0].ch, glyph_braille(0, 1));
    /* The newest samples win when there are more than fit. */
    const double many[] = {0, 100, 100, 0, 0};
    render(many, 5, 100, 1, 2, GLYPH_BRAILLE, c);
    assert_int_equal(c[0].ch, glyph_braille(4, 4));
    assert_int_equal(c[1].ch, glyph_braille(1, 1));
    /* Nothing at all is written for an empty area. */
    c[0].ch = L'?';
    assert_true(fabs(glyph_graph(s, 1, 100, 0, 3, GLYPH_BRAILLE, c)) < 1e-12);
    assert_int_equal(c[0].ch, L'?');
}

static void test_autoscale(void **state)
{
    (void)state;
    struct glyph_cell c[MAX_CELLS];
    const double s[] = {2, 4};
    double scale = glyph_graph(s, 2, 0, 1, 1, GLYPH_BRAILLE, c);
    assert_true(fabs(scale - 4) < 1e-12);
    assert_int_equal(c[0].ch, glyph_braille(2, 4));
    const double z[] = {0, 0};
    scale = glyph_graph(z, 2, -1, 1, 1, GLYPH_BRAILLE, c);
    assert_true(fabs(scale) < 1e-12);
    assert_int_equal(c[0].ch, glyph_braille(1, 1));
    scale = glyph_graph(s, 2, NAN, 1, 1, GLYPH_BRAILLE, c);
    assert_true(fabs(scale - 4) < 1e-12);
}

static void test_gradient_levels(void **state)
{
    (void)state;
    assert_int_equal(glyph_gradient_level(0), 0);
    assert_int_equal(glyph_gradient_level(0.33), 0);
    assert_int_equal(glyph_gradient_level(0.34), 1);
    assert_int_equal(glyph_gradient_level(0.66), 1);
    assert_int_equal(glyph_gradient_level(0.67), 2);
    assert_int_equal(glyph_gradient_level(1.5), 2);
    assert_int_equal(glyph_gradient_level(-1), 0);
    assert_int_equal(glyph_gradient_level(NAN), 0);

    struct glyph_cell c[MAX_CELLS];
    /* Columns peak at 10, 50 and 90 of 100; two rows. */
    const double s[] = {10, 5, 50, 20, 0, 90};
    render(s, 6, 100, 2, 3, GLYPH_BRAILLE, c);
    assert_int_equal(c[3 + 0].level, 0);
    assert_int_equal(c[3 + 1].level, 1);
    assert_int_equal(c[3 + 2].level, 2);
    /* Cells above a low column are blank and carry level 0. */
    assert_int_equal(c[0].ch, L' ');
    assert_int_equal(c[0].level, 0);
    assert_int_equal(c[2].ch, glyph_braille(0, 4)); /* 90 of 8 dots: 8 */
    assert_int_equal(c[2].level, 2);
}

static void test_block_sparkline(void **state)
{
    (void)state;
    struct glyph_cell c[MAX_CELLS];
    const double s[] = {0, 50, 100, 1};
    render(s, 4, 100, 1, 4, GLYPH_BLOCK, c);
    assert_int_equal(c[0].ch, 0x2581);
    assert_int_equal(c[1].ch, 0x2584);
    assert_int_equal(c[2].ch, 0x2588);
    assert_int_equal(c[3].ch, 0x2581);
    /* Two rows: 75 of 16 eighths is 12: a full bottom, half a top. */
    const double t[] = {75};
    render(t, 1, 100, 2, 1, GLYPH_BLOCK, c);
    assert_int_equal(c[0].ch, 0x2584);
    assert_int_equal(c[1].ch, 0x2588);
}

static void test_ascii_fallback(void **state)
{
    (void)state;
    assert_int_equal(glyph_mode_for_codeset("UTF-8"), GLYPH_BRAILLE);
    assert_int_equal(glyph_mode_for_codeset("utf8"), GLYPH_BRAILLE);
    assert_int_equal(glyph_mode_for_codeset("ANSI_X3.4-1968"), GLYPH_ASCII);
    assert_int_equal(glyph_mode_for_codeset("ISO-8859-1"), GLYPH_ASCII);
    assert_int_equal(glyph_mode_for_codeset(NULL), GLYPH_ASCII);
    assert_true(glyph_codeset_is_utf8("UTF-8"));
    assert_false(glyph_codeset_is_utf8("UTF-16"));

    struct glyph_cell c[MAX_CELLS];
    /* Pairs (0,0), (10,34), (67,100): the higher of each pair, 3 levels. */
    const double s[] = {0, 0, 10, 34, 67, 100};
    render(s, 6, 100, 1, 3, GLYPH_ASCII, c);
    assert_int_equal(c[0].ch, L'.');
    assert_int_equal(c[1].ch, L':');
    assert_int_equal(c[2].ch, L'|');
    /* Two rows: 6 steps; 50 -> 3: a full bottom cell, empty top. */
    const double t[] = {50, 0, 100, 100};
    render(t, 4, 100, 2, 2, GLYPH_ASCII, c);
    assert_int_equal(c[0].ch, L' ');
    assert_int_equal(c[2].ch, L'|');
    assert_int_equal(c[1].ch, L'|');
    assert_int_equal(c[3].ch, L'|');
    for (unsigned i = 0; i < 4; i++)
        assert_true(c[i].ch < 0x80);

    wchar_t text[8];
    glyph_row_text(c + 2, 2, text);
    assert_true(wcscmp(text, L"||") == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_braille_code_points),  cmocka_unit_test(test_block_and_ascii_glyphs),
        cmocka_unit_test(test_scaling_one_row),      cmocka_unit_test(test_scaling_rows),
        cmocka_unit_test(test_absent_samples_blank), cmocka_unit_test(test_autoscale),
        cmocka_unit_test(test_gradient_levels),      cmocka_unit_test(test_block_sparkline),
        cmocka_unit_test(test_ascii_fallback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
