#!/usr/bin/env bash
# A container cannot change the operator's terminal through its logs: it
# prints OSC 52 (clipboard), OSC 0 (title), cursor moves, a clear screen
# and a bell; the pane shows every one escaped, the terminal's title does
# not change, the header and footer stay where they are, and none of the
# sequences reaches the terminal (the bytes berth wrote are checked).
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"
. "$BERTH_SRCDIR/tests/ui/lib/logs.sh"

ui_run evil -- sh -c 'printf "\033]52;c;cHduZWQ=\007clip\n"
printf "\033]0;pwned-title\007title\n"
printf "\033[2J\033[10;10Hmove\033[H\n"
printf "\007bell \033[5Aup\n"
printf "\033[35mmagenta\033[0m ok\n"
exec sleep 1000'

ui_start 160 40
tmux_wait_for '^NAME' 10 || fail "no table"
logs_open evil
tmux_wait_for '^\\e\]52;c;cHduZWQ=\\x07clip$' 10 || fail "OSC 52 not shown escaped"
tmux_wait_for '^\\e\]0;pwned-title\\x07title$' 5 || fail "OSC 0 not shown escaped"
tmux_wait_for '^\\e\[2J\\e\[10;10Hmove\\e\[H$' 5 || fail "cursor moves not shown escaped"
tmux_wait_for '^\\x07bell \\e\[5Aup$' 5 || fail "the bell and cursor up not shown escaped"
tmux_wait_for '^magenta ok$' 5 || fail "the SGR line is not shown as text"
[ "$(logs_colour magenta)" = 35 ] || fail "SGR magenta not rendered: $(logs_colour magenta)"
echo "pane: OSC 52, OSC 0, cursor moves, clear, bell escaped; SGR rendered"

title=$(_tmux display-message -t main -p '#{pane_title}')
[[ "$title" != *pwned* ]] || fail "the terminal title changed to '$title'"
tmux_screen | sed -n 1p | grep -q '^berth unix://' || fail "the header line was disturbed"
tmux_screen | sed -n 4p | grep -q '^ Logs: ' || fail "the pane title moved"
tmux_screen | tail -n 1 | grep -q '^F1Help' || fail "the footer was disturbed"
sleep 0.3
grep -aq $'\e]52' "$UI_OUT" && fail "an OSC 52 sequence reached the terminal"
grep -aq $'\e]0;pwned' "$UI_OUT" && fail "an OSC 0 sequence reached the terminal"
grep -aq $'\e\\[10;10H' "$UI_OUT" && fail "the container's cursor move reached the terminal"
grep -aq $'\e\\[5A' "$UI_OUT" && fail "the container's cursor-up reached the terminal"
grep -aq $'\a' "$UI_OUT" && fail "a bell reached the terminal"
echo "terminal: title '$title' unchanged, layout intact, no sequence written"
ui_quit
