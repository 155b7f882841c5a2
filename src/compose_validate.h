/* Validation of a compose file: the rules and the key registries.
 *
 * The key tables (top level, service, and the nested mappings with a fixed
 * set of keys) are the one list of what the Compose specification allows;
 * unknown keys are errors with a "did you mean" taken from the same table,
 * and each key carries the value types it accepts.
 *
 * compose_validate() runs after the model is built (compose_model.h) and
 * adds the checks that need the whole file: the top-level layout, duplicate
 * keys, references between services, volumes, networks, secrets and
 * configs, dependency cycles, YAML 1.1 pitfalls. */
#ifndef BERTH_SRC_COMPOSE_VALIDATE_H
#define BERTH_SRC_COMPOSE_VALIDATE_H

#include <stdbool.h>

#include "compose_findings.h"
#include "compose_yaml.h"

struct compose_project;

/* Value types a key accepts (bits); null is always accepted (= not set). */
enum {
    COMPOSE_T_STR = 1 << 0,
    COMPOSE_T_BOOL = 1 << 1,
    COMPOSE_T_INT = 1 << 2,
    COMPOSE_T_FLOAT = 1 << 3,
    COMPOSE_T_MAP = 1 << 4,
    COMPOSE_T_SEQ = 1 << 5,
    COMPOSE_T_NUM = COMPOSE_T_INT | COMPOSE_T_FLOAT,
    COMPOSE_T_ANY = 0x3f,
};

struct compose_key_spec {
    const char *name;
    unsigned types; /* COMPOSE_T_* bits */
};

/* Tables end with a NULL name. */
extern const struct compose_key_spec compose_keys_top[];
extern const struct compose_key_spec compose_keys_service[];
extern const struct compose_key_spec compose_keys_build[];
extern const struct compose_key_spec compose_keys_healthcheck[];
extern const struct compose_key_spec compose_keys_port[];
extern const struct compose_key_spec compose_keys_mount[];
extern const struct compose_key_spec compose_keys_depends_on[];
extern const struct compose_key_spec compose_keys_service_network[];
extern const struct compose_key_spec compose_keys_logging[];
extern const struct compose_key_spec compose_keys_volume[];
extern const struct compose_key_spec compose_keys_network[];
extern const struct compose_key_spec compose_keys_secret[];
extern const struct compose_key_spec compose_keys_config[];
extern const struct compose_key_spec compose_keys_service_secret[];

/* Add a finding located at node (its start); node NULL = whole file. */
void compose_note(struct compose_findings *f, const char *file, enum compose_severity severity,
                  const struct compose_node *node, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Check map's keys against spec: unknown keys (x-* are always allowed) are
 * errors with a suggestion, values of the wrong type are errors. what
 * names the mapping in messages ("service \"web\""). */
void compose_check_keys(struct compose_findings *f, const struct compose_node *map,
                        const struct compose_key_spec *spec, const char *what);

/* The closest name in spec to word (edit distance, transpositions count
 * once), or NULL when nothing is close enough to be a typo. */
const char *compose_suggest(const char *word, const struct compose_key_spec *spec);

/* True when n's type is allowed by the COMPOSE_T_* bits (null always is). */
bool compose_type_allowed(const struct compose_node *n, unsigned types);

/* Whole-file checks; findings go to p->findings. */
void compose_validate(struct compose_project *p);

#endif
