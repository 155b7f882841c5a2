/* The log pane (see panel_logs.h).
 *
 * The lines live in a bounded ring (model/logbuf.h) filled by a reader
 * thread (model/logstream.h); this file only reads it: each frame copies
 * the few lines on screen, so a container writing 100 000 lines a second
 * costs a frame no more than one writing ten. The reader wakes us at most
 * ten times a second (panel_ops.wake_fd).
 *
 * Engine bytes reach the terminal only through src/ansi.c: SGR colour
 * becomes curses attributes and everything else is escaped by the one
 * sanitiser.
 *
 * Positions are absolute line indices (logbuf.h), so new lines and lines
 * falling off the ring do not move what a paused operator is reading. The
 * filter keeps a list of matching indices, extended as lines arrive and
 * rebuilt when the pattern changes or lines were inserted out of order. */
#include "config.h"

#include "ui/panel_logs.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "ansi.h"
#include "sanitize.h"
#include "strbuf.h"
#include "xalloc.h"
#include "model/logbuf.h"
#include "model/logstream.h"
#include "ui/draw.h"
#include "ui/keymap.h"
#include "ui/theme.h"

#define PL_INPUT_MAX 512
#define PL_PAIR_FIRST 128 /* pairs below are the theme's */
#define PL_PAIR_LAST 255  /* COLOR_PAIR() holds 8 bits */
#define PL_KEY_ESC 27
#define PL_KEY_CTRL_U 21
#define PL_KEY_TAB '\t'

enum pl_prompt {
    PL_PROMPT_NONE,
    PL_PROMPT_SEARCH,
    PL_PROMPT_SEARCH_BACK,
    PL_PROMPT_FILTER,
    PL_PROMPT_TAIL,
    PL_PROMPT_SINCE,
    PL_PROMPT_SAVE,
};

/* A search or filter pattern: plain text or a POSIX extended regex. */
struct pl_match {
    char text[PL_INPUT_MAX];
    bool regex;
    bool icase;
    bool compiled;
    regex_t re;
};

struct pl {
    struct logbuf *lb;
    struct logstream *ls;
    struct logstream_source *srcs;
    char **names; /* heap: the prefix shown per source */
    size_t n;
    char *title;
    struct logstream_options opt;
    char since_text[PL_INPUT_MAX];
    size_t scrollback;

    bool follow;
    bool wrap;
    bool timestamps;
    bool full;    /* full screen, else split under the table */
    uint64_t top; /* absolute index of the first line shown when paused */
    int rows;     /* log rows in the last frame */

    struct pl_match search;
    bool search_back;
    struct pl_match filter;
    bool filter_on;
    uint64_t *fidx; /* matching absolute indices, ascending */
    size_t fn, fcap;
    uint64_t fscan;    /* lines before this were looked at */
    uint64_t freorder; /* logbuf_reorders() when fidx was built */

    enum pl_prompt prompt;
    char input[PL_INPUT_MAX];
    size_t ilen;
    bool save_full; /* in the save prompt: full log from the engine */

    bool ixon_cleared;
    struct termios saved_tio;
};

static struct {
    int fg[PL_PAIR_LAST + 1], bg[PL_PAIR_LAST + 1];
    int next;
} pl_pairs = {.next = PL_PAIR_FIRST};

/* --- patterns ---------------------------------------------------------------- */

static void match_clear(struct pl_match *m)
{
    if (m->compiled)
        regfree(&m->re);
    m->compiled = false;
    m->text[0] = '\0';
}

/* Set the pattern; false with a status message when the regex is bad. */
static bool match_set(struct pl_match *m, struct ui *ui, const char *text)
{
    if (m->compiled)
        regfree(&m->re);
    m->compiled = false;
    snprintf(m->text, sizeof m->text, "%s", text);
    if (!m->regex || !text[0])
        return true;
    int rc = regcomp(&m->re, text, REG_EXTENDED | (m->icase ? REG_ICASE : 0));
    if (rc != 0) {
        char msg[128];
        regerror(rc, &m->re, msg, sizeof msg);
        ui_status(ui, true, "Bad pattern: %s", msg);
        m->text[0] = '\0';
        return false;
    }
    m->compiled = true;
    return true;
}

static void match_recompile(struct pl_match *m, struct ui *ui)
{
    char text[PL_INPUT_MAX];
    snprintf(text, sizeof text, "%s", m->text);
    match_set(m, ui, text);
}

