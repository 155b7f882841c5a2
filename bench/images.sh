#!/usr/bin/env bash
# Images benchmark: how fast, and in how much memory, berth's image code
# pulls an image and lists the images, next to the docker CLI doing the
# same on the same engine in the same run. Prints figures, asserts nothing;
# see bench/README for how to read them.
#
#   bench/images.sh [--ops PATH] [--rounds N] [--mb SIZE] [--tags N]
#
# A local registry (Debian's docker-registry, tests/lib/registry.sh) on a
# free loopback port gets a generated image: the test image plus 4 layers
# of random data, SIZE MiB in all (default 64), built offline. Each round
# removes it from the engine and pulls it back, once through berth's code
# (tests/bin/image_ops pull, the call the images panel makes) and once with
# `docker pull`, in alternating order. Then, with N (default 100) extra
# tags of the test image, berth's images list against `docker images`.
# The image, the tags and the registry are removed at the end, even on
# Ctrl-C.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

ops=""
rounds=5
mb=64
ntags=100
while [ $# -gt 0 ]; do
    case "$1" in
    --ops) ops=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --mb) mb=$2; shift 2 ;;
    --tags) ntags=$2; shift 2 ;;
    -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "images.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done

. "$top/tests/lib/common.sh"
. "$top/tests/lib/registry.sh"
. "$here/lib.sh"

die() {
    echo "images.sh: $*" >&2
    exit 1
}

# The driver: --ops, else the build folder's, else the usual ones.
if [ -z "$ops" ]; then
    for b in "${BERTH_BUILDDIR:-/nonexistent}/tests/bin/image_ops" "$top/build/tests/bin/image_ops" \
        "$top/tests/bin/image_ops"; do
        if [ -x "$b" ]; then
            ops=$b
            break
        fi
    done
fi
[ -n "$ops" ] && [ -x "$ops" ] ||
    die "no tests/bin/image_ops; build it (make tests/bin/image_ops in a build folder) or pass --ops PATH"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "--rounds wants a positive number"
[[ "$mb" =~ ^[1-9][0-9]*$ ]] || die "--mb wants a positive number of MiB"
[[ "$ntags" =~ ^[1-9][0-9]*$ ]] || die "--tags wants a positive number"

BENCH_TMP=$(mktemp -d /tmp/berth-bench-images.XXXXXX)
tmp=$BENCH_TMP
name=berth-bench-img-$$
tagrepo=berth-bench-imgtag-$$
label=berth.bench=images-$$
ref=

