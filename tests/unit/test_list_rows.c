/* The list panels' rows: filter, sort (and its reverse), the selection kept
 * by key across a rebuild with other items, clamping at both ends, and the
 * moving and sorting actions. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "xalloc.h"
#include "ui/list_rows.h"
#include "ui/ui.h"

struct thing {
    const char *name;
    int size;
};

static int thing_cmp(const void *a, const void *b, int sort)
{
    const struct thing *x = a, *y = b;
    int c = sort == 1 ? (x->size > y->size) - (x->size < y->size) : 0;
    return c ? c : strcmp(x->name, y->name);
}

static bool thing_match(const void *item, const char *filter)
{
    return strstr(((const struct thing *)item)->name, filter) != NULL;
}

static const char *thing_key(const void *item)
{
    return ((const struct thing *)item)->name;
}

static const char *const thing_sorts[] = {"name", "size"};

static const struct list_rows_spec thing_spec = {
    .noun = "Things",
    .sort_names = thing_sorts,
    .nsort = 2,
    .item_size = sizeof(struct thing),
    .match = thing_match,
    .compare = thing_cmp,
    .key = thing_key,
};

static const struct thing things[] = {
    {"delta", 4}, {"alpha", 30}, {"charlie", 10}, {"bravo", 20}, {"echo", 1},
};
#define NTHINGS (sizeof things / sizeof things[0])

/* The names of the rows, space separated. */
static void row_names(const struct list_rows *r, char *out, size_t size)
{
    out[0] = '\0';
    for (size_t i = 0; i < r->n; i++) {
        size_t len = strlen(out);
        snprintf(out + len, size - len, "%s%s", len ? " " : "",
                 ((const struct thing *)list_rows_item(r, i))->name);
    }
}

static const char *selected_name(const struct list_rows *r, size_t *at)
{
    const struct thing *t = list_rows_selected(r, at);
    return t ? t->name : NULL;
}

static void test_filter_and_sort(void **state)
{
    (void)state;
    struct list_rows r;
    char names[256];
    list_rows_init(&r, &thing_spec);
    list_rows_set_items(&r, things, NTHINGS, "");
    row_names(&r, names, sizeof names);
    assert_string_equal(names, "alpha bravo charlie delta echo");

    list_rows_set_items(&r, things, NTHINGS, "a");
    row_names(&r, names, sizeof names);
    assert_string_equal(names, "alpha bravo charlie delta");

    list_rows_set_items(&r, things, NTHINGS, "ch");
    row_names(&r, names, sizeof names);
    assert_string_equal(names, "charlie echo");

    list_rows_set_items(&r, things, NTHINGS, "zzz");
    assert_int_equal(r.n, 0);
    assert_null(list_rows_selected(&r, NULL));

    r.sort = 1;
    list_rows_rebuild(&r, "");
    row_names(&r, names, sizeof names);
    assert_string_equal(names, "echo delta charlie bravo alpha");
    r.reverse = true;
    list_rows_rebuild(&r, "");
    row_names(&r, names, sizeof names);
    assert_string_equal(names, "alpha bravo charlie delta echo");
    list_rows_done(&r);
}

static void test_selection_kept_by_key(void **state)
{
    (void)state;
    struct list_rows r;
    size_t at = 99;
    list_rows_init(&r, &thing_spec);
    list_rows_set_items(&r, things, NTHINGS, "");
    /* Nothing chosen yet: the first row. */
    assert_string_equal(selected_name(&r, &at), "alpha");
    assert_int_equal(at, 0);
    list_rows_select_at(&r, 2);
    assert_string_equal(r.sel, "charlie");

    /* A refresh with other items in another order: still charlie. */
    struct thing again[] = {{"zulu", 1}, {"charlie", 10}, {"aardvark", 2}, {"bravo", 20}};
    list_rows_set_items(&r, again, 4, "");
    assert_string_equal(selected_name(&r, &at), "charlie");
    assert_int_equal(at, 2); /* aardvark bravo charlie zulu */

    /* Sorted otherwise: it moves with its key. */
    r.sort = 1;
    list_rows_rebuild(&r, "");
    assert_string_equal(selected_name(&r, &at), "charlie");
    assert_int_equal(at, 2); /* zulu aardvark charlie bravo */

    /* Filtered out: the first row shows, the key stays for later. */
    list_rows_rebuild(&r, "u");
    assert_string_equal(selected_name(&r, &at), "zulu");
    assert_int_equal(at, 0);
    assert_string_equal(r.sel, "charlie");
    list_rows_rebuild(&r, "");
    assert_string_equal(selected_name(&r, NULL), "charlie");

    list_rows_select(&r, "bravo");
    assert_string_equal(selected_name(&r, &at), "bravo");
    assert_int_equal(at, 3);
    list_rows_done(&r);
}

