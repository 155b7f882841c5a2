/* Variable interpolation in compose files, the way Compose v2 does it.
 *
 * $VAR and ${VAR}; ${VAR:-default} (unset or empty), ${VAR-default}
 * (unset); ${VAR:?message} and ${VAR?message} (an error when unset/empty
 * or unset); ${VAR:+alternative} and ${VAR+alternative}; $$ for a literal
 * dollar. Defaults and alternatives are interpolated in turn, so they may
 * nest. A '$' that starts none of these stays as it is. Values come from the
 * process environment first, then from the .env file beside the compose
 * file. An unset variable with no default gives an empty string and a
 * warning; a required one an error. */
#ifndef BERTH_SRC_COMPOSE_INTERP_H
#define BERTH_SRC_COMPOSE_INTERP_H

#include <stdbool.h>
#include <stddef.h>

#include "compose_findings.h"

struct compose_var {
    char *name;
    char *value;
};

/* A small name -> value table (the environment, or a .env file). */
struct compose_vars {
    struct compose_var *items;
    size_t count;
    size_t cap;
};

void compose_vars_init(struct compose_vars *v);
void compose_vars_done(struct compose_vars *v);
/* Add or replace. */
void compose_vars_set(struct compose_vars *v, const char *name, const char *value);
/* The value, or NULL when the name is not there. */
const char *compose_vars_get(const struct compose_vars *v, const char *name);
/* Copy "NAME=VALUE" strings (an environ-style array ending in NULL). */
void compose_vars_from_environ(struct compose_vars *v, char *const *envp);

/* Called for each problem met while interpolating: offset is the byte
 * offset of the '$' in the text given to compose_interpolate. */
typedef void compose_interp_report_fn(void *user, enum compose_severity severity, size_t offset,
                                      const char *message);

struct compose_interp {
    const struct compose_vars *env;    /* wins; NULL = none */
    const struct compose_vars *dotenv; /* consulted second; NULL = none */
    compose_interp_report_fn *report;  /* NULL = ignore problems */
    void *user;
};

/* True when s[0..len) holds a '$' (nothing to do otherwise). */
bool compose_interp_needed(const char *s, size_t len);

/* Interpolate in[0..len) into a new heap string; *out_len gets its length
 * (the result may hold NUL bytes when the input did). Never fails: bad
 * syntax is reported and the offending part left out. */
char *compose_interpolate(const struct compose_interp *ip, const char *in, size_t len,
                          size_t *out_len);

/* Parse a .env file's text into out (added to what it holds): KEY=VALUE
 * lines, optional "export ", '#' comments, single quotes (literal), double
 * quotes (escapes \n \t \r \\ \" \$, may span lines, interpolated), bare
 * values (trimmed, " #" starts a comment, interpolated). Interpolation sees
 * env first, then the earlier lines. Problems become findings in file. */
void compose_dotenv_parse(struct compose_vars *out, const char *file, const char *text, size_t len,
                          const struct compose_vars *env, struct compose_findings *findings);

#endif
