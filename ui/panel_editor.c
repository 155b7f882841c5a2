/* The compose editor overlay (see editor.h).
 *
 * The text lives in a textbuf (src/textbuf.h); this file draws it (line
 * numbers, YAML colours, finding marks in the gutter, a strip of findings
 * and a status line) and turns keys into buffer operations. Validation
 * and the recovery copy run off a timer (a timerfd the dashboard polls as
 * this layer's wake_fd): validation 300 ms after typing pauses, the
 * recovery copy 1 s after. The terminal is in raw mode while the editor
 * is open, so C-s, C-q, C-z and C-c reach it instead of the tty driver. */
#include "config.h"

#include "ui/editor.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "compose_model.h"
#include "file_save.h"
#include "recover.h"
#include "sanitize.h"
#include "spawn.h"
#include "strbuf.h"
#include "textbuf.h"
#include "ui/dialog_ask.h"
#include "ui/draw.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "xalloc.h"

#define ED_VALIDATE_MS 300
#define ED_RECOVER_MS 1000
#define ED_TAB 8
#define ED_STRIP_MAX 4 /* finding lines under the text */
#define ED_KEY_ESC 27

/* Keys curses may not know by name; codes resolved when the editor opens. */
enum ed_extra_key {
    ED_C_LEFT,
    ED_C_RIGHT,
    ED_S_UP,
    ED_S_DOWN,
    ED_S_LEFT,
    ED_S_RIGHT,
    ED_S_HOME,
    ED_S_END,
    ED_C_HOME,
    ED_C_END,
    ED_EXTRA_COUNT
};

static const char *const ed_extra_seq[ED_EXTRA_COUNT] = {
    [ED_C_LEFT] = "\033[1;5D", [ED_C_RIGHT] = "\033[1;5C", [ED_S_UP] = "\033[1;2A",
    [ED_S_DOWN] = "\033[1;2B", [ED_S_LEFT] = "\033[1;2D",  [ED_S_RIGHT] = "\033[1;2C",
    [ED_S_HOME] = "\033[1;2H", [ED_S_END] = "\033[1;2F",   [ED_C_HOME] = "\033[1;5H",
    [ED_C_END] = "\033[1;5F",
};

static int ed_extra[ED_EXTRA_COUNT];

struct ed_finding {
    enum compose_severity severity;
    unsigned line, col; /* 1-based; 0: the whole file */
    char *message;
};

enum ed_ask {
    ED_ASK_RECOVER,
    ED_ASK_QUIT,
    ED_ASK_CHANGED,
    ED_ASK_FIND,
};

struct editor {
    char *path;
    struct textbuf tb;
    struct file_stamp stamp;
    struct ed_finding *findings;
    size_t nfindings, nerrors, nwarnings;
    size_t finding_at; /* the finding F8 showed last, nfindings: none */
    double validate_ms;
    uint64_t validated_id, recovered_id;
    int64_t edited_ms; /* monotonic time of the last edit */
    int timer;
    size_t top;   /* first line shown */
    int left;     /* first display column shown */
    int page;     /* text lines on screen at the last draw */
    bool force;   /* the next save may write a file with errors */
    bool closing; /* a save asked for by the quit question */
    bool discarded;
    char search[256];
};

/* --- time and the timer -------------------------------------------------- */

static int64_t ed_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void ed_arm(struct editor *e, int ms)
{
    if (e->timer < 0)
        return;
    struct itimerspec it = {.it_value = {ms / 1000, (long)(ms % 1000) * 1000000L}};
    timerfd_settime(e->timer, 0, &it, NULL);
}

/* --- validation ---------------------------------------------------------- */

static void ed_findings_clear(struct editor *e)
{
    for (size_t i = 0; i < e->nfindings; i++)
        free(e->findings[i].message);
    free(e->findings);
    e->findings = NULL;
    e->nfindings = e->nerrors = e->nwarnings = 0;
}

