/* Immutable snapshots and their hand-over channel: see snapshot.h.
 *
 * Invariants: a snapshot's fields are written only before it is published
 * (by its single builder) and only read afterwards; `refs` is the one field
 * touched by several threads. The channel's mutex guards the current
 * pointer, the generation counter and the `pending` flag; the pipe write
 * happens outside it and is non-blocking. */
#include "config.h"

#include "model/snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xalloc.h"

/* Results older than this many are dropped from the snapshot. */
#define SNAPSHOT_MAX_RESULTS 16

struct snapshot_channel {
    pthread_mutex_t lock;
    struct snapshot *current; /* guarded by lock */
    uint64_t generation;      /* guarded by lock */
    bool pending;             /* guarded by lock: a wake-up byte is (about to be) in the pipe */
    int rfd, wfd;             /* the wake-up pipe, both ends non-blocking */
};

struct snapshot *snapshot_new(void)
{
    struct snapshot *s = xcalloc(1, sizeof *s);
    atomic_init(&s->refs, 1);
    return s;
}

struct snapshot *snapshot_ref(struct snapshot *s)
{
    if (s)
        atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
    return s;
}

static void snapshot_free(struct snapshot *s)
{
    for (size_t i = 0; i < s->ncontainers; i++) {
        container_done(&s->containers[i].c);
        history_view_done(&s->containers[i].history);
        container_detail_unref(s->containers[i].detail);
    }
    free(s->containers);
    for (size_t i = 0; i < s->nresults; i++)
        free(s->results[i].message);
    free(s->results);
    free(s->endpoint);
    free(s->server_version);
    free(s->api_version);
    free(s->host_name);
    free(s->error);
    free(s);
}

void snapshot_unref(struct snapshot *s)
{
    if (s && atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) == 1)
        snapshot_free(s);
}

struct snapshot_container *snapshot_add_container(struct snapshot *s)
{
    s->containers = xrealloc(s->containers, (s->ncontainers + 1) * sizeof *s->containers);
    struct snapshot_container *sc = &s->containers[s->ncontainers++];
    memset(sc, 0, sizeof *sc);
    return sc;
}

void snapshot_add_result(struct snapshot *s, const struct snapshot_action_result *r)
{
    if (s->nresults == SNAPSHOT_MAX_RESULTS) {
        free(s->results[0].message);
        memmove(s->results, s->results + 1, (s->nresults - 1) * sizeof *s->results);
        s->nresults--;
    }
    s->results = xrealloc(s->results, (s->nresults + 1) * sizeof *s->results);
    struct snapshot_action_result *d = &s->results[s->nresults++];
    *d = *r;
    d->message = xstrdup(r->message ? r->message : "");
}

static int cmp_container_id(const void *a, const void *b)
{
    const struct snapshot_container *x = a, *y = b;
    return strcmp(x->c.id, y->c.id);
}

void snapshot_finish(struct snapshot *s)
{
    if (s->ncontainers > 1)
        qsort(s->containers, s->ncontainers, sizeof *s->containers, cmp_container_id);
    memset(&s->counts, 0, sizeof s->counts);
    for (size_t i = 0; i < s->ncontainers; i++) {
        const struct container *c = &s->containers[i].c;
        s->counts.total++;
        switch (c->state) {
        case CONTAINER_STATE_RUNNING:
        case CONTAINER_STATE_RESTARTING:
            s->counts.running++;
            break;
        case CONTAINER_STATE_PAUSED:
            s->counts.paused++;
            break;
        default:
            s->counts.stopped++;
            break;
        }
        if (c->health == CONTAINER_HEALTH_UNHEALTHY)
            s->counts.unhealthy++;
    }
}

