/* Drives the worker's lifecycle actions, for integration tests.
 *
 *   model_actions HOST
 *
 * Starts a worker on HOST (unix:///path) and waits until it has listed.
 * Commands on stdin, one per line, one answer line each on stdout:
 *
 *   act VERB TARGET MS [KEY=VALUE...]
 *       TARGET is a container name (looked up in the snapshot) or, when no
 *       container has that name, used as the id as it is. Options: t=N
 *       signal=NAME force=1 v=1 name=NEW mem=SIZE swap=SIZE|-1 cpus=N
 *       shares=N blkio=N pids=N.
 *       Answer: "ok act OK|FAIL pending=LABEL|- MESSAGE..." once the
 *       result is posted (LABEL: the row's pending state seen meanwhile),
 *       or "timeout act" after MS.
 *   quit
 *
 * Invalid parameters are refused before any request ("FAIL" at once). */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "endpoint.h"
#include "engine.h"
#include "model/lifecycle.h"
#include "model/worker.h"
#include "xalloc.h"

static double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Wait up to ms for a new snapshot; returns the newest (a reference) or NULL. */
static struct snapshot *next_snapshot(struct worker *w, int ms)
{
    struct pollfd pfd = {.fd = worker_wakeup_fd(w), .events = POLLIN};
    poll(&pfd, 1, ms);
    worker_wakeup_drain(w);
    return worker_snapshot(w);
}

static const struct snapshot_container *by_name(const struct snapshot *s, const char *name)
{
    for (size_t k = 0; s && k < s->ncontainers; k++)
        if (s->containers[k].c.name && strcmp(s->containers[k].c.name, name) == 0)
            return &s->containers[k];
    return NULL;
}

static int option(struct lifecycle_params *p, const char *kv)
{
    const char *eq = strchr(kv, '=');
    if (!eq)
        return -1;
    size_t kl = (size_t)(eq - kv);
    const char *v = eq + 1;
    struct lifecycle_limits *l = &p->limits;
    struct berth_error err;
#define KEY(k) (kl == strlen(k) && strncmp(kv, k, kl) == 0)
    if (KEY("t"))
        p->timeout_s = atoi(v);
    else if (KEY("signal"))
        snprintf(p->signal, sizeof p->signal, "%s", v);
    else if (KEY("force"))
        p->force = atoi(v) != 0;
    else if (KEY("v"))
        p->volumes = atoi(v) != 0;
    else if (KEY("name"))
        snprintf(p->name, sizeof p->name, "%s", v);
    else if (KEY("mem")) {
        if (lifecycle_parse_bytes(v, &l->memory, &err) < 0)
            return -1;
        l->set |= LIFECYCLE_LIMIT_MEMORY;
    } else if (KEY("swap")) {
        if (strcmp(v, "-1") == 0)
            l->memory_swap = -1;
        else if (lifecycle_parse_bytes(v, &l->memory_swap, &err) < 0)
            return -1;
        l->set |= LIFECYCLE_LIMIT_MEMORY_SWAP;
    } else if (KEY("cpus")) {
        if (lifecycle_parse_cpus(v, &l->nano_cpus, &err) < 0)
            return -1;
        l->set |= LIFECYCLE_LIMIT_CPUS;
    } else if (KEY("shares")) {
        l->cpu_shares = atoll(v);
        l->set |= LIFECYCLE_LIMIT_CPU_SHARES;
    } else if (KEY("blkio")) {
        l->blkio_weight = atoll(v);
        l->set |= LIFECYCLE_LIMIT_BLKIO_WEIGHT;
    } else if (KEY("pids")) {
        l->pids_limit = atoll(v);
        l->set |= LIFECYCLE_LIMIT_PIDS;
    } else
        return -1;
#undef KEY
    return 0;
}

static void act(struct worker *w, char *args)
{
    char *save = NULL;
    char *verb = strtok_r(args, " \t", &save);
    char *target = strtok_r(NULL, " \t", &save);
    char *ms_s = strtok_r(NULL, " \t", &save);
    if (!verb || !target || !ms_s) {
        printf("error usage: act VERB TARGET MS [K=V...]\n");
        return;
    }
    struct worker_action a;
    memset(&a, 0, sizeof a);
    a.kind = WORKER_ACTION_LIFECYCLE;
    a.lc.verb = lifecycle_verb_find(verb);
    a.lc.timeout_s = LIFECYCLE_DEFAULT_STOP_TIMEOUT;
    for (char *kv; (kv = strtok_r(NULL, " \t", &save));) {
        if (option(&a.lc, kv) < 0) {
            printf("error bad option %s\n", kv);
            return;
        }
    }
    struct snapshot *s = worker_snapshot(w);
    const struct snapshot_container *sc = by_name(s, target);
    snprintf(a.id, sizeof a.id, "%s", sc ? sc->c.id : target);
    snprintf(a.lc.label, sizeof a.lc.label, "%s", target);
    snapshot_unref(s);

    uint64_t seq = worker_submit(w, &a);
    double until = mono_ms() + atof(ms_s);
    char pending[32] = "-";
    while (mono_ms() < until) {
        s = next_snapshot(w, 100);
        if (!s)
            continue;
        const struct snapshot_container *row = snapshot_find(s, a.id);
        if (row && row->pending[0])
            snprintf(pending, sizeof pending, "%s", row->pending);
        for (size_t i = 0; i < s->nresults; i++) {
            if (s->results[i].seq == seq) {
                printf("ok act %s pending=%s %s\n", s->results[i].ok ? "OK" : "FAIL", pending,
                       s->results[i].message ? s->results[i].message : "");
                snapshot_unref(s);
                return;
            }
        }
        snapshot_unref(s);
    }
    printf("timeout act\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: model_actions HOST\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct endpoint ep;
    struct berth_error err;
    if (endpoint_parse_host(argv[1], &ep, &err) < 0) {
        fprintf(stderr, "model_actions: %s\n", err.message);
        return 2;
    }
    struct engine *e = engine_new(&ep, 0);
    struct worker *w = worker_new(e, NULL, &err);
    if (!w || worker_start(w, &err) < 0) {
        fprintf(stderr, "model_actions: %s\n", err.message);
        return 2;
    }
    /* Ready once the first list is in. */
    double until = mono_ms() + 15000;
    bool listed = false;
    while (!listed && mono_ms() < until) {
        struct snapshot *s = next_snapshot(w, 200);
        listed = s && s->listed;
        snapshot_unref(s);
    }
    printf("%s\n", listed ? "ready" : "not-ready");
    char line[1024];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "act ", 4) == 0)
            act(w, line + 4);
        else if (strcmp(line, "quit") == 0)
            break;
        else
            printf("error unknown command\n");
    }
    worker_free(w);
    engine_free(e);
    endpoint_done(&ep);
    printf("ok quit\n");
    return 0;
}
