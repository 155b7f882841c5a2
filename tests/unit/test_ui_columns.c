/* The column registry: its invariants, the config check, sort keys and
 * order, the uptime parser and the column layout. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <math.h>

#include "conf.h"
#include "ui/columns.h"
#include "ui_fake.h"

static void test_registry_invariants(void **state)
{
    (void)state;
    for (int i = 0; i < COLUMNS_COUNT; i++) {
        const struct columns_def *d = columns_get((enum columns_id)i);
        assert_non_null(d);
        assert_int_equal(d->id, i);
        assert_int_equal(columns_find(d->name), i);
        assert_true(d->min_width <= d->width);
        assert_true(d->width <= d->max_width);
        assert_true((int)strlen(d->title) <= d->width);
        assert_non_null(d->key);
        assert_non_null(d->cell);
        assert_non_null(d->help);
        for (int k = 0; k < i; k++)
            assert_string_not_equal(columns_get((enum columns_id)k)->name, d->name);
    }
    assert_null(columns_get(COLUMNS_COUNT));
    assert_int_equal(columns_find("bogus"), -1);
}

/* Every column the shipped defaults name exists, and the config parser
 * rejects the ones that do not. */
static void test_config_names_validate(void **state)
{
    (void)state;
    struct conf_validators v = {.ctx = NULL, .column = columns_conf_check};
    struct conf c;
    struct conf_diags d;
    conf_diags_init(&d);
    conf_init(&c);
    assert_int_equal(conf_load_defaults(&c, &v, &d), 0);
    assert_true(c.ncolumns > 0);
    for (size_t i = 0; i < c.ncolumns; i++)
        assert_true(columns_find(c.columns[i]) >= 0);
    assert_true(columns_find(c.sort) >= 0);
    assert_int_equal(
        conf_parse_string(&c, "u.conf", "set columns name,cpuz\nset sort nope\n", &v, &d), 2);
    assert_int_equal(d.count, 2);
    assert_non_null(strstr(d.lines[0], "u.conf:1:"));
    assert_non_null(strstr(d.lines[0], "cpuz"));
    conf_done(&c);
    conf_diags_done(&d);
}

static bool near(double a, double b)
{
    return fabs(a - b) < 1e-9;
}

static void test_uptime_parse(void **state)
{
    (void)state;
    char text[64];
    assert_true(near(columns_uptime("Up 5 minutes", text, sizeof text), 300));
    assert_string_equal(text, "5 minutes");
    assert_true(near(columns_uptime("Up About an hour (healthy)", text, sizeof text), 3600));
    assert_string_equal(text, "About an hour");
    assert_true(near(columns_uptime("Up 2 days (Paused)", NULL, 0), 2 * 86400));
    assert_true(columns_uptime("Up Less than a second", NULL, 0) < 1);
    assert_true(columns_uptime("Exited (0) 5 minutes ago", text, sizeof text) < 0);
    assert_string_equal(text, "");
    assert_true(columns_uptime(NULL, NULL, 0) < 0);
}

static void test_compare_natural_order(void **state)
{
    (void)state;
    const struct fake_row rows[] = {
        {"beta", CONTAINER_STATE_RUNNING, NULL, 50, 100, NULL},
        {"alpha", CONTAINER_STATE_RUNNING, NULL, 10, 300, NULL},
        {"gamma", CONTAINER_STATE_EXITED, NULL, -1, -1, NULL},
    };
    struct snapshot *s = fake_snapshot(rows, 3);
    const struct snapshot_container *beta = &s->containers[0], *alpha = &s->containers[1],
                                    *gamma = &s->containers[2];
    /* Names A to Z; reverse flips. */
    assert_true(columns_compare(COLUMNS_NAME, false, alpha, beta) < 0);
    assert_true(columns_compare(COLUMNS_NAME, true, alpha, beta) > 0);
    /* Numbers largest first; reverse flips. */
    assert_true(columns_compare(COLUMNS_CPU, false, beta, alpha) < 0);
    assert_true(columns_compare(COLUMNS_CPU, true, beta, alpha) > 0);
    assert_true(columns_compare(COLUMNS_MEM, false, alpha, beta) < 0);
    /* No figure: last both ways. */
    assert_true(columns_compare(COLUMNS_CPU, false, alpha, gamma) < 0);
    assert_true(columns_compare(COLUMNS_CPU, true, alpha, gamma) < 0);
    /* Running before exited in the state column. */
    assert_true(columns_compare(COLUMNS_STATE, false, alpha, gamma) < 0);
    /* Ties fall back to the name. */
    assert_true(columns_compare(COLUMNS_IMAGE, false, beta, beta) == 0);
    snapshot_unref(s);
}

