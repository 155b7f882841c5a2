/* The list panels' job thread: the first run, submitted jobs run on the
 * thread with their own copy, the refusal rules (busy, a waiting change,
 * a waiting refresh replaced), status messages that make the wake fd
 * readable, cancel, the idle timer and a clean stop while a job runs.
 * The engine is never reached: the jobs here only check they were given a
 * client of their own. Every wait is bounded (10 s). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "endpoint.h"
#include "engine.h"
#include "model/job_thread.h"

enum { JOB_WORK, JOB_HOLD, JOB_UNTIL_CANCEL, JOB_UNTIL_STOP, JOB_LIST };

struct job {
    int kind;
    int n;
};

/* A listing's result: a heap string, so that a dropped one leaks unless
 * the slot frees it (the ASan build sees that). */
struct result {
    char *text;
};

static atomic_int results_freed;

static void result_done(void *r)
{
    free(((struct result *)r)->text);
    atomic_fetch_add(&results_freed, 1);
}

struct fixture {
    struct job_thread *t;
    struct engine *eng;
    struct endpoint ep;
    atomic_int firsts, timers, accepted;
    atomic_bool hold;    /* JOB_HOLD waits while this is true */
    atomic_bool holding; /* a JOB_HOLD is waiting */
    atomic_bool other_engine;
    /* The order jobs ran in: their n, appended by the thread. */
    char ran[256];
    atomic_int nran;
};

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void fx_first(void *owner, struct engine *eng)
{
    struct fixture *f = owner;
    atomic_store(&f->other_engine, eng && eng != f->eng);
    atomic_fetch_add(&f->firsts, 1);
    job_thread_post_status(f->t, false, "first");
}

static void fx_run(void *owner, struct engine *eng, const void *job)
{
    struct fixture *f = owner;
    const struct job *j = job;
    (void)eng;
    if (!j) {
        atomic_fetch_add(&f->timers, 1);
        job_thread_post_status(f->t, false, "timer");
        return;
    }
    switch (j->kind) {
    case JOB_HOLD:
        atomic_store(&f->holding, true);
        for (int i = 0; i < 1000 && atomic_load(&f->hold); i++)
            sleep_ms(10);
        atomic_store(&f->holding, false);
        break;
    case JOB_UNTIL_CANCEL:
        atomic_store(&f->holding, true);
        for (int i = 0; i < 1000 && !job_thread_cancelled(f->t); i++)
            sleep_ms(10);
        atomic_store(&f->holding, false);
        job_thread_post_status(f->t, true, "cancelled %d", j->n);
        return;
    case JOB_LIST: {
        struct result r = {.text = malloc(32)};
        snprintf(r.text, 32, "list %d", j->n);
        job_thread_post_result(f->t, &r);
        return;
    }
    case JOB_UNTIL_STOP:
        atomic_store(&f->holding, true);
        for (int i = 0; i < 1000 && !job_thread_stopping(f->t); i++)
            sleep_ms(10);
        return;
    default:
        break;
    }
    job_thread_lock(f->t);
    size_t len = strlen(f->ran);
    snprintf(f->ran + len, sizeof f->ran - len, "%s%d", len ? " " : "", j->n);
    job_thread_unlock(f->t);
    atomic_fetch_add(&f->nran, 1);
    job_thread_post_status(f->t, false, "ran %d", j->n);
}

static void fx_accepted(void *owner, const void *job)
{
    struct fixture *f = owner;
    (void)job;
    atomic_fetch_add(&f->accepted, 1);
}

static struct fixture *fx_new(unsigned timer_ms, bool first)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct berth_error err;
    assert_int_equal(endpoint_parse_host("unix:///nonexistent/berth-test.sock", &f->ep, &err), 0);
    f->eng = engine_new(&f->ep, 1000);
    struct job_thread_spec spec = {.job_size = sizeof(struct job),
                                   .timer_ms = timer_ms,
                                   .run = fx_run,
                                   .first = first ? fx_first : NULL,
                                   .accepted = fx_accepted,
                                   .result_size = sizeof(struct result),
                                   .result_done = result_done,
                                   .owner = f};
    f->t = job_thread_new(&spec);
    return f;
}

static void fx_free(struct fixture *f)
{
    job_thread_free(f->t);
    engine_free(f->eng);
    endpoint_done(&f->ep);
    free(f);
}

