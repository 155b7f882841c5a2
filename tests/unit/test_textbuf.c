/* The editor's text buffer: editing, UTF-8 safe moves, selection,
 * clipboard, grouped undo/redo and search with wrap. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "textbuf.h"

static void expect_text(const struct textbuf *tb, const char *want)
{
    size_t len;
    char *t = textbuf_text(tb, &len);
    assert_string_equal(t, want);
    assert_int_equal(len, strlen(want));
    free(t);
}

static void type(struct textbuf *tb, const char *s)
{
    /* One character at a time, as keys arrive. */
    while (*s) {
        size_t n = 1;
        while (((unsigned char)s[n] & 0xc0) == 0x80)
            n++;
        textbuf_insert(tb, s, n);
        s += n;
    }
}

static void test_load_and_text_round_trip(void **state)
{
    (void)state;
    struct textbuf tb;
    textbuf_init(&tb);
    expect_text(&tb, "");
    const char *src = "services:\n  web:\n    image: nginx\n";
    textbuf_set_text(&tb, src, strlen(src));
    assert_int_equal(tb.nlines, 4); /* the last line is empty */
    expect_text(&tb, src);
    assert_false(textbuf_modified(&tb));
    textbuf_set_text(&tb, "a\n\nb", 4);
    assert_int_equal(tb.nlines, 3);
    expect_text(&tb, "a\n\nb");
    textbuf_done(&tb);
}

static void test_insert_newline_backspace_delete(void **state)
{
    (void)state;
    struct textbuf tb;
    textbuf_init(&tb);
    type(&tb, "ab");
    textbuf_insert(&tb, "\n", 1);
    type(&tb, "cd");
    expect_text(&tb, "ab\ncd");
    assert_int_equal(tb.cur.line, 1);
    assert_int_equal(tb.cur.col, 2);
    assert_true(textbuf_modified(&tb));
    textbuf_move(&tb, TEXTBUF_HOME, false, 1);
    textbuf_backspace(&tb); /* joins the lines */
    expect_text(&tb, "abcd");
    assert_int_equal(tb.cur.col, 2);
    textbuf_delete(&tb);
    expect_text(&tb, "abd");
    textbuf_move(&tb, TEXTBUF_END, false, 1);
    textbuf_delete(&tb); /* at the very end: nothing */
    expect_text(&tb, "abd");
    textbuf_move(&tb, TEXTBUF_TOP, false, 1);
    textbuf_backspace(&tb); /* at the very start: nothing */
    expect_text(&tb, "abd");
    /* Multi-line insert in the middle of a line. */
    textbuf_goto(&tb, 0, 1);
    textbuf_insert(&tb, "1\n2\n3", 5);
    expect_text(&tb, "a1\n2\n3bd");
    assert_int_equal(tb.cur.line, 2);
    assert_int_equal(tb.cur.col, 1);
    textbuf_done(&tb);
}

static void test_utf8_moves_never_split(void **state)
{
    (void)state;
    struct textbuf tb;
    textbuf_init(&tb);
    /* é (2 bytes), 漢 (3 bytes), 😀 (4 bytes) */
    const char *s = "\xc3\xa9\xe6\xbc\xa2\xf0\x9f\x98\x80x";
    textbuf_set_text(&tb, s, strlen(s));
    size_t stops[] = {0, 2, 5, 9, 10};
    for (size_t i = 1; i < 5; i++) {
        textbuf_move(&tb, TEXTBUF_RIGHT, false, 1);
        assert_int_equal(tb.cur.col, stops[i]);
    }
    for (size_t i = 4; i > 0; i--) {
        textbuf_move(&tb, TEXTBUF_LEFT, false, 1);
        assert_int_equal(tb.cur.col, stops[i - 1]);
    }
    /* goto into the middle of a sequence snaps to its start. */
    textbuf_goto(&tb, 0, 7);
    assert_int_equal(tb.cur.col, 5);
    assert_int_equal(textbuf_col_chars(&tb, 0, 9), 3);
    /* Backspace and delete remove whole characters. */
    textbuf_goto(&tb, 0, 9);
    textbuf_backspace(&tb);
    expect_text(&tb, "\xc3\xa9\xe6\xbc\xa2x");
    textbuf_goto(&tb, 0, 0);
    textbuf_delete(&tb);
    expect_text(&tb, "\xe6\xbc\xa2x");
    textbuf_done(&tb);
}

