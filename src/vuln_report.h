/* Vulnerability scan reports: the JSON of Trivy (`trivy image --format
 * json`) and of Grype (`grype -o json`) turned into one list of findings.
 *
 * Pure: no I/O, no threads. A finding keeps the scanner's words (id,
 * package, versions, title) as they came; the UI sanitises them before
 * drawing. Findings are sorted by severity (critical first), then by id,
 * then by package, and counted by severity. */
#ifndef BERTH_SRC_VULN_REPORT_H
#define BERTH_SRC_VULN_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

enum vuln_severity {
    VULN_CRITICAL,
    VULN_HIGH,
    VULN_MEDIUM,
    VULN_LOW,
    VULN_NEGLIGIBLE,
    VULN_UNKNOWN,
    VULN_SEVERITY_COUNT,
};

enum vuln_tool {
    VULN_TOOL_NONE,
    VULN_TOOL_TRIVY,
    VULN_TOOL_GRYPE,
};

struct vuln_counts {
    size_t n[VULN_SEVERITY_COUNT]; /* by enum vuln_severity */
    size_t total;
};

struct vuln_finding {
    char *id;        /* CVE-2023-1234, GHSA-..., never NULL */
    char *package;   /* never NULL */
    char *installed; /* never NULL ("" when the report has none) */
    char *fixed;     /* "" when there is no fix; several joined by ", " */
    char *title;     /* never NULL ("" when the report has none) */
    enum vuln_severity severity;
};

struct vuln_report {
    enum vuln_tool tool;
    struct vuln_finding *findings;
    size_t nfindings;
    struct vuln_counts counts;
};

/* Parse a report of the given tool into r (caller-owned; vuln_report_done
 * frees it, also after an error). An empty report ("Results": null,
 * "matches": []) is a success with no findings; malformed JSON or a
 * document of another shape is BERTH_ERR_PROTOCOL. */
int vuln_report_parse(struct vuln_report *r, enum vuln_tool tool, const char *json, size_t len,
                      struct berth_error *err);
void vuln_report_done(struct vuln_report *r);

/* Sort the findings and recount (the parsers call it). */
void vuln_report_sort(struct vuln_report *r);

/* "CRITICAL", "HIGH", ... as the scanners spell them. */
const char *vuln_severity_name(enum vuln_severity s);
/* Case-insensitive; Trivy's and Grype's names, anything else UNKNOWN. */
enum vuln_severity vuln_severity_parse(const char *name);

/* "trivy", "grype" ("" for none). */
const char *vuln_tool_name(enum vuln_tool t);

/* Short counts for a list column: "C2 H5 M1" (zero counts left out; L, N
 * and U for low, negligible, unknown), "clean" when there are none.
 * Returns buf. */
char *vuln_counts_format(const struct vuln_counts *c, char *buf, size_t size);

#endif
