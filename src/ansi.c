/* SGR parsing for log lines (see ansi.h). What is dangerous is decided in
 * one place, sanitize.c: this file only recognises SGR and leaves
 * everything else to sanitize_append. */
#include "config.h"

#include "ansi.h"

#include <stdbool.h>

#include "sanitize.h"

/* Longer parameter lists are not SGR anyone writes; keep them escaped. */
#define ANSI_SGR_MAX 64
#define ANSI_MAX_PARAMS 16

void ansi_style_reset(struct ansi_style *st)
{
    st->fg = ANSI_DEFAULT_COLOUR;
    st->bg = ANSI_DEFAULT_COLOUR;
    st->attrs = 0;
}

size_t ansi_sgr_length(const char *in, size_t len)
{
    if (len < 3 || in[0] != '\x1b' || in[1] != '[')
        return 0;
    for (size_t i = 2; i < len && i < ANSI_SGR_MAX; i++) {
        char c = in[i];
        if (c == 'm')
            return i + 1;
        if (!((c >= '0' && c <= '9') || c == ';' || c == ':'))
            return 0;
    }
    return 0;
}

/* Nearest xterm-256 cube colour for a 24-bit one. */
static int rgb_to_256(int r, int g, int b)
{
    int q[3] = {r, g, b};
    for (int i = 0; i < 3; i++)
        q[i] = q[i] < 48 ? 0 : q[i] < 115 ? 1 : (q[i] - 35) / 40;
    return 16 + 36 * q[0] + 6 * q[1] + q[2];
}

/* 38;5;N or 38;2;R;G;B starting at p[i] (the 38/48): the colour, and how
 * many parameters it used. */
static int extended_colour(const int *p, int n, int i, int *used)
{
    *used = 1;
    if (i + 1 >= n)
        return ANSI_DEFAULT_COLOUR;
    if (p[i + 1] == 5 && i + 2 < n) {
        *used = 3;
        return p[i + 2] >= 0 && p[i + 2] <= 255 ? p[i + 2] : ANSI_DEFAULT_COLOUR;
    }
    if (p[i + 1] == 2 && i + 4 < n) {
        *used = 5;
        return rgb_to_256(p[i + 2] & 255, p[i + 3] & 255, p[i + 4] & 255);
    }
    *used = 2;
    return ANSI_DEFAULT_COLOUR;
}

static void apply_sgr(struct ansi_style *st, const char *seq, size_t len)
{
    int p[ANSI_MAX_PARAMS];
    int n = 0, v = 0;
    bool any = false;
    for (size_t i = 2; i < len; i++) {
        char c = seq[i];
        if (c >= '0' && c <= '9') {
            if (v < 100000)
                v = v * 10 + (c - '0');
            any = true;
            continue;
        }
        if (n < ANSI_MAX_PARAMS)
            p[n++] = any ? v : 0;
        v = 0;
        any = false;
    }
    for (int i = 0; i < n; i++) {
        int x = p[i], used = 1;
        if (x == 0)
            ansi_style_reset(st);
        else if (x == 1)
            st->attrs |= ANSI_BOLD;
        else if (x == 2)
            st->attrs |= ANSI_DIM;
        else if (x == 3)
            st->attrs |= ANSI_ITALIC;
        else if (x == 4)
            st->attrs |= ANSI_UNDERLINE;
        else if (x == 5 || x == 6)
            st->attrs |= ANSI_BLINK;
        else if (x == 7)
            st->attrs |= ANSI_REVERSE;
        else if (x == 22)
            st->attrs &= ~(unsigned)(ANSI_BOLD | ANSI_DIM);
        else if (x == 23)
            st->attrs &= ~(unsigned)ANSI_ITALIC;
        else if (x == 24)
            st->attrs &= ~(unsigned)ANSI_UNDERLINE;
        else if (x == 25)
            st->attrs &= ~(unsigned)ANSI_BLINK;
        else if (x == 27)
            st->attrs &= ~(unsigned)ANSI_REVERSE;
        else if (x >= 30 && x <= 37)
            st->fg = x - 30;
        else if (x == 38)
            st->fg = extended_colour(p, n, i, &used);
        else if (x == 39)
            st->fg = ANSI_DEFAULT_COLOUR;
        else if (x >= 40 && x <= 47)
            st->bg = x - 40;
        else if (x == 48)
            st->bg = extended_colour(p, n, i, &used);
        else if (x == 49)
            st->bg = ANSI_DEFAULT_COLOUR;
        else if (x >= 90 && x <= 97)
            st->fg = x - 90 + 8;
        else if (x >= 100 && x <= 107)
            st->bg = x - 100 + 8;
        i += used - 1;
    }
}

void ansi_render(const char *in, size_t len, struct ansi_style *st,
                 void (*emit)(void *user, const char *text, size_t len,
                              const struct ansi_style *st),
                 void *user)
{
    struct strbuf run;
    strbuf_init(&run);
    size_t start = 0, i = 0;
    while (i < len) {
        size_t n = in[i] == '\x1b' ? ansi_sgr_length(in + i, len - i) : 0;
        if (n == 0) {
            i++;
            continue;
        }
        if (i > start) {
            strbuf_reset(&run);
            sanitize_append(&run, in + start, i - start);
            emit(user, run.data, run.len, st);
        }
        apply_sgr(st, in + i, n);
        i += n;
        start = i;
    }
    if (len > start) {
        strbuf_reset(&run);
        sanitize_append(&run, in + start, len - start);
        emit(user, run.data, run.len, st);
    }
    strbuf_done(&run);
}

static void plain_emit(void *user, const char *text, size_t len, const struct ansi_style *st)
{
    (void)st;
    strbuf_append(user, text, len);
}

void ansi_plain(struct strbuf *out, const char *in, size_t len)
{
    struct ansi_style st;
    ansi_style_reset(&st);
    ansi_render(in, len, &st, plain_emit, out);
}
