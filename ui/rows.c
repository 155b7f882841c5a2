/* The table's rows for one snapshot (see rows.h).
 *
 * Sorting copies pointers into a scratch array and sorts that with the
 * column registry's comparison, so a snapshot of thousands of containers
 * costs one O(n log n) pass per snapshot. The order is total (ties fall
 * back to name and id), so equal snapshots give equal views and the
 * selection does not jitter. */
#include "config.h"

#include "rows.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"

#define ROWS_NO_GROUP ((size_t)-1)

/* Sort context for qsort_r. */
struct rows_sort {
    enum columns_id col;
    bool reverse;
};

void rows_init(struct rows_view *v)
{
    memset(v, 0, sizeof *v);
}

void rows_done(struct rows_view *v)
{
    free(v->items);
    free(v->groups);
    memset(v, 0, sizeof *v);
}

bool rows_is_stopped(enum container_state state)
{
    return state == CONTAINER_STATE_CREATED || state == CONTAINER_STATE_EXITED ||
           state == CONTAINER_STATE_DEAD || state == CONTAINER_STATE_REMOVING;
}

/* ASCII-case-insensitive substring search. */
static bool contains(const char *hay, const char *needle, size_t nlen)
{
    if (!hay)
        return false;
    for (; *hay; hay++) {
        if (strncasecmp(hay, needle, nlen) == 0)
            return true;
    }
    return false;
}

bool rows_match(const struct container *c, const char *filter)
{
    if (!filter || !filter[0])
        return true;
    size_t n = strlen(filter);
    return contains(c->name, filter, n) || contains(c->image, filter, n) ||
           contains(c->project, filter, n) || contains(c->id, filter, n);
}

static void push_item(struct rows_view *v, enum rows_kind kind, const struct snapshot_container *sc,
                      size_t group)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 64;
        v->items = xrealloc(v->items, v->cap * sizeof *v->items);
    }
    v->items[v->n++] = (struct rows_item){kind, sc, group};
}

static int cmp_sorted(const void *a, const void *b, void *ctx)
{
    const struct rows_sort *s = ctx;
    const struct snapshot_container *const *x = a, *const *y = b;
    return columns_compare(s->col, s->reverse, *x, *y);
}

/* Project names in order; the standalone group (NULL) last. */
static int cmp_project(const char *a, const char *b)
{
    if (!a || !b)
        return (a == NULL) - (b == NULL);
    int c = strcasecmp(a, b);
    return c ? c : strcmp(a, b);
}

static int cmp_grouped(const void *a, const void *b, void *ctx)
{
    const struct snapshot_container *const *x = a, *const *y = b;
    int c = cmp_project((*x)->c.project, (*y)->c.project);
    return c ? c : cmp_sorted(a, b, ctx);
}

static bool is_collapsed(const struct rows_params *p, const char *project)
{
    if (!project)
        return p->collapse_standalone;
    for (size_t i = 0; i < p->ncollapsed; i++) {
        if (strcmp(p->collapsed[i], project) == 0)
            return true;
    }
    return false;
}

static size_t add_group(struct rows_view *v, const char *project, bool collapsed)
{
    if (v->ngroups == v->gcap) {
        v->gcap = v->gcap ? v->gcap * 2 : 16;
        v->groups = xrealloc(v->groups, v->gcap * sizeof *v->groups);
    }
    struct rows_group *g = &v->groups[v->ngroups];
    memset(g, 0, sizeof *g);
    g->project = project;
    g->collapsed = collapsed;
    return v->ngroups++;
}

static void sum_into(struct rows_group *g, const struct snapshot_container *sc)
{
    g->shown++;
    if (sc->c.state == CONTAINER_STATE_RUNNING || sc->c.state == CONTAINER_STATE_RESTARTING)
        g->running++;
    if (!sc->has_stats)
        return;
    if (sc->stats.cpu_valid) {
        g->cpu_valid = true;
        g->cpu += sc->stats.cpu_percent;
    }
    if (sc->stats.mem_valid) {
        g->mem_valid = true;
        g->mem += sc->stats.mem_used;
    }
    if (sc->stats.pids_valid)
        g->pids += sc->stats.pids;
}

void rows_build(struct rows_view *v, const struct snapshot *s, const struct rows_params *p)
{
    v->n = 0;
    v->ngroups = 0;
    v->matched = 0;
    v->total = s ? s->ncontainers : 0;
    if (!s || s->ncontainers == 0)
        return;

    const struct snapshot_container **pick = xmalloc(s->ncontainers * sizeof *pick);
    size_t n = 0;
    for (size_t i = 0; i < s->ncontainers; i++) {
        const struct snapshot_container *sc = &s->containers[i];
        if (!p->show_stopped && rows_is_stopped(sc->c.state))
            continue;
        if (!rows_match(&sc->c, p->filter))
            continue;
        pick[n++] = sc;
    }
    v->matched = n;
    struct rows_sort ctx = {p->sort, p->reverse};
    qsort_r(pick, n, sizeof *pick, p->group ? cmp_grouped : cmp_sorted, &ctx);

    if (!p->group) {
        for (size_t i = 0; i < n; i++)
            push_item(v, ROWS_CONTAINER, pick[i], ROWS_NO_GROUP);
        free(pick);
        return;
    }

    /* Grouped: pick is ordered by project, so each group is a run. */
    for (size_t i = 0; i < n;) {
        const char *project = pick[i]->c.project;
        size_t g = add_group(v, project, is_collapsed(p, project));
        push_item(v, ROWS_PROJECT, NULL, g);
        size_t j = i;
        for (; j < n && cmp_project(pick[j]->c.project, project) == 0; j++) {
            sum_into(&v->groups[g], pick[j]);
            if (!v->groups[g].collapsed)
                push_item(v, ROWS_CONTAINER, pick[j], g);
        }
        i = j;
    }
    free(pick);
}

long rows_find_container(const struct rows_view *v, const char *id)
{
    for (size_t i = 0; i < v->n; i++) {
        if (v->items[i].kind == ROWS_CONTAINER && strcmp(v->items[i].sc->c.id, id) == 0)
            return (long)i;
    }
    return -1;
}

long rows_find_project(const struct rows_view *v, const char *project)
{
    for (size_t i = 0; i < v->n; i++) {
        if (v->items[i].kind != ROWS_PROJECT)
            continue;
        const char *p = v->groups[v->items[i].group].project;
        if ((p == NULL && project == NULL) || (p && project && strcmp(p, project) == 0))
            return (long)i;
    }
    return -1;
}
