/* Text-preserving compose edits: see compose_edit.h.
 *
 * Every edit is one splice: keep text[0..at), put new bytes, keep
 * text[at + removed..]. Offsets come from the node marks, which are byte
 * offsets into doc->text. Insertions go after the last line of the
 * mapping's or list's last entry (block style), or before the closing
 * bracket (flow style), indented like the entries already there. */
#include "config.h"

#include "compose_edit.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

void compose_edit_result_done(struct compose_edit_result *r)
{
    free(r->text);
    r->text = NULL;
    r->len = 0;
}

static int compose_edit_splice(const struct compose_doc *doc, size_t at, size_t removed,
                               const char *insert, struct compose_edit_result *out)
{
    size_t ins = strlen(insert);
    out->len = doc->len - removed + ins;
    out->text = xmalloc(out->len + 1);
    memcpy(out->text, doc->text, at);
    memcpy(out->text + at, insert, ins);
    memcpy(out->text + at + ins, doc->text + at + removed, doc->len - at - removed);
    out->text[out->len] = '\0';
    return 0;
}

/* --- rendering --------------------------------------------------------------- */

static bool compose_edit_numberish(const char *v)
{
    if (!strchr("0123456789+-.", v[0]))
        return false;
    for (const char *c = v; *c; c++)
        if (!strchr("0123456789._:+-eE", *c))
            return false;
    return true;
}

/* Would YAML 1.2 and 1.1 both read v, unquoted in block or flow context,
 * as exactly this string? */
static bool compose_edit_plain_safe(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || v[0] == ' ' || v[n - 1] == ' ' || v[n - 1] == ':')
        return false;
    if (strchr("-?:,[]{}#&*!|>'\"%@`", v[0]))
        return false;
    for (const char *c = v; *c; c++) {
        unsigned char u = (unsigned char)*c;
        if (u < 0x20 || u == 0x7f || strchr(",[]{}", *c))
            return false;
        if (c[0] == ':' && c[1] == ' ')
            return false;
        if (c[0] == ' ' && c[1] == '#')
            return false;
    }
    if (compose_yaml_resolve_plain(v, n) != COMPOSE_TYPE_STR || compose_yaml11_bool_word(v) ||
        compose_edit_numberish(v))
        return false;
    return true;
}

static void compose_edit_double(struct strbuf *sb, const char *v)
{
    strbuf_putc(sb, '"');
    for (const char *c = v; *c; c++) {
        unsigned char u = (unsigned char)*c;
        switch (*c) {
        case '"':
            strbuf_puts(sb, "\\\"");
            break;
        case '\\':
            strbuf_puts(sb, "\\\\");
            break;
        case '\n':
            strbuf_puts(sb, "\\n");
            break;
        case '\t':
            strbuf_puts(sb, "\\t");
            break;
        case '\r':
            strbuf_puts(sb, "\\r");
            break;
        default:
            if (u < 0x20 || u == 0x7f)
                strbuf_appendf(sb, "\\x%02x", u);
            else
                strbuf_putc(sb, *c);
        }
    }
    strbuf_putc(sb, '"');
}

