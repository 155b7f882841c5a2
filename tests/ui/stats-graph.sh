#!/usr/bin/env bash
# The stats view on the real engine: a container that idles, then burns a
# core, makes the CPU graph rise. `v` opens the view; the CPU line's
# "now" value and the number of lit braille dots in the CPU graph are read
# while idle and again while busy, and both must grow. `%` switches the
# CPU display to a share of the host and the scale line says so; the
# view's other graphs (memory, PIDs, network, block) are present, and
# block I/O shows n/a or a figure, never an empty graph where accounting
# is missing.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

command -v python3 >/dev/null || fail "python3 is needed to count braille dots"

# Idle for a while, then one busy core.
ui_run burn -- sh -c 'sleep 8; while :; do :; done'
ui_start 100 40 --delay 1
tmux_wait_for '^NAME ' 10 || fail "no table"
ui_filter "${UI_PREFIX}burn"
tmux_wait_for "${UI_PREFIX}burn .*running" 10 || fail "container not shown"
tmux_keys v
tmux_wait_for 'Stats: .*burn' 5 || fail "v did not open the stats view"
tmux_wait_for '^ CPU +now ' 10 || fail "no CPU figure in the stats view"
for what in Memory PIDs 'Net receive' 'Net transmit' 'Block read' 'Block write'; do
    tmux_screen | grep -q "^ $what " || fail "the stats view has no '$what' graph"
done
tmux_screen | grep -Eq 'now *$' || fail "no time axis ('now' at the right edge)"

# The CPU graph's dots: the rows between the CPU title and the next title.
cpu_dots() {
    tmux_screen | python3 -c '
import sys
lines = sys.stdin.read().split("\n")
start = next(i for i, l in enumerate(lines) if l.startswith(" CPU "))
n = 0
for l in lines[start + 1:]:
    if l.startswith(" ") and len(l) > 1 and l[1].isalpha():
        break
    n += sum(bin(ord(c) - 0x2800).count("1") for c in l if 0x2800 <= ord(c) <= 0x28FF)
print(n)'
}
cpu_now() {
    tmux_screen | sed -n 's/^ CPU  *now \([0-9.]*\)%.*/\1/p' | head -n 1
}

idle_now=$(cpu_now)
idle_dots=$(cpu_dots)
[ -n "$idle_now" ] || fail "cannot read the CPU value while idle"
echo "idle: CPU now ${idle_now}%, ${idle_dots} dots"
awk -v v="$idle_now" 'BEGIN { exit !(v < 30) }' || fail "CPU ${idle_now}% while the container sleeps"

# Wait for the busy phase to show (generous: 8 s idle, then samples).
deadline=$((SECONDS + 30))
busy_now=""
while [ $SECONDS -lt $deadline ]; do
    busy_now=$(cpu_now)
    if [ -n "$busy_now" ] && awk -v v="$busy_now" 'BEGIN { exit !(v > 60) }'; then
        break
    fi
    sleep 0.5
done
awk -v v="${busy_now:-0}" 'BEGIN { exit !(v > 60) }' ||
    { tmux_screen | sed 's/^/  |/' >&2; fail "CPU did not rise above 60% (last: '${busy_now}')"; }
sleep 3 # a few busy samples in the graph
busy_dots=$(cpu_dots)
echo "busy: CPU now ${busy_now}%, ${busy_dots} dots"
[ "$busy_dots" -gt "$idle_dots" ] || fail "the CPU graph did not rise ($idle_dots -> $busy_dots dots)"
tmux_screen | grep -q 'peak' || fail "no peak figure"

# The toggle: a share of the host.
ncpu=$($DOCKER info -f '{{.NCPU}}')
tmux_keys %
tmux_wait_for "of host: $ncpu CPUs" 5 || fail "% did not switch CPU to a share of the host"
tmux_keys %
tmux_wait_for 'CPU of limit' 5 || fail "% did not switch CPU to a share of the limit"
tmux_wait_for 'no limit set' 5 || fail "the limit mode does not say the container has no limit"
tmux_keys %
tmux_wait_for 'CPU per core' 5 || fail "% did not come back to per core"

tmux_keys Escape
tmux_wait_gone 'Stats: ' 5 || fail "Esc did not close the stats view"
ui_quit
