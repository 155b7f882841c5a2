/* Pull progress from the engine's stream (see pull_progress.h).
 *
 * Layers are keyed by the engine's short id and kept in first-seen order
 * so bars do not jump around. `current` can exceed `total` (seen on
 * pushes), so fractions are clamped. */
#include "config.h"

#include "pull_progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "xalloc.h"

static const struct {
    const char *word;
    enum pull_layer_state state;
} pull_words[] = {
    {"Pulling fs layer", PULL_LAYER_QUEUED},      {"Waiting", PULL_LAYER_WAITING},
    {"Downloading", PULL_LAYER_DOWNLOADING},      {"Verifying Checksum", PULL_LAYER_VERIFYING},
    {"Download complete", PULL_LAYER_DOWNLOADED}, {"Extracting", PULL_LAYER_EXTRACTING},
    {"Pull complete", PULL_LAYER_COMPLETE},       {"Already exists", PULL_LAYER_EXISTS},
};

void pull_progress_init(struct pull_progress *p)
{
    memset(p, 0, sizeof *p);
}

void pull_progress_done(struct pull_progress *p)
{
    free(p->layers);
    memset(p, 0, sizeof *p);
}

static struct pull_layer *pull_layer_get(struct pull_progress *p, const char *id)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->layers[i].id, id) == 0)
            return &p->layers[i];
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 8;
        p->layers = xrealloc(p->layers, p->cap * sizeof *p->layers);
    }
    struct pull_layer *l = &p->layers[p->n++];
    memset(l, 0, sizeof *l);
    snprintf(l->id, sizeof l->id, "%s", id);
    return l;
}

static bool pull_is_layer_status(const char *status, enum pull_layer_state *state)
{
    for (size_t i = 0; i < sizeof pull_words / sizeof pull_words[0]; i++) {
        if (strcmp(status, pull_words[i].word) == 0) {
            *state = pull_words[i].state;
            return true;
        }
    }
    return false;
}

bool pull_progress_feed(struct pull_progress *p, const cJSON *ev)
{
    p->events++;
    const char *error = engine_json_str(ev, "error");
    const cJSON *detail = cJSON_GetObjectItemCaseSensitive(ev, "errorDetail");
    const char *dmsg = engine_json_str(detail, "message");
    if (error || dmsg) {
        snprintf(p->error, sizeof p->error, "%s", dmsg ? dmsg : error);
        p->failed = true;
        return false;
    }
    const char *status = engine_json_str(ev, "status");
    const char *id = engine_json_str(ev, "id");
    if (!status)
        return true;
    enum pull_layer_state state = PULL_LAYER_OTHER;
    bool layer_word = pull_is_layer_status(status, &state);
    if (id && !layer_word && strncmp(status, "Pulling from ", 13) == 0) {
        snprintf(p->from, sizeof p->from, "%s", status);
        return true;
    }
    if (!id || !id[0]) {
        if (strncmp(status, "Digest: ", 8) == 0)
            snprintf(p->digest, sizeof p->digest, "%s", status + 8);
        if (strncmp(status, "Status: ", 8) == 0)
            p->finished = true;
        snprintf(p->status, sizeof p->status, "%s", status);
        return true;
    }
    struct pull_layer *l = pull_layer_get(p, id);
    l->state = state;
    snprintf(l->text, sizeof l->text, "%s", status);
    const cJSON *pd = cJSON_GetObjectItemCaseSensitive(ev, "progressDetail");
    uint64_t cur = engine_json_u64(pd, "current", 0);
    uint64_t tot = engine_json_u64(pd, "total", 0);
    switch (state) {
    case PULL_LAYER_DOWNLOADING:
    case PULL_LAYER_EXTRACTING:
        l->current = cur;
        l->total = tot;
        if (tot && state == PULL_LAYER_DOWNLOADING)
            l->size = tot;
        break;
    case PULL_LAYER_DOWNLOADED:
    case PULL_LAYER_VERIFYING:
        l->current = l->total = l->size;
        break;
    default:
        if (state != PULL_LAYER_COMPLETE)
            l->current = l->total = 0;
        break;
    }
    return true;
}

bool pull_progress_feed_line(struct pull_progress *p, const char *line)
{
    cJSON *ev = cJSON_Parse(line);
    if (!ev) {
        p->events++;
        snprintf(p->error, sizeof p->error, "the engine sent a progress line that is not JSON");
        p->failed = true;
        return false;
    }
    bool ok = pull_progress_feed(p, ev);
    cJSON_Delete(ev);
    return ok;
}

static double pull_ratio(uint64_t cur, uint64_t tot)
{
    if (!tot)
        return 0;
    return cur >= tot ? 1.0 : (double)cur / (double)tot;
}

double pull_layer_fraction(const struct pull_layer *l)
{
    switch (l->state) {
    case PULL_LAYER_DOWNLOADING:
        return 0.5 * pull_ratio(l->current, l->total);
    case PULL_LAYER_VERIFYING:
    case PULL_LAYER_DOWNLOADED:
        return 0.5;
    case PULL_LAYER_EXTRACTING:
        return 0.5 + 0.5 * pull_ratio(l->current, l->total);
    case PULL_LAYER_COMPLETE:
    case PULL_LAYER_EXISTS:
        return 1.0;
    default:
        return 0;
    }
}

double pull_progress_fraction(const struct pull_progress *p)
{
    if (p->finished)
        return 1.0;
    if (p->n == 0)
        return 0;
    double sum = 0;
    for (size_t i = 0; i < p->n; i++)
        sum += pull_layer_fraction(&p->layers[i]);
    return sum / (double)p->n;
}

const char *pull_layer_state_name(enum pull_layer_state s)
{
    switch (s) {
    case PULL_LAYER_QUEUED:
        return "queued";
    case PULL_LAYER_WAITING:
        return "waiting";
    case PULL_LAYER_DOWNLOADING:
        return "downloading";
    case PULL_LAYER_VERIFYING:
        return "verifying";
    case PULL_LAYER_DOWNLOADED:
        return "downloaded";
    case PULL_LAYER_EXTRACTING:
        return "extracting";
    case PULL_LAYER_COMPLETE:
        return "pull complete";
    case PULL_LAYER_EXISTS:
        return "already exists";
    default:
        return "other";
    }
}

bool pull_progress_reference(const struct pull_progress *p, char *out, size_t size)
{
    const char *f = strstr(p->status, " for ");
    if (!p->finished || !f || !f[5])
        return false;
    snprintf(out, size, "%s", f + 5);
    return true;
}
