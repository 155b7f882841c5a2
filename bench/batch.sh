#!/usr/bin/env bash
# Batch-mode benchmark: how long berth takes, and how much memory it needs,
# to list the containers of an engine and to report their figures, next to
# the docker CLI doing the same. Run by hand (never by make check); see
# bench/README for how to read the figures.
#
#   bench/batch.sh [--berth PATH] [--sizes "10 50 150"] [--rounds N]
#                  [--network NET] [--own-engine]
#
# For each size it starts that many busybox containers (named berth-bench-N,
# labelled berth.bench=1, all removed at the end, even on Ctrl-C), then
# measures, alternating the commands within each round so that drift in the
# engine's load hits all of them alike:
#   berth --batch -a                 against  docker ps -a
#   berth --batch -a --format json   against  docker stats --no-stream -a
# Wall time comes from the clock around each run; the peak resident set
# from /usr/bin/time (Debian package "time") or, without it, from polling
# /proc/PID/status (coarser: a very short run can be missed).
# The engine is the one docker and berth both pick (DOCKER_HOST, ...), or,
# with --own-engine, a second dockerd started for the run beside the main
# one (own data, socket and bridge; root only) and stopped at the end, so
# that no other container is counted and no other user is slowed down.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

berth=""
sizes="10 50 150"
rounds=5
network=""
own_engine=no
while [ $# -gt 0 ]; do
    case "$1" in
    --berth) berth=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --network) network=$2; shift 2 ;;
    --own-engine) own_engine=yes; shift ;;
    -h | --help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "batch.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done

. "$top/tests/lib/common.sh"
. "$here/lib.sh"
prefix="berth-bench-"
label=berth.bench=1

die() {
    echo "batch.sh: $*" >&2
    exit 1
}

# The binary: --berth, else the usual build folders.
if [ -z "$berth" ]; then
    for b in "$top/build/berth" "$top/berth"; do
        if [ -x "$b" ]; then
            berth=$b
            break
        fi
    done
fi
[ -n "$berth" ] && [ -x "$berth" ] && [ -f "$berth" ] || die "no berth binary; build it (.ci/setup) or pass --berth PATH"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "--rounds wants a positive number"
for n in $sizes; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "--sizes wants positive numbers, not '$n'"
done

BENCH_TMP=$(mktemp -d /tmp/berth-bench.XXXXXX)
tmp=$BENCH_TMP
engine_dir=""

remove_bench_containers() {
    $DOCKER ps -aq --filter "label=$label" | xargs -r $DOCKER rm -f >/dev/null 2>&1
}

cleanup() {
    echo "removing the benchmark containers"
    remove_bench_containers
    if [ -n "$engine_dir" ]; then
        echo "stopping the benchmark's engine"
        second_engine_stop "$engine_dir"
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$own_engine" = yes ]; then
    [ "$(id -u)" -eq 0 ] || die "--own-engine starts a dockerd and needs root"
    engine_dir=$tmp/engine
    echo "starting the benchmark's own engine in $engine_dir"
    second_engine_start "$engine_dir" || die "could not start a second engine"
    export DOCKER_HOST=unix://$engine_dir/docker.sock
fi

engine_answers || die "no engine answers (docker info fails)"
engine_ensure_test_image || die "cannot import the test image $BERTH_TEST_IMAGE"

# grow_to N: start containers until N benchmark containers run.
grow_to() {
    local want=$1 have
    have=$($DOCKER ps -q --filter "label=$label" | wc -l)
    [ "$have" -lt "$want" ] || return 0
    local net=()
    [ -n "$network" ] && net=(--network "$network")
    seq "$((have + 1))" "$want" |
        xargs -P 4 -I{} $DOCKER run -d --name "$prefix{}" --label "$label" "${net[@]}" \
            "$BERTH_TEST_IMAGE" sleep 2147483 >"$tmp/run.log" 2>&1 ||
        { tail -n 5 "$tmp/run.log" >&2; die "could not start $want containers"; }
    have=$($DOCKER ps -q --filter "label=$label" | wc -l)
    [ "$have" -eq "$want" ] || die "$have benchmark containers run, wanted $want"
}

# listed FILE: how many benchmark containers an output names.
listed() {
    grep -o "${prefix}[0-9]*" "$1" | sort -u | wc -l
}

names=(berth_table docker_ps berth_json docker_stats)
titles=("berth --batch -a" "docker ps -a" "berth --batch -a --format json" "docker stats --no-stream -a")
commands=("$berth --batch -a" "$DOCKER ps -a" "$berth --batch -a --format json" "$DOCKER stats --no-stream -a")

engine=$($DOCKER version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null)
echo "berth batch benchmark"
echo "  engine:  ${DOCKER_HOST:-default socket}, Docker $engine, $(nproc) CPUs"
echo "  berth:   $berth ($("$berth" --version 2>&1 | head -n 1))"
echo "  docker:  $($DOCKER version --format '{{.Client.Version}}' 2>/dev/null) (CLI)"
echo "  figures: median of $rounds rounds; max RSS by $(bench_rss_by)"

remove_bench_containers
status=0
for n in $sizes; do
    echo
    echo "starting containers: $n"
    grow_to "$n"
    # Let the engine settle after the starts before timing anything.
    sleep 3
    total=$($DOCKER ps -aq | wc -l)
    rm -f "$tmp"/*.fig
    for r in $(seq 1 "$rounds"); do
        for i in "${!names[@]}"; do
            fig=$(bench_measure "$tmp/out" ${commands[$i]}) || die "${titles[$i]} failed"
            echo "$fig" >>"$tmp/${names[$i]}.fig"
            # Every command must have seen every benchmark container, or
            # the comparison is not like for like.
            if [ "$r" -eq 1 ]; then
                seen=$(listed "$tmp/out")
                if [ "$seen" -ne "$n" ]; then
                    echo "  warning: ${titles[$i]} listed $seen of the $n benchmark containers" >&2
                    status=1
                fi
            fi
        done
    done
    printf '\n%d benchmark containers (%d on the engine in all)\n' "$n" "$total"
    printf '  %-34s %10s %12s\n' command "wall ms" "max RSS MiB"
    wall=()
    rss=()
    for i in "${!names[@]}"; do
        wall[$i]=$(bench_median "$tmp/${names[$i]}.fig" 1)
        rss[$i]=$(bench_median "$tmp/${names[$i]}.fig" 2)
        printf '  %-34s %10.1f %12.1f\n' "${titles[$i]}" "${wall[$i]}" \
            "$(awk -v k="${rss[$i]}" 'BEGIN { print k / 1024 }')"
    done
    # Ratios: docker's figure divided by berth's; above 1 means berth is
    # faster or smaller.
    for pair in "1 0 docker ps / berth table" "3 2 docker stats / berth json"; do
        read -r d b title <<<"$pair"
        awk -v t="$title" -v dw="${wall[$d]}" -v bw="${wall[$b]}" -v dr="${rss[$d]}" -v br="${rss[$b]}" '
            function ratio(x, y) { return y > 0 ? sprintf(x / y < 10 ? "%.2fx" : "%.1fx", x / y) : "n/a" }
            BEGIN { printf "  %-34s %10s %12s\n", "ratio " t, ratio(dw, bw), ratio(dr, br) }'
    done
done

# The dashboard benchmark (berth in a pseudo-terminal, CPU and memory over
# time at each size) belongs in bench/dashboard.sh, beside this script.
exit "$status"
