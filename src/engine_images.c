/* Images on the engine (see engine_images.h).
 *
 * The list joins /images/json with /containers/json?all=1 (by ImageID) to
 * count the containers of each image, because API 1.41 leaves Containers
 * at -1 outside /system/df. Registry credentials come from the `auths`
 * map of the docker CLI's config.json: its "auth" is base64 "user:pass",
 * and the engine wants base64url JSON {"username","password",
 * "serveraddress"} in X-Registry-Auth. */
#include "config.h"

#include "engine_images.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "engine_volumes.h"
#include "strbuf.h"
#include "xalloc.h"

#define IMAGES_NONE "<none>"

static void image_info_done(struct image_info *v)
{
    free(v->id);
    free(v->repo);
    free(v->tag);
    free(v->ref);
    free(v->labels);
    free(v->users);
}

void image_list_done(struct image_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        image_info_done(&l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static bool images_is_tag(const cJSON *t)
{
    return cJSON_IsString(t) && strcmp(t->valuestring, "<none>:<none>") != 0;
}

static int images_cmp_info(const void *a, const void *b)
{
    const struct image_info *x = a, *y = b;
    int c = strcmp(x->ref, y->ref);
    return c ? c : strcmp(x->id, y->id);
}

void engine_images_parse(const cJSON *images, const cJSON *containers, struct image_list *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    const cJSON *img;
    cJSON_ArrayForEach(img, images)
    {
        const cJSON *tags = cJSON_GetObjectItemCaseSensitive(img, "RepoTags");
        size_t ntags = 0;
        const cJSON *t;
        cJSON_ArrayForEach(t, tags) ntags += images_is_tag(t);
        cap += ntags ? ntags : 1;
    }
    out->v = xcalloc(cap ? cap : 1, sizeof *out->v);
    cJSON_ArrayForEach(img, images)
    {
        const char *id = engine_json_str(img, "Id");
        if (!id)
            continue;
        const cJSON *tags = cJSON_GetObjectItemCaseSensitive(img, "RepoTags");
        size_t ntags = 0;
        const cJSON *t;
        cJSON_ArrayForEach(t, tags) ntags += images_is_tag(t);
        /* Users: every container whose ImageID is this image. */
        size_t users = 0;
        struct strbuf names;
        strbuf_init(&names);
        const cJSON *c;
        cJSON_ArrayForEach(c, containers)
        {
            const char *iid = engine_json_str(c, "ImageID");
            if (!iid || strcmp(iid, id) != 0)
                continue;
            const cJSON *first =
                cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(c, "Names"), 0);
            const char *cname = cJSON_IsString(first) ? first->valuestring : "";
            if (users++)
                strbuf_putc(&names, ',');
            strbuf_puts(&names, cname[0] == '/' ? cname + 1 : cname);
        }
        char *users_text = strbuf_detach(&names);
        for (size_t k = 0; k < (ntags ? ntags : 1) && out->n < cap; k++) {
            struct image_info *v = &out->v[out->n++];
            v->id = xstrdup(id);
            v->labels = engine_kv_text(cJSON_GetObjectItemCaseSensitive(img, "Labels"));
            v->created = (int64_t)engine_json_u64(img, "Created", 0);
            v->size = (int64_t)engine_json_u64(img, "Size", 0);
            v->containers = users;
            v->users = xstrdup(users_text);
            v->ntags = ntags;
            v->dangling = ntags == 0;
            if (ntags == 0) {
                v->repo = xstrdup(IMAGES_NONE);
                v->tag = xstrdup(IMAGES_NONE);
                v->ref = xstrdup(id);
                continue;
            }
            /* The k-th real tag; split at the last ':' after the last '/'. */
            size_t seen = 0;
            const char *name = "";
            cJSON_ArrayForEach(t, tags)
            {
                if (images_is_tag(t) && seen++ == k) {
                    name = t->valuestring;
                    break;
                }
            }
            const char *slash = strrchr(name, '/');
            const char *colon = strrchr(name, ':');
            if (colon && (!slash || colon > slash)) {
                v->repo = xstrndup(name, (size_t)(colon - name));
                v->tag = xstrdup(colon + 1);
            } else {
                v->repo = xstrdup(name);
                v->tag = xstrdup(IMAGES_NONE);
            }
            v->ref = xstrdup(name);
        }
        free(users_text);
    }
    qsort(out->v, out->n, sizeof *out->v, images_cmp_info);
}

int engine_images_list(struct engine *e, struct image_list *out, struct berth_error *err)
{
    memset(out, 0, sizeof *out);
    cJSON *imgs = NULL, *ctrs = NULL;
    if (engine_get_json(e, "/images/json", &imgs, err) < 0)
        return -1;
    if (engine_containers_list(e, true, NULL, &ctrs, err) < 0) {
        cJSON_Delete(imgs);
        return -1;
    }
    engine_images_parse(imgs, ctrs, out);
    cJSON_Delete(imgs);
    cJSON_Delete(ctrs);
    return 0;
}

int engine_image_inspect(struct engine *e, const char *name, cJSON **out, struct berth_error *err)
{
    char *path = engine_object_path("images", name, "/json");
    int rc = engine_get_json(e, path, out, err);
    free(path);
    return rc;
}

void image_history_done(struct image_history *h)
{
    for (size_t i = 0; i < h->n; i++) {
        free(h->v[i].id);
        free(h->v[i].created_by);
        free(h->v[i].comment);
        free(h->v[i].tags);
    }
    free(h->v);
    memset(h, 0, sizeof *h);
}

void engine_image_history_parse(const cJSON *doc, struct image_history *out)
{
    memset(out, 0, sizeof *out);
    size_t n = (size_t)cJSON_GetArraySize(doc);
    out->v = xcalloc(n ? n : 1, sizeof *out->v);
    const cJSON *it;
    cJSON_ArrayForEach(it, doc)
    {
        if (out->n >= n || !cJSON_IsObject(it))
            continue;
        struct image_layer *l = &out->v[out->n++];
        l->id = engine_json_dup(it, "Id");
        l->created_by = engine_json_dup(it, "CreatedBy");
        l->comment = engine_json_dup(it, "Comment");
        l->created = (int64_t)engine_json_u64(it, "Created", 0);
        l->size = (int64_t)engine_json_u64(it, "Size", 0);
        struct strbuf sb;
        strbuf_init(&sb);
        const cJSON *t;
        cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(it, "Tags"))
        {
            if (!cJSON_IsString(t))
                continue;
            if (sb.len)
                strbuf_putc(&sb, ',');
            strbuf_puts(&sb, t->valuestring);
        }
        l->tags = strbuf_detach(&sb);
    }
}

