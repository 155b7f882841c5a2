/* What berth --batch prints: one row per container, rendered as an aligned
 * table or as a JSON array. Pure functions (no engine, no I/O), so the
 * rendering is tested on its own.
 *
 * A row owns sanitised copies of every engine string: nothing the engine
 * sent reaches the output without passing sanitize_dup(). */
#ifndef BERTH_SRC_BATCH_OUTPUT_H
#define BERTH_SRC_BATCH_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/container.h"
#include "model/stats.h"
#include "strbuf.h"

struct batch_row {
    char *id;                    /* full id, sanitised */
    char *name, *image, *status; /* sanitised */
    enum container_state state;
    enum container_health health;
    int exit_code; /* -1 when not exited */
    int64_t created;
    char *project, *service; /* sanitised, or NULL */
    char *ports;             /* docker ps rendering, sanitised */
    bool has_stats;          /* false: stopped, or stats could not be read */
    struct stats_figures fig;
};

/* Fill row from c (copies and sanitises); no stats yet. */
void batch_row_init(struct batch_row *row, const struct container *c);
void batch_row_done(struct batch_row *row);

/* Sort rows by name, then id (a stable order for scripts and eyes). */
void batch_rows_sort(struct batch_row *rows, size_t n);

/* The table: a header and one line per row, columns as wide as their
 * widest cell, "-" where a figure is unknown. Appends to out. */
void batch_render_table(struct strbuf *out, const struct batch_row *rows, size_t n);

/* One JSON array on one line, then '\n'. Numbers are numbers (bytes as
 * integers, percentages as doubles) and unknown figures are null. */
void batch_render_json(struct strbuf *out, const struct batch_row *rows, size_t n);

#endif
