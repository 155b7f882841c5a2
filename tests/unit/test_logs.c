/* The log pane's pure parts: the bounded ring (bounds, order), SGR parsing
 * and escape neutralising, frame demultiplexing and the time formats. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ansi.h"
#include "error.h"
#include "model/logbuf.h"
#include "model/logstream.h"
#include "rfc3339.h"

static char *line_text(struct logbuf *lb, uint64_t idx)
{
    struct logbuf_line l;
    if (!logbuf_copy(lb, idx, &l))
        return NULL;
    return l.text;
}

static void test_logbuf_bounded_lines(void **state)
{
    (void)state;
    struct logbuf *lb = logbuf_new(100, 1 << 20);
    char buf[32];
    for (int i = 0; i < 100000; i++) {
        int n = snprintf(buf, sizeof buf, "line %d", i);
        logbuf_push(lb, 0, LOGBUF_STDOUT, i, buf, (size_t)n, false);
    }
    assert_int_equal(logbuf_end(lb) - logbuf_first(lb), 100);
    assert_int_equal(logbuf_first(lb), 99900);
    char *t = line_text(lb, 99900);
    assert_string_equal(t, "line 99900");
    free(t);
    t = line_text(lb, 99999);
    assert_string_equal(t, "line 99999");
    free(t);
    assert_null(line_text(lb, 99899));
    assert_null(line_text(lb, 100000));
    logbuf_free(lb);
}

static void test_logbuf_bounded_bytes(void **state)
{
    (void)state;
    struct logbuf *lb = logbuf_new(1000, 1000);
    char big[100];
    memset(big, 'x', sizeof big);
    for (int i = 0; i < 50; i++)
        logbuf_push(lb, 0, LOGBUF_STDERR, 0, big, sizeof big, false);
    assert_true(logbuf_bytes(lb) <= 1000);
    assert_int_equal(logbuf_end(lb) - logbuf_first(lb), 10);
    struct logbuf_line l;
    assert_true(logbuf_copy(lb, logbuf_first(lb), &l));
    assert_int_equal(l.stream, LOGBUF_STDERR);
    assert_int_equal(l.len, 100);
    free(l.text);
    logbuf_free(lb);
}

static void test_logbuf_sorted_insert(void **state)
{
    (void)state;
    struct logbuf *lb = logbuf_new(10, 0);
    logbuf_push(lb, 0, LOGBUF_STDOUT, 10, "a10", 3, true);
    logbuf_push(lb, 0, LOGBUF_STDOUT, 30, "a30", 3, true);
    uint64_t before = logbuf_reorders(lb);
    logbuf_push(lb, 1, LOGBUF_STDOUT, 20, "b20", 3, true);
    logbuf_push(lb, 1, LOGBUF_STDOUT, 40, "b40", 3, true);
    logbuf_push(lb, 1, LOGBUF_STDOUT, 30, "b30", 3, true); /* equal: after a30 */
    assert_true(logbuf_reorders(lb) > before);
    const char *want[] = {"a10", "b20", "a30", "b30", "b40"};
    for (int i = 0; i < 5; i++) {
        char *t = line_text(lb, logbuf_first(lb) + (uint64_t)i);
        assert_string_equal(t, want[i]);
        free(t);
    }
    /* Full: a line older than everything held is dropped, not inserted. */
    for (int i = 0; i < 10; i++)
        logbuf_push(lb, 0, LOGBUF_STDOUT, 100 + i, "new", 3, true);
    logbuf_push(lb, 0, LOGBUF_STDOUT, 1, "old", 3, true);
    char *t = line_text(lb, logbuf_first(lb));
    assert_string_equal(t, "new");
    free(t);
    logbuf_free(lb);
}

/* --- SGR ------------------------------------------------------------------ */

struct run {
    char text[64];
    struct ansi_style st;
};

struct runs {
    struct run r[16];
    int n;
};

static void collect(void *user, const char *text, size_t len, const struct ansi_style *st)
{
    struct runs *rs = user;
    assert_true(rs->n < 16);
    snprintf(rs->r[rs->n].text, sizeof rs->r[rs->n].text, "%.*s", (int)len, text);
    rs->r[rs->n].st = *st;
    rs->n++;
}

