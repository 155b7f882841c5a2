/* Errors are values: every fallible call fills a caller-owned berth_error.
 *
 * The message is meant for the operator: either the engine's own words
 * (HTTP errors) or a sentence naming the endpoint and the likely cause
 * (connection errors). It may contain engine text, so the UI must pass it
 * through the sanitiser before drawing it. */
#ifndef BERTH_SRC_ERROR_H
#define BERTH_SRC_ERROR_H

enum berth_error_kind {
    BERTH_ERR_NONE = 0,
    BERTH_ERR_CONNECT,   /* could not reach the engine (socket, refused, DNS) */
    BERTH_ERR_PERMISSION, /* socket exists but access was denied */
    BERTH_ERR_TLS,       /* TLS handshake or certificate problem */
    BERTH_ERR_TIMEOUT,   /* the engine did not answer in time */
    BERTH_ERR_HTTP,      /* the engine answered with a 4xx/5xx status */
    BERTH_ERR_PROTOCOL,  /* malformed or unexpected response (bad JSON...) */
    BERTH_ERR_CANCELLED, /* cancelled by the caller */
    BERTH_ERR_USAGE,     /* bad option, bad endpoint URL, bad config */
    BERTH_ERR_IO,        /* local file or system call failure */
};

#define BERTH_ERROR_MESSAGE_MAX 512

struct berth_error {
    enum berth_error_kind kind;
    long http_status;                       /* 0 unless an HTTP answer came */
    char message[BERTH_ERROR_MESSAGE_MAX];  /* operator-facing, may hold engine text */
};

/* Reset to "no error". */
void berth_error_clear(struct berth_error *err);

/* Set kind, status and a formatted message; err may be NULL. Returns -1 so
 * callers can write `return berth_error_set(...)`. */
int berth_error_set(struct berth_error *err, enum berth_error_kind kind, long http_status,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A short lower-case name of the kind, for logs and JSON output. */
const char *berth_error_kind_name(enum berth_error_kind kind);

#endif
