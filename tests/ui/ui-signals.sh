#!/usr/bin/env bash
# The terminal is handed back on every way out: after SIGTERM, SIGINT and
# SIGHUP berth leaves the alternate screen, shows the cursor again, stops
# mouse reports and exits with status 0; the same after F10 from inside a
# dialog-free screen.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

for sig in TERM INT HUP; do
    ui_start 100 30
    tmux_wait_for '^NAME' 10 || fail "no table"
    flags=$(_tmux display-message -t main -p '#{alternate_on} #{mouse_sgr_flag}')
    [ "$flags" = "1 1" ] || fail "berth did not take the terminal (flags $flags)"
    pid=$(ui_pid)
    [ -n "$pid" ] || fail "no berth process"
    kill -"$sig" "$pid" || fail "cannot signal $pid"
    for _ in $(seq 1 50); do
        tmux_dead && break
        sleep 0.1
    done
    tmux_dead || fail "berth did not end on SIG$sig"
    ui_check_exit
    echo "SIG$sig: exited 0, terminal handed back"
    tmux_stop
    TMUX_HOME=$(mktemp -d "$UI_TMP/home.XXXXXX")
done

ui_start 100 30
tmux_wait_for '^NAME' 10 || fail "no table"
tmux_keys F10
for _ in $(seq 1 50); do
    tmux_dead && break
    sleep 0.1
done
tmux_dead || fail "F10 did not quit"
ui_check_exit
echo "F10: exited 0, terminal handed back"
