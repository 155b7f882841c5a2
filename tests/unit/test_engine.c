/* The engine client without an engine: version picking, error mapping from
 * responses recorded from a real engine (tests/fixtures/engine/NAME.http, as
 * `curl -i --unix-socket` saved them), URL encoding, uint64 reads, header
 * matching, and connection failures against local sockets that are
 * missing, not sockets, not listening or never answering. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <unistd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cmocka.h>

#include "engine.h"
#include "engine_transport.h"
#include "xalloc.h"

#define FIX BERTH_FIXTURES "/engine/"

/* --- recorded responses ------------------------------------------------ */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    struct strbuf sb;
    strbuf_init(&sb);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_append(&sb, buf, n);
    fclose(f);
    *len = sb.len;
    return strbuf_detach(&sb);
}

/* Load "HTTP/1.1 404 ...\r\nheaders\r\n\r\nbody" into resp. */
static void load_response(const char *name, struct engine_response *resp)
{
    char *path = xasprintf(FIX "%s", name);
    size_t len;
    char *raw = slurp(path, &len);
    free(path);
    engine_response_init(resp);
    char *end = strstr(raw, "\r\n\r\n");
    assert_non_null(end);
    assert_int_equal(sscanf(raw, "HTTP/1.1 %ld", &resp->status), 1);
    for (char *line = strstr(raw, "\r\n") + 2; line < end;) {
        char *eol = strstr(line, "\r\n");
        char *v;
        if ((v = engine_transport_header_value(line, (size_t)(eol + 2 - line), "Content-Type")))
            resp->content_type = v;
        else if ((v = engine_transport_header_value(line, (size_t)(eol + 2 - line), "Api-Version")))
            resp->api_version = v;
        line = eol + 2;
    }
    char *body = end + 4;
    strbuf_append(&resp->body, body, len - (size_t)(body - raw));
    free(raw);
}

