/* Command-line options.
 *
 * options_parse() fills a struct options from argv with getopt_long and
 * checks every value; it never prints and never exits, so main() decides
 * what a bad value costs (one line on stderr, status 2). String members
 * point into argv. */
#ifndef BERTH_SRC_OPTIONS_H
#define BERTH_SRC_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"

#define OPTIONS_DEFAULT_DELAY 2.0    /* seconds between refreshes */
#define OPTIONS_DEFAULT_TIMEOUT 10.0 /* seconds per engine request */

enum options_format {
    OPTIONS_FORMAT_TABLE = 0,
    OPTIONS_FORMAT_JSON,
};

struct options {
    const char *host;           /* -H/--host URL, or NULL */
    const char *context;        /* --context NAME, or NULL */
    long timeout_ms;            /* --timeout, per engine request */
    bool batch;                 /* -b/--batch: print and exit */
    int iterations;             /* -n/--iterations (>= 1) */
    double delay;               /* -d/--delay seconds, also the dashboard refresh */
    bool delay_given;           /* -d was on the command line (it beats the config) */
    bool all;                   /* -a/--all: stopped containers too */
    enum options_format format; /* --format table|json */
    bool read_only;             /* --read-only: no lifecycle actions */
    const char *theme;          /* --theme NAME, or NULL */
    const char *config;         /* --config FILE, or NULL */
    const char *edit;           /* --edit FILE: open the compose editor on it, or NULL */
    bool help;                  /* -h/--help */
    bool help_keys;             /* --help-keys: print the help screen's key list */
    bool version;               /* -V/--version */
};

/* Defaults, as if no option were given. */
void options_init(struct options *opt);

/* Parse argv. Returns 0, or -1 with err (BERTH_ERR_USAGE) naming the bad
 * option or value in one line. Restarts getopt, so it can run more than
 * once in a process. */
int options_parse(struct options *opt, int argc, char **argv, struct berth_error *err);

/* The --help text. */
void options_usage(FILE *out);

#endif
