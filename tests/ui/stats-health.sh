#!/usr/bin/env bash
# Health on the real engine: a container whose healthcheck passes turns
# healthy; once its check starts failing it turns unhealthy in the table
# (in the health colour) within seconds, well before the safety relist
# (30 s), so the health_status event carried it; its detail view shows
# the status, the failing streak and the failing check's output with its
# exit code.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

ui_run sick --health-cmd 'test ! -e /sick || { echo failing-check; exit 1; }' \
    --health-interval 1s --health-retries 1 -- sleep 1000
ui_run well -- sleep 1000
ui_start 160 40
tmux_wait_for '^NAME ' 10 || fail "no table"
ui_filter "$UI_PREFIX"
tmux_wait_for "${UI_PREFIX}sick .*running" 10 || fail "container not shown"
tmux_wait_for "${UI_PREFIX}sick .*running +healthy" 15 || fail "the row did not turn healthy"
$DOCKER exec "${UI_PREFIX}sick" sh -c ": >/sick" || fail "docker exec failed"
start=$SECONDS
tmux_wait_for "${UI_PREFIX}sick .*running +unhealthy" 15 || fail "the row did not turn unhealthy"
echo "unhealthy after $((SECONDS - start)) s"
[ $((SECONDS - start)) -lt 15 ] || fail "health shown only after $((SECONDS - start)) s"
tmux_screen | grep -q "${UI_PREFIX}well .*unhealthy" && fail "the healthy-less container shows unhealthy"

# The colour: the unhealthy word is drawn in a colour the healthy-less
# row's health cell does not have (any SGR before it on that line).
line=$(_tmux capture-pane -t main -p -e | grep "${UI_PREFIX}sick")
sgr=$(printf '%s' "$line" | sed 's/unhealthy.*//' | grep -o $'\e\\[[0-9;]*m' | tail -n 1)
[ -n "$sgr" ] && [ "$sgr" != $'\e[0m' ] && [ "$sgr" != $'\e[m' ] ||
    fail "unhealthy drawn without a colour ('$sgr')"

# The detail view: move to the row, Enter.
for _ in $(seq 1 5); do
    tmux_screen | grep -q "^[^ ]* *${UI_PREFIX}sick" || true
done
ui_names | grep -qx sick || fail "sick not listed"
# Select it: the rows are sorted by CPU; walk until the details name it.
tmux_keys Home
found=""
for _ in 1 2 3; do
    tmux_keys Enter
    if tmux_wait_for 'Details: ' 5; then
        if tmux_screen | grep -q "Details: ${UI_PREFIX}sick"; then
            found=1
            break
        fi
        tmux_keys Escape Down
    fi
done
[ -n "$found" ] || fail "could not open the details of ${UI_PREFIX}sick"
tmux_wait_for 'Status +unhealthy' 10 || fail "the details show no unhealthy status"
tmux_wait_for 'Streak +[1-9][0-9]* failed in a row' 10 || fail "no failing streak"
tmux_wait_for 'Last check .* exit 1' 10 || fail "no last check with exit code 1"
tmux_wait_for '^ +failing-check' 10 || fail "the failing check's output is not shown"
echo "details show status, streak and the check's output"
tmux_keys Escape
ui_quit
