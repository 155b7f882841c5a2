/* The columns dialog (see dialog_columns.h). It edits ui->table.visible
 * in place, so the table behind it changes as the operator toggles. */
#include "config.h"

#include "dialog_columns.h"

#include <stdlib.h>
#include <string.h>

#include "ui/draw.h"
#include "ui/menu.h"
#include "ui/theme.h"
#include "xalloc.h"

#define COLUMNS_DIALOG_WIDTH 76

struct dcols {
    struct menu m;
};

static long visible_at(const struct ui_table *t, int id)
{
    for (size_t i = 0; i < t->nvisible; i++) {
        if (t->visible[i] == id)
            return (long)i;
    }
    return -1;
}

static void dcols_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct dcols *d = self;
    menu_place(&d->m, r, COLUMNS_DIALOG_WIDTH);
    attr_t a = theme_attr(THEME_DIALOG);
    draw_clear(&d->m.box, a);
    draw_box(&d->m.box, "Columns (Enter shows/hides)", a, theme_attr(THEME_DIALOG_TITLE));
    for (int i = 0; i < d->m.list.h && d->m.top + i < d->m.n; i++) {
        int item = d->m.top + i;
        const struct columns_def *def = columns_get((enum columns_id)item);
        int y = d->m.list.y + i, x = d->m.list.x, w = d->m.list.w;
        attr_t ia = theme_attr(item == d->m.cur ? THEME_DIALOG_BUTTON_FOCUSED : THEME_DIALOG);
        draw_fill(y, x, w, ia);
        draw_text(y, x + 1, 3, visible_at(&ui->table, item) >= 0 ? "[x]" : "[ ]", ia);
        draw_text(y, x + 5, 12, def->name, ia);
        draw_text(y, x + 18, w - 18, def->help, ia);
    }
}

static unsigned toggle(struct ui *ui, int item)
{
    struct ui_table *t = &ui->table;
    const struct columns_def *def = columns_get((enum columns_id)item);
    if (!def)
        return UI_HANDLED;
    long at = visible_at(t, item);
    if (at >= 0) {
        if (t->nvisible == 1) {
            ui_status(ui, true, "The last visible column cannot be hidden");
            return UI_REDRAW;
        }
        memmove(&t->visible[at], &t->visible[at + 1],
                (t->nvisible - (size_t)at - 1) * sizeof t->visible[0]);
        t->nvisible--;
    } else if (t->nvisible < COLUMNS_COUNT) {
        t->visible[t->nvisible++] = item;
    }
    ui_table_changed(ui);
    return UI_REDRAW;
}

static unsigned dcols_action(void *self, struct ui *ui, enum action_id id)
{
    struct dcols *d = self;
    switch (id) {
    case ACTION_CONFIRM:
        return toggle(ui, d->m.cur);
    case ACTION_BACK:
        return UI_CLOSE | UI_REDRAW;
    default:
        return menu_move(&d->m, id);
    }
}

static unsigned dcols_key(void *self, struct ui *ui, int key)
{
    struct dcols *d = self;
    /* Space toggles too, as in every check-box list. */
    if (key == ' ' && keymap_lookup(&ui->keymap, ACTION_CTX_DIALOG, key) == ACTION_NONE)
        return toggle(ui, d->m.cur);
    return menu_key(&d->m, ui, key);
}

static unsigned dcols_mouse(void *self, struct ui *ui, const struct ui_mouse *m)
{
    struct dcols *d = self;
    if (m->kind != UI_MOUSE_CLICK)
        return menu_move(&d->m,
                         m->kind == UI_MOUSE_WHEEL_UP ? ACTION_PREV_FIELD : ACTION_NEXT_FIELD);
    int hit = menu_hit(&d->m, m->y, m->x);
    if (hit == -2)
        return UI_CLOSE | UI_REDRAW;
    if (hit < 0)
        return UI_HANDLED;
    d->m.cur = hit;
    return toggle(ui, hit);
}

static void dcols_destroy(void *self)
{
    free(self);
}

static const struct panel_ops dialog_columns_ops = {
    .name = "columns",
    .context = ACTION_CTX_DIALOG,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .key = dcols_key,
    .action = dcols_action,
    .mouse = dcols_mouse,
    .snapshot = NULL,
    .draw = dcols_draw,
    .interest = NULL,
    .destroy = dcols_destroy,
};

void dialog_columns_open(struct ui *ui)
{
    struct dcols *d = xcalloc(1, sizeof *d);
    d->m.n = COLUMNS_COUNT;
    ui_push(ui, &dialog_columns_ops, d);
}
