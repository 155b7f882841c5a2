#!/usr/bin/env bash
# The panels added beside the container table draw engine text through the
# same sanitiser: a label carrying a title change, a colour and a
# clear-screen is shown escaped, with a visible \e, in the images,
# networks and volumes panels, and a compose project name carrying them
# (the project label is free text) in the projects panel. The terminal's
# title never changes and no colour from the text reaches the terminal.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

osc=$'\e]0;pwned\a'
csi=$'\e[2J\e[31mred'
evil="${osc}x${csi}"
image=${UI_PREFIX}img:evil
trap 'ui_cleanup; $DOCKER rmi -f "$image" >/dev/null 2>&1' EXIT

ctx=$UI_TMP/ctx
mkdir -p "$ctx"
echo "FROM $BERTH_TEST_IMAGE" >"$ctx/Dockerfile"
out=$($DOCKER build -q --label "evil=$evil" -t "$image" "$ctx" 2>&1) || fail "cannot build $image: $out"
$DOCKER network create --label "evil=$evil" "${UI_PREFIX}net" >/dev/null || fail "cannot create the network"
$DOCKER volume create --label "evil=$evil" "${UI_PREFIX}vol" >/dev/null || fail "cannot create the volume"
ui_run proj --label "com.docker.compose.project=${UI_PREFIX}p${csi}" \
    --label com.docker.compose.service=web -- sleep 1000

ui_start 200 30
tmux_wait_for '^NAME' 10 || fail "no table"

# Each panel: the escaped text is there, the title is ours, no red leaked.
check_panel() {
    local what=$1 pattern=$2
    tmux_wait_for "$pattern" 10 || fail "$what: the sequences are not shown escaped"
    local title
    title=$(_tmux display-message -t main -p '#{pane_title}')
    [[ "$title" != *pwned* ]] || fail "$what: the pane title changed to '$title'"
    _tmux capture-pane -t main -p -e | grep -F "$UI_PREFIX" | grep -q $'\e\\[31m' &&
        fail "$what: a colour sequence from engine text reached the terminal"
    tmux_screen | sed -n 1p | grep -q '^berth unix://' || fail "$what: the header was disturbed"
    echo "$what: shown escaped, title unchanged"
}

tmux_keys 3
ui_filter "${UI_PREFIX}img"
check_panel images 'evil=\\e\]0;pwned\\x07x\\e\[2J\\e\[31mred'
tmux_keys 5
ui_filter "${UI_PREFIX}net"
check_panel networks 'evil=\\e\]0;pwned\\x07x\\e\[2J\\e\[31mred'
tmux_keys 4
ui_filter "${UI_PREFIX}vol"
check_panel volumes 'evil=\\e\]0;pwned\\x07x\\e\[2J\\e\[31mred'
tmux_keys 2
ui_filter "${UI_PREFIX}p"
check_panel projects "${UI_PREFIX}p\\\\e\\[2J\\\\e\\[31m"
ui_quit
