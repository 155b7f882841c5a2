/* A scriptable client of the model worker, for integration tests.
 *
 *   model_worker HOST [--interval MS] [--no-cgroup]
 *
 * Starts a worker on HOST (unix:///path) and behaves like the UI loop:
 * polls the worker's wake-up fd, drains it, takes the newest snapshot. It
 * remembers, for every container name, its state and the wall-clock time
 * (unix seconds) of the first snapshot that showed that state, so a test
 * can tell how long after an outside change the model showed it.
 *
 * Commands on stdin, one per line; one answer line each on stdout, starting
 * with "ok" or "timeout" (MS bounds the wait):
 *   wait NAME STATE MS   ok NAME STATE SINCE          (STATE "absent" = gone)
 *   stale MS             ok stale SINCE ERROR...
 *   fresh MS             ok fresh SINCE               (connected, listed, not stale)
 *   stats NAME MS        ok stats NAME source=... cpu=... mem=... limit=... pids=... hist=N
 *   refresh MS           ok refresh OK|FAIL MESSAGE...
 *   info                 ok info gen=N containers=N running=N stale=0|1 connected=0|1
 *   interest NAME...     ok interest N    (worker_set_interest with those containers' ids)
 *   quit                 ok quit MS_TO_STOP */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "endpoint.h"
#include "engine.h"
#include "model/worker.h"
#include "xalloc.h"

struct seen {
    char *name;
    char state[16];
    double since;
};

static struct seen *seen;
static size_t nseen;
static double fresh_since; /* when the model last became fresh, 0 when not */
static double stale_since_seen;

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static struct seen *seen_get(const char *name)
{
    for (size_t i = 0; i < nseen; i++)
        if (strcmp(seen[i].name, name) == 0)
            return &seen[i];
    seen = xrealloc(seen, (nseen + 1) * sizeof *seen);
    struct seen *s = &seen[nseen++];
    s->name = xstrdup(name);
    snprintf(s->state, sizeof s->state, "absent");
    s->since = 0;
    return s;
}

/* Record state changes shown by a new snapshot. */
static void track(const struct snapshot *snap)
{
    double now = wall_now();
    for (size_t i = 0; i < nseen; i++) {
        bool present = false;
        for (size_t k = 0; k < snap->ncontainers; k++)
            if (snap->containers[k].c.name && strcmp(snap->containers[k].c.name, seen[i].name) == 0)
                present = true;
        if (!present && strcmp(seen[i].state, "absent") != 0) {
            snprintf(seen[i].state, sizeof seen[i].state, "absent");
            seen[i].since = now;
        }
    }
    for (size_t k = 0; k < snap->ncontainers; k++) {
        const struct container *c = &snap->containers[k].c;
        if (!c->name)
            continue;
        struct seen *s = seen_get(c->name);
        const char *st = container_state_name(c->state);
        if (strcmp(s->state, st) != 0) {
            snprintf(s->state, sizeof s->state, "%s", st);
            s->since = now;
        }
    }
    bool fresh = snap->connected && snap->listed && !snap->stale;
    if (fresh && !(fresh_since > 0))
        fresh_since = now;
    if (!fresh)
        fresh_since = 0;
    if (snap->stale && !(stale_since_seen > 0))
        stale_since_seen = now;
    if (!snap->stale)
        stale_since_seen = 0;
}

static const struct snapshot_container *find_name(const struct snapshot *s, const char *name)
{
    for (size_t k = 0; s && k < s->ncontainers; k++)
        if (s->containers[k].c.name && strcmp(s->containers[k].c.name, name) == 0)
            return &s->containers[k];
    return NULL;
}

/* The command being waited for. */
struct pending {
    bool active;
    char verb[16];
    char name[256];
    char state[16];
    double deadline; /* mono ms */
    uint64_t seq;    /* refresh */
};

static const char *source_name(enum snapshot_stats_source s)
{
    return s == SNAPSHOT_STATS_CGROUP ? "cgroup" : s == SNAPSHOT_STATS_API ? "api" : "none";
}

