/* Networks on the engine (see engine_networks.h).
 *
 * Every call goes by network Id when the caller has one; names work too
 * (the engine resolves both) but are ambiguous on engines that allowed
 * duplicates. The explanations added to refusals are matched on the
 * engine's own wording, recorded from Docker 20.10 (tests/fixtures/networks). */
#include "config.h"

#include "engine_networks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_volumes.h"
#include "rfc3339.h"
#include "strbuf.h"
#include "xalloc.h"

bool engine_network_predefined(const char *name)
{
    return name &&
           (strcmp(name, "bridge") == 0 || strcmp(name, "host") == 0 || strcmp(name, "none") == 0);
}

static int networks_cmp_ep(const void *a, const void *b)
{
    return strcmp(((const struct network_endpoint *)a)->name,
                  ((const struct network_endpoint *)b)->name);
}

/* The IPAM configs' key (Subnet or Gateway) joined with ",". */
static char *networks_ipam(const cJSON *doc, const char *key)
{
    const cJSON *ipam = cJSON_GetObjectItemCaseSensitive(doc, "IPAM");
    struct strbuf sb;
    strbuf_init(&sb);
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(ipam, "Config"))
    {
        const char *s = engine_json_str(c, key);
        if (!s || !s[0])
            continue;
        if (sb.len)
            strbuf_putc(&sb, ',');
        strbuf_puts(&sb, s);
    }
    return strbuf_detach(&sb);
}

void engine_network_parse(const cJSON *doc, struct network_info *out)
{
    memset(out, 0, sizeof *out);
    out->id = engine_json_dup(doc, "Id");
    out->name = engine_json_dup(doc, "Name");
    out->driver = engine_json_dup(doc, "Driver");
    out->scope = engine_json_dup(doc, "Scope");
    out->created = engine_json_dup(doc, "Created");
    out->created_at = (int64_t)rfc3339_seconds(out->created);
    out->internal = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "Internal"));
    out->attachable = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "Attachable"));
    out->ipv6 = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "EnableIPv6"));
    out->subnet = networks_ipam(doc, "Subnet");
    out->gateway = networks_ipam(doc, "Gateway");
    out->labels = engine_kv_text(cJSON_GetObjectItemCaseSensitive(doc, "Labels"));
    const cJSON *ctrs = cJSON_GetObjectItemCaseSensitive(doc, "Containers");
    size_t n = (size_t)cJSON_GetArraySize(ctrs);
    out->eps = xcalloc(n ? n : 1, sizeof *out->eps);
    const cJSON *c;
    cJSON_ArrayForEach(c, ctrs)
    {
        if (out->neps >= n || !c->string)
            continue;
        struct network_endpoint *ep = &out->eps[out->neps++];
        ep->container_id = xstrdup(c->string);
        ep->name = engine_json_dup(c, "Name");
        ep->ipv4 = engine_json_dup(c, "IPv4Address");
        ep->ipv6 = engine_json_dup(c, "IPv6Address");
        ep->mac = engine_json_dup(c, "MacAddress");
    }
    qsort(out->eps, out->neps, sizeof *out->eps, networks_cmp_ep);
    out->have_eps = out->neps > 0;
}

void network_info_done(struct network_info *n)
{
    free(n->id);
    free(n->name);
    free(n->driver);
    free(n->scope);
    free(n->created);
    free(n->subnet);
    free(n->gateway);
    free(n->labels);
    for (size_t i = 0; i < n->neps; i++) {
        free(n->eps[i].container_id);
        free(n->eps[i].name);
        free(n->eps[i].ipv4);
        free(n->eps[i].ipv6);
        free(n->eps[i].mac);
    }
    free(n->eps);
    memset(n, 0, sizeof *n);
}

void network_list_done(struct network_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        network_info_done(&l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int networks_cmp_info(const void *a, const void *b)
{
    const struct network_info *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->id, y->id);
}

void engine_networks_parse(const cJSON *arr, struct network_list *out)
{
    memset(out, 0, sizeof *out);
    size_t n = (size_t)cJSON_GetArraySize(arr);
    out->v = xcalloc(n ? n : 1, sizeof *out->v);
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (out->n < n && engine_json_str(it, "Id"))
            engine_network_parse(it, &out->v[out->n++]);
    }
    qsort(out->v, out->n, sizeof *out->v, networks_cmp_info);
}

int engine_network_inspect(struct engine *e, const char *id, struct network_info *out,
                           struct berth_error *err)
{
    char *path = engine_object_path("networks", id, "");
    cJSON *doc = NULL;
    int rc = engine_get_json(e, path, &doc, err);
    free(path);
    if (rc == 0) {
        engine_network_parse(doc, out);
        out->have_eps = true;
    }
    cJSON_Delete(doc);
    return rc;
}

