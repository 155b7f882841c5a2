/* Key names, key codes and the per-context key tables (see keymap.h).
 *
 * The tables start from the default keys of the action registry and change
 * only through keymap_bind/keymap_unbind, so the help screen and the footer,
 * which read them back, always show the keys that really work. */
#include "config.h"

#include "keymap.h"
#include "sanitize.h"
#include "xalloc.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define KEYMAP_ESC 27
#define KEYMAP_DEL 127
#define KEYMAP_FKEYS 12

struct key_name {
    const char *name;
    int key;
};

/* Canonical names first: keymap_key_name() returns the first match. */
static const struct key_name key_names[] = {
    {"Space", ' '},
    {"Enter", '\n'},
    {"Esc", KEYMAP_ESC},
    {"Tab", '\t'},
    {"BTab", KEY_BTAB},
    {"Up", KEY_UP},
    {"Down", KEY_DOWN},
    {"Left", KEY_LEFT},
    {"Right", KEY_RIGHT},
    {"PgUp", KEY_PPAGE},
    {"PgDn", KEY_NPAGE},
    {"Home", KEY_HOME},
    {"End", KEY_END},
    {"Insert", KEY_IC},
    {"Delete", KEY_DC},
    {"Backspace", KEY_BACKSPACE},
    /* aliases */
    {"Escape", KEYMAP_ESC},
    {"Return", '\n'},
    {"BackTab", KEY_BTAB},
    {"S-Tab", KEY_BTAB},
    {"PageUp", KEY_PPAGE},
    {"PageDown", KEY_NPAGE},
    {"PgDown", KEY_NPAGE},
    {"Ins", KEY_IC},
    {"Del", KEY_DC},
    {"BSpace", KEY_BACKSPACE},
};

#define N_KEY_NAMES (sizeof key_names / sizeof key_names[0])

/* ---- key names -------------------------------------------------------- */

int keymap_key_normalize(int key)
{
    if (key < 0)
        return KEYMAP_KEY_NONE;
    if (key & KEYMAP_META) {
        int inner = keymap_key_normalize(key & ~KEYMAP_META);
        return inner == KEYMAP_KEY_NONE ? KEYMAP_KEY_NONE : inner | KEYMAP_META;
    }
    switch (key) {
    case '\r':
    case KEY_ENTER:
        return '\n';
    case KEYMAP_DEL:
    case 8: /* C-h */
        return KEY_BACKSPACE;
    default:
        return key;
    }
}

int keymap_key_from_wch(bool is_function_key, unsigned long code)
{
    if (is_function_key)
        return keymap_key_normalize((int)code);
    if (code < 0x80)
        return keymap_key_normalize((int)code);
    if (code > 0x10ffff)
        return KEYMAP_KEY_NONE;
    return KEYMAP_UNICODE | (int)code;
}

bool keymap_key_char(int key, unsigned *cp)
{
    if (key >= 0x20 && key < 0x7f)
        *cp = (unsigned)key;
    else if ((key & KEYMAP_UNICODE) && !(key & KEYMAP_META))
        *cp = (unsigned)(key & ~KEYMAP_UNICODE);
    else
        return false;
    return true;
}

int keymap_key_parse(const char *name)
{
    size_t len = strlen(name);
    if (len == 0)
        return KEYMAP_KEY_NONE;
    if (len > 2 && name[0] == 'M' && name[1] == '-') {
        if (strncmp(name + 2, "M-", 2) == 0 && name[4])
            return KEYMAP_KEY_NONE; /* M-M-x */
        int inner = keymap_key_parse(name + 2);
        return inner == KEYMAP_KEY_NONE ? KEYMAP_KEY_NONE : inner | KEYMAP_META;
    }
    if (len == 3 && name[0] == 'C' && name[1] == '-') {
        char ch = name[2];
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))
            return keymap_key_normalize((ch | 0x20) & 0x1f);
        return KEYMAP_KEY_NONE;
    }
    if (len == 1) {
        unsigned char ch = (unsigned char)name[0];
        if (ch == ' ')
            return ' ';
        return ch > 0x20 && ch < 0x7f ? ch : KEYMAP_KEY_NONE;
    }
    /* One non-ASCII character, e.g. a key on a national layout. */
    unsigned cp;
    if ((unsigned char)name[0] >= 0x80 && sanitize_utf8_decode(name, len, &cp) == len &&
        sanitize_is_clean(name, len))
        return KEYMAP_UNICODE | (int)cp;
    if ((name[0] == 'F' || name[0] == 'f') && len <= 3) {
        char *end;
        long n = strtol(name + 1, &end, 10);
        if (*end == '\0' && name[1] >= '1' && name[1] <= '9' && n >= 1 && n <= KEYMAP_FKEYS)
            return KEY_F((int)n);
    }
    for (size_t i = 0; i < N_KEY_NAMES; i++) {
        if (strcasecmp(key_names[i].name, name) == 0)
            return key_names[i].key;
    }
    return KEYMAP_KEY_NONE;
}

