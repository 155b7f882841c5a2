/* The Docker Engine API client: one connection, blocking requests.
 *
 * A `struct engine` owns one libcurl easy handle (kept alive between calls)
 * and the negotiated API version. It is not thread-safe: each thread that
 * talks to the engine owns its own `struct engine` (engine_clone() gives a
 * second one for the same endpoint and version). Long-lived streams (events,
 * stats, logs) run on engine_streams (engine_streams.h), many on one thread.
 *
 * Paths passed in are unversioned ("/containers/json?all=1"); the client
 * prefixes the negotiated "/vX.Y". Every call returns 0 or -1 with err
 * filled: the HTTP status and the engine's own message for 4xx/5xx, and for
 * connection failures a sentence naming the endpoint and the likely cause. */
#ifndef BERTH_SRC_ENGINE_H
#define BERTH_SRC_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "endpoint.h"
#include "error.h"
#include "strbuf.h"

/* Newest API version whose fields this client knows; older servers are
 * spoken to at their own version (min of the two). */
#define ENGINE_API_MAX_MAJOR 1
#define ENGINE_API_MAX_MINOR 47
/* Used when the server announces no version at all. */
#define ENGINE_API_FALLBACK_MINOR 24

#define ENGINE_DEFAULT_TIMEOUT_MS 10000L

struct engine;

struct engine_response {
    long status;        /* HTTP status */
    struct strbuf body; /* raw body */
    char *content_type; /* Content-Type header value, or NULL */
    char *api_version;  /* Api-Version header value, or NULL */
};

/* A new client for ep (copied). No I/O happens here. timeout_ms bounds each
 * non-streaming request (0 = ENGINE_DEFAULT_TIMEOUT_MS). */
struct engine *engine_new(const struct endpoint *ep, long timeout_ms);
/* A second client on the same endpoint, timeout and negotiated version. */
struct engine *engine_clone(const struct engine *e);
void engine_free(struct engine *e);

const struct endpoint *engine_endpoint(const struct engine *e);
long engine_timeout_ms(const struct engine *e);

/* HEAD /_ping, read Api-Version, settle on min(server, ENGINE_API_MAX). A
 * server that names no version is spoken to at 1.24. Must be called (once)
 * before the typed calls; engine_request() calls it lazily when needed. */
int engine_negotiate(struct engine *e, struct berth_error *err);
/* "1.41" after negotiation, NULL before. */
const char *engine_api_version(const struct engine *e);
/* Negotiated minor version (41 for 1.41), 0 before negotiation. */
int engine_api_minor(const struct engine *e);
/* True when the server's /_ping carried Libpod-Api-Version (Podman). */
bool engine_is_podman(const struct engine *e);

/* Pure helper, exposed for tests: the version to speak given the server's
 * Api-Version header value (NULL when absent). Writes "1.NN" into out. */
void engine_pick_version(const char *server_header, char *out, size_t out_size);

/* A raw request. method "GET", "POST", "DELETE", "HEAD", "PUT"; body may be
 * NULL; content_type is sent only with a body (never let libcurl default to
 * x-www-form-urlencoded: the engine's form parser swallows the body; NULL
 * with a body means application/json). resp must have been initialised
 * with engine_response_init; it is overwritten. On a transport failure
 * returns -1. An HTTP error status is NOT an error here: resp->status
 * carries it (use engine_check_status for the mapping). ssh:// endpoints
 * fail with a "not supported yet" usage error. */
int engine_request(struct engine *e, const char *method, const char *path, const char *content_type,
                   const void *body, size_t body_len, struct engine_response *resp,
                   struct berth_error *err);
void engine_response_init(struct engine_response *resp);
void engine_response_done(struct engine_response *resp);

/* Map a finished response to an error value: 2xx and 304 return 0; any
 * other status returns -1 with err->http_status set and err->message the
 * engine's {"message": ...} text (or the body's first line when it is not
 * JSON, e.g. the plain-text "client version is too old" reply). */
