/* Lifecycle actions without an engine: the requests each verb sends, the
 * limits body and its checks, the size parser, and the pending-state
 * machine (reply, wait for the target state, timeout, 304/404/409). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/lifecycle.h"

#define ID "b2059473c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8"

static struct lifecycle_params params(enum lifecycle_verb v)
{
    struct lifecycle_params p;
    memset(&p, 0, sizeof p);
    p.verb = v;
    p.timeout_s = 10;
    snprintf(p.label, sizeof p.label, "web-1");
    return p;
}

static void expect_request(const struct lifecycle_params *p, const char *method, const char *path,
                           const char *body)
{
    struct lifecycle_request req;
    struct berth_error err;
    assert_int_equal(lifecycle_request_build(ID, p, 5000, &req, &err), 0);
    assert_string_equal(req.method, method);
    assert_string_equal(req.path, path);
    if (body)
        assert_string_equal(req.body, body);
    else
        assert_null(req.body);
    lifecycle_request_done(&req);
}

static void test_requests(void **state)
{
    (void)state;
    struct lifecycle_params p = params(LIFECYCLE_START);
    expect_request(&p, "POST", "/containers/" ID "/start", NULL);
    p = params(LIFECYCLE_STOP);
    p.timeout_s = 3;
    expect_request(&p, "POST", "/containers/" ID "/stop?t=3", NULL);
    p = params(LIFECYCLE_RESTART);
    expect_request(&p, "POST", "/containers/" ID "/restart?t=10", NULL);
    p = params(LIFECYCLE_PAUSE);
    expect_request(&p, "POST", "/containers/" ID "/pause", NULL);
    p = params(LIFECYCLE_UNPAUSE);
    expect_request(&p, "POST", "/containers/" ID "/unpause", NULL);
    p = params(LIFECYCLE_KILL);
    expect_request(&p, "POST", "/containers/" ID "/kill?signal=KILL", NULL);
    snprintf(p.signal, sizeof p.signal, "sigterm");
    expect_request(&p, "POST", "/containers/" ID "/kill?signal=TERM", NULL);
    p = params(LIFECYCLE_REMOVE);
    expect_request(&p, "DELETE", "/containers/" ID "?force=0&v=0", NULL);
    p.force = p.volumes = true;
    expect_request(&p, "DELETE", "/containers/" ID "?force=1&v=1", NULL);
    p = params(LIFECYCLE_RENAME);
    snprintf(p.name, sizeof p.name, "new name");
    expect_request(&p, "POST", "/containers/" ID "/rename?name=new%20name", NULL);
    p = params(LIFECYCLE_UPDATE);
    p.limits.set = LIFECYCLE_LIMIT_MEMORY | LIFECYCLE_LIMIT_MEMORY_SWAP | LIFECYCLE_LIMIT_CPUS;
    p.limits.memory = 64 << 20;
    p.limits.memory_swap = 128 << 20;
    p.limits.nano_cpus = 500000000;
    expect_request(&p, "POST", "/containers/" ID "/update",
                   "{\"Memory\":67108864,\"MemorySwap\":134217728,\"NanoCpus\":500000000}");
}

static void test_request_refusals(void **state)
{
    (void)state;
    struct lifecycle_request req;
    struct berth_error err;
    struct lifecycle_params p = params(LIFECYCLE_RENAME);
    assert_int_equal(lifecycle_request_build(ID, &p, 0, &req, &err), -1);
    assert_non_null(strstr(err.message, "empty"));
    p = params(LIFECYCLE_KILL);
    snprintf(p.signal, sizeof p.signal, "TERM;x");
    assert_int_equal(lifecycle_request_build(ID, &p, 0, &req, &err), -1);
    p = params(LIFECYCLE_UPDATE);
    assert_int_equal(lifecycle_request_build(ID, &p, 0, &req, &err), -1);
    p = params(LIFECYCLE_STOP);
    assert_int_equal(lifecycle_request_build("", &p, 0, &req, &err), -1);
    /* Stop may take its timeout: the transfer is allowed more. */
    p.timeout_s = 20;
    assert_int_equal(lifecycle_request_build(ID, &p, 5000, &req, &err), 0);
    assert_true(req.timeout_ms > 20000);
    lifecycle_request_done(&req);
}

