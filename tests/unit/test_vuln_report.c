/* The scan report parser on Trivy and Grype reports in their published
 * formats (tests/fixtures/vuln): findings, their order, the counts, the
 * short counts text, and what happens with empty, malformed and
 * mismatched documents. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "vuln_report.h"

static int parse_fixture(struct vuln_report *r, enum vuln_tool tool, const char *name,
                         struct berth_error *err)
{
    char *text = fixture_read(name);
    berth_error_clear(err);
    int rc = vuln_report_parse(r, tool, text, strlen(text), err);
    free(text);
    return rc;
}

static void assert_finding(const struct vuln_finding *f, enum vuln_severity sev, const char *id,
                           const char *pkg, const char *installed, const char *fixed)
{
    assert_int_equal(f->severity, sev);
    assert_string_equal(f->id, id);
    assert_string_equal(f->package, pkg);
    assert_string_equal(f->installed, installed);
    assert_string_equal(f->fixed, fixed);
}

static void test_trivy_findings_sorted(void **state)
{
    (void)state;
    struct vuln_report r;
    struct berth_error err;
    assert_int_equal(parse_fixture(&r, VULN_TOOL_TRIVY, "vuln/trivy-alpine.json", &err), 0);
    assert_int_equal(r.tool, VULN_TOOL_TRIVY);
    assert_int_equal(r.nfindings, 8);
    assert_finding(&r.findings[0], VULN_CRITICAL, "CVE-2022-37434", "zlib", "1.2.11-r3",
                   "1.2.12-r2");
    assert_string_equal(r.findings[0].title, "zlib: heap-based buffer over-read and overflow in "
                                             "inflate() in inflate.c via a large gzip header "
                                             "extra field");
    /* Highs by id, with numbers compared as numbers. */
    assert_finding(&r.findings[1], VULN_HIGH, "CVE-2018-25032", "zlib", "1.2.11-r3", "1.2.12-r0");
    assert_finding(&r.findings[2], VULN_HIGH, "CVE-2022-0778", "libssl1.1", "1.1.1l-r7",
                   "1.1.1n-r0");
    assert_finding(&r.findings[3], VULN_HIGH, "CVE-2022-28391", "busybox", "1.34.1-r3",
                   "1.34.1-r5");
    assert_finding(&r.findings[4], VULN_HIGH, "CVE-2022-30065", "busybox", "1.34.1-r3",
                   "1.34.1-r6");
    /* No FixedVersion: empty. */
    assert_finding(&r.findings[5], VULN_MEDIUM, "CVE-2023-5363", "libssl1.1", "1.1.1l-r7", "");
    assert_finding(&r.findings[6], VULN_LOW, "CVE-2024-0727", "libcrypto1.1", "1.1.1l-r7", "");
    /* The second result (npm) is read too. */
    assert_finding(&r.findings[7], VULN_UNKNOWN, "GHSA-35jh-r3h4-6jhm", "lodash", "4.17.4",
                   "4.17.21");
    assert_string_equal(r.findings[7].title, "Command Injection in lodash");
    assert_int_equal(r.counts.n[VULN_CRITICAL], 1);
    assert_int_equal(r.counts.n[VULN_HIGH], 4);
    assert_int_equal(r.counts.n[VULN_MEDIUM], 1);
    assert_int_equal(r.counts.n[VULN_LOW], 1);
    assert_int_equal(r.counts.n[VULN_NEGLIGIBLE], 0);
    assert_int_equal(r.counts.n[VULN_UNKNOWN], 1);
    assert_int_equal(r.counts.total, 8);
    char buf[64];
    assert_string_equal(vuln_counts_format(&r.counts, buf, sizeof buf), "C1 H4 M1 L1 U1");
    vuln_report_done(&r);
    assert_null(r.findings);
}

static void test_grype_findings_sorted(void **state)
{
    (void)state;
    struct vuln_report r;
    struct berth_error err;
    assert_int_equal(parse_fixture(&r, VULN_TOOL_GRYPE, "vuln/grype-debian.json", &err), 0);
    assert_int_equal(r.tool, VULN_TOOL_GRYPE);
    assert_int_equal(r.nfindings, 5);
    /* wont-fix: no version. */
    assert_finding(&r.findings[0], VULN_CRITICAL, "CVE-2023-45853", "zlib1g", "1:1.2.13.dfsg-1",
                   "");
    assert_string_equal(r.findings[0].title,
                        "MiniZip in zlib through 1.3 has an integer overflow and resultant "
                        "heap-based buffer overflow in zipOpenNewFileInZip4_64 via a long "
                        "filename, comment, or extra field");
    assert_finding(&r.findings[1], VULN_HIGH, "CVE-2023-4911", "libc6", "2.36-9+deb12u1",
                   "2.36-9+deb12u3");
    /* The description's first sentence is the title ("ld.so" does not end it). */
    assert_string_equal(r.findings[1].title,
                        "A buffer overflow was discovered in the GNU C Library's dynamic loader "
                        "ld.so while processing the GLIBC_TUNABLES environment variable");
    /* Two fix versions, joined. */
    assert_finding(&r.findings[2], VULN_MEDIUM, "GHSA-j8r2-6x86-q33q", "requests", "2.28.1",
                   "2.31.0, 2.32.0");
    assert_string_equal(r.findings[2].title,
                        "Unintended leak of Proxy-Authorization header in requests");
    assert_finding(&r.findings[3], VULN_LOW, "CVE-2022-3715", "bash", "5.2.15-2+b2", "");
    /* No description: the data source stands in for a title. */
    assert_finding(&r.findings[4], VULN_NEGLIGIBLE, "CVE-2011-3374", "apt", "2.6.1", "");
    assert_string_equal(r.findings[4].title,
                        "https://security-tracker.debian.org/tracker/CVE-2011-3374");
    char buf[64];
    assert_string_equal(vuln_counts_format(&r.counts, buf, sizeof buf), "C1 H1 M1 L1 N1");
    assert_int_equal(r.counts.total, 5);
    vuln_report_done(&r);
}

