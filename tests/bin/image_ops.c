/* image_ops: drives the image calls against a real engine for the
 * integration tests (tests/integration/image-*.sh). Plain lines out; a
 * failure prints "error KIND STATUS MESSAGE" and exits 2.
 *
 *   image_ops list                          ref id containers dangling size, one per row
 *   image_ops pull REF [CONFIG]             every progress event, then the outcome
 *   image_ops remove NAME [force] [noprune] untagged N deleted N
 *   image_ops prune [all] [until=D] [label=L]  preview, then deleted N reclaimed B
 *   image_ops history NAME                  one line per layer
 *   image_ops auth REF CONFIG               the X-Registry-Auth value (or "none") */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "endpoint.h"
#include "engine.h"
#include "engine_images.h"
#include "engine_streams.h"
#include "model/pull_progress.h"
#include "xalloc.h"

static int fail_with(const struct berth_error *err)
{
    printf("error %s %ld %s\n", berth_error_kind_name(err->kind), err->http_status, err->message);
    return 2;
}

struct pull_run {
    struct pull_progress prog;
    bool ended, ok;
    struct berth_error err;
};

static bool pull_on_json(void *user, const cJSON *v)
{
    struct pull_run *r = user;
    const char *status = engine_json_str(v, "status");
    const char *id = engine_json_str(v, "id");
    bool ok = pull_progress_feed(&r->prog, v);
    if (!ok) {
        printf("event error %s\n", r->prog.error);
        return true;
    }
    const cJSON *pd = cJSON_GetObjectItemCaseSensitive(v, "progressDetail");
    printf("event %s|%s|%llu/%llu|%.3f\n", status ? status : "", id ? id : "",
           (unsigned long long)engine_json_u64(pd, "current", 0),
           (unsigned long long)engine_json_u64(pd, "total", 0), pull_progress_fraction(&r->prog));
    return true;
}

static void pull_on_end(void *user, long status, const struct berth_error *err)
{
    struct pull_run *r = user;
    (void)status;
    r->ended = true;
    r->ok = !err;
    if (err)
        r->err = *err;
}

static int cmd_pull(struct engine *e, const char *ref, const char *config)
{
    struct berth_error err;
    char *auth = NULL, notice[512];
    engine_image_registry_auth(ref, config, &auth, notice, sizeof notice);
    if (notice[0])
        printf("notice %s\n", notice);
    printf("auth %s\n", auth ? "yes" : "no");
    if (engine_negotiate(e, &err) < 0)
        return fail_with(&err);
    struct engine_streams *s = engine_streams_new(e);
    struct pull_run r;
    memset(&r, 0, sizeof r);
    pull_progress_init(&r.prog);
    struct engine_stream_spec cb = {.on_json = pull_on_json, .on_end = pull_on_end, .user = &r};
    int id = engine_image_pull_start(s, ref, auth, &cb, &err);
    free(auth);
    if (id < 0) {
        engine_streams_free(s);
        return fail_with(&err);
    }
    time_t start = time(NULL);
    while (!r.ended && time(NULL) - start < 60)
        engine_streams_run(s, 200);
    engine_streams_free(s);
    int rc = 0;
    for (size_t i = 0; i < r.prog.n; i++)
        printf("layer %s %s\n", r.prog.layers[i].id, pull_layer_state_name(r.prog.layers[i].state));
    char resolved[512];
    if (pull_progress_reference(&r.prog, resolved, sizeof resolved))
        printf("reference %s\n", resolved);
    if (!r.ok) {
        rc = fail_with(&r.err);
    } else if (r.prog.failed) {
        printf("error stream 200 %s\n", r.prog.error);
        rc = 2;
    } else {
        printf("done %s|%s|%.3f\n", r.prog.digest, r.prog.status, pull_progress_fraction(&r.prog));
    }
    pull_progress_done(&r.prog);
    return rc;
}

static int cmd_list(struct engine *e)
{
    struct image_list l;
    struct berth_error err;
    if (engine_images_list(e, &l, &err) < 0)
        return fail_with(&err);
    for (size_t i = 0; i < l.n; i++)
        printf("%s %s %zu %s %lld\n", l.v[i].ref, l.v[i].id, l.v[i].containers,
               l.v[i].dangling ? "dangling" : "tagged", (long long)l.v[i].size);
    image_list_done(&l);
    return 0;
}

static int cmd_prune(struct engine *e, int argc, char **argv)
{
    struct image_prune_filter f = {0};
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "all") == 0)
            f.all = true;
        else if (strncmp(argv[i], "until=", 6) == 0)
            f.until = argv[i] + 6;
        else if (strncmp(argv[i], "label=", 6) == 0)
            f.label = argv[i] + 6;
    }
    struct berth_error err;
    struct image_list l;
    if (engine_images_list(e, &l, &err) < 0)
        return fail_with(&err);
    int64_t now = (int64_t)time(NULL);
    for (size_t i = 0; i < l.n; i++)
        if (engine_images_prune_would_remove(&l.v[i], &f, now))
            printf("would %s %s\n", l.v[i].ref, l.v[i].id);
    image_list_done(&l);
    char **del;
    size_t n;
    uint64_t space;
    if (engine_images_prune(e, &f, &del, &n, &space, &err) < 0)
        return fail_with(&err);
    for (size_t i = 0; i < n; i++) {
        printf("deleted-id %s\n", del[i]);
        free(del[i]);
    }
    free(del);
    printf("deleted %zu reclaimed %llu\n", n, (unsigned long long)space);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 64;
    struct endpoint_inputs in = {0};
    struct endpoint ep;
    struct berth_error err;
    if (endpoint_resolve(&in, &ep, &err) < 0)
        return fail_with(&err);
    struct engine *e = engine_new(&ep, 60000);
    endpoint_done(&ep);
    const char *cmd = argv[1];
    int rc = 64;
    if (strcmp(cmd, "list") == 0) {
        rc = cmd_list(e);
    } else if (strcmp(cmd, "pull") == 0 && argc >= 3) {
        rc = cmd_pull(e, argv[2], argc >= 4 ? argv[3] : NULL);
    } else if (strcmp(cmd, "remove") == 0 && argc >= 3) {
        bool force = false, noprune = false;
        for (int i = 3; i < argc; i++) {
            force |= strcmp(argv[i], "force") == 0;
            noprune |= strcmp(argv[i], "noprune") == 0;
        }
        size_t u, d;
        if (engine_image_remove(e, argv[2], force, noprune, &u, &d, &err) < 0)
            rc = fail_with(&err);
        else
            rc = printf("untagged %zu deleted %zu\n", u, d) < 0;
    } else if (strcmp(cmd, "prune") == 0) {
        rc = cmd_prune(e, argc - 2, argv + 2);
    } else if (strcmp(cmd, "history") == 0 && argc >= 3) {
        struct image_history h;
        if (engine_image_history(e, argv[2], &h, &err) < 0) {
            rc = fail_with(&err);
        } else {
            for (size_t i = 0; i < h.n; i++)
                printf("layer %s|%s|%lld|%lld|%s\n", h.v[i].id, h.v[i].created_by,
                       (long long)h.v[i].size, (long long)h.v[i].created, h.v[i].comment);
            image_history_done(&h);
            rc = 0;
        }
    } else if (strcmp(cmd, "auth") == 0 && argc >= 4) {
        char *auth = NULL, notice[512];
        engine_image_registry_auth(argv[2], argv[3], &auth, notice, sizeof notice);
        printf("%s\n%s\n", auth ? auth : "none", notice);
        free(auth);
        rc = 0;
    }
    engine_free(e);
    return rc;
}