static struct runs render(const char *s)
{
    struct runs rs;
    memset(&rs, 0, sizeof rs);
    struct ansi_style st;
    ansi_style_reset(&st);
    ansi_render(s, strlen(s), &st, collect, &rs);
    return rs;
}

static void test_sgr_colours(void **state)
{
    (void)state;
    struct runs rs = render("plain \x1b[31mred\x1b[0m \x1b[1;4;92;44mbold\x1b[m end");
    assert_int_equal(rs.n, 5);
    assert_string_equal(rs.r[0].text, "plain ");
    assert_int_equal(rs.r[0].st.fg, ANSI_DEFAULT_COLOUR);
    assert_string_equal(rs.r[1].text, "red");
    assert_int_equal(rs.r[1].st.fg, 1);
    assert_string_equal(rs.r[2].text, " ");
    assert_int_equal(rs.r[2].st.fg, ANSI_DEFAULT_COLOUR);
    assert_string_equal(rs.r[3].text, "bold");
    assert_int_equal(rs.r[3].st.fg, 10);
    assert_int_equal(rs.r[3].st.bg, 4);
    assert_true(rs.r[3].st.attrs & ANSI_BOLD);
    assert_true(rs.r[3].st.attrs & ANSI_UNDERLINE);
    assert_int_equal(rs.r[4].st.attrs, 0);

    rs = render("\x1b[38;5;208mo\x1b[48;2;255;0;0mr\x1b[7mv\x1b[27;39;49mx");
    assert_int_equal(rs.n, 4);
    assert_int_equal(rs.r[0].st.fg, 208);
    assert_int_equal(rs.r[1].st.bg, 196); /* 24-bit red: the cube's red */
    assert_true(rs.r[2].st.attrs & ANSI_REVERSE);
    assert_int_equal(rs.r[3].st.attrs, 0);
    assert_int_equal(rs.r[3].st.fg, ANSI_DEFAULT_COLOUR);
    assert_int_equal(rs.r[3].st.bg, ANSI_DEFAULT_COLOUR);
}

static void test_other_sequences_escaped(void **state)
{
    (void)state;
    struct strbuf sb;
    strbuf_init(&sb);
    /* OSC 52 (clipboard), OSC 0 (title), a cursor move, a bell, a C1 CSI,
     * a clear screen and a truncated SGR: all shown, none kept. */
    const char *in = "a\x1b]52;c;cHduZWQ=\x07"
                     "b\x1b]0;title\x1b\\"
                     "c\x1b[2;5H\x07\xc2\x9b"
                     "2Jd\x1b[2J\x1b[31";
    ansi_plain(&sb, in, strlen(in));
    assert_string_equal(sb.data, "a\\e]52;c;cHduZWQ=\\x07b\\e]0;title\\e\\c\\e[2;5H\\x07\\u009b2Jd"
                                 "\\e[2J\\e[31");
    for (size_t i = 0; i < sb.len; i++)
        assert_true((unsigned char)sb.data[i] >= 0x20 && sb.data[i] != 0x7f);
    strbuf_done(&sb);
    assert_int_equal(ansi_sgr_length("\x1b[1;31m", 7), 7);
    assert_int_equal(ansi_sgr_length("\x1b[1;31", 6), 0);
    assert_int_equal(ansi_sgr_length("\x1b[?25l", 6), 0);
}

/* --- demultiplexing -------------------------------------------------------- */

struct lines {
    char text[16][64];
    int stream[16];
    int n;
};

static void on_line(void *user, int stream, const char *text, size_t len)
{
    struct lines *ls = user;
    assert_true(ls->n < 16);
    snprintf(ls->text[ls->n], 64, "%.*s", (int)len, text);
    ls->stream[ls->n++] = stream;
}

