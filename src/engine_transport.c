/* libcurl plumbing for the engine client: see engine_transport.h.
 *
 * The error mapping combines libcurl's result code, the OS errno libcurl
 * saw, and for unix sockets a stat()/access() of the socket path, because
 * curl reports "couldn't connect" for a missing socket, a permission
 * problem and a dead engine alike, and the operator needs to know which. */
#include "config.h"

#include "engine_transport.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"
#include "xalloc.h"

static pthread_once_t engine_transport_once = PTHREAD_ONCE_INIT;

static void engine_transport_do_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

void engine_transport_global_init(void)
{
    pthread_once(&engine_transport_once, engine_transport_do_init);
}

/* " (from DOCKER_HOST)" and the like; empty for the plain default. */
static const char *engine_transport_origin(const struct endpoint *ep, char *buf, size_t size)
{
    if (!ep->origin || strcmp(ep->origin, "default") == 0)
        return "";
    snprintf(buf, size, " (from %s)", ep->origin);
    return buf;
}

static int engine_transport_check_file(const struct endpoint *ep, const char *path,
                                       const char *what, struct berth_error *err)
{
    if (!path || access(path, R_OK) == 0)
        return 0;
    char from[128];
    return berth_error_set(err, BERTH_ERR_TLS, 0, "cannot read the TLS %s %s: %s%s", what, path,
                           strerror(errno), engine_transport_origin(ep, from, sizeof from));
}

int engine_transport_check(const struct endpoint *ep, struct berth_error *err)
{
    if (ep->kind == ENDPOINT_SSH)
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "%s: ssh:// endpoints are not supported yet; forward the socket "
                               "instead (ssh -NL /tmp/engine.sock:/var/run/docker.sock HOST) "
                               "and use -H unix:///tmp/engine.sock",
                               ep->display ? ep->display : "ssh");
    if (ep->kind == ENDPOINT_TCP && ep->tls) {
        if (engine_transport_check_file(ep, ep->ca_file, "CA certificate", err) < 0 ||
            engine_transport_check_file(ep, ep->cert_file, "client certificate", err) < 0 ||
            engine_transport_check_file(ep, ep->key_file, "client key", err) < 0)
            return -1;
    }
    return 0;
}

char *engine_transport_url(const struct endpoint *ep, const char *version, const char *path)
{
    struct strbuf sb;
    strbuf_init(&sb);
    if (ep->kind == ENDPOINT_TCP) {
        strbuf_puts(&sb, ep->tls ? "https://" : "http://");
        if (strchr(ep->host, ':'))
            strbuf_appendf(&sb, "[%s]", ep->host);
        else
            strbuf_puts(&sb, ep->host);
        strbuf_appendf(&sb, ":%d", ep->port);
    } else {
        /* Over a unix socket the host part is ignored but Host: must exist. */
        strbuf_puts(&sb, "http://localhost");
    }
    if (version)
        strbuf_appendf(&sb, "/v%s", version);
    if (path[0] != '/')
        strbuf_putc(&sb, '/');
    strbuf_puts(&sb, path);
    return strbuf_detach(&sb);
}

void engine_transport_apply(CURL *h, const struct endpoint *ep)
{
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "berth/" PACKAGE_VERSION);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    if (ep->kind == ENDPOINT_UNIX) {
        curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, ep->socket_path);
        return;
    }
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    if (!ep->tls)
        return;
    if (ep->ca_file)
        curl_easy_setopt(h, CURLOPT_CAINFO, ep->ca_file);
    if (ep->cert_file)
        curl_easy_setopt(h, CURLOPT_SSLCERT, ep->cert_file);
    if (ep->key_file)
        curl_easy_setopt(h, CURLOPT_SSLKEY, ep->key_file);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, ep->tls_verify ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, ep->tls_verify ? 2L : 0L);
}

void engine_transport_set_method(CURL *h, const char *method, const char *content_type,
                                 const void *body, size_t body_len, struct curl_slist **headers)
{
    struct curl_slist *list = NULL;
    /* A 100-continue round trip only adds latency against the engine. */
    list = curl_slist_append(list, "Expect:");
    if (body) {
        char *ct = xasprintf("Content-Type: %s", content_type ? content_type : "application/json");
        list = curl_slist_append(list, ct);
        free(ct);
    } else {
        /* An empty value makes libcurl drop its own default header. */
        list = curl_slist_append(list, "Content-Type:");
    }
    if (!method)
        method = "GET";
    if (strcmp(method, "GET") == 0) {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (strcmp(method, "DELETE") == 0 && !body) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
    } else {
        /* POST, PUT and friends: always send a (possibly empty) body so a
         * Content-Length goes out; the engine expects one on POST. */
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? body_len : 0));
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
        if (strcmp(method, "POST") != 0)
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    *headers = list;
}