static void ed_validate(struct editor *e)
{
    size_t len;
    char *text = textbuf_text(&e->tb, &len);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct compose_project p;
    compose_project_load_text(&p, e->path, text, len, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    e->validate_ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
    ed_findings_clear(e);
    e->findings = xcalloc(p.findings.count ? p.findings.count : 1, sizeof *e->findings);
    for (size_t i = 0; i < p.findings.count; i++) {
        const struct compose_finding *f = &p.findings.items[i];
        /* Findings about the .env beside the file have no line here. */
        bool here = strcmp(f->file, e->path) == 0;
        e->findings[e->nfindings++] = (struct ed_finding){
            f->severity, here ? f->line : 0, here ? f->col : 0,
            here ? xstrdup(f->message) : xasprintf("%s: %s", f->file, f->message)};
        if (f->severity == COMPOSE_ERROR)
            e->nerrors++;
        else
            e->nwarnings++;
    }
    compose_project_done(&p);
    free(text);
    e->validated_id = e->tb.id;
    if (e->finding_at > e->nfindings)
        e->finding_at = e->nfindings;
}

static void ed_write_recovery(struct editor *e, struct ui *ui)
{
    if (e->recovered_id == e->tb.id)
        return;
    e->recovered_id = e->tb.id;
    if (!textbuf_modified(&e->tb)) {
        recover_remove(e->path);
        return;
    }
    size_t len;
    char *text = textbuf_text(&e->tb, &len);
    struct berth_error err;
    berth_error_clear(&err);
    if (recover_write(e->path, text, len, &err) < 0 && ui)
        ui_status(ui, true, "recovery copy: %s", err.message);
    free(text);
}

/* After every change to the text. */
static void ed_edited(struct editor *e)
{
    e->edited_ms = ed_now_ms();
    e->force = false;
    ed_arm(e, ED_VALIDATE_MS);
}

/* --- YAML colours -------------------------------------------------------- */

static bool ed_space(char c)
{
    return c == ' ' || c == '\t';
}

/* A key ends here: ':' then a space or the end of the line. */
static bool ed_key_end(const char *s, size_t len, size_t i)
{
    return i < len && s[i] == ':' && (i + 1 == len || ed_space(s[i + 1]));
}

static bool ed_scalar_is_number(const char *s, size_t n)
{
    static const char *const words[] = {"true", "false", "yes",   "no",  "on", "off", "null",
                                        "True", "False", "Yes",   "No",  "On", "Off", "Null",
                                        "TRUE", "FALSE", "YES",   "NO",  "ON", "OFF", "NULL",
                                        "~",    ".inf",  "-.inf", ".nan"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0)
            return true;
    size_t i = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    if (i + 1 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'o'))
        i += 2;
    size_t digits = 0;
    for (; i < n; i++) {
        char c = s[i];
        if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f' && digits))
            digits++;
        else if (c != '.' && c != '_' && c != 'e' && c != 'E' && c != '-' && c != '+')
            return false;
    }
    return digits > 0;
}

/* One theme element per byte of the line (no state across lines). */
static void ed_highlight(const char *s, size_t len, unsigned char *cls)
{
    memset(cls, THEME_DEFAULT, len);
    if (len >= 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0) &&
        (len == 3 || ed_space(s[3]))) {
        memset(cls, THEME_EDITOR_DOCUMENT, 3);
        s += 3, len -= 3, cls += 3;
    }
    size_t i = 0;
    while (i < len) {
        char c = s[i];
        size_t start = i;
        if (ed_space(c) || c == '{' || c == '}' || c == '[' || c == ']' || c == ',' ||
            (c == '-' && (i + 1 == len || ed_space(s[i + 1]))) || ed_key_end(s, len, i)) {
            i++;
            continue;
        }
        if (c == '#' && (i == 0 || ed_space(s[i - 1]))) {
            memset(cls + i, THEME_EDITOR_COMMENT, len - i);
            return;
        }
        unsigned char k;
        if (c == '"' || c == '\'') {
            for (i++; i < len && s[i] != c; i++)
                if (c == '"' && s[i] == '\\' && i + 1 < len)
                    i++;
            if (i < len)
                i++;
            k = THEME_EDITOR_STRING;
        } else if (c == '&' || c == '*' || c == '!') {
            while (i < len && !ed_space(s[i]) && s[i] != ',' && s[i] != ']' && s[i] != '}')
                i++;
            k = THEME_EDITOR_ANCHOR;
        } else {
            while (i < len && !ed_key_end(s, len, i) &&
                   !(ed_space(s[i]) && i + 1 < len && s[i + 1] == '#') && s[i] != ',' &&
                   s[i] != ']' && s[i] != '}')
                i++;
            size_t end = i;
            while (end > start && ed_space(s[end - 1]))
                end--;
            k = ed_scalar_is_number(s + start, end - start) ? THEME_EDITOR_NUMBER : THEME_DEFAULT;
        }
        size_t j = i;
        while (j < len && ed_space(s[j]))
            j++;
        if (ed_key_end(s, len, j) && k != THEME_EDITOR_ANCHOR)
            k = THEME_EDITOR_KEY;
        memset(cls + start, k, i - start);
    }
}

/* --- cells: how a character is shown ------------------------------------- */

struct ed_cell {
    wchar_t wc;    /* the character, or 0: show text */
    char text[12]; /* an escape for control and invalid bytes, or spaces for a tab */
    int width;
    size_t bytes;
};

