/* Endpoint resolution with docker CLI semantics: see endpoint.h.
 *
 * Nothing here does network I/O. The resolver reads at most two small files
 * (config.json and one context's meta.json) and checks which TLS files
 * exist; whether they are readable and valid is found out when the engine
 * client connects, so the error names the failing step. */
#include "config.h"

#include "endpoint.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "sha256.h"
#include "strbuf.h"
#include "xalloc.h"

/* config.json and meta.json are a few hundred bytes; refuse anything huge. */
#define ENDPOINT_MAX_FILE (1024 * 1024)

static const char *endpoint_env(const struct endpoint_inputs *in, const char *name)
{
    const char *v;
    if (in && in->getenv_fn)
        v = in->getenv_fn(name, in->getenv_user);
    else
        v = getenv(name);
    return (v && *v) ? v : NULL;
}

static char *endpoint_dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static bool endpoint_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Read a whole small file into a heap string. Returns NULL with errno set. */
static char *endpoint_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct strbuf sb;
    strbuf_init(&sb);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        strbuf_append(&sb, chunk, n);
        if (sb.len > ENDPOINT_MAX_FILE) {
            fclose(f);
            strbuf_done(&sb);
            errno = EFBIG;
            return NULL;
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        strbuf_done(&sb);
        errno = EIO;
        return NULL;
    }
    return strbuf_detach(&sb);
}

/* Parse a decimal TCP/SSH port (1..65535). */
static int endpoint_parse_port(const char *s, size_t len, int *out)
{
    if (len == 0 || len > 5)
        return -1;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    if (v < 1 || v > 65535)
        return -1;
    *out = (int)v;
    return 0;
}

/* Split "host[:port]" or "[v6]:port" (len bytes at s). *host gets a heap
 * copy without brackets, *port the port or 0 when absent. */
static int endpoint_split_hostport(const char *s, size_t len, const char *url, char **host,
                                   int *port, struct berth_error *err)
{
    const char *colon = NULL;
    size_t hlen;
    const char *h = s;
    if (len > 0 && s[0] == '[') {
        const char *close = memchr(s, ']', len);
        if (!close)
            return berth_error_set(err, BERTH_ERR_USAGE, 0,
                                   "bad host URL \"%s\": missing ']' after the IPv6 address", url);
        h = s + 1;
        hlen = (size_t)(close - h);
        const char *rest = close + 1;
        size_t restlen = len - (size_t)(rest - s);
        if (restlen > 0) {
            if (rest[0] != ':')
                return berth_error_set(err, BERTH_ERR_USAGE, 0,
                                       "bad host URL \"%s\": unexpected text after ']'", url);
            colon = rest;
        }
    } else {
        /* The last colon separates the port; a bare IPv6 address needs brackets. */
        for (size_t i = 0; i < len; i++)
            if (s[i] == ':')
                colon = s + i;
        hlen = colon ? (size_t)(colon - s) : len;
        if (colon && memchr(s, ':', hlen))
            return berth_error_set(err, BERTH_ERR_USAGE, 0,
                                   "bad host URL \"%s\": put an IPv6 address in brackets, "
                                   "e.g. tcp://[::1]:2375",
                                   url);
    }
    *port = 0;
    if (colon) {
        size_t plen = len - (size_t)(colon + 1 - s);
        if (endpoint_parse_port(colon + 1, plen, port) < 0)
            return berth_error_set(err, BERTH_ERR_USAGE, 0,
                                   "bad host URL \"%s\": the port must be a number from 1 to "
                                   "65535",
                                   url);
    }
    *host = xstrndup(h, hlen);
    return 0;
}

/* "host" or "[v6]" for URLs. */
static void endpoint_put_host(struct strbuf *sb, const char *host)
{
    if (strchr(host, ':'))
        strbuf_appendf(sb, "[%s]", host);
    else
        strbuf_puts(sb, host);
}

static char *endpoint_make_display(const struct endpoint *ep)
{
    struct strbuf sb;
    strbuf_init(&sb);
    switch (ep->kind) {
    case ENDPOINT_UNIX:
        strbuf_appendf(&sb, "unix://%s", ep->socket_path);
        break;
    case ENDPOINT_TCP:
        strbuf_puts(&sb, "tcp://");
        endpoint_put_host(&sb, ep->host);
        strbuf_appendf(&sb, ":%d", ep->port);
        break;
    case ENDPOINT_SSH:
        strbuf_puts(&sb, "ssh://");
        if (ep->ssh_user)
            strbuf_appendf(&sb, "%s@", ep->ssh_user);
        endpoint_put_host(&sb, ep->host);
        if (ep->port)
            strbuf_appendf(&sb, ":%d", ep->port);
        if (ep->ssh_socket)
            strbuf_puts(&sb, ep->ssh_socket);
        break;
    }
    return strbuf_detach(&sb);
}

