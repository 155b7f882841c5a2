/* Compose file -> C data, and the loader that runs every stage: see
 * compose_model.h.
 *
 * Each builder below takes the node of one key and reports what it cannot
 * understand at that node's own location, then carries on. Type checks of
 * whole keys happen once, from the key tables (compose_check_keys), so the
 * builders only skip values of the wrong shape without a second message. */
#include "config.h"

#include "compose_model.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compose_validate.h"
#include "strbuf.h"
#include "xalloc.h"

/* Compose files are small; this keeps a stray huge file from eating memory. */
#define COMPOSE_MAX_FILE (16u * 1024u * 1024u)

struct compose_builder {
    struct compose_project *p;
    struct compose_findings *f;
    const char *file;
};

static void compose_model_error(struct compose_builder *b, const struct compose_node *n,
                                const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void compose_model_error(struct compose_builder *b, const struct compose_node *n,
                                const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    compose_note(b->f, b->file, COMPOSE_ERROR, n, "%s", msg);
}

static void compose_model_warning(struct compose_builder *b, const struct compose_node *n,
                                  const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void compose_model_warning(struct compose_builder *b, const struct compose_node *n,
                                  const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    compose_note(b->f, b->file, COMPOSE_WARNING, n, "%s", msg);
}

/* --- value parsers ---------------------------------------------------------- */

static void compose_why(char *why, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void compose_why(char *why, size_t size, const char *fmt, ...)
{
    if (!why || size == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, size, fmt, ap);
    va_end(ap);
}

/* strconv.ParseUint(s, 10, 16) as the engine uses it. */
static int compose_parse_u16(const char *s, size_t len, unsigned *out)
{
    if (len == 0)
        return -1;
    unsigned long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned long)(s[i] - '0');
        if (v > 65535)
            return -2;
    }
    *out = (unsigned)v;
    return 0;
}

int compose_parse_port_range(const char *s, unsigned *start, unsigned *end, char *why,
                             size_t why_size)
{
    const char *dash = strchr(s, '-');
    size_t alen = dash ? (size_t)(dash - s) : strlen(s);
    if (!s[0]) {
        compose_why(why, why_size, "no port given");
        return -1;
    }
    int rc = compose_parse_u16(s, alen, start);
    if (rc == 0 && dash) {
        if (strchr(dash + 1, '-'))
            rc = -1;
        else
            rc = compose_parse_u16(dash + 1, strlen(dash + 1), end);
    } else if (rc == 0) {
        *end = *start;
    }
    if (rc == -2) {
        compose_why(why, why_size, "port %s is out of range (0-65535)", s);
        return -1;
    }
    if (rc < 0) {
        compose_why(why, why_size, "\"%s\" is not a port or a port range", s);
        return -1;
    }
    if (*end < *start) {
        compose_why(why, why_size, "range %s ends before it starts", s);
        return -1;
    }
    return 0;
}

bool compose_ip_valid(const char *s)
{
    unsigned char buf[16];
    return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

static bool compose_protocol_valid(const char *proto, char out[8])
{
    static const char *const known[] = {"tcp", "udp", "sctp"};
    char low[8];
    size_t n = strlen(proto);
    if (n >= sizeof low)
        return false;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)((proto[i] >= 'A' && proto[i] <= 'Z') ? proto[i] + 32 : proto[i]);
    for (size_t i = 0; i < 3; i++) {
        if (strcmp(low, known[i]) == 0) {
            memcpy(out, low, n + 1);
            return true;
        }
    }
    return false;
}

void compose_port_done(struct compose_port *port)
{
    free(port->host_ip);
    free(port->mode);
    free(port->name);
    memset(port, 0, sizeof *port);
}

int compose_parse_port(const char *spec, struct compose_port *out, char *why, size_t why_size)
{
    memset(out, 0, sizeof *out);
    memcpy(out->protocol, "tcp", 4);
    /* The engine (go-connections nat.ParsePortSpec) splits on ':': the last
     * part is the container port, the one before it the host port, and
     * everything before those the host address, so a bare IPv6 address
     * works as long as both ports are given. */
    size_t nparts = 1;
    for (const char *c = spec; *c; c++)
        nparts += *c == ':';
    const char *last = strrchr(spec, ':');
    const char *cont = last ? last + 1 : spec;
    const char *host = NULL, *ip = NULL;
    size_t host_len = 0, ip_len = 0;
    if (nparts >= 2) {
        const char *prev = last;
        while (prev > spec && prev[-1] != ':')
            prev--;
        host = prev;
        host_len = (size_t)(last - prev);
        if (nparts >= 3) {
            ip = spec;
            ip_len = (size_t)(prev - 1 - spec);
        }
    }

    char *cport = xstrdup(cont);
    char *slash = strchr(cport, '/');
    if (slash) {
        *slash = '\0';
        const char *proto = slash + 1;
        if (proto[0] && !compose_protocol_valid(proto, out->protocol)) {
            compose_why(why, why_size, "protocol \"%s\" is not tcp, udp or sctp", proto);
            free(cport);
            return -1;
        }
    }
    int rc = 0;
    char sub[160];
    if (ip && ip_len > 0) {
        char *addr = xstrndup(ip, ip_len);
        char *a = addr;
        if (a[0] == '[') {
            size_t al = strlen(a);
            if (al < 2 || a[al - 1] != ']') {
                compose_why(why, why_size, "host address \"%s\" has an unclosed bracket", addr);
                rc = -1;
            } else {
                a[al - 1] = '\0';
                a++;
            }
        }
        if (rc == 0 && !compose_ip_valid(a)) {
            if (strchr(a, ':') && addr[0] != '[')
                compose_why(why, why_size,
                            "host address \"%s\" is not a valid IP address (the engine takes "
                            "everything before the last two colons as the address; bracket "
                            "IPv6 addresses: [addr]:host:container)",
                            a);
            else
                compose_why(why, why_size, "host address \"%s\" is not a valid IP address", a);
            rc = -1;
        }
        if (rc == 0)
            out->host_ip = xstrdup(a);
        free(addr);
    }
    if (rc == 0 && !cport[0]) {
        compose_why(why, why_size, "no container port given");
        rc = -1;
    }
    if (rc == 0 &&
        compose_parse_port_range(cport, &out->target, &out->target_end, sub, sizeof sub) < 0) {
        compose_why(why, why_size, "container port: %s", sub);
        rc = -1;
    }
    if (rc == 0 && host && host_len > 0) {
        char *h = xstrndup(host, host_len);
        if (compose_parse_port_range(h, &out->published, &out->published_end, sub, sizeof sub) <
            0) {
            compose_why(why, why_size, "host port: %s", sub);
            rc = -1;
        } else if (out->published_end - out->published != out->target_end - out->target &&
                   out->target_end != out->target) {
            /* A host range with one container port is a pool the engine
             * picks from; two ranges must be the same length. */
            compose_why(why, why_size,
                        "host range %s has %u ports but container range %s has %u; they must "
                        "be the same length",
                        h, out->published_end - out->published + 1, cport,
                        out->target_end - out->target + 1);
            rc = -1;
        }
        free(h);
    }
    if (!out->host_ip && rc == 0)
        out->host_ip = xstrdup("");
    free(cport);
    if (rc < 0)
        compose_port_done(out);
    return rc;
}

int compose_parse_duration(const char *s, int64_t *ns, char *why, size_t why_size)
{
    static const struct {
        const char *unit;
        double ns;
    } units[] = {
        {"ns", 1.0}, {"us", 1e3}, {"\xC2\xB5s", 1e3}, {"\xCE\xBCs", 1e3},
        {"ms", 1e6}, {"s", 1e9},  {"m", 60e9},        {"h", 3600e9},
    };
    const char *p = s;
    bool neg = false;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    if (strcmp(p, "0") == 0) {
        *ns = 0;
        return 0;
    }
    if (!*p) {
        compose_why(why, why_size, "\"%s\" is not a duration", s);
        return -1;
    }
    double total = 0;
    while (*p) {
        const char *num = p;
        double v = 0, scale = 1;
        bool digits = false;
        while (*p >= '0' && *p <= '9') {
            v = v * 10 + (*p++ - '0');
            digits = true;
        }
        if (*p == '.') {
            p++;
            while (*p >= '0' && *p <= '9') {
                scale /= 10;
                v += (*p++ - '0') * scale;
                digits = true;
            }
        }
        if (!digits) {
            compose_why(why, why_size,
                        "\"%s\" is not a duration (write it like 30s, 1m30s, 500ms or 1h)", s);
            return -1;
        }
        const char *u = p;
        while (*p && !(*p >= '0' && *p <= '9') && *p != '.')
            p++;
        size_t ulen = (size_t)(p - u);
        if (ulen == 0) {
            if (num == s || (num == s + 1 && (s[0] == '-' || s[0] == '+')))
                compose_why(why, why_size, "duration %s has no unit (write %ss, or 1m, 500ms...)",
                            s, s);
            else
                compose_why(why, why_size, "duration \"%s\" ends without a unit", s);
            return -1;
        }
        bool found = false;
        for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
            if (strlen(units[i].unit) == ulen && memcmp(units[i].unit, u, ulen) == 0) {
                total += v * units[i].ns;
                found = true;
                break;
            }
        }
        if (!found) {
            compose_why(why, why_size,
                        "\"%s\" is not a duration: unknown unit \"%.*s\" (use ns, us, ms, s, m "
                        "or h, as in 1m30s)",
                        s, (int)ulen, u);
            return -1;
        }
    }
    if (total > 9.2e18) {
        compose_why(why, why_size, "duration \"%s\" is too long", s);
        return -1;
    }
    *ns = (int64_t)(neg ? -total : total);
    return 0;
}

