/* The blocking Docker Engine API client: see engine.h.
 *
 * One easy handle per `struct engine`, reset (not recreated) before each
 * request so its connection cache keeps the keep-alive connection to the
 * engine. Version negotiation follows the docker CLI: HEAD /_ping (GET when
 * HEAD is refused), min(server, ENGINE_API_MAX), 1.24 without a header, and
 * one re-negotiation when the engine rejects the version as too new/old. */
#include "config.h"

#include "engine.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "engine_transport.h"
#include "xalloc.h"

struct engine {
    struct endpoint ep;
    long timeout_ms; /* bound on each request */
    CURL *curl;      /* kept alive between requests; NULL until first use */
    bool negotiated;
    int minor;                    /* negotiated 1.NN */
    char version[16];             /* "1.41" */
    bool podman;                  /* /_ping carried Libpod-Api-Version */
    char errbuf[CURL_ERROR_SIZE]; /* libcurl's detail for the last failure */
};

/* What the callbacks of one transfer fill. */
struct engine_xfer {
    struct engine_response *resp;
    bool libpod; /* saw Libpod-Api-Version */
};

static size_t engine_write_cb(char *data, size_t size, size_t nmemb, void *user)
{
    struct engine_xfer *x = user;
    strbuf_append(&x->resp->body, data, size * nmemb);
    return size * nmemb;
}

static size_t engine_header_cb(char *line, size_t size, size_t nmemb, void *user)
{
    struct engine_xfer *x = user;
    size_t len = size * nmemb;
    char *v;
    if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) {
        /* A new header block (after a 1xx): forget the previous one. */
        free(x->resp->content_type);
        free(x->resp->api_version);
        x->resp->content_type = NULL;
        x->resp->api_version = NULL;
        x->libpod = false;
    } else if ((v = engine_transport_header_value(line, len, "Content-Type")) != NULL) {
        free(x->resp->content_type);
        x->resp->content_type = v;
    } else if ((v = engine_transport_header_value(line, len, "Api-Version")) != NULL) {
        free(x->resp->api_version);
        x->resp->api_version = v;
    } else if ((v = engine_transport_header_value(line, len, "Libpod-Api-Version")) != NULL) {
        x->libpod = true;
        free(v);
    }
    return len;
}

static void engine_response_reset(struct engine_response *resp)
{
    resp->status = 0;
    strbuf_reset(&resp->body);
    free(resp->content_type);
    free(resp->api_version);
    resp->content_type = NULL;
    resp->api_version = NULL;
}

/* One HTTP exchange; version NULL sends the path unversioned. */
static int engine_perform(struct engine *e, const char *method, const char *version,
                          const char *path, const char *content_type, const void *body,
                          size_t body_len, struct engine_response *resp, bool *libpod,
                          struct berth_error *err)
{
    if (engine_transport_check(&e->ep, err) < 0)
        return -1;
    if (!e->curl) {
        e->curl = curl_easy_init();
        if (!e->curl)
            return berth_error_set(err, BERTH_ERR_IO, 0, "cannot create a libcurl handle");
    }
    CURL *h = e->curl;
    /* Reset keeps the connection cache, so keep-alive survives. */
    curl_easy_reset(h);
    engine_transport_apply(h, &e->ep);
    char *url = engine_transport_url(&e->ep, version, path);
    struct engine_xfer x = {.resp = resp, .libpod = false};
    struct curl_slist *headers = NULL;
    engine_response_reset(resp);
    e->errbuf[0] = '\0';
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, e->errbuf);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, e->timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, e->timeout_ms);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, engine_write_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, engine_header_cb);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &x);
    engine_transport_set_method(h, method, content_type, body, body_len, &headers);
    CURLcode rc = curl_easy_perform(h);
    int ret = 0;
    if (rc != CURLE_OK) {
        ret = engine_transport_error(err, &e->ep, h, rc, e->errbuf, e->timeout_ms);
    } else {
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
        if (libpod)
            *libpod = x.libpod;
    }
    /* The handle must not point at our stack or our lists once we return. */
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
    curl_slist_free_all(headers);
    free(url);
    return ret;
}

