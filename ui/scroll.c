/* Scrolling a read-only text pane: see scroll.h. */
#include "config.h"

#include "ui/scroll.h"

#include "ui/ui.h"

/* Far past any pane's end; scroll_clamp pulls it back. */
#define SCROLL_END (1L << 30)

unsigned scroll_action(struct scroll *s, enum action_id id)
{
    /* A page step keeps one line of context, as less does. */
    long step = s->page > 1 ? s->page - 1 : 1;
    switch (id) {
    case ACTION_SELECT_UP:
        s->top--;
        break;
    case ACTION_SELECT_DOWN:
        s->top++;
        break;
    case ACTION_PAGE_UP:
        s->top -= step;
        break;
    case ACTION_PAGE_DOWN:
        s->top += step;
        break;
    case ACTION_HOME:
        s->top = 0;
        break;
    case ACTION_END:
        s->top = SCROLL_END;
        break;
    default:
        return UI_IGNORED;
    }
    return UI_REDRAW;
}

void scroll_clamp(struct scroll *s, long total, long page)
{
    s->page = page;
    if (s->top > total - page)
        s->top = total - page;
    if (s->top < 0)
        s->top = 0;
}
