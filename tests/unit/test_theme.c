/* Themes: colour words, the forgiving parser (file:line, skip, go on),
 * every shipped theme complete and clean, the search path, colour mapping
 * for small palettes, and the curses side (pairs, monochrome fallback) on
 * terminals created with newterm() over /dev/null. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ui/theme.h"
#include "ui/theme_data.h"
#include "xalloc.h"

#define THEMES_SRC BERTH_TEST_SRCDIR "/themes"

static const char *const shipped[] = {"default", "light", "monochrome", "high-contrast"};

static void assert_color(const struct theme_color *c, enum theme_color_kind kind, int index,
                         uint32_t rgb)
{
    assert_int_equal(c->kind, kind);
    assert_int_equal(c->index, index);
    if (kind != THEME_COLOR_DEFAULT)
        assert_int_equal(c->rgb, rgb);
}

static void assert_same_style(const struct theme_style *a, const struct theme_style *b)
{
    assert_int_equal(a->fg.kind, b->fg.kind);
    assert_int_equal(a->fg.index, b->fg.index);
    assert_int_equal(a->fg.rgb, b->fg.rgb);
    assert_int_equal(a->bg.kind, b->bg.kind);
    assert_int_equal(a->bg.index, b->bg.index);
    assert_int_equal(a->bg.rgb, b->bg.rgb);
    assert_int_equal(a->attrs, b->attrs);
}

static void test_element_names(void **state)
{
    (void)state;
    /* The elements the panels are promised. */
    static const char *const required[] = {
        "default",
        "header",
        "header_label",
        "meter_bar",
        "meter_text",
        "table_header",
        "table_header_sorted",
        "selection",
        "selection_unfocused",
        "mark",
        "state_running",
        "state_paused",
        "state_restarting",
        "state_exited_ok",
        "state_exited_error",
        "state_dead",
        "state_created",
        "health_healthy",
        "health_unhealthy",
        "health_starting",
        "project_row",
        "footer_key",
        "footer_text",
        "status_ok",
        "status_error",
        "banner_error",
        "stale",
        "dialog",
        "dialog_title",
        "dialog_button",
        "dialog_button_focused",
        "log_stderr",
        "log_timestamp",
        "search_match",
        "graph_cpu_start",
        "graph_cpu_mid",
        "graph_cpu_end",
        "graph_mem_start",
        "graph_mem_mid",
        "graph_mem_end",
        "graph_net_start",
        "graph_net_mid",
        "graph_net_end",
        "graph_io_start",
        "graph_io_mid",
        "graph_io_end",
        "filter_prompt",
        "vuln_critical",
        "vuln_high",
        "vuln_medium",
        "vuln_low",
        "editor_key",
        "editor_string",
        "editor_comment",
        "editor_anchor",
        "editor_number",
        "editor_document",
        "editor_gutter",
        "editor_error",
        "editor_warning",
    };
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        if (theme_element_find(required[i]) < 0)
            fail_msg("element %s missing", required[i]);
    }
    assert_int_equal(THEME_ELEMENT_COUNT, sizeof required / sizeof required[0]);
    for (int e = 0; e < THEME_ELEMENT_COUNT; e++)
        assert_int_equal(theme_element_find(theme_element_name((enum theme_element)e)), e);
    assert_int_equal(theme_element_find("nope"), -1);
    assert_null(theme_element_name(THEME_ELEMENT_COUNT));
    assert_int_equal(theme_gradient(THEME_GRAPH_MEM, 1), THEME_GRAPH_MEM_MID);
    assert_int_equal(theme_gradient(THEME_GRAPH_IO, 0), THEME_GRAPH_IO_START);
    assert_int_equal(theme_gradient(THEME_GRAPH_CPU, 7), THEME_GRAPH_CPU_END);
}

