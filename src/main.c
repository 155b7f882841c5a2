/* berth entry point: parse options, resolve the engine endpoint, dispatch
 * to batch mode or the dashboard.
 *
 * Exit statuses: 0 ok, 1 engine unreachable or engine error, 2 usage.
 * Every failure is one line on stderr; messages may quote engine text, so
 * they go through the sanitiser first. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "batch.h"
#include "compose_check.h"
#include "endpoint.h"
#include "error.h"
#include "options.h"
#include "sanitize.h"
#include "ui/dashboard.h"
#include "volume_cli.h"

enum {
    MAIN_EXIT_OK = 0,
    MAIN_EXIT_ENGINE = 1,
    MAIN_EXIT_USAGE = 2,
};

static void main_report(const struct berth_error *err)
{
    char *msg = sanitize_dup(err->message);
    fprintf(stderr, "berth: %s\n", msg);
    free(msg);
}

int main(int argc, char **argv)
{
    /* Only for character widths in table alignment; numbers stay in C. */
    setlocale(LC_CTYPE, "");

    /* A subcommand with its own options: hand over before option parsing. */
    if (compose_check_is_command(argc, argv))
        return compose_check_main(argc - 1, argv + 1, NULL, stdout, stderr);
    if (volume_cli_is_command(argc, argv))
        return volume_cli_main(argc - 1, argv + 1, stdout, stderr);

    struct options opt;
    struct berth_error err;
    if (options_parse(&opt, argc, argv, &err) < 0) {
        main_report(&err);
        return MAIN_EXIT_USAGE;
    }
    if (opt.help) {
        options_usage(stdout);
        return MAIN_EXIT_OK;
    }
    if (opt.version) {
        printf("berth %s\n", PACKAGE_VERSION);
        return MAIN_EXIT_OK;
    }
    if (opt.help_keys)
        return dashboard_print_keys(&opt, stdout, stderr) < 0 ? MAIN_EXIT_USAGE : MAIN_EXIT_OK;

    struct endpoint_inputs in = {
        .host_flag = opt.host,
        .context_flag = opt.context,
        .getenv_fn = NULL,
        .getenv_user = NULL,
    };
    struct endpoint ep;
    if (endpoint_resolve(&in, &ep, &err) < 0) {
        main_report(&err);
        return err.kind == BERTH_ERR_USAGE ? MAIN_EXIT_USAGE : MAIN_EXIT_ENGINE;
    }

    int status;
    if (opt.batch) {
        status = batch_run(&opt, &ep, stdout, &err) < 0 ? MAIN_EXIT_ENGINE : MAIN_EXIT_OK;
        if (status != MAIN_EXIT_OK)
            main_report(&err);
    } else {
        status = MAIN_EXIT_OK;
        if (dashboard_run(&opt, &ep, &err) < 0) {
            status = err.kind == BERTH_ERR_USAGE ? MAIN_EXIT_USAGE : MAIN_EXIT_ENGINE;
            main_report(&err);
        }
    }
    endpoint_done(&ep);
    return status;
}
