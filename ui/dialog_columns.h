/* The columns dialog (F2): every column of the registry with a check box;
 * Enter shows or hides the focused one (a newly shown column goes to the
 * right end), Esc closes. The last visible column cannot be hidden. */
#ifndef BERTH_UI_DIALOG_COLUMNS_H
#define BERTH_UI_DIALOG_COLUMNS_H

#include "ui/ui.h"

void dialog_columns_open(struct ui *ui);

#endif
