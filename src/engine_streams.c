/* Many engine streams on one thread with libcurl multi: see engine_streams.h.
 *
 * Invariants:
 *  - Only the owner thread touches the stream list and the multi handle.
 *    Other threads only append ids to the cancel list (under the mutex) and
 *    call curl_multi_wakeup, which interrupts curl_multi_poll at once, so a
 *    cancel lands within one loop turn even on an idle stream.
 *  - New streams are attached to the multi handle at the start of run(),
 *    never inside a libcurl callback (libcurl forbids that), so add() is
 *    safe from the stream callbacks.
 *  - A stream leaves the list before its on_end runs, and on_end runs
 *    exactly once, outside any libcurl callback. */
#include "config.h"

#include "engine_streams.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "engine_json_split.h"
#include "engine_transport.h"
#include "xalloc.h"

/* Bounds what is buffered: one JSON value, or the body of an error reply. */
#define ENGINE_STREAMS_MAX_VALUE (64u * 1024 * 1024)
#define ENGINE_STREAMS_MAX_ERRBODY (64u * 1024)

struct engine_stream {
    int id;
    struct engine_streams *set;
    CURL *easy;
    struct curl_slist *headers;
    char *url;
    char *method;
    char *body;                     /* copy of spec.body, or NULL */
    char *header;                   /* copy of spec.header, or NULL */
    struct engine_stream_spec spec; /* copy; spec.path/method not used after add */
    bool attached;                  /* added to the multi handle */
    bool opened;                    /* final headers seen */
    bool stopped;                   /* a callback asked to stop */
    bool failed;                    /* err holds a setup or protocol failure */
    struct berth_error err;
    long status;                    /* HTTP status of the final response */
    struct strbuf errbody;          /* body of a non-2xx reply */
    struct engine_json_split split; /* JSON mode */
    char errbuf[CURL_ERROR_SIZE];
    struct engine_stream *next;
};

struct engine_streams {
    struct endpoint ep;
    char version[16]; /* empty: paths go out unversioned */
    CURLM *multi;
    struct engine_stream *head;
    int next_id;
    int count; /* streams not yet ended */
    pthread_mutex_t lock;
    int *cancel; /* ids to cancel; guarded by lock */
    size_t ncancel, cancel_cap;
};

static bool engine_stream_ok_status(long status)
{
    return status >= 200 && status < 300;
}

static size_t engine_stream_header_cb(char *line, size_t size, size_t nmemb, void *user)
{
    struct engine_stream *st = user;
    size_t len = size * nmemb;
    if (!engine_transport_header_end(line, len))
        return len;
    long status = 0;
    curl_easy_getinfo(st->easy, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 100 && status < 200)
        return len; /* interim response; the real one follows */
    st->status = status;
    if (!st->opened) {
        st->opened = true;
        if (engine_stream_ok_status(status) && st->spec.on_open)
            st->spec.on_open(st->spec.user, status);
    }
    return len;
}

static bool engine_stream_emit(void *user, const cJSON *value)
{
    struct engine_stream *st = user;
    return st->spec.on_json ? st->spec.on_json(st->spec.user, value) : true;
}

static void engine_stream_protocol_error(struct engine_stream *st, const char *what)
{
    size_t len;
    const char *p = engine_json_split_pending(&st->split, &len);
    berth_error_set(&st->err, BERTH_ERR_PROTOCOL, st->status, "%s in the stream %s: %.*s", what,
                    st->url, (int)(len > 60 ? 60 : len), p);
    st->failed = true;
}

static size_t engine_stream_write_cb(char *data, size_t size, size_t nmemb, void *user)
{
    struct engine_stream *st = user;
    size_t len = size * nmemb;
    if (st->status == 0)
        curl_easy_getinfo(st->easy, CURLINFO_RESPONSE_CODE, &st->status);
    if (!engine_stream_ok_status(st->status)) {
        /* Keep the engine's error text for on_end. */
        if (st->errbody.len < ENGINE_STREAMS_MAX_ERRBODY)
            strbuf_append(&st->errbody, data, len);
        return len;
    }
    if (st->stopped || st->failed)
        return 0;
    if (st->spec.mode == ENGINE_STREAM_RAW) {
        if (st->spec.on_data && !st->spec.on_data(st->spec.user, data, len)) {
            st->stopped = true;
            return 0; /* anything but len aborts the transfer */
        }
        return len;
    }
    bool stop = false;
    if (engine_json_split_feed(&st->split, data, len, engine_stream_emit, st, &stop) < 0) {
        engine_stream_protocol_error(st, "invalid JSON");
        return 0;
    }
    if (stop) {
        st->stopped = true;
        return 0;
    }
    return len;
}

