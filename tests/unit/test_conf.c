/* The config file: the shipped defaults parse cleanly and set everything,
 * a user file overrides them, bad lines are reported as file:line and
 * skipped, bind/unbind are recorded in order, and the writer round-trips
 * atomically. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf.h"
#include "ui/keymap.h"
#include "ui/theme_data.h"
#include "strbuf.h"
#include "xalloc.h"

#define ALL_SET ((1u << CONF_SETTING_COUNT) - 1)

/* A column registry stand-in: the names the shipped defaults use. */
static int fake_column(void *ctx, const char *name, struct berth_error *err)
{
    static const char *const known[] = {"name", "id",  "image", "state", "health", "cpu",
                                        "mem",  "net", "io",    "pids",  "uptime"};
    (void)ctx;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (strcmp(known[i], name) == 0)
            return 0;
    }
    return berth_error_set(err, BERTH_ERR_USAGE, 0, "unknown column '%s'", name);
}

static const struct conf_validators validators = {
    .ctx = NULL,
    .column = fake_column,
    .theme = theme_conf_check,
    .bind = keymap_check_binding,
};

static void load_defaults(struct conf *c)
{
    struct conf_diags d;
    conf_diags_init(&d);
    conf_init(c);
    assert_int_equal(conf_load_defaults(c, &validators, &d), 0);
    assert_int_equal(d.count, 0);
    conf_diags_done(&d);
}

static char *value_of(const struct conf *c, enum conf_setting_id id)
{
    struct strbuf sb;
    strbuf_init(&sb);
    conf_format_value(c, id, &sb);
    return strbuf_detach(&sb);
}

static void assert_value(const struct conf *c, enum conf_setting_id id, const char *want)
{
    char *v = value_of(c, id);
    assert_string_equal(v, want);
    free(v);
}

static void test_defaults_parse_and_set_everything(void **state)
{
    (void)state;
    struct conf c;
    load_defaults(&c);
    assert_int_equal(c.set_mask, ALL_SET);
    assert_int_equal(c.interval_ms, 2000);
    assert_string_equal(c.theme, "default");
    assert_string_equal(c.sort, "cpu");
    assert_false(c.sort_reverse);
    assert_int_equal(c.ncolumns, 11);
    assert_string_equal(c.columns[0], "name");
    assert_false(c.read_only);
    assert_true(c.show_stopped);
    assert_int_equal(c.history, 300);
    assert_true(c.mouse);
    assert_int_equal(c.stop_timeout, 10);
    assert_int_equal(c.log_tail, 1000);
    assert_int_equal(c.scrollback, 10000);
    /* Without any validator the defaults are clean as well. */
    struct conf bare;
    conf_init(&bare);
    assert_int_equal(conf_load_defaults(&bare, NULL, NULL), 0);
    assert_int_equal(bare.set_mask, ALL_SET);
    conf_done(&bare);
    conf_done(&c);
}

/* The compiled-in text is the shipped file, byte for byte, line by line:
 * the build's escaping of \ " and ? loses nothing. */
static void test_builtin_matches_shipped_file(void **state)
{
    (void)state;
    FILE *f = fopen(BERTH_TEST_SRCDIR "/src/berth.conf", "r");
    assert_non_null(f);
    const char *const *lines = conf_builtin_lines();
    char buf[1024];
    size_t i = 0;
    while (fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\n")] = '\0';
        assert_non_null(lines[i]);
        assert_string_equal(lines[i], buf);
        i++;
    }
    fclose(f);
    assert_true(i > 10);
    assert_null(lines[i]);
}

static void test_user_file_overrides(void **state)
{
    (void)state;
    struct conf c;
    load_defaults(&c);
    struct conf_diags d;
    conf_diags_init(&d);
    const char *user = "# mine\n"
                       "set interval 0.5\n"
                       "set theme light   # trailing comment\n"
                       "set sort_reverse on\n"
                       "set columns name, cpu ,mem\n"
                       "\n"
                       "set read_only YES\n";
    assert_int_equal(conf_parse_string(&c, "user.conf", user, &validators, &d), 0);
    assert_int_equal(d.count, 0);
    assert_int_equal(c.interval_ms, 500);
    assert_string_equal(c.theme, "light");
    assert_true(c.sort_reverse);
    assert_true(c.read_only);
    assert_value(&c, CONF_COLUMNS, "name,cpu,mem");
    /* Untouched settings keep their defaults. */
    assert_int_equal(c.history, 300);
    assert_string_equal(c.sort, "cpu");
    conf_diags_done(&d);
    conf_done(&c);
}

