/* The state of an image pull, built from the engine's progress stream.
 *
 * POST /images/create answers with one JSON object per line: a header
 * ("Pulling from REPO", id = tag), then per layer (id = short layer id)
 * "Pulling fs layer", "Waiting", "Downloading" n/total, "Verifying
 * Checksum", "Download complete", "Extracting" n/total, "Pull complete" or
 * "Already exists", and at the end lines without an id ("Digest: ...",
 * "Status: Downloaded newer image for ..."). A failure after the stream
 * started is a line with "error" and "errorDetail". Pure: no I/O, so the
 * same code runs on recorded streams in the tests. */
#ifndef BERTH_MODEL_PULL_PROGRESS_H
#define BERTH_MODEL_PULL_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#define PULL_TEXT_MAX 512

enum pull_layer_state {
    PULL_LAYER_QUEUED,      /* "Pulling fs layer" */
    PULL_LAYER_WAITING,     /* "Waiting" */
    PULL_LAYER_DOWNLOADING, /* "Downloading" current/total */
    PULL_LAYER_VERIFYING,   /* "Verifying Checksum" */
    PULL_LAYER_DOWNLOADED,  /* "Download complete" */
    PULL_LAYER_EXTRACTING,  /* "Extracting" current/total */
    PULL_LAYER_COMPLETE,    /* "Pull complete" */
    PULL_LAYER_EXISTS,      /* "Already exists" */
    PULL_LAYER_OTHER,       /* anything else ("Retrying in 5 seconds"): see text */
};

struct pull_layer {
    char id[80];
    enum pull_layer_state state;
    uint64_t current, total; /* of the phase in progress; total 0 when unknown */
    uint64_t size;           /* download size once known, 0 before */
    char text[64];           /* the engine's status word(s) as sent */
};

struct pull_progress {
    struct pull_layer *layers; /* in the order the engine first named them */
    size_t n, cap;
    char from[PULL_TEXT_MAX];   /* "Pulling from berth-t-img-1" */
    char digest[PULL_TEXT_MAX]; /* "sha256:..." once announced */
    char status[PULL_TEXT_MAX]; /* the last line without a layer id */
    char error[PULL_TEXT_MAX];  /* errorDetail.message (or error), as worded */
    bool failed;
    bool finished; /* a "Status: ..." line arrived */
    size_t events; /* lines seen */
};

void pull_progress_init(struct pull_progress *p);
void pull_progress_done(struct pull_progress *p);

/* Take one progress object. Returns false when it reported an error
 * (p->error then holds the engine's words). */
bool pull_progress_feed(struct pull_progress *p, const cJSON *ev);
/* The same for a text line (parsed here); a line that is not JSON is an
 * error too. */
bool pull_progress_feed_line(struct pull_progress *p, const char *line);

/* 0..1 for one layer: downloading is the first half, extracting the
 * second; complete and already-present layers are 1. */
double pull_layer_fraction(const struct pull_layer *l);
/* 0..1 for the whole pull: the layers' mean (each layer counts the same,
 * as their sizes are only known once each starts); 1 once finished. */
double pull_progress_fraction(const struct pull_progress *p);

/* Short text for a layer's state ("downloading", "already exists"). */
const char *pull_layer_state_name(enum pull_layer_state s);

/* The tag a "Status: ... for REPO:TAG" line names, copied into out (the
 * reference as the engine resolved it); false when the status has none. */
bool pull_progress_reference(const struct pull_progress *p, char *out, size_t size);

#endif