bool compose_restart_valid(const char *s)
{
    if (strcmp(s, "no") == 0 || strcmp(s, "always") == 0 || strcmp(s, "unless-stopped") == 0 ||
        strcmp(s, "on-failure") == 0)
        return true;
    if (strncmp(s, "on-failure:", 11) != 0 || !s[11])
        return false;
    for (const char *c = s + 11; *c; c++)
        if (*c < '0' || *c > '9')
            return false;
    return true;
}

/* --- value utilities ---------------------------------------------------------- */

static bool compose_is_scalar(const struct compose_node *n)
{
    return n && n->kind == COMPOSE_NODE_SCALAR && n->type != COMPOSE_TYPE_NULL;
}

/* A scalar's text as a new string, NULL for null or collections. */
static char *compose_str_dup(const struct compose_node *n)
{
    return compose_is_scalar(n) ? xstrdup(n->value) : NULL;
}

static void compose_strv_push(char ***v, size_t *n, const char *s)
{
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = xstrdup(s);
}

static void compose_strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* A string or a list of strings. */
static void compose_string_or_list(struct compose_builder *b, const struct compose_node *n,
                                   const char *what, char ***out, size_t *nout)
{
    if (compose_is_scalar(n)) {
        compose_strv_push(out, nout, n->value);
    } else if (n && n->kind == COMPOSE_NODE_SEQUENCE) {
        for (size_t i = 0; i < n->nitems; i++) {
            if (compose_is_scalar(n->items[i]))
                compose_strv_push(out, nout, n->items[i]->value);
            else
                compose_model_error(b, n->items[i], "%s: each item must be a string", what);
        }
    }
}

/* environment, labels, args: a mapping or a list of KEY=VALUE. */
static void compose_list_or_dict(struct compose_builder *b, const struct compose_node *n,
                                 const char *what, bool empty_value, struct compose_kv **out,
                                 size_t *nout)
{
    if (!n)
        return;
    if (n->kind == COMPOSE_NODE_MAPPING) {
        for (size_t i = 0; i < n->neff; i++) {
            const struct compose_pair *pr = &n->eff[i];
            const struct compose_node *v = pr->value;
            if (v->kind != COMPOSE_NODE_SCALAR) {
                compose_model_error(b, v,
                                    "%s: the value of \"%s\" must be a string, number or "
                                    "boolean, not a %s",
                                    what, compose_pair_key(pr), compose_type_name(v->type));
                continue;
            }
            *out = xrealloc(*out, (*nout + 1) * sizeof **out);
            struct compose_kv *kv = &(*out)[(*nout)++];
            kv->key = xstrdup(compose_pair_key(pr));
            kv->value = v->type == COMPOSE_TYPE_NULL ? NULL : xstrdup(v->value);
            kv->node = v;
            kv->key_node = pr->key;
        }
    } else if (n->kind == COMPOSE_NODE_SEQUENCE) {
        for (size_t i = 0; i < n->nitems; i++) {
            const struct compose_node *it = n->items[i];
            if (!compose_is_scalar(it)) {
                compose_model_error(b, it, "%s: each item must be a KEY=VALUE string", what);
                continue;
            }
            const char *eq = strchr(it->value, '=');
            size_t klen = eq ? (size_t)(eq - it->value) : strlen(it->value);
            if (klen == 0) {
                compose_model_error(b, it, "%s: \"%s\" has no name before '='", what, it->value);
                continue;
            }
            *out = xrealloc(*out, (*nout + 1) * sizeof **out);
            struct compose_kv *kv = &(*out)[(*nout)++];
            kv->key = xstrndup(it->value, klen);
            kv->value = eq ? xstrdup(eq + 1) : empty_value ? xstrdup("") : NULL;
            kv->node = it;
            kv->key_node = it;
        }
    }
}

