#!/usr/bin/env bash
# Log pane benchmark: what following a busy container costs berth, next to
# `docker logs -f` following the same container in the same run, and
# whether the dashboard still answers keys under a flood. Run by hand
# (never by make check).
#
#   bench/logs.sh [--berth PATH] [--seconds N] [--rate N]
#
# Part 1: a container writes --rate lines a second (default 2000, in bursts
# of a tenth of that every 0.1 s); berth (in tmux, 200x50, the log pane
# open and following) and `docker logs -f >/dev/null` follow it for
# --seconds (default 20) after a 3 s warm-up. Printed: each one's CPU (% of
# one core, from /proc utime+stime), their ratio, and berth's resident set
# every 2 s (it should stay flat once the scrollback is full).
# Part 2: a container writes as fast as it can (`yes`, typically well over
# 100 000 lines a second; the measured rate is printed); berth follows it,
# and the time from sending a key (t, timestamps on/off) to the screen
# showing the change is measured 20 times. Printed: the rate, the key
# response times (median and worst) and berth's resident set.
# Containers are named berth-bench-logs-* and removed at the end, with a
# bounded json-file log (so the flood cannot fill the disk).
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
berth=""
seconds=20
rate=2000
while [ $# -gt 0 ]; do
    case "$1" in
    --berth) berth=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    -h | --help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/logs.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ -n "$berth" ] || berth=$(command -v berth || echo "$top/berth")
[ -x "$berth" ] || { echo "bench/logs.sh: no berth binary (use --berth PATH)" >&2; exit 2; }
DOCKER=${DOCKER:-docker}
image=${BERTH_TEST_IMAGE:-berth-test/busybox:latest}
prefix="berth-bench-logs-"
sock="berth-bench-logs-$$"
home=$(mktemp -d)
dlpid=""

cleanup() {
    [ -n "$dlpid" ] && kill "$dlpid" 2>/dev/null
    tmux -L "$sock" kill-server 2>/dev/null
    $DOCKER ps -aq --filter "name=^$prefix" | xargs -r "$DOCKER" rm -f >/dev/null 2>&1
    rm -rf "$home"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ticks=$(getconf CLK_TCK)
# utime+stime of a process, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
now_ms() { date +%s%3N; }
screen() { tmux -L "$sock" capture-pane -t main -p; }

run_container() {
    $DOCKER run -d --name "$prefix$1" --log-driver json-file --log-opt max-size=20m \
        --log-opt max-file=2 "$image" sh -c "$2" >/dev/null || exit 1
}

start_berth() {
    tmux -L "$sock" kill-server 2>/dev/null
    tmux -L "$sock" -f /dev/null new-session -d -x 200 -y 50 -s main \
        env -i PATH="$PATH" TERM=xterm-256color LANG=C.UTF-8 HOME="$home" "$berth" || exit 1
    for _ in $(seq 1 100); do screen | grep -q '^NAME' && break; sleep 0.1; done
    tmux -L "$sock" send-keys -t main /
    tmux -L "$sock" send-keys -t main -l "$prefix$1"
    tmux -L "$sock" send-keys -t main Enter
    for _ in $(seq 1 100); do screen | grep -q "^$prefix$1 " && break; sleep 0.1; done
    tmux -L "$sock" send-keys -t main l
    for _ in $(seq 1 100); do screen | grep -q '^ Logs: ' && break; sleep 0.1; done
    screen | grep -q '^ Logs: ' || { echo "the log pane did not open" >&2; exit 1; }
    bpid=$(pgrep -P "$(tmux -L "$sock" display-message -t main -p '#{pane_pid}')" | head -n 1)
    [ -n "$bpid" ] || bpid=$(tmux -L "$sock" display-message -t main -p '#{pane_pid}')
}

$DOCKER info >/dev/null 2>&1 || { echo "bench/logs.sh: the engine does not answer" >&2; exit 1; }
echo "berth: $berth"

# --- part 1 ----------------------------------------------------------------
# Bursts every 0.25 s; each loop also spends about 40 ms starting its
# processes, which the burst size makes up for (the rate is measured).
burst=$((rate * 29 / 100))
run_container slow "while :; do yes 'bench log line: the quick brown fox jumps over the lazy dog 0123456789' | head -n $burst; sleep 0.25; done"
start_berth slow
$DOCKER logs -f --tail 1000 "${prefix}slow" >/dev/null 2>&1 &
dlpid=$!
sleep 3
lines0=$($DOCKER logs "${prefix}slow" 2>/dev/null | wc -l)
b0=$(cpu_ticks "$bpid"); d0=$(cpu_ticks "$dlpid"); t0=$(now_ms)
rss_series=""
for ((i = 0; i < seconds; i += 2)); do
    sleep 2
    rss_series="$rss_series $(($(rss_kib "$bpid") / 1024))"
done
b1=$(cpu_ticks "$bpid"); d1=$(cpu_ticks "$dlpid"); t1=$(now_ms)
lines1=$($DOCKER logs "${prefix}slow" 2>/dev/null | wc -l)
kill "$dlpid" 2>/dev/null; dlpid=""
awk -v b=$((b1 - b0)) -v d=$((d1 - d0)) -v ms=$((t1 - t0)) -v hz="$ticks" \
    -v l=$((lines1 - lines0)) -v rss="$rss_series" 'BEGIN {
    s = ms / 1000; bc = 100 * b / hz / s; dc = 100 * d / hz / s
    printf "part 1: %.0f lines/s for %.1f s\n", l / s, s
    printf "  berth CPU          %6.2f %% of a core\n", bc
    printf "  docker logs -f CPU %6.2f %% of a core\n", dc
    if (dc > 0) printf "  ratio berth/docker %6.2f (target <= 5)\n", bc / dc
    else printf "  ratio berth/docker n/a (docker logs used no measurable CPU)\n"
    printf "  berth RSS MiB every 2 s:%s\n", rss
}'
tmux -L "$sock" kill-server 2>/dev/null
$DOCKER rm -f "${prefix}slow" >/dev/null