/* Why connecting to a unix socket failed, from the path itself and errno. */
static int engine_transport_unix_error(struct berth_error *err, const struct endpoint *ep,
                                       long oserr, const char *detail)
{
    const char *path = ep->socket_path;
    char from[128];
    const char *origin = engine_transport_origin(ep, from, sizeof from);
    struct stat st;
    if (stat(path, &st) < 0) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR)
            return berth_error_set(err, BERTH_ERR_CONNECT, 0,
                                   "cannot connect to the engine: no such file: is the engine "
                                   "running? %s%s",
                                   path, origin);
        if (e == EACCES)
            return berth_error_set(err, BERTH_ERR_PERMISSION, 0,
                                   "permission denied on %s: a folder on the way is not "
                                   "accessible to this user%s",
                                   path, origin);
        return berth_error_set(err, BERTH_ERR_CONNECT, 0,
                               "cannot connect to the engine at %s: %s%s", path, strerror(e),
                               origin);
    }
    if (!S_ISSOCK(st.st_mode))
        return berth_error_set(err, BERTH_ERR_CONNECT, 0,
                               "cannot connect to the engine: %s is not a socket%s", path, origin);
    if (oserr == EACCES || oserr == EPERM || access(path, R_OK | W_OK) < 0)
        return berth_error_set(err, BERTH_ERR_PERMISSION, 0,
                               "permission denied on %s: add the user to the docker group "
                               "(then log in again) or run as root%s",
                               path, origin);
    if (oserr == ECONNREFUSED)
        return berth_error_set(err, BERTH_ERR_CONNECT, 0,
                               "connection refused on %s: the socket exists but no engine is "
                               "listening: is the engine running?%s",
                               path, origin);
    return berth_error_set(err, BERTH_ERR_CONNECT, 0, "cannot connect to the engine at %s: %s%s",
                           path, detail, origin);
}

static bool engine_transport_is_tls_error(CURLcode rc)
{
    switch (rc) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
        return true;
    default:
        return false;
    }
}

int engine_transport_error(struct berth_error *err, const struct endpoint *ep, CURL *h, CURLcode rc,
                           const char *errbuf, long timeout_ms)
{
    long oserr = 0;
    if (h)
        curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &oserr);
    const char *detail = (errbuf && errbuf[0]) ? errbuf : curl_easy_strerror(rc);
    const char *where = ep->display ? ep->display : "?";
    char from[128];
    const char *origin = engine_transport_origin(ep, from, sizeof from);

    if (rc == CURLE_OPERATION_TIMEDOUT)
        return berth_error_set(err, BERTH_ERR_TIMEOUT, 0,
                               "the engine at %s did not answer within %ld ms%s", where, timeout_ms,
                               origin);
    if (rc == CURLE_ABORTED_BY_CALLBACK)
        return berth_error_set(err, BERTH_ERR_CANCELLED, 0, "request to %s cancelled", where);
    if (ep->kind == ENDPOINT_UNIX && rc == CURLE_COULDNT_CONNECT)
        return engine_transport_unix_error(err, ep, oserr, detail);
    if (rc == CURLE_COULDNT_RESOLVE_HOST)
        return berth_error_set(err, BERTH_ERR_CONNECT, 0,
                               "cannot resolve the engine's host name \"%s\" (%s)%s", ep->host,
                               where, origin);
    if (rc == CURLE_COULDNT_CONNECT) {
        if (oserr == ECONNREFUSED)
            return berth_error_set(err, BERTH_ERR_CONNECT, 0,
                                   "connection refused by %s:%d: is the engine listening on "
                                   "that address and port?%s",
                                   ep->host, ep->port, origin);
        return berth_error_set(err, BERTH_ERR_CONNECT, 0, "cannot connect to %s:%d: %s%s", ep->host,
                               ep->port, detail, origin);
    }
    if (engine_transport_is_tls_error(rc)) {
        const char *what = "TLS handshake failed";
        if (rc == CURLE_PEER_FAILED_VERIFICATION)
            what = "the engine's certificate could not be verified (wrong CA, or the "
                   "certificate does not name this host)";
        else if (rc == CURLE_SSL_CACERT_BADFILE)
            what = "the CA certificate could not be loaded";
        else if (rc == CURLE_SSL_CERTPROBLEM)
            what = "the client certificate or key could not be used";
        else if (!ep->tls)
            what = "TLS failure";
        return berth_error_set(err, BERTH_ERR_TLS, 0, "TLS with %s: %s: %s%s", where, what, detail,
                               origin);
    }
    /* With TLS 1.3 the engine's refusal of our client certificate arrives
     * as an alert on the first read, after the handshake "succeeded". */
    if (ep->kind == ENDPOINT_TCP && ep->tls && (rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR) &&
        strstr(detail, "SSL"))
        return berth_error_set(err, BERTH_ERR_TLS, 0,
                               "TLS with %s: the engine refused the connection (client "
                               "certificate missing or not signed by the engine's CA?): %s%s",
                               where, detail, origin);
    if (rc == CURLE_GOT_NOTHING || rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR) {
        /* A TLS engine hangs up on plain HTTP, or a plain one on TLS. */
        const char *hint = "";
        if (ep->kind == ENDPOINT_TCP)
            hint = ep->tls ? " (does the engine serve TLS on this port?)"
                           : " (does the engine expect TLS? set DOCKER_TLS_VERIFY=1)";
        return berth_error_set(err, BERTH_ERR_CONNECT, 0, "the connection to %s broke: %s%s%s",
                               where, detail, hint, origin);
    }
    return berth_error_set(err, BERTH_ERR_CONNECT, 0, "cannot talk to the engine at %s: %s%s",
                           where, detail, origin);
}

char *engine_transport_header_value(const char *line, size_t len, const char *name)
{
    size_t nlen = strlen(name);
    if (len <= nlen || line[nlen] != ':' || strncasecmp(line, name, nlen) != 0)
        return NULL;
    const char *v = line + nlen + 1;
    const char *end = line + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    return xstrndup(v, (size_t)(end - v));
}

bool engine_transport_header_end(const char *line, size_t len)
{
    return (len == 2 && line[0] == '\r' && line[1] == '\n') || (len == 1 && line[0] == '\n');
}
