/* Command-line parsing: defaults, every option, and one clear message for
 * each kind of bad input. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "options.h"

/* Parse a NULL-terminated list of arguments (argv[0] added here). */
static int parse(struct options *opt, struct berth_error *err, const char *const *args)
{
    /* getopt wants char **: copy into writable storage. */
    static char store[32][128];
    char *argv[32];
    int argc = 0;
    snprintf(store[0], sizeof store[0], "berth");
    argv[argc] = store[argc];
    argc++;
    for (; *args && argc < 31; args++, argc++) {
        snprintf(store[argc], sizeof store[argc], "%s", *args);
        argv[argc] = store[argc];
    }
    argv[argc] = NULL;
    return options_parse(opt, argc, argv, err);
}

#define PARSE(opt, err, ...) parse((opt), (err), (const char *const[]){__VA_ARGS__, NULL})

static void expect_usage_error(const char *want_substring, const char *const *args)
{
    struct options opt;
    struct berth_error err;
    assert_int_equal(parse(&opt, &err, args), -1);
    assert_int_equal(err.kind, BERTH_ERR_USAGE);
    if (!strstr(err.message, want_substring))
        fail_msg("message '%s' lacks '%s'", err.message, want_substring);
    assert_null(strchr(err.message, '\n'));
}

#define EXPECT_USAGE(want, ...) expect_usage_error((want), (const char *const[]){__VA_ARGS__, NULL})

static void test_defaults(void **state)
{
    (void)state;
    struct options opt;
    struct berth_error err;
    const char *const none[] = {NULL};
    assert_int_equal(parse(&opt, &err, none), 0);
    assert_null(opt.host);
    assert_null(opt.context);
    assert_int_equal(opt.timeout_ms, 10000);
    assert_false(opt.batch);
    assert_int_equal(opt.iterations, 1);
    assert_true(opt.delay > 1.999 && opt.delay < 2.001);
    assert_false(opt.delay_given);
    assert_false(opt.all);
    assert_int_equal(opt.format, OPTIONS_FORMAT_TABLE);
    assert_false(opt.read_only);
    assert_null(opt.theme);
    assert_null(opt.config);
    assert_false(opt.help);
    assert_false(opt.help_keys);
    assert_false(opt.version);
}

static void test_every_option(void **state)
{
    (void)state;
    struct options opt;
    struct berth_error err;
    assert_int_equal(PARSE(&opt, &err, "-H", "unix:///tmp/d.sock", "--context", "prod", "--timeout",
                           "2.5", "-b", "-n", "3", "-d", "0.5", "-a", "--format", "json",
                           "--read-only", "--theme", "dark", "--config", "/tmp/b.conf"),
                     0);
    assert_string_equal(opt.host, "unix:///tmp/d.sock");
    assert_string_equal(opt.context, "prod");
    assert_int_equal(opt.timeout_ms, 2500);
    assert_true(opt.batch);
    assert_int_equal(opt.iterations, 3);
    assert_true(opt.delay > 0.499 && opt.delay < 0.501);
    assert_true(opt.delay_given);
    assert_true(opt.all);
    assert_int_equal(opt.format, OPTIONS_FORMAT_JSON);
    assert_true(opt.read_only);
    assert_string_equal(opt.theme, "dark");
    assert_string_equal(opt.config, "/tmp/b.conf");

    /* Long spellings, = forms, bundled short flags. */
    assert_int_equal(PARSE(&opt, &err, "--host=tcp://127.0.0.1:2375", "--batch", "--all",
                           "--iterations=2", "--delay=1", "--format=table"),
                     0);
    assert_string_equal(opt.host, "tcp://127.0.0.1:2375");
    assert_true(opt.batch && opt.all);
    assert_int_equal(opt.iterations, 2);
    assert_int_equal(opt.format, OPTIONS_FORMAT_TABLE);
    assert_int_equal(PARSE(&opt, &err, "-ban", "4"), 0);
    assert_true(opt.batch && opt.all);
    assert_int_equal(opt.iterations, 4);

    assert_int_equal(PARSE(&opt, &err, "-h"), 0);
    assert_true(opt.help);
    assert_int_equal(PARSE(&opt, &err, "--help-keys"), 0);
    assert_true(opt.help_keys);
    assert_false(opt.help);
    assert_int_equal(PARSE(&opt, &err, "--version"), 0);
    assert_true(opt.version);
    /* A second parse starts from the defaults again. */
    assert_int_equal(PARSE(&opt, &err, "-V"), 0);
    assert_true(opt.version);
    assert_false(opt.help);
}

static void test_bad_values(void **state)
{
    (void)state;
    EXPECT_USAGE("--delay: 'abc' is not a number of seconds", "-d", "abc");
    EXPECT_USAGE("--delay: 0 is out of range", "--delay", "0");
    EXPECT_USAGE("--delay: -1 is out of range", "--delay=-1");
    EXPECT_USAGE("--delay: 'nan' is not a number", "-d", "nan");
    EXPECT_USAGE("--delay: '2s' is not a number", "-d", "2s");
    EXPECT_USAGE("--timeout: 'x' is not a number", "--timeout", "x");
    EXPECT_USAGE("--timeout: 1e9 is out of range", "--timeout", "1e9");
    EXPECT_USAGE("--iterations: 'many' is not a whole number", "-n", "many");
    EXPECT_USAGE("--iterations: 0 is out of range", "-n", "0");
    EXPECT_USAGE("--iterations: '1.5' is not a whole number", "-n", "1.5");
    EXPECT_USAGE("--format: 'yaml' is not one of table, json", "--format", "yaml");
    EXPECT_USAGE("--host: the value is empty", "-H", "");
}

static void test_bad_options(void **state)
{
    (void)state;
    EXPECT_USAGE("unknown option --bogus", "--bogus");
    EXPECT_USAGE("unknown option -x", "-x");
    EXPECT_USAGE("-n needs a value", "-b", "-n");
    EXPECT_USAGE("--delay needs a value", "--delay");
    EXPECT_USAGE("--batch=yes: this option takes no value", "--batch=yes");
    EXPECT_USAGE("unexpected argument 'stray'", "-b", "stray");
}

static void test_help_text_lists_options(void **state)
{
    (void)state;
    char buf[4096];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    assert_non_null(f);
    options_usage(f);
    fclose(f);
    const char *names[] = {"--host",   "--context", "--timeout",   "--batch",     "--iterations",
                           "--delay",  "--all",     "--format",    "--read-only", "--theme",
                           "--config", "--help",    "--help-keys", "--version"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strstr(buf, names[i]))
            fail_msg("--help does not mention %s", names[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_every_option),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_help_text_lists_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
