#!/usr/bin/env bash
# The networks panel in tmux: 5 opens it and lists the test network with
# its subnet and gateway; n opens the create dialog and makes an internal
# network with a subnet and a label; c connects a running container with
# an alias and a static address, and Enter shows the container and its
# address in the details; i shows the raw inspect; x disconnects it; D on
# a predefined network says it cannot go without asking; D asks before
# removing (n keeps the network, y removes it); D on a network in use
# shows the engine's refusal and why; X with a label filter lists what
# goes, asks, and prunes only that; --read-only refuses every change.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"
. "$BERTH_SRCDIR/tests/lib/net.sh"

a=$(net_free_octet 200 224) || exit 1
b=$(net_free_octet $((a + 1)) 250) || exit 1
net=${UI_PREFIX}net
new=${UI_PREFIX}new
ctr=${UI_PREFIX}c
$DOCKER network create --subnet "172.30.$a.0/24" --gateway "172.30.$a.1" --label berth.test=ui "$net" >/dev/null ||
    fail "cannot create $net"
ui_run c -- sleep 300

ui_start 200 40
tmux_wait_for '^NAME' 10 || fail "no table"
tmux_keys 5
tmux_wait_for '^NAME +ID +DRIVER +SCOPE +SUBNET +GATEWAY' 10 || fail "5 did not open the networks panel"
ui_filter "$UI_PREFIX"
tmux_wait_for "^$net +[0-9a-f]{12} +bridge +local +172\\.30\\.$a\\.0/24 +172\\.30\\.$a\\.1 +no +0 " 10 ||
    fail "$net not listed with its subnet and gateway"
echo "ok: panel lists $net with subnet 172.30.$a.0/24"

# Create: name, driver (bridge already), subnet, gateway (empty), labels,
# then Internal ticked, and the Create button.
tmux_keys n
tmux_wait_for 'New network' 5 || fail "n did not open the create dialog"
tmux_text "$new"
tmux_keys Tab Tab
tmux_text "172.30.$b.0/24"
tmux_keys Tab Tab
tmux_text "berth.test=ui2,tier=x"
tmux_keys Tab Space Tab Tab
tmux_wait_for '\[x\] Internal' 5 || fail "the Internal box is not ticked"
tmux_keys Enter
tmux_wait_for "Created network $new" 10 || fail "no 'Created network' message"
got=$($DOCKER network inspect -f '{{.Driver}} {{(index .IPAM.Config 0).Subnet}} {{.Internal}} {{index .Labels "berth.test"}} {{index .Labels "tier"}}' "$new") ||
    fail "$new was not created"
[ "$got" = "bridge 172.30.$b.0/24 true ui2 x" ] || fail "$new was created as '$got'"
tmux_wait_for "^$new +[0-9a-f]{12} +bridge +local +172\\.30\\.$b\\.0/24 .* yes +0 " 10 ||
    fail "$new is not listed as internal with its subnet"
echo "ok: create through the dialog ($got)"

# Rows by name: net, new. Connect the container to net.
tmux_keys Home c
tmux_wait_for 'Connect a container' 5 || fail "c did not open the connect dialog"
tmux_wait_for "Network $net \\(bridge, subnet 172\\.30\\.$a\\.0/24\\)" 5 || fail "wrong network in the dialog"
tmux_text "$ctr"
tmux_keys Tab
tmux_text web
tmux_keys Tab
tmux_text "172.30.$a.77"
tmux_keys Enter
tmux_wait_for "Connected $ctr to $net as web at 172\\.30\\.$a\\.77" 10 || fail "no 'Connected' message"
[ "$($DOCKER inspect -f "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" "$ctr")" = "172.30.$a.77" ] ||
    fail "the engine did not give $ctr the address"
tmux_wait_for "^$net .* no +1 " 10 || fail "$net does not count 1 container"
tmux_keys Enter
tmux_wait_for "Network $net +\\(Esc" 5 || fail "Enter did not open the details"
tmux_wait_for "^ +$ctr +172\\.30\\.$a\\.77/24 " 5 || fail "the details do not show $ctr at its address"
tmux_wait_for "Subnet +172\\.30\\.$a\\.0/24" 5 || fail "the details do not show the subnet"
echo "ok: connect with alias and static address; details show 172.30.$a.77/24"