static bool readable(int fd, int ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

/* Wait (10 s at most) for a status message that starts with want. */
static bool wait_status(struct fixture *f, const char *want, bool *error)
{
    char msg[256];
    for (int i = 0; i < 100; i++) {
        if (!readable(job_thread_wake_fd(f->t), 100))
            continue;
        job_thread_drain(f->t);
        if (job_thread_take_status(f->t, msg, sizeof msg, error) &&
            strncmp(msg, want, strlen(want)) == 0)
            return true;
    }
    return false;
}

static bool wait_flag(atomic_bool *flag, bool want)
{
    for (int i = 0; i < 1000 && atomic_load(flag) != want; i++)
        sleep_ms(10);
    return atomic_load(flag) == want;
}

static void test_start_and_run(void **state)
{
    (void)state;
    struct fixture *f = fx_new(0, true);
    /* No engine: nothing starts (tests, no engine). */
    assert_false(job_thread_start(f->t, NULL));
    assert_null(job_thread_engine(f->t));
    assert_false(readable(job_thread_wake_fd(f->t), 0));

    assert_true(job_thread_start(f->t, f->eng));
    assert_true(job_thread_start(f->t, f->eng)); /* once */
    assert_non_null(job_thread_engine(f->t));
    assert_ptr_not_equal(job_thread_engine(f->t), f->eng);
    bool error = true;
    assert_true(wait_status(f, "first", &error));
    assert_false(error);
    assert_int_equal(atomic_load(&f->firsts), 1);
    assert_true(atomic_load(&f->other_engine));

    struct job j = {JOB_WORK, 7};
    assert_true(job_thread_submit(f->t, &j, JOB_THREAD_BUSY));
    j.n = 8; /* the thread has its own copy */
    assert_true(wait_status(f, "ran 7", &error));
    assert_false(error);
    assert_int_equal(atomic_load(&f->accepted), 1);

    /* Once no longer busy the thread wakes no more: drained and taken,
     * there is nothing to read. */
    for (int i = 0; i < 1000 && job_thread_busy(f->t); i++)
        sleep_ms(10);
    assert_false(job_thread_busy(f->t));
    job_thread_drain(f->t);
    char msg[64];
    assert_false(job_thread_take_status(f->t, msg, sizeof msg, NULL));
    assert_false(readable(job_thread_wake_fd(f->t), 0));
    job_thread_wake(f->t);
    assert_true(readable(job_thread_wake_fd(f->t), 0));
    fx_free(f);
}

static void test_busy_refusal(void **state)
{
    (void)state;
    struct fixture *f = fx_new(0, true);
    assert_true(job_thread_start(f->t, f->eng));
    assert_true(wait_status(f, "first", NULL));
    assert_false(job_thread_busy(f->t));

    atomic_store(&f->hold, true);
    struct job hold = {JOB_HOLD, 1}, work = {JOB_WORK, 2};
    assert_true(job_thread_submit(f->t, &hold, JOB_THREAD_BUSY));
    assert_true(job_thread_busy(f->t));
    assert_true(wait_flag(&f->holding, true));
    assert_true(job_thread_busy(f->t));
    /* Busy: neither a change nor a refresh is taken. */
    assert_false(job_thread_submit(f->t, &work, 0));
    assert_false(job_thread_submit(f->t, &work, JOB_THREAD_REPLACEABLE));
    assert_int_equal(atomic_load(&f->accepted), 1);

    atomic_store(&f->hold, false);
    assert_true(wait_status(f, "ran 1", NULL));
    for (int i = 0; i < 1000 && job_thread_busy(f->t); i++)
        sleep_ms(10);
    assert_false(job_thread_busy(f->t));
    assert_true(job_thread_submit(f->t, &work, 0));
    assert_true(wait_status(f, "ran 2", NULL));
    fx_free(f);
}

static void test_waiting_jobs(void **state)
{
    (void)state;
    struct fixture *f = fx_new(0, true);
    assert_true(job_thread_start(f->t, f->eng));
    assert_true(wait_status(f, "first", NULL));

    /* A job that is not busy runs; one more may wait behind it. */
    atomic_store(&f->hold, true);
    struct job hold = {JOB_HOLD, 1}, j = {JOB_WORK, 0};
    assert_true(job_thread_submit(f->t, &hold, 0));
    assert_true(wait_flag(&f->holding, true));
    assert_false(job_thread_busy(f->t));

    /* A waiting refresh is replaced by the next submit... */
    j.n = 2;
    assert_true(job_thread_submit(f->t, &j, JOB_THREAD_REPLACEABLE));
    j.n = 3;
    assert_true(job_thread_submit(f->t, &j, 0));
    /* ...but a waiting change refuses the next one. */
    j.n = 4;
    assert_false(job_thread_submit(f->t, &j, 0));
    assert_false(job_thread_submit(f->t, &j, JOB_THREAD_REPLACEABLE));

    atomic_store(&f->hold, false);
    for (int i = 0; i < 1000 && atomic_load(&f->nran) < 2; i++)
        sleep_ms(10);
    assert_int_equal(atomic_load(&f->nran), 2);
    job_thread_lock(f->t);
    assert_string_equal(f->ran, "1 3");
    job_thread_unlock(f->t);
    fx_free(f);
}

static void test_cancel(void **state)
{
    (void)state;
    struct fixture *f = fx_new(0, true);
    assert_true(job_thread_start(f->t, f->eng));
    assert_true(wait_status(f, "first", NULL));

    struct job j = {JOB_UNTIL_CANCEL, 5};
    assert_true(job_thread_submit(f->t, &j, JOB_THREAD_BUSY));
    assert_true(job_thread_busy(f->t));
    assert_true(wait_flag(&f->holding, true));
    assert_false(job_thread_cancelled(f->t));
    job_thread_cancel(f->t);
    bool error = false;
    assert_true(wait_status(f, "cancelled 5", &error));
    assert_true(error);
    /* A new job starts uncancelled. */
    for (int i = 0; i < 1000 && job_thread_busy(f->t); i++)
        sleep_ms(10);
    j.kind = JOB_WORK;
    assert_true(job_thread_submit(f->t, &j, 0));
    assert_true(wait_status(f, "ran 5", NULL));
    assert_false(job_thread_cancelled(f->t));
    fx_free(f);
}

static void test_timer(void **state)
{
    (void)state;
    struct fixture *f = fx_new(100, false);
    assert_true(job_thread_start(f->t, f->eng));
    /* Without a first callback the thread starts with run(NULL); then the
     * idle timer runs it again and again. */
    assert_true(wait_status(f, "timer", NULL));
    for (int i = 0; i < 1000 && atomic_load(&f->timers) < 3; i++)
        sleep_ms(10);
    assert_true(atomic_load(&f->timers) >= 3);
    assert_int_equal(atomic_load(&f->firsts), 0);
    /* A submitted job still runs between the timer's. */
    struct job j = {JOB_WORK, 9};
    assert_true(job_thread_submit(f->t, &j, 0));
    for (int i = 0; i < 1000 && atomic_load(&f->nran) < 1; i++)
        sleep_ms(10);
    job_thread_lock(f->t);
    assert_string_equal(f->ran, "9");
    job_thread_unlock(f->t);
    fx_free(f);
}

static void test_results(void **state)
{
    (void)state;
    struct fixture *f = fx_new(0, true);
    struct result r = {NULL};
    assert_false(job_thread_take_result(f->t, &r));
    assert_null(r.text);
    assert_true(job_thread_start(f->t, f->eng));
    assert_true(wait_status(f, "first", NULL));

    /* Two listings before the UI looks: the newest is taken, the older
     * one was freed by the slot. */
    atomic_store(&results_freed, 0);
    struct job j = {JOB_LIST, 1};
    assert_true(job_thread_submit(f->t, &j, JOB_THREAD_BUSY));
    for (int i = 0; i < 1000 && job_thread_busy(f->t); i++)
        sleep_ms(10);
    j.n = 2;
    assert_true(job_thread_submit(f->t, &j, JOB_THREAD_BUSY));
    for (int i = 0; i < 1000 && job_thread_busy(f->t); i++)
        sleep_ms(10);
    assert_true(readable(job_thread_wake_fd(f->t), 0));
    job_thread_drain(f->t);
    assert_true(job_thread_take_result(f->t, &r));
    assert_string_equal(r.text, "list 2");
    assert_int_equal(atomic_load(&results_freed), 1);
    free(r.text);
    assert_false(job_thread_take_result(f->t, &r));

    /* One left in the slot is freed with the thread. */
    j.n = 3;
    assert_true(job_thread_submit(f->t, &j, JOB_THREAD_BUSY));
    for (int i = 0; i < 1000 && job_thread_busy(f->t); i++)
        sleep_ms(10);
    fx_free(f);
    assert_int_equal(atomic_load(&results_freed), 2);
}

static void test_stop_while_running(void **state)
{
    (void)state;
    /* Never started: freed all the same. */
    struct fixture *f = fx_new(0, true);
    struct job j = {JOB_WORK, 1};
    assert_true(job_thread_submit(f->t, &j, 0));
    fx_free(f);

    f = fx_new(0, true);
    assert_true(job_thread_start(f->t, f->eng));
    j.kind = JOB_UNTIL_STOP;
    assert_true(job_thread_submit(f->t, &j, JOB_THREAD_BUSY));
    assert_true(wait_flag(&f->holding, true));
    job_thread_stop(f->t);
    assert_true(job_thread_stopping(f->t));
    assert_true(job_thread_cancelled(f->t));
    fx_free(f); /* joins: the job saw the stop */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_start_and_run),
        cmocka_unit_test(test_busy_refusal),
        cmocka_unit_test(test_waiting_jobs),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_timer),
        cmocka_unit_test(test_results),
        cmocka_unit_test(test_stop_while_running),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
