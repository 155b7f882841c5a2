/* Unit tests for the raw-stream handling of exec and attach (reply
 * header, multiplexed frames split across reads, the detach sequence),
 * the exec create body, the command-line splitting of `:exec`, base64 and
 * the OSC 52 sequences. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "base64.h"
#include "hijack.h"
#include "model/fetch.h"
#include "strbuf.h"
#include "ui/exec.h"
#include "ui/inspect.h"

static void test_status(void **state)
{
    (void)state;
    const char *h = "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                    "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\nhello";
    assert_int_equal(hijack_parse_status(h, strlen(h)), 101);
    size_t end = hijack_header_end(h, strlen(h));
    assert_true(end > 0);
    assert_string_equal(h + end, "hello");
    assert_int_equal(hijack_parse_status("HTTP/1.1 409 Conflict\r\n", 23), 409);
    assert_int_equal(hijack_parse_status("HTTP/1.0 200 OK\r\n", 17), 200);
    assert_int_equal(hijack_parse_status("garbage here", 12), -1);
    assert_int_equal(hijack_parse_status("HTTP/1.1 2x0 OK\r\n", 17), -1);
    /* Not ended yet. */
    assert_int_equal(hijack_header_end("HTTP/1.1 101 UPGRADED\r\n", 23), 0);
    assert_int_equal(hijack_header_end("HTTP/1.1 101 UPGRADED\r\n\r", 24), 0);
}

struct sink {
    struct strbuf out, err;
    int pieces;
};

static void collect(void *user, int stream, const char *data, size_t len)
{
    struct sink *s = user;
    strbuf_append(stream == 2 ? &s->err : &s->out, data, len);
    s->pieces++;
}

/* The engine's frames for "got:ping\n" on stdout and "err\n" on stderr. */
static const unsigned char frames[] = {1,   0,   0,    0,    0, 0, 0, 9, 'g', 'o', 't', ':', 'p',
                                       'i', 'n', 'g',  '\n', 2, 0, 0, 0, 0,   0,   0,   4,   'e',
                                       'r', 'r', '\n', 1,    0, 0, 0, 0, 0,   0,   0};

static void demux_in_chunks(size_t chunk)
{
    struct sink s;
    memset(&s, 0, sizeof s);
    strbuf_init(&s.out);
    strbuf_init(&s.err);
    strbuf_puts(&s.out, "");
    strbuf_puts(&s.err, "");
    struct hijack_demux d;
    hijack_demux_init(&d);
    for (size_t i = 0; i < sizeof frames; i += chunk) {
        size_t n = sizeof frames - i < chunk ? sizeof frames - i : chunk;
        hijack_demux_feed(&d, frames + i, n, collect, &s);
    }
    assert_string_equal(s.out.data, "got:ping\n");
    assert_string_equal(s.err.data, "err\n");
    assert_int_equal(d.nhead, 0);
    assert_int_equal(d.left, 0);
    strbuf_done(&s.out);
    strbuf_done(&s.err);
}

static void test_demux(void **state)
{
    (void)state;
    /* Every split, from one byte at a time to everything at once. */
    for (size_t chunk = 1; chunk <= sizeof frames; chunk++)
        demux_in_chunks(chunk);
}

static void test_demux_large_frame(void **state)
{
    (void)state;
    size_t len = 70000;
    unsigned char *buf = malloc(8 + len);
    buf[0] = 1;
    buf[1] = buf[2] = buf[3] = 0;
    buf[4] = (unsigned char)(len >> 24);
    buf[5] = (unsigned char)(len >> 16);
    buf[6] = (unsigned char)(len >> 8);
    buf[7] = (unsigned char)len;
    memset(buf + 8, 'x', len);
    struct sink s;
    memset(&s, 0, sizeof s);
    strbuf_init(&s.out);
    strbuf_init(&s.err);
    struct hijack_demux d;
    hijack_demux_init(&d);
    hijack_demux_feed(&d, buf, 8 + len, collect, &s);
    assert_int_equal(s.out.len, len);
    assert_int_equal(s.err.len, 0);
    free(buf);
    strbuf_done(&s.out);
    strbuf_done(&s.err);
}

