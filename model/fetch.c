/* On-demand requests off the UI thread (see fetch.h).
 *
 * Jobs and results live in two lists under one mutex; the thread takes
 * the oldest job, runs it with the lock released, files the result and
 * writes one byte to the wake-up pipe (non-blocking: a full pipe already
 * holds a pending wake-up). An exec job polls its stream in short steps
 * so fetch_free never waits for a long command. */
#include "config.h"

#include "model/fetch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "hijack.h"
#include "strbuf.h"
#include "xalloc.h"

/* Steps of the exec job's wait, so a stop is noticed quickly. */
#define FETCH_POLL_MS 200
/* Finished results nobody took are kept at most this many. */
#define FETCH_MAX_RESULTS 32

enum fetch_kind {
    FETCH_GET,
    FETCH_EXEC,
};

struct fetch_job {
    uint64_t ticket;
    enum fetch_kind kind;
    char *path;  /* GET */
    char id[65]; /* EXEC */
    char **argv; /* EXEC */
    size_t argc;
    bool forgotten;
    struct fetch_result result;
    struct fetch_job *next;
};

struct fetch {
    struct engine *engine; /* the thread's own */
    pthread_t thread;
    bool started;
    atomic_bool stop;
    int pipe_fds[2];
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct fetch_job *jobs, *jobs_tail; /* waiting */
    struct fetch_job *running;
    struct fetch_job *done; /* finished, newest first */
    size_t ndone;
    uint64_t next_ticket;
};

static void job_free(struct fetch_job *j)
{
    free(j->path);
    for (size_t i = 0; i < j->argc; i++)
        free(j->argv[i]);
    free(j->argv);
    fetch_result_done(&j->result);
    free(j);
}

void fetch_result_done(struct fetch_result *r)
{
    free(r->body);
    r->body = NULL;
    r->len = 0;
}

char *fetch_exec_create_body(const char *const *argv, size_t n, bool tty, bool stdin_open,
                             const char *const *env)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "AttachStdin", stdin_open);
    cJSON_AddBoolToObject(o, "AttachStdout", 1);
    cJSON_AddBoolToObject(o, "AttachStderr", 1);
    cJSON_AddBoolToObject(o, "Tty", tty);
    cJSON *cmd = cJSON_AddArrayToObject(o, "Cmd");
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(cmd, cJSON_CreateString(argv[i]));
    if (env) {
        cJSON *e = cJSON_AddArrayToObject(o, "Env");
        for (size_t i = 0; env[i]; i++)
            cJSON_AddItemToArray(e, cJSON_CreateString(env[i]));
    }
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    char *out = xstrdup(text);
    cJSON_free(text);
    return out;
}

static void run_get(struct fetch *f, struct fetch_job *j)
{
    struct engine_response resp;
    engine_response_init(&resp);
    struct fetch_result *r = &j->result;
    if (engine_request(f->engine, "GET", j->path, NULL, NULL, 0, &resp, &r->err) == 0 &&
        engine_check_status(&resp, &r->err) == 0) {
        r->ok = true;
        r->len = resp.body.len;
        r->body = strbuf_detach(&resp.body);
    }
    engine_response_done(&resp);
}

struct exec_sink {
    struct strbuf out;
    bool truncated;
};

static void exec_collect(void *user, int stream, const char *data, size_t len)
{
    struct exec_sink *s = user;
    (void)stream;
    if (s->out.len + len > FETCH_EXEC_OUTPUT_MAX) {
        s->truncated = true;
        len = s->out.len < FETCH_EXEC_OUTPUT_MAX ? FETCH_EXEC_OUTPUT_MAX - s->out.len : 0;
    }
    if (len)
        strbuf_append(&s->out, data, len);
}

/* Create the exec, read its multiplexed output to the end, then ask for
 * its exit code. */
