/* Snapshots: reference counting across a publisher and reader threads,
 * wake-up coalescing on the channel's pipe, no lost wake-up, lookup by id
 * and counts. Run under ThreadSanitizer (--enable-tsan) to check the
 * hand-over for races as well. */
#include "config.h"

#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include <cmocka.h>

#include "model/snapshot.h"
#include "xalloc.h"

#define PUBLISHES 3000
#define READERS 4

struct shared {
    struct snapshot_channel *ch;
    atomic_bool done;
    atomic_int failures;
    atomic_long reads;
};

/* A snapshot for round i: mem_total = i, one container named "c<i>" whose
 * history's newest CPU sample is i. */
static struct snapshot *make_round(struct history *h, uint64_t i)
{
    double v[HISTORY_NSERIES];
    for (int s = 0; s < HISTORY_NSERIES; s++)
        v[s] = (double)i;
    history_append(h, v);

    struct snapshot *s = snapshot_new();
    s->mem_total = i;
    s->server_version = xstrdup("20.10.24");
    struct snapshot_container *sc = snapshot_add_container(s);
    snprintf(sc->c.id, sizeof sc->c.id, "%064llx", (unsigned long long)i);
    sc->c.name = xasprintf("c%llu", (unsigned long long)i);
    sc->c.state = CONTAINER_STATE_RUNNING;
    history_view_take(h, &sc->history);
    snapshot_finish(s);
    return s;
}

static void *publisher(void *arg)
{
    struct shared *sh = arg;
    struct history h;
    history_init(&h, 50);
    for (uint64_t i = 1; i <= PUBLISHES; i++)
        snapshot_publish(sh->ch, make_round(&h, i));
    history_done(&h);
    atomic_store(&sh->done, true);
    return NULL;
}

/* Check a snapshot is whole: its fields agree with each other. */
static bool snapshot_consistent(const struct snapshot *s)
{
    char want[32];
    if (s->mem_total != s->generation || s->ncontainers != 1 || s->counts.running != 1)
        return false;
    snprintf(want, sizeof want, "c%llu", (unsigned long long)s->generation);
    const struct snapshot_container *sc = &s->containers[0];
    if (strcmp(sc->c.name, want) != 0 || sc->history.count == 0)
        return false;
    double newest = history_view_get(&sc->history, HISTORY_CPU, sc->history.count - 1);
    double oldest = history_view_get(&sc->history, HISTORY_PIDS, 0);
    return fabs(newest - (double)s->generation) < 0.5 &&
           fabs(oldest - (double)(s->generation - sc->history.count + 1)) < 0.5;
}

static void *reader(void *arg)
{
    struct shared *sh = arg;
    uint64_t last = 0;
    for (;;) {
        bool finished = atomic_load(&sh->done);
        struct snapshot *s = snapshot_acquire(sh->ch);
        if (s) {
            if (s->generation < last || !snapshot_consistent(s))
                atomic_fetch_add(&sh->failures, 1);
            last = s->generation;
            atomic_fetch_add(&sh->reads, 1);
            snapshot_unref(s);
        }
        if (finished)
            break;
    }
    if (last != PUBLISHES)
        atomic_fetch_add(&sh->failures, 1);
    return NULL;
}

static void test_refcount_across_threads(void **state)
{
    (void)state;
    struct shared sh;
    struct berth_error err;
    sh.ch = snapshot_channel_new(&err);
    assert_non_null(sh.ch);
    atomic_init(&sh.done, false);
    atomic_init(&sh.failures, 0);
    atomic_init(&sh.reads, 0);
    assert_null(snapshot_acquire(sh.ch));

    pthread_t pub, rd[READERS];
    for (int i = 0; i < READERS; i++)
        assert_int_equal(pthread_create(&rd[i], NULL, reader, &sh), 0);
    assert_int_equal(pthread_create(&pub, NULL, publisher, &sh), 0);
    pthread_join(pub, NULL);
    for (int i = 0; i < READERS; i++)
        pthread_join(rd[i], NULL);

    assert_int_equal(atomic_load(&sh.failures), 0);
    assert_true(atomic_load(&sh.reads) > 0);
    /* Only the channel holds the last one now: ours makes two. */
    struct snapshot *s = snapshot_acquire(sh.ch);
    assert_non_null(s);
    assert_true(s->generation == PUBLISHES);
    assert_int_equal(atomic_load(&s->refs), 2);
    /* A reader may keep its snapshot past the channel's end. */
    snapshot_channel_free(sh.ch);
    assert_int_equal(atomic_load(&s->refs), 1);
    assert_true(snapshot_consistent(s));
    snapshot_unref(s);
}

static int pending_bytes(int fd)
{
    int n = -1;
    assert_int_equal(ioctl(fd, FIONREAD, &n), 0);
    return n;
}

static bool readable(int fd, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, timeout_ms) == 1 && (p.revents & POLLIN);
}

