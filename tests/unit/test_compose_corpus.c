/* The compose-file corpus (tests/fixtures/compose-corpus): every row of
 * VERDICTS.tsv gets its intended verdict (valid: no findings at all; valid
 * (warn): no errors and at least one warning; invalid: errors), and every
 * invalid file gives exactly the error listed below, at its line and
 * column. The table must cover every invalid row, so a new corpus file
 * cannot slip through without a location. */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "compose_model.h"
#include "fixture.h"

#define CORPUS BERTH_FIXTURES "/compose-corpus"

struct expected {
    const char *file;
    enum compose_severity severity;
    unsigned line, col;
    const char *words; /* must appear in the message */
};

/* One entry per finding: the file must give these and no others. */
static const struct expected findings[] = {
    {"i01-yaml-tab-indent.yml", COMPOSE_ERROR, 4, 1, "found character that cannot start any token"},
    {"i02-yaml-unclosed-quote.yml", COMPOSE_ERROR, 6, 1,
     "while scanning a quoted scalar that starts at line 2, column 10"},
    {"i04-yaml-colon-in-plain-scalar.yml", COMPOSE_ERROR, 6, 25, "mapping values are not allowed"},
    {"i05-yaml-undefined-alias.yml", COMPOSE_ERROR, 5, 9, "undefined alias \"defaults\""},
    {"i07-duplicate-service-name.yml", COMPOSE_ERROR, 7, 3, "service \"node\" is defined twice"},
    {"i08-version-not-string.yml", COMPOSE_ERROR, 2, 10, "\"version\" must be a string"},
    {"i10-services-empty.yml", COMPOSE_ERROR, 3, 11, "\"services\" is empty"},
    {"i11-services-missing.yml", COMPOSE_ERROR, 2, 1, "no \"services\" key"},
    {"i13-no-image-no-build.yml", COMPOSE_ERROR, 4, 3, "neither \"image\" nor \"build\""},
    {"i14-port-range-mismatch.yml", COMPOSE_ERROR, 7, 9, "must be the same length"},
    {"i16-port-out-of-range.yml", COMPOSE_ERROR, 7, 9, "port 70000 is out of range"},
    {"i17-port-bad-protocol.yml", COMPOSE_ERROR, 7, 9, "protocol \"http\" is not tcp, udp or sctp"},
    {"i19-port-long-unknown-key.yml", COMPOSE_ERROR, 9, 9,
     "unknown key \"hostip\" (did you mean \"host_ip\"?)"},
    {"i20-depends-on-unknown.yml", COMPOSE_ERROR, 7, 9,
     "depends on \"beacon\", which is not defined"},
    {"i22-undefined-named-volume.yml", COMPOSE_ERROR, 7, 9,
     "volume \"chaindata\", which is not declared"},
    {"i23-undefined-network.yml", COMPOSE_ERROR, 7, 9, "network \"chain\", which is not declared"},
    {"i25-healthcheck-bad-duration.yml", COMPOSE_ERROR, 8, 17, "\"10 seconds\" is not a duration"},
    {"i26-healthcheck-unitless-duration.yml", COMPOSE_ERROR, 8, 16, "duration 30 has no unit"},
    {"i28-merge-key-non-mapping.yml", COMPOSE_ERROR, 9, 9, "merge key (<<) needs a mapping"},
    {"i29-unknown-service-key.yml", COMPOSE_ERROR, 6, 5,
     "unknown key \"enviroment\" (did you mean \"environment\"?)"},
    {"i31-port-ipv6-malformed.yml", COMPOSE_ERROR, 7, 9, "\"fe80::1:\" is not a valid IP address"},
    {"i32-legacy-v1-format.yml", COMPOSE_ERROR, 2, 1, "version-1 layout"},
    {"v02-no-version.yml", COMPOSE_WARNING, 2, 1, "no \"version\" key"},
    {"v32-restart-unquoted-no.yml", COMPOSE_WARNING, 6, 14,
     "unquoted no is the string \"no\" for Compose v2"},
};