static void run_exec(struct fetch *f, struct fetch_job *j)
{
    struct fetch_result *r = &j->result;
    r->exit_code = -1;
    char *body = fetch_exec_create_body((const char *const *)j->argv, j->argc, false, false, NULL);
    char *path = xasprintf("/containers/%s/exec", j->id);
    struct engine_response resp;
    engine_response_init(&resp);
    int rc = engine_request(f->engine, "POST", path, "application/json", body, strlen(body), &resp,
                            &r->err);
    free(body);
    free(path);
    cJSON *doc = NULL;
    if (rc == 0 && engine_check_status(&resp, &r->err) == 0)
        doc = cJSON_ParseWithLength(resp.body.data, resp.body.len);
    engine_response_done(&resp);
    const char *exec_id = doc ? engine_json_str(doc, "Id") : NULL;
    if (!exec_id) {
        if (doc || rc == 0)
            if (!r->err.message[0])
                berth_error_set(&r->err, BERTH_ERR_PROTOCOL, 0, "the engine gave no exec id");
        cJSON_Delete(doc);
        return;
    }
    char start_path[128];
    snprintf(start_path, sizeof start_path, "/exec/%s/start", exec_id);
    char json_path[128];
    snprintf(json_path, sizeof json_path, "/exec/%s/json", exec_id);
    cJSON_Delete(doc);

    struct hijack *h =
        hijack_open(f->engine, start_path, "{\"Detach\":false,\"Tty\":false}", 0, &r->err);
    if (!h)
        return;
    struct exec_sink sink = {.truncated = false};
    strbuf_init(&sink.out);
    struct hijack_demux dm;
    hijack_demux_init(&dm);
    bool failed = false;
    while (!atomic_load(&f->stop)) {
        char buf[16384];
        ssize_t n = hijack_recv(h, buf, sizeof buf, &r->err);
        if (n == HIJACK_AGAIN) {
            struct pollfd pfd = {.fd = hijack_fd(h), .events = POLLIN};
            poll(&pfd, 1, FETCH_POLL_MS);
            continue;
        }
        if (n < 0)
            failed = true;
        if (n <= 0)
            break;
        hijack_demux_feed(&dm, buf, (size_t)n, exec_collect, &sink);
    }
    hijack_close(h);
    if (atomic_load(&f->stop) || failed) {
        if (!failed)
            berth_error_set(&r->err, BERTH_ERR_CANCELLED, 0, "cancelled");
        strbuf_done(&sink.out);
        return;
    }
    cJSON *info = NULL;
    if (engine_get_json(f->engine, json_path, &info, &r->err) == 0) {
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(info, "ExitCode");
        if (cJSON_IsNumber(code))
            r->exit_code = (int)code->valuedouble;
    }
    cJSON_Delete(info);
    berth_error_clear(&r->err);
    r->ok = true;
    r->truncated = sink.truncated;
    r->len = sink.out.len;
    r->body = strbuf_detach(&sink.out);
}

static void fetch_wake(struct fetch *f)
{
    unsigned char b = 1;
    if (write(f->pipe_fds[1], &b, 1) < 0) {
        /* Full: a wake-up is already pending. */
    }
}

static void *fetch_main(void *arg)
{
    struct fetch *f = arg;
    pthread_mutex_lock(&f->lock);
    while (!atomic_load(&f->stop)) {
        struct fetch_job *j = f->jobs;
        if (!j) {
            pthread_cond_wait(&f->cond, &f->lock);
            continue;
        }
        f->jobs = j->next;
        if (!f->jobs)
            f->jobs_tail = NULL;
        j->next = NULL;
        f->running = j;
        pthread_mutex_unlock(&f->lock);
        berth_error_clear(&j->result.err);
        if (j->kind == FETCH_GET)
            run_get(f, j);
        else
            run_exec(f, j);
        pthread_mutex_lock(&f->lock);
        f->running = NULL;
        if (j->forgotten) {
            job_free(j);
            continue;
        }
        j->next = f->done;
        f->done = j;
        if (++f->ndone > FETCH_MAX_RESULTS) {
            /* Drop the oldest result nobody came for. */
            struct fetch_job **pp = &f->done;
            while ((*pp)->next)
                pp = &(*pp)->next;
            job_free(*pp);
            *pp = NULL;
            f->ndone--;
        }
        fetch_wake(f);
    }
    pthread_mutex_unlock(&f->lock);
    return NULL;
}

