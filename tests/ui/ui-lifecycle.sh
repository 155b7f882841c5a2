#!/usr/bin/env bash
# Lifecycle actions through the dashboard, on real containers:
#  - `s` asks in a dialog naming the container; the default (Enter) is No
#    and leaves it running; `y` stops it, the row shows "stopping…" and
#    then "exited";
#  - Space marks three rows; one `s` asks once, listing all three; Yes
#    stops all three;
#  - F9 opens the kill menu; choosing SIGTERM asks, then sends it (the
#    engine's kill event carries signal 15);
#  - L edits the limits: memory 64m and memory+swap 128m, checked with
#    docker inspect; a bad size is refused in the dialog before sending;
#  - `S` on a running container reports the engine's 304; p pauses and
#    unpauses; R renames; D removes (f ticks force for a running one);
#  - Space on a compose project row marks its containers;
#  - with --read-only the same keys are refused with a message.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

state() {
    local out
    if out=$($DOCKER inspect -f '{{.State.Status}}' "$1" 2>/dev/null); then
        echo "$out"
    else
        echo absent
    fi
}
# wait_state NAME STATE SECONDS
wait_state() {
    local i
    for ((i = 0; i < $3 * 10; i++)); do
        [ "$(state "$1")" = "$2" ] && return 0
        sleep 0.1
    done
    return 1
}

for n in a b c d; do
    ui_run "$n" -- sleep 1000
done
a=${UI_PREFIX}a

