#!/usr/bin/env bash
# Resizing: from 160x40 down to the minimum 40x10 the screen is laid out
# again with nothing left over from the wide layout (each line is what
# that line should be), below the minimum one "too small" line shows, and
# back at full size the wide table returns and keys are still answered.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

ui_run r1 -- sleep 1000
ui_start 160 40
tmux_wait_for '^NAME' 10 || fail "no table"
ui_filter "$UI_PREFIX"
tmux_wait_for "${UI_PREFIX}r1 " 10 || fail "container not shown"
tmux_wait_for 'BLOCK I/O' 5 || fail "wide layout lacks the BLOCK I/O column"

check_small() {
    local screen rows
    screen=$(tmux_screen)
    rows=$(printf '%s\n' "$screen" | wc -l)
    [ "$rows" -eq 10 ] || fail "screen has $rows lines, want 10"
    printf '%s\n' "$screen" | awk 'length($0) > 40 { exit 1 }' || fail "a line is wider than 40"
    # Line by line: counts, meters, table title, the row, blank rows,
    # the status line, the footer.
    local line
    line=$(printf '%s\n' "$screen" | sed -n 1p)
    [[ "$line" == Containers* ]] || fail "line 1 is not the counts line: '$line'"
    line=$(printf '%s\n' "$screen" | sed -n 2p)
    [[ "$line" == CPU\[* ]] || fail "line 2 is not the meters line: '$line'"
    line=$(printf '%s\n' "$screen" | sed -n 3p)
    [[ "$line" == NAME* ]] || fail "line 3 is not the table title: '$line'"
    line=$(printf '%s\n' "$screen" | sed -n 4p)
    [[ "$line" == "${UI_PREFIX}r1 "* ]] || fail "line 4 is not the container row: '$line'"
    for n in 5 6 7; do
        line=$(printf '%s\n' "$screen" | sed -n ${n}p)
        [ -z "$line" ] || fail "line $n should be empty, is '$line'"
    done
    line=$(printf '%s\n' "$screen" | sed -n 10p)
    [[ "$line" == F1Help* ]] || fail "line 10 is not the footer: '$line'"
    printf '%s\n' "$screen" | grep -Eq 'BLOCK I/O|MEM USAGE|every [0-9.]+s' &&
        fail "text of the wide layout left on the small screen"
    return 0
}

tmux_resize 40 10
tmux_wait_for '^F1Help' 5 || fail "no footer at 40x10"
tmux_wait_gone 'BLOCK I/O' 5 || fail "wide columns still shown at 40x10"
sleep 0.3
check_small
echo "40x10: laid out again, nothing left over"

# Keys still work at the minimum: help opens and closes.
tmux_keys F1
tmux_wait_for 'berth keys' 5 || fail "help did not open at 40x10"
tmux_keys Escape
tmux_wait_for '^NAME' 5 || fail "help did not close at 40x10"

tmux_resize 30 8
tmux_wait_for '^Terminal too small' 5 || fail "no 'too small' line at 30x8"
[ "$(tmux_screen | grep -c .)" -eq 1 ] || fail "more than one line drawn below the minimum"
echo "30x8: one 'too small' line"

tmux_resize 160 40
tmux_wait_for 'BLOCK I/O' 5 || fail "wide layout not back at 160x40"
tmux_wait_for "${UI_PREFIX}r1 .*running" 5 || fail "row not back at 160x40"
tmux_screen | grep -q 'Terminal too small' && fail "'too small' line left over"
tmux_keys F1
tmux_wait_for 'berth keys' 5 || fail "help did not open after the resizes"
tmux_keys Escape
tmux_wait_for 'BLOCK I/O' 5 || fail "help did not close after the resizes"
echo "back to 160x40: wide table, keys answered"
ui_quit
