/* The networks panel: every network with its driver, scope, subnet and
 * gateway, whether it is internal and how many containers are attached;
 * the details of one (the containers and their addresses), its raw
 * inspect, create, remove, prune, and connecting or disconnecting a
 * container. */
#ifndef BERTH_UI_PANEL_NETWORKS_H
#define BERTH_UI_PANEL_NETWORKS_H

#include "ui/ui.h"

extern const struct panel_ops panel_networks_ops;
void *panel_networks_new(void);

#endif
