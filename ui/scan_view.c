/* The vulnerability scan view (see scan_view.h): one overlay per scan.
 *
 * The scan itself runs on its own thread (src/vuln_scan.c); the view polls
 * the scan's wake descriptor through panel_ops.wake_fd and redraws when it
 * ends. Closing the view frees the scan, which kills the tool if it is
 * still running: nothing outlives the view but the cached counts. Every
 * string of a finding is the scanner's text and is drawn through
 * draw_engine. */
#include "config.h"

#include "ui/scan_view.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/draw.h"
#include "ui/scroll.h"
#include "ui/theme.h"
#include "xalloc.h"

/* Widest id, package and version columns; the title takes the rest. */
#define SCAN_ID_MAX 22
#define SCAN_PKG_MAX 24
#define SCAN_VER_MAX 34

struct scan_view {
    char *ref;
    struct vuln_scan *scan;
    enum vuln_scan_state state;
    const struct vuln_report *report; /* owned by scan, once DONE */
    struct berth_error err;
    /* Lowest severity shown: VULN_UNKNOWN shows all (it sorts last). */
    enum vuln_severity worst_hidden;
    struct scroll scroll;
};

/* The thresholds `v` cycles through. */
static const enum vuln_severity scan_thresholds[] = {VULN_UNKNOWN, VULN_MEDIUM, VULN_HIGH,
                                                     VULN_CRITICAL};

static attr_t scan_severity_attr(enum vuln_severity s)
{
    switch (s) {
    case VULN_CRITICAL:
        return theme_attr(THEME_VULN_CRITICAL);
    case VULN_HIGH:
        return theme_attr(THEME_VULN_HIGH);
    case VULN_MEDIUM:
        return theme_attr(THEME_VULN_MEDIUM);
    case VULN_LOW:
        return theme_attr(THEME_VULN_LOW);
    default:
        return theme_attr(THEME_STALE);
    }
}

static bool scan_shown(const struct scan_view *v, const struct vuln_finding *f)
{
    return f->severity <= v->worst_hidden;
}

/* Findings are sorted by severity, so the shown ones are a prefix. */
static size_t scan_nshown(const struct scan_view *v)
{
    size_t n = 0;
    while (v->report && n < v->report->nfindings && scan_shown(v, &v->report->findings[n]))
        n++;
    return n;
}

static void scan_poll(struct scan_view *v)
{
    if (v->state != VULN_SCAN_RUNNING)
        return;
    v->state = vuln_scan_state(v->scan, &v->report, &v->err);
}

static const char *scan_filter_name(const struct scan_view *v)
{
    switch (v->worst_hidden) {
    case VULN_MEDIUM:
        return "medium and worse";
    case VULN_HIGH:
        return "high and worse";
    case VULN_CRITICAL:
        return "critical only";
    default:
        return "all";
    }
}

static void scan_draw_header(struct scan_view *v, const struct ui_rect *r)
{
    attr_t head = theme_attr(THEME_TABLE_HEADER);
    draw_fill(r->y, r->x, r->w, head);
    int x = r->x + draw_text(r->y, r->x, r->w, " Vulnerabilities: ", head);
    x += draw_engine(r->y, x, r->x + r->w - x, v->ref, head);
    const char *tool = vuln_tool_name(vuln_scan_tool(v->scan));
    char info[160];
    if (v->state == VULN_SCAN_DONE) {
        char counts[64];
        vuln_counts_format(&v->report->counts, counts, sizeof counts);
        snprintf(info, sizeof info,
                 "  [%s]  %s  %zu finding%s, showing %s  (v severity, Esc closes)", tool, counts,
                 v->report->counts.total, v->report->counts.total == 1 ? "" : "s",
                 scan_filter_name(v));
    } else if (v->state == VULN_SCAN_RUNNING) {
        snprintf(info, sizeof info, "  [%s]  (Esc cancels)", tool);
    } else {
        snprintf(info, sizeof info, "%s%s%s  (Esc closes)", tool[0] ? "  [" : "", tool,
                 tool[0] ? "]" : "");
    }
    draw_text(r->y, x, r->x + r->w - x, info, head);
}