int engine_networks_list(struct engine *e, bool with_endpoints, struct network_list *out,
                         struct berth_error *err)
{
    memset(out, 0, sizeof *out);
    cJSON *arr = NULL;
    if (engine_get_json(e, "/networks", &arr, err) < 0)
        return -1;
    engine_networks_parse(arr, out);
    cJSON_Delete(arr);
    if (!with_endpoints)
        return 0;
    size_t kept = 0;
    for (size_t i = 0; i < out->n; i++) {
        struct network_info full;
        struct berth_error ierr;
        if (engine_network_inspect(e, out->v[i].id, &full, &ierr) == 0) {
            network_info_done(&out->v[i]);
            out->v[kept++] = full;
        } else if (ierr.http_status == 404) {
            network_info_done(&out->v[i]); /* removed meanwhile */
        } else {
            for (size_t j = i; j < out->n; j++)
                network_info_done(&out->v[j]);
            out->n = kept;
            network_list_done(out);
            *err = ierr;
            return -1;
        }
    }
    out->n = kept;
    return 0;
}

int engine_network_labels_split(const char *list, char ***items, size_t *n, struct berth_error *err)
{
    *items = NULL;
    *n = 0;
    size_t cap = 1;
    for (const char *c = list; *c; c++)
        cap += *c == ',';
    char **out = xcalloc(cap, sizeof *out);
    size_t k = 0;
    const char *start = list;
    for (;;) {
        const char *end = strchr(start, ',');
        size_t len = end ? (size_t)(end - start) : strlen(start);
        while (len && (*start == ' ' || *start == '\t'))
            start++, len--;
        while (len && (start[len - 1] == ' ' || start[len - 1] == '\t'))
            len--;
        if (len) {
            char *item = xstrndup(start, len);
            const char *eq = strchr(item, '=');
            if (!eq || eq == item) {
                berth_error_set(err, BERTH_ERR_USAGE, 0,
                                "labels are key=value items separated by commas, not \"%s\"", item);
                free(item);
                engine_network_labels_free(out, k);
                return -1;
            }
            out[k++] = item;
        }
        if (!end)
            break;
        start = end + 1;
    }
    *items = out;
    *n = k;
    return 0;
}

void engine_network_labels_free(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

/* Put a hint before err's message when the engine's words match needle:
 * the status line is one row, and the engine's text can be long (ids). */
static bool networks_hint(struct berth_error *err, const char *needle, const char *hint)
{
    if (!strstr(err->message, needle))
        return false;
    char msg[BERTH_ERROR_MESSAGE_MAX];
    snprintf(msg, sizeof msg, "%s", err->message);
    berth_error_set(err, err->kind, err->http_status, "%s: %s", hint, msg);
    return true;
}

void engine_network_explain(const char *op, struct berth_error *err)
{
    if (strcmp(op, "remove") == 0) {
        if (!networks_hint(err, "has active endpoints",
                           "containers are still attached, disconnect or remove them first") &&
            !networks_hint(err, "pre-defined network",
                           "the engine's own networks bridge, host and none always stay"))
            networks_hint(err, "not found", "it was removed meanwhile");
    } else if (strcmp(op, "connect") == 0) {
        if (!networks_hint(err, "supported on user defined networks only",
                           "a static address needs a network you created, with a subnet") &&
            !networks_hint(err, "networks with user configured subnets",
                           "this network was created without a subnet, and a static address "
                           "needs one given at create time") &&
            !networks_hint(err, "does not belong to any of this network's subnets",
                           "pick an address inside the network's subnet") &&
            !networks_hint(err, "already exists in network", "the container is already attached"))
            networks_hint(err, "No such container", "check the container's name or id");
    } else if (strcmp(op, "disconnect") == 0) {
        networks_hint(err, "is not connected to network", "nothing to disconnect");
    } else if (strcmp(op, "create") == 0) {
        if (!networks_hint(err, "already exists", "pick another name") &&
            !networks_hint(err, "overlaps with", "pick a subnet no other network uses"))
            networks_hint(err, "Pool overlaps", "pick a subnet no other network uses");
    }
}

/* POST path with a JSON body (taken); 0 or -1 with err. *answer (may be
 * NULL) gets the parsed reply. */
static int networks_post(struct engine *e, const char *path, cJSON *body, cJSON **answer,
                         struct berth_error *err)
{
    char *text = body ? cJSON_PrintUnformatted(body) : NULL;
    cJSON_Delete(body);
    struct engine_response resp;
    engine_response_init(&resp);
    int rc = engine_request(e, "POST", path, text ? "application/json" : NULL, text,
                            text ? strlen(text) : 0, &resp, err);
    free(text);
    if (rc == 0)
        rc = engine_check_status(&resp, err);
    if (rc == 0 && answer)
        *answer = cJSON_ParseWithLength(resp.body.data ? resp.body.data : "", resp.body.len);
    engine_response_done(&resp);
    return rc;
}

int engine_network_create(struct engine *e, const struct network_create *c, char **id,
                          struct berth_error *err)
{
    if (id)
        *id = NULL;
    if (!c->name || !c->name[0])
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "a network needs a name");
    if (c->gateway && c->gateway[0] && !(c->subnet && c->subnet[0]))
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "a gateway can only be given together with a subnet");
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "Name", c->name);
    cJSON_AddBoolToObject(body, "CheckDuplicate", 1);
    cJSON_AddStringToObject(body, "Driver", c->driver && c->driver[0] ? c->driver : "bridge");
    cJSON_AddBoolToObject(body, "Internal", c->internal);
    cJSON_AddBoolToObject(body, "Attachable", c->attachable);
    cJSON_AddItemToObject(body, "Labels", engine_kv_object(c->labels, c->nlabels));
    if (c->subnet && c->subnet[0]) {
        cJSON *ipam = cJSON_AddObjectToObject(body, "IPAM");
        cJSON_AddStringToObject(ipam, "Driver", "default");
        cJSON *cfg = cJSON_CreateObject();
        cJSON_AddStringToObject(cfg, "Subnet", c->subnet);
        if (c->gateway && c->gateway[0])
            cJSON_AddStringToObject(cfg, "Gateway", c->gateway);
        cJSON_AddItemToArray(cJSON_AddArrayToObject(ipam, "Config"), cfg);
    }
    cJSON *answer = NULL;
    int rc = networks_post(e, "/networks/create", body, &answer, err);
    if (rc < 0)
        engine_network_explain("create", err);
    else if (id)
        *id = engine_json_dup(answer, "Id");
    cJSON_Delete(answer);
    return rc;
}