cleanup() {
    echo "removing the benchmark images and the registry"
    [ -n "$ref" ] && $DOCKER rmi -f "$ref" >/dev/null 2>&1
    $DOCKER images --format '{{.Repository}}:{{.Tag}}' "$tagrepo" | xargs -r $DOCKER rmi >/dev/null 2>&1
    $DOCKER images -q --filter "label=$label" | sort -u | xargs -r $DOCKER rmi -f >/dev/null 2>&1
    registry_stop
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

engine_answers || die "no engine answers (docker info fails)"
engine_ensure_test_image || die "cannot import the test image $BERTH_TEST_IMAGE"
registry_start "$tmp/reg" || die "cannot start the local registry"
ref=$REGISTRY/$name:v1

# 4 layers of random data (incompressible, so the registry and the engine
# move every byte), one RUN each.
layer_kib=$((mb * 1024 / 4))
{
    echo "FROM $BERTH_TEST_IMAGE"
    for i in 1 2 3 4; do
        echo "RUN dd if=/dev/urandom of=/blob$i bs=1k count=$layer_kib 2>/dev/null"
    done
    echo "LABEL $label"
} >"$tmp/Dockerfile"
echo "building and pushing $ref ($mb MiB in 4 layers)"
DOCKER_BUILDKIT=0 $DOCKER build -q -t "$ref" "$tmp" >"$tmp/build.log" 2>&1 ||
    { tail -n 5 "$tmp/build.log" >&2; die "cannot build $ref"; }
$DOCKER push "$ref" >"$tmp/push.log" 2>&1 || { tail -n 5 "$tmp/push.log" >&2; die "cannot push $ref"; }
id=$($DOCKER image inspect -f '{{.Id}}' "$ref")

remove_image() {
    $DOCKER rmi "$ref" >/dev/null 2>&1 || die "cannot remove $ref"
    ! $DOCKER image inspect "$id" >/dev/null 2>&1 || die "$id is still there after its removal"
}
pulled() {
    [ "$($DOCKER image inspect -f '{{.Id}}' "$ref" 2>/dev/null)" = "$id" ] || die "$1 did not bring back $id"
}

engine=$($DOCKER version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null)
echo "berth images benchmark"
echo "  engine:  ${DOCKER_HOST:-default socket}, Docker $engine, $(nproc) CPUs"
echo "  berth:   $ops (the images panel's calls)"
echo "  docker:  $($DOCKER version --format '{{.Client.Version}}' 2>/dev/null) (CLI)"
echo "  figures: median of $rounds rounds; max RSS by $(bench_rss_by)"

for r in $(seq 1 "$rounds"); do
    # Alternate who goes first, so that a drift in the engine's load (or
    # a warm page cache on the registry's side) touches both alike.
    if [ $((r % 2)) -eq 1 ]; then order="berth docker"; else order="docker berth"; fi
    for who in $order; do
        remove_image
        if [ "$who" = berth ]; then
            fig=$(bench_measure "$tmp/out" "$ops" pull "$ref") || die "berth's pull failed"
            grep -q '^done sha256:' "$tmp/out" || die "berth's pull did not finish: $(tail -n 1 "$tmp/out")"
        else
            fig=$(bench_measure "$tmp/out" $DOCKER pull "$ref") || die "docker pull failed"
        fi
        pulled "$who"
        echo "$fig" >>"$tmp/pull-$who.fig"
    done
done

# The list: N more tags of the test image (each one a row, no new data).
for i in $(seq 1 "$ntags"); do
    $DOCKER tag "$BERTH_TEST_IMAGE" "$tagrepo:t$i" || die "cannot tag $tagrepo:t$i"
done
nimages=$($DOCKER images -q | wc -l)
warn=0
for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then order="berth docker"; else order="docker berth"; fi
    for who in $order; do
        if [ "$who" = berth ]; then
            fig=$(bench_measure "$tmp/out" "$ops" list) || die "berth's list failed"
        else
            fig=$(bench_measure "$tmp/out" $DOCKER images) || die "docker images failed"
        fi
        echo "$fig" >>"$tmp/list-$who.fig"
        if [ "$r" -eq 1 ]; then
            seen=$(grep -c "$tagrepo" "$tmp/out")
            [ "$seen" -eq "$ntags" ] || { echo "  warning: $who listed $seen of the $ntags tags" >&2; warn=1; }
        fi
    done
done

# report WHAT: the medians of berth and docker, and docker / berth.
report() {
    local what=$1 bw bm dw dm
    bw=$(bench_median "$tmp/$what-berth.fig" 1)
    bm=$(bench_median "$tmp/$what-berth.fig" 2)
    dw=$(bench_median "$tmp/$what-docker.fig" 1)
    dm=$(bench_median "$tmp/$what-docker.fig" 2)
    printf '  %-28s %8s ms  %7.1f MiB' "$2" "$bw" "$(awk -v k="$bm" 'BEGIN { print k / 1024 }')"
    [ "$what" = pull ] && printf '  %6.1f MiB/s' "$(awk -v w="$bw" -v m="$mb" 'BEGIN { print m / (w / 1000) }')"
    printf '\n  %-28s %8s ms  %7.1f MiB' "$3" "$dw" "$(awk -v k="$dm" 'BEGIN { print k / 1024 }')"
    [ "$what" = pull ] && printf '  %6.1f MiB/s' "$(awk -v w="$dw" -v m="$mb" 'BEGIN { print m / (w / 1000) }')"
    printf '\n  ratio docker/berth:          time %s   max RSS %s\n' "$(bench_ratio "$dw" "$bw")" \
        "$(bench_ratio "$dm" "$bm")"
}

echo
echo "pull of $mb MiB in 4 layers from $REGISTRY (image removed before each pull)"
report pull "berth (image_ops pull)" "docker pull"
echo
echo "list of $nimages images ($ntags tags of the test image among them)"
report list "berth (image_ops list)" "docker images"
exit "$warn"
