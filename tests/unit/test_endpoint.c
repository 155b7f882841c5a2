/* Endpoint parsing and resolution, with a fake environment and a config
 * folder whose contexts/ is a context store written by the docker CLI
 * (tests/fixtures/engine/context-store: tls-ctx with ca/cert/key, skip-ctx
 * with SkipTLSVerify, plain-ctx, cur-ctx, env-ctx, ssh-ctx). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "endpoint.h"
#include "xalloc.h"

#define STORE BERTH_FIXTURES "/engine/context-store/contexts"

/* --- a fake environment ------------------------------------------------ */

struct fake_env {
    const char *name[16];
    const char *value[16];
    size_t n;
};

static const char *fake_getenv(const char *name, void *user)
{
    struct fake_env *env = user;
    for (size_t i = 0; i < env->n; i++)
        if (strcmp(env->name[i], name) == 0)
            return env->value[i];
    return NULL;
}

static void env_set(struct fake_env *env, const char *name, const char *value)
{
    env->name[env->n] = name;
    env->value[env->n] = value;
    env->n++;
}

/* A config dir: contexts/ links to the fixture store, config.json optional. */
struct fixture {
    char dir[64];
    char *config_json;
    char *contexts;
    struct fake_env env;
    struct endpoint_inputs in;
};

static int setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/berth-endpoint-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    f->config_json = xasprintf("%s/config.json", f->dir);
    f->contexts = xasprintf("%s/contexts", f->dir);
    if (symlink(STORE, f->contexts) < 0)
        return -1;
    env_set(&f->env, "DOCKER_CONFIG", f->dir);
    env_set(&f->env, "HOME", "/nonexistent-home");
    f->in.getenv_fn = fake_getenv;
    f->in.getenv_user = &f->env;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    unlink(f->config_json);
    unlink(f->contexts);
    rmdir(f->dir);
    free(f->config_json);
    free(f->contexts);
    free(f);
    return 0;
}

