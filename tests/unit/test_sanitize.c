/* The sanitiser must leave printable text alone and make every control
 * sequence visible and inert. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sanitize.h"

static void expect_sanitized(const char *in, size_t len, const char *want)
{
    struct strbuf sb;
    strbuf_init(&sb);
    sanitize_append(&sb, in, len);
    assert_string_equal(sb.data, want);
    strbuf_done(&sb);
}

static void test_plain_text_unchanged(void **state)
{
    (void)state;
    expect_sanitized("web-1 nginx:latest", 18, "web-1 nginx:latest");
    expect_sanitized("caf\xc3\xa9 \xe2\x9c\x93", 9, "caf\xc3\xa9 \xe2\x9c\x93");
    assert_true(sanitize_is_clean("plain", 5));
}

static void test_escape_sequences_neutralised(void **state)
{
    (void)state;
    /* OSC 52 clipboard write, OSC 0 title, cursor move, bell. */
    const char osc52[] = "\x1b]52;c;aGVsbG8=\x07";
    expect_sanitized(osc52, sizeof osc52 - 1, "\\e]52;c;aGVsbG8=\\x07");
    const char title[] = "\x1b]0;pwned\x1b\\";
    expect_sanitized(title, sizeof title - 1, "\\e]0;pwned\\e\\");
    const char move[] = "a\x1b[2J\x1b[H";
    expect_sanitized(move, sizeof move - 1, "a\\e[2J\\e[H");
    assert_false(sanitize_is_clean(move, sizeof move - 1));
}

static void test_c1_and_bidi_escaped(void **state)
{
    (void)state;
    /* U+009B is a one-byte CSI on some terminals; U+202E reverses text. */
    expect_sanitized("x\xc2\x9b" "2J", 5, "x\\u009b2J");
    expect_sanitized("a\xe2\x80\xae" "b", 5, "a\\u202eb");
}

static void test_malformed_utf8_escaped(void **state)
{
    (void)state;
    expect_sanitized("a\xff" "b", 3, "a\\xffb");
    /* Overlong encoding of '/' and a lone continuation byte. */
    expect_sanitized("\xc0\xaf", 2, "\\xc0\\xaf");
    expect_sanitized("\x80", 1, "\\x80");
    /* Truncated sequence at the end. */
    expect_sanitized("ok\xe2\x82", 4, "ok\\xe2\\x82");
}

static void test_newlines_and_tabs_visible(void **state)
{
    (void)state;
    expect_sanitized("a\nb\tc\rd", 7, "a\\nb\\tc\\rd");
    char *d = sanitize_dup(NULL);
    assert_string_equal(d, "");
    free(d);
}

/* The encoder is the decoder's inverse, and refuses what is not a
 * character. */
static void test_utf8_encode(void **state)
{
    (void)state;
    char b[4];
    assert_int_equal(sanitize_utf8_encode('a', b), 1);
    assert_memory_equal(b, "a", 1);
    assert_int_equal(sanitize_utf8_encode(0xe9, b), 2);
    assert_memory_equal(b, "\xc3\xa9", 2);
    assert_int_equal(sanitize_utf8_encode(0x6f22, b), 3);
    assert_memory_equal(b, "\xe6\xbc\xa2", 3);
    assert_int_equal(sanitize_utf8_encode(0x1f600, b), 4);
    assert_memory_equal(b, "\xf0\x9f\x98\x80", 4);
    assert_int_equal(sanitize_utf8_encode(0xd800, b), 0);
    assert_int_equal(sanitize_utf8_encode(0x110000, b), 0);
    unsigned cp = 0;
    for (unsigned want = 1; want < 0x110000; want += 97) {
        size_t n = sanitize_utf8_encode(want, b);
        if (n == 0)
            continue;
        assert_int_equal(sanitize_utf8_decode(b, n, &cp), n);
        assert_int_equal(cp, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_encode),
        cmocka_unit_test(test_plain_text_unchanged),
        cmocka_unit_test(test_escape_sequences_neutralised),
        cmocka_unit_test(test_c1_and_bidi_escaped),
        cmocka_unit_test(test_malformed_utf8_escaped),
        cmocka_unit_test(test_newlines_and_tabs_visible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
