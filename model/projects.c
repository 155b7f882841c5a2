/* Compose project discovery from container labels: see projects.h. */
#include "config.h"

#include "model/projects.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static char *projects_join(const char *dir, const char *file, size_t len)
{
    while (len >= 2 && file[0] == '.' && file[1] == '/') {
        file += 2;
        len -= 2;
    }
    if (file[0] == '/' || !dir || !dir[0])
        return xstrndup(file, len);
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    char *out = xmalloc(dl + 1 + len + 1);
    memcpy(out, dir, dl);
    out[dl] = '/';
    memcpy(out + dl + 1, file, len);
    out[dl + 1 + len] = '\0';
    return out;
}

void projects_add_config_files(const char *label, const char *working_dir, char ***files, size_t *n)
{
    if (!label)
        return;
    const char *p = label;
    while (*p) {
        const char *comma = strchr(p, ',');
        const char *end = comma ? comma : p + strlen(p);
        const char *a = p, *b = end;
        while (a < b && (*a == ' ' || *a == '\t'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        if (b > a) {
            char *path = projects_join(working_dir, a, (size_t)(b - a));
            bool seen = false;
            for (size_t i = 0; i < *n && !seen; i++)
                seen = strcmp((*files)[i], path) == 0;
            if (seen) {
                free(path);
            } else {
                *files = xrealloc(*files, (*n + 1) * sizeof **files);
                (*files)[(*n)++] = path;
            }
        }
        if (!comma)
            break;
        p = comma + 1;
    }
}

static void projects_count(struct project_counts *c, const struct container *k)
{
    c->total++;
    switch (k->state) {
    case CONTAINER_STATE_RUNNING:
        c->running++;
        break;
    case CONTAINER_STATE_PAUSED:
        c->paused++;
        break;
    case CONTAINER_STATE_RESTARTING:
        c->restarting++;
        break;
    case CONTAINER_STATE_CREATED:
        c->created++;
        break;
    case CONTAINER_STATE_EXITED:
        c->exited++;
        if (k->exit_code > 0)
            c->crashed++;
        break;
    case CONTAINER_STATE_DEAD:
        c->dead++;
        break;
    default:
        break;
    }
    if (k->health == CONTAINER_HEALTH_UNHEALTHY)
        c->unhealthy++;
}

static struct project *projects_get(struct project_list *out, const char *name)
{
    for (size_t i = 0; i < out->count; i++)
        if (strcmp(out->items[i].name, name) == 0)
            return &out->items[i];
    out->items = xrealloc(out->items, (out->count + 1) * sizeof *out->items);
    struct project *p = &out->items[out->count++];
    memset(p, 0, sizeof *p);
    p->name = xstrdup(name);
    return p;
}

static struct project_service *projects_service(struct project *p, const char *name)
{
    for (size_t i = 0; i < p->nservices; i++)
        if (strcmp(p->services[i].name, name) == 0)
            return &p->services[i];
    p->services = xrealloc(p->services, (p->nservices + 1) * sizeof *p->services);
    struct project_service *s = &p->services[p->nservices++];
    memset(s, 0, sizeof *s);
    s->name = xstrdup(name);
    return s;
}

static long projects_number(const struct container *c)
{
    if (!c->container_number)
        return 0;
    char *end = NULL;
    long v = strtol(c->container_number, &end, 10);
    return end && *end == '\0' ? v : 0;
}

static int projects_cmp_container(const struct container *x, const struct container *y)
{
    long nx = projects_number(x), ny = projects_number(y);
    if (nx != ny)
        return nx < ny ? -1 : 1;
    return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

/* Insertion sort by container number: a service has few containers, and
 * this needs the container array, which qsort cannot be given without a
 * global. */
static void projects_sort_containers(size_t *idx, size_t n, const struct container *items)
{
    for (size_t i = 1; i < n; i++) {
        size_t v = idx[i], j = i;
        while (j > 0 && projects_cmp_container(&items[idx[j - 1]], &items[v]) > 0) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = v;
    }
}

static int projects_cmp_service(const void *a, const void *b)
{
    return strcmp(((const struct project_service *)a)->name,
                  ((const struct project_service *)b)->name);
}

static int projects_cmp_project(const void *a, const void *b)
{
    return strcmp(((const struct project *)a)->name, ((const struct project *)b)->name);
}

void projects_build(const struct container *items, size_t n, struct project_list *out)
{
    out->items = NULL;
    out->count = 0;
    for (size_t i = 0; i < n; i++) {
        const struct container *c = &items[i];
        if (!c->project || !c->project[0])
            continue;
        struct project *p = projects_get(out, c->project);
        if (!p->working_dir && c->working_dir && c->working_dir[0])
            p->working_dir = xstrdup(c->working_dir);
        projects_add_config_files(c->config_files, c->working_dir, &p->config_files,
                                  &p->nconfig_files);
        struct project_service *s = projects_service(p, c->service ? c->service : "");
        s->containers = xrealloc(s->containers, (s->ncontainers + 1) * sizeof *s->containers);
        s->containers[s->ncontainers++] = i;
        projects_count(&s->counts, c);
        projects_count(&p->counts, c);
    }
    for (size_t i = 0; i < out->count; i++) {
        struct project *p = &out->items[i];
        for (size_t j = 0; j < p->nservices; j++)
            projects_sort_containers(p->services[j].containers, p->services[j].ncontainers, items);
        qsort(p->services, p->nservices, sizeof *p->services, projects_cmp_service);
    }
    if (out->count > 1)
        qsort(out->items, out->count, sizeof *out->items, projects_cmp_project);
}

void project_list_done(struct project_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        struct project *p = &list->items[i];
        free(p->name);
        free(p->working_dir);
        for (size_t j = 0; j < p->nconfig_files; j++)
            free(p->config_files[j]);
        free(p->config_files);
        for (size_t j = 0; j < p->nservices; j++) {
            free(p->services[j].name);
            free(p->services[j].containers);
        }
        free(p->services);
    }
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

const struct project *project_list_find(const struct project_list *list, const char *name)
{
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i].name, name) == 0)
            return &list->items[i];
    return NULL;
}

const struct project_service *project_find_service(const struct project *p, const char *name)
{
    for (size_t i = 0; i < p->nservices; i++)
        if (strcmp(p->services[i].name, name) == 0)
            return &p->services[i];
    return NULL;
}
