/* Lifecycle actions as data (see lifecycle.h): requests, limits, sizes,
 * and the pending-state machine. No I/O here. */
#include "config.h"

#include "model/lifecycle.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "xalloc.h"

/* Stop and restart take up to their timeout; the transfer gets this much
 * more before it counts as hung. */
#define LIFECYCLE_SLOW_MARGIN_MS 30000L

static const struct {
    const char *name;
    const char *pending;
    const char *past; /* for the success message */
} verbs[LIFECYCLE_NVERBS] = {
    [LIFECYCLE_NONE] = {"none", "", "done"},
    [LIFECYCLE_START] = {"start", "starting", "started"},
    [LIFECYCLE_STOP] = {"stop", "stopping", "stopped"},
    [LIFECYCLE_RESTART] = {"restart", "restarting", "restarted"},
    [LIFECYCLE_PAUSE] = {"pause", "pausing", "paused"},
    [LIFECYCLE_UNPAUSE] = {"unpause", "unpausing", "unpaused"},
    [LIFECYCLE_KILL] = {"kill", "killing", "killed"},
    [LIFECYCLE_REMOVE] = {"remove", "removing", "removed"},
    [LIFECYCLE_RENAME] = {"rename", "renaming", "renamed"},
    [LIFECYCLE_UPDATE] = {"update", "updating", "updated"},
};

const char *lifecycle_verb_name(enum lifecycle_verb v)
{
    return (int)v > 0 && v < LIFECYCLE_NVERBS ? verbs[v].name : "none";
}

const char *lifecycle_verb_pending(enum lifecycle_verb v)
{
    return (int)v > 0 && v < LIFECYCLE_NVERBS ? verbs[v].pending : "";
}

enum lifecycle_verb lifecycle_verb_find(const char *name)
{
    for (int v = 1; v < LIFECYCLE_NVERBS; v++) {
        if (strcmp(verbs[v].name, name) == 0)
            return (enum lifecycle_verb)v;
    }
    return LIFECYCLE_NONE;
}

/* "KILL" for "", "SIGKILL" -> "KILL"; letters and digits only. */
static int signal_name(const char *in, char *out, size_t size, struct berth_error *err)
{
    if (!in || !in[0])
        in = "KILL";
    if (strncasecmp(in, "SIG", 3) == 0 && in[3])
        in += 3;
    size_t n = strlen(in);
    if (n >= size)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "signal name too long: %s", in);
    for (size_t i = 0; i < n; i++) {
        if (!isalnum((unsigned char)in[i]) && in[i] != '+' && in[i] != '-')
            return berth_error_set(err, BERTH_ERR_USAGE, 0, "not a signal name: %s", in);
        out[i] = (char)toupper((unsigned char)in[i]);
    }
    out[n] = '\0';
    return 0;
}

static bool is_kill_signal(const char *sig)
{
    char name[LIFECYCLE_SIGNAL_MAX];
    if (signal_name(sig, name, sizeof name, NULL) < 0)
        return false;
    return strcmp(name, "KILL") == 0 || strcmp(name, "9") == 0;
}

