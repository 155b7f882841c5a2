/* A question on the status line: a line of text to type (a volume name, a
 * file path) or one key out of a few choices ("y/n", "m/c/n"). The answer
 * goes to the owner's callback; Esc answers NULL. */
#ifndef BERTH_UI_DIALOG_ASK_H
#define BERTH_UI_DIALOG_ASK_H

#include "ui/ui.h"

/* answer: the typed text, or the chosen key as a one-letter string, or
 * NULL when the operator backed out. Runs on the UI thread. */
typedef unsigned (*dialog_ask_done)(void *owner, struct ui *ui, int tag, const char *answer);

/* Text entry, pre-filled with initial (may be NULL). */
void dialog_ask_text(struct ui *ui, const char *question, const char *initial,
                     dialog_ask_done done, void *owner, int tag);
/* One key out of choices (lower-case letters, e.g. "yn"). */
void dialog_ask_choice(struct ui *ui, const char *question, const char *choices,
                       dialog_ask_done done, void *owner, int tag);

#endif