static void test_shell_setting(void **state)
{
    (void)state;
    struct conf c;
    load_defaults(&c);
    assert_string_equal(c.shell, "auto");
    struct conf_diags d;
    conf_diags_init(&d);
    assert_int_equal(conf_parse_string(&c, "u.conf", "set shell /bin/ash\n", &validators, &d), 0);
    assert_string_equal(c.shell, "/bin/ash");
    /* Not absolute, or with shell syntax in it: refused, the value kept. */
    assert_int_equal(conf_parse_string(&c, "u.conf", "set shell bash\nset shell /bin/sh;rm\n",
                                       &validators, &d),
                     2);
    assert_int_equal(d.count, 2);
    assert_non_null(strstr(d.lines[0], "u.conf:1: shell wants auto or an absolute path"));
    assert_string_equal(c.shell, "/bin/ash");
    conf_diags_done(&d);
    conf_done(&c);
}

static void test_bad_lines_reported_and_skipped(void **state)
{
    (void)state;
    struct conf c;
    load_defaults(&c);
    struct conf_diags d;
    conf_diags_init(&d);
    const char *user = "set interval 5\n"         /* 1 good */
                       "frobnicate yes\n"         /* 2 */
                       "set colour red\n"         /* 3 */
                       "set history ten\n"        /* 4 */
                       "set history 5\n"          /* 5 below min */
                       "set mouse maybe\n"        /* 6 */
                       "set stop_timeout 3 4\n"   /* 7 */
                       "set columns name,,cpu\n"  /* 8 */
                       "set columns name,bogus\n" /* 9 */
                       "set sort\n"               /* 10 */
                       "bind \"q quit\n"          /* 11 */
                       "bind Foo quit\n"          /* 12 */
                       "bind log s stop\n"        /* 13 */
                       "set theme ../../etc/x\n"  /* 14 */
                       "set interval 0.0005\n"    /* 15 */
                       "set columns name,name\n"  /* 16 */
                       "set scrollback 20000\r\n" /* 17 good, CRLF */
                       "set theme nope\n";        /* 18 */
    int bad = conf_parse_string(&c, "u.conf", user, &validators, &d);
    assert_int_equal(bad, 16);
    assert_int_equal(d.count, 16);
    static const char *const want[] = {
        "u.conf:2: unknown command 'frobnicate'",
        "u.conf:3: unknown setting 'colour'",
        "u.conf:4: history wants a whole number from 10 to 100000, not 'ten'",
        "u.conf:5: history wants a whole number from 10 to 100000, not '5'",
        "u.conf:6: mouse wants yes or no, not 'maybe'",
        "u.conf:7: stop_timeout takes one value",
        "u.conf:8: empty column name in 'name,,cpu'",
        "u.conf:9: unknown column 'bogus'",
        "u.conf:10: usage: set NAME VALUE",
        "u.conf:11: unterminated quote",
        "u.conf:12: unknown key 'Foo'",
        "u.conf:13: action 'stop' does not exist in the log context",
        "u.conf:14: bad theme name '../../etc/x'",
        "u.conf:15: interval wants seconds from 0.1 to 3600, not '0.0005'",
        "u.conf:16: column 'name' listed twice",
        "u.conf:18: no theme called 'nope'",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_string_equal(d.lines[i], want[i]);
    /* Good lines around the bad ones still applied; bad ones changed nothing. */
    assert_int_equal(c.interval_ms, 5000);
    assert_int_equal(c.scrollback, 20000);
    assert_int_equal(c.history, 300);
    assert_true(c.mouse);
    assert_int_equal(c.stop_timeout, 10);
    assert_int_equal(c.ncolumns, 11);
    assert_string_equal(c.theme, "default");
    assert_int_equal(c.nbindings, 0);
    conf_diags_done(&d);
    conf_done(&c);
}

static void test_bind_unbind_recorded(void **state)
{
    (void)state;
    struct conf c;
    load_defaults(&c);
    struct conf_diags d;
    conf_diags_init(&d);
    const char *user = "bind F5 toggle_group\n"
                       "bind log g end\n"
                       "unbind q\n"
                       "bind \"#\" filter\n"
                       "unbind dialog Esc\n";
    assert_int_equal(conf_parse_string(&c, "k.conf", user, &validators, &d), 0);
    assert_int_equal(c.nbindings, 5);
    assert_null(c.bindings[0].context);
    assert_string_equal(c.bindings[0].key, "F5");
    assert_string_equal(c.bindings[0].action, "toggle_group");
    assert_string_equal(c.bindings[0].file, "k.conf");
    assert_int_equal(c.bindings[0].line, 1);
    assert_false(c.bindings[0].builtin);
    assert_string_equal(c.bindings[1].context, "log");
    assert_string_equal(c.bindings[1].key, "g");
    assert_null(c.bindings[2].action);
    assert_string_equal(c.bindings[2].key, "q");
    assert_string_equal(c.bindings[3].key, "#");
    assert_string_equal(c.bindings[4].context, "dialog");
    assert_null(c.bindings[4].action);

    /* Replayed on a keymap they take effect. */
    struct keymap km;
    keymap_init(&km);
    assert_int_equal(keymap_apply_conf(&km, &c, &d), 0);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, 'q'), ACTION_NONE);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_LOG, 'q'), ACTION_NONE);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_LOG, 'g'), ACTION_END);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, '#'), ACTION_FILTER);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_DIALOG, 27), ACTION_NONE);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, 27), ACTION_BACK);
    keymap_done(&km);
    conf_diags_done(&d);
    conf_done(&c);
}

