/* Networks on the engine: list (with the containers attached to each and
 * their addresses), inspect, create, remove, prune, connect, disconnect.
 *
 * GET /networks answers with an empty Containers map on many engine
 * versions, so the list inspects every network once to fill in who is
 * attached. Networks are addressed by Id once known: names are not unique
 * on older engines. Error messages keep the engine's words and add, for
 * the common refusals (active endpoints, predefined networks, a static
 * address on a network that cannot take one), what the operator can do. */
#ifndef BERTH_SRC_ENGINE_NETWORKS_H
#define BERTH_SRC_ENGINE_NETWORKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "engine.h"
#include "error.h"

struct network_endpoint {
    char *container_id;
    char *name; /* container name, as the engine spells it (no '/') */
    char *ipv4; /* "172.30.77.10/24", "" when none */
    char *ipv6;
    char *mac;
};

struct network_info {
    char *id;
    char *name;
    char *driver;
    char *scope;
    char *created;      /* as the engine spells it */
    int64_t created_at; /* unix seconds, 0 when unknown */
    bool internal, attachable, ipv6;
    char *subnet;                 /* IPAM subnets, "," separated, "" when none */
    char *gateway;                /* IPAM gateways, same */
    char *labels;                 /* "k=v,k2=v2" sorted, "" when none */
    struct network_endpoint *eps; /* attached containers, sorted by name */
    size_t neps;
    bool have_eps; /* eps came from an inspect (the list alone may lack them) */
};

struct network_list {
    struct network_info *v;
    size_t n;
};

void network_info_done(struct network_info *n);
void network_list_done(struct network_list *l);

/* The engine's own networks (bridge, host, none), which it never removes. */
bool engine_network_predefined(const char *name);

/* Parse one network document (a list item or an inspect answer). */
void engine_network_parse(const cJSON *doc, struct network_info *out);
/* Parse a /networks array, sorted by name. Exposed for tests. */
void engine_networks_parse(const cJSON *arr, struct network_list *out);

/* GET /networks, then (with_endpoints) GET /networks/{id} for each to
 * fill the attached containers. A network gone between the two calls is
 * dropped from the list. Sorted by name. */
int engine_networks_list(struct engine *e, bool with_endpoints, struct network_list *out,
                         struct berth_error *err);

/* GET /networks/{id}: 0 and out filled, -1 with err (404 when missing). */
int engine_network_inspect(struct engine *e, const char *id, struct network_info *out,
                           struct berth_error *err);

struct network_create {
    const char *name;
    const char *driver;  /* NULL or "": bridge */
    const char *subnet;  /* NULL or "": the engine picks one */
    const char *gateway; /* NULL or "": the engine picks one (needs subnet) */
    char *const *labels; /* "k=v" items */
    size_t nlabels;
    bool internal, attachable;
};

/* POST /networks/create with CheckDuplicate (an existing name is a 409, not
 * a second network). *id (may be NULL) gets the new network's Id. */
int engine_network_create(struct engine *e, const struct network_create *c, char **id,
                          struct berth_error *err);

/* DELETE /networks/{id}. Predefined networks are refused before asking;
 * 403 "has active endpoints" says to disconnect the containers first. */
int engine_network_remove(struct engine *e, const char *id, struct berth_error *err);

/* POST /networks/prune. label: "k" or "k=v" filter or NULL. deleted gets
 * the names (heap array of heap strings, *ndeleted long). */
int engine_networks_prune(struct engine *e, const char *label, char ***deleted, size_t *ndeleted,
                          struct berth_error *err);

/* POST /networks/{id}/connect. alias and ipv4 may be NULL or "". A static
 * address works only on a user-defined network created with a subnet: the
 * engine's refusal is then explained. */
int engine_network_connect(struct engine *e, const char *net, const char *container,
                           const char *alias, const char *ipv4, struct berth_error *err);

/* POST /networks/{id}/disconnect (force: even when the container is not
 * running or the endpoint is stale). */
int engine_network_disconnect(struct engine *e, const char *net, const char *container, bool force,
                              struct berth_error *err);

/* Split "k=v, k2=v2" (blanks around items trimmed, empty items dropped)
 * into *items (heap array of heap strings, *n long; free with
 * engine_network_labels_free). -1 with err naming the first item that is
 * not key=value with a key. */
int engine_network_labels_split(const char *list, char ***items, size_t *n,
                                struct berth_error *err);
void engine_network_labels_free(char **items, size_t n);

/* Explain an engine refusal in err (adds what to do to the message) for
 * the call named by op ("remove", "connect", "disconnect", "create").
 * Exposed for tests. */
void engine_network_explain(const char *op, struct berth_error *err);

#endif
