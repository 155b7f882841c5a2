/* The compose editor: an overlay that edits one YAML file in place.
 *
 * editor_open pushes the editor overlay on the dashboard for path (any
 * file; compose files get validated as you type). editor_open_external
 * hands the file to $VISUAL / $EDITOR / vi instead, then revalidates it
 * and reports the findings (opening the editor when it has errors). The
 * text buffer (src/textbuf.h), the atomic save (src/file_save.h) and the
 * recovery files (src/recover.h) hold the parts without curses. */
#ifndef BERTH_UI_EDITOR_H
#define BERTH_UI_EDITOR_H

#include <stdbool.h>

struct ui;

/* Open the editor overlay on path. Problems (unreadable file, a full
 * overlay stack) go to the status line. */
void editor_open(struct ui *ui, const char *path);

/* Run $VISUAL, else $EDITOR, else vi on path (argv split on spaces, no
 * shell), then revalidate and put the findings on the status line. */
void editor_open_external(struct ui *ui, const char *path);

/* The command prompt's `edit PATH`: true when line is an edit command
 * (handled, problems on the status line), false to let others try. */
bool editor_command(struct ui *ui, const char *line);

#endif
