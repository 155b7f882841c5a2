# Drive the real berth binary in a private tmux server. Source it; do not run it.
#
#   tmux_start COLS ROWS CMD...   start CMD in a fresh server, fixed size
#   tmux_keys KEY...              send keys (tmux key names: Enter, Escape, F6, C-c)
#   tmux_text TEXT                send literal text
#   tmux_screen                   print the visible screen
#   tmux_wait_for REGEX [SECS]    poll the screen until REGEX matches (default 10 s)
#   tmux_wait_gone REGEX [SECS]   poll until REGEX no longer matches
#   tmux_resize COLS ROWS         resize the window
#   tmux_stop                     kill the server (done by the EXIT trap too)
#
# Hermetic environment: TERM, LANG=C.UTF-8, TZ=UTC, HOME in a temp dir. On a
# failed wait the screen is saved into the test log.

TMUX_SOCKET="berth-test-$$"
TMUX_HOME=$(mktemp -d)
export TMUX_HOME

_tmux() {
    tmux -L "$TMUX_SOCKET" -f /dev/null "$@"
}

tmux_start() {
    local cols=$1 rows=$2
    shift 2
    command -v tmux >/dev/null || { echo "tmux not installed (Debian: tmux)" >&2; return 1; }
    local envs=(env -i PATH="$PATH" TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC
                HOME="$TMUX_HOME" XDG_CONFIG_HOME="$TMUX_HOME/.config"
                ${BERTH_THEMEDIR_OVERRIDE:+BERTH_THEMEDIR_OVERRIDE="$BERTH_THEMEDIR_OVERRIDE"}
                ${DOCKER_HOST:+DOCKER_HOST="$DOCKER_HOST"}
                ${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"}
                ${UBSAN_OPTIONS:+UBSAN_OPTIONS="$UBSAN_OPTIONS"})
    # A server killed just before may still be going away ("server exited
    # unexpectedly"): try again for a moment.
    local try
    for try in 1 2 3 4 5 6 7 8 9 10; do
        _tmux new-session -d -x "$cols" -y "$rows" -s main "${envs[@]}" "$@" && break
        [ "$try" -lt 10 ] || return 1
        sleep 0.2
    done
    _tmux set-option -t main remain-on-exit on >/dev/null
}

tmux_keys() {
    _tmux send-keys -t main "$@"
}

tmux_text() {
    _tmux send-keys -t main -l "$1"
}

tmux_screen() {
    _tmux capture-pane -t main -p
}

tmux_resize() {
    _tmux resize-window -t main -x "$1" -y "$2" 2>/dev/null ||
        _tmux resize-pane -t main -x "$1" -y "$2"
}

# True when the program in the pane has exited.
tmux_dead() {
    [ "$(_tmux display-message -t main -p '#{pane_dead}' 2>/dev/null)" = 1 ]
}

_tmux_poll() {
    local want=$1 regex=$2 secs=${3:-10}
    local deadline=$((SECONDS + secs)) screen
    while :; do
        screen=$(tmux_screen 2>/dev/null)
        if printf '%s\n' "$screen" | grep -Eq -- "$regex"; then
            [ "$want" = present ] && return 0
        else
            [ "$want" = absent ] && return 0
        fi
        if [ $SECONDS -ge $deadline ]; then
            echo "timed out after ${secs}s waiting for /$regex/ to be $want; screen was:" >&2
            printf '%s\n' "$screen" | sed 's/^/  |/' >&2
            return 1
        fi
        sleep 0.05
    done
}

tmux_wait_for() {
    _tmux_poll present "$1" "${2:-10}"
}

tmux_wait_gone() {
    _tmux_poll absent "$1" "${2:-10}"
}

tmux_stop() {
    _tmux kill-server 2>/dev/null || true
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCKET"
    rm -rf "$TMUX_HOME"
}
