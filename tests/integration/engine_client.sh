#!/usr/bin/env bash
# The engine client against the real engine, through tests/bin/engine_probe:
# negotiation, version, info, a label-filtered list, inspect and its 404,
# JSON bodies that arrive intact, 204/304/409 answers, the events stream
# seeing a start, 20 stats streams on one thread, a prompt cancel of an
# idle stream from another thread, RAW log streams, and the connection
# errors for a missing socket and a socket the user may not open.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

probe=$BERTH_BUILDDIR/tests/bin/engine_probe
[ -x "$probe" ] || fail "engine_probe not built: $probe"
prefix=${BERTH_TEST_PREFIX}engine-$$-
label=berth.test.engine=$$
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_TLS DOCKER_CERT_PATH

cleanup() {
    $DOCKER ps -aq --filter "label=$label" | xargs -r $DOCKER rm -f >/dev/null 2>&1
    cleanup_prefix "$prefix"
}
trap cleanup EXIT

# value KEY TEXT: the value of a "key value" line.
value() {
    printf '%s\n' "$2" | sed -n "s/^$1 //p" | head -n 1
}

# expect_eq WHAT GOT WANT
expect_eq() {
    [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
    echo "ok: $1 = $2"
}

# --- negotiation, version, info ---------------------------------------------
out=$("$probe" ping) || fail "ping: $out"
server_api=$($DOCKER version --format '{{.Server.APIVersion}}')
# The client speaks min(server, 1.47).
want_api=$(printf '%s\n1.47\n' "$server_api" | sort -V | head -n 1)
expect_eq "negotiated API version" "$(value api "$out")" "$want_api"
expect_eq "endpoint" "$(value endpoint "$out")" "unix:///var/run/docker.sock"
expect_eq "origin" "$(value origin "$out")" "default"
expect_eq "podman" "$(value podman "$out")" "0"

out=$("$probe" version) || fail "version: $out"
expect_eq "server version" "$(value version "$out")" "$($DOCKER version --format '{{.Server.Version}}')"
expect_eq "server max API" "$(value api_max "$out")" "$server_api"
expect_eq "kernel" "$(value kernel "$out")" "$($DOCKER version --format '{{.Server.KernelVersion}}')"

out=$("$probe" info) || fail "info: $out"
expect_eq "NCPU" "$(value ncpu "$out")" "$($DOCKER info --format '{{.NCPU}}')"
expect_eq "MemTotal" "$(value mem_total "$out")" "$($DOCKER info --format '{{.MemTotal}}')"
expect_eq "name" "$(value name "$out")" "$($DOCKER info --format '{{.Name}}')"
expect_eq "cgroup version" "$(value cgroup_version "$out")" "$($DOCKER info --format '{{.CgroupVersion}}')"
expect_eq "cgroup driver" "$(value cgroup_driver "$out")" "$($DOCKER info --format '{{.CgroupDriver}}')"

# --- create with a JSON body, list by label, inspect ----------------------------
for n in c1 c2 c3; do
    out=$("$probe" create "${prefix}$n" "$label") || fail "create $n: $out"
    expect_eq "create $n status" "$(value status "$out")" "201"
done
# One container with another label value must not be listed.
$DOCKER create --network none --label "berth.test.engine=$$-other" --label "$label-x=1" \
    --name "${prefix}other" "$BERTH_TEST_IMAGE" sleep 300 >/dev/null
# The body reached the engine whole: label and network mode are set.
expect_eq "label stored from the JSON body" \
    "$($DOCKER inspect -f '{{index .Config.Labels "berth.test.engine"}}' "${prefix}c1")" "$$"
expect_eq "network mode from the JSON body" \
    "$($DOCKER inspect -f '{{.HostConfig.NetworkMode}}' "${prefix}c1")" "none"

out=$("$probe" list "{\"label\":[\"$label\"]}") || fail "list: $out"
expect_eq "labelled containers" "$(echo $out)" "${prefix}c1 ${prefix}c2 ${prefix}c3"

id=$($DOCKER inspect -f '{{.Id}}' "${prefix}c2")
out=$("$probe" inspect "${prefix}c2") || fail "inspect: $out"
expect_eq "inspect name" "$(value name "$out")" "/${prefix}c2"
expect_eq "inspect id" "$(value id "$out")" "$id"
expect_eq "inspect state" "$(value state "$out")" "created"

out=$("$probe" inspect "${prefix}missing")
rc=$?
expect_eq "404 exit status" "$rc" "2"
expect_eq "404 error line" "$out" "error http 404 No such container: ${prefix}missing"

# --- events: a start of a container started after subscribing -----------------
id3=$($DOCKER inspect -f '{{.Id}}' "${prefix}c3")
out=$("$probe" events-start "$id3") || fail "events-start: $out"
expect_eq "start status" "$(value start_status "$out")" "204"
expect_eq "start event seen" "$(value seen "$out")" "1"
echo "events: start event $(value latency_ms "$out") ms after the start call returned"

# --- 304 and 409 carry the engine's answer ---------------------------------------
out=$("$probe" request POST "/containers/$id3/start") || fail "second start: $out"
expect_eq "second start status" "$(value status "$out")" "304"
out=$("$probe" request DELETE "/containers/$id3")
expect_eq "remove running: status line" "$(value status "$out")" "409"
case "$out" in
*"error http 409 You cannot remove a running container $id3"*) echo "ok: 409 message" ;;
*) fail "409 message missing: $out" ;;
esac

