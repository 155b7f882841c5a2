/* The column registry of the container table (see columns.h).
 *
 * Invariants, checked by the unit tests: entry i has id i, names are
 * unique and valid config names, every title fits its column's width, and
 * the names src/berth.conf uses for `set columns` and `set sort` exist.
 * The titles and cell formats of the columns berth --batch prints are the
 * batch table's (docker's), so the two views read alike. */
#include "config.h"

#include "columns.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "format.h"
#include "xalloc.h"

/* Widest bar a cell gets, brackets included. */
#define COLUMNS_BAR_MAX 12
/* Narrowest bar worth drawing: "[||] ". */
#define COLUMNS_BAR_MIN 6

/* --- common pieces ------------------------------------------------------ */

static const char *str_or_empty(const char *s)
{
    return s ? s : "";
}

static bool has_cpu(const struct snapshot_container *sc)
{
    return sc->has_stats && sc->stats.cpu_valid;
}

static bool has_mem(const struct snapshot_container *sc)
{
    return sc->has_stats && sc->stats.mem_valid;
}

static void key_num(struct columns_key *k, bool valid, double v)
{
    k->valid = valid;
    k->num = v;
    k->str = NULL;
}

static void key_str(struct columns_key *k, const char *s)
{
    k->valid = s != NULL && s[0] != '\0';
    k->num = 0;
    k->str = s;
}

/* "a / b" with docker's decimal sizes (network and block I/O). */
static const char *io_pair(char *buf, uint64_t a, uint64_t b)
{
    char x[FORMAT_NUMBER_MAX], y[FORMAT_NUMBER_MAX];
    snprintf(buf, COLUMNS_CELL_MAX, "%s / %s", format_bytes_decimal(x, sizeof x, (double)a, 3),
             format_bytes_decimal(y, sizeof y, (double)b, 3));
    return buf;
}

/* How the engine ranks states for sorting: the live ones first. */
static double state_rank(enum container_state s)
{
    switch (s) {
    case CONTAINER_STATE_RUNNING:
        return 7;
    case CONTAINER_STATE_RESTARTING:
        return 6;
    case CONTAINER_STATE_PAUSED:
        return 5;
    case CONTAINER_STATE_CREATED:
        return 4;
    case CONTAINER_STATE_REMOVING:
        return 3;
    case CONTAINER_STATE_EXITED:
        return 2;
    case CONTAINER_STATE_DEAD:
        return 1;
    case CONTAINER_STATE_UNKNOWN:
        break;
    }
    return 0;
}

double columns_uptime(const char *status, char *text, size_t size)
{
    if (text && size)
        text[0] = '\0';
    if (!status || strncmp(status, "Up ", 3) != 0)
        return -1;
    const char *words = status + 3;
    /* "Up 5 minutes (healthy)", "Up 2 hours (Paused)": the duration ends
     * where the parenthesis starts. */
    const char *paren = strstr(words, " (");
    size_t len = paren ? (size_t)(paren - words) : strlen(words);
    if (text && size)
        snprintf(text, size, "%.*s", (int)len, words);

    /* go-units HumanDuration's wording. */
    static const struct {
        const char *phrase;
        double seconds;
    } fixed[] = {
        {"Less than a second", 0.5},
        {"About a minute", 60},
        {"About an hour", 3600},
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        if (strlen(fixed[i].phrase) == len && strncmp(words, fixed[i].phrase, len) == 0)
            return fixed[i].seconds;
    }
    static const struct {
        const char *unit;
        double seconds;
    } units[] = {
        {"second", 1},      {"minute", 60},       {"hour", 3600},       {"day", 86400},
        {"week", 604800.0}, {"month", 2592000.0}, {"year", 31536000.0},
    };
    char *end;
    double n = strtod(words, &end);
    if (end == words || *end != ' ')
        return 0;
    end++;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strncmp(end, units[i].unit, strlen(units[i].unit)) == 0)
            return n * units[i].seconds;
    }
    return 0;
}

/* --- the CPU trend sparkline ---------------------------------------------- */

static enum glyph_mode trend_mode = GLYPH_BLOCK;

void columns_set_glyph_mode(enum glyph_mode mode)
{
    trend_mode = mode == GLYPH_ASCII ? GLYPH_ASCII : GLYPH_BLOCK;
}

