#!/usr/bin/env bash
# The help screen lists every action of the registry with its keys:
# `berth --help-keys` prints the same list the screen is made from, and
# each of its action names and key sets must show on the help pages
# (paged with PgDn). q closes help instead of quitting; a key rebound in
# the config shows in the help.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

conf=$(ui_config 'bind table Z sort_invert')
list=$("$BERTH_BIN" --config "$conf" --help-keys) || fail "--help-keys failed"
n=$(printf '%s\n' "$list" | wc -l)
[ "$n" -ge 40 ] || fail "--help-keys listed only $n actions"
printf '%s\n' "$list" | awk -F'\t' 'NF != 4 { exit 1 }' || fail "--help-keys lines are not 4 fields"
printf '%s\n' "$list" | grep -Eq $'^table\tZ I\tsort_invert\t|^table\tI Z\tsort_invert\t' ||
    fail "--help-keys does not show the config's binding"

ui_start 120 30 --config "$conf"
tmux_wait_for '^NAME' 10 || fail "no table"
tmux_keys F1
tmux_wait_for 'berth keys' 5 || fail "help did not open"

# Collect every page.
pages=""
for _ in $(seq 1 20); do
    screen=$(tmux_screen)
    pages+=$screen$'\n'
    if printf '%s\n' "$screen" | grep -Eq 'lines [0-9]+-([0-9]+) of \1;'; then
        break
    fi
    before=$(printf '%s\n' "$screen" | grep -o 'lines [0-9]*-[0-9]*')
    tmux_keys PageDown
    tmux_wait_gone "$before of" 5 || fail "PgDn did not page the help"
done
printf '%s\n' "$screen" | grep -Eq 'lines [0-9]+-([0-9]+) of \1;' || fail "never reached the last help page"

missing=0
# The start of a help text as a literal regex.
literal() {
    # shellcheck disable=SC2016 # a sed program, not a shell expansion
    printf '%s' "$1" | sed 's/[][\.*^$()+?{}|]/\\&/g'
}
while IFS=$'\t' read -r ctx keys name help; do
    if ! printf '%s\n' "$pages" | grep -Eq -- " $name +$(literal "${help:0:20}")"; then
        echo "action '$name' ($ctx) not on the help pages" >&2
        missing=$((missing + 1))
        continue
    fi
    [ -z "$keys" ] && continue
    printf '%s\n' "$pages" | grep -Fq -- "$keys" || {
        echo "keys '$keys' of '$name' not on the help pages" >&2
        missing=$((missing + 1))
    }
done <<<"$list"
[ "$missing" -eq 0 ] || fail "$missing actions or key sets missing from the help screen"
echo "all $n actions and their keys are on the help pages"

# q closes help; the dashboard is still there.
tmux_keys q
tmux_wait_for '^NAME' 5 || fail "q did not close help"
tmux_dead && fail "q in help quit berth"
tmux_keys '?'
tmux_wait_for 'berth keys' 5 || fail "? did not open help"
tmux_keys Escape
tmux_wait_for '^NAME' 5 || fail "Esc did not close help"
echo "help opens with F1 and ?, closes with q and Esc"
ui_quit
