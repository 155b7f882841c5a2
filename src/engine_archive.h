/* Streaming archive transfers: GET and PUT /containers/{id}/archive.
 *
 * engine_request() holds bodies in memory, which does not work for a
 * volume of many gigabytes. These calls stream both ways on a private
 * libcurl handle for the engine's endpoint and negotiated version: a GET
 * hands the tar to a sink chunk by chunk as it arrives, a PUT pulls the
 * tar from a source (chunked upload, with the real Content-Type
 * application/x-tar: libcurl's form default would make the engine swallow
 * the body and answer 200 having written nothing). Either can be cancelled
 * from another thread through an atomic flag; no timeout bounds the
 * transfer itself, only the connection. */
#ifndef BERTH_SRC_ENGINE_ARCHIVE_H
#define BERTH_SRC_ENGINE_ARCHIVE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "engine.h"
#include "error.h"

/* Takes the next chunk of the archive; 0 to go on, -1 (err filled) to stop. */
typedef int (*engine_archive_sink)(void *user, const void *data, size_t len,
                                   struct berth_error *err);
/* Fills buf with up to max bytes of the archive; the count, 0 at the end,
 * -1 (err filled) to stop. */
typedef ssize_t (*engine_archive_source)(void *user, void *buf, size_t max,
                                         struct berth_error *err);

/* GET /containers/{id}/archive?path=path, streaming the tar to sink. cancel
 * (may be NULL) stops it with a BERTH_ERR_CANCELLED error. */
int engine_archive_get(struct engine *e, const char *id, const char *path, engine_archive_sink sink,
                       void *user, const atomic_bool *cancel, struct berth_error *err);

/* PUT /containers/{id}/archive?path=path, the body read from source. *sent
 * (may be NULL) receives the bytes handed to the engine, also on failure. */
int engine_archive_put(struct engine *e, const char *id, const char *path,
                       engine_archive_source source, void *user, const atomic_bool *cancel,
                       uint64_t *sent, struct berth_error *err);

#endif
