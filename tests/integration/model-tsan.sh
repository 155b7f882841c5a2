#!/usr/bin/env bash
# The model's threads under ThreadSanitizer: the snapshot hand-over (a
# publisher and four readers sharing history chunks, wake-up coalescing)
# and a short run of the worker against the engine (connect, a container run
# and stopped from outside, a refresh, shutdown). Builds just those two
# programs with --enable-tsan in a scratch folder (a few seconds) unless the
# build folder already is a ThreadSanitizer build. Any report fails.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
prefix=${BERTH_TEST_PREFIX}model-ts-
tmp=$(mktemp -d /tmp/berth-tsan.XXXXXX)
cleanup() {
    [ -n "${wpid:-}" ] && kill "$wpid" 2>/dev/null
    cleanup_prefix "$prefix"
    rm -rf "$tmp"
}
trap cleanup EXIT
cleanup_prefix "$prefix"

if grep -q -- '-fsanitize=thread' "$BERTH_BUILDDIR/Makefile" 2>/dev/null; then
    build=$BERTH_BUILDDIR
    make -C "$build" tests/unit/test_snapshot tests/bin/model_worker >"$tmp/make.log" 2>&1 ||
        { tail -n 30 "$tmp/make.log"; fail "cannot build the programs"; }
else
    build=$tmp/build
    mkdir "$build"
    (cd "$build" && "$BERTH_SRCDIR/configure" -q --enable-tsan) >"$tmp/configure.log" 2>&1 ||
        { tail -n 30 "$tmp/configure.log"; fail "configure --enable-tsan failed"; }
    make -C "$build" -j"$(nproc 2>/dev/null || echo 2)" tests/unit/test_snapshot tests/bin/model_worker \
        >"$tmp/make.log" 2>&1 || { tail -n 30 "$tmp/make.log"; fail "the ThreadSanitizer build failed"; }
fi

export TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}"
# Kernels with high-entropy ASLR need it off for ThreadSanitizer's layout.
run=()
if ! "$build/tests/unit/test_snapshot" >"$tmp/unit.log" 2>&1 &&
    grep -q 'unexpected memory mapping' "$tmp/unit.log"; then
    run=(setarch "$(uname -m)" -R)
fi

echo "== snapshot hand-over"
"${run[@]}" "$build/tests/unit/test_snapshot" >"$tmp/unit.log" 2>&1
rc=$?
tail -n 6 "$tmp/unit.log"
grep -q 'ThreadSanitizer' "$tmp/unit.log" && { cat "$tmp/unit.log"; fail "ThreadSanitizer report"; }
[ $rc -eq 0 ] || fail "test_snapshot exited with $rc"

echo "== the worker against the engine"
coproc W { "${run[@]}" "$build/tests/bin/model_worker" unix:///var/run/docker.sock --interval 500 2>&1; }
wpid=$W_PID
exec {win}>&"${W[1]}" {wout}<&"${W[0]}"
ask() {
    echo "$1" >&"$win" || fail "the worker client is gone"
    IFS= read -r -t 60 answer <&"$wout" || fail "no answer to '$1'"
    echo "  $1 -> $answer"
    [[ $answer == ok* ]] || fail "'$1' answered: $answer"
}
ask "fresh 20000"
$DOCKER run -d --name "${prefix}c1" "$BERTH_TEST_IMAGE" sleep 1000 >/dev/null || fail "docker run failed"
ask "wait ${prefix}c1 running 5000"
ask "stats ${prefix}c1 10000"
$DOCKER stop -t 1 "${prefix}c1" >/dev/null || fail "docker stop failed"
ask "wait ${prefix}c1 exited 5000"
ask "refresh 10000"
ask "quit"
rest=$(timeout 20 cat <&"$wout")
wait "$wpid"
rc=$?
wpid=
[ -z "$rest" ] || { echo "$rest"; fail "ThreadSanitizer (or something else) reported after the run"; }
[ $rc -eq 0 ] || fail "the worker client exited with $rc"
echo "no ThreadSanitizer report"
