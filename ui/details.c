/* The details view (see details.h). Its lines are rebuilt from the
 * current snapshot on every frame, so figures stay live while it is open;
 * every engine string is drawn through draw_engine (sanitised). The
 * graphs are drawn with the glyph modes of glyphs.h: braille in a UTF-8
 * locale, ASCII otherwise. */
#include "config.h"

#include "details.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "format.h"
#include "model/container_detail.h"
#include "model/fetch.h"
#include "model/worker.h"
#include "rfc3339.h"
#include "strbuf.h"
#include "ui/draw.h"
#include "ui/scroll.h"
#include "ui/glyphs.h"
#include "ui/inspect.h"
#include "ui/theme.h"
#include "xalloc.h"

#define DETAILS_LABEL_WIDTH 14
#define DETAILS_GRAPH_ROWS 3
/* Longest graph, in cells. */
#define DETAILS_GRAPH_MAX 256

enum dline_kind {
    DLINE_FIELD,   /* label and value */
    DLINE_HEADING, /* a section title */
    DLINE_GRAPH,   /* one row of a graph */
};

struct dline {
    enum dline_kind kind;
    const char *label;
    char *value; /* heap; may be engine text */
    enum theme_element e;
    enum history_series series; /* DLINE_GRAPH */
    int row;                    /* DLINE_GRAPH: 0 top */
};

struct dlines {
    struct dline *items;
    size_t n, cap;
};

struct details {
    char id[65];
    struct scroll scroll;               /* first line shown, lines that fit */
    bool asked;                         /* an inspect was asked for */
    enum container_health asked_health; /* the health when it was */
    int64_t asked_at;                   /* unix seconds when it was */
    /* The full inspect document (fetched off the UI thread). */
    uint64_t inspect_ticket; /* request in flight, 0 when none */
    cJSON *inspect;          /* latest answer, or NULL */
    char inspect_error[BERTH_ERROR_MESSAGE_MAX];
    enum container_state inspect_state; /* the state it was fetched in */
    bool inspect_asked;
    bool reveal; /* environment values shown, not masked */
};

/* Seconds between inspects while a healthcheck runs (its log changes at
 * every check even when the status does not). */
#define DETAILS_HEALTH_REFRESH 2

static struct dline *add(struct dlines *l, enum dline_kind kind, const char *label)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    struct dline *d = &l->items[l->n++];
    memset(d, 0, sizeof *d);
    d->kind = kind;
    d->label = label;
    d->e = THEME_DEFAULT;
    return d;
}

static void field(struct dlines *l, const char *label, const char *value)
{
    if (!value || !value[0])
        return;
    add(l, DLINE_FIELD, label)->value = xstrdup(value);
}

static void fieldf(struct dlines *l, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fieldf(struct dlines *l, const char *label, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[256];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    field(l, label, buf);
}

static void time_text(int64_t t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t <= 0 || !localtime_r(&tt, &tm) || strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm) == 0)
        snprintf(buf, size, "-");
}

/* The healthcheck from the container's inspect: status, failing streak
 * and the last checks (the engine keeps five), newest first, each with
 * its time, exit code and output, one line per output line. */
