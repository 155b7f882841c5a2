/* The compose tool's argv: every option of up and down in its place, the
 * project's name, files and folder passed as single words whatever they
 * hold, the plugin and v1 forms; finding the tool in a PATH; a run's exit
 * status and output. */
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

#include "compose_tool.h"

/* The argv joined with '|' (no quoting: the words as given). */
static char *joined(char **argv)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_puts(&sb, "");
    for (size_t i = 0; argv[i]; i++)
        strbuf_appendf(&sb, "%s%s", i ? "|" : "", argv[i]);
    return strbuf_detach(&sb);
}

static void expect_argv(const struct compose_tool *t, const struct compose_opts *o,
                        const char *want)
{
    char **argv = compose_argv(t, o);
    char *got = joined(argv);
    assert_string_equal(got, want);
    free(got);
    compose_argv_free(argv);
}

static char dc_path[] = "/usr/bin/docker-compose";
static char docker_path[] = "/usr/bin/docker";
static char dc_short[] = "dc";

static const char *const two_files[] = {"/srv/app/compose.yaml", "/srv/app/override.yaml"};

static void test_up_options(void **state)
{
    (void)state;
    struct compose_tool v1 = {.plugin = false, .path = dc_path};
    struct compose_opts o = {.verb = COMPOSE_UP,
                             .project = "shop",
                             .working_dir = "/srv/app",
                             .files = two_files,
                             .nfiles = 2,
                             .timeout = -1};
    expect_argv(&v1, &o,
                "/usr/bin/docker-compose|--ansi|never|-p|shop|-f|/srv/app/compose.yaml|-f|"
                "/srv/app/override.yaml|--project-directory|/srv/app|up|-d");
    o.no_recreate = o.build = o.remove_orphans = true;
    o.timeout = 7;
    expect_argv(&v1, &o,
                "/usr/bin/docker-compose|--ansi|never|-p|shop|-f|/srv/app/compose.yaml|-f|"
                "/srv/app/override.yaml|--project-directory|/srv/app|up|-d|--no-recreate|"
                "--build|--remove-orphans|-t|7");
    o.no_recreate = o.build = o.remove_orphans = false;
    o.force_recreate = true;
    o.timeout = 0;
    o.volumes = true;        /* down only: ignored */
    o.rmi = COMPOSE_RMI_ALL; /* down only: ignored */
    o.nfiles = 0;
    o.working_dir = NULL;
    expect_argv(&v1, &o,
                "/usr/bin/docker-compose|--ansi|never|-p|shop|up|-d|--force-recreate|-t|0");
}

static void test_down_options(void **state)
{
    (void)state;
    struct compose_tool plugin = {.plugin = true, .path = docker_path};
    struct compose_opts o = {.verb = COMPOSE_DOWN, .project = "shop", .timeout = -1};
    expect_argv(&plugin, &o, "/usr/bin/docker|compose|--ansi|never|-p|shop|down");
    o.volumes = true;
    o.rmi = COMPOSE_RMI_LOCAL;
    o.remove_orphans = true;
    o.timeout = 3;
    o.build = o.force_recreate = o.no_recreate = true; /* up only: ignored */
    expect_argv(&plugin, &o,
                "/usr/bin/docker|compose|--ansi|never|-p|shop|down|-v|--rmi|local|"
                "--remove-orphans|-t|3");
    o.rmi = COMPOSE_RMI_ALL;
    o.volumes = o.remove_orphans = false;
    o.timeout = -1;
    expect_argv(&plugin, &o, "/usr/bin/docker|compose|--ansi|never|-p|shop|down|--rmi|all");
}

static void test_other_verbs(void **state)
{
    (void)state;
    struct compose_tool v1 = {.plugin = false, .path = dc_short};
    struct compose_opts o = {
        .verb = COMPOSE_RESTART, .project = "p", .timeout = 5, .build = true, .volumes = true};
    expect_argv(&v1, &o, "dc|--ansi|never|-p|p|restart|-t|5");
    o.verb = COMPOSE_STOP;
    expect_argv(&v1, &o, "dc|--ansi|never|-p|p|stop|-t|5");
    o.verb = COMPOSE_START;
    expect_argv(&v1, &o, "dc|--ansi|never|-p|p|start");
    o.verb = COMPOSE_PULL;
    expect_argv(&v1, &o, "dc|--ansi|never|-p|p|pull");
    assert_string_equal(compose_verb_name(COMPOSE_DOWN), "down");
}