/* The cell for the character at s (len bytes left), at display column x. */
static void ed_cell_at(const char *s, size_t len, int x, struct ed_cell *c)
{
    unsigned char b = (unsigned char)s[0];
    c->wc = 0;
    c->text[0] = '\0';
    if (b == '\t') {
        c->width = ED_TAB - x % ED_TAB;
        memset(c->text, ' ', (size_t)c->width);
        c->text[c->width] = '\0';
        c->bytes = 1;
        return;
    }
    if (b < 0x20 || b == 0x7f) {
        snprintf(c->text, sizeof c->text, "^%c", b == 0x7f ? '?' : b + '@');
        c->width = 2;
        c->bytes = 1;
        return;
    }
    if (b < 0x80) {
        c->wc = (wchar_t)b;
        c->width = 1;
        c->bytes = 1;
        return;
    }
    mbstate_t st;
    memset(&st, 0, sizeof st);
    wchar_t wc;
    size_t n = mbrtowc(&wc, s, len, &st);
    if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
        snprintf(c->text, sizeof c->text, "\\x%02x", b);
        c->width = 4;
        c->bytes = 1;
        return;
    }
    int w = wcwidth(wc);
    c->bytes = n;
    if (w <= 0 || !draw_is_utf8()) {
        /* Combining marks, C1 controls, format characters: made visible. */
        snprintf(c->text, sizeof c->text, "<U+%04lX>", (unsigned long)wc);
        c->width = (int)strlen(c->text);
        return;
    }
    c->wc = wc;
    c->width = w;
}

/* Display column of byte col in line. */
static int ed_display_col(const struct textbuf_line *l, size_t col)
{
    int x = 0;
    struct ed_cell c;
    for (size_t i = 0; i < col && i < l->len; i += c.bytes) {
        ed_cell_at(l->s + i, l->len - i, x, &c);
        x += c.width;
    }
    return x;
}

/* --- drawing ------------------------------------------------------------- */

static const struct ed_finding *ed_line_finding(const struct editor *e, size_t line)
{
    const struct ed_finding *worst = NULL;
    for (size_t i = 0; i < e->nfindings; i++) {
        const struct ed_finding *f = &e->findings[i];
        if (f->line == line + 1 && (!worst || f->severity < worst->severity))
            worst = f;
    }
    return worst;
}

static int ed_strip_lines(const struct editor *e, int h)
{
    int n = e->nfindings < ED_STRIP_MAX ? (int)e->nfindings : ED_STRIP_MAX;
    return h > n + 4 ? n : 0;
}

static void ed_draw_line(struct editor *e, const struct ui_rect *r, int y, int x0, int w,
                         size_t line)
{
    const struct textbuf_line *l = &e->tb.lines[line];
    unsigned char *cls = xmalloc(l->len + 1);
    ed_highlight(l->s, l->len, cls);
    struct textbuf_pos from, to;
    bool sel = textbuf_selection(&e->tb, &from, &to);
    int x = 0;
    struct ed_cell c;
    for (size_t i = 0; i < l->len && x < e->left + w; i += c.bytes) {
        ed_cell_at(l->s + i, l->len - i, x, &c);
        bool in_sel = sel && (line > from.line || (line == from.line && i >= from.col)) &&
                      (line < to.line || (line == to.line && i < to.col));
        attr_t a = in_sel ? theme_attr(THEME_SELECTION) : theme_attr((enum theme_element)cls[i]);
        if (!c.wc && c.text[0] != ' ')
            a = in_sel ? a : theme_attr(THEME_SEARCH_MATCH);
        int sx = x - e->left;
        if (sx >= 0 && sx + c.width <= w) {
            if (c.wc)
                draw_glyph(y, x0 + sx, c.wc, a);
            else
                draw_text(y, x0 + sx, c.width, c.text, a);
        } else if (sx + c.width > 0 && sx < w) {
            /* Cut by an edge: fill what shows of it. */
            int from_x = sx < 0 ? 0 : sx;
            int to_x = sx + c.width > w ? w : sx + c.width;
            draw_fill(y, x0 + from_x, to_x - from_x, a);
        }
        x += c.width;
    }
    /* A selected line break shows as one cell. */
    if (sel && line >= from.line && line < to.line && x - e->left >= 0 && x - e->left < w)
        draw_fill(y, x0 + x - e->left, 1, theme_attr(THEME_SELECTION));
    free(cls);
    (void)r;
}

static void ed_scroll(struct editor *e, int text_h, int text_w)
{
    struct textbuf_pos cur = e->tb.cur;
    if (text_h < 1)
        text_h = 1;
    if (cur.line < e->top)
        e->top = cur.line;
    if (cur.line >= e->top + (size_t)text_h)
        e->top = cur.line - (size_t)text_h + 1;
    int cx = ed_display_col(&e->tb.lines[cur.line], cur.col);
    if (cx < e->left)
        e->left = cx;
    if (text_w > 0 && cx >= e->left + text_w)
        e->left = cx - text_w + 1;
}

