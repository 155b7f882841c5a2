/* Actions and keymap: the registry is consistent, key names round-trip,
 * lookups are per context, bind/unbind work, the help list holds every
 * action once, mutating actions are flagged for read-only mode, and the
 * footer is generated with the function keys first. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curses.h>

#include "ui/actions.h"
#include "ui/keymap.h"
#include "strbuf.h"

static void assert_round_trip(const char *name)
{
    int key = keymap_key_parse(name);
    char back[KEYMAP_KEY_NAME_MAX];
    if (key == KEYMAP_KEY_NONE)
        fail_msg("'%s' does not parse", name);
    assert_true(keymap_key_name(key, back, sizeof back));
    assert_string_equal(back, name);
}

static void test_key_names_round_trip(void **state)
{
    (void)state;
    static const char *const names[] = {
        "Space", "Enter",   "Esc",  "Tab",   "BTab",    "Up",     "Down",   "Left",
        "Right", "PgUp",    "PgDn", "Home",  "End",     "Insert", "Delete", "Backspace",
        "F1",    "F5",      "F10",  "F12",   "C-a",     "C-l",    "C-z",    "M-x",
        "M-X",   "M-Enter", "M-F5", "M-C-a", "M-Space", "M-#",    "é",      "M-é",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        assert_round_trip(names[i]);
    /* Every printable ASCII character is its own name. */
    for (int ch = 0x21; ch < 0x7f; ch++) {
        char name[2] = {(char)ch, '\0'};
        assert_int_equal(keymap_key_parse(name), ch);
        assert_round_trip(name);
    }
    /* C-a..C-z, except the four that are other keys. */
    for (char ch = 'a'; ch <= 'z'; ch++) {
        char name[4] = {'C', '-', ch, '\0'};
        int key = keymap_key_parse(name);
        if (ch == 'h')
            assert_int_equal(key, KEY_BACKSPACE);
        else if (ch == 'j' || ch == 'm')
            assert_int_equal(key, '\n');
        else if (ch == 'i')
            assert_int_equal(key, '\t');
        else {
            assert_int_equal(key, ch & 0x1f);
            assert_round_trip(name);
        }
    }
}

static void test_key_codes(void **state)
{
    (void)state;
    assert_int_equal(keymap_key_parse("q"), 'q');
    assert_int_equal(keymap_key_parse("Space"), ' ');
    assert_int_equal(keymap_key_parse("Esc"), 27);
    assert_int_equal(keymap_key_parse("Enter"), '\n');
    assert_int_equal(keymap_key_parse("F1"), KEY_F(1));
    assert_int_equal(keymap_key_parse("F12"), KEY_F(12));
    assert_int_equal(keymap_key_parse("PgDn"), KEY_NPAGE);
    assert_int_equal(keymap_key_parse("Delete"), KEY_DC);
    assert_int_equal(keymap_key_parse("BTab"), KEY_BTAB);
    assert_int_equal(keymap_key_parse("C-a"), 1);
    assert_int_equal(keymap_key_parse("C-A"), 1);
    assert_int_equal(keymap_key_parse("C-z"), 26);
    assert_int_equal(keymap_key_parse("M-x"), KEYMAP_META | 'x');
    assert_int_equal(keymap_key_parse("M-Up"), KEYMAP_META | KEY_UP);
    assert_int_equal(keymap_key_parse("é"), KEYMAP_UNICODE | 0xe9);
    /* Aliases and case. */
    assert_int_equal(keymap_key_parse("escape"), 27);
    assert_int_equal(keymap_key_parse("ENTER"), '\n');
    assert_int_equal(keymap_key_parse("Return"), '\n');
    assert_int_equal(keymap_key_parse("PageDown"), KEY_NPAGE);
    assert_int_equal(keymap_key_parse("f3"), KEY_F(3));
    assert_int_equal(keymap_key_parse("S-Tab"), KEY_BTAB);
    /* Not keys. */
    static const char *const bad[] = {"",    "F0", "F13",   "F01",  "C-1",  "C-",   "M-",
                                      "Foo", "ab", "M-M-x", "\x01", "\x7f", "\xc3", "\xe2\x80\xae"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (keymap_key_parse(bad[i]) != KEYMAP_KEY_NONE)
            fail_msg("'%s' should not be a key", bad[i]);
    }
    char buf[KEYMAP_KEY_NAME_MAX];
    assert_false(keymap_key_name(KEY_MOUSE, buf, sizeof buf));
    assert_string_equal(buf, "");
    assert_false(keymap_key_name(-1, buf, sizeof buf));
}

