/* The rows of a list panel (volumes, images, networks): the panel's items
 * filtered by the table's filter (/), sorted by one of the panel's sort
 * keys (s, S, I), and a selection kept by a stable key (a name, an id), so
 * that a refresh that reorders or drops rows leaves the cursor on the same
 * object, or on the first row when that object is gone.
 *
 * The items stay the panel's (an array of item_size bytes); the rows are
 * indices into it, rebuilt when the items or the view settings change,
 * never per key. The panel supplies what differs: matching, comparing and
 * the key, through struct list_rows_spec. No curses here. */
#ifndef BERTH_UI_LIST_ROWS_H
#define BERTH_UI_LIST_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/actions.h"

struct ui;

#define LIST_ROWS_KEY_MAX 512

struct list_rows_spec {
    const char *noun;              /* "Volumes", for "Volumes sorted by size" */
    const char *const *sort_names; /* nsort names, indexed by the sort */
    int nsort;
    size_t item_size;
    /* Whether item passes filter (never empty here: "" passes all). */
    bool (*match)(const void *item, const char *filter);
    /* a before b (< 0) or after (> 0) by sort, ties broken by the panel so
     * that the order is total; list_rows reverses it when asked. */
    int (*compare)(const void *a, const void *b, int sort);
    /* The item's selection key. */
    const char *(*key)(const void *item);
};

struct list_rows {
    const struct list_rows_spec *spec;
    const void *items; /* the panel's array; not owned */
    size_t nitems;
    size_t *idx;                 /* the rows: indices into items */
    size_t n;                    /* rows that pass the filter */
    char sel[LIST_ROWS_KEY_MAX]; /* the selected item's key */
    size_t top;                  /* the first row on screen */
    int sort;                    /* index into spec->sort_names */
    bool reverse;
    uint64_t table_gen; /* the table's gen at the last rebuild */
};

void list_rows_init(struct list_rows *r, const struct list_rows_spec *spec);
void list_rows_done(struct list_rows *r);

/* Take a new array of items (kept, not copied) and rebuild the rows. */
void list_rows_set_items(struct list_rows *r, const void *items, size_t n, const char *filter);
/* Filter and sort again (after a change of filter or sort). */
void list_rows_rebuild(struct list_rows *r, const char *filter);

/* The item on row i (i < n). */
const void *list_rows_item(const struct list_rows *r, size_t i);
/* The selected item (the first row when its key is gone), NULL when no
 * row; *at (may be NULL) is its row. */
const void *list_rows_selected(const struct list_rows *r, size_t *at);
/* Select row i, clamped to the last row; nothing when there is none. */
void list_rows_select_at(struct list_rows *r, size_t i);
/* Select by key (what the next rebuild keeps). */
void list_rows_select(struct list_rows *r, const char *key);
/* Scroll so that row at shows in a window of height rows. */
void list_rows_scroll(struct list_rows *r, size_t at, size_t height);

/* With the dashboard: rebuild from the table's filter when it changed
 * since the last rebuild (at the top of draw). */
void list_rows_sync(struct list_rows *r, struct ui *ui);
/* The same as list_rows_set_items, with the table's filter. */
void list_rows_update(struct list_rows *r, struct ui *ui, const void *items, size_t n);
/* Moving (up, down, page, home, end), sorting (next, previous, invert)
 * and opening the filter prompt; UI_IGNORED for any other action. */
unsigned list_rows_action(struct list_rows *r, struct ui *ui, enum action_id id);

#endif
