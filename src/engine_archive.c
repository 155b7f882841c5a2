/* Streaming archive transfers (see engine_archive.h).
 *
 * Each call makes its own easy handle: the engine's kept-alive handle
 * belongs to whichever thread owns that engine, and a transfer of minutes
 * must not hold it. An answer other than 200 is not streamed: its body (the
 * engine's JSON message) is kept, bounded, for the error. */
#include "config.h"

#include "engine_archive.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "engine_transport.h"
#include "strbuf.h"
#include "xalloc.h"

#define ARCHIVE_ERRBODY_MAX 4096

struct archive_xfer {
    CURL *h;
    engine_archive_sink sink;
    engine_archive_source source;
    void *user;
    const atomic_bool *cancel;
    struct berth_error own;  /* the sink's or source's failure */
    bool own_failed;
    struct strbuf errbody;   /* the body of a non-200 answer */
    uint64_t sent;
};

static long archive_status(CURL *h)
{
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    return status;
}

static size_t archive_write(char *data, size_t size, size_t n, void *user)
{
    struct archive_xfer *x = user;
    size_t len = size * n;
    long status = archive_status(x->h);
    if (status != 200 || !x->sink) {
        if (x->errbody.len < ARCHIVE_ERRBODY_MAX)
            strbuf_append(&x->errbody, data, len);
        return len;
    }
    if (x->sink(x->user, data, len, &x->own) < 0) {
        x->own_failed = true;
        return 0; /* CURLE_WRITE_ERROR */
    }
    return len;
}

static size_t archive_read(char *buf, size_t size, size_t n, void *user)
{
    struct archive_xfer *x = user;
    if (x->cancel && atomic_load(x->cancel))
        return CURL_READFUNC_ABORT;
    ssize_t got = x->source(x->user, buf, size * n, &x->own);
    if (got < 0) {
        x->own_failed = true;
        return CURL_READFUNC_ABORT;
    }
    x->sent += (uint64_t)got;
    return (size_t)got;
}

static int archive_progress(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                            curl_off_t ulnow)
{
    (void)dltotal;
    (void)dlnow;
    (void)ultotal;
    (void)ulnow;
    struct archive_xfer *x = user;
    return x->cancel && atomic_load(x->cancel) ? 1 : 0;
}

/* One transfer; put selects PUT with the source, else GET to the sink. */
static int archive_run(struct engine *e, const char *id, const char *path, bool put,
                       struct archive_xfer *x, struct berth_error *err)
{
    if (!engine_api_version(e) && engine_negotiate(e, err) < 0)
        return -1;
    const struct endpoint *ep = engine_endpoint(e);
    if (engine_transport_check(ep, err) < 0)
        return -1;
    engine_transport_global_init();
    char *eid = engine_urlencode(id);
    char *epath = engine_urlencode(path);
    char *rel = xasprintf("/containers/%s/archive?path=%s", eid, epath);
    char *url = engine_transport_url(ep, engine_api_version(e), rel);
    free(eid);
    free(epath);
    free(rel);

    CURL *h = curl_easy_init();
    if (!h) {
        free(url);
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot start a transfer (libcurl)");
    }
    x->h = h;
    strbuf_init(&x->errbody);
    berth_error_clear(&x->own);
    char errbuf[CURL_ERROR_SIZE] = "";
    engine_transport_apply(h, ep);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, engine_timeout_ms(e));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, archive_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, archive_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, x);
    struct curl_slist *headers = curl_slist_append(NULL, "Expect:");
    if (put) {
        headers = curl_slist_append(headers, "Content-Type: application/x-tar");
        curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(h, CURLOPT_READFUNCTION, archive_read);
        curl_easy_setopt(h, CURLOPT_READDATA, x);
    } else {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);

    CURLcode rc = curl_easy_perform(h);
    long status = archive_status(h);
    int ret = 0;
    if (x->own_failed) {
        *err = x->own;
        ret = -1;
    } else if (rc == CURLE_ABORTED_BY_CALLBACK ||
               (x->cancel && atomic_load(x->cancel) && rc != CURLE_OK)) {
        ret = berth_error_set(err, BERTH_ERR_CANCELLED, 0, "cancelled");
    } else if (rc != CURLE_OK) {
        ret = engine_transport_error(err, ep, h, rc, errbuf, 0);
    } else if (status != 200) {
        struct engine_response resp;
        engine_response_init(&resp);
        resp.status = status;
        strbuf_append(&resp.body, x->errbody.data ? x->errbody.data : "", x->errbody.len);
        ret = engine_check_status(&resp, err);
        if (ret == 0)
            ret = berth_error_set(err, BERTH_ERR_HTTP, status, "unexpected answer HTTP %ld",
                                  status);
        engine_response_done(&resp);
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    strbuf_done(&x->errbody);
    free(url);
    return ret;
}

int engine_archive_get(struct engine *e, const char *id, const char *path, engine_archive_sink sink,
                       void *user, const atomic_bool *cancel, struct berth_error *err)
{
    struct archive_xfer x;
    memset(&x, 0, sizeof x);
    x.sink = sink;
    x.user = user;
    x.cancel = cancel;
    return archive_run(e, id, path, false, &x, err);
}

int engine_archive_put(struct engine *e, const char *id, const char *path,
                       engine_archive_source source, void *user, const atomic_bool *cancel,
                       uint64_t *sent, struct berth_error *err)
{
    struct archive_xfer x;
    memset(&x, 0, sizeof x);
    x.source = source;
    x.user = user;
    x.cancel = cancel;
    int rc = archive_run(e, id, path, true, &x, err);
    if (sent)
        *sent = x.sent;
    return rc;
}