char *compose_edit_render(const char *value, enum compose_style prefer)
{
    struct strbuf sb;
    strbuf_init(&sb);
    bool printable = true;
    for (const char *c = value; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            printable = false;
    if (prefer == COMPOSE_STYLE_SINGLE && printable) {
        strbuf_putc(&sb, '\'');
        for (const char *c = value; *c; c++) {
            if (*c == '\'')
                strbuf_putc(&sb, '\'');
            strbuf_putc(&sb, *c);
        }
        strbuf_putc(&sb, '\'');
    } else if (prefer != COMPOSE_STYLE_DOUBLE && compose_edit_plain_safe(value)) {
        strbuf_puts(&sb, value);
    } else {
        compose_edit_double(&sb, value);
    }
    return strbuf_detach(&sb);
}

/* --- locating --------------------------------------------------------------- */

/* Where a node's own text ends: for block collections, the end of their
 * last entry (libyaml's end mark sits on the next token, after comments). */
static size_t compose_edit_content_end(const struct compose_doc *doc, const struct compose_node *n)
{
    for (;;) {
        if (!n->alias_of &&
            (n->style == COMPOSE_STYLE_LITERAL || n->style == COMPOSE_STYLE_FOLDED)) {
            /* A block scalar's end mark is past its trailing blank lines. */
            size_t off = n->end.offset;
            while (off > n->start.offset && strchr(" \t\r\n", doc->text[off - 1]))
                off--;
            return off;
        }
        if (n->alias_of || n->kind == COMPOSE_NODE_SCALAR || n->style == COMPOSE_STYLE_FLOW)
            return n->end.offset;
        if (n->kind == COMPOSE_NODE_MAPPING && n->npairs > 0) {
            /* An empty value ("key:", "? key") may be marked at the next
             * token; the key says where the entry really ends. */
            const struct compose_pair *last = &n->pairs[n->npairs - 1];
            bool empty = last->value->kind == COMPOSE_NODE_SCALAR && !last->value->alias_of &&
                         last->value->start.offset == last->value->end.offset;
            n = empty ? last->key : last->value;
        } else if (n->kind == COMPOSE_NODE_SEQUENCE && n->nitems > 0)
            n = n->items[n->nitems - 1];
        else
            return n->end.offset;
    }
}

/* The start of the line after the one holding offset (or the end). */
static size_t compose_edit_after_line(const struct compose_doc *doc, size_t offset)
{
    if (offset > 0 && offset <= doc->len &&
        (doc->text[offset - 1] == '\n' ||
         (doc->text[offset - 1] == '\r' && (offset == doc->len || doc->text[offset] != '\n'))))
        return offset;
    /* libyaml ends a line at "\r\n", "\n" or a lone "\r". */
    for (size_t i = offset; i < doc->len; i++) {
        if (doc->text[i] == '\n')
            return i + 1;
        if (doc->text[i] == '\r')
            return i + 1 < doc->len && doc->text[i + 1] == '\n' ? i + 2 : i + 1;
    }
    return doc->len;
}

static const char *compose_edit_eol(const struct compose_doc *doc)
{
    return strstr(doc->text, "\r\n") ? "\r\n" : "\n";
}

static const struct compose_pair *compose_edit_own_pair(const struct compose_node *map,
                                                        const char *key)
{
    if (!map || map->kind != COMPOSE_NODE_MAPPING)
        return NULL;
    for (size_t i = 0; i < map->npairs; i++)
        if (strcmp(compose_pair_key(&map->pairs[i]), key) == 0)
            return &map->pairs[i];
    return NULL;
}

static const struct compose_node *compose_edit_service(const struct compose_doc *doc,
                                                       const char *service, struct berth_error *err)
{
    const struct compose_pair *svcs = compose_edit_own_pair(doc->root, "services");
    const struct compose_pair *s = svcs ? compose_edit_own_pair(svcs->value, service) : NULL;
    if (!s) {
        berth_error_set(err, BERTH_ERR_USAGE, 0, "%s: no service \"%s\"", doc->file, service);
        return NULL;
    }
    if (s->value->alias_of) {
        berth_error_set(err, BERTH_ERR_USAGE, 0,
                        "%s: service \"%s\" is an alias of line %u; edit it there", doc->file,
                        service, s->value->alias_of->start.line);
        return NULL;
    }
    if (s->value->kind != COMPOSE_NODE_MAPPING) {
        berth_error_set(err, BERTH_ERR_USAGE, 0, "%s: service \"%s\" is not a mapping", doc->file,
                        service);
        return NULL;
    }
    return s->value;
}

/* Add "key: value" (value already rendered, or a block under the key
 * when block_lines is given) to mapping map. */
static int compose_edit_add_pair(const struct compose_doc *doc, const struct compose_node *map,
                                 const char *key, const char *rendered,
                                 struct compose_edit_result *out, struct berth_error *err)
{
    if (map->alias_of)
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "%s: that mapping is an alias of line %u; edit it there", doc->file,
                               map->alias_of->start.line);
    char *k = compose_edit_render(key, COMPOSE_STYLE_PLAIN);
    struct strbuf sb;
    strbuf_init(&sb);
    int rc;
    if (map->style == COMPOSE_STYLE_FLOW) {
        size_t at;
        if (map->npairs > 0) {
            at = compose_edit_content_end(doc, map->pairs[map->npairs - 1].value);
            strbuf_appendf(&sb, ", %s: %s", k, rendered);
        } else {
            at = map->end.offset;
            while (at > map->start.offset && doc->text[at - 1] != '}')
                at--;
            at = at > map->start.offset ? at - 1 : map->end.offset;
            strbuf_appendf(&sb, "%s: %s", k, rendered);
        }
        rc = compose_edit_splice(doc, at, 0, sb.data, out);
    } else {
        /* A block mapping starts at its first key (or its '?'). */
        unsigned indent = map->start.col - 1;
        size_t at = compose_edit_after_line(doc, compose_edit_content_end(doc, map));
        if (at == doc->len && doc->len > 0 && doc->text[doc->len - 1] != '\n')
            strbuf_puts(&sb, compose_edit_eol(doc));
        strbuf_appendf(&sb, "%*s%s: %s%s", (int)indent, "", k, rendered, compose_edit_eol(doc));
        rc = compose_edit_splice(doc, at, 0, sb.data, out);
    }
    strbuf_done(&sb);
    free(k);
    return rc;
}