static void test_clamping(void **state)
{
    (void)state;
    struct list_rows r;
    size_t at;
    list_rows_init(&r, &thing_spec);
    /* No rows: selecting does nothing. */
    list_rows_set_items(&r, NULL, 0, "");
    list_rows_select_at(&r, 3);
    assert_string_equal(r.sel, "");
    assert_null(list_rows_selected(&r, NULL));

    list_rows_set_items(&r, things, NTHINGS, "");
    list_rows_select_at(&r, 1000);
    assert_string_equal(selected_name(&r, &at), "echo");
    assert_int_equal(at, NTHINGS - 1);
    list_rows_select_at(&r, 0);
    assert_string_equal(selected_name(&r, &at), "alpha");

    /* Scrolling keeps the row inside the window. */
    r.top = 0;
    list_rows_scroll(&r, 4, 2);
    assert_int_equal(r.top, 3);
    list_rows_scroll(&r, 1, 2);
    assert_int_equal(r.top, 1);
    list_rows_scroll(&r, 2, 2);
    assert_int_equal(r.top, 1);
    list_rows_done(&r);
}

static void test_actions(void **state)
{
    (void)state;
    struct ui *ui = xcalloc(1, sizeof *ui);
    ui->layout.main.h = 5; /* a page of 2 rows */
    struct list_rows r;
    size_t at;
    list_rows_init(&r, &thing_spec);
    list_rows_update(&r, ui, things, NTHINGS);

    assert_int_equal(list_rows_action(&r, ui, ACTION_SELECT_UP), UI_REDRAW);
    assert_string_equal(selected_name(&r, NULL), "alpha");
    list_rows_action(&r, ui, ACTION_SELECT_DOWN);
    assert_string_equal(selected_name(&r, NULL), "bravo");
    list_rows_action(&r, ui, ACTION_PAGE_DOWN);
    assert_string_equal(selected_name(&r, NULL), "delta");
    list_rows_action(&r, ui, ACTION_PAGE_DOWN);
    assert_string_equal(selected_name(&r, NULL), "echo");
    list_rows_action(&r, ui, ACTION_SELECT_DOWN);
    assert_string_equal(selected_name(&r, NULL), "echo");
    list_rows_action(&r, ui, ACTION_PAGE_UP);
    assert_string_equal(selected_name(&r, NULL), "charlie");
    list_rows_action(&r, ui, ACTION_HOME);
    assert_string_equal(selected_name(&r, NULL), "alpha");
    list_rows_action(&r, ui, ACTION_END);
    assert_string_equal(selected_name(&r, NULL), "echo");

    list_rows_action(&r, ui, ACTION_SORT_NEXT);
    assert_int_equal(r.sort, 1);
    assert_string_equal(ui->status, "Things sorted by size");
    assert_string_equal(selected_name(&r, &at), "echo");
    assert_int_equal(at, 0);
    list_rows_action(&r, ui, ACTION_SORT_INVERT);
    assert_true(r.reverse);
    assert_string_equal(selected_name(&r, &at), "echo");
    assert_int_equal(at, NTHINGS - 1);
    list_rows_action(&r, ui, ACTION_SORT_PREV);
    assert_int_equal(r.sort, 0);
    assert_string_equal(ui->status, "Things sorted by name");
    list_rows_action(&r, ui, ACTION_SORT_PREV);
    assert_int_equal(r.sort, 1);

    assert_int_equal(list_rows_action(&r, ui, ACTION_REMOVE), UI_IGNORED);

    /* A new filter moves the table's gen: sync rebuilds once. */
    snprintf(ui->table.filter, sizeof ui->table.filter, "ha");
    ui->table.gen++;
    list_rows_sync(&r, ui);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.table_gen, ui->table.gen);
    list_rows_done(&r);
    free(ui);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filter_and_sort),
        cmocka_unit_test(test_selection_kept_by_key),
        cmocka_unit_test(test_clamping),
        cmocka_unit_test(test_actions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