/* UTF-8 encoding of a code point that has passed the parser's checks. */
static void put_utf8(unsigned cp, char *buf, size_t size)
{
    char tmp[4];
    size_t n = sanitize_utf8_encode(cp, tmp);
    snprintf(buf, size, "%.*s", (int)n, tmp);
}

bool keymap_key_name(int key, char *buf, size_t size)
{
    if (size == 0)
        return false;
    buf[0] = '\0';
    if (key < 0)
        return false;
    if (key & KEYMAP_META) {
        char inner[KEYMAP_KEY_NAME_MAX];
        if ((key & ~KEYMAP_META) & KEYMAP_META ||
            !keymap_key_name(key & ~KEYMAP_META, inner, sizeof inner))
            return false;
        snprintf(buf, size, "M-%s", inner);
        return true;
    }
    if (key & KEYMAP_UNICODE) {
        unsigned cp = (unsigned)(key & ~KEYMAP_UNICODE);
        if (cp < 0x80 || cp > 0x10ffff)
            return false;
        put_utf8(cp, buf, size);
        return true;
    }
    if (key > 0x20 && key < 0x7f) {
        snprintf(buf, size, "%c", key);
        return true;
    }
    for (size_t i = 0; i < N_KEY_NAMES; i++) {
        if (key_names[i].key == key) {
            snprintf(buf, size, "%s", key_names[i].name);
            return true;
        }
    }
    if (key >= 1 && key <= 26) {
        snprintf(buf, size, "C-%c", 'a' + key - 1);
        return true;
    }
    for (int n = 1; n <= KEYMAP_FKEYS; n++) {
        if (key == KEY_F(n)) {
            snprintf(buf, size, "F%d", n);
            return true;
        }
    }
    return false;
}

/* ---- tables ----------------------------------------------------------- */

static struct keymap_entry *find_entry(const struct keymap *km, enum action_context ctx, int key)
{
    for (size_t i = 0; i < km->count[ctx]; i++) {
        if (km->entries[ctx][i].key == key)
            return &km->entries[ctx][i];
    }
    return NULL;
}

/* Bind without checks; the caller has validated ctx, key and action. */
static void set_binding(struct keymap *km, enum action_context ctx, int key, enum action_id id)
{
    struct keymap_entry *e = find_entry(km, ctx, key);
    if (e) {
        e->action = id;
        return;
    }
    if (km->count[ctx] == km->cap[ctx]) {
        km->cap[ctx] = km->cap[ctx] ? km->cap[ctx] * 2 : 64;
        km->entries[ctx] = xrealloc(km->entries[ctx], km->cap[ctx] * sizeof *km->entries[ctx]);
    }
    km->entries[ctx][km->count[ctx]++] = (struct keymap_entry){key, id};
}

void keymap_init(struct keymap *km)
{
    memset(km, 0, sizeof *km);
    for (int id = 1; id < ACTION_COUNT; id++) {
        const struct action_def *a = actions_get((enum action_id)id);
        for (int ctx = 0; ctx < ACTION_CTX_COUNT; ctx++) {
            if (!a->keys[ctx])
                continue;
            /* Split "F10 q" into names; the registry's names are tested. */
            char buf[128];
            snprintf(buf, sizeof buf, "%s", a->keys[ctx]);
            char *save = NULL;
            for (char *name = strtok_r(buf, " ", &save); name; name = strtok_r(NULL, " ", &save)) {
                int key = keymap_key_parse(name);
                if (key != KEYMAP_KEY_NONE)
                    set_binding(km, (enum action_context)ctx, key, (enum action_id)id);
            }
        }
    }
}

