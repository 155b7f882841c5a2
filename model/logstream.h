/* Following containers' logs into a log buffer, off the UI thread.
 *
 * A log stream owns a thread with its own engine connection and stream
 * set. For each source (container) it asks the engine for
 * /containers/{id}/logs?follow=1&stdout=1&stderr=1&timestamps=1 with the
 * tail and since options, splits the body into lines (demultiplexing the
 * 8-byte frame headers of non-TTY containers, taking TTY containers' bytes
 * raw), takes the engine's timestamp off each line and pushes it into the
 * buffer (in timestamp order when there are several sources).
 *
 * When a stream ends (the container stopped, the engine went away) the
 * status says so; once the container runs again the stream resumes from
 * the last timestamp seen, skipping lines already shown, so nothing is
 * duplicated.
 *
 * The UI polls logstream_wakeup_fd(): it becomes readable at most ten
 * times a second while lines arrive, so a fast log cannot flood the UI. */
#ifndef BERTH_MODEL_LOGSTREAM_H
#define BERTH_MODEL_LOGSTREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "error.h"
#include "strbuf.h"
#include "model/logbuf.h"

#define LOGSTREAM_DEFAULT_TAIL 1000
#define LOGSTREAM_WAKE_MS 100
#define LOGSTREAM_MAX_LINE (64u * 1024u)

struct logstream_source {
    char id[65];
    const char *name; /* shown before lines with several sources (the service) */
};

struct logstream_options {
    long tail;      /* lines per source at start; < 0: all */
    char since[48]; /* engine form ("1795894573.5"), "" for none */
};

struct logstream;

/* Follow srcs (copied) into lb (the caller's; it must outlive the stream). */
struct logstream *logstream_new(const struct engine *base, struct logbuf *lb,
                                const struct logstream_source *srcs, size_t n,
                                const struct logstream_options *opt);
int logstream_start(struct logstream *ls, struct berth_error *err);
/* Stop the thread (prompt) and free. NULL is ignored. */
void logstream_free(struct logstream *ls);

int logstream_wakeup_fd(const struct logstream *ls);
void logstream_drain(struct logstream *ls);

/* One line for the pane's title: "following", "stream ended: ...". */
void logstream_status(struct logstream *ls, char *buf, size_t size, bool *error);

/* Save the full log of source i from the engine to path, written
 * atomically (a temporary file renamed into place), in a thread of its
 * own: byte for byte what `docker logs` prints (stdout and stderr in
 * order) with the stream's tail and since and, when timestamps is set,
 * --timestamps. The result comes back through logstream_save_result. */
void logstream_save_full(struct logstream *ls, size_t i, const char *path, bool timestamps);
/* True once when a save finished since the last call; msg gets the result. */
bool logstream_save_result(struct logstream *ls, char *msg, size_t size, bool *error);

/* Parse the operator's "since": a duration before now ("90s", "10m", "2h",
 * "3d"), unix seconds ("1795894573.5") or RFC 3339
 * ("2026-11-28T19:36:15Z", fractions and +hh:mm allowed). Writes the
 * engine form into out; "" gives "". -1 with err on anything else. */
int logstream_parse_since(const char *text, int64_t now, char *out, size_t size,
                          struct berth_error *err);

/* Format ns since the epoch as the engine does (RFC 3339, 9 fraction
 * digits, Z): 30 characters plus NUL. */
void logstream_format_ts(int64_t ts_ns, char out[32]);

/* Demultiplexing, exposed for tests: feed body bytes, get lines. */
struct logstream_demux {
    bool tty; /* raw bytes, no frame headers */
    unsigned char hdr[8];
    size_t hdr_len;
    uint32_t left;         /* payload bytes left in this frame */
    int stream;            /* of the current frame: 1 stdout, 2 stderr */
    struct strbuf line[3]; /* partial lines per stream */
    void (*on_line)(void *user, int stream, const char *text, size_t len);
    void *user;
    /* The exact payload bytes, in order (for saving), or NULL. */
    void (*on_payload)(void *user, int stream, const char *data, size_t len);
};

void logstream_demux_init(struct logstream_demux *d, bool tty);
void logstream_demux_feed(struct logstream_demux *d, const char *data, size_t len);
/* Flush partial lines (end of stream). */
void logstream_demux_finish(struct logstream_demux *d);
void logstream_demux_done(struct logstream_demux *d);

#endif