/* Prepare the easy handle; on failure the stream ends at the next run(). */
static void engine_stream_setup(struct engine_streams *s, struct engine_stream *st,
                                const char *path)
{
    st->url = engine_transport_url(&s->ep, s->version[0] ? s->version : NULL, path);
    if (engine_transport_check(&s->ep, &st->err) < 0) {
        st->failed = true;
        return;
    }
    st->easy = curl_easy_init();
    if (!st->easy) {
        berth_error_set(&st->err, BERTH_ERR_IO, 0, "cannot create a libcurl handle");
        st->failed = true;
        return;
    }
    CURL *h = st->easy;
    engine_transport_apply(h, &s->ep);
    curl_easy_setopt(h, CURLOPT_URL, st->url);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, st->errbuf);
    curl_easy_setopt(h, CURLOPT_PRIVATE, st);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, engine_stream_write_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, st);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, engine_stream_header_cb);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, st);
    /* Streams live as long as they like; only a caller-given bound applies. */
    if (st->spec.timeout_ms > 0) {
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, st->spec.timeout_ms);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, st->spec.timeout_ms);
    } else {
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ENGINE_DEFAULT_TIMEOUT_MS);
    }
    engine_transport_set_method(h, st->method, NULL, st->body, st->body ? st->spec.body_len : 0,
                                &st->headers);
    if (st->header) {
        st->headers = curl_slist_append(st->headers, st->header);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, st->headers);
    }
}

static void engine_stream_free(struct engine_stream *st)
{
    if (st->easy)
        curl_easy_cleanup(st->easy);
    curl_slist_free_all(st->headers);
    strbuf_done(&st->errbody);
    engine_json_split_done(&st->split);
    free(st->url);
    free(st->method);
    free(st->header);
    free(st->body);
    free(st);
}

static void engine_streams_unlink(struct engine_streams *s, struct engine_stream *st)
{
    for (struct engine_stream **pp = &s->head; *pp; pp = &(*pp)->next) {
        if (*pp == st) {
            *pp = st->next;
            break;
        }
    }
    s->count--;
}

/* End a stream: detach it, work out why it ended, call on_end once, free. */
static void engine_stream_finish(struct engine_streams *s, struct engine_stream *st, CURLcode rc,
                                 bool cancelled)
{
    if (st->attached) {
        curl_multi_remove_handle(s->multi, st->easy);
        st->attached = false;
    }
    engine_streams_unlink(s, st);
    struct berth_error err;
    berth_error_clear(&err);
    const struct berth_error *result = &err;
    if (cancelled) {
        berth_error_set(&err, BERTH_ERR_CANCELLED, st->status, "stream %s cancelled",
                        st->url ? st->url : "");
    } else if (st->failed) {
        result = &st->err;
    } else if (st->stopped) {
        result = NULL;
    } else if (rc != CURLE_OK) {
        engine_transport_error(&err, &s->ep, st->easy, rc, st->errbuf, st->spec.timeout_ms);
        err.http_status = st->status;
    } else if (!engine_stream_ok_status(st->status)) {
        struct engine_response resp = {.status = st->status, .body = st->errbody};
        if (engine_check_status(&resp, &err) == 0)
            result = NULL; /* 304: nothing to stream, not a failure */
    } else if (st->spec.mode == ENGINE_STREAM_JSON) {
        bool stop = false;
        if (engine_json_split_finish(&st->split, engine_stream_emit, st, &stop) < 0)
            berth_error_set(&err, BERTH_ERR_PROTOCOL, st->status,
                            "the stream %s ended in the middle of a JSON value", st->url);
        else
            result = NULL;
    } else {
        result = NULL;
    }
    if (st->spec.on_end)
        st->spec.on_end(st->spec.user, st->status, result);
    engine_stream_free(st);
}

struct engine_streams *engine_streams_new(const struct engine *e)
{
    engine_transport_global_init();
    struct engine_streams *s = xcalloc(1, sizeof *s);
    endpoint_copy(&s->ep, engine_endpoint(e));
    const char *v = engine_api_version(e);
    snprintf(s->version, sizeof s->version, "%s", v ? v : "");
    s->multi = curl_multi_init();
    if (!s->multi) {
        fprintf(stderr, "berth: cannot create a libcurl multi handle\n");
        abort();
    }
    pthread_mutex_init(&s->lock, NULL);
    s->next_id = 1;
    return s;
}

void engine_streams_free(struct engine_streams *s)
{
    if (!s)
        return;
    while (s->head)
        engine_stream_finish(s, s->head, CURLE_OK, true);
    curl_multi_cleanup(s->multi);
    pthread_mutex_destroy(&s->lock);
    endpoint_done(&s->ep);
    free(s->cancel);
    free(s);
}

