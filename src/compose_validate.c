/* Compose file validation and the key registries: see compose_validate.h.
 *
 * The tables follow the Compose specification's JSON schema (services,
 * top level, and the nested objects that have a closed set of keys). A
 * key's types say what its value may be; null is always accepted, as an
 * empty key means "not set". Everything here reports and goes on: one bad
 * service never hides the findings of the next. */
#include "config.h"

#include "compose_validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compose_model.h"
#include "strbuf.h"
#include "xalloc.h"

/* Shorthands for the tables below only, so each row stays one short line. */
enum {
    S = COMPOSE_T_STR,
    B = COMPOSE_T_BOOL,
    I = COMPOSE_T_INT,
    N = COMPOSE_T_NUM,
    M = COMPOSE_T_MAP,
    L = COMPOSE_T_SEQ,
};

const struct compose_key_spec compose_keys_top[] = {
    {"version", COMPOSE_T_ANY}, /* checked on its own, with a better message */
    {"name", S},
    {"include", L},
    {"services", M},
    {"networks", M},
    {"volumes", M},
    {"secrets", M},
    {"configs", M},
    {"models", M},
    {NULL, 0},
};

const struct compose_key_spec compose_keys_service[] = {
    {"annotations", M | L},
    {"attach", B | S},
    {"blkio_config", M},
    {"build", S | M},
    {"cap_add", L},
    {"cap_drop", L},
    {"cgroup", S},
    {"cgroup_parent", S},
    {"command", S | L},
    {"configs", L},
    {"container_name", S},
    {"cpu_count", S | I},
    {"cpu_percent", S | I},
    {"cpu_period", N | S},
    {"cpu_quota", N | S},
    {"cpu_rt_period", N | S},
    {"cpu_rt_runtime", N | S},
    {"cpu_shares", N | S},
    {"cpus", N | S},
    {"cpuset", S},
    {"credential_spec", M},
    {"depends_on", L | M},
    {"deploy", M},
    {"develop", M},
    {"device_cgroup_rules", L},
    {"devices", L},
    {"dns", S | L},
    {"dns_opt", L},
    {"dns_search", S | L},
    {"domainname", S},
    {"entrypoint", S | L},
    {"env_file", S | L},
    {"environment", M | L},
    {"expose", L},
    {"extends", S | M},
    {"external_links", L},
    {"extra_hosts", L | M},
    {"gpus", S | L},
    {"group_add", L},
    {"healthcheck", M},
    {"hostname", S},
    {"image", S},
    {"init", B | S},
    {"ipc", S},
    {"isolation", S},
    {"label_file", S | L},
    {"labels", M | L},
    {"links", L},
    {"logging", M},
    {"mac_address", S},
    {"mem_limit", N | S},
    {"mem_reservation", S | I},
    {"mem_swappiness", I | S},
    {"memswap_limit", N | S},
    {"models", L | M},
    {"network_mode", S},
    {"networks", L | M},
    {"oom_kill_disable", B | S},
    {"oom_score_adj", S | I},
    {"pid", S},
    {"pids_limit", N | S},
    {"platform", S},
    {"ports", L},
    {"post_start", L},
    {"pre_stop", L},
    {"privileged", B | S},
    {"profiles", L},
    {"provider", M},
    {"pull_policy", S},
    {"pull_refresh_after", S},
    {"read_only", B | S},
    {"restart", S},
    {"runtime", S},
    {"scale", I | S},
    {"secrets", L},
    {"security_opt", L},
    {"shm_size", N | S},
    {"stdin_open", B | S},
    {"stop_grace_period", S | N}, /* a number is refused with a clearer message */
    {"stop_signal", S},
    {"storage_opt", M},
    {"sysctls", M | L},
    {"tmpfs", S | L},
    {"tty", B | S},
    {"ulimits", M},
    {"use_api_socket", B},
    {"user", S},
    {"userns_mode", S},
    {"uts", S},
    {"volumes", L},
    {"volumes_from", L},
    {"working_dir", S},
    {NULL, 0},
};

