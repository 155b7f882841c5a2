# Shared helpers for the benchmarks (bench/batch.sh, bench/images.sh,
# bench/networks.sh).
# Source it; do not run it. BENCH_TMP must name a scratch folder.
#
#   bench_measure OUT CMD...   run CMD with its output in OUT; print
#                              "WALL_MS RSS_KIB" or fail when CMD fails
#   bench_median FILE COLUMN   the median of one column of numbers
#   bench_ratio A B            A / B with two decimals ("-" when B is 0)
#   bench_rss_by               how the peak RSS is taken, for the header

bench_rss_by() {
    if [ -x /usr/bin/time ]; then
        echo "/usr/bin/time"
    else
        echo "polling /proc (install the Debian package time for exact figures)"
    fi
}

# The peak RSS comes from /usr/bin/time's %M when it is there; otherwise
# VmHWM is polled, which a very short run can finish before it is read.
bench_measure() {
    local out=$1
    shift
    local t0 t1 rss=0 rc
    if [ -x /usr/bin/time ]; then
        t0=$(date +%s%N)
        /usr/bin/time -f '%M' -o "$BENCH_TMP/rss" "$@" >"$out" 2>"$BENCH_TMP/err"
        rc=$?
        t1=$(date +%s%N)
        rss=$(tail -n 1 "$BENCH_TMP/rss")
    else
        local pid hwm
        t0=$(date +%s%N)
        "$@" >"$out" 2>"$BENCH_TMP/err" &
        pid=$!
        while kill -0 "$pid" 2>/dev/null; do
            hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
            [ -n "$hwm" ] && [ "$hwm" -gt "$rss" ] && rss=$hwm
            sleep 0.002
        done
        wait "$pid"
        rc=$?
        t1=$(date +%s%N)
    fi
    if [ "$rc" -ne 0 ]; then
        echo "'$*' failed with status $rc:" >&2
        head -n 5 "$out" "$BENCH_TMP/err" >&2
        return 1
    fi
    echo "$(((t1 - t0) / 1000000)) $rss"
}

bench_median() {
    awk -v c="$2" '{ print $c }' "$1" | sort -n |
        awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

bench_ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }'
}
