/* The configuration file: settings and key bindings.
 *
 * The format is line based, one command per line, # starts a comment:
 *
 *     set interval 2
 *     set columns name,id,image,cpu
 *     bind [CONTEXT] KEY ACTION
 *     unbind [CONTEXT] KEY
 *
 * The built-in defaults are src/berth.conf, compiled in and parsed by the
 * same code before the user's file, so every setting has a value after
 * conf_load_defaults(). Parsing is forgiving: a bad line becomes one
 * "path:line: message" diagnostic, is skipped, and the rest still applies.
 *
 * This module knows no column, action or key names; it asks the
 * registries that own them through struct conf_validators. It never prints.
 * (The module is "conf", not "config", so that its header cannot shadow the
 * build's config.h.) */
#ifndef BERTH_SRC_CONF_H
#define BERTH_SRC_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "strbuf.h"

/* Diagnostics collected while parsing: each a complete "path:line: message". */
struct conf_diags {
    char **lines; /* heap strings, count of them */
    size_t count;
    size_t cap;
};

void conf_diags_init(struct conf_diags *d);
void conf_diags_done(struct conf_diags *d);
void conf_diags_add(struct conf_diags *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Name checks supplied by the registries that own the names. Any hook may
 * be NULL, which accepts every name. On rejection a hook fills err with a
 * sentence (no path or line; the parser adds those). */
struct conf_validators {
    void *ctx; /* passed back to every hook */
    /* A table column name, for `set sort` and each item of `set columns`. */
    int (*column)(void *ctx, const char *name, struct berth_error *err);
    /* A theme name, for `set theme` (syntax is checked here already). */
    int (*theme)(void *ctx, const char *name, struct berth_error *err);
    /* A whole binding: context may be NULL (every context of the action),
     * action is NULL for unbind. */
    int (*bind)(void *ctx, const char *context, const char *key, const char *action,
                struct berth_error *err);
};

/* One bind or unbind command, kept in file order so they can be replayed. */
struct conf_binding {
    char *context; /* NULL: every context the action (or key) is in */
    char *key;     /* key name as written, e.g. "C-x", "F5", "#" */
    char *action;  /* action name; NULL means unbind */
    char *file;    /* where it came from, for late diagnostics */
    unsigned line;
    bool builtin; /* from the compiled-in defaults, not written back */
};

/* Setting identifiers, in the order the writer emits them. */
enum conf_setting_id {
    CONF_INTERVAL,
    CONF_THEME,
    CONF_SORT,
    CONF_SORT_REVERSE,
    CONF_COLUMNS,
    CONF_READ_ONLY,
    CONF_SHOW_STOPPED,
    CONF_HISTORY,
    CONF_MOUSE,
    CONF_STOP_TIMEOUT,
    CONF_LOG_TAIL,
    CONF_SCROLLBACK,
    CONF_SHELL,
    CONF_SETTING_COUNT
};

struct conf {
    unsigned interval_ms; /* refresh interval; `set interval 2` or 0.5 (seconds) */
    char *theme;          /* theme name */
    char *sort;           /* sort column name */
    bool sort_reverse;    /* reverse the column's natural order */
    char **columns;       /* visible columns, in order */
    size_t ncolumns;
    bool read_only;                /* refuse every mutating action */
    bool show_stopped;             /* list stopped containers too */
    unsigned history;              /* graph samples kept per series */
    bool mouse;                    /* enable mouse input */
    unsigned stop_timeout;         /* seconds before stop escalates to SIGKILL */
    unsigned log_tail;             /* log lines fetched when a log pane opens */
    unsigned scrollback;           /* log lines kept per pane */
    char *shell;                   /* exec shell: "auto" (bash, else sh) or an absolute path */
    struct conf_binding *bindings; /* bind/unbind commands in file order */
    size_t nbindings;
    size_t bindings_cap;
    unsigned set_mask; /* bit (1 << id) for every setting given a value */
};

/* Empty: no setting has a value yet. */
void conf_init(struct conf *c);
void conf_done(struct conf *c);

/* Parse the compiled-in defaults. Returns the number of bad lines (0 for
 * the shipped file; the tests hold it to that). */
int conf_load_defaults(struct conf *c, const struct conf_validators *v, struct conf_diags *d);

/* Parse text as if it were the file `name`. Returns the number of bad lines. */
int conf_parse_string(struct conf *c, const char *name, const char *text,
                      const struct conf_validators *v, struct conf_diags *d);

/* Parse the file at path. A missing file is fine (returns 0) unless
 * must_exist; an unreadable one sets err and returns -1. Otherwise returns
 * the number of bad lines. */
int conf_load_file(struct conf *c, const char *path, bool must_exist,
                   const struct conf_validators *v, struct conf_diags *d, struct berth_error *err);

/* Run one command line (as typed at the command prompt). 0, or -1 with err
 * set and nothing changed. Blank and comment lines are accepted. */
int conf_execute(struct conf *c, const char *line, const struct conf_validators *v,
                 struct berth_error *err);

/* `set name value` without the parsing. 0, or -1 with err set. */
int conf_set(struct conf *c, const char *name, const char *value, const struct conf_validators *v,
             struct berth_error *err);

/* Append the value of a setting as the file would spell it. */
void conf_format_value(const struct conf *c, enum conf_setting_id id, struct strbuf *out);

/* Name and one-line description of a setting. */
const char *conf_setting_name(enum conf_setting_id id);
const char *conf_setting_help(enum conf_setting_id id);

/* Write every setting and the non-built-in bindings to path atomically: a
 * temporary file in the same folder, fsync, rename, fsync of the folder.
 * Missing parent folders are created. On failure the old file is intact
 * and no temporary file is left. */
int conf_write(const struct conf *c, const char *path, struct berth_error *err);

/* The user's berth folder: $XDG_CONFIG_HOME/berth, else $HOME/.config/berth.
 * Heap string, or NULL when neither variable is usable. */
char *conf_user_dir(void);

/* The user's config file: conf_user_dir() + "/config". Heap or NULL. */
char *conf_default_path(void);

/* The compiled-in defaults, one line per element, NULL-terminated. */
const char *const *conf_builtin_lines(void);

/* File name used in diagnostics about the compiled-in defaults. */
#define CONF_BUILTIN_NAME "berth.conf (built-in)"

#endif
