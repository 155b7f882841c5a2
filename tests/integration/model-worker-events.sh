#!/usr/bin/env bash
# The worker shows changes made from outside within a second: `docker run`
# (create, start), `docker stop` and `docker rm` are each visible in a
# published snapshot less than 1 s after the command returns (usually
# before). Also: stats come from cgroup files for local containers, a
# queued refresh action posts its result, and stopping the worker is prompt.
# Without cgroup files the stats API is asked only for the containers the
# UI shows (worker_set_interest).
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

prefix=${BERTH_TEST_PREFIX}model-ev-
bin=$BERTH_BUILDDIR/tests/bin/model_worker
[ -x "$bin" ] || fail "$bin not built"

cleanup() {
    [ -n "${wpid:-}" ] && kill "$wpid" 2>/dev/null
    cleanup_prefix "$prefix"
}
trap cleanup EXIT
trap "exit 1" TERM INT
cleanup_prefix "$prefix"

coproc W { "$bin" unix:///var/run/docker.sock 2>&1; }
wpid=$W_PID
exec {win}>&"${W[1]}" {wout}<&"${W[0]}"

# ask COMMAND: send one command to the worker client, print and keep its answer.
ask() {
    echo "$1" >&"$win" || fail "the worker client is gone"
    IFS= read -r -t 30 answer <&"$wout" || fail "no answer to '$1'"
    echo "  $1 -> $answer"
}
now() { date +%s.%N; }
# latency SEEN RETURNED: milliseconds from the command's return to the
# snapshot that showed its effect (negative: shown before it returned).
latency() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%d", (a - b) * 1000 }'; }
check_latency() {
    local what=$1 seen=$2 returned=$3 ms
    ms=$(latency "$seen" "$returned")
    echo "$what: shown ${ms} ms after the command returned"
    [ "$ms" -lt 1000 ] || fail "$what took ${ms} ms to show (limit 1000)"
}

ask "fresh 10000"
[[ $answer == "ok fresh "* ]] || fail "the worker did not connect: $answer"

t_run=$(now)
$DOCKER run -d --name "${prefix}c1" "$BERTH_TEST_IMAGE" sleep 1000 >/dev/null || fail "docker run failed"
t_ret=$(now)
ask "wait ${prefix}c1 running 3000"
[[ $answer == "ok ${prefix}c1 running "* ]] || fail "run not seen: $answer"
check_latency "docker run" "$(cut -d' ' -f4 <<<"$answer")" "$t_ret"
echo "  (docker run itself took $(latency "$t_ret" "$t_run") ms)"

ask "stats ${prefix}c1 8000"
[[ $answer == "ok stats ${prefix}c1 source=cgroup "* ]] || fail "no cgroup stats: $answer"

$DOCKER stop -t 1 "${prefix}c1" >/dev/null || fail "docker stop failed"
t_ret=$(now)
ask "wait ${prefix}c1 exited 3000"
[[ $answer == "ok ${prefix}c1 exited "* ]] || fail "stop not seen: $answer"
check_latency "docker stop" "$(cut -d' ' -f4 <<<"$answer")" "$t_ret"

$DOCKER rm "${prefix}c1" >/dev/null || fail "docker rm failed"
t_ret=$(now)
ask "wait ${prefix}c1 absent 3000"
[[ $answer == "ok ${prefix}c1 absent "* ]] || fail "rm not seen: $answer"
check_latency "docker rm" "$(cut -d' ' -f4 <<<"$answer")" "$t_ret"

ask "refresh 10000"
[[ $answer == "ok refresh OK refreshed: "* ]] || fail "refresh action: $answer"

ask "quit"
[[ $answer == "ok quit "* ]] || fail "quit: $answer"
ms=${answer#ok quit }
echo "worker stopped in ${ms} ms"
[ "$ms" -lt 1000 ] || fail "stopping the worker took ${ms} ms"
# Anything after the answer (a sanitizer report) fails the test.
rest=$(timeout 10 cat <&"$wout")
wait "$wpid"
rc=$?
wpid=
[ -z "$rest" ] || { echo "$rest"; fail "the worker client printed more after quitting"; }
[ "$rc" -eq 0 ] || fail "the worker client exited with $rc"
echo "== without cgroup files: the stats API, only for the containers shown"
coproc W2 { "$bin" unix:///var/run/docker.sock --no-cgroup --interval 1000 2>&1; }
wpid=$W2_PID
exec {win}>&"${W2[1]}" {wout}<&"${W2[0]}"
ask "fresh 10000"
$DOCKER run -d --name "${prefix}shown" "$BERTH_TEST_IMAGE" sleep 1000 >/dev/null || fail "docker run failed"
ask "wait ${prefix}shown running 3000"
ask "interest ${prefix}shown"
[[ $answer == "ok interest 1" ]] || fail "interest: $answer"
$DOCKER run -d --name "${prefix}hidden" "$BERTH_TEST_IMAGE" sleep 1000 >/dev/null || fail "docker run failed"
ask "wait ${prefix}hidden running 3000"
ask "stats ${prefix}shown 15000"
[[ $answer == "ok stats ${prefix}shown source=api "* ]] || fail "no API stats: $answer"
ask "stats ${prefix}hidden 4000"
[[ $answer == "timeout no stats for ${prefix}hidden" ]] || fail "stats asked for a hidden container: $answer"
ask "quit"
rest=$(timeout 10 cat <&"$wout")
wait "$wpid"
rc=$?
wpid=
[ -z "$rest" ] || { echo "$rest"; fail "the worker client printed more after quitting"; }
[ "$rc" -eq 0 ] || fail "the worker client exited with $rc"
echo "events reach the snapshot in time"
