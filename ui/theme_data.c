/* Themes as data (see theme_data.h): the element list, the line parser,
 * the search path and the colour arithmetic. No curses here; theme.c turns
 * the resolved styles into colour pairs. */
#include "config.h"

#include "theme_data.h"
#include "strbuf.h"
#include "xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#ifndef BERTH_THEMEDIR
#define BERTH_THEMEDIR "/usr/local/share/berth/themes"
#endif

#define THEME_SUFFIX ".theme"
#define THEME_MAX_FILE_SIZE (256 * 1024)
#define THEME_MAX_WORDS 16

/* File names of the elements, indexed by enum theme_element. */
static const char *const element_names[THEME_ELEMENT_COUNT] = {
    [THEME_DEFAULT] = "default",
    [THEME_HEADER] = "header",
    [THEME_HEADER_LABEL] = "header_label",
    [THEME_METER_BAR] = "meter_bar",
    [THEME_METER_TEXT] = "meter_text",
    [THEME_TABLE_HEADER] = "table_header",
    [THEME_TABLE_HEADER_SORTED] = "table_header_sorted",
    [THEME_SELECTION] = "selection",
    [THEME_SELECTION_UNFOCUSED] = "selection_unfocused",
    [THEME_MARK] = "mark",
    [THEME_STATE_RUNNING] = "state_running",
    [THEME_STATE_PAUSED] = "state_paused",
    [THEME_STATE_RESTARTING] = "state_restarting",
    [THEME_STATE_EXITED_OK] = "state_exited_ok",
    [THEME_STATE_EXITED_ERROR] = "state_exited_error",
    [THEME_STATE_DEAD] = "state_dead",
    [THEME_STATE_CREATED] = "state_created",
    [THEME_HEALTH_HEALTHY] = "health_healthy",
    [THEME_HEALTH_UNHEALTHY] = "health_unhealthy",
    [THEME_HEALTH_STARTING] = "health_starting",
    [THEME_PROJECT_ROW] = "project_row",
    [THEME_FOOTER_KEY] = "footer_key",
    [THEME_FOOTER_TEXT] = "footer_text",
    [THEME_STATUS_OK] = "status_ok",
    [THEME_STATUS_ERROR] = "status_error",
    [THEME_BANNER_ERROR] = "banner_error",
    [THEME_STALE] = "stale",
    [THEME_DIALOG] = "dialog",
    [THEME_DIALOG_TITLE] = "dialog_title",
    [THEME_DIALOG_BUTTON] = "dialog_button",
    [THEME_DIALOG_BUTTON_FOCUSED] = "dialog_button_focused",
    [THEME_LOG_STDERR] = "log_stderr",
    [THEME_LOG_TIMESTAMP] = "log_timestamp",
    [THEME_SEARCH_MATCH] = "search_match",
    [THEME_FILTER_PROMPT] = "filter_prompt",
    [THEME_EDITOR_KEY] = "editor_key",
    [THEME_EDITOR_STRING] = "editor_string",
    [THEME_EDITOR_COMMENT] = "editor_comment",
    [THEME_EDITOR_ANCHOR] = "editor_anchor",
    [THEME_EDITOR_NUMBER] = "editor_number",
    [THEME_EDITOR_DOCUMENT] = "editor_document",
    [THEME_EDITOR_GUTTER] = "editor_gutter",
    [THEME_EDITOR_ERROR] = "editor_error",
    [THEME_EDITOR_WARNING] = "editor_warning",
    [THEME_GRAPH_CPU_START] = "graph_cpu_start",
    [THEME_GRAPH_CPU_MID] = "graph_cpu_mid",
    [THEME_GRAPH_CPU_END] = "graph_cpu_end",
    [THEME_GRAPH_MEM_START] = "graph_mem_start",
    [THEME_GRAPH_MEM_MID] = "graph_mem_mid",
    [THEME_GRAPH_MEM_END] = "graph_mem_end",
    [THEME_GRAPH_NET_START] = "graph_net_start",
    [THEME_GRAPH_NET_MID] = "graph_net_mid",
    [THEME_GRAPH_NET_END] = "graph_net_end",
    [THEME_GRAPH_IO_START] = "graph_io_start",
    [THEME_GRAPH_IO_MID] = "graph_io_mid",
    [THEME_GRAPH_IO_END] = "graph_io_end",
    [THEME_VULN_CRITICAL] = "vuln_critical",
    [THEME_VULN_HIGH] = "vuln_high",
    [THEME_VULN_MEDIUM] = "vuln_medium",
    [THEME_VULN_LOW] = "vuln_low",
};

