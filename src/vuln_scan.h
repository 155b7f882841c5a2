/* Running a vulnerability scanner on an image: Trivy when it is in PATH,
 * else Grype.
 *
 * The tool runs as an argv (no shell) with its JSON output flags, on a
 * thread of its own, since a scan can take minutes. Its stdout is kept (up
 * to VULN_SCAN_OUTPUT_MAX) and parsed with vuln_report; the end of its
 * stderr is kept for the error message when it fails. A scan can be
 * cancelled at any time: the tool's process group is killed and the
 * thread joined.
 *
 * Results are cached for the life of the process by image id, so a list
 * of images can show counts for the images scanned so far. The cache is
 * safe to use from any thread. */
#ifndef BERTH_SRC_VULN_SCAN_H
#define BERTH_SRC_VULN_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "vuln_report.h"

#define VULN_SCAN_OUTPUT_MAX ((size_t)64 << 20)

/* What the operator is told when neither tool is installed. */
#define VULN_SCAN_NO_TOOL                                                                          \
    "No vulnerability scanner found: install Trivy (trivy) or Grype (grype) and make sure "        \
    "it is in PATH"

/* The first of trivy, grype found as an executable in path (a PATH value;
 * NULL: the environment's). Fills exe with its full file name when
 * exe_size > 0. VULN_TOOL_NONE when neither is there. */
enum vuln_tool vuln_scan_detect(const char *path, char *exe, size_t exe_size);

/* The argv the tool is run with for image_ref (NULL-ended, static strings
 * except the image, which is image_ref itself). At most 8 entries. */
size_t vuln_scan_argv(enum vuln_tool tool, const char *exe, const char *image_ref,
                      const char **argv, size_t max);

/* Run a scan and wait for it (the thread of vuln_scan_start calls this;
 * tests call it directly). cancel_fd: a descriptor that turns readable to
 * cancel (-1: none). */
int vuln_scan_run(enum vuln_tool tool, const char *exe, const char *image_ref, int cancel_fd,
                  struct vuln_report *out, struct berth_error *err);

/* --- asynchronous scans ------------------------------------------------- */

struct vuln_scan;

enum vuln_scan_state {
    VULN_SCAN_RUNNING,
    VULN_SCAN_DONE,   /* the report is there */
    VULN_SCAN_FAILED, /* the error says why (no tool, the tool's stderr, bad JSON) */
};

/* Start scanning image_ref; image_id (may be NULL: image_ref is used) is
 * the key its result is cached under. Detects the tool in PATH; when there
 * is none the scan is returned already FAILED with VULN_SCAN_NO_TOOL.
 * Never NULL. */
struct vuln_scan *vuln_scan_start(const char *image_ref, const char *image_id);

/* Readable once the scan has finished (poll it with the UI's other fds). */
int vuln_scan_wake_fd(const struct vuln_scan *s);

/* The state; when not RUNNING, report (DONE) or err (FAILED) is filled. The
 * report stays owned by the scan. */
enum vuln_scan_state vuln_scan_state(struct vuln_scan *s, const struct vuln_report **report,
                                     struct berth_error *err);

/* The tool this scan uses (VULN_TOOL_NONE when there is none). */
enum vuln_tool vuln_scan_tool(const struct vuln_scan *s);

/* Kill the tool if still running, join the thread, free. NULL is fine. */
void vuln_scan_free(struct vuln_scan *s);

/* --- session cache ------------------------------------------------------ */

/* The counts of the last finished scan of image_id; false when it has not
 * been scanned (or the scan failed). */
bool vuln_scan_counts(const char *image_id, struct vuln_counts *out);

/* Forget every cached result (tests). */
void vuln_scan_cache_clear(void);

#endif