int engine_streams_add(struct engine_streams *s, const struct engine_stream_spec *spec)
{
    struct engine_stream *st = xcalloc(1, sizeof *st);
    st->set = s;
    st->id = s->next_id++;
    if (s->next_id <= 0)
        s->next_id = 1;
    st->spec = *spec;
    st->spec.path = NULL;
    st->spec.method = NULL;
    st->method = xstrdup(spec->method ? spec->method : "GET");
    if (spec->body) {
        st->body = xmalloc(spec->body_len + 1);
        memcpy(st->body, spec->body, spec->body_len);
        st->body[spec->body_len] = '\0';
    }
    st->spec.body = NULL;
    st->header = spec->header ? xstrdup(spec->header) : NULL;
    st->spec.header = NULL;
    strbuf_init(&st->errbody);
    engine_json_split_init(&st->split, ENGINE_STREAMS_MAX_VALUE);
    engine_stream_setup(s, st, spec->path);
    /* Append, so streams start in the order they were added. */
    struct engine_stream **pp = &s->head;
    while (*pp)
        pp = &(*pp)->next;
    *pp = st;
    s->count++;
    return st->id;
}

void engine_streams_cancel(struct engine_streams *s, int id)
{
    pthread_mutex_lock(&s->lock);
    if (s->ncancel == s->cancel_cap) {
        s->cancel_cap = s->cancel_cap ? s->cancel_cap * 2 : 8;
        s->cancel = xrealloc(s->cancel, s->cancel_cap * sizeof *s->cancel);
    }
    s->cancel[s->ncancel++] = id;
    pthread_mutex_unlock(&s->lock);
    curl_multi_wakeup(s->multi);
}

void engine_streams_wakeup(struct engine_streams *s)
{
    curl_multi_wakeup(s->multi);
}

static struct engine_stream *engine_streams_find(struct engine_streams *s, int id)
{
    for (struct engine_stream *st = s->head; st; st = st->next)
        if (st->id == id)
            return st;
    return NULL;
}

/* Apply cancels requested so far; returns how many streams ended. */
static int engine_streams_do_cancels(struct engine_streams *s)
{
    pthread_mutex_lock(&s->lock);
    int *ids = s->cancel;
    size_t n = s->ncancel;
    s->cancel = NULL;
    s->ncancel = s->cancel_cap = 0;
    pthread_mutex_unlock(&s->lock);
    int ended = 0;
    for (size_t i = 0; i < n; i++) {
        struct engine_stream *st = engine_streams_find(s, ids[i]);
        if (st) {
            engine_stream_finish(s, st, CURLE_OK, true);
            ended++;
        }
    }
    free(ids);
    return ended;
}

/* Attach new streams; end those whose setup failed. Returns how many ended. */
static int engine_streams_attach(struct engine_streams *s)
{
    int ended = 0;
    struct engine_stream *st = s->head;
    while (st) {
        struct engine_stream *next = st->next;
        if (st->failed && !st->attached) {
            engine_stream_finish(s, st, CURLE_OK, false);
            ended++;
        } else if (!st->attached) {
            CURLMcode mc = curl_multi_add_handle(s->multi, st->easy);
            if (mc != CURLM_OK) {
                berth_error_set(&st->err, BERTH_ERR_IO, 0, "cannot start the stream %s: %s",
                                st->url, curl_multi_strerror(mc));
                st->failed = true;
                engine_stream_finish(s, st, CURLE_OK, false);
                ended++;
            } else {
                st->attached = true;
            }
        }
        st = next;
    }
    return ended;
}

/* Finish the transfers libcurl reports done; returns how many ended. */
static int engine_streams_collect(struct engine_streams *s)
{
    int ended = 0;
    int left;
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(s->multi, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        struct engine_stream *st = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &st);
        CURLcode rc = msg->data.result;
        if (st) {
            engine_stream_finish(s, st, rc, false);
            ended++;
        }
    }
    return ended;
}

int engine_streams_run(struct engine_streams *s, int timeout_ms)
{
    int running = 0;
    int ended = engine_streams_attach(s);
    ended += engine_streams_do_cancels(s);
    curl_multi_perform(s->multi, &running);
    ended += engine_streams_collect(s);
    /* Something already happened: let the caller look before waiting. */
    if (ended == 0 && timeout_ms > 0) {
        curl_multi_poll(s->multi, NULL, 0, timeout_ms, NULL);
        engine_streams_do_cancels(s);
        curl_multi_perform(s->multi, &running);
        engine_streams_collect(s);
    }
    return s->count;
}

int engine_streams_count(const struct engine_streams *s)
{
    return s->count;
}
