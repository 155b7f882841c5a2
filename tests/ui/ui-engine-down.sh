#!/usr/bin/env bash
# The engine goes away under the dashboard: a banner says what is wrong
# and since when (and ages each second), the last data stays on screen
# marked stale, keys are still answered (help opens and closes), and when
# the engine is back the dashboard recovers by itself: banner gone, rows
# live again, no restart of berth.
#
# Runs against a second dockerd on its own socket (in its own network
# namespace: a dockerd started with --bridge none would delete the host's
# docker0), so the main engine keeps serving other tests.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

command -v dockerd >/dev/null || [ -x /usr/sbin/dockerd ] || fail "dockerd not installed"
PATH=$PATH:/usr/sbin:/sbin

D=$(mktemp -d /tmp/berth-t-ui-eng.XXXXXX)
sock=unix://$D/docker.sock
D2="$DOCKER -H $sock"
name=${UI_PREFIX}e1

engine_cleanup() {
    ui_cleanup
    second_engine_stop "$D"
}
trap engine_cleanup EXIT
trap "exit 1" TERM INT

second_engine_start "$D" || fail "the second engine did not start"
$D2 run -d --name "$name" --restart always --stop-timeout 1 "$BERTH_TEST_IMAGE" sleep 1000 \
    >/dev/null || fail "cannot start $name"

ui_start 160 40 -H "$sock"
tmux_wait_for "${name} +running" 20 || fail "$name not shown running"
tmux_screen | grep -q 'Engine unreachable' && fail "banner shown while the engine answers"
echo "connected to the second engine"

t0=$(ui_ms)
second_engine_kill
tmux_wait_for '^ Engine unreachable since [0-9:]+ \([0-9a-z]+\): .+' 15 ||
    fail "no banner after the engine stopped"
echo "banner after $(($(ui_ms) - t0)) ms: $(tmux_screen | grep -o 'Engine unreachable.*' | head -1)"
tmux_wait_for '\[stale\]' 2 || fail "header does not mark the data stale"
tmux_screen | grep -q "${name} " || fail "the last rows are gone; they should stay, marked stale"

# The banner's age moves on with no key pressed (the 1 s tick).
age1=$(tmux_screen | sed -n 's/.*since [0-9:]* (\([0-9a-z]*\)).*/\1/p' | head -1)
tmux_wait_gone "since [0-9:]+ \\($age1\\)" 4 || fail "the banner's age did not move on from $age1"

# Keys are answered while the engine is away.
tmux_keys F1
tmux_wait_for 'berth keys' 3 || fail "help did not open while the engine was away"
tmux_keys Escape
tmux_wait_for '^NAME' 3 || fail "help did not close while the engine was away"
echo "keys answered while the engine is away"

second_engine_run "$D" || fail "the second engine did not restart"
t1=$(ui_ms)
tmux_wait_gone 'Engine unreachable' 20 || fail "the banner stayed after the engine came back"
echo "recovered $(($(ui_ms) - t1)) ms after the engine answered again"
tmux_wait_gone '\[stale\]' 5 || fail "data still marked stale after recovery"
tmux_wait_for "${name} +running" 20 || fail "$name not running again after recovery"
tmux_dead && fail "berth exited"
echo "recovered by itself, no restart"
ui_quit