int lifecycle_request_build(const char *id, const struct lifecycle_params *p,
                            long default_timeout_ms, struct lifecycle_request *req,
                            struct berth_error *err)
{
    memset(req, 0, sizeof *req);
    if (!id || !id[0])
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "no container given");
    long quick = default_timeout_ms > 0 ? default_timeout_ms : ENGINE_DEFAULT_TIMEOUT_MS;
    int t = p->timeout_s >= 0 ? p->timeout_s : LIFECYCLE_DEFAULT_STOP_TIMEOUT;
    req->method = "POST";
    req->timeout_ms = quick;
    char sig[LIFECYCLE_SIGNAL_MAX];
    char *enc;
    switch (p->verb) {
    case LIFECYCLE_START:
    case LIFECYCLE_PAUSE:
    case LIFECYCLE_UNPAUSE:
        req->path = xasprintf("/containers/%s/%s", id, verbs[p->verb].name);
        return 0;
    case LIFECYCLE_STOP:
    case LIFECYCLE_RESTART:
        req->path = xasprintf("/containers/%s/%s?t=%d", id, verbs[p->verb].name, t);
        req->timeout_ms = t * 1000L + LIFECYCLE_SLOW_MARGIN_MS;
        return 0;
    case LIFECYCLE_KILL:
        if (signal_name(p->signal, sig, sizeof sig, err) < 0)
            return -1;
        req->path = xasprintf("/containers/%s/kill?signal=%s", id, sig);
        return 0;
    case LIFECYCLE_REMOVE:
        req->method = "DELETE";
        req->path =
            xasprintf("/containers/%s?force=%d&v=%d", id, p->force ? 1 : 0, p->volumes ? 1 : 0);
        /* Removing a running container with force stops it first. */
        req->timeout_ms = quick + LIFECYCLE_SLOW_MARGIN_MS;
        return 0;
    case LIFECYCLE_RENAME:
        if (!p->name[0])
            return berth_error_set(err, BERTH_ERR_USAGE, 0, "the new name is empty");
        enc = engine_urlencode(p->name);
        req->path = xasprintf("/containers/%s/rename?name=%s", id, enc);
        free(enc);
        return 0;
    case LIFECYCLE_UPDATE:
        if (lifecycle_limits_check(&p->limits, err) < 0)
            return -1;
        req->path = xasprintf("/containers/%s/update", id);
        req->body = lifecycle_limits_json(&p->limits);
        return 0;
    case LIFECYCLE_NONE:
    case LIFECYCLE_NVERBS:
        break;
    }
    return berth_error_set(err, BERTH_ERR_USAGE, 0, "unknown container action");
}

void lifecycle_request_done(struct lifecycle_request *req)
{
    free(req->path);
    free(req->body);
    memset(req, 0, sizeof *req);
}

/* --- limits ------------------------------------------------------------------ */

char *lifecycle_limits_json(const struct lifecycle_limits *l)
{
    cJSON *o = cJSON_CreateObject();
    if (l->set & LIFECYCLE_LIMIT_MEMORY)
        cJSON_AddNumberToObject(o, "Memory", (double)l->memory);
    if (l->set & LIFECYCLE_LIMIT_MEMORY_SWAP)
        cJSON_AddNumberToObject(o, "MemorySwap", (double)l->memory_swap);
    if (l->set & LIFECYCLE_LIMIT_CPUS)
        cJSON_AddNumberToObject(o, "NanoCpus", (double)l->nano_cpus);
    if (l->set & LIFECYCLE_LIMIT_CPU_SHARES)
        cJSON_AddNumberToObject(o, "CpuShares", (double)l->cpu_shares);
    if (l->set & LIFECYCLE_LIMIT_BLKIO_WEIGHT)
        cJSON_AddNumberToObject(o, "BlkioWeight", (double)l->blkio_weight);
    if (l->set & LIFECYCLE_LIMIT_PIDS)
        cJSON_AddNumberToObject(o, "PidsLimit", (double)l->pids_limit);
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    char *copy = xstrdup(text ? text : "{}");
    cJSON_free(text);
    return copy;
}

int lifecycle_limits_check(const struct lifecycle_limits *l, struct berth_error *err)
{
    if (!l->set)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "no limit given");
    /* The engine's own floor; saying it here saves a round trip. */
    if ((l->set & LIFECYCLE_LIMIT_MEMORY) && l->memory < 6 * 1024 * 1024)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "memory must be at least 6m");
    if ((l->set & LIFECYCLE_LIMIT_MEMORY_SWAP) && l->memory_swap != -1 &&
        l->memory_swap < 6 * 1024 * 1024)
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "memory+swap must be at least 6m, or -1 for unlimited swap");
    if ((l->set & LIFECYCLE_LIMIT_MEMORY) && (l->set & LIFECYCLE_LIMIT_MEMORY_SWAP) &&
        l->memory_swap != -1 && l->memory_swap < l->memory)
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "memory+swap must not be smaller than memory");
    if ((l->set & LIFECYCLE_LIMIT_CPUS) && l->nano_cpus <= 0)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "CPUs must be more than 0");
    if ((l->set & LIFECYCLE_LIMIT_CPU_SHARES) && (l->cpu_shares < 2 || l->cpu_shares > 262144))
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "CPU shares must be 2 to 262144");
    if ((l->set & LIFECYCLE_LIMIT_BLKIO_WEIGHT) && (l->blkio_weight < 10 || l->blkio_weight > 1000))
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "block I/O weight must be 10 to 1000");
    if ((l->set & LIFECYCLE_LIMIT_PIDS) && l->pids_limit < -1)
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "PIDs limit must be a count, or 0 / -1 for none");
    return 0;
}