/* Answer p if its condition holds in snap (or it timed out); true when answered. */
static bool try_answer(struct pending *p, const struct snapshot *snap, bool timed_out)
{
    if (strcmp(p->verb, "wait") == 0) {
        struct seen *s = seen_get(p->name);
        if (strcmp(s->state, p->state) == 0) {
            printf("ok %s %s %.3f\n", p->name, p->state, s->since);
            return true;
        }
        if (timed_out) {
            printf("timeout %s is %s\n", p->name, s->state);
            return true;
        }
        return false;
    }
    if (strcmp(p->verb, "stale") == 0) {
        if (snap && snap->stale) {
            printf("ok stale %.3f %s\n", stale_since_seen, snap->error ? snap->error : "");
            return true;
        }
        if (timed_out) {
            printf("timeout not stale\n");
            return true;
        }
        return false;
    }
    if (strcmp(p->verb, "fresh") == 0) {
        if (fresh_since > 0) {
            printf("ok fresh %.3f\n", fresh_since);
            return true;
        }
        if (timed_out) {
            printf("timeout not fresh: %s\n", snap && snap->error ? snap->error : "no error");
            return true;
        }
        return false;
    }
    if (strcmp(p->verb, "stats") == 0) {
        const struct snapshot_container *sc = find_name(snap, p->name);
        if (sc && sc->has_stats && sc->stats.cpu_valid && sc->history.count >= 2) {
            printf("ok stats %s source=%s cpu=%.2f mem=%llu limit=%llu pids=%llu hist=%zu\n",
                   p->name, source_name(sc->source), sc->stats.cpu_percent,
                   (unsigned long long)sc->stats.mem_used, (unsigned long long)sc->stats.mem_limit,
                   (unsigned long long)sc->stats.pids, sc->history.count);
            return true;
        }
        if (timed_out) {
            printf("timeout no stats for %s\n", p->name);
            return true;
        }
        return false;
    }
    if (strcmp(p->verb, "refresh") == 0) {
        for (size_t i = 0; snap && i < snap->nresults; i++)
            if (snap->results[i].seq == p->seq) {
                printf("ok refresh %s %s\n", snap->results[i].ok ? "OK" : "FAIL",
                       snap->results[i].message);
                return true;
            }
        if (timed_out) {
            printf("timeout no result\n");
            return true;
        }
        return false;
    }
    printf("error unknown command %s\n", p->verb);
    return true;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s HOST [--interval MS] [--no-cgroup]\n", argv[0]);
        return 2;
    }
    struct worker_config cfg;
    worker_config_init(&cfg);
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--interval") == 0 && i + 1 < argc)
            cfg.interval_ms = (unsigned)atoi(argv[++i]);
        else if (strcmp(argv[i], "--no-cgroup") == 0)
            cfg.no_cgroup = true;
    }
    cfg.request_timeout_ms = 5000;

    struct endpoint ep;
    struct berth_error err;
    if (endpoint_parse_host(argv[1], &ep, &err) < 0) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    struct engine *e = engine_new(&ep, 5000);
    endpoint_done(&ep);
    struct worker *w = worker_new(e, &cfg, &err);
    if (!w || worker_start(w, &err) < 0) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);

    struct snapshot *snap = NULL;
    struct pending p = {0};
    char line[1024];
    size_t used = 0;
    bool quit = false, eof = false;
    while (!quit) {
        struct pollfd fds[2] = {
            {.fd = worker_wakeup_fd(w), .events = POLLIN},
            {.fd = (eof || p.active) ? -1 : STDIN_FILENO, .events = POLLIN},
        };
        int timeout = 100;
        poll(fds, 2, timeout);
        if (fds[0].revents & POLLIN) {
            worker_wakeup_drain(w);
            struct snapshot *s = worker_snapshot(w);
            if (s) {
                snapshot_unref(snap);
                snap = s;
                track(snap);
            }
        }
        if (p.active) {
            bool timed_out = mono_ms() >= p.deadline;
            if (try_answer(&p, snap, timed_out))
                p.active = false;
        }
        if (!p.active && !eof && (fds[1].revents & (POLLIN | POLLHUP))) {
            ssize_t n = read(STDIN_FILENO, line + used, sizeof line - 1 - used);
            if (n <= 0)
                eof = true;
            else
                used += (size_t)n;
        }
        char *nl;
        /* One command at a time: later lines wait in the buffer. */
        while (!p.active && !quit && (nl = memchr(line, '\n', used)) != NULL) {
            *nl = '\0';
            char verb[16] = "", a[256] = "", b[16] = "";
            long ms = 0;
            int got = sscanf(line, "%15s %255s %15s %ld", verb, a, b, &ms);
            memset(&p, 0, sizeof p);
            snprintf(p.verb, sizeof p.verb, "%s", verb);
            if (strcmp(verb, "quit") == 0) {
                double t0 = mono_ms();
                worker_stop(w);
                printf("ok quit %.0f\n", mono_ms() - t0);
                quit = true;
            } else if (strcmp(verb, "interest") == 0) {
                /* interest NAME...: only these (by current ids) for the API. */
                const char *ids[64];
                char *copies[64];
                size_t n = 0;
                char *save = NULL;
                strtok_r(line, " ", &save);
                for (char *tok = strtok_r(NULL, " ", &save); tok && n < 64;
                     tok = strtok_r(NULL, " ", &save)) {
                    const struct snapshot_container *sc = find_name(snap, tok);
                    if (sc) {
                        copies[n] = xstrdup(sc->c.id);
                        ids[n] = copies[n];
                        n++;
                    }
                }
                worker_set_interest(w, ids, n);
                printf("ok interest %zu\n", n);
                for (size_t i = 0; i < n; i++)
                    free(copies[i]);
            } else if (strcmp(verb, "info") == 0) {
                printf("ok info gen=%llu containers=%zu running=%zu stale=%d connected=%d\n",
                       snap ? (unsigned long long)snap->generation : 0ULL,
                       snap ? snap->ncontainers : 0, snap ? snap->counts.running : 0,
                       snap ? snap->stale : 0, snap ? snap->connected : 0);
            } else if (strcmp(verb, "wait") == 0 && got == 4) {
                snprintf(p.name, sizeof p.name, "%s", a);
                snprintf(p.state, sizeof p.state, "%s", b);
                seen_get(p.name);
                p.deadline = mono_ms() + (double)ms;
                p.active = true;
            } else if ((strcmp(verb, "stale") == 0 || strcmp(verb, "fresh") == 0 ||
                        strcmp(verb, "refresh") == 0) &&
                       got >= 2) {
                p.deadline = mono_ms() + atof(a);
                if (strcmp(verb, "refresh") == 0) {
                    struct worker_action act = {.kind = WORKER_ACTION_REFRESH};
                    p.seq = worker_submit(w, &act);
                }
                p.active = true;
            } else if (strcmp(verb, "stats") == 0 && got >= 3) {
                snprintf(p.name, sizeof p.name, "%s", a);
                p.deadline = mono_ms() + atof(b);
                p.active = true;
            } else if (verb[0]) {
                printf("error bad command: %s\n", line);
            }
            size_t rest = used - (size_t)(nl + 1 - line);
            memmove(line, nl + 1, rest);
            used = rest;
            if (p.active && try_answer(&p, snap, false))
                p.active = false;
        }
        if (eof && !p.active && !memchr(line, '\n', used))
            quit = true;
        if (used == sizeof line - 1)
            used = 0; /* an over-long line: drop it */
    }
    snapshot_unref(snap);
    worker_free(w);
    engine_free(e);
    for (size_t i = 0; i < nseen; i++)
        free(seen[i].name);
    free(seen);
    return 0;
}
