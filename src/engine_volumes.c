/* Volumes on the engine (see engine_volumes.h).
 *
 * The list joins three answers: /volumes (names, drivers, labels),
 * /containers/json?all=1 (whose Mounts tell which containers use which
 * volume, running or not) and, when asked, /system/df (UsageData: size and
 * reference count). The df cache is process-wide because the engine's
 * restriction is: one disk usage walk at a time, whoever asks. */
#include "config.h"

#include "engine_volumes.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rfc3339.h"
#include "strbuf.h"
#include "xalloc.h"

static pthread_mutex_t volumes_df_lock = PTHREAD_MUTEX_INITIALIZER;
static cJSON *volumes_df_cache;         /* guarded by volumes_df_lock */
static struct timespec volumes_df_when; /* CLOCK_MONOTONIC of the cached answer */

static int volumes_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A JSON object of strings as "k=v,k2=v2", keys sorted. */
static char *volumes_kv(const cJSON *obj)
{
    size_t n = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, obj) n++;
    if (!cJSON_IsObject(obj) || n == 0)
        return xstrdup("");
    char **items = xcalloc(n, sizeof *items);
    size_t k = 0;
    cJSON_ArrayForEach(it, obj)
    {
        items[k++] = xasprintf("%s=%s", it->string ? it->string : "",
                               cJSON_IsString(it) ? it->valuestring : "");
    }
    qsort(items, k, sizeof *items, volumes_cmp_str);
    struct strbuf sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < k; i++) {
        if (i)
            strbuf_putc(&sb, ',');
        strbuf_puts(&sb, items[i]);
        free(items[i]);
    }
    free(items);
    return strbuf_detach(&sb);
}

static void volumes_fill(struct volume_info *v, const cJSON *doc)
{
    memset(v, 0, sizeof *v);
    v->name = engine_json_dup(doc, "Name");
    v->driver = engine_json_dup(doc, "Driver");
    v->scope = engine_json_dup(doc, "Scope");
    v->mountpoint = engine_json_dup(doc, "Mountpoint");
    v->created = engine_json_dup(doc, "CreatedAt");
    v->created_at = (int64_t)rfc3339_seconds(v->created);
    v->labels = volumes_kv(cJSON_GetObjectItemCaseSensitive(doc, "Labels"));
    v->options = volumes_kv(cJSON_GetObjectItemCaseSensitive(doc, "Options"));
    v->size = -1;
    v->refcount = -1;
    v->containers = xstrdup("");
}

void volume_info_done(struct volume_info *v)
{
    free(v->name);
    free(v->driver);
    free(v->scope);
    free(v->mountpoint);
    free(v->created);
    free(v->labels);
    free(v->options);
    free(v->containers);
    memset(v, 0, sizeof *v);
}

