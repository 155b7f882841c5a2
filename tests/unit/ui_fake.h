/* Synthetic snapshots for the dashboard's unit tests: containers with
 * just the fields the table reads. Test-only: every function is static. */
#ifndef BERTH_TESTS_UNIT_UI_FAKE_H
#define BERTH_TESTS_UNIT_UI_FAKE_H

#include <stdio.h>
#include <string.h>

#include "model/snapshot.h"
#include "xalloc.h"

struct fake_row {
    const char *name;
    enum container_state state;
    const char *project; /* NULL: none */
    double cpu;          /* < 0: no CPU figure */
    double mem;          /* bytes; < 0: no memory figure */
    const char *status;  /* NULL: made up from the state */
};

/* A 64-hex id made from n, so ids sort in n order. */
__attribute__((unused)) static void fake_id(char *id, unsigned n)
{
    snprintf(id, 65, "%08x%056x", n, 0u);
}

__attribute__((unused)) static struct snapshot *fake_snapshot(const struct fake_row *rows, size_t n)
{
    struct snapshot *s = snapshot_new();
    s->ncpu = 4;
    s->mem_total = 8ull << 30;
    s->connected = s->listed = true;
    for (size_t i = 0; i < n; i++) {
        struct snapshot_container *sc = snapshot_add_container(s);
        fake_id(sc->c.id, (unsigned)i + 1);
        sc->c.name = xstrdup(rows[i].name);
        sc->c.image = xstrdup(i % 2 ? "nginx:latest" : "redis:7");
        sc->c.state = rows[i].state;
        sc->c.exit_code = rows[i].state == CONTAINER_STATE_EXITED ? 0 : -1;
        sc->c.status =
            xstrdup(rows[i].status                             ? rows[i].status
                    : rows[i].state == CONTAINER_STATE_RUNNING ? "Up 5 minutes"
                                                               : "Exited (0) 1 hour ago");
        sc->c.project = rows[i].project ? xstrdup(rows[i].project) : NULL;
        if (rows[i].cpu >= 0 || rows[i].mem >= 0) {
            sc->has_stats = true;
            sc->stats.cpu_valid = rows[i].cpu >= 0;
            sc->stats.cpu_percent = rows[i].cpu;
            sc->stats.mem_valid = rows[i].mem >= 0;
            sc->stats.mem_used = rows[i].mem >= 0 ? (uint64_t)rows[i].mem : 0;
            sc->stats.mem_limit = 1ull << 30;
            sc->stats.mem_percent = rows[i].mem >= 0 ? rows[i].mem / (double)(1ull << 30) * 100 : 0;
        }
    }
    snapshot_finish(s);
    return s;
}

#endif
