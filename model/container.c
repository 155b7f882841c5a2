/* Decoding GET /containers/json into struct container, and the docker ps
 * renderings derived from it (primary name, exit code, health, ports).
 *
 * Strings are copied verbatim from the engine; sanitising is the printer's
 * job. The ports rendering follows docker/cli DisplayablePorts
 * (cli/command/formatter/container.go) step by step, including its order:
 * merged groups first, then bindings whose host port differs. */
#include "config.h"

#include "container.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

static const char *const container_state_names[] = {
    [CONTAINER_STATE_UNKNOWN] = "unknown",       [CONTAINER_STATE_CREATED] = "created",
    [CONTAINER_STATE_RUNNING] = "running",       [CONTAINER_STATE_PAUSED] = "paused",
    [CONTAINER_STATE_RESTARTING] = "restarting", [CONTAINER_STATE_REMOVING] = "removing",
    [CONTAINER_STATE_EXITED] = "exited",         [CONTAINER_STATE_DEAD] = "dead",
};

static const char *const container_health_names[] = {
    [CONTAINER_HEALTH_NONE] = "none",
    [CONTAINER_HEALTH_STARTING] = "starting",
    [CONTAINER_HEALTH_HEALTHY] = "healthy",
    [CONTAINER_HEALTH_UNHEALTHY] = "unhealthy",
};

#define CONTAINER_NSTATES (sizeof container_state_names / sizeof container_state_names[0])

static char *container_dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static const char *container_json_str(const cJSON *obj, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

/* Copy s into a fixed field, truncating; returns false when it did not fit. */
static bool container_copy_field(char *dst, size_t size, const char *s)
{
    size_t n = strlen(s);
    if (n >= size) {
        memcpy(dst, s, size - 1);
        dst[size - 1] = '\0';
        return false;
    }
    memcpy(dst, s, n + 1);
    return true;
}

/* The container's own name is the entry with no '/' after the leading one;
 * legacy links add entries like "/other/alias". */
static char *container_pick_name(const cJSON *names)
{
    const cJSON *n;
    const char *first = NULL;
    cJSON_ArrayForEach(n, names)
    {
        const char *s = cJSON_GetStringValue(n);
        if (!s)
            continue;
        if (!first)
            first = s;
        const char *body = s[0] == '/' ? s + 1 : s;
        if (!strchr(body, '/'))
            return xstrdup(body);
    }
    if (!first)
        return xstrdup("");
    return xstrdup(first[0] == '/' ? first + 1 : first);
}

/* "Exited (3) 2 seconds ago" gives 3; anything else -1. */
static int container_exit_code_from_status(const char *status)
{
    if (!status || strncmp(status, "Exited (", 8) != 0)
        return -1;
    char *end = NULL;
    long code = strtol(status + 8, &end, 10);
    if (end == status + 8 || *end != ')' || code < -1000000 || code > 1000000)
        return -1;
    return (int)code;
}

static bool container_json_port_number(const cJSON *obj, const char *key, uint16_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 65535)
        return false;
    *out = (uint16_t)v->valuedouble;
    return true;
}

static void container_read_ports(const cJSON *ports, struct container *c)
{
    int n = cJSON_IsArray(ports) ? cJSON_GetArraySize(ports) : 0;
    if (n <= 0)
        return;
    c->ports = xcalloc((size_t)n, sizeof *c->ports);
    const cJSON *p;
    cJSON_ArrayForEach(p, ports)
    {
        struct container_port *out = &c->ports[c->nports];
        memset(out, 0, sizeof *out);
        const char *type = container_json_str(p, "Type");
        if (!container_json_port_number(p, "PrivatePort", &out->private_port) || !type ||
            !container_copy_field(out->type, sizeof out->type, type))
            continue;
        const char *ip = container_json_str(p, "IP");
        if (ip && !container_copy_field(out->ip, sizeof out->ip, ip))
            continue;
        if (!container_json_port_number(p, "PublicPort", &out->public_port))
            out->public_port = 0;
        c->nports++;
    }
}

