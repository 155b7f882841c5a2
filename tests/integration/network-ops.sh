#!/usr/bin/env bash
# Networks through the client (tests/bin/network_ops) on the real engine:
# create with a subnet, gateway and label (and a duplicate name refused);
# connect a running container with an alias and a static address and see
# the address in the list and in inspect (the list call alone leaves it
# out); removing the network while in use fails with the engine's
# "active endpoints" and says what to do; a static address on the default
# bridge is refused and explained; predefined networks are refused before
# asking; disconnect; remove; prune with a label filter that matches only
# this test's networks.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"
. "$BERTH_SRCDIR/tests/lib/net.sh"

ops="$BERTH_BUILDDIR/tests/bin/network_ops"
[ -x "$ops" ] || fail "no driver at $ops"
unset DOCKER_HOST DOCKER_CONTEXT
prefix=${BERTH_TEST_PREFIX}net-$$-
label=berth.test.net=$$
cleanup() {
    cleanup_prefix "$prefix"
}
trap cleanup EXIT

free=$(net_free_octet 100 199) || exit 1
subnet=172.30.$free.0/24
gw=172.30.$free.1
ip=172.30.$free.42
net=${prefix}a
ctr=${prefix}c

id=$("$ops" create "$net" bridge "$subnet" "$gw" 0 "$label" tier=test) || fail "create: $id"
[ "${#id}" = 64 ] || fail "create printed '$id', not an id"
got=$($DOCKER network inspect -f '{{.Id}} {{(index .IPAM.Config 0).Subnet}} {{(index .IPAM.Config 0).Gateway}} {{index .Labels "berth.test.net"}} {{index .Labels "tier"}} {{.Internal}}' "$net") ||
    fail "the network was not created"
[ "$got" = "$id $subnet $gw $$ test false" ] || fail "created network is '$got'"
out=$("$ops" create "$net" bridge - - 0)
[ $? = 2 ] || fail "a duplicate name was accepted: $out"
echo "$out" | grep -q "^error http 409 pick another name: network with name .* already exists" ||
    fail "duplicate name not refused with the engine's 409: $out"
[ "$($DOCKER network ls -q --filter "name=^${net}\$" | wc -l)" = 1 ] || fail "a second $net exists"
echo "ok: create with subnet $subnet, gateway and labels; duplicate name refused"

$DOCKER run -d --name "$ctr" "$BERTH_TEST_IMAGE" sleep 300 >/dev/null || fail "cannot start $ctr"
out=$("$ops" connect "$id" "$ctr" web "$ip") || fail "connect: $out"
want_ip=$($DOCKER inspect -f "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" "$ctr")
[ "$want_ip" = "$ip" ] || fail "the engine gave $ctr '$want_ip', not $ip"
aliases=$($DOCKER inspect -f "{{(index .NetworkSettings.Networks \"$net\").Aliases}}" "$ctr")
echo "$aliases" | grep -qw web || fail "alias web not set: $aliases"
ls_out=$("$ops" ls) || fail "ls: $ls_out"
echo "$ls_out" | grep -Eq "^$net ${id:0:12} bridge local - $subnet $gw 1 " ||
    fail "ls does not show $net with its subnet and 1 container: $ls_out"
echo "$ls_out" | sed -n "/^$net /,/^[^ ]/p" | grep -q "^  ep $ctr $ip/24\$" ||
    fail "ls does not show $ctr at $ip/24 under $net: $ls_out"
insp=$("$ops" inspect "$net") || fail "inspect: $insp"
echo "$insp" | grep -q "^  ep $ctr $ip/24\$" || fail "inspect does not show $ctr at $ip: $insp"
# The same container on the default bridge: the list must show it there too.
bridge_ip=$($DOCKER inspect -f '{{.NetworkSettings.Networks.bridge.IPAddress}}' "$ctr")
echo "$ls_out" | sed -n '/^bridge /,/^[^ ]/p' | grep -q "^  ep $ctr $bridge_ip/" ||
    fail "ls does not show $ctr on bridge at $bridge_ip"
echo "ok: connect with alias web and static address $ip, seen in ls and inspect"

out=$("$ops" rm "$id")
[ $? = 2 ] || fail "removing a network in use succeeded: $out"
echo "$out" | grep -q "^error http 403 containers are still attached, disconnect or remove them first: .*has active endpoints" ||
    fail "in-use removal not explained: $out"
$DOCKER network inspect "$net" >/dev/null 2>&1 || fail "the network in use is gone"
echo "ok: remove in use refused with the engine's 403, explained"

out=$("$ops" connect bridge "$ctr" - 172.17.200.200)
[ $? = 2 ] || fail "a static address on bridge was accepted: $out"
echo "$out" | grep -q "a static address needs a network you created, with a subnet: .*supported on user defined networks only" ||
    fail "static address on bridge not explained: $out"
out=$("$ops" rm bridge)
[ $? = 2 ] || fail "removing bridge did not fail: $out"
echo "$out" | grep -q "^error usage 0 bridge is one of the engine's own networks" ||
    fail "bridge removal not refused before asking: $out"
echo "ok: static address on bridge explained; predefined network refused"

out=$("$ops" disconnect "$id" "$ctr" 0) || fail "disconnect: $out"
# shellcheck disable=SC2016 # a Go template, not shell
$DOCKER inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' "$ctr" |
    grep -qw "$net" && fail "$ctr is still on $net"
out=$("$ops" disconnect "$id" "$ctr" 0)
[ $? = 2 ] || fail "a second disconnect succeeded: $out"
echo "$out" | grep -q "is not connected to network" || fail "second disconnect: $out"
"$ops" inspect "$id" | grep -Eq "^$net .* 0 " || fail "inspect still counts a container"
echo "ok: disconnect"

out=$("$ops" rm "$id") || fail "remove: $out"
$DOCKER network inspect "$net" >/dev/null 2>&1 && fail "$net still exists after rm"
out=$("$ops" rm "$id")
echo "$out" | grep -q "^error http 404 " || fail "removing a missing network: $out"
echo "ok: remove"

# Prune: two unused labelled networks go; one labelled but in use stays,
# and so does one of ours without the label (and everything not ours).
"$ops" create "${prefix}p1" bridge - - 0 "$label" >/dev/null || fail "create p1"
"$ops" create "${prefix}p2" bridge - - 1 "$label" >/dev/null || fail "create p2"
"$ops" create "${prefix}busy" bridge - - 0 "$label" >/dev/null || fail "create busy"
"$ops" create "${prefix}other" bridge - - 0 >/dev/null || fail "create other"
"$ops" connect "${prefix}busy" "$ctr" - - >/dev/null || fail "connect busy"
out=$("$ops" prune "$label") || fail "prune: $out"
got=$(echo "$out" | sort | tr '\n' ' ')
[ "$got" = "deleted ${prefix}p1 deleted ${prefix}p2 " ] || fail "prune deleted: '$got'"
for n in p1 p2; do
    $DOCKER network inspect "${prefix}$n" >/dev/null 2>&1 && fail "${prefix}$n survived the prune"
done
$DOCKER network inspect "${prefix}busy" >/dev/null 2>&1 || fail "prune removed the network in use"
$DOCKER network inspect "${prefix}other" >/dev/null 2>&1 || fail "prune removed an unlabelled one"
echo "ok: prune with a label filter removed exactly the unused labelled networks"
