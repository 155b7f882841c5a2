/* A compose file as a YAML node tree that remembers where everything is.
 *
 * compose_doc_parse() reads one YAML document with libyaml's event API and
 * builds nodes carrying their file, 1-based line and column (characters)
 * and byte offsets into the original text, so findings point at the right
 * spot and edits can replace exactly the bytes of one scalar.
 *
 * YAML is read as Compose v2 reads it (YAML 1.2 core schema): an unquoted
 * `no` is the string "no", only true/false are booleans. Anchors and
 * aliases are resolved (an alias node shares its target's content but has
 * its own location); merge keys (`<<: *a` or `<<: [*a, *b]`) are applied:
 * the mapping's own keys win, then earlier merge sources beat later ones.
 * Scalar values are interpolated ($VAR...) while the tree is built when an
 * interpolation context is given; keys never are.
 *
 * Every node belongs to its compose_doc and lives until compose_doc_done().
 * Nodes are plain data: read them directly, do not change them. */
#ifndef BERTH_SRC_COMPOSE_YAML_H
#define BERTH_SRC_COMPOSE_YAML_H

#include <stdbool.h>
#include <stddef.h>

#include "compose_findings.h"
#include "compose_interp.h"

/* Deeper nesting is refused, which bounds every recursive walk. */
#define COMPOSE_YAML_MAX_DEPTH 200

enum compose_node_kind {
    COMPOSE_NODE_SCALAR = 0,
    COMPOSE_NODE_MAPPING,
    COMPOSE_NODE_SEQUENCE,
};

enum compose_style {
    COMPOSE_STYLE_PLAIN = 0, /* scalars */
    COMPOSE_STYLE_SINGLE,
    COMPOSE_STYLE_DOUBLE,
    COMPOSE_STYLE_LITERAL,
    COMPOSE_STYLE_FOLDED,
    COMPOSE_STYLE_BLOCK, /* collections */
    COMPOSE_STYLE_FLOW,
};

/* What a node holds once YAML has resolved it. */
enum compose_type {
    COMPOSE_TYPE_STR = 0,
    COMPOSE_TYPE_NULL,
    COMPOSE_TYPE_BOOL,
    COMPOSE_TYPE_INT,
    COMPOSE_TYPE_FLOAT,
    COMPOSE_TYPE_MAP,
    COMPOSE_TYPE_SEQ,
};

struct compose_mark {
    unsigned line; /* 1-based */
    unsigned col;  /* 1-based, in characters */
    size_t offset; /* byte offset into compose_doc.text */
};

struct compose_node;

struct compose_pair {
    struct compose_node *key;
    struct compose_node *value;
    bool merged; /* came in through a merge key (only in compose_node.eff) */
};

struct compose_node {
    enum compose_node_kind kind;
    enum compose_style style;
    enum compose_type type;
    struct compose_mark start;
    struct compose_mark end;             /* scalars: just past the last character (or quote) */
    const char *file;                    /* the document's file name */
    char *tag;                           /* explicit tag as libyaml expands it, or NULL */
    char *anchor;                        /* &name on this node, or NULL */
    const struct compose_node *alias_of; /* set on an alias (*name): the node named */
    bool is_key;                         /* a mapping key (never interpolated) */

    /* Scalars. raw is what YAML decoded; value is raw after interpolation
     * (the same pointer when there was nothing to do). Both NUL-terminated. */
    char *raw;
    size_t raw_len;
    char *value;
    size_t value_len;

    /* Mappings. pairs: as written, in order, merge keys and duplicate keys
     * included. eff: what the mapping means: its own keys (the first of
     * duplicates) in order, then merged-in keys not already present. */
    struct compose_pair *pairs;
    size_t npairs;
    struct compose_pair *eff;
    size_t neff;

    /* Sequences. */
    struct compose_node **items;
    size_t nitems;
};

struct compose_doc {
    char *file; /* as given */
    char *text; /* the original bytes, NUL-terminated */
    size_t len;
    struct compose_node *root;   /* NULL when the file is empty or not YAML */
    bool yaml_error;             /* the text is not valid YAML (finding added) */
    struct compose_node **nodes; /* every node, for freeing */
    size_t nnodes;
    size_t cap;
};

/* Parse text[0..len) (copied) as file. interp NULL leaves values raw.
 * Returns 0, or -1 when the text is not YAML (an error finding says where,
 * with libyaml's own words); doc must be released with compose_doc_done
 * either way. */
int compose_doc_parse(struct compose_doc *doc, const char *file, const char *text, size_t len,
                      const struct compose_interp *interp, struct compose_findings *findings);
void compose_doc_done(struct compose_doc *doc);

/* Effective lookup in a mapping (merge keys applied); NULL when absent or
 * when map is not a mapping. */
const struct compose_pair *compose_map_pair(const struct compose_node *map, const char *key);
const struct compose_node *compose_map_get(const struct compose_node *map, const char *key);

/* Text of a scalar node (interpolated value), or NULL for collections. */
const char *compose_node_str(const struct compose_node *n);
/* The key text of a pair ("" when the key is not a scalar). */
const char *compose_pair_key(const struct compose_pair *p);
bool compose_node_is_null(const struct compose_node *n);

/* How a plain (unquoted, untagged) scalar resolves under YAML 1.2's core
 * schema, as Compose v2 reads it. */
enum compose_type compose_yaml_resolve_plain(const char *s, size_t len);
/* True for the words YAML 1.1 loaders (docker-compose 1.x) read as booleans
 * but YAML 1.2 reads as strings: yes/no/on/off/y/n in their spellings. */
bool compose_yaml11_bool_word(const char *s);
/* "string", "null", "boolean", "integer", "number", "mapping", "list". */
const char *compose_type_name(enum compose_type type);

#endif
