/* Splits a byte stream into complete JSON values, whatever the chunking.
 *
 * The engine's streams (events, stats, pull progress) send one JSON value
 * per line, but libcurl hands over arbitrary chunks: a value may arrive in
 * pieces, several may come at once, and a plain document may end without a
 * newline. The splitter tracks string/escape state and bracket depth to
 * find where each value ends, then parses exactly that slice with cJSON, so
 * a malformed value is reported as soon as it is complete. */
#ifndef BERTH_SRC_ENGINE_JSON_SPLIT_H
#define BERTH_SRC_ENGINE_JSON_SPLIT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "strbuf.h"

/* Gets each complete value (owned by the splitter); return false to stop. */
typedef bool (*engine_json_emit_fn)(void *user, const cJSON *value);

struct engine_json_split {
    struct strbuf buf; /* bytes not yet consumed */
    size_t scan;       /* bytes of buf already scanned */
    size_t start;      /* offset of the value being scanned */
    int depth;         /* open { and [ of that value */
    bool in_value;     /* a value has started */
    bool scalar;       /* it is a bare number/true/false/null */
    bool in_string;
    bool escape;
    size_t max_value; /* a value longer than this is an error */
};

void engine_json_split_init(struct engine_json_split *sp, size_t max_value);
void engine_json_split_done(struct engine_json_split *sp);

/* Feed bytes; emits every value completed by them. Returns 0, or -1 when a
 * value is not valid JSON or exceeds max_value. *stopped is set when emit
 * returned false (no further values are emitted). */
int engine_json_split_feed(struct engine_json_split *sp, const char *data, size_t len,
                           engine_json_emit_fn emit, void *user, bool *stopped);

/* End of input: emits a trailing bare scalar; returns -1 when a value was
 * left incomplete (truncated body). */
int engine_json_split_finish(struct engine_json_split *sp, engine_json_emit_fn emit, void *user,
                             bool *stopped);

/* The first bytes of the pending (offending) value, for error messages. */
const char *engine_json_split_pending(const struct engine_json_split *sp, size_t *len);

#endif
