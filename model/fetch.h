/* Requests the views make on demand, off the UI thread: the inspect
 * document of the details and raw JSON views, the process list of the top
 * view, and one-shot exec (`:exec CMD`), whose output and exit code are
 * collected here.
 *
 * One thread with its own engine connection runs the jobs in order. The
 * UI submits a job and gets a ticket; when a job ends the thread writes a
 * byte to a pipe (fetch_fd, in the UI's poll set) and the view collects
 * its result with fetch_take. Results nobody took are dropped when the
 * next job for the same slot replaces them, so a closed view leaks
 * nothing past fetch_free. */
#ifndef BERTH_MODEL_FETCH_H
#define BERTH_MODEL_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "error.h"

/* Output a one-shot exec keeps; the rest is counted, not kept. */
#define FETCH_EXEC_OUTPUT_MAX (1u << 20)

struct fetch_result {
    bool ok;
    struct berth_error err; /* when !ok: the engine's own message */
    char *body;             /* GET: the body; exec: stdout and stderr, in order */
    size_t len;
    bool truncated; /* exec output beyond FETCH_EXEC_OUTPUT_MAX was dropped */
    int exit_code;  /* exec: the command's exit code, -1 when unknown */
};

struct fetch;

/* A fetcher on base's endpoint (cloned). NULL with err when its pipe
 * cannot be made. */
struct fetch *fetch_new(const struct engine *base, struct berth_error *err);
/* Stops the thread (an exec in progress is cut off) and frees. */
void fetch_free(struct fetch *f);

int fetch_fd(const struct fetch *f);
void fetch_drain(struct fetch *f);

/* Queue GET path (unversioned). Returns a ticket > 0. */
uint64_t fetch_get(struct fetch *f, const char *path);
/* Queue a one-shot exec of argv (n words) in container id. */
uint64_t fetch_exec(struct fetch *f, const char *id, const char *const *argv, size_t n);

/* If the job with this ticket has ended, move its result into *out (free
 * with fetch_result_done) and return true. */
bool fetch_take(struct fetch *f, uint64_t ticket, struct fetch_result *out);
/* Forget a ticket: its result is dropped when it comes. */
void fetch_forget(struct fetch *f, uint64_t ticket);

void fetch_result_done(struct fetch_result *r);

/* The JSON body of POST /containers/{id}/exec for argv (n words), with a
 * TTY or not, stdin attached or not, and env entries (NULL-ended, may be
 * NULL). Heap string. For tests and the interactive shell. */
char *fetch_exec_create_body(const char *const *argv, size_t n, bool tty, bool stdin_open,
                             const char *const *env);

#endif
