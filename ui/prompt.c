/* Text entry on the status line (see prompt.h). The text is kept as
 * UTF-8; non-ASCII keys arrive as KEYMAP_UNICODE code points. */
#include "config.h"

#include "prompt.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/draw.h"
#include "ui/theme.h"
#include "sanitize.h"
#include "xalloc.h"

#define PROMPT_ESC 27
#define PROMPT_CTRL_U 21

struct prompt {
    enum prompt_kind kind;
    char text[UI_FILTER_MAX];
    size_t len;
};

/* Append code point cp as UTF-8 when it fits. */
static bool append_cp(struct prompt *p, unsigned cp)
{
    char enc[4];
    size_t n = sanitize_utf8_encode(cp, enc);
    if (n == 0)
        return false;
    if (p->len + n >= sizeof p->text)
        return false;
    memcpy(p->text + p->len, enc, n);
    p->len += n;
    p->text[p->len] = '\0';
    return true;
}

static void delete_char(struct prompt *p)
{
    while (p->len > 0) {
        unsigned char c = (unsigned char)p->text[--p->len];
        if ((c & 0xc0) != 0x80)
            break;
    }
    p->text[p->len] = '\0';
}

static void changed(struct prompt *p, struct ui *ui)
{
    if (p->kind == PROMPT_FILTER)
        ui_table_set_filter(ui, p->text);
}

static unsigned prompt_key(void *self, struct ui *ui, int key)
{
    struct prompt *p = self;
    if (key == '\n') {
        if (p->kind == PROMPT_COMMAND && p->len > 0)
            ui_command_run(ui, p->text);
        return UI_CLOSE | UI_REDRAW;
    }
    if (key == PROMPT_ESC) {
        if (p->kind == PROMPT_FILTER)
            ui_table_set_filter(ui, "");
        return UI_CLOSE | UI_REDRAW;
    }
    if (key == KEY_BACKSPACE) {
        delete_char(p);
        changed(p, ui);
        return UI_REDRAW;
    }
    if (key == PROMPT_CTRL_U) {
        p->len = 0;
        p->text[0] = '\0';
        changed(p, ui);
        return UI_REDRAW;
    }
    unsigned cp;
    if (!keymap_key_char(key, &cp))
        return UI_IGNORED;
    if (append_cp(p, cp))
        changed(p, ui);
    return UI_REDRAW;
}

static unsigned prompt_action(void *self, struct ui *ui, enum action_id id)
{
    (void)self;
    (void)ui;
    /* The dialog table's Esc and Enter arrive as keys first; the rest is
     * for the layers below. */
    return id == ACTION_BACK ? UI_CLOSE | UI_REDRAW : UI_IGNORED;
}

static void prompt_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct prompt *p = self;
    draw_fill(r->y, r->x, r->w, theme_attr(THEME_DEFAULT));
    const char *label = p->kind == PROMPT_FILTER ? "Filter: " : ":";
    int x = r->x + draw_text(r->y, r->x, r->w, label, theme_attr(THEME_FILTER_PROMPT));
    /* Show the end of a long text: that is where typing happens. */
    const char *shown = p->text;
    int room = r->x + r->w - x - 1;
    while (*shown && draw_width(shown) > room) {
        shown++;
        while ((*shown & 0xc0) == 0x80)
            shown++;
    }
    x += draw_engine(r->y, x, room, shown, theme_attr(THEME_DEFAULT));
    ui->cursor_on = true;
    ui->cursor_y = r->y;
    ui->cursor_x = x;
}

static void prompt_destroy(void *self)
{
    free(self);
}

static const struct panel_ops prompt_ops = {
    .name = "prompt",
    .context = ACTION_CTX_DIALOG,
    .place = UI_PLACE_STATUS,
    .modal = false,
    .key = prompt_key,
    .action = prompt_action,
    .mouse = NULL,
    .snapshot = NULL,
    .draw = prompt_draw,
    .interest = NULL,
    .destroy = prompt_destroy,
};

void prompt_open(struct ui *ui, enum prompt_kind kind)
{
    struct prompt *p = xcalloc(1, sizeof *p);
    p->kind = kind;
    if (kind == PROMPT_FILTER) {
        snprintf(p->text, sizeof p->text, "%s", ui->table.filter);
        p->len = strlen(p->text);
    }
    ui_push(ui, &prompt_ops, p);
}
