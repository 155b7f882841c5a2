/* libyaml events -> compose node tree with locations: see compose_yaml.h.
 *
 * The composer keeps its own stack (no recursion on input depth) and
 * registers an anchor only once its node is complete, so an alias can never
 * point at one of its own ancestors and the tree stays acyclic. Aliases are
 * shallow copies of their target (same content pointers, own marks, flagged
 * by alias_of); only non-alias nodes own memory.
 *
 * libyaml counts marks in characters (of the text after any byte-order
 * mark, which is not given to it); the cursor below turns them into byte
 * offsets of the original text. */
#include "config.h"

#include "compose_yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "strbuf.h"
#include "xalloc.h"

struct compose_yaml_frame {
    struct compose_node *node;
    struct compose_node *key; /* mapping: a key waiting for its value */
};

struct compose_yaml_anchor {
    char *name;
    struct compose_node *node;
};

struct compose_yaml {
    struct compose_doc *doc;
    struct compose_findings *findings;
    const struct compose_interp *interp;
    size_t bom;       /* bytes of byte-order mark skipped by libyaml */
    size_t cur_index; /* char index / byte offset cursor */
    size_t cur_offset;
    struct compose_yaml_frame *stack;
    size_t depth;
    struct compose_yaml_anchor *anchors;
    size_t nanchors;
    /* the scalar being interpolated, for locating problems */
    const struct compose_node *interp_node;
};

/* --- marks ---------------------------------------------------------------- */

static size_t compose_yaml_utf8_len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if (c >= 0xF0 && c <= 0xF7)
        return 4;
    if (c >= 0xE0)
        return 3;
    if (c >= 0xC0)
        return 2;
    return 1;
}

/* Byte offset of libyaml's character index. Marks mostly move forward, so
 * the cursor rarely restarts. */
static size_t compose_yaml_offset(struct compose_yaml *y, size_t index)
{
    const struct compose_doc *doc = y->doc;
    if (index < y->cur_index) {
        y->cur_index = 0;
        y->cur_offset = y->bom;
    }
    while (y->cur_index < index && y->cur_offset < doc->len) {
        y->cur_offset += compose_yaml_utf8_len((unsigned char)doc->text[y->cur_offset]);
        y->cur_index++;
    }
    if (y->cur_offset > doc->len)
        y->cur_offset = doc->len;
    return y->cur_offset;
}

static struct compose_mark compose_yaml_mark(struct compose_yaml *y, const yaml_mark_t *m)
{
    struct compose_mark out = {
        .line = (unsigned)m->line + 1,
        .col = (unsigned)m->column + 1,
        .offset = compose_yaml_offset(y, m->index),
    };
    return out;
}

/* Line and column of a byte offset (for reader errors, which give bytes). */
static void compose_yaml_locate(const struct compose_doc *doc, size_t from, size_t offset,
                                unsigned *line, unsigned *col)
{
    unsigned l = 1, c = 1;
    for (size_t i = from; i < offset && i < doc->len;) {
        if (doc->text[i] == '\n') {
            l++;
            c = 1;
            i++;
        } else {
            c++;
            i += compose_yaml_utf8_len((unsigned char)doc->text[i]);
        }
    }
    *line = l;
    *col = c;
}

/* --- scalar resolution ------------------------------------------------------ */

static bool compose_yaml_is_digits(const char *s, size_t len, const char *set)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!strchr(set, s[i]) || s[i] == '\0')
            return false;
    return true;
}

static bool compose_yaml_is_float(const char *s, size_t len)
{
    size_t i = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        i++;
    size_t digits = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        i++;
        digits++;
    }
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            i++;
            digits++;
        }
    }
    if (digits == 0)
        return false;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '-' || s[i] == '+'))
            i++;
        size_t exp = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            i++;
            exp++;
        }
        if (exp == 0)
            return false;
    }
    return i == len;
}

static bool compose_yaml_one_of(const char *s, size_t len, const char *const *words)
{
    for (; *words; words++)
        if (strlen(*words) == len && memcmp(s, *words, len) == 0)
            return true;
    return false;
}