static int endpoint_parse_tcp(const char *url, const char *rest, struct endpoint *out,
                              struct berth_error *err)
{
    size_t len = strcspn(rest, "/");
    const char *path = rest + len;
    if (*path && strcmp(path, "/") != 0)
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "bad host URL \"%s\": a tcp:// URL takes no path", url);
    char *host = NULL;
    int port = 0;
    if (endpoint_split_hostport(rest, len, url, &host, &port, err) < 0)
        return -1;
    if (port == 0) {
        free(host);
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "bad host URL \"%s\": give the port explicitly, e.g. "
                               "tcp://HOST:2375 (plain) or tcp://HOST:2376 (TLS)",
                               url);
    }
    if (!*host) {
        free(host);
        host = xstrdup("localhost");
    }
    out->kind = ENDPOINT_TCP;
    out->host = host;
    out->port = port;
    return 0;
}

static int endpoint_parse_ssh(const char *url, const char *rest, struct endpoint *out,
                              struct berth_error *err)
{
    size_t len = strcspn(rest, "/");
    const char *path = rest + len;
    const char *at = memchr(rest, '@', len);
    const char *hp = rest;
    if (at) {
        if (at == rest)
            return berth_error_set(err, BERTH_ERR_USAGE, 0,
                                   "bad host URL \"%s\": empty user before '@'", url);
        hp = at + 1;
    }
    char *host = NULL;
    int port = 0;
    if (endpoint_split_hostport(hp, len - (size_t)(hp - rest), url, &host, &port, err) < 0)
        return -1;
    if (!*host) {
        free(host);
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "bad host URL \"%s\": an ssh:// URL needs a host", url);
    }
    out->kind = ENDPOINT_SSH;
    out->host = host;
    out->port = port;
    out->ssh_user = at ? xstrndup(rest, (size_t)(at - rest)) : NULL;
    out->ssh_socket = (*path && strcmp(path, "/") != 0) ? xstrdup(path) : NULL;
    return 0;
}

int endpoint_parse_host(const char *url, struct endpoint *out, struct berth_error *err)
{
    memset(out, 0, sizeof *out);
    if (!url || !*url)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "empty host URL");
    const char *sep = strstr(url, "://");
    const char *rest;
    size_t slen;
    if (sep) {
        slen = (size_t)(sep - url);
        rest = sep + 3;
    } else {
        /* The CLI reads a bare "host:port" as tcp. */
        slen = 0;
        rest = url;
    }
    int rc;
    if (slen == 0 || (slen == 3 && strncmp(url, "tcp", 3) == 0)) {
        rc = endpoint_parse_tcp(url, rest, out, err);
    } else if (slen == 4 && strncmp(url, "unix", 4) == 0) {
        out->kind = ENDPOINT_UNIX;
        out->socket_path = xstrdup(*rest ? rest : ENDPOINT_DEFAULT_SOCKET);
        rc = 0;
    } else if (slen == 3 && strncmp(url, "ssh", 3) == 0) {
        rc = endpoint_parse_ssh(url, rest, out, err);
    } else if (slen == 5 && strncmp(url, "npipe", 5) == 0) {
        rc = berth_error_set(err, BERTH_ERR_USAGE, 0,
                             "bad host URL \"%s\": Windows named pipes are not supported", url);
    } else {
        rc = berth_error_set(err, BERTH_ERR_USAGE, 0,
                             "bad host URL \"%s\": use unix:///PATH, tcp://HOST:PORT or "
                             "ssh://[USER@]HOST[:PORT]",
                             url);
    }
    if (rc < 0) {
        endpoint_done(out);
        return -1;
    }
    out->display = endpoint_make_display(out);
    return 0;
}

/* DOCKER_CONFIG, else $HOME/.docker (HOME from the passwd entry as a last resort). */
static char *endpoint_config_dir(const struct endpoint_inputs *in)
{
    const char *dir = endpoint_env(in, "DOCKER_CONFIG");
    if (dir)
        return xstrdup(dir);
    const char *home = endpoint_env(in, "HOME");
    if (!home) {
        struct passwd *pw = getpwuid(getuid());
        home = (pw && pw->pw_dir) ? pw->pw_dir : "/";
    }
    return xasprintf("%s/.docker", home);
}