static const struct {
    const char *name;
    unsigned bit;
} attr_names[] = {
    {"bold", THEME_ATTR_BOLD},
    {"dim", THEME_ATTR_DIM},
    {"underline", THEME_ATTR_UNDERLINE},
    {"reverse", THEME_ATTR_REVERSE},
    {"italic", THEME_ATTR_ITALIC},
    {"blink", THEME_ATTR_BLINK},
    {"standout", THEME_ATTR_STANDOUT},
    {"normal", 0},
    {"none", 0},
};

/* Colour names after folding case and dropping '_' and '-'. */
static const struct {
    const char *name;
    int index;
} color_names[] = {
    {"black", 0},        {"red", 1},           {"green", 2},       {"yellow", 3},
    {"blue", 4},         {"magenta", 5},       {"cyan", 6},        {"white", 7},
    {"brightblack", 8},  {"gray", 8},          {"grey", 8},        {"brightred", 9},
    {"brightgreen", 10}, {"brightyellow", 11}, {"brightblue", 12}, {"brightmagenta", 13},
    {"brightcyan", 14},  {"brightwhite", 15},
};

/* The common default RGB values of the 16 ANSI colours. */
static const uint32_t ansi_rgb[16] = {
    0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
    0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};

static const int cube_levels[6] = {0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff};

/* themes/default.theme and themes/monochrome.theme (generated). */
static const char *const builtin_default_lines[] = {
#include "ui/theme_default.inc"
    NULL,
};
static const char *const builtin_mono_lines[] = {
#include "ui/theme_monochrome.inc"
    NULL,
};

/* ---- colours ---------------------------------------------------------- */

uint32_t theme_index_rgb(int index)
{
    if (index < 0)
        return 0;
    if (index < 16)
        return ansi_rgb[index];
    if (index < 232) {
        int i = index - 16;
        return (uint32_t)cube_levels[i / 36] << 16 | (uint32_t)cube_levels[i / 6 % 6] << 8 |
               (uint32_t)cube_levels[i % 6];
    }
    if (index < 256) {
        uint32_t g = (uint32_t)(8 + 10 * (index - 232));
        return g << 16 | g << 8 | g;
    }
    return 0;
}

static long distance(uint32_t a, uint32_t b)
{
    long dr = (long)(a >> 16 & 0xff) - (long)(b >> 16 & 0xff);
    long dg = (long)(a >> 8 & 0xff) - (long)(b >> 8 & 0xff);
    long db = (long)(a & 0xff) - (long)(b & 0xff);
    return dr * dr + dg * dg + db * db;
}

/* Index 0..5 of the cube level nearest to v. */
static int cube_step(int v)
{
    int best = 0;
    for (int i = 1; i < 6; i++) {
        if (abs(cube_levels[i] - v) < abs(cube_levels[best] - v))
            best = i;
    }
    return best;
}

int theme_nearest(uint32_t rgb, int ncolors)
{
    int best = 0;
    if (ncolors >= 256) {
        /* The cube and the grey ramp only: 0..15 are often redefined by
         * the terminal's own scheme, so they cannot be trusted for RGB. */
        int r = (int)(rgb >> 16 & 0xff), g = (int)(rgb >> 8 & 0xff), b = (int)(rgb & 0xff);
        int cube = 16 + 36 * cube_step(r) + 6 * cube_step(g) + cube_step(b);
        int avg = (r + g + b) / 3;
        int grey = avg < 8 ? 232 : avg > 238 ? 255 : 232 + (avg - 8 + 5) / 10;
        if (grey > 255)
            grey = 255;
        return distance(rgb, theme_index_rgb(grey)) < distance(rgb, theme_index_rgb(cube)) ? grey
                                                                                           : cube;
    }
    int limit = ncolors >= 16 ? 16 : ncolors >= 8 ? 8 : ncolors > 0 ? ncolors : 1;
    for (int i = 1; i < limit; i++) {
        if (distance(rgb, ansi_rgb[i]) < distance(rgb, ansi_rgb[best]))
            best = i;
    }
    return best;
}

