# Shared helpers for integration and UI tests. Source it; do not run it.
#
# Every test object is named with the prefix $BERTH_TEST_PREFIX and removed
# by the test that made it.

: "${BERTH_TEST_IMAGE:=berth-test/busybox:latest}"
: "${BERTH_TEST_PREFIX:=berth-t-}"
: "${DOCKER:=docker}"

engine_answers() {
    $DOCKER info >/dev/null 2>&1
}

# Start dockerd when no engine answers, and wait until it does.
engine_ensure_running() {
    engine_answers && return 0
    command -v dockerd >/dev/null || { echo "dockerd not installed (Debian: docker.io)" >&2; return 1; }
    echo "starting dockerd"
    setsid dockerd >/var/log/berth-test-dockerd.log 2>&1 < /dev/null &
    local i
    for i in $(seq 1 60); do
        engine_answers && return 0
        sleep 0.5
    done
    echo "dockerd did not come up; log follows" >&2
    tail -n 30 /var/log/berth-test-dockerd.log >&2
    return 1
}

# Import the busybox test image (no registry is reachable from here).
engine_ensure_test_image() {
    $DOCKER image inspect "$BERTH_TEST_IMAGE" >/dev/null 2>&1 && return 0
    local bb root
    bb=$(command -v busybox) || { echo "busybox not installed (Debian: busybox-static)" >&2; return 1; }
    root=$(mktemp -d)
    mkdir -p "$root/bin" "$root/tmp" "$root/data"
    cp "$bb" "$root/bin/busybox"
    local c
    for c in sh sleep echo yes cat ls tar httpd head dd md5sum sha256sum seq printf \
             mkdir rm chmod chown ln wc env kill top ps grep sed awk date true false; do
        ln -sf busybox "$root/bin/$c"
    done
    tar -C "$root" -cf "$root.tar" .
    $DOCKER import "$root.tar" "$BERTH_TEST_IMAGE" >/dev/null
    rm -rf "$root" "$root.tar"
}

# Remove every container, volume and network whose name carries the prefix.
cleanup_prefix() {
    local prefix=${1:-$BERTH_TEST_PREFIX}
    $DOCKER ps -aq --filter "name=^/$prefix" | xargs -r $DOCKER rm -f >/dev/null 2>&1 || true
    $DOCKER volume ls -q --filter "name=$prefix" | xargs -r $DOCKER volume rm -f >/dev/null 2>&1 || true
    $DOCKER network ls -q --filter "name=$prefix" | xargs -r $DOCKER network rm >/dev/null 2>&1 || true
}

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
