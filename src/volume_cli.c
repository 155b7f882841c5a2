/* `berth volume ...` (see volume_cli.h).
 *
 * Backup and restore show progress on stderr when it is a terminal, and
 * SIGINT/SIGTERM cancel them cleanly: the transfer stops, a backup leaves
 * no file, and the helper container is removed before exiting. */
#include "config.h"

#include "volume_cli.h"

#include <getopt.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "endpoint.h"
#include "engine.h"
#include "engine_volumes.h"
#include "sanitize.h"
#include "volume_backup.h"
#include "xalloc.h"

enum { CLI_OK = 0, CLI_ENGINE = 1, CLI_USAGE = 2 };

static atomic_bool cli_cancel;

static void cli_on_signal(int sig)
{
    (void)sig;
    atomic_store(&cli_cancel, true);
}

struct cli {
    FILE *out, *errs;
    const char *host, *context;
    const char *driver, *label;
    char **labels, **opts;
    size_t nlabels, nopts;
    bool force, all, yes, merge, clear;
    bool tty;
};

int volume_cli_is_command(int argc, char **argv)
{
    return argc > 1 && argv[1] && strcmp(argv[1], "volume") == 0;
}

static void cli_usage(FILE *out)
{
    fputs("Usage: berth volume ls\n"
          "       berth volume create [--driver D] [--label K=V]... [--opt K=V]... [NAME]\n"
          "       berth volume rm [--force] NAME...\n"
          "       berth volume prune [--label K=V] [--all] [--yes]\n"
          "       berth volume backup VOLUME FILE.tar.gz\n"
          "       berth volume restore FILE.tar.gz VOLUME [--merge|--clear]\n"
          "Every command also takes -H/--host URL and --context NAME.\n"
          "backup streams the volume through the engine's archive API into a new\n"
          "gzip file (no partial file is left on failure or Ctrl-C); restore refuses\n"
          "a volume that holds files unless --merge (write over them) or --clear\n"
          "(remove and recreate the volume first) is given.\n",
          out);
}

static int cli_error(struct cli *c, const struct berth_error *err)
{
    char *msg = sanitize_dup(err->message);
    fprintf(c->errs, "berth: %s\n", msg);
    free(msg);
    return err->kind == BERTH_ERR_USAGE ? CLI_USAGE : CLI_ENGINE;
}

