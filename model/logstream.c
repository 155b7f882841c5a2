/* Log following off the UI thread (see logstream.h).
 *
 * One thread per log stream, owning an engine connection (blocking
 * inspects, to learn whether a container runs and has a TTY) and a stream
 * set (the log bodies). Lines go into the log buffer as they are split;
 * the UI is woken at most every LOGSTREAM_WAKE_MS, however many lines
 * came, which is what keeps a fast log from costing the UI anything.
 *
 * Resuming after an end: every source remembers the timestamp of the last
 * line it pushed, asks again with since= that time, and drops the lines up
 * to and including it (the engine's since is inclusive). */
#include "config.h"

#include "model/logstream.h"
#include "rfc3339.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine_streams.h"
#include "xalloc.h"

#define LS_RETRY_MS 1000
#define LS_RUN_MS 100

/* --- demultiplexing ---------------------------------------------------------- */

void logstream_demux_init(struct logstream_demux *d, bool tty)
{
    memset(d, 0, sizeof *d);
    d->tty = tty;
    for (int i = 0; i < 3; i++)
        strbuf_init(&d->line[i]);
}

void logstream_demux_done(struct logstream_demux *d)
{
    for (int i = 0; i < 3; i++)
        strbuf_done(&d->line[i]);
}

static void demux_emit(struct logstream_demux *d, int stream)
{
    struct strbuf *l = &d->line[stream];
    size_t len = l->len;
    if (d->tty && len && l->data[len - 1] == '\r')
        len--; /* TTY lines end in \r\n */
    if (d->on_line)
        d->on_line(d->user, stream, l->data, len);
    strbuf_reset(l);
}

/* Payload bytes of one stream: split into lines. */
static void demux_payload(struct logstream_demux *d, int stream, const char *p, size_t len)
{
    if (d->on_payload)
        d->on_payload(d->user, stream, p, len);
    if (!d->on_line)
        return;
    struct strbuf *l = &d->line[stream];
    while (len) {
        const char *nl = memchr(p, '\n', len);
        size_t n = nl ? (size_t)(nl - p) : len;
        size_t room = LOGSTREAM_MAX_LINE - l->len;
        if (n > room) {
            /* A line longer than the bound is cut into pieces. */
            strbuf_append(l, p, room);
            demux_emit(d, stream);
            p += room;
            len -= room;
            continue;
        }
        strbuf_append(l, p, n);
        if (!nl)
            return;
        demux_emit(d, stream);
        p += n + 1;
        len -= n + 1;
    }
}

void logstream_demux_feed(struct logstream_demux *d, const char *data, size_t len)
{
    if (d->tty) {
        demux_payload(d, 1, data, len);
        return;
    }
    while (len) {
        if (d->left == 0) {
            size_t take = 8 - d->hdr_len;
            if (take > len)
                take = len;
            memcpy(d->hdr + d->hdr_len, data, take);
            d->hdr_len += take;
            data += take;
            len -= take;
            if (d->hdr_len < 8)
                return;
            d->hdr_len = 0;
            d->stream = d->hdr[0] == 2 ? 2 : 1;
            d->left = (uint32_t)d->hdr[4] << 24 | (uint32_t)d->hdr[5] << 16 |
                      (uint32_t)d->hdr[6] << 8 | (uint32_t)d->hdr[7];
            continue;
        }
        size_t take = d->left < len ? d->left : len;
        demux_payload(d, d->stream, data, take);
        d->left -= (uint32_t)take;
        data += take;
        len -= take;
    }
}

void logstream_demux_finish(struct logstream_demux *d)
{
    for (int i = 1; i < 3; i++) {
        if (d->line[i].len)
            demux_emit(d, i);
    }
}

/* --- time ------------------------------------------------------------------ */

void logstream_format_ts(int64_t ts_ns, char out[32])
{
    time_t t = (time_t)(ts_ns / 1000000000LL);
    long ns = (long)(ts_ns % 1000000000LL);
    if (ns < 0)
        ns = 0;
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[96];
    snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ns);
    memcpy(out, buf, 31);
    out[31] = '\0';
}