static void compose_kv_free(struct compose_kv *kv, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(kv[i].key);
        free(kv[i].value);
    }
    free(kv);
}

/* A duration-valued key; returns COMPOSE_DURATION_UNSET when absent/bad. */
static int64_t compose_duration(struct compose_builder *b, const struct compose_node *n,
                                const char *what)
{
    if (!n || compose_node_is_null(n) || n->kind != COMPOSE_NODE_SCALAR)
        return COMPOSE_DURATION_UNSET;
    char why[256];
    if (n->type == COMPOSE_TYPE_INT || n->type == COMPOSE_TYPE_FLOAT) {
        compose_model_error(b, n, "%s: duration %s has no unit (write %ss, or 1m, 500ms...)", what,
                            n->value, n->value);
        return COMPOSE_DURATION_UNSET;
    }
    int64_t ns;
    if (compose_parse_duration(n->value, &ns, why, sizeof why) < 0) {
        compose_model_error(b, n, "%s: %s", what, why);
        return COMPOSE_DURATION_UNSET;
    }
    return ns;
}

/* --- services ------------------------------------------------------------- */

static void compose_model_port_long(struct compose_builder *b, const char *svc,
                                    const struct compose_node *n, struct compose_service *s)
{
    char what[160], why[256];
    snprintf(what, sizeof what, "service \"%s\": port", svc);
    compose_check_keys(b->f, n, compose_keys_port, what);
    struct compose_port port;
    memset(&port, 0, sizeof port);
    memcpy(port.protocol, "tcp", 4);
    port.long_syntax = true;
    port.node = n;
    const struct compose_node *target = compose_map_get(n, "target");
    const struct compose_node *published = compose_map_get(n, "published");
    const struct compose_node *host_ip = compose_map_get(n, "host_ip");
    const struct compose_node *protocol = compose_map_get(n, "protocol");
    bool ok = true;
    if (!compose_is_scalar(target)) {
        compose_model_error(b, n, "%s: the long syntax needs a \"target\" (the container port)",
                            what);
        ok = false;
    } else if (compose_parse_port_range(target->value, &port.target, &port.target_end, why,
                                        sizeof why) < 0) {
        compose_model_error(b, target, "%s: target: %s", what, why);
        ok = false;
    }
    if (compose_is_scalar(published) &&
        compose_parse_port_range(published->value, &port.published, &port.published_end, why,
                                 sizeof why) < 0) {
        compose_model_error(b, published, "%s: published: %s", what, why);
        ok = false;
    }
    if (compose_is_scalar(host_ip) && host_ip->value[0] && !compose_ip_valid(host_ip->value)) {
        compose_model_error(b, host_ip, "%s: host_ip \"%s\" is not a valid IP address", what,
                            host_ip->value);
        ok = false;
    }
    if (compose_is_scalar(protocol) && !compose_protocol_valid(protocol->value, port.protocol)) {
        compose_model_error(b, protocol, "%s: protocol \"%s\" is not tcp, udp or sctp", what,
                            protocol->value);
        ok = false;
    }
    const struct compose_node *mode = compose_map_get(n, "mode");
    if (compose_is_scalar(mode) && strcmp(mode->value, "host") != 0 &&
        strcmp(mode->value, "ingress") != 0) {
        compose_model_error(b, mode, "%s: mode \"%s\" is not host or ingress", what, mode->value);
        ok = false;
    }
    if (!ok)
        return;
    port.host_ip = compose_is_scalar(host_ip) ? xstrdup(host_ip->value) : xstrdup("");
    port.mode = compose_str_dup(mode);
    port.name = compose_str_dup(compose_map_get(n, "name"));
    s->ports = xrealloc(s->ports, (s->nports + 1) * sizeof *s->ports);
    s->ports[s->nports++] = port;
}

/* A YAML 1.1 loader reads 22:22 (both parts under 60) as the number 1342. */
static bool compose_sexagesimal(const char *s)
{
    const char *c = strchr(s, ':');
    if (!c || c == s || s[0] == '0')
        return false;
    for (const char *p = s; p < c; p++)
        if ((*p < '0' || *p > '9') && *p != '_')
            return false;
    while (c && *c == ':') {
        const char *d = c + 1;
        size_t n = 0;
        while (d[n] >= '0' && d[n] <= '9')
            n++;
        if (n == 0 || n > 2 || (n == 2 && d[0] > '5'))
            return false;
        c = d[n] ? d + n : NULL;
        if (c && *c != ':')
            return false;
    }
    return true;
}

static void compose_model_ports(struct compose_builder *b, const char *svc,
                                const struct compose_node *n, struct compose_service *s)
{
    if (!n || n->kind != COMPOSE_NODE_SEQUENCE)
        return;
    for (size_t i = 0; i < n->nitems; i++) {
        const struct compose_node *it = n->items[i];
        char why[384];
        struct compose_port port;
        if (it->kind == COMPOSE_NODE_MAPPING) {
            compose_model_port_long(b, svc, it, s);
            continue;
        }
        if (it->type == COMPOSE_TYPE_INT) {
            unsigned v;
            if (compose_parse_port_range(it->value, &v, &v, why, sizeof why) < 0) {
                compose_model_error(b, it, "service \"%s\": %s", svc, why);
                continue;
            }
        } else if (it->kind != COMPOSE_NODE_SCALAR || it->type != COMPOSE_TYPE_STR) {
            compose_model_error(b, it,
                                "service \"%s\": a port must be a string, a number or a mapping, "
                                "not a %s",
                                svc, compose_type_name(it->type));
            continue;
        }
        if (compose_parse_port(it->value, &port, why, sizeof why) < 0) {
            compose_model_error(b, it, "service \"%s\": port \"%s\": %s", svc, it->value, why);
            continue;
        }
        if (it->style == COMPOSE_STYLE_PLAIN && compose_sexagesimal(it->raw))
            compose_model_warning(b, it,
                                  "service \"%s\": unquoted port %s: YAML 1.1 loaders (such as "
                                  "docker-compose 1.x) read it as a base-60 number; quote it",
                                  svc, it->raw);
        port.node = it;
        s->ports = xrealloc(s->ports, (s->nports + 1) * sizeof *s->ports);
        s->ports[s->nports++] = port;
    }
}

