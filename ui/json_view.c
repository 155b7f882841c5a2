/* The raw inspect view: GET /containers/{id}/json as a tree, one line per
 * member, objects and arrays folded or unfolded with Enter, searched with
 * / n N (a match inside a folded part unfolds its parents), and the value
 * under the cursor copied with y (OSC 52).
 *
 * The document is flattened once into nodes in document order; each node
 * knows where its subtree ends, so skipping a folded subtree is one jump.
 * Keys and values are engine text, drawn through draw_engine. */
#include "config.h"

#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "keymap.h"
#include "model/fetch.h"
#include "strbuf.h"
#include "ui/draw.h"
#include "ui/inspect.h"
#include "ui/theme.h"
#include "xalloc.h"

#define JV_SEARCH_MAX 128
#define JV_KEY_ESC 27
#define JV_KEY_DEL 127

struct jv_node {
    int depth;
    char *key;   /* member name or "[i]", "" for the root */
    char *value; /* scalar text, or NULL for objects and arrays */
    const cJSON *item;
    int count;  /* members of an object or array */
    size_t end; /* index just past this node's subtree */
    bool folded;
};

struct json_view {
    char id[65];
    char title[256]; /* shown instead of the container's name when set */
    uint64_t ticket;
    struct fetch *fetch; /* the answer's source: destroy drops one still to come */
    cJSON *doc;
    char error[BERTH_ERROR_MESSAGE_MAX];
    struct jv_node *nodes;
    size_t n, cap;
    size_t cur; /* cursor node (always visible) */
    long top;   /* first visible line shown */
    long page;
    bool searching; /* typing the search text */
    char search[JV_SEARCH_MAX];
    size_t search_len;
};

static char *jv_scalar(const cJSON *it)
{
    if (cJSON_IsString(it)) {
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_putc(&sb, '"');
        strbuf_puts(&sb, it->valuestring);
        strbuf_putc(&sb, '"');
        return strbuf_detach(&sb);
    }
    if (cJSON_IsNull(it))
        return xstrdup("null");
    if (cJSON_IsBool(it))
        return xstrdup(cJSON_IsTrue(it) ? "true" : "false");
    char *p = cJSON_PrintUnformatted(it);
    char *out = xstrdup(p ? p : "?");
    cJSON_free(p);
    return out;
}

static void jv_add(struct json_view *v, const cJSON *it, const char *key, int depth)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 256;
        v->nodes = xrealloc(v->nodes, v->cap * sizeof *v->nodes);
    }
    size_t at = v->n++;
    struct jv_node *nd = &v->nodes[at];
    memset(nd, 0, sizeof *nd);
    nd->depth = depth;
    nd->key = xstrdup(key);
    nd->item = it;
    if (cJSON_IsObject(it) || cJSON_IsArray(it)) {
        int i = 0;
        const cJSON *child;
        cJSON_ArrayForEach(child, it)
        {
            char name[32];
            const char *k = child->string;
            if (cJSON_IsArray(it)) {
                snprintf(name, sizeof name, "[%d]", i);
                k = name;
            }
            jv_add(v, child, k ? k : "", depth + 1);
            i++;
        }
        v->nodes[at].count = i;
    } else {
        v->nodes[at].value = jv_scalar(it);
    }
    v->nodes[at].end = v->n;
}

/* The visible node after i (skipping folded subtrees), or n. */
static size_t jv_next(const struct json_view *v, size_t i)
{
    return v->nodes[i].folded ? v->nodes[i].end : i + 1;
}

/* The visible node before i, or (size_t)-1. */
static size_t jv_prev(const struct json_view *v, size_t i)
{
    size_t prev = (size_t)-1;
    for (size_t j = 0; j < i; j = jv_next(v, j))
        prev = j;
    return prev;
}

/* Line number of node i among the visible ones. */
static long jv_line_of(const struct json_view *v, size_t i)
{
    long line = 0;
    for (size_t j = 0; j < v->n && j < i; j = jv_next(v, j))
        line++;
    return line;
}

static void jv_unfold_to(struct json_view *v, size_t target)
{
    for (size_t j = 0; j < target; j++) {
        if (v->nodes[j].end > target)
            v->nodes[j].folded = false;
    }
}

static bool jv_contains(const char *hay, const char *needle)
{
    if (!hay)
        return false;
    size_t nl = strlen(needle);
    for (const char *p = hay; *p; p++) {
        size_t k = 0;
        while (k < nl && p[k] && tolower((unsigned char)p[k]) == tolower((unsigned char)needle[k]))
            k++;
        if (k == nl)
            return true;
    }
    return false;
}