tmux_keys Escape
tmux_wait_for '^NAME +ID +DRIVER' 5 || fail "Esc did not go back to the list"
tmux_keys i
tmux_wait_for "Inspect: $net" 10 || fail "i did not open the inspect view"
tmux_wait_for "Subnet: \"172\\.30\\.$a\\.0/24\"" 10 || fail "the inspect view does not show the subnet"
tmux_keys Escape
tmux_wait_for '^NAME +ID +DRIVER' 5 || fail "Esc did not close the inspect view"
echo "ok: inspect"

# Removing it while the container is attached: asked, then refused.
tmux_keys Home D
tmux_wait_for "Remove network $net \\(containers attached" 5 || fail "D did not warn about attached containers"
tmux_keys y
tmux_wait_for "Remove $net: containers are still attached, disconnect or remove them first: error while" 10 || fail "the refusal is not shown and explained"
$DOCKER network inspect "$net" >/dev/null 2>&1 || fail "$net is gone"
echo "ok: remove in use refused and explained"

tmux_keys x
tmux_wait_for 'Disconnect containers' 5 || fail "x did not open the disconnect dialog"
tmux_wait_for "\\[x\\] $ctr +172\\.30\\.$a\\.77/24" 5 || fail "the only container is not offered ticked"
tmux_keys y
tmux_wait_for "Disconnected 1 container from $net" 10 || fail "no 'Disconnected' message"
# shellcheck disable=SC2016 # a Go template, not shell
$DOCKER inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' "$ctr" | grep -qw "$net" &&
    fail "$ctr is still attached to $net"
tmux_wait_for "^$net .* no +0 " 10 || fail "$net still counts a container"
echo "ok: disconnect"

tmux_keys Down D
tmux_wait_for "Remove network $new\\? y/n" 5 || fail "D did not ask before removing $new"
tmux_keys n
$DOCKER network inspect "$new" >/dev/null 2>&1 || fail "n removed $new"
tmux_keys D
tmux_wait_for "Remove network $new\\? y/n" 5 || fail "D did not ask again"
tmux_keys y
tmux_wait_for "Removed network $new" 10 || fail "no 'Removed network' message"
$DOCKER network inspect "$new" >/dev/null 2>&1 && fail "y did not remove $new"
tmux_wait_gone "^$new " 10 || fail "$new is still listed"
echo "ok: remove with the confirmation"

# Prune with a label filter that only this test's network carries: the
# panel lists what goes, then asks.
pr=${UI_PREFIX}pr
$DOCKER network create --label "berth.test.uinet=$$" "$pr" >/dev/null || fail "cannot create $pr"
tmux_keys C-l
tmux_wait_for "^$pr " 10 || fail "$pr not listed after C-l"
tmux_keys X
tmux_wait_for '^Prune unused networks with label' 5 || fail "X did not ask for a label"
tmux_text "berth.test.uinet=$$"
tmux_keys Enter
tmux_wait_for "Prune 1 unused networks: $pr\? y/n" 5 || fail "X did not list exactly $pr"
tmux_keys y
tmux_wait_for "Pruned 1 networks: $pr" 10 || fail "no 'Pruned' message"
$DOCKER network inspect "$pr" >/dev/null 2>&1 && fail "$pr survived the prune"
$DOCKER network inspect "$net" >/dev/null 2>&1 || fail "the prune took $net"
echo "ok: prune with a label filter lists, asks, removes only $pr"

ui_filter host
tmux_wait_for '^host +[0-9a-f]{12} +host ' 10 || fail "host not listed"
tmux_keys Home D
tmux_wait_for "host is one of the engine's own networks" 5 || fail "D on host did not refuse"
tmux_screen | grep -q 'Remove network host' && fail "D on host asked anyway"
$DOCKER network inspect host >/dev/null 2>&1 || fail "host is gone"
echo "ok: predefined network refused without asking"
ui_quit

tmux_stop

ui_start 200 40 --read-only
tmux_wait_for '^NAME' 10 || fail "no table (read-only)"
tmux_keys 5
tmux_wait_for '^NAME +ID +DRIVER +SCOPE +SUBNET' 10 || fail "no networks panel (read-only)"
for ka in n:network_create D:remove c:network_connect x:network_disconnect X:network_prune; do
    tmux_keys "${ka%%:*}"
    tmux_wait_for "read-only mode: '${ka#*:}' is blocked" 5 ||
        fail "${ka%%:*} (${ka#*:}) was not refused in read-only mode"
done
tmux_screen | grep -Eq 'New network|Connect a container|Disconnect containers' &&
    fail "a dialog opened in read-only mode"
echo "ok: --read-only refuses create, remove, connect, disconnect and prune"
ui_quit