const struct compose_key_spec compose_keys_build[] = {
    {"context", S},
    {"dockerfile", S},
    {"dockerfile_inline", S},
    {"entitlements", L},
    {"args", M | L},
    {"ssh", M | L},
    {"labels", M | L},
    {"cache_from", L},
    {"cache_to", L},
    {"no_cache", B | S},
    {"additional_contexts", M | L},
    {"network", S},
    {"pull", B | S},
    {"target", S},
    {"shm_size", I | S},
    {"extra_hosts", L | M},
    {"isolation", S},
    {"privileged", B | S},
    {"secrets", L},
    {"tags", L},
    {"ulimits", M},
    {"platforms", L},
    {NULL, 0},
};

const struct compose_key_spec compose_keys_healthcheck[] = {
    {"disable", B | S}, {"interval", S | N},     {"retries", N | S},        {"test", S | L},
    {"timeout", S | N}, {"start_period", S | N}, {"start_interval", S | N}, {NULL, 0},
};

const struct compose_key_spec compose_keys_port[] = {
    {"name", S},          {"mode", S},     {"host_ip", S},      {"target", I | S},
    {"published", S | I}, {"protocol", S}, {"app_protocol", S}, {NULL, 0},
};

const struct compose_key_spec compose_keys_mount[] = {
    {"type", S}, {"source", S}, {"target", S}, {"read_only", B | S}, {"consistency", S},
    {"bind", M}, {"volume", M}, {"tmpfs", M},  {"image", M},         {NULL, 0},
};

const struct compose_key_spec compose_keys_depends_on[] = {
    {"condition", S},
    {"restart", B | S},
    {"required", B},
    {NULL, 0},
};

const struct compose_key_spec compose_keys_service_network[] = {
    {"aliases", L},      {"interface_name", S}, {"ipv4_address", S},
    {"ipv6_address", S}, {"link_local_ips", L}, {"mac_address", S},
    {"driver_opts", M},  {"priority", N},       {"gw_priority", N},
    {NULL, 0},
};

const struct compose_key_spec compose_keys_logging[] = {
    {"driver", S},
    {"options", M},
    {NULL, 0},
};

const struct compose_key_spec compose_keys_volume[] = {
    {"name", S},       {"driver", S}, {"driver_opts", M}, {"external", B | S | M},
    {"labels", M | L}, {NULL, 0},
};

const struct compose_key_spec compose_keys_network[] = {
    {"name", S},
    {"driver", S},
    {"driver_opts", M},
    {"ipam", M},
    {"external", B | S | M},
    {"internal", B | S},
    {"enable_ipv4", B | S},
    {"enable_ipv6", B | S},
    {"attachable", B | S},
    {"labels", M | L},
    {NULL, 0},
};

const struct compose_key_spec compose_keys_secret[] = {
    {"name", S},       {"environment", S}, {"file", S},        {"external", B | S | M},
    {"labels", M | L}, {"driver", S},      {"driver_opts", M}, {"template_driver", S},
    {NULL, 0},
};

const struct compose_key_spec compose_keys_config[] = {
    {"name", S},
    {"content", S},
    {"environment", S},
    {"file", S},
    {"external", B | S | M},
    {"labels", M | L},
    {"template_driver", S},
    {NULL, 0},
};

const struct compose_key_spec compose_keys_service_secret[] = {
    {"source", S}, {"target", S}, {"uid", S}, {"gid", S}, {"mode", N | S}, {NULL, 0},
};

void compose_note(struct compose_findings *f, const char *file, enum compose_severity severity,
                  const struct compose_node *node, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    compose_findings_add(f, severity, file, node ? node->start.line : 0, node ? node->start.col : 0,
                         "%s", msg);
}

/* Optimal string alignment distance, capped: enough to tell a typo. */
static size_t compose_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    size_t d[65][65];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

