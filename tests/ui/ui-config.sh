#!/usr/bin/env bash
# Configuration at start: a bad line is reported on the status line as
# FILE:LINE: message (and on stderr), the other lines still apply. The
# command prompt (:) runs set and bind while berth runs.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

ui_run k1 -- sleep 1000
conf=$(ui_config 'set sort name
set columns name,bogus
set columns name,id,state
bind table X sort_invert')
ui_start 160 30 --config "$conf"
tmux_wait_for "^${conf}:2: unknown column 'bogus'" 10 || fail "the bad line is not reported"
tmux_wait_for '^NAME▲ +ID +STATE *$' 5 || fail "the good lines did not apply"
echo "config error shown as file:line, the rest applied"

# The message stays until a key is pressed.
tmux_keys X
tmux_wait_gone "^${conf}:2:" 3 || fail "the config message did not go with a key"
tmux_wait_for '^NAME▼' 3 || fail "the config binding X -> sort_invert does not work"

tmux_keys :
tmux_wait_for '^:' 3 || fail "the command prompt did not open"
tmux_text 'set columns name,state,pids'
tmux_keys Enter
tmux_wait_for '^NAME▼ +STATE +PIDS *$' 5 || fail "set columns at the prompt did not apply"
tmux_keys :
tmux_text 'set columns name,nope'
tmux_keys Enter
tmux_wait_for "unknown column 'nope'" 3 || fail "a bad command is not reported"
tmux_wait_for '^NAME▼ +STATE +PIDS *$' 3 || fail "a bad command changed the columns"
echo "the command prompt applies settings and reports errors"
ui_quit
