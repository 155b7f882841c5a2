#!/usr/bin/env bash
# The log pane on real containers: a non-TTY one writing known lines to
# stdout and stderr (one with an SGR colour) and a TTY one. The pane shows
# the lines in the engine's order, stderr and the SGR colour in colour;
# follow picks up new lines; timestamps toggle; search and filter find
# lines; tail and since select the lines `docker logs --tail/--since` do;
# the buffer and full saves equal `docker logs` byte for byte (cmp).
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"
. "$BERTH_SRCDIR/tests/ui/lib/logs.sh"

# shellcheck disable=SC2016 # expanded by the container's shell
ui_run out -- sh -c 'for i in 1 2 3 4 5; do echo "line-$i stdout"; echo "line-$i stderr" >&2; done
printf "\033[32mgreen-line\033[0m after\n"; exec sleep 1000'
ui_run tty -t -- sh -c 'echo tty-out; echo tty-err >&2; printf "tty-last\n"; exec sleep 1000'
c="${UI_PREFIX}out"
# Wait for the container's lines to be in the engine's log.
for _ in $(seq 1 50); do
    [ "$($DOCKER logs "$c" 2>&1 | wc -l)" -ge 11 ] && break
    sleep 0.1
done
$DOCKER logs "$c" >"$UI_TMP/all.raw" 2>&1
sed 's/\x1b\[[0-9;]*m//g' "$UI_TMP/all.raw" >"$UI_TMP/all.txt"
[ "$(wc -l <"$UI_TMP/all.txt")" -eq 11 ] || fail "the container wrote $(wc -l <"$UI_TMP/all.txt") lines, not 11"

ui_start 160 50
tmux_wait_for '^NAME' 10 || fail "no table"
logs_open out
logs_wait_lines "$UI_TMP/all.txt" || fail "the pane does not show the log in the engine's order"
echo "order: the 11 lines as docker logs gives them"

# Colours: stderr in the theme's stderr colour (red), the SGR green kept,
# stdout plain.
[ "$(logs_colour 'line-2 stderr')" = 31 ] || fail "stderr line not red: $(logs_colour 'line-2 stderr')"
[ "$(logs_colour 'line-2 stdout')" = default ] || fail "stdout line coloured: $(logs_colour 'line-2 stdout')"
[ "$(logs_colour 'green-line')" = 32 ] || fail "the SGR green is not rendered: $(logs_colour 'green-line')"
[ "$(logs_colour ' after')" = default ] || fail "the SGR reset is not rendered"
echo "colours: stderr red, SGR green rendered, stdout plain"

# Follow: a line written now shows up.
$DOCKER exec "$c" sh -c 'echo follow-new-line >/proc/1/fd/1' || fail "docker exec failed"
tmux_wait_for '^follow-new-line$' 10 || fail "follow did not pick up a new line"
echo "follow: new line shown"
$DOCKER logs "$c" >"$UI_TMP/all.raw" 2>&1
sed 's/\x1b\[[0-9;]*m//g' "$UI_TMP/all.raw" >"$UI_TMP/all.txt"

# Timestamps on and off.
tmux_keys t
tmux_wait_for '^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9:.]+Z line-1 stdout$' 5 || fail "t did not show timestamps"
$DOCKER logs -t "$c" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >"$UI_TMP/ts.txt"
logs_expect_lines "$UI_TMP/ts.txt" || fail "the timestamps are not the engine's"
tmux_keys t
tmux_wait_gone '^20[0-9][0-9]-.*Z line-1 stdout$' 5 || fail "t did not hide timestamps"
echo "timestamps: the engine's, toggled"

# Search: / finds and highlights (black on yellow), n goes on, scrolling
# paused follow.
tmux_keys /
tmux_text 'line-3'
tmux_keys Enter
tmux_wait_for '^ Logs: .*\[paused\]' 5 || fail "search did not stop following"
first=$(logs_lines | head -n 1)
[[ "$first" == line-3* ]] || fail "search did not bring line-3 to the top (top: '$first')"
_tmux capture-pane -t main -p -e | grep -a "line-3" | grep -q $'\e\\[30m\e\\[43mline-3\\|\e\\[30;43mline-3' ||
    fail "the match is not highlighted"
tmux_keys n
tmux_wait_for "^line-3" 5
second=$(logs_lines | head -n 1)
if [ "$second" = "$first" ] || [[ "$second" != line-3* ]]; then
    fail "n did not go to the next match ('$first' then '$second')"
fi
tmux_keys n
tmux_wait_for 'Pattern not found: line-3' 5 || fail "no message past the last match"
tmux_keys f
tmux_wait_for '^ Logs: .*\[follow\]' 5 || fail "f did not resume following"
echo "search: '$first', then '$second', highlighted"

