#!/usr/bin/env bash
# Volume backup and restore throughput: `berth volume backup/restore`
# (archive API + zlib, streamed) against `docker run --rm -v VOL:/data
# busybox tar cf - /data | gzip` (and the reverse) on the same volume. Prints MB/s; asserts
# nothing. Usage: bench/volumes.sh [BERTH_BIN] [SIZE_MB]
set -u
here=$(cd "$(dirname "$0")" && pwd)
BERTH_SRCDIR=${BERTH_SRCDIR:-$here/..}
. "$BERTH_SRCDIR/tests/lib/common.sh"
bin=${1:-${BERTH_BIN:-berth}}
mb=${2:-256}
vol=${BERTH_TEST_PREFIX}bench-vol-$$
tmp=$(mktemp -d)
trap 'cleanup_prefix "${BERTH_TEST_PREFIX}bench-vol-$$"; rm -rf "$tmp"' EXIT

$DOCKER volume create "$vol" >/dev/null
# Half random (incompressible), half text-like (compressible).
$DOCKER run --rm -v "$vol:/data" "$BERTH_TEST_IMAGE" sh -c \
    "dd if=/dev/urandom of=/data/random bs=1M count=$((mb / 2)) 2>/dev/null &&
     yes 'berth volume benchmark line of text' | head -c $((mb / 2 * 1048576)) > /data/text"

now() { date +%s.%N; }
rate() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
bytes=$((mb / 2 * 2 * 1048576))

t0=$(now)
"$bin" volume backup "$vol" "$tmp/berth.tar.gz" >/dev/null || fail "berth backup failed"
t1=$(now)
# The test image's busybox has no gzip applet: tar in the container, gzip
# (same level 6) on this side of the pipe.
$DOCKER run --rm -v "$vol:/data" "$BERTH_TEST_IMAGE" tar cf - /data | gzip -6 >"$tmp/docker.tar.gz" ||
    fail "docker run tar failed"
t2=$(now)
"$bin" volume restore "$tmp/berth.tar.gz" "${vol}-r" >/dev/null || fail "berth restore failed"
t3=$(now)
gunzip -c "$tmp/docker.tar.gz" | $DOCKER run --rm -i -v "${vol}-d:/data" "$BERTH_TEST_IMAGE" tar xf - -C / ||
    fail "docker run tar x failed"
t4=$(now)

b=$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')
d=$(awk -v a="$t1" -v b="$t2" 'BEGIN{print b-a}')
r=$(awk -v a="$t2" -v b="$t3" 'BEGIN{print b-a}')
x=$(awk -v a="$t3" -v b="$t4" 'BEGIN{print b-a}')
printf 'data: %d MB (half random, half text)\n' "$mb"
printf 'backup   berth volume backup       %6.2f s  %7s MB/s  file %s bytes\n' "$b" "$(rate $bytes "$b")" "$(stat -c %s "$tmp/berth.tar.gz")"
printf 'backup   docker run tar | gzip     %6.2f s  %7s MB/s  file %s bytes\n' "$d" "$(rate $bytes "$d")" "$(stat -c %s "$tmp/docker.tar.gz")"
printf 'restore  berth volume restore      %6.2f s  %7s MB/s\n' "$r" "$(rate $bytes "$r")"
printf 'restore  gunzip | docker tar x     %6.2f s  %7s MB/s\n' "$x" "$(rate $bytes "$x")"
