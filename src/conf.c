/* The configuration file: a forgiving line parser shared by the compiled-in
 * defaults and the user's file, a registry of settings, and an atomic
 * writer. See conf.h for the format.
 *
 * Invariants: a command either applies completely or not at all (values are
 * parsed and validated before anything in struct conf changes), and after
 * conf_load_defaults() every setting has a value. */
#include "config.h"

#include "conf.h"
#include "xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A generous bound: a config file is a few hundred lines. */
#define CONF_MAX_FILE_SIZE (1024 * 1024)
#define CONF_MAX_TOKENS 8
#define CONF_NAME_MAX 64

enum conf_type {
    CONF_TYPE_BOOL,    /* yes/no, on/off, true/false, 1/0 */
    CONF_TYPE_UINT,    /* decimal, within [min, max] */
    CONF_TYPE_SECONDS, /* seconds with up to three decimals, stored in ms */
    CONF_TYPE_THEME,   /* a theme name */
    CONF_TYPE_COLUMN,  /* one column name */
    CONF_TYPE_COLUMNS, /* comma-separated column names */
    CONF_TYPE_SHELL,   /* "auto" or an absolute path in the container */
};

struct conf_setting {
    const char *name;
    enum conf_type type;
    size_t offset; /* of the field in struct conf */
    unsigned min;  /* inclusive bounds for numbers (ms for seconds) */
    unsigned max;
    const char *help; /* one line, for the help screen and the writer */
};

/* The one list of settings, indexed by enum conf_setting_id. */
static const struct conf_setting settings[CONF_SETTING_COUNT] = {
    [CONF_INTERVAL] = {"interval", CONF_TYPE_SECONDS, offsetof(struct conf, interval_ms), 100,
                       3600000, "seconds between refreshes (0.1 to 3600)"},
    [CONF_THEME] = {"theme", CONF_TYPE_THEME, offsetof(struct conf, theme), 0, 0,
                    "colour theme name"},
    [CONF_SORT] = {"sort", CONF_TYPE_COLUMN, offsetof(struct conf, sort), 0, 0,
                   "column the container table is sorted by"},
    [CONF_SORT_REVERSE] = {"sort_reverse", CONF_TYPE_BOOL, offsetof(struct conf, sort_reverse), 0,
                           0, "reverse the sort column's natural order"},
    [CONF_COLUMNS] = {"columns", CONF_TYPE_COLUMNS, offsetof(struct conf, columns), 0, 0,
                      "visible columns of the container table, in order"},
    [CONF_READ_ONLY] = {"read_only", CONF_TYPE_BOOL, offsetof(struct conf, read_only), 0, 0,
                        "refuse every action that changes the engine"},
    [CONF_SHOW_STOPPED] = {"show_stopped", CONF_TYPE_BOOL, offsetof(struct conf, show_stopped), 0,
                           0, "list stopped containers too"},
    [CONF_HISTORY] = {"history", CONF_TYPE_UINT, offsetof(struct conf, history), 10, 100000,
                      "graph samples kept per series"},
    [CONF_MOUSE] = {"mouse", CONF_TYPE_BOOL, offsetof(struct conf, mouse), 0, 0,
                    "enable the mouse"},
    [CONF_STOP_TIMEOUT] = {"stop_timeout", CONF_TYPE_UINT, offsetof(struct conf, stop_timeout), 0,
                           3600, "seconds a stop waits before the engine kills"},
    [CONF_LOG_TAIL] = {"log_tail", CONF_TYPE_UINT, offsetof(struct conf, log_tail), 0, 1000000,
                       "log lines fetched when a log pane opens"},
    [CONF_SCROLLBACK] = {"scrollback", CONF_TYPE_UINT, offsetof(struct conf, scrollback), 100,
                         10000000, "log lines kept per pane"},
    [CONF_SHELL] = {"shell", CONF_TYPE_SHELL, offsetof(struct conf, shell), 0, 0,
                    "shell the exec key runs: auto (bash, else sh) or a path"},
};