enum compose_type compose_yaml_resolve_plain(const char *s, size_t len)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
    static const char *const bools[] = {"true", "True", "TRUE", "false", "False", "FALSE", NULL};
    static const char *const specials[] = {".inf",  ".Inf",  ".INF",  "-.inf", "-.Inf",
                                           "-.INF", "+.inf", "+.Inf", "+.INF", ".nan",
                                           ".NaN",  ".NAN",  NULL};
    if (compose_yaml_one_of(s, len, nulls))
        return COMPOSE_TYPE_NULL;
    if (compose_yaml_one_of(s, len, bools))
        return COMPOSE_TYPE_BOOL;
    size_t sign = len > 0 && (s[0] == '-' || s[0] == '+');
    if (compose_yaml_is_digits(s + sign, len - sign, "0123456789"))
        return COMPOSE_TYPE_INT;
    if (len > 2 && s[0] == '0' && s[1] == 'o' && compose_yaml_is_digits(s + 2, len - 2, "01234567"))
        return COMPOSE_TYPE_INT;
    if (len > 2 && s[0] == '0' && s[1] == 'x' &&
        compose_yaml_is_digits(s + 2, len - 2, "0123456789abcdefABCDEF"))
        return COMPOSE_TYPE_INT;
    if (compose_yaml_one_of(s, len, specials) || compose_yaml_is_float(s, len))
        return COMPOSE_TYPE_FLOAT;
    return COMPOSE_TYPE_STR;
}

bool compose_yaml11_bool_word(const char *s)
{
    static const char *const words[] = {"y",  "Y",  "yes", "Yes", "YES", "n",   "N",   "no", "No",
                                        "NO", "on", "On",  "ON",  "off", "Off", "OFF", NULL};
    return compose_yaml_one_of(s, strlen(s), words);
}

const char *compose_type_name(enum compose_type type)
{
    switch (type) {
    case COMPOSE_TYPE_STR:
        return "string";
    case COMPOSE_TYPE_NULL:
        return "null";
    case COMPOSE_TYPE_BOOL:
        return "boolean";
    case COMPOSE_TYPE_INT:
        return "integer";
    case COMPOSE_TYPE_FLOAT:
        return "number";
    case COMPOSE_TYPE_MAP:
        return "mapping";
    case COMPOSE_TYPE_SEQ:
        return "list";
    }
    return "?";
}

/* The type a tagged or quoted scalar has. */
static enum compose_type compose_yaml_scalar_type(const yaml_event_t *ev)
{
    const char *tag = (const char *)ev->data.scalar.tag;
    const char *v = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    if (tag && strncmp(tag, "tag:yaml.org,2002:", 18) == 0) {
        const char *t = tag + 18;
        if (strcmp(t, "null") == 0)
            return COMPOSE_TYPE_NULL;
        if (strcmp(t, "bool") == 0)
            return COMPOSE_TYPE_BOOL;
        if (strcmp(t, "int") == 0)
            return COMPOSE_TYPE_INT;
        if (strcmp(t, "float") == 0)
            return COMPOSE_TYPE_FLOAT;
        return COMPOSE_TYPE_STR;
    }
    if (tag && strcmp(tag, "!") == 0)
        return COMPOSE_TYPE_STR;
    if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return COMPOSE_TYPE_STR;
    return compose_yaml_resolve_plain(v, len);
}

/* --- nodes -------------------------------------------------------------- */

static struct compose_node *compose_yaml_node(struct compose_yaml *y, enum compose_node_kind kind)
{
    struct compose_doc *doc = y->doc;
    struct compose_node *n = xcalloc(1, sizeof *n);
    n->kind = kind;
    n->file = doc->file;
    if (doc->nnodes == doc->cap) {
        doc->cap = doc->cap ? doc->cap * 2 : 64;
        doc->nodes = xrealloc(doc->nodes, doc->cap * sizeof *doc->nodes);
    }
    doc->nodes[doc->nnodes++] = n;
    return n;
}

static void compose_yaml_node_free(struct compose_node *n)
{
    free(n->tag);
    free(n->anchor);
    if (!n->alias_of) {
        if (n->value != n->raw)
            free(n->value);
        free(n->raw);
        free(n->pairs);
        free(n->eff);
        free(n->items);
    }
    free(n);
}

static char *compose_yaml_dup(const yaml_char_t *s)
{
    return s ? xstrdup((const char *)s) : NULL;
}

const char *compose_pair_key(const struct compose_pair *p)
{
    return p->key->kind == COMPOSE_NODE_SCALAR ? p->key->raw : "";
}

static bool compose_yaml_is_merge_key(const struct compose_node *key)
{
    if (key->kind != COMPOSE_NODE_SCALAR || strcmp(key->raw, "<<") != 0)
        return false;
    if (key->tag)
        return strcmp(key->tag, "tag:yaml.org,2002:merge") == 0;
    return key->style == COMPOSE_STYLE_PLAIN;
}

