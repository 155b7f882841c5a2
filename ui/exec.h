/* Working inside a container from the dashboard: an interactive shell
 * (`x`, `E`), attach to the main process (`a`), and one-shot commands
 * (`:exec CMD`) whose output and exit code show in a pane.
 *
 * The shell and attach hand the terminal over: curses is suspended, the
 * terminal goes raw, the operator's keys go to the engine's hijacked
 * connection and its bytes come straight back to the terminal (they are
 * the operator's own session, so they are not sanitised; curses draws
 * nothing meanwhile). Window size changes are forwarded to the exec or the
 * container's TTY. When the process ends, or the operator detaches
 * (ctrl-p ctrl-q), the terminal is restored and the dashboard redrawn. */
#ifndef BERTH_UI_EXEC_H
#define BERTH_UI_EXEC_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/ui.h"

/* An interactive shell in the container with this id: bash when it has
 * one, else sh. */
void exec_shell(struct ui *ui, const char *id);
/* Attach to the container's main process. */
void exec_attach(struct ui *ui, const char *id);

/* The `exec` command of the command prompt: true when line is one
 * ("exec CMD..."); it then runs CMD in the selected container (ui->sel_id)
 * and opens the output pane, or says why not on the status line. */
bool exec_command(struct ui *ui, const char *line);

/* Split a command line into words the way a shell would for simple cases:
 * blanks separate, '...' and "..." quote, backslash escapes one character
 * (outside single quotes). Returns the word count (words NULL-ended, free
 * with exec_words_free), or -1 for an unterminated quote. */
int exec_split(const char *line, char ***words);
void exec_words_free(char **words);

#endif