static void health_section(struct dlines *l, const struct snapshot_container *sc)
{
    const struct container_detail *d = sc->detail;
    if (sc->c.health == CONTAINER_HEALTH_NONE && !(d && d->has_health))
        return;
    add(l, DLINE_HEADING, "Health");
    struct dline *st = add(l, DLINE_FIELD, "Status");
    st->value = xstrdup(container_health_name(sc->c.health));
    st->e = sc->c.health == CONTAINER_HEALTH_HEALTHY     ? THEME_HEALTH_HEALTHY
            : sc->c.health == CONTAINER_HEALTH_UNHEALTHY ? THEME_HEALTH_UNHEALTHY
            : sc->c.health == CONTAINER_HEALTH_STARTING  ? THEME_HEALTH_STARTING
                                                         : THEME_DEFAULT;
    if (!d) {
        field(l, "Checks", "asking the engine...");
        return;
    }
    fieldf(l, "Streak", "%u failed in a row", d->failing_streak);
    if (d->nchecks == 0)
        field(l, "Checks", "none yet");
    for (size_t i = d->nchecks; i > 0; i--) {
        const struct container_health_check *c = &d->checks[i - 1];
        char when[64], head[160];
        time_text((int64_t)c->start, when, sizeof when);
        if (c->end > c->start && c->start > 0)
            snprintf(head, sizeof head, "%s  exit %d  (%.2fs)", when, c->exit_code,
                     c->end - c->start);
        else
            snprintf(head, sizeof head, "%s  exit %d", when, c->exit_code);
        struct dline *h = add(l, DLINE_FIELD, i == d->nchecks ? "Last check" : "Check");
        h->value = xstrdup(head);
        h->e = c->exit_code == 0 ? THEME_HEALTH_HEALTHY : THEME_HEALTH_UNHEALTHY;
        /* The output, line by line (a trailing newline adds none). */
        const char *p = c->output;
        while (*p) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            struct strbuf sb;
            strbuf_init(&sb);
            strbuf_appendf(&sb, "  %.*s", (int)len, p);
            add(l, DLINE_FIELD, "")->value = strbuf_detach(&sb);
            p += len;
            if (*p)
                p++;
        }
    }
}

static void build(struct dlines *l, const struct snapshot *s, const struct snapshot_container *sc)
{
    const struct container *c = &sc->c;
    char a[FORMAT_NUMBER_MAX], b[FORMAT_NUMBER_MAX], buf[64];
    add(l, DLINE_HEADING, "Container");
    field(l, "Name", c->name);
    field(l, "ID", c->id);
    field(l, "Image", c->image);
    field(l, "Image ID", c->image_id);
    field(l, "Command", c->command);
    struct dline *st = add(l, DLINE_FIELD, "State");
    st->value = xstrdup(container_state_name(c->state));
    field(l, "Status", c->status);
    if (c->health != CONTAINER_HEALTH_NONE)
        field(l, "Health", container_health_name(c->health));
    if (c->state == CONTAINER_STATE_EXITED)
        fieldf(l, "Exit code", "%d", c->exit_code);
    time_text(c->created, buf, sizeof buf);
    field(l, "Created", buf);
    if (sc->pid > 0)
        fieldf(l, "Main PID", "%d", sc->pid);
    field(l, "Ports", c->ports_text ? c->ports_text : "");
    if (sc->oom)
        field(l, "OOM", "killed by the kernel's out-of-memory killer since the last start");
    health_section(l, sc);

    if (c->project) {
        add(l, DLINE_HEADING, "Compose");
        field(l, "Project", c->project);
        field(l, "Service", c->service);
        field(l, "Number", c->container_number);
        field(l, "Working dir", c->working_dir);
        field(l, "Files", c->config_files);
    }

    add(l, DLINE_HEADING, "Figures");
    if (!sc->has_stats) {
        field(l, "Stats",
              c->state == CONTAINER_STATE_RUNNING ? "waiting for a sample" : "none (not running)");
    } else {
        const struct stats_figures *f = &sc->stats;
        field(l, "Source", sc->source == SNAPSHOT_STATS_CGROUP ? "cgroup files" : "stats API");
        if (f->cpu_valid)
            field(l, "CPU", format_percent(buf, sizeof buf, f->cpu_percent));
        if (f->mem_valid) {
            char pct[FORMAT_NUMBER_MAX];
            fieldf(l, "Memory", "%s / %s (%s) without cache",
                   format_bytes_binary(a, sizeof a, (double)f->mem_used),
                   format_bytes_binary(b, sizeof b, (double)f->mem_limit),
                   format_percent(pct, sizeof pct, f->mem_percent));
            fieldf(l, "Cache", "%s page cache; %s with it (the kernel's usage)",
                   format_bytes_binary(a, sizeof a, (double)f->mem_cache),
                   format_bytes_binary(b, sizeof b, (double)f->mem_usage));
        }
        if (f->net_valid)
            fieldf(l, "Network", "%s received, %s sent",
                   format_bytes_decimal(a, sizeof a, (double)f->net_rx, 3),
                   format_bytes_decimal(b, sizeof b, (double)f->net_tx, 3));
        if (f->rates_valid && f->net_valid)
            fieldf(l, "Network rate", "%s/s in, %s/s out",
                   format_bytes_decimal(a, sizeof a, f->net_rx_rate, 3),
                   format_bytes_decimal(b, sizeof b, f->net_tx_rate, 3));
        /* Without block accounting there is no line (the table and the
         * stats view say n/a), never a zero. */
        if (f->blk_valid)
            fieldf(l, "Block I/O", "%s read, %s written",
                   format_bytes_decimal(a, sizeof a, (double)f->blk_read, 3),
                   format_bytes_decimal(b, sizeof b, (double)f->blk_write, 3));
        if (f->pids_valid)
            fieldf(l, "PIDs", "%" PRIu64, f->pids);
    }
    if (sc->history.count > 0) {
        fieldf(l, "History", "%zu samples, every %.3gs", sc->history.count,
               s->interval_ms / 1000.0);
        for (int row = 0; row < DETAILS_GRAPH_ROWS; row++) {
            struct dline *g = add(l, DLINE_GRAPH, row == 0 ? "CPU" : "");
            g->series = HISTORY_CPU;
            g->row = row;
        }
        for (int row = 0; row < DETAILS_GRAPH_ROWS; row++) {
            struct dline *g = add(l, DLINE_GRAPH, row == 0 ? "Memory" : "");
            g->series = HISTORY_MEM;
            g->row = row;
        }
    }

    if (c->nlabels) {
        add(l, DLINE_HEADING, "Labels");
        for (size_t i = 0; i < c->nlabels; i++) {
            struct strbuf sb;
            strbuf_init(&sb);
            strbuf_appendf(&sb, "%s=%s", c->labels[i].key ? c->labels[i].key : "",
                           c->labels[i].value ? c->labels[i].value : "");
            add(l, DLINE_FIELD, "")->value = strbuf_detach(&sb);
        }
    }
}

