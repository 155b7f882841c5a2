#!/usr/bin/env bash
# In a locale that is not UTF-8 (LANG=C) berth draws only ASCII: sort
# arrows, group folds, dialog frames and graphs have ASCII forms, and not
# one byte above 0x7f reaches the terminal.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

ui_run g1 --label "com.docker.compose.project=${UI_PREFIX}p" -- sh -c 'while :; do :; done'
conf=$(ui_config 'set sort name
set interval 0.5')
UI_ENV="LANG=C LC_ALL=C" ui_start 160 60 --config "$conf"
tmux_wait_for '^NAME\^' 10 || fail "no ASCII sort arrow on the name column"
ui_filter "$UI_PREFIX"
tmux_wait_for "${UI_PREFIX}g1 " 10 || fail "container not shown"

tmux_keys I
tmux_wait_for '^NAMEv' 5 || fail "no ASCII descending arrow"
tmux_keys F5
tmux_wait_for "^- ${UI_PREFIX}p +1 running of 1" 5 || fail "no ASCII fold mark on the project row"
tmux_keys Home Enter
tmux_wait_for "^\\+ ${UI_PREFIX}p" 5 || fail "no ASCII folded mark"
tmux_keys Enter F5

tmux_keys F6
tmux_wait_for '\+- Sort by -+' 5 || fail "the sort menu has no ASCII frame"
tmux_keys Escape
tmux_wait_gone 'Sort by' 5 || fail "the sort menu did not close"

# The details graph of a busy container: ASCII levels, a few samples in.
tmux_keys Home Enter
tmux_wait_for "Details: ${UI_PREFIX}g1" 5 || fail "details did not open"
# The graph sits on the CPU label's line or on the lines below it (how high
# the dots reach depends on how much CPU the machine lets the loop have), so
# look for a row made only of ASCII graph levels after the label.
ascii_graph_shown() {
    tmux_screen | awk '/^  CPU/ { seen = 1 } seen && /^[ .:|]*[.:|][ .:|]*$/ { found = 1 } END { exit !found }'
}
deadline=$((SECONDS + 10))
until ascii_graph_shown; do
    [ $SECONDS -lt $deadline ] || { tmux_screen >&2; fail "no ASCII CPU graph"; }
    sleep 0.1
done
tmux_keys Escape

ui_quit
if LC_ALL=C grep -q $'[\x80-\xff]' "$UI_OUT"; then
    LC_ALL=C grep -ao $'[^\x01-\x7f]\\+' "$UI_OUT" | head -5 | od -c | head >&2
    fail "bytes above 0x7f were written to the terminal"
fi
echo "LANG=C: ASCII only ($(wc -c <"$UI_OUT") bytes checked)"