/* src/berth.conf, one string per line (generated at build time). */
static const char *const builtin_lines[] = {
#include "src/default_config.inc"
    NULL,
};

/* A parsed setting value, held until it has passed every check. */
struct conf_value {
    bool b;
    unsigned u;
    char *s;
    char **list;
    size_t nlist;
};

/* ---- diagnostics ------------------------------------------------------ */

void conf_diags_init(struct conf_diags *d)
{
    d->lines = NULL;
    d->count = 0;
    d->cap = 0;
}

void conf_diags_done(struct conf_diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        free(d->lines[i]);
    free(d->lines);
    conf_diags_init(d);
}

void conf_diags_add(struct conf_diags *d, const char *fmt, ...)
{
    if (!d)
        return;
    if (d->count == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->lines = xrealloc(d->lines, d->cap * sizeof *d->lines);
    }
    struct strbuf sb;
    strbuf_init(&sb);
    va_list ap;
    va_start(ap, fmt);
    char tmp[512];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof tmp) {
        strbuf_puts(&sb, tmp);
    } else if (n >= 0) {
        char *big = xmalloc((size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        strbuf_puts(&sb, big);
        free(big);
    }
    d->lines[d->count++] = strbuf_detach(&sb);
}

/* ---- small helpers ---------------------------------------------------- */

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

static void value_done(struct conf_value *val)
{
    free(val->s);
    free_list(val->list, val->nlist);
}

/* Names of themes and columns: letters, digits, '_', '-', '.', not leading
 * '.', so a theme name can never climb out of its folder. */
static bool name_syntax_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= CONF_NAME_MAX || s[0] == '.')
        return false;
    for (const char *p = s; *p; p++) {
        char ch = *p;
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.';
        if (!ok)
            return false;
    }
    return true;
}

static int parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"yes", "on", "true", "1"};
    static const char *const no[] = {"no", "off", "false", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *out = true;
            return 0;
        }
        if (strcasecmp(s, no[i]) == 0) {
            *out = false;
            return 0;
        }
    }
    return -1;
}

/* Decimal digits only: no sign, no spaces, no overflow. */
static int parse_uint(const char *s, unsigned *out)
{
    if (!*s)
        return -1;
    unsigned long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (unsigned long)(*p - '0');
        if (v > UINT_MAX)
            return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* "2", "0.5", "1.25" seconds to milliseconds, by hand so that the user's
 * LC_NUMERIC cannot turn the decimal point into a syntax error. */
static int parse_seconds_ms(const char *s, unsigned *out)
{
    unsigned long ms = 0;
    const char *p = s;
    if (*p < '0' || *p > '9')
        return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        ms = ms * 10 + (unsigned long)(*p - '0');
        if (ms > UINT_MAX / 1000)
            return -1;
    }
    ms *= 1000;
    if (*p == '.') {
        p++;
        unsigned long scale = 100;
        if (*p < '0' || *p > '9')
            return -1;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (scale == 0)
                return -1; /* finer than a millisecond */
            ms += scale * (unsigned long)(*p - '0');
            scale /= 10;
        }
    }
    if (*p)
        return -1;
    *out = (unsigned)ms;
    return 0;
}

static void format_seconds(unsigned ms, struct strbuf *out)
{
    strbuf_appendf(out, "%u", ms / 1000);
    unsigned frac = ms % 1000;
    if (frac) {
        char digits[4];
        snprintf(digits, sizeof digits, "%03u", frac);
        for (int i = 2; i > 0 && digits[i] == '0'; i--)
            digits[i] = '\0';
        strbuf_appendf(out, ".%s", digits);
    }
}

static int check_column(const struct conf_validators *v, const char *name, struct berth_error *err)
{
    if (!name_syntax_ok(name))
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "bad column name '%s'", name);
    if (v && v->column)
        return v->column(v->ctx, name, err);
    return 0;
}