static char *const no_env[] = {NULL};

static void load(struct compose_project *p, const char *file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", CORPUS, file);
    struct compose_load_options opts = {.envp = no_env, .no_dotenv = true};
    struct berth_error err;
    if (compose_project_load(p, path, &opts, &err) < 0)
        fail_msg("%s", err.message);
}

static void dump(const struct compose_project *p)
{
    for (size_t i = 0; i < p->findings.count; i++) {
        const struct compose_finding *f = &p->findings.items[i];
        print_message("  %u:%u %s: %s\n", f->line, f->col, compose_severity_name(f->severity),
                      f->message);
    }
}

struct row {
    char file[128];
    char expect[32];
};

static size_t read_verdicts(struct row *rows, size_t max)
{
    FILE *fp = fopen(CORPUS "/VERDICTS.tsv", "r");
    assert_non_null(fp);
    char line[4096];
    size_t n = 0;
    assert_non_null(fgets(line, sizeof line, fp)); /* header */
    assert_int_equal(strncmp(line, "file\texpect\t", 12), 0);
    while (fgets(line, sizeof line, fp) && n < max) {
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        char *tab2 = strchr(tab + 1, '\t');
        assert_non_null(tab2);
        snprintf(rows[n].file, sizeof rows[n].file, "%.*s", (int)(tab - line), line);
        snprintf(rows[n].expect, sizeof rows[n].expect, "%.*s", (int)(tab2 - tab - 1), tab + 1);
        n++;
    }
    fclose(fp);
    return n;
}

static void test_every_verdict(void **state)
{
    (void)state;
    struct row rows[256];
    size_t n = read_verdicts(rows, 256);
    assert_true(n >= 40);
    int wrong = 0;
    for (size_t i = 0; i < n; i++) {
        struct compose_project p;
        load(&p, rows[i].file);
        size_t e = compose_findings_count(&p.findings, COMPOSE_ERROR);
        size_t w = compose_findings_count(&p.findings, COMPOSE_WARNING);
        bool ok = false;
        if (strcmp(rows[i].expect, "valid") == 0)
            ok = e == 0 && w == 0;
        else if (strcmp(rows[i].expect, "valid (warn)") == 0)
            ok = e == 0 && w > 0;
        else if (strcmp(rows[i].expect, "invalid") == 0)
            ok = e > 0;
        else
            fail_msg("%s: unknown verdict '%s'", rows[i].file, rows[i].expect);
        if (!ok) {
            print_error("%s: expected %s, got %zu errors and %zu warnings\n", rows[i].file,
                        rows[i].expect, e, w);
            dump(&p);
            wrong++;
        }
        compose_project_done(&p);
    }
    assert_int_equal(wrong, 0);
}

/* Every .yml in the folder has a row, and every row a file. */
static void test_rows_match_files(void **state)
{
    (void)state;
    struct row rows[256];
    size_t n = read_verdicts(rows, 256);
    DIR *d = opendir(CORPUS);
    assert_non_null(d);
    size_t files = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 5 || strcmp(de->d_name + len - 4, ".yml") != 0)
            continue;
        files++;
        bool found = false;
        for (size_t i = 0; i < n && !found; i++)
            found = strcmp(rows[i].file, de->d_name) == 0;
        if (!found)
            fail_msg("%s has no row in VERDICTS.tsv", de->d_name);
    }
    closedir(d);
    assert_int_equal(files, n);
}

/* The findings table covers every invalid and warn row. */
static void test_table_covers_corpus(void **state)
{
    (void)state;
    struct row rows[256];
    size_t n = read_verdicts(rows, 256);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(rows[i].expect, "valid") == 0)
            continue;
        bool found = false;
        for (size_t k = 0; k < sizeof findings / sizeof findings[0] && !found; k++)
            found = strcmp(findings[k].file, rows[i].file) == 0;
        if (!found)
            fail_msg("%s (%s) has no expected finding in this test", rows[i].file, rows[i].expect);
    }
}

