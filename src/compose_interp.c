/* Variable interpolation and .env files: see compose_interp.h.
 *
 * The grammar follows Compose v2 (compose-go's template package): a name
 * is [A-Za-z_][A-Za-z0-9_]*, "${" must close with a matching "}" (nested
 * "${" count), and a bare '$' before anything else is kept literally. */
#include "config.h"

#include "compose_interp.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

/* Defaults nest; this bounds the recursion on hostile input. */
#define COMPOSE_INTERP_MAX_DEPTH 32

void compose_vars_init(struct compose_vars *v)
{
    v->items = NULL;
    v->count = 0;
    v->cap = 0;
}

void compose_vars_done(struct compose_vars *v)
{
    for (size_t i = 0; i < v->count; i++) {
        free(v->items[i].name);
        free(v->items[i].value);
    }
    free(v->items);
    compose_vars_init(v);
}

void compose_vars_set(struct compose_vars *v, const char *name, const char *value)
{
    for (size_t i = 0; i < v->count; i++) {
        if (strcmp(v->items[i].name, name) == 0) {
            free(v->items[i].value);
            v->items[i].value = xstrdup(value);
            return;
        }
    }
    if (v->count == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 16;
        v->items = xrealloc(v->items, v->cap * sizeof *v->items);
    }
    v->items[v->count].name = xstrdup(name);
    v->items[v->count].value = xstrdup(value);
    v->count++;
}

const char *compose_vars_get(const struct compose_vars *v, const char *name)
{
    if (!v)
        return NULL;
    for (size_t i = 0; i < v->count; i++)
        if (strcmp(v->items[i].name, name) == 0)
            return v->items[i].value;
    return NULL;
}

void compose_vars_from_environ(struct compose_vars *v, char *const *envp)
{
    for (; envp && *envp; envp++) {
        const char *eq = strchr(*envp, '=');
        if (!eq || eq == *envp)
            continue;
        char *name = xstrndup(*envp, (size_t)(eq - *envp));
        compose_vars_set(v, name, eq + 1);
        free(name);
    }
}

bool compose_interp_needed(const char *s, size_t len)
{
    return memchr(s, '$', len) != NULL;
}

static bool compose_interp_name_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool compose_interp_name_char(char c)
{
    return compose_interp_name_start(c) || (c >= '0' && c <= '9');
}

static const char *compose_interp_lookup(const struct compose_interp *ip, const char *name)
{
    const char *v = compose_vars_get(ip->env, name);
    return v ? v : compose_vars_get(ip->dotenv, name);
}

