#!/usr/bin/env bash
# The container table on the real engine: running containers appear,
# stopped ones stay hidden until the toggle (config `set show_stopped no`),
# the filter narrows as typed and Esc clears it, the sort menu sorts by
# name and `I` inverts it (row order checked on the screen), `>` moves the
# sort to the next column, and the selection follows its container.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

ui_run a -- sh -c 'sleep 1000'
ui_run c -- sh -c 'sleep 1000'
ui_run b -- sh -c 'sleep 1000'
ui_run s -- sh -c 'exit 3'
# The stopped one must really be stopped before berth looks.
for _ in $(seq 1 50); do
    [ "$($DOCKER inspect -f '{{.State.Status}}' "${UI_PREFIX}s")" = exited ] && break
    sleep 0.1
done

conf=$(ui_config 'set show_stopped no')
ui_start 160 40 --config "$conf"
tmux_wait_for '^NAME ' 10 || fail "no table"
ui_filter "$UI_PREFIX"

tmux_wait_for "${UI_PREFIX}a .*running" 10 || fail "running container a not shown"
tmux_wait_for "${UI_PREFIX}b .*running" 5 || fail "running container b not shown"
tmux_wait_for "${UI_PREFIX}c .*running" 5 || fail "running container c not shown"
tmux_screen | grep -q "${UI_PREFIX}s " && fail "stopped container shown before the toggle"
echo "running containers shown, stopped one hidden"

tmux_keys H
tmux_wait_for "${UI_PREFIX}s .*exited" 5 || fail "stopped container not shown after H"
tmux_keys H
tmux_wait_gone "${UI_PREFIX}s " 5 || fail "stopped container still shown after the second H"
echo "H shows and hides stopped containers"

# Sort by name through the sort menu (F6, Home, Enter).
tmux_keys F6
tmux_wait_for 'Sort by' 5 || fail "the sort menu did not open"
tmux_keys Home Enter
tmux_wait_for 'Sorted by NAME' 5 || fail "no sort confirmation"
ui_expect_order a b c || fail "rows not in name order"
tmux_wait_for "NAME▲" 5 || fail "no ascending arrow on the name column"
tmux_keys I
tmux_wait_for "NAME▼" 5 || fail "no descending arrow after I"
ui_expect_order c b a || fail "rows not in reverse name order after I"
tmux_keys I
tmux_wait_for "NAME▲" 5 || fail "no ascending arrow after the second I"
ui_expect_order a b c || fail "second I did not restore the order"
echo "sort by name and invert reorder the rows"

# > moves the sort to the next visible column (name -> state).
tmux_keys '>'
tmux_wait_for 'Sorted by STATE' 5 || fail "> did not move the sort column"
tmux_keys '<'
tmux_wait_for 'Sorted by NAME' 5 || fail "< did not move the sort column back"

# Filter narrows to one, Esc clears.
tmux_keys / C-u
tmux_text "${UI_PREFIX}b"
tmux_wait_for "^Filter: ${UI_PREFIX}b" 5 || fail "prompt does not show the typed filter"
sleep 0.2
[ "$(ui_names | sort -u | tr '\n' ' ')" = "b " ] || fail "filter did not narrow to b: $(ui_names | tr '\n' ' ')"
tmux_keys Escape
tmux_wait_gone '^Filter:' 5 || fail "Esc did not clear the filter"
tmux_wait_for "${UI_PREFIX}a " 5 || fail "a not back after Esc"
tmux_wait_for "${UI_PREFIX}c " 5 || fail "c not back after Esc"
echo "filter narrows, Esc clears"

# The selection follows container b across a re-sort: Enter opens the
# details of the selected container.
ui_filter "$UI_PREFIX"
tmux_keys Home j
tmux_keys I
sleep 0.3
tmux_keys Enter
tmux_wait_for "Details: ${UI_PREFIX}b" 5 || fail "selection did not stay on b after the re-sort"
tmux_wait_for "ID +[0-9a-f]{64}" 5 || fail "details show no id"
tmux_keys Escape
tmux_wait_for '^NAME' 5 || fail "Esc did not close the details"
echo "selection follows the container; details open and close"

tmux_keys q
for _ in $(seq 1 50); do
    tmux_dead && break
    sleep 0.1
done
tmux_dead || fail "q did not quit"
ui_check_exit
echo "q quits and hands the terminal back"
