/* Command-line options: see options.h. The option table below is the one
 * list; the help text follows it line by line. */
#include "config.h"

#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Long-only options get codes above the char range. */
enum {
    OPTIONS_LONG_CONTEXT = 256,
    OPTIONS_LONG_TIMEOUT,
    OPTIONS_LONG_FORMAT,
    OPTIONS_LONG_READ_ONLY,
    OPTIONS_LONG_THEME,
    OPTIONS_LONG_CONFIG,
    OPTIONS_LONG_HELP_KEYS,
    OPTIONS_LONG_EDIT,
};

/* Leading ':' makes getopt report a missing argument as ':' (not '?'),
 * and opterr = 0 keeps it quiet: the caller prints the one message. */
static const char options_short[] = ":H:bn:d:ahV";

static const struct option options_long[] = {
    {"host", required_argument, NULL, 'H'},
    {"context", required_argument, NULL, OPTIONS_LONG_CONTEXT},
    {"timeout", required_argument, NULL, OPTIONS_LONG_TIMEOUT},
    {"batch", no_argument, NULL, 'b'},
    {"iterations", required_argument, NULL, 'n'},
    {"delay", required_argument, NULL, 'd'},
    {"all", no_argument, NULL, 'a'},
    {"format", required_argument, NULL, OPTIONS_LONG_FORMAT},
    {"read-only", no_argument, NULL, OPTIONS_LONG_READ_ONLY},
    {"theme", required_argument, NULL, OPTIONS_LONG_THEME},
    {"config", required_argument, NULL, OPTIONS_LONG_CONFIG},
    {"edit", required_argument, NULL, OPTIONS_LONG_EDIT},
    {"help", no_argument, NULL, 'h'},
    {"help-keys", no_argument, NULL, OPTIONS_LONG_HELP_KEYS},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* Upper bound for --delay and --timeout: a day is already absurd, and it
 * keeps the millisecond conversions far from overflow. */
#define OPTIONS_MAX_SECONDS 86400.0

void options_init(struct options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->timeout_ms = (long)(OPTIONS_DEFAULT_TIMEOUT * 1000.0);
    opt->iterations = 1;
    opt->delay = OPTIONS_DEFAULT_DELAY;
    opt->format = OPTIONS_FORMAT_TABLE;
}

/* A positive, finite number of seconds (fractions allowed). */
static int options_seconds(const char *name, const char *arg, double *out, struct berth_error *err)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(arg, &end);
    if (end == arg || *end != '\0' || errno != 0 || !isfinite(v))
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "%s: '%s' is not a number of seconds", name,
                               arg);
    if (!(v > 0.0) || v > OPTIONS_MAX_SECONDS)
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "%s: %s is out of range (more than 0, at most %.0f seconds)", name,
                               arg, OPTIONS_MAX_SECONDS);
    *out = v;
    return 0;
}

static int options_count(const char *name, const char *arg, int *out, struct berth_error *err)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (end == arg || *end != '\0' || errno != 0)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "%s: '%s' is not a whole number", name,
                               arg);
    if (v < 1 || v > 1000000)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "%s: %s is out of range (1 to 1000000)",
                               name, arg);
    *out = (int)v;
    return 0;
}

static int options_nonempty(const char *name, const char *arg, const char **out,
                            struct berth_error *err)
{
    if (!arg[0])
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "%s: the value is empty", name);
    *out = arg;
    return 0;
}

/* The option as the operator typed it, for messages about it. */
static const char *options_spelling(int argc, char **argv, int at)
{
    if (at > 0 && at <= argc && argv[at - 1])
        return argv[at - 1];
    return "?";
}

/* "--batch=1": a known flag given a value (getopt reports it like an
 * unknown option). Abbreviations count, as getopt_long accepts them. */
static bool options_is_flag_with_value(const char *typed)
{
    const char *eq = strchr(typed, '=');
    if (strncmp(typed, "--", 2) != 0 || !eq)
        return false;
    size_t len = (size_t)(eq - typed) - 2;
    for (const struct option *o = options_long; o->name; o++)
        if (o->has_arg == no_argument && strncmp(o->name, typed + 2, len) == 0)
            return true;
    return false;
}

