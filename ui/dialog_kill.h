/* The kill menu (F9, as in htop): a list of signals, SIGKILL first. The
 * choice goes to a callback (which asks for confirmation before anything
 * is sent). */
#ifndef BERTH_UI_DIALOG_KILL_H
#define BERTH_UI_DIALOG_KILL_H

#include "ui/ui.h"

/* signal is the name without SIG ("TERM"). */
typedef void (*dialog_kill_fn)(struct ui *ui, void *ctx, const char *signal);

/* Open the menu; ctx is owned by it (freed with ctx_free, or free()). */
void dialog_kill_open(struct ui *ui, dialog_kill_fn fn, void *ctx, void (*ctx_free)(void *));

#endif
