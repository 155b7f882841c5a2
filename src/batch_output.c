/* berth --batch output: rows, the aligned table and the JSON array (see
 * batch_output.h). The table's columns are one registry below; the header,
 * the widths and every line come from it. */
#include "config.h"

#include "batch_output.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cjson/cJSON.h>

#include "format.h"
#include "sanitize.h"
#include "xalloc.h"

/* Space between columns, as docker's own tables use. */
#define BATCH_COLUMN_GAP 3
/* Scratch space for a formatted cell ("1.832MiB / 23.54GiB"). */
#define BATCH_CELL_MAX (2 * FORMAT_NUMBER_MAX + 8)

/* A cell's text: either a row string or written into scratch. */
typedef const char *(*batch_cell_fn)(const struct batch_row *r, char *scratch, size_t size);

struct batch_column {
    const char *title;
    batch_cell_fn cell;
};

static char *batch_dup_or_null(const char *s)
{
    return s ? sanitize_dup(s) : NULL;
}

void batch_row_init(struct batch_row *row, const struct container *c)
{
    memset(row, 0, sizeof *row);
    row->id = sanitize_dup(c->id);
    row->name = sanitize_dup(c->name);
    row->image = sanitize_dup(c->image);
    row->status = sanitize_dup(c->status);
    row->state = c->state;
    row->health = c->health;
    row->exit_code = c->exit_code;
    row->created = c->created;
    row->project = batch_dup_or_null(c->project);
    row->service = batch_dup_or_null(c->service);
    row->ports = sanitize_dup(c->ports_text ? c->ports_text : "");
}

void batch_row_done(struct batch_row *row)
{
    free(row->id);
    free(row->name);
    free(row->image);
    free(row->status);
    free(row->project);
    free(row->service);
    free(row->ports);
    memset(row, 0, sizeof *row);
}

static int batch_row_cmp(const void *a, const void *b)
{
    const struct batch_row *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->id, y->id);
}

void batch_rows_sort(struct batch_row *rows, size_t n)
{
    if (n > 1)
        qsort(rows, n, sizeof *rows, batch_row_cmp);
}

/* --- cells ------------------------------------------------------------ */

static const char *batch_cell_name(const struct batch_row *r, char *scratch, size_t size)
{
    (void)scratch;
    (void)size;
    return r->name;
}

static const char *batch_cell_id(const struct batch_row *r, char *scratch, size_t size)
{
    snprintf(scratch, size, "%.12s", r->id);
    return scratch;
}

static const char *batch_cell_image(const struct batch_row *r, char *scratch, size_t size)
{
    (void)scratch;
    (void)size;
    return r->image;
}

static const char *batch_cell_state(const struct batch_row *r, char *scratch, size_t size)
{
    (void)scratch;
    (void)size;
    return container_state_name(r->state);
}

static const char *batch_cell_status(const struct batch_row *r, char *scratch, size_t size)
{
    (void)scratch;
    (void)size;
    return r->status;
}

static const char *batch_cell_cpu(const struct batch_row *r, char *scratch, size_t size)
{
    if (!r->has_stats || !r->fig.cpu_valid)
        return "-";
    return format_percent(scratch, size, r->fig.cpu_percent);
}

static const char *batch_cell_mem(const struct batch_row *r, char *scratch, size_t size)
{
    if (!r->has_stats || !r->fig.mem_valid)
        return "-";
    char used[FORMAT_NUMBER_MAX], limit[FORMAT_NUMBER_MAX];
    snprintf(scratch, size, "%s / %s",
             format_bytes_binary(used, sizeof used, (double)r->fig.mem_used),
             format_bytes_binary(limit, sizeof limit, (double)r->fig.mem_limit));
    return scratch;
}

static const char *batch_cell_mem_percent(const struct batch_row *r, char *scratch, size_t size)
{
    if (!r->has_stats || !r->fig.mem_valid)
        return "-";
    return format_percent(scratch, size, r->fig.mem_percent);
}

/* docker stats: HumanSizeWithPrecision(x, 3) for both directions. */
static const char *batch_io_pair(char *scratch, size_t size, uint64_t a, uint64_t b)
{
    char x[FORMAT_NUMBER_MAX], y[FORMAT_NUMBER_MAX];
    snprintf(scratch, size, "%s / %s", format_bytes_decimal(x, sizeof x, (double)a, 3),
             format_bytes_decimal(y, sizeof y, (double)b, 3));
    return scratch;
}

