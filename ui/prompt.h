/* One-line text entry on the status line: the filter (`/`, F4), which
 * narrows the table as the operator types, and the command prompt (`:`),
 * which runs set / bind / unbind.
 *
 * Enter keeps the filter (or runs the command), Esc clears the filter (or
 * drops the command), Backspace deletes a character, C-u the whole line.
 * Keys that are not text (arrows, PgUp...) go on to the table, so the
 * selection can move while the filter is being typed. */
#ifndef BERTH_UI_PROMPT_H
#define BERTH_UI_PROMPT_H

#include "ui/ui.h"

enum prompt_kind {
    PROMPT_FILTER,
    PROMPT_COMMAND,
};

void prompt_open(struct ui *ui, enum prompt_kind kind);

#endif
