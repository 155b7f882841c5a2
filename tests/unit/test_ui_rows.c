/* The table's rows: filter, stopped toggle, sort and invert, grouping by
 * compose project with sums and folding, and finding rows by key. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ui/rows.h"
#include "ui_fake.h"

static const struct fake_row rows[] = {
    {"shop-web", CONTAINER_STATE_RUNNING, "shop", 20, 100, NULL},
    {"shop-db", CONTAINER_STATE_RUNNING, "shop", 5, 400, NULL},
    {"blog-api", CONTAINER_STATE_RUNNING, "blog", 50, 200, NULL},
    {"cron", CONTAINER_STATE_EXITED, NULL, -1, -1, NULL},
    {"Alpha", CONTAINER_STATE_RUNNING, NULL, 1, 50, NULL},
};
#define NROWS (sizeof rows / sizeof rows[0])

static struct rows_params params(enum columns_id sort, bool reverse)
{
    struct rows_params p;
    memset(&p, 0, sizeof p);
    p.sort = sort;
    p.reverse = reverse;
    p.show_stopped = true;
    return p;
}

/* The names of the view's rows, "[project]" for project rows, joined. */
static void names(const struct rows_view *v, char *out, size_t size)
{
    out[0] = '\0';
    for (size_t i = 0; i < v->n; i++) {
        const struct rows_item *it = &v->items[i];
        const char *n = it->kind == ROWS_CONTAINER ? it->sc->c.name : NULL;
        char buf[64];
        if (n)
            snprintf(buf, sizeof buf, "%s%s", i ? " " : "", n);
        else
            snprintf(buf, sizeof buf, "%s[%s]", i ? " " : "",
                     v->groups[it->group].project ? v->groups[it->group].project : "-");
        strncat(out, buf, size - strlen(out) - 1);
    }
}

static void test_sort_and_invert(void **state)
{
    (void)state;
    struct snapshot *s = fake_snapshot(rows, NROWS);
    struct rows_view v;
    rows_init(&v);
    char got[512];
    struct rows_params p = params(COLUMNS_NAME, false);
    rows_build(&v, s, &p);
    names(&v, got, sizeof got);
    /* Case-insensitive A to Z. */
    assert_string_equal(got, "Alpha blog-api cron shop-db shop-web");
    p.reverse = true;
    rows_build(&v, s, &p);
    names(&v, got, sizeof got);
    assert_string_equal(got, "shop-web shop-db cron blog-api Alpha");
    /* CPU: largest first, no figure last; inverted, no figure still last. */
    p = params(COLUMNS_CPU, false);
    rows_build(&v, s, &p);
    names(&v, got, sizeof got);
    assert_string_equal(got, "blog-api shop-web shop-db Alpha cron");
    p.reverse = true;
    rows_build(&v, s, &p);
    names(&v, got, sizeof got);
    assert_string_equal(got, "Alpha shop-db shop-web blog-api cron");
    rows_done(&v);
    snapshot_unref(s);
}

static void test_filter_and_stopped(void **state)
{
    (void)state;
    struct snapshot *s = fake_snapshot(rows, NROWS);
    struct rows_view v;
    rows_init(&v);
    char got[512];
    struct rows_params p = params(COLUMNS_NAME, false);
    p.filter = "SHOP";
    rows_build(&v, s, &p);
    names(&v, got, sizeof got);
    assert_string_equal(got, "shop-db shop-web");
    assert_int_equal(v.matched, 2);
    assert_int_equal(v.total, NROWS);
    /* Image, project and id match too. */
    p.filter = "nginx";
    rows_build(&v, s, &p);
    assert_int_equal(v.n, 2);
    p.filter = "blog";
    rows_build(&v, s, &p);
    names(&v, got, sizeof got);
    assert_string_equal(got, "blog-api");
    p.filter = "00000004";
    rows_build(&v, s, &p);
    names(&v, got, sizeof got);
    assert_string_equal(got, "cron");
    p.filter = "nothing-like-it";
    rows_build(&v, s, &p);
    assert_int_equal(v.n, 0);
    /* Stopped ones hidden. */
    p.filter = "";
    p.show_stopped = false;
    rows_build(&v, s, &p);
    names(&v, got, sizeof got);
    assert_string_equal(got, "Alpha blog-api shop-db shop-web");
    rows_done(&v);
    snapshot_unref(s);
}

