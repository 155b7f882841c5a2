/* The worker's container table: events change rows at once (state, exit
 * code, name, health, removal), and a list reply older than an event does
 * not undo it. Events are in the engine's own format (API 1.41). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/roster.h"
#include "xalloc.h"

#define ID1 "b2059473c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8"
#define ID2 "ee4684df0268a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6"

static void apply(struct roster *r, const char *json, struct roster_effect *fx)
{
    cJSON *ev = cJSON_Parse(json);
    assert_non_null(ev);
    roster_apply_event(r, ev, fx);
    cJSON_Delete(ev);
}

static char *event(const char *action, const char *id, const char *attrs)
{
    return xasprintf("{\"status\":\"%s\",\"id\":\"%s\",\"from\":\"bb:latest\","
                     "\"Type\":\"container\",\"Action\":\"%s\",\"Actor\":{\"ID\":\"%s\","
                     "\"Attributes\":{\"image\":\"bb:latest\",\"name\":\"api-c3\"%s%s}},"
                     "\"scope\":\"local\",\"time\":1795894525,\"timeNano\":1795894525595588377}",
                     action, id, action, id, attrs ? "," : "", attrs ? attrs : "");
}

static void apply_action(struct roster *r, const char *action, const char *id, const char *attrs,
                         struct roster_effect *fx)
{
    char *json = event(action, id, attrs);
    apply(r, json, fx);
    free(json);
}

/* A one-row list reply as /containers/json gives it. */
static void list_of(struct container_list *list, const char *id, const char *state,
                    const char *status)
{
    char *json = xasprintf("[{\"Id\":\"%s\",\"Names\":[\"/api-c3\"],\"Image\":\"bb:latest\","
                           "\"ImageID\":\"sha256:1\",\"Command\":\"sleep 1000\",\"Created\":1,"
                           "\"State\":\"%s\",\"Status\":\"%s\",\"Ports\":[],\"Labels\":{}}]",
                           id, state, status);
    cJSON *doc = cJSON_Parse(json);
    assert_non_null(doc);
    struct berth_error err;
    assert_int_equal(container_list_from_json(doc, list, &err), 0);
    cJSON_Delete(doc);
    free(json);
}

static void test_lifecycle_events(void **state)
{
    (void)state;
    struct roster r;
    struct roster_effect fx;
    roster_init(&r, 10);

    apply_action(&r, "create", ID1, NULL, &fx);
    assert_true(fx.changed && fx.unknown && fx.refetch);
    struct roster_row *row = roster_find(&r, ID1);
    assert_non_null(row);
    assert_string_equal(row->c.name, "api-c3");
    assert_int_equal(row->c.state, CONTAINER_STATE_CREATED);

    apply_action(&r, "start", ID1, NULL, &fx);
    row = roster_find(&r, ID1);
    assert_int_equal(row->c.state, CONTAINER_STATE_RUNNING);
    assert_string_equal(row->c.status, "Up Less than a second");
    row->pid = 1234; /* as if inspected */

    apply_action(&r, "pause", ID1, NULL, &fx);
    assert_int_equal(row->c.state, CONTAINER_STATE_PAUSED);
    assert_string_equal(row->c.status, "Up Less than a second (Paused)");
    apply_action(&r, "unpause", ID1, NULL, &fx);
    assert_int_equal(row->c.state, CONTAINER_STATE_RUNNING);
    assert_string_equal(row->c.status, "Up Less than a second");

    apply_action(&r, "health_status: unhealthy", ID1, NULL, &fx);
    assert_int_equal(row->c.health, CONTAINER_HEALTH_UNHEALTHY);
    apply_action(&r, "health_status: healthy", ID1, NULL, &fx);
    assert_int_equal(row->c.health, CONTAINER_HEALTH_HEALTHY);

    apply_action(&r, "oom", ID1, NULL, &fx);
    assert_true(row->oom);
    apply_action(&r, "kill", ID1, "\"signal\":\"9\"", &fx);
    assert_int_equal(row->c.state, CONTAINER_STATE_RUNNING);
    apply_action(&r, "die", ID1, "\"exitCode\":\"137\"", &fx);
    assert_int_equal(row->c.state, CONTAINER_STATE_EXITED);
    assert_int_equal(row->c.exit_code, 137);
    assert_string_equal(row->c.status, "Exited (137) Less than a second ago");
    assert_int_equal(row->pid, 0); /* its process is gone */
    apply_action(&r, "stop", ID1, NULL, &fx);
    assert_int_equal(row->c.state, CONTAINER_STATE_EXITED);

    apply_action(&r, "rename", ID1, "\"oldName\":\"/api-c3\"", &fx);
    /* The name attribute is the new name (no leading slash kept). */
    char *json = xasprintf("{\"Type\":\"container\",\"Action\":\"rename\",\"Actor\":{\"ID\":"
                           "\"%s\",\"Attributes\":{\"name\":\"/renamed\",\"oldName\":"
                           "\"/api-c3\"}},\"time\":1}",
                           ID1);
    apply(&r, json, &fx);
    free(json);
    assert_string_equal(roster_find(&r, ID1)->c.name, "renamed");

    /* exec_* from healthchecks and other types change nothing. */
    uint64_t seq = r.seq;
    apply_action(&r, "exec_start: /bin/true", ID1, NULL, &fx);
    assert_false(fx.changed);
    apply(&r, "{\"Type\":\"network\",\"Action\":\"connect\",\"Actor\":{\"ID\":\"x\"}}", &fx);
    assert_false(fx.changed);
    assert_true(r.seq == seq);

    apply_action(&r, "destroy", ID1, NULL, &fx);
    assert_true(fx.changed);
    assert_null(roster_find(&r, ID1));
    assert_int_equal(r.n, 0);
    roster_done(&r);
}