static void draw_graph_row(struct ui *ui, const struct snapshot_container *sc,
                           const struct dline *d, int y, int x, int w)
{
    if (w <= 0)
        return;
    unsigned cols = w > DETAILS_GRAPH_MAX ? DETAILS_GRAPH_MAX : (unsigned)w;
    double samples[2 * DETAILS_GRAPH_MAX];
    size_t n = history_view_last(&sc->history, d->series, samples, 2 * (size_t)cols);
    double max = 0;
    enum theme_graph tg = THEME_GRAPH_CPU;
    if (d->series == HISTORY_CPU) {
        max = 100;
        for (size_t i = 0; i < n; i++)
            if (!isnan(samples[i]) && samples[i] > max)
                max = samples[i];
    } else {
        tg = THEME_GRAPH_MEM;
        max = sc->has_stats && sc->stats.mem_valid ? (double)sc->stats.mem_limit : 0;
    }
    struct glyph_cell cells[DETAILS_GRAPH_ROWS * DETAILS_GRAPH_MAX];
    glyph_graph(samples, n, max, DETAILS_GRAPH_ROWS, cols, ui->glyphs, cells);
    for (unsigned c = 0; c < cols; c++) {
        const struct glyph_cell *cell = &cells[(size_t)d->row * cols + c];
        draw_glyph(y, x + (int)c, cell->ch, theme_attr(theme_gradient(tg, cell->level)));
    }
}

/* --- the inspect document: configuration, environment, mounts, networks,
 * limits. Fetched through the fetcher when the view opens and again when
 * the container's state changes (a restart changes times and addresses). */

