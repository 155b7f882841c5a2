/* Running Trivy or Grype: detection in PATH, the child process, the scan
 * thread and the session cache of results.
 *
 * The tool is started by src/spawn.h (no shell: the image reference
 * is one argv entry, never parsed) in a process group of its own, so a
 * cancel kills it and whatever it started. One thread per scan waits on
 * the tool's stdout, stderr and a cancel pipe with poll(); when the scan
 * ends it writes to a wake pipe the UI polls. */
#include "config.h"

#include "vuln_scan.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"
#include "strbuf.h"
#include "xalloc.h"

/* The end of stderr kept for the error message. */
#define VULN_SCAN_STDERR_KEEP 4096

/* --- detection ----------------------------------------------------------- */

/* The full name of prog in path, into out; false when it is not there. */
static bool find_in_path(const char *path, const char *prog, char *out, size_t size)
{
    char *full = spawn_which(path, prog);
    if (full && size)
        snprintf(out, size, "%s", full);
    free(full);
    return full != NULL;
}

enum vuln_tool vuln_scan_detect(const char *path, char *exe, size_t exe_size)
{
    if (!path)
        path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    if (exe_size)
        exe[0] = '\0';
    if (find_in_path(path, "trivy", exe, exe_size))
        return VULN_TOOL_TRIVY;
    if (find_in_path(path, "grype", exe, exe_size))
        return VULN_TOOL_GRYPE;
    return VULN_TOOL_NONE;
}

size_t vuln_scan_argv(enum vuln_tool tool, const char *exe, const char *image_ref,
                      const char **argv, size_t max)
{
    const char *trivy[] = {exe, "image", "--format", "json", "--quiet", image_ref, NULL};
    const char *grype[] = {exe, image_ref, "-o", "json", "--quiet", NULL};
    const char **src = tool == VULN_TOOL_TRIVY ? trivy : tool == VULN_TOOL_GRYPE ? grype : NULL;
    size_t n = 0;
    while (src && src[n] && n + 1 < max) {
        argv[n] = src[n];
        n++;
    }
    if (max)
        argv[n] = NULL;
    return n;
}

/* --- running the tool ---------------------------------------------------- */

/* The last non-empty line of the tool's stderr, at most max bytes of it:
 * the tools log progress first and the fatal error last. */
static void stderr_summary(const struct strbuf *sb, char *out, size_t size)
{
    size_t end = sb->len;
    while (end &&
           (sb->data[end - 1] == '\n' || sb->data[end - 1] == '\r' || sb->data[end - 1] == ' '))
        end--;
    size_t start = end;
    while (start && sb->data[start - 1] != '\n')
        start--;
    snprintf(out, size, "%.*s", (int)(end - start), sb->data + start);
}

static void kill_group(pid_t pid)
{
    if (kill(-pid, SIGKILL) < 0)
        kill(pid, SIGKILL);
}

/* Read what fd has into sb; false at end of file or error. */
static bool drain(int fd, struct strbuf *sb, size_t keep_tail)
{
    char buf[65536];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return true;
    if (n <= 0)
        return false;
    strbuf_append(sb, buf, (size_t)n);
    if (keep_tail && sb->len > 2 * keep_tail) {
        /* Keep the tail only: the error comes last. */
        memmove(sb->data, sb->data + sb->len - keep_tail, keep_tail);
        sb->len = keep_tail;
        sb->data[sb->len] = '\0';
    }
    return true;
}

