/* The compose projects panel: one row per project found in the container
 * labels (status counts, services, working folder, compose files), its
 * services folded under it; up, down, restart, stop, start and pull
 * through the installed compose tool, with the tool's output in a pane;
 * the project's logs. */
#ifndef BERTH_UI_PANEL_PROJECTS_H
#define BERTH_UI_PANEL_PROJECTS_H

#include "ui/ui.h"

extern const struct panel_ops panel_projects_ops;
void *panel_projects_new(void);

#endif