static void write_config(struct fixture *f, const char *text)
{
    FILE *fp = fopen(f->config_json, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void resolve_ok(struct fixture *f, struct endpoint *ep)
{
    struct berth_error err;
    berth_error_clear(&err);
    int rc = endpoint_resolve(&f->in, ep, &err);
    if (rc != 0)
        fail_msg("resolve failed: %s", err.message);
}

static void resolve_fails(struct fixture *f, const char *needle)
{
    struct endpoint ep;
    struct berth_error err;
    berth_error_clear(&err);
    assert_int_equal(endpoint_resolve(&f->in, &ep, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_USAGE);
    if (!strstr(err.message, needle))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
}

/* --- parsing ----------------------------------------------------------- */

static void parse_ok(const char *url, struct endpoint *ep)
{
    struct berth_error err;
    berth_error_clear(&err);
    if (endpoint_parse_host(url, ep, &err) != 0)
        fail_msg("parse %s failed: %s", url, err.message);
}

static void test_parse_unix(void **state)
{
    (void)state;
    struct endpoint ep;
    parse_ok("unix:///var/run/docker.sock", &ep);
    assert_int_equal(ep.kind, ENDPOINT_UNIX);
    assert_string_equal(ep.socket_path, "/var/run/docker.sock");
    assert_string_equal(ep.display, "unix:///var/run/docker.sock");
    endpoint_done(&ep);
    parse_ok("unix://", &ep);
    assert_string_equal(ep.socket_path, ENDPOINT_DEFAULT_SOCKET);
    endpoint_done(&ep);
    parse_ok("unix:///tmp/a b.sock", &ep);
    assert_string_equal(ep.socket_path, "/tmp/a b.sock");
    endpoint_done(&ep);
}

static void test_parse_tcp(void **state)
{
    (void)state;
    struct endpoint ep;
    parse_ok("tcp://127.0.0.1:2375", &ep);
    assert_int_equal(ep.kind, ENDPOINT_TCP);
    assert_string_equal(ep.host, "127.0.0.1");
    assert_int_equal(ep.port, 2375);
    assert_false(ep.tls);
    assert_string_equal(ep.display, "tcp://127.0.0.1:2375");
    endpoint_done(&ep);

    parse_ok("tcp://[::1]:2376/", &ep);
    assert_string_equal(ep.host, "::1");
    assert_int_equal(ep.port, 2376);
    assert_string_equal(ep.display, "tcp://[::1]:2376");
    endpoint_done(&ep);

    /* The CLI reads a bare host:port as tcp. */
    parse_ok("engine.example:65535", &ep);
    assert_int_equal(ep.kind, ENDPOINT_TCP);
    assert_string_equal(ep.host, "engine.example");
    assert_int_equal(ep.port, 65535);
    endpoint_done(&ep);

    parse_ok("tcp://:2375", &ep);
    assert_string_equal(ep.host, "localhost");
    endpoint_done(&ep);
}

static void test_parse_ssh(void **state)
{
    (void)state;
    struct endpoint ep;
    parse_ok("ssh://deploy@build.example:2222/run/user/1000/docker.sock", &ep);
    assert_int_equal(ep.kind, ENDPOINT_SSH);
    assert_string_equal(ep.ssh_user, "deploy");
    assert_string_equal(ep.host, "build.example");
    assert_int_equal(ep.port, 2222);
    assert_string_equal(ep.ssh_socket, "/run/user/1000/docker.sock");
    assert_string_equal(ep.display, "ssh://deploy@build.example:2222/run/user/1000/docker.sock");
    endpoint_done(&ep);

    parse_ok("ssh://host", &ep);
    assert_null(ep.ssh_user);
    assert_int_equal(ep.port, 0);
    assert_null(ep.ssh_socket);
    assert_string_equal(ep.display, "ssh://host");
    endpoint_done(&ep);
}

static void parse_bad(const char *url, const char *needle)
{
    struct endpoint ep;
    struct berth_error err;
    berth_error_clear(&err);
    assert_int_equal(endpoint_parse_host(url, &ep, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_USAGE);
    if (!strstr(err.message, needle))
        fail_msg("message for \"%s\" is \"%s\", lacks \"%s\"", url ? url : "(null)", err.message,
                 needle);
    /* Nothing is left allocated on failure. */
    assert_null(ep.host);
    assert_null(ep.display);
}

static void test_parse_bad(void **state)
{
    (void)state;
    parse_bad(NULL, "empty");
    parse_bad("", "empty");
    parse_bad("tcp://127.0.0.1", "port explicitly");
    parse_bad("tcp://127.0.0.1:", "port must be");
    parse_bad("tcp://h:0", "port must be");
    parse_bad("tcp://h:65536", "port must be");
    parse_bad("tcp://h:23a", "port must be");
    parse_bad("tcp://h:2375/base", "no path");
    parse_bad("tcp://::1:2375", "brackets");
    parse_bad("tcp://[::1:2375", "missing ']'");
    parse_bad("tcp://[::1]x:2375", "after ']'");
    parse_bad("http://h:2375", "use unix:///PATH");
    parse_bad("npipe:////./pipe/docker_engine", "named pipes");
    parse_bad("ssh://", "needs a host");
    parse_bad("ssh://@host", "empty user");
    parse_bad("ssh://host:99999", "port must be");
}

/* --- resolution precedence --------------------------------------------- */

static void test_default_socket(void **state)
{
    struct fixture *f = *state;
    struct endpoint ep;
    resolve_ok(f, &ep);
    assert_int_equal(ep.kind, ENDPOINT_UNIX);
    assert_string_equal(ep.socket_path, "/var/run/docker.sock");
    assert_string_equal(ep.origin, "default");
    endpoint_done(&ep);
}

static void test_current_context_from_config(void **state)
{
    struct fixture *f = *state;
    write_config(f, "{\"auths\":{},\"currentContext\":\"cur-ctx\"}");
    struct endpoint ep;
    resolve_ok(f, &ep);
    assert_string_equal(ep.socket_path, "/run/berth-cur.sock");
    assert_string_equal(ep.origin, "context cur-ctx");
    endpoint_done(&ep);
}

static void test_docker_context_beats_config(void **state)
{
    struct fixture *f = *state;
    write_config(f, "{\"currentContext\":\"cur-ctx\"}");
    env_set(&f->env, "DOCKER_CONTEXT", "env-ctx");
    struct endpoint ep;
    resolve_ok(f, &ep);
    assert_string_equal(ep.socket_path, "/run/berth-env.sock");
    assert_string_equal(ep.origin, "context env-ctx");
    endpoint_done(&ep);
}

static void test_docker_host_beats_docker_context(void **state)
{
    struct fixture *f = *state;
    write_config(f, "{\"currentContext\":\"cur-ctx\"}");
    env_set(&f->env, "DOCKER_CONTEXT", "env-ctx");
    env_set(&f->env, "DOCKER_HOST", "unix:///nonexistent.sock");
    struct endpoint ep;
    resolve_ok(f, &ep);
    assert_string_equal(ep.socket_path, "/nonexistent.sock");
    assert_string_equal(ep.origin, "DOCKER_HOST");
    endpoint_done(&ep);
}

static void test_host_flag_beats_docker_host(void **state)
{
    struct fixture *f = *state;
    env_set(&f->env, "DOCKER_HOST", "unix:///from-env.sock");
    env_set(&f->env, "DOCKER_CONTEXT", "env-ctx");
    f->in.host_flag = "tcp://10.9.8.7:2375";
    struct endpoint ep;
    resolve_ok(f, &ep);
    assert_int_equal(ep.kind, ENDPOINT_TCP);
    assert_string_equal(ep.host, "10.9.8.7");
    assert_string_equal(ep.origin, "-H");
    endpoint_done(&ep);
}

static void test_context_flag_beats_everything(void **state)
{
    struct fixture *f = *state;
    write_config(f, "{\"currentContext\":\"cur-ctx\"}");
    env_set(&f->env, "DOCKER_HOST", "unix:///from-env.sock");
    env_set(&f->env, "DOCKER_CONTEXT", "env-ctx");
    f->in.host_flag = "tcp://10.9.8.7:2375";
    f->in.context_flag = "plain-ctx";
    struct endpoint ep;
    resolve_ok(f, &ep);
    assert_string_equal(ep.display, "tcp://10.0.0.8:2375");
    assert_false(ep.tls);
    assert_null(ep.ca_file);
    assert_string_equal(ep.origin, "context plain-ctx");
    endpoint_done(&ep);
}

static void test_context_named_default(void **state)
{
    struct fixture *f = *state;
    write_config(f, "{\"currentContext\":\"default\"}");
    struct endpoint ep;
    resolve_ok(f, &ep);
    assert_string_equal(ep.socket_path, "/var/run/docker.sock");
    endpoint_done(&ep);
    env_set(&f->env, "DOCKER_CONTEXT", "default");
    resolve_ok(f, &ep);
    assert_string_equal(ep.socket_path, "/var/run/docker.sock");
    endpoint_done(&ep);
}

static void test_context_tls_files(void **state)
{
    struct fixture *f = *state;
    f->in.context_flag = "tls-ctx";
    struct endpoint ep;
    resolve_ok(f, &ep);
    assert_int_equal(ep.kind, ENDPOINT_TCP);
    assert_string_equal(ep.host, "10.1.2.3");
    assert_int_equal(ep.port, 2376);
    assert_true(ep.tls);
    assert_true(ep.tls_verify);
    /* tls/<sha256hex("tls-ctx")>/docker/{ca,cert,key}.pem */
    char *dir = xasprintf("%s/contexts/tls/"
                          "f29671c36aea263eda561e45f53d2985925dff54c881728df51a83e0008fd4ef/docker",
                          f->dir);
    char *ca = xasprintf("%s/ca.pem", dir);
    char *cert = xasprintf("%s/cert.pem", dir);
    char *key = xasprintf("%s/key.pem", dir);
    assert_string_equal(ep.ca_file, ca);
    assert_string_equal(ep.cert_file, cert);
    assert_string_equal(ep.key_file, key);
    free(dir);
    free(ca);
    free(cert);
    free(key);
    endpoint_done(&ep);
}

static void test_context_skip_verify(void **state)
{
    struct fixture *f = *state;
    f->in.context_flag = "skip-ctx";
    struct endpoint ep;
    resolve_ok(f, &ep);
    assert_true(ep.tls);
    assert_false(ep.tls_verify);
    assert_null(ep.ca_file);
    endpoint_done(&ep);
}

static void test_context_ssh(void **state)
{
    struct fixture *f = *state;
    env_set(&f->env, "DOCKER_CONTEXT", "ssh-ctx");
    struct endpoint ep;
    resolve_ok(f, &ep);
    assert_int_equal(ep.kind, ENDPOINT_SSH);
    assert_string_equal(ep.ssh_user, "deploy");
    assert_int_equal(ep.port, 2222);
    endpoint_done(&ep);
}

static void test_missing_context_named(void **state)
{
    struct fixture *f = *state;
    env_set(&f->env, "DOCKER_CONTEXT", "no-such-ctx");
    resolve_fails(f, "context \"no-such-ctx\" (from DOCKER_CONTEXT) not found");
}

static void test_missing_current_context_named(void **state)
{
    struct fixture *f = *state;
    write_config(f, "{\"currentContext\":\"gone-ctx\"}");
    resolve_fails(f, "context \"gone-ctx\" (from config.json currentContext) not found");
}

static void test_bad_config_json(void **state)
{
    struct fixture *f = *state;
    write_config(f, "{\"currentContext\":");
    resolve_fails(f, "config.json");
}

static void test_bad_docker_host_says_where(void **state)
{
    struct fixture *f = *state;
    env_set(&f->env, "DOCKER_HOST", "tcp://10.0.0.1");
    resolve_fails(f, "(from DOCKER_HOST)");
}

static void test_env_tls_verify(void **state)
{
    struct fixture *f = *state;
    env_set(&f->env, "DOCKER_HOST", "tcp://10.0.0.1:2376");
    env_set(&f->env, "DOCKER_TLS_VERIFY", "0"); /* any non-empty value */
    char *certs = xasprintf("%s/contexts/tls/"
                            "f29671c36aea263eda561e45f53d2985925dff54c881728df51a83e0008fd4ef/"
                            "docker",
                            f->dir);
    env_set(&f->env, "DOCKER_CERT_PATH", certs);
    struct endpoint ep;
    resolve_ok(f, &ep);
    assert_true(ep.tls);
    assert_true(ep.tls_verify);
    char *ca = xasprintf("%s/ca.pem", certs);
    char *key = xasprintf("%s/key.pem", certs);
    assert_string_equal(ep.ca_file, ca);
    assert_string_equal(ep.key_file, key);
    assert_non_null(ep.cert_file);
    free(ca);
    free(key);
    free(certs);
    endpoint_done(&ep);
}

static void test_env_tls_defaults_to_config_dir(void **state)
{
    struct fixture *f = *state;
    env_set(&f->env, "DOCKER_HOST", "tcp://10.0.0.1:2376");
    env_set(&f->env, "DOCKER_TLS_VERIFY", "1");
    struct endpoint ep;
    resolve_ok(f, &ep);
    /* The CA is expected in the config dir even when missing (the client
     * then reports it); the client pair is dropped when absent. */
    char *ca = xasprintf("%s/ca.pem", f->dir);
    assert_string_equal(ep.ca_file, ca);
    assert_null(ep.cert_file);
    assert_null(ep.key_file);
    free(ca);
    endpoint_done(&ep);
}

static void test_env_tls_without_verify(void **state)
{
    struct fixture *f = *state;
    env_set(&f->env, "DOCKER_HOST", "tcp://10.0.0.1:2376");
    env_set(&f->env, "DOCKER_TLS", "1");
    env_set(&f->env, "DOCKER_TLS_VERIFY", "");
    struct endpoint ep;
    resolve_ok(f, &ep);
    assert_true(ep.tls);
    assert_false(ep.tls_verify);
    assert_null(ep.ca_file);
    endpoint_done(&ep);
}

static void test_no_tls_for_plain_tcp(void **state)
{
    struct fixture *f = *state;
    env_set(&f->env, "DOCKER_HOST", "tcp://10.0.0.1:2375");
    struct endpoint ep;
    resolve_ok(f, &ep);
    assert_false(ep.tls);
    assert_null(ep.ca_file);
    endpoint_done(&ep);
}

static void test_home_locates_config(void **state)
{
    struct fixture *f = *state;
    /* Without DOCKER_CONFIG, $HOME/.docker is read: point HOME at a folder
     * whose .docker is our config dir. */
    char home[64];
    snprintf(home, sizeof home, "/tmp/berth-home-XXXXXX");
    assert_non_null(mkdtemp(home));
    char *link = xasprintf("%s/.docker", home);
    assert_int_equal(symlink(f->dir, link), 0);
    write_config(f, "{\"currentContext\":\"env-ctx\"}");
    f->env.value[0] = ""; /* DOCKER_CONFIG empty counts as unset */
    f->env.value[1] = home;
    struct endpoint ep;
    resolve_ok(f, &ep);
    assert_string_equal(ep.socket_path, "/run/berth-env.sock");
    endpoint_done(&ep);
    unlink(link);
    rmdir(home);
    free(link);
}

static void test_copy_is_deep(void **state)
{
    (void)state;
    struct endpoint a, b;
    parse_ok("ssh://u@h:22/s.sock", &a);
    endpoint_copy(&b, &a);
    assert_ptr_not_equal(a.host, b.host);
    endpoint_done(&a);
    assert_string_equal(b.host, "h");
    assert_string_equal(b.ssh_socket, "/s.sock");
    endpoint_done(&b);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_unix),
        cmocka_unit_test(test_parse_tcp),
        cmocka_unit_test(test_parse_ssh),
        cmocka_unit_test(test_parse_bad),
        cmocka_unit_test(test_copy_is_deep),
        T(test_default_socket),
        T(test_current_context_from_config),
        T(test_docker_context_beats_config),
        T(test_docker_host_beats_docker_context),
        T(test_host_flag_beats_docker_host),
        T(test_context_flag_beats_everything),
        T(test_context_named_default),
        T(test_context_tls_files),
        T(test_context_skip_verify),
        T(test_context_ssh),
        T(test_missing_context_named),
        T(test_missing_current_context_named),
        T(test_bad_config_json),
        T(test_bad_docker_host_says_where),
        T(test_env_tls_verify),
        T(test_env_tls_defaults_to_config_dir),
        T(test_env_tls_without_verify),
        T(test_no_tls_for_plain_tcp),
        T(test_home_locates_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