void volume_list_done(struct volume_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        volume_info_done(&l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int volumes_cmp_info(const void *a, const void *b)
{
    return strcmp(((const struct volume_info *)a)->name, ((const struct volume_info *)b)->name);
}

static struct volume_info *volumes_find(struct volume_list *l, const char *name)
{
    for (size_t lo = 0, hi = l->n; lo < hi;) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, l->v[mid].name);
        if (c == 0)
            return &l->v[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

void engine_volumes_parse(const cJSON *volumes, const cJSON *containers, const cJSON *df,
                          struct volume_list *out)
{
    memset(out, 0, sizeof *out);
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(volumes, "Volumes");
    size_t n = (size_t)cJSON_GetArraySize(arr);
    out->v = xcalloc(n ? n : 1, sizeof *out->v);
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (out->n < n && engine_json_str(it, "Name"))
            volumes_fill(&out->v[out->n++], it);
    }
    qsort(out->v, out->n, sizeof *out->v, volumes_cmp_info);

    const cJSON *c;
    cJSON_ArrayForEach(c, containers)
    {
        const cJSON *names = cJSON_GetObjectItemCaseSensitive(c, "Names");
        const cJSON *first = cJSON_GetArrayItem(names, 0);
        const char *cname = cJSON_IsString(first) ? first->valuestring : "";
        if (cname[0] == '/')
            cname++;
        const cJSON *m;
        cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(c, "Mounts"))
        {
            const char *type = engine_json_str(m, "Type");
            const char *vname = engine_json_str(m, "Name");
            if (!type || strcmp(type, "volume") != 0 || !vname)
                continue;
            struct volume_info *v = volumes_find(out, vname);
            if (!v)
                continue;
            char *joined =
                v->ncontainers ? xasprintf("%s,%s", v->containers, cname) : xstrdup(cname);
            free(v->containers);
            v->containers = joined;
            v->ncontainers++;
        }
    }

    const cJSON *dv;
    cJSON_ArrayForEach(dv, cJSON_GetObjectItemCaseSensitive(df, "Volumes"))
    {
        const char *vname = engine_json_str(dv, "Name");
        struct volume_info *v = vname ? volumes_find(out, vname) : NULL;
        const cJSON *u = cJSON_GetObjectItemCaseSensitive(dv, "UsageData");
        if (!v || !cJSON_IsObject(u))
            continue;
        const cJSON *size = cJSON_GetObjectItemCaseSensitive(u, "Size");
        const cJSON *refs = cJSON_GetObjectItemCaseSensitive(u, "RefCount");
        if (cJSON_IsNumber(size) && size->valuedouble >= 0)
            v->size = (int64_t)size->valuedouble;
        if (cJSON_IsNumber(refs) && refs->valuedouble >= 0)
            v->refcount = (int64_t)refs->valuedouble;
    }
    out->have_df = df != NULL;
}

int engine_volumes_df(struct engine *e, long max_age_ms, cJSON **out, struct berth_error *err)
{
    *out = NULL;
    pthread_mutex_lock(&volumes_df_lock);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long age = (long)((now.tv_sec - volumes_df_when.tv_sec) * 1000 +
                      (now.tv_nsec - volumes_df_when.tv_nsec) / 1000000);
    int rc = 0;
    if (!volumes_df_cache || age > max_age_ms) {
        cJSON *doc = NULL;
        if (!engine_api_version(e) && engine_negotiate(e, err) < 0)
            rc = -1;
        const char *path = engine_api_minor(e) >= 42 ? "/system/df?type=volume" : "/system/df";
        if (rc == 0)
            rc = engine_get_json(e, path, &doc, err);
        if (rc == 0) {
            cJSON_Delete(volumes_df_cache);
            volumes_df_cache = doc;
            volumes_df_when = now;
        }
    }
    if (rc == 0)
        *out = cJSON_Duplicate(volumes_df_cache, 1);
    pthread_mutex_unlock(&volumes_df_lock);
    return rc;
}

int engine_volumes_list(struct engine *e, bool with_df, long df_max_age_ms, struct volume_list *out,
                        struct berth_error *err)
{
    memset(out, 0, sizeof *out);
    cJSON *vols = NULL, *ctrs = NULL, *df = NULL;
    if (engine_get_json(e, "/volumes", &vols, err) < 0)
        return -1;
    if (engine_containers_list(e, true, NULL, &ctrs, err) < 0) {
        cJSON_Delete(vols);
        return -1;
    }
    if (with_df && engine_volumes_df(e, df_max_age_ms, &df, err) < 0) {
        cJSON_Delete(vols);
        cJSON_Delete(ctrs);
        return -1;
    }
    engine_volumes_parse(vols, ctrs, df, out);
    cJSON_Delete(vols);
    cJSON_Delete(ctrs);
    cJSON_Delete(df);
    return 0;
}

int engine_volume_inspect(struct engine *e, const char *name, struct volume_info *out,
                          struct berth_error *err)
{
    char *path = engine_object_path("volumes", name, "");
    cJSON *doc = NULL;
    int rc = engine_get_json(e, path, &doc, err);
    free(path);
    if (rc == 0)
        volumes_fill(out, doc);
    cJSON_Delete(doc);
    return rc;
}

/* "k=v" strings into a JSON object (a missing '=' means an empty value). */
static cJSON *volumes_kv_object(char *const *items, size_t n)
{
    cJSON *obj = cJSON_CreateObject();
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(items[i], '=');
        char *key = eq ? xstrndup(items[i], (size_t)(eq - items[i])) : xstrdup(items[i]);
        cJSON_AddStringToObject(obj, key, eq ? eq + 1 : "");
        free(key);
    }
    return obj;
}