static void test_normalize_and_input(void **state)
{
    (void)state;
    assert_int_equal(keymap_key_normalize('\r'), '\n');
    assert_int_equal(keymap_key_normalize(KEY_ENTER), '\n');
    assert_int_equal(keymap_key_normalize(127), KEY_BACKSPACE);
    assert_int_equal(keymap_key_normalize(8), KEY_BACKSPACE);
    assert_int_equal(keymap_key_normalize(KEYMAP_META | '\r'), KEYMAP_META | '\n');
    assert_int_equal(keymap_key_normalize('x'), 'x');
    assert_int_equal(keymap_key_from_wch(true, KEY_UP), KEY_UP);
    assert_int_equal(keymap_key_from_wch(true, KEY_ENTER), '\n');
    assert_int_equal(keymap_key_from_wch(false, 'j'), 'j');
    assert_int_equal(keymap_key_from_wch(false, '\r'), '\n');
    /* A code point that equals a KEY_* value stays a character. */
    assert_int_equal(keymap_key_from_wch(false, (unsigned long)KEY_UP), KEYMAP_UNICODE | KEY_UP);
    assert_int_equal(keymap_key_from_wch(false, 0x110000), KEYMAP_KEY_NONE);
}

static void test_registry_consistent(void **state)
{
    (void)state;
    assert_null(actions_get(ACTION_NONE));
    assert_null(actions_get(ACTION_COUNT));
    for (int id = 1; id < ACTION_COUNT; id++) {
        const struct action_def *a = actions_get((enum action_id)id);
        assert_non_null(a);
        assert_int_equal(a->id, id);
        assert_non_null(a->name);
        assert_non_null(a->help);
        assert_true(strlen(a->help) > 5 && strlen(a->help) < 60);
        /* The help screen's name column (ui/help.c HELP_NAME_WIDTH). */
        if (strlen(a->name) > 18)
            fail_msg("action %s: name longer than the help screen's column", a->name);
        assert_int_not_equal(a->contexts, 0);
        assert_int_equal(actions_find(a->name), id);
        bool has_keys = false;
        for (int ctx = 0; ctx < ACTION_CTX_COUNT; ctx++) {
            if (!a->keys[ctx])
                continue;
            has_keys = true;
            /* Default keys only where the action exists, and all parse. */
            assert_true(a->contexts & ACTION_CTX_BIT(ctx));
            char buf[128];
            snprintf(buf, sizeof buf, "%s", a->keys[ctx]);
            for (char *save = NULL, *k = strtok_r(buf, " ", &save); k;
                 k = strtok_r(NULL, " ", &save)) {
                if (keymap_key_parse(k) == KEYMAP_KEY_NONE)
                    fail_msg("action %s: default key '%s' does not parse", a->name, k);
            }
        }
        assert_true(has_keys);
    }
    assert_int_equal(actions_find("nonsense"), ACTION_NONE);
    assert_int_equal(actions_find("none"), ACTION_NONE);
    assert_int_equal(actions_context_find("log"), ACTION_CTX_LOG);
    assert_int_equal(actions_context_find("logs"), -1);
    assert_string_equal(actions_context_name(ACTION_CTX_DIALOG), "dialog");
}

/* No key is a default of two actions in one context: each default key must
 * end up bound to the action that declared it. */
static void test_default_keys_unique(void **state)
{
    (void)state;
    struct keymap km;
    keymap_init(&km);
    for (int id = 1; id < ACTION_COUNT; id++) {
        const struct action_def *a = actions_get((enum action_id)id);
        for (int ctx = 0; ctx < ACTION_CTX_COUNT; ctx++) {
            if (!a->keys[ctx])
                continue;
            char buf[128];
            snprintf(buf, sizeof buf, "%s", a->keys[ctx]);
            for (char *save = NULL, *k = strtok_r(buf, " ", &save); k;
                 k = strtok_r(NULL, " ", &save)) {
                enum action_id got =
                    keymap_lookup(&km, (enum action_context)ctx, keymap_key_parse(k));
                if (got != a->id)
                    fail_msg("%s context: key %s is %s, declared for %s",
                             actions_context_name((enum action_context)ctx), k, actions_name(got),
                             a->name);
            }
        }
    }
    keymap_done(&km);
}