# Filter: only stderr lines; then off.
tmux_keys '&'
tmux_text 'stderr'
tmux_keys Enter
grep 'stderr' "$UI_TMP/all.txt" >"$UI_TMP/err.txt"
logs_wait_lines "$UI_TMP/err.txt" || fail "the filter does not show exactly the stderr lines"
tmux_keys '&' C-u Enter
logs_wait_lines "$UI_TMP/all.txt" || fail "clearing the filter did not bring the lines back"
# Regex and case: R then i, ^LINE-[24] STDOUT$ matches two lines.
tmux_keys R i '&'
tmux_text '^LINE-[24] STDOUT$'
tmux_keys Enter
printf 'line-2 stdout\nline-4 stdout\n' >"$UI_TMP/re.txt"
logs_wait_lines "$UI_TMP/re.txt" || fail "the case-blind regex filter is wrong"
tmux_keys '&' C-u Enter R i
echo "filter: plain and regex (case ignored) select the right lines"

# Tail 3.
tmux_keys T C-u
tmux_text 3
tmux_keys Enter
$DOCKER logs --tail 3 "$c" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >"$UI_TMP/tail.txt"
logs_wait_lines "$UI_TMP/tail.txt" || fail "tail 3 shows the wrong lines"
echo "tail: 3 lines as docker logs --tail 3"

# Since the 4th line's time (inclusive, as the engine is), tail all.
since=$($DOCKER logs -t "$c" 2>&1 | sed -n 4p | cut -d' ' -f1)
tmux_keys T C-u
tmux_text all
tmux_keys Enter S C-u
tmux_text "$since"
tmux_keys Enter
$DOCKER logs --since "$since" "$c" >"$UI_TMP/since.raw" 2>&1
sed 's/\x1b\[[0-9;]*m//g' "$UI_TMP/since.raw" >"$UI_TMP/since.txt"
[ "$(wc -l <"$UI_TMP/since.txt")" -lt 12 ] || fail "since selected nothing in docker logs either"
logs_wait_lines "$UI_TMP/since.txt" || fail "since $since shows the wrong lines"
echo "since: $(wc -l <"$UI_TMP/since.txt") lines as docker logs --since"

# Saves: the buffer, the full log, and the full log with timestamps.
tmux_keys C-s
tmux_wait_for '^Save buffer' 5 || fail "C-s did not prompt"
tmux_keys C-u
tmux_text "$UI_TMP/buffer.log"
tmux_keys Enter
tmux_wait_for 'Saved [0-9]+ lines to' 5 || fail "no message after saving the buffer"
cmp "$UI_TMP/buffer.log" "$UI_TMP/since.raw" || fail "the saved buffer differs from docker logs"
tmux_keys C-s C-u
tmux_text "$UI_TMP/full.log"
tmux_keys Tab
tmux_wait_for '^Save full log' 5 || fail "Tab did not switch to the full log"
tmux_keys Enter
tmux_wait_for 'Saved the full log' 10 || fail "no message after the full save"
cmp "$UI_TMP/full.log" "$UI_TMP/since.raw" || fail "the full save differs from docker logs --since"
tmux_keys t C-s C-u
tmux_text "$UI_TMP/full-ts.log"
tmux_keys Tab Enter
tmux_wait_for "Saved the full log .*full-ts.log" 10 || fail "no message after the full save with timestamps"
$DOCKER logs -t --since "$since" "$c" >"$UI_TMP/since-ts.raw" 2>&1
cmp "$UI_TMP/full-ts.log" "$UI_TMP/since-ts.raw" || fail "the full save with timestamps differs from docker logs -t"
ls "$UI_TMP"/*.tmp.* >/dev/null 2>&1 && fail "a temporary file was left behind"
echo "save: buffer, full and full with timestamps equal docker logs (cmp)"

# A TTY container: raw bytes, \r\n lines, both streams in one.
tmux_keys q
tmux_wait_gone '^ Logs: ' 5 || fail "q did not close the pane"
logs_open tty
printf 'tty-out\ntty-err\ntty-last\n' >"$UI_TMP/tty.txt"
logs_wait_lines "$UI_TMP/tty.txt" || fail "the TTY container's lines are wrong"
tmux_keys C-s C-u
tmux_text "$UI_TMP/tty.log"
tmux_keys Tab Enter
tmux_wait_for 'Saved the full log' 10 || fail "no message after the TTY full save"
$DOCKER logs "${UI_PREFIX}tty" >"$UI_TMP/tty.raw" 2>&1
cmp "$UI_TMP/tty.log" "$UI_TMP/tty.raw" || fail "the TTY full save differs from docker logs"
echo "tty: lines shown, full save equals docker logs"

# Split layout: the table above the pane.
tmux_keys z
tmux_wait_for '^NAME' 5 || fail "z did not show the table above the logs"
tmux_screen | grep -q '^ Logs: ' || fail "the pane went away in the split layout"
tmux_keys z
tmux_wait_gone '^NAME' 5 || fail "z did not go back to full screen"
echo "layout: split and full screen"
ui_quit
