/* Volumes on the engine: list (with sizes, reference counts and the
 * containers using each), create, remove, prune, and /system/df.
 *
 * /system/df walks every volume and container layer, and on API < 1.42 a
 * second call while one runs fails with 500 "a disk usage operation is
 * already running". engine_volumes_df() therefore runs one at a time in
 * the whole process (a mutex) and serves a cached answer younger than the
 * caller's max_age. */
#ifndef BERTH_SRC_ENGINE_VOLUMES_H
#define BERTH_SRC_ENGINE_VOLUMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "engine.h"
#include "error.h"

struct volume_info {
    char *name;
    char *driver;
    char *scope;
    char *mountpoint;
    char *created;    /* as the engine spells it: "2026-11-28T19:38:10Z" */
    int64_t created_at; /* unix seconds, 0 when unknown */
    char *labels;     /* "k=v,k2=v2" sorted, "" when none */
    char *options;    /* driver options, same format */
    int64_t size;     /* bytes; -1 when not known (no df yet) */
    int64_t refcount; /* containers referencing it; -1 when not known */
    char *containers; /* names of the containers mounting it, "," separated */
    size_t ncontainers;
};

struct volume_list {
    struct volume_info *v;
    size_t n;
    bool have_df; /* sizes and refcounts came from /system/df */
};

void volume_list_done(struct volume_list *l);
void volume_info_done(struct volume_info *v);

/* GET /volumes, and the containers (all) to tell who uses each; with_df
 * adds sizes from /system/df (cached up to df_max_age_ms). Sorted by name. */
int engine_volumes_list(struct engine *e, bool with_df, long df_max_age_ms,
                        struct volume_list *out, struct berth_error *err);

/* GET /volumes/{name}: 0 and out filled, -1 with err (404 when missing). */
int engine_volume_inspect(struct engine *e, const char *name, struct volume_info *out,
                          struct berth_error *err);

/* POST /volumes/create. labels and opts are "k=v" lists (n each, may be
 * 0); driver NULL or "" means local; name NULL or "" lets the engine pick
 * one. *created_name (may be NULL) gets the volume's name. An existing name
 * answers with the existing volume: the engine's create is idempotent. */
int engine_volume_create(struct engine *e, const char *name, const char *driver,
                         char *const *labels, size_t nlabels, char *const *opts, size_t nopts,
                         char **created_name, struct berth_error *err);

/* DELETE /volumes/{name}. A volume in use answers 409 even with force: the
 * message then says which containers hold it and that they must go first. */
int engine_volume_remove(struct engine *e, const char *name, bool force, struct berth_error *err);

/* POST /volumes/prune. label: "k=v" filter or NULL. all asks >= 1.42
 * engines to prune named volumes too (never sent to older ones, which do
 * it anyway and reject the filter). deleted gets the names (heap array of
 * heap strings, *ndeleted long), reclaimed the bytes. */
int engine_volumes_prune(struct engine *e, const char *label, bool all, char ***deleted,
                         size_t *ndeleted, uint64_t *reclaimed, struct berth_error *err);

/* Labels and options, shared with the other object kinds: a JSON object
 * of strings as "k=v,k2=v2" with the keys sorted ("" when empty), and
 * "k=v" strings (n of them) into a JSON object (a missing '=' means an
 * empty value). */
char *engine_kv_text(const cJSON *obj);
cJSON *engine_kv_object(char *const *items, size_t n);

/* True when prune on this engine removes named volumes too (API < 1.42). */
bool engine_volumes_prune_removes_named(const struct engine *e);

/* GET /system/df (type=volume on >= 1.42), serialised process-wide and
 * cached: an answer younger than max_age_ms is reused. *out to cJSON_Delete. */
int engine_volumes_df(struct engine *e, long max_age_ms, cJSON **out, struct berth_error *err);

/* Parse a /volumes document and a /containers/json array (may be NULL) and
 * a /system/df document (may be NULL) into out. Exposed for tests. */
void engine_volumes_parse(const cJSON *volumes, const cJSON *containers, const cJSON *df,
                          struct volume_list *out);

#endif