static void test_list_does_not_undo_newer_event(void **state)
{
    (void)state;
    struct roster r;
    struct roster_effect fx;
    struct container_list list;
    roster_init(&r, 10);

    list_of(&list, ID1, "running", "Up 5 minutes");
    roster_merge_list(&r, &list, r.seq, true);
    assert_int_equal(roster_find(&r, ID1)->c.state, CONTAINER_STATE_RUNNING);

    /* A list asked for now... */
    uint64_t issued = r.seq;
    /* ...then the container dies before the reply lands... */
    apply_action(&r, "die", ID1, "\"exitCode\":\"0\"", &fx);
    /* ...and the reply still shows it running: the event wins. */
    list_of(&list, ID1, "running", "Up 5 minutes");
    roster_merge_list(&r, &list, issued, true);
    struct roster_row *row = roster_find(&r, ID1);
    assert_int_equal(row->c.state, CONTAINER_STATE_EXITED);
    assert_true(row->need_refresh);

    /* A later reply does apply. */
    list_of(&list, ID1, "exited", "Exited (0) 2 seconds ago");
    roster_merge_list(&r, &list, r.seq, false);
    row = roster_find(&r, ID1);
    assert_string_equal(row->c.status, "Exited (0) 2 seconds ago");
    assert_false(row->need_refresh);

    /* Destroyed after the list was asked for: not brought back. */
    issued = r.seq;
    apply_action(&r, "destroy", ID1, NULL, &fx);
    list_of(&list, ID1, "exited", "Exited (0) 3 seconds ago");
    roster_merge_list(&r, &list, issued, true);
    assert_null(roster_find(&r, ID1));

    /* Created after the list was asked for: a full list without it keeps it. */
    issued = r.seq;
    apply_action(&r, "create", ID2, NULL, &fx);
    list.items = NULL;
    list.count = 0;
    roster_merge_list(&r, &list, issued, true);
    assert_non_null(roster_find(&r, ID2));
    /* But a full list asked for later drops what it does not name. */
    roster_merge_list(&r, &list, r.seq, true);
    assert_null(roster_find(&r, ID2));
    roster_done(&r);
}

/* The engine sends die before its list stops saying running: a list asked
 * for after the die event may still say running, and must not bring the
 * row back to life; a start event does. */
static void test_list_after_die_keeps_exited(void **state)
{
    (void)state;
    struct roster r;
    struct roster_effect fx;
    struct container_list list;
    roster_init(&r, 10);
    list_of(&list, ID1, "running", "Up 5 minutes");
    roster_merge_list(&r, &list, r.seq, true);

    apply_action(&r, "die", ID1, "\"exitCode\":\"3\"", &fx);
    list_of(&list, ID1, "running", "Up 5 minutes");
    roster_merge_list(&r, &list, r.seq, false);
    struct roster_row *row = roster_find(&r, ID1);
    assert_int_equal(row->c.state, CONTAINER_STATE_EXITED);
    assert_int_equal(row->c.exit_code, 3);

    /* When the list agrees, it applies. */
    list_of(&list, ID1, "exited", "Exited (3) 1 second ago");
    roster_merge_list(&r, &list, r.seq, false);
    row = roster_find(&r, ID1);
    assert_string_equal(row->c.status, "Exited (3) 1 second ago");

    /* Started again: lists saying running apply again. */
    apply_action(&r, "start", ID1, NULL, &fx);
    list_of(&list, ID1, "running", "Up 1 second");
    roster_merge_list(&r, &list, r.seq, false);
    row = roster_find(&r, ID1);
    assert_int_equal(row->c.state, CONTAINER_STATE_RUNNING);
    assert_string_equal(row->c.status, "Up 1 second");
    roster_done(&r);
}

/* Lists lag other events too: a list taken just after unpause may still
 * say paused. The event's state stands, the row is asked for again, and
 * only after several disagreeing lists is the list believed. */