/* Move to the next (dir 1) or previous (-1) match of the search text. */
static void jv_find(struct json_view *v, struct ui *ui, int dir)
{
    if (!v->search[0] || v->n == 0)
        return;
    for (size_t step = 1; step <= v->n; step++) {
        size_t i = dir > 0 ? (v->cur + step) % v->n : (v->cur + v->n - step) % v->n;
        if (jv_contains(v->nodes[i].key, v->search) || jv_contains(v->nodes[i].value, v->search)) {
            jv_unfold_to(v, i);
            v->cur = i;
            ui_status(ui, false, "Found \"%s\"", v->search);
            return;
        }
    }
    ui_status(ui, true, "No match for \"%s\"", v->search);
}

static void jv_collect(struct json_view *v, struct ui *ui)
{
    struct fetch_result r;
    if (!v->ticket || !ui->fetch || !fetch_take(ui->fetch, v->ticket, &r))
        return;
    v->ticket = 0;
    if (r.ok) {
        v->doc = cJSON_ParseWithLength(r.body ? r.body : "", r.len);
        if (v->doc)
            jv_add(v, v->doc, "", 0);
        else
            snprintf(v->error, sizeof v->error, "the engine's answer is not JSON");
    } else {
        snprintf(v->error, sizeof v->error, "%s", r.err.message);
    }
    fetch_result_done(&r);
}

static void jv_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct json_view *v = self;
    jv_collect(v, ui);
    attr_t base = theme_attr(THEME_DEFAULT);
    attr_t head = theme_attr(THEME_TABLE_HEADER);
    draw_clear(r, base);
    if (r->h < 3)
        return;
    const struct snapshot_container *sc = ui->snap ? snapshot_find(ui->snap, v->id) : NULL;
    draw_fill(r->y, r->x, r->w, head);
    int x = r->x + draw_text(r->y, r->x, r->w, " Inspect: ", head);
    x += draw_engine(r->y, x, r->x + r->w - x,
                     v->title[0]        ? v->title
                     : sc && sc->c.name ? sc->c.name
                                        : v->id,
                     head);
    draw_text(r->y, x, r->x + r->w - x, "  (Enter folds, / searches, y copies, Esc goes back)",
              head);
    if (v->error[0]) {
        draw_engine(r->y + 1, r->x + 1, r->w - 1, v->error, theme_attr(THEME_STATUS_ERROR));
        return;
    }
    if (!v->doc) {
        draw_text(r->y + 1, r->x + 1, r->w - 1, "asking the engine...", theme_attr(THEME_STALE));
        return;
    }
    v->page = r->h - 2;
    long cur_line = jv_line_of(v, v->cur);
    if (cur_line < v->top)
        v->top = cur_line;
    if (cur_line >= v->top + v->page)
        v->top = cur_line - v->page + 1;
    long line = 0;
    int y = r->y + 1;
    for (size_t i = 0; i < v->n && y < r->y + 1 + v->page; i = jv_next(v, i), line++) {
        if (line < v->top)
            continue;
        const struct jv_node *nd = &v->nodes[i];
        attr_t a = i == v->cur ? theme_attr(THEME_SELECTION) : base;
        if (i == v->cur)
            draw_fill(y, r->x, r->w, a);
        int cx = r->x + 1 + 2 * nd->depth;
        int right = r->x + r->w;
        if (!nd->value && nd->count > 0)
            cx += draw_text(y, cx, right - cx,
                            draw_symbol(nd->folded ? DRAW_SYM_FOLDED : DRAW_SYM_UNFOLDED), a);
        else
            cx += draw_text(y, cx, right - cx, " ", a);
        cx += draw_text(y, cx, right - cx, " ", a);
        if (nd->key[0]) {
            cx += draw_engine(y, cx, right - cx, nd->key,
                              i == v->cur ? a : theme_attr(THEME_HEADER_LABEL));
            cx += draw_text(y, cx, right - cx, ": ", a);
        }
        if (nd->value) {
            draw_engine(y, cx, right - cx, nd->value, a);
        } else {
            char summary[48];
            bool arr = cJSON_IsArray(nd->item);
            if (nd->count == 0)
                snprintf(summary, sizeof summary, "%s", arr ? "[]" : "{}");
            else if (nd->folded)
                snprintf(summary, sizeof summary, "%s %d %s %s", arr ? "[" : "{", nd->count,
                         arr ? "items" : "members", arr ? "]" : "}");
            else
                snprintf(summary, sizeof summary, "%s", arr ? "[" : "{");
            draw_text(y, cx, right - cx, summary, a);
        }
        y++;
    }
    if (v->searching) {
        char prompt[JV_SEARCH_MAX + 16];
        snprintf(prompt, sizeof prompt, "Search: %s", v->search);
        int py = r->y + r->h - 1;
        draw_fill(py, r->x, r->w, theme_attr(THEME_DEFAULT));
        int w = draw_engine(py, r->x, r->w, prompt, theme_attr(THEME_DEFAULT));
        ui->cursor_on = true;
        ui->cursor_y = py;
        ui->cursor_x = r->x + w < r->x + r->w ? r->x + w : r->x + r->w - 1;
    }
}