static int hex_digit(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

int theme_color_parse(const char *word, struct theme_color *out, struct berth_error *err)
{
    memset(out, 0, sizeof *out);
    if (strcasecmp(word, "default") == 0) {
        out->kind = THEME_COLOR_DEFAULT;
        out->index = -1;
        return 0;
    }
    size_t len = strlen(word);
    if (word[0] == '#' && (len == 7 || len == 4)) {
        uint32_t rgb = 0;
        for (size_t i = 1; i < len; i++) {
            int h = hex_digit(word[i]);
            if (h < 0)
                goto bad;
            /* #rgb doubles each digit: #f80 is #ff8800. */
            rgb = len == 4 ? rgb << 8 | (uint32_t)(h * 17) : rgb << 4 | (uint32_t)h;
        }
        out->kind = THEME_COLOR_RGB;
        out->rgb = rgb;
        out->index = theme_nearest(rgb, 256);
        return 0;
    }
    if (word[0] >= '0' && word[0] <= '9' && len <= 3) {
        int n = 0;
        for (const char *p = word; *p; p++) {
            if (*p < '0' || *p > '9')
                goto bad;
            n = n * 10 + (*p - '0');
        }
        if (n > 255)
            goto bad;
        out->kind = THEME_COLOR_INDEX;
        out->index = n;
        out->rgb = theme_index_rgb(n);
        return 0;
    }
    char folded[32];
    size_t n = 0;
    for (const char *p = word; *p && n + 1 < sizeof folded; p++) {
        if (*p != '_' && *p != '-')
            folded[n++] = *p;
    }
    folded[n] = '\0';
    for (size_t i = 0; len < 32 && i < sizeof color_names / sizeof color_names[0]; i++) {
        if (strcasecmp(folded, color_names[i].name) == 0) {
            out->kind = THEME_COLOR_INDEX;
            out->index = color_names[i].index;
            out->rgb = theme_index_rgb(out->index);
            return 0;
        }
    }
bad:
    return berth_error_set(err, BERTH_ERR_USAGE, 0, "bad colour '%s' (a name, 0-255 or #rrggbb)",
                           word);
}

/* ---- elements --------------------------------------------------------- */

const char *theme_element_name(enum theme_element e)
{
    return (unsigned)e < THEME_ELEMENT_COUNT ? element_names[e] : NULL;
}

int theme_element_find(const char *name)
{
    for (int i = 0; i < THEME_ELEMENT_COUNT; i++) {
        if (strcmp(element_names[i], name) == 0)
            return i;
    }
    return -1;
}

enum theme_element theme_gradient(enum theme_graph g, unsigned level)
{
    static const enum theme_element starts[] = {
        [THEME_GRAPH_CPU] = THEME_GRAPH_CPU_START,
        [THEME_GRAPH_MEM] = THEME_GRAPH_MEM_START,
        [THEME_GRAPH_NET] = THEME_GRAPH_NET_START,
        [THEME_GRAPH_IO] = THEME_GRAPH_IO_START,
    };
    if ((unsigned)g > THEME_GRAPH_IO)
        g = THEME_GRAPH_CPU;
    return (enum theme_element)(starts[g] + (level > 2 ? 2 : level));
}

/* ---- parsing ---------------------------------------------------------- */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        end--;
    *end = '\0';
    return s;
}

/* Parse one line into t; 0 for good, blank and comment lines. */
static int parse_line(struct theme *t, char *line, struct berth_error *err)
{
    char *s = trim(line);
    if (*s == '\0' || *s == '#')
        return 0;
    char *eq = strchr(s, '=');
    if (!eq)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "expected 'element = fg bg [attrs]'");
    *eq = '\0';
    char *name = trim(s);
    int e = theme_element_find(name);
    if (e < 0)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "unknown element '%s'", name);

    /* Words after '='; a lone '#' starts a trailing comment (a '#' glued
     * to hex digits is a colour). */
    char *words[THEME_MAX_WORDS];
    int n = 0;
    char *save = NULL;
    for (char *w = strtok_r(eq + 1, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
        if (strcmp(w, "#") == 0)
            break;
        if (n == THEME_MAX_WORDS)
            return berth_error_set(err, BERTH_ERR_USAGE, 0, "too many words for '%s'", name);
        words[n++] = w;
    }
    if (n < 2)
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "'%s' wants a foreground and a background colour", name);
    struct theme_style st;
    memset(&st, 0, sizeof st);
    if (theme_color_parse(words[0], &st.fg, err) < 0 ||
        theme_color_parse(words[1], &st.bg, err) < 0)
        return -1;
    for (int i = 2; i < n; i++) {
        size_t k = 0;
        size_t count = sizeof attr_names / sizeof attr_names[0];
        while (k < count && strcasecmp(words[i], attr_names[k].name) != 0)
            k++;
        if (k == count)
            return berth_error_set(err, BERTH_ERR_USAGE, 0, "unknown attribute '%s'", words[i]);
        st.attrs |= attr_names[k].bit;
    }
    t->styles[e] = st;
    t->defined[e] = true;
    return 0;
}

