/* The kill menu (see dialog_kill.h). */
#include "config.h"

#include "ui/dialog_kill.h"

#include <stdio.h>
#include <stdlib.h>

#include "ui/draw.h"
#include "ui/menu.h"
#include "ui/theme.h"
#include "xalloc.h"

#define KILL_MENU_WIDTH 40

static const struct {
    const char *name;
    int number;
    const char *what;
} kill_signals[] = {
    {"KILL", 9, "kill at once (default)"},
    {"TERM", 15, "ask to terminate"},
    {"INT", 2, "interrupt"},
    {"HUP", 1, "hang up / reload"},
    {"QUIT", 3, "quit with core"},
    {"USR1", 10, "user signal 1"},
    {"USR2", 12, "user signal 2"},
    {"STOP", 19, "stop (freeze)"},
    {"CONT", 18, "continue"},
    {"WINCH", 28, "window changed"},
};
#define KILL_NSIGNALS ((int)(sizeof kill_signals / sizeof kill_signals[0]))

struct dkill {
    struct menu m;
    dialog_kill_fn fn;
    void *ctx;
    void (*ctx_free)(void *);
};

static void dkill_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    (void)ui;
    struct dkill *d = self;
    menu_place(&d->m, r, KILL_MENU_WIDTH);
    attr_t a = theme_attr(THEME_DIALOG);
    draw_clear(&d->m.box, a);
    draw_box(&d->m.box, "Send signal", a, theme_attr(THEME_DIALOG_TITLE));
    for (int i = 0; i < d->m.list.h && d->m.top + i < d->m.n; i++) {
        int item = d->m.top + i;
        int y = d->m.list.y + i, x = d->m.list.x, w = d->m.list.w;
        attr_t ia = theme_attr(item == d->m.cur ? THEME_DIALOG_BUTTON_FOCUSED : THEME_DIALOG);
        char buf[80];
        snprintf(buf, sizeof buf, "%2d SIG%-6s %s", kill_signals[item].number,
                 kill_signals[item].name, kill_signals[item].what);
        draw_fill(y, x, w, ia);
        draw_text(y, x + 1, w - 1, buf, ia);
    }
}

static unsigned dkill_action(void *self, struct ui *ui, enum action_id id)
{
    struct dkill *d = self;
    switch (id) {
    case ACTION_BACK:
        ui_status(ui, false, "Cancelled");
        return UI_CLOSE | UI_REDRAW;
    default:
        return menu_move(&d->m, id) == UI_IGNORED ? UI_HANDLED : UI_REDRAW;
    }
}

static unsigned dkill_key(void *self, struct ui *ui, int key)
{
    struct dkill *d = self;
    return menu_key(&d->m, ui, key);
}

static void dkill_destroy(void *self)
{
    struct dkill *d = self;
    if (d->ctx_free)
        d->ctx_free(d->ctx);
    else
        free(d->ctx);
    free(d);
}

static unsigned dkill_action_choose(void *self, struct ui *ui, enum action_id id);

static const struct panel_ops dialog_kill_ops = {
    .name = "kill menu",
    .context = ACTION_CTX_DIALOG,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .key = dkill_key,
    .action = dkill_action_choose,
    .mouse = NULL,
    .snapshot = NULL,
    .draw = dkill_draw,
    .interest = NULL,
    .destroy = dkill_destroy,
};

/* Enter: close the menu (it is on top), then hand the choice over; the
 * callback opens the confirmation in its place. */
static unsigned dkill_action_choose(void *self, struct ui *ui, enum action_id id)
{
    struct dkill *d = self;
    if (id != ACTION_CONFIRM)
        return dkill_action(self, ui, id);
    int cur = d->m.cur;
    dialog_kill_fn fn = d->fn;
    void *ctx = d->ctx;
    void (*ctx_free)(void *) = d->ctx_free;
    d->ctx = NULL;
    d->ctx_free = NULL;
    ui_pop(ui); /* the menu is on top: destroys d */
    fn(ui, ctx, kill_signals[cur].name);
    if (ctx_free)
        ctx_free(ctx);
    else
        free(ctx);
    return UI_REDRAW;
}

void dialog_kill_open(struct ui *ui, dialog_kill_fn fn, void *ctx, void (*ctx_free)(void *))
{
    struct dkill *d = xcalloc(1, sizeof *d);
    d->m.n = KILL_NSIGNALS;
    d->m.cur = 0;
    d->fn = fn;
    d->ctx = ctx;
    d->ctx_free = ctx_free;
    ui_push(ui, &dialog_kill_ops, d);
}
