/* The stream splitter must find every JSON value however libcurl chunks
 * the body: a recorded /events body is fed split at every byte position
 * and one byte at a time, and odd shapes (pretty-printed documents, braces
 * inside strings, a document without a trailing newline) come out whole.
 * Malformed and truncated input must be reported. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine_json_split.h"
#include "xalloc.h"

struct collect {
    char *printed[64]; /* compact form of each value */
    size_t n;
    size_t stop_after; /* 0: never stop */
};

static bool collect_emit(void *user, const cJSON *v)
{
    struct collect *c = user;
    assert_true(c->n < 64);
    c->printed[c->n++] = cJSON_PrintUnformatted(v);
    return !(c->stop_after && c->n >= c->stop_after);
}

static void collect_done(struct collect *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->printed[i]);
    c->n = 0;
}

/* Feed text in pieces of the given sizes (0-terminated list; the rest in
 * one go), then finish. Returns the first failure code. */
static int feed_pieces(struct collect *c, const char *text, size_t len, const size_t *pieces)
{
    struct engine_json_split sp;
    engine_json_split_init(&sp, 1 << 20);
    bool stopped = false;
    size_t off = 0;
    int rc = 0;
    for (size_t i = 0; pieces && pieces[i] && off < len && rc == 0 && !stopped; i++) {
        size_t n = pieces[i] < len - off ? pieces[i] : len - off;
        rc = engine_json_split_feed(&sp, text + off, n, collect_emit, c, &stopped);
        off += n;
    }
    if (rc == 0 && !stopped && off < len)
        rc = engine_json_split_feed(&sp, text + off, len - off, collect_emit, c, &stopped);
    if (rc == 0 && !stopped)
        rc = engine_json_split_finish(&sp, collect_emit, c, &stopped);
    engine_json_split_done(&sp);
    return rc;
}

