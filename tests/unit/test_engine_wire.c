/* What the client puts on the wire and how it reacts, against a scripted
 * HTTP server on a unix socket in this process: version negotiation
 * (header spellings, Podman, no header, HEAD refused), the one retry after
 * "too new"/"too old", keep-alive, the Content-Type rules that avoid the
 * engine's body-swallowing form parser, and the stream set's delivery,
 * error and timeout paths. The real engine is exercised by the
 * integration tests; this covers answers a real engine cannot be made to
 * give on demand. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <pthread.h>
#include <poll.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cmocka.h>

#include "engine.h"
#include "engine_streams.h"
#include "xalloc.h"

/* --- the scripted server ------------------------------------------------ */

#define MAX_CONNS 8
#define MAX_REQS 32

struct fake_req {
    char method[16];
    char path[256];
    char headers[2048]; /* raw header block */
    char body[4096];
    size_t body_len;
};

struct fake_server;
/* Returns the whole raw response, or NULL to never answer. */
typedef const char *(*fake_respond_fn)(struct fake_server *srv, const struct fake_req *req,
                                       int nth);

struct fake_server {
    char dir[64];
    char path[108];
    int listen_fd;
    pthread_t thread;
    volatile int stop;
    pthread_mutex_t lock;
    int connections; /* accepted so far */
    struct fake_req reqs[MAX_REQS];
    int nreq;
    fake_respond_fn respond;
    const char *api_version; /* for the ping responder */
    bool head_refused;
};

struct conn {
    int fd;
    struct strbuf in;
};

/* Parse one complete request from c->in if there is one. */
static bool take_request(struct conn *c, struct fake_req *r)
{
    char *end = strstr(c->in.data, "\r\n\r\n");
    if (!end)
        return false;
    size_t hlen = (size_t)(end - c->in.data) + 4;
    size_t clen = 0;
    const char *cl = strcasestr(c->in.data, "\r\nContent-Length:");
    if (cl && cl < end)
        clen = strtoul(cl + 17, NULL, 10);
    if (c->in.len < hlen + clen)
        return false;
    memset(r, 0, sizeof *r);
    sscanf(c->in.data, "%15s %255s", r->method, r->path);
    snprintf(r->headers, sizeof r->headers, "%.*s", (int)hlen, c->in.data);
    r->body_len = clen < sizeof r->body ? clen : sizeof r->body;
    memcpy(r->body, c->in.data + hlen, r->body_len);
    memmove(c->in.data, c->in.data + hlen + clen, c->in.len - hlen - clen);
    c->in.len -= hlen + clen;
    c->in.data[c->in.len] = '\0';
    return true;
}

static void write_all(int fd, const char *s, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, s, len);
        if (n <= 0)
            return;
        s += n;
        len -= (size_t)n;
    }
}

static void *server_main(void *arg)
{
    struct fake_server *srv = arg;
    struct conn conns[MAX_CONNS];
    int nconn = 0;
    while (!srv->stop) {
        struct pollfd pfd[MAX_CONNS + 1];
        pfd[0].fd = srv->listen_fd;
        pfd[0].events = POLLIN;
        for (int i = 0; i < nconn; i++) {
            pfd[i + 1].fd = conns[i].fd;
            pfd[i + 1].events = POLLIN;
        }
        if (poll(pfd, (nfds_t)nconn + 1, 20) <= 0)
            continue;
        if ((pfd[0].revents & POLLIN) && nconn < MAX_CONNS) {
            int fd = accept(srv->listen_fd, NULL, NULL);
            if (fd >= 0) {
                conns[nconn].fd = fd;
                strbuf_init(&conns[nconn].in);
                nconn++;
                pthread_mutex_lock(&srv->lock);
                srv->connections++;
                pthread_mutex_unlock(&srv->lock);
            }
        }
        for (int i = 0; i < nconn; i++) {
            if (!(pfd[i + 1].revents & (POLLIN | POLLHUP)))
                continue;
            char buf[4096];
            ssize_t n = read(conns[i].fd, buf, sizeof buf);
            bool closed = n <= 0;
            if (n > 0)
                strbuf_append(&conns[i].in, buf, (size_t)n);
            struct fake_req r;
            while (!closed && take_request(&conns[i], &r)) {
                pthread_mutex_lock(&srv->lock);
                int nth = srv->nreq;
                if (srv->nreq < MAX_REQS)
                    srv->reqs[srv->nreq++] = r;
                pthread_mutex_unlock(&srv->lock);
                const char *resp = srv->respond(srv, &r, nth);
                if (resp) {
                    write_all(conns[i].fd, resp, strlen(resp));
                    if (strstr(resp, "Connection: close"))
                        closed = true;
                }
            }
            if (closed) {
                close(conns[i].fd);
                strbuf_done(&conns[i].in);
                conns[i] = conns[--nconn];
                i--;
            }
        }
    }
    for (int i = 0; i < nconn; i++) {
        close(conns[i].fd);
        strbuf_done(&conns[i].in);
    }
    return NULL;
}