static struct fetch *details_fetch; /* for destroy: drop an answer still to come */

static void inspect_refresh(struct details *dt, struct ui *ui, const struct snapshot_container *sc)
{
    if (!ui->fetch)
        return;
    struct fetch_result r;
    if (dt->inspect_ticket && fetch_take(ui->fetch, dt->inspect_ticket, &r)) {
        dt->inspect_ticket = 0;
        cJSON *doc = r.ok ? cJSON_ParseWithLength(r.body ? r.body : "", r.len) : NULL;
        if (doc) {
            cJSON_Delete(dt->inspect);
            dt->inspect = doc;
            dt->inspect_error[0] = '\0';
        } else {
            snprintf(dt->inspect_error, sizeof dt->inspect_error, "%s",
                     r.ok ? "the engine's answer is not JSON" : r.err.message);
        }
        fetch_result_done(&r);
    }
    if (!dt->inspect_ticket && (!dt->inspect_asked || sc->c.state != dt->inspect_state)) {
        char path[128];
        snprintf(path, sizeof path, "/containers/%s/json", dt->id);
        details_fetch = ui->fetch;
        dt->inspect_ticket = fetch_get(ui->fetch, path);
        dt->inspect_asked = true;
        dt->inspect_state = sc->c.state;
    }
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double jnum(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* A JSON array of strings as one line, words separated by blanks. */
static char *jwords(const cJSON *arr)
{
    if (!cJSON_IsArray(arr))
        return NULL;
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_puts(&sb, "");
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (!cJSON_IsString(it))
            continue;
        if (sb.len)
            strbuf_putc(&sb, ' ');
        strbuf_puts(&sb, it->valuestring);
    }
    return strbuf_detach(&sb);
}

static void jtime(struct dlines *l, const char *label, const char *rfc3339)
{
    double t = rfc3339 ? rfc3339_seconds(rfc3339) : 0;
    if (t <= 0)
        return;
    char buf[64];
    time_text((int64_t)t, buf, sizeof buf);
    field(l, label, buf);
}

static void limit_bytes(struct dlines *l, const char *label, double v)
{
    char a[FORMAT_NUMBER_MAX];
    if (v > 0)
        field(l, label, format_bytes_binary(a, sizeof a, v));
    else if (v < 0)
        field(l, label, "unlimited");
    else
        field(l, label, "none");
}

static void inspect_sections(struct dlines *l, const struct details *dt)
{
    const cJSON *doc = dt->inspect;
    if (!doc) {
        add(l, DLINE_HEADING, "Configuration");
        field(l, "Inspect", dt->inspect_error[0] ? dt->inspect_error : "asking the engine...");
        return;
    }
    const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(doc, "Config");
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(doc, "State");
    const cJSON *hc = cJSON_GetObjectItemCaseSensitive(doc, "HostConfig");
    const cJSON *ns = cJSON_GetObjectItemCaseSensitive(doc, "NetworkSettings");

    add(l, DLINE_HEADING, "Configuration");
    field(l, "Image", jstr(cfg, "Image"));
    char *w = jwords(cJSON_GetObjectItemCaseSensitive(cfg, "Entrypoint"));
    field(l, "Entrypoint", w && *w ? w : "(none)");
    free(w);
    w = jwords(cJSON_GetObjectItemCaseSensitive(cfg, "Cmd"));
    field(l, "Cmd", w && *w ? w : "(none)");
    free(w);
    field(l, "Working dir", jstr(cfg, "WorkingDir"));
    field(l, "User", jstr(cfg, "User"));
    jtime(l, "Created", jstr(doc, "Created"));
    jtime(l, "Started", jstr(st, "StartedAt"));
    jtime(l, "Finished", jstr(st, "FinishedAt"));
    const cJSON *rp = cJSON_GetObjectItemCaseSensitive(hc, "RestartPolicy");
    const char *rpn = jstr(rp, "Name");
    if (rpn && strcmp(rpn, "on-failure") == 0 && jnum(rp, "MaximumRetryCount") > 0)
        fieldf(l, "Restart", "on-failure (at most %.0f times)", jnum(rp, "MaximumRetryCount"));
    else
        field(l, "Restart", rpn && *rpn ? rpn : "no");
    fieldf(l, "Restarts", "%.0f", jnum(doc, "RestartCount"));
    fieldf(l, "Exit code", "%.0f%s", jnum(st, "ExitCode"),
           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(st, "OOMKilled")) ? "  (OOM killed)"
                                                                           : "  (not OOM killed)");
    const char *err = jstr(st, "Error");
    if (err && *err)
        field(l, "Error", err);

    const cJSON *env = cJSON_GetObjectItemCaseSensitive(cfg, "Env");
    if (cJSON_GetArraySize(env) > 0) {
        add(l, DLINE_HEADING,
            dt->reveal ? "Environment (M masks the values)" : "Environment (M shows the values)");
        const cJSON *it;
        cJSON_ArrayForEach(it, env)
        {
            if (!cJSON_IsString(it))
                continue;
            const char *eq = strchr(it->valuestring, '=');
            struct strbuf sb;
            strbuf_init(&sb);
            if (dt->reveal || !eq)
                strbuf_puts(&sb, it->valuestring);
            else
                strbuf_appendf(&sb, "%.*s=********", (int)(eq - it->valuestring), it->valuestring);
            add(l, DLINE_FIELD, "")->value = strbuf_detach(&sb);
        }
    }

    const cJSON *mounts = cJSON_GetObjectItemCaseSensitive(doc, "Mounts");
    if (cJSON_GetArraySize(mounts) > 0) {
        add(l, DLINE_HEADING, "Mounts");
        const cJSON *m;
        cJSON_ArrayForEach(m, mounts)
        {
            const char *type = jstr(m, "Type");
            const char *src = jstr(m, "Type") && strcmp(type, "volume") == 0 && jstr(m, "Name")
                                  ? jstr(m, "Name")
                                  : jstr(m, "Source");
            struct strbuf sb;
            strbuf_init(&sb);
            strbuf_appendf(&sb, "%s %s -> %s (%s)", type ? type : "?", src ? src : "",
                           jstr(m, "Destination") ? jstr(m, "Destination") : "",
                           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "RW")) ? "rw" : "ro");
            add(l, DLINE_FIELD, "")->value = strbuf_detach(&sb);
        }
    }

    const cJSON *ports = cJSON_GetObjectItemCaseSensitive(ns, "Ports");
    const cJSON *nets = cJSON_GetObjectItemCaseSensitive(ns, "Networks");
    if (cJSON_GetArraySize(ports) > 0 || cJSON_GetArraySize(nets) > 0) {
        add(l, DLINE_HEADING, "Network");
        const cJSON *p;
        cJSON_ArrayForEach(p, ports)
        {
            struct strbuf sb;
            strbuf_init(&sb);
            strbuf_puts(&sb, p->string ? p->string : "?");
            if (cJSON_GetArraySize(p) == 0)
                strbuf_puts(&sb, " (not published)");
            const cJSON *b;
            cJSON_ArrayForEach(b, p)
            {
                strbuf_appendf(&sb, " <- %s:%s", jstr(b, "HostIp") ? jstr(b, "HostIp") : "",
                               jstr(b, "HostPort") ? jstr(b, "HostPort") : "");
            }
            add(l, DLINE_FIELD, "Port")->value = strbuf_detach(&sb);
        }
        const cJSON *n;
        cJSON_ArrayForEach(n, nets)
        {
            struct strbuf sb;
            strbuf_init(&sb);
            const char *ip = jstr(n, "IPAddress");
            strbuf_appendf(&sb, "%s: %s", n->string ? n->string : "?",
                           ip && *ip ? ip : "no address");
            const char *gw = jstr(n, "Gateway");
            if (gw && *gw)
                strbuf_appendf(&sb, " via %s", gw);
            const char *v6 = jstr(n, "GlobalIPv6Address");
            if (v6 && *v6)
                strbuf_appendf(&sb, ", %s", v6);
            add(l, DLINE_FIELD, "Network")->value = strbuf_detach(&sb);
        }
    }

    add(l, DLINE_HEADING, "Resource limits");
    limit_bytes(l, "Memory", jnum(hc, "Memory"));
    limit_bytes(l, "Memory+swap", jnum(hc, "MemorySwap"));
    double cpus =
        container_detail_cpu_limit((int64_t)jnum(hc, "NanoCpus"), (int64_t)jnum(hc, "CpuQuota"),
                                   (int64_t)jnum(hc, "CpuPeriod"));
    if (cpus > 0)
        fieldf(l, "CPUs", "%.2f", cpus);
    else
        field(l, "CPUs", "none");
    if (jnum(hc, "CpuShares") > 0)
        fieldf(l, "CPU shares", "%.0f", jnum(hc, "CpuShares"));
    if (jnum(hc, "BlkioWeight") > 0)
        fieldf(l, "Block I/O weight", "%.0f", jnum(hc, "BlkioWeight"));
    if (jnum(hc, "PidsLimit") > 0)
        fieldf(l, "PIDs limit", "%.0f", jnum(hc, "PidsLimit"));
    else
        field(l, "PIDs limit", "none");
}