static void container_read_labels(const cJSON *labels, struct container *c)
{
    int n = cJSON_IsObject(labels) ? cJSON_GetArraySize(labels) : 0;
    if (n <= 0)
        return;
    c->labels = xcalloc((size_t)n, sizeof *c->labels);
    const cJSON *l;
    cJSON_ArrayForEach(l, labels)
    {
        if (!l->string || !cJSON_IsString(l))
            continue;
        c->labels[c->nlabels].key = xstrdup(l->string);
        c->labels[c->nlabels].value = xstrdup(l->valuestring);
        c->nlabels++;
    }
}

/* Fill c from one list entry; false when the entry has no usable Id. */
static bool container_from_json(const cJSON *item, struct container *c)
{
    memset(c, 0, sizeof *c);
    const char *id = container_json_str(item, "Id");
    if (!id || !id[0] || strlen(id) >= sizeof c->id)
        return false;
    memcpy(c->id, id, strlen(id) + 1);
    c->name = container_pick_name(cJSON_GetObjectItemCaseSensitive(item, "Names"));
    const char *s = container_json_str(item, "Image");
    c->image = xstrdup(s ? s : "");
    s = container_json_str(item, "ImageID");
    c->image_id = xstrdup(s ? s : "");
    s = container_json_str(item, "Command");
    c->command = xstrdup(s ? s : "");
    s = container_json_str(item, "Status");
    c->status = xstrdup(s ? s : "");
    c->state = container_state_parse(container_json_str(item, "State"));
    c->health = container_health_from_status(c->status);
    c->exit_code =
        c->state == CONTAINER_STATE_EXITED ? container_exit_code_from_status(c->status) : -1;
    const cJSON *created = cJSON_GetObjectItemCaseSensitive(item, "Created");
    c->created = cJSON_IsNumber(created) ? (int64_t)created->valuedouble : 0;
    container_read_ports(cJSON_GetObjectItemCaseSensitive(item, "Ports"), c);
    c->ports_text = container_ports_render(c->ports, c->nports);
    container_read_labels(cJSON_GetObjectItemCaseSensitive(item, "Labels"), c);
    c->project = container_dup_or_null(container_label(c, "com.docker.compose.project"));
    c->service = container_dup_or_null(container_label(c, "com.docker.compose.service"));
    c->working_dir =
        container_dup_or_null(container_label(c, "com.docker.compose.project.working_dir"));
    c->config_files =
        container_dup_or_null(container_label(c, "com.docker.compose.project.config_files"));
    c->container_number =
        container_dup_or_null(container_label(c, "com.docker.compose.container-number"));
    return true;
}

int container_list_from_json(const cJSON *array, struct container_list *out,
                             struct berth_error *err)
{
    out->items = NULL;
    out->count = 0;
    if (!cJSON_IsArray(array))
        return berth_error_set(err, BERTH_ERR_PROTOCOL, 0,
                               "container list: the engine did not send an array");
    int n = cJSON_GetArraySize(array);
    if (n == 0)
        return 0;
    out->items = xcalloc((size_t)n, sizeof *out->items);
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
    {
        if (container_from_json(item, &out->items[out->count]))
            out->count++;
    }
    return 0;
}