/* Split "a, b,c" into trimmed items; empty items and duplicates are errors. */
static int parse_columns(const char *s, const struct conf_validators *v, struct conf_value *val,
                         struct berth_error *err)
{
    const char *p = s;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        const char *start = p;
        while (*p && *p != ',')
            p++;
        const char *end = p;
        while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if (end == start)
            return berth_error_set(err, BERTH_ERR_USAGE, 0, "empty column name in '%s'", s);
        char *item = xstrndup(start, (size_t)(end - start));
        for (size_t i = 0; i < val->nlist; i++) {
            if (strcmp(val->list[i], item) == 0) {
                berth_error_set(err, BERTH_ERR_USAGE, 0, "column '%s' listed twice", item);
                free(item);
                return -1;
            }
        }
        if (check_column(v, item, err) < 0) {
            free(item);
            return -1;
        }
        val->list = xrealloc(val->list, (val->nlist + 1) * sizeof *val->list);
        val->list[val->nlist++] = item;
        if (!*p)
            break;
        p++; /* the comma */
    }
    return 0;
}

static int find_setting(const char *name)
{
    for (int i = 0; i < CONF_SETTING_COUNT; i++) {
        if (strcmp(settings[i].name, name) == 0)
            return i;
    }
    return -1;
}

/* An absolute path of plain characters: it becomes the exec's argv[0]. */
static bool shell_path_ok(const char *p)
{
    if (p[0] != '/' || p[1] == '\0' || strlen(p) > 255)
        return false;
    for (; *p; p++) {
        if (!isalnum((unsigned char)*p) && !strchr("/._-+", *p))
            return false;
    }
    return true;
}

/* Parse and check a value for setting `id` without touching the conf. */
static int parse_value(enum conf_setting_id id, const char *value, const struct conf_validators *v,
                       struct conf_value *val, struct berth_error *err)
{
    const struct conf_setting *s = &settings[id];
    switch (s->type) {
    case CONF_TYPE_BOOL:
        if (parse_bool(value, &val->b) < 0)
            return berth_error_set(err, BERTH_ERR_USAGE, 0, "%s wants yes or no, not '%s'", s->name,
                                   value);
        return 0;
    case CONF_TYPE_UINT:
        if (parse_uint(value, &val->u) < 0 || val->u < s->min || val->u > s->max)
            return berth_error_set(err, BERTH_ERR_USAGE, 0,
                                   "%s wants a whole number from %u to %u, not '%s'", s->name,
                                   s->min, s->max, value);
        return 0;
    case CONF_TYPE_SECONDS:
        if (parse_seconds_ms(value, &val->u) < 0 || val->u < s->min || val->u > s->max)
            return berth_error_set(err, BERTH_ERR_USAGE, 0,
                                   "%s wants seconds from %u.%u to %u, not '%s'", s->name,
                                   s->min / 1000, s->min % 1000 / 100, s->max / 1000, value);
        return 0;
    case CONF_TYPE_THEME:
        if (!name_syntax_ok(value))
            return berth_error_set(err, BERTH_ERR_USAGE, 0, "bad theme name '%s'", value);
        if (v && v->theme && v->theme(v->ctx, value, err) < 0)
            return -1;
        val->s = xstrdup(value);
        return 0;
    case CONF_TYPE_COLUMN:
        if (check_column(v, value, err) < 0)
            return -1;
        val->s = xstrdup(value);
        return 0;
    case CONF_TYPE_COLUMNS:
        return parse_columns(value, v, val, err);
    case CONF_TYPE_SHELL:
        if (strcmp(value, "auto") != 0 && !shell_path_ok(value))
            return berth_error_set(err, BERTH_ERR_USAGE, 0,
                                   "%s wants auto or an absolute path like /bin/ash, not '%s'",
                                   s->name, value);
        val->s = xstrdup(value);
        return 0;
    }
    return berth_error_set(err, BERTH_ERR_USAGE, 0, "internal: bad setting type");
}

