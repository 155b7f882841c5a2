#!/usr/bin/env bash
# Networks benchmark: the networks panel's list (GET /networks, then one
# GET /networks/ID per network for its containers: N+1 requests) next to
# `docker network ls` (one request, no containers) and to
# `docker network ls` + `docker network inspect` of them all (what the CLI
# needs for the same facts), on the same engine in the same run. Prints
# figures, asserts nothing; see bench/README for how to read them.
#
#   bench/networks.sh [--ops PATH] [--sizes "10 50 100"] [--rounds N]
#                     [--base 10.213]
#
# For each size it creates bridge networks up to that many (named
# berth-bench-net-PID-N, labelled berth.bench=networks-PID, subnets
# BASE.N.0/24 because the engine's default pools hold only about 30
# networks), all removed at the end, even on Ctrl-C. Within each round
# the commands run one after the other, in an order that turns every round.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

ops=""
sizes="10 50 100"
rounds=5
base=10.213
while [ $# -gt 0 ]; do
    case "$1" in
    --ops) ops=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --base) base=$2; shift 2 ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "networks.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done

. "$top/tests/lib/common.sh"
. "$here/lib.sh"

die() {
    echo "networks.sh: $*" >&2
    exit 1
}

if [ -z "$ops" ]; then
    for b in "${BERTH_BUILDDIR:-/nonexistent}/tests/bin/network_ops" \
        "$top/build/tests/bin/network_ops" "$top/tests/bin/network_ops"; do
        if [ -x "$b" ]; then
            ops=$b
            break
        fi
    done
fi
[ -n "$ops" ] && [ -x "$ops" ] ||
    die "no tests/bin/network_ops; build it (make tests/bin/network_ops in a build folder) or pass --ops PATH"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "--rounds wants a positive number"
[[ "$base" =~ ^[0-9]+\.[0-9]+$ ]] || die "--base wants the first two numbers of an IPv4 address"
for n in $sizes; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] && [ "$n" -le 254 ] || die "--sizes wants numbers from 1 to 254, not '$n'"
done

BENCH_TMP=$(mktemp -d /tmp/berth-bench-networks.XXXXXX)
tmp=$BENCH_TMP
prefix=berth-bench-net-$$-
label=berth.bench=networks-$$

cleanup() {
    echo "removing the benchmark networks"
    $DOCKER network ls -q --filter "label=$label" | xargs -r $DOCKER network rm >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

engine_answers || die "no engine answers (docker info fails)"

# The raw requests (the floor: the engine's own time) go through curl on
# the engine's unix socket; on another kind of engine address they are left out.
sock=/var/run/docker.sock
case "${DOCKER_HOST:-}" in
"") ;;
unix://*) sock=${DOCKER_HOST#unix://} ;;
*) sock="" ;;
esac
api=v$($DOCKER version --format '{{.Server.APIVersion}}' 2>/dev/null)

grow_to() {
    local want=$1 have i
    have=$($DOCKER network ls -q --filter "label=$label" | wc -l)
    for i in $(seq "$((have + 1))" "$want"); do
        $DOCKER network create --label "$label" --subnet "$base.$i.0/24" "$prefix$i" \
            >/dev/null 2>"$tmp/create.err" ||
            die "cannot create $prefix$i ($base.$i.0/24; another --base?): $(cat "$tmp/create.err")"
    done
}

# The commands, by name. inspect_all is what the CLI needs to show which
# containers sit on which network: a list, then one inspect of them all.
run_cmd() {
    case "$1" in
    inspect_all) $DOCKER network inspect $($DOCKER network ls -q) ;;
    raw_list) curl -sf --unix-socket "$sock" "http://localhost/$api/networks" ;;
    raw_n1)
        # One curl, one connection: the list, then an inspect per network,
        # as berth's client does them.
        local ids url=()
        ids=$(curl -sf --unix-socket "$sock" "http://localhost/$api/networks" |
            grep -o '"Id":"[0-9a-f]*"' | cut -d'"' -f4) || return 1
        for id in $ids; do
            url+=("http://localhost/$api/networks/$id")
        done
        curl -sf --unix-socket "$sock" "${url[@]}"
        ;;
    esac
}
export -f run_cmd
export sock api DOCKER

names=(berth ls inspect_all)
[ -n "$sock" ] && names+=(raw_list raw_n1)
title() {
    case "$1" in
    berth) echo "berth (list + N inspects)" ;;
    ls) echo "docker network ls" ;;
    inspect_all) echo "docker network ls + inspect all" ;;
    raw_list) echo "raw GET /networks (curl)" ;;
    raw_n1) echo "raw list + N inspects (curl)" ;;
    esac
}

engine=$($DOCKER version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null)
echo "berth networks benchmark"
echo "  engine:  ${DOCKER_HOST:-default socket}, Docker $engine, $(nproc) CPUs"
echo "  berth:   $ops ls (the networks panel's list)"
echo "  docker:  $($DOCKER version --format '{{.Client.Version}}' 2>/dev/null) (CLI)"
echo "  figures: median of $rounds rounds; max RSS by $(bench_rss_by)"
echo "           (for ls + inspect, the larger of the two docker processes)"

status=0
for n in $sizes; do
    grow_to "$n"
    total=$($DOCKER network ls -q | wc -l)
    rm -f "$tmp"/*.fig
    for r in $(seq 1 "$rounds"); do
        k=${#names[@]}
        for j in $(seq 0 $((k - 1))); do
            c=${names[$(((j + r) % k))]}
            # The two single programs run as they are; the others need a
            # shell to tie their requests together, as they would by hand.
            case "$c" in
            berth) cmd=("$ops" ls) ;;
            ls) cmd=($DOCKER network ls) ;;
            *) cmd=(bash -c 'run_cmd "$1"' run_cmd "$c") ;;
            esac
            fig=$(bench_measure "$tmp/out" "${cmd[@]}") || die "$(title "$c") failed"
            echo "$fig" >>"$tmp/$c.fig"
            if [ "$r" -eq 1 ]; then
                seen=$(grep -o "$prefix[0-9]*" "$tmp/out" | sort -u | wc -l)
                if [ "$seen" -ne "$n" ]; then
                    echo "  warning: $(title "$c") named $seen of the $n benchmark networks" >&2
                    status=1
                fi
            fi
        done
    done
    echo
    echo "networks: $n benchmark networks, $total on the engine"
    bw=$(bench_median "$tmp/berth.fig" 1)
    for c in "${names[@]}"; do
        w=$(bench_median "$tmp/$c.fig" 1)
        m=$(bench_median "$tmp/$c.fig" 2)
        printf '  %-34s %7s ms  %6.1f MiB  ratio to berth %s\n' "$(title "$c")" "$w" \
            "$(awk -v k="$m" 'BEGIN { print k / 1024 }')" "$(bench_ratio "$w" "$bw")"
    done
    # What the N+1 costs: berth's time above one raw list, per network.
    if [ -n "$sock" ]; then
        lw=$(bench_median "$tmp/raw_list.fig" 1)
        printf '  N+1 cost: %s ms above one raw list, %s ms per network\n' \
            "$(awk -v a="$bw" -v b="$lw" 'BEGIN { print a - b }')" \
            "$(awk -v a="$bw" -v b="$lw" -v n="$total" 'BEGIN { printf "%.2f", (a - b) / n }')"
    fi
done
exit "$status"
