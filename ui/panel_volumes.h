/* The volumes panel: every volume with its driver, scope, mountpoint,
 * labels, size, reference count, the containers using it and when it was
 * made; create, remove, prune, backup to .tar.gz and restore from one. */
#ifndef BERTH_UI_PANEL_VOLUMES_H
#define BERTH_UI_PANEL_VOLUMES_H

#include "ui/ui.h"

extern const struct panel_ops panel_volumes_ops;
void *panel_volumes_new(void);

#endif