static bool compose_same_ignoring_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = (char)((*a >= 'A' && *a <= 'Z') ? *a + 32 : *a);
        char y = (char)((*b >= 'A' && *b <= 'Z') ? *b + 32 : *b);
        if (x != y)
            return false;
    }
    return *a == *b;
}

/* The best of names[0..n) for word, or NULL. */
static const char *compose_suggest_among(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t best_d = 99, len = strlen(word);
    size_t limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    for (size_t i = 0; i < n; i++) {
        if (compose_same_ignoring_case(word, names[i]))
            return names[i];
        size_t d = compose_distance(word, names[i]);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    return best_d <= limit ? best : NULL;
}

const char *compose_suggest(const char *word, const struct compose_key_spec *spec)
{
    const char *names[128];
    size_t n = 0;
    for (; spec->name && n < 128; spec++)
        names[n++] = spec->name;
    return compose_suggest_among(word, names, n);
}

bool compose_type_allowed(const struct compose_node *n, unsigned types)
{
    if (!n)
        return true;
    switch (n->type) {
    case COMPOSE_TYPE_NULL:
        return true;
    case COMPOSE_TYPE_STR:
        return (types & COMPOSE_T_STR) != 0;
    case COMPOSE_TYPE_BOOL:
        return (types & COMPOSE_T_BOOL) != 0;
    case COMPOSE_TYPE_INT:
        return (types & COMPOSE_T_INT) != 0;
    case COMPOSE_TYPE_FLOAT:
        return (types & COMPOSE_T_FLOAT) != 0;
    case COMPOSE_TYPE_MAP:
        return (types & COMPOSE_T_MAP) != 0;
    case COMPOSE_TYPE_SEQ:
        return (types & COMPOSE_T_SEQ) != 0;
    }
    return false;
}

/* "a string or a list". */
static void compose_types_text(unsigned types, char *out, size_t size)
{
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {
        {COMPOSE_T_STR, "a string"},   {COMPOSE_T_NUM, "a number"},  {COMPOSE_T_INT, "an integer"},
        {COMPOSE_T_BOOL, "a boolean"}, {COMPOSE_T_MAP, "a mapping"}, {COMPOSE_T_SEQ, "a list"},
    };
    const char *parts[6];
    size_t n = 0;
    for (size_t i = 0; i < 6; i++) {
        unsigned bit = names[i].bit;
        if ((types & bit) == bit && !(bit == COMPOSE_T_INT && (types & COMPOSE_T_FLOAT)))
            parts[n++] = names[i].name;
    }
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%s",
                 i == 0       ? ""
                 : i + 1 == n ? " or "
                              : ", ",
                 parts[i]);
    }
}

void compose_check_keys(struct compose_findings *f, const struct compose_node *map,
                        const struct compose_key_spec *spec, const char *what)
{
    if (!map || map->kind != COMPOSE_NODE_MAPPING)
        return;
    for (size_t i = 0; i < map->neff; i++) {
        const struct compose_pair *pr = &map->eff[i];
        if (pr->key->kind != COMPOSE_NODE_SCALAR) {
            compose_note(f, map->file, COMPOSE_ERROR, pr->key, "%s: keys must be strings", what);
            continue;
        }
        const char *key = pr->key->raw;
        if (strncmp(key, "x-", 2) == 0)
            continue;
        const struct compose_key_spec *k = spec;
        while (k->name && strcmp(k->name, key) != 0)
            k++;
        if (!k->name) {
            const char *hint = compose_suggest(key, spec);
            if (hint)
                compose_note(f, map->file, COMPOSE_ERROR, pr->key,
                             "%s: unknown key \"%s\" (did you mean \"%s\"?)", what, key, hint);
            else
                compose_note(f, map->file, COMPOSE_ERROR, pr->key, "%s: unknown key \"%s\"", what,
                             key);
            continue;
        }
        if (!compose_type_allowed(pr->value, k->types)) {
            char want[128];
            compose_types_text(k->types, want, sizeof want);
            compose_note(f, map->file, COMPOSE_ERROR, pr->value, "%s: \"%s\" must be %s, not %s%s",
                         what, key, want, pr->value->type == COMPOSE_TYPE_INT ? "an " : "a ",
                         compose_type_name(pr->value->type));
        }
    }
}