static const char *batch_cell_net(const struct batch_row *r, char *scratch, size_t size)
{
    if (!r->has_stats || !r->fig.net_valid)
        return "-";
    return batch_io_pair(scratch, size, r->fig.net_rx, r->fig.net_tx);
}

static const char *batch_cell_blk(const struct batch_row *r, char *scratch, size_t size)
{
    if (!r->has_stats || !r->fig.blk_valid)
        return "-";
    return batch_io_pair(scratch, size, r->fig.blk_read, r->fig.blk_write);
}

static const char *batch_cell_pids(const struct batch_row *r, char *scratch, size_t size)
{
    if (!r->has_stats || !r->fig.pids_valid)
        return "-";
    snprintf(scratch, size, "%" PRIu64, r->fig.pids);
    return scratch;
}

static const char *batch_cell_project(const struct batch_row *r, char *scratch, size_t size)
{
    (void)scratch;
    (void)size;
    return r->project ? r->project : "";
}

static const char *batch_cell_ports(const struct batch_row *r, char *scratch, size_t size)
{
    (void)scratch;
    (void)size;
    return r->ports;
}

static const struct batch_column batch_columns[] = {
    {"NAME", batch_cell_name},
    {"ID", batch_cell_id},
    {"IMAGE", batch_cell_image},
    {"STATE", batch_cell_state},
    {"STATUS", batch_cell_status},
    {"CPU %", batch_cell_cpu},
    {"MEM USAGE / LIMIT", batch_cell_mem},
    {"MEM %", batch_cell_mem_percent},
    {"NET I/O", batch_cell_net},
    {"BLOCK I/O", batch_cell_blk},
    {"PIDS", batch_cell_pids},
    {"PROJECT", batch_cell_project},
    {"PORTS", batch_cell_ports},
};

#define BATCH_NCOLUMNS (sizeof batch_columns / sizeof batch_columns[0])

/* Terminal columns s occupies. Sanitised text is valid UTF-8 with no
 * controls; wide characters count 2 when the locale knows them. */
static size_t batch_display_width(const char *s)
{
    size_t width = 0, len = strlen(s);
    while (len > 0) {
        unsigned cp = 0;
        size_t n = sanitize_utf8_decode(s, len, &cp);
        if (n == 0)
            n = 1;
        int w = cp < 0x80 ? 1 : wcwidth((wchar_t)cp);
        width += w < 0 ? 1 : (size_t)w;
        s += n;
        len -= n;
    }
    return width;
}

static void batch_pad(struct strbuf *out, size_t n)
{
    while (n--)
        strbuf_putc(out, ' ');
}

/* Append one line; cells are NULL for the header. Trailing blanks are cut
 * so an empty last column leaves no spaces behind. */
static void batch_render_line(struct strbuf *out, const size_t *widths, const char *const *cells)
{
    size_t start = out->len;
    for (size_t c = 0; c < BATCH_NCOLUMNS; c++) {
        const char *text = cells ? cells[c] : batch_columns[c].title;
        strbuf_puts(out, text);
        if (c + 1 < BATCH_NCOLUMNS)
            batch_pad(out, widths[c] - batch_display_width(text) + BATCH_COLUMN_GAP);
    }
    while (out->len > start && out->data[out->len - 1] == ' ')
        out->len--;
    out->data[out->len] = '\0';
    strbuf_putc(out, '\n');
}

void batch_render_table(struct strbuf *out, const struct batch_row *rows, size_t n)
{
    size_t widths[BATCH_NCOLUMNS];
    /* Cell texts are kept: formatted ones live in per-cell scratch. */
    char(*scratch)[BATCH_NCOLUMNS][BATCH_CELL_MAX] = xcalloc(n ? n : 1, sizeof *scratch);
    const char **cells = xcalloc((n ? n : 1) * BATCH_NCOLUMNS, sizeof *cells);

    for (size_t c = 0; c < BATCH_NCOLUMNS; c++)
        widths[c] = batch_display_width(batch_columns[c].title);
    for (size_t r = 0; r < n; r++) {
        for (size_t c = 0; c < BATCH_NCOLUMNS; c++) {
            const char *text = batch_columns[c].cell(&rows[r], scratch[r][c], BATCH_CELL_MAX);
            cells[r * BATCH_NCOLUMNS + c] = text;
            size_t w = batch_display_width(text);
            if (w > widths[c])
                widths[c] = w;
        }
    }
    batch_render_line(out, widths, NULL);
    for (size_t r = 0; r < n; r++)
        batch_render_line(out, widths, &cells[r * BATCH_NCOLUMNS]);
    free(cells);
    free(scratch);
}

