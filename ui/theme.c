/* The active theme on the terminal (see theme.h).
 *
 * Colour pairs are shared between elements with the same fg/bg, and an
 * element with the terminal's default colours uses pair 0, so even a
 * 64-pair terminal holds a whole theme. If pairs still run out, the
 * remaining elements keep their attributes and lose their colour.
 *
 * #rrggbb colours are used as they are on direct-colour terminals and
 * mapped to the nearest palette entry elsewhere. Palette entries are never
 * redefined (init_color): the change would outlive berth on many terminals
 * and would repaint any other text using those entries. */
#include "config.h"

#include "theme.h"

#include <string.h>

/* COLOR_PAIR() has 8 bits in an attr_t. */
#define THEME_MAX_PAIRS 256

static struct {
    attr_t attrs[THEME_ELEMENT_COUNT]; /* A_* bits per element */
    int pairs[THEME_ELEMENT_COUNT];    /* colour pair per element, 0: none */
    bool mono;
} active;

attr_t theme_curses_attrs(unsigned bits)
{
    attr_t a = A_NORMAL;
    if (bits & THEME_ATTR_BOLD)
        a |= A_BOLD;
    if (bits & THEME_ATTR_DIM)
        a |= A_DIM;
    if (bits & THEME_ATTR_UNDERLINE)
        a |= A_UNDERLINE;
    if (bits & THEME_ATTR_REVERSE)
        a |= A_REVERSE;
    if (bits & THEME_ATTR_ITALIC)
        a |= A_ITALIC;
    if (bits & THEME_ATTR_BLINK)
        a |= A_BLINK;
    if (bits & THEME_ATTR_STANDOUT)
        a |= A_STANDOUT;
    return a;
}

static int make_pair(int n, int fg, int bg)
{
#if defined(NCURSES_EXT_COLORS)
    return init_extended_pair(n, fg, bg);
#else
    return init_pair((short)n, (short)fg, (short)bg);
#endif
}

void theme_apply(const struct theme *t)
{
    struct theme_resolved r[THEME_ELEMENT_COUNT];
    bool mono = !has_colors() || theme_no_color_requested();
    bool default_ok = false;
    if (!mono) {
        start_color();
        default_ok = use_default_colors() == OK;
        mono = COLORS < 8;
    }
    theme_resolve(t, mono ? 0 : COLORS, default_ok, mono, r);

    memset(&active, 0, sizeof active);
    active.mono = mono;
    int limit = mono ? 0 : COLOR_PAIRS < THEME_MAX_PAIRS ? COLOR_PAIRS : THEME_MAX_PAIRS;
    int next = 1;
    for (int e = 0; e < THEME_ELEMENT_COUNT; e++) {
        active.attrs[e] = theme_curses_attrs(r[e].attrs);
        if (mono || (r[e].fg < 0 && r[e].bg < 0))
            continue;
        int pair = 0;
        for (int prev = 0; prev < e && !pair; prev++) {
            if (active.pairs[prev] && r[prev].fg == r[e].fg && r[prev].bg == r[e].bg)
                pair = active.pairs[prev];
        }
        if (!pair && next < limit && make_pair(next, r[e].fg, r[e].bg) == OK)
            pair = next++;
        active.pairs[e] = pair;
    }
}

attr_t theme_attr(enum theme_element e)
{
    if ((unsigned)e >= THEME_ELEMENT_COUNT)
        return A_NORMAL;
    return active.attrs[e] | (active.pairs[e] ? (attr_t)COLOR_PAIR(active.pairs[e]) : 0);
}

int theme_pair(enum theme_element e)
{
    return (unsigned)e < THEME_ELEMENT_COUNT ? active.pairs[e] : 0;
}

attr_t theme_attr_bits(enum theme_element e)
{
    return (unsigned)e < THEME_ELEMENT_COUNT ? active.attrs[e] : A_NORMAL;
}

bool theme_is_mono(void)
{
    return active.mono;
}
