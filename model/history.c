/* History rings in shared append-only chunks: see history.h.
 *
 * Layout: sample k (0 = oldest kept) lives in chunks[(first + k) / CHUNK]
 * at slot (first + k) % CHUNK. Appending writes the slot just past the
 * newest; when the history is full the oldest sample is dropped by moving
 * `first`, and a chunk wholly before `first` is released. Chunk memory is
 * never written again once a view covers it, which is what makes views
 * lock-free to read. */
#include "config.h"

#include "model/history.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct history_chunk {
    atomic_int refs;                                  /* history + views */
    double v[HISTORY_NSERIES][HISTORY_CHUNK_SAMPLES]; /* series-major */
};

static struct history_chunk *chunk_new(void)
{
    struct history_chunk *c = xmalloc(sizeof *c);
    atomic_init(&c->refs, 1);
    return c;
}

static void chunk_ref(struct history_chunk *c)
{
    atomic_fetch_add_explicit(&c->refs, 1, memory_order_relaxed);
}

static void chunk_unref(struct history_chunk *c)
{
    if (atomic_fetch_sub_explicit(&c->refs, 1, memory_order_acq_rel) == 1)
        free(c);
}

void history_init(struct history *h, size_t capacity)
{
    memset(h, 0, sizeof *h);
    h->capacity = capacity ? capacity : HISTORY_DEFAULT_CAPACITY;
}

void history_clear(struct history *h)
{
    for (size_t i = 0; i < h->nchunks; i++)
        chunk_unref(h->chunks[i]);
    free(h->chunks);
    h->chunks = NULL;
    h->nchunks = 0;
    h->first = 0;
    h->count = 0;
}

void history_done(struct history *h)
{
    history_clear(h);
}

void history_append(struct history *h, const double *values)
{
    size_t pos = h->first + h->count;
    size_t ci = pos / HISTORY_CHUNK_SAMPLES;
    size_t slot = pos % HISTORY_CHUNK_SAMPLES;
    if (ci >= h->nchunks) {
        h->chunks = xrealloc(h->chunks, (h->nchunks + 1) * sizeof *h->chunks);
        h->chunks[h->nchunks++] = chunk_new();
    }
    for (int s = 0; s < HISTORY_NSERIES; s++)
        h->chunks[ci]->v[s][slot] = values[s];
    h->count++;
    h->total++;

    if (h->count > h->capacity) {
        h->first++;
        h->count--;
        if (h->first == HISTORY_CHUNK_SAMPLES) {
            /* The oldest chunk holds nothing we keep: views may still. */
            chunk_unref(h->chunks[0]);
            memmove(h->chunks, h->chunks + 1, (h->nchunks - 1) * sizeof *h->chunks);
            h->nchunks--;
            h->first = 0;
        }
    }
}

void history_append_figures(struct history *h, const struct stats_figures *f)
{
    double v[HISTORY_NSERIES];
    v[HISTORY_CPU] = f->cpu_valid ? f->cpu_percent : NAN;
    v[HISTORY_MEM] = f->mem_valid ? (double)f->mem_used : NAN;
    bool net = f->rates_valid && f->net_valid;
    v[HISTORY_NET_RX] = net ? f->net_rx_rate : NAN;
    v[HISTORY_NET_TX] = net ? f->net_tx_rate : NAN;
    bool blk = f->rates_valid && f->blk_valid;
    v[HISTORY_BLK_READ] = blk ? f->blk_read_rate : NAN;
    v[HISTORY_BLK_WRITE] = blk ? f->blk_write_rate : NAN;
    v[HISTORY_PIDS] = f->pids_valid ? (double)f->pids : NAN;
    history_append(h, v);
}

void history_view_take(const struct history *h, struct history_view *out)
{
    memset(out, 0, sizeof *out);
    out->total = h->total;
    if (h->count == 0)
        return;
    /* Only the chunks that hold kept samples. */
    size_t last = (h->first + h->count - 1) / HISTORY_CHUNK_SAMPLES;
    out->nchunks = last + 1;
    out->chunks = xmalloc(out->nchunks * sizeof *out->chunks);
    for (size_t i = 0; i < out->nchunks; i++) {
        out->chunks[i] = h->chunks[i];
        chunk_ref(out->chunks[i]);
    }
    out->first = h->first;
    out->count = h->count;
}

void history_view_copy(struct history_view *dst, const struct history_view *src)
{
    *dst = *src;
    if (!src->nchunks) {
        dst->chunks = NULL;
        return;
    }
    dst->chunks = xmalloc(src->nchunks * sizeof *dst->chunks);
    for (size_t i = 0; i < src->nchunks; i++) {
        dst->chunks[i] = src->chunks[i];
        chunk_ref(dst->chunks[i]);
    }
}

void history_view_done(struct history_view *v)
{
    for (size_t i = 0; i < v->nchunks; i++)
        chunk_unref(v->chunks[i]);
    free(v->chunks);
    memset(v, 0, sizeof *v);
}

double history_view_get(const struct history_view *v, enum history_series s, size_t i)
{
    if (i >= v->count || (int)s < 0 || s >= HISTORY_NSERIES)
        return NAN;
    size_t pos = v->first + i;
    return v->chunks[pos / HISTORY_CHUNK_SAMPLES]->v[s][pos % HISTORY_CHUNK_SAMPLES];
}

size_t history_view_last(const struct history_view *v, enum history_series s, double *out, size_t n)
{
    size_t k = n < v->count ? n : v->count;
    size_t start = v->count - k;
    for (size_t i = 0; i < k; i++)
        out[i] = history_view_get(v, s, start + i);
    return k;
}

const char *history_series_name(enum history_series s)
{
    static const char *const names[HISTORY_NSERIES] = {
        [HISTORY_CPU] = "cpu",           [HISTORY_MEM] = "mem",
        [HISTORY_NET_RX] = "net_rx",     [HISTORY_NET_TX] = "net_tx",
        [HISTORY_BLK_READ] = "blk_read", [HISTORY_BLK_WRITE] = "blk_write",
        [HISTORY_PIDS] = "pids",
    };
    return (int)s >= 0 && s < HISTORY_NSERIES ? names[s] : "?";
}