static void details_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct details *dt = self;
    attr_t base = theme_attr(THEME_DEFAULT);
    draw_clear(r, base);
    if (r->h < 2)
        return;
    const struct snapshot_container *sc = ui->snap ? snapshot_find(ui->snap, dt->id) : NULL;
    draw_fill(r->y, r->x, r->w, theme_attr(THEME_TABLE_HEADER));
    int x = r->x + draw_text(r->y, r->x, r->w, " Details: ", theme_attr(THEME_TABLE_HEADER));
    if (!sc) {
        draw_text(r->y, x, r->x + r->w - x, "(gone)", theme_attr(THEME_TABLE_HEADER));
        draw_text(r->y + 1, r->x + 1, r->w - 1,
                  "The container is no longer on the engine. Esc goes back.",
                  theme_attr(THEME_STALE));
        return;
    }
    x += draw_engine(r->y, x, r->x + r->w - x, sc->c.name, theme_attr(THEME_TABLE_HEADER));
    draw_text(r->y, x, r->x + r->w - x, "  (Esc goes back)", theme_attr(THEME_TABLE_HEADER));

    struct dlines l = {0};
    build(&l, ui->snap, sc);
    inspect_refresh(dt, ui, sc);
    inspect_sections(&l, dt);
    scroll_clamp(&dt->scroll, (long)l.n, r->h - 1);
    bool stale = ui->snap->stale;
    for (long i = 0; i < dt->scroll.page && dt->scroll.top + i < (long)l.n; i++) {
        const struct dline *d = &l.items[dt->scroll.top + i];
        int y = r->y + 1 + (int)i;
        int vx = r->x + 2 + DETAILS_LABEL_WIDTH;
        int vw = r->x + r->w - vx;
        switch (d->kind) {
        case DLINE_HEADING:
            draw_text(y, r->x + 1, r->w - 1, d->label, theme_attr(THEME_PROJECT_ROW));
            break;
        case DLINE_FIELD: {
            draw_text(y, r->x + 2, DETAILS_LABEL_WIDTH, d->label, theme_attr(THEME_HEADER_LABEL));
            attr_t a = base;
            if (stale)
                a = theme_attr(THEME_STALE);
            else if (strcmp(d->label, "State") == 0)
                a = theme_attr(sc->c.state == CONTAINER_STATE_RUNNING ? THEME_STATE_RUNNING
                               : sc->c.state == CONTAINER_STATE_EXITED && sc->c.exit_code
                                   ? THEME_STATE_EXITED_ERROR
                                   : THEME_DEFAULT);
            else if (d->e != THEME_DEFAULT)
                a = theme_attr(d->e);
            draw_engine(y, vx, vw, d->value, a);
            break;
        }
        case DLINE_GRAPH:
            draw_text(y, r->x + 2, DETAILS_LABEL_WIDTH, d->label, theme_attr(THEME_HEADER_LABEL));
            draw_graph_row(ui, sc, d, y, vx, vw - 1);
            break;
        }
    }
    for (size_t i = 0; i < l.n; i++)
        free(l.items[i].value);
    free(l.items);
}

