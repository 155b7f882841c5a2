/* The confirm / form dialog (see dialog_form.h).
 *
 * Focus runs over the fields, then the two buttons. Nothing happens to the
 * engine here: the first button hands the fields to the caller's callback,
 * which queues the action. */
#include "config.h"

#include "ui/dialog_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/draw.h"
#include "ui/theme.h"
#include "xalloc.h"

#define FORM_WIDTH 72
/* Target lines shown before "... and N more". */
#define FORM_MAX_LINES 12
#define FORM_LABEL_W 16

struct form {
    char *title;
    char **lines;
    size_t nlines;
    struct form_field fields[FORM_MAX_FIELDS];
    size_t nfields;
    char yes[24], no[24];
    form_yes_fn on_yes;
    void *ctx;
    void (*ctx_free)(void *);
    size_t focus; /* 0..nfields-1 fields, nfields yes, nfields+1 no */
    char err[256];
};

static bool on_text(const struct form *f)
{
    return f->focus < f->nfields && !f->fields[f->focus].checkbox;
}

static unsigned press_yes(struct form *f, struct ui *ui)
{
    f->err[0] = '\0';
    if (!f->on_yes || f->on_yes(ui, f->ctx, f->fields, f->nfields, f->err, sizeof f->err))
        return UI_CLOSE | UI_REDRAW;
    return UI_REDRAW;
}

static unsigned press_no(struct ui *ui)
{
    ui_status(ui, false, "Cancelled");
    return UI_CLOSE | UI_REDRAW;
}

static void text_backspace(char *t)
{
    size_t n = strlen(t);
    while (n > 0) {
        n--;
        if (((unsigned char)t[n] & 0xc0) != 0x80)
            break;
    }
    t[n] = '\0';
}

static unsigned form_key(void *self, struct ui *ui, int key)
{
    struct form *f = self;
    if (on_text(f)) {
        char *t = f->fields[f->focus].text;
        size_t n = strlen(t);
        if (key == KEY_BACKSPACE) {
            text_backspace(t);
            return UI_REDRAW;
        }
        if (key == ('u' & 0x1f)) {
            t[0] = '\0';
            return UI_REDRAW;
        }
        if (key >= 0x20 && key < 0x7f) {
            if (n + 1 < FORM_TEXT_MAX) {
                t[n] = (char)key;
                t[n + 1] = '\0';
            }
            return UI_REDRAW;
        }
        return UI_IGNORED;
    }
    if (key == 'y' || key == 'Y')
        return press_yes(f, ui);
    if (key == 'n' || key == 'N')
        return press_no(ui);
    if (key == ' ' && f->focus < f->nfields && f->fields[f->focus].checkbox) {
        f->fields[f->focus].checked = !f->fields[f->focus].checked;
        return UI_REDRAW;
    }
    for (size_t i = 0; i < f->nfields; i++) {
        if (f->fields[i].checkbox && f->fields[i].key && key == f->fields[i].key) {
            f->fields[i].checked = !f->fields[i].checked;
            return UI_REDRAW;
        }
    }
    return UI_IGNORED;
}

static unsigned form_action(void *self, struct ui *ui, enum action_id id)
{
    struct form *f = self;
    size_t n = f->nfields + 2;
    switch (id) {
    case ACTION_CONFIRM:
        if (f->focus == f->nfields + 1)
            return press_no(ui);
        if (f->focus < f->nfields && f->fields[f->focus].checkbox) {
            f->fields[f->focus].checked = !f->fields[f->focus].checked;
            return UI_REDRAW;
        }
        return press_yes(f, ui);
    case ACTION_BACK:
        return press_no(ui);
    case ACTION_NEXT_FIELD:
        f->focus = (f->focus + 1) % n;
        return UI_REDRAW;
    case ACTION_PREV_FIELD:
        f->focus = (f->focus + n - 1) % n;
        return UI_REDRAW;
    default:
        /* Modal: keys of the table do nothing while it is open. */
        return UI_HANDLED;
    }
}

