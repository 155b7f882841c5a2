/* The details view of one container: everything the snapshot knows about
 * it (list fields, labels, latest figures) and its CPU and memory history
 * as graphs. Follows the container by id; says so when it is gone. */
#ifndef BERTH_UI_DETAILS_H
#define BERTH_UI_DETAILS_H

#include "ui/ui.h"

/* Open the details of the container with this full id. */
void details_open(struct ui *ui, const char *id);

#endif
