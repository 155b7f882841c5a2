/* A compose file as C data: services, ports, mounts, networks, depends_on,
 * healthchecks, named volumes and networks, each remembering the node it
 * came from (so the UI can point at its line).
 *
 * compose_project_load() is the one entry point for callers: it reads the
 * file and the .env beside it, parses the YAML (compose_yaml.h),
 * interpolates variables (compose_interp.h), builds this model and runs the
 * validator (compose_validate.h). Problems never make it fail: they end up
 * as findings in project->findings, sorted by position. It fails (-1) only
 * when the file cannot be read.
 *
 * The model is built best-effort: a value that cannot be understood gets a
 * finding and is left out (or zero), so a file with errors still gives
 * whatever could be read. All strings are interpolated values from the
 * file: untrusted text, sanitise before drawing. */
#ifndef BERTH_SRC_COMPOSE_MODEL_H
#define BERTH_SRC_COMPOSE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compose_findings.h"
#include "compose_interp.h"
#include "compose_yaml.h"
#include "error.h"

/* Durations are nanoseconds; this one means "not given". */
#define COMPOSE_DURATION_UNSET INT64_MIN

struct compose_port {
    char *host_ip;          /* "" for every address; brackets removed */
    unsigned published;     /* first host port, 0 = none given (engine picks) */
    unsigned published_end; /* last host port of a range (= published otherwise) */
    unsigned target;        /* first container port */
    unsigned target_end;    /* last container port */
    char protocol[8];       /* "tcp", "udp", "sctp" */
    char *mode;             /* long syntax "host"/"ingress", or NULL */
    char *name;             /* long syntax name, or NULL */
    bool long_syntax;
    const struct compose_node *node;
};

enum compose_mount_type {
    COMPOSE_MOUNT_VOLUME = 0,
    COMPOSE_MOUNT_BIND,
    COMPOSE_MOUNT_TMPFS,
    COMPOSE_MOUNT_NPIPE,
    COMPOSE_MOUNT_CLUSTER,
    COMPOSE_MOUNT_IMAGE,
};

struct compose_mount {
    enum compose_mount_type type;
    char *source; /* volume name, host path or NULL (anonymous volume, tmpfs) */
    char *target; /* path in the container */
    bool read_only;
    const struct compose_node *node;
    const struct compose_node *source_node; /* long syntax "source" value, else node */
};

enum compose_condition {
    COMPOSE_CONDITION_STARTED = 0, /* service_started */
    COMPOSE_CONDITION_HEALTHY,     /* service_healthy */
    COMPOSE_CONDITION_COMPLETED,   /* service_completed_successfully */
};

struct compose_dep {
    char *service;
    enum compose_condition condition;
    bool required; /* default true */
    bool restart;
    const struct compose_node *node; /* the name in the list, or the key */
};

/* environment / labels / build args entries. */
struct compose_kv {
    char *key;
    char *value;                         /* NULL: no value (environment: taken from the shell) */
    const struct compose_node *node;     /* list item, or the map value */
    const struct compose_node *key_node; /* the map key, or the list item */
};

struct compose_service_net {
    char *name;
    char **aliases;
    size_t naliases;
    char *ipv4_address;
    char *ipv6_address;
    const struct compose_node *node;
};

struct compose_healthcheck {
    bool present;
    bool disable; /* disable: true, or test: ["NONE"] */
    char **test;  /* as a list: ["CMD", ...], ["CMD-SHELL", "cmd"] */
    size_t ntest;
    int64_t interval; /* ns or COMPOSE_DURATION_UNSET */
    int64_t timeout;
    int64_t start_period;
    int64_t start_interval;
    int retries; /* -1 when not given */
    const struct compose_node *node;
};

struct compose_build {
    bool present;
    char *context;    /* "." when the long form names none */
    char *dockerfile; /* or NULL */
    char *target;     /* or NULL */
    struct compose_kv *args;
    size_t nargs;
    const struct compose_node *node;
    const struct compose_node *context_node;
};

