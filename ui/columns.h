/* The column registry of the container table: every column declared once.
 *
 * One array (columns.c) gives each column its config name, its header
 * title, a one-line description, its widths, its alignment, how it sorts
 * and how its cell is written. The table, the sort menu, the columns
 * dialog, the header-click sort and the config's `set columns` / `set sort`
 * checks all read it; nothing else lists columns.
 *
 * Sorting is by key: each column extracts a number or a string from a
 * container, and the natural order is largest first for numbers and A to Z
 * for text. A container without the figure (stopped, no sample yet) has no
 * key and sorts last whichever way the order goes.
 *
 * No curses here: cells are text, so this module is tested on its own. */
#ifndef BERTH_UI_COLUMNS_H
#define BERTH_UI_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model/snapshot.h"
#include "ui/glyphs.h"

enum columns_id {
    COLUMNS_NAME,
    COLUMNS_ID,
    COLUMNS_IMAGE,
    COLUMNS_STATE,
    COLUMNS_STATUS,
    COLUMNS_HEALTH,
    COLUMNS_CPU,
    COLUMNS_MEM,
    COLUMNS_MEM_PERCENT,
    COLUMNS_NET,
    COLUMNS_IO,
    COLUMNS_PIDS,
    COLUMNS_PROJECT,
    COLUMNS_SERVICE,
    COLUMNS_PORTS,
    COLUMNS_UPTIME,
    COLUMNS_CREATED,
    COLUMNS_COMMAND,
    COLUMNS_CPU_TREND,
    COLUMNS_COUNT
};

enum columns_align {
    COLUMNS_LEFT,
    COLUMNS_RIGHT,
};

/* What a bar inside the cell measures, when the table is wide enough. */
enum columns_bar {
    COLUMNS_BAR_NONE,
    COLUMNS_BAR_CPU, /* CPU % against the host's capacity */
    COLUMNS_BAR_MEM, /* memory used against the container's limit */
};

/* A sort key: a number or a string, or nothing. */
struct columns_key {
    bool valid;
    double num;      /* numeric columns */
    const char *str; /* text columns: points into the snapshot */
};

/* Scratch space for one cell's text. */
#define COLUMNS_CELL_MAX 128

struct columns_def {
    enum columns_id id;
    const char *name;  /* config name: "cpu" */
    const char *title; /* header: "CPU %" */
    const char *help;  /* one line for the columns dialog */
    int min_width;     /* the least it is shown with (cut text) */
    int width;         /* its usual width: titles and usual values fit */
    int max_width;     /* a flexible column grows up to this when room is left */
    enum columns_align align;
    bool numeric; /* key is a number: natural order largest first */
    enum columns_bar bar;
    /* The sort key of a container. */
    void (*key)(const struct snapshot_container *sc, struct columns_key *out);
    /* The cell text: buf (COLUMNS_CELL_MAX bytes) or a string of the
     * snapshot. May be engine text: the caller sanitises before drawing.
     * now is the wall clock (unix seconds) for relative times. */
    const char *(*cell)(const struct snapshot_container *sc, int64_t now, char *buf);
};

/* Cells of the CPU trend sparkline (one sample each). */
#define COLUMNS_TREND_CELLS 10

/* The glyphs the CPU trend column draws with: GLYPH_BLOCK (the default)
 * for UTF-8 locales, GLYPH_ASCII otherwise. */
void columns_set_glyph_mode(enum glyph_mode mode);

/* The definition of a column, or NULL when out of range. */
const struct columns_def *columns_get(enum columns_id id);

/* The column called name, or -1. */
int columns_find(const char *name);

/* Fits struct conf_validators.column: rejects names not in the registry. */
int columns_conf_check(void *ctx, const char *name, struct berth_error *err);

/* Compare a and b by column id in its natural order (reverse flips it);
 * containers without a key go last either way; ties fall back to the name
 * and then the id, A to Z. For qsort-style use; never returns 0 for two
 * different containers. */
int columns_compare(enum columns_id id, bool reverse, const struct snapshot_container *a,
                    const struct snapshot_container *b);

/* The duration of an "Up ..." status in seconds (an estimate from the
 * engine's wording: "Up About an hour" is 3600), or -1 when the status is
 * not "Up ...". When text is not NULL it receives the duration's words
 * ("About an hour"), at most size bytes. */
double columns_uptime(const char *status, char *text, size_t size);

/* Where one visible column lands on a line. */
struct columns_slot {
    enum columns_id id;
    int x;     /* first cell, relative to the table's left edge */
    int width; /* cells, without the gap after it */
    int bar;   /* cells of it given to a bar (0: none), inside width */
};

/* Lay out the visible columns ids[0..n) on a line of `width` cells with
 * one blank between columns. Columns are taken in order at their usual
 * width while they fit; the first that does not is still taken, cut, if
 * its min_width fits, and the rest are left out (the very first column is
 * always kept, cut to the line). Room left over gives bar columns a bar of
 * up to 12 cells (when bars is true), then widens flexible columns up to
 * their max_width; a flexible last column takes whatever is still left.
 * Returns the number of slots written to out (<= n). */
size_t columns_layout(const int *ids, size_t n, int width, bool bars, struct columns_slot *out);

/* The slot under cell x (relative to the table's left edge), or -1. */
int columns_slot_at(const struct columns_slot *slots, size_t n, int x);

#endif