static void expect_http_error(const char *fixture, long status, const char *message)
{
    struct engine_response resp;
    load_response(fixture, &resp);
    struct berth_error err;
    berth_error_clear(&err);
    assert_int_equal(resp.status, status);
    assert_int_equal(engine_check_status(&resp, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_HTTP);
    assert_int_equal(err.http_status, status);
    assert_string_equal(err.message, message);
    engine_response_done(&resp);
}

static void test_error_json_message(void **state)
{
    (void)state;
    expect_http_error("inspect-404.http", 404, "No such container: berth-t-fixture-missing");
    expect_http_error("kill-409.http", 409,
                      "Cannot kill container: berth-t-fixture-c1: Container "
                      "d5d190f334ad49807f74c7b607d00d95999baed9f0a36cde8293b08fceba61e7 is not "
                      "running");
    expect_http_error("delete-409.http", 409,
                      "You cannot remove a running container "
                      "d5d190f334ad49807f74c7b607d00d95999baed9f0a36cde8293b08fceba61e7. Stop the "
                      "container before attempting removal or force remove");
    expect_http_error("version-too-new.http", 400,
                      "client version 1.42 is too new. Maximum supported API version is 1.41");
    /* The router's own 404 carries no Api-Version header. */
    expect_http_error("route-404.http", 404, "page not found");
}

static void test_error_plain_text(void **state)
{
    (void)state;
    struct engine_response resp;
    load_response("version-too-old.http", &resp);
    assert_string_equal(resp.content_type, "text/plain; charset=utf-8");
    engine_response_done(&resp);
    expect_http_error("version-too-old.http", 400,
                      "client version 1.11 is too old. Minimum supported API version is 1.12, "
                      "please upgrade your client to a newer version");
}

static void test_error_empty_and_odd_bodies(void **state)
{
    (void)state;
    struct engine_response resp;
    struct berth_error err;
    engine_response_init(&resp);
    resp.status = 500;
    assert_int_equal(engine_check_status(&resp, &err), -1);
    assert_string_equal(err.message, "the engine answered HTTP 500 with no message");
    assert_int_equal(err.http_status, 500);

    /* Plain text: the first line only. */
    strbuf_puts(&resp.body, "\n  first line  \nsecond line\n");
    assert_int_equal(engine_check_status(&resp, &err), -1);
    assert_string_equal(err.message, "first line");

    /* JSON without "message": show the text itself. */
    strbuf_reset(&resp.body);
    strbuf_puts(&resp.body, "{\"cause\":\"x\"}");
    assert_int_equal(engine_check_status(&resp, &err), -1);
    assert_string_equal(err.message, "{\"cause\":\"x\"}");

    /* Podman's error shape still has "message". */
    strbuf_reset(&resp.body);
    strbuf_puts(&resp.body, "{\"cause\":\"no such container\",\"message\":\"no container with "
                            "name or ID \\\"x\\\" found\",\"response\":404}");
    resp.status = 404;
    assert_int_equal(engine_check_status(&resp, &err), -1);
    assert_string_equal(err.message, "no container with name or ID \"x\" found");
    engine_response_done(&resp);
}

static void test_success_statuses(void **state)
{
    (void)state;
    const char *ok[] = {"start-204.http", "start-304.http", "stats-200.http", "ping-head.http"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        struct engine_response resp;
        struct berth_error err;
        berth_error_clear(&err);
        load_response(ok[i], &resp);
        assert_int_equal(engine_check_status(&resp, &err), 0);
        assert_int_equal(err.kind, BERTH_ERR_NONE);
        engine_response_done(&resp);
    }
}

static void test_ping_header_gives_version(void **state)
{
    (void)state;
    struct engine_response resp;
    load_response("ping-head.http", &resp);
    assert_string_equal(resp.api_version, "1.41");
    char v[16];
    engine_pick_version(resp.api_version, v, sizeof v);
    assert_string_equal(v, "1.41");
    engine_response_done(&resp);
}

/* --- version picking ----------------------------------------------------- */

static void expect_pick(const char *header, const char *want)
{
    char v[16];
    engine_pick_version(header, v, sizeof v);
    if (strcmp(v, want) != 0)
        fail_msg("header \"%s\" gave %s, want %s", header ? header : "(none)", v, want);
}

static void test_pick_version(void **state)
{
    (void)state;
    expect_pick("1.41", "1.41");
    expect_pick("1.47", "1.47");
    expect_pick("1.50", "1.47");
    expect_pick("1.40", "1.40");
    expect_pick("1.44", "1.44");
    expect_pick("2.0", "1.47");
    expect_pick(" 1.43 ", "1.43");
    expect_pick("1.41.2", "1.41");
    expect_pick(NULL, "1.24");
    expect_pick("", "1.24");
    expect_pick("garbage", "1.24");
    expect_pick("1.", "1.24");
    expect_pick("1.4x", "1.24");
    expect_pick("v1.41", "1.24");
    expect_pick("0.9", "1.24");
    expect_pick("1.99999", "1.24");
}

static void test_header_match(void **state)
{
    (void)state;
    const char *l1 = "api-version: 1.41\r\n";
    char *v = engine_transport_header_value(l1, strlen(l1), "Api-Version");
    assert_string_equal(v, "1.41");
    free(v);
    const char *l2 = "Libpod-API-Version:   5.2.0  \r\n";
    v = engine_transport_header_value(l2, strlen(l2), "Libpod-Api-Version");
    assert_string_equal(v, "5.2.0");
    free(v);
    const char *l3 = "Api-Versions: 1\r\n";
    assert_null(engine_transport_header_value(l3, strlen(l3), "Api-Version"));
    assert_true(engine_transport_header_end("\r\n", 2));
    assert_false(engine_transport_header_end(l1, strlen(l1)));
}

/* --- recorded documents ------------------------------------------------- */

static cJSON *load_json_body(const char *fixture)
{
    struct engine_response resp;
    load_response(fixture, &resp);
    cJSON *doc = cJSON_ParseWithLength(resp.body.data, resp.body.len);
    assert_non_null(doc);
    engine_response_done(&resp);
    return doc;
}

static void test_info_parse(void **state)
{
    (void)state;
    cJSON *doc = load_json_body("info-200.http");
    struct engine_info info;
    engine_info_parse(doc, &info);
    assert_string_equal(info.name, "vm");
    assert_string_equal(info.server_version, "20.10.24+dfsg1");
    assert_int_equal(info.ncpu, 2);
    /* Above INT_MAX: must come through whole. */
    assert_true(info.mem_total == UINT64_C(25276518400));
    assert_int_equal(info.containers, 15);
    assert_int_equal(info.running, 11);
    assert_int_equal(info.paused, 1);
    assert_int_equal(info.stopped, 3);
    assert_int_equal(info.images, 1);
    assert_string_equal(info.cgroup_driver, "cgroupfs");
    assert_int_equal(info.cgroup_version, 1);
    assert_string_equal(info.os_type, "linux");
    assert_string_equal(info.docker_root_dir, "/var/lib/docker");
    cJSON_Delete(doc);
}

static void test_version_parse(void **state)
{
    (void)state;
    cJSON *doc = load_json_body("version-200.http");
    struct engine_version_info v;
    engine_version_parse(doc, &v);
    assert_string_equal(v.version, "20.10.24+dfsg1");
    assert_string_equal(v.api_version, "1.41");
    assert_string_equal(v.min_api_version, "1.12");
    assert_string_equal(v.os, "linux");
    assert_string_equal(v.arch, "amd64");
    assert_string_equal(v.kernel, "6.18.44-fc-v509");
    cJSON_Delete(doc);
}

/* --- encoding and number reads ----------------------------------------- */

static void test_urlencode(void **state)
{
    (void)state;
    char *s = engine_urlencode("{\"label\":[\"k=v\"]}");
    assert_string_equal(s, "%7B%22label%22%3A%5B%22k%3Dv%22%5D%7D");
    free(s);
    s = engine_urlencode("a b/\xc3\xbc~._-Z9&?#%");
    assert_string_equal(s, "a%20b%2F%C3%BC~._-Z9%26%3F%23%25");
    free(s);
    s = engine_urlencode("");
    assert_string_equal(s, "");
    free(s);
}

static void test_json_u64(void **state)
{
    (void)state;
    cJSON *doc = cJSON_Parse("{\"big\":9223372036854771712,\"three_g\":3000000000,"
                             "\"ram\":25276502016,\"p53\":9007199254740992,\"neg\":-1,"
                             "\"str\":\"12\",\"zero\":0,\"p62\":4611686018427387904}");
    assert_non_null(doc);
    /* The trap engine_json_u64 exists for: valueint saturates. */
    assert_int_equal(cJSON_GetObjectItem(doc, "three_g")->valueint, INT_MAX);
    assert_true(engine_json_u64(doc, "three_g", 7) == UINT64_C(3000000000));
    assert_true(engine_json_u64(doc, "big", 7) == UINT64_MAX);
    assert_true(engine_json_u64(doc, "p62", 7) == UINT64_MAX);
    assert_true(engine_json_u64(doc, "ram", 7) == UINT64_C(25276502016));
    assert_true(engine_json_u64(doc, "p53", 7) == UINT64_C(9007199254740992));
    assert_true(engine_json_u64(doc, "zero", 7) == 0);
    assert_true(engine_json_u64(doc, "neg", 7) == 7);
    assert_true(engine_json_u64(doc, "str", 7) == 7);
    assert_true(engine_json_u64(doc, "missing", 7) == 7);
    assert_true(engine_json_u64(NULL, "missing", 9) == 9);
    assert_true(engine_json_u64(cJSON_GetObjectItem(doc, "ram"), NULL, 0) == UINT64_C(25276502016));
    assert_null(engine_json_str(doc, "ram"));
    assert_string_equal(engine_json_str(doc, "str"), "12");
    cJSON_Delete(doc);
}

/* --- transport without an engine -------------------------------------- */

static void test_urls(void **state)
{
    (void)state;
    struct endpoint ep;
    struct berth_error err;
    assert_int_equal(endpoint_parse_host("unix:///x.sock", &ep, &err), 0);
    char *u = engine_transport_url(&ep, "1.41", "/containers/json?all=1");
    assert_string_equal(u, "http://localhost/v1.41/containers/json?all=1");
    free(u);
    u = engine_transport_url(&ep, NULL, "_ping");
    assert_string_equal(u, "http://localhost/_ping");
    free(u);
    endpoint_done(&ep);
    assert_int_equal(endpoint_parse_host("tcp://[::1]:2376", &ep, &err), 0);
    ep.tls = true;
    u = engine_transport_url(&ep, "1.47", "/info");
    assert_string_equal(u, "https://[::1]:2376/v1.47/info");
    free(u);
    endpoint_done(&ep);
}

/* Ping an endpoint that must fail; returns the error. */
static struct berth_error ping_error(const char *url, long timeout_ms)
{
    struct endpoint ep;
    struct berth_error err;
    berth_error_clear(&err);
    assert_int_equal(endpoint_parse_host(url, &ep, &err), 0);
    ep.origin = xstrdup("DOCKER_HOST");
    struct engine *e = engine_new(&ep, timeout_ms);
    assert_int_equal(engine_ping(e, &err), -1);
    assert_null(engine_api_version(e));
    engine_free(e);
    endpoint_done(&ep);
    return err;
}

static void expect_contains(const char *msg, const char *needle)
{
    if (!strstr(msg, needle))
        fail_msg("message \"%s\" lacks \"%s\"", msg, needle);
}

static void test_missing_socket(void **state)
{
    (void)state;
    struct berth_error err = ping_error("unix:///nonexistent-berth/docker.sock", 2000);
    assert_int_equal(err.kind, BERTH_ERR_CONNECT);
    expect_contains(err.message,
                    "no such file: is the engine running? /nonexistent-berth/docker.sock");
    expect_contains(err.message, "(from DOCKER_HOST)");
}

static void test_not_a_socket(void **state)
{
    (void)state;
    char path[] = "/tmp/berth-notsock-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char *url = xasprintf("unix://%s", path);
    struct berth_error err = ping_error(url, 2000);
    assert_int_equal(err.kind, BERTH_ERR_CONNECT);
    expect_contains(err.message, "is not a socket");
    expect_contains(err.message, path);
    unlink(path);
    free(url);
}

static void test_socket_nobody_listens(void **state)
{
    (void)state;
    char dir[] = "/tmp/berth-sock-XXXXXX";
    assert_non_null(mkdtemp(dir));
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s/e.sock", dir);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    close(fd); /* the file stays, nothing listens */
    char *url = xasprintf("unix://%s", sa.sun_path);
    struct berth_error err = ping_error(url, 2000);
    assert_int_equal(err.kind, BERTH_ERR_CONNECT);
    expect_contains(err.message, "connection refused");
    expect_contains(err.message, sa.sun_path);
    unlink(sa.sun_path);
    rmdir(dir);
    free(url);
}

/* A bound TCP port: listening (never answering) or not. */
static int tcp_port(bool listening, int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    socklen_t len = sizeof sa;
    getsockname(fd, (struct sockaddr *)&sa, &len);
    *port = ntohs(sa.sin_port);
    if (listening)
        assert_int_equal(listen(fd, 4), 0);
    return fd;
}

static void test_tcp_refused(void **state)
{
    (void)state;
    int port;
    int fd = tcp_port(false, &port);
    char *url = xasprintf("tcp://127.0.0.1:%d", port);
    struct berth_error err = ping_error(url, 2000);
    assert_int_equal(err.kind, BERTH_ERR_CONNECT);
    char *where = xasprintf("connection refused by 127.0.0.1:%d", port);
    expect_contains(err.message, where);
    free(where);
    free(url);
    close(fd);
}

static void test_tcp_timeout(void **state)
{
    (void)state;
    int port;
    int fd = tcp_port(true, &port); /* the kernel accepts; nobody answers */
    char *url = xasprintf("tcp://127.0.0.1:%d", port);
    struct berth_error err = ping_error(url, 300);
    assert_int_equal(err.kind, BERTH_ERR_TIMEOUT);
    expect_contains(err.message, "did not answer within 300 ms");
    free(url);
    close(fd);
}

static void test_dns_failure(void **state)
{
    (void)state;
    /* .invalid never resolves (RFC 2606). */
    struct berth_error err = ping_error("tcp://berth-engine.invalid:2375", 5000);
    assert_int_equal(err.kind, BERTH_ERR_CONNECT);
    expect_contains(err.message, "cannot resolve the engine's host name \"berth-engine.invalid\"");
}

static void test_ssh_not_supported(void **state)
{
    (void)state;
    struct berth_error err = ping_error("ssh://me@build.example", 2000);
    assert_int_equal(err.kind, BERTH_ERR_USAGE);
    expect_contains(err.message, "ssh://me@build.example: ssh:// endpoints are not supported yet");
}

static void test_tls_missing_ca(void **state)
{
    (void)state;
    struct endpoint ep;
    struct berth_error err;
    assert_int_equal(endpoint_parse_host("tcp://127.0.0.1:2376", &ep, &err), 0);
    ep.tls = ep.tls_verify = true;
    ep.ca_file = xstrdup("/nonexistent-berth/ca.pem");
    struct engine *e = engine_new(&ep, 1000);
    assert_int_equal(engine_ping(e, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_TLS);
    expect_contains(err.message, "cannot read the TLS CA certificate /nonexistent-berth/ca.pem");
    engine_free(e);
    endpoint_done(&ep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_json_message),
        cmocka_unit_test(test_error_plain_text),
        cmocka_unit_test(test_error_empty_and_odd_bodies),
        cmocka_unit_test(test_success_statuses),
        cmocka_unit_test(test_ping_header_gives_version),
        cmocka_unit_test(test_pick_version),
        cmocka_unit_test(test_header_match),
        cmocka_unit_test(test_info_parse),
        cmocka_unit_test(test_version_parse),
        cmocka_unit_test(test_urlencode),
        cmocka_unit_test(test_json_u64),
        cmocka_unit_test(test_urls),
        cmocka_unit_test(test_missing_socket),
        cmocka_unit_test(test_not_a_socket),
        cmocka_unit_test(test_socket_nobody_listens),
        cmocka_unit_test(test_tcp_refused),
        cmocka_unit_test(test_tcp_timeout),
        cmocka_unit_test(test_dns_failure),
        cmocka_unit_test(test_ssh_not_supported),
        cmocka_unit_test(test_tls_missing_ca),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