/* Find m in s[from..len): true with [*so, *eo). */
static bool match_find(const struct pl_match *m, const char *s, size_t len, size_t from, size_t *so,
                       size_t *eo)
{
    if (!m->text[0] || from > len)
        return false;
    if (m->regex) {
        if (!m->compiled)
            return false;
        regmatch_t pm;
        pm.rm_so = (regoff_t)from;
        pm.rm_eo = (regoff_t)len;
        int flags = REG_STARTEND | (from > 0 ? REG_NOTBOL : 0);
        if (regexec(&m->re, s, 1, &pm, flags) != 0)
            return false;
        *so = (size_t)pm.rm_so;
        *eo = (size_t)pm.rm_eo;
        if (*eo == *so)
            (*eo)++; /* an empty match still shows one cell */
        if (*eo > len)
            *eo = len;
        return *so < len || len == 0;
    }
    size_t pl = strlen(m->text);
    for (size_t i = from; i + pl <= len; i++) {
        bool eq = m->icase ? strncasecmp(s + i, m->text, pl) == 0 : memcmp(s + i, m->text, pl) == 0;
        if (eq) {
            *so = i;
            *eo = i + pl;
            return true;
        }
    }
    return false;
}

/* The text a line shows (SGR removed, the rest escaped) matches m. */
static bool line_matches(const struct pl_match *m, const struct logbuf_line *l, struct strbuf *tmp)
{
    strbuf_reset(tmp);
    ansi_plain(tmp, l->text, l->len);
    size_t so, eo;
    return match_find(m, tmp->data, tmp->len, 0, &so, &eo);
}

/* --- the list of lines shown (all, or the filter's) ----------------------------- */

struct filter_scan {
    struct pl *pl;
    struct strbuf tmp;
};

static bool filter_one(void *user, uint64_t idx, const struct logbuf_line *l)
{
    struct filter_scan *fs = user;
    struct pl *pl = fs->pl;
    if (line_matches(&pl->filter, l, &fs->tmp)) {
        if (pl->fn == pl->fcap) {
            pl->fcap = pl->fcap ? pl->fcap * 2 : 256;
            pl->fidx = xrealloc(pl->fidx, pl->fcap * sizeof *pl->fidx);
        }
        pl->fidx[pl->fn++] = idx;
    }
    return true;
}

/* Bring the filter's list up to the buffer. */
static void filter_sync(struct pl *pl)
{
    if (!pl->filter_on)
        return;
    uint64_t reorder = logbuf_reorders(pl->lb);
    if (reorder != pl->freorder) {
        pl->fn = 0;
        pl->fscan = 0;
        pl->freorder = reorder;
    }
    uint64_t first = logbuf_first(pl->lb), end = logbuf_end(pl->lb);
    size_t drop = 0;
    while (drop < pl->fn && pl->fidx[drop] < first)
        drop++;
    if (drop) {
        memmove(pl->fidx, pl->fidx + drop, (pl->fn - drop) * sizeof *pl->fidx);
        pl->fn -= drop;
    }
    if (pl->fscan < first)
        pl->fscan = first;
    struct filter_scan fs = {.pl = pl};
    strbuf_init(&fs.tmp);
    logbuf_each(pl->lb, pl->fscan, end, filter_one, &fs);
    strbuf_done(&fs.tmp);
    pl->fscan = end;
}

static size_t list_count(struct pl *pl)
{
    if (pl->filter_on)
        return pl->fn;
    return (size_t)(logbuf_end(pl->lb) - logbuf_first(pl->lb));
}

static uint64_t list_at(struct pl *pl, size_t i)
{
    return pl->filter_on ? pl->fidx[i] : logbuf_first(pl->lb) + i;
}