int vuln_scan_run(enum vuln_tool tool, const char *exe, const char *image_ref, int cancel_fd,
                  struct vuln_report *out, struct berth_error *err)
{
    memset(out, 0, sizeof *out);
    out->tool = tool;
    const char *name = vuln_tool_name(tool);
    if (tool == VULN_TOOL_NONE || !exe || !exe[0])
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "%s", VULN_SCAN_NO_TOOL);
    if (!image_ref || !image_ref[0] || image_ref[0] == '-')
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "not an image reference: \"%s\"",
                               image_ref ? image_ref : "");
    const char *cargv[8];
    size_t argc = vuln_scan_argv(tool, exe, image_ref, cargv, 8);

    int outp[2], errp[2];
    if (pipe2(outp, O_CLOEXEC) < 0)
        return berth_error_set(err, BERTH_ERR_IO, 0, "pipe: %s", strerror(errno));
    if (pipe2(errp, O_CLOEXEC) < 0) {
        close(outp[0]);
        close(outp[1]);
        return berth_error_set(err, BERTH_ERR_IO, 0, "pipe: %s", strerror(errno));
    }
    /* execv wants char *const[]: copies, made before the fork. */
    char *argv[8] = {NULL};
    for (size_t i = 0; i < argc; i++)
        argv[i] = xstrdup(cargv[i]);
    /* Its own group, to kill the tool with whatever it started; and it
     * dies with the dashboard, however that ends. */
    const struct spawn_opts so = {.in = SPAWN_NULL,
                                  .out = outp[1],
                                  .err = errp[1],
                                  .own_group = true,
                                  .die_with_parent = true};
    pid_t pid = -1;
    int spawn_errno = spawn_start(&pid, argv, &so);
    close(outp[1]);
    close(errp[1]);
    for (size_t i = 0; i < argc; i++)
        free(argv[i]);
    if (spawn_errno != 0) {
        close(outp[0]);
        close(errp[0]);
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot start %s: %s", name,
                               strerror(spawn_errno));
    }

    struct strbuf sout, serr;
    strbuf_init(&sout);
    strbuf_init(&serr);
    bool out_open = true, err_open = true, cancelled = false, too_big = false;
    while ((out_open || err_open) && !cancelled && !too_big) {
        struct pollfd fds[3] = {
            {.fd = out_open ? outp[0] : -1, .events = POLLIN},
            {.fd = err_open ? errp[0] : -1, .events = POLLIN},
            {.fd = cancel_fd, .events = POLLIN},
        };
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[2].revents)
            cancelled = true;
        if (out_open && fds[0].revents)
            out_open = drain(outp[0], &sout, 0);
        if (err_open && fds[1].revents)
            err_open = drain(errp[0], &serr, VULN_SCAN_STDERR_KEEP);
        too_big = sout.len > VULN_SCAN_OUTPUT_MAX;
    }
    if (cancelled || too_big || out_open || err_open)
        kill_group(pid);
    close(outp[0]);
    close(errp[0]);
    int status = 0;
    spawn_wait(pid, &status);

    int rc = 0;
    if (cancelled) {
        rc = berth_error_set(err, BERTH_ERR_CANCELLED, 0, "scan cancelled: %s stopped", name);
    } else if (too_big) {
        rc = berth_error_set(err, BERTH_ERR_PROTOCOL, 0,
                             "%s wrote more than %zu MiB of output: scan abandoned", name,
                             VULN_SCAN_OUTPUT_MAX >> 20);
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char last[400];
        stderr_summary(&serr, last, sizeof last);
        if (WIFSIGNALED(status))
            rc = berth_error_set(err, BERTH_ERR_IO, 0, "%s was killed by signal %d%s%s", name,
                                 WTERMSIG(status), last[0] ? ": " : "", last);
        else
            rc = berth_error_set(err, BERTH_ERR_IO, 0, "%s failed (exit status %d)%s%s", name,
                                 WEXITSTATUS(status), last[0] ? ": " : "", last);
    } else {
        rc = vuln_report_parse(out, tool, sout.data, sout.len, err);
    }
    strbuf_done(&sout);
    strbuf_done(&serr);
    return rc;
}

/* --- session cache ------------------------------------------------------- */

struct cache_entry {
    char *key;
    struct vuln_counts counts;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cache_entry *cache;
static size_t ncache, cache_cap;

static void cache_put(const char *key, const struct vuln_counts *c)
{
    pthread_mutex_lock(&cache_lock);
    size_t i = 0;
    while (i < ncache && strcmp(cache[i].key, key) != 0)
        i++;
    if (i == ncache) {
        if (ncache == cache_cap) {
            cache_cap = cache_cap ? cache_cap * 2 : 16;
            cache = xrealloc(cache, cache_cap * sizeof cache[0]);
        }
        cache[ncache].key = xstrdup(key);
        ncache++;
    }
    cache[i].counts = *c;
    pthread_mutex_unlock(&cache_lock);
}

bool vuln_scan_counts(const char *image_id, struct vuln_counts *out)
{
    if (!image_id || !image_id[0])
        return false;
    bool found = false;
    pthread_mutex_lock(&cache_lock);
    for (size_t i = 0; i < ncache && !found; i++) {
        if (strcmp(cache[i].key, image_id) == 0) {
            *out = cache[i].counts;
            found = true;
        }
    }
    pthread_mutex_unlock(&cache_lock);
    return found;
}

void vuln_scan_cache_clear(void)
{
    pthread_mutex_lock(&cache_lock);
    for (size_t i = 0; i < ncache; i++)
        free(cache[i].key);
    free(cache);
    cache = NULL;
    ncache = cache_cap = 0;
    pthread_mutex_unlock(&cache_lock);
}

/* --- asynchronous scans -------------------------------------------------- */

struct vuln_scan {
    enum vuln_tool tool;
    char exe[4096];
    char *ref;
    char *key;
    int cancel[2]; /* written to cancel */
    int wake[2];   /* written when the scan ends */
    bool thread;   /* a thread was started (join it) */
    pthread_t th;

