/* Compose projects as the engine shows them: discovered from container
 * labels (com.docker.compose.project, .service, .project.working_dir,
 * .project.config_files, .container-number), wherever they were started.
 *
 * projects_build() is a pure function over a container array: one project
 * per project label value, its services (the same service name in two
 * projects stays two services), each service's containers in container
 * number order, status counts, and the compose files. Compose v1 writes
 * config_files relative to working_dir; they are joined here, so the list
 * holds absolute paths whenever the labels allow.
 *
 * Containers are referred to by index into the array given to
 * projects_build(); the list stays valid only as long as that array. All
 * strings are label text from the engine: sanitise before drawing. */
#ifndef BERTH_MODEL_PROJECTS_H
#define BERTH_MODEL_PROJECTS_H

#include <stddef.h>

#include "model/container.h"

struct project_counts {
    unsigned total;
    unsigned running; /* state running (unhealthy ones included) */
    unsigned paused;
    unsigned restarting;
    unsigned created;
    unsigned exited;  /* state exited, any code */
    unsigned crashed; /* exited with a non-zero code (a subset of exited) */
    unsigned dead;
    unsigned unhealthy; /* health "unhealthy", whatever the state */
};

struct project_service {
    char *name;         /* the service label; "" when a container has none */
    size_t *containers; /* indices into the container array, by container number */
    size_t ncontainers;
    struct project_counts counts;
};

struct project {
    char *name;
    char *working_dir;   /* from the first container that has one, or NULL */
    char **config_files; /* union over the containers, first seen first */
    size_t nconfig_files;
    struct project_service *services; /* sorted by name */
    size_t nservices;
    struct project_counts counts;
};

struct project_list {
    struct project *items; /* sorted by name */
    size_t count;
};

/* Group the containers that carry a project label. out is overwritten. */
void projects_build(const struct container *items, size_t n, struct project_list *out);
void project_list_done(struct project_list *list);

const struct project *project_list_find(const struct project_list *list, const char *name);
const struct project_service *project_find_service(const struct project *p, const char *name);

/* Split a config_files label (comma-separated) and join relative entries
 * with working_dir (may be NULL). Adds to files and n, skipping ones already
 * there. */
void projects_add_config_files(const char *label, const char *working_dir, char ***files,
                               size_t *n);

#endif
