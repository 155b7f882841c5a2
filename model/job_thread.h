/* A panel's background thread: one engine job at a time, off the UI thread.
 *
 * A list panel (volumes, images, networks) lists and changes engine objects
 * on a thread of its own, with its own engine client (a clone of the
 * dashboard's), so a slow engine never blocks the keyboard. This module is
 * that thread: one pending job (a copy of the panel's own job struct), a
 * busy flag, a status message posted from the thread, a cancel flag a long
 * job polls, and a non-blocking pipe the dashboard polls
 * (panel_ops.wake_fd) so the UI thread takes results as they come.
 *
 * The newest result of a listing waits in one slot (job_thread_post_result,
 * an older one not yet taken is dropped) until the wake hook takes it; any
 * other results (progress, history) the panel keeps under the module's
 * lock (job_thread_lock).
 *
 * Rules a submit follows, the same for every panel:
 * - a job flagged JOB_THREAD_REPLACEABLE (a refresh) that still waits may
 *   be replaced by the next submit;
 * - any other waiting job refuses further submits until the thread takes
 *   it;
 * - while a job flagged JOB_THREAD_BUSY waits or runs, submits are refused
 *   (job_thread_busy is true).
 * When nothing was asked for timer_ms, the thread runs the job NULL (the
 * panel relists). No curses here: the thread never draws. */
#ifndef BERTH_MODEL_JOB_THREAD_H
#define BERTH_MODEL_JOB_THREAD_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

struct engine;
struct job_thread;

enum job_thread_flags {
    JOB_THREAD_REPLACEABLE = 1 << 0, /* a later submit may take its place while it waits */
    JOB_THREAD_BUSY = 1 << 1,        /* refuse submits while it waits or runs */
};

struct job_thread_spec {
    size_t job_size;   /* bytes of one job (the panel's job struct) */
    unsigned timer_ms; /* idle this long: run(NULL); 0: never */
    /* Runs one job on the thread (job NULL: the timer fired), then
     * whatever relisting the panel wants. Called with no lock held. */
    void (*run)(void *owner, struct engine *eng, const void *job);
    /* Optional: runs once when the thread starts, instead of run(NULL). */
    void (*first)(void *owner, struct engine *eng);
    /* Optional: a job was accepted (called on the submitting thread, with
     * the lock held, before the thread can see the job). */
    void (*accepted)(void *owner, const void *job);
    /* The result slot: bytes of one result (the panel's list struct), and
     * how to free one that is dropped (may be NULL when nothing is). */
    size_t result_size;
    void (*result_done)(void *result);
    void *owner; /* passed to the callbacks */
};

/* A stopped thread with its wake pipe (the thread starts on first use).
 * The spec is copied. */
struct job_thread *job_thread_new(const struct job_thread_spec *spec);
/* Stop (cancelling the job that runs), join, free the engine clone. */
void job_thread_free(struct job_thread *t);

/* Start the thread with a clone of eng; does nothing when it already runs
 * or eng is NULL (tests, no engine). True when the thread runs. */
bool job_thread_start(struct job_thread *t, const struct engine *eng);
/* Ask the thread to stop and cancel its job, without waiting (so a panel
 * can then wake a stream its job waits on); job_thread_free joins. */
void job_thread_stop(struct job_thread *t);
/* Whether a stop was asked (for a job's own wait loops). Any thread. */
bool job_thread_stopping(struct job_thread *t);
/* The thread's engine client, NULL before the start. */
struct engine *job_thread_engine(const struct job_thread *t);

/* Queue a copy of job (spec.job_size bytes) with enum job_thread_flags.
 * False, and nothing queued, when the rules above refuse it. */
bool job_thread_submit(struct job_thread *t, const void *job, unsigned flags);
/* Whether a job flagged JOB_THREAD_BUSY waits or runs. */
bool job_thread_busy(struct job_thread *t);

/* Ask the running job to stop early (it polls job_thread_cancelled or
 * hands job_thread_cancel_flag to a transfer). Reset when a job starts. */
void job_thread_cancel(struct job_thread *t);
bool job_thread_cancelled(struct job_thread *t);
const atomic_bool *job_thread_cancel_flag(struct job_thread *t);

/* The lock guarding the panel's own posted results. */
void job_thread_lock(struct job_thread *t);
void job_thread_unlock(struct job_thread *t);

/* Make wake_fd readable (any thread; a full pipe already has one pending). */
void job_thread_wake(struct job_thread *t);
/* The read end for panel_ops.wake_fd (-1 when no pipe could be made). */
int job_thread_wake_fd(const struct job_thread *t);
/* Empty the pipe (at the top of the panel's wake hook). */
void job_thread_drain(struct job_thread *t);

/* From the thread: hand over *result (spec.result_size bytes; the slot owns
 * it now, the caller forgets it), then a wake-up. */
void job_thread_post_result(struct job_thread *t, const void *result);
/* On the UI thread: move the newest posted result into *out. False, and
 * *out untouched, when none came since the last take. */
bool job_thread_take_result(struct job_thread *t, void *out);

/* From the thread: a message for the status line, then a wake-up. Must not
 * be called with the lock held. */
void job_thread_post_status(struct job_thread *t, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* On the UI thread: the message posted since the last take, into buf.
 * False when there is none. Takes the lock itself. */
bool job_thread_take_status(struct job_thread *t, char *buf, size_t size, bool *error);

#endif