static void test_demux_frames_split_anywhere(void **state)
{
    (void)state;
    const char body[] = "\x01\0\0\0\0\0\0\x08out 144\n"
                        "\x02\0\0\0\0\0\0\x0a"
                        "err 1\nerr "
                        "\x01\0\0\0\0\0\0\x03xy\n"
                        "\x02\0\0\0\0\0\0\x02"
                        "2\n";
    size_t len = sizeof body - 1;
    /* Every way to cut the body in two gives the same lines. */
    for (size_t cut = 0; cut <= len; cut++) {
        struct lines got;
        memset(&got, 0, sizeof got);
        struct logstream_demux d;
        logstream_demux_init(&d, false);
        d.on_line = on_line;
        d.user = &got;
        logstream_demux_feed(&d, body, cut);
        logstream_demux_feed(&d, body + cut, len - cut);
        logstream_demux_finish(&d);
        logstream_demux_done(&d);
        assert_int_equal(got.n, 4);
        assert_string_equal(got.text[0], "out 144");
        assert_int_equal(got.stream[0], 1);
        assert_string_equal(got.text[1], "err 1");
        assert_int_equal(got.stream[1], 2);
        assert_string_equal(got.text[2], "xy");
        assert_int_equal(got.stream[2], 1);
        assert_string_equal(got.text[3], "err 2");
        assert_int_equal(got.stream[3], 2);
    }
}

static void test_demux_tty_raw(void **state)
{
    (void)state;
    struct lines got;
    memset(&got, 0, sizeof got);
    struct logstream_demux d;
    logstream_demux_init(&d, true);
    d.on_line = on_line;
    d.user = &got;
    const char body[] = "tty-out\r\ntty-err\r\nbye";
    logstream_demux_feed(&d, body, sizeof body - 1);
    logstream_demux_finish(&d);
    logstream_demux_done(&d);
    assert_int_equal(got.n, 3);
    assert_string_equal(got.text[0], "tty-out");
    assert_string_equal(got.text[1], "tty-err");
    assert_string_equal(got.text[2], "bye");
}

/* --- time ------------------------------------------------------------------ */

static void test_timestamps(void **state)
{
    (void)state;
    size_t used = 0;
    const char *s = "2026-11-28T19:36:15.943039683Z out 144";
    int64_t ts = rfc3339_parse_ns(s, strlen(s), &used);
    assert_int_equal(used, 30);
    char out[32];
    logstream_format_ts(ts, out);
    assert_string_equal(out, "2026-11-28T19:36:15.943039683Z");
    assert_int_equal(rfc3339_parse_ns("2026-11-28T19:36:15Z", 20, &used) % 1000000000LL, 0);
    assert_int_equal(rfc3339_parse_ns("2026-11-28T21:36:15+02:00", 25, &used),
                     rfc3339_parse_ns("2026-11-28T19:36:15Z", 20, &used));
    assert_int_equal(rfc3339_parse_ns("not a time at all", 17, &used), 0);
}

static void test_since(void **state)
{
    (void)state;
    struct berth_error err;
    char out[48];
    assert_int_equal(logstream_parse_since("10m", 1000000, out, sizeof out, &err), 0);
    assert_string_equal(out, "999400");
    assert_int_equal(logstream_parse_since("2h", 1000000, out, sizeof out, &err), 0);
    assert_string_equal(out, "992800");
    assert_int_equal(logstream_parse_since("1d", 1000000, out, sizeof out, &err), 0);
    assert_string_equal(out, "913600");
    assert_int_equal(logstream_parse_since("2026-11-28T19:36:15.5Z", 0, out, sizeof out, &err), 0);
    assert_string_equal(out, "1795894575.500000000");
    assert_int_equal(logstream_parse_since("1795894573.5", 0, out, sizeof out, &err), 0);
    assert_string_equal(out, "1795894573.5");
    assert_int_equal(logstream_parse_since("", 0, out, sizeof out, &err), 0);
    assert_string_equal(out, "");
    assert_int_equal(logstream_parse_since("10y", 0, out, sizeof out, &err), -1);
    assert_int_equal(logstream_parse_since("yesterday", 0, out, sizeof out, &err), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_logbuf_bounded_lines),
        cmocka_unit_test(test_logbuf_bounded_bytes),
        cmocka_unit_test(test_logbuf_sorted_insert),
        cmocka_unit_test(test_sgr_colours),
        cmocka_unit_test(test_other_sequences_escaped),
        cmocka_unit_test(test_demux_frames_split_anywhere),
        cmocka_unit_test(test_demux_tty_raw),
        cmocka_unit_test(test_timestamps),
        cmocka_unit_test(test_since),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
