/* berth --batch: the list, the concurrent stats fetch and the iteration
 * loop (see batch.h). Rendering lives in batch_output.c.
 *
 * CPU % on an iteration comes from the previous iteration's sample when
 * there is one (the figure then covers the whole interval, as top's does),
 * else from the engine's own precpu sample taken about a second before.
 * Containers that have a previous sample are asked for one sample only
 * (one-shot, API 1.41+), so an iteration takes milliseconds, not the
 * engine's second of double sampling. Network and block rates need the
 * previous iteration. A container whose stats could not be read shows "-",
 * never a guess. */
#include "config.h"

#include "batch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "batch_output.h"
#include "engine.h"
#include "engine_streams.h"
#include "model/container.h"
#include "model/stats.h"
#include "strbuf.h"
#include "xalloc.h"

/* Extra time, past the per-request timeout, before unfinished stats
 * requests are cancelled. */
#define BATCH_FETCH_GRACE_MS 2000L
/* How long cancelled streams get to wind down before the set is dropped. */
#define BATCH_CANCEL_GRACE_MS 3000L

/* One stats request in flight for one container. */
struct batch_fetch {
    size_t row;    /* index into the iteration's rows */
    int stream_id; /* engine_streams id, 0 when not started */
    cJSON *doc;    /* the stats document, or NULL */
    bool ended;    /* on_end ran */
};

/* A sample kept from the previous iteration, keyed by container id. */
struct batch_sample {
    char id[65];
    struct stats_raw raw;
};

struct batch_state {
    const struct options *opt;
    struct engine *engine;
    struct engine_streams *streams;
    struct batch_sample *prev; /* previous iteration's samples */
    size_t nprev;
};

static double batch_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sleep until the monotonic time `until` (seconds). */
static void batch_sleep_until(double until)
{
    struct timespec ts;
    ts.tv_sec = (time_t)until;
    ts.tv_nsec = (long)((until - (double)ts.tv_sec) * 1e9);
    if (ts.tv_nsec >= 1000000000L)
        ts.tv_nsec = 999999999L;
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}

static bool batch_on_json(void *user, const cJSON *value)
{
    struct batch_fetch *f = user;
    if (!f->doc)
        f->doc = cJSON_Duplicate(value, 1);
    /* stream=0 sends one document; nothing more is wanted. */
    return false;
}

static void batch_on_end(void *user, long http_status, const struct berth_error *err)
{
    struct batch_fetch *f = user;
    /* A failed request leaves doc NULL and the row shows "-". */
    (void)http_status;
    (void)err;
    f->ended = true;
}

/* Wait for every started fetch to end; cancel stragglers after the
 * request timeout, and drop the whole set if even that does not end them
 * (engine_streams_free runs the remaining on_end callbacks). */
static void batch_wait_fetches(struct batch_state *st, struct batch_fetch *fetches, size_t n)
{
    double start = batch_now();
    double cancel_at = start + (double)(st->opt->timeout_ms + BATCH_FETCH_GRACE_MS) / 1000.0;
    double give_up_at = cancel_at + (double)BATCH_CANCEL_GRACE_MS / 1000.0;
    bool cancelled = false;
    while (engine_streams_count(st->streams) > 0) {
        double now = batch_now();
        if (!cancelled && now >= cancel_at) {
            for (size_t i = 0; i < n; i++)
                if (fetches[i].stream_id > 0 && !fetches[i].ended)
                    engine_streams_cancel(st->streams, fetches[i].stream_id);
            cancelled = true;
        }
        if (now >= give_up_at) {
            engine_streams_free(st->streams);
            st->streams = engine_streams_new(st->engine);
            break;
        }
        engine_streams_run(st->streams, 200);
    }
}

static const struct stats_raw *batch_prev_sample(const struct batch_state *st, const char *id)
{
    for (size_t i = 0; i < st->nprev; i++)
        if (strcmp(st->prev[i].id, id) == 0)
            return &st->prev[i].raw;
    return NULL;
}

/* Figures for one container from its new document. */
static bool batch_figures(const struct batch_state *st, const char *id, const cJSON *doc,
                          struct stats_raw *cur, struct stats_figures *fig)
{
    struct stats_raw pre;
    struct berth_error err;
    if (stats_raw_from_json(doc, cur, &pre, &err) < 0)
        return false;
    const struct stats_raw *last = batch_prev_sample(st, id);
    stats_compute(last ? last : &pre, cur, fig);
    if (last && !fig->cpu_valid) {
        /* The previous iteration's sample gives no CPU % (the container
         * restarted, or that sample had none): the engine's pair may. */
        struct stats_figures alt;
        stats_compute(&pre, cur, &alt);
        fig->cpu_valid = alt.cpu_valid;
        fig->cpu_percent = alt.cpu_percent;
    }
    return true;
}

