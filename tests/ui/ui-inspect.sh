#!/usr/bin/env bash
# Looking into a container: the details view (Enter) shows the inspect
# data with environment values masked until M reveals them, mounts,
# labels and limits; the top view (T) lists the container's processes and
# follows new ones; the raw JSON view (i) folds and finds; y copies with
# OSC 52 and says the terminal may not support it.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

secret="hunter-$RANDOM$RANDOM"
ui_run ins -e "SECRET_TOKEN=$secret" -v /data --label "berth.test=label-$$" \
    --memory 64m -- sleep 1000

ui_start 160 70
tmux_wait_for '^NAME' 10 || fail "no table"
ui_filter "${UI_PREFIX}ins"
tmux_wait_for "${UI_PREFIX}ins +running" 10 || fail "container not shown"

tmux_keys Enter
tmux_wait_for 'Details: ' 5 || fail "details did not open"
tmux_wait_for 'Environment \(M shows the values\)' 10 || fail "no environment section"
tmux_wait_for 'SECRET_TOKEN=\*{8}' 5 || fail "the secret is not masked"
tmux_screen | grep -q "$secret" && fail "the secret value shows before it is revealed"
tmux_wait_for 'volume [0-9a-f]{64} -> /data \(rw\)' 5 || fail "the mount is not shown"
tmux_wait_for "berth.test=label-$$" 5 || fail "the label is not shown"
tmux_wait_for 'Memory +64MiB' 5 || fail "the memory limit is not shown"
tmux_wait_for 'Entrypoint +\(none\)' 5 || fail "the entrypoint is not shown"
tmux_wait_for 'Cmd +sleep 1000' 5 || fail "the command is not shown"
tmux_wait_for 'Network +bridge: [0-9.]+' 5 || fail "the network address is not shown"
echo "details: masked environment, mount, label, limits, network"
tmux_keys M
tmux_wait_for "SECRET_TOKEN=$secret" 5 || fail "M did not reveal the value"
tmux_keys M
tmux_wait_for 'SECRET_TOKEN=\*{8}' 5 || fail "M did not mask the value again"
echo "M reveals and masks the environment values"
tmux_keys y
tmux_wait_for 'Copied the id \(64 bytes\) with OSC 52; the terminal must support OSC 52' 5 ||
    fail "y did not report the OSC 52 copy"
tmux_keys Escape
tmux_wait_gone 'Details: ' 5 || fail "details did not close"

tmux_keys T
tmux_wait_for "Processes: ${UI_PREFIX}ins" 5 || fail "the top view did not open"
tmux_wait_for '^ *PID|UID +PID' 10 || fail "no process titles"
tmux_wait_for 'sleep 1000' 10 || fail "the top view does not list sleep 1000"
docker exec -d "${UI_PREFIX}ins" sleep 777
tmux_wait_for 'sleep 777' 10 || fail "the top view did not refresh to show a new process"
echo "top lists sleep and follows a new process"
tmux_keys Escape
tmux_wait_gone 'Processes: ' 5 || fail "top did not close"

tmux_keys i
tmux_wait_for "Inspect: ${UI_PREFIX}ins" 5 || fail "the raw JSON view did not open"
tmux_wait_for 'OOMKilled: false' 10 || fail "no JSON members shown"
tmux_keys /
tmux_text "State"
tmux_keys Enter
tmux_wait_for 'Found "State"' 5 || fail "search did not find State"
tmux_keys Enter
tmux_wait_for 'State: \{ [0-9]+ members \}' 5 || fail "Enter did not fold State"
tmux_wait_gone 'OOMKilled' 5 || fail "State's members still shown when folded"
echo "the raw JSON view folds"
tmux_keys /
tmux_text "OOMKilled"
tmux_keys Enter
tmux_wait_for 'Found "OOMKilled"' 5 || fail "search did not find OOMKilled"
tmux_wait_for 'OOMKilled: false' 5 || fail "the match inside the fold was not unfolded"
tmux_keys /
tmux_text "no-such-thing-$$"
tmux_keys Enter
tmux_wait_for "No match for \"no-such-thing-$$\"" 5 || fail "a missing term was not reported"
echo "the raw JSON view finds, unfolding what hides a match"
tmux_keys y
tmux_wait_for 'Copied the value' 5 || fail "y did not copy the value"
tmux_keys Escape
tmux_wait_gone 'Inspect: ' 5 || fail "the raw view did not close"
ui_quit