static int parse_buffer(struct theme *t, const char *file, const char *text, size_t len,
                        struct conf_diags *d)
{
    int bad = 0;
    unsigned lineno = 0;
    size_t pos = 0;
    struct strbuf line;
    strbuf_init(&line);
    while (pos < len) {
        const char *start = text + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - start) : len - pos;
        pos += n + (nl ? 1 : 0);
        lineno++;
        struct berth_error err;
        berth_error_clear(&err);
        if (memchr(start, '\0', n)) {
            berth_error_set(&err, BERTH_ERR_USAGE, 0, "line contains a NUL byte");
        } else {
            strbuf_reset(&line);
            strbuf_append(&line, start, n);
            if (parse_line(t, line.data, &err) == 0)
                continue;
        }
        conf_diags_add(d, "%s:%u: %s", file, lineno, err.message);
        bad++;
    }
    strbuf_done(&line);
    return bad;
}

static int parse_lines(struct theme *t, const char *file, const char *const *lines)
{
    struct strbuf text;
    strbuf_init(&text);
    for (const char *const *l = lines; *l; l++) {
        strbuf_puts(&text, *l);
        strbuf_putc(&text, '\n');
    }
    int bad = parse_buffer(t, file, text.data, text.len, NULL);
    strbuf_done(&text);
    return bad;
}

void theme_init_builtin(struct theme *t)
{
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "default");
    parse_lines(t, "default.theme (built-in)", builtin_default_lines);
}

void theme_init_monochrome(struct theme *t)
{
    theme_init_builtin(t);
    memset(t->defined, 0, sizeof t->defined);
    snprintf(t->name, sizeof t->name, "monochrome");
    parse_lines(t, "monochrome.theme (built-in)", builtin_mono_lines);
}

int theme_parse_string(struct theme *t, const char *file, const char *text, struct conf_diags *d)
{
    return parse_buffer(t, file, text, strlen(text), d);
}

int theme_load_file(struct theme *t, const char *path, struct conf_diags *d,
                    struct berth_error *err)
{
    theme_init_builtin(t);
    memset(t->defined, 0, sizeof t->defined);
    FILE *f = fopen(path, "re");
    if (!f)
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot read %s: %s", path, strerror(errno));
    struct strbuf text;
    strbuf_init(&text);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0 && text.len <= THEME_MAX_FILE_SIZE)
        strbuf_append(&text, buf, n);
    int failed = ferror(f) ? errno : 0;
    fclose(f);
    if (failed || text.len > THEME_MAX_FILE_SIZE) {
        strbuf_done(&text);
        theme_init_builtin(t);
        if (failed)
            return berth_error_set(err, BERTH_ERR_IO, 0, "cannot read %s: %s", path,
                                   strerror(failed));
        return berth_error_set(err, BERTH_ERR_IO, 0, "%s is larger than %d bytes", path,
                               THEME_MAX_FILE_SIZE);
    }
    /* The name is the file's base name without .theme. */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t blen = strlen(base);
    size_t slen = strlen(THEME_SUFFIX);
    if (blen > slen && strcmp(base + blen - slen, THEME_SUFFIX) == 0)
        blen -= slen;
    snprintf(t->name, sizeof t->name, "%.*s", (int)blen, base);
    int bad = parse_buffer(t, path, text.data, text.len, d);
    strbuf_done(&text);
    return bad;
}

/* ---- search path ------------------------------------------------------ */

bool theme_name_valid(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n >= THEME_NAME_MAX || name[0] == '.')
        return false;
    for (const char *p = name; *p; p++) {
        char ch = *p;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '-' || ch == '.'))
            return false;
    }
    return true;
}

/* The folders searched, in order; a NULL-terminated array of heap strings. */
static char **search_dirs(void)
{
    char **dirs = xcalloc(3, sizeof *dirs);
    size_t n = 0;
    char *user = conf_user_dir();
    if (user) {
        dirs[n++] = xasprintf("%s/themes", user);
        free(user);
    }
    const char *override = getenv("BERTH_THEMEDIR_OVERRIDE");
    dirs[n++] = xstrdup(override && *override ? override : BERTH_THEMEDIR);
    return dirs;
}

