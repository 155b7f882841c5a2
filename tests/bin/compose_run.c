/* The compose tool API against the real compose tool, for integration
 * tests.
 *
 *   compose_run VERB PROJECT [OPTION...] [-f FILE]... [--project-directory DIR]
 *
 * VERB is up, down, restart, stop, start or pull; options are the ones the
 * dashboard's dialogs offer: --no-recreate --force-recreate --build
 * --remove-orphans -v --rmi all|local -t N (--docker-host URL sets the
 * DOCKER_HOST the tool gets). Runs it through compose_run_start(), polling
 * its descriptor the way the dashboard does, and prints:
 *   cmd: COMMAND LINE
 *   out: LINE            (each line of the tool's output)
 *   end: exit N | killed by signal N | MESSAGE
 * Exit status: the tool's, 125 when it could not run (no tool). */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose_tool.h"
#include "strbuf.h"
#include "xalloc.h"

static int usage(void)
{
    fprintf(stderr, "usage: compose_run up|down|restart|stop|start|pull PROJECT [OPTION...]\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return usage();
    struct compose_opts o = {.project = argv[2], .timeout = -1};
    static const char *const verbs[] = {"up", "down", "restart", "stop", "start", "pull"};
    size_t v = 0;
    while (v < 6 && strcmp(argv[1], verbs[v]) != 0)
        v++;
    if (v == 6)
        return usage();
    o.verb = (enum compose_verb)v;
    const char **files = calloc((size_t)argc, sizeof *files);
    const char *host = NULL;
    for (int i = 3; i < argc; i++) {
        const char *a = argv[i];
        bool more = i + 1 < argc;
        if (strcmp(a, "--no-recreate") == 0)
            o.no_recreate = true;
        else if (strcmp(a, "--force-recreate") == 0)
            o.force_recreate = true;
        else if (strcmp(a, "--build") == 0)
            o.build = true;
        else if (strcmp(a, "--remove-orphans") == 0)
            o.remove_orphans = true;
        else if (strcmp(a, "-v") == 0)
            o.volumes = true;
        else if (strcmp(a, "--rmi") == 0 && more)
            o.rmi = strcmp(argv[++i], "all") == 0 ? COMPOSE_RMI_ALL : COMPOSE_RMI_LOCAL;
        else if (strcmp(a, "-t") == 0 && more)
            o.timeout = atoi(argv[++i]);
        else if (strcmp(a, "-f") == 0 && more)
            files[o.nfiles++] = argv[++i];
        else if (strcmp(a, "--project-directory") == 0 && more)
            o.working_dir = argv[++i];
        else if (strcmp(a, "--docker-host") == 0 && more)
            host = argv[++i];
        else
            return usage();
    }
    o.files = files;
    char *host_env = host ? xasprintf("DOCKER_HOST=%s", host) : NULL;
    char *env[] = {host_env, NULL};
    struct compose_run *r = compose_run_start(&o, env);
    free(host_env);
    struct strbuf out, all;
    strbuf_init(&out);
    strbuf_init(&all);
    struct compose_status st;
    for (;;) {
        struct pollfd p = {.fd = compose_run_fd(r), .events = POLLIN};
        poll(&p, 1, 1000);
        bool over = compose_run_take(r, &out, &st);
        if (st.cmdline) {
            printf("cmd: %s\n", st.cmdline);
            free(st.cmdline);
        }
        if (out.len)
            strbuf_append(&all, out.data, out.len);
        strbuf_reset(&out);
        if (over)
            break;
    }
    const char *p = all.len ? all.data : "";
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        printf("out: %.*s\n", (int)len, p);
        p += len + (nl ? 1 : 0);
    }
    char line[BERTH_ERROR_MESSAGE_MAX];
    compose_status_text(&st, line, sizeof line);
    printf("end: %s\n", line);
    compose_run_free(r);
    strbuf_done(&out);
    strbuf_done(&all);
    free(files);
    if (st.end == COMPOSE_END_EXITED)
        return st.code;
    return st.end == COMPOSE_END_SIGNALED ? 128 + st.code : 125;
}