static void test_cells(void **state)
{
    (void)state;
    const struct fake_row rows[] = {
        {"web", CONTAINER_STATE_RUNNING, "shop", 12.345, 1921024, NULL},
        {"old", CONTAINER_STATE_EXITED, NULL, -1, -1, NULL},
    };
    struct snapshot *s = fake_snapshot(rows, 2);
    char buf[COLUMNS_CELL_MAX];
    const struct columns_def *cpu = columns_get(COLUMNS_CPU), *mem = columns_get(COLUMNS_MEM);
    assert_string_equal(cpu->cell(&s->containers[0], 0, buf), "12.35%");
    assert_string_equal(mem->cell(&s->containers[0], 0, buf), "1.832MiB / 1GiB");
    assert_string_equal(cpu->cell(&s->containers[1], 0, buf), "-");
    assert_string_equal(columns_get(COLUMNS_ID)->cell(&s->containers[0], 0, buf), "000000010000");
    assert_string_equal(columns_get(COLUMNS_UPTIME)->cell(&s->containers[0], 0, buf), "5 minutes");
    assert_string_equal(columns_get(COLUMNS_PROJECT)->cell(&s->containers[0], 0, buf), "shop");
    snapshot_unref(s);
}

static void test_layout_fits_and_drops(void **state)
{
    (void)state;
    const int ids[] = {COLUMNS_NAME, COLUMNS_STATE, COLUMNS_CPU, COLUMNS_MEM, COLUMNS_ID};
    struct columns_slot s[COLUMNS_COUNT];
    /* Wide: all columns, in order, inside the line, no overlap. */
    size_t n = columns_layout(ids, 5, 200, false, s);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(s[i].id, ids[i]);
        assert_true(s[i].x + s[i].width <= 200);
        if (i > 0)
            assert_true(s[i].x >= s[i - 1].x + s[i - 1].width + 1);
    }
    /* The name, being flexible, took the spare room up to its maximum. */
    assert_int_equal(s[0].width, columns_get(COLUMNS_NAME)->max_width);
    /* 50 cells: name, state, then CPU; the rest left out. */
    n = columns_layout(ids, 5, 50, false, s);
    assert_int_equal(n, 3);
    assert_true(s[2].x + s[2].width <= 50);
    /* Narrower than the first column: it is kept, cut. */
    n = columns_layout(ids, 5, 5, false, s);
    assert_int_equal(n, 1);
    assert_int_equal(s[0].width, 5);
    assert_int_equal(columns_layout(ids, 5, 0, false, s), 0);
}

static void test_layout_bars(void **state)
{
    (void)state;
    const int ids[] = {COLUMNS_NAME, COLUMNS_CPU, COLUMNS_MEM};
    struct columns_slot s[COLUMNS_COUNT];
    size_t n = columns_layout(ids, 3, 160, true, s);
    assert_int_equal(n, 3);
    assert_int_equal(s[0].bar, 0);
    assert_true(s[1].bar >= 6);
    assert_true(s[2].bar >= 6);
    assert_int_equal(s[1].width, columns_get(COLUMNS_CPU)->width + s[1].bar);
    n = columns_layout(ids, 3, 160, false, s);
    assert_int_equal(s[1].bar, 0);
    assert_int_equal(s[2].bar, 0);
}

static void test_slot_at(void **state)
{
    (void)state;
    const int ids[] = {COLUMNS_NAME, COLUMNS_STATE};
    struct columns_slot s[COLUMNS_COUNT];
    size_t n = columns_layout(ids, 2, 60, false, s);
    assert_int_equal(columns_slot_at(s, n, 0), 0);
    assert_int_equal(columns_slot_at(s, n, s[1].x), 1);
    assert_int_equal(columns_slot_at(s, n, s[1].x + s[1].width - 1), 1);
    assert_int_equal(columns_slot_at(s, n, s[1].x + s[1].width + 5), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_invariants),
        cmocka_unit_test(test_config_names_validate),
        cmocka_unit_test(test_uptime_parse),
        cmocka_unit_test(test_compare_natural_order),
        cmocka_unit_test(test_cells),
        cmocka_unit_test(test_layout_fits_and_drops),
        cmocka_unit_test(test_layout_bars),
        cmocka_unit_test(test_slot_at),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