static void compose_model_expose(struct compose_builder *b, const char *svc,
                                 const struct compose_node *n, struct compose_service *s)
{
    if (!n || n->kind != COMPOSE_NODE_SEQUENCE)
        return;
    for (size_t i = 0; i < n->nitems; i++) {
        const struct compose_node *it = n->items[i];
        if (!compose_is_scalar(it) || it->type == COMPOSE_TYPE_BOOL ||
            it->type == COMPOSE_TYPE_FLOAT) {
            compose_model_error(b, it,
                                "service \"%s\": expose items must be ports (\"9100\", "
                                "\"9100-9102\", \"9100/udp\")",
                                svc);
            continue;
        }
        struct compose_port port;
        memset(&port, 0, sizeof port);
        memcpy(port.protocol, "tcp", 4);
        char *spec = xstrdup(it->value), why[256];
        char *slash = strchr(spec, '/');
        bool ok = true;
        if (slash) {
            *slash = '\0';
            if (!compose_protocol_valid(slash + 1, port.protocol)) {
                compose_model_error(b, it,
                                    "service \"%s\": expose \"%s\": protocol \"%s\" is not "
                                    "tcp, udp or sctp",
                                    svc, it->value, slash + 1);
                ok = false;
            }
        }
        if (ok &&
            compose_parse_port_range(spec, &port.target, &port.target_end, why, sizeof why) < 0) {
            compose_model_error(b, it, "service \"%s\": expose \"%s\": %s", svc, it->value, why);
            ok = false;
        }
        free(spec);
        if (!ok)
            continue;
        port.host_ip = xstrdup("");
        port.node = it;
        s->expose = xrealloc(s->expose, (s->nexpose + 1) * sizeof *s->expose);
        s->expose[s->nexpose++] = port;
    }
}

static bool compose_mount_option_known(const char *o)
{
    static const char *const known[] = {
        "ro",     "rw",    "z",       "Z",       "nocopy", "consistent", "cached", "delegated",
        "shared", "slave", "private", "rshared", "rslave", "rprivate",   NULL,
    };
    for (const char *const *k = known; *k; k++)
        if (strcmp(*k, o) == 0)
            return true;
    return false;
}

