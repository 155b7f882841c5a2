/* The help screen: every action of the registry with its keys, grouped by
 * where it works (table, log panes, dialogs). The same list is printed by
 * `berth --help-keys`, so scripts and tests can compare the two. */
#ifndef BERTH_UI_HELP_H
#define BERTH_UI_HELP_H

#include <stdbool.h>
#include <stdio.h>

#include "keymap.h"
#include "ui/ui.h"

/* Open the help screen over the panels. */
void help_open(struct ui *ui);

/* One line per action, tab separated: context, keys, name, help text. */
void help_print(const struct keymap *km, FILE *out);

#endif
