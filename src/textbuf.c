/* The editor's text buffer (see textbuf.h): lines, cursor, selection,
 * clipboard, grouped undo and search, all in bytes of UTF-8. */
#include "config.h"

#include "textbuf.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* --- lines ------------------------------------------------------------- */

static bool is_cont(unsigned char c)
{
    return (c & 0xc0) == 0x80;
}

static bool is_word(unsigned char c)
{
    return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

static void line_reserve(struct textbuf_line *l, size_t need)
{
    if (need + 1 <= l->cap)
        return;
    size_t cap = l->cap ? l->cap : 16;
    while (cap < need + 1)
        cap *= 2;
    l->s = xrealloc(l->s, cap);
    l->cap = cap;
}

static void line_set(struct textbuf_line *l, const char *s, size_t n)
{
    line_reserve(l, n);
    if (n)
        memcpy(l->s, s, n);
    l->len = n;
    l->s[n] = '\0';
}

/* Room for one more line at index at (shifting the rest down). */
static struct textbuf_line *lines_open(struct textbuf *tb, size_t at)
{
    if (tb->nlines == tb->cap) {
        tb->cap = tb->cap ? tb->cap * 2 : 64;
        tb->lines = xrealloc(tb->lines, tb->cap * sizeof *tb->lines);
    }
    memmove(tb->lines + at + 1, tb->lines + at, (tb->nlines - at) * sizeof *tb->lines);
    tb->nlines++;
    tb->lines[at] = (struct textbuf_line){NULL, 0, 0};
    line_set(&tb->lines[at], "", 0);
    return &tb->lines[at];
}

static void lines_clear(struct textbuf *tb)
{
    for (size_t i = 0; i < tb->nlines; i++)
        free(tb->lines[i].s);
    tb->nlines = 0;
}

static void load_text(struct textbuf *tb, const char *text, size_t len)
{
    lines_clear(tb);
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || text[i] == '\n') {
            line_set(lines_open(tb, tb->nlines), text + start, i - start);
            start = i + 1;
        }
    }
}

static void stack_clear(struct textbuf_stack *st)
{
    for (size_t i = 0; i < st->count; i++)
        free(st->items[i].text);
    st->count = 0;
}

static void stack_push(struct textbuf_stack *st, struct textbuf_snap snap)
{
    if (st->count == TEXTBUF_UNDO_MAX) {
        free(st->items[0].text);
        memmove(st->items, st->items + 1, (st->count - 1) * sizeof *st->items);
        st->count--;
    }
    if (st->count == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 16;
        st->items = xrealloc(st->items, st->cap * sizeof *st->items);
    }
    st->items[st->count++] = snap;
}

static struct textbuf_snap snap_take(const struct textbuf *tb)
{
    struct textbuf_snap s;
    s.text = textbuf_text(tb, &s.len);
    s.cur = tb->cur;
    s.id = tb->id;
    return s;
}

static void snap_restore(struct textbuf *tb, struct textbuf_snap *s)
{
    load_text(tb, s->text, s->len);
    free(s->text);
    tb->id = s->id;
    tb->selecting = false;
    textbuf_goto(tb, s->cur.line, s->cur.col);
    tb->last_edit = TEXTBUF_EDIT_NONE;
}

/* --- public: whole text -------------------------------------------------- */

void textbuf_init(struct textbuf *tb)
{
    memset(tb, 0, sizeof *tb);
    line_set(lines_open(tb, 0), "", 0);
    tb->next_id = 1;
}

void textbuf_done(struct textbuf *tb)
{
    lines_clear(tb);
    free(tb->lines);
    free(tb->clip);
    stack_clear(&tb->undo);
    stack_clear(&tb->redo);
    free(tb->undo.items);
    free(tb->redo.items);
    memset(tb, 0, sizeof *tb);
}

void textbuf_set_text(struct textbuf *tb, const char *text, size_t len)
{
    load_text(tb, text, len);
    stack_clear(&tb->undo);
    stack_clear(&tb->redo);
    tb->cur = tb->anchor = (struct textbuf_pos){0, 0};
    tb->selecting = false;
    tb->goal = 0;
    tb->last_edit = TEXTBUF_EDIT_NONE;
    tb->id = tb->next_id++;
    tb->saved_id = tb->id;
}