int engine_image_history(struct engine *e, const char *name, struct image_history *out,
                         struct berth_error *err)
{
    memset(out, 0, sizeof *out);
    char *path = engine_object_path("images", name, "/history");
    cJSON *doc = NULL;
    int rc = engine_get_json(e, path, &doc, err);
    free(path);
    if (rc == 0)
        engine_image_history_parse(doc, out);
    cJSON_Delete(doc);
    return rc;
}

const char *engine_image_conflict_explain(const char *m)
{
    if (!m)
        return "";
    if (strstr(m, "is using its referenced image"))
        return "a container was created from this image; remove that container first, or "
               "remove with force (only stopped containers allow it; they then show the image "
               "by id)";
    if (strstr(m, "being used by running container"))
        return "a running container uses this image; even force cannot remove it: stop and "
               "remove the container first";
    if (strstr(m, "referenced in multiple repositories"))
        return "the image has several tags; remove them one by one, or remove with force to "
               "drop every tag at once";
    if (strstr(m, "image has dependent child images"))
        return "other images are built on this one; remove them first";
    return "";
}

int engine_image_remove(struct engine *e, const char *name, bool force, bool noprune,
                        size_t *untagged, size_t *deleted, struct berth_error *err)
{
    if (untagged)
        *untagged = 0;
    if (deleted)
        *deleted = 0;
    char *ename = engine_urlencode(name);
    char *path = xasprintf("/images/%s?force=%d&noprune=%d", ename, force ? 1 : 0, noprune ? 1 : 0);
    free(ename);
    struct engine_response resp;
    engine_response_init(&resp);
    int rc = engine_request(e, "DELETE", path, NULL, NULL, 0, &resp, err);
    free(path);
    if (rc == 0 && engine_check_status(&resp, err) < 0) {
        rc = -1;
        const char *why = engine_image_conflict_explain(err->message);
        if (resp.status == 409 && why[0]) {
            char msg[BERTH_ERROR_MESSAGE_MAX];
            snprintf(msg, sizeof msg, "%s", err->message);
            berth_error_set(err, BERTH_ERR_HTTP, 409, "in use: %s (%s)", why, msg);
        }
    }
    if (rc == 0) {
        cJSON *doc = cJSON_ParseWithLength(resp.body.data, resp.body.len);
        const cJSON *it;
        cJSON_ArrayForEach(it, doc)
        {
            if (untagged && cJSON_GetObjectItemCaseSensitive(it, "Untagged"))
                (*untagged)++;
            if (deleted && cJSON_GetObjectItemCaseSensitive(it, "Deleted"))
                (*deleted)++;
        }
        cJSON_Delete(doc);
    }
    engine_response_done(&resp);
    return rc;
}

