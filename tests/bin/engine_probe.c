/* engine_probe: drives the engine client against a real engine for the
 * integration tests (tests/integration/engine_*.sh). Each command prints
 * plain "key value" lines the scripts compare with what the docker CLI
 * says; a failure prints "error KIND STATUS MESSAGE" and exits 2.
 *
 *   engine_probe [-H URL] [--context NAME] [--timeout MS] COMMAND [ARGS]
 *     ping | version | info
 *     list FILTERS_JSON             names of all matching containers, sorted
 *     inspect ID                    name and state
 *     create NAME LABEL=VALUE       POST /containers/create with a JSON body
 *     request METHOD PATH [BODY]    status and mapped error of any call
 *     events-start ID               subscribe, start ID, wait for its event
 *     stats ID...                   one stats stream per id on one thread
 *     cancel-idle                   cancel an idle events stream from a thread
 *     logs ID                       RAW stream of a finished container's logs
 *     perm                          (root) socket without access for nobody */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "endpoint.h"
#include "engine.h"
#include "engine_streams.h"
#include "xalloc.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int fail_with(const struct berth_error *err)
{
    printf("error %s %ld %s\n", berth_error_kind_name(err->kind), err->http_status, err->message);
    return 2;
}

static int count_threads(void)
{
    DIR *d = opendir("/proc/self/task");
    if (!d)
        return -1;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

/* --- simple calls -------------------------------------------------------- */

static int cmd_ping(struct engine *e)
{
    struct berth_error err;
    if (engine_ping(e, &err) < 0)
        return fail_with(&err);
    const struct endpoint *ep = engine_endpoint(e);
    printf("endpoint %s\norigin %s\napi %s\npodman %d\n", ep->display, ep->origin,
           engine_api_version(e), engine_is_podman(e));
    /* A second ping must reuse the negotiated version and work too. */
    if (engine_ping(e, &err) < 0)
        return fail_with(&err);
    return 0;
}

static int cmd_version(struct engine *e)
{
    struct berth_error err;
    struct engine_version_info v;
    if (engine_version(e, &v, &err) < 0)
        return fail_with(&err);
    printf("version %s\napi_max %s\napi_min %s\nos %s\narch %s\nkernel %s\n", v.version,
           v.api_version, v.min_api_version, v.os, v.arch, v.kernel);
    return 0;
}

static int cmd_info(struct engine *e)
{
    struct berth_error err;
    struct engine_info i;
    if (engine_info(e, &i, &err) < 0)
        return fail_with(&err);
    printf("name %s\nserver_version %s\nncpu %d\nmem_total %llu\ncgroup_version %d\n"
           "cgroup_driver %s\nos_type %s\nroot_dir %s\n",
           i.name, i.server_version, i.ncpu, (unsigned long long)i.mem_total, i.cgroup_version,
           i.cgroup_driver, i.os_type, i.docker_root_dir);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmd_list(struct engine *e, const char *filters)
{
    struct berth_error err;
    cJSON *arr;
    if (engine_containers_list(e, true, filters, &arr, &err) < 0)
        return fail_with(&err);
    int n = cJSON_GetArraySize(arr);
    const char **names = xcalloc((size_t)n + 1, sizeof *names);
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, arr)
    {
        const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(c, "Names"), 0);
        if (cJSON_IsString(first))
            names[k++] = first->valuestring[0] == '/' ? first->valuestring + 1 : first->valuestring;
    }
    qsort(names, (size_t)k, sizeof *names, cmp_str);
    for (int i = 0; i < k; i++)
        printf("%s\n", names[i]);
    free(names);
    cJSON_Delete(arr);
    return 0;
}

static int cmd_inspect(struct engine *e, const char *id)
{
    struct berth_error err;
    cJSON *doc;
    if (engine_container_inspect(e, id, false, &doc, &err) < 0)
        return fail_with(&err);
    const char *name = engine_json_str(doc, "Name");
    const char *state = engine_json_str(cJSON_GetObjectItem(doc, "State"), "Status");
    printf("name %s\nstate %s\nid %s\n", name ? name : "", state ? state : "",
           engine_json_str(doc, "Id"));
    cJSON_Delete(doc);
    return 0;
}