/* --- whole-file checks ---------------------------------------------------- */

static bool compose_name_valid(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '.' || *s == '_' || *s == '-'))
            return false;
    return true;
}

/* Duplicate keys in every mapping written in the file (aliases share their
 * target's content, so they are skipped: each mapping is seen once). */
static void compose_check_duplicates(struct compose_project *p)
{
    const struct compose_node *services = compose_map_get(p->doc.root, "services");
    for (size_t n = 0; n < p->doc.nnodes; n++) {
        const struct compose_node *m = p->doc.nodes[n];
        if (m->alias_of || m->kind != COMPOSE_NODE_MAPPING)
            continue;
        for (size_t j = 1; j < m->npairs; j++) {
            const struct compose_node *kj = m->pairs[j].key;
            if (kj->kind != COMPOSE_NODE_SCALAR)
                continue;
            for (size_t i = 0; i < j; i++) {
                const struct compose_node *ki = m->pairs[i].key;
                if (ki->kind != COMPOSE_NODE_SCALAR || strcmp(ki->raw, kj->raw) != 0)
                    continue;
                if (m == services)
                    compose_note(&p->findings, p->file, COMPOSE_ERROR, kj,
                                 "service \"%s\" is defined twice (first at line %u); YAML "
                                 "keeps only one of them, so the other is silently lost",
                                 kj->raw, ki->start.line);
                else
                    compose_note(&p->findings, p->file, COMPOSE_ERROR, kj,
                                 "duplicate key \"%s\" (first at line %u, column %u)", kj->raw,
                                 ki->start.line, ki->start.col);
                break;
            }
        }
    }
}

/* Unquoted yes/no/on/off: strings to Compose v2, booleans to YAML 1.1. */
static void compose_check_yaml11(struct compose_project *p)
{
    for (size_t n = 0; n < p->doc.nnodes; n++) {
        const struct compose_node *s = p->doc.nodes[n];
        if (s->alias_of || s->kind != COMPOSE_NODE_SCALAR || s->is_key || s->tag ||
            s->style != COMPOSE_STYLE_PLAIN || !compose_yaml11_bool_word(s->raw))
            continue;
        bool truthy = s->raw[0] == 'y' || s->raw[0] == 'Y' || strcmp(s->raw, "on") == 0 ||
                      strcmp(s->raw, "On") == 0 || strcmp(s->raw, "ON") == 0;
        compose_note(&p->findings, p->file, COMPOSE_WARNING, s,
                     "unquoted %s is the string \"%s\" for Compose v2 (YAML 1.2), but YAML 1.1 "
                     "loaders such as docker-compose 1.x read it as the boolean %s; quote it",
                     s->raw, s->raw, truthy ? "true" : "false");
    }
}

/* Position of the first key (for whole-file findings about the layout). */
static const struct compose_node *compose_first_key(const struct compose_node *root)
{
    return root->npairs ? root->pairs[0].key : root;
}

