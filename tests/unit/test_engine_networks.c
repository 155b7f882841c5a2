/* The networks client on answers recorded from Docker 20.10 (API 1.41)
 * in tests/fixtures/networks: the list (whose Containers maps are empty
 * even for networks in use), one network's inspect with an attached
 * container, and the engine's refusals with the explanation added. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine_networks.h"
#include "xalloc.h"

static cJSON *load(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/networks/%s", BERTH_FIXTURES, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    cJSON *doc = cJSON_Parse(buf);
    assert_non_null(doc);
    return doc;
}

static const struct network_info *find(const struct network_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].name, name) == 0)
            return &l->v[i];
    fail_msg("no network %s in the list", name);
    return &l->v[0];
}

static void test_list(void **state)
{
    (void)state;
    cJSON *doc = load("list.json");
    struct network_list l;
    engine_networks_parse(doc, &l);
    cJSON_Delete(doc);
    assert_int_equal(l.n, 5);
    for (size_t i = 1; i < l.n; i++)
        assert_true(strcmp(l.v[i - 1].name, l.v[i].name) <= 0);
    const struct network_info *br = find(&l, "bridge");
    assert_non_null(br);
    assert_string_equal(br->driver, "bridge");
    assert_string_equal(br->scope, "local");
    assert_string_equal(br->subnet, "172.17.0.0/16");
    assert_string_equal(br->gateway, "172.17.0.1");
    assert_false(br->internal);
    assert_string_equal(br->labels, "");
    const struct network_info *host = find(&l, "host");
    assert_non_null(host);
    assert_string_equal(host->subnet, "");
    assert_string_equal(host->driver, "host");
    const struct network_info *fix = find(&l, "berth-t-net-fix");
    assert_non_null(fix);
    assert_true(fix->internal);
    assert_string_equal(fix->subnet, "172.30.77.0/24");
    assert_string_equal(fix->labels, "berth.test=fixture");
    assert_true(fix->created_at > 1700000000);
    /* In use when recorded, yet the list says nothing: inspect is needed. */
    assert_int_equal(fix->neps, 0);
    assert_false(fix->have_eps);
    network_list_done(&l);
}

static void test_inspect(void **state)
{
    (void)state;
    cJSON *doc = load("inspect.json");
    struct network_info n;
    engine_network_parse(doc, &n);
    cJSON_Delete(doc);
    assert_string_equal(n.name, "berth-t-net-fix");
    assert_int_equal(strlen(n.id), 64);
    assert_string_equal(n.gateway, "172.30.77.1");
    assert_int_equal(n.neps, 1);
    assert_string_equal(n.eps[0].name, "berth-t-net-fixc");
    assert_string_equal(n.eps[0].ipv4, "172.30.77.10/24");
    assert_string_equal(n.eps[0].ipv6, "");
    assert_string_equal(n.eps[0].mac, "02:42:ac:1e:4d:0a");
    assert_int_equal(strlen(n.eps[0].container_id), 64);
    network_info_done(&n);
}

/* The engine's message from a recorded error body, as the client maps it. */
static void recorded_error(const char *file, long status, struct berth_error *err)
{
    cJSON *doc = load(file);
    berth_error_set(err, BERTH_ERR_HTTP, status, "%s", engine_json_str(doc, "message"));
    cJSON_Delete(doc);
}

static void test_explain(void **state)
{
    (void)state;
    struct berth_error err;
    recorded_error("remove-active.json", 403, &err);
    engine_network_explain("remove", &err);
    assert_non_null(strstr(err.message, "has active endpoints"));
    assert_non_null(strstr(err.message, "containers are still attached, disconnect or remove them "
                                        "first: error while removing network"));
    assert_int_equal(err.http_status, 403);

    recorded_error("remove-bridge.json", 403, &err);
    engine_network_explain("remove", &err);
    assert_non_null(strstr(err.message, "bridge, host and none always stay"));

    recorded_error("connect-ip-bridge.json", 400, &err);
    engine_network_explain("connect", &err);
    assert_non_null(strstr(err.message, "needs a network you created, with a subnet"));

    recorded_error("connect-ip-nosubnet.json", 400, &err);
    engine_network_explain("connect", &err);
    assert_non_null(strstr(err.message, "created without a subnet"));

    /* Nothing known: the engine's words alone. */
    berth_error_set(&err, BERTH_ERR_HTTP, 500, "something else");
    engine_network_explain("remove", &err);
    assert_string_equal(err.message, "something else");
}

static void test_refused_before_asking(void **state)
{
    (void)state;
    struct berth_error err;
    assert_true(engine_network_predefined("bridge"));
    assert_true(engine_network_predefined("none"));
    assert_false(engine_network_predefined("bridge2"));
    /* No engine is touched for these (a NULL client would crash). */
    assert_int_equal(engine_network_remove(NULL, "host", &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_USAGE);
    assert_non_null(strstr(err.message, "cannot be removed"));
    struct network_create c = {.name = "x", .gateway = "10.0.0.1"};
    assert_int_equal(engine_network_create(NULL, &c, NULL, &err), -1);
    assert_non_null(strstr(err.message, "together with a subnet"));
    struct network_create none = {.name = ""};
    assert_int_equal(engine_network_create(NULL, &none, NULL, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_USAGE);
}

static void test_prune_answer(void **state)
{
    (void)state;
    cJSON *doc = load("prune.json");
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, "NetworksDeleted");
    assert_int_equal(cJSON_GetArraySize(arr), 1);
    assert_string_equal(cJSON_GetArrayItem(arr, 0)->valuestring, "berth-t-net-fix3");
    cJSON_Delete(doc);
    doc = load("create.json");
    assert_int_equal(strlen(engine_json_str(doc, "Id")), 64);
    cJSON_Delete(doc);
}

static void test_labels_split(void **state)
{
    (void)state;
    char **items;
    size_t n;
    struct berth_error err;
    assert_int_equal(engine_network_labels_split(" a=1, b=x=y ,,c= ", &items, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_string_equal(items[0], "a=1");
    assert_string_equal(items[1], "b=x=y");
    assert_string_equal(items[2], "c=");
    engine_network_labels_free(items, n);
    assert_int_equal(engine_network_labels_split("", &items, &n, &err), 0);
    assert_int_equal(n, 0);
    engine_network_labels_free(items, n);
    assert_int_equal(engine_network_labels_split("a=1,novalue", &items, &n, &err), -1);
    assert_non_null(strstr(err.message, "\"novalue\""));
    assert_int_equal(engine_network_labels_split("=v", &items, &n, &err), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list),         cmocka_unit_test(test_inspect),
        cmocka_unit_test(test_explain),      cmocka_unit_test(test_refused_before_asking),
        cmocka_unit_test(test_prune_answer), cmocka_unit_test(test_labels_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
