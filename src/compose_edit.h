/* Text-preserving edits of a compose file.
 *
 * Each edit takes a parsed document (compose_yaml.h; with or without
 * interpolation: edits work from the text as written) and returns a new
 * text in which only the bytes of one scalar changed, or one entry was
 * added, so comments, quoting, ordering and blank lines survive byte for
 * byte. A new value is written plain when YAML (1.2 and 1.1 alike) would
 * read it back as the same string, quoted otherwise (keeping the old quote
 * style when it can). Parse the result again before the next edit.
 *
 * Edits address what the file itself says: a value that only arrives
 * through a merge key (<<) is not edited in the shared anchor; a new key
 * is written into the service instead, which overrides the merged one. */
#ifndef BERTH_SRC_COMPOSE_EDIT_H
#define BERTH_SRC_COMPOSE_EDIT_H

#include <stddef.h>

#include "compose_yaml.h"
#include "error.h"

/* The result of an edit: a heap text (NUL-terminated) and its length. */
struct compose_edit_result {
    char *text;
    size_t len;
};

void compose_edit_result_done(struct compose_edit_result *r);

/* Replace scalar node's bytes with value. Fails on aliases and block
 * scalars (| >), which cannot be rewritten in place. */
int compose_edit_scalar(const struct compose_doc *doc, const struct compose_node *node,
                        const char *value, struct compose_edit_result *out,
                        struct berth_error *err);

/* services.SERVICE.image = image (added when the service has none). */
int compose_edit_set_image(const struct compose_doc *doc, const char *service, const char *image,
                           struct compose_edit_result *out, struct berth_error *err);

/* Keep the image's repository, change its tag (a digest is dropped). */
int compose_edit_set_image_tag(const struct compose_doc *doc, const char *service, const char *tag,
                               struct compose_edit_result *out, struct berth_error *err);

/* services.SERVICE.environment.NAME = value, in the file's form: a map
 * entry or a NAME=value list item; added when missing. */
int compose_edit_set_env(const struct compose_doc *doc, const char *service, const char *name,
                         const char *value, struct compose_edit_result *out,
                         struct berth_error *err);

/* services.SERVICE.ports[index] = spec (short syntax); index equal to the
 * number of ports appends one. A long-syntax entry cannot be replaced. */
int compose_edit_set_port(const struct compose_doc *doc, const char *service, size_t index,
                          const char *spec, struct compose_edit_result *out,
                          struct berth_error *err);

/* value as a YAML scalar: plain when safe, else quoted; prefer is the old
 * style (COMPOSE_STYLE_SINGLE or _DOUBLE keep their quotes). */
char *compose_edit_render(const char *value, enum compose_style prefer);

#endif