static int cmd_request(struct engine *e, const char *method, const char *path, const char *body)
{
    struct berth_error err;
    struct engine_response resp;
    engine_response_init(&resp);
    if (engine_request(e, method, path, body ? "application/json" : NULL, body,
                       body ? strlen(body) : 0, &resp, &err) < 0) {
        engine_response_done(&resp);
        return fail_with(&err);
    }
    printf("status %ld\n", resp.status);
    int rc = 0;
    if (engine_check_status(&resp, &err) < 0)
        rc = fail_with(&err);
    else
        printf("body %s\n", resp.body.data);
    engine_response_done(&resp);
    return rc;
}

static int cmd_create(struct engine *e, const char *name, const char *label)
{
    const char *eq = strchr(label, '=');
    if (!eq)
        return 1;
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "Image", "berth-test/busybox:latest");
    cJSON *cmd = cJSON_AddArrayToObject(body, "Cmd");
    cJSON_AddItemToArray(cmd, cJSON_CreateString("sleep"));
    cJSON_AddItemToArray(cmd, cJSON_CreateString("300"));
    cJSON *labels = cJSON_AddObjectToObject(body, "Labels");
    char *key = xstrndup(label, (size_t)(eq - label));
    cJSON_AddStringToObject(labels, key, eq + 1);
    free(key);
    cJSON *hc = cJSON_AddObjectToObject(body, "HostConfig");
    cJSON_AddStringToObject(hc, "NetworkMode", "none");
    char *text = cJSON_PrintUnformatted(body);
    cJSON_Delete(body);
    char *enc = engine_urlencode(name);
    char *path = xasprintf("/containers/create?name=%s", enc);
    int rc = cmd_request(e, "POST", path, text);
    free(path);
    free(enc);
    free(text);
    return rc;
}

/* --- streams ------------------------------------------------------------- */

struct events_ctx {
    const char *id;
    bool opened;
    bool seen;
    double seen_at;
    bool ended;
    struct berth_error end_err;
    bool end_had_err;
};

static void ev_open(void *user, long status)
{
    struct events_ctx *c = user;
    (void)status;
    c->opened = true;
}

static bool ev_json(void *user, const cJSON *v)
{
    struct events_ctx *c = user;
    const char *action = engine_json_str(v, "Action");
    const char *actor = engine_json_str(cJSON_GetObjectItem(v, "Actor"), "ID");
    if (action && actor && strcmp(action, "start") == 0 && strcmp(actor, c->id) == 0) {
        c->seen = true;
        c->seen_at = now_ms();
        return false; /* clean stop */
    }
    return true;
}

static void ev_end(void *user, long status, const struct berth_error *err)
{
    struct events_ctx *c = user;
    (void)status;
    c->ended = true;
    if (err) {
        c->end_had_err = true;
        c->end_err = *err;
    }
}

static int cmd_events_start(struct engine *e, const char *id)
{
    struct berth_error err;
    if (engine_negotiate(e, &err) < 0)
        return fail_with(&err);
    struct engine_streams *s = engine_streams_new(e);
    struct events_ctx c = {.id = id};
    char *filters = engine_urlencode("{\"type\":[\"container\"],\"event\":[\"start\"]}");
    char *path = xasprintf("/events?filters=%s", filters);
    struct engine_stream_spec spec = {
        .path = path,
        .mode = ENGINE_STREAM_JSON,
        .on_open = ev_open,
        .on_json = ev_json,
        .on_end = ev_end,
        .user = &c,
    };
    engine_streams_add(s, &spec);
    double deadline = now_ms() + 5000;
    while (!c.opened && !c.ended && now_ms() < deadline)
        engine_streams_run(s, 100);
    if (!c.opened) {
        printf("error stream not opened\n");
        return 2;
    }
    /* Subscribed: now start the container with the blocking client. */
    char *enc = engine_urlencode(id);
    char *start = xasprintf("/containers/%s/start", enc);
    struct engine_response resp;
    engine_response_init(&resp);
    if (engine_request(e, "POST", start, NULL, NULL, 0, &resp, &err) < 0 ||
        engine_check_status(&resp, &err) < 0)
        return fail_with(&err);
    double started = now_ms();
    printf("start_status %ld\n", resp.status);
    engine_response_done(&resp);
    deadline = now_ms() + 10000;
    while (!c.ended && now_ms() < deadline)
        engine_streams_run(s, 200);
    printf("seen %d\nended %d\nend_error %s\n", c.seen, c.ended,
           c.end_had_err ? c.end_err.message : "none");
    if (c.seen)
        printf("latency_ms %.1f\n", c.seen_at - started);
    engine_streams_free(s);
    free(start);
    free(enc);
    free(path);
    free(filters);
    return c.seen && c.ended && !c.end_had_err ? 0 : 1;
}