static void images_filter_add(cJSON *filters, const char *key, const char *value)
{
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(filters, key);
    if (!arr)
        arr = cJSON_AddArrayToObject(filters, key);
    cJSON_AddItemToArray(arr, cJSON_CreateString(value));
}

char *engine_images_prune_filters(const struct image_prune_filter *f)
{
    cJSON *filters = cJSON_CreateObject();
    images_filter_add(filters, "dangling", f->all ? "false" : "true");
    if (f->until && f->until[0])
        images_filter_add(filters, "until", f->until);
    if (f->label && f->label[0]) {
        const char *ne = strstr(f->label, "!=");
        if (ne) {
            char *kv = xasprintf("%.*s=%s", (int)(ne - f->label), f->label, ne + 2);
            images_filter_add(filters, "label!", kv);
            free(kv);
        } else {
            images_filter_add(filters, "label", f->label);
        }
    }
    char *text = cJSON_PrintUnformatted(filters);
    cJSON_Delete(filters);
    char *out = xstrdup(text);
    cJSON_free(text);
    return out;
}

int engine_images_prune(struct engine *e, const struct image_prune_filter *f, char ***deleted,
                        size_t *ndeleted, uint64_t *reclaimed, struct berth_error *err)
{
    char *ftext = engine_images_prune_filters(f);
    int rc = engine_prune(e, "images", ftext, "ImagesDeleted", "Deleted", deleted, ndeleted,
                          reclaimed, err);
    free(ftext);
    return rc;
}

int64_t engine_images_parse_duration(const char *s)
{
    if (!s || !*s)
        return -1;
    int64_t total = 0;
    while (*s) {
        char *end;
        long long v = strtoll(s, &end, 10);
        if (end == s || v < 0)
            return -1;
        int64_t mul;
        switch (*end) {
        case 's':
            mul = 1;
            break;
        case 'm':
            mul = 60;
            break;
        case 'h':
            mul = 3600;
            break;
        default:
            return -1;
        }
        total += (int64_t)v * mul;
        s = end + 1;
    }
    return total;
}

/* Does the "k", "k=v" or "k!=v" filter match labels "k=v,k2=v2"? */
static bool images_label_match(const char *labels, const char *filter)
{
    const char *ne = strstr(filter, "!=");
    const char *eq = ne ? ne : strchr(filter, '=');
    size_t klen = eq ? (size_t)(eq - filter) : strlen(filter);
    const char *want = eq ? eq + (ne ? 2 : 1) : NULL;
    bool found = false;
    const char *p = labels;
    while (p && *p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const char *peq = memchr(p, '=', len);
        size_t plen = peq ? (size_t)(peq - p) : len;
        if (plen == klen && strncmp(p, filter, klen) == 0) {
            if (!want)
                found = true;
            else if (peq && strlen(want) == len - plen - 1 &&
                     strncmp(peq + 1, want, len - plen - 1) == 0)
                found = true;
        }
        p = comma ? comma + 1 : NULL;
    }
    return ne ? !found : found;
}

bool engine_images_prune_would_remove(const struct image_info *img,
                                      const struct image_prune_filter *f, int64_t now)
{
    if (img->containers > 0)
        return false;
    if (!f->all && !img->dangling)
        return false;
    if (f->until && f->until[0]) {
        int64_t d = engine_images_parse_duration(f->until);
        if (d >= 0 && img->created > now - d)
            return false;
    }
    if (f->label && f->label[0] && !images_label_match(img->labels, f->label))
        return false;
    return true;
}

int engine_image_split_ref(const char *ref, char **image, char **tag, struct berth_error *err)
{
    *image = *tag = NULL;
    while (ref && *ref == ' ')
        ref++;
    if (!ref || !*ref || strchr(ref, ' '))
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "an image reference is one word: name[:tag] or name@digest");
    const char *at = strchr(ref, '@');
    const char *slash = strrchr(ref, '/');
    const char *colon = strrchr(ref, ':');
    if (at) {
        *image = xstrndup(ref, (size_t)(at - ref));
        *tag = xstrdup(at + 1);
    } else if (colon && (!slash || colon > slash)) {
        *image = xstrndup(ref, (size_t)(colon - ref));
        *tag = xstrdup(colon + 1);
    } else {
        *image = xstrdup(ref);
        *tag = xstrdup("latest");
    }
    return 0;
}