static void compose_check_top(struct compose_project *p, bool *has_services)
{
    const struct compose_node *root = p->doc.root;
    struct compose_findings *f = &p->findings;
    const struct compose_node *services = compose_map_get(root, "services");
    *has_services = false;

    /* Version 1 put the services at the top level. */
    const struct compose_pair *legacy = NULL;
    if (!services) {
        for (size_t i = 0; i < root->neff && !legacy; i++) {
            const struct compose_pair *pr = &root->eff[i];
            const char *k = compose_pair_key(pr);
            bool known = false;
            for (const struct compose_key_spec *t = compose_keys_top; t->name; t++)
                known = known || strcmp(t->name, k) == 0;
            if (!known && strncmp(k, "x-", 2) != 0 && pr->value->kind == COMPOSE_NODE_MAPPING &&
                (compose_map_get(pr->value, "image") || compose_map_get(pr->value, "build")))
                legacy = pr;
        }
    }
    if (legacy) {
        compose_note(f, p->file, COMPOSE_ERROR, legacy->key,
                     "no \"services\" key: this is the version-1 layout (services at the top "
                     "level, here \"%s\"), which Compose v2 no longer reads; move the services "
                     "under \"services:\"",
                     compose_pair_key(legacy));
        return;
    }
    compose_check_keys(f, root, compose_keys_top, "top level");

    const struct compose_node *version = compose_map_get(root, "version");
    if (version && version->kind == COMPOSE_NODE_SCALAR && version->type != COMPOSE_TYPE_STR &&
        version->type != COMPOSE_TYPE_NULL)
        compose_note(f, p->file, COMPOSE_ERROR, version,
                     "\"version\" must be a string, not %s %s: write version: \"%s\" (unquoted, "
                     "YAML reads it as a number)",
                     version->type == COMPOSE_TYPE_INT ? "an" : "a",
                     compose_type_name(version->type), version->raw);
    else if (version && version->kind != COMPOSE_NODE_SCALAR)
        compose_note(f, p->file, COMPOSE_ERROR, version, "\"version\" must be a string, not a %s",
                     compose_type_name(version->type));

    const struct compose_pair *include = compose_map_pair(root, "include");
    if (include)
        compose_note(f, p->file, COMPOSE_WARNING, include->key,
                     "\"include\" is not followed here: services, volumes and networks from "
                     "the included files are not checked");

    if (!services && include)
        return; /* the services may all come from the included files */
    if (!services) {
        compose_note(f, p->file, COMPOSE_ERROR, compose_first_key(root),
                     "no \"services\" key: a compose file needs at least one service");
        return;
    }
    if (compose_node_is_null(services) ||
        (services->kind == COMPOSE_NODE_MAPPING && services->neff == 0)) {
        compose_note(f, p->file, COMPOSE_ERROR, services,
                     "\"services\" is empty: define at least one service");
        return;
    }
    if (!version)
        compose_note(f, p->file, COMPOSE_WARNING, compose_first_key(root),
                     "no \"version\" key: Compose v2 and docker-compose 1.27+ do not need one, "
                     "but older docker-compose reads a file without it as the version-1 layout");
    *has_services = services->kind == COMPOSE_NODE_MAPPING;
}

static const struct compose_resource *compose_find_resource(const struct compose_resource *r,
                                                            size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(r[i].name, name) == 0)
            return &r[i];
    return NULL;
}

/* A build context on this machine that is not there. URLs and git
 * remotes are left alone. */
static void compose_check_context(struct compose_project *p, const struct compose_service *s)
{
    const char *ctx = s->build.context;
    if (!ctx || !ctx[0] || strstr(ctx, "://") || strncmp(ctx, "git@", 4) == 0 ||
        strncmp(ctx, "github.com/", 11) == 0)
        return;
    char *path = ctx[0] == '/' ? xstrdup(ctx) : xasprintf("%s/%s", p->dir, ctx);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        compose_note(&p->findings, p->file, COMPOSE_WARNING, s->build.context_node,
                     "service \"%s\": build context \"%s\" is not a folder here", s->name, ctx);
    free(path);
}