static bool compose_yaml_eff_has(const struct compose_node *map, const struct compose_node *key)
{
    if (key->kind != COMPOSE_NODE_SCALAR)
        return false;
    for (size_t i = 0; i < map->neff; i++) {
        const struct compose_node *k = map->eff[i].key;
        if (k->kind == COMPOSE_NODE_SCALAR && k->raw_len == key->raw_len &&
            memcmp(k->raw, key->raw, key->raw_len) == 0)
            return true;
    }
    return false;
}

static void compose_yaml_eff_add(struct compose_node *map, struct compose_node *key,
                                 struct compose_node *value, bool merged, size_t *cap)
{
    if (map->neff == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        map->eff = xrealloc(map->eff, *cap * sizeof *map->eff);
    }
    map->eff[map->neff].key = key;
    map->eff[map->neff].value = value;
    map->eff[map->neff].merged = merged;
    map->neff++;
}

static const char *compose_yaml_kind_name(const struct compose_node *n)
{
    return n->kind == COMPOSE_NODE_SCALAR     ? "scalar"
           : n->kind == COMPOSE_NODE_SEQUENCE ? "list"
                                              : "mapping";
}

static void compose_yaml_merge_from(struct compose_node *map, const struct compose_node *src,
                                    size_t *cap)
{
    for (size_t i = 0; i < src->neff; i++)
        if (!compose_yaml_eff_has(map, src->eff[i].key))
            compose_yaml_eff_add(map, src->eff[i].key, src->eff[i].value, true, cap);
}

/* The mapping is complete: work out what it means (own keys, then merges). */
static void compose_yaml_resolve_mapping(struct compose_yaml *y, struct compose_node *map)
{
    size_t cap = 0;
    for (size_t i = 0; i < map->npairs; i++) {
        const struct compose_pair *p = &map->pairs[i];
        if (compose_yaml_is_merge_key(p->key) || compose_yaml_eff_has(map, p->key))
            continue;
        compose_yaml_eff_add(map, p->key, p->value, false, &cap);
    }
    for (size_t i = 0; i < map->npairs; i++) {
        const struct compose_pair *p = &map->pairs[i];
        if (!compose_yaml_is_merge_key(p->key))
            continue;
        const struct compose_node *v = p->value;
        if (v->kind == COMPOSE_NODE_MAPPING) {
            compose_yaml_merge_from(map, v, &cap);
        } else if (v->kind == COMPOSE_NODE_SEQUENCE && v->alias_of) {
            /* The list lives elsewhere: report at the merge, once. */
            const struct compose_node *bad = NULL;
            for (size_t j = 0; j < v->nitems && !bad; j++)
                if (v->items[j]->kind != COMPOSE_NODE_MAPPING)
                    bad = v->items[j];
            if (!bad)
                for (size_t j = 0; j < v->nitems; j++)
                    compose_yaml_merge_from(map, v->items[j], &cap);
            else
                compose_findings_add(y->findings, COMPOSE_ERROR, y->doc->file, v->start.line,
                                     v->start.col,
                                     "merge key (<<) needs a mapping or a list of mappings, but "
                                     "*%s (line %u) is a list holding a %s",
                                     v->alias_of->anchor ? v->alias_of->anchor : "?",
                                     v->alias_of->start.line, compose_yaml_kind_name(bad));
        } else if (v->kind == COMPOSE_NODE_SEQUENCE) {
            for (size_t j = 0; j < v->nitems; j++) {
                const struct compose_node *it = v->items[j];
                if (it->kind == COMPOSE_NODE_MAPPING)
                    compose_yaml_merge_from(map, it, &cap);
                else
                    compose_findings_add(y->findings, COMPOSE_ERROR, y->doc->file, it->start.line,
                                         it->start.col,
                                         "merge key (<<) list items must be mappings, not a %s",
                                         compose_yaml_kind_name(it));
            }
        } else {
            char where[96] = "";
            if (v->alias_of)
                snprintf(where, sizeof where, " (*%s is defined at line %u)",
                         v->alias_of->anchor ? v->alias_of->anchor : "?", v->alias_of->start.line);
            compose_findings_add(y->findings, COMPOSE_ERROR, y->doc->file, v->start.line,
                                 v->start.col,
                                 "merge key (<<) needs a mapping or a list of mappings, not a %s%s",
                                 compose_yaml_kind_name(v), where);
        }
    }
}