static bool compose_is_path(const char *s)
{
    return s[0] == '.' || s[0] == '/' || s[0] == '~' || s[0] == '$' ||
           (((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')) && s[1] == ':' &&
            (s[2] == '\\' || s[2] == '/'));
}

static void compose_model_mount_short(struct compose_builder *b, const char *svc,
                                      const struct compose_node *it, struct compose_service *s)
{
    const char *spec = it->value;
    struct compose_mount m;
    memset(&m, 0, sizeof m);
    m.node = it;
    m.source_node = it;
    /* SOURCE:TARGET[:MODE], or TARGET alone (an anonymous volume). A
     * Windows drive letter ("C:\\data", "C:/data") keeps its colon. */
    const char *parts[4];
    size_t lens[4], np = 0;
    const char *p = spec;
    while (np < 4) {
        const char *c = strchr(p, ':');
        bool drive = c && c == p + 1 &&
                     ((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= 'A' && p[0] <= 'Z')) &&
                     (c[1] == '\\' || (c[1] == '/' && strchr(c + 1, ':')));
        if (drive)
            c = strchr(c + 1, ':');
        parts[np] = p;
        lens[np] = c ? (size_t)(c - p) : strlen(p);
        np++;
        if (!c)
            break;
        p = c + 1;
    }
    if (np > 3) {
        compose_model_error(b, it,
                            "service \"%s\": volume \"%s\" has too many ':' (expected "
                            "SOURCE:TARGET[:MODE])",
                            svc, spec);
        return;
    }
    if (np == 1) {
        m.type = COMPOSE_MOUNT_VOLUME;
        m.target = xstrndup(parts[0], lens[0]);
    } else {
        m.source = xstrndup(parts[0], lens[0]);
        m.target = xstrndup(parts[1], lens[1]);
        m.type = compose_is_path(m.source) ? COMPOSE_MOUNT_BIND : COMPOSE_MOUNT_VOLUME;
        if (!m.source[0]) {
            compose_model_error(b, it, "service \"%s\": volume \"%s\" has an empty source", svc,
                                spec);
            free(m.source);
            free(m.target);
            return;
        }
    }
    if (!m.target[0]) {
        compose_model_error(b, it, "service \"%s\": volume \"%s\" has no target path", svc, spec);
        free(m.source);
        free(m.target);
        return;
    }
    if (np == 3) {
        char *mode = xstrndup(parts[2], lens[2]);
        char *save = NULL;
        for (char *o = strtok_r(mode, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
            if (strcmp(o, "ro") == 0)
                m.read_only = true;
            else if (!compose_mount_option_known(o))
                compose_model_warning(b, it, "service \"%s\": volume \"%s\": unknown option \"%s\"",
                                      svc, spec, o);
        }
        free(mode);
    }
    s->mounts = xrealloc(s->mounts, (s->nmounts + 1) * sizeof *s->mounts);
    s->mounts[s->nmounts++] = m;
}

static void compose_model_mount_long(struct compose_builder *b, const char *svc,
                                     const struct compose_node *it, struct compose_service *s)
{
    static const char *const types[] = {"volume",  "bind",  "tmpfs", "npipe",
                                        "cluster", "image", NULL};
    char what[160];
    snprintf(what, sizeof what, "service \"%s\": volume", svc);
    compose_check_keys(b->f, it, compose_keys_mount, what);
    const struct compose_node *type = compose_map_get(it, "type");
    const struct compose_node *source = compose_map_get(it, "source");
    const struct compose_node *target = compose_map_get(it, "target");
    struct compose_mount m;
    memset(&m, 0, sizeof m);
    m.node = it;
    m.source_node = source ? source : it;
    if (!compose_is_scalar(type)) {
        compose_model_error(b, it, "%s: the long syntax needs a \"type\" (volume, bind, tmpfs...)",
                            what);
        return;
    }
    size_t t = 0;
    while (types[t] && strcmp(types[t], type->value) != 0)
        t++;
    if (!types[t]) {
        compose_model_error(b, type,
                            "%s: type \"%s\" is not volume, bind, tmpfs, npipe, cluster or image",
                            what, type->value);
        return;
    }
    m.type = (enum compose_mount_type)t;
    if (!compose_is_scalar(target) || !target->value[0]) {
        compose_model_error(b, it, "%s: the long syntax needs a \"target\" path", what);
        return;
    }
    if (m.type == COMPOSE_MOUNT_BIND && !compose_is_scalar(source)) {
        compose_model_error(b, it, "%s: a bind mount needs a \"source\" path", what);
        return;
    }
    m.source = compose_str_dup(source);
    m.target = xstrdup(target->value);
    const struct compose_node *ro = compose_map_get(it, "read_only");
    m.read_only = compose_is_scalar(ro) && strcmp(ro->value, "true") == 0;
    s->mounts = xrealloc(s->mounts, (s->nmounts + 1) * sizeof *s->mounts);
    s->mounts[s->nmounts++] = m;
}

static void compose_model_mounts(struct compose_builder *b, const char *svc,
                                 const struct compose_node *n, struct compose_service *s)
{
    if (!n || n->kind != COMPOSE_NODE_SEQUENCE)
        return;
    for (size_t i = 0; i < n->nitems; i++) {
        const struct compose_node *it = n->items[i];
        if (it->kind == COMPOSE_NODE_MAPPING)
            compose_model_mount_long(b, svc, it, s);
        else if (compose_is_scalar(it) && it->type == COMPOSE_TYPE_STR)
            compose_model_mount_short(b, svc, it, s);
        else
            compose_model_error(b, it, "service \"%s\": a volume must be a string or a mapping",
                                svc);
    }
}

static void compose_model_deps(struct compose_builder *b, const char *svc,
                               const struct compose_node *n, struct compose_service *s)
{
    if (!n)
        return;
    if (n->kind == COMPOSE_NODE_SEQUENCE) {
        for (size_t i = 0; i < n->nitems; i++) {
            const struct compose_node *it = n->items[i];
            if (!compose_is_scalar(it)) {
                compose_model_error(b, it, "service \"%s\": depends_on items must be service names",
                                    svc);
                continue;
            }
            s->deps = xrealloc(s->deps, (s->ndeps + 1) * sizeof *s->deps);
            s->deps[s->ndeps++] = (struct compose_dep){
                .service = xstrdup(it->value),
                .condition = COMPOSE_CONDITION_STARTED,
                .required = true,
                .restart = false,
                .node = it,
            };
        }
        return;
    }
    if (n->kind != COMPOSE_NODE_MAPPING)
        return;
    for (size_t i = 0; i < n->neff; i++) {
        const struct compose_pair *pr = &n->eff[i];
        const struct compose_node *v = pr->value;
        const char *dep = compose_pair_key(pr);
        char what[200];
        snprintf(what, sizeof what, "service \"%s\": depends_on \"%s\"", svc, dep);
        struct compose_dep d = {
            .service = xstrdup(dep),
            .condition = COMPOSE_CONDITION_STARTED,
            .required = true,
            .restart = false,
            .node = pr->key,
        };
        if (v->kind != COMPOSE_NODE_MAPPING) {
            compose_model_error(b, compose_node_is_null(v) ? pr->key : v,
                                "%s: needs a mapping with a condition (service_started, "
                                "service_healthy or service_completed_successfully)",
                                what);
        } else {
            compose_check_keys(b->f, v, compose_keys_depends_on, what);
            const struct compose_node *cond = compose_map_get(v, "condition");
            if (!compose_is_scalar(cond)) {
                compose_model_error(b, v,
                                    "%s: \"condition\" is missing (service_started, "
                                    "service_healthy or service_completed_successfully)",
                                    what);
            } else if (strcmp(cond->value, "service_started") == 0) {
                d.condition = COMPOSE_CONDITION_STARTED;
            } else if (strcmp(cond->value, "service_healthy") == 0) {
                d.condition = COMPOSE_CONDITION_HEALTHY;
            } else if (strcmp(cond->value, "service_completed_successfully") == 0) {
                d.condition = COMPOSE_CONDITION_COMPLETED;
            } else {
                compose_model_error(b, cond,
                                    "%s: condition \"%s\" is not service_started, "
                                    "service_healthy or service_completed_successfully",
                                    what, cond->value);
            }
            const struct compose_node *req = compose_map_get(v, "required");
            if (compose_is_scalar(req))
                d.required = strcmp(req->value, "false") != 0;
            const struct compose_node *rs = compose_map_get(v, "restart");
            if (compose_is_scalar(rs))
                d.restart = strcmp(rs->value, "true") == 0;
        }
        s->deps = xrealloc(s->deps, (s->ndeps + 1) * sizeof *s->deps);
        s->deps[s->ndeps++] = d;
    }
}

static void compose_model_networks(struct compose_builder *b, const char *svc,
                                   const struct compose_node *n, struct compose_service *s)
{
    if (!n)
        return;
    if (n->kind == COMPOSE_NODE_SEQUENCE) {
        for (size_t i = 0; i < n->nitems; i++) {
            const struct compose_node *it = n->items[i];
            if (!compose_is_scalar(it)) {
                compose_model_error(b, it, "service \"%s\": networks items must be network names",
                                    svc);
                continue;
            }
            s->networks = xrealloc(s->networks, (s->nnetworks + 1) * sizeof *s->networks);
            s->networks[s->nnetworks++] = (struct compose_service_net){
                .name = xstrdup(it->value),
                .node = it,
            };
        }
        return;
    }
    if (n->kind != COMPOSE_NODE_MAPPING)
        return;
    for (size_t i = 0; i < n->neff; i++) {
        const struct compose_pair *pr = &n->eff[i];
        struct compose_service_net net = {
            .name = xstrdup(compose_pair_key(pr)),
            .node = pr->key,
        };
        const struct compose_node *v = pr->value;
        if (v->kind == COMPOSE_NODE_MAPPING) {
            char what[200];
            snprintf(what, sizeof what, "service \"%s\": network \"%s\"", svc, net.name);
            compose_check_keys(b->f, v, compose_keys_service_network, what);
            compose_string_or_list(b, compose_map_get(v, "aliases"), what, &net.aliases,
                                   &net.naliases);
            net.ipv4_address = compose_str_dup(compose_map_get(v, "ipv4_address"));
            net.ipv6_address = compose_str_dup(compose_map_get(v, "ipv6_address"));
        } else if (!compose_node_is_null(v)) {
            compose_model_error(b, v, "service \"%s\": network \"%s\" must be a mapping or empty",
                                svc, net.name);
        }
        s->networks = xrealloc(s->networks, (s->nnetworks + 1) * sizeof *s->networks);
        s->networks[s->nnetworks++] = net;
    }
}

static void compose_model_healthcheck(struct compose_builder *b, const char *svc,
                                      const struct compose_node *n, struct compose_service *s)
{
    struct compose_healthcheck *h = &s->healthcheck;
    h->interval = h->timeout = h->start_period = h->start_interval = COMPOSE_DURATION_UNSET;
    h->retries = -1;
    if (!n || n->kind != COMPOSE_NODE_MAPPING)
        return;
    char what[160];
    snprintf(what, sizeof what, "service \"%s\": healthcheck", svc);
    compose_check_keys(b->f, n, compose_keys_healthcheck, what);
    h->present = true;
    h->node = n;
    const struct compose_node *test = compose_map_get(n, "test");
    if (compose_is_scalar(test) && test->type == COMPOSE_TYPE_STR) {
        compose_strv_push(&h->test, &h->ntest, "CMD-SHELL");
        compose_strv_push(&h->test, &h->ntest, test->value);
    } else if (test && test->kind == COMPOSE_NODE_SEQUENCE) {
        compose_string_or_list(b, test, what, &h->test, &h->ntest);
        if (h->ntest == 0 ||
            (strcmp(h->test[0], "CMD") != 0 && strcmp(h->test[0], "CMD-SHELL") != 0 &&
             strcmp(h->test[0], "NONE") != 0))
            compose_model_error(
                b, test, "%s: a test list starts with \"CMD\", \"CMD-SHELL\" or \"NONE\"", what);
        else if (strcmp(h->test[0], "NONE") == 0)
            h->disable = true;
        else if (h->ntest < 2)
            compose_model_error(b, test, "%s: \"%s\" needs a command after it", what, h->test[0]);
    }
    const struct compose_node *dis = compose_map_get(n, "disable");
    if (compose_is_scalar(dis) && strcmp(dis->value, "true") == 0)
        h->disable = true;
    h->interval = compose_duration(b, compose_map_get(n, "interval"), what);
    h->timeout = compose_duration(b, compose_map_get(n, "timeout"), what);
    h->start_period = compose_duration(b, compose_map_get(n, "start_period"), what);
    h->start_interval = compose_duration(b, compose_map_get(n, "start_interval"), what);
    const struct compose_node *retries = compose_map_get(n, "retries");
    if (compose_is_scalar(retries)) {
        char *end = NULL;
        long v = strtol(retries->value, &end, 10);
        if (!end || *end || end == retries->value || v < 0 || v > 1000000)
            compose_model_error(b, retries, "%s: retries \"%s\" is not a whole number", what,
                                retries->value);
        else
            h->retries = (int)v;
    }
}

static void compose_model_build_section(struct compose_builder *b, const char *svc,
                                        const struct compose_node *n, struct compose_service *s)
{
    struct compose_build *bd = &s->build;
    if (!n || compose_node_is_null(n))
        return;
    bd->node = n;
    if (n->kind == COMPOSE_NODE_SCALAR) {
        bd->present = true;
        bd->context = xstrdup(n->value);
        bd->context_node = n;
        return;
    }
    if (n->kind != COMPOSE_NODE_MAPPING)
        return;
    char what[160];
    snprintf(what, sizeof what, "service \"%s\": build", svc);
    compose_check_keys(b->f, n, compose_keys_build, what);
    bd->present = true;
    const struct compose_node *ctx = compose_map_get(n, "context");
    bd->context = compose_is_scalar(ctx) ? xstrdup(ctx->value) : xstrdup(".");
    bd->context_node = ctx ? ctx : n;
    bd->dockerfile = compose_str_dup(compose_map_get(n, "dockerfile"));
    bd->target = compose_str_dup(compose_map_get(n, "target"));
    compose_list_or_dict(b, compose_map_get(n, "args"), what, false, &bd->args, &bd->nargs);
}

/* secrets: / configs: in a service: names, or mappings with a source. */
static void compose_model_refs(struct compose_builder *b, const char *svc, const char *kind,
                               const struct compose_node *n, char ***names,
                               const struct compose_node ***nodes, size_t *count)
{
    if (!n || n->kind != COMPOSE_NODE_SEQUENCE)
        return;
    for (size_t i = 0; i < n->nitems; i++) {
        const struct compose_node *it = n->items[i], *src = it;
        if (it->kind == COMPOSE_NODE_MAPPING) {
            char what[160];
            snprintf(what, sizeof what, "service \"%s\": %s", svc, kind);
            compose_check_keys(b->f, it, compose_keys_service_secret, what);
            src = compose_map_get(it, "source");
            if (!compose_is_scalar(src)) {
                compose_model_error(b, it, "%s: the long syntax needs a \"source\"", what);
                continue;
            }
        } else if (!compose_is_scalar(it)) {
            compose_model_error(b, it, "service \"%s\": %s items must be names or mappings", svc,
                                kind);
            continue;
        }
        *names = xrealloc(*names, (*count + 1) * sizeof **names);
        *nodes = xrealloc(*nodes, (*count + 1) * sizeof **nodes);
        (*names)[*count] = xstrdup(src->value);
        (*nodes)[*count] = src;
        (*count)++;
    }
}

static void compose_model_service(struct compose_builder *b, const struct compose_pair *pr,
                                  struct compose_service *s)
{
    const struct compose_node *n = pr->value;
    s->name = xstrdup(compose_pair_key(pr));
    s->key = pr->key;
    s->node = n;
    s->stop_grace_period = COMPOSE_DURATION_UNSET;
    s->healthcheck.interval = s->healthcheck.timeout = COMPOSE_DURATION_UNSET;
    s->healthcheck.start_period = s->healthcheck.start_interval = COMPOSE_DURATION_UNSET;
    s->healthcheck.retries = -1;
    if (n->kind != COMPOSE_NODE_MAPPING)
        return;
    char what[160];
    snprintf(what, sizeof what, "service \"%s\"", s->name);
    compose_check_keys(b->f, n, compose_keys_service, what);

    const struct compose_node *image = compose_map_get(n, "image");
    if (compose_is_scalar(image)) {
        s->image = xstrdup(image->value);
        s->image_node = image;
    }
    compose_model_build_section(b, s->name, compose_map_get(n, "build"), s);
    s->container_name = compose_str_dup(compose_map_get(n, "container_name"));
    s->network_mode = compose_str_dup(compose_map_get(n, "network_mode"));
    compose_string_or_list(b, compose_map_get(n, "command"), what, &s->command, &s->ncommand);
    compose_string_or_list(b, compose_map_get(n, "profiles"), what, &s->profiles, &s->nprofiles);

    const struct compose_node *restart = compose_map_get(n, "restart");
    if (compose_is_scalar(restart) && restart->type == COMPOSE_TYPE_STR) {
        s->restart = xstrdup(restart->value);
        if (!compose_restart_valid(restart->value))
            compose_model_error(b, restart,
                                "%s: restart \"%s\" is not one of no, always, on-failure[:N], "
                                "unless-stopped",
                                what, restart->value);
    }
    compose_model_ports(b, s->name, compose_map_get(n, "ports"), s);
    compose_model_expose(b, s->name, compose_map_get(n, "expose"), s);
    compose_model_mounts(b, s->name, compose_map_get(n, "volumes"), s);
    compose_model_deps(b, s->name, compose_map_get(n, "depends_on"), s);
    compose_model_networks(b, s->name, compose_map_get(n, "networks"), s);
    compose_list_or_dict(b, compose_map_get(n, "environment"), what, false, &s->environment,
                         &s->nenvironment);
    compose_list_or_dict(b, compose_map_get(n, "labels"), what, true, &s->labels, &s->nlabels);
    compose_model_healthcheck(b, s->name, compose_map_get(n, "healthcheck"), s);
    s->stop_grace_period = compose_duration(b, compose_map_get(n, "stop_grace_period"), what);
    compose_model_refs(b, s->name, "secrets", compose_map_get(n, "secrets"), &s->secrets,
                       &s->secret_nodes, &s->nsecrets);
    compose_model_refs(b, s->name, "configs", compose_map_get(n, "configs"), &s->configs,
                       &s->config_nodes, &s->nconfigs);
    const struct compose_node *logging = compose_map_get(n, "logging");
    if (logging && logging->kind == COMPOSE_NODE_MAPPING) {
        char lw[200];
        snprintf(lw, sizeof lw, "%s: logging", what);
        compose_check_keys(b->f, logging, compose_keys_logging, lw);
    }
}

static void compose_service_free(struct compose_service *s)
{
    free(s->name);
    free(s->image);
    free(s->build.context);
    free(s->build.dockerfile);
    free(s->build.target);
    compose_kv_free(s->build.args, s->build.nargs);
    free(s->container_name);
    compose_strv_free(s->command, s->ncommand);
    free(s->restart);
    free(s->network_mode);
    for (size_t i = 0; i < s->nports; i++)
        compose_port_done(&s->ports[i]);
    free(s->ports);
    for (size_t i = 0; i < s->nexpose; i++)
        compose_port_done(&s->expose[i]);
    free(s->expose);
    for (size_t i = 0; i < s->nmounts; i++) {
        free(s->mounts[i].source);
        free(s->mounts[i].target);
    }
    free(s->mounts);
    for (size_t i = 0; i < s->ndeps; i++)
        free(s->deps[i].service);
    free(s->deps);
    for (size_t i = 0; i < s->nnetworks; i++) {
        free(s->networks[i].name);
        compose_strv_free(s->networks[i].aliases, s->networks[i].naliases);
        free(s->networks[i].ipv4_address);
        free(s->networks[i].ipv6_address);
    }
    free(s->networks);
    compose_kv_free(s->environment, s->nenvironment);
    compose_kv_free(s->labels, s->nlabels);
    compose_strv_free(s->profiles, s->nprofiles);
    compose_strv_free(s->secrets, s->nsecrets);
    free(s->secret_nodes);
    compose_strv_free(s->configs, s->nconfigs);
    free(s->config_nodes);
    compose_strv_free(s->healthcheck.test, s->healthcheck.ntest);
}

/* --- top level -------------------------------------------------------------- */

static void compose_model_resources(struct compose_builder *b, const char *kind,
                                    const struct compose_key_spec *spec,
                                    const struct compose_node *n, struct compose_resource **out,
                                    size_t *nout)
{
    if (!n || n->kind != COMPOSE_NODE_MAPPING)
        return;
    for (size_t i = 0; i < n->neff; i++) {
        const struct compose_pair *pr = &n->eff[i];
        const struct compose_node *v = pr->value;
        struct compose_resource r = {
            .name = xstrdup(compose_pair_key(pr)),
            .key = pr->key,
            .node = v,
        };
        if (v->kind == COMPOSE_NODE_MAPPING) {
            char what[200];
            snprintf(what, sizeof what, "%s \"%s\"", kind, r.name);
            compose_check_keys(b->f, v, spec, what);
            const struct compose_node *ext = compose_map_get(v, "external");
            if (compose_is_scalar(ext)) {
                r.external = strcmp(ext->value, "true") == 0;
            } else if (ext && ext->kind == COMPOSE_NODE_MAPPING) {
                r.external = true;
                r.external_name = compose_str_dup(compose_map_get(ext, "name"));
            }
            const struct compose_node *nm = compose_map_get(v, "name");
            if (compose_is_scalar(nm)) {
                free(r.external_name);
                r.external_name = xstrdup(nm->value);
            }
            r.driver = compose_str_dup(compose_map_get(v, "driver"));
        } else if (!compose_node_is_null(v)) {
            compose_model_error(b, v, "%s \"%s\" must be a mapping or empty, not a %s", kind,
                                r.name, compose_type_name(v->type));
        }
        *out = xrealloc(*out, (*nout + 1) * sizeof **out);
        (*out)[(*nout)++] = r;
    }
}

static void compose_resources_free(struct compose_resource *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(r[i].name);
        free(r[i].external_name);
        free(r[i].driver);
    }
    free(r);
}

static void compose_model_build_all(struct compose_project *p)
{
    struct compose_builder b = {.p = p, .f = &p->findings, .file = p->file};
    const struct compose_node *root = p->doc.root;
    if (!root || root->kind != COMPOSE_NODE_MAPPING)
        return;
    const struct compose_node *version = compose_map_get(root, "version");
    if (compose_is_scalar(version) && version->type == COMPOSE_TYPE_STR)
        p->version = xstrdup(version->value);
    const struct compose_node *name = compose_map_get(root, "name");
    if (compose_is_scalar(name))
        p->name = xstrdup(name->value);
    const struct compose_node *services = compose_map_get(root, "services");
    if (services && services->kind == COMPOSE_NODE_MAPPING) {
        p->services = xcalloc(services->neff ? services->neff : 1, sizeof *p->services);
        for (size_t i = 0; i < services->neff; i++)
            compose_model_service(&b, &services->eff[i], &p->services[p->nservices++]);
    }
    compose_model_resources(&b, "volume", compose_keys_volume, compose_map_get(root, "volumes"),
                            &p->volumes, &p->nvolumes);
    compose_model_resources(&b, "network", compose_keys_network, compose_map_get(root, "networks"),
                            &p->networks, &p->nnetworks);
    compose_model_resources(&b, "secret", compose_keys_secret, compose_map_get(root, "secrets"),
                            &p->secrets, &p->nsecrets);
    compose_model_resources(&b, "config", compose_keys_config, compose_map_get(root, "configs"),
                            &p->configs, &p->nconfigs);
}

/* --- loading ------------------------------------------------------------------ */

static int compose_read_file(const char *path, char **out, size_t *len, int *errnum)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        *errnum = errno;
        return -1;
    }
    struct strbuf sb;
    strbuf_init(&sb);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        strbuf_append(&sb, buf, n);
        if (sb.len > COMPOSE_MAX_FILE) {
            fclose(fp);
            strbuf_done(&sb);
            *errnum = EFBIG;
            return -1;
        }
    }
    if (ferror(fp)) {
        *errnum = errno ? errno : EIO;
        fclose(fp);
        strbuf_done(&sb);
        return -1;
    }
    fclose(fp);
    *len = sb.len;
    *out = strbuf_detach(&sb);
    return 0;
}