static void test_vertical_moves_keep_goal_column(void **state)
{
    (void)state;
    struct textbuf tb;
    textbuf_init(&tb);
    const char *s = "abcdef\nab\n\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\nlast";
    textbuf_set_text(&tb, s, strlen(s));
    textbuf_goto(&tb, 0, 5);
    textbuf_move(&tb, TEXTBUF_DOWN, false, 1);
    assert_int_equal(tb.cur.line, 1);
    assert_int_equal(tb.cur.col, 2); /* short line: its end */
    textbuf_move(&tb, TEXTBUF_DOWN, false, 1);
    assert_int_equal(tb.cur.line, 2);
    assert_int_equal(tb.cur.col, 10); /* 5 characters of 2 bytes */
    textbuf_move(&tb, TEXTBUF_UP, false, 1);
    textbuf_move(&tb, TEXTBUF_UP, false, 1);
    assert_int_equal(tb.cur.col, 5);
    textbuf_move(&tb, TEXTBUF_UP, false, 1); /* at the top: stays */
    assert_int_equal(tb.cur.line, 0);
    textbuf_move(&tb, TEXTBUF_PAGE_DOWN, false, 10);
    assert_int_equal(tb.cur.line, 3);
    textbuf_move(&tb, TEXTBUF_PAGE_UP, false, 2);
    assert_int_equal(tb.cur.line, 1);
    /* Left at a line start goes to the end of the line above. */
    textbuf_goto(&tb, 1, 0);
    textbuf_move(&tb, TEXTBUF_LEFT, false, 1);
    assert_int_equal(tb.cur.line, 0);
    assert_int_equal(tb.cur.col, 6);
    textbuf_move(&tb, TEXTBUF_RIGHT, false, 1);
    assert_int_equal(tb.cur.line, 1);
    assert_int_equal(tb.cur.col, 0);
    textbuf_done(&tb);
}

static void test_word_home_end(void **state)
{
    (void)state;
    struct textbuf tb;
    textbuf_init(&tb);
    const char *s = "    image: nginx:1.25\nnext";
    textbuf_set_text(&tb, s, strlen(s));
    textbuf_move(&tb, TEXTBUF_END, false, 1);
    assert_int_equal(tb.cur.col, 21);
    textbuf_move(&tb, TEXTBUF_WORD_LEFT, false, 1);
    assert_int_equal(tb.cur.col, 19); /* "25" */
    textbuf_move(&tb, TEXTBUF_WORD_LEFT, false, 1);
    assert_int_equal(tb.cur.col, 17); /* "1" */
    textbuf_move(&tb, TEXTBUF_WORD_LEFT, false, 1);
    assert_int_equal(tb.cur.col, 11); /* "nginx" */
    textbuf_move(&tb, TEXTBUF_WORD_RIGHT, false, 1);
    assert_int_equal(tb.cur.col, 16);
    textbuf_move(&tb, TEXTBUF_HOME, false, 1);
    assert_int_equal(tb.cur.col, 4); /* the indentation first */
    textbuf_move(&tb, TEXTBUF_HOME, false, 1);
    assert_int_equal(tb.cur.col, 0); /* then the line start */
    textbuf_move(&tb, TEXTBUF_HOME, false, 1);
    assert_int_equal(tb.cur.col, 4);
    textbuf_move(&tb, TEXTBUF_END, false, 1);
    textbuf_move(&tb, TEXTBUF_WORD_RIGHT, false, 1); /* at the end: next line */
    assert_int_equal(tb.cur.line, 1);
    assert_int_equal(tb.cur.col, 0);
    textbuf_move(&tb, TEXTBUF_WORD_LEFT, false, 1);
    assert_int_equal(tb.cur.line, 0);
    assert_int_equal(tb.cur.col, 21);
    textbuf_move(&tb, TEXTBUF_BOTTOM, false, 1);
    assert_int_equal(tb.cur.line, 1);
    assert_int_equal(tb.cur.col, 4);
    textbuf_done(&tb);
}