static void test_execute_is_all_or_nothing(void **state)
{
    (void)state;
    struct conf c;
    load_defaults(&c);
    struct berth_error err;
    berth_error_clear(&err);
    assert_int_equal(conf_execute(&c, "set interval 1.25", &validators, &err), 0);
    assert_int_equal(c.interval_ms, 1250);
    assert_value(&c, CONF_INTERVAL, "1.25");
    assert_int_equal(conf_execute(&c, "set interval 1.2345", &validators, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_USAGE);
    assert_int_equal(c.interval_ms, 1250);
    assert_int_equal(conf_execute(&c, "set columns cpu,nope", &validators, &err), -1);
    assert_int_equal(c.ncolumns, 11);
    assert_int_equal(conf_execute(&c, "   # only a comment", &validators, &err), 0);
    assert_int_equal(conf_set(&c, "interval", "3600", &validators, &err), 0);
    assert_int_equal(conf_set(&c, "interval", "3600.001", &validators, &err), -1);
    assert_int_equal(conf_set(&c, "interval", "0.1", &validators, &err), 0);
    assert_int_equal(c.interval_ms, 100);
    assert_int_equal(conf_set(&c, "interval", ".5", &validators, &err), -1);
    assert_int_equal(conf_set(&c, "interval", "-1", &validators, &err), -1);
    assert_int_equal(conf_set(&c, "history", "99999999999", &validators, &err), -1);
    conf_done(&c);
}

static void test_nul_byte_line(void **state)
{
    (void)state;
    char path[] = "/tmp/berth-conf-nul.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const char text[] = "set history 50\nset mouse \0no\nset log_tail 7\n";
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    struct conf c;
    load_defaults(&c);
    struct conf_diags d;
    conf_diags_init(&d);
    struct berth_error err;
    assert_int_equal(conf_load_file(&c, path, true, &validators, &d, &err), 1);
    char *want = xasprintf("%s:2: line contains a NUL byte", path);
    assert_string_equal(d.lines[0], want);
    free(want);
    assert_int_equal(c.history, 50);
    assert_int_equal(c.log_tail, 7);
    assert_true(c.mouse);
    unlink(path);

    /* A missing file is fine unless asked for by name. */
    assert_int_equal(conf_load_file(&c, path, false, &validators, &d, &err), 0);
    assert_int_equal(conf_load_file(&c, path, true, &validators, &d, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_IO);
    assert_non_null(strstr(err.message, path));
    conf_diags_done(&d);
    conf_done(&c);
}

static size_t count_entries(const char *dir)
{
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    }
    closedir(dp);
    return n;
}

static void test_write_round_trip(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/berth-conf-w.XXXXXX";
    char *root = mkdtemp(tmpl);
    assert_non_null(root);
    char *dir = xasprintf("%s/a/berth", root);
    char *path = xasprintf("%s/config", dir);

    struct conf c;
    load_defaults(&c);
    struct conf_diags d;
    conf_diags_init(&d);
    const char *user = "set interval 0.75\nset theme high-contrast\nset columns id,name\n"
                       "set read_only yes\nset history 600\n"
                       "bind F5 toggle_group\nbind log g end\nunbind q\nbind '#' filter\n"
                       "bind M-x exec_shell\n";
    assert_int_equal(conf_parse_string(&c, "u", user, &validators, &d), 0);

    struct berth_error err;
    berth_error_clear(&err);
    assert_int_equal(conf_write(&c, path, &err), 0);
    /* Parent folders were made; only the file itself is left. */
    assert_int_equal(count_entries(dir), 1);

    struct conf back;
    load_defaults(&back);
    assert_int_equal(conf_load_file(&back, path, true, &validators, &d, &err), 0);
    assert_int_equal(d.count, 0);
    for (int id = 0; id < CONF_SETTING_COUNT; id++) {
        char *a = value_of(&c, (enum conf_setting_id)id);
        char *b = value_of(&back, (enum conf_setting_id)id);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    assert_int_equal(back.nbindings, c.nbindings);
    for (size_t i = 0; i < c.nbindings; i++) {
        assert_string_equal(back.bindings[i].key, c.bindings[i].key);
        if (c.bindings[i].action)
            assert_string_equal(back.bindings[i].action, c.bindings[i].action);
        else
            assert_null(back.bindings[i].action);
        if (c.bindings[i].context)
            assert_string_equal(back.bindings[i].context, c.bindings[i].context);
        else
            assert_null(back.bindings[i].context);
    }

    /* Replacing keeps the old mode and still leaves no temporary file. */
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(conf_set(&c, "history", "900", &validators, &err), 0);
    assert_int_equal(conf_write(&c, path, &err), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    assert_int_equal(count_entries(dir), 1);
    struct conf again;
    conf_init(&again);
    assert_int_equal(conf_load_file(&again, path, true, &validators, &d, &err), 0);
    assert_int_equal(again.history, 900);
    conf_done(&again);

    /* A folder that cannot exist: an error, the old file untouched. */
    char *blocked = xasprintf("%s/config/sub/config", dir);
    assert_int_equal(conf_write(&c, blocked, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_IO);
    assert_int_equal(count_entries(dir), 1);
    free(blocked);

    unlink(path);
    rmdir(dir);
    char *mid = xasprintf("%s/a", root);
    rmdir(mid);
    rmdir(root);
    free(mid);
    free(dir);
    free(path);
    conf_diags_done(&d);
    conf_done(&back);
    conf_done(&c);
}

static void test_user_paths(void **state)
{
    (void)state;
    char *saved_xdg = getenv("XDG_CONFIG_HOME") ? xstrdup(getenv("XDG_CONFIG_HOME")) : NULL;
    char *saved_home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;

    setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
    setenv("HOME", "/home/u", 1);
    char *p = conf_default_path();
    assert_string_equal(p, "/x/cfg/berth/config");
    free(p);
    setenv("XDG_CONFIG_HOME", "relative", 1); /* ignored, per the XDG spec */
    p = conf_user_dir();
    assert_string_equal(p, "/home/u/.config/berth");
    free(p);
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("HOME");
    assert_null(conf_user_dir());
    assert_null(conf_default_path());

    if (saved_xdg)
        setenv("XDG_CONFIG_HOME", saved_xdg, 1);
    if (saved_home)
        setenv("HOME", saved_home, 1);
    free(saved_xdg);
    free(saved_home);
}

static void test_setting_registry(void **state)
{
    (void)state;
    for (int id = 0; id < CONF_SETTING_COUNT; id++) {
        assert_non_null(conf_setting_name((enum conf_setting_id)id));
        assert_non_null(conf_setting_help((enum conf_setting_id)id));
        /* Every setting appears in the shipped defaults. */
        char *needle = xasprintf("set %s ", conf_setting_name((enum conf_setting_id)id));
        bool found = false;
        for (const char *const *l = conf_builtin_lines(); *l; l++)
            found = found || strncmp(*l, needle, strlen(needle)) == 0;
        assert_true(found);
        free(needle);
    }
    assert_null(conf_setting_name(CONF_SETTING_COUNT));
}

int main(void)
{
    /* Themes from the source tree only, whatever the caller's own. */
    setenv("BERTH_THEMEDIR_OVERRIDE", BERTH_TEST_SRCDIR "/themes", 1);
    setenv("XDG_CONFIG_HOME", "/nonexistent/berth-test", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_parse_and_set_everything),
        cmocka_unit_test(test_builtin_matches_shipped_file),
        cmocka_unit_test(test_user_file_overrides),
        cmocka_unit_test(test_shell_setting),
        cmocka_unit_test(test_bad_lines_reported_and_skipped),
        cmocka_unit_test(test_bind_unbind_recorded),
        cmocka_unit_test(test_execute_is_all_or_nothing),
        cmocka_unit_test(test_nul_byte_line),
        cmocka_unit_test(test_write_round_trip),
        cmocka_unit_test(test_user_paths),
        cmocka_unit_test(test_setting_registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