int logstream_parse_since(const char *text, int64_t now, char *out, size_t size,
                          struct berth_error *err)
{
    out[0] = '\0';
    while (*text == ' ')
        text++;
    size_t len = strlen(text);
    while (len && text[len - 1] == ' ')
        len--;
    if (len == 0)
        return 0;
    size_t used = 0;
    int64_t ts = rfc3339_parse_ns(text, len, &used);
    if (ts && used == len) {
        snprintf(out, size, "%lld.%09lld", (long long)(ts / 1000000000LL),
                 (long long)(ts % 1000000000LL));
        return 0;
    }
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || errno || v < 0 || (text[0] < '0' || text[0] > '9'))
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "'%.*s' is not a time: give 10m, 2h, 3d or 2026-01-02T15:04:05Z",
                               (int)len, text);
    size_t rest = len - (size_t)(end - text);
    long mult = 0;
    if (rest == 0)
        mult = 0; /* unix seconds */
    else if (rest == 1 && *end == 's')
        mult = 1;
    else if (rest == 1 && *end == 'm')
        mult = 60;
    else if (rest == 1 && *end == 'h')
        mult = 3600;
    else if (rest == 1 && *end == 'd')
        mult = 86400;
    else
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "'%.*s': the unit must be s, m, h or d",
                               (int)len, text);
    if (mult == 0)
        snprintf(out, size, "%.*s", (int)len, text);
    else
        snprintf(out, size, "%lld", (long long)((double)now - v * (double)mult));
    return 0;
}

/* --- the reader ------------------------------------------------------------ */

struct ls_source {
    struct logstream *ls;
    struct logstream_source src;
    char *name;
    uint16_t index;
    struct logstream_demux demux;
    int stream_id; /* > 0 while a stream runs */
    bool started;  /* a stream was started once */
    bool ended;    /* the last stream ended */
    bool tty;
    int64_t last_ts;                   /* of the last line pushed */
    int64_t skip_upto;                 /* after a resume: drop lines not newer than this */
    int64_t opened_ns;                 /* wall clock when the first stream began */
    int64_t next_try;                  /* monotonic ms */
    char why[BERTH_ERROR_MESSAGE_MAX]; /* why the last stream ended */
};

struct logstream {
    struct engine *base;   /* never used for I/O: saves clone it */
    struct engine *engine; /* the thread's own */
    struct engine_streams *streams;
    struct logbuf *lb;
    struct ls_source *srcs;
    size_t n;
    struct logstream_options opt;
    pthread_t thread;
    bool running;
    atomic_bool stop;
    int wake[2];
    atomic_bool wake_pending;
    int64_t last_wake;
    bool dirty; /* lines came since the last wake */

    pthread_mutex_t mu; /* guards status and the save fields */
    char status[2 * BERTH_ERROR_MESSAGE_MAX];
    bool status_error;