int engine_volume_create(struct engine *e, const char *name, const char *driver,
                         char *const *labels, size_t nlabels, char *const *opts, size_t nopts,
                         char **created_name, struct berth_error *err)
{
    cJSON *body = cJSON_CreateObject();
    if (name && name[0])
        cJSON_AddStringToObject(body, "Name", name);
    cJSON_AddStringToObject(body, "Driver", driver && driver[0] ? driver : "local");
    cJSON_AddItemToObject(body, "Labels", volumes_kv_object(labels, nlabels));
    cJSON_AddItemToObject(body, "DriverOpts", volumes_kv_object(opts, nopts));
    char *text = cJSON_PrintUnformatted(body);
    cJSON_Delete(body);
    struct engine_response resp;
    engine_response_init(&resp);
    int rc = engine_request(e, "POST", "/volumes/create", "application/json", text, strlen(text),
                            &resp, err);
    free(text);
    if (rc == 0)
        rc = engine_check_status(&resp, err);
    if (rc == 0 && created_name) {
        cJSON *doc = cJSON_ParseWithLength(resp.body.data, resp.body.len);
        const char *n = engine_json_str(doc, "Name");
        *created_name = xstrdup(n ? n : (name ? name : ""));
        cJSON_Delete(doc);
    }
    engine_response_done(&resp);
    return rc;
}

int engine_volume_remove(struct engine *e, const char *name, bool force, struct berth_error *err)
{
    char *path = engine_object_path("volumes", name, force ? "?force=1" : "");
    struct engine_response resp;
    engine_response_init(&resp);
    int rc = engine_request(e, "DELETE", path, NULL, NULL, 0, &resp, err);
    free(path);
    if (rc == 0 && engine_check_status(&resp, err) < 0) {
        rc = -1;
        if (resp.status == 409) {
            /* Force only covers the driver's own errors: the engine never
             * removes a volume a container (even a stopped or created one)
             * still mounts. */
            char msg[BERTH_ERROR_MESSAGE_MAX];
            snprintf(msg, sizeof msg, "%s", err->message);
            berth_error_set(err, BERTH_ERR_HTTP, 409,
                            "%s (the engine refuses this even with force: remove the "
                            "containers using it first)",
                            msg);
        }
    }
    engine_response_done(&resp);
    return rc;
}

char *engine_kv_text(const cJSON *obj)
{
    return volumes_kv(obj);
}

cJSON *engine_kv_object(char *const *items, size_t n)
{
    return volumes_kv_object(items, n);
}

bool engine_volumes_prune_removes_named(const struct engine *e)
{
    int minor = engine_api_minor(e);
    return minor > 0 && minor < 42;
}

int engine_volumes_prune(struct engine *e, const char *label, bool all, char ***deleted,
                         size_t *ndeleted, uint64_t *reclaimed, struct berth_error *err)
{
    *deleted = NULL;
    *ndeleted = 0;
    *reclaimed = 0;
    /* The API version decides whether "all" is a filter (1.42+). */
    if (!engine_api_version(e) && engine_negotiate(e, err) < 0)
        return -1;
    cJSON *filters = cJSON_CreateObject();
    if (label && label[0]) {
        cJSON *arr = cJSON_AddArrayToObject(filters, "label");
        cJSON_AddItemToArray(arr, cJSON_CreateString(label));
    }
    if (all && engine_api_minor(e) >= 42) {
        cJSON *arr = cJSON_AddArrayToObject(filters, "all");
        cJSON_AddItemToArray(arr, cJSON_CreateString("true"));
    }
    char *ftext = cJSON_PrintUnformatted(filters);
    cJSON_Delete(filters);
    int rc = engine_prune(e, "volumes", ftext, "VolumesDeleted", NULL, deleted, ndeleted, reclaimed,
                          err);
    cJSON_free(ftext);
    return rc;
}
