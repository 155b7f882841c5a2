/* The status-line question (see dialog_ask.h). Modal: while it is open,
 * keys answer it and nothing else; the owner outlives it (overlays are
 * popped before panels are destroyed). It is always the top overlay while
 * it takes keys, so it pops itself before calling the owner. */
#include "config.h"

#include "dialog_ask.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/draw.h"
#include "ui/theme.h"
#include "xalloc.h"

#define ASK_ESC 27
#define ASK_CTRL_U 21
#define ASK_MAX 1024

struct ask {
    char question[256];
    char choices[16]; /* "" for text entry */
    char text[ASK_MAX];
    size_t len;
    dialog_ask_done done;
    void *owner;
    int tag;
};

/* Close first, then answer: the owner may ask its next question, which
 * must not be the overlay a UI_CLOSE would pop. */
static unsigned ask_answer(struct ask *a, struct ui *ui, const char *answer)
{
    char copy[ASK_MAX];
    snprintf(copy, sizeof copy, "%s", answer ? answer : "");
    dialog_ask_done done = a->done;
    void *owner = a->owner;
    int tag = a->tag;
    ui_pop(ui); /* frees a */
    return done(owner, ui, tag, answer ? copy : NULL) | UI_REDRAW;
}

static unsigned ask_key(void *self, struct ui *ui, int key)
{
    struct ask *a = self;
    if (key == ASK_ESC)
        return ask_answer(a, ui, NULL);
    if (a->choices[0]) {
        if (key >= 'A' && key <= 'Z')
            key += 'a' - 'A';
        if (key > 0 && key < 0x7f && strchr(a->choices, key)) {
            char one[2] = {(char)key, '\0'};
            return ask_answer(a, ui, one);
        }
        return UI_HANDLED;
    }
    if (key == '\n' || key == '\r' || key == KEY_ENTER)
        return ask_answer(a, ui, a->text);
    if (key == KEY_BACKSPACE || key == 127 || key == 8) {
        while (a->len > 0) {
            unsigned char c = (unsigned char)a->text[--a->len];
            if ((c & 0xc0) != 0x80)
                break;
        }
        a->text[a->len] = '\0';
        return UI_REDRAW;
    }
    if (key == ASK_CTRL_U) {
        a->len = 0;
        a->text[0] = '\0';
        return UI_REDRAW;
    }
    if (key >= 0x20 && key < 0x7f && a->len + 1 < sizeof a->text) {
        a->text[a->len++] = (char)key;
        a->text[a->len] = '\0';
        return UI_REDRAW;
    }
    return UI_HANDLED;
}

static void ask_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct ask *a = self;
    draw_fill(r->y, r->x, r->w, theme_attr(THEME_DEFAULT));
    int x = r->x + draw_engine(r->y, r->x, r->w, a->question, theme_attr(THEME_FILTER_PROMPT));
    if (a->choices[0])
        return;
    x += draw_text(r->y, x, 1, " ", theme_attr(THEME_DEFAULT));
    const char *shown = a->text;
    int room = r->x + r->w - x - 1;
    while (*shown && draw_width(shown) > room)
        shown++;
    x += draw_engine(r->y, x, room, shown, theme_attr(THEME_DEFAULT));
    ui->cursor_on = true;
    ui->cursor_y = r->y;
    ui->cursor_x = x;
}

static void ask_destroy(void *self)
{
    free(self);
}

static const struct panel_ops ask_ops = {
    .name = "question",
    .context = ACTION_CTX_DIALOG,
    .place = UI_PLACE_STATUS,
    .modal = true,
    .key = ask_key,
    .draw = ask_draw,
    .destroy = ask_destroy,
};

static void ask_open(struct ui *ui, const char *question, const char *choices, const char *initial,
                     dialog_ask_done done, void *owner, int tag)
{
    struct ask *a = xcalloc(1, sizeof *a);
    snprintf(a->question, sizeof a->question, "%s", question);
    snprintf(a->choices, sizeof a->choices, "%s", choices);
    snprintf(a->text, sizeof a->text, "%s", initial ? initial : "");
    a->len = strlen(a->text);
    a->done = done;
    a->owner = owner;
    a->tag = tag;
    ui_push(ui, &ask_ops, a);
}

void dialog_ask_text(struct ui *ui, const char *question, const char *initial,
                     dialog_ask_done done, void *owner, int tag)
{
    ask_open(ui, question, "", initial, done, owner, tag);
}

void dialog_ask_choice(struct ui *ui, const char *question, const char *choices,
                       dialog_ask_done done, void *owner, int tag)
{
    ask_open(ui, question, choices, NULL, done, owner, tag);
}