static void compose_interp_report(const struct compose_interp *ip, enum compose_severity sev,
                                  size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void compose_interp_report(const struct compose_interp *ip, enum compose_severity sev,
                                  size_t offset, const char *fmt, ...)
{
    if (!ip->report)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ip->report(ip->user, sev, offset, msg);
}

/* Index of the '}' closing the "${" whose body starts at in[from], or len
 * when there is none. Only "${" opens a new level, as in compose-go. */
static size_t compose_interp_close(const char *in, size_t len, size_t from)
{
    int depth = 1;
    for (size_t k = from; k < len; k++) {
        if (in[k] == '$' && k + 1 < len && in[k + 1] == '{') {
            depth++;
            k++;
        } else if (in[k] == '}' && --depth == 0) {
            return k;
        }
    }
    return len;
}

static void compose_interp_run(const struct compose_interp *ip, const char *in, size_t len,
                               size_t base, struct strbuf *out, int depth);

/* The text of a default or alternative, itself interpolated. */
static char *compose_interp_sub(const struct compose_interp *ip, const char *in, size_t len,
                                size_t base, int depth)
{
    struct strbuf sb;
    strbuf_init(&sb);
    compose_interp_run(ip, in, len, base, &sb, depth + 1);
    return strbuf_detach(&sb);
}

/* One "${...}" whose body is in[0..len); base is the offset of its '$'. */
static void compose_interp_braced(const struct compose_interp *ip, const char *in, size_t len,
                                  size_t base, struct strbuf *out, int depth)
{
    size_t n = 0;
    if (len == 0 || !compose_interp_name_start(in[0])) {
        compose_interp_report(ip, COMPOSE_ERROR, base,
                              "invalid interpolation format: \"${%.*s}\" does not start with a "
                              "variable name",
                              (int)(len > 64 ? 64 : len), in);
        return;
    }
    while (n < len && compose_interp_name_char(in[n]))
        n++;
    char *name = xstrndup(in, n);
    const char *value = compose_interp_lookup(ip, name);
    bool set = value != NULL;
    bool nonempty = set && value[0] != '\0';
    const char *op = in + n;
    size_t oplen = len - n;
    bool colon = oplen > 0 && op[0] == ':';
    char kind = oplen > (size_t)colon ? op[colon] : '\0';
    const char *arg = op + colon + (kind ? 1 : 0);
    size_t arglen = oplen - (size_t)colon - (kind ? 1u : 0u);
    size_t argbase = base + 2 + (size_t)(arg - in);
    bool wanted = colon ? nonempty : set; /* the test each operator applies */

    if (oplen == 0) {
        if (!set)
            compose_interp_report(ip, COMPOSE_WARNING, base,
                                  "variable %s is not set; using an empty string", name);
        else
            strbuf_puts(out, value);
    } else if (kind == '-') {
        if (wanted) {
            strbuf_puts(out, value);
        } else {
            char *d = compose_interp_sub(ip, arg, arglen, argbase, depth);
            strbuf_puts(out, d);
            free(d);
        }
    } else if (kind == '?') {
        if (wanted) {
            strbuf_puts(out, value);
        } else {
            char *m = compose_interp_sub(ip, arg, arglen, argbase, depth);
            if (m[0])
                compose_interp_report(ip, COMPOSE_ERROR, base,
                                      "required variable %s is missing a value: %s", name, m);
            else
                compose_interp_report(ip, COMPOSE_ERROR, base,
                                      "required variable %s is missing a value", name);
            free(m);
        }
    } else if (kind == '+') {
        if (wanted) {
            char *a = compose_interp_sub(ip, arg, arglen, argbase, depth);
            strbuf_puts(out, a);
            free(a);
        }
    } else {
        compose_interp_report(ip, COMPOSE_ERROR, base,
                              "invalid interpolation format: \"${%.*s}\" (expected ${%s}, "
                              "${%s:-default}, ${%s:?error} or ${%s:+alternative})",
                              (int)(len > 64 ? 64 : len), in, name, name, name, name);
    }
    free(name);
}

static void compose_interp_run(const struct compose_interp *ip, const char *in, size_t len,
                               size_t base, struct strbuf *out, int depth)
{
    if (depth > COMPOSE_INTERP_MAX_DEPTH) {
        compose_interp_report(ip, COMPOSE_ERROR, base, "interpolation nested too deeply");
        return;
    }
    size_t i = 0;
    while (i < len) {
        const char *dollar = memchr(in + i, '$', len - i);
        if (!dollar) {
            strbuf_append(out, in + i, len - i);
            break;
        }
        size_t d = (size_t)(dollar - in);
        strbuf_append(out, in + i, d - i);
        i = d;
        char next = i + 1 < len ? in[i + 1] : '\0';
        if (i + 1 < len && next == '$') {
            strbuf_putc(out, '$');
            i += 2;
        } else if (i + 1 < len && compose_interp_name_start(next)) {
            size_t j = i + 1;
            while (j < len && compose_interp_name_char(in[j]))
                j++;
            char *name = xstrndup(in + i + 1, j - i - 1);
            const char *value = compose_interp_lookup(ip, name);
            if (value)
                strbuf_puts(out, value);
            else
                compose_interp_report(ip, COMPOSE_WARNING, base + i,
                                      "variable %s is not set; using an empty string", name);
            free(name);
            i = j;
        } else if (i + 1 < len && next == '{') {
            size_t close = compose_interp_close(in, len, i + 2);
            if (close == len) {
                compose_interp_report(ip, COMPOSE_ERROR, base + i,
                                      "invalid interpolation format: \"${\" is never closed");
                break;
            }
            compose_interp_braced(ip, in + i + 2, close - i - 2, base + i, out, depth);
            i = close + 1;
        } else {
            strbuf_putc(out, '$');
            i++;
        }
    }
}

char *compose_interpolate(const struct compose_interp *ip, const char *in, size_t len,
                          size_t *out_len)
{
    struct strbuf sb;
    strbuf_init(&sb);
    compose_interp_run(ip, in, len, 0, &sb, 0);
    if (out_len)
        *out_len = sb.len;
    return strbuf_detach(&sb);
}

/* --- .env files --------------------------------------------------------- */

struct compose_dotenv {
    const char *file;
    const char *text;
    size_t len;
    size_t pos;
    unsigned line; /* 1-based line of pos */
    struct compose_vars *out;
    const struct compose_vars *env;
    struct compose_findings *findings;
    unsigned value_line; /* where the value being interpolated starts */
};

static void compose_dotenv_report(void *user, enum compose_severity sev, size_t offset,
                                  const char *message)
{
    (void)offset;
    struct compose_dotenv *p = user;
    compose_findings_add(p->findings, sev, p->file, p->value_line, 0, "%s", message);
}

static bool compose_dotenv_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Interpolate a value against env, then the lines read so far. */
static char *compose_dotenv_expand(struct compose_dotenv *p, const char *v, size_t n)
{
    struct compose_interp ip = {
        .env = p->env,
        .dotenv = p->out,
        .report = compose_dotenv_report,
        .user = p,
    };
    return compose_interpolate(&ip, v, n, NULL);
}

/* Skip to the next line; returns false at the end of the text. */
static void compose_dotenv_next_line(struct compose_dotenv *p)
{
    while (p->pos < p->len && p->text[p->pos] != '\n')
        p->pos++;
    if (p->pos < p->len) {
        p->pos++;
        p->line++;
    }
}

/* After a closing quote only blanks and a comment may follow. */
static void compose_dotenv_tail(struct compose_dotenv *p)
{
    while (p->pos < p->len && compose_dotenv_blank(p->text[p->pos]))
        p->pos++;
    if (p->pos < p->len && p->text[p->pos] != '\n' && p->text[p->pos] != '\r' &&
        p->text[p->pos] != '#')
        compose_findings_add(p->findings, COMPOSE_WARNING, p->file, p->line, 0,
                             "text after the closing quote is ignored");
    compose_dotenv_next_line(p);
}

/* A quoted value starting at the opening quote; may span lines. */
static char *compose_dotenv_quoted(struct compose_dotenv *p, char quote, bool *ok)
{
    unsigned start_line = p->line;
    struct strbuf sb;
    strbuf_init(&sb);
    p->pos++;
    while (p->pos < p->len && p->text[p->pos] != quote) {
        char c = p->text[p->pos];
        if (c == '\n')
            p->line++;
        if (quote == '"' && c == '\\' && p->pos + 1 < p->len) {
            char e = p->text[++p->pos];
            switch (e) {
            case 'n':
                strbuf_putc(&sb, '\n');
                break;
            case 't':
                strbuf_putc(&sb, '\t');
                break;
            case 'r':
                strbuf_putc(&sb, '\r');
                break;
            case '$':
                /* Kept escaped so interpolation leaves it alone. */
                strbuf_puts(&sb, "$$");
                break;
            default:
                strbuf_putc(&sb, e);
                break;
            }
        } else {
            strbuf_putc(&sb, c);
        }
        p->pos++;
    }
    if (p->pos >= p->len) {
        compose_findings_add(p->findings, COMPOSE_ERROR, p->file, start_line, 0,
                             "%c-quoted value is never closed", quote);
        *ok = false;
        strbuf_done(&sb);
        return NULL;
    }
    p->pos++;
    *ok = true;
    if (quote == '\'')
        return strbuf_detach(&sb);
    p->value_line = start_line;
    char *v = compose_dotenv_expand(p, sb.data, sb.len);
    strbuf_done(&sb);
    return v;
}

void compose_dotenv_parse(struct compose_vars *out, const char *file, const char *text, size_t len,
                          const struct compose_vars *env, struct compose_findings *findings)
{
    struct compose_dotenv p = {
        .file = file,
        .text = text,
        .len = len,
        .pos = 0,
        .line = 1,
        .out = out,
        .env = env,
        .findings = findings,
        .value_line = 1,
    };
    while (p.pos < p.len) {
        while (p.pos < p.len && compose_dotenv_blank(text[p.pos]))
            p.pos++;
        if (p.pos >= p.len)
            break;
        if (text[p.pos] == '\n' || text[p.pos] == '\r' || text[p.pos] == '#') {
            compose_dotenv_next_line(&p);
            continue;
        }
        if (p.len - p.pos > 7 && strncmp(text + p.pos, "export", 6) == 0 &&
            compose_dotenv_blank(text[p.pos + 6])) {
            p.pos += 7;
            while (p.pos < p.len && compose_dotenv_blank(text[p.pos]))
                p.pos++;
        }
        size_t k = p.pos;
        while (k < p.len && text[k] != '=' && text[k] != '\n' && text[k] != '\r')
            k++;
        size_t kend = k;
        while (kend > p.pos && compose_dotenv_blank(text[kend - 1]))
            kend--;
        char *name = xstrndup(text + p.pos, kend - p.pos);
        bool good = name[0] && compose_interp_name_start(name[0]);
        for (const char *c = name; good && *c; c++)
            good = compose_interp_name_char(*c) || *c == '.' || *c == '-';
        if (!good) {
            compose_findings_add(findings, COMPOSE_ERROR, file, p.line, 0,
                                 "\"%s\" is not a valid variable name", name);
            free(name);
            compose_dotenv_next_line(&p);
            continue;
        }
        if (k >= p.len || text[k] != '=') {
            /* A bare name passes the environment's value through. */
            const char *v = compose_vars_get(env, name);
            if (v)
                compose_vars_set(out, name, v);
            free(name);
            compose_dotenv_next_line(&p);
            continue;
        }
        p.pos = k + 1;
        while (p.pos < p.len && compose_dotenv_blank(text[p.pos]))
            p.pos++;
        char *value = NULL;
        if (p.pos < p.len && (text[p.pos] == '"' || text[p.pos] == '\'')) {
            bool ok;
            value = compose_dotenv_quoted(&p, text[p.pos], &ok);
            if (!ok) {
                free(name);
                break;
            }
            compose_dotenv_tail(&p);
        } else {
            size_t e = p.pos;
            while (e < p.len && text[e] != '\n' && text[e] != '\r') {
                if (text[e] == '#' && e > p.pos && compose_dotenv_blank(text[e - 1]))
                    break;
                e++;
            }
            size_t vend = e;
            while (vend > p.pos && compose_dotenv_blank(text[vend - 1]))
                vend--;
            p.value_line = p.line;
            value = compose_dotenv_expand(&p, text + p.pos, vend - p.pos);
            p.pos = e;
            compose_dotenv_next_line(&p);
        }
        compose_vars_set(out, name, value);
        free(name);
        free(value);
    }
}
