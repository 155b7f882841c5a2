/* The screen layout at every size from the minimum up (inside the
 * screen, no overlap, nothing lost), the too-small cut-off, and the
 * mouse mapping from a screen line to a table row. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ui/layout.h"

static void check_rect_inside(const struct ui_rect *r, int rows, int cols)
{
    if (r->h == 0)
        return;
    assert_true(r->y >= 0 && r->x >= 0 && r->w > 0 && r->h > 0);
    assert_true(r->y + r->h <= rows);
    assert_true(r->x + r->w <= cols);
}

static void test_every_size(void **state)
{
    (void)state;
    for (int rows = LAYOUT_MIN_ROWS; rows <= 80; rows++) {
        for (int cols = LAYOUT_MIN_COLS; cols <= 300; cols += 7) {
            for (int banner = 0; banner < 2; banner++) {
                struct layout l;
                layout_compute(&l, rows, cols, banner);
                assert_false(l.too_small);
                const struct ui_rect *parts[] = {&l.header, &l.banner, &l.main, &l.status,
                                                 &l.footer};
                int lines = 0;
                for (size_t i = 0; i < 5; i++) {
                    check_rect_inside(parts[i], rows, cols);
                    lines += parts[i]->h;
                }
                /* Top to bottom, touching, every line used once. */
                assert_int_equal(lines, rows);
                assert_int_equal(l.header.y, 0);
                assert_int_equal(l.banner.h, banner);
                assert_int_equal(l.main.y, l.header.h + l.banner.h);
                assert_int_equal(l.status.y, l.main.y + l.main.h);
                assert_int_equal(l.footer.y, rows - 1);
                /* The table keeps its title and at least 4 rows. */
                assert_true(l.main.h >= 5);
            }
        }
    }
}

static void test_too_small(void **state)
{
    (void)state;
    struct layout l;
    layout_compute(&l, LAYOUT_MIN_ROWS - 1, 100, false);
    assert_true(l.too_small);
    assert_int_equal(l.main.h, 0);
    layout_compute(&l, 50, LAYOUT_MIN_COLS - 1, true);
    assert_true(l.too_small);
    layout_compute(&l, LAYOUT_MIN_ROWS, LAYOUT_MIN_COLS, true);
    assert_false(l.too_small);
}

/* A click on screen line y selects the row drawn there. */
static void test_mouse_row_mapping(void **state)
{
    (void)state;
    struct layout l;
    layout_compute(&l, 30, 100, false);
    const struct ui_rect *t = &l.main;
    /* Title line: the column headers. */
    assert_int_equal(layout_table_hit(t, 0, 100, t->y), LAYOUT_HIT_TITLE);
    /* First row under it, scrolled view offsets by top. */
    assert_int_equal(layout_table_hit(t, 0, 100, t->y + 1), 0);
    assert_int_equal(layout_table_hit(t, 0, 100, t->y + 5), 4);
    assert_int_equal(layout_table_hit(t, 40, 100, t->y + 5), 44);
    /* Below the last row, or outside the table. */
    assert_int_equal(layout_table_hit(t, 0, 3, t->y + 5), LAYOUT_HIT_NONE);
    assert_int_equal(layout_table_hit(t, 0, 100, t->y - 1), LAYOUT_HIT_NONE);
    assert_int_equal(layout_table_hit(t, 0, 100, l.status.y), LAYOUT_HIT_NONE);
    assert_true(layout_contains(t, t->y, 0));
    assert_false(layout_contains(t, l.footer.y, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_size),
        cmocka_unit_test(test_too_small),
        cmocka_unit_test(test_mouse_row_mapping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