# --- part 2 ----------------------------------------------------------------
# Send t 20 times (timestamps on, off...) and time each until the last log
# row shows the change; WORD is how the lines start. Prints the times.
key_times() {
    local word=$1 want start i times=""
    for i in $(seq 1 20); do
        if [ $((i % 2)) = 1 ]; then want="^20[0-9-]+T[0-9:.]+Z $word"; else want="^$word"; fi
        start=$(now_ms)
        tmux -L "$sock" send-keys -t main t
        while ! screen | tail -n 3 | head -n 1 | grep -Eq "$want"; do
            [ $(($(now_ms) - start)) -gt 5000 ] && break
            sleep 0.005
        done
        times="$times $(($(now_ms) - start))"
    done
    echo "$times"
}

summary() {
    tr ' ' '\n' | grep . | sort -n | awk -v label="$1" '{ t[NR] = $1; all = all " " $1 } END {
        printf "  %s: median %d, worst %d ms (%s )\n", label, t[int((NR + 1) / 2)], t[NR], all }'
}

# The floor: the same measurement on a quiet container (tmux and the
# polling cost this much by themselves).
run_container quiet "for i in \$(seq 1 60); do echo quiet line \$i; done; exec sleep 1000"
start_berth quiet
sleep 1
quiet_times=$(key_times quiet)
tmux -L "$sock" kill-server 2>/dev/null
$DOCKER rm -f "${prefix}quiet" >/dev/null

run_container flood "yes 'flood line: the quick brown fox jumps over the lazy dog 0123456789'"
start_berth flood
sleep 3
rss_a=$(($(rss_kib "$bpid") / 1024))
# The rate a follower sees: lines docker logs -f gets in 2 s.
flood_lines=$(timeout 2 "$DOCKER" logs -f --tail 0 "${prefix}flood" 2>/dev/null | wc -l)
fb0=$(cpu_ticks "$bpid"); ft0=$(now_ms)
flood_times=$(key_times flood)
fb1=$(cpu_ticks "$bpid"); ft1=$(now_ms)
rss_b=$(($(rss_kib "$bpid") / 1024))
echo "part 2: $((flood_lines / 2)) lines/s under the flood (as docker logs -f receives them)"
echo "  key response (send t, poll the screen every 5 ms until the last row changes):"
echo "$quiet_times" | summary "quiet container"
echo "$flood_times" | summary "under the flood"
awk -v fb=$((fb1 - fb0)) -v fms=$((ft1 - ft0)) -v hz="$ticks" -v ra="$rss_a" -v rb="$rss_b" 'BEGIN {
    printf "  berth CPU under the flood %.1f %% of a core\n", 100 * fb / hz / (fms / 1000)
    printf "  berth RSS MiB: %d after 3 s, %d at the end\n", ra, rb
}'
