#!/usr/bin/env bash
# The mouse: a click on a row selects it (Enter then opens that row's
# details), a click on a column title sorts by that column and a second
# click inverts it, the wheel moves the selection. Mouse events are the
# xterm SGR reports a terminal sends, typed into the pane by tmux. With
# `set mouse no` berth does not ask the terminal for mouse reports.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

for n in m1 m2 m3; do
    ui_run "$n" -- sleep 1000
done

# click LINE COL: press and release button 1 (1-based cell, as xterm counts).
click() {
    tmux_text $'\e'"[<0;$2;$1M"
    tmux_text $'\e'"[<0;$2;$1m"
}
wheel() { # up|down LINE COL
    local b=64
    [ "$1" = down ] && b=65
    tmux_text $'\e'"[<$b;$3;$2M"
}
line_of() { # the 1-based screen line showing TEXT
    tmux_screen | grep -n -- "$1" | head -1 | cut -d: -f1
}

conf=$(ui_config 'set sort name')
ui_start 160 30 --config "$conf"
tmux_wait_for '^NAME' 10 || fail "no table"
ui_filter "$UI_PREFIX"
tmux_wait_for "${UI_PREFIX}m3 " 10 || fail "containers not shown"
[ "$(_tmux display-message -t main -p '#{mouse_sgr_flag}')" = 1 ] ||
    fail "berth did not ask for SGR mouse reports"

y=$(line_of "${UI_PREFIX}m3 ")
click "$y" 3
sleep 0.2
tmux_keys Enter
tmux_wait_for "Details: ${UI_PREFIX}m3" 5 || fail "a click on m3's row did not select it"
tmux_keys Escape
tmux_wait_for '^NAME' 5 || fail "details did not close"
echo "click on a row selects it"

wheel up "$y" 3
sleep 0.2
tmux_keys Enter
tmux_wait_for "Details: ${UI_PREFIX}m1" 5 || fail "the wheel did not move the selection up"
tmux_keys Escape
tmux_wait_for '^NAME' 5 || fail "details did not close"
echo "the wheel moves the selection"

title=$(line_of '^NAME')
x=$(tmux_screen | sed -n "${title}p" | grep -bo 'STATE' | head -1 | cut -d: -f1)
click "$title" $((x + 2))
tmux_wait_for 'Sorted by STATE' 5 || fail "a click on the STATE title did not sort by it"
click "$title" 2
tmux_wait_for 'Sorted by NAME' 5 || fail "a click on the NAME title did not sort by it"
tmux_wait_for '^NAME▲' 5 || fail "name sort not ascending"
ui_expect_order m1 m2 m3 || fail "rows not in name order after the click"
click "$title" 2
tmux_wait_for '^NAME▼' 5 || fail "a second click on NAME did not invert"
ui_expect_order m3 m2 m1 || fail "rows not inverted after the second click"
echo "clicks on titles sort and invert"
ui_quit
tmux_stop

TMUX_HOME=$(mktemp -d "$UI_TMP/home.XXXXXX")
conf=$(ui_config 'set mouse no')
ui_start 160 30 --config "$conf"
tmux_wait_for '^NAME' 10 || fail "no table with mouse off"
flags=$(_tmux display-message -t main -p '#{mouse_standard_flag}#{mouse_button_flag}#{mouse_any_flag}#{mouse_sgr_flag}')
[ "$flags" = 0000 ] || fail "mouse reports requested with 'set mouse no' (flags $flags)"
echo "set mouse no: no mouse reports requested"
ui_quit
