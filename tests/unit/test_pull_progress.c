/* Pull progress on pull streams recorded from this engine pulling from a
 * local registry (tests/fixtures/images/pull-*.jsonl). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/pull_progress.h"
#include "fixture.h"

/* Feed a recorded stream line by line; returns false at the first error.
 * fractions (may be NULL) gets the overall fraction after each line. */
static bool feed_file(struct pull_progress *p, const char *rel, double *fractions, size_t max)
{
    char *text = fixture_read(rel);
    bool ok = true;
    size_t k = 0;
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (!pull_progress_feed_line(p, line))
            ok = false;
        if (fractions && k < max)
            fractions[k++] = pull_progress_fraction(p);
    }
    free(text);
    return ok;
}

static void test_full_pull(void **state)
{
    (void)state;
    struct pull_progress p;
    pull_progress_init(&p);
    double fr[32];
    assert_true(feed_file(&p, "images/pull-two.jsonl", fr, 32));
    assert_int_equal(p.events, 11);
    assert_string_equal(p.from, "Pulling from berth-t-img-rec");
    assert_int_equal(p.n, 2);
    assert_string_equal(p.layers[0].id, "4cb3dff1c92c");
    assert_int_equal(p.layers[0].state, PULL_LAYER_EXISTS);
    assert_string_equal(p.layers[1].id, "1983e6a195ea");
    assert_int_equal(p.layers[1].state, PULL_LAYER_COMPLETE);
    assert_int_equal(p.layers[1].size, 8391397);
    assert_true(p.finished);
    assert_false(p.failed);
    assert_string_equal(p.digest,
                        "sha256:c478eba20a021b3f916ef7f14f51d0133528fe28f046616825927aef3f6fe8a5");
    assert_non_null(strstr(p.status, "Downloaded newer image for"));
    char ref[256];
    assert_true(pull_progress_reference(&p, ref, sizeof ref));
    assert_non_null(strstr(ref, "/berth-t-img-rec:two"));
    /* Once every layer is named (the engine names them all first), the
     * overall fraction never goes back, and it ends at 1. */
    for (size_t i = 3; i < 11; i++)
        assert_true(fr[i] >= fr[i - 1]);
    assert_true(fr[10] > 0.999);
    /* After "Already exists" + "Pulling fs layer": half the layers done. */
    assert_true(fr[2] > 0.49 && fr[2] < 0.51);
    pull_progress_done(&p);
}

/* Each step of one layer, as the engine sent them. */
static void test_layer_states_in_order(void **state)
{
    (void)state;
    static const enum pull_layer_state want[] = {
        PULL_LAYER_QUEUED,     PULL_LAYER_DOWNLOADING, PULL_LAYER_VERIFYING, PULL_LAYER_DOWNLOADED,
        PULL_LAYER_EXTRACTING, PULL_LAYER_EXTRACTING,  PULL_LAYER_COMPLETE,
    };
    char *text = fixture_read("images/pull-two.jsonl");
    struct pull_progress p;
    pull_progress_init(&p);
    size_t k = 0;
    double last = -1;
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        assert_true(pull_progress_feed_line(&p, line));
        if (!strstr(line, "1983e6a195ea"))
            continue;
        assert_true(k < sizeof want / sizeof want[0]);
        assert_int_equal(p.layers[1].state, want[k]);
        double f = pull_layer_fraction(&p.layers[1]);
        assert_true(f >= last);
        last = f;
        k++;
    }
    assert_int_equal(k, sizeof want / sizeof want[0]);
    assert_true(last > 0.999);
    free(text);
    pull_progress_done(&p);
}

static void test_up_to_date(void **state)
{
    (void)state;
    struct pull_progress p;
    pull_progress_init(&p);
    assert_true(feed_file(&p, "images/pull-uptodate.jsonl", NULL, 0));
    assert_int_equal(p.n, 0);
    assert_true(p.finished);
    assert_non_null(strstr(p.status, "Image is up to date for"));
    assert_true(pull_progress_fraction(&p) > 0.999);
    pull_progress_done(&p);
}

/* A blob missing from the registry: HTTP 200, then an error line. */
static void test_error_mid_stream(void **state)
{
    (void)state;
    struct pull_progress p;
    pull_progress_init(&p);
    assert_false(feed_file(&p, "images/pull-error.jsonl", NULL, 0));
    assert_true(p.failed);
    assert_false(p.finished);
    assert_string_equal(p.error, "unknown blob");
    assert_int_equal(p.n, 2);
    assert_int_equal(p.layers[1].state, PULL_LAYER_DOWNLOADING);
    assert_int_equal(p.layers[1].total, 0);
    assert_true(pull_progress_fraction(&p) < 1.0);
    char ref[64];
    assert_false(pull_progress_reference(&p, ref, sizeof ref));
    pull_progress_done(&p);
}

static void test_clamp_and_other(void **state)
{
    (void)state;
    struct pull_progress p;
    pull_progress_init(&p);
    assert_true(pull_progress_feed_line(
        &p, "{\"status\":\"Extracting\",\"progressDetail\":{\"current\":300,\"total\":200},"
            "\"id\":\"aa\"}"));
    assert_true(pull_layer_fraction(&p.layers[0]) > 0.999);
    assert_true(
        pull_progress_feed_line(&p, "{\"status\":\"Retrying in 5 seconds\",\"id\":\"aa\"}"));
    assert_int_equal(p.layers[0].state, PULL_LAYER_OTHER);
    assert_string_equal(p.layers[0].text, "Retrying in 5 seconds");
    assert_false(pull_progress_feed_line(&p, "not json"));
    assert_true(p.failed);
    assert_string_equal(pull_layer_state_name(PULL_LAYER_EXISTS), "already exists");
    pull_progress_done(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_pull),       cmocka_unit_test(test_layer_states_in_order),
        cmocka_unit_test(test_up_to_date),      cmocka_unit_test(test_error_mid_stream),
        cmocka_unit_test(test_clamp_and_other),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
