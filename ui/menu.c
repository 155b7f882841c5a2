/* Framed lists for dialogs (see menu.h). */
#include "config.h"

#include "menu.h"

void menu_place(struct menu *m, const struct ui_rect *r, int width)
{
    int w = width < r->w ? width : r->w;
    int h = m->n + 2 < r->h ? m->n + 2 : r->h;
    m->box = (struct ui_rect){r->y + (r->h - h) / 2, r->x + (r->w - w) / 2, h, w};
    m->list =
        (struct ui_rect){m->box.y + 1, m->box.x + 1, h - 2 > 0 ? h - 2 : 0, w - 2 > 0 ? w - 2 : 0};
    if (m->cur >= m->n)
        m->cur = m->n - 1;
    if (m->cur < 0)
        m->cur = 0;
    int page = m->list.h > 0 ? m->list.h : 1;
    if (m->cur < m->top)
        m->top = m->cur;
    if (m->cur >= m->top + page)
        m->top = m->cur - page + 1;
    if (m->top > m->n - page)
        m->top = m->n - page;
    if (m->top < 0)
        m->top = 0;
}

unsigned menu_move(struct menu *m, enum action_id id)
{
    int page = m->list.h > 1 ? m->list.h - 1 : 1;
    switch (id) {
    case ACTION_NEXT_FIELD:
    case ACTION_SELECT_DOWN:
        m->cur = m->cur + 1 < m->n ? m->cur + 1 : 0;
        return UI_REDRAW;
    case ACTION_PREV_FIELD:
    case ACTION_SELECT_UP:
        m->cur = m->cur > 0 ? m->cur - 1 : m->n - 1;
        return UI_REDRAW;
    case ACTION_PAGE_DOWN:
        m->cur = m->cur + page < m->n ? m->cur + page : m->n - 1;
        return UI_REDRAW;
    case ACTION_PAGE_UP:
        m->cur = m->cur - page > 0 ? m->cur - page : 0;
        return UI_REDRAW;
    case ACTION_HOME:
        m->cur = 0;
        return UI_REDRAW;
    case ACTION_END:
        m->cur = m->n - 1;
        return UI_REDRAW;
    default:
        return UI_IGNORED;
    }
}

unsigned menu_key(struct menu *m, struct ui *ui, int key)
{
    /* Only keys the dialog table leaves free, so its bindings win. */
    if (keymap_lookup(&ui->keymap, ACTION_CTX_DIALOG, key) != ACTION_NONE)
        return UI_IGNORED;
    enum action_id id = keymap_lookup(&ui->keymap, ACTION_CTX_TABLE, key);
    switch (id) {
    case ACTION_SELECT_UP:
    case ACTION_SELECT_DOWN:
    case ACTION_PAGE_UP:
    case ACTION_PAGE_DOWN:
    case ACTION_HOME:
    case ACTION_END:
        return menu_move(m, id);
    default:
        return UI_IGNORED;
    }
}

int menu_hit(const struct menu *m, int y, int x)
{
    if (!layout_contains(&m->box, y, x))
        return -2;
    if (!layout_contains(&m->list, y, x))
        return -1;
    int item = m->top + (y - m->list.y);
    return item < m->n ? item : -1;
}