/* Column widths from the shown findings. */
static void scan_widths(const struct scan_view *v, size_t n, int *wid, int *wpkg, int *wver)
{
    *wid = 2, *wpkg = 7, *wver = 9;
    for (size_t i = 0; i < n; i++) {
        const struct vuln_finding *f = &v->report->findings[i];
        int w = draw_width(f->id);
        *wid = w > *wid ? w : *wid;
        w = draw_width(f->package);
        *wpkg = w > *wpkg ? w : *wpkg;
        w = draw_width(f->installed) + 4 + (f->fixed[0] ? draw_width(f->fixed) : 1);
        *wver = w > *wver ? w : *wver;
    }
    *wid = *wid > SCAN_ID_MAX ? SCAN_ID_MAX : *wid;
    *wpkg = *wpkg > SCAN_PKG_MAX ? SCAN_PKG_MAX : *wpkg;
    *wver = *wver > SCAN_VER_MAX ? SCAN_VER_MAX : *wver;
}

static void scan_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    (void)ui;
    struct scan_view *v = self;
    scan_poll(v);
    attr_t base = theme_attr(THEME_DEFAULT);
    draw_clear(r, base);
    if (r->h < 3 || r->w < 20)
        return;
    scan_draw_header(v, r);
    int y = r->y + 1;
    if (v->state == VULN_SCAN_RUNNING) {
        char line[64];
        int x = r->x + 1;
        x += draw_text(y, x, r->x + r->w - x, "Scanning ", theme_attr(THEME_STALE));
        x += draw_engine(y, x, r->x + r->w - x, v->ref, theme_attr(THEME_STALE));
        snprintf(line, sizeof line, " with %s...", vuln_tool_name(vuln_scan_tool(v->scan)));
        draw_text(y, x, r->x + r->w - x, line, theme_attr(THEME_STALE));
        return;
    }
    if (v->state == VULN_SCAN_FAILED) {
        draw_engine(y, r->x + 1, r->w - 1, v->err.message, theme_attr(THEME_STATUS_ERROR));
        return;
    }
    size_t n = scan_nshown(v);
    if (n == 0) {
        draw_text(y, r->x + 1, r->w - 1,
                  v->report->nfindings ? "No findings at this severity (v shows more)"
                                       : "No vulnerabilities found",
                  theme_attr(THEME_STATUS_OK));
        return;
    }
    int wid, wpkg, wver;
    scan_widths(v, n, &wid, &wpkg, &wver);
    const int wsev = 10;
    int cols[5] = {r->x + 1, 0, 0, 0, 0};
    cols[1] = cols[0] + wsev + 1;
    cols[2] = cols[1] + wid + 1;
    cols[3] = cols[2] + wpkg + 1;
    cols[4] = cols[3] + wver + 1;
    int right = r->x + r->w;
    attr_t th = theme_attr(THEME_HEADER_LABEL);
    static const char *const titles[] = {"SEVERITY", "ID", "PACKAGE", "INSTALLED -> FIXED",
                                         "TITLE"};
    for (int c = 0; c < 5 && cols[c] < right; c++) {
        int w = c == 4 ? right - cols[c] : cols[c + 1] - cols[c] - 1;
        draw_text(y, cols[c], w < right - cols[c] ? w : right - cols[c], titles[c], th);
    }
    scroll_clamp(&v->scroll, (long)n, r->h - 2);
    for (long i = 0; i < v->scroll.page && v->scroll.top + i < (long)n; i++) {
        const struct vuln_finding *f = &v->report->findings[v->scroll.top + i];
        int ry = y + 1 + (int)i;
        char ver[256];
        snprintf(ver, sizeof ver, "%s -> %s", f->installed, f->fixed[0] ? f->fixed : "-");
        const char *cells[5] = {vuln_severity_name(f->severity), f->id, f->package, ver, f->title};
        for (int c = 0; c < 5 && cols[c] < right; c++) {
            int w = c == 4 ? right - cols[c] : cols[c + 1] - cols[c] - 1;
            if (w > right - cols[c])
                w = right - cols[c];
            draw_engine(ry, cols[c], w, cells[c], c == 0 ? scan_severity_attr(f->severity) : base);
        }
    }
}

