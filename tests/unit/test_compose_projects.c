/* Compose project discovery over a /containers/json answer recorded from a
 * real engine while docker-compose 1.29.2 ran two projects and two more
 * containers carried Compose v2 style labels (see fixtures/compose/README). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "model/container.h"
#include "model/projects.h"

static struct container_list fx;
static struct project_list projects;

static int setup(void **state)
{
    (void)state;
    cJSON *doc = fixture_json("compose/projects-list.json");
    struct berth_error err;
    int rc = container_list_from_json(doc, &fx, &err);
    cJSON_Delete(doc);
    if (rc < 0)
        return rc;
    projects_build(fx.items, fx.count, &projects);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    project_list_done(&projects);
    container_list_done(&fx);
    return 0;
}

static const struct project *project(const char *name)
{
    const struct project *p = project_list_find(&projects, name);
    if (!p)
        fail_msg("no project %s", name);
    return p;
}

static const struct project_service *service(const char *proj, const char *name)
{
    const struct project_service *s = project_find_service(project(proj), name);
    if (!s)
        fail_msg("no service %s in %s", name, proj);
    return s;
}

static const char *container_name_at(const struct project_service *s, size_t i)
{
    assert_true(i < s->ncontainers);
    return fx.items[s->containers[i]].name;
}

static void test_every_project_found_sorted(void **state)
{
    (void)state;
    assert_int_equal(fx.count, 11);
    assert_int_equal(projects.count, 3);
    assert_string_equal(projects.items[0].name, "berth-t-cfx-alpha");
    assert_string_equal(projects.items[1].name, "berth-t-cfx-beta");
    assert_string_equal(projects.items[2].name, "berth-t-cfx-gamma");
    /* The plain container is in no project. */
    size_t grouped = 0;
    for (size_t i = 0; i < projects.count; i++)
        grouped += projects.items[i].counts.total;
    assert_int_equal(grouped, 10);
}

static void test_relative_config_files_joined(void **state)
{
    (void)state;
    const struct project *p = project("berth-t-cfx-alpha");
    assert_string_equal(p->working_dir, "/tmp/berth-t-cfx/alpha");
    assert_int_equal(p->nconfig_files, 2);
    assert_string_equal(p->config_files[0], "/tmp/berth-t-cfx/alpha/docker-compose.yml");
    assert_string_equal(p->config_files[1], "/tmp/berth-t-cfx/alpha/extra.yml");
    p = project("berth-t-cfx-beta");
    assert_int_equal(p->nconfig_files, 1);
    assert_string_equal(p->config_files[0], "/tmp/berth-t-cfx/beta/docker-compose.yml");
}

static void test_absolute_config_files_kept(void **state)
{
    (void)state;
    const struct project *p = project("berth-t-cfx-gamma");
    assert_string_equal(p->working_dir, "/srv/gamma");
    assert_int_equal(p->nconfig_files, 2);
    assert_string_equal(p->config_files[0], "/srv/gamma/compose.yaml");
    assert_string_equal(p->config_files[1], "/srv/gamma/compose.prod.yaml");
}

