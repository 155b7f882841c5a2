/* A framed list in the middle of the screen, shared by the sort menu and
 * the columns dialog: placement, the cursor, scrolling, and which item a
 * click landed on. The dialogs draw the items themselves. */
#ifndef BERTH_UI_MENU_H
#define BERTH_UI_MENU_H

#include "ui/ui.h"

struct menu {
    int n;               /* items */
    int cur;             /* the focused item */
    int top;             /* first item shown */
    struct ui_rect box;  /* the frame, from the last menu_place */
    struct ui_rect list; /* the items' area inside it */
};

/* Centre a frame of `width` cells (clamped to r) tall enough for the
 * items (or for r) and keep the cursor inside the shown items. */
void menu_place(struct menu *m, const struct ui_rect *r, int width);

/* Move the cursor for an action (next_field / prev_field in dialogs, the
 * table's moving keys); UI_IGNORED for other actions. */
unsigned menu_move(struct menu *m, enum action_id id);

/* The moving keys of the table context also move menus (j and k), so a
 * list feels the same everywhere. For a panel_ops.key hook. */
unsigned menu_key(struct menu *m, struct ui *ui, int key);

/* The item under screen cell (y, x), or -1 (-2 outside the frame). */
int menu_hit(const struct menu *m, int y, int x);

#endif
