/* A panel's background thread (see job_thread.h).
 *
 * Threads: the owner's UI thread calls everything but the callbacks; the
 * job thread runs the callbacks, job_thread_post_result and
 * job_thread_post_status. Fields under `lock` are the pending job, the
 * flags of the job that runs, the result slot and the status message; stop and cancel are atomics
 * so that a job can poll them without the lock. */
#include "config.h"

#include "model/job_thread.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "xalloc.h"

#define JOB_THREAD_STATUS_MAX 768

struct job_thread {
    struct job_thread_spec spec;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pthread_t thread;
    bool started; /* owner's thread only */
    struct engine *eng;
    int pipe[2];
    atomic_bool stop;
    atomic_bool cancel;
    /* Guarded by lock. */
    void *job; /* the pending job, when pending */
    bool pending, pending_timer;
    unsigned pending_flags;
    unsigned running_flags; /* of the job that runs; 0 when none */
    char status[JOB_THREAD_STATUS_MAX];
    bool status_err, have_status;
    void *result; /* the posted result, when have_result */
    bool have_result;
    /* The job thread's copy of the job it runs. */
    void *running;
};

/* --- the thread ------------------------------------------------------------- */

static bool job_thread_busy_locked(const struct job_thread *t)
{
    return (t->pending && (t->pending_flags & JOB_THREAD_BUSY)) ||
           (t->running_flags & JOB_THREAD_BUSY);
}

