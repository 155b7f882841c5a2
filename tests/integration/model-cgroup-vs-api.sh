#!/usr/bin/env bash
# The cgroup reader gives the engine's own figures for real containers: an
# idle one, one held at half a CPU, and one with memory and PID limits and
# 20 MB in use. The engine's stats?stream=0 sample must fall between two
# cgroup reads taken around it (container and host CPU time, network),
# with the same memory limit and PIDs, memory used within 1 % and CPU %
# close (tests/bin/model_cgroup_check).
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

prefix=${BERTH_TEST_PREFIX}model-cg-
trap 'cleanup_prefix "$prefix"' EXIT
cleanup_prefix "$prefix"

[ -r /sys/fs/cgroup/memory/memory.usage_in_bytes ] || [ -r /sys/fs/cgroup/memory.stat ] ||
    fail "no readable cgroup files on this host"

$DOCKER run -d --name "${prefix}idle" "$BERTH_TEST_IMAGE" sleep 1000 >/dev/null ||
    fail "cannot start ${prefix}idle"
$DOCKER run -d --name "${prefix}busy" --cpus 0.5 "$BERTH_TEST_IMAGE" sh -c 'yes >/dev/null' \
    >/dev/null || fail "cannot start ${prefix}busy"
$DOCKER run -d --name "${prefix}mem" -m 64m --memory-swap 64m --pids-limit 50 "$BERTH_TEST_IMAGE" \
    sh -c 'head -c 20000000 /dev/zero >/dev/shm/fill; exec sleep 1000' >/dev/null ||
    fail "cannot start ${prefix}mem"

# Let the memory filler finish writing before comparing.
for _ in $(seq 1 50); do
    used=$($DOCKER exec "${prefix}mem" sh -c 'wc -c </dev/shm/fill' 2>/dev/null || echo 0)
    [ "$used" = 20000000 ] && break
    sleep 0.1
done
[ "$used" = 20000000 ] || fail "the memory filler did not finish (${used} bytes)"

"$BERTH_BUILDDIR/tests/bin/model_cgroup_check" unix:///var/run/docker.sock \
    "${prefix}idle" "${prefix}busy:1" "${prefix}mem" || fail "cgroup and API figures disagree"
echo "cgroup figures agree with the stats API"
