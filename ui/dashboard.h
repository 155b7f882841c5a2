/* The interactive dashboard: berth's main screen.
 *
 * dashboard_run() loads the configuration (built-in defaults, then the
 * user's file or --config), starts the model's worker on the endpoint,
 * takes the terminal, and runs one poll() loop on the keyboard, the
 * worker's wake-up fd and a signal pipe until the operator quits or a
 * SIGTERM/SIGINT/SIGHUP arrives. It never waits on the engine: every
 * figure comes from the worker's snapshots. The terminal is handed back
 * on every way out, including a fatal allocation failure. */
#ifndef BERTH_UI_DASHBOARD_H
#define BERTH_UI_DASHBOARD_H

#include <stdio.h>

#include "endpoint.h"
#include "error.h"
#include "options.h"

/* Run until quit. 0, or -1 with err when the terminal or the worker
 * cannot be set up (nothing is left half-initialised). */
int dashboard_run(const struct options *opts, const struct endpoint *ep, struct berth_error *err);

/* Print the help screen's list (context, keys, action, help; tab
 * separated) with the configuration applied, for --help-keys. Config
 * problems go to errors as "file:line: message" lines. Returns 0. */
int dashboard_print_keys(const struct options *opts, FILE *out, FILE *errors);

#endif