static unsigned details_action(void *self, struct ui *ui, enum action_id id)
{
    struct details *dt = self;
    (void)ui;
    unsigned moved = scroll_action(&dt->scroll, id);
    if (moved != UI_IGNORED)
        return moved;
    switch (id) {
    case ACTION_BACK:
    case ACTION_QUIT:
    case ACTION_DETAILS:
        return UI_CLOSE | UI_REDRAW;
    case ACTION_REVEAL:
        dt->reveal = !dt->reveal;
        ui_status(ui, false, "%s",
                  dt->reveal ? "Environment values shown" : "Environment values masked");
        return UI_REDRAW;
    case ACTION_EXEC_SHELL:
    case ACTION_ATTACH:
    case ACTION_TOP:
    case ACTION_INSPECT:
    case ACTION_COPY_ID:
    case ACTION_COPY_NAME:
        return inspect_action(ui, id, dt->id);
    default:
        /* The list's own actions mean nothing here; help, refresh, theme
         * and the container actions pass through. */
        return actions_is_list_view(id) ? UI_HANDLED : UI_IGNORED;
    }
}

static unsigned details_mouse(void *self, struct ui *ui, const struct ui_mouse *m)
{
    if (m->kind == UI_MOUSE_WHEEL_UP)
        return details_action(self, ui, ACTION_SELECT_UP);
    if (m->kind == UI_MOUSE_WHEEL_DOWN)
        return details_action(self, ui, ACTION_SELECT_DOWN);
    return UI_HANDLED;
}

