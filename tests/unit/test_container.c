/* Decoding a /containers/json answer recorded from a real engine, and the
 * ports column compared with what `docker ps` printed for the same
 * containers at the same moment (list-all.ps-ports.txt). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "model/container.h"

static struct container_list fx_list;

static int setup(void **state)
{
    (void)state;
    cJSON *doc = fixture_json("containers/list-all.json");
    struct berth_error err;
    int rc = container_list_from_json(doc, &fx_list, &err);
    cJSON_Delete(doc);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    container_list_done(&fx_list);
    return 0;
}

static const struct container *find(const char *name)
{
    for (size_t i = 0; i < fx_list.count; i++)
        if (strcmp(fx_list.items[i].name, name) == 0)
            return &fx_list.items[i];
    fail_msg("no container named %s in the fixture", name);
    return NULL;
}

static void test_every_entry_decoded(void **state)
{
    (void)state;
    assert_int_equal(fx_list.count, 15);
    for (size_t i = 0; i < fx_list.count; i++) {
        const struct container *c = &fx_list.items[i];
        assert_int_equal(strlen(c->id), 64);
        assert_string_equal(c->image, "berth-test/busybox:latest");
        assert_int_equal(strncmp(c->image_id, "sha256:", 7), 0);
        assert_true(c->created > 1700000000);
        assert_int_equal(strncmp(c->name, "berth-t-fx-", 11), 0);
    }
}

static void test_primary_name_not_link_alias(void **state)
{
    (void)state;
    /* Names: ["/berth-t-fx-linker/webalias", "/berth-t-fx-web"]. */
    const struct container *c = find("berth-t-fx-web");
    assert_string_equal(c->id, "38f3e13d530cc4b316a0e24517df7d19a75e5ee0970d60c0569baa331d1352e7");
    assert_string_equal(find("berth-t-fx-linker")->command, "sleep 3600");
}

static void test_states_and_exit_codes(void **state)
{
    (void)state;
    const struct container *c = find("berth-t-fx-crashed");
    assert_int_equal(c->state, CONTAINER_STATE_EXITED);
    assert_int_equal(c->exit_code, 3);
    assert_int_equal(strncmp(c->status, "Exited (3) ", 11), 0);
    c = find("berth-t-fx-stopped");
    assert_int_equal(c->state, CONTAINER_STATE_EXITED);
    assert_int_equal(c->exit_code, 0);
    c = find("berth-t-fx-created");
    assert_int_equal(c->state, CONTAINER_STATE_CREATED);
    assert_string_equal(c->status, "Created");
    assert_int_equal(c->exit_code, -1);
    c = find("berth-t-fx-paused");
    assert_int_equal(c->state, CONTAINER_STATE_PAUSED);
    assert_non_null(strstr(c->status, "(Paused)"));
    assert_int_equal(c->health, CONTAINER_HEALTH_NONE);
    c = find("berth-t-fx-idle");
    assert_int_equal(c->state, CONTAINER_STATE_RUNNING);
    assert_int_equal(c->exit_code, -1);
}

static void test_health_from_status(void **state)
{
    (void)state;
    assert_int_equal(find("berth-t-fx-healthy")->health, CONTAINER_HEALTH_HEALTHY);
    assert_int_equal(find("berth-t-fx-unhealthy")->health, CONTAINER_HEALTH_UNHEALTHY);
    assert_int_equal(find("berth-t-fx-starting")->health, CONTAINER_HEALTH_STARTING);
    assert_int_equal(find("berth-t-fx-idle")->health, CONTAINER_HEALTH_NONE);
    assert_int_equal(container_health_from_status("Up 2 hours"), CONTAINER_HEALTH_NONE);
    assert_int_equal(container_health_from_status(NULL), CONTAINER_HEALTH_NONE);
    assert_string_equal(container_health_name(CONTAINER_HEALTH_STARTING), "starting");
    assert_string_equal(container_health_name(CONTAINER_HEALTH_UNHEALTHY), "unhealthy");
}

static void test_compose_labels(void **state)
{
    (void)state;
    const struct container *c = find("berth-t-fx-compose-web-1");
    assert_string_equal(c->project, "fxproj");
    assert_string_equal(c->service, "web");
    assert_string_equal(c->container_number, "1");
    assert_string_equal(c->working_dir, "/srv/fxproj");
    assert_string_equal(c->config_files, "/srv/fxproj/compose.yaml");
    assert_string_equal(container_label(c, "com.docker.compose.oneoff"), "False");
    /* Kept verbatim (a raw tab): sanitising is the printer's job. */
    assert_string_equal(container_label(c, "com.example.note"), "tab\tand esc");
    assert_null(container_label(c, "no.such.label"));
    c = find("berth-t-fx-idle");
    assert_null(c->project);
    assert_null(c->service);
}

/* Each container's ports, rendered, against docker ps' PORTS column. */
static void test_ports_as_docker_ps(void **state)
{
    (void)state;
    char *text = fixture_read("containers/list-all.ps-ports.txt");
    size_t lines = 0, nonempty = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char *bar = strchr(line, '|');
        assert_non_null(bar);
        *bar = '\0';
        const struct container *c = find(line);
        char *got = container_ports_render(c->ports, c->nports);
        assert_string_equal(got, bar + 1);
        if (bar[1])
            nonempty++;
        free(got);
        lines++;
    }
    free(text);
    assert_int_equal(lines, fx_list.count);
    assert_int_equal(nonempty, 2);
}

/* docker/cli's grouping, including its quirk: a run that breaks is emitted
 * at once, before the groups still open. */
