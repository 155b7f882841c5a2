/* Container lifecycle actions as data: what to ask the engine, and when an
 * action counts as done.
 *
 * A lifecycle action (start, stop, kill, remove, update...) is one request
 * followed by a wait: the engine's reply says it accepted the action, and
 * the action is over when the container reaches the target state (events
 * tell the model) or a deadline passes. The worker runs the requests; this
 * module is the pure part, with no I/O, so the state machine is tested
 * without an engine:
 *
 *   REQUEST --reply 2xx--> WAITING --target seen / deadline--> DONE
 *      |---reply 304 / error------------------------------------^
 *
 * Also here: the resource limits the update call takes, and the parser
 * for the sizes an operator types ("512m", "1.5g"). */
#ifndef BERTH_MODEL_LIFECYCLE_H
#define BERTH_MODEL_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model/container.h"

#define LIFECYCLE_DEFAULT_STOP_TIMEOUT 10
/* After the engine accepted an action, how long the row may wait for the
 * target state before the action is reported as not reaching it. */
#define LIFECYCLE_WAIT_S 10.0
#define LIFECYCLE_NAME_MAX 128
#define LIFECYCLE_SIGNAL_MAX 16

enum lifecycle_verb {
    LIFECYCLE_NONE = 0,
    LIFECYCLE_START,
    LIFECYCLE_STOP,
    LIFECYCLE_RESTART,
    LIFECYCLE_PAUSE,
    LIFECYCLE_UNPAUSE,
    LIFECYCLE_KILL,
    LIFECYCLE_REMOVE,
    LIFECYCLE_RENAME,
    LIFECYCLE_UPDATE,
    LIFECYCLE_NVERBS,
};

/* Which resource limits an update sets (bits of lifecycle_limits.set). */
enum lifecycle_limit {
    LIFECYCLE_LIMIT_MEMORY = 1u << 0,
    LIFECYCLE_LIMIT_MEMORY_SWAP = 1u << 1,
    LIFECYCLE_LIMIT_CPUS = 1u << 2,
    LIFECYCLE_LIMIT_CPU_SHARES = 1u << 3,
    LIFECYCLE_LIMIT_BLKIO_WEIGHT = 1u << 4,
    LIFECYCLE_LIMIT_PIDS = 1u << 5,
};

struct lifecycle_limits {
    unsigned set;         /* enum lifecycle_limit bits: only these are sent */
    int64_t memory;       /* bytes */
    int64_t memory_swap;  /* bytes, memory + swap; -1 unlimited swap */
    int64_t nano_cpus;    /* 1e9 per CPU */
    int64_t cpu_shares;   /* relative weight, 2..262144 */
    int64_t blkio_weight; /* 10..1000 */
    int64_t pids_limit;   /* 0 or -1 removes the limit */
};

/* What a queued lifecycle action needs beyond the container id. */
struct lifecycle_params {
    enum lifecycle_verb verb;
    int timeout_s;                     /* stop, restart: seconds before SIGKILL */
    char signal[LIFECYCLE_SIGNAL_MAX]; /* kill: "KILL", "TERM", "HUP"...; "" = KILL */
    bool force;                        /* remove: even when running */
    bool volumes;                      /* remove: its anonymous volumes too */
    char name[LIFECYCLE_NAME_MAX];     /* rename: the new name */
    char label[LIFECYCLE_NAME_MAX];    /* current name, for messages ("" = short id) */
    struct lifecycle_limits limits;    /* update */
};

/* One request to send. */
struct lifecycle_request {
    const char *method; /* "POST" or "DELETE" */
    char *path;         /* unversioned, with query (heap) */
    char *body;         /* JSON document (heap) or NULL */
    long timeout_ms;    /* bound for the transfer */
};

enum lifecycle_phase {
    LIFECYCLE_PHASE_REQUEST, /* sent, no reply yet */
    LIFECYCLE_PHASE_WAITING, /* accepted; waiting for the target state */
    LIFECYCLE_PHASE_DONE,    /* ok and message are final */
};

/* One action in flight, for the worker's pending list. */
struct lifecycle_pending {
    uint64_t seq;                   /* the worker's action number */
    char id[65];                    /* target container */
    char label[LIFECYCLE_NAME_MAX]; /* name for messages */
    struct lifecycle_params params;
    enum lifecycle_phase phase;
    double deadline; /* monotonic seconds, while WAITING */
    bool ok;
    char *message; /* heap, when DONE */
};

/* "stop", "kill"... */
const char *lifecycle_verb_name(enum lifecycle_verb v);
/* What the row shows while it runs: "stopping", "killing"... */
const char *lifecycle_verb_pending(enum lifecycle_verb v);
/* The verb called name ("stop"), or LIFECYCLE_NONE. */
enum lifecycle_verb lifecycle_verb_find(const char *name);

/* Fill req for (id, p). -1 with err (BERTH_ERR_USAGE) when the params are
 * not valid (rename to an empty name, update with nothing set, a signal
 * with odd characters). default_timeout_ms bounds the quick verbs; stop
 * and restart get their own timeout plus a margin. */
int lifecycle_request_build(const char *id, const struct lifecycle_params *p,
                            long default_timeout_ms, struct lifecycle_request *req,
                            struct berth_error *err);
void lifecycle_request_done(struct lifecycle_request *req);

/* The update call's JSON body for l (only the fields in l->set). */
char *lifecycle_limits_json(const struct lifecycle_limits *l);
/* Check l before sending: ranges, and memory <= memory+swap when both are
 * set. -1 with err saying what is wrong. */
int lifecycle_limits_check(const struct lifecycle_limits *l, struct berth_error *err);

/* Parse a size the way the docker CLI takes it: "512m", "1g", "1.5g",
 * "64M", "100k", "1024" (bytes), "1.5gb". -1 with err on anything else. */
int lifecycle_parse_bytes(const char *text, int64_t *out, struct berth_error *err);
/* Parse a CPU count ("0.5", "2") into NanoCpus. */
int lifecycle_parse_cpus(const char *text, int64_t *out, struct berth_error *err);

/* --- the state machine --------------------------------------------------- */

void lifecycle_pending_init(struct lifecycle_pending *pa, uint64_t seq, const char *id,
                            const struct lifecycle_params *p);
void lifecycle_pending_done(struct lifecycle_pending *pa);

/* The engine replied. err NULL on success; http_status 304 means it was
 * already in that state. reply_warning: text to add to the message (the
 * update's Warnings), may be NULL. */
void lifecycle_pending_reply(struct lifecycle_pending *pa, long http_status,
                             const struct berth_error *err, const char *reply_warning, double now);

/* What the model knows of the container now: present false when it is
 * gone; name its current name. DONE when the target is reached or the
 * deadline passed. */
void lifecycle_pending_observe(struct lifecycle_pending *pa, bool present,
                               enum container_state state, const char *name, double now);

#endif