/* Ask the worker for the container's inspect (health log, CPU limit)
 * when the view opens, when the health changes (a health_status event
 * already updated the row), and every few seconds while a healthcheck
 * runs. */
static void details_snapshot(void *self, struct ui *ui)
{
    struct details *dt = self;
    const struct snapshot_container *sc = ui->snap ? snapshot_find(ui->snap, dt->id) : NULL;
    if (!ui->worker || !sc)
        return;
    int64_t now = (int64_t)time(NULL);
    bool want =
        !dt->asked || sc->c.health != dt->asked_health ||
        (sc->c.health != CONTAINER_HEALTH_NONE && now - dt->asked_at >= DETAILS_HEALTH_REFRESH);
    if (!want)
        return;
    struct worker_action act = {.kind = WORKER_ACTION_DETAIL};
    snprintf(act.id, sizeof act.id, "%s", sc->c.id);
    worker_submit(ui->worker, &act);
    dt->asked = true;
    dt->asked_health = sc->c.health;
    dt->asked_at = now;
}

static void details_destroy(void *self)
{
    struct details *dt = self;
    if (dt->inspect_ticket && details_fetch)
        fetch_forget(details_fetch, dt->inspect_ticket);
    cJSON_Delete(dt->inspect);
    free(self);
}

static const struct panel_ops details_ops = {
    .name = "details",
    .context = ACTION_CTX_TABLE,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .key = NULL,
    .action = details_action,
    .mouse = details_mouse,
    .snapshot = details_snapshot,
    .draw = details_draw,
    .interest = NULL,
    .destroy = details_destroy,
};

void details_open(struct ui *ui, const char *id)
{
    struct details *dt = xcalloc(1, sizeof *dt);
    snprintf(dt->id, sizeof dt->id, "%s", id);
    details_snapshot(dt, ui);
    ui_push(ui, &details_ops, dt);
}