static void compose_check_service(struct compose_project *p, const struct compose_service *s)
{
    struct compose_findings *f = &p->findings;
    if (!compose_name_valid(s->name))
        compose_note(f, p->file, COMPOSE_ERROR, s->key,
                     "service name \"%s\" may only hold letters, digits, '.', '_' and '-'",
                     s->name);
    if (s->node->kind != COMPOSE_NODE_MAPPING) {
        if (compose_node_is_null(s->node))
            compose_note(f, p->file, COMPOSE_ERROR, s->key, "service \"%s\" has no definition",
                         s->name);
        else
            compose_note(f, p->file, COMPOSE_ERROR, s->node,
                         "service \"%s\" must be a mapping, not a %s", s->name,
                         compose_type_name(s->node->type));
        return;
    }
    if (!s->image && !s->build.present && !compose_map_get(s->node, "extends") &&
        !compose_map_get(s->node, "provider"))
        compose_note(f, p->file, COMPOSE_ERROR, s->key,
                     "service \"%s\" has neither \"image\" nor \"build\": one of them is needed",
                     s->name);
    if (s->build.present)
        compose_check_context(p, s);

    const char *names[256];
    size_t nnames = 0;
    for (size_t i = 0; i < p->nservices && nnames < 256; i++)
        names[nnames++] = p->services[i].name;
    for (size_t i = 0; i < s->ndeps; i++) {
        const struct compose_dep *d = &s->deps[i];
        const struct compose_service *t = compose_project_service(p, d->service);
        if (strcmp(d->service, s->name) == 0) {
            compose_note(f, p->file, COMPOSE_ERROR, d->node, "service \"%s\" depends on itself",
                         s->name);
        } else if (!t) {
            const char *hint = compose_suggest_among(d->service, names, nnames);
            compose_note(f, p->file, COMPOSE_ERROR, d->node,
                         "service \"%s\" depends on \"%s\", which is not defined%s%s%s", s->name,
                         d->service, hint ? " (did you mean \"" : "", hint ? hint : "",
                         hint ? "\"?)" : "");
        } else if (d->condition == COMPOSE_CONDITION_HEALTHY &&
                   (!t->healthcheck.present || t->healthcheck.disable)) {
            compose_note(f, p->file, COMPOSE_WARNING, d->node,
                         "service \"%s\" waits for \"%s\" to be healthy, but \"%s\" has no "
                         "healthcheck here (its image must define one)",
                         s->name, d->service, d->service);
        }
    }
    for (size_t i = 0; i < s->nmounts; i++) {
        const struct compose_mount *m = &s->mounts[i];
        if (m->type == COMPOSE_MOUNT_VOLUME && m->source &&
            !compose_find_resource(p->volumes, p->nvolumes, m->source))
            compose_note(f, p->file, COMPOSE_ERROR, m->source_node,
                         "service \"%s\" uses volume \"%s\", which is not declared under the "
                         "top-level \"volumes\" key",
                         s->name, m->source);
    }
    for (size_t i = 0; i < s->nnetworks; i++) {
        const struct compose_service_net *n = &s->networks[i];
        if (strcmp(n->name, "default") != 0 &&
            !compose_find_resource(p->networks, p->nnetworks, n->name))
            compose_note(f, p->file, COMPOSE_ERROR, n->node,
                         "service \"%s\" joins network \"%s\", which is not declared under the "
                         "top-level \"networks\" key",
                         s->name, n->name);
    }
    if (s->network_mode && s->nnetworks > 0)
        compose_note(f, p->file, COMPOSE_ERROR, compose_map_get(s->node, "network_mode"),
                     "service \"%s\": \"network_mode\" and \"networks\" cannot be used together",
                     s->name);
    if (s->network_mode && strncmp(s->network_mode, "service:", 8) == 0 &&
        !compose_project_service(p, s->network_mode + 8))
        compose_note(f, p->file, COMPOSE_ERROR, compose_map_get(s->node, "network_mode"),
                     "service \"%s\": network_mode names service \"%s\", which is not defined",
                     s->name, s->network_mode + 8);
    for (size_t i = 0; i < s->nsecrets; i++)
        if (!compose_find_resource(p->secrets, p->nsecrets, s->secrets[i]))
            compose_note(f, p->file, COMPOSE_ERROR, s->secret_nodes[i],
                         "service \"%s\" uses secret \"%s\", which is not declared under the "
                         "top-level \"secrets\" key",
                         s->name, s->secrets[i]);
    for (size_t i = 0; i < s->nconfigs; i++)
        if (!compose_find_resource(p->configs, p->nconfigs, s->configs[i]))
            compose_note(f, p->file, COMPOSE_ERROR, s->config_nodes[i],
                         "service \"%s\" uses config \"%s\", which is not declared under the "
                         "top-level \"configs\" key",
                         s->name, s->configs[i]);
}

