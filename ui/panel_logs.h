/* The log pane: follows one container, the marked containers or a whole
 * compose project (lines interleaved by time, each prefixed with its
 * service in its own colour). An overlay over the table, split (table
 * above, logs below) or full screen; less-like keys, search, filter,
 * tail/since, timestamps, wrap and save. */
#ifndef BERTH_UI_PANEL_LOGS_H
#define BERTH_UI_PANEL_LOGS_H

#include <stddef.h>

#include "ui/ui.h"

extern const struct panel_ops panel_logs_ops;

/* Open a pane on the containers with these full ids, or, when project is
 * not NULL, on every container of that compose project in ui->snap. */
void panel_logs_open(struct ui *ui, const char (*ids)[65], size_t n, const char *project);

#endif