static void test_exact_findings(void **state)
{
    (void)state;
    size_t nf = sizeof findings / sizeof findings[0];
    int wrong = 0;
    for (size_t k = 0; k < nf; k++) {
        if (k > 0 && strcmp(findings[k].file, findings[k - 1].file) == 0)
            continue;
        struct compose_project p;
        load(&p, findings[k].file);
        int before = wrong;
        size_t want = 0;
        for (size_t j = k; j < nf && strcmp(findings[j].file, findings[k].file) == 0; j++) {
            const struct expected *x = &findings[j];
            if (want >= p.findings.count) {
                print_error("%s: missing %u:%u %s\n", x->file, x->line, x->col, x->words);
                wrong++;
            } else {
                const struct compose_finding *f = &p.findings.items[want];
                if (f->severity != x->severity || f->line != x->line || f->col != x->col ||
                    !strstr(f->message, x->words)) {
                    print_error("%s: want %u:%u %s \"%s\"\n", x->file, x->line, x->col,
                                compose_severity_name(x->severity), x->words);
                    wrong++;
                }
                if (strcmp(f->file, p.file) != 0) {
                    print_error("%s: finding names file %s\n", x->file, f->file);
                    wrong++;
                }
            }
            want++;
        }
        if (p.findings.count != want) {
            print_error("%s: %zu findings, want %zu\n", findings[k].file, p.findings.count, want);
            wrong++;
        }
        if (wrong != before)
            dump(&p);
        compose_project_done(&p);
    }
    assert_int_equal(wrong, 0);
}

/* A valid file also yields the model the tools need. */
static void test_node_stack_model(void **state)
{
    (void)state;
    struct compose_project p;
    load(&p, "v28-node-stack.yml");
    assert_int_equal(p.nservices, 2);
    const struct compose_service *ex = compose_project_service(&p, "execution");
    const struct compose_service *co = compose_project_service(&p, "consensus");
    assert_non_null(ex);
    assert_non_null(co);
    /* restart and logging come from the merged anchor. */
    assert_string_equal(ex->restart, "unless-stopped");
    assert_string_equal(co->restart, "unless-stopped");
    assert_int_equal(ex->nports, 3);
    assert_string_equal(ex->ports[1].protocol, "udp");
    assert_string_equal(ex->ports[2].host_ip, "127.0.0.1");
    assert_int_equal(ex->ports[2].published, 8545);
    assert_int_equal(ex->healthcheck.interval, 30000000000LL);
    assert_int_equal(ex->healthcheck.start_period, 120000000000LL);
    assert_int_equal(ex->healthcheck.retries, 5);
    assert_int_equal(co->ndeps, 1);
    assert_string_equal(co->deps[0].service, "execution");
    assert_int_equal(co->deps[0].condition, COMPOSE_CONDITION_HEALTHY);
    assert_int_equal(co->nports, 2);
    assert_true(co->ports[1].long_syntax);
    assert_int_equal(co->ports[1].target, 5052);
    assert_int_equal(co->nenvironment, 2);
    assert_string_equal(co->environment[1].key, "CHECKPOINT_SYNC");
    assert_string_equal(co->environment[1].value, "true");
    assert_int_equal(co->nmounts, 1);
    assert_string_equal(co->mounts[0].source, "consensus-data");
    assert_int_equal(p.nvolumes, 2);
    assert_int_equal(p.nnetworks, 1);
    assert_string_equal(p.networks[0].driver, "bridge");
    compose_project_done(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_verdict),       cmocka_unit_test(test_rows_match_files),
        cmocka_unit_test(test_table_covers_corpus), cmocka_unit_test(test_exact_findings),
        cmocka_unit_test(test_node_stack_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
