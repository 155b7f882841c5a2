/* network_ops: drives the networks client (src/engine_networks.c) against
 * the real engine for tests/integration/network-ops.sh. Output is plain
 * lines the script compares with what the docker CLI says; a failure
 * prints "error KIND STATUS MESSAGE" and exits 2.
 *
 *   network_ops [-H URL] COMMAND [ARGS]
 *     ls                              one line per network: name id driver
 *                                     scope internal subnet gateway ncontainers
 *                                     labels, then "  ep NAME IPV4" per container
 *     inspect NET                     the same for one network
 *     create NAME DRIVER SUBNET GATEWAY INTERNAL(0|1) [LABEL=VALUE...]
 *                                     prints the new Id ("-" for an empty value)
 *     rm NET
 *     prune LABEL                     prints "deleted NAME" per network
 *     connect NET CONTAINER ALIAS IPV4 ("-" for an empty alias or address)
 *     disconnect NET CONTAINER FORCE(0|1) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "endpoint.h"
#include "engine.h"
#include "engine_networks.h"
#include "xalloc.h"

static int fail_with(const struct berth_error *err)
{
    printf("error %s %ld %s\n", berth_error_kind_name(err->kind), err->http_status, err->message);
    return 2;
}

static const char *arg(const char *s)
{
    return strcmp(s, "-") == 0 ? "" : s;
}

static void print_network(const struct network_info *n)
{
    printf("%s %.12s %s %s %s %s %s %zu %s\n", n->name, n->id, n->driver, n->scope,
           n->internal ? "internal" : "-", n->subnet[0] ? n->subnet : "-",
           n->gateway[0] ? n->gateway : "-", n->neps, n->labels[0] ? n->labels : "-");
    for (size_t i = 0; i < n->neps; i++)
        printf("  ep %s %s\n", n->eps[i].name, n->eps[i].ipv4[0] ? n->eps[i].ipv4 : "-");
}

static int run(struct engine *e, const char *cmd, int argc, char **argv)
{
    struct berth_error err;
    if (strcmp(cmd, "ls") == 0 && argc == 0) {
        struct network_list l;
        if (engine_networks_list(e, true, &l, &err) < 0)
            return fail_with(&err);
        for (size_t i = 0; i < l.n; i++)
            print_network(&l.v[i]);
        network_list_done(&l);
        return 0;
    }
    if (strcmp(cmd, "inspect") == 0 && argc == 1) {
        struct network_info n;
        if (engine_network_inspect(e, argv[0], &n, &err) < 0)
            return fail_with(&err);
        print_network(&n);
        network_info_done(&n);
        return 0;
    }
    if (strcmp(cmd, "create") == 0 && argc >= 5) {
        struct network_create c = {
            .name = argv[0],
            .driver = arg(argv[1]),
            .subnet = arg(argv[2]),
            .gateway = arg(argv[3]),
            .internal = strcmp(argv[4], "1") == 0,
            .labels = argv + 5,
            .nlabels = (size_t)(argc - 5),
        };
        char *id = NULL;
        if (engine_network_create(e, &c, &id, &err) < 0)
            return fail_with(&err);
        printf("%s\n", id);
        free(id);
        return 0;
    }
    if (strcmp(cmd, "rm") == 0 && argc == 1)
        return engine_network_remove(e, argv[0], &err) < 0 ? fail_with(&err) : 0;
    if (strcmp(cmd, "prune") == 0 && argc == 1) {
        char **del;
        size_t n;
        if (engine_networks_prune(e, arg(argv[0]), &del, &n, &err) < 0)
            return fail_with(&err);
        for (size_t i = 0; i < n; i++) {
            printf("deleted %s\n", del[i]);
            free(del[i]);
        }
        free(del);
        return 0;
    }
    if (strcmp(cmd, "connect") == 0 && argc == 4)
        return engine_network_connect(e, argv[0], argv[1], arg(argv[2]), arg(argv[3]), &err) < 0
                   ? fail_with(&err)
                   : 0;
    if (strcmp(cmd, "disconnect") == 0 && argc == 3)
        return engine_network_disconnect(e, argv[0], argv[1], strcmp(argv[2], "1") == 0, &err) < 0
                   ? fail_with(&err)
                   : 0;
    fprintf(stderr, "network_ops: bad command or arguments: %s\n", cmd);
    return 64;
}

int main(int argc, char **argv)
{
    struct endpoint_inputs in = {0};
    int i = 1;
    if (i + 1 < argc && strcmp(argv[i], "-H") == 0) {
        in.host_flag = argv[i + 1];
        i += 2;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: network_ops [-H URL] COMMAND [ARGS]\n");
        return 64;
    }
    struct endpoint ep;
    struct berth_error err;
    if (endpoint_resolve(&in, &ep, &err) < 0)
        return fail_with(&err);
    struct engine *e = engine_new(&ep, 0);
    endpoint_done(&ep);
    int rc = run(e, argv[i], argc - i - 1, argv + i + 1);
    engine_free(e);
    return rc;
}