int options_parse(struct options *opt, int argc, char **argv, struct berth_error *err)
{
    options_init(opt);
    berth_error_clear(err);
    opterr = 0;
    optind = 0; /* glibc: 0 also resets its internal state */
    double seconds;
    int c;
    while ((c = getopt_long(argc, argv, options_short, options_long, NULL)) != -1) {
        switch (c) {
        case 'H':
            if (options_nonempty("--host", optarg, &opt->host, err) < 0)
                return -1;
            break;
        case OPTIONS_LONG_CONTEXT:
            if (options_nonempty("--context", optarg, &opt->context, err) < 0)
                return -1;
            break;
        case OPTIONS_LONG_TIMEOUT:
            if (options_seconds("--timeout", optarg, &seconds, err) < 0)
                return -1;
            opt->timeout_ms = (long)ceil(seconds * 1000.0);
            break;
        case 'b':
            opt->batch = true;
            break;
        case 'n':
            if (options_count("--iterations", optarg, &opt->iterations, err) < 0)
                return -1;
            break;
        case 'd':
            if (options_seconds("--delay", optarg, &opt->delay, err) < 0)
                return -1;
            opt->delay_given = true;
            break;
        case 'a':
            opt->all = true;
            break;
        case OPTIONS_LONG_FORMAT:
            if (strcmp(optarg, "table") == 0)
                opt->format = OPTIONS_FORMAT_TABLE;
            else if (strcmp(optarg, "json") == 0)
                opt->format = OPTIONS_FORMAT_JSON;
            else
                return berth_error_set(err, BERTH_ERR_USAGE, 0,
                                       "--format: '%s' is not one of table, json", optarg);
            break;
        case OPTIONS_LONG_READ_ONLY:
            opt->read_only = true;
            break;
        case OPTIONS_LONG_THEME:
            if (options_nonempty("--theme", optarg, &opt->theme, err) < 0)
                return -1;
            break;
        case OPTIONS_LONG_CONFIG:
            if (options_nonempty("--config", optarg, &opt->config, err) < 0)
                return -1;
            break;
        case OPTIONS_LONG_EDIT:
            if (options_nonempty("--edit", optarg, &opt->edit, err) < 0)
                return -1;
            break;
        case 'h':
            opt->help = true;
            break;
        case OPTIONS_LONG_HELP_KEYS:
            opt->help_keys = true;
            break;
        case 'V':
            opt->version = true;
            break;
        case ':':
            return berth_error_set(err, BERTH_ERR_USAGE, 0, "%s needs a value",
                                   options_spelling(argc, argv, optind));
        default: {
            const char *typed = options_spelling(argc, argv, optind);
            if (options_is_flag_with_value(typed))
                return berth_error_set(err, BERTH_ERR_USAGE, 0,
                                       "%s: this option takes no value (see --help)", typed);
            if (strncmp(typed, "--", 2) != 0 && optopt > 0 && optopt < 256)
                return berth_error_set(err, BERTH_ERR_USAGE, 0, "unknown option -%c (see --help)",
                                       optopt);
            return berth_error_set(err, BERTH_ERR_USAGE, 0, "unknown option %s (see --help)",
                                   typed);
        }
        }
    }
    if (optind < argc)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "unexpected argument '%s' (see --help)",
                               argv[optind]);
    return 0;
}

void options_usage(FILE *out)
{
    fputs(
        "Usage: berth [OPTION]...\n"
        "A terminal dashboard for Docker engines: containers with live CPU, memory,\n"
        "network and disk figures, health, compose projects, logs and actions.\n"
        "\n"
        "Engine:\n"
        "  -H, --host URL        engine address: unix:///path, tcp://host:port, ssh://[user@]host\n"
        "      --context NAME    use a docker CLI context\n"
        "      --timeout SECONDS bound each engine request (default 10)\n"
        "\n"
        "Batch mode (like top -b):\n"
        "  -b, --batch           print the container table and exit\n"
        "  -n, --iterations N    print N times (default 1)\n"
        "  -d, --delay SECONDS   seconds between iterations and dashboard refreshes\n"
        "                        (default 2)\n"
        "  -a, --all             include stopped containers\n"
        "      --format FORMAT   table (default) or json: one array per iteration\n"
        "\n"
        "Dashboard:\n"
        "      --read-only       offer no actions that change the engine\n"
        "      --theme NAME      colour theme\n"
        "      --config FILE     configuration file\n"
        "      --edit FILE       open the compose editor on FILE\n"
        "      --help-keys       list the dashboard's actions and keys, and exit\n"
        "\n"
        "  -h, --help            show this help and exit\n"
        "  -V, --version         show the version and exit\n"
        "\n"
        "Exit status: 0 ok, 1 engine unreachable or engine error, 2 bad usage.\n",
        out);
}