/* --- interpolation ------------------------------------------------------- */

/* Count characters in s[0..n). */
static unsigned compose_yaml_chars(const char *s, size_t n)
{
    unsigned c = 0;
    for (size_t i = 0; i < n; c++)
        i += compose_yaml_utf8_len((unsigned char)s[i]);
    return c;
}

static void compose_yaml_interp_report(void *user, enum compose_severity sev, size_t offset,
                                       const char *message)
{
    struct compose_yaml *y = user;
    const struct compose_node *n = y->interp_node;
    unsigned line = n->start.line, col = n->start.col;
    /* Point at the '$' itself when the source spells the value verbatim on
     * one line (plain, or quoted without escapes). */
    size_t open = n->style == COMPOSE_STYLE_SINGLE || n->style == COMPOSE_STYLE_DOUBLE;
    const char *src = y->doc->text + n->start.offset + open;
    if ((n->style == COMPOSE_STYLE_PLAIN || open) && n->start.line == n->end.line &&
        n->start.offset + open + n->raw_len <= y->doc->len &&
        memcmp(src, n->raw, n->raw_len) == 0 && offset <= n->raw_len)
        col += (unsigned)open + compose_yaml_chars(n->raw, offset);
    compose_findings_add(y->findings, sev, y->doc->file, line, col, "%s", message);
}

static void compose_yaml_interpolate(struct compose_yaml *y, struct compose_node *n)
{
    if (!y->interp || n->is_key || !compose_interp_needed(n->raw, n->raw_len))
        return;
    struct compose_interp ip = *y->interp;
    ip.report = compose_yaml_interp_report;
    ip.user = y;
    y->interp_node = n;
    n->value = compose_interpolate(&ip, n->raw, n->raw_len, &n->value_len);
    y->interp_node = NULL;
}

/* --- composing -------------------------------------------------------------- */

static void compose_yaml_error(struct compose_yaml *y, const yaml_parser_t *p)
{
    struct compose_doc *doc = y->doc;
    unsigned line, col;
    if (p->error == YAML_READER_ERROR) {
        compose_yaml_locate(doc, y->bom, y->bom + p->problem_offset, &line, &col);
        compose_findings_add(y->findings, COMPOSE_ERROR, doc->file, line, col, "YAML: %s",
                             p->problem ? p->problem : "cannot read the text");
    } else if (p->error == YAML_MEMORY_ERROR) {
        compose_findings_add(y->findings, COMPOSE_ERROR, doc->file, 0, 0, "YAML: out of memory");
    } else {
        struct compose_mark m = compose_yaml_mark(y, &p->problem_mark);
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_appendf(&sb, "YAML: %s", p->problem ? p->problem : "syntax error");
        if (m.offset < doc->len && doc->text[m.offset] == '\t')
            strbuf_puts(&sb, " (a tab: YAML indents with spaces only)");
        if (p->context) {
            struct compose_mark c = compose_yaml_mark(y, &p->context_mark);
            if (c.line != m.line || c.col != m.col)
                strbuf_appendf(&sb, ", %s that starts at line %u, column %u", p->context, c.line,
                               c.col);
            else
                strbuf_appendf(&sb, ", %s", p->context);
        }
        compose_findings_add(y->findings, COMPOSE_ERROR, doc->file, m.line, m.col, "%s", sb.data);
        strbuf_done(&sb);
    }
}

/* Hang a finished node on its parent (or make it the root). */
static void compose_yaml_attach(struct compose_yaml *y, struct compose_node *n)
{
    if (y->depth == 0) {
        if (!y->doc->root)
            y->doc->root = n;
        return;
    }
    struct compose_yaml_frame *f = &y->stack[y->depth - 1];
    struct compose_node *parent = f->node;
    if (parent->kind == COMPOSE_NODE_SEQUENCE) {
        parent->items = xrealloc(parent->items, (parent->nitems + 1) * sizeof *parent->items);
        parent->items[parent->nitems++] = n;
    } else if (!f->key) {
        f->key = n;
    } else {
        parent->pairs = xrealloc(parent->pairs, (parent->npairs + 1) * sizeof *parent->pairs);
        parent->pairs[parent->npairs].key = f->key;
        parent->pairs[parent->npairs].value = n;
        parent->pairs[parent->npairs].merged = false;
        parent->npairs++;
        f->key = NULL;
    }
}

