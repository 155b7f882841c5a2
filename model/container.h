/* One container as the list endpoint describes it, decoded from
 * GET /containers/json into plain C data.
 *
 * All strings are heap copies of engine text, NOT sanitised: pass them
 * through sanitize_* before drawing. */
#ifndef BERTH_MODEL_CONTAINER_H
#define BERTH_MODEL_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "error.h"

enum container_state {
    CONTAINER_STATE_UNKNOWN = 0,
    CONTAINER_STATE_CREATED,
    CONTAINER_STATE_RUNNING,
    CONTAINER_STATE_PAUSED,
    CONTAINER_STATE_RESTARTING,
    CONTAINER_STATE_REMOVING,
    CONTAINER_STATE_EXITED,
    CONTAINER_STATE_DEAD,
};

enum container_health {
    CONTAINER_HEALTH_NONE = 0, /* no healthcheck */
    CONTAINER_HEALTH_STARTING,
    CONTAINER_HEALTH_HEALTHY,
    CONTAINER_HEALTH_UNHEALTHY,
};

struct container_port {
    char ip[48];          /* "" when not published */
    uint16_t private_port;
    uint16_t public_port; /* 0 when not published */
    char type[8];         /* "tcp", "udp", "sctp" */
};

struct container_label {
    char *key;
    char *value;
};

struct container {
    char id[65];             /* full 64-hex id: the stable selection key */
    char *name;              /* primary name without the leading '/' */
    char *image;
    char *image_id;
    char *command;
    char *status;            /* "Up 5 minutes (healthy)", "Exited (3) 1 second ago" */
    enum container_state state;
    enum container_health health;
    int exit_code;           /* parsed from status for exited containers, else -1 */
    int64_t created;         /* unix seconds */
    char *project;           /* com.docker.compose.project, or NULL */
    char *service;           /* com.docker.compose.service, or NULL */
    char *working_dir;       /* com.docker.compose.project.working_dir, or NULL */
    char *config_files;      /* com.docker.compose.project.config_files, or NULL */
    char *container_number;  /* com.docker.compose.container-number, or NULL */
    struct container_port *ports;
    size_t nports;
    char *ports_text; /* ports as docker ps shows them, rendered once at parse; "" when none */
    struct container_label *labels;
    size_t nlabels;
};

struct container_list {
    struct container *items;
    size_t count;
};

/* Decode a /containers/json array. Entries missing Id are skipped; a value
 * that is not an array gives -1 with BERTH_ERR_PROTOCOL. */
int container_list_from_json(const cJSON *array, struct container_list *out,
                             struct berth_error *err);
void container_list_done(struct container_list *list);

void container_done(struct container *c);
void container_copy(struct container *dst, const struct container *src);

const char *container_state_name(enum container_state state);
enum container_state container_state_parse(const char *s);
const char *container_health_name(enum container_health health);
/* A health word as the engine writes it (State.Health.Status, the
 * health_status event's " healthy" suffix; leading blanks skipped);
 * anything else is NONE. */
enum container_health container_health_parse(const char *word);
/* Health as the Status text shows it ("(healthy)", "(health: starting)"). */
enum container_health container_health_from_status(const char *status);

/* Label value or NULL. */
const char *container_label(const struct container *c, const char *key);

/* Ports as `docker ps` renders them (ranges merged, IPv4 and IPv6 bindings,
 * "9000/tcp" for exposed-only); a new heap string, "" when none. */
char *container_ports_render(const struct container_port *ports, size_t n);

#endif