    pthread_t save_thread;
    bool save_running;
    bool save_done;
    bool save_error;
    char save_msg[512];
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void ls_wake(struct logstream *ls)
{
    if (atomic_exchange(&ls->wake_pending, true))
        return;
    unsigned char b = 1;
    if (write(ls->wake[1], &b, 1) < 0) {
        /* Full pipe: a byte is pending already. */
    }
}

static void ls_set_status(struct logstream *ls, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void ls_set_status(struct logstream *ls, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&ls->mu);
    vsnprintf(ls->status, sizeof ls->status, fmt, ap);
    ls->status_error = error;
    pthread_mutex_unlock(&ls->mu);
    va_end(ap);
    ls_wake(ls);
}

static void src_line(void *user, int stream, const char *text, size_t len)
{
    struct ls_source *s = user;
    size_t used = 0;
    int64_t ts = rfc3339_parse_ns(text, len, &used);
    if (ts && used < len && text[used] == ' ') {
        text += used + 1;
        len -= used + 1;
    } else if (ts && used == len) {
        text += used;
        len = 0;
    }
    if (ts && s->skip_upto && ts <= s->skip_upto)
        return; /* already shown before the stream ended */
    s->skip_upto = 0;
    if (ts)
        s->last_ts = ts;
    logbuf_push(s->ls->lb, s->index, stream == 2 ? LOGBUF_STDERR : LOGBUF_STDOUT, ts, text, len,
                s->ls->n > 1);
    s->ls->dirty = true;
}

static bool src_data(void *user, const char *data, size_t len)
{
    struct ls_source *s = user;
    if (atomic_load(&s->ls->stop))
        return false;
    logstream_demux_feed(&s->demux, data, len);
    return true;
}

static void ls_update_status(struct logstream *ls)
{
    size_t live = 0;
    const struct ls_source *ended = NULL;
    for (size_t i = 0; i < ls->n; i++) {
        if (ls->srcs[i].stream_id > 0)
            live++;
        else if (ls->srcs[i].ended && !ended)
            ended = &ls->srcs[i];
    }
    if (ended && ls->n == 1)
        ls_set_status(ls, true, "stream ended: %s; resumes when it runs again", ended->why);
    else if (ended)
        ls_set_status(ls, true, "%s: stream ended: %s (%zu of %zu following)", ended->name,
                      ended->why, live, ls->n);
    else if (live)
        ls_set_status(ls, false, "following");
}

static void src_end(void *user, long http_status, const struct berth_error *err)
{
    struct ls_source *s = user;
    (void)http_status;
    logstream_demux_finish(&s->demux);
    s->stream_id = 0;
    s->ended = true;
    s->next_try = now_ms() + LS_RETRY_MS;
    snprintf(s->why, sizeof s->why, "%s",
             err && err->kind != BERTH_ERR_NONE ? err->message : "the container stopped");
    if (!atomic_load(&s->ls->stop))
        ls_update_status(s->ls);
}

/* Start (or resume) source s's stream if its container can give one. */
static void src_try(struct logstream *ls, struct ls_source *s)
{
    struct berth_error err;
    berth_error_clear(&err);
    cJSON *doc = NULL;
    s->next_try = now_ms() + LS_RETRY_MS;
    if (engine_container_inspect(ls->engine, s->src.id, false, &doc, &err) < 0) {
        snprintf(s->why, sizeof s->why, "%s", err.message);
        if (!s->started || s->ended) {
            s->ended = true;
            ls_update_status(ls);
        }
        return;
    }
    const cJSON *state = cJSON_GetObjectItemCaseSensitive(doc, "State");
    const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(doc, "Config");
    bool running = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(state, "Running"));
    s->tty = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cfg, "Tty"));
    cJSON_Delete(doc);
    if (s->started && !running)
        return; /* wait for it to run again */

    struct strbuf path;
    strbuf_init(&path);
    strbuf_appendf(&path, "/containers/%s/logs?follow=1&stdout=1&stderr=1&timestamps=1", s->src.id);
    if (s->started) {
        /* Resume after the last line shown; with none shown, after the
         * moment the first stream began (older lines were left out by the
         * tail and since options, and stay out). */
        int64_t from = s->last_ts ? s->last_ts : s->opened_ns;
        strbuf_appendf(&path, "&since=%lld.%09lld", (long long)(from / 1000000000LL),
                       (long long)(from % 1000000000LL));
        s->skip_upto = from;
    } else {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        s->opened_ns = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
        if (ls->opt.tail >= 0)
            strbuf_appendf(&path, "&tail=%ld", ls->opt.tail);
        if (ls->opt.since[0])
            strbuf_appendf(&path, "&since=%s", ls->opt.since);
    }
    logstream_demux_done(&s->demux);
    logstream_demux_init(&s->demux, s->tty);
    s->demux.on_line = src_line;
    s->demux.user = s;
    struct engine_stream_spec spec = {.path = path.data,
                                      .mode = ENGINE_STREAM_RAW,
                                      .on_data = src_data,
                                      .on_end = src_end,
                                      .user = s};
    s->stream_id = engine_streams_add(ls->streams, &spec);
    strbuf_done(&path);
    s->started = true;
    s->ended = false;
    ls_update_status(ls);
}

static void *ls_main(void *arg)
{
    struct logstream *ls = arg;
    struct berth_error err;
    berth_error_clear(&err);
    while (!atomic_load(&ls->stop) && engine_negotiate(ls->engine, &err) < 0) {
        ls_set_status(ls, true, "%s", err.message);
        for (int i = 0; i < 10 && !atomic_load(&ls->stop); i++)
            usleep(100 * 1000);
    }
    ls->streams = engine_streams_new(ls->engine);
    while (!atomic_load(&ls->stop)) {
        int64_t now = now_ms();
        for (size_t i = 0; i < ls->n; i++) {
            struct ls_source *s = &ls->srcs[i];
            if (s->stream_id <= 0 && now >= s->next_try)
                src_try(ls, s);
        }
        int wait = LS_RUN_MS;
        if (ls->dirty) {
            int64_t due = ls->last_wake + LOGSTREAM_WAKE_MS - now_ms();
            if (due <= 0) {
                ls->dirty = false;
                ls->last_wake = now_ms();
                ls_wake(ls);
            } else if (due < wait) {
                wait = (int)due;
            }
        }
        engine_streams_run(ls->streams, wait);
    }
    engine_streams_free(ls->streams);
    ls->streams = NULL;
    return NULL;
}