static void test_selection_cut_copy_paste(void **state)
{
    (void)state;
    struct textbuf tb;
    textbuf_init(&tb);
    const char *s = "one two\nthree";
    textbuf_set_text(&tb, s, strlen(s));
    struct textbuf_pos a, b;
    assert_false(textbuf_selection(&tb, &a, &b));
    assert_false(textbuf_copy(&tb));
    assert_false(textbuf_paste(&tb)); /* empty clipboard */
    textbuf_goto(&tb, 0, 4);
    textbuf_move(&tb, TEXTBUF_DOWN, true, 1);
    assert_true(textbuf_selection(&tb, &a, &b));
    size_t len;
    char *sel = textbuf_selected_text(&tb, &len);
    assert_string_equal(sel, "two\nthre");
    free(sel);
    assert_true(textbuf_cut(&tb));
    expect_text(&tb, "one e");
    assert_false(textbuf_selection(&tb, &a, &b));
    textbuf_move(&tb, TEXTBUF_END, false, 1);
    assert_true(textbuf_paste(&tb));
    expect_text(&tb, "one etwo\nthre");
    /* Selecting backwards gives the same ordered range. */
    textbuf_goto(&tb, 0, 3);
    textbuf_move(&tb, TEXTBUF_LEFT, true, 1);
    textbuf_move(&tb, TEXTBUF_LEFT, true, 1);
    assert_true(textbuf_selection(&tb, &a, &b));
    assert_int_equal(a.col, 1);
    assert_int_equal(b.col, 3);
    assert_true(textbuf_copy(&tb));
    /* Typing replaces the selection. */
    type(&tb, "X");
    expect_text(&tb, "oX etwo\nthre");
    textbuf_paste(&tb);
    expect_text(&tb, "oXne etwo\nthre");
    /* A plain move ends the selection. */
    textbuf_select_all(&tb);
    assert_true(textbuf_selection(&tb, &a, &b));
    textbuf_move(&tb, TEXTBUF_LEFT, false, 1);
    assert_false(textbuf_selection(&tb, &a, &b));
    textbuf_select_all(&tb);
    textbuf_backspace(&tb);
    expect_text(&tb, "");
    textbuf_done(&tb);
}

static void test_undo_groups_words(void **state)
{
    (void)state;
    struct textbuf tb;
    textbuf_init(&tb);
    textbuf_set_text(&tb, "", 0);
    type(&tb, "hello world");
    expect_text(&tb, "hello world");
    assert_true(textbuf_undo(&tb));
    expect_text(&tb, "hello ");
    assert_true(textbuf_undo(&tb));
    expect_text(&tb, "");
    assert_false(textbuf_modified(&tb)); /* back to what was loaded */
    assert_false(textbuf_undo(&tb));
    assert_true(textbuf_redo(&tb));
    expect_text(&tb, "hello ");
    assert_true(textbuf_redo(&tb));
    expect_text(&tb, "hello world");
    assert_false(textbuf_redo(&tb));
    assert_int_equal(tb.cur.col, 11);
    /* Deleting is its own group; a new edit drops the redo list. */
    textbuf_backspace(&tb);
    textbuf_backspace(&tb);
    expect_text(&tb, "hello wor");
    assert_true(textbuf_undo(&tb));
    expect_text(&tb, "hello world");
    type(&tb, "!");
    assert_false(textbuf_redo(&tb));
    /* A cursor move between edits starts a new group. */
    textbuf_goto(&tb, 0, 0);
    type(&tb, "ab");
    textbuf_goto(&tb, 0, 14);
    type(&tb, "cd");
    expect_text(&tb, "abhello world!cd");
    textbuf_undo(&tb);
    expect_text(&tb, "abhello world!");
    textbuf_undo(&tb);
    expect_text(&tb, "hello world!");
    /* Cut, paste and newlines are steps of their own. */
    textbuf_select_all(&tb);
    textbuf_cut(&tb);
    textbuf_paste(&tb);
    textbuf_paste(&tb);
    expect_text(&tb, "hello world!hello world!");
    textbuf_undo(&tb);
    expect_text(&tb, "hello world!");
    textbuf_undo(&tb);
    expect_text(&tb, "");
    textbuf_undo(&tb);
    expect_text(&tb, "hello world!");
    textbuf_done(&tb);
}