/* Move a checked value into the conf; val is emptied. */
static void commit_value(struct conf *c, enum conf_setting_id id, struct conf_value *val)
{
    const struct conf_setting *s = &settings[id];
    char *field = (char *)c + s->offset;
    switch (s->type) {
    case CONF_TYPE_BOOL:
        *(bool *)(void *)field = val->b;
        break;
    case CONF_TYPE_UINT:
    case CONF_TYPE_SECONDS:
        *(unsigned *)(void *)field = val->u;
        break;
    case CONF_TYPE_THEME:
    case CONF_TYPE_COLUMN:
    case CONF_TYPE_SHELL: {
        char **slot = (char **)(void *)field;
        free(*slot);
        *slot = val->s;
        val->s = NULL;
        break;
    }
    case CONF_TYPE_COLUMNS:
        free_list(c->columns, c->ncolumns);
        c->columns = val->list;
        c->ncolumns = val->nlist;
        val->list = NULL;
        val->nlist = 0;
        break;
    }
    c->set_mask |= 1u << id;
}

/* ---- tokenizer -------------------------------------------------------- */

/* Split a line into at most CONF_MAX_TOKENS words. Words may be quoted with
 * '...' or "..." (no escapes) so that keys like '#' can be written; an
 * unquoted word starting with # begins a comment. Returns the count or -1. */
static int tokenize(const char *line, char **tok, struct berth_error *err)
{
    int n = 0;
    const char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#')
            break;
        if (n == CONF_MAX_TOKENS) {
            berth_error_set(err, BERTH_ERR_USAGE, 0, "too many words");
            goto fail;
        }
        const char *start;
        size_t len;
        if (*p == '"' || *p == '\'') {
            char q = *p++;
            start = p;
            while (*p && *p != q)
                p++;
            if (!*p) {
                berth_error_set(err, BERTH_ERR_USAGE, 0, "unterminated quote");
                goto fail;
            }
            len = (size_t)(p - start);
            p++;
            if (*p && *p != ' ' && *p != '\t') {
                berth_error_set(err, BERTH_ERR_USAGE, 0, "text right after a closing quote");
                goto fail;
            }
        } else {
            start = p;
            while (*p && *p != ' ' && *p != '\t')
                p++;
            len = (size_t)(p - start);
        }
        tok[n++] = xstrndup(start, len);
    }
    return n;
fail:
    for (int i = 0; i < n; i++)
        free(tok[i]);
    return -1;
}

/* ---- commands --------------------------------------------------------- */

static void add_binding(struct conf *c, const char *context, const char *key, const char *action,
                        const char *file, unsigned line, bool builtin)
{
    if (c->nbindings == c->bindings_cap) {
        c->bindings_cap = c->bindings_cap ? c->bindings_cap * 2 : 16;
        c->bindings = xrealloc(c->bindings, c->bindings_cap * sizeof *c->bindings);
    }
    struct conf_binding *b = &c->bindings[c->nbindings++];
    b->context = context ? xstrdup(context) : NULL;
    b->key = xstrdup(key);
    b->action = action ? xstrdup(action) : NULL;
    b->file = xstrdup(file);
    b->line = line;
    b->builtin = builtin;
}

static int cmd_set(struct conf *c, char **tok, int n, const struct conf_validators *v,
                   struct berth_error *err)
{
    if (n < 3)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "usage: set NAME VALUE");
    int id = find_setting(tok[1]);
    if (id < 0)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "unknown setting '%s'", tok[1]);
    if (settings[id].type != CONF_TYPE_COLUMNS && n > 3)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "%s takes one value", tok[1]);
    /* A column list may be written with spaces after the commas. */
    struct strbuf value;
    strbuf_init(&value);
    for (int i = 2; i < n; i++) {
        if (i > 2)
            strbuf_putc(&value, ' ');
        strbuf_puts(&value, tok[i]);
    }
    int rc = conf_set(c, tok[1], value.data, v, err);
    strbuf_done(&value);
    return rc;
}

