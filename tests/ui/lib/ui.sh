# shellcheck shell=bash
# Functions shared by the dashboard's tmux tests (tests/ui/*.sh). Source it;
# do not run it. It sources common.sh and tmux.sh, names every container
# with UI_PREFIX and removes them, and the tmux server, on exit.
#
#   ui_start COLS ROWS [berth options...]  start berth (BERTH_BIN) in tmux,
#                                          stderr to $UI_STDERR, with the
#                                          variables in $UI_ENV set
#   ui_quit                                quit with keys, then ui_check_exit
#   ui_check_exit                          status 0, terminal restored, no
#                                          sanitizer report
#   ui_pid                                 berth's process id
#   ui_config TEXT                         write a config file, print its path
#   ui_run NAME [docker run options...] -- CMD...
#                                          start a container named UI_PREFIX+NAME
#   ui_filter TEXT                         filter the table to TEXT (/ TEXT Enter)
#   ui_names                               prefixed names in the table, top to bottom
#   ui_expect_order NAME...                the names appear in this order
#   ui_colours                             the distinct SGR colour codes on screen
#
# Container names stay short (berth-t-uPID-x) so they fit the name column.

. "$BERTH_SRCDIR/tests/lib/common.sh"
. "$BERTH_SRCDIR/tests/lib/tmux.sh"

export BERTH_THEMEDIR_OVERRIDE="$BERTH_SRCDIR/themes"
UI_PREFIX="${BERTH_TEST_PREFIX}u$$-"
UI_TMP=$(mktemp -d)

ui_cleanup() {
    tmux_stop
    cleanup_prefix "$UI_PREFIX"
    rm -rf "$UI_TMP"
}
trap ui_cleanup EXIT

[ -x "$BERTH_BIN" ] || fail "$BERTH_BIN not built"
engine_answers || fail "the engine does not answer"

# berth's stderr goes to a file (sanitizer reports, config messages), so
# the pane shows only the dashboard, and a small shell around it writes
# its exit status to $UI_STDERR.status (tmux may be slow to reap it).
ui_start() {
    local cols=$1 rows=$2
    shift 2
    UI_STDERR=$(mktemp "$UI_TMP/stderr.XXXXXX")
    # shellcheck disable=SC2016 # expanded by the inner shell
    # shellcheck disable=SC2086 # UI_ENV is a list of VAR=value words
    tmux_start "$cols" "$rows" env ${UI_ENV:-} sh -c \
        'f=$1; shift; "$@" 2>>"$f"; echo "$?" >"$f.status"' sh \
        "$UI_STDERR" "$BERTH_BIN" "$@" || fail "tmux could not start berth"
    # What berth writes to the terminal, for the checks at exit.
    UI_OUT=$(mktemp "$UI_TMP/out.XXXXXX")
    _tmux pipe-pane -t main "cat >>'$UI_OUT'" || fail "tmux pipe-pane failed"
}

# Quit with the keys (Esc closes what is open, F10 quits) and check the
# exit: status 0, the terminal handed back, no sanitizer report.
ui_quit() {
    local _
    for _ in 1 2 3 4 5; do
        tmux_dead && break
        tmux_keys Escape
        sleep 0.1
        tmux_keys F10
        for _ in $(seq 1 20); do
            tmux_dead && break
            sleep 0.05
        done
    done
    tmux_dead || fail "berth did not quit"
    ui_check_exit
}

# After berth ended: exit status 0, the terminal back in its normal state
# (main screen, no mouse reports, and the last cursor switch it wrote
# shows the cursor: tmux hides it in a dead pane, so the flag cannot
# tell), stderr free of sanitizer reports.
ui_check_exit() {
    local st="" flags cursor _
    for _ in $(seq 1 40); do
        st=$(cat "$UI_STDERR.status" 2>/dev/null)
        [ -n "$st" ] && break
        sleep 0.05
    done
    flags=$(_tmux display-message -t main -p \
        'alt=#{alternate_on} mouse=#{mouse_standard_flag}#{mouse_button_flag}#{mouse_any_flag}#{mouse_sgr_flag}')
    for _ in $(seq 1 20); do # the pipe may lag behind the pane a little
        cursor=$(grep -ao $'\e\\[?25[hl]' "$UI_OUT" | tail -n 1 | tr -d '\033')
        [ "$cursor" = "[?25h" ] && break
        sleep 0.05
    done
    [ "$cursor" = "[?25h" ] || fail "the cursor was left hidden (last switch: '$cursor')"
    if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error' "$UI_STDERR" 2>/dev/null; then
        cat "$UI_STDERR" >&2
        fail "sanitizer report on stderr"
    fi
    if [ "$st" != 0 ]; then
        cat "$UI_STDERR" >&2
        fail "berth exited with status '$st'"
    fi
    [ "$flags" = "alt=0 mouse=0000" ] || fail "terminal not handed back: $flags"
}

ui_config() {
    local f
    f=$(mktemp "$UI_TMP/conf.XXXXXX")
    printf '%s\n' "$1" >"$f"
    echo "$f"
}

ui_run() {
    local name=$1
    shift
    local opts=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        opts+=("$1")
        shift
    done
    [ "${1:-}" = "--" ] && shift
    $DOCKER run -d --name "$UI_PREFIX$name" "${opts[@]}" "$BERTH_TEST_IMAGE" "$@" >/dev/null ||
        fail "could not start container $UI_PREFIX$name"
}

ui_filter() {
    tmux_keys /
    tmux_wait_for '^Filter:' 5 || fail "the filter prompt did not open"
    tmux_keys C-u
    tmux_text "$1"
    tmux_keys Enter
    tmux_wait_for "^Filter: $1 " 5 || fail "the filter line does not show '$1'"
}

ui_names() {
    tmux_screen | grep -v '^Filter:' | grep -o -- "${UI_PREFIX}[A-Za-z0-9_.-]*" | sed "s/^$UI_PREFIX//"
}

ui_expect_order() {
    local want got
    want=$(printf '%s\n' "$@")
    got=$(ui_names | grep -Fx -f <(printf '%s\n' "$@"))
    if [ "$got" != "$want" ]; then
        echo "expected rows in the order: $*" >&2
        echo "got: $(echo "$got" | tr '\n' ' ')" >&2
        tmux_screen | sed 's/^/  |/' >&2
        return 1
    fi
}

ui_colours() {
    _tmux capture-pane -t main -p -e | grep -o $'\e\\[[0-9;]*m' | sort -u
}

# berth's process id (the child of the pane's shell).
ui_pid() {
    pgrep -P "$(_tmux display-message -t main -p '#{pane_pid}')" | head -n 1
}

# Milliseconds since the epoch.
ui_ms() {
    date +%s%3N
}
