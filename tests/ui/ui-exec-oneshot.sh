#!/usr/bin/env bash
# One-shot commands from the command prompt: `:exec CMD` runs CMD in the
# selected container off the UI thread and shows its output, stdout and
# stderr, in a pane with the exit code; a missing binary gives 126 and
# the engine's words; escapes in the output are shown inert.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

ui_run one -- sleep 1000

ui_start 140 30
tmux_wait_for '^NAME' 10 || fail "no table"
ui_filter "${UI_PREFIX}one"
tmux_wait_for "${UI_PREFIX}one +running" 10 || fail "container not shown"

tmux_keys :
tmux_text "exec sh -c 'echo out; echo err >&2; exit 3'"
tmux_keys Enter
tmux_wait_for "Exec in ${UI_PREFIX}one: sh -c" 10 || fail "the output pane did not open"
tmux_wait_for '^ out *$' 10 || fail "stdout 'out' not shown"
tmux_wait_for '^ err *$' 10 || fail "stderr 'err' not shown"
tmux_wait_for 'exit code 3' 10 || fail "exit code 3 not shown"
echo "exec sh -c '...; exit 3' shows out, err and exit code 3"
tmux_keys Escape
tmux_wait_for "${UI_PREFIX}one +running" 5 || fail "Esc did not go back to the table"

tmux_keys :
tmux_text "exec ls /data-$$-missing /bin/sh"
tmux_keys Enter
tmux_wait_for '/bin/sh' 10 || fail "ls output not shown"
tmux_wait_for 'exit code [12]' 10 || fail "ls's failure code not shown"
tmux_keys Escape
tmux_wait_gone 'Exec in' 5 || fail "Esc did not close the pane"

tmux_keys :
tmux_text "exec no-such-binary-$$"
tmux_keys Enter
tmux_wait_for 'exit code 126' 10 || fail "a missing binary does not give exit code 126"
tmux_wait_for 'executable file not found' 10 || fail "the engine's message is not shown"
echo "a missing binary: 126 and the engine's message"
tmux_keys Escape
tmux_wait_gone 'Exec in' 5 || fail "Esc did not close the pane"

tmux_keys :
tmux_text "exec sh -c \"printf 'a\\033[31mRED\\n'\""
tmux_keys Enter
tmux_wait_for 'exit code 0' 10 || fail "printf did not finish"
tmux_screen | grep -q 'a\\e\[31mRED\|a.\[31mRED\|\\033\|\^\[' ||
    fail "the escape in the output was not made visible"
echo "escapes in the output are shown inert"
tmux_keys Escape
ui_quit
tmux_stop

# Read-only mode refuses exec like the shell key.
TMUX_HOME=$(mktemp -d "$UI_TMP/home.XXXXXX")
ui_start 140 30 --read-only
tmux_wait_for '^NAME' 10 || fail "no table (read-only)"
ui_filter "${UI_PREFIX}one"
tmux_wait_for "${UI_PREFIX}one +running" 10 || fail "container not shown (read-only)"
tmux_keys :
tmux_text "exec echo should-not-run-$$"
tmux_keys Enter
tmux_wait_for "read-only mode: 'exec_shell' is blocked" 5 || fail "read-only did not block :exec"
tmux_screen | grep -q 'Exec in' && fail "the exec pane opened in read-only mode"
tmux_keys x
tmux_wait_for "read-only mode: 'exec_shell' is blocked" 5 || fail "read-only did not block x"
echo "--read-only blocks :exec and x"
ui_quit