/* The list position of absolute index idx (the first one at or after). */
static size_t list_pos(struct pl *pl, uint64_t idx)
{
    if (!pl->filter_on) {
        uint64_t first = logbuf_first(pl->lb);
        return idx <= first ? 0 : (size_t)(idx - first);
    }
    size_t lo = 0, hi = pl->fn;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (pl->fidx[mid] < idx)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* --- rendering one line ----------------------------------------------------- */

/* A line as cells to draw: text (safe UTF-8) and an attribute per byte. */
struct pl_cells {
    struct strbuf text;
    attr_t *attr;
    size_t cap;
    size_t body; /* where the log text starts (after the prefixes) */
    attr_t base;
};

static void cells_put(struct pl_cells *c, const char *s, size_t len, attr_t a)
{
    if (c->text.len + len > c->cap) {
        c->cap = (c->text.len + len) * 2 + 64;
        c->attr = xrealloc(c->attr, c->cap * sizeof *c->attr);
    }
    for (size_t i = 0; i < len; i++)
        c->attr[c->text.len + i] = a;
    strbuf_append(&c->text, s, len);
}

static int pl_pair(int fg, int bg)
{
    if (theme_is_mono() || COLOR_PAIRS <= PL_PAIR_LAST || COLORS < 8)
        return 0;
    if (fg >= COLORS)
        fg = fg % 8;
    if (bg >= COLORS)
        bg = bg % 8;
    for (int p = PL_PAIR_FIRST; p < pl_pairs.next; p++) {
        if (pl_pairs.fg[p] == fg && pl_pairs.bg[p] == bg)
            return p;
    }
    if (pl_pairs.next > PL_PAIR_LAST)
        pl_pairs.next = PL_PAIR_FIRST; /* recycle: rare, and the next frame repaints */
    int p = pl_pairs.next;
    if (init_pair((short)p, (short)fg, (short)bg) != OK)
        return 0;
    pl_pairs.fg[p] = fg;
    pl_pairs.bg[p] = bg;
    pl_pairs.next++;
    return p;
}

static attr_t style_attr(const struct ansi_style *st, attr_t base)
{
    attr_t a = base;
    if (st->fg != ANSI_DEFAULT_COLOUR || st->bg != ANSI_DEFAULT_COLOUR) {
        int p = pl_pair(st->fg, st->bg);
        if (p)
            a = (a & ~A_COLOR) | (attr_t)COLOR_PAIR(p);
    }
    if (st->attrs & ANSI_BOLD)
        a |= A_BOLD;
    if (st->attrs & ANSI_DIM)
        a |= A_DIM;
    if (st->attrs & ANSI_UNDERLINE)
        a |= A_UNDERLINE;
    if (st->attrs & ANSI_REVERSE)
        a |= A_REVERSE;
    if (st->attrs & ANSI_BLINK)
        a |= A_BLINK;
#ifdef A_ITALIC
    if (st->attrs & ANSI_ITALIC)
        a |= A_ITALIC;
#endif
    return a;
}

static void cells_emit(void *user, const char *text, size_t len, const struct ansi_style *st)
{
    struct pl_cells *c = user;
    cells_put(c, text, len, style_attr(st, c->base));
}

/* The colour of source i's prefix: services cycle through six colours. */
static attr_t source_attr(size_t i)
{
    static const int colours[] = {COLOR_CYAN,    COLOR_YELLOW, COLOR_GREEN,
                                  COLOR_MAGENTA, COLOR_BLUE,   COLOR_RED};
    int p = pl_pair(colours[i % 6], -1);
    return p ? (attr_t)COLOR_PAIR(p) | A_BOLD : A_BOLD;
}

static void render_line(struct pl *pl, const struct logbuf_line *l, struct pl_cells *c)
{
    strbuf_reset(&c->text);
    if (pl->timestamps && l->ts_ns) {
        char ts[32];
        logstream_format_ts(l->ts_ns, ts);
        cells_put(c, ts, strlen(ts), theme_attr(THEME_LOG_TIMESTAMP));
        cells_put(c, " ", 1, theme_attr(THEME_DEFAULT));
    }
    if (pl->n > 1 && l->source < pl->n) {
        struct strbuf name;
        strbuf_init(&name);
        sanitize_append(&name, pl->names[l->source], strlen(pl->names[l->source]));
        strbuf_puts(&name, " | ");
        cells_put(c, name.data, name.len, source_attr(l->source));
        strbuf_done(&name);
    }
    c->body = c->text.len;
    c->base = theme_attr(l->stream == LOGBUF_STDERR ? THEME_LOG_STDERR : THEME_DEFAULT);
    struct ansi_style st;
    ansi_style_reset(&st);
    ansi_render(l->text, l->len, &st, cells_emit, c);
    /* Search matches, highlighted in the body. */
    size_t from = c->body, so, eo;
    while (pl->search.text[0] &&
           match_find(&pl->search, c->text.data, c->text.len, from, &so, &eo)) {
        if (so < c->body)
            so = c->body;
        for (size_t i = so; i < eo; i++)
            c->attr[i] = theme_attr(THEME_SEARCH_MATCH);
        from = eo > from ? eo : from + 1;
    }
}

/* Rows line c takes at width w when wrapped. */
static int cells_rows(const struct pl_cells *c, int w, bool wrap)
{
    if (!wrap || w <= 0)
        return 1;
    int rows = 1, x = 0;
    size_t i = 0;
    while (i < c->text.len) {
        unsigned cp = '?';
        size_t n = sanitize_utf8_decode(c->text.data + i, c->text.len - i, &cp);
        if (n == 0)
            n = 1;
        int cw = wcwidth((wchar_t)cp);
        if (cw < 0)
            cw = 1;
        if (x + cw > w) {
            rows++;
            x = 0;
        }
        x += cw;
        i += n;
    }
    return rows;
}

/* Draw c from row y, at most maxrows rows, skipping its first skip rows. */
static int cells_draw(const struct pl_cells *c, int y, int x0, int w, int skip, int maxrows,
                      bool wrap)
{
    int row = 0, x = 0;
    size_t i = 0;
    char ch[8];
    while (i < c->text.len && row < skip + maxrows) {
        unsigned cp = '?';
        size_t n = sanitize_utf8_decode(c->text.data + i, c->text.len - i, &cp);
        if (n == 0)
            n = 1;
        int cw = wcwidth((wchar_t)cp);
        if (cw < 0)
            cw = 1;
        if (x + cw > w) {
            if (!wrap)
                break;
            row++;
            x = 0;
            if (row >= skip + maxrows)
                break;
        }
        if (row >= skip) {
            memcpy(ch, c->text.data + i, n);
            ch[n] = '\0';
            draw_text(y + row - skip, x0 + x, cw, ch, c->attr[i]);
        }
        x += cw;
        i += n;
    }
    return row - skip + 1;
}

/* --- the stream ------------------------------------------------------------- */

static void pl_stop(struct pl *pl)
{
    logstream_free(pl->ls);
    pl->ls = NULL;
}

static void pl_start(struct pl *pl, struct ui *ui)
{
    pl_stop(pl);
    logbuf_clear(pl->lb);
    pl->fn = 0;
    pl->fscan = 0;
    pl->top = 0;
    pl->follow = true;
    if (!ui->engine) {
        ui_status(ui, true, "No engine to read logs from");
        return;
    }
    pl->ls = logstream_new(ui->engine, pl->lb, pl->srcs, pl->n, &pl->opt);
    struct berth_error err;
    berth_error_clear(&err);
    if (logstream_start(pl->ls, &err) < 0) {
        ui_status(ui, true, "Logs: %s", err.message);
        pl_stop(pl);
    }
}

/* --- moving ---------------------------------------------------------------- */

static void pl_pause_at(struct pl *pl, size_t pos)
{
    size_t count = list_count(pl);
    if (count == 0) {
        pl->top = logbuf_end(pl->lb);
        return;
    }
    if (pos >= count)
        pos = count - 1;
    pl->top = list_at(pl, pos);
    pl->follow = false;
}

/* The list position at the top of the screen now. */
static size_t pl_top_pos(struct pl *pl)
{
    size_t count = list_count(pl);
    if (pl->follow) {
        int rows = pl->rows > 0 ? pl->rows : 1;
        return count > (size_t)rows ? count - (size_t)rows : 0;
    }
    return list_pos(pl, pl->top);
}

static unsigned pl_scroll(struct pl *pl, long delta)
{
    size_t count = list_count(pl);
    long pos = (long)pl_top_pos(pl) + delta;
    if (pos < 0)
        pos = 0;
    int rows = pl->rows > 0 ? pl->rows : 1;
    if (delta > 0 && (size_t)pos + (size_t)rows >= count) {
        pl->follow = true; /* scrolled back to the end: follow again */
        return UI_REDRAW;
    }
    pl_pause_at(pl, (size_t)pos);
    return UI_REDRAW;
}

/* Search from the top line (excluded) in the search direction; back
 * inverts it (N). */
static unsigned pl_search_step(struct pl *pl, struct ui *ui, bool invert, bool include_top)
{
    if (!pl->search.text[0]) {
        ui_status(ui, true, "No search pattern: type / first");
        return UI_REDRAW;
    }
    bool back = pl->search_back != invert;
    size_t count = list_count(pl);
    if (count == 0)
        return UI_REDRAW;
    size_t start = pl_top_pos(pl);
    struct strbuf tmp;
    strbuf_init(&tmp);
    bool found = false;
    size_t pos = start;
    for (size_t k = include_top ? 0 : 1; k <= count && !found; k++) {
        if (back) {
            if (k > start)
                break;
            pos = start - k;
        } else {
            pos = start + k;
            if (pos >= count)
                break;
        }
        struct logbuf_line l;
        if (!logbuf_copy(pl->lb, list_at(pl, pos), &l))
            continue;
        found = line_matches(&pl->search, &l, &tmp);
        free(l.text);
    }
    strbuf_done(&tmp);
    if (!found) {
        ui_status(ui, true, "Pattern not found: %s", pl->search.text);
        return UI_REDRAW;
    }
    pl_pause_at(pl, pos);
    return UI_REDRAW;
}

/* --- saving ------------------------------------------------------------------ */

struct save_ctx {
    struct pl *pl;
    FILE *f;
    bool failed;
};

static bool save_one(void *user, uint64_t idx, const struct logbuf_line *l)
{
    struct save_ctx *sc = user;
    (void)idx;
    if (sc->pl->timestamps && l->ts_ns) {
        char ts[32];
        logstream_format_ts(l->ts_ns, ts);
        fprintf(sc->f, "%s ", ts);
    }
    if (sc->pl->n > 1 && l->source < sc->pl->n)
        fprintf(sc->f, "%s | ", sc->pl->names[l->source]);
    if (fwrite(l->text, 1, l->len, sc->f) != l->len || fputc('\n', sc->f) == EOF)
        sc->failed = true;
    return !sc->failed;
}

/* Write the buffer (the lines shown, as they came) to path atomically. */
static void pl_save_buffer(struct pl *pl, struct ui *ui, const char *path)
{
    char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        ui_status(ui, true, "Save failed: %s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        free(tmp);
        return;
    }
    struct save_ctx sc = {.pl = pl, .f = f};
    size_t lines = 0;
    if (pl->filter_on) {
        filter_sync(pl);
        for (size_t i = 0; i < pl->fn && !sc.failed; i++) {
            struct logbuf_line l;
            if (logbuf_copy(pl->lb, pl->fidx[i], &l)) {
                save_one(&sc, pl->fidx[i], &l);
                free(l.text);
                lines++;
            }
        }
    } else {
        uint64_t first = logbuf_first(pl->lb), end = logbuf_end(pl->lb);
        logbuf_each(pl->lb, first, end, save_one, &sc);
        lines = (size_t)(end - first);
    }
    bool ok = !sc.failed && fflush(f) == 0 && fsync(fileno(f)) == 0;
    ok = fclose(f) == 0 && ok;
    if (ok && rename(tmp, path) == 0) {
        ui_status(ui, false, "Saved %zu lines to %s", lines, path);
    } else {
        ui_status(ui, true, "Save failed: %s: %s", path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
}

/* --- the prompt ---------------------------------------------------------------- */

static void prompt_open_kind(struct pl *pl, enum pl_prompt kind)
{
    pl->prompt = kind;
    pl->input[0] = '\0';
    pl->ilen = 0;
    if (kind == PL_PROMPT_TAIL) {
        if (pl->opt.tail < 0)
            snprintf(pl->input, sizeof pl->input, "all");
        else
            snprintf(pl->input, sizeof pl->input, "%ld", pl->opt.tail);
    } else if (kind == PL_PROMPT_SINCE) {
        snprintf(pl->input, sizeof pl->input, "%s", pl->since_text);
    } else if (kind == PL_PROMPT_SAVE) {
        struct strbuf name;
        strbuf_init(&name);
        /* A file name from the pane's title, with only safe characters. */
        for (const char *p = pl->title; *p; p++)
            strbuf_putc(&name, (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                                       (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'
                                   ? *p
                                   : '_');
        snprintf(pl->input, sizeof pl->input, "%s.log", name.data);
        strbuf_done(&name);
        pl->save_full = false;
    }
    pl->ilen = strlen(pl->input);
}

static unsigned prompt_enter(struct pl *pl, struct ui *ui)
{
    enum pl_prompt kind = pl->prompt;
    pl->prompt = PL_PROMPT_NONE;
    switch (kind) {
    case PL_PROMPT_SEARCH:
    case PL_PROMPT_SEARCH_BACK:
        if (!pl->ilen)
            return UI_REDRAW; /* empty: keep the last pattern */
        pl->search_back = kind == PL_PROMPT_SEARCH_BACK;
        if (!match_set(&pl->search, ui, pl->input))
            return UI_REDRAW;
        return pl_search_step(pl, ui, false, true);
    case PL_PROMPT_FILTER:
        if (!pl->ilen) {
            pl->filter_on = false;
            match_clear(&pl->filter);
            ui_status(ui, false, "Filter off");
            return UI_REDRAW;
        }
        if (!match_set(&pl->filter, ui, pl->input))
            return UI_REDRAW;
        pl->filter_on = true;
        pl->fn = 0;
        pl->fscan = 0;
        pl->follow = true;
        return UI_REDRAW;
    case PL_PROMPT_TAIL: {
        char *end = NULL;
        long v = strtol(pl->input, &end, 10);
        if (strcmp(pl->input, "all") == 0)
            v = -1;
        else if (end == pl->input || *end || v < 0) {
            ui_status(ui, true, "Tail: give a number of lines or 'all'");
            return UI_REDRAW;
        }
        pl->opt.tail = v;
        pl_start(pl, ui);
        return UI_REDRAW;
    }
    case PL_PROMPT_SINCE: {
        struct berth_error err;
        berth_error_clear(&err);
        char since[sizeof pl->opt.since];
        if (logstream_parse_since(pl->input, (int64_t)time(NULL), since, sizeof since, &err) < 0) {
            ui_status(ui, true, "Since: %s", err.message);
            return UI_REDRAW;
        }
        snprintf(pl->opt.since, sizeof pl->opt.since, "%s", since);
        snprintf(pl->since_text, sizeof pl->since_text, "%s", pl->input);
        pl_start(pl, ui);
        return UI_REDRAW;
    }
    case PL_PROMPT_SAVE:
        if (!pl->ilen)
            return UI_REDRAW;
        if (pl->save_full && pl->ls) {
            logstream_save_full(pl->ls, 0, pl->input, pl->timestamps);
            ui_status(ui, false, "Saving the full log to %s...", pl->input);
        } else {
            pl_save_buffer(pl, ui, pl->input);
        }
        return UI_REDRAW;
    case PL_PROMPT_NONE:
        break;
    }
    return UI_REDRAW;
}

static unsigned prompt_key(struct pl *pl, struct ui *ui, int key)
{
    if (key == '\n')
        return prompt_enter(pl, ui);
    if (key == PL_KEY_ESC) {
        pl->prompt = PL_PROMPT_NONE;
        return UI_REDRAW;
    }
    if (key == PL_KEY_TAB && pl->prompt == PL_PROMPT_SAVE) {
        pl->save_full = pl->n == 1 && !pl->save_full;
        if (pl->n != 1)
            ui_status(ui, true, "The full log can be saved for one container at a time");
        return UI_REDRAW;
    }
    if (key == KEY_BACKSPACE) {
        while (pl->ilen > 0) {
            unsigned char c = (unsigned char)pl->input[--pl->ilen];
            if ((c & 0xc0) != 0x80)
                break;
        }
        pl->input[pl->ilen] = '\0';
        return UI_REDRAW;
    }
    if (key == PL_KEY_CTRL_U) {
        pl->ilen = 0;
        pl->input[0] = '\0';
        return UI_REDRAW;
    }
    unsigned cp;
    if (!keymap_key_char(key, &cp))
        return UI_HANDLED; /* the prompt owns the keys while it is open */
    char buf[4];
    size_t n = sanitize_utf8_encode(cp, buf);
    if (pl->ilen + n < sizeof pl->input) {
        memcpy(pl->input + pl->ilen, buf, n);
        pl->ilen += n;
        pl->input[pl->ilen] = '\0';
    }
    return UI_REDRAW;
}

static const char *prompt_label(const struct pl *pl)
{
    switch (pl->prompt) {
    case PL_PROMPT_SEARCH:
        return "/";
    case PL_PROMPT_SEARCH_BACK:
        return "?";
    case PL_PROMPT_FILTER:
        return "Show only lines matching: ";
    case PL_PROMPT_TAIL:
        return "Tail (lines or all): ";
    case PL_PROMPT_SINCE:
        return "Since (10m, 2h, RFC 3339; empty: all): ";
    case PL_PROMPT_SAVE:
        return pl->save_full ? "Save full log (Tab: buffer) to: "
                             : "Save buffer (Tab: full log) to: ";
    case PL_PROMPT_NONE:
        break;
    }
    return "";
}

/* --- panel hooks ------------------------------------------------------------- */

static unsigned pl_key(void *self, struct ui *ui, int key)
{
    struct pl *pl = self;
    if (pl->prompt != PL_PROMPT_NONE)
        return prompt_key(pl, ui, key);
    return UI_IGNORED;
}

static unsigned pl_action(void *self, struct ui *ui, enum action_id id)
{
    struct pl *pl = self;
    int page = pl->rows > 1 ? pl->rows - 1 : 1;
    switch (id) {
    case ACTION_BACK:
        return UI_CLOSE | UI_REDRAW;
    case ACTION_SELECT_UP:
        return pl_scroll(pl, -1);
    case ACTION_SELECT_DOWN:
        return pl_scroll(pl, 1);
    case ACTION_PAGE_UP:
        return pl_scroll(pl, -page);
    case ACTION_PAGE_DOWN:
        return pl_scroll(pl, page);
    case ACTION_HOME:
        pl_pause_at(pl, 0);
        return UI_REDRAW;
    case ACTION_END:
        pl->follow = true;
        return UI_REDRAW;
    case ACTION_FOLLOW:
        pl->follow = true;
        return UI_REDRAW;
    case ACTION_WRAP:
        pl->wrap = !pl->wrap;
        ui_status(ui, false, "%s", pl->wrap ? "Long lines wrapped" : "Long lines cut");
        return UI_REDRAW;
    case ACTION_TIMESTAMPS:
        pl->timestamps = !pl->timestamps;
        return UI_REDRAW;
    case ACTION_SEARCH:
        prompt_open_kind(pl, PL_PROMPT_SEARCH);
        return UI_REDRAW;
    case ACTION_SEARCH_BACK:
        prompt_open_kind(pl, PL_PROMPT_SEARCH_BACK);
        return UI_REDRAW;
    case ACTION_SEARCH_NEXT:
        return pl_search_step(pl, ui, false, false);
    case ACTION_SEARCH_PREV:
        return pl_search_step(pl, ui, true, false);
    case ACTION_LOG_FILTER:
        prompt_open_kind(pl, PL_PROMPT_FILTER);
        snprintf(pl->input, sizeof pl->input, "%s", pl->filter_on ? pl->filter.text : "");
        pl->ilen = strlen(pl->input);
        return UI_REDRAW;
    case ACTION_LOG_CASE:
        pl->search.icase = pl->filter.icase = !pl->search.icase;
        match_recompile(&pl->search, ui);
        match_recompile(&pl->filter, ui);
        pl->fn = 0;
        pl->fscan = 0;
        ui_status(ui, false, "%s", pl->search.icase ? "Case ignored" : "Case matters");
        return UI_REDRAW;
    case ACTION_LOG_REGEX:
        pl->search.regex = pl->filter.regex = !pl->search.regex;
        match_recompile(&pl->search, ui);
        match_recompile(&pl->filter, ui);
        pl->fn = 0;
        pl->fscan = 0;
        ui_status(ui, false, "%s",
                  pl->search.regex ? "Patterns are regular expressions"
                                   : "Patterns are plain text");
        return UI_REDRAW;
    case ACTION_LOG_TAIL:
        prompt_open_kind(pl, PL_PROMPT_TAIL);
        return UI_REDRAW;
    case ACTION_LOG_SINCE:
        prompt_open_kind(pl, PL_PROMPT_SINCE);
        return UI_REDRAW;
    case ACTION_LOG_SAVE:
        prompt_open_kind(pl, PL_PROMPT_SAVE);
        return UI_REDRAW;
    case ACTION_LOG_LAYOUT:
        pl->full = !pl->full;
        return UI_RELAYOUT | UI_REDRAW;
    default:
        return UI_IGNORED;
    }
}

static unsigned pl_mouse(void *self, struct ui *ui, const struct ui_mouse *m)
{
    (void)ui;
    struct pl *pl = self;
    if (m->kind == UI_MOUSE_WHEEL_UP)
        return pl_scroll(pl, -3);
    if (m->kind == UI_MOUSE_WHEEL_DOWN)
        return pl_scroll(pl, 3);
    return UI_HANDLED;
}

static void pl_draw(void *self, struct ui *ui, const struct ui_rect *area)
{
    (void)ui;
    struct pl *pl = self;
    struct ui_rect r = *area;
    if (!pl->full && r.h >= 10) {
        int table = r.h * 2 / 5;
        r.y += table;
        r.h -= table;
    }
    draw_clear(&r, theme_attr(THEME_DEFAULT));
    if (r.h < 3 || r.w < 10)
        return;
    filter_sync(pl);

    /* Title line: what, and how the stream is doing. */
    char status[2 * BERTH_ERROR_MESSAGE_MAX] = "connecting";
    bool error = false;
    if (pl->ls)
        logstream_status(pl->ls, status, sizeof status, &error);
    draw_fill(r.y, r.x, r.w, theme_attr(THEME_DIALOG_TITLE));
    struct strbuf t;
    strbuf_init(&t);
    strbuf_appendf(&t, " Logs: ");
    sanitize_append(&t, pl->title, strlen(pl->title));
    strbuf_appendf(&t, "  [%s]", pl->follow ? "follow" : "paused");
    if (pl->opt.tail >= 0)
        strbuf_appendf(&t, "  tail %ld", pl->opt.tail);
    if (pl->since_text[0]) {
        strbuf_puts(&t, "  since ");
        sanitize_append(&t, pl->since_text, strlen(pl->since_text));
    }
    if (pl->filter_on) {
        strbuf_puts(&t, "  filter ");
        sanitize_append(&t, pl->filter.text, strlen(pl->filter.text));
        strbuf_appendf(&t, " (%zu)", pl->fn);
    }
    strbuf_appendf(&t, "  %zu lines", list_count(pl));
    int used = draw_text(r.y, r.x, r.w, t.data, theme_attr(THEME_DIALOG_TITLE));
    strbuf_reset(&t);
    strbuf_puts(&t, "  ");
    sanitize_append(&t, status, strlen(status));
    draw_text(r.y, r.x + used, r.w - used, t.data,
              error ? theme_attr(THEME_STATUS_ERROR) : theme_attr(THEME_DIALOG_TITLE));
    strbuf_done(&t);

    int top_y = r.y + 1;
    int rows = r.h - 1 - (pl->prompt != PL_PROMPT_NONE ? 1 : 0);
    pl->rows = rows;
    size_t count = list_count(pl);
    struct pl_cells c;
    memset(&c, 0, sizeof c);
    strbuf_init(&c.text);

    if (pl->follow) {
        /* Fill from the bottom up, so the newest line is on the last row. */
        int y = top_y + rows;
        for (size_t k = count; k > 0 && y > top_y; k--) {
            struct logbuf_line l;
            if (!logbuf_copy(pl->lb, list_at(pl, k - 1), &l))
                continue;
            render_line(pl, &l, &c);
            free(l.text);
            int need = cells_rows(&c, r.w, pl->wrap);
            int skip = 0;
            if (y - need < top_y) {
                skip = need - (y - top_y);
                need = y - top_y;
            }
            y -= need;
            cells_draw(&c, y, r.x, r.w, skip, need, pl->wrap);
        }
    } else {
        int y = top_y;
        for (size_t k = list_pos(pl, pl->top); k < count && y < top_y + rows; k++) {
            struct logbuf_line l;
            if (!logbuf_copy(pl->lb, list_at(pl, k), &l))
                continue;
            render_line(pl, &l, &c);
            free(l.text);
            y += cells_draw(&c, y, r.x, r.w, 0, top_y + rows - y, pl->wrap);
        }
    }
    strbuf_done(&c.text);
    free(c.attr);

    if (pl->prompt != PL_PROMPT_NONE) {
        int y = r.y + r.h - 1;
        draw_fill(y, r.x, r.w, theme_attr(THEME_DEFAULT));
        int x = r.x + draw_text(y, r.x, r.w, prompt_label(pl), theme_attr(THEME_FILTER_PROMPT));
        const char *shown = pl->input;
        int room = r.x + r.w - x - 1;
        while (*shown && draw_width(shown) > room) {
            shown++;
            while ((*shown & 0xc0) == 0x80)
                shown++;
        }
        x += draw_text(y, x, room, shown, theme_attr(THEME_DEFAULT));
        ui->cursor_on = true;
        ui->cursor_y = y;
        ui->cursor_x = x;
    }
}

static int pl_wake_fd(void *self)
{
    struct pl *pl = self;
    return pl->ls ? logstream_wakeup_fd(pl->ls) : -1;
}

static unsigned pl_wake(void *self, struct ui *ui)
{
    struct pl *pl = self;
    if (!pl->ls)
        return UI_HANDLED;
    logstream_drain(pl->ls);
    char msg[512];
    bool error = false;
    if (logstream_save_result(pl->ls, msg, sizeof msg, &error))
        ui_status(ui, error, "%s", msg);
    return UI_REDRAW;
}

static void pl_destroy(void *self)
{
    struct pl *pl = self;
    pl_stop(pl);
    logbuf_free(pl->lb);
    for (size_t i = 0; i < pl->n; i++)
        free(pl->names[i]);
    free(pl->names);
    free(pl->srcs);
    free(pl->title);
    free(pl->fidx);
    match_clear(&pl->search);
    match_clear(&pl->filter);
    if (pl->ixon_cleared) {
        tcsetattr(STDIN_FILENO, TCSANOW, &pl->saved_tio);
        def_prog_mode();
    }
    free(pl);
}

const struct panel_ops panel_logs_ops = {
    .name = "logs",
    .context = ACTION_CTX_LOG,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .key = pl_key,
    .action = pl_action,
    .mouse = pl_mouse,
    .draw = pl_draw,
    .destroy = pl_destroy,
    .wake_fd = pl_wake_fd,
    .wake = pl_wake,
};

/* C-s is the save key: the terminal must not take it for flow control. */
static void pl_no_flow_control(struct pl *pl)
{
    struct termios tio;
    if (tcgetattr(STDIN_FILENO, &tio) != 0 || !(tio.c_iflag & IXON))
        return;
    pl->saved_tio = tio;
    tio.c_iflag &= ~(tcflag_t)IXON;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &tio) == 0) {
        pl->ixon_cleared = true;
        def_prog_mode();
    }
}

void panel_logs_open(struct ui *ui, const char (*ids)[65], size_t n, const char *project)
{
    struct pl *pl = xcalloc(1, sizeof *pl);
    size_t cap = project ? (ui->snap ? ui->snap->ncontainers : 0) : n;
    pl->srcs = xcalloc(cap ? cap : 1, sizeof *pl->srcs);
    pl->names = xcalloc(cap ? cap : 1, sizeof *pl->names);
    for (size_t i = 0; i < cap; i++) {
        const struct snapshot_container *sc = NULL;
        if (project) {
            sc = &ui->snap->containers[i];
            if (!sc->c.project || strcmp(sc->c.project, project) != 0)
                continue;
        } else if (ui->snap) {
            sc = snapshot_find(ui->snap, ids[i]);
        }
        struct logstream_source *s = &pl->srcs[pl->n];
        snprintf(s->id, sizeof s->id, "%s", sc ? sc->c.id : ids[i]);
        const char *name = sc ? (project && sc->c.service ? sc->c.service : sc->c.name) : NULL;
        if (project && sc && sc->c.container_number && strcmp(sc->c.container_number, "1") != 0)
            pl->names[pl->n] = xasprintf("%s-%s", name, sc->c.container_number);
        else
            pl->names[pl->n] = xstrdup(name ? name : s->id);
        s->name = pl->names[pl->n];
        pl->n++;
    }
    if (pl->n == 0) {
        ui_status(ui, true, "No container to show the logs of");
        pl_destroy(pl);
        return;
    }
    if (project)
        pl->title = xasprintf("project %s (%zu containers)", project, pl->n);
    else if (pl->n == 1)
        pl->title = xstrdup(pl->names[0]);
    else
        pl->title = xasprintf("%zu containers", pl->n);
    pl->scrollback = ui->conf.scrollback ? ui->conf.scrollback : LOGBUF_DEFAULT_LINES;
    pl->lb = logbuf_new(pl->scrollback, 0);
    pl->opt.tail = ui->conf.log_tail ? (long)ui->conf.log_tail : LOGSTREAM_DEFAULT_TAIL;
    pl->follow = true;
    pl->full = true;
    pl_no_flow_control(pl);
    pl_start(pl, ui);
    ui_push(ui, &panel_logs_ops, pl);
}