static void ed_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct editor *e = self;
    draw_clear(r, theme_attr(THEME_DEFAULT));
    if (r->h < 3 || r->w < 10)
        return;
    int strip = ed_strip_lines(e, r->h);
    int text_h = r->h - 1 - strip;
    char num[32];
    int digits = snprintf(num, sizeof num, "%zu", e->tb.nlines);
    if (digits < 3)
        digits = 3;
    int gutter = digits + 2; /* number, mark, space */
    int text_w = r->w - gutter;
    e->page = text_h;
    ed_scroll(e, text_h, text_w);

    for (int row = 0; row < text_h; row++) {
        size_t line = e->top + (size_t)row;
        int y = r->y + row;
        if (line >= e->tb.nlines) {
            draw_text(y, r->x, gutter, "~", theme_attr(THEME_EDITOR_GUTTER));
            continue;
        }
        const struct ed_finding *f = ed_line_finding(e, line);
        snprintf(num, sizeof num, "%*zu", digits, line + 1);
        enum theme_element ge = !f                             ? THEME_EDITOR_GUTTER
                                : f->severity == COMPOSE_ERROR ? THEME_EDITOR_ERROR
                                                               : THEME_EDITOR_WARNING;
        draw_text(y, r->x, digits, num, theme_attr(ge));
        if (f)
            draw_text(y, r->x + digits, 1, f->severity == COMPOSE_ERROR ? "E" : "W",
                      theme_attr(ge));
        ed_draw_line(e, r, y, r->x + gutter, text_w, line);
    }

    /* The findings strip: the one F8 showed last first, then those after. */
    size_t first = e->finding_at < e->nfindings ? e->finding_at : 0;
    for (int i = 0; i < strip; i++) {
        const struct ed_finding *f = &e->findings[(first + (size_t)i) % e->nfindings];
        int y = r->y + text_h + i;
        char where[64];
        snprintf(where, sizeof where, "%u:%u %s: ", f->line, f->col,
                 compose_severity_name(f->severity));
        attr_t a =
            theme_attr(f->severity == COMPOSE_ERROR ? THEME_STATUS_ERROR : THEME_HEALTH_STARTING);
        int x = r->x + draw_text(y, r->x, r->w, where, a);
        draw_engine(y, x, r->x + r->w - x, f->message, theme_attr(THEME_DEFAULT));
    }

    /* The status line. */
    int y = r->y + r->h - 1;
    attr_t sa = theme_attr(THEME_TABLE_HEADER);
    draw_fill(y, r->x, r->w, sa);
    struct strbuf sb;
    strbuf_init(&sb);
    const struct textbuf_line *cl = &e->tb.lines[e->tb.cur.line];
    strbuf_appendf(&sb, " %s Ln %zu, Col %zu  ", textbuf_modified(&e->tb) ? "[+]" : "   ",
                   e->tb.cur.line + 1,
                   textbuf_col_chars(&e->tb, e->tb.cur.line, e->tb.cur.col) + 1);
    if (e->nfindings == 0)
        strbuf_puts(&sb, "no problems");
    else
        strbuf_appendf(&sb, "%zu error%s, %zu warning%s", e->nerrors, e->nerrors == 1 ? "" : "s",
                       e->nwarnings, e->nwarnings == 1 ? "" : "s");
    strbuf_appendf(&sb, " (checked in %.1f ms) ", e->validate_ms);
    (void)cl;
    int right = draw_width(sb.data);
    int room = r->w - right - 1;
    draw_engine(y, r->x + 1, room > 0 ? room : 0, e->path, sa);
    draw_text(y, r->x + r->w - right, right, sb.data, sa);
    strbuf_done(&sb);

    /* The text cursor. */
    int cx = ed_display_col(cl, e->tb.cur.col) - e->left;
    ui->cursor_on = true;
    ui->cursor_y = r->y + (int)(e->tb.cur.line - e->top);
    ui->cursor_x = r->x + gutter + cx;
}

/* --- saving and closing -------------------------------------------------- */

static unsigned ed_answer(void *owner, struct ui *ui, int tag, const char *answer);

static void ed_reload(struct editor *e, struct ui *ui)
{
    char *text;
    size_t len;
    struct berth_error err;
    berth_error_clear(&err);
    if (file_load(e->path, &text, &len, &e->stamp, &err) < 0) {
        ui_status(ui, true, "%s", err.message);
        return;
    }
    /* Undoable, so what was typed can still be brought back. */
    textbuf_replace_all(&e->tb, text, len);
    textbuf_mark_saved(&e->tb);
    free(text);
    ed_validate(e);
    ed_write_recovery(e, ui);
    ui_status(ui, false, "Reloaded %s from disk (C-z brings the edits back)", e->path);
}

/* Save unless the file changed on disk (check_disk) or has errors. True
 * when the text is on disk. */
