/* The compose tool (see compose_tool.h).
 *
 * A run is one child process and one thread. The thread finds the tool
 * (which may itself spawn `docker compose version`), builds the argv,
 * spawns the tool (src/spawn.h: no shell: the project's names and
 * paths are label text from the engine and are passed as they are), then
 * reads the pipe until EOF and waits for the exit status. Whatever it
 * learns goes into the run under its lock, and a byte into the wake pipe
 * tells the owner to call compose_run_take(). */
#include "config.h"

#include "compose_tool.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"
#include "xalloc.h"

extern char **environ;

/* --- finding the tool --------------------------------------------------------- */

int compose_tool_find(const char *path_env, struct compose_tool *out, struct berth_error *err)
{
    memset(out, 0, sizeof *out);
    if (!path_env)
        path_env = getenv("PATH");
    char *docker = spawn_which(path_env, "docker");
    if (docker) {
        /* The CLI exists without the plugin too: only a working
         * `docker compose version` counts. */
        char compose[] = "compose", version[] = "version";
        char *argv[] = {docker, compose, version, NULL};
        pid_t pid;
        int status = 0;
        const struct spawn_opts quiet = {.in = SPAWN_NULL, .out = SPAWN_NULL, .err = SPAWN_NULL};
        if (spawn_start(&pid, argv, &quiet) == 0 && spawn_wait(pid, &status) == 0 &&
            WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            out->plugin = true;
            out->path = docker;
            return 0;
        }
        free(docker);
    }
    char *v1 = spawn_which(path_env, "docker-compose");
    if (v1) {
        out->path = v1;
        return 0;
    }
    return berth_error_set(err, BERTH_ERR_USAGE, 0,
                           "No compose tool found: neither the docker compose plugin "
                           "(`docker compose version` %s) nor docker-compose is installed in PATH; "
                           "install one of them (docker-compose-plugin or docker-compose)",
                           docker ? "failed" : "needs the docker CLI");
}

void compose_tool_done(struct compose_tool *t)
{
    free(t->path);
    t->path = NULL;
}

/* --- argv ------------------------------------------------------------------------ */

const char *compose_verb_name(enum compose_verb v)
{
    static const char *const names[] = {"up", "down", "restart", "stop", "start", "pull"};
    return (unsigned)v < sizeof names / sizeof names[0] ? names[v] : "?";
}

struct argv_build {
    char **v;
    size_t n;
};

static void argv_add(struct argv_build *b, const char *s)
{
    b->v = xrealloc(b->v, (b->n + 2) * sizeof *b->v);
    b->v[b->n++] = xstrdup(s);
    b->v[b->n] = NULL;
}

static void argv_add_timeout(struct argv_build *b, int timeout)
{
    if (timeout < 0)
        return;
    char t[16];
    snprintf(t, sizeof t, "%d", timeout);
    argv_add(b, "-t");
    argv_add(b, t);
}

char **compose_argv(const struct compose_tool *t, const struct compose_opts *o)
{
    struct argv_build b = {NULL, 0};
    argv_add(&b, t->path);
    if (t->plugin)
        argv_add(&b, "compose");
    /* Plain output: the pane is not a terminal, and colour codes would only
     * show as escapes. */
    argv_add(&b, "--ansi");
    argv_add(&b, "never");
    if (o->project && o->project[0]) {
        argv_add(&b, "-p");
        argv_add(&b, o->project);
    }
    for (size_t i = 0; i < o->nfiles; i++) {
        argv_add(&b, "-f");
        argv_add(&b, o->files[i]);
    }
    if (o->working_dir && o->working_dir[0]) {
        argv_add(&b, "--project-directory");
        argv_add(&b, o->working_dir);
    }
    argv_add(&b, compose_verb_name(o->verb));
    switch (o->verb) {
    case COMPOSE_UP:
        argv_add(&b, "-d");
        if (o->no_recreate)
            argv_add(&b, "--no-recreate");
        if (o->force_recreate)
            argv_add(&b, "--force-recreate");
        if (o->build)
            argv_add(&b, "--build");
        if (o->remove_orphans)
            argv_add(&b, "--remove-orphans");
        argv_add_timeout(&b, o->timeout);
        break;
    case COMPOSE_DOWN:
        if (o->volumes)
            argv_add(&b, "-v");
        if (o->rmi != COMPOSE_RMI_NONE) {
            argv_add(&b, "--rmi");
            argv_add(&b, o->rmi == COMPOSE_RMI_ALL ? "all" : "local");
        }
        if (o->remove_orphans)
            argv_add(&b, "--remove-orphans");
        argv_add_timeout(&b, o->timeout);
        break;
    case COMPOSE_RESTART:
    case COMPOSE_STOP:
        argv_add_timeout(&b, o->timeout);
        break;
    case COMPOSE_START:
    case COMPOSE_PULL:
        break;
    }
    return b.v;
}