/* Append an item (already rendered) to list seq. */
static int compose_edit_add_item(const struct compose_doc *doc, const struct compose_node *seq,
                                 const char *rendered, struct compose_edit_result *out,
                                 struct berth_error *err)
{
    if (seq->alias_of)
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "%s: that list is an alias of line %u; edit it there", doc->file,
                               seq->alias_of->start.line);
    struct strbuf sb;
    strbuf_init(&sb);
    int rc;
    if (seq->style == COMPOSE_STYLE_FLOW) {
        size_t at;
        if (seq->nitems > 0) {
            at = compose_edit_content_end(doc, seq->items[seq->nitems - 1]);
            strbuf_appendf(&sb, ", %s", rendered);
        } else {
            at = seq->end.offset;
            while (at > seq->start.offset && doc->text[at - 1] != ']')
                at--;
            at = at > seq->start.offset ? at - 1 : seq->end.offset;
            strbuf_puts(&sb, rendered);
        }
        rc = compose_edit_splice(doc, at, 0, sb.data, out);
    } else {
        /* A block list starts at its first '-'. */
        unsigned indent = seq->start.col - 1;
        size_t at = compose_edit_after_line(doc, compose_edit_content_end(doc, seq));
        if (at == doc->len && doc->len > 0 && doc->text[doc->len - 1] != '\n')
            strbuf_puts(&sb, compose_edit_eol(doc));
        strbuf_appendf(&sb, "%*s- %s%s", (int)indent, "", rendered, compose_edit_eol(doc));
        rc = compose_edit_splice(doc, at, 0, sb.data, out);
    }
    strbuf_done(&sb);
    return rc;
}

/* A key whose value is null ("environment:", "ports: ~") gets one: a
 * block under the key when the value is empty in block style, else the
 * flow form written in place of the null. */
static int compose_edit_fill_null(const struct compose_doc *doc, const struct compose_node *svc,
                                  const struct compose_pair *pr, const char *block_line,
                                  const char *flow_text, struct compose_edit_result *out)
{
    const struct compose_node *v = pr->value;
    if (svc->style == COMPOSE_STYLE_FLOW || v->start.offset != v->end.offset) {
        size_t at = v->start.offset;
        bool space = v->start.offset == v->end.offset && at > 0 && doc->text[at - 1] != ' ' &&
                     doc->text[at - 1] != '\t' && doc->text[at - 1] != '\n';
        char *ins = xasprintf("%s%s", space ? " " : "", flow_text);
        int rc = compose_edit_splice(doc, at, v->end.offset - v->start.offset, ins, out);
        free(ins);
        return rc;
    }
    unsigned indent = pr->key->start.col - 1 + 2;
    const char *eol = compose_edit_eol(doc);
    size_t at = compose_edit_after_line(doc, v->end.offset);
    struct strbuf sb;
    strbuf_init(&sb);
    if (at == doc->len && doc->len > 0 && doc->text[doc->len - 1] != '\n')
        strbuf_puts(&sb, eol);
    strbuf_appendf(&sb, "%*s%s%s", (int)indent, "", block_line, eol);
    int rc = compose_edit_splice(doc, at, 0, sb.data, out);
    strbuf_done(&sb);
    return rc;
}

/* A new "key:" with one block line under it, at the end of the service. */
static int compose_edit_add_block(const struct compose_doc *doc, const struct compose_node *svc,
                                  const char *key, const char *block_line,
                                  struct compose_edit_result *out, struct berth_error *err)
{
    if (svc->style == COMPOSE_STYLE_FLOW) {
        char *flow = xasprintf("[%s]", block_line + 2);
        int rc = compose_edit_add_pair(doc, svc, key, flow, out, err);
        free(flow);
        return rc;
    }
    unsigned indent = svc->start.col - 1;
    const char *eol = compose_edit_eol(doc);
    size_t at = compose_edit_after_line(doc, compose_edit_content_end(doc, svc));
    struct strbuf sb;
    strbuf_init(&sb);
    if (at == doc->len && doc->len > 0 && doc->text[doc->len - 1] != '\n')
        strbuf_puts(&sb, eol);
    strbuf_appendf(&sb, "%*s%s:%s%*s%s%s", (int)indent, "", key, eol, (int)indent + 2, "",
                   block_line, eol);
    int rc = compose_edit_splice(doc, at, 0, sb.data, out);
    strbuf_done(&sb);
    return rc;
}

