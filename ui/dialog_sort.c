/* The sort menu (see dialog_sort.h). It opens on the current sort column
 * and marks it with the direction arrow. */
#include "config.h"

#include "dialog_sort.h"

#include <stdlib.h>

#include "ui/draw.h"
#include "ui/menu.h"
#include "ui/theme.h"
#include "xalloc.h"

#define SORT_MENU_WIDTH 44

struct dsort {
    struct menu m;
};

static void dsort_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct dsort *d = self;
    menu_place(&d->m, r, SORT_MENU_WIDTH);
    attr_t a = theme_attr(THEME_DIALOG);
    draw_clear(&d->m.box, a);
    draw_box(&d->m.box, "Sort by", a, theme_attr(THEME_DIALOG_TITLE));
    for (int i = 0; i < d->m.list.h && d->m.top + i < d->m.n; i++) {
        int item = d->m.top + i;
        const struct columns_def *def = columns_get((enum columns_id)item);
        int y = d->m.list.y + i, x = d->m.list.x, w = d->m.list.w;
        attr_t ia = theme_attr(item == d->m.cur ? THEME_DIALOG_BUTTON_FOCUSED : THEME_DIALOG);
        draw_fill(y, x, w, ia);
        bool current = (enum columns_id)item == ui->table.sort;
        bool descending = def->numeric != ui->table.reverse;
        const char *mark =
            current ? draw_symbol(descending ? DRAW_SYM_DESCENDING : DRAW_SYM_ASCENDING) : " ";
        draw_text(y, x + 1, 1, mark, ia);
        draw_text(y, x + 3, 18, def->title, ia);
        draw_text(y, x + 22, w - 22, def->name, ia);
    }
}

static unsigned choose(struct ui *ui, int item)
{
    const struct columns_def *def = columns_get((enum columns_id)item);
    if (!def)
        return UI_CLOSE | UI_REDRAW;
    if (ui->table.sort != def->id) {
        ui->table.sort = def->id;
        ui->table.reverse = false;
        ui_table_changed(ui);
    }
    ui_status(ui, false, "Sorted by %s", def->title);
    return UI_CLOSE | UI_REDRAW;
}

static unsigned dsort_action(void *self, struct ui *ui, enum action_id id)
{
    struct dsort *d = self;
    switch (id) {
    case ACTION_CONFIRM:
        return choose(ui, d->m.cur);
    case ACTION_BACK:
        return UI_CLOSE | UI_REDRAW;
    default:
        return menu_move(&d->m, id);
    }
}

static unsigned dsort_key(void *self, struct ui *ui, int key)
{
    struct dsort *d = self;
    return menu_key(&d->m, ui, key);
}

static unsigned dsort_mouse(void *self, struct ui *ui, const struct ui_mouse *m)
{
    struct dsort *d = self;
    if (m->kind != UI_MOUSE_CLICK)
        return menu_move(&d->m,
                         m->kind == UI_MOUSE_WHEEL_UP ? ACTION_PREV_FIELD : ACTION_NEXT_FIELD);
    int hit = menu_hit(&d->m, m->y, m->x);
    if (hit == -2)
        return UI_CLOSE | UI_REDRAW;
    return hit >= 0 ? choose(ui, hit) : UI_HANDLED;
}

static void dsort_destroy(void *self)
{
    free(self);
}

static const struct panel_ops dialog_sort_ops = {
    .name = "sort menu",
    .context = ACTION_CTX_DIALOG,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .key = dsort_key,
    .action = dsort_action,
    .mouse = dsort_mouse,
    .snapshot = NULL,
    .draw = dsort_draw,
    .interest = NULL,
    .destroy = dsort_destroy,
};

void dialog_sort_open(struct ui *ui)
{
    struct dsort *d = xcalloc(1, sizeof *d);
    d->m.n = COLUMNS_COUNT;
    d->m.cur = (int)ui->table.sort;
    ui_push(ui, &dialog_sort_ops, d);
}
