/* The container table: berth's main panel. */
#ifndef BERTH_UI_PANEL_CONTAINERS_H
#define BERTH_UI_PANEL_CONTAINERS_H

#include "ui/ui.h"

extern const struct panel_ops panel_containers_ops;

/* A fresh table panel (its state for panel_containers_ops). */
void *panel_containers_new(void);

#endif
