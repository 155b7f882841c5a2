#!/usr/bin/env bash
# The engine restarts under an open log pane: the pane says the stream
# ended, and once the engine (and the container, restart=always) is back it
# follows again, showing the new run's lines once and none of the old ones
# twice: the pane ends up equal to docker logs.
#
# Runs against a second dockerd (tests/lib/common.sh), so the main engine
# keeps serving other tests.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"
. "$BERTH_SRCDIR/tests/ui/lib/logs.sh"

command -v dockerd >/dev/null || [ -x /usr/sbin/dockerd ] || fail "dockerd not installed"
PATH=$PATH:/usr/sbin:/sbin
D=$(mktemp -d /tmp/berth-t-logs-eng.XXXXXX)
trap 'ui_cleanup; second_engine_stop "$D"' EXIT
second_engine_start "$D" || fail "the second engine did not start"
DOCKER="docker -H unix://$D/docker.sock"
export DOCKER_HOST="unix://$D/docker.sock"

# shellcheck disable=SC2016 # expanded by the container's shell
ui_run svc --restart always -- sh -c 'echo started; for i in 1 2 3; do echo "tick-$i"; done; exec sleep 1000'
ui_start 160 40
tmux_wait_for '^NAME' 15 || fail "no table"
logs_open svc
tmux_wait_for '^tick-3$' 10 || fail "the first run's lines are not shown"
tmux_wait_for '^ Logs: .*following' 5 || fail "the pane does not say it follows"

second_engine_kill
tmux_wait_for '^ Logs: .*stream ended' 15 || fail "the pane does not say the stream ended"
echo "engine stopped: the pane says the stream ended"

second_engine_run "$D" || fail "the second engine did not come back"
for _ in $(seq 1 60); do
    [ "$($DOCKER logs "${UI_PREFIX}svc" 2>/dev/null | grep -c '^tick-3$')" -ge 2 ] && break
    sleep 0.25
done
$DOCKER logs "${UI_PREFIX}svc" >"$UI_TMP/want.txt" 2>&1
[ "$(grep -c '^started$' "$UI_TMP/want.txt")" -eq 2 ] || fail "the container did not run twice"
tmux_wait_for '^ Logs: .*following' 15 || fail "the pane did not follow again"
logs_wait_lines "$UI_TMP/want.txt" || fail "after the engine restart the pane differs from docker logs"
echo "engine back: $(logs_lines | wc -l) lines, as docker logs, none twice"
ui_quit