/* depends_on cycles: a depth-first walk with its own stack (a file can
 * hold many services); a dependency on a service still on the walk's path
 * closes a cycle, reported at that dependency. */
static size_t compose_service_index(const struct compose_project *p, const char *name)
{
    for (size_t i = 0; i < p->nservices; i++)
        if (strcmp(p->services[i].name, name) == 0)
            return i;
    return (size_t)-1;
}

static void compose_cycle_report(struct compose_project *p, const size_t *path, size_t depth,
                                 size_t target, const struct compose_node *at)
{
    struct strbuf sb;
    strbuf_init(&sb);
    size_t from = 0;
    while (path[from] != target)
        from++;
    for (size_t k = from; k < depth; k++)
        strbuf_appendf(&sb, "%s -> ", p->services[path[k]].name);
    strbuf_puts(&sb, p->services[target].name);
    compose_note(&p->findings, p->file, COMPOSE_ERROR, at, "dependency cycle: %s", sb.data);
    strbuf_done(&sb);
}

static void compose_check_cycles(struct compose_project *p)
{
    size_t n = p->nservices;
    if (n == 0)
        return;
    unsigned char *state = xcalloc(n, 1); /* 0 unseen, 1 on the path, 2 done */
    size_t *path = xcalloc(n, sizeof *path);
    size_t *next = xcalloc(n, sizeof *next); /* per path entry: next dependency to follow */
    for (size_t start = 0; start < n; start++) {
        if (state[start])
            continue;
        size_t depth = 0;
        path[depth] = start;
        next[depth++] = 0;
        state[start] = 1;
        while (depth > 0) {
            size_t v = path[depth - 1];
            const struct compose_service *s = &p->services[v];
            if (next[depth - 1] >= s->ndeps) {
                state[v] = 2;
                depth--;
                continue;
            }
            const struct compose_dep *d = &s->deps[next[depth - 1]++];
            size_t t = compose_service_index(p, d->service);
            if (t == (size_t)-1 || t == v)
                continue;
            if (state[t] == 1) {
                compose_cycle_report(p, path, depth, t, d->node);
            } else if (state[t] == 0) {
                state[t] = 1;
                path[depth] = t;
                next[depth++] = 0;
            }
        }
    }
    free(state);
    free(path);
    free(next);
}

static void compose_check_resource_names(struct compose_project *p, const char *kind,
                                         const struct compose_resource *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!compose_name_valid(r[i].name))
            compose_note(&p->findings, p->file, COMPOSE_ERROR, r[i].key,
                         "%s name \"%s\" may only hold letters, digits, '.', '_' and '-'", kind,
                         r[i].name);
}

void compose_validate(struct compose_project *p)
{
    const struct compose_node *root = p->doc.root;
    if (p->doc.yaml_error)
        return;
    if (!root || compose_node_is_null(root)) {
        compose_findings_add(&p->findings, COMPOSE_ERROR, p->file, 0, 0,
                             "the file is empty: a compose file needs a \"services\" key");
        return;
    }
    if (root->kind != COMPOSE_NODE_MAPPING) {
        compose_note(&p->findings, p->file, COMPOSE_ERROR, root,
                     "the top level must be a mapping (services:, volumes:...), not a %s",
                     compose_type_name(root->type));
        return;
    }
    compose_check_duplicates(p);
    compose_check_yaml11(p);
    bool has_services;
    compose_check_top(p, &has_services);
    compose_check_resource_names(p, "volume", p->volumes, p->nvolumes);
    compose_check_resource_names(p, "network", p->networks, p->nnetworks);
    if (!has_services)
        return;
    for (size_t i = 0; i < p->nservices; i++)
        compose_check_service(p, &p->services[i]);
    compose_check_cycles(p);
}