int engine_network_remove(struct engine *e, const char *id, struct berth_error *err)
{
    if (engine_network_predefined(id))
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "%s is one of the engine's own networks (bridge, host, none), "
                               "which cannot be removed",
                               id);
    char *path = engine_object_path("networks", id, "");
    struct engine_response resp;
    engine_response_init(&resp);
    int rc = engine_request(e, "DELETE", path, NULL, NULL, 0, &resp, err);
    free(path);
    if (rc == 0 && engine_check_status(&resp, err) < 0) {
        rc = -1;
        engine_network_explain("remove", err);
    }
    engine_response_done(&resp);
    return rc;
}

int engine_networks_prune(struct engine *e, const char *label, char ***deleted, size_t *ndeleted,
                          struct berth_error *err)
{
    cJSON *filters = cJSON_CreateObject();
    if (label && label[0])
        cJSON_AddItemToArray(cJSON_AddArrayToObject(filters, "label"), cJSON_CreateString(label));
    char *ftext = cJSON_PrintUnformatted(filters);
    cJSON_Delete(filters);
    int rc =
        engine_prune(e, "networks", ftext, "NetworksDeleted", NULL, deleted, ndeleted, NULL, err);
    cJSON_free(ftext);
    return rc;
}

int engine_network_connect(struct engine *e, const char *net, const char *container,
                           const char *alias, const char *ipv4, struct berth_error *err)
{
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "Container", container);
    cJSON *ec = cJSON_AddObjectToObject(body, "EndpointConfig");
    if (alias && alias[0])
        cJSON_AddItemToArray(cJSON_AddArrayToObject(ec, "Aliases"), cJSON_CreateString(alias));
    if (ipv4 && ipv4[0])
        cJSON_AddStringToObject(cJSON_AddObjectToObject(ec, "IPAMConfig"), "IPv4Address", ipv4);
    char *path = engine_object_path("networks", net, "/connect");
    int rc = networks_post(e, path, body, NULL, err);
    free(path);
    if (rc < 0)
        engine_network_explain("connect", err);
    return rc;
}

int engine_network_disconnect(struct engine *e, const char *net, const char *container, bool force,
                              struct berth_error *err)
{
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "Container", container);
    cJSON_AddBoolToObject(body, "Force", force);
    char *path = engine_object_path("networks", net, "/disconnect");
    int rc = networks_post(e, path, body, NULL, err);
    free(path);
    if (rc < 0)
        engine_network_explain("disconnect", err);
    return rc;
}