/* The next node will be a mapping key. */
static bool compose_yaml_next_is_key(const struct compose_yaml *y)
{
    if (y->depth == 0)
        return false;
    const struct compose_yaml_frame *f = &y->stack[y->depth - 1];
    return f->node->kind == COMPOSE_NODE_MAPPING && !f->key;
}

static void compose_yaml_anchor(struct compose_yaml *y, struct compose_node *n)
{
    if (!n->anchor)
        return;
    y->anchors = xrealloc(y->anchors, (y->nanchors + 1) * sizeof *y->anchors);
    y->anchors[y->nanchors].name = n->anchor;
    y->anchors[y->nanchors].node = n;
    y->nanchors++;
}

/* Latest definition wins, as YAML says. */
static struct compose_node *compose_yaml_find_anchor(const struct compose_yaml *y, const char *name)
{
    for (size_t i = y->nanchors; i > 0; i--)
        if (strcmp(y->anchors[i - 1].name, name) == 0)
            return y->anchors[i - 1].node;
    return NULL;
}

static int compose_yaml_push(struct compose_yaml *y, struct compose_node *n)
{
    if (y->depth >= COMPOSE_YAML_MAX_DEPTH) {
        compose_findings_add(y->findings, COMPOSE_ERROR, y->doc->file, n->start.line, n->start.col,
                             "YAML: nested deeper than %d levels", COMPOSE_YAML_MAX_DEPTH);
        return -1;
    }
    y->stack[y->depth].node = n;
    y->stack[y->depth].key = NULL;
    y->depth++;
    return 0;
}

/* One event. Returns 1 to go on, 0 at the end, -1 on an error. */
static int compose_yaml_event(struct compose_yaml *y, const yaml_event_t *ev)
{
    struct compose_node *n;
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (y->doc->root) {
            /* A second document: Compose reads one per file. */
            struct compose_mark m = compose_yaml_mark(y, &ev->start_mark);
            compose_findings_add(y->findings, COMPOSE_WARNING, y->doc->file, m.line, m.col,
                                 "only the first YAML document of a file is read");
            return 0;
        }
        return 1;
    case YAML_STREAM_END_EVENT:
        return 0;
    case YAML_SCALAR_EVENT: {
        n = compose_yaml_node(y, COMPOSE_NODE_SCALAR);
        n->start = compose_yaml_mark(y, &ev->start_mark);
        n->end = compose_yaml_mark(y, &ev->end_mark);
        n->tag = compose_yaml_dup(ev->data.scalar.tag);
        n->anchor = compose_yaml_dup(ev->data.scalar.anchor);
        n->raw = xmalloc(ev->data.scalar.length + 1);
        memcpy(n->raw, ev->data.scalar.value, ev->data.scalar.length);
        n->raw[ev->data.scalar.length] = '\0';
        n->raw_len = ev->data.scalar.length;
        n->value = n->raw;
        n->value_len = n->raw_len;
        switch (ev->data.scalar.style) {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE:
            n->style = COMPOSE_STYLE_SINGLE;
            break;
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
            n->style = COMPOSE_STYLE_DOUBLE;
            break;
        case YAML_LITERAL_SCALAR_STYLE:
            n->style = COMPOSE_STYLE_LITERAL;
            break;
        case YAML_FOLDED_SCALAR_STYLE:
            n->style = COMPOSE_STYLE_FOLDED;
            break;
        default:
            n->style = COMPOSE_STYLE_PLAIN;
            break;
        }
        n->type = compose_yaml_scalar_type(ev);
        n->is_key = compose_yaml_next_is_key(y);
        compose_yaml_interpolate(y, n);
        compose_yaml_anchor(y, n);
        compose_yaml_attach(y, n);
        return 1;
    }
    case YAML_ALIAS_EVENT: {
        const char *name = (const char *)ev->data.alias.anchor;
        struct compose_node *target = compose_yaml_find_anchor(y, name);
        struct compose_mark m = compose_yaml_mark(y, &ev->start_mark);
        if (!target) {
            compose_findings_add(y->findings, COMPOSE_ERROR, y->doc->file, m.line, m.col,
                                 "YAML: found undefined alias \"%s\"", name);
            return -1;
        }
        n = compose_yaml_node(y, target->kind);
        struct compose_node *keep = n;
        *n = *target;
        n = keep;
        n->tag = NULL;
        n->anchor = NULL;
        n->alias_of = target->alias_of ? target->alias_of : target;
        n->start = m;
        n->end = compose_yaml_mark(y, &ev->end_mark);
        n->is_key = compose_yaml_next_is_key(y);
        compose_yaml_attach(y, n);
        return 1;
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        bool map = ev->type == YAML_MAPPING_START_EVENT;
        n = compose_yaml_node(y, map ? COMPOSE_NODE_MAPPING : COMPOSE_NODE_SEQUENCE);
        n->type = map ? COMPOSE_TYPE_MAP : COMPOSE_TYPE_SEQ;
        n->start = compose_yaml_mark(y, &ev->start_mark);
        n->end = n->start;
        if (map) {
            n->tag = compose_yaml_dup(ev->data.mapping_start.tag);
            n->anchor = compose_yaml_dup(ev->data.mapping_start.anchor);
            n->style = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                           ? COMPOSE_STYLE_FLOW
                           : COMPOSE_STYLE_BLOCK;
        } else {
            n->tag = compose_yaml_dup(ev->data.sequence_start.tag);
            n->anchor = compose_yaml_dup(ev->data.sequence_start.anchor);
            n->style = ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                           ? COMPOSE_STYLE_FLOW
                           : COMPOSE_STYLE_BLOCK;
        }
        n->is_key = compose_yaml_next_is_key(y);
        return compose_yaml_push(y, n) < 0 ? -1 : 1;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (y->depth == 0)
            return 1;
        n = y->stack[--y->depth].node;
        n->end = compose_yaml_mark(y, &ev->end_mark);
        if (n->kind == COMPOSE_NODE_MAPPING)
            compose_yaml_resolve_mapping(y, n);
        compose_yaml_anchor(y, n);
        compose_yaml_attach(y, n);
        return 1;
    default:
        return 1;
    }
}