char *textbuf_text(const struct textbuf *tb, size_t *len)
{
    size_t total = 0;
    for (size_t i = 0; i < tb->nlines; i++)
        total += tb->lines[i].len + 1;
    char *out = xmalloc(total);
    size_t at = 0;
    for (size_t i = 0; i < tb->nlines; i++) {
        memcpy(out + at, tb->lines[i].s, tb->lines[i].len);
        at += tb->lines[i].len;
        if (i + 1 < tb->nlines)
            out[at++] = '\n';
    }
    out[at] = '\0';
    if (len)
        *len = at;
    return out;
}

bool textbuf_modified(const struct textbuf *tb)
{
    return tb->id != tb->saved_id;
}

void textbuf_mark_saved(struct textbuf *tb)
{
    tb->saved_id = tb->id;
}

/* --- moving ------------------------------------------------------------- */

static size_t char_prev(const struct textbuf_line *l, size_t col)
{
    if (col == 0)
        return 0;
    col--;
    while (col > 0 && is_cont((unsigned char)l->s[col]))
        col--;
    return col;
}

static size_t char_next(const struct textbuf_line *l, size_t col)
{
    if (col >= l->len)
        return l->len;
    col++;
    while (col < l->len && is_cont((unsigned char)l->s[col]))
        col++;
    return col;
}

size_t textbuf_col_chars(const struct textbuf *tb, size_t line, size_t col)
{
    if (line >= tb->nlines)
        return 0;
    const struct textbuf_line *l = &tb->lines[line];
    size_t n = 0;
    for (size_t i = 0; i < col && i < l->len; i++)
        n += !is_cont((unsigned char)l->s[i]);
    return n;
}

/* The byte offset of character number chars in line (clamped). */
static size_t col_of_chars(const struct textbuf_line *l, size_t chars)
{
    size_t col = 0;
    while (chars-- > 0 && col < l->len)
        col = char_next(l, col);
    return col;
}

void textbuf_goto(struct textbuf *tb, size_t line, size_t col)
{
    if (line >= tb->nlines)
        line = tb->nlines - 1;
    const struct textbuf_line *l = &tb->lines[line];
    if (col > l->len)
        col = l->len;
    while (col > 0 && col < l->len && is_cont((unsigned char)l->s[col]))
        col--;
    tb->cur = (struct textbuf_pos){line, col};
    tb->goal = textbuf_col_chars(tb, line, col);
}

static void word_left(struct textbuf *tb)
{
    struct textbuf_pos *c = &tb->cur;
    if (c->col == 0) {
        if (c->line > 0) {
            c->line--;
            c->col = tb->lines[c->line].len;
        }
        return;
    }
    const struct textbuf_line *l = &tb->lines[c->line];
    while (c->col > 0 && !is_word((unsigned char)l->s[c->col - 1]))
        c->col--;
    while (c->col > 0 && is_word((unsigned char)l->s[c->col - 1]))
        c->col--;
}

static void word_right(struct textbuf *tb)
{
    struct textbuf_pos *c = &tb->cur;
    const struct textbuf_line *l = &tb->lines[c->line];
    if (c->col >= l->len) {
        if (c->line + 1 < tb->nlines) {
            c->line++;
            c->col = 0;
        }
        return;
    }
    while (c->col < l->len && !is_word((unsigned char)l->s[c->col]))
        c->col++;
    while (c->col < l->len && is_word((unsigned char)l->s[c->col]))
        c->col++;
}

static void vertical(struct textbuf *tb, size_t lines, bool up)
{
    size_t goal = tb->goal;
    size_t line = tb->cur.line;
    if (up)
        line = line > lines ? line - lines : 0;
    else
        line = line + lines < tb->nlines ? line + lines : tb->nlines - 1;
    tb->cur.line = line;
    tb->cur.col = col_of_chars(&tb->lines[line], goal);
    tb->goal = goal; /* kept across short lines */
}