static bool ed_save(struct editor *e, struct ui *ui, bool check_disk)
{
    if (check_disk && file_changed(e->path, &e->stamp)) {
        dialog_ask_choice(ui,
                          "The file changed on disk since it was opened: o=overwrite it, "
                          "r=reload it, c=cancel",
                          "orc", ed_answer, e, ED_ASK_CHANGED);
        return false;
    }
    if (e->validated_id != e->tb.id)
        ed_validate(e);
    if (e->nerrors > 0 && !e->force) {
        e->force = true;
        ui_status(ui, true, "Not saved: %zu error%s (F8 shows them); C-s again saves anyway",
                  e->nerrors, e->nerrors == 1 ? "" : "s");
        return false;
    }
    size_t len;
    char *text = textbuf_text(&e->tb, &len);
    struct berth_error err;
    berth_error_clear(&err);
    int rc = file_save(e->path, text, len, true, &e->stamp, &err);
    free(text);
    e->force = false;
    if (rc < 0) {
        ui_status(ui, true, "%s", err.message);
        return false;
    }
    textbuf_mark_saved(&e->tb);
    recover_remove(e->path);
    e->recovered_id = e->tb.id;
    ui_status(ui, false, "Saved%s: %s (%zu bytes; the previous text is in %s.bak)",
              e->nerrors ? " with errors" : "", e->path, len, e->path);
    return true;
}

/* The editor is leaving: restore the terminal's usual mode. */
static unsigned ed_close(struct editor *e)
{
    e->discarded = true;
    noraw();
    cbreak();
    return UI_CLOSE | UI_REDRAW;
}

static unsigned ed_answer(void *owner, struct ui *ui, int tag, const char *answer)
{
    struct editor *e = owner;
    char a = answer ? answer[0] : 0;
    switch ((enum ed_ask)tag) {
    case ED_ASK_RECOVER:
        /* Esc recovers too: the next recovery copy would replace the old
         * one, and nothing typed may be lost without a decision. */
        if (a == 'r' || a == 0) {
            char *text;
            size_t len;
            if (recover_read(e->path, &text, &len) == 1) {
                textbuf_replace_all(&e->tb, text, len);
                free(text);
                ed_validate(e);
                ui_status(ui, false, "Recovered the unsaved text; C-s saves it");
            }
        } else if (a == 'd') {
            recover_remove(e->path);
            ui_status(ui, false, "Discarded the recovered text");
        }
        return UI_REDRAW;
    case ED_ASK_QUIT:
        if (a == 'd') {
            recover_remove(e->path);
            return ed_close(e);
        }
        if (a == 's') {
            e->closing = true;
            if (ed_save(e, ui, true))
                return ed_close(e);
        }
        return UI_REDRAW;
    case ED_ASK_CHANGED:
        if (a == 'o' && ed_save(e, ui, false) && e->closing)
            return ed_close(e);
        if (a == 'r')
            ed_reload(e, ui);
        e->closing = false;
        return UI_REDRAW;
    case ED_ASK_FIND:
        if (answer && answer[0]) {
            snprintf(e->search, sizeof e->search, "%s", answer);
            bool wrapped;
            if (!textbuf_search(&e->tb, e->search, true, &wrapped))
                ui_status(ui, true, "Not found: %s", e->search);
            else if (wrapped)
                ui_status(ui, false, "Search wrapped to the top");
        }
        return UI_REDRAW;
    }
    return UI_REDRAW;
}

static void ed_next_finding(struct editor *e, struct ui *ui)
{
    if (e->validated_id != e->tb.id)
        ed_validate(e);
    if (e->nfindings == 0) {
        ui_status(ui, false, "No problems found");
        return;
    }
    /* The first finding after the cursor, wrapping. */
    size_t pick = 0;
    unsigned cl = (unsigned)e->tb.cur.line + 1;
    for (size_t i = 0; i < e->nfindings; i++) {
        if (e->findings[i].line > cl) {
            pick = i;
            break;
        }
    }
    if (e->finding_at < e->nfindings && e->findings[e->finding_at].line == cl)
        pick = (e->finding_at + 1) % e->nfindings;
    e->finding_at = pick;
    const struct ed_finding *f = &e->findings[pick];
    if (f->line > 0) {
        size_t col = 0;
        const struct textbuf_line *l = &e->tb.lines[f->line - 1 < e->tb.nlines ? f->line - 1 : 0];
        for (unsigned c = 1; c < f->col && col < l->len; c++) {
            col++;
            while (col < l->len && ((unsigned char)l->s[col] & 0xc0) == 0x80)
                col++;
        }
        textbuf_select_none(&e->tb);
        textbuf_goto(&e->tb, f->line - 1, col);
    }
    ui_status(ui, f->severity == COMPOSE_ERROR, "%zu/%zu %u:%u %s: %s", pick + 1, e->nfindings,
              f->line, f->col, compose_severity_name(f->severity), f->message);
}

/* --- keys ---------------------------------------------------------------- */

