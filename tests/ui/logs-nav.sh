#!/usr/bin/env bash
# Moving in a log pane as in less: g shows the first line, G the last;
# scrolling up pauses following (new lines do not move the view), End
# follows again and shows them; w wraps a long line onto the next rows
# and cuts it again. Also: the pane never shows more than the scrollback.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"
. "$BERTH_SRCDIR/tests/ui/lib/logs.sh"

long=$(printf 'L%.0s' $(seq 1 300))
# shellcheck disable=SC2016 # expanded by the container's shell
ui_run nav -- sh -c 'i=1; while [ $i -le 200 ]; do echo "row-$i"; i=$((i + 1)); done; echo "$1"; exec sleep 1000' sh "$long"
for _ in $(seq 1 50); do
    [ "$($DOCKER logs "${UI_PREFIX}nav" 2>&1 | wc -l)" -ge 201 ] && break
    sleep 0.1
done

ui_start 120 30 --config "$(ui_config 'set scrollback 150')"
tmux_wait_for '^NAME' 10 || fail "no table"
logs_open nav
tmux_wait_for '^row-200$' 10 || fail "the last lines are not shown"
tmux_wait_for '^ Logs: .* 150 lines' 5 || fail "the pane does not hold exactly the scrollback (150)"
tmux_keys g
tmux_wait_for '^ Logs: .*\[paused\]' 5 || fail "g did not pause"
[ "$(logs_lines | head -n 1)" = "row-52" ] ||
    fail "g: the first line held should be row-52 (200 + 1 lines, 150 kept), got '$(logs_lines | head -n 1)'"
echo "g: first line row-52 of 150 kept"

tmux_keys G
tmux_wait_for '^ Logs: .*\[follow\]' 5 || fail "G did not follow"
tmux_wait_for '^row-200$' 5 || fail "G did not show the end"
tmux_keys PgUp
tmux_wait_for '^ Logs: .*\[paused\]' 5 || fail "PgUp did not pause following"
before=$(logs_lines)
$DOCKER exec "${UI_PREFIX}nav" sh -c 'echo paused-new-line >/proc/1/fd/1'
sleep 1
[ "$(logs_lines)" = "$before" ] || fail "a new line moved the paused view"
tmux_keys End
tmux_wait_for '^paused-new-line$' 5 || fail "End did not follow to the new line"
echo "PgUp pauses (view kept while a line came), End follows"

# The long line: cut at 120 columns, then wrapped over three rows.
cut=$(logs_lines | grep -c '^LLLL')
[ "$cut" -eq 1 ] || fail "the long line takes $cut rows when cut"
[ "$(logs_lines | grep '^LLLL' | tr -d '\n' | wc -c)" -eq 120 ] || fail "the cut line is not 120 columns"
tmux_keys w
tmux_wait_for 'Long lines wrapped' 5 || fail "w did not say it wraps"
rows=$(logs_lines | grep -c '^L\+$')
[ "$rows" -eq 3 ] || fail "the wrapped line takes $rows rows, not 3"
[ "$(logs_lines | grep '^L\+$' | tr -d '\n' | wc -c)" -eq 300 ] || fail "the wrapped line lost characters"
tmux_keys w
tmux_wait_for 'Long lines cut' 5 || fail "w did not go back to cutting"
echo "wrap: 1 row cut, 3 rows wrapped"
ui_quit