static unsigned jv_key(void *self, struct ui *ui, int key)
{
    struct json_view *v = self;
    if (!v->searching)
        return UI_IGNORED;
    if (key == '\n') {
        v->searching = false;
        jv_find(v, ui, 1);
    } else if (key == JV_KEY_ESC) {
        v->searching = false;
    } else if (key == KEY_BACKSPACE || key == JV_KEY_DEL || key == 8) {
        if (v->search_len)
            v->search[--v->search_len] = '\0';
    } else if (key >= 0x20 && key < 0x7f && v->search_len + 1 < sizeof v->search) {
        v->search[v->search_len++] = (char)key;
        v->search[v->search_len] = '\0';
    }
    return UI_REDRAW;
}

static unsigned jv_action(void *self, struct ui *ui, enum action_id id)
{
    struct json_view *v = self;
    if (!v->doc || v->n == 0)
        return id == ACTION_BACK || id == ACTION_QUIT ? UI_CLOSE | UI_REDRAW : UI_IGNORED;
    long page = v->page > 1 ? v->page - 1 : 1;
    switch (id) {
    case ACTION_SELECT_UP: {
        size_t p = jv_prev(v, v->cur);
        if (p != (size_t)-1)
            v->cur = p;
        return UI_REDRAW;
    }
    case ACTION_SELECT_DOWN:
        if (jv_next(v, v->cur) < v->n)
            v->cur = jv_next(v, v->cur);
        return UI_REDRAW;
    case ACTION_PAGE_UP:
        for (long i = 0; i < page; i++)
            jv_action(v, ui, ACTION_SELECT_UP);
        return UI_REDRAW;
    case ACTION_PAGE_DOWN:
        for (long i = 0; i < page; i++)
            jv_action(v, ui, ACTION_SELECT_DOWN);
        return UI_REDRAW;
    case ACTION_HOME:
        v->cur = 0;
        return UI_REDRAW;
    case ACTION_END:
        while (jv_next(v, v->cur) < v->n)
            v->cur = jv_next(v, v->cur);
        return UI_REDRAW;
    case ACTION_FOLD:
        if (!v->nodes[v->cur].value && v->nodes[v->cur].count > 0)
            v->nodes[v->cur].folded = !v->nodes[v->cur].folded;
        return UI_REDRAW;
    case ACTION_SEARCH:
        v->searching = true;
        v->search[0] = '\0';
        v->search_len = 0;
        return UI_REDRAW;
    case ACTION_SEARCH_NEXT:
        jv_find(v, ui, 1);
        return UI_REDRAW;
    case ACTION_SEARCH_PREV:
        jv_find(v, ui, -1);
        return UI_REDRAW;
    case ACTION_COPY_VALUE: {
        const struct jv_node *nd = &v->nodes[v->cur];
        if (nd->value) {
            inspect_copy(ui, "value", cJSON_IsString(nd->item) ? nd->item->valuestring : nd->value);
        } else {
            char *text = cJSON_PrintUnformatted(nd->item);
            inspect_copy(ui, "value", text ? text : "");
            cJSON_free(text);
        }
        return UI_REDRAW;
    }
    case ACTION_BACK:
    case ACTION_QUIT:
        return UI_CLOSE | UI_REDRAW;
    default:
        return UI_IGNORED;
    }
}

static void jv_destroy(void *self)
{
    struct json_view *v = self;
    if (v->ticket)
        fetch_forget(v->fetch, v->ticket);
    for (size_t i = 0; i < v->n; i++) {
        free(v->nodes[i].key);
        free(v->nodes[i].value);
    }
    free(v->nodes);
    cJSON_Delete(v->doc);
    free(v);
}

static const struct panel_ops json_view_ops = {
    .name = "inspect",
    .context = ACTION_CTX_LOG,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .key = jv_key,
    .action = jv_action,
    .mouse = NULL,
    .snapshot = NULL,
    .draw = jv_draw,
    .interest = NULL,
    .destroy = jv_destroy,
};

/* Push the view for GET path; id (a container's, may be "") names it from
 * the snapshot when title is empty. */
static void jv_open(struct ui *ui, const char *id, const char *title, const char *path)
{
    if (!ui->fetch) {
        ui_status(ui, true, "inspect needs an engine connection");
        return;
    }
    struct json_view *v = xcalloc(1, sizeof *v);
    snprintf(v->id, sizeof v->id, "%s", id);
    snprintf(v->title, sizeof v->title, "%s", title);
    v->fetch = ui->fetch;
    v->ticket = fetch_get(ui->fetch, path);
    ui_push(ui, &json_view_ops, v);
}

void json_view_open(struct ui *ui, const char *id)
{
    char path[128];
    snprintf(path, sizeof path, "/containers/%s/json", id);
    jv_open(ui, id, "", path);
}

void json_view_open_path(struct ui *ui, const char *title, const char *path)
{
    jv_open(ui, "", title, path);
}
