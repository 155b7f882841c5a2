/* Lifecycle actions from the table: start, stop, restart, pause toggle,
 * kill (and the signal menu), remove, rename and the resource limits
 * editor, on the marked containers or the selected one.
 *
 * Destructive actions (stop, kill, remove) and every bulk action ask first
 * in a dialog naming every target, answer defaulting to No. The actions go
 * to the worker's queue (never run on this thread); their results come
 * back in the snapshots and are reported on the status line. */
#ifndef BERTH_UI_LIFECYCLE_H
#define BERTH_UI_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/container.h"
#include "ui/ui.h"

struct ui_lifecycle_target {
    char id[65];
    char name[128]; /* engine text */
    enum container_state state;
};

/* True for the actions this module handles. */
bool ui_lifecycle_handles(enum action_id id);

/* Run action id on the targets (n >= 1; more than one is a bulk action). */
unsigned ui_lifecycle_run(struct ui *ui, enum action_id id, const struct ui_lifecycle_target *t,
                          size_t n);

/* A new snapshot arrived: report the results of the actions sent from
 * here on the status line. */
void ui_lifecycle_snapshot(struct ui *ui);

#endif