int compose_doc_parse(struct compose_doc *doc, const char *file, const char *text, size_t len,
                      const struct compose_interp *interp, struct compose_findings *findings)
{
    memset(doc, 0, sizeof *doc);
    doc->file = xstrdup(file);
    doc->text = xmalloc(len + 1);
    memcpy(doc->text, text, len);
    doc->text[len] = '\0';
    doc->len = len;

    struct compose_yaml y = {
        .doc = doc,
        .findings = findings,
        .interp = interp,
        .bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0,
    };
    y.cur_offset = y.bom;
    y.stack = xmalloc(COMPOSE_YAML_MAX_DEPTH * sizeof *y.stack);

    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    /* The byte-order mark is skipped here, so libyaml counts lines and
     * columns from the first real character, as editors do. */
    yaml_parser_set_input_string(&parser, (const unsigned char *)doc->text + y.bom, len - y.bom);
    int rc = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            compose_yaml_error(&y, &parser);
            rc = -1;
            break;
        }
        int go = compose_yaml_event(&y, &ev);
        yaml_event_delete(&ev);
        if (go < 0)
            rc = -1;
        if (go <= 0)
            break;
    }
    yaml_parser_delete(&parser);
    free(y.stack);
    free(y.anchors);
    if (rc < 0) {
        doc->root = NULL;
        doc->yaml_error = true;
    }
    return rc;
}

void compose_doc_done(struct compose_doc *doc)
{
    for (size_t i = 0; i < doc->nnodes; i++)
        compose_yaml_node_free(doc->nodes[i]);
    free(doc->nodes);
    free(doc->text);
    free(doc->file);
    memset(doc, 0, sizeof *doc);
}

/* --- lookups ---------------------------------------------------------------- */

const struct compose_pair *compose_map_pair(const struct compose_node *map, const char *key)
{
    if (!map || map->kind != COMPOSE_NODE_MAPPING)
        return NULL;
    for (size_t i = 0; i < map->neff; i++)
        if (strcmp(compose_pair_key(&map->eff[i]), key) == 0)
            return &map->eff[i];
    return NULL;
}

const struct compose_node *compose_map_get(const struct compose_node *map, const char *key)
{
    const struct compose_pair *p = compose_map_pair(map, key);
    return p ? p->value : NULL;
}

const char *compose_node_str(const struct compose_node *n)
{
    return n && n->kind == COMPOSE_NODE_SCALAR ? n->value : NULL;
}

bool compose_node_is_null(const struct compose_node *n)
{
    return !n || (n->kind == COMPOSE_NODE_SCALAR && n->type == COMPOSE_TYPE_NULL);
}
