/* Starting other programs: the compose tool, a vulnerability scanner, the
 * operator's own editor.
 *
 * Programs are found in PATH by the parent and started with fork and
 * execve from an argv array, never through a shell: names and paths in
 * their arguments may come from the engine. The child gets the standard
 * descriptors asked for, none of the dashboard's others (engine sockets,
 * pipes), default signal handling and an empty signal mask, so it behaves
 * as it would started from a shell. An exec failure is reported to the
 * parent as an errno, not guessed from an exit status. */
#ifndef BERTH_SRC_SPAWN_H
#define BERTH_SRC_SPAWN_H

#include <stdbool.h>
#include <sys/types.h>

#define SPAWN_NULL (-1)    /* the descriptor reads or writes /dev/null */
#define SPAWN_INHERIT (-2) /* the child keeps the dashboard's (the terminal) */

struct spawn_opts {
    int in, out, err;     /* a descriptor of ours, SPAWN_NULL or SPAWN_INHERIT */
    char *const *env;     /* NULL: the dashboard's environment */
    bool own_group;       /* a process group of its own, to kill it as a whole */
    bool die_with_parent; /* killed when the dashboard dies, however that ends */
};

/* The first executable regular file called name in path_env (":"-separated;
 * an empty entry is the current folder, as for execvp); heap, or NULL.
 * A name holding a slash is taken as it is when it is executable. */
char *spawn_which(const char *path_env, const char *name);

/* Start argv (argv[0] looked up in PATH when it has no slash). 0 with
 * *pid set, or an errno (ENOENT when the program is not found; the exec's
 * own errno when it could not be run). */
int spawn_start(pid_t *pid, char *const *argv, const struct spawn_opts *o);

/* waitpid for pid, across EINTR. 0, or -1 with errno. */
int spawn_wait(pid_t pid, int *status);

#endif
