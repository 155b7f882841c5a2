#!/usr/bin/env bash
# Up and down of a busybox compose project through the compose tool API
# (tests/bin/compose_run, which calls compose_run_start as the projects
# panel does), run from / so nothing depends on the current folder, with
# each option the dialogs offer: up plain, --no-recreate (same container),
# --force-recreate with -t 1 (new container, the stubborn one killed after
# the timeout), --build (a local build), --remove-orphans; down plain
# (volume kept), -t 1, -v (volume gone), --rmi local (built image gone)
# and --remove-orphans. Checked against the engine through the docker
# CLI, and on the exit status and output. Also: a bad image makes up fail
# with its status and the error; with no compose tool in PATH the message
# names both tools.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

bin=$BERTH_BUILDDIR/tests/bin/compose_run
[ -x "$bin" ] || fail "$bin not built"
command -v docker-compose >/dev/null || $DOCKER compose version >/dev/null 2>&1 ||
    fail "no compose tool installed (Debian: docker-compose)"
engine_answers || fail "the engine does not answer"

proj=${BERTH_TEST_PREFIX}proj-$$
tmp=$(mktemp -d /tmp/berth-compose-up-down.XXXXXX)
out=$tmp/out

cleanup() {
    (cd / && "$bin" down "$proj" -f "$tmp/orphan.yml" --project-directory "$tmp" -v -t 0 \
        --rmi local --remove-orphans >/dev/null 2>&1)
    cleanup_prefix "$proj"
    $DOCKER rmi -f "${proj}_built" >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -p "$tmp/b"
printf 'FROM %s\nRUN echo built >/built.txt\n' "$BERTH_TEST_IMAGE" >"$tmp/b/Dockerfile"
cat >"$tmp/compose.yml" <<YAML
services:
  app:
    image: $BERTH_TEST_IMAGE
    command: sleep 1000
    volumes:
      - data:/data
  built:
    build: ./b
    command: sleep 1000
    init: true
volumes:
  data: {}
YAML
# The same project with one more service: left behind, it is an orphan.
sed 's/^volumes:$/  orphan:\n    image: '"${BERTH_TEST_IMAGE//\//\\/}"'\n    command: sleep 1000\n    init: true\nvolumes:/' \
    "$tmp/compose.yml" >"$tmp/orphan.yml"
grep -q '^  orphan:' "$tmp/orphan.yml" || fail "could not write the orphan file"

# run VERB [OPTIONS...]: the driver from /, on compose.yml unless -f is given.
run() {
    local verb=$1
    shift
    local files=(-f "$tmp/compose.yml")
    if [ "${1:-}" = -f ]; then files=(-f "$2"); shift 2; fi
    (cd / && "$bin" "$verb" "$proj" "${files[@]}" --project-directory "$tmp" "$@") >"$out" 2>&1
}
ok_run() {
    local t0=$SECONDS
    run "$@" || { sed 's/^/  |/' "$out" >&2; fail "compose_run $* exited $?"; }
    grep -q '^end: exit 0$' "$out" || fail "compose_run $*: no 'end: exit 0'"
    elapsed=$((SECONDS - t0))
}
cid() { $DOCKER ps -aq --no-trunc --filter "label=com.docker.compose.project=$proj" \
    --filter "label=com.docker.compose.service=$1"; }
running() { [ "$($DOCKER inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ]; }
vol=${proj}_data

# up plain
ok_run up
grep -q "^cmd: .* -p $proj -f $tmp/compose.yml --project-directory $tmp up -d\$" "$out" ||
    fail "the command line is not shown as expected: $(grep '^cmd:' "$out")"
app=$(cid app)
built=$(cid built)
[ -n "$app" ] && [ -n "$built" ] || fail "up did not create both services"
running "$app" && running "$built" || fail "up: the services are not running"
grep -q '^out: .*Creating' "$out" || fail "up: the tool's output was not captured"
$DOCKER volume inspect "$vol" >/dev/null 2>&1 || fail "up: volume $vol not made"
echo "ok: up plain (${elapsed}s)"

# --no-recreate keeps the containers
ok_run up --no-recreate
[ "$(cid app)" = "$app" ] || fail "--no-recreate replaced the app container"
echo "ok: up --no-recreate (${elapsed}s)"

# --force-recreate with -t 1: new containers; the app (sleep as PID 1
# ignores SIGTERM) is killed after 1 s, not the default 10
ok_run up --force-recreate -t 1
new=$(cid app)
[ -n "$new" ] && [ "$new" != "$app" ] || fail "--force-recreate kept container $app"
running "$new" || fail "--force-recreate: the new container is not running"
grep -q -- "--force-recreate -t 1\$" "$out" || fail "the -t 1 was not passed"
[ "$elapsed" -lt 9 ] || fail "up --force-recreate -t 1 took ${elapsed}s: the timeout was not applied"
echo "ok: up --force-recreate -t 1 (${elapsed}s)"

# --build builds the image again
ok_run up --build
grep -q '^out: Step 1/2 : FROM' "$out" || fail "--build: no build output"
$DOCKER image inspect "${proj}_built" >/dev/null 2>&1 || fail "--build: image ${proj}_built missing"
echo "ok: up --build (${elapsed}s)"

# --remove-orphans: up with the orphan service, then without it
ok_run up -f "$tmp/orphan.yml"
orphan=$(cid orphan)
[ -n "$orphan" ] || fail "the orphan service was not created"
ok_run up --remove-orphans
$DOCKER inspect "$orphan" >/dev/null 2>&1 && fail "up --remove-orphans left the orphan"
echo "ok: up --remove-orphans (${elapsed}s)"

# down plain: containers and network gone, the named volume kept
ok_run down -t 0
[ -z "$(cid app)$(cid built)" ] || fail "down left containers"
$DOCKER network inspect "${proj}_default" >/dev/null 2>&1 && fail "down left the network"
$DOCKER volume inspect "$vol" >/dev/null 2>&1 || fail "down without -v removed the volume"
grep -q '^out: .*Removing' "$out" || fail "down: no output captured"
echo "ok: down plain (${elapsed}s)"

# down -t 1: the stubborn app is killed after 1 s
ok_run up
ok_run down -t 1
[ -z "$(cid app)" ] || fail "down -t 1 left the app"
[ "$elapsed" -lt 9 ] || fail "down -t 1 took ${elapsed}s: the timeout was not applied"
echo "ok: down -t 1 (${elapsed}s)"

# down -v removes the volume
ok_run up
ok_run down -v -t 0
$DOCKER volume inspect "$vol" >/dev/null 2>&1 && fail "down -v left volume $vol"
echo "ok: down -v (${elapsed}s)"

# down --rmi local --remove-orphans: the built image and the orphan go,
# the pulled (named) image stays
ok_run up -f "$tmp/orphan.yml"
orphan=$(cid orphan)
[ -n "$orphan" ] || fail "the orphan service was not created again"
ok_run down --rmi local --remove-orphans -t 0
$DOCKER image inspect "${proj}_built" >/dev/null 2>&1 && fail "down --rmi local left ${proj}_built"
$DOCKER image inspect "$BERTH_TEST_IMAGE" >/dev/null 2>&1 || fail "--rmi local removed the test image"
$DOCKER inspect "$orphan" >/dev/null 2>&1 && fail "down --remove-orphans left the orphan"
echo "ok: down --rmi local --remove-orphans (${elapsed}s)"

# a failing up: exit status and the tool's error
sed "s|image: $BERTH_TEST_IMAGE|image: ${proj}-no-such-image:never|" "$tmp/compose.yml" \
    >"$tmp/bad.yml"
run up -f "$tmp/bad.yml"
rc=$?
[ "$rc" -ne 0 ] || fail "up with a missing image exited 0"
grep -q "^end: exit $rc\$" "$out" || fail "the failing up did not end with 'exit $rc'"
grep -qiE '^out: .*(not found|pull access denied|no such (image|host)|error|dial tcp)' "$out" ||
    { sed 's/^/  |/' "$out" >&2; fail "the failing up shows no error"; }
echo "ok: failing up shows exit $rc and the error"

# no compose tool in PATH
(cd / && PATH=/nonexistent "$bin" up "$proj" -f "$tmp/compose.yml") >"$out" 2>&1
rc=$?
[ "$rc" -eq 125 ] || fail "with no tool the driver exited $rc, not 125"
grep -q '^end: No compose tool found: .*docker compose.*docker-compose' "$out" ||
    fail "no clear message without a tool: $(cat "$out")"
echo "ok: no compose tool: $(sed -n 's/^end: //p' "$out" | cut -c1-80)..."
