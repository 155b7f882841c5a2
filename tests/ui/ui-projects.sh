#!/usr/bin/env bash
# The projects panel in tmux: a compose project started by the compose
# tool appears under 2 with its status counts, folder and file; Enter
# unfolds its services with their containers; u opens the up dialog, and
# with force-recreate checked runs up: the output pane shows the command
# line, the tool's output and "exit 0", and the containers are new; d asks
# (the options dialog, then y/n: n keeps the project), then removes it; an
# up that fails (a missing image) shows the tool's error and its exit
# status in the error colour; --read-only refuses up; with no compose tool
# in PATH up says so, naming both tools. e hands the project's compose file
# to $EDITOR and checks it when the editor is done.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

command -v docker-compose >/dev/null || fail "docker-compose not installed (Debian: docker-compose)"
proj=${UI_PREFIX}p
dir=$UI_TMP/proj
mkdir -p "$dir"
cat >"$dir/compose.yml" <<YAML
services:
  web:
    image: $BERTH_TEST_IMAGE
    command: sleep 1000
    init: true
  db:
    image: $BERTH_TEST_IMAGE
    command: sleep 1000
    init: true
YAML
down_all() { (cd "$dir" && docker-compose -p "$proj" down -t 0 >/dev/null 2>&1); }
trap 'down_all; ui_cleanup' EXIT
(cd "$dir" && docker-compose -p "$proj" up -d >/dev/null 2>&1) || fail "docker-compose up failed"
cid() { $DOCKER ps -aq --no-trunc --filter "label=com.docker.compose.project=$proj" \
    --filter "label=com.docker.compose.service=$1"; }
web=$(cid web)
[ -n "$web" ] || fail "no web container"

other=$UI_TMP/other-editor
printf '#!/bin/sh\necho "# touched by the other editor" >>"$1"\n' >"$other"
chmod +x "$other"
UI_ENV="EDITOR=$other"
ui_start 220 30
tmux_wait_for '^NAME' 10 || fail "no table"
tmux_keys 2
tmux_wait_for '^PROJECT +STATUS +SERVICES +WORKING DIR +CONFIG FILES' 10 ||
    fail "2 did not open the projects panel"
ui_filter "$proj"
tmux_wait_for "$proj +2 running +0 exited +0 crashed +0 unhealthy +2 +$dir +$dir/compose.yml" 10 ||
    fail "the project row (counts, services, folder, file) is not shown"
echo "ok: project listed with its counts"

tmux_keys Enter
tmux_wait_for "^ +db +1 running .* 1 ctr +${proj}_db_1 running" 5 || fail "Enter did not show db"
tmux_wait_for "^ +web +1 running .* 1 ctr +${proj}_web_1 running" 5 || fail "Enter did not show web"
tmux_keys Enter
tmux_wait_gone "${proj}_web_1 running" 5 || fail "Enter did not fold the services"
echo "ok: services unfold and fold"

tmux_keys u
tmux_wait_for "compose up -d $proj" 5 || fail "u did not open the up dialog"
tmux_wait_for "Force recreate" 5 || fail "the up dialog has no force-recreate box"
tmux_keys Tab f y
tmux_wait_for "\\$ .*docker-compose --ansi never -p $proj -f $dir/compose.yml --project-directory $dir up -d --force-recreate" 10 ||
    fail "the output pane does not show the command line"
tmux_wait_for "^ *exit 0" 30 || fail "up did not end with exit 0"
tmux_wait_for "Recreating ${proj}_web_1" 5 || fail "the tool's output is not shown"
new=$(cid web)
[ -n "$new" ] && [ "$new" != "$web" ] || fail "up --force-recreate did not replace web"
tmux_wait_for "compose up $proj: exit 0" 5 || fail "the status line does not say exit 0"
tmux_keys Escape
tmux_wait_for '^PROJECT +STATUS' 5 || fail "Esc did not close the output pane"
echo "ok: up with force-recreate, output pane, exit 0"

