/* Hijacked engine connections (see hijack.h).
 *
 * The request is written with curl_easy_send on a CONNECT_ONLY handle, so
 * TLS and unix sockets need no code of their own. Everything after the
 * reply's blank line is stream data: the header reader keeps those bytes
 * and hijack_recv hands them out before reading the socket again. */
#include "config.h"

#include "hijack.h"

#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "engine_transport.h"
#include "strbuf.h"
#include "xalloc.h"

/* A reply header longer than this is not an engine's. */
#define HIJACK_HEAD_MAX 65536
/* An error body is read up to this much. */
#define HIJACK_ERROR_BODY_MAX 65536

#define HIJACK_CTRL_P 0x10
#define HIJACK_CTRL_Q 0x11

struct hijack {
    CURL *curl;
    int fd;
    char *pending; /* stream bytes that came with the header */
    size_t npending, pending_at;
};

static long hijack_ms_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)((now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000);
}

int hijack_parse_status(const char *head, size_t len)
{
    if (len < 12 || strncmp(head, "HTTP/1.", 7) != 0)
        return -1;
    const char *p = head + 8;
    if (*p != ' ')
        return -1;
    int code = 0;
    for (int i = 1; i <= 3; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        code = code * 10 + (p[i] - '0');
    }
    return code;
}

size_t hijack_header_end(const char *buf, size_t len)
{
    for (size_t i = 3; i < len; i++) {
        if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r')
            return i + 1;
    }
    return 0;
}

void hijack_demux_init(struct hijack_demux *d)
{
    memset(d, 0, sizeof *d);
}

void hijack_demux_feed(struct hijack_demux *d, const void *data, size_t n, hijack_demux_fn fn,
                       void *user)
{
    const unsigned char *p = data;
    while (n > 0) {
        if (d->left > 0) {
            size_t take = n < d->left ? n : d->left;
            fn(user, d->stream, (const char *)p, take);
            p += take;
            n -= take;
            d->left -= take;
            continue;
        }
        size_t take = 8 - d->nhead;
        if (take > n)
            take = n;
        memcpy(d->head + d->nhead, p, take);
        d->nhead += take;
        p += take;
        n -= take;
        if (d->nhead < 8)
            break;
        d->stream = d->head[0];
        d->left = (size_t)d->head[4] << 24 | (size_t)d->head[5] << 16 | (size_t)d->head[6] << 8 |
                  (size_t)d->head[7];
        d->nhead = 0;
    }
}

bool hijack_detach_step(int *state, unsigned char byte, bool *held, bool *flush)
{
    *held = false;
    *flush = false;
    if (*state == 1) {
        *state = 0;
        if (byte == HIJACK_CTRL_Q)
            return true;
        *flush = true;
    }
    if (byte == HIJACK_CTRL_P) {
        *state = 1;
        *held = true;
    }
    return false;
}

/* Wait until the socket is readable (or writable); false on timeout. */
static bool hijack_wait(int fd, short events, long timeout_ms)
{
    struct pollfd pfd = {.fd = fd, .events = events};
    int rc;
    do {
        rc = poll(&pfd, 1, timeout_ms < 0 ? -1 : (int)timeout_ms);
    } while (rc < 0 && errno == EINTR);
    return rc > 0;
}

int hijack_send(struct hijack *h, const void *buf, size_t n, struct berth_error *err)
{
    const char *p = buf;
    while (n > 0) {
        size_t sent = 0;
        CURLcode rc = curl_easy_send(h->curl, p, n, &sent);
        if (rc == CURLE_AGAIN) {
            hijack_wait(h->fd, POLLOUT, 1000);
            continue;
        }
        if (rc != CURLE_OK)
            return berth_error_set(err, BERTH_ERR_IO, 0, "cannot write to the engine: %s",
                                   curl_easy_strerror(rc));
        p += sent;
        n -= sent;
    }
    return 0;
}

ssize_t hijack_recv(struct hijack *h, void *buf, size_t n, struct berth_error *err)
{
    if (h->pending_at < h->npending) {
        size_t take = h->npending - h->pending_at;
        if (take > n)
            take = n;
        memcpy(buf, h->pending + h->pending_at, take);
        h->pending_at += take;
        return (ssize_t)take;
    }
    size_t got = 0;
    CURLcode rc = curl_easy_recv(h->curl, buf, n, &got);
    if (rc == CURLE_AGAIN)
        return HIJACK_AGAIN;
    if (rc != CURLE_OK) {
        berth_error_set(err, BERTH_ERR_IO, 0, "the engine connection failed: %s",
                        curl_easy_strerror(rc));
        return -1;
    }
    return (ssize_t)got;
}