static char *events_body(size_t *len)
{
    FILE *f = fopen(BERTH_FIXTURES "/engine/events-200.http", "rb");
    assert_non_null(f);
    struct strbuf sb;
    strbuf_init(&sb);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_append(&sb, buf, n);
    fclose(f);
    char *body = strstr(sb.data, "\r\n\r\n");
    assert_non_null(body);
    body += 4;
    char *copy = xstrdup(body);
    *len = strlen(copy);
    strbuf_done(&sb);
    return copy;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_events_whole(void **state)
{
    (void)state;
    size_t len;
    char *body = events_body(&len);
    struct collect c = {0};
    assert_int_equal(feed_pieces(&c, body, len, NULL), 0);
    assert_int_equal(c.n, count_lines(body));
    const char *actions[] = {"create", "start", "kill", "die", "destroy"};
    assert_int_equal(c.n, 5);
    for (size_t i = 0; i < c.n; i++) {
        cJSON *v = cJSON_Parse(c.printed[i]);
        assert_string_equal(cJSON_GetObjectItem(v, "Action")->valuestring, actions[i]);
        cJSON_Delete(v);
    }
    collect_done(&c);
    free(body);
}

/* Every two-piece split gives the same values as the whole body. */
static void test_events_every_split(void **state)
{
    (void)state;
    size_t len;
    char *body = events_body(&len);
    struct collect whole = {0};
    assert_int_equal(feed_pieces(&whole, body, len, NULL), 0);
    for (size_t cut = 1; cut < len; cut++) {
        struct collect c = {0};
        size_t pieces[] = {cut, 0};
        assert_int_equal(feed_pieces(&c, body, len, pieces), 0);
        assert_int_equal(c.n, whole.n);
        for (size_t i = 0; i < c.n; i++)
            assert_string_equal(c.printed[i], whole.printed[i]);
        collect_done(&c);
    }
    /* And byte by byte. */
    size_t *ones = xcalloc(len + 1, sizeof *ones);
    for (size_t i = 0; i < len; i++)
        ones[i] = 1;
    struct collect c = {0};
    assert_int_equal(feed_pieces(&c, body, len, ones), 0);
    assert_int_equal(c.n, whole.n);
    collect_done(&c);
    free(ones);
    collect_done(&whole);
    free(body);
}

static void expect_values(const char *text, size_t n, const char *const *want)
{
    struct collect c = {0};
    size_t pieces[] = {3, 1, 5, 2, 0};
    int rc = feed_pieces(&c, text, strlen(text), pieces);
    if (rc != 0)
        fail_msg("failed on %s", text);
    assert_int_equal(c.n, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(c.printed[i], want[i]);
    collect_done(&c);
}

static void test_odd_shapes(void **state)
{
    (void)state;
    /* A pretty-printed document with no trailing newline. */
    const char *w1[] = {"{\"a\":[1,2],\"b\":{\"c\":null}}"};
    expect_values("{\n  \"a\": [1, 2],\n  \"b\": {\"c\": null}\n}", 1, w1);
    /* Braces, brackets and escaped quotes inside strings. */
    const char *w2[] = {"{\"s\":\"}]\\\"{[\\\\\"}", "[\"x\"]"};
    expect_values("{\"s\":\"}]\\\"{[\\\\\"}\n[\"x\"]\n", 2, w2);
    /* Two values on one line, scalars, a top-level string, blank lines. */
    const char *w3[] = {"{}", "[]", "42", "\"str\"", "true", "-1.5"};
    expect_values("{}[]\n\n42\n\"str\" true\r\n-1.5", 6, w3);
}

static void test_stop_after_first(void **state)
{
    (void)state;
    size_t len;
    char *body = events_body(&len);
    struct collect c = {.stop_after = 1};
    assert_int_equal(feed_pieces(&c, body, len, NULL), 0);
    assert_int_equal(c.n, 1);
    collect_done(&c);
    free(body);
}

static void expect_failure(const char *text)
{
    struct collect c = {0};
    if (feed_pieces(&c, text, strlen(text), NULL) != -1)
        fail_msg("accepted %s", text);
    collect_done(&c);
}

static void test_malformed_and_truncated(void **state)
{
    (void)state;
    expect_failure("{\"a\":}\n");
    expect_failure("nonsense\n");
    expect_failure("{\"a\":1,\"b\":]\n");
    expect_failure("{\"a\":1");              /* truncated at the end of the body */
    expect_failure("{\"a\":\"unterminated"); /* inside a string */

    /* The offending text is available for the error message. */
    struct engine_json_split sp;
    engine_json_split_init(&sp, 1 << 20);
    struct collect c = {0};
    bool stopped;
    const char *text = "{\"ok\":1}\n{\"bad\":}\n";
    assert_int_equal(engine_json_split_feed(&sp, text, strlen(text), collect_emit, &c, &stopped),
                     -1);
    assert_int_equal(c.n, 1);
    size_t len;
    const char *p = engine_json_split_pending(&sp, &len);
    assert_true(len >= 9);
    assert_memory_equal(p, "{\"bad\":}", 8);
    engine_json_split_done(&sp);
    collect_done(&c);
}

static void test_value_size_bound(void **state)
{
    (void)state;
    struct engine_json_split sp;
    engine_json_split_init(&sp, 16);
    struct collect c = {0};
    bool stopped;
    const char *small = "{\"a\":1}\n";
    assert_int_equal(engine_json_split_feed(&sp, small, strlen(small), collect_emit, &c, &stopped),
                     0);
    const char *big = "{\"aaaaaaaaaaaaaaaaaaaaaaa";
    assert_int_equal(engine_json_split_feed(&sp, big, strlen(big), collect_emit, &c, &stopped), -1);
    assert_int_equal(c.n, 1);
    engine_json_split_done(&sp);
    collect_done(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events_whole),
        cmocka_unit_test(test_events_every_split),
        cmocka_unit_test(test_odd_shapes),
        cmocka_unit_test(test_stop_after_first),
        cmocka_unit_test(test_malformed_and_truncated),
        cmocka_unit_test(test_value_size_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
