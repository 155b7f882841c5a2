/* Compose project discovery against a real engine, for integration tests.
 *
 *   compose_projects HOST [PREFIX]
 *
 * Lists every container on HOST (unix:///path), runs projects_build() over
 * them and prints the projects whose name starts with PREFIX, one line per
 * project, service and container:
 *   project NAME working_dir=DIR files=F1,F2 total=N running=N exited=N crashed=N unhealthy=N
 *   service PROJECT/SERVICE containers=N running=N exited=N crashed=N unhealthy=N
 *   container PROJECT/SERVICE NUMBER NAME STATE
 * Exit status 0, or 1 with a message when the engine cannot be asked. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "endpoint.h"
#include "engine.h"
#include "model/container.h"
#include "model/projects.h"
#include "sanitize.h"

static void print_counts(const struct project_counts *c)
{
    printf(" running=%u exited=%u crashed=%u unhealthy=%u", c->running, c->exited, c->crashed,
           c->unhealthy);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s HOST [PREFIX]\n", argv[0]);
        return 2;
    }
    const char *prefix = argc > 2 ? argv[2] : "";
    struct endpoint ep;
    struct berth_error err;
    if (endpoint_parse_host(argv[1], &ep, &err) < 0) {
        fprintf(stderr, "compose_projects: %s\n", err.message);
        return 1;
    }
    struct engine *e = engine_new(&ep, 10000);
    endpoint_done(&ep);
    cJSON *array = NULL;
    if (engine_containers_list(e, true, NULL, &array, &err) < 0) {
        fprintf(stderr, "compose_projects: %s\n", err.message);
        engine_free(e);
        return 1;
    }
    struct container_list list;
    if (container_list_from_json(array, &list, &err) < 0) {
        fprintf(stderr, "compose_projects: %s\n", err.message);
        cJSON_Delete(array);
        engine_free(e);
        return 1;
    }
    cJSON_Delete(array);
    struct project_list projects;
    projects_build(list.items, list.count, &projects);
    for (size_t i = 0; i < projects.count; i++) {
        const struct project *p = &projects.items[i];
        if (strncmp(p->name, prefix, strlen(prefix)) != 0)
            continue;
        char *name = sanitize_dup(p->name);
        char *wd = sanitize_dup(p->working_dir ? p->working_dir : "-");
        printf("project %s working_dir=%s files=", name, wd);
        for (size_t j = 0; j < p->nconfig_files; j++) {
            char *f = sanitize_dup(p->config_files[j]);
            printf("%s%s", j ? "," : "", f);
            free(f);
        }
        printf(" total=%u", p->counts.total);
        print_counts(&p->counts);
        putchar('\n');
        for (size_t j = 0; j < p->nservices; j++) {
            const struct project_service *s = &p->services[j];
            char *sn = sanitize_dup(s->name);
            printf("service %s/%s containers=%zu", name, sn, s->ncontainers);
            print_counts(&s->counts);
            putchar('\n');
            for (size_t k = 0; k < s->ncontainers; k++) {
                const struct container *c = &list.items[s->containers[k]];
                char *cn = sanitize_dup(c->name);
                printf("container %s/%s %s %s %s\n", name, sn,
                       c->container_number ? c->container_number : "-", cn,
                       container_state_name(c->state));
                free(cn);
            }
            free(sn);
        }
        free(name);
        free(wd);
    }
    project_list_done(&projects);
    container_list_done(&list);
    engine_free(e);
    return 0;
}
