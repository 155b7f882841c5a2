/* The compose model and the rules beyond the corpus: the port parser
 * against the engine's splitting rule, Go durations, restart policies, the
 * C data built from a file, the .env beside it, and validation findings
 * with their exact places. */
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

#include "compose_model.h"
#include "compose_validate.h"

static void test_ports(void **state)
{
    (void)state;
    const struct {
        const char *spec;
        const char *ip;
        unsigned pub, pub_end, target, target_end;
        const char *proto;
    } good[] = {
        {"80", "", 0, 0, 80, 80, "tcp"},
        {"8080:80", "", 8080, 8080, 80, 80, "tcp"},
        {"127.0.0.1:8443:443", "127.0.0.1", 8443, 8443, 443, 443, "tcp"},
        {"127.0.0.1::9100", "127.0.0.1", 0, 0, 9100, 9100, "tcp"},
        {"30303-30305:30303-30305", "", 30303, 30305, 30303, 30305, "tcp"},
        {"9000-9002:9000-9002/udp", "", 9000, 9002, 9000, 9002, "udp"},
        {"8000-8010:80", "", 8000, 8010, 80, 80, "tcp"}, /* a pool for one port */
        {"[::1]:8081:80", "::1", 8081, 8081, 80, 80, "tcp"},
        {"::1:8082:80", "::1", 8082, 8082, 80, 80, "tcp"},
        {"[2001:db8::10]:8083:80/tcp", "2001:db8::10", 8083, 8083, 80, 80, "tcp"},
        {"2001:db8::10:8084:80", "2001:db8::10", 8084, 8084, 80, 80, "tcp"},
        {"53:53/UDP", "", 53, 53, 53, 53, "udp"},
        {"0:65535/sctp", "", 0, 0, 65535, 65535, "sctp"},
        {"80/", "", 0, 0, 80, 80, "tcp"},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        struct compose_port p;
        char why[256] = "";
        if (compose_parse_port(good[i].spec, &p, why, sizeof why) < 0)
            fail_msg("%s: refused: %s", good[i].spec, why);
        assert_string_equal(p.host_ip, good[i].ip);
        assert_int_equal(p.published, good[i].pub);
        assert_int_equal(p.published_end, good[i].pub_end);
        assert_int_equal(p.target, good[i].target);
        assert_int_equal(p.target_end, good[i].target_end);
        assert_string_equal(p.protocol, good[i].proto);
        compose_port_done(&p);
    }
    const struct {
        const char *spec;
        const char *why;
    } bad[] = {
        {"70000:80", "port 70000 is out of range"},
        {"80:70000", "port 70000 is out of range"},
        {"8080:80/http", "protocol \"http\""},
        {"30303-30310:30303-30305", "must be the same length"},
        {"fe80::1::8080:80", "\"fe80::1:\" is not a valid IP address"},
        {"[::1:8080:80", "unclosed bracket"},
        {"300.1.1.1:80:80", "\"300.1.1.1\" is not a valid IP address"},
        {"8080:", "no container port"},
        {"", "no container port"},
        {"abc", "not a port"},
        {"90-80:90-80", "ends before it starts"},
        {"+80", "not a port"},
        {"1-2-3", "not a port"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct compose_port p;
        char why[256] = "";
        if (compose_parse_port(bad[i].spec, &p, why, sizeof why) == 0)
            fail_msg("%s: accepted", bad[i].spec);
        if (!strstr(why, bad[i].why))
            fail_msg("%s: \"%s\" lacks \"%s\"", bad[i].spec, why, bad[i].why);
    }
}

static void test_durations(void **state)
{
    (void)state;
    const struct {
        const char *s;
        int64_t ns;
    } good[] = {
        {"1h2m3.5s", 3723500000000LL},
        {"500ms", 500000000LL},
        {"1us", 1000LL},
        {"1\xC2\xB5s", 1000LL},
        {"10ns", 10LL},
        {"1m30s", 90000000000LL},
        {"0", 0},
        {"1.5h", 5400000000000LL},
        {".5s", 500000000LL},
        {"-2s", -2000000000LL},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int64_t ns;
        char why[256] = "";
        if (compose_parse_duration(good[i].s, &ns, why, sizeof why) < 0)
            fail_msg("%s: refused: %s", good[i].s, why);
        if (ns != good[i].ns)
            fail_msg("%s: %lld, want %lld", good[i].s, (long long)ns, (long long)good[i].ns);
    }
    const char *bad[] = {"30", "10 seconds", "1d", "s", "", "1.5", "1h30", "5 s", "1sec", "."};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t ns;
        char why[256] = "";
        if (compose_parse_duration(bad[i], &ns, why, sizeof why) == 0)
            fail_msg("\"%s\" accepted", bad[i]);
        assert_true(why[0] != '\0');
    }
}

