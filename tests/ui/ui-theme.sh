#!/usr/bin/env bash
# Themes change the look: the theme key (c) switches to another theme and
# the colours on screen change; --theme light draws with other colours
# than the default; NO_COLOR=1 draws with no colour at all (attributes
# only); an unknown --theme is reported on the status line, not fatal.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

ui_run t1 -- sleep 1000

# Colour escapes: SGR 30-37, 40-47, 90-97, 100-107 and 38/48 (256/RGB);
# 39 and 49 (back to the terminal's colours) are not colours.
colour_codes() {
    ui_colours | grep -E $'\e\\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m'
}

ui_start 120 30
tmux_wait_for '^NAME' 10 || fail "no table"
tmux_wait_for 'Containers [0-9]+ running' 10 || fail "no counts"
default=$(colour_codes)
[ -n "$default" ] || fail "the default theme shows no colour"

tmux_keys c
tmux_wait_for '^Theme: ' 5 || fail "c did not switch the theme"
theme=$(tmux_screen | sed -n 's/^Theme: \([A-Za-z0-9_.-]*\).*/\1/p')
switched=$(colour_codes)
[ "$switched" != "$default" ] || fail "theme '$theme' looks the same as the default"
echo "c: switched to '$theme', colours changed"
ui_quit
tmux_stop

TMUX_HOME=$(mktemp -d "$UI_TMP/home.XXXXXX")
ui_start 120 30 --theme light
tmux_wait_for '^NAME' 10 || fail "no table with --theme light"
tmux_wait_for 'Containers [0-9]+ running' 10 || fail "no counts"
light=$(colour_codes)
[ -n "$light" ] || fail "the light theme shows no colour"
[ "$light" != "$default" ] || fail "--theme light looks the same as the default"
echo "--theme light: other colours than the default"
ui_quit
tmux_stop

TMUX_HOME=$(mktemp -d "$UI_TMP/home.XXXXXX")
UI_ENV="NO_COLOR=1" ui_start 120 30
tmux_wait_for '^NAME' 10 || fail "no table with NO_COLOR"
tmux_wait_for 'Containers [0-9]+ running' 10 || fail "no counts"
tmux_keys c
tmux_wait_for '^Theme: ' 5 || fail "c did nothing with NO_COLOR"
sleep 0.2
none=$(colour_codes)
[ -z "$none" ] || fail "NO_COLOR=1 still draws colours: $(printf '%s' "$none" | cat -v | tr '\n' ' ')"
ui_colours | grep -q $'\e\\[[0-9;]*7m\|\e\\[7;' || fail "NO_COLOR=1 lost the reverse-video selection bar"
echo "NO_COLOR=1: no colour escapes, attributes kept"
ui_quit
tmux_stop

TMUX_HOME=$(mktemp -d "$UI_TMP/home.XXXXXX")
ui_start 120 30 --theme no-such-theme
tmux_wait_for 'theme no-such-theme' 10 || fail "unknown theme not reported"
tmux_wait_for '^NAME' 5 || fail "no table with an unknown theme"
echo "unknown theme: reported, default used"
ui_quit