void textbuf_move(struct textbuf *tb, enum textbuf_move how, bool select, size_t page)
{
    if (select && !tb->selecting) {
        tb->anchor = tb->cur;
        tb->selecting = true;
    } else if (!select) {
        tb->selecting = false;
    }
    struct textbuf_pos *c = &tb->cur;
    const struct textbuf_line *l = &tb->lines[c->line];
    if (page == 0)
        page = 1;
    switch (how) {
    case TEXTBUF_LEFT:
        if (c->col > 0)
            c->col = char_prev(l, c->col);
        else if (c->line > 0)
            c->col = tb->lines[--c->line].len;
        break;
    case TEXTBUF_RIGHT:
        if (c->col < l->len)
            c->col = char_next(l, c->col);
        else if (c->line + 1 < tb->nlines) {
            c->line++;
            c->col = 0;
        }
        break;
    case TEXTBUF_UP:
    case TEXTBUF_DOWN:
    case TEXTBUF_PAGE_UP:
    case TEXTBUF_PAGE_DOWN:
        vertical(tb, how == TEXTBUF_UP || how == TEXTBUF_DOWN ? 1 : page,
                 how == TEXTBUF_UP || how == TEXTBUF_PAGE_UP);
        return;
    case TEXTBUF_WORD_LEFT:
        word_left(tb);
        break;
    case TEXTBUF_WORD_RIGHT:
        word_right(tb);
        break;
    case TEXTBUF_HOME: {
        /* First Home goes to the indentation, the next to column 0. */
        size_t ind = 0;
        while (ind < l->len && (l->s[ind] == ' ' || l->s[ind] == '\t'))
            ind++;
        c->col = c->col == ind ? 0 : ind;
        break;
    }
    case TEXTBUF_END:
        c->col = l->len;
        break;
    case TEXTBUF_TOP:
        *c = (struct textbuf_pos){0, 0};
        break;
    case TEXTBUF_BOTTOM:
        c->line = tb->nlines - 1;
        c->col = tb->lines[c->line].len;
        break;
    }
    tb->goal = textbuf_col_chars(tb, c->line, c->col);
}

void textbuf_select_none(struct textbuf *tb)
{
    tb->selecting = false;
}

void textbuf_select_all(struct textbuf *tb)
{
    tb->anchor = (struct textbuf_pos){0, 0};
    tb->selecting = true;
    textbuf_goto(tb, tb->nlines - 1, tb->lines[tb->nlines - 1].len);
}

static bool pos_less(struct textbuf_pos a, struct textbuf_pos b)
{
    return a.line < b.line || (a.line == b.line && a.col < b.col);
}

bool textbuf_selection(const struct textbuf *tb, struct textbuf_pos *from, struct textbuf_pos *to)
{
    if (!tb->selecting || (tb->anchor.line == tb->cur.line && tb->anchor.col == tb->cur.col))
        return false;
    bool fwd = pos_less(tb->anchor, tb->cur);
    *from = fwd ? tb->anchor : tb->cur;
    *to = fwd ? tb->cur : tb->anchor;
    return true;
}

/* --- editing ------------------------------------------------------------ */

/* Start a new undo group when this edit does not continue the last one. */
static void undo_point(struct textbuf *tb, enum textbuf_edit kind, bool word)
{
    bool same_place = tb->cur.line == tb->last_end.line && tb->cur.col == tb->last_end.col;
    bool fresh = kind == TEXTBUF_EDIT_OTHER || kind != tb->last_edit || !same_place ||
                 (kind == TEXTBUF_EDIT_INSERT && word && !tb->last_word);
    if (fresh)
        stack_push(&tb->undo, snap_take(tb));
    stack_clear(&tb->redo);
    tb->last_edit = kind;
    tb->last_word = word;
    tb->id = tb->next_id++;
}

static void edit_done(struct textbuf *tb)
{
    tb->last_end = tb->cur;
    tb->goal = textbuf_col_chars(tb, tb->cur.line, tb->cur.col);
}

static void delete_range(struct textbuf *tb, struct textbuf_pos from, struct textbuf_pos to)
{
    struct textbuf_line *a = &tb->lines[from.line];
    struct textbuf_line *b = &tb->lines[to.line];
    size_t tail = b->len - to.col;
    line_reserve(a, from.col + tail);
    memmove(a->s + from.col, b->s + to.col, tail);
    a->len = from.col + tail;
    a->s[a->len] = '\0';
    for (size_t i = from.line + 1; i <= to.line; i++)
        free(tb->lines[i].s);
    size_t gone = to.line - from.line;
    memmove(tb->lines + from.line + 1, tb->lines + to.line + 1,
            (tb->nlines - to.line - 1) * sizeof *tb->lines);
    tb->nlines -= gone;
    tb->cur = from;
    tb->selecting = false;
}

