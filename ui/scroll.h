/* Scrolling a read-only text pane (help, details, top, exec output): the
 * movement keys every such pane shares, and the clamp its draw applies. */
#ifndef BERTH_UI_SCROLL_H
#define BERTH_UI_SCROLL_H

#include "actions.h"

struct scroll {
    long top;  /* first line shown */
    long page; /* lines that fit, from the last frame */
};

/* Move for select_up/down, page_up/down, home and end; UI_REDRAW when the
 * action was a movement, UI_IGNORED otherwise. End jumps past the last
 * line: scroll_clamp() in the next draw brings it back. */
unsigned scroll_action(struct scroll *s, enum action_id id);

/* Record the rows that fit and keep top inside [0, total - page]. */
void scroll_clamp(struct scroll *s, long total, long page);

#endif