void container_list_done(struct container_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        container_done(&list->items[i]);
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

void container_done(struct container *c)
{
    free(c->name);
    free(c->image);
    free(c->image_id);
    free(c->command);
    free(c->status);
    free(c->project);
    free(c->service);
    free(c->working_dir);
    free(c->config_files);
    free(c->container_number);
    free(c->ports);
    free(c->ports_text);
    for (size_t i = 0; i < c->nlabels; i++) {
        free(c->labels[i].key);
        free(c->labels[i].value);
    }
    free(c->labels);
    memset(c, 0, sizeof *c);
}

void container_copy(struct container *dst, const struct container *src)
{
    *dst = *src;
    dst->name = container_dup_or_null(src->name);
    dst->image = container_dup_or_null(src->image);
    dst->image_id = container_dup_or_null(src->image_id);
    dst->command = container_dup_or_null(src->command);
    dst->status = container_dup_or_null(src->status);
    dst->project = container_dup_or_null(src->project);
    dst->service = container_dup_or_null(src->service);
    dst->working_dir = container_dup_or_null(src->working_dir);
    dst->config_files = container_dup_or_null(src->config_files);
    dst->container_number = container_dup_or_null(src->container_number);
    dst->ports_text = container_dup_or_null(src->ports_text);
    dst->ports = NULL;
    if (src->nports) {
        dst->ports = xcalloc(src->nports, sizeof *dst->ports);
        memcpy(dst->ports, src->ports, src->nports * sizeof *dst->ports);
    }
    dst->labels = NULL;
    if (src->nlabels) {
        dst->labels = xcalloc(src->nlabels, sizeof *dst->labels);
        for (size_t i = 0; i < src->nlabels; i++) {
            dst->labels[i].key = xstrdup(src->labels[i].key);
            dst->labels[i].value = xstrdup(src->labels[i].value);
        }
    }
}

const char *container_state_name(enum container_state state)
{
    if ((size_t)state >= CONTAINER_NSTATES)
        return container_state_names[CONTAINER_STATE_UNKNOWN];
    return container_state_names[state];
}

enum container_state container_state_parse(const char *s)
{
    if (!s)
        return CONTAINER_STATE_UNKNOWN;
    for (size_t i = 1; i < CONTAINER_NSTATES; i++)
        if (strcmp(s, container_state_names[i]) == 0)
            return (enum container_state)i;
    return CONTAINER_STATE_UNKNOWN;
}

const char *container_health_name(enum container_health health)
{
    if ((size_t)health >= sizeof container_health_names / sizeof container_health_names[0])
        return container_health_names[CONTAINER_HEALTH_NONE];
    return container_health_names[health];
}

enum container_health container_health_parse(const char *word)
{
    if (!word)
        return CONTAINER_HEALTH_NONE;
    while (*word == ' ')
        word++;
    /* NONE's name "none" is not an engine word: start past it. */
    for (size_t i = CONTAINER_HEALTH_NONE + 1;
         i < sizeof container_health_names / sizeof container_health_names[0]; i++) {
        if (strcmp(word, container_health_names[i]) == 0)
            return (enum container_health)i;
    }
    return CONTAINER_HEALTH_NONE;
}

enum container_health container_health_from_status(const char *status)
{
    if (!status)
        return CONTAINER_HEALTH_NONE;
    /* The engine appends the health in parentheses to "Up ..." (moby
     * daemon/container/health.go). */
    if (strstr(status, "(health: starting)"))
        return CONTAINER_HEALTH_STARTING;
    if (strstr(status, "(unhealthy)"))
        return CONTAINER_HEALTH_UNHEALTHY;
    if (strstr(status, "(healthy)"))
        return CONTAINER_HEALTH_HEALTHY;
    return CONTAINER_HEALTH_NONE;
}

const char *container_label(const struct container *c, const char *key)
{
    for (size_t i = 0; i < c->nlabels; i++)
        if (strcmp(c->labels[i].key, key) == 0)
            return c->labels[i].value;
    return NULL;
}

/* --- ports, as docker ps shows them ---------------------------------- */

/* A run of consecutive container ports under one key: the type alone for
 * exposed-only ports, or ip + type for bindings whose host port equals the
 * container port (only those can be merged into ranges). */
struct container_port_group {
    const char *ip; /* NULL: exposed only */
    const char *type;
    uint16_t first, last;
};

/* comparePorts: private port, then IP, then public port, then type. */
static int container_port_cmp(const void *a, const void *b)
{
    const struct container_port *x = a, *y = b;
    if (x->private_port != y->private_port)
        return x->private_port < y->private_port ? -1 : 1;
    int c = strcmp(x->ip, y->ip);
    if (c)
        return c;
    if (x->public_port != y->public_port)
        return x->public_port < y->public_port ? -1 : 1;
    return strcmp(x->type, y->type);
}

/* net.JoinHostPort: brackets around hosts that contain a colon (IPv6). */
static void container_join_host_port(struct strbuf *sb, const char *host, const char *port)
{
    if (strchr(host, ':'))
        strbuf_appendf(sb, "[%s]:%s", host, port);
    else
        strbuf_appendf(sb, "%s:%s", host, port);
}

/* formGroup: "9000/tcp", "7000-7001/udp", "0.0.0.0:80->80/tcp",
 * "[::]:8000-8002->8000-8002/tcp". */
static void container_form_group(struct strbuf *out, const struct container_port_group *g)
{
    char range[16];
    if (g->first != g->last)
        snprintf(range, sizeof range, "%u-%u", (unsigned)g->first, (unsigned)g->last);
    else
        snprintf(range, sizeof range, "%u", (unsigned)g->first);
    if (out->len)
        strbuf_puts(out, ", ");
    if (g->ip && g->ip[0]) {
        container_join_host_port(out, g->ip, range);
        strbuf_appendf(out, "->%s", range);
    } else {
        strbuf_puts(out, range);
    }
    strbuf_appendf(out, "/%s", g->type);
}

static bool container_group_key_eq(const struct container_port_group *g, const char *ip,
                                   const char *type)
{
    if ((g->ip == NULL) != (ip == NULL))
        return false;
    if (ip && strcmp(g->ip, ip) != 0)
        return false;
    return strcmp(g->type, type) == 0;
}

char *container_ports_render(const struct container_port *ports, size_t n)
{
    struct strbuf out, mappings;
    strbuf_init(&out);
    if (n == 0)
        return strbuf_detach(&out);
    strbuf_init(&mappings);

    struct container_port *sorted = xcalloc(n, sizeof *sorted);
    memcpy(sorted, ports, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, container_port_cmp);

    /* Groups in the order their keys first appeared (groupMapKeys). */
    struct container_port_group *groups = xcalloc(n, sizeof *groups);
    size_t ngroups = 0;
    char number[8];

    for (size_t i = 0; i < n; i++) {
        const struct container_port *p = &sorted[i];
        const char *ip = NULL;
        if (p->ip[0]) {
            if (p->public_port != p->private_port) {
                if (mappings.len)
                    strbuf_puts(&mappings, ", ");
                snprintf(number, sizeof number, "%u", (unsigned)p->public_port);
                container_join_host_port(&mappings, p->ip, number);
                strbuf_appendf(&mappings, "->%u/%s", (unsigned)p->private_port, p->type);
                continue;
            }
            ip = p->ip;
        }
        struct container_port_group *g = NULL;
        for (size_t k = 0; k < ngroups; k++)
            if (container_group_key_eq(&groups[k], ip, p->type))
                g = &groups[k];
        if (!g) {
            groups[ngroups++] = (struct container_port_group){
                .ip = ip, .type = p->type, .first = p->private_port, .last = p->private_port};
            continue;
        }
        if (p->private_port == (uint16_t)(g->last + 1)) {
            g->last = p->private_port;
            continue;
        }
        /* The run broke: emit it now and start a new one under the same key. */
        container_form_group(&out, g);
        g->first = g->last = p->private_port;
    }
    for (size_t k = 0; k < ngroups; k++)
        container_form_group(&out, &groups[k]);
    if (mappings.len) {
        if (out.len)
            strbuf_puts(&out, ", ");
        strbuf_append(&out, mappings.data, mappings.len);
    }
    strbuf_done(&mappings);
    free(groups);
    free(sorted);
    return strbuf_detach(&out);
}
