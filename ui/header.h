/* The header: the engine (endpoint, version, API version, host), the
 * container counts, and total container CPU and memory as htop-style
 * meters against the host's capacity. */
#ifndef BERTH_UI_HEADER_H
#define BERTH_UI_HEADER_H

#include "ui/ui.h"

/* Totals of one snapshot, as the meters show them. */
struct header_totals {
    double cpu;     /* summed CPU %, 100 = one core */
    double cpu_max; /* ncpu x 100, 0 when unknown */
    double mem;     /* summed memory used, bytes */
    double mem_max; /* the host's memory, 0 when unknown */
};

void header_totals(const struct snapshot *s, struct header_totals *out);

/* Draw into r (2 or 3 lines; with 2 the engine line is left out). */
void header_draw(struct ui *ui, const struct ui_rect *r);

#endif