struct logstream *logstream_new(const struct engine *base, struct logbuf *lb,
                                const struct logstream_source *srcs, size_t n,
                                const struct logstream_options *opt)
{
    struct logstream *ls = xcalloc(1, sizeof *ls);
    ls->base = engine_clone(base);
    ls->engine = engine_clone(base);
    ls->lb = lb;
    ls->n = n;
    ls->opt = *opt;
    ls->srcs = xcalloc(n ? n : 1, sizeof *ls->srcs);
    for (size_t i = 0; i < n; i++) {
        struct ls_source *s = &ls->srcs[i];
        s->ls = ls;
        s->src = srcs[i];
        s->name = xstrdup(srcs[i].name ? srcs[i].name : srcs[i].id);
        s->src.name = s->name;
        s->index = (uint16_t)i;
        logstream_demux_init(&s->demux, false);
    }
    ls->wake[0] = ls->wake[1] = -1;
    pthread_mutex_init(&ls->mu, NULL);
    snprintf(ls->status, sizeof ls->status, "connecting");
    return ls;
}

int logstream_start(struct logstream *ls, struct berth_error *err)
{
    if (pipe(ls->wake) < 0)
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot create a pipe: %s", strerror(errno));
    for (int i = 0; i < 2; i++) {
        fcntl(ls->wake[i], F_SETFL, fcntl(ls->wake[i], F_GETFL) | O_NONBLOCK);
        fcntl(ls->wake[i], F_SETFD, FD_CLOEXEC);
    }
    if (pthread_create(&ls->thread, NULL, ls_main, ls) != 0)
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot start the log reader");
    ls->running = true;
    return 0;
}

void logstream_free(struct logstream *ls)
{
    if (!ls)
        return;
    atomic_store(&ls->stop, true);
    if (ls->running)
        pthread_join(ls->thread, NULL); /* it looks at stop every LS_RUN_MS */
    if (ls->save_running)
        pthread_join(ls->save_thread, NULL);
    for (size_t i = 0; i < ls->n; i++) {
        logstream_demux_done(&ls->srcs[i].demux);
        free(ls->srcs[i].name);
    }
    free(ls->srcs);
    engine_free(ls->engine);
    engine_free(ls->base);
    for (int i = 0; i < 2; i++) {
        if (ls->wake[i] >= 0)
            close(ls->wake[i]);
    }
    pthread_mutex_destroy(&ls->mu);
    free(ls);
}

int logstream_wakeup_fd(const struct logstream *ls)
{
    return ls->wake[0];
}

void logstream_drain(struct logstream *ls)
{
    unsigned char buf[64];
    atomic_store(&ls->wake_pending, false);
    while (read(ls->wake[0], buf, sizeof buf) > 0) {
    }
}

void logstream_status(struct logstream *ls, char *buf, size_t size, bool *error)
{
    pthread_mutex_lock(&ls->mu);
    snprintf(buf, size, "%s", ls->status);
    *error = ls->status_error;
    pthread_mutex_unlock(&ls->mu);
}

/* --- saving ------------------------------------------------------------------ */

struct ls_save {
    struct logstream *ls;
    struct engine *engine;
    char id[65];
    char *path;
    char *tmp;
    bool timestamps;
    struct logstream_options opt;
    FILE *f;
    bool write_failed;
    uint64_t bytes;
    bool ended;
    struct berth_error err;
};

static void save_payload(void *user, int stream, const char *data, size_t len)
{
    struct ls_save *sv = user;
    (void)stream;
    if (!sv->write_failed && fwrite(data, 1, len, sv->f) != len)
        sv->write_failed = true;
    sv->bytes += len;
}

static bool save_data(void *user, const char *data, size_t len)
{
    struct logstream_demux *d = user;
    logstream_demux_feed(d, data, len);
    struct ls_save *sv = d->user;
    return !sv->write_failed && !atomic_load(&sv->ls->stop);
}

static void save_end(void *user, long http_status, const struct berth_error *err)
{
    struct logstream_demux *d = user;
    struct ls_save *sv = d->user;
    (void)http_status;
    sv->ended = true;
    if (err && err->kind != BERTH_ERR_NONE)
        sv->err = *err;
}