conf=$(ui_config "set stop_timeout 1
set sort name")
ui_start 160 40 --config "$conf"
tmux_wait_for '^NAME' 10 || fail "no table"
ui_filter "$UI_PREFIX"
tmux_wait_for "${UI_PREFIX}d +running" 10 || fail "containers not shown"
tmux_keys Home

# --- stop asks; No is the default --------------------------------------------
tmux_keys s
tmux_wait_for 'Stop 1 container\?' 5 || fail "stop did not ask"
tmux_wait_for "$a" 5 || fail "the dialog does not name the container"
tmux_wait_for '\[ No \]' 5 || fail "the dialog has no No button"
tmux_keys Enter
tmux_wait_gone 'Stop 1 container\?' 5 || fail "Enter did not close the dialog"
tmux_wait_for '^Cancelled' 5 || fail "the default answer did not cancel"
sleep 1.5
[ "$(state "$a")" = running ] || fail "the default answer stopped the container"
echo "stop: default No leaves it running"

# --- yes stops it; the row shows stopping… then exited ----------------------------
tmux_keys s
tmux_wait_for 'Stop 1 container\?' 5 || fail "stop did not ask again"
tmux_keys y
tmux_wait_for "$a +stopping…" 5 || fail "the row did not show stopping…"
tmux_wait_for "$a +exited" 15 || fail "the row did not show exited"
tmux_wait_for "stopped $a" 15 || fail "the status line did not report the stop"
[ "$(state "$a")" = exited ] || fail "the container is not exited"
echo "stop: Yes shows stopping… then exited"

# --- start on a running one: the engine's 304 ---------------------------------------
tmux_keys j # b
tmux_keys S
tmux_wait_for "already running \(304\)" 10 || fail "start on a running container did not report 304"
echo "start: 304 reported"

# --- bulk: mark b, c, d; one confirmation listing them ----------------------------
tmux_keys Home j Space Space Space
tmux_keys s
tmux_wait_for 'Stop 3 containers\?' 5 || fail "bulk stop did not ask once for three"
for n in b c d; do
    tmux_screen | grep -q "${UI_PREFIX}$n  [0-9a-f]\{12\}" ||
        fail "the bulk dialog does not list ${UI_PREFIX}$n"
done
tmux_keys y
for n in b c d; do
    wait_state "${UI_PREFIX}$n" exited 20 || fail "${UI_PREFIX}$n was not stopped by the bulk stop"
done
tmux_wait_for '3 of 3 done' 15 || fail "the status line did not count the bulk results"
tmux_keys U
echo "bulk stop: one dialog, three stopped"

# --- kill menu: SIGTERM -----------------------------------------------------------
$DOCKER start "$a" >/dev/null || fail "restart of $a"
tmux_wait_for "$a +running" 10 || fail "$a not running again"
tmux_keys Home
since=$(date +%s)
tmux_keys F9
tmux_wait_for 'Send signal' 5 || fail "F9 did not open the kill menu"
tmux_keys Down
tmux_keys Enter
tmux_wait_for 'Kill with SIGTERM 1 container\?' 5 || fail "choosing SIGTERM did not ask"
tmux_keys y
tmux_wait_for "sent SIGTERM to $a" 10 || fail "the status line did not report SIGTERM"
sig=$($DOCKER events --since "$since" --until "$(($(date +%s) + 1))" \
    --filter "container=$a" --filter event=kill --format '{{.Actor.Attributes.signal}}' | tail -1)
[ "$sig" = 15 ] || fail "the engine saw signal '$sig', not 15"
echo "kill menu: SIGTERM sent"

# --- limits: memory 64m ----------------------------------------------------------
tmux_keys L
tmux_wait_for 'Resource limits' 5 || fail "L did not open the limits editor"
tmux_text "lots"
tmux_keys Enter
tmux_wait_for "not a size: 'lots'" 5 || fail "a bad size was not refused in the dialog"
tmux_keys C-u
tmux_text 64m
tmux_keys Tab
tmux_text 128m
tmux_keys Enter
tmux_wait_for "updated $a" 10 || fail "the update was not reported"
mem=$($DOCKER inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}' "$a")
[ "$mem" = "67108864 134217728" ] || fail "limits after the editor: $mem"
echo "limits: memory 64m applied"

# --- pause toggle --------------------------------------------------------------------
tmux_keys p
tmux_wait_for "$a +paused" 10 || fail "p did not pause"
tmux_keys p
tmux_wait_for "$a +running" 10 || fail "p did not unpause"
echo "pause toggle: paused, then running"

# --- rename ---------------------------------------------------------------------------
z=${UI_PREFIX}z
tmux_keys R
tmux_wait_for ' Rename ' 5 || fail "R did not open the rename dialog"
tmux_keys C-u
tmux_text "$z"
tmux_keys Enter
tmux_wait_for "renamed $a to $z" 10 || fail "the rename was not reported"
[ "$(state "$z")" = running ] || fail "no running $z after the rename"
echo "rename: done"

# --- remove: a stopped one, then a running one with force -------------------------------
tmux_keys Home # b, exited
tmux_keys D
tmux_wait_for 'Remove 1 container\?' 5 || fail "D did not ask"
tmux_wait_for '\[ \] force' 5 || fail "the remove dialog lacks the force option"
tmux_keys y
tmux_wait_for "removed ${UI_PREFIX}b" 10 || fail "the removal was not reported"
[ "$(state "${UI_PREFIX}b")" = absent ] || fail "${UI_PREFIX}b still exists"
tmux_keys End # z, running
tmux_keys D
tmux_wait_for 'Remove 1 container\?' 5 || fail "D did not ask (running)"
tmux_keys f
tmux_wait_for '\[x\] force' 5 || fail "f did not tick force"
tmux_keys y
tmux_wait_for "removed $z" 15 || fail "the forced removal was not reported"
[ "$(state "$z")" = absent ] || fail "$z still exists after a forced removal"
echo "remove: stopped, and running with force"

# --- a project row marks its containers ------------------------------------------------
ui_run p1 --label "com.docker.compose.project=${UI_PREFIX}proj" -- sleep 1000
ui_run p2 --label "com.docker.compose.project=${UI_PREFIX}proj" -- sleep 1000
ui_filter "${UI_PREFIX}p"
tmux_keys t
tmux_wait_for "${UI_PREFIX}proj +2 running of 2" 10 || fail "no project row"
tmux_keys Home Space
tmux_keys K
tmux_wait_for 'Kill with SIGKILL 2 containers\?' 5 || fail "Space on the project row did not mark both"
for n in p1 p2; do
    tmux_screen | grep -q "${UI_PREFIX}$n  [0-9a-f]\{12\}" || fail "the dialog does not list $n"
done
tmux_keys y
for n in p1 p2; do
    wait_state "${UI_PREFIX}$n" exited 15 || fail "${UI_PREFIX}$n not killed"
done
echo "project row: marks its containers; one kill for both"
ui_quit
tmux_stop

# --- read-only: refused with a message, nothing sent ---------------------------------
a=${UI_PREFIX}ro
ui_run ro -- sleep 1000
TMUX_HOME=$(mktemp -d "$UI_TMP/home.XXXXXX")
ui_start 160 40 --read-only --config "$conf"
tmux_wait_for '^NAME' 10 || fail "no table (read-only)"
ui_filter "$a"
tmux_wait_for "$a +running" 10 || fail "$a not shown (read-only)"
tmux_keys Home
for key in s K D L; do
    tmux_keys "$key"
    tmux_wait_for "^read-only mode: '[a-z_]+' is blocked" 3 || fail "key $key was not refused"
    tmux_screen | grep -q 'container\?' && fail "key $key opened a dialog in read-only mode"
    tmux_keys j
done
[ "$(state "$a")" = running ] || fail "read-only mode let an action through"
echo "read-only: refused with a message"
ui_quit
