#!/usr/bin/env bash
# Read-only mode (--read-only, or `set read_only yes`): every action that
# would change the engine is refused through the one gate, with a status
# line saying read-only mode blocked it; the footer says READ-ONLY and the
# help marks those actions. Without it the same key asks for confirmation.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

ui_run ro -- sleep 1000

ui_start 160 30 --read-only
tmux_wait_for '^NAME' 10 || fail "no table"
ui_filter "$UI_PREFIX"
tmux_wait_for "${UI_PREFIX}ro +running" 10 || fail "container not shown"
tmux_wait_for 'READ-ONLY *$' 5 || fail "the footer does not say READ-ONLY"
for key in s S r p K F9 D R L x; do
    tmux_keys "$key"
    tmux_wait_for "^read-only mode: '[a-z_]+' is blocked" 3 || fail "key $key was not blocked"
    tmux_keys j # clears the status line
    tmux_wait_gone '^read-only mode' 3 || fail "status line not cleared by the next key"
done
tmux_screen | grep -q 'F9Kill' && fail "the footer offers F9 Kill in read-only mode"
tmux_keys F1
tmux_wait_for 'berth keys' 5 || fail "help did not open"
found=""
for _ in 1 2 3 4; do
    if tmux_screen | grep -Eq 'stop +Stop the marked or selected containers +\(off: read-only\)'; then
        found=yes
        break
    fi
    tmux_keys PageDown
    sleep 0.2
done
[ -n "$found" ] || fail "help does not mark stop as off"
tmux_keys Escape
echo "--read-only: mutating keys blocked with a message"
ui_quit
tmux_stop

TMUX_HOME=$(mktemp -d "$UI_TMP/home.XXXXXX")
conf=$(ui_config 'set read_only yes')
ui_start 160 30 --config "$conf"
tmux_wait_for '^NAME' 10 || fail "no table"
tmux_keys s
tmux_wait_for "^read-only mode: 'stop' is blocked" 3 || fail "set read_only yes did not block stop"
echo "set read_only yes: blocked too"
ui_quit
tmux_stop

TMUX_HOME=$(mktemp -d "$UI_TMP/home.XXXXXX")
ui_start 160 30
tmux_wait_for '^NAME' 10 || fail "no table"
tmux_wait_for 'F9Kill' 5 || fail "the footer lacks F9 Kill outside read-only mode"
tmux_screen | grep -q 'READ-ONLY' && fail "READ-ONLY shown without read-only mode"
tmux_keys s
tmux_wait_for 'Stop 1 container\?' 3 || fail "stop did not ask for confirmation"
tmux_keys Escape
tmux_wait_for '^Cancelled' 3 || fail "Esc did not cancel the stop"
echo "not read-only: the same key asks for confirmation"
ui_quit