static int cmd_bind(struct conf *c, char **tok, int n, bool unbind, const char *file, unsigned line,
                    bool builtin, const struct conf_validators *v, struct berth_error *err)
{
    /* bind [CONTEXT] KEY ACTION / unbind [CONTEXT] KEY */
    int want = unbind ? 2 : 3;
    if (n != want && n != want + 1)
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               unbind ? "usage: unbind [CONTEXT] KEY"
                                      : "usage: bind [CONTEXT] KEY ACTION");
    const char *context = n == want + 1 ? tok[1] : NULL;
    const char *key = tok[n == want + 1 ? 2 : 1];
    const char *action = unbind ? NULL : tok[n - 1];
    if (!*key)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "empty key name");
    if (v && v->bind && v->bind(v->ctx, context, key, action, err) < 0)
        return -1;
    add_binding(c, context, key, action, file, line, builtin);
    return 0;
}

static int execute(struct conf *c, const char *line, const char *file, unsigned lineno,
                   bool builtin, const struct conf_validators *v, struct berth_error *err)
{
    char *tok[CONF_MAX_TOKENS];
    int n = tokenize(line, tok, err);
    if (n < 0)
        return -1;
    int rc = 0;
    if (n == 0)
        rc = 0;
    else if (strcmp(tok[0], "set") == 0)
        rc = cmd_set(c, tok, n, v, err);
    else if (strcmp(tok[0], "bind") == 0)
        rc = cmd_bind(c, tok, n, false, file, lineno, builtin, v, err);
    else if (strcmp(tok[0], "unbind") == 0)
        rc = cmd_bind(c, tok, n, true, file, lineno, builtin, v, err);
    else
        rc = berth_error_set(err, BERTH_ERR_USAGE, 0, "unknown command '%s'", tok[0]);
    for (int i = 0; i < n; i++)
        free(tok[i]);
    return rc;
}

/* Parse len bytes of text line by line; one diagnostic per bad line. */
static int parse_buffer(struct conf *c, const char *name, const char *text, size_t len,
                        bool builtin, const struct conf_validators *v, struct conf_diags *d)
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
        if (n > 0 && start[n - 1] == '\r')
            n--;
        if (memchr(start, '\0', n)) {
            conf_diags_add(d, "%s:%u: line contains a NUL byte", name, lineno);
            bad++;
            continue;
        }
        strbuf_reset(&line);
        strbuf_append(&line, start, n);
        struct berth_error err;
        berth_error_clear(&err);
        if (execute(c, line.data, name, lineno, builtin, v, &err) < 0) {
            conf_diags_add(d, "%s:%u: %s", name, lineno, err.message);
            bad++;
        }
    }
    strbuf_done(&line);
    return bad;
}

/* mkdir -p for the folder part of path (not the last component). */
static int make_parent_dirs(const char *path, struct berth_error *err)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) {
        free(dir);
        return 0;
    }
    *slash = '\0';
    for (char *p = dir + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
            berth_error_set(err, BERTH_ERR_IO, 0, "cannot create folder %s: %s", dir,
                            strerror(errno));
            free(dir);
            return -1;
        }
        *p = saved;
        if (!saved)
            break;
    }
    free(dir);
    return 0;
}

static void write_token(struct strbuf *out, const char *s)
{
    bool plain = *s && *s != '#' && *s != '"' && *s != '\'' && !strpbrk(s, " \t");
    if (plain)
        strbuf_puts(out, s);
    else if (strchr(s, '"'))
        strbuf_appendf(out, "'%s'", s);
    else
        strbuf_appendf(out, "\"%s\"", s);
}

