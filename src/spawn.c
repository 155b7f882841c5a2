/* Starting other programs (see spawn.h). */
#include "config.h"

#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "xalloc.h"

extern char **environ;

static bool spawn_executable(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

char *spawn_which(const char *path_env, const char *name)
{
    if (!name || !name[0])
        return NULL;
    if (strchr(name, '/'))
        return spawn_executable(name) ? xstrdup(name) : NULL;
    if (!path_env)
        return NULL;
    const char *p = path_env;
    for (;;) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        char *cand = len ? xasprintf("%.*s/%s", (int)len, p, name) : xasprintf("./%s", name);
        if (spawn_executable(cand))
            return cand;
        free(cand);
        if (!colon)
            return NULL;
        p = colon + 1;
    }
}

/* Put fd (or /dev/null, or nothing) on target; child side, async-signal-safe. */
static int spawn_place(int fd, int target, int null_flags)
{
    if (fd == SPAWN_INHERIT)
        return 0;
    if (fd == SPAWN_NULL) {
        int n = open("/dev/null", null_flags);
        if (n < 0)
            return -1;
        if (n != target && (dup2(n, target) < 0 || close(n) < 0))
            return -1;
        return 0;
    }
    /* dup2 onto itself would keep FD_CLOEXEC set: clear it instead. */
    if (fd == target)
        return fcntl(fd, F_SETFD, 0);
    return dup2(fd, target) < 0 ? -1 : 0;
}

/* The child after fork: only async-signal-safe calls; reports the errno of
 * a failure on report (close-on-exec, so a successful exec closes it). */
static void spawn_child(const char *path, char *const *argv, char *const *env,
                        const struct spawn_opts *o, int report)
{
    if (o->own_group)
        setpgid(0, 0);
#ifdef __linux__
    if (o->die_with_parent)
        prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    if (spawn_place(o->in, STDIN_FILENO, O_RDONLY) < 0 ||
        spawn_place(o->out, STDOUT_FILENO, O_WRONLY) < 0 ||
        spawn_place(o->err, STDERR_FILENO, O_WRONLY) < 0)
        goto fail;
        /* The dashboard's own descriptors are not the program's business;
         * report is close-on-exec and must stay open until the exec. */
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    if (report > 3)
        close_range(3, (unsigned)report - 1, 0);
    close_range((unsigned)report + 1, ~0u, 0);
#else
    for (int fd = 3; fd < 1024; fd++)
        if (fd != report)
            close(fd);
#endif
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP)
            sigaction(sig, &dfl, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(path, argv, env);
fail:;
    int e = errno;
    ssize_t w = write(report, &e, sizeof e);
    (void)w;
    _exit(127);
}

int spawn_start(pid_t *pid, char *const *argv, const struct spawn_opts *o)
{
    char *path = spawn_which(getenv("PATH"), argv[0]);
    if (!path)
        return ENOENT;
    int report[2];
    if (pipe2(report, O_CLOEXEC) < 0) {
        int e = errno;
        free(path);
        return e;
    }
    char *const *env = o->env ? o->env : environ;
    pid_t child = fork();
    if (child == 0)
        spawn_child(path, argv, env, o, report[1]);
    int e = child < 0 ? errno : 0;
    close(report[1]);
    free(path);
    if (child > 0) {
        int child_errno = 0;
        ssize_t got;
        while ((got = read(report[0], &child_errno, sizeof child_errno)) < 0 && errno == EINTR)
            continue;
        if (got == (ssize_t)sizeof child_errno) {
            /* The exec failed: collect the child so it leaves no zombie. */
            int status;
            spawn_wait(child, &status);
            e = child_errno ? child_errno : ENOEXEC;
        } else {
            *pid = child;
        }
    }
    close(report[0]);
    return e;
}

int spawn_wait(pid_t pid, int *status)
{
    for (;;) {
        if (waitpid(pid, status, 0) == pid)
            return 0;
        if (errno != EINTR)
            return -1;
    }
}