static unsigned ed_insert_key(struct editor *e, int key)
{
    char buf[8];
    size_t n = 0;
    unsigned cp;
    if (key == '\n') {
        /* Keep the indentation of the line. */
        const struct textbuf_line *l = &e->tb.lines[e->tb.cur.line];
        size_t ind = 0;
        while (ind < l->len && ind < e->tb.cur.col && l->s[ind] == ' ')
            ind++;
        char *text = xmalloc(ind + 2);
        text[0] = '\n';
        memset(text + 1, ' ', ind);
        textbuf_insert(&e->tb, text, ind + 1);
        free(text);
        ed_edited(e);
        return UI_REDRAW;
    }
    if (key == '\t') {
        /* YAML refuses tabs in indentation: two spaces. */
        size_t x = textbuf_col_chars(&e->tb, e->tb.cur.line, e->tb.cur.col);
        textbuf_insert(&e->tb, "  ", 2 - x % 2);
        ed_edited(e);
        return UI_REDRAW;
    }
    if (!keymap_key_char(key, &cp))
        return UI_IGNORED;
    n = sanitize_utf8_encode(cp, buf);
    if (n == 0)
        return UI_HANDLED;
    textbuf_insert(&e->tb, buf, n);
    ed_edited(e);
    return UI_REDRAW;
}

static bool ed_move_key(struct editor *e, int key)
{
    static const struct {
        int key;
        enum textbuf_move how;
        bool select;
    } plain[] = {
        {KEY_UP, TEXTBUF_UP, false},
        {KEY_DOWN, TEXTBUF_DOWN, false},
        {KEY_LEFT, TEXTBUF_LEFT, false},
        {KEY_RIGHT, TEXTBUF_RIGHT, false},
        {KEY_HOME, TEXTBUF_HOME, false},
        {KEY_END, TEXTBUF_END, false},
        {KEY_PPAGE, TEXTBUF_PAGE_UP, false},
        {KEY_NPAGE, TEXTBUF_PAGE_DOWN, false},
        {KEY_SR, TEXTBUF_UP, true},
        {KEY_SF, TEXTBUF_DOWN, true},
        {KEY_SLEFT, TEXTBUF_LEFT, true},
        {KEY_SRIGHT, TEXTBUF_RIGHT, true},
        {KEY_SHOME, TEXTBUF_HOME, true},
        {KEY_SEND, TEXTBUF_END, true},
        {KEY_SPREVIOUS, TEXTBUF_PAGE_UP, true},
        {KEY_SNEXT, TEXTBUF_PAGE_DOWN, true},
        {KEYMAP_META | 'b', TEXTBUF_WORD_LEFT, false},
        {KEYMAP_META | 'f', TEXTBUF_WORD_RIGHT, false},
        {KEYMAP_META | '<', TEXTBUF_TOP, false},
        {KEYMAP_META | '>', TEXTBUF_BOTTOM, false},
    };
    static const struct {
        enum ed_extra_key which;
        enum textbuf_move how;
        bool select;
    } extra[] = {
        {ED_C_LEFT, TEXTBUF_WORD_LEFT, false}, {ED_C_RIGHT, TEXTBUF_WORD_RIGHT, false},
        {ED_S_UP, TEXTBUF_UP, true},           {ED_S_DOWN, TEXTBUF_DOWN, true},
        {ED_S_LEFT, TEXTBUF_LEFT, true},       {ED_S_RIGHT, TEXTBUF_RIGHT, true},
        {ED_S_HOME, TEXTBUF_HOME, true},       {ED_S_END, TEXTBUF_END, true},
        {ED_C_HOME, TEXTBUF_TOP, false},       {ED_C_END, TEXTBUF_BOTTOM, false},
    };
    size_t page = e->page > 1 ? (size_t)e->page - 1 : 1;
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        if (plain[i].key == key) {
            textbuf_move(&e->tb, plain[i].how, plain[i].select, page);
            return true;
        }
    }
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
        if (ed_extra[extra[i].which] > 0 && ed_extra[extra[i].which] == key) {
            textbuf_move(&e->tb, extra[i].how, extra[i].select, page);
            return true;
        }
    }
    return false;
}

static unsigned ed_key(void *self, struct ui *ui, int key)
{
    struct editor *e = self;
    (void)ui;
    if (ed_move_key(e, key))
        return UI_REDRAW;
    if (key == KEY_BACKSPACE) {
        textbuf_backspace(&e->tb);
        ed_edited(e);
        return UI_REDRAW;
    }
    if (key == KEY_DC) {
        textbuf_delete(&e->tb);
        ed_edited(e);
        return UI_REDRAW;
    }
    return ed_insert_key(e, key);
}

static bool ed_run_external(struct ui *ui, const char *path);