static void test_lookup_per_context(void **state)
{
    (void)state;
    struct keymap km;
    keymap_init(&km);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, 'q'), ACTION_QUIT);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_LOG, 'q'), ACTION_BACK);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_DIALOG, 'q'), ACTION_NONE);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, KEY_F(10)), ACTION_QUIT);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_LOG, KEY_F(10)), ACTION_QUIT);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, '\n'), ACTION_DETAILS);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, '\r'), ACTION_DETAILS);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_DIALOG, KEY_ENTER), ACTION_CONFIRM);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, ' '), ACTION_MARK);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_LOG, ' '), ACTION_PAGE_DOWN);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_LOG, 'g'), ACTION_HOME);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_LOG, 'G'), ACTION_END);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_LOG, '/'), ACTION_SEARCH);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, '/'), ACTION_FILTER);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, KEY_F(4)), ACTION_FILTER);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, 's'), ACTION_STOP);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, 'S'), ACTION_START);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, 'K'), ACTION_KILL);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, KEY_F(9)), ACTION_KILL_MENU);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, KEY_DC), ACTION_REMOVE);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, 'E'), ACTION_EXEC_SHELL);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, '<'), ACTION_SORT_PREV);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, KEY_DOWN), ACTION_SELECT_DOWN);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, 'j'), ACTION_SELECT_DOWN);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, '\t'), ACTION_NEXT_PANEL);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_DIALOG, '\t'), ACTION_NEXT_FIELD);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, 12), ACTION_REFRESH);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, 'z'), ACTION_NONE);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_COUNT, 'q'), ACTION_NONE);
    keymap_done(&km);
}

/* A panel's own keys win; the keys it does not bind are the table's. */
static void test_panel_context_falls_back_to_table(void **state)
{
    (void)state;
    struct keymap km;
    keymap_init(&km);
    struct berth_error err;
    berth_error_clear(&err);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_VOLUMES, 'P'), ACTION_VOLUME_PRUNE);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, 'P'), ACTION_NONE);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_VOLUMES, 'j'), ACTION_SELECT_DOWN);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_VOLUMES, '\t'), ACTION_NEXT_PANEL);
    /* The editor types what the table would act on. */
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_EDITOR, 'j'), ACTION_NONE);
    /* Binding a table action in a panel shadows the table's key there only. */
    assert_int_equal(keymap_apply(&km, "volumes", "j", "sort_next", &err), 0);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_VOLUMES, 'j'), ACTION_SORT_NEXT);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, 'j'), ACTION_SELECT_DOWN);
    /* A panel's action cannot be bound in the table. */
    assert_int_equal(keymap_apply(&km, "table", "P", "volume_prune", &err), -1);
    /* The footer of a panel shows its own hints and the table's it keeps. */
    struct keymap_hint hints[64];
    size_t n = keymap_footer(&km, ACTION_CTX_VOLUMES, false, hints, 64);
    bool quit = false, kill = false;
    for (size_t i = 0; i < n && i < 64; i++) {
        quit = quit || hints[i].action == ACTION_QUIT;
        kill = kill || hints[i].action == ACTION_KILL_MENU;
    }
    assert_true(quit);
    assert_false(kill); /* a container action: no use in the volumes panel */
    keymap_done(&km);
}

static void test_bind_unbind(void **state)
{
    (void)state;
    struct keymap km;
    keymap_init(&km);
    struct berth_error err;
    berth_error_clear(&err);

    /* Rebinding a key replaces what it did, in that context only. */
    assert_int_equal(keymap_bind(&km, ACTION_CTX_TABLE, 'q', ACTION_LOGS, &err), 0);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, 'q'), ACTION_LOGS);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_LOG, 'q'), ACTION_BACK);
    int keys[4];
    assert_int_equal(keymap_keys_of(&km, ACTION_CTX_TABLE, ACTION_QUIT, keys, 4), 1);
    assert_int_equal(keys[0], KEY_F(10));
    /* An action cannot be bound where it does not exist. */
    assert_int_equal(keymap_bind(&km, ACTION_CTX_LOG, 'x', ACTION_STOP, &err), -1);
    assert_string_equal(err.message, "action 'stop' does not exist in the log context");
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_LOG, 'x'), ACTION_NONE);

    assert_true(keymap_unbind(&km, ACTION_CTX_TABLE, 's'));
    assert_false(keymap_unbind(&km, ACTION_CTX_TABLE, 's'));
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, 's'), ACTION_NONE);

    /* By names: no context means every context the action is in. */
    assert_int_equal(keymap_apply(&km, NULL, "M-h", "help", &err), 0);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, KEYMAP_META | 'h'), ACTION_HELP);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_LOG, KEYMAP_META | 'h'), ACTION_HELP);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_DIALOG, KEYMAP_META | 'h'), ACTION_HELP);
    assert_int_equal(keymap_apply(&km, "log", "M-h", NULL, &err), 0);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_LOG, KEYMAP_META | 'h'), ACTION_NONE);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, KEYMAP_META | 'h'), ACTION_HELP);
    assert_int_equal(keymap_apply(&km, NULL, "M-h", NULL, &err), 0);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, KEYMAP_META | 'h'), ACTION_NONE);

    assert_int_equal(keymap_apply(&km, NULL, "Hyper-x", "help", &err), -1);
    assert_string_equal(err.message, "unknown key 'Hyper-x'");
    assert_int_equal(keymap_apply(&km, NULL, "x", "fly", &err), -1);
    assert_string_equal(err.message, "unknown action 'fly'");
    assert_int_equal(keymap_apply(&km, "popup", "x", "help", &err), -1);
    assert_string_equal(err.message, "unknown context 'popup' (table, log, dialog, volumes, "
                                     "images, networks, projects, editor)");
    /* The checker agrees with apply and changes nothing. */
    assert_int_equal(keymap_check_binding(NULL, "dialog", "x", "confirm", &err), 0);
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_DIALOG, 'x'), ACTION_NONE);
    assert_int_equal(keymap_check_binding(NULL, "dialog", "x", "stop", &err), -1);
    keymap_done(&km);
}