/* fsync the folder holding path so the rename itself is durable. */
static void sync_parent_dir(const char *path)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        dir[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        strcpy(dir, ".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        /* Best effort: some filesystems refuse fsync on folders. */
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

/* ---- public ----------------------------------------------------------- */

void conf_init(struct conf *c)
{
    memset(c, 0, sizeof *c);
}

void conf_done(struct conf *c)
{
    free(c->theme);
    free(c->sort);
    free(c->shell);
    free_list(c->columns, c->ncolumns);
    for (size_t i = 0; i < c->nbindings; i++) {
        free(c->bindings[i].context);
        free(c->bindings[i].key);
        free(c->bindings[i].action);
        free(c->bindings[i].file);
    }
    free(c->bindings);
    memset(c, 0, sizeof *c);
}

const char *const *conf_builtin_lines(void)
{
    return builtin_lines;
}

int conf_load_defaults(struct conf *c, const struct conf_validators *v, struct conf_diags *d)
{
    struct strbuf text;
    strbuf_init(&text);
    for (const char *const *l = builtin_lines; *l; l++) {
        strbuf_puts(&text, *l);
        strbuf_putc(&text, '\n');
    }
    int bad = parse_buffer(c, CONF_BUILTIN_NAME, text.data, text.len, true, v, d);
    strbuf_done(&text);
    return bad;
}

int conf_parse_string(struct conf *c, const char *name, const char *text,
                      const struct conf_validators *v, struct conf_diags *d)
{
    return parse_buffer(c, name, text, strlen(text), false, v, d);
}

int conf_load_file(struct conf *c, const char *path, bool must_exist,
                   const struct conf_validators *v, struct conf_diags *d, struct berth_error *err)
{
    FILE *f = fopen(path, "re");
    if (!f) {
        if (errno == ENOENT && !must_exist)
            return 0;
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot read %s: %s", path, strerror(errno));
    }
    struct strbuf text;
    strbuf_init(&text);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        strbuf_append(&text, buf, n);
        if (text.len > CONF_MAX_FILE_SIZE)
            break;
    }
    bool failed = ferror(f) != 0;
    int saved_errno = errno;
    fclose(f);
    if (failed) {
        strbuf_done(&text);
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot read %s: %s", path,
                               strerror(saved_errno));
    }
    if (text.len > CONF_MAX_FILE_SIZE) {
        strbuf_done(&text);
        return berth_error_set(err, BERTH_ERR_IO, 0, "%s is larger than %d bytes", path,
                               CONF_MAX_FILE_SIZE);
    }
    int bad = parse_buffer(c, path, text.data, text.len, false, v, d);
    strbuf_done(&text);
    return bad;
}

int conf_execute(struct conf *c, const char *line, const struct conf_validators *v,
                 struct berth_error *err)
{
    return execute(c, line, "command", 0, false, v, err);
}

int conf_set(struct conf *c, const char *name, const char *value, const struct conf_validators *v,
             struct berth_error *err)
{
    int id = find_setting(name);
    if (id < 0)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "unknown setting '%s'", name);
    struct conf_value val;
    memset(&val, 0, sizeof val);
    if (parse_value((enum conf_setting_id)id, value, v, &val, err) < 0) {
        value_done(&val);
        return -1;
    }
    commit_value(c, (enum conf_setting_id)id, &val);
    value_done(&val);
    return 0;
}

void conf_format_value(const struct conf *c, enum conf_setting_id id, struct strbuf *out)
{
    const struct conf_setting *s = &settings[id];
    const char *field = (const char *)c + s->offset;
    switch (s->type) {
    case CONF_TYPE_BOOL:
        strbuf_puts(out, *(const bool *)(const void *)field ? "yes" : "no");
        break;
    case CONF_TYPE_UINT:
        strbuf_appendf(out, "%u", *(const unsigned *)(const void *)field);
        break;
    case CONF_TYPE_SECONDS:
        format_seconds(*(const unsigned *)(const void *)field, out);
        break;
    case CONF_TYPE_THEME:
    case CONF_TYPE_COLUMN:
    case CONF_TYPE_SHELL: {
        const char *str = *(char *const *)(const void *)field;
        strbuf_puts(out, str ? str : "");
        break;
    }
    case CONF_TYPE_COLUMNS:
        for (size_t i = 0; i < c->ncolumns; i++) {
            if (i)
                strbuf_putc(out, ',');
            strbuf_puts(out, c->columns[i]);
        }
        break;
    }
}

