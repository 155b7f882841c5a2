/* Many concurrent engine streams on one thread (libcurl multi).
 *
 * Used for the events stream, per-container stats streams or one-shot stats
 * requests in parallel, log follows and pull progress. The owner thread
 * calls engine_streams_run() in its loop; any thread may cancel a stream or
 * wake the loop. A cancelled stream's on_end runs on the owner thread with
 * BERTH_ERR_CANCELLED, promptly (the wake-up interrupts the poll).
 *
 * Two delivery modes:
 *  - ENGINE_STREAM_JSON: the body is a sequence of JSON values (newline
 *    separated, as events/stats/pull send them, or a single document);
 *    on_json gets each parsed value (owned by the library: do not keep it).
 *  - ENGINE_STREAM_RAW: on_data gets body bytes as they arrive (logs).
 * An HTTP error status ends the stream with on_end(err) carrying the
 * engine's message; a body chunk that is not valid JSON in JSON mode ends
 * it with BERTH_ERR_PROTOCOL. */
#ifndef BERTH_SRC_ENGINE_STREAMS_H
#define BERTH_SRC_ENGINE_STREAMS_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "engine.h"
#include "error.h"

struct engine_streams;

enum engine_stream_mode {
    ENGINE_STREAM_JSON,
    ENGINE_STREAM_RAW,
};

struct engine_stream_spec {
    const char *method; /* NULL means GET */
    const char *path;   /* unversioned path with query */
    enum engine_stream_mode mode;
    /* Called for each JSON value (JSON mode). Return false to stop the stream. */
    bool (*on_json)(void *user, const cJSON *value);
    /* Called for each chunk of bytes (RAW mode). Return false to stop. */
    bool (*on_data)(void *user, const char *data, size_t len);
    /* Optional: called once when the engine accepted the stream (2xx
     * headers arrived), before any data. Lets a caller subscribe to
     * /events first and list objects only once the subscription is live. */
    void (*on_open)(void *user, long http_status);
    /* Called exactly once when the stream ends for any reason. err is NULL
     * on a clean end (the engine closed it, or a callback returned false). */
    void (*on_end)(void *user, long http_status, const struct berth_error *err);
    void *user;
    long timeout_ms; /* 0: no overall timeout (streams); >0 bounds the transfer */
    /* Optional request body (copied), sent as application/json: the update
     * call and other one-shot POSTs with a document. NULL: none. */
    const char *body;
    size_t body_len;
    /* Optional extra request header, "Name: value" (copied): the pull's
     * X-Registry-Auth. NULL: none. */
    const char *header;
};

/* A stream set speaking to the same endpoint and API version as e (paths
 * go out unversioned when e has not negotiated yet: negotiate first). */
struct engine_streams *engine_streams_new(const struct engine *e);
/* Cancels every stream (on_end runs for each) and frees the set. Owner thread only. */
void engine_streams_free(struct engine_streams *s);

/* Start a stream; returns its id (> 0). The transfer begins at the next
 * run(); a stream that cannot start (e.g. an ssh:// endpoint) ends there
 * through on_end. The spec is copied. Owner thread only; may be called
 * from inside the stream callbacks. */
int engine_streams_add(struct engine_streams *s, const struct engine_stream_spec *spec);

/* Ask a stream to stop. Thread-safe; takes effect at the next run(). */
void engine_streams_cancel(struct engine_streams *s, int id);
/* Interrupt a run() that is waiting. Thread-safe. */
void engine_streams_wakeup(struct engine_streams *s);

/* Do transfers for up to timeout_ms (returns earlier on activity or a
 * wake-up). Returns the number of streams still running. Owner thread only. */
int engine_streams_run(struct engine_streams *s, int timeout_ms);

/* Number of streams still running. */
int engine_streams_count(const struct engine_streams *s);

#endif