/* Names with blanks, quotes and shell syntax stay one word each, and the
 * displayed command line quotes them so it could be pasted. */
static void test_words_not_split(void **state)
{
    (void)state;
    struct compose_tool v1 = {.plugin = false, .path = dc_path};
    const char *const files[] = {"/tmp/my app/$(rm -rf x).yml"};
    struct compose_opts o = {.verb = COMPOSE_UP,
                             .project = "a;b",
                             .working_dir = "/tmp/my app",
                             .files = files,
                             .nfiles = 1,
                             .timeout = -1};
    char **argv = compose_argv(&v1, &o);
    assert_string_equal(argv[4], "a;b");
    assert_string_equal(argv[6], "/tmp/my app/$(rm -rf x).yml");
    assert_string_equal(argv[8], "/tmp/my app");
    char *text = compose_argv_text(argv);
    assert_string_equal(text,
                        "/usr/bin/docker-compose --ansi never -p 'a;b' -f "
                        "'/tmp/my app/$(rm -rf x).yml' --project-directory '/tmp/my app' up -d");
    free(text);
    compose_argv_free(argv);
    char w1[] = "it's", w2[] = "";
    char *q[] = {w1, w2, NULL};
    text = compose_argv_text(q);
    assert_string_equal(text, "'it'\\''s' ''");
    free(text);
}

/* A temp folder holding an executable called name (a script exiting with
 * code), returned as a heap path. */
static char *fake_bin(const char *dir, const char *name, int code)
{
    char *path = NULL;
    assert_true(asprintf(&path, "%s/%s", dir, name) > 0);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\necho \"$0 $*\"\nexit %d\n", code);
    fclose(f);
    chmod(path, 0755);
    return path;
}

static void test_find_tool(void **state)
{
    (void)state;
    char dir[] = "/tmp/berth-compose-tool-XXXXXX";
    assert_non_null(mkdtemp(dir));
    struct compose_tool t;
    struct berth_error err;
    berth_error_clear(&err);
    /* Nothing: the message names both tools. */
    assert_int_equal(compose_tool_find(dir, &t, &err), -1);
    assert_non_null(strstr(err.message, "docker compose"));
    assert_non_null(strstr(err.message, "docker-compose"));
    /* A docker without the plugin (`docker compose version` fails) and a
     * docker-compose: v1. */
    char *docker = fake_bin(dir, "docker", 1);
    char *dc = fake_bin(dir, "docker-compose", 0);
    assert_int_equal(compose_tool_find(dir, &t, &err), 0);
    assert_false(t.plugin);
    assert_string_equal(t.path, dc);
    compose_tool_done(&t);
    /* The plugin works: it wins. */
    free(fake_bin(dir, "docker", 0));
    assert_int_equal(compose_tool_find(dir, &t, &err), 0);
    assert_true(t.plugin);
    assert_string_equal(t.path, docker);
    compose_tool_done(&t);
    /* A docker without the plugin and no docker-compose: the message. */
    free(fake_bin(dir, "docker", 1));
    unlink(dc);
    assert_int_equal(compose_tool_find(dir, &t, &err), -1);
    assert_non_null(strstr(err.message, "failed"));
    unlink(docker);
    rmdir(dir);
    free(docker);
    free(dc);
}

/* A run through a fake docker-compose: the output comes back with the
 * exit status, and DOCKER_HOST reaches the tool. */