int lifecycle_parse_bytes(const char *text, int64_t *out, struct berth_error *err)
{
    if (!text)
        text = "";
    while (isspace((unsigned char)*text))
        text++;
    if (!isdigit((unsigned char)*text) && *text != '.')
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "not a size: '%s' (try 512m, 1g or 1.5g)",
                               text);
    errno = 0;
    char *end;
    double v = strtod(text, &end);
    if (errno || end == text || !isfinite(v) || v < 0)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "not a size: '%s' (try 512m, 1g or 1.5g)",
                               text);
    double mult = 1;
    switch (tolower((unsigned char)*end)) {
    case 'b':
        break;
    case 'k':
        mult = 1024.0;
        end++;
        break;
    case 'm':
        mult = 1024.0 * 1024;
        end++;
        break;
    case 'g':
        mult = 1024.0 * 1024 * 1024;
        end++;
        break;
    case 't':
        mult = 1024.0 * 1024 * 1024 * 1024;
        end++;
        break;
    case '\0':
        break;
    default:
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "unknown unit in '%s' (use b, k, m, g or t)", text);
    }
    if (tolower((unsigned char)*end) == 'b')
        end++;
    while (isspace((unsigned char)*end))
        end++;
    if (*end)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "not a size: '%s' (try 512m, 1g or 1.5g)",
                               text);
    double bytes = floor(v * mult);
    if (bytes > 9.0e18)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "size too large: '%s'", text);
    *out = (int64_t)bytes;
    return 0;
}

int lifecycle_parse_cpus(const char *text, int64_t *out, struct berth_error *err)
{
    char *end;
    errno = 0;
    double v = text ? strtod(text, &end) : 0;
    if (!text || errno || end == text || !isfinite(v))
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "not a CPU count: '%s'", text ? text : "");
    while (isspace((unsigned char)*end))
        end++;
    if (*end || v <= 0 || v > 1.0e6)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "not a CPU count: '%s' (try 0.5 or 2)",
                               text);
    *out = (int64_t)llround(v * 1e9);
    return 0;
}

/* --- the state machine ---------------------------------------------------- */

void lifecycle_pending_init(struct lifecycle_pending *pa, uint64_t seq, const char *id,
                            const struct lifecycle_params *p)
{
    memset(pa, 0, sizeof *pa);
    pa->seq = seq;
    snprintf(pa->id, sizeof pa->id, "%s", id ? id : "");
    pa->params = *p;
    /* Messages name the container as the operator knows it. */
    if (p->label[0])
        snprintf(pa->label, sizeof pa->label, "%s", p->label);
    else
        snprintf(pa->label, sizeof pa->label, "%.12s", pa->id);
    pa->phase = LIFECYCLE_PHASE_REQUEST;
}

void lifecycle_pending_done(struct lifecycle_pending *pa)
{
    free(pa->message);
    pa->message = NULL;
}

static void finish(struct lifecycle_pending *pa, bool ok, char *message)
{
    free(pa->message);
    pa->message = message;
    pa->ok = ok;
    pa->phase = LIFECYCLE_PHASE_DONE;
}

static const char *state_word(enum lifecycle_verb v)
{
    switch (v) {
    case LIFECYCLE_START:
    case LIFECYCLE_RESTART:
    case LIFECYCLE_UNPAUSE:
        return "running";
    case LIFECYCLE_STOP:
    case LIFECYCLE_KILL:
        return "stopped";
    case LIFECYCLE_PAUSE:
        return "paused";
    default:
        return "in that state";
    }
}

/* True when nothing is left to wait for once the engine said yes. */
static bool nothing_to_wait_for(const struct lifecycle_params *p)
{
    if (p->verb == LIFECYCLE_UPDATE)
        return true;
    /* Other signals may leave the process running (and should). */
    return p->verb == LIFECYCLE_KILL && !is_kill_signal(p->signal);
}