/* currentContext from config.json into *name (heap, NULL when unset). A
 * missing file is not an error; an unreadable or malformed one is. */
static int endpoint_current_context(const char *config_dir, char **name, struct berth_error *err)
{
    *name = NULL;
    char *path = xasprintf("%s/config.json", config_dir);
    char *text = endpoint_read_file(path);
    if (!text) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR) {
            free(path);
            return 0;
        }
        berth_error_set(err, BERTH_ERR_USAGE, 0, "cannot read %s: %s", path, strerror(e));
        free(path);
        return -1;
    }
    cJSON *doc = cJSON_Parse(text);
    free(text);
    if (!doc) {
        berth_error_set(err, BERTH_ERR_USAGE, 0, "cannot parse %s: not valid JSON", path);
        free(path);
        return -1;
    }
    const cJSON *cur = cJSON_GetObjectItemCaseSensitive(doc, "currentContext");
    if (cJSON_IsString(cur) && cur->valuestring[0])
        *name = xstrdup(cur->valuestring);
    cJSON_Delete(doc);
    free(path);
    return 0;
}

/* Pick up the PEM files in dir that exist (ca.pem only when want_ca). */
static void endpoint_take_tls_files(struct endpoint *ep, const char *dir, bool want_ca)
{
    char *ca = xasprintf("%s/ca.pem", dir);
    char *cert = xasprintf("%s/cert.pem", dir);
    char *key = xasprintf("%s/key.pem", dir);
    free(ep->ca_file);
    free(ep->cert_file);
    free(ep->key_file);
    ep->ca_file = NULL;
    ep->cert_file = NULL;
    ep->key_file = NULL;
    if (want_ca)
        ep->ca_file = ca;
    else
        free(ca);
    if (endpoint_file_exists(cert))
        ep->cert_file = cert;
    else
        free(cert);
    if (endpoint_file_exists(key))
        ep->key_file = key;
    else
        free(key);
}

/* The "default" context: -H, DOCKER_HOST or the default socket, with TLS
 * from the environment. */
static int endpoint_resolve_default(const struct endpoint_inputs *in, const char *config_dir,
                                    struct endpoint *out, struct berth_error *err)
{
    const char *host = NULL;
    const char *origin = "default";
    if (in && in->host_flag && *in->host_flag) {
        host = in->host_flag;
        origin = "-H";
    } else if ((host = endpoint_env(in, "DOCKER_HOST")) != NULL) {
        origin = "DOCKER_HOST";
    }
    if (host) {
        if (endpoint_parse_host(host, out, err) < 0) {
            /* Say where the bad value came from. */
            char msg[BERTH_ERROR_MESSAGE_MAX];
            snprintf(msg, sizeof msg, "%s", err ? err->message : "");
            berth_error_set(err, BERTH_ERR_USAGE, 0, "%s (from %s)", msg, origin);
            return -1;
        }
    } else {
        memset(out, 0, sizeof *out);
        out->kind = ENDPOINT_UNIX;
        out->socket_path = xstrdup(ENDPOINT_DEFAULT_SOCKET);
        out->display = endpoint_make_display(out);
    }
    out->origin = xstrdup(origin);
    if (out->kind == ENDPOINT_TCP) {
        /* Any non-empty DOCKER_TLS_VERIFY, even "0", means TLS and verify. */
        bool verify = endpoint_env(in, "DOCKER_TLS_VERIFY") != NULL;
        bool tls = verify || endpoint_env(in, "DOCKER_TLS") != NULL;
        if (tls) {
            const char *cert_path = endpoint_env(in, "DOCKER_CERT_PATH");
            out->tls = true;
            out->tls_verify = verify;
            /* Like the CLI: the CA is required when verifying, the client
             * pair is used only when present. */
            endpoint_take_tls_files(out, cert_path ? cert_path : config_dir, verify);
        }
    }
    return 0;
}

