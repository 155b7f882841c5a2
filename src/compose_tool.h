/* Running the installed compose tool on a project: up, down, restart,
 * stop, start and pull, the way an operator would at a shell, but without
 * one.
 *
 * The tool is the `docker compose` plugin when `docker compose version`
 * works, else `docker-compose` in PATH (v1). Its arguments are an argv
 * array built from the project's labels: `-p PROJECT`, `-f FILE` for each
 * config file and `--project-directory DIR`, so the project is acted on
 * wherever it was started from, not from the current directory.
 *
 * compose_run_start() does everything off the caller's thread: finding the
 * tool, spawning it (stdout and stderr into one pipe, stdin /dev/null),
 * reading its output and collecting its exit status. The caller polls
 * compose_run_fd() and takes the news with compose_run_take(). Output is
 * the tool's text, untrusted: sanitise before drawing. */
#ifndef BERTH_SRC_COMPOSE_TOOL_H
#define BERTH_SRC_COMPOSE_TOOL_H

#include <stdbool.h>
#include <stddef.h>

#include "endpoint.h"
#include "error.h"
#include "strbuf.h"

struct compose_tool {
    bool plugin; /* `docker compose`, else docker-compose */
    char *path;  /* the executable: docker or docker-compose */
};

/* Find the tool in path_env (a PATH value; NULL: the process's PATH).
 * -1 with a message naming both tools when neither is there. */
int compose_tool_find(const char *path_env, struct compose_tool *out, struct berth_error *err);
void compose_tool_done(struct compose_tool *t);

enum compose_verb {
    COMPOSE_UP,
    COMPOSE_DOWN,
    COMPOSE_RESTART,
    COMPOSE_STOP,
    COMPOSE_START,
    COMPOSE_PULL,
};

enum compose_rmi { COMPOSE_RMI_NONE, COMPOSE_RMI_ALL, COMPOSE_RMI_LOCAL };

/* What to run. Strings are the caller's; a timeout < 0 leaves the tool's
 * default. Options that do not apply to the verb are ignored. */
struct compose_opts {
    enum compose_verb verb;
    const char *project;
    const char *working_dir;  /* NULL: none given */
    const char *const *files; /* config files, may be 0 */
    size_t nfiles;
    bool no_recreate, force_recreate, build, remove_orphans; /* up (down: remove_orphans) */
    bool volumes;                                            /* down -v */
    enum compose_rmi rmi;                                    /* down --rmi */
    int timeout;                                             /* up, down, restart, stop: -t */
};

/* "up", "down"... */
const char *compose_verb_name(enum compose_verb v);

/* The argv (NULL-ended, heap; free with compose_argv_free). Up is always
 * detached (-d): the dashboard does not attach to the services' output. */
char **compose_argv(const struct compose_tool *t, const struct compose_opts *o);
void compose_argv_free(char **argv);
/* The argv as a command line for display, words with blanks or quotes
 * single-quoted. Heap. */
char *compose_argv_text(char *const *argv);

/* --- running it ------------------------------------------------------------ */

enum compose_end {
    COMPOSE_END_RUNNING,
    COMPOSE_END_EXITED,   /* code: the exit status */
    COMPOSE_END_SIGNALED, /* code: the signal */
    COMPOSE_END_FAILED,   /* never ran: message says why (no tool, spawn failed) */
};

struct compose_status {
    enum compose_end end;
    int code;
    char message[BERTH_ERROR_MESSAGE_MAX];
    char *cmdline; /* the command line once known, else NULL (heap, the caller's) */
};

struct compose_run;

/* The environment changes that make the tool talk to the engine berth
 * talks to (NULL-ended, heap; free with compose_argv_free): "KEY=VALUE"
 * sets, "KEY" unsets. Nothing for the default socket, which the tool finds
 * by itself; DOCKER_CONTEXT for an endpoint from a context (the context
 * carries the TLS material); otherwise DOCKER_HOST, and for TLS
 * DOCKER_TLS_VERIFY and DOCKER_CERT_PATH when the files sit in one
 * folder under the names the docker tools expect. */
char **compose_endpoint_env(const struct endpoint *ep);

/* Start o (copied) in the background, in berth's environment with env's
 * changes applied (see compose_endpoint_env; NULL: none). Never NULL. */
struct compose_run *compose_run_start(const struct compose_opts *o, char *const *env);
/* Readable when there is news (output or the end). */
int compose_run_fd(const struct compose_run *r);
/* Append the output that came since the last call to out, and fill st.
 * True once the run is over (and all its output was taken). */
bool compose_run_take(struct compose_run *r, struct strbuf *out, struct compose_status *st);
/* Block until the run is over. */
void compose_run_wait(struct compose_run *r);
/* Ask the tool to stop (SIGTERM); false when it is not running. */
bool compose_run_stop(struct compose_run *r);
/* Stops the tool if still running, waits for it, frees. NULL is ignored. */
void compose_run_free(struct compose_run *r);

/* One line per step of the exit: "exit 0", "exit 1", "killed by signal 9",
 * or the failure message. */
void compose_status_text(const struct compose_status *st, char *buf, size_t size);

#endif
