/* Looking into one container beyond the table: the container actions that
 * open a view or hand the terminal over (shell, attach, top, raw inspect)
 * in one place for the table and the details view, and copying text to
 * the operator's clipboard with OSC 52. */
#ifndef BERTH_UI_INSPECT_H
#define BERTH_UI_INSPECT_H

#include <stdbool.h>

#include "ui/ui.h"

/* Run exec_shell, attach, top or inspect on container id; UI_IGNORED for
 * other actions. */
unsigned inspect_action(struct ui *ui, enum action_id id, const char *cid);

/* The top view (GET /containers/{id}/top, refreshed every interval). */
void top_open(struct ui *ui, const char *id);
/* The raw inspect document, folded and searchable. */
void json_view_open(struct ui *ui, const char *id);
/* The same view for any engine object: GET path ("/networks/ID"), titled
 * title (engine text). */
void json_view_open_path(struct ui *ui, const char *title, const char *path);

/* Send text to the terminal's clipboard (OSC 52; wrapped for tmux and
 * screen) and say on the status line what was copied, and that the
 * terminal may ignore it. `what` names it ("id", "name"). */
void inspect_copy(struct ui *ui, const char *what, const char *text);

/* The OSC 52 sequence for text (heap string): plain, or wrapped in tmux's
 * or screen's passthrough. For tests. */
enum inspect_osc_wrap {
    INSPECT_OSC_PLAIN,
    INSPECT_OSC_TMUX,
    INSPECT_OSC_SCREEN,
};
char *inspect_osc52(const char *text, enum inspect_osc_wrap wrap);
/* Which wrapping the environment calls for (TMUX set, TERM screen*). */
enum inspect_osc_wrap inspect_osc_wrap_for(const char *term, const char *tmux);

#endif