/* A named context from the store under config_dir. */
static int endpoint_resolve_context(const char *name, const char *source, const char *config_dir,
                                    struct endpoint *out, struct berth_error *err)
{
    char hash[SHA256_HEX_SIZE];
    sha256_hex(name, strlen(name), hash);
    char *meta = xasprintf("%s/contexts/meta/%s/meta.json", config_dir, hash);
    char *text = endpoint_read_file(meta);
    if (!text) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR)
            berth_error_set(err, BERTH_ERR_USAGE, 0, "context \"%s\" (from %s) not found: no %s",
                            name, source, meta);
        else
            berth_error_set(err, BERTH_ERR_USAGE, 0, "context \"%s\" (from %s): cannot read %s: %s",
                            name, source, meta, strerror(e));
        free(meta);
        return -1;
    }
    cJSON *doc = cJSON_Parse(text);
    free(text);
    const cJSON *docker = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(doc, "Endpoints"), "docker");
    const cJSON *host = cJSON_GetObjectItemCaseSensitive(docker, "Host");
    if (!doc || !cJSON_IsString(host) || !host->valuestring[0]) {
        berth_error_set(err, BERTH_ERR_USAGE, 0,
                        "context \"%s\" (from %s): %s has no Endpoints.docker.Host", name, source,
                        meta);
        cJSON_Delete(doc);
        free(meta);
        return -1;
    }
    bool skip_verify = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(docker, "SkipTLSVerify"));
    int rc = endpoint_parse_host(host->valuestring, out, err);
    cJSON_Delete(doc);
    free(meta);
    if (rc < 0) {
        char msg[BERTH_ERROR_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s", err ? err->message : "");
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "%s (context \"%s\")", msg, name);
    }
    out->origin = xasprintf("context %s", name);
    if (out->kind == ENDPOINT_TCP) {
        char *tlsdir = xasprintf("%s/contexts/tls/%s/docker", config_dir, hash);
        char *ca = xasprintf("%s/ca.pem", tlsdir);
        bool have_ca = endpoint_file_exists(ca);
        free(ca);
        endpoint_take_tls_files(out, tlsdir, have_ca);
        free(tlsdir);
        /* TLS is on when the store holds TLS material or verification is
         * explicitly skipped (docker/cli context/docker/load.go). */
        out->tls = out->ca_file || out->cert_file || out->key_file || skip_verify;
        out->tls_verify = out->tls && !skip_verify;
    }
    return 0;
}

int endpoint_resolve(const struct endpoint_inputs *in, struct endpoint *out,
                     struct berth_error *err)
{
    memset(out, 0, sizeof *out);
    char *config_dir = endpoint_config_dir(in);
    char *name = NULL;
    const char *source = NULL;
    int rc = 0;

    if (in && in->context_flag && *in->context_flag) {
        name = xstrdup(in->context_flag);
        source = "--context";
    } else if ((in && in->host_flag && *in->host_flag) || endpoint_env(in, "DOCKER_HOST")) {
        name = NULL; /* -H and DOCKER_HOST force the default context */
    } else if (endpoint_env(in, "DOCKER_CONTEXT")) {
        name = xstrdup(endpoint_env(in, "DOCKER_CONTEXT"));
        source = "DOCKER_CONTEXT";
    } else {
        rc = endpoint_current_context(config_dir, &name, err);
        source = "config.json currentContext";
    }

    if (rc == 0) {
        if (!name || strcmp(name, "default") == 0)
            rc = endpoint_resolve_default(in, config_dir, out, err);
        else
            rc = endpoint_resolve_context(name, source, config_dir, out, err);
    }
    if (rc < 0)
        endpoint_done(out);
    free(name);
    free(config_dir);
    return rc;
}

void endpoint_copy(struct endpoint *dst, const struct endpoint *src)
{
    *dst = *src;
    dst->socket_path = endpoint_dup_or_null(src->socket_path);
    dst->host = endpoint_dup_or_null(src->host);
    dst->ssh_user = endpoint_dup_or_null(src->ssh_user);
    dst->ssh_socket = endpoint_dup_or_null(src->ssh_socket);
    dst->ca_file = endpoint_dup_or_null(src->ca_file);
    dst->cert_file = endpoint_dup_or_null(src->cert_file);
    dst->key_file = endpoint_dup_or_null(src->key_file);
    dst->display = endpoint_dup_or_null(src->display);
    dst->origin = endpoint_dup_or_null(src->origin);
}

void endpoint_done(struct endpoint *ep)
{
    free(ep->socket_path);
    free(ep->host);
    free(ep->ssh_user);
    free(ep->ssh_socket);
    free(ep->ca_file);
    free(ep->cert_file);
    free(ep->key_file);
    free(ep->display);
    free(ep->origin);
    memset(ep, 0, sizeof *ep);
}
