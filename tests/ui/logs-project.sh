#!/usr/bin/env bash
# The project view: two containers of one compose project write lines in
# turn; l on the project row shows both logs interleaved by time (as their
# timestamps order them), each line prefixed with its service, the two
# services in different colours. Marking two containers and pressing l
# shows the same two logs.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"
. "$BERTH_SRCDIR/tests/ui/lib/logs.sh"

proj="${UI_PREFIX}shop"
label=com.docker.compose.project
# web writes at 0, 1, 2 s; db, started a little later, in between.
# shellcheck disable=SC2016 # expanded by the container's shell
ui_run web --label "$label=$proj" --label com.docker.compose.service=web -- \
    sh -c 'for i in 1 2 3; do echo "web-$i"; sleep 1; done; exec sleep 1000'
sleep 0.3
# shellcheck disable=SC2016 # expanded by the container's shell
ui_run db --label "$label=$proj" --label com.docker.compose.service=db -- \
    sh -c 'for i in 1 2 3; do echo "db-$i"; sleep 1; done; exec sleep 1000'
sleep 2.5

# The order the timestamps give, service-prefixed.
{
    $DOCKER logs -t "${UI_PREFIX}web" 2>&1 | sed 's/^\([^ ]*\) /\1 web | /'
    $DOCKER logs -t "${UI_PREFIX}db" 2>&1 | sed 's/^\([^ ]*\) /\1 db | /'
} | sort | cut -d' ' -f2- >"$UI_TMP/want.txt"
[ "$(wc -l <"$UI_TMP/want.txt")" -eq 6 ] || fail "the containers wrote $(wc -l <"$UI_TMP/want.txt") lines, not 6"
want_order=$(cut -d' ' -f3 "$UI_TMP/want.txt" | tr '\n' ' ')
# The check below must be able to tell interleaving from concatenation.
case "$want_order" in
"web-1 web-2 web-3 "* | "db-1 db-2 db-3 "*) fail "the lines were not written interleaved: $want_order" ;;
esac

ui_start 160 40 --config "$(ui_config 'set sort name')"
tmux_wait_for '^NAME' 10 || fail "no table"
ui_filter "$UI_PREFIX"
tmux_wait_for "^${UI_PREFIX}web " 10 || fail "containers not shown"
tmux_keys F5
tmux_wait_for "▾ ${proj} " 5 || fail "no project row"
tmux_keys Home l
tmux_wait_for "^ Logs: project ${proj} \\(2 containers\\)" 10 || fail "the project pane did not open"
logs_wait_lines "$UI_TMP/want.txt" || fail "the project's lines are not interleaved by time"
echo "project: $(logs_lines | cut -d' ' -f3 | tr '\n' ' ')"
web=$(logs_colour 'web | ')
db=$(logs_colour 'db | ')
if [ "$web" = default ] || [ "$db" = default ] || [ "$web" = "$db" ]; then
    fail "services not in their own colours (web $web, db $db)"
fi
echo "service prefixes in their own colours (web $web, db $db)"

# The marked containers: the same two logs.
tmux_keys q
tmux_wait_gone '^ Logs: ' 5 || fail "q did not close the pane"
tmux_keys t
tmux_wait_for 'Not grouped' 5 || fail "t did not ungroup"
tmux_keys Home Space Space l
tmux_wait_for '^ Logs: 2 containers' 10 || fail "the pane for the marked containers did not open"
sed "s/^web |/${UI_PREFIX}web |/; s/^db |/${UI_PREFIX}db |/" "$UI_TMP/want.txt" >"$UI_TMP/want-marked.txt"
logs_wait_lines "$UI_TMP/want-marked.txt" || fail "the marked containers' lines are wrong"
echo "marked: both logs, interleaved"
ui_quit