const char *conf_setting_name(enum conf_setting_id id)
{
    return (unsigned)id < CONF_SETTING_COUNT ? settings[id].name : NULL;
}

const char *conf_setting_help(enum conf_setting_id id)
{
    return (unsigned)id < CONF_SETTING_COUNT ? settings[id].help : NULL;
}

int conf_write(const struct conf *c, const char *path, struct berth_error *err)
{
    struct strbuf out;
    strbuf_init(&out);
    strbuf_puts(&out, "# berth configuration, written by berth.\n"
                      "# Same format as the built-in defaults (see berth(1)).\n\n");
    for (int id = 0; id < CONF_SETTING_COUNT; id++) {
        if (!(c->set_mask & (1u << id)))
            continue;
        strbuf_appendf(&out, "# %s\nset %s ", settings[id].help, settings[id].name);
        conf_format_value(c, (enum conf_setting_id)id, &out);
        strbuf_putc(&out, '\n');
    }
    bool first = true;
    for (size_t i = 0; i < c->nbindings; i++) {
        const struct conf_binding *b = &c->bindings[i];
        if (b->builtin)
            continue;
        if (first)
            strbuf_puts(&out, "\n# key bindings\n");
        first = false;
        strbuf_puts(&out, b->action ? "bind " : "unbind ");
        if (b->context) {
            write_token(&out, b->context);
            strbuf_putc(&out, ' ');
        }
        write_token(&out, b->key);
        if (b->action) {
            strbuf_putc(&out, ' ');
            write_token(&out, b->action);
        }
        strbuf_putc(&out, '\n');
    }

    if (make_parent_dirs(path, err) < 0) {
        strbuf_done(&out);
        return -1;
    }
    char *tmp = xasprintf("%s.XXXXXX", path);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        berth_error_set(err, BERTH_ERR_IO, 0, "cannot create a file next to %s: %s", path,
                        strerror(errno));
        free(tmp);
        strbuf_done(&out);
        return -1;
    }
    /* Keep the mode of the file being replaced; a new one stays 0600. */
    struct stat st;
    if (stat(path, &st) == 0)
        (void)fchmod(fd, st.st_mode & 07777);
    const char *what = NULL;
    size_t done = 0;
    while (done < out.len) {
        ssize_t w = write(fd, out.data + done, out.len - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            what = "write";
            break;
        }
        done += (size_t)w;
    }
    if (!what && fsync(fd) < 0)
        what = "fsync";
    int saved_errno = errno;
    if (close(fd) < 0 && !what) {
        what = "close";
        saved_errno = errno;
    }
    if (!what && rename(tmp, path) < 0) {
        what = "rename";
        saved_errno = errno;
    }
    strbuf_done(&out);
    if (what) {
        unlink(tmp);
        berth_error_set(err, BERTH_ERR_IO, 0, "cannot save %s (%s): %s", path, what,
                        strerror(saved_errno));
        free(tmp);
        return -1;
    }
    free(tmp);
    sync_parent_dir(path);
    return 0;
}

char *conf_user_dir(void)
{
    /* The XDG spec says relative values are to be ignored. */
    const char *xdg = getenv("XDG_CONFIG_HOME");
    if (xdg && xdg[0] == '/')
        return xasprintf("%s/berth", xdg);
    const char *home = getenv("HOME");
    if (home && home[0] == '/')
        return xasprintf("%s/.config/berth", home);
    return NULL;
}

char *conf_default_path(void)
{
    char *dir = conf_user_dir();
    if (!dir)
        return NULL;
    char *path = xasprintf("%s/config", dir);
    free(dir);
    return path;
}