static void test_modified_follows_saved_point(void **state)
{
    (void)state;
    struct textbuf tb;
    textbuf_init(&tb);
    textbuf_set_text(&tb, "a", 1);
    textbuf_move(&tb, TEXTBUF_END, false, 1);
    type(&tb, "b");
    assert_true(textbuf_modified(&tb));
    textbuf_mark_saved(&tb);
    assert_false(textbuf_modified(&tb));
    textbuf_undo(&tb);
    assert_true(textbuf_modified(&tb));
    textbuf_redo(&tb);
    assert_false(textbuf_modified(&tb));
    textbuf_replace_all(&tb, "x\ny", 3);
    expect_text(&tb, "x\ny");
    assert_true(textbuf_modified(&tb));
    textbuf_undo(&tb);
    expect_text(&tb, "ab");
    assert_false(textbuf_modified(&tb));
    textbuf_done(&tb);
}

static void test_search_wraps_both_ways(void **state)
{
    (void)state;
    struct textbuf tb;
    textbuf_init(&tb);
    const char *s = "port: 80\nimage: x\nport: 81";
    textbuf_set_text(&tb, s, strlen(s));
    bool wrapped;
    assert_true(textbuf_search(&tb, "port", true, &wrapped));
    assert_false(wrapped);
    assert_int_equal(tb.cur.line, 0);
    assert_int_equal(tb.cur.col, 4);
    assert_true(textbuf_search(&tb, "port", true, &wrapped));
    assert_false(wrapped);
    assert_int_equal(tb.cur.line, 2);
    assert_true(textbuf_search(&tb, "port", true, &wrapped));
    assert_true(wrapped);
    assert_int_equal(tb.cur.line, 0);
    struct textbuf_pos a, b;
    assert_true(textbuf_selection(&tb, &a, &b));
    assert_int_equal(a.col, 0);
    assert_int_equal(b.col, 4);
    /* Backward from the first match wraps to the last. */
    assert_true(textbuf_search(&tb, "port", false, &wrapped));
    assert_true(wrapped);
    assert_int_equal(tb.cur.line, 2);
    assert_int_equal(tb.cur.col, 0);
    assert_true(textbuf_search(&tb, "port", false, &wrapped));
    assert_false(wrapped);
    assert_int_equal(tb.cur.line, 0);
    assert_false(textbuf_search(&tb, "absent", true, &wrapped));
    assert_false(textbuf_search(&tb, "", true, &wrapped));
    /* One match in the whole text, found again from itself. */
    assert_true(textbuf_search(&tb, "image", true, &wrapped));
    assert_true(textbuf_search(&tb, "image", true, &wrapped));
    assert_true(wrapped);
    assert_int_equal(tb.cur.line, 1);
    textbuf_done(&tb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_and_text_round_trip),
        cmocka_unit_test(test_insert_newline_backspace_delete),
        cmocka_unit_test(test_utf8_moves_never_split),
        cmocka_unit_test(test_vertical_moves_keep_goal_column),
        cmocka_unit_test(test_word_home_end),
        cmocka_unit_test(test_selection_cut_copy_paste),
        cmocka_unit_test(test_undo_groups_words),
        cmocka_unit_test(test_modified_follows_saved_point),
        cmocka_unit_test(test_search_wraps_both_ways),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
