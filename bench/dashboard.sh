#!/usr/bin/env bash
# Dashboard benchmark: what the interactive berth costs while it watches an
# engine, next to `docker stats` watching the same containers. Run by hand
# (never by make check); see bench/README for how to read the figures.
#
#   bench/dashboard.sh [--berth PATH] [--sizes 10,50,150] [--rounds N]
#                      [--window SECS] [--stops N] [--own-engine]
#
# For each size it starts that many busybox containers (named berth-dash-N,
# labelled berth.bench=dashboard, all removed at the end, even on Ctrl-C).
# Each round takes an idle baseline (nothing watching), then runs berth and
# `docker stats` one after the other (the order swaps every round), each in
# a private tmux server at a fixed size that shows every row, and measures:
#   - time from launch to the first screen naming every benchmark container
#   - own CPU (% of one core) and RSS over a window of --window seconds
#   - the engine's extra CPU in that window: dockerd, its containerd and the
#     containers' shims, from /proc, minus the idle baseline of the round
#   - stop-to-screen: a container stopped (POST /containers/ID/stop?t=0),
#     then the time until its row changes on screen, --stops times
# plus the median time of one raw GET /containers/json?all=1 (curl).
# The binary is --berth, else $BERTH_BIN, else build/berth. The engine is
# the one docker picks through DOCKER_HOST (a unix socket) or the default
# socket, or with --own-engine a second dockerd started for the run (root).
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

berth=${BERTH_BIN:-}
sizes="10,50,150"
rounds=3
window=20
stops=3
own_engine=no
while [ $# -gt 0 ]; do
    case "$1" in
    --berth) berth=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --window) window=$2; shift 2 ;;
    --stops) stops=$2; shift 2 ;;
    --own-engine) own_engine=yes; shift ;;
    -h | --help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "dashboard.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done
sizes=${sizes//,/ }

. "$top/tests/lib/common.sh"
. "$top/tests/lib/tmux.sh"
prefix="berth-dash-"
label=berth.bench=dashboard

die() {
    echo "dashboard.sh: $*" >&2
    exit 1
}

[ -n "$berth" ] || berth=$top/build/berth
[ -x "$berth" ] && [ -f "$berth" ] ||
    die "no berth binary at '$berth'; build it or pass --berth PATH"
berth=$(cd "$(dirname "$berth")" && pwd)/$(basename "$berth")
for v in "$rounds" "$window" "$stops"; do
    [[ "$v" =~ ^[1-9][0-9]*$ ]] ||
        die "--rounds, --window and --stops want positive numbers, not '$v'"
done
for n in $sizes; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "--sizes wants positive numbers, not '$n'"
done
for tool in tmux curl; do
    command -v "$tool" >/dev/null || die "$tool is needed (Debian package $tool)"
done

tmp=$(mktemp -d /tmp/berth-dash.XXXXXX)
engine_dir=""

remove_bench_containers() {
    $DOCKER ps -aq --filter "label=$label" | xargs -r $DOCKER rm -f >/dev/null 2>&1
}

cleanup() {
    _tmux kill-server 2>/dev/null
    tmux_stop
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

pidfile=/var/run/docker.pid
if [ "$own_engine" = yes ]; then
    [ "$(id -u)" -eq 0 ] || die "--own-engine starts a dockerd and needs root"
    engine_dir=$tmp/engine
    echo "starting the benchmark's own engine in $engine_dir"
    second_engine_start "$engine_dir" || die "could not start a second engine"
    export DOCKER_HOST=unix://$engine_dir/docker.sock
    pidfile=$engine_dir/docker.pid
fi

# The raw list and the stops go straight to the socket with curl, so that
# the docker CLI's own start-up (tens of milliseconds) is not counted.
case "${DOCKER_HOST:-}" in
"") sock=/var/run/docker.sock ;;
unix://*) sock=${DOCKER_HOST#unix://} ;;
*) die "DOCKER_HOST must be a unix:// socket (the engine's processes are read from /proc)" ;;
esac
[ -S "$sock" ] || die "no engine socket at $sock"