void compose_argv_free(char **argv)
{
    for (size_t i = 0; argv && argv[i]; i++)
        free(argv[i]);
    free(argv);
}

char *compose_argv_text(char *const *argv)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_puts(&sb, "");
    for (size_t i = 0; argv && argv[i]; i++) {
        const char *w = argv[i];
        if (i)
            strbuf_putc(&sb, ' ');
        bool plain = w[0] != '\0';
        for (const char *c = w; *c; c++)
            if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,@+%",
                        *c))
                plain = false;
        if (plain) {
            strbuf_puts(&sb, w);
            continue;
        }
        strbuf_putc(&sb, '\'');
        for (const char *c = w; *c; c++) {
            if (*c == '\'')
                strbuf_puts(&sb, "'\\''");
            else
                strbuf_putc(&sb, *c);
        }
        strbuf_putc(&sb, '\'');
    }
    return strbuf_detach(&sb);
}

void compose_status_text(const struct compose_status *st, char *buf, size_t size)
{
    switch (st->end) {
    case COMPOSE_END_RUNNING:
        snprintf(buf, size, "running...");
        break;
    case COMPOSE_END_EXITED:
        snprintf(buf, size, "exit %d", st->code);
        break;
    case COMPOSE_END_SIGNALED:
        snprintf(buf, size, "killed by signal %d", st->code);
        break;
    case COMPOSE_END_FAILED:
        snprintf(buf, size, "%s", st->message);
        break;
    }
}

/* --- a run ------------------------------------------------------------------------ */

struct compose_run {
    pthread_t thread;
    pthread_mutex_t lock;
    int wake[2];
    /* Set before the thread starts. */
    char *project, *working_dir, **files;
    struct compose_opts opts;
    char **env; /* environment changes (see run_env) */
    /* Guarded by lock. */
    pid_t pid; /* 0 before the spawn and after the wait */
    struct strbuf out;
    char *cmdline;
    bool cmdline_taken;
    enum compose_end end;
    int code;
    char message[BERTH_ERROR_MESSAGE_MAX];
    bool stop_asked;
};

static void run_wake(struct compose_run *r)
{
    char b = 1;
    if (write(r->wake[1], &b, 1) < 0) {
        /* full: a wake-up is pending already */
    }
}

static void run_finish(struct compose_run *r, enum compose_end end, int code, const char *msg)
{
    pthread_mutex_lock(&r->lock);
    r->end = end;
    r->code = code;
    r->pid = 0;
    if (msg)
        snprintf(r->message, sizeof r->message, "%s", msg);
    pthread_mutex_unlock(&r->lock);
    run_wake(r);
}

/* The name part of an environment entry ("KEY" of "KEY=VALUE" or "KEY"). */
static size_t env_key_len(const char *entry)
{
    const char *eq = strchr(entry, '=');
    return eq ? (size_t)(eq - entry) : strlen(entry);
}

/* environ with changes applied ("K=V" sets K, "K" unsets it): a heap array
 * of environ's strings and the changes' own; free only the array. */
static char **run_env(char *const *changes)
{
    size_t n = 0, nc = 0;
    while (environ[n])
        n++;
    while (changes && changes[nc])
        nc++;
    char **env = xcalloc(n + nc + 1, sizeof *env);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool changed = false;
        for (size_t c = 0; c < nc && !changed; c++) {
            size_t len = env_key_len(changes[c]);
            changed = strncmp(environ[i], changes[c], len) == 0 && environ[i][len] == '=';
        }
        if (!changed)
            env[k++] = environ[i];
    }
    for (size_t c = 0; c < nc; c++)
        if (strchr(changes[c], '='))
            env[k++] = changes[c];
    env[k] = NULL;
    return env;
}

