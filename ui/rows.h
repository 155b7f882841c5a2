/* The rows of the container table for one snapshot: filtered, sorted and,
 * when asked, grouped by compose project.
 *
 * rows_build() runs once per snapshot or per change of the view settings
 * (sort, filter, grouping, collapsed projects), never per key: moving the
 * selection only indexes the result. Items point into the snapshot, so the
 * view lives exactly as long as the snapshot reference it was built from.
 *
 * Grouping: projects in name order, each a project row (with the summed
 * CPU and memory of its shown containers) followed by its containers
 * unless collapsed; containers without a project come last under a
 * "standalone" row. Filtering and the stopped toggle apply to containers;
 * a project row shows when at least one of its containers does.
 *
 * No curses: the unit tests build views from synthetic snapshots. */
#ifndef BERTH_UI_ROWS_H
#define BERTH_UI_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/snapshot.h"
#include "ui/columns.h"

enum rows_kind {
    ROWS_CONTAINER,
    ROWS_PROJECT,
};

struct rows_group {
    const char *project; /* engine text (not sanitised); NULL: the standalone group */
    size_t shown;        /* containers of it that pass the filter */
    size_t running;      /* of those, running or restarting */
    bool cpu_valid;      /* at least one CPU figure was summed */
    double cpu;          /* summed CPU %, 100 = one core */
    bool mem_valid;
    uint64_t mem; /* summed memory used, bytes */
    uint64_t pids;
    bool collapsed;
};

struct rows_item {
    enum rows_kind kind;
    const struct snapshot_container *sc; /* ROWS_CONTAINER, else NULL */
    size_t group;                        /* index into groups; (size_t)-1 when not grouped */
};

struct rows_view {
    struct rows_item *items;
    size_t n, cap;
    struct rows_group *groups;
    size_t ngroups, gcap;
    size_t matched; /* containers that pass the filter and the stopped toggle */
    size_t total;   /* containers in the snapshot */
};

struct rows_params {
    enum columns_id sort;
    bool reverse;
    bool show_stopped;
    bool group;
    const char *filter;           /* NULL or "": everything */
    const char *const *collapsed; /* project names shown folded */
    size_t ncollapsed;
    bool collapse_standalone; /* the standalone group is folded */
};

void rows_init(struct rows_view *v);
void rows_done(struct rows_view *v);

/* Rebuild v from s (NULL: empty) with p. */
void rows_build(struct rows_view *v, const struct snapshot *s, const struct rows_params *p);

/* True when c's name, image, project or id contains filter, ignoring
 * ASCII case. An empty or NULL filter matches everything. */
bool rows_match(const struct container *c, const char *filter);

/* True for the states the stopped toggle hides: created, exited, dead,
 * removing. */
bool rows_is_stopped(enum container_state state);

/* Index of the container row with this full id, or -1. */
long rows_find_container(const struct rows_view *v, const char *id);

/* Index of the project row of project (NULL: the standalone group), or -1. */
long rows_find_project(const struct rows_view *v, const char *project);

#endif