/* --- edits ------------------------------------------------------------------ */

int compose_edit_scalar(const struct compose_doc *doc, const struct compose_node *node,
                        const char *value, struct compose_edit_result *out, struct berth_error *err)
{
    out->text = NULL;
    out->len = 0;
    if (!node || node->kind != COMPOSE_NODE_SCALAR)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "%s: not a single value", doc->file);
    if (node->alias_of)
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "%s:%u: the value is an alias of line %u; edit it there", doc->file,
                               node->start.line, node->alias_of->start.line);
    if (node->style == COMPOSE_STYLE_LITERAL || node->style == COMPOSE_STYLE_FOLDED)
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "%s:%u: a block scalar (| or >) cannot be replaced in place",
                               doc->file, node->start.line);
    size_t at = node->start.offset, removed = node->end.offset - node->start.offset;
    if (at > doc->len || at + removed > doc->len)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "%s: the value is outside the text",
                               doc->file);
    char *r = compose_edit_render(value, node->style);
    int rc;
    if (removed == 0 && at > 0 && doc->text[at - 1] != ' ' && doc->text[at - 1] != '\t' &&
        doc->text[at - 1] != '\n') {
        /* An empty value ("KEY:"): the new one needs a space after the colon. */
        char *spaced = xasprintf(" %s", r);
        rc = compose_edit_splice(doc, at, 0, spaced, out);
        free(spaced);
    } else {
        rc = compose_edit_splice(doc, at, removed, r, out);
    }
    free(r);
    return rc;
}

int compose_edit_set_image(const struct compose_doc *doc, const char *service, const char *image,
                           struct compose_edit_result *out, struct berth_error *err)
{
    out->text = NULL;
    out->len = 0;
    const struct compose_node *svc = compose_edit_service(doc, service, err);
    if (!svc)
        return -1;
    const struct compose_pair *pr = compose_edit_own_pair(svc, "image");
    if (pr)
        return compose_edit_scalar(doc, pr->value, image, out, err);
    char *r = compose_edit_render(image, COMPOSE_STYLE_PLAIN);
    int rc = compose_edit_add_pair(doc, svc, "image", r, out, err);
    free(r);
    return rc;
}

int compose_edit_set_image_tag(const struct compose_doc *doc, const char *service, const char *tag,
                               struct compose_edit_result *out, struct berth_error *err)
{
    out->text = NULL;
    out->len = 0;
    const struct compose_node *svc = compose_edit_service(doc, service, err);
    if (!svc)
        return -1;
    /* The text as written: "${REPO}:1.0" keeps its variable. */
    const struct compose_node *img = compose_map_get(svc, "image");
    const char *image = img && img->kind == COMPOSE_NODE_SCALAR ? img->raw : NULL;
    if (!image || !image[0])
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "%s: service \"%s\" has no image",
                               doc->file, service);
    /* repo[:tag][@digest]; a ':' before the last '/' is a registry port. */
    size_t len = strcspn(image, "@");
    const char *slash = memrchr(image, '/', len);
    const char *colon = memrchr(image, ':', len);
    if (colon && (!slash || colon > slash))
        len = (size_t)(colon - image);
    char *next = xasprintf("%.*s:%s", (int)len, image, tag);
    int rc = compose_edit_set_image(doc, service, next, out, err);
    free(next);
    return rc;
}