static void free_strings(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

char *theme_find(const char *name)
{
    if (!theme_name_valid(name))
        return NULL;
    char **dirs = search_dirs();
    char *found = NULL;
    for (size_t i = 0; dirs[i] && !found; i++) {
        char *path = xasprintf("%s/%s%s", dirs[i], name, THEME_SUFFIX);
        if (access(path, R_OK) == 0)
            found = path;
        else
            free(path);
    }
    free_strings(dirs);
    return found;
}

int theme_load(struct theme *t, const char *name, struct conf_diags *d, struct berth_error *err)
{
    if (!theme_name_valid(name)) {
        theme_init_builtin(t);
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "bad theme name '%s'", name);
    }
    char *path = theme_find(name);
    if (path) {
        int rc = theme_load_file(t, path, d, err);
        free(path);
        return rc;
    }
    if (strcmp(name, "default") == 0) {
        theme_init_builtin(t);
        return 0;
    }
    if (strcmp(name, "monochrome") == 0) {
        theme_init_monochrome(t);
        return 0;
    }
    theme_init_builtin(t);
    return berth_error_set(err, BERTH_ERR_USAGE, 0, "no theme called '%s'", name);
}

int theme_conf_check(void *ctx, const char *name, struct berth_error *err)
{
    (void)ctx;
    if (strcmp(name, "default") == 0 || strcmp(name, "monochrome") == 0)
        return 0;
    char *path = theme_find(name);
    if (!path)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "no theme called '%s'", name);
    free(path);
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **theme_list(void)
{
    size_t n = 0, cap = 8;
    char **names = xmalloc(cap * sizeof *names);
    names[n++] = xstrdup("default");
    names[n++] = xstrdup("monochrome");
    char **dirs = search_dirs();
    for (size_t i = 0; dirs[i]; i++) {
        DIR *dir = opendir(dirs[i]);
        if (!dir)
            continue;
        struct dirent *ent;
        while ((ent = readdir(dir)) != NULL) {
            size_t len = strlen(ent->d_name);
            size_t slen = strlen(THEME_SUFFIX);
            if (len <= slen || strcmp(ent->d_name + len - slen, THEME_SUFFIX) != 0)
                continue;
            char *name = xstrndup(ent->d_name, len - slen);
            if (!theme_name_valid(name)) {
                free(name);
                continue;
            }
            if (n + 1 >= cap) {
                cap *= 2;
                names = xrealloc(names, cap * sizeof *names);
            }
            names[n++] = name;
        }
        closedir(dir);
    }
    free_strings(dirs);
    qsort(names, n, sizeof *names, compare_names);
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (out > 0 && strcmp(names[out - 1], names[i]) == 0)
            free(names[i]);
        else
            names[out++] = names[i];
    }
    names = xrealloc(names, (out + 1) * sizeof *names);
    names[out] = NULL;
    return names;
}

void theme_list_free(char **names)
{
    free_strings(names);
}

/* ---- resolving for a terminal ----------------------------------------- */

bool theme_no_color_requested(void)
{
    const char *v = getenv("NO_COLOR");
    return v && *v;
}

/* A colour as a number the terminal understands; -1 for "default". */
static int map_color(const struct theme_color *c, int ncolors)
{
    bool direct = ncolors >= (1 << 24);
    switch (c->kind) {
    case THEME_COLOR_DEFAULT:
        return -1;
    case THEME_COLOR_INDEX:
        if (direct)
            return c->index < 8 ? c->index : (int)theme_index_rgb(c->index);
        if (c->index < ncolors)
            return c->index;
        return theme_nearest(theme_index_rgb(c->index), ncolors);
    case THEME_COLOR_RGB:
        if (direct)
            return (int)c->rgb;
        return theme_nearest(c->rgb, ncolors);
    }
    return -1;
}

void theme_resolve(const struct theme *t, int ncolors, bool default_ok, bool mono,
                   struct theme_resolved out[THEME_ELEMENT_COUNT])
{
    if (mono) {
        struct theme m;
        theme_init_monochrome(&m);
        for (int e = 0; e < THEME_ELEMENT_COUNT; e++)
            out[e] = (struct theme_resolved){-1, -1, m.styles[e].attrs};
        return;
    }
    /* The default element's colours stand in for "default" elsewhere. */
    int base_fg = map_color(&t->styles[THEME_DEFAULT].fg, ncolors);
    int base_bg = map_color(&t->styles[THEME_DEFAULT].bg, ncolors);
    if (!default_ok) {
        if (base_fg < 0)
            base_fg = 7;
        if (base_bg < 0)
            base_bg = 0;
    }
    for (int e = 0; e < THEME_ELEMENT_COUNT; e++) {
        const struct theme_style *st = &t->styles[e];
        int fg = map_color(&st->fg, ncolors);
        int bg = map_color(&st->bg, ncolors);
        out[e].fg = fg < 0 ? base_fg : fg;
        out[e].bg = bg < 0 ? base_bg : bg;
        out[e].attrs = st->attrs;
    }
}