static void test_empty_reports(void **state)
{
    (void)state;
    struct vuln_report r;
    struct berth_error err;
    assert_int_equal(parse_fixture(&r, VULN_TOOL_TRIVY, "vuln/trivy-empty.json", &err), 0);
    assert_int_equal(r.nfindings, 0);
    assert_int_equal(r.counts.total, 0);
    char buf[32];
    assert_string_equal(vuln_counts_format(&r.counts, buf, sizeof buf), "clean");
    vuln_report_done(&r);
    assert_int_equal(parse_fixture(&r, VULN_TOOL_GRYPE, "vuln/grype-empty.json", &err), 0);
    assert_int_equal(r.nfindings, 0);
    vuln_report_done(&r);
    /* Results left out altogether, as omitempty does. */
    const char *bare = "{\"SchemaVersion\": 2, \"ArtifactName\": \"x\"}";
    assert_int_equal(vuln_report_parse(&r, VULN_TOOL_TRIVY, bare, strlen(bare), &err), 0);
    assert_int_equal(r.nfindings, 0);
    vuln_report_done(&r);
}

static void test_malformed_and_mismatched(void **state)
{
    (void)state;
    struct vuln_report r;
    struct berth_error err;
    assert_int_equal(parse_fixture(&r, VULN_TOOL_TRIVY, "vuln/malformed.json", &err), -1);
    assert_int_equal(err.kind, BERTH_ERR_PROTOCOL);
    assert_non_null(strstr(err.message, "trivy"));
    assert_non_null(strstr(err.message, "not valid JSON"));
    vuln_report_done(&r);
    assert_int_equal(parse_fixture(&r, VULN_TOOL_GRYPE, "vuln/malformed.json", &err), -1);
    assert_non_null(strstr(err.message, "grype"));
    vuln_report_done(&r);
    /* One tool's report handed to the other's parser is an error, not a
     * clean image. */
    assert_int_equal(parse_fixture(&r, VULN_TOOL_GRYPE, "vuln/trivy-alpine.json", &err), -1);
    assert_non_null(strstr(err.message, "not a grype JSON report"));
    vuln_report_done(&r);
    assert_int_equal(parse_fixture(&r, VULN_TOOL_TRIVY, "vuln/grype-debian.json", &err), -1);
    assert_non_null(strstr(err.message, "not a trivy JSON report"));
    vuln_report_done(&r);
    const char *v1 = "{\"SchemaVersion\": 1, \"Results\": []}";
    assert_int_equal(vuln_report_parse(&r, VULN_TOOL_TRIVY, v1, strlen(v1), &err), -1);
    assert_non_null(strstr(err.message, "schema version 1"));
    vuln_report_done(&r);
    const char *list = "[{\"Target\": \"x\"}]";
    assert_int_equal(vuln_report_parse(&r, VULN_TOOL_TRIVY, list, strlen(list), &err), -1);
    vuln_report_done(&r);
    const char *badm = "{\"matches\": {\"a\": 1}}";
    assert_int_equal(vuln_report_parse(&r, VULN_TOOL_GRYPE, badm, strlen(badm), &err), -1);
    assert_non_null(strstr(err.message, "not a list"));
    vuln_report_done(&r);
}

static void test_unknown_severities(void **state)
{
    (void)state;
    struct vuln_report r;
    struct berth_error err;
    assert_int_equal(parse_fixture(&r, VULN_TOOL_TRIVY, "vuln/trivy-odd-severity.json", &err), 0);
    assert_int_equal(r.nfindings, 2);
    /* "medium" in lower case is still medium; "SEVERE" is unknown. */
    assert_int_equal(r.findings[0].severity, VULN_MEDIUM);
    assert_string_equal(r.findings[0].id, "CVE-2024-0001");
    assert_string_equal(r.findings[0].title, "");
    assert_string_equal(r.findings[0].fixed, "");
    assert_int_equal(r.findings[1].severity, VULN_UNKNOWN);
    assert_string_equal(r.findings[1].id, "CVE-2024-0002");
    vuln_report_done(&r);
    assert_int_equal(vuln_severity_parse("Negligible"), VULN_NEGLIGIBLE);
    assert_int_equal(vuln_severity_parse("critical"), VULN_CRITICAL);
    assert_int_equal(vuln_severity_parse(""), VULN_UNKNOWN);
    assert_int_equal(vuln_severity_parse(NULL), VULN_UNKNOWN);
    assert_string_equal(vuln_severity_name(VULN_HIGH), "HIGH");
    assert_string_equal(vuln_tool_name(VULN_TOOL_GRYPE), "grype");
}

static void test_counts_format_fits(void **state)
{
    (void)state;
    struct vuln_counts c = {.n = {[VULN_CRITICAL] = 2, [VULN_HIGH] = 15, [VULN_MEDIUM] = 1},
                            .total = 18};
    char buf[64];
    assert_string_equal(vuln_counts_format(&c, buf, sizeof buf), "C2 H15 M1");
    char small[5];
    vuln_counts_format(&c, small, sizeof small);
    assert_string_equal(small, "C2 H"); /* cut, still terminated */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trivy_findings_sorted),
        cmocka_unit_test(test_grype_findings_sorted),
        cmocka_unit_test(test_empty_reports),
        cmocka_unit_test(test_malformed_and_mismatched),
        cmocka_unit_test(test_unknown_severities),
        cmocka_unit_test(test_counts_format_fits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