void lifecycle_pending_reply(struct lifecycle_pending *pa, long http_status,
                             const struct berth_error *err, const char *reply_warning, double now)
{
    if (pa->phase != LIFECYCLE_PHASE_REQUEST)
        return;
    const char *verb = verbs[pa->params.verb].name;
    if (err) {
        char code[24] = "";
        long st = err->http_status ? err->http_status : http_status;
        if (st >= 400)
            snprintf(code, sizeof code, " (%ld)", st);
        finish(pa, false, xasprintf("%s %s: %s%s", verb, pa->label, err->message, code));
        return;
    }
    if (http_status == 304) {
        finish(pa, true,
               xasprintf("%s %s: already %s (304)", verb, pa->label, state_word(pa->params.verb)));
        return;
    }
    if (nothing_to_wait_for(&pa->params)) {
        char sig[LIFECYCLE_SIGNAL_MAX] = "";
        if (pa->params.verb == LIFECYCLE_KILL)
            signal_name(pa->params.signal, sig, sizeof sig, NULL);
        const char *w = reply_warning && reply_warning[0] ? reply_warning : NULL;
        if (pa->params.verb == LIFECYCLE_KILL)
            finish(pa, true, xasprintf("sent SIG%s to %s", sig, pa->label));
        else
            finish(pa, true,
                   xasprintf("updated %s%s%s", pa->label, w ? "; the engine warns: " : "",
                             w ? w : ""));
        return;
    }
    pa->phase = LIFECYCLE_PHASE_WAITING;
    pa->deadline = now + LIFECYCLE_WAIT_S;
}

static bool reached(const struct lifecycle_pending *pa, bool present, enum container_state st,
                    const char *name)
{
    switch (pa->params.verb) {
    case LIFECYCLE_REMOVE:
        return !present;
    case LIFECYCLE_RENAME:
        return present && name && strcmp(name, pa->params.name) == 0;
    case LIFECYCLE_START:
    case LIFECYCLE_RESTART:
    case LIFECYCLE_UNPAUSE:
        return present && st == CONTAINER_STATE_RUNNING;
    case LIFECYCLE_PAUSE:
        return present && st == CONTAINER_STATE_PAUSED;
    case LIFECYCLE_STOP:
    case LIFECYCLE_KILL:
        return !present || st == CONTAINER_STATE_EXITED || st == CONTAINER_STATE_DEAD ||
               st == CONTAINER_STATE_CREATED;
    default:
        return true;
    }
}

static const char *state_text(enum container_state st)
{
    switch (st) {
    case CONTAINER_STATE_CREATED:
        return "created";
    case CONTAINER_STATE_RUNNING:
        return "running";
    case CONTAINER_STATE_PAUSED:
        return "paused";
    case CONTAINER_STATE_RESTARTING:
        return "restarting";
    case CONTAINER_STATE_REMOVING:
        return "being removed";
    case CONTAINER_STATE_EXITED:
        return "exited";
    case CONTAINER_STATE_DEAD:
        return "dead";
    case CONTAINER_STATE_UNKNOWN:
        break;
    }
    return "in an unknown state";
}

void lifecycle_pending_observe(struct lifecycle_pending *pa, bool present,
                               enum container_state state, const char *name, double now)
{
    if (pa->phase != LIFECYCLE_PHASE_WAITING)
        return;
    if (reached(pa, present, state, name)) {
        if (pa->params.verb == LIFECYCLE_RENAME)
            finish(pa, true, xasprintf("renamed %s to %s", pa->label, pa->params.name));
        else
            finish(pa, true, xasprintf("%s %s", verbs[pa->params.verb].past, pa->label));
        return;
    }
    if (now < pa->deadline)
        return;
    if (!present)
        finish(pa, false,
               xasprintf("%s %s: the container is gone", verbs[pa->params.verb].name, pa->label));
    else
        finish(pa, false,
               xasprintf("%s %s: the engine accepted it, but after %.0f s the container is %s",
                         verbs[pa->params.verb].name, pa->label, LIFECYCLE_WAIT_S,
                         state_text(state)));
}