struct fetch *fetch_new(const struct engine *base, struct berth_error *err)
{
    struct fetch *f = xcalloc(1, sizeof *f);
    if (pipe(f->pipe_fds) < 0) {
        free(f);
        berth_error_set(err, BERTH_ERR_IO, 0, "cannot create a pipe: %s", strerror(errno));
        return NULL;
    }
    for (int i = 0; i < 2; i++) {
        fcntl(f->pipe_fds[i], F_SETFL, fcntl(f->pipe_fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(f->pipe_fds[i], F_SETFD, FD_CLOEXEC);
    }
    f->engine = engine_clone(base);
    pthread_mutex_init(&f->lock, NULL);
    pthread_cond_init(&f->cond, NULL);
    f->next_ticket = 1;
    if (pthread_create(&f->thread, NULL, fetch_main, f) != 0) {
        fetch_free(f);
        berth_error_set(err, BERTH_ERR_IO, 0, "cannot start a thread");
        return NULL;
    }
    f->started = true;
    return f;
}

void fetch_free(struct fetch *f)
{
    if (!f)
        return;
    pthread_mutex_lock(&f->lock);
    atomic_store(&f->stop, true);
    pthread_cond_broadcast(&f->cond);
    pthread_mutex_unlock(&f->lock);
    if (f->started)
        pthread_join(f->thread, NULL);
    for (struct fetch_job *j = f->jobs, *next; j; j = next) {
        next = j->next;
        job_free(j);
    }
    for (struct fetch_job *j = f->done, *next; j; j = next) {
        next = j->next;
        job_free(j);
    }
    pthread_mutex_destroy(&f->lock);
    pthread_cond_destroy(&f->cond);
    close(f->pipe_fds[0]);
    close(f->pipe_fds[1]);
    engine_free(f->engine);
    free(f);
}

int fetch_fd(const struct fetch *f)
{
    return f->pipe_fds[0];
}

void fetch_drain(struct fetch *f)
{
    unsigned char buf[64];
    while (read(f->pipe_fds[0], buf, sizeof buf) > 0) {
    }
}

static uint64_t fetch_queue(struct fetch *f, struct fetch_job *j)
{
    pthread_mutex_lock(&f->lock);
    j->ticket = f->next_ticket++;
    if (f->jobs_tail)
        f->jobs_tail->next = j;
    else
        f->jobs = j;
    f->jobs_tail = j;
    pthread_cond_signal(&f->cond);
    uint64_t t = j->ticket;
    pthread_mutex_unlock(&f->lock);
    return t;
}

uint64_t fetch_get(struct fetch *f, const char *path)
{
    struct fetch_job *j = xcalloc(1, sizeof *j);
    j->kind = FETCH_GET;
    j->path = xstrdup(path);
    return fetch_queue(f, j);
}

uint64_t fetch_exec(struct fetch *f, const char *id, const char *const *argv, size_t n)
{
    struct fetch_job *j = xcalloc(1, sizeof *j);
    j->kind = FETCH_EXEC;
    snprintf(j->id, sizeof j->id, "%s", id);
    j->argv = xcalloc(n ? n : 1, sizeof *j->argv);
    for (size_t i = 0; i < n; i++)
        j->argv[i] = xstrdup(argv[i]);
    j->argc = n;
    return fetch_queue(f, j);
}

bool fetch_take(struct fetch *f, uint64_t ticket, struct fetch_result *out)
{
    bool found = false;
    pthread_mutex_lock(&f->lock);
    for (struct fetch_job **pp = &f->done; *pp; pp = &(*pp)->next) {
        struct fetch_job *j = *pp;
        if (j->ticket != ticket)
            continue;
        *pp = j->next;
        f->ndone--;
        *out = j->result;
        memset(&j->result, 0, sizeof j->result);
        job_free(j);
        found = true;
        break;
    }
    pthread_mutex_unlock(&f->lock);
    return found;
}

void fetch_forget(struct fetch *f, uint64_t ticket)
{
    if (!f || ticket == 0)
        return;
    pthread_mutex_lock(&f->lock);
    if (f->running && f->running->ticket == ticket)
        f->running->forgotten = true;
    for (struct fetch_job **pp = &f->jobs; *pp; pp = &(*pp)->next) {
        if ((*pp)->ticket != ticket)
            continue;
        struct fetch_job *j = *pp;
        *pp = j->next;
        if (f->jobs_tail == j) {
            f->jobs_tail = NULL;
            for (struct fetch_job *k = f->jobs; k; k = k->next)
                f->jobs_tail = k;
        }
        job_free(j);
        break;
    }
    for (struct fetch_job **pp = &f->done; *pp; pp = &(*pp)->next) {
        if ((*pp)->ticket != ticket)
            continue;
        struct fetch_job *j = *pp;
        *pp = j->next;
        f->ndone--;
        job_free(j);
        break;
    }
    pthread_mutex_unlock(&f->lock);
}