engine_answers || die "no engine answers (docker info fails)"
engine_ensure_test_image || die "cannot import the test image $BERTH_TEST_IMAGE"
dockerd_pid=$(cat "$pidfile" 2>/dev/null)
[ -n "$dockerd_pid" ] && [ -d "/proc/$dockerd_pid" ] ||
    die "cannot read the engine's pid from $pidfile"

hz=$(getconf CLK_TCK)
mkdir -p "$TMUX_HOME/.config/berth"
# Stopped containers must stay listed, so that a stop changes the row's
# state rather than removing it.
echo "set show_stopped yes" >"$TMUX_HOME/.config/berth/config"

now_ns() {
    date +%s%N
}

# grow_to N: start containers until N benchmark containers run.
grow_to() {
    local want=$1 have
    have=$($DOCKER ps -q --filter "label=$label" | wc -l)
    [ "$have" -lt "$want" ] || return 0
    seq "$((have + 1))" "$want" |
        xargs -P 4 -I{} $DOCKER run -d --name "$prefix{}" --label "$label" \
            "$BERTH_TEST_IMAGE" sleep 2147483 >"$tmp/run.log" 2>&1 ||
        { tail -n 5 "$tmp/run.log" >&2; die "could not start $want containers"; }
    have=$($DOCKER ps -q --filter "label=$label" | wc -l)
    [ "$have" -eq "$want" ] || die "$have benchmark containers run, wanted $want"
}

