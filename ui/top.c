/* The top view: the processes of one container, from GET
 * /containers/{id}/top (the engine runs ps on its host), asked again every
 * stats interval while the view is open. One request at a time: a new one
 * goes out only when the previous answer is in. Every cell is engine text
 * and drawn through draw_engine. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "model/fetch.h"
#include "ui/draw.h"
#include "ui/scroll.h"
#include "ui/inspect.h"
#include "ui/theme.h"
#include "xalloc.h"

/* Widest column but the last (the command, which takes what is left). */
#define TOP_COL_MAX 24

struct top {
    char id[65];
    uint64_t ticket;
    struct fetch *fetch; /* the answer's source: destroy drops one still to come */
    double asked; /* CLOCK_MONOTONIC seconds of the last request */
    cJSON *doc;   /* the latest answer, or NULL */
    char error[BERTH_ERROR_MESSAGE_MAX];
    struct scroll scroll;
    unsigned updates;
};

static double top_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void top_ask(struct top *t, struct ui *ui)
{
    if (!ui->fetch || t->ticket)
        return;
    char path[128];
    snprintf(path, sizeof path, "/containers/%s/top", t->id);
    t->ticket = fetch_get(ui->fetch, path);
    t->asked = top_now();
}

static void top_collect(struct top *t, struct ui *ui)
{
    struct fetch_result r;
    if (!t->ticket || !ui->fetch || !fetch_take(ui->fetch, t->ticket, &r))
        return;
    t->ticket = 0;
    if (r.ok) {
        cJSON *doc = cJSON_ParseWithLength(r.body ? r.body : "", r.len);
        if (doc) {
            cJSON_Delete(t->doc);
            t->doc = doc;
            t->error[0] = '\0';
            t->updates++;
        } else {
            snprintf(t->error, sizeof t->error, "the engine's answer is not JSON");
        }
    } else {
        snprintf(t->error, sizeof t->error, "%s", r.err.message);
    }
    fetch_result_done(&r);
}

static void top_snapshot(void *self, struct ui *ui)
{
    struct top *t = self;
    double every = ui->snap && ui->snap->interval_ms ? ui->snap->interval_ms / 1000.0 : 2.0;
    if (top_now() - t->asked >= every * 0.9)
        top_ask(t, ui);
}

static void top_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct top *t = self;
    top_collect(t, ui);
    attr_t base = theme_attr(THEME_DEFAULT);
    attr_t head = theme_attr(THEME_TABLE_HEADER);
    draw_clear(r, base);
    if (r->h < 3)
        return;
    const struct snapshot_container *sc = ui->snap ? snapshot_find(ui->snap, t->id) : NULL;
    draw_fill(r->y, r->x, r->w, head);
    int x = r->x + draw_text(r->y, r->x, r->w, " Processes: ", head);
    x += draw_engine(r->y, x, r->x + r->w - x, sc && sc->c.name ? sc->c.name : t->id, head);
    char info[96];
    const cJSON *procs = cJSON_GetObjectItemCaseSensitive(t->doc, "Processes");
    snprintf(info, sizeof info, "  %d processes, refreshed every interval  (Esc goes back)",
             cJSON_GetArraySize(procs));
    draw_text(r->y, x, r->x + r->w - x, info, head);
    if (t->error[0]) {
        draw_engine(r->y + 1, r->x + 1, r->w - 1, t->error, theme_attr(THEME_STATUS_ERROR));
        return;
    }
    if (!t->doc) {
        draw_text(r->y + 1, r->x + 1, r->w - 1, "asking the engine...", theme_attr(THEME_STALE));
        return;
    }
    const cJSON *titles = cJSON_GetObjectItemCaseSensitive(t->doc, "Titles");
    int ncols = cJSON_GetArraySize(titles);
    if (ncols <= 0)
        return;
    int *w = xcalloc((size_t)ncols, sizeof *w);
    for (int c = 0; c < ncols; c++) {
        const cJSON *ti = cJSON_GetArrayItem(titles, c);
        w[c] = cJSON_IsString(ti) ? draw_width(ti->valuestring) : 1;
        const cJSON *row;
        cJSON_ArrayForEach(row, procs)
        {
            const cJSON *cell = cJSON_GetArrayItem(row, c);
            int cw = cJSON_IsString(cell) ? draw_width(cell->valuestring) : 1;
            if (cw > w[c])
                w[c] = cw;
        }
        if (w[c] > TOP_COL_MAX)
            w[c] = TOP_COL_MAX;
    }
    attr_t th = theme_attr(THEME_HEADER_LABEL);
    int cx = r->x + 1;
    for (int c = 0; c < ncols && cx < r->x + r->w; c++) {
        const cJSON *ti = cJSON_GetArrayItem(titles, c);
        int cw = c == ncols - 1 ? r->x + r->w - cx : w[c];
        draw_engine(r->y + 1, cx, cw, cJSON_IsString(ti) ? ti->valuestring : "", th);
        cx += w[c] + 1;
    }
    int nrows = cJSON_GetArraySize(procs);
    scroll_clamp(&t->scroll, nrows, r->h - 2);
    for (long i = 0; i < t->scroll.page && t->scroll.top + i < nrows; i++) {
        const cJSON *row = cJSON_GetArrayItem(procs, (int)(t->scroll.top + i));
        cx = r->x + 1;
        for (int c = 0; c < ncols && cx < r->x + r->w; c++) {
            const cJSON *cell = cJSON_GetArrayItem(row, c);
            int cw = c == ncols - 1 ? r->x + r->w - cx : w[c];
            draw_engine(r->y + 2 + (int)i, cx, cw, cJSON_IsString(cell) ? cell->valuestring : "",
                        base);
            cx += w[c] + 1;
        }
    }
    free(w);
}

static unsigned top_action(void *self, struct ui *ui, enum action_id id)
{
    struct top *t = self;
    unsigned moved = scroll_action(&t->scroll, id);
    if (moved != UI_IGNORED)
        return moved;
    switch (id) {
    case ACTION_REFRESH:
        top_ask(t, ui);
        return UI_REDRAW;
    case ACTION_BACK:
    case ACTION_QUIT:
        return UI_CLOSE | UI_REDRAW;
    default:
        return UI_IGNORED;
    }
}

static void top_destroy(void *self)
{
    struct top *t = self;
    if (t->ticket)
        fetch_forget(t->fetch, t->ticket);
    cJSON_Delete(t->doc);
    free(t);
}

static const struct panel_ops top_ops = {
    .name = "top",
    .context = ACTION_CTX_LOG,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .key = NULL,
    .action = top_action,
    .mouse = NULL,
    .snapshot = top_snapshot,
    .draw = top_draw,
    .interest = NULL,
    .destroy = top_destroy,
};

void top_open(struct ui *ui, const char *id)
{
    if (!ui->fetch) {
        ui_status(ui, true, "top needs an engine connection");
        return;
    }
    struct top *t = xcalloc(1, sizeof *t);
    snprintf(t->id, sizeof t->id, "%s", id);
    t->fetch = ui->fetch;
    top_ask(t, ui);
    ui_push(ui, &top_ops, t);
}