/* Read the rest of an error reply (bounded) and turn it into err. */
static int hijack_fail(struct hijack *h, int status, struct strbuf *raw, size_t head_len,
                       long timeout_ms, struct berth_error *err)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    const char *cl = strstr(raw->data, "Content-Length:");
    if (!cl)
        cl = strstr(raw->data, "content-length:");
    size_t want = cl ? (size_t)strtoul(cl + 15, NULL, 10) : HIJACK_ERROR_BODY_MAX;
    while (raw->len - head_len < want && raw->len - head_len < HIJACK_ERROR_BODY_MAX &&
           hijack_ms_since(&t0) < timeout_ms) {
        char buf[4096];
        ssize_t n = hijack_recv(h, buf, sizeof buf, err);
        if (n == HIJACK_AGAIN) {
            hijack_wait(h->fd, POLLIN, 200);
            continue;
        }
        if (n <= 0)
            break;
        strbuf_append(raw, buf, (size_t)n);
    }
    struct engine_response resp;
    engine_response_init(&resp);
    resp.status = status;
    strbuf_append(&resp.body, raw->data + head_len, raw->len - head_len);
    if (engine_check_status(&resp, err) == 0)
        berth_error_set(err, BERTH_ERR_PROTOCOL, status, "the engine answered %d, not a stream",
                        status);
    engine_response_done(&resp);
    return -1;
}

/* Read the reply header; keep the stream bytes after it. */
static int hijack_read_head(struct hijack *h, long timeout_ms, struct berth_error *err)
{
    struct strbuf raw;
    strbuf_init(&raw);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t end = 0;
    while ((end = hijack_header_end(raw.data ? raw.data : "", raw.len)) == 0) {
        long left = timeout_ms - hijack_ms_since(&t0);
        if (left <= 0 || raw.len > HIJACK_HEAD_MAX) {
            strbuf_done(&raw);
            return berth_error_set(err, BERTH_ERR_TIMEOUT, 0,
                                   "the engine did not answer the request in time");
        }
        char buf[4096];
        size_t got = 0;
        CURLcode rc = curl_easy_recv(h->curl, buf, sizeof buf, &got);
        if (rc == CURLE_AGAIN) {
            hijack_wait(h->fd, POLLIN, left);
            continue;
        }
        if (rc != CURLE_OK || got == 0) {
            strbuf_done(&raw);
            return berth_error_set(err, BERTH_ERR_PROTOCOL, 0,
                                   "the engine closed the connection before answering");
        }
        strbuf_append(&raw, buf, got);
    }
    int status = hijack_parse_status(raw.data, raw.len);
    if (status != 101 && status != 200) {
        int rc = hijack_fail(h, status, &raw, end, timeout_ms, err);
        strbuf_done(&raw);
        return rc;
    }
    h->npending = raw.len - end;
    if (h->npending) {
        h->pending = xmalloc(h->npending);
        memcpy(h->pending, raw.data + end, h->npending);
    }
    strbuf_done(&raw);
    return 0;
}

struct hijack *hijack_open(struct engine *e, const char *path, const char *body, long timeout_ms,
                           struct berth_error *err)
{
    if (!engine_api_version(e) && engine_negotiate(e, err) < 0)
        return NULL;
    const struct endpoint *ep = engine_endpoint(e);
    if (engine_transport_check(ep, err) < 0)
        return NULL;
    if (timeout_ms <= 0)
        timeout_ms = engine_timeout_ms(e);
    engine_transport_global_init();
    struct hijack *h = xcalloc(1, sizeof *h);
    h->fd = -1;
    h->curl = curl_easy_init();
    if (!h->curl) {
        free(h);
        berth_error_set(err, BERTH_ERR_IO, 0, "cannot start a connection (libcurl)");
        return NULL;
    }
    char *url = engine_transport_url(ep, engine_api_version(e), "/");
    engine_transport_apply(h->curl, ep);
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(h->curl, CURLOPT_URL, url);
    curl_easy_setopt(h->curl, CURLOPT_CONNECT_ONLY, 1L);
    curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode rc = curl_easy_perform(h->curl);
    free(url);
    if (rc != CURLE_OK) {
        engine_transport_error(err, ep, h->curl, rc, errbuf, timeout_ms);
        hijack_close(h);
        return NULL;
    }
    curl_socket_t sock = CURL_SOCKET_BAD;
    curl_easy_getinfo(h->curl, CURLINFO_ACTIVESOCKET, &sock);
    h->fd = (int)sock;

    struct strbuf req;
    strbuf_init(&req);
    size_t blen = body ? strlen(body) : 0;
    strbuf_appendf(&req, "POST /v%s%s HTTP/1.1\r\n", engine_api_version(e), path);
    if (ep->kind == ENDPOINT_TCP)
        strbuf_appendf(&req, "Host: %s:%d\r\n", ep->host, ep->port);
    else
        strbuf_puts(&req, "Host: docker\r\n");
    strbuf_appendf(&req,
                   "User-Agent: berth/" PACKAGE_VERSION "\r\n"
                   "Content-Type: application/json\r\n"
                   "Connection: Upgrade\r\n"
                   "Upgrade: tcp\r\n"
                   "Content-Length: %zu\r\n\r\n",
                   blen);
    if (blen)
        strbuf_append(&req, body, blen);
    int ok = hijack_send(h, req.data, req.len, err);
    strbuf_done(&req);
    if (ok < 0 || hijack_read_head(h, timeout_ms, err) < 0) {
        hijack_close(h);
        return NULL;
    }
    return h;
}

int hijack_fd(const struct hijack *h)
{
    return h->fd;
}

void hijack_shutdown_write(struct hijack *h)
{
    if (h->fd >= 0)
        shutdown(h->fd, SHUT_WR);
}

void hijack_close(struct hijack *h)
{
    if (!h)
        return;
    if (h->curl)
        curl_easy_cleanup(h->curl);
    free(h->pending);
    free(h);
}
