/* A bounded ring of log lines, shared by one log reader (writer) and the
 * log pane (reader).
 *
 * Bounded twice: at most max_lines lines and max_bytes bytes of text; the
 * oldest lines go first. So memory stays flat whatever the log rate.
 *
 * Lines are addressed by an absolute index that grows by one per line
 * ever kept: the first line held is logbuf_first(), the end is
 * logbuf_end(). Lines from several sources (a project's containers) are
 * kept in timestamp order: a line older than the newest is inserted in
 * place, which bumps logbuf_reorders() so a reader re-scans what it
 * cached by index.
 *
 * Thread-safe: every call takes the buffer's mutex briefly. Readers copy
 * the lines they draw (logbuf_copy) or walk a range under the lock with
 * logbuf_each. */
#ifndef BERTH_MODEL_LOGBUF_H
#define BERTH_MODEL_LOGBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOGBUF_DEFAULT_LINES 10000
#define LOGBUF_DEFAULT_BYTES (8u * 1024u * 1024u)

enum logbuf_stream {
    LOGBUF_STDOUT = 1,
    LOGBUF_STDERR = 2,
};

struct logbuf_line {
    int64_t ts_ns;   /* engine timestamp, ns since the epoch; 0 when unknown */
    uint16_t source; /* index of the source (container) in its reader */
    uint8_t stream;  /* enum logbuf_stream */
    uint32_t len;    /* bytes of text, no newline */
    char *text;      /* raw engine bytes (not sanitised), NUL-terminated */
};

struct logbuf;

struct logbuf *logbuf_new(size_t max_lines, size_t max_bytes);
void logbuf_free(struct logbuf *lb);

/* Add a line (text copied). sorted: keep timestamp order among sources. */
void logbuf_push(struct logbuf *lb, uint16_t source, enum logbuf_stream stream, int64_t ts_ns,
                 const char *text, size_t len, bool sorted);
/* Drop every line (the indices keep growing). */
void logbuf_clear(struct logbuf *lb);

uint64_t logbuf_first(struct logbuf *lb);
uint64_t logbuf_end(struct logbuf *lb);
/* Grows when a line was inserted before the end, or on clear. */
uint64_t logbuf_reorders(struct logbuf *lb);
/* Bytes of text held. */
size_t logbuf_bytes(struct logbuf *lb);

/* Copy line idx into out (out->text is a heap copy: free it). False when
 * idx is no longer (or not yet) held. */
bool logbuf_copy(struct logbuf *lb, uint64_t idx, struct logbuf_line *out);

/* Call fn on lines [from, to) that are held, under the lock; fn must be
 * quick and must not call back into the buffer. Stops when fn returns
 * false. */
void logbuf_each(struct logbuf *lb, uint64_t from, uint64_t to,
                 bool (*fn)(void *user, uint64_t idx, const struct logbuf_line *line), void *user);

#endif