static void test_ports_grouping_rules(void **state)
{
    (void)state;
    struct container_port p[] = {
        {.private_port = 90, .type = "tcp"}, {.private_port = 81, .type = "udp"},
        {.private_port = 80, .type = "tcp"}, {.private_port = 81, .type = "tcp"},
        {.private_port = 80, .type = "udp"},
    };
    char *s = container_ports_render(p, 5);
    assert_string_equal(s, "80-81/tcp, 90/tcp, 80-81/udp");
    free(s);

    struct container_port q[] = {
        {.ip = "::", .private_port = 8080, .public_port = 8080, .type = "tcp"},
        {.ip = "0.0.0.0", .private_port = 8080, .public_port = 8080, .type = "tcp"},
        {.ip = "::", .private_port = 53, .public_port = 5353, .type = "udp"},
        {.ip = "127.0.0.1", .private_port = 53, .public_port = 5353, .type = "udp"},
    };
    s = container_ports_render(q, 4);
    assert_string_equal(s, "0.0.0.0:8080->8080/tcp, [::]:8080->8080/tcp, "
                           "127.0.0.1:5353->53/udp, [::]:5353->53/udp");
    free(s);

    s = container_ports_render(NULL, 0);
    assert_string_equal(s, "");
    free(s);
}

static void test_bad_input(void **state)
{
    (void)state;
    struct container_list list;
    struct berth_error err;
    cJSON *doc = cJSON_Parse("{\"message\":\"oops\"}");
    assert_int_equal(container_list_from_json(doc, &list, &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_PROTOCOL);
    cJSON_Delete(doc);

    /* Entries without an Id are skipped; odd fields do not crash. */
    doc = cJSON_Parse("[{\"Names\":[\"/x\"]},"
                      "{\"Id\":\"abc\",\"Names\":[],\"State\":\"weird\",\"Status\":\"Exited (x\","
                      "\"Ports\":[{\"PrivatePort\":70000,\"Type\":\"tcp\"},"
                      "{\"PrivatePort\":22,\"Type\":\"a-very-long-type\"},"
                      "{\"PrivatePort\":23,\"Type\":\"tcp\"}],"
                      "\"Labels\":{\"n\":5,\"k\":\"v\"}}]");
    assert_int_equal(container_list_from_json(doc, &list, &err), 0);
    cJSON_Delete(doc);
    assert_int_equal(list.count, 1);
    assert_string_equal(list.items[0].id, "abc");
    assert_string_equal(list.items[0].name, "");
    assert_int_equal(list.items[0].state, CONTAINER_STATE_UNKNOWN);
    assert_int_equal(list.items[0].exit_code, -1);
    assert_int_equal(list.items[0].nports, 1);
    assert_int_equal(list.items[0].ports[0].private_port, 23);
    assert_string_equal(list.items[0].ports_text, "23/tcp");
    assert_int_equal(list.items[0].nlabels, 1);
    container_list_done(&list);

    doc = cJSON_Parse("[]");
    assert_int_equal(container_list_from_json(doc, &list, &err), 0);
    assert_int_equal(list.count, 0);
    container_list_done(&list);
    cJSON_Delete(doc);
}

static void test_copy_is_deep(void **state)
{
    (void)state;
    struct container tmp, copy;
    container_copy(&tmp, find("berth-t-fx-compose-web-1"));
    container_copy(&copy, &tmp);
    container_done(&tmp);
    assert_string_equal(copy.name, "berth-t-fx-compose-web-1");
    assert_string_equal(copy.project, "fxproj");
    assert_string_equal(container_label(&copy, "com.docker.compose.service"), "web");
    container_done(&copy);

    container_copy(&tmp, find("berth-t-fx-web"));
    assert_int_equal(tmp.nports, 16);
    assert_int_equal(tmp.ports[15].private_port, find("berth-t-fx-web")->ports[15].private_port);
    /* The rendered text travels with the copy; the table draws it as is. */
    assert_string_equal(tmp.ports_text, find("berth-t-fx-web")->ports_text);
    assert_true(tmp.ports_text != find("berth-t-fx-web")->ports_text);
    container_done(&tmp);
}

static void test_state_names(void **state)
{
    (void)state;
    const char *names[] = {"created",  "running", "paused", "restarting",
                           "removing", "exited",  "dead"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        enum container_state s = container_state_parse(names[i]);
        assert_int_not_equal(s, CONTAINER_STATE_UNKNOWN);
        assert_string_equal(container_state_name(s), names[i]);
    }
    assert_int_equal(container_state_parse("Running"), CONTAINER_STATE_UNKNOWN);
    assert_int_equal(container_state_parse(NULL), CONTAINER_STATE_UNKNOWN);
}

static void test_health_words(void **state)
{
    (void)state;
    assert_int_equal(container_health_parse("healthy"), CONTAINER_HEALTH_HEALTHY);
    assert_int_equal(container_health_parse(" unhealthy"), CONTAINER_HEALTH_UNHEALTHY);
    assert_int_equal(container_health_parse("starting"), CONTAINER_HEALTH_STARTING);
    assert_int_equal(container_health_parse("none"), CONTAINER_HEALTH_NONE);
    assert_int_equal(container_health_parse("Healthy"), CONTAINER_HEALTH_NONE);
    assert_int_equal(container_health_parse(NULL), CONTAINER_HEALTH_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_entry_decoded),
        cmocka_unit_test(test_primary_name_not_link_alias),
        cmocka_unit_test(test_states_and_exit_codes),
        cmocka_unit_test(test_health_from_status),
        cmocka_unit_test(test_compose_labels),
        cmocka_unit_test(test_ports_as_docker_ps),
        cmocka_unit_test(test_ports_grouping_rules),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_copy_is_deep),
        cmocka_unit_test(test_state_names),
        cmocka_unit_test(test_health_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