static bool delete_selection(struct textbuf *tb)
{
    struct textbuf_pos from, to;
    if (!textbuf_selection(tb, &from, &to)) {
        tb->selecting = false;
        return false;
    }
    delete_range(tb, from, to);
    return true;
}

/* Insert raw text at the cursor, no undo bookkeeping. */
static void insert_raw(struct textbuf *tb, const char *s, size_t n)
{
    size_t i = 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && s[j] != '\n')
            j++;
        struct textbuf_line *l = &tb->lines[tb->cur.line];
        line_reserve(l, l->len + (j - i));
        memmove(l->s + tb->cur.col + (j - i), l->s + tb->cur.col, l->len - tb->cur.col);
        memcpy(l->s + tb->cur.col, s + i, j - i);
        l->len += j - i;
        l->s[l->len] = '\0';
        tb->cur.col += j - i;
        if (j == n)
            break;
        /* Split the line at the cursor. */
        struct textbuf_line *nl = lines_open(tb, tb->cur.line + 1);
        l = &tb->lines[tb->cur.line];
        line_set(nl, l->s + tb->cur.col, l->len - tb->cur.col);
        l->len = tb->cur.col;
        l->s[l->len] = '\0';
        tb->cur = (struct textbuf_pos){tb->cur.line + 1, 0};
        i = j + 1;
    }
}

void textbuf_insert(struct textbuf *tb, const char *s, size_t n)
{
    struct textbuf_pos from, to;
    bool sel = textbuf_selection(tb, &from, &to);
    bool single = !sel && n > 0 && n <= 4 && s[0] != '\n';
    undo_point(tb, single ? TEXTBUF_EDIT_INSERT : TEXTBUF_EDIT_OTHER,
               single && is_word((unsigned char)s[0]));
    delete_selection(tb);
    insert_raw(tb, s, n);
    edit_done(tb);
}

void textbuf_replace_all(struct textbuf *tb, const char *text, size_t len)
{
    undo_point(tb, TEXTBUF_EDIT_OTHER, false);
    load_text(tb, text, len);
    tb->selecting = false;
    textbuf_goto(tb, tb->cur.line, tb->cur.col);
    edit_done(tb);
}

void textbuf_backspace(struct textbuf *tb)
{
    struct textbuf_pos from, to;
    if (textbuf_selection(tb, &from, &to)) {
        undo_point(tb, TEXTBUF_EDIT_OTHER, false);
        delete_range(tb, from, to);
    } else {
        tb->selecting = false;
        if (tb->cur.line == 0 && tb->cur.col == 0)
            return;
        undo_point(tb, TEXTBUF_EDIT_DELETE, false);
        to = tb->cur;
        textbuf_move(tb, TEXTBUF_LEFT, false, 1);
        delete_range(tb, tb->cur, to);
    }
    edit_done(tb);
}

void textbuf_delete(struct textbuf *tb)
{
    struct textbuf_pos from, to;
    if (textbuf_selection(tb, &from, &to)) {
        undo_point(tb, TEXTBUF_EDIT_OTHER, false);
        delete_range(tb, from, to);
    } else {
        tb->selecting = false;
        const struct textbuf_line *l = &tb->lines[tb->cur.line];
        if (tb->cur.col >= l->len && tb->cur.line + 1 >= tb->nlines)
            return;
        undo_point(tb, TEXTBUF_EDIT_DELETE, false);
        from = tb->cur;
        textbuf_move(tb, TEXTBUF_RIGHT, false, 1);
        delete_range(tb, from, tb->cur);
    }
    edit_done(tb);
}

char *textbuf_selected_text(const struct textbuf *tb, size_t *len)
{
    struct textbuf_pos from, to;
    if (!textbuf_selection(tb, &from, &to))
        return NULL;
    size_t total = 0;
    for (size_t i = from.line; i <= to.line; i++)
        total += tb->lines[i].len + 1;
    char *out = xmalloc(total + 1);
    size_t at = 0;
    for (size_t i = from.line; i <= to.line; i++) {
        const struct textbuf_line *l = &tb->lines[i];
        size_t a = i == from.line ? from.col : 0;
        size_t b = i == to.line ? to.col : l->len;
        memcpy(out + at, l->s + a, b - a);
        at += b - a;
        if (i < to.line)
            out[at++] = '\n';
    }
    out[at] = '\0';
    if (len)
        *len = at;
    return out;
}