static void test_apply_conf_reports_file_line(void **state)
{
    (void)state;
    struct conf c;
    conf_init(&c);
    struct conf_diags d;
    conf_diags_init(&d);
    /* No validators: the bad binding is only found when replayed. */
    assert_int_equal(
        conf_parse_string(&c, "my.conf", "bind F3 filter\n\nbind F3 teleport\n", NULL, &d), 0);
    struct keymap km;
    keymap_init(&km);
    assert_int_equal(keymap_apply_conf(&km, &c, &d), 1);
    assert_int_equal(d.count, 1);
    assert_string_equal(d.lines[0], "my.conf:3: unknown action 'teleport'");
    assert_int_equal(keymap_lookup(&km, ACTION_CTX_TABLE, KEY_F(3)), ACTION_FILTER);
    keymap_done(&km);
    conf_diags_done(&d);
    conf_done(&c);
}

static void test_help_lists_every_action_once(void **state)
{
    (void)state;
    struct keymap km;
    keymap_init(&km);
    struct keymap_help_line lines[ACTION_COUNT + 4];
    size_t n = keymap_help(&km, lines, sizeof lines / sizeof lines[0]);
    assert_int_equal(n, ACTION_COUNT - 1);
    int seen[ACTION_COUNT] = {0};
    enum action_context last = ACTION_CTX_TABLE;
    for (size_t i = 0; i < n; i++) {
        assert_true(lines[i].action > ACTION_NONE && lines[i].action < ACTION_COUNT);
        seen[lines[i].action]++;
        /* Grouped by section, in context order. */
        assert_true(lines[i].section >= last);
        last = lines[i].section;
        assert_string_equal(lines[i].name, actions_name(lines[i].action));
        assert_true(lines[i].keys[0] != '\0');
    }
    for (int id = 1; id < ACTION_COUNT; id++)
        assert_int_equal(seen[id], 1);
    for (size_t i = 0; i < n; i++) {
        if (lines[i].action == ACTION_QUIT)
            assert_string_equal(lines[i].keys, "F10 q");
        if (lines[i].action == ACTION_SEARCH) {
            assert_int_equal(lines[i].section, ACTION_CTX_LOG);
            assert_string_equal(lines[i].keys, "/");
        }
        if (lines[i].action == ACTION_NEXT_FIELD)
            assert_string_equal(lines[i].keys, "Tab Right Down");
    }
    /* The help follows rebinding. */
    struct berth_error err;
    assert_int_equal(keymap_apply(&km, NULL, "q", NULL, &err), 0);
    assert_int_equal(keymap_help(&km, lines, 3), ACTION_COUNT - 1);
    n = keymap_help(&km, lines, sizeof lines / sizeof lines[0]);
    for (size_t i = 0; i < n; i++) {
        if (lines[i].action == ACTION_QUIT)
            assert_string_equal(lines[i].keys, "F10");
    }
    keymap_done(&km);
}