int compose_edit_set_env(const struct compose_doc *doc, const char *service, const char *name,
                         const char *value, struct compose_edit_result *out,
                         struct berth_error *err)
{
    out->text = NULL;
    out->len = 0;
    const struct compose_node *svc = compose_edit_service(doc, service, err);
    if (!svc)
        return -1;
    const struct compose_pair *envp = compose_edit_own_pair(svc, "environment");
    char *item = xasprintf("%s=%s", name, value);
    int rc;
    if (!envp) {
        char *k = compose_edit_render(name, COMPOSE_STYLE_PLAIN);
        char *v = compose_edit_render(value, COMPOSE_STYLE_PLAIN);
        char *line = xasprintf("%s: %s", k, v);
        if (svc->style == COMPOSE_STYLE_FLOW) {
            char *flow = xasprintf("{%s}", line);
            rc = compose_edit_add_pair(doc, svc, "environment", flow, out, err);
            free(flow);
        } else {
            rc = compose_edit_add_block(doc, svc, "environment", line, out, err);
        }
        free(k);
        free(v);
        free(line);
    } else if (envp->value->kind == COMPOSE_NODE_MAPPING) {
        const struct compose_pair *var = compose_edit_own_pair(envp->value, name);
        if (var) {
            rc = compose_edit_scalar(doc, var->value, value, out, err);
        } else {
            char *v = compose_edit_render(value, COMPOSE_STYLE_PLAIN);
            rc = compose_edit_add_pair(doc, envp->value, name, v, out, err);
            free(v);
        }
    } else if (envp->value->kind == COMPOSE_NODE_SEQUENCE) {
        const struct compose_node *seq = envp->value, *hit = NULL;
        size_t nl = strlen(name);
        for (size_t i = 0; i < seq->nitems && !hit; i++) {
            const struct compose_node *it = seq->items[i];
            if (it->kind == COMPOSE_NODE_SCALAR && strncmp(it->raw, name, nl) == 0 &&
                (it->raw[nl] == '=' || it->raw[nl] == '\0'))
                hit = it;
        }
        if (hit) {
            rc = compose_edit_scalar(doc, hit, item, out, err);
        } else {
            char *r = compose_edit_render(item, COMPOSE_STYLE_PLAIN);
            rc = compose_edit_add_item(doc, seq, r, out, err);
            free(r);
        }
    } else if (compose_node_is_null(envp->value)) {
        char *k = compose_edit_render(name, COMPOSE_STYLE_PLAIN);
        char *v = compose_edit_render(value, COMPOSE_STYLE_PLAIN);
        char *line = xasprintf("%s: %s", k, v);
        char *flow = xasprintf("{%s}", line);
        rc = compose_edit_fill_null(doc, svc, envp, line, flow, out);
        free(flow);
        free(k);
        free(v);
        free(line);
    } else {
        rc = berth_error_set(err, BERTH_ERR_USAGE, 0,
                             "%s: the environment of \"%s\" is neither a mapping nor a list",
                             doc->file, service);
    }
    free(item);
    return rc;
}

int compose_edit_set_port(const struct compose_doc *doc, const char *service, size_t index,
                          const char *spec, struct compose_edit_result *out,
                          struct berth_error *err)
{
    out->text = NULL;
    out->len = 0;
    const struct compose_node *svc = compose_edit_service(doc, service, err);
    if (!svc)
        return -1;
    const struct compose_pair *pp = compose_edit_own_pair(svc, "ports");
    char *r = compose_edit_render(spec, COMPOSE_STYLE_PLAIN);
    int rc;
    if (!pp || compose_node_is_null(pp->value)) {
        if (index != 0) {
            rc = berth_error_set(err, BERTH_ERR_USAGE, 0, "%s: service \"%s\" has no ports",
                                 doc->file, service);
        } else {
            char *line = xasprintf("- %s", r);
            char *flow = xasprintf("[%s]", r);
            rc = pp ? compose_edit_fill_null(doc, svc, pp, line, flow, out)
                    : compose_edit_add_block(doc, svc, "ports", line, out, err);
            free(line);
            free(flow);
        }
    } else if (pp->value->kind != COMPOSE_NODE_SEQUENCE) {
        rc = berth_error_set(err, BERTH_ERR_USAGE, 0, "%s: the ports of \"%s\" are not a list",
                             doc->file, service);
    } else if (index < pp->value->nitems) {
        const struct compose_node *it = pp->value->items[index];
        if (it->kind != COMPOSE_NODE_SCALAR)
            rc = berth_error_set(err, BERTH_ERR_USAGE, 0,
                                 "%s:%u: that port uses the long syntax; edit its fields",
                                 doc->file, it->start.line);
        else
            rc = compose_edit_scalar(doc, it, spec, out, err);
    } else if (index == pp->value->nitems) {
        rc = compose_edit_add_item(doc, pp->value, r, out, err);
    } else {
        rc = berth_error_set(err, BERTH_ERR_USAGE, 0, "%s: service \"%s\" has only %zu ports",
                             doc->file, service, pp->value->nitems);
    }
    free(r);
    return rc;
}
