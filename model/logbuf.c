/* The bounded ring of log lines (see logbuf.h).
 *
 * A circular array of line structs, capacity max_lines, each owning its
 * text. Appends are O(1); an insertion in timestamp order shifts the lines
 * after it, which only happens while several sources deliver their
 * backlogs at once, and then near the end. */
#include "config.h"

#include "model/logbuf.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct logbuf {
    pthread_mutex_t mu;
    struct logbuf_line *ring;
    size_t cap;       /* max lines */
    size_t max_bytes; /* max text bytes */
    size_t head;      /* slot of the oldest line */
    size_t n;         /* lines held */
    size_t bytes;     /* text bytes held */
    uint64_t first;   /* absolute index of the oldest line */
    uint64_t reorders;
};

struct logbuf *logbuf_new(size_t max_lines, size_t max_bytes)
{
    struct logbuf *lb = xcalloc(1, sizeof *lb);
    pthread_mutex_init(&lb->mu, NULL);
    lb->cap = max_lines ? max_lines : LOGBUF_DEFAULT_LINES;
    lb->max_bytes = max_bytes ? max_bytes : LOGBUF_DEFAULT_BYTES;
    lb->ring = xcalloc(lb->cap, sizeof *lb->ring);
    return lb;
}

/* A copy that keeps NUL bytes (a log line may hold any byte). */
static char *dup_bytes(const char *s, size_t len)
{
    char *p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

static struct logbuf_line *slot(struct logbuf *lb, size_t i)
{
    return &lb->ring[(lb->head + i) % lb->cap];
}

static void drop_oldest(struct logbuf *lb)
{
    struct logbuf_line *l = slot(lb, 0);
    lb->bytes -= l->len;
    free(l->text);
    memset(l, 0, sizeof *l);
    lb->head = (lb->head + 1) % lb->cap;
    lb->n--;
    lb->first++;
}

void logbuf_free(struct logbuf *lb)
{
    if (!lb)
        return;
    while (lb->n)
        drop_oldest(lb);
    free(lb->ring);
    pthread_mutex_destroy(&lb->mu);
    free(lb);
}

void logbuf_push(struct logbuf *lb, uint16_t source, enum logbuf_stream stream, int64_t ts_ns,
                 const char *text, size_t len, bool sorted)
{
    if (len > lb->max_bytes)
        len = lb->max_bytes; /* one huge line still fits, cut */
    struct logbuf_line line = {.ts_ns = ts_ns,
                               .source = source,
                               .stream = (uint8_t)stream,
                               .len = (uint32_t)len,
                               .text = dup_bytes(text, len)};
    pthread_mutex_lock(&lb->mu);
    /* Where it goes: after the last line not newer than it. */
    size_t pos = lb->n;
    if (sorted && ts_ns) {
        while (pos > 0 && slot(lb, pos - 1)->ts_ns > ts_ns)
            pos--;
    }
    while (lb->n && (lb->n == lb->cap || lb->bytes + len > lb->max_bytes)) {
        if (pos == 0)
            break;
        drop_oldest(lb);
        pos--;
    }
    if (lb->n == lb->cap || lb->bytes + len > lb->max_bytes) {
        /* Older than everything held and no room: it would go at once. */
        pthread_mutex_unlock(&lb->mu);
        free(line.text);
        return;
    }
    for (size_t i = lb->n; i > pos; i--)
        *slot(lb, i) = *slot(lb, i - 1);
    *slot(lb, pos) = line;
    lb->n++;
    lb->bytes += len;
    if (pos != lb->n - 1)
        lb->reorders++;
    pthread_mutex_unlock(&lb->mu);
}

void logbuf_clear(struct logbuf *lb)
{
    pthread_mutex_lock(&lb->mu);
    while (lb->n)
        drop_oldest(lb);
    lb->reorders++;
    pthread_mutex_unlock(&lb->mu);
}

uint64_t logbuf_first(struct logbuf *lb)
{
    pthread_mutex_lock(&lb->mu);
    uint64_t v = lb->first;
    pthread_mutex_unlock(&lb->mu);
    return v;
}

uint64_t logbuf_end(struct logbuf *lb)
{
    pthread_mutex_lock(&lb->mu);
    uint64_t v = lb->first + lb->n;
    pthread_mutex_unlock(&lb->mu);
    return v;
}

uint64_t logbuf_reorders(struct logbuf *lb)
{
    pthread_mutex_lock(&lb->mu);
    uint64_t v = lb->reorders;
    pthread_mutex_unlock(&lb->mu);
    return v;
}

size_t logbuf_bytes(struct logbuf *lb)
{
    pthread_mutex_lock(&lb->mu);
    size_t v = lb->bytes;
    pthread_mutex_unlock(&lb->mu);
    return v;
}

bool logbuf_copy(struct logbuf *lb, uint64_t idx, struct logbuf_line *out)
{
    bool ok = false;
    pthread_mutex_lock(&lb->mu);
    if (idx >= lb->first && idx < lb->first + lb->n) {
        *out = *slot(lb, (size_t)(idx - lb->first));
        out->text = dup_bytes(out->text, out->len);
        ok = true;
    }
    pthread_mutex_unlock(&lb->mu);
    return ok;
}

void logbuf_each(struct logbuf *lb, uint64_t from, uint64_t to,
                 bool (*fn)(void *user, uint64_t idx, const struct logbuf_line *line), void *user)
{
    pthread_mutex_lock(&lb->mu);
    uint64_t end = lb->first + lb->n;
    if (from < lb->first)
        from = lb->first;
    if (to > end)
        to = end;
    for (uint64_t i = from; i < to; i++) {
        if (!fn(user, i, slot(lb, (size_t)(i - lb->first))))
            break;
    }
    pthread_mutex_unlock(&lb->mu);
}