const struct snapshot_container *snapshot_find(const struct snapshot *s, const char *id)
{
    if (!s || !id)
        return NULL;
    size_t len = strlen(id);
    size_t lo = 0, hi = s->ncontainers;
    /* Binary search for the first id >= the key, then check the prefix. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strncmp(s->containers[mid].c.id, id, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo >= s->ncontainers || strncmp(s->containers[lo].c.id, id, len) != 0)
        return NULL;
    if (len >= 64)
        return &s->containers[lo];
    /* A prefix must be long enough and name one container only. */
    if (len < 12 || (lo + 1 < s->ncontainers && strncmp(s->containers[lo + 1].c.id, id, len) == 0))
        return NULL;
    return &s->containers[lo];
}

/* --- hand-over ----------------------------------------------------------- */

#ifndef HAVE_PIPE2
static int set_nonblock_cloexec(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -1;
    int fdfl = fcntl(fd, F_GETFD);
    if (fdfl < 0 || fcntl(fd, F_SETFD, fdfl | FD_CLOEXEC) < 0)
        return -1;
    return 0;
}
#endif

struct snapshot_channel *snapshot_channel_new(struct berth_error *err)
{
    int fds[2];
#ifdef HAVE_PIPE2
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0) {
        berth_error_set(err, BERTH_ERR_IO, 0, "cannot create the wake-up pipe: %s",
                        strerror(errno));
        return NULL;
    }
#else
    if (pipe(fds) < 0 || set_nonblock_cloexec(fds[0]) < 0 || set_nonblock_cloexec(fds[1]) < 0) {
        berth_error_set(err, BERTH_ERR_IO, 0, "cannot create the wake-up pipe: %s",
                        strerror(errno));
        return NULL;
    }
#endif
    struct snapshot_channel *ch = xcalloc(1, sizeof *ch);
    pthread_mutex_init(&ch->lock, NULL);
    ch->rfd = fds[0];
    ch->wfd = fds[1];
    return ch;
}

void snapshot_channel_free(struct snapshot_channel *ch)
{
    if (!ch)
        return;
    snapshot_unref(ch->current);
    close(ch->rfd);
    close(ch->wfd);
    pthread_mutex_destroy(&ch->lock);
    free(ch);
}

void snapshot_publish(struct snapshot_channel *ch, struct snapshot *s)
{
    pthread_mutex_lock(&ch->lock);
    struct snapshot *old = ch->current;
    s->generation = ++ch->generation;
    s->published_at = (int64_t)time(NULL);
    ch->current = s;
    bool need_byte = !ch->pending;
    ch->pending = true;
    pthread_mutex_unlock(&ch->lock);

    /* Outside the lock: the old one may be freed here if no reader holds it. */
    snapshot_unref(old);
    if (need_byte) {
        /* EAGAIN cannot lose a wake-up: a full pipe is already readable. */
        ssize_t n;
        do {
            n = write(ch->wfd, "!", 1);
        } while (n < 0 && errno == EINTR);
    }
}

struct snapshot *snapshot_acquire(struct snapshot_channel *ch)
{
    pthread_mutex_lock(&ch->lock);
    struct snapshot *s = snapshot_ref(ch->current);
    pthread_mutex_unlock(&ch->lock);
    return s;
}

uint64_t snapshot_channel_generation(struct snapshot_channel *ch)
{
    pthread_mutex_lock(&ch->lock);
    uint64_t g = ch->generation;
    pthread_mutex_unlock(&ch->lock);
    return g;
}

int snapshot_channel_fd(const struct snapshot_channel *ch)
{
    return ch->rfd;
}

void snapshot_channel_drain(struct snapshot_channel *ch)
{
    char buf[64];
    ssize_t n;
    do {
        n = read(ch->rfd, buf, sizeof buf);
    } while (n > 0 || (n < 0 && errno == EINTR));
    /* Cleared after reading: a publish that raced with the read either
     * left its byte (a spare wake-up) or is visible to the acquire that
     * follows; one that comes later sees pending false and writes. */
    pthread_mutex_lock(&ch->lock);
    ch->pending = false;
    pthread_mutex_unlock(&ch->lock);
}