struct engine *engine_new(const struct endpoint *ep, long timeout_ms)
{
    engine_transport_global_init();
    struct engine *e = xcalloc(1, sizeof *e);
    endpoint_copy(&e->ep, ep);
    e->timeout_ms = timeout_ms > 0 ? timeout_ms : ENGINE_DEFAULT_TIMEOUT_MS;
    return e;
}

struct engine *engine_clone(const struct engine *e)
{
    struct engine *c = engine_new(&e->ep, e->timeout_ms);
    c->negotiated = e->negotiated;
    c->minor = e->minor;
    memcpy(c->version, e->version, sizeof c->version);
    c->podman = e->podman;
    return c;
}

void engine_free(struct engine *e)
{
    if (!e)
        return;
    if (e->curl)
        curl_easy_cleanup(e->curl);
    endpoint_done(&e->ep);
    free(e);
}

const struct endpoint *engine_endpoint(const struct engine *e)
{
    return &e->ep;
}

long engine_timeout_ms(const struct engine *e)
{
    return e->timeout_ms;
}

/* Parse "1.41" (trailing ".x" or spaces allowed) into major/minor. */
static int engine_parse_version(const char *s, int *major, int *minor)
{
    if (!s)
        return -1;
    while (*s == ' ' || *s == '\t')
        s++;
    int parts[2];
    for (int i = 0; i < 2; i++) {
        if (*s < '0' || *s > '9')
            return -1;
        long v = 0;
        int digits = 0;
        while (*s >= '0' && *s <= '9') {
            v = v * 10 + (*s++ - '0');
            if (++digits > 4)
                return -1;
        }
        parts[i] = (int)v;
        if (i == 0 && *s++ != '.')
            return -1;
    }
    if (*s && *s != '.' && *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
        return -1;
    *major = parts[0];
    *minor = parts[1];
    return 0;
}

void engine_pick_version(const char *server_header, char *out, size_t out_size)
{
    int major, minor;
    if (engine_parse_version(server_header, &major, &minor) < 0 || major < 1)
        minor = ENGINE_API_FALLBACK_MINOR;
    else if (major > ENGINE_API_MAX_MAJOR || minor > ENGINE_API_MAX_MINOR)
        minor = ENGINE_API_MAX_MINOR;
    snprintf(out, out_size, "%d.%d", ENGINE_API_MAX_MAJOR, minor);
}

int engine_negotiate(struct engine *e, struct berth_error *err)
{
    struct engine_response resp;
    engine_response_init(&resp);
    bool libpod = false;
    int rc = engine_perform(e, "HEAD", NULL, "/_ping", NULL, NULL, 0, &resp, &libpod, err);
    if (rc == 0 && (resp.status < 200 || resp.status >= 300))
        /* Very old engines know only GET /_ping. */
        rc = engine_perform(e, "GET", NULL, "/_ping", NULL, NULL, 0, &resp, &libpod, err);
    if (rc == 0 && engine_check_status(&resp, err) < 0) {
        char msg[BERTH_ERROR_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s", err ? err->message : "");
        /* A TLS engine answers plain HTTP with a 400 saying so. */
        const char *hint = strstr(msg, "HTTPS server")
                               ? " (the engine expects TLS: set DOCKER_TLS_VERIFY=1 and "
                                 "DOCKER_CERT_PATH)"
                               : "";
        rc = berth_error_set(err, BERTH_ERR_HTTP, resp.status,
                             "%s answered /_ping with HTTP %ld: %s%s", e->ep.display, resp.status,
                             msg, hint);
    }
    if (rc == 0) {
        engine_pick_version(resp.api_version, e->version, sizeof e->version);
        int major;
        engine_parse_version(e->version, &major, &e->minor);
        e->podman = libpod;
        e->negotiated = true;
    }
    engine_response_done(&resp);
    return rc;
}

const char *engine_api_version(const struct engine *e)
{
    return e->negotiated ? e->version : NULL;
}

int engine_api_minor(const struct engine *e)
{
    return e->negotiated ? e->minor : 0;
}

bool engine_is_podman(const struct engine *e)
{
    return e->podman;
}

/* The engine's answer to a version it does not serve. */
static bool engine_is_version_error(const struct engine_response *resp)
{
    if (resp->status != 400)
        return false;
    const char *b = resp->body.data;
    return strstr(b, "client version") && (strstr(b, "is too new") || strstr(b, "is too old"));
}

int engine_request(struct engine *e, const char *method, const char *path, const char *content_type,
                   const void *body, size_t body_len, struct engine_response *resp,
                   struct berth_error *err)
{
    if (!e->negotiated && engine_negotiate(e, err) < 0)
        return -1;
    for (int attempt = 0;; attempt++) {
        if (engine_perform(e, method, e->version, path, content_type, body, body_len, resp, NULL,
                           err) < 0)
            return -1;
        if (attempt > 0 || !engine_is_version_error(resp))
            return 0;
        /* The engine changed under us (upgrade, another endpoint): settle
         * again once and retry. */
        char before[sizeof e->version];
        memcpy(before, e->version, sizeof before);
        if (engine_negotiate(e, err) < 0)
            return -1;
        if (strcmp(before, e->version) == 0)
            return 0;
    }
}

void engine_response_init(struct engine_response *resp)
{
    resp->status = 0;
    strbuf_init(&resp->body);
    resp->content_type = NULL;
    resp->api_version = NULL;
}

void engine_response_done(struct engine_response *resp)
{
    strbuf_done(&resp->body);
    free(resp->content_type);
    free(resp->api_version);
    resp->content_type = NULL;
    resp->api_version = NULL;
}

int engine_check_status(const struct engine_response *resp, struct berth_error *err)
{
    long s = resp->status;
    if ((s >= 200 && s < 300) || s == 304)
        return 0;
    const char *b = resp->body.data ? resp->body.data : "";
    size_t len = resp->body.len;
    while (len > 0 && (*b == ' ' || *b == '\t' || *b == '\r' || *b == '\n')) {
        b++;
        len--;
    }
    if (len > 0 && *b == '{') {
        cJSON *doc = cJSON_ParseWithLength(b, len);
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(doc, "message");
        if (cJSON_IsString(m) && m->valuestring[0]) {
            berth_error_set(err, BERTH_ERR_HTTP, s, "%s", m->valuestring);
            cJSON_Delete(doc);
            return -1;
        }
        cJSON_Delete(doc);
    }
    size_t line = 0;
    while (line < len && b[line] != '\n' && b[line] != '\r')
        line++;
    while (line > 0 && (b[line - 1] == ' ' || b[line - 1] == '\t'))
        line--;
    if (line == 0)
        return berth_error_set(err, BERTH_ERR_HTTP, s,
                               "the engine answered HTTP %ld with no message", s);
    return berth_error_set(err, BERTH_ERR_HTTP, s, "%.*s", (int)(line > 400 ? 400 : line), b);
}

/* Send a request and map its status to an error in one go. */
static int engine_call(struct engine *e, const char *method, const char *path,
                       struct engine_response *resp, struct berth_error *err)
{
    if (engine_request(e, method, path, NULL, NULL, 0, resp, err) < 0)
        return -1;
    return engine_check_status(resp, err);
}

int engine_get_json(struct engine *e, const char *path, cJSON **out, struct berth_error *err)
{
    *out = NULL;
    struct engine_response resp;
    engine_response_init(&resp);
    int rc = engine_call(e, "GET", path, &resp, err);
    if (rc == 0) {
        *out = cJSON_ParseWithLength(resp.body.data, resp.body.len);
        if (!*out)
            rc = berth_error_set(err, BERTH_ERR_PROTOCOL, resp.status,
                                 "the engine's reply to GET %s is not valid JSON", path);
    }
    engine_response_done(&resp);
    return rc;
}

int engine_prune(struct engine *e, const char *kind, const char *filters_json,
                 const char *deleted_key, const char *item_key, char ***deleted, size_t *ndeleted,
                 uint64_t *reclaimed, struct berth_error *err)
{
    *deleted = NULL;
    *ndeleted = 0;
    if (reclaimed)
        *reclaimed = 0;
    char *enc = engine_urlencode(filters_json ? filters_json : "{}");
    char *path = xasprintf("/%s/prune?filters=%s", kind, enc);
    free(enc);
    struct engine_response resp;
    engine_response_init(&resp);
    int rc = engine_request(e, "POST", path, NULL, NULL, 0, &resp, err);
    if (rc == 0)
        rc = engine_check_status(&resp, err);
    cJSON *doc = rc == 0 ? cJSON_ParseWithLength(resp.body.data, resp.body.len) : NULL;
    if (rc == 0 && !doc)
        rc = berth_error_set(err, BERTH_ERR_PROTOCOL, resp.status,
                             "the engine's reply to POST %s is not valid JSON", path);
    if (rc == 0) {
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, deleted_key);
        size_t n = cJSON_IsArray(arr) ? (size_t)cJSON_GetArraySize(arr) : 0;
        *deleted = xcalloc(n + 1, sizeof **deleted);
        const cJSON *it;
        cJSON_ArrayForEach(it, arr)
        {
            const char *name = item_key ? engine_json_str(it, item_key)
                                        : (cJSON_IsString(it) ? it->valuestring : NULL);
            if (name && *ndeleted < n)
                (*deleted)[(*ndeleted)++] = xstrdup(name);
        }
        if (reclaimed)
            *reclaimed = engine_json_u64(doc, "SpaceReclaimed", 0);
    }
    cJSON_Delete(doc);
    engine_response_done(&resp);
    free(path);
    return rc;
}

int engine_ping(struct engine *e, struct berth_error *err)
{
    if (!e->negotiated)
        return engine_negotiate(e, err);
    struct engine_response resp;
    engine_response_init(&resp);
    int rc = engine_perform(e, "GET", NULL, "/_ping", NULL, NULL, 0, &resp, NULL, err);
    if (rc == 0)
        rc = engine_check_status(&resp, err);
    engine_response_done(&resp);
    return rc;
}

static void engine_copy_str(char *dst, size_t size, const cJSON *obj, const char *key)
{
    const char *s = engine_json_str(obj, key);
    snprintf(dst, size, "%s", s ? s : "");
}

static int engine_json_int(const cJSON *obj, const char *key)
{
    uint64_t v = engine_json_u64(obj, key, 0);
    return v > INT_MAX ? INT_MAX : (int)v;
}

void engine_version_parse(const cJSON *doc, struct engine_version_info *out)
{
    memset(out, 0, sizeof *out);
    engine_copy_str(out->version, sizeof out->version, doc, "Version");
    engine_copy_str(out->api_version, sizeof out->api_version, doc, "ApiVersion");
    engine_copy_str(out->min_api_version, sizeof out->min_api_version, doc, "MinAPIVersion");
    engine_copy_str(out->os, sizeof out->os, doc, "Os");
    engine_copy_str(out->arch, sizeof out->arch, doc, "Arch");
    engine_copy_str(out->kernel, sizeof out->kernel, doc, "KernelVersion");
}

int engine_version(struct engine *e, struct engine_version_info *out, struct berth_error *err)
{
    cJSON *doc;
    memset(out, 0, sizeof *out);
    if (engine_get_json(e, "/version", &doc, err) < 0)
        return -1;
    engine_version_parse(doc, out);
    cJSON_Delete(doc);
    return 0;
}

void engine_info_parse(const cJSON *doc, struct engine_info *out)
{
    memset(out, 0, sizeof *out);
    engine_copy_str(out->name, sizeof out->name, doc, "Name");
    engine_copy_str(out->server_version, sizeof out->server_version, doc, "ServerVersion");
    out->ncpu = engine_json_int(doc, "NCPU");
    out->mem_total = engine_json_u64(doc, "MemTotal", 0);
    out->containers = engine_json_int(doc, "Containers");
    out->running = engine_json_int(doc, "ContainersRunning");
    out->paused = engine_json_int(doc, "ContainersPaused");
    out->stopped = engine_json_int(doc, "ContainersStopped");
    out->images = engine_json_int(doc, "Images");
    engine_copy_str(out->cgroup_driver, sizeof out->cgroup_driver, doc, "CgroupDriver");
    /* A string ("1") since API 1.40; be lenient about a number. */
    const cJSON *cg = cJSON_GetObjectItemCaseSensitive(doc, "CgroupVersion");
    if (cJSON_IsString(cg))
        out->cgroup_version = atoi(cg->valuestring);
    else if (cJSON_IsNumber(cg))
        out->cgroup_version = engine_json_int(doc, "CgroupVersion");
    engine_copy_str(out->os_type, sizeof out->os_type, doc, "OSType");
    engine_copy_str(out->docker_root_dir, sizeof out->docker_root_dir, doc, "DockerRootDir");
}

int engine_info(struct engine *e, struct engine_info *out, struct berth_error *err)
{
    cJSON *doc;
    memset(out, 0, sizeof *out);
    if (engine_get_json(e, "/info", &doc, err) < 0)
        return -1;
    engine_info_parse(doc, out);
    cJSON_Delete(doc);
    return 0;
}

int engine_containers_list(struct engine *e, bool all, const char *filters_json, cJSON **out,
                           struct berth_error *err)
{
    struct strbuf path;
    strbuf_init(&path);
    strbuf_puts(&path, "/containers/json");
    char sep = '?';
    if (all) {
        strbuf_puts(&path, "?all=1");
        sep = '&';
    }
    if (filters_json && *filters_json) {
        char *enc = engine_urlencode(filters_json);
        strbuf_appendf(&path, "%cfilters=%s", sep, enc);
        free(enc);
    }
    int rc = engine_get_json(e, path.data, out, err);
    strbuf_done(&path);
    if (rc == 0 && !cJSON_IsArray(*out)) {
        cJSON_Delete(*out);
        *out = NULL;
        rc = berth_error_set(err, BERTH_ERR_PROTOCOL, 0,
                             "the engine's container list is not a JSON array");
    }
    return rc;
}

int engine_container_inspect(struct engine *e, const char *id, bool size, cJSON **out,
                             struct berth_error *err)
{
    char *enc = engine_urlencode(id);
    char *path = xasprintf("/containers/%s/json%s", enc, size ? "?size=1" : "");
    int rc = engine_get_json(e, path, out, err);
    free(path);
    free(enc);
    return rc;
}

int engine_container_stats(struct engine *e, const char *id, bool one_shot, cJSON **out,
                           struct berth_error *err)
{
    if (!e->negotiated && engine_negotiate(e, err) < 0)
        return -1;
    char *enc = engine_urlencode(id);
    /* one-shot exists from API 1.41 on; older engines reject nothing but
     * ignore it, so only send it where it means something. */
    bool shot = one_shot && e->minor >= 41;
    char *path = xasprintf("/containers/%s/stats?stream=0%s", enc, shot ? "&one-shot=1" : "");
    int rc = engine_get_json(e, path, out, err);
    free(path);
    free(enc);
    return rc;
}

char *engine_urlencode(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    struct strbuf sb;
    strbuf_init(&sb);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            strbuf_putc(&sb, (char)c);
        } else {
            char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
            strbuf_append(&sb, enc, 3);
        }
    }
    return strbuf_detach(&sb);
}

uint64_t engine_json_u64(const cJSON *obj, const char *key, uint64_t def)
{
    const cJSON *item = key ? cJSON_GetObjectItemCaseSensitive(obj, key) : obj;
    if (!cJSON_IsNumber(item))
        return def;
    /* valueint saturates at INT_MAX; the double is exact up to 2^53. */
    double d = item->valuedouble;
    if (isnan(d) || d < 0)
        return def;
    if (d >= 4611686018427387904.0) /* 2^62: the engine's "unlimited" */
        return UINT64_MAX;
    return (uint64_t)d;
}

const char *engine_json_str(const cJSON *obj, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

char *engine_object_path(const char *kind, const char *name, const char *suffix)
{
    char *enc = engine_urlencode(name);
    char *path = xasprintf("/%s/%s%s", kind, enc, suffix);
    free(enc);
    return path;
}

char *engine_json_dup(const cJSON *obj, const char *key)
{
    const char *s = engine_json_str(obj, key);
    return xstrdup(s ? s : "");
}