static unsigned ed_action(void *self, struct ui *ui, enum action_id id)
{
    struct editor *e = self;
    bool done;
    switch (id) {
    case ACTION_EDIT_SAVE:
        ed_save(e, ui, true);
        return UI_REDRAW;
    case ACTION_EDIT_QUIT:
        if (!textbuf_modified(&e->tb)) {
            recover_remove(e->path);
            return ed_close(e);
        }
        dialog_ask_choice(ui, "Unsaved changes: s=save, d=discard them, c=cancel", "sdc", ed_answer,
                          e, ED_ASK_QUIT);
        return UI_REDRAW;
    case ACTION_EDIT_UNDO:
    case ACTION_EDIT_REDO:
        done = id == ACTION_EDIT_UNDO ? textbuf_undo(&e->tb) : textbuf_redo(&e->tb);
        if (!done)
            ui_status(ui, false, "Nothing to %s", id == ACTION_EDIT_UNDO ? "undo" : "redo");
        ed_edited(e);
        return UI_REDRAW;
    case ACTION_EDIT_CUT:
    case ACTION_EDIT_COPY:
        done = id == ACTION_EDIT_CUT ? textbuf_cut(&e->tb) : textbuf_copy(&e->tb);
        if (!done)
            ui_status(ui, false, "Nothing selected (Shift+arrows select)");
        else if (id == ACTION_EDIT_CUT)
            ed_edited(e);
        return UI_REDRAW;
    case ACTION_EDIT_PASTE:
        if (textbuf_paste(&e->tb))
            ed_edited(e);
        else
            ui_status(ui, false, "The clipboard is empty");
        return UI_REDRAW;
    case ACTION_EDIT_SELECT_ALL:
        textbuf_select_all(&e->tb);
        return UI_REDRAW;
    case ACTION_EDIT_FIND:
        dialog_ask_text(ui, "Find:", e->search, ed_answer, e, ED_ASK_FIND);
        return UI_REDRAW;
    case ACTION_EDIT_FIND_NEXT:
    case ACTION_EDIT_FIND_PREV: {
        bool wrapped;
        if (!e->search[0])
            dialog_ask_text(ui, "Find:", "", ed_answer, e, ED_ASK_FIND);
        else if (!textbuf_search(&e->tb, e->search, id == ACTION_EDIT_FIND_NEXT, &wrapped))
            ui_status(ui, true, "Not found: %s", e->search);
        else if (wrapped)
            ui_status(ui, false, "Search wrapped");
        return UI_REDRAW;
    }
    case ACTION_EDIT_NEXT_FINDING:
        ed_next_finding(e, ui);
        return UI_REDRAW;
    case ACTION_EDIT_EXTERNAL:
        if (textbuf_modified(&e->tb)) {
            ui_status(ui, true, "Save first (C-s): the other editor works on the file on disk");
            return UI_REDRAW;
        }
        if (!ed_run_external(ui, e->path))
            return UI_REDRAW;
        ed_reload(e, ui);
        ui_status(ui, e->nerrors > 0, "Back from the editor: %zu error%s, %zu warning%s",
                  e->nerrors, e->nerrors == 1 ? "" : "s", e->nwarnings,
                  e->nwarnings == 1 ? "" : "s");
        return UI_REDRAW;
    default:
        return UI_HANDLED; /* no fallback: nothing else happens while editing */
    }
}

static int ed_wake_fd(void *self)
{
    return ((struct editor *)self)->timer;
}

static unsigned ed_wake(void *self, struct ui *ui)
{
    struct editor *e = self;
    uint64_t ticks;
    if (read(e->timer, &ticks, sizeof ticks) < 0 && errno != EAGAIN)
        return UI_IGNORED;
    unsigned r = UI_IGNORED;
    if (e->validated_id != e->tb.id) {
        ed_validate(e);
        r = UI_REDRAW;
    }
    if (e->recovered_id != e->tb.id) {
        int64_t left = e->edited_ms + ED_RECOVER_MS - ed_now_ms();
        if (left > 0)
            ed_arm(e, (int)left);
        else
            ed_write_recovery(e, ui);
    }
    return r;
}

static void ed_destroy(void *self)
{
    struct editor *e = self;
    /* Leaving without a decision (a signal, the dashboard quitting):
     * whatever was typed stays in the recovery file. */
    if (!e->discarded && textbuf_modified(&e->tb)) {
        e->recovered_id = 0;
        ed_write_recovery(e, NULL);
    }
    if (e->timer >= 0)
        close(e->timer);
    ed_findings_clear(e);
    textbuf_done(&e->tb);
    free(e->path);
    free(e);
}

static const struct panel_ops editor_ops = {
    .name = "editor",
    .context = ACTION_CTX_EDITOR,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .key = ed_key,
    .action = ed_action,
    .draw = ed_draw,
    .destroy = ed_destroy,
    .wake_fd = ed_wake_fd,
    .wake = ed_wake,
};

/* --- opening --------------------------------------------------------------- */

static void ed_resolve_keys(void)
{
    for (int i = 0; i < ED_EXTRA_COUNT; i++) {
        int k = key_defined(ed_extra_seq[i]);
        if (k <= 0 && k != -1) {
            k = 0x7000 + i; /* a code of our own, above every curses key */
            define_key(ed_extra_seq[i], k);
        }
        ed_extra[i] = k > 0 ? k : 0;
    }
}

/* Overlays pushed since `before` go under the prompt that was on top
 * then: it closes itself (the top overlay) once the command returns. */
static void ed_below_prompt(struct ui *ui, size_t before)
{
    if (before == 0 || ui->noverlays <= before ||
        ui->overlays[before - 1].ops->place != UI_PLACE_STATUS)
        return;
    struct ui_layer prompt = ui->overlays[before - 1];
    memmove(&ui->overlays[before - 1], &ui->overlays[before],
            (ui->noverlays - before) * sizeof ui->overlays[0]);
    ui->overlays[ui->noverlays - 1] = prompt;
}