static void test_color_words(void **state)
{
    (void)state;
    struct theme_color c;
    struct berth_error err;
    assert_int_equal(theme_color_parse("default", &c, &err), 0);
    assert_color(&c, THEME_COLOR_DEFAULT, -1, 0);
    assert_int_equal(theme_color_parse("Red", &c, &err), 0);
    assert_color(&c, THEME_COLOR_INDEX, 1, 0xcd0000);
    assert_int_equal(theme_color_parse("bright_white", &c, &err), 0);
    assert_color(&c, THEME_COLOR_INDEX, 15, 0xffffff);
    assert_int_equal(theme_color_parse("brightred", &c, &err), 0);
    assert_color(&c, THEME_COLOR_INDEX, 9, 0xff0000);
    assert_int_equal(theme_color_parse("grey", &c, &err), 0);
    assert_color(&c, THEME_COLOR_INDEX, 8, 0x7f7f7f);
    assert_int_equal(theme_color_parse("196", &c, &err), 0);
    assert_color(&c, THEME_COLOR_INDEX, 196, 0xff0000);
    assert_int_equal(theme_color_parse("0", &c, &err), 0);
    assert_color(&c, THEME_COLOR_INDEX, 0, 0x000000);
    assert_int_equal(theme_color_parse("#5fd7d7", &c, &err), 0);
    assert_color(&c, THEME_COLOR_RGB, 80, 0x5fd7d7);
    assert_int_equal(theme_color_parse("#F80", &c, &err), 0);
    assert_color(&c, THEME_COLOR_RGB, 208, 0xff8800);
    static const char *const bad[] = {"256", "-1",   "#12345",  "#gg0000", "purple",
                                      "",    "1000", "bright_", "#"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (theme_color_parse(bad[i], &c, &err) != -1)
            fail_msg("'%s' should not be a colour", bad[i]);
    }
    assert_string_equal(err.message, "bad colour '#' (a name, 0-255 or #rrggbb)");
}

static void test_palette_arithmetic(void **state)
{
    (void)state;
    assert_int_equal(theme_index_rgb(16), 0x000000);
    assert_int_equal(theme_index_rgb(196), 0xff0000);
    assert_int_equal(theme_index_rgb(231), 0xffffff);
    assert_int_equal(theme_index_rgb(232), 0x080808);
    assert_int_equal(theme_index_rgb(244), 0x808080);
    assert_int_equal(theme_index_rgb(255), 0xeeeeee);
    assert_int_equal(theme_nearest(0xff0000, 256), 196);
    assert_int_equal(theme_nearest(0x808080, 256), 244);
    assert_int_equal(theme_nearest(0x000000, 256), 16);
    assert_int_equal(theme_nearest(0x5f87af, 256), 67);
    assert_int_equal(theme_nearest(0x7a7a7a, 256), 243);
    assert_int_equal(theme_nearest(0xff0000, 16), 9);
    assert_int_equal(theme_nearest(0xff0000, 8), 1);
    assert_int_equal(theme_nearest(0x6060ff, 16), 12);
    assert_int_equal(theme_nearest(0x0000ff, 16), 4);
    assert_int_equal(theme_nearest(0x101010, 8), 0);
    assert_int_equal(theme_nearest(0xf0f0f0, 8), 7);
    /* Every index maps back to itself on a 256-colour terminal (cube, greys). */
    for (int i = 16; i < 256; i++)
        assert_int_equal(theme_nearest(theme_index_rgb(i), 256), i);
}

static void test_parse_good_file(void **state)
{
    (void)state;
    struct theme t;
    theme_init_builtin(&t);
    memset(t.defined, 0, sizeof t.defined);
    struct conf_diags d;
    conf_diags_init(&d);
    const char *text = "# a comment\n"
                       "\n"
                       "selection = black cyan bold\n"
                       "  state_running=green   default  \n"
                       "graph_cpu_end = #ff5f5f 236 bold underline reverse # trailing\n"
                       "header = 15 default normal\r\n";
    assert_int_equal(theme_parse_string(&t, "good.theme", text, &d), 0);
    assert_int_equal(d.count, 0);
    const struct theme_style *s = &t.styles[THEME_SELECTION];
    assert_color(&s->fg, THEME_COLOR_INDEX, 0, 0x000000);
    assert_color(&s->bg, THEME_COLOR_INDEX, 6, 0x00cdcd);
    assert_int_equal(s->attrs, THEME_ATTR_BOLD);
    s = &t.styles[THEME_STATE_RUNNING];
    assert_color(&s->fg, THEME_COLOR_INDEX, 2, 0x00cd00);
    assert_color(&s->bg, THEME_COLOR_DEFAULT, -1, 0);
    assert_int_equal(s->attrs, 0);
    s = &t.styles[THEME_GRAPH_CPU_END];
    assert_color(&s->fg, THEME_COLOR_RGB, 203, 0xff5f5f);
    assert_color(&s->bg, THEME_COLOR_INDEX, 236, 0x303030);
    assert_int_equal(s->attrs, THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE | THEME_ATTR_REVERSE);
    assert_int_equal(t.styles[THEME_HEADER].fg.index, 15);
    int defined = 0;
    for (int e = 0; e < THEME_ELEMENT_COUNT; e++)
        defined += t.defined[e];
    assert_int_equal(defined, 4);
    conf_diags_done(&d);
}