int engine_check_status(const struct engine_response *resp, struct berth_error *err);

/* GET path and parse the JSON body. *out is the caller's to cJSON_Delete. */
int engine_get_json(struct engine *e, const char *path, cJSON **out, struct berth_error *err);

/* POST /KIND/prune with filters (a JSON object as text, NULL: none) and
 * parse the reply. The names that went (the strings of the reply's
 * deleted_key array, or their member "item_key" when it names one) into a
 * NULL-terminated heap array *deleted, and SpaceReclaimed into *reclaimed
 * (may be NULL). */
int engine_prune(struct engine *e, const char *kind, const char *filters_json,
                 const char *deleted_key, const char *item_key, char ***deleted, size_t *ndeleted,
                 uint64_t *reclaimed, struct berth_error *err);

/* --- typed calls ------------------------------------------------------- */

int engine_ping(struct engine *e, struct berth_error *err);

struct engine_version_info {
    char version[64];     /* "20.10.24+dfsg1" */
    char api_version[16]; /* server's max, "1.41" */
    char min_api_version[16];
    char os[32];
    char arch[32];
    char kernel[128];
};
int engine_version(struct engine *e, struct engine_version_info *out, struct berth_error *err);
/* Fill out from a /version document (missing fields stay empty). */
void engine_version_parse(const cJSON *doc, struct engine_version_info *out);

struct engine_info {
    char name[256]; /* host name of the engine */
    char server_version[64];
    int ncpu;
    uint64_t mem_total; /* bytes */
    int containers, running, paused, stopped;
    int images;
    char cgroup_driver[32]; /* "cgroupfs" / "systemd" */
    int cgroup_version;     /* 1 or 2 (0 when the engine does not say) */
    char os_type[32];
    char docker_root_dir[256];
};
int engine_info(struct engine *e, struct engine_info *out, struct berth_error *err);
/* Fill out from a /info document (missing fields stay zero/empty). */
void engine_info_parse(const cJSON *doc, struct engine_info *out);

/* GET /containers/json. filters_json is the raw JSON object text
 * ({"label":["k=v"]}) or NULL; it is URL-encoded here. *out is the array. */
int engine_containers_list(struct engine *e, bool all, const char *filters_json, cJSON **out,
                           struct berth_error *err);

/* GET /containers/{id}/json (size adds ?size=1: expensive, never in a loop). */
int engine_container_inspect(struct engine *e, const char *id, bool size, cJSON **out,
                             struct berth_error *err);

/* GET /containers/{id}/stats?stream=0 (one_shot adds one-shot=1 on API >=
 * 1.41: faster, but precpu_stats is then empty). Without one_shot the engine
 * takes two samples about a second apart, so CPU % can be computed. */
int engine_container_stats(struct engine *e, const char *id, bool one_shot, cJSON **out,
                           struct berth_error *err);

/* URL-encode s into a new heap string (RFC 3986 unreserved kept). */
char *engine_urlencode(const char *s);

/* "/KIND/NAME" plus suffix as a new heap string, NAME URL-encoded (an
 * object's path: engine_object_path("networks", id, "/connect")). */
char *engine_object_path(const char *kind, const char *name, const char *suffix);

/* Read a JSON number as uint64 (cJSON's valueint saturates at INT_MAX).
 * Missing, non-numeric or negative (the engine's -1 "not computed") gives
 * def; values >= 2^62 saturate to UINT64_MAX (the engine's "unlimited").
 * key NULL reads obj itself. */
uint64_t engine_json_u64(const cJSON *obj, const char *key, uint64_t def);
/* Read a JSON string member or NULL. */
const char *engine_json_str(const cJSON *obj, const char *key);
/* A JSON string member as a new heap string ("" when missing). */
char *engine_json_dup(const cJSON *obj, const char *key);

#endif