static void test_list_lag_after_unpause(void **state)
{
    (void)state;
    struct roster r;
    struct roster_effect fx;
    struct container_list list;
    roster_init(&r, 10);
    list_of(&list, ID1, "running", "Up 5 minutes");
    roster_merge_list(&r, &list, r.seq, true);
    apply_action(&r, "pause", ID1, NULL, &fx);
    apply_action(&r, "unpause", ID1, NULL, &fx);
    list_of(&list, ID1, "paused", "Up 5 minutes (Paused)");
    assert_int_equal(roster_merge_list(&r, &list, r.seq, false), 1);
    list_of(&list, ID1, "paused", "Up 5 minutes (Paused)");
    assert_int_equal(roster_merge_list(&r, &list, r.seq, false), 2);
    struct roster_row *row = roster_find(&r, ID1);
    assert_int_equal(row->c.state, CONTAINER_STATE_RUNNING);
    assert_true(row->need_refresh);
    /* An agreeing list applies at once. */
    list_of(&list, ID1, "running", "Up 6 minutes");
    roster_merge_list(&r, &list, r.seq, false);
    row = roster_find(&r, ID1);
    assert_string_equal(row->c.status, "Up 6 minutes");
    /* A list that keeps disagreeing is believed in the end. */
    apply_action(&r, "pause", ID1, NULL, &fx);
    unsigned lag = 0;
    for (int i = 0; i < 7; i++) {
        list_of(&list, ID1, "running", "Up 7 minutes");
        lag = roster_merge_list(&r, &list, r.seq, false);
    }
    assert_int_equal(lag, 0); /* the last one was believed */
    assert_int_equal(roster_find(&r, ID1)->c.state, CONTAINER_STATE_RUNNING);
    roster_done(&r);
}

/* Health checks report every few seconds; their events must not make a
 * stale state look fresh, or a row the lists contradict never mends (seen:
 * a started container stuck at "created" while its checks passed). */
static void test_health_events_do_not_hold_state(void **state)
{
    (void)state;
    struct roster r;
    struct roster_effect fx;
    struct container_list list;
    roster_init(&r, 10);
    list_of(&list, ID1, "created", "Created");
    roster_merge_list(&r, &list, r.seq, true);
    apply_action(&r, "start", ID1, NULL, &fx);
    /* Lists that lag the start long enough are believed in the end. */
    for (int i = 0; i < 7; i++) {
        list_of(&list, ID1, "created", "Created");
        roster_merge_list(&r, &list, r.seq, false);
    }
    assert_int_equal(roster_find(&r, ID1)->c.state, CONTAINER_STATE_CREATED);
    apply_action(&r, "health_status: healthy", ID1, NULL, &fx);
    assert_int_equal(roster_find(&r, ID1)->c.health, CONTAINER_HEALTH_HEALTHY);
    /* The next list is taken at once: the health event set no state. */
    list_of(&list, ID1, "running", "Up 9 seconds (healthy)");
    assert_int_equal(roster_merge_list(&r, &list, r.seq, false), 0);
    assert_int_equal(roster_find(&r, ID1)->c.state, CONTAINER_STATE_RUNNING);
    roster_done(&r);
}

static void test_snapshot_copy(void **state)
{
    (void)state;
    struct roster r;
    struct container_list list;
    roster_init(&r, 10);
    list_of(&list, ID2, "running", "Up 1 second");
    roster_merge_list(&r, &list, 0, true);
    struct roster_row *row = roster_find(&r, ID2);
    struct stats_figures f;
    memset(&f, 0, sizeof f);
    f.mem_valid = true;
    f.mem_used = 4096;
    row->fig = f;
    row->has_stats = true;
    row->source = SNAPSHOT_STATS_CGROUP;
    row->stats_mono = 10.0;
    history_append_figures(&row->hist, &f);

    struct snapshot *s = snapshot_new();
    roster_fill_snapshot(&r, s, 12.5);
    snapshot_finish(s);
    /* The snapshot owns copies: the roster can change or go. */
    roster_done(&r);
    const struct snapshot_container *sc = snapshot_find(s, ID2);
    assert_non_null(sc);
    assert_string_equal(sc->c.name, "api-c3");
    assert_int_equal(sc->source, SNAPSHOT_STATS_CGROUP);
    assert_true(sc->stats.mem_used == 4096);
    assert_true(sc->stats_age > 2.4 && sc->stats_age < 2.6);
    assert_int_equal(sc->history.count, 1);
    assert_int_equal(s->counts.running, 1);
    snapshot_unref(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lifecycle_events),
        cmocka_unit_test(test_list_does_not_undo_newer_event),
        cmocka_unit_test(test_list_after_die_keeps_exited),
        cmocka_unit_test(test_list_lag_after_unpause),
        cmocka_unit_test(test_health_events_do_not_hold_state),
        cmocka_unit_test(test_snapshot_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