bool textbuf_copy(struct textbuf *tb)
{
    size_t len;
    char *t = textbuf_selected_text(tb, &len);
    if (!t)
        return false;
    free(tb->clip);
    tb->clip = t;
    tb->clip_len = len;
    return true;
}

bool textbuf_cut(struct textbuf *tb)
{
    if (!textbuf_copy(tb))
        return false;
    undo_point(tb, TEXTBUF_EDIT_OTHER, false);
    delete_selection(tb);
    edit_done(tb);
    return true;
}

bool textbuf_paste(struct textbuf *tb)
{
    if (!tb->clip)
        return false;
    undo_point(tb, TEXTBUF_EDIT_OTHER, false);
    delete_selection(tb);
    insert_raw(tb, tb->clip, tb->clip_len);
    edit_done(tb);
    return true;
}

/* --- undo ---------------------------------------------------------------- */

/* Undo and redo are mirror images: the present goes onto one stack and
 * the top of the other becomes the present. */
static bool history_step(struct textbuf *tb, struct textbuf_stack *from, struct textbuf_stack *to)
{
    if (from->count == 0)
        return false;
    stack_push(to, snap_take(tb));
    snap_restore(tb, &from->items[--from->count]);
    return true;
}

bool textbuf_undo(struct textbuf *tb)
{
    return history_step(tb, &tb->undo, &tb->redo);
}

bool textbuf_redo(struct textbuf *tb)
{
    return history_step(tb, &tb->redo, &tb->undo);
}

void textbuf_break_group(struct textbuf *tb)
{
    tb->last_edit = TEXTBUF_EDIT_NONE;
}

/* --- search -------------------------------------------------------------- */

/* The match of needle in line l at or after byte from (forward), or the
 * last one starting before byte before (backward); SIZE_MAX when none. */
static size_t find_in_line(const struct textbuf_line *l, const char *needle, size_t n, size_t from,
                           size_t before, bool forward)
{
    if (n > l->len)
        return SIZE_MAX;
    if (forward) {
        for (size_t i = from; i + n <= l->len; i++)
            if (memcmp(l->s + i, needle, n) == 0)
                return i;
        return SIZE_MAX;
    }
    size_t last = SIZE_MAX;
    for (size_t i = 0; i + n <= l->len && i < before; i++)
        if (memcmp(l->s + i, needle, n) == 0)
            last = i;
    return last;
}

bool textbuf_search(struct textbuf *tb, const char *needle, bool forward, bool *wrapped)
{
    size_t n = strlen(needle);
    if (wrapped)
        *wrapped = false;
    if (n == 0 || memchr(needle, '\n', n))
        return false;
    struct textbuf_pos from, to;
    struct textbuf_pos start = tb->cur;
    if (!forward && textbuf_selection(tb, &from, &to))
        start = from;
    /* Every line once, plus the start line again for the part before
     * (forward) or after (backward) the cursor. */
    for (size_t k = 0; k <= tb->nlines; k++) {
        size_t line = forward ? (start.line + k) % tb->nlines
                              : (start.line + tb->nlines * 2 - k) % tb->nlines;
        bool first = k == 0, again = k == tb->nlines;
        size_t lo = first && forward ? start.col : 0;
        size_t hi = first && !forward ? start.col : SIZE_MAX;
        size_t at = find_in_line(&tb->lines[line], needle, n, lo, hi, forward);
        if (at == SIZE_MAX)
            continue;
        if (again && ((forward && at >= start.col) || (!forward && at < start.col)))
            continue;
        if (wrapped)
            *wrapped = forward ? (line < start.line || (again && k > 0))
                               : (line > start.line || (again && k > 0));
        struct textbuf_pos a = {line, at}, b = {line, at + n};
        tb->anchor = forward ? a : b;
        tb->cur = forward ? b : a;
        tb->selecting = true;
        tb->goal = textbuf_col_chars(tb, tb->cur.line, tb->cur.col);
        tb->last_edit = TEXTBUF_EDIT_NONE;
        return true;
    }
    return false;
}
