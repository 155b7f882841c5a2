/* The compose-check command: exact output lines, the summary, exit
 * statuses, JSON, ordering by position, and sanitised output. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "compose_check.h"

#define CORPUS BERTH_FIXTURES "/compose-corpus"

static char tmpdir[64];
static char *const no_env[] = {NULL};

struct run {
    int status;
    char *out;
    char *err;
};

static void run(struct run *r, int argc, const char **args)
{
    char *argv[16];
    assert_true(argc < 16);
    for (int i = 0; i < argc; i++)
        argv[i] = (char *)(uintptr_t)args[i];
    argv[argc] = NULL;
    size_t olen, elen;
    FILE *out = open_memstream(&r->out, &olen);
    FILE *err = open_memstream(&r->err, &elen);
    r->status = compose_check_main(argc, argv, no_env, out, err);
    fclose(out);
    fclose(err);
}

static void run_done(struct run *r)
{
    free(r->out);
    free(r->err);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/berth-compose-check.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *write_file(const char *name, const char *text)
{
    char *path = malloc(256);
    assert_non_null(path);
    snprintf(path, 256, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_is_command(void **state)
{
    (void)state;
    char a0[] = "berth", a1[] = "compose-check", a2[] = "--check-compose", a3[] = "-b";
    char *v1[] = {a0, a1, NULL}, *v2[] = {a0, a2, NULL}, *v3[] = {a0, a3, NULL};
    assert_true(compose_check_is_command(2, v1));
    assert_true(compose_check_is_command(2, v2));
    assert_false(compose_check_is_command(2, v3));
    assert_false(compose_check_is_command(1, v1));
}

static void test_one_invalid_file(void **state)
{
    (void)state;
    struct run r;
    const char *args[] = {"compose-check", CORPUS "/i14-port-range-mismatch.yml"};
    run(&r, 2, args);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.out,
                        CORPUS "/i14-port-range-mismatch.yml:7:9: error: service \"p2p\": "
                               "port \"30303-30310:30303-30305\": host range 30303-30310 has 8 "
                               "ports but container range 30303-30305 has 3; they must be the "
                               "same length\n"
                               "checked 1 file: 1 error, 0 warnings\n");
    assert_string_equal(r.err, "");
    run_done(&r);
}

static void test_valid_and_warnings(void **state)
{
    (void)state;
    struct run r;
    const char *ok[] = {"compose-check", CORPUS "/v28-node-stack.yml"};
    run(&r, 2, ok);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "checked 1 file: 0 errors, 0 warnings\n");
    run_done(&r);
    const char *warn[] = {"--check-compose", CORPUS "/v32-restart-unquoted-no.yml"};
    run(&r, 2, warn);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "v32-restart-unquoted-no.yml:6:14: warning: unquoted no"));
    assert_non_null(strstr(r.out, "\nchecked 1 file: 0 errors, 1 warning\n"));
    run_done(&r);
}

static void test_several_files(void **state)
{
    (void)state;
    struct run r;
    const char *args[] = {"compose-check", CORPUS "/v02-no-version.yml",
                          CORPUS "/i29-unknown-service-key.yml", "/nonexistent/compose.yml"};
    run(&r, 4, args);
    assert_int_equal(r.status, 1);
    const char *want =
        CORPUS "/v02-no-version.yml:2:1: warning: no \"version\" key: Compose v2 and "
               "docker-compose 1.27+ do not need one, but older docker-compose reads a file "
               "without it as the version-1 layout\n" CORPUS
               "/i29-unknown-service-key.yml:6:5: error: service \"node\": unknown key "
               "\"enviroment\" (did you mean \"environment\"?)\n"
               "/nonexistent/compose.yml: error: cannot read: No such file or directory\n"
               "checked 3 files: 2 errors, 1 warning (2 of 3 files with errors)\n";
    assert_string_equal(r.out, want);
    run_done(&r);
}

static void test_sorted_by_position(void **state)
{
    (void)state;
    /* The layout warning (line 1) is found after the value warnings. */
    char *path = write_file("sorted.yml", "services:\n"
                                          "  a:\n"
                                          "    image: x\n"
                                          "    tty: on\n"
                                          "    init: off\n"
                                          "    ports: [\"99999\", 1]\n");
    struct run r;
    const char *args[] = {"compose-check", path};
    run(&r, 2, args);
    assert_int_equal(r.status, 1);
    char *lines[8];
    size_t n = 0;
    for (char *s = strtok(r.out, "\n"); s && n < 8; s = strtok(NULL, "\n"))
        lines[n++] = s;
    assert_int_equal(n, 5);
    const char *pos[] = {":1:1: warning", ":4:10: warning", ":5:11: warning", ":6:13: error"};
    for (size_t i = 0; i < 4; i++)
        if (!strstr(lines[i], pos[i]))
            fail_msg("line %zu is \"%s\", want %s", i, lines[i], pos[i]);
    run_done(&r);
    free(path);
}