tmux_keys e
tmux_wait_for "$dir/compose.yml: (no errors, )?[0-9]+ warnings?$" 10 || fail "e did not run \$EDITOR and check the file"
tail -n 1 "$dir/compose.yml" | grep -q 'touched by the other editor' || fail "\$EDITOR did not get the file"
tmux_wait_for '^PROJECT +STATUS' 5 || fail "the panel is not back after the editor"
echo "ok: e ran \$EDITOR on the compose file and checked it"

tmux_keys d
tmux_wait_for "compose down $proj" 5 || fail "d did not open the down dialog"
tmux_keys Enter
tmux_wait_for "Down $proj: remove its containers and networks\\? y/n" 5 || fail "d did not ask"
tmux_keys n
sleep 1
[ -n "$(cid web)" ] || fail "answering n took the project down"
tmux_keys d
tmux_wait_for "compose down $proj" 5 || fail "d did not open the down dialog again"
tmux_keys Enter
tmux_wait_for "Down $proj: .*y/n" 5 || fail "d did not ask again"
tmux_keys y
tmux_wait_for "\\$ .*-p $proj .* down" 10 || fail "the down command line is not shown"
tmux_wait_for "^ *exit 0" 30 || fail "down did not end with exit 0"
[ -z "$(cid web)$(cid db)" ] || fail "down left containers"
tmux_keys Escape
tmux_wait_gone "^. $proj +[0-9]+ running" 10 || fail "the project is still listed after down"
echo "ok: down asks, then removes"

# A failing up: the project exists (labels) but its file now names a
# missing image.
(cd "$dir" && docker-compose -p "$proj" up -d >/dev/null 2>&1) || fail "docker-compose up failed"
sed -i "s|image: $BERTH_TEST_IMAGE|image: ${proj}-missing:never|" "$dir/compose.yml"
tmux_wait_for "$proj +2 running" 10 || fail "the project did not come back"
tmux_keys u
tmux_wait_for "compose up -d $proj" 5 || fail "u did not open the dialog"
tmux_keys Tab f y
tmux_wait_for "^ *exit [1-9]" 30 || fail "the failing up did not show a non-zero exit"
tmux_wait_for "(no such host|not found|pull access denied|denied|dial tcp)" 5 ||
    fail "the tool's error is not shown"
tmux_wait_for "compose up $proj: exit [1-9]" 5 || fail "the status line does not show the failure"
tmux_keys Escape
echo "ok: a failing up shows the error and exit status"
ui_quit
tmux_stop

# Read-only: up is refused.
ui_start 220 30 --read-only
tmux_wait_for '^NAME' 10 || fail "no table (read-only)"
tmux_keys 2
tmux_wait_for '^PROJECT +STATUS' 10 || fail "no projects panel (read-only)"
tmux_keys u
tmux_wait_for "read-only" 5 || fail "read-only mode did not refuse up"
echo "ok: read-only refuses up"
ui_quit
tmux_stop

# No compose tool in PATH.
bindir=$UI_TMP/nobin
mkdir -p "$bindir"
# Only what starting berth needs (/bin is /usr/bin on merged systems).
ln -s "$(command -v sh)" "$bindir/sh"
UI_ENV="PATH=$bindir" ui_start 220 30
tmux_wait_for '^NAME' 10 || fail "no table (no tool)"
tmux_keys 2
ui_filter "$proj"
tmux_wait_for "$proj +2 running" 10 || fail "the project is not listed (no tool)"
tmux_keys u
tmux_wait_for "compose up -d $proj" 5 || fail "u did not open the dialog (no tool)"
tmux_keys Enter
tmux_wait_for "No compose tool found: neither the docker compose plugin .* nor docker-compose" 10 ||
    fail "no clear message without a compose tool"
echo "ok: no compose tool: the message names both"
ui_quit
tmux_stop
