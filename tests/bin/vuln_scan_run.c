/* Drives the scan runner for tests/integration/vuln-scan.sh: scans IMAGE
 * with whatever trivy or grype is first in PATH, through the same
 * asynchronous API the view uses, and prints what the view would show.
 *
 *   vuln_scan_run IMAGE [IMAGE_ID]          scan and print
 *   vuln_scan_run --cancel-after MS IMAGE   cancel after MS milliseconds
 *
 * Output: "tool: NAME", "counts: C1 H4...", one line per finding
 * ("SEVERITY|id|package|installed|fixed|title"), "cached: ..." (the
 * session cache under IMAGE_ID, or IMAGE); or "error: MESSAGE" and exit 1.
 * Exits 3 when the scan has not finished within 20 s. */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vuln_scan.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int cancel_ms = -1;
    int a = 1;
    if (a + 1 < argc && strcmp(argv[a], "--cancel-after") == 0) {
        cancel_ms = atoi(argv[a + 1]);
        a += 2;
    }
    if (a >= argc) {
        fprintf(stderr, "usage: vuln_scan_run [--cancel-after MS] IMAGE [IMAGE_ID]\n");
        return 2;
    }
    const char *ref = argv[a];
    const char *id = a + 1 < argc ? argv[a + 1] : NULL;
    double start = now_s();
    struct vuln_scan *s = vuln_scan_start(ref, id);
    printf("tool: %s\n", vuln_tool_name(vuln_scan_tool(s)));
    struct pollfd p = {.fd = vuln_scan_wake_fd(s), .events = POLLIN};
    int wait_ms = cancel_ms >= 0 ? cancel_ms : 20000;
    int n = poll(&p, 1, wait_ms);
    if (n <= 0) {
        vuln_scan_free(s);
        printf("%s after %.2f s\n", cancel_ms >= 0 ? "cancelled" : "timeout", now_s() - start);
        return cancel_ms >= 0 ? 0 : 3;
    }
    const struct vuln_report *r = NULL;
    struct berth_error err;
    berth_error_clear(&err);
    enum vuln_scan_state st = vuln_scan_state(s, &r, &err);
    int rc = 0;
    if (st == VULN_SCAN_DONE) {
        char buf[64];
        printf("counts: %s\n", vuln_counts_format(&r->counts, buf, sizeof buf));
        for (size_t i = 0; i < r->nfindings; i++) {
            const struct vuln_finding *f = &r->findings[i];
            printf("%s|%s|%s|%s|%s|%s\n", vuln_severity_name(f->severity), f->id, f->package,
                   f->installed, f->fixed, f->title);
        }
        struct vuln_counts c;
        if (vuln_scan_counts(id ? id : ref, &c))
            printf("cached: %s\n", vuln_counts_format(&c, buf, sizeof buf));
    } else if (st == VULN_SCAN_FAILED) {
        printf("error: %s\n", err.message);
        rc = 1;
    } else {
        printf("still running\n");
        rc = 3;
    }
    vuln_scan_free(s);
    fprintf(stderr, "scan took %.3f s\n", now_s() - start);
    return rc;
}