static char *compose_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

static void compose_project_start(struct compose_project *p, const char *path,
                                  const struct compose_load_options *opts)
{
    memset(p, 0, sizeof *p);
    p->file = xstrdup(path);
    p->dir = compose_dirname(path);
    compose_findings_init(&p->findings);
    compose_vars_init(&p->env);
    compose_vars_init(&p->dotenv);
    compose_vars_from_environ(&p->env, opts && opts->envp ? opts->envp : environ);
}

void compose_project_load_text(struct compose_project *p, const char *path, const char *text,
                               size_t len, const struct compose_load_options *opts)
{
    compose_project_start(p, path, opts);
    if (!opts || !opts->no_dotenv) {
        char *envfile = xasprintf("%s/.env", p->dir);
        char *etext = NULL;
        size_t elen = 0;
        int errnum = 0;
        if (compose_read_file(envfile, &etext, &elen, &errnum) == 0) {
            p->has_dotenv = true;
            compose_dotenv_parse(&p->dotenv, envfile, etext, elen, &p->env, &p->findings);
            free(etext);
        } else if (errnum != ENOENT && errnum != ENOTDIR) {
            compose_findings_add(&p->findings, COMPOSE_WARNING, envfile, 0, 0, "cannot read it: %s",
                                 strerror(errnum));
        }
        free(envfile);
    }
    struct compose_interp ip = {.env = &p->env, .dotenv = &p->dotenv};
    bool interp = !opts || !opts->no_interpolate;
    if (compose_doc_parse(&p->doc, path, text, len, interp ? &ip : NULL, &p->findings) == 0)
        compose_model_build_all(p);
    compose_validate(p);
    compose_findings_sort(&p->findings, p->file);
}

