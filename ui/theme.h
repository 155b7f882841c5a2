/* The active theme on the terminal: colour pairs and attributes.
 *
 * Panels never name a colour: they ask theme_attr(THEME_SELECTION) and
 * draw with what it returns. theme_apply() turns a parsed theme (see
 * theme_data.h) into curses colour pairs, one per distinct fg/bg, and
 * falls back to attributes only (bold, reverse, underline from the
 * built-in monochrome theme) when the terminal has no colour or NO_COLOR
 * is set, so every element stays distinguishable.
 *
 * UI thread only: the state is one static table. */
#ifndef BERTH_UI_THEME_H
#define BERTH_UI_THEME_H

#include <curses.h>
#include <stdbool.h>

#include "theme_data.h"

/* Apply t to the screen (after initscr()); calls start_color() and
 * use_default_colors() when there is colour to use. May be called again to
 * switch themes; the caller redraws. */
void theme_apply(const struct theme *t);

/* The attributes to draw element e with: COLOR_PAIR() | A_* bits. Before
 * theme_apply() it returns A_NORMAL. */
attr_t theme_attr(enum theme_element e);

/* The colour pair of e (0: terminal default or none), for the wide-char
 * calls that take a pair number apart from the attributes. */
int theme_pair(enum theme_element e);

/* The attributes of e without the colour pair. */
attr_t theme_attr_bits(enum theme_element e);

/* True when the last theme_apply() fell back to attributes only. */
bool theme_is_mono(void);

/* curses attributes for a set of THEME_ATTR_* bits. */
attr_t theme_curses_attrs(unsigned bits);

#endif