static void test_run(void **state)
{
    (void)state;
    char dir[] = "/tmp/berth-compose-run-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *dc = NULL;
    assert_true(asprintf(&dc, "%s/docker-compose", dir) > 0);
    FILE *f = fopen(dc, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\necho \"args: $*\"\necho \"host: $DOCKER_HOST\" >&2\n"
               "echo \"unset: ${BERTH_T_UNSET_ME:-gone}\"\nexit 3\n");
    fclose(f);
    chmod(dc, 0755);
    const char *old = getenv("PATH");
    char *saved = old ? strdup(old) : NULL;
    setenv("PATH", dir, 1);
    struct compose_opts o = {.verb = COMPOSE_STOP, .project = "p q", .timeout = -1};
    setenv("BERTH_T_UNSET_ME", "still here", 1);
    char set_host[] = "DOCKER_HOST=tcp://127.0.0.1:1", unset[] = "BERTH_T_UNSET_ME";
    char *env[] = {set_host, unset, NULL};
    struct compose_run *r = compose_run_start(&o, env);
    compose_run_wait(r);
    struct strbuf out;
    strbuf_init(&out);
    struct compose_status st;
    assert_true(compose_run_take(r, &out, &st));
    assert_int_equal(st.end, COMPOSE_END_EXITED);
    assert_int_equal(st.code, 3);
    assert_non_null(st.cmdline);
    assert_non_null(strstr(st.cmdline, "-p 'p q' stop"));
    free(st.cmdline);
    assert_non_null(strstr(out.data, "args: --ansi never -p p q stop"));
    assert_non_null(strstr(out.data, "host: tcp://127.0.0.1:1"));
    assert_non_null(strstr(out.data, "unset: gone"));
    unsetenv("BERTH_T_UNSET_ME");
    char line[256];
    compose_status_text(&st, line, sizeof line);
    assert_string_equal(line, "exit 3");
    strbuf_done(&out);
    compose_run_free(r);
    /* No tool: FAILED with the message. */
    unlink(dc);
    r = compose_run_start(&o, NULL);
    compose_run_wait(r);
    assert_true(compose_run_take(r, NULL, &st));
    assert_int_equal(st.end, COMPOSE_END_FAILED);
    assert_non_null(strstr(st.message, "No compose tool"));
    compose_run_free(r);
    if (saved)
        setenv("PATH", saved, 1);
    free(saved);
    free(dc);
    rmdir(dir);
}

/* The tool is pointed at berth's engine: nothing for the default socket,
 * the context by name, else the host with its TLS settings. */
static void test_endpoint_env(void **state)
{
    (void)state;
    char **env = compose_endpoint_env(NULL);
    assert_null(env[0]);
    compose_argv_free(env);

    struct endpoint ep = {.kind = ENDPOINT_UNIX,
                          .socket_path = (char[]){"/var/run/docker.sock"},
                          .display = (char[]){"unix:///var/run/docker.sock"}};
    env = compose_endpoint_env(&ep);
    assert_null(env[0]);
    compose_argv_free(env);

    ep.socket_path = (char[]){"/tmp/d/docker.sock"};
    ep.display = (char[]){"unix:///tmp/d/docker.sock"};
    env = compose_endpoint_env(&ep);
    assert_string_equal(env[0], "DOCKER_HOST=unix:///tmp/d/docker.sock");
    assert_string_equal(env[1], "DOCKER_CONTEXT"); /* unset: DOCKER_HOST is the truth */
    assert_null(env[2]);
    compose_argv_free(env);

    ep.origin = (char[]){"context prod"};
    env = compose_endpoint_env(&ep);
    assert_string_equal(env[0], "DOCKER_CONTEXT=prod");
    assert_string_equal(env[1], "DOCKER_HOST");
    assert_null(env[2]);
    compose_argv_free(env);

    struct endpoint tls = {.kind = ENDPOINT_TCP,
                           .tls = true,
                           .tls_verify = true,
                           .display = (char[]){"tcp://10.0.0.5:2376"},
                           .origin = (char[]){"-H"},
                           .ca_file = (char[]){"/certs/ca.pem"},
                           .cert_file = (char[]){"/certs/cert.pem"},
                           .key_file = (char[]){"/certs/key.pem"}};
    env = compose_endpoint_env(&tls);
    assert_string_equal(env[0], "DOCKER_HOST=tcp://10.0.0.5:2376");
    assert_string_equal(env[2], "DOCKER_TLS_VERIFY=1");
    assert_string_equal(env[3], "DOCKER_CERT_PATH=/certs");
    assert_null(env[4]);
    compose_argv_free(env);
    /* Files the tools would not find by DOCKER_CERT_PATH: not pointed at. */
    tls.tls_verify = false;
    tls.key_file = (char[]){"/elsewhere/key.pem"};
    env = compose_endpoint_env(&tls);
    assert_string_equal(env[2], "DOCKER_TLS_VERIFY");
    assert_null(env[3]);
    compose_argv_free(env);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_endpoint_env),
        cmocka_unit_test(test_up_options),
        cmocka_unit_test(test_down_options),
        cmocka_unit_test(test_other_verbs),
        cmocka_unit_test(test_words_not_split),
        cmocka_unit_test(test_find_tool),
        cmocka_unit_test(test_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