static void test_dotenv_findings_follow(void **state)
{
    (void)state;
    char sub[128];
    snprintf(sub, sizeof sub, "%s/proj", tmpdir);
    char cmd[192];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", sub);
    assert_int_equal(system(cmd), 0);
    free(write_file("proj/.env", "OK=1\nnot a name=2\n"));
    char *path = write_file("proj/compose.yml", "version: \"3\"\nservices:\n  a:\n"
                                                "    image: \"x:${OK}\"\n"
                                                "    command: ${REQUIRED:?set it}\n");
    struct run r;
    const char *args[] = {"compose-check", path};
    run(&r, 2, args);
    assert_int_equal(r.status, 1);
    char want[1024];
    snprintf(want, sizeof want,
             "%s:5:14: error: required variable REQUIRED is missing a value: set it\n"
             "%s/.env:2: error: \"not a name\" is not a valid variable name\n"
             "checked 1 file: 2 errors, 0 warnings\n",
             path, sub);
    assert_string_equal(r.out, want);
    run_done(&r);
    free(path);
}

static void test_output_sanitised(void **state)
{
    (void)state;
    char *path = write_file("evil.yml", "version: \"3\"\nservices:\n  a:\n    image: x\n"
                                        "    \"\\e]0;owned\\a\": 1\n");
    struct run r;
    const char *args[] = {"compose-check", path};
    run(&r, 2, args);
    assert_int_equal(r.status, 1);
    assert_null(strchr(r.out, '\x1b'));
    assert_null(strchr(r.out, '\a'));
    assert_non_null(strstr(r.out, "unknown key"));
    run_done(&r);
    const char *json[] = {"compose-check", "--format=json", path};
    run(&r, 3, json);
    assert_null(strchr(r.out, '\x1b'));
    run_done(&r);
    free(path);
}

static void test_json(void **state)
{
    (void)state;
    struct run r;
    const char *args[] = {"compose-check", "--format", "json", CORPUS "/v01-minimal.yml",
                          CORPUS "/i20-depends-on-unknown.yml"};
    run(&r, 5, args);
    assert_int_equal(r.status, 1);
    cJSON *doc = cJSON_Parse(r.out);
    assert_non_null(doc);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(doc, "valid")));
    assert_int_equal(cJSON_GetObjectItem(doc, "errors")->valueint, 1);
    assert_int_equal(cJSON_GetObjectItem(doc, "warnings")->valueint, 0);
    cJSON *files = cJSON_GetObjectItem(doc, "files");
    assert_int_equal(cJSON_GetArraySize(files), 2);
    cJSON *f0 = cJSON_GetArrayItem(files, 0), *f1 = cJSON_GetArrayItem(files, 1);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(f0, "valid")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(f0, "findings")), 0);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(f1, "valid")));
    cJSON *fi = cJSON_GetArrayItem(cJSON_GetObjectItem(f1, "findings"), 0);
    assert_int_equal(cJSON_GetObjectItem(fi, "line")->valueint, 7);
    assert_int_equal(cJSON_GetObjectItem(fi, "column")->valueint, 9);
    assert_string_equal(cJSON_GetObjectItem(fi, "severity")->valuestring, "error");
    assert_non_null(strstr(cJSON_GetObjectItem(fi, "message")->valuestring, "\"beacon\""));
    cJSON_Delete(doc);
    run_done(&r);
}

static void test_usage(void **state)
{
    (void)state;
    struct run r;
    const char *none[] = {"compose-check"};
    run(&r, 1, none);
    assert_int_equal(r.status, 2);
    assert_string_equal(r.out, "");
    assert_non_null(strstr(r.err, "no compose file given"));
    run_done(&r);
    const char *bad[] = {"compose-check", "--frobnicate", "x.yml"};
    run(&r, 3, bad);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "unknown option --frobnicate"));
    run_done(&r);
    const char *fmt[] = {"compose-check", "--format", "xml", "x.yml"};
    run(&r, 4, fmt);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "'xml' is not one of text, json"));
    run_done(&r);
    const char *dangling[] = {"compose-check", "--format"};
    run(&r, 2, dangling);
    assert_int_equal(r.status, 2);
    run_done(&r);
    const char *help[] = {"compose-check", "--help"};
    run(&r, 2, help);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Usage: berth compose-check"));
    run_done(&r);
    /* "--" ends the options: a file may start with a dash. */
    char *path = write_file("-dash.yml", "version: \"3\"\nservices:\n  a:\n    image: x\n");
    char *cwd = getcwd(NULL, 0);
    assert_int_equal(chdir(tmpdir), 0);
    const char *dash[] = {"compose-check", "--", "-dash.yml"};
    run(&r, 3, dash);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "checked 1 file: 0 errors, 0 warnings\n");
    run_done(&r);
    const char *nodash[] = {"compose-check", "-dash.yml"};
    run(&r, 2, nodash);
    assert_int_equal(r.status, 2);
    run_done(&r);
    assert_int_equal(chdir(cwd), 0);
    free(cwd);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_command),
        cmocka_unit_test(test_one_invalid_file),
        cmocka_unit_test(test_valid_and_warnings),
        cmocka_unit_test(test_several_files),
        cmocka_unit_test(test_sorted_by_position),
        cmocka_unit_test(test_dotenv_findings_follow),
        cmocka_unit_test(test_output_sanitised),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_usage),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