/* True when path is DIR/name; DIR (heap) into *dir. */
static bool env_file_in(const char *path, const char *name, char **dir)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (!slash || strcmp(slash + 1, name) != 0)
        return false;
    *dir = xasprintf("%.*s", (int)(slash - path), path);
    return true;
}

char **compose_endpoint_env(const struct endpoint *ep)
{
    char **env = xcalloc(6, sizeof *env);
    size_t n = 0;
    if (!ep || (ep->kind == ENDPOINT_UNIX && ep->socket_path &&
                strcmp(ep->socket_path, ENDPOINT_DEFAULT_SOCKET) == 0))
        return env;
    if (ep->origin && strncmp(ep->origin, "context ", 8) == 0) {
        env[n++] = xasprintf("DOCKER_CONTEXT=%s", ep->origin + 8);
        env[n++] = xstrdup("DOCKER_HOST");
        return env;
    }
    env[n++] = xasprintf("DOCKER_HOST=%s", ep->display);
    env[n++] = xstrdup("DOCKER_CONTEXT");
    if (ep->kind == ENDPOINT_TCP && ep->tls) {
        env[n++] = xstrdup(ep->tls_verify ? "DOCKER_TLS_VERIFY=1" : "DOCKER_TLS_VERIFY");
        char *ca = NULL, *cert = NULL, *key = NULL;
        if (env_file_in(ep->ca_file, "ca.pem", &ca) &&
            env_file_in(ep->cert_file, "cert.pem", &cert) &&
            env_file_in(ep->key_file, "key.pem", &key) && strcmp(ca, cert) == 0 &&
            strcmp(cert, key) == 0)
            env[n++] = xasprintf("DOCKER_CERT_PATH=%s", ca);
        free(ca);
        free(cert);
        free(key);
    }
    return env;
}

static void *run_thread(void *arg)
{
    struct compose_run *r = arg;
    struct compose_tool tool;
    struct berth_error err;
    berth_error_clear(&err);
    if (compose_tool_find(NULL, &tool, &err) < 0) {
        run_finish(r, COMPOSE_END_FAILED, 0, err.message);
        return NULL;
    }
    char **argv = compose_argv(&tool, &r->opts);
    compose_tool_done(&tool);
    pthread_mutex_lock(&r->lock);
    r->cmdline = compose_argv_text(argv);
    pthread_mutex_unlock(&r->lock);
    run_wake(r);

    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0) {
        snprintf(err.message, sizeof err.message, "cannot make a pipe: %s", strerror(errno));
        compose_argv_free(argv);
        run_finish(r, COMPOSE_END_FAILED, 0, err.message);
        return NULL;
    }
    char **env = run_env(r->env);
    pid_t pid;
    pthread_mutex_lock(&r->lock);
    const struct spawn_opts to_pipe = {.in = SPAWN_NULL, .out = p[1], .err = p[1], .env = env};
    int rc = r->stop_asked ? ECANCELED : spawn_start(&pid, argv, &to_pipe);
    if (rc == 0)
        r->pid = pid;
    pthread_mutex_unlock(&r->lock);
    close(p[1]);
    free(env);
    if (rc != 0) {
        snprintf(err.message, sizeof err.message, "cannot run %s: %s", argv[0], strerror(rc));
        compose_argv_free(argv);
        close(p[0]);
        run_finish(r, COMPOSE_END_FAILED, 0, err.message);
        return NULL;
    }
    compose_argv_free(argv);
    for (;;) {
        char buf[8192];
        ssize_t got = read(p[0], buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        pthread_mutex_lock(&r->lock);
        strbuf_append(&r->out, buf, (size_t)got);
        pthread_mutex_unlock(&r->lock);
        run_wake(r);
    }
    close(p[0]);
    int status = 0;
    if (spawn_wait(pid, &status) < 0)
        run_finish(r, COMPOSE_END_FAILED, 0, "lost the tool's exit status");
    else if (WIFSIGNALED(status))
        run_finish(r, COMPOSE_END_SIGNALED, WTERMSIG(status), NULL);
    else
        run_finish(r, COMPOSE_END_EXITED, WEXITSTATUS(status), NULL);
    return NULL;
}

