#!/usr/bin/env bash
# When the container stops the pane says the stream ended; when it runs
# again the pane picks up its new lines, with none shown twice (the pane
# shows exactly what docker logs has).
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"
. "$BERTH_SRCDIR/tests/ui/lib/logs.sh"

ui_run job -- sh -c 'echo boot; echo working; sleep 2; echo done'

ui_start 160 40 --config "$(ui_config 'set show_stopped true')"
tmux_wait_for '^NAME' 10 || fail "no table"
logs_open job
tmux_wait_for '^working$' 10 || fail "the first run's lines are not shown"
tmux_wait_for '^ Logs: .*stream ended' 10 || fail "the pane does not say the stream ended"
tmux_wait_for '^done$' 5 || fail "the last line before the end is missing"
echo "first run shown; the pane says the stream ended"

$DOCKER start "${UI_PREFIX}job" >/dev/null || fail "docker start failed"
tmux_wait_for '^ Logs: .*following' 10 || fail "the pane did not resume"
$DOCKER wait "${UI_PREFIX}job" >/dev/null
$DOCKER logs "${UI_PREFIX}job" >"$UI_TMP/want.txt" 2>&1
[ "$(grep -c '^working$' "$UI_TMP/want.txt")" -eq 2 ] || fail "docker logs does not show two runs"
logs_wait_lines "$UI_TMP/want.txt" || fail "after the restart the pane differs from docker logs"
echo "second run shown once: $(logs_lines | wc -l) lines, as docker logs"
ui_quit
