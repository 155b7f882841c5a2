/* Key codes, key names and the per-context key tables.
 *
 * A key code is an int:
 *   - 0x00..0x7f: an ASCII character or control code; C-x is x & 0x1f.
 *     Enter is '\n' (CR and KEY_ENTER are normalised to it), Tab is '\t',
 *     Esc is 27, Backspace is the curses KEY_BACKSPACE (DEL and C-h are
 *     normalised to it);
 *   - the curses KEY_* values (KEY_UP, KEY_F(1)...) for special keys;
 *   - KEYMAP_UNICODE | code point for a non-ASCII character, so code points
 *     can never collide with KEY_* values;
 *   - KEYMAP_META | one of the above for M-x (Alt, or Esc then x).
 *
 * Key names: single printable characters, Space, Enter, Esc, Tab, BTab, Up,
 * Down, Left, Right, PgUp, PgDn, Home, End, Insert, Delete, Backspace,
 * F1..F12, C-a..C-z, and M- in front of any of these. Named keys are
 * matched without regard to case and have a few aliases (Escape, Return,
 * PageUp...); keymap_key_name() gives the canonical spelling.
 *
 * A keymap holds one table per action context (see actions.h), filled from
 * the registry's default keys and changed by bind/unbind. This header does
 * not include curses. */
#ifndef BERTH_UI_KEYMAP_H
#define BERTH_UI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "actions.h"
#include "conf.h"
#include "error.h"
#include "strbuf.h"

#define KEYMAP_META 0x40000000
#define KEYMAP_UNICODE 0x20000000
#define KEYMAP_KEY_NONE (-1)
/* Longest canonical key name, with its NUL ("M-Backspace"). */
#define KEYMAP_KEY_NAME_MAX 16

/* The key called name, or KEYMAP_KEY_NONE. */
int keymap_key_parse(const char *name);

/* Canonical name of key into buf; false (buf "") when the key has none. */
bool keymap_key_name(int key, char *buf, size_t size);

/* Fold the codes terminals send for one key into one code: CR and
 * KEY_ENTER to Enter, DEL and C-h to Backspace. */
int keymap_key_normalize(int key);

/* The key code for a get_wch() result: is_function_key is
 * (ret == KEY_CODE_YES), code the wint_t it filled. Normalised. */
int keymap_key_from_wch(bool is_function_key, unsigned long code);

/* The code point a key types into a text field: true for printable ASCII
 * and for non-ASCII characters without Meta, false for every other key. */
bool keymap_key_char(int key, unsigned *cp);

struct keymap_entry {
    int key;
    enum action_id action;
};

struct keymap {
    struct keymap_entry *entries[ACTION_CTX_COUNT]; /* in binding order */
    size_t count[ACTION_CTX_COUNT];
    size_t cap[ACTION_CTX_COUNT];
};

/* The registry's default bindings. */
void keymap_init(struct keymap *km);
void keymap_done(struct keymap *km);

/* The action bound to key in ctx, or ACTION_NONE. The key is normalised. */
enum action_id keymap_lookup(const struct keymap *km, enum action_context ctx, int key);

/* Bind key to action in ctx, replacing what the key did there. Fails when
 * the action does not exist in ctx or the key is not a key. */
int keymap_bind(struct keymap *km, enum action_context ctx, int key, enum action_id action,
                struct berth_error *err);

/* Remove key from ctx; true when it was bound. */
bool keymap_unbind(struct keymap *km, enum action_context ctx, int key);

/* Keys of action in ctx, in binding order; returns how many (may exceed max). */
size_t keymap_keys_of(const struct keymap *km, enum action_context ctx, enum action_id action,
                      int *keys, size_t max);

/* Append the names of those keys, space separated ("F10 q"). */
void keymap_keys_text(const struct keymap *km, enum action_context ctx, enum action_id action,
                      struct strbuf *out);

/* A bind/unbind command by names, as the config file and the command
 * prompt give it. context NULL: every context the action exists in (bind)
 * or every context (unbind). action NULL: unbind. */
int keymap_apply(struct keymap *km, const char *context, const char *key, const char *action,
                 struct berth_error *err);

/* Check a bind/unbind without applying it; fits struct conf_validators.bind. */
int keymap_check_binding(void *ctx, const char *context, const char *key, const char *action,
                         struct berth_error *err);

/* Replay the config's bind/unbind commands in order; failures become
 * "file:line: message" diagnostics. Returns how many failed. */
int keymap_apply_conf(struct keymap *km, const struct conf *c, struct conf_diags *d);

/* One line of the help screen. */
struct keymap_help_line {
    enum action_id action;
    enum action_context section; /* the action's home context */
    char keys[64];               /* its keys there, "" when unbound */
    const char *name;
    const char *help;
    bool mutates; /* the screen marks these in read-only mode */
};

/* Every action exactly once, grouped by home context (table, log, dialog)
 * and in registry order within a group. Returns the number of lines
 * (ACTION_COUNT - 1); writes at most max. */
size_t keymap_help(const struct keymap *km, struct keymap_help_line *out, size_t max);

/* One footer hint: the key to press and a short label. */
struct keymap_hint {
    char key[KEYMAP_KEY_NAME_MAX];
    const char *label;
    enum action_id action;
};

/* Footer hints for ctx: actions with a footer label and at least one key,
 * mutating ones left out when read_only; function keys first in number
 * order (F1 Help ... F10 Quit), then the rest in registry order.
 * Returns how many (may exceed max). */
size_t keymap_footer(const struct keymap *km, enum action_context ctx, bool read_only,
                     struct keymap_hint *out, size_t max);

#endif
