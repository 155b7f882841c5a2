#!/usr/bin/env bash
# A `docker stop` made outside berth shows in the table within one second
# (the worker follows /events): the time from the stop command returning
# to the screen showing "exited" is measured and printed for five stops,
# and each must be under 1000 ms. (This caught the engine sending `die`
# before its list stops saying "running": a list fetched on the event
# flipped the row back to running for about a second.)
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

limit_ms=1000
n=5
for i in $(seq 1 $n); do
    # Exits at once on SIGTERM, so the stop itself is quick.
    ui_run "stop$i" -- sh -c 'trap "exit 0" TERM; while :; do sleep 0.2; done'
done

ui_start 160 30
tmux_wait_for '^NAME' 10 || fail "no table"
ui_filter "${UI_PREFIX}stop"
for i in $(seq 1 $n); do
    tmux_wait_for "${UI_PREFIX}stop$i +running" 10 || fail "stop$i not shown running"
done

slow=0
worst=0
for i in $(seq 1 $n); do
    $DOCKER stop -t 5 "${UI_PREFIX}stop$i" >/dev/null || fail "docker stop failed"
    t0=$(ui_ms)
    seen=""
    while [ $(($(ui_ms) - t0)) -lt 3000 ]; do
        if tmux_screen | grep -Eq "${UI_PREFIX}stop$i +exited"; then
            seen=$(($(ui_ms) - t0))
            break
        fi
        sleep 0.02
    done
    [ -n "$seen" ] || fail "stop$i not shown as exited within 3 s"
    echo "stop$i: shown exited ${seen} ms after docker stop returned"
    [ "$seen" -gt "$worst" ] && worst=$seen
    [ "$seen" -ge "$limit_ms" ] && slow=$((slow + 1))
done
echo "worst latency: ${worst} ms (limit ${limit_ms} ms)"
[ "$slow" -eq 0 ] || fail "$slow of $n stops took ${limit_ms} ms or more to show"
ui_quit
