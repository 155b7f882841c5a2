/* libcurl plumbing shared by the blocking client (engine.c) and the stream
 * set (engine_streams.c): one place that turns an endpoint into easy-handle
 * options and URLs, sets the method and body the way the engine needs them,
 * and turns a failed transfer into an operator-facing error value. */
#ifndef BERTH_SRC_ENGINE_TRANSPORT_H
#define BERTH_SRC_ENGINE_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>

#include <curl/curl.h>

#include "endpoint.h"
#include "error.h"

/* curl_global_init exactly once per process, whichever thread comes first. */
void engine_transport_global_init(void);

/* Whether libcurl can talk to ep at all: ssh:// is refused with a clear
 * message, and TLS files must be readable. Returns 0 or -1 with err filled. */
int engine_transport_check(const struct endpoint *ep, struct berth_error *err);

/* Full URL for path ("/containers/json?all=1"), prefixed by "/v<version>"
 * when version is not NULL. Heap string. */
char *engine_transport_url(const struct endpoint *ep, const char *version, const char *path);

/* Endpoint options on a freshly reset easy handle: unix socket or TLS
 * files, no signals, user agent, keep-alive. */
void engine_transport_apply(CURL *h, const struct endpoint *ep);

/* Method, body and headers. A body is sent with content_type (default
 * application/json), never with libcurl's x-www-form-urlencoded; without a
 * body no Content-Type goes out at all. *headers receives the list to free
 * with curl_slist_free_all after the transfer. The body must stay valid
 * until the transfer ends. */
void engine_transport_set_method(CURL *h, const char *method, const char *content_type,
                                 const void *body, size_t body_len, struct curl_slist **headers);

/* Fill err for a transfer that failed with rc: names the endpoint and the
 * likely cause (missing socket, permission, refused, DNS, TLS, timeout).
 * errbuf is the handle's CURLOPT_ERRORBUFFER (may be empty). Returns -1. */
int engine_transport_error(struct berth_error *err, const struct endpoint *ep, CURL *h, CURLcode rc,
                           const char *errbuf, long timeout_ms);

/* If the raw header line (as libcurl's header callback gets it) is
 * "name: value" with name matched case-insensitively, return a heap copy
 * of the trimmed value; otherwise NULL. */
char *engine_transport_header_value(const char *line, size_t len, const char *name);

/* True when the line is the blank line that ends a header block. */
bool engine_transport_header_end(const char *line, size_t len);

#endif
