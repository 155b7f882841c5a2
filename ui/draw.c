/* Drawing primitives (see draw.h).
 *
 * Text goes through one function, put(): it decodes UTF-8, measures each
 * character with wcwidth (one cell per character in ASCII mode, where
 * anything non-ASCII becomes '?'), stops before the cell limit and hands
 * curses a wide string. Control characters can only reach it from a
 * caller that skipped the sanitiser; they are drawn as '?' all the same. */
#include "config.h"

#include "draw.h"

#include <math.h>
#include <string.h>
#include <wchar.h>

#include "sanitize.h"
#include "strbuf.h"

/* Longest line put() draws at once, in characters. */
#define DRAW_LINE_MAX 1024

static bool draw_utf8_mode;

static const char *const symbols_utf8[DRAW_SYM_COUNT] = {
    [DRAW_SYM_FOLDED] = "\xe2\x96\xb8",     /* ▸ */
    [DRAW_SYM_UNFOLDED] = "\xe2\x96\xbe",   /* ▾ */
    [DRAW_SYM_MARK] = "\xe2\x97\x8f",       /* ● */
    [DRAW_SYM_ASCENDING] = "\xe2\x96\xb2",  /* ▲ */
    [DRAW_SYM_DESCENDING] = "\xe2\x96\xbc", /* ▼ */
    [DRAW_SYM_BAR] = "|",
};

static const char *const symbols_ascii[DRAW_SYM_COUNT] = {
    [DRAW_SYM_FOLDED] = "+",    [DRAW_SYM_UNFOLDED] = "-",   [DRAW_SYM_MARK] = "*",
    [DRAW_SYM_ASCENDING] = "^", [DRAW_SYM_DESCENDING] = "v", [DRAW_SYM_BAR] = "|",
};

void draw_set_utf8(bool utf8)
{
    draw_utf8_mode = utf8;
}

bool draw_is_utf8(void)
{
    return draw_utf8_mode;
}

const char *draw_symbol(enum draw_symbol s)
{
    if ((unsigned)s >= DRAW_SYM_COUNT)
        return "?";
    return draw_utf8_mode ? symbols_utf8[s] : symbols_ascii[s];
}

/* The next character of s[0..len): its code point (what to draw) and
 * cells; returns the bytes it took (>= 1). */
static size_t next_char(const char *s, size_t len, wchar_t *ch, int *cells)
{
    unsigned cp;
    size_t k = sanitize_utf8_decode(s, len, &cp);
    if (k == 0) {
        *ch = L'?';
        *cells = 1;
        return 1;
    }
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
        *ch = L'?';
        *cells = 1;
    } else if (cp < 0x80) {
        *ch = (wchar_t)cp;
        *cells = 1;
    } else if (!draw_utf8_mode) {
        *ch = L'?';
        *cells = 1;
    } else {
        int w = wcwidth((wchar_t)cp);
        *ch = w < 0 ? L'?' : (wchar_t)cp;
        *cells = w < 0 ? 1 : w;
    }
    return k;
}

int draw_width(const char *s)
{
    int cells = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        wchar_t ch;
        int w;
        i += next_char(s + i, len - i, &ch, &w);
        cells += w;
    }
    return cells;
}

static int put(int y, int x, int w, const char *s, size_t len, attr_t a)
{
    if (y < 0 || y >= LINES || x < 0 || x >= COLS || w <= 0)
        return 0;
    if (w > COLS - x)
        w = COLS - x;
    wchar_t buf[DRAW_LINE_MAX + 1];
    int n = 0, used = 0;
    for (size_t i = 0; i < len && n < DRAW_LINE_MAX;) {
        wchar_t ch;
        int cw;
        size_t k = next_char(s + i, len - i, &ch, &cw);
        if (used + cw > w)
            break;
        buf[n++] = ch;
        used += cw;
        i += k;
    }
    buf[n] = L'\0';
    if (n > 0) {
        attrset(a);
        mvaddnwstr(y, x, buf, n);
    }
    return used;
}

int draw_text(int y, int x, int w, const char *s, attr_t a)
{
    return s ? put(y, x, w, s, strlen(s), a) : 0;
}

int draw_engine(int y, int x, int w, const char *s, attr_t a)
{
    if (!s)
        return 0;
    size_t len = strlen(s);
    if (sanitize_is_clean(s, len))
        return put(y, x, w, s, len, a);
    struct strbuf sb;
    strbuf_init(&sb);
    sanitize_append(&sb, s, len);
    int used = put(y, x, w, sb.data, sb.len, a);
    strbuf_done(&sb);
    return used;
}