int compose_project_load(struct compose_project *p, const char *path,
                         const struct compose_load_options *opts, struct berth_error *err)
{
    char *text = NULL;
    size_t len = 0;
    int errnum = 0;
    if (compose_read_file(path, &text, &len, &errnum) < 0) {
        compose_project_start(p, path, opts);
        if (errnum == EFBIG)
            return berth_error_set(err, BERTH_ERR_IO, 0,
                                   "%s: larger than %u MiB, not a compose file", path,
                                   COMPOSE_MAX_FILE >> 20);
        return berth_error_set(err, BERTH_ERR_IO, 0, "%s: cannot read: %s", path, strerror(errnum));
    }
    compose_project_load_text(p, path, text, len, opts);
    free(text);
    return 0;
}

void compose_project_done(struct compose_project *p)
{
    for (size_t i = 0; i < p->nservices; i++)
        compose_service_free(&p->services[i]);
    free(p->services);
    compose_resources_free(p->volumes, p->nvolumes);
    compose_resources_free(p->networks, p->nnetworks);
    compose_resources_free(p->secrets, p->nsecrets);
    compose_resources_free(p->configs, p->nconfigs);
    compose_doc_done(&p->doc);
    compose_vars_done(&p->env);
    compose_vars_done(&p->dotenv);
    compose_findings_done(&p->findings);
    free(p->file);
    free(p->dir);
    free(p->name);
    free(p->version);
    memset(p, 0, sizeof *p);
}

bool compose_project_ok(const struct compose_project *p)
{
    return compose_findings_count(&p->findings, COMPOSE_ERROR) == 0;
}

const struct compose_service *compose_project_service(const struct compose_project *p,
                                                      const char *name)
{
    for (size_t i = 0; i < p->nservices; i++)
        if (strcmp(p->services[i].name, name) == 0)
            return &p->services[i];
    return NULL;
}
