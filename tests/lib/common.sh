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

# Start the engine when none answers, and wait until it does: through
# systemd when it runs the machine (PID 1), else dockerd detached from the
# terminal (setsid) with a log file. BERTH_SUDO (empty for root) prefixes
# the commands that need root; BERTH_DOCKERD_LOG names the log of a dockerd
# started here.
engine_ensure_running() {
    engine_answers && return 0
    local sudo=${BERTH_SUDO:-} log=${BERTH_DOCKERD_LOG:-/var/log/berth-test-dockerd.log}
    if [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ] && command -v systemctl >/dev/null; then
        echo "starting docker (systemctl)"
        $sudo systemctl start docker || {
            $sudo systemctl status docker --no-pager -l 2>&1 | tail -n 20 >&2
            return 1
        }
        log=""
    else
        command -v dockerd >/dev/null || [ -x /usr/sbin/dockerd ] ||
            { echo "dockerd not installed (Debian: docker.io)" >&2; return 1; }
        echo "starting dockerd (log: $log)"
        $sudo sh -c 'PATH=$PATH:/usr/sbin:/sbin; setsid dockerd >"$1" 2>&1 </dev/null &' sh "$log"
    fi
    local _
    for _ in $(seq 1 120); do
        engine_answers && return 0
        sleep 0.5
    done
    echo "the engine did not answer within 60 s" >&2
    if [ -n "$log" ]; then
        echo "dockerd log ($log) follows" >&2
        $sudo tail -n 30 "$log" >&2
    fi
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

# second_engine_start DIR: start a second dockerd beside the main one, on
# the socket DIR/docker.sock, with its own bridge (never `--bridge none`: a
# dockerd started that way deletes the host's docker0 and breaks the main
# engine's containers). Imports the test image into it. Sets SECOND_ENGINE_PID
# and SECOND_ENGINE_BRIDGE; second_engine_stop DIR undoes everything.
second_engine_start() {
    local d=$1
    mkdir -p "$d/data" "$d/exec"
    SECOND_ENGINE_BRIDGE="bt$(( $$ % 100000 ))$RANDOM"
    SECOND_ENGINE_BRIDGE=${SECOND_ENGINE_BRIDGE:0:15}
    local net=$(( ($$ + RANDOM) % 250 + 1 ))
    ip link add "$SECOND_ENGINE_BRIDGE" type bridge || return 1
    ip addr add "198.18.$net.1/24" dev "$SECOND_ENGINE_BRIDGE"   # benchmark range: routes nowhere
    ip link set "$SECOND_ENGINE_BRIDGE" up
    second_engine_run "$d"
    DOCKER="docker -H unix://$d/docker.sock" engine_ensure_test_image
}

# second_engine_run DIR: (re)start the second engine's daemon only, e.g.
# after second_engine_kill, and wait until it answers.
second_engine_run() {
    local d=$1 i
    setsid dockerd --data-root "$d/data" --exec-root "$d/exec" -H "unix://$d/docker.sock" \
        --pidfile "$d/docker.pid" --bridge "$SECOND_ENGINE_BRIDGE" \
        --iptables=false --ip-masq=false >>"$d/dockerd.log" 2>&1 </dev/null &
    SECOND_ENGINE_PID=$!
    for i in $(seq 1 80); do
        docker -H "unix://$d/docker.sock" info >/dev/null 2>&1 && return 0
        kill -0 "$SECOND_ENGINE_PID" 2>/dev/null || break
        sleep 0.25
    done
    echo "second engine did not come up; log follows" >&2
    tail -n 20 "$d/dockerd.log" >&2
    return 1
}

# second_engine_kill: stop the second engine's daemon (its data stays).
second_engine_kill() {
    [ -n "${SECOND_ENGINE_PID:-}" ] || return 0
    kill "$SECOND_ENGINE_PID" 2>/dev/null
    local i
    for i in $(seq 1 60); do
        kill -0 "$SECOND_ENGINE_PID" 2>/dev/null || break
        sleep 0.25
    done
    kill -9 "$SECOND_ENGINE_PID" 2>/dev/null || true
    SECOND_ENGINE_PID=""
}

second_engine_stop() {
    local d=$1
    docker -H "unix://$d/docker.sock" ps -aq 2>/dev/null | xargs -r docker -H "unix://$d/docker.sock" rm -f >/dev/null 2>&1
    second_engine_kill
    [ -n "${SECOND_ENGINE_BRIDGE:-}" ] && ip link del "$SECOND_ENGINE_BRIDGE" 2>/dev/null
    umount -R "$d/exec" "$d/data" 2>/dev/null || true
    # Mounts a killed daemon left behind (container layers, netns files).
    grep -o " ${d}[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null
    rm -rf "$d"
}