static void test_wakeups_coalesce(void **state)
{
    (void)state;
    struct berth_error err;
    struct snapshot_channel *ch = snapshot_channel_new(&err);
    assert_non_null(ch);
    int fd = snapshot_channel_fd(ch);
    assert_false(readable(fd, 0));

    /* A hundred publishes with nobody reading: one byte, no blocking. */
    for (int i = 0; i < 100; i++)
        snapshot_publish(ch, snapshot_new());
    assert_true(readable(fd, 0));
    assert_int_equal(pending_bytes(fd), 1);
    assert_true(snapshot_channel_generation(ch) == 100);

    snapshot_channel_drain(ch);
    assert_false(readable(fd, 0));
    struct snapshot *s = snapshot_acquire(ch);
    assert_true(s->generation == 100);
    snapshot_unref(s);

    /* The next publish wakes again; a drain with nothing new stays quiet. */
    snapshot_publish(ch, snapshot_new());
    assert_true(readable(fd, 0));
    assert_int_equal(pending_bytes(fd), 1);
    snapshot_channel_drain(ch);
    snapshot_channel_drain(ch);
    assert_false(readable(fd, 0));
    snapshot_channel_free(ch);
}

struct waker {
    struct snapshot_channel *ch;
    atomic_bool go;
};

static void *burst_publisher(void *arg)
{
    struct waker *w = arg;
    while (!atomic_load(&w->go))
        ;
    for (int i = 0; i < PUBLISHES; i++)
        snapshot_publish(w->ch, snapshot_new());
    return NULL;
}

/* A UI-like loop (poll, drain, acquire) always ends up seeing the last
 * publish: coalescing never swallows a wake-up that carries news. */
static void test_no_lost_wakeup(void **state)
{
    (void)state;
    struct berth_error err;
    struct waker w;
    w.ch = snapshot_channel_new(&err);
    assert_non_null(w.ch);
    atomic_init(&w.go, false);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, burst_publisher, &w), 0);
    atomic_store(&w.go, true);

    uint64_t seen = 0;
    int wakeups = 0;
    while (seen < PUBLISHES) {
        if (!readable(snapshot_channel_fd(w.ch), 5000))
            fail_msg("no wake-up after generation %llu", (unsigned long long)seen);
        wakeups++;
        snapshot_channel_drain(w.ch);
        struct snapshot *s = snapshot_acquire(w.ch);
        assert_non_null(s);
        assert_true(s->generation >= seen);
        seen = s->generation;
        snapshot_unref(s);
    }
    pthread_join(t, NULL);
    assert_true(wakeups <= PUBLISHES);
    snapshot_channel_free(w.ch);
}

static void test_find_and_counts(void **state)
{
    (void)state;
    struct snapshot *s = snapshot_new();
    static const struct {
        const char *id;
        enum container_state st;
        enum container_health health;
    } rows[] = {
        {"ffff000000000000000000000000000000000000000000000000000000000000", CONTAINER_STATE_EXITED,
         CONTAINER_HEALTH_NONE},
        {"aaaa111111111111000000000000000000000000000000000000000000000000",
         CONTAINER_STATE_RUNNING, CONTAINER_HEALTH_UNHEALTHY},
        {"aaaa111111112222000000000000000000000000000000000000000000000000", CONTAINER_STATE_PAUSED,
         CONTAINER_HEALTH_HEALTHY},
        {"5555000000000000000000000000000000000000000000000000000000000000",
         CONTAINER_STATE_CREATED, CONTAINER_HEALTH_NONE},
        {"7777000000000000000000000000000000000000000000000000000000000000",
         CONTAINER_STATE_RESTARTING, CONTAINER_HEALTH_NONE},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct snapshot_container *sc = snapshot_add_container(s);
        snprintf(sc->c.id, sizeof sc->c.id, "%s", rows[i].id);
        sc->c.state = rows[i].st;
        sc->c.health = rows[i].health;
    }
    snapshot_finish(s);
    assert_int_equal(s->counts.total, 5);
    assert_int_equal(s->counts.running, 2);
    assert_int_equal(s->counts.paused, 1);
    assert_int_equal(s->counts.stopped, 2);
    assert_int_equal(s->counts.unhealthy, 1);
    for (size_t i = 1; i < s->ncontainers; i++)
        assert_true(strcmp(s->containers[i - 1].c.id, s->containers[i].c.id) < 0);

    assert_non_null(snapshot_find(s, rows[0].id));
    assert_int_equal(snapshot_find(s, rows[3].id)->c.state, CONTAINER_STATE_CREATED);
    assert_non_null(snapshot_find(s, "ffff00000000")); /* unique 12-char prefix */
    assert_null(snapshot_find(s, "aaaa11111111"));     /* ambiguous */
    assert_non_null(snapshot_find(s, "aaaa11111111222"));
    assert_null(snapshot_find(s, "ffff")); /* too short */
    assert_null(snapshot_find(s, "0000000000000000"));
    assert_null(snapshot_find(NULL, rows[0].id));

    char text[] = "refreshed";
    struct snapshot_action_result r = {.seq = 1, .ok = true, .message = text};
    for (int i = 0; i < 40; i++) {
        r.seq = (uint64_t)i + 1;
        snapshot_add_result(s, &r);
    }
    assert_true(s->nresults > 0 && s->nresults < 40);
    assert_true(s->results[s->nresults - 1].seq == 40);
    assert_string_equal(s->results[0].message, "refreshed");
    snapshot_unref(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refcount_across_threads),
        cmocka_unit_test(test_wakeups_coalesce),
        cmocka_unit_test(test_no_lost_wakeup),
        cmocka_unit_test(test_find_and_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
