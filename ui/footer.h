/* The bottom lines and the banner: key hints from the action registry
 * (footer), the status line (messages, the active filter), and the
 * banner that says the engine is unreachable, why, and since when. */
#ifndef BERTH_UI_FOOTER_H
#define BERTH_UI_FOOTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/ui.h"

/* Key hints for ctx, htop style ("F1Help F2Columns ... F10Quit"). */
void footer_draw(struct ui *ui, enum action_context ctx, const struct ui_rect *r);

/* The status message, or what filter is on. */
void status_draw(struct ui *ui, const struct ui_rect *r);

/* True when the snapshot says the engine cannot be reached. */
bool banner_wanted(const struct ui *ui);
/* "Engine unreachable since 12:03:04 (35s): <error>". */
void banner_draw(struct ui *ui, const struct ui_rect *r);

/* An elapsed time in seconds as "35s", "2m05s", "1h02m", "3d04h". */
void footer_format_elapsed(int64_t seconds, char *buf, size_t size);

#endif