static unsigned scan_action(void *self, struct ui *ui, enum action_id id)
{
    (void)ui;
    struct scan_view *v = self;
    unsigned moved = scroll_action(&v->scroll, id);
    if (moved != UI_IGNORED)
        return moved;
    switch (id) {
    case ACTION_SCAN_SEVERITY: {
        size_t n = sizeof scan_thresholds / sizeof scan_thresholds[0], i = 0;
        while (i < n && scan_thresholds[i] != v->worst_hidden)
            i++;
        v->worst_hidden = scan_thresholds[(i + 1) % n];
        v->scroll.top = 0;
        return UI_REDRAW;
    }
    case ACTION_BACK:
        if (v->state == VULN_SCAN_RUNNING)
            ui_status(ui, false, "Scan of %s cancelled", v->ref);
        return UI_CLOSE | UI_REDRAW;
    case ACTION_QUIT:
        return UI_QUIT; /* the dashboard frees the view, which stops the tool */
    default:
        return UI_IGNORED;
    }
}

static int scan_wake_fd(void *self)
{
    struct scan_view *v = self;
    return v->state == VULN_SCAN_RUNNING ? vuln_scan_wake_fd(v->scan) : -1;
}

static unsigned scan_wake(void *self, struct ui *ui)
{
    struct scan_view *v = self;
    scan_poll(v);
    if (v->state == VULN_SCAN_DONE) {
        char counts[64];
        ui_status(ui, false, "Scan of %s: %s", v->ref,
                  vuln_counts_format(&v->report->counts, counts, sizeof counts));
    }
    return UI_REDRAW;
}

static void scan_destroy(void *self)
{
    struct scan_view *v = self;
    vuln_scan_free(v->scan); /* kills the tool if it still runs */
    free(v->ref);
    free(v);
}

static const struct panel_ops scan_ops = {
    .name = "scan",
    .context = ACTION_CTX_LOG,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .key = NULL,
    .action = scan_action,
    .mouse = NULL,
    .snapshot = NULL,
    .draw = scan_draw,
    .interest = NULL,
    .destroy = scan_destroy,
    .wake_fd = scan_wake_fd,
    .wake = scan_wake,
};

void scan_view_open(struct ui *ui, const char *image_ref, const char *image_id)
{
    struct scan_view *v = xcalloc(1, sizeof *v);
    v->ref = xstrdup(image_ref);
    v->worst_hidden = VULN_UNKNOWN;
    berth_error_clear(&v->err);
    v->scan = vuln_scan_start(image_ref, image_id);
    v->state = VULN_SCAN_RUNNING;
    scan_poll(v);
    if (!ui_push(ui, &scan_ops, v))
        return;
    /* Opened from the command prompt, which pops itself (the top overlay)
     * once the command returns: keep the prompt above the view. */
    size_t i = ui->noverlays - 1;
    while (i > 0 && ui->overlays[i - 1].ops->place == UI_PLACE_STATUS) {
        struct ui_layer tmp = ui->overlays[i - 1];
        ui->overlays[i - 1] = ui->overlays[i];
        ui->overlays[i] = tmp;
        i--;
    }
}

bool scan_command(struct ui *ui, const char *line)
{
    while (*line == ' ')
        line++;
    if (strncmp(line, "scan", 4) != 0 || (line[4] != ' ' && line[4] != '\0'))
        return false;
    const char *ref = line + 4;
    while (*ref == ' ')
        ref++;
    size_t len = strcspn(ref, " ");
    if (len == 0 || ref[len + strspn(ref + len, " ")] != '\0') {
        ui_status(ui, true, "usage: scan IMAGE");
        return true;
    }
    if (ref[0] == '-') {
        ui_status(ui, true, "scan: not an image reference: %s", ref);
        return true;
    }
    char *image = xstrndup(ref, len);
    scan_view_open(ui, image, NULL);
    free(image);
    return true;
}