# --- 20 stats streams on one thread --------------------------------------------
ids=()
for i in $(seq 1 20); do
    ids+=("$($DOCKER run -d --network none --label "$label" --name "${prefix}s$i" \
        "$BERTH_TEST_IMAGE" sleep 300)") || fail "cannot start stats container $i"
done
out=$("$probe" stats "${ids[@]}")
rc=$?
echo "$out"
[ $rc -eq 0 ] || fail "stats streams failed"
expect_eq "streams with 3 samples" "$(value streams_with_3_samples "$out")" "20"
expect_eq "threads during the streams" "$(value threads_max "$out")" "$(value threads_before "$out")"
expect_eq "streams cancelled" "$(value cancelled "$out")" "20"

# --- cancel an idle stream from another thread ------------------------------------
out=$("$probe" cancel-idle)
rc=$?
echo "$out"
[ $rc -eq 0 ] || fail "cancel-idle failed"
expect_eq "cancel ends the stream once" "$(value ends "$out")" "1"
expect_eq "cancel reports" "$(value end_kind "$out")" "cancelled"
echo "measured: cancel of an idle events stream took $(value cancel_ms "$out") ms"

# --- RAW stream: multiplexed logs of a finished container ----------------------------
$DOCKER run --network none --label "$label" --name "${prefix}log" "$BERTH_TEST_IMAGE" \
    sh -c 'echo hello-out; echo hello-err >&2' >/dev/null 2>&1
out=$("$probe" logs "${prefix}log") || fail "logs: $out"
expect_eq "stdout frame" "$(printf '%s\n' "$out" | grep '^frame 1')" "frame 1 hello-out"
expect_eq "stderr frame" "$(printf '%s\n' "$out" | grep '^frame 2')" "frame 2 hello-err"

# --- connection errors ------------------------------------------------------------
out=$("$probe" -H unix:///nonexistent-berth-$$/docker.sock ping)
expect_eq "missing socket" "$out" \
    "error connect 0 cannot connect to the engine: no such file: is the engine running? /nonexistent-berth-$$/docker.sock (from -H)"
out=$(DOCKER_HOST=unix:///nonexistent-berth-$$.sock "$probe" ping)
case "$out" in
*"no such file: is the engine running? /nonexistent-berth-$$.sock (from DOCKER_HOST)") echo "ok: DOCKER_HOST named" ;;
*) fail "DOCKER_HOST missing socket: $out" ;;
esac
if [ "$(id -u)" = 0 ]; then
    out=$("$probe" perm)
    case "$out" in
    "error permission 0 permission denied on /tmp/berth-perm-"*"/engine.sock: add the user to the docker group"*) echo "ok: permission: $out" ;;
    *) fail "permission denied not reported: $out" ;;
    esac
fi
echo "engine client: all checks passed"
