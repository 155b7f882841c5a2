/* The stats view: graphs over time of one container, or of a compose
 * project summed over its containers, for CPU, memory, network and block
 * rates and PIDs, each with its current, average and peak value, above a
 * time axis. An overlay opened with the "stats" action (v). */
#ifndef BERTH_UI_PANEL_STATS_H
#define BERTH_UI_PANEL_STATS_H

#include "ui/ui.h"

/* Open the view for the container with this full id, or, when id is NULL,
 * for the compose project called project. */
void panel_stats_open(struct ui *ui, const char *id, const char *project);

#endif