static void test_group_sums_and_folding(void **state)
{
    (void)state;
    struct snapshot *s = fake_snapshot(rows, NROWS);
    struct rows_view v;
    rows_init(&v);
    char got[512];
    struct rows_params p = params(COLUMNS_CPU, false);
    p.group = true;
    rows_build(&v, s, &p);
    names(&v, got, sizeof got);
    /* Projects by name, standalone last; inside, the sort column. */
    assert_string_equal(got, "[blog] blog-api [shop] shop-web shop-db [-] Alpha cron");
    assert_int_equal(v.ngroups, 3);
    const struct rows_group *shop = &v.groups[1];
    assert_string_equal(shop->project, "shop");
    assert_int_equal(shop->shown, 2);
    assert_int_equal(shop->running, 2);
    assert_true(shop->cpu_valid);
    assert_true(shop->cpu > 24.9 && shop->cpu < 25.1);
    assert_int_equal(shop->mem, 500);
    assert_int_equal(rows_find_project(&v, "shop"), 2);
    assert_int_equal(rows_find_project(&v, NULL), 5);
    assert_int_equal(rows_find_project(&v, "nope"), -1);

    /* Folded: the project row stays, its containers go. */
    const char *folded[] = {"shop"};
    p.collapsed = folded;
    p.ncollapsed = 1;
    rows_build(&v, s, &p);
    names(&v, got, sizeof got);
    assert_string_equal(got, "[blog] blog-api [shop] [-] Alpha cron");
    assert_true(v.groups[1].collapsed);
    assert_int_equal(v.groups[1].shown, 2);
    p.collapse_standalone = true;
    rows_build(&v, s, &p);
    names(&v, got, sizeof got);
    assert_string_equal(got, "[blog] blog-api [shop] [-]");

    /* A filter that leaves a project empty drops its row. */
    p.ncollapsed = 0;
    p.collapse_standalone = false;
    p.filter = "shop";
    rows_build(&v, s, &p);
    names(&v, got, sizeof got);
    assert_string_equal(got, "[shop] shop-web shop-db");
    rows_done(&v);
    snapshot_unref(s);
}

static void test_find_container(void **state)
{
    (void)state;
    struct snapshot *s = fake_snapshot(rows, NROWS);
    struct rows_view v;
    rows_init(&v);
    struct rows_params p = params(COLUMNS_NAME, false);
    rows_build(&v, s, &p);
    char id[65];
    fake_id(id, 3); /* blog-api */
    assert_int_equal(rows_find_container(&v, id), 1);
    p.reverse = true;
    rows_build(&v, s, &p);
    assert_int_equal(rows_find_container(&v, id), 3);
    fake_id(id, 99);
    assert_int_equal(rows_find_container(&v, id), -1);
    rows_build(&v, NULL, &p);
    assert_int_equal(v.n, 0);
    rows_done(&v);
    snapshot_unref(s);
}

/* Thousands of containers: one build sorts them all, and the order is
 * total (ties broken by name then id). */
static void test_many(void **state)
{
    (void)state;
    enum { N = 5000 };
    struct fake_row *many = calloc(N, sizeof *many);
    char(*nm)[16] = calloc(N, sizeof *nm);
    for (int i = 0; i < N; i++) {
        snprintf(nm[i], sizeof nm[i], "c%05d", (i * 7919) % N);
        many[i] = (struct fake_row){
            nm[i], CONTAINER_STATE_RUNNING, i % 3 ? "p" : NULL, (double)(i % 10), 1, NULL};
    }
    struct snapshot *s = fake_snapshot(many, N);
    struct rows_view v;
    rows_init(&v);
    struct rows_params p = params(COLUMNS_CPU, false);
    rows_build(&v, s, &p);
    assert_int_equal(v.n, N);
    for (size_t i = 1; i < v.n; i++)
        assert_true(columns_compare(COLUMNS_CPU, false, v.items[i - 1].sc, v.items[i].sc) < 0);
    rows_done(&v);
    snapshot_unref(s);
    free(many);
    free(nm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sort_and_invert),
        cmocka_unit_test(test_filter_and_stopped),
        cmocka_unit_test(test_group_sums_and_folding),
        cmocka_unit_test(test_find_container),
        cmocka_unit_test(test_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
