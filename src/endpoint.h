/* Where the engine is: resolving -H / --context / DOCKER_HOST /
 * DOCKER_CONTEXT / config.json currentContext the way the docker CLI does,
 * and parsing host URLs (unix://, tcp://, ssh://).
 *
 * Precedence (docker/cli resolveContextName): --context > -H > DOCKER_HOST >
 * DOCKER_CONTEXT > config.json currentContext > "default". The "default"
 * context means DOCKER_HOST, else the default unix socket. TLS for tcp://
 * comes from DOCKER_TLS_VERIFY (any non-empty value: TLS and verify),
 * DOCKER_TLS (TLS without verify) and DOCKER_CERT_PATH (ca.pem, cert.pem,
 * key.pem; default the config dir), or from a context's tls/ folder. */
#ifndef BERTH_SRC_ENDPOINT_H
#define BERTH_SRC_ENDPOINT_H

#include <stdbool.h>

#include "error.h"

#define ENDPOINT_DEFAULT_SOCKET "/var/run/docker.sock"

enum endpoint_kind {
    ENDPOINT_UNIX,
    ENDPOINT_TCP,
    ENDPOINT_SSH,
};

struct endpoint {
    enum endpoint_kind kind;
    char *socket_path; /* ENDPOINT_UNIX: path of the socket */
    char *host;        /* ENDPOINT_TCP/SSH: host name or address */
    int port;          /* ENDPOINT_TCP/SSH: port (ssh: 0 = default) */
    char *ssh_user;    /* ENDPOINT_SSH: user, or NULL */
    char *ssh_socket;  /* ENDPOINT_SSH: remote socket path, or NULL */
    bool tls;          /* ENDPOINT_TCP: use https */
    bool tls_verify;   /* ENDPOINT_TCP with tls: verify the server certificate */
    char *ca_file;     /* PEM files for TLS, or NULL */
    char *cert_file;
    char *key_file;
    char *display; /* the URL as the operator would write it */
    char *origin;  /* where it came from: "-H", "DOCKER_HOST", "context NAME", "default" */
};

/* What the resolver looks at. Environment and files are passed in so tests
 * can resolve without touching the real environment. */
struct endpoint_inputs {
    const char *host_flag;    /* -H/--host, or NULL */
    const char *context_flag; /* --context, or NULL */
    /* getenv-like lookup; NULL means the process environment. */
    const char *(*getenv_fn)(const char *name, void *user);
    void *getenv_user;
};

/* Resolve the endpoint. On failure fills err (kind BERTH_ERR_USAGE) with a
 * message naming the bad value, and returns -1. */
int endpoint_resolve(const struct endpoint_inputs *in, struct endpoint *out,
                     struct berth_error *err);

/* Parse one host URL (unix:///p, tcp://h:p, ssh://u@h:p/sock). A tcp URL
 * must carry an explicit port. Returns -1 and fills err when malformed. */
int endpoint_parse_host(const char *url, struct endpoint *out, struct berth_error *err);

/* Copy src into dst (deep). */
void endpoint_copy(struct endpoint *dst, const struct endpoint *src);

/* Free the strings; the struct itself is the caller's. */
void endpoint_done(struct endpoint *ep);

#endif