static void test_sizes(void **state)
{
    (void)state;
    int64_t v;
    struct berth_error err;
    assert_int_equal(lifecycle_parse_bytes("512m", &v, &err), 0);
    assert_int_equal(v, 512LL << 20);
    assert_int_equal(lifecycle_parse_bytes("1g", &v, &err), 0);
    assert_int_equal(v, 1LL << 30);
    assert_int_equal(lifecycle_parse_bytes("1.5g", &v, &err), 0);
    assert_int_equal(v, 3LL << 29);
    assert_int_equal(lifecycle_parse_bytes("64M", &v, &err), 0);
    assert_int_equal(v, 64LL << 20);
    assert_int_equal(lifecycle_parse_bytes("100kb", &v, &err), 0);
    assert_int_equal(v, 102400);
    assert_int_equal(lifecycle_parse_bytes("4096", &v, &err), 0);
    assert_int_equal(v, 4096);
    assert_int_equal(lifecycle_parse_bytes("12x", &v, &err), -1);
    assert_int_equal(lifecycle_parse_bytes("m", &v, &err), -1);
    assert_int_equal(lifecycle_parse_bytes("-1g", &v, &err), -1);
    assert_int_equal(lifecycle_parse_bytes("", &v, &err), -1);
    assert_int_equal(lifecycle_parse_cpus("0.5", &v, &err), 0);
    assert_int_equal(v, 500000000);
    assert_int_equal(lifecycle_parse_cpus("2", &v, &err), 0);
    assert_int_equal(v, 2000000000);
    assert_int_equal(lifecycle_parse_cpus("0", &v, &err), -1);
    assert_int_equal(lifecycle_parse_cpus("half", &v, &err), -1);
}

static void test_limits_check(void **state)
{
    (void)state;
    struct berth_error err;
    struct lifecycle_limits l = {0};
    assert_int_equal(lifecycle_limits_check(&l, &err), -1);
    l.set = LIFECYCLE_LIMIT_MEMORY | LIFECYCLE_LIMIT_MEMORY_SWAP;
    l.memory = 128 << 20;
    l.memory_swap = 64 << 20;
    assert_int_equal(lifecycle_limits_check(&l, &err), -1);
    assert_non_null(strstr(err.message, "memory+swap"));
    l.memory_swap = -1;
    assert_int_equal(lifecycle_limits_check(&l, &err), 0);
    l.memory = 1 << 20; /* below the engine's 6 MB floor */
    assert_int_equal(lifecycle_limits_check(&l, &err), -1);
    l = (struct lifecycle_limits){.set = LIFECYCLE_LIMIT_BLKIO_WEIGHT, .blkio_weight = 5};
    assert_int_equal(lifecycle_limits_check(&l, &err), -1);
    l = (struct lifecycle_limits){.set = LIFECYCLE_LIMIT_CPU_SHARES, .cpu_shares = 1};
    assert_int_equal(lifecycle_limits_check(&l, &err), -1);
    l = (struct lifecycle_limits){.set = LIFECYCLE_LIMIT_PIDS, .pids_limit = 0};
    assert_int_equal(lifecycle_limits_check(&l, &err), 0);
    char *json = lifecycle_limits_json(&l);
    assert_string_equal(json, "{\"PidsLimit\":0}");
    free(json);
}

static void test_stop_waits_for_exit(void **state)
{
    (void)state;
    struct lifecycle_params p = params(LIFECYCLE_STOP);
    struct lifecycle_pending pa;
    lifecycle_pending_init(&pa, 7, ID, &p);
    assert_int_equal(pa.phase, LIFECYCLE_PHASE_REQUEST);
    /* The row is still running: nothing to observe before the reply. */
    lifecycle_pending_observe(&pa, true, CONTAINER_STATE_RUNNING, "web-1", 100.0);
    assert_int_equal(pa.phase, LIFECYCLE_PHASE_REQUEST);
    lifecycle_pending_reply(&pa, 204, NULL, NULL, 100.0);
    assert_int_equal(pa.phase, LIFECYCLE_PHASE_WAITING);
    lifecycle_pending_observe(&pa, true, CONTAINER_STATE_RUNNING, "web-1", 101.0);
    assert_int_equal(pa.phase, LIFECYCLE_PHASE_WAITING);
    lifecycle_pending_observe(&pa, true, CONTAINER_STATE_EXITED, "web-1", 102.0);
    assert_int_equal(pa.phase, LIFECYCLE_PHASE_DONE);
    assert_true(pa.ok);
    assert_string_equal(pa.message, "stopped web-1");
    lifecycle_pending_done(&pa);
}

static void test_timeout(void **state)
{
    (void)state;
    struct lifecycle_params p = params(LIFECYCLE_PAUSE);
    struct lifecycle_pending pa;
    lifecycle_pending_init(&pa, 1, ID, &p);
    lifecycle_pending_reply(&pa, 204, NULL, NULL, 10.0);
    lifecycle_pending_observe(&pa, true, CONTAINER_STATE_RUNNING, "web-1",
                              10.0 + LIFECYCLE_WAIT_S - 0.5);
    assert_int_equal(pa.phase, LIFECYCLE_PHASE_WAITING);
    lifecycle_pending_observe(&pa, true, CONTAINER_STATE_RUNNING, "web-1",
                              10.0 + LIFECYCLE_WAIT_S + 0.1);
    assert_int_equal(pa.phase, LIFECYCLE_PHASE_DONE);
    assert_false(pa.ok);
    assert_non_null(strstr(pa.message, "the container is running"));
    lifecycle_pending_done(&pa);
}