void keymap_done(struct keymap *km)
{
    for (int ctx = 0; ctx < ACTION_CTX_COUNT; ctx++)
        free(km->entries[ctx]);
    memset(km, 0, sizeof *km);
}

enum action_id keymap_lookup(const struct keymap *km, enum action_context ctx, int key)
{
    key = keymap_key_normalize(key);
    while ((unsigned)ctx < ACTION_CTX_COUNT) {
        const struct keymap_entry *e = find_entry(km, ctx, key);
        if (e)
            return e->action;
        ctx = actions_context_parent(ctx);
    }
    return ACTION_NONE;
}

/* A panel's keys may also run the actions of the context it falls back to
 * (bind volumes x sort_next). */
static bool bindable(enum action_id id, enum action_context ctx)
{
    enum action_context parent = actions_context_parent(ctx);
    return actions_in_context(id, ctx) ||
           (parent != ACTION_CTX_COUNT && actions_in_context(id, parent));
}

int keymap_bind(struct keymap *km, enum action_context ctx, int key, enum action_id action,
                struct berth_error *err)
{
    char name[KEYMAP_KEY_NAME_MAX];
    key = keymap_key_normalize(key);
    if (!keymap_key_name(key, name, sizeof name))
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "not a key: %d", key);
    if (!bindable(action, ctx))
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "action '%s' does not exist in the %s context", actions_name(action),
                               actions_context_name(ctx));
    set_binding(km, ctx, key, action);
    return 0;
}

bool keymap_unbind(struct keymap *km, enum action_context ctx, int key)
{
    if ((unsigned)ctx >= ACTION_CTX_COUNT)
        return false;
    struct keymap_entry *e = find_entry(km, ctx, keymap_key_normalize(key));
    if (!e)
        return false;
    size_t i = (size_t)(e - km->entries[ctx]);
    memmove(e, e + 1, (km->count[ctx] - i - 1) * sizeof *e);
    km->count[ctx]--;
    return true;
}

size_t keymap_keys_of(const struct keymap *km, enum action_context ctx, enum action_id action,
                      int *keys, size_t max)
{
    size_t n = 0;
    if ((unsigned)ctx >= ACTION_CTX_COUNT)
        return 0;
    for (size_t i = 0; i < km->count[ctx]; i++) {
        if (km->entries[ctx][i].action != action)
            continue;
        if (n < max)
            keys[n] = km->entries[ctx][i].key;
        n++;
    }
    return n;
}

void keymap_keys_text(const struct keymap *km, enum action_context ctx, enum action_id action,
                      struct strbuf *out)
{
    bool first = true;
    if ((unsigned)ctx >= ACTION_CTX_COUNT)
        return;
    for (size_t i = 0; i < km->count[ctx]; i++) {
        char name[KEYMAP_KEY_NAME_MAX];
        if (km->entries[ctx][i].action != action ||
            !keymap_key_name(km->entries[ctx][i].key, name, sizeof name))
            continue;
        if (!first)
            strbuf_putc(out, ' ');
        strbuf_puts(out, name);
        first = false;
    }
}

/* The body of keymap_apply and keymap_check_binding; km NULL checks only. */
static int apply(struct keymap *km, const char *context, const char *key_name,
                 const char *action_name, struct berth_error *err)
{
    int ctx = -1;
    if (context) {
        ctx = actions_context_find(context);
        if (ctx < 0) {
            struct strbuf names;
            strbuf_init(&names);
            for (int c = 0; c < ACTION_CTX_COUNT; c++)
                strbuf_appendf(&names, "%s%s", c ? ", " : "",
                               actions_context_name((enum action_context)c));
            berth_error_set(err, BERTH_ERR_USAGE, 0, "unknown context '%s' (%s)", context,
                            names.data);
            strbuf_done(&names);
            return -1;
        }
    }
    int key = keymap_key_parse(key_name);
    if (key == KEYMAP_KEY_NONE)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "unknown key '%s'", key_name);

    if (!action_name) {
        for (int c = 0; km && c < ACTION_CTX_COUNT; c++) {
            if (ctx < 0 || c == ctx)
                keymap_unbind(km, (enum action_context)c, key);
        }
        return 0;
    }
    enum action_id id = actions_find(action_name);
    if (id == ACTION_NONE)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "unknown action '%s'", action_name);
    if (ctx >= 0) {
        if (!bindable(id, (enum action_context)ctx))
            return berth_error_set(err, BERTH_ERR_USAGE, 0,
                                   "action '%s' does not exist in the %s context", action_name,
                                   context);
        if (km)
            set_binding(km, (enum action_context)ctx, key, id);
        return 0;
    }
    for (int c = 0; km && c < ACTION_CTX_COUNT; c++) {
        if (actions_in_context(id, (enum action_context)c))
            set_binding(km, (enum action_context)c, key, id);
    }
    return 0;
}