static void *job_thread_main(void *arg)
{
    struct job_thread *t = arg;
    void *owner = t->spec.owner;
    if (t->spec.first)
        t->spec.first(owner, t->eng);
    else
        t->spec.run(owner, t->eng, NULL);
    pthread_mutex_lock(&t->lock);
    while (!atomic_load(&t->stop)) {
        if (!t->pending) {
            if (t->spec.timer_ms == 0) {
                pthread_cond_wait(&t->cond, &t->lock);
                continue;
            }
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += (time_t)(t->spec.timer_ms / 1000);
            until.tv_nsec += (long)(t->spec.timer_ms % 1000) * 1000000L;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            if (pthread_cond_timedwait(&t->cond, &t->lock, &until) != 0 && !atomic_load(&t->stop) &&
                !t->pending) {
                /* The timer: a refresh nobody asked for, run like one. */
                t->pending = t->pending_timer = true;
                t->pending_flags = JOB_THREAD_REPLACEABLE;
            }
            continue;
        }
        bool timer = t->pending_timer;
        memcpy(t->running, t->job, t->spec.job_size);
        t->running_flags = t->pending_flags;
        t->pending = t->pending_timer = false;
        t->pending_flags = 0;
        atomic_store(&t->cancel, false);
        pthread_mutex_unlock(&t->lock);
        job_thread_wake(t);
        t->spec.run(owner, t->eng, timer ? NULL : t->running);
        pthread_mutex_lock(&t->lock);
        t->running_flags = 0;
        job_thread_wake(t);
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

/* --- public ------------------------------------------------------------------ */

struct job_thread *job_thread_new(const struct job_thread_spec *spec)
{
    struct job_thread *t = xcalloc(1, sizeof *t);
    t->spec = *spec;
    t->job = xcalloc(1, spec->job_size ? spec->job_size : 1);
    t->running = xcalloc(1, spec->job_size ? spec->job_size : 1);
    t->result = xcalloc(1, spec->result_size ? spec->result_size : 1);
    atomic_init(&t->stop, false);
    atomic_init(&t->cancel, false);
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->cond, NULL);
    if (pipe(t->pipe) < 0) {
        t->pipe[0] = t->pipe[1] = -1;
    } else {
        for (int i = 0; i < 2; i++) {
            fcntl(t->pipe[i], F_SETFL, fcntl(t->pipe[i], F_GETFL) | O_NONBLOCK);
            fcntl(t->pipe[i], F_SETFD, FD_CLOEXEC);
        }
    }
    return t;
}

void job_thread_stop(struct job_thread *t)
{
    atomic_store(&t->cancel, true);
    pthread_mutex_lock(&t->lock);
    atomic_store(&t->stop, true);
    pthread_cond_signal(&t->cond);
    pthread_mutex_unlock(&t->lock);
}

void job_thread_free(struct job_thread *t)
{
    if (!t)
        return;
    if (t->started) {
        job_thread_stop(t);
        pthread_join(t->thread, NULL);
        engine_free(t->eng);
    }
    for (int i = 0; i < 2; i++)
        if (t->pipe[i] >= 0)
            close(t->pipe[i]);
    if (t->have_result && t->spec.result_done)
        t->spec.result_done(t->result);
    pthread_mutex_destroy(&t->lock);
    pthread_cond_destroy(&t->cond);
    free(t->result);
    free(t->job);
    free(t->running);
    free(t);
}

bool job_thread_start(struct job_thread *t, const struct engine *eng)
{
    if (t->started || !eng)
        return t->started;
    t->eng = engine_clone(eng);
    if (pthread_create(&t->thread, NULL, job_thread_main, t) == 0) {
        t->started = true;
    } else {
        engine_free(t->eng);
        t->eng = NULL;
    }
    return t->started;
}

bool job_thread_stopping(struct job_thread *t)
{
    return atomic_load(&t->stop);
}

struct engine *job_thread_engine(const struct job_thread *t)
{
    return t->eng;
}

bool job_thread_submit(struct job_thread *t, const void *job, unsigned flags)
{
    pthread_mutex_lock(&t->lock);
    bool taken =
        job_thread_busy_locked(t) || (t->pending && !(t->pending_flags & JOB_THREAD_REPLACEABLE));
    if (!taken) {
        memcpy(t->job, job, t->spec.job_size);
        t->pending = true;
        t->pending_timer = false;
        t->pending_flags = flags;
        if (t->spec.accepted)
            t->spec.accepted(t->spec.owner, job);
        pthread_cond_signal(&t->cond);
    }
    pthread_mutex_unlock(&t->lock);
    return !taken;
}

bool job_thread_busy(struct job_thread *t)
{
    pthread_mutex_lock(&t->lock);
    bool busy = job_thread_busy_locked(t);
    pthread_mutex_unlock(&t->lock);
    return busy;
}

void job_thread_cancel(struct job_thread *t)
{
    atomic_store(&t->cancel, true);
}

bool job_thread_cancelled(struct job_thread *t)
{
    return atomic_load(&t->cancel);
}

const atomic_bool *job_thread_cancel_flag(struct job_thread *t)
{
    return &t->cancel;
}

void job_thread_lock(struct job_thread *t)
{
    pthread_mutex_lock(&t->lock);
}

void job_thread_unlock(struct job_thread *t)
{
    pthread_mutex_unlock(&t->lock);
}

void job_thread_wake(struct job_thread *t)
{
    char b = 1;
    if (t->pipe[1] >= 0 && write(t->pipe[1], &b, 1) < 0) {
        /* full: a wake-up is already pending */
    }
}

int job_thread_wake_fd(const struct job_thread *t)
{
    return t->pipe[0];
}

void job_thread_drain(struct job_thread *t)
{
    char buf[64];
    if (t->pipe[0] < 0)
        return;
    while (read(t->pipe[0], buf, sizeof buf) > 0) {
    }
}

void job_thread_post_result(struct job_thread *t, const void *result)
{
    pthread_mutex_lock(&t->lock);
    if (t->have_result && t->spec.result_done)
        t->spec.result_done(t->result);
    memcpy(t->result, result, t->spec.result_size);
    t->have_result = true;
    pthread_mutex_unlock(&t->lock);
    job_thread_wake(t);
}

bool job_thread_take_result(struct job_thread *t, void *out)
{
    pthread_mutex_lock(&t->lock);
    bool have = t->have_result;
    if (have) {
        memcpy(out, t->result, t->spec.result_size);
        memset(t->result, 0, t->spec.result_size);
        t->have_result = false;
    }
    pthread_mutex_unlock(&t->lock);
    return have;
}

void job_thread_post_status(struct job_thread *t, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&t->lock);
    vsnprintf(t->status, sizeof t->status, fmt, ap);
    t->status_err = error;
    t->have_status = true;
    pthread_mutex_unlock(&t->lock);
    va_end(ap);
    job_thread_wake(t);
}

bool job_thread_take_status(struct job_thread *t, char *buf, size_t size, bool *error)
{
    pthread_mutex_lock(&t->lock);
    bool have = t->have_status;
    if (have) {
        snprintf(buf, size, "%s", t->status);
        if (error)
            *error = t->status_err;
        t->have_status = false;
    }
    pthread_mutex_unlock(&t->lock);
    return have;
}