/* One code point as UTF-8 into p; returns the bytes written. */
static size_t utf8_put(char *p, wchar_t ch)
{
    unsigned long c = (unsigned long)ch;
    if (c < 0x80) {
        p[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        p[0] = (char)(0xC0 | (c >> 6));
        p[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    p[0] = (char)(0xE0 | (c >> 12));
    p[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    p[2] = (char)(0x80 | (c & 0x3F));
    return 3;
}

/* The newest CPU samples as one row of glyphs, scaled to one core or the
 * visible peak, whichever is larger (so a busy core fills the cell). */
static const char *cell_cpu_trend(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    unsigned spc = glyph_samples_per_column(trend_mode);
    double samples[2 * COLUMNS_TREND_CELLS];
    size_t n = history_view_last(&sc->history, HISTORY_CPU, samples,
                                 (size_t)COLUMNS_TREND_CELLS * spc);
    double max = 100;
    for (size_t i = 0; i < n; i++)
        if (!isnan(samples[i]) && samples[i] > max)
            max = samples[i];
    struct glyph_cell cells[COLUMNS_TREND_CELLS];
    glyph_graph(samples, n, max, 1, COLUMNS_TREND_CELLS, trend_mode, cells);
    size_t at = 0;
    for (size_t i = 0; i < COLUMNS_TREND_CELLS; i++)
        at += utf8_put(buf + at, cells[i].ch);
    buf[at] = '\0';
    return buf;
}

static void key_cpu_trend(const struct snapshot_container *sc, struct columns_key *k)
{
    /* The mean of the newest samples: the trend, not the last blip. */
    double samples[COLUMNS_TREND_CELLS];
    size_t n = history_view_last(&sc->history, HISTORY_CPU, samples, COLUMNS_TREND_CELLS);
    double sum = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(samples[i])) {
            sum += samples[i];
            m++;
        }
    key_num(k, m > 0, m ? sum / (double)m : 0);
}

/* --- keys --------------------------------------------------------------- */

static void key_name(const struct snapshot_container *sc, struct columns_key *k)
{
    key_str(k, sc->c.name);
}

static void key_id(const struct snapshot_container *sc, struct columns_key *k)
{
    key_str(k, sc->c.id);
}

static void key_image(const struct snapshot_container *sc, struct columns_key *k)
{
    key_str(k, sc->c.image);
}

static void key_state(const struct snapshot_container *sc, struct columns_key *k)
{
    key_num(k, true, state_rank(sc->c.state));
}

static void key_status(const struct snapshot_container *sc, struct columns_key *k)
{
    key_str(k, sc->c.status);
}

static void key_health(const struct snapshot_container *sc, struct columns_key *k)
{
    double rank = sc->c.health == CONTAINER_HEALTH_UNHEALTHY  ? 3
                  : sc->c.health == CONTAINER_HEALTH_STARTING ? 2
                  : sc->c.health == CONTAINER_HEALTH_HEALTHY  ? 1
                                                              : 0;
    key_num(k, rank > 0, rank);
}

static void key_cpu(const struct snapshot_container *sc, struct columns_key *k)
{
    key_num(k, has_cpu(sc), sc->stats.cpu_percent);
}

static void key_mem(const struct snapshot_container *sc, struct columns_key *k)
{
    key_num(k, has_mem(sc), (double)sc->stats.mem_used);
}

static void key_mem_percent(const struct snapshot_container *sc, struct columns_key *k)
{
    key_num(k, has_mem(sc), sc->stats.mem_percent);
}

static void key_net(const struct snapshot_container *sc, struct columns_key *k)
{
    key_num(k, sc->has_stats && sc->stats.net_valid,
            (double)sc->stats.net_rx + (double)sc->stats.net_tx);
}

static void key_io(const struct snapshot_container *sc, struct columns_key *k)
{
    key_num(k, sc->has_stats && sc->stats.blk_valid,
            (double)sc->stats.blk_read + (double)sc->stats.blk_write);
}

static void key_pids(const struct snapshot_container *sc, struct columns_key *k)
{
    key_num(k, sc->has_stats && sc->stats.pids_valid, (double)sc->stats.pids);
}

static void key_project(const struct snapshot_container *sc, struct columns_key *k)
{
    key_str(k, sc->c.project);
}

static void key_service(const struct snapshot_container *sc, struct columns_key *k)
{
    key_str(k, sc->c.service);
}

static void key_ports(const struct snapshot_container *sc, struct columns_key *k)
{
    /* Sort by the first published port: what an operator looks for. */
    double port = -1;
    for (size_t i = 0; i < sc->c.nports; i++) {
        double p =
            sc->c.ports[i].public_port ? sc->c.ports[i].public_port : sc->c.ports[i].private_port;
        if (port < 0 || p < port)
            port = p;
    }
    key_num(k, port >= 0, port);
}

static void key_uptime(const struct snapshot_container *sc, struct columns_key *k)
{
    double up = columns_uptime(sc->c.status, NULL, 0);
    key_num(k, up >= 0, up);
}

static void key_created(const struct snapshot_container *sc, struct columns_key *k)
{
    key_num(k, sc->c.created > 0, (double)sc->c.created);
}

static void key_command(const struct snapshot_container *sc, struct columns_key *k)
{
    key_str(k, sc->c.command);
}

/* --- cells -------------------------------------------------------------- */

static const char *cell_name(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    (void)buf;
    return str_or_empty(sc->c.name);
}

static const char *cell_id(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    snprintf(buf, COLUMNS_CELL_MAX, "%.12s", sc->c.id);
    return buf;
}

static const char *cell_image(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    (void)buf;
    return str_or_empty(sc->c.image);
}

static const char *cell_state(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    (void)buf;
    return container_state_name(sc->c.state);
}

static const char *cell_status(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    (void)buf;
    return str_or_empty(sc->c.status);
}

static const char *cell_health(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    (void)buf;
    return sc->c.health == CONTAINER_HEALTH_NONE ? "" : container_health_name(sc->c.health);
}

static const char *cell_cpu(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    if (!has_cpu(sc))
        return "-";
    return format_percent(buf, COLUMNS_CELL_MAX, sc->stats.cpu_percent);
}

static const char *cell_mem(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    if (!has_mem(sc))
        return "-";
    char used[FORMAT_NUMBER_MAX], limit[FORMAT_NUMBER_MAX];
    snprintf(buf, COLUMNS_CELL_MAX, "%s / %s",
             format_bytes_binary(used, sizeof used, (double)sc->stats.mem_used),
             format_bytes_binary(limit, sizeof limit, (double)sc->stats.mem_limit));
    return buf;
}

static const char *cell_mem_percent(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    if (!has_mem(sc))
        return "-";
    return format_percent(buf, COLUMNS_CELL_MAX, sc->stats.mem_percent);
}

static const char *cell_net(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    if (!sc->has_stats || !sc->stats.net_valid)
        return "-";
    return io_pair(buf, sc->stats.net_rx, sc->stats.net_tx);
}

static const char *cell_io(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    if (!sc->has_stats)
        return "-";
    if (!sc->stats.blk_valid)
        return "n/a"; /* the kernel keeps no block I/O accounting: not zero */
    return io_pair(buf, sc->stats.blk_read, sc->stats.blk_write);
}

static const char *cell_pids(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    if (!sc->has_stats || !sc->stats.pids_valid)
        return "-";
    snprintf(buf, COLUMNS_CELL_MAX, "%" PRIu64, sc->stats.pids);
    return buf;
}

static const char *cell_project(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    (void)buf;
    return str_or_empty(sc->c.project);
}

static const char *cell_service(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    (void)buf;
    return str_or_empty(sc->c.service);
}

static const char *cell_ports(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    (void)buf;
    return str_or_empty(sc->c.ports_text);
}

static const char *cell_uptime(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    if (columns_uptime(sc->c.status, buf, COLUMNS_CELL_MAX) < 0)
        return "-";
    return buf;
}

static const char *cell_created(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    if (sc->c.created <= 0)
        return "-";
    time_t t = (time_t)sc->c.created;
    struct tm tm;
    if (!localtime_r(&t, &tm) || strftime(buf, COLUMNS_CELL_MAX, "%Y-%m-%d %H:%M", &tm) == 0)
        return "-";
    return buf;
}

static const char *cell_command(const struct snapshot_container *sc, int64_t now, char *buf)
{
    (void)now;
    (void)buf;
    return str_or_empty(sc->c.command);
}

/* --- the registry --------------------------------------------------------- */

static const struct columns_def registry[COLUMNS_COUNT] = {
    [COLUMNS_NAME] = {.id = COLUMNS_NAME,
                      .name = "name",
                      .title = "NAME",
                      .help = "Container name",
                      .min_width = 12,
                      .width = 20,
                      .max_width = 40,
                      .align = COLUMNS_LEFT,
                      .numeric = false,
                      .bar = COLUMNS_BAR_NONE,
                      .key = key_name,
                      .cell = cell_name},
    [COLUMNS_ID] = {.id = COLUMNS_ID,
                    .name = "id",
                    .title = "ID",
                    .help = "Short container id (12 digits)",
                    .min_width = 12,
                    .width = 12,
                    .max_width = 12,
                    .align = COLUMNS_LEFT,
                    .numeric = false,
                    .bar = COLUMNS_BAR_NONE,
                    .key = key_id,
                    .cell = cell_id},
    [COLUMNS_IMAGE] = {.id = COLUMNS_IMAGE,
                       .name = "image",
                       .title = "IMAGE",
                       .help = "Image the container was created from",
                       .min_width = 10,
                       .width = 18,
                       .max_width = 36,
                       .align = COLUMNS_LEFT,
                       .numeric = false,
                       .bar = COLUMNS_BAR_NONE,
                       .key = key_image,
                       .cell = cell_image},
    [COLUMNS_STATE] = {.id = COLUMNS_STATE,
                       .name = "state",
                       .title = "STATE",
                       .help = "running, paused, restarting, exited, dead, created",
                       .min_width = 10,
                       .width = 10,
                       .max_width = 10,
                       .align = COLUMNS_LEFT,
                       .numeric = true,
                       .bar = COLUMNS_BAR_NONE,
                       .key = key_state,
                       .cell = cell_state},
    [COLUMNS_STATUS] = {.id = COLUMNS_STATUS,
                        .name = "status",
                        .title = "STATUS",
                        .help = "The engine's status text (\"Up 5 minutes\")",
                        .min_width = 12,
                        .width = 22,
                        .max_width = 32,
                        .align = COLUMNS_LEFT,
                        .numeric = false,
                        .bar = COLUMNS_BAR_NONE,
                        .key = key_status,
                        .cell = cell_status},
    [COLUMNS_HEALTH] = {.id = COLUMNS_HEALTH,
                        .name = "health",
                        .title = "HEALTH",
                        .help = "Healthcheck result: healthy, unhealthy, starting",
                        .min_width = 9,
                        .width = 9,
                        .max_width = 9,
                        .align = COLUMNS_LEFT,
                        .numeric = true,
                        .bar = COLUMNS_BAR_NONE,
                        .key = key_health,
                        .cell = cell_health},
    [COLUMNS_CPU] = {.id = COLUMNS_CPU,
                     .name = "cpu",
                     .title = "CPU %",
                     .help = "CPU use, 100% = one core (as docker stats)",
                     .min_width = 8,
                     .width = 8,
                     .max_width = 8,
                     .align = COLUMNS_RIGHT,
                     .numeric = true,
                     .bar = COLUMNS_BAR_CPU,
                     .key = key_cpu,
                     .cell = cell_cpu},
    [COLUMNS_MEM] = {.id = COLUMNS_MEM,
                     .name = "mem",
                     .title = "MEM USAGE / LIMIT",
                     .help = "Memory used (without inactive cache) and the limit",
                     .min_width = 19,
                     .width = 19,
                     .max_width = 19,
                     .align = COLUMNS_LEFT,
                     .numeric = true,
                     .bar = COLUMNS_BAR_MEM,
                     .key = key_mem,
                     .cell = cell_mem},
    [COLUMNS_MEM_PERCENT] = {.id = COLUMNS_MEM_PERCENT,
                             .name = "mem_percent",
                             .title = "MEM %",
                             .help = "Memory used as a share of the limit",
                             .min_width = 7,
                             .width = 7,
                             .max_width = 7,
                             .align = COLUMNS_RIGHT,
                             .numeric = true,
                             .bar = COLUMNS_BAR_NONE,
                             .key = key_mem_percent,
                             .cell = cell_mem_percent},
    [COLUMNS_NET] = {.id = COLUMNS_NET,
                     .name = "net",
                     .title = "NET I/O",
                     .help = "Network bytes received / sent",
                     .min_width = 15,
                     .width = 15,
                     .max_width = 17,
                     .align = COLUMNS_LEFT,
                     .numeric = true,
                     .bar = COLUMNS_BAR_NONE,
                     .key = key_net,
                     .cell = cell_net},
    [COLUMNS_IO] = {.id = COLUMNS_IO,
                    .name = "io",
                    .title = "BLOCK I/O",
                    .help = "Block device bytes read / written",
                    .min_width = 15,
                    .width = 15,
                    .max_width = 17,
                    .align = COLUMNS_LEFT,
                    .numeric = true,
                    .bar = COLUMNS_BAR_NONE,
                    .key = key_io,
                    .cell = cell_io},
    [COLUMNS_PIDS] = {.id = COLUMNS_PIDS,
                      .name = "pids",
                      .title = "PIDS",
                      .help = "Processes and threads",
                      .min_width = 5,
                      .width = 5,
                      .max_width = 5,
                      .align = COLUMNS_RIGHT,
                      .numeric = true,
                      .bar = COLUMNS_BAR_NONE,
                      .key = key_pids,
                      .cell = cell_pids},
    [COLUMNS_PROJECT] = {.id = COLUMNS_PROJECT,
                         .name = "project",
                         .title = "PROJECT",
                         .help = "Compose project",
                         .min_width = 8,
                         .width = 14,
                         .max_width = 24,
                         .align = COLUMNS_LEFT,
                         .numeric = false,
                         .bar = COLUMNS_BAR_NONE,
                         .key = key_project,
                         .cell = cell_project},
    [COLUMNS_SERVICE] = {.id = COLUMNS_SERVICE,
                         .name = "service",
                         .title = "SERVICE",
                         .help = "Compose service",
                         .min_width = 8,
                         .width = 12,
                         .max_width = 20,
                         .align = COLUMNS_LEFT,
                         .numeric = false,
                         .bar = COLUMNS_BAR_NONE,
                         .key = key_service,
                         .cell = cell_service},
    [COLUMNS_PORTS] = {.id = COLUMNS_PORTS,
                       .name = "ports",
                       .title = "PORTS",
                       .help = "Published and exposed ports",
                       .min_width = 10,
                       .width = 20,
                       .max_width = 44,
                       .align = COLUMNS_LEFT,
                       .numeric = false,
                       .bar = COLUMNS_BAR_NONE,
                       .key = key_ports,
                       .cell = cell_ports},
    [COLUMNS_UPTIME] = {.id = COLUMNS_UPTIME,
                        .name = "uptime",
                        .title = "UPTIME",
                        .help = "How long it has been up",
                        .min_width = 10,
                        .width = 14,
                        .max_width = 18,
                        .align = COLUMNS_LEFT,
                        .numeric = true,
                        .bar = COLUMNS_BAR_NONE,
                        .key = key_uptime,
                        .cell = cell_uptime},
    [COLUMNS_CREATED] = {.id = COLUMNS_CREATED,
                         .name = "created",
                         .title = "CREATED",
                         .help = "When it was created",
                         .min_width = 16,
                         .width = 16,
                         .max_width = 16,
                         .align = COLUMNS_LEFT,
                         .numeric = true,
                         .bar = COLUMNS_BAR_NONE,
                         .key = key_created,
                         .cell = cell_created},
    [COLUMNS_COMMAND] = {.id = COLUMNS_COMMAND,
                         .name = "command",
                         .title = "COMMAND",
                         .help = "Entry point and arguments",
                         .min_width = 10,
                         .width = 20,
                         .max_width = 48,
                         .align = COLUMNS_LEFT,
                         .numeric = false,
                         .bar = COLUMNS_BAR_NONE,
                         .key = key_command,
                         .cell = cell_command},
    [COLUMNS_CPU_TREND] = {.id = COLUMNS_CPU_TREND,
                           .name = "cpu_trend",
                           .title = "CPU TREND",
                           .help = "CPU use over the last samples, as a sparkline",
                           .min_width = COLUMNS_TREND_CELLS,
                           .width = COLUMNS_TREND_CELLS,
                           .max_width = COLUMNS_TREND_CELLS,
                           .align = COLUMNS_LEFT,
                           .numeric = true,
                           .bar = COLUMNS_BAR_NONE,
                           .key = key_cpu_trend,
                           .cell = cell_cpu_trend},
};

const struct columns_def *columns_get(enum columns_id id)
{
    return (unsigned)id < COLUMNS_COUNT ? &registry[id] : NULL;
}

int columns_find(const char *name)
{
    for (int i = 0; i < COLUMNS_COUNT; i++) {
        if (strcmp(registry[i].name, name) == 0)
            return i;
    }
    return -1;
}

int columns_conf_check(void *ctx, const char *name, struct berth_error *err)
{
    (void)ctx;
    if (columns_find(name) >= 0)
        return 0;
    return berth_error_set(err, BERTH_ERR_USAGE, 0, "unknown column '%s'", name);
}

int columns_compare(enum columns_id id, bool reverse, const struct snapshot_container *a,
                    const struct snapshot_container *b)
{
    const struct columns_def *def = columns_get(id);
    int c = 0;
    if (def) {
        struct columns_key ka, kb;
        def->key(a, &ka);
        def->key(b, &kb);
        if (ka.valid != kb.valid)
            return ka.valid ? -1 : 1;
        if (ka.valid && def->numeric)
            c = ka.num > kb.num ? -1 : ka.num < kb.num ? 1 : 0;
        else if (ka.valid) {
            c = strcasecmp(ka.str, kb.str);
            if (c == 0)
                c = strcmp(ka.str, kb.str);
        }
        if (reverse)
            c = -c;
    }
    if (c == 0)
        c = strcmp(str_or_empty(a->c.name), str_or_empty(b->c.name));
    if (c == 0)
        c = strcmp(a->c.id, b->c.id);
    return c;
}

/* --- layout ------------------------------------------------------------- */

static void place(struct columns_slot *out, size_t k)
{
    int x = 0;
    for (size_t i = 0; i < k; i++) {
        out[i].x = x;
        x += out[i].width + 1;
    }
}

/* Widen flexible slots one cell at a time, round robin, up to their
 * max_width, so they grow evenly. */
static void grow(struct columns_slot *out, size_t k, int *left)
{
    bool grew = true;
    while (*left > 0 && grew) {
        grew = false;
        for (size_t i = 0; i<k && * left> 0; i++) {
            if (out[i].width - out[i].bar < registry[out[i].id].max_width) {
                out[i].width++;
                (*left)--;
                grew = true;
            }
        }
    }
}

size_t columns_layout(const int *ids, size_t n, int width, bool bars, struct columns_slot *out)
{
    size_t k = 0;
    int used = 0;
    if (width <= 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        const struct columns_def *def = columns_get((enum columns_id)ids[i]);
        if (!def)
            continue;
        int gap = k > 0 ? 1 : 0;
        int room = width - used - gap;
        if (room >= def->width) {
            out[k++] = (struct columns_slot){def->id, 0, def->width, 0};
            used += gap + def->width;
            continue;
        }
        /* The first column that does not fit whole may still fit cut to
         * its minimum; it is the last one. The very first is always kept. */
        if (room >= def->min_width || k == 0) {
            out[k++] = (struct columns_slot){def->id, 0, room > 0 ? room : width, 0};
            used = width;
        }
        break;
    }
    int left = width - used;
    for (size_t i = 0; bars && i < k && left >= COLUMNS_BAR_MIN; i++) {
        if (registry[out[i].id].bar == COLUMNS_BAR_NONE)
            continue;
        int add = left < COLUMNS_BAR_MAX ? left : COLUMNS_BAR_MAX;
        out[i].width += add;
        out[i].bar = add;
        left -= add;
    }
    grow(out, k, &left);
    /* As htop's command column: a flexible last column takes the rest. */
    if (k > 0 && left > 0 && registry[out[k - 1].id].max_width > registry[out[k - 1].id].width)
        out[k - 1].width += left;
    place(out, k);
    return k;
}

int columns_slot_at(const struct columns_slot *slots, size_t n, int x)
{
    for (size_t i = 0; i < n; i++) {
        /* The gap after a column belongs to it, so every cell maps somewhere. */
        if (x >= slots[i].x && x <= slots[i].x + slots[i].width)
            return (int)i;
    }
    return -1;
}
