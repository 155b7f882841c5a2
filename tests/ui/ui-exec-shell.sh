#!/usr/bin/env bash
# The interactive shell (x): berth hands the terminal to a shell in the
# container over the engine's hijacked connection, a typed command's
# output shows, a window resize reaches the shell (stty size follows),
# and exit gives the terminal back with the table drawn again. Then E
# opens one too, and a shell in a stopped container is refused.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

ui_run sh -- sleep 1000

ui_start 120 30
tmux_wait_for '^NAME' 10 || fail "no table"
ui_filter "${UI_PREFIX}sh"
tmux_wait_for "${UI_PREFIX}sh +running" 10 || fail "container not shown"

tmux_keys x
tmux_wait_for "berth: shell in ${UI_PREFIX}sh" 10 || fail "the shell did not start"
tmux_wait_for '[#$] *$' 10 || fail "no shell prompt"
marker="hello-$RANDOM$RANDOM"
tmux_text "echo $marker-\$((6*7))"
tmux_keys Enter
tmux_wait_for "^$marker-42" 10 || fail "the command's output did not show"
echo "typed a command in the shell and saw its output"

tmux_text "stty size"
tmux_keys Enter
tmux_wait_for '^30 120' 10 || fail "stty size does not give the starting size (30 120)"
tmux_resize 100 24
sleep 0.5
tmux_text "clear; stty size"
tmux_keys Enter
tmux_wait_for '^24 100' 10 || fail "stty size did not follow the resize to 24 100"
echo "the resize reached the shell: stty size says 24 100"

tmux_text "exit"
tmux_keys Enter
tmux_wait_for '^NAME' 10 || fail "the table did not come back after exit"
tmux_wait_for "${UI_PREFIX}sh +running" 10 || fail "the table is not drawn again"
tmux_wait_for 'Shell in .* ended \(exit code 0\)' 10 || fail "no status line about the shell"
echo "exit returned to the table"

tmux_keys E
tmux_wait_for "berth: shell in ${UI_PREFIX}sh" 10 || fail "E did not open a shell"
tmux_wait_for '[#$] *$' 10 || fail "no shell prompt after E"
tmux_text "exit 5"
tmux_keys Enter
tmux_wait_for 'Shell in .* ended \(exit code 5\)' 10 || fail "the exit code did not show"
echo "E opens a shell too; its exit code shows"

docker stop -t 0 "${UI_PREFIX}sh" >/dev/null
tmux_wait_for "${UI_PREFIX}sh +exited" 10 || fail "the table did not see the stop"
tmux_keys x
tmux_wait_for 'Shell: .* is exited, not running' 5 || fail "a shell in a stopped container was not refused"
echo "a stopped container is refused with a message"
ui_quit

# A configured shell is run as given instead of the bash-else-sh probe:
# its $0 is the configured path, where the probe's exec gives plain "sh".
docker start "${UI_PREFIX}sh" >/dev/null
_tmux kill-session -t main
conf=$(ui_config 'set shell /bin/sh')
ui_start 120 30 --config "$conf"
tmux_wait_for '^NAME' 10 || fail "no table (configured shell)"
ui_filter "${UI_PREFIX}sh"
tmux_wait_for "${UI_PREFIX}sh +running" 10 || fail "container not shown (configured shell)"
tmux_keys x
tmux_wait_for "berth: shell in ${UI_PREFIX}sh" 10 || fail "the configured shell did not start"
tmux_wait_for '[#$] *$' 10 || fail "no prompt from the configured shell"
tmux_text 'echo "zero=$0"'
tmux_keys Enter
tmux_wait_for '^zero=/bin/sh' 10 || fail "the shell run is not the configured /bin/sh"
tmux_text "exit"
tmux_keys Enter
tmux_wait_for '^NAME' 10 || fail "the table did not come back (configured shell)"
echo "set shell /bin/sh runs /bin/sh itself"
ui_quit