struct compose_service {
    char *name;
    const struct compose_node *key;  /* the service name in the file */
    const struct compose_node *node; /* its mapping */
    char *image;                     /* or NULL */
    const struct compose_node *image_node;
    struct compose_build build;
    char *container_name;
    char **command; /* list form; a string command is one item */
    size_t ncommand;
    char *restart; /* or NULL */
    char *network_mode;
    struct compose_port *ports;
    size_t nports;
    struct compose_port *expose; /* ports with no host side */
    size_t nexpose;
    struct compose_mount *mounts;
    size_t nmounts;
    struct compose_dep *deps;
    size_t ndeps;
    struct compose_service_net *networks;
    size_t nnetworks;
    struct compose_kv *environment;
    size_t nenvironment;
    struct compose_kv *labels;
    size_t nlabels;
    char **profiles;
    size_t nprofiles;
    char **secrets; /* names referenced (short or long syntax "source") */
    const struct compose_node **secret_nodes;
    size_t nsecrets;
    char **configs;
    const struct compose_node **config_nodes;
    size_t nconfigs;
    struct compose_healthcheck healthcheck;
    int64_t stop_grace_period; /* ns or COMPOSE_DURATION_UNSET */
};

/* A top-level volume, network, secret or config. */
struct compose_resource {
    char *name;
    const struct compose_node *key;
    const struct compose_node *node; /* its definition (may be a null scalar) */
    bool external;
    char *external_name; /* `name:` (or external.name), or NULL */
    char *driver;        /* or NULL */
};

struct compose_project {
    char *file;    /* as given */
    char *dir;     /* the folder holding it ("." when none in file) */
    char *name;    /* top-level name:, or NULL */
    char *version; /* top-level version: when it is a string, or NULL */
    struct compose_doc doc;
    struct compose_vars env;    /* the environment used for interpolation */
    struct compose_vars dotenv; /* the .env file beside the compose file */
    bool has_dotenv;
    struct compose_service *services;
    size_t nservices;
    struct compose_resource *volumes;
    size_t nvolumes;
    struct compose_resource *networks;
    size_t nnetworks;
    struct compose_resource *secrets;
    size_t nsecrets;
    struct compose_resource *configs;
    size_t nconfigs;
    struct compose_findings findings; /* sorted by position */
};

struct compose_load_options {
    /* environ-style NAME=VALUE list for interpolation; NULL: the process
     * environment. */
    char *const *envp;
    bool no_dotenv;      /* do not read DIR/.env */
    bool no_interpolate; /* keep $VAR text as written */
};

/* Read and check a compose file. opts may be NULL. Returns 0 (findings in
 * p->findings), or -1 with err (BERTH_ERR_IO) when the file cannot be read;
 * compose_project_done() is needed either way. */
int compose_project_load(struct compose_project *p, const char *path,
                         const struct compose_load_options *opts, struct berth_error *err);

/* The same for text held in memory (an editor buffer); path names it and
 * locates the .env. Never fails. */
void compose_project_load_text(struct compose_project *p, const char *path, const char *text,
                               size_t len, const struct compose_load_options *opts);

void compose_project_done(struct compose_project *p);

/* True when no finding is an error. */
bool compose_project_ok(const struct compose_project *p);

const struct compose_service *compose_project_service(const struct compose_project *p,
                                                      const char *name);

/* --- value parsers, shared with the validator and the tests -------------- */

/* A short-syntax port as the engine splits it ([[IP:]HOST:]CONTAINER[/PROTO],
 * IP possibly bracketed or a bare IPv6 address). Returns 0, or -1 with a
 * reason in why. */
int compose_parse_port(const char *spec, struct compose_port *out, char *why, size_t why_size);
/* "80", "8000-8010": a port or range in 0..65535. */
int compose_parse_port_range(const char *s, unsigned *start, unsigned *end, char *why,
                             size_t why_size);
/* A Go duration ("1h2m3.5s", "500ms", "1us"); a bare number is refused
 * (only "0" stands alone, as in Go). */
int compose_parse_duration(const char *s, int64_t *ns, char *why, size_t why_size);
/* no, always, on-failure[:N], unless-stopped. */
bool compose_restart_valid(const char *s);
/* An IPv4 or IPv6 address. */
bool compose_ip_valid(const char *s);

void compose_port_done(struct compose_port *port);

#endif