char *engine_image_registry(const char *ref)
{
    const char *slash = strchr(ref, '/');
    if (slash) {
        size_t len = (size_t)(slash - ref);
        if (memchr(ref, '.', len) || memchr(ref, ':', len) ||
            (len == 9 && strncmp(ref, "localhost", 9) == 0))
            return xstrndup(ref, len);
    }
    return xstrdup("docker.io");
}

/* A config.json `auths` key as a bare host: no scheme, no path. Docker
 * Hub's historical key is "https://index.docker.io/v1/". */
static char *images_auth_host(const char *key)
{
    const char *p = strstr(key, "://");
    p = p ? p + 3 : key;
    size_t len = strcspn(p, "/");
    char *h = xstrndup(p, len);
    if (strcmp(h, "index.docker.io") == 0 || strcmp(h, "registry-1.docker.io") == 0) {
        free(h);
        h = xstrdup("docker.io");
    }
    return h;
}

static char *images_read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    struct strbuf sb;
    strbuf_init(&sb);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_append(&sb, buf, n);
    fclose(f);
    return strbuf_detach(&sb);
}

void engine_image_registry_auth(const char *ref, const char *config_path, char **value,
                                char *notice, size_t notice_size)
{
    *value = NULL;
    if (notice_size)
        notice[0] = '\0';
    char *path;
    if (config_path)
        path = xstrdup(config_path);
    else if (getenv("DOCKER_CONFIG") && getenv("DOCKER_CONFIG")[0])
        path = xasprintf("%s/config.json", getenv("DOCKER_CONFIG"));
    else
        path = xasprintf("%s/.docker/config.json", getenv("HOME") ? getenv("HOME") : "");
    char *text = images_read_file(path);
    if (!text) {
        free(path);
        return; /* no config: pull anonymously */
    }
    cJSON *doc = cJSON_Parse(text);
    free(text);
    char *host = engine_image_registry(ref);
    if (!doc) {
        snprintf(notice, notice_size, "%s is not valid JSON: pulling without credentials", path);
        goto out;
    }
    const char *user_pass = NULL;
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "auths"))
    {
        char *h = images_auth_host(it->string ? it->string : "");
        bool match = strcmp(h, host) == 0;
        free(h);
        if (match && engine_json_str(it, "auth") && engine_json_str(it, "auth")[0]) {
            user_pass = engine_json_str(it, "auth");
            break;
        }
    }
    if (!user_pass) {
        const char *helper =
            engine_json_str(cJSON_GetObjectItemCaseSensitive(doc, "credHelpers"), host);
        if (!helper)
            helper = engine_json_str(doc, "credsStore");
        if (helper && helper[0])
            snprintf(notice, notice_size,
                     "credentials for %s are kept by docker-credential-%s, which berth does not "
                     "run (not supported): pulling without credentials",
                     host, helper);
        goto out;
    }
    size_t len = 0;
    char *plain = base64_decode(user_pass, &len);
    char *colon = plain ? strchr(plain, ':') : NULL;
    if (!colon) {
        snprintf(notice, notice_size,
                 "the auth entry for %s in %s is not base64 user:password: pulling without "
                 "credentials",
                 host, path);
        free(plain);
        goto out;
    }
    *colon = '\0';
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "username", plain);
    cJSON_AddStringToObject(a, "password", colon + 1);
    cJSON_AddStringToObject(a, "serveraddress", host);
    char *json = cJSON_PrintUnformatted(a);
    cJSON_Delete(a);
    memset(plain, 0, len);
    free(plain);
    char *b64 = base64_encode(json, strlen(json));
    cJSON_free(json);
    for (char *c = b64; *c; c++) {
        if (*c == '+')
            *c = '-';
        else if (*c == '/')
            *c = '_';
    }
    *value = b64;
out:
    cJSON_Delete(doc);
    free(host);
    free(path);
}

int engine_image_pull_start(struct engine_streams *s, const char *ref, const char *auth,
                            const struct engine_stream_spec *cb, struct berth_error *err)
{
    char *image, *tag;
    if (engine_image_split_ref(ref, &image, &tag, err) < 0)
        return -1;
    char *ei = engine_urlencode(image);
    char *et = engine_urlencode(tag);
    char *path = xasprintf("/images/create?fromImage=%s&tag=%s", ei, et);
    free(ei);
    free(et);
    free(image);
    free(tag);
    char *header = auth ? xasprintf("X-Registry-Auth: %s", auth) : NULL;
    struct engine_stream_spec spec = *cb;
    spec.method = "POST";
    spec.path = path;
    spec.mode = ENGINE_STREAM_JSON;
    spec.header = header;
    int id = engine_streams_add(s, &spec);
    free(path);
    free(header);
    return id;
}