void editor_open(struct ui *ui, const char *path)
{
    size_t before = ui->noverlays;
    struct editor *e = xcalloc(1, sizeof *e);
    char *text;
    size_t len;
    struct berth_error err;
    berth_error_clear(&err);
    if (file_load(path, &text, &len, &e->stamp, &err) < 0) {
        ui_status(ui, true, "%s", err.message);
        free(e);
        return;
    }
    e->path = xstrdup(path);
    textbuf_init(&e->tb);
    textbuf_set_text(&e->tb, text, len);
    e->recovered_id = e->tb.id;
    e->finding_at = (size_t)-1;
    e->timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    ed_validate(e);
    if (!ui_push(ui, &editor_ops, e)) {
        free(text);
        ui_status(ui, true, "Too many windows open to edit %s", path);
        return;
    }
    ed_resolve_keys();
    raw();
    char *rec;
    size_t rlen;
    if (recover_read(path, &rec, &rlen) == 1) {
        if (rlen == len && memcmp(rec, text, len) == 0)
            recover_remove(path);
        else
            dialog_ask_choice(ui,
                              "Unsaved text from an earlier edit of this file: r=recover it, "
                              "d=discard it",
                              "rd", ed_answer, e, ED_ASK_RECOVER);
        free(rec);
    }
    free(text);
    if (!e->stamp.exists)
        ui_status(ui, false, "New file: %s", path);
    ed_below_prompt(ui, before);
}

bool editor_command(struct ui *ui, const char *line)
{
    while (*line == ' ')
        line++;
    if (strncmp(line, "edit", 4) != 0 || (line[4] != ' ' && line[4] != '\0'))
        return false;
    const char *path = line + 4;
    while (*path == ' ')
        path++;
    char *copy = xstrdup(path);
    size_t n = strlen(copy);
    while (n > 0 && copy[n - 1] == ' ')
        copy[--n] = '\0';
    if (n == 0)
        ui_status(ui, true, "usage: edit FILE");
    else
        editor_open(ui, copy);
    free(copy);
    return true;
}

/* --- the operator's own editor ------------------------------------------ */

/* Run the editor on path with the terminal handed over; no shell. False
 * (with a status message) when it could not be run. */
static bool ed_run_external(struct ui *ui, const char *path)
{
    const char *cmd = getenv("VISUAL");
    if (!cmd || !*cmd)
        cmd = getenv("EDITOR");
    if (!cmd || !*cmd)
        cmd = "vi";
    char *words = xstrdup(cmd);
    size_t n = 0;
    char *argv[64];
    for (char *tok = strtok(words, " \t"); tok && n < 62; tok = strtok(NULL, " \t"))
        argv[n++] = tok;
    char *file = xstrdup(path);
    argv[n++] = file;
    argv[n] = NULL;

    def_prog_mode();
    endwin();
    /* The child owns the terminal; its C-c is not ours to quit on. */
    struct sigaction ign, old_int, old_quit, old_tstp;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGINT, &ign, &old_int);
    sigaction(SIGQUIT, &ign, &old_quit);
    sigaction(SIGTSTP, &ign, &old_tstp);
    const struct spawn_opts tty = {.in = SPAWN_INHERIT, .out = SPAWN_INHERIT, .err = SPAWN_INHERIT};
    pid_t pid = -1;
    int rc = spawn_start(&pid, argv, &tty);
    int status = 0;
    if (rc == 0)
        spawn_wait(pid, &status);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    sigaction(SIGTSTP, &old_tstp, NULL);
    reset_prog_mode();
    clearok(curscr, TRUE);
    refresh();
    bool ok = rc == 0;
    if (!ok)
        ui_status(ui, true, "cannot run %s: %s", argv[0], strerror(rc));
    free(file);
    free(words);
    return ok;
}

void editor_open_external(struct ui *ui, const char *path)
{
    if (!ed_run_external(ui, path))
        return;
    struct compose_project p;
    struct berth_error err;
    berth_error_clear(&err);
    if (compose_project_load(&p, path, NULL, &err) < 0) {
        ui_status(ui, true, "%s", err.message);
        compose_project_done(&p);
        return;
    }
    size_t errors = compose_findings_count(&p.findings, COMPOSE_ERROR);
    size_t warnings = compose_findings_count(&p.findings, COMPOSE_WARNING);
    compose_project_done(&p);
    if (errors > 0) {
        editor_open(ui, path);
        ui_status(ui, true, "%s: %zu error%s, %zu warning%s (F8 goes to each)", path, errors,
                  errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    } else {
        ui_status(ui, false, "%s: %s%zu warning%s", path, warnings ? "" : "no errors, ", warnings,
                  warnings == 1 ? "" : "s");
    }
}
