#!/usr/bin/env bash
# Losing the engine marks the snapshot stale with the failure, and the same
# worker recovers when the engine is back: it reconnects (back-off at most
# 5 s), relists, resubscribes to events and clears the mark, with no
# restart of the worker. Runs against a second dockerd on its own socket so
# the main engine keeps serving other tests.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

bin=$BERTH_BUILDDIR/tests/bin/model_worker
[ -x "$bin" ] || fail "$bin not built"
command -v dockerd >/dev/null || [ -x /usr/sbin/dockerd ] || fail "dockerd not installed"
PATH=$PATH:/usr/sbin:/sbin

D=$(mktemp -d /tmp/berth-t-model-eng.XXXXXX)
sock=unix://$D/docker.sock
D2="$DOCKER -H $sock"
name=${BERTH_TEST_PREFIX}model-rc-c1

cleanup() {
    [ -n "${wpid:-}" ] && kill "$wpid" 2>/dev/null
    second_engine_stop "$D"
}
trap cleanup EXIT
trap "exit 1" TERM INT

bridge_before=$(ip -o link show docker0 2>/dev/null | cut -d: -f1)
second_engine_start "$D" || fail "the second engine did not start"
$D2 run -d --name "$name" --restart always --stop-timeout 1 "$BERTH_TEST_IMAGE" sleep 1000 \
    >/dev/null || fail "cannot start $name"

coproc W { "$bin" "$sock" 2>&1; }
wpid=$W_PID
exec {win}>&"${W[1]}" {wout}<&"${W[0]}"
ask() {
    echo "$1" >&"$win" || fail "the worker client is gone"
    IFS= read -r -t 60 answer <&"$wout" || fail "no answer to '$1'"
    echo "  $1 -> $answer"
}
now() { date +%s.%N; }
ms_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%d", (b - a) * 1000 }'; }

ask "fresh 15000"
[[ $answer == "ok fresh "* ]] || fail "no connection to the second engine: $answer"
ask "wait $name running 5000"
[[ $answer == "ok $name running "* ]] || fail "$name not seen running: $answer"

echo "== stopping the engine"
t_down=$(now)
second_engine_kill
ask "stale 15000"
[[ $answer == "ok stale "* ]] || fail "the snapshot did not go stale: $answer"
read -r _ _ since msg <<<"$answer"
echo "stale $(ms_between "$t_down" "$since") ms after the engine was told to stop: $msg"
[ -n "$msg" ] || fail "stale without an error message"
ask "info"
[[ $answer == *"stale=1 connected=0"* ]] || fail "info does not say stale and disconnected: $answer"
ask "refresh 15000"
[[ $answer == "ok refresh FAIL "* ]] || fail "refresh while the engine is down should fail: $answer"

echo "== starting the engine again"
second_engine_run "$D" || fail "the second engine did not restart"
t_up=$(now)
ask "fresh 20000"
[[ $answer == "ok fresh "* ]] || fail "the worker did not recover: $answer"
ms=$(ms_between "$t_up" "$(cut -d' ' -f3 <<<"$answer")")
echo "fresh again ${ms} ms after the engine answered"
[ "$ms" -lt 7000 ] || fail "recovery took ${ms} ms (back-off is at most 5 s)"
ask "wait $name running 20000"
[[ $answer == "ok $name running "* ]] || fail "$name not seen running after the restart: $answer"

echo "== events flow again"
$D2 stop -t 1 "$name" >/dev/null || fail "docker stop failed"
t_ret=$(now)
ask "wait $name exited 3000"
[[ $answer == "ok $name exited "* ]] || fail "stop after recovery not seen: $answer"
ms=$(ms_between "$t_ret" "$(cut -d' ' -f4 <<<"$answer")")
echo "docker stop shown ${ms} ms after it returned"
[ "$ms" -lt 1000 ] || fail "the stop took ${ms} ms to show"

ask "quit"
[[ $answer == "ok quit "* ]] || fail "quit: $answer"
echo "worker stopped in ${answer#ok quit } ms"
# Anything after the answer (a sanitizer report) fails the test.
rest=$(timeout 10 cat <&"$wout")
wait "$wpid"
rc=$?
wpid=
[ -z "$rest" ] || { echo "$rest"; fail "the worker client printed more after quitting"; }
[ "$rc" -eq 0 ] || fail "the worker client exited with $rc"
if [ -n "$bridge_before" ]; then
    bridge_after=$(ip -o link show docker0 2>/dev/null | cut -d: -f1)
    [ "$bridge_after" = "$bridge_before" ] || fail "the host's docker0 changed under the second engine"
fi
echo "stale on loss, recovered without a restart"