# engine_pids: dockerd, the containerd it manages (or the system one), and
# the shim of every running container of this engine (a shim's -id is its
# container's full id), one per line.
engine_pids() {
    local ids p comm args ppid
    ids=" $($DOCKER ps -q --no-trunc | tr '\n' ' ') "
    echo "$dockerd_pid"
    local own_containerd=no
    for p in /proc/[0-9]*; do
        p=${p#/proc/}
        read -r comm 2>/dev/null <"/proc/$p/comm" || continue
        case "$comm" in
        containerd)
            ppid=$(awk '{ sub(/.*\) /, ""); print $2 }' "/proc/$p/stat" 2>/dev/null)
            if [ "$ppid" = "$dockerd_pid" ]; then
                echo "$p"
                own_containerd=yes
            fi
            ;;
        containerd-shim*)
            args=$(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline")
            args=${args#* -id }
            [[ "$ids" == *" ${args%% *} "* ]] && echo "$p"
            ;;
        esac
    done
    # A dockerd that uses the system's containerd has no child of that name.
    [ "$own_containerd" = yes ] || pgrep -x containerd
}

# ticks PID...: "PID UTIME+STIME" for each process still alive.
ticks() {
    local p line
    for p in "$@"; do
        read -r line 2>/dev/null <"/proc/$p/stat" || continue
        line=${line##*) }
        set -- $line
        echo "$p $((${12} + ${13}))"
    done
}

# cpu_pct BEFORE AFTER NS: % of one core used by the processes present in
# both samples over NS nanoseconds.
cpu_pct() {
    awk -v ns="$3" -v hz="$hz" 'NR == FNR { t[$1] = $2; next }
        ($1 in t) { d += $2 - t[$1] }
        END { printf "%.3f\n", d / hz * 1e9 / ns * 100 }' "$1" "$2"
}

# status_kib PID FIELD: a line of /proc/PID/status, in KiB.
status_kib() {
    awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null
}

# raw_list_ms: one GET /containers/json?all=1, in milliseconds.
raw_list_ms() {
    curl -s -o /dev/null -w '%{time_total}\n' --unix-socket "$sock" \
        "http://localhost/containers/json?all=1" | awk '{ printf "%.1f\n", $1 * 1000 }'
}

# on_screen: how many benchmark containers the screen names.
on_screen() {
    tmux_screen 2>/dev/null | grep -oE "${prefix}[0-9]+" | sort -u | wc -l
}

# row_changed TOOL NAME: true once the container's row shows the stop:
# berth keeps the row with the state "exited", docker stats drops it.
row_changed() {
    local row
    row=$(tmux_screen 2>/dev/null | grep -E "(^|[^[:alnum:]-])$2([^[:alnum:]-]|$)")
    if [ "$1" = berth ]; then
        [[ "$row" == *exited* ]]
    else
        [ -z "$row" ]
    fi
}

# baseline: the engine's CPU over one window with nothing watching.
baseline() {
    local pids t0 t1
    pids=$(engine_pids)
    ticks $pids >"$tmp/e0"
    t0=$(now_ns)
    sleep "$window"
    ticks $pids >"$tmp/e1"
    t1=$(now_ns)
    cpu_pct "$tmp/e0" "$tmp/e1" "$((t1 - t0))" >>"$tmp/base.fig"
}

# run_tool TOOL N ROUND: launch TOOL (berth or docker) in tmux, time the
# first full table, take the CPU and RSS window, then the stops. Appends a
# line "FIRST_MS CPU RSS_KIB HWM_KIB ENGINE_CPU" to TOOL.fig and one line
# per stop, "FROM_REQUEST_MS FROM_ANSWER_MS", to TOOL.stop.
run_tool() {
    local tool=$1 n=$2 round=$3 cmd pid t0 t1 first="n/a" deadline
    if [ "$tool" = berth ]; then
        cmd=("$berth")
    else
        read -r -a cmd <<<"$DOCKER stats"
    fi
    _tmux kill-server 2>/dev/null
    t0=$(now_ns)
    tmux_start "$cols" "$rows" "${cmd[@]}" || die "cannot start tmux"
    pid=$(_tmux display-message -t main -p '#{pane_pid}')
    deadline=$((SECONDS + 30 + n / 2))
    while :; do
        if [ "$(on_screen)" -ge "$n" ]; then
            t1=$(now_ns)
            first=$(((t1 - t0) / 1000000))
            break
        fi
        if [ $SECONDS -ge $deadline ] || tmux_dead; then
            echo "  warning: $tool did not show all $n containers (round $round); screen was:" >&2
            tmux_screen | head -n 15 | sed 's/^/  |/' >&2
            status=1
            break
        fi
        sleep 0.02
    done
    [ -d "/proc/$pid" ] || die "$tool exited (round $round)"

    # Let the start-up settle, then the steady-state window.
    sleep 2
    local pids
    pids=$(engine_pids)
    ticks "$pid" >"$tmp/p0"
    ticks $pids >"$tmp/e0"
    t0=$(now_ns)
    sleep "$window"
    ticks "$pid" >"$tmp/p1"
    ticks $pids >"$tmp/e1"
    t1=$(now_ns)
    echo "$first $(cpu_pct "$tmp/p0" "$tmp/p1" "$((t1 - t0))")" \
        "$(status_kib "$pid" VmRSS) $(status_kib "$pid" VmHWM)" \
        "$(cpu_pct "$tmp/e0" "$tmp/e1" "$((t1 - t0))")" >>"$tmp/$tool.fig"

    # Stops: a different container each time, timed from the request.
    local i name code t_req
    for i in $(seq 1 "$stops"); do
        name=$prefix$(((i - 1) % n + 1))
        if row_changed "$tool" "$name"; then
            echo "  warning: $name looks stopped in $tool before its stop (round $round)" >&2
            status=1
            continue
        fi
        t0=$(now_ns)
        code=$(curl -s -o /dev/null -w '%{http_code}' -X POST --unix-socket "$sock" \
            "http://localhost/containers/$name/stop?t=0")
        t_req=$(now_ns)
        [ "$code" = 204 ] || die "stopping $name answered HTTP $code"
        echo "$(((t_req - t0) / 1000000))" >>"$tmp/request.stop"
        deadline=$((SECONDS + 15))
        while ! row_changed "$tool" "$name"; do
            if [ $SECONDS -ge $deadline ]; then
                echo "  warning: $tool did not show the stop of $name (round $round)" >&2
                status=1
                break
            fi
            sleep 0.01
        done
        t1=$(now_ns)
        [ $SECONDS -lt $deadline ] &&
            echo "$(((t1 - t0) / 1000000)) $(((t1 - t_req) / 1000000))" >>"$tmp/$tool.stop"
    done
    _tmux kill-server 2>/dev/null
    # Everything runs again before the next measurement.
    seq 1 "$stops" | awk -v p="$prefix" -v n="$n" '{ print p (($1 - 1) % n + 1) }' |
        xargs -r $DOCKER start >/dev/null || die "cannot restart the stopped containers"
}

# median FILE COLUMN: the median of one column ("n/a" lines left out).
median() {
    awk -v c="$2" '$c != "n/a" { print $c }' "$1" 2>/dev/null | sort -g |
        awk '{ v[NR] = $1 }
            END {
                if (NR == 0) print "n/a"
                else if (NR % 2) print v[(NR + 1) / 2]
                else print (v[NR / 2] + v[NR / 2 + 1]) / 2
            }'
}

# row TITLE BERTH DOCKER [FORMAT]: one line of the table, with berth's
# figure divided by docker's.
row() {
    awk -v t="$1" -v b="$2" -v d="$3" -v f="${4:-%.1f}" '
        function show(x) { return x == "n/a" ? x : sprintf(f, x) }
        BEGIN {
            r = (b == "n/a" || d == "n/a" || d + 0 == 0) ? "n/a" : sprintf("%.2f", b / d)
            printf "  %-40s %10s %13s %13s\n", t, show(b), show(d), r
        }'
}

# target TEXT OK VALUE: a met / not met line.
target() {
    local verdict
    case "$2" in
    yes) verdict="met    " ;;
    no) verdict="NOT MET" ;;
    *) verdict="n/a    " ;;
    esac
    printf '  %s %-58s (%s)\n' "$verdict" "$1" "$3"
}