struct compose_run *compose_run_start(const struct compose_opts *o, char *const *env)
{
    struct compose_run *r = xcalloc(1, sizeof *r);
    pthread_mutex_init(&r->lock, NULL);
    strbuf_init(&r->out);
    r->opts = *o;
    r->project = xstrdup(o->project ? o->project : "");
    r->working_dir = o->working_dir ? xstrdup(o->working_dir) : NULL;
    r->files = xcalloc(o->nfiles + 1, sizeof *r->files);
    for (size_t i = 0; i < o->nfiles; i++)
        r->files[i] = xstrdup(o->files[i]);
    r->opts.project = r->project;
    r->opts.working_dir = r->working_dir;
    r->opts.files = (const char *const *)r->files;
    size_t nenv = 0;
    while (env && env[nenv])
        nenv++;
    r->env = xcalloc(nenv + 1, sizeof *r->env);
    for (size_t i = 0; i < nenv; i++)
        r->env[i] = xstrdup(env[i]);
    r->end = COMPOSE_END_RUNNING;
    r->wake[0] = r->wake[1] = -1;
    if (pipe2(r->wake, O_CLOEXEC | O_NONBLOCK) < 0) {
        r->wake[0] = r->wake[1] = -1;
        r->end = COMPOSE_END_FAILED;
        snprintf(r->message, sizeof r->message, "cannot make a pipe: %s", strerror(errno));
        return r;
    }
    int rc = pthread_create(&r->thread, NULL, run_thread, r);
    if (rc != 0) {
        r->end = COMPOSE_END_FAILED;
        snprintf(r->message, sizeof r->message, "cannot start a thread: %s", strerror(rc));
        close(r->wake[1]);
        r->wake[1] = -1;
        return r;
    }
    return r;
}

int compose_run_fd(const struct compose_run *r)
{
    return r->wake[0];
}

bool compose_run_take(struct compose_run *r, struct strbuf *out, struct compose_status *st)
{
    char b[64];
    while (r->wake[0] >= 0 && read(r->wake[0], b, sizeof b) > 0) {
    }
    pthread_mutex_lock(&r->lock);
    if (out && r->out.len)
        strbuf_append(out, r->out.data, r->out.len);
    strbuf_reset(&r->out);
    st->end = r->end;
    st->code = r->code;
    snprintf(st->message, sizeof st->message, "%s", r->message);
    st->cmdline = NULL;
    if (r->cmdline && !r->cmdline_taken) {
        st->cmdline = xstrdup(r->cmdline);
        r->cmdline_taken = true;
    }
    bool over = r->end != COMPOSE_END_RUNNING;
    pthread_mutex_unlock(&r->lock);
    return over;
}

void compose_run_wait(struct compose_run *r)
{
    if (r->wake[1] < 0)
        return;
    pthread_join(r->thread, NULL);
    close(r->wake[1]);
    r->wake[1] = -1;
}

bool compose_run_stop(struct compose_run *r)
{
    pthread_mutex_lock(&r->lock);
    bool running = r->end == COMPOSE_END_RUNNING;
    r->stop_asked = true;
    if (r->pid > 0)
        kill(r->pid, SIGTERM);
    pthread_mutex_unlock(&r->lock);
    return running;
}

void compose_run_free(struct compose_run *r)
{
    if (!r)
        return;
    if (r->wake[1] >= 0) {
        compose_run_stop(r);
        compose_run_wait(r);
    }
    if (r->wake[0] >= 0)
        close(r->wake[0]);
    strbuf_done(&r->out);
    free(r->cmdline);
    free(r->project);
    free(r->working_dir);
    for (size_t i = 0; i < r->opts.nfiles; i++)
        free(r->files[i]);
    free(r->files);
    compose_argv_free(r->env);
    pthread_mutex_destroy(&r->lock);
    free(r);
}