static void test_parse_bad_lines(void **state)
{
    (void)state;
    struct theme t;
    theme_init_builtin(&t);
    struct theme_style before = t.styles[THEME_MARK];
    struct conf_diags d;
    conf_diags_init(&d);
    const char *text = "selection = red blue\n"       /* 1 good */
                       "selectoin = black cyan\n"     /* 2 */
                       "mark black cyan\n"            /* 3 */
                       "mark = red\n"                 /* 4 */
                       "mark = purple default\n"      /* 5 */
                       "mark = red #12345\n"          /* 6 */
                       "mark = red default sparkly\n" /* 7 */
                       "mark = 300 default\n"         /* 8 */
                       "= red default\n"              /* 9 */
                       "stale = 8 default dim\n";     /* 10 good */
    assert_int_equal(theme_parse_string(&t, "bad.theme", text, &d), 8);
    static const char *const want[] = {
        "bad.theme:2: unknown element 'selectoin'",
        "bad.theme:3: expected 'element = fg bg [attrs]'",
        "bad.theme:4: 'mark' wants a foreground and a background colour",
        "bad.theme:5: bad colour 'purple' (a name, 0-255 or #rrggbb)",
        "bad.theme:6: bad colour '#12345' (a name, 0-255 or #rrggbb)",
        "bad.theme:7: unknown attribute 'sparkly'",
        "bad.theme:8: bad colour '300' (a name, 0-255 or #rrggbb)",
        "bad.theme:9: unknown element ''",
    };
    assert_int_equal(d.count, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < d.count; i++)
        assert_string_equal(d.lines[i], want[i]);
    /* Bad lines changed nothing; the good ones on both sides applied. */
    assert_same_style(&t.styles[THEME_MARK], &before);
    assert_int_equal(t.styles[THEME_SELECTION].fg.index, 1);
    assert_int_equal(t.styles[THEME_SELECTION].bg.index, 4);
    assert_int_equal(t.styles[THEME_STALE].fg.index, 8);
    assert_int_equal(t.styles[THEME_STALE].attrs, THEME_ATTR_DIM);
    conf_diags_done(&d);
}

static void test_shipped_themes_complete_and_clean(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
        char *path = xasprintf("%s/%s.theme", THEMES_SRC, shipped[i]);
        struct theme t;
        struct conf_diags d;
        conf_diags_init(&d);
        struct berth_error err;
        berth_error_clear(&err);
        int bad = theme_load_file(&t, path, &d, &err);
        if (bad != 0)
            fail_msg("%s: %d bad lines, first: %s", path, bad, d.count ? d.lines[0] : err.message);
        assert_string_equal(t.name, shipped[i]);
        for (int e = 0; e < THEME_ELEMENT_COUNT; e++) {
            if (!t.defined[e])
                fail_msg("%s does not define %s", path, theme_element_name((enum theme_element)e));
        }
        if (strcmp(shipped[i], "monochrome") == 0) {
            for (int e = 0; e < THEME_ELEMENT_COUNT; e++) {
                assert_int_equal(t.styles[e].fg.kind, THEME_COLOR_DEFAULT);
                assert_int_equal(t.styles[e].bg.kind, THEME_COLOR_DEFAULT);
            }
        }
        conf_diags_done(&d);
        free(path);
    }
}

/* The compiled-in copies are the shipped files. */
static void test_builtin_matches_files(void **state)
{
    (void)state;
    struct theme file, builtin;
    struct berth_error err;
    assert_int_equal(theme_load_file(&file, THEMES_SRC "/default.theme", NULL, &err), 0);
    theme_init_builtin(&builtin);
    for (int e = 0; e < THEME_ELEMENT_COUNT; e++)
        assert_same_style(&file.styles[e], &builtin.styles[e]);
    assert_int_equal(theme_load_file(&file, THEMES_SRC "/monochrome.theme", NULL, &err), 0);
    theme_init_monochrome(&builtin);
    for (int e = 0; e < THEME_ELEMENT_COUNT; e++)
        assert_same_style(&file.styles[e], &builtin.styles[e]);
    assert_string_equal(builtin.name, "monochrome");
}

