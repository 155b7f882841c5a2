#!/usr/bin/env bash
# The worker's lifecycle actions on real containers: start, stop (with a
# timeout), restart, pause / unpause, kill (SIGKILL and another signal),
# rename, update (resource limits) and remove, each checked with the docker
# CLI afterwards; the row shows the pending state while the action runs;
# and the engine's own answers come back: 304 for start on a running
# container, 409 for kill on a stopped one and for memory above the
# current memory+swap, 404 for a removed container.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

prefix=${BERTH_TEST_PREFIX}lc-
bin=$BERTH_BUILDDIR/tests/bin/model_actions
[ -x "$bin" ] || fail "$bin not built"
img=$BERTH_TEST_IMAGE

cleanup() {
    [ -n "${wpid:-}" ] && kill "$wpid" 2>/dev/null
    cleanup_prefix "$prefix"
}
trap cleanup EXIT
trap "exit 1" TERM INT
cleanup_prefix "$prefix"

docker run -d --name "${prefix}a" "$img" sleep 1000 >/dev/null || fail "docker run"
docker create --name "${prefix}b" "$img" sleep 1000 >/dev/null || fail "docker create"

coproc W { "$bin" unix:///var/run/docker.sock 2>&1; }
wpid=$W_PID
exec {win}>&"${W[1]}" {wout}<&"${W[0]}"
IFS= read -r -t 30 first <&"$wout" || fail "the action client did not start"
[ "$first" = ready ] || fail "the worker did not list: $first"

# ask COMMAND: send one command, keep its answer in $answer.
ask() {
    echo "$1" >&"$win" || fail "the action client is gone"
    IFS= read -r -t 60 answer <&"$wout" || fail "no answer to '$1'"
    echo "  $1 -> $answer"
}
expect() { # PATTERN WHAT
    [[ $answer =~ $1 ]] || fail "$2: got '$answer'"
}
state() {
    local out
    if out=$(docker inspect -f '{{.State.Status}}' "$1" 2>/dev/null); then
        echo "$out"
    else
        echo absent
    fi
}

ask "act start ${prefix}a 10000"
expect '^ok act OK .*already running \(304\)' "start on a running container should say 304"

ask "act kill ${prefix}b 10000"
expect '^ok act FAIL .*is not running \(409\)' "kill on a stopped container should carry the engine's 409"

ask "act start ${prefix}b 10000"
expect '^ok act OK pending=starting started' "start"
[ "$(state "${prefix}b")" = running ] || fail "b is not running after start"

t0=$(date +%s.%N)
ask "act stop ${prefix}a 30000 t=2"
t1=$(date +%s.%N)
expect '^ok act OK pending=stopping stopped' "stop with a timeout"
[ "$(state "${prefix}a")" = exited ] || fail "a is not exited after stop"
echo "  stop t=2 of a process ignoring SIGTERM took $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s"

ask "act restart ${prefix}a 30000 t=1"
expect '^ok act OK pending=restarting restarted' "restart"
[ "$(state "${prefix}a")" = running ] || fail "a is not running after restart"

ask "act pause ${prefix}a 10000"
expect '^ok act OK pending=pausing paused' "pause"
[ "$(state "${prefix}a")" = paused ] || fail "a is not paused"
ask "act pause ${prefix}a 10000"
expect '^ok act FAIL .*already paused \(409\)' "pause twice should carry the engine's 409"
ask "act unpause ${prefix}a 10000"
expect '^ok act OK pending=unpausing unpaused' "unpause"
[ "$(state "${prefix}a")" = running ] || fail "a is not running after unpause"

ask "act kill ${prefix}a 10000 signal=TERM"
expect '^ok act OK .*sent SIGTERM' "kill with SIGTERM"
ask "act kill ${prefix}a 10000"
expect '^ok act OK pending=killing killed' "kill"
[ "$(state "${prefix}a")" = exited ] || fail "a is not exited after kill"
code=$(docker inspect -f '{{.State.ExitCode}}' "${prefix}a")
[ "$code" = 137 ] || fail "exit code after SIGKILL is $code, not 137"

ask "act rename ${prefix}b 10000 name=${prefix}c"
expect '^ok act OK pending=renaming renamed' "rename"
docker inspect "${prefix}c" >/dev/null 2>&1 || fail "no container ${prefix}c after rename"

ask "act update ${prefix}c 10000 mem=64m"
expect '^ok act FAIL .*memoryswap.*\(409\)' "memory alone on an unlimited container should carry the engine's refusal"
ask "act update ${prefix}c 10000 mem=64m swap=128m cpus=0.5 pids=100"
expect '^ok act OK .*updated' "update"
lim=$(docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}}' "${prefix}c")
[ "$lim" = "67108864 134217728 500000000 100" ] || fail "limits after update: $lim"

ask "act remove ${prefix}c 10000"
expect '^ok act FAIL .*cannot remove a running container.*\(409\)' "remove without force"
ask "act remove ${prefix}c 20000 force=1 v=1"
expect '^ok act OK pending=removing removed' "remove with force"
[ "$(state "${prefix}c")" = absent ] || fail "c still exists after remove"
ask "act stop ${prefix}c 10000"
expect '^ok act FAIL .*No such container.*\(404\)' "stop on a removed container should carry the engine's 404"

ask "act rename ${prefix}a 10000 name=bad/name"
expect '^ok act FAIL .*Invalid container name.*\(400\)' "a bad name should carry the engine's 400"

ask quit
echo "lifecycle actions: all verbs and the engine's 304/404/409 answers"