int keymap_apply(struct keymap *km, const char *context, const char *key, const char *action,
                 struct berth_error *err)
{
    return apply(km, context, key, action, err);
}

int keymap_check_binding(void *ctx, const char *context, const char *key, const char *action,
                         struct berth_error *err)
{
    (void)ctx;
    return apply(NULL, context, key, action, err);
}

int keymap_apply_conf(struct keymap *km, const struct conf *c, struct conf_diags *d)
{
    int bad = 0;
    for (size_t i = 0; i < c->nbindings; i++) {
        const struct conf_binding *b = &c->bindings[i];
        struct berth_error err;
        berth_error_clear(&err);
        if (apply(km, b->context, b->key, b->action, &err) < 0) {
            conf_diags_add(d, "%s:%u: %s", b->file, b->line, err.message);
            bad++;
        }
    }
    return bad;
}

size_t keymap_help(const struct keymap *km, struct keymap_help_line *out, size_t max)
{
    size_t n = 0;
    for (int ctx = 0; ctx < ACTION_CTX_COUNT; ctx++) {
        for (int id = 1; id < ACTION_COUNT; id++) {
            if (actions_home_context((enum action_id)id) != (enum action_context)ctx)
                continue;
            if (n < max) {
                const struct action_def *a = actions_get((enum action_id)id);
                struct keymap_help_line *l = &out[n];
                struct strbuf keys;
                strbuf_init(&keys);
                keymap_keys_text(km, (enum action_context)ctx, (enum action_id)id, &keys);
                snprintf(l->keys, sizeof l->keys, "%s", keys.data);
                strbuf_done(&keys);
                l->action = (enum action_id)id;
                l->section = (enum action_context)ctx;
                l->name = a->name;
                l->help = a->help;
                l->mutates = a->mutates;
            }
            n++;
        }
    }
    return n;
}

/* Footer order: F-keys by number, then everything else. */
static int footer_rank(int key)
{
    for (int n = 1; n <= KEYMAP_FKEYS; n++) {
        if (key == KEY_F(n))
            return n;
    }
    return KEYMAP_FKEYS + 1;
}

/* The table's hints a panel's footer repeats: only those that mean the
 * same in every list (the container actions would only mislead there). */
static bool footer_inherited(enum action_id id)
{
    return id == ACTION_HELP || id == ACTION_BACK || id == ACTION_QUIT || id == ACTION_FILTER;
}

size_t keymap_footer(const struct keymap *km, enum action_context ctx, bool read_only,
                     struct keymap_hint *out, size_t max)
{
    size_t n = 0;
    if ((unsigned)ctx >= ACTION_CTX_COUNT)
        return 0;
    enum action_context parent = actions_context_parent(ctx);
    for (int rank = 1; rank <= KEYMAP_FKEYS + 1; rank++) {
        for (int id = 1; id < ACTION_COUNT; id++) {
            const struct action_def *a = actions_get((enum action_id)id);
            if (!a->footer || !actions_allowed(a->id, read_only))
                continue;
            /* The panel's own key, else the one it inherits, if the panel
             * has not taken that key for something else. */
            int key = KEYMAP_KEY_NONE;
            if (!actions_in_context(a->id, ctx) || keymap_keys_of(km, ctx, a->id, &key, 1) == 0) {
                if (parent == ACTION_CTX_COUNT || !footer_inherited(a->id) ||
                    keymap_keys_of(km, parent, a->id, &key, 1) == 0)
                    continue;
            }
            if (keymap_lookup(km, ctx, key) != a->id || footer_rank(key) != rank)
                continue;
            if (n < max) {
                keymap_key_name(key, out[n].key, sizeof out[n].key);
                out[n].label = a->footer;
                out[n].action = a->id;
            }
            n++;
        }
    }
    return n;
}