static char *saved_env(const char *name)
{
    const char *v = getenv(name);
    return v ? xstrdup(v) : NULL;
}

static void restore_env(const char *name, char *value)
{
    if (value)
        setenv(name, value, 1);
    else
        unsetenv(name);
    free(value);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_search_path(void **state)
{
    (void)state;
    char *xdg = saved_env("XDG_CONFIG_HOME");
    char *override = saved_env("BERTH_THEMEDIR_OVERRIDE");
    char tmpl[] = "/tmp/berth-theme.XXXXXX";
    char *root = mkdtemp(tmpl);
    assert_non_null(root);
    char *dir = xasprintf("%s/berth/themes", root);
    char *mid = xasprintf("%s/berth", root);
    assert_int_equal(mkdir(mid, 0700), 0);
    assert_int_equal(mkdir(dir, 0700), 0);
    char *mine = xasprintf("%s/zz-mine.theme", dir);
    char *light = xasprintf("%s/light.theme", dir);
    char *junk = xasprintf("%s/.hidden.theme", dir);
    write_file(mine, "selection = red blue\nnonsense\n");
    write_file(light, "mark = magenta default\n");
    write_file(junk, "");
    setenv("XDG_CONFIG_HOME", root, 1);
    setenv("BERTH_THEMEDIR_OVERRIDE", THEMES_SRC, 1);

    char **names = theme_list();
    static const char *const want[] = {"default", "high-contrast", "light", "monochrome",
                                       "zz-mine"};
    size_t n = 0;
    while (names[n])
        n++;
    assert_int_equal(n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(names[i], want[i]);
    theme_list_free(names);

    /* The user's folder comes first. */
    char *found = theme_find("light");
    assert_string_equal(found, light);
    free(found);
    struct theme t;
    struct conf_diags d;
    conf_diags_init(&d);
    struct berth_error err;
    assert_int_equal(theme_load(&t, "light", &d, &err), 0);
    assert_true(t.defined[THEME_MARK]);
    assert_false(t.defined[THEME_SELECTION]);
    assert_int_equal(theme_load(&t, "zz-mine", &d, &err), 1);
    assert_int_equal(d.count, 1);
    char *want_diag = xasprintf("%s:2: expected 'element = fg bg [attrs]'", mine);
    assert_string_equal(d.lines[0], want_diag);
    free(want_diag);
    assert_int_equal(t.styles[THEME_SELECTION].fg.index, 1);
    assert_string_equal(t.name, "zz-mine");
    /* Then the override (here the source tree). */
    assert_int_equal(theme_load(&t, "high-contrast", &d, &err), 0);
    assert_string_equal(t.name, "high-contrast");
    /* Unknown and unsafe names fall back to the built-in default. */
    assert_int_equal(theme_load(&t, "nope", &d, &err), -1);
    assert_string_equal(err.message, "no theme called 'nope'");
    assert_string_equal(t.name, "default");
    assert_int_equal(theme_load(&t, "../berth/themes/light", &d, &err), -1);
    assert_null(theme_find("../berth/themes/light"));
    assert_null(theme_find(".hidden"));
    /* The config validator agrees with the search path. */
    assert_int_equal(theme_conf_check(NULL, "zz-mine", &err), 0);
    assert_int_equal(theme_conf_check(NULL, "high-contrast", &err), 0);
    assert_int_equal(theme_conf_check(NULL, "nope", &err), -1);
    assert_string_equal(err.message, "no theme called 'nope'");
    /* With no file anywhere, default and monochrome are still there. */
    setenv("BERTH_THEMEDIR_OVERRIDE", root, 1);
    assert_null(theme_find("monochrome"));
    assert_int_equal(theme_load(&t, "monochrome", &d, &err), 0);
    assert_int_equal(t.styles[THEME_SELECTION].attrs, THEME_ATTR_REVERSE);
    assert_int_equal(theme_load(&t, "default", &d, &err), 0);
    assert_int_equal(theme_conf_check(NULL, "monochrome", &err), 0);
    assert_int_equal(theme_conf_check(NULL, "light", &err), 0); /* the user's copy */
    assert_int_equal(theme_conf_check(NULL, "high-contrast", &err), -1);

    unlink(mine);
    unlink(light);
    unlink(junk);
    rmdir(dir);
    rmdir(mid);
    rmdir(root);
    free(mine);
    free(light);
    free(junk);
    free(dir);
    free(mid);
    conf_diags_done(&d);
    restore_env("XDG_CONFIG_HOME", xdg);
    restore_env("BERTH_THEMEDIR_OVERRIDE", override);
}

static void test_resolve(void **state)
{
    (void)state;
    struct theme t;
    struct theme_resolved r[THEME_ELEMENT_COUNT];
    theme_init_builtin(&t);

    theme_resolve(&t, 256, true, false, r);
    assert_int_equal(r[THEME_STATE_RUNNING].fg, 2);
    assert_int_equal(r[THEME_STATE_RUNNING].bg, -1);
    assert_int_equal(r[THEME_GRAPH_NET_START].fg, 80);
    assert_int_equal(r[THEME_GRAPH_MEM_START].fg, 75);
    assert_int_equal(r[THEME_SELECTION].bg, 6);

    /* 8 colours: everything within 0..7. */
    theme_resolve(&t, 8, true, false, r);
    for (int e = 0; e < THEME_ELEMENT_COUNT; e++) {
        assert_true(r[e].fg >= -1 && r[e].fg < 8);
        assert_true(r[e].bg >= -1 && r[e].bg < 8);
    }
    assert_int_equal(r[THEME_GRAPH_IO_END].fg, 1); /* #ff5f5f */
    assert_int_equal(r[THEME_STATE_PAUSED].fg, 4); /* bright_blue */
    /* 16 colours keep the bright ones. */
    theme_resolve(&t, 16, true, false, r);
    assert_int_equal(r[THEME_STATE_PAUSED].fg, 12);
    assert_int_equal(r[THEME_GRAPH_IO_END].fg, 9);
    /* No default colours: white on black stands in. */
    theme_resolve(&t, 256, false, false, r);
    assert_int_equal(r[THEME_STATE_RUNNING].bg, 0);
    assert_int_equal(r[THEME_DEFAULT].fg, 7);
    /* Direct colour: RGB as is, ANSI indices below 8 kept. */
    theme_resolve(&t, 1 << 24, true, false, r);
    assert_int_equal(r[THEME_GRAPH_NET_START].fg, 0x5fd7d7);
    assert_int_equal(r[THEME_STATE_RUNNING].fg, 2);
    assert_int_equal(r[THEME_GRAPH_MEM_START].fg, 0x5fafff);

    /* A theme with its own background: "default" means that background. */
    struct conf_diags d;
    conf_diags_init(&d);
    struct berth_error err;
    assert_int_equal(theme_load_file(&t, THEMES_SRC "/light.theme", &d, &err), 0);
    theme_resolve(&t, 256, true, false, r);
    assert_int_equal(r[THEME_STATE_RUNNING].bg, 255);
    assert_int_equal(r[THEME_HEADER].fg, 235);
    theme_resolve(&t, 8, true, false, r);
    assert_int_equal(r[THEME_STATE_RUNNING].bg, 7);
    assert_int_equal(r[THEME_HEADER].fg, 0);

    /* Monochrome: no colour, the monochrome theme's attributes. */
    theme_resolve(&t, 256, true, true, r);
    for (int e = 0; e < THEME_ELEMENT_COUNT; e++) {
        assert_int_equal(r[e].fg, -1);
        assert_int_equal(r[e].bg, -1);
    }
    assert_int_equal(r[THEME_SELECTION].attrs, THEME_ATTR_REVERSE);
    assert_int_equal(r[THEME_STATE_EXITED_ERROR].attrs, THEME_ATTR_BOLD | THEME_ATTR_REVERSE);
    assert_int_not_equal(r[THEME_SELECTION].attrs, r[THEME_SELECTION_UNFOCUSED].attrs);
    assert_int_not_equal(r[THEME_STATE_RUNNING].attrs, r[THEME_STATE_EXITED_ERROR].attrs);
    conf_diags_done(&d);
}

static void test_no_color_env(void **state)
{
    (void)state;
    char *saved = saved_env("NO_COLOR");
    unsetenv("NO_COLOR");
    assert_false(theme_no_color_requested());
    setenv("NO_COLOR", "", 1);
    assert_false(theme_no_color_requested());
    setenv("NO_COLOR", "1", 1);
    assert_true(theme_no_color_requested());
    restore_env("NO_COLOR", saved);
}

/* Run fn on a curses screen for terminal type `term`, output discarded. */
static void with_terminal(const char *term, void (*fn)(void))
{
    FILE *out = fopen("/dev/null", "w");
    FILE *in = fopen("/dev/null", "r");
    assert_non_null(out);
    assert_non_null(in);
    SCREEN *scr = newterm(term, out, in);
    if (!scr)
        fail_msg("no terminfo entry for %s", term);
    fn();
    endwin();
    delscreen(scr);
    fclose(out);
    fclose(in);
}

static void check_colour_256(void)
{
    struct theme t;
    theme_init_builtin(&t);
    theme_apply(&t);
    assert_false(theme_is_mono());
    assert_true(has_colors());
    int sel = theme_pair(THEME_SELECTION);
    assert_true(sel > 0);
    assert_int_equal(theme_attr(THEME_SELECTION) & A_COLOR, COLOR_PAIR(sel));
    int fg, bg;
    assert_int_equal(extended_pair_content(sel, &fg, &bg), OK);
    assert_int_equal(fg, COLOR_BLACK);
    assert_int_equal(bg, COLOR_CYAN);
    /* Same colours share one pair; terminal defaults use none. */
    assert_int_equal(theme_pair(THEME_STATE_RUNNING), theme_pair(THEME_HEALTH_HEALTHY));
    assert_int_equal(theme_pair(THEME_DEFAULT), 0);
    assert_int_equal(theme_attr(THEME_HEADER_LABEL) & A_BOLD, A_BOLD);
    assert_int_equal(extended_pair_content(theme_pair(THEME_GRAPH_NET_START), &fg, &bg), OK);
    assert_int_equal(fg, 80);
    assert_int_equal(bg, -1);
}

static void check_mono(void)
{
    struct theme t;
    theme_init_builtin(&t);
    theme_apply(&t);
    assert_true(theme_is_mono());
    assert_int_equal(theme_attr(THEME_SELECTION), A_REVERSE);
    assert_int_equal(theme_attr(THEME_SELECTION_UNFOCUSED), A_UNDERLINE);
    assert_int_equal(theme_attr(THEME_STATE_EXITED_ERROR), A_BOLD | A_REVERSE);
    assert_int_equal(theme_attr(THEME_DEFAULT), A_NORMAL);
    for (int e = 0; e < THEME_ELEMENT_COUNT; e++)
        assert_int_equal(theme_pair((enum theme_element)e), 0);
}

static void check_colour_linux(void)
{
    /* 8 colours, 64 pairs: the whole theme still fits, nothing above 7. */
    struct theme t;
    theme_init_builtin(&t);
    theme_apply(&t);
    assert_false(theme_is_mono());
    for (int e = 0; e < THEME_ELEMENT_COUNT; e++) {
        int p = theme_pair((enum theme_element)e);
        assert_true(p >= 0 && p < COLOR_PAIRS);
        if (p == 0)
            continue;
        int fg, bg;
        assert_int_equal(extended_pair_content(p, &fg, &bg), OK);
        assert_true(fg < 8 && bg < 8);
    }
    assert_true(theme_pair(THEME_GRAPH_IO_END) > 0);
}

static void test_apply_on_terminals(void **state)
{
    (void)state;
    char *saved = saved_env("NO_COLOR");
    unsetenv("NO_COLOR");
    with_terminal("xterm-256color", check_colour_256);
    with_terminal("linux", check_colour_linux);
    with_terminal("vt100", check_mono); /* no colour at all */
    setenv("NO_COLOR", "1", 1);
    with_terminal("xterm-256color", check_mono);
    restore_env("NO_COLOR", saved);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_element_names),
        cmocka_unit_test(test_color_words),
        cmocka_unit_test(test_palette_arithmetic),
        cmocka_unit_test(test_parse_good_file),
        cmocka_unit_test(test_parse_bad_lines),
        cmocka_unit_test(test_shipped_themes_complete_and_clean),
        cmocka_unit_test(test_builtin_matches_files),
        cmocka_unit_test(test_search_path),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_no_color_env),
        cmocka_unit_test(test_apply_on_terminals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
