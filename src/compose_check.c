/* The compose-check command: see compose_check.h.
 *
 * Everything printed that comes from a file (names, keys, values quoted in
 * messages) passes through the sanitiser first: a compose file is untrusted
 * text like anything from the engine. */
#include "config.h"

#include "compose_check.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "compose_model.h"
#include "error.h"
#include "sanitize.h"

enum compose_check_format {
    COMPOSE_CHECK_TEXT = 0,
    COMPOSE_CHECK_JSON,
};

int compose_check_is_command(int argc, char **argv)
{
    return argc > 1 && argv[1] &&
           (strcmp(argv[1], "compose-check") == 0 || strcmp(argv[1], "--check-compose") == 0);
}

static void compose_check_usage(FILE *out)
{
    fputs("Usage: berth compose-check [--format text|json] FILE...\n"
          "       berth --check-compose [--format text|json] FILE...\n"
          "Check compose files as Compose v2 reads them: YAML syntax, layout, keys,\n"
          "ports, volumes, networks, depends_on, healthchecks, durations, restart\n"
          "policies, variables (from the environment, then the .env file beside each\n"
          "compose file). Findings are printed as FILE:LINE:COL: error|warning: text.\n"
          "\n"
          "      --format FORMAT   text (default) or json\n"
          "  -h, --help            show this help and exit\n"
          "\n"
          "Exit status: 0 no errors (warnings allowed), 1 errors found or a file\n"
          "unreadable, 2 bad usage.\n",
          out);
}

static void compose_check_print_finding(FILE *out, const struct compose_finding *it)
{
    char *file = sanitize_dup(it->file);
    char *msg = sanitize_dup(it->message);
    if (it->line && it->col)
        fprintf(out, "%s:%u:%u: %s: %s\n", file, it->line, it->col,
                compose_severity_name(it->severity), msg);
    else if (it->line)
        fprintf(out, "%s:%u: %s: %s\n", file, it->line, compose_severity_name(it->severity), msg);
    else
        fprintf(out, "%s: %s: %s\n", file, compose_severity_name(it->severity), msg);
    free(file);
    free(msg);
}

static cJSON *compose_check_json_finding(const struct compose_finding *it)
{
    cJSON *o = cJSON_CreateObject();
    char *file = sanitize_dup(it->file);
    char *msg = sanitize_dup(it->message);
    cJSON_AddStringToObject(o, "file", file);
    cJSON_AddNumberToObject(o, "line", it->line);
    cJSON_AddNumberToObject(o, "column", it->col);
    cJSON_AddStringToObject(o, "severity", compose_severity_name(it->severity));
    cJSON_AddStringToObject(o, "message", msg);
    free(file);
    free(msg);
    return o;
}

/* The load error starts with "FILE: "; the finding already names the file. */
static const char *compose_check_strip_file(const char *message, const char *file)
{
    size_t n = strlen(file);
    if (strncmp(message, file, n) == 0 && message[n] == ':' && message[n + 1] == ' ')
        return message + n + 2;
    return message;
}

static const char *compose_check_plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

int compose_check_main(int argc, char **argv, char *const *envp, FILE *out, FILE *err)
{
    enum compose_check_format format = COMPOSE_CHECK_TEXT;
    int first = argc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *value = NULL;
        if (strcmp(a, "--") == 0) {
            first = i + 1;
            break;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            compose_check_usage(out);
            return COMPOSE_CHECK_OK;
        }
        if (strcmp(a, "--format") == 0) {
            if (i + 1 >= argc) {
                fputs("berth compose-check: --format needs a value (text or json)\n", err);
                return COMPOSE_CHECK_USAGE;
            }
            value = argv[++i];
        } else if (strncmp(a, "--format=", 9) == 0) {
            value = a + 9;
        } else if (a[0] == '-' && a[1]) {
            char *s = sanitize_dup(a);
            fprintf(err, "berth compose-check: unknown option %s (see --help)\n", s);
            free(s);
            return COMPOSE_CHECK_USAGE;
        } else {
            first = i;
            break;
        }
        if (strcmp(value, "text") == 0) {
            format = COMPOSE_CHECK_TEXT;
        } else if (strcmp(value, "json") == 0) {
            format = COMPOSE_CHECK_JSON;
        } else {
            char *s = sanitize_dup(value);
            fprintf(err, "berth compose-check: --format: '%s' is not one of text, json\n", s);
            free(s);
            return COMPOSE_CHECK_USAGE;
        }
    }
    if (first >= argc) {
        fputs("berth compose-check: no compose file given (see --help)\n", err);
        return COMPOSE_CHECK_USAGE;
    }

    struct compose_load_options opts = {.envp = envp};
    size_t errors = 0, warnings = 0, bad_files = 0, nfiles = 0;
    cJSON *doc = format == COMPOSE_CHECK_JSON ? cJSON_CreateObject() : NULL;
    cJSON *files = doc ? cJSON_AddArrayToObject(doc, "files") : NULL;
    for (int i = first; i < argc; i++) {
        struct compose_project p;
        struct berth_error e;
        nfiles++;
        if (compose_project_load(&p, argv[i], &opts, &e) < 0)
            compose_findings_add(&p.findings, COMPOSE_ERROR, argv[i], 0, 0, "%s",
                                 compose_check_strip_file(e.message, argv[i]));
        size_t fe = compose_findings_count(&p.findings, COMPOSE_ERROR);
        size_t fw = compose_findings_count(&p.findings, COMPOSE_WARNING);
        errors += fe;
        warnings += fw;
        bad_files += fe > 0;
        if (doc) {
            cJSON *fo = cJSON_CreateObject();
            char *name = sanitize_dup(argv[i]);
            cJSON_AddStringToObject(fo, "file", name);
            free(name);
            cJSON_AddBoolToObject(fo, "valid", fe == 0);
            cJSON_AddNumberToObject(fo, "errors", (double)fe);
            cJSON_AddNumberToObject(fo, "warnings", (double)fw);
            cJSON *list = cJSON_AddArrayToObject(fo, "findings");
            for (size_t k = 0; k < p.findings.count; k++)
                cJSON_AddItemToArray(list, compose_check_json_finding(&p.findings.items[k]));
            cJSON_AddItemToArray(files, fo);
        } else {
            for (size_t k = 0; k < p.findings.count; k++)
                compose_check_print_finding(out, &p.findings.items[k]);
        }
        compose_project_done(&p);
    }
    if (doc) {
        cJSON_AddBoolToObject(doc, "valid", errors == 0);
        cJSON_AddNumberToObject(doc, "errors", (double)errors);
        cJSON_AddNumberToObject(doc, "warnings", (double)warnings);
        char *text = cJSON_Print(doc);
        fprintf(out, "%s\n", text);
        cJSON_free(text);
        cJSON_Delete(doc);
    } else {
        fprintf(out, "checked %zu %s: %zu %s, %zu %s", nfiles,
                compose_check_plural(nfiles, "file", "files"), errors,
                compose_check_plural(errors, "error", "errors"), warnings,
                compose_check_plural(warnings, "warning", "warnings"));
        if (nfiles > 1)
            fprintf(out, " (%zu of %zu %s with errors)", bad_files, nfiles,
                    compose_check_plural(nfiles, "file", "files"));
        fputc('\n', out);
    }
    return errors > 0 ? COMPOSE_CHECK_ERRORS : COMPOSE_CHECK_OK;
}