/* --- JSON -------------------------------------------------------------- */

/* Byte counts as exact integers: cJSON's own number printing goes through
 * a double and "%1.15g", which would round large counters. */
static void batch_json_u64(cJSON *obj, const char *key, bool valid, uint64_t v)
{
    if (!valid) {
        cJSON_AddNullToObject(obj, key);
        return;
    }
    char text[24];
    snprintf(text, sizeof text, "%" PRIu64, v);
    cJSON_AddRawToObject(obj, key, text);
}

static void batch_json_double(cJSON *obj, const char *key, bool valid, double v)
{
    if (valid)
        cJSON_AddNumberToObject(obj, key, v);
    else
        cJSON_AddNullToObject(obj, key);
}

static void batch_json_str(cJSON *obj, const char *key, const char *s)
{
    if (s)
        cJSON_AddStringToObject(obj, key, s);
    else
        cJSON_AddNullToObject(obj, key);
}

static cJSON *batch_row_json(const struct batch_row *r)
{
    cJSON *o = cJSON_CreateObject();
    const struct stats_figures *f = &r->fig;
    bool s = r->has_stats;
    char short_id[13];
    snprintf(short_id, sizeof short_id, "%.12s", r->id);

    batch_json_str(o, "name", r->name);
    batch_json_str(o, "id", r->id);
    batch_json_str(o, "short_id", short_id);
    batch_json_str(o, "image", r->image);
    batch_json_str(o, "state", container_state_name(r->state));
    batch_json_str(o, "status", r->status);
    batch_json_str(o, "health",
                   r->health == CONTAINER_HEALTH_NONE ? NULL : container_health_name(r->health));
    if (r->exit_code >= 0)
        cJSON_AddNumberToObject(o, "exit_code", r->exit_code);
    else
        cJSON_AddNullToObject(o, "exit_code");
    cJSON_AddNumberToObject(o, "created", (double)r->created);
    batch_json_str(o, "project", r->project);
    batch_json_str(o, "service", r->service);
    batch_json_str(o, "ports", r->ports);
    batch_json_double(o, "cpu_percent", s && f->cpu_valid, f->cpu_percent);
    batch_json_u64(o, "mem_usage", s && f->mem_valid, f->mem_used);
    batch_json_u64(o, "mem_limit", s && f->mem_valid, f->mem_limit);
    batch_json_double(o, "mem_percent", s && f->mem_valid, f->mem_percent);
    batch_json_u64(o, "net_rx", s && f->net_valid, f->net_rx);
    batch_json_u64(o, "net_tx", s && f->net_valid, f->net_tx);
    batch_json_u64(o, "blk_read", s && f->blk_valid, f->blk_read);
    batch_json_u64(o, "blk_write", s && f->blk_valid, f->blk_write);
    batch_json_u64(o, "pids", s && f->pids_valid, f->pids);
    bool net_rates = s && f->rates_valid && f->net_valid;
    bool blk_rates = s && f->rates_valid && f->blk_valid;
    batch_json_double(o, "net_rx_rate", net_rates, f->net_rx_rate);
    batch_json_double(o, "net_tx_rate", net_rates, f->net_tx_rate);
    batch_json_double(o, "blk_read_rate", blk_rates, f->blk_read_rate);
    batch_json_double(o, "blk_write_rate", blk_rates, f->blk_write_rate);
    return o;
}

void batch_render_json(struct strbuf *out, const struct batch_row *rows, size_t n)
{
    cJSON *array = cJSON_CreateArray();
    for (size_t r = 0; r < n; r++)
        cJSON_AddItemToArray(array, batch_row_json(&rows[r]));
    char *text = cJSON_PrintUnformatted(array);
    if (text) {
        strbuf_puts(out, text);
        cJSON_free(text);
    } else {
        strbuf_puts(out, "[]");
    }
    strbuf_putc(out, '\n');
    cJSON_Delete(array);
}