    pthread_mutex_t lock;
    enum vuln_scan_state state;
    struct vuln_report report;
    struct berth_error err;
};

static void scan_finish(struct vuln_scan *s, enum vuln_scan_state state)
{
    pthread_mutex_lock(&s->lock);
    s->state = state;
    pthread_mutex_unlock(&s->lock);
    ssize_t w = write(s->wake[1], "x", 1);
    (void)w;
}

static void *scan_thread(void *arg)
{
    struct vuln_scan *s = arg;
    struct vuln_report r;
    struct berth_error err;
    berth_error_clear(&err);
    int rc = vuln_scan_run(s->tool, s->exe, s->ref, s->cancel[0], &r, &err);
    pthread_mutex_lock(&s->lock);
    s->report = r;
    s->err = err;
    pthread_mutex_unlock(&s->lock);
    if (rc == 0)
        cache_put(s->key, &r.counts);
    scan_finish(s, rc == 0 ? VULN_SCAN_DONE : VULN_SCAN_FAILED);
    return NULL;
}

struct vuln_scan *vuln_scan_start(const char *image_ref, const char *image_id)
{
    struct vuln_scan *s = xcalloc(1, sizeof *s);
    s->ref = xstrdup(image_ref ? image_ref : "");
    s->key = xstrdup(image_id && image_id[0] ? image_id : s->ref);
    s->cancel[0] = s->cancel[1] = s->wake[0] = s->wake[1] = -1;
    pthread_mutex_init(&s->lock, NULL);
    berth_error_clear(&s->err);
    s->state = VULN_SCAN_RUNNING;
    if (pipe2(s->wake, O_CLOEXEC) < 0 || pipe2(s->cancel, O_CLOEXEC) < 0) {
        berth_error_set(&s->err, BERTH_ERR_IO, 0, "pipe: %s", strerror(errno));
        s->state = VULN_SCAN_FAILED;
        return s;
    }
    s->tool = vuln_scan_detect(NULL, s->exe, sizeof s->exe);
    if (s->tool == VULN_TOOL_NONE) {
        berth_error_set(&s->err, BERTH_ERR_USAGE, 0, "%s", VULN_SCAN_NO_TOOL);
        scan_finish(s, VULN_SCAN_FAILED);
        return s;
    }
    int rc = pthread_create(&s->th, NULL, scan_thread, s);
    if (rc != 0) {
        berth_error_set(&s->err, BERTH_ERR_IO, 0, "cannot start the scan: %s", strerror(rc));
        scan_finish(s, VULN_SCAN_FAILED);
        return s;
    }
    s->thread = true;
    return s;
}

int vuln_scan_wake_fd(const struct vuln_scan *s)
{
    return s->wake[0];
}

enum vuln_tool vuln_scan_tool(const struct vuln_scan *s)
{
    return s->tool;
}

enum vuln_scan_state vuln_scan_state(struct vuln_scan *s, const struct vuln_report **report,
                                     struct berth_error *err)
{
    char buf[16];
    while (s->wake[0] >= 0) {
        /* Empty the wake pipe without blocking. */
        struct pollfd p = {.fd = s->wake[0], .events = POLLIN};
        if (poll(&p, 1, 0) <= 0 || read(s->wake[0], buf, sizeof buf) <= 0)
            break;
    }
    pthread_mutex_lock(&s->lock);
    enum vuln_scan_state st = s->state;
    pthread_mutex_unlock(&s->lock);
    if (st == VULN_SCAN_DONE && report)
        *report = &s->report;
    if (st == VULN_SCAN_FAILED && err)
        *err = s->err;
    return st;
}

void vuln_scan_free(struct vuln_scan *s)
{
    if (!s)
        return;
    if (s->thread) {
        ssize_t w = write(s->cancel[1], "x", 1);
        (void)w;
        pthread_join(s->th, NULL);
    }
    for (int i = 0; i < 2; i++) {
        if (s->cancel[i] >= 0)
            close(s->cancel[i]);
        if (s->wake[i] >= 0)
            close(s->wake[i]);
    }
    vuln_report_done(&s->report);
    pthread_mutex_destroy(&s->lock);
    free(s->ref);
    free(s->key);
    free(s);
}