static struct fake_server *server_start(fake_respond_fn respond)
{
    struct fake_server *srv = xcalloc(1, sizeof *srv);
    snprintf(srv->dir, sizeof srv->dir, "/tmp/berth-wire-XXXXXX");
    assert_non_null(mkdtemp(srv->dir));
    snprintf(srv->path, sizeof srv->path, "%s/engine.sock", srv->dir);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", srv->path);
    srv->listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_int_equal(bind(srv->listen_fd, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(listen(srv->listen_fd, 16), 0);
    pthread_mutex_init(&srv->lock, NULL);
    srv->respond = respond;
    srv->api_version = "1.41";
    pthread_create(&srv->thread, NULL, server_main, srv);
    return srv;
}

static void server_stop(struct fake_server *srv)
{
    srv->stop = 1;
    pthread_join(srv->thread, NULL);
    close(srv->listen_fd);
    unlink(srv->path);
    rmdir(srv->dir);
    pthread_mutex_destroy(&srv->lock);
    free(srv);
}

static struct engine *client_for(struct fake_server *srv, long timeout_ms)
{
    struct endpoint ep;
    struct berth_error err;
    char *url = xasprintf("unix://%s", srv->path);
    assert_int_equal(endpoint_parse_host(url, &ep, &err), 0);
    free(url);
    struct engine *e = engine_new(&ep, timeout_ms);
    endpoint_done(&ep);
    return e;
}

static const struct fake_req *req_at(struct fake_server *srv, int i)
{
    pthread_mutex_lock(&srv->lock);
    assert_true(i < srv->nreq);
    pthread_mutex_unlock(&srv->lock);
    return &srv->reqs[i];
}

#define OK_EMPTY "HTTP/1.1 204 No Content\r\nApi-Version: 1.41\r\n\r\n"
#define OK_JSON "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n[]\n"

static char ping_buf[512];

/* /_ping answers with srv->api_version (NULL: no header); the rest 200 []. */
static const char *respond_ping(struct fake_server *srv, const struct fake_req *r, int nth)
{
    (void)nth;
    if (strcmp(r->path, "/_ping") == 0) {
        if (srv->head_refused && strcmp(r->method, "HEAD") == 0)
            return "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n";
        snprintf(
            ping_buf, sizeof ping_buf,
            "HTTP/1.1 200 OK\r\n%s%s%sContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s",
            srv->api_version ? "API-Version: " : "", srv->api_version ? srv->api_version : "",
            srv->api_version ? "\r\n" : "", strcmp(r->method, "HEAD") == 0 ? 0 : 2,
            strcmp(r->method, "HEAD") == 0 ? "" : "OK");
        return ping_buf;
    }
    return OK_JSON;
}

/* --- negotiation -------------------------------------------------------- */

static void negotiate_with(const char *announced, bool head_refused, const char *want_version,
                           const char *want_path)
{
    struct fake_server *srv = server_start(respond_ping);
    srv->api_version = announced;
    srv->head_refused = head_refused;
    struct engine *e = client_for(srv, 2000);
    struct berth_error err;
    cJSON *out;
    if (engine_get_json(e, "/containers/json", &out, &err) != 0)
        fail_msg("request failed: %s", err.message);
    cJSON_Delete(out);
    assert_string_equal(engine_api_version(e), want_version);
    int last = srv->nreq - 1;
    assert_string_equal(req_at(srv, 0)->method, "HEAD");
    assert_string_equal(req_at(srv, 0)->path, "/_ping");
    assert_string_equal(req_at(srv, last)->path, want_path);
    engine_free(e);
    server_stop(srv);
}

static void test_negotiate_versions(void **state)
{
    (void)state;
    negotiate_with("1.41", false, "1.41", "/v1.41/containers/json");
    negotiate_with("1.50", false, "1.47", "/v1.47/containers/json");
    negotiate_with("1.40", false, "1.40", "/v1.40/containers/json");
    negotiate_with(NULL, false, "1.24", "/v1.24/containers/json");
    negotiate_with("nonsense", false, "1.24", "/v1.24/containers/json");
}

static void test_negotiate_get_fallback(void **state)
{
    (void)state;
    struct fake_server *srv = server_start(respond_ping);
    srv->head_refused = true;
    srv->api_version = "1.43";
    struct engine *e = client_for(srv, 2000);
    struct berth_error err;
    assert_int_equal(engine_negotiate(e, &err), 0);
    assert_string_equal(engine_api_version(e), "1.43");
    assert_int_equal(engine_api_minor(e), 43);
    assert_int_equal(srv->nreq, 2);
    assert_string_equal(req_at(srv, 1)->method, "GET");
    engine_free(e);
    server_stop(srv);
}

static const char *respond_podman(struct fake_server *srv, const struct fake_req *r, int nth)
{
    (void)srv;
    (void)r;
    (void)nth;
    return "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nLibpod-Api-Version: 4.3.1\r\n"
           "Server: Libpod/4.3.1 (linux)\r\nContent-Length: 0\r\n\r\n";
}

static void test_podman_detected(void **state)
{
    (void)state;
    struct fake_server *srv = server_start(respond_podman);
    struct engine *e = client_for(srv, 2000);
    struct berth_error err;
    assert_false(engine_is_podman(e));
    assert_int_equal(engine_negotiate(e, &err), 0);
    assert_true(engine_is_podman(e));
    assert_string_equal(engine_api_version(e), "1.41");
    /* A clone speaks the same version without asking again. */
    struct engine *c = engine_clone(e);
    assert_string_equal(engine_api_version(c), "1.41");
    assert_true(engine_is_podman(c));
    engine_free(c);
    engine_free(e);
    server_stop(srv);
}

static const char *respond_ping_error(struct fake_server *srv, const struct fake_req *r, int nth)
{
    (void)srv;
    (void)nth;
    /* Like the engine: a HEAD reply announces the length but has no body. */
    if (strcmp(r->method, "HEAD") == 0)
        return "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
               "Content-Length: 35\r\n\r\n";
    return "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
           "Content-Length: 35\r\n\r\n{\"message\":\"daemon is not ready\"}\r\n";
}

static void test_ping_http_error(void **state)
{
    (void)state;
    struct fake_server *srv = server_start(respond_ping_error);
    struct engine *e = client_for(srv, 2000);
    struct berth_error err;
    assert_int_equal(engine_ping(e, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_HTTP);
    assert_int_equal(err.http_status, 500);
    if (!strstr(err.message, "daemon is not ready"))
        fail_msg("message: %s", err.message);
    assert_null(engine_api_version(e));
    engine_free(e);
    server_stop(srv);
}

/* First ping says 1.44, the engine then rejects 1.44 and pings 1.41. */
static const char *respond_downgrade(struct fake_server *srv, const struct fake_req *r, int nth)
{
    if (strcmp(r->path, "/_ping") == 0) {
        srv->api_version = nth == 0 ? "1.44" : "1.41";
        return respond_ping(srv, r, nth);
    }
    if (strncmp(r->path, "/v1.44/", 7) == 0)
        return "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
               "Content-Length: 84\r\n\r\n"
               "{\"message\":\"client version 1.44 is too new. Maximum supported API version is "
               "1.41\"}\n";
    return OK_JSON;
}

static void test_too_new_retries_once(void **state)
{
    (void)state;
    struct fake_server *srv = server_start(respond_downgrade);
    struct engine *e = client_for(srv, 2000);
    struct berth_error err;
    cJSON *out;
    if (engine_get_json(e, "/containers/json", &out, &err) != 0)
        fail_msg("request failed: %s", err.message);
    cJSON_Delete(out);
    assert_int_equal(srv->nreq, 4);
    assert_string_equal(req_at(srv, 0)->path, "/_ping");
    assert_string_equal(req_at(srv, 1)->path, "/v1.44/containers/json");
    assert_string_equal(req_at(srv, 2)->path, "/_ping");
    assert_string_equal(req_at(srv, 3)->path, "/v1.41/containers/json");
    assert_string_equal(engine_api_version(e), "1.41");
    engine_free(e);
    server_stop(srv);
}

/* Always "too old", in plain text: one retry, then the engine's words. */
static const char *respond_too_old(struct fake_server *srv, const struct fake_req *r, int nth)
{
    if (strcmp(r->path, "/_ping") == 0) {
        srv->api_version = nth == 0 ? "1.41" : "1.43";
        return respond_ping(srv, r, nth);
    }
    return "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
           "Content-Length: 117\r\n\r\n"
           "client version 1.41 is too old. Minimum supported API version is 1.44, please "
           "upgrade your client to a newer version\n";
}

static void test_too_old_gives_up_after_one_retry(void **state)
{
    (void)state;
    struct fake_server *srv = server_start(respond_too_old);
    struct engine *e = client_for(srv, 2000);
    struct berth_error err;
    cJSON *out;
    assert_int_equal(engine_get_json(e, "/info", &out, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_HTTP);
    assert_int_equal(err.http_status, 400);
    assert_non_null(strstr(err.message, "is too old. Minimum supported API version is 1.44"));
    assert_int_equal(srv->nreq, 4); /* ping, try, ping, retry: no loop */
    assert_string_equal(req_at(srv, 3)->path, "/v1.43/info");
    engine_free(e);
    server_stop(srv);
}

/* --- what goes on the wire --------------------------------------------- */

static bool has_header(const struct fake_req *r, const char *line)
{
    return strcasestr(r->headers, line) != NULL;
}

static void test_keep_alive(void **state)
{
    (void)state;
    struct fake_server *srv = server_start(respond_ping);
    struct engine *e = client_for(srv, 2000);
    struct berth_error err;
    for (int i = 0; i < 5; i++) {
        cJSON *out;
        assert_int_equal(engine_get_json(e, "/containers/json", &out, &err), 0);
        cJSON_Delete(out);
    }
    assert_int_equal(srv->nreq, 6);
    assert_int_equal(srv->connections, 1);
    assert_true(has_header(req_at(srv, 1), "\r\nUser-Agent: berth/"));
    engine_free(e);
    server_stop(srv);
}

static void test_content_types(void **state)
{
    (void)state;
    struct fake_server *srv = server_start(respond_ping);
    struct engine *e = client_for(srv, 2000);
    struct berth_error err;
    struct engine_response resp;
    engine_response_init(&resp);

    const char *json = "{\"Image\":\"x\",\"Cmd\":[\"sh\"]}";
    assert_int_equal(engine_request(e, "POST", "/containers/create?name=a", "application/json",
                                    json, strlen(json), &resp, &err),
                     0);
    const struct fake_req *r = req_at(srv, 1);
    assert_string_equal(r->method, "POST");
    assert_true(has_header(r, "\r\nContent-Type: application/json\r\n"));
    assert_false(has_header(r, "x-www-form-urlencoded"));
    assert_int_equal(r->body_len, strlen(json));
    assert_memory_equal(r->body, json, strlen(json));

    /* A body without a type defaults to JSON, never to a form. */
    assert_int_equal(engine_request(e, "POST", "/x", NULL, "{}", 2, &resp, &err), 0);
    assert_true(has_header(req_at(srv, 2), "\r\nContent-Type: application/json\r\n"));

    /* No body: no Content-Type at all, and an explicit zero length. */
    assert_int_equal(engine_request(e, "POST", "/containers/a/start", NULL, NULL, 0, &resp, &err),
                     0);
    r = req_at(srv, 3);
    assert_false(has_header(r, "Content-Type"));
    assert_true(has_header(r, "\r\nContent-Length: 0\r\n"));

    /* Binary bodies (a tar) go through whole, with their own type. */
    char tar[1024];
    for (size_t i = 0; i < sizeof tar; i++)
        tar[i] = (char)(i % 7 == 0 ? 0 : i);
    assert_int_equal(engine_request(e, "PUT", "/containers/a/archive?path=%2Fdata",
                                    "application/x-tar", tar, sizeof tar, &resp, &err),
                     0);
    r = req_at(srv, 4);
    assert_string_equal(r->method, "PUT");
    assert_true(has_header(r, "\r\nContent-Type: application/x-tar\r\n"));
    assert_int_equal(r->body_len, sizeof tar);
    assert_memory_equal(r->body, tar, sizeof tar);

    assert_int_equal(
        engine_request(e, "DELETE", "/containers/a?force=1", NULL, NULL, 0, &resp, &err), 0);
    assert_string_equal(req_at(srv, 5)->method, "DELETE");
    assert_false(has_header(req_at(srv, 5), "Content-Type"));

    assert_int_equal(
        engine_request(e, "HEAD", "/containers/a/archive?path=%2F", NULL, NULL, 0, &resp, &err), 0);
    assert_string_equal(req_at(srv, 6)->method, "HEAD");
    /* After a HEAD the reused handle must do a normal GET again. */
    assert_int_equal(engine_request(e, "GET", "/info", NULL, NULL, 0, &resp, &err), 0);
    assert_string_equal(req_at(srv, 7)->method, "GET");
    assert_string_equal(resp.body.data, "[]\n");
    engine_response_done(&resp);
    engine_free(e);
    server_stop(srv);
}

/* --- streams ------------------------------------------------------------ */

struct sink {
    int opens;
    int values;
    int ends;
    int order_ok; /* on_open came before the first value */
    long status;
    bool had_err;
    struct berth_error err;
    int stop_after;
};

static void sink_open(void *user, long status)
{
    struct sink *k = user;
    (void)status;
    k->opens++;
    k->order_ok = k->values == 0;
}

static bool sink_json(void *user, const cJSON *v)
{
    struct sink *k = user;
    (void)v;
    k->values++;
    return !(k->stop_after && k->values >= k->stop_after);
}

static void sink_end(void *user, long status, const struct berth_error *err)
{
    struct sink *k = user;
    k->ends++;
    k->status = status;
    k->had_err = err != NULL;
    if (err)
        k->err = *err;
}

static const char *respond_streams(struct fake_server *srv, const struct fake_req *r, int nth)
{
    (void)srv;
    (void)nth;
    if (strstr(r->path, "/three"))
        /* No length, connection close; last value without a newline. */
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
               "{\"a\":1}\n{\"b\":[1,2,\n3]}\n{\"c\":\"}\"}";
    if (strstr(r->path, "/missing"))
        return "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: "
               "38\r\n\r\n{\"message\":\"No such container: nope\"}\n";
    if (strstr(r->path, "/garbage"))
        return "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{\"ok\":1}\nnot json at all\n";
    if (strstr(r->path, "/truncated"))
        return "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{\"ok\":1}\n{\"half\":";
    if (strstr(r->path, "/hang"))
        return NULL;
    return OK_JSON;
}

static struct sink run_stream(struct fake_server *srv, const char *path,
                              enum engine_stream_mode mode, long timeout_ms, int stop_after)
{
    struct engine *e = client_for(srv, 2000);
    struct engine_streams *s = engine_streams_new(e);
    struct sink k = {.stop_after = stop_after};
    struct engine_stream_spec spec = {
        .path = path,
        .mode = mode,
        .on_open = sink_open,
        .on_json = sink_json,
        .on_end = sink_end,
        .user = &k,
        .timeout_ms = timeout_ms,
    };
    int id = engine_streams_add(s, &spec);
    assert_true(id > 0);
    assert_int_equal(engine_streams_count(s), 1);
    for (int i = 0; i < 100 && engine_streams_run(s, 100) > 0; i++)
        ;
    assert_int_equal(engine_streams_count(s), 0);
    engine_streams_free(s);
    engine_free(e);
    return k;
}

static void test_stream_values_and_clean_end(void **state)
{
    (void)state;
    struct fake_server *srv = server_start(respond_streams);
    struct sink k = run_stream(srv, "/three", ENGINE_STREAM_JSON, 0, 0);
    assert_int_equal(k.opens, 1);
    assert_true(k.order_ok);
    assert_int_equal(k.values, 3);
    assert_int_equal(k.ends, 1);
    assert_false(k.had_err);
    assert_int_equal(k.status, 200);
    /* Unversioned path: the engine used for the set never negotiated. */
    assert_string_equal(req_at(srv, 0)->path, "/three");
    server_stop(srv);
}

static void test_stream_stop_by_callback(void **state)
{
    (void)state;
    struct fake_server *srv = server_start(respond_streams);
    struct sink k = run_stream(srv, "/three", ENGINE_STREAM_JSON, 0, 1);
    assert_int_equal(k.values, 1);
    assert_int_equal(k.ends, 1);
    assert_false(k.had_err);
    server_stop(srv);
}

static void test_stream_http_error(void **state)
{
    (void)state;
    struct fake_server *srv = server_start(respond_streams);
    struct sink k = run_stream(srv, "/missing", ENGINE_STREAM_JSON, 0, 0);
    assert_int_equal(k.opens, 0);
    assert_int_equal(k.values, 0);
    assert_int_equal(k.ends, 1);
    assert_true(k.had_err);
    assert_int_equal(k.err.kind, BERTH_ERR_HTTP);
    assert_int_equal(k.status, 404);
    assert_string_equal(k.err.message, "No such container: nope");
    server_stop(srv);
}

static void test_stream_protocol_errors(void **state)
{
    (void)state;
    struct fake_server *srv = server_start(respond_streams);
    struct sink k = run_stream(srv, "/garbage", ENGINE_STREAM_JSON, 0, 0);
    assert_int_equal(k.values, 1);
    assert_int_equal(k.ends, 1);
    assert_int_equal(k.err.kind, BERTH_ERR_PROTOCOL);
    assert_non_null(strstr(k.err.message, "not json"));
    k = run_stream(srv, "/truncated", ENGINE_STREAM_JSON, 0, 0);
    assert_int_equal(k.values, 1);
    assert_int_equal(k.ends, 1);
    assert_int_equal(k.err.kind, BERTH_ERR_PROTOCOL);
    server_stop(srv);
}

static void test_stream_timeout(void **state)
{
    (void)state;
    struct fake_server *srv = server_start(respond_streams);
    struct sink k = run_stream(srv, "/hang", ENGINE_STREAM_JSON, 200, 0);
    assert_int_equal(k.ends, 1);
    assert_int_equal(k.err.kind, BERTH_ERR_TIMEOUT);
    server_stop(srv);
}

static void test_stream_unsupported_endpoint(void **state)
{
    (void)state;
    struct endpoint ep;
    struct berth_error err;
    assert_int_equal(endpoint_parse_host("ssh://h", &ep, &err), 0);
    struct engine *e = engine_new(&ep, 1000);
    endpoint_done(&ep);
    struct engine_streams *s = engine_streams_new(e);
    struct sink k = {0};
    struct engine_stream_spec spec = {.path = "/events", .on_end = sink_end, .user = &k};
    engine_streams_add(s, &spec);
    assert_int_equal(engine_streams_run(s, 1000), 0);
    assert_int_equal(k.ends, 1);
    assert_int_equal(k.err.kind, BERTH_ERR_USAGE);
    engine_streams_free(s);
    engine_free(e);
}

/* Freeing the set ends the streams still running, each exactly once. */
static void test_free_cancels(void **state)
{
    (void)state;
    struct fake_server *srv = server_start(respond_streams);
    struct engine *e = client_for(srv, 2000);
    struct engine_streams *s = engine_streams_new(e);
    struct sink k[3] = {{0}};
    for (int i = 0; i < 3; i++) {
        struct engine_stream_spec spec = {.path = "/hang", .on_end = sink_end, .user = &k[i]};
        engine_streams_add(s, &spec);
    }
    engine_streams_run(s, 50);
    assert_int_equal(engine_streams_count(s), 3);
    engine_streams_free(s);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(k[i].ends, 1);
        assert_int_equal(k[i].err.kind, BERTH_ERR_CANCELLED);
    }
    engine_free(e);
    server_stop(srv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_negotiate_versions),
        cmocka_unit_test(test_negotiate_get_fallback),
        cmocka_unit_test(test_podman_detected),
        cmocka_unit_test(test_ping_http_error),
        cmocka_unit_test(test_too_new_retries_once),
        cmocka_unit_test(test_too_old_gives_up_after_one_retry),
        cmocka_unit_test(test_keep_alive),
        cmocka_unit_test(test_content_types),
        cmocka_unit_test(test_stream_values_and_clean_end),
        cmocka_unit_test(test_stream_stop_by_callback),
        cmocka_unit_test(test_stream_http_error),
        cmocka_unit_test(test_stream_protocol_errors),
        cmocka_unit_test(test_stream_timeout),
        cmocka_unit_test(test_stream_unsupported_endpoint),
        cmocka_unit_test(test_free_cancels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