/* List, fetch and fill rows. Returns -1 only when the list fails. */
static int batch_collect(struct batch_state *st, struct batch_row **rows_out, size_t *nrows,
                         struct berth_error *err)
{
    cJSON *array = NULL;
    if (engine_containers_list(st->engine, st->opt->all, NULL, &array, err) < 0)
        return -1;
    struct container_list list;
    int rc = container_list_from_json(array, &list, err);
    cJSON_Delete(array);
    if (rc < 0)
        return -1;

    size_t n = list.count;
    struct batch_row *rows = xcalloc(n ? n : 1, sizeof *rows);
    struct batch_fetch *fetches = xcalloc(n ? n : 1, sizeof *fetches);
    size_t nfetch = 0;
    for (size_t i = 0; i < n; i++) {
        const struct container *c = &list.items[i];
        batch_row_init(&rows[i], c);
        if (c->state != CONTAINER_STATE_RUNNING && c->state != CONTAINER_STATE_PAUSED)
            continue;
        struct batch_fetch *f = &fetches[nfetch++];
        f->row = i;
        /* With our own previous sample, one sample is enough: one-shot
         * returns the engine's next reading instead of waiting for a
         * second one. */
        bool one_shot = batch_prev_sample(st, c->id) && engine_api_minor(st->engine) >= 41;
        char *path =
            xasprintf("/containers/%s/stats?stream=0%s", c->id, one_shot ? "&one-shot=1" : "");
        struct engine_stream_spec spec = {
            .method = NULL,
            .path = path,
            .mode = ENGINE_STREAM_JSON,
            .on_json = batch_on_json,
            .on_data = NULL,
            .on_end = batch_on_end,
            .user = f,
            .timeout_ms = st->opt->timeout_ms,
        };
        f->stream_id = engine_streams_add(st->streams, &spec);
        free(path);
    }
    batch_wait_fetches(st, fetches, nfetch);

    struct batch_sample *samples = xcalloc(nfetch ? nfetch : 1, sizeof *samples);
    size_t nsamples = 0;
    for (size_t k = 0; k < nfetch; k++) {
        struct batch_fetch *f = &fetches[k];
        const struct container *c = &list.items[f->row];
        struct batch_row *row = &rows[f->row];
        struct stats_raw cur;
        if (f->doc && batch_figures(st, c->id, f->doc, &cur, &row->fig)) {
            row->has_stats = true;
            struct batch_sample *s = &samples[nsamples++];
            memcpy(s->id, c->id, sizeof s->id);
            s->raw = cur;
        }
        cJSON_Delete(f->doc);
    }
    free(st->prev);
    st->prev = samples;
    st->nprev = nsamples;

    free(fetches);
    container_list_done(&list);
    batch_rows_sort(rows, n);
    *rows_out = rows;
    *nrows = n;
    return 0;
}

static int batch_write(FILE *out, const struct strbuf *sb, struct berth_error *err)
{
    if (fwrite(sb->data, 1, sb->len, out) != sb->len || fflush(out) != 0)
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot write the output: %s",
                               strerror(errno));
    return 0;
}

int batch_run(const struct options *opt, const struct endpoint *ep, FILE *out,
              struct berth_error *err)
{
    struct batch_state st = {.opt = opt};
    st.engine = engine_new(ep, opt->timeout_ms);
    if (engine_negotiate(st.engine, err) < 0) {
        engine_free(st.engine);
        return -1;
    }
    st.streams = engine_streams_new(st.engine);

    int rc = 0;
    struct strbuf sb;
    strbuf_init(&sb);
    double next = batch_now();
    for (int iter = 0; iter < opt->iterations; iter++) {
        if (iter > 0)
            batch_sleep_until(next);
        next = batch_now() + opt->delay;

        struct batch_row *rows = NULL;
        size_t n = 0;
        if (batch_collect(&st, &rows, &n, err) < 0) {
            rc = -1;
            break;
        }
        strbuf_reset(&sb);
        if (opt->format == OPTIONS_FORMAT_JSON) {
            batch_render_json(&sb, rows, n);
        } else {
            if (iter > 0)
                strbuf_putc(&sb, '\n');
            batch_render_table(&sb, rows, n);
        }
        for (size_t i = 0; i < n; i++)
            batch_row_done(&rows[i]);
        free(rows);
        if (batch_write(out, &sb, err) < 0) {
            rc = -1;
            break;
        }
    }
    strbuf_done(&sb);
    free(st.prev);
    engine_streams_free(st.streams);
    engine_free(st.engine);
    return rc;
}