static void cli_bytes(uint64_t n, char *buf, size_t size)
{
    const char *units[] = {"B", "kB", "MB", "GB", "TB"};
    double v = (double)n;
    int u = 0;
    while (v >= 1000.0 && u < 4) {
        v /= 1000.0;
        u++;
    }
    snprintf(buf, size, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

static void cli_progress(void *user, const struct volume_progress *p)
{
    struct cli *c = user;
    if (!c->tty)
        return;
    char a[32], b[32];
    cli_bytes(p->tar_bytes, a, sizeof a);
    cli_bytes(p->file_bytes, b, sizeof b);
    double rate = p->seconds > 0 ? (double)p->tar_bytes / p->seconds / 1e6 : 0;
    fprintf(c->errs, "\r%s of data, %s of file, %.1f MB/s  ", a, b, rate);
    fflush(c->errs);
}

static void cli_progress_end(struct cli *c)
{
    if (c->tty)
        fputc('\n', c->errs);
}

static void cli_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cli_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static int cli_ls(struct cli *c, struct engine *e)
{
    struct berth_error err;
    struct volume_list l;
    if (engine_volumes_list(e, true, 0, &l, &err) < 0)
        return cli_error(c, &err);
    fprintf(c->out, "%-30s %-8s %-6s %10s %4s %-20s %s\n", "NAME", "DRIVER", "SCOPE", "SIZE",
            "REFS", "CREATED", "CONTAINERS");
    for (size_t i = 0; i < l.n; i++) {
        const struct volume_info *v = &l.v[i];
        char size[32] = "-", refs[24] = "-";
        if (v->size >= 0)
            cli_bytes((uint64_t)v->size, size, sizeof size);
        if (v->refcount >= 0)
            snprintf(refs, sizeof refs, "%lld", (long long)v->refcount);
        char *name = sanitize_dup(v->name), *drv = sanitize_dup(v->driver),
             *scope = sanitize_dup(v->scope), *cr = sanitize_dup(v->created),
             *ctrs = sanitize_dup(v->containers[0] ? v->containers : "-");
        fprintf(c->out, "%-30s %-8s %-6s %10s %4s %-20s %s\n", name, drv, scope, size, refs, cr,
                ctrs);
        free(name);
        free(drv);
        free(scope);
        free(cr);
        free(ctrs);
    }
    volume_list_done(&l);
    return CLI_OK;
}

static int cli_create(struct cli *c, struct engine *e, int argc, char **argv)
{
    struct berth_error err;
    if (argc > 1) {
        fprintf(c->errs, "berth: volume create takes at most one NAME\n");
        return CLI_USAGE;
    }
    char *name = NULL;
    if (engine_volume_create(e, argc ? argv[0] : NULL, c->driver, c->labels, c->nlabels, c->opts,
                             c->nopts, &name, &err) < 0)
        return cli_error(c, &err);
    char *s = sanitize_dup(name);
    fprintf(c->out, "%s\n", s);
    free(s);
    free(name);
    return CLI_OK;
}

static int cli_rm(struct cli *c, struct engine *e, int argc, char **argv)
{
    if (argc < 1) {
        fprintf(c->errs, "berth: volume rm needs a NAME\n");
        return CLI_USAGE;
    }
    int status = CLI_OK;
    for (int i = 0; i < argc; i++) {
        struct berth_error err;
        if (engine_volume_remove(e, argv[i], c->force, &err) < 0)
            status = cli_error(c, &err);
        else
            fprintf(c->out, "%s\n", argv[i]);
    }
    return status;
}

static int cli_prune(struct cli *c, struct engine *e)
{
    struct berth_error err;
    if (!c->yes) {
        /* What would go: unused volumes (no container refers to them). */
        struct volume_list l;
        if (engine_volumes_list(e, true, 0, &l, &err) < 0)
            return cli_error(c, &err);
        uint64_t space = 0;
        size_t n = 0;
        for (size_t i = 0; i < l.n; i++) {
            const struct volume_info *v = &l.v[i];
            if (v->ncontainers > 0 || v->refcount > 0)
                continue;
            if (c->label && !strstr(v->labels, c->label))
                continue;
            char *s = sanitize_dup(v->name);
            fprintf(c->out, "would remove %s\n", s);
            free(s);
            space += v->size > 0 ? (uint64_t)v->size : 0;
            n++;
        }
        char sp[32];
        cli_bytes(space, sp, sizeof sp);
        fprintf(c->out, "%zu volumes, %s would be freed%s; run again with --yes to prune\n", n, sp,
                engine_volumes_prune_removes_named(e)
                    ? " (this engine's API is older than 1.42: named volumes are removed too)"
                    : (c->all ? "" : " (named volumes are kept unless --all)"));
        volume_list_done(&l);
        return CLI_OK;
    }
    char **deleted;
    size_t n;
    uint64_t reclaimed;
    if (engine_volumes_prune(e, c->label, c->all, &deleted, &n, &reclaimed, &err) < 0)
        return cli_error(c, &err);
    for (size_t i = 0; i < n; i++) {
        char *s = sanitize_dup(deleted[i]);
        fprintf(c->out, "removed %s\n", s);
        free(s);
        free(deleted[i]);
    }
    free(deleted);
    char sp[32];
    cli_bytes(reclaimed, sp, sizeof sp);
    fprintf(c->out, "%zu volumes removed, %s freed\n", n, sp);
    return CLI_OK;
}

static void cli_summary(struct cli *c, const char *what, const struct volume_progress *p)
{
    char a[32], b[32];
    cli_bytes(p->tar_bytes, a, sizeof a);
    cli_bytes(p->file_bytes, b, sizeof b);
    double rate = p->seconds > 0 ? (double)p->tar_bytes / p->seconds / 1e6 : 0;
    fprintf(c->out, "%s: %s of data (%llu bytes), %s of file, %.2f s, %.1f MB/s\n", what, a,
            (unsigned long long)p->tar_bytes, b, p->seconds, rate);
}

static int cli_backup(struct cli *c, struct engine *e, int argc, char **argv)
{
    if (argc != 2) {
        fprintf(c->errs, "berth: usage: berth volume backup VOLUME FILE.tar.gz\n");
        return CLI_USAGE;
    }
    cli_signals();
    struct volume_xfer_opts o = {.progress = cli_progress, .user = c, .cancel = &cli_cancel};
    struct volume_progress done;
    struct berth_error err;
    int rc = volume_backup(e, argv[0], argv[1], &o, &done, &err);
    cli_progress_end(c);
    if (rc < 0)
        return cli_error(c, &err);
    cli_summary(c, "backup", &done);
    return CLI_OK;
}

static int cli_restore(struct cli *c, struct engine *e, int argc, char **argv)
{
    if (argc != 2 || (c->merge && c->clear)) {
        fprintf(c->errs,
                "berth: usage: berth volume restore FILE.tar.gz VOLUME [--merge|--clear]\n");
        return CLI_USAGE;
    }
    cli_signals();
    enum volume_restore_mode mode = c->merge   ? VOLUME_RESTORE_MERGE
                                    : c->clear ? VOLUME_RESTORE_CLEAR
                                               : VOLUME_RESTORE_EMPTY_ONLY;
    struct volume_xfer_opts o = {.progress = cli_progress, .user = c, .cancel = &cli_cancel};
    struct volume_progress done;
    struct berth_error err;
    int rc = volume_restore(e, argv[0], argv[1], mode, &o, &done, &err);
    cli_progress_end(c);
    if (rc < 0) {
        /* A refusal is a decision for the operator, not bad usage. */
        int status = cli_error(c, &err);
        return err.kind == BERTH_ERR_USAGE ? CLI_ENGINE : status;
    }
    cli_summary(c, "restore", &done);
    return CLI_OK;
}

int volume_cli_main(int argc, char **argv, FILE *out, FILE *errs)
{
    struct cli c;
    memset(&c, 0, sizeof c);
    c.out = out;
    c.errs = errs;
    c.tty = isatty(fileno(errs));
    c.labels = xcalloc((size_t)argc + 1, sizeof *c.labels);
    c.opts = xcalloc((size_t)argc + 1, sizeof *c.opts);
    enum { O_CONTEXT = 256, O_DRIVER, O_LABEL, O_OPT, O_ALL, O_YES, O_MERGE, O_CLEAR };
    static const struct option longopts[] = {
        {"host", required_argument, NULL, 'H'},  {"context", required_argument, NULL, O_CONTEXT},
        {"driver", required_argument, NULL, O_DRIVER}, {"label", required_argument, NULL, O_LABEL},
        {"opt", required_argument, NULL, O_OPT}, {"force", no_argument, NULL, 'f'},
        {"all", no_argument, NULL, O_ALL},       {"yes", no_argument, NULL, O_YES},
        {"merge", no_argument, NULL, O_MERGE},   {"clear", no_argument, NULL, O_CLEAR},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
    };
    int status = CLI_OK;
    bool help = false;
    optind = 0;
    opterr = 0;
    int ch;
    /* getopt permutes: options may follow the operands (restore F V --merge). */
    while ((ch = getopt_long(argc, argv, "H:fh", longopts, NULL)) != -1) {
        switch (ch) {
        case 'H': c.host = optarg; break;
        case O_CONTEXT: c.context = optarg; break;
        case O_DRIVER: c.driver = optarg; break;
        case O_LABEL:
            c.labels[c.nlabels++] = optarg;
            c.label = optarg;
            break;
        case O_OPT: c.opts[c.nopts++] = optarg; break;
        case 'f': c.force = true; break;
        case O_ALL: c.all = true; break;
        case O_YES: c.yes = true; break;
        case O_MERGE: c.merge = true; break;
        case O_CLEAR: c.clear = true; break;
        case 'h': help = true; break;
        default:
            fprintf(errs, "berth: volume: unknown option %s\n", argv[optind - 1]);
            status = CLI_USAGE;
            break;
        }
    }
    const char *cmd = optind < argc ? argv[optind++] : NULL;
    if (help || status != CLI_OK || !cmd) {
        cli_usage(help ? out : errs);
        free(c.labels);
        free(c.opts);
        return help ? CLI_OK : CLI_USAGE;
    }
    struct endpoint_inputs in = {.host_flag = c.host, .context_flag = c.context};
    struct endpoint ep;
    struct berth_error err;
    if (endpoint_resolve(&in, &ep, &err) < 0) {
        free(c.labels);
        free(c.opts);
        return cli_error(&c, &err);
    }
    struct engine *e = engine_new(&ep, 0);
    int nargs = argc - optind;
    char **args = argv + optind;
    if (strcmp(cmd, "ls") == 0 || strcmp(cmd, "list") == 0)
        status = cli_ls(&c, e);
    else if (strcmp(cmd, "create") == 0)
        status = cli_create(&c, e, nargs, args);
    else if (strcmp(cmd, "rm") == 0 || strcmp(cmd, "remove") == 0)
        status = cli_rm(&c, e, nargs, args);
    else if (strcmp(cmd, "prune") == 0)
        status = cli_prune(&c, e);
    else if (strcmp(cmd, "backup") == 0)
        status = cli_backup(&c, e, nargs, args);
    else if (strcmp(cmd, "restore") == 0)
        status = cli_restore(&c, e, nargs, args);
    else {
        fprintf(errs, "berth: volume: unknown command '%s'\n", cmd);
        cli_usage(errs);
        status = CLI_USAGE;
    }
    engine_free(e);
    endpoint_done(&ep);
    free(c.labels);
    free(c.opts);
    return status;
}
