/* The vulnerability scan view: an overlay that scans an image with Trivy
 * or Grype (src/vuln_scan.h) and lists the findings, most severe first.
 *
 * While the scan runs it says "Scanning IMAGE with trivy..."; Esc cancels
 * it (the tool is killed) and closes the view. Then a header with the
 * counts by severity and the tool used, and one row per finding: severity,
 * id, package, installed -> fixed version, title. Keys: moving and paging
 * as in lists, `f` cycles the lowest severity shown (all, medium and up,
 * high and up, critical), Esc or q closes.
 *
 * The images list shows the cached counts with vuln_scan_counts() and
 * vuln_counts_format() ("C2 H5 M1"). */
#ifndef BERTH_UI_SCAN_VIEW_H
#define BERTH_UI_SCAN_VIEW_H

#include <stdbool.h>

#include "ui/ui.h"
#include "vuln_report.h"
#include "vuln_scan.h"

/* Open the view on image_ref (what the tool is given: "repo:tag" or an
 * id) and start the scan; image_id (may be NULL) is the key its counts are
 * cached under for vuln_scan_counts(). */
void scan_view_open(struct ui *ui, const char *image_ref, const char *image_id);

/* The `scan` command of the command prompt: true when line is one
 * ("scan IMAGE"); it then opens the view on IMAGE. */
bool scan_command(struct ui *ui, const char *line);

#endif