# holds EXPR: yes when the awk expression over numbers is true, no when
# false, n/a when a figure is missing.
holds() {
    case "$*" in
    *n/a*) echo n/a ;;
    *) awk "BEGIN { print ($*) ? \"yes\" : \"no\" }" ;;
    esac
}

# at_most BERTH DOCKER K: whether BERTH <= DOCKER / K. When docker stats'
# own figure is not above zero (the baseline's noise swallowed it), there
# is nothing to divide, so the answer is n/a.
at_most() {
    case "$2" in
    n/a) echo n/a ;;
    *) [ "$(holds "$2 > 0")" = yes ] && holds "$1 <= $2 / $3" || echo n/a ;;
    esac
}

engine=$($DOCKER version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null)
echo "berth dashboard benchmark"
echo "  engine:  $sock, Docker $engine, $(nproc) CPUs"
echo "  berth:   $berth ($("$berth" --version 2>&1 | head -n 1))"
echo "  docker:  $($DOCKER version --format '{{.Client.Version}}' 2>/dev/null) (CLI), docker stats"
echo "  figures: median of $rounds rounds, $window s windows, $stops stops per run"

remove_bench_containers
status=0
idle_cpu=n/a
for n in $sizes; do
    echo
    echo "starting containers: $n"
    grow_to "$n"
    sleep 3
    total=$($DOCKER ps -aq | wc -l)
    # Tall enough for every container of the engine (berth lists the
    # stopped ones too) plus berth's header and footer.
    cols=250
    rows=$((total + 30))
    [ "$rows" -ge 60 ] || rows=60
    rm -f "$tmp"/*.fig "$tmp"/*.stop
    for r in $(seq 1 "$rounds"); do
        echo "  round $r of $rounds"
        for i in 1 2 3 4 5 6 7; do
            raw_list_ms >>"$tmp/raw.fig"
        done
        baseline
        if [ $((r % 2)) -eq 1 ]; then
            run_tool berth "$n" "$r"
            run_tool docker "$n" "$r"
        else
            run_tool docker "$n" "$r"
            run_tool berth "$n" "$r"
        fi
    done

    base=$(median "$tmp/base.fig" 1)
    raw=$(median "$tmp/raw.fig" 1)
    declare -A fig=()
    for tool in berth docker; do
        fig[$tool.first]=$(median "$tmp/$tool.fig" 1)
        fig[$tool.cpu]=$(median "$tmp/$tool.fig" 2)
        fig[$tool.rss]=$(median "$tmp/$tool.fig" 3 | awk '$1 != "n/a" { $1 /= 1024 } 1')
        fig[$tool.hwm]=$(median "$tmp/$tool.fig" 4 | awk '$1 != "n/a" { $1 /= 1024 } 1')
        # The engine's extra CPU: each run's window minus the baseline.
        awk -v b="$base" '{ print $5 - b }' "$tmp/$tool.fig" >"$tmp/extra" 2>/dev/null
        fig[$tool.engine]=$(median "$tmp/extra" 1)
        fig[$tool.stop]=$(median "$tmp/$tool.stop" 1)
        fig[$tool.after]=$(median "$tmp/$tool.stop" 2)
    done
    [ "$n" -eq 10 ] && idle_cpu=${fig[berth.cpu]}

    printf '\n%d benchmark containers (%d on the engine in all), tmux %dx%d\n' \
        "$n" "$total" "$cols" "$rows"
    printf '  %-40s %10s %13s %13s\n' \
        "median over $rounds rounds" berth "docker stats" "berth/docker"
    row "own CPU, % of one core" "${fig[berth.cpu]}" "${fig[docker.cpu]}" %.2f
    row "RSS at the end of the window, MiB" "${fig[berth.rss]}" "${fig[docker.rss]}"
    row "peak RSS, MiB" "${fig[berth.hwm]}" "${fig[docker.hwm]}"
    row "engine's extra CPU, % of one core" "${fig[berth.engine]}" "${fig[docker.engine]}" %.2f
    row "launch to first full table, ms" "${fig[berth.first]}" "${fig[docker.first]}" %.0f
    row "stop to row change on screen, ms" "${fig[berth.stop]}" "${fig[docker.stop]}" %.0f
    row "  of which after the stop returned, ms" "${fig[berth.after]}" "${fig[docker.after]}" %.0f
    printf '  %-40s %10.1f\n' "raw GET /containers/json?all=1, ms" "$raw"
    printf '  %-40s %10s\n' "the stop request alone, ms" "$(median "$tmp/request.stop" 1)"
    printf '  %-40s %10.2f\n' "engine idle baseline, % of one core" "$base"
    echo "  targets (set for 150 containers):"
    target "berth's CPU at most 1/4 of docker stats'" \
        "$(at_most "${fig[berth.cpu]}" "${fig[docker.cpu]}" 4)" \
        "${fig[berth.cpu]} vs ${fig[docker.cpu]}"
    target "engine's extra CPU at most 1/10 of docker stats'" \
        "$(at_most "${fig[berth.engine]}" "${fig[docker.engine]}" 10)" \
        "${fig[berth.engine]} vs ${fig[docker.engine]}"
    target "peak RSS at most 10 MiB" "$(holds "${fig[berth.hwm]} <= 10")" "${fig[berth.hwm]} MiB"
    target "first full table within 1.5 raw lists" \
        "$(holds "${fig[berth.first]} <= 1.5 * $raw")" "${fig[berth.first]} ms vs 1.5 x $raw ms"
    target "stop to screen under 200 ms" "$(holds "${fig[berth.stop]} < 200")" \
        "${fig[berth.stop]} ms"
done

echo
if [ "$idle_cpu" = n/a ]; then
    echo "idle target not measured (it needs size 10 among --sizes)"
else
    target "idle (10 containers, nothing changing) under 0.3 % CPU" \
        "$(holds "$idle_cpu < 0.3")" "$idle_cpu %"
fi
exit "$status"