static void form_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct form *f = self;
    size_t shown = f->nlines > FORM_MAX_LINES ? FORM_MAX_LINES : f->nlines;
    int h = 2 + (int)shown + (f->nlines > shown ? 1 : 0) + (f->nfields ? (int)f->nfields + 1 : 0) +
            2 + (f->err[0] ? 1 : 0);
    int w = FORM_WIDTH < r->w ? FORM_WIDTH : r->w;
    if (h > r->h)
        h = r->h;
    struct ui_rect box = {r->y + (r->h - h) / 2, r->x + (r->w - w) / 2, h, w};
    attr_t a = theme_attr(THEME_DIALOG);
    attr_t fa = theme_attr(THEME_DIALOG_BUTTON_FOCUSED);
    draw_clear(&box, a);
    draw_box(&box, f->title, a, theme_attr(THEME_DIALOG_TITLE));
    int x = box.x + 2, iw = box.w - 4, y = box.y + 1, end = box.y + box.h - 1;
    for (size_t i = 0; i < shown && y < end; i++, y++)
        draw_engine(y, x, iw, f->lines[i], a);
    if (f->nlines > shown && y < end) {
        char more[64];
        snprintf(more, sizeof more, "... and %zu more", f->nlines - shown);
        draw_text(y++, x, iw, more, a);
    }
    if (f->nfields)
        y++;
    for (size_t i = 0; i < f->nfields && y < end; i++, y++) {
        const struct form_field *fl = &f->fields[i];
        bool focused = f->focus == i;
        if (fl->checkbox) {
            char buf[96];
            snprintf(buf, sizeof buf, "[%c] %s", fl->checked ? 'x' : ' ', fl->label);
            draw_text(y, x, iw, buf, focused ? fa : a);
            continue;
        }
        draw_text(y, x, FORM_LABEL_W, fl->label, a);
        int fx = x + FORM_LABEL_W, fw = iw - FORM_LABEL_W;
        draw_fill(y, fx, fw > 24 ? 24 : fw, focused ? fa : theme_attr(THEME_DIALOG_BUTTON));
        int used = draw_text(y, fx, fw, fl->text, focused ? fa : theme_attr(THEME_DIALOG_BUTTON));
        if (focused) {
            ui->cursor_on = true;
            ui->cursor_y = y;
            ui->cursor_x = fx + used;
        }
        if (!fl->text[0] && fl->hint && fw > 26)
            draw_text(y, fx + 26, fw - 26, fl->hint, a);
    }
    if (f->err[0] && y < end)
        draw_text(y++, x, iw, f->err, theme_attr(THEME_STATUS_ERROR));
    y = end - 1;
    char yb[32], nb[32];
    snprintf(yb, sizeof yb, "[ %s ]", f->yes);
    snprintf(nb, sizeof nb, "[ %s ]", f->no);
    int bw = draw_width(yb) + 2 + draw_width(nb);
    int bx = box.x + (box.w - bw) / 2;
    bx +=
        draw_text(y, bx, box.w, yb, f->focus == f->nfields ? fa : theme_attr(THEME_DIALOG_BUTTON));
    bx += draw_text(y, bx, 2, "  ", a);
    draw_text(y, bx, box.w, nb, f->focus == f->nfields + 1 ? fa : theme_attr(THEME_DIALOG_BUTTON));
}

static void form_destroy(void *self)
{
    struct form *f = self;
    for (size_t i = 0; i < f->nlines; i++)
        free(f->lines[i]);
    free(f->lines);
    free(f->title);
    if (f->ctx_free)
        f->ctx_free(f->ctx);
    else
        free(f->ctx);
    free(f);
}

static const struct panel_ops dialog_form_ops = {
    .name = "dialog",
    .context = ACTION_CTX_DIALOG,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .key = form_key,
    .action = form_action,
    .mouse = NULL,
    .snapshot = NULL,
    .draw = form_draw,
    .interest = NULL,
    .destroy = form_destroy,
};

void dialog_form_open(struct ui *ui, const struct form_spec *spec)
{
    struct form *f = xcalloc(1, sizeof *f);
    f->title = xstrdup(spec->title ? spec->title : "");
    f->nlines = spec->nlines;
    f->lines = spec->nlines ? xcalloc(spec->nlines, sizeof *f->lines) : NULL;
    for (size_t i = 0; i < spec->nlines; i++)
        f->lines[i] = xstrdup(spec->lines[i] ? spec->lines[i] : "");
    f->nfields = spec->nfields > FORM_MAX_FIELDS ? FORM_MAX_FIELDS : spec->nfields;
    for (size_t i = 0; i < f->nfields; i++)
        f->fields[i] = spec->fields[i];
    snprintf(f->yes, sizeof f->yes, "%s", spec->yes ? spec->yes : "Yes");
    snprintf(f->no, sizeof f->no, "%s", spec->no ? spec->no : "No");
    f->on_yes = spec->on_yes;
    f->ctx = spec->ctx;
    f->ctx_free = spec->ctx_free;
    /* The safe answer first; a form with text starts in its first field. */
    f->focus = f->nfields + 1;
    for (size_t i = 0; i < f->nfields; i++) {
        if (!f->fields[i].checkbox) {
            f->focus = i;
            break;
        }
    }
    ui_push(ui, &dialog_form_ops, f);
}