static void test_read_only_flags(void **state)
{
    (void)state;
    static const enum action_id mutating[] = {
        ACTION_START,
        ACTION_STOP,
        ACTION_RESTART,
        ACTION_PAUSE_TOGGLE,
        ACTION_KILL,
        ACTION_KILL_MENU,
        ACTION_REMOVE,
        ACTION_RENAME,
        ACTION_EXEC_SHELL,
        ACTION_ATTACH,
        ACTION_LIMITS,
        ACTION_VOLUME_CREATE,
        ACTION_VOLUME_PRUNE,
        ACTION_VOLUME_RESTORE,
        ACTION_NETWORK_CREATE,
        ACTION_NETWORK_PRUNE,
        ACTION_NETWORK_CONNECT,
        ACTION_NETWORK_DISCONNECT,
        ACTION_PROJECT_UP,
        ACTION_PROJECT_DOWN,
        ACTION_PROJECT_PULL,
        ACTION_IMAGE_PULL,
        ACTION_IMAGE_PRUNE,
    };
    for (int id = 1; id < ACTION_COUNT; id++) {
        bool want = false;
        for (size_t i = 0; i < sizeof mutating / sizeof mutating[0]; i++)
            want = want || mutating[i] == (enum action_id)id;
        const struct action_def *a = actions_get((enum action_id)id);
        if (a->mutates != want)
            fail_msg("action %s: mutates is %d", a->name, a->mutates);
        assert_true(actions_allowed((enum action_id)id, false));
        assert_int_equal(actions_allowed((enum action_id)id, true), !want);
    }
    assert_false(actions_allowed(ACTION_NONE, false));
}

static void assert_footer(const struct keymap *km, enum action_context ctx, bool read_only,
                          const char *want)
{
    struct keymap_hint hints[32];
    size_t n = keymap_footer(km, ctx, read_only, hints, 32);
    struct strbuf sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < n && i < 32; i++)
        strbuf_appendf(&sb, "%s%s %s", i ? " | " : "", hints[i].key, hints[i].label);
    assert_string_equal(sb.data, want);
    strbuf_done(&sb);
}

static void test_footer_hints(void **state)
{
    (void)state;
    struct keymap km;
    keymap_init(&km);
    assert_footer(&km, ACTION_CTX_TABLE, false,
                  "F1 Help | F2 Columns | F4 Filter | F5 Group | F6 Sort | F9 Kill | F10 Quit"
                  " | Esc Back | l Logs");
    assert_footer(&km, ACTION_CTX_TABLE, true,
                  "F1 Help | F2 Columns | F4 Filter | F5 Group | F6 Sort | F10 Quit"
                  " | Esc Back | l Logs");
    assert_footer(&km, ACTION_CTX_LOG, false,
                  "F1 Help | F10 Quit | q Back | / Search | f Follow | w Wrap | t Time");
    assert_footer(&km, ACTION_CTX_DIALOG, false, "F1 Help | Esc Back | Enter OK");
    /* Unbinding an action's keys takes it out of the footer. */
    struct berth_error err;
    assert_int_equal(keymap_apply(&km, "table", "F6", NULL, &err), 0);
    assert_int_equal(keymap_apply(&km, "log", "q", NULL, &err), 0);
    assert_footer(&km, ACTION_CTX_TABLE, false,
                  "F1 Help | F2 Columns | F4 Filter | F5 Group | F9 Kill | F10 Quit"
                  " | Esc Back | l Logs");
    assert_footer(&km, ACTION_CTX_LOG, false,
                  "F1 Help | F10 Quit | Esc Back | / Search | f Follow | w Wrap | t Time");
    struct keymap_hint one[1];
    assert_int_equal(keymap_footer(&km, ACTION_CTX_DIALOG, false, one, 1), 3);
    assert_string_equal(one[0].key, "F1");
    keymap_done(&km);
}

static void test_keys_text(void **state)
{
    (void)state;
    struct keymap km;
    keymap_init(&km);
    struct strbuf sb;
    strbuf_init(&sb);
    keymap_keys_text(&km, ACTION_CTX_TABLE, ACTION_REMOVE, &sb);
    assert_string_equal(sb.data, "D Delete");
    strbuf_reset(&sb);
    keymap_keys_text(&km, ACTION_CTX_LOG, ACTION_PAGE_DOWN, &sb);
    assert_string_equal(sb.data, "PgDn C-f Space");
    strbuf_reset(&sb);
    keymap_keys_text(&km, ACTION_CTX_LOG, ACTION_STOP, &sb);
    assert_string_equal(sb.data, "");
    strbuf_done(&sb);
    keymap_done(&km);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_names_round_trip),
        cmocka_unit_test(test_key_codes),
        cmocka_unit_test(test_normalize_and_input),
        cmocka_unit_test(test_registry_consistent),
        cmocka_unit_test(test_default_keys_unique),
        cmocka_unit_test(test_lookup_per_context),
        cmocka_unit_test(test_bind_unbind),
        cmocka_unit_test(test_panel_context_falls_back_to_table),
        cmocka_unit_test(test_apply_conf_reports_file_line),
        cmocka_unit_test(test_help_lists_every_action_once),
        cmocka_unit_test(test_read_only_flags),
        cmocka_unit_test(test_footer_hints),
        cmocka_unit_test(test_keys_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