static void save_finish(struct ls_save *sv, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void save_finish(struct ls_save *sv, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&sv->ls->mu);
    vsnprintf(sv->ls->save_msg, sizeof sv->ls->save_msg, fmt, ap);
    sv->ls->save_error = error;
    sv->ls->save_done = true;
    pthread_mutex_unlock(&sv->ls->mu);
    va_end(ap);
    ls_wake(sv->ls);
}

static void *save_main(void *arg)
{
    struct ls_save *sv = arg;
    berth_error_clear(&sv->err);
    cJSON *doc = NULL;
    bool tty = false;
    if (engine_negotiate(sv->engine, &sv->err) < 0 ||
        engine_container_inspect(sv->engine, sv->id, false, &doc, &sv->err) < 0) {
        save_finish(sv, true, "Save failed: %s", sv->err.message);
        goto out;
    }
    tty = cJSON_IsTrue(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "Config"), "Tty"));
    cJSON_Delete(doc);
    int fd = open(sv->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || !(sv->f = fdopen(fd, "w"))) {
        if (fd >= 0)
            close(fd);
        save_finish(sv, true, "Save failed: %s: %s", sv->tmp, strerror(errno));
        goto out;
    }
    struct strbuf path;
    strbuf_init(&path);
    strbuf_appendf(&path, "/containers/%s/logs?stdout=1&stderr=1", sv->id);
    if (sv->timestamps)
        strbuf_puts(&path, "&timestamps=1");
    if (sv->opt.tail >= 0)
        strbuf_appendf(&path, "&tail=%ld", sv->opt.tail);
    if (sv->opt.since[0])
        strbuf_appendf(&path, "&since=%s", sv->opt.since);
    struct logstream_demux d;
    logstream_demux_init(&d, tty);
    d.on_payload = save_payload;
    d.user = sv;
    struct engine_streams *st = engine_streams_new(sv->engine);
    struct engine_stream_spec spec = {.path = path.data,
                                      .mode = ENGINE_STREAM_RAW,
                                      .on_data = save_data,
                                      .on_end = save_end,
                                      .user = &d};
    engine_streams_add(st, &spec);
    while (!sv->ended && engine_streams_run(st, 200) > 0) {
    }
    engine_streams_free(st);
    strbuf_done(&path);
    logstream_demux_done(&d);
    bool ok = !sv->write_failed && sv->err.kind == BERTH_ERR_NONE;
    if (fflush(sv->f) != 0 || fsync(fileno(sv->f)) != 0)
        ok = false;
    if (fclose(sv->f) != 0)
        ok = false;
    if (ok && rename(sv->tmp, sv->path) < 0) {
        save_finish(sv, true, "Save failed: %s: %s", sv->path, strerror(errno));
        unlink(sv->tmp);
        goto out;
    }
    if (!ok) {
        unlink(sv->tmp);
        save_finish(sv, true, "Save failed: %s",
                    sv->err.kind != BERTH_ERR_NONE ? sv->err.message : "cannot write the file");
        goto out;
    }
    save_finish(sv, false, "Saved the full log (%llu bytes) to %s", (unsigned long long)sv->bytes,
                sv->path);
out:
    engine_free(sv->engine);
    free(sv->path);
    free(sv->tmp);
    free(sv);
    return NULL;
}

void logstream_save_full(struct logstream *ls, size_t i, const char *path, bool timestamps)
{
    if (ls->save_running) {
        pthread_join(ls->save_thread, NULL);
        ls->save_running = false;
    }
    struct ls_save *sv = xcalloc(1, sizeof *sv);
    sv->ls = ls;
    sv->engine = engine_clone(ls->base);
    snprintf(sv->id, sizeof sv->id, "%s", ls->srcs[i < ls->n ? i : 0].src.id);
    sv->path = xstrdup(path);
    sv->tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    sv->timestamps = timestamps;
    sv->opt = ls->opt;
    if (pthread_create(&ls->save_thread, NULL, save_main, sv) != 0) {
        save_finish(sv, true, "Save failed: cannot start a thread");
        engine_free(sv->engine);
        free(sv->path);
        free(sv->tmp);
        free(sv);
        return;
    }
    ls->save_running = true;
}

bool logstream_save_result(struct logstream *ls, char *msg, size_t size, bool *error)
{
    pthread_mutex_lock(&ls->mu);
    bool done = ls->save_done;
    if (done) {
        snprintf(msg, size, "%s", ls->save_msg);
        *error = ls->save_error;
        ls->save_done = false;
    }
    pthread_mutex_unlock(&ls->mu);
    return done;
}