static void test_detach(void **state)
{
    (void)state;
    int st = 0;
    bool held, flush;
    /* Plain bytes pass. */
    assert_false(hijack_detach_step(&st, 'a', &held, &flush));
    assert_false(held);
    assert_false(flush);
    /* ctrl-p is held, then ctrl-q detaches. */
    assert_false(hijack_detach_step(&st, 0x10, &held, &flush));
    assert_true(held);
    assert_true(hijack_detach_step(&st, 0x11, &held, &flush));
    /* ctrl-p then something else: the held ctrl-p is flushed first. */
    st = 0;
    hijack_detach_step(&st, 0x10, &held, &flush);
    assert_false(hijack_detach_step(&st, 'x', &held, &flush));
    assert_true(flush);
    assert_false(held);
    /* ctrl-p ctrl-p ctrl-q: the first is plain input, then detach. */
    st = 0;
    hijack_detach_step(&st, 0x10, &held, &flush);
    assert_false(hijack_detach_step(&st, 0x10, &held, &flush));
    assert_true(flush);
    assert_true(held);
    assert_true(hijack_detach_step(&st, 0x11, &held, &flush));
}

static void test_base64(void **state)
{
    (void)state;
    /* RFC 4648 section 10 vectors. */
    const char *in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    const char *out[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        char *b = base64_encode(in[i], strlen(in[i]));
        assert_string_equal(b, out[i]);
        free(b);
    }
    const unsigned char bin[] = {0xff, 0x00, 0xfe};
    char *b = base64_encode(bin, 3);
    assert_string_equal(b, "/wD+");
    free(b);
}

static void test_osc52(void **state)
{
    (void)state;
    char *s = inspect_osc52("foo", INSPECT_OSC_PLAIN);
    assert_string_equal(s, "\033]52;c;Zm9v\a");
    free(s);
    s = inspect_osc52("foo", INSPECT_OSC_TMUX);
    assert_string_equal(s, "\033Ptmux;\033\033]52;c;Zm9v\a\033\\");
    free(s);
    assert_int_equal(inspect_osc_wrap_for("xterm-256color", NULL), INSPECT_OSC_PLAIN);
    assert_int_equal(inspect_osc_wrap_for("xterm", "/tmp/tmux-0/default,1,0"), INSPECT_OSC_TMUX);
    assert_int_equal(inspect_osc_wrap_for("screen-256color", NULL), INSPECT_OSC_SCREEN);
    assert_int_equal(inspect_osc_wrap_for("tmux-256color", ""), INSPECT_OSC_TMUX);
}

static void test_split(void **state)
{
    (void)state;
    char **w = NULL;
    assert_int_equal(exec_split("sh -c 'echo out; exit 3'", &w), 3);
    assert_string_equal(w[0], "sh");
    assert_string_equal(w[1], "-c");
    assert_string_equal(w[2], "echo out; exit 3");
    assert_null(w[3]);
    exec_words_free(w);
    assert_int_equal(exec_split("  ls   /data  ", &w), 2);
    assert_string_equal(w[1], "/data");
    exec_words_free(w);
    assert_int_equal(exec_split("echo \"a b\" c\\ d ''", &w), 4);
    assert_string_equal(w[1], "a b");
    assert_string_equal(w[2], "c d");
    assert_string_equal(w[3], "");
    exec_words_free(w);
    assert_int_equal(exec_split("echo 'open", &w), -1);
    assert_null(w);
    assert_int_equal(exec_split("   ", &w), 0);
    exec_words_free(w);
}

static void test_create_body(void **state)
{
    (void)state;
    const char *argv[] = {"sh", "-c", "echo \"hi\""};
    const char *env[] = {"TERM=xterm", NULL};
    char *body = fetch_exec_create_body(argv, 3, true, true, env);
    cJSON *doc = cJSON_Parse(body);
    assert_non_null(doc);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(doc, "Tty")));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(doc, "AttachStdin")));
    cJSON *cmd = cJSON_GetObjectItem(doc, "Cmd");
    assert_int_equal(cJSON_GetArraySize(cmd), 3);
    assert_string_equal(cJSON_GetArrayItem(cmd, 2)->valuestring, "echo \"hi\"");
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "Env"), 0)->valuestring,
                        "TERM=xterm");
    cJSON_Delete(doc);
    free(body);
    body = fetch_exec_create_body(argv, 1, false, false, NULL);
    doc = cJSON_Parse(body);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(doc, "Tty")));
    assert_null(cJSON_GetObjectItem(doc, "Env"));
    cJSON_Delete(doc);
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_demux),
        cmocka_unit_test(test_demux_large_frame),
        cmocka_unit_test(test_detach),
        cmocka_unit_test(test_base64),
        cmocka_unit_test(test_osc52),
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_create_body),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
