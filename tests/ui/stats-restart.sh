#!/usr/bin/env bash
# A restart resets the container's counters: the stats view must show no
# spike across it. With the view open, the container (busy on one core and
# moving some network bytes) is restarted; after it the CPU peak stays
# below 100 % × the host's CPUs (a reset read as a delta would be huge or
# negative) and the network peak stays a plausible rate.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

ui_run rst -- sh -c 'while :; do :; done'
ui_start 100 40 --delay 1
tmux_wait_for '^NAME ' 10 || fail "no table"
ui_filter "${UI_PREFIX}rst"
tmux_wait_for "${UI_PREFIX}rst .*running" 10 || fail "container not shown"
tmux_keys v
tmux_wait_for 'Stats: .*rst' 5 || fail "v did not open the stats view"
tmux_wait_for '^ CPU +now [0-9]' 15 || fail "no CPU figure before the restart"

$DOCKER restart -t 0 "${UI_PREFIX}rst" >/dev/null || fail "docker restart failed"
# Samples after the restart: wait for a few seconds of them.
sleep 5
tmux_wait_for '^ CPU +now [0-9]' 15 || fail "no CPU figure after the restart"

ncpu=$($DOCKER info -f '{{.NCPU}}')
peak=$(tmux_screen | sed -n 's/^ CPU .*peak \([0-9.-]*\)%.*/\1/p' | head -n 1)
now=$(tmux_screen | sed -n 's/^ CPU  *now \([0-9.-]*\)%.*/\1/p' | head -n 1)
echo "after restart: CPU now ${now}%, peak ${peak}% (${ncpu} CPUs)"
[ -n "$peak" ] || fail "cannot read the CPU peak"
awk -v p="$peak" -v n="$ncpu" 'BEGIN { exit !(p >= 0 && p <= 100 * n + 1) }' ||
    fail "CPU peak ${peak}% across the restart is a spike (host has ${ncpu} CPUs)"
awk -v p="$now" 'BEGIN { exit !(p > 50) }' || fail "CPU ${now}% after the restart: not sampling"
# Rates: a reset must not read as terabytes per second.
for what in 'Net receive' 'Net transmit'; do
    line=$(tmux_screen | grep "^ $what ")
    echo "$line" | grep -Eq 'peak [0-9.]+ ?[TPE]B/s|peak -' &&
        fail "$what spiked across the restart: $line"
done
tmux_keys Escape
ui_quit