static void test_restart(void **state)
{
    (void)state;
    const char *good[] = {"no", "always", "on-failure", "on-failure:3", "unless-stopped"};
    const char *bad[] = {"false", "on-failure:", "on-failure:x", "never", "", "Always", "yes"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(compose_restart_valid(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(compose_restart_valid(bad[i]));
}

static void test_suggest(void **state)
{
    (void)state;
    assert_string_equal(compose_suggest("enviroment", compose_keys_service), "environment");
    assert_string_equal(compose_suggest("iamge", compose_keys_service), "image");
    assert_string_equal(compose_suggest("Ports", compose_keys_service), "ports");
    assert_string_equal(compose_suggest("hostip", compose_keys_port), "host_ip");
    assert_string_equal(compose_suggest("servces", compose_keys_top), "services");
    assert_null(compose_suggest("completely-different", compose_keys_service));
}

/* --- whole files ---------------------------------------------------------- */

static char tmpdir[64];
static char *const no_env[] = {NULL};

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/berth-compose-model.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void load_text(struct compose_project *p, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/compose.yml", tmpdir);
    struct compose_load_options opts = {.envp = no_env, .no_dotenv = true};
    compose_project_load_text(p, path, text, strlen(text), &opts);
}

struct want {
    enum compose_severity sev;
    unsigned line, col;
    const char *words;
};

/* The project's findings are exactly these, in this order. */
static void expect_findings(const struct compose_project *p, const struct want *w, size_t n)
{
    bool ok = p->findings.count == n;
    for (size_t i = 0; ok && i < n; i++) {
        const struct compose_finding *f = &p->findings.items[i];
        ok = f->severity == w[i].sev && f->line == w[i].line && f->col == w[i].col &&
             strstr(f->message, w[i].words);
    }
    if (!ok) {
        for (size_t i = 0; i < p->findings.count; i++)
            print_error("  got %u:%u %s: %s\n", p->findings.items[i].line, p->findings.items[i].col,
                        compose_severity_name(p->findings.items[i].severity),
                        p->findings.items[i].message);
        for (size_t i = 0; i < n; i++)
            print_error("  want %u:%u %s: ...%s...\n", w[i].line, w[i].col,
                        compose_severity_name(w[i].sev), w[i].words);
        fail();
    }
}

static void test_model_contents(void **state)
{
    (void)state;
    struct compose_project p;
    load_text(&p, "version: \"3.8\"\n"
                  "services:\n"
                  "  web:\n"
                  "    image: busybox:1.36\n"
                  "    command: echo hi\n"
                  "    environment:\n"
                  "      - A=1\n"
                  "      - PASS\n"
                  "    labels: [\"role=web\", \"flag\"]\n"
                  "    expose: [\"9100\", 9101, \"9102-9104/udp\"]\n"
                  "    volumes:\n"
                  "      - data:/data:ro\n"
                  "      - ./conf:/etc/conf\n"
                  "      - /anon\n"
                  "      - type: tmpfs\n"
                  "        target: /tmp\n"
                  "    networks:\n"
                  "      back:\n"
                  "        aliases: [w1, w2]\n"
                  "        ipv4_address: 10.0.0.5\n"
                  "    depends_on: [db]\n"
                  "    healthcheck:\n"
                  "      test: curl -f http://localhost/\n"
                  "      timeout: 2s\n"
                  "    stop_grace_period: 1m\n"
                  "    build:\n"
                  "      context: .\n"
                  "      args: {V: 1}\n"
                  "  db:\n"
                  "    image: postgres\n"
                  "    healthcheck:\n"
                  "      test: [\"NONE\"]\n"
                  "volumes:\n"
                  "  data:\n"
                  "    external: true\n"
                  "networks:\n"
                  "  back:\n"
                  "    name: real-back\n");
    expect_findings(&p, NULL, 0);
    const struct compose_service *w = compose_project_service(&p, "web");
    assert_non_null(w);
    assert_int_equal(w->ncommand, 1);
    assert_string_equal(w->command[0], "echo hi");
    assert_int_equal(w->nenvironment, 2);
    assert_string_equal(w->environment[0].value, "1");
    assert_null(w->environment[1].value);
    assert_int_equal(w->nlabels, 2);
    assert_string_equal(w->labels[1].key, "flag");
    assert_string_equal(w->labels[1].value, "");
    assert_int_equal(w->nexpose, 3);
    assert_int_equal(w->expose[2].target_end, 9104);
    assert_string_equal(w->expose[2].protocol, "udp");
    assert_int_equal(w->nmounts, 4);
    assert_int_equal(w->mounts[0].type, COMPOSE_MOUNT_VOLUME);
    assert_true(w->mounts[0].read_only);
    assert_int_equal(w->mounts[1].type, COMPOSE_MOUNT_BIND);
    assert_null(w->mounts[2].source);
    assert_string_equal(w->mounts[2].target, "/anon");
    assert_int_equal(w->mounts[3].type, COMPOSE_MOUNT_TMPFS);
    assert_int_equal(w->nnetworks, 1);
    assert_int_equal(w->networks[0].naliases, 2);
    assert_string_equal(w->networks[0].ipv4_address, "10.0.0.5");
    assert_string_equal(w->healthcheck.test[0], "CMD-SHELL");
    assert_int_equal(w->healthcheck.timeout, 2000000000LL);
    assert_int_equal(w->healthcheck.interval, COMPOSE_DURATION_UNSET);
    assert_int_equal(w->stop_grace_period, 60000000000LL);
    assert_true(w->build.present);
    assert_string_equal(w->build.args[0].value, "1");
    assert_true(compose_project_service(&p, "db")->healthcheck.disable);
    assert_true(p.volumes[0].external);
    assert_string_equal(p.networks[0].external_name, "real-back");
    compose_project_done(&p);
}

static void test_reference_checks(void **state)
{
    (void)state;
    struct compose_project p;
    load_text(&p, "version: \"3.8\"\n"
                  "services:\n"
                  "  a:\n"
                  "    image: x\n"
                  "    depends_on:\n"
                  "      b:\n"
                  "        condition: service_healthy\n"
                  "      a:\n"
                  "        condition: service_started\n"
                  "  b:\n"
                  "    image: x\n"
                  "    depends_on: [c, bb]\n"
                  "    secrets: [token]\n"
                  "    network_mode: host\n"
                  "    networks: [default]\n"
                  "  c:\n"
                  "    image: x\n"
                  "    depends_on:\n"
                  "      a:\n"
                  "        condition: service_done\n");
    const struct want want[] = {
        {COMPOSE_WARNING, 6, 7, "waits for \"b\" to be healthy, but \"b\" has no healthcheck"},
        {COMPOSE_ERROR, 8, 7, "service \"a\" depends on itself"},
        {COMPOSE_ERROR, 12, 21, "depends on \"bb\", which is not defined (did you mean \"b\"?)"},
        {COMPOSE_ERROR, 13, 15, "secret \"token\", which is not declared"},
        {COMPOSE_ERROR, 14, 19, "\"network_mode\" and \"networks\" cannot be used together"},
        {COMPOSE_ERROR, 19, 7, "dependency cycle: a -> b -> c -> a"},
        {COMPOSE_ERROR, 20, 20, "condition \"service_done\" is not service_started"},
    };
    expect_findings(&p, want, sizeof want / sizeof want[0]);
    compose_project_done(&p);
}

static void test_key_and_type_checks(void **state)
{
    (void)state;
    struct compose_project p;
    load_text(&p, "version: \"3\"\n"
                  "servics_extra: 1\n"
                  "x-anything: [1, 2]\n"
                  "services:\n"
                  "  \"bad name!\":\n"
                  "    image: x\n"
                  "  w:\n"
                  "    image: 42\n"
                  "    restart: on-failure:x\n"
                  "    ports: \"80:80\"\n"
                  "    x-custom: {a: 1}\n"
                  "    healthcheck:\n"
                  "      test: [\"CMD-SHELL\"]\n"
                  "      interval: 1d\n"
                  "      retries: 3\n"
                  "      timout: 5s\n"
                  "    logging:\n"
                  "      driver: json-file\n"
                  "      option: {}\n"
                  "volumes:\n"
                  "  ok:\n"
                  "  v:\n"
                  "    drivr: local\n");
    const struct want want[] = {
        {COMPOSE_ERROR, 2, 1, "top level: unknown key \"servics_extra\""},
        {COMPOSE_ERROR, 5, 3, "service name \"bad name!\""},
        {COMPOSE_ERROR, 8, 12, "\"image\" must be a string, not an integer"},
        {COMPOSE_ERROR, 9, 14, "restart \"on-failure:x\" is not one of"},
        {COMPOSE_ERROR, 10, 12, "\"ports\" must be a list, not a string"},
        {COMPOSE_ERROR, 13, 13, "\"CMD-SHELL\" needs a command after it"},
        {COMPOSE_ERROR, 14, 17, "unknown unit \"d\""},
        {COMPOSE_ERROR, 16, 7, "unknown key \"timout\" (did you mean \"timeout\"?)"},
        {COMPOSE_ERROR, 19, 7, "unknown key \"option\" (did you mean \"options\"?)"},
        {COMPOSE_ERROR, 23, 5, "volume \"v\": unknown key \"drivr\" (did you mean \"driver\"?)"},
    };
    expect_findings(&p, want, sizeof want / sizeof want[0]);
    compose_project_done(&p);
}

static void test_yaml11_and_duplicates(void **state)
{
    (void)state;
    struct compose_project p;
    load_text(&p, "version: \"3.8\"\n"
                  "services:\n"
                  "  w:\n"
                  "    image: x\n"
                  "    privileged: yes\n"
                  "    tty: \"yes\"\n"
                  "    ports:\n"
                  "      - 22:22\n"
                  "      - \"22:22\"\n"
                  "    environment:\n"
                  "      A: 1\n"
                  "      B: 2\n"
                  "      A: 3\n");
    const struct want want[] = {
        {COMPOSE_WARNING, 5, 17, "unquoted yes is the string \"yes\""},
        {COMPOSE_WARNING, 8, 9, "base-60"},
        {COMPOSE_ERROR, 13, 7, "duplicate key \"A\" (first at line 11, column 7)"},
    };
    expect_findings(&p, want, sizeof want / sizeof want[0]);
    compose_project_done(&p);
}

static void test_empty_and_odd_roots(void **state)
{
    (void)state;
    struct compose_project p;
    load_text(&p, "# nothing\n");
    assert_int_equal(p.findings.count, 1);
    assert_int_equal(p.findings.items[0].line, 0);
    assert_non_null(strstr(p.findings.items[0].message, "empty"));
    compose_project_done(&p);
    load_text(&p, "- a\n- b\n");
    assert_int_equal(p.findings.count, 1);
    assert_int_equal(p.findings.items[0].line, 1);
    assert_non_null(strstr(p.findings.items[0].message, "must be a mapping"));
    compose_project_done(&p);
    load_text(&p, "services:\n  a:\n  b: text\n");
    const struct want want[] = {
        {COMPOSE_WARNING, 1, 1, "no \"version\" key"},
        {COMPOSE_ERROR, 2, 3, "service \"a\" has no definition"},
        {COMPOSE_ERROR, 3, 6, "service \"b\" must be a mapping"},
    };
    expect_findings(&p, want, sizeof want / sizeof want[0]);
    compose_project_done(&p);
}

static void write_file(const char *name, const char *text)
{
    char path[160];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Load from disk: the environment first, then the .env beside the file. */
static void test_load_with_dotenv(void **state)
{
    (void)state;
    write_file(".env", "TAG=from-file\nPORT=8080\nCTX=./nowhere\n");
    write_file("c.yml", "version: \"3.8\"\n"
                        "services:\n"
                        "  web:\n"
                        "    image: \"busybox:${TAG}\"\n"
                        "    ports: [\"${PORT}:80\", \"${HOSTPORT:-9090}:90\"]\n"
                        "    build: ${CTX}\n"
                        "    command: echo ${MISSING}\n");
    char path[160];
    snprintf(path, sizeof path, "%s/c.yml", tmpdir);
    char tag[] = "TAG=from-env";
    char *envp[] = {tag, NULL};
    struct compose_load_options opts = {.envp = envp};
    struct compose_project p;
    struct berth_error err;
    assert_int_equal(compose_project_load(&p, path, &opts, &err), 0);
    assert_true(p.has_dotenv);
    const struct compose_service *w = compose_project_service(&p, "web");
    assert_string_equal(w->image, "busybox:from-env");
    assert_int_equal(w->ports[0].published, 8080);
    assert_int_equal(w->ports[1].published, 9090);
    const struct want want[] = {
        {COMPOSE_WARNING, 6, 12, "build context \"./nowhere\" is not a folder"},
        {COMPOSE_WARNING, 7, 19, "variable MISSING is not set"},
    };
    expect_findings(&p, want, sizeof want / sizeof want[0]);
    compose_project_done(&p);

    /* Without interpolation the text stays as written. */
    opts.no_interpolate = true;
    assert_int_equal(compose_project_load(&p, path, &opts, &err), 0);
    assert_string_equal(compose_project_service(&p, "web")->image, "busybox:${TAG}");
    compose_project_done(&p);

    /* A file that is not there. */
    snprintf(path, sizeof path, "%s/none.yml", tmpdir);
    assert_int_equal(compose_project_load(&p, path, &opts, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_IO);
    assert_non_null(strstr(err.message, "No such file"));
    compose_project_done(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ports),
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_restart),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_model_contents),
        cmocka_unit_test(test_reference_checks),
        cmocka_unit_test(test_key_and_type_checks),
        cmocka_unit_test(test_yaml11_and_duplicates),
        cmocka_unit_test(test_empty_and_odd_roots),
        cmocka_unit_test(test_load_with_dotenv),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
