/* The sort menu (F6): every column of the registry; Enter sorts by the
 * focused one, Esc leaves the sort as it was. */
#ifndef BERTH_UI_DIALOG_SORT_H
#define BERTH_UI_DIALOG_SORT_H

#include "ui/ui.h"

void dialog_sort_open(struct ui *ui);

#endif
