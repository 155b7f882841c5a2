/* Images on the engine: list (with the containers using each), inspect,
 * history, remove, prune, and pull as a cancellable stream with registry
 * credentials from the docker CLI's config file.
 *
 * On API 1.41 /images/json reports Containers as -1 (only /system/df counts
 * them), so the list counts containers per image id from
 * /containers/json?all=1 instead: cheaper than a disk usage walk. */
#ifndef BERTH_SRC_ENGINE_IMAGES_H
#define BERTH_SRC_ENGINE_IMAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "engine.h"
#include "engine_streams.h"
#include "error.h"

/* One row per reference (an image with two tags gives two rows, as
 * `docker images` shows them); an untagged image gives one row with
 * repo and tag "<none>". */
struct image_info {
    char *id;          /* "sha256:..." */
    char *repo;        /* "berth-test/busybox", "<none>" */
    char *tag;         /* "latest", "<none>" */
    char *ref;         /* "repo:tag", or the id when untagged: what remove names */
    char *labels;      /* "k=v,k2=v2" sorted, "" when none */
    int64_t created;   /* unix seconds */
    int64_t size;      /* bytes */
    size_t containers; /* containers (any state) created from it */
    char *users;       /* their names, "," separated */
    size_t ntags;      /* tags the image has in all */
    bool dangling;     /* no tag at all */
};

struct image_list {
    struct image_info *v;
    size_t n;
};

void image_list_done(struct image_list *l);

/* GET /images/json and /containers/json?all=1. Sorted by reference. */
int engine_images_list(struct engine *e, struct image_list *out, struct berth_error *err);
/* The parsing half, for tests: images array, containers array (may be NULL). */
void engine_images_parse(const cJSON *images, const cJSON *containers, struct image_list *out);

/* GET /images/{name}/json. *out to cJSON_Delete. */
int engine_image_inspect(struct engine *e, const char *name, cJSON **out, struct berth_error *err);

struct image_layer {
    char *id; /* "sha256:..." or "<missing>" (a layer without an image of its own) */
    char *created_by;
    char *comment;
    char *tags; /* "," separated, "" when none */
    int64_t created;
    int64_t size;
};

struct image_history {
    struct image_layer *v; /* newest first, as the engine sends them */
    size_t n;
};

void image_history_done(struct image_history *h);
int engine_image_history(struct engine *e, const char *name, struct image_history *out,
                         struct berth_error *err);
void engine_image_history_parse(const cJSON *doc, struct image_history *out);

/* DELETE /images/{name}?force=&noprune=. untagged / deleted (may be NULL)
 * get how many references and images went. A 409 comes back with the
 * engine's words after a sentence saying what it means and what to do
 * (engine_image_conflict_explain). */
int engine_image_remove(struct engine *e, const char *name, bool force, bool noprune,
                        size_t *untagged, size_t *deleted, struct berth_error *err);
/* The plain-words reading of a 409 from image remove (a fixed sentence;
 * "" when the message is not a known conflict). */
const char *engine_image_conflict_explain(const char *engine_message);

struct image_prune_filter {
    bool all;          /* every unused image, not only dangling ones */
    const char *until; /* "24h", "10m", a timestamp; NULL or "": none */
    const char *label; /* "k", "k=v", "k!=v" (label!=); NULL or "": none */
};

/* The filters JSON for prune (heap string). */
char *engine_images_prune_filters(const struct image_prune_filter *f);
/* POST /images/prune. deleted gets the ids removed (heap array of heap
 * strings), reclaimed the bytes the engine says it freed. */
int engine_images_prune(struct engine *e, const struct image_prune_filter *f, char ***deleted,
                        size_t *ndeleted, uint64_t *reclaimed, struct berth_error *err);
/* Whether prune with f would remove this listed image (the engine decides;
 * this is the preview shown before asking: no container uses it, dangling
 * unless all, created before now - until, the label filter matches). */
bool engine_images_prune_would_remove(const struct image_info *img,
                                      const struct image_prune_filter *f, int64_t now);
/* "1h30m", "45s", "2h" as seconds; -1 when s is not such a duration. */
int64_t engine_images_parse_duration(const char *s);

/* Split a reference into the fromImage and tag parameters of a pull:
 * "busybox" -> busybox, latest; "host:5000/a/b:v1" -> host:5000/a/b, v1;
 * "a@sha256:..." -> a, sha256:.... -1 with a usage error when empty. */
int engine_image_split_ref(const char *ref, char **image, char **tag, struct berth_error *err);
/* The registry host a reference pulls from: its first part when that has a
 * '.' or ':' or is "localhost", else "docker.io". Heap string. */
char *engine_image_registry(const char *ref);

/* The X-Registry-Auth value (base64url JSON) for ref from the docker config
 * file at config_path (NULL: $DOCKER_CONFIG/config.json, else
 * ~/.docker/config.json). *value is NULL when there are no credentials for
 * its registry; notice then says why when that is worth saying (a
 * credential helper this client does not run, a config it cannot read). */
void engine_image_registry_auth(const char *ref, const char *config_path, char **value,
                                char *notice, size_t notice_size);

/* Start POST /images/create?fromImage=&tag= on s in JSON mode with the
 * callbacks and user of cb (its method, path, mode and header are set
 * here); auth is the X-Registry-Auth value or NULL. Returns the stream id,
 * or -1 with err for a bad reference. */
int engine_image_pull_start(struct engine_streams *s, const char *ref, const char *auth,
                            const struct engine_stream_spec *cb, struct berth_error *err);

#endif
