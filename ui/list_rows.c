/* The rows of a list panel (see list_rows.h).
 *
 * Sorting uses qsort_r with the rows themselves as the context, so two
 * panels (or a panel and its test) never share a file-scope sort state. */
#include "config.h"

#include "list_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "ui/prompt.h"
#include "ui/ui.h"

static const void *list_rows_at(const struct list_rows *r, size_t index)
{
    return (const char *)r->items + index * r->spec->item_size;
}

static int list_rows_cmp(const void *a, const void *b, void *ctx)
{
    const struct list_rows *r = ctx;
    int c = r->spec->compare(list_rows_at(r, *(const size_t *)a),
                             list_rows_at(r, *(const size_t *)b), r->sort);
    return r->reverse ? -c : c;
}

void list_rows_init(struct list_rows *r, const struct list_rows_spec *spec)
{
    memset(r, 0, sizeof *r);
    r->spec = spec;
}

void list_rows_done(struct list_rows *r)
{
    free(r->idx);
    r->idx = NULL;
    r->n = 0;
}

void list_rows_rebuild(struct list_rows *r, const char *filter)
{
    free(r->idx);
    r->idx = xcalloc(r->nitems + 1, sizeof *r->idx);
    r->n = 0;
    for (size_t i = 0; i < r->nitems; i++)
        if (!filter[0] || r->spec->match(list_rows_at(r, i), filter))
            r->idx[r->n++] = i;
    qsort_r(r->idx, r->n, sizeof *r->idx, list_rows_cmp, r);
}

void list_rows_set_items(struct list_rows *r, const void *items, size_t n, const char *filter)
{
    r->items = items;
    r->nitems = items ? n : 0;
    list_rows_rebuild(r, filter);
}

const void *list_rows_item(const struct list_rows *r, size_t i)
{
    return list_rows_at(r, r->idx[i]);
}

const void *list_rows_selected(const struct list_rows *r, size_t *at)
{
    size_t i = 0;
    while (i < r->n && strcmp(r->spec->key(list_rows_item(r, i)), r->sel) != 0)
        i++;
    if (i == r->n)
        i = 0;
    if (at)
        *at = i;
    return r->n ? list_rows_item(r, i) : NULL;
}

void list_rows_select_at(struct list_rows *r, size_t i)
{
    if (r->n == 0)
        return;
    if (i >= r->n)
        i = r->n - 1;
    list_rows_select(r, r->spec->key(list_rows_item(r, i)));
}

void list_rows_select(struct list_rows *r, const char *key)
{
    snprintf(r->sel, sizeof r->sel, "%s", key);
}

void list_rows_scroll(struct list_rows *r, size_t at, size_t height)
{
    if (at < r->top)
        r->top = at;
    if (height > 0 && at >= r->top + height)
        r->top = at - height + 1;
}

/* --- with the dashboard ------------------------------------------------------ */

static void list_rows_rebuild_ui(struct list_rows *r, struct ui *ui)
{
    list_rows_rebuild(r, ui->table.filter);
    r->table_gen = ui->table.gen;
}

void list_rows_sync(struct list_rows *r, struct ui *ui)
{
    if (r->table_gen != ui->table.gen)
        list_rows_rebuild_ui(r, ui);
}

void list_rows_update(struct list_rows *r, struct ui *ui, const void *items, size_t n)
{
    r->items = items;
    r->nitems = items ? n : 0;
    list_rows_rebuild_ui(r, ui);
}

unsigned list_rows_action(struct list_rows *r, struct ui *ui, enum action_id id)
{
    size_t at = 0;
    list_rows_selected(r, &at);
    size_t page = ui->layout.main.h > 3 ? (size_t)ui->layout.main.h - 3 : 1;
    switch (id) {
    case ACTION_SELECT_UP:
        list_rows_select_at(r, at ? at - 1 : 0);
        break;
    case ACTION_SELECT_DOWN:
        list_rows_select_at(r, at + 1);
        break;
    case ACTION_PAGE_UP:
        list_rows_select_at(r, at > page ? at - page : 0);
        break;
    case ACTION_PAGE_DOWN:
        list_rows_select_at(r, at + page);
        break;
    case ACTION_HOME:
        list_rows_select_at(r, 0);
        break;
    case ACTION_END:
        list_rows_select_at(r, r->n ? r->n - 1 : 0);
        break;
    case ACTION_SORT_NEXT:
    case ACTION_SORT_PREV: {
        int nsort = r->spec->nsort;
        r->sort = (r->sort + (id == ACTION_SORT_NEXT ? 1 : nsort - 1)) % nsort;
        list_rows_rebuild_ui(r, ui);
        ui_status(ui, false, "%s sorted by %s", r->spec->noun, r->spec->sort_names[r->sort]);
        break;
    }
    case ACTION_SORT_INVERT:
        r->reverse = !r->reverse;
        list_rows_rebuild_ui(r, ui);
        break;
    case ACTION_FILTER:
        prompt_open(ui, PROMPT_FILTER);
        break;
    default:
        return UI_IGNORED;
    }
    return UI_REDRAW;
}