void draw_cell(int y, int *x, int right, int w, const char *s, attr_t a, bool engine)
{
    if (*x >= right)
        return;
    if (w > right - *x)
        w = right - *x;
    if (engine)
        draw_engine(y, *x, w - 1, s, a);
    else
        draw_text(y, *x, w - 1, s, a);
    *x += w;
}

int draw_text_right(int y, int x, int w, const char *s, attr_t a)
{
    int tw = draw_width(s);
    if (tw >= w)
        return draw_text(y, x, w, s, a);
    return draw_text(y, x + w - tw, tw, s, a);
}

void draw_glyph(int y, int x, wchar_t ch, attr_t a)
{
    if (y < 0 || y >= LINES || x < 0 || x >= COLS)
        return;
    wchar_t buf[2] = {ch, L'\0'};
    if (!draw_utf8_mode && (unsigned long)ch >= 0x80)
        buf[0] = L'?';
    attrset(a);
    mvaddnwstr(y, x, buf, 1);
}

void draw_fill(int y, int x, int w, attr_t a)
{
    if (y < 0 || y >= LINES || x < 0 || x >= COLS || w <= 0)
        return;
    if (w > COLS - x)
        w = COLS - x;
    attrset(a);
    mvhline(y, x, ' ', w);
}

void draw_clear(const struct ui_rect *r, attr_t a)
{
    for (int i = 0; i < r->h; i++)
        draw_fill(r->y + i, r->x, r->w, a);
}

void draw_box(const struct ui_rect *r, const char *title, attr_t frame, attr_t title_attr)
{
    if (r->h < 2 || r->w < 2)
        return;
    const char *h = draw_utf8_mode ? "\xe2\x94\x80" : "-";
    const char *v = draw_utf8_mode ? "\xe2\x94\x82" : "|";
    const char *tl = draw_utf8_mode ? "\xe2\x94\x8c" : "+";
    const char *tr = draw_utf8_mode ? "\xe2\x94\x90" : "+";
    const char *bl = draw_utf8_mode ? "\xe2\x94\x94" : "+";
    const char *br = draw_utf8_mode ? "\xe2\x94\x98" : "+";
    int bottom = r->y + r->h - 1, right = r->x + r->w - 1;
    draw_text(r->y, r->x, 1, tl, frame);
    draw_text(r->y, right, 1, tr, frame);
    draw_text(bottom, r->x, 1, bl, frame);
    draw_text(bottom, right, 1, br, frame);
    for (int x = r->x + 1; x < right; x++) {
        draw_text(r->y, x, 1, h, frame);
        draw_text(bottom, x, 1, h, frame);
    }
    for (int y = r->y + 1; y < bottom; y++) {
        draw_text(y, r->x, 1, v, frame);
        draw_text(y, right, 1, v, frame);
    }
    if (title && r->w > 6) {
        int used = draw_text(r->y, r->x + 2, 1, " ", title_attr);
        used += draw_text(r->y, r->x + 2 + used, r->w - 6, title, title_attr);
        draw_text(r->y, r->x + 2 + used, 1, " ", title_attr);
    }
}

static int filled_cells(double fraction, int inner)
{
    if (!(fraction > 0))
        return 0;
    if (fraction > 1)
        fraction = 1;
    int n = (int)lround(fraction * inner);
    /* Anything above zero shows at least one cell, as htop does. */
    return n == 0 ? 1 : n;
}

void draw_bar(int y, int x, int w, double fraction, attr_t frame, attr_t bar)
{
    if (w < 3)
        return;
    int inner = w - 2;
    int n = filled_cells(fraction, inner);
    draw_text(y, x, 1, "[", frame);
    for (int i = 0; i < inner; i++) {
        if (i < n)
            draw_text(y, x + 1 + i, 1, draw_symbol(DRAW_SYM_BAR), bar);
        else
            draw_fill(y, x + 1 + i, 1, frame);
    }
    draw_text(y, x + 1 + inner, 1, "]", frame);
}

void draw_meter(int y, int x, int w, const char *label, double fraction, const char *text,
                attr_t label_attr, attr_t bar_attr, attr_t text_attr)
{
    int lw = draw_text(y, x, w, label, label_attr);
    int bw = w - lw;
    if (bw < 3)
        return;
    draw_bar(y, x + lw, bw, fraction, text_attr, bar_attr);
    int inner = bw - 2;
    int tw = draw_width(text);
    if (tw <= inner)
        draw_text(y, x + lw + 1 + inner - tw, tw, text, text_attr);
}
