/* The help screen (see help.h). Its lines come from keymap_help(), which
 * reads the live key tables, so rebinding a key changes the help at once.
 * Scrolls with the table's moving keys; back, help and quit close it. */
#include "config.h"

#include "help.h"

#include <stdlib.h>
#include <string.h>

#include "ui/draw.h"
#include "ui/scroll.h"
#include "ui/theme.h"
#include "xalloc.h"

/* Column of the action names and of the help texts. */
#define HELP_KEYS_WIDTH 16
#define HELP_NAME_WIDTH 18 /* network_disconnect */

struct help {
    struct keymap_help_line lines[ACTION_COUNT];
    size_t n;
    struct scroll scroll; /* first line shown, lines that fit */
};

static const char *section_title(enum action_context ctx)
{
    switch (ctx) {
    case ACTION_CTX_TABLE:
        return "Tables (the container list)";
    case ACTION_CTX_LOG:
        return "Log panes";
    case ACTION_CTX_DIALOG:
        return "Dialogs and menus";
    case ACTION_CTX_VOLUMES:
        return "Volumes panel (and the table keys)";
    case ACTION_CTX_IMAGES:
        return "Images panel (and the table keys)";
    case ACTION_CTX_NETWORKS:
        return "Networks panel (and the table keys)";
    case ACTION_CTX_PROJECTS:
        return "Projects panel (and the table keys)";
    case ACTION_CTX_EDITOR:
        return "Compose editor";
    case ACTION_CTX_COUNT:
        break;
    }
    return "";
}

/* Screen lines: a heading before each section, then its actions. Fills
 * kinds[i] (-1 heading) and refs[i] (line index or section). */
static long layout_lines(const struct help *h, long *refs, int *kinds, long max)
{
    long n = 0;
    int section = -1;
    for (size_t i = 0; i < h->n; i++) {
        if ((int)h->lines[i].section != section) {
            section = (int)h->lines[i].section;
            if (n < max) {
                refs[n] = section;
                kinds[n] = -1;
            }
            n++;
        }
        if (n < max) {
            refs[n] = (long)i;
            kinds[n] = 0;
        }
        n++;
    }
    return n;
}

static void help_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct help *h = self;
    long refs[2 * ACTION_COUNT];
    int kinds[2 * ACTION_COUNT];
    long total = layout_lines(h, refs, kinds, 2 * ACTION_COUNT);
    attr_t base = theme_attr(THEME_DEFAULT);
    draw_clear(r, base);
    if (r->h < 2)
        return;
    draw_fill(r->y, r->x, r->w, theme_attr(THEME_TABLE_HEADER));
    char title[128];
    scroll_clamp(&h->scroll, total, r->h - 1);
    long last = h->scroll.top + h->scroll.page < total ? h->scroll.top + h->scroll.page : total;
    snprintf(title, sizeof title, " berth keys  (lines %ld-%ld of %ld; Esc closes)",
             h->scroll.top + 1, last, total);
    draw_text(r->y, r->x, r->w, title, theme_attr(THEME_TABLE_HEADER));

    for (long i = 0; i < h->scroll.page && h->scroll.top + i < total; i++) {
        long at = h->scroll.top + i;
        int y = r->y + 1 + (int)i;
        if (kinds[at] < 0) {
            draw_text(y, r->x + 1, r->w - 1, section_title((enum action_context)refs[at]),
                      theme_attr(THEME_HEADER_LABEL));
            continue;
        }
        const struct keymap_help_line *l = &h->lines[refs[at]];
        int x = r->x + 2;
        draw_text(y, x, HELP_KEYS_WIDTH, l->keys[0] ? l->keys : "(none)",
                  theme_attr(THEME_FOOTER_KEY));
        x += HELP_KEYS_WIDTH + 1;
        draw_text(y, x, r->x + r->w - x, l->name, theme_attr(THEME_HEADER_LABEL));
        x += HELP_NAME_WIDTH + 1;
        int used = draw_text(y, x, r->x + r->w - x, l->help, base);
        if (l->mutates && ui->read_only)
            draw_text(y, x + used, r->x + r->w - x - used, "  (off: read-only)",
                      theme_attr(THEME_STATUS_ERROR));
    }
}

static unsigned help_action(void *self, struct ui *ui, enum action_id id)
{
    struct help *h = self;
    (void)ui;
    unsigned moved = scroll_action(&h->scroll, id);
    if (moved != UI_IGNORED)
        return moved;
    switch (id) {
    case ACTION_BACK:
    case ACTION_HELP:
    case ACTION_QUIT:
    case ACTION_DETAILS:
        return UI_CLOSE | UI_REDRAW;
    default:
        /* Anything else is not for this screen: swallow it. */
        return UI_HANDLED;
    }
}

static unsigned help_mouse(void *self, struct ui *ui, const struct ui_mouse *m)
{
    if (m->kind == UI_MOUSE_WHEEL_UP)
        return help_action(self, ui, ACTION_SELECT_UP);
    if (m->kind == UI_MOUSE_WHEEL_DOWN)
        return help_action(self, ui, ACTION_SELECT_DOWN);
    return UI_HANDLED;
}

static void help_destroy(void *self)
{
    free(self);
}

static const struct panel_ops help_ops = {
    .name = "help",
    .context = ACTION_CTX_TABLE,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .key = NULL,
    .action = help_action,
    .mouse = help_mouse,
    .snapshot = NULL,
    .draw = help_draw,
    .interest = NULL,
    .destroy = help_destroy,
};

void help_open(struct ui *ui)
{
    struct help *h = xcalloc(1, sizeof *h);
    h->n = keymap_help(&ui->keymap, h->lines, ACTION_COUNT);
    if (h->n > ACTION_COUNT)
        h->n = ACTION_COUNT;
    ui_push(ui, &help_ops, h);
}

void help_print(const struct keymap *km, FILE *out)
{
    struct keymap_help_line lines[ACTION_COUNT];
    size_t n = keymap_help(km, lines, ACTION_COUNT);
    if (n > ACTION_COUNT)
        n = ACTION_COUNT;
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s\t%s\t%s\t%s\n", actions_context_name(lines[i].section), lines[i].keys,
                lines[i].name, lines[i].help);
}
