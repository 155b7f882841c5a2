/* Bounded per-container history of the figures the graphs draw.
 *
 * One history per container holds HISTORY_NSERIES series (CPU %, memory
 * used, network and block rates, PIDs) sampled together, once per stats
 * round on the model's clock, never on redraw. At most `capacity` samples
 * are kept (default HISTORY_DEFAULT_CAPACITY); older ones fall off.
 *
 * Sharing with snapshots: samples live in fixed-size chunks that are
 * reference counted and append-only. A view (history_view, held by a
 * snapshot) takes a reference on each chunk it spans and remembers the
 * sample range it saw, so taking a view costs a few atomic increments, not
 * a copy, and the worker can keep appending: it only ever writes slots past
 * the end of every view already taken, so a reader on another thread never
 * sees a slot change. A chunk is freed when the history has moved past it
 * and the last view holding it is gone.
 *
 * A missing figure (no CPU % on a first sample, no block accounting) is
 * stored as NaN, so graphs show a gap rather than a made-up zero. */
#ifndef BERTH_MODEL_HISTORY_H
#define BERTH_MODEL_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "model/stats.h"

#define HISTORY_DEFAULT_CAPACITY 300
#define HISTORY_CHUNK_SAMPLES 64

enum history_series {
    HISTORY_CPU = 0, /* CPU %, 100 = one core */
    HISTORY_MEM,     /* memory used, bytes */
    HISTORY_NET_RX,  /* bytes per second */
    HISTORY_NET_TX,
    HISTORY_BLK_READ, /* bytes per second */
    HISTORY_BLK_WRITE,
    HISTORY_PIDS,
    HISTORY_NSERIES,
};

struct history_chunk;

/* The worker's own, growing history. Not thread-safe: one owner. */
struct history {
    size_t capacity;               /* samples kept at most */
    struct history_chunk **chunks; /* oldest first */
    size_t nchunks;
    size_t first;   /* slot of the oldest kept sample in chunks[0] */
    size_t count;   /* samples kept (<= capacity) */
    uint64_t total; /* samples ever appended */
};

/* An immutable window on a history, safe to read from any thread. */
struct history_view {
    struct history_chunk **chunks;
    size_t nchunks;
    size_t first;
    size_t count;
    uint64_t total; /* the history's total when taken */
};

/* capacity 0 means HISTORY_DEFAULT_CAPACITY. */
void history_init(struct history *h, size_t capacity);
void history_done(struct history *h);
/* Forget every sample (a container that was recreated). */
void history_clear(struct history *h);

/* Append one sample: values[HISTORY_NSERIES], NaN where unknown. */
void history_append(struct history *h, const double *values);
/* Append the figures of one stats round (NaN for the invalid ones). */
void history_append_figures(struct history *h, const struct stats_figures *f);

/* A view of the samples kept now. Release with history_view_done. */
void history_view_take(const struct history *h, struct history_view *out);
void history_view_copy(struct history_view *dst, const struct history_view *src);
void history_view_done(struct history_view *v);

/* Sample i of a series, 0 the oldest, count - 1 the newest. */
double history_view_get(const struct history_view *v, enum history_series s, size_t i);
/* Copy the newest min(n, count) samples of a series into out, oldest
 * first; returns how many were written. */
size_t history_view_last(const struct history_view *v, enum history_series s, double *out,
                         size_t n);

const char *history_series_name(enum history_series s);

#endif
