/* Themes as data: parsing, loading and colour mapping, without curses.
 *
 * A theme file maps semantic elements to colours, one per line:
 *
 *     # comment
 *     selection     = black cyan bold
 *     state_running = green default
 *     graph_cpu_end = #ff5f5f default
 *
 * `element = fg bg [attrs...]`; a trailing comment is a lone `#` after
 * the values (a `#` glued to hex digits is a colour). Colours: default, black, red, green,
 * yellow, blue, magenta, cyan, white, bright_black .. bright_white (also
 * brightred, gray/grey), 0..255, or #rrggbb / #rgb. Attributes: bold, dim,
 * underline, reverse, italic, blink, standout, normal. In the `default`
 * element, `default` is the terminal's own colour; in every other element it
 * is the colour of the `default` element, so a theme that paints its own
 * background stays consistent.
 *
 * Parsing is forgiving: a bad line becomes one "path:line: message"
 * diagnostic and is skipped. A theme starts as a copy of the built-in
 * default (themes/default.theme, compiled in), so an element a file leaves
 * out still has a sensible style; `defined` records what the file itself
 * set, which the tests use to hold the shipped themes complete.
 *
 * theme.h applies a theme to curses; everything here is testable without
 * a terminal. */
#ifndef BERTH_UI_THEME_DATA_H
#define BERTH_UI_THEME_DATA_H

#include <stdbool.h>
#include <stdint.h>

#include "conf.h"
#include "error.h"

enum theme_element {
    THEME_DEFAULT,
    THEME_HEADER,
    THEME_HEADER_LABEL,
    THEME_METER_BAR,
    THEME_METER_TEXT,
    THEME_TABLE_HEADER,
    THEME_TABLE_HEADER_SORTED,
    THEME_SELECTION,
    THEME_SELECTION_UNFOCUSED,
    THEME_MARK,
    THEME_STATE_RUNNING,
    THEME_STATE_PAUSED,
    THEME_STATE_RESTARTING,
    THEME_STATE_EXITED_OK,
    THEME_STATE_EXITED_ERROR,
    THEME_STATE_DEAD,
    THEME_STATE_CREATED,
    THEME_HEALTH_HEALTHY,
    THEME_HEALTH_UNHEALTHY,
    THEME_HEALTH_STARTING,
    THEME_PROJECT_ROW,
    THEME_FOOTER_KEY,
    THEME_FOOTER_TEXT,
    THEME_STATUS_OK,
    THEME_STATUS_ERROR,
    THEME_BANNER_ERROR,
    THEME_STALE,
    THEME_DIALOG,
    THEME_DIALOG_TITLE,
    THEME_DIALOG_BUTTON,
    THEME_DIALOG_BUTTON_FOCUSED,
    THEME_LOG_STDERR,
    THEME_LOG_TIMESTAMP,
    THEME_SEARCH_MATCH,
    THEME_FILTER_PROMPT,
    /* the compose editor: YAML highlighting, gutter, finding marks */
    THEME_EDITOR_KEY,
    THEME_EDITOR_STRING,
    THEME_EDITOR_COMMENT,
    THEME_EDITOR_ANCHOR,
    THEME_EDITOR_NUMBER,
    THEME_EDITOR_DOCUMENT,
    THEME_EDITOR_GUTTER,
    THEME_EDITOR_ERROR,
    THEME_EDITOR_WARNING,
    /* Gradients: start, mid, end are consecutive (see theme_gradient). */
    THEME_GRAPH_CPU_START,
    THEME_GRAPH_CPU_MID,
    THEME_GRAPH_CPU_END,
    THEME_GRAPH_MEM_START,
    THEME_GRAPH_MEM_MID,
    THEME_GRAPH_MEM_END,
    THEME_GRAPH_NET_START,
    THEME_GRAPH_NET_MID,
    THEME_GRAPH_NET_END,
    THEME_GRAPH_IO_START,
    THEME_GRAPH_IO_MID,
    THEME_GRAPH_IO_END,
    /* vulnerability scan findings by severity */
    THEME_VULN_CRITICAL,
    THEME_VULN_HIGH,
    THEME_VULN_MEDIUM,
    THEME_VULN_LOW,
    THEME_ELEMENT_COUNT
};

/* Graph series with a gradient. */
enum theme_graph {
    THEME_GRAPH_CPU,
    THEME_GRAPH_MEM,
    THEME_GRAPH_NET,
    THEME_GRAPH_IO,
};

enum theme_attr_bit {
    THEME_ATTR_BOLD = 1u << 0,
    THEME_ATTR_DIM = 1u << 1,
    THEME_ATTR_UNDERLINE = 1u << 2,
    THEME_ATTR_REVERSE = 1u << 3,
    THEME_ATTR_ITALIC = 1u << 4,
    THEME_ATTR_BLINK = 1u << 5,
    THEME_ATTR_STANDOUT = 1u << 6,
};