static void test_services_and_containers(void **state)
{
    (void)state;
    const struct project *p = project("berth-t-cfx-alpha");
    assert_int_equal(p->nservices, 5);
    const char *want[] = {"done", "sick", "stuck", "web", "worker"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(p->services[i].name, want[i]);
    const struct project_service *web = service("berth-t-cfx-alpha", "web");
    assert_int_equal(web->ncontainers, 2);
    /* Container number order, whatever order the engine listed them in. */
    assert_string_equal(container_name_at(web, 0), "berth-t-cfx-alpha_web_1");
    assert_string_equal(container_name_at(web, 1), "berth-t-cfx-alpha_web_2");
    assert_int_equal(web->counts.running, 2);
}

static void test_same_service_name_kept_apart(void **state)
{
    (void)state;
    const struct project_service *a = service("berth-t-cfx-alpha", "web");
    const struct project_service *b = service("berth-t-cfx-beta", "web");
    const struct project_service *c = service("berth-t-cfx-gamma", "web");
    assert_int_equal(a->ncontainers, 2);
    assert_int_equal(b->ncontainers, 1);
    assert_int_equal(c->ncontainers, 1);
    assert_string_equal(container_name_at(b, 0), "berth-t-cfx-beta_web_1");
    assert_string_equal(container_name_at(c, 0), "berth-t-cfx-gamma-web-1");
}

static void test_status_counts(void **state)
{
    (void)state;
    const struct project_counts *c = &project("berth-t-cfx-alpha")->counts;
    assert_int_equal(c->total, 6);
    assert_int_equal(c->running, 3); /* web x2 and sick */
    assert_int_equal(c->exited, 2);  /* worker (3) and done (0) */
    assert_int_equal(c->crashed, 1); /* only the non-zero exit */
    assert_int_equal(c->unhealthy, 1);
    assert_int_equal(c->created, 1);
    assert_int_equal(service("berth-t-cfx-alpha", "worker")->counts.crashed, 1);
    assert_int_equal(service("berth-t-cfx-alpha", "done")->counts.crashed, 0);
    assert_int_equal(service("berth-t-cfx-alpha", "done")->counts.exited, 1);
    assert_int_equal(service("berth-t-cfx-alpha", "sick")->counts.unhealthy, 1);
    assert_int_equal(service("berth-t-cfx-alpha", "sick")->counts.running, 1);
    c = &project("berth-t-cfx-beta")->counts;
    assert_int_equal(c->total, 2);
    assert_int_equal(c->running, 2);
    assert_int_equal(c->exited + c->crashed + c->unhealthy, 0);
}

static void test_config_files_label_split(void **state)
{
    (void)state;
    char **files = NULL;
    size_t n = 0;
    projects_add_config_files(" a.yml , ./b.yml,/abs/c.yml,,a.yml", "/w/", &files, &n);
    assert_int_equal(n, 3);
    assert_string_equal(files[0], "/w/a.yml");
    assert_string_equal(files[1], "/w/b.yml");
    assert_string_equal(files[2], "/abs/c.yml");
    projects_add_config_files("d.yml", NULL, &files, &n);
    assert_int_equal(n, 4);
    assert_string_equal(files[3], "d.yml");
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
}

/* Building again from a shuffled array gives the same grouping. */
static void test_order_independent(void **state)
{
    (void)state;
    struct container *rev = calloc(fx.count, sizeof *rev);
    assert_non_null(rev);
    for (size_t i = 0; i < fx.count; i++)
        rev[i] = fx.items[fx.count - 1 - i];
    struct project_list again;
    projects_build(rev, fx.count, &again);
    assert_int_equal(again.count, projects.count);
    for (size_t i = 0; i < again.count; i++) {
        assert_string_equal(again.items[i].name, projects.items[i].name);
        assert_int_equal(again.items[i].nservices, projects.items[i].nservices);
        for (size_t j = 0; j < again.items[i].nservices; j++) {
            const struct project_service *x = &again.items[i].services[j];
            const struct project_service *y = &projects.items[i].services[j];
            assert_int_equal(x->ncontainers, y->ncontainers);
            for (size_t k = 0; k < x->ncontainers; k++)
                assert_string_equal(rev[x->containers[k]].name, fx.items[y->containers[k]].name);
        }
    }
    project_list_done(&again);
    free(rev); /* shallow copies: fx owns the strings */
}

static void test_empty_input(void **state)
{
    (void)state;
    struct project_list none;
    projects_build(NULL, 0, &none);
    assert_int_equal(none.count, 0);
    assert_null(project_list_find(&none, "x"));
    project_list_done(&none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_project_found_sorted),
        cmocka_unit_test(test_relative_config_files_joined),
        cmocka_unit_test(test_absolute_config_files_kept),
        cmocka_unit_test(test_services_and_containers),
        cmocka_unit_test(test_same_service_name_kept_apart),
        cmocka_unit_test(test_status_counts),
        cmocka_unit_test(test_config_files_label_split),
        cmocka_unit_test(test_order_independent),
        cmocka_unit_test(test_empty_input),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