static void test_engine_errors(void **state)
{
    (void)state;
    struct lifecycle_pending pa;
    struct berth_error err;

    struct lifecycle_params p = params(LIFECYCLE_START);
    lifecycle_pending_init(&pa, 2, ID, &p);
    lifecycle_pending_reply(&pa, 304, NULL, NULL, 1.0);
    assert_int_equal(pa.phase, LIFECYCLE_PHASE_DONE);
    assert_true(pa.ok);
    assert_string_equal(pa.message, "start web-1: already running (304)");
    lifecycle_pending_done(&pa);

    p = params(LIFECYCLE_KILL);
    lifecycle_pending_init(&pa, 3, ID, &p);
    berth_error_set(&err, BERTH_ERR_HTTP, 409, "Cannot kill container: web-1: is not running");
    lifecycle_pending_reply(&pa, 409, &err, NULL, 1.0);
    assert_false(pa.ok);
    assert_string_equal(pa.message,
                        "kill web-1: Cannot kill container: web-1: is not running (409)");
    lifecycle_pending_done(&pa);

    p = params(LIFECYCLE_REMOVE);
    lifecycle_pending_init(&pa, 4, ID, &p);
    berth_error_set(&err, BERTH_ERR_HTTP, 404, "No such container: web-1");
    lifecycle_pending_reply(&pa, 404, &err, NULL, 1.0);
    assert_false(pa.ok);
    assert_non_null(strstr(pa.message, "No such container: web-1 (404)"));
    lifecycle_pending_done(&pa);
}

static void test_targets(void **state)
{
    (void)state;
    struct lifecycle_pending pa;
    struct lifecycle_params p = params(LIFECYCLE_REMOVE);
    lifecycle_pending_init(&pa, 5, ID, &p);
    lifecycle_pending_reply(&pa, 204, NULL, NULL, 1.0);
    lifecycle_pending_observe(&pa, true, CONTAINER_STATE_EXITED, "web-1", 1.5);
    assert_int_equal(pa.phase, LIFECYCLE_PHASE_WAITING);
    lifecycle_pending_observe(&pa, false, CONTAINER_STATE_UNKNOWN, NULL, 2.0);
    assert_true(pa.ok);
    assert_string_equal(pa.message, "removed web-1");
    lifecycle_pending_done(&pa);

    p = params(LIFECYCLE_RENAME);
    snprintf(p.name, sizeof p.name, "web-2");
    lifecycle_pending_init(&pa, 6, ID, &p);
    lifecycle_pending_reply(&pa, 204, NULL, NULL, 1.0);
    lifecycle_pending_observe(&pa, true, CONTAINER_STATE_RUNNING, "web-1", 1.5);
    assert_int_equal(pa.phase, LIFECYCLE_PHASE_WAITING);
    lifecycle_pending_observe(&pa, true, CONTAINER_STATE_RUNNING, "web-2", 2.0);
    assert_string_equal(pa.message, "renamed web-1 to web-2");
    lifecycle_pending_done(&pa);

    /* A signal that need not end the process: done on the reply. */
    p = params(LIFECYCLE_KILL);
    snprintf(p.signal, sizeof p.signal, "TERM");
    lifecycle_pending_init(&pa, 8, ID, &p);
    lifecycle_pending_reply(&pa, 204, NULL, NULL, 1.0);
    assert_int_equal(pa.phase, LIFECYCLE_PHASE_DONE);
    assert_string_equal(pa.message, "sent SIGTERM to web-1");
    lifecycle_pending_done(&pa);

    /* Update: the engine's warnings are passed on. */
    p = params(LIFECYCLE_UPDATE);
    lifecycle_pending_init(&pa, 9, ID, &p);
    lifecycle_pending_reply(&pa, 200, NULL, "Weight discarded.", 1.0);
    assert_true(pa.ok);
    assert_string_equal(pa.message, "updated web-1; the engine warns: Weight discarded.");
    lifecycle_pending_done(&pa);
}

static void test_verbs(void **state)
{
    (void)state;
    for (int v = 1; v < LIFECYCLE_NVERBS; v++) {
        const char *name = lifecycle_verb_name((enum lifecycle_verb)v);
        assert_int_equal(lifecycle_verb_find(name), v);
        assert_true(strlen(lifecycle_verb_pending((enum lifecycle_verb)v)) < 16);
    }
    assert_int_equal(lifecycle_verb_find("explode"), LIFECYCLE_NONE);
    assert_string_equal(lifecycle_verb_pending(LIFECYCLE_STOP), "stopping");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_requests),
        cmocka_unit_test(test_request_refusals),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_limits_check),
        cmocka_unit_test(test_stop_waits_for_exit),
        cmocka_unit_test(test_timeout),
        cmocka_unit_test(test_engine_errors),
        cmocka_unit_test(test_targets),
        cmocka_unit_test(test_verbs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
