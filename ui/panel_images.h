/* The images panel: every image (one row per tag) with its repository,
 * tag, id, size, age, the containers using it and whether it is dangling;
 * pull with live progress per layer, remove, prune, history and inspect. */
#ifndef BERTH_UI_PANEL_IMAGES_H
#define BERTH_UI_PANEL_IMAGES_H

#include "ui/ui.h"

extern const struct panel_ops panel_images_ops;
void *panel_images_new(void);

#endif
