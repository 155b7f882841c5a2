#!/usr/bin/env bash
# berth --batch against the docker CLI on the same containers: the same set,
# names, states, status (modulo the time words), ports, compose projects,
# memory and CPU figures, plus the table layout, -n/-d repetition and the
# unreachable-engine message.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

# Everything is named, labelled and port-numbered per run, so two runs at
# once (two build folders testing the same engine) cannot touch each other.
P=${BERTH_TEST_PREFIX}batch-$$-
LABEL=berth.test=batch-$$
IMG=$BERTH_TEST_IMAGE
# Host ports: a block of 100 picked from the PID, below the ephemeral range
# (32768 and up) that the kernel hands out to outgoing connections.
PB=$((10000 + ($$ % 200) * 100))
tmp=$(mktemp -d)
# A network of our own: the test does not depend on the default bridge
# (docker0, which another engine started with --bridge none removes).
NET=${P}net

# Containers first, then the network; the engine may need a moment to
# release the endpoints of containers it has just removed.
cleanup() {
    cleanup_prefix "$P"
    local i
    for i in 1 2 3 4 5; do
        $DOCKER network inspect "$NET" >/dev/null 2>&1 || break
        $DOCKER network rm "$NET" >/dev/null 2>&1 && break
        sleep 1
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

command -v jq >/dev/null || fail "jq is needed to read the JSON output (Debian: jq)"
[ -x "$BERTH_BIN" ] || fail "no berth binary at $BERTH_BIN"

$DOCKER network create --label "$LABEL" "$NET" >/dev/null || fail "could not create network $NET"

# run NAME ARGS...: start a labelled container (image and command last).
run() {
    local name=$1
    shift
    $DOCKER run -d --name "$P$name" --label "$LABEL" --network "$NET" "$@" >/dev/null ||
        fail "could not start $P$name"
}

# compose PROJECT SERVICE NUMBER: set $labels to what docker compose sets.
compose() {
    labels=(--label "com.docker.compose.project=$1" --label "com.docker.compose.service=$2"
        --label "com.docker.compose.container-number=$3" --label "com.docker.compose.oneoff=False")
}

sleeper=(sh -c 'while :; do sleep 3600; done')
# Holds ~20 MB in a shell variable for as long as it runs.
# shellcheck disable=SC2016 # expanded by the container's shell
holder=(sh -c 'x=$(head -c 20000000 /dev/zero | tr "\0" a)
    while :; do sleep 3600; done; echo ${#x}')

# Two compose-style projects.
compose "${P}shop" web 1
run shop-web-1 "${labels[@]}" -p $((PB + 1)):80 "$IMG" "${sleeper[@]}"
compose "${P}shop" web 2
run shop-web-2 "${labels[@]}" -p $((PB + 2)):80/udp "$IMG" "${sleeper[@]}"
compose "${P}shop" db 1
run shop-db-1 "${labels[@]}" --memory 64m "$IMG" "${holder[@]}"
compose "${P}blog" api 1
run blog-api-1 "${labels[@]}" -p 127.0.0.1:$((PB + 3)):8080 "$IMG" "${sleeper[@]}"
compose "${P}blog" api 2
run blog-api-2 "${labels[@]}" -p $((PB + 10))-$((PB + 12)):$((PB + 10))-$((PB + 12)) \
    --expose 9000 "$IMG" "${sleeper[@]}"
# Two busy loops with a heavy CPU weight, so the figure stays high even
# when other containers and builds on the machine compete for the CPUs.
compose "${P}blog" worker 1
run blog-worker-1 "${labels[@]}" --cpu-shares 8192 "$IMG" \
    sh -c 'while :; do :; done & while :; do :; done'
# Loose containers: udp and loopback ranges, a healthcheck, plain sleepers.
run ports -p $((PB + 20)):53/udp \
    -p 127.0.0.1:$((PB + 21))-$((PB + 22)):$((PB + 21))-$((PB + 22))/udp -p $((PB + 23)):7000 \
    "$IMG" "${sleeper[@]}"
run health --health-cmd 'exit 0' --health-interval 1s "$IMG" "${sleeper[@]}"
for i in 1 2 3 4 5 6 7 8 9 10; do
    run "sleep-$i" "$IMG" sleep 3600
done
# Stopped ones: two clean exits, a crash, one never started.
run done-1 "$IMG" sh -c 'exit 0'
run done-2 "$IMG" sh -c 'exit 0'
run crash "$IMG" sh -c 'exit 3'
$DOCKER create --name "${P}created" --label "$LABEL" --network "$NET" "$IMG" sleep 1 >/dev/null ||
    fail "could not create ${P}created"
$DOCKER wait "${P}done-1" "${P}done-2" "${P}crash" >/dev/null

# Wait for the holder's memory and the healthcheck to settle.
for _ in $(seq 1 40); do
    mem=$($DOCKER stats --no-stream --format '{{.MemUsage}}' "${P}shop-db-1")
    health=$($DOCKER inspect -f '{{.State.Health.Status}}' "${P}health")
    [[ "$mem" == 19.* || "$mem" == 2[0-9].* ]] && [ "$health" = healthy ] && break
    sleep 0.5
done
[ "$health" = healthy ] || fail "${P}health never became healthy ($health)"

expected=$($DOCKER ps -a --filter "label=$LABEL" --format '{{.Names}}' | sort)
n_expected=$(wc -l <<<"$expected")
[ "$n_expected" -ge 22 ] || fail "only $n_expected test containers exist"
running=$($DOCKER ps --filter "label=$LABEL" --format '{{.Names}}' | sort)

# Both views at the same time: the stats reads take a second or two each.
"$BERTH_BIN" --batch -a --format json >"$tmp/berth.json" 2>"$tmp/berth.err" &
berth_pid=$!
# shellcheck disable=SC2086
$DOCKER stats --no-stream --format '{{json .}}' $running >"$tmp/stats.jsonl" &
stats_pid=$!
wait $berth_pid || fail "berth --batch --format json failed: $(cat "$tmp/berth.err")"
wait $stats_pid || fail "docker stats failed"
$DOCKER ps -a --filter "label=$LABEL" --format '{{json .}}' >"$tmp/ps.jsonl"
[ -s "$tmp/berth.err" ] && fail "berth wrote to stderr: $(cat "$tmp/berth.err")"

jq -e 'type == "array"' "$tmp/berth.json" >/dev/null || fail "berth JSON is not an array"
jq -c --arg p "$P" '.[] | select(.name | startswith($p))' "$tmp/berth.json" >"$tmp/mine.jsonl"

# --- the same set of containers --------------------------------------------
got=$(jq -r '.name' "$tmp/mine.jsonl" | sort)
[ "$got" = "$expected" ] || fail "container sets differ:
$(diff <(echo "$expected") <(echo "$got"))"
echo "same $n_expected containers in berth and docker ps"

# "Up 3 seconds (healthy)" -> "Up (healthy)", "Exited (3) 2 seconds ago" ->
# "Exited (3)": the state word and the parenthesised parts, not the times.
status_key() {
    local s=$1
    printf '%s' "${s%% *}"
    grep -o '([^)]*)' <<<"$s" | tr '\n' ' ' | sed 's/^/ /; s/ $//'
}

# "19.66MiB" / "1.06kB" -> bytes (docker's binary and decimal units).
to_bytes() {
    awk -v s="$1" 'BEGIN {
        n = s + 0; u = s; sub(/^[0-9.e+]+/, "", u)
        m["B"] = 1; m["KiB"] = 1024; m["MiB"] = 1024^2; m["GiB"] = 1024^3; m["TiB"] = 1024^4
        m["kB"] = 1000; m["MB"] = 1000^2; m["GB"] = 1000^3; m["TB"] = 1000^4
        if (!(u in m)) { print "bad unit in " s > "/dev/stderr"; exit 1 }
        printf "%.0f\n", n * m[u] }'
}

checked_mem=0
while read -r name; do
    b=$(jq -c --arg n "$name" 'select(.name == $n)' "$tmp/mine.jsonl")
    d=$(jq -c --arg n "$name" 'select(.Names == $n)' "$tmp/ps.jsonl")
    [ -n "$d" ] || fail "$name missing from docker ps"

    # --- state, status, ports, project ---------------------------------------
    b_state=$(jq -r .state <<<"$b")
    d_state=$(jq -r .State <<<"$d")
    [ "$b_state" = "$d_state" ] || fail "$name: state '$b_state', docker ps says '$d_state'"
    b_status=$(status_key "$(jq -r .status <<<"$b")")
    d_status=$(status_key "$(jq -r .Status <<<"$d")")
    [ "$b_status" = "$d_status" ] || fail "$name: status '$b_status', docker ps says '$d_status'"
    b_ports=$(jq -r .ports <<<"$b")
    d_ports=$(jq -r .Ports <<<"$d")
    [ "$b_ports" = "$d_ports" ] || fail "$name: ports '$b_ports', docker ps says '$d_ports'"
    b_project=$(jq -r '.project // ""' <<<"$b")
    d_project=$(jq -r '.Labels | split(",") | map(select(startswith("com.docker.compose.project=")))
                       | (.[0] // "") | sub("^com.docker.compose.project="; "")' <<<"$d")
    [ "$b_project" = "$d_project" ] ||
        fail "$name: project '$b_project', docker ps says '$d_project'"
    b_id=$(jq -r .short_id <<<"$b")
    [ "$b_id" = "$(jq -r .ID <<<"$d")" ] || fail "$name: id $b_id differs from docker ps"

    if [ "$d_state" != running ]; then
        # Stopped: no figure at all, never a zero made up.
        jq -e '.cpu_percent == null and .mem_usage == null and .pids == null and
               .net_rx == null' <<<"$b" >/dev/null || fail "$name is $d_state but has figures: $b"
        continue
    fi

    # --- figures against docker stats ----------------------------------------
    s=$(jq -c --arg n "$name" 'select(.Name == $n)' "$tmp/stats.jsonl")
    [ -n "$s" ] || fail "$name missing from docker stats"
    jq -e '.cpu_percent != null and .mem_usage != null and .mem_limit != null' <<<"$b" \
        >/dev/null || fail "$name is running but berth has no CPU or memory figure: $b"
    b_mem=$(jq -r .mem_usage <<<"$b")
    d_mem_text=$(jq -r '.MemUsage | split(" / ")[0]' <<<"$s")
    d_mem=$(to_bytes "$d_mem_text") || fail "cannot read docker's memory '$d_mem_text'"
    # The two reads are a second or so apart, and docker prints 4 significant
    # digits: allow 1 % of the larger value, but at least 512 KiB, since a
    # sub-megabyte container moves by a few pages between reads (the
    # healthcheck's exec alone adds and drops a process).
    slack=$(awk -v a="$b_mem" -v b="$d_mem" 'BEGIN { m = (a > b ? a : b) * 0.01;
        printf "%.0f", (m > 524288 ? m : 524288) }')
    diff=$(awk -v a="$b_mem" -v b="$d_mem" 'BEGIN { d = a - b; printf "%.0f", d < 0 ? -d : d }')
    [ "$diff" -le "$slack" ] ||
        fail "$name: memory $b_mem bytes, docker stats says $d_mem_text ($d_mem):" \
            "off by $diff > $slack"
    b_limit=$(jq -r .mem_limit <<<"$b")
    d_limit=$(to_bytes "$(jq -r '.MemUsage | split(" / ")[1]' <<<"$s")")
    awk -v a="$b_limit" -v b="$d_limit" \
        'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= a * 0.001) }' ||
        fail "$name: memory limit $b_limit, docker stats says $d_limit"
    b_pids=$(jq -r .pids <<<"$b")
    d_pids=$(jq -r .PIDs <<<"$s")
    [ "$b_pids" = "$d_pids" ] || fail "$name: pids $b_pids, docker stats $d_pids"
    checked_mem=$((checked_mem + 1))

    b_cpu=$(jq -r .cpu_percent <<<"$b")
    d_cpu=$(jq -r '.CPUPerc | rtrimstr("%")' <<<"$s")
    case "$name" in
    "${P}blog-worker-1")
        busy_ok=no
        for attempt in $(seq 1 10); do
            echo "$name: CPU berth $b_cpu %, docker stats $d_cpu %"
            # Busy in both: well above the idle containers' bound (5 %). How
            # much of a core the loop gets depends on what else the machine
            # runs, so the bar is 10 %, not a full core.
            if awk -v a="$b_cpu" -v b="$d_cpu" 'BEGIN { exit !(a > 10 && b > 10) }'; then
                busy_ok=yes
                break
            fi
            # Other work on a small machine can starve the loops for a
            # while: read both again, side by side, up to ten times.
            [ "$attempt" -lt 10 ] || break
            sleep 1
            "$BERTH_BIN" --batch --format json >"$tmp/again.json" &
            again_pid=$!
            d_cpu=$($DOCKER stats --no-stream --format '{{.CPUPerc}}' "$name" | tr -d '%')
            wait $again_pid || fail "berth --batch failed while re-reading CPU"
            b_cpu=$(jq -r --arg n "$name" '.[] | select(.name == $n) | .cpu_percent' \
                "$tmp/again.json")
        done
        [ $busy_ok = yes ] || fail "$name burns CPU: berth says $b_cpu %, docker stats $d_cpu %"
        ;;
    "${P}sleep-"* | "${P}shop-web-"* | "${P}blog-api-"*)
        awk -v a="$b_cpu" -v b="$d_cpu" 'BEGIN { exit !(a < 5 && b < 5) }' ||
            fail "$name is idle: berth says $b_cpu %, docker stats $d_cpu %"
        ;;
    esac
done <<<"$expected"
[ "$checked_mem" -ge 17 ] || fail "only $checked_mem running containers compared"
echo "states, status, ports, projects and figures agree for $n_expected containers"

# The memory-limited holder: limit 64 MiB, about 20 MB in use.
jq -e -s --arg n "${P}shop-db-1" 'map(select(.name == $n)) | length == 1 and
      (.[0] | .mem_limit == 67108864 and .mem_usage > 19000000 and .mem_percent > 25)' \
    "$tmp/mine.jsonl" >/dev/null ||
    fail "${P}shop-db-1 memory figures wrong: $(grep shop-db-1 "$tmp/mine.jsonl")"

# --- table ---------------------------------------------------------------
"$BERTH_BIN" --batch -a >"$tmp/table.txt" 2>"$tmp/table.err" ||
    fail "berth --batch -a failed: $(cat "$tmp/table.err")"
echo "--- berth --batch -a"
cat "$tmp/table.txt"
echo "---"
header='^NAME +ID +IMAGE +STATE +STATUS +CPU % +MEM USAGE / LIMIT +MEM % +NET I/O +BLOCK I/O'
header+=' +PIDS +PROJECT +PORTS$'
head -n 1 "$tmp/table.txt" | grep -Eq "$header" ||
    fail "bad table header: $(head -n 1 "$tmp/table.txt")"
[ "$(grep -c '^NAME ' "$tmp/table.txt")" -eq 1 ] || fail "the table has more than one header"
while read -r name; do
    rows=$(grep -c "^$name " "$tmp/table.txt")
    [ "$rows" -eq 1 ] || fail "$name has $rows rows in the table"
    id=$(jq -r --arg n "$name" 'select(.Names == $n) | .ID' "$tmp/ps.jsonl")
    grep "^$name " "$tmp/table.txt" | grep -q " $id " || fail "$name's row lacks its id $id"
done <<<"$expected"
grep "^${P}crash " "$tmp/table.txt" | grep -q 'Exited (3)' || fail "crash row lacks 'Exited (3)'"

# --- -n 2 -d 1: two tables a second apart ----------------------------------
start=$(date +%s.%N)
"$BERTH_BIN" --batch -n 2 -d 1 >"$tmp/two.txt" 2>"$tmp/two.err" ||
    fail "berth -n 2 -d 1 failed: $(cat "$tmp/two.err")"
end=$(date +%s.%N)
[ "$(grep -c '^NAME ' "$tmp/two.txt")" -eq 2 ] || fail "-n 2 did not print two tables"
[ "$(grep -c '^$' "$tmp/two.txt")" -eq 1 ] || fail "-n 2: expected one blank line between tables"
while read -r name; do
    [ "$(grep -c "^$name " "$tmp/two.txt")" -eq 2 ] || fail "$name is not in both tables"
done <<<"$running"
awk -v a="$start" -v b="$end" 'BEGIN { exit !(b - a >= 1) }' || fail "-n 2 -d 1 took less than 1 s"
"$BERTH_BIN" --batch -n 2 -d 1 --format json >"$tmp/two.json" ||
    fail "berth -n 2 --format json failed"
[ "$(wc -l <"$tmp/two.json")" -eq 2 ] || fail "-n 2 --format json did not print two lines"
while read -r line; do
    # The second iteration's CPU % comes from the first one's sample: it
    # must be a number there too, never null.
    jq -e --arg n "${P}blog-worker-1" \
        'type == "array" and any(.[]; .name == $n and .cpu_percent != null and .cpu_percent > 0)' \
        <<<"$line" >/dev/null || fail "a JSON iteration lacks the busy container's CPU: $line"
done <"$tmp/two.json"
echo "-n 2 -d 1 printed two tables and two JSON arrays"

# --- unreachable engine: one line naming the socket, status 1 --------------
"$BERTH_BIN" --batch -H unix:///nonexistent.sock >"$tmp/un.out" 2>"$tmp/un.err"
rc=$?
[ $rc -eq 1 ] || fail "unreachable engine: exit status $rc, expected 1"
[ "$(wc -l <"$tmp/un.err")" -eq 1 ] || fail "unreachable engine: expected one line on stderr, got:
$(cat "$tmp/un.err")"
grep -q '/nonexistent.sock' "$tmp/un.err" ||
    fail "the message does not name the socket: $(cat "$tmp/un.err")"
[ -s "$tmp/un.out" ] && fail "unreachable engine: something was printed on stdout"
echo "unreachable: $(cat "$tmp/un.err")"

# Bad usage is status 2, also with one line.
"$BERTH_BIN" --batch --delay nope >/dev/null 2>"$tmp/usage.err"
rc=$?
[ $rc -eq 2 ] || fail "bad --delay: exit status $rc, expected 2"
[ "$(wc -l <"$tmp/usage.err")" -eq 1 ] || fail "bad --delay: expected one line on stderr"
echo "ok"
