#!/usr/bin/env bash
# Attach (a) to a container whose main process is sh on a TTY: typed
# input reaches it and its output shows; ctrl-p ctrl-q detaches back to
# the table and the container keeps running.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

ui_run att -it -- sh

ui_start 120 30
tmux_wait_for '^NAME' 10 || fail "no table"
ui_filter "${UI_PREFIX}att"
tmux_wait_for "${UI_PREFIX}att +running" 10 || fail "container not shown"

tmux_keys a
tmux_wait_for "berth: attached to ${UI_PREFIX}att; ctrl-p ctrl-q detaches" 10 ||
    fail "attach did not start"
marker="attached-$RANDOM$RANDOM"
tmux_text "echo $marker-\$((6*7))"
tmux_keys Enter
tmux_wait_for "^$marker-42" 10 || fail "the main process's output did not show"
echo "typed into the attached sh and saw its output"

tmux_keys C-p C-q
tmux_wait_for '^NAME' 10 || fail "ctrl-p ctrl-q did not return to the table"
tmux_wait_for "Detached from ${UI_PREFIX}att; it keeps running" 10 || fail "no detach message"
state=$(docker inspect -f '{{.State.Status}}' "${UI_PREFIX}att")
[ "$state" = running ] || fail "the container is $state after detaching, not running"
echo "detached with ctrl-p ctrl-q; the container is still $state"
ui_quit