struct stats_ctx {
    const char *id;
    int samples;
    bool id_ok;
    bool ended;
    bool cancelled;
};

static bool st_json(void *user, const cJSON *v)
{
    struct stats_ctx *c = user;
    const char *id = engine_json_str(v, "id");
    if (id && strcmp(id, c->id) == 0 && cJSON_GetObjectItem(v, "cpu_stats"))
        c->id_ok = true;
    c->samples++;
    return true;
}

static void st_end(void *user, long status, const struct berth_error *err)
{
    struct stats_ctx *c = user;
    (void)status;
    c->ended = true;
    c->cancelled = err && err->kind == BERTH_ERR_CANCELLED;
}

static int cmd_stats(struct engine *e, int n, char **ids)
{
    struct berth_error err;
    if (engine_negotiate(e, &err) < 0)
        return fail_with(&err);
    struct engine_streams *s = engine_streams_new(e);
    int before = count_threads();
    struct stats_ctx *c = xcalloc((size_t)n, sizeof *c);
    int *sid = xcalloc((size_t)n, sizeof *sid);
    char **paths = xcalloc((size_t)n, sizeof *paths);
    for (int i = 0; i < n; i++) {
        c[i].id = ids[i];
        paths[i] = xasprintf("/containers/%s/stats?stream=1", ids[i]);
        struct engine_stream_spec spec = {
            .path = paths[i],
            .mode = ENGINE_STREAM_JSON,
            .on_json = st_json,
            .on_end = st_end,
            .user = &c[i],
        };
        sid[i] = engine_streams_add(s, &spec);
    }
    int tmin = before, tmax = before;
    double t0 = now_ms();
    double deadline = t0 + 20000;
    bool all = false;
    while (!all && now_ms() < deadline) {
        engine_streams_run(s, 250);
        int t = count_threads();
        tmin = t < tmin ? t : tmin;
        tmax = t > tmax ? t : tmax;
        all = true;
        for (int i = 0; i < n; i++)
            if (c[i].samples < 3 || c[i].ended)
                all = false;
    }
    double took = now_ms() - t0;
    int running = engine_streams_count(s);
    int ok = 0;
    for (int i = 0; i < n; i++)
        ok += c[i].samples >= 3 && c[i].id_ok && !c[i].ended;
    for (int i = 0; i < n; i++)
        engine_streams_cancel(s, sid[i]);
    while (engine_streams_run(s, 100) > 0)
        ;
    int cancelled = 0;
    for (int i = 0; i < n; i++)
        cancelled += c[i].cancelled;
    printf("streams %d\nrunning %d\nstreams_with_3_samples %d\ncancelled %d\n"
           "threads_before %d\nthreads_min %d\nthreads_max %d\nthreads_after %d\n"
           "seconds %.1f\n",
           n, running, ok, cancelled, before, tmin, tmax, count_threads(), took / 1000);
    engine_streams_free(s);
    for (int i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    free(sid);
    free(c);
    return ok == n && cancelled == n && tmin == before && tmax == before ? 0 : 1;
}

struct cancel_ctx {
    struct engine_streams *s;
    int id;
    atomic_bool opened;
    double cancel_at;
    double end_at;
    enum berth_error_kind end_kind;
    int ends;
};

static void cx_open(void *user, long status)
{
    struct cancel_ctx *c = user;
    (void)status;
    atomic_store(&c->opened, true);
}

static void cx_end(void *user, long status, const struct berth_error *err)
{
    struct cancel_ctx *c = user;
    (void)status;
    c->end_at = now_ms();
    c->end_kind = err ? err->kind : BERTH_ERR_NONE;
    c->ends++;
}

static void *cx_thread(void *arg)
{
    struct cancel_ctx *c = arg;
    while (!atomic_load(&c->opened))
        usleep(1000);
    usleep(300 * 1000); /* let the stream sit idle in the poll */
    c->cancel_at = now_ms();
    engine_streams_cancel(c->s, c->id);
    return NULL;
}

struct wake_ctx {
    struct engine_streams *s;
    double wake_at;
};

static void *wake_thread(void *arg)
{
    struct wake_ctx *w = arg;
    usleep(200 * 1000);
    w->wake_at = now_ms();
    engine_streams_wakeup(w->s);
    return NULL;
}

static int cmd_cancel_idle(struct engine *e)
{
    struct berth_error err;
    if (engine_negotiate(e, &err) < 0)
        return fail_with(&err);
    struct engine_streams *s = engine_streams_new(e);
    struct cancel_ctx c = {.s = s};
    atomic_init(&c.opened, false);
    /* A filter nothing matches keeps the stream silent. */
    char *filters = engine_urlencode("{\"container\":[\"berth-t-no-such-container-ever\"]}");
    char *path = xasprintf("/events?filters=%s", filters);
    struct engine_stream_spec spec = {
        .path = path,
        .mode = ENGINE_STREAM_JSON,
        .on_open = cx_open,
        .on_end = cx_end,
        .user = &c,
    };
    c.id = engine_streams_add(s, &spec);
    pthread_t th;
    pthread_create(&th, NULL, cx_thread, &c);
    double deadline = now_ms() + 10000;
    /* Long waits on purpose: only the wake-up can make this prompt. */
    while (engine_streams_run(s, 5000) > 0 && now_ms() < deadline)
        ;
    pthread_join(th, NULL);
    double cancel_ms = c.end_at - c.cancel_at;
    printf("ends %d\nend_kind %s\ncancel_ms %.2f\n", c.ends, berth_error_kind_name(c.end_kind),
           cancel_ms);
    /* A bare wake-up interrupts a run() that has nothing to do. */
    struct wake_ctx w = {.s = s};
    pthread_create(&th, NULL, wake_thread, &w);
    double before = now_ms();
    engine_streams_run(s, 5000);
    double woke = now_ms();
    pthread_join(th, NULL);
    printf("wakeup_ms %.2f\nrun_ms %.2f\n", woke - w.wake_at, woke - before);
    engine_streams_free(s);
    free(path);
    free(filters);
    bool ok = c.ends == 1 && c.end_kind == BERTH_ERR_CANCELLED && cancel_ms >= 0 &&
              cancel_ms < 100 && woke - w.wake_at < 100;
    return ok ? 0 : 1;
}

struct logs_ctx {
    struct strbuf raw;
    int ends;
    bool end_err;
};

static bool lg_data(void *user, const char *data, size_t len)
{
    struct logs_ctx *c = user;
    strbuf_append(&c->raw, data, len);
    return true;
}

static void lg_end(void *user, long status, const struct berth_error *err)
{
    struct logs_ctx *c = user;
    (void)status;
    c->ends++;
    c->end_err = err != NULL;
    if (err)
        printf("end_error %s\n", err->message);
}

static int cmd_logs(struct engine *e, const char *id)
{
    struct berth_error err;
    if (engine_negotiate(e, &err) < 0)
        return fail_with(&err);
    struct engine_streams *s = engine_streams_new(e);
    struct logs_ctx c;
    strbuf_init(&c.raw);
    c.ends = 0;
    c.end_err = false;
    char *path = xasprintf("/containers/%s/logs?stdout=1&stderr=1", id);
    struct engine_stream_spec spec = {
        .path = path,
        .mode = ENGINE_STREAM_RAW,
        .on_data = lg_data,
        .on_end = lg_end,
        .user = &c,
        .timeout_ms = 10000,
    };
    engine_streams_add(s, &spec);
    while (engine_streams_run(s, 1000) > 0)
        ;
    /* Demultiplex: 8-byte header (stream, 0, 0, 0, big-endian length). */
    const unsigned char *p = (const unsigned char *)c.raw.data;
    size_t left = c.raw.len;
    while (left >= 8) {
        size_t n = (size_t)p[4] << 24 | (size_t)p[5] << 16 | (size_t)p[6] << 8 | p[7];
        if (n > left - 8)
            break;
        printf("frame %d %.*s", p[0], (int)n, (const char *)p + 8);
        p += 8 + n;
        left -= 8 + n;
    }
    printf("ends %d\nleftover %zu\n", c.ends, left);
    int rc = c.ends == 1 && !c.end_err && left == 0 ? 0 : 1;
    strbuf_done(&c.raw);
    engine_streams_free(s);
    free(path);
    return rc;
}

/* A listening socket only root may use, pinged as nobody. */
static int cmd_perm(void)
{
    if (getuid() != 0) {
        printf("skip not root\n");
        return 0;
    }
    char dir[] = "/tmp/berth-perm-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    chmod(dir, 0755);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s/engine.sock", dir);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 4) < 0)
        return 1;
    chmod(sa.sun_path, 0600);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        if (setgid(65534) < 0 || setuid(65534) < 0)
            _exit(3);
        char *url = xasprintf("unix://%s", sa.sun_path);
        struct endpoint_inputs in = {.host_flag = url};
        struct endpoint ep;
        struct berth_error err;
        if (endpoint_resolve(&in, &ep, &err) < 0)
            _exit(fail_with(&err));
        struct engine *e = engine_new(&ep, 2000);
        int rc = engine_ping(e, &err) < 0 ? fail_with(&err) : 0;
        fflush(stdout);
        _exit(rc);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    close(fd);
    unlink(sa.sun_path);
    rmdir(dir);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int main(int argc, char **argv)
{
    struct endpoint_inputs in = {0};
    long timeout = 0;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-H") == 0 && i + 1 < argc)
            in.host_flag = argv[++i];
        else if (strcmp(argv[i], "--context") == 0 && i + 1 < argc)
            in.context_flag = argv[++i];
        else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc)
            timeout = atol(argv[++i]);
        else
            break;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: engine_probe [-H URL] [--context NAME] COMMAND [ARGS]\n");
        return 64;
    }
    const char *cmd = argv[i++];
    if (strcmp(cmd, "perm") == 0)
        return cmd_perm();
    struct endpoint ep;
    struct berth_error err;
    if (endpoint_resolve(&in, &ep, &err) < 0)
        return fail_with(&err);
    struct engine *e = engine_new(&ep, timeout);
    endpoint_done(&ep);
    int rc = 64;
    int nargs = argc - i;
    if (strcmp(cmd, "ping") == 0)
        rc = cmd_ping(e);
    else if (strcmp(cmd, "version") == 0)
        rc = cmd_version(e);
    else if (strcmp(cmd, "info") == 0)
        rc = cmd_info(e);
    else if (strcmp(cmd, "list") == 0 && nargs == 1)
        rc = cmd_list(e, argv[i]);
    else if (strcmp(cmd, "inspect") == 0 && nargs == 1)
        rc = cmd_inspect(e, argv[i]);
    else if (strcmp(cmd, "create") == 0 && nargs == 2)
        rc = cmd_create(e, argv[i], argv[i + 1]);
    else if (strcmp(cmd, "request") == 0 && (nargs == 2 || nargs == 3))
        rc = cmd_request(e, argv[i], argv[i + 1], nargs == 3 ? argv[i + 2] : NULL);
    else if (strcmp(cmd, "events-start") == 0 && nargs == 1)
        rc = cmd_events_start(e, argv[i]);
    else if (strcmp(cmd, "stats") == 0 && nargs >= 1)
        rc = cmd_stats(e, nargs, argv + i);
    else if (strcmp(cmd, "cancel-idle") == 0)
        rc = cmd_cancel_idle(e);
    else if (strcmp(cmd, "logs") == 0 && nargs == 1)
        rc = cmd_logs(e, argv[i]);
    else
        fprintf(stderr, "engine_probe: bad command or arguments: %s\n", cmd);
    engine_free(e);
    return rc;
}