enum theme_color_kind {
    THEME_COLOR_DEFAULT, /* see the header comment */
    THEME_COLOR_INDEX,   /* palette index 0..255 */
    THEME_COLOR_RGB,     /* #rrggbb */
};

struct theme_color {
    enum theme_color_kind kind;
    int index;    /* THEME_COLOR_INDEX: 0..255; RGB: nearest of 256 */
    uint32_t rgb; /* THEME_COLOR_RGB: 0xrrggbb; INDEX: the usual palette value */
};

struct theme_style {
    struct theme_color fg;
    struct theme_color bg;
    unsigned attrs; /* enum theme_attr_bit */
};

#define THEME_NAME_MAX 64

struct theme {
    char name[THEME_NAME_MAX];
    struct theme_style styles[THEME_ELEMENT_COUNT];
    bool defined[THEME_ELEMENT_COUNT]; /* set by the file, not inherited */
};

/* The element's file name ("state_running"), or NULL when out of range. */
const char *theme_element_name(enum theme_element e);

/* The element called name, or -1. */
int theme_element_find(const char *name);

/* start + level (0..2, clamped) of graph g's gradient. */
enum theme_element theme_gradient(enum theme_graph g, unsigned level);

/* Parse one colour word. 0, or -1 with err set. */
int theme_color_parse(const char *word, struct theme_color *out, struct berth_error *err);

/* The usual RGB value of palette index 0..255 (ANSI 16, 6x6x6 cube, greys). */
uint32_t theme_index_rgb(int index);

/* Nearest palette index to rgb among the first ncolors (8, 16 or 256):
 * the 6x6x6 cube and grey ramp for 256, the ANSI colours below that. */
int theme_nearest(uint32_t rgb, int ncolors);

/* The built-in default theme (themes/default.theme, compiled in). */
void theme_init_builtin(struct theme *t);

/* The built-in monochrome theme: the attributes used when the terminal has
 * no colour or NO_COLOR is set. */
void theme_init_monochrome(struct theme *t);

/* Parse text as the theme file `file` on top of what t holds. Returns the
 * number of bad lines, each reported to d. */
int theme_parse_string(struct theme *t, const char *file, const char *text, struct conf_diags *d);

/* Load a theme file into t (built-in default first). Returns the number of
 * bad lines, or -1 with err set when the file cannot be read. */
int theme_load_file(struct theme *t, const char *path, struct conf_diags *d,
                    struct berth_error *err);

/* True for names a theme may have: [A-Za-z0-9_.-], not leading '.'. */
bool theme_name_valid(const char *name);

/* The file of theme `name` on the search path, as a heap string, or NULL:
 * $XDG_CONFIG_HOME/berth/themes (or ~/.config/berth/themes), then
 * $BERTH_THEMEDIR_OVERRIDE when set (tests point it at the source tree),
 * else the installed BERTH_THEMEDIR. */
char *theme_find(const char *name);

/* Load theme `name`: its file on the search path, else the built-in copy
 * for "default" and "monochrome". Returns bad-line count, or -1 with err
 * set (unknown theme, unreadable file); on -1 t holds the built-in default. */
int theme_load(struct theme *t, const char *name, struct conf_diags *d, struct berth_error *err);

/* Whether theme `name` exists (a file on the search path, or built in);
 * fits struct conf_validators.theme. */
int theme_conf_check(void *ctx, const char *name, struct berth_error *err);

/* Names of every theme on the search path plus the built-in ones, sorted,
 * without duplicates; a NULL-terminated heap array of heap strings. */
char **theme_list(void);
void theme_list_free(char **names);

/* A style reduced to what a terminal with ncolors colours can show:
 * fg/bg are palette numbers (-1: terminal default, allowed only when
 * default_ok), or 0xrrggbb values for a direct-colour terminal (ncolors
 * >= 1 << 24, where palette numbers below 8 keep their ANSI meaning). */
struct theme_resolved {
    int fg;
    int bg;
    unsigned attrs;
};

/* Resolve every element for a terminal: `default` colours inherited, RGB
 * mapped to the nearest available colour, indices beyond ncolors mapped
 * down. mono (no colour, or NO_COLOR): fg = bg = -1 and the attributes of
 * the built-in monochrome theme. */
void theme_resolve(const struct theme *t, int ncolors, bool default_ok, bool mono,
                   struct theme_resolved out[THEME_ELEMENT_COUNT]);

/* NO_COLOR convention (no-color.org): set and not empty. */
bool theme_no_color_requested(void);

#endif
