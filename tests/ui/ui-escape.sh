#!/usr/bin/env bash
# Engine text with terminal escape sequences (a container command and a
# label carrying a title change, a colour and a clear-screen) is shown
# escaped, with a visible \e, in the table and in the details view; the
# terminal's title does not change and the screen keeps its layout.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

osc=$'\e]0;pwned\a'
csi=$'\e[2J\e[31mred'
ui_run evil --label "evil=${osc}x${csi}" -- sh -c 'sleep 1000' sh "$osc" "$csi"

conf=$(ui_config 'set columns name,state,command')
ui_start 160 30 --config "$conf"
tmux_wait_for '^NAME' 10 || fail "no table"
ui_filter "$UI_PREFIX"
tmux_wait_for "${UI_PREFIX}evil +running" 10 || fail "container not shown"
tmux_wait_for '\\e\]0;pwned\\x07' 5 || fail "the command's OSC sequence is not shown escaped"
tmux_wait_for '\\e\[2J\\e\[31mred' 5 || fail "the command's CSI sequences are not shown escaped"
title=$(_tmux display-message -t main -p '#{pane_title}')
[[ "$title" != *pwned* ]] || fail "the pane title changed to '$title'"
tmux_screen | sed -n 1p | grep -q '^berth unix://' || fail "the header line was disturbed"
tmux_screen | grep -q '^NAME' || fail "the table title line was disturbed"
echo "table: sequences shown escaped, title unchanged ('$title')"

tmux_keys Enter
tmux_wait_for "Details: ${UI_PREFIX}evil" 5 || fail "details did not open"
tmux_wait_for 'evil=\\e\]0;pwned\\x07x\\e\[2J\\e\[31mred' 5 || fail "the label is not shown escaped"
title=$(_tmux display-message -t main -p '#{pane_title}')
[[ "$title" != *pwned* ]] || fail "the pane title changed to '$title' in the details view"
# No colour from the label leaked: the label's line has no red (31).
_tmux capture-pane -t main -p -e | grep 'evil=' | grep -q $'\e\\[31m' &&
    fail "the label's colour sequence reached the terminal"
echo "details: label shown escaped, nothing leaked"
ui_quit
